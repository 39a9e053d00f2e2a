"""cnnviz.compare: the settings table against the metadata JSON read directly, the confusion difference
and per-class accuracy against sklearn and hand counts on real Keras models, refusals, and the figures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import keras
import numpy as np
import pytest
from sklearn.metrics import confusion_matrix

from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.core.errors import CnnvizError
from cnnviz.train import checkpoints, compare

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "checkpoints"
HANGUL = re.compile("[\uac00-\ud7a3]")


def sidecar(name: str) -> dict:
    """A shipped checkpoint's metadata, read as plain JSON (not through cnnviz)."""
    return json.loads((SHIPPED / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fashion() -> data.Dataset:
    return data.load_dataset("fashion_mnist_sample")


@pytest.fixture(scope="module")
def two_models() -> tuple[keras.Model, keras.Model]:
    """The shipped Fashion-MNIST CNN and a copy with noise on its weights: two real models, other answers."""
    model, _ = checkpoints.load(SHIPPED / "fashion_cnn_fashion.keras")
    other = keras.models.clone_model(model)
    rng = np.random.default_rng(0)
    other.set_weights([w + rng.normal(0, 0.6 * (w.std() + 1e-3), w.shape).astype(w.dtype)
                       for w in model.get_weights()])
    return model, other


# --- the settings table ---------------------------------------------------------------------------


def expected_row(raw: dict) -> dict:
    """The settings-table columns as the metadata JSON states them (augmentation as its stored dict or null)."""
    hp = raw["hyperparameters"]
    return {"model": raw["model_name"], "dataset": raw["dataset"], "optimizer": hp["optimizer"],
            "learning_rate": hp["learning_rate"], "batch_size": hp["batch_size"], "epochs": hp["epochs"],
            "epochs_trained": len(raw["history"]["epoch"]), "early_stopping": hp["early_stopping"],
            "patience": hp["patience"] if hp["early_stopping"] else None, "seed": hp["seed"], "limit": hp["limit"],
            "best_epoch": raw["best_epoch"], "test_accuracy": raw["final_metrics"]["test_accuracy"],
            "test_loss": raw["final_metrics"]["test_loss"], "augmentation": json.dumps(hp["augmentation"])}


def test_the_table_holds_the_metadata_read_directly() -> None:
    infos = [i for i in checkpoints.list_checkpoints(SHIPPED) if i.name in ("fashion_cnn_fashion",
                                                                             "fashion_cnn_digits")]
    table = compare.runs(infos, [i.name for i in infos])
    rows = [expected_row(sidecar(info.name)) for info in infos]
    assert table.column("run") == [info.name for info in infos]
    for row, expected in enumerate(rows):
        for column, value in expected.items():
            if column != "augmentation":  # shown as words, checked below
                assert table.column(column)[row] == value, column
    # the columns that differ: those whose values in the two JSON files differ
    assert set(table.differing) == {column for column in rows[0] if rows[0][column] != rows[1][column]}
    # by hand from the two JSON files: fashion_mnist vs digits, batch 32 vs 16, 20 vs 40 epochs, patience 2 vs 8;
    # both adam at 0.001, both without augmentation, both seed 0
    assert {"dataset", "batch_size", "epochs", "patience", "epochs_trained", "best_epoch",
            "test_accuracy"} <= set(table.differing)
    assert not {"run", "model", "optimizer", "learning_rate", "augmentation", "seed",
                "early_stopping"} & set(table.differing)
    assert table.column("augmentation") == ["none", "none"]


def test_the_shipped_fashion_run_stopped_after_12_of_20_epochs_keeping_epoch_10_at_91_63_percent() -> None:
    """The shipped default: full Fashion-MNIST (48,000 / 12,000 / 10,000), adam 0.001, batch 32, patience 2,
    no augmentation; early stopping after epoch 12 of 20, epoch 10 kept, 0.9163 on the full test set."""
    info = next(i for i in checkpoints.list_checkpoints(SHIPPED) if i.name == "fashion_cnn_fashion")
    table = compare.runs([info])
    assert table.column("dataset") == ["fashion_mnist"] and table.column("optimizer") == ["adam"]
    assert table.column("learning_rate") == [0.001] and table.column("batch_size") == [32]
    assert table.column("early_stopping") == [True] and table.column("patience") == [2]
    assert table.column("augmentation") == ["none"]
    assert table.column("epochs_trained") == [12] and table.column("epochs") == [20]
    assert table.column("best_epoch") == [10] and table.column("test_accuracy") == [0.9163]
    raw = sidecar("fashion_cnn_fashion")
    assert raw["hyperparameters"]["augmentation"] is None and raw["hyperparameters"]["val_fraction"] == 0.2
    val_loss = raw["history"]["val_loss"]
    assert len(val_loss) == 12 and int(np.argmin(val_loss)) + 1 == 10  # epoch 10: the lowest validation loss
    assert raw["story"]["parts"][0] == {"key": "story.data", "values": {"train": 48000, "val": 12000, "test": 10000}}
    assert raw["notes"].startswith("Trained on 48,000 images (12,000 more held out for validation), "
                                   "then tested on 10,000.")
    assert "after epoch 12 of 20" in raw["notes"] and "epoch 10" in raw["notes"]


def test_augmentation_is_described_in_both_languages() -> None:
    augmentation = {"flip_horizontal": True, "zoom": 0.1}  # no shipped run is augmented now: one written here
    assert compare.augmentation_text(augmentation) == "Flip left–right, Zoom 0.1"
    assert compare.augmentation_text(augmentation, "ko") == "좌우 뒤집기, 확대/축소 0.1"
    assert compare.augmentation_text(None, "ko") == "없음"
    assert compare.augmentation_text({"flip_horizontal": False, "zoom": 0.0}) == "none"


def test_model_options_get_a_column_each_and_count_as_differences() -> None:
    a = checkpoints.Metadata(model_name="fashion_cnn", dataset="digits", model_options={"dropout": 0.3},
                             hyperparameters={"optimizer": "adam", "learning_rate": 0.001, "early_stopping": False,
                                              "patience": 3})
    b = checkpoints.Metadata(model_name="fashion_cnn", dataset="digits",
                             model_options={"kernel_initializer": "he_normal"},
                             hyperparameters={"optimizer": "adam", "learning_rate": 0.001, "early_stopping": False,
                                              "patience": 5})
    table = compare.runs([a, b], ["A", "B"])
    assert table.column("option.dropout") == [0.3, None]
    assert table.column("option.kernel_initializer") == [None, "he_normal"]
    assert set(table.differing) == {"option.dropout", "option.kernel_initializer"}  # patience unused: None
    assert table.column("patience") == [None, None]
    frame = table.frame("ko")
    assert "드롭아웃" in frame.columns and "가중치 초기화" in frame.columns and "학습률" in frame.columns
    assert list(frame["조기 종료"]) == ["아니요", "아니요"]


def test_names_must_match_the_runs() -> None:
    with pytest.raises(compare.ComparisonError) as caught:
        compare.runs([checkpoints.Metadata()], ["A", "B"])
    assert caught.value.key == "error.compare_labels" and HANGUL.search(caught.value.text("ko"))


def test_runs_on_the_same_test_set_are_grouped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    infos = checkpoints.list_checkpoints(SHIPPED)
    fashion = next(i for i in infos if i.name == "fashion_cnn_fashion")
    assert fashion.metadata.dataset == sidecar("fashion_cnn_fashion")["dataset"] == "fashion_mnist"
    classes = list(fashion.metadata.class_names)
    again = checkpoints.Metadata(dataset="fashion_mnist", class_names=classes)
    shuffled = checkpoints.Metadata(dataset="fashion_mnist", class_names=list(reversed(classes)))
    sample = checkpoints.Metadata(dataset="fashion_mnist_sample", class_names=classes)
    unknown = checkpoints.Metadata()
    runs = [*infos, again, shuffled, sample, unknown, unknown]
    names = [i.name for i in infos]
    groups = compare.comparable_groups(runs)
    # offline (the suite's empty Keras home) the full set's runs are tested on the built-in sample, its stand-in:
    # the sample run joins them
    assert (names.index("fashion_cnn_fashion"), len(infos), len(infos) + 2) in groups
    assert (len(infos) + 1,) in groups  # other class order: another test set
    assert (len(infos) + 3,) in groups and (len(infos) + 4,) in groups  # no dataset recorded: never grouped
    assert sorted(i for g in groups for i in g) == list(range(len(runs)))  # every run in exactly one group
    assert not compare.same_test_set(unknown, unknown)
    # with the full set in Keras's cache, the full test set and the sample's are two test sets
    folder = tmp_path / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    for name in data.downloads.FASHION_FILES:
        (folder / name).write_bytes(b"")  # present is enough: grouping reads no pictures
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert compare.same_test_set(fashion, again) and not compare.same_test_set(fashion, sample)


# --- where two models' answers differ, on real models ---------------------------------------------


def test_confusion_difference_equals_sklearns_matrices_subtracted(two_models, fashion) -> None:
    first, second = two_models
    a = evaluation.evaluate(first, fashion.x_test, fashion.y_test, 10)
    b = evaluation.evaluate(second, fashion.x_test, fashion.y_test, 10)
    diff = compare.confusion_difference(a.confusion, b.confusion, fashion.class_names, fashion.class_names)
    labels = list(range(10))
    predicted_a = first.predict(fashion.x_test, verbose=0).argmax(axis=1)
    predicted_b = second.predict(fashion.x_test, verbose=0).argmax(axis=1)
    reference = (confusion_matrix(fashion.y_test, predicted_b, labels=labels)
                 - confusion_matrix(fashion.y_test, predicted_a, labels=labels))
    assert np.array_equal(diff, reference)
    assert np.abs(diff).sum() > 0  # the noise changed some answers: the test compares something
    assert diff.sum(axis=1).tolist() == [0] * 10  # each true class keeps its number of images


def test_changes_count_fixed_and_broken_images_by_hand(two_models, fashion) -> None:
    first, second = two_models
    a = first.predict(fashion.x_test, verbose=0).argmax(axis=1)
    b = second.predict(fashion.x_test, verbose=0).argmax(axis=1)
    fixed = broken = 0
    for pa, pb, y in zip(a.tolist(), b.tolist(), fashion.y_test.tolist(), strict=False):
        fixed += pa != y and pb == y
        broken += pa == y and pb != y
    found = compare.changes(a, b, fashion.y_test)
    assert (found.fixed, found.broken) == (fixed, broken)
    assert found.fixed + found.broken + found.both_right + found.both_wrong == len(fashion.y_test)
    # net change in correct answers = the diagonal of the difference
    diff = compare.confusion_difference(confusion_matrix(fashion.y_test, a, labels=range(10)),
                                        confusion_matrix(fashion.y_test, b, labels=range(10)))
    assert int(np.trace(diff)) == found.fixed - found.broken


def test_per_class_accuracy_matches_a_hand_count(two_models, fashion) -> None:
    model, _ = two_models
    result = evaluation.evaluate(model, fashion.x_test, fashion.y_test, 10)
    predicted = model.predict(fashion.x_test, verbose=0).argmax(axis=1)
    for label in range(10):
        members = [i for i, y in enumerate(fashion.y_test.tolist()) if y == label]
        right = sum(1 for i in members if predicted[i] == label)
        assert result.per_class_accuracy[label] == pytest.approx(right / len(members))
    right = int((predicted == fashion.y_test).sum())
    assert result.accuracy == pytest.approx(right / len(fashion.y_test))
    # the full-Fashion-MNIST checkpoint on the built-in sample (its offline stand-in): 168 of 180 right
    assert (right, len(fashion.y_test)) == (168, 180) and f"{result.accuracy:.4f}" == "0.9333"


@pytest.mark.parametrize(("a", "b", "names_b", "key"), [
    (np.eye(10, dtype=int), np.eye(3, dtype=int), None, "error.compare_shape"),
    (np.eye(3, dtype=int), np.ones((3, 4), dtype=int), None, "error.compare_not_square"),
    (np.eye(3, dtype=int), np.eye(3, dtype=int), ["circle", "square", "cross"], "error.compare_classes"),
    (np.eye(3, dtype=int), 2 * np.eye(3, dtype=int), None, "error.compare_test_set"),
])
def test_mismatched_matrices_are_refused_in_both_languages(a, b, names_b, key) -> None:
    names_a = ["circle", "square", "triangle"] if names_b else None
    with pytest.raises(CnnvizError) as caught:
        compare.confusion_difference(a, b, names_a, names_b)
    assert isinstance(caught.value, compare.ComparisonError) and caught.value.key == key
    assert HANGUL.search(caught.value.text("ko")) and str(caught.value) == caught.value.text("en")


def test_changes_refuse_predictions_of_different_test_sets() -> None:
    with pytest.raises(compare.ComparisonError):
        compare.changes(np.zeros(3), np.zeros(4), np.zeros(3))


# --- figures --------------------------------------------------------------------------------------


def test_curves_show_every_run_solid_and_dashed_in_one_colour() -> None:
    a = sidecar("fashion_cnn_fashion")
    b = sidecar("fashion_cnn_digits")
    fig = compare.curves_figure([("A", a["history"], a["best_epoch"]), ("B", b["history"], b["best_epoch"])],
                                "loss", {"train": "학습", "val": "검증", "best": "남긴 에포크"})
    lines = [trace for trace in fig.data if "lines" in trace.mode]
    assert [trace.name for trace in lines] == ["A · 학습", "A · 검증", "B · 학습", "B · 검증"]
    assert list(lines[0].y) == pytest.approx(a["history"]["loss"])
    assert list(lines[3].y) == pytest.approx(b["history"]["val_loss"])
    assert [trace.line.dash for trace in lines] == ["solid", "dash"] * 2
    assert lines[0].line.color == lines[1].line.color != lines[2].line.color
    assert lines[0].marker.symbol == lines[1].marker.symbol != lines[2].marker.symbol  # a shape per run too
    best = a["best_epoch"]
    assert best == int(np.argmin(a["history"]["val_loss"])) + 1 == 10  # the kept epoch: lowest validation loss
    star = next(trace for trace in fig.data if trace.mode == "markers" and trace.legendgroup == "A")
    assert star.x[0] == best and star.y[0] == pytest.approx(a["history"]["val_loss"][best - 1])


def test_per_class_bars_carry_each_runs_accuracies() -> None:
    accuracies = [np.array([0.5, 1.0]), np.array([0.25, 0.75])]
    fig = compare.per_class_figure(accuracies, ["A", "B"], ["cat", "dog"])
    assert [list(bar.y) for bar in fig.data] == [[0.5, 1.0], [0.25, 0.75]]
    assert [list(bar.text) for bar in fig.data] == [["50%", "100%"], ["25%", "75%"]]
    assert fig.layout.barmode == "group"


def test_difference_heat_map_is_white_at_zero_and_annotated() -> None:
    diff = np.array([[2, -1], [0, -3]])
    fig = compare.difference_figure(diff, ["cat", "dog"])
    heat = fig.data[0]
    assert heat.zmin == -3 and heat.zmax == 3  # symmetric: 0 sits in the middle of the scale
    assert heat.colorscale[1][0] == 0.5 and heat.colorscale[1][1].upper() == "#FFFFFF"
    assert [list(row) for row in heat.text] == [["+2", "-1"], ["", "-3"]]
