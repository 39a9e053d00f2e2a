"""Any page's view as a notebook (cnnviz/teach/notebooks.py): every page writes a valid notebook in both
languages, and the notebooks of four pages, executed in a real Jupyter kernel, print the numbers the library
and Keras give here, computed independently (the layer table, the prediction, Grad-CAM, the accuracy)."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest
from helpers import app_test
from nbclient import NotebookClient

from cnnviz.core import i18n
from cnnviz.teach import notebooks

ROOT = Path(__file__).resolve().parents[1]
FASHION = "ckpt:fashion_cnn_fashion"
VIEW = {"model": FASHION, "dataset": "fashion_mnist_sample", "layer": "conv2", "sample": "0",
        "ex_methods": "grad_cam"}
EXECUTED = ("architecture", "feature_maps", "explain", "evaluate")
HANGUL = re.compile("[\uac00-\ud7a3]")
# Views beyond the shipped checkpoint: a zoo model, an upload, your own images and picture, a replayed epoch,
# every Computation view and lab.
VARIANTS = [
    ("architecture", {"model": "zoo:alexnet", "arch_classic": "1"}),
    ("feature_maps", {"model": "zoo:lenet5", "dataset": "shapes", "fm_sort": "1", "fm_scale": "layer"}),
    ("explain", {"model": "upload", "dataset": "folder", "fm_source": "upload", "ex_target": "top3",
                 "ex_methods": "grad_cam,occlusion,integrated_gradients", "ex_baseline": "noise"}),
    ("kernels", {"model": FASHION, "epoch": "2", "layer": "conv1"}),
    ("train", {"model": "zoo:mini_resnet", "seed": "7"}),
    *[("computation", {"calc": calc}) for calc in notebooks.CALC_VIEWS],
    *[("labs", {"lab": lab}) for lab in notebooks.LAB_VIEWS],
]


def markdown(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def code(nb: nbformat.NotebookNode) -> str:
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
@pytest.mark.parametrize("page", notebooks.PAGES)
def test_every_page_writes_a_valid_notebook_in_its_language(page: str, lang: str) -> None:
    nb = notebooks.notebook(page, VIEW, lang)
    nbformat.validate(nb)
    texts = markdown(nb)
    assert texts[0].startswith(f"# {i18n.t('notebook.title', lang, page=i18n.t(f'nav.{page}', lang))}")
    assert "notebook." not in "\n".join(texts)  # every key written as its text
    if lang == "ko":
        assert all(HANGUL.search(text) for text in texts)
    setup = nb.cells[2].source
    assert "# %pip install path/to/cnnviz" in setup and "from cnnviz import " in setup
    written = nbformat.reads(notebooks.notebook_bytes(page, VIEW, lang).decode("utf-8"), as_version=4)
    assert [(c.cell_type, c.source) for c in written.cells] == [(c.cell_type, c.source) for c in nb.cells]


@pytest.mark.parametrize(("page", "view"), VARIANTS, ids=[f"{p}-{'-'.join(v.values())}" for p, v in VARIANTS])
def test_other_models_datasets_and_views_write_valid_notebooks(page: str, view: dict[str, str]) -> None:
    for lang in i18n.LANGUAGES:
        nb = notebooks.notebook(page, view, lang)
        nbformat.validate(nb)
        compile(code(nb).replace("%pip", "#"), f"{page}.ipynb", "exec")  # the code is Python
    source = code(notebooks.notebook(page, view, "en"))
    model = view.get("model", FASHION)
    if model.startswith("zoo:") and page != "train":  # Train shows the recipe: no model is built
        assert f"zoo.build_model({model[4:]!r}" in source
    if model == "upload":
        assert notebooks.MODEL_FILE in source and "checkpoints.load_bytes" in source
    if view.get("dataset") == "folder":
        assert notebooks.IMAGES_FILE in source and notebooks.PICTURE_FILE in source
    if "epoch" in view:
        assert "EPOCH = 2" in source and "checkpoints.model_at_epoch(SOURCE, EPOCH" in source
    if page == "train":
        assert "MODEL_NAME = 'mini_resnet'" in source and "SEED = 7" in source
        assert "\n# result = training.train(" in source  # never trains by default


def test_the_view_s_values_reach_the_notebook_s_settings() -> None:
    view = {**VIEW, "ex_target": "any", "ex_class": "3", "ex_opacity": "0.25", "ex_layer": "conv1",
            "sample": "not a number", "lang": "ko", "present": "1"}
    source = code(notebooks.notebook("explain", view))
    for line in ("SAMPLE = None", "METHODS = ['grad_cam']", "TARGET = 'any'", "CLASS = 3", "LAYER = 'conv1'",
                 "OPACITY = 0.25", "BASELINE = 'black'", "SOURCE = CHECKPOINTS / 'fashion_cnn_fashion.keras'"):
        assert f"\n{line}" in source
    digits = code(notebooks.notebook("feature_maps", {"model": "ckpt:fashion_cnn_digits"}))
    assert "DATASET = 'digits'" in digits  # the dataset the checkpoint was trained on, as the page shows it
    run = code(notebooks.notebook("feature_maps", {"model": "ckpt:my_run"}))
    assert i18n.t("notebook.ckpt_run", file="my_run.keras") in run  # where to put a run trained in the app
    with pytest.raises(notebooks.NotebookError) as err:
        notebooks.notebook("nowhere", VIEW)
    assert "nowhere" in err.value.text("ko") and HANGUL.search(err.value.text("ko"))


def test_writing_a_notebook_loads_no_tensorflow() -> None:
    import subprocess

    script = ("import sys; from cnnviz.teach import notebooks; notebooks.notebook_bytes('explain', {}); "
              "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- the notebooks executed --------------------------------------------------------------------------


def printed(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Every `name = value` line the code cells printed (the last one of a name)."""
    lines = [out["text"] for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
             if out.get("output_type") == "stream" and out.get("name") == "stdout"]
    found = {}
    for line in "".join(lines).splitlines():
        name, sep, value = line.partition(" = ")
        if sep:
            found[name.strip()] = value.strip()
    return found


