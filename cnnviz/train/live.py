"""A run as it happens: the thread-safe history the page plots, and the Keras callbacks that fill it.

The callbacks run in the training thread; the page reads `LiveHistory.snapshot()` from its own
thread, a copy it can plot without holding any lock. `_BestWeights` keeps the epoch with the lowest
validation loss, `_WeightSnapshots` summarises the convolution kernels after every epoch and
`_EpochWeights` keeps every epoch's full weights for the epoch replay (`cnnviz.replay`).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Any, Literal, get_args

import keras
import numpy as np

from cnnviz.analysis import weights
from cnnviz.train import interrupted, replay

Status = Literal["queued", "running", "stopping", "finished", "stopped", "failed"]
STATUSES: tuple[Status, ...] = get_args(Status)
HISTOGRAM_BINS = 30
PUBLISH_EVERY = 0.2  # seconds between points of the live batch curve (0: every batch)
MAX_KERNEL_VALUES = 4096  # the first conv's kernels per snapshot; AlexNet's would be 35k


# --------------------------------------------------------------------------- live history


@dataclass(frozen=True)
class HistorySnapshot:
    """A copy of a run's progress the page can plot without holding any lock."""

    run_id: str
    status: str
    epoch: int  # the epoch under way or last finished, 1-based; 0 before training
    epochs: int
    batch: int  # batches done in the current epoch
    batches_per_epoch: int
    history: dict[str, tuple[float, ...]]  # per epoch: epoch, loss, …, seconds, batches (run in that epoch)
    # per batch: step, epoch, loss, accuracy (the epoch's running mean, as Keras logs it)
    batch_history: dict[str, tuple[float, ...]]
    best_epoch: int | None
    error: str | None

    @property
    def phase(self) -> str:
        """The status to show: "starting" while a run builds its model, before Keras says how long it is."""
        return "starting" if self.status == "running" and self.epochs == 0 else self.status

    @property
    def progress(self) -> float:
        """Fraction of all batches done, 0–1."""
        per_epoch = max(self.batches_per_epoch, 1)
        done = max(self.epoch - 1, 0) * per_epoch + min(self.batch, per_epoch)
        return 1.0 if self.status == "finished" else min(done / (max(self.epochs, 1) * per_epoch), 1.0)


class LiveHistory:
    """Thread-safe record of a run, written by Keras callbacks in the worker and read by the page."""

    def __init__(self, run_id: str = "") -> None:
        self._lock = threading.Lock()
        self.run_id = run_id
        self._status: Status = "queued"
        self._error: str | None = None
        self._epoch = 0  # 1-based; 0 before training
        self._epochs = 0
        self._batch = 0
        self._batches_per_epoch = 0
        self._best_epoch: int | None = None
        self._history: dict[str, list[float]] = {}
        self._batches: dict[str, list[float]] = {"step": [], "epoch": [], "loss": [], "accuracy": []}

    def set_status(self, status: Status, error: str | None = None) -> None:
        """Record the run's state; an error message, once given, stays."""
        if status not in STATUSES:
            raise ValueError(f"Unknown run status {status!r}; expected one of {', '.join(STATUSES)}.")
        with self._lock:
            self._status = status
            self._error = error or self._error

    def begin(self, epochs: int, batches_per_epoch: int) -> None:
        """The run's length, known once Keras starts `fit`."""
        with self._lock:
            self._epochs, self._batches_per_epoch = epochs, batches_per_epoch

    def start_epoch(self, epoch: int) -> None:
        """A new epoch (1-based) with no batches done yet."""
        with self._lock:
            self._epoch, self._batch = epoch, 0

    def add_batch(self, batch: int, logs: dict[str, float]) -> None:
        """One batch done (1-based within its epoch), with Keras's running loss and accuracy."""
        with self._lock:
            self._batch = batch
            step = (self._epoch - 1) * self._batches_per_epoch + batch
            for key, value in (("step", step), ("epoch", self._epoch),
                               ("loss", logs.get("loss")), ("accuracy", logs.get("accuracy"))):
                self._batches[key].append(_number(value))

    def add_epoch(self, epoch: int, logs: dict[str, float], seconds: float, best_epoch: int | None) -> None:
        """One epoch's row; keys missing from earlier or later epochs read NaN."""
        with self._lock:  # "batches" < batches_per_epoch marks an epoch cut short by Stop
            row = {"epoch": epoch, **logs, "seconds": seconds, "batches": self._batch}
            done = len(self._history.get("epoch", []))
            for key in [*row, *(k for k in self._history if k not in row)]:  # columns stay equally long
                self._history.setdefault(key, [math.nan] * done).append(_number(row.get(key)))
            self._best_epoch = best_epoch

    def set_best_epoch(self, epoch: int | None) -> None:
        """The epoch whose weights the run keeps (None: the last ones)."""
        with self._lock:
            self._best_epoch = epoch

    def snapshot(self) -> HistorySnapshot:
        """A consistent copy of everything so far."""
        with self._lock:
            return HistorySnapshot(
                self.run_id, self._status, self._epoch, self._epochs, self._batch, self._batches_per_epoch,
                {k: tuple(v) for k, v in self._history.items()},
                {k: tuple(v) for k, v in self._batches.items()},
                self._best_epoch, self._error,
            )


