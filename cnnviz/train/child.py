"""A training run in a child process, so the web server's memory comes back when the run ends.

TensorFlow keeps what a training allocated (its allocator's arenas, traced graphs, Keras's global state)
for the life of the process, with no Python object left to free: three rounds of two AlexNet runs in
threads left a server at 3.4 → 4.9 → 7.0 GB, and `keras.backend.clear_session()` (which would also break
every other session's models) with `malloc_trim` gave back under 100 MB of it. So `jobs` trains each run
in a fresh interpreter, ``python -m cnnviz.train.child FD`` (never a fork of a process running
TensorFlow's threads), which costs a TensorFlow import (2–5 s) before the first batch and returns all of
its memory to the system when it exits.

One socket joins them, a `multiprocessing.connection.Connection` at each end:

- parent → child: the job (config, names, owner, `live.PUBLISH_EVERY`), the dataset's arrays as raw
  bytes (no pickled copy in the server), an uploaded base model as ``.keras`` bytes; later ``("stop",)``;
- child → parent: ``("history", method, args)`` for every change to its `live.LiveHistory`, in order, which
  the parent replays into the history the page polls; then ``("result", TrainResult)`` or
  ``("error", CnnvizError)``.

The child saves the checkpoint itself (`training.train`). If the server goes away, the socket closes and the
child stops at the end of the batch and saves, as after Stop; if the child dies (killed for memory), the
parent reports it (`error.training_lost`) and `cnnviz.interrupted` keeps its last whole epoch.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz import data
from cnnviz.core.errors import CnnvizError, TrainingError
from cnnviz.train import live, runs

if TYPE_CHECKING:
    import keras

    from cnnviz.train import training

POLL = 0.1  # seconds between the parent's looks at Stop and the watchdog while the child trains
# LiveHistory's methods that change it: the child sends each call, the parent makes the same call
MUTATORS = ("set_status", "begin", "start_epoch", "add_batch", "add_epoch", "set_best_epoch")
ARRAYS = ("x_train", "y_train", "x_val", "y_val", "x_test", "y_test")
ROOT = Path(__file__).resolve().parents[2]  # the folder holding the cnnviz package


# --------------------------------------------------------------------------- the parent's side


def train(config: training.TrainConfig, out_dir: str | Path, history: live.LiveHistory,
          stop_event: threading.Event, *, name: str | None = None, run_id: str,
          dataset: data.Dataset | None = None, base_model: keras.Model | None = None, owner: str = "",
          keep_partial: bool = False, tick: Callable[[], None] | None = None) -> training.TrainResult:
    """`training.train()` in a child process, its history relayed into `history`; raises CnnvizError on failure.

    `stop_event` is passed on as a Stop; `tick` is called every `POLL` seconds meanwhile (the watchdog).
    A run stopped during its first epoch keeps no checkpoint unless `keep_partial` (`drop_partial`).
    """
    try:
        job = {"config": config, "out_dir": str(Path(out_dir).resolve()), "name": name, "run_id": run_id,
               "owner": owner, "keep_partial": keep_partial, "publish_every": live.PUBLISH_EVERY,
               "dataset": _dataset_header(dataset, config.limit),
               "base_model": _model_bytes(base_model) if base_model is not None else None}
        process, conn = _spawn()
    except Exception as err:  # the model would not save, or no process could start (out of memory)
        failure = TrainingError(key="error.training_failed", reason=f"{type(err).__name__}: {err}"[:300])
        history.set_status("failed", str(failure))
        raise failure from err
    outcome: tuple[str, Any] | None = None
    try:
        conn.send(job)
        _send_arrays(conn, dataset, config.limit)
        outcome = _relay(conn, process, history, stop_event, tick)
    except (OSError, EOFError):  # the child died before or while it was told its job
        pass
    finally:
        conn.close()
        _reap(process)
    if outcome is not None and outcome[0] == "result":
        return outcome[1]
    failure = outcome[1] if outcome is not None else TrainingError(key="error.training_lost",
                                                                  code=process.returncode)
    history.set_status("failed", str(failure))
    raise failure


def _spawn() -> tuple[subprocess.Popen[bytes], Connection]:
    """A fresh interpreter running `_main`, and this end of the socket that joins them."""
    ours, theirs = socket.socketpair()
    with ours, theirs:
        process = subprocess.Popen(
            [sys.executable, "-m", "cnnviz.train.child", str(theirs.fileno())], pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": _python_path()})
        return process, Connection(ours.detach())


def _relay(conn: Connection, process: subprocess.Popen[bytes], history: live.LiveHistory,
           stop_event: threading.Event, tick: Callable[[], None] | None) -> tuple[str, Any] | None:
    """Replay the child's history calls until it sends its outcome or ends; pass Stop on once."""
    stop_sent = False
    while True:
        if stop_event.is_set() and not stop_sent:
            stop_sent = True
            with contextlib.suppress(OSError):  # the child has just ended: its outcome may wait in the socket
                conn.send(("stop",))
        if conn.poll(POLL):
            kind, *rest = conn.recv()
            if kind == "history" and rest[0] in MUTATORS:
                getattr(history, rest[0])(*rest[1])
            elif kind in ("result", "error"):
                return kind, rest[0]
        elif process.poll() is not None:
            return None  # ended without an outcome: killed, or crashed
        if tick is not None:
            tick()


