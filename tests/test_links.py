"""Links that carry the view, and lessons in the app: the whole app (entry script, sidebar, lesson panel)
driven by AppTest, each link opened on a fresh session."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from helpers import app_test
from streamlit.testing.v1 import AppTest

from cnnviz.core import i18n
from cnnviz.teach import lessons

FASHION = "ckpt:fashion_cnn_fashion"
EVERY_KEY = {"model": FASHION, "dataset": "fashion_mnist_sample", "layer": "conv2", "sample": "5",
             "fm_channel": "7", "fm_sort": "1", "fm_scale": "layer", "lang": "ko", "seed": "3",
             "lesson": "fashion", "step": "7"}


def open_link(page: str, **query: str) -> AppTest:
    """A fresh session opening `page` with `query`, through the entry script; no exception, no error."""
    app = app_test()
    for key, value in query.items():
        app.query_params[key] = value
    app.switch_page(f"app_pages/{page}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def shown(app: AppTest) -> dict[str, object]:
    """Every choice a link may set, as its widget shows it."""
    widgets = [*app.selectbox, *app.toggle, *app.radio, *app.number_input]
    view = {w.key: w.value for w in widgets if w.key in lessons.VIEW_KEYS or w.key == "lang"}
    return view | {"seed": app.session_state["seed"], "title": app.title[0].value}


def copied_link(app: AppTest) -> str:
    """The 'link to this view' the sidebar offers."""
    return app.sidebar.code[0].value


def test_a_link_with_every_key_reproduces_the_view_on_a_fresh_app() -> None:
    sender = open_link("feature_maps", **EVERY_KEY)
    view = shown(sender)
    assert view == {"layer": "conv2", "fm_channel": 7, "lang": "ko", "model": FASHION, "fm_source": "sample",
                    "dataset": "fashion_mnist_sample", "fm_sort": True, "fm_scale": "layer", "sample": 5,
                    "seed": 3, "title": i18n.t("nav.feature_maps", "ko")}
    link = urlsplit(copied_link(sender))
    assert link.path == "/feature_maps"
    assert dict(parse_qsl(link.query)) == EVERY_KEY
    receiver = open_link("feature_maps", **dict(parse_qsl(link.query)))
    assert shown(receiver) == view
    assert copied_link(receiver) == copied_link(sender)
    assert any(i18n.t("lesson.step", "ko", n=7, m=7) in m.value for m in receiver.main.markdown)  # above the page


def test_lesson_steps_move_with_previous_and_next() -> None:
    app = open_link("train", lesson="fashion", step="1")
    assert app.title[0].value == i18n.t("nav.train")
    assert app.button(key="lesson_previous").disabled
    app.button(key="lesson_next").click().run()
    assert app.title[0].value == i18n.t("nav.architecture")
    assert app.session_state["step"] == 2 and app.selectbox(key="layer").value == "conv1"
    assert any("18,496" in m.value for m in app.main.markdown)  # the note's figures, measured
    app.button(key="lesson_previous").click().run()
    assert app.title[0].value == i18n.t("nav.train") and app.session_state["step"] == 1
    assert not app.exception


def test_a_lesson_step_sets_its_own_view_over_the_previous_one() -> None:
    app = open_link("feature_maps", lesson="fashion", step="7", layer="conv2", sample="3", fm_sort="1")
    app.button(key="lesson_previous").click().run()
    assert app.selectbox(key="layer").value == "conv1"
    assert app.number_input(key="sample").value != 3  # the lesson's ankle boot, not the old sample
    assert app.toggle(key="fm_sort").value is False


def test_an_unusable_lesson_in_a_link_is_explained_and_closed() -> None:
    app = open_link("home", lesson="~garbage", step="2")
    assert i18n.t("lesson.error.unknown") in [i.value for i in app.sidebar.info]
    assert "lesson" not in app.query_params


def test_a_link_naming_an_uploaded_model_lands_on_the_default_with_a_note() -> None:
    app = open_link("architecture", model="upload")
    assert app.sidebar.selectbox(key="model").value == FASHION
    notes = [i.value for i in app.info]
    assert i18n.t("link.upload_note", what=i18n.t("link.upload_model")) in notes


def test_the_sender_is_told_before_copying_that_an_upload_does_not_travel() -> None:
    app = open_link("architecture")
    assert not app.sidebar.warning
    app.sidebar.selectbox(key="model").set_value("upload").run()
    warning = i18n.t("link.upload_warning", what=i18n.t("link.upload_model"))
    assert warning in [w.value for w in app.sidebar.warning]


def test_a_teacher_builds_reorders_and_shares_a_lesson() -> None:
    app = open_link("kernels", model=FASHION, layer="conv1")
    app.sidebar.button(key="lesson_add").click().run()
    app.switch_page("app_pages/architecture.py").run()
    app.sidebar.button(key="lesson_add").click().run()
    app.sidebar.text_area(key="lesson_note_0").input("Kernels first").run()
    app.sidebar.text_area(key="lesson_note_1").input("Then the table").run()
    app.sidebar.button(key="lesson_down_0").click().run()
    notes = [app.sidebar.text_area(key=f"lesson_note_{i}").value for i in (0, 1)]
    assert notes == ["Then the table", "Kernels first"]
    link = urlsplit(app.sidebar.code[-1].value)
    query = dict(parse_qsl(link.query))
    assert link.path == "/architecture" and query["step"] == "1"
    lesson = lessons.lesson_from_token(query["lesson"])  # what the link carries
    assert [(s.view.page, s.note) for s in lesson.steps] == [("architecture", "Then the table"),
                                                             ("kernels", "Kernels first")]
    assert lesson.steps[1].view.values["layer"] == "conv1"
    receiver = open_link("architecture", **query)
    assert any("Then the table" in m.value for m in receiver.main.markdown)
    receiver.button(key="lesson_next").click().run()
    assert receiver.title[0].value == i18n.t("nav.kernels")
    assert receiver.selectbox(key="layer").value == "conv1"
    assert any("Kernels first" in m.value for m in receiver.main.markdown)


def test_a_hostile_lesson_file_is_refused_with_a_message() -> None:
    app = open_link("home")
    app.sidebar.file_uploader(key="lesson_upload").set_value(
        ("lesson.json", b'{"cnnviz_lesson": 1, "title": "x", "steps": [{"page": "../etc"}]}',
         "application/json")).run()
    assert not app.exception
    assert any(i18n.t("lesson.error.page", step=1, pages=", ".join(lessons.PAGES)) == e.value
               for e in app.sidebar.error)
