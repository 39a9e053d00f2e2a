"""The `Dataset` every loader returns, what the sidebar knows before loading, and fixed splits."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from cnnviz.core.errors import DatasetError

# ---------------------------------------------------------------------------
# Data structures
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """Images in [0, 1] (N, H, W, C) with int64 labels, already split three ways."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    description: str
    # Largest raw pixel value before scaling (255 for 8-bit images, 16 for the
    # scikit-learn digits, 1 for generated images): preprocessing_steps explains it.
    raw_max: float = 255.0
    # What this loader did beyond the common steps, in plain sentences (`i18n.Phrase`s: English as
    # strings, any language through `i18n.translate`), like `description`.
    preprocessing: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for split in ("train", "val", "test"):
            x, y = getattr(self, f"x_{split}"), getattr(self, f"y_{split}")
            if x.ndim != 4 or y.ndim != 1 or len(x) != len(y):
                raise ValueError(f"{split} split has images {x.shape} and labels {y.shape}")

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """(H, W, C) of one image, what a model's Input needs."""
        h, w, c = self.x_train.shape[1:]
        return int(h), int(w), int(c)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)


@dataclass(frozen=True)
class DatasetInfo:
    """What the sidebar shows about a dataset before loading it."""

    name: str
    title: str
    description: str
    source: Literal["embedded", "keras", "folder"]
    needs_download: bool


# ---------------------------------------------------------------------------
# Splitting and packing
# ---------------------------------------------------------------------------


def _hold_out(y: np.ndarray, idx: np.ndarray, fraction: float, rng: np.random.Generator
              ) -> tuple[np.ndarray, np.ndarray]:
    """Split `idx` into shuffled (kept, held), taking `fraction` of each class so every class is in both."""
    kept, held = [], []
    for label in np.unique(y[idx]):
        members = rng.permutation(idx[y[idx] == label])
        n_held = min(int(round(len(members) * fraction)), len(members) - 1)
        held.append(members[:n_held])
        kept.append(members[n_held:])
    kept_idx = np.concatenate(kept) if kept else idx[:0]
    held_idx = np.concatenate(held) if held else idx[:0]
    if fraction > 0 and len(held_idx) == 0 and len(kept_idx) > 1:
        # Tiny data: rounding gave nothing, but an empty split would break evaluation.
        kept_idx, held_idx = kept_idx[1:], kept_idx[:1]
    # Mixed order, so the first images of a split show every class, not a block of one.
    return rng.permutation(kept_idx), rng.permutation(held_idx)


def _check_fraction(value: float, what: Literal["validation", "test"]) -> None:
    if not 0.0 <= value < 1.0:
        raise DatasetError(key=f"data.fraction_{what}", value=value)


def _as_images(x: np.ndarray, raw_max: float) -> np.ndarray:
    """Scale raw pixels to float32 in [0, 1] with an explicit channel axis."""
    x = np.asarray(x, dtype=np.float32) / np.float32(raw_max)
    return x[..., np.newaxis] if x.ndim == 3 else x


def _subsample(x: np.ndarray, y: np.ndarray, limit: int | None, rng: np.random.Generator
               ) -> tuple[np.ndarray, np.ndarray]:
    if limit is None or len(x) <= limit:
        return x, y
    keep = np.sort(rng.permutation(len(x))[:limit])
    return x[keep], y[keep]


def _pack(name: str, train: tuple[np.ndarray, np.ndarray], val: tuple[np.ndarray, np.ndarray],
          test: tuple[np.ndarray, np.ndarray], class_names: tuple[str, ...], description: str, *,
          raw_max: float, preprocessing: tuple[str, ...] = (), limit: int | None = None,
          seed: int = 0) -> Dataset:
    """Build a Dataset with the agreed dtypes, capping each split at `limit` images."""
    if limit is not None and limit < 1:
        raise DatasetError(key="data.limit", limit=limit)
    rng = np.random.default_rng(seed + 1)
    splits = [_subsample(x, y, limit, rng) for x, y in (train, val, test)]
    (xtr, ytr), (xva, yva), (xte, yte) = [
        (np.ascontiguousarray(x, dtype=np.float32), np.asarray(y, dtype=np.int64)) for x, y in splits
    ]
    return Dataset(name, xtr, ytr, xva, yva, xte, yte, tuple(class_names), description,
                   raw_max=raw_max, preprocessing=preprocessing)


def _split_and_pack(name: str, x: np.ndarray, y: np.ndarray, *, test_fraction: float,
                    val_fraction: float, seed: int, **kwargs) -> Dataset:
    """Stratified test split, then validation carved from what is left."""
    rng = np.random.default_rng(seed)
    rest, test = _hold_out(y, np.arange(len(y)), test_fraction, rng)
    train, val = _hold_out(y, rest, val_fraction, rng)
    return _pack(name, (x[train], y[train]), (x[val], y[val]), (x[test], y[test]), seed=seed, **kwargs)


def fingerprint(dataset: Dataset) -> str:
    """A short content key for caches: name, class names, shapes, test labels and a sample of test pixels.

    Two uploads that share a file name but not their pictures get different keys; hashing every pixel
    of a large set would cost seconds per rerun, so only every 997th test value is read.
    """
    digest = hashlib.sha256()
    digest.update(repr((dataset.name, dataset.class_names, dataset.x_train.shape, dataset.x_test.shape)).encode())
    digest.update(np.ascontiguousarray(dataset.y_test).tobytes())
    digest.update(np.ascontiguousarray(dataset.x_test.reshape(-1)[::997]).tobytes())
    return digest.hexdigest()[:16]
