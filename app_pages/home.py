"""Home: what cnnviz is, which page answers which question, and the model zoo."""

from __future__ import annotations

import streamlit as st

from app_state import shared
from app_state.shared import t
from cnnviz.core.text import literal
from cnnviz.models import zoo
from cnnviz.train import story

st.title(t("app.title"))
st.write(t("app.tagline"))
st.markdown(t("home.what"))

st.subheader(t("home.tour"))
for page in ("architecture", "train", "weights", "kernels", "feature_maps", "explain", "evaluate", "computation",
             "labs", "compare", "embedding", "filters"):
    st.markdown(f"- **{t('nav.' + page)}** — {t('home.tour.' + page)}")

st.subheader(t("home.zoo"))
st.dataframe(
    [
        {
            t("col.model"): spec.title,
            t("col.name"): spec.name,
            t("col.input"): "×".join(map(str, spec.input_shape)),
            t("col.params"): f"{spec.params:,}" if spec.params else "",
            t("col.description"): zoo.text(spec.name, "description", shared.lang()),
            t("col.teaches"): zoo.text(spec.name, "teaches", shared.lang()),
        }
        for spec in zoo.list_models()
    ],
    hide_index=True,
    width="stretch",
)
st.caption(t("home.zoo_caption"))

st.subheader(t("home.checkpoints"))
infos = shared.available_checkpoints()
if not infos:
    st.info(t("home.no_checkpoints"))
for column, info in zip(st.columns(3) * ((len(infos) + 2) // 3), infos, strict=False):
    meta = info.metadata
    with column.container(border=True):
        name = shared.checkpoint_label(info)  # a run: its title
        st.markdown(f"**📦 {literal(name)}**", help=shared.full_name(name))
        accuracy = meta.final_metrics.get("test_accuracy")
        st.metric(t("col.accuracy"), f"{accuracy:.1%}" if isinstance(accuracy, float) else "—")
        st.caption(t("home.card", model=meta.model_name or "?", dataset=meta.dataset or "?",
                     epochs=len(meta.history.get("loss", [])), size=f"{info.size_bytes / 1e6:.1f}"))
        told = story.story_of(meta)
        if told is not None:
            st.caption(shared.phrase(told))
        st.button(t("home.explore"), key=f"explore-{info.name}", on_click=shared.explore, args=(f"ckpt:{info.name}",))
