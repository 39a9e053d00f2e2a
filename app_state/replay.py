"""The epoch slider: Weights, Kernels, Feature maps and Explain replayed at any epoch of the training.

`epoch_ui(current)` draws a toggle, a slider over the epochs the checkpoint kept (`cnnviz.replay`) and a
play button, and returns the model to show: the current one, or its twin holding epoch k's weights, with its
own content key (``KEY@epochK``) so every cache keyed on `CurrentModel.key` keeps the epochs apart. The twins
are built once (a clone of the cached model, which is never changed) and kept under a byte budget.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from app_state import uploads
from app_state.cache import epoch_twins, replay_epochs
from app_state.current import CurrentModel, available_checkpoints, checkpoint_key
from app_state.text import message, t
from app_state.view import keep_valid
from cnnviz.core import budget
from cnnviz.core.errors import CnnvizError
from cnnviz.train import checkpoints, replay

PLAY_SECONDS = 1.5  # between two epochs while playing
MARK = "@epoch"


def _source(current: CurrentModel) -> str | bytes | None:
    """Where the current model's replay is: its checkpoint file, the uploaded bytes, or nowhere (zoo)."""
    if current.key.startswith("ckpt:"):
        found = (i for i in available_checkpoints() if checkpoint_key(i) == current.key)
        info = next(found, None)
        return str(info.path) if info else None
    upload = uploads.get("model")
    if current.key.startswith("upload:") and upload is not None:
        return upload.getvalue() if f"upload:{upload.digest}" == current.key else None
    return None


def _twin(current: CurrentModel, source: str | bytes, epoch: int) -> CurrentModel:
    """`current` with epoch `epoch`'s weights, built once per model and epoch."""
    key = f"{current.key}{MARK}{epoch}"

    def build() -> object:
        return checkpoints.model_at_epoch(source, epoch, base=current.model)

    model = epoch_twins().get(key)
    if model is None:
        with st.spinner(t("replay.loading", epoch=epoch)):
            model = build()
        epoch_twins().put(key, model, replay.weights_bytes(model.get_weights()))
    label = t("replay.at_epoch", epoch=epoch)
    return dataclasses.replace(current, key=key, model=model, label=f"{current.label} · {label}")


def epoch_of(current: CurrentModel) -> int | None:
    """The epoch a model returned by `epoch_ui` holds; None for the saved model itself."""
    base, mark, epoch = current.key.rpartition(MARK)
    return int(epoch) if mark and epoch.isdigit() else None


def base_key(current: CurrentModel) -> str:
    """The content key of the saved model behind an epoch twin (the key itself for any other model)."""
    return current.key.rpartition(MARK)[0] if epoch_of(current) is not None else current.key


def now_label(current: CurrentModel, trained: str, untrained: str) -> str:
    """How a page names the weights it shows: "Epoch k", else its label for trained or untrained ones."""
    epoch = epoch_of(current)
    if epoch is not None:
        return t("replay.at_epoch", epoch=epoch)
    return trained if current.trained else untrained


def epoch_ui(current: CurrentModel) -> CurrentModel:
    """The replay's toggle, slider and play button; the model at the chosen epoch (else `current`)."""
    meta = current.metadata
    source = _source(current)
    epochs = replay_epochs(current.key, source) if source is not None else ()
    if not epochs:
        _why_none(meta)
        st.session_state.pop("epoch", None)
        return current
    if "_epoch_next" in st.session_state:  # the play button's step, set before the slider exists
        st.session_state["epoch"] = st.session_state.pop("_epoch_next")
    keep_valid("epoch", epochs)
    if not st.toggle(t("replay.toggle"), value="epoch" in st.session_state, key="_replay_on",
                     help=t("replay.toggle_help", count=len(epochs), last=epochs[-1])):
        st.session_state.pop("epoch", None)
        st.session_state.pop("_replay_playing", None)
        return current
    if "epoch" not in st.session_state:
        st.session_state["epoch"] = epochs[0]
    slider, play = st.columns([5, 1], vertical_alignment="bottom")
    with slider:
        epoch = st.select_slider(t("replay.slider"), options=list(epochs), key="epoch",
                                 help=t("replay.slider_help"))
    with play:
        playing = st.session_state.get("_replay_playing", False)
        if st.button(t("replay.pause") if playing else t("replay.play"), key="_replay_play"):
            playing = not playing
            if playing and epoch == epochs[-1]:  # from the end: start again at epoch 0
                st.session_state["_epoch_next"] = epochs[0]
            st.session_state["_replay_playing"] = playing
            st.rerun()
    _caption(meta, epochs, int(epoch))
    if playing:
        _player(list(epochs))
    try:
        return _twin(current, source, int(epoch))
    except CnnvizError as err:
        st.error(message(err))
        return current


def _why_none(meta: checkpoints.Metadata | None) -> None:
    """A caption saying why a trained checkpoint has no replay (its model is too big, or it is older)."""
    if meta is None:
        return
    info = meta.replay
    if info.get("kept") is False and int(info.get("bytes_per_epoch") or 0) > int(info.get("budget") or 0):
        st.caption(t("replay.too_big", size=budget.megabytes(int(info["bytes_per_epoch"])),
                     budget=budget.megabytes(int(info["budget"]))))
    elif meta.history:
        st.caption(t("replay.none"))


def _caption(meta: checkpoints.Metadata | None, epochs: tuple[int, ...], epoch: int) -> None:
    """Epoch k of n, that epoch's validation accuracy, and which epoch the saved model holds."""
    history = meta.history if meta else {}
    last = epochs[-1]
    if epoch == 0:
        text = t("replay.caption_start", last=last)
    else:
        accuracy = replay.validation_accuracy(history, epoch)
        text = t("replay.caption", epoch=epoch, last=last)
        if accuracy is not None:
            text += " " + t("replay.caption_accuracy", accuracy=f"{accuracy:.1%}")
    saved = replay.saved_epoch(history, meta.best_epoch if meta else None)
    if saved is not None:
        text += " " + t("replay.saved_best" if saved != last else "replay.saved_last", best=saved)
    if len(epochs) < last + 1:
        text += " " + t("replay.thinned", count=len(epochs), total=last + 1)
    st.caption(text)


def _player(epochs: list[int]) -> None:
    """While playing: every `PLAY_SECONDS`, the next epoch (the whole page reruns); stops at the last."""
    st.session_state["_replay_page_run"] = True

    @st.fragment(run_every=PLAY_SECONDS)
    def step() -> None:
        if st.session_state.pop("_replay_page_run", False) or not st.session_state.get("_replay_playing"):
            return  # the page's own run draws this fragment too: only its timed reruns step
        following = replay.next_epoch(epochs, st.session_state.get("epoch", epochs[0]))
        if following is None:
            st.session_state["_replay_playing"] = False
        else:
            st.session_state["_epoch_next"] = following
        st.rerun(scope="app")

    step()
