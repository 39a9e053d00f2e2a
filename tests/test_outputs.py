"""What a model's output means, decided once: probabilities, a sigmoid, or logits; checked against Keras."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest

from cnnviz.models import outputs, zoo
from cnnviz.train import training


def head(*layers: keras.layers.Layer, units_in: int = 4) -> keras.Model:
    """A model whose input goes straight through `layers`."""
    inputs = keras.Input((units_in,))
    x = inputs
    for layer in layers:
        x = layer(x)
    return keras.Model(inputs, x)


@pytest.mark.parametrize("layers, kind", [
    ([keras.layers.Dense(3, activation="softmax")], "probabilities"),
    ([keras.layers.Dense(3), keras.layers.Activation("softmax")], "probabilities"),
    ([keras.layers.Dense(3), keras.layers.Softmax()], "probabilities"),
    ([keras.layers.Dense(3, activation="softmax"), keras.layers.Dropout(0.5)], "probabilities"),
    ([keras.layers.Dense(1, activation="sigmoid")], "sigmoid"),
    ([keras.layers.Dense(3)], "logits"),
    ([keras.layers.Dense(3, activation="linear"), keras.layers.Dropout(0.2)], "logits"),
    ([keras.layers.Dense(3, activation="log_softmax")], "logits"),  # softmax(log_softmax(z)) = softmax(z)
    ([keras.layers.Dense(3, activation="relu")], "logits"),
])
def test_the_last_meaningful_layer_decides(layers: list, kind: str) -> None:
    assert outputs.output_kind(head(*layers)) == kind


def test_a_nested_model_is_looked_into() -> None:
    inner = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Softmax()], name="inner")
    assert outputs.output_kind(head(inner, keras.layers.Dropout(0.1))) == "probabilities"
    linear = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)], name="linear_inner")
    assert outputs.output_kind(head(linear)) == "logits"
    assert outputs.output_kind(linear) == "logits"


def test_zoo_models_end_in_softmax_and_the_main_head_is_found_by_name() -> None:
    googlenet = zoo.build_model("mini_googlenet", (28, 28, 1), 10, aux_heads=True)
    assert outputs.output_names(googlenet) == ["predictions", "aux1"]
    assert outputs.main_output_index(googlenet) == 0
    assert [outputs.output_kind(googlenet, i) for i in (0, 1)] == ["probabilities", "probabilities"]
    # The main head is "predictions" wherever it is in the output list.
    inputs = keras.Input((4,))
    aux = keras.layers.Dense(2, activation="softmax", name="aux1")(inputs)
    main = keras.layers.Dense(3, name="predictions")(inputs)
    swapped = keras.Model(inputs, [aux, main])
    assert outputs.main_output_index(swapped) == 1
    assert outputs.output_kind(swapped, 1) == "logits" and outputs.num_classes(swapped) == 3


def test_class_counts() -> None:
    assert outputs.num_classes(head(keras.layers.Dense(5, activation="softmax"))) == 5
    assert outputs.num_classes(head(keras.layers.Dense(1, activation="sigmoid"))) == 2
    maps = zoo.build_model("inception_naive", (16, 16, 8))  # a module alone: feature maps, not classes
    assert outputs.num_classes(maps) is None


def test_softmax_of_logits_equals_the_hand_computation() -> None:
    z = [0.586, -0.204, -0.321]  # the logits, once shown as "58.6% / −20.4% / −32.1%"
    exp = [math.exp(v) for v in z]
    expected = [e / sum(exp) for e in exp]  # 0.5383, 0.2443, 0.2173
    p = outputs.to_probabilities(np.array([z]), "logits")
    np.testing.assert_allclose(p[0], expected, rtol=1e-6)
    assert p.sum() == pytest.approx(1.0, abs=1e-6)
    assert [round(v, 4) for v in expected] == [0.5383, 0.2443, 0.2173]


def test_one_unit_becomes_two_columns() -> None:
    z = np.array([[2.0], [-1.0], [0.0], [-120.0]], dtype=np.float32)
    sigma = [1 / (1 + math.exp(-v)) for v in (2.0, -1.0, 0.0, -120.0)]
    np.testing.assert_allclose(outputs.to_probabilities(z, "logits"), [[1 - s, s] for s in sigma], atol=1e-7)
    p = np.array([[0.9], [0.25]], dtype=np.float32)
    np.testing.assert_allclose(outputs.to_probabilities(p, "sigmoid"), [[0.1, 0.9], [0.75, 0.25]], atol=1e-7)


def test_probabilities_pass_through_unchanged() -> None:
    p = np.array([[0.7, 0.2, 0.1]], dtype=np.float32)
    np.testing.assert_array_equal(outputs.to_probabilities(p, "probabilities"), p)


def test_cross_entropy_of_logits_equals_keras_from_logits() -> None:
    rng = np.random.default_rng(0)
    z = rng.normal(0, 4, (50, 5)).astype(np.float32)
    y = rng.integers(0, 5, 50)
    reference = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction=None)(y, z)
    np.testing.assert_allclose(outputs.cross_entropy(z, y, "logits"), np.asarray(reference), rtol=1e-5, atol=1e-6)
    one = rng.normal(0, 4, (50, 1)).astype(np.float32)
    yb = rng.integers(0, 2, 50)
    binary = keras.losses.BinaryCrossentropy(from_logits=True, reduction=None)(yb[:, None].astype("float32"), one)
    np.testing.assert_allclose(outputs.cross_entropy(one, yb, "logits"), np.asarray(binary), rtol=1e-5, atol=1e-6)


def test_cross_entropy_of_probabilities_is_what_model_evaluate_reports() -> None:
    p = np.array([[0.7, 0.2, 0.1], [0.05, 0.9, 0.05]], dtype=np.float32)
    y = np.array([0, 2])
    ours = outputs.cross_entropy(p, y, "probabilities")
    np.testing.assert_allclose(ours, [-math.log(0.7), -math.log(0.05)], rtol=1e-6)
    # A confident mistake: Keras's compiled loss works from the softmax's logits (30.0), not a 1e-7 clip (16.1).
    inputs = keras.Input((2,))
    dense = keras.layers.Dense(3, activation="softmax")
    model = keras.Model(inputs, dense(inputs))
    dense.set_weights([np.array([[30.0, 0, 0], [0, 0, 0]], dtype="float32"), np.zeros(3, "float32")])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy())
    x, wrong = np.array([[1.0, 0.0]], dtype="float32"), np.array([1])
    keras_loss = model.evaluate(x, wrong, verbose=0)
    raw = model.predict(x, verbose=0)
    assert keras_loss == pytest.approx(30.0, rel=1e-4)
    assert outputs.cross_entropy(raw, wrong, "probabilities")[0] == pytest.approx(keras_loss, rel=1e-4)
    assert np.isfinite(outputs.cross_entropy(np.array([[1.0, 0.0]]), np.array([1]), "probabilities")).all()
    s = np.array([[0.9], [0.2]], dtype=np.float32)
    binary = keras.losses.BinaryCrossentropy(reduction=None)(np.array([[1.0], [1.0]], dtype=np.float32), s)
    ours = outputs.cross_entropy(s, np.array([1, 1]), "sigmoid")
    np.testing.assert_allclose(ours, np.asarray(binary), rtol=1e-5)


def test_loss_weights_come_from_the_compiled_model() -> None:
    googlenet = zoo.build_model("mini_googlenet", (28, 28, 1), 10, aux_heads=True)
    assert outputs.loss_weights(googlenet) is None  # not compiled yet
    training.compile_model(googlenet, training.TrainConfig())
    assert outputs.loss_weights(googlenet) == [1.0, zoo.AUX_LOSS_WEIGHT]
    assert outputs.loss_weights(head(keras.layers.Dense(3))) is None  # one output: no weighting
