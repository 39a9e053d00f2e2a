"""Browser tests of the Inception and Residual labs: the branches on a picture, gradients through depth."""

from __future__ import annotations

import pytest
from test_e2e import assert_no_traceback, browser, page, screenshot, server, settle  # noqa: F401 - fixtures

from cnnviz.analysis import modules
from cnnviz.core import i18n

pytestmark = pytest.mark.e2e


def test_inception_lab_shows_the_branches_of_mini_googlenet(server: str, page: object) -> None:  # noqa: F811
    page.goto(f"{server}/labs?lab=inception&model=zoo:mini_googlenet")
    page.get_by_text("inc3a_concat: 4 branches").first.wait_for()
    settle(page)
    assert_no_traceback(page)
    body = page.inner_text("body")
    assert "[16, 48)" in body  # inc3a_3x3's 32 channels, after inc3a_1x1's 16
    classic = modules.compare_inception((28, 28, 192))  # the table is drawn on a canvas: read its summary
    assert i18n.t("lab.inception.cost_summary", params=f"{classic.param_ratio:.0%}",
                  macs=f"{classic.mac_ratio:.0%}", channels=192) in body
    page.locator("[data-testid=stPlotlyChart]").first.scroll_into_view_if_needed()
    assert page.locator(".js-plotly-plot").count() >= 1
    screenshot(page, "labs_inception")


def test_residual_lab_measures_gradients_with_and_without_skips(server: str, page: object) -> None:  # noqa: F811
    page.goto(f"{server}/labs?lab=residual&model=zoo:mini_resnet")
    page.get_by_text("Shortcut:").first.wait_for()
    settle(page)
    assert page.locator("[data-testid=stPlotlyChart]").count() == 0
    page.get_by_role("button", name=i18n.t("lab.residual.measure")).click()
    page.get_by_text("Without skips: first convolution").first.wait_for(timeout=120_000)
    settle(page)
    assert_no_traceback(page)
    chart = page.locator("[data-testid=stPlotlyChart]")
    chart.first.wait_for(timeout=30_000)  # plotly's component loads lazily, after the text around it
    assert chart.count() == 1
    chart.scroll_into_view_if_needed()
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() == 2  # with and without skips
    screenshot(page, "labs_residual")
