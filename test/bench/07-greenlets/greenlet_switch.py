"""The cost of one greenlet switch in CPython: prints py_greenlet_switch_ns <median>.

The twin of bench_greenlet_switch.c: main switches into a greenlet that switches straight
back; a round trip is two switches. Needs Debian's python3-greenlet
(tools/install-deps.sh bench or book). Run it: /usr/bin/python3 greenlet_switch.py
Time is the thread's CPU time, as in the C twin (a shared machine's load stays out of it).
"""
import statistics
import sys
import time

try:
    from greenlet import getcurrent, greenlet
except ImportError:
    print("greenlet_switch.py: python3-greenlet is not installed "
          "(tools/install-deps.sh bench, or book: chapter 7 measures it too)",
          file=sys.stderr)
    sys.exit(1)

ROUND_TRIPS = 500_000
RUNS = 7


def main():
    main_g = getcurrent()

    def bounce(value):
        while True:
            value = main_g.switch(value)

    g = greenlet(bounce)
    switch = g.switch
    per_switch = []
    for _ in range(RUNS):
        start = time.thread_time_ns()
        for i in range(ROUND_TRIPS):
            switch(i)
        per_switch.append((time.thread_time_ns() - start) / (2 * ROUND_TRIPS))
    per_switch.sort()
    print(f"greenlet_switch.py: {RUNS} runs of {ROUND_TRIPS} round trips, fastest "
          f"{per_switch[0]:.1f} ns, slowest {per_switch[-1]:.1f} ns", file=sys.stderr)
    print(f"py_greenlet_switch_ns {statistics.median(per_switch):.1f}")


if __name__ == "__main__":
    main()
