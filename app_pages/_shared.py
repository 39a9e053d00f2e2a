"""What every page shares: the sidebar, the translator, cached resources and a few reusable widgets.

(The folder is `app_pages/`, not `pages/`: Streamlit treats a `pages/` folder beside the entry script as a
legacy multipage app on a fresh server's first deep link, which would skip `st.navigation` and this sidebar.)

Widgets and caching only; every number comes from `cnnviz`. The sidebar's
choices live in `st.session_state` (so they hold across pages) and are
mirrored in the URL query string (so a teacher can share a link to a view).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import secrets
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from cnnviz import checkpoints, data, i18n, images, runs, zoo
from cnnviz.errors import CnnvizError

ROOT = Path(__file__).resolve().parents[1]
CHECKPOINT_DIR = ROOT / "checkpoints"
UPLOAD = "upload"
FOLDER = "folder"  # the dataset choice "your own images", uploaded as a zip
SHARED_KEYS = ("model", "dataset", "layer", "sample", "lang")
MAX_URL_VALUE = 200  # characters; longer query values are not names any option has
MAX_SAMPLE_DIGITS = 9  # no test set has a billion images (and int() of 5,000 digits raises)
DEFAULT_CHECKPOINT = "fashion_cnn_fashion"  # the textbook's Fashion-MNIST CNN: the view at first launch


def lang() -> str:
    """The language chosen in the sidebar."""
    return st.session_state.get("lang", i18n.DEFAULT_LANGUAGE)


def t(key: str, **values: object) -> str:
    """A UI string in the current language."""
    return i18n.t(key, lang(), **values)


def message(err: CnnvizError) -> str:
    """A library error's message in the current language."""
    return err.text(lang())


# --- cached resources: built once, shared read-only by every session -------------------------


@st.cache_resource(show_spinner=False, max_entries=16)
def zoo_model(name: str, input_shape: tuple[int, ...] | None, num_classes: int | None) -> Any:
    return zoo.build_model(name, input_shape, num_classes, **({"weights": None} if name == "vgg16_transfer" else {}))


@st.cache_resource(show_spinner=False, max_entries=16)
def checkpoint_model(path: str, modified: float) -> tuple[Any, checkpoints.Metadata]:
    return checkpoints.load(path)


@st.cache_resource(show_spinner=False, max_entries=8)
def uploaded_model(digest: str, _data: bytes, filename: str) -> tuple[Any, checkpoints.Metadata]:
    return checkpoints.load_bytes(_data, filename)


@st.cache_resource(show_spinner=False, max_entries=8)
def dataset(name: str) -> data.Dataset:
    return data.load_dataset(name)


@st.cache_data(show_spinner=False)
def checkpoint_list(folders: tuple[str, ...], stamp: float) -> list[checkpoints.CheckpointInfo]:
    return [info for folder in folders for info in checkpoints.list_checkpoints(folder)]


def runs_dir() -> Path:
    """Where checkpoints trained in the app go (CNNVIZ_RUNS_DIR, else ./runs), apart from the shipped ones."""
    return Path(os.environ.get("CNNVIZ_RUNS_DIR") or ROOT / "runs")


@st.cache_resource(show_spinner=False, ttl=600)
def _cleaned(folder: str) -> list[str]:
    """Abandoned runs removed at most every ten minutes (the cache's lifetime), by whichever session comes."""
    return runs.clean_abandoned(folder)


def available_checkpoints() -> list[checkpoints.CheckpointInfo]:
    """Shipped checkpoints, then this browser's runs, shared runs and runs made outside the app."""
    folder = runs_dir()
    _cleaned(str(folder))
    folders = tuple(str(f) for f in (CHECKPOINT_DIR, folder))
    stamp = max((Path(f).stat().st_mtime for f in folders if Path(f).is_dir()), default=0.0)
    infos = checkpoint_list(folders, stamp)
    shipped = [i for i in infos if i.path.parent == CHECKPOINT_DIR]
    return shipped + runs.visible([i for i in infos if i.path.parent != CHECKPOINT_DIR], owner())


def owner() -> str:
    """Who this session is, for its runs: the browser (its XSRF cookie, hashed), else this session alone.

    Tabs of one browser share their runs (and their one training slot); another browser never sees them.
    """
    if "_owner" not in st.session_state:
        cookie = st.context.cookies.get("_streamlit_xsrf") if st.context.cookies else None
        seed = cookie or secrets.token_hex(16)
        st.session_state["_owner"] = hashlib.sha256(f"cnnviz-owner:{seed}".encode()).hexdigest()[:24]
    return st.session_state["_owner"]


