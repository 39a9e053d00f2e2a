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

Redis may restart (it keeps nothing on disk) or fill up (``maxmemory`` with ``noeviction``) while a run trains.
The worker trains on regardless: its publisher logs the outage and publishes again once Redis is back (after
an out-of-memory refusal, with thinned per-batch points and the heartbeat kept by ``EXPIRE``, which needs no
memory); it writes the run's result to ``cnnviz:run:<id>:result`` with retries, the checkpoint being on disk
already; and it registers itself in RQ's worker list again when a restart emptied it. `work()` starts RQ's
loop again whenever RQ gives up on Redis. The page treats an unreachable Redis as a state (`RemoteRun.notice`):
the run may still be training; it follows it again when Redis is back, and reports it saved as soon as its
checkpoint is in the (shared) runs folder, whatever Redis knows.
"""

from __future__ import annotations

import contextlib
import json
import logging
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
from cnnviz.core.errors import CnnvizError, TrainingError
from cnnviz.core.i18n import Phrase
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
UNREACHABLE_AFTER = 600.0  # seconds of lost contact with Redis before the page stops following a run
UNREACHABLE_POLL = 2.0  # while Redis is out of reach, the page tries again at most this often
GONE_AFTER = HEARTBEAT_TTL + 4.0  # seconds Redis may know neither the job nor a heartbeat before it counts as lost
NOT_SHARED_AFTER = 10.0  # seconds a finished run's file may take to appear in the page's runs folder (NFS)
DISK_EVERY = 2.0  # seconds between looks for the run's checkpoint in the runs folder
MEMORY_EVERY = 5.0  # seconds between the page's looks at Redis's memory (INFO memory)
RESULT_PATIENCE = 15 * 60.0  # seconds a worker retries writing a run's result while Redis is down or full
LEAN_POINTS = 256  # per-batch points published once Redis refused memory
MAX_WAITING = 64  # jobs waiting in the queue, all replicas together
# runs training or waiting per client address, all replicas together (a cookie is anyone's to make up; an
# address is not): as in thread mode, CNNVIZ_MAX_RUNS_PER_ADDRESS sets it
MAX_PER_ADDRESS = int(os.environ.get("CNNVIZ_MAX_RUNS_PER_ADDRESS", "0")) or max(2, MAX_WAITING // 8)

log = logging.getLogger(__name__)


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


def _address_key(address: str) -> str:
    """A sorted set of the address's runs, each scored by when its claim lapses (a lost run frees it then)."""
    return f"cnnviz:address:{address}"


_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


def release_owner(conn: Redis, owner: str, run_id: str, address: str = "") -> None:
    """Free `owner`'s one run, if it is still this run's, and its place among `address`'s runs."""
    if owner:
        conn.eval(_RELEASE, 1, _owner_key(owner), run_id)
    if address:
        conn.zrem(_address_key(address), run_id)


def _claim_address(conn: Redis, address: str, run_id: str) -> None:
    """Count the run among `address`'s; TrainingError (`error.address_busy`) when it has `MAX_PER_ADDRESS`."""
    if not address:
        return
    key, now = _address_key(address), time.time()
    conn.zremrangebyscore(key, "-inf", now)  # claims of runs lost long ago lapse
    if conn.zcard(key) >= MAX_PER_ADDRESS:
        raise TrainingError(key="error.address_busy", limit=MAX_PER_ADDRESS)
    conn.zadd(key, {run_id: now + JOB_TIMEOUT + 3600})
    conn.expire(key, JOB_TIMEOUT + 3600)


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


def _lean(snap: live.HistorySnapshot) -> live.HistorySnapshot:
    """The snapshot with at most `LEAN_POINTS` per-batch points (every k-th, the last kept): for a full Redis."""
    thinned = training._thin(snap.batch_history, LEAN_POINTS)
    return replace(snap, batch_history={k: tuple(v) for k, v in thinned.items()})


