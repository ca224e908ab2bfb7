"""The kind of a stored table comes from its header words (issue 15): a daftar hadir filed as a
book list is stored and shown as an attendance list; a table whose header names no kind is stored
as a plain grid (kind "umum", numbered columns) and shown as one, flagged (real SQLite, OCR words
laid out by hand through the pipeline seam, Flask test client)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "archive"))

from fakes import FakePipeline  # noqa: E402
from test_table_data import grid_processor  # noqa: E402

from archive import service  # noqa: E402


def _ingest(settings, tmp_path, name, grid, doc_type="daftar_judul_buku") -> str:
    path = tmp_path / name
    path.write_text(json.dumps({"pages": ["DAFTAR"], "doc_type": doc_type, "sop_step": 4, "grid": [grid]}),
                    encoding="utf-8")
    [out] = service.ingest_paths(settings, [path], processor=FakePipeline(grid_processor))
    return out.id


def test_stored_kind_follows_the_header_and_a_plain_grid_is_shown(settings, client_as, tmp_path):
    hadir = _ingest(settings, tmp_path, "hadir.json", [
        [(100, "No"), (250, "Nama Lengkap"), (900, "Jabatan"), (1600, "Tanda Tangan")],
        [(110, "1"), (250, "Mahyuni"), (900, "Kader PKK")], [(110, "2"), (250, "Rahmadi"), (900, "Guru PAUD")]])
    tables = service.document_tables(settings, hadir)
    assert tables.kind == "hadir" and tables.attendees == 2 and tables.books is None
    grid = _ingest(settings, tmp_path, "grid.json", [
        [(100, "Kode"), (500, "Uraian"), (1300, "Volume")], [(100, "A.1"), (500, "Rak buku kayu"), (1300, "4 unit")],
        [(100, "A.2"), (500, "Karpet baca"), (1300, "2 lembar")]])
    tables = service.document_tables(settings, grid)
    assert tables.kind == "umum" and tables.columns == ("kolom_1", "kolom_2", "kolom_3")
    assert [r.cells.get("kolom_2") for r in tables.rows] == ["Uraian", "Rak buku kayu", "Karpet baca"]
    assert tables.flagged == 3
    page = client_as("auditor").get(f"/dokumen/{grid}").get_data(as_text=True)
    assert 'data-kind="umum"' in page and "Kolom 2" in page and "Rak buku kayu" in page
    assert 'id="table-rows"' in page and "3 baris" in page
    csv_file = service.export_document_table(settings, grid, "csv")
    assert csv_file.data.decode("utf-8-sig").splitlines()[0].startswith("Kolom 1,Kolom 2,Kolom 3")
