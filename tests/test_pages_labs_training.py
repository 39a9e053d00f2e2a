"""The Labs page's training labs (app_pages/views/lab_training.py): initialisers and freezing, both languages."""

from __future__ import annotations

import pytest
from helpers import open_page, page_test
from test_korean import english_left, run_korean

from cnnviz import data
from cnnviz.core import i18n
from cnnviz.train import freezing, initialisers


def test_initialisers_lab_shows_the_library_numbers() -> None:
    app = open_page("labs", lab="initialisers")
    ds = data.load_dataset("fashion_mnist_sample")
    x, y = initialisers.first_batch(ds)
    stats = initialisers.compare("fashion_cnn", x, y, ("he_normal",), 0, num_classes=ds.num_classes)
    frame = app.dataframe[0].value
    he = stats["he_normal"]
    assert frame.loc["he_normal", f"Output std ({he[1].name})"] == f"{he[1].activation_std:.4g}"
    assert frame.loc["he_normal", f"Gradient norm ({he[0].name})"] == f"{he[0].gradient_norm:.4g}"
    assert list(frame.index) == list(initialisers.INITIALIZERS)
    titles = [chart.proto.spec for chart in app.get("plotly_chart")]
    assert len(titles) == 3  # two depth plots and the histogram


@pytest.mark.slow
def test_initialisers_training_overlays_every_run() -> None:
    app = open_page("labs", lab="initialisers")
    app.multiselect(key="init_names").set_value(["random_uniform", "he_normal"]).run()
    app.slider(key="init_epochs").set_value(1).run()
    app.select_slider(key="init_images").set_value(200).run()
    app.button(key="init_train").click().run(timeout=300)
    assert not app.exception and not app.error
    ds = data.load_dataset("fashion_mnist_sample")
    expected = initialisers.train_briefly("fashion_cnn", ds, "he_normal", 1, 0, 200)
    finals = app.dataframe[-1].value
    assert finals.loc["he_normal", "Final validation accuracy"] == f"{expected['val_accuracy'][-1]:.1%}"
    assert len(app.get("plotly_chart")) == 5


def test_freezing_lab_counts_match_keras() -> None:
    app = open_page("labs", lab="freezing")
    table = app.table[1].value  # the quadrant first, then the plans
    ds = data.load_dataset("fashion_mnist_sample")
    model, _ = freezing.starting_model(ds, weights=None)
    for blocks in freezing.DEFAULT_PLANS:
        plan = freezing.freeze_plan(model, blocks)
        row = table.loc[freezing.plan_label(blocks)]
        assert row["Trainable parameters"] == f"{sum(int(w.numpy().size) for w in plan.trainable_weights):,}"
    assert app.button(key="freeze_train")


@pytest.mark.slow
def test_freezing_training_reports_each_plan() -> None:
    app = open_page("labs", lab="freezing")
    app.multiselect(key="freeze_plans").set_value([5]).run()
    app.select_slider(key="freeze_images").set_value(100).run()
    app.button(key="freeze_train").click().run(timeout=300)
    assert not app.exception and not app.error
    results = app.table[-1].value
    assert list(results.index) == [freezing.plan_label(5)]
    assert results.loc[freezing.plan_label(5), "Trainable parameters"] == "5,130"
    assert len(app.get("plotly_chart")) == 1


@pytest.mark.parametrize("lab", ["initialisers", "freezing"])
def test_labs_in_korean(lab: str) -> None:
    app = run_korean("labs", lab=lab)
    assert not app.error
    left = english_left(app)
    assert not left, "\n".join(left)
    assert any(i18n.t(f"lab.{'init' if lab == 'initialisers' else 'freeze'}.intro", "ko")[:10] in m.value
               for m in app.markdown)


@pytest.mark.parametrize("lab", ["initialisers", "freezing"])
def test_labs_in_presenter_mode(lab: str) -> None:
    app = page_test("labs")  # presenter mode is read from the link by streamlit_app.py; set it as it does
    app.session_state["present"] = True
    app.query_params["lab"] = lab
    app.run()
    assert not app.exception and not app.error
    assert app.expander  # the settings folded away
    assert app.expander[0].label == i18n.t("present.settings")


def _korean_last(app: object) -> object:
    """Switch the finished page to Korean (AppTest formats widget options in English when a value is set)."""
    app.sidebar.selectbox(key="lang").set_value("ko").run()
    assert not app.exception and not app.error
    return app


@pytest.mark.slow
def test_trained_labs_in_korean() -> None:
    app = open_page("labs", lab="initialisers")
    app.multiselect(key="init_names").set_value(["random_uniform", "he_normal"]).run()
    app.slider(key="init_epochs").set_value(1).run()
    app.select_slider(key="init_images").set_value(200).run()
    app.button(key="init_train").click().run(timeout=300)
    _korean_last(app)
    assert len(app.get("plotly_chart")) == 5  # the curves stay after the switch
    left = english_left(app)
    assert not left, "\n".join(left)
    app = open_page("labs", lab="freezing")
    app.multiselect(key="freeze_plans").set_value([5]).run()
    app.select_slider(key="freeze_images").set_value(100).run()
    app.button(key="freeze_train").click().run(timeout=300)
    _korean_last(app)
    assert len(app.get("plotly_chart")) == 1
    left = english_left(app)
    assert not left, "\n".join(left)