class _Publisher(threading.Thread):
    """Sends the run's history, a heartbeat and reads its Stop key, every `every` seconds, from the worker.

    Redis out of reach or out of memory never stops the training: the publisher logs it once, keeps trying,
    and sends the whole history again once Redis answers (a restart forgets every key). `worker` (the RQ
    worker of this process) is registered again if Redis lost its worker list.
    """

    def __init__(self, conn: Redis, history: live.LiveHistory, stop_event: threading.Event,
                 every: float = PUBLISH_EVERY, worker: Any = None) -> None:
        super().__init__(name=f"cnnviz-publish-{history.run_id}", daemon=True)
        self.conn = conn
        self.history = history
        self.stop_event = stop_event
        self.every = every
        self.worker = worker
        self.lean = False  # Redis refused memory once: thinned per-batch points from then on
        self.down = False  # the last round trip failed
        self._quit = threading.Event()
        self._sent: tuple[Any, ...] | None = None

    def run(self) -> None:
        while not self._quit.wait(self.every):
            self.tick()

    def snapshot(self) -> live.HistorySnapshot:
        snap = self.history.snapshot()
        return _lean(snap) if self.lean else snap

    def tick(self) -> None:
        """One round trip: heartbeat, history if it changed, the Stop key and the worker's registration."""
        from redis.exceptions import OutOfMemoryError, RedisError
        from rq.worker_registration import REDIS_WORKER_KEYS

        run_id = self.history.run_id
        snap = self.snapshot()
        mark = (snap.status, snap.epoch, snap.batch, snap.epochs, len(snap.history.get("epoch", ())),
                snap.best_epoch, snap.error, self.lean)
        try:
            pipe = self.conn.pipeline(transaction=False)
            pipe.exists(_key(run_id, "stop"))
            pipe.set(_key(run_id, "alive"), "1", ex=HEARTBEAT_TTL)
            if mark != self._sent:
                pipe.set(_key(run_id, "history"), snapshot_to_json(snap), ex=KEY_TTL)
            if self.worker is not None:
                pipe.sismember(REDIS_WORKER_KEYS, self.worker.key)
            replies = pipe.execute()
        except OutOfMemoryError:
            self._short_of_memory()
            return
        except RedisError as err:
            if not self.down:
                log.warning("run %s: Redis is out of reach (%s); training goes on, publishing resumes when it "
                            "is back", run_id, err)
            self.down = True
            self._sent = None  # a restarted Redis has forgotten the history: send it whole
            return
        if self.down:
            log.warning("run %s: Redis answers again; publishing the run's history", run_id)
            self.down = False
        self._sent = mark
        if replies[0]:
            self.stop_event.set()
        if self.worker is not None and not replies[-1]:
            with contextlib.suppress(RedisError):
                self.worker.register_again(run_id)

    def _short_of_memory(self) -> None:
        """Redis is at its maxmemory (noeviction): keep the heartbeat with EXPIRE (needs no memory), read Stop,
        and publish thinned per-batch points from now on; the training goes on."""
        from redis.exceptions import RedisError

        run_id = self.history.run_id
        if not self.lean:
            log.warning("run %s: Redis is out of memory (maxmemory); training goes on, the live history keeps "
                        "at most %d per-batch points", run_id, LEAN_POINTS)
        self.lean = True
        self._sent = None
        with contextlib.suppress(RedisError):
            pipe = self.conn.pipeline(transaction=False)
            pipe.expire(_key(run_id, "alive"), HEARTBEAT_TTL)
            pipe.exists(_key(run_id, "stop"))
            if pipe.execute()[-1]:
                self.stop_event.set()

    def finish(self, outcome: dict[str, Any] | None, owner: str, patience: float = RESULT_PATIENCE,
               address: str = "") -> bool:
        """Stop publishing; write the final history and `outcome` and free `owner`'s slot, retried with backoff
        for `patience` seconds while Redis is down or full (once, without an outcome). True once written."""
        from redis.exceptions import RedisError

        self._quit.set()
        if self.is_alive():
            self.join(5)
        run_id = self.history.run_id
        deadline = time.monotonic() + (patience if outcome is not None else 0.0)
        delay = 0.5
        while True:
            try:
                pipe = self.conn.pipeline(transaction=False)
                pipe.set(_key(run_id, "history"), snapshot_to_json(self.snapshot()), ex=KEY_TTL)
                if outcome is not None:
                    pipe.set(_key(run_id, "result"), json.dumps(outcome), ex=KEY_TTL)
                if owner:
                    pipe.eval(_RELEASE, 1, _owner_key(owner), run_id)
                if address:
                    pipe.zrem(_address_key(address), run_id)
                pipe.execute()
            except RedisError as err:
                if time.monotonic() + delay > deadline:
                    log.error("run %s: its result could not be written to Redis (%s); the checkpoint, if any, is "
                              "in the runs folder", run_id, err)
                    return False
                log.warning("run %s: Redis refused the result (%s); trying again in %.1f s", run_id, err, delay)
                time.sleep(delay)
                delay = min(delay * 2, 10.0)  # Redis back: the result lands within 10 s
                continue
            if delay > 0.5:
                log.warning("run %s: result written to Redis", run_id)
            return True


