"""Tests for cnnviz/live.py: the bookkeeping driven by hand, without `fit`.

Like Keras's own `early_stopping_test.py`, the callbacks get a tiny real model (`set_model`) and
hand-made logs, so every test runs in milliseconds. The real, threaded trainings that exercise the
same callbacks end to end are in tests/test_training.py.
"""

from __future__ import annotations

import math
import threading

import keras
import numpy as np
import pytest

from cnnviz.train import live

pytestmark = pytest.mark.usefixtures("every_batch")  # these tests count every batch

NAN = math.nan


def dense_model() -> keras.Model:
    """The smallest real model with weights: Dense(1) on two inputs (a 2×1 kernel and a bias)."""
    return keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, name="dense")])


def mark(model: keras.Model, epoch: int) -> None:
    """Give the model weights that say which epoch they come from: every value equals `epoch`."""
    model.set_weights([np.full(w.shape, float(epoch), dtype=np.float32) for w in model.get_weights()])


def which_epoch(model: keras.Model) -> float:
    """The epoch a `mark`ed model's weights come from."""
    values = np.concatenate([w.ravel() for w in model.get_weights()])
    assert np.all(values == values[0]), values  # one epoch's weights, not a mixture
    return float(values[0])


def drive_best(losses: list[float | None], keep_weights: bool = True
               ) -> tuple[live._BestWeights, keras.Model]:
    """Run _BestWeights over one val_loss per epoch (None: no validation), weights marked per epoch."""
    model = dense_model()
    best = live._BestWeights(keep_weights=keep_weights)
    best.set_model(model)
    best.on_train_begin()
    for epoch, loss in enumerate(losses):
        mark(model, epoch + 1)  # the weights at the end of epoch `epoch + 1`
        best.on_epoch_end(epoch, logs={"loss": 0.1} if loss is None else {"loss": 0.1, "val_loss": loss})
    best.on_train_end()
    return best, model


# --------------------------------------------------------------------------- _BestWeights


def test_lowest_val_loss_wins_and_its_weights_come_back():
    best, model = drive_best([0.9, 0.4, 0.6, 0.5])
    assert best.best_epoch == 2 and best.best_loss == pytest.approx(0.4)
    assert which_epoch(model) == 2  # the last epoch's weights (4) were replaced by epoch 2's


def test_a_tie_keeps_the_first_epoch():
    best, model = drive_best([0.7, 0.3, 0.3, 0.8])
    assert best.best_epoch == 2 and which_epoch(model) == 2


@pytest.mark.parametrize("losses, expected", [
    ([NAN, 0.5, 0.4], 3),       # a NaN first epoch does not block the later ones
    ([0.5, NAN, 0.6], 1),
    ([NAN, NAN, NAN], None),    # a run that diverged from the start chooses nothing
    ([math.inf, 0.9], 2),
    ([0.8, -math.inf], 1),      # an infinite loss is a diverged one too
])
def test_a_nan_or_infinite_val_loss_never_wins(losses, expected):
    best, model = drive_best(losses)
    assert best.best_epoch == expected
    assert which_epoch(model) == (expected or len(losses))  # nothing chosen: the last weights stay
    assert (best.weights is None) == (expected is None)


def test_without_validation_no_epoch_is_chosen_and_nothing_restored():
    best, model = drive_best([None, None, None])
    assert best.best_epoch is None and best.weights is None and best.best_loss == math.inf
    assert which_epoch(model) == 3
    best.on_epoch_end(3, logs=None)  # Keras may pass no logs at all
    assert best.best_epoch is None


def test_without_keep_weights_the_epoch_is_tracked_but_nothing_restored():
    best, model = drive_best([0.9, 0.4, 0.6], keep_weights=False)  # EarlyStopping restores instead
    assert best.best_epoch == 2 and best.weights is None
    assert which_epoch(model) == 3


@pytest.mark.parametrize("losses", [
    [0.9, 0.4, 0.6, 0.5], [0.7, 0.3, 0.3, 0.8], [0.5, 0.6, 0.7], [3.0, 2.0, 1.0],
])
def test_best_weights_agree_with_keras_early_stopping(losses):
    """Keras's EarlyStopping(restore_best_weights=True), driven by the same logs, is the reference."""
    ours, model = drive_best(losses)
    reference = dense_model()
    keras_stop = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=len(losses), restore_best_weights=True)
    keras_stop.set_model(reference)
    keras_stop.on_train_begin()
    for epoch, loss in enumerate(losses):
        mark(reference, epoch + 1)
        keras_stop.on_epoch_end(epoch, logs={"val_loss": loss})
    keras_stop.on_train_end()
    assert ours.best_epoch == keras_stop.best_epoch + 1  # Keras counts epochs from 0
    assert which_epoch(model) == which_epoch(reference)


