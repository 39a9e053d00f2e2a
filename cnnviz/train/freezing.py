"""The freezing lab: how much of VGG16's pretrained base to keep fixed when transferring it.

`vgg16_transfer` (`cnnviz.zoo`) is VGG16's convolutional base (five blocks, 14,714,688 parameters) under a
new classifier. `freeze_plan(model, k)` returns a copy whose first k blocks are frozen (0: everything
trains, 5: only the head does); `trainable_counts` says what each plan leaves to train, and
`compare_freezing` trains each plan briefly with the app's recipe (`cnnviz.training.train`) from the same
starting weights, timing every epoch.

Offline, Keras cannot download the ImageNet weights and `zoo.build_model` falls back to random ones with
an `OfflineWeightsWarning`; `zoo.missing_weights_note` says so before a run (as on the Train page) and the
runs say so after (`FreezeRun.random_weights`, from `zoo.build_noting_weights`), since a frozen random base
is a fixed random projection, not a feature extractor. `QUADRANT` holds the transfer-learning chapter's
advice (data size × similarity to ImageNet), its text in `cnnviz.core.i18n`. No Streamlit here.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnnviz import data
from cnnviz.core import i18n
from cnnviz.core.errors import ModelError, TrainingError
from cnnviz.models import zoo
from cnnviz.train.initialisers import overlaid_curves

if TYPE_CHECKING:
    import keras
    import pandas as pd
    import plotly.graph_objects as go

MODEL = "vgg16_transfer"
BLOCKS = 5
VGG16_BASE_PARAMS = 14_714_688  # Simonyan & Zisserman's 13 conv layers (Keras's VGG16, include_top=False)
DEFAULT_PLANS = (0, 3, 5)
MAX_EPOCHS = 3
BATCH_SIZE = 32
LEARNING_RATE = 1e-4  # fine-tuning: small steps, so the pretrained features are not wiped out at once

# Measured on the 2-core reference server (nothing frozen, 28×28 grey images resized to 32×32×3, batches of
# 32): 13.8 s for the first epoch of 300 images, 9.8 s for the second; building, testing and saving a plan
# took about 8 s more. Only for the estimate shown before training; the runs time themselves.
SECONDS_PER_IMAGE_EPOCH = 0.046
SECONDS_PER_PLAN = 8.0

# (data size, similarity to ImageNet) → frozen blocks the chapter's advice suggests, and its i18n key
QUADRANT: dict[tuple[str, str], tuple[int, str]] = {
    ("small", "similar"): (5, "lab.freeze.q_small_similar"),
    ("small", "different"): (3, "lab.freeze.q_small_different"),
    ("large", "similar"): (3, "lab.freeze.q_large_similar"),
    ("large", "different"): (0, "lab.freeze.q_large_different"),
}


@dataclass(frozen=True)
class ParamCounts:
    """Parameters a plan trains and keeps fixed."""

    trainable: int
    non_trainable: int

    @property
    def total(self) -> int:
        """All parameters of the model."""
        return self.trainable + self.non_trainable


@dataclass(frozen=True)
class FreezeRun:
    """One plan trained briefly: what it trained, its per-epoch history and the time each epoch took."""

    frozen_blocks: int
    counts: ParamCounts
    trainable_conv_layers: tuple[str, ...]
    history: dict[str, list[float]]
    seconds: tuple[float, ...]  # per epoch; the first includes building the training graph
    random_weights: bool

    @property
    def final_val_accuracy(self) -> float:
        """Validation accuracy after the last epoch."""
        return float(self.history["val_accuracy"][-1])


def vgg_base(model: keras.Model) -> keras.Model:
    """The nested VGG16 base of a `vgg16_transfer` model (a ModelError for any other model)."""
    import keras

    for layer in model.layers:
        if isinstance(layer, keras.Model) and layer.name.startswith("vgg16"):
            return layer
    raise ModelError(key="error.lab_no_vgg", name=model.name)


def block_of(layer_name: str) -> int | None:
    """The VGG block (1–5) a base layer belongs to ("block3_conv2" → 3), None for the input layer."""
    head = layer_name.split("_", 1)[0]
    return int(head[5:]) if head.startswith("block") and head[5:].isdigit() else None


def freeze_plan(model: keras.Model, frozen_blocks: int) -> keras.Model:
    """A copy of `model` (same weights) with its base's first `frozen_blocks` blocks frozen."""
    import keras

    if not 0 <= frozen_blocks <= BLOCKS:
        raise ModelError(key="error.lab_freeze_blocks", value=frozen_blocks, most=BLOCKS)
    vgg_base(model)  # a clear message before cloning anything else
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    copy.trainable = True
    base = vgg_base(copy)
    base.trainable = True  # Keras 3 does not pass `trainable` on to a nested model: set it, then each layer
    for layer in base.layers:
        block = block_of(layer.name)
        layer.trainable = block is None or block > frozen_blocks
    return copy


