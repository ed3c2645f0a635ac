"""The event loop by hand: three tasks created on a loop, then the loop runs until
wait() says all of them are done.

The Python original of demo_wait. Run it: python3 explicit_loop.py [D_SECONDS]
"""
import asyncio
import sys
import time


# [worker]
async def worker(name, d):
    print(f"{name}: started, sleeping {d:.2f} s")
    await asyncio.sleep(d)
    print(f"{name}: woke up")
    return name.upper()
# [/worker]


# [explicit_loop]
def main(d):
    loop = asyncio.new_event_loop()
    start = time.monotonic()
    tasks = [loop.create_task(worker(name, k * d))
             for name, k in (("a", 3), ("b", 1), ("c", 2))]
    print("three tasks created; none has started yet")
    done, pending = loop.run_until_complete(asyncio.wait(tasks))
    print(f"done: {len(done)}, pending: {len(pending)}")
    print(f"results: {[t.result() for t in tasks]}")
    print(f"Total time: {time.monotonic() - start:.2f} s")
    loop.close()
# [/explicit_loop]


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.1)
