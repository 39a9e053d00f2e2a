"""Notebooks: any page's view as a Jupyter notebook that computes the page's numbers and pictures again.

`notebook(page, view, lang)` builds it (nbformat 4) from the page's name and its query values (what a link
carries, `app_state.view.view_query()`): an introduction, a setup cell (how to install, the imports), the
view's settings, a cell loading the same dataset and model (a shipped checkpoint by name, a zoo model, or
your own file, with a comment saying where to put it), then the page's cells, which make the same library
calls with the same settings as the page and print their key numbers as ``name = value`` lines. Every text
cell and comment is in `lang` (i18n keys ``notebook.*``); the code is the same in both languages. Building
a notebook imports neither TensorFlow nor Keras: it is cheap enough for a sidebar button. The cells' code
is data, in `cnnviz.teach.notebook_cells`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from cnnviz.core import i18n
from cnnviz.core.errors import CnnvizError
from cnnviz.data import catalogue
from cnnviz.teach import lessons
from cnnviz.teach.notebook_cells import NEEDS, SECTIONS, SETTINGS
from cnnviz.train import checkpoints

if TYPE_CHECKING:
    from nbformat import NotebookNode

PAGES = ("home", "architecture", "train", "weights", "kernels", "feature_maps", "evaluate", "explain",
         "computation", "labs", "compare", "embedding", "filters")
SHIPPED_DIR = lessons.SHIPPED_CHECKPOINT.parent  # the repository's checkpoints/ folder
NOTEBOOK_CHECKPOINTS = "checkpoints"  # the same folder as the notebook names it: relative to the repository
MODEL_FILE = "my_model.keras"  # where a notebook of an uploaded model expects the file
IMAGES_FILE = "my_images.zip"
PICTURE_FILE = "my_picture.png"
CALC_VIEWS = ("numbers", "sandbox", "receptive")  # app_pages/computation.py's views, the first the default
LAB_VIEWS = ("inception", "residual", "initialisers", "freezing")  # app_pages/labs.py's
# The modules a notebook may call, imported in its setup cell when its code names them (the flat names).
MODULES = ("activations", "arch", "arithmetic", "checkpoints", "compare", "data", "embedding", "evaluation",
           "explain", "featureviz", "freezing", "images", "initialisers", "modules", "overlays", "photos",
           "receptive", "render", "training", "weights", "zoo")
_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
REPLAYED = frozenset({"weights", "kernels", "feature_maps", "explain"})  # the pages with the epoch slider


class NotebookError(CnnvizError):
    """A notebook cannot be written for what was asked (a page that does not exist)."""


def page_sections(page: str, values: Mapping[str, object]) -> list[str]:
    """The sections a page's notebook holds (Computation and Labs: the view the page shows)."""
    if page == "computation":
        return [str(values["calc"]) if values.get("calc") in CALC_VIEWS else CALC_VIEWS[0]]
    if page == "labs":
        return [str(values["lab"]) if values.get("lab") in LAB_VIEWS else LAB_VIEWS[0]]
    return {"home": ["zoo"], "architecture": ["table", "layer"], "train": ["recipe"], "weights": ["histogram"],
            "kernels": ["kernels"], "feature_maps": ["maps"], "evaluate": ["evaluate"], "explain": ["explain"],
            "compare": ["compare"], "embedding": ["embedding"], "filters": ["filters"]}[page]


def view_values(view: Mapping[str, str]) -> dict[str, object]:
    """The view's query values as their widgets keep them (`lessons.check_value`); unusable ones left out."""
    found: dict[str, object] = {}
    for key, raw in view.items():
        value = lessons.check_value(key, str(raw)) if key in lessons.VIEW_KEYS else None
        if value is not None:
            found[key] = value
    return found


def notebook(page: str, view: Mapping[str, str], lang: str = i18n.DEFAULT_LANGUAGE,
             checkpoints_dir: str | None = None) -> NotebookNode:
    """The notebook of `page` showing `view` (query values), its texts in `lang`.

    `checkpoints_dir` is the folder of a ``ckpt:NAME`` model's ``NAME.keras``, as the notebook names it; by
    default the repository's checkpoints/ folder, named relative to the repository's root.
    """
    from nbformat import v4

    page = page or "home"
    if page not in PAGES:
        raise NotebookError(key="notebook.error.page", page=str(page)[:40], pages=", ".join(PAGES))
    values = view_values(view)
    sections = page_sections(page, values)
    needs: set[str] = set().union(*(NEEDS[s] for s in sections))
    if "picture" in needs:
        needs |= {"model", "data"}
    choice = str(values.get("model") or lessons.FASHION)
    classic = page == "architecture" and choice.startswith("zoo:") and values.get("arch_classic") is True
    if "model" in needs and choice.startswith("zoo:") and not classic:
        needs |= {"data"}
    folder = Path(checkpoints_dir) if checkpoints_dir else None
    meta = _metadata(choice, folder) if "model" in needs else None
    cells = [v4.new_markdown_cell(_intro(page, view, lang))]
    body = [_section(name, lang) for name in sections]
    settings = _settings(page, values, lang)
    load = _load(needs, choice, classic, values, meta, folder, page, lang)
    picture = _picture(values, lang) if "picture" in needs else ""
    setup = _setup("\n".join([settings, load, picture, *(code for _, code in body)]), lang)
    cells += [v4.new_markdown_cell(i18n.t("notebook.setup", lang)), v4.new_code_cell(setup)]
    cells += [v4.new_markdown_cell(i18n.t("notebook.settings", lang)), v4.new_code_cell(settings)]
    if load:
        cells += [v4.new_markdown_cell(i18n.t("notebook.load", lang)), v4.new_code_cell(load)]
    if "picture" in needs:
        cells += [v4.new_markdown_cell(i18n.t("notebook.step.picture", lang)), v4.new_code_cell(picture)]
    for text, code in body:
        cells += [v4.new_markdown_cell(text), v4.new_code_cell(code)]
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return v4.new_notebook(cells=cells, metadata={"kernelspec": kernel, "language_info": {"name": "python"}})


