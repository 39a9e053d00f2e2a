"""The model zoo: the classic CNNs the app teaches, built with Keras.

Each entry records the idea it teaches so the UI can say *why* it is in the
zoo; that text lives in `cnnviz.core.i18n` (keys `zoo.<name>.description` and
`zoo.<name>.teaches`, English and Korean) and holds no derived figure: the
numbers a lesson quotes (parameter shares, channel widths) are computed from
built models by `inception_comparison` and `residual_summary`.

Builders take `input_shape` and `num_classes` so any model fits any
dataset: a model with a minimum input size (AlexNet, VGG16) gets a
`Resizing` layer in front, and grey images are repeated to three channels
with a `Concatenate`, neither of which adds parameters.

Keras is imported inside the builders so listing the zoo stays instant.
"""

from __future__ import annotations

import contextvars
import inspect
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from cnnviz.core import i18n
from cnnviz.core.errors import ModelError

if TYPE_CHECKING:
    import keras

INITIALIZERS = (
    "random_uniform",  # U(-0.05, 0.05), Keras's defaults
    "random_normal",  # N(0, 0.05)
    "lecun_uniform",
    "lecun_normal",
    "glorot_uniform",
    "glorot_normal",
    "he_uniform",
    "he_normal",
)


class OfflineWeightsWarning(UserWarning):
    """Pretrained weights could not be downloaded; the model uses random weights."""


# The file keras.applications.VGG16(include_top=False, weights="imagenet") caches in KERAS_HOME/models.
VGG16_IMAGENET_FILE = "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"
VGG16_IMAGENET_MB = 58

# Set by `build_noting_weights` while it builds: the builds of this thread (or task) that fell back to random.
_RANDOM_FALLBACKS: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("random_fallbacks",
                                                                                      default=None)


@dataclass(frozen=True)
class ModelSpec:
    """What the zoo knows about a model before building it."""

    name: str
    title: str
    input_shape: tuple[int, int, int]
    num_classes: int | None  # None: a single module without a classifier head
    builder: Callable[..., Any] = field(repr=False)
    min_size: int = 1  # smaller inputs are resized up to `resize_to`
    resize_to: int | None = None
    needs_rgb: bool = False
    defaults: dict[str, Any] = field(default_factory=dict)
    params: int | None = None  # at the classic input shape; the tests check it against Keras

    @property
    def description(self) -> str:
        """What the model is made of, in English (`text` gives other languages)."""
        return text(self.name, "description")

    @property
    def teaches(self) -> str:
        """The idea the model teaches, in English."""
        return text(self.name, "teaches")

    @property
    def trainable_task(self) -> bool:
        """True when the model ends in a classifier and can be trained on a dataset."""
        return self.num_classes is not None


_REGISTRY: dict[str, ModelSpec] = {}


