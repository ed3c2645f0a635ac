"""dispatch_jobs with multiprocessing, threading and asyncio: the same chunks, 3 ways.

Usage: dispatch_jobs.py [PRIMES_UP_TO [WAIT_S]]
"""
import asyncio
import multiprocessing
import sys
import threading
import time


# [jobs]
def is_prime(x):
    if x < 2:
        return False
    p = 2
    while p * p <= x:
        if x % p == 0:
            return False
        p += 1
    return True


def count_primes(chunk):           # CPU-bound: the result is checked below
    return sum(1 for x in chunk if is_prime(x))


def wait(chunk):                   # I/O-bound: a sleep stands for a slow server
    for seconds in chunk:
        time.sleep(seconds)
    return len(chunk)


async def wait_async(chunk):
    for seconds in chunk:
        await asyncio.sleep(seconds)
    return len(chunk)
# [/jobs]


# [split]
def split_data(data, n_jobs, interleaved=False, block=64):
    if interleaved:                # blocks j, j + n_jobs, ...: balanced work
        blocks = [data[i:i + block] for i in range(0, len(data), block)]
        return [[x for b in blocks[j::n_jobs] for x in b] for j in range(n_jobs)]
    size, extra = divmod(len(data), n_jobs)
    chunks, start = [], 0
    for j in range(n_jobs):        # the first `extra` chunks get one more
        end = start + size + (j < extra)
        chunks.append(data[start:end])
        start = end
    return chunks
# [/split]


# [dispatch]
def dispatch_jobs(job, data, n_jobs, how, interleaved=False):
    chunks = split_data(data, n_jobs, interleaved)
    if how == "processes":
        with multiprocessing.Pool(n_jobs) as pool:
            return pool.map(job, chunks)          # results in chunk order
    if how == "threads":
        results = [None] * n_jobs

        def run(j):
            results[j] = job(chunks[j])
        threads = [threading.Thread(target=run, args=(j,)) for j in range(n_jobs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results
    if how == "asyncio":
        async def main():
            return await asyncio.gather(*(job(c) for c in chunks))
        return asyncio.run(main())
    raise ValueError(how)
# [/dispatch]


def timed(job, data, n_jobs, how, interleaved=False):
    start = time.perf_counter()
    results = dispatch_jobs(job, data, n_jobs, how, interleaved)
    return results, time.perf_counter() - start


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    d = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
    numbers = list(range(1, n + 1))
    want = count_primes(numbers)
    for how in ("processes", "threads", "asyncio"):
        io_job = wait_async if how == "asyncio" else wait
        _, io_s = timed(io_job, [d] * 8, 8, how)
        if how == "asyncio":       # a coroutine that never awaits: it runs alone
            async def primes_async(chunk):
                return count_primes(chunk)
            cpu_job = primes_async
        else:
            cpu_job = count_primes
        results, one_s = timed(cpu_job, numbers, 1, how)
        results2, two_s = timed(cpu_job, numbers, 2, how, interleaved=True)
        assert sum(results) == want and sum(results2) == want, (results, results2, want)
        print(f"{how:10} 8 waits of {d} s: {io_s:6.3f} s   primes to {n}: "
              f"1 job {one_s:6.3f} s, 2 jobs {two_s:6.3f} s ({one_s / two_s:4.2f}x)")


if __name__ == "__main__":
    main()
