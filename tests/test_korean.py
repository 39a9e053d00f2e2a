"""Every page in Korean shows no English sentence: library text, figures and tables included.

Each page is rendered with AppTest (query parameter ``lang=ko``) on the shipped checkpoint, a zoo model,
an uploaded model and with an error shown. Every text the page shows is collected from the element
protos (bodies, labels, help, options, captions), the plotly figures (titles, axis titles, legend names,
hover templates, annotations), the graphviz labels and the table headers and cells; a run of three
English words left after removing the identifiers below fails the test.
"""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Iterator
from pathlib import Path

import keras
import pytest
from google.protobuf.message import Message
from helpers import page_test
from PIL import Image
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Node

from cnnviz import data
from cnnviz.core import i18n
from cnnviz.core.errors import CheckpointError, CnnvizError, DatasetError, ImageError
from cnnviz.data import Augmentation
from cnnviz.models import zoo
from cnnviz.train import checkpoints, training
from cnnviz.uploads import decoding

PAGES = ["home", "architecture", "train", "weights", "kernels", "feature_maps", "evaluate"]

# An English sentence: three or more words of letters in a row.
SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ \-][A-Za-z]{2,}){2,}")

# What may stay in Latin letters in a Korean page: names, not sentences. Keep this short and explicit.
IDENTIFIERS = [
    # the app, libraries, formats and units
    "cnnviz", "Keras", "TensorFlow", "TensorBoard", "Streamlit", "Pillow", "NumPy", "plotly", "graphviz",
    "PNG", "JPEG", "CSV", "DOT", "JSON", "RGB", "RGBA", "ReLU", "softmax", "logits", "MACs", "MAC", "FLOPs",
    "GB", "MB", "KB", "ImageNet", "Adam", "SGD", "RMSprop", "keras", "zip", "tf.data",
    # model names, Keras layer classes and the layer names of the models used
    "LeNet-5", "LeNet", "AlexNet", "VGG16", "GoogLeNet", "Inception", "ResNet", "CNN",
    "InputLayer", "Conv2D", "MaxPooling2D", "AveragePooling2D", "Flatten", "Dense", "Dropout",
    "GlobalAveragePooling2D", "BatchNormalization", "Activation", "Rescaling",
    "input", "conv1", "conv2", "conv3", "pool1", "pool2", "flatten", "dense", "dropout", "predictions",
    "fc1", "fc2", "s2", "s4", "c1", "c3", "c5", "f6", "gap", "output",
    # datasets: their names, and Fashion-MNIST's English class names (data, not prose)
    "fashion_mnist_sample", "Fashion-MNIST", "MNIST", "CIFAR-10", "Digits", "Shapes",
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    "circle", "square", "triangle", "cross",
    # file names shown
    "fashion_cnn_fashion", "fashion_cnn", "small.keras", "broken.keras", "lenet5",
]
_IDENTIFIER = re.compile("|".join(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])"
                                  for w in sorted(IDENTIFIERS, key=len, reverse=True)))

# proto fields that hold what the user reads (ids, urls, keys and data are left out)
_TEXT_FIELDS = {"body", "label", "help", "options", "placeholder", "caption", "text", "title", "alt"}


def _proto_texts(message: Message) -> Iterator[str]:
    """The strings of a proto's readable fields, nested messages included."""
    for field, value in message.ListFields():
        if field.type == field.TYPE_MESSAGE:
            items = value if field.is_repeated else [value]
            if field.message_type.GetOptions().map_entry:
                continue
            for item in items:
                yield from _proto_texts(item)
        elif field.type == field.TYPE_STRING and field.name in _TEXT_FIELDS:
            yield from (value if field.is_repeated else [value])


