"""The cost of one generator send/yield round trip in CPython: prints py_gen_send_ns <median>.

The twin of bench_gen_send.c. Run it: /usr/bin/python3 gen_send.py
"""
import statistics
import sys
import timeit

SENDS = 1_000_000
RUNS = 7


def echo():
    x = None
    while True:
        x = yield x


def main():
    g = echo()
    next(g)
    send = g.send  # look the method up once, as the C loop calls gen_send directly
    times = timeit.repeat("send(1)", globals={"send": send}, number=SENDS, repeat=RUNS)
    per_send_ns = sorted(t / SENDS * 1e9 for t in times)
    print(f"gen_send.py: {RUNS} runs of {SENDS} sends, fastest {per_send_ns[0]:.1f} ns, "
          f"slowest {per_send_ns[-1]:.1f} ns", file=sys.stderr)
    print(f"py_gen_send_ns {statistics.median(per_send_ns):.1f}")


if __name__ == "__main__":
    main()
