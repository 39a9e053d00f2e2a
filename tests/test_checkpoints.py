"""Tests for cnnviz/checkpoints.py: round trips, atomic writes, refusing unsafe or broken files."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest

import cnnviz
from cnnviz.core.errors import CheckpointError
from cnnviz.train import checkpoints
from cnnviz.train.checkpoints import CheckpointInfo, Metadata


def tiny_model(seed: int = 0) -> keras.Model:
    """Input(8,8,1) -> Conv2D(2,3) -> Flatten -> Dense(3): 20 + 219 parameters, compiled."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(2, 3, name="conv")(inputs)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(3, activation="softmax", name="dense")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def sample_input() -> np.ndarray:
    return np.random.default_rng(1).random((4, 8, 8, 1), dtype=np.float32)


def assert_same_weights(a: keras.Model, b: keras.Model) -> None:
    wa, wb = a.get_weights(), b.get_weights()
    assert len(wa) == len(wb) == 4
    for x, y in zip(wa, wb, strict=False):
        np.testing.assert_array_equal(x, y)


def rewrite_config(path: Path, edit) -> None:
    """Replace config.json inside a .keras zip with edit(old_text)."""
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["config.json"] = edit(members["config.json"].decode()).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def final_files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# --------------------------------------------------------------------------- round trip


def test_round_trip_keeps_weights_predictions_and_metadata(tmp_path):
    model = tiny_model()
    meta = Metadata(
        model_name="tiny",
        model_options={"filters": 2},
        dataset="digits",
        class_names=["a", "b", "c"],
        input_shape=[8, 8, 1],
        preprocessing={"scale": "x / 255", "layout": "channels_last"},
        hyperparameters={"optimizer": "adam", "learning_rate": 0.001, "batch_size": 32, "epochs": 2},
        history={"loss": [1.5, 1.25], "accuracy": [0.5, 0.75]},
        batch_history={"loss": [2.0, 1.5, 1.25]},
        best_epoch=1,
        final_metrics={"test_accuracy": 0.75, "test_loss": 1.0},
        snapshots=[{"epoch": 0, "conv": {"mean": 0.1, "hist": [1, 2, 3]}}],
        run_id="run-1",
        notes="first try",
    )
    path = checkpoints.save(model, tmp_path / "run", meta)

    assert path == tmp_path / "run.keras"
    assert final_files(tmp_path) == {"run.keras", "run.json"}
    loaded, got = checkpoints.load(tmp_path / "run.keras")

    assert_same_weights(model, loaded)
    x = sample_input()
    np.testing.assert_allclose(model.predict(x, verbose=0), loaded.predict(x, verbose=0), rtol=1e-6)
    assert got.cnnviz_version == cnnviz.__version__
    assert got.keras_version == keras.__version__
    assert got.created_at and got.created_at == got.updated_at and got.created_at.endswith("+00:00")
    filled = {"created_at": got.created_at, "updated_at": got.updated_at}
    assert got == Metadata(**{**meta.__dict__, **filled, "cnnviz_version": cnnviz.__version__,
                              "keras_version": keras.__version__})
    # Loaded compiled, so the student can evaluate straight away.
    loss, acc = loaded.evaluate(x, np.array([0, 1, 2, 0]), verbose=0)
    assert np.isfinite(loss) and 0.0 <= acc <= 1.0


def test_save_fills_input_shape_and_keeps_created_at(tmp_path):
    meta = Metadata(created_at="2020-01-01T00:00:00+00:00")
    checkpoints.save(tiny_model(), tmp_path / "run.keras", meta)
    got = checkpoints.read_metadata(tmp_path / "run")
    assert got.input_shape == [8, 8, 1]
    assert got.created_at == "2020-01-01T00:00:00+00:00"
    assert got.updated_at > got.created_at
    assert meta.updated_at == ""  # the caller's object is not modified


