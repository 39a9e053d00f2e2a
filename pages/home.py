"""Home: what cnnviz is, which page answers which question, and the model zoo."""

from __future__ import annotations

import streamlit as st

from cnnviz import zoo
from pages._shared import t

st.title(t("app.title"))
st.write(t("app.tagline"))
st.markdown(t("home.what"))

st.subheader(t("home.tour"))
for page in ("architecture", "train", "weights", "kernels", "feature_maps", "evaluate"):
    st.markdown(f"- **{t('nav.' + page)}** — {t('home.tour.' + page)}")

st.subheader(t("home.zoo"))
st.dataframe(
    [
        {
            t("col.model"): spec.title,
            t("col.name"): spec.name,
            t("col.input"): "×".join(map(str, spec.input_shape)),
            t("col.params"): f"{spec.params:,}" if spec.params else "",
            t("col.description"): spec.description,
            t("col.teaches"): spec.teaches,
        }
        for spec in zoo.list_models()
    ],
    hide_index=True,
    width="stretch",
)
st.caption(t("home.zoo_caption"))
