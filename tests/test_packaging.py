"""cnnviz as a package: a wheel built from the checkout, installed into a fresh virtual environment outside
it, runs a notebook-style script whose numbers equal the app's own; the pins of pyproject.toml and the
requirements files agree."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What a notebook user types after `pip install cnnviz`, printing the numbers it computed as JSON.
SCRIPT = """
import json, sys
import numpy as np
import cnnviz
from cnnviz import zoo, arch, activations, data
from cnnviz.explain import grad_cam

model = zoo.build_model("fashion_cnn")
sample = data.load_dataset("fashion_mnist_sample")
image = sample.x_test[:1]
rows = arch.layer_table(model)
maps = activations.feature_maps(model, image)
cam = grad_cam(model, image, class_index=0, layer="conv2")
print(json.dumps({
    "file": cnnviz.__file__,
    "params": [row.params for row in rows],
    "names": [row.name for row in rows],
    "conv1_shape": list(maps["conv1"].shape),
    "test_images": int(len(sample.x_test)),
    "cam_shape": list(np.asarray(cam).shape),
}))
"""


def test_pins_agree_between_pyproject_and_requirements() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["app"],
                *project["optional-dependencies"]["cluster"], *project["optional-dependencies"]["dev"]]
    pins = dict(re.match(r"([A-Za-z0-9_.-]+)==(\S+)", d).groups() for d in declared)
    listed = {}
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            found = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
            if found:
                listed[found[1].lower()] = found[2]
    assert {k.lower(): v for k, v in pins.items()} == listed


def test_the_wheel_carries_the_package_and_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "cnnviz/assets/fashion_mnist_sample.npz" in names and "cnnviz/py.typed" in names
    assert "cnnviz/models/arch.py" in names and "cnnviz/explain/methods.py" in names
    assert not any(n.startswith(("app_pages/", "tests/", "checkpoints/")) for n in names)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of what a clean clone holds (the build leaves nothing in the checkout)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "cnnviz", source / "cnnviz", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(out)], check=True, cwd=out, timeout=300)
    return next(out.glob("cnnviz-*.whl"))


def test_a_fresh_venv_outside_the_checkout_runs_the_notebook_script(wheel: Path, tmp_path: Path) -> None:
    """The wheel goes into a new virtual environment (its third-party packages are this one's, seen through a
    .pth file, so the test does not download TensorFlow again); `pip check` then proves the wheel's declared
    requirements are met, and the script runs from a folder that is not the checkout."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "dev_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True,
                   timeout=300)
    check = subprocess.run([str(python), "-m", "pip", "check"], capture_output=True, text=True)
    assert "cnnviz" not in check.stdout, check.stdout  # every requirement of cnnviz is installed, as pinned
    work = tmp_path / "notebook"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([str(python), "-c", SCRIPT], cwd=work, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(found["file"]).is_relative_to(env_dir), found["file"]  # the installed copy, not the checkout

    # the same numbers as the app's library in this process (the checkout's copy), and as Keras counts them
    from cnnviz import activations, arch, data, zoo

    model = zoo.build_model("fashion_cnn")
    rows = arch.layer_table(model)
    assert found["names"] == [row.name for row in rows]
    assert found["params"] == [row.params for row in rows] and sum(found["params"]) == model.count_params()
    sample = data.load_dataset("fashion_mnist_sample")
    assert found["test_images"] == len(sample.x_test)
    assert found["conv1_shape"] == list(activations.feature_maps(model, sample.x_test[:1])["conv1"].shape)
    assert found["cam_shape"][:2] == [28, 28]
