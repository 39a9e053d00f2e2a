"""The Feature maps page with the shipped digits checkpoint: real photos, inversion, crop, colour scales."""

from __future__ import annotations

import io
import re

import keras
import numpy as np
import pytest
from helpers import ROOT, image_captions, page_test
from PIL import Image, ImageDraw
from streamlit.testing.v1 import AppTest

from cnnviz import data
from cnnviz.analysis import activations
from cnnviz.models import arch
from cnnviz.train import checkpoints
from cnnviz.uploads import photos

SHIPPED = ROOT / "checkpoints" / "fashion_cnn_digits.keras"
MODEL = "ckpt:fashion_cnn_digits"  # trained on the digits: light strokes on a dark background
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def shipped() -> tuple[keras.Model, checkpoints.Metadata]:
    return checkpoints.load(SHIPPED)


def digits_page(**query: str) -> AppTest:
    """The Feature maps page with the shipped digits checkpoint (not the default model), not yet run."""
    app = page_test("feature_maps")
    for key, value in {"model": MODEL, **query}.items():
        app.query_params[key] = value
    return app


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def dark_seven_on_white() -> Image.Image:
    """A thick black "7" on a 200×200 white canvas: the kind of picture students upload."""
    image = Image.new("RGB", (200, 200), "white")
    ImageDraw.Draw(image).line([(50, 40), (150, 40), (90, 170)], fill="black", width=18)
    return image


def by_hand(image: Image.Image, invert: bool) -> np.ndarray:
    """The model input computed with Pillow and NumPy alone: grey, 28×28 bilinear, /255, optionally 1 − x."""
    x = np.asarray(image.convert("L").resize((28, 28), Image.Resampling.BILINEAR), np.float32) / 255.0
    return (1.0 - x if invert else x)[None, ..., None]


def upload(image: Image.Image) -> AppTest:
    """The page after switching to "Upload my own" and uploading `image` as a PNG."""
    app = digits_page()
    app.run()
    app.radio(key="fm_source").set_value("upload").run()
    app.file_uploader(key="fm_upload").set_value(("photo.png", png(image), "image/png")).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def prediction_text(model: keras.Model, meta: checkpoints.Metadata, x: np.ndarray) -> str:
    p = model.predict(x, verbose=0)[0]
    return f"Prediction: **{meta.class_names[int(p.argmax())]}** ({p.max():.1%})"


def shown_prediction(app: AppTest) -> str:
    return next(m.value for m in app.markdown if m.value.startswith("Prediction:"))


def captions(app: AppTest) -> list[str]:
    return [c.value for c in app.caption]




def test_dark_seven_on_white_is_inverted_with_a_note_and_a_toggle(shipped) -> None:
    model, meta = shipped
    assert meta.dataset == "digits"
    # the checkpoint records its training images' background; it agrees with the images themselves
    assert meta.preprocessing["background"] == photos.training_background(data.load_dataset("digits").x_train)
    app = upload(dark_seven_on_white())
    assert app.toggle(key="fm_invert").value is True
    assert any("light background (its border averages 1.00" in i.value for i in app.info)
    assert any("brightness inverted (1 − value)" in c for c in captions(app))
    inverted = shown_prediction(app)
    assert inverted == prediction_text(model, meta, by_hand(dark_seven_on_white(), invert=True))
    assert inverted.startswith("Prediction: **7**")  # looking like the training data, it is read right

    app.toggle(key="fm_invert").set_value(False).run()
    assert not app.exception
    assert any(i.value.startswith("Inversion is off") for i in app.info)
    assert not any("brightness inverted" in c for c in captions(app))
    plain = shown_prediction(app)
    assert plain == prediction_text(model, meta, by_hand(dark_seven_on_white(), invert=False))
    assert plain != inverted  # the model got a different input


def test_a_picture_on_a_dark_background_is_left_alone() -> None:
    image = Image.new("L", (200, 200), 0)
    ImageDraw.Draw(image).line([(50, 40), (150, 40), (90, 170)], fill=255, width=18)
    app = upload(image)
    assert not [t for t in app.toggle if t.key == "fm_invert"]
    assert not any("inverted" in c for c in captions(app))


def test_unfamiliar_picture_gets_a_warning_with_its_numbers(shipped) -> None:
    model, meta = shipped
    app = upload(dark_seven_on_white())
    app.toggle(key="fm_invert").set_value(False).run()
    x = by_hand(dark_seven_on_white(), invert=False)
    x_train = data.load_dataset("digits").x_train.reshape(-1, 28 * 28)
    means = x_train.mean(axis=1)
    z = abs(x.mean() - means.mean()) / means.std()
    assert z > 3
    warning = " ".join(w.value for w in app.warning)
    assert warning.startswith("The model may not know this kind of picture.")
    assert f"The picture's brightness is {x.mean():.2f}" in warning
    assert f"the training images average {means.mean():.2f} ± {means.std():.2f}" in warning
    top = model.predict(x, verbose=0).max()
    assert ("Its top probability is only" in warning) == (top < 0.5)


