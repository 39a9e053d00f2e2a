"""The epoch slider on Weights, Kernels, Feature maps and Explain, with the shipped Fashion-MNIST checkpoint.

References are computed another way: the epochs and numbers read straight from the JSON sidecar, the statistics
of `checkpoints.epoch_weights` with NumPy, and the prediction of a model loaded from the file with epoch 0's
weights set by hand. The shipped default keeps every epoch; the thinned replay of `fashion_cnn_digits` and a
checkpoint saved here without any replay cover the other cases.
"""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest
from helpers import ROOT, image_captions, open_page
from test_korean import english_left, run_korean

from cnnviz import data
from cnnviz.core import i18n
from cnnviz.train import checkpoints, replay

SHIPPED = ROOT / "checkpoints" / "fashion_cnn_fashion.keras"
THINNED = ROOT / "checkpoints" / "fashion_cnn_digits.keras"  # a long run: later epochs thinned out
PAGES = ("weights", "kernels", "feature_maps", "explain")


def _sidecar(path: Path) -> dict:
    """A checkpoint's metadata as its JSON sidecar holds it, read without cnnviz."""
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


SIDECAR = _sidecar(SHIPPED)
LAST = int(SIDECAR["history"]["epoch"][-1])  # the last epoch trained


@pytest.fixture(scope="module")
def shipped() -> tuple[keras.Model, checkpoints.Metadata]:
    return checkpoints.load(SHIPPED)


def _texts(app) -> list[str]:
    return [m.value for m in app.markdown] + [c.value for c in app.caption]


def _first_conv(model: keras.Model) -> tuple[str, int]:
    """The first Conv2D layer's name and its kernel's position in `get_weights()`."""
    layer = next(la for la in model.layers if isinstance(la, keras.layers.Conv2D))
    return layer.name, [w.path for w in model.weights].index(layer.kernel.path)


def test_the_shipped_checkpoint_replays_every_epoch_and_saved_its_best(shipped) -> None:
    model, meta = shipped
    epochs = checkpoints.replay_epochs(SHIPPED)
    history = SIDECAR["history"]
    assert [int(e) for e in history["epoch"]] == list(range(1, LAST + 1))
    assert epochs == tuple(range(LAST + 1)) == tuple(SIDECAR["replay"]["epochs"])  # none thinned out
    best = SIDECAR["best_epoch"]
    assert meta.best_epoch == best == 1 + int(np.argmin(history["val_loss"])) and best != LAST
    saved = model.get_weights()
    for kept, weights in zip(checkpoints.epoch_weights(SHIPPED, best), saved, strict=True):
        np.testing.assert_array_equal(kept, weights)  # the saved model is the best epoch's replay...
    last = checkpoints.epoch_weights(SHIPPED, LAST)
    assert any(not np.array_equal(a, b) for a, b in zip(last, saved, strict=True))  # ...not the last epoch's


@pytest.mark.parametrize("page", PAGES)
def test_each_page_shows_the_epoch_slider_and_its_caption(page: str, shipped) -> None:
    _, meta = shipped
    app = open_page(page, epoch="5")
    assert app.session_state["epoch"] == 5
    assert app.select_slider(key="epoch").value == 5
    accuracy = SIDECAR["history"]["val_accuracy"][SIDECAR["history"]["epoch"].index(5)]
    expected = i18n.t("replay.caption", "en", epoch=5, last=LAST)
    caption = next(c for c in _texts(app) if c.startswith(expected))
    assert f"{accuracy:.1%}" in caption
    assert i18n.t("replay.saved_best", "en", best=SIDECAR["best_epoch"]) in caption  # the best epoch, not the last
    thinning = i18n.t("replay.thinned", "en", count=0, total=0).split(",")[0]  # "To keep the file small"
    assert thinning and thinning not in caption  # every epoch kept: no word of thinning
    assert app.button(key="_replay_play").label == i18n.t("replay.play", "en")


