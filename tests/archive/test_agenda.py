"""The buku agenda: entries of archived letters (register, numbering per year, metadata follow-up,
hand edits audited and kept), legacy rows read from header text, links and exports."""
from __future__ import annotations

import csv
import io
import random
import threading

import pytest
from fakes import write_doc

from archive import agenda, service
from archive.agenda_table import REVIEW_NO_HEADER, read_rows
from archive.db import session_scope

BOTH_BACKENDS = True  # each storage test runs on SQLite and on PostgreSQL (tests/conftest.py)

OFFICE = "Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"


def _ingest(settings, processor, path):
    [out] = service.ingest_paths(settings, [path], processor=processor)
    assert out.status == "ingested", out
    return out.id


def _incoming(tmp_path, name, nomor, perihal="Permohonan peminjaman buku", pengirim="Desa Kusambi Hilir"):
    return write_doc(tmp_path / name, [f"{pengirim}\nNomor: {nomor}\nPerihal: {perihal}"],
                     doc_type="surat_permintaan_peminjaman", sop_step=3, nomor=nomor, tanggal="2024-04-02",
                     pengirim=pengirim, penerima=f"Kepala {OFFICE}", perihal=perihal)


def test_letters_get_entries_in_their_register_numbered_in_order(settings, processor, tmp_path):
    a = _ingest(settings, processor, _incoming(tmp_path, "a.json", "470/156/DS-KH/2024"))
    b = _ingest(settings, processor, _incoming(tmp_path, "b.json", "470/157/DS-KH/2024"))
    out = _ingest(settings, processor, write_doc(
        tmp_path / "c.json", ["Undangan"], doc_type="undangan_sosialisasi", sop_step=1,
        nomor="000.4.6.3/245/DISPERSIP/2024", tanggal="2024-02-06", pengirim=OFFICE,
        penerima="Kepala Desa Kusambi Hilir", perihal="Undangan Sosialisasi"))
    form = _ingest(settings, processor, write_doc(tmp_path / "d.json", ["Daftar hadir"], doc_type="daftar_hadir",
                                                  sop_step=1))
    masuk = service.agenda_list(settings, register="masuk").entries
    assert [(e.document_id, e.nomor_agenda) for e in masuk] == [(a, 1), (b, 2)]
    assert masuk[0].nomor_surat == "470/156/DS-KH/2024" and masuk[0].asal_tujuan == "Desa Kusambi Hilir"
    assert masuk[0].tanggal_surat == "2024-04-02" and masuk[0].tanggal_terima == masuk[0].updated_at[:10]
    [keluar] = service.agenda_list(settings, register="keluar").entries
    assert (keluar.document_id, keluar.nomor_agenda, keluar.asal_tujuan) == (out, 1, "Kepala Desa Kusambi Hilir")
    assert form not in {e.document_id for e in service.agenda_list(settings).entries}