def own_runs() -> list[checkpoints.CheckpointInfo]:
    """The runs this browser trained, newest first (only these can be renamed, shared or deleted here)."""
    return runs.owned([i for i in available_checkpoints() if i.path.parent == runs_dir()], owner())


def _rename_run(path: str, key: str) -> None:
    try:
        runs.rename(path, st.session_state.get(key, ""))
    except CnnvizError as err:
        st.session_state["runs_error"] = message(err)


def _share_run(path: str, key: str) -> None:
    try:
        runs.set_shared(path, bool(st.session_state.get(key)))
    except CnnvizError as err:
        st.session_state["runs_error"] = message(err)


def _delete_run(path: str) -> None:
    try:
        runs.delete(path)
    except CnnvizError as err:
        st.session_state["runs_error"] = message(err)


def runs_manager() -> None:
    """Your runs: rename or delete the checkpoints this session trained."""
    mine = own_runs()
    if not mine:
        return
    with st.expander(t("runs.title", count=len(mine))):
        st.caption(t("runs.help", limit=runs.MAX_RUNS))
        for info in mine:
            key = f"title-{info.metadata.run_id}"
            name, rename, share, delete = st.columns([4, 1, 1, 1], vertical_alignment="bottom")
            name.text_input(t("runs.name"), value=runs.label(info), key=key, max_chars=runs.MAX_TITLE_LENGTH)
            rename.button(t("runs.rename"), key=f"rename-{info.metadata.run_id}", on_click=_rename_run,
                          args=(str(info.path), key))
            share_key = f"share-{info.metadata.run_id}"
            share.toggle(t("runs.share"), value=info.metadata.shared, key=share_key, help=t("runs.share_help"),
                         on_change=_share_run, args=(str(info.path), share_key))
            delete.button(t("runs.delete"), key=f"delete-{info.metadata.run_id}", on_click=_delete_run,
                          args=(str(info.path),))
        if "runs_error" in st.session_state:
            st.error(st.session_state.pop("runs_error"))


# --- the current model ----------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentModel:
    """The model every page shows, with what is known about it."""

    key: str  # identifies the content, for caches keyed on it
    model: Any
    label: str
    class_names: tuple[str, ...]
    dataset: str
    metadata: checkpoints.Metadata | None  # None: an untrained zoo model
    zoo_name: str | None = None

    @property
    def trained(self) -> bool:
        return self.metadata is not None


def model_choices() -> dict[str, str]:
    """Sidebar options {value: label}: shipped/saved checkpoints first, then the zoo, then upload."""
    choices = {}
    infos = sorted(available_checkpoints(), key=lambda i: (i.name != DEFAULT_CHECKPOINT, i.path.parent != CHECKPOINT_DIR))
    for info in infos:
        if info.path.parent == CHECKPOINT_DIR:  # shipped: its file name says what it is
            accuracy = info.metadata.final_metrics.get("test_accuracy")
            choices[f"ckpt:{info.name}"] = f"📦 {info.name}" + (f" · {accuracy:.1%}" if isinstance(accuracy, float) else "")
        else:
            choices[f"ckpt:{info.name}"] = f"🏋️ {runs.label(info)}"
    for spec in zoo.list_models():
        choices[f"zoo:{spec.name}"] = f"🧱 {spec.title} ({t('sidebar.untrained')})"
    choices[UPLOAD] = f"⬆️ {t('sidebar.upload_model')}"
    return choices


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
    model, meta = checkpoint_model(str(info.path), info.modified)
    return CurrentModel(f"ckpt:{info.path}:{info.modified}", model, runs.label(info), tuple(meta.class_names),
                        meta.dataset, meta, meta.model_name or None)


def _zoo_choice(name: str) -> CurrentModel:
    ds = current_dataset()
    shape, classes = (ds.input_shape, ds.num_classes) if ds else (None, None)
    model = zoo_model(name, shape, classes)
    names = ds.class_names if ds else tuple(str(i) for i in range(model.output_shape[-1]))
    return CurrentModel(f"zoo:{name}:{shape}:{classes}", model, zoo.get_spec(name).title, tuple(names),
                        ds.name if ds else "", None, name)


def _upload_choice() -> CurrentModel | None:
    upload = st.session_state.get("model_upload")
    if upload is None:
        st.info(t("sidebar.upload_prompt"))
        return None
    content = upload.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    model, meta = uploaded_model(digest, content, upload.name)
    images.model_input_spec(model)  # several inputs, or an input that is not an image: explained, not crashed on
    units = int(model.outputs[0].shape[-1])
    meta = _with_typed_class_names(meta, units)
    classes = tuple(meta.class_names) or tuple(str(i) for i in range(2 if units == 1 else units))
    return CurrentModel(f"upload:{digest}", model, upload.name, classes, meta.dataset, meta)