@lru_cache(maxsize=2)
def _dataset(name: str) -> data.Dataset:
    """A catalogue dataset, loaded once per worker process (as the web server's cache does)."""
    return data.load_dataset(name)


def train_job(payload: dict[str, Any]) -> dict[str, Any]:
    """The RQ job a worker runs: one training, its history and heartbeat in Redis, the checkpoint on disk.

    Returns the result as JSON-able values: {"status", "checkpoint" (file name), test figures, "story"}
    or {"error": {...}} for a CnnvizError, which the web side shows translated; the same values go to
    ``cnnviz:run:<id>:result``, written once Redis takes them (the checkpoint is saved first, Redis or not).
    """
    import keras

    worker = _serving
    conn = connect(worker.cnnviz_url if worker is not None else payload["url"])  # short timeouts, its own pool
    run_id = str(payload["run_id"])
    history = live.LiveHistory(run_id)
    stop_event = threading.Event()
    publisher = _Publisher(conn, history, stop_event, worker=worker)
    publisher.tick()  # the heartbeat before anything slow
    publisher.start()
    out_dir = Path(os.environ.get("CNNVIZ_RUNS_DIR") or payload["out_dir"])
    outcome: dict[str, Any] | None = None
    try:
        config = config_from_dict(payload["config"])
        dataset = _dataset(config.dataset)
        result = training.train(config, out_dir, history, stop_event, name=payload.get("name"), run_id=run_id,
                                dataset=dataset, owner=payload.get("owner", ""))
        outcome = {
            "status": result.status,
            "checkpoint": result.checkpoint_path.name if result.checkpoint_path else None,
            "test_accuracy": result.test_accuracy, "test_loss": result.test_loss,
            "test_total_loss": result.test_total_loss, "best_epoch": result.best_epoch,
            "story": result.story.to_dict() if result.story else None,
        }
    except CnnvizError as err:  # train() has marked the history failed
        history.set_status("failed", str(err))
        outcome = {"error": _error_payload(err)}
    finally:
        publisher.finish(outcome, payload.get("owner", ""), address=payload.get("address", ""))
        keras.backend.clear_session()  # the next job on this worker starts clean
    return outcome


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
                 alive: Callable[[], bool] | None = None, queue_name: str = QUEUE_NAME, address: str = "") -> None:
        self.address = address
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
        self._unreachable_since: float | None = None  # since when Redis has been out of reach
        self._gone_since: float | None = None  # since when Redis has known neither the job nor a heartbeat
        self._missing_since: float | None = None  # since when the finished run's file has been looked for
        self.saved_offline = False  # the result was read from the runs folder, not from Redis
        self._stop_wanted = False
        self._memory_full = False
        self._memory_checked = 0.0
        self._disk_checked = 0.0
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
        """Ask Redis where the job is (at most every `POLL_EVERY` s, every `UNREACHABLE_POLL` s while it is out
        of reach): queued, training, done, failed or lost.

        Redis out of reach is a state, not a failure: the run may still be training, so it is followed again
        when Redis answers, and counts as saved once its checkpoint is in the runs folder. Only after
        `UNREACHABLE_AFTER` seconds without Redis does the page stop following it.
        """
        from redis.exceptions import RedisError
        from rq.exceptions import NoSuchJobError

        with self._lock:
            every = POLL_EVERY if self._unreachable_since is None else UNREACHABLE_POLL
            if self._final or (not force and time.monotonic() - self._checked < every):
                return
            self._checked = time.monotonic()
            try:
                self._refresh()
                self._unreachable_since = None
            except NoSuchJobError:
                self._fail(TrainingError(key="error.queue_job_gone"))
            except RedisError:
                since = self._unreachable_since = self._unreachable_since or time.monotonic()
                if not self._found_on_disk() and time.monotonic() - since > UNREACHABLE_AFTER:
                    self._fail(TrainingError(key="error.queue_gave_up", where=_where(self.url),
                                             minutes=round(UNREACHABLE_AFTER / 60)))

    def _refresh(self) -> None:
        from redis.exceptions import ResponseError
        from rq.exceptions import InvalidJobOperation
        from rq.job import JobStatus

        if self._stop_wanted:  # a Stop pressed while Redis was out of reach (or restarted since)
            with contextlib.suppress(ResponseError):
                self.conn.set(_key(self.run_id, "stop"), "1", ex=KEY_TTL)
        pipe = self.conn.pipeline(transaction=False)
        pipe.get(_key(self.run_id, "result"))
        pipe.get(_key(self.run_id, "history"))
        pipe.exists(_key(self.run_id, "alive"))
        result, raw, beating = pipe.execute()
        if raw is not None:
            self._snap, self.history.sent_at = snapshot_from_json(raw)
        if beating:
            self._last_beat = time.monotonic()
        self._check_memory()
        if result is not None:  # the worker's own record of the end, which outlives RQ's job after a restart
            self._finish(json.loads(result))
            return
        try:
            status: JobStatus | None = self.job.get_status(refresh=True)
        except InvalidJobOperation:  # Redis restarted without its data: RQ has forgotten the job
            status = None
        self._position = 0
        if status is None:
            if beating:
                self._status, self._gone_since = "started", None  # its worker publishes again: the run goes on
                return
            gone = self._gone_since = self._gone_since or time.monotonic()
            if not self._found_on_disk() and time.monotonic() - gone > GONE_AFTER:
                self._fail(TrainingError(key="error.queue_job_gone"))
            return
        self._gone_since = None
        self._status = str(status.value if hasattr(status, "value") else status)
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
        elif (status == JobStatus.STARTED and self._started_long_ago() and not beating
              and not self._found_on_disk()):  # (saved, but its result never reached Redis: full or restarted)
            self._lose()  # the heartbeat lapsed: the worker was killed or its machine went down

    def _started_long_ago(self) -> bool:
        """True once this side has seen the job "started" for longer than a heartbeat lasts (no clock skew)."""
        self._seen_started = self._seen_started or time.monotonic()
        return time.monotonic() - self._seen_started > HEARTBEAT_TTL

    def _check_memory(self) -> None:
        """Whether Redis is over its maxmemory (it refuses writes, so the curve pauses), every `MEMORY_EVERY` s."""
        from redis.exceptions import ResponseError

        if time.monotonic() - self._memory_checked < MEMORY_EVERY:
            return
        self._memory_checked = time.monotonic()
        with contextlib.suppress(ResponseError):  # INFO may be refused (an ACL): say nothing then
            info = self.conn.info("memory")
            limit = int(info.get("maxmemory", 0))
            self._memory_full = limit > 0 and int(info.get("used_memory", 0)) > limit

    def _lose(self) -> None:
        """The worker stopped beating: fail the job in RQ's FailedJobRegistry, free the owner's slot."""
        from redis.exceptions import ResponseError
        from rq.job import JobStatus
        from rq.registry import FailedJobRegistry, StartedJobRegistry

        queue = training_queue(self.url, self.queue_name)
        with contextlib.suppress(ResponseError), self.conn.pipeline() as pipe:  # a full Redis: fail it here only
            self.job.set_status(JobStatus.FAILED, pipeline=pipe)
            StartedJobRegistry(queue=queue).remove_executions(self.job, pipeline=pipe)
            FailedJobRegistry(queue=queue).add(
                self.job, ttl=KEY_TTL, exc_string="cnnviz: the worker stopped sending heartbeats", pipeline=pipe)
            pipe.execute()
        self.lost_after = time.monotonic() - self._last_beat
        self._fail(TrainingError(key="error.queue_worker_lost", epoch=max(self._snap.epoch, 1)))

    def _found_on_disk(self) -> bool:
        """Finish from the runs folder if the worker saved this run's checkpoint there (every `DISK_EVERY` s).

        The folder is shared with the workers, so a file with this run's id in its name and metadata is the
        run's result even when Redis never heard of its end.
        """
        if time.monotonic() - self._disk_checked < DISK_EVERY:
            return False
        self._disk_checked = time.monotonic()
        for path in sorted(self.out_dir.glob(f"*{self.run_id}{checkpoints.SUFFIX}")):
            if path.is_file() and path.with_suffix(checkpoints.SIDECAR_SUFFIX).is_file():
                meta = checkpoints.read_metadata(path)
                if meta.run_id == self.run_id:
                    self._finish_from(path, meta)
                    return True
        return False

    def _finish_from(self, path: Path, meta: checkpoints.Metadata) -> None:
        """The result as the checkpoint's metadata tells it (how it ended, its test figures, its curves)."""
        parts = meta.story.get("parts", []) if isinstance(meta.story, dict) else []
        stopped = any(str(part.get("key", "")).startswith("story.stopped") for part in parts)
        history = {k: tuple(math.nan if x is None else float(x) for x in v) for k, v in meta.history.items()}
        status = "stopped" if stopped else "finished"
        if history:
            self._snap = replace(self._snap, status=status, history=history, best_epoch=meta.best_epoch)
        self.saved_offline = True
        self._finish({"status": status, "checkpoint": path.name, "best_epoch": meta.best_epoch,
                      "story": meta.story or None, **{k: meta.final_metrics.get(k) for k in
                                                      ("test_accuracy", "test_loss", "test_total_loss")}})

    def _finish(self, payload: dict[str, Any]) -> None:
        if "error" in payload:
            self._fail(error_from_payload(payload["error"]))
            return
        path = self.out_dir / payload["checkpoint"] if payload.get("checkpoint") else None
        if path is not None and not path.is_file():  # saved in a runs folder this side cannot see
            self._missing_since = self._missing_since or time.monotonic()
            if time.monotonic() - self._missing_since > NOT_SHARED_AFTER:  # not a slow NFS: say so, not crash
                self._fail(TrainingError(key="error.queue_not_shared", name=path.name))
            return
        meta = checkpoints.read_metadata(path) if path is not None else None
        self.result = training.TrainResult(
            self.run_id, str(payload["status"]), path, payload.get("test_accuracy"), payload.get("test_loss"),
            payload.get("best_epoch"), meta, replace(self._snap, status=str(payload["status"])),
            test_total_loss=payload.get("test_total_loss"), story=training.RunStory.from_dict(payload.get("story")),
        )
        self._end(self.result.history)

    def _fail(self, failure: CnnvizError) -> None:
        self.failure = failure
        self._end(replace(self._snap, status="failed", error=str(failure)))

    def _end(self, snap: live.HistorySnapshot) -> None:
        self._snap = snap
        self._final = True
        self._position = 0
        with contextlib.suppress(Exception):  # Redis gone: the owner key expires with the job timeout
            release_owner(self.conn, self.owner, self.run_id, self.address)

    def snapshot(self) -> live.HistorySnapshot:
        """The latest history the worker published."""
        self.refresh()
        return self._snap

    def stop(self) -> None:
        """Stop at the end of the current batch (the worker saves), or leave the queue if still waiting."""
        from redis.exceptions import RedisError
        from rq.exceptions import InvalidJobOperation

        self._stop_wanted = True  # sent again with every poll, should Redis be out of reach or restart
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

    def workers(self) -> int | None:
        """Workers listening on the queue (a killed one counts until its RQ registration expires); at least one
        while this run's worker beats; None while Redis is out of reach."""
        from redis.exceptions import RedisError
        from rq import Worker

        self.refresh()
        if self._unreachable_since is not None:
            return None
        try:
            count = Worker.count(queue=training_queue(self.url, self.queue_name))
        except RedisError:
            return None
        beating = self._status == "started" and time.monotonic() - self._last_beat < HEARTBEAT_TTL
        return max(count, 1) if beating else count

    def notice(self) -> Phrase | None:
        """What is true about the queue itself, for the page: Redis out of reach (the run may still train), out
        of memory (the curve pauses), or the result read from the runs folder; None when all is well."""
        self.refresh()
        if self.saved_offline:
            return Phrase("train.queue_saved_offline")
        if self._final:
            return None
        if self._unreachable_since is not None:
            return Phrase("train.queue_unreachable", where=_where(self.url))
        if self._memory_full:
            return Phrase("train.queue_out_of_memory")
        return None


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
                   queue_name: str = QUEUE_NAME, address: str = "") -> RemoteRun:
    """Put a run on the queue (one per owner and at most `MAX_PER_ADDRESS` per client address, across every
    replica) and return its `RemoteRun`."""
    from redis.exceptions import RedisError

    url = url or queue_url()
    if url is None:
        raise TrainingError(key="error.queue_unreachable", where="CNNVIZ_QUEUE")
    queueable(dataset, base_model)
    run_id = checkpoints.new_run_id()
    payload = {"run_id": run_id, "config": config.to_dict(), "name": name, "owner": owner,
               "out_dir": str(out_dir), "url": url, "address": address}
    try:
        conn = connect(url)
        queue = training_queue(url, queue_name)
        if owner and not conn.set(_owner_key(owner), run_id, nx=True, ex=JOB_TIMEOUT + 3600):
            raise TrainingError(key="error.one_run_each")
        try:
            _claim_address(conn, address, run_id)
            if queue.count >= MAX_WAITING:
                raise TrainingError(key="error.queue_full", count=queue.count)
            job = queue.enqueue(train_job, payload, job_id=run_id, job_timeout=JOB_TIMEOUT, result_ttl=KEY_TTL,
                                failure_ttl=KEY_TTL, description=f"cnnviz training {config.model_name}")
        except BaseException:
            release_owner(conn, owner, run_id, address)
            raise
    except RedisError as err:
        raise TrainingError(key="error.queue_unreachable", where=_where(url)) from err
    return RemoteRun(url, job, config, Path(out_dir), owner, alive, queue_name, address)


