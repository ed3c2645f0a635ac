"""A Python polling loop over 10^5 tasks of 200 ms, written fresh for the comparison.

Prints "py_tasks_busy_1e5_total_s VALUE": the median, over a few runs, of the wall time from
creating the first task to the loop's return. Progress goes to stderr.
"""
import statistics
import sys
import time

N = 100_000
DURATION_S = 0.2
RUNS = 3


class Task:
    def __init__(self, seconds, value):
        self.deadline = time.monotonic() + seconds
        self.value = value
        self.ready = False
        self.result = None

    def run(self):
        if not self.ready and time.monotonic() >= self.deadline:
            self.ready = True
            self.result = self.value
        return self.ready


def wait(tasks):
    pending = tasks
    while pending:
        pending = [task for task in pending if not task.run()]
    return [task.result for task in tasks]


def run_once():
    start = time.monotonic()
    cpu_start = time.process_time()
    tasks = [Task(DURATION_S, i) for i in range(N)]
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
