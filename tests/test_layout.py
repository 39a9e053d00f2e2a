"""The library's layout: rooms in layers, no import circles, the public names where README puts them."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import cnnviz

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cnnviz"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every cnnviz module `path` imports, anywhere in the file (inside functions too), as full names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "cnnviz":
                continue
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if _is_module(candidate) else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "cnnviz"}
    return found


def _is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    return (ROOT / relative).with_suffix(".py").is_file() or (ROOT / relative / "__init__.py").is_file()


def room(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in cnnviz.LAYERS else None


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_lives_in_a_room() -> None:
    loose = [name for name in MODULES if room(name) is None and name not in {"cnnviz", "cnnviz.__main__"}]
    assert loose == []
    assert {room(name) for name in MODULES} - {None} == set(cnnviz.LAYERS)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_its_own_room_and_the_rooms_below(name: str) -> None:
    mine = room(name)
    if mine is None:  # the package's own __init__ and the command line sit above every room
        return
    level = cnnviz.LAYERS.index(mine)
    for imported in imports(MODULES[name]):
        theirs = room(imported)
        assert imported == "cnnviz" or theirs is not None, f"{name} imports {imported} by a flat alias"
        if theirs is not None:
            assert cnnviz.LAYERS.index(theirs) <= level, f"{name} ({mine}) imports {imported} ({theirs}), above it"


def test_no_import_circles() -> None:
    graph = {name: {i for i in imports(path) if i in MODULES and i != name} for name, path in MODULES.items()}
    graph = {name: {i for i in deps if not name.startswith(i + ".")} for name, deps in graph.items()}  # a room's
    # __init__ re-exporting its own modules is not a circle back to it
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                raise AssertionError(" → ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name)


# The names README and the issues tell people to call, each importable where they said.
PUBLIC = [
    "cnnviz.explain.grad_cam", "cnnviz.explain.METHODS", "cnnviz.arch.layer_table", "cnnviz.arch.totals",
    "cnnviz.zoo.build_model", "cnnviz.zoo.list_models", "cnnviz.activations.feature_maps",
    "cnnviz.activations.maps_within_budget",
    "cnnviz.arithmetic.conv_at", "cnnviz.arithmetic.pool_at", "cnnviz.receptive.receptive_box",
    "cnnviz.receptive.effective_field", "cnnviz.embedding.features", "cnnviz.embedding.project",
    "cnnviz.featureviz.top_patches", "cnnviz.featureviz.maximize", "cnnviz.compare.runs",
    "cnnviz.compare.confusion_difference", "cnnviz.checkpoints.model_at_epoch", "cnnviz.checkpoints.epoch_weights",
    "cnnviz.data.load_dataset", "cnnviz.evaluation.evaluate", "cnnviz.training.train",
]


@pytest.mark.parametrize("dotted", PUBLIC)
def test_a_public_name_is_importable_where_people_were_told(dotted: str) -> None:
    module, _, name = dotted.rpartition(".")
    assert hasattr(importlib.import_module(module), name)


def test_a_flat_alias_is_the_same_module_as_the_one_in_its_room() -> None:
    from cnnviz import arch
    from cnnviz.models import arch as in_room

    assert arch is in_room and importlib.import_module("cnnviz.arch") is in_room
    assert in_room.__spec__.name == "cnnviz.models.arch"


def test_readme_names_only_importable_calls() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(cnnviz(?:\.[a-z_]+)+)\.([a-z_][A-Za-z0-9_]*)\(", text))
    assert named, "README names library calls"
    missing = [f"{m}.{n}" for m, n in sorted(named) if not hasattr(importlib.import_module(m), n)]
    assert missing == []
