"""Tables of awkward shape (issue 15), on generated pages: a header cell merged over two columns,
ruling lines broken into dashes, a page photographed sideways, a table continued on a second page
without its header; and the kind of a table taken from its header words, not from the document
type, with a plain grid when no header of any kind is there.

The page images are drawn here (``samples.layout`` items, so the truth is what was drawn) and read
by the real pipeline (Tesseract) — those tests are slow; the word-level ones (OCR words laid out by
hand, as in test_table_data.py) are fast."""
from __future__ import annotations

import random

import pytest
from PIL import Image

from archive import agenda_table, db, service, table_read
from archive.settings import load_settings
from ingest import pipeline
from ingest.options import IngestOptions
from samples.layout import PAPER_SIZES, PageSpec, RuleItem, TextItem, render_page, text_width

SIZE = 40
FAMILY = "sans"
PAD = 14
ROW = int(SIZE * 1.22) + 2 * PAD
LEFT, WIDTH = 200, 2080

BOOKS = [("1", "Laskar Pelangi", "Andrea Hirata", "5"), ("2", "Negeri Lima Menara", "Ahmad Fuadi", "3"),
         ("3", "Bumi Manusia", "Pramoedya Ananta Toer", "10"), ("4", "Ronggeng Dukuh Paruk", "Ahmad Tohari", "2"),
         ("5", "Si Kancil dan Buaya", "Tim Bhuana Ilmu", "7"), ("6", "Bertanam Karet Unggul", "Tim Penebar Swadaya", "4"),
         ("7", "Pengolahan Ikan Asin", "Dinas Perikanan", "6"), ("8", "Dongeng Banjar", "Tajuddin Noor", "3"),
         ("9", "Kebun Sayur Pekarangan", "Tim Agro Media", "8")]
BOOK_WIDTHS = [0.5, 3.6, 3.0, 1.3]
BOOK_HEADER = [[("No", 1), ("Judul Buku", 1), ("Pengarang", 1), ("Eksemplar", 1)]]

AGENDA = [("101", "02-04-2024", "Desa Kusambi Hilir", "470/156/DS-KH/2024", "28-03-2024", "Permohonan buku"),
          ("102", "03-04-2024", "Desa Halong", "045/22/DS-HL/2024", "01-04-2024", "Undangan rapat"),
          ("103", "05-04-2024", "SDN Lok Batu", "421/18/SD-LB/2024", "02-04-2024", "Laporan kegiatan"),
          ("104", "08-04-2024", "Desa Paringin", "005/71/DS-PR/2024", "04-04-2024", "Permohonan pembinaan")]
AGENDA_WIDTHS = [0.9, 1.3, 2.1, 2.6, 1.3, 2.2]
# "Surat" is one cell over the "Nomor" and "Tanggal" columns
AGENDA_HEADER = [[("No. Agenda", 1), ("Tgl Terima", 1), ("Asal Surat", 1), ("Surat", 2), ("Perihal", 1)],
                 [("", 1), ("", 1), ("", 1), ("Nomor", 1), ("Tanggal", 1), ("", 1)]]


def _iso(printed: str) -> str:
    d, m, y = printed.split("-")
    return f"{y}-{m}-{d}"


def _rule(page: PageSpec, x0: int, y0: int, x1: int, y1: int, broken: bool) -> None:
    """A grid line; ``broken``: pieces of 50 to 90 px with gaps of 12 to 24 px between them (a worn
    or badly copied form), drawn to the line's ends (where rules cross, the ink stays)."""
    if not broken:
        page.items.append(RuleItem(x0, y0, x1, y1, 3))
        return
    rng = random.Random(f"{x0},{y0},{x1},{y1}")
    length, start = max(x1 - x0, y1 - y0), 0
    while start < length:
        end = start + rng.randint(50, 90)
        end = length if length - end < 50 else end
        if x0 == x1:
            page.items.append(RuleItem(x0, y0 + start, x1, y0 + end, 3))
        else:
            page.items.append(RuleItem(x0 + start, y0, x0 + end, y1, 3))
        start = end + rng.randint(12, 24)


