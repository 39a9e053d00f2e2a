"""cnnviz.explain against references computed another way: plain GradientTape code, direct loops, theory."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from pathlib import Path  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402

from cnnviz.core.errors import ModelError  # noqa: E402
from cnnviz.explain import methods as explain
from cnnviz.models import zoo
from cnnviz.train import checkpoints  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MAP_METHODS = (explain.grad_cam, explain.grad_cam_plus_plus, explain.layer_cam, explain.score_cam)


@pytest.fixture(scope="module")
def fashion() -> keras.Model:
    model, _ = checkpoints.load(ROOT / "checkpoints" / "fashion_cnn_fashion.keras")
    return model


@pytest.fixture(scope="module")
def dress() -> np.ndarray:
    """A bright upright rectangle on black, drawn the way Fashion-MNIST draws a dress.

    Tests name the class they explain; where the default (the predicted class) matters they compute it from
    the model's own output, since what a retrained checkpoint calls this drawing is not a fixed fact.
    """
    x = np.zeros((28, 28, 1), np.float32)
    x[6:22, 9:19] = 0.8
    x[6:9, 7:21] = 0.6
    return x


@pytest.fixture(scope="module")
def vgg() -> keras.Model:
    keras.utils.set_random_seed(3)
    return zoo.build_model("vgg16_transfer", (32, 32, 3), 2, weights=None)


def linear_copy(model: keras.Model, head: str = "predictions") -> keras.Model:
    """The keras-io recipe: a copy of the model whose last layer's activation is removed (logits out)."""
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    copy.get_layer(head).activation = keras.activations.linear
    return copy


def tape_grad_cam(grad_model: keras.Model, x: np.ndarray, score: callable) -> np.ndarray:
    """Grad-CAM written out with a GradientTape, as in the keras-io example, resized with tf.image."""
    with tf.GradientTape() as tape:
        maps, out = grad_model(x[None], training=False)
        y = score(out)
    grads = tape.gradient(y, maps)[0]
    cam = tf.nn.relu(tf.reduce_sum(maps[0] * tf.reduce_mean(grads, axis=(0, 1)), axis=-1))
    cam = tf.image.resize(cam[..., None], x.shape[:2])[..., 0].numpy()
    return cam / cam.max() if cam.max() > 0 else cam


# --- correctness against references ----------------------------------------------------------------


def test_grad_cam_matches_a_plain_gradient_tape_on_fashion_cnn(fashion: keras.Model,
                                                                dress: np.ndarray) -> None:
    copy = linear_copy(fashion)
    grad_model = keras.Model(copy.inputs, [copy.get_layer("conv2").output, copy.output])
    predicted = int(np.argmax(np.asarray(fashion(dress[None]))[0]))  # the default class, found independently
    for index in sorted({3, 0, 8, predicted}):
        expected = tape_grad_cam(grad_model, dress, lambda out, i=index: out[:, i])
        assert expected.max() == 1  # not an empty map
        found = explain.grad_cam(fashion, dress, class_index=index, layer="conv2")
        np.testing.assert_allclose(found, expected, atol=2e-5)
    assert explain.grad_cam(fashion, dress).tolist() == explain.grad_cam(fashion, dress, predicted, "conv2").tolist()


def flat_vgg(model: keras.Model) -> keras.Model:
    """The same network as vgg16_transfer without the nesting: VGG16's layers re-created one by one."""
    base = model.get_layer("vgg16")
    x = inputs = keras.Input(model.inputs[0].shape[1:])
    found = None
    for layer in base.layers[1:]:
        twin = layer.__class__.from_config(layer.get_config())
        x = twin(x)
        twin.set_weights(layer.get_weights())
        found = x if layer.name == "block5_conv3" else found
    head = model.get_layer("predictions")
    dense = keras.layers.Dense(1, activation=None)
    out = dense(keras.layers.Flatten()(x))
    dense.set_weights(head.get_weights())
    return keras.Model(inputs, [found, out])


