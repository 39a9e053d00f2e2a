"""Browser end-to-end tests: Playwright drives Debian's Chromium against `streamlit run` on localhost.

Screenshots land in docs/screenshots/ and are the ones the README shows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_server import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server

pytestmark = pytest.mark.e2e
SHOTS = ROOT / "docs" / "screenshots"
TRACEBACK_MARKERS = ("Traceback (most recent call last)", "An error has occurred", "StreamlitAPIException")


def _chromium_or_skip() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: `make test` should have installed it with apt.")
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _chromium_or_skip()
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def assert_no_traceback(page: object) -> None:
    text = page.inner_text("body")
    for marker in TRACEBACK_MARKERS:
        assert marker not in text


def screenshot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_home_page_shows_the_zoo(server: str, page: object) -> None:
    page.goto(server)
    page.get_by_text("A 30-second tour").wait_for(timeout=60_000)
    page.get_by_text("The model zoo").wait_for()
    page.locator("[data-testid=stDataFrame]").first.wait_for()
    page.wait_for_timeout(1500)  # let the data grid paint its canvas
    assert_no_traceback(page)
    screenshot(page, "home")
