"""Figures the Architecture page's lessons quote, measured on models built at their classic shapes.

Nothing here is typed by hand: each number is read off a built Keras model (`cnnviz.zoo`) or its
layer table (`cnnviz.arch`), and cached, since building costs a second or so.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from cnnviz.models import arch, zoo


@dataclass(frozen=True)
class InceptionComparison:
    """GoogLeNet's 3a module without and with 1x1 reductions, at the classic 28x28x192 input."""

    input_channels: int
    reduce_3x3: int
    reduce_5x5: int
    pool_projection: int
    naive_params: int
    reduced_params: int
    naive_channels: int  # output channels of the concatenation
    reduced_channels: int

    @property
    def param_ratio(self) -> float:
        """The reduced module's parameters as a fraction of the naive module's."""
        return self.reduced_params / self.naive_params


@functools.lru_cache(maxsize=1)
def inception_comparison() -> InceptionComparison:
    """Both Inception modules built at their classic shape and measured (cached: built once per process)."""
    naive, reduced = zoo.build_model("inception_naive"), zoo.build_model("inception_reduced")
    rows = {row.name: row for row in arch.layer_table(reduced)}
    return InceptionComparison(
        input_channels=int(reduced.input_shape[-1]),
        reduce_3x3=_channels(rows["inception_3x3_reduce"]),
        reduce_5x5=_channels(rows["inception_5x5_reduce"]),
        pool_projection=_channels(rows["inception_pool_proj"]),
        naive_params=naive.count_params(),
        reduced_params=reduced.count_params(),
        naive_channels=int(naive.output_shape[-1]),
        reduced_channels=int(reduced.output_shape[-1]),
    )


def _channels(row: arch.LayerInfo) -> int:
    """The channel count of a layer's output (last axis), which a built model always knows."""
    channels = row.output_shape[-1]
    if channels is None:
        raise ValueError(f"layer {row.name!r} has an unknown channel count: {row.output_shape}")
    return int(channels)


@dataclass(frozen=True)
class ResidualSummary:
    """The residual_block module at its classic shape: the figures the skip-connection lesson quotes."""

    input_shape: tuple[int, ...]
    filters: int
    params: int
    projection_params: int
    projection_formula: str
    projection_activation: str  # "relu" (course notes) or "linear" (the ResNet paper)


@functools.lru_cache(maxsize=1)
def residual_summary() -> ResidualSummary:
    """residual_block built at its classic shape and measured (cached)."""
    model = zoo.build_model("residual_block")
    projection = next(row for row in arch.layer_table(model) if row.name == "res_projection")
    return ResidualSummary(
        input_shape=tuple(int(d) for d in model.input_shape[1:]),
        filters=int(model.output_shape[-1]),
        params=model.count_params(),
        projection_params=projection.params,
        projection_formula=projection.param_formula,
        projection_activation=projection.activation or "linear",
    )
