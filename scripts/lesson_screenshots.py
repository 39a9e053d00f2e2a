"""Screenshots of every shipped lesson step in presenter mode, in Korean, at 1920×1080.

    .venv/bin/python -m scripts.lesson_screenshots [OUT_FOLDER]     # default: docs/screenshots/lessons

Starts the app on a free loopback port (as the browser tests do), opens each step's link
(`?lesson=ID&step=N&present=1&lang=ko`) in Debian's Chromium, waits until Streamlit has finished,
and saves `ID-N.png`. `make screenshots` runs it after the browser tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from e2e_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

from cnnviz.teach import lessons  # noqa: E402


def settle(page: object) -> None:
    """Wait until the page has its title, stops changing and no script is running (charts and images painted)."""
    page.locator("[data-testid=stMain] h1").first.wait_for()
    last, stable = -1, 0
    for _ in range(240):
        page.wait_for_timeout(500)
        size = len(page.inner_text("body")) + 1000 * page.locator("img").count()
        running = page.locator("[data-testid=stStatusWidget]").count()
        stable = stable + 1 if size == last and not running else 0
        last = size
        if stable >= 6:
            return


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots" / "lessons"
    out.mkdir(parents=True, exist_ok=True)
    with streamlit_server(env={"CNNVIZ_RUNS_DIR": str(out / ".runs")}) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for lesson in lessons.LESSONS.values():
            for number, step in enumerate(lesson.steps, start=1):
                context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ko-KR")
                page = context.new_page()
                page.set_default_timeout(120_000)
                link = lessons.view_url(step.view, lesson=lesson.id, step=number, present=1, lang="ko")
                page.goto(f"{url}/{link}")
                settle(page)
                target = out / f"{lesson.id}-{number}.png"
                page.screenshot(path=str(target))
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