def _number(value: Any) -> float:
    return math.nan if value is None else float(value)


def normalise_logs(logs: dict[str, Any] | None, main_output: str | None = None) -> dict[str, float]:
    """Keras's scalar logs as floats, with "accuracy"/"val_accuracy" present for multi-output models too.

    A multi-output model logs its main head as "predictions_accuracy" (`main_output` = "predictions").
    """
    out = {k: float(v) for k, v in (logs or {}).items() if np.ndim(v) == 0}
    if main_output:
        for prefix in ("", "val_"):
            named = f"{prefix}{main_output}_accuracy"
            if named in out and f"{prefix}accuracy" not in out:
                out[f"{prefix}accuracy"] = out[named]
    return out


# --------------------------------------------------------------------------- callbacks


class _LiveCallback(keras.callbacks.Callback):
    """Feeds a LiveHistory and turns a Stop request into `stop_training` at the end of a batch.

    The curve needs a point every few hundred milliseconds, not every batch: with `every` > 0 a batch is
    published when `every` seconds have passed since the last one (and always the last batch of an epoch,
    with the epoch's own training figures, and the batch where Stop is seen). Such a callback is
    `async_safe`: Keras then hands the batch logs to a thread pool instead of waiting for them after every
    batch, so the training loop never syncs for cnnviz (which matters on a GPU); out-of-order calls are
    ignored. Keras 3 checks `model.stop_training` after `on_train_batch_end`, leaves the epoch, validates
    the partial epoch and ends `fit` cleanly. `every=0` publishes every batch, in order (synchronously).
    """

    def __init__(self, history: LiveHistory, stop_event: threading.Event, main_output: str | None,
                 batches_per_epoch: int, best: _BestWeights, every: float | None = None) -> None:
        super().__init__()
        self.live = history
        self.stop_event = stop_event
        self.main_output = main_output
        self.batches_per_epoch = batches_per_epoch
        self.best = best
        self.every = PUBLISH_EVERY if every is None else every
        self.async_safe = self.every > 0  # read by Keras's CallbackList when fit starts
        self._started = 0.0
        self._guard = threading.Lock()
        self._seen = 0  # batches done in this epoch
        self._published = 0  # the last batch of this epoch in the history
        self._published_at = -math.inf

    def on_train_begin(self, logs: Any = None) -> None:
        steps = (self.params or {}).get("steps") or self.batches_per_epoch
        self.live.begin((self.params or {}).get("epochs", 0), int(steps))

    def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
        self._started = time.perf_counter()
        with self._guard:
            self._seen = self._published = 0
        self.live.start_epoch(epoch + 1)

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        stop = self.stop_event.is_set()
        with self._guard:
            if batch + 1 <= self._seen:
                return  # a later batch was handled first (thread pool)
            self._seen = batch + 1
            now = time.monotonic()
            if stop or now - self._published_at >= self.every:
                self._published, self._published_at = batch + 1, now
                self.live.add_batch(batch + 1, normalise_logs(logs, self.main_output))
        if stop:
            self.model.stop_training = True
            self.live.set_status("stopping")

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        seconds = time.perf_counter() - self._started
        figures = normalise_logs(logs, self.main_output)
        with self._guard:  # Keras has run every batch callback of this epoch by now
            if self._seen > self._published:  # the epoch's last batch, with the epoch's training figures
                self._published = self._seen
                self.live.add_batch(self._seen, {k: v for k, v in figures.items() if not k.startswith("val_")})
        self.live.add_epoch(epoch + 1, figures, seconds, self.best.best_epoch)
        interrupted.mark_epoch(self.live, self.model)  # how far it got, should the server die mid-run


