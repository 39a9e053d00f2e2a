"""Run names made from a model's and a dataset's names: always safe, readable, never refused (issue 22)."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import pytest

from cnnviz import data
from cnnviz.core.errors import CheckpointError
from cnnviz.train import checkpoints, training

RUN_ID = "20260101-120000-3fa9c1"
ODD_DATASETS = ["..", "../x", "...", ".hidden", "a/b", "a\\b", "CON", "내 사진", "x" * 300, "사" * 300,
                "/etc/passwd", "a\u202eb", " ", "run.keras", "-rf"]


def derived(folder: Path, dataset: str, model: str = "fashion_cnn") -> Path:
    return checkpoints.run_path(folder, RUN_ID, model, dataset)


@pytest.mark.parametrize("dataset", ODD_DATASETS)
def test_a_derived_name_is_always_a_plain_file_inside_the_folder(tmp_path, dataset):
    path = derived(tmp_path, dataset)
    stem = path.name[: -len(checkpoints.SUFFIX)]
    assert path.parent == tmp_path.resolve() and path.suffix == checkpoints.SUFFIX
    assert stem.startswith("fashion_cnn-") and stem.endswith(f"-{RUN_ID}")
    assert not stem.startswith((".", "-")) and ".." not in stem and "." not in stem.replace(RUN_ID, "")
    assert not set(stem) & set("/\\:*?\"<>| \u202e")
    hidden_temp = f".{stem}.tmp-0123abcd{checkpoints.SUFFIX}"  # what a save writes first, beside it
    assert len(hidden_temp.encode("utf-8")) < 255  # ext4's limit for one name, in bytes
    path.write_bytes(b"fits")  # the file system takes it
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_hangul_stays_readable_and_macos_decomposed_hangul_is_composed(tmp_path):
    assert derived(tmp_path, "내 사진").stem == f"fashion_cnn-내_사진-{RUN_ID}"
    decomposed = unicodedata.normalize("NFD", "내 사진")  # how a zip made on a Mac names its folder
    assert decomposed != "내 사진" and derived(tmp_path, decomposed) == derived(tmp_path, "내 사진")
    long = derived(tmp_path, "사" * 300).stem
    assert long.startswith("fashion_cnn-사사사") and len(long.encode("utf-8")) <= checkpoints.MAX_DERIVED_BYTES + 23


def test_a_word_with_nothing_readable_becomes_its_own_short_hash(tmp_path):
    two, three = derived(tmp_path, "..").stem, derived(tmp_path, "...").stem
    assert two != three and two.startswith("fashion_cnn-h") and len(two.split("-")[1]) == 9
    assert derived(tmp_path, "..") == derived(tmp_path, "..")  # the same dataset: the same name
    assert derived(tmp_path, "").stem == f"fashion_cnn-{RUN_ID}"  # no dataset: nothing added
    assert derived(tmp_path, "", model="").stem == RUN_ID
    assert derived(tmp_path, "../x").stem == f"fashion_cnn-x-{RUN_ID}"
    assert derived(tmp_path, "CON").stem == f"fashion_cnn-CON-{RUN_ID}"  # never a whole reserved name


def test_a_name_the_user_typed_is_still_refused(tmp_path):
    for typed in ("..", "../x", ".hidden", "a/b", "ü"):
        with pytest.raises(CheckpointError):
            checkpoints.safe_path(tmp_path, typed)
    config = training.TrainConfig(dataset="digits", limit=40, batch_size=16, epochs=1)
    with pytest.raises(CheckpointError, match="cannot be used as a checkpoint name"):
        training.train(config, tmp_path, name="../x")


@pytest.fixture(scope="module")
def digits() -> data.Dataset:
    return data.load_dataset("digits", limit=60)


@pytest.mark.parametrize("name", ["..", "내 사진"])
def test_training_on_a_dataset_with_an_odd_name_saves_under_a_derived_name(tmp_path, digits, name):
    config = training.TrainConfig(dataset=name, limit=60, batch_size=16, epochs=1)
    result = training.train(config, tmp_path, dataset=dataclasses.replace(digits, name=name))
    assert result.status == "finished" and result.checkpoint_path is not None
    assert result.checkpoint_path == checkpoints.run_path(tmp_path, result.run_id, "fashion_cnn", name)
    listed = checkpoints.list_checkpoints(tmp_path)
    assert [info.path for info in listed] == [result.checkpoint_path]
    assert listed[0].metadata.dataset == name  # the list still tells the dataset as it is called
