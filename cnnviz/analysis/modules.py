"""What a branching module does to one picture: Inception branches side by side, a residual's x and F(x).

`find_modules` lists a model's Inception-like modules (a Concatenate of two or more spatial paths) and
residual-like ones (an Add). For each, the *source* is the layer every path starts from (the branch point)
and each path is the chain of layers from there to the merge. `inception_view` gives each branch's maps
for a picture with its channel slice [start, stop) in the concatenation; `residual_view` gives x (what
the shortcut adds: the module input, or its 1×1 projection), F(x), F(x) + x and the output after the
ReLU. Both check their own bookkeeping on the numbers: the branches concatenated must equal the
Concatenate output, F(x) + x must equal the Add output (`max_difference`).

For a model without such modules, `demo_inception` and `demo_residual` build the zoo's module on the
picture's shape with seeded random weights. `compare_inception` measures the naive and reduced Inception
modules (parameters, MACs, output channels) on built models; `gradient_norms` and `skip_comparison`
measure the gradient reaching each layer of `mini_resnet` with and without its skips.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from cnnviz.analysis import activations
from cnnviz.core.errors import ModelError
from cnnviz.models import arch, outputs, zoo

if TYPE_CHECKING:
    import keras

ModuleKind = Literal["inception", "residual"]
DEMO_SEED = 0  # the seed of the demo modules' random weights and of the gradient comparison
DEMO_RESIDUAL_FILTERS = 16
GRADIENT_LAYER_TYPES = ("Conv2D", "Dense")  # the layers whose kernel gradient `gradient_norms` measures
GRADIENT_BATCH = 64


# --- finding modules -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Module:
    """A merge layer and the paths feeding it, each traced back to the layer they all start from."""

    name: str  # the Concatenate or Add layer
    kind: ModuleKind
    source: str  # the branch point: the latest layer every path depends on
    parents: tuple[str, ...]  # the merge's inputs, in its input order
    paths: tuple[tuple[str, ...], ...]  # per parent: the layers after `source` up to the parent, in order


def find_modules(model: keras.Model) -> list[Module]:
    """The model's Concatenates of ≥ 2 spatial paths (Inception-like) and Adds (residual-like), in order."""
    rows = arch.layer_table(model)
    return [module for row in rows if (module := _module(rows, row)) is not None]


def get_module(model: keras.Model, name: str, kind: ModuleKind) -> Module:
    """The module merged at layer `name`, or a ModelError naming the model's modules of that kind."""
    found = [m for m in find_modules(model) if m.kind == kind]
    for module in found:
        if module.name == name:
            return module
    choices = ", ".join(m.name for m in found) or "—"
    raise ModelError(key=f"error.module_not_{kind}", name=name, choices=choices)


def _module(rows: list[arch.LayerInfo], row: arch.LayerInfo) -> Module | None:
    merges: dict[str, ModuleKind] = {"Concatenate": "inception", "Add": "residual"}
    kind = merges.get(row.type)
    by_name = {r.name: r for r in rows}
    parents = row.parents
    if kind is None or len(set(parents)) < 2 or len(row.output_shape) != 3:
        return None
    if any(len(by_name[p].output_shape) != 3 for p in parents if p in by_name):
        return None
    order = {r.name: i for i, r in enumerate(rows)}
    lineage = {p: _ancestors(p, by_name) for p in parents}
    common = set.intersection(*lineage.values())
    if not common:
        return None  # paths from different inputs: no branch point
    source = max(common, key=order.__getitem__)
    before = _ancestors(source, by_name)
    paths = tuple(tuple(sorted(lineage[p] - before, key=order.__getitem__)) for p in parents)
    return Module(row.name, kind, source, tuple(parents), paths)


def _ancestors(name: str, by_name: dict[str, arch.LayerInfo]) -> set[str]:
    """`name` and every layer it depends on."""
    found: set[str] = set()
    stack = [name]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(by_name[current].parents if current in by_name else ())
    return found


# --- Inception: the branches on one picture ----------------------------------------------------


@dataclass(frozen=True)
class Branch:
    """One Inception branch: its last layer, its chain from the branch point, its maps and channel slice."""

    name: str
    chain: tuple[str, ...]
    maps: np.ndarray  # (H, W, C)
    channels: int
    start: int  # the branch fills channels [start, stop) of the concatenation
    stop: int


