"""Text is text (issue 22): every string that did not come from the code is shown as the literal text it is.

First the encoders of `cnnviz.core.text`, one by one: markdown against a CommonMark parser and Streamlit's own
detectors (KaTeX, emoji, directives, GFM's bare links), plotly against its entities, DOT against a tokenizer.
Then a corpus of hostile names goes through every place a name shows, page by page with AppTest: run names
(Compare, the sidebar, Home), a zip's class folders and an uploaded file's name (Feature maps, Evaluate,
Embedding, Explain), a lesson link's title and notes, the layer names inside an uploaded `.keras`
(Architecture). `tests/test_e2e_text.py` opens the same in Chromium.
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import keras
import pytest
from helpers import ROOT, page_test
from markdown_it import MarkdownIt
from PIL import Image
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from app_state import current
from app_state import text as app_text
from cnnviz.core import i18n
from cnnviz.core.errors import DatasetError
from cnnviz.core.text import (
    WORD_JOINER,
    capped,
    distinct,
    dot_string,
    literal,
    literal_lines,
    plain,
    plotly_literal,
    visible,
)
from cnnviz.draw import render
from cnnviz.models import arch
from cnnviz.teach import lessons
from cnnviz.train import checkpoints, training

URL = "http:127.0.0.1:9"  # no slash (a zip folder or a Keras layer cannot hold one); browsers still fetch it
CORPUS = (
    f"![t]({URL})",
    f"<img src={URL} onerror=alert(1)>",
    '<a href="javascript:alert(1)">x',
    "$\\color{red}{X}$",
    ":red[Log in again]",
    f"[Log in]({URL})",
    "**bold** <b>plotly<br>",
    "a\\",
    'a"',
    f'x" URL="{URL}" color="red" label="CLICK ME',
    "\u202egnp.exe",
    "zero\u200bwidth",
    "www.example.com me@example.com :smile: :material/home:",
    "L" * 300,
    "same",
    "same",
)
# What a name would do if it reached markdown unescaped (a link, a picture, HTML, KaTeX, a colour, bold...)
MARKDOWN_PAYLOADS = ("](http", "<img", "<a href", "$\\color", ":red[", "[Log in](", "**bold**", "<b>plotly",
                     ":smile:", ":material/", "www.example", "me@example")
PLOTLY_PAYLOADS = ("<img", "<a href", "<b>plotly")  # plotly reads <a>, <b>, <br>, <span>... in every text
INVISIBLE = ("\u202e", "\u200b")
UNESCAPED = re.compile("|".join(rf"(?<!\\){re.escape(p)}" for p in MARKDOWN_PAYLOADS))


def unescaped(markdown: str) -> list[str]:
    """The payloads in `markdown` that would act (not preceded by a backslash)."""
    return UNESCAPED.findall(markdown)
TOO_LONG = "L" * 61

md = MarkdownIt("commonmark").enable(["strikethrough", "table"])


# --- the encoders --------------------------------------------------------------------------------------


def rendered(source: str, joiner: str = "") -> tuple[str, set[str]]:
    """What CommonMark makes of `source`: its text (the invisible word joiner as `joiner`), and the kinds of
    element it made besides paragraphs."""
    texts: list[str] = []
    kinds: set[str] = set()

    def walk(tokens: list) -> None:
        for token in tokens:
            if token.children:
                walk(token.children)
            elif token.type == "text":
                texts.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                texts.append("\n")
            elif token.type not in ("paragraph_open", "paragraph_close"):
                kinds.add(token.type)

    walk(md.parse(source))
    return "".join(texts).replace(WORD_JOINER, joiner), kinds


def streamlit_would_act(source: str) -> list[str]:
    """What Streamlit's markdown does beyond CommonMark, detected as its frontend detects it (StreamlitMarkdown)."""
    found = []
    unescaped = re.sub(r"\\[\\$`]", "_", source)
    if re.search(r"(?<!\$)\$\$+(?!\$)[\s\S]*?\$\$", unescaped) or re.search(
            r"(?<!\$)\$(?![\s$])[^$\n]*?[^\s$]\$(?!\d)", unescaped):
        found.append("KaTeX")
    if re.search(r":(?!material/|streamlit:)[\w+-][\w_+-]*:", source):
        found.append("emoji")
    if ":material/" in source:
        found.append("material icon")
    if re.search(r"(?<!\\):[A-Za-z][\w-]*\[", source):
        found.append("directive")
    text, _ = rendered(source, joiner="\0")  # the joiner stays in the text GFM's linker reads
    if re.search(r"(?i)(https?://|www(?=\.))[-.\w]+", text) or re.search(r"[-.\w+]+@[-\w]+(\.[-\w]+)+", text):
        found.append("GFM link")
    return found


