"""Memory budgets: a least-recently-used cache that counts bytes, not entries, and a size formatter.

Streamlit's caches bound the number of entries (``max_entries=64``), which says nothing about memory:
64 sets of feature maps can be 64 KB or 64 GB. `ByteBudgetCache` keeps what it holds under a number
of bytes instead, evicting the least recently used values first. It is thread-safe (Streamlit serves
every session from its own thread) and holds no Streamlit object, so a notebook can use it too.

**Work budgets.** One click may hold about `WORK_BYTES` and compute about `WORK_SECONDS`; what it would
take is estimated from shapes *before* anything is allocated (`pass_seconds`: a pass's multiply-accumulates
at `MACS_PER_SECOND` plus the bytes its layers write at `BYTES_PER_SECOND`), so a request over either is
refused, or sampled, with the figures, in well under a second.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")


def nbytes(value: Any) -> int:
    """Bytes held by the NumPy arrays in `value`: an array, a mapping, a list/tuple or a dataclass of them."""
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if isinstance(value, Mapping):
        return sum(nbytes(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(nbytes(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(nbytes(getattr(value, f.name)) for f in dataclasses.fields(value))
    return 0


def megabytes(n: int) -> str:
    """A byte count for the screen in MB of 2**20 bytes: '1,280 MB', or '0.2 MB' below 10 MB."""
    mb = n / 2**20
    return f"{mb:,.0f} MB" if mb >= 10 else f"{mb:.1f} MB"


class ByteBudgetCache:
    """A thread-safe LRU mapping whose values together take at most `max_bytes` (counted by `nbytes`).

    A value larger than the whole budget is returned to its caller but not kept.
    """

    def __init__(self, max_bytes: int) -> None:
        if max_bytes < 0:
            raise ValueError(f"max_bytes must be ≥ 0, got {max_bytes}")
        self.max_bytes = int(max_bytes)
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        """The value stored under `key` (now the most recently used), or None."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: Any, size: int | None = None) -> bool:
        """Store `value` (of `size` bytes, counted when None), evicting the oldest; False if it is too big."""
        size = nbytes(value) if size is None else int(size)
        with self._lock:
            if key in self._items:
                self._total -= self._items.pop(key)[1]
            if size > self.max_bytes:
                return False
            self._items[key] = (value, size)
            self._total += size
            while self._total > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._total -= dropped
            return True

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The stored value, or `compute()` stored under `key` (computed outside the lock)."""
        found = self.get(key)
        if found is not None:
            return found
        value = compute()
        self.put(key, value)
        return value

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._items.clear()
            self._total = 0

    @property
    def total_bytes(self) -> int:
        """Bytes held now."""
        with self._lock:
            return self._total

    def keys(self) -> list[Hashable]:
        """The keys, least recently used first."""
        with self._lock:
            return list(self._items)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._items


# --- work: what one computation will take, estimated from shapes before it starts ------------------------

WORK_BYTES = 1024 * 2**20  # what one click may hold at its peak (estimated); more is refused with the figures
WORK_SECONDS = 30.0  # what one click may compute (estimated); more is refused, or sampled, with the figures
# Measured on the 2-core classroom server, busy (so the estimates err long): VGG16 at 224² ran at 1.1e10
# multiply-accumulates a second; a 512² input through two strided convolutions wrote ~1e9 bytes a second.
MACS_PER_SECOND = 1e10
BYTES_PER_SECOND = 1e9
GRADIENT_FACTOR = 3  # a forward and a backward pass: about three forward passes of time (and of memory)


def leaf_macs(output_shape: Sequence[int], weight_shapes: Sequence[Sequence[int]]) -> int:
    """Multiply-accumulates of one layer for one input: each weight of 2 axes or more once per output position.

    Exact for convolutions (depthwise and separable too) and Dense layers, the rule of `cnnviz.arch`; a
    transposed convolution is over-counted by its stride², which errs on the safe side.
    """
    positions = math.prod(int(d) for d in output_shape[:-1])
    return positions * sum(math.prod(int(d) for d in w) for w in weight_shapes if len(w) >= 2)


def needed_for(targets: Sequence[str], parents: Mapping[str, Sequence[str]]) -> set[str]:
    """The layers a pass computing `targets` runs: the targets and everything they depend on."""
    needed: set[str] = set()
    stack = list(targets)
    while stack:
        name = stack.pop()
        if name not in needed:
            needed.add(name)
            stack.extend(parents.get(name, ()))
    return needed


def pass_seconds(order: Sequence[str], parents: Mapping[str, Sequence[str]],
                 shapes: Mapping[str, Sequence[int]], weights: Mapping[str, Sequence[Sequence[int]]],
                 targets: Sequence[str], bytes_per_value: int = 4) -> float:
    """Estimated seconds of one forward pass of one input that computes `targets` (and what they need).

    `shapes` are the layers' output shapes (no batch axis), `weights` their weights' shapes; layers no
    target depends on are skipped, as a graph does. Seconds = MACs / `MACS_PER_SECOND` + bytes the layers
    write / `BYTES_PER_SECOND`.
    """
    needed = needed_for(targets, parents)
    macs = written = 0
    for name in order:
        if name in needed:
            macs += leaf_macs(shapes[name], weights.get(name, ()))
            written += math.prod(int(d) for d in shapes[name]) * bytes_per_value
    return macs / MACS_PER_SECOND + written / BYTES_PER_SECOND


def seconds_text(seconds: float) -> str:
    """Seconds for the screen: '42', '1,250', or '0.3' below 10."""
    return f"{seconds:,.0f}" if seconds >= 10 else f"{seconds:.1f}"
