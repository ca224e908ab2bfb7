"""Suite-wide fixtures: the committed samples, OCR'd once per run into one archive.

``sample_archive`` runs ``burt ingest --json samples/`` (the production batch path, real
Tesseract) once per session, the first time a slow test asks for it. The data dir it builds is
read-only for every test: tests read the pipeline's ``ocr.json`` of a sample from it, and a test
that opens or changes the archive works on its own copy (``sample_archive.copy(...)``), which
copies the files and OCRs nothing.

Tiers: plain ``pytest`` runs the fast tier (``-m "not slow and not e2e"`` in pyproject's addopts);
``make test`` (CI) runs every test.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.ocr import limit_threads
from tests.sample_archive import ROOT, SAMPLES, SampleArchive

# Tesseract held to one thread before anything loads it, as in every process of the product that reads
# pages (libtesseract's engine refuses to run otherwise, and the command would spin a thread per core)
limit_threads()


def _tree_state(home: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(home)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(home.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def _process_tmp_restored():
    """A CLI or app started in-process points TMPDIR at its data directory's ``tmp/``
    (``Settings.use_private_tmp``), as a real process should. The test process lives on, so
    put the process-wide temporary directory back after each test; otherwise a later test
    (e.g. chromium, whose socket path must stay short) inherits a deleted, deep path."""
    import tempfile

    before_env, before_mod = os.environ.get("TMPDIR"), tempfile.tempdir
    yield
    tempfile.tempdir = before_mod
    if before_env is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = before_env


@pytest.fixture(scope="session")
def sample_archive(tmp_path_factory) -> SampleArchive:
    home = tmp_path_factory.mktemp("sample-archive") / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURT_")}
    env.update(BURT_WORKERS="2", OMP_THREAD_LIMIT="1")
    out = subprocess.run([sys.executable, "-m", "web.cli", "--home", str(home), "ingest", "--json", str(SAMPLES)],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=3600)
    if out.returncode != 0:
        pytest.fail(f"burt ingest of samples/ failed ({out.returncode}):\n{out.stderr[-3000:]}\n{out.stdout[-2000:]}")
    lines = tuple(json.loads(line) for line in out.stdout.splitlines() if line.strip())
    built = SampleArchive(home=home, lines=lines)
    before = _tree_state(home)
    yield built
    assert _tree_state(home) == before, "a test changed the shared sample archive: use sample_archive.copy()"


# --- database backends (issue 16): SQLite always, PostgreSQL where BURT_TEST_PG_URL names a server ---
# A module that sets ``BOTH_BACKENDS = True`` runs each of its tests that use the ``backend`` fixture
# (the archive's ``settings`` fixture does) once on SQLite and once on PostgreSQL; a test marked
# ``sqlite_only`` keeps the SQLite run alone.  See tests/pg_backend.py for skip-or-fail.

def pytest_generate_tests(metafunc):
    if "backend" not in metafunc.fixturenames or not getattr(metafunc.module, "BOTH_BACKENDS", False):
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    from tests.pg_backend import BACKENDS
    metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request) -> str:
    """The database engine of this test: "sqlite" unless the module asks for both."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def database_url(backend):
    """``BURT_DATABASE_URL`` for this test: None (SQLite in the data directory) or a fresh
    PostgreSQL schema, dropped after the test."""
    if backend == "sqlite":
        yield None
        return
    from tests.pg_backend import fresh_schema
    with fresh_schema() as url:
        yield url
