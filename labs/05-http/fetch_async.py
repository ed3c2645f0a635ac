"""N GETs at once over one aiohttp session, gathered: together they take about as long
as one.

The Python original of demo_fetch_async.
Run it: python3 fetch_async.py [N [D_SECONDS [URL]]]
Without a URL it starts a local server (delay_server.py) and fetches /delay/<D> from
it.
Needs aiohttp (Debian: python3-aiohttp).
"""
import asyncio
import sys
import time

import aiohttp

import delay_server


# [fetch]
async def fetch(session, url):
    async with session.get(url) as response:
        return response.status, await response.read()
# [/fetch]


# [main]
async def main(url, n, limit=100):
    start = time.monotonic()
    # At most `limit` connections at once.
    connector = aiohttp.TCPConnector(limit=limit)
    timeout = aiohttp.ClientTimeout(total=10)      # per request
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        results = await asyncio.gather(*(fetch(session, url) for _ in range(n)))
    print(f"First result: {results[0]}")
    print(f"Fetched {url} {n} times at once in {time.monotonic() - start:.2f} s")
# [/main]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    d = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
    if len(sys.argv) > 3:
        asyncio.run(main(sys.argv[3], n))
    else:
        server = delay_server.start()
        url = f"http://127.0.0.1:{server.server_port}/delay/{round(d * 1000)}"
        asyncio.run(main(url, n))
        server.shutdown()
