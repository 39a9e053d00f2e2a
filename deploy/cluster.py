"""A school's cnnviz on one machine: Redis, training workers, Streamlit replicas and nginx, on loopback.

    python deploy/cluster.py [--port 8500] [--replicas 2] [--workers 2] [--runs-dir DIR]

Trainings go through Redis (CNNVIZ_QUEUE) to the workers (`deploy/worker.py`); every replica and
worker shares one runs folder; nginx (`deploy/nginx.conf`) spreads browsers over the replicas and
keeps each on its own. Prints `READY {json}` (the URL, ports and process ids) once every part
answers, and stops everything on Ctrl-C or SIGTERM. Logs go to the run folder it prints.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def free_port() -> int:
    """A TCP port nobody listens on, on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, timeout: float) -> None:
    """Call `check()` until it returns True; RuntimeError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not start within {timeout:.0f} s")


def http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status == 200


def redis_ok(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")


def nginx_conf(prefix: Path, listen: str, replicas: list[int]) -> str:
    """deploy/nginx.conf with this cluster's ports and folders."""
    servers = "\n".join(f"        server 127.0.0.1:{port};" for port in replicas)
    user = "user root;" if os.geteuid() == 0 else ""  # its workers must write the temp folders below
    return (DEPLOY / "nginx.conf").read_text().format(prefix=prefix, listen=listen, servers=servers, user=user)


class Cluster:
    """The child processes, started in order and stopped in reverse."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.children: list[tuple[str, subprocess.Popen]] = []

    def spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115  (the child's stdout: open while it runs)
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.children.append((name, process))
        return process

    def stop(self) -> None:
        """SIGTERM to every child (newest first), then SIGKILL to any still there after 10 s."""
        for _, process in reversed(self.children):
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for _, process in reversed(self.children):
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


def main() -> None:
    """Start the cluster, print READY, and wait for Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8500, help="nginx's port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs-dir", default=None, help="the shared runs folder (default: ./runs)")
    args = parser.parse_args()
    for tool in ("redis-server", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is missing: `make serve-cluster` installs it with apt (as root).")
    folder = Path(tempfile.mkdtemp(prefix="cnnviz-cluster-"))
    runs_dir = Path(args.runs_dir or ROOT / "runs").resolve()
    runs_dir.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(folder)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # → finally: stop every child
    try:
        redis_port = free_port()
        cluster.spawn("redis", [shutil.which("redis-server") or "/usr/bin/redis-server", str(DEPLOY / "redis.conf"),
                                "--port", str(redis_port), "--dir", str(folder)])
        wait_for(lambda: redis_ok(redis_port), "redis-server", 20)
        url = f"redis://127.0.0.1:{redis_port}/0"
        env = {"CNNVIZ_QUEUE": url, "CNNVIZ_RUNS_DIR": str(runs_dir), "TF_CPP_MIN_LOG_LEVEL": "2",
               # one secret for every replica: a browser's XSRF cookie (which names its runs) holds on all
               "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET")
               or secrets.token_hex(32)}
        workers = [cluster.spawn(f"worker{i + 1}", [sys.executable, str(DEPLOY / "worker.py"), "--url", url,
                                                    "--name", f"worker{i + 1}-{os.getpid()}"], env)
                   for i in range(args.workers)]
        replicas = [free_port() for _ in range(args.replicas)]
        for i, port in enumerate(replicas):
            cluster.spawn(f"replica{i + 1}", [sys.executable, "-m", "scripts.serve", "--server.port", str(port),
                                              "--server.address", "127.0.0.1", "--server.headless", "true"], env)
        for port in replicas:
            wait_for(lambda: http_ok(f"http://127.0.0.1:{port}/_stcore/health"),  # noqa: B023  (called at once, inside the loop)
                     f"replica :{port}", 180)
        port = args.port or free_port()
        (folder / "nginx.conf").write_text(nginx_conf(folder, f"127.0.0.1:{port}", replicas))
        cluster.spawn("nginx", [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(folder / "nginx.conf"),
                                "-p", str(folder), "-e", str(folder / "error.log")])
        wait_for(lambda: http_ok(f"http://127.0.0.1:{port}/_stcore/health"), "nginx", 20)
        ready = {"url": f"http://127.0.0.1:{port}", "replicas": replicas, "redis": url,
                 "workers": [w.pid for w in workers], "runs_dir": str(runs_dir), "logs": str(folder)}
        print("READY " + json.dumps(ready), flush=True)
        print(f"cnnviz for a school: {ready['url']} ({args.replicas} replicas, {args.workers} workers; "
              f"logs in {folder}). Ctrl-C stops it.", flush=True)
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