def grid_page(header: list[list[tuple[str, int]]], rows: list[tuple[str, ...]], widths: list[float],
              title: str = "", broken: bool = False) -> Image.Image:
    """A ruled table page: ``header`` rows of (text, columns spanned), centred; body cells left."""
    page = PageSpec(*PAPER_SIZES["A4"])
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + int(WIDTH * w / sum(widths)))
    y = 220
    if title:
        page.items.append(TextItem(LEFT, y, title, 48, "bold", FAMILY))
        y += 140
    top = y
    _rule(page, xs[0], y, xs[-1], y, broken)
    for cells in header:
        col = 0
        for text, span in cells:
            x0, x1 = xs[col], xs[col + span]
            if text:
                w = text_width(text, SIZE, "bold", FAMILY)
                page.items.append(TextItem(int(x0 + (x1 - x0 - w) / 2), y + PAD, text, SIZE, "bold", FAMILY))
            _rule(page, x0, y, x0, y + ROW, broken)
            col += span
        # a header row's bottom line runs under the cells that end here, not under merged ones above
        y += ROW
        _rule(page, xs[0], y, xs[-1], y, broken)
    for row in rows:
        for i, text in enumerate(row):
            page.items.append(TextItem(xs[i] + PAD, y + PAD, text, SIZE, "reg", FAMILY))
        y += ROW
        _rule(page, xs[0], y, xs[-1], y, broken)
    for x in xs:
        _rule(page, x, top + ROW * len(header), x, y, broken)
    _rule(page, xs[-1], top, xs[-1], top + ROW * len(header), broken)
    return render_page(page)


def _pages_words(tmp_path, images: list[Image.Image], name: str = "table.pdf") -> list[list[dict]]:
    path = tmp_path / name
    if name.endswith(".pdf"):
        images[0].convert("RGB").save(path, save_all=True, append_images=[i.convert("RGB") for i in images[1:]],
                                      resolution=300)
    else:
        images[0].convert("RGB").save(path, quality=90, dpi=(300, 300))
    result = pipeline.ingest_file(path, IngestOptions())
    return [[w.to_json() for w in page.words] for page in result.pages]


def _books(read: table_read.TableRead) -> list[tuple[str, str, str, int | None]]:
    return [(r.cells.get("no", ""), r.cells.get("judul", ""), r.cells.get("pengarang", ""), r.copies)
            for r in read.rows]


def _truth(books) -> list[tuple[str, str, str, int]]:
    return [(no, title, author, int(copies)) for no, title, author, copies in books]


# --- through Tesseract -----------------------------------------------------------------------------

@pytest.mark.slow
def test_a_header_cell_merged_over_two_columns_gives_both_columns(tmp_path):
    image = grid_page(AGENDA_HEADER, AGENDA, AGENDA_WIDTHS, title="BUKU AGENDA SURAT MASUK")
    [words] = _pages_words(tmp_path, [image])
    rows = [r for r in agenda_table.read_rows(words) if r.cells]
    assert [(r.cells.get("nomor_surat"), r.cells.get("tanggal_surat")) for r in rows] == \
        [(nomor, _iso(sent)) for _, _, _, nomor, sent, _ in AGENDA]
    assert [r.cells.get("asal_tujuan") for r in rows] == [a for _, _, a, _, _, _ in AGENDA]


@pytest.mark.slow
def test_broken_ruling_lines_still_give_every_book(tmp_path):
    image = grid_page(BOOK_HEADER, BOOKS[:6], BOOK_WIDTHS, title="DAFTAR JUDUL BUKU", broken=True)
    [words] = _pages_words(tmp_path, [image])
    read = table_read.read_page(words, hint="buku")
    assert read.kind == "buku" and _books(read) == _truth(BOOKS[:6])


@pytest.mark.slow
def test_a_page_photographed_sideways_is_read_upright(tmp_path):
    image = grid_page(BOOK_HEADER, BOOKS[:6], BOOK_WIDTHS, title="DAFTAR JUDUL BUKU").rotate(90, expand=True)
    [words] = _pages_words(tmp_path, [image], name="sideways.jpg")
    read = table_read.read_page(words, hint="buku")
    assert read.kind == "buku" and _books(read) == _truth(BOOKS[:6])


@pytest.fixture
def settings(tmp_path):
    s = load_settings(home=tmp_path / "home", environ={"BURT_WORKERS": "1", "BURT_OCR_TIMEOUT": "900"})
    yield s
    db.close_db(s)