def _with_typed_class_names(meta: checkpoints.Metadata, units: int) -> checkpoints.Metadata:
    """The upload's metadata with the class names typed in the sidebar, when they fit the model's outputs."""
    typed = st.session_state.get("upload_class_names", "").strip()
    if not typed:
        return meta
    try:
        return dataclasses.replace(meta, class_names=checkpoints.class_names_from_text(typed, units))
    except CnnvizError:
        return meta  # the sidebar says why


def _class_names_sidebar() -> None:
    """Class names for an uploaded model, typed in the sidebar, and the model downloadable with them inside."""
    st.sidebar.text_input(t("sidebar.class_names"), key="upload_class_names", help=t("sidebar.class_names_help"),
                          placeholder=t("sidebar.class_names_placeholder"))
    upload = st.session_state.get("model_upload")
    typed = st.session_state.get("upload_class_names", "").strip()
    if upload is None or not typed:
        return
    content = upload.getvalue()
    try:
        model, meta = uploaded_model(hashlib.sha256(content).hexdigest(), content, upload.name)
        names = checkpoints.class_names_from_text(typed, int(model.outputs[0].shape[-1]))
        named = checkpoints.with_metadata(content, dataclasses.replace(meta, class_names=names))
    except CnnvizError as err:
        st.sidebar.warning(message(err))
        return
    st.sidebar.download_button(t("sidebar.download_named"), named, file_name=upload.name,
                               mime="application/octet-stream", key="dl-named")


def current_dataset() -> data.Dataset | None:
    """The dataset chosen in the sidebar; None (with a clear message) when it cannot be loaded, e.g. offline."""
    name = st.session_state.get("dataset", data.list_datasets()[0].name)
    try:
        with st.spinner(t("sidebar.loading_dataset")):
            return _uploaded_dataset() if name == FOLDER else dataset(name)
    except CnnvizError as err:
        show_once(st.error, message(err))
        return None


def show_once(show: Any, text: str) -> None:
    """Show a message unless this run already did (the model and the page may both load the dataset)."""
    shown = st.session_state.setdefault("_shown_messages", set())
    if text not in shown:
        shown.add(text)
        show(text)


@st.cache_resource(show_spinner=False, max_entries=4)
def zip_dataset(digest: str, _data: bytes, filename: str) -> data.Dataset:
    return data.load_image_zip(_data, name=Path(filename).stem)


def _uploaded_dataset() -> data.Dataset | None:
    """Your own images: a .zip with one folder per class, uploaded in the sidebar."""
    upload = st.session_state.get("dataset_upload")
    if upload is None:
        st.info(t("sidebar.dataset_upload_prompt"))
        return None
    content = upload.getvalue()
    return zip_dataset(hashlib.sha256(content).hexdigest(), content, upload.name)


def model_dataset(current: CurrentModel) -> data.Dataset | None:
    """The dataset a checkpoint was trained on (its class names match), else the sidebar's."""
    if current.dataset and current.dataset in {d.name for d in data.list_datasets()}:
        try:
            return dataset(current.dataset)
        except CnnvizError as err:
            show_once(st.warning, message(err))
    return current_dataset()


# --- sidebar and shared links --------------------------------------------------------------------


def restore_from_url() -> None:
    """On a session's first run, take the shared view (model, dataset, layer, sample, language) from the URL.

    A value of the wrong kind is dropped here with a note; one of the right kind waits in the session until
    `keep_valid` checks it against the options at hand (the models, or the layers of this page's model).
    """
    if st.session_state.get("_url_restored"):
        return
    st.session_state["_url_restored"] = True
    unchecked = set()
    for key in sorted(SHARED_KEYS, key=lambda k: k != "lang"):  # the language first: the notes speak it
        if key in st.query_params and key not in st.session_state:
            value = url_value(key, st.query_params[key])
            if value is None:
                _url_note(key)
            else:
                st.session_state[key] = value
                unchecked.add(key)
    st.session_state["_url_unchecked"] = unchecked


def url_value(key: str, raw: str) -> str | int | None:
    """A query value as its widget keeps it (`sample` an int, the rest text); None when it cannot be one."""
    if len(raw) > MAX_URL_VALUE or not raw.isprintable():
        return None
    if key == "sample":  # ASCII digits only: '²'.isdigit() and '٣'.isdigit() are true too
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= MAX_SAMPLE_DIGITS else None
    return raw


def _url_note(key: str) -> None:
    st.info(t("url.unusable", name=key))


def mirror_to_url() -> None:
    """Write the shared view back into the URL, so the address bar is always a link to this exact view."""
    for key in SHARED_KEYS:
        value = st.session_state.get(key)
        if value is None or value == "":
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)


