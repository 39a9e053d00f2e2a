"""Every student can use it, measured in Chromium: axe-core, the pictures' words, the keyboard and 200% zoom.

- axe-core's WCAG 2.0/2.1 A and AA rules report no serious or critical violation on any page: in English
  with the shipped checkpoint, clicked through from the sidebar, and on each page switched to Korean and back;
  in Korean with an uploaded `.keras` model; with a zoo model (LeNet-5) at 200% zoom (a 1280 px window: 640
  CSS pixels); presenter mode is audited on every page by tests/test_presenter.py. Each page's moderate and
  minor findings are printed (`-s`).
- Every picture in the main area (images, charts, the diagram) has words for a screen reader.
- At 200% zoom nothing needs scrolling sideways (WCAG 1.4.4 and 1.4.10).
- Lesson 1 from its first step to its last, and a unit of a feature map, with the keyboard only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from a11y import audit, blocking, counts, pictures, wordless
from test_e2e import PAGES, assert_no_traceback, browser, screenshot, server, settle  # noqa: F401 (fixtures)
from test_presenter import ALL_PAGES

from cnnviz.core import i18n
from cnnviz.teach import lessons

pytestmark = pytest.mark.e2e
ORDER = list(ALL_PAGES)  # the sidebar's order (streamlit_app.PAGES)


def title(name: str, lang: str) -> str:
    """The page's heading, as the page writes it."""
    return i18n.t("app.title" if name == "home" else f"nav.{name}", lang)


def new_page(browser: object, locale: str = "en-US", width: int = 1400, height: int = 1000,
             scale: float = 1) -> tuple[object, object]:
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale,
                                  locale=locale)
    page = context.new_page()
    page.set_default_timeout(90_000)
    return context, page


def finished(page: object) -> None:
    """Wait until the script run has ended (Streamlit's own state on the app; at 640 px its "Running…" sign is
    not shown), then until the pictures are painted."""
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=120_000)
    settle(page)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=120_000)


def go_by_sidebar(page: object, name: str, lang: str) -> None:
    """Click the page's link in the sidebar, as a student does, and wait for the page to be drawn."""
    page.locator("[data-testid=stSidebarNav] a").filter(has_text=i18n.t(f"nav.{name}", lang)).first.click()
    page.locator("[data-testid=stMain] h1").filter(has_text=title(name, lang)).first.wait_for()
    finished(page)


def check(page: object, where: str, report: list[str]) -> list[dict]:
    """axe-core finds nothing serious or critical, every picture has words, no traceback; findings kept.

    Returns the main area's pictures with their words."""
    assert_no_traceback(page)
    found = audit(page)
    shown = pictures(page)
    report.append(f"{where}: {counts(found) or 'none'}; {len(shown)} pictures, "
                  f"e.g. {(shown[0]['words'] or '')[:90]!r}" if shown else f"{where}: {counts(found) or 'none'}")
    assert not blocking(found), f"{where}: " + "\n".join(blocking(found))
    assert not wordless(page), f"{where}: pictures without words {wordless(page)}"
    return shown


# pages whose pictures a student came for: each has some in every pass
PICTURE_PAGES = ("architecture", "weights", "kernels", "feature_maps", "evaluate", "explain",
                 "computation", "labs", "embedding", "filters")


def choose_language(page: object, label: str, option: str, lang: str) -> None:
    """Pick a language in the sidebar's select box and wait for the page to be drawn in it."""
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(has_text=label).first.click()
    page.get_by_role("option").filter(has_text=re.compile(f"^{re.escape(option)}$")).first.click()
    page.wait_for_url(re.compile(f"lang={lang}"))
    page.locator("[data-testid=stSidebarNav]").get_by_text(i18n.t("nav.home", lang)).wait_for()
    finished(page)


def select_values(page: object) -> list[str]:
    """What every select box shows, as a person reads it."""
    return page.evaluate("() => [...document.querySelectorAll('[data-testid=stSelectbox] input')].map(i => i.value)")


ENGLISH_ONLY = {i18n.t("train.init_default", "en"), i18n.t("lesson.none", "en"), "English",
                i18n.t("data.title.fashion_mnist_sample", "en")}


