"""A tiny local HTTP server for the fetch examples, so that they run without a network.

GET /delay/<ms> is answered after <ms> milliseconds with {"delay_ms": <ms>}; anything
else at once with {}. A thread per connection (the standard library's
ThreadingHTTPServer).
Run on its own, it serves one request to itself and prints it: python3 delay_server.py
"""
import json
import re
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class DelayHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as aiohttp expects of a server

    def do_GET(self):
        match = re.fullmatch(r"/delay/(\d+)", self.path)
        body = b"{}\n"
        if match:
            ms = int(match.group(1))
            time.sleep(ms / 1000)
            text = json.dumps({"delay_ms": ms}, separators=(",", ":")) + "\n"
            body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: the examples print what matters
        pass


def start():
    """Starts the server on 127.0.0.1 and a free port, in a thread; returns it.

    Its port is .server_port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), DelayHandler)
    server.daemon_threads = True
    server.request_queue_size = 1024
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    server = start()
    url = f"http://127.0.0.1:{server.server_port}/delay/10"
    with urllib.request.urlopen(url) as response:
        print(url, response.status, response.read().decode(), end="")
    server.shutdown()
