"""What this session shows: the model and dataset chosen in the sidebar, and the checkpoints to choose from.

Models and datasets load through `_cache`; an unusable choice is explained on the page and comes back as None.
A run trained in the app belongs to the browser that trained it (`owner`); others see it only once shared.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from app_state import uploads
from app_state.cache import (
    _cleaned,
    cached_rows,
    checkpoint_list,
    checkpoint_model,
    dataset,
    uploaded_model,
    zip_dataset,
    zoo_model,
)
from app_state.text import Markdown, lang, listing, message, show_once, t
from cnnviz import data
from cnnviz.core import text
from cnnviz.core.errors import CnnvizError
from cnnviz.models import zoo
from cnnviz.train import checkpoints, runs
from cnnviz.uploads import images

if TYPE_CHECKING:
    import keras

    from cnnviz.models import arch

ROOT = Path(__file__).resolve().parents[1]
CHECKPOINT_DIR = ROOT / "checkpoints"
UPLOAD = "upload"
FOLDER = "folder"  # the dataset choice "your own images", uploaded as a zip
RENAMES_SHOWN = 6  # layer renames listed by name (training.runnable); the count says how many in all
DEFAULT_CHECKPOINT = "fashion_cnn_fashion"  # the textbook's Fashion-MNIST CNN: the view at first launch


# --- who this session is, and the runs it may see ------------------------------------------------


def owner() -> str:
    """Who this session is, for its runs: the browser (its XSRF cookie, hashed), else this session alone.

    Tabs of one browser share their runs (and their one training slot); another browser never sees them.
    """
    if "_owner" not in st.session_state:
        cookie = st.context.cookies.get("_streamlit_xsrf") if st.context.cookies else None
        seed = _xsrf_token(cookie) or secrets.token_hex(16)
        st.session_state["_owner"] = hashlib.sha256(f"cnnviz-owner:{seed}".encode()).hexdigest()[:24]
    return st.session_state["_owner"]


def client_address() -> str:
    """Where this session connects from, for the per-address cap on trainings (`jobs.MAX_PER_ADDRESS`): the
    browser's IP address, or "" on this computer itself (and with no browser, as in AppTest).

    Behind a proxy (deploy/nginx.conf) it is still the browser's: Streamlit's web server (uvicorn) takes the
    address from X-Forwarded-For only on a connection from a trusted proxy (FORWARDED_ALLOW_IPS, by default
    this computer itself), so a header a browser makes up changes nothing. A proxy on another machine must be
    listed there, or every session counts as the proxy's address.
    """
    try:
        return st.context.ip_address or ""
    except Exception:  # noqa: BLE001 — outside a session: no address to count
        return ""


def _xsrf_token(cookie: str | None) -> str | None:
    """The token inside Streamlit's XSRF cookie "2|mask|masked token|time": the cookie is re-masked on every
    page load (and on every replica), the token stays."""
    parts = (cookie or "").strip("\"'").split("|")
    try:
        mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
    except (IndexError, ValueError):
        return cookie or None
    if parts[0] != "2" or not mask:
        return cookie or None
    return bytes(b ^ mask[i % len(mask)] for i, b in enumerate(masked)).hex()


def runs_dir() -> Path:
    """Where checkpoints trained in the app go (CNNVIZ_RUNS_DIR, else ./runs), apart from the shipped ones."""
    return Path(os.environ.get("CNNVIZ_RUNS_DIR") or ROOT / "runs")


def available_checkpoints() -> list[checkpoints.CheckpointInfo]:
    """Shipped checkpoints, then this browser's runs, shared runs and runs made outside the app."""
    folder = runs_dir()
    _cleaned(str(folder))
    folders = tuple(str(f) for f in (CHECKPOINT_DIR, folder))
    stamp = max((Path(f).stat().st_mtime for f in folders if Path(f).is_dir()), default=0.0)
    infos = checkpoint_list(folders, stamp)
    shipped = [i for i in infos if i.path.parent == CHECKPOINT_DIR]
    return shipped + runs.visible([i for i in infos if i.path.parent != CHECKPOINT_DIR], owner())


def own_runs() -> list[checkpoints.CheckpointInfo]:
    """The runs this browser trained, newest first (only these can be renamed, shared or deleted here)."""
    return runs.owned([i for i in available_checkpoints() if i.path.parent == runs_dir()], owner())


# --- the current model and dataset --------------------------------------------------------------


