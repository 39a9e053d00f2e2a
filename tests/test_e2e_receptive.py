"""Browser test of the receptive-field view: clicking a unit of the layer's map moves the box to that unit's."""

from __future__ import annotations

import pytest
from e2e_server import ROOT
from test_e2e import assert_no_traceback, browser, page, screenshot, server, settle  # noqa: F401 - fixtures

from cnnviz.analysis import receptive
from cnnviz.core import i18n
from cnnviz.train import checkpoints

pytestmark = pytest.mark.e2e


def box_sentence(layer: str, row: int, col: int) -> str:
    """The sentence the view writes for a unit, computed here with the library (markdown bold removed)."""
    model = checkpoints.load(ROOT / "checkpoints" / "fashion_cnn_fashion.keras")[0]
    box = receptive.unit_box(model, layer, row, col)
    top, left, bottom, right = box.rect
    text = i18n.t("calc.rf.box", layer=layer, row=row, col=col, top=top, bottom=bottom - 1, left=left,
                  right=right - 1, height=box.height, width=box.width)
    return text.replace("**", "")


def test_click_a_unit_and_see_its_box(server: str, page: object) -> None:  # noqa: F811
    page.goto(f"{server}/computation?calc=receptive&layer=conv2")
    page.get_by_text(box_sentence("conv2", 7, 7)).wait_for()  # the centre unit of the 14×14 map at first
    settle(page)
    row, col, width = 2, 11, 14
    points = page.locator(".js-plotly-plot").first.locator(".scatterlayer .trace .points path")
    points.nth(width * width - 1).wait_for(state="attached")  # plotly draws a moment after the script ends
    assert points.count() == 14 * 14
    points.nth(row * width + col).click(force=True)
    page.get_by_text(box_sentence("conv2", row, col)).wait_for()
    settle(page)
    assert_no_traceback(page)
    assert page.get_by_text(box_sentence("conv2", 7, 7)).count() == 0
    page.get_by_text(i18n.t("calc.rf.row")).scroll_into_view_if_needed()  # the sliders, three figures, the text
    page.mouse.wheel(0, 250)
    page.wait_for_timeout(500)
    screenshot(page, "computation_receptive")


def test_korean_view_and_the_architecture_lesson(server: str, page: object) -> None:  # noqa: F811
    page.goto(f"{server}/computation?calc=receptive&layer=pool2&lang=ko")
    page.get_by_text(i18n.t("calc.rf.field_title", "ko")).first.wait_for()
    settle(page)
    assert_no_traceback(page)
    screenshot(page, "computation_receptive_ko")
    page.goto(f"{server}/architecture")
    page.get_by_text(i18n.t("arch.lesson_3x3")).click()
    page.get_by_text(i18n.t("calc.rf.lesson_stacked")).first.wait_for()
    settle(page)
    page.get_by_text(i18n.t("arch.lesson_3x3")).scroll_into_view_if_needed()
    screenshot(page, "architecture_3x3_growth")
