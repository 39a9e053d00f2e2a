"""cnnviz.lessons: the four shipped lessons, their numbers against hand calculations, JSON and link round
trips, and hostile lesson files and links refused with a readable message."""

from __future__ import annotations

import base64
import json
import random
import zlib
from pathlib import Path

import pytest

from cnnviz.core import i18n
from cnnviz.models import zoo
from cnnviz.teach import lessons

ROOT = Path(__file__).resolve().parents[1]


def note_texts(lesson: lessons.Lesson) -> list[str]:
    return [lesson.note(i, lang) for i in range(len(lesson.steps)) for lang in i18n.LANGUAGES]


def test_four_lessons_ship_in_course_order() -> None:
    assert list(lessons.LESSONS) == ["fashion", "alexnet", "vgg16", "modules"]
    fashion = [step.view.page for step in lessons.LESSONS["fashion"].steps]
    assert fashion == ["train", "architecture", "evaluate", "weights", "kernels", "feature_maps",
                       "feature_maps"]
    maps = [step.view.values["layer"] for step in lessons.LESSONS["fashion"].steps[-2:]]
    assert maps == ["conv1", "conv2"]


@pytest.mark.parametrize("lesson_id", list(lessons.LESSONS))
def test_every_step_is_a_valid_view_with_a_note_in_both_languages(lesson_id: str) -> None:
    lesson = lessons.LESSONS[lesson_id]
    zoo_names = {spec.name for spec in zoo.list_models()}
    for step in lesson.steps:
        assert step.view.page in lessons.PAGES
        for key, value in step.view.values.items():
            assert lessons.check_value(key, value) is not None, (key, value)
        model = step.view.values["model"]
        shipped = ROOT / "checkpoints" / f"{model.removeprefix('ckpt:')}.keras"
        assert model.removeprefix("zoo:") in zoo_names or shipped.exists()
    for text in note_texts(lesson):
        assert text.strip() and "{" not in text
    assert lesson.title_in("ko") != lesson.title_in("en")


