"""Text is text in a real browser: hostile names (shared runs, a zip's class folders, the layer names inside an
uploaded `.keras`) show as the characters they are in Chromium, load nothing from outside, run no script, and
leave the architecture diagram drawn.

`tests/test_text_is_text.py` checks what each page sends (AppTest); this checks what Chromium makes of it.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import keras
import pytest
from e2e_server import ROOT, streamlit_server
from PIL import Image
from test_e2e import _chromium_or_skip, browser  # noqa: F401 (the shared Chromium fixture)

from cnnviz.core.text import WORD_JOINER, capped, plain
from cnnviz.draw import render
from cnnviz.train import checkpoints, training

pytestmark = pytest.mark.e2e
OUTSIDE = re.compile(r"127\.0\.0\.1:9(?!\d)")  # the "outside host" every payload points at
RUN_TITLES = (  # newest last: Compare opens with the shipped default and the newest run
    '$\\color{red}{X}$ <a href="javascript:alert(1)">x</a>',
    ":red[Log in again] [Log in](http://127.0.0.1:9)",
    "<img src=http://127.0.0.1:9/x onerror=alert(1)> **bold**",
    "![t](http://127.0.0.1:9/t.png) \u202egnp.exe",
)
PICK = ("color{red}", "Log in again", "onerror")  # a piece of each older title, to choose it in the list
FOLDERS = ("![t](http:127.0.0.1:9)", "<img src=http:127.0.0.1:9 onerror=alert(1)>", ":red[Log in again]",
           "$x^2$ **bold** <b>plotly", "zero\u200bwidth")
LAYERS = ('x" URL="javascript:alert(1)" color="red" label="CLICK ME', "a\\", 'a"',
          "<img src=http:127.0.0.1:9 onerror=alert(1)>", "$\\color{red}{X}$")


@pytest.fixture(scope="module")
def runs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three shared copies of the shipped Fashion-MNIST checkpoint, titled with hostile names."""
    folder = tmp_path_factory.mktemp("runs")
    shipped = ROOT / "checkpoints" / "fashion_cnn_fashion.keras"
    for i, title in enumerate(RUN_TITLES):
        target = folder / f"fashion_cnn_fashion_text{i}.keras"
        shutil.copy(shipped, target)
        shutil.copy(shipped.with_suffix(".json"), target.with_suffix(".json"))
        meta = checkpoints.read_metadata(target)
        checkpoints.write_metadata(target, dataclasses.replace(meta, title=title, owner="", run_id=f"text{i}"))
    return folder


@pytest.fixture(scope="module")
def server(runs_dir: Path) -> Iterator[str]:
    _chromium_or_skip()
    with streamlit_server(env={"CNNVIZ_RUNS_DIR": str(runs_dir)}) as url:
        yield url


@dataclasses.dataclass
class Watched:
    """A browser page with every request and dialog it saw."""

    page: object
    requests: list[str]
    dialogs: list[str]


@pytest.fixture
def watched(browser: object) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(120_000)
    seen = Watched(page, [], [])
    page.on("request", lambda request: seen.requests.append(request.url))

    def dialog(d: object) -> None:
        seen.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    yield seen
    context.close()


def settle(page: object) -> None:
    page.wait_for_timeout(500)
    page.locator("[data-testid=stStatusWidget]").wait_for(state="hidden", timeout=120_000)
    page.wait_for_timeout(1500)


def main_text(page: object) -> str:
    return page.inner_text("[data-testid=stMain]").replace(WORD_JOINER, "")


def assert_nothing_acted(seen: Watched, server: str) -> None:
    """No request outside the app (nor to the payloads' address), no dialog, no outside picture or link, no
    KaTeX, no traceback."""
    app = urlsplit(server).netloc
    outside = [u for u in seen.requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
               and (urlsplit(u).netloc != app or OUTSIDE.search(u))]
    assert not outside, outside
    assert not seen.dialogs, seen.dialogs
    links = seen.page.eval_on_selector_all(
        "[data-testid=stMain] a[href], [data-testid=stMain] svg a",
        "els => els.map(e => e.getAttribute('href') || e.getAttribute('xlink:href') || '')")
    assert not [h for h in links if h.lower().startswith("javascript:") or OUTSIDE.search(h)], links
    sources = seen.page.eval_on_selector_all("[data-testid=stMain] img", "els => els.map(e => e.src)")
    assert not [s for s in sources if OUTSIDE.search(s) or urlsplit(s).netloc not in ("", app)], sources
    assert seen.page.locator("[data-testid=stMain] .katex").count() == 0
    assert seen.page.locator("[data-testid=stException]").count() == 0


