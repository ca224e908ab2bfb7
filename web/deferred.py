"""A module of the product imported when one of its names is first used, not when ``burt`` starts.

``burt ocr`` reads one file without an archive and ``burt --help`` reads nothing, so neither should
pay for importing the database, the search index, Celery and Flask (about 1 CPU-s per call on the
2-core machine; issue 13).  ``web.cli`` therefore reaches ``archive.service``, ``archive.reading``
and ``web.app`` through a ``DeferredModule`` each.  The dependency stays declared: ``web.cli``
imports the same modules under ``TYPE_CHECKING``, which mypy checks every call against and
import-linter counts in its contracts.  This is the product's one dynamic import of its own modules
(``tests/test_no_local_imports.py`` allows it here and nowhere else); it unties no cycle.
"""
from __future__ import annotations

import importlib
from typing import Any


class DeferredModule:
    """Stands for the module ``name`` and imports it on the first attribute asked for (the import
    system's lock makes that safe from any thread; later look-ups find it in ``sys.modules``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self.name), attr)

    def __repr__(self) -> str:
        return f"<deferred module {self.name!r}>"
