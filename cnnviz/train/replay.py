"""Epoch replay: the full weights a small model ended each epoch with, kept inside its ``.keras`` file.

A training run records `model.get_weights()` before training (epoch 0) and after every epoch
(`live._EpochWeights`). Each epoch is stored losslessly (float32, byte-shuffled so the similar exponent
bytes sit together, then deflated) as its own member ``cnnviz_replay/epoch_NNNN.bin`` of the checkpoint's
zip, beside ``cnnviz_replay/index.json`` (the weight shapes and the epochs kept). Keras ignores these
members, and keeping them in the ``.keras`` (not in a file beside it) means a downloaded checkpoint,
uploaded again, still replays; renaming or deleting a run needs nothing new.

Budgets: a model whose weights exceed `REPLAY_BUDGET_BYTES` per epoch keeps no replay (the metadata says
why); a run whose stored epochs would exceed `REPLAY_TOTAL_BYTES` keeps epochs 0 to `DENSE_EPOCHS` and
then every 2nd, 4th, ... epoch (the last always stays), so a long run's slider skips some later epochs.

Reading never unpickles and never inflates more than the index's shapes allow: a missing or malformed
index means "no replay"; a damaged epoch is a `CheckpointError` with a translated message.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cnnviz.core.errors import CheckpointError

REPLAY_BUDGET_BYTES = 5 * 2**20  # float32 weights of one epoch; fashion_cnn has 1.3 MB, VGG16 over 500 MB
REPLAY_TOTAL_BYTES = 16 * 2**20  # compressed epochs of one run; beyond it later epochs are thinned
DENSE_EPOCHS = 10  # a long run thins epochs after these first, which change the most
MAX_INDEX_BYTES = 2**20
MAX_EPOCHS = 10_000
MAX_ARRAYS = 1_000
FOLDER = "cnnviz_replay/"
INDEX = f"{FOLDER}index.json"
FORMAT = 1
DTYPE = np.dtype("<f4")

Source = str | Path | bytes  # a checkpoint on disk, or an upload's bytes


@dataclass(frozen=True)
class Replay:
    """What a checkpoint's replay holds: the epochs kept and the shape of each weight array."""

    epochs: tuple[int, ...]
    shapes: tuple[tuple[int, ...], ...]
    stored_bytes: int  # the compressed epochs together, as kept in the file

    @property
    def bytes_per_epoch(self) -> int:
        """The float32 weights of one epoch, uncompressed."""
        return sum(int(np.prod(s, dtype=np.int64)) for s in self.shapes) * DTYPE.itemsize


def weights_bytes(weights: Sequence[np.ndarray]) -> int:
    """Bytes one epoch of these weights takes as float32 (what the per-epoch budget is about)."""
    return sum(int(np.size(w)) for w in weights) * DTYPE.itemsize


def encode(weights: Sequence[np.ndarray]) -> bytes:
    """One epoch's weights as deflated, byte-shuffled float32 (lossless for float32 models)."""
    flat = np.concatenate([np.asarray(w, dtype=DTYPE).ravel() for w in weights]) if weights else \
        np.zeros(0, DTYPE)
    planes = flat.view(np.uint8).reshape(-1, DTYPE.itemsize).T  # byte 0 of every value, then byte 1, ...
    return zlib.compress(np.ascontiguousarray(planes).tobytes(), 6)


def decode(blob: bytes, shapes: Sequence[tuple[int, ...]]) -> list[np.ndarray]:
    """The weight arrays back from `encode`'s bytes; CheckpointError when they do not hold these shapes."""
    sizes = [int(np.prod(s, dtype=np.int64)) for s in shapes]
    expected = sum(sizes) * DTYPE.itemsize
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(blob, expected + 1)  # never more than the shapes allow, plus one
    except zlib.error as err:
        raise CheckpointError(key="ckpt.replay_damaged") from err
    if len(raw) != expected or not inflater.eof:
        raise CheckpointError(key="ckpt.replay_damaged")
    flat = np.frombuffer(raw, np.uint8).reshape(DTYPE.itemsize, -1).T.copy().view(DTYPE).ravel()
    out, start = [], 0
    for shape, size in zip(shapes, sizes, strict=False):
        out.append(flat[start:start + size].astype(np.float32).reshape(shape))
        start += size
    return out


def member(epoch: int) -> str:
    """The zip member holding `epoch`'s weights."""
    return f"{FOLDER}epoch_{epoch:04d}.bin"


def write(archive: zipfile.ZipFile, shapes: Sequence[tuple[int, ...]], blobs: dict[int, bytes]) -> None:
    """Add a replay (already encoded epochs) to an open ``.keras`` zip."""
    epochs = sorted(blobs)
    index = {"format": FORMAT, "dtype": DTYPE.str, "shapes": [list(s) for s in shapes], "epochs": epochs}
    archive.writestr(INDEX, json.dumps(index), compress_type=zipfile.ZIP_DEFLATED)
    for epoch in epochs:  # already deflated: stored as is
        archive.writestr(member(epoch), blobs[epoch], compress_type=zipfile.ZIP_STORED)


def _open(source: Source) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)


def read_index(source: Source) -> Replay | None:
    """The replay a checkpoint holds; None when it has none or its index is malformed."""
    try:
        with _open(source) as zf:
            info = zf.getinfo(INDEX)
            if info.file_size > MAX_INDEX_BYTES:
                return None
            index = json.loads(zf.read(info))
            replay = _checked(index)
            if replay is None:
                return None
            stored = [zf.getinfo(member(e)).compress_size for e in replay.epochs]  # KeyError: missing
            return Replay(replay.epochs, replay.shapes, sum(stored))
    except (KeyError, OSError, ValueError, TypeError, RecursionError, zipfile.BadZipFile, zlib.error,
            EOFError, NotImplementedError, RuntimeError):
        return None


