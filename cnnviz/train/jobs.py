"""Training runs in the background: a worker thread per run, fair turns for the CPU, and a watchdog.

`start_training()` queues a run and returns at once; the page reads `run.history` (a
`live.LiveHistory`) and may call `run.stop()`. `TrainingSlots` decides whose turn it is:
at most `capacity` runs train at once (the CPU cores, or CNNVIZ_MAX_TRAININGS), each owner
(a browser, for the app) has at most one run training or waiting, and runs start in the order
they were asked for. So one student with two tabs cannot hold every slot, and nobody is refused
because the server is busy: they wait their turn and see their place in the queue.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keras

from cnnviz import data
from cnnviz.core.errors import CnnvizError, TrainingError
from cnnviz.train import checkpoints, live, remote, training

MAX_CONCURRENT_RUNS = int(os.environ.get("CNNVIZ_MAX_TRAININGS", "0")) or os.cpu_count() or 1
MAX_WAITING = 64  # runs waiting at once, all owners together


class TrainingSlots:
    """Who trains now and who waits: first come, first served, one run per owner."""

    def __init__(self, capacity: int, max_waiting: int = MAX_WAITING) -> None:
        self.capacity = capacity
        self.max_waiting = max_waiting
        self._turn = threading.Condition()
        self._running: dict[str, str] = {}  # run id → owner
        self._waiting: list[tuple[str, str]] = []  # (run id, owner), oldest first

    def enqueue(self, run_id: str, owner: str) -> None:
        """Join the queue; TrainingError when this owner already has a run, or the queue is full."""
        with self._turn:
            owners = set(self._running.values()) | {o for _, o in self._waiting}
            if owner and owner in owners:
                raise TrainingError(key="error.one_run_each")
            if len(self._waiting) >= self.max_waiting:
                raise TrainingError(key="error.queue_full", count=len(self._waiting))
            self._waiting.append((run_id, owner))

    def position(self, run_id: str) -> int:
        """1 for the next run to start, 2 after it, …; 0 when the run is training or gone."""
        with self._turn:
            return next((i + 1 for i, (rid, _) in enumerate(self._waiting) if rid == run_id), 0)

    def wait_turn(self, run_id: str, cancelled: Callable[[], bool], poll: float = 0.5) -> bool:
        """Block until this run may train (True), or until `cancelled()` turns True while it waits (False)."""
        with self._turn:
            while not (self._waiting and self._waiting[0][0] == run_id
                       and len(self._running) < self.capacity):
                if cancelled():
                    self._waiting = [w for w in self._waiting if w[0] != run_id]
                    self._turn.notify_all()
                    return False
                self._turn.wait(poll)
            _, owner = self._waiting.pop(0)
            self._running[run_id] = owner
            self._turn.notify_all()
            return True

    def release(self, run_id: str) -> None:
        """The run ended (or never started): its slot or its place goes to the next."""
        with self._turn:
            self._running.pop(run_id, None)
            self._waiting = [w for w in self._waiting if w[0] != run_id]
            self._turn.notify_all()

    def running(self) -> int:
        with self._turn:
            return len(self._running)

    def waiting(self) -> int:
        with self._turn:
            return len(self._waiting)


SLOTS = TrainingSlots(MAX_CONCURRENT_RUNS)


class TrainingRun:
    """A `training.train()` call in a worker thread, started when the slots give it its turn."""

    def __init__(self, config: training.TrainConfig, out_dir: str | Path, *, name: str | None = None,
                 dataset: data.Dataset | None = None, alive: Callable[[], bool] | None = None,
                 base_model: keras.Model | None = None, owner: str = "",
                 slots: TrainingSlots | None = None) -> None:
        self.config = config
        self.run_id = checkpoints.new_run_id()
        self.owner = owner
        self.alive = alive  # e.g. "is the browser tab still open?"; a run nobody watches stops and saves
        self.history = live.LiveHistory(self.run_id)
        self.result: training.TrainResult | None = None
        self.failure: CnnvizError | None = None
        self.slots = slots or SLOTS
        self._stop = threading.Event()
        self._args = (Path(out_dir), name, dataset, base_model)
        self._thread = threading.Thread(target=self._work, name=f"cnnviz-train-{self.run_id}", daemon=True)

    def _work(self) -> None:
        out_dir, name, dataset, base_model = self._args
        try:
            watch = _Watchdog(self.alive, self._stop) if self.alive else None
            if not self._wait_turn(watch):
                # stopped (or the tab closed) while waiting: nothing to save
                self.history.set_status("stopped")
                return
            self.result = training.train(self.config, out_dir, self.history, self._stop, name=name,
                                         run_id=self.run_id, dataset=dataset,
                                         callbacks=[watch] if watch else [],
                                         base_model=base_model, owner=self.owner)
        except CnnvizError as err:  # train() already marked the history "failed"
            self.failure = err
        finally:
            self.slots.release(self.run_id)

    def _wait_turn(self, watch: _Watchdog | None) -> bool:
        """Wait in the queue; Stop, or a closed tab, leaves it."""
        def cancelled() -> bool:
            if watch is not None:
                watch.check()
            return self._stop.is_set()

        return self.slots.wait_turn(self.run_id, cancelled)

    def start(self) -> TrainingRun:
        self.slots.enqueue(self.run_id, self.owner)
        try:
            self._thread.start()
        except BaseException:
            self.slots.release(self.run_id)
            raise
        return self

    def stop(self) -> None:
        """Ask the run to stop at the end of the current batch (or leave the queue); it still saves."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the run; True when it is done."""
        self._thread.join(timeout)
        return self.done

    @property
    def queue_position(self) -> int:
        """Place in the queue (1 = next), or 0 once training has started."""
        return self.slots.position(self.run_id)

    @property
    def error(self) -> str | None:
        """The failure in English (see `failure` for the page's language)."""
        return str(self.failure) if self.failure else None

    @property
    def done(self) -> bool:
        return self._thread.ident is not None and not self._thread.is_alive()

    @property
    def checkpoint_path(self) -> Path | None:
        return self.result.checkpoint_path if self.result else None