def sidebar() -> None:
    """Language, model and dataset pickers, shown on every page."""
    st.session_state["_shown_messages"] = set()  # a new run: messages may show again, once each
    restore_from_url()
    keep_valid("lang", list(i18n.LANGUAGES))
    st.sidebar.selectbox(t("sidebar.language"), options=list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get,
                         key="lang")
    choices = model_choices()
    keep_valid("model", list(choices))
    st.sidebar.selectbox(t("sidebar.model"), options=list(choices), format_func=choices.get, key="model",
                         help=t("sidebar.model_help"))
    if st.session_state.get("model") == UPLOAD:
        st.sidebar.file_uploader(t("sidebar.upload_model"), type=["keras"], key="model_upload")
        _class_names_sidebar()
    infos = {info.name: info for info in data.list_datasets()}
    keep_valid("dataset", list(infos))
    st.sidebar.selectbox(t("sidebar.dataset"), options=list(infos), format_func=lambda n: infos[n].title,
                         key="dataset", help=t("sidebar.dataset_help"))
    if st.session_state.get("dataset") == FOLDER:
        st.sidebar.file_uploader(t("sidebar.dataset_upload"), type=["zip"], key="dataset_upload")
    mirror_to_url()


def keep_valid(key: str, options: Container[object]) -> None:
    """Drop a remembered or linked value that is not (or no longer) an option: the widget shows its default.

    A value that came from a shared link gets a short note the first time it is checked and found unusable.
    """
    unchecked = st.session_state.get("_url_unchecked", set())
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
        if key in unchecked:
            _url_note(key)
    unchecked.discard(key)


# --- reusable widgets -------------------------------------------------------------------------------


def pick(label_key: str, options: list[str], state_key: str, default: str | None = None, **kwargs: Any) -> str | None:
    """A selectbox whose choice is shared across pages (e.g. the layer); an invalid remembered value resets."""
    if not options:
        return None
    keep_valid(state_key, options)
    if state_key not in st.session_state and default in options:
        st.session_state[state_key] = default
    return st.selectbox(t(label_key), options=options, key=state_key, **kwargs)


def diagram(rows: list[Any], selected: str | None = None) -> None:
    """The architecture diagram: one box per layer, coloured by type, the selected layer outlined."""
    from cnnviz import render

    dot = render.architecture_dot(rows, selected)
    st.graphviz_chart(dot, width="content")
    st.caption(t("diagram.caption"))
    st.download_button(t("download.dot"), dot, file_name="architecture.dot", mime="text/vnd.graphviz",
                       key=f"dot-{selected}")


def download_png(image: Any, name: str, key: str | None = None) -> None:
    """A download button for an image array, as PNG."""
    from cnnviz import render

    st.download_button(t("download.png"), render.png_bytes(image), file_name=f"{name}.png", mime="image/png",
                       key=key or f"png-{name}")


def download_csv(text: str, name: str, key: str | None = None) -> None:
    st.download_button(t("download.csv"), text, file_name=f"{name}.csv", mime="text/csv", key=key or f"csv-{name}")


def explain(key: str) -> None:
    """A short explanation beside a picture, in the current language."""
    st.caption(f"💡 {t(key)}")


def session_alive() -> Any:
    """A check, callable from any thread, that this browser session is still connected (tab not closed)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():  # bare mode (AppTest, notebooks): nothing to watch
        return lambda: True
    session_id, instance = ctx.session_id, runtime.get_instance()
    return lambda: instance.is_active_session(session_id)


def explore(model_choice: str, page: str = "feature_maps") -> None:
    """Button callback: make `model_choice` the sidebar's model and go to `page` on the next run.

    Callbacks run before the script, the only time a widget's state may be set; the page switch
    itself happens in `follow_explore()`, which the entry script calls.
    """
    st.session_state["model"] = model_choice
    st.session_state["_go_to"] = page


def follow_explore() -> None:
    """Switch page if an `explore()` callback asked for it."""
    page = st.session_state.pop("_go_to", None)
    if page:
        st.switch_page(f"app_pages/{page}.py")


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_rows(key: str, _model: Any) -> list[Any]:
    from cnnviz import arch

    return arch.layer_table(_model)


def layer_rows(current: CurrentModel) -> list[Any]:
    """The layer table of the current model, computed once per model content."""
    return cached_rows(current.key, current.model)


def needs_conv(current: CurrentModel) -> bool:
    """True (after explaining) when a page that shows convolutions gets a model without any."""
    if any(row.type == "Conv2D" for row in layer_rows(current)):
        return True
    st.warning(t("error.no_conv"))
    return False
