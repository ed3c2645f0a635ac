"""Hello world under wrk: requests per second of lab 06's event-loop server beside nginx.

Each server in turn gets one CPU (taskset -c 0) and wrk the other (taskset -c 1), 100
connections for a few seconds, five rounds, the servers interleaved in each round so that a
slow minute of the machine hits them all alike. Prints the medians:

  server_hello_rps      the event-loop server (bench_server serve, built by bench.sh) on /
  nginx_hello_rps       nginx, one worker, serving a static file, with its own configuration
                        and prefix (a temporary directory under the build folder)
  py_uvicorn_hello_rps  FastAPI on uvicorn (solutions/06-servers/fastapi_app.py)
  py_flask_hello_rps    Flask's threaded development server (flask_app.py --threaded)

Needs wrk and nginx (tools/install-deps.sh bench); a server that is missing is skipped.
"""
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
from bench_server import free_port  # noqa: E402 (bench_server.py runs only as a script)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
APPS = os.path.join(ROOT, "solutions", "06-servers")
BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"), "bench")
ROUNDS = 5
SECONDS = 2
CONNECTIONS = 100
BODY = "Hello, world!\n"

NGINX_CONF = """worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path {prefix}/tmp;
    proxy_temp_path {prefix}/tmp;
    fastcgi_temp_path {prefix}/tmp;
    uwsgi_temp_path {prefix}/tmp;
    scgi_temp_path {prefix}/tmp;
    default_type text/plain;
    server {{
        listen 127.0.0.1:{port};
        root {prefix}/www;
        index hello.txt;
    }}
}}
"""


def note(text):
    print(f"bench_hello.py: {text}", file=sys.stderr)


def pinned(cpu, argv):
    """argv on one CPU, when the machine has two."""
    return ["taskset", "-c", str(cpu)] + argv if len(os.sched_getaffinity(0)) > 1 else argv


def wait_listening(proc, port):
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            return True
        except OSError:
            if proc.poll() is not None:
                return False
            time.sleep(0.1)
    return False


def start_ours():
    program = os.path.join(BUILD, "06-servers", "bench_server")
    if not os.access(program, os.X_OK):
        note(f"{program} is missing (bench.sh builds it): skipping our server")
        return None
    proc = subprocess.Popen(pinned(0, [program, "serve"]), stdout=subprocess.PIPE,
                            start_new_session=True)
    line = proc.stdout.readline()
    if not line.strip().isdigit():
        note("bench_server serve did not print its port")
        stop(proc)
        return None
    return proc, int(line)


def start_nginx(prefix):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.access(nginx, os.X_OK):
        note("nginx is missing (tools/install-deps.sh bench): skipping it")
        return None
    port = free_port()
    os.makedirs(os.path.join(prefix, "www"))
    os.makedirs(os.path.join(prefix, "tmp"))
    with open(os.path.join(prefix, "www", "hello.txt"), "w") as f:
        f.write(BODY)
    # nginx's worker may run as another user (nobody) when we are root: let it read the file.
    for path in (prefix, os.path.join(prefix, "www")):
        os.chmod(path, 0o755)
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(prefix=prefix, port=port))
    proc = subprocess.Popen(pinned(0, [nginx, "-p", prefix, "-c", conf,
                                        "-e", os.path.join(prefix, "error.log")]),
                            stderr=subprocess.DEVNULL, start_new_session=True)
    return proc, port


def start_python(script, extra):
    port = free_port()
    proc = subprocess.Popen(pinned(0, [sys.executable, os.path.join(APPS, script), "0.1",
                                        "serve", str(port)] + extra),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    return proc, port


def stop(proc):
    """Stops a server and everything it started (nginx's worker too): each runs in a
    session of its own, so its process group is all of it."""
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue
    proc.wait()


def wrk(name, port):
    """One wrk run against port: requests per second, or None when some answer was not
    a 2xx (a server that answers errors fast must not count as fast)."""
    out = subprocess.run(pinned(1, ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s",
                                    f"http://127.0.0.1:{port}/"]),
                         capture_output=True, text=True, timeout=SECONDS + 30).stdout
    rps = re.search(r"^Requests/sec:\s+([0-9.]+)", out, re.M)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if bad or errors:
        note(f"{name}: {bad.group(0) if bad else ''} {errors.group(0) if errors else ''}")
    return float(rps.group(1)) if rps and not bad else None


def main():
    if shutil.which("wrk") is None:
        note("wrk is missing (tools/install-deps.sh bench): no hello-world figures")
        return 0
    os.makedirs(BUILD, exist_ok=True)
    prefix = tempfile.mkdtemp(prefix="nginx-", dir=BUILD)
    servers = {}
    try:
        for name, start in (("server_hello_rps", start_ours),
                            ("nginx_hello_rps", lambda: start_nginx(prefix)),
                            ("py_uvicorn_hello_rps", lambda: start_python("fastapi_app.py", [])),
                            ("py_flask_hello_rps",
                             lambda: start_python("flask_app.py", ["--threaded"]))):
            started = start()
            if started is None:
                continue
            if wait_listening(*started):
                servers[name] = started
            else:
                note(f"{name}: the server did not start")
                stop(started[0])
                log = os.path.join(prefix, "error.log")
                if name == "nginx_hello_rps" and os.path.exists(log):
                    with open(log) as f:
                        note("nginx's error.log:\n" + f.read())
        rps = {name: [] for name in servers}
        for _ in range(ROUNDS):
            for name, (_, port) in servers.items():
                value = wrk(name, port)
                if value is not None:
                    rps[name].append(value)
        for name, values in rps.items():
            if len(values) == ROUNDS:
                print(f"{name} {statistics.median(values):.0f}")
                note(f"{name}: " + " ".join(f"{v:.0f}" for v in values))
            else:
                note(f"{name}: {ROUNDS - len(values)} of {ROUNDS} wrk runs failed")
    finally:
        for proc, _ in servers.values():
            stop(proc)
        shutil.rmtree(prefix, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
