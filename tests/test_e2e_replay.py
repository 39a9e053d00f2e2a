"""Browser test of the epoch replay on the Kernels page: the slider moved to epoch 0, then Play."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_e2e import assert_no_traceback, browser, page, screenshot, server, settle  # noqa: F401

pytestmark = pytest.mark.e2e
# the shipped default checkpoint's story, read from its sidecar: the last epoch and the one it saved
_META = json.loads((Path(__file__).resolve().parents[1] / "checkpoints" / "fashion_cnn_fashion.json").read_text())
LAST, BEST = int(_META["history"]["epoch"][-1]), int(_META["best_epoch"])


def test_kernels_slider_to_epoch_zero_then_play(server: str, page: object) -> None:  # noqa: F811
    page.goto(f"{server}/kernels?epoch={LAST}")
    page.get_by_text(f"Epoch {LAST} of {LAST}.").first.wait_for(timeout=90_000)
    settle(page)
    assert_no_traceback(page)
    page.get_by_text(f"The saved model holds epoch {BEST}'s weights").first.wait_for()

    thumb = page.get_by_role("slider", name="Epoch").first
    thumb.focus()
    thumb.press("Home")  # the select slider's first option: epoch 0
    page.get_by_text(f"Epoch 0 of {LAST}: the random weights").first.wait_for(timeout=60_000)
    settle(page)
    assert_no_traceback(page)
    assert page.get_by_text("Epoch 0", exact=True).count() >= 1  # the kernel grid's caption
    screenshot(page, "replay_kernels")

    page.get_by_role("button", name=re.compile("Play")).click()
    page.get_by_role("button", name=re.compile("Pause")).wait_for(timeout=30_000)
    page.get_by_text(re.compile(rf"^Epoch [1-9]\d* of {LAST}\.")).first.wait_for(timeout=60_000)  # it moves on
    assert_no_traceback(page)
    page.get_by_role("button", name=re.compile("Pause")).click()
    settle(page)
    assert_no_traceback(page)