def _reap(process: subprocess.Popen[bytes], grace: float = 30.0) -> None:
    """Wait for the child to exit (it does once it has sent its outcome); kill it if it hangs."""
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _python_path() -> str:
    """PYTHONPATH for the child: the cnnviz package's folder first, whatever the server's working folder."""
    return os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)


def _limited(dataset: data.Dataset, limit: int | None) -> dict[str, np.ndarray]:
    """The dataset's arrays, each split capped at `limit` as `training.train` would (views: nothing copied)."""
    return {name: np.ascontiguousarray(getattr(dataset, name)[:limit]) for name in ARRAYS}


def _dataset_header(dataset: data.Dataset | None, limit: int | None) -> dict[str, Any] | None:
    """Everything of a dataset but its arrays' bytes, which follow one by one (`_send_arrays`)."""
    if dataset is None:
        return None
    fields = {f.name: getattr(dataset, f.name) for f in dataclasses.fields(dataset) if f.name not in ARRAYS}
    shapes = {name: (array.dtype.str, array.shape) for name, array in _limited(dataset, limit).items()}
    return {"fields": fields, "arrays": shapes}


def _send_arrays(conn: Connection, dataset: data.Dataset | None, limit: int | None) -> None:
    if dataset is not None:
        for array in _limited(dataset, limit).values():
            conn.send_bytes(array.data.cast("B"))


def _model_bytes(model: keras.Model) -> bytes:
    """A model as the bytes of a ``.keras`` file, for the child to load as an upload is loaded."""
    with tempfile.TemporaryDirectory(prefix="cnnviz-child-") as tmp:
        path = Path(tmp) / "base.keras"
        model.save(path)
        return path.read_bytes()


def drop_partial(result: training.TrainResult, keep: bool) -> training.TrainResult:
    """`result` without its checkpoint (deleted) when the run was stopped during its first epoch and the user
    did not ask to keep such runs: a start-then-close should not cost the server a checkpoint."""
    if keep or result.checkpoint_path is None or not runs.stopped_in_first_epoch(result.history):
        return result
    runs.delete(result.checkpoint_path)
    return dataclasses.replace(result, checkpoint_path=None, metadata=None)


# --------------------------------------------------------------------------- the child's side


