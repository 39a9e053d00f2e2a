"""The zoo builds every classic model with the published parameter counts."""

from __future__ import annotations

import warnings

import keras
import pytest

from cnnviz import zoo
from cnnviz.errors import ModelError

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
