"""Uploaded files kept in the session: a page switch never drops the user's model, image set or picture.

Streamlit forgets a file uploader's file when a run does not draw it (another page, or the same widget drawn
afresh after a page switch). `uploader()` draws the widget and copies each new file into the session
(`_uploads`), from its change callback; removing the file in the widget forgets it. Pages read the kept file
with `get()`. Each kind keeps one file, within the uploader's own size limit, so a session holds at most one
model, one image set and one picture.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import streamlit as st

from app_state.text import t

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

STORE = "_uploads"
# kind -> the uploader's widget key (tests set files through these keys)
KINDS = {"model": "model_upload", "dataset": "dataset_upload", "image": "fm_upload"}


@dataclass(frozen=True)
class Upload:
    """A kept file: its name as uploaded, its bytes and their SHA-256 (what caches key on)."""

    name: str
    content: bytes = field(repr=False)
    digest: str

    def getvalue(self) -> bytes:
        """The file's bytes (the same call as Streamlit's UploadedFile)."""
        return self.content

    @property
    def size(self) -> int:
        """The file's size in bytes."""
        return len(self.content)

    @property
    def file_id(self) -> str:
        """One id per content."""
        return self.digest


def get(kind: str) -> Upload | None:
    """The file of `kind` ("model", "dataset", "image") this session uploaded, or None."""
    return st.session_state.get(STORE, {}).get(kind)


def forget(kind: str) -> None:
    """Drop the kept file of `kind` (button callback)."""
    st.session_state.get(STORE, {}).pop(kind, None)


def _keep(kind: str) -> None:
    """Change callback: the uploader's new file is kept; an emptied uploader forgets it."""
    file = st.session_state.get(KINDS[kind])
    store = st.session_state.setdefault(STORE, {})
    if file is None:
        store.pop(kind, None)
        return
    content = file.getvalue()
    store[kind] = Upload(file.name, content, hashlib.sha256(content).hexdigest())


def uploader(kind: str, label: str, types: list[str], where: DeltaGenerator | None = None,
             **kwargs: Any) -> Upload | None:
    """The file uploader for `kind` in `where` (the page or the sidebar), and the file kept for it.

    After a page switch the widget is empty while the file is still kept: a line says which file is in use,
    with a button to forget it.
    """
    where = where if where is not None else st.container()
    key = KINDS[kind]
    file = where.file_uploader(label, type=types, key=key, on_change=_keep, args=(kind,), **kwargs)
    kept = get(kind)
    if file is not None and (kept is None or kept.name != file.name or kept.size != file.size):
        _keep(kind)  # a file set without a change event (a test harness, or a restored widget)
        kept = get(kind)
    if file is None and kept is not None:
        line, button = where.columns([4, 1], vertical_alignment="center")
        line.caption(t("upload.kept", name=kept.name, size=f"{kept.size / 2**20:.1f}"))
        button.button(t("upload.forget"), key=f"forget_{kind}", on_click=forget, args=(kind,))
    return kept