@pytest.mark.slow
def test_a_table_continued_on_a_second_page_without_its_header(settings, tmp_path):
    first = grid_page(BOOK_HEADER, BOOKS[:5], BOOK_WIDTHS, title="DAFTAR JUDUL BUKU")
    second = grid_page([], BOOKS[5:], BOOK_WIDTHS)
    path = tmp_path / "daftar.pdf"
    first.convert("RGB").save(path, save_all=True, append_images=[second.convert("RGB")], resolution=300)
    [out] = service.ingest_paths(settings, [path])
    assert out.status == "ingested", out
    if service.get_document(settings, out.id).doc_type != "daftar_judul_buku":
        # the classifier is not under test here: a clerk's correction makes it the list it is
        service.correct_metadata(settings, out.id, {"doc_type": "daftar_judul_buku"}, user="pelaksana1")
    tables = service.document_tables(settings, out.id)
    assert tables.kind == "buku"
    assert [(r.page, r.cells.get("judul")) for r in tables.rows] == \
        [(1 if k < 5 else 2, title) for k, (_, title, _, _) in enumerate(BOOKS)]
    assert tables.books == sum(int(c) for *_, c in BOOKS)


# --- word level ---------------------------------------------------------------------------------------

LINE, CHAR = 60, 22


def words_of(lines: list[list[tuple[int, str]]], top: int = 100) -> list[dict]:
    out = []
    for k, cells in enumerate(lines):
        for x, text in cells:
            for word in text.split():
                out.append({"text": word, "conf": 92.0, "box": [x, top + k * LINE, CHAR * len(word), 30]})
                x += CHAR * (len(word) + 1)
    return out


def test_a_merged_header_cell_is_split_over_the_columns_under_it():
    # "Surat" over "Nomor" and "Tanggal"; "No." over "Agenda" is one column on two lines
    header = [[(100, "No."), (400, "Asal Surat"), (1180, "Surat"), (1700, "Perihal")],
              [(100, "Agenda"), (900, "Nomor"), (1400, "Tanggal")]]
    body = [[(100, "12"), (400, "Desa Halong"), (900, "045/22/DS-HL/2024"), (1400, "01-04-2024"),
             (1700, "Undangan rapat")]]
    [row] = agenda_table.read_rows(words_of(header + body))
    assert row.cells == {"nomor_agenda": "12", "asal_tujuan": "Desa Halong", "nomor_surat": "045/22/DS-HL/2024",
                         "tanggal_surat": "2024-04-01", "perihal": "Undangan rapat"}


def test_the_kind_comes_from_the_header_words_not_the_document_type():
    header = [[(100, "No"), (250, "Nama Lengkap"), (900, "Jabatan"), (1600, "Tanda Tangan")]]
    people = [[(110, "1"), (250, "Mahyuni"), (900, "Kader PKK")], [(110, "2"), (250, "Rahmadi"), (900, "Guru PAUD")]]
    read = table_read.read_page(words_of(header + people), hint="jadwal")  # filed as a schedule
    assert read.kind == "hadir" and [r.cells.get("nama") for r in read.rows] == ["Mahyuni", "Rahmadi"]
    # the type's kind breaks a tie only: a header naming "No" alone names no kind
    assert table_read.read_page(words_of([[(100, "No"), (600, "Lain")]] + people), hint="hadir").kind != "hadir"


def test_a_table_with_no_known_header_is_read_as_a_plain_grid():
    lines = [[(100, "Kode"), (500, "Uraian"), (1300, "Volume")],
             [(100, "A.1"), (500, "Rak buku kayu"), (1300, "4 unit")],
             [(100, "A.2"), (500, "Papan nama perpustakaan"), (1300, "1 buah")],
             [(100, "A.3"), (500, "Karpet baca"), (1300, "2 lembar")]]
    read = table_read.read_page(words_of(lines), hint="buku")
    assert read.kind == table_read.GENERIC and not read.found_header
    assert read.columns == ("kolom_1", "kolom_2", "kolom_3")
    assert [tuple(r.cells.values()) for r in read.rows] == [
        ("Kode", "Uraian", "Volume"), ("A.1", "Rak buku kayu", "4 unit"), ("A.2", "Papan nama perpustakaan", "1 buah"),
        ("A.3", "Karpet baca", "2 lembar")]
    assert all(table_read.REVIEW_NO_HEADER in r.review for r in read.rows)  # columns without names: looked at
    # prose is no table
    prose = words_of([[(100, "Dengan hormat, bersama ini kami sampaikan")], [(100, "Nomor: 045/12/2024")]])
    assert table_read.read_page(prose).rows == ()


