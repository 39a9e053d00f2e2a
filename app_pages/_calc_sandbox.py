"""Placeholder: filled in by its owner."""

import streamlit as st


def show() -> None:
    st.info("…")
