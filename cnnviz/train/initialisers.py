"""The initialisers lab: how the starting weights shape activations, gradients and the first epochs.

AlexNet's chapter lists the Keras initialisers (`zoo.INITIALIZERS`): random uniform ±0.05, random normal
σ 0.05, LeCun, Glorot and He, each uniform and normal. For one batch, `layer_statistics` measures every
Conv2D and Dense layer of a freshly built model: the spread of its output (and how much of it is exactly
zero: dead ReLUs) and the gradient of the loss with respect to its kernel. `compare` does that for each
initialiser, and `train_briefly` trains one with the app's own recipe (`cnnviz.training.train`).

Histograms use fixed bins on log10 |value| (`MAGNITUDE_EDGES`) so initialisers whose numbers differ by
orders of magnitude share one axis; exact zeros are counted apart. No Streamlit here.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz import data
from cnnviz.core import i18n, palette
from cnnviz.core.errors import ModelError, TrainingError
from cnnviz.models import zoo

if TYPE_CHECKING:
    import keras
    import plotly.graph_objects as go

INITIALIZERS = zoo.INITIALIZERS
LAB_MODELS = ("fashion_cnn", "lenet5", "mini_resnet")  # small enough to build eight times in seconds
BATCH_SIZE = 64  # images in the batch the statistics are measured on
MAGNITUDE_EDGES = np.linspace(-8.0, 2.0, 41)  # log10 |value|: 1e-8 … 100 in quarter decades
MAX_EPOCHS = 5
LEARNING_RATE = 1e-3  # Adam's default, the app's training default
# A colour per initialiser, the eight apart for colour-blind readers too (tests/test_colour_vision.py):
# Okabe–Ito's seven line colours (`palette.SERIES`) and the wine of Tol's muted set; each line has its own
# marker shape as well (`style`), so none is told by colour alone.
COLOURS = (*palette.SERIES, "#882255")


@dataclass(frozen=True)
class LayerStats:
    """One layer on one batch: its output's spread and the gradient of the loss w.r.t. its kernel."""

    name: str
    kind: str  # "Conv2D" or "Dense"
    fan_in: int  # inputs per output unit: kh * kw * channels_in, or the Dense input width
    fan_out: int  # kh * kw * channels_out, or the Dense output width (Keras's definition)
    kernel_std: float  # of the initial weights
    activation_mean: float
    activation_std: float
    zero_fraction: float  # of the layer's outputs exactly 0 (a ReLU that is off)
    activation_counts: tuple[int, ...]  # over MAGNITUDE_EDGES, zeros left out
    gradient_norm: float  # L2 norm of d loss / d kernel
    gradient_std: float
    gradient_counts: tuple[int, ...]


