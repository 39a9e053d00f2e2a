"""Browser tests of figure layout at 1920×1080: plotly's mode bar covers no chart, the live curves never jump.

Measured from plotly's own DOM (`.modebar`, the plot area `.nsewdrag`) in Chromium, normally and presenting.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from test_e2e import assert_no_traceback, browser, server, settle  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e
WIDTH, HEIGHT = 1920, 1080
MODES = {"normal": "", "presenting": "?present=1"}

# The first plotly chart holding a heat map (`heatmap`) or else the first one: its mode bar, plot area, rows,
# legend and axes, as page rectangles [left, top, right, bottom].
MEASURE = """(heatmap) => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const plot = heatmap ? plots.find(p => p.data && p.data[0] && p.data[0].type === 'heatmap') : plots[0];
  if (!plot) return null;
  const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
                     return [r.left, r.top + scrollY, r.right, r.bottom + scrollY]; };
  const first = (plot.data || [])[0];
  const rows = first && first.y ? first.y.length : 0;
  return {modebar: box(plot.querySelector('.modebar')), area: box(plot.querySelector('.nsewdrag')), rows,
          legend: box(plot.querySelector('.legend')), xticks: box(plot.querySelector('.xaxislayer-above')),
          yticks: box(plot.querySelector('.yaxislayer-above')), xtitle: box(plot.querySelector('.xtitle')),
          chart: box(plot.closest('[data-testid=stPlotlyChart]'))};
}"""


def overlap(a: list[float] | None, b: list[float] | None) -> bool:
    """Whether two rectangles [left, top, right, bottom] share any area."""
    return bool(a and b) and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.fixture
def page(browser: object) -> Iterator[object]:  # noqa: F811 (the fixture `browser` above)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


@pytest.mark.parametrize("mode", list(MODES))
def test_the_mode_bar_covers_no_cell_of_the_confusion_matrix(server: str, page: object, mode: str) -> None:
    page.goto(f"{server}/evaluate{MODES[mode]}")
    page.get_by_text("Confusion matrix").first.wait_for()
    settle(page)
    page.locator(".js-plotly-plot .nsewdrag").first.wait_for()
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    chart.hover()  # the mode bar shows while the pointer is over the chart
    page.wait_for_timeout(300)
    found = page.evaluate(MEASURE, True)
    assert found and found["modebar"] and found["area"] and found["rows"] >= 2, found
    left, top, right, bottom = found["area"]
    top_row = [left, top, right, top + (bottom - top) / found["rows"]]
    assert not overlap(found["modebar"], top_row), f"mode bar {found['modebar']} over the top row {top_row}"
    assert found["modebar"][3] <= top, "the mode bar reaches into the plot area"
    assert_no_traceback(page)


def chart_box(page: object) -> list[float] | None:
    """The live loss chart's container on the page (None before it shows)."""
    found = page.evaluate(MEASURE, False)
    return found["chart"] if found else None


@pytest.mark.parametrize("mode", list(MODES))
def test_the_live_curves_stay_put_from_the_start_of_a_run_to_its_end(server: str, page: object, mode: str) -> None:
    page.goto(f"{server}/train{MODES[mode]}")
    page.get_by_text("Start training").first.wait_for()
    settle(page)
    if mode == "presenting":  # the settings are folded away
        page.get_by_text("Settings", exact=True).first.click()
    epochs = page.get_by_role("slider").nth(2)  # learning rate, batch size, epochs
    epochs.focus()
    page.keyboard.press("Home")  # one epoch: the shortest run
    settle(page)
    page.get_by_role("button", name="Start training").click()
    seen: list[list[float]] = []
    statuses: set[str] = set()
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline and "Saved checkpoint" not in page.inner_text("body"):
        box = chart_box(page)
        if box:
            seen.append(box)
        statuses.update(page.locator("[data-testid=stProgress]").all_inner_texts())
        page.wait_for_timeout(150)
    assert "Saved checkpoint" in page.inner_text("body"), "the run did not finish in 45 s"
    settle(page)
    after = chart_box(page)
    assert seen, "the chart never showed while the run was going"
    for during in seen:
        assert abs(during[1] - after[1]) <= 1 and abs((during[3] - during[1]) - (after[3] - after[1])) <= 1, (
            f"the chart moved: {during} while running, {after} after the run")
    assert not any("0/0" in status for status in statuses), statuses  # 'Starting…', never 'epoch 0/0'
    found = page.evaluate(MEASURE, False)
    for part in ("area", "xticks", "yticks", "xtitle", "modebar"):
        assert not overlap(found["legend"], found[part]), f"the legend {found['legend']} covers {part} {found[part]}"
    assert_no_traceback(page)
