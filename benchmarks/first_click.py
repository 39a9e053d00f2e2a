"""First click: how long the first model page takes on a fresh server, with and without the warm-up.

Side by side in one run, interleaved over rounds (each round starts fresh servers, loopback only):

- blank: a one-line Streamlit app's cold start (fresh server → page shown), the reference;
- home: cnnviz's home page on a fresh server (`python -m scripts.serve`, as `make run`: TensorFlow is imported
  before the server listens, so "fresh server" means once it answers; the start-up times are printed too);
- click: on that server, 5 s of reading the home page, then a click on Feature maps → prediction shown;
- deep link: a fresh server, then /feature_maps directly → prediction shown;
- the same click and deep link with the warm-up off (CNNVIZ_WARMUP=0), as before issue 15;
- TensorFlow's import time in a fresh interpreter.

Prints min and median of each. Goals: home ≈ blank; click ≤ 1 s; deep link ≤ TensorFlow's import + 1 s.

    python benchmarks/first_click.py [--rounds 3] [--read 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from e2e_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

TIMEOUT_MS = 120_000
READY = "Prediction:"  # Feature maps shows the prediction once the first model's maps are computed


def tensorflow_import_seconds() -> float:
    """TensorFlow's import time in a fresh interpreter."""
    code = "import time; t = time.perf_counter(); import tensorflow; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _timed_goto(page: object, url: str, text: str) -> float:
    start = time.perf_counter()
    page.goto(url, timeout=TIMEOUT_MS)
    page.get_by_text(text).first.wait_for(timeout=TIMEOUT_MS)
    return time.perf_counter() - start


def blank(browser: object, folder: Path) -> tuple[float, float]:
    script = folder / "blank.py"
    script.write_text('import streamlit as st\n\nst.write("blank app ready")\n')
    began = time.perf_counter()
    with streamlit_server(script=script) as url:
        started = time.perf_counter() - began
        return started, _visit(browser, lambda page: _timed_goto(page, url, "blank app ready"))


def home_then_click(browser: object, read: float, warm: bool) -> tuple[float, float, float]:
    env = {"CNNVIZ_WARMUP": "1" if warm else "0"}
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as runs, streamlit_server(env={**env, "CNNVIZ_RUNS_DIR": runs},
                                                                 serve=True) as url:
        started = time.perf_counter() - began
        def visit(page: object) -> tuple[float, float]:
            home = _timed_goto(page, url, "A 30-second tour")
            page.wait_for_timeout(read * 1000)
            start = time.perf_counter()
            page.get_by_role("link", name="Feature maps").first.click(timeout=TIMEOUT_MS)
            page.get_by_text(READY).first.wait_for(timeout=TIMEOUT_MS)
            return started, home, time.perf_counter() - start

        return _visit(browser, visit)


def deep_link(browser: object, warm: bool) -> float:
    env = {"CNNVIZ_WARMUP": "1" if warm else "0"}
    with tempfile.TemporaryDirectory() as runs, streamlit_server(env={**env, "CNNVIZ_RUNS_DIR": runs},
                                                                 serve=True) as url:
        return _visit(browser, lambda page: _timed_goto(page, f"{url}/feature_maps", READY))


def _visit(browser: object, fn: object) -> object:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        return fn(page)
    finally:
        context.close()


def summary(name: str, values: list[float]) -> str:
    return f"{name:<40} min {min(values):6.2f} s   median {statistics.median(values):6.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--read", type=float, default=5.0, help="seconds spent reading the home page")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        results.setdefault(name, []).append(value)

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for _ in range(args.rounds):
            add("tensorflow import", tensorflow_import_seconds())
            started, shown = blank(browser, Path(folder))
            add("blank app: server start to ready", started)
            add("blank app cold start", shown)
            started, home, click = home_then_click(browser, args.read, warm=True)
            add("cnnviz: server start to ready", started)
            add("cnnviz home cold start", home)
            add(f"click after {args.read:g} s reading (warm-up)", click)
            add("deep link, fresh server (warm-up)", deep_link(browser, warm=True))
            started, home, click = home_then_click(browser, args.read, warm=False)
            add("cnnviz: start to ready (no warm-up)", started)
            add("cnnviz home cold start (no warm-up)", home)
            add(f"click after {args.read:g} s reading (no warm-up)", click)
            add("deep link, fresh server (no warm-up)", deep_link(browser, warm=False))
        browser.close()
    print(f"first click, {args.rounds} interleaved rounds (fresh servers each):")
    for name, values in results.items():
        print("  " + summary(name, values))
    ratio = [h / b for h, b in zip(results["cnnviz home cold start"], results["blank app cold start"], strict=False)]
    print(f"  home / blank cold start: min {min(ratio):.2f}, median {statistics.median(ratio):.2f}")
    budget = [d - t for d, t in zip(results["deep link, fresh server (warm-up)"], results["tensorflow import"],
                                    strict=False)]
    print(f"  deep link − TensorFlow import: min {min(budget):.2f} s, median {statistics.median(budget):.2f} s "
          f"(goal ≤ 1 s)")


if __name__ == "__main__":
    main()
