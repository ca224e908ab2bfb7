"""Tables as data in the UI: the document page shows a book list's rows as a real table with its
total and CSV / XLSX downloads, the activity page the books distributed, the dashboard books per
step and month (Flask test client, real SQLite archive filled through the pipeline seam)."""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "archive"))

from fakes import FakePipeline  # noqa: E402
from test_table_data import BOOKS, _book_list, grid_processor  # noqa: E402

from archive import service  # noqa: E402


def test_book_list_page_activity_and_dashboard(settings, client_as, tmp_path):
    [out] = service.ingest_paths(settings, [_book_list(tmp_path, "daftar.json", BOOKS)],
                                 processor=FakePipeline(grid_processor))
    act = service.create_activity(settings, "Desa Lok Batu", "2024", user="pelaksana")
    service.link_document(settings, out.id, act.id, user="pelaksana")
    client = client_as("auditor")
    page = client.get(f"/dokumen/{out.id}").get_data(as_text=True)
    assert 'id="doc-table"' in page and 'data-kind="buku"' in page
    assert "18 eksemplar" in page and "Laskar Pelangi" in page and "Tim Penebar Swadaya" in page
    # the header as read under the column's name where it differs ("Judu1 Buku"), not where it is the same
    assert '<small class="muted header-read" lang="id">Judu1 Buku</small>' in page
    assert 'lang="id">Penerbit</small>' not in page
    resp = client.get(f"/dokumen/{out.id}/tabel/csv")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == [b[1] for b in BOOKS]
    assert client.get(f"/dokumen/{out.id}/tabel/xlsx").status_code == 200
    assert client.get(f"/dokumen/{out.id}/tabel/pdf").status_code == 404
    activity = client.get(f"/kegiatan/{act.id}").get_data(as_text=True)
    assert 'id="activity-books"' in activity and "18 eksemplar buku disalurkan" in activity
    board = client.get("/dasbor").get_data(as_text=True)
    assert 'id="books-by-month"' in board and "2024-04" in board
    assert any(e.action == "document.table_export" for e in service.audit_log(settings, doc_id=out.id))


def test_a_letter_has_no_table_section(client_as, letter_doc):
    page = client_as("auditor").get(f"/dokumen/{letter_doc}").get_data(as_text=True)
    assert 'id="doc-table"' not in page and 'id="tabel"' not in page
    assert client_as("auditor").get(f"/dokumen/{letter_doc}/tabel/csv").status_code == 400
