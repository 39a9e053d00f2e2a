"""How fast cnnviz.explain is, side by side with the plain way, on fashion_cnn and vgg16_transfer.

* Grad-CAM against one forward-and-backward pass of the same model (a GradientTape of the class output
  with respect to the input, compiled with tf.function as cnnviz's is; the eager figure is shown too).
  Goal: Grad-CAM ≤ 1.5× the pass.
* Batched occlusion against a loop covering one patch at a time (one `model(x)` call per patch, eager as
  in a notebook; a compiled per-patch call is shown too). Goal: batched ≥ 5× faster.
* The Explain page's compute for one image: prediction, suggested layer, Grad-CAM, Grad-CAM++,
  Layer-CAM, saliency, SmoothGrad (25 samples), integrated gradients (64 steps), occlusion, Score-CAM;
  the first call (building and tracing included) and a warm call.

    python benchmarks/explain_speed.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from _timing import median_seconds  # noqa: E402

from cnnviz.explain import methods as explain
from cnnviz.models import outputs, zoo
from cnnviz.train import checkpoints  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]




def forward_backward(model, index: int) -> tuple[Callable, Callable]:
    """One pass and its gradient w.r.t. the input, compiled and eager."""
    def step(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = model(x, training=False)[:, index]
        return tape.gradient(y, x)

    return tf.function(step), step


def occlusion_loop(model, x: np.ndarray, index: int, compiled: bool) -> np.ndarray:
    """The notebook way: cover one patch, call the model, note the drop; same patches as cnnviz's default."""
    height, width = x.shape[:2]
    patch, _, corners = explain.occlusion_windows(height, width)
    kind = outputs.output_kind(model)

    def predict(b):
        return model(b, training=False)

    call = tf.function(predict) if compiled else predict

    def probability(b: np.ndarray) -> float:
        return float(outputs.to_probabilities(np.asarray(call(tf.constant(b))), kind)[0, index])

    p0 = probability(x[None])
    total = np.zeros((height, width))
    count = np.zeros((height, width))
    for r, c in corners:
        covered = x.copy()
        covered[r:r + patch, c:c + patch] = 0.0
        total[r:r + patch, c:c + patch] += p0 - probability(covered[None])
        count[r:r + patch, c:c + patch] += 1
    return total / count


def page_compute(model, x: np.ndarray) -> None:
    """What the Explain page asks the library for, for one image."""
    explain.probabilities(model, x[None])
    layer = explain.suggest_layer(model)
    explain.layer_reason(model, layer)
    for method in (explain.grad_cam, explain.grad_cam_plus_plus, explain.layer_cam, explain.score_cam):
        method(model, x, None, layer)
    explain.saliency(model, x)
    explain.smoothgrad(model, x)
    explain.integrated_gradients(model, x)
    explain.occlusion(model, x)


def models() -> list[tuple[str, Callable[[], object], np.ndarray]]:
    rng = np.random.default_rng(0)
    fashion = lambda: checkpoints.load(ROOT / "checkpoints" / "fashion_cnn_fashion.keras")[0]  # noqa: E731
    vgg = lambda: zoo.build_model("vgg16_transfer", (32, 32, 3), 2, weights=None)  # noqa: E731
    return [("fashion_cnn", fashion, rng.random((28, 28, 1)).astype(np.float32)),
            ("vgg16_transfer", vgg, rng.random((32, 32, 3)).astype(np.float32))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(f"TensorFlow {tf.__version__}, {os.cpu_count()} CPUs; medians of {args.repeats} runs, warmed up",
          flush=True)
    for name, build, x in models():
        model = build()
        start = time.perf_counter()
        page_compute(model, x)
        cold = time.perf_counter() - start
        warm = median_seconds(lambda: page_compute(model, x), max(1, args.repeats // 3))  # noqa: B023  (called at once, inside the loop)
        index = explain.predicted_class(model, x)
        out = int(model.outputs[0].shape[-1])
        compiled, eager = forward_backward(model, min(index, out - 1))
        batch = tf.constant(x[None])
        t_pass = median_seconds(lambda: compiled(batch), args.repeats)  # noqa: B023  (called at once, inside the loop)
        t_eager = median_seconds(lambda: eager(batch), args.repeats)  # noqa: B023  (called at once, inside the loop)
        t_cam = median_seconds(lambda: explain.grad_cam(model, x), args.repeats)  # noqa: B023  (called at once, inside the loop)
        t_occ = median_seconds(lambda: explain.occlusion(model, x), args.repeats)  # noqa: B023  (called at once, inside the loop)
        loop_repeats = max(1, args.repeats // 3)
        t_loop = median_seconds(lambda: occlusion_loop(model, x, index, compiled=False), loop_repeats)  # noqa: B023  (called at once, inside the loop)
        t_loop_c = median_seconds(lambda: occlusion_loop(model, x, index, compiled=True), loop_repeats)  # noqa: B023  (called at once, inside the loop)
        looped = occlusion_loop(model, x, index, compiled=False)
        same = np.allclose(explain.occlusion(model, x), looped, atol=1e-5)
        patches = len(explain.occlusion_windows(*x.shape[:2])[2])
        print(f"\n{name} {x.shape}")
        print(f"  Grad-CAM {t_cam * 1e3:8.2f} ms | forward+backward pass {t_pass * 1e3:8.2f} ms compiled, "
              f"{t_eager * 1e3:8.2f} ms eager | ratio {t_cam / t_pass:.2f}× (goal ≤ 1.5×), "
              f"{t_cam / t_eager:.2f}× of eager")
        print(f"  occlusion ({patches} patches) batched {t_occ * 1e3:8.1f} ms | one at a time "
              f"{t_loop * 1e3:8.1f} ms eager, {t_loop_c * 1e3:8.1f} ms compiled | speed-up "
              f"{t_loop / t_occ:.1f}× (goal ≥ 5×), {t_loop_c / t_occ:.1f}× vs compiled | "
              f"same map: {same}")
        print(f"  whole Explain page compute: {cold:.2f} s first call (building and tracing), "
              f"{warm:.2f} s warm", flush=True)


if __name__ == "__main__":
    main()
