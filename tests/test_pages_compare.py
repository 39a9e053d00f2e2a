"""The Compare runs page with two real runs trained into a temporary runs folder, in both languages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from helpers import ROOT, page_test
from streamlit.testing.v1 import AppTest
from test_korean import english_left

from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.train import checkpoints, runs, training

LEARNING_RATES = (0.002, 0.02)


@pytest.fixture(scope="module")
def runs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two 2-epoch runs of the Fashion-MNIST CNN that differ in their learning rate, titled by it."""
    folder = tmp_path_factory.mktemp("runs")
    for rate in LEARNING_RATES:
        config = training.TrainConfig(learning_rate=rate, batch_size=32, epochs=2, early_stopping=False)
        result = training.train(config, folder)
        runs.rename(result.checkpoint_path, f"lr{rate:g}")
    return folder


def names(folder: Path) -> list[str]:
    return [info.name for info in sorted(checkpoints.list_checkpoints(folder), key=lambda i: i.metadata.title)]


def compare_page(folder: Path, monkeypatch: pytest.MonkeyPatch, chosen: list[str] | None,
                 presenting: bool = False, **query: str) -> AppTest:
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(folder))
    app = page_test("compare")
    for key, value in query.items():
        app.query_params[key] = value
    if chosen is not None:
        app.session_state["cmp_runs"] = chosen
    if presenting:
        app.session_state["present"] = True
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def test_two_runs_show_their_settings_accuracies_and_changes(runs_dir, monkeypatch) -> None:
    app = compare_page(runs_dir, monkeypatch, names(runs_dir))
    infos = sorted(checkpoints.list_checkpoints(runs_dir), key=lambda i: i.metadata.title)
    table = app.dataframe[0].value
    assert list(table["Run"]) == ["lr0.002", "lr0.02"]
    assert list(table["Learning rate"]) == list(LEARNING_RATES)
    assert list(table["Epochs trained"]) == [2, 2]
    assert list(table["Test accuracy"]) == [i.metadata.final_metrics["test_accuracy"] for i in infos]
    assert any("Learning rate" in c.value and "Test accuracy" in c.value for c in app.caption)  # the differences

    # accuracies computed again here, with the models and the dataset loaded independently of the page
    ds = data.load_dataset("fashion_mnist_sample")
    models = [checkpoints.load(info.path)[0] for info in infos]
    predicted = [m.predict(ds.x_test, verbose=0).argmax(axis=1) for m in models]
    shown = {m.label: m.value for m in app.metric}
    for info, found in zip(infos, predicted, strict=False):
        accuracy = float((found == ds.y_test).mean())
        assert shown[info.metadata.title] == f"{accuracy:.2%}"
        assert accuracy == pytest.approx(info.metadata.final_metrics["test_accuracy"])  # same, whole test split
    fixed = int(((predicted[0] != ds.y_test) & (predicted[1] == ds.y_test)).sum())
    broken = int(((predicted[0] == ds.y_test) & (predicted[1] != ds.y_test)).sum())
    assert shown["Right in B, wrong in A"] == str(fixed) and shown["Right in A, wrong in B"] == str(broken)
    net = 100 * ((predicted[1] == ds.y_test).mean() - (predicted[0] == ds.y_test).mean())
    assert shown["Accuracy B − A (points)"] == f"{net:+.2f}"

    assert len(app.get("plotly_chart")) == 3  # curves, per-class bars, confusion difference
    cams = [img for element in app.get("image") for img in element.proto.imgs if "Grad-CAM" in img.caption]
    assert len(cams) == 2  # the ankle boot through both models
    assert not app.info  # both runs share the test set: nothing left out


def sidecar(name: str) -> dict:
    """A shipped checkpoint's metadata, read as plain JSON (not through cnnviz)."""
    return json.loads((ROOT / "checkpoints" / f"{name}.json").read_text(encoding="utf-8"))


def test_offline_the_shipped_full_fashion_run_joins_the_runs_on_the_sample(runs_dir, monkeypatch) -> None:
    """The shipped Fashion-MNIST checkpoint learnt from the full set; offline it is tested on the built-in sample,
    its stand-in, like the two runs trained on the sample: one test set of three runs. Digits is left out."""
    app = compare_page(runs_dir, monkeypatch, ["fashion_cnn_fashion", "fashion_cnn_digits", *names(runs_dir)])
    recorded = [info.metadata.dataset for info in sorted(checkpoints.list_checkpoints(runs_dir),
                                                         key=lambda i: i.metadata.title)]
    expected = [sidecar("fashion_cnn_fashion")["dataset"], sidecar("fashion_cnn_digits")["dataset"], *recorded]
    assert list(app.dataframe[0].value["Dataset"]) == expected
    assert expected == ["fashion_mnist", "digits", "fashion_mnist_sample", "fashion_mnist_sample"]
    assert any("left out" in i.value and "fashion_cnn_digits" in i.value and "fashion_cnn_fashion" not in i.value
               for i in app.info)
    assert [m.label for m in app.metric[:3]] == ["fashion_cnn_fashion", "lr0.002", "lr0.02"]
    assert any("built-in sample" in c.value for c in app.caption)  # and the page says which test images