@pytest.mark.parametrize("name", CORPUS + ("- item", "1. one", "---", "# h", "> q", "    four", "_x_", "a_*b*_c",
                                           "~~s~~", "a|b", "&lt;b&gt;", "`code`", "😀_x_"))
def test_literal_markdown_renders_back_to_the_name_and_nothing_else(name: str) -> None:
    source = literal(name)
    text, kinds = rendered(source)
    assert text == capped(name) and not kinds, (source, text, kinds)
    assert not streamlit_would_act(source), source
    bold_text, bold_kinds = rendered(f"**{source}**: done")  # inside the code's own markdown
    assert bold_text == f"{capped(name)}: done" and bold_kinds == {"strong_open", "strong_close"}


def test_literal_leaves_ordinary_names_and_numbers_as_they_are() -> None:
    for name in ("conv2d_1", "fashion_mnist", "91.6%", "-0.5", "28×28", "block5_conv3", "고양이", "T-shirt/top"):
        assert literal(name) == name


def test_visible_writes_out_controls_zero_width_and_bidirectional_marks() -> None:
    hidden = "\x00\x1b\n\t\x7f\x85\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\u3164"
    shown = visible(f"a{hidden}b")
    assert shown.startswith("a⟨U+0000⟩⟨U+001B⟩⟨U+000A⟩") and shown.endswith("⟨U+FEFF⟩⟨U+3164⟩b")
    assert shown.count("⟨U+") == len(hidden)
    assert visible(shown) == shown and visible("고양이 cat 😀") == "고양이 cat 😀"


def test_capped_cuts_with_an_ellipsis_never_inside_a_written_out_character() -> None:
    assert capped("L" * 300) == "L" * 59 + "…" and len(capped("L" * 300)) == 60
    assert capped("x" * 55 + "\u202e" * 3) == "x" * 55 + "…"  # "⟨U+202E⟩" is whole or gone
    assert capped(capped("L" * 300)) == capped("L" * 300) and capped("L" * 300, None) == "L" * 300
    assert plain("a\u202eb") == "a⟨U+202E⟩b"


def test_literal_lines_keeps_a_notes_line_breaks() -> None:
    text, kinds = rendered(literal_lines("**one**\n[two](http:x)"))
    assert text == "**one**\n[two](http:x)" and kinds == set()


@pytest.mark.parametrize("name", CORPUS + ("%{x} %{y:.1%}", "R&D <span style='color:red'>", "&amp;"))
def test_plotly_literal_is_entities_plotly_turns_back_into_the_name(name: str) -> None:
    shown = plotly_literal(name)
    assert not re.search(r"<|>|%\{|\$", shown)
    assert html.unescape(shown) == capped(name)


def test_distinct_numbers_repeats() -> None:
    assert distinct(["cat", "dog", "cat", "cat (2)", "cat"]) == ("cat", "dog", "cat (2)", "cat (2) (2)", "cat (3)")
    assert distinct(plain(n) for n in ("L" * 200, "L" * 199 + "M")) == ("L" * 59 + "…", "L" * 59 + "… (2)")


DOT_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|->|[A-Za-z_][\w.]*|-?\d+(?:\.\d+)?|[{}\[\];,=]|\s+', re.S)
DOT_ATTRIBUTES = {"rankdir", "nodesep", "ranksep", "bgcolor", "fontsize", "shape", "style", "fontname", "margin",
                  "color", "arrowsize", "label", "fillcolor", "penwidth"}