def test_every_page_in_english_and_switched_to_korean(server: str, browser: object) -> None:
    """Clicked through from the sidebar in English; on each page the language is switched to Korean (the
    select boxes follow, axe-core again) and back."""
    context, page = new_page(browser)
    report: list[str] = []
    page.goto(server)
    page.get_by_text(ALL_PAGES["home"]).first.wait_for()
    finished(page)
    for name in ORDER:
        if name != "home":
            go_by_sidebar(page, name, "en")
        page.get_by_text(ALL_PAGES[name]).first.wait_for()
        finished(page)
        shown = check(page, f"en {name}", report)
        assert shown or name not in PICTURE_PAGES, f"{name}: no picture drawn"
        if name in PAGES and name != "train":  # the README's page pictures (Train's is taken mid-run, others
            screenshot(page, name)              # by each page's own test)
        choose_language(page, i18n.t("sidebar.language", "en"), "한국어", "ko")
        left = sorted(set(select_values(page)) & ENGLISH_ONLY)
        assert not left and "한국어" in select_values(page), f"{name}: select boxes in English: {left}"
        check(page, f"ko {name}", report)
        choose_language(page, i18n.t("sidebar.language", "ko"), "English", "en")
        assert "English" in select_values(page)
    print("\n" + "\n".join(report))
    context.close()


def small_model(path: Path) -> Path:
    """A student's own small CNN for 28×28 grey images and ten classes, saved as .keras (untrained)."""
    import keras

    inputs = keras.Input((28, 28, 1), name="image")
    x = keras.layers.Conv2D(6, 3, activation="relu", name="my_conv")(inputs)
    x = keras.layers.MaxPooling2D(name="my_pool")(x)
    x = keras.layers.Conv2D(8, 3, activation="relu", name="my_conv2")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    keras.Model(inputs, keras.layers.Dense(10, activation="softmax", name="classes")(x)).save(path)
    return path


def test_every_page_in_korean_with_an_uploaded_model(server: str, browser: object, tmp_path: Path) -> None:
    context, page = new_page(browser, locale="ko-KR")
    report: list[str] = []
    page.goto(f"{server}/?lang=ko")
    page.locator("[data-testid=stMain] h1").filter(has_text=title("home", "ko")).first.wait_for()
    settle(page)
    box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(
        has_text=i18n.t("sidebar.model", "ko")).first
    box.click()
    if page.get_by_role("option").count() == 0:  # under a ko-KR locale a click only focuses the box
        page.keyboard.press("ArrowDown")
    page.get_by_role("option").filter(has_text=i18n.t("sidebar.upload_model", "ko")).first.click()
    settle(page)
    uploader = page.locator("[data-testid=stSidebar] [data-testid=stFileUploader]").filter(has_text=".keras")
    uploader.locator("input[type=file]").set_input_files(str(small_model(tmp_path / "my_cnn.keras")))
    page.get_by_text("my_cnn.keras").first.wait_for()
    settle(page)
    for name in ORDER:
        go_by_sidebar(page, name, "ko")
        shown = check(page, f"ko upload {name}", report)
        assert shown or name not in PICTURE_PAGES, f"{name}: no picture drawn"
        assert "lang=ko" in page.url
        assert page.evaluate("document.documentElement.lang") == "ko"  # read in Korean by a screen reader
        skip = page.locator("[data-testid=stSkipToContent]").text_content()
        assert skip == i18n.t("a11y.skip_to_content", "ko"), skip  # Streamlit's own first Tab stop, in Korean
    print("\n" + "\n".join(report))
    context.close()


# A window of 1280×800 at 200% zoom: what the page gets is 640×400 CSS pixels drawn at twice the density.
ZOOMED = {"width": 640, "height": 400, "scale": 2}
OVERFLOW = """() => { const d = document.documentElement, main = document.querySelector('[data-testid=stMain]');
  const out = [...main.querySelectorAll('img, svg, canvas, table, p, h1, h2, h3, button, label')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('[data-testid=stDataFrame]'))
    .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 30));
  return {page: d.scrollWidth - d.clientWidth, main: main.scrollWidth - main.clientWidth, out: out.slice(0, 5)}; }"""


