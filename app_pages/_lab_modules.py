"""Placeholder: filled in by its owner."""

import streamlit as st


def inception() -> None:
    st.info("…")


def residual() -> None:
    st.info("…")
