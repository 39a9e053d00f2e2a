"""The paths people take, clicked through in Chromium: a Korean lesson in presenter mode at 1920×1080 from
its first step to its last and back, your own photos from upload to training to exploring and explaining, and a
link to Explain reopened in a fresh browser (the language switched on every page: tests/test_e2e_a11y.py).

Each checks what a person would see: the language, presenter mode, the address bar, the dataset and the
classes, and that each lesson step's picture is inside the screen.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest
from e2e_server import streamlit_server
from test_e2e import _chromium_or_skip, assert_no_traceback, browser, screenshot, settle  # noqa: F401 (a fixture)

from cnnviz.core import i18n
from cnnviz.teach import lessons

pytestmark = pytest.mark.e2e
PROJECTOR = {"width": 1920, "height": 1080}
PRESENT_PX = "26px"  # the root font size while presenting (app_state/present.py BODY_PX)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _chromium_or_skip()
    with streamlit_server(env={"CNNVIZ_RUNS_DIR": str(tmp_path_factory.mktemp("runs")),
                               "CNNVIZ_WARMUP": "0"}) as url:
        yield url


def open_page(browser: object, viewport: dict[str, int] | None = None) -> tuple[object, object]:
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(90_000)
    return context, page


def query(page: object) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(page.url).query))


def root_font(page: object) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).fontSize")


def in_viewport(page: object, selector: str) -> tuple[bool, dict | None]:
    box = page.locator(selector).first.bounding_box() if page.locator(selector).count() else None
    height = page.viewport_size["height"]
    return bool(box and box["y"] >= 0 and box["y"] + box["height"] <= height), box


def sidebar_select(page: object, label: str, option: str) -> None:
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(has_text=label).first.click()
    if page.get_by_role("option").count() == 0:  # under a ko-KR browser locale a click only focuses the box
        page.keyboard.press("ArrowDown")
    page.get_by_role("option").filter(has_text=re.compile(f"^{re.escape(option)}$")).first.click()
    settle(page)


def test_a_korean_lesson_in_presenter_mode_from_first_step_to_last_and_back(browser: object, server: str) -> None:
    context, page = open_page(browser, PROJECTOR)
    try:
        page.goto(f"{server}/?lang=ko&present=1")
        page.get_by_text(i18n.t("lesson.choose", "ko")).first.wait_for()
        settle(page)
        lesson = lessons.LESSONS["fashion"]
        sidebar_select(page, i18n.t("lesson.choose", "ko"), lesson.title_in("ko"))
        count = len(lesson.steps)
        plan = [*range(1, count + 1), *range(count - 1, 0, -1)]  # every Next, then every Previous
        for i, number in enumerate(plan):
            step = lesson.steps[number - 1]
            page.wait_for_url(re.compile(f"/{step.view.page}\\?.*step={number}(&|$)"), timeout=60_000)
            page.get_by_text(i18n.t("lesson.step", "ko", n=number, m=count)).first.wait_for()
            settle(page)
            address = query(page)
            assert urlsplit(page.url).path == f"/{step.view.page}"
            assert (address.get("lang"), address.get("present"), address.get("step")) == ("ko", "1", str(number))
            assert address.get("lesson") == "fashion"
            assert root_font(page) == PRESENT_PX, f"step {number}: not in presenter mode"
            title = page.locator("[data-testid=stMain] h1").first.inner_text()
            assert title.strip() == i18n.t(f"nav.{step.view.page}", "ko"), f"step {number}: {title!r}"
            visible, box = in_viewport(page, f".st-key-focus-{step.focus}")
            assert visible, f"step {number}: {step.focus} is not inside the 1920×1080 screen: {box}"
            assert_no_traceback(page)
            if number == count:
                screenshot(page, "lesson_fashion_last_step_presenter_ko")
            if i + 1 < len(plan):
                button = "lesson.next" if plan[i + 1] > number else "lesson.previous"
                page.get_by_role("button", name=i18n.t(button, "ko")).click()
        sidebar_language = page.locator("[data-testid=stSidebar]").get_by_role("combobox", name="언어")
        assert sidebar_language.input_value() == "한국어"
    finally:
        context.close()


def photo_zip(classes: tuple[str, ...] = ("cloudy", "rain", "sunrise"), per_class: int = 12) -> bytes:
    """A folder-per-class zip of small photos: each class its own colour and stripe, a little noise."""
    from PIL import Image

    rng = np.random.default_rng(0)
    buffer = io.BytesIO()
    # cloudy and rain nearly alike: a few of them are mistaken for each other, so Evaluate has mistakes
    colours = {"cloudy": (120, 125, 140), "rain": (112, 122, 146), "sunrise": (250, 150, 40)}
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in classes:
            for i in range(per_class):
                pixels = np.clip(np.array(colours[name]) + rng.normal(0, 25, (40, 40, 3)), 0, 255).astype(np.uint8)
                pixels[10 + i % 5: 14 + i % 5] = 255 - pixels[10 + i % 5: 14 + i % 5]
                png = io.BytesIO()
                Image.fromarray(pixels).save(png, format="PNG")
                archive.writestr(f"weather/{name}/{name}_{i:02d}.png", png.getvalue())
    return buffer.getvalue()


def test_upload_photos_train_explore_and_explain_keep_the_dataset(browser: object, server: str,
                                                                  tmp_path: Path) -> None:
    archive = tmp_path / "weather.zip"
    archive.write_bytes(photo_zip())
    classes = {"cloudy", "rain", "sunrise"}
    context, page = open_page(browser)
    try:
        page.goto(f"{server}/train?lang=en")
        page.get_by_text("Start training").first.wait_for()
        settle(page)
        sidebar_select(page, "Dataset", i18n.t("data.title.folder", "en"))
        uploader = page.locator("[data-testid=stSidebar] [data-testid=stFileUploader]").filter(has_text="ZIP")
        uploader.locator("input[type=file]").set_input_files(str(archive))
        page.get_by_role("button", name="Start training").wait_for()
        settle(page)
        page.get_by_role("button", name="Start training").click()
        page.get_by_text("Saved checkpoint").first.wait_for(timeout=240_000)
        settle(page)

        page.get_by_role("button", name="Explore this model").click()
        page.wait_for_url("**/feature_maps**", timeout=60_000)
        page.get_by_text("What the model sees").first.wait_for()
        settle(page)
        assert query(page).get("dataset") == "folder", page.url
        assert "weather.zip" in page.inner_text("[data-testid=stSidebar]")  # still in use, not asked again
        prediction = page.get_by_text(re.compile(r"^Prediction:")).first.inner_text()
        named = re.findall(r"Prediction: (\w+) .*true label: (\w+)", prediction.replace("\n", " "))
        assert named and set(named[0]) <= classes, prediction
        assert_no_traceback(page)

        page.locator("[data-testid=stSidebarNav]").get_by_role("link", name="Evaluate").click()
        page.get_by_text("Confusion matrix").first.wait_for()
        settle(page)
        assert query(page).get("dataset") == "folder"
        page.get_by_role("button", name="Explain this mistake").click()
        page.wait_for_url("**/explain**", timeout=60_000)
        page.get_by_text("Sanity check").first.wait_for()
        settle(page)
        assert query(page).get("dataset") == "folder"
        assert query(page).get("fm_source") == "sample"
        prediction = page.get_by_text(re.compile(r"^Prediction:")).first.inner_text()
        named = re.findall(r"Prediction: (\w+) .*true label: (\w+)", prediction.replace("\n", " "))
        assert named and set(named[0]) <= classes and named[0][0] != named[0][1], prediction  # a mistake
        assert_no_traceback(page)
    finally:
        context.close()


def test_a_link_from_explain_reopens_the_same_view_in_a_new_browser(browser: object, server: str) -> None:
    context, page = open_page(browser)
    try:
        page.goto(f"{server}/explain?lang=en")
        page.get_by_text("Sanity check").first.wait_for()
        settle(page)
        methods = page.get_by_role("combobox", name="Methods")
        methods.click()
        page.get_by_role("option", name=i18n.t("explain.method.score_cam", "en")).click()
        page.keyboard.press("Escape")
        settle(page)
        page.get_by_text(i18n.t("ex.target_top3", "en"), exact=True).click()
        settle(page)
        opacity = page.get_by_role("slider", name=i18n.t("ex.opacity", "en"))
        opacity.focus()
        for _ in range(2):  # 0.50 → 0.60 in steps of 0.05
            page.keyboard.press("ArrowRight")
        settle(page)
        link = page.locator("[data-testid=stSidebar] [data-testid=stCode]").first.inner_text().strip()
        sent = dict(parse_qsl(urlsplit(link).query))
        assert sent.get("ex_target") == "top3" and sent.get("ex_opacity") == "0.6", link
        assert "score_cam" in sent.get("ex_methods", "").split(","), link
    finally:
        context.close()

    context, page = open_page(browser)  # a new browser: its own cookies, its own session
    try:
        page.goto(link)
        page.get_by_text("Sanity check").first.wait_for()
        settle(page)
        assert page.get_by_role("radio", name=i18n.t("ex.target_top3", "en")).is_checked()
        thumb = page.locator("[data-testid=stSlider]").filter(has_text=i18n.t("ex.opacity", "en"))
        assert thumb.locator("[data-testid=stSliderThumbValue]").inner_text().strip() == "0.60"
        chosen = page.locator("[data-testid=stMultiSelect]").first.inner_text()
        assert i18n.t("explain.method.score_cam", "en") in chosen
        assert dict(parse_qsl(urlsplit(page.url).query)) == sent
        assert_no_traceback(page)
    finally:
        context.close()