# --------------------------------------------------------------------------- LiveHistory


def test_columns_stay_equally_long_when_keys_come_and_go():
    history = live.LiveHistory("hand")
    history.begin(epochs=3, batches_per_epoch=2)
    epochs = [
        {"loss": 1.0, "val_loss": 1.5},                       # no val_accuracy yet
        {"loss": 0.8, "val_loss": 1.2, "val_accuracy": 0.5},  # a new key in epoch 2
        {"loss": 0.6},                                        # validation missing in epoch 3
    ]
    for epoch, logs in enumerate(epochs, start=1):
        history.start_epoch(epoch)
        history.add_epoch(epoch, logs, seconds=0.25, best_epoch=None)
    columns = history.snapshot().history
    assert set(columns) == {"epoch", "loss", "val_loss", "val_accuracy", "seconds", "batches"}
    assert {len(c) for c in columns.values()} == {3}
    np.testing.assert_array_equal(columns["val_accuracy"], [NAN, 0.5, NAN])
    np.testing.assert_array_equal(columns["val_loss"], [1.5, 1.2, NAN])
    assert columns["epoch"] == (1, 2, 3) and columns["seconds"] == (0.25, 0.25, 0.25)


def test_a_nan_loss_is_kept_as_nan_not_dropped():
    history = live.LiveHistory()
    history.begin(epochs=2, batches_per_epoch=1)
    for epoch, loss in ((1, 0.7), (2, np.float32("nan"))):
        history.start_epoch(epoch)
        history.add_batch(1, live.normalise_logs({"loss": loss}))
        history.add_epoch(epoch, live.normalise_logs({"loss": loss, "val_loss": loss}), 1.0, best_epoch=1)
    snap = history.snapshot()
    assert snap.history["loss"][0] == pytest.approx(0.7) and math.isnan(snap.history["loss"][1])
    assert len(snap.batch_history["loss"]) == 2 and math.isnan(snap.batch_history["loss"][1])
    assert math.isnan(snap.batch_history["accuracy"][0])  # logs without accuracy: NaN keeps the row
    assert snap.best_epoch == 1


def test_batches_are_numbered_across_epochs():
    history = live.LiveHistory()
    history.begin(epochs=2, batches_per_epoch=3)
    for epoch in (1, 2):
        history.start_epoch(epoch)
        for batch in (1, 2, 3):
            history.add_batch(batch, {"loss": 1.0, "accuracy": 0.5})
    batches = history.snapshot().batch_history
    assert batches["step"] == (1, 2, 3, 4, 5, 6) and batches["epoch"] == (1, 1, 1, 2, 2, 2)


def test_status_keeps_the_first_error_and_refuses_unknown_states():
    history = live.LiveHistory()
    assert history.snapshot().status == "queued" and history.snapshot().error is None
    history.set_status("failed", "out of memory")
    history.set_status("failed")  # a later call without a message keeps the message
    assert history.snapshot().error == "out of memory"
    with pytest.raises(ValueError, match="Unknown run status 'done'"):
        history.set_status("done")  # type: ignore[arg-type]
    assert history.snapshot().status == "failed"


def test_a_snapshot_is_a_copy():
    history = live.LiveHistory()
    history.begin(epochs=2, batches_per_epoch=1)
    history.start_epoch(1)
    history.add_epoch(1, {"loss": 1.0}, 1.0, None)
    before = history.snapshot()
    history.start_epoch(2)
    history.add_epoch(2, {"loss": 0.5}, 1.0, None)
    assert before.history["loss"] == (1.0,) and history.snapshot().history["loss"] == (1.0, 0.5)


# --------------------------------------------------------------------------- HistorySnapshot.progress


def snapshot(status: str, epoch: int, epochs: int, batch: int, per_epoch: int) -> live.HistorySnapshot:
    """A snapshot with only the counters `progress` reads."""
    return live.HistorySnapshot("hand", status, epoch, epochs, batch, per_epoch, {}, {}, None, None)


