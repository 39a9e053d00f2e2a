"""The Embedding map page on the shipped checkpoint: its numbers against Keras and the library."""

from __future__ import annotations

import keras
import numpy as np
import plotly.graph_objects as go
import plotly.io
import pytest
from helpers import ROOT, image_captions, open_page, page_test
from streamlit.testing.v1 import AppTest
from test_korean import english_left, run_korean

from cnnviz import data
from cnnviz.analysis import embedding
from cnnviz.train import checkpoints

SHIPPED = ROOT / "checkpoints" / "fashion_cnn_fashion.keras"


@pytest.fixture(scope="module")
def shipped() -> tuple[keras.Model, data.Dataset, np.ndarray]:
    model, _ = checkpoints.load(SHIPPED)
    ds = data.load_dataset("fashion_mnist_sample")
    return model, ds, ds.x_test.astype(np.float32)  # already 28×28×1 in 0–1: the model's own input


@pytest.fixture(scope="module")
def opened() -> AppTest:
    return open_page("embedding")


def figures(app: AppTest) -> list[go.Figure]:
    """The plotly figures as drawn (plotly sends arrays as binary; from_json decodes them)."""
    return [plotly.io.from_json(element.proto.spec) for element in app.get("plotly_chart")]


def texts(app: AppTest) -> list[str]:
    return [m.value for m in app.markdown] + [c.value for c in app.caption]


def test_whole_test_split_is_drawn_with_the_librarys_separation(opened: AppTest, shipped) -> None:
    model, ds, x = shipped
    assert opened.number_input(key="emb_count").value == len(ds.x_test) == 180
    drawn = figures(opened)
    assert len(drawn) == 2
    for fig in drawn:  # every image once, in the class traces (the ringed selection comes on top)
        shown = [trace for trace in fig.data if trace.name in ds.class_names]
        indices = sorted(int(i) for trace in shown for i in trace.customdata)
        assert indices == list(range(180))
    net = embedding.project(embedding.features(model, x, "dense"), "pca")
    raw = embedding.project(embedding.pixels(x), "pca")
    net_s, raw_s = embedding.separation(net, ds.y_test), embedding.separation(raw, ds.y_test)
    verdict = "more" if f"{net_s:.2f}" != f"{raw_s:.2f}" and net_s > raw_s else "less"
    expected = (f"Classes are {verdict} separated in the network's features (silhouette {net_s:.2f}) "
                f"than in raw pixels ({raw_s:.2f}).")
    assert expected in texts(opened)


def test_mistakes_are_counted_as_keras_predicts_them(opened: AppTest, shipped) -> None:
    model, ds, x = shipped
    wrong = int((model.predict(x, verbose=0).argmax(axis=1) != ds.y_test).sum())
    sentence = f"× marks a mistake: {wrong} of 180 images ({wrong / 180:.1%}) are predicted wrong."
    assert sentence in texts(opened)
    crosses = sum(symbol == "x" for fig in figures(opened)[:1] for trace in fig.data
                  if trace.name in ds.class_names for symbol in trace.marker.symbol)
    assert crosses == wrong


def test_pca_variance_caption_matches_numpys_svd(opened: AppTest, shipped) -> None:
    model, _, x = shipped
    dense = keras.Model(model.inputs, model.get_layer("dense").output)
    table = dense.predict(x, verbose=0).astype(np.float64)
    s = np.linalg.svd(table - table.mean(axis=0), compute_uv=False)
    share = s**2 / (s**2).sum()
    expected = (f"PCA's two axes keep {share[0]:.1%} + {share[1]:.1%} = {share[0] + share[1]:.1%} "
                "of the variance.")
    assert expected in texts(opened)


def test_choosing_an_image_by_number_shows_its_prediction_and_opens_feature_maps(shipped) -> None:
    model, ds, x = shipped
    app = open_page("embedding")
    app.number_input(key="emb_point").set_value(7).run()
    assert not app.exception and not app.error
    assert any(h.value == "Image #7" for h in app.subheader)
    p = model.predict(x[7:8], verbose=0)[0]
    label = ds.class_names[int(p.argmax())]
    truth = ds.class_names[int(ds.y_test[7])]
    expected = f"Prediction: **{label}** ({p.max():.1%}) · true label: **{truth}**"
    assert expected in texts(app)
    assert any(c.startswith(f"Grad-CAM for “{label}”") for c in image_captions(app))
    assert any("feature maps" in c for c in image_captions(app))
    # the selected image is ringed on both maps
    assert all(list(fig.data[-1].customdata) == [7] for fig in figures(app))
    app.button(key="emb_open").click().run()
    assert app.session_state["sample"] == 7 and app.session_state["_go_to"] == "feature_maps"


def test_a_click_on_a_point_selects_its_image() -> None:
    """A chart selection (as the browser sends it) picks the image its point's customdata names."""
    app = open_page("embedding")
    app.session_state["emb_net"] = {"selection": {"points": [{"customdata": 12, "curve_number": 0}],
                                                  "point_indices": [0], "box": [], "lasso": []}}
    app.run()
    assert not app.exception
    assert app.number_input(key="emb_point").value == 12
    assert any(h.value == "Image #12" for h in app.subheader)


def test_tsne_on_a_few_images_says_its_perplexity() -> None:
    app = open_page("embedding", lang="en")
    app.number_input(key="emb_count").set_value(40).run()
    app.radio(key="emb_method").set_value("tsne").run()
    assert not app.exception and not app.error
    assert any("perplexity 13 " in c for c in texts(app))  # (40 − 1)/3
    assert all(sum(len(tr.customdata) for tr in fig.data[:-1]) == 40 for fig in figures(app))


def test_in_korean_without_english_left() -> None:
    app = run_korean("embedding")
    assert not app.error, [e.value for e in app.error]
    assert english_left(app) == []
    assert any("실루엣" in text for text in texts(app))


def test_presenter_mode_puts_the_maps_first_and_folds_the_settings() -> None:
    app = page_test("embedding")
    app.session_state["present"] = True  # what ?present=1 sets (the entry script reads it; this runs the page)
    app.run()
    assert not app.exception and not app.error
    assert len(app.get("plotly_chart")) == 2
    assert any(e.label == "Settings" for e in app.expander)
    assert app.number_input(key="emb_count").value == 180
