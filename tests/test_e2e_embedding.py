"""Browser test of the Embedding map: open it, click a point, see that image's panel with its class."""

from __future__ import annotations

import re

import pytest
from test_e2e import assert_no_traceback, browser, page, screenshot, server, settle  # noqa: F401 (fixtures)

from cnnviz import data

pytestmark = pytest.mark.e2e

# The pixel centre of the most isolated point of the first class on the first chart, and its image index,
# computed from plotly's own data and axes (so the click cannot land on a neighbour of another class).
ISOLATED_POINT = """() => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  const full = gd._fullLayout, box = gd.getBoundingClientRect();
  const px = (x, y) => [box.left + full._size.l + full.xaxis.d2p(x),
                        box.top + full._size.t + full.yaxis.d2p(y)];
  const all = [];
  gd.calcdata.forEach((points, t) => points.forEach((p, i) => all.push([t, i, ...px(p.x, p.y)])));
  let best = null;
  for (const [t, i, x, y] of all.filter(p => p[0] === 0)) {
    const others = all.filter(q => q[0] !== t || q[1] !== i);
    const gap = Math.min(...others.map(q => Math.hypot(q[2] - x, q[3] - y)));
    if (!best || gap > best.gap) best = {gap, x, y, index: gd.data[0].customdata[i], name: gd.data[0].name};
  }
  return best;
}"""


def test_click_a_point_and_see_its_image(server: str, page: object) -> None:  # noqa: F811
    ds = data.load_dataset("fashion_mnist_sample")
    page.goto(f"{server}/embedding")
    page.get_by_text("Classes are").first.wait_for()
    page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first.wait_for()
    settle(page)
    assert page.locator("[data-testid=stPlotlyChart]").count() == 2
    target = page.evaluate(ISOLATED_POINT)
    assert target["name"] == ds.class_names[0] and target["index"] != 0
    page.mouse.move(target["x"], target["y"])
    page.wait_for_timeout(300)
    page.mouse.click(target["x"], target["y"])
    heading = page.get_by_text(f"Image #{target['index']}", exact=True)
    heading.wait_for(timeout=60_000)
    settle(page)
    body = page.inner_text("body")
    truth = ds.class_names[int(ds.y_test[target["index"]])]
    assert truth == target["name"]
    assert re.search(rf"true label:\s*{re.escape(truth)}", body), body[-2000:]
    number = page.get_by_label("Image number (click a point, or type its number)")
    assert number.input_value() == str(target["index"])
    assert "Grad-CAM for" in body
    assert_no_traceback(page)
    page.wait_for_timeout(3000)
    settle(page)
    page.get_by_text("conv1: 32 feature maps").first.scroll_into_view_if_needed()  # the panel, for the README
    screenshot(page, "embedding")

    page.get_by_role("button", name="Open this image on Feature maps").click()
    page.wait_for_url("**/feature_maps**", timeout=30_000)
    page.get_by_text("What the model sees").first.wait_for(timeout=60_000)
    settle(page)
    assert page.get_by_label("Test image number").input_value() == str(target["index"])
    assert_no_traceback(page)
