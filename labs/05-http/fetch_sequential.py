"""N blocking GETs, one after another: they take N times as long as one.

The Python original of demo_fetch_sequential.
Run it: python3 fetch_sequential.py [N [D_SECONDS [URL]]]
Without a URL it starts a local server (delay_server.py) and fetches /delay/<D> from
it.
"""
import sys
import time
import urllib.request

import delay_server


# [fetch]
def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()
# [/fetch]


# [main]
def main(url, n):
    start = time.monotonic()
    results = [fetch(url) for _ in range(n)]
    print(f"First result: {results[0]}")
    took = time.monotonic() - start
    print(f"Fetched {url} {n} times, one after another, in {took:.2f} s")
# [/main]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    d = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
    if len(sys.argv) > 3:
        main(sys.argv[3], n)
    else:
        server = delay_server.start()
        main(f"http://127.0.0.1:{server.server_port}/delay/{round(d * 1000)}", n)
        server.shutdown()
