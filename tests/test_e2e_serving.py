"""In a browser: the pictures Feature maps and Explain now hand over as shared, pre-encoded PNG bytes load,
and two tabs on the same picture are served the very same files (one drawing for the class)."""

from __future__ import annotations

import contextlib

import pytest
from test_e2e import assert_no_traceback, browser, new_page, page, screenshot, server, settle  # noqa: F401

pytestmark = pytest.mark.e2e

LOADED = """() => [...document.querySelectorAll('[data-testid=stMain] img')]
    .filter(img => img.src.includes('/media/'))
    .map(img => [img.src.split('/media/')[1], img.complete && img.naturalWidth > 0])"""


DRAWN = """n => [...document.querySelectorAll('[data-testid=stMain] img')]
    .filter(img => img.src.includes('/media/') && img.complete && img.naturalWidth > 0).length >= n"""


def pictures(page: object, at_least: int = 4) -> dict[str, bool]:
    """The media pictures in the main area: file name → loaded and drawn (after waiting, up to 30 s, for
    `at_least` of them: the pictures arrive after the script run that sent them has ended)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # the caller's assertion says what was there
        page.wait_for_function(DRAWN, arg=at_least, timeout=30_000)
    return dict(page.evaluate(LOADED))


def test_feature_maps_and_explain_pictures_are_pngs_shared_across_tabs(server: str, browser: object) -> None:
    shown = []
    for _ in range(2):  # two students, the same picture
        context, tab = new_page(browser)
        try:
            tab.goto(f"{server}/feature_maps?sample=7")
            tab.get_by_text("Prediction:").first.wait_for()
            settle(tab)
            assert_no_traceback(tab)
            found = pictures(tab)
            assert len(found) >= 4 and all(found.values()), found
            assert all(name.endswith(".png") for name in found), found
            shown.append(set(found))
        finally:
            context.close()
    assert shown[0] == shown[1]  # identical bytes: Streamlit serves one file to both

    context, tab = new_page(browser)
    try:
        tab.goto(f"{server}/explain?sample=7")
        tab.get_by_text("Sanity check").first.wait_for()
        settle(tab)
        assert_no_traceback(tab)
        found = pictures(tab)
        assert len(found) >= 4 and all(found.values()), found  # the input and three methods' maps
        assert all(name.endswith(".png") for name in found), found
        screenshot(tab, "explain_shared_pngs")
    finally:
        context.close()