class _BestWeights(keras.callbacks.Callback):
    """Tracks the epoch with the lowest val_loss and, when asked, restores its weights at the end.

    Ties keep the earlier epoch; a NaN or infinite val_loss never wins, and without validation
    (no val_loss in the logs) no epoch is chosen and nothing is restored.
    """

    def __init__(self, keep_weights: bool) -> None:
        super().__init__()
        self.keep_weights = keep_weights
        self.best_epoch: int | None = None  # 1-based
        self.best_loss = math.inf
        self.weights: list[np.ndarray] | None = None

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        loss = (logs or {}).get("val_loss")
        if loss is not None and math.isfinite(float(loss)) and float(loss) < self.best_loss:
            self.best_epoch = epoch + 1
            self.best_loss = float(loss)
            if self.keep_weights:
                self.weights = self.model.get_weights()

    def on_train_end(self, logs: Any = None) -> None:
        if self.weights is not None:
            self.model.set_weights(self.weights)


class _WeightSnapshots(keras.callbacks.Callback):
    """Per-epoch summaries of the convolution kernels (epoch 0 = before training) for the Weights page."""

    def __init__(self) -> None:
        super().__init__()
        self.snapshots: list[dict[str, Any]] = []

    def on_train_begin(self, logs: Any = None) -> None:
        self.snapshots.append(weight_snapshot(self.model, 0))

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        self.snapshots.append(weight_snapshot(self.model, epoch + 1))


class _EpochWeights(keras.callbacks.Callback):
    """The full weights after every epoch (epoch 0 = before training) for the epoch replay, under budgets.

    The replay is what each epoch ended with; a best-epoch restore at the end changes only the saved model.
    """

    def __init__(self, recorder: replay.Recorder | None = None) -> None:
        super().__init__()
        self.recorder = recorder or replay.Recorder()

    def on_train_begin(self, logs: Any = None) -> None:
        self.recorder.add(0, self.model.get_weights())

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        self.recorder.add(epoch + 1, self.model.get_weights())


def weight_snapshot(model: keras.Model, epoch: int) -> dict[str, Any]:
    """Histogram, mean and std of each Conv2D kernel, plus the first conv's kernels (kh, kw, in, out)."""
    layers: dict[str, Any] = {}
    first: dict[str, Any] | None = None
    for layer in (g.layer for g in weights.layers_of_type(model, ("Conv2D",))):
        kernel = np.asarray(layer.kernel.numpy(), dtype=np.float64)
        finite = kernel[np.isfinite(kernel)]  # a diverged run has NaNs; np.histogram would raise
        counts: np.ndarray
        edges: np.ndarray
        if finite.size:
            counts, edges = np.histogram(finite, bins=HISTOGRAM_BINS)
        else:
            counts, edges = np.zeros(0, dtype=np.int64), np.zeros(0)
        layers[layer.name] = {"counts": np.asarray(counts).tolist(), "edges": np.round(edges, 5).tolist(),
                              "mean": float(kernel.mean()), "std": float(kernel.std())}
        if first is None:
            per_filter = int(np.prod(kernel.shape[:3]))
            keep = max(1, min(kernel.shape[3], MAX_KERNEL_VALUES // per_filter))
            first = {"layer": layer.name, "shape": list(kernel.shape[:3]) + [keep],
                     "kernels": np.round(kernel[..., :keep], 4).tolist()}
    return {"epoch": epoch, "layers": layers, "first_conv": first}
