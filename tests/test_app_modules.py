"""The app's state modules (`app_state/*.py`) and the pages' views (`app_pages/views/*.py`): one concern each,
a façade keeping every name, real types; the pages a user navigates (`app_pages/*.py`) are apart from them."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# module name -> file: the app's state, and the views of one page each (Computation's calc_*, Labs' lab_*)
STATE = {f"app_state.{p.stem}": p for p in sorted((ROOT / "app_state").glob("*.py")) if p.stem != "__init__"}
VIEWS = {f"app_pages.views.{p.stem}": p for p in sorted((ROOT / "app_pages" / "views").glob("*.py"))
         if p.stem != "__init__"}
MODULES = sorted([*STATE, *VIEWS])


def _parsed(name: str) -> ast.Module:
    path = {**STATE, **VIEWS}[name]
    return ast.parse(path.read_text(encoding="utf-8"))


def test_the_pages_folder_holds_only_pages_and_their_views() -> None:
    """app_pages/ is what a user navigates (one file per page of the entry script's navigation) and its views."""
    entry = (ROOT / "streamlit_app.py").read_text(encoding="utf-8")
    pages = {p.stem for p in (ROOT / "app_pages").glob("*.py")}
    assert all(f'("{page}",' in entry for page in pages), pages
    assert not any(name.startswith("_") for name in pages)


def test_facade_keeps_every_name_the_pages_and_tests_use() -> None:
    from app_state import shared

    sources = [ROOT / "streamlit_app.py", *(ROOT / "app_pages").rglob("*.py"),
               *(p for p in (ROOT / "tests").glob("*.py") if p.name != Path(__file__).name)]
    used = {name for path in sources
            for name in re.findall(r"\b_?shared\.([A-Za-z_]\w*)\b", path.read_text(encoding="utf-8"))}
    used -= {"py"}  # the file name `shared.py` in prose
    assert {"sidebar", "current_model", "zoo_model", "zip_dataset", "t"} <= used  # the scan found the pages
    assert sorted(used - set(shared.__all__)) == []
    assert sorted(n for n in shared.__all__ if not hasattr(shared, n)) == []


def test_facade_names_are_the_objects_of_their_own_modules() -> None:
    """One definition each: `shared.zoo_model` is the very cache the model loader fills, not a copy."""
    import importlib

    from app_state import shared

    for name in shared.__all__:
        value = getattr(shared, name)
        home = importlib.import_module(getattr(value, "__module__", None) or "app_state.shared")
        if home.__name__.startswith("app_state.") and home.__name__ != "app_state.shared":
            assert getattr(home, name) is value, name
    from app_state import cache, current

    assert current.zoo_model is cache.zoo_model is shared.zoo_model


def test_the_facade_defines_nothing_itself() -> None:
    tree = _parsed("app_state.shared")
    defined = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    assert defined == []


@pytest.mark.parametrize("name", [m for m in MODULES if m != "app_state.shared"])
def test_each_module_imports_first_without_a_cycle(name: str) -> None:
    """Importing any one module first works: none waits on a half-imported other."""
    result = subprocess.run([sys.executable, "-c", f"import {name}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def test_text_module_imports_no_other_app_module() -> None:
    imported = {n.module for n in ast.walk(_parsed("app_state.text")) if isinstance(n, ast.ImportFrom)}
    assert not any(m and m.startswith(("app_pages", "app_state")) for m in imported)


def _cached_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    def cached(decorator: ast.expr) -> bool:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        return isinstance(target, ast.Attribute) and target.attr in {"cache_resource", "cache_data"}

    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and any(map(cached, n.decorator_list))]


@pytest.mark.parametrize("name", MODULES)
def test_each_cached_function_says_its_key_in_one_line(name: str) -> None:
    for function in _cached_functions(_parsed(name)):
        doc = ast.get_docstring(function) or ""
        assert "\n" not in doc.strip() and "Key:" in doc, function.name


def test_the_cache_module_holds_the_shared_caches() -> None:
    names = {f.name for f in _cached_functions(_parsed("app_state.cache"))}
    assert {"zoo_model", "checkpoint_model", "uploaded_model", "dataset", "_zip_datasets", "checkpoint_list",
            "cached_rows", "_cleaned"} <= names
    # A page keeps the caches only it uses (as feature_maps.py does), and so do the views that are parts of
    # one page (`calc_*` of Computation, `lab_*` of Labs); everything several pages share lives in cache.
    shared = [m for m in STATE if m != "app_state.cache"]
    others = {m: [f.name for f in _cached_functions(_parsed(m))] for m in shared}
    assert all(not found for found in others.values()), others


@pytest.mark.parametrize("name", MODULES)
def test_no_any_in_signatures_but_forwarded_keyword_arguments(name: str) -> None:
    """Models are `keras.Model`, rows `arch.LayerInfo`, callbacks `Callable`; `Any` only for **kwargs."""
    loose = []
    for node in ast.walk(_parsed(name)):
        if isinstance(node, ast.FunctionDef):
            args = node.args
            annotated = [*args.posonlyargs, *args.args, *args.kwonlyargs, *filter(None, [args.vararg])]
            loose += [f"{node.name}({a.arg})" for a in annotated
                      if a.annotation and "Any" in ast.unparse(a.annotation)]
            if node.returns is not None and "Any" in ast.unparse(node.returns):
                loose.append(f"{node.name} -> ...")
        if isinstance(node, ast.AnnAssign) and "Any" in ast.unparse(node.annotation):
            loose.append(ast.unparse(node.target))
    assert loose == []