def test_weights_at_epoch_zero_shows_epoch_zero_statistics(shipped) -> None:
    model, _ = shipped
    layer, index = _first_conv(model)
    kernel = checkpoints.epoch_weights(SHIPPED, 0)[index].astype(np.float64)
    app = open_page("weights", epoch="0", layer=layer)
    line = next(m.value for m in app.markdown if m.value.startswith("**Epoch 0**"))
    assert f"mean {kernel.mean():.4f}" in line and f"standard deviation {kernel.std():.4f}" in line
    assert f"range [{kernel.min():.3f}, {kernel.max():.3f}]" in line and f"{kernel.size:,} weights" in line
    trained = model.get_weights()[index].astype(np.float64)  # and not the saved model's numbers
    assert f"mean {trained.mean():.4f}, standard deviation {trained.std():.4f}" not in line
    assert any(c.startswith(i18n.t("replay.caption_start", "en", last=LAST)) for c in _texts(app))


def test_kernels_at_epoch_zero_draws_epoch_zero(shipped) -> None:
    model, _ = shipped
    layer, index = _first_conv(model)
    kernel = checkpoints.epoch_weights(SHIPPED, 0)[index]
    app = open_page("kernels", epoch="0", layer=layer)
    assert "Epoch 0" in image_captions(app)
    filters = f"{kernel.shape[-1]} filters of {kernel.shape[0]}×{kernel.shape[1]}"
    caption = next(c.value for c in app.caption if c.value.startswith(filters))
    limit = float(caption.split("±")[1].rstrip(").").strip())
    assert limit >= round(float(np.abs(kernel).max()), 3)  # one scale covers epoch 0's kernels
    assert any("noise" in c.value for c in app.caption)  # the explanation beside the grid


@pytest.mark.parametrize("page", ["feature_maps", "explain"])
def test_prediction_at_epoch_zero_equals_weights_set_by_hand(page: str) -> None:
    ds = data.load_dataset("fashion_mnist_sample")
    index = data.featured_sample(ds)
    model, meta = checkpoints.load(SHIPPED)
    model.set_weights(checkpoints.epoch_weights(SHIPPED, 0))
    probabilities = model.predict(ds.x_test[index: index + 1].astype(np.float32), verbose=0)[0]
    expected = i18n.t("fm.prediction", "en", label=meta.class_names[int(probabilities.argmax())],
                      p=f"{probabilities.max():.1%}")
    app = open_page(page, epoch="0")
    assert any(m.value.startswith(expected) for m in app.markdown), [m.value for m in app.markdown]
    final = open_page(page)  # without the slider: the saved model's prediction (the ankle boot)
    assert not any(m.value.startswith(expected) for m in final.markdown)


def test_turning_the_replay_on_starts_at_epoch_zero_and_off_shows_the_saved_model() -> None:
    app = open_page("kernels")
    assert "epoch" not in app.session_state and "Trained" in image_captions(app)
    app.toggle(key="_replay_on").set_value(True).run()
    assert app.session_state["epoch"] == 0 and "Epoch 0" in image_captions(app)
    app.select_slider(key="epoch").set_value(10).run()
    assert "Epoch 10" in image_captions(app)
    app.toggle(key="_replay_on").set_value(False).run()
    assert "epoch" not in app.session_state and "Trained" in image_captions(app)
    assert not app.exception


