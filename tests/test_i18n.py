"""Every UI string exists in English and Korean, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cnnviz.core import i18n

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


# --- one word per idea: the glossary, and lesson notes that name the app's own labels ---------------------


def forbidden_variants(korean: str) -> list[str]:
    """The FORBIDDEN_KO variants `korean` uses outside the glossary terms that contain them."""
    found = []
    for variant in i18n.FORBIDDEN_KO:
        text = korean
        for _, term in i18n.GLOSSARY.values():
            if variant in term:  # 그래디언트 inside 적분 그래디언트 is that idea's own name
                text = text.replace(term, "")
        if variant in text:
            found.append(variant)
    return found


def test_the_glossary_names_each_forbidden_variants_idea() -> None:
    assert sorted(set(i18n.FORBIDDEN_KO.values()) - set(i18n.GLOSSARY)) == []
    assert i18n.GLOSSARY["epoch"] == ("epoch", "에포크")
    assert all(not forbidden_variants(korean) for _, korean in i18n.GLOSSARY.values())
    assert forbidden_variants("적분 그래디언트는 그래디언트를 더합니다") == ["그래디언트"]
    assert forbidden_variants("5에폭 중 2번째 에폭") == ["에폭"]


def test_korean_strings_use_one_word_per_idea() -> None:
    wrong = {key: [f"{v} → {i18n.GLOSSARY[i18n.FORBIDDEN_KO[v]][1]}" for v in forbidden_variants(korean)]
             for key, (_, korean) in i18n.STRINGS.items()}
    assert {key: words for key, words in wrong.items() if words} == {}


# A label quoted in a note: “…” (as the notes quote), «…» or 「…」.
QUOTED = re.compile(r"“([^”]+)”|«([^»]+)»|「([^」]+)」")


def quoted_labels(text: str) -> list[str]:
    return [next(group for group in match.groups() if group) for match in QUOTED.finditer(text)]


def keys_titled(label: str, index: int) -> set[str]:
    """The keys whose text in language `index` (0 English, 1 Korean) is exactly `label`."""
    return {key for key, texts in i18n.STRINGS.items() if texts[index] == label}


def test_a_lesson_note_quotes_a_label_by_its_exact_title_in_both_languages() -> None:
    from cnnviz.teach import lessons

    note_keys = [step.note_key for lesson in lessons.LESSONS.values() for step in lesson.steps if step.note_key]
    assert "lesson.fashion.1" in note_keys
    english, korean = i18n.STRINGS["lesson.fashion.1"]
    assert quoted_labels(english) == [i18n.t("train.preprocessing", "en")]  # the Train page's expander
    assert quoted_labels(korean) == [i18n.t("train.preprocessing", "ko")]
    for key in note_keys:
        english, korean = i18n.STRINGS[key]
        labels = list(zip(quoted_labels(english), quoted_labels(korean), strict=True))
        for en_label, ko_label in labels:
            assert keys_titled(en_label, 0) & keys_titled(ko_label, 1), (key, en_label, ko_label)