def _placed(items: list[tuple[int, int, str]], height: int = 30) -> list[dict]:
    """Words at (x, y), each word of a phrase placed after the one before (``CHAR`` px a letter)."""
    out = []
    for x, y, text in items:
        for word in text.split():
            out.append({"text": word, "conf": 92.0, "box": [x, y, CHAR * len(word), height]})
            x += CHAR * (len(word) + 1)
    return out


def test_cells_centred_beside_a_wrapped_cell_stay_in_its_row():
    # an offer's price list: each item's name wraps over two or three lines set close together
    # (34 px apart), its unit and price centred beside them (so half a line lower than its first
    # line), the rows a full line apart; the rules were lost, so no grid says where rows start
    items = [(100, 100, "Nama Barang"), (900, 100, "Unit"), (1200, 100, "Harga")]
    rows = [(["Blood Glucose Monitoring System", "General Electric E-Catalogue"], "1", "Rp.400.360,-"),
            (["Blood Glucose Test Strips General", "Electric (1 box 50 strips) E-", "Catalogue"], "1", "Rp. 220.000,-"),
            (["Wellion Cholesterol Paket Meter", "E-Catalogue"], "2", "Rp. 1.865.000,-")]
    y = 180
    for name, unit, price in rows:
        for k, line in enumerate(name):
            items.append((100, y + 34 * k, line))
        middle = y + 34 * (len(name) - 1) // 2
        items += [(900, middle, unit), (1200, middle, price)]
        y += 34 * len(name) + 50
    read = table_read.read_page(_placed(items))
    assert read.kind == table_read.GENERIC
    assert [list(r.cells.values()) for r in read.rows] == [
        ["Nama Barang", "Unit", "Harga"],
        ["Blood Glucose Monitoring System General Electric E-Catalogue", "1", "Rp.400.360,-"],
        ["Blood Glucose Test Strips General Electric (1 box 50 strips) E-Catalogue", "1", "Rp. 220.000,-"],
        ["Wellion Cholesterol Paket Meter E-Catalogue", "2", "Rp. 1.865.000,-"]]


def test_a_dash_between_two_words_is_kept_and_a_rules_remnant_is_not():
    lines = [[(100, "Kota"), (600, "Jadwal"), (1300, "Tempat")],
             [(100, "JAMBI"), (600, "8 \u2014 10 Februari"), (1300, "Hotel Luminor \u2014")],
             [(100, "MEDAN"), (600, "22 - 24 Februari"), (1300, "Hotel Radison / Medan")]]
    words = words_of(lines)
    for w in words:
        if w["text"] in ("\u2014", "-"):  # a dash's box is flat, halfway up the line
            w["box"] = [w["box"][0], w["box"][1] + 13, w["box"][2], 5]
    read = table_read.read_page(words)
    # the range's dash is text (Tesseract's em dash read as the en dash a word processor sets);
    # a dash at a cell's end with no word after it is a rule's remnant
    assert [list(r.cells.values()) for r in read.rows][1:] == [
        ["JAMBI", "8 \u2013 10 Februari", "Hotel Luminor"], ["MEDAN", "22 - 24 Februari", "Hotel Radison / Medan"]]


def test_an_agenda_cell_wrapped_in_its_ruled_box_stays_in_its_row():
    # a ruled agenda page whose date and sender cells wrap onto a second line inside their boxes:
    # the date's second line is no new row (the grid's rows say where rows start), and a speck
    # under the row's number is no part of it
    header = [(100, 100, "No. Agenda"), (400, 100, "Asal Surat"), (900, 100, "Tanggal Surat"), (1400, 100, "Perihal")]
    body = [(100, 170, "12"), (400, 170, "Desa Kusambi"), (900, 170, "28 Maret"), (1400, 170, "Permohonan buku"),
            (104, 230, "i"), (400, 230, "Hilir"), (900, 230, "2024"),  # "i": a speck under the number
            (100, 300, "13"), (400, 300, "Desa Halong"), (900, 300, "01-04-2024"), (1400, 300, "Undangan rapat")]
    words = _placed(header + body)
    columns = [100, 400, 900, 1400]
    for w in words:
        y, x = w["box"][1], w["box"][0]
        row = 0 if y < 150 else 1 if y < 280 else 2
        w["cell"] = [0, row, max(k for k, left in enumerate(columns) if x >= left)]
    rows = agenda_table.read_rows(words)
    assert [r.cells for r in rows] == [
        {"nomor_agenda": "12", "asal_tujuan": "Desa Kusambi Hilir", "tanggal_surat": "2024-03-28",
         "perihal": "Permohonan buku"},
        {"nomor_agenda": "13", "asal_tujuan": "Desa Halong", "tanggal_surat": "2024-04-01", "perihal": "Undangan rapat"}]


