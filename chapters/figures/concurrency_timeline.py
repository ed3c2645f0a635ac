"""Two CPU-bound tasks, A and B, each made of four slices of work, run three ways:

  sequential   one core: all of A, then all of B
  interleaved  one core: a slice of A, a slice of B, and so on (concurrent, not parallel)
  parallel     two processes, which the kernel can put on two cores at once

Prints one line per slice: lane, task (1 = A, 2 = B), start and end in ms since that run began.
Standard library only; run it with /usr/bin/python3 chapters/figures/concurrency_timeline.py [SLICE_MS].
"""
import multiprocessing
import sys
import time

SLICES = 4


def calibrate(slice_ms):
    """How many loop iterations make about slice_ms of work on this machine."""
    n = 10000
    while True:
        start = time.monotonic()
        spin(n)
        took = time.monotonic() - start
        if took > 0.01:
            return max(1, int(n * slice_ms / 1000 / took))
        n *= 4


def spin(iterations):
    total = 0
    for i in range(iterations):
        total += i
    return total


# [interleave]
def interleaved(work, t0):
    """One core, two tasks: take turns, one slice each."""
    slices = []
    for _ in range(SLICES):
        for task in (1, 2):
            start = time.monotonic()
            spin(work)
            slices.append((task, start - t0, time.monotonic() - t0))
    return slices
# [/interleave]


def sequential(work, t0):
    slices = []
    for task in (1, 2):
        for _ in range(SLICES):
            start = time.monotonic()
            spin(work)
            slices.append((task, start - t0, time.monotonic() - t0))
    return slices


def worker(task, work, t0, queue):
    slices = []
    for _ in range(SLICES):
        start = time.monotonic()
        spin(work)
        slices.append((task, start - t0, time.monotonic() - t0))
    queue.put(slices)


def parallel(work, t0):
    queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=worker, args=(task, work, t0, queue)) for task in (1, 2)]
    for p in procs:
        p.start()
    slices = queue.get() + queue.get()
    for p in procs:
        p.join()
    return slices


def main():
    slice_ms = float(sys.argv[1]) if len(sys.argv) > 1 else 25
    work = calibrate(slice_ms)
    spin(work)  # one slice to warm up, so that the first lane drawn is not also the slowest
    print(f"# {SLICES} slices of about {slice_ms:g} ms per task ({work} loop iterations each)")
    print("# lane task start_ms end_ms")
    # Lanes from the top: 4 = sequential, 3 = interleaved, 2 and 1 = parallel (one per task).
    for lane, run in ((4, sequential), (3, interleaved)):
        for task, start, end in run(work, time.monotonic()):
            print(f"{lane} {task} {start * 1000:.2f} {end * 1000:.2f}")
    for task, start, end in parallel(work, time.monotonic()):
        print(f"{3 - task} {task} {start * 1000:.2f} {end * 1000:.2f}")


if __name__ == "__main__":
    main()
