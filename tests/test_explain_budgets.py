"""One click cannot cost everyone (issue 22): every explanation, filter search and embedding map on a big model
either finishes within a measured memory bound or is refused, with the figures, in well under 5 s.

Peak memory is measured in a child process (its `ru_maxrss`, before and after), on real Keras models with
random weights; the batched Score-CAM, SmoothGrad, integrated gradients and occlusion are checked against
straightforward references on small models.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402

from cnnviz.core import budget  # noqa: E402
from cnnviz.core.i18n import STRINGS, placeholders  # noqa: E402
from cnnviz.explain import methods as explain  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RISE_BOUND = 1536 * 2**20  # what the whole run of methods may add to the child's peak memory
REFUSAL_RISE_BOUND = 256 * 2**20  # a refusal allocates nothing big
REFUSAL_SECONDS = 5.0

# The child: builds `spec`'s model, runs the named calls one after the other, prints each outcome, its time
# and how far the process's peak resident memory has risen above the baseline taken before the first call.
CHILD = r"""
import json, os, resource, sys, time
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras, numpy as np
from cnnviz.analysis import embedding
from cnnviz.core.errors import CnnvizError
from cnnviz.explain import featureviz, methods as explain

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB

spec = json.loads(sys.argv[1])
side, n = spec["side"], spec["images"]
keras.utils.set_random_seed(0)
inputs = keras.Input((side, side, 3))
h = keras.layers.Conv2D(spec["channels"][0], 3, strides=spec["strides"][0], padding="same", activation="relu",
                        name="first")(inputs)
h = keras.layers.Conv2D(spec["channels"][1], 3, strides=spec["strides"][1], padding="same", activation="relu",
                        name="wide")(h)
h = keras.layers.GlobalAveragePooling2D(name="pool")(h)
model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax", name="predictions")(h))
image = np.random.default_rng(0).random((side, side, 3), dtype=np.float32)
pictures = (np.random.default_rng(1).random((n, side, side, 3), dtype=np.float32) if spec["real_images"]
            else np.zeros((n, side, side, 3), np.float32))  # zeros: pages the kernel never maps until touched
calls = {
    "grad_cam": lambda: explain.grad_cam(model, image, layer="wide"),
    "grad_cam_plus_plus": lambda: explain.grad_cam_plus_plus(model, image, layer="wide"),
    "layer_cam": lambda: explain.layer_cam(model, image, layer="wide"),
    "score_cam": lambda: explain.score_cam(model, image, layer="wide"),
    "score_cam_note": lambda: explain.score_cam_note(model, image, "wide"),
    "saliency": lambda: explain.saliency(model, image),
    "smoothgrad": lambda: explain.smoothgrad(model, image),
    "integrated_gradients": lambda: explain.integrated_gradients(model, image),
    "occlusion": lambda: explain.occlusion(model, image),
    "top_patches": lambda: featureviz.layer_patches(model, "wide", pictures, 4, [0]),
    "maximize": lambda: featureviz.maximize_many(model, "wide", list(range(8)), steps=spec["steps"]),
    "layer_statistics": lambda: featureviz.layer_statistics(model, pictures),
    "features": lambda: embedding.features(model, pictures),
    "project_pixels_tsne": lambda: embedding.project(
        np.broadcast_to(np.float32(0.5), (2000, side * side * 3)), "tsne"),  # a view: no memory behind it
    "search_limit": lambda: featureviz.search_limit(model, (side, side, 3)),
    "most_points": lambda: embedding.most_points(model, (side, side, 3), "pool", "tsne"),
}
baseline = peak()
found = {}
for name in spec["calls"]:
    start = time.perf_counter()
    try:
        value = calls[name]()
        outcome, key, text = "done", None, value if isinstance(value, (int, str)) or value is None else None
    except CnnvizError as err:
        outcome, key, text = "refused", err.key, err.text("ko")
    found[name] = {"outcome": outcome, "key": key, "text": text, "seconds": time.perf_counter() - start,
                   "rise": peak() - baseline}
print(json.dumps({"baseline": baseline, "calls": found}))
"""


def run_child(spec: dict) -> dict:
    """Run `CHILD` on `spec` in a fresh Python; its report."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(spec)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def old_score_cam_bytes(height: int, width: int, depth: int, channels: int) -> int:
    """What the unbatched Score-CAM held at once: the float64 masks, their scaled copy, the (k, H, W, C) float64
    product of them with the picture and its float32 copy."""
    masks = height * width * channels * 8
    return 2 * masks + channels * height * width * depth * (8 + 4)


# --- the audit's case: a 512² picture and a 512-channel layer --------------------------------------------


AUDIT = {"side": 512, "strides": [4, 4], "channels": [16, 512], "images": 8, "real_images": True, "steps": 4,
         "calls": ["score_cam", "score_cam_note", "grad_cam", "grad_cam_plus_plus", "layer_cam", "saliency",
                   "smoothgrad", "integrated_gradients", "occlusion", "top_patches", "maximize",
                   "layer_statistics", "features"]}


