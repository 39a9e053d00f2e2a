"""The Train page with an uploaded model (fine-tuning or why not) and the session's own runs."""

from __future__ import annotations

import time
from pathlib import Path

import keras
import numpy as np
import pytest
from helpers import page_test
from streamlit.testing.v1 import AppTest

from cnnviz.models import zoo
from cnnviz.train import checkpoints, runs


def keras_bytes(tmp_path: Path, units: int, name: str) -> bytes:
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, keras.layers.Dense(units, activation="softmax")(x))
    path = tmp_path / name
    model.save(path)
    return path.read_bytes()


def train_page_with_upload(content: bytes, filename: str) -> AppTest:
    app = page_test("train")
    app.query_params["dataset"] = "digits"
    app.run()
    app.sidebar.selectbox(key="model").set_value("upload").run()
    app.sidebar.file_uploader(key="model_upload").set_value((filename, content, "application/octet-stream")).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def wait(app: AppTest) -> None:
    run = app.session_state["run"]
    deadline = time.monotonic() + 240
    while not run.done and time.monotonic() < deadline:
        time.sleep(0.5)
    assert run.done and run.error is None, run.error
    app.run()
    assert not app.exception, [e.value for e in app.exception]


def test_an_uploaded_model_that_fits_is_fine_tuned_and_becomes_my_run(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path / "runs"))
    content = keras_bytes(tmp_path, 10, "my_digits.keras")
    app = train_page_with_upload(content, "my_digits.keras")
    assert any("Fine-tuning your uploaded model **my_digits.keras**" in i.value for i in app.info)
    assert "train_model" not in [s.key for s in app.selectbox]  # no zoo model to choose: it is the upload
    app.slider(key="train_epochs").set_value(1).run()
    app.number_input(key="train_limit").set_value(60).run()
    app.button(key="start").click().run()
    wait(app)
    result = app.session_state["run"].result
    model, meta = checkpoints.load(result.checkpoint_path)
    assert meta.model_name == "my_digits" and meta.dataset == "digits" and len(meta.class_names) == 10
    uploaded, _ = checkpoints.load_bytes(content, "my_digits.keras")
    assert any(not np.array_equal(a, b) for a, b in zip(uploaded.get_weights(), model.get_weights(), strict=False))

    # the run is this session's own: it can be renamed and deleted from the page
    title_key = f"title-{meta.run_id}"
    app.text_input(key=title_key).set_value("Digits, fine-tuned").run()
    app.button(key=f"rename-{meta.run_id}").click().run()
    assert checkpoints.read_metadata(result.checkpoint_path).title == "Digits, fine-tuned"
    assert any("Digits, fine-tuned" in option for option in app.sidebar.selectbox(key="model").options)
    app.button(key=f"delete-{meta.run_id}").click().run()
    assert not result.checkpoint_path.exists()
    assert not any(f"delete-{meta.run_id}" == b.key for b in app.button)


def test_an_uploaded_model_with_other_classes_says_why_it_cannot_be_trained(tmp_path) -> None:
    app = train_page_with_upload(keras_bytes(tmp_path, 3, "three.keras"), "three.keras")
    errors = " ".join(e.value for e in app.error)
    assert "cannot be fine-tuned" in errors and "3 outputs" in errors and "10 classes" in errors
    assert app.button(key="start").disabled


def test_another_browser_cannot_see_load_or_manage_my_run_until_i_share_it(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path / "runs"))
    mine = page_test("train")
    mine.query_params["dataset"] = "digits"
    mine.run()
    mine.slider(key="train_epochs").set_value(1).run()
    mine.number_input(key="train_limit").set_value(60).run()
    mine.button(key="start").click().run()
    wait(mine)
    run = mine.session_state["run"]
    choice = f"ckpt:{run.checkpoint_path.stem}"
    info = checkpoints.list_checkpoints(run.checkpoint_path.parent)[0]
    shown = f"🏋️ {runs.label(info)}"  # the sidebar lists labels
    assert shown in mine.sidebar.selectbox(key="model").options
    assert any(b.key == f"delete-{run.run_id}" for b in mine.button)

    other = page_test("train")
    other.query_params["dataset"] = "digits"
    other.query_params["model"] = choice  # even with a link to it
    other.run()
    assert not any(o.startswith("🏋️") for o in other.sidebar.selectbox(key="model").options)
    assert other.sidebar.selectbox(key="model").value == "ckpt:fashion_cnn_fashion"  # the default instead
    assert not any((b.key or "").startswith(("delete-", "rename-")) for b in other.button)
    assert not any((b.key or "") == "dl-ckpt" for b in other.get("download_button"))

    mine.toggle(key=f"share-{run.run_id}").set_value(True).run()  # share it with the class
    assert checkpoints.read_metadata(run.checkpoint_path).shared
    other.run()
    assert shown in other.sidebar.selectbox(key="model").options
    assert not any((b.key or "").startswith(("delete-", "rename-", "share-")) for b in other.button)


