"""Servers nobody on this project wrote, for tools/check/realservers.sh.

    servers.py http10 DIR        Python's http.server, HTTP/1.0 (one request per connection)
    servers.py http11 DIR        the same, HTTP/1.1 (keep-alive)
    servers.py hints DIR         HTTP/1.1, and a 103 Early Hints before each final response
    servers.py aiohttp DIR SECS  aiohttp with keep-alive and a keep-alive timeout of SECS;
                                 /chunked/NAME sends the file in chunks (no Content-Length)

Each serves DIR/files/NAME as /files/NAME on 127.0.0.1, on a port the system picks,
prints the port on a line of its own once it listens, and serves until killed.
"""
import functools
import http.server
import os
import sys


class Http11Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass


class Http10Handler(Http11Handler):
    protocol_version = "HTTP/1.0"


class HintsHandler(Http11Handler):
    def send_head(self):
        # An interim response the client did not ask for (RFC 9110 section 15.2); a client
        # must skip it and read the final one.
        self.send_response_only(103, "Early Hints")
        self.send_header("Link", "</files/small>; rel=preload")
        self.end_headers()
        self.wfile.flush()
        return super().send_head()


def serve_stdlib(handler, root):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=root))
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


def serve_aiohttp(root, keepalive_s):
    import asyncio
    import socket
    from aiohttp import web

    async def chunked(request):
        name = os.path.basename(request.match_info["name"])
        with open(os.path.join(root, "files", name), "rb") as f:
            data = f.read()
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        for start in range(0, len(data), 3000):
            await response.write(data[start:start + 3000])
        await response.write_eof()
        return response

    app = web.Application()
    app.router.add_static("/files/", os.path.join(root, "files"))
    app.router.add_get("/chunked/{name}", chunked)

    async def main():
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        runner = web.AppRunner(app, keepalive_timeout=keepalive_s, access_log=None)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        print(sock.getsockname()[1], flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


def main():
    mode, root = sys.argv[1], os.path.abspath(sys.argv[2])
    if mode == "aiohttp":
        serve_aiohttp(root, float(sys.argv[3]))
    else:
        handler = {"http10": Http10Handler, "http11": Http11Handler, "hints": HintsHandler}[mode]
        serve_stdlib(handler, root)


if __name__ == "__main__":
    main()