class _Sender:
    """Sends messages to the parent from any thread, one at a time; quiet once the parent is gone."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.lock = threading.RLock()

    def send(self, message: tuple[Any, ...]) -> None:
        with self.lock, contextlib.suppress(OSError):  # OSError: the parent went away; the run is stopping
            self.conn.send(message)

    def fail(self, err: CnnvizError) -> None:
        """Send the failure; as a plain TrainingError when the error itself cannot be pickled."""
        try:
            self.send(("error", err))
        except Exception:  # noqa: BLE001 — e.g. a value in it that pickle refuses
            self.send(("error", TrainingError(key="error.training_failed", reason=str(err)[:300])))


class _RelayedHistory(live.LiveHistory):
    """A LiveHistory that also sends every change to the parent, in the order the changes were made."""

    def __init__(self, sender: _Sender, run_id: str) -> None:
        super().__init__(run_id)
        self._sender = sender

    def _relay(self, method: str, *args: Any) -> None:
        with self._sender.lock:  # the change and its message together: the parent sees them in this order
            getattr(super(), method)(*args)
            self._sender.send(("history", method, args))

    def set_status(self, status: live.Status, error: str | None = None) -> None:
        self._relay("set_status", status, error)

    def begin(self, epochs: int, batches_per_epoch: int) -> None:
        self._relay("begin", epochs, batches_per_epoch)

    def start_epoch(self, epoch: int) -> None:
        self._relay("start_epoch", epoch)

    def add_batch(self, batch: int, logs: dict[str, float]) -> None:
        self._relay("add_batch", batch, logs)

    def add_epoch(self, epoch: int, logs: dict[str, float], seconds: float, best_epoch: int | None) -> None:
        self._relay("add_epoch", epoch, logs, seconds, best_epoch)

    def set_best_epoch(self, epoch: int | None) -> None:
        self._relay("set_best_epoch", epoch)


def _listen(conn: Connection, stop: threading.Event) -> None:
    """Stop the run when the parent says so, or when it is gone (the socket closed)."""
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            stop.set()
            return
        if message == ("stop",):
            stop.set()


def _receive_dataset(conn: Connection, header: dict[str, Any] | None) -> data.Dataset | None:
    if header is None:
        return None
    arrays: dict[str, Any] = {}
    for name in ARRAYS:
        dtype, shape = header["arrays"][name]
        array = np.empty(shape, dtype=np.dtype(dtype))
        if array.nbytes:
            conn.recv_bytes_into(array.data.cast("B"))
        else:
            conn.recv_bytes()
        arrays[name] = array
    return data.Dataset(**header["fields"], **arrays)


def _main(fd: int) -> None:
    """Train the one job the parent sends, send back the outcome, exit."""
    from cnnviz.train import checkpoints, training

    conn = Connection(fd)
    sender = _Sender(conn)
    job = conn.recv()
    dataset = _receive_dataset(conn, job["dataset"])
    live.PUBLISH_EVERY = job["publish_every"]  # the server's setting (tests count every batch)
    stop = threading.Event()
    threading.Thread(target=_listen, args=(conn, stop), daemon=True, name="cnnviz-child-listen").start()
    history = _RelayedHistory(sender, job["run_id"])
    try:
        base = checkpoints.load_bytes(job["base_model"])[0] if job["base_model"] is not None else None
        result = training.train(job["config"], job["out_dir"], history, stop, name=job["name"],
                                run_id=job["run_id"], dataset=dataset, base_model=base, owner=job["owner"])
        sender.send(("result", drop_partial(result, job["keep_partial"])))
    except CnnvizError as err:  # train() has marked the history failed
        sender.fail(err)
    except Exception as err:  # noqa: BLE001 — anything else still reaches the page as a message
        failure = TrainingError(key="error.training_failed", reason=f"{type(err).__name__}: {err}"[:300])
        history.set_status("failed", str(failure))
        sender.fail(failure)


if __name__ == "__main__":
    code = 1
    try:
        _main(int(sys.argv[1]))
        code = 0
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # without waiting on TensorFlow's thread pools: the checkpoint is saved, the outcome sent
