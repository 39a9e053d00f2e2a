"""axe-core in Chromium for the browser tests: the WCAG 2.0/2.1 A and AA rules, and the pictures' words.

axe-core is the engine behind Lighthouse's accessibility audit; `axe-playwright-python` (pinned in
requirements-dev.txt) ships its `axe.min.js` and runs it in the page.
"""

from __future__ import annotations

from collections import Counter

# WCAG 2.0 and 2.1, levels A and AA: what schools are asked to meet (KWCAG 2.2 and Section 508 follow them)
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
BLOCKING = ("serious", "critical")

# Every picture in the main area and what a screen reader is given for it: an <img>'s alt, a chart's or a
# diagram's accessible name (Streamlit sets `alt=` as aria-label on the figure's container).
PICTURES = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const named = el => { const box = el.closest('[aria-label], [role=img]');
                        return (box && box.getAttribute('aria-label')) || ''; };
  const images = [...main.querySelectorAll('[data-testid=stImage] img')]
    .map(img => ({kind: 'image', words: img.getAttribute('alt')}));
  const charts = [...main.querySelectorAll('[data-testid=stPlotlyChart]')]
    .map(chart => ({kind: 'chart', words: chart.getAttribute('aria-label') || named(chart.querySelector('*'))
                    || [...chart.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))[0] || ''}));
  const diagrams = [...main.querySelectorAll('[data-testid=stGraphVizChart]')]
    .map(chart => ({kind: 'diagram', words: chart.getAttribute('aria-label')
                    || [...chart.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))[0] || ''}));
  return [...images, ...charts, ...diagrams];
}"""


def audit(page: object) -> list[dict]:
    """axe-core's WCAG A/AA violations on the page as it is drawn now."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def blocking(violations: list[dict]) -> list[str]:
    """The serious and critical violations, each as 'rule (impact): where, why' for an assertion message."""
    return [f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')[:200]}"
            for v in violations if v["impact"] in BLOCKING for node in v["nodes"]]


def counts(violations: list[dict]) -> dict[str, int]:
    """How many elements break a rule, per impact (for the printed before/after table)."""
    found: Counter[str] = Counter()
    for v in violations:
        found[v["impact"] or "unknown"] += len(v["nodes"])
    return dict(found)


def pictures(page: object) -> list[dict]:
    """Every picture in the main area with the words a screen reader gets for it ('' or None: none)."""
    return page.evaluate(PICTURES)


def wordless(page: object) -> list[dict]:
    """The pictures in the main area that have no words for a screen reader."""
    return [p for p in pictures(page) if not (p["words"] or "").strip()]