def test_fashion_parameter_counts_match_the_hand_calculation() -> None:
    conv1 = 3 * 3 * 1 * 32 + 32  # 3×3 kernels on 1 channel, 32 filters, one bias each
    conv2 = 3 * 3 * 32 * 64 + 64
    dense = (28 // 2 // 2) ** 2 * 64 * 100 + 100  # 28×28 ('same' convs) pooled twice, 64 maps, 100 units
    output = 100 * 10 + 10
    assert (conv1, conv2, dense, output) == (320, 18_496, 313_700, 1_010)  # the course's figures
    values = lessons.lesson_values("fashion")
    assert [values[k] for k in ("conv1", "conv2", "dense", "predictions")] == [
        f"{n:,}" for n in (conv1, conv2, dense, output)]
    assert values["total"] == f"{conv1 + conv2 + dense + output:,}"
    for text in (lessons.LESSONS["fashion"].note(1, lang) for lang in i18n.LANGUAGES):
        assert all(figure in text for figure in ("320", "18,496", "313,700", "1,010"))


def test_fashion_training_figures_come_from_the_shipped_history() -> None:
    meta = json.loads((ROOT / "checkpoints" / "fashion_cnn_fashion.json").read_text(encoding="utf-8"))
    val_loss = meta["history"]["val_loss"]
    best = min(range(len(val_loss)), key=val_loss.__getitem__) + 1  # epochs count from 1
    values = lessons.lesson_values("fashion")
    assert values["best"] == str(best) and values["epochs"] == str(len(val_loss))
    assert values["patience"] == str(meta["hyperparameters"]["patience"])
    assert len(val_loss) - best == meta["hyperparameters"]["patience"]  # what the note says stopped it
    assert f"epoch {best}" in lessons.LESSONS["fashion"].note(2)


def test_alexnet_sizes_parameters_and_initialiser() -> None:
    values = lessons.lesson_values("alexnet")
    assert values["input"] == "227×227×3"
    assert values["conv1_formula"].endswith(f"= {(227 - 11) // 4 + 1}")  # 55
    assert values["pool1_formula"].endswith(f"= {(55 - 3) // 2 + 1}")  # 27
    assert values["conv1_params"] == f"{11 * 11 * 3 * 96 + 96:,}" == "34,944"
    assert values["initializer"] == "he_normal"


def test_vgg16_frozen_base_and_trainable_head() -> None:
    values = lessons.lesson_values("vgg16")
    assert values["frozen"] == "14,714,688"  # Keras's published VGG16 without its top
    assert values["trainable"] == f"{512 + 1:,}"  # 1×1×512 features into one sigmoid unit, plus its bias
    assert values["total"] == f"{14_714_688 + 513:,}"
    assert values["share"] == f"{513 / (14_714_688 + 513):.3%}"


def test_inception_and_residual_figures_match_the_hand_calculation() -> None:
    c = 192  # GoogLeNet 3a: 64 1×1, 128 3×3, 32 5×5, 32 pool projection; reductions 96 and 16
    naive = (c * 64 + 64) + (9 * c * 128 + 128) + (25 * c * 32 + 32)
    reduced = ((c * 64 + 64) + (c * 96 + 96) + (9 * 96 * 128 + 128) + (c * 16 + 16) + (25 * 16 * 32 + 32)
               + (c * 32 + 32))
    values = lessons.lesson_values("modules")
    assert (values["naive"], values["reduced"]) == (f"{naive:,}", f"{reduced:,}")
    assert values["ratio"] == f"{reduced / naive:.0%}"
    assert values["projection"].endswith(f"= {1 * 1 * 3 * 64 + 64}")


def custom() -> lessons.Lesson:
    steps = (lessons.Step(lessons.View.of("feature_maps", model="ckpt:fashion_cnn_fashion", layer="conv2",
                                          sample=5, fm_sort=True), "Look at the boot.\nWhat lights up?"),
             lessons.Step(lessons.View.of("home"), "수고했어요"))
    return lessons.Lesson("", "Boots", steps)


def test_json_round_trip_keeps_a_teachers_lesson() -> None:
    lesson = custom()
    assert lessons.lesson_from_json(lessons.lesson_to_json(lesson)) == lesson
    assert lesson.steps[0].view.values["fm_sort"] == "1"


def test_a_shipped_lesson_exports_its_notes_in_the_chosen_language() -> None:
    loaded = lessons.lesson_from_json(lessons.lesson_to_json(lessons.LESSONS["fashion"], "ko"))
    assert loaded.title == i18n.t("lesson.fashion.title", "ko")
    assert loaded.note(1) == lessons.LESSONS["fashion"].note(1, "ko")
    assert [s.view for s in loaded.steps] == [s.view for s in lessons.LESSONS["fashion"].steps]


def test_link_token_round_trip_and_shipped_ids() -> None:
    token = lessons.lesson_token(custom())
    assert token.startswith(lessons.TOKEN_PREFIX) and token.isascii()
    assert lessons.lesson_from_token(token) == custom()
    assert lessons.lesson_from_token("alexnet") is lessons.LESSONS["alexnet"]


def test_view_url_is_the_page_and_its_query() -> None:
    view = lessons.View.of("kernels", model="zoo:alexnet", layer="conv1")
    assert lessons.view_url(view, step=2) == "kernels?layer=conv1&model=zoo%3Aalexnet&step=2"
    assert lessons.view_url(lessons.View.of("home")) == ""


def test_a_lesson_too_long_for_a_link_says_to_share_the_file() -> None:
    rng = random.Random(0)
    notes = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz가나다라") for _ in range(900)) for _ in range(12)]
    steps = tuple(lessons.Step(lessons.View.of("home"), note) for note in notes)
    with pytest.raises(lessons.LessonError) as caught:
        lessons.lesson_token(lessons.Lesson("", "long", steps))
    assert caught.value.key == "lesson.error.link_long"


def document(**changes: object) -> str:
    base = {"cnnviz_lesson": 1, "title": "t", "steps": [{"page": "kernels", "view": {"layer": "conv1"}}]}
    return json.dumps(base | changes)


def step(**fields: object) -> str:
    return document(steps=[{"page": "kernels"} | fields])


HOSTILE = {
    "too_big": ("x" * (lessons.MAX_JSON_BYTES + 1), "lesson.error.too_big"),
    "not_json": ("<html>not a lesson</html>", "lesson.error.not_json"),
    "binary": (b"\x89PNG\r\n\x1a\n\xff\xfe", "lesson.error.not_json"),
    "deep": ("[" * 30_000 + "]" * 30_000, "lesson.error.not_json"),
    "a_list": ("[1, 2, 3]", "lesson.error.not_lesson"),
    "wrong_version": (document(cnnviz_lesson=2), "lesson.error.not_lesson"),
    "no_steps": (document(steps=[]), "lesson.error.not_lesson"),
    "title_not_text": (document(title=["x"]), "lesson.error.not_lesson"),
    "step_not_object": (document(steps=["kernels"]), "lesson.error.not_lesson"),
    "unknown_page": (step(page="../../etc/passwd"), "lesson.error.page"),
    "unknown_key": (step(view={"__proto__": "x"}), "lesson.error.key"),
    "non_ascii_digit": (step(view={"sample": "²"}), "lesson.error.value"),
    "number_not_text": (step(view={"sample": 3}), "lesson.error.value"),
    "huge_value": (step(view={"layer": "a" * 201}), "lesson.error.value"),
    "control_chars": (step(view={"layer": "conv1\x00"}), "lesson.error.value"),
    "too_many": (document(steps=[{"page": "home"}] * (lessons.MAX_STEPS + 1)), "lesson.error.too_many"),
    "long_note": (step(note="n" * (lessons.MAX_NOTE + 1)), "lesson.error.note_long"),
    "long_title": (document(title="t" * (lessons.MAX_TITLE + 1)), "lesson.error.title_long"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_lesson_files_are_refused_with_a_message_in_both_languages(name: str) -> None:
    text, key = HOSTILE[name]
    with pytest.raises(lessons.LessonError) as caught:
        lessons.lesson_from_json(text)
    assert caught.value.key == key
    assert caught.value.text("ko") != str(caught.value) and str(caught.value)


def pack(raw: bytes) -> str:
    return lessons.TOKEN_PREFIX + base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode()


@pytest.mark.parametrize("token, key", [
    ("klingon", "lesson.error.unknown"),
    ("~not base64!!", "lesson.error.unknown"),
    ("~" + base64.urlsafe_b64encode(b"not zlib").decode(), "lesson.error.unknown"),
    (pack(b" " * 4_000_000), "lesson.error.too_big"),  # 4 MB in a ~5 KB link: inflated only to the cap
    (pack(b'{"cnnviz_lesson": 1, "title": "t", "steps": [{"page": "nope"}]}'), "lesson.error.page"),
    ("~" + "A" * lessons.MAX_TOKEN, "lesson.error.unknown"),
])
def test_hostile_lesson_links_are_refused(token: str, key: str) -> None:
    with pytest.raises(lessons.LessonError) as caught:
        lessons.lesson_from_token(token)
    assert caught.value.key == key


def test_note_text_is_kept_but_control_characters_are_dropped() -> None:
    lesson = lessons.lesson_from_json(step(note="line one\nline two\x07\u202e"))
    assert lesson.steps[0].note == "line one\nline two"