@pytest.mark.parametrize("status, epoch, epochs, batch, per_epoch, expected", [
    ("running", 2, 4, 3, 10, (1 * 10 + 3) / (4 * 10)),  # epoch 2 of 4, batch 3 of 10: 13 of 40 batches
    ("running", 1, 4, 10, 10, 10 / 40),                 # the end of the first epoch
    ("running", 0, 4, 0, 10, 0.0),                      # queued, nothing done
    ("running", 4, 4, 10, 10, 1.0),                     # the last batch, still validating
    ("running", 1, 2, 12, 10, 10 / 20),                 # a batch count past the epoch's end is capped
    ("stopped", 3, 5, 9, 21, (2 * 21 + 9) / (5 * 21)),  # stopped during epoch 3 after 9 of 21 batches
    ("stopped", 2, 5, 21, 21, 42 / 105),                # stopped after epoch 2 of 5: not 100 %
    ("finished", 3, 10, 21, 21, 1.0),                   # early stopping after 3 of 10 epochs: done
    ("running", 1, 0, 0, 0, 0.0),                       # before `begin`: no division by zero
])
def test_progress_is_the_fraction_of_all_batches(status, epoch, epochs, batch, per_epoch, expected):
    assert snapshot(status, epoch, epochs, batch, per_epoch).progress == pytest.approx(expected)


# --------------------------------------------------------------------------- normalise_logs


def test_multi_output_accuracy_gets_the_plain_names():
    logs = {"loss": 1.2, "predictions_loss": 1.0, "aux1_loss": 0.7, "predictions_accuracy": 0.75,
            "val_loss": 1.4, "val_predictions_accuracy": 0.625}
    out = live.normalise_logs(logs, "predictions")
    assert out["accuracy"] == 0.75 and out["val_accuracy"] == 0.625
    assert out["predictions_accuracy"] == 0.75 and out["aux1_loss"] == 0.7  # the originals stay
    assert "aux1_accuracy" not in out and len(out) == len(logs) + 2


def test_an_existing_plain_accuracy_is_not_overwritten():
    out = live.normalise_logs({"accuracy": 0.5, "predictions_accuracy": 0.9}, "predictions")
    assert out["accuracy"] == 0.5 and "val_accuracy" not in out


def test_without_a_main_output_nothing_is_renamed():
    out = live.normalise_logs({"predictions_accuracy": 0.9})
    assert out == {"predictions_accuracy": 0.9}


def test_scalars_become_floats_and_other_values_are_dropped():
    logs = {"loss": np.float32(0.5), "accuracy": np.array(0.25), "count": 3, "nan": NAN,
            "per_class": np.array([0.1, 0.9]), "matrix": [[1, 2], [3, 4]]}
    out = live.normalise_logs(logs)
    assert out.keys() == {"loss", "accuracy", "count", "nan"}
    assert all(type(v) is float for v in out.values())
    assert out["loss"] == 0.5 and out["accuracy"] == 0.25 and out["count"] == 3.0 and math.isnan(out["nan"])


@pytest.mark.parametrize("logs", [None, {}])
def test_no_logs_give_an_empty_dict(logs):
    assert live.normalise_logs(logs, "predictions") == {}


# --------------------------------------------------------------------------- _LiveCallback


def live_callback(main_output: str | None = None, keep_weights: bool = True
                  ) -> tuple[live._LiveCallback, live.LiveHistory, threading.Event, keras.Model]:
    model = dense_model()
    history = live.LiveHistory("hand")
    stop = threading.Event()
    best = live._BestWeights(keep_weights)
    callback = live._LiveCallback(history, stop, main_output, batches_per_epoch=7, best=best)
    for each in (best, callback):
        each.set_model(model)
    return callback, history, stop, model


def test_live_callback_fills_the_history_as_keras_calls_it():
    callback, history, _, _ = live_callback("predictions")
    callback.set_params({"epochs": 4, "steps": 10, "verbose": 0})
    callback.on_train_begin()
    callback.on_epoch_begin(0)
    callback.on_epoch_end(0, logs={"loss": 0.9, "val_loss": 0.8})
    callback.on_epoch_begin(1)  # Keras counts from 0; the history from 1
    for batch in range(3):
        callback.on_train_batch_end(batch, logs={"loss": 0.5, "predictions_accuracy": 0.25})
    snap = history.snapshot()
    assert (snap.epoch, snap.epochs, snap.batch, snap.batches_per_epoch) == (2, 4, 3, 10)
    assert snap.progress == pytest.approx(13 / 40)
    assert snap.batch_history["step"] == (11, 12, 13) and snap.batch_history["accuracy"] == (0.25,) * 3
    assert snap.history["epoch"] == (1,) and snap.history["val_loss"] == (0.8,)