def test_a_test_image_saved_as_png_gets_no_warning(shipped) -> None:
    model, _ = shipped
    ds = data.load_dataset("digits")
    x = ds.x_test[3]
    means = ds.x_train.reshape(len(ds.x_train), -1).mean(axis=1)
    assert abs(x.mean() - means.mean()) / means.std() < 3
    assert model.predict(x[None], verbose=0).max() > 0.5
    app = upload(Image.fromarray((x[..., 0] * 255).round().astype(np.uint8)))
    assert not app.warning
    assert not [t for t in app.toggle if t.key == "fm_invert"]


def test_fit_radio_crops_the_middle_or_stretches_the_whole_picture() -> None:
    wide = Image.new("RGB", (300, 100), "black")
    app = upload(wide)
    assert app.radio(key="fm_fit").value == "crop"
    assert any("its middle 100×100 cut out" in c for c in captions(app))
    app.radio(key="fm_fit").set_value("stretch").run()
    assert any("resized from 300×100 to 28×28 (bilinear, stretched" in c for c in captions(app))
    assert not any("cut out" in c for c in captions(app))


def conv_outputs(model: keras.Model, x: np.ndarray) -> dict[str, np.ndarray]:
    """Every conv/pool layer's output for one image, from Keras sub-models (not the app's extractor)."""
    names = ["conv1", "pool1", "conv2", "pool2"]
    return {n: keras.Model(model.inputs, model.get_layer(n).output).predict(x, verbose=0)[0] for n in names}


def test_scale_switch_states_the_range_it_uses(shipped) -> None:
    model, _ = shipped
    app = digits_page(layer="conv2", sample="3")
    app.run()
    assert app.radio(key="fm_scale").value == "map"
    assert any(c.startswith("Colours: each map on its own scale") for c in image_captions(app))
    outputs = conv_outputs(model, data.load_dataset("digits").x_test[3:4])
    app.radio(key="fm_scale").set_value("layer").run()
    low, high = outputs["conv2"].min(), outputs["conv2"].max()
    assert f"Colours: one scale for the whole layer, from {low:.3g} (dark purple) to {high:.3g} (yellow)." \
        in " ".join(image_captions(app))
    app.radio(key="fm_scale").set_value("all").run()
    low = min(o.min() for o in outputs.values())
    high = max(o.max() for o in outputs.values())
    assert any(c.startswith(f"Colours: one scale for all 4 listed layers, from {low:.3g} (dark purple) to "
                            f"{high:.3g} (yellow)") for c in image_captions(app))
    assert not app.exception


def test_padding_sentence_only_beside_same_padded_convolutions(shipped) -> None:
    model, _ = shipped
    rows = {row.name: row for row in arch.layer_table(model)}
    assert [n for n, r in rows.items() if activations.zero_padded(r)] == ["conv1", "conv2"]
    valid = arch.layer_table(keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3),
                                               keras.layers.Conv2D(2, 1, padding="same")]))
    assert not any(activations.zero_padded(r) for r in valid)  # "valid", and a 1×1 window adds no zeros

    def padding_notes(layer: str) -> int:
        app = digits_page(layer=layer)
        app.run()
        return sum('padding="same"' in c for c in captions(app))

    assert padding_notes("conv1") == 2  # beside the chosen grid, and once under every layer's grids
    assert padding_notes("pool1") == 1


def test_the_page_speaks_korean_about_inversion() -> None:
    app = upload(dark_seven_on_white())
    # Switch language last: AppTest formats radio options with English labels outside the script run.
    app.sidebar.selectbox(key="lang").set_value("ko").run()
    assert not app.exception
    assert app.toggle(key="fm_invert").label == "밝기 뒤집기 (어두운 배경에 밝은 그림)"
    assert all(HANGUL.search(i.value) for i in app.info)
    note = next(c for c in captions(app) if "28×28" in c)
    assert note.startswith("올린 이미지(200×200 RGB PNG)를 모델 입력(28×28 회색조)으로 바꿨습니다")
    assert "밝기를 뒤집음" in note


def test_over_the_memory_budget_the_page_computes_only_the_chosen_layer(shipped, monkeypatch) -> None:
    import streamlit as st

    model, meta = shipped
    st.cache_resource.clear()  # no maps cached under the normal budget by an earlier test
    # the digits model's pass keeping every map peaks at 201,104 B; conv1 with the head at 175,616 B
    # (conv1 + pool1 + conv2), pool2 with the head at 125,440 B (conv1 + pool1): see test_activations
    monkeypatch.setattr(activations, "MAPS_BUDGET", 150_000)
    app = digits_page(layer="conv1", sample="3")
    app.run()
    assert not app.exception and not app.error
    notes = " ".join(i.value for i in app.info)
    assert "This model's maps would take 0.2 MB for one picture (a pass keeping them all needs about 0.2 MB), " \
           "more than the 0.1 MB cnnviz allows per picture, so only the chosen layer is computed." in notes
    assert "The prediction is not shown: a pass through the whole model needs about 0.2 MB" in notes
    assert not any(m.value.startswith("Prediction:") for m in app.markdown)
    grids = [c for c in image_captions(app) if "feature maps (" in c]
    x = data.load_dataset("digits").x_test[3:4]
    assert all("conv1" in c for c in grids) and len(grids) == 2  # the chosen layer, in both tabs

    app.selectbox(key="layer").set_value("pool2").run()
    assert not app.exception and not app.error
    assert shown_prediction(app).startswith(prediction_text(model, meta, x) + " · true label")
    assert not any("prediction is not shown" in i.value for i in app.info)
    st.cache_resource.clear()
