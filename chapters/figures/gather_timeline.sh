#!/usr/bin/env bash
# gather_timeline: runs demo_gather with tracing on (5 sleeps of 200 ms gathered by a main task)
# and turns the Chrome trace it writes into a gnuplot table: one lane per task.
#   block 0: "lane start_ms end_ms" - the task is suspended at an await, waiting
#   block 1: "lane time_ms"         - the task runs a step of its coroutine (microseconds long)
#   block 2: "lane time_ms"         - the task is woken (its timer fired, or what it awaited is done)
set -euo pipefail

out=build/figures/04-gather
make -s --no-print-directory lab-build BUILD_LAB=04-gather LAB_SRC=solutions LAB_OUT="$out" >&2
"$out/demo_gather" --trace "$out/gather_trace.json" 5 200 >&2

/usr/bin/python3 - "$out/gather_trace.json" <<'PY'
import json
import sys

events = json.load(open(sys.argv[1]))["traceEvents"]
lanes = {}  # tid -> lane number, in the order the tasks were created (task 1 on top)
for e in events:
    if e["ph"] == "M":
        lanes[e["tid"]] = len(lanes) + 1
top = len(lanes)
waits, runs, wakes = [], [], []
waiting_since = {}
for e in sorted((e for e in events if e["ph"] != "M"), key=lambda e: e["ts"]):
    lane = top + 1 - lanes[e["tid"]]
    ms = e["ts"] / 1000
    if e["name"] == "run":
        runs.append((lane, ms))
    elif e["name"] in ("await", "yield"):
        waiting_since[e["tid"]] = ms
    elif e["name"] == "wake":
        wakes.append((lane, ms))
        if e["tid"] in waiting_since:
            waits.append((lane, waiting_since.pop(e["tid"]), ms))
print(f"# {len(lanes)} tasks: task 1 (top) to task {top - 1} sleep 200 ms; task {top} is main, awaiting the gather")
for block in (waits, runs, wakes):
    for row in block:
        print(" ".join(f"{x:.3f}" if isinstance(x, float) else str(x) for x in row))
    print("\n")
PY