def test_metadata_json_converts_numpy_and_nan_and_tolerates_old_and_new_files():
    meta = Metadata(
        history={"loss": [np.float32(0.5), float("nan"), np.float64(np.inf)]},
        final_metrics={"test_accuracy": np.float64(0.25)},
        best_epoch=np.int64(3).item(),
        input_shape=list(np.array([8, 8, 1])),
        snapshots=[{"w": np.arange(3)}],
    )
    text = meta.to_json()
    data = json.loads(text)
    assert "NaN" not in text and "Infinity" not in text
    assert data["history"]["loss"] == [0.5, None, None]
    assert data["input_shape"] == [8, 8, 1] and data["snapshots"] == [{"w": [0, 1, 2]}]
    assert Metadata.from_json(text).final_metrics == {"test_accuracy": 0.25}

    exact = Metadata(history={"loss": [0.5, 0.25]}, best_epoch=1, class_names=["cat"])
    assert Metadata.from_json(exact.to_json()) == exact

    older_and_newer = {"model_name": "lenet", "from_the_future": 1, "history": "garbled", "best_epoch": "2"}
    got = Metadata.from_dict(older_and_newer)
    assert got == Metadata(model_name="lenet")


@pytest.mark.parametrize("own, units, dataset, expected", [
    (["cat", "dog", "bird"], 3, ("a", "b", "c"), (("cat", "dog", "bird"), "model")),  # the model's own win
    ([], 3, ("cloud", "rain", "sunrise"), (("cloud", "rain", "sunrise"), "dataset")),
    ([], 1, ("no", "yes"), (("no", "yes"), "dataset")),  # one sigmoid unit scores two classes
    ([], 4, ("cloud", "rain", "sunrise"), (("0", "1", "2", "3"), "numbers")),  # one class too few: not these
    ([], 1, None, (("0", "1"), "numbers")),  # no dataset at hand
])
def test_class_names_for_a_model_come_from_it_else_a_dataset_that_fits_else_numbers(own, units, dataset,
                                                                                    expected):
    assert checkpoints.class_names_for(own, units, dataset) == expected


def test_metadata_that_cannot_be_json_is_refused_before_writing(tmp_path):
    with pytest.raises(CheckpointError, match="hyperparameters.optimizer"):
        checkpoints.save(tiny_model(), tmp_path / "run", Metadata(hyperparameters={"optimizer": object()}))
    assert final_files(tmp_path) == set()


# --------------------------------------------------------------------------- atomic writes


@pytest.fixture()
def old_checkpoint(tmp_path):
    """A saved checkpoint plus a model whose weights have since changed."""
    model = tiny_model(seed=0)
    checkpoints.save(model, tmp_path / "run", Metadata(run_id="old"))
    old_weights = [w.copy() for w in model.get_weights()]
    model.set_weights([w + 1.0 for w in old_weights])
    return model, old_weights


def assert_old_checkpoint_intact(folder: Path, old_weights) -> None:
    assert final_files(folder) == {"run.keras", "run.json"}  # no temp files left behind
    loaded, meta = checkpoints.load(folder / "run")
    for x, y in zip(loaded.get_weights(), old_weights, strict=False):
        np.testing.assert_array_equal(x, y)
    assert meta.run_id == "old"


@pytest.mark.parametrize("crash", [OSError(errno.EIO, "I/O error"), KeyboardInterrupt()])
def test_crash_inside_model_save_keeps_previous_checkpoint(tmp_path, old_checkpoint, monkeypatch, crash):
    model, old_weights = old_checkpoint
    written = []

    def half_save(self, filepath, *args, **kwargs):
        Path(filepath).write_bytes(b"PK\x03\x04half a zip")  # partially written, then the crash
        written.append(Path(filepath))
        raise crash

    monkeypatch.setattr(keras.Model, "save", half_save)
    expected = CheckpointError if isinstance(crash, Exception) else KeyboardInterrupt
    with pytest.raises(expected):
        checkpoints.save(model, tmp_path / "run", Metadata(run_id="new"))
    monkeypatch.undo()

    assert written and written[0].parent == tmp_path and written[0].name.startswith(".run.tmp-")
    assert written[0].suffix == ".keras"
    assert_old_checkpoint_intact(tmp_path, old_weights)


def test_disk_full_while_writing_sidecar_keeps_previous_checkpoint(tmp_path, old_checkpoint, monkeypatch):
    model, old_weights = old_checkpoint
    real_fsync, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:  # 1: the model temp file, 2: the sidecar temp file
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(CheckpointError, match="disk full"):
        checkpoints.save(model, tmp_path / "run", Metadata(run_id="new"))
    monkeypatch.undo()
    assert_old_checkpoint_intact(tmp_path, old_weights)


# --------------------------------------------------------------------------- Lambda: never run code


