"""Browser test of Compare runs: two runs trained before the server starts, compared with the shipped one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_server import streamlit_server
from test_e2e import _chromium_or_skip, assert_no_traceback, browser, page, screenshot, settle  # noqa: F401

from cnnviz.train import runs, training

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with a runs folder holding two short Fashion-MNIST runs (learning rate 0.002 and 0.02)."""
    _chromium_or_skip()
    folder = tmp_path_factory.mktemp("runs")
    for rate in (0.002, 0.02):
        result = training.train(training.TrainConfig(learning_rate=rate, batch_size=32, epochs=2,
                                                     early_stopping=False), folder)
        runs.rename(result.checkpoint_path, f"lr{rate:g}")
    with streamlit_server(env={"CNNVIZ_RUNS_DIR": str(folder)}) as url:
        yield url


def fresh(page: object) -> None:
    """Wait until the rerun has replaced every element of the previous one (evaluating a run takes a while)."""
    page.wait_for_function("document.querySelectorAll('[data-stale=true]').length === 0", timeout=90_000)
    settle(page)


def test_choose_two_runs_and_see_curves_table_and_answers(server: str, page: object) -> None:
    page.goto(f"{server}/compare")
    page.get_by_text("Settings and results").wait_for()
    settle(page)
    main = page.locator("[data-testid=stMain]")
    # opens on the shipped checkpoint and the newest run: both Fashion-MNIST, so the answers compare too
    main.get_by_text("Accuracy per class").wait_for()
    fresh(page)
    # add the other run
    main.locator("[data-testid=stMultiSelect]").first.click()
    page.get_by_role("option").filter(has_text="lr").first.click()
    page.keyboard.press("Escape")
    settle(page)
    fresh(page)
    chosen = main.locator("[data-testid=stMultiSelect]").first.inner_text()
    assert all(name in chosen for name in ("fashion_cnn_fashion", "lr0.002", "lr0.02")), chosen
    assert main.locator("[data-testid=stDataFrame]").count() == 1
    assert main.locator("[data-testid=stPlotlyChart]").count() == 3  # curves, per class, difference
    text = page.inner_text("body")
    assert "Learning curves" in text and "Right in B, wrong in A" in text and "Grad-CAM" in text
    assert_no_traceback(page)
    main.get_by_text("Learning curves").scroll_into_view_if_needed()
    screenshot(page, "compare")
    for heading, name in (("Accuracy per class", "compare_table"), ("Where the answers differ", "compare_answers"),
                          ("One picture through every model", "compare_picture")):
        main.get_by_text(heading).first.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        screenshot(page, name)
