"""The view state's one owner (app_state/view.py): every choice survives page switches, links carry the
whole view, lesson links open their step, and the list of kept widgets matches the pages' own source."""

from __future__ import annotations

import ast
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from helpers import app_test
from streamlit.testing.v1 import AppTest

from app_state import view
from cnnviz.core import i18n
from cnnviz.teach import lessons

ROOT = Path(__file__).resolve().parents[1]
APP_FILES = [*sorted((ROOT / "app_pages").rglob("*.py")), *sorted((ROOT / "app_state").glob("*.py"))]
FASHION = "ckpt:fashion_cnn_fashion"
# Streamlit widgets whose value is a choice, and those whose value Streamlit refuses to take from the session
# (`chart` is `present.chart`, every plotly chart with its text alternative)
VALUE_WIDGETS = {"selectbox", "slider", "select_slider", "radio", "toggle", "checkbox", "multiselect",
                 "segmented_control", "number_input", "text_input", "text_area", "pills", "color_picker"}
OTHER_WIDGETS = {"button", "download_button", "file_uploader", "plotly_chart", "chart", "dataframe", "camera_input",
                 "data_editor", "form_submit_button", "graphviz_chart", "link_button", "page_link"}
# Value widgets not kept on purpose: the lesson picker mirrors `lesson` (set every run), and the runs
# manager's name boxes and share toggles are keyed per run (their value is the run's, read from disk).
NOT_KEPT = {"_lesson_pick", "key", "share_key", "state_key"}


def widget_keys() -> tuple[set[str], set[str]]:
    """(value widgets' keys, other widgets' keys) as written in app_pages/, app_state/ and the entry script; an f-string
    key is written with its fields filled by "0"."""
    values, others = set(), set()
    for path in [*APP_FILES, ROOT / "streamlit_app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            for keyword in node.keywords:
                if keyword.arg != "key":
                    continue
                names = _key_texts(keyword.value)
                if node.func.attr in VALUE_WIDGETS:
                    values |= names
                elif node.func.attr in OTHER_WIDGETS:
                    others |= names
    return values, others


def _key_texts(node: ast.expr) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.JoinedStr):
        return {"".join(v.value if isinstance(v, ast.Constant) else "0" for v in node.values)}
    if isinstance(node, ast.IfExp):
        return _key_texts(node.body) | _key_texts(node.orelse)
    if isinstance(node, ast.BoolOp):
        return set().union(*(_key_texts(v) for v in node.values))
    if isinstance(node, ast.Name):
        return {node.id}
    return set()


def test_every_value_widget_is_kept_and_no_other_widget_is() -> None:
    values, others = widget_keys()
    assert len(values) > 60  # the scan found the pages' widgets
    missing = {key for key in values - NOT_KEPT if not view.kept(key)}
    assert not missing, f"value widgets whose choice a page switch would drop: {sorted(missing)}"
    refused = {key for key in others if view.kept(key)}
    assert not refused, f"Streamlit refuses session values for these widgets: {sorted(refused)}"


def test_the_picker_keys_of_pick_and_view_choice_are_kept() -> None:
    """Keys passed to the shared pickers (`pick(..., 'layer')`, `view_choice('calc', ...)`) are kept too."""
    found = set()
    for path in APP_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
                if node.func.attr == "pick" and len(node.args) >= 3:
                    found |= _key_texts(node.args[2])
                elif node.func.attr == "view_choice":
                    found |= _key_texts(node.args[0])
    assert {"layer", "ex_layer", "emb_layer", "calc", "lab"} <= found
    assert all(view.kept(key) for key in found), found


def run_page(app: AppTest, page: str) -> AppTest:
    app.switch_page(f"app_pages/{page}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_switch_keeps_language_presenter_and_lesson() -> None:
    """Next in a lesson, from Korean presenter mode: the new page is Korean, presenting, on the next step."""
    app = app_test()
    for key, value in {"present": "1", "lang": "ko", "lesson": "fashion", "step": "1"}.items():
        app.query_params[key] = value
    run_page(app, "train")
    app.button(key="lesson_next").click().run()
    assert not app.exception
    assert app.session_state["lang"] == "ko" and app.session_state["present"] is True
    assert app.session_state["step"] == 2
    assert app.title[0].value == i18n.t("nav.architecture", "ko")
    query = dict(app.query_params)
    assert query["lang"] == ["ko"] or query["lang"] == "ko"


def test_a_lesson_link_without_a_page_opens_the_steps_page_and_view() -> None:
    """README's `?lesson=fashion&step=6` opens Feature maps on conv1, not Home."""
    app = app_test()
    app.query_params["lesson"] = "fashion"
    app.query_params["step"] = "6"
    app.run()
    assert not app.exception
    assert app.title[0].value == i18n.t("nav.feature_maps", "en")
    assert app.selectbox(key="layer").value == "conv1"


def test_a_lesson_link_to_its_page_shows_the_steps_layer() -> None:
    """`/feature_maps?lesson=fashion&step=7` shows conv2, the layer its note is about."""
    app = app_test()
    app.query_params["lesson"] = "fashion"
    app.query_params["step"] = "7"
    run_page(app, "feature_maps")
    assert app.selectbox(key="layer").value == "conv2"


def test_a_links_own_values_win_over_the_steps() -> None:
    app = app_test()
    for key, value in {"lesson": "fashion", "step": "7", "layer": "conv1"}.items():
        app.query_params[key] = value
    run_page(app, "feature_maps")
    assert app.selectbox(key="layer").value == "conv1"


EXPLAIN_VIEW = {"ex_methods": "grad_cam,score_cam", "ex_target": "top3", "ex_opacity": "0.6",
                "ex_layer": "conv1", "sample": "3", "lang": "ko"}


def test_an_explain_link_carries_methods_classes_opacity_and_layer() -> None:
    app = app_test()
    for key, value in EXPLAIN_VIEW.items():
        app.query_params[key] = value
    run_page(app, "explain")
    assert app.multiselect(key="ex_methods").value == ["grad_cam", "score_cam"]
    assert app.radio(key="ex_target").value == "top3"
    assert app.slider(key="ex_opacity").value == pytest.approx(0.6)
    assert app.selectbox(key="ex_layer").value == "conv1"
    link = urlsplit(app.sidebar.code[0].value)
    carried = dict(parse_qsl(link.query))
    assert {k: carried.get(k) for k in EXPLAIN_VIEW} == EXPLAIN_VIEW
    assert link.path == "/explain"


@pytest.mark.parametrize("key, raw", [("ex_methods", "grad_cam,rm -rf"), ("ex_methods", "," * 40),
                                      ("ex_opacity", "2"), ("ex_opacity", "nan"), ("ex_opacity", "1e-1"),
                                      ("ex_target", "everything")])
def test_unusable_explain_values_fall_back_with_a_note(key: str, raw: str) -> None:
    app = app_test()
    app.query_params[key] = raw
    run_page(app, "explain")
    assert not app.error
    assert any(key in info.value for info in app.info)  # "… from the link could not be used"


def test_unit_and_list_values_round_trip() -> None:
    assert lessons.check_value("ex_opacity", "0.6") == pytest.approx(0.6)
    assert lessons.value_text(0.6000000000000001) == "0.6"
    assert lessons.check_value("ex_methods", "a,b") == ["a", "b"]
    assert lessons.check_value("ex_methods", "a,a") is None
    assert lessons.value_text(["a", "b"]) == "a,b"
