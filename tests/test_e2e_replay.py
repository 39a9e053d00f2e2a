"""Browser test of the epoch replay on the Kernels page: the slider moved to epoch 0, then Play."""

from __future__ import annotations

import re

import pytest
from test_e2e import assert_no_traceback, browser, page, screenshot, server, settle  # noqa: F401

pytestmark = pytest.mark.e2e


def test_kernels_slider_to_epoch_zero_then_play(server: str, page: object) -> None:  # noqa: F811
    page.goto(f"{server}/kernels?epoch=47")
    page.get_by_text("Epoch 47 of 47.").first.wait_for(timeout=90_000)
    settle(page)
    assert_no_traceback(page)
    page.get_by_text("The saved model holds epoch 32's weights").first.wait_for()

    thumb = page.get_by_role("slider", name="Epoch").first
    thumb.focus()
    thumb.press("Home")  # the select slider's first option: epoch 0
    page.get_by_text("Epoch 0 of 47: the random weights").first.wait_for(timeout=60_000)
    settle(page)
    assert_no_traceback(page)
    assert page.get_by_text("Epoch 0", exact=True).count() >= 1  # the kernel grid's caption
    screenshot(page, "replay_kernels")

    page.get_by_role("button", name=re.compile("Play")).click()
    page.get_by_role("button", name=re.compile("Pause")).wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"^Epoch [1-9]\d* of 47\.")).first.wait_for(timeout=60_000)  # it moves on
    assert_no_traceback(page)
    page.get_by_role("button", name=re.compile("Pause")).click()
    settle(page)
    assert_no_traceback(page)
