#!/usr/bin/env bash
# concurrency_timeline: two CPU-bound tasks run one after another, interleaved on one core, and
# in parallel on two, timed on this machine (see concurrency_timeline.py).
set -euo pipefail
/usr/bin/python3 chapters/figures/concurrency_timeline.py 25
