"""The archive with the REAL ingest pipeline (Tesseract) on committed samples: slow."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_crash import run_ingest_real  # noqa: F401  (kept beside the fake-pipeline crash test)

from archive import service
from archive.records import SearchQuery

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FILES = ["permohonan_pembinaan.png", "Scan_laporan_sosialisasi_0001.png"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def archived(sample_archive, tmp_path_factory):
    """A copy of the session's sample archive (``burt ingest`` of samples/, tests/conftest.py)."""
    from archive import db
    from archive.settings import load_settings
    home = sample_archive.copy(tmp_path_factory.mktemp("real"))
    settings = load_settings(home=home, environ={"BURT_WORKERS": "1"})
    outcomes = [SimpleNamespace(**sample_archive.line(f)) for f in FILES]
    yield settings, outcomes
    db.close_db(settings)


def truth(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))


def test_real_documents_are_archived_with_derivatives(archived):
    settings, outcomes = archived
    assert [o.status for o in outcomes] == ["ingested", "ingested"], [o.error for o in outcomes]
    for o in outcomes:
        doc = service.get_document(settings, o.id)
        assert doc.pages and doc.pages[0].words
        assert {"page-0001.png", "thumb-0001.jpg", "ocr.json"} <= set(doc.derivatives)
        assert service.document_file(settings, o.id, "page", page=1).stat().st_size > 0
    assert service.verify(settings).ok


def test_real_documents_are_found_by_their_perihal_and_nomor(archived):
    settings, outcomes = archived
    t = truth(FILES[0])
    got = service.search(settings, SearchQuery(text=t["perihal"].lower()))
    assert got.hits and got.hits[0].id == outcomes[0].id
    got = service.search(settings, SearchQuery(text=t["nomor"]))
    assert got.hits and got.hits[0].id == outcomes[0].id


def test_real_duplicate(archived, tmp_path):
    settings, outcomes = archived
    copy = tmp_path / "salinan.png"
    shutil.copy(SAMPLES / FILES[0], copy)
    [again] = service.ingest_paths(settings, [copy])
    assert (again.status, again.id) == ("duplicate", outcomes[0].id)


def test_real_pipeline_kill_9_while_processing_then_resume(settings, tmp_path):
    src = tmp_path / FILES[1]
    shutil.copy(SAMPLES / FILES[1], src)
    crashed = run_ingest_real(settings.home, [src], "processed")
    assert crashed.returncode == -9
    assert service.search(settings, SearchQuery(text="", facets=False)).total == 0
    resumed = run_ingest_real(settings.home, [src], None)
    assert resumed.returncode == 0, resumed.stderr
    assert len(service.list_documents(settings)) == 1
    assert service.search(settings, SearchQuery(text="", facets=False)).total == 1
    assert service.verify(settings).ok


def test_real_batch_mixes_good_bad_and_duplicate_files(settings, tmp_path):
    good = tmp_path / "surat.png"
    shutil.copy(SAMPLES / FILES[0], good)
    twin = tmp_path / "salinan.png"
    shutil.copy(SAMPLES / FILES[0], twin)
    empty = tmp_path / "kosong.pdf"
    empty.write_bytes(b"")
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\n")
    outcomes = {Path(o.file).name: o for o in service.ingest_paths(
        settings, [good, empty, broken, tmp_path / "hilang.jpg", twin])}
    assert outcomes["surat.png"].status == "ingested"
    assert outcomes["salinan.png"].status == "duplicate" and outcomes["salinan.png"].id == outcomes["surat.png"].id
    assert (outcomes["kosong.pdf"].status, outcomes["kosong.pdf"].error_code) == ("failed", "empty_file")
    assert outcomes["rusak.pdf"].status == "failed" and outcomes["rusak.pdf"].error
    assert outcomes["hilang.jpg"].error_code == "file_not_found"
    assert service.get_document(settings, outcomes["surat.png"].id).filename == "surat.png"
    assert [d.id for d in service.list_documents(settings)] == [outcomes["surat.png"].id]
    assert service.verify(settings).ok
    assert not list(settings.tmp_dir.glob("deriv-*"))
