"""Tasks that know their own deadline, and a loop that keeps asking them "done yet?".

The Python original of lab 02: no threads, no coroutines, just objects with a run()
method that never blocks, polled by a loop. Run it: python3 tasks.py [N [D_SECONDS]]
"""
import sys
import time

START = time.monotonic()


# [Task]
class Task:
    def __init__(self, task_id, seconds, value):
        self.id = task_id
        self.deadline = time.monotonic() + seconds
        self.value = value
        self.ready = False
        self.result = None

    def run(self):
        """Never blocks: one look at the clock, then an answer."""
        if not self.ready and time.monotonic() >= self.deadline:
            self.ready = True
            self.result = self.value
        return self.ready
# [/Task]


# [wait]
def wait(tasks):
    """Polls every pending task until none is left; results in submission order."""
    pending = list(tasks)
    while pending:
        still_pending = []
        for task in pending:
            if task.run():
                print(f"Finish {task.id} time: {time.monotonic() - START:.2f}")
            else:
                still_pending.append(task)
        pending = still_pending  # and round again at once: this loop never rests
    return [task.result for task in tasks]
# [/wait]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    d = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
    tasks = [Task(i, d, i * i) for i in range(n)]
    results = wait(tasks)
    print(f"Results: {results[:10]}{' ...' if n > 10 else ''}")
    print(f"Total time: {time.monotonic() - START:.2f}")


if __name__ == "__main__":
    main()
