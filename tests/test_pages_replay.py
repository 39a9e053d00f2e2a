"""The epoch slider on Weights, Kernels, Feature maps and Explain, with the shipped Fashion-MNIST checkpoint.

References are computed another way: the statistics of `checkpoints.epoch_weights` with NumPy, and the
prediction of a model loaded from the file with epoch 0's weights set by hand.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from helpers import ROOT, image_captions, open_page
from test_korean import english_left, run_korean

from cnnviz import data
from cnnviz.core import i18n
from cnnviz.train import checkpoints, replay

SHIPPED = ROOT / "checkpoints" / "fashion_cnn_fashion.keras"
PAGES = ("weights", "kernels", "feature_maps", "explain")


@pytest.fixture(scope="module")
def shipped() -> tuple[keras.Model, checkpoints.Metadata]:
    return checkpoints.load(SHIPPED)


def _texts(app) -> list[str]:
    return [m.value for m in app.markdown] + [c.value for c in app.caption]


def _first_conv(model: keras.Model) -> tuple[str, int]:
    """The first Conv2D layer's name and its kernel's position in `get_weights()`."""
    layer = next(la for la in model.layers if isinstance(la, keras.layers.Conv2D))
    return layer.name, [w.path for w in model.weights].index(layer.kernel.path)


def test_the_shipped_checkpoint_keeps_a_replay(shipped) -> None:
    _, meta = shipped
    epochs = checkpoints.replay_epochs(SHIPPED)
    assert epochs[0] == 0 and epochs[-1] == meta.history["epoch"][-1] == 47
    assert meta.best_epoch in epochs  # the saved model's epoch can be replayed, and it equals the saved model
    model, _ = shipped
    for kept, saved in zip(checkpoints.epoch_weights(SHIPPED, meta.best_epoch), model.get_weights(), strict=False):
        np.testing.assert_array_equal(kept, saved)


@pytest.mark.parametrize("page", PAGES)
def test_each_page_shows_the_epoch_slider_and_its_caption(page: str, shipped) -> None:
    _, meta = shipped
    app = open_page(page, epoch="5")
    assert app.session_state["epoch"] == 5
    assert app.select_slider(key="epoch").value == 5
    accuracy = meta.history["val_accuracy"][meta.history["epoch"].index(5)]
    expected = i18n.t("replay.caption", "en", epoch=5, last=47)
    caption = next(c for c in _texts(app) if c.startswith(expected))
    assert f"{accuracy:.1%}" in caption
    assert i18n.t("replay.saved_best", "en", best=meta.best_epoch) in caption  # best epoch 32, not 47
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
    assert any(c.startswith(i18n.t("replay.caption_start", "en", last=47)) for c in _texts(app))


def test_kernels_at_epoch_zero_draws_epoch_zero(shipped) -> None:
    model, _ = shipped
    layer, index = _first_conv(model)
    kernel = checkpoints.epoch_weights(SHIPPED, 0)[index]
    app = open_page("kernels", epoch="0", layer=layer)
    assert "Epoch 0" in image_captions(app)
    caption = next(c.value for c in app.caption if c.value.startswith("32 filters of 3×3"))
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
    app = open_page("kernels", epoch="10")
    app.button(key="_replay_play").click().run()
    assert app.session_state["_replay_playing"] is True and app.session_state["epoch"] == 10
    assert app.button(key="_replay_play").label == i18n.t("replay.pause", "en")
    epochs = checkpoints.replay_epochs(SHIPPED)
    assert [replay.next_epoch(epochs, e) for e in (10, 16, 32, 47)] == [16, 32, 47, None]  # 11-15 thinned
    app.session_state["_epoch_next"] = 16  # what the timed fragment sets before it reruns the page
    app.run()
    assert app.session_state["epoch"] == 16 and "Epoch 16" in image_captions(app)
    assert app.session_state["_replay_playing"] is True  # the page's own runs never step by themselves
    app.button(key="_replay_play").click().run()
    assert app.session_state["_replay_playing"] is False
    assert app.button(key="_replay_play").label == i18n.t("replay.play", "en")
    app.select_slider(key="epoch").set_value(47).run()
    app.button(key="_replay_play").click().run()  # from the last epoch, play starts again at epoch 0
    assert app.session_state["epoch"] == 0 and app.session_state["_replay_playing"] is True
    assert not app.exception


def test_presenter_mode_keeps_the_slider_and_caption() -> None:
    app = open_page("feature_maps", epoch="3", present="1")
    assert app.select_slider(key="epoch").value == 3
    assert any(c.startswith(i18n.t("replay.caption", "en", epoch=3, last=47)) for c in _texts(app))


def test_a_checkpoint_without_replay_says_so_and_an_unkept_epoch_is_dropped() -> None:
    app = open_page("kernels", model="ckpt:fashion_cnn_digits")
    assert i18n.t("replay.none", "en") in _texts(app)
    assert not app.get("select_slider")
    linked = open_page("kernels", epoch="12")  # thinned out: the link's value is not an option
    assert "epoch" not in linked.session_state
    assert any(i18n.t("url.unusable", "en", name="epoch") in i.value for i in linked.info)


@pytest.mark.parametrize("page", PAGES)
def test_korean_without_english_left(page: str) -> None:
    app = run_korean(page, epoch="5")
    assert not app.error
    assert app.select_slider(key="epoch").label == i18n.t("replay.slider", "ko")
    assert any(c.value.startswith(i18n.t("replay.caption", "ko", epoch=5, last=47)) for c in app.caption)
    assert english_left(app) == []