def dot_tokens(dot: str) -> list[str]:
    """DOT's tokens, asserting they cover every character (a stray quote or backslash would not)."""
    tokens, at = [], 0
    for match in DOT_TOKEN.finditer(dot):
        assert match.start() == at, f"cannot read {dot[at:at + 40]!r}"
        at = match.end()
        if not match.group().isspace():
            tokens.append(match.group())
    assert at == len(dot), f"cannot read {dot[at:at + 40]!r}"
    return tokens


def dot_value(token: str) -> str:
    """A quoted DOT string as Graphviz reads it (escaped quotes and backslashes, `\\n` a line break)."""
    assert token.startswith('"') and token.endswith('"'), token
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), token[1:-1])


def check_dot(dot: str, names: list[str]) -> None:
    """Every name a quoted id (its full text), no attribute the code did not write, every box labelled."""
    tokens = dot_tokens(dot)
    keys = {tokens[i - 1] for i, token in enumerate(tokens) if token == "="}
    assert keys <= DOT_ATTRIBUTES, keys - DOT_ATTRIBUTES
    ids = {dot_value(tokens[i - 1]) for i, token in enumerate(tokens) if token == "[" and tokens[i - 1][0] == '"'}
    assert ids == {visible(n) for n in names}
    labels = [dot_value(tokens[i + 2]) for i, token in enumerate(tokens) if token == "label" and tokens[i + 1] == "="]
    for name in names:
        assert any(label.startswith(capped(name.split("/")[-1], render.DIAGRAM_NAME_LIMIT) + "\n")
                   for label in labels), name


def test_dot_strings_hold_anything() -> None:
    for name in CORPUS:
        tokens = dot_tokens(f"a [label={dot_string(name)}];")
        assert tokens[:4] == ["a", "[", "label", "="] and dot_value(tokens[4]) == visible(name)
    injected = dot_tokens(f'a [label="{CORPUS[9]}"];')  # the name as it was written before: a link and a colour
    assert "URL" in injected and "color" in injected
    with pytest.raises(AssertionError):
        dot_tokens('a [label="a\\"];')  # a trailing backslash ate the closing quote: the diagram vanished


def test_the_page_checks_would_catch_a_raw_name() -> None:
    assert all(unescaped(name) for name in CORPUS[:7] + CORPUS[12:13])
    assert not any(unescaped(literal(name)) for name in CORPUS)


def test_the_diagram_draws_hostile_layer_names_as_boxes(tmp_path: Path) -> None:
    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3), keras.layers.Conv2D(2, 3),
                              keras.layers.Flatten(), keras.layers.Dense(2)])
    rows = arch.layer_table(model)
    names = [n for n in dict.fromkeys(CORPUS)][: len(rows)]
    renamed = {row.name: name for row, name in zip(rows, names, strict=False)}
    hostile = [dataclasses.replace(row, name=renamed[row.name], group=CORPUS[1] if i == 2 else "",
                                   parents=tuple(renamed[p] for p in row.parents)) for i, row in enumerate(rows)]
    dot = render.architecture_dot(hostile, selected=names[0])
    check_dot(dot, names)
    assert f'subgraph cluster_0 {{ label={dot_string(CORPUS[1], render.DIAGRAM_NAME_LIMIT)};' in dot
    edges = [(a, b) for a, arrow, b in zip(dot_tokens(dot), dot_tokens(dot)[1:], dot_tokens(dot)[2:],
                                            strict=False) if arrow == "->"]
    assert [(dot_value(a), dot_value(b)) for a, b in edges] == [(visible(p), visible(r.name))
                                                                for r in hostile for p in r.parents]


# --- the translator: values are literal, the code's own markdown is not touched -------------------------


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_text, "lang", lambda: "en")


def test_t_writes_every_value_as_literal_text(english: None) -> None:
    for name in CORPUS:
        shown = app_text.t("fm.prediction", label=name, p="12.5%")
        assert shown == i18n.t("fm.prediction", "en", label=literal(name), p="12.5%")
        text, kinds = rendered(shown)
        assert capped(name) in text and kinds <= {"strong_open", "strong_close"}
    assert app_text.t("runs.title", count=3) == i18n.t("runs.title", "en", count=3)  # numbers stay numbers
    inner = app_text.t("link.upload_model")
    assert app_text.t("link.upload_warning", what=inner) == i18n.t("link.upload_warning", "en", what=inner)
    assert app_text.t_plain("eval.mistake_option", index=1, true="a\u202e", predicted="<b>", p="1%") == \
        i18n.t("eval.mistake_option", "en", index=1, true="a⟨U+202E⟩", predicted="<b>", p="1%")
    assert "&lt;b&gt;" in app_text.t_plotly("ex.deletion_y", label="<b>x")
    assert app_text.listing(["a_", "**b**"]) == "a\\_, \\*\\*b\\*\\*"