def test_play_starts_and_each_tick_shows_the_next_kept_epoch() -> None:
    epochs = checkpoints.replay_epochs(SHIPPED)
    start = epochs[len(epochs) // 2]
    app = open_page("kernels", epoch=str(start))
    app.button(key="_replay_play").click().run()
    assert app.session_state["_replay_playing"] is True and app.session_state["epoch"] == start
    assert app.button(key="_replay_play").label == i18n.t("replay.pause", "en")
    assert [replay.next_epoch(epochs, e) for e in epochs] == [*range(1, LAST + 1), None]  # every epoch in turn
    kept = checkpoints.replay_epochs(THINNED)  # a thinned replay: Play skips what was not kept
    assert kept == tuple(_sidecar(THINNED)["replay"]["epochs"])
    assert [replay.next_epoch(kept, e) for e in kept] == [*kept[1:], None]
    gap = next(e for e in range(kept[-1]) if e not in kept)
    assert replay.next_epoch(kept, gap - 1) == min(e for e in kept if e > gap)
    following = start + 1
    app.session_state["_epoch_next"] = following  # what the timed fragment sets before it reruns the page
    app.run()
    assert app.session_state["epoch"] == following and f"Epoch {following}" in image_captions(app)
    assert app.session_state["_replay_playing"] is True  # the page's own runs never step by themselves
    app.button(key="_replay_play").click().run()
    assert app.session_state["_replay_playing"] is False
    assert app.button(key="_replay_play").label == i18n.t("replay.play", "en")
    app.select_slider(key="epoch").set_value(LAST).run()
    app.button(key="_replay_play").click().run()  # from the last epoch, play starts again at epoch 0
    assert app.session_state["epoch"] == 0 and app.session_state["_replay_playing"] is True
    assert not app.exception


def test_presenter_mode_keeps_the_slider_and_caption() -> None:
    app = open_page("feature_maps", epoch="3", present="1")
    assert app.select_slider(key="epoch").value == 3
    assert any(c.startswith(i18n.t("replay.caption", "en", epoch=3, last=LAST)) for c in _texts(app))


def test_a_checkpoint_saved_without_replay_says_so(tmp_path, monkeypatch) -> None:
    model, meta = checkpoints.load(ROOT / "checkpoints" / "lenet5_shapes.keras")  # the smallest shipped model
    assert meta.history  # a trained run, whose missing replay the page explains
    path = checkpoints.save(model, tmp_path / "no_replay.keras", dataclasses.replace(meta, replay={}))
    assert checkpoints.replay_epochs(path) == ()
    assert not any(n.startswith("cnnviz_replay/") for n in zipfile.ZipFile(path).namelist())
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path))
    app = open_page("kernels", model="ckpt:no_replay")
    assert app.sidebar.selectbox(key="model").value == "ckpt:no_replay"
    assert i18n.t("replay.none", "en") in _texts(app)
    assert not app.get("select_slider") and "_replay_on" not in [w.key for w in app.toggle]


def test_a_thinned_replay_drops_an_unkept_epoch_and_says_how_many_were_kept() -> None:
    sidecar = _sidecar(THINNED)
    last, kept = int(sidecar["history"]["epoch"][-1]), sidecar["replay"]["epochs"]
    assert checkpoints.replay_epochs(THINNED) == tuple(kept) and kept[-1] == last
    gap = next(e for e in range(last) if e not in kept)
    linked = open_page("kernels", model="ckpt:fashion_cnn_digits", epoch=str(gap))  # not an option
    assert "epoch" not in linked.session_state
    assert any(i18n.t("url.unusable", "en", name="epoch") in i.value for i in linked.info)
    linked.toggle(key="_replay_on").set_value(True).run()
    assert linked.select_slider(key="epoch").options == [str(e) for e in kept]
    caption = next(c for c in _texts(linked) if c.startswith(i18n.t("replay.caption_start", "en", last=last)))
    assert i18n.t("replay.thinned", "en", count=len(kept), total=last + 1) in caption
    assert i18n.t("replay.saved_best", "en", best=sidecar["best_epoch"]) in caption
    assert not linked.exception


@pytest.mark.parametrize("page", PAGES)
def test_korean_without_english_left(page: str) -> None:
    app = run_korean(page, epoch="5")
    assert not app.error
    assert app.select_slider(key="epoch").label == i18n.t("replay.slider", "ko")
    assert any(c.value.startswith(i18n.t("replay.caption", "ko", epoch=5, last=LAST)) for c in app.caption)
    assert english_left(app) == []
