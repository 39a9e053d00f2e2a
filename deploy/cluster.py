"""A school's cnnviz on one machine: Redis, training workers, Streamlit replicas and nginx, on loopback.

    python deploy/cluster.py [--port 8500] [--replicas 2] [--workers 2] [--runs-dir DIR]

Trainings go through Redis (CNNVIZ_QUEUE) to the workers (`deploy/worker.py`); every replica and
worker shares one runs folder; nginx (`deploy/nginx.conf`) spreads browsers over the replicas and
keeps each on its own. Prints `READY {json}` (the URL, ports and process ids) once every part
answers, and stops everything on Ctrl-C or SIGTERM. Logs go to the run folder it prints.
Redis, a worker or a replica that exits (killed, crashed) is started again, after 1 s and up to 60 s
while it keeps dying young; each restart is printed (`RESTARTED {json}`). `--replicas 0` starts Redis
and the workers only.
"""

from __future__ import annotations

import argparse
import dataclasses
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


RESTART_FIRST = 1.0  # seconds before a supervised child that exited starts again
RESTART_MAX = 60.0  # the longest pause, reached by doubling while it keeps exiting young
RAN_LONG = 60.0  # seconds of running after which the pause starts again from RESTART_FIRST


@dataclasses.dataclass
class Supervised:
    """A child started again whenever it exits: its command, and when it last started or should start."""

    name: str
    command: list[str]
    env: dict[str, str] | None
    process: subprocess.Popen
    started: float
    pause: float = RESTART_FIRST / 2
    due: float | None = None  # when to start it again (it has exited)


class Cluster:
    """The child processes, started in order and stopped in reverse; supervised ones started again on exit."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.supervised: list[Supervised] = []
        self.stopping = False

    def spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "a")  # noqa: SIM115  (the child's stdout: open while it runs)
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.children.append((name, process))
        return process

    def supervise(self, name: str, command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        """`spawn`, and start it again whenever it exits (`tend`)."""
        process = self.spawn(name, command, env)
        self.supervised.append(Supervised(name, command, env, process, time.monotonic()))
        return process

    def tend(self) -> None:
        """Start again each supervised child that exited: after RESTART_FIRST s, doubling up to RESTART_MAX while
        it keeps exiting within RAN_LONG s of its start. Each exit and restart is printed."""
        now = time.monotonic()
        for child in self.supervised:
            code = child.process.poll()
            if self.stopping or code is None:
                continue
            if child.due is None:
                child.pause = RESTART_FIRST if now - child.started > RAN_LONG else min(child.pause * 2, RESTART_MAX)
                child.due = now + child.pause
                print(f"{child.name} (pid {child.process.pid}) exited with {code}; starting it again in "
                      f"{child.pause:.0f} s", flush=True)
            elif now >= child.due:
                old = child.process.pid
                child.process, child.started, child.due = self.spawn(child.name, child.command, child.env), now, None
                print("RESTARTED " + json.dumps({"name": child.name, "old": old, "pid": child.process.pid}),
                      flush=True)

    def stop(self) -> None:
        """SIGTERM to every child (newest first), then SIGKILL to any still there after 10 s."""
        self.stopping = True
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
    parser.add_argument("--replicas", type=int, default=2, help="0: Redis and the workers only (no web, no nginx)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs-dir", default=None, help="the shared runs folder (default: ./runs)")
    args = parser.parse_args()
    for tool in ("redis-server", "nginx") if args.replicas else ("redis-server",):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is missing: `make serve-cluster` installs it with apt (as root).")
    folder = Path(tempfile.mkdtemp(prefix="cnnviz-cluster-"))
    runs_dir = Path(args.runs_dir or ROOT / "runs").resolve()
    runs_dir.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(folder)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # → finally: stop every child
    try:
        redis_port = free_port()
        cluster.supervise("redis", [shutil.which("redis-server") or "/usr/bin/redis-server",
                                    str(DEPLOY / "redis.conf"), "--port", str(redis_port), "--dir", str(folder)])
        wait_for(lambda: redis_ok(redis_port), "redis-server", 20)
        url = f"redis://127.0.0.1:{redis_port}/0"
        env = {"CNNVIZ_QUEUE": url, "CNNVIZ_RUNS_DIR": str(runs_dir), "TF_CPP_MIN_LOG_LEVEL": "2",
               # one secret for every replica: a browser's XSRF cookie (which names its runs) holds on all
               "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET")
               or secrets.token_hex(32)}
        workers = [cluster.supervise(f"worker{i + 1}", [sys.executable, str(DEPLOY / "worker.py"), "--url", url,
                                                        "--name", f"worker{i + 1}-{os.getpid()}"], env)
                   for i in range(args.workers)]
        replicas = [free_port() for _ in range(args.replicas)]
        for i, port in enumerate(replicas):
            cluster.supervise(f"replica{i + 1}", [sys.executable, "-m", "scripts.serve", "--server.port",
                                                  str(port), "--server.address", "127.0.0.1",
                                                  "--server.headless", "true"], env)
        for port in replicas:
            wait_for(lambda: http_ok(f"http://127.0.0.1:{port}/_stcore/health"),  # noqa: B023  (called at once, inside the loop)
                     f"replica :{port}", 180)
        site = None
        if replicas:
            port = args.port or free_port()
            (folder / "nginx.conf").write_text(nginx_conf(folder, f"127.0.0.1:{port}", replicas))
            cluster.spawn("nginx", [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(folder / "nginx.conf"),
                                    "-p", str(folder), "-e", str(folder / "error.log")])
            wait_for(lambda: http_ok(f"http://127.0.0.1:{port}/_stcore/health"), "nginx", 20)
            site = f"http://127.0.0.1:{port}"
        ready = {"url": site, "replicas": replicas, "redis": url,
                 "workers": [w.pid for w in workers], "runs_dir": str(runs_dir), "logs": str(folder)}
        print("READY " + json.dumps(ready), flush=True)
        print(f"cnnviz for a school: {site or url} ({args.replicas} replicas, {args.workers} workers; "
              f"logs in {folder}). Ctrl-C stops it.", flush=True)
        while True:
            cluster.tend()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