def notebook_bytes(page: str, view: Mapping[str, str], lang: str = i18n.DEFAULT_LANGUAGE,
                   checkpoints_dir: str | None = None) -> bytes:
    """`notebook(...)` as the bytes of an .ipynb file (UTF-8 JSON)."""
    import nbformat

    return nbformat.writes(notebook(page, view, lang, checkpoints_dir)).encode("utf-8")


# --- the cells ---------------------------------------------------------------------------------------


def _comments(code: str, lang: str) -> str:
    """`code` with each `#: key` written as the comment notebook.<key> in `lang`."""
    return re.sub(r"#: ([a-z_]+)", lambda m: "# " + i18n.t(f"notebook.{m.group(1)}", lang), code)


def _section(name: str, lang: str) -> tuple[str, str]:
    return i18n.t(f"notebook.step.{name}", lang), _comments(SECTIONS[name], lang)


def _intro(page: str, view: Mapping[str, str], lang: str) -> str:
    shown = ", ".join(f"`{key}={value}`" for key, value in view.items() if key in lessons.VIEW_KEYS)
    parts = [f"# {i18n.t('notebook.title', lang, page=i18n.t(f'nav.{page}', lang))}",
             i18n.t(f"notebook.intro.{page}", lang)]
    if shown:
        parts.append(i18n.t("notebook.view", lang, values=shown))
    parts.append(i18n.t("notebook.same", lang))
    return "\n\n".join(parts)


def _setup(code: str, lang: str) -> str:
    """How to install, and the imports: the cnnviz modules the notebook's code calls."""
    calls = re.sub(r"#.*", "", code)
    used = [name for name in MODULES if re.search(rf"(?<![\w.]){name}\.", calls)]
    lines = [f"# {i18n.t('notebook.install', lang)}", "# %pip install path/to/cnnviz", "from pathlib import Path", "",
             "import numpy as np", "from IPython.display import display", "from PIL import Image", ""]
    if used:
        lines.append(f"from cnnviz import {', '.join(used)}")
    lines += ["", f"LANG = {lang!r}", f"CHECKPOINTS = Path({NOTEBOOK_CHECKPOINTS!r})", "", "",
              "def show(picture):", f"    # {i18n.t('notebook.show', lang)}",
              "    display(Image.fromarray(np.asarray(picture)))"]
    return "\n".join(lines)


def _settings(page: str, values: Mapping[str, object], lang: str) -> str:
    lines = [f"DATASET = {str(values.get('dataset') or _default_dataset())!r}"]
    for name, key, default in SETTINGS.get(page, ()):
        lines.append(f"{name} = {(values.get(key, default) if key else default)!r}")
    if page in REPLAYED and isinstance(values.get("epoch"), int):
        lines.append(f"EPOCH = {values['epoch']!r}  # {i18n.t('notebook.epoch', lang)}")
    if page == "train":
        lines.append(f"MODEL_NAME = {_recipe_model(values)!r}")
    return "\n".join(lines)


def _load(needs: set[str], choice: str, classic: bool, values: Mapping[str, object],
          meta: checkpoints.Metadata | None, folder: Path | None, page: str, lang: str) -> str:
    """The dataset and the model, as the page loads them."""
    lines: list[str] = []
    if "data" in needs:
        lines += _dataset_lines(values, meta, lang)
    if "model" in needs:
        lines += _model_lines(choice, classic, folder, lang)
        if page in REPLAYED and isinstance(values.get("epoch"), int) and not choice.startswith("zoo:"):
            lines.append("model = checkpoints.model_at_epoch(SOURCE, EPOCH, base=model)")
        lines.append('print("model =", model.name, "| params =", model.count_params())')
    return "\n".join(lines)