def active_runs(url: str | None = None, queue_name: str = QUEUE_NAME) -> int:
    """Runs training on workers right now (0 when Redis is out of reach)."""
    from redis.exceptions import RedisError
    from rq.registry import StartedJobRegistry

    try:
        return StartedJobRegistry(queue=training_queue(url or queue_url() or "", queue_name)).count
    except (RedisError, ValueError):
        return 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


_serving: Any = None  # the RQ worker `work()` runs in this process: its jobs register it again after a restart


@lru_cache(maxsize=1)
def _worker_class() -> type:
    """RQ's SimpleWorker, made to outlive Redis restarts (a class built on first use: rq loads only with a queue)."""
    from redis.exceptions import RedisError
    from rq import SimpleWorker, worker_registration
    from rq.utils import as_text

    class Worker(SimpleWorker):
        max_connection_wait_time = 10.0  # the longest wait between tries while Redis is down (RQ's: 60 s)
        cnnviz_url = ""

        def register_birth(self) -> None:
            self.forget_dead_namesake()
            super().register_birth()

        def forget_dead_namesake(self) -> None:
            """Drop the registration a killed worker of this name left on this machine (SIGKILL, a crash, or this
            process's own last loop), so a restarted worker can take the name: RQ refuses one still registered."""
            host, pid, death = self.connection.hmget(self.key, "hostname", "pid", "death")
            if death is not None or host is None or pid is None or as_text(host) != self.hostname:
                return
            if int(pid) != os.getpid() and _pid_alive(int(pid)):
                return  # a live worker of the same name: RQ says so
            with self.connection.pipeline() as pipe:
                pipe.delete(self.key)
                worker_registration.unregister(self, pipe)
                pipe.execute()
            log.warning("worker %s: took over the name from process %s, which is gone", self.name, int(pid))

        def heartbeat(self, timeout: int | None = None, pipeline: Any = None) -> None:
            super().heartbeat(timeout, pipeline)
            if pipeline is None:
                self.register_again()

        def register_again(self, job_id: str | None = None) -> bool:
            """Write this worker back into RQ's worker lists if Redis lost them (restarted); True if it did."""
            if self.connection.sismember(worker_registration.REDIS_WORKER_KEYS, self.key):
                return False
            fields = {**self.serialize(), "state": self.get_state(), **({"current_job": job_id} if job_id else {})}
            with self.connection.pipeline() as pipe:
                pipe.hset(self.key, mapping=fields)
                worker_registration.register(self, pipe)
                pipe.expire(self.key, (JOB_TIMEOUT if job_id else self.worker_ttl) + 60)
                pipe.execute()
            log.warning("worker %s: registered again with Redis, which had lost its worker list", self.name)
            return True

        def execute_job(self, job: Any, queue: Any) -> None:
            try:
                super().execute_job(job, queue)
            except RedisError as err:  # RQ's own records of the job; cnnviz's result key holds the outcome
                log.warning("worker %s: Redis failed while RQ recorded job %s (%s)", self.name, job.id, err)

    return Worker


