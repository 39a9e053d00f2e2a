"""The "What filters look for" page on the shipped Fashion-MNIST checkpoint: numbers shown vs the library."""

from __future__ import annotations

import json
import re

import keras
import numpy as np
import pytest
from helpers import ROOT, image_captions, open_page, page_test
from streamlit.testing.v1 import AppTest
from test_korean import english_left, run_korean

from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.core import i18n
from cnnviz.explain import featureviz
from cnnviz.train import checkpoints
from cnnviz.uploads import images

SHIPPED = ROOT / "checkpoints" / "fashion_cnn_fashion.keras"
HANGUL = re.compile("[\uac00-\ud7a3]")
CAPTION = re.compile(r"^Filter (\d+): the (\d+) strongest patches.*?: (.*)$")


@pytest.fixture(scope="module")
def shipped() -> keras.Model:
    return checkpoints.load(SHIPPED)[0]


@pytest.fixture(scope="module")
def fashion() -> data.Dataset:
    return data.load_dataset("fashion_mnist_sample")


def shown_patches(app: AppTest) -> dict[int, list[tuple[float, int]]]:
    """Filter → the (activation, image) pairs its patch caption lists."""
    found = {}
    for caption in image_captions(app):
        match = CAPTION.match(caption)
        if match:
            pairs = re.findall(r"(-?\d+\.\d+) \(#(\d+)\)", match.group(3))
            found[int(match.group(1))] = [(float(v), int(i)) for v, i in pairs]
    return found


def assert_patches_equal(shown: dict[int, list[tuple[float, int]]], model: keras.Model, layer: str,
                         x: np.ndarray, k: int) -> None:
    for channel, pairs in shown.items():
        _, values, _ = featureviz.top_patches(model, layer, channel, x, k)
        direct = featureviz.layer_patches(model, layer, x, k, [channel])[0]
        assert [v for v, _ in pairs] == [float(f"{v:.3f}") for v in values]
        assert [i for _, i in pairs] == direct.images.tolist()


def test_activations_shown_equal_top_patches_on_the_test_split(shipped: keras.Model,
                                                               fashion: data.Dataset) -> None:
    app = open_page("filters", layer="conv2")
    shown = shown_patches(app)
    assert sorted(shown) == list(range(8)) and all(len(p) == 9 for p in shown.values())
    x = evaluation.fit_to_input(fashion.x_test, images.model_input_spec(shipped))
    assert len(x) == 180
    assert_patches_equal(shown, shipped, "conv2", x, 9)
    assert len(app.get("image")) >= 8
    # the optimised image's start value, measured with a Keras sub-model on the seeded start image
    sub = keras.Model(shipped.inputs, shipped.get_layer("conv2").output)
    start = np.asarray(sub(featureviz.start_image((28, 28, 1), 0)[None]))[0, ..., 3].mean()
    caption = next(c for c in image_captions(app) if c.startswith("Filter 3, optimised image"))
    assert f"mean activation {start:.3f} on the start image" in caption


def test_statistics_table_matches_the_library(shipped: keras.Model, fashion: data.Dataset) -> None:
    app = open_page("filters")
    table = app.dataframe[0].value
    x = evaluation.fit_to_input(fashion.x_test, images.model_input_spec(shipped))
    stats = featureviz.layer_statistics(shipped, x)
    assert table["Layer"].tolist() == ["conv1", "conv2"]
    assert table["Dead channels"].tolist() == [s.dead_channels for s in stats]
    assert table["Sparsity (zeros)"].tolist() == [f"{s.sparsity:.1%}" for s in stats]
    assert table["Mean activation"].tolist() == [f"{s.mean:.4f}" for s in stats]
    maps = np.asarray(keras.Model(shipped.inputs, shipped.get_layer("conv2").output)(x))
    assert table["Dead channels"].tolist()[1] == int((maps.max(axis=(0, 1, 2)) == 0).sum())


def test_training_split_and_the_next_filters(shipped: keras.Model, fashion: data.Dataset) -> None:
    app = open_page("filters", layer="conv1")
    app.radio(key="filters_split").set_value("train").run()
    app.slider(key="filters_train_count").set_value(100).run()
    app.select_slider(key="filters_k").set_value(4).run()
    app.selectbox(key="filters_page").set_value(8).run()
    assert not app.exception and not app.error
    shown = shown_patches(app)
    assert sorted(shown) == list(range(8, 16)) and all(len(p) == 4 for p in shown.values())
    x = evaluation.fit_to_input(fashion.x_train[:100], images.model_input_spec(shipped))
    assert_patches_equal(shown, shipped, "conv1", x, 4)
    assert any("Over the same 100 images" in c.value for c in app.caption)


def test_korean_without_english_left() -> None:
    app = run_korean("filters", layer="conv2")
    assert not app.error, [e.value for e in app.error]
    assert english_left(app) == []
    captions = image_captions(app)
    assert captions and all(HANGUL.search(c) for c in captions)
    assert app.dataframe[0].value.columns[0] == i18n.t("filters.col_layer", "ko")


def test_presenter_mode_puts_the_filters_above_folded_settings() -> None:
    app = page_test("filters")
    app.session_state["present"] = True
    app.run()
    assert not app.exception and not app.error, [e.value for e in [*app.exception, *app.error]]
    assert [e.label for e in app.expander] == [i18n.t("present.settings")]
    assert len(shown_patches(app)) == 8
    (chart,) = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    assert chart["layout"]["font"]["size"] == 22  # 12 px × 1.8