def test_messages_and_phrases_write_their_values_as_literal_text(english: None) -> None:
    err = DatasetError(key="data.one_class_folder", name=CORPUS[0])
    assert app_text.message(err) == i18n.t("data.one_class_folder", "en", name=literal(CORPUS[0]))
    phrase = i18n.Phrase.join([("data.one_usable_class", {"name": CORPUS[1]}), ("data.no_usable_images", {})])
    assert literal(CORPUS[1]) in app_text.message(DatasetError(phrase))
    assert not unescaped(app_text.message(DatasetError(phrase)))
    assert app_text.message(DatasetError("[x](http:y)")) == literal("[x](http:y)", None)
    assert app_text.full_name("short") is None
    assert app_text.full_name("L" * 300) == i18n.t("text.full_name", "en", name="L" * 300)


# --- the corpus through the pages ------------------------------------------------------------------------


def _fields(message: object) -> Iterator[tuple[str, str]]:
    for field, value in message.ListFields():
        if field.type == field.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry:
                continue
            for item in value if field.is_repeated else [value]:
                yield from _fields(item)
        elif field.type == field.TYPE_STRING:
            for item in value if field.is_repeated else [value]:
                yield field.name, item


MARKDOWN_FIELDS = {"body", "label", "caption", "text", "title"}  # and "help": tooltips, markdown too
MARKDOWN_OPTIONS = {"radio", "button_group"}  # radio and segmented-control options are markdown; a selectbox's not


@dataclasses.dataclass
class Shown:
    """What a page shows, by the renderer it lands in."""

    markdown: list[str] = dataclasses.field(default_factory=list)
    tooltips: list[str] = dataclasses.field(default_factory=list)  # markdown, where a full name may show
    plain: list[str] = dataclasses.field(default_factory=list)
    plotly: list[str] = dataclasses.field(default_factory=list)
    dot: list[str] = dataclasses.field(default_factory=list)

    def add(self, node: object) -> None:
        if isinstance(node, Block):
            if getattr(node, "proto", None) is not None:
                self._proto(node.proto, "")
            for child in node.children.values():
                self.add(child)
            return
        proto = getattr(node, "proto", None)
        if node.type == "plotly_chart":
            self.plotly += list(_strings(json.loads(proto.spec)))
        elif node.type == "graphviz_chart":
            self.dot.append(proto.spec)
        elif node.type in ("dataframe", "table"):
            frame = node.value
            self.plain += [str(c) for c in frame.columns]
            self.plain += [v for v in frame.to_numpy().ravel() if isinstance(v, str)]
        elif proto is not None:
            self._proto(proto, node.type)

    def _proto(self, proto: object, kind: str) -> None:
        for field, value in _fields(proto):
            if field in MARKDOWN_FIELDS or field == "options" and kind in MARKDOWN_OPTIONS:
                self.markdown.append(value)
            elif field == "help":
                self.tooltips.append(value)
            elif field in ("options", "placeholder"):
                self.plain.append(value)


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "template":
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def shown(app: AppTest) -> Shown:
    found = Shown()
    found.add(app._tree)
    return found


def assert_text_is_text(app: AppTest) -> Shown:
    """No markdown reached by a payload, no plotly text with a tag of the corpus, every DOT well formed, and
    nothing anywhere with an invisible character or a name beyond its cap."""
    assert not app.exception, [e.value for e in app.exception]
    page = shown(app)
    for text in page.markdown + page.tooltips:
        assert not unescaped(text), text
        assert not [c for c in INVISIBLE if c in text], text
    for text in page.plotly:
        assert not [p for p in PLOTLY_PAYLOADS if p in text], text
    for dot in page.dot:
        dot_tokens(dot)
    for text in page.markdown + page.plain + page.plotly:
        assert not [c for c in INVISIBLE if c in text], text
        assert TOO_LONG not in text, text
    return page


