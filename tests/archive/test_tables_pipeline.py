"""Tables as data through the real pipeline (Tesseract, SQLite): generated pages
(``samples/tables.py``) of a ruled book list, an unruled attendance list and a schedule, each in
a capture kind of ``samples/capture.py``, archived with ``service.ingest_paths`` and read back
as rows with ``service.document_tables``."""
from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from archive import db, service
from archive.settings import load_settings
from samples.capture import capture
from samples.tables import table_page

pytestmark = pytest.mark.slow

DOC_TYPES = {"buku": "daftar_judul_buku", "hadir": "daftar_hadir", "jadwal": "jadwal_pembinaan"}


@pytest.fixture
def settings(tmp_path):
    """SQLite on tmp_path, with a long OCR timeout: a loaded machine is not what is tested here."""
    s = load_settings(home=tmp_path / "home", environ={"BURT_WORKERS": "1", "BURT_OCR_TIMEOUT": "900"})
    yield s
    db.close_db(s)


def _archive(settings, tmp_path, kind: str, ruled: bool, capture_kind: str, seed: int = 3):
    page = table_page(kind, seed, ruled=ruled)
    cap = capture([page.image], capture_kind, random.Random(seed))
    path = tmp_path / f"{kind}.{cap.ext}"
    path.write_bytes(cap.files[0])
    [out] = service.ingest_paths(settings, [path])
    assert out.status == "ingested", out
    if service.get_document(settings, out.id).doc_type != DOC_TYPES[kind]:
        # the classifier is not under test here: a clerk's correction makes it the list it is
        service.correct_metadata(settings, out.id, {"doc_type": DOC_TYPES[kind]}, user="pelaksana1")
    return page, service.document_tables(settings, out.id)


def _exact_share(truth: list[dict[str, str]], rows) -> float:
    cells = [(col, value, r.cells.get(col)) for t, r in zip(truth, rows) for col, value in t.items()]
    return sum(1 for _, value, got in cells if got == value) / len(cells)


def test_a_ruled_book_list_becomes_books_with_copies(settings, tmp_path):
    page, tables = _archive(settings, tmp_path, "buku", ruled=True, capture_kind="camscanner_pdf")
    assert tables.kind == "buku" and tables.titles == len(page.rows)
    for truth, row in zip(page.rows, tables.rows):
        assert fuzz.ratio(truth["judul"], row.cells.get("judul", "")) >= 90, (truth, row.cells)
    assert _exact_share(page.rows, tables.rows) >= 0.9
    assert tables.books == sum(int(t["eksemplar"]) for t in page.rows)


def test_an_unruled_attendance_list_gives_its_count_of_attendees(settings, tmp_path):
    page, tables = _archive(settings, tmp_path, "hadir", ruled=False, capture_kind="clean_scan")
    assert tables.kind == "hadir" and tables.attendees == len(page.rows)
    assert [r.cells.get("nama") for r in tables.rows] == [t["nama"] for t in page.rows]
    assert all("tanda_tangan" not in r.cells for r in tables.rows)


def test_a_schedule_becomes_dated_entries(settings, tmp_path):
    page, tables = _archive(settings, tmp_path, "jadwal", ruled=True, capture_kind="flatbed_skew")
    assert tables.kind == "jadwal"
    assert [e.tanggal for e in tables.schedule] == [t["tanggal"] for t in page.rows]
    for truth, entry in zip(page.rows, tables.schedule):
        assert fuzz.partial_ratio(truth["kegiatan"], entry.agenda) >= 90, (truth, entry)
    csv_file = service.export_document_table(settings, tables.document_id, "csv")
    assert csv_file.data.decode("utf-8-sig").count("\n") == len(page.rows) + 1
