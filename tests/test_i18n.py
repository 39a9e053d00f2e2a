"""Every UI string exists in English and Korean, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cnnviz import i18n

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_both_languages_present_with_same_placeholders(key: str) -> None:
    english, korean = i18n.STRINGS[key]
    assert english.strip() and korean.strip()
    assert i18n.placeholders(english) == i18n.placeholders(korean)


def test_korean_text_is_korean() -> None:
    hangul = re.compile("[\uac00-\ud7a3]")
    assert i18n.t("sidebar.model", "ko") == "모델"
    assert sum(bool(hangul.search(ko)) for _, ko in i18n.STRINGS.values()) > 0.9 * len(i18n.STRINGS)


def test_unknown_language_falls_back_to_english() -> None:
    assert i18n.t("sidebar.model", "fr") == "Model"


def test_every_key_used_by_the_app_exists() -> None:
    used: set[str] = set()
    for path in [ROOT / "streamlit_app.py", *ROOT.glob("app_pages/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.0-9]+)["']\s*[,)]""", path.read_text(encoding="utf-8")))
    assert used, "no t('...') calls found"
    assert sorted(used - set(i18n.STRINGS)) == []
