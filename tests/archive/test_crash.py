"""kill -9 at every point of the ingest order, then resume: nothing lost, nothing doubled, and
no half document ever visible in search.

A subprocess runs ``burt ingest`` through ``crash_runner.py``, which replaces the no-op
``archive.jobs.crash_point`` in that process only, so it SIGKILLs itself right after that stage
of the first document.  Production code has no switch that makes it kill itself.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import write_doc

from archive import service, store
from archive.db import JobRow, select, session_scope
from archive.records import SearchQuery

BOTH_BACKENDS = True  # each storage test runs on SQLite and on PostgreSQL (tests/conftest.py)

HERE = Path(__file__).parent
STAGES = ["job", "stored", "processed", "derivatives", "committed", "indexed"]

RUNNER = HERE / "crash_runner.py"


def run_ingest(home: Path, paths: list[Path], crash_at: str | None, *, fake: bool = True,
               timeout: int = 120, database_url: str | None = None) -> subprocess.CompletedProcess:
    """``burt ingest --json`` in a child process, optionally SIGKILLed after ``crash_at``
    (``database_url``: the PostgreSQL schema of the test; None = SQLite in ``home``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURT_")}
    env["BURT_WORKERS"] = "1"
    if database_url:
        env["BURT_DATABASE_URL"] = database_url
    return subprocess.run([sys.executable, str(RUNNER), str(home), crash_at or "-", "fake" if fake else "real",
                           *map(str, paths)], env=env, capture_output=True, text=True, timeout=timeout)


def run_ingest_real(home: Path, paths: list[Path], crash_at: str | None) -> subprocess.CompletedProcess:
    return run_ingest(home, paths, crash_at, fake=False, timeout=600)


def visible_ids(settings) -> set[str]:
    return {h.id for h in service.search(settings, SearchQuery(text="", limit=100, facets=False)).hits}


def assert_nothing_half_visible(settings) -> None:
    """Every document search shows is committed, with its original and derivatives intact."""
    for doc_id in visible_ids(settings):
        doc = service.get_document(settings, doc_id)
        assert store.sha256_file(service.document_file(settings, doc_id, "original")) == doc.sha256
        assert len(doc.pages) == 2 and "page-0002.png" in doc.derivatives


@pytest.mark.parametrize("stage", [s if s == "committed" else pytest.param(s, marks=pytest.mark.slow)
                                   for s in STAGES])
def test_kill_9_then_resume_loses_and_doubles_nothing(settings, backend, tmp_path, stage):
    files = [write_doc(tmp_path / f"k{i}.json", [f"Surat kegiatan BuRT nomor {i} perpustakaan", "halaman 2"],
                       doc_type="surat_balasan", sop_step=3) for i in range(3)]
    pg_url = None if backend == "sqlite" else settings.database_url
    crashed = run_ingest(settings.home, files, stage, database_url=pg_url)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    assert crashed.stdout == "" or stage == "indexed"  # it died on the first document

    assert_nothing_half_visible(settings)
    if stage in ("job", "stored", "processed", "derivatives", "committed"):
        assert visible_ids(settings) == set()

    resumed = run_ingest(settings.home, files, None, database_url=pg_url)
    assert resumed.returncode == 0, resumed.stderr
    statuses = [json.loads(line)["status"] for line in resumed.stdout.splitlines()]
    assert statuses.count("failed") == 0

    expected = {store.sha256_file(f)[:12] for f in files}
    docs = service.list_documents(settings, limit=100)
    assert sorted(d.id for d in docs) == sorted(expected)  # none lost, none doubled
    assert visible_ids(settings) == expected
    for i in range(3):
        assert service.search(settings, SearchQuery(text=f"nomor {i}", facets=False)).total >= 1
    assert service.verify(settings).ok, service.verify(settings).lines()
    with session_scope(settings) as s:
        assert set(s.scalars(select(JobRow.status))) <= {"done"}
    assert not list(settings.tmp_dir.glob("deriv-*"))
