"""Tests for cnnviz/replay.py and the replay API of cnnviz/checkpoints.py (epoch_weights, model_at_epoch).

The reference for the stored weights is what the training itself summarised after each epoch
(`Metadata.snapshots`: mean, std and histogram of every conv kernel, the first conv's kernels to 4 decimals),
computed from the live model during `fit`, not from the replay.
"""

from __future__ import annotations

import json
import time
import zipfile
import zlib
from pathlib import Path

import keras
import numpy as np
import pytest

from cnnviz.core.errors import CheckpointError
from cnnviz.train import checkpoints, live, replay, training

# fashion_cnn on 28x28x1, 10 classes, 'same' padding: conv 3*3*1*32+32, conv 3*3*32*64+64,
# dense (7*7*64)*100+100, dense 100*10+10 parameters, 4 bytes each
FASHION_CNN_BYTES = 4 * ((3 * 3 * 1 * 32 + 32) + (3 * 3 * 32 * 64 + 64) + (7 * 7 * 64 * 100 + 100)
                         + (100 * 10 + 10))


def _train(folder: Path, epochs: int, **options: object) -> training.TrainResult:
    config = training.TrainConfig(model_name="fashion_cnn", dataset="fashion_mnist_sample", epochs=epochs,
                                  batch_size=32, limit=64, **options)
    return training.train(config, folder, name="run")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> training.TrainResult:
    """Two epochs, no best-epoch restore: the saved model is the last epoch's weights."""
    return _train(tmp_path_factory.mktemp("replay"), 2, early_stopping=False, checkpoint_best=False)


def _kernel_index(model: keras.Model) -> dict[str, int]:
    """Each Conv2D layer's kernel position in `model.get_weights()`, found by the variables' paths."""
    paths = [w.path for w in model.weights]
    return {layer.name: paths.index(layer.kernel.path) for layer in model.layers
            if isinstance(layer, keras.layers.Conv2D)}


def _rewrite(path: Path, target: Path, members: dict[str, bytes | None]) -> Path:
    """A copy of a .keras zip with some members replaced (bytes) or removed (None)."""
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in members:
                new.writestr(info, old.read(info))
        for name, content in members.items():
            if content is not None:
                new.writestr(name, content)
    return target


# --------------------------------------------------------------------------- what a run keeps


def test_every_epoch_is_kept_with_its_size(run: training.TrainResult) -> None:
    path = run.checkpoint_path
    assert checkpoints.replay_epochs(path) == (0, 1, 2)
    assert checkpoints.replay_epochs(path.with_suffix(".json")) == (0, 1, 2)  # any name of the checkpoint
    info = run.metadata.replay
    assert info["kept"] is True and info["epochs"] == [0, 1, 2]
    assert info["bytes_per_epoch"] == FASHION_CNN_BYTES == 1_334_104
    assert checkpoints.read_metadata(path).replay == info  # the sidecar says it too
    with zipfile.ZipFile(path) as zf:
        stored = sum(zf.getinfo(replay.member(e)).compress_size for e in (0, 1, 2))
    assert info["stored_bytes"] == stored < 3 * FASHION_CNN_BYTES


def test_epoch_weights_match_the_snapshots_taken_during_training(run: training.TrainResult) -> None:
    model, meta = checkpoints.load(run.checkpoint_path)
    index = _kernel_index(model)
    assert len(meta.snapshots) == 3
    for snapshot in meta.snapshots:
        weights = checkpoints.epoch_weights(run.checkpoint_path, snapshot["epoch"])
        assert [w.shape for w in weights] == [w.shape for w in model.get_weights()]
        for name, summary in snapshot["layers"].items():
            kernel = weights[index[name]].astype(np.float64)
            assert kernel.mean() == pytest.approx(summary["mean"], rel=1e-12, abs=1e-15)
            assert kernel.std() == pytest.approx(summary["std"], rel=1e-12)
            counts, edges = np.histogram(kernel, bins=live.HISTOGRAM_BINS)
            assert counts.tolist() == summary["counts"]
            np.testing.assert_allclose(edges, summary["edges"], atol=1e-5)
        first = snapshot["first_conv"]
        kernels = weights[index[first["layer"]]].astype(np.float64)[..., : first["shape"][3]]
        np.testing.assert_array_equal(np.round(kernels, 4), np.asarray(first["kernels"]))
    # training changed the weights: epochs differ
    assert not np.array_equal(checkpoints.epoch_weights(run.checkpoint_path, 0)[0],
                              checkpoints.epoch_weights(run.checkpoint_path, 2)[0])


def test_last_epoch_is_the_saved_model_without_a_restore(run: training.TrainResult) -> None:
    model, _ = checkpoints.load(run.checkpoint_path)
    kept_weights = checkpoints.epoch_weights(run.checkpoint_path, 2)
    for kept, saved in zip(kept_weights, model.get_weights(), strict=True):
        np.testing.assert_array_equal(kept, saved)


