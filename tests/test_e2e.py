"""Browser end-to-end tests: Playwright drives Debian's Chromium against `streamlit run` on localhost.

Screenshots land in test-artifacts/screenshots/ (ignored by git), so a test run never changes the checkout;
`make screenshots` runs these tests with CNNVIZ_SCREENSHOT_DIR=docs/screenshots to refresh the README's pictures.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_server import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("CNNVIZ_SCREENSHOT_DIR") or ROOT / "test-artifacts" / "screenshots")
TRACEBACK_MARKERS = ("Traceback (most recent call last)", "An error has occurred", "StreamlitAPIException",
                     "This app has encountered an error",
                     'File "/')
# Pages and a text each shows once its body is drawn (tests/test_e2e_a11y.py opens, audits and photographs
# every page from the sidebar; tests/test_presenter.py adds the other five)
PAGES = {
    "home": "A 30-second tour",
    "architecture": "Layer table",
    "train": "Start training",
    "weights": "How the histogram changed during training",
    "kernels": "Freshly initialised",
    "feature_maps": "What the model sees",
    "evaluate": "Confusion matrix",
    "explain": "Sanity check",
}


def _chromium_or_skip() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: `make test` should have installed it with apt.")
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One app server for every browser module that imports this fixture (a dozen), as a class shares one:
    each module's first page no longer waits for a fresh server to import TensorFlow."""
    _chromium_or_skip()
    with streamlit_server(env={"CNNVIZ_RUNS_DIR": str(tmp_path_factory.mktemp("runs"))}) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def new_page(browser: object) -> tuple[object, object]:
    """A fresh browser context (its own Streamlit session) and a page in it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(90_000)
    return context, page


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context, page = new_page(browser)
    yield page
    context.close()


def assert_no_traceback(page: object) -> None:
    text = page.inner_text("body")
    for marker in TRACEBACK_MARKERS:
        assert marker not in text, f"{marker!r} shown on the page"
    assert page.locator("[data-testid=stException]").count() == 0


def settle(page: object) -> None:
    """Wait until Streamlit has finished running the script (no 'Running…' indicator) and charts painted."""
    page.wait_for_timeout(500)
    page.locator("[data-testid=stStatusWidget]").wait_for(state="hidden", timeout=90_000)
    page.wait_for_timeout(1000)


def screenshot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def png_of_a_shirt(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (120, 90), "white")
    ImageDraw.Draw(image).ellipse([30, 10, 90, 80], outline="black", width=8)
    path = tmp_path / "zero.png"
    image.save(path)
    return path


def test_upload_an_image_and_see_maps_and_prediction(server: str, page: object, tmp_path: Path) -> None:
    page.goto(f"{server}/feature_maps")
    page.get_by_text("Upload my own").click()
    page.locator("[data-testid=stMain] input[type=file]").set_input_files(str(png_of_a_shirt(tmp_path)))
    page.get_by_text("Prediction:").wait_for()
    page.get_by_text("feature maps (4×8 grid)").first.wait_for()
    settle(page)
    assert "converted to 28×28" in page.inner_text("body")
    assert page.locator("[data-testid=stImage] img").count() >= 3  # input, grid, enlarged map
    assert_no_traceback(page)
    screenshot(page, "feature_maps_upload")


def epoch_points(page: object) -> int:
    """How many per-epoch points the loss chart has drawn so far (read from plotly's own data)."""
    return page.evaluate(
        """() => { const plot = document.querySelector('.js-plotly-plot');
                   if (!plot || !plot.data) return 0;
                   return Math.max(0, ...plot.data.filter(t => t.mode === 'lines+markers').map(t => t.x.length)); }"""
    )


def long_run(page: object) -> None:
    """Train page settings for a run of several seconds: the smallest batches and 50 epochs."""
    for slider, key in ((1, "Home"), (2, "End")):  # batch size, epochs
        page.get_by_role("slider").nth(slider).focus()
        page.keyboard.press(key)
        settle(page)


def test_training_curve_grows_while_it_runs(server: str, page: object) -> None:
    page.goto(f"{server}/train")
    page.get_by_text("Start training").wait_for()
    settle(page)
    long_run(page)  # the default run can end between two looks at the curve
    page.get_by_role("button", name="Start training").click()
    seen: list[int] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and "Saved checkpoint" not in page.inner_text("body"):
        seen.append(epoch_points(page))
        page.wait_for_timeout(400)
    assert "Saved checkpoint" in page.inner_text("body")
    growing = sorted({n for n in seen if n > 0})
    assert len(growing) >= 2, f"the curve never grew while training ran: {seen}"
    settle(page)
    assert_no_traceback(page)
    screenshot(page, "train")

    # "Explore this model" opens Feature maps at once, with the new run chosen in the sidebar.
    page.get_by_role("button", name="Explore this model").click()
    page.wait_for_url("**/feature_maps**", timeout=30_000)
    page.get_by_text("What the model sees").first.wait_for(timeout=30_000)
    settle(page)
    chosen = page.get_by_role("combobox", name="Model").input_value()
    assert chosen.startswith("🏋️ fashion_cnn · fashion_mnist_sample · "), chosen
    assert "model=ckpt%3Afashion_cnn" in page.url or "model=ckpt:fashion_cnn" in page.url, page.url
    assert_no_traceback(page)


def test_switch_to_korean(server: str, page: object) -> None:
    page.goto(f"{server}/kernels")
    page.get_by_text("Freshly initialised").first.wait_for()
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first.click()
    page.get_by_role("option", name="한국어").click()
    page.get_by_text("새로 초기화").first.wait_for()
    settle(page)
    assert "커널" in page.inner_text("body")
    sidebar = page.inner_text("[data-testid=stSidebarNav]")
    assert "more" not in sidebar and "실험실" in sidebar  # every page listed, none behind "View N more"
    assert "lang=ko" in page.url
    assert_no_traceback(page)
    screenshot(page, "kernels_ko")


def test_shared_link_opens_that_view_on_a_fresh_server(browser: object, tmp_path: Path) -> None:
    """A teacher's link is often the first request a newly started server gets: it must open that exact view."""
    with streamlit_server(env={"CNNVIZ_RUNS_DIR": str(tmp_path)}) as url:
        context, page = new_page(browser)
        page.goto(f"{url}/feature_maps?model=ckpt:lenet5_shapes&dataset=shapes&layer=c3&sample=5&lang=ko")
        page.get_by_text("c3: 특성 맵 16개").first.wait_for()
        settle(page)
        sidebar = page.inner_text("[data-testid=stSidebar]")
        assert "언어" in sidebar and "데이터셋" in sidebar  # the shared sidebar ran, in Korean
        assert "lenet5_shapes" in page.url and "layer=c3" in page.url
        assert page.get_by_label("테스트 이미지 번호").input_value() == "5"
        assert_no_traceback(page)
        context.close()


def lambda_model_file(tmp_path: Path, marker: Path) -> Path:
    """A real .keras file whose Lambda layer would write `marker` if its code ever ran."""
    import keras

    def touch(x):
        marker.write_text("ran")
        return x

    inputs = keras.Input((28, 28, 1))
    outputs = keras.layers.Dense(2)(keras.layers.Flatten()(keras.layers.Lambda(touch)(inputs)))
    path = tmp_path / "sneaky.keras"
    keras.Model(inputs, outputs).save(path)
    marker.unlink(missing_ok=True)
    return path


def test_hostile_uploads_get_messages_and_the_page_keeps_working(server: str, page: object, tmp_path: Path) -> None:
    good = png_of_a_shirt(tmp_path)
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    fake = tmp_path / "notes.jpg"
    fake.write_text("<html><body>not a picture</body></html>")
    page.goto(f"{server}/feature_maps")
    page.get_by_text("Upload my own").click()
    uploader = page.locator("[data-testid=stMain] input[type=file]")
    for path, words in ((truncated, "truncated"), (fake, "HTML")):
        uploader.set_input_files(str(path))
        page.locator("[data-testid=stAlertContentError]").filter(has_text=words).wait_for()
        settle(page)
        assert_no_traceback(page)
    uploader.set_input_files(str(good))  # the session still works
    page.get_by_text("Prediction:").wait_for()
    page.get_by_text("feature maps (4×8 grid)").first.wait_for()
    assert_no_traceback(page)

    marker = tmp_path / "lambda_ran.txt"
    model_file = lambda_model_file(tmp_path, marker)
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").nth(1).click()
    page.get_by_role("option", name="Upload a .keras model…").click()
    model_uploader = page.locator("[data-testid=stSidebar] [data-testid=stFileUploader]").filter(has_text=".keras")
    model_uploader.locator("input[type=file]").set_input_files(str(model_file))
    page.locator("[data-testid=stAlertContentError]").filter(has_text="Lambda").first.wait_for()
    settle(page)
    assert_no_traceback(page)
    assert not marker.exists(), "the Lambda layer's code ran"
    screenshot(page, "lambda_refused")


def test_closing_the_tab_stops_training_and_keeps_a_checkpoint(browser: object, tmp_path: Path) -> None:
    with streamlit_server(env={"CNNVIZ_RUNS_DIR": str(tmp_path)}) as url:
        context, page = new_page(browser)
        page.goto(f"{url}/train")
        page.get_by_text("Start training").wait_for()
        settle(page)
        long_run(page)  # so the tab closes mid-training; no early stop either
        page.get_by_text("Early stopping").click()
        settle(page)
        page.get_by_role("button", name="Start training").click()
        # past the first epoch: a run stopped during its first is not kept unless asked (tests/test_quotas.py)
        page.get_by_text(re.compile(r"Epoch (?:[2-9]|\d\d)/50, batch")).wait_for()
        context.close()  # the student closes the tab mid-training
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list(tmp_path.glob("*.json")):
            time.sleep(1)
        sidecars = list(tmp_path.glob("*.json"))
        assert sidecars, "no checkpoint was saved after the tab closed"
        from cnnviz.train import checkpoints

        model, meta = checkpoints.load(sidecars[0].with_suffix(".keras"))
        assert len(meta.history["loss"]) < 50 and "Stopped by the user" in meta.notes


def test_explain_reaches_inside_the_nested_vgg16_base(server: str, page: object) -> None:
    """tf-keras-vis fails here ("Graph disconnected"); cnnviz explains a layer inside the nested base."""
    page.goto(f"{server}/explain?model=zoo:vgg16_transfer")
    page.get_by_text("vgg16/block5_conv3").first.wait_for(timeout=180_000)
    page.get_by_text("Sanity check").first.wait_for(timeout=180_000)
    settle(page)
    assert_no_traceback(page)
    screenshot(page, "explain_vgg16")


def test_the_link_to_this_view_is_the_address_of_this_view(server: str, page: object) -> None:
    page.goto(f"{server}/kernels?lang=en")
    page.get_by_text("Freshly initialised").first.wait_for()
    settle(page)
    link = page.locator("[data-testid=stSidebar] [data-testid=stCode]").first.inner_text().replace("\n", "")
    assert link.startswith(f"{server}/kernels?") and "/kernels/kernels" not in link, link
    page.goto(link)  # opening it gives the same view
    page.get_by_text("Freshly initialised").first.wait_for()
    assert_no_traceback(page)