def test_grad_cam_on_nested_vgg16_matches_an_equivalent_flat_model(vgg: keras.Model) -> None:
    flat = flat_vgg(vgg)
    x = np.random.default_rng(1).random((32, 32, 3)).astype(np.float32)
    z = float(flat(x[None])[1][0, 0])
    p = float(np.asarray(vgg(x[None], training=False))[0, 0])
    assert p == pytest.approx(1 / (1 + np.exp(-z)), abs=1e-6)  # the flat copy is the same network
    assert explain.suggest_layer(vgg) == "vgg16/block5_conv3"
    empty = 0
    for index, sign in ((1, 1.0), (0, -1.0)):  # one sigmoid unit: class 1 is z, class 0 is −z
        expected = tape_grad_cam(flat, x, lambda out, s=sign: s * out[:, 0])
        found = explain.grad_cam(vgg, x, class_index=index)
        np.testing.assert_allclose(found, expected, atol=2e-5)
        empty += expected.max() == 0  # an untrained VGG: every channel may point the same way
    assert empty < 2


def test_the_explained_score_is_the_logit(fashion: keras.Model, vgg: keras.Model, dress: np.ndarray) -> None:
    logits = np.asarray(linear_copy(fashion)(dress[None]))[0]
    assert explain.explained_score(fashion) == "logit"
    assert [explain.class_score(fashion, dress, i) for i in range(10)] == pytest.approx(logits, abs=1e-4)
    x = np.full((32, 32, 3), 0.5, np.float32)
    p = float(np.asarray(vgg(x[None]))[0, 0])
    assert explain.class_score(vgg, x, 1) == pytest.approx(np.log(p / (1 - p)), abs=1e-3)
    assert explain.class_score(vgg, x, 0) == pytest.approx(-explain.class_score(vgg, x, 1), abs=1e-6)


def test_explaining_never_changes_the_model(fashion: keras.Model, dress: np.ndarray) -> None:
    before = [w.copy() for w in fashion.get_weights()]
    prediction = np.asarray(fashion(dress[None]))
    for method in (*MAP_METHODS, explain.saliency, explain.occlusion):
        method(fashion, dress)
    explain.integrated_gradients(fashion, dress, steps=4)
    assert fashion.get_layer("predictions").activation.__name__ == "softmax"
    assert all(np.array_equal(a, b) for a, b in zip(before, fashion.get_weights(), strict=False))
    np.testing.assert_array_equal(np.asarray(fashion(dress[None])), prediction)


def occlusion_by_loop(model: keras.Model, x: np.ndarray, index: int, patch: int, stride: int) -> np.ndarray:
    """One covered picture at a time; each pixel gets the mean drop of the patches covering it."""
    height, width = x.shape[:2]
    p0 = float(np.asarray(model(x[None]))[0, index])
    rows = sorted(set(range(0, height - patch + 1, stride)) | {height - patch})
    cols = sorted(set(range(0, width - patch + 1, stride)) | {width - patch})
    total = np.zeros((height, width))
    count = np.zeros((height, width))
    for r in rows:
        for c in cols:
            covered = x.copy()
            covered[r:r + patch, c:c + patch] = 0.0
            total[r:r + patch, c:c + patch] += p0 - float(np.asarray(model(covered[None]))[0, index])
            count[r:r + patch, c:c + patch] += 1
    return total / count


def test_occlusion_matches_a_direct_loop(fashion: keras.Model, dress: np.ndarray) -> None:
    expected = occlusion_by_loop(fashion, dress, 3, patch=6, stride=4)  # 28 is not 6 + 4k: a flush last row
    found = explain.occlusion(fashion, dress, class_index=3, patch=6, stride=4)
    assert found.shape == (28, 28)
    np.testing.assert_allclose(found, expected, atol=2e-5)
    whole = explain.occlusion(fashion, dress, class_index=3, patch=28)
    p = np.asarray(fashion(np.stack([dress, np.zeros_like(dress)])))[:, 3]
    np.testing.assert_allclose(whole, np.full((28, 28), p[0] - p[1]), atol=1e-6)


def tape_integrated_gradients(copy: keras.Model, x: np.ndarray, start: np.ndarray, index: int,
                              steps: int) -> np.ndarray:
    """Integrated gradients written out with a GradientTape: the trapezoid rule on `steps` intervals."""
    alphas = np.linspace(0.0, 1.0, steps + 1, dtype=np.float32)[:, None, None, None]
    path = tf.constant(start[None] + alphas * (x - start)[None])
    with tf.GradientTape() as tape:
        tape.watch(path)
        y = copy(path)[:, index]
    grads = tape.gradient(y, path).numpy().astype(np.float64)
    return (x - start) * (grads[:-1] + grads[1:]).sum(axis=0) / (2.0 * steps)


