"""Ten tasks that each block for a moment, run one after another.

The Python original of lab 01. Run it: python3 sequential.py [N [D_SECONDS]]
"""
import sys
import time


def task(seconds):
    time.sleep(seconds)  # blocks the whole program: nothing else runs meanwhile


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    d = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
    start = time.monotonic()
    for i in range(n):
        task(d)
        print(f"Finish {i} time: {time.monotonic() - start:.2f}")
    print(f"Total time: {time.monotonic() - start:.2f}")


if __name__ == "__main__":
    main()