def test_live_callback_without_steps_uses_its_own_count():
    callback, history, _, _ = live_callback()
    callback.set_params({"epochs": 2, "steps": None})  # a dataset of unknown length
    callback.on_train_begin()
    assert history.snapshot().batches_per_epoch == 7 and history.snapshot().epochs == 2


def test_live_callback_records_the_best_epoch_so_far():
    callback, history, _, model = live_callback()
    callback.set_params({"epochs": 3, "steps": 1})
    callback.on_train_begin()
    for epoch, val_loss in enumerate((0.6, 0.4, 0.5)):
        callback.on_epoch_begin(epoch)
        mark(model, epoch + 1)
        callback.best.on_epoch_end(epoch, logs={"val_loss": val_loss})  # fit calls _BestWeights first
        callback.on_epoch_end(epoch, logs={"val_loss": val_loss})
        assert history.snapshot().best_epoch == (1, 2, 2)[epoch]
    assert all(s >= 0 for s in history.snapshot().history["seconds"])


def test_a_stop_request_ends_training_after_the_batch():
    callback, history, stop, model = live_callback()
    callback.set_params({"epochs": 3, "steps": 5})
    model.stop_training = False  # as `fit` sets it before the first callback
    callback.on_train_begin()
    callback.on_epoch_begin(0)
    callback.on_train_batch_end(0, logs={"loss": 1.0})
    assert not model.stop_training and history.snapshot().status == "queued"
    stop.set()
    callback.on_train_batch_end(1, logs={"loss": 0.9})
    assert model.stop_training and history.snapshot().status == "stopping"
    assert history.snapshot().progress == pytest.approx(2 / 15)


# --------------------------------------------------------------------------- weight snapshots


def conv_model(filters: int) -> keras.Model:
    """Conv2D 3×3 on one channel with kernels 0, 1, 2, … (in Keras's (kh, kw, in, out) order)."""
    model = keras.Sequential([keras.Input((5, 5, 1)), keras.layers.Conv2D(filters, 3, name="conv")])
    kernel = np.arange(9 * filters, dtype=np.float32).reshape(3, 3, 1, filters)
    model.get_layer("conv").set_weights([kernel, np.zeros(filters, np.float32)])
    return model


def test_weight_snapshot_summarises_the_kernels():
    snap = live.weight_snapshot(conv_model(2), epoch=4)
    conv = snap["layers"]["conv"]
    values = np.arange(18)  # hand: mean of 0…17 is 8.5, population std sqrt((18² − 1) / 12)
    assert conv["mean"] == pytest.approx(8.5) and conv["std"] == pytest.approx(math.sqrt((18**2 - 1) / 12))
    assert sum(conv["counts"]) == values.size and len(conv["counts"]) == live.HISTOGRAM_BINS
    assert conv["edges"][0] == 0 and conv["edges"][-1] == 17
    assert snap["epoch"] == 4 and snap["first_conv"]["shape"] == [3, 3, 1, 2]
    assert snap["first_conv"]["kernels"][0][0][0] == [0.0, 1.0]  # kernel[0, 0, 0, :]


def test_weight_snapshot_keeps_a_bounded_number_of_first_conv_kernels():
    keep = live.MAX_KERNEL_VALUES // 9  # 3×3×1 values per filter: 455 of 600 filters
    snap = live.weight_snapshot(conv_model(600), epoch=0)
    assert keep == 455 and snap["first_conv"]["shape"] == [3, 3, 1, keep]
    assert np.asarray(snap["first_conv"]["kernels"]).shape == (3, 3, 1, keep)
    assert sum(snap["layers"]["conv"]["counts"]) == 9 * 600  # the histogram still counts them all


def test_a_model_without_convolutions_has_empty_snapshots():
    snap = live.weight_snapshot(dense_model(), epoch=1)
    assert snap == {"epoch": 1, "layers": {}, "first_conv": None}


def test_weight_snapshots_run_from_epoch_zero():
    model = conv_model(2)
    callback = live._WeightSnapshots()
    callback.set_model(model)
    callback.on_train_begin()
    layer = model.get_layer("conv")
    layer.kernel.assign(layer.kernel.numpy() + 1.0)  # "training" moves every weight by one
    callback.on_epoch_end(0)
    assert [s["epoch"] for s in callback.snapshots] == [0, 1]
    means = [s["layers"]["conv"]["mean"] for s in callback.snapshots]
    assert means == pytest.approx([8.5, 9.5])


