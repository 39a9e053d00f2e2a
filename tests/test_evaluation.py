"""Evaluation numbers from a model whose outputs are known exactly, and the input conversion before it."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from cnnviz.analysis import evaluation
from cnnviz.core.errors import ModelError

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


# --- what the outputs mean: logits, auxiliary heads --------------------------------------------


def logits_model(classes: int = 3) -> keras.Model:
    """(1, 1, classes) image → identity Dense with no activation: the model outputs the pixels as logits."""
    inputs = keras.Input((1, 1, classes))
    dense = keras.layers.Dense(classes, name="predictions")
    model = keras.Model(inputs, dense(keras.layers.Flatten()(inputs)))
    dense.set_weights([np.eye(classes, dtype=np.float32), np.zeros(classes, dtype=np.float32)])
    return model


LOGITS = np.array([[0.586, -0.204, -0.321], [2.0, 1.0, 0.1], [-3.0, 4.0, 0.5], [0.0, 0.0, 6.0]], dtype=np.float32)
LOGIT_LABELS = np.array([0, 2, 1, 0])


def test_a_model_ending_in_logits_shows_softmax_probabilities() -> None:
    result = evaluation.evaluate(logits_model(), LOGITS[:, None, None, :], LOGIT_LABELS)
    exp = np.exp(LOGITS.astype(np.float64))
    np.testing.assert_allclose(result.probabilities, exp / exp.sum(axis=1, keepdims=True), rtol=1e-5)
    np.testing.assert_allclose(result.probabilities.sum(axis=1), 1.0, atol=1e-6)
    assert result.kind == "logits" and (result.probabilities >= 0).all()
    np.testing.assert_allclose(result.probabilities[0], [0.5383, 0.2443, 0.2173], atol=1e-4)  # by hand
    assert result.predicted.tolist() == [0, 0, 1, 2] and result.accuracy == pytest.approx(2 / 4)


def test_the_loss_of_a_logits_model_is_keras_cross_entropy_from_logits() -> None:
    model = logits_model()
    result = evaluation.evaluate(model, LOGITS[:, None, None, :], LOGIT_LABELS)
    raw = model.predict(LOGITS[:, None, None, :], verbose=0)
    reference = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(LOGIT_LABELS, raw)
    assert result.loss == pytest.approx(float(reference), rel=1e-5)
    assert result.loss > 0 and result.total_loss is None and result.head_losses == (result.loss,)


def two_head_model() -> keras.Model:
    """A main head ("predictions") and an auxiliary one ("aux1"), both softmax, compiled as the trainer does."""
    from cnnviz.models import zoo
    from cnnviz.train import training

    inputs = keras.Input((4, 4, 1))
    x = keras.layers.Flatten()(inputs)
    aux = keras.layers.Dense(3, activation="softmax", name="aux1")(x)
    hidden = keras.layers.Dense(8, activation="relu")(x)
    main = keras.layers.Dense(3, activation="softmax", name="predictions")(hidden)
    model = keras.Model(inputs, [aux, main])  # the main head is not first: found by its name
    training.compile_model(model, training.TrainConfig())
    assert model.get_compile_config()["loss_weights"] == {"predictions": 1.0, "aux1": zoo.AUX_LOSS_WEIGHT}
    return model


def test_auxiliary_heads_give_a_main_loss_and_a_weighted_total() -> None:
    model = two_head_model()
    rng = np.random.default_rng(3)
    x = rng.random((37, 4, 4, 1), dtype=np.float32)
    y = rng.integers(0, 3, 37)
    result = evaluation.evaluate(model, x, y)
    aux, main = model.predict(x, verbose=0)
    keras_ce = keras.losses.SparseCategoricalCrossentropy()
    main_ce, aux_ce = float(keras_ce(y, main)), float(keras_ce(y, aux))
    assert result.loss == pytest.approx(main_ce, rel=1e-5)
    assert result.head_losses == pytest.approx((main_ce, aux_ce), rel=1e-5)
    assert result.aux_weight == 0.3
    assert result.total_loss == pytest.approx(main_ce + 0.3 * aux_ce, rel=1e-5)
    # Keras's own total on the same data (37 images in batches of 16: the last batch is smaller).
    scores = model.evaluate(x, {"predictions": y, "aux1": y}, batch_size=16, verbose=0, return_dict=True)
    assert result.total_loss == pytest.approx(scores["loss"], rel=1e-5)
    assert result.accuracy == pytest.approx(float((main.argmax(axis=1) == y).mean()))
    assert result.accuracy == pytest.approx(scores["predictions_accuracy"], abs=1e-6)


def test_labels_beyond_the_model_classes_are_a_model_error() -> None:
    with pytest.raises(ModelError, match="not among the model's 3 classes"):
        evaluation.evaluate(softmax_model(), images_giving(PROBABILITIES), np.array([0, 1, 2, 3, 0, 1]))


def test_a_model_without_class_scores_is_a_model_error() -> None:
    inputs = keras.Input((4, 4, 1))
    model = keras.Model(inputs, keras.layers.Conv2D(2, 3, padding="same")(inputs))
    with pytest.raises(ModelError, match=r"shape is 4×4×2"):
        evaluation.evaluate(model, np.zeros((2, 4, 4, 1), np.float32), np.array([0, 1]))


# --- fit_to_input: transparency and impossible conversions ----------------------------------------


def test_rgba_is_painted_on_white_then_converted() -> None:
    x = np.zeros((1, 1, 3, 4), dtype=np.float32)
    x[0, 0, 0] = [1.0, 0.0, 0.0, 0.5]  # half-transparent red
    x[0, 0, 1] = [0.2, 0.4, 0.6, 1.0]  # opaque
    x[0, 0, 2] = [0.0, 0.0, 0.0, 0.0]  # fully transparent black
    rgb = evaluation.fit_to_input(x, (1, 3, 3))
    np.testing.assert_allclose(rgb[0, 0], [[1.0, 0.5, 0.5], [0.2, 0.4, 0.6], [1.0, 1.0, 1.0]], atol=1e-6)
    grey = evaluation.fit_to_input(x, (1, 3, 1))
    expected = [0.299 * 1.0 + 0.587 * 0.5 + 0.114 * 0.5, 0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6, 1.0]
    np.testing.assert_allclose(grey[0, 0, :, 0], expected, atol=1e-6)


def test_grey_with_alpha_is_painted_on_white() -> None:
    x = np.array([[[[0.2, 0.5], [0.8, 1.0]]]], dtype=np.float32)  # (1, 1, 2, 2): grey + alpha
    np.testing.assert_allclose(evaluation.fit_to_input(x, (1, 2, 1))[0, 0, :, 0], [0.6, 0.8], atol=1e-6)
    rgb = evaluation.fit_to_input(x, (1, 2, 3))
    np.testing.assert_allclose(rgb[0, 0], [[0.6] * 3, [0.8] * 3], atol=1e-6)


@pytest.mark.parametrize("have, want", [(3, 4), (1, 4), (5, 3), (3, 2), (1, 2), (6, 1)])
def test_other_channel_counts_are_refused_not_copied(have: int, want: int) -> None:
    x = np.full((1, 2, 2, have), 0.5, dtype=np.float32)
    with pytest.raises(ModelError, match=f"These images have {have} channels but the model expects {want}") as err:
        evaluation.fit_to_input(x, (2, 2, want))
    assert f"채널은 {have}개인데 모델은 {want}개" in err.value.text("ko")
