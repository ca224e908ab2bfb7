"""Tables as data (issue 15): book lists, attendance lists and schedules read as rows by their
header text (OCR slips, any column order), unsure cells left empty and flagged, stored with the
document, summed per activity and per step and month, exported as CSV / XLSX.

The pages here are laid out as OCR words with boxes (a reader stands in for Tesseract, see
``grid_processor``); tests/archive/test_tables_pipeline.py reads generated page images with the
real pipeline."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fakes import FakePipeline, text_processor

from archive import service, table_read
from archive.dashboard import dashboard_data
from archive.errors import InvalidQueryError
from ingest.model import PageText, Word

BOTH_BACKENDS = True

LINE = 60  # px between table rows
WRAP_LINE = 36  # px between the lines of a wrapped cell
WRAP = (0, "")  # a line starting with this continues the cell above
CHAR = 22  # px per character


def words_of(lines: list[list[tuple[int, str]]], conf: float = 92.0, top: int = 100) -> list[dict]:
    """OCR words for ``lines`` of (x, text) cells: each word of a cell gets its own box."""
    out = []
    y = top - LINE
    for cells in lines:
        if cells and cells[0] == WRAP:  # the next line of a wrapped cell: closer than a new row
            y, cells = y + WRAP_LINE, cells[1:]
        else:
            y += LINE
        for x, text in cells:
            for word in text.split():
                c = conf if not word.startswith("~") else 20.0  # "~word": read with a low confidence
                word = word.lstrip("~")
                out.append({"text": word, "conf": c, "box": [x, y, CHAR * len(word), 30]})
                x += CHAR * (len(word) + 1)
    return out


BOOK_HEADER = [(100, "No."), (250, "Judu1 Buku"), (1000, "Pengarnag"), (1500, "Penerbit"), (1950, "Jml. Eks.")]


def book_lines(books: list[tuple[str, str, str, str, str]]) -> list[list[tuple[int, str]]]:
    return [[(110, no), (250, title), (1000, author), (1500, publisher), (1980, copies)]
            for no, title, author, publisher, copies in books]


BOOKS = [("1", "Laskar Pelangi", "Andrea Hirata", "Bentang Pustaka", "5"),
         ("2", "Si Kancil dan Buaya", "Tim Bhuana Ilmu", "Bhuana Ilmu Populer", "10"),
         ("3", "Bertanam Karet Unggul", "Tim Penebar Swadaya", "Penebar Swadaya", "3")]


def test_book_list_columns_by_header_text_with_ocr_slips():
    read = table_read.read_table(words_of([BOOK_HEADER] + book_lines(BOOKS)), "buku")
    assert read.columns == ("no", "judul", "pengarang", "penerbit", "eksemplar")
    assert [(r.cells["judul"], r.cells["pengarang"], r.copies) for r in read.rows] == \
        [("Laskar Pelangi", "Andrea Hirata", 5), ("Si Kancil dan Buaya", "Tim Bhuana Ilmu", 10),
         ("Bertanam Karet Unggul", "Tim Penebar Swadaya", 3)]
    assert all(not r.review for r in read.rows)


def test_column_order_is_read_from_the_header_not_from_positions():
    header = [(100, "No"), (250, "Eksemplar"), (600, "Pengarang"), (1200, "Judul")]
    lines = [[(110, "1"), (260, "7"), (600, "Tere Liye"), (1200, "Bumi")],
             [(110, "2"), (260, "2"), (600, "Ahmad Fuadi"), (1200, "Negeri 5 Menara")]]
    read = table_read.read_table(words_of([header] + lines), "buku")
    assert [(r.cells["judul"], r.cells["pengarang"], r.copies) for r in read.rows] == \
        [("Bumi", "Tere Liye", 7), ("Negeri 5 Menara", "Ahmad Fuadi", 2)]


def test_wrapped_title_joins_its_row_and_the_jumlah_row_is_the_stated_total():
    lines = book_lines(BOOKS[:2])
    wrapped = [lines[0], [WRAP, (250, "dan Sebuah Cerita")]] + lines[1:] + [[(250, "Jumlah"), (1980, "15")]]
    read = table_read.read_table(words_of([BOOK_HEADER] + wrapped), "buku")
    assert [r.cells["judul"] for r in read.rows] == ["Laskar Pelangi dan Sebuah Cerita", "Si Kancil dan Buaya"]
    assert read.stated_total == 15 and sum(r.copies or 0 for r in read.rows) == 15


def test_unsure_cells_stay_empty_and_are_flagged():
    rows = [("1", "Laskar Pelangi", "Andrea Hirata", "Bentang Pustaka", "l0x"),
            ("2", "Si Kancil dan Buaya", "~Tim ~Bhuana", "Bhuana Ilmu Populer", "10")]
    read = table_read.read_table(words_of([BOOK_HEADER] + book_lines(rows)), "buku")
    first, second = read.rows
    assert "eksemplar" not in first.cells and first.copies is None
    assert any("eksemplar" in r and "l0x" in r for r in first.review)
    assert "pengarang" not in second.cells and any("pengarang" in r for r in second.review)
    assert second.copies == 10


def test_attendance_and_schedule_rows():
    header = [(100, "No"), (250, "Nama Lengkap"), (900, "Jabatan/lnstansi"), (1600, "Tanda Tangan")]
    people = [[(110, str(k)), (250, name), (900, role), (1650, "~xj")] for k, (name, role) in
              enumerate([("Mahyuni", "Kader PKK"), ("Rahmadi", "Tokoh Masyarakat"), ("Saufi", "Guru PAUD")], 1)]
    hadir = table_read.read_table(words_of([header] + people), "hadir")
    assert [r.cells.get("nama") for r in hadir.rows] == ["Mahyuni", "Rahmadi", "Saufi"]
    assert all("tanda_tangan" not in r.cells for r in hadir.rows)  # a signature is not text
    header = [(100, "No."), (250, "Hari, Tanggal"), (750, "Waktu"), (1050, "Tempat"), (1600, "Materi Pembinaan")]
    entries = [[(110, "1"), (250, "Senin, 13-05-2024"), (750, "09.00-11.00"), (1050, "Balai Desa Halong"),
                (1600, "Layanan sirkulasi")],
               [(110, "2"), (250, "Rabu, 15-05-2024"), (750, "13.30-15.00"), (1050, "SDN Lok Batu"),
                (1600, "Promosi gemar membaca")]]
    jadwal = table_read.read_table(words_of([header] + entries), "jadwal")
    assert [(r.tanggal, r.cells["lokasi"], r.cells["kegiatan"]) for r in jadwal.rows] == \
        [("2024-05-13", "Balai Desa Halong", "Layanan sirkulasi"), ("2024-05-15", "SDN Lok Batu", "Promosi gemar membaca")]


def test_a_page_without_a_header_continues_the_table_of_the_page_before():
    page1 = words_of([BOOK_HEADER] + book_lines(BOOKS[:2]))
    page2 = words_of(book_lines([("3", "Bertanam Karet Unggul", "Tim Penebar Swadaya", "Penebar Swadaya", "3")]))
    [(_, first), (_, second)] = table_read.read_pages([page1, page2], "buku")
    assert len(first.rows) == 2 and [r.cells["judul"] for r in second.rows] == ["Bertanam Karet Unggul"]
    assert table_read.read_pages([[], page2], "buku")[1][1].rows == ()  # no header anywhere: nothing guessed


def test_other_text_is_no_table():
    text = words_of([[(100, "Dengan hormat, bersama ini kami sampaikan")], [(100, "Nomor: 045/12/2024")]])
    read = table_read.read_table(text, "buku")
    assert not read.found_header and read.rows == ()


# --- stored with the document, through the service -------------------------------------------------

def grid_processor(path, options, out_dir=None, name=None):
    """The fake pipeline, except that a ``"grid"`` document's pages are OCR words laid out by
    ``words_of`` (its lines of cells)."""
    spec = json.loads(Path(path).read_text(encoding="utf-8"))
    result = text_processor(path, options, out_dir=out_dir, name=name)
    if "grid" not in spec:
        return result
    pages = []
    for number, (page, lines) in enumerate(zip(result.pages, spec["grid"]), 1):
        ws = tuple(Word(w["text"], w["conf"], tuple(w["box"]), 0) for w in words_of(lines))
        pages.append(PageText(number=number, text=page.text, words=ws, confidence=90.0, width=2480, height=3508))
    return type(result)(**{**result.__dict__, "pages": tuple(pages)})


def _book_list(tmp_path: Path, name: str, books, tanggal="2024-04-22", doc_type="daftar_judul_buku") -> Path:
    path = tmp_path / name
    text = "\n".join(" ".join(b) for b in books)
    path.write_text(json.dumps({"pages": [f"DAFTAR JUDUL BUKU {name}\n{text}"], "doc_type": doc_type, "sop_step": 4,
                                "metadata": {"tanggal": tanggal, "perihal": "Daftar Judul Buku"},
                                "grid": [[BOOK_HEADER] + book_lines(books)]}), encoding="utf-8")
    return path


def _ingest(settings, path) -> str:
    [out] = service.ingest_paths(settings, [path], processor=FakePipeline(grid_processor))
    assert out.status == "ingested", out
    return out.id


def test_an_activity_shows_the_books_of_its_book_lists(settings, tmp_path):
    first = _ingest(settings, _book_list(tmp_path, "a.json", BOOKS))  # 18 copies
    second = _ingest(settings, _book_list(tmp_path, "b.json", [("1", "Bumi", "Tere Liye", "Gramedia", "7")],
                                          tanggal="2024-05-02"))
    other = _ingest(settings, _book_list(tmp_path, "c.json", [("1", "Bumi", "Tere Liye", "Gramedia", "4")]))
    act = service.create_activity(settings, "Desa Lok Batu", "2024", user="pelaksana1")
    empty = service.create_activity(settings, "Desa Halong", "2024", user="pelaksana1")
    for doc in (first, second):
        service.link_document(settings, doc, act.id, user="pelaksana1")
    service.link_document(settings, other, empty.id, user="pelaksana1")
    detail = service.get_activity(settings, act.id)
    assert detail.books == 25 and detail.to_json()["books"] == 25
    assert service.get_activity(settings, empty.id).books == 4
    service.unlink_document(settings, other, user="pelaksana1")
    assert service.get_activity(settings, empty.id).books is None  # no book list: nothing to show

    tables = service.document_tables(settings, first)
    assert (tables.kind, tables.books, tables.titles) == ("buku", 18, 3)
    assert [r.cells["judul"] for r in tables.rows] == [b[1] for b in BOOKS]
    by_month = {(step, month): n for step, month, n in service.books_by_step_month(settings)}
    assert by_month == {(4, "2024-04"): 22, (4, "2024-05"): 7}
    assert [b["books"] for b in dashboard_data(settings).to_json()["books_by_step_month"]] == [22, 7]


def test_a_corrected_type_reads_or_drops_the_rows_and_exports(settings, tmp_path):
    doc = _ingest(settings, _book_list(tmp_path, "a.json", BOOKS, doc_type="lainnya"))
    assert service.document_tables(settings, doc).kind is None
    with pytest.raises(InvalidQueryError):
        service.export_document_table(settings, doc, "csv")
    service.correct_metadata(settings, doc, {"doc_type": "daftar_judul_buku"}, user="pelaksana1")
    assert service.document_tables(settings, doc).books == 18
    out = service.export_document_table(settings, doc, "csv")
    rows = list(csv.reader(io.StringIO(out.data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["No", "Judul (Judu1 Buku)"] and [r[1] for r in rows[1:]] == [b[1] for b in BOOKS]
    xlsx = service.export_document_table(settings, doc, "xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.data)).active
    assert ws.cell(2, 2).value == "Laskar Pelangi" and ws.cell(2, 5).value == 5
    service.correct_metadata(settings, doc, {"doc_type": "lainnya"}, user="pelaksana1")
    assert service.activity_books(settings, [doc]) is None


def test_the_header_as_read_is_stored_with_the_rows_and_dropped_with_them(settings, tmp_path):
    doc = _ingest(settings, _book_list(tmp_path, "a.json", BOOKS))
    tables = service.document_tables(settings, doc)
    # each column's header cell as the page has it, OCR slips and all, beside the kind's column names
    assert tables.header == {"no": "No.", "judul": "Judu1 Buku", "pengarang": "Pengarnag", "penerbit": "Penerbit",
                             "eksemplar": "Jml. Eks."}
    assert tables.to_json()["header"]["eksemplar"] == "Jml. Eks."
    assert service.rebuild_tables(settings) == len(BOOKS)  # read again: one header, not two
    assert service.document_tables(settings, doc).header == tables.header
    service.correct_metadata(settings, doc, {"doc_type": "lainnya"}, user="pelaksana1")
    service.correct_metadata(settings, doc, {"doc_type": "jadwal_pembinaan"}, user="pelaksana1")
    # a schedule's type on a book list's page: the rows are the book list's, so is the header
    assert service.document_tables(settings, doc).header["judul"] == "Judu1 Buku"


def test_the_exports_carry_the_header_as_read_beside_the_kinds_column_names(settings, tmp_path):
    doc = _ingest(settings, _book_list(tmp_path, "a.json", BOOKS))
    rows = list(csv.reader(io.StringIO(service.export_document_table(settings, doc, "csv").data.decode("utf-8-sig"))))
    # the kind's name first, the page's header cell beside it where it says something else ("No." is "No")
    assert rows[0][:5] == ["No", "Judul (Judu1 Buku)", "Pengarang (Pengarnag)", "Penerbit", "Eksemplar (Jml. Eks.)"]
    assert [r[1] for r in rows[1:]] == [b[1] for b in BOOKS]  # one header row: the sheet's shape is unchanged
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(service.export_document_table(settings, doc, "xlsx").data)).active
    assert [c.value for c in ws[1]][:5] == rows[0][:5] and ws.cell(2, 2).value == "Laskar Pelangi"


def test_a_page_without_a_header_stores_none(settings, tmp_path):
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"doc_type": "daftar_judul_buku", "sop_step": 4, "pages": ["x"],
                                "metadata": {"perihal": "Daftar Judul Buku"},
                                "grid": [book_lines(BOOKS)]}), encoding="utf-8")
    doc = _ingest(settings, path)
    tables = service.document_tables(settings, doc)
    assert len(tables.rows) == len(BOOKS) and tables.header == {}  # the rows read, no header to store


def test_other_documents_have_no_table(settings, tmp_path):
    from fakes import write_doc

    doc = _ingest(settings, write_doc(tmp_path / "x.json", ["Surat"], doc_type="surat_balasan", sop_step=3))
    assert service.document_tables(settings, doc).kind is None
    assert service.books_by_step_month(settings) == []