def _register(**kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(builder: Callable[..., Any]) -> Callable[..., Any]:
        spec = ModelSpec(builder=builder, **kwargs)
        _REGISTRY[spec.name] = spec
        return builder

    return decorate


def list_models() -> list[ModelSpec]:
    """All zoo models, in teaching order."""
    return list(_REGISTRY.values())


def text(name: str, part: str, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """A zoo model's 'description' or 'teaches' text in `lang`, its placeholders filled from the code."""
    return i18n.t(f"zoo.{name}.{part}", lang, aux_weight=f"{AUX_LOSS_WEIGHT:g}")


def get_spec(name: str) -> ModelSpec:
    """The spec of a zoo model, or a ModelError naming the choices."""
    try:
        return _REGISTRY[name]
    except KeyError:
        choices = ", ".join(_REGISTRY)
        raise ModelError(key="error.zoo_unknown", name=name, choices=choices) from None


def build_model(
    name: str,
    input_shape: tuple[int, ...] | None = None,
    num_classes: int | None = None,
    **options: Any,
) -> keras.Model:
    """Build a zoo model for an input shape and class count.

    Options: kernel_initializer (one of INITIALIZERS), dropout (float, 0 removes
    it), batch_norm (bool), plus per-model ones (e.g. `weights`, `trainable_base`
    for vgg16_transfer, `aux_heads` for mini_googlenet, `filters` for residual_block).
    """
    import keras

    spec = get_spec(name)
    shape = tuple(int(d) for d in (input_shape or spec.input_shape))
    if len(shape) != 3 or min(shape) < 1:
        raise ModelError(key="error.zoo_input_shape", shape=shape)
    classes = spec.num_classes if num_classes is None else int(num_classes)
    if classes is not None and classes < 2:
        raise ModelError(key="error.zoo_classes")
    opts = {**spec.defaults, **options}
    if opts.get("kernel_initializer") is None:
        opts.pop("kernel_initializer", None)  # None means "the model's usual one"
    _check_options(spec, opts)

    inputs = keras.Input(shape, name="input")
    x = _adapt_input(inputs, spec)
    outputs = spec.builder(x, classes, **opts)
    return keras.Model(inputs, outputs, name=name)


def model_options(name: str) -> list[str]:
    """The keyword options a zoo model's builder accepts."""
    params = inspect.signature(get_spec(name).builder).parameters.values()
    return [p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]


def training_options(name: str, *, kernel_initializer: str | None = None, dropout: float | None = None,
                     batch_norm: bool = False) -> dict[str, Any]:
    """The options to build `name` with for training: only those its builder takes, defaults left out.

    VGG16 transfer learning starts from ImageNet weights (offline, `build_model` falls back to random
    weights and warns; `imagenet_weights_missing` says beforehand whether that can happen).
    """
    accepted = model_options(name)
    wanted = {"kernel_initializer": kernel_initializer, "dropout": dropout, "batch_norm": batch_norm or None,
              "weights": "imagenet" if name == "vgg16_transfer" else None}
    return {key: value for key, value in wanted.items() if key in accepted and value is not None}


def build_noting_weights(name: str, input_shape: tuple[int, ...] | None = None, num_classes: int | None = None,
                         **options: Any) -> tuple[keras.Model, bool]:
    """`build_model`, and whether pretrained weights it asked for could not be had (its base is random).

    The one place that notices the offline fallback (Train's runs and the freezing lab both ask it). It
    listens to the builder, not to `warnings`, whose filters are process-wide and runs train in threads.
    """
    fallbacks: list[str] = []
    token = _RANDOM_FALLBACKS.set(fallbacks)
    try:
        model = build_model(name, input_shape, num_classes, **options)
    finally:
        _RANDOM_FALLBACKS.reset(token)
    return model, bool(fallbacks)


def imagenet_weights_path() -> Path | None:
    """VGG16's ImageNet weights where Keras keeps them once downloaded, or None; never downloads."""
    from cnnviz.data import keras_home  # read now: Keras itself reads KERAS_HOME once, at import

    path = keras_home() / "models" / VGG16_IMAGENET_FILE
    return path if path.is_file() else None


def imagenet_weights_available() -> bool:
    """Whether VGG16's ImageNet weights are on this computer (else building needs a download)."""
    return imagenet_weights_path() is not None


def imagenet_weights_missing(name: str, options: dict[str, Any] | None = None) -> bool:
    """True when `name` built with `options` wants ImageNet weights that are not on this computer: unless
    the download works, its base starts from random weights (worth saying before anything trains)."""
    opts = {**get_spec(name).defaults, **(options or {})}
    return opts.get("weights") == "imagenet" and not imagenet_weights_available()


def missing_weights_note(name: str, options: dict[str, Any] | None = None) -> i18n.Phrase | None:
    """What to tell someone about to train `name` when its ImageNet weights are not here; None when they are.

    What changes (the base starts random unless the download works), what to expect (near the majority
    class), and what to do (download once, copy the file into Keras's cache folder, or train a small model).
    """
    if not imagenet_weights_missing(name, options):
        return None
    from cnnviz.data import keras_home

    return i18n.Phrase("warn.no_imagenet", folder=keras_home() / "models", size=VGG16_IMAGENET_MB,
                       file=VGG16_IMAGENET_FILE, small=get_spec("fashion_cnn").title)


def _check_options(spec: ModelSpec, opts: dict[str, Any]) -> None:
    unknown = sorted(set(opts) - set(model_options(spec.name)))
    if unknown:
        raise ModelError(key="error.zoo_option", title=spec.title, unknown=", ".join(unknown),
                         options=", ".join(model_options(spec.name)))
    initializer = opts.get("kernel_initializer")
    if initializer is not None and initializer not in INITIALIZERS:
        raise ModelError(key="error.zoo_initializer", name=initializer, choices=", ".join(INITIALIZERS))


def _adapt_input(x: Any, spec: ModelSpec) -> Any:
    """Resize too-small inputs and repeat grey to RGB for models that need it."""
    from keras import layers

    height, width, channels = x.shape[1:]
    if spec.resize_to and min(height, width) < spec.min_size:
        x = layers.Resizing(spec.resize_to, spec.resize_to, name="resize_input")(x)
    if spec.needs_rgb and channels == 1:
        x = layers.Concatenate(name="grey_to_rgb")([x, x, x])
    elif spec.needs_rgb and channels != 3:
        raise ModelError(key="error.zoo_channels", title=spec.title, channels=channels)
    return x


# --- building blocks ---------------------------------------------------------


class _ConvInit(TypedDict):
    """The options every `conv_block` of a model shares, passed on as `**init`."""

    kernel_initializer: str
    batch_norm: bool


def conv_block(
    x: Any,
    filters: int,
    kernel: int,
    *,
    name: str,
    strides: int = 1,
    padding: str = "same",
    activation: str | None = "relu",
    batch_norm: bool = False,
    kernel_initializer: str = "glorot_uniform",
) -> Any:
    """Conv2D with its activation, or Conv → BatchNorm → activation when batch_norm is on."""
    from keras import layers

    if not batch_norm:
        return layers.Conv2D(
            filters, kernel, strides=strides, padding=padding, activation=activation,
            kernel_initializer=kernel_initializer, name=name,
        )(x)
    x = layers.Conv2D(
        filters, kernel, strides=strides, padding=padding, use_bias=False,
        kernel_initializer=kernel_initializer, name=name,
    )(x)
    x = layers.BatchNormalization(name=f"{name}_bn")(x)
    return layers.Activation(activation, name=f"{name}_{activation}")(x) if activation else x


def classifier_head(x: Any, num_classes: int, *, kernel_initializer: str = "glorot_uniform",
                    name: str = "predictions") -> Any:
    """A softmax over the classes: the probabilities the Evaluate and Feature maps pages show."""
    from keras import layers

    return layers.Dense(num_classes, activation="softmax", kernel_initializer=kernel_initializer, name=name)(x)


def _dropout(x: Any, rate: float, name: str) -> Any:
    from keras import layers

    return layers.Dropout(rate, name=name)(x) if rate > 0 else x


# --- the classic small CNNs --------------------------------------------------


@_register(
    name="fashion_cnn",
    params=333_526,
    title="Fashion-MNIST CNN",
    input_shape=(28, 28, 1),
    num_classes=10,
    min_size=4,
    resize_to=28,
    defaults={"dropout": 0.4, "dense_units": 100},
)
def _fashion_cnn(
    x: Any, num_classes: int, *, dropout: float, dense_units: int,
    kernel_initializer: str = "glorot_uniform", batch_norm: bool = False,
) -> Any:
    from keras import layers

    init: _ConvInit = {"kernel_initializer": kernel_initializer, "batch_norm": batch_norm}
    x = conv_block(x, 32, 3, name="conv1", **init)
    x = layers.MaxPooling2D(2, name="pool1")(x)
    x = conv_block(x, 64, 3, name="conv2", **init)
    x = layers.MaxPooling2D(2, name="pool2")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(dense_units, activation="relu", kernel_initializer=kernel_initializer, name="dense")(x)
    x = _dropout(x, dropout, "dropout")
    return classifier_head(x, num_classes, kernel_initializer=kernel_initializer)


_register(
    name="fashion_cnn_128",
    params=421_642,
    title="Fashion-MNIST CNN (Dense 128)",
    input_shape=(28, 28, 1),
    num_classes=10,
    min_size=4,
    resize_to=28,
    defaults={"dropout": 0.0, "dense_units": 128},
)(_fashion_cnn)


@_register(
    name="lenet5",
    params=61_706,
    title="LeNet-5",
    input_shape=(32, 32, 1),
    num_classes=10,
    min_size=16,
    resize_to=32,
)
def _lenet5(x: Any, num_classes: int, *, kernel_initializer: str = "glorot_uniform", batch_norm: bool = False,
            dropout: float = 0.0) -> Any:
    from keras import layers

    init: _ConvInit = {"kernel_initializer": kernel_initializer, "batch_norm": batch_norm}
    x = conv_block(x, 6, 5, name="c1", padding="valid", activation="tanh", **init)
    x = layers.AveragePooling2D(2, name="s2")(x)
    x = conv_block(x, 16, 5, name="c3", padding="valid", activation="tanh", **init)
    x = layers.AveragePooling2D(2, name="s4")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(120, activation="tanh", kernel_initializer=kernel_initializer, name="f5")(x)
    x = _dropout(x, dropout, "dropout")
    x = layers.Dense(84, activation="tanh", kernel_initializer=kernel_initializer, name="f6")(x)
    return classifier_head(x, num_classes, kernel_initializer=kernel_initializer)


@_register(
    name="alexnet",
    params=62_378_344,
    title="AlexNet",
    input_shape=(227, 227, 3),
    num_classes=1000,
    min_size=227,
    resize_to=227,
    needs_rgb=False,
    defaults={"dropout": 0.5},
)
def _alexnet(x: Any, num_classes: int, *, dropout: float, kernel_initializer: str = "he_normal",
             batch_norm: bool = False) -> Any:
    from keras import layers

    init: _ConvInit = {"kernel_initializer": kernel_initializer, "batch_norm": batch_norm}
    x = conv_block(x, 96, 11, strides=4, padding="valid", name="conv1", **init)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    x = conv_block(x, 256, 5, name="conv2", **init)
    x = layers.MaxPooling2D(3, strides=2, name="pool2")(x)
    x = conv_block(x, 384, 3, name="conv3", **init)
    x = conv_block(x, 384, 3, name="conv4", **init)
    x = conv_block(x, 256, 3, name="conv5", **init)
    x = layers.MaxPooling2D(3, strides=2, name="pool5")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(4096, activation="relu", kernel_initializer=kernel_initializer, name="fc6")(x)
    x = _dropout(x, dropout, "dropout6")
    x = layers.Dense(4096, activation="relu", kernel_initializer=kernel_initializer, name="fc7")(x)
    x = _dropout(x, dropout, "dropout7")
    return classifier_head(x, num_classes, kernel_initializer=kernel_initializer)


# --- transfer learning -------------------------------------------------------


@_register(
    name="vgg16_transfer",
    params=14_715_201,
    title="VGG16 transfer learning",
    input_shape=(32, 32, 3),
    num_classes=2,
    min_size=32,
    resize_to=32,
    needs_rgb=True,
    defaults={"weights": "imagenet", "trainable_base": False},
)
def _vgg16_transfer(
    x: Any, num_classes: int, *, weights: str | None, trainable_base: bool,
    kernel_initializer: str = "glorot_uniform", dropout: float = 0.0, batch_norm: bool = False,
) -> Any:
    from keras import layers

    base = _vgg16_base(tuple(x.shape[1:]), weights)
    base.trainable = trainable_base
    x = base(x)
    x = layers.Flatten(name="flatten")(x)
    x = _dropout(x, dropout, "dropout")
    if num_classes == 2:
        return layers.Dense(1, activation="sigmoid", kernel_initializer=kernel_initializer, name="predictions")(x)
    return classifier_head(x, num_classes, kernel_initializer=kernel_initializer)


def _vgg16_base(input_shape: tuple[int, ...], weights: str | None) -> keras.Model:
    """VGG16's convolutional base; falls back to random weights, with a warning, when offline.

    ImageNet weights already on this computer are read from where `imagenet_weights_path` found them, so
    that check and this build agree; otherwise (or if that file is damaged) Keras downloads them.
    """
    import keras

    if weights is None:
        return keras.applications.VGG16(include_top=False, weights=None, input_shape=input_shape)
    sources = [weights]
    cached = imagenet_weights_path() if weights == "imagenet" else None
    if cached is not None:
        sources.insert(0, str(cached))
    for source in sources:
        try:
            return keras.applications.VGG16(include_top=False, weights=source, input_shape=input_shape)
        except Exception as err:  # urllib/HTTP/DNS errors differ by platform; all mean "no weights"
            error = err
    warnings.warn(
        OfflineWeightsWarning(i18n.Phrase("warn.offline_weights", error=type(error).__name__)),
        stacklevel=3,
    )
    fallbacks = _RANDOM_FALLBACKS.get()
    if fallbacks is not None:
        fallbacks.append(weights)
    return keras.applications.VGG16(include_top=False, weights=None, input_shape=input_shape)


# --- GoogLeNet ---------------------------------------------------------------

# Inception 3a from Szegedy et al. (2014): 1x1 64, 3x3 128 (reduce 96), 5x5 32 (reduce 16), pool proj 32.
INCEPTION_3A = {"f1": 64, "f3r": 96, "f3": 128, "f5r": 16, "f5": 32, "fp": 32}


def inception_module(
    x: Any, *, f1: int, f3: int, f5: int, f3r: int | None = None, f5r: int | None = None,
    fp: int | None = None, name: str = "inception", kernel_initializer: str = "glorot_uniform",
    batch_norm: bool = False,
) -> Any:
    """Parallel 1x1, 3x3, 5x5 convolutions and a 3x3/1 max-pool on the same input, concatenated.

    With f3r/f5r/fp given, 1x1 reductions come before the 3x3 and 5x5 and after the pool,
    which is what makes GoogLeNet affordable.
    """
    from keras import layers

    init: _ConvInit = {"kernel_initializer": kernel_initializer, "batch_norm": batch_norm}
    b1 = conv_block(x, f1, 1, name=f"{name}_1x1", **init)
    b3 = conv_block(x, f3r, 1, name=f"{name}_3x3_reduce", **init) if f3r else x
    b3 = conv_block(b3, f3, 3, name=f"{name}_3x3", **init)
    b5 = conv_block(x, f5r, 1, name=f"{name}_5x5_reduce", **init) if f5r else x
    b5 = conv_block(b5, f5, 5, name=f"{name}_5x5", **init)
    bp = layers.MaxPooling2D(3, strides=1, padding="same", name=f"{name}_pool")(x)
    if fp:
        bp = conv_block(bp, fp, 1, name=f"{name}_pool_proj", **init)
    return layers.Concatenate(name=f"{name}_concat")([b1, b3, b5, bp])


def _module_head(x: Any, num_classes: int | None, kernel_initializer: str) -> Any:
    """A module alone, or followed by GlobalAveragePooling + softmax when classes are asked for."""
    from keras import layers

    if num_classes is None:
        return x
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    return classifier_head(x, num_classes, kernel_initializer=kernel_initializer)


@_register(
    name="inception_naive",
    params=387_296,
    title="Inception module (naive)",
    input_shape=(28, 28, 192),
    num_classes=None,
)
def _inception_naive(x: Any, num_classes: int | None, *, kernel_initializer: str = "glorot_uniform",
                     batch_norm: bool = False, dropout: float = 0.0) -> Any:
    f = INCEPTION_3A
    x = inception_module(x, f1=f["f1"], f3=f["f3"], f5=f["f5"], name="inception",
                         kernel_initializer=kernel_initializer, batch_norm=batch_norm)
    return _module_head(x, num_classes, kernel_initializer)


@_register(
    name="inception_reduced",
    params=163_696,
    title="Inception module (with 1x1 reductions)",
    input_shape=(28, 28, 192),
    num_classes=None,
)
def _inception_reduced(x: Any, num_classes: int | None, *, kernel_initializer: str = "glorot_uniform",
                       batch_norm: bool = False, dropout: float = 0.0) -> Any:
    x = inception_module(x, **INCEPTION_3A, name="inception",
                         kernel_initializer=kernel_initializer, batch_norm=batch_norm)
    return _module_head(x, num_classes, kernel_initializer)


@_register(
    name="mini_googlenet",
    params=93_474,
    title="Mini GoogLeNet",
    input_shape=(28, 28, 1),
    num_classes=10,
    min_size=16,
    resize_to=32,
    defaults={"aux_heads": False, "dropout": 0.4},
)
def _mini_googlenet(x: Any, num_classes: int, *, aux_heads: bool, dropout: float,
                    kernel_initializer: str = "glorot_uniform", batch_norm: bool = False) -> Any:
    from keras import layers

    init: _ConvInit = {"kernel_initializer": kernel_initializer, "batch_norm": batch_norm}
    x = conv_block(x, 32, 3, name="stem_conv", **init)
    x = layers.MaxPooling2D(2, name="stem_pool")(x)
    x = inception_module(x, f1=16, f3r=16, f3=32, f5r=8, f5=8, fp=8, name="inc3a", **init)
    x = inception_module(x, f1=32, f3r=24, f3=48, f5r=8, f5=16, fp=16, name="inc3b", **init)
    x = layers.MaxPooling2D(2, name="pool3")(x)
    x = inception_module(x, f1=48, f3r=24, f3=56, f5r=8, f5=16, fp=16, name="inc4a", **init)
    aux = [_aux_head(x, num_classes, "aux1", kernel_initializer)] if aux_heads else []
    x = inception_module(x, f1=48, f3r=32, f3=64, f5r=8, f5=24, fp=24, name="inc4b", **init)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = _dropout(x, dropout, "dropout")
    main = classifier_head(x, num_classes, kernel_initializer=kernel_initializer)
    return [main, *aux] if aux else main


AUX_LOSS_WEIGHT = 0.3


def _aux_head(x: Any, num_classes: int, name: str, kernel_initializer: str) -> Any:
    """GoogLeNet's auxiliary classifier: avg-pool → 1x1 conv → FC → FC → softmax."""
    from keras import layers

    x = layers.AveragePooling2D(5, strides=3, padding="same", name=f"{name}_pool")(x)
    x = layers.Conv2D(64, 1, activation="relu", kernel_initializer=kernel_initializer, name=f"{name}_conv")(x)
    x = layers.Flatten(name=f"{name}_flatten")(x)
    x = layers.Dense(128, activation="relu", kernel_initializer=kernel_initializer, name=f"{name}_fc")(x)
    x = layers.Dropout(0.7, name=f"{name}_dropout")(x)
    return layers.Dense(num_classes, activation="softmax", kernel_initializer=kernel_initializer, name=name)(x)


# --- ResNet ------------------------------------------------------------------


def residual_module(
    x: Any, filters: int, *, name: str, kernel_initializer: str = "glorot_uniform", batch_norm: bool = False,
    projection_activation: str | None = None, skip: bool = True,
) -> Any:
    """Conv3x3 (relu) → Conv3x3 (linear), added to the input, then ReLU.

    When the channel counts differ, a 1x1 convolution projects the input so the shapes match for the Add.
    The ResNet paper's projection is linear (He et al. 2015, option B): `projection_activation=None`, the
    default; the course notes' module puts a ReLU after it (`"relu"`). Neither changes the parameter count.
    `skip=False` leaves the shortcut out (Conv → Conv → ReLU, no Add): the plain network it is compared with.
    """
    from keras import layers

    init: _ConvInit = {"kernel_initializer": kernel_initializer, "batch_norm": batch_norm}
    if not skip:
        y = conv_block(x, filters, 3, name=f"{name}_conv1", **init)
        y = conv_block(y, filters, 3, name=f"{name}_conv2", activation=None, **init)
        return layers.Activation("relu", name=f"{name}_relu")(y)
    shortcut = x
    if x.shape[-1] != filters:
        shortcut = conv_block(x, filters, 1, name=f"{name}_projection", activation=projection_activation,
                              **init)
    y = conv_block(x, filters, 3, name=f"{name}_conv1", **init)
    y = conv_block(y, filters, 3, name=f"{name}_conv2", activation=None, **init)
    y = layers.Add(name=f"{name}_add")([y, shortcut])
    return layers.Activation("relu", name=f"{name}_relu")(y)


COURSE_NOTES_PROJECTION = "relu"  # the course notes' module: ReLU after the 1x1 projection


@_register(
    name="residual_block",
    params=38_976,
    title="Residual module",
    input_shape=(256, 256, 3),
    num_classes=None,
    defaults={"filters": 64},
)
def _residual_block(x: Any, num_classes: int | None, *, filters: int, kernel_initializer: str = "glorot_uniform",
                    batch_norm: bool = False, dropout: float = 0.0) -> Any:
    x = residual_module(x, filters, name="res", kernel_initializer=kernel_initializer, batch_norm=batch_norm,
                        projection_activation=COURSE_NOTES_PROJECTION)
    return _module_head(x, num_classes, kernel_initializer)


MAX_BLOCKS_PER_STAGE = 8  # mini_resnet's depth option: 1 (the registered model) to 8 modules per stage


@_register(
    name="mini_resnet",
    params=307_402,
    title="Mini ResNet",
    input_shape=(28, 28, 1),
    num_classes=10,
    min_size=8,
    resize_to=28,
    defaults={"dropout": 0.0, "skips": True, "blocks_per_stage": 1},
)
def _mini_resnet(x: Any, num_classes: int, *, dropout: float, kernel_initializer: str = "he_normal",
                 batch_norm: bool = False, skips: bool = True, blocks_per_stage: int = 1) -> Any:
    """Stem, three stages of residual modules (32, 64, 128 filters), GAP, softmax.

    `skips=False` builds the same network without its shortcuts; `blocks_per_stage` > 1 makes it deeper
    (modules named res1a, res1b, …), for the vanishing-gradient comparison.
    """
    from keras import layers

    if not 1 <= int(blocks_per_stage) <= MAX_BLOCKS_PER_STAGE:
        raise ModelError(key="error.module_depth", value=blocks_per_stage, most=MAX_BLOCKS_PER_STAGE)
    init: _ConvInit = {"kernel_initializer": kernel_initializer, "batch_norm": batch_norm}
    x = conv_block(x, 32, 3, name="stem_conv", **init)
    for stage, filters in enumerate((32, 64, 128), start=1):
        for block in range(int(blocks_per_stage)):
            name = f"res{stage}" if blocks_per_stage == 1 else f"res{stage}{chr(ord('a') + block)}"
            x = residual_module(x, filters, name=name, projection_activation=None, skip=skips, **init)
        if stage < 3:
            x = layers.MaxPooling2D(2, name=f"pool{stage}")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = _dropout(x, dropout, "dropout")
    return classifier_head(x, num_classes, kernel_initializer=kernel_initializer)
