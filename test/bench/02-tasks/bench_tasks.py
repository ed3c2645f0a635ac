"""A Python polling loop over 10^5 tasks of 200 ms, written fresh for the comparison.

Prints "py_tasks_busy_1e5_total_s VALUE": the median, over a few runs, of the wall time from
creating the first task to the loop's return. Progress goes to stderr.
"""
import os
import statistics
import sys
import time

# The Task of the Python original, the one the book shows; its wait() prints a line per task,
# which would measure the terminal, so the loop below is the same polling without the print.
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "solutions", "02-tasks"))
from tasks import Task  # noqa: E402

N = 100_000
DURATION_S = 0.2
RUNS = 3


def wait(tasks):
    pending = tasks
    while pending:
        pending = [task for task in pending if not task.run()]
    return [task.result for task in tasks]


def run_once():
    start = time.monotonic()
    cpu_start = time.process_time()
    tasks = [Task(i, DURATION_S, i) for i in range(N)]
    wait(tasks)
    total = time.monotonic() - start
    late = total - DURATION_S
    cpu = time.process_time() - cpu_start
    print(f"  python run: total {total:.3f} s ({late * 1000:.0f} ms after d), cpu/wall {cpu / total:.2f}",
          file=sys.stderr)
    return total


def main():
    totals = [run_once() for _ in range(RUNS)]
    print(f"py_tasks_busy_1e5_total_s {statistics.median(totals):.3f}")


if __name__ == "__main__":
    main()