def test_a_cells_first_line_above_the_rows_centred_number_is_that_rows():
    # an attendance list whose jabatan wraps over two lines while the row's number, name and NIP
    # are centred beside them: the jabatan's first line stands higher than the number
    items = [(100, 100, "No"), (300, 100, "Nama"), (900, 100, "NIP"), (1500, 100, "Jabatan"),
             (1500, 170, "Ketua Subkelompok"), (100, 190, "1"), (300, 190, "Lambas Yulianto"),
             (900, 190, "198207292010011017"), (1500, 210, "Pengelolaan Jaringan"),
             (100, 290, "2"), (300, 290, "Adla Mohammad"), (900, 290, "198708172020121012"),
             (1500, 290, "Teknis Tingkat Ahli")]
    read = table_read.read_page(_placed(items))
    assert read.kind == "hadir"
    assert [(r.cells.get("no"), r.cells.get("nama"), r.cells.get("jabatan")) for r in read.rows] == [
        ("1", "Lambas Yulianto", "Ketua Subkelompok Pengelolaan Jaringan"), ("2", "Adla Mohammad", "Teknis Tingkat Ahli")]


def test_a_ruled_grid_under_a_forms_lines_keeps_the_grids_columns():
    # a payment order: a line of the form above the ruled table, its second field running over
    # the gutter between the grid's last two columns; the grid is a table of its own
    form = [(100, 100, "Jenis SPM Pembayaran Langsung"), (1400, 100, "Tahun Anggaran Dua Ribu Dua Puluh Dua")]
    grid = [[(100, "AKUN"), (600, "Jumlah"), (1400, "AKUN"), (1900, "Jumlah")],
            [(100, "4471.CBJ.001"), (600, "Rp 99.139.000"), (1400, "411211"), (1900, "9,824,586")],
            [(100, "Jumlah"), (1900, "86183409")]]
    words = _placed(form)
    for r, line in enumerate(grid):
        for x, text in line:
            for w in _placed([(x, 170 + 60 * r, text)]):
                words.append({**w, "cell": [0, r, [100, 600, 1400, 1900].index(x)]})
    read = table_read.read_page(words)
    assert [list(r.cells.values()) for r in read.rows] == [
        ["AKUN", "Jumlah", "AKUN", "Jumlah"], ["4471.CBJ.001", "Rp 99.139.000", "411211", "9,824,586"],
        ["Jumlah", "86183409"]]


def test_a_tick_read_as_a_short_unsure_word_before_a_cells_label_is_no_text_of_it():
    # a disposition form's check list in a ruled box: each entry's tick or box read as a short
    # unsure word ("Dv)" at confidence 0, "v" at 38) before its sure label; a short word that is
    # a misread word of the label ("em" for "GM") or a sure first word stays
    grid = [[(100, "DITERUSKAN KEPADA"), (900, "DENGAN HORMAT UNTUK")],
            [(100, "Dv) KASI PEMERINTAHAN"), (900, "v DITINDAKLANJUTI")],
            [(100, "KASI KESEJAHTERAAN"), (900, "1 DIKOORDINASIKAN")],
            [(100, "em Biro Umum"), (900, "A DIPROSES")]]
    unsure = {(1, "Dv)"): 0.0, (1, "v"): 38.0, (2, "1"): 40.0, (3, "em"): 36.0}
    words = []
    for r, line in enumerate(grid):
        for x, text in line:
            for w in _placed([(x, 170 + 60 * r, text)]):
                words.append({**w, "conf": unsure.get((r, w["text"]), 92.0),
                              "cell": [0, r, [100, 900].index(x)]})
    read = table_read.read_page(words)
    assert [list(r.cells.values()) for r in read.rows] == [
        ["DITERUSKAN KEPADA", "DENGAN HORMAT UNTUK"], ["KASI PEMERINTAHAN", "DITINDAKLANJUTI"],
        ["KASI KESEJAHTERAAN", "DIKOORDINASIKAN"], ["em Biro Umum", "A DIPROSES"]]