def test_model_at_epoch_predicts_like_weights_set_by_hand(run: training.TrainResult) -> None:
    path = run.checkpoint_path
    base, _ = checkpoints.load(path)
    before = [w.copy() for w in base.get_weights()]
    by_hand, _ = checkpoints.load(path)
    by_hand.set_weights(checkpoints.epoch_weights(path, 1))
    x = np.random.default_rng(0).random((5, 28, 28, 1), dtype=np.float32)
    expected = by_hand.predict(x, verbose=0)
    for twin in (checkpoints.model_at_epoch(path, 1, base=base), checkpoints.model_at_epoch(path, 1),
                 checkpoints.model_at_epoch(path.read_bytes(), 1)):
        assert twin is not base
        np.testing.assert_allclose(twin.predict(x, verbose=0), expected, rtol=0, atol=1e-6)
    for now, then in zip(base.get_weights(), before, strict=True):  # the base model is never changed
        np.testing.assert_array_equal(now, then)


def test_a_best_epoch_restore_leaves_the_replay_as_each_epoch_ended(tmp_path: Path) -> None:
    result = _train(tmp_path, 3, early_stopping=False, checkpoint_best=True)
    best = result.best_epoch
    losses = result.metadata.history["val_loss"]
    assert best == int(np.argmin(losses)) + 1  # ties keep the earlier epoch, as argmin does
    model, _ = checkpoints.load(result.checkpoint_path)
    for kept, saved in zip(checkpoints.epoch_weights(result.checkpoint_path, best), model.get_weights(), strict=False):
        np.testing.assert_array_equal(kept, saved)
    assert checkpoints.replay_epochs(result.checkpoint_path) == (0, 1, 2, 3)
    assert replay.saved_epoch(result.metadata.history, best) == best


def test_renaming_a_run_keeps_its_replay(run: training.TrainResult, tmp_path: Path) -> None:
    copy = tmp_path / "copy.keras"
    copy.write_bytes(run.checkpoint_path.read_bytes())
    meta = checkpoints.read_metadata(run.checkpoint_path)
    meta.title = "renamed"
    checkpoints.write_metadata(copy, meta)
    assert checkpoints.replay_epochs(copy) == (0, 1, 2)
    np.testing.assert_array_equal(checkpoints.epoch_weights(copy, 1)[2],
                                  checkpoints.epoch_weights(run.checkpoint_path, 1)[2])


def test_an_uploaded_checkpoint_passes_vetting_and_keeps_its_replay(run: training.TrainResult) -> None:
    content = run.checkpoint_path.read_bytes()
    model, meta = checkpoints.load_bytes(content, "mine.keras")  # the upload path: vetting included
    assert meta.replay["kept"] is True
    assert checkpoints.replay_epochs(content) == (0, 1, 2)
    np.testing.assert_array_equal(checkpoints.epoch_weights(content, 2)[0], model.get_weights()[0])


def test_a_model_over_the_budget_keeps_no_replay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replay, "REPLAY_BUDGET_BYTES", FASHION_CNN_BYTES - 1)  # one byte too small
    result = _train(tmp_path, 1, early_stopping=False, checkpoint_best=False)
    assert checkpoints.replay_epochs(result.checkpoint_path) == ()
    info = checkpoints.read_metadata(result.checkpoint_path).replay
    assert info["kept"] is False and info["bytes_per_epoch"] == FASHION_CNN_BYTES > info["budget"]
    with zipfile.ZipFile(result.checkpoint_path) as zf:
        assert not [n for n in zf.namelist() if n.startswith(replay.FOLDER)]
    with pytest.raises(CheckpointError) as err:
        checkpoints.epoch_weights(result.checkpoint_path, 0)
    assert err.value.key == "ckpt.replay_none"


def test_vgg16_sized_weights_are_over_the_default_budget() -> None:
    recorder = replay.Recorder()
    big = [np.zeros((3, 3, 512, 512), np.float32)]  # one VGG16 block-5 kernel: 9.4 MB
    recorder.add(0, big)
    recorder.add(1, big)
    assert recorder.too_big and not recorder.blobs
    assert recorder.summary()["bytes_per_epoch"] == 3 * 3 * 512 * 512 * 4 > replay.REPLAY_BUDGET_BYTES


# --------------------------------------------------------------------------- encoding and budgets


def test_encoding_is_lossless_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    special = np.array([0.0, -0.0, np.nan, np.inf, -np.inf, 1e-45, -3.4e38], np.float32)
    weights = [rng.normal(size=(3, 3, 2, 4)).astype(np.float32), special, np.zeros((0,), np.float32),
               np.float32(rng.normal(size=())).reshape(())]
    back = replay.decode(replay.encode(weights), [w.shape for w in weights])
    for a, b in zip(weights, back, strict=True):
        assert a.shape == b.shape and b.dtype == np.float32
        assert a.tobytes() == b.tobytes()