def test_run_names_on_compare(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server}/compare")
    page.get_by_text("Per class").first.wait_for()
    settle(page)
    picker = page.locator("[data-testid=stMultiSelect]").first
    for piece in PICK:  # the newest is chosen already, beside the shipped checkpoint
        search = picker.locator("input")
        search.click()
        search.fill(piece)
        page.get_by_role("option").filter(has_text=piece).first.click()
        page.keyboard.press("Escape")
        settle(page)
        picker = page.locator("[data-testid=stMultiSelect]").first
    screenshot = ROOT / "test-artifacts" / "screenshots"
    screenshot.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot / "text_is_text_compare.png"), full_page=True)
    page.get_by_text("Per class").first.wait_for()
    settle(page)
    text = main_text(page)
    for title in RUN_TITLES:
        assert plain(title) in text, title  # the characters themselves, not what they would format
    assert "\u202e" not in text and "⟨U+202E⟩gnp.exe" in text
    assert_nothing_acted(watched, server)


def png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def choose(page: object, label: str, option: str) -> None:
    """Pick `option` in the sidebar's selectbox `label` (again if a rerun closed the list under the click)."""
    box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(has_text=label).first
    for _ in range(5):
        settle(page)
        box.click()
        found = page.get_by_role("option").filter(has_text=option).first
        try:
            found.wait_for(timeout=10_000)
            found.click()
            break
        except Exception:  # noqa: BLE001 — the list closed under a rerun: open it again
            page.keyboard.press("Escape")
    settle(page)


def upload_model(page: object, path: Path) -> None:
    choose(page, "Model", "Upload a .keras model…")
    uploader = page.locator("[data-testid=stSidebar] [data-testid=stFileUploader]").filter(has_text=".keras")
    uploader.locator("input[type=file]").set_input_files(str(path))
    settle(page)


def test_a_zips_class_folders_on_feature_maps(server: str, watched: Watched, tmp_path: Path) -> None:
    zipped = tmp_path / "classes.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for k, name in enumerate(FOLDERS):
            for i in range(6):
                archive.writestr(f"{name}/img{i}.png", png((40 * k, 30 * i, 90)))
    inputs = keras.Input((64, 64, 3))
    x = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    model = tmp_path / "classes.keras"
    keras.Model(inputs, keras.layers.Dense(len(FOLDERS), activation="softmax")(x)).save(model)

    page = watched.page
    page.goto(f"{server}/feature_maps")
    settle(page)
    upload_model(page, model)
    choose(page, "Dataset", "Your own images")
    page.locator("[data-testid=stSidebar] [data-testid=stFileUploader]").filter(has_text=".zip").locator(
        "input[type=file]").set_input_files(str(zipped))
    try:
        page.get_by_text("Prediction:").first.wait_for(timeout=60_000)
    finally:
        page.screenshot(path=str(ROOT / "test-artifacts" / "screenshots" / "text_is_text_feature_maps.png"))
    settle(page)
    assert_nothing_acted(watched, server)
    shown = main_text(page)
    assert "Prediction:" in shown and any(plain(name) in shown for name in FOLDERS)
    ticks = " ".join(page.eval_on_selector_all("[data-testid=stPlotlyChart] text",
                                                "els => els.map(e => e.textContent)"))
    for name in FOLDERS:
        assert plain(name) in ticks, name  # the probability bars' axis: the names as text, no tags acted on
    assert page.locator("[data-testid=stPlotlyChart] a").count() == 0


def test_layer_names_on_architecture_keep_the_diagram(server: str, watched: Watched, tmp_path: Path) -> None:
    inputs = keras.Input((16, 16, 1), name="input")
    x = inputs
    for name in LAYERS:
        x = keras.layers.Conv2D(2, 1, name=name)(x)
    x = keras.layers.GlobalAveragePooling2D(name="pool")(x)
    model = tmp_path / "layers.keras"
    keras.Model(inputs, keras.layers.Dense(2, activation="softmax", name="out")(x)).save(model)

    page = watched.page
    page.goto(f"{server}/architecture")
    settle(page)
    upload_model(page, model)
    page.get_by_text("Layer table").first.wait_for()
    diagram = page.locator("[data-testid=stGraphVizChart] svg").first
    diagram.wait_for()
    settle(page)
    assert diagram.locator("g.node").count() == len(LAYERS) + 3  # every box drawn: input, 5 layers, pool, out
    # TensorFlow runs none of these names: the page runs the model renamed and lists the originals, as text
    _, renamed = training.runnable(keras.saving.load_model(model))
    labels = diagram.locator("g.node text").all_text_contents()
    for name in LAYERS:
        assert capped(renamed.get(name, name), render.DIAGRAM_NAME_LIMIT) in labels, (name, labels)
    note = page.get_by_text("TensorFlow cannot run layers").first.inner_text().replace(WORD_JOINER, "")
    for name in list(renamed)[:5]:
        assert capped(plain(name)) in note, (name, note)  # each name as text (a long one capped with "…")
    assert diagram.locator("a[href], a[*|href]").count() == 0  # no link: the URL attribute stayed text
    assert diagram.locator("[fill=red], [stroke=red]").count() == 0  # nor the colour
    assert_nothing_acted(watched, server)