def test_every_method_on_a_512_picture_with_512_channels_finishes_within_the_memory_bound() -> None:
    report = run_child(AUDIT)
    calls = report["calls"]
    assert {name: c["outcome"] for name, c in calls.items()} == dict.fromkeys(AUDIT["calls"], "done")
    rise = max(c["rise"] for c in calls.values())
    before = old_score_cam_bytes(512, 512, 3, 512)  # 6.5 GiB: the audit measured +6.4 GB
    assert before > 6 * 2**30
    assert calls["score_cam"]["rise"] < RISE_BOUND and rise < RISE_BOUND, (rise, before)
    assert before / max(calls["score_cam"]["rise"], 1) > 4
    # 512 channels, 128 scored: the note says which and how many, in the reader's language
    assert "128" in calls["score_cam_note"]["text"] and "512" in calls["score_cam_note"]["text"]
    print(f"\nScore-CAM 512²/512 channels: before ≈ {budget.megabytes(before)} (old arrays), "
          f"after: +{budget.megabytes(calls['score_cam']['rise'])} peak, {calls['score_cam']['seconds']:.1f} s; "
          f"all methods: +{budget.megabytes(rise)}")


# --- a model too big for the budgets: refused from shapes, fast, with nothing allocated -----------------


HEAVY = {"side": 1024, "strides": [2, 2], "channels": [32, 512], "images": 64, "real_images": False, "steps": 128,
         "calls": ["score_cam", "smoothgrad", "integrated_gradients", "occlusion", "grad_cam",
                   "grad_cam_plus_plus", "layer_cam", "top_patches", "maximize", "layer_statistics", "features",
                   "project_pixels_tsne", "search_limit", "most_points"]}
REFUSED = {"score_cam": "error.explain_slow_score_cam", "smoothgrad": "error.explain_slow_smoothgrad",
           "integrated_gradients": "error.explain_slow_ig", "occlusion": "error.explain_slow_occlusion",
           "grad_cam": "error.explain_memory", "grad_cam_plus_plus": "error.explain_memory",
           "layer_cam": "error.explain_memory", "top_patches": "error.filters_slow",
           "maximize": "error.filters_slow_maximize", "layer_statistics": "error.filters_slow",
           "features": "error.emb_slow", "project_pixels_tsne": "error.emb_too_big"}


def test_a_1024_picture_through_a_heavy_model_is_refused_fast_with_the_figures() -> None:
    calls = run_child(HEAVY)["calls"]
    assert {name: calls[name]["key"] for name in REFUSED} == REFUSED
    for name in REFUSED:
        assert calls[name]["seconds"] < REFUSAL_SECONDS, (name, calls[name]["seconds"])
        assert "{" not in calls[name]["text"] and any(ch.isdigit() for ch in calls[name]["text"])
    assert max(c["rise"] for c in calls.values()) < REFUSAL_RISE_BOUND
    # the caps a page uses: a few images per search and per map (each picture takes about a second here)
    assert 1 <= calls["search_limit"]["text"] < 64 and 3 <= calls["most_points"]["text"] < 64
    assert calls["score_cam"]["text"].count("30") >= 1  # the limit, in seconds, is named


def test_refusal_keys_are_translated_with_the_same_figures() -> None:
    for key in [*set(REFUSED.values()), "error.explain_slow_pass", "error.filters_memory", "error.emb_slow_pca",
                "error.emb_slow_tsne", "explain.score_cam_sampled", "filters.capped", "emb.capped"]:
        english, korean = STRINGS[key]
        assert placeholders(english) == placeholders(korean), key


# --- the batching changes no result: small models against straightforward references ------------------


def small_model(side: int, channels: int, seed: int = 0) -> keras.Model:
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((side, side, 3))
    h = keras.layers.Conv2D(8, 3, activation="relu", padding="same")(inputs)
    h = keras.layers.MaxPooling2D(2)(h)
    h = keras.layers.Conv2D(channels, 3, activation="relu", padding="same", name="maps")(h)
    h = keras.layers.GlobalAveragePooling2D(name="pool")(h)
    return keras.Model(inputs, keras.layers.Dense(3, activation="softmax", name="predictions")(h))


