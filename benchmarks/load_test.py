"""Classroom load test: 30 browser sessions on Feature maps and 2 trainings at once, against one local server.

Loopback only, bounded in time. Starts `streamlit run` on 127.0.0.1, drives headless Chromium pages with
Playwright, samples the server's memory, and prints sessions served, errors (goal 0), p50/p95 time to
feature maps and the server's peak memory.

    python benchmarks/load_test.py [--sessions 30] [--trainings 2] [--deadline 600]

Kept for the trainings-in-a-browser scenario: its times include 30 Chromium pages sharing the server's cores.
The server's own figures come from `benchmarks/ws_load.py` (Streamlit's websocket protocol, no browser).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import psutil  # noqa: E402
from e2e_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

ERROR_MARKERS = ("Traceback (most recent call last)", "An error has occurred", "StreamlitAPIException")


class MemoryPeak(threading.Thread):
    """Samples the resident memory of the server process (and its children) until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process, self.peak, self.running = psutil.Process(pid), 0, True

    def run(self) -> None:
        while self.running:
            try:
                rss = sum(p.memory_info().rss for p in [self.process, *self.process.children(recursive=True)])
                self.peak = max(self.peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.2)


async def feature_maps_session(browser, url: str, index: int, timeout_ms: int) -> tuple[float | None, str | None]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    start = time.perf_counter()
    try:
        await page.goto(f"{url}/feature_maps?sample={index}", timeout=timeout_ms)
        await page.get_by_text("feature maps (").first.wait_for(timeout=timeout_ms)
        await page.get_by_text("Prediction:").first.wait_for(timeout=timeout_ms)
        elapsed = time.perf_counter() - start
        text = await page.inner_text("body")
        bad = next((m for m in ERROR_MARKERS if m in text), None)
        return (None, f"session {index}: {bad}") if bad else (elapsed, None)
    except Exception as err:  # a timeout or a crash both count as an error of this session
        return None, f"session {index}: {type(err).__name__}: {str(err).splitlines()[0][:120]}"
    finally:
        await context.close()


async def training_session(browser, url: str, index: int, timeout_ms: int) -> tuple[float | None, str | None]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    start = time.perf_counter()
    try:
        await page.goto(f"{url}/train", timeout=timeout_ms)
        await page.get_by_role("button", name="Start training").click(timeout=timeout_ms)
        await page.get_by_text("Saved checkpoint").first.wait_for(timeout=timeout_ms)
        return time.perf_counter() - start, None
    except Exception as err:
        return None, f"training {index}: {type(err).__name__}: {str(err).splitlines()[0][:120]}"
    finally:
        await context.close()


async def drive(url: str, sessions: int, trainings: int, deadline: float) -> dict:
    from playwright.async_api import async_playwright

    timeout_ms = int(deadline * 1000)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        jobs = [training_session(browser, url, i, timeout_ms) for i in range(trainings)]
        jobs += [feature_maps_session(browser, url, i, timeout_ms) for i in range(sessions)]
        results = await asyncio.wait_for(asyncio.gather(*jobs), timeout=deadline + 60)
        await browser.close()
    return {"trainings": results[:trainings], "sessions": results[trainings:]}


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--trainings", type=int, default=2)
    parser.add_argument("--deadline", type=float, default=600, help="seconds before everything is given up")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as runs, streamlit_server(env={"CNNVIZ_RUNS_DIR": runs}) as url:
        server_pid = next(c.pid for c in psutil.Process().children() if "streamlit" in " ".join(c.cmdline()))
        memory = MemoryPeak(server_pid)
        memory.start()
        started = time.perf_counter()
        results = asyncio.run(drive(url, args.sessions, args.trainings, args.deadline))
        wall = time.perf_counter() - started
        memory.running = False
    times = [t for t, e in results["sessions"] if e is None]
    errors = [e for _, e in results["sessions"] + results["trainings"] if e]
    trained = [t for t, e in results["trainings"] if e is None]
    print(f"sessions served: {len(times)}/{args.sessions} in {wall:.1f} s, trainings finished: "
          f"{len(trained)}/{args.trainings}")
    print(f"errors: {len(errors)}")
    for error in errors:
        print(f"  {error}")
    if times:
        print(f"time to feature maps: p50 {percentile(times, 50):.2f} s, p95 {percentile(times, 95):.2f} s, "
              f"max {max(times):.2f} s")
    if trained:
        print(f"training wall time: {', '.join(f'{t:.1f} s' for t in trained)}")
    print(f"server peak memory: {memory.peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
