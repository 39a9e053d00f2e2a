"""Kernels: the filters of a convolution layer as pictures, trained beside freshly initialised."""

from __future__ import annotations

import streamlit as st

from cnnviz import render, weights
from app_pages import _shared as shared
from app_pages._shared import t

st.title(t("nav.kernels"))
current = shared.current_model()
if current is None or not shared.needs_conv(current):
    st.stop()
rows = shared.layer_rows(current)
conv_names = weights.conv_layers(current.model)

left, right = st.columns([2, 5])
with right:
    layer = shared.pick("kern.layer", conv_names, "layer")
    trained = weights.kernel(current.model, layer)
    fresh = weights.fresh_kernel(current.model, layer)
    kh, kw, channels_in, filters = trained.shape
    modes = (["rgb"] if channels_in == 3 else []) + ["mean", "channel"]
    mode = st.radio(t("kern.mode"), modes, horizontal=True, format_func=lambda m: t(f"kern.mode_{m}"), key="kern_mode")
    channel = 0
    if mode == "channel":
        channel = st.slider(t("kern.channel"), 0, channels_in - 1, 0)
    limit = weights.shared_range(trained, fresh)[1]
    now, before = st.columns(2)
    for column, kernels, label in ((now, trained, "kern.trained" if current.trained else "kern.current"),
                                   (before, fresh, "kern.fresh")):
        with column:
            grid = render.kernel_grid(kernels, mode, channel, limit)
            st.image(grid, caption=t(label))
            shared.download_png(grid, f"{layer.replace('/', '_')}_{label.split('.')[-1]}", key=f"png-{label}")
    st.caption(t("kern.caption", filters=filters, kh=kh, kw=kw, channels=channels_in, limit=f"{limit:.3f}"))
    shared.explain("kern.explain")
    if not current.trained:
        st.info(t("kern.untrained_note"))
with left:
    shared.diagram(rows, layer)