def assert_named(page: Shown, names: list[str], markdown: bool = True, plain_: bool = False,
                 plotly: bool = False) -> None:
    """Each name (as the screen shows it) appears, encoded for the renderer it lands in."""
    for name in names:
        if markdown:
            assert any(literal(name) in text for text in page.markdown), (name, literal(name))
        if plain_:
            assert any(plain(name) in text for text in page.plain), (name, plain(name))
        if plotly:
            assert any(plotly_literal(name) in text for text in page.plotly), (name, plotly_literal(name))


def png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), colour).save(buffer, format="PNG")
    return buffer.getvalue()


# A zip folder cannot hold a slash or a backslash, nor 300 characters; two long names read the same once capped
FOLDERS = tuple(dict.fromkeys(n.replace("/", "|") for n in CORPUS if "\\" not in n and len(n) < 100)) + (
    "L" * 200, "L" * 199 + "M")
ZIP_NAME = f"![z]({URL}) \u202e.zip"
MODEL_NAME = f"<img src={URL} onerror=alert(1)>.keras"


@pytest.fixture(scope="module")
def hostile_zip() -> bytes:
    """Your own images, one class folder per hostile name, six plain pictures each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for k, name in enumerate(FOLDERS):
            for i in range(6):
                archive.writestr(f"{name}/img{i}.png", png((17 * k, 30 * i, 90)))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def zip_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small CNN for the zip's 64×64 pictures, its layers named with what TensorFlow runs (`>`, `-`, `.`; a
    backslash or a quote only the Architecture page takes, below)."""
    keras.utils.set_random_seed(5)
    inputs = keras.Input((64, 64, 3))
    x = keras.layers.Conv2D(4, 3, activation="relu", name="conv>1")(inputs)
    x = keras.layers.Conv2D(4, 3, activation="relu", name="conv-2.")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    path = tmp_path_factory.mktemp("upload") / "zip_model.keras"
    keras.Model(inputs, keras.layers.Dense(len(FOLDERS), activation="softmax")(x)).save(path)
    return path


@pytest.fixture(scope="module")
def zip_model(zip_model_path: Path) -> bytes:
    return zip_model_path.read_bytes()


def with_uploads(page: str, model: bytes, zipped: bytes | None = None, **state: object) -> AppTest:
    """`page` after uploading the model (and the zip as "your own images"), as a user does in the sidebar."""
    app = page_test(page)
    app.run()
    app.sidebar.selectbox(key="model").set_value("upload").run()
    app.sidebar.file_uploader(key="model_upload").set_value((MODEL_NAME, model, "application/octet-stream"))
    app.run()
    if zipped is not None:
        app.sidebar.selectbox(key="dataset").set_value("folder").run()
        app.sidebar.file_uploader(key="dataset_upload").set_value((ZIP_NAME, zipped, "application/zip")).run()
    for key, value in state.items():
        app.session_state[key] = value
    if state:
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


SHOWN_FOLDERS = list(distinct(plain(n) for n in sorted(FOLDERS)))


def test_a_zips_class_folders_are_literal_text_on_evaluate(hostile_zip: bytes, zip_model: bytes) -> None:
    app = with_uploads("evaluate", zip_model, hostile_zip)
    page = assert_text_is_text(app)
    assert "L" * 59 + "… (2)" in SHOWN_FOLDERS  # the two long names told apart
    assert_named(page, SHOWN_FOLDERS, markdown=False, plain_=False, plotly=True)  # confusion, per class
    assert any(literal(Path(ZIP_NAME).stem) in text for text in page.markdown)  # the zip's own name
    assert any(plain(n) in text for text in page.plain for n in SHOWN_FOLDERS)  # the mistakes to explain
    assert page.dot == []


