"""asyncio's side of bench_gather.c. Prints (medians of several runs):

  py_gather_1e5_total_s            gather of 10^5 tasks that each sleep 200 ms
  py_gather_1e5_rss_bytes_per_task peak RSS growth / 10^5 for that gather
  py_gather_1e6_total_s            the same with 10^6 (about 36 s and 1.5 GB here), only when
                                   ASYNC_BENCH_PY_1E6=1; otherwise it says on stderr that it skipped it
  py_task_lifecycle_ns             create a task, run it to its end, drop it
  py_sleep0_ns                     one `await asyncio.sleep(0)` round trip

Run it: /usr/bin/python3 bench_gather.py   (each gather runs in a child process of its own)
"""
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import time

SLEEP_S = 0.2


async def sleeper(i):
    await asyncio.sleep(SLEEP_S)
    return i


async def gather(n):
    results = await asyncio.gather(*(sleeper(i) for i in range(n)))
    assert results[-1] == n - 1


def child(n):
    """One gather of n, in this process: prints "seconds bytes_per_task"."""
    with open("/proc/self/statm") as statm:
        rss_before = int(statm.read().split()[1]) * os.sysconf("SC_PAGESIZE")
    start = time.monotonic()
    asyncio.run(gather(n))
    seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"{seconds:.4f} {(peak - rss_before) / n:.1f}")


def gather_runs(n, runs):
    seconds, per_task = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, "--child", str(n)], check=True,
                             capture_output=True, text=True).stdout.split()
        seconds.append(float(out[0]))
        per_task.append(float(out[1]))
    return statistics.median(seconds), statistics.median(per_task)


async def nothing():
    return 1


async def lifecycles(n):
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    for _ in range(n):
        await loop.create_task(nothing())
    return (time.perf_counter() - start) / n * 1e9


async def spin(n):
    start = time.perf_counter()
    for _ in range(n):
        await asyncio.sleep(0)
    return (time.perf_counter() - start) / n * 1e9


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return
    seconds, per_task = gather_runs(100_000, 3)
    print(f"py_gather_1e5_total_s {seconds:.3f}")
    print(f"py_gather_1e5_rss_bytes_per_task {per_task:.1f}")
    if os.environ.get("ASYNC_BENCH_PY_1E6") == "1":
        seconds, _ = gather_runs(1_000_000, 1)
        print(f"py_gather_1e6_total_s {seconds:.3f}")
    else:
        print("bench_gather.py: skipped py_gather_1e6_total_s (about 36 s and 1.5 GB); "
              "set ASYNC_BENCH_PY_1E6=1 to run it", file=sys.stderr)
    print(f"py_task_lifecycle_ns {statistics.median(asyncio.run(lifecycles(100_000)) for _ in range(5)):.1f}")
    print(f"py_sleep0_ns {statistics.median(asyncio.run(spin(200_000)) for _ in range(5)):.1f}")


if __name__ == "__main__":
    main()
