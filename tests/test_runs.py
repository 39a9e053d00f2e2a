"""Runs: readable labels, renaming and deleting, class names kept inside the .keras file."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import keras
import pytest

from cnnviz import checkpoints, runs
from cnnviz.errors import CheckpointError


def tiny_model(units: int = 3) -> keras.Model:
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(2, 3)(inputs)
    return keras.Model(inputs, keras.layers.Dense(units, activation="softmax")(keras.layers.Flatten()(x)))


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    meta = checkpoints.Metadata(model_name="fashion_cnn", dataset="digits", class_names=["a", "b", "c"],
                                final_metrics={"test_accuracy": 0.9861}, run_id="20261124-013000-abcdef")
    return checkpoints.save(tiny_model(), tmp_path / "fashion_cnn-digits-20261124-013000-abcdef", meta)


def test_label_names_model_dataset_accuracy_and_local_time(saved: Path) -> None:
    info = checkpoints.list_checkpoints(saved.parent)[0]
    created = dt.datetime.fromisoformat(info.metadata.created_at).astimezone()
    assert runs.label(info) == f"fashion_cnn · digits · 98.6% · {created:%Y-%m-%d %H:%M}"


def test_rename_changes_the_label_but_not_the_file(saved: Path) -> None:
    runs.rename(saved, "  My   first\tCNN ")
    infos = checkpoints.list_checkpoints(saved.parent)
    assert [i.path for i in infos] == [saved]
    assert runs.label(infos[0]) == "My first CNN"
    _, meta = checkpoints.load_bytes(saved.read_bytes(), "download.keras")  # the title travels inside the file
    assert meta.title == "My first CNN" and meta.class_names == ["a", "b", "c"]


@pytest.mark.parametrize("title, key", [("   ", "error.title_empty"), ("x" * 81, "error.title_long"),
                                        ("a\x00b", "error.title_chars")])
def test_bad_names_are_refused_with_a_message(saved: Path, title: str, key: str) -> None:
    with pytest.raises(CheckpointError) as caught:
        runs.rename(saved, title)
    assert caught.value.key == key and caught.value.text("ko") != str(caught.value)
    assert checkpoints.read_metadata(saved).title == ""


def test_delete_removes_both_files(saved: Path) -> None:
    runs.delete(saved)
    assert list(saved.parent.iterdir()) == []
    with pytest.raises(CheckpointError, match="no longer there"):
        runs.delete(saved)


def test_a_downloaded_checkpoint_uploaded_again_keeps_its_story(saved: Path) -> None:
    assert checkpoints.EMBEDDED_METADATA in zipfile.ZipFile(saved).namelist()
    model, meta = checkpoints.load_bytes(saved.read_bytes(), "again.keras")
    assert meta.model_name == "fashion_cnn" and meta.final_metrics["test_accuracy"] == 0.9861
    assert model.count_params() == tiny_model().count_params()


def test_class_names_typed_for_an_upload_are_kept_in_the_file(tmp_path: Path) -> None:
    plain = tmp_path / "plain.keras"
    tiny_model().save(plain)  # a Keras file from elsewhere: no cnnviz metadata
    _, meta = checkpoints.load_bytes(plain.read_bytes(), "plain.keras")
    assert meta.class_names == [] and meta.model_name == "uploaded"
    names = checkpoints.class_names_from_text("cat, dog,\nbird", 3)
    named = checkpoints.with_metadata(plain.read_bytes(), checkpoints.Metadata(class_names=names))
    model, meta = checkpoints.load_bytes(named, "named.keras")
    assert meta.class_names == ["cat", "dog", "bird"]
    assert model.count_params() == (3 * 3 * 1 * 2 + 2) + (6 * 6 * 2 * 3 + 3)  # conv + dense, by hand
    again = checkpoints.with_metadata(named, checkpoints.Metadata(class_names=["x", "y", "z"]))
    assert zipfile.ZipFile(__import__("io").BytesIO(again)).namelist().count(checkpoints.EMBEDDED_METADATA) == 1


@pytest.mark.parametrize("text, count, key", [("a, b", 3, "error.class_name_count"), ("a, a, b", 3,
                                              "error.class_name_repeated"), ("yes", 1, "error.class_name_count")])
def test_class_names_that_do_not_fit_are_refused(text: str, count: int, key: str) -> None:
    with pytest.raises(CheckpointError) as caught:
        checkpoints.class_names_from_text(text, count)
    assert caught.value.key == key


def test_one_sigmoid_unit_takes_two_names() -> None:
    assert checkpoints.class_names_from_text("no, yes", 1) == ["no", "yes"]