@pytest.mark.parametrize("baseline", ["black", "blurred", "noise"])
def test_integrated_gradients_are_complete(fashion: keras.Model, dress: np.ndarray, baseline: str) -> None:
    copy = linear_copy(fashion)
    start = explain.baseline_image(dress, baseline)
    logits = np.asarray(copy(np.stack([dress, start])))
    index = int(np.argmax(logits[0]))  # the default: the predicted class
    coarse = explain.integrated_gradients(fashion, dress, baseline=baseline, steps=64)
    assert coarse.shape == (28, 28, 1)
    np.testing.assert_allclose(coarse, tape_integrated_gradients(copy, dress, start, index, 64), atol=1e-5)
    difference = logits[0, index] - logits[1, index]
    assert abs(difference) > 1
    # completeness holds in the limit of fine steps: ReLU kinks along the path (many near a black start)
    # make 64 trapezoids miss by several per cent on some weights, so the sum is checked on a fine path
    attributions = explain.integrated_gradients(fashion, dress, baseline=baseline, steps=2048)
    assert attributions.sum() == pytest.approx(difference, rel=0.01)


def test_integrated_gradients_are_complete_through_a_nested_model(vgg: keras.Model) -> None:
    x = np.random.default_rng(2).random((32, 32, 3)).astype(np.float32)
    z = np.asarray(flat_vgg(vgg)(np.stack([x, np.zeros_like(x)]))[1])[:, 0]
    attributions = explain.integrated_gradients(vgg, x, class_index=1, steps=64)
    assert attributions.sum() == pytest.approx(z[0] - z[1], rel=0.01)


def test_blurred_baseline_keeps_the_mean_and_removes_detail(dress: np.ndarray) -> None:
    blurred = explain.baseline_image(dress, "blurred")
    assert blurred.shape == dress.shape
    assert blurred.mean() == pytest.approx(dress.mean(), rel=0.02)
    assert blurred.max() < dress.max() and np.abs(np.diff(blurred, axis=1)).max() < 0.2
    flat = np.full((9, 9, 3), 0.25, np.float32)
    np.testing.assert_allclose(explain.blur(flat, 2.0), flat, atol=1e-6)  # a flat picture stays flat


def test_saliency_is_the_largest_absolute_gradient(fashion: keras.Model, dress: np.ndarray) -> None:
    copy = linear_copy(fashion)
    x = tf.constant(dress[None])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = copy(x)[:, 3]
    expected = np.abs(tape.gradient(y, x).numpy()[0]).max(axis=-1)
    np.testing.assert_allclose(explain.saliency(fashion, dress, 3), expected / expected.max(), atol=1e-5)


def test_smoothgrad_with_one_noiseless_sample_is_saliency(fashion: keras.Model, dress: np.ndarray) -> None:
    plain = explain.saliency(fashion, dress, 3)
    np.testing.assert_array_equal(explain.smoothgrad(fashion, dress, 3, samples=1, noise=0.0), plain)
    noisy = explain.smoothgrad(fashion, dress, 3, samples=8, noise=0.15, seed=1)
    assert noisy.shape == (28, 28) and not np.allclose(noisy, plain)
    np.testing.assert_array_equal(noisy, explain.smoothgrad(fashion, dress, 3, samples=8, seed=1))


# --- every kind of model ---------------------------------------------------------------------------


def small_sequential(units: int, activation: str | None) -> keras.Model:
    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input((12, 12, 2)),
        keras.layers.Conv2D(4, 3, activation="relu", name="c1"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(6, 3, activation="relu", name="c2"),
        keras.layers.Flatten(),
        keras.layers.Dense(units, activation=activation, name="out"),
    ])