def test_numbering_is_per_register_and_year_and_never_repeats_under_concurrency(settings):
    service.prepare(settings)
    taken: list[tuple[str, int, int]] = []
    lock = threading.Lock()

    def take(register, year):
        for _ in range(5):
            with session_scope(settings) as s:
                n = agenda.next_number(s, register, year)
            with lock:
                taken.append((register, year, n))

    threads = [threading.Thread(target=take, args=(reg, year)) for reg in ("masuk", "keluar")
               for year in (2025, 2026) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for reg in ("masuk", "keluar"):
        for year in (2025, 2026):
            numbers = sorted(n for r, y, n in taken if (r, y) == (reg, year))
            assert numbers == list(range(1, 16)), (reg, year, numbers)


def test_corrections_follow_the_letter_but_hand_edits_stay_and_are_audited(settings, processor, tmp_path):
    doc = _ingest(settings, processor, _incoming(tmp_path, "a.json", "470/156/DS-KH/2024"))
    [entry] = service.agenda_list(settings).entries
    edited = service.edit_agenda_entry(settings, entry.id, {"perihal": "Peminjaman buku kolektif",
                                                            "keterangan": "Kepala Dinas"},
                                       user="pelaksana", reason="sesuai lembar disposisi")
    assert edited.perihal == "Peminjaman buku kolektif" and set(edited.edited) == {"perihal", "keterangan"}
    [log] = [a for a in service.audit_log(settings, doc_id=doc) if a.action == "agenda.edit"]
    assert log.user == "pelaksana" and log.detail["entry"] == entry.id
    assert log.detail["changes"]["perihal"] == {"old": "Permohonan peminjaman buku", "new": "Peminjaman buku kolektif"}
    assert log.detail["reason"] == "sesuai lembar disposisi"
    service.correct_metadata(settings, doc, {"perihal": "Permohonan pinjam buku", "nomor": "470/158/DS-KH/2024"},
                             user="sekretaris")
    after = service.agenda_entry(settings, entry.id)
    assert after.nomor_surat == "470/158/DS-KH/2024"  # not edited by hand: follows the correction
    assert after.perihal == "Peminjaman buku kolektif"  # edited by hand: kept
    assert after.nomor_agenda == entry.nomor_agenda
    with pytest.raises(Exception) as bad:
        service.edit_agenda_entry(settings, entry.id, {"tanggal_terima": "3 April"}, user="pelaksana")
    assert getattr(bad.value, "code", "") == "invalid_change"


def test_backfill_and_rebuild_are_idempotent(settings, processor, tmp_path):
    _ingest(settings, processor, _incoming(tmp_path, "a.json", "470/156/DS-KH/2024"))
    first = service.rebuild_agenda(settings)
    again = service.rebuild_agenda(settings)
    assert first.to_json() == again.to_json() == {"letters": 1, "rows": 0, "linked": 0}
    assert [e.nomor_agenda for e in service.agenda_list(settings).entries] == [1]


def test_exports_are_formula_neutral(settings, processor, tmp_path):
    from openpyxl import load_workbook

    _ingest(settings, processor, _incoming(tmp_path, "a.json", "470/156/DS-KH/2024",
                                           perihal='=HYPERLINK("http://x","klik")'))
    data = service.export_agenda(settings, "csv").data.decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(data)))
    assert row["perihal"] == "'=HYPERLINK(\"http://x\",\"klik\")" and row["nomor_surat"] == "470/156/DS-KH/2024"
    wb = load_workbook(io.BytesIO(service.export_agenda(settings, "xlsx").data))
    cells = [c for r in wb["Agenda masuk"].iter_rows(min_row=2) for c in r]
    assert any(c.value == "'=HYPERLINK(\"http://x\",\"klik\")" for c in cells)
    assert all(c.data_type != "f" for c in cells)
    pdf = service.export_agenda(settings, "pdf", register="masuk")
    assert pdf.data.startswith(b"%PDF") and pdf.filename.endswith(".pdf") and "masuk" in pdf.filename
    with pytest.raises(Exception) as bad:
        service.export_agenda(settings, "docx")
    assert getattr(bad.value, "code", "") == "invalid_query"


# --- legacy pages: the row reader on word boxes ------------------------------------------------------

def _words(rows: list[list[tuple[str, int]]], top: int = 100, height: int = 30, gap: int = 45) -> list[dict]:
    """Words laid out as lines: each line a list of (text, x); widths 14 px per letter."""
    out = []
    for i, line in enumerate(rows):
        y = top + i * gap
        for text, x in line:
            out.append({"text": text, "conf": 91.0, "box": [x, y, 14 * len(text), height]})
    return out


def test_columns_are_found_by_header_text_in_any_order_with_ocr_slips():
    layout = [[("BUKU", 400), ("AGENDA", 480), ("SURAT", 590), ("MASUK", 680)],
              [("Perlhal", 100), ("Nomor", 500), ("Surat", 590), ("No.", 900), ("Tgl", 1100), ("Terima", 1150),
               ("Asal", 1400), ("Surat", 1470)],
              [("Permohonan", 100), ("045/99/DS-KH/2024", 500), ("12", 900), ("03-04-2024", 1100),
               ("Desa", 1400), ("Kusambi", 1470)],
              [("peminjaman", 100), ("Hilir", 1400)],
              [("Undangan", 100), ("700.1.1/860/Insp/", 500), ("13", 900), ("04-04-2024", 1100),
               ("Inspektorat", 1400)],
              [("rapat", 100), ("2024", 500)]]
    rows = read_rows(_words(layout))
    assert [r.cells for r in rows] == [
        {"perihal": "Permohonan peminjaman", "nomor_surat": "045/99/DS-KH/2024", "nomor_agenda": "12",
         "tanggal_terima": "2024-04-03", "asal_tujuan": "Desa Kusambi Hilir"},
        {"perihal": "Undangan rapat", "nomor_surat": "700.1.1/860/Insp/2024", "nomor_agenda": "13",
         "tanggal_terima": "2024-04-04", "asal_tujuan": "Inspektorat"}]
    assert all(r.confidences["perihal"] == 0.91 for r in rows)