def test_a_flat_mark_alone_in_a_cell_is_a_dash_and_a_bullet_is_not():
    # a staff list whose NIP column has "-" for the contract staff: Tesseract boxed one dash flat
    # and read it "2", another "«"; a list's bullet under the table stands close to its words
    header = [(100, 100, "No"), (300, 100, "Nama"), (900, 100, "NIP"), (1500, 100, "Jabatan")]
    body = [(100, 170, "1"), (300, 170, "Lambas Yulianto"), (900, 170, "198207292010011017"), (1500, 170, "Ketua"),
            (100, 240, "2"), (300, 240, "Aditya"), (1500, 240, "Tenaga Ahli"),
            (100, 310, "3"), (300, 310, "Pandy Lazuardi"), (1500, 310, "Tenaga Ahli")]
    words = _placed(header + body)
    words += [{"text": "2", "conf": 90.0, "box": [1000, 253, 11, 3]}, {"text": "\u00ab", "conf": 70.0, "box": [1000, 322, 9, 5]}]
    read = table_read.read_page(words)
    assert read.kind == "hadir"
    assert [r.cells.get("NIP") for r in read.rows] == ["198207292010011017", "-", "-"]
    # a bullet close before its words is no cell: the line reads as it did
    listed = _placed([(160, 100, "Harga sudah termasuk PPN")]) + [{"text": "-", "conf": 88.0, "box": [100, 111, 15, 6]}]
    assert all(t.text != "-" for t in table_read.tokens_of(listed))


def test_a_first_column_of_rising_row_numbers_under_a_misread_header_is_the_number_column():
    # a daftar hadir without rules whose "No" OCR read "Na": its cells are still the rows' numbers
    # (one lost on the fifth row); a first column of codes or NIPs, or numbers that do not rise, is not
    header = [[(100, "Na"), (250, "Nama"), (900, "Jabatan")]]
    people = [("1", "Mahyuni", "Kader PKK"), ("2", "Rahmadi", "Guru PAUD"), ("3", "Junaidi", "Pengelola Perpustakaan"),
              ("4", "Hamdan", "Karang Taruna"), ("", "Syahrani", "Ketua RT"), ("6", "Yusran", "Guru SD")]
    lines = [[(110, no), (250, name), (900, job)] if no else [(250, name), (900, job)] for no, name, job in people]
    read = table_read.read_page(words_of(header + lines), hint="hadir")
    assert read.kind == "hadir"
    assert [r.cells.get("no") for r in read.rows] == ["1", "2", "3", "4", None, "6"], read.rows
    assert [r.cells.get("nama") for r in read.rows] == [p[1] for p in people]
    assert not any("Na" in r.cells for r in read.rows)
    for first in (["5", "3", "8"], ["1970", "1981", "1992"], ["A1", "A2", "A3"]):
        body = [[(110, no), (250, name), (900, job)] for no, (_, name, job) in zip(first, people)]
        read = table_read.read_page(words_of(header + body), hint="hadir")
        assert not any("no" in r.cells for r in read.rows), (first, read.rows)


def test_a_round_bullet_read_sure_as_a_small_letter_before_a_cells_first_word_is_no_text_of_it():
    # a price list in ruled cells, each entry opening with a round bullet that Tesseract reads as "e"
    # or "o" at 71-85 (a filled dot no taller than a small letter); a list's letter with its full
    # stop, an "e" as tall as the word after it and a small word before a word in small letters stay
    grid = [[(100, "PAKET"), (900, "BIAYA")],
            [(100, "e Pendidikan dan Ujian"), (900, "o Harga Rp 5.000.000")],
            [(100, "a. Pendidikan dan Menginap"), (900, "Rp 7.000.000")],
            [(100, "e Seminar Kit"), (900, "o harga khusus")]]
    sure = {(1, "e"): 71.0, (1, "o"): 85.0, (3, "e"): 80.0, (3, "o"): 80.0}
    words = []
    for r, line in enumerate(grid):
        for x, text in line:
            for w in _placed([(x, 170 + 60 * r, text)]):
                small = (r, w["text"]) in sure and r == 1
                box = [w["box"][0], w["box"][1] + 10, w["box"][2], 12] if small else w["box"]
                words.append({**w, "box": box, "conf": sure.get((r, w["text"]), 92.0),
                              "cell": [0, r, [100, 900].index(x)]})
    read = table_read.read_page(words)
    assert [list(r.cells.values()) for r in read.rows] == [
        ["PAKET", "BIAYA"], ["Pendidikan dan Ujian", "Harga Rp 5.000.000"],
        ["a. Pendidikan dan Menginap", "Rp 7.000.000"], ["e Seminar Kit", "o harga khusus"]]