@dataclass(frozen=True)
class CurrentModel:
    """The model every page shows, with what is known about it."""

    key: str  # identifies the content, for caches keyed on it
    model: keras.Model
    label: str
    class_names: tuple[str, ...]  # an upload's own or typed, else its dataset's (checkpoints.class_names_for)
    dataset: str
    metadata: checkpoints.Metadata | None  # None: an untrained zoo model
    zoo_name: str | None = None
    names_from: str = ""  # the built-in dataset whose names class_names are ("": the model's own, kept as given)

    @property
    def trained(self) -> bool:
        """True for a checkpoint or an upload, False for an untrained zoo model."""
        return self.metadata is not None


def model_choices() -> dict[str, str]:
    """Sidebar options {value: label}: shipped/saved checkpoints first, then the zoo, then upload.

    A run's name is shown as plain text (a selectbox shows characters as they are), capped, and numbered
    where two runs read the same.
    """
    choices = {}
    infos = sorted(available_checkpoints(),
                   key=lambda i: (i.name != DEFAULT_CHECKPOINT, i.path.parent != CHECKPOINT_DIR))
    for info in infos:
        if info.path.parent == CHECKPOINT_DIR:  # shipped: its file name says what it is
            accuracy = info.metadata.final_metrics.get("test_accuracy")
            score = f" · {accuracy:.1%}" if isinstance(accuracy, float) else ""
            choices[f"ckpt:{info.name}"] = f"📦 {text.plain(info.name)}{score}"
        else:
            choices[f"ckpt:{info.name}"] = f"🏋️ {text.plain(runs.label(info))}"
    for spec in zoo.list_models():
        choices[f"zoo:{spec.name}"] = f"🧱 {spec.title} ({t('sidebar.untrained')})"
    choices[UPLOAD] = f"⬆️ {t('sidebar.upload_model')}"
    return dict(zip(choices, text.distinct(choices.values()), strict=True))


def choice_name(choice: str | None) -> str | None:
    """The whole name of a sidebar choice that is a checkpoint (the option may show it shortened); else None."""
    if not choice or not choice.startswith("ckpt:"):
        return None
    info = next((i for i in available_checkpoints() if i.name == choice.removeprefix("ckpt:")), None)
    if info is None:
        return None
    return checkpoint_label(info)


def checkpoint_label(info: checkpoints.CheckpointInfo) -> str:
    """A shipped checkpoint by its file name (it says what it is), a run by its title or description."""
    return info.name if info.path.parent == CHECKPOINT_DIR else runs.label(info)


def current_model() -> CurrentModel | None:
    """The model chosen in the sidebar, loaded through the caches; None (with a message shown) if unusable."""
    choice = st.session_state.get("model") or next(iter(model_choices()))
    try:
        if choice.startswith("ckpt:"):
            return _checkpoint_choice(choice.removeprefix("ckpt:"))
        if choice.startswith("zoo:"):
            return _zoo_choice(choice.removeprefix("zoo:"))
        return _upload_choice()
    except CnnvizError as err:
        st.error(message(err))
        return None


def _checkpoint_choice(name: str) -> CurrentModel:
    info = next((i for i in available_checkpoints() if i.name == name), None)
    if info is None:
        raise CnnvizError(t("error.no_checkpoint", name=name))
    return checkpoint_current(info)


def default_model() -> CurrentModel | None:
    """The shipped default checkpoint as a first visitor sees it (no session needed: the warm-up loads it)."""
    shipped = checkpoints.list_checkpoints(CHECKPOINT_DIR)
    info = next((i for i in shipped if i.name == DEFAULT_CHECKPOINT), None)
    return checkpoint_current(info) if info else None


def checkpoint_key(info: checkpoints.CheckpointInfo) -> str:
    """A checkpoint's content key for every cache: its path and modification time."""
    return f"ckpt:{info.path}:{info.modified}"


def checkpoint_current(info: checkpoints.CheckpointInfo) -> CurrentModel:
    """A checkpoint as the model a page shows, loaded through the shared cache."""
    model, meta = checkpoint_model(str(info.path), info.modified)
    runs.mark_in_use(info.path)  # a run shown now is not removed to make room on the disk
    label = checkpoint_label(info)
    return CurrentModel(checkpoint_key(info), model, label, tuple(meta.class_names),
                        meta.dataset, meta, meta.model_name or None, names_from=meta.dataset)


def _zoo_choice(name: str) -> CurrentModel:
    ds = current_dataset()
    shape, classes = (ds.input_shape, ds.num_classes) if ds else (None, None)
    model = zoo_model(name, shape, classes)
    names = ds.class_names if ds else tuple(str(i) for i in range(model.output_shape[-1]))
    return CurrentModel(f"zoo:{name}:{shape}:{classes}", model, zoo.get_spec(name).title, tuple(names),
                        ds.name if ds else "", None, name, names_from=ds.name if ds else "")


