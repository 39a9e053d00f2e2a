"""Evaluation numbers from a model whose outputs are known exactly, and the input conversion before it."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from cnnviz import evaluation

# Each row: the probabilities the model gives, then the true class.
CASES = [
    ([0.70, 0.20, 0.10], 0),  # right
    ([0.10, 0.80, 0.10], 1),  # right
    ([0.60, 0.30, 0.10], 2),  # wrong: 0, 60% sure
    ([0.05, 0.90, 0.05], 0),  # wrong: 1, 90% sure
    ([0.20, 0.20, 0.60], 2),  # right
    ([0.30, 0.40, 0.30], 2),  # wrong: 1, 40% sure
]
PROBABILITIES = np.array([p for p, _ in CASES], dtype=np.float32)
TRUE = np.array([y for _, y in CASES])


def softmax_model(classes: int = 3) -> keras.Model:
    """(1, 1, classes) image → identity Dense → softmax: the model's probabilities are softmax(pixels)."""
    inputs = keras.Input((1, 1, classes))
    x = keras.layers.Flatten()(inputs)
    dense = keras.layers.Dense(classes, activation="softmax")
    model = keras.Model(inputs, dense(x))
    dense.set_weights([np.eye(classes, dtype=np.float32), np.zeros(classes, dtype=np.float32)])
    return model


def images_giving(probabilities: np.ndarray) -> np.ndarray:
    """Pixels whose softmax is `probabilities`: their logs."""
    return np.log(probabilities)[:, None, None, :]


@pytest.fixture(scope="module")
def result() -> evaluation.Evaluation:
    return evaluation.evaluate(softmax_model(), images_giving(PROBABILITIES), TRUE)


# --- fit_to_input ----------------------------------------------------------------------------


def test_rgb_to_grey_uses_the_luma_weights() -> None:
    x = np.zeros((2, 2, 3, 3), dtype=np.float32)
    x[0, 0, 0] = [1.0, 0.0, 0.0]
    x[0, 0, 1] = [0.0, 1.0, 0.0]
    x[0, 0, 2] = [0.0, 0.0, 1.0]
    x[1] = [0.2, 0.4, 0.6]
    grey = evaluation.fit_to_input(x, (2, 3, 1))
    assert grey.shape == (2, 2, 3, 1) and grey.dtype == np.float32
    np.testing.assert_allclose(grey[0, 0, :, 0], [0.299, 0.587, 0.114], rtol=1e-6)
    np.testing.assert_allclose(grey[1], 0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6, rtol=1e-6)


def test_grey_to_rgb_repeats_the_channel() -> None:
    x = np.random.default_rng(0).random((3, 4, 4, 1)).astype(np.float32)
    rgb = evaluation.fit_to_input(x, (4, 4, 3))
    assert rgb.shape == (3, 4, 4, 3)
    for channel in range(3):
        np.testing.assert_array_equal(rgb[..., channel], x[..., 0])


def test_matching_images_pass_through_unchanged() -> None:
    x = np.random.default_rng(1).random((2, 5, 5, 3)).astype(np.float32)
    np.testing.assert_array_equal(evaluation.fit_to_input(x, (5, 5, 3)), x)


def test_resizing_changes_the_size_and_keeps_values_in_range() -> None:
    x = np.zeros((2, 8, 8, 1), dtype=np.float32)
    x[0] = 0.25
    x[1, :, 4:] = 1.0  # left half black, right half white
    small = evaluation.fit_to_input(x, (4, 4, 1))
    assert small.shape == (2, 4, 4, 1)
    np.testing.assert_allclose(small[0], 0.25, atol=1e-6)  # a flat image stays flat
    np.testing.assert_allclose(small[1, :, :2], 0.0, atol=1e-6)
    np.testing.assert_allclose(small[1, :, 2:], 1.0, atol=1e-6)
    big_rgb = evaluation.fit_to_input(x, (16, 16, 3))  # resize and convert in one go
    assert big_rgb.shape == (2, 16, 16, 3)
    assert big_rgb.min() >= 0.0 and big_rgb.max() <= 1.0
    np.testing.assert_allclose(big_rgb[0], 0.25, atol=1e-6)


def test_none_dimensions_keep_the_images_own_size() -> None:
    x = np.random.default_rng(2).random((2, 5, 7, 1)).astype(np.float32)
    out = evaluation.fit_to_input(x, (None, None, 3))
    assert out.shape == (2, 5, 7, 3)
    np.testing.assert_array_equal(out[..., 2], x[..., 0])
    assert evaluation.fit_to_input(x, (None, None, None)).shape == x.shape


