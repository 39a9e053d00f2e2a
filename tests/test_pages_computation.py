"""The Computation page's numbers and sandbox views (AppTest), against cnnviz.arithmetic called directly."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import ROOT, open_page, page_test
from test_korean import english_left, run_korean

from cnnviz import data
from cnnviz.analysis import activations, arithmetic, evaluation
from cnnviz.core import i18n
from cnnviz.draw.calc_figures import short
from cnnviz.train import checkpoints
from cnnviz.uploads import images

CHECKPOINT = ROOT / "checkpoints" / "fashion_cnn_fashion.keras"


@pytest.fixture(scope="module")
def shipped() -> tuple[object, np.ndarray]:
    """The shipped model and its featured sample (the ankle boot) as input, loaded here, not by the page."""
    model, _ = checkpoints.load(CHECKPOINT)
    ds = data.load_dataset("fashion_mnist_sample")
    index = data.featured_sample(ds)
    x = evaluation.fit_to_input(ds.x_test[index:index + 1], images.model_input_spec(model))
    return model, x


def metrics(app) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def test_numbers_equal_conv_at_and_follow_the_sliders(shipped) -> None:
    model, x = shipped
    found = activations.feature_maps(model, x, ["conv1"])["conv1"][:, :, 0]
    strongest = np.unravel_index(np.argmax(found), found.shape)
    app = open_page("computation", calc="numbers", layer="conv1")
    assert app.selectbox(key="layer").value == "conv1"
    seen = set()
    for row, col in [(int(strongest[0]), int(strongest[1])), (0, 0)]:
        app.slider(key="calc_row").set_value(row).run()
        app.slider(key="calc_col").set_value(col).run()
        assert not app.exception and not app.error
        step = arithmetic.conv_at(model, x, "conv1", row, col, 0)
        shown = metrics(app)
        assert shown["Output (worked out)"] == short(step.output)
        assert shown["Keras's feature map"] == f"{step.map_value:.7g}"
        equation = [m.value for m in app.markdown if m.value.startswith("Σ products")][0]
        assert f"bias {short(step.bias)}" in equation and f"= **{short(step.output)}**" in equation
        assert f"output row {row}, column {col}" in app.markdown[0].value or any(
            f"output row {row}, column {col}" in m.value for m in app.markdown)
        seen.add(shown["Output (worked out)"])
    assert len(seen) == 2  # the strongest unit and the blank corner differ


def test_second_conv_sums_over_input_channels(shipped) -> None:
    model, x = shipped
    app = open_page("computation", calc="numbers", layer="conv2")
    app.slider(key="calc_row").set_value(5).run()
    app.slider(key="calc_col").set_value(6).run()
    app.selectbox(key="calc_channel").set_value(3).run()
    step = arithmetic.conv_at(model, x, "conv2", 5, 6, 3)
    assert metrics(app)["Output (worked out)"] == short(step.output)
    assert any("(input channels: 32)" in m.value for m in app.markdown)
    assert len(step.input_channels) == 32
    assert step.total == pytest.approx(float(step.channel_sums.sum()))


def test_pooling_layer(shipped) -> None:
    model, x = shipped
    app = open_page("computation", calc="numbers", layer="pool1")
    app.slider(key="calc_row").set_value(7).run()
    app.slider(key="calc_col").set_value(6).run()
    assert not app.exception and not app.error
    step = arithmetic.pool_at(model, x, "pool1", 7, 6, 0)
    assert metrics(app)["Output (worked out)"] == short(step.output)
    text = [m.value for m in app.markdown if m.value.startswith("Max pooling")][0]
    i, j = step.winner
    assert f"row {step.placement.rows[i]}, column {step.placement.cols[j]}" in text


def test_numbers_in_korean_and_presenting() -> None:
    app = run_korean("computation", calc="numbers", layer="conv2")
    assert not app.exception and not app.error
    assert english_left(app) == []
    assert metrics(app).get(i18n.t("calc.output", "ko")) is not None
    app = open_page("computation", calc="numbers", present="1")
    assert metrics(app)


def test_sandbox_explains_an_impossible_combination() -> None:
    app = open_page("computation", calc="sandbox")
    assert metrics(app)["Output size"] == "3 × 3"
    assert any("`(7 − 3 + 2×0)/2 + 1 = 3`" in m.value for m in app.markdown)
    app.number_input(key="sb_k").set_value(4).run()
    app.number_input(key="sb_d").set_value(3).run()  # span 4 + 3×2 = 10 > 7
    assert not app.exception and not app.error
    assert [w.value for w in app.warning] == [i18n.t("error.calc_no_output", span=10, padded=7, n=7, before=0,
                                                     after=0, formula="⌊(7 − 10 + 0)/2⌋ + 1 = -1")]
    assert metrics(app) == {}
    app.radio(key="sb_pad_mode").set_value("same").run()
    assert metrics(app)["Output size"] == "4 × 4"
    assert any("max((4 − 1)×2 + 10 − 7, 0) = 9" in i.value for i in app.info)


def test_sandbox_in_korean() -> None:
    app = run_korean("computation", calc="sandbox")
    assert english_left(app) == []
    app = page_test("computation")  # a fresh run: on a rerun AppTest formats the radio's options in English
    app.query_params["lang"], app.query_params["calc"] = "ko", "sandbox"
    app.session_state["sb_k"] = 9
    app.run()
    assert not app.exception and not app.error
    assert app.warning[0].value.startswith("출력이 없습니다")
    assert english_left(app) == []
