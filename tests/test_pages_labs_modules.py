"""The Inception and Residual labs: the current model's modules on the picture, the fallback, gradients."""

from __future__ import annotations

import json

import numpy as np
from helpers import open_page
from test_korean import english_left, run_korean

from cnnviz import data
from cnnviz.analysis import modules
from cnnviz.core import i18n
from cnnviz.models import zoo


def _texts(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.value for m in app.markdown] + [c.value for c in app.caption]


def test_inception_shows_the_library_channel_ranges_of_mini_googlenet() -> None:
    app = open_page("labs", lab="inception", model="zoo:mini_googlenet")
    model = zoo.build_model("mini_googlenet", (28, 28, 1), 10)
    picture = np.zeros((28, 28, 1), np.float32)  # the slices depend on the model, not on the picture
    branches = modules.inception_branches(model, picture, "inc3a_concat")
    texts = _texts(app)
    for branch in branches:
        assert i18n.t("lab.inception.branch_title", name=branch.name, count=branch.channels,
                      start=branch.start, stop=branch.stop) in texts
    strip = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert [(trace["base"][0], trace["x"][0]) for trace in strip["data"]] == [
        (b.start, b.channels) for b in branches]
    assert any("inc3a_concat" in s.value for s in app.success)  # the concat check passed
    costs = modules.compare_inception((28, 28, 192))
    tables = [frame.value for frame in app.dataframe]
    assert any(f"{costs.naive.params:,}" in table.to_string() for table in tables)  # 387,296
    assert any("14×14×32" in text for text in texts)  # compared at inc3a's own input too


def test_shipped_model_shows_the_fallback_module_with_a_note() -> None:
    app = open_page("labs", lab="inception")
    assert any("random weights" in info.value for info in app.info)
    assert any("inception_pool_proj" in text for text in _texts(app))
    app = open_page("labs", lab="residual")
    assert any("random weights" in info.value for info in app.info)
    assert any("res_projection" in text for text in _texts(app))


def test_residual_marks_the_path_and_measures_gradients() -> None:
    app = open_page("labs", lab="residual", model="zoo:mini_resnet")
    assert any("identity" in text and "stem_conv" in text for text in _texts(app))
    app.selectbox(key="lab_residual_module").set_value("res2_add").run()
    assert any("res2_projection" in text for text in _texts(app))
    assert any("res2_add" in s.value for s in app.success)
    assert not app.get("plotly_chart")
    app.button(key="lab_residual_measure").click().run()
    assert not app.exception and not app.error
    chart = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert chart["layout"]["yaxis"]["type"] == "log"
    ds = data.load_dataset("fashion_mnist_sample")
    found = modules.skip_comparison(ds.x_train[:modules.GRADIENT_BATCH].astype(np.float32),
                                    ds.y_train[:modules.GRADIENT_BATCH], ds.num_classes, 4)
    np.testing.assert_allclose(chart["data"][1]["y"], found.without_skips, rtol=1e-4)
    assert any(f"{found.first_gain:.3g}" in info.value for info in app.info)
    app.number_input(key="lab_residual_channel").set_value(3).run()  # a rerun keeps the measured chart
    assert app.get("plotly_chart")


def test_labs_modules_in_korean() -> None:
    for lab, model in (("inception", "zoo:mini_googlenet"), ("residual", "zoo:mini_resnet"),
                       ("inception", None), ("residual", None)):
        query = {"lab": lab} | ({"model": model} if model else {})
        app = run_korean("labs", **query)
        assert not app.error
        assert english_left(app) == [], (lab, model, english_left(app))
    # the gradient chart and its sentences: measured first, then switched to Korean (as AppTest formats a
    # clicked page's widgets outside the script, in English)
    app = open_page("labs", lab="residual", model="zoo:mini_resnet")
    app.button(key="lab_residual_measure").click().run()
    app.sidebar.selectbox(key="lang").set_value("ko").run()
    assert app.get("plotly_chart") and not app.exception
    assert english_left(app) == [], english_left(app)


def test_presenter_mode_puts_the_maps_first_and_enlarges_the_figures() -> None:
    app = open_page("labs", lab="inception", model="zoo:mini_googlenet")
    app.session_state["present"] = True  # what ?present=1 or the sidebar toggle sets
    app.run()
    strip = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert strip["layout"]["font"]["size"] >= 16
    assert app.get("expander")  # the settings folded away
    app = open_page("labs", lab="residual", model="zoo:mini_resnet")
    app.session_state["present"] = True
    app.run()
    assert any("res1_add" in s.value for s in app.success)
