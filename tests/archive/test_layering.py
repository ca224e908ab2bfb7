"""Each third-party library behind one archive module; archive never imports web or Flask.
(No function-local imports of project modules anywhere: ``tests/test_no_local_imports.py``.)"""
from __future__ import annotations

import ast
from pathlib import Path

ARCHIVE = Path(__file__).resolve().parents[2] / "archive"
# library -> archive modules allowed to import it
OWNERS = {"whoosh": {"search"}, "bagit": {"bag.py"}, "sqlalchemy": {"db.py"}, "alembic": {"db.py"},
          "flask": set(), "web": set()}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def _owner(path: Path) -> str:
    """``search.py`` or, for a module of a sub-package, the package (``search``)."""
    rel = path.relative_to(ARCHIVE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.name


def _modules():
    return sorted(p for p in ARCHIVE.rglob("*.py") if "migrations" not in p.parts)


def test_libraries_stay_behind_their_module():
    wrong = []
    for path in _modules():
        for lib in imports(path) & set(OWNERS):
            if _owner(path) not in OWNERS[lib]:
                wrong.append(f"{path.relative_to(ARCHIVE)} imports {lib}")
    assert wrong == []


def test_no_module_getattr_in_archive():
    assert [p.name for p in _modules() if "def __getattr__(" in p.read_text(encoding="utf-8")] == []
