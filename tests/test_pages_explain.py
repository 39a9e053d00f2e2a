"""The Explain page: the shipped Fashion-MNIST checkpoint on its ankle boot, VGG16's nested base, Korean,
the sanity panel and Evaluate's way in. Every number is checked against the library called directly."""

from __future__ import annotations

import io

import keras
import numpy as np
import pytest
from helpers import ROOT, app_test, image_captions, open_page
from PIL import Image
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from test_korean import english_left, run_korean

from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.core import i18n
from cnnviz.explain import methods as explain
from cnnviz.explain import overlays, sanity
from cnnviz.train import checkpoints
from cnnviz.uploads import images

SHIPPED = ROOT / "checkpoints" / "fashion_cnn_fashion.keras"


@pytest.fixture(scope="module")
def shipped() -> tuple[keras.Model, checkpoints.Metadata]:
    return checkpoints.load(SHIPPED)


@pytest.fixture(scope="module")
def boot() -> tuple[np.ndarray, int]:
    """The Fashion-MNIST sample's first ankle boot as the model's input, and its index."""
    ds = data.load_dataset("fashion_mnist_sample")
    index = data.featured_sample(ds)
    assert ds.class_names[int(ds.y_test[index])] == "Ankle boot"
    return ds.x_test[index : index + 1], index


@pytest.fixture()
def pictures(monkeypatch: pytest.MonkeyPatch) -> dict[str, np.ndarray]:
    """Every image the page sends, decoded, by its URL (recorded as Streamlit stores it)."""
    found: dict[str, np.ndarray] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self: MemoryMediaFileStorage, path_or_data: object, mimetype: str, kind: object,
             filename: str | None = None) -> str:
        file_id = original(self, path_or_data, mimetype, kind, filename)
        if mimetype == "image/png":
            content = self._files_by_id[file_id].content
            found[self.get_url(file_id)] = np.asarray(Image.open(io.BytesIO(content)).convert("RGB"))
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return found


def shown(app: AppTest, pictures: dict[str, np.ndarray], caption_start: str) -> np.ndarray:
    """The picture whose caption starts with `caption_start`."""
    urls = [img.url for element in app.get("image") for img in element.proto.imgs
            if img.caption.startswith(caption_start)]
    assert len(urls) == 1, image_captions(app)
    return pictures[urls[0]]


def test_opens_on_the_ankle_boot_with_the_library_grad_cam(shipped, boot, pictures) -> None:
    model, meta = shipped
    x, index = boot
    app = open_page("explain")
    assert app.title[0].value == "Explain"
    assert app.session_state["sample"] == index
    p = model.predict(x, verbose=0)[0]  # Keras itself
    assert f"Prediction: **Ankle boot** ({p.max():.1%})" in app.markdown[0].value
    assert app.multiselect(key="ex_methods").value == ["grad_cam", "saliency", "occlusion"]
    assert f"Explaining **Ankle boot** ({p.max():.1%})" in [m.value for m in app.markdown]
    cam = explain.grad_cam(model, x, int(p.argmax()), "conv2")
    expected = overlays.overlay(x, overlays.heat(cam), 0.5)
    assert np.array_equal(shown(app, pictures, "Grad-CAM"), expected)
    other = overlays.overlay(x, overlays.heat(explain.grad_cam(model, x, 0, "conv2")), 0.5)
    assert not np.array_equal(expected, other)  # the check can fail: another class draws another map
    drop = explain.occlusion(model, x, int(p.argmax()))
    caption = next(c for c in image_captions(app) if c.startswith("Occlusion"))
    assert f"(by {100 * drop.max():.1f} points)" in caption


def test_the_layer_is_suggested_with_its_reason_and_marked_on_the_diagram(shipped) -> None:
    model, _ = shipped
    app = open_page("explain")
    layer = explain.suggest_layer(model)
    assert layer == "conv2" and app.selectbox(key="ex_layer").value == layer
    assert explain.layer_reason(model, layer) in [c.value for c in app.caption]
    dot = app.get("graphviz_chart")[0].proto.spec
    assert '"conv2" [' in dot and dot.split('"conv2" [')[1].split("\n")[0].count("penwidth=3") == 1
    app.selectbox(key="ex_layer").set_value("conv1").run()
    assert explain.layer_reason(model, "conv1") in [c.value for c in app.caption]
    assert "penwidth=3" in app.get("graphviz_chart")[0].proto.spec.split('"conv1" [')[1].split("\n")[0]


