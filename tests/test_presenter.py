"""Presenter mode in a real browser at 1920×1080: text sizes measured on screen, the key picture above the fold.

Every visible text in the main area is measured as drawn: HTML text by its computed font size, SVG text
(plotly charts, the Graphviz diagram) by its font size times the scale the SVG is drawn at, and the labels
baked into the prediction grids by the size Pillow draws them at times the scale the image is shown at.
Run with `-s` to see the smallest size per page while presenting.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from a11y import audit, blocking, counts, wordless
from test_e2e import PAGES, assert_no_traceback, browser, server, settle  # noqa: F401 (fixtures)

from app_state import present
from cnnviz.draw import render

pytestmark = pytest.mark.e2e
WIDTH, HEIGHT = 1920, 1080
# test_e2e's PAGES with the other five: every page, each with a text that shows once its body is drawn
ALL_PAGES = {**PAGES, "computation": "Convolution on real numbers", "labs": "Inception module",
             "compare": "Learning curves", "embedding": "Each dot is one test image",
             "filters": "Dead units in every layer"}
KEY_PICTURES = {  # page: the element a class came to see
    "architecture": "[data-testid=stGraphVizChart]",
    "explain": "[data-testid=stImage] img",
    "feature_maps": "[data-testid=stTabs] [data-testid=stImage] img",
    "train": "[data-testid=stPlotlyChart]",
}

# Each visible text node of the main area: its size in CSS pixels as drawn, and where it is.
MEASURE = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const shown = el => {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.opacity !== '0'
      && !el.closest('[aria-hidden=true], .modebar, .hoverlayer');
  };
  const found = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el || !shown(el)) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) { const m = el.getScreenCTM(); if (m) px *= Math.hypot(m.a, m.b); }
    const kind = el.closest('.js-plotly-plot') ? 'plotly' : el.closest('[data-testid=stGraphVizChart]')
      ? 'diagram' : el.closest('[data-testid=stCaptionContainer]') ? 'caption'
      : el.closest('label, button, summary, [role=tab], [data-testid=stWidgetLabel], [data-testid=stMetricLabel], '
        + '[data-testid=stMetricDelta]')
      ? 'label' : el.closest('[data-testid=stMarkdown] p, [data-testid=stMarkdown] li') ? 'body' : 'other';
    found.push({px: Math.round(px * 10) / 10, kind, text: node.textContent.trim().slice(0, 40)});
  }
  const images = [...main.querySelectorAll('[data-testid=stImage] img')].filter(shown)
    .map(img => ({natural: img.naturalWidth, shown: img.getBoundingClientRect().width}));
  return {texts: found, images};
}"""




@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def grid_label_px(natural: int, shown: float, presenting: bool) -> float | None:
    """The drawn size of a prediction grid's labels, or None when `natural` is no prediction grid's width."""
    tile, size = (present.GRID_TILE_PX, present.GRID_LABEL_PX) if presenting else (96, render.PIL_DEFAULT_PX)
    if natural != 8 * (tile + 6):  # 8 columns of tile + a 3-pixel frame each side
        return None
    return size * shown / natural


def open_view(page: object, server: str, name: str, query: str) -> dict[str, object]:
    """Open `name` with `query`, start a training on Train, and measure what is on screen."""
    page.goto(f"{server}/{'' if name == 'home' else name}{query}")
    page.get_by_text(ALL_PAGES[name]).first.wait_for()
    settle(page)
    if "present=1" in query:  # the view's style sheet is in place (it comes with the script run's first elements)
        page.wait_for_function(f"getComputedStyle(document.documentElement).fontSize === '{present.BODY_PX}px'")
    if name == "train":
        page.get_by_role("button", name="Start training").click()
        page.locator("[data-testid=stPlotlyChart] .main-svg").first.wait_for()
        page.wait_for_timeout(1500)
    assert_no_traceback(page)
    page.locator("[data-testid=stMain] img").evaluate_all(  # images below the fold load lazily: load them
        "imgs => Promise.all(imgs.map(i => { i.loading = 'eager'; return i.decode().catch(() => null); }))")
    measured = page.evaluate(MEASURE)
    presenting = "present=1" in query
    baked = [grid_label_px(i["natural"], i["shown"], presenting) for i in measured["images"]]
    measured["baked"] = [px for px in baked if px is not None]
    if name in KEY_PICTURES:
        key = page.locator(KEY_PICTURES[name]).first
        key.wait_for(state="visible")
        measured["key_top"] = key.bounding_box()["y"]
    stop = page.get_by_role("button", name="Stop", exact=True)
    if name == "train" and stop.count() and stop.is_enabled():  # greyed once the run has ended
        stop.click()
    return measured


def smallest(measured: dict[str, object]) -> tuple[float, str]:
    """The smallest text size drawn (HTML, SVG or baked into an image) and which text it is."""
    sizes = [(t["px"], f"{t['kind']}: {t['text']!r}") for t in measured["texts"]]
    sizes += [(round(px, 1), "label in a prediction grid") for px in measured["baked"]]
    return min(sizes)


@pytest.mark.parametrize("name", list(ALL_PAGES))
def test_presenter_mode_is_readable_from_the_back_of_the_room(server: str, page: object, name: str) -> None:
    after = open_view(page, server, name, "?present=1")
    print(f"\n{name}: smallest text {smallest(after)} presenting")
    assert "present=1" in page.url  # the link keeps the mode
    low, where = smallest(after)
    assert low >= render.MIN_PRESENT_PX, f"{where} is {low} px"
    # Every text of the page itself (paragraphs, captions, labels, tables, code; not the figures' SVG text)
    small_text = [(t["px"], t["kind"], t["text"]) for t in after["texts"]
                  if t["kind"] not in ("plotly", "diagram") and t["px"] < present.MIN_BODY_PX]
    assert not small_text, f"text under {present.MIN_BODY_PX} px: {small_text}"
    if name in KEY_PICTURES:
        print(f"{name}: key picture top at {after['key_top']:.0f} px presenting")
        assert after["key_top"] < HEIGHT, f"the key picture starts at {after['key_top']} px, below the fold"
    if name == "evaluate":
        assert after["baked"], "no prediction grid measured"
    # presenter mode is a view of its own for axe-core too: nothing serious or critical, every picture worded
    found = audit(page)
    print(f"{name}: axe-core, presenting: {counts(found) or 'none'}")
    assert not blocking(found), "\n".join(blocking(found))
    assert not wordless(page), wordless(page)
    if name in ("architecture", "feature_maps", "evaluate", "weights", "train"):
        assert any(t["kind"] in ("plotly", "diagram") for t in after["texts"]), "no figure text measured"


def test_hide_sidebar_and_controls_hand_out_a_simple_view(server: str, page: object) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server}/architecture?present=1&hide=controls,sidebar,bogus")
    page.get_by_text("Layer table").first.wait_for()
    settle(page)
    expect(page.locator("[data-testid=stGraphVizChart]").first).to_be_visible()
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()
    expect(page.locator("[data-testid=stMain] [data-testid=stSelectbox]").first).to_be_hidden()
    assert "hide=sidebar%2Ccontrols" in page.url or "hide=sidebar,controls" in page.url, page.url
    assert "bogus" not in page.url
    assert_no_traceback(page)