@dataclass(frozen=True)
class InceptionView:
    """An Inception module on one picture: its branches and the concatenated output."""

    module: Module
    branches: tuple[Branch, ...]
    output: np.ndarray  # the Concatenate's maps (H, W, C)
    max_difference: float  # largest |branches side by side − concat output|: 0 when the slices are right
    input_shape: tuple[int, ...]  # the branch point's output (H, W, C): what every branch reads

    @property
    def channels(self) -> int:
        """Channels of the concatenation: the sum of the branches'."""
        return int(self.output.shape[-1])


def inception_view(model: keras.Model, image: np.ndarray, concat: str) -> InceptionView:
    """Each branch of the Inception module merged at `concat`, on one picture (the model's input)."""
    module = get_module(model, concat, "inception")
    _check_channel_axis(model, concat)
    wanted = list(dict.fromkeys([*module.parents, concat]))
    maps = activations.feature_maps(model, image, wanted)
    branches: list[Branch] = []
    start = 0
    for parent, path in zip(module.parents, module.paths, strict=False):
        channels = int(maps[parent].shape[-1])
        branches.append(Branch(parent, path, maps[parent], channels, start, start + channels))
        start += channels
    output = maps[concat]
    together = np.concatenate([b.maps for b in branches], axis=-1)
    difference = float(np.abs(together - output).max()) if together.shape == output.shape else float("inf")
    source = next(r for r in arch.layer_table(model) if r.name == module.source)
    input_shape = tuple(int(d) for d in source.output_shape if d is not None)
    return InceptionView(module, tuple(branches), output, difference, input_shape)


def inception_branches(model: keras.Model, image: np.ndarray, concat: str) -> list[Branch]:
    """The branches of `inception_view`: maps, channel count and slice of the concatenation each."""
    return list(inception_view(model, image, concat).branches)


def _check_channel_axis(model: keras.Model, concat: str) -> None:
    layer = next(g.layer for g in arch.flat_graph(model) if g.name == concat)
    axis = int(layer.get_config().get("axis", -1))
    if axis not in (-1, 3):
        raise ModelError(key="error.module_axis", name=concat, axis=axis)


# --- residual: x, F(x), F(x) + x -----------------------------------------------------------------


@dataclass(frozen=True)
class ResidualView:
    """A residual module on one picture: what the shortcut adds, what the branch adds, and their sum."""

    module: Module
    shortcut: tuple[str, ...]  # the layers on the shortcut: () for an identity, else the projection
    residual: tuple[str, ...]  # the layers of F
    x: np.ndarray  # what the shortcut adds: the module input, or its projection
    fx: np.ndarray  # F(x): the residual branch's output
    total: np.ndarray  # the Add output, F(x) + x
    output: np.ndarray | None  # after the ReLU that follows the Add (None when nothing follows it)
    output_name: str | None
    max_difference: float  # largest |F(x) + x − Add output|: 0 up to float rounding

    @property
    def identity(self) -> bool:
        """True when x reaches the Add unchanged."""
        return not self.shortcut

    @property
    def projection(self) -> str | None:
        """The convolution projecting x to F's channels (None for an identity shortcut)."""
        return self.shortcut[0] if self.shortcut else None

    @property
    def value_range(self) -> tuple[float, float]:
        """Lowest and highest value over x, F(x), F(x) + x (and the output): one colour scale for all."""
        parts = [self.x, self.fx, self.total] + ([self.output] if self.output is not None else [])
        return (float(min(p.min() for p in parts)), float(max(p.max() for p in parts)))


def residual_view(model: keras.Model, image: np.ndarray, add: str) -> ResidualView:
    """x, F(x), F(x) + x and the output of the residual module merged at `add`, on one picture."""
    module = get_module(model, add, "residual")
    if len(module.parents) != 2:
        raise ModelError(key="error.module_add_inputs", name=add, count=len(module.parents))
    short, long = sorted(range(2), key=lambda i: (len(module.paths[i]), -i))  # the shorter path is the skip
    rows = arch.layer_table(model)
    after = [r for r in rows if r.parents == (add,)]
    output_name = after[0].name if len(after) == 1 and after[0].type in ("Activation", "ReLU") else None
    spatial = set(activations.spatial_layers(model))
    wanted = [n for n in (module.parents[short], module.parents[long], add, output_name) if n in spatial]
    maps = activations.feature_maps(model, image, list(dict.fromkeys(wanted)))
    x = maps.get(module.parents[short])
    if x is None:  # the model input itself is the shortcut
        x = np.asarray(image, dtype=np.float32).reshape(maps[add].shape)
    fx, total = maps[module.parents[long]], maps[add]
    difference = float(np.abs(fx + x - total).max())
    output = maps.get(output_name) if output_name else None
    return ResidualView(module, module.paths[short], module.paths[long], x, fx, total, output, output_name,
                        difference)