def test_a_page_without_a_recognisable_header_keeps_raw_rows_for_review():
    layout = [[("Catatan", 100), ("harian", 300)], [("1", 100), ("Surat", 200), ("dari", 300), ("desa", 400)],
              [("2", 100), ("Undangan", 200), ("rapat", 400)]]
    rows = read_rows(_words(layout))
    assert [(r.cells, r.raw, r.review) for r in rows] == [
        ({}, "1 Surat dari desa", (REVIEW_NO_HEADER,)), ({}, "2 Undangan rapat", (REVIEW_NO_HEADER,))]


@pytest.mark.slow
def test_an_agenda_row_is_linked_to_its_archived_letter(settings, processor, tmp_path):
    """A generated agenda page read by the real pipeline (Tesseract): its rows are in the register,
    linked to their page, and the row whose nomor surat is archived links to that letter."""
    from samples.generate import make_document, render_pages

    spec = make_document("agenda_surat_masuk", random.Random(11))
    page = tmp_path / "agenda.png"
    render_pages(spec)[0].save(page, dpi=(300, 300))
    [out] = service.ingest_paths(settings, [page])
    assert out.status == "ingested" and service.get_document(settings, out.id).doc_type == "agenda_surat_masuk"
    rows = [e for e in service.agenda_list(settings).entries if e.origin == "buku"]
    truth_lines = [ln for ln in spec.page_texts()[0].splitlines() if ln.split(" ")[0].isdigit()]
    assert len(rows) >= 0.8 * len(truth_lines) and all(e.source_doc_id == out.id for e in rows)
    read = next(e for e in rows if e.nomor_surat and e.nomor_buku)
    letter = _ingest(settings, processor, _incoming(tmp_path, "letter.json", read.nomor_surat,
                                                    pengirim=read.asal_tujuan or "Desa Kusambi Hilir"))
    linked = service.agenda_entry(settings, read.id)
    assert linked.document_id == letter and "nomor surat sama" in linked.link_reason
    others = [e for e in service.agenda_list(settings).entries if e.origin == "buku" and e.id != read.id]
    assert all(e.document_id in (None, letter) for e in others)


def test_filters_by_register_year_month_and_text(settings, processor, tmp_path):
    _ingest(settings, processor, _incoming(tmp_path, "a.json", "470/156/DS-KH/2024", perihal="Peminjaman buku"))
    _ingest(settings, processor, _incoming(tmp_path, "b.json", "045/99/DS-KH/2024", perihal="Pembinaan perpustakaan"))
    year = service.agenda_list(settings).years[0]
    month = int(service.agenda_list(settings).entries[0].tanggal_terima[5:7])
    assert service.agenda_list(settings, year=year, month=month, register="masuk").total == 2
    assert service.agenda_list(settings, year=year - 1).total == 0
    assert service.agenda_list(settings, month=month % 12 + 1).total == 0
    assert service.agenda_list(settings, register="keluar").total == 0
    assert [e.nomor_surat for e in service.agenda_list(settings, text="pembinaan").entries] == ["045/99/DS-KH/2024"]
    assert [e.nomor_surat for e in service.agenda_list(settings, text="470/156").entries] == ["470/156/DS-KH/2024"]
    assert [e.nomor_surat for e in service.agenda_list(settings, text="47O/156/DS-KH/2024").entries] == [
        "470/156/DS-KH/2024"]  # an OCR slip in the query
    assert service.agenda_list(settings, text="desa kusambi peminjaman").total == 1
    with pytest.raises(Exception) as bad:
        service.agenda_list(settings, register="semua")
    assert getattr(bad.value, "code", "") == "invalid_query"


def test_each_row_keeps_its_box_on_the_page():
    layout = [[("No.", 100), ("Asal", 300), ("Surat", 370), ("Perihal", 700)],
              [("1", 100), ("Desa", 300), ("Lok", 370), ("Batu", 430), ("Pinjam", 700)],
              [("2", 100), ("Inspektorat", 300), ("Rapat", 700)], [("", 0)]]
    rows = read_rows(_words(layout[:3]))
    assert [r.box for r in rows] == [(100, 145, 784, 175), (100, 190, 770, 220)]


