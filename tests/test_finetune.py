"""Fine-tuning an uploaded model: what fits, what does not and why, and the conversion of the data."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from cnnviz import data
from cnnviz.train import finetune


def model_for(shape: tuple[int, ...], units: int, activation: str = "softmax") -> keras.Model:
    inputs = keras.Input(shape)
    x = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(units, activation=activation)(x))


@pytest.fixture(scope="module")
def digits() -> data.Dataset:
    return data.load_dataset("digits", limit=40)


def test_a_model_that_fits_the_dataset_has_no_problem(digits: data.Dataset) -> None:
    model = model_for((28, 28, 1), 10)
    assert finetune.problem(model, digits) is None
    assert finetune.conversion(model, digits) is None


def test_class_count_mismatch_says_how_to_train_it(digits: data.Dataset) -> None:
    error = finetune.problem(model_for((28, 28, 1), 3), digits)
    assert error is not None and error.key == "finetune.classes"
    assert "3 outputs" in str(error) and "10 classes" in str(error) and ".zip" in str(error)
    assert "3개" in error.text("ko")


def test_one_sigmoid_unit_fits_two_classes() -> None:
    two = data.load_dataset("shapes", limit=20)
    two = data.Dataset(two.name, two.x_train, two.y_train % 2, two.x_val, two.y_val % 2, two.x_test,
                       two.y_test % 2, ("even", "odd"), "")
    assert finetune.problem(model_for(two.input_shape, 1, "sigmoid"), two) is None


def test_images_are_converted_to_the_models_size_and_colour(digits: data.Dataset) -> None:
    model = model_for((32, 32, 3), 10)
    assert finetune.conversion(model, digits) == (32, 32, 3)
    fitted = finetune.fit_dataset(model, digits)
    assert fitted.x_train.shape == (len(digits.x_train), 32, 32, 3)
    # grey repeated into three equal channels; resizing keeps the mean brightness close
    assert np.array_equal(fitted.x_test[..., 0], fitted.x_test[..., 2])
    assert abs(float(fitted.x_test.mean()) - float(digits.x_test.mean())) < 0.02
    assert digits.x_train.shape[1:] == (28, 28, 1)  # the original is untouched


def test_a_huge_conversion_is_refused_before_any_memory_is_taken(digits: data.Dataset) -> None:
    model = model_for((2048, 2048, 3), 10)
    error = finetune.problem(model, digits)
    assert error is not None and error.key == "finetune.too_big"
    expected = len(digits.x_train) + len(digits.x_val) + len(digits.x_test)
    assert error.values["count"] == expected
    assert error.values["gb"] == f"{expected * 2048 * 2048 * 3 * 4 / 1e9:.1f}"


def test_fine_tuning_trains_a_copy_on_converted_images_and_saves_it(tmp_path, digits: data.Dataset) -> None:
    from cnnviz.train import checkpoints, training

    base = model_for((32, 32, 3), 10)
    before = [w.copy() for w in base.get_weights()]
    config = training.TrainConfig(model_name="my_upload", dataset="digits", epochs=1, batch_size=16,
                                  early_stopping=False)
    result = training.train(config, tmp_path, dataset=digits, base_model=base)
    # the upload is untouched
    assert all(np.array_equal(a, b) for a, b in zip(before, base.get_weights(), strict=False))
    model, meta = checkpoints.load(result.checkpoint_path)
    assert model.input_shape == (None, 32, 32, 3) and meta.model_name == "my_upload"
    assert meta.class_names == list(digits.class_names)
    assert meta.preprocessing["background"] == "dark"  # digits: light strokes on black
    assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=False))  # it did learn
    # the recorded accuracy is Keras's own on the converted test images
    x = finetune.fit_dataset(base, digits).x_test
    keras_accuracy = float((model.predict(x, verbose=0).argmax(1) == digits.y_test).mean())
    assert meta.final_metrics["test_accuracy"] == pytest.approx(keras_accuracy)
