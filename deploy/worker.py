"""A cnnviz training worker: `python deploy/worker.py [--url redis://host:6379/0] [--name NAME] [--burst]`.

It imports TensorFlow and cnnviz's training once, then serves the queue with RQ's SimpleWorker: each job
trains in this process (no fork after TensorFlow started), one at a time. Run as many as the machine has
room for (one per GPU, or two or three per CPU machine); point every one at the same Redis URL and set
CNNVIZ_RUNS_DIR to the runs folder the web replicas read (shared storage).

It outlives Redis restarts and a full Redis (it trains on, logs, and serves again when Redis is back), but
not a SIGKILL: run it under a supervisor that starts it again (`deploy/systemd/cnnviz-worker@.service`, or
`deploy/cluster.py`, which does it for its own workers).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Parse the options, warm TensorFlow up, and work until stopped (SIGTERM/Ctrl-C: after the job)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("CNNVIZ_QUEUE") or "redis://127.0.0.1:6379/0")
    parser.add_argument("--name", default=None, help="the worker's name in RQ (default: host and pid)")
    parser.add_argument("--burst", action="store_true", help="quit once the queue is empty")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s: %(message)s")
    began = time.perf_counter()
    from cnnviz.train import remote, training  # noqa: F401 — TensorFlow loads here, before the first job

    print(f"cnnviz worker {args.name or os.getpid()}: TensorFlow ready in {time.perf_counter() - began:.1f} s, "
          f"serving {remote.QUEUE_NAME} on {remote._where(args.url)}", flush=True)
    remote.work(args.url, name=args.name, burst=args.burst)


if __name__ == "__main__":
    main()
