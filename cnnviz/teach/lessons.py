"""Lessons: ordered views of the app, each with a short note, that a class walks through step by step.

A `View` is what a link carries: a page and its query values (model, dataset, layer, sample, ...). A `Step`
is a view with a note; a `Lesson` is a titled list of steps. The four shipped lessons follow the course
material cnnviz is built from; their notes are i18n keys whose numbers are measured on built models
(`lesson_values`), never typed. A teacher's own lesson travels as a small JSON file (`lesson_to_json`,
`lesson_from_json`) or inside a link (`lesson_token`, `lesson_from_token`); both refuse hostile input with a
`LessonError` whose message is in i18n.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from cnnviz.core import i18n
from cnnviz.core.errors import CnnvizError
from cnnviz.models import arch

PAGES = ("home", "architecture", "train", "weights", "kernels", "feature_maps", "evaluate")
# The query values a view may carry (the session keys of the widgets they set), with their kind.
VIEW_KEYS: dict[str, str] = {
    "model": "text", "dataset": "text", "layer": "text", "sample": "int", "fm_channel": "int",
    "fm_sort": "flag", "fm_scale": "text", "arch_classic": "flag", "seed": "int", "calc": "text",
    "lab": "text", "epoch": "int", "fm_source": "text",
    # Explain's choices: its methods (a list), which classes, one class, the overlay's opacity, the layer
    "ex_methods": "list", "ex_target": "text", "ex_class": "int", "ex_opacity": "unit", "ex_baseline": "text",
    "ex_layer": "text",
}
LIST_SEPARATOR = ","  # a list value in a link: its items joined (an item never holds one: names are ids)
MAX_LIST_ITEMS = 12
MAX_JSON_BYTES = 64 * 1024  # a lesson of 40 steps with long notes is ~20 KB
MAX_STEPS = 40
MAX_TITLE = 120  # characters
MAX_NOTE = 1000  # characters
MAX_VALUE = 200  # characters, as for any query value
MAX_TOKEN = 6000  # characters of a lesson carried inside a link (browsers take ~32,000)
TOKEN_PREFIX = "~"  # a lesson value starting with this is an encoded lesson, not a shipped id
FORMAT_VERSION = 1
SHIPPED_CHECKPOINT = Path(__file__).resolve().parents[2] / "checkpoints" / "fashion_cnn_fashion.json"


class LessonError(CnnvizError):
    """A lesson file or link cannot be used (too big, not JSON, unknown page or key)."""


@dataclass(frozen=True)
class View:
    """A page and the query values that set it up, as a link carries them (all values as text)."""

    page: str
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, page: str, **params: object) -> View:
        """A view from keyword values; None values are left out, flags written as 1/0."""
        items = {k: value_text(v) for k, v in params.items() if v is not None}
        return cls(page, tuple(sorted(items.items())))

    @property
    def values(self) -> dict[str, str]:
        """The query values as a dict."""
        return dict(self.params)


@dataclass(frozen=True)
class Step:
    """One view of a lesson with its note: an i18n key (shipped lessons) or the teacher's own text."""

    view: View
    note: str = ""
    note_key: str | None = None
    focus: str = ""  # the one picture this step is about: above the fold in presenter mode (FOCUS)