def test_a_zips_class_folders_are_literal_text_on_feature_maps(hostile_zip: bytes, zip_model: bytes,
                                                              zip_model_path: Path) -> None:
    app = with_uploads("feature_maps", zip_model, hostile_zip)
    page = assert_text_is_text(app)
    assert_named(page, SHOWN_FOLDERS, markdown=False, plotly=True)  # the probability bars
    prediction = next(text for text in page.markdown if text.startswith("Prediction: **"))
    assert any(f"**{literal(n)}**" in prediction for n in SHOWN_FOLDERS), prediction
    runnable = training.runnable(keras.saving.load_model(zip_model_path))[0]  # as the page runs it
    check_dot(page.dot[0], [row.name for row in arch.layer_table(runnable)])
    assert any('"conv_1"' in dot for dot in page.dot)  # "conv>1" runs renamed (TensorFlow refuses ">")


@pytest.mark.parametrize("target", ["any", "top3"])
def test_a_zips_class_folders_are_literal_text_on_explain(hostile_zip: bytes, zip_model: bytes,
                                                          target: str) -> None:
    app = with_uploads("explain", zip_model, hostile_zip, ex_target=target, ex_methods=["grad_cam"])
    page = assert_text_is_text(app)
    if target == "any":  # every class to choose from, as plain options
        assert_named(page, SHOWN_FOLDERS, markdown=False, plain_=True)
    headings = [text for text in page.markdown if text.startswith("**") or "Prediction" in text]
    assert any(literal(n) in text for text in headings for n in SHOWN_FOLDERS), headings


def test_a_zips_class_folders_are_literal_text_on_embedding(hostile_zip: bytes, zip_model: bytes) -> None:
    app = with_uploads("embedding", zip_model, hostile_zip)
    page = assert_text_is_text(app)
    assert_named(page, SHOWN_FOLDERS[:3], markdown=False, plotly=True)  # the legend
    assert any(literal(n) in text for text in page.markdown for n in SHOWN_FOLDERS)  # the chosen point


def test_an_uploaded_files_name_is_literal_text(zip_model: bytes) -> None:
    app = with_uploads("architecture", zip_model)
    page = assert_text_is_text(app)
    assert any(literal(MODEL_NAME) in text for text in page.markdown)


# --- the layer names of an uploaded model ----------------------------------------------------------------

LAYERS = tuple(dict.fromkeys(n.replace("/", "|") for n in CORPUS if n != "same")) + ("L" * 299 + "M",)  # no "/"