@pytest.fixture(scope="module")
def executed() -> dict[str, dict[str, str]]:
    """The four notebooks run in a python3 kernel (from the repository's root, so checkpoints/ is found)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        found = {}
        for page in EXECUTED:
            nb = notebooks.notebook(page, VIEW, "en")
            start = time.monotonic()
            NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
                           ).execute()
            errors = [out for cell in nb.cells for out in cell.get("outputs", []) if out.output_type == "error"]
            assert errors == []
            found[page] = printed(nb) | {"_seconds": f"{time.monotonic() - start:.1f}"}
    return found


@pytest.fixture(scope="module")
def reference() -> dict[str, object]:
    """The same model, dataset and picture loaded here, in the test's own process."""
    from cnnviz import data
    from cnnviz.analysis import evaluation
    from cnnviz.train import checkpoints
    from cnnviz.uploads import images

    model, _ = checkpoints.load(ROOT / "checkpoints" / "fashion_cnn_fashion.keras")
    ds = data.load_dataset("fashion_mnist_sample")
    spec = images.model_input_spec(model)
    return {"model": model, "ds": ds, "x": evaluation.fit_to_input(ds.x_test[:1], spec),
            "x_test": evaluation.fit_to_input(ds.x_test, spec)}


def test_architecture_notebook_prints_the_model_s_parameters(executed: dict, reference: dict) -> None:
    model, found = reference["model"], executed["architecture"]
    assert int(found["total_params"]) == model.count_params()
    assert int(found["trainable_params"]) + int(found["non_trainable_params"]) == model.count_params()
    assert found["params"].split(" = ")[0] == str(model.get_layer("conv2").count_params())
    assert found["layer"] == "conv2 Conv2D 14×14×64"


