"""Training runs in the background: a thread per run, fair turns for the CPU, quotas, and a watchdog.

`start_training()` queues a run and returns at once; the page reads `run.history` (a
`live.LiveHistory`) and may call `run.stop()`. `TrainingSlots` decides whose turn it is:
at most `capacity` runs train at once (the CPU cores, or CNNVIZ_MAX_TRAININGS), each owner
(a browser, for the app) has at most one run training or waiting, and runs start in the order
they were asked for. So one student with two tabs cannot hold every slot, and nobody is refused
because the server is busy: they wait their turn and see their place in the queue.

A browser is a cookie anyone can make up, so two budgets hold whatever the identity: each client address
has at most `MAX_PER_ADDRESS` runs training or waiting (CNNVIZ_MAX_RUNS_PER_ADDRESS; "" — this computer
itself, or no browser — has none; a class behind one NAT address needs it raised), and at most
`MAX_WAITING` runs wait at once (CNNVIZ_MAX_QUEUED). The runs folder keeps its byte budget
(`runs.fit_folder`) before a run starts and after it saves.

The thread only waits and relays: the training itself runs in a child process (`cnnviz.child`), so the
memory TensorFlow takes for it returns to the system when it ends (CNNVIZ_TRAIN_IN_PROCESS=1 trains in the
thread instead, as notebooks may prefer).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keras

from cnnviz import data
from cnnviz.core.errors import CnnvizError, TrainingError
from cnnviz.train import checkpoints, child, live, remote, runs, training

MAX_CONCURRENT_RUNS = int(os.environ.get("CNNVIZ_MAX_TRAININGS", "0")) or os.cpu_count() or 1
MAX_WAITING = int(os.environ.get("CNNVIZ_MAX_QUEUED", "0")) or max(8, 4 * MAX_CONCURRENT_RUNS)  # all owners
# training or waiting, per client address: half the queue, so one address (a forger, or a class behind one NAT)
# never holds all of it
MAX_PER_ADDRESS = int(os.environ.get("CNNVIZ_MAX_RUNS_PER_ADDRESS", "0")) or max(2, MAX_WAITING // 2)
IN_PROCESS = os.environ.get("CNNVIZ_TRAIN_IN_PROCESS", "") == "1"  # train in the thread, not a child process


class TrainingSlots:
    """Who trains now and who waits: first come, first served, one run per owner, a few per address."""

    def __init__(self, capacity: int, max_waiting: int = MAX_WAITING, per_address: int = MAX_PER_ADDRESS) -> None:
        self.capacity = capacity
        self.max_waiting = max_waiting
        self.per_address = per_address
        self._turn = threading.Condition()
        self._running: dict[str, tuple[str, str]] = {}  # run id → (owner, address)
        self._waiting: list[tuple[str, str, str]] = []  # (run id, owner, address), oldest first

    def enqueue(self, run_id: str, owner: str, address: str = "") -> None:
        """Join the queue; TrainingError when this owner already has a run, this address has `per_address`,
        or the queue is full."""
        with self._turn:
            places = [*self._running.values(), *((o, a) for _, o, a in self._waiting)]
            if owner and owner in {o for o, _ in places}:
                raise TrainingError(key="error.one_run_each")
            if address and sum(a == address for _, a in places) >= self.per_address:
                raise TrainingError(key="error.address_busy", limit=self.per_address)
            if len(self._waiting) >= self.max_waiting:
                raise TrainingError(key="error.queue_full", count=len(self._waiting))
            self._waiting.append((run_id, owner, address))

    def position(self, run_id: str) -> int:
        """1 for the next run to start, 2 after it, …; 0 when the run is training or gone."""
        with self._turn:
            return next((i + 1 for i, (rid, _, _) in enumerate(self._waiting) if rid == run_id), 0)

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
            _, owner, address = self._waiting.pop(0)
            self._running[run_id] = (owner, address)
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
    """A training run: a thread that waits for its turn, then trains in a child process (`cnnviz.child`)."""

    def __init__(self, config: training.TrainConfig, out_dir: str | Path, *, name: str | None = None,
                 dataset: data.Dataset | None = None, alive: Callable[[], bool] | None = None,
                 base_model: keras.Model | None = None, owner: str = "", address: str = "",
                 keep_partial: bool = False, slots: TrainingSlots | None = None,
                 in_process: bool | None = None) -> None:
        self.config = config
        self.run_id = checkpoints.new_run_id()
        self.owner = owner
        self.address = address  # the client's IP address ("" for this computer): `TrainingSlots.per_address`
        self.keep_partial = keep_partial  # keep a run stopped during its first epoch (`child.drop_partial`)
        self.alive = alive  # e.g. "is the browser tab still open?"; a run nobody watches stops and saves
        self.history = live.LiveHistory(self.run_id)
        self.result: training.TrainResult | None = None
        self.failure: CnnvizError | None = None
        self.slots = slots or SLOTS
        self.in_process = IN_PROCESS if in_process is None else in_process
        self.out_dir = Path(out_dir)
        self._stop = threading.Event()
        self._args: tuple[str | None, data.Dataset | None, keras.Model | None] | None = (name, dataset, base_model)
        self._thread = threading.Thread(target=self._work, name=f"cnnviz-train-{self.run_id}", daemon=True)

    def _work(self) -> None:
        try:
            watch = _Watchdog(self.alive, self._stop) if self.alive else None
            if not self._wait_turn(watch):
                # stopped (or the tab closed) while waiting: nothing to save
                self.history.set_status("stopped")
                return
            self.result = self._train(watch)
            if self.result.checkpoint_path is not None:  # its owner is about to look at it
                runs.mark_in_use(self.result.checkpoint_path)
                self._fit_folder(self.result.checkpoint_path)
        except CnnvizError as err:  # train() already marked the history "failed"
            self.failure = err
        finally:
            self._args = None  # the dataset and the base model are the page's caches': let them go
            self.slots.release(self.run_id)

    def _train(self, watch: _Watchdog | None) -> training.TrainResult:
        name, dataset, base_model = self._args or (None, None, None)
        if self.in_process:
            result = training.train(self.config, self.out_dir, self.history, self._stop, name=name,
                                    run_id=self.run_id, dataset=dataset, callbacks=[watch] if watch else [],
                                    base_model=base_model, owner=self.owner)
            return child.drop_partial(result, self.keep_partial)
        return child.train(self.config, self.out_dir, self.history, self._stop, name=name, run_id=self.run_id,
                           dataset=dataset, base_model=base_model, owner=self.owner,
                           keep_partial=self.keep_partial, tick=watch.check if watch else None)

    def _fit_folder(self, saved: Path) -> None:
        """The runs folder back within its budget, the new run kept; over it still, the next start is refused."""
        with contextlib.suppress(CnnvizError):
            runs.fit_folder(self.out_dir, keep=[saved])

    def _wait_turn(self, watch: _Watchdog | None) -> bool:
        """Wait in the queue; Stop, or a closed tab, leaves it."""
        def cancelled() -> bool:
            if watch is not None:
                watch.check()
            return self._stop.is_set()

        return self.slots.wait_turn(self.run_id, cancelled)

    def start(self) -> TrainingRun:
        self.slots.enqueue(self.run_id, self.owner, self.address)
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
                   base_model: keras.Model | None = None, owner: str = "", address: str = "",
                   keep_partial: bool = False) -> TrainingRun | remote.RemoteRun:
    """Queue a background run and start its thread; it trains when `SLOTS` gives it its turn.

    TrainingError when `owner` already has a run training or waiting, `address` has `MAX_PER_ADDRESS`, or
    `MAX_WAITING` runs wait; CheckpointError when the runs folder is full of runs it may not remove
    (`runs.fit_folder`). `alive` is polled every few seconds; once it returns False (the user closed the
    tab) the run stops after the current batch and saves its best weights (or leaves the queue), freeing
    its thread and its slot; stopped during its first epoch, it saves nothing unless `keep_partial`. With
    CNNVIZ_QUEUE set, the run goes to the Redis queue instead and a worker trains it (`cnnviz.remote`).
    """
    runs.fit_folder(out_dir)  # the runs folder is the workers' too: one budget in both modes
    if remote.configured():
        return remote.start_training(config, out_dir, name=name, dataset=dataset, alive=alive,
                                     base_model=base_model, owner=owner, address=address)
    return TrainingRun(config, out_dir, name=name, dataset=dataset, alive=alive, base_model=base_model,
                       owner=owner, address=address, keep_partial=keep_partial).start()


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
