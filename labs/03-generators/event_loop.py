"""Sleeps written as generators, driven by an event loop: N sleeps of D take about D.

The Python original of demo_event_loop. Run it: python3 event_loop.py [N [D_SECONDS]]
The first loop asks every sleep "done yet?" again and again and burns a core doing it;
the second lets each sleep say when it will be done, and sleeps until the earliest of
those times.
"""
import sys
import time


# [sleep_gen]
def sleep_gen(duration, id):
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        yield  # not yet: let the others run
    return id
# [/sleep_gen]


# [event_loop]
def event_loop(gens):
    # Each slot: what its generator last yielded, then what it returned.
    results = [None] * len(gens)
    pending = list(range(len(gens)))
    while pending:
        still_pending = []
        for i in pending:
            try:
                results[i] = gens[i].send(results[i])
                still_pending.append(i)
            except StopIteration as stop:
                results[i] = stop.value
        pending = still_pending
    return results
# [/event_loop]


# [deadline_sleep_gen]
def deadline_sleep_gen(duration, id):
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        yield deadline  # not yet, and this is when to come back
    return id
# [/deadline_sleep_gen]


# [event_loop_sleeping]
def event_loop_sleeping(gens):
    results = [None] * len(gens)
    pending = list(range(len(gens)))
    while pending:
        still_pending = []
        now = time.monotonic()
        for i in pending:
            due = results[i]
            if isinstance(due, float) and due > now:
                still_pending.append(i)  # not due yet: leave it alone
                continue
            try:
                results[i] = gens[i].send(results[i])
                still_pending.append(i)
            except StopIteration as stop:
                results[i] = stop.value
        pending = still_pending
        deadlines = [results[i] if isinstance(results[i], float) else now
                     for i in pending]
        if deadlines:
            time.sleep(max(0.0, min(deadlines) - time.monotonic()))
    return results
# [/event_loop_sleeping]


def run(title, loop, make_sleep, n, d):
    start, cpu_start = time.monotonic(), time.process_time()
    results = loop([make_sleep(d, i) for i in range(n)])
    wall, cpu = time.monotonic() - start, time.process_time() - cpu_start
    print(f"{title}: results {results}")
    print(f"{title}: total time {wall:.2f} s, CPU {100 * cpu / wall:.0f}% of it")


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    d = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
    run("event_loop", event_loop, sleep_gen, n, d)
    run("event_loop_sleeping", event_loop_sleeping, deadline_sleep_gen, n, d)


if __name__ == "__main__":
    main()