def test_every_page_with_a_zoo_model_at_200_percent_zoom(server: str, browser: object) -> None:
    context, page = new_page(browser, **ZOOMED)
    report: list[str] = []
    for name in ORDER:
        page.goto(f"{server}/{'' if name == 'home' else name}?model=zoo:lenet5")
        page.locator("[data-testid=stMain] h1").filter(has_text=title(name, "en")).first.wait_for()
        finished(page)
        shown = check(page, f"zoo 200% {name}", report)
        assert shown or name not in PICTURE_PAGES or name == "evaluate", f"{name}: no picture drawn"
        overflow = page.evaluate(OVERFLOW)
        assert overflow == {"page": 0, "main": 0, "out": []}, (name, overflow)
    screenshot(page, "zoom_200_filters")
    print("\n" + "\n".join(report))
    context.close()


# --- the keyboard only ------------------------------------------------------------------------------------

FOCUSED = """() => { const e = document.activeElement;
  return {tag: e.tagName, text: (e.innerText || e.getAttribute('aria-label') || '').trim(),
          label: e.getAttribute('aria-label') || '', outline: getComputedStyle(e).outlineStyle,
          ring: (() => { let box = e.parentElement;  // a box drawn round the input, or the label of a toggle
                         for (let i = 0; box && i < 4; i++, box = box.parentElement)
                           if (getComputedStyle(box).outlineStyle === 'solid') return 'solid';
                         return 'none'; })()}; }"""


def tab_to(page: object, wanted: re.Pattern[str], most: int = 80, back: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element's text or name matches `wanted`; it has a ring."""
    for _ in range(most):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] in ("BODY", "MAIN"):  # the page itself: past the last stop, or the main area
            continue
        if wanted.search(focused["text"]) or wanted.search(focused["label"]):
            assert "solid" in (focused["outline"], focused["ring"]), f"no visible focus ring on {focused}"
            return focused
    raise AssertionError(f"{wanted.pattern!r} not reached with the keyboard in {most} presses")


def test_lesson_one_and_a_feature_map_unit_with_the_keyboard_only(server: str, browser: object) -> None:
    context, page = new_page(browser)
    page.goto(server)
    page.get_by_text(ALL_PAGES["home"]).first.wait_for()
    settle(page)
    lesson = lessons.LESSONS["fashion"]
    count = len(lesson.steps)
    # the first stop is Streamlit's own "Skip to main content": it moves focus past the sidebar
    first = tab_to(page, re.compile("."), most=1)
    assert first["text"] == "Skip to main content", first
    page.keyboard.press("Enter")
    assert page.evaluate("() => !!document.activeElement.closest('[data-testid=stMain]')")
    # the lesson picker: Tab to it (Shift+Tab: back from the main area), type the lesson's name, Enter
    tab_to(page, re.compile(re.escape(i18n.t("lesson.choose", "en"))), back=True)
    page.keyboard.type(lesson.title_in("en")[:12])
    page.keyboard.press("Enter")
    for number in range(1, count + 1):
        page.get_by_text(i18n.t("lesson.step", "en", n=number, m=count)).first.wait_for()
        settle(page)
        assert f"/{lesson.steps[number - 1].view.page}" in page.url or number == 1 and "/train" in page.url
        if number < count:
            tab_to(page, re.compile("^" + re.escape(i18n.t("lesson.next", "en")) + "$"))
            page.keyboard.press("Enter")
    assert "step=7" in page.url and "/feature_maps" in page.url and "layer=conv2" in page.url
    screenshot(page, "keyboard_lesson_last_step")

    # a unit of a feature map, by keys: on Computation the output column slider moves the unit
    tab_to(page, re.compile(re.escape(i18n.t("nav.computation", "en")) + "$"), back=True)
    page.keyboard.press("Enter")
    page.get_by_text(ALL_PAGES["computation"]).first.wait_for()
    settle(page)
    slider = tab_to(page, re.compile(re.escape(i18n.t("calc.col", "en"))))
    start = int(page.evaluate("() => document.activeElement.value"))  # an <input type=range>
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    settle(page)
    assert re.search(rf"output row \d+, column {start + 2}, channel", page.inner_text("[data-testid=stMain]")), \
        slider
    assert_no_traceback(page)
    context.close()
