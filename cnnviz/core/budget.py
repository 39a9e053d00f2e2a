"""Memory budgets: a least-recently-used cache that counts bytes, not entries, and a size formatter.

Streamlit's caches bound the number of entries (``max_entries=64``), which says nothing about memory:
64 sets of feature maps can be 64 KB or 64 GB. `ByteBudgetCache` keeps what it holds under a number
of bytes instead, evicting the least recently used values first. It is thread-safe (Streamlit serves
every session from its own thread) and holds no Streamlit object, so a notebook can use it too.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
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
