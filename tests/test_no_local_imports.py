"""Every import of a project module (``archive``, ``ingest``, ``web``) is at module level: none
inside a function, a method or a class body, and no ``importlib.import_module`` / ``__import__``
of one anywhere (issue 12: a local import hides a dependency, and usually an import cycle).

The product packages are scanned, each .py file as a syntax tree; the scanner is shown failing
on bad snippets below, so a pass means something."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("archive", "ingest", "web")


def _is_project(name: str | None, level: int = 0) -> bool:
    """A relative import (``from . import x``) is always of the project; else by its first part."""
    return level > 0 or (name or "").split(".")[0] in PACKAGES


def _dynamic_project_import(node: ast.Call) -> bool:
    """``importlib.import_module("web.x")``, ``import_module("web.x")`` or ``__import__("web.x")``
    (a name built at run time counts too: it can only be checked by running it)."""
    fn = node.func
    name = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
    if name not in ("import_module", "__import__") or not node.args:
        return False
    first = node.args[0]
    return not isinstance(first, ast.Constant) or _is_project(str(first.value))


def local_imports(source: str, filename: str = "<snippet>") -> list[str]:
    """``file:line module`` of each import of a project module that is not at module level
    (module-level ``if``/``try`` blocks count as module level)."""
    found: list[str] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef))
            if isinstance(child, ast.Import) and nested:
                found.extend(f"{filename}:{child.lineno} {a.name}" for a in child.names if _is_project(a.name))
            elif isinstance(child, ast.ImportFrom) and nested and _is_project(child.module, child.level):
                found.append(f"{filename}:{child.lineno} {'.' * child.level}{child.module or ''}")
            elif isinstance(child, ast.Call) and _dynamic_project_import(child):
                found.append(f"{filename}:{child.lineno} dynamic import")
            visit(child, inner)

    visit(ast.parse(source, filename), False)
    return found


def project_files() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py") if "migrations" not in p.parts)


# The one dynamic import allowed (issue 13): `web.cli` reaches `archive.service`, `archive.reading` and
# `web.app` through `web.deferred.DeferredModule`, so that `burt ocr` and `burt --help` do not import the
# database, the index and Flask. Each such module is imported under TYPE_CHECKING in the same file
# (checked below), so mypy and import-linter still see the dependency.
DEFERRED_DOOR = "web/deferred.py"


def test_no_project_module_is_imported_inside_a_function():
    files = project_files()
    assert len(files) > 100 and ROOT / "web" / "cli.py" in files  # the scan sees the whole product
    found = [hit for path in files for hit in local_imports(path.read_text(encoding="utf-8"),
                                                            str(path.relative_to(ROOT)))]
    door = [hit for hit in found if hit.startswith(DEFERRED_DOOR + ":")]
    assert [hit.split(" ", 1)[1] for hit in door] == ["dynamic import"]
    assert [hit for hit in found if hit not in door] == []


def deferred_undeclared(source: str) -> list[str]:
    """The modules a file names in ``DeferredModule("...")`` that it does not also import in an
    ``if TYPE_CHECKING:`` block at module level."""
    tree = ast.parse(source)
    deferred = {node.args[0].value for node in ast.walk(tree)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "DeferredModule"
                and node.args and isinstance(node.args[0], ast.Constant)}
    declared: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for imp in node.body:
                if isinstance(imp, ast.Import):
                    declared.update(a.name for a in imp.names)
                elif isinstance(imp, ast.ImportFrom) and imp.module:
                    declared.update(f"{imp.module}.{a.name}" for a in imp.names)
    return sorted(deferred - declared)


def test_every_deferred_module_is_declared_for_the_checkers():
    users = [path for path in project_files() if "DeferredModule(" in path.read_text(encoding="utf-8")
             and path.name != "deferred.py"]
    assert ROOT / "web" / "cli.py" in users
    assert {str(path.relative_to(ROOT)): deferred_undeclared(path.read_text(encoding="utf-8"))
            for path in users} == {str(path.relative_to(ROOT)): [] for path in users}
    bad = ('from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from archive import service\n'
           'else:\n    service = DeferredModule("archive.service")\nweb_app = DeferredModule("web.app")\n')
    assert deferred_undeclared(bad) == ["web.app"]


def test_the_scanner_finds_each_kind_of_local_import():
    bad = '''
import os
from archive import service            # module level: fine
if os.name == "posix":
    from web import state              # still module level: fine
try:
    import ingest.ocr                  # fine
except ImportError:
    raise

def f():
    from archive.records import SearchQuery
    import web.cli
    import json                        # not a project module: fine
    return SearchQuery

class C:
    from ingest import errors

    def m(self):
        from . import sibling
        return lambda: __import__("archive.db")

def g(name):
    import importlib
    return importlib.import_module(name), importlib.import_module("ingest.load")
'''
    assert local_imports(bad) == [
        "<snippet>:12 archive.records", "<snippet>:13 web.cli", "<snippet>:18 ingest",
        "<snippet>:21 .", "<snippet>:22 dynamic import", "<snippet>:26 dynamic import",
        "<snippet>:26 dynamic import"]
    assert local_imports("import json\nimport importlib\nx = importlib.import_module('json')\n") == []
