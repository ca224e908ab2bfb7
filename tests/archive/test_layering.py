"""Each third-party library behind one archive module; archive never imports web or Flask."""
from __future__ import annotations

import ast
from pathlib import Path

ARCHIVE = Path(__file__).resolve().parents[2] / "archive"
# library -> archive modules allowed to import it (the activity modules build tables on db.Base)
OWNERS = {"whoosh": {"search.py"}, "bagit": {"bag.py"},
          "sqlalchemy": {"db.py", "activities.py", "activity_tables.py", "evidence.py", "linking.py",
                         "dashboard.py", "audit.py", "report.py", "partners.py"},
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


def test_libraries_stay_behind_their_module():
    wrong = []
    for path in sorted(ARCHIVE.glob("*.py")):
        for lib in imports(path) & set(OWNERS):
            if path.name not in OWNERS[lib]:
                wrong.append(f"{path.name} imports {lib}")
    assert wrong == []