@dataclass(frozen=True)
class Lesson:
    """A titled, ordered list of steps; `id` is '' for a teacher's own lesson."""

    id: str
    title: str
    steps: tuple[Step, ...]

    @property
    def shipped(self) -> bool:
        """True for a lesson cnnviz ships (its words are the code's), False for a teacher's own."""
        return self.id in LESSONS

    def title_in(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        """The title in `lang` (a shipped lesson's comes from i18n)."""
        return i18n.t(f"lesson.{self.id}.title", lang) if self.id in LESSONS else self.title

    def note(self, index: int, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        """Step `index`'s note in `lang`, its numbers filled from the models they describe."""
        step = self.steps[index]
        if step.note_key is None:
            return step.note
        return i18n.t(step.note_key, lang, **lesson_values(self.id))


def value_text(value: object) -> str:
    """A view value as a link (or a lesson file) writes it: flags 1/0, lists joined, fractions without noise."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)



# --- the shipped lessons ------------------------------------------------------------------------------

FASHION = "ckpt:fashion_cnn_fashion"
FASHION_DATA = "fashion_mnist_sample"
ALEXNET = "zoo:alexnet"


# The pictures a step can be about, by page: each page marks its own with `_present.focus(name)`, and the
# browser test of every shipped lesson checks that a step's picture is inside a 1920×1080 presenter viewport.
FOCUS: dict[str, tuple[str, ...]] = {
    "train": ("data", "curves"), "architecture": ("params", "diagram"), "evaluate": ("curves", "confusion"),
    "weights": ("histogram",), "kernels": ("kernels",), "feature_maps": ("input", "maps"),
}


def _shipped(lesson_id: str, *views: tuple[View, str]) -> Lesson:
    steps = tuple(Step(view, note_key=f"lesson.{lesson_id}.{n}", focus=focus)
                  for n, (view, focus) in enumerate(views, start=1))
    return Lesson(lesson_id, lesson_id, steps)


LESSONS: dict[str, Lesson] = {
    lesson.id: lesson
    for lesson in (
        _shipped(
            "fashion",
            (View.of("train", model=FASHION, dataset=FASHION_DATA), "data"),
            (View.of("architecture", model=FASHION, dataset=FASHION_DATA, layer="conv1"), "params"),
            (View.of("evaluate", model=FASHION, dataset=FASHION_DATA), "curves"),
            (View.of("weights", model=FASHION, dataset=FASHION_DATA, layer="conv1"), "histogram"),
            (View.of("kernels", model=FASHION, dataset=FASHION_DATA, layer="conv1"), "kernels"),
            (View.of("feature_maps", model=FASHION, dataset=FASHION_DATA, layer="conv1"), "maps"),
            (View.of("feature_maps", model=FASHION, dataset=FASHION_DATA, layer="conv2"), "maps"),
        ),
        _shipped(
            "alexnet",
            (View.of("architecture", model=ALEXNET, dataset=FASHION_DATA, arch_classic=True, layer="conv1"),
             "params"),
            (View.of("architecture", model=ALEXNET, dataset=FASHION_DATA, arch_classic=True, layer="pool1"),
             "params"),
            (View.of("kernels", model="zoo:alexnet", dataset=FASHION_DATA, layer="conv1"), "kernels"),
        ),
        _shipped(
            "vgg16",
            (View.of("architecture", model="zoo:vgg16_transfer", dataset=FASHION_DATA, arch_classic=True),
             "params"),
            (View.of("train", model="zoo:vgg16_transfer", dataset=FASHION_DATA), "data"),
        ),
        _shipped(
            "modules",
            (View.of("architecture", model="zoo:inception_naive", dataset=FASHION_DATA, arch_classic=True),
             "params"),
            (View.of("architecture", model="zoo:inception_reduced", dataset=FASHION_DATA, arch_classic=True,
                     layer="inception_3x3_reduce"), "params"),
            (View.of("architecture", model="zoo:residual_block", dataset=FASHION_DATA, arch_classic=True,
                     layer="res_projection"), "params"),
        ),
    )
}


def _params(rows: list[arch.LayerInfo], name: str) -> int:
    return next(row.params for row in rows if row.name == name)


@functools.cache
def lesson_values(lesson_id: str) -> dict[str, str]:
    """The figures a shipped lesson's notes quote, measured on the models they describe (cached)."""
    from cnnviz.models import figures, zoo

    if lesson_id == "fashion":
        rows = arch.layer_table(zoo.build_model("fashion_cnn"))
        values = {name: f"{_params(rows, name):,}" for name in ("conv1", "conv2", "dense", "predictions")}
        values["total"] = f"{sum(row.params for row in rows):,}"
        for row in rows:
            if row.name in ("conv1", "conv2"):
                values |= {f"{row.name}_formula": row.param_formula,
                           f"{row.name}_maps": str(row.output_shape[-1]),
                           f"{row.name}_size": "×".join(map(str, row.output_shape[:-1])),
                           f"{row.name}_kernel": "×".join(map(str, row.kernel_size or ()))}
        return values | _training_values()
    if lesson_id == "alexnet":
        model = zoo.build_model("alexnet")
        by_name = {row.name: row for row in arch.layer_table(model)}
        conv1, pool1 = by_name["conv1"], by_name["pool1"]
        return {"input": "×".join(map(str, model.input_shape[1:])),
                "conv1_formula": conv1.output_size_formula, "pool1_formula": pool1.output_size_formula,
                "conv1_params": f"{conv1.params:,}", "conv1_param_formula": conv1.param_formula,
                "initializer": _initializer_name(model.get_layer("conv1").kernel_initializer),
                "initializers": ", ".join(zoo.INITIALIZERS)}
    if lesson_id == "vgg16":
        model = zoo.build_model("vgg16_transfer", weights=None)
        totals = arch.totals(model)
        return {"total": f"{totals.params:,}", "trainable": f"{totals.trainable:,}",
                "frozen": f"{totals.non_trainable:,}", "share": f"{totals.trainable / totals.params:.3%}",
                "flops": f"{totals.flops:,}", "input": "×".join(map(str, model.input_shape[1:]))}
    if lesson_id == "modules":
        inception, residual = figures.inception_comparison(), figures.residual_summary()
        return {"naive": f"{inception.naive_params:,}", "reduced": f"{inception.reduced_params:,}",
                "ratio": f"{inception.param_ratio:.0%}", "channels": str(inception.input_channels),
                "r3": str(inception.reduce_3x3), "r5": str(inception.reduce_5x5),
                "res_params": f"{residual.params:,}", "projection": residual.projection_formula,
                "shape": "×".join(map(str, residual.input_shape)), "filters": str(residual.filters)}
    return {}


def _initializer_name(initializer: object) -> str:
    """The name the Train page lists for a Keras initializer object (e.g. 'he_normal')."""
    import keras

    from cnnviz.models import zoo

    same = (name for name in zoo.INITIALIZERS if type(keras.initializers.get(name)) is type(initializer))
    return next(same, type(initializer).__name__)


def _training_values() -> dict[str, str]:
    """The shipped Fashion-MNIST checkpoint's training figures: epochs run, best epoch, patience."""
    from cnnviz.train import checkpoints

    try:
        meta = checkpoints.read_metadata(SHIPPED_CHECKPOINT)
    except (CnnvizError, OSError):
        return {"epochs": "—", "best": "—", "patience": "—", "accuracy": "—"}
    accuracy = meta.final_metrics.get("test_accuracy")
    return {"epochs": str(len(meta.history.get("loss", []))), "best": str(meta.best_epoch or "—"),
            "patience": str(meta.hyperparameters.get("patience", "—")),
            "accuracy": f"{accuracy:.1%}" if isinstance(accuracy, float) else "—"}


# --- links --------------------------------------------------------------------------------------------


def view_url(view: View, **extra: object) -> str:
    """The link to a view, relative to the app: `page?key=value&...` (the home page is the app's root)."""
    path = "" if view.page == "home" else view.page
    query = urlencode({**view.values, **{k: value_text(v) for k, v in extra.items() if v is not None}})
    return f"{path}?{query}" if query else path


def lesson_token(lesson: Lesson) -> str:
    """A teacher's lesson packed for a link (compressed JSON, base64url); LessonError when too long."""
    packed = base64.urlsafe_b64encode(zlib.compress(lesson_to_json(lesson).encode(), 9)).decode().rstrip("=")
    token = TOKEN_PREFIX + packed
    if len(token) > MAX_TOKEN:
        raise LessonError(key="lesson.error.link_long", limit=f"{MAX_TOKEN:,}")
    return token


def lesson_from_token(token: str) -> Lesson:
    """The lesson a link carries: a shipped id, or a packed teacher's lesson; LessonError when unusable."""
    if token in LESSONS:
        return LESSONS[token]
    if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN:
        raise LessonError(key="lesson.error.unknown")
    packed = token[len(TOKEN_PREFIX):]
    try:
        raw = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
        inflater = zlib.decompressobj()
        text = inflater.decompress(raw, MAX_JSON_BYTES + 1)  # a bomb stops at the cap
    except (binascii.Error, ValueError, zlib.error) as err:
        raise LessonError(key="lesson.error.unknown") from err
    if len(text) > MAX_JSON_BYTES or inflater.unconsumed_tail:
        raise LessonError(key="lesson.error.too_big", limit=f"{MAX_JSON_BYTES // 1024}")
    return lesson_from_json(text)


# --- JSON ---------------------------------------------------------------------------------------------


def lesson_to_json(lesson: Lesson, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """The lesson as a small JSON file (a shipped lesson's notes written out in `lang`)."""
    steps = [{"page": step.view.page, "view": step.view.values, "note": lesson.note(i, lang)}
             for i, step in enumerate(lesson.steps)]
    document = {"cnnviz_lesson": FORMAT_VERSION, "title": lesson.title_in(lang), "steps": steps}
    return json.dumps(document, ensure_ascii=False, indent=1)


def lesson_from_json(text: str | bytes) -> Lesson:
    """A teacher's lesson from its JSON file, checked: size, schema, known pages and keys, value kinds."""
    if len(text) > MAX_JSON_BYTES:
        raise LessonError(key="lesson.error.too_big", limit=f"{MAX_JSON_BYTES // 1024}")
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise LessonError(key="lesson.error.not_json") from err
    if not isinstance(document, dict) or document.get("cnnviz_lesson") != FORMAT_VERSION:
        raise LessonError(key="lesson.error.not_lesson")
    title, steps = document.get("title"), document.get("steps")
    if not isinstance(title, str) or not isinstance(steps, list) or not steps:
        raise LessonError(key="lesson.error.not_lesson")
    if len(steps) > MAX_STEPS:
        raise LessonError(key="lesson.error.too_many", limit=MAX_STEPS)
    title = _clean(title, MAX_TITLE, "lesson.error.title_long")
    return Lesson("", title, tuple(_step(number, raw) for number, raw in enumerate(steps, start=1)))


def _step(number: int, raw: object) -> Step:
    if not isinstance(raw, dict):
        raise LessonError(key="lesson.error.not_lesson")
    page, view, note = raw.get("page"), raw.get("view", {}), raw.get("note", "")
    if page not in PAGES:
        raise LessonError(key="lesson.error.page", step=number, pages=", ".join(PAGES))
    if not isinstance(view, dict) or not isinstance(note, str):
        raise LessonError(key="lesson.error.not_lesson")
    params = {}
    for key, value in view.items():
        if key not in VIEW_KEYS:
            raise LessonError(key="lesson.error.key", step=number, name=str(key)[:40])
        checked = check_value(key, value if isinstance(value, str) else "")
        if checked is None:
            raise LessonError(key="lesson.error.value", step=number, name=key)
        params[key] = value_text(checked)
    return Step(View(page, tuple(sorted(params.items()))), _clean(note, MAX_NOTE, "lesson.error.note_long"))


def _clean(text: str, limit: int, refusal: str) -> str:
    if len(text) > limit:
        raise LessonError(key=refusal, limit=limit)
    return "".join(c for c in text if c.isprintable() or c == "\n").strip()


def check_value(key: str, raw: str) -> str | int | float | bool | list[str] | None:
    """A view value as its widget keeps it (int, flag or text); None when it cannot be one."""
    kind = VIEW_KEYS.get(key)
    if kind is None or not raw or len(raw) > MAX_VALUE or not raw.isprintable():
        return None
    if kind == "int":  # ASCII digits only: '²'.isdigit() is true too; int() of 5,000 digits raises
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None
    if kind == "flag":
        return {"1": True, "true": True, "0": False, "false": False}.get(raw.lower())
    if kind == "list":  # a multiselect's choices; each item is checked against the options by the page
        items = [item for item in raw.split(LIST_SEPARATOR) if item]
        return items if 0 < len(items) <= MAX_LIST_ITEMS and len(set(items)) == len(items) else None
    if kind == "unit":  # a fraction 0-1 (an opacity); 'nan', 'inf' and exponents are not what a slider gives
        try:
            number = float(raw)
        except ValueError:
            return None
        return number if raw.isascii() and "e" not in raw.lower() and 0.0 <= number <= 1.0 else None
    return raw


def from_values(page: str, values: Mapping[str, object]) -> View:
    """The view of `page` from session values, keeping the keys a view carries that are set."""
    return View.of(page, **{k: values.get(k) for k in VIEW_KEYS if values.get(k) not in (None, "")})
