"""The dependency direction web → archive → ingest: a lower layer never imports a higher one
(nor Flask). Checked on the source (every import statement, also inside functions)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "ingest": ("archive", "web", "flask", "flask_login", "flask_wtf", "flask_babel", "werkzeug", "waitress",
               "sqlalchemy", "whoosh"),
    "archive": ("web", "flask", "flask_login", "flask_wtf", "flask_babel", "waitress"),
}
# web/ talks to the archive only through its face (and the error, record and settings types, and the
# one-shot reading face `archive.reading` that `burt ocr` uses without opening an archive: issue 13),
# never to storage or image libraries.
WEB_FORBIDDEN = ("sqlalchemy", "whoosh", "cv2", "pytesseract", "pdf2image", "bagit")
WEB_MAY_IMPORT = {"archive": ("service", "reading", "errors", "records", "settings"), "ingest": ("errors",)}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names)
    return found


def _hits(package: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, name in imported_modules(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return bad


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_upward_imports(package):
    assert _hits(package, FORBIDDEN[package]) == []


def test_web_uses_only_the_archive_face():
    assert _hits("web", WEB_FORBIDDEN) == []
    deeper = []
    for path in sorted((ROOT / "web").rglob("*.py")):
        for line, name in imported_modules(path):
            package, _, rest = name.partition(".")
            if package in WEB_MAY_IMPORT and rest and rest.split(".")[0] not in WEB_MAY_IMPORT[package]:
                deeper.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert deeper == []


def test_the_checker_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from web import create_app\n    import flask\n")
    names = [n for _, n in imported_modules(sample)]
    assert "web" in names and "flask" in names
