"""Objects built once per Keras model and shared by every caller: extractors, scorers, probes, graphs.

`PerModel` holds them weakly on the model (they go when the model goes) and builds each one under a lock,
so two sessions asking at once share one build.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class PerModel(Generic[T]):
    """A thread-safe memo keyed on a model (weakly) and an optional key."""

    def __init__(self) -> None:
        self._store: weakref.WeakKeyDictionary[Any, dict[Hashable, T]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, model: Any, build: Callable[[], T], key: Hashable = None) -> T:
        """The object kept for (model, key), built by `build()` the first time."""
        with self._lock:
            per_model = self._store.setdefault(model, {})
            if key not in per_model:
                per_model[key] = build()
            return per_model[key]

    def __contains__(self, model: object) -> bool:
        with self._lock:
            return model in self._store