def test_live_history_counts_the_batches_each_epoch_ran():
    history = live.LiveHistory("hand")
    history.begin(epochs=3, batches_per_epoch=4)
    for epoch, batches in ((1, 4), (2, 2)):  # the second epoch stopped after 2 of its 4 batches
        history.start_epoch(epoch)
        for batch in range(1, batches + 1):
            history.add_batch(batch, {"loss": 1.0 / batch, "accuracy": 0.5})
        history.add_epoch(epoch, {"loss": 0.5, "val_loss": 0.7 - epoch / 10}, seconds=1.0, best_epoch=epoch)
    snap = history.snapshot()
    assert snap.history["batches"] == (4, 2) and snap.history["epoch"] == (1, 2)
    assert snap.batch_history["step"] == (1, 2, 3, 4, 5, 6)
    assert snap.batch == 2 and snap.batches_per_epoch == 4


# --------------------------------------------------------------------------- publishing at a time interval


def test_an_interval_publishes_the_first_batch_then_waits_and_always_closes_the_epoch(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "PUBLISH_EVERY", 60.0)  # far longer than this test
    callback, history, _, _ = live_callback()
    assert callback.async_safe  # Keras may hand it the batch logs on its thread pool
    callback.set_params({"epochs": 1, "steps": 10})
    callback.on_train_begin()
    callback.on_epoch_begin(0)
    for batch in range(10):
        callback.on_train_batch_end(batch, logs={"loss": 1.0 / (batch + 1), "accuracy": batch / 10})
    assert history.snapshot().batch_history["step"] == (1,)  # the rest fell inside the interval
    callback.on_epoch_end(0, logs={"loss": 0.29, "accuracy": 0.45, "val_loss": 0.5, "val_accuracy": 0.4})
    snap = history.snapshot()
    # the epoch's last batch is published with the epoch's own training figures (Keras's running means)
    assert snap.batch_history["step"] == (1, 10) and snap.batch_history["loss"] == (1.0, 0.29)
    assert snap.batch_history["accuracy"] == (0.0, 0.45) and snap.history["batches"] == (10,)


def test_an_interval_passes_once_its_seconds_are_over(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([100.0, 100.1, 100.3, 100.35, 100.6])
    monkeypatch.setattr(live.time, "monotonic", lambda: next(clock))
    callback, history, _, _ = live_callback()
    callback.every = 0.2
    callback.set_params({"epochs": 1, "steps": 5})
    callback.on_train_begin()
    callback.on_epoch_begin(0)
    for batch in range(5):
        callback.on_train_batch_end(batch, logs={"loss": 0.5})
    assert history.snapshot().batch_history["step"] == (1, 3, 5)  # at 100.0, 100.3 and 100.6 s


def test_a_late_batch_from_the_thread_pool_is_ignored_and_stop_is_published_at_once() -> None:
    callback, history, stop, model = live_callback()
    callback.every = 60.0
    callback.set_params({"epochs": 1, "steps": 9})
    callback.on_train_begin()
    callback.on_epoch_begin(0)
    callback.on_train_batch_end(1, logs={"loss": 0.5})  # batch 2 handled first
    callback.on_train_batch_end(0, logs={"loss": 0.9})  # batch 1 arrives late: dropped
    stop.set()
    callback.on_train_batch_end(2, logs={"loss": 0.4})
    snap = history.snapshot()
    assert snap.batch_history["step"] == (2, 3) and snap.status == "stopping" and model.stop_training


def test_every_batch_is_synchronous_for_keras() -> None:
    callback, _, _, _ = live_callback()  # this module runs with PUBLISH_EVERY = 0 (conftest's every_batch)
    assert callback.every == 0 and not callback.async_safe


def test_a_run_reads_starting_until_keras_says_how_long_it_is() -> None:
    history = live.LiveHistory()
    assert history.snapshot().phase == "queued"
    history.set_status("running")  # building the model, reading the data: no epochs or batches known yet
    assert history.snapshot().phase == "starting"
    history.begin(epochs=3, batches_per_epoch=10)
    assert history.snapshot().phase == "running"
    history.set_status("finished")
    assert history.snapshot().phase == "finished"