def test_feature_maps_notebook_prints_keras_s_prediction_and_maps(executed: dict, reference: dict) -> None:
    import keras

    model, x, found = reference["model"], reference["x"], executed["feature_maps"]
    probabilities = model.predict(x, verbose=0)[0]
    predicted = int(np.argmax(probabilities))
    assert found["predicted"] == f"{predicted} {reference['ds'].class_names[predicted]}"
    assert float(found["probability"]) == pytest.approx(float(probabilities.max()), abs=1e-5)
    maps = np.asarray(keras.Model(model.inputs, model.get_layer("conv2").output)(x))[0]
    assert found["layer"].startswith(f"conv2 | maps_shape = {maps.shape}")
    assert float(found["channel"].split("mean = ")[1]) == pytest.approx(float(maps[..., 0].mean()), abs=1e-5)


def test_explain_notebook_prints_grad_cam_s_checksum(executed: dict, reference: dict) -> None:
    from cnnviz import explain

    model, x, found = reference["model"], reference["x"], executed["explain"]
    predicted = int(np.argmax(model.predict(x, verbose=0)[0]))
    assert found["predicted"].split()[0] == str(predicted)
    direct = explain.grad_cam(model, x, predicted)
    assert float(found[f"checksum grad_cam {predicted}"]) == pytest.approx(float(direct.sum()), abs=1e-5)


def test_evaluate_notebook_prints_the_accuracy_numpy_gives(executed: dict, reference: dict) -> None:
    model, ds, found = reference["model"], reference["ds"], executed["evaluate"]
    predicted = np.argmax(model.predict(reference["x_test"], verbose=0), axis=1)
    assert float(found["accuracy"]) == pytest.approx(float(np.mean(predicted == ds.y_test)), abs=1e-12)
    assert found["mistakes"] == f"{int(np.sum(predicted != ds.y_test))} / {len(ds.y_test)}"


# --- the app ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_the_sidebar_offers_the_view_as_a_notebook(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.runtime.media_file_manager import MediaFileManager

    files: dict[str, tuple] = {}  # the deferred downloads the run registered: written only on a click
    register = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):  # noqa: ANN001
        file_id = register(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        files[file_id] = (data_callable, mimetype, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    app = app_test()
    for key, value in {**VIEW, "lang": lang}.items():
        app.query_params[key] = value
    app.switch_page("app_pages/feature_maps.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    buttons = [b for b in app.sidebar.get("download_button") if b.proto.label == i18n.t("notebook.download", lang)]
    assert len(buttons) == 1
    assert buttons[0].proto.help == i18n.t("notebook.download_help", lang)
    write, mimetype, file_name = files[buttons[0].proto.deferred_file_id]
    assert (file_name, mimetype) == ("cnnviz_feature_maps.ipynb", "application/x-ipynb+json")
    nb = nbformat.reads(write().decode("utf-8"), as_version=4)  # what a click downloads
    nbformat.validate(nb)
    assert markdown(nb)[0].startswith(f"# {i18n.t('notebook.title', lang, page=i18n.t('nav.feature_maps', lang))}")
    for line in ("LAYER = 'conv2'", "SAMPLE = 0", "SCALE = 'map'",
                 "SOURCE = CHECKPOINTS / 'fashion_cnn_fashion.keras'"):
        assert f"\n{line}" in code(nb)


@pytest.mark.parametrize("page", [p for p in notebooks.PAGES if p not in EXECUTED])
def test_every_other_page_s_notebook_executes_without_an_error(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page offers a notebook that runs (the four above are also checked number by number)."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    nb = notebooks.notebook(page, VIEW, "en")
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    errors = [out for cell in nb.cells for out in cell.get("outputs", []) if out.output_type == "error"]
    assert errors == []
    assert printed(nb), "the notebook prints its numbers"
