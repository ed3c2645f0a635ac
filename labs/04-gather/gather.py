"""N coroutines that each sleep D, gathered: together they take about D, not N * D.

The Python original of demo_gather. Run it: python3 gather.py [N [D_SECONDS]]
"""
import asyncio
import sys
import time


# [sleeper]
async def sleeper(i, d):
    await asyncio.sleep(d)
    return i
# [/sleeper]


# [main]
async def main(n, d):
    start = time.monotonic()
    results = await asyncio.gather(*(sleeper(i, d) for i in range(n)))
    print(f"Results: {results}")
    print(f"Total time: {time.monotonic() - start:.2f} s")
# [/main]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    d = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
    asyncio.run(main(n, d))