def test_a_long_run_keeps_the_early_epochs_and_thins_the_later_ones() -> None:
    rng = np.random.default_rng(0)
    epochs = {e: [rng.normal(size=5000).astype(np.float32)] for e in range(41)}
    blob = len(replay.encode(epochs[0]))
    recorder = replay.Recorder(total=16 * blob)
    for epoch, weights in epochs.items():
        recorder.add(epoch, weights)
    kept = sorted(recorder.blobs)
    assert kept[: replay.DENSE_EPOCHS + 1] == list(range(replay.DENSE_EPOCHS + 1))  # the early ones all stay
    assert kept[-1] == 40 and recorder.stride > 1
    assert all(e % recorder.stride == 0 for e in kept[replay.DENSE_EPOCHS + 1: -1])
    assert recorder.stored_bytes <= 16 * blob
    for epoch in kept:  # each kept epoch is that epoch's weights
        np.testing.assert_array_equal(replay.decode(recorder.blobs[epoch], [(5000,)])[0], epochs[epoch][0])


# --------------------------------------------------------------------------- hostile or damaged files


def _index(**changes: object) -> bytes:
    index = {"format": 1, "dtype": "<f4", "shapes": [[2, 2]], "epochs": [0, 1]}
    return json.dumps({**index, **changes}).encode()


@pytest.mark.parametrize("index", [
    b"not json", b"[1, 2]", _index(format=2), _index(dtype="<f8"), _index(shapes=[[100_000, 100_000]]),
    _index(shapes=[["2", 2]]), _index(shapes=[[-1, 2]]), _index(shapes=[[True, 2]]), _index(epochs=[1, 0]),
    _index(epochs=[0, 0]), _index(epochs=[-1, 0]), _index(epochs=[]), _index(epochs="0,1"),
    _index(epochs=[0, 1, 2]),  # epoch 2's member is missing
    b"[" * 100_000 + b"]" * 100_000,
])
def test_a_malformed_index_means_no_replay(run: training.TrainResult, tmp_path: Path, index: bytes) -> None:
    members = {replay.INDEX: index, replay.member(0): replay.encode([np.zeros((2, 2), np.float32)]),
               replay.member(1): replay.encode([np.ones((2, 2), np.float32)]), replay.member(2): None}
    hostile = _rewrite(run.checkpoint_path, tmp_path / "hostile.keras", members)
    assert checkpoints.replay_epochs(hostile) == ()
    with pytest.raises(CheckpointError):
        checkpoints.epoch_weights(hostile, 0)


def test_files_without_a_replay_have_none(tmp_path: Path) -> None:
    assert checkpoints.replay_epochs(b"hello") == ()
    assert checkpoints.replay_epochs(tmp_path / "missing.keras") == ()
    (tmp_path / "text.keras").write_text("not a zip")
    assert checkpoints.replay_epochs(tmp_path / "text.keras") == ()


@pytest.mark.parametrize("blob", [
    b"random bytes, not deflate",
    zlib.compress(b"\0" * 15),  # one value short
    zlib.compress(b"\0" * 17),  # one value too many
    zlib.compress(b"\0" * 200 * 2**20),  # a bomb: 200 MB of zeros in 200 KB
])
def test_a_damaged_epoch_is_refused_quickly_with_a_translated_message(run: training.TrainResult,
                                                                      tmp_path: Path, blob: bytes) -> None:
    members = {replay.INDEX: _index(epochs=[0]), replay.member(0): blob, replay.member(1): None,
               replay.member(2): None}
    hostile = _rewrite(run.checkpoint_path, tmp_path / "damaged.keras", members)
    assert checkpoints.replay_epochs(hostile) == (0,)
    started = time.perf_counter()
    with pytest.raises(CheckpointError) as err:
        checkpoints.epoch_weights(hostile, 0)
    assert time.perf_counter() - started < 1.0
    assert err.value.key == "ckpt.replay_damaged"
    assert err.value.text("ko") != str(err.value) and "손상" in err.value.text("ko")


def test_an_epoch_not_kept_and_a_replay_of_other_shapes_are_refused(run: training.TrainResult,
                                                                  tmp_path: Path) -> None:
    with pytest.raises(CheckpointError) as err:
        checkpoints.epoch_weights(run.checkpoint_path, 7)
    assert err.value.key == "ckpt.replay_no_epoch" and "0, 1, 2" in str(err.value)
    zeros = replay.encode([np.zeros((2, 2), np.float32)])
    members = {replay.INDEX: _index(epochs=[0]), replay.member(0): zeros, replay.member(1): None,
               replay.member(2): None}
    other = _rewrite(run.checkpoint_path, tmp_path / "other.keras", members)
    assert [w.shape for w in checkpoints.epoch_weights(other, 0)] == [(2, 2)]
    with pytest.raises(CheckpointError) as err:
        checkpoints.model_at_epoch(other, 0)
    assert err.value.key == "ckpt.replay_damaged"