def _comma_row(y: int, left: str, right: str, comma: tuple[int, int] | None) -> list[dict]:
    """A ruled cell's line "left , right" in words 40 px tall (descenders), the comma ``comma`` = (top
    offset, height) hanging from the line's foot, set apart from both words."""
    out = _placed([(100, y, left)], height=40)
    x = out[-1]["box"][0] + out[-1]["box"][2] + 8
    if comma is not None:
        out.append({"text": ",", "conf": 90.0, "box": [x, y + comma[0], 5, comma[1]]})
        x += 5
    out += _placed([(x + 10, y, right)], height=40)
    return out


def test_a_comma_set_apart_between_two_words_is_kept_in_its_place_and_a_speck_is_not():
    # a schedule's place cell "Masjid/Musholla/Yayasan , Puskesmas": the typist's spaced comma, read as a
    # lone "," low on the line (its middle below the line's, so the reader once took it for a line of its own)
    rows = [("Tempat", "Jumlah"), None, None, None, ("Balai Desa", "12")]
    words: list[dict] = []
    for r, row in enumerate(rows):
        y = 170 + 70 * r
        if r == 1:
            line = _comma_row(y, "Masjid/Musholla/Yayasan", "Puskesmas", (30, 12)) + _placed([(1500, y, "30")])
        elif r == 2:  # a speck after a word: far smaller than a comma
            line = _comma_row(y, "Sekolah", "Dasar", (33, 4)) + _placed([(1500, y, "25")])
        elif r == 3:  # a mark at the line's middle: no comma
            line = _comma_row(y, "Kantor", "Desa", (12, 12)) + _placed([(1500, y, "20")])
        else:
            line = _placed([(100, y, row[0]), (1500, y, row[1])])
        words += [{**w, "cell": [0, r, 0 if w["box"][0] < 1500 else 1]} for w in line]
    read = table_read.read_page(words)
    assert [list(r.cells.values()) for r in read.rows] == [
        ["Tempat", "Jumlah"], ["Masjid/Musholla/Yayasan , Puskesmas", "30"], ["Sekolah Dasar", "25"],
        ["Kantor Desa", "20"], ["Balai Desa", "12"]]


@pytest.mark.slow
def test_a_ruled_row_with_a_cell_centred_beside_a_box_of_labels_is_one_row_each_cell_whole(tmp_path):
    # a payment order's box: its left cell holds two lines centred in the row, its right cell a list
    # of seven labels and values one and a half lines apart, no rule between them; a table of three
    # ruled rows under it. The row is one row: the centred text is the whole row's, not its first line's
    labels = [("Program", "10.06.08"), ("Kegiatan", "4471.CBJ.001"), ("Satker", "UNRAM 153"), ("Unit Utama", "KEDOKTERAN"),
              ("Jenis Pembayaran", "Pengeluaran Anggaran"), ("Sifat Pembayaran", "Pembayaran Langsung"),
              ("Sumber Dana", "BLU")]
    centred = ["Dasar Pembayaran", "Tanggal 07 November 2021"]
    page = PageSpec(*PAPER_SIZES["A4"])
    xs, pitch = [LEFT, LEFT + 900, LEFT + WIDTH], int(SIZE * 1.5)
    top = 300
    tall = len(labels) * pitch + 2 * PAD
    for k, (label, value) in enumerate(labels):
        y = top + PAD + k * pitch
        page.items += [TextItem(xs[1] + PAD, y, label, SIZE, "reg", FAMILY),
                       TextItem(xs[1] + 480, y, ":", SIZE, "reg", FAMILY),
                       TextItem(xs[1] + 510, y, value, SIZE, "reg", FAMILY)]
    first = top + (tall - len(centred) * pitch) // 2
    for k, line in enumerate(centred):
        page.items.append(TextItem(xs[0] + PAD, first + k * pitch, line, SIZE, "reg", FAMILY))
    below = [("Akun", "Jumlah"), ("537113", "Rp 99.139.000"), ("Jumlah", "99139000")]
    y = top + tall
    for left, right in below:
        page.items += [TextItem(xs[0] + PAD, y + PAD, left, SIZE, "reg", FAMILY),
                       TextItem(xs[1] + PAD, y + PAD, right, SIZE, "reg", FAMILY)]
        y += ROW
    for rule_y in [top, top + tall] + [top + tall + ROW * (k + 1) for k in range(len(below))]:
        page.items.append(RuleItem(xs[0], rule_y, xs[-1], rule_y, 3))
    for x in xs:
        page.items.append(RuleItem(x, top, x, y, 3))
    [words] = _pages_words(tmp_path, [render_page(page)])
    rows = [list(r.cells.values()) for r in table_read.read_page(words).rows]
    assert rows[0] == [" ".join(centred), " ".join(f"{label} : {value}" for label, value in labels)]
    assert rows[1:] == [list(pair) for pair in below]