def trainable_counts(model: keras.Model) -> ParamCounts:
    """Trainable and non-trainable parameters, summed over the model's weight variables."""
    def size(variables: Sequence[keras.Variable]) -> int:
        return sum(int(v.numpy().size) for v in variables)

    return ParamCounts(size(model.trainable_weights), size(model.non_trainable_weights))


def conv_layers(model: keras.Model) -> tuple[str, ...]:
    """Every Conv2D layer of the base (13 in VGG16)."""
    import keras

    return tuple(layer.name for layer in vgg_base(model).layers if isinstance(layer, keras.layers.Conv2D))


def trainable_conv_layers(model: keras.Model) -> tuple[str, ...]:
    """The base's Conv2D layers that will train under the model's current flags."""
    import keras

    base = vgg_base(model)
    return tuple(layer.name for layer in base.layers
                 if isinstance(layer, keras.layers.Conv2D) and layer.trainable and base.trainable)


def starting_model(dataset: data.Dataset, weights: str | None = "imagenet", seed: int = 0
                   ) -> tuple[keras.Model, bool]:
    """`vgg16_transfer` for the dataset and whether its base has random weights (asked for, or offline)."""
    import keras

    keras.utils.set_random_seed(seed)
    model, offline = zoo.build_noting_weights(MODEL, dataset.input_shape, dataset.num_classes, weights=weights)
    return model, weights is None or offline


def expected_seconds(plans: int, epochs: int, images: int) -> float:
    """A rough estimate of a comparison's wall time on the reference server (an upper bound per plan)."""
    return plans * (SECONDS_PER_PLAN + epochs * images * SECONDS_PER_IMAGE_EPOCH)


def compare_freezing(dataset: data.Dataset, plans: Sequence[int] = DEFAULT_PLANS, epochs: int = 1,
                     seed: int = 0, limit: int | None = 300, weights: str | None = "imagenet", *,
                     batch_size: int = BATCH_SIZE, learning_rate: float = LEARNING_RATE,
                     progress: Callable[[int, int], None] | None = None) -> list[FreezeRun]:
    """Each plan trained `epochs` epochs from the same starting weights, with its counts and epoch times.

    `progress(done, frozen_blocks)` is called before each plan.
    """
    from cnnviz.train import training

    if not 1 <= epochs <= MAX_EPOCHS:
        raise TrainingError(key="error.lab_epochs", value=epochs, most=MAX_EPOCHS)
    if not plans:
        raise TrainingError(key="error.lab_no_plans")
    start, random_weights = starting_model(dataset, weights, seed)
    runs = []
    for done, blocks in enumerate(plans):
        if progress is not None:
            progress(done, blocks)
        plan = freeze_plan(start, blocks)
        config = training.TrainConfig(
            model_name=MODEL, dataset=dataset.name, learning_rate=learning_rate, batch_size=batch_size,
            epochs=epochs, early_stopping=False, checkpoint_best=False, seed=seed, limit=limit)
        with tempfile.TemporaryDirectory(prefix="cnnviz-freeze-") as folder:
            result = training.train(config, folder, dataset=dataset, base_model=plan, name="lab")
        history = {key: list(values) for key, values in result.history.history.items()}
        runs.append(FreezeRun(blocks, trainable_counts(plan), trainable_conv_layers(plan), history,
                              tuple(history.get("seconds", ())), random_weights))
    return runs


# --- text and figures -----------------------------------------------------------------------------------


def plan_label(frozen_blocks: int, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """"all trainable", "blocks 1–3 frozen" or "whole base frozen", in `lang`."""
    if frozen_blocks == 0:
        return i18n.t("lab.freeze.plan_none", lang)
    if frozen_blocks == BLOCKS:
        return i18n.t("lab.freeze.plan_all", lang)
    return i18n.t("lab.freeze.plan_some", lang, blocks=frozen_blocks)


def quadrant_table(lang: str = i18n.DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The 2×2 advice: rows similarity to ImageNet, columns data size, each cell the advice and its plan."""
    import pandas as pd

    def cell(size: str, similarity: str) -> str:
        blocks, key = QUADRANT[size, similarity]
        return f"{i18n.t(key, lang)} → {plan_label(blocks, lang)}"

    cells = {i18n.t(f"lab.freeze.size_{size}", lang): {
        i18n.t(f"lab.freeze.similarity_{similarity}", lang): cell(size, similarity)
        for similarity in ("similar", "different")} for size in ("small", "large")}
    return pd.DataFrame(cells)


def curves_figure(runs: Sequence[FreezeRun], metric: str, lang: str = i18n.DEFAULT_LANGUAGE) -> go.Figure:
    """Validation `metric` per epoch, one line per plan."""
    fig = overlaid_curves({plan_label(run.frozen_blocks, lang): run.history for run in runs}, metric, lang)
    return fig
