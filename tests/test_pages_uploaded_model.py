"""An uploaded model without class names on the picture pages: the dataset's names everywhere, and the picture
source (a test image or an upload) kept while the dataset is missing for a while."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import keras
import pytest
from helpers import page_test
from PIL import Image
from streamlit.testing.v1 import AppTest

from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.core import i18n
from cnnviz.uploads import images

CLASSES = ("cloud", "rain", "sunrise")


def png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def weather_zip() -> bytes:
    """Your own images: one folder per class, six plain pictures each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for k, name in enumerate(CLASSES):
            for i in range(6):
                archive.writestr(f"{name}/img{i}.png", png((80 * k, 20 * i, 50)))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def unnamed(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A small CNN for the zip's 64×64 colour pictures, three outputs and no class names inside."""
    keras.utils.set_random_seed(3)
    inputs = keras.Input((64, 64, 3))
    x = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    path = tmp_path_factory.mktemp("upload") / "weather.keras"
    keras.Model(inputs, keras.layers.Dense(len(CLASSES), activation="softmax")(x)).save(path)
    return path.read_bytes()


def with_uploads(page: str, model: bytes, zipped: bytes | None) -> AppTest:
    """`page` after choosing the uploaded model and "your own images" in the sidebar (and the zip, if given)."""
    app = page_test(page)
    app.run()
    app.sidebar.selectbox(key="model").set_value("upload").run()
    app.sidebar.file_uploader(key="model_upload").set_value(("weather.keras", model, "application/octet-stream"))
    app.run()
    app.sidebar.selectbox(key="dataset").set_value("folder").run()
    if zipped is not None:
        app.sidebar.file_uploader(key="dataset_upload").set_value(("weather.zip", zipped, "application/zip")).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def expected_prediction(model_bytes: bytes, zipped: bytes, index: int, tmp_path: Path) -> str:
    """The prediction line for test image `index`, with Keras and the zip's folder names, not the app."""
    path = tmp_path / "weather.keras"
    path.write_bytes(model_bytes)
    model = keras.saving.load_model(path)
    ds = data.load_image_zip(zipped, name="weather")
    assert ds.class_names == CLASSES
    x = evaluation.fit_to_input(ds.x_test[index : index + 1], images.model_input_spec(model))
    p = model.predict(x, verbose=0)[0]
    truth = CLASSES[int(ds.y_test[index])]
    return f"Prediction: **{CLASSES[int(p.argmax())]}** ({p.max():.1%}) · true label: **{truth}**"


def prediction_line(app: AppTest) -> str:
    return next(m.value for m in app.markdown if m.value.startswith("Prediction:"))


def test_an_unnamed_upload_speaks_the_dataset_s_class_names_on_every_page(unnamed, weather_zip, tmp_path) -> None:
    note = i18n.t("current.class_names_from_dataset", dataset="weather", names=", ".join(CLASSES))
    evaluate = with_uploads("evaluate", unnamed, weather_zip)
    confusion = evaluate.get("plotly_chart")[0].proto.spec
    assert all(f'"{name}"' in confusion for name in CLASSES)
    assert [c.value for c in evaluate.caption].count(note) == 1  # said once

    for page in ("feature_maps", "explain"):
        app = with_uploads(page, unnamed, weather_zip)
        index = app.session_state["sample"]
        assert prediction_line(app) == expected_prediction(unnamed, weather_zip, index, tmp_path), page
        assert [c.value for c in app.caption].count(note) == 1, page

    typed = with_uploads("feature_maps", unnamed, weather_zip)  # names typed in the sidebar win
    typed.sidebar.text_input(key="upload_class_names").set_value("nimbus, drizzle, dawn").run()
    line = prediction_line(typed)
    assert any(f"**{name}**" in line.split(" · ")[0] for name in ("nimbus", "drizzle", "dawn")), line
    assert note not in [c.value for c in typed.caption]


def test_a_missing_dataset_keeps_the_chosen_picture_source(unnamed, weather_zip) -> None:
    app = with_uploads("explain", unnamed, None)  # "your own images" chosen, the zip not yet uploaded
    assert app.radio(key="fm_source").value == "sample"  # not switched to "Upload my own" by itself
    assert i18n.t("fm.no_samples") in [i.value for i in app.info]
    app.sidebar.file_uploader(key="dataset_upload").set_value(("weather.zip", weather_zip, "application/zip"))
    app.run()
    assert app.radio(key="fm_source").value == "sample"
    assert prediction_line(app).startswith("Prediction:")

    app.radio(key="fm_source").set_value("upload").run()  # the user's own choice: kept without the dataset too
    app.sidebar.selectbox(key="dataset").set_value("digits").run()
    assert app.radio(key="fm_source").value == "upload"
    assert not app.exception, [e.value for e in app.exception]


@pytest.fixture(scope="module")
def odd_names(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A CNN for 28×28 grey pictures whose layer names Keras takes but TensorFlow's graph scopes refuse."""
    keras.utils.set_random_seed(4)
    inputs = keras.Input((28, 28, 1), name="입력")
    x = keras.layers.Conv2D(4, 3, activation="relu", name="my conv")(inputs)
    x = keras.layers.Conv2D(4, 3, activation="relu", name="합성곱")(x)
    x = keras.layers.GlobalAveragePooling2D(name="pool:all")(x)
    path = tmp_path_factory.mktemp("upload") / "odd.keras"
    keras.Model(inputs, keras.layers.Dense(10, activation="softmax", name="예측")(x), name="내 모델").save(path)
    return path.read_bytes()


@pytest.mark.parametrize("page", ["feature_maps", "evaluate", "explain", "embedding", "filters"])
def test_layer_names_tensorflow_refuses_run_renamed_and_the_page_says_so(page: str, odd_names: bytes) -> None:
    app = page_test(page)
    app.run()
    app.sidebar.selectbox(key="model").set_value("upload").run()
    app.sidebar.file_uploader(key="model_upload").set_value(("odd.keras", odd_names, "application/octet-stream"))
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    notes = [c.value for c in app.caption if "TensorFlow cannot run layers with these names" in c.value]
    assert notes and "my conv → " in notes[0] and "합성곱 → " in notes[0]
