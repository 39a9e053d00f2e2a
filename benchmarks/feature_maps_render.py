"""Upload → every feature-map grid rendered, cnnviz vs the classic notebook code (matplotlib subplots).

Both sides start from the same uploaded PNG bytes and the same model, build their activation model once
outside the timing, and end with encoded PNG bytes ready for the browser. Prints medians and the ratio
(goal: cnnviz ≤ 0.2 of the notebook approach).

    python benchmarks/feature_maps_render.py [--repeats 7] [--model fashion_cnn]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from _timing import median_seconds  # noqa: E402
from PIL import Image  # noqa: E402

from cnnviz.analysis import activations  # noqa: E402
from cnnviz.draw import render
from cnnviz.models import arch, zoo
from cnnviz.uploads import images

GRID_TYPES = {"Conv2D", "MaxPooling2D", "AveragePooling2D"}


def upload_bytes(size: tuple[int, int] = (200, 160)) -> bytes:
    rng = np.random.default_rng(0)
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (*size[::-1], 3), dtype=np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def cnnviz_path(model, data: bytes, layers: list[str]) -> int:
    x = images.to_model_input(data, model)
    maps, _ = activations.maps_and_probabilities(model, x)
    return sum(len(render.png_bytes(render.feature_map_grid(maps[name]))) for name in layers)


def notebook_path(model, activation_model, data: bytes) -> int:
    """The textbook way: PIL resize, predict, then one matplotlib figure of subplots per layer."""
    height, width, channels = model.inputs[0].shape[1:]
    image = Image.open(io.BytesIO(data)).convert("L" if channels == 1 else "RGB").resize((width, height))
    x = np.asarray(image, dtype=np.float32).reshape(1, height, width, channels) / 255.0
    outputs = activation_model.predict(x, verbose=0)
    written = 0
    for act in outputs:
        n = act.shape[-1]
        rows, cols = render.grid_shape(n)
        fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.2, rows * 1.2))
        for i, ax in enumerate(np.ravel(axes)):
            ax.imshow(act[0, :, :, i], cmap="viridis")
            ax.axis("off")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
        written += buffer.tell()
    return written




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--model", default="fashion_cnn")
    args = parser.parse_args()
    import keras

    model = zoo.build_model(args.model)
    rows = [r for r in arch.layer_table(model) if r.type in GRID_TYPES]
    layers = [r.name for r in rows]
    activation_model = keras.Model(model.inputs, [model.get_layer(n).output for n in layers])
    data = upload_bytes()
    ours = median_seconds(lambda: cnnviz_path(model, data, layers), args.repeats)
    theirs = median_seconds(lambda: notebook_path(model, activation_model, data), args.repeats)
    maps = sum(r.feature_maps or 0 for r in rows)
    print(f"model {args.model}: {len(layers)} layers, {maps} feature maps, median of {args.repeats} runs")
    print(f"cnnviz (NumPy tiles + one PNG per layer): {ours * 1000:8.1f} ms")
    print(f"notebook (plt.subplots per layer):        {theirs * 1000:8.1f} ms")
    print(f"ratio cnnviz / notebook: {ours / theirs:.3f}  (goal ≤ 0.2)")


if __name__ == "__main__":
    main()
