"""A real `streamlit run` server on a free loopback port, for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_environment() -> dict[str, str]:
    """This process's environment for a server, less the suite's in-process training (a server trains in child
    processes, as `make run` does)."""
    return {k: v for k, v in os.environ.items() if k != "CNNVIZ_TRAIN_IN_PROCESS"}


@contextmanager
def streamlit_server(env: dict[str, str] | None = None, timeout: float = 90, script: Path | None = None,
                     serve: bool = False) -> Iterator[str]:
    """Start the app (or `script`) on 127.0.0.1 and yield its URL; stop it afterwards.

    `serve=True` launches it as `make run` does (`python -m scripts.serve`: the warm-up starts with the server).
    """
    port = free_port()
    launcher = (["-m", "scripts.serve"] if serve
                else ["-m", "streamlit", "run", str(script or ROOT / "streamlit_app.py")])
    command = [
        sys.executable, *launcher,
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
    ]
    log_path = ROOT / ".pytest_cache" / f"streamlit-{port}.log"
    log = open(log_path, "w") if log_path.parent.is_dir() else subprocess.DEVNULL  # noqa: SIM115  (server's stdout, open while it runs)
    environment = {**_server_environment(), "CNNVIZ_WARMUP": "1", **(env or {})}
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("streamlit did not start")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
