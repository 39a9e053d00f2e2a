"""Pictures drawn once per content and shared by every session: the PNG bytes `st.image` shows.

A class of thirty opens the same pages on the same pictures; drawing and PNG-encoding a grid of maps costs
more than the forward pass that made it. Each picture here is keyed on what it shows (a SHA-1 of the arrays
it is drawn from, and the drawing's options), so a second session, or a rerun that changes nothing, gets the
bytes already encoded. They are handed to `st.image` as PNG bytes (lossless: a heat map's colours are the
figure), so Streamlit neither encodes nor re-encodes them.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Hashable

import numpy as np

from app_state.cache import rendered_pictures
from cnnviz.draw import render
from cnnviz.explain import overlays


def digest(*arrays: np.ndarray | None) -> str:
    """A content key for arrays: the SHA-1 of their bytes, shapes and types (None counts as absent)."""
    h = hashlib.sha1()
    for array in arrays:
        if array is None:
            h.update(b"none;")
            continue
        array = np.ascontiguousarray(array)
        h.update(f"{array.dtype}{array.shape};".encode())
        h.update(array.tobytes())
    return h.hexdigest()


PNG_LEVEL = 1  # zlib level: a third of the default's encoding time for pictures about 13% larger


_LOCKS = tuple(threading.Lock() for _ in range(64))


def computing(key: Hashable) -> threading.Lock:
    """The lock to hold while computing `key`'s value, so that sessions asking at once compute it once.

    One of 64 locks chosen by the key's hash: two keys sharing one only wait for each other.
    """
    return _LOCKS[hash(key) % len(_LOCKS)]


def cached_png(key: Hashable, draw: Callable[[], np.ndarray]) -> bytes:
    """The PNG of `draw()`, encoded once per `key` for every session (sessions asking at once wait for it)."""
    store = rendered_pictures()
    found = store.get(key)
    if found is not None:
        return found
    with computing(key):
        found = store.get(key)
        if found is None:
            found = render.png_bytes(draw(), PNG_LEVEL)
            store.put(key, found, len(found))
    return found


def feature_grid(layer_maps: np.ndarray, order: np.ndarray | None,
                 value_range: tuple[float, float] | None) -> bytes:
    """`render.feature_map_grid` of one layer's maps as PNG bytes."""
    key = ("grid", digest(layer_maps, None if order is None else np.asarray(order)), value_range)
    return cached_png(key, lambda: render.feature_map_grid(layer_maps, order, value_range=value_range))


def single_map(layer_maps: np.ndarray, channel: int, value_range: tuple[float, float] | None) -> bytes:
    """`render.single_map` of one channel as PNG bytes."""
    key = ("map", digest(layer_maps[..., channel]), value_range)
    return cached_png(key, lambda: render.single_map(layer_maps, channel, value_range=value_range))


def colour_bar() -> bytes:
    """`render.colour_bar` (the legend of the grids) as PNG bytes."""
    return cached_png(("colour bar",), render.colour_bar)


def preview(x: np.ndarray) -> bytes:
    """`render.image_preview` of a model input as PNG bytes."""
    return cached_png(("preview", digest(x)), lambda: render.image_preview(x))


def overlay(x: np.ndarray, found: np.ndarray, opacity: float) -> bytes:
    """An attribution map over the picture (`overlays.overlay` of its heat) as PNG bytes."""
    key = ("overlay", digest(x, found), round(float(opacity), 4))
    return cached_png(key, lambda: overlays.overlay(x, overlays.heat(found), opacity))