def _upload_choice() -> CurrentModel | None:
    upload = uploads.get("model")
    if upload is None:
        st.info(t("sidebar.upload_prompt"))
        return None
    content, digest = upload.getvalue(), upload.digest
    model, meta, renamed = uploaded_model(digest, content, upload.name)
    if renamed:
        pairs = Markdown(", ".join([*(f"{text.literal(old)} → {text.literal(new)}"  # each name as text
                                      for old, new in list(renamed.items())[:RENAMES_SHOWN]),
                                    *(["…"] if len(renamed) > RENAMES_SHOWN else [])]))
        show_once(st.caption, t("current.layers_renamed", count=len(renamed), pairs=pairs))
    images.model_input_spec(model)  # several inputs, or an input not an image: explained, not crashed on
    units = int(model.outputs[0].shape[-1])
    meta = _with_typed_class_names(meta, units)
    ds = None if meta.class_names else _trained_on(meta.dataset)  # the dataset every page labels with
    classes, source = checkpoints.class_names_for(meta.class_names, units, ds.class_names if ds else None)
    names_from = ds.name if source == "dataset" and ds else ""  # the upload's own names stay as given
    if names_from:
        shown = listing(data.class_names_in(names_from, classes, lang()))
        show_once(st.caption, t("current.class_names_from_dataset", dataset=ds.name, names=shown))
    return CurrentModel(f"upload:{digest}", model, upload.name, classes, meta.dataset, meta,
                        names_from=names_from)


def _with_typed_class_names(meta: checkpoints.Metadata, units: int) -> checkpoints.Metadata:
    """The upload's metadata with the class names typed in the sidebar, when they fit the model's outputs."""
    typed = st.session_state.get("upload_class_names", "").strip()
    if not typed:
        return meta
    try:
        return dataclasses.replace(meta, class_names=checkpoints.class_names_from_text(typed, units))
    except CnnvizError:
        return meta  # the sidebar says why


def current_dataset() -> data.Dataset | None:
    """The dataset chosen in the sidebar; None (with a clear message) when it cannot load, e.g. offline."""
    name = st.session_state.get("dataset", data.list_datasets()[0].name)
    try:
        with st.spinner(t("sidebar.loading_dataset")):
            return _uploaded_dataset() if name == FOLDER else dataset(name)
    except CnnvizError as err:
        show_once(st.error, message(err))
        return None


def _uploaded_dataset() -> data.Dataset | None:
    """Your own images: a .zip with one folder per class, uploaded in the sidebar."""
    upload = uploads.get("dataset")
    if upload is None:
        show_once(st.info, t("sidebar.dataset_upload_prompt"))  # the model's names may have asked already
        return None
    return zip_dataset(upload.digest, upload.getvalue(), upload.name)


def model_dataset(current: CurrentModel, *, note: bool = False) -> data.Dataset | None:
    """The dataset a checkpoint was trained on (its class names match), else the sidebar's.

    A model of the full Fashion-MNIST gets the built-in sample while the download is missing; with `note`
    (pages whose figures depend on the test set) a caption says which test images are used, and how to get
    the full set.
    """
    return _trained_on(current.dataset, note=note)


def named_dataset(name: str, *, note: bool = False) -> data.Dataset:
    """A catalogue dataset by name, or its built-in stand-in while its download is missing (see `model_dataset`)."""
    substitute = data.stand_in(name)
    if substitute is None:
        return dataset(name)
    found = dataset(substitute)
    if note:
        title = next((d.title for d in data.list_datasets(lang()) if d.name == name), name)
        show_once(st.caption, t("current.stand_in", title=title, test=len(found.y_test)))
    return found


def _trained_on(name: str, *, note: bool = False) -> data.Dataset | None:
    """The catalogue dataset `name` (the one a model was trained on), else the sidebar's."""
    if name and name in {d.name for d in data.list_datasets()}:
        try:
            return named_dataset(name, note=note)
        except CnnvizError as err:
            show_once(st.warning, message(err))
    return current_dataset()


def shown_class_names(source: CurrentModel | data.Dataset) -> tuple[str, ...]:
    """The class names to show in the page's language: a built-in dataset's translated, anything else as given.

    They are the names as the screen shows them (`text.plain`: invisible characters written out, capped),
    numbered where two read the same ("cat", "cat (2)"); every place they land still encodes them for itself
    (`t` for markdown, `render` for plotly).
    """
    origin = source.names_from if isinstance(source, CurrentModel) else source.name
    return text.distinct(text.plain(name) for name in data.class_names_in(origin, source.class_names, lang()))


def layer_rows(current: CurrentModel) -> list[arch.LayerInfo]:
    """The layer table of the current model, computed once per model content."""
    return cached_rows(current.key, current.model)