# --- modules built on the picture when the model has none ---------------------------------------


def reseed(model: keras.Model, seed: int = DEMO_SEED, initializer: str = "glorot_uniform") -> keras.Model:
    """Give every kernel fresh weights from `initializer` seeded with `seed` (biases 0): repeatable weights."""
    import keras

    for index, layer in enumerate(model.layers):
        kernel = getattr(layer, "kernel", None)
        if kernel is None:
            continue
        draw = type(keras.initializers.get(initializer))(seed=seed + index)
        kernel.assign(draw(tuple(kernel.shape)))
        bias = getattr(layer, "bias", None)
        if bias is not None:
            bias.assign(np.zeros(tuple(bias.shape), dtype=np.float32))
    return model


def demo_inception(input_shape: tuple[int, ...], reduced: bool = True, seed: int = DEMO_SEED) -> keras.Model:
    """GoogLeNet's Inception 3a module alone on `input_shape`, with seeded random (untrained) weights."""
    import keras

    f = zoo.INCEPTION_3A
    inputs = keras.Input(_shape(input_shape), name="input")
    if reduced:
        outputs_ = zoo.inception_module(inputs, f1=f["f1"], f3=f["f3"], f5=f["f5"], f3r=f["f3r"], f5r=f["f5r"],
                                        fp=f["fp"], name="inception")
    else:
        outputs_ = zoo.inception_module(inputs, f1=f["f1"], f3=f["f3"], f5=f["f5"], name="inception")
    name = "inception_reduced" if reduced else "inception_naive"
    return reseed(keras.Model(inputs, outputs_, name=name), seed)


def demo_residual(input_shape: tuple[int, ...], filters: int = DEMO_RESIDUAL_FILTERS,
                  seed: int = DEMO_SEED) -> keras.Model:
    """The zoo's residual module alone on `input_shape` (projected to `filters`), seeded random weights."""
    import keras

    inputs = keras.Input(_shape(input_shape), name="input")
    outputs_ = zoo.residual_module(inputs, filters, name="res", projection_activation=None)
    return reseed(keras.Model(inputs, outputs_, name="residual_module"), seed, "he_normal")


def _shape(input_shape: tuple[int, ...]) -> tuple[int, int, int]:
    shape = tuple(int(d) for d in input_shape)
    if len(shape) != 3 or min(shape) < 1:
        raise ModelError(key="error.zoo_input_shape", shape=shape)
    return shape


# --- naive against reduced Inception: what the 1×1 reductions save --------------------------------


@dataclass(frozen=True)
class ModuleCost:
    """One module measured on a built model."""

    params: int
    macs: int
    channels: int  # output channels of the concatenation


@dataclass(frozen=True)
class InceptionCosts:
    """Inception 3a without and with 1×1 reductions, at one input shape."""

    input_shape: tuple[int, int, int]
    naive: ModuleCost
    reduced: ModuleCost

    @property
    def param_ratio(self) -> float:
        """Reduced parameters as a fraction of naive."""
        return self.reduced.params / self.naive.params

    @property
    def mac_ratio(self) -> float:
        """Reduced MACs as a fraction of naive."""
        return self.reduced.macs / self.naive.macs


@functools.lru_cache(maxsize=8)
def compare_inception(input_shape: tuple[int, ...] = (28, 28, 192)) -> InceptionCosts:
    """Both zoo Inception modules built at `input_shape` and measured with `arch.totals` (cached)."""
    shape = _shape(input_shape)
    costs = []
    for name in ("inception_naive", "inception_reduced"):
        model = zoo.build_model(name, shape)
        found = arch.totals(model)
        costs.append(ModuleCost(found.params, found.macs, int(model.output_shape[-1])))
    return InceptionCosts(shape, costs[0], costs[1])


