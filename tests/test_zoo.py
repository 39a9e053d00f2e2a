"""The zoo builds every classic model with the published parameter counts."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import keras
import numpy as np
import pytest

from cnnviz.core.errors import ModelError
from cnnviz.models import arch, figures, zoo

PUBLISHED_PARAMS = {
    "fashion_cnn": 333_526,
    "fashion_cnn_128": 421_642,
    "lenet5": 61_706,
    "inception_naive": 387_296,
    "inception_reduced": 163_696,
    "residual_block": 38_976,
}


@pytest.mark.parametrize(("name", "expected"), PUBLISHED_PARAMS.items())
def test_published_parameter_counts(name: str, expected: int) -> None:
    assert zoo.build_model(name).count_params() == expected


def test_alexnet_has_62_million_parameters_with_1000_classes() -> None:
    model = zoo.build_model("alexnet")
    assert model.count_params() == 62_378_344
    assert model.output_shape == (None, 1000)
    assert model.get_layer("conv1").get_config()["kernel_initializer"]["class_name"] == "HeNormal"


def test_vgg16_transfer_random_weights_frozen_base() -> None:
    model = zoo.build_model("vgg16_transfer", weights=None)
    assert model.count_params() == 14_715_201
    assert sum(int(w.numpy().size) for w in model.trainable_weights) == 513
    assert model.get_layer("predictions").get_config()["activation"] == "sigmoid"


def test_vgg16_transfer_offline_falls_back_to_random_weights_with_a_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = zoo.build_model("vgg16_transfer")  # no network here: the download fails
    messages = [str(w.message) for w in caught if issubclass(w.category, zoo.OfflineWeightsWarning)]
    assert messages and "random weights" in messages[0]
    assert model.count_params() == 14_715_201


def test_imagenet_weights_are_available_only_where_keras_caches_them(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from keras.src.applications import vgg16

    assert vgg16.WEIGHTS_PATH_NO_TOP.endswith("/" + zoo.VGG16_IMAGENET_FILE)  # the name Keras caches it under
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))  # empty: nothing downloaded, nothing looked up online
    assert not zoo.imagenet_weights_available() and zoo.imagenet_weights_path() is None
    assert zoo.imagenet_weights_missing("vgg16_transfer")
    assert not zoo.imagenet_weights_missing("vgg16_transfer", {"weights": None})  # random asked for: no warning
    assert not zoo.imagenet_weights_missing("fashion_cnn") and zoo.missing_weights_note("fashion_cnn") is None
    note = zoo.missing_weights_note("vgg16_transfer")
    assert note is not None and str(tmp_path / "models") in note and zoo.VGG16_IMAGENET_FILE in note
    assert "random weights" in note and "무작위 가중치" in note.text("ko")

    (tmp_path / "models").mkdir()
    (tmp_path / "models" / zoo.VGG16_IMAGENET_FILE).write_bytes(b"weights")
    assert zoo.imagenet_weights_available()
    assert zoo.imagenet_weights_path() == tmp_path / "models" / zoo.VGG16_IMAGENET_FILE
    assert not zoo.imagenet_weights_missing("vgg16_transfer") and zoo.missing_weights_note("vgg16_transfer") is None


def test_cached_imagenet_weights_are_the_ones_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import h5py
    from keras.src.legacy.saving import legacy_h5_format

    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    keras.utils.set_random_seed(5)
    stored = keras.applications.VGG16(include_top=False, weights=None, input_shape=(32, 32, 3))
    (tmp_path / "models").mkdir()
    with h5py.File(tmp_path / "models" / zoo.VGG16_IMAGENET_FILE, "w") as f:  # as Keras's download is written
        legacy_h5_format.save_weights_to_hdf5_group(f, stored)
    model, random_base = zoo.build_noting_weights("vgg16_transfer", (32, 32, 3), 2)
    assert not random_base
    for built, kept in zip(model.get_layer("vgg16").get_weights(), stored.get_weights(), strict=True):
        np.testing.assert_array_equal(built, kept)
    assert not zoo.build_noting_weights("fashion_cnn")[1]


def test_every_model_in_the_zoo_builds_and_describes_itself() -> None:
    names = [spec.name for spec in zoo.list_models()]
    for required in ("fashion_cnn", "fashion_cnn_128", "alexnet", "vgg16_transfer", "inception_naive",
                     "inception_reduced", "mini_googlenet", "residual_block", "mini_resnet", "lenet5"):
        assert required in names
    for spec in zoo.list_models():
        assert spec.description and spec.teaches and spec.title


@pytest.mark.parametrize("name", ["fashion_cnn", "lenet5", "mini_googlenet", "mini_resnet", "alexnet"])
def test_trainable_models_fit_a_28x28_grey_dataset(name: str) -> None:
    model = zoo.build_model(name, input_shape=(28, 28, 1), num_classes=7)
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, 7)


def test_vgg16_transfer_adapts_grey_small_images_without_extra_parameters() -> None:
    model = zoo.build_model("vgg16_transfer", input_shape=(28, 28, 1), num_classes=10, weights=None)
    assert [layer.name for layer in model.layers[:3]] == ["input", "resize_input", "grey_to_rgb"]
    assert model.output_shape == (None, 10)
    assert model.count_params() == 14_714_688 + 512 * 10 + 10


def test_modules_get_a_classifier_head_only_when_asked() -> None:
    assert zoo.build_model("inception_reduced").output_shape == (None, 28, 28, 256)
    headed = zoo.build_model("inception_reduced", input_shape=(28, 28, 1), num_classes=10)
    assert headed.output_shape == (None, 10)


def test_mini_googlenet_auxiliary_head() -> None:
    model = zoo.build_model("mini_googlenet", aux_heads=True)
    assert len(model.outputs) == 2
    assert [layer.name for layer in model.layers if layer.name.startswith("aux1")] == [
        "aux1_pool", "aux1_conv", "aux1_flatten", "aux1_fc", "aux1_dropout", "aux1"
    ]
    assert zoo.AUX_LOSS_WEIGHT == 0.3


@pytest.mark.parametrize("initializer", zoo.INITIALIZERS)
def test_kernel_initializer_option(initializer: str) -> None:
    model = zoo.build_model("fashion_cnn", kernel_initializer=initializer)
    config = model.get_layer("conv1").get_config()["kernel_initializer"]
    assert keras.initializers.get(config).__class__ is keras.initializers.get(initializer).__class__


def test_random_uniform_stays_within_five_hundredths() -> None:
    kernel = zoo.build_model("fashion_cnn", kernel_initializer="random_uniform").get_layer("dense").kernel.numpy()
    assert kernel.min() >= -0.05 and kernel.max() <= 0.05


def test_dropout_and_batch_norm_options() -> None:
    plain = zoo.build_model("fashion_cnn", dropout=0.0)
    assert not [layer for layer in plain.layers if isinstance(layer, keras.layers.Dropout)]
    assert zoo.build_model("fashion_cnn", dropout=0.25).get_layer("dropout").rate == 0.25
    bn = zoo.build_model("fashion_cnn", batch_norm=True)
    assert bn.get_layer("conv1_bn") is not None
    # Conv without bias (−32 −64) plus BatchNorm's 4 vectors per channel (+4·32 +4·64).
    assert bn.count_params() == 333_526 - 96 + 4 * 96


def test_clear_errors_for_bad_requests() -> None:
    with pytest.raises(ModelError, match="no model called 'resnet9000'"):
        zoo.build_model("resnet9000")
    with pytest.raises(ModelError, match="has no option colour"):
        zoo.build_model("fashion_cnn", colour="red")
    with pytest.raises(ModelError, match="Unknown initializer"):
        zoo.build_model("fashion_cnn", kernel_initializer="zeros_please")
    with pytest.raises(ModelError, match="at least 2 classes"):
        zoo.build_model("fashion_cnn", num_classes=1)
    with pytest.raises(ModelError, match="height, width, channels"):
        zoo.build_model("fashion_cnn", input_shape=(28, 28))


@pytest.mark.parametrize("spec", zoo.list_models(), ids=lambda spec: spec.name)
def test_listed_parameter_counts_match_keras(spec: zoo.ModelSpec) -> None:
    kw = {"weights": None} if spec.name == "vgg16_transfer" else {}
    assert spec.params == zoo.build_model(spec.name, **kw).count_params()


# --- the texts: every number in them is the model's, the figures lessons quote are measured --------


def config_numbers(value: Any) -> set[float]:
    """Every number anywhere in a (nested) Keras config."""
    if isinstance(value, bool):
        return set()
    if isinstance(value, (int, float)):
        return {float(value)}
    if isinstance(value, dict):
        return set().union(*(config_numbers(v) for v in value.values())) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*(config_numbers(v) for v in value)) if value else set()
    return set()


NAMES_WITH_DIGITS = ("VGG16", "3a")  # names, not quantities
NUMBER_WORDS = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", re.I)


@pytest.mark.parametrize("spec", zoo.list_models(), ids=lambda spec: spec.name)
def test_every_number_in_a_description_is_in_the_models_config(spec: zoo.ModelSpec) -> None:
    model = zoo.build_model(spec.name, **({"weights": None} if spec.name == "vgg16_transfer" else {}))
    known = set().union(*(config_numbers(layer.get_config()) for layer in model.layers)) | {zoo.AUX_LOSS_WEIGHT}
    texts = {lang: [zoo.text(spec.name, part, lang) for part in ("description", "teaches")]
             for lang in ("en", "ko")}
    digits = {}
    for lang, (description, teaches) in texts.items():
        text = f"{description} {teaches}"
        for name in NAMES_WITH_DIGITS:
            text = text.replace(name, "")
        text = re.sub(r"(et al\.|외),? \(?(19|20)\d\d\)?|\((19|20)\d\d\)", "", text)  # citation years
        numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
        assert set(numbers) <= known, (lang, sorted(set(numbers) - known))
        digits[lang] = sorted(numbers)
    assert digits["en"] == digits["ko"]  # the translation quotes the same numbers
    assert not NUMBER_WORDS.search(" ".join(texts["en"]))  # counts written as words escape this check


def test_spec_text_is_the_english_of_the_i18n_entry() -> None:
    spec = zoo.get_spec("mini_googlenet")
    assert spec.teaches == zoo.text("mini_googlenet", "teaches", "en")
    assert "(weighted 0.3 in the loss)" in spec.teaches  # filled from AUX_LOSS_WEIGHT
    assert "가중치 0.3" in zoo.text("mini_googlenet", "teaches", "ko")


def test_the_claims_in_the_descriptions_hold() -> None:
    fashion = arch.totals(zoo.build_model("fashion_cnn"))
    dense = next(r for r in arch.layer_table(zoo.build_model("fashion_cnn")) if r.name == "dense")
    assert dense.params / fashion.params > 0.5  # "most are in the first Dense layer"
    assert arch.totals(zoo.build_model("alexnet")).share("Dense") > 0.5  # "most … sit in the Dense layers"
    inception = figures.inception_comparison()
    assert inception.param_ratio < 0.5  # "cut the parameters by more than half"
    assert inception.reduced_channels < inception.naive_channels  # "the output is narrower too"


def test_inception_comparison_matches_the_hand_count() -> None:
    facts = figures.inception_comparison()
    # naive: 64 + 128 + 32 + all 192 pooled channels; reduced: the pool projected to 32
    assert facts.naive_channels == 64 + 128 + 32 + 192 == 416
    assert facts.reduced_channels == 64 + 128 + 32 + 32 == 256
    assert (facts.naive_params, facts.reduced_params) == (387_296, 163_696)
    reductions = (facts.input_channels, facts.reduce_3x3, facts.reduce_5x5, facts.pool_projection)
    assert reductions == (192, 96, 16, 32)
    assert f"{facts.param_ratio:.0%}" == "42%"


def test_residual_block_keeps_the_course_notes_relu_projection() -> None:
    summary = figures.residual_summary()
    assert summary.params == 38_976 and summary.filters == 64 and summary.input_shape == (256, 256, 3)
    assert summary.projection_params == 256 == 1 * 1 * 3 * 64 + 64
    assert summary.projection_formula == "1×1×3×64 + 64 = 256"
    assert summary.projection_activation == "relu"
    assert "the ResNet paper's projection is linear" in zoo.get_spec("residual_block").description
    bn = zoo.build_model("residual_block", batch_norm=True)
    assert bn.get_layer("res_projection_relu") is not None  # Conv → BN → ReLU on the shortcut


def test_mini_resnet_projections_are_linear_as_in_the_paper() -> None:
    for batch_norm in (False, True):
        model = zoo.build_model("mini_resnet", batch_norm=batch_norm)
        projections = [layer for layer in model.layers if layer.name.endswith("_projection")]
        assert [p.name for p in projections] == ["res2_projection", "res3_projection"]  # 32 → 64 → 128
        assert all(p.get_config()["activation"] == "linear" for p in projections)
        assert not [layer for layer in model.layers if layer.name.endswith("_projection_relu")]
    assert zoo.build_model("mini_resnet").count_params() == 307_402  # an activation adds no parameters
    assert "linear" in zoo.get_spec("mini_resnet").description


def test_a_linear_projection_passes_negative_values_through() -> None:
    """What linear means, measured: the shortcut of mini_resnet can carry a negative value to the Add."""
    import keras

    x = keras.Input((4, 4, 1))
    linear = keras.Model(x, zoo.residual_module(x, 2, name="lin", projection_activation=None))
    relu = keras.Model(x, zoo.residual_module(x, 2, name="rel", projection_activation="relu"))
    for model in (linear, relu):
        for layer in model.layers:
            if layer.weights:
                kernel = np.zeros(layer.weights[0].shape, "float32")
                if layer.name.endswith("_projection"):
                    kernel[...] = -1.0  # the shortcut alone: −input
                layer.set_weights([kernel, *[np.zeros(w.shape, "float32") for w in layer.weights[1:]]])
    shortcut = {m.name: keras.Model(m.input, m.get_layer(f"{p}_projection").output)
                for m, p in ((linear, "lin"), (relu, "rel"))}
    ones = np.ones((1, 4, 4, 1), "float32")
    assert float(shortcut[linear.name].predict(ones, verbose=0).min()) == -1.0
    assert float(shortcut[relu.name].predict(ones, verbose=0).min()) == 0.0


def test_training_options_keep_what_each_builder_takes() -> None:
    # LeNet-5's builder takes an initializer, batch norm and dropout; ImageNet weights only mean something for VGG16
    assert zoo.training_options("lenet5", kernel_initializer="he_uniform", dropout=0.2) == {
        "kernel_initializer": "he_uniform", "dropout": 0.2}
    assert zoo.training_options("vgg16_transfer") == {"weights": "imagenet"}  # transfer learning starts pretrained
    assert "weights" not in zoo.training_options("lenet5")
    assert zoo.training_options("fashion_cnn", batch_norm=False) == {}  # defaults are left to the builder
    model = zoo.build_model("lenet5", (32, 32, 1), 10, **zoo.training_options("lenet5", batch_norm=True))
    assert any(type(layer).__name__ == "BatchNormalization" for layer in model.layers)
