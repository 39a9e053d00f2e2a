"""Trainings on a Redis queue (`cnnviz.remote`): a real redis-server on a loopback port and real RQ workers.

The worker runs in this process (RQ's SimpleWorker in burst mode, in the main thread) or, for the kill
test, as `deploy/worker.py` in a subprocess that is SIGKILLed mid-run.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_server import free_port

from cnnviz import data
from cnnviz.core.errors import TrainingError
from cnnviz.train import checkpoints, interrupted, jobs, live, remote, training

ROOT = Path(__file__).resolve().parents[1]
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
# digits with 4 images a batch: 324 batches an epoch, a few seconds, so a Stop lands well inside epoch 1
SLOW = dict(model_name="fashion_cnn", dataset="digits", batch_size=4, early_stopping=False)


def redis_or_skip() -> None:
    if not Path(REDIS).exists():
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing in CI: `make test` should have installed it with apt.")
        pytest.skip("Debian's redis-server is not installed (make test installs it when run as root)")


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    """redis-server on a free loopback port, no persistence; returns the process and its URL."""
    redis_or_skip()
    port = free_port()
    process = subprocess.Popen(
        [REDIS, str(ROOT / "deploy" / "redis.conf"), "--port", str(port), "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if remote.connect(url).ping():
                return process, url
        except Exception:  # noqa: BLE001 — not listening yet
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("redis-server did not start")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def queue_name() -> str:
    """A queue of this test's own, so tests never see each other's jobs."""
    return f"test-{uuid.uuid4().hex[:8]}"


def start(url: str, queue_name: str, out_dir: Path, owner: str, **config: object) -> remote.RemoteRun:
    return remote.start_training(training.TrainConfig(**config), out_dir, owner=owner, url=url,
                                 queue_name=queue_name)


def test_a_snapshot_survives_json_with_its_nans() -> None:
    history = live.LiveHistory("r1")
    history.begin(3, 10)
    history.start_epoch(1)
    history.add_batch(1, {"loss": 2.5, "accuracy": 0.1})
    history.add_epoch(1, {"loss": 2.0, "accuracy": 0.25}, 1.5, None)  # no val_loss → NaN columns later
    history.start_epoch(2)
    history.add_epoch(2, {"loss": 1.5, "accuracy": 0.5, "val_loss": 1.25}, 1.25, 2)
    snap = history.snapshot()
    back, sent_at = remote.snapshot_from_json(remote.snapshot_to_json(snap))
    assert abs(sent_at - time.time()) < 5
    assert back.history["loss"] == (2.0, 1.5) and math.isnan(back.history["val_loss"][0])
    assert back.history["val_loss"][1] == 1.25 and back.best_epoch == 2
    assert back.batch_history["loss"] == (2.5,) and back.progress == snap.progress


def test_a_config_round_trips_with_its_augmentation() -> None:
    config = training.TrainConfig(augmentation=data.Augmentation(flip_horizontal=True, zoom=0.1), limit=50)
    assert remote.config_from_dict(config.to_dict()) == config


def test_what_a_worker_cannot_see_is_refused_with_a_message() -> None:
    with pytest.raises(TrainingError) as caught:
        remote.queueable(None, base_model=object())
    assert caught.value.key == "error.queue_finetune" and "미세 조정" in caught.value.text("ko")
    uploaded = data.load_dataset("digits", limit=10)
    import dataclasses

    with pytest.raises(TrainingError) as caught:
        remote.queueable(dataclasses.replace(uploaded, name="my_photos.zip"), None)
    assert caught.value.key == "error.queue_dataset" and "my_photos.zip" in caught.value.text("ko")
    remote.queueable(uploaded, None)  # a built-in dataset goes


def test_an_unreachable_queue_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    url = f"redis://:secret@127.0.0.1:{free_port()}/0"  # nobody listens there
    began = time.monotonic()
    with pytest.raises(TrainingError) as caught:
        remote.start_training(training.TrainConfig(), tmp_path, owner="ann", url=url)
    assert caught.value.key == "error.queue_unreachable" and time.monotonic() - began < 5
    assert "secret" not in str(caught.value) and "Redis" in caught.value.text("ko")


def test_places_in_the_queue_and_one_run_per_owner_across_replicas(redis_url: str, queue_name: str,
                                                                     tmp_path: Path, monkeypatch) -> None:
    # no worker serves this queue: both runs wait, in the order they were asked for
    ann = start(redis_url, queue_name, tmp_path, "ann")
    ben = start(redis_url, queue_name, tmp_path, "ben")
    assert (ann.queue_position, ben.queue_position) == (1, 2)
    assert not ann.done and ann.history.snapshot().status == "queued" and ann.workers() == 0
    with pytest.raises(TrainingError) as caught:  # the same browser on another replica: the key is in Redis
        start(redis_url, queue_name, tmp_path, "ann")
    assert caught.value.key == "error.one_run_each"
    ann.stop()  # leaves the queue: nothing trained, nothing saved, and Ben moves up
    assert ann.done and ann.result is None and ann.failure is None and ann.history.snapshot().status == "stopped"
    ben.refresh(force=True)  # the page asks at most every POLL_EVERY seconds
    assert ben.queue_position == 1 and remote.active_runs(redis_url, queue_name) == 0
    # the app's own entry point dispatches on CNNVIZ_QUEUE (here the default queue name)
    monkeypatch.setenv(remote.QUEUE_ENV, redis_url)
    again = jobs.start_training(training.TrainConfig(), tmp_path, owner="ann")
    assert isinstance(again, remote.RemoteRun) and again.queue_position >= 1
    again.stop()
    ben.stop()
    assert again.done and ben.done and list(tmp_path.iterdir()) == []


def test_a_run_trains_on_a_worker_and_a_stop_lands_mid_epoch(redis_url: str, queue_name: str,
                                                              tmp_path: Path) -> None:
    run = start(redis_url, queue_name, tmp_path, "cho", epochs=3, **SLOW)
    seen: list[tuple[live.HistorySnapshot, float]] = []

    def watch_and_stop() -> None:
        """The page's side: read the published history; press Stop after 20 batches of epoch 1, once it has
        seen the curve move at least twice (points are published at most every 0.2 s: a fast machine can pass
        batch 20 before the first one)."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not run.done:
            snap = run.history.snapshot()
            if snap.batch and (not seen or snap.batch != seen[-1][0].batch):
                seen.append((snap, time.time() - run.history.sent_at))
            if snap.epoch == 1 and snap.batch >= 20 and len(seen) >= 2:
                run.stop()
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch_and_stop)
    watcher.start()
    remote.work(redis_url, queue_name=queue_name, burst=True)  # trains here, returns once the queue is empty
    watcher.join(10)
    assert run.done and run.failure is None, run.error
    result = run.result
    assert result is not None and result.status == "stopped" and result.checkpoint_path.is_file()
    assert result.story.parts[1][0] == "story.stopped_during" and result.story.parts[1][1]["epoch"] == 1
    model, meta = checkpoints.load(result.checkpoint_path)  # what the worker saved, read back from disk
    batches = meta.history["batches"][-1]
    assert 20 <= batches < 324 and meta.owner == "cho" and meta.run_id == run.run_id
    assert result.test_accuracy == pytest.approx(meta.final_metrics["test_accuracy"])
    # the curve the page drew is the one in the checkpoint
    final = run.history.snapshot()
    assert final.history["loss"] == pytest.approx(tuple(meta.history["loss"]))
    assert len(seen) >= 2, "the page saw the batches only once"
    ages = [age for _, age in seen]
    assert max(ages) < 2.0, f"history reached the page late: {ages}"
    print(f"\nhistory age at the reader: median {sorted(ages)[len(ages) // 2]:.3f} s, max {max(ages):.3f} s")
    assert remote.connect(redis_url).get(remote._owner_key("cho")) is None  # the owner may train again
    assert not list(tmp_path.glob(".*tmp-*"))


