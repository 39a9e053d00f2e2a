"""Browser tests of the training labs: initialisers trained briefly, curves overlaid; the freezing lab."""

from __future__ import annotations

import pytest
from test_e2e import assert_no_traceback, browser, page, screenshot, server, settle  # noqa: F401 - pytest fixtures, used by name

pytestmark = pytest.mark.e2e


def _to_smallest(page: object, label: str) -> None:
    """Move a slider to its smallest value with the keyboard, as a user can."""
    page.locator("[data-testid=stSlider]").filter(has_text=label).get_by_role("slider").first.focus()
    page.keyboard.press("Home")
    settle(page)


def test_initialisers_train_and_overlay_their_curves(server: str, page: object) -> None:  # noqa: F811
    page.goto(f"{server}/labs?lab=initialisers")
    page.get_by_text("Spread of each layer's outputs").first.wait_for()
    settle(page)
    assert_no_traceback(page)
    _to_smallest(page, "Epochs")
    _to_smallest(page, "Training images per run")
    page.get_by_role("button", name="Train each briefly").click()
    page.get_by_text("Validation accuracy per epoch").first.wait_for(timeout=300_000)
    settle(page)
    assert_no_traceback(page)
    assert page.get_by_text("Final validation accuracy").count() >= 1
    lines = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
                 .filter(p => p.layout && p.layout.title && /Validation accuracy/.test(p.layout.title.text))
                 .map(p => p.data.filter(t => t.mode === 'lines+markers').length)""")
    assert lines == [8]  # one validation curve per initialiser
    page.get_by_text("Validation accuracy per epoch").first.scroll_into_view_if_needed()
    screenshot(page, "labs_initialisers")


def test_freezing_lab_shows_the_quadrant_and_the_plans(server: str, page: object) -> None:  # noqa: F811
    page.goto(f"{server}/labs?lab=freezing")
    page.get_by_text("The chapter's advice").first.wait_for()
    page.get_by_text("Trainable parameters").first.wait_for()
    settle(page)
    assert_no_traceback(page)
    body = page.inner_text("body")
    assert "14,714,688" in body and "5,130" in body
    screenshot(page, "labs_freezing")