def lambda_model(marker: Path) -> keras.Model:
    """A model whose Lambda writes `marker` whenever its Python code runs."""
    marker_file = str(marker)  # the closure Keras serialises must hold plain values
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Lambda(lambda t: (open(marker_file, "w").write("ran"), t)[1], name="spy")(inputs)  # noqa: SIM115  (a lambda can't hold a `with`)
    x = keras.layers.Flatten()(x)
    return keras.Model(inputs, keras.layers.Dense(3)(x))


def test_lambda_model_is_refused_and_its_code_never_runs(tmp_path):
    marker = tmp_path / "marker.txt"
    path = tmp_path / "spy.keras"
    lambda_model(marker).save(path)  # saved with Keras directly: cnnviz would refuse to save it
    assert marker.read_text() == "ran"  # building the model ran the code once
    marker.unlink()

    with pytest.raises(CheckpointError, match="Lambda") as info:
        checkpoints.load(path)
    assert "never runs code" in str(info.value)
    with pytest.raises(CheckpointError, match="Lambda"):
        checkpoints.load_bytes(path.read_bytes(), "spy.keras")
    keras.config.enable_unsafe_deserialization()  # someone else switched safety off globally
    try:
        with pytest.raises(CheckpointError, match="Lambda"):
            checkpoints.load(path)
    finally:
        from keras.src.backend.common import global_state

        global_state.set_global_attribute("safe_mode_saving", None)
    assert not marker.exists()

    # Control: an unsafe loader does run the code, so the assertion above could fail.
    keras.saving.load_model(path, safe_mode=False)
    assert marker.read_text() == "ran"


def double(t):
    return t * 2


def test_lambda_with_named_function_is_refused_and_not_saved(tmp_path):
    inputs = keras.Input((8, 8, 1))
    model = keras.Model(inputs, keras.layers.Lambda(double)(inputs))
    model.save(tmp_path / "named.keras")
    with pytest.raises(CheckpointError, match="Lambda layer"):
        checkpoints.load(tmp_path / "named")

    with pytest.raises(CheckpointError, match="not saved"):
        checkpoints.save(model, tmp_path / "ours")
    assert not any(p.name.startswith(("ours", ".ours")) for p in tmp_path.iterdir())


# --------------------------------------------------------------------------- broken and foreign files


def make_empty(p: Path) -> None:
    p.write_bytes(b"")


def make_random(p: Path) -> None:
    p.write_bytes(np.random.default_rng(0).bytes(2000).replace(b"PK", b"pk"))


def make_html(p: Path) -> None:
    p.write_text("<!DOCTYPE html>\n<html><head><title>Sign in</title></head></html>")


def make_hdf5(p: Path) -> None:
    p.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(200))


def make_truncated(p: Path) -> None:
    tiny_model().save(p)
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def make_bad_config(p: Path) -> None:
    tiny_model().save(p)
    rewrite_config(p, lambda text: text[: len(text) // 2])


def make_plain_zip(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("photo.txt", "not a model")


def make_custom_layer(p: Path) -> None:
    tiny_model().save(p)
    rewrite_config(p, lambda text: text.replace('"module": "keras.layers", "class_name": "Dense"',
                                                '"module": "mylab.layers", "class_name": "FancyDense"'))
    assert "FancyDense" in zipfile.ZipFile(p).read("config.json").decode()


def make_bad_weights(p: Path) -> None:
    tiny_model().save(p)
    with zipfile.ZipFile(p) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["model.weights.h5"] = b"\x89HDF\r\n\x1a\n" + bytes(100)
    with zipfile.ZipFile(p, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (make_empty, ["empty"]),
        (make_random, ["not a Keras model", "zip"]),
        (make_html, ["web page", "HTML"]),
        (make_hdf5, ["HDF5", "legacy"]),
        (make_truncated, ["damaged", "truncated"]),
        (make_bad_config, ["config.json", "not valid JSON"]),
        (make_plain_zip, ["not a Keras model", "no config.json"]),
        (make_custom_layer, ["custom layer", "FancyDense"]),
        (make_bad_weights, ["damaged"]),
    ],
)
def test_broken_or_foreign_file_gives_clear_error(tmp_path, make, words):
    path = tmp_path / "bad.keras"
    make(path)
    with pytest.raises(CheckpointError) as info:
        checkpoints.load(path)
    message = str(info.value)
    assert "'bad.keras'" in message
    for word in words:
        assert word in message


def test_missing_file_and_real_legacy_h5(tmp_path):
    with pytest.raises(CheckpointError, match="no checkpoint file 'nothing.keras'"):
        checkpoints.load(tmp_path / "nothing")
    tiny_model().save(tmp_path / "old.h5")  # Keras can still write the legacy format
    with pytest.raises(CheckpointError, match="HDF5.*legacy"):
        checkpoints.load(tmp_path / "old.h5")


def test_missing_or_corrupt_sidecar_still_loads_model(tmp_path):
    checkpoints.save(tiny_model(), tmp_path / "run")
    (tmp_path / "run.json").write_text("{ not json")
    model, meta = checkpoints.load(tmp_path / "run")
    assert model.count_params() == 20 + 219
    assert "not valid JSON" in meta.notes and meta.model_name == ""

    (tmp_path / "run.json").unlink()
    _, meta = checkpoints.load(tmp_path / "run")
    assert "No metadata file" in meta.notes


# --------------------------------------------------------------------------- uploads, listing, names


def test_load_bytes_loads_and_cleans_up(tmp_path, monkeypatch):
    model = tiny_model()
    checkpoints.save(model, tmp_path / "run")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))

    loaded, meta = checkpoints.load_bytes((tmp_path / "run.keras").read_bytes(), "my model.keras")
    assert_same_weights(model, loaded)
    assert meta.model_name == "uploaded" and "my model.keras" in meta.notes
    with pytest.raises(CheckpointError, match="'page.keras' looks like a web page"):
        checkpoints.load_bytes(b"<html><body>404</body></html>", "page.keras")
    assert list(scratch.iterdir()) == []


