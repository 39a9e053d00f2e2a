"""Weights: per-layer histograms with mean and spread, trained beside untrained, and their evolution."""

from __future__ import annotations

import streamlit as st

from app_state import present, replay, shared
from app_state.shared import t
from cnnviz.analysis import weights
from cnnviz.draw import render

st.title(t("nav.weights"))
current = shared.current_model()
if current is None:
    st.stop()
current = replay.epoch_ui(current)  # the model at the chosen epoch, when the checkpoint kept a replay
rows = shared.layer_rows(current)
names = weights.weight_layers(current.model)
if not names:
    st.warning(t("error.no_weights"))
    st.stop()

left, right = st.columns([2, 5])
with right:
    layer = shared.pick("w.layer", names, "layer")
    trained_parts = weights.kernels(current.model, layer)
    fresh_parts = weights.fresh_kernels(current.model, layer)
    now_label = replay.now_label(current, t("w.trained"), t("w.current"))
    for part, trained in trained_parts.items():  # a separable convolution has a depthwise and a pointwise part
        fresh = fresh_parts[part]
        if len(trained_parts) > 1:
            st.subheader(t(f"kern.part_{part}"))
        value_range = weights.shared_range(trained, fresh)
        series = {now_label: weights.histogram(trained, value_range=value_range),
                  t("w.fresh"): weights.histogram(fresh, value_range=value_range)}
        figure = render.histogram_figure({k: (h.counts, h.edges) for k, h in series.items()},
                                         x_title=t("w.value"), y_title=t("w.count"))
        with present.focus("histogram") if part == "kernel" else st.container():
            present.chart(figure, key="histogram" if part == "kernel" else f"histogram_{part}")
            columns = st.columns(2)
            for column, label, values in ((columns[0], now_label, trained), (columns[1], t("w.fresh"), fresh)):
                s = weights.stats(values)
                column.markdown(t("w.stats", label=label, mean=f"{s.mean:.4f}", std=f"{s.std:.4f}",
                                  min=f"{s.min:.3f}", max=f"{s.max:.3f}", count=f"{s.count:,}"))
        suffix = "" if part == "kernel" else f"_{part}"
        shared.download_csv(weights.histogram_csv(series), f"{layer.replace('/', '_')}{suffix}_histogram")
    shared.explain("w.explain")
    if replay.epoch_of(current) is not None:
        shared.explain("replay.explain_weights")

    evolution = weights.snapshot_evolution(current.metadata.snapshots if current.metadata else [], layer)
    st.subheader(t("w.evolution"))
    if evolution is None:
        st.info(t("w.no_snapshots"))
    else:
        epochs, counts, edges = evolution
        present.chart(render.histogram_evolution(epochs, counts, edges, x_title=t("w.value"),
                                                 y_title=t("w.epoch"), count_title=t("w.count")),
                      key="evolution")
        shared.explain("w.explain_evolution")
with left:
    shared.diagram(rows, layer)