def test_vgg16_transfer_explains_a_layer_inside_the_nested_base() -> None:
    app = open_page("explain", model="zoo:vgg16_transfer")
    assert app.selectbox(key="ex_layer").value == "vgg16/block5_conv3"
    assert any(c.startswith("Grad-CAM") for c in image_captions(app))
    assert i18n.t("ex.untrained") in [i.value for i in app.info]


def test_top3_and_integrated_gradients_with_completeness(shipped, boot) -> None:
    model, meta = shipped
    x, _ = boot
    app = open_page("explain")
    app.radio(key="ex_target").set_value("top3").run()
    app.multiselect(key="ex_methods").set_value(["integrated_gradients"]).run()
    assert not app.exception and not app.error
    p = model.predict(x, verbose=0)[0]
    top = np.argsort(-p)[:3]
    headings = [m.value for m in app.markdown if m.value.startswith("Explaining")]
    assert headings == [f"Explaining **{meta.class_names[i]}** ({p[i]:.1%})" for i in top]
    first = next(c for c in image_captions(app) if c.startswith("Integrated gradients"))
    ig = explain.integrated_gradients(model, x, int(top[0]), "black")
    end = explain.class_score(model, x, int(top[0]))
    start = explain.class_score(model, np.zeros_like(x), int(top[0]))
    assert f"add up to {ig.sum():.3f}" in first and f"a change of {end - start:.3f}" in first
    assert abs(ig.sum() - (end - start)) < 0.05 * max(1.0, abs(end - start))  # completeness, 64 steps


def test_sanity_panel_matches_the_library(shipped, boot) -> None:
    model, meta = shipped
    x, _ = boot
    app = open_page("explain")
    app.button(key="ex_sanity_run").click().run()
    assert not app.exception and not app.error
    c = int(model.predict(x, verbose=0)[0].argmax())
    real = explain.grad_cam(model, x, c, "conv2")
    fake = explain.grad_cam(sanity.randomized(model), x, c, "conv2")
    rho = sanity.similarity(real, fake)
    assert app.metric[0].value == f"{rho:.2f}"
    notes = [e.value for e in (*app.warning, *app.info, *app.success)]
    assert i18n.t(sanity.verdict(rho), rho=f"{rho:.2f}") in notes
    figure = app.get("plotly_chart")[0].proto.spec
    auc = sanity.deletion_curve(model, x, real, c).auc
    assert f"trained model's map (AUC {auc:.3f})" in figure


def test_explain_in_korean_with_the_sanity_panel() -> None:
    left = english_left(run_korean("explain"))
    assert not left, "\n".join(left)
    # The panel opened, then the language switched (AppTest formats options outside the script on a click).
    app = open_page("explain")
    app.button(key="ex_sanity_run").click().run()
    app.sidebar.selectbox(key="lang").set_value("ko").run()
    assert not app.exception and not app.error
    assert app.title[0].value == "설명" and len(app.metric) == 1
    left = english_left(app)
    assert not left, "\n".join(left)


def test_evaluate_opens_explain_on_a_confident_mistake(shipped) -> None:
    model, _ = shipped
    app = app_test()
    app.run()
    app.switch_page("app_pages/evaluate.py").run()
    assert not app.exception
    options = app.selectbox(key="eval_mistake").options
    assert len(options) >= 2
    app.selectbox(key="eval_mistake").select_index(1).run()
    chosen = app.selectbox(key="eval_mistake").value
    app.button(key="eval_explain").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == "Explain"
    assert app.session_state["sample"] == chosen and app.session_state["fm_source"] == "sample"
    ds = data.load_dataset("fashion_mnist_sample")
    x = evaluation.fit_to_input(ds.x_test[chosen : chosen + 1], images.model_input_spec(model))
    p = model.predict(x, verbose=0)[0]
    assert p.argmax() != ds.y_test[chosen]  # a mistake indeed
    truth = ds.class_names[int(ds.y_test[chosen])]
    assert f"({p.max():.1%}) · true label: **{truth}**" in app.markdown[0].value
