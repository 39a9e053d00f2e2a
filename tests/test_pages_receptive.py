"""The receptive-field view of the Computation page and the Architecture page's 3×3 lesson, under AppTest:
the numbers shown equal the library's, called here directly, in English and in Korean."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT, open_page, page_test
from test_korean import english_left, run_korean

from cnnviz import data
from cnnviz.analysis import receptive
from cnnviz.core import i18n
from cnnviz.models import arch
from cnnviz.train import checkpoints

SHIPPED = ROOT / "checkpoints" / "fashion_cnn_fashion.keras"


@pytest.fixture(scope="module")
def model():  # noqa: ANN201 - a keras.Model
    return checkpoints.load(SHIPPED)[0]


def box_text(layer: str, row: int, col: int, box: receptive.ReceptiveBox, lang: str = "en") -> str:
    top, left, bottom, right = box.rect
    return i18n.t("calc.rf.box", lang, layer=layer, row=row, col=col, top=top, bottom=bottom - 1, left=left,
                  right=right - 1, height=box.height, width=box.width)


def test_box_shown_is_the_library_box(model) -> None:  # noqa: ANN001
    app = open_page("computation", calc="receptive", layer="conv2")
    app.slider(key="rf_row").set_value(0).run()
    app.slider(key="rf_col").set_value(9).run()
    assert not app.exception and not app.error
    box = receptive.unit_box(model, "conv2", 0, 9)
    texts = [m.value for m in app.markdown]
    assert box_text("conv2", 0, 9, box) in texts
    # by hand: conv2 (3×3 same, pad 1) row 0 → pool1 rows −1…1 → conv1 rows −2…3 → input rows −3…4 (8 rows);
    # only pool1 rows 0…1 exist → conv1 0…3 → input −1…4, clipped 0…4. Column 9 → 8…10 → 16…21 → 15…22.
    assert box.rect == (0, 15, 5, 23) and box.full == (-3, 15, 5, 23)
    table = {r.name: r for r in arch.layer_table(model)}
    window = i18n.t("calc.rf.window", fheight=8, fwidth=8, ftop=-3, fbottom=4, fleft=15, fright=22,
                    rf=table["conv2"].receptive_label)
    assert window in texts
    assert i18n.t("calc.rf.padding", pixels=8 * 8 - 5 * 8, total=64) in texts
    share = [t for t in texts if "of the gradient falls" in t]
    assert share and share[0].endswith("and 0% outside the box.")


def test_other_layer_and_unit(model) -> None:  # noqa: ANN001
    app = open_page("computation", calc="receptive", layer="pool2")
    app.slider(key="rf_row").set_value(3).run()
    app.slider(key="rf_col").set_value(6).run()
    box = receptive.unit_box(model, "pool2", 3, 6)
    assert box_text("pool2", 3, 6, box) in [m.value for m in app.markdown]
    assert (box.full_height, box.full_width) == (10, 10)  # the layer table's 10 for pool2


def test_korean_without_english(model) -> None:  # noqa: ANN001
    app = run_korean("computation", calc="receptive", layer="conv1")
    assert not app.error, [e.value for e in app.error]
    left = english_left(app)
    assert not left, "\n".join(left)
    box = receptive.unit_box(model, "conv1", 14, 14)
    assert box_text("conv1", 14, 14, box, "ko") in [m.value for m in app.markdown]


def test_presenter_mode() -> None:
    app = page_test("computation")  # presenter mode is set up by streamlit_app.py: switch it on here
    app.query_params["calc"] = "receptive"
    app.session_state["present"] = True
    app.run()
    assert not app.exception and not app.error
    assert len(app.get("plotly_chart")) == 3
    assert any(e.label == i18n.t("present.settings") for e in app.expander)


def test_architecture_lesson_shows_three_five_five() -> None:
    app = open_page("architecture")
    growth = receptive.stacked_growth()
    sizes = [receptive.box_size(r)[0] for r in (*growth.stacked, growth.single)]
    assert sizes == [3, 5, 5]
    caption = i18n.t("calc.rf.lesson_caption", size=growth.size, first="3×3", second="5×5", single="5×5")
    assert caption in [c.value for c in app.caption]
    chart = next(c for c in app.get("plotly_chart") if "rf_growth" in c.proto.id)
    assert len(re.findall(r'"name":"after conv', chart.proto.spec)) == 3


def test_architecture_lesson_in_korean() -> None:
    app = run_korean("architecture")
    assert i18n.t("calc.rf.lesson_caption", "ko", size=11, first="3×3", second="5×5", single="5×5") in [
        c.value for c in app.caption]
    assert not english_left(app)


def test_featured_sample_is_the_one_shown() -> None:
    ds = data.load_dataset("fashion_mnist_sample")
    app = open_page("computation", calc="receptive")
    assert app.number_input(key="sample").value == data.featured_sample(ds)