def test_the_shipped_fashion_run_is_compared_offline_on_the_built_in_sample(tmp_path, monkeypatch) -> None:
    """Two runs on the full Fashion-MNIST (the shipped one and a copy): with no download (the suite's empty Keras
    home) the page evaluates them on the built-in sample, says so, and scores 168 of 180 for both."""
    folder = tmp_path / "runs"
    folder.mkdir()
    for suffix in (".keras", ".json"):
        shutil.copy(ROOT / "checkpoints" / f"fashion_cnn_fashion{suffix}", folder / f"fashion_copy{suffix}")
    runs.rename(folder / "fashion_copy.keras", "fashion copy")
    app = compare_page(folder, monkeypatch, ["fashion_cnn_fashion", "fashion_copy"])
    assert list(app.dataframe[0].value["Dataset"]) == ["fashion_mnist", "fashion_mnist"]
    assert data.stand_in("fashion_mnist") == "fashion_mnist_sample"
    ds = data.load_dataset("fashion_mnist_sample")
    assert any("built-in sample" in c.value and f"{len(ds.y_test)} test" in c.value for c in app.caption)
    model, _ = checkpoints.load(ROOT / "checkpoints" / "fashion_cnn_fashion.keras")
    predicted = model.predict(ds.x_test, verbose=0).argmax(axis=1)
    right = int((predicted == ds.y_test).sum())
    assert (right, len(ds.y_test)) == (168, 180)
    shown = {m.label: m.value for m in app.metric}
    assert shown["fashion_cnn_fashion"] == shown["fashion copy"] == f"{right / len(ds.y_test):.2%}" == "93.33%"
    # the same weights: no image changes answer
    assert shown["Right in B, wrong in A"] == shown["Right in A, wrong in B"] == "0"
    assert shown["Accuracy B − A (points)"] == "+0.00"


def test_two_test_sets_with_two_runs_each_let_the_user_pick_one(runs_dir, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "runs"
    shutil.copytree(runs_dir, folder)
    for suffix in (".keras", ".json"):  # a second Digits run: the shipped one, copied
        shutil.copy(ROOT / "checkpoints" / f"fashion_cnn_digits{suffix}", folder / f"digits_copy{suffix}")
    app = compare_page(folder, monkeypatch, ["fashion_cnn_digits", "digits_copy", *names(runs_dir)])
    group = app.selectbox(key="cmp_group")
    assert group.options == ["digits (2 runs)", "fashion_mnist_sample (2 runs)"]
    recorded = sidecar("fashion_cnn_digits")["final_metrics"]["test_accuracy"]  # Digits is built in: same test set
    assert [m.value for m in app.metric[:2]] == [f"{recorded:.2%}"] * 2
    group.set_value(1).run()
    assert not app.exception and not app.error
    assert [m.label for m in app.metric[:2]] == ["lr0.002", "lr0.02"]


def test_the_shipped_checkpoints_alone_open_on_two_that_cannot_share_answers(tmp_path, monkeypatch) -> None:
    app = compare_page(tmp_path / "empty", monkeypatch, None)
    assert app.multiselect(key="cmp_runs").value == ["fashion_cnn_fashion", "fashion_cnn_digits"]
    assert any("same test set" in i.value for i in app.info)
    assert len(app.get("plotly_chart")) == 1 and len(app.dataframe) == 1


def test_one_choice_asks_for_a_second(tmp_path, monkeypatch) -> None:
    app = compare_page(tmp_path / "empty", monkeypatch, ["fashion_cnn_fashion"])
    assert any("at least two" in i.value for i in app.info)
    assert not app.get("plotly_chart")


def test_korean_without_english_left(runs_dir, monkeypatch) -> None:
    app = compare_page(runs_dir, monkeypatch, ["fashion_cnn_fashion", "fashion_cnn_digits", *names(runs_dir)],
                       lang="ko")
    assert "학습률" in list(app.dataframe[0].value.columns)
    assert any(m.label == "B는 맞히고 A는 틀림" for m in app.metric)
    assert english_left(app) == []


def test_presenter_mode_puts_the_curves_first(runs_dir, monkeypatch) -> None:
    app = compare_page(runs_dir, monkeypatch, names(runs_dir), presenting=True)
    assert app.subheader[0].value == "Learning curves"
    assert any(e.label == "Settings" for e in app.expander)  # the run picker folded away
    charts = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    assert len(charts) == 3 and all(c["layout"]["font"]["size"] == 22 for c in charts)  # 12 px × 1.8


def test_the_evaluation_is_the_librarys(runs_dir) -> None:
    """The page's cached evaluation is `cnnviz.evaluation.evaluate`, whose per-class figures match a count."""
    info = checkpoints.list_checkpoints(runs_dir)[0]
    model, _ = checkpoints.load(info.path)
    ds = data.load_dataset("fashion_mnist_sample")
    found = evaluation.evaluate(model, ds.x_test, ds.y_test, ds.num_classes)
    predicted = model.predict(ds.x_test, verbose=0).argmax(axis=1)
    counts = np.bincount(ds.y_test, minlength=10)
    right = np.bincount(ds.y_test[predicted == ds.y_test], minlength=10)
    assert found.per_class_accuracy == pytest.approx(right / counts)
