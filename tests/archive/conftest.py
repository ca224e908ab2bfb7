"""Archive fixtures: Settings on tmp_path (nothing touches a real home) and generated documents."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakes import FakePipeline, text_processor, write_doc  # noqa: E402,F401

from archive import db  # noqa: E402
from archive.settings import load_settings  # noqa: E402


@pytest.fixture
def settings(tmp_path, database_url):
    """Settings on tmp_path; SQLite in it, or a fresh PostgreSQL schema in a module that runs on
    both backends (``BOTH_BACKENDS = True``, see tests/conftest.py)."""
    environ = {"BURT_WORKERS": "1"}
    if database_url:
        environ["BURT_DATABASE_URL"] = database_url
    s = load_settings(home=tmp_path / "home", environ=environ)
    yield s
    db.close_db(s)


@pytest.fixture
def processor():
    """The fake pipeline (JSON documents, no OCR) with the production entry points."""
    return FakePipeline(text_processor)
