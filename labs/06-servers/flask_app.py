"""The tutorial's blocking app: Flask, one plain function per route.

The Python original of app.c's app_handle_blocking, served the two ways the tutorial
serves it: Flask's development server with threaded=False (server_blocking_run) and with
its default of a thread per request (server_threaded_run).
Run it: python3 flask_app.py [D_SECONDS [serve PORT [--threaded]]]
Without `serve` it starts the server on a free port, asks it for / and /work once, and
says how long /work took (ten sleeps in a row: about 10 d).
Needs Flask (Debian: python3-flask).
"""
import sys
import threading
import time
import urllib.request

from flask import Flask
from werkzeug.serving import make_server

D = float(sys.argv[1]) if len(sys.argv) > 1 else 0.1

# [app]
app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello, world!\n"


@app.route("/sleep")
def sleep():
    time.sleep(D)               # a blocking wait: this thread does nothing else
    return "slept\n"


@app.route("/work")
def work():
    for _ in range(10):         # ten waits, one after another
        time.sleep(D)
    return "worked\n"
# [/app]


def main():
    if len(sys.argv) > 3 and sys.argv[2] == "serve":
        app.run(host="127.0.0.1", port=int(sys.argv[3]),
                threaded="--threaded" in sys.argv)
        return
    server = make_server("127.0.0.1", 0, app, threaded=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    print(urllib.request.urlopen(base + "/").read().decode(), end="")
    start = time.monotonic()
    body = urllib.request.urlopen(base + "/work").read().decode().strip()
    print(f"/work: {body} in {time.monotonic() - start:.2f} s (d = {D} s)")
    server.shutdown()


if __name__ == "__main__":
    main()
