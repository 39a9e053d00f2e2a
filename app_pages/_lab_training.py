"""Placeholder: filled in by its owner."""

import streamlit as st


def initialisers() -> None:
    st.info("…")


def freezing() -> None:
    st.info("…")
