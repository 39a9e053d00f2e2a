"""Faults of a school's cluster (issue 22): Redis restarted or full mid-run, a runs folder not shared, a worker
SIGKILLed under its supervisor.

Real redis-server processes on free loopback ports; the worker is `deploy/worker.py` in a subprocess (so it can
be watched surviving), or RQ's loop in this process for the runs-folder check; the supervisor is
`deploy/cluster.py --replicas 0`. The page's side is `RemoteRun`, driven as the Train page drives it.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from e2e_server import free_port
from helpers import page_test
from test_queue import REDIS, SLOW, redis_or_skip

from cnnviz.core.errors import TrainingError
from cnnviz.train import checkpoints, remote, training

pytestmark = pytest.mark.cluster
ROOT = Path(__file__).resolve().parents[1]


def wait_until(check: Callable[[], object], what: str, timeout: float, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


class RedisServer:
    """redis-server (deploy/redis.conf) on one loopback port, which can be stopped and started again there."""

    def __init__(self, folder: Path) -> None:
        redis_or_skip()
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS, str(ROOT / "deploy" / "redis.conf"), "--port", str(self.port), "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_until(self.answers, "redis-server did not start", 15, 0.05)

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """SIGTERM: Redis exits keeping nothing (`save ""`), as a restart of the server does."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def registered(url: str) -> list[object]:
    from rq import Worker

    return Worker.all(queue=remote.training_queue(url))


def checkpoint_of(folder: Path, run_id: str) -> Path | None:
    found = [p for p in folder.glob(f"*{run_id}{checkpoints.SUFFIX}")
             if p.with_suffix(checkpoints.SIDECAR_SUFFIX).is_file()]
    return found[0] if found else None


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """One Redis and one `deploy/worker.py` on it (the default queue), sharing a runs folder with the page."""
    redis_server = RedisServer(tmp_path_factory.mktemp("redis"))
    redis_server.start()
    runs = tmp_path_factory.mktemp("runs")
    log = tmp_path_factory.mktemp("logs") / "worker.log"
    env = {**os.environ, "CNNVIZ_RUNS_DIR": str(runs), "TF_CPP_MIN_LOG_LEVEL": "2"}
    with open(log, "w") as out:
        worker = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "worker.py"), "--url", redis_server.url,
                                   "--name", "fault-worker"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: len(registered(redis_server.url)) == 1, "the worker did not register", 120)
        yield {"redis": redis_server, "url": redis_server.url, "runs": runs, "worker": worker, "log": log}
    finally:
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(10)
        redis_server.stop()
        print("\n--- worker log (tail) ---\n" + "\n".join(log.read_text().splitlines()[-15:]))


def start(rig: dict, owner: str, **config: object) -> remote.RemoteRun:
    return remote.start_training(training.TrainConfig(**{**SLOW, **config}), rig["runs"], owner=owner, url=rig["url"])


def test_a_redis_restart_mid_run_is_ridden_out_by_worker_and_page(rig: dict) -> None:
    url, redis_server, worker = rig["url"], rig["redis"], rig["worker"]
    # 1. Redis restarted mid-training: the page says unreachable, then follows the run again; Stop still lands
    run = start(rig, "ann", epochs=20)
    wait_until(lambda: run.history.snapshot().batch >= 5, "the run did not start training", 90, 0.1)
    redis_server.stop()
    run.refresh(force=True)
    note = run.notice()
    assert note is not None and note.parts[0][0] == "train.queue_unreachable"
    assert "학습 대기열" in note.text("ko") and f":{redis_server.port}" in note
    assert not run.done and run.workers() is None and run.failure is None
    time.sleep(2)
    redis_server.start()  # empty: RQ's job, the history and the worker list are gone
    before = run.history.snapshot().batch_history.get("step", (0,))[-1]
    wait_until(lambda: run.notice() is None and run.history.snapshot().batch_history.get("step", (0,))[-1] > before,
               "the page did not follow the run again", 30)
    wait_until(lambda: len(registered(url)) == 1, "the training worker did not register again", 30)
    assert run.workers() == 1 and run.history.snapshot().status == "running"
    run.stop()
    assert run.join(60) and run.failure is None, run.error
    assert run.result is not None and run.result.status == "stopped" and run.result.checkpoint_path.is_file()
    assert not run.saved_offline and run.result.story is not None

    # 2. the run ends while Redis is down: reported saved from the runs folder; the worker waits Redis out
    run = start(rig, "ben", epochs=1)
    wait_until(lambda: run.history.snapshot().batch >= 3, "the second run did not start training", 90, 0.1)
    redis_server.stop()
    down = time.monotonic()
    wait_until(lambda: checkpoint_of(rig["runs"], run.run_id), "the worker did not save during the outage", 120)
    wait_until(lambda: run.done, "the page did not find the saved checkpoint", remote.DISK_EVERY + 5)
    assert run.failure is None and run.saved_offline and run.result is not None
    assert run.result.checkpoint_path == checkpoint_of(rig["runs"], run.run_id)
    assert run.result.status == "finished" and run.result.test_accuracy is not None
    assert run.notice().parts[0][0] == "train.queue_saved_offline"
    assert run.result.history.history["loss"] and worker.poll() is None
    print(f"\nsaved during an outage of {time.monotonic() - down:.1f} s")
    redis_server.start()
    wait_until(lambda: len(registered(url)) == 1, "the worker did not come back after the outage", 45)
    conn = remote.connect(url)
    wait_until(lambda: conn.get(remote._key(run.run_id, "result")), "the result never reached Redis", 45)
    assert json.loads(conn.get(remote._key(run.run_id, "result")))["checkpoint"] == run.result.checkpoint_path.name
    assert worker.poll() is None
    logged = rig["log"].read_text()
    assert "Redis is out of reach" in logged and "registered again" in logged, logged[-3000:]