@pytest.mark.parametrize("typed, shown", [("a, b, c, d, e, f, g, h, i, j", None), ("a, b", "2 class names")])
def test_class_names_typed_for_an_upload(tmp_path, typed: str, shown: str | None) -> None:
    app = train_page_with_upload(keras_bytes(tmp_path, 10, "named.keras"), "named.keras")
    app.sidebar.text_input(key="upload_class_names").set_value(typed).run()
    warnings = " ".join(w.value for w in app.sidebar.warning)
    if shown is None:
        assert not warnings
        button = app.sidebar.get("download_button")
        assert len(button) == 1
    else:
        assert shown in warnings and "10 outputs" in warnings


@pytest.mark.parametrize("lang, says", [("en", ("random weights", "transfer learning", "most common class")),
                                        ("ko", ("무작위 가중치", "전이 학습", "가장 흔한 클래스"))])
def test_vgg16_transfer_without_imagenet_weights_is_warned_before_training(tmp_path, monkeypatch, lang: str,
                                                                          says: tuple[str, ...]) -> None:
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))  # an empty cache: the weights are not here
    app = page_test("train")
    app.run()

    def weights_warnings() -> list[str]:
        return [w.value for w in app.warning if "ImageNet" in w.value]

    assert not weights_warnings()  # the default model needs no download
    app.selectbox(key="train_model").set_value("vgg16_transfer").run()
    # AppTest formats a selectbox's options outside the script, in English: the language is switched after
    app.sidebar.selectbox(key="lang").set_value(lang).run()
    assert not app.exception, [e.value for e in app.exception]
    shown = weights_warnings()
    assert len(shown) == 1 and all(word in shown[0] for word in says), shown
    assert "fashion" in shown[0].lower() and zoo.VGG16_IMAGENET_FILE in shown[0]  # what to do instead
    assert "run" not in app.session_state and not app.button(key="start").disabled  # nothing started
    if lang != "en":
        return  # AppTest cannot rerun a page whose selectboxes it formatted in another language

    models = tmp_path / "keras" / "models"  # the file where Keras keeps it: nothing to warn about
    models.mkdir(parents=True)
    (models / zoo.VGG16_IMAGENET_FILE).write_bytes(b"weights")
    app.run()
    assert not weights_warnings()


def test_the_seed_travels_in_the_link_to_the_training_settings() -> None:
    app = page_test("train")
    app.query_params["seed"] = "7"
    app.run()
    assert not app.exception
    assert app.number_input(key="seed").value == 7
    assert app.query_params.get("seed") in ("7", ["7"])


def test_a_fine_tune_result_is_shown_with_its_own_model_only(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path / "runs"))
    first = keras_bytes(tmp_path, 10, "first.keras")
    app = train_page_with_upload(first, "first.keras")
    app.slider(key="train_epochs").set_value(1).run()
    app.number_input(key="train_limit").set_value(60).run()
    app.button(key="start").click().run()
    wait(app)
    saved = app.session_state["run"].result.checkpoint_path.stem

    def result_shown() -> bool:
        return any(saved in s.value for s in app.success) and any(b.key == "use-ckpt" for b in app.button)

    assert result_shown()
    second = keras_bytes(tmp_path, 10, "second.keras")  # another model (its own weights): not its result
    app.sidebar.file_uploader(key="model_upload").set_value(("second.keras", second, "application/octet-stream"))
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("**second.keras**" in i.value for i in app.info)
    assert not result_shown() and not app.get("plotly_chart")
    assert not app.button(key="start").disabled  # the finished run does not hold the page
    app.sidebar.file_uploader(key="model_upload").set_value(("first.keras", first, "application/octet-stream"))
    app.run()
    assert result_shown()  # back on the model it was computed for
