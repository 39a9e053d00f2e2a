"""Tests for cnnviz/vetting.py: hostile .keras uploads are refused quickly and cheaply, real models still load.

Every corpus case goes through `checkpoints.load_bytes`, the function the sidebar upload calls. Parameter counts
are checked against Keras's own `count_params()` on models Keras built, never against vetting itself.
"""

from __future__ import annotations

import json
import math
import re
import zipfile

import keras
import numpy as np
import pytest
from helpers import ROOT
from make_model_corpus import BOMB_MEMORY_MB, BOMB_SECONDS, BOMBS, REFUSED, ModelCase, make_corpus, measure

from cnnviz.core.errors import CheckpointError
from cnnviz.models import zoo
from cnnviz.train import checkpoints
from cnnviz.uploads import model_size, vetting


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, ModelCase]:
    return make_corpus(tmp_path_factory.mktemp("model_corpus"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_case_says_why_in_both_languages(corpus, name):
    case = corpus[name]
    with pytest.raises(CheckpointError) as info:
        checkpoints.load_bytes(case.path.read_bytes(), case.path.name)
    english = str(info.value)
    assert f"'{case.path.name}'" in english
    for word in case.error_words:
        assert word in english
    korean = info.value.text("ko")
    assert korean != english and re.search("[가-힣]", korean)
    numbers = re.compile(r"\d[\d,]*(?:\.\d+)?")
    assert numbers.findall(korean) == numbers.findall(english)  # the same figures


def test_bombs_are_refused_within_limits_in_a_child_process(corpus):
    """One child loads every bomb: none may raise its peak memory by BOMB_MEMORY_MB or take BOMB_SECONDS."""
    rows = measure([corpus[name].path for name in BOMBS], kill_above_mb=4000, kill_after_s=120)
    assert [row["path"] for row in rows] == [str(corpus[name].path) for name in BOMBS]
    for name, row in zip(BOMBS, rows, strict=False):
        assert row["outcome"].startswith("refused:"), (name, row["outcome"])
        assert row["seconds"] < BOMB_SECONDS, (name, row)
        assert row["extra_mb"] < BOMB_MEMORY_MB, (name, row)


@pytest.mark.parametrize("name", ["shipped_fashion_cnn_digits", "shipped_fashion_cnn_fashion",
                                  "shipped_lenet5_shapes"])
def test_shipped_checkpoints_still_load_and_are_counted_like_keras(corpus, name):
    case = corpus[name]
    model, _ = checkpoints.load_bytes(case.path.read_bytes(), case.path.name)
    config = json.loads(zipfile.ZipFile(case.path).read("config.json"))
    size = model_size.model_size(config)
    assert size.params == model.count_params()
    assert size.layers == len(model.layers) and not size.unknown_types and not size.unsized


def test_vgg16_transfer_loads_and_is_counted_like_keras(tmp_path):
    model = zoo.build_model("vgg16_transfer", input_shape=(32, 32, 3), num_classes=2, weights=None)
    model.save(tmp_path / "vgg.keras")
    loaded, _ = checkpoints.load_bytes((tmp_path / "vgg.keras").read_bytes(), "vgg.keras")
    assert loaded.count_params() == model.count_params() == 14_715_201  # the figure keras.io gives, plus 513
    size = model_size.model_size(json.loads(zipfile.ZipFile(tmp_path / "vgg.keras").read("config.json")))
    assert size.params == 14_715_201
    assert size.layers == 4 + 19  # input, VGG16 base, flatten, predictions; the base's 19 layers


def _models() -> dict[str, keras.Model]:
    """Small models using every layer type the inference knows, as Keras builds them."""
    L = keras.layers
    img = keras.Input((20, 18, 3))
    x = L.Conv2D(4, (3, 5), strides=(2, 1), padding="same", dilation_rate=1, name="c1")(img)
    x = L.DepthwiseConv2D(3, depth_multiplier=2, padding="valid")(x)
    x = L.SeparableConv2D(5, 3, depth_multiplier=3, padding="same", use_bias=False)(x)
    x = L.Conv2DTranspose(3, 3, strides=2, padding="valid")(x)
    x = L.Conv2DTranspose(2, 4, strides=2, padding="same", output_padding=1)(x)
    x = L.BatchNormalization()(x)
    x = L.ZeroPadding2D(((1, 2), (3, 4)))(x)
    x = L.Cropping2D(((2, 1), (0, 3)))(x)
    x = L.MaxPooling2D(3, strides=2, padding="same")(x)
    x = L.AveragePooling2D(2)(x)
    x = L.UpSampling2D((2, 3))(x)
    y = L.Conv2D(2, 1, groups=2)(x)
    x = L.Concatenate()([x, y])
    x = L.Add()([x, L.Activation("relu")(x)])
    x = L.PReLU(shared_axes=[1, 2])(x)
    x = L.LayerNormalization(axis=[-2, -1])(x)
    x = L.GroupNormalization(groups=2)(x)
    x = L.Resizing(7, 9)(x)
    x = L.Reshape((-1, 4))(x)
    x = L.Conv1D(6, 3, padding="causal", dilation_rate=2)(x)
    x = L.Conv1D(5, 2, strides=2)(x)
    x = L.LSTM(5, return_sequences=True)(x)
    x = L.GRU(4, return_sequences=True)(x)
    x = L.SimpleRNN(3)(x)
    x = L.RepeatVector(4)(x)
    x = L.GlobalAveragePooling1D()(x)
    x = L.Dense(7)(x)
    graph = keras.Model(img, x, name="graph")

    vol = keras.Input((6, 8, 8, 2))
    v = L.Conv3D(3, 2, data_format="channels_last")(vol)
    v = L.Conv3DTranspose(2, 3, strides=(1, 2, 2))(v)
    v = L.MaxPooling3D(2)(v)
    v = L.Flatten()(v)
    volume = keras.Model(vol, L.Dense(3)(v), name="volume")

    chw = keras.Input((3, 16, 12))
    c = L.Conv2D(4, 3, data_format="channels_first")(chw)
    c = L.BatchNormalization(axis=1)(c)
    c = L.GlobalMaxPooling2D(data_format="channels_first", keepdims=True)(c)
    first = keras.Model(chw, L.Dense(2)(L.Flatten()(c)), name="channels_first")

    seq = keras.Sequential([keras.Input((10,), dtype="int32"), L.Embedding(50, 6), L.Conv1D(4, 3),
                            L.DepthwiseConv1D(2), L.SeparableConv1D(3, 2), L.Conv1DTranspose(2, 3),
                            L.GlobalMaxPooling1D(), L.Dropout(0.5), L.Dense(2)], name="seq")
    nested_in = keras.Input((32, 32, 3))
    nested = keras.Model(nested_in, graph(keras.layers.Resizing(20, 18)(nested_in)), name="nested")
    return {m.name: m for m in (graph, volume, first, seq, nested)}


@pytest.mark.parametrize("name", ["graph", "volume", "channels_first", "seq", "nested"])
def test_parameters_and_outputs_from_the_config_match_keras(tmp_path, name):
    model = _models()[name]
    model.save(tmp_path / "m.keras")
    config = json.loads(zipfile.ZipFile(tmp_path / "m.keras").read("config.json"))
    size = model_size.model_size(config)
    assert size.params == model.count_params()
    assert not size.unknown_types and not size.unsized
    if name != "nested":  # Keras's own record of every layer's output, input layer included
        outputs = [model.get_layer(layer.name).output for layer in model.layers] + (
            [model.inputs[0]] if isinstance(model, keras.Sequential) else [])
        assert size.activation_bytes == sum(math.prod(t.shape[1:]) * 4 for t in outputs)


def with_config(path, config) -> None:
    """Replace the config.json of a saved .keras file with `config`, keeping its other members."""
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)


def test_layer_after_an_unknown_layer_without_build_config_is_refused(tmp_path):
    inputs = keras.Input((8,))
    x = keras.layers.EinsumDense("ab,bc->ac", output_shape=16)(inputs)  # a type the inference does not know
    model = keras.Model(inputs, keras.layers.Dense(3, name="head")(x))
    config = json.loads(model.to_json())
    assert model_size.model_size(config).unknown_types == ("EinsumDense",)
    assert model_size.model_size(config).params == 3 * 16 + 3  # EinsumDense's 128 are not counted: unknown
    del config["config"]["layers"][2]["build_config"]
    assert model_size.model_size(config).unsized == (("head", "Dense"),)
    path = tmp_path / "edited.keras"
    model.save(path)
    with_config(path, config)
    with pytest.raises(CheckpointError) as caught:  # the unknown type is reason enough, before the unsized layer
        checkpoints.load_bytes(path.read_bytes(), "edited.keras")
    assert caught.value.key == "error.upload_unknown_layers" and caught.value.values["types"] == "EinsumDense"


def test_a_huge_layer_of_a_type_cnnviz_cannot_size_is_refused_before_keras_builds_it(tmp_path):
    inputs = keras.Input((8,))
    model = keras.Model(inputs, keras.layers.EinsumDense("ab,bc->ac", output_shape=4)(inputs))
    config = json.loads(model.to_json())
    config["config"]["layers"][1]["config"]["output_shape"] = [600_000_000]  # 4.8 G weights if Keras built it
    path = tmp_path / "bomb.keras"
    model.save(path)
    with_config(path, config)
    with pytest.raises(CheckpointError) as caught:
        checkpoints.load_bytes(path.read_bytes(), "bomb.keras")
    assert caught.value.key == "error.upload_unknown_layers"


def _depth(node: object) -> int:
    """Reference: nesting depth by walking the parsed JSON."""
    if isinstance(node, dict):
        return 1 + max((_depth(v) for v in node.values()), default=0)
    if isinstance(node, list):
        return 1 + max((_depth(v) for v in node), default=0)
    return 0


@pytest.mark.parametrize("text", [
    '{"a": "[[[[{{", "b": [1, {"c": "\\"]]"}], "d": "\\\\"}',
    '[[], [[[]]], {"x": {"y": [0]}}]',
    '"just a string with [brackets]"',
    '{"k\\"[": [[["\\u005b"]]]}',
])
def test_json_depth_ignores_brackets_in_strings(text):
    assert vetting.json_depth(text.encode()) == _depth(json.loads(text))


def _deflated(members: dict[str, bytes], path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    assert {i.compress_type for i in zipfile.ZipFile(path).infolist()} == {zipfile.ZIP_DEFLATED}
    return path.read_bytes()


def test_compressed_keras_file_is_unpacked_checked_and_loads(tmp_path, corpus):
    """A .keras zipped again with compression (as zip tools do): every member is unpacked and checked, then loaded,
    the embedded metadata and epoch replay included; without that metadata, the notes name the uploaded file."""
    original = corpus["shipped_lenet5_shapes"].path
    with zipfile.ZipFile(original) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sidecar = json.loads((ROOT / "checkpoints" / "lenet5_shapes.json").read_text(encoding="utf-8"))  # its source
    data = _deflated(members, tmp_path / "deflated.keras")
    model, meta = checkpoints.load_bytes(data, "deflated.keras")
    assert model.count_params() == 44_086
    for loaded, saved in zip(model.get_weights(), checkpoints.load(original)[0].get_weights(), strict=True):
        np.testing.assert_array_equal(loaded, saved)
    assert meta.notes == sidecar["notes"] and meta.model_name == sidecar["model_name"]  # the embedded metadata
    assert checkpoints.replay_epochs(data) == tuple(sidecar["replay"]["epochs"])
    best = checkpoints.epoch_weights(data, sidecar["best_epoch"])  # deflated replay members still decode
    for kept, saved in zip(best, model.get_weights(), strict=True):
        np.testing.assert_array_equal(kept, saved)

    del members[checkpoints.EMBEDDED_METADATA]  # a plain Keras file: no story of its own
    _, bare = checkpoints.load_bytes(_deflated(members, tmp_path / "bare.keras"), "bare.keras")
    assert bare.notes == "Uploaded file: bare.keras" and bare.model_name == "uploaded"