def test_a_labels_colon_is_kept_when_tesseract_boxed_the_label_twice_its_height():
    # a ruled form's labels, their colons aligned in a column of their own; Tesseract boxed "Satker"
    # 62 px high (a speck below it taken into the word) beside type 28 px high, so its 20 px colon
    # looked a speck's size beside it and was dropped: "Satker UNRAM 153" (OCR words laid out as read)
    labels = [("Program", "10.06.08"), ("Satker", "UNRAM 153"), ("Unit Utama", "KEDOKTERAN"), ("Sumber Dana", "BLU")]
    words = []
    for row, (label, value) in enumerate(labels):
        y = 300 + 76 * row
        x = 216
        for word in label.split():
            tall = 62 if word == "Satker" else 28
            words.append({"text": word, "conf": 95.0, "box": [x, y, 22 * len(word), tall], "cell": [0, row, 0]})
            x += 22 * (len(word) + 1)
        words.append({"text": ":", "conf": 80.0, "box": [684, y + 6, 4, 20], "cell": [0, row, 0]})
        x = 1217
        for word in value.split():
            words.append({"text": word, "conf": 95.0, "box": [x, y, 22 * len(word), 28], "cell": [0, row, 1]})
            x += 22 * (len(word) + 1)
    rows = [list(r.cells.values()) for r in table_read.read_page(words).rows]
    assert rows == [[f"{label} :", value] for label, value in labels]


def test_a_colon_read_as_its_two_dots_and_a_word_read_over_itself_are_one_each():
    # a disposition sheet's label "Diterimatanggal :" as Tesseract gave it: the word twice, the
    # second reading begun three letters into the first ("Diteri" + "iterimatanggal"), and the colon
    # as two words of a dot each, stacked (OCR words laid out as read)
    def row(y: int, r: int, label: list[tuple[str, int, int]], value: str) -> list[dict]:
        out = [{"text": t, "conf": 92.0, "box": [x, y, w, 30], "cell": [0, r, 0]} for t, x, w in label]
        out += [{"text": ":", "conf": 90.0, "box": [700, y + 10, 6, 6], "cell": [0, r, 0]},
                {"text": ":", "conf": 88.0, "box": [700, y + 22, 6, 6], "cell": [0, r, 0]},
                {"text": value, "conf": 95.0, "box": [1200, y, 22 * len(value), 30], "cell": [0, r, 1]}]
        return out
    words = row(300, 0, [("Diteri", 200, 132), ("iterimatanggal", 255, 310)], "Selasa") + \
        row(380, 1, [("Sifat", 200, 110)], "Biasa") + row(460, 2, [("Perihal", 200, 154)], "Undangan")
    # a dot's reading that stands alone (a speck) and two words that only touch stay as read
    words += [{"text": ".", "conf": 60.0, "box": [1500, 470, 6, 6], "cell": [0, 2, 1]},
              {"text": "Kabupaten", "conf": 95.0, "box": [1200, 540, 198, 30], "cell": [0, 3, 0]},
              {"text": "tengah", "conf": 95.0, "box": [1400, 540, 132, 30], "cell": [0, 3, 0]}]
    rows = [list(r.cells.values()) for r in table_read.read_page(words).rows]
    assert rows == [["Diterima tanggal :", "Selasa"], ["Sifat :", "Biasa"], ["Perihal :", "Undangan"],
                    ["Kabupaten tengah"]]