def _dataset_lines(values: Mapping[str, object], meta: checkpoints.Metadata | None, lang: str) -> list[str]:
    trained_on = meta.dataset if meta is not None else ""
    if trained_on in _catalogue() and trained_on != values.get("dataset"):  # the page's model_dataset
        lines = [f"# {i18n.t('notebook.trained_on', lang)}", f"DATASET = {trained_on!r}"]
    else:
        lines = []
    if (values.get("dataset") == "folder") and not lines:
        lines += [f"# {i18n.t('notebook.folder', lang, file=IMAGES_FILE)}",
                  f"ds = data.load_image_zip(Path({IMAGES_FILE!r}), name={Path(IMAGES_FILE).stem!r})"]
    else:
        lines += [f"# {i18n.t('notebook.stand_in', lang)}",
                  "ds = data.load_dataset(data.stand_in(DATASET) or DATASET)"]
    return [*lines, 'print("dataset =", ds.name, "| test images =", len(ds.x_test))']


def _model_lines(choice: str, classic: bool, folder: Path | None, lang: str) -> list[str]:
    if choice.startswith("zoo:"):
        name = choice.removeprefix("zoo:")
        options = ", weights=None" if name == "vgg16_transfer" else ""  # the app's: no ImageNet download
        shape = "" if classic else ", ds.input_shape, ds.num_classes"
        key = "notebook.zoo_classic" if classic else "notebook.zoo"
        return [f"# {i18n.t(key, lang, name=name)}", f"model = zoo.build_model({name!r}{shape}{options})",
                "meta = None", "class_names = list(ds.class_names)" if not classic else "class_names = []"]
    if choice.startswith("ckpt:"):
        file = f"{choice.removeprefix('ckpt:')}{checkpoints.SUFFIX}"
        found = _SAFE_NAME.fullmatch(file) is not None and ((folder or SHIPPED_DIR) / file).is_file()
        where = f"Path({str(folder)!r})" if folder else "CHECKPOINTS"
        comment = i18n.t("notebook.ckpt" if found else "notebook.ckpt_run", lang, file=file)
        return [f"# {comment}", f"SOURCE = {where} / {file!r}", "model, meta = checkpoints.load(SOURCE)",
                "class_names = list(meta.class_names)"]
    return [f"# {i18n.t('notebook.upload_model', lang, file=MODEL_FILE)}",
            f"SOURCE = Path({MODEL_FILE!r}).read_bytes()",
            f"model, meta = checkpoints.load_bytes(SOURCE, {MODEL_FILE!r})",
            "class_names = list(meta.class_names)"]


def _picture(values: Mapping[str, object], lang: str) -> str:
    """The picture the page looks at: a test sample (the page's own default when the view names none)."""
    if values.get("fm_source") == "upload":
        return "\n".join([
            f"# {i18n.t('notebook.picture', lang, file=PICTURE_FILE)}",
            f"picture = images.decode_image(Path({PICTURE_FILE!r}).read_bytes())",
            "background = photos.expected_background(meta.preprocessing if meta else None)",
            'x = images.prepare(picture, images.model_input_spec(model), fit="crop", invert=None,',
            "                   background=background).x",
            "true_index = None", "show(render.image_preview(x))"])
    return "\n".join([
        "SAMPLE = SAMPLE if SAMPLE in range(len(ds.x_test)) else data.featured_sample(ds)",
        "x = evaluation.fit_to_input(ds.x_test[SAMPLE : SAMPLE + 1], images.model_input_spec(model))",
        "true_index = int(ds.y_test[SAMPLE])",
        'print("sample =", SAMPLE, "| true =", true_index, ds.class_names[true_index])',
        "show(render.image_preview(x))"])


# --- what the view names -----------------------------------------------------------------------------


def _catalogue() -> set[str]:
    return {info.name for info in catalogue.list_datasets() if info.source != "folder"}


def _default_dataset() -> str:
    return catalogue.list_datasets()[0].name  # the sidebar's first choice


def _metadata(choice: str, folder: Path | None) -> checkpoints.Metadata | None:
    """A checkpoint's sidecar (read without TensorFlow): the dataset it was trained on, its model's name."""
    if not choice.startswith("ckpt:"):
        return None
    name = choice.removeprefix("ckpt:")
    if not _SAFE_NAME.fullmatch(name):  # a file name, never a path
        return None
    return checkpoints.read_metadata((folder or SHIPPED_DIR) / f"{name}{checkpoints.SUFFIX}")


def _recipe_model(values: Mapping[str, object]) -> str:
    """The zoo model the Train page offers first: the current one's (a zoo model, a checkpoint's), else
    fashion_cnn."""
    choice = str(values.get("model") or lessons.FASHION)
    meta = _metadata(choice, None)
    name = choice.removeprefix("zoo:") if choice.startswith("zoo:") else (meta.model_name if meta else "")
    return name if name in _zoo_names() else "fashion_cnn"


def _zoo_names() -> set[str]:
    from cnnviz.models import zoo

    return {spec.name for spec in zoo.list_models()}
