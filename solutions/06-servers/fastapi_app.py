"""The tutorial's async app: FastAPI on uvicorn, one coroutine per route.

The Python original of app.c's app_handle_async, served by uvicorn's event loop
(server_loop_run).
Run it: python3 fastapi_app.py [D_SECONDS [serve PORT]]
Without `serve` it starts uvicorn on a free port, asks it for / and /work once, and says
how long /work took (ten sleeps gathered: about d).
Needs FastAPI and uvicorn (Debian: python3-fastapi, uvicorn).
"""
import asyncio
import socket
import sys
import threading
import time
import urllib.request

import uvicorn
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

D = float(sys.argv[1]) if len(sys.argv) > 1 else 0.1

# [app]
app = FastAPI()


@app.get("/", response_class=PlainTextResponse)
async def hello():
    return "Hello, world!\n"


@app.get("/sleep", response_class=PlainTextResponse)
async def sleep():
    await asyncio.sleep(D)      # the loop serves others meanwhile
    return "slept\n"


@app.get("/work", response_class=PlainTextResponse)
async def work():
    await asyncio.gather(*(asyncio.sleep(D) for _ in range(10)))   # ten waits at once
    return "worked\n"
# [/app]


def main():
    if len(sys.argv) > 3 and sys.argv[2] == "serve":
        uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[3]), log_level="warning")
        return
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    base = f"http://127.0.0.1:{port}"
    print(urllib.request.urlopen(base + "/").read().decode(), end="")
    start = time.monotonic()
    body = urllib.request.urlopen(base + "/work").read().decode().strip()
    print(f"/work: {body} in {time.monotonic() - start:.2f} s (d = {D} s)")
    server.should_exit = True


if __name__ == "__main__":
    main()