def start_training(config: training.TrainConfig, out_dir: str | Path, *, name: str | None = None,
                   dataset: data.Dataset | None = None, alive: Callable[[], bool] | None = None,
                   base_model: keras.Model | None = None, owner: str = "") -> TrainingRun | remote.RemoteRun:
    """Queue a background run and start its thread; it trains when `SLOTS` gives it its turn.

    TrainingError when `owner` already has a run training or waiting. `alive` is polled every few
    seconds; once it returns False (the user closed the tab) the run stops after the current batch
    and saves its best weights (or leaves the queue), freeing its thread and its slot. With
    CNNVIZ_QUEUE set, the run goes to the Redis queue instead and a worker trains it (`cnnviz.remote`).
    """
    if remote.configured():
        return remote.start_training(config, out_dir, name=name, dataset=dataset, alive=alive,
                                     base_model=base_model, owner=owner)
    return TrainingRun(config, out_dir, name=name, dataset=dataset, alive=alive, base_model=base_model,
                       owner=owner).start()


def active_runs() -> int:
    """Runs training right now (not counting those waiting); on the workers when CNNVIZ_QUEUE is set."""
    return remote.active_runs() if remote.configured() else SLOTS.running()


class _Watchdog(keras.callbacks.Callback):
    """Asks the run to stop when `alive()` turns False, checked at most every `every` seconds."""

    async_safe = True  # it only reads the clock and sets an Event: Keras need not wait for it after a batch

    def __init__(self, alive: Callable[[], bool], stop_event: threading.Event, every: float = 2.0) -> None:
        super().__init__()
        self.alive = alive
        self.stop_event = stop_event
        self.every = every
        self._checked = time.monotonic()

    def check(self) -> None:
        if time.monotonic() - self._checked >= self.every:
            self._checked = time.monotonic()
            if not self.alive():
                self.stop_event.set()

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        self.check()