def _checked(index: object) -> Replay | None:
    """The index's content when it is well formed and within the budgets, else None."""
    if not isinstance(index, dict) or index.get("format") != FORMAT or index.get("dtype") != DTYPE.str:
        return None
    shapes, epochs = index.get("shapes"), index.get("epochs")
    if not isinstance(shapes, list) or not isinstance(epochs, list) or not epochs:
        return None
    if len(shapes) > MAX_ARRAYS or len(epochs) > MAX_EPOCHS:
        return None
    whole = [all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in s)
             for s in shapes if isinstance(s, list)]
    if len(whole) != len(shapes) or not all(whole) or any(len(s) > 8 for s in shapes):
        return None
    if not all(isinstance(e, int) and not isinstance(e, bool) for e in epochs):
        return None
    if epochs != sorted(set(epochs)) or epochs[0] < 0:
        return None
    replay = Replay(tuple(epochs), tuple(tuple(s) for s in shapes), 0)
    if replay.bytes_per_epoch > REPLAY_BUDGET_BYTES:
        return None
    return replay


def epochs(source: Source) -> tuple[int, ...]:
    """The epochs a checkpoint can replay (0 = before training), or () when it keeps no replay."""
    replay = read_index(source)
    return replay.epochs if replay else ()


def epoch_weights(source: Source, epoch: int) -> list[np.ndarray]:
    """The weights at the end of `epoch` (0: before training), in `model.get_weights()` order."""
    replay = read_index(source)
    if replay is None:
        raise CheckpointError(key="ckpt.replay_none")
    if epoch not in replay.epochs:
        raise CheckpointError(key="ckpt.replay_no_epoch", epoch=epoch,
                              kept=", ".join(str(e) for e in replay.epochs))
    limit = replay.bytes_per_epoch + 1024  # deflate never grows data by more than a few bytes per 16 KB
    try:
        with _open(source) as zf:
            info = zf.getinfo(member(epoch))
            if info.file_size > limit + replay.bytes_per_epoch // 1000:
                raise CheckpointError(key="ckpt.replay_damaged")
            blob = zf.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
            RuntimeError, ValueError) as err:
        raise CheckpointError(key="ckpt.replay_damaged") from err
    return decode(blob, replay.shapes)


class Recorder:
    """Collects a run's epochs as they end, under the per-epoch and total budgets (see the module doc)."""

    def __init__(self, budget: int | None = None, total: int | None = None) -> None:
        self.budget = REPLAY_BUDGET_BYTES if budget is None else budget
        self.total = REPLAY_TOTAL_BYTES if total is None else total
        self.shapes: tuple[tuple[int, ...], ...] = ()
        self.blobs: dict[int, bytes] = {}
        self.bytes_per_epoch = 0
        self.too_big = False
        self.stride = 1  # 1: every epoch; 2, 4, ...: later epochs thinned to stay under `total`
        self.dense = DENSE_EPOCHS  # epochs up to this one are all kept while the budget allows

    def add(self, epoch: int, weights: Sequence[np.ndarray]) -> None:
        """Keep `epoch`'s weights (0 = before training), unless the model is over the per-epoch budget."""
        if not self.blobs and not self.too_big:
            self.shapes = tuple(tuple(int(d) for d in np.shape(w)) for w in weights)
            self.bytes_per_epoch = weights_bytes(weights)
            self.too_big = self.bytes_per_epoch > self.budget
        if self.too_big:
            return
        self.blobs[epoch] = encode(weights)
        # the previous last epoch may have been kept only as the last
        self.blobs = {e: b for e, b in self.blobs.items() if self._keeps(e, epoch)}
        while self.stored_bytes > self.total and len(self.blobs) > 2:
            if self.stride <= epoch:
                self.stride *= 2  # thin the later epochs first: the early ones change the most
            else:
                self.dense //= 2
            self.blobs = {e: b for e, b in self.blobs.items() if self._keeps(e, epoch)}

    def _keeps(self, epoch: int, newest: int) -> bool:
        return epoch == newest or epoch <= self.dense or epoch % self.stride == 0

    @property
    def stored_bytes(self) -> int:
        """The compressed epochs kept so far."""
        return sum(len(b) for b in self.blobs.values())

    def summary(self) -> dict[str, object]:
        """What the checkpoint's metadata says about its replay (kept or not, and why)."""
        return {"kept": bool(self.blobs) and not self.too_big, "epochs": sorted(self.blobs),
                "bytes_per_epoch": self.bytes_per_epoch, "stored_bytes": self.stored_bytes,
                "budget": self.budget, "stride": self.stride}


def validation_accuracy(history: dict[str, list[float]], epoch: int) -> float | None:
    """The validation accuracy a run logged at the end of `epoch` (1-based); None when it has none."""
    epochs, values = history.get("epoch", []), history.get("val_accuracy", [])
    for logged, value in zip(epochs, values, strict=False):
        if logged == epoch:
            return float(value) if isinstance(value, (int, float)) and np.isfinite(value) else None
    return None


def saved_epoch(history: dict[str, list[float]], best_epoch: int | None) -> int | None:
    """The epoch the saved model's weights are from: the best one restored, else the last; None if unknown."""
    if best_epoch is not None:
        return best_epoch
    epochs = history.get("epoch", [])
    return int(epochs[-1]) if epochs else None


def next_epoch(epochs: Sequence[int], epoch: int) -> int | None:
    """The kept epoch after `epoch` (what Play shows next); None at the last."""
    return next((e for e in epochs if e > epoch), None)