def test_a_header_cell_ocr_lost_is_named_by_its_cells():
    """Only "Surat" of "Tanggal Surat" was read: the column of dates is still the tanggal surat."""
    layout = [[("No.", 100), ("Nomor", 300), ("Surat", 390), ("Surat", 700), ("Perihal", 1000)],
              [("1", 100), ("045/9/DS/2024", 300), ("02-04-2024", 700), ("Pinjam", 1000)],
              [("2", 100), ("800/3/SD/2024", 300), ("05-04-2024", 700), ("Rapat", 1000)]]
    rows = read_rows(_words(layout))
    assert [r.cells.get("tanggal_surat") for r in rows] == ["2024-04-02", "2024-04-05"]
    words_only = [[("No.", 100), ("Nomor", 300), ("Surat", 390), ("Surat", 700), ("Perihal", 1000)],
                  [("1", 100), ("045/9/DS/2024", 300), ("lihat", 700), ("Pinjam", 1000)],
                  [("2", 100), ("800/3/SD/2024", 300), ("arsip", 700), ("Rapat", 1000)]]
    assert all("tanggal_surat" not in r.cells for r in read_rows(_words(words_only)))  # not guessed


def _grid_words(confs: list[list[float]]) -> list[dict]:
    """A ruled agenda page's words, each in its grid cell: a header and a body row per ``confs`` row
    (the confidences of its four cells: nomor agenda, nomor surat, asal surat, perihal)."""
    header = [("No.", 100), ("Nomor", 300), ("Surat", 390), ("Asal", 700), ("Surat", 770), ("Perihal", 1000)]
    col = {100: 0, 300: 1, 390: 1, 700: 2, 770: 2, 1000: 3}
    out = [{"text": t, "conf": 93.0, "box": [x, 100, 14 * len(t), 30], "cell": [0, 0, col[x]]} for t, x in header]
    for r, row in enumerate(confs, 1):
        y = 100 + 60 * r
        cells = [(str(10 + r), 100), (f"045/{r}/DS-KH/2024", 300), ("Inspektorat", 700), ("Permohonan", 1000)]
        for c, ((text, x), conf) in enumerate(zip(cells, row)):
            for k, word in enumerate(text.split()):
                out.append({"text": word, "conf": conf, "box": [x + 150 * k, y, 14 * len(word), 30], "cell": [0, r, c]})
    return out


def test_an_unsure_cell_of_a_page_read_unsure_as_a_whole_is_left_empty():
    # a sharp page: one unsure nomor surat among sure cells is kept and flagged (the agenda's way)
    sharp = read_rows(_grid_words([[93, 93, 93, 93], [93, 40, 93, 93], [93, 93, 93, 93]]))
    assert sharp[1].cells["nomor_surat"] == "045/2/DS-KH/2024"
    assert any("kurang jelas" in note for note in sharp[1].review)
    # a blurred page (its cells read at a median under 0.7): the unsure cells are no reading, the sure ones stay
    blurred = read_rows(_grid_words([[93, 40, 30, 45], [93, 40, 30, 93], [93, 45, 50, 30], [93, 40, 30, 45]]))
    assert [r.cells.get("nomor_agenda") for r in blurred] == ["11", "12", "13", "14"]
    assert all("nomor_surat" not in r.cells for r in blurred)
    assert "perihal" in blurred[1].cells and "perihal" not in blurred[0].cells
    assert all(any("dikosongkan" in note for note in r.review) for r in blurred)


def test_a_date_read_close_after_a_long_nomor_surat_is_the_date_columns():
    """Tesseract read a long nomor surat and the date beside it as one run of words (a gap under the
    gutter's): the date stands wholly under its own column's header and is that column's, not
    swallowed by the nomor (whose repair kept the nomor alone and lost the date without a note)."""
    layout = [[("No", 100), ("Tanggal", 200), ("Dari", 420), ("No.", 700), ("Surat", 760), ("Tanggal", 1010),
               ("Surat", 1120), ("Perihal", 1300)],
              [("291", 100), ("09-09-2024", 200), ("Desa", 420), ("Awang", 490), ("470/12/DS-THK/2024", 700),
               ("05-09-2024", 1010), ("Undangan", 1300)],
              [("292", 100), ("11-09-2024", 200), ("SMA", 420), ("Negeri", 480), ("470/84/SMAN1-AWY/2024", 700),
               ("08-09-2024", 1005), ("Permohonan", 1300)]]
    rows = read_rows(_words(layout))
    assert [(r.cells.get("nomor_surat"), r.cells.get("tanggal_surat")) for r in rows] == [
        ("470/12/DS-THK/2024", "2024-09-05"), ("470/84/SMAN1-AWY/2024", "2024-09-08")], [r.cells for r in rows]