# --- gradients through depth ---------------------------------------------------------------------


def gradient_layers(model: keras.Model) -> list[tuple[str, Any]]:
    """(name, layer) of the Conv2D and Dense layers, in depth (graph) order."""
    return [(g.name, g.layer) for g in arch.flat_graph(model) if type(g.layer).__name__ in GRADIENT_LAYER_TYPES]


def gradient_norms(model: keras.Model, x: np.ndarray, y: np.ndarray) -> list[tuple[str, float]]:
    """L2 norm of ∂loss/∂kernel of every Conv2D and Dense layer, in depth order, for one batch.

    The loss is the cross-entropy of the main output against the integer labels `y` (as Keras computes
    it for this output: probabilities or logits), averaged over the batch; the pass runs in inference
    mode, so dropout is off and the norms are repeatable.
    """
    import keras
    import tensorflow as tf

    index = outputs.main_output_index(model)
    kind = outputs.output_kind(model, index)
    if kind == "sigmoid" or outputs.num_classes(model) is None:
        raise ModelError(key="error.module_gradient_output")
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=kind == "logits")
    layers = gradient_layers(model)
    kernels = [layer.kernel for _, layer in layers]
    with tf.GradientTape() as tape:
        found = model(np.asarray(x, dtype=np.float32), training=False)
        main = found[index] if isinstance(found, (list, tuple)) else found
        loss = loss_fn(np.asarray(y), main)
    grads = tape.gradient(loss, kernels)
    return [(name, float(tf.norm(g))) for (name, _), g in zip(layers, grads, strict=False)]


@dataclass(frozen=True)
class SkipComparison:
    """Gradient norms of mini_resnet with and without its skips, same weights, same batch."""

    layers: tuple[str, ...]  # the layers both networks have, in depth order (projections left out)
    with_skips: tuple[float, ...]
    without_skips: tuple[float, ...]
    blocks_per_stage: int
    batch: int
    seed: int
    initializer: str

    @property
    def conv_layers(self) -> tuple[str, ...]:
        """The convolutions among `layers` (the classifier's Dense left out)."""
        return tuple(n for n in self.layers if n != "predictions")

    def norms(self, skips: bool) -> dict[str, float]:
        """Layer name → gradient norm, with or without the skips."""
        return dict(zip(self.layers, self.with_skips if skips else self.without_skips, strict=False))

    def first_last(self, skips: bool) -> tuple[float, float]:
        """The gradient norms of the first and the last convolution."""
        norms = self.norms(skips)
        return norms[self.conv_layers[0]], norms[self.conv_layers[-1]]

    def ratio(self, skips: bool) -> float:
        """First convolution's gradient norm over the last one's: below 1, the first layers learn slower."""
        first, last = self.first_last(skips)
        return first / last

    @property
    def first_gain(self) -> float:
        """How many times larger the first convolution's gradient is with the skips than without."""
        return self.first_last(True)[0] / self.first_last(False)[0]


def skip_comparison(x: np.ndarray, y: np.ndarray, num_classes: int, blocks_per_stage: int = 1,
                    seed: int = DEMO_SEED, initializer: str = "he_normal") -> SkipComparison:
    """Build mini_resnet with and without skips (the same seeded weights) and measure both on one batch."""
    if initializer not in zoo.INITIALIZERS:
        raise ModelError(key="error.zoo_initializer", name=initializer, choices=", ".join(zoo.INITIALIZERS))
    shape = _shape(x.shape[1:])
    options = {"blocks_per_stage": blocks_per_stage, "dropout": 0.0}
    skips = reseed(zoo.build_model("mini_resnet", shape, num_classes, skips=True, **options), seed, initializer)
    plain = zoo.build_model("mini_resnet", shape, num_classes, skips=False, **options)
    weights = {layer.name: layer.get_weights() for layer in skips.layers}
    for layer in plain.layers:
        if layer.weights:
            layer.set_weights(weights[layer.name])  # same weights: only the skips differ
    with_skips = dict(gradient_norms(skips, x, y))
    without = gradient_norms(plain, x, y)
    names = tuple(name for name, _ in without)
    return SkipComparison(names, tuple(with_skips[n] for n in names), tuple(v for _, v in without),
                          int(blocks_per_stage), int(len(x)), seed, initializer)
