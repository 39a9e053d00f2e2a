"""Trainings as jobs on a Redis queue (RQ), trained by worker processes that may live on other machines.

Off by default: with no setting, `jobs.start_training()` trains in a thread of the web server. With
``CNNVIZ_QUEUE=redis://host:6379/0`` a run becomes an RQ job; a worker (``deploy/worker.py``, an RQ
`SimpleWorker` that imports TensorFlow once) runs `train_job()`, which calls `training.train()` as the
thread does and, from a small publisher thread, writes to Redis every ~0.25 s:

- ``cnnviz:run:<id>:history``  the `live.HistorySnapshot` as JSON (24 h TTL), read by `RemoteRun.history`;
- ``cnnviz:run:<id>:alive``    a heartbeat with a `HEARTBEAT_TTL` expiry: once it lapses while the job
  is "started", the worker was killed or its machine went down and the web side fails the job;
- and reads ``cnnviz:run:<id>:stop``, set by `RemoteRun.stop()`, so Stop lands at the next batch.

The checkpoint is saved atomically (`checkpoints.save`) into the worker's runs folder, which must be
the folder the web replicas read (shared storage: NFS on several machines), and `RemoteRun.result`
points at that file in the web side's own runs folder. ``cnnviz:owner:<owner>`` holds the one run an
owner may have across every replica. Workers load datasets by name, so in queue mode uploaded image
sets and fine-tuning an uploaded model are refused with a message (the worker cannot see uploads).
`redis` and `rq` are imported only when a queue is configured.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cnnviz import data
from cnnviz.core.errors import CheckpointError, CnnvizError, TrainingError
from cnnviz.train import checkpoints, live, training

if TYPE_CHECKING:
    import keras
    from redis import Redis
    from rq import Queue
    from rq.job import Job

QUEUE_ENV = "CNNVIZ_QUEUE"
QUEUE_NAME = "cnnviz-train"
JOB_TIMEOUT = int(os.environ.get("CNNVIZ_QUEUE_JOB_TIMEOUT", str(6 * 3600)))  # seconds a training may run
KEY_TTL = 24 * 3600  # history, stop and result keys
HEARTBEAT_TTL = 8  # seconds without a heartbeat before a started run counts as lost
PUBLISH_EVERY = 0.25  # seconds between history publications (and stop checks) on the worker
POLL_EVERY = 0.3  # the web side asks Redis about a job at most this often
UNREACHABLE_AFTER = 30.0  # seconds of lost contact with Redis before a run is reported failed
MAX_WAITING = 64  # jobs waiting in the queue, all replicas together


def queue_url() -> str | None:
    """The Redis URL from CNNVIZ_QUEUE, or None: trainings run in the web server (the default)."""
    return os.environ.get(QUEUE_ENV, "").strip() or None


def configured() -> bool:
    """True when trainings go to the queue."""
    return queue_url() is not None


def _where(url: str) -> str:
    """host:port of a Redis URL, without any password, for messages."""
    parts = urlsplit(url)
    return f"{parts.hostname or '?'}:{parts.port or 6379}"


@lru_cache(maxsize=4)
def connect(url: str) -> Redis:
    """A Redis client for `url` (one pool per URL and process); short timeouts so a page never hangs."""
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10, health_check_interval=30)


def training_queue(url: str, name: str = QUEUE_NAME) -> Queue:
    """The RQ queue trainings wait in (JSON-serialised arguments: no pickles cross machines)."""
    from rq import Queue
    from rq.serializers import JSONSerializer

    return Queue(name, connection=connect(url), serializer=JSONSerializer, default_timeout=JOB_TIMEOUT)


def _key(run_id: str, what: str) -> str:
    return f"cnnviz:run:{run_id}:{what}"


def _owner_key(owner: str) -> str:
    return f"cnnviz:owner:{owner}"


_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


def release_owner(conn: Redis, owner: str, run_id: str) -> None:
    """Free `owner`'s one run, if it is still this run's."""
    if owner:
        conn.eval(_RELEASE, 1, _owner_key(owner), run_id)


# --------------------------------------------------------------------------- snapshots as JSON


def snapshot_to_json(snap: live.HistorySnapshot) -> str:
    """A history snapshot as JSON (NaN kept as JSON's NaN extension), stamped with the time it was sent."""
    return json.dumps({**asdict(snap), "sent_at": time.time()})


def snapshot_from_json(text: str | bytes) -> tuple[live.HistorySnapshot, float]:
    """The snapshot back, and the time.time() the worker sent it."""
    raw = json.loads(text)
    sent_at = float(raw.pop("sent_at", math.nan))
    for column in ("history", "batch_history"):
        raw[column] = {k: tuple(float(x) for x in v) for k, v in raw[column].items()}
    return live.HistorySnapshot(**raw), sent_at


def _blank(run_id: str, status: str = "queued", epochs: int = 0, error: str | None = None) -> live.HistorySnapshot:
    return live.HistorySnapshot(run_id, status, 0, epochs, 0, 0, {}, {}, None, error)


def config_from_dict(values: dict[str, Any]) -> training.TrainConfig:
    """`TrainConfig.to_dict()` back into a config (its augmentation as `data.Augmentation`)."""
    values = dict(values)
    if values.get("augmentation") is not None:
        values["augmentation"] = data.Augmentation(**values["augmentation"])
    return training.TrainConfig(**values)


def _error_payload(err: CnnvizError) -> dict[str, Any]:
    values = {k: v if isinstance(v, (str, int, float, bool)) or v is None else str(v)
              for k, v in err.values.items()}
    return {"key": err.key, "values": values, "text": str(err)}


def error_from_payload(payload: dict[str, Any]) -> TrainingError:
    """The worker's CnnvizError again, translatable when it had a message key."""
    if payload.get("key"):
        try:
            return TrainingError(key=payload["key"], **payload.get("values", {}))
        except (KeyError, IndexError, ValueError):  # a key this replica does not know
            pass
    return TrainingError(key="error.training_failed", reason=str(payload.get("text", "?")))


# --------------------------------------------------------------------------- the worker side


class _Publisher(threading.Thread):
    """Sends the run's history, a heartbeat and reads its Stop key, every `every` seconds, from the worker."""

    def __init__(self, conn: Redis, history: live.LiveHistory, stop_event: threading.Event,
                 every: float = PUBLISH_EVERY) -> None:
        super().__init__(name=f"cnnviz-publish-{history.run_id}", daemon=True)
        self.conn = conn
        self.history = history
        self.stop_event = stop_event
        self.every = every
        self._quit = threading.Event()
        self._sent: tuple[Any, ...] | None = None

    def run(self) -> None:
        while not self._quit.wait(self.every):
            self.tick()

    def tick(self) -> None:
        """One round trip: heartbeat, history if it changed, and the Stop key."""
        from redis.exceptions import RedisError

        run_id = self.history.run_id
        snap = self.history.snapshot()
        mark = (snap.status, snap.epoch, snap.batch, snap.epochs, len(snap.history.get("epoch", ())),
                snap.best_epoch, snap.error)
        try:
            pipe = self.conn.pipeline(transaction=False)
            pipe.set(_key(run_id, "alive"), "1", ex=HEARTBEAT_TTL)
            if mark != self._sent:
                pipe.set(_key(run_id, "history"), snapshot_to_json(snap), ex=KEY_TTL)
            pipe.exists(_key(run_id, "stop"))
            stop = pipe.execute()[-1]
        except RedisError:  # a hiccup: the next tick tries again, training goes on
            return
        self._sent = mark
        if stop:
            self.stop_event.set()

    def close(self) -> None:
        """Stop the thread and publish the final state."""
        self._quit.set()
        self.join(5)
        self.tick()


@lru_cache(maxsize=2)
def _dataset(name: str) -> data.Dataset:
    """A catalogue dataset, loaded once per worker process (as the web server's cache does)."""
    return data.load_dataset(name)


def train_job(payload: dict[str, Any]) -> dict[str, Any]:
    """The RQ job a worker runs: one training, its history and heartbeat in Redis, the checkpoint on disk.

    Returns the result as JSON-able values: {"status", "checkpoint" (file name), test figures, "story"}
    or {"error": {...}} for a CnnvizError, which the web side shows translated.
    """
    import keras
    from rq import get_current_job

    job = get_current_job()
    conn = job.connection if job is not None else connect(payload["url"])
    run_id = str(payload["run_id"])
    history = live.LiveHistory(run_id)
    stop_event = threading.Event()
    publisher = _Publisher(conn, history, stop_event)
    publisher.tick()  # the heartbeat before anything slow
    publisher.start()
    out_dir = Path(os.environ.get("CNNVIZ_RUNS_DIR") or payload["out_dir"])
    try:
        config = config_from_dict(payload["config"])
        dataset = _dataset(config.dataset)
        result = training.train(config, out_dir, history, stop_event, name=payload.get("name"), run_id=run_id,
                                dataset=dataset, owner=payload.get("owner", ""))
        return {
            "status": result.status,
            "checkpoint": result.checkpoint_path.name if result.checkpoint_path else None,
            "test_accuracy": result.test_accuracy, "test_loss": result.test_loss,
            "test_total_loss": result.test_total_loss, "best_epoch": result.best_epoch,
            "story": result.story.to_dict() if result.story else None,
        }
    except CnnvizError as err:  # train() has marked the history failed
        history.set_status("failed", str(err))
        return {"error": _error_payload(err)}
    finally:
        publisher.close()
        release_owner(conn, payload.get("owner", ""), run_id)
        keras.backend.clear_session()  # the next job on this worker starts clean


# --------------------------------------------------------------------------- the web side


class RemoteHistory:
    """The run's history as the worker last published it (the same `snapshot()` as `live.LiveHistory`)."""

    def __init__(self, run: RemoteRun) -> None:
        self.run = run
        self.run_id = run.run_id
        self.sent_at = math.nan  # when the worker sent the snapshot last read

    def snapshot(self) -> live.HistorySnapshot:
        """The latest snapshot in Redis; the last one read when Redis is out of reach."""
        return self.run.snapshot()


class RemoteRun:
    """A training queued on Redis: the interface of `jobs.TrainingRun` for the Train page."""

    def __init__(self, url: str, job: Job, config: training.TrainConfig, out_dir: Path, owner: str,
                 alive: Callable[[], bool] | None = None, queue_name: str = QUEUE_NAME) -> None:
        self.url = url
        self.job = job
        self.run_id = job.id
        self.config = config
        self.out_dir = out_dir
        self.owner = owner
        self.queue_name = queue_name
        self.history = RemoteHistory(self)
        self.result: training.TrainResult | None = None
        self.failure: CnnvizError | None = None
        self.lost_after: float | None = None  # seconds from the last heartbeat seen to the failure
        self._final = False
        self._checked = 0.0
        self._status = "queued"
        self._position = 0
        self._snap = _blank(self.run_id, epochs=config.epochs)
        self._unreachable_since: float | None = None
        self._last_beat = time.monotonic()
        self._seen_started: float | None = None
        self._lock = threading.RLock()
        if alive is not None:
            threading.Thread(target=self._watch, args=(alive,), daemon=True,
                             name=f"cnnviz-watch-{self.run_id}").start()

    @property
    def conn(self) -> Redis:
        return connect(self.url)

    def _watch(self, alive: Callable[[], bool], every: float = 2.0) -> None:
        """Stop the run once nobody watches it (a closed tab), and keep its state fresh until it ends."""
        while not self.done:
            time.sleep(every)
            if not alive():
                self.stop()
                alive = lambda: True  # noqa: E731 — ask once; the run stops and saves

    def refresh(self, force: bool = False) -> None:
        """Ask Redis where the job is (at most every `POLL_EVERY` s): queued, training, done, failed or lost."""
        from redis.exceptions import RedisError
        from rq.exceptions import NoSuchJobError

        with self._lock:
            if self._final or (not force and time.monotonic() - self._checked < POLL_EVERY):
                return
            self._checked = time.monotonic()
            try:
                self._refresh()
                self._unreachable_since = None
            except NoSuchJobError:
                self._fail(TrainingError(key="error.queue_job_gone"))
            except RedisError:
                since = self._unreachable_since = self._unreachable_since or time.monotonic()
                if time.monotonic() - since > UNREACHABLE_AFTER:
                    self._fail(TrainingError(key="error.queue_unreachable", where=_where(self.url)))

    def _refresh(self) -> None:
        from rq.job import JobStatus

        pipe = self.conn.pipeline(transaction=False)
        pipe.get(_key(self.run_id, "history"))
        pipe.exists(_key(self.run_id, "alive"))
        raw, beating = pipe.execute()
        if raw is not None:
            self._snap, self.history.sent_at = snapshot_from_json(raw)
        status = self.job.get_status(refresh=True)
        self._status = str(status.value if hasattr(status, "value") else status)
        self._position = 0
        if beating:
            self._last_beat = time.monotonic()
        if status == JobStatus.QUEUED:
            position = self.job.get_position()
            self._position = position + 1 if position is not None else 0
        elif status == JobStatus.FINISHED:
            self._finish(self.job.return_value() or {})
        elif status in (JobStatus.CANCELED, JobStatus.STOPPED):
            self._end(_blank(self.run_id, "stopped", self.config.epochs))
        elif status == JobStatus.FAILED:
            latest = self.job.latest_result()
            reason = (str(latest.exc_string if latest is not None else "").strip().splitlines() or ["?"])[-1]
            self._fail(TrainingError(key="error.queue_job_failed", reason=reason))
        elif status == JobStatus.STARTED and self._started_long_ago() and not beating:
            self._lose()  # the heartbeat lapsed: the worker was killed or its machine went down

    def _started_long_ago(self) -> bool:
        """True once this side has seen the job "started" for longer than a heartbeat lasts (no clock skew)."""
        self._seen_started = self._seen_started or time.monotonic()
        return time.monotonic() - self._seen_started > HEARTBEAT_TTL

    def _lose(self) -> None:
        """The worker stopped beating: fail the job in RQ's FailedJobRegistry, free the owner's slot."""
        from rq.job import JobStatus
        from rq.registry import FailedJobRegistry, StartedJobRegistry

        queue = training_queue(self.url, self.queue_name)
        with self.conn.pipeline() as pipe:
            self.job.set_status(JobStatus.FAILED, pipeline=pipe)
            StartedJobRegistry(queue=queue).remove_executions(self.job, pipeline=pipe)
            FailedJobRegistry(queue=queue).add(
                self.job, ttl=KEY_TTL, exc_string="cnnviz: the worker stopped sending heartbeats", pipeline=pipe)
            pipe.execute()
        self.lost_after = time.monotonic() - self._last_beat
        self._fail(TrainingError(key="error.queue_worker_lost", epoch=max(self._snap.epoch, 1)))

    def _finish(self, payload: dict[str, Any]) -> None:
        if "error" in payload:
            self._fail(error_from_payload(payload["error"]))
            return
        path = self.out_dir / payload["checkpoint"] if payload.get("checkpoint") else None
        meta = None
        if path is not None:
            try:
                meta = checkpoints.read_metadata(path)
            except CheckpointError:  # the runs folder is not shared with the worker: say so, do not crash
                self._fail(TrainingError(key="error.queue_not_shared", name=path.name))
                return
        self.result = training.TrainResult(
            self.run_id, str(payload["status"]), path, payload.get("test_accuracy"), payload.get("test_loss"),
            payload.get("best_epoch"), meta, self._snap, test_total_loss=payload.get("test_total_loss"),
            story=training.RunStory.from_dict(payload.get("story")),
        )
        self._end(self._snap)

    def _fail(self, failure: CnnvizError) -> None:
        self.failure = failure
        self._end(replace(self._snap, status="failed", error=str(failure)))

    def _end(self, snap: live.HistorySnapshot) -> None:
        self._snap = snap
        self._final = True
        self._position = 0
        with contextlib.suppress(Exception):  # Redis gone: the owner key expires with the job timeout
            release_owner(self.conn, self.owner, self.run_id)

    def snapshot(self) -> live.HistorySnapshot:
        """The latest history the worker published."""
        self.refresh()
        return self._snap

    def stop(self) -> None:
        """Stop at the end of the current batch (the worker saves), or leave the queue if still waiting."""
        from redis.exceptions import RedisError
        from rq.exceptions import InvalidJobOperation

        try:
            self.conn.set(_key(self.run_id, "stop"), "1", ex=KEY_TTL)
            self.refresh(force=True)
            if not self._final and self._status == "queued":
                self.job.cancel()
                self.refresh(force=True)
        except (RedisError, InvalidJobOperation):  # Redis gone, or a worker took it meanwhile: the key stops it
            pass

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the run to end; True when it is done."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.done and (deadline is None or time.monotonic() < deadline):
            time.sleep(POLL_EVERY)
        return self.done

    @property
    def done(self) -> bool:
        self.refresh()
        return self._final

    @property
    def queue_position(self) -> int:
        """Place in the queue (1 = next), or 0 once a worker has taken it."""
        self.refresh()
        return self._position

    @property
    def error(self) -> str | None:
        return str(self.failure) if self.failure else None

    @property
    def checkpoint_path(self) -> Path | None:
        return self.result.checkpoint_path if self.result else None

    def workers(self) -> int:
        """Workers listening on the queue (a killed one counts until its RQ registration expires)."""
        from rq import Worker

        return Worker.count(queue=training_queue(self.url, self.queue_name))


def queueable(dataset: data.Dataset | None, base_model: keras.Model | None) -> None:
    """TrainingError when a worker could not train this: an uploaded model or image set lives on this server."""
    if base_model is not None:
        raise TrainingError(key="error.queue_finetune")
    names = {info.name for info in data.list_datasets() if info.source != "folder"}
    if dataset is not None and dataset.name not in names:
        raise TrainingError(key="error.queue_dataset", name=dataset.name)


def start_training(config: training.TrainConfig, out_dir: str | Path, *, name: str | None = None,
                   dataset: data.Dataset | None = None, alive: Callable[[], bool] | None = None,
                   base_model: keras.Model | None = None, owner: str = "", url: str | None = None,
                   queue_name: str = QUEUE_NAME) -> RemoteRun:
    """Put a run on the queue (one per owner, across every replica) and return its `RemoteRun`."""
    from redis.exceptions import RedisError

    url = url or queue_url()
    if url is None:
        raise TrainingError(key="error.queue_unreachable", where="CNNVIZ_QUEUE")
    queueable(dataset, base_model)
    run_id = checkpoints.new_run_id()
    payload = {"run_id": run_id, "config": config.to_dict(), "name": name, "owner": owner,
               "out_dir": str(out_dir), "url": url}
    try:
        conn = connect(url)
        queue = training_queue(url, queue_name)
        if owner and not conn.set(_owner_key(owner), run_id, nx=True, ex=JOB_TIMEOUT + 3600):
            raise TrainingError(key="error.one_run_each")
        try:
            if queue.count >= MAX_WAITING:
                raise TrainingError(key="error.queue_full", count=queue.count)
            job = queue.enqueue(train_job, payload, job_id=run_id, job_timeout=JOB_TIMEOUT, result_ttl=KEY_TTL,
                                failure_ttl=KEY_TTL, description=f"cnnviz training {config.model_name}")
        except BaseException:
            release_owner(conn, owner, run_id)
            raise
    except RedisError as err:
        raise TrainingError(key="error.queue_unreachable", where=_where(url)) from err
    return RemoteRun(url, job, config, Path(out_dir), owner, alive, queue_name)


def active_runs(url: str | None = None, queue_name: str = QUEUE_NAME) -> int:
    """Runs training on workers right now (0 when Redis is out of reach)."""
    from redis.exceptions import RedisError
    from rq.registry import StartedJobRegistry

    try:
        return StartedJobRegistry(queue=training_queue(url or queue_url() or "", queue_name)).count
    except (RedisError, ValueError):
        return 0


def work(url: str, name: str | None = None, queue_name: str = QUEUE_NAME, burst: bool = False) -> None:
    """Serve the queue in this process: TensorFlow loads once, each job trains here (RQ's SimpleWorker)."""
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    SimpleWorker([training_queue(url, queue_name)], connection=connect(url), serializer=JSONSerializer,
                 name=name).work(burst=burst, with_scheduler=False, logging_level="WARNING")