def test_a_killed_worker_fails_its_run_and_leaves_nothing_half_written(redis_url: str, queue_name: str,
                                                                      tmp_path: Path) -> None:
    env = {**os.environ, "CNNVIZ_RUNS_DIR": str(tmp_path), "TF_CPP_MIN_LOG_LEVEL": "2"}
    script = f"from cnnviz import remote; remote.work({redis_url!r}, queue_name={queue_name!r})"
    worker = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        queue = remote.training_queue(redis_url, queue_name)
        from rq import Worker

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and Worker.count(queue=queue) == 0:
            time.sleep(0.2)
        assert Worker.count(queue=queue) == 1, "the worker did not start"
        run = start(redis_url, queue_name, tmp_path, "dan", epochs=20, **SLOW)
        while time.monotonic() < deadline and run.history.snapshot().batch < 5:
            time.sleep(0.1)
        from rq.job import Job

        job = Job.fetch(run.run_id, connection=remote.connect(redis_url), serializer=queue.serializer)
        pickup = (job.started_at - job.enqueued_at).total_seconds()
        assert run.history.snapshot().status == "running" and not run.done
        worker.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        worker.wait(10)
        assert run.join(remote.HEARTBEAT_TTL + 10), "the lost run was never reported"
        detected = time.monotonic() - killed
        print(f"\njob pickup {pickup:.3f} s; failure detected {detected:.1f} s after SIGKILL")
        assert run.failure is not None and run.failure.key == "error.queue_worker_lost"
        assert "워커" in run.failure.text("ko") and run.history.snapshot().status == "failed"
        assert remote.HEARTBEAT_TTL - 1 <= detected <= remote.HEARTBEAT_TTL + 5
        from rq.registry import FailedJobRegistry

        assert run.run_id in FailedJobRegistry(queue=queue).get_job_ids()
        # killed mid-epoch: no checkpoint, no temporary file; only the marker that tells its owner afterwards
        # (cnnviz.train.interrupted: a queue worker's marker is judged stale later, by time)
        assert [p.name for p in tmp_path.iterdir()] in ([], [interrupted.FOLDER])
        assert not list(tmp_path.glob("*.keras")) and not list(tmp_path.rglob("*tmp-*"))
        assert remote.connect(redis_url).get(remote._owner_key("dan")) is None
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)


