"""Browser test of the numbers view: clicking a unit of the feature map works out that unit's value."""

from __future__ import annotations

import numpy as np
import pytest
from e2e_server import ROOT
from test_e2e import assert_no_traceback, browser, page, screenshot, server, settle  # noqa: F401 - fixtures

from cnnviz import data
from cnnviz.analysis import activations, arithmetic, evaluation
from cnnviz.core import i18n
from cnnviz.draw.calc_figures import short
from cnnviz.train import checkpoints
from cnnviz.uploads import images

pytestmark = pytest.mark.e2e


def strongest_step(layer: str, channel: int = 0) -> arithmetic.ConvStep:
    """The strongest unit worked out in this process, on the shipped model and its featured ankle boot."""
    model = checkpoints.load(ROOT / "checkpoints" / "fashion_cnn_fashion.keras")[0]
    ds = data.load_dataset("fashion_mnist_sample")
    index = data.featured_sample(ds)
    x = evaluation.fit_to_input(ds.x_test[index:index + 1], images.model_input_spec(model))
    found = activations.feature_maps(model, x, [layer])[layer]
    row, col = (int(i) for i in np.unravel_index(np.argmax(found[:, :, channel]), found.shape[:2]))
    assert found[row, col, channel] != found[14, 14, channel]  # the click must change the numbers
    return arithmetic.conv_at(model, x, layer, row, col, channel)


def test_click_a_feature_map_pixel_and_read_its_numbers(server: str, page: object) -> None:  # noqa: F811
    step = strongest_step("conv1")
    row, col, width = step.row, step.col, 28
    page.goto(f"{server}/computation?calc=numbers&layer=conv1")
    page.get_by_text(i18n.t("calc.output")).first.wait_for()
    settle(page)
    assert "output row 14, column 14" in page.inner_text("body")  # the centre unit at first
    points = page.locator(".st-key-calc_map .scatterlayer .trace .points path")
    assert points.count() == 28 * 28
    points.nth(row * width + col).click(force=True)
    page.get_by_text(f"output row {row}, column {col}").first.wait_for()
    settle(page)
    values = page.locator("[data-testid=stMetricValue]").all_inner_texts()
    assert values[:2] == [short(step.output), f"{step.map_value:.7g}"]
    body = page.inner_text("body")
    assert f"relu({short(step.pre_activation)}) = {short(step.output)}" in body
    assert_no_traceback(page)
    screenshot(page, "computation_numbers")


def test_sandbox_shows_the_formula(server: str, page: object) -> None:  # noqa: F811
    page.goto(f"{server}/computation?calc=sandbox")
    page.get_by_text("(7 − 3 + 2×0)/2 + 1 = 3").first.wait_for()
    for chart in ("sb_grid", "sb_positions"):
        page.locator(f".st-key-{chart} .heatmaplayer").first.wait_for()
    settle(page)
    assert_no_traceback(page)
    screenshot(page, "computation_sandbox")