def _figure_texts(spec: str) -> Iterator[str]:
    """Titles, axis titles, legend and trace names, hover templates and annotations of a plotly figure."""
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    layout.pop("template", None)

    def titles(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("title", "text") and isinstance(value, str):
                    yield value
                else:
                    yield from titles(value)
        elif isinstance(node, list):
            for item in node:
                yield from titles(item)

    yield from titles(layout)
    for trace in figure.get("data", []):
        for key in ("name", "hovertemplate", "legendgroup"):
            if isinstance(trace.get(key), str):
                yield re.sub(r"%\{[^}]*\}|<extra>.*?</extra>|<[^>]+>", " ", trace[key])
        for key in ("text", "hovertext"):
            if isinstance(trace.get(key), str):
                yield trace[key]
        yield from titles(trace.get("colorbar", {}))
        yield from titles(trace.get("marker", {}).get("colorbar", {}))


def _element_texts(node: Node) -> Iterator[str]:
    """Every text an element (or a block and its children) shows."""
    if isinstance(node, Block):
        if getattr(node, "proto", None) is not None:
            yield from _proto_texts(node.proto)
        for child in node.children.values():
            yield from _element_texts(child)
        return
    proto = getattr(node, "proto", None)
    if node.type == "plotly_chart":
        yield from _figure_texts(proto.spec)
    elif node.type == "graphviz_chart":
        yield from re.findall(r'label="((?:[^"\\]|\\.)*)"', proto.spec)
    elif node.type in ("dataframe", "table"):
        frame = node.value
        yield from (str(c) for c in frame.columns)
        yield from (v for v in frame.to_numpy().ravel() if isinstance(v, str))
    elif proto is not None:
        yield from _proto_texts(proto)


def english_left(app: AppTest) -> list[str]:
    """The English sentences a page shows, once the identifiers are taken out."""
    found = []
    for text in _element_texts(app._tree):
        stripped = _IDENTIFIER.sub(" ", text)
        stripped = re.sub(r"`[^`]*`|https?://\S+|\S+\.(?:keras|json|csv|png|zip)\b", " ", stripped)
        found += [f"{match} ⟵ {text[:160]!r}" for match in SENTENCE.findall(stripped)]
    return sorted(set(found))


def run_korean(page: str, upload: tuple[str, bytes] | None = None, **query: str) -> AppTest:
    """`page` in Korean, with `query` in the URL and optionally a .keras file uploaded as the model."""
    app = page_test(page)
    for key, value in query.items():
        app.query_params[key] = value
    if upload is None:
        app.query_params["lang"] = "ko"
        app.run()
    else:
        # A link cannot carry an upload: choose it in the sidebar, as a user does, then switch to Korean.
        # (The switch comes last: AppTest formats every widget's options outside the script when a value
        # is set, where the page's language is unknown and labels would come out in English.)
        app.run()
        app.sidebar.selectbox(key="model").set_value("upload").run()
        name, content = upload
        uploader = app.sidebar.file_uploader(key="model_upload")
        uploader.set_value((name, content, "application/octet-stream")).run()
        app.sidebar.selectbox(key="lang").set_value("ko").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.fixture(scope="module")
def small_keras(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A small CNN for 28×28 grey images and 10 classes, saved as a .keras file."""
    inputs = keras.Input((28, 28, 1), name="input")
    x = keras.layers.Conv2D(4, 3, activation="relu", name="conv1")(inputs)
    x = keras.layers.MaxPooling2D(name="pool1")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    outputs = keras.layers.Dense(10, activation="softmax", name="predictions")(x)
    path = tmp_path_factory.mktemp("upload") / "small.keras"
    keras.Model(inputs, outputs).save(path)
    return path.read_bytes()


def test_the_detector_finds_english_and_allows_identifiers() -> None:
    assert SENTENCE.findall(_IDENTIFIER.sub(" ", "층 conv1 · Conv2D · ReLU 뒤 softmax")) == []
    assert SENTENCE.findall(_IDENTIFIER.sub(" ", "레이블: Ankle boot, T-shirt/top")) == []
    assert SENTENCE.findall(_IDENTIFIER.sub(" ", "The model has no layer called x")) != []
    assert SENTENCE.findall(_IDENTIFIER.sub(" ", "모델 · predicted class")) == []  # two words: a label
    assert SENTENCE.findall(_IDENTIFIER.sub(" ", "axis: true class index")) != []


@pytest.mark.parametrize("page", PAGES)
def test_shipped_checkpoint_in_korean(page: str) -> None:
    left = english_left(run_korean(page))
    assert not left, "\n".join(left)


@pytest.mark.parametrize("page", PAGES)
def test_zoo_model_in_korean(page: str) -> None:
    left = english_left(run_korean(page, model="zoo:lenet5"))
    assert not left, "\n".join(left)


@pytest.mark.parametrize("page", PAGES)
def test_uploaded_model_in_korean(page: str, small_keras: bytes) -> None:
    left = english_left(run_korean(page, upload=("small.keras", small_keras)))
    assert not left, "\n".join(left)


@pytest.mark.parametrize("page", [p for p in PAGES if p != "home"])  # home never loads the model
def test_error_in_korean(page: str) -> None:
    html = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Please sign in</body></html>"
    app = run_korean(page, upload=("broken.keras", html))
    assert [e.value for e in app.error] == [i18n.t("vet.html", "ko", label="broken.keras")]
    left = english_left(app)
    assert not left, "\n".join(left)


def test_home_with_unusable_link_values_in_korean() -> None:
    app = run_korean("home", model="zoo:nope", dataset="nope")
    assert [i.value for i in app.info] == [i18n.t("url.unusable", "ko", name=n) for n in ("model", "dataset")]
    left = english_left(app)
    assert not left, "\n".join(left)


# --- class names: a built-in dataset's in Korean, a user's as given ---------------------------------

CLASS_PAGES = ["feature_maps", "evaluate", "explain", "embedding", "filters", "compare", "labs"]
SHOWS_CLASSES = {"feature_maps", "evaluate", "explain", "embedding"}  # a prediction, a matrix or a legend
KOREAN_FASHION = data.class_names_in("fashion_mnist", data.FASHION_CLASSES, "ko")
_ENGLISH_CLASS = re.compile("|".join(rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])"
                                     for n in (*data.FASHION_CLASSES, *data.SHAPE_CLASSES)))


_FIGURE_TEXT_KEYS = {"x", "y", "text", "hovertext", "customdata", "name", "ticktext", "title", "labels",
                     "legendgroup", "hovertemplate", "texttemplate"}


def _figure_strings(node: object, key: str = "") -> Iterator[str]:
    """Every string a plotly figure shows (category axes, tick labels, legends, hover texts), not its styles."""
    if isinstance(node, str):
        if key in _FIGURE_TEXT_KEYS:
            yield node
    elif isinstance(node, dict):
        for name, value in node.items():
            if name != "template":
                yield from _figure_strings(value, name if name != "text" or not isinstance(value, dict) else key)
    elif isinstance(node, list):
        for item in node:
            yield from _figure_strings(item, key)


def _all_texts(node: Node) -> Iterator[str]:
    """What `_element_texts` reads, plus every string of every figure."""
    yield from _element_texts(node)
    if isinstance(node, Block):
        for child in node.children.values():
            yield from _all_texts(child)
    elif node.type == "plotly_chart":
        yield from _figure_strings(json.loads(node.proto.spec))


def test_korean_class_names_are_the_course_notes() -> None:
    assert KOREAN_FASHION == ("티셔츠", "바지", "스웨터", "드레스", "코트", "샌달", "셔츠", "스니커즈", "가방",
                              "앵클 부츠")
    assert data.class_names_in("fashion_mnist", data.FASHION_CLASSES, "en") == data.FASHION_CLASSES
    # a user's own names, or a zip's folders, stay as given even when they read like a built-in set's
    assert data.class_names_in("my_photos", data.FASHION_CLASSES, "ko") == data.FASHION_CLASSES
    assert data.class_names_in("fashion_mnist", ("Sneaker", "Bag"), "ko") == ("Sneaker", "Bag")
    assert data.class_names_in("digits", tuple("0123456789"), "ko") == tuple("0123456789")


@pytest.mark.parametrize("page", CLASS_PAGES)
def test_class_names_in_korean(page: str) -> None:
    texts = list(_all_texts(run_korean(page)._tree))
    english = sorted({m for text in texts for m in _ENGLISH_CLASS.findall(text)})
    assert not english, english
    if page in SHOWS_CLASSES:
        assert any(name in text for text in texts for name in KOREAN_FASHION)


def test_an_uploaded_models_own_class_names_stay_as_given(tmp_path: Path) -> None:
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(2, 3, name="conv1")(inputs)
    outputs = keras.layers.Dense(3, activation="softmax")(keras.layers.Flatten()(x))
    checkpoints.save(keras.Model(inputs, outputs), tmp_path / "own.keras",
                     checkpoints.Metadata(class_names=["Sneaker", "Bag", "Coat"], dataset="fashion_mnist"))
    content = (tmp_path / "own.keras").read_bytes()
    app = run_korean("feature_maps", upload=("own.keras", content))
    texts = list(_all_texts(app._tree))
    assert any("Sneaker" in text for text in texts)
    assert not any("스니커즈" in text for text in texts)


# --- the library's own text, in Korean (English stays the default for notebook users) ---------------

HANGUL = re.compile("[\uac00-\ud7a3]")


def _no_english(texts: list[str]) -> list[str]:
    return [m for text in texts for m in SENTENCE.findall(_IDENTIFIER.sub(" ", text))]


def test_every_library_error_is_raised_with_a_message_key() -> None:
    """A literal message would reach a Korean page in English; keys (or an `i18n.Phrase`) translate."""
    literal = re.compile(r"(?:Model|Dataset|Image|Checkpoint|Training|Cnnviz|Lesson)Error\(\s*f?[\"']")
    root = Path(__file__).resolve().parents[1] / "cnnviz"
    found = [f"{path.relative_to(root)}:{n}" for path in sorted(root.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if literal.search(line)]
    assert found == []


def test_phrase_is_english_text_that_keeps_its_keys() -> None:
    phrase = i18n.Phrase.join([("data.desc.folder", {"total": 12, "classes": 2, "name": "pets"}),
                               ("data.desc.skipped", {"count": 1, "files": "cat/notes.txt"})])
    assert phrase == ("12 images in 2 classes from “pets”. "
                      "Skipped 1 file(s) that are not readable images: cat/notes.txt.")
    assert phrase.text("ko") == ("“pets”에서 가져온 2개 클래스의 이미지 12장. "
                                 "읽을 수 있는 이미지가 아닌 파일 1개를 건너뛰었습니다: cat/notes.txt.")
    assert pickle.loads(pickle.dumps(phrase)).text("ko") == phrase.text("ko")  # caches pickle datasets
    assert i18n.translate("a name typed by a user", "ko") == "a name typed by a user"


def test_preprocessing_steps_in_korean_carry_the_same_numbers() -> None:
    ds = data.load_dataset("digits", limit=20)
    english, korean = data.preprocessing_steps(ds), data.preprocessing_steps(ds, "ko")
    assert len(english) == len(korean) == 6 and all(HANGUL.search(step) for step in korean)
    assert _no_english(korean) == []
    # the digits were scanned with values 0–16 (scikit-learn), and every split was capped at 20 images
    assert "16" in korean[0] and "(28, 28, 1)" in korean[1]
    assert korean[-1].startswith(f"분할: 학습 {len(ds.y_train)}장, 검증 {len(ds.y_val)}장, 테스트 {len(ds.y_test)}장.")
    assert english[-1].startswith(f"Split: {len(ds.y_train)} training, {len(ds.y_val)} validation")


def test_dataset_titles_and_descriptions_in_korean() -> None:
    infos = data.list_datasets("ko")
    assert [i.name for i in infos] == [i.name for i in data.list_datasets()]
    assert {i.name: i.title for i in infos}["folder"] == "내 이미지"
    assert _no_english([text for i in infos for text in (i.title, i.description)]) == []
    mnist = next(i for i in infos if i.name == "mnist")
    assert mnist.description.endswith("처음 한 번 내려받습니다 (약 11 MB).")
    sample = data.load_dataset("fashion_mnist_sample", limit=1)
    assert "Zalando Research" in sample.description  # English as a string, for notebooks
    assert i18n.translate(sample.description, "ko").startswith("실제 Fashion-MNIST 옷 사진 900장(클래스마다 90장)")


def test_augmentation_warnings_in_korean() -> None:
    ko = data.augmentation_warnings("digits", Augmentation(rotation=0.5, flip_horizontal=True), "ko")
    assert len(ko) == 2 and _no_english(ko) == [] and "±180°" in ko[1]  # 0.5 of a turn = 180°
    assert data.augmentation_warnings("digits", Augmentation(rotation=0.5))[0].startswith(
        "Rotating digits by up to ±180°")


def test_folder_dataset_texts_in_korean(tmp_path: Path) -> None:
    for name in ("cat", "dog"):
        (tmp_path / name).mkdir()
        for i in range(3):
            Image.new("RGB", (8, 8), (40 * i, 0, 0)).save(tmp_path / name / f"{i}.png")
    (tmp_path / "cat" / "notes.txt").write_text("not a picture")
    ds = data.load_image_folder(tmp_path, image_size=(8, 8), channels=1, name="pets")
    assert i18n.translate(ds.description, "ko") == ("“pets”에서 가져온 2개 클래스의 이미지 6장. 읽을 수 있는 이미지가 "
                                                     "아닌 파일 1개를 건너뛰었습니다: cat/notes.txt.")
    assert data.preprocessing_steps(ds, "ko")[3].startswith("파일마다 Pillow로 읽고")
    for i in range(3):  # dog's pictures become unreadable: one usable class is left
        (tmp_path / "dog" / f"{i}.png").write_text("not a picture either")
    with pytest.raises(DatasetError, match="Only the class “cat” has usable images") as info:
        data.load_image_folder(tmp_path, image_size=(8, 8))
    assert info.value.text("ko").startswith("쓸 수 있는 이미지가 “cat” 클래스에만 있습니다.")
    assert "파일 4개를 이미지로 읽지 못했습니다" in info.value.text("ko")  # notes.txt and dog's three


@pytest.mark.parametrize(("content", "english", "korean"), [
    (b"<!doctype html><html><body>x</body></html>", "it looks like a web page (HTML)", "웹 페이지(HTML)"),
    (b"%PDF-1.7\n", "This file is a PDF document", "PDF 문서"),
    (b"\x89PNG\r\n\x1a\n", "This PNG file is truncated or damaged", "이 PNG 파일은 잘렸거나"),
])
def test_unreadable_image_uploads_are_described_in_korean(content: bytes, english: str, korean: str) -> None:
    with pytest.raises(ImageError) as info:
        decoding.decode_image(content)
    assert english in str(info.value) and korean in info.value.text("ko")
    assert _no_english([info.value.text("ko")]) == []


def test_library_errors_in_korean(tmp_path: Path) -> None:
    cases = [
        (lambda: checkpoints.safe_path(tmp_path, " "), "Please give the checkpoint a name.",
         "체크포인트 이름을 적어 주세요."),
        (lambda: checkpoints.load(tmp_path / "gone.keras"), "There is no checkpoint file 'gone.keras'",
         "체크포인트 파일 'gone.keras'이(가) 없습니다"),
        (lambda: zoo.build_model("nope", (28, 28, 1), 10), "There is no model called 'nope' in the zoo.",
         "모델 저장소에 'nope'(이)라는 모델이 없습니다."),
        (lambda: training.TrainConfig(epochs=0), "Train for at least 1 epoch (got 0).",
         "에포크는 1 이상이어야 합니다(입력값 0)."),
        (lambda: data.load_dataset("nope"), "There is no dataset called “nope”.",
         "“nope”(이)라는 데이터셋은 없습니다."),
    ]
    for call, english, korean in cases:
        with pytest.raises(CnnvizError) as info:
            call()
        assert str(info.value).startswith(english) and info.value.text("ko").startswith(korean)
    (tmp_path / "page.keras").write_bytes(b"<!DOCTYPE html><html></html>")
    with pytest.raises(CheckpointError) as info:
        checkpoints.load(tmp_path / "page.keras")
    assert info.value.text("ko") == i18n.t("vet.html", "ko", label="page.keras")
    assert str(info.value).startswith("'page.keras' looks like a web page (HTML), not a model.")