def test_one_address_cannot_fill_the_queue_with_made_up_browsers(redis_url: str, queue_name: str, tmp_path: Path,
                                                                 monkeypatch) -> None:
    # twenty browsers (cookies anyone can make up) from one client address get MAX_PER_ADDRESS places in all
    monkeypatch.setattr(remote, "MAX_PER_ADDRESS", 2)
    started = [remote.start_training(training.TrainConfig(), tmp_path, owner=f"fake{i}", url=redis_url,
                                     queue_name=queue_name, address="203.0.113.7") for i in range(2)]
    with pytest.raises(TrainingError) as caught:
        remote.start_training(training.TrainConfig(), tmp_path, owner="fake2", url=redis_url,
                              queue_name=queue_name, address="203.0.113.7")
    assert caught.value.key == "error.address_busy" and "2" in caught.value.text("en")
    assert remote.connect(redis_url).get(remote._owner_key("fake2")) is None  # the refused one holds nothing
    other = remote.start_training(training.TrainConfig(), tmp_path, owner="innocent", url=redis_url,
                                  queue_name=queue_name, address="198.51.100.20")
    assert other.queue_position == 3  # behind the two, not behind twenty
    started[0].stop()  # a place freed at the address: a run from it may join again
    again = remote.start_training(training.TrainConfig(), tmp_path, owner="fake3", url=redis_url,
                                  queue_name=queue_name, address="203.0.113.7")
    for run in (started[1], other, again):
        run.stop()
    assert remote.connect(redis_url).zcard(remote._address_key("203.0.113.7")) == 0


def test_the_runs_folder_budget_holds_in_queue_mode_too(redis_url: str, tmp_path: Path, monkeypatch) -> None:
    from cnnviz.core.errors import CheckpointError
    from cnnviz.train import runs

    shipped = Path(__file__).resolve().parents[1] / "checkpoints" / "lenet5_shapes.keras"
    for suffix in (".keras", ".json"):  # a run made outside the app: never removed to make room
        (tmp_path / f"outside{suffix}").write_bytes(shipped.with_suffix(suffix).read_bytes())
    monkeypatch.setattr(runs, "MAX_TOTAL_BYTES", 1024)
    monkeypatch.setenv(remote.QUEUE_ENV, redis_url)
    with pytest.raises(CheckpointError) as caught:
        jobs.start_training(training.TrainConfig(), tmp_path, owner="ann", address="203.0.113.7")
    assert caught.value.key == "error.runs_full"
    assert remote.connect(redis_url).get(remote._owner_key("ann")) is None  # refused before anything was queued
