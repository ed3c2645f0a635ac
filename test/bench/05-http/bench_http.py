"""aiohttp's side of bench_http.c. Prints (median of several runs):

  py_http_1000_total_ms       1000 concurrent GETs of /delay/200 over one aiohttp session, gathered
  py_http_1000_client_cpu_ms  this process's CPU time for that run

Against the same local test server as the C bench, spinning as it does: it builds the
server's runner (test/http_test_server/, `--spin 100 --serve`) into $BUILD/bench/05-http/
with cc, and runs it.
Without aiohttp (Debian: python3-aiohttp) it prints nothing and says so on stderr.
Run it from the project root: /usr/bin/python3 test/bench/05-http/bench_http.py
"""
import asyncio
import glob
import os
import resource
import statistics
import subprocess
import sys
import time

N = 1000
DELAY_MS = 200
RUNS = 5
SPIN_US = 100  # as in bench_http.c, which says why


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def fetch(session, url):
    async with session.get(url) as response:
        return response.status, await response.read()


async def run(aiohttp, url, n):
    connector = aiohttp.TCPConnector(limit=0)  # no limit, like the C bench's session
    async with aiohttp.ClientSession(connector=connector) as session:
        start, cpu_start = time.monotonic(), cpu_seconds()
        results = await asyncio.gather(*(fetch(session, url) for _ in range(n)))
        wall, cpu = time.monotonic() - start, cpu_seconds() - cpu_start
    assert all(status == 200 for status, _ in results)
    return wall, cpu


def build_server():
    out = os.path.join(os.environ.get("BUILD", "build"), "bench", "05-http", "http_test_server")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    sources = glob.glob("test/http_test_server/*.c") + glob.glob("test/lib/http_test_server*.c")
    subprocess.run([os.environ.get("CC", "cc"), "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-O2", "-Itest/lib",
                    "-o", out, *sources], check=True)
    return out


def main():
    try:
        import aiohttp
    except ImportError:
        print("bench_http.py: aiohttp is not installed (python3-aiohttp): skipping", file=sys.stderr)
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    server_path = build_server()
    runs = []
    for _ in range(RUNS):
        # A server of its own for each run, as in bench_http.c (the TIME_WAIT sockets of one run
        # would slow the next run's connects to the same port).
        server = subprocess.Popen([server_path, "--spin", str(SPIN_US), "--serve"], stdout=subprocess.PIPE, text=True)
        try:
            port = int(server.stdout.readline())
            runs.append(asyncio.run(run(aiohttp, f"http://127.0.0.1:{port}/delay/{DELAY_MS}", N)))
        finally:
            server.terminate()
            server.wait()
    print(f"py_http_1000_total_ms {statistics.median(w for w, _ in runs) * 1000:.1f}")
    print(f"py_http_1000_client_cpu_ms {statistics.median(c for _, c in runs) * 1000:.1f}")


if __name__ == "__main__":
    main()