MODELS = {
    "sequential_softmax": (lambda: small_sequential(3, "softmax"), "c2"),
    "sequential_logits": (lambda: small_sequential(3, None), "c2"),
    "one_logit": (lambda: small_sequential(1, None), "c2"),
    "functional": (lambda: zoo.build_model("fashion_cnn", (28, 28, 1), 10), "conv2"),
    "inception": (lambda: zoo.build_model("inception_reduced", (10, 10, 8), 3), "inception_concat"),
    "googlenet_aux_heads": (lambda: zoo.build_model("mini_googlenet", (28, 28, 1), 5, aux_heads=True),
                            "inc4b_concat"),
    "residual": (lambda: zoo.build_model("mini_resnet", (28, 28, 1), 4), "res3_relu"),
    "nested_sigmoid": (lambda: zoo.build_model("vgg16_transfer", (32, 32, 3), 2, weights=None),
                       "vgg16/block5_conv3"),
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_method_works_on_every_kind_of_model(name: str) -> None:
    build, layer = MODELS[name]
    model = build()
    assert explain.suggest_layer(model) == layer
    shape = tuple(model.inputs[0].shape[1:])
    x = np.random.default_rng(0).random(shape).astype(np.float32)
    classes = max(int(model.outputs[0].shape[-1]), 2)
    for index in (None, classes - 1):
        maps = [method(model, x, index) for method in MAP_METHODS[:3]]
        maps += [explain.saliency(model, x, index), explain.smoothgrad(model, x, index, samples=3)]
        maps += [explain.score_cam(model, x)] if index is None else []  # one mask per channel: slower
        for found in maps:
            assert found.shape == shape[:2] and found.dtype == np.float32
            assert np.isfinite(found).all() and found.min() >= 0 and found.max() <= 1
        ig = explain.integrated_gradients(model, x, index, baseline="noise", steps=8)
        assert ig.shape == shape and np.isfinite(ig).all()
        drop = explain.occlusion(model, x, index, patch=shape[0] // 4)
        assert drop.shape == shape[:2] and np.abs(drop).max() <= 1
    p = explain.probabilities(model, x[None])[0]
    assert explain.predicted_class(model, x) == int(np.argmax(p)) and p.sum() == pytest.approx(1, abs=1e-5)


def test_a_model_that_outputs_logits_is_explained_on_its_raw_output() -> None:
    model = small_sequential(3, None)
    x = np.random.default_rng(4).random((12, 12, 2)).astype(np.float32)
    raw = np.asarray(model(x[None]))[0]
    assert [explain.class_score(model, x, i) for i in range(3)] == pytest.approx(raw, abs=1e-5)
    softmax = np.exp(raw) / np.exp(raw).sum()
    np.testing.assert_allclose(explain.probabilities(model, x[None])[0], softmax, atol=1e-6)
    one = small_sequential(1, None)
    z = float(np.asarray(one(x[None]))[0, 0])
    assert explain.class_score(one, x, 0) == pytest.approx(-z, abs=1e-6)
    assert explain.probabilities(one, x[None])[0, 1] == pytest.approx(1 / (1 + np.exp(-z)), abs=1e-6)


def test_layer_reason_names_the_layer_and_its_map_size(fashion: keras.Model) -> None:
    assert explain.layer_reason(fashion) == explain.layer_reason(fashion, "conv2")
    assert "'conv2'" in explain.layer_reason(fashion) and "14×14" in explain.layer_reason(fashion)
    chosen, korean = explain.layer_reason(fashion, "conv1"), explain.layer_reason(fashion, lang="ko")
    assert "'conv1'" in chosen and "28×28" in chosen and chosen != explain.layer_reason(fashion)
    assert "14×14" in korean and "층" in korean


# --- the model must look where the answer is -------------------------------------------------------


def square_images(count: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """16×16 noise, half of them with a bright 4×4 square inside one quadrant (0 1 / 2 3).

    Returns the images, the labels (1: a square) and each square's quadrant (−1: none).
    """
    rng = np.random.default_rng(seed)
    x = (rng.random((count, 16, 16, 1)) * 0.2).astype(np.float32)
    quadrants = np.where(rng.random(count) < 0.5, rng.integers(0, 4, count), -1)
    for image, quadrant in zip(x, quadrants, strict=False):
        if quadrant >= 0:
            r, c = (quadrant // 2) * 8 + rng.integers(0, 5), (quadrant % 2) * 8 + rng.integers(0, 5)
            image[r:r + 4, c:c + 4] = 1.0
    return x, (quadrants >= 0).astype(int), quadrants


@pytest.fixture(scope="module")
def square_finder() -> keras.Model:
    """A small CNN trained here to tell whether a picture holds a bright square (wherever it is)."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((16, 16, 1)),
        keras.layers.Conv2D(8, 3, padding="same", activation="relu", name="c1"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu", name="c2"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(2, activation="softmax", name="out"),
    ])
    model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy", metrics=["accuracy"])
    x, y, _ = square_images(600, seed=0)
    model.fit(x, y, epochs=6, batch_size=32, verbose=0)
    test_x, test_y, _ = square_images(200, seed=1)
    assert model.evaluate(test_x, test_y, verbose=0)[1] > 0.95  # it learnt the task: maps are meaningful
    return model


def quadrant_share(heat: np.ndarray, quadrant: int) -> float:
    """The share of the map's positive mass that lies in `quadrant`."""
    heat = np.maximum(heat, 0)
    r, c = (quadrant // 2) * 8, (quadrant % 2) * 8
    return float(heat[r:r + 8, c:c + 8].sum() / heat.sum())


def test_maps_put_most_of_their_mass_in_the_quadrant_with_the_square(square_finder: keras.Model) -> None:
    x, _, quadrants = square_images(24, seed=2)
    shown = [(image, int(q)) for image, q in zip(x, quadrants, strict=False) if q >= 0]
    assert len({q for _, q in shown}) == 4  # every quadrant is tried
    for image, quadrant in shown:
        assert explain.predicted_class(square_finder, image) == 1
        for heat in (explain.grad_cam(square_finder, image), explain.occlusion(square_finder, image),
                     explain.saliency(square_finder, image)):
            assert quadrant_share(heat, quadrant) > 0.5


# --- bad input gets a readable error ---------------------------------------------------------------


def test_bad_input_is_a_model_error_in_both_languages(fashion: keras.Model, dress: np.ndarray) -> None:
    nan = dress.copy()
    nan[0, 0, 0] = np.nan
    cases = [
        (lambda: explain.grad_cam(fashion, np.zeros((32, 32, 1))), "error.explain_image"),
        (lambda: explain.grad_cam(fashion, np.zeros((2, 28, 28, 1))), "error.explain_image"),
        (lambda: explain.saliency(fashion, nan), "error.explain_not_finite"),
        (lambda: explain.grad_cam(fashion, dress, class_index=10), "error.explain_class"),
        (lambda: explain.grad_cam(fashion, dress, class_index=-1), "error.explain_class"),
        (lambda: explain.grad_cam(fashion, dress, layer="dense"), "error.explain_layer"),
        (lambda: explain.integrated_gradients(fashion, dress, baseline="grey"), "error.explain_baseline"),
        (lambda: explain.integrated_gradients(fashion, dress, steps=0), "error.explain_count"),
        (lambda: explain.smoothgrad(fashion, dress, noise=-1.0), "error.explain_noise"),
        (lambda: explain.occlusion(fashion, dress, patch=29), "error.explain_patch"),
        (lambda: explain.occlusion(fashion, dress, patch=4, stride=5), "error.explain_patch"),
        (lambda: explain.grad_cam(zoo.build_model("inception_reduced", (8, 8, 4)), np.zeros((8, 8, 4))),
         "error.explain_not_classifier"),
    ]
    for call, key in cases:
        with pytest.raises(ModelError) as caught:
            call()
        assert caught.value.key == key
        assert caught.value.text("ko") != str(caught.value) and "{" not in caught.value.text("ko")


def test_models_without_maps_or_with_two_inputs_are_refused() -> None:
    dense = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(2)])
    with pytest.raises(ModelError) as caught:
        explain.suggest_layer(dense)
    assert caught.value.key == "error.explain_no_layer"
    assert explain.saliency(dense, np.ones((4, 4, 1), np.float32)).shape == (4, 4)  # gradients still work
    a, b = keras.Input((8, 8, 1)), keras.Input((8, 8, 1))
    two = keras.Model([a, b], keras.layers.Dense(2)(keras.layers.Flatten()(keras.layers.Add()([a, b]))))
    with pytest.raises(ModelError) as caught:
        explain.saliency(two, np.ones((8, 8, 1), np.float32))
    assert caught.value.key == "error.explain_inputs"


def test_attribution_by_name_is_each_methods_own_map(fashion: keras.Model, dress: np.ndarray) -> None:
    own = {"grad_cam": explain.grad_cam(fashion, dress, 3, "conv1"),
           "score_cam": explain.score_cam(fashion, dress, 3, "conv1"),
           "smoothgrad": explain.smoothgrad(fashion, dress, 3),
           "integrated_gradients": explain.integrated_gradients(fashion, dress, 3, "blurred"),
           "occlusion": explain.occlusion(fashion, dress, 3)}
    for method, expected in own.items():
        found = explain.attribution(fashion, dress, method, 3, "conv1", "blurred")
        assert np.array_equal(found, expected), method
    assert set(explain.LAYER_METHODS) < set(explain.METHODS) and len(explain.METHODS) == 8
    with pytest.raises(ModelError) as caught:
        explain.attribution(fashion, dress, "lime")
    assert caught.value.key == "error.explain_method"
