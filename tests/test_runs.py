"""Runs: readable labels, renaming and deleting, class names kept inside the .keras file."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import keras
import pytest

from cnnviz.core.errors import CheckpointError
from cnnviz.train import checkpoints, runs


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


def save_run(folder: Path, name: str, owner: str, shared: bool = False) -> Path:
    meta = checkpoints.Metadata(model_name="m", owner=owner, shared=shared, run_id=name)
    return checkpoints.save(tiny_model(), folder / name, meta)


def test_each_owner_sees_own_shared_and_outside_runs(tmp_path: Path) -> None:
    save_run(tmp_path, "ann1", "ann")
    save_run(tmp_path, "ben1", "ben")
    save_run(tmp_path, "ben2", "ben", shared=True)
    save_run(tmp_path, "cli", "")  # trained with `python -m cnnviz train`: no owner
    infos = checkpoints.list_checkpoints(tmp_path)
    assert [i.name for i in runs.visible(infos, "ann")] == ["ann1", "ben2", "cli"]
    assert [i.name for i in runs.visible(infos, "ben")] == ["ben1", "ben2", "cli"]
    assert [i.name for i in runs.owned(infos, "ann")] == ["ann1"] and runs.owned(infos, "") == []


def test_sharing_is_recorded_and_can_be_undone(tmp_path: Path) -> None:
    path = save_run(tmp_path, "ann1", "ann")
    assert runs.set_shared(path, True).shared and checkpoints.read_metadata(path).shared
    assert not runs.set_shared(path, False).shared


def test_the_quota_removes_the_owners_oldest_runs_only(tmp_path: Path) -> None:
    import os

    for i in range(4):
        path = save_run(tmp_path, f"ann{i}", "ann")
        os.utime(path, (1000 + i, 1000 + i))  # ann0 is the oldest
    save_run(tmp_path, "ben0", "ben")
    removed = runs.make_room(tmp_path, "ann", max_runs=3)
    assert len(removed) == 2  # room for one more within 3: two of the four go
    left = sorted(i.name for i in checkpoints.list_checkpoints(tmp_path))
    assert left == ["ann2", "ann3", "ben0"]
    size = sum(p.stat().st_size for p in tmp_path.iterdir() if p.name.startswith("ann3"))
    assert runs.make_room(tmp_path, "ann", max_bytes=size * 2, incoming_bytes=size) != []  # bytes count too


def test_abandoned_unshared_runs_are_cleaned_up(tmp_path: Path) -> None:
    import os

    old = save_run(tmp_path, "old", "ann")
    kept = save_run(tmp_path, "shared_old", "ann", shared=True)
    outside = save_run(tmp_path, "cli_old", "")
    fresh = save_run(tmp_path, "fresh", "ann")
    for path in (old, kept, outside):
        os.utime(path, (1000, 1000))
    stray = tmp_path / ".x.tmp-abc.keras"
    stray.write_bytes(b"half")
    os.utime(stray, (1000, 1000))
    assert runs.clean_abandoned(tmp_path, max_age=3600, now=1000 + 2 * 86400) == ["old"]
    assert not old.exists() and kept.exists() and outside.exists() and fresh.exists() and not stray.exists()
