"""app_state/renders.py: the pictures shared by every session are the library's pictures, pixel for pixel,
drawn once per content; app_state/serving.py: Streamlit's post-run clean-up without a full collection."""

from __future__ import annotations

import gc
import io
import threading

import numpy as np
import pytest
from PIL import Image

from app_state import renders, serving
from cnnviz.draw import render
from cnnviz.explain import overlays


def decoded(data: bytes) -> np.ndarray:
    """PNG bytes back to pixels."""
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return np.asarray(image)


@pytest.fixture()
def maps() -> np.ndarray:
    return np.random.default_rng(0).normal(size=(6, 6, 5)).astype(np.float32)


@pytest.fixture(autouse=True)
def empty_store():
    renders.rendered_pictures().clear()
    yield
    renders.rendered_pictures().clear()


def test_pictures_are_the_library_pictures_pixel_for_pixel(maps: np.ndarray) -> None:
    order = np.array([4, 3, 2, 1, 0])
    assert np.array_equal(decoded(renders.feature_grid(maps, order, (-1.0, 2.0))),
                          render.feature_map_grid(maps, order, value_range=(-1.0, 2.0)))
    assert np.array_equal(decoded(renders.single_map(maps, 2, None)), render.single_map(maps, 2))
    assert np.array_equal(decoded(renders.colour_bar()), render.colour_bar())
    x = np.linspace(0, 1, 36, dtype=np.float32).reshape(1, 6, 6, 1)
    assert np.array_equal(decoded(renders.preview(x)), render.image_preview(x))
    found = maps[..., 0]
    expected = overlays.overlay(x, overlays.heat(found), 0.3)
    assert np.array_equal(decoded(renders.overlay(x, found, 0.3)), expected)


def test_each_content_is_drawn_once_and_a_change_draws_again(maps: np.ndarray) -> None:
    calls = []

    def draw() -> np.ndarray:
        calls.append(1)
        return render.colour_bar()

    first = renders.cached_png(("test", renders.digest(maps)), draw)
    again = renders.cached_png(("test", renders.digest(maps.copy())), draw)  # equal content, another array
    assert first is again and len(calls) == 1
    changed = maps.copy()
    changed[0, 0, 0] += 1
    renders.cached_png(("test", renders.digest(changed)), draw)
    assert len(calls) == 2


def test_digest_tells_shapes_types_and_absence_apart() -> None:
    a = np.zeros((2, 3), np.float32)
    assert renders.digest(a) != renders.digest(a.reshape(3, 2))
    assert renders.digest(a) != renders.digest(a.astype(np.float64))
    assert renders.digest(a, None) != renders.digest(a)
    assert renders.digest(a[:, ::2]) == renders.digest(np.ascontiguousarray(a[:, ::2]))


def test_sessions_asking_at_once_draw_once(maps: np.ndarray) -> None:
    calls, started = [], threading.Barrier(8)

    def draw() -> np.ndarray:
        calls.append(1)
        return render.feature_map_grid(maps)

    def session() -> None:
        started.wait()
        renders.cached_png(("at once", renders.digest(maps)), draw)

    threads = [threading.Thread(target=session) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1


def test_streamlit_clean_up_keeps_keras_reset_without_a_full_collection(monkeypatch) -> None:
    import keras
    from streamlit.runtime.scriptrunner import script_runner

    monkeypatch.setattr(script_runner, "_clean_problem_modules", script_runner._clean_problem_modules)
    assert serving.keep_keras_collections()
    collections = []
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(args) or 0)
    keras.layers.Dense(2, name=None)  # Keras numbers unnamed layers; the clean-up resets the numbering
    script_runner._clean_problem_modules()
    assert keras.layers.Dense(2).name == "dense"
    assert collections == []
