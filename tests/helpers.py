"""Helpers shared by the page tests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "streamlit_app.py"


def app_test(timeout: float = 120) -> AppTest:
    """The whole app (sidebar + navigation), not yet run."""
    return AppTest.from_file(str(APP), default_timeout=timeout)