def work(url: str, name: str | None = None, queue_name: str = QUEUE_NAME, burst: bool = False) -> None:
    """Serve the queue in this process: TensorFlow loads once, each job trains here (RQ's SimpleWorker).

    Whenever RQ's loop gives up on Redis (down, out of memory, timed out), it starts again after a pause that
    doubles up to 30 s (logged); only a stop request (SIGTERM, Ctrl-C) or, with `burst`, an empty queue ends it.
    """
    global _serving
    from redis import Redis
    from redis.exceptions import RedisError
    from rq.exceptions import StopRequested
    from rq.serializers import JSONSerializer

    conn = Redis.from_url(url, socket_connect_timeout=3, health_check_interval=30)  # RQ lengthens its timeout
    delay = 1.0
    try:
        while True:
            worker = _worker_class()([training_queue(url, queue_name)], connection=conn,
                                     serializer=JSONSerializer, name=name)
            worker.cnnviz_url = url
            _serving = worker
            name = worker.name  # a loop started again keeps the name (and takes over its stale registration)
            began = time.monotonic()
            try:
                worker.work(burst=burst, with_scheduler=False, logging_level="WARNING")
            except RedisError as err:
                log.warning("worker %s: Redis failed (%s)", worker.name, err)
            if burst or worker._shutdown_requested_date is not None:
                return
            delay = 1.0 if time.monotonic() - began > 60 else min(delay * 2, 30.0)
            log.warning("worker %s: serving the queue again in %.0f s", worker.name, delay)
            time.sleep(delay)
    except StopRequested:  # SIGTERM while waiting to start again
        return
    finally:
        _serving = None