# --- evaluate ---------------------------------------------------------------------------------


def test_the_hand_made_model_gives_the_intended_probabilities(result: evaluation.Evaluation) -> None:
    np.testing.assert_allclose(result.probabilities, PROBABILITIES, rtol=1e-5)
    assert result.predicted.tolist() == [0, 1, 0, 1, 2, 1]
    assert result.true.tolist() == TRUE.tolist()


def test_accuracy_and_loss_are_exact(result: evaluation.Evaluation) -> None:
    assert result.accuracy == pytest.approx(3 / 6)
    picked = [0.7, 0.8, 0.1, 0.05, 0.6, 0.3]
    assert result.loss == pytest.approx(float(np.mean(-np.log(picked))), rel=1e-5)


def test_loss_matches_keras_categorical_crossentropy(result: evaluation.Evaluation) -> None:
    keras_loss = keras.losses.SparseCategoricalCrossentropy()(TRUE, PROBABILITIES)
    assert result.loss == pytest.approx(float(keras_loss), rel=1e-5)


def test_confusion_matrix_and_accuracy_per_class(result: evaluation.Evaluation) -> None:
    np.testing.assert_array_equal(result.confusion, [[1, 1, 0], [0, 1, 0], [1, 1, 1]])
    np.testing.assert_allclose(result.per_class_accuracy, [1 / 2, 1.0, 1 / 3])
    assert result.confusion.sum() == len(CASES)


def test_mistakes_come_most_confident_first(result: evaluation.Evaluation) -> None:
    assert result.mistakes.tolist() == [3, 2, 5]


def test_no_mistakes_gives_an_empty_list() -> None:
    right = evaluation.evaluate(softmax_model(), images_giving(PROBABILITIES[[0, 1, 4]]), TRUE[[0, 1, 4]])
    assert right.accuracy == 1.0 and right.mistakes.tolist() == []


def test_images_are_fitted_to_the_model_before_predicting() -> None:
    flat = np.broadcast_to(images_giving(PROBABILITIES), (len(CASES), 3, 3, 3)).copy()  # 3×3, one logit per channel
    result = evaluation.evaluate(softmax_model(), flat, TRUE)
    np.testing.assert_allclose(result.probabilities, PROBABILITIES, rtol=1e-5)
    assert result.accuracy == pytest.approx(0.5)


def test_a_class_with_no_examples_scores_zero_not_nan() -> None:
    result = evaluation.evaluate(softmax_model(), images_giving(PROBABILITIES), TRUE, num_classes=4)
    assert result.confusion.shape == (4, 4)
    assert result.confusion[3].sum() == 0 and result.confusion[:, 3].sum() == 0
    np.testing.assert_allclose(result.per_class_accuracy, [1 / 2, 1.0, 1 / 3, 0.0])


def test_a_single_sigmoid_unit_gives_two_columns() -> None:
    inputs = keras.Input((1, 1, 1))
    dense = keras.layers.Dense(1, activation="sigmoid")
    model = keras.Model(inputs, dense(keras.layers.Flatten()(inputs)))
    dense.set_weights([np.ones((1, 1), dtype=np.float32), np.zeros(1, dtype=np.float32)])
    p = np.array([0.9, 0.2, 0.7, 0.4], dtype=np.float32)
    x = np.log(p / (1 - p))[:, None, None, None]  # the logit: sigmoid gives p back
    y = np.array([1, 0, 0, 0])
    result = evaluation.evaluate(model, x, y)
    assert result.probabilities.shape == (4, 2)
    np.testing.assert_allclose(result.probabilities, np.stack([1 - p, p], axis=1), rtol=1e-5, atol=1e-6)
    assert result.predicted.tolist() == [1, 0, 1, 0]
    assert result.accuracy == pytest.approx(3 / 4)
    np.testing.assert_array_equal(result.confusion, [[2, 1], [0, 1]])
    assert result.loss == pytest.approx(float(np.mean(-np.log([0.9, 0.8, 0.3, 0.6]))), rel=1e-5)
    assert result.mistakes.tolist() == [2]


def test_confusion_csv_layout() -> None:
    text = evaluation.confusion_csv(np.array([[5, 1], [2, 7]]), ["cat", "dog"])
    assert text == "true \\ predicted,cat,dog\ncat,5,1\ndog,2,7\n"