def weight_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The Conv2D and Dense layers of a (flat) model, in depth order."""
    import keras

    return [layer for layer in model.layers if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense))]


def expected_std(initialiser: str, fan_in: int, fan_out: int) -> float:
    """The standard deviation Keras's `initialiser` draws weights with, from its formula.

    Uniform on ±limit has std limit/√3; the normal variants are truncated normals whose Keras scaling keeps
    the std at the formula's value. LeCun: variance 1/fan_in, Glorot: 2/(fan_in + fan_out), He: 2/fan_in.
    """
    if initialiser == "random_uniform":
        return 0.05 / np.sqrt(3.0)
    if initialiser == "random_normal":
        return 0.05
    family = initialiser.rsplit("_", 1)[0]
    variance = {"lecun": 1.0 / fan_in, "glorot": 2.0 / (fan_in + fan_out), "he": 2.0 / fan_in}.get(family)
    if variance is None:
        raise ModelError(key="error.zoo_initializer", name=initialiser, choices=", ".join(INITIALIZERS))
    return float(np.sqrt(variance))


def magnitude_counts(values: np.ndarray) -> tuple[int, ...]:
    """Non-zero values per log10 |value| bin of MAGNITUDE_EDGES (outliers counted in the end bins)."""
    values = np.abs(np.asarray(values, dtype=np.float64).ravel())
    values = values[np.isfinite(values) & (values > 0)]
    logs = np.clip(np.log10(values), MAGNITUDE_EDGES[0], MAGNITUDE_EDGES[-1])
    counts, _ = np.histogram(logs, bins=MAGNITUDE_EDGES)
    return tuple(int(c) for c in counts)


def batch_loss(model: keras.Model) -> Callable[[Any, Any], Any]:
    """The cross-entropy the app trains `model` with (binary for one unit; from logits when it has none)."""
    from cnnviz.train import training

    if len(model.outputs) != 1:
        raise ModelError(key="error.lab_init_outputs", name=model.name)
    return training._loss_for(model, 0, int(model.outputs[0].shape[-1]))


def layer_statistics(model: keras.Model, x: np.ndarray, y: np.ndarray) -> list[LayerStats]:
    """Output and kernel-gradient statistics of every Conv2D/Dense layer on one batch (inference mode)."""
    import keras
    import tensorflow as tf

    layers = weight_layers(model)
    if not layers:
        raise ModelError(key="error.lab_init_layers", name=model.name)
    loss_fn = batch_loss(model)
    probe = keras.Model(model.inputs, [layer.output for layer in layers] + list(model.outputs))
    kernels = [layer.kernel for layer in layers]
    x = tf.convert_to_tensor(np.asarray(x, dtype=np.float32))
    y = tf.convert_to_tensor(np.asarray(y))
    with tf.GradientTape() as tape:
        found = probe(x, training=False)
        loss = loss_fn(y, found[-1])
    grads = tape.gradient(loss, kernels)
    rows = []
    for layer, out, grad in zip(layers, found[:-1], grads, strict=True):
        a = np.asarray(out, dtype=np.float64)
        g = np.zeros(layer.kernel.shape) if grad is None else np.asarray(grad, dtype=np.float64)
        kernel = np.asarray(layer.kernel.numpy(), dtype=np.float64)
        rows.append(LayerStats(
            name=layer.name, kind=type(layer).__name__, fan_in=int(np.prod(kernel.shape[:-1])),
            fan_out=int(np.prod(kernel.shape[:-2]) * kernel.shape[-1]),
            kernel_std=float(kernel.std()), activation_mean=float(a.mean()), activation_std=float(a.std()),
            zero_fraction=float(np.mean(a == 0)), activation_counts=magnitude_counts(a),
            gradient_norm=float(np.sqrt(np.sum(g * g))), gradient_std=float(g.std()),
            gradient_counts=magnitude_counts(g)))
    return rows


def first_batch(dataset: data.Dataset, size: int = BATCH_SIZE) -> tuple[np.ndarray, np.ndarray]:
    """The first `size` training images and labels (the splits come shuffled, so a fair sample)."""
    return dataset.x_train[:size], dataset.y_train[:size]


def build(model_name: str, input_shape: tuple[int, ...], num_classes: int, initialiser: str,
          seed: int = 0) -> keras.Model:
    """A zoo model built fresh with `initialiser` for every kernel, after seeding Keras with `seed`."""
    import keras

    spec = zoo.get_spec(model_name)
    if not spec.trainable_task:
        raise ModelError(key="error.lab_init_model", name=model_name, choices=", ".join(LAB_MODELS))
    keras.utils.set_random_seed(seed)
    options = zoo.training_options(model_name, kernel_initializer=initialiser)
    return zoo.build_model(model_name, input_shape, num_classes, **options)


def compare(model_name: str, x: np.ndarray, y: np.ndarray, initialisers: Sequence[str] = INITIALIZERS,
            seed: int = 0, *, num_classes: int | None = None,
            progress: Callable[[int, str], None] | None = None) -> dict[str, list[LayerStats]]:
    """`layer_statistics` of `model_name` built fresh under each initialiser, on the same batch."""
    classes = num_classes or max(int(np.max(y)) + 1, 2)
    found = {}
    for done, name in enumerate(initialisers):
        if progress is not None:
            progress(done, name)
        model = build(model_name, tuple(x.shape[1:]), classes, name, seed)
        found[name] = layer_statistics(model, x, y)
    return found


def train_briefly(model_name: str, dataset: data.Dataset, initialiser: str, epochs: int = 2, seed: int = 0,
                  limit: int | None = 600, *, optimizer: str = "adam",
                  learning_rate: float = LEARNING_RATE) -> dict[str, list[float]]:
    """Per-epoch history of a short training run of `model_name` under `initialiser` (the app's recipe).

    Every epoch is kept (no early stopping, no best-weights restore); the checkpoint `training.train`
    writes goes to a temporary folder, deleted afterwards.
    """
    from cnnviz.train import training

    if not 1 <= epochs <= MAX_EPOCHS:
        raise TrainingError(key="error.lab_epochs", value=epochs, most=MAX_EPOCHS)
    if initialiser not in INITIALIZERS:
        raise ModelError(key="error.zoo_initializer", name=initialiser, choices=", ".join(INITIALIZERS))
    config = training.TrainConfig(
        model_name=model_name, model_options=zoo.training_options(model_name, kernel_initializer=initialiser),
        dataset=dataset.name, optimizer=optimizer, learning_rate=learning_rate, epochs=epochs,
        early_stopping=False, checkpoint_best=False, seed=seed, limit=limit)
    with tempfile.TemporaryDirectory(prefix="cnnviz-init-") as folder:
        result = training.train(config, folder, dataset=dataset, name="lab")
    return {key: list(values) for key, values in result.history.history.items()}


# --- figures ---------------------------------------------------------------------------------------------


def style(index: int) -> tuple[str, str]:
    """The `index`-th initialiser's line colour and plotly marker symbol (`palette.MARKERS`)."""
    return COLOURS[index % len(COLOURS)], palette.MARKERS[index % len(palette.MARKERS)]


def depth_figure(stats: dict[str, list[LayerStats]], metric: str, lang: str = i18n.DEFAULT_LANGUAGE
                 ) -> go.Figure:
    """One line per initialiser through the layers: "activation_std" or "gradient_norm", log y."""
    import plotly.graph_objects as go

    if metric not in ("activation_std", "gradient_norm"):
        raise ValueError(f"metric must be activation_std or gradient_norm, not {metric!r}")
    fig = go.Figure()
    for index, (name, rows) in enumerate(stats.items()):
        colour, symbol = style(index)
        fig.add_scatter(x=[r.name for r in rows], y=[getattr(r, metric) for r in rows], mode="lines+markers",
                        name=name, line={"color": colour}, marker={"symbol": symbol, "size": 8})
    fig.update_layout(title=i18n.t(f"lab.init.fig_{metric}", lang), height=380,
                      xaxis_title=i18n.t("lab.init.axis_layer", lang),
                      yaxis_title=i18n.t(f"lab.init.axis_{metric}", lang), yaxis_type="log",
                      margin={"t": 50, "b": 40, "l": 60, "r": 20})
    return fig


def histogram_figure(stats: dict[str, list[LayerStats]], layer: str, which: str,
                     lang: str = i18n.DEFAULT_LANGUAGE) -> go.Figure:
    """Share of `layer`'s non-zero activations or kernel gradients per log10 |value| bin, one line each."""
    import plotly.graph_objects as go

    if which not in ("activation", "gradient"):
        raise ValueError(f"which must be activation or gradient, not {which!r}")
    centres = (MAGNITUDE_EDGES[:-1] + MAGNITUDE_EDGES[1:]) / 2
    fig = go.Figure()
    for index, (name, rows) in enumerate(stats.items()):
        row = next((r for r in rows if r.name == layer), None)
        if row is None:
            continue
        counts = np.asarray(getattr(row, f"{which}_counts"), dtype=float)
        share = counts / max(counts.sum(), 1.0)
        colour, symbol = style(index)
        fig.add_scatter(x=centres, y=share, mode="lines+markers", line={"shape": "hvh", "color": colour},
                        marker={"symbol": symbol, "size": np.where(share > 0, 7, 0).tolist()}, name=name)
    fig.update_layout(title=i18n.t(f"lab.init.fig_hist_{which}", lang, layer=layer), height=360,
                      legend_itemsizing="constant",  # markers only on the bins that hold values
                      xaxis_title=i18n.t("lab.init.axis_magnitude", lang),
                      yaxis_title=i18n.t("lab.init.axis_share", lang), yaxis_tickformat=".0%",
                      margin={"t": 50, "b": 40, "l": 60, "r": 20})
    return fig


def overlaid_curves(histories: Mapping[str, Mapping[str, Sequence[float]]], metric: str,
                    lang: str = i18n.DEFAULT_LANGUAGE) -> go.Figure:
    """Validation `metric` ("accuracy" or "loss") per epoch, one line per run, training dotted behind."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for index, (name, history) in enumerate(histories.items()):
        epochs = [int(e) for e in history.get("epoch", [])]
        colour, symbol = style(index)
        fig.add_scatter(x=epochs, y=list(history.get(f"val_{metric}", [])), mode="lines+markers",
                        name=name, legendgroup=name, line={"color": colour, "width": 2},
                        marker={"symbol": symbol, "size": 8})
        fig.add_scatter(x=epochs, y=list(history.get(metric, [])), mode="lines", showlegend=False,
                        name=i18n.t("lab.init.train_of", lang, name=name), legendgroup=name,
                        line={"color": colour, "width": 1, "dash": "dot"})
    fig.update_layout(title=i18n.t(f"lab.init.fig_val_{metric}", lang), height=380,
                      xaxis_title=i18n.t("lab.init.axis_epoch", lang), xaxis_dtick=1,
                      yaxis_title=i18n.t(f"lab.init.axis_{metric}", lang),
                      margin={"t": 50, "b": 40, "l": 60, "r": 20})
    if metric == "accuracy":
        fig.update_yaxes(tickformat=".0%")
    return fig