def test_list_checkpoints_lists_valid_ones_sorted_and_skips_broken(tmp_path):
    checkpoints.save(tiny_model(), tmp_path / "b", Metadata(model_name="lenet"))
    checkpoints.save(tiny_model(), tmp_path / "a")
    make_random(tmp_path / "broken.keras")
    make_empty(tmp_path / "empty.keras")
    (tmp_path / ".a.tmp-1234.keras").write_bytes((tmp_path / "a.keras").read_bytes())
    (tmp_path / "notes.txt").write_text("hi")

    infos = checkpoints.list_checkpoints(tmp_path)
    assert [i.name for i in infos] == ["a", "b"]
    assert isinstance(infos[0], CheckpointInfo) and infos[0].path == tmp_path / "a.keras"
    assert infos[1].metadata.model_name == "lenet"
    assert infos[0].size_bytes == (tmp_path / "a.keras").stat().st_size > 0
    assert infos[0].modified == (tmp_path / "a.keras").stat().st_mtime
    assert checkpoints.list_checkpoints(tmp_path / "missing") == []


DANGEROUS_NAMES = ["../x", "/etc/passwd", "a/b", "", "   ", "..", ".hidden", "a\\b", "x" * 101, "ü"]


@pytest.mark.parametrize("name", DANGEROUS_NAMES)
def test_safe_path_refuses_dangerous_names(tmp_path, name):
    with pytest.raises(CheckpointError):
        checkpoints.safe_path(tmp_path, name)


def test_safe_path_accepts_plain_names_and_refuses_symlink_escape(tmp_path):
    assert checkpoints.safe_path(tmp_path, "my-run_1") == tmp_path.resolve() / "my-run_1.keras"
    assert checkpoints.safe_path(tmp_path, "v1.2.keras") == tmp_path.resolve() / "v1.2.keras"
    assert checkpoints.safe_path(tmp_path, " my run ") == tmp_path.resolve() / "my_run.keras"
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "ckpts").mkdir()
    (tmp_path / "ckpts" / "evil.keras").symlink_to(outside / "evil.keras")
    with pytest.raises(CheckpointError, match="outside"):
        checkpoints.safe_path(tmp_path / "ckpts", "evil")


def test_new_run_id_is_unique_and_file_safe(tmp_path):
    ids = {checkpoints.new_run_id() for _ in range(200)}
    assert len(ids) == 200
    for run_id in ids:
        assert checkpoints.safe_path(tmp_path, run_id).stem == run_id


def test_read_metadata_does_not_import_tensorflow(tmp_path):
    (tmp_path / "run.json").write_text(Metadata(model_name="lenet", best_epoch=4).to_json())
    (tmp_path / "run.keras").write_bytes(b"not even a model")
    code = (
        "import sys; from cnnviz.train.checkpoints import read_metadata; "
        f"m = read_metadata({str(tmp_path / 'run.keras')!r}); "
        "assert (m.model_name, m.best_epoch) == ('lenet', 4), m; "
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'imported TF'"
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
