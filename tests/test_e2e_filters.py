"""Browser test of the "What filters look for" page: the patches and the optimised images appear."""

from __future__ import annotations

import pytest
from test_e2e import assert_no_traceback, browser, page, screenshot, server, settle  # noqa: F401

pytestmark = pytest.mark.e2e


def test_filters_show_patches_and_optimised_images(server: str, page: object) -> None:  # noqa: F811
    page.goto(f"{server}/filters?layer=conv2")
    page.get_by_text("Filter 7, optimised image").first.wait_for(timeout=180_000)
    page.get_by_text("Dead units in every layer").first.wait_for(timeout=180_000)
    settle(page)
    assert_no_traceback(page)
    body = page.inner_text("body")
    assert "Filter 0: the 9 strongest patches, one per image" in body
    pictures = page.locator("[data-testid=stImage] img")
    assert pictures.count() >= 16  # eight patch grids and eight optimised images
    first = pictures.first.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert first[0] > 100 and first[1] > 100  # the 3×3 grid of 8×8 patches, each drawn 56 px wide
    screenshot(page, "filters")


def test_filters_in_korean(server: str, page: object) -> None:  # noqa: F811
    page.goto(f"{server}/filters?lang=ko")
    page.get_by_text("가장 강한 조각 9개").first.wait_for(timeout=180_000)
    page.get_by_text("층마다 죽은 유닛").first.wait_for(timeout=180_000)
    settle(page)
    assert_no_traceback(page)
    assert "의 최적화 이미지: 평균 활성값이" in page.inner_text("body")
    screenshot(page, "filters_ko")
