"""Kernels: the filters of a convolution layer as pictures, trained beside freshly initialised.

A separable convolution has two parts (depthwise, then pointwise), each drawn on its own.
"""

from __future__ import annotations

import streamlit as st

from app_state import present, replay, shared
from app_state.shared import t
from cnnviz.analysis import weights
from cnnviz.draw import describe, render

st.title(t("nav.kernels"))
current = shared.current_model()
if current is None:
    st.stop()
current = replay.epoch_ui(current)  # the model at the chosen epoch, when the checkpoint kept a replay
rows = shared.layer_rows(current)
conv_names = weights.kernel_layers(current.model)
if not conv_names:
    st.warning(t("error.no_conv"))
    st.stop()

left, right = st.columns([2, 5])
with right:
    layer = shared.pick("kern.layer", conv_names, "layer")
    trained_parts = weights.kernels(current.model, layer)
    fresh_parts = weights.fresh_kernels(current.model, layer)
    for part, trained in trained_parts.items():
        fresh = fresh_parts[part]
        if len(trained_parts) > 1:
            st.subheader(t(f"kern.part_{part}"))
        kh, kw, channels_in, filters = trained.shape
        modes = weights.drawing_modes(part, trained.shape)
        mode = modes[0]
        if len(modes) > 1:
            mode = st.radio(t("kern.mode"), modes, horizontal=True, format_func=lambda m: t(f"kern.mode_{m}"),
                            key="kern_mode" if part == "kernel" else f"kern_mode_{part}")
        channel = 0
        if mode == "channel":
            channel = st.slider(t("kern.channel"), 0, channels_in - 1, 0, key=f"kern_channel_{part}")
        limit = weights.shared_range(trained, fresh)[1]
        now, before = (present.focus("kernels") if part == "kernel" else st.container()).columns(2)
        now_label = replay.now_label(current, t("kern.trained"), t("kern.current"))
        epoch = replay.epoch_of(current)
        now_tag = "now" if epoch is None else f"epoch{epoch}"
        for column, kernels, label, tag in ((now, trained, now_label, now_tag),
                                            (before, fresh, t("kern.fresh"), "fresh")):
            with column:
                grid = render.kernel_grid(kernels, mode, channel, limit)
                st.image(grid, caption=label,  # the labels are the code's own words and numbers: plain text
                         alt=describe.kernels(kernels, layer, label, shared.lang(), mode, channel, limit))
                shared.download_png(grid, f"{layer.replace('/', '_')}_{part}_{tag}", key=f"png-{part}-{tag}")
        if mode == "depthwise":
            st.caption(t("kern.caption_depthwise", count=channels_in * filters, kh=kh, kw=kw,
                         multiplier=filters, channels=channels_in, limit=f"{limit:.3f}"))
        elif mode == "matrix":
            st.caption(t("kern.caption_matrix", channels=channels_in, filters=filters, limit=f"{limit:.3f}"))
        else:
            st.caption(t("kern.caption", filters=filters, kh=kh, kw=kw, channels=channels_in,
                         limit=f"{limit:.3f}"))
    shared.explain("kern.explain")
    if replay.epoch_of(current) is not None:
        shared.explain("replay.explain_kernels")
    if not current.trained:
        st.info(t("kern.untrained_note"))
with left:
    shared.diagram(rows, layer)
