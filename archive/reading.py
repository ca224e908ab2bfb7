"""One-shot reading of a file without an archive (``burt ocr``): the second, small face of the
archive package, beside ``archive.service``.

It imports only the settings' types and the ingest pipeline, never the database, the search index,
Celery or the archive's other modules, so a ``burt ocr`` call pays for the reading and not for an
archive it does not open (issue 13: ``import archive.service`` costs about 1 CPU-s more).
``archive.service.ocr_file`` is this function, for callers of the main face.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from archive.settings import Settings
from ingest import pipeline
from ingest.model import IngestResult
from ingest.ocr import limit_threads


def ocr_file(settings: Settings, path, *, debug_dir=None) -> IngestResult:
    """Run the ingest pipeline on one file without archiving it (no ``Archive`` is opened, so the
    Tesseract thread limit is set here)."""
    limit_threads()
    options = replace(settings.ingest, debug_dir=str(debug_dir)) if debug_dir else settings.ingest
    return pipeline.ingest_file(Path(path), options)
