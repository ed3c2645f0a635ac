"""The Python twins of bench_server.c: the same 1000 clients on /work (ten sleeps of
d = 100 ms) against the tutorial's two servers, uvicorn with FastAPI and Flask's threaded
development server (solutions/06-servers/fastapi_app.py and flask_app.py). Prints
py_server_1000x10_total_ms (uvicorn) and py_flask_server_1000x10_total_ms (Flask), medians.
Needs python3-fastapi, uvicorn and python3-flask; a server that is missing is skipped.
"""
import asyncio
import os
import resource
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
APPS = os.path.join(HERE, "..", "..", "..", "solutions", "06-servers")
N = 1000
D = "0.1"
REQUEST = b"GET /work HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n"


async def one(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(REQUEST)
    data = await reader.read()          # until the server closes
    writer.close()
    return data.startswith(b"HTTP/1.1 200") or data.startswith(b"HTTP/1.0 200")


async def burst(port, n, limit_s):
    start = time.monotonic()
    results = await asyncio.wait_for(
        asyncio.gather(*(one(port) for _ in range(n)), return_exceptions=True), limit_s)
    took = time.monotonic() - start
    failed = sum(1 for r in results if r is not True)
    return took, failed


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def measure(name, script, extra, runs, limit_s):
    port = free_port()
    proc = subprocess.Popen([sys.executable, script, D, "serve", str(port)] + extra,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):                 # wait until it listens
            try:
                socket.create_connection(("127.0.0.1", port), 0.1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    err = proc.stderr.read().decode().strip().splitlines()
                    print(f"bench_server.py: {name} skipped: {err[-1] if err else '?'}",
                          file=sys.stderr)
                    return
                time.sleep(0.1)
        times = []
        for _ in range(runs):
            try:
                took, failed = asyncio.run(burst(port, N, limit_s))
            except asyncio.TimeoutError:
                print(f"bench_server.py: {name}: {N} requests not done in {limit_s} s",
                      file=sys.stderr)
                return
            if failed:
                print(f"bench_server.py: {name}: {failed} of {N} requests failed",
                      file=sys.stderr)
            times.append(took * 1000)
        print(f"{name} {statistics.median(times):.0f}")
    finally:
        proc.terminate()
        proc.wait()


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    measure("py_server_1000x10_total_ms", os.path.join(APPS, "fastapi_app.py"), [], 3, 60)
    measure("py_flask_server_1000x10_total_ms",
            os.path.join(APPS, "flask_app.py"), ["--threaded"], 1, 120)


if __name__ == "__main__":
    main()
