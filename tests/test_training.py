"""Tests for cnnviz/training.py and the `python -m cnnviz train` command: real, short trainings."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
import warnings
import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest

from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.core import i18n
from cnnviz.core.errors import TrainingError
from cnnviz.models import zoo
from cnnviz.train import checkpoints, jobs, live, replay, training

pytestmark = pytest.mark.usefixtures("every_batch")  # these tests count every batch

ROOT = Path(__file__).resolve().parents[1]
QUICK = {"dataset": "digits", "limit": 200, "batch_size": 16, "epochs": 1}


def load(path: Path) -> tuple[keras.Model, checkpoints.Metadata]:
    """checkpoints.load, quiet about the optimizer state the checkpoint leaves out on purpose."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipping variable loading for optimizer")
        return checkpoints.load(path)


def wait_for(run: jobs.TrainingRun, condition, timeout: float = 60) -> live.HistorySnapshot:
    """Poll the run's live history, as the page does, until `condition(snapshot)` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        snap = run.history.snapshot()
        if condition(snap):
            return snap
        assert not run.done or condition(run.history.snapshot()), f"run ended first: {snap.status} {snap.error}"
        time.sleep(0.01)
    raise AssertionError("timed out waiting for the run")


def subprocess_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}


@pytest.fixture(scope="module")
def finished(tmp_path_factory, every_batch) -> training.TrainResult:
    """One real 2-epoch run on 200 digits, shared by the checks below."""
    config = training.TrainConfig(**{**QUICK, "epochs": 2})
    return training.train(config, tmp_path_factory.mktemp("finished"), name="digits_run")


# --------------------------------------------------------------------------- config and compile


def test_config_rejects_bad_settings_with_readable_messages():
    with pytest.raises(TrainingError, match="Unknown optimizer 'adamw'"):
        training.TrainConfig(optimizer="adamw")
    with pytest.raises(TrainingError, match="learning rate must be positive"):
        training.TrainConfig(learning_rate=0)
    aug = data.Augmentation(zoom=0.1)
    assert training.TrainConfig(augmentation=aug).to_dict()["augmentation"]["zoom"] == 0.1


def test_softmax_model_gets_sparse_categorical_crossentropy():
    model = training.compile_model(training.zoo.build_model("lenet5", (28, 28, 1), 6), training.TrainConfig())
    assert isinstance(model.loss, keras.losses.SparseCategoricalCrossentropy)
    assert isinstance(model.optimizer, keras.optimizers.Adam)


def test_one_sigmoid_unit_gets_binary_crossentropy_and_trains():
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Flatten()(keras.layers.Conv2D(2, 3, name="conv")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid", name="predictions")(x))
    training.compile_model(model, training.TrainConfig(optimizer="sgd", learning_rate=0.1))
    assert isinstance(model.loss, keras.losses.BinaryCrossentropy) and not model.loss.get_config()["from_logits"]
    x = np.random.default_rng(0).random((32, 8, 8, 1), dtype=np.float32)
    y = (x[:, :4].mean(axis=(1, 2, 3)) > x[:, 4:].mean(axis=(1, 2, 3))).astype(np.int64)
    p = model.predict(x, verbose=0)[:, 0].astype(np.float64)  # before the first step
    # One batch of all 32 images: the first epoch's figures are those of the weights before the update.
    logs = model.fit(x, y, epochs=40, batch_size=32, verbose=0).history
    assert logs["accuracy"][0] == pytest.approx(float(((p > 0.5) == y).mean()))  # binary accuracy, by hand
    assert logs["loss"][0] == pytest.approx(float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))), rel=1e-4)
    assert logs["loss"][-1] < logs["loss"][0]  # and it learns


def test_a_model_ending_in_logits_trains_with_cross_entropy_from_logits():
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Flatten()(keras.layers.Conv2D(2, 3, name="conv")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(3, name="predictions")(x))  # linear: logits
    training.compile_model(model, training.TrainConfig(optimizer="sgd", learning_rate=0.1))
    assert isinstance(model.loss, keras.losses.SparseCategoricalCrossentropy)
    assert model.loss.get_config()["from_logits"] is True
    rng = np.random.default_rng(1)
    x = rng.random((30, 8, 8, 1), dtype=np.float32)
    y = rng.integers(0, 3, 30)
    z = model.predict(x, verbose=0).astype(np.float64)
    log_softmax = z - z.max(axis=1, keepdims=True)
    log_softmax -= np.log(np.exp(log_softmax).sum(axis=1, keepdims=True))
    logs = model.fit(x, y, epochs=1, batch_size=30, verbose=0).history
    assert logs["loss"][0] == pytest.approx(float(-log_softmax[np.arange(30), y].mean()), rel=1e-4)
    assert logs["accuracy"][0] == pytest.approx(float((z.argmax(axis=1) == y).mean()))


def test_one_linear_unit_gets_binary_crossentropy_from_logits():
    inputs = keras.Input((4,))
    model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
    training.compile_model(model, training.TrainConfig())
    assert isinstance(model.loss, keras.losses.BinaryCrossentropy) and model.loss.get_config()["from_logits"]


def test_aux_head_model_trains_with_weighted_dict_losses(tmp_path):
    config = training.TrainConfig(model_name="mini_googlenet", model_options={"aux_heads": True},
                                  dataset="digits", limit=60, batch_size=16, epochs=1)
    result = training.train(config, tmp_path)
    history = result.history.history
    for key in ("loss", "accuracy", "val_loss", "val_accuracy", "aux1_loss"):
        assert len(history[key]) == 1, key  # accuracy names normalised from predictions_accuracy
    assert history["accuracy"] == history["predictions_accuracy"]
    model, meta = load(result.checkpoint_path)
    assert model.output_names == ["predictions", "aux1"]
    assert model.get_compile_config()["loss_weights"] == {"predictions": 1.0, "aux1": training.zoo.AUX_LOSS_WEIGHT}
    # The recorded figures, recomputed independently on the same test split (same seed and limit).
    test = data.load_dataset("digits", seed=0, limit=60)
    main, aux = model.predict(test.x_test, verbose=0)
    ce = keras.losses.SparseCategoricalCrossentropy()
    main_ce, aux_ce = float(ce(test.y_test, main)), float(ce(test.y_test, aux))
    recorded = meta.final_metrics
    assert recorded["test_loss"] == pytest.approx(main_ce, rel=1e-4) == result.test_loss
    assert recorded["test_total_loss"] == pytest.approx(main_ce + 0.3 * aux_ce, rel=1e-4) == result.test_total_loss
    assert recorded["test_accuracy"] == pytest.approx(float((main.argmax(axis=1) == test.y_test).mean()))
    keras_total = model.evaluate(training.batches_for(model, data.eval_batches(test.x_test, test.y_test, 16)),
                                 verbose=0, return_dict=True)["loss"]
    assert recorded["test_total_loss"] == pytest.approx(keras_total, rel=1e-4)
    assert recorded["test_total_loss"] > recorded["test_loss"]  # two figures, two labels
    on_page = evaluation.evaluate(model, test.x_test, test.y_test)  # what the Evaluate page shows
    assert on_page.loss == pytest.approx(recorded["test_loss"], rel=1e-5)
    assert on_page.total_loss == pytest.approx(recorded["test_total_loss"], rel=1e-5)


# --------------------------------------------------------------------------- bookkeeping, by hand


@pytest.mark.parametrize("status, epochs, batches, best, restored, english", [
    ("finished", 5, [21] * 5, 4, True,
     "Trained to the end (epoch 5 of 5). Kept the weights from epoch 4 (lowest validation loss)."),
    ("finished", 10, [21] * 3, 1, True,
     "Early stopping ended training after epoch 3 of 10. Kept the weights from epoch 1 (lowest validation loss)."),
    ("stopped", 5, [21, 21, 9], 2, True,
     "Stopped by the user during epoch 3 of 5 (9 of 21 batches). Kept the weights from epoch 2 "
     "(lowest validation loss)."),
    ("stopped", 5, [21, 21, 9], 3, True,
     "Stopped by the user during epoch 3 of 5 (9 of 21 batches). Kept the weights from epoch 3 as they were "
     "after 9 of its 21 batches (lowest validation loss)."),
    ("stopped", 5, [21, 21], 2, True, "Stopped by the user after epoch 2 of 5. Kept the weights from epoch 2 "
                                      "(lowest validation loss)."),
    ("stopped", 5, [21, 21, 9], 3, False,
     "Stopped by the user during epoch 3 of 5 (9 of 21 batches). Kept the weights as they were when training "
     "ended."),
])
def test_run_story_tells_how_the_run_ended(status, epochs, batches, best, restored, english):
    history = {"epoch": list(range(1, len(batches) + 1)), "batches": batches}
    story = training.run_story(status, epochs, history, 21, best, restored)
    assert story.text("en") == english
    assert training.RunStory.from_dict(story.to_dict()) == story
    assert all(i18n.placeholders(i18n.t(key, "ko")) == set(values) for key, values in story.parts)


def test_a_run_whose_pretrained_base_was_random_says_so_in_its_story(tmp_path):
    story = training.run_story("finished", 2, {"epoch": [1, 2], "batches": [3, 3]}, 3, 2, True, random_base=True)
    assert story.parts[-1] == ("story.random_base", {})
    assert story.text("en").endswith("The VGG16 base started from random weights (the ImageNet weights could "
                                     "not be had), so this was not transfer learning.")
    assert "무작위 가중치" in story.text("ko") and training.RunStory.from_dict(story.to_dict()) == story
    # a real run whose weights cannot be had (a missing file here, as the ImageNet download offline)
    config = training.TrainConfig(model_name="vgg16_transfer", dataset="shapes", epochs=1, limit=16,
                                  batch_size=16, model_options={"weights": str(tmp_path / "missing.h5")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zoo.OfflineWeightsWarning)
        result = training.train(config, tmp_path)
    _, meta = load(result.checkpoint_path)
    assert training.story_of(meta).parts[-1] == ("story.random_base", {}) and "random weights" in meta.notes


def test_a_story_that_is_missing_or_broken_reads_as_none():
    assert training.RunStory.from_dict(None) is None
    assert training.RunStory.from_dict({"parts": [{"key": "no.such.key", "values": {}}]}) is None
    assert training.RunStory.from_dict({"parts": "nonsense"}) is None
    assert training.story_of(checkpoints.Metadata()) is None


# --------------------------------------------------------------------------- a finished run


def test_finished_run_saves_a_checkpoint_with_its_story(finished):
    assert finished.status == "finished" and finished.history.status == "finished"
    model, meta = load(finished.checkpoint_path)
    assert finished.checkpoint_path.name == "digits_run.keras"
    assert model.optimizer is not None  # loads compiled, ready to evaluate
    assert meta.model_name == "fashion_cnn" and meta.dataset == "digits"
    assert meta.class_names == [str(d) for d in range(10)] and meta.input_shape == [28, 28, 1]
    assert meta.hyperparameters["batch_size"] == 16 and meta.run_id == finished.run_id
    assert meta.history["epoch"] == [1, 2] and len(meta.history["val_loss"]) == 2
    assert meta.batch_history["step"] == list(range(1, 27))  # 13 batches of 16 (200 images) per epoch
    assert meta.best_epoch == 1 + int(np.argmin(meta.history["val_loss"]))
    with zipfile.ZipFile(finished.checkpoint_path) as archive:  # the model itself, without its epoch replay
        model_bytes = sum(i.compress_size for i in archive.infolist() if not i.filename.startswith(replay.FOLDER))
    assert model_bytes < 2_000_000  # no optimizer state
    # The recorded test figures, recomputed by Keras on the same split.
    test = data.load_dataset("digits", seed=0, limit=200)
    scores = model.evaluate(data.eval_batches(test.x_test, test.y_test, 64), verbose=0, return_dict=True)
    assert meta.final_metrics["test_accuracy"] == pytest.approx(scores["accuracy"], abs=1e-6)
    probabilities = model.predict(test.x_test, verbose=0)
    cross_entropy = keras.losses.SparseCategoricalCrossentropy()(test.y_test, probabilities)
    assert meta.final_metrics["test_loss"] == pytest.approx(float(cross_entropy), rel=1e-5)
    assert "test_total_loss" not in meta.final_metrics  # one head: one loss
    # The story: every epoch ran all its 13 batches; early stopping restored the best epoch.
    assert meta.history["batches"] == [13, 13]
    # It opens with the data it learnt from: the split sizes, counted here from a fresh load.
    train_n, val_n, test_n = len(test.y_train), len(test.y_val), len(test.y_test)
    assert (train_n, test_n) == (200, 200) and 0 < val_n <= 200
    assert meta.notes == (f"Trained on {train_n} images ({val_n} more held out for validation), then tested on "
                          f"{test_n}. Trained to the end (epoch 2 of 2). Kept the weights from epoch "
                          f"{meta.best_epoch} (lowest validation loss).")
    assert training.story_of(meta).text("en") == meta.notes
    assert training.story_of(meta).text("ko") == (f"이미지 {train_n}장으로 학습하고(검증용으로 {val_n}장을 따로 둠) "
                                                  f"{test_n}장으로 테스트했습니다. "
                                                  f"계획한 2에포크를 끝까지 모두 학습했습니다. 검증 손실이 가장 낮았던 "
                                                  f"{meta.best_epoch}번째 에포크의 가중치를 남겼습니다.")


def test_snapshots_hold_conv_histograms_from_epoch_zero(finished):
    snaps = finished.metadata.snapshots
    assert [s["epoch"] for s in snaps] == [0, 1, 2]
    conv2 = snaps[0]["layers"]["conv2"]
    assert sum(conv2["counts"]) == 3 * 3 * 32 * 64 and len(conv2["edges"]) == live.HISTOGRAM_BINS + 1
    assert snaps[0]["first_conv"]["layer"] == "conv1" and snaps[0]["first_conv"]["shape"] == [3, 3, 1, 32]
    assert np.asarray(snaps[2]["first_conv"]["kernels"]).shape == (3, 3, 1, 32)
    assert snaps[0]["layers"]["conv1"]["mean"] != snaps[2]["layers"]["conv1"]["mean"]  # weights moved


def test_snapshots_survive_a_diverged_model():
    model = training.zoo.build_model("fashion_cnn", (28, 28, 1), 10)
    conv1 = model.get_layer("conv1")
    conv1.kernel.assign(np.full(conv1.kernel.shape, np.nan, dtype=np.float32))
    snap = live.weight_snapshot(model, 3)
    assert snap["layers"]["conv1"]["counts"] == [] and np.isnan(snap["layers"]["conv1"]["mean"])
    assert sum(snap["layers"]["conv2"]["counts"]) == 3 * 3 * 32 * 64


HAS_TENSORBOARD = importlib.util.find_spec("tensorboard") is not None


@pytest.mark.skipif(not HAS_TENSORBOARD, reason="the tensorboard package is not installed")
def test_tensorboard_logs_are_written_per_run(tmp_path):
    config = training.TrainConfig(**QUICK, tensorboard_dir=str(tmp_path / "tb"))
    result = training.train(config, tmp_path)
    assert list((tmp_path / "tb" / result.run_id / "train").glob("events.out.tfevents.*"))
    assert list((tmp_path / "tb" / result.run_id / "validation").glob("events.out.tfevents.*"))


@pytest.mark.skipif(HAS_TENSORBOARD, reason="the tensorboard package is installed")
def test_tensorboard_without_its_package_is_a_clear_error(tmp_path):
    history = live.LiveHistory()
    with pytest.raises(TrainingError, match="need the 'tensorboard' package"):
        training.train(training.TrainConfig(**QUICK, tensorboard_dir=str(tmp_path / "tb")), tmp_path, history)
    assert history.snapshot().status == "failed"


def test_best_weights_are_restored_not_the_last(tmp_path):
    full = data.load_dataset("digits", limit=200)
    # Validation labels shifted by one: the better the model learns, the worse its val_loss.
    shifted = dataclasses.replace(full, y_val=(full.y_val + 1) % 10)
    config = training.TrainConfig(**{**QUICK, "epochs": 3}, early_stopping=False, checkpoint_best=True)
    result = training.train(config, tmp_path, dataset=shifted)
    losses = result.metadata.history["val_loss"]
    assert result.best_epoch == 1 + int(np.argmin(losses)) < 3
    model, meta = load(result.checkpoint_path)
    kernel = model.get_layer("conv1").kernel.numpy()
    best = np.asarray(meta.snapshots[result.best_epoch]["first_conv"]["kernels"])
    last = np.asarray(meta.snapshots[-1]["first_conv"]["kernels"])
    assert np.allclose(kernel, best, atol=1e-4) and not np.allclose(kernel, last, atol=1e-4)


def test_a_given_dataset_is_capped_by_the_limit(tmp_path):
    full = data.load_dataset("shapes")
    config = training.TrainConfig(dataset="shapes", limit=50, batch_size=16, epochs=1)
    result = training.train(config, tmp_path, dataset=full)
    assert result.history.batches_per_epoch == 4 and result.metadata.dataset == "shapes"


# --------------------------------------------------------------------------- background runs


def test_live_history_fills_while_the_run_is_going(tmp_path):
    run = jobs.start_training(training.TrainConfig(**{**QUICK, "epochs": 3, "batch_size": 8}), tmp_path)
    early = wait_for(run, lambda s: len(s.batch_history["step"]) >= 3)
    assert not run.done and early.status == "running" and early.epochs == 3
    assert early.batches_per_epoch == 25 and 0 < early.progress < 1
    assert run.join(60)
    final = run.history.snapshot()
    assert final.status == "finished" and run.error is None
    assert len(final.batch_history["step"]) == 75 and final.history["epoch"] == (1, 2, 3)
    assert run.checkpoint_path is not None and run.checkpoint_path.exists()


def test_stop_ends_the_run_early_and_saves_the_best_weights(tmp_path):
    config = training.TrainConfig(**{**QUICK, "epochs": 100}, early_stopping=False)
    run = jobs.start_training(config, tmp_path)
    wait_for(run, lambda s: len(s.history.get("epoch", ())) >= 1 and s.batch >= 2)
    run.stop()
    assert run.join(60)
    snap = run.history.snapshot()
    assert snap.status == "stopped" and run.error is None
    assert len(snap.history["epoch"]) < 100
    _, meta = load(run.checkpoint_path)
    assert "Stopped by the user" in meta.notes
    assert meta.best_epoch == 1 + int(np.argmin(meta.history["val_loss"]))


def test_a_run_nobody_watches_stops_and_keeps_a_good_checkpoint(tmp_path, monkeypatch):
    """Closing the browser tab: `alive()` turns False, the run stops, saves, and frees its slot."""
    monkeypatch.setattr(jobs, "_Watchdog", lambda alive, stop: _FastWatchdog(alive, stop))
    tab_open = threading.Event()
    tab_open.set()
    config = training.TrainConfig(**{**QUICK, "epochs": 100}, early_stopping=False)
    run = jobs.start_training(config, tmp_path, alive=tab_open.is_set)
    wait_for(run, lambda s: len(s.history.get("epoch", ())) >= 1)
    tab_open.clear()  # the tab is closed
    assert run.join(60)
    snap = run.history.snapshot()
    assert snap.status == "stopped" and len(snap.history["epoch"]) < 100
    model, meta = load(run.checkpoint_path)
    assert meta.best_epoch >= 1 and model.count_params() == 333_526
    assert jobs.active_runs() == 0


class _FastWatchdog(jobs._Watchdog):
    def __init__(self, alive, stop):
        super().__init__(alive, stop, every=0.0)


class StopAt(keras.callbacks.Callback):
    """Presses Stop at the end of a given batch of a given epoch (the first by default), like a user would."""

    def __init__(self, stop: threading.Event, batch: int, epoch: int = 1) -> None:
        super().__init__()
        self.stop, self.batch, self.epoch, self.current = stop, batch, epoch, 0

    def on_epoch_begin(self, epoch, logs=None):
        self.current = epoch + 1

    def on_train_batch_end(self, batch, logs=None):
        if batch + 1 == self.batch and self.current == self.epoch:
            self.stop.set()


def test_stop_takes_effect_at_the_end_of_the_next_batch_mid_epoch(tmp_path):
    stop, history = threading.Event(), live.LiveHistory()
    config = training.TrainConfig(**{**QUICK, "epochs": 5})  # 13 batches per epoch
    result = training.train(config, tmp_path, history, stop, callbacks=[StopAt(stop, 3)])
    # Stop seen by cnnviz's callback after batch 4 (it runs before the extra one that pressed it after batch 3).
    assert result.status == "stopped" and result.history.batch_history["step"] == (1, 2, 3, 4)
    assert result.history.history["epoch"] == (1,)  # the partial epoch is validated and kept
    assert result.checkpoint_path.exists() and result.best_epoch == 1


def test_a_stop_mid_epoch_is_told_as_such_in_history_story_and_notes(tmp_path):
    stop = threading.Event()
    config = training.TrainConfig(**{**QUICK, "epochs": 5})  # 13 batches per epoch
    result = training.train(config, tmp_path, stop_event=stop, callbacks=[StopAt(stop, 3, epoch=2)])
    assert result.status == "stopped"
    assert result.history.history["epoch"] == (1, 2) and result.history.history["batches"] == (13, 4)
    assert result.history.batch_history["step"][-1] == 13 + 4
    _, meta = load(result.checkpoint_path)
    assert meta.history["batches"] == [13, 4]
    assert meta.notes.startswith("Trained on 200 images (143 more held out for validation), then tested on 200. "
                                 "Stopped by the user during epoch 2 of 5 (4 of 13 batches). Kept the weights ")
    story = training.story_of(meta)
    assert story == result.story
    assert story.parts[0] == ("story.data", {"train": 200, "val": 143, "test": 200})
    assert story.parts[1] == ("story.stopped_during", {"epoch": 2, "epochs": 5, "batch": 4, "batches": 13})
    best = 1 + int(np.argmin(meta.history["val_loss"]))
    kept = ("story.kept_best_partial", {"best": 2, "batch": 4, "batches": 13}) if best == 2 else \
        ("story.kept_best", {"best": 1})
    assert story.parts[2] == kept and meta.best_epoch == best
    assert "사용자가 5에포크 중 2번째 에포크 도중에 멈췄습니다(배치 13개 중 4개 완료)." in story.text("ko")


def test_a_failed_run_reports_status_and_message_instead_of_crashing(tmp_path):
    run = jobs.start_training(training.TrainConfig(dataset="no_such_data"), tmp_path)
    assert run.join(30)
    snap = run.history.snapshot()
    assert snap.status == "failed" and "no dataset called" in run.error and snap.error == run.error
    assert run.checkpoint_path is None


def test_tensorflow_errors_become_training_errors(tmp_path):
    full = data.load_dataset("digits", limit=40)
    broken = dataclasses.replace(full, y_train=full.y_train + 50)  # labels beyond the 10 classes
    history = live.LiveHistory()
    with pytest.raises(TrainingError, match="Training failed"):
        training.train(training.TrainConfig(**QUICK), tmp_path, history, dataset=broken)
    assert history.snapshot().status == "failed"


# --------------------------------------------------------------------------- CLI and distribution


def test_cli_trains_and_saves_a_loadable_checkpoint(tmp_path):
    out = tmp_path / "tmp" / "cli_run"
    proc = subprocess.run(
        [sys.executable, "-m", "cnnviz", "train", "--model", "fashion_cnn", "--dataset", "digits",
         "--epochs", "1", "--limit", "200", "--batch-size", "32", "--out", str(out)],
        cwd=tmp_path, env=subprocess_env(), capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "test accuracy" in proc.stdout and str(out) + ".keras" in proc.stdout
    _, meta = load(out.with_suffix(".keras"))
    assert meta.model_name == "fashion_cnn" and len(meta.history["epoch"]) == 1


def test_cli_reports_a_bad_model_name_in_one_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "cnnviz", "train", "--model", "resnet9000", "--out", str(tmp_path / "x")],
        cwd=tmp_path, env=subprocess_env(), capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("error: There is no model called 'resnet9000'")


MIRRORED = textwrap.dedent("""
    import json, sys
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    import keras
    from cnnviz.train import jobs, training
    seen = {}
    class Probe(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            seen["strategy"] = type(self.model.distribute_strategy).__name__
            seen["replicas"] = self.model.distribute_strategy.num_replicas_in_sync
    strategy = training.distribution_strategy(["/cpu:0", "/cpu:1"])
    config = training.TrainConfig(epochs=1, limit=100, batch_size=16)
    result = training.train(config, sys.argv[1], strategy=strategy, callbacks=[Probe()])
    print(json.dumps({**seen, "status": result.status, "epochs": len(result.history.history["epoch"]),
                      "path": str(result.checkpoint_path)}))
""")


def test_mirrored_strategy_trains_on_two_logical_cpus(tmp_path):
    proc = subprocess.run([sys.executable, "-c", MIRRORED, str(tmp_path)], env=subprocess_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["strategy"] == "MirroredStrategy" and report["replicas"] == 2
    assert report["status"] == "finished" and report["epochs"] == 1
    assert Path(report["path"]).exists()


def test_one_device_uses_the_default_strategy():
    import tensorflow as tf

    assert training.distribution_strategy() is tf.distribute.get_strategy()


# --------------------------------------------------------------------------- shipped checkpoints


@pytest.mark.parametrize("name, dataset, floor", [("fashion_cnn_digits", "digits", 0.97),
                                                  ("lenet5_shapes", "shapes", 0.85)])
def test_shipped_checkpoints_score_what_their_metadata_says(name, dataset, floor):
    model, meta = load(ROOT / "checkpoints" / f"{name}.keras")
    assert meta.dataset == dataset and meta.snapshots[0]["epoch"] == 0 and meta.history["val_loss"]
    test = data.load_dataset(dataset)  # same seed, same split as scripts/make_checkpoints.py
    scores = model.evaluate(data.eval_batches(test.x_test, test.y_test, 128), verbose=0, return_dict=True)
    assert scores["accuracy"] >= floor
    assert scores["accuracy"] == pytest.approx(meta.final_metrics["test_accuracy"], abs=1e-6)


def test_validation_above_training_with_dropout_is_noticed() -> None:
    assert training.validation_above_training({"accuracy": [0.70, 0.80], "val_accuracy": [0.72, 0.83]})
    assert not training.validation_above_training({"accuracy": [0.80], "val_accuracy": [0.79]})
    assert not training.validation_above_training({"accuracy": [0.80], "val_accuracy": [float("nan")]})
    assert not training.validation_above_training({"accuracy": [0.80]})  # no validation split
    assert training.dropout_rate(training.TrainConfig(model_name="fashion_cnn")) == 0.4  # the textbook's Dropout
    assert training.dropout_rate(training.TrainConfig(model_name="fashion_cnn", model_options={"dropout": 0.0})) == 0
    assert training.dropout_rate(training.TrainConfig(model_name="my_upload")) == 0.0


def test_at_an_interval_the_curve_is_thinner_but_every_epoch_ends_on_its_last_batch(tmp_path, monkeypatch):
    monkeypatch.setattr(live, "PUBLISH_EVERY", 0.2)  # the app's setting: Keras dispatches batch logs async
    config = training.TrainConfig(**{**QUICK, "epochs": 3, "batch_size": 8})  # 25 batches per epoch
    result = training.train(config, tmp_path)
    steps = result.history.batch_history["step"]
    assert list(steps) == sorted(set(steps)) and {25, 50, 75} <= set(steps) and len(steps) < 75
    assert result.history.history["batches"] == (25, 25, 25)
    # the point closing each epoch carries the epoch's training loss, as Keras logged it
    closing = [result.history.batch_history["loss"][steps.index(s)] for s in (25, 50, 75)]
    assert closing == pytest.approx(list(result.history.history["loss"]))