@pytest.fixture(scope="module")
def layers_model(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A model whose every layer is named by the corpus: Keras builds and saves it (TensorFlow would refuse
    most of these names in a forward pass, the Architecture page needs none)."""
    inputs = keras.Input((16, 16, 1), name="input")
    x = inputs
    for name in LAYERS[:-3]:
        x = keras.layers.Conv2D(2, 1, name=name)(x)
    x = keras.layers.GlobalAveragePooling2D(name=LAYERS[-3])(x)
    x = keras.layers.Dense(4, name=LAYERS[-2])(x)
    path = tmp_path_factory.mktemp("layers") / "layers.keras"
    keras.Model(inputs, keras.layers.Dense(2, activation="softmax", name=LAYERS[-1])(x)).save(path)
    return path.read_bytes()


def loaded(content: bytes) -> keras.Model:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.keras"
        path.write_bytes(content)
        return keras.saving.load_model(path)


def test_layer_names_of_an_uploaded_model_are_literal_text_on_architecture(layers_model: bytes) -> None:
    # The diagram's own code keeps any name text: the DOT of the model as uploaded.
    original = loaded(layers_model)
    check_dot(render.architecture_dot(arch.layer_table(original)), ["input", *LAYERS])
    # TensorFlow runs none of these names, so the page runs the model renamed (training.runnable) and says so,
    # every original name shown literally in that line; the names it then shows are the new ones, as text.
    _, renamed = training.runnable(original)
    assert renamed  # names TensorFlow refuses were renamed
    app = with_uploads("architecture", layers_model)
    page = assert_text_is_text(app)
    note = next(c for c in page.markdown if "TensorFlow cannot run layers" in c)
    for old, new in list(renamed.items())[:current.RENAMES_SHOWN]:
        assert f"{literal(old)} → {literal(new)}" in note, old
    names = [row.name for row in arch.layer_table(training.runnable(original)[0])][1:]  # as the page runs it
    check_dot(page.dot[0], ["input", *names])
    shown_layers = [plain(n) for n in names]
    assert_named(page, shown_layers, markdown=False, plain_=True)  # the picker and the table
    assert_named(page, shown_layers[:-3], markdown=False, plotly=True)  # the parameter bars (convolutions)
    chosen = app.selectbox(key="layer").value
    assert any(literal(chosen) in text for text in page.markdown)  # the chosen layer's details
    for name in names[:4]:
        app.selectbox(key="layer").set_value(name).run()
        page = assert_text_is_text(app)
        assert any(literal(name) in text for text in page.markdown), name


# --- run names -------------------------------------------------------------------------------------------

SHIPPED = ROOT / "checkpoints" / "lenet5_shapes.keras"
TITLES = CORPUS


@pytest.fixture(scope="module")
def hostile_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One run per hostile title, shared by everyone (no owner: made outside the app), all on one test set."""
    folder = tmp_path_factory.mktemp("runs")
    for i, title in enumerate(TITLES):
        target = folder / f"lenet5_shapes_run{i:02d}.keras"
        shutil.copy(SHIPPED, target)
        shutil.copy(SHIPPED.with_suffix(".json"), target.with_suffix(".json"))
        meta = checkpoints.read_metadata(target)
        checkpoints.write_metadata(target, dataclasses.replace(meta, title=title, owner="", run_id=f"run{i:02d}"))
    return folder


SHOWN_TITLES = list(distinct(plain(t) for t in TITLES))


def test_run_names_are_literal_text_on_compare(hostile_runs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(hostile_runs))
    app = page_test("compare")
    app.session_state["cmp_runs"] = [f"lenet5_shapes_run{i:02d}" for i in range(len(TITLES))]
    app.run()
    page = assert_text_is_text(app)
    assert "same (2)" in SHOWN_TITLES
    assert_named(page, SHOWN_TITLES, markdown=True, plain_=True, plotly=True)  # metrics, options, legends
    assert list(app.dataframe[0].value.iloc[:, 0]) == SHOWN_TITLES


def test_run_names_are_literal_text_in_the_sidebar_and_on_home(hostile_runs: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(hostile_runs))
    app = page_test("home")
    app.run()
    page = assert_text_is_text(app)
    options = app.sidebar.selectbox(key="model").options
    for shown_title in SHOWN_TITLES:
        assert f"🏋️ {shown_title}" in options, shown_title
    assert_named(page, [plain(t) for t in TITLES], markdown=True)  # the cards
    long_card = next(m for m in app.markdown if literal(plain("L" * 300)) in m.value)
    assert "L" * 300 in long_card.proto.help  # the full name in the tooltip
    app.sidebar.selectbox(key="model").set_value("ckpt:lenet5_shapes_run13").run()
    page = assert_text_is_text(app)
    assert "L" * 300 in app.sidebar.selectbox(key="model").help


# --- a lesson from a link --------------------------------------------------------------------------------


def _sidebar_and_lesson(root: str) -> None:
    """What streamlit_app.py draws around a page: the sidebar, then the open lesson's card."""
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from app_state import lessons as lessons_ui
    from app_state import shared

    shared.sidebar()
    lessons_ui.panel("home")


def test_a_lesson_links_title_and_notes_are_literal_text() -> None:
    title = f"![t]({URL}) :red[Log in again] $x$"
    notes = "\n".join(n for n in CORPUS if len(n) < 100)
    lesson = lessons.Lesson("", title, (lessons.Step(lessons.View("home", ()), notes),
                                        lessons.Step(lessons.View("architecture", ()), f"[Log in]({URL})")))
    app = AppTest.from_function(_sidebar_and_lesson, args=(str(ROOT),), default_timeout=180)
    app.query_params["lesson"] = lessons.lesson_token(lesson)
    app.query_params["step"] = "1"
    app.run()
    page = assert_text_is_text(app)
    card = next(text for text in page.markdown if literal(title, None) in text)
    text, kinds = rendered(card)
    assert kinds <= {"strong_open", "strong_close"}  # the card's own bold title, nothing else
    for note in notes.split("\n"):
        assert "".join(c for c in note if c.isprintable()) in text
    assert plain(title) in page.plain  # the lesson picker