def picture(side: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((side, side, 3), dtype=np.float32)


def reference_score_cam(model: keras.Model, x: np.ndarray, index: int, channels: np.ndarray | None = None
                        ) -> np.ndarray:
    """Score-CAM written out: each map resized by tf.image, min–max scaled, one forward pass each (float64)."""
    maps = keras.Model(model.inputs, model.get_layer("maps").output)(x[None]).numpy()[0].astype(np.float64)
    size = x.shape[:2]
    weights = np.zeros(maps.shape[-1])
    for k in range(maps.shape[-1]) if channels is None else channels:
        mask = tf.image.resize(maps[..., k:k + 1], size).numpy()[..., 0].astype(np.float64)
        if mask.max() > mask.min():
            mask = (mask - mask.min()) / (mask.max() - mask.min())
            weights[k] = float(model(x[None] * mask[None, ..., None].astype(np.float32)).numpy()[0, index])
    cam = np.maximum(maps @ weights, 0.0)
    cam = tf.image.resize(cam[..., None], size).numpy()[..., 0].astype(np.float64)
    return cam / cam.max() if cam.max() > 0 else cam


def test_batched_score_cam_matches_the_plain_formula_within_float32() -> None:
    model, x = small_model(16, 6), picture(16)
    index = int(np.argmax(model(x[None]).numpy()[0]))
    found = explain.score_cam(model, x, index, "maps")
    assert found.dtype == np.float32 and found.max() == 1
    np.testing.assert_allclose(found, reference_score_cam(model, x, index), atol=1e-4)
    assert explain.score_cam_note(model, x, "maps") is None  # every channel scored


def test_score_cam_scores_the_most_active_channels_and_says_so() -> None:
    channels = explain.SCORED_CHANNELS + 32
    model, x = small_model(8, channels, seed=1), picture(8, seed=1)
    index = int(np.argmax(model(x[None]).numpy()[0]))
    maps = keras.Model(model.inputs, model.get_layer("maps").output)(x[None]).numpy()[0]
    top = np.argsort(-maps.mean(axis=(0, 1)), kind="stable")[: explain.SCORED_CHANNELS]
    np.testing.assert_allclose(explain.score_cam(model, x, index, "maps"),
                               reference_score_cam(model, x, index, top), atol=1e-4)
    note = explain.score_cam_note(model, x, "maps", "ko")
    assert note is not None and f"{channels}" in note and f"{explain.SCORED_CHANNELS}" in note


def logit_gradients(model: keras.Model, batch: np.ndarray, index: int) -> np.ndarray:
    """∂z_c/∂x for every picture at once: the logit from the Dense layer's own weights (a plain tape)."""
    features = keras.Model(model.inputs, model.get_layer("pool").output)
    dense = model.get_layer("predictions")
    x = tf.constant(batch)
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = tf.matmul(features(x), dense.kernel) + dense.bias
        score = z[:, index]
    return tape.gradient(score, x).numpy().astype(np.float64)


def test_chunked_smoothgrad_and_integrated_gradients_match_one_big_batch() -> None:
    model, x = small_model(12, 4), picture(12)
    chunk = explain._scorer(model).chunk_size(x.shape)
    samples, steps, noise = 2 * chunk + 5, 2 * chunk + 3, 0.15  # three chunks each
    sigma = noise * float(x.max() - x.min())
    noisy = (x[None] + np.random.default_rng(0).normal(0.0, 1.0, (samples, *x.shape)) * sigma).astype(np.float32)
    grads = np.abs(logit_gradients(model, noisy, 1)).max(axis=-1).mean(axis=0)
    np.testing.assert_allclose(explain.smoothgrad(model, x, 1, samples=samples, noise=noise),
                               grads / grads.max(), atol=1e-5)
    alphas = np.linspace(0.0, 1.0, steps + 1, dtype=np.float32)[:, None, None, None]
    path = (alphas * x[None]).astype(np.float32)  # from black
    g = logit_gradients(model, path, 1)
    expected = x * (g[:-1] + g[1:]).sum(axis=0) / (2.0 * steps)
    np.testing.assert_allclose(explain.integrated_gradients(model, x, 1, steps=steps), expected, atol=1e-6)


def test_chunked_occlusion_matches_a_plain_loop() -> None:
    model, x = small_model(12, 4), picture(12)
    patch, stride, corners = explain.occlusion_windows(12, 12, 2, 1)
    assert len(corners) + 1 > explain._scorer(model).chunk_size(x.shape)  # several chunks
    base = float(model(x[None]).numpy()[0, 2])
    total, count = np.zeros((12, 12)), np.zeros((12, 12))
    for r, c in corners:
        covered = x.copy()
        covered[r:r + patch, c:c + patch] = 0.0
        total[r:r + patch, c:c + patch] += base - float(model(covered[None]).numpy()[0, 2])
        count[r:r + patch, c:c + patch] += 1
    np.testing.assert_allclose(explain.occlusion(model, x, 2, patch, stride), total / count, atol=1e-5)


def test_pass_seconds_counts_the_multiply_accumulates_of_the_layers_needed() -> None:
    model = small_model(16, 6)
    macs = 16 * 16 * 3 * 3 * 3 * 8 + 8 * 8 * 3 * 3 * 8 * 6 + 6 * 3  # conv, conv, dense (pooling: none)
    written = 4 * (16 * 16 * 3 + 16 * 16 * 8 + 8 * 8 * 8 + 8 * 8 * 6 + 6 + 3)
    expected = macs / budget.MACS_PER_SECOND + written / budget.BYTES_PER_SECOND
    assert explain.pass_seconds(model, (16, 16, 3)) == pytest.approx(expected)
    first = model.layers[1].name  # only the first convolution (and the input) for its maps
    assert explain.pass_seconds(model, (16, 16, 3), [first]) == pytest.approx(
        16 * 16 * 27 * 8 / budget.MACS_PER_SECOND + 4 * 16 * 16 * 11 / budget.BYTES_PER_SECOND)
    assert math.isclose(budget.leaf_macs((7, 7, 64), [(3, 3, 32, 64), (64,)]), 49 * 9 * 32 * 64)