def test_b_a_full_redis_neither_kills_the_worker_nor_the_run(rig: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    url, worker = rig["url"], rig["worker"]
    monkeypatch.setattr(remote, "MEMORY_EVERY", 0.2)
    conn = remote.connect(url)
    run = start(rig, "cho", epochs=1)
    wait_until(lambda: run.history.snapshot().batch >= 3, "the run did not start training", 90, 0.1)
    conn.config_set("maxmemory", "1")  # every write refused (noeviction)
    try:
        wait_until(lambda: getattr(run.notice(), "parts", [("",)])[0][0] == "train.queue_out_of_memory",
                   "the page did not say Redis is full", 15)
        assert not run.done and run.failure is None
        wait_until(lambda: checkpoint_of(rig["runs"], run.run_id), "the worker did not save while Redis was full", 120)
        assert worker.poll() is None, "the worker died"
    finally:
        conn.config_set("maxmemory", "256mb")
    assert run.join(60) and run.failure is None, run.error
    assert run.result is not None and run.result.checkpoint_path == checkpoint_of(rig["runs"], run.run_id)
    meta = checkpoints.read_metadata(run.result.checkpoint_path)
    assert meta.run_id == run.run_id and len(meta.history["loss"]) == 1
    wait_until(lambda: len(registered(url)) == 1, "the worker is not registered after Redis was full", 45)
    assert worker.poll() is None and "Redis is out of memory" in rig["log"].read_text()


def test_c_a_worker_saving_where_the_page_cannot_see_says_so(rig: dict, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote, "NOT_SHARED_AFTER", 1.0)
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path / "the-workers-own"))  # the worker below, in this process
    queue_name = "not-shared"  # the rig's worker does not serve it
    page_runs = tmp_path / "the-pages"
    page_runs.mkdir()
    run = remote.start_training(training.TrainConfig(model_name="fashion_cnn", dataset="digits", epochs=1,
                                                     batch_size=32, limit=64), page_runs, owner="dan",
                                url=rig["url"], queue_name=queue_name)
    remote.work(rig["url"], queue_name=queue_name, burst=True)
    saved = checkpoint_of(tmp_path / "the-workers-own", run.run_id)
    assert saved is not None and not list(page_runs.iterdir())
    assert run.join(remote.NOT_SHARED_AFTER + 10)
    assert run.result is None and run.failure is not None and run.failure.key == "error.queue_not_shared"
    assert saved.name in run.failure.text("en") and "CNNVIZ_RUNS_DIR" in run.failure.text("ko")
    assert run.history.snapshot().status == "failed"


def test_d_the_cluster_starts_a_killed_worker_again(tmp_path: Path) -> None:
    from rq import Worker

    redis_or_skip()
    process = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "cluster.py"), "--port", "0", "--replicas",
                                "0", "--workers", "1", "--runs-dir", str(tmp_path)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()

    def next_line(prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line.startswith(prefix):
                return line
        raise AssertionError(f"no line starting {prefix!r} within {timeout:.0f} s")

    try:
        ready = json.loads(next_line("READY ", 60)[6:])
        assert ready["url"] is None and len(ready["workers"]) == 1
        workers = lambda: Worker.all(queue=remote.training_queue(ready["redis"]))  # noqa: E731
        wait_until(lambda: len(workers()) == 1, "the worker did not register", 120)
        first = ready["workers"][0]
        assert workers()[0].pid == first
        os.kill(first, signal.SIGKILL)
        killed = time.monotonic()
        restarted = json.loads(next_line("RESTARTED ", 10)[10:])
        took = time.monotonic() - killed
        assert restarted["old"] == first and restarted["pid"] != first and took < 5, (restarted, took)
        # the new process takes over the killed one's name and registration (RQ refuses a name still registered)
        wait_until(lambda: [w.pid for w in workers()] == [restarted["pid"]], "the restarted worker did not register",
                   120)
        print(f"\nworker restarted {took:.1f} s after SIGKILL")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    assert process.returncode == 0 and not remote._pid_alive(restarted["pid"])  # stopped, and not started again


def test_e_the_train_page_says_what_is_true_while_redis_is_away(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.setattr(remote, "GONE_AFTER", 0.5)
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path))
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    try:
        run = remote.start_training(training.TrainConfig(dataset="digits"), tmp_path, owner="eve",
                                    url=redis_server.url, queue_name="nobody-serves-it")
        app = page_test("train")
        app.query_params["dataset"] = "digits"
        app.session_state["run"] = run
        app.session_state["run_for"] = ""
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        assert any("No training worker is connected" in w.value for w in app.warning)
        redis_server.stop()  # the page's next poll finds nobody: a warning that says so, not an exception
        run.refresh(force=True)
        app.run()
        assert not app.exception and not app.error, [e.value for e in [*app.exception, *app.error]]
        warnings = [w.value for w in app.warning]
        assert any("cannot be reached right now" in w for w in warnings), warnings
        assert not any("No training worker" in w for w in warnings)
        redis_server.start()  # empty: the queued run is gone with it, and the page says so
        wait_until(lambda: run.done, "the lost run was never reported", 15)
        app.run()
        assert not app.exception
        assert [e.value for e in app.error] == [TrainingError(key="error.queue_job_gone").text("en")]
    finally:
        redis_server.stop()
