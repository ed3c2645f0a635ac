"""Lab 08's Python twins: threads and processes on CPU-bound work, and asyncio.to_thread's
round trip. Prints "figure value" lines, each the median of several runs."""
import asyncio
import multiprocessing
import statistics
import threading
import time

RUNS, PRIMES_UP_TO, ROUND_TRIPS = 5, 100000, 2000


def count_primes(chunk):
    count = 0
    for x in chunk:
        if x >= 2 and all(x % p for p in range(2, int(x ** 0.5) + 1)):
            count += 1
    return count


def interleaved(data, n_jobs, block=64):
    blocks = [data[i:i + block] for i in range(0, len(data), block)]
    return [[x for b in blocks[j::n_jobs] for x in b] for j in range(n_jobs)]


def with_threads(chunks):
    threads = [threading.Thread(target=count_primes, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def with_processes(pool, chunks):
    pool.map(count_primes, chunks)


def timed(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


async def roundtrips():
    start = time.perf_counter()
    for i in range(ROUND_TRIPS):
        assert await asyncio.to_thread(int, i) == i
    return (time.perf_counter() - start) / ROUND_TRIPS * 1e6


def main():
    data = list(range(1, PRIMES_UP_TO + 1))
    one, two = interleaved(data, 1), interleaved(data, 2)
    threads, processes, trips = [], [], []
    with multiprocessing.Pool(2) as pool:
        for _ in range(RUNS):
            threads.append(timed(with_threads, one) / timed(with_threads, two))
            processes.append(timed(with_processes, pool, one) /
                             timed(with_processes, pool, two))
            trips.append(asyncio.run(roundtrips()))
    print(f"py_cpu_threads_speedup_2 {statistics.median(threads):.3f}")
    print(f"py_cpu_processes_speedup_2 {statistics.median(processes):.3f}")
    print(f"py_executor_roundtrip_us {statistics.median(trips):.2f}")


if __name__ == "__main__":
    main()
