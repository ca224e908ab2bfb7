"""Tables read with their grid cells (issue 15): words tagged with the ruled grid's cell
(``ingest.cells``) put a cell's text on its row's line, a handwritten cell is flagged "to be keyed
in" and left empty, and a plain grid keeps every table on the page and its wrapped lines.

Word-level tests lay OCR words out by hand (as in test_table_shapes.py) and are fast; the slow ones
read generated pages (``samples.tables``, cells written by hand with ``draw_handwriting``) through
the real pipeline (Tesseract)."""
from __future__ import annotations

import pytest

from archive import agenda_table, table_read
from ingest import pipeline
from ingest.options import IngestOptions
from samples.tables import table_page

LINE, CHAR = 60, 22


def _word(x: int, y: int, text: str, cell: tuple[int, int, int] | None = None, hand: bool = False) -> list[dict]:
    out = []
    for word in text.split():
        w: dict = {"text": word, "conf": 92.0, "box": [x, y, CHAR * len(word), 30]}
        if cell:
            w["cell"] = list(cell)
        if hand:
            w["hand"] = True
        out.append(w)
        x += CHAR * (len(word) + 1)
    return out


def _priced_rows(tagged: bool) -> list[dict]:
    """A price list of no known kind: each item's name on two lines, its unit and price centred in
    the row's height (between the name's lines)."""
    words = _word(100, 100, "Nama Barang", (0, 0, 0) if tagged else None) + \
        _word(900, 100, "Unit", (0, 0, 1) if tagged else None) + _word(1300, 100, "Harga", (0, 0, 2) if tagged else None)
    items = [("Blood Glucose Monitoring", "System Elektrik", "1", "Rp.400.360,-"),
             ("Cholesterol Test Strips", "Paket Lengkap", "2", "Rp.405.000,-")]
    y = 200
    for r, (first, second, unit, price) in enumerate(items, 1):
        name, count, cost = ((0, r, c) if tagged else None for c in range(3))
        words += _word(100, y, first, name) + _word(100, y + LINE, second, name)
        words += _word(900, y + LINE // 2, unit, count) + _word(1300, y + LINE // 2, price, cost)
        y += 3 * LINE
    return words


def test_a_cell_centred_in_a_tall_row_is_read_on_its_rows_line():
    read = table_read.read_page(_priced_rows(tagged=True))
    assert [tuple(r.cells.values()) for r in read.rows] == [
        ("Nama Barang", "Unit", "Harga"),
        ("Blood Glucose Monitoring System Elektrik", "1", "Rp.400.360,-"),
        ("Cholesterol Test Strips Paket Lengkap", "2", "Rp.405.000,-")]
    # without the grid's cells the centred cells sit between the name's lines and split the rows
    untagged = table_read.read_page(_priced_rows(tagged=False))
    assert [tuple(r.cells.values()) for r in untagged.rows] != [tuple(r.cells.values()) for r in read.rows]


def _wrapped_grid(tagged: bool, body_rows: int = 2) -> list[dict]:
    """A ruled table of no known kind whose every body cell wraps onto two or three lines, each line
    holding text in two columns or more (so no line looks like a wrapped one)."""
    words = _word(100, 100, "Lokasi", (0, 0, 0) if tagged else None) + \
        _word(600, 100, "Tanggal Pelaksanaan", (0, 0, 1) if tagged else None) + \
        _word(1200, 100, "Tempat Pelaksanaan", (0, 0, 2) if tagged else None)
    cells = [("PALEMBANG", ("Pembekalan: 18 Januari", "Ujian: 21 Januari"), ("Hotel Batiqa", "Jl. Kapten Rivai", "Kota Palembang")),
             ("JAMBI", ("Kelas: 8 Februari", "Ujian: 11 Februari"), ("Hotel Luminor", "Jl. Mpu Gandring", "Kota Jambi")),
             ("MEDAN", ("Kelas: 22 Februari", "Ujian: 25 Februari"), ("Hotel Radison", "Jl. Adam Malik", "Kota Medan"))]
    y = 200
    for r, (place, dates, venue) in enumerate(cells[:body_rows], 1):
        tags = [(0, r, c) if tagged else None for c in range(3)]
        words += _word(100, y, place, tags[0])
        for k, line in enumerate(dates):
            words += _word(600, y + k * LINE, line, tags[1])
        for k, line in enumerate(venue):
            words += _word(1200, y + k * LINE, line, tags[2])
        y += 4 * LINE
    return words


def test_a_ruled_cell_wrapped_onto_several_lines_stays_one_cell_of_its_row():
    read = table_read.read_page(_wrapped_grid(tagged=True))
    assert [tuple(r.cells.values()) for r in read.rows] == [
        ("Lokasi", "Tanggal Pelaksanaan", "Tempat Pelaksanaan"),
        ("PALEMBANG", "Pembekalan: 18 Januari Ujian: 21 Januari", "Hotel Batiqa Jl. Kapten Rivai Kota Palembang"),
        ("JAMBI", "Kelas: 8 Februari Ujian: 11 Februari", "Hotel Luminor Jl. Mpu Gandring Kota Jambi")]
    # without the grid's cells every line of two cells is a row of its own
    assert len(table_read.read_page(_wrapped_grid(tagged=False)).rows) > len(read.rows)


def test_a_grid_of_one_tall_body_row_does_not_join_its_lines():
    """A grid with no rule between its body rows (header and one tall row) says nothing of where
    rows start: each line of cells is still its own row."""
    words = _wrapped_grid(tagged=False, body_rows=1)
    for w in words:
        w["cell"] = [0, 0 if w["box"][1] < 150 else 1, 0 if w["box"][0] < 500 else 1 if w["box"][0] < 1100 else 2]
    assert len(table_read.read_page(words).rows) == len(table_read.read_page(_wrapped_grid(False, 1)).rows)


def test_a_cell_merged_over_two_rows_stays_in_the_first_row():
    """A date cell written once beside two rows (tagged with the first row by ``ingest.cells``): its
    lower lines lie level with the second row's words, yet they are the first row's text."""
    words = _word(100, 100, "Lokasi", (0, 0, 0)) + _word(600, 100, "Tanggal", (0, 0, 1)) + \
        _word(1200, 100, "Tempat", (0, 0, 2))
    words += _word(100, 200, "MEDAN", (0, 1, 0)) + _word(1200, 200, "Hotel Radison", (0, 1, 2))
    for k, line in enumerate(("Kelas: 22 Februari", "Ujian: 25 Februari", "Kelas: 1 Maret", "Ujian: 4 Maret")):
        words += _word(600, 200 + k * LINE, line, (0, 1, 1))
    words += _word(100, 200 + 2 * LINE, "BATAM", (0, 2, 0)) + _word(1200, 200 + 2 * LINE, "Hotel Sahid", (0, 2, 2))
    words += _word(100, 200 + 4 * LINE, "PADANG", (0, 3, 0)) + _word(600, 200 + 4 * LINE, "Kelas: 8 Maret", (0, 3, 1)) + \
        _word(1200, 200 + 4 * LINE, "Hotel Pangeran", (0, 3, 2))
    read = table_read.read_page(words)
    assert [tuple(r.cells.values()) for r in read.rows] == [
        ("Lokasi", "Tanggal", "Tempat"),
        ("MEDAN", "Kelas: 22 Februari Ujian: 25 Februari Kelas: 1 Maret Ujian: 4 Maret", "Hotel Radison"),
        ("BATAM", "Hotel Sahid"),
        ("PADANG", "Kelas: 8 Maret", "Hotel Pangeran")]


def test_a_handwritten_cell_is_flagged_to_be_keyed_in_and_left_empty():
    words = _word(100, 100, "No") + _word(250, 100, "Nama Lengkap") + _word(900, 100, "Jabatan")
    words += _word(110, 160, "1") + _word(250, 160, "Mahyuni") + _word(900, 160, "Kader PKK")
    words += _word(110, 220, "2") + _word(250, 220, "lulll", (0, 2, 1), hand=True) + _word(900, 220, "Guru PAUD")
    read = table_read.read_page(words, hint="hadir")
    assert [r.cells for r in read.rows] == [{"no": "1", "nama": "Mahyuni", "jabatan": "Kader PKK"},
                                            {"no": "2", "jabatan": "Guru PAUD"}]
    assert table_read.REVIEW_HAND % {"column": "nama"} in read.rows[1].review
    assert not any("tulisan tangan" in note for note in read.rows[0].review)


def test_a_handwritten_agenda_cell_is_flagged_not_guessed():
    header = _word(100, 100, "No. Agenda") + _word(400, 100, "Asal Surat") + _word(900, 100, "Nomor Surat") + \
        _word(1500, 100, "Perihal")
    body = _word(110, 160, "12") + _word(400, 160, "", (0, 1, 1), hand=True) + \
        _word(900, 160, "045/22/DS-HL/2024") + _word(1500, 160, "Undangan rapat")
    # a cell whose ink was only pen strokes comes as one word without text, marked hand
    body += [{"text": "", "conf": 0.0, "box": [400, 160, 300, 40], "cell": [0, 1, 1], "hand": True}]
    [row] = agenda_table.read_rows(header + body)
    assert "asal_tujuan" not in row.cells and row.cells["nomor_surat"] == "045/22/DS-HL/2024"
    assert table_read.REVIEW_HAND % {"column": "asal_tujuan"} in row.review


def test_wrapped_lines_between_rows_do_not_end_a_plain_grid():
    # rows far apart (a long first cell wraps over two lines each): the gap between two rows'
    # first lines is wider than a table's, the gap between neighbouring lines is not
    words = _word(100, 100, "NO") + _word(400, 100, "YANG DIKIRIM") + _word(1300, 100, "JUMLAH")
    y = 100 + LINE
    for k in range(1, 6):
        words += _word(100, y, f"{k}.") + _word(400, y, f"Buku Kajian Nomor {k}") + _word(1300, y, "1 Buku")
        words += _word(400, y + LINE, "Kabupaten Jepara") + _word(400, y + 2 * LINE, "Tahun 2020")
        y += 3 * LINE
    read = table_read.read_page(words)
    assert [r.cells.get("kolom_1") for r in read.rows] == ["NO", "1.", "2.", "3.", "4.", "5."]
    assert read.rows[5].cells["kolom_2"] == "Buku Kajian Nomor 5 Kabupaten Jepara Tahun 2020"


def test_a_plain_grid_page_with_two_tables_gives_the_rows_of_both():
    first = [[(100, "Kode"), (500, "Uraian"), (1300, "Volume")], [(100, "A.1"), (500, "Rak buku"), (1300, "4 unit")],
             [(100, "A.2"), (500, "Karpet baca"), (1300, "2 lembar")]]
    second = [[(100, "Lokasi"), (700, "Tempat")], [(100, "Paringin"), (700, "Balai Desa")],
              [(100, "Halong"), (700, "Aula Kecamatan")]]
    words = []
    for k, line in enumerate(first):
        for x, text in line:
            words += _word(x, 100 + k * LINE, text)
    words += _word(100, 100 + 4 * LINE, "Demikian disampaikan untuk diketahui dan dilaksanakan sebagaimana mestinya.")
    for k, line in enumerate(second):
        for x, text in line:
            words += _word(x, 100 + (10 + k) * LINE, text)
    read = table_read.read_page(words)
    assert [tuple(r.cells.values()) for r in read.rows] == [
        ("Kode", "Uraian", "Volume"), ("A.1", "Rak buku", "4 unit"), ("A.2", "Karpet baca", "2 lembar"),
        ("Lokasi", "Tempat"), ("Paringin", "Balai Desa"), ("Halong", "Aula Kecamatan")]


# --- through Tesseract -----------------------------------------------------------------------------

def _words(tmp_path, image, name: str = "page.png") -> list[dict]:
    path = tmp_path / name
    image.convert("RGB").save(path, dpi=(300, 300))
    [page] = pipeline.ingest_file(path, IngestOptions()).pages
    return [w.to_json() for w in page.words]


@pytest.mark.slow
def test_handwritten_cells_on_a_ruled_page_are_flagged_and_printed_ones_read(tmp_path):
    page = table_page("hadir", "cells-test", ruled=True, handwritten=2)
    words = _words(tmp_path, page.image)
    rows = table_read.read_page(words, hint="hadir").rows
    by_no = {r.cells.get("no"): r for r in rows}
    for r, column in page.hand:
        row = by_no[str(r + 1)]
        assert column not in row.cells, row.cells  # not guessed
        assert table_read.REVIEW_HAND % {"column": column} in row.review
    hand_rows = {r for r, _ in page.hand}
    printed = [(k, t) for k, t in enumerate(page.rows) if k not in hand_rows]
    assert [by_no[str(k + 1)].cells for k, _ in printed] == [t for _, t in printed]
    assert not any("tulisan tangan" in note for k, _ in printed for note in by_no[str(k + 1)].review)


@pytest.mark.slow
def test_words_of_a_ruled_table_carry_their_grid_cell(tmp_path):
    page = table_page("buku", "cells-grid", ruled=True, n=6)
    words = _words(tmp_path, page.image)
    tagged = [w for w in words if w.get("cell")]
    rows = {w["cell"][1] for w in tagged}
    assert rows == set(range(7))  # the header and six books
    for k, book in enumerate(page.texts, 1):  # each title is the text of the title column's cell of its row
        assert " ".join(w["text"] for w in tagged if w["cell"] == [0, k, 1]) == book[1]


@pytest.mark.slow
def test_pen_words_read_as_plausible_words_are_still_flagged(tmp_path):
    """Cursive cells Tesseract reads as short words ("Ana", "Arah") at middling confidence were filled
    with those guesses; the joined-stroke test flags them whatever they read as (a daftar judul buku,
    three cells by hand), and no printed cell of the page is flagged or lost."""
    page = table_page("buku", "joined-pipeline", ruled=True, handwritten=3)
    words = _words(tmp_path, page.image)
    rows = table_read.read_page(words, hint="buku").rows
    by_no = {r.cells.get("no"): r for r in rows}
    for r, column in page.hand:
        row = by_no[str(r + 1)]
        assert column not in row.cells, row.cells  # not guessed
        assert table_read.REVIEW_HAND % {"column": column} in row.review
    for k, truth in enumerate(page.rows):
        row = by_no[str(k + 1)]
        assert {c: v for c, v in row.cells.items() if c in truth} == truth
        assert not [c for c in truth if table_read.REVIEW_HAND % {"column": c} in row.review]


@pytest.mark.slow
def test_a_short_pen_reading_boxed_taller_than_the_pages_type_is_flagged(tmp_path):
    """Pen loops Tesseract reads as a short word at high confidence (a title "Aw" at 86, an eksemplar
    "A" at 89) were kept as text or left as "not a number": their boxes are half again as tall as
    the page's printed capitals, so they are pen, flagged to be keyed in; no printed cell is."""
    page = table_page("buku", "hand-2", ruled=True, handwritten=3)
    words = _words(tmp_path, page.image)
    rows = table_read.read_page(words, hint="buku").rows
    by_no = {r.cells.get("no"): r for r in rows}
    for r, column in page.hand:
        row = by_no[str(r + 1)]
        assert column not in row.cells and table_read.REVIEW_HAND % {"column": column} in row.review, row
    for k, truth in enumerate(page.rows):
        assert not [c for c in truth if table_read.REVIEW_HAND % {"column": c} in by_no[str(k + 1)].review]


def test_a_stray_mark_before_a_cells_first_word_is_no_part_of_it():
    """A speck or a rule's end read as "." or an opening quote no quote closes, glued to a cell's
    first word on a skewed scan (".Pengolahan", "\u201cLaporan"), is dropped; paired quotes stay."""
    words = _word(100, 100, "No") + _word(250, 100, "Nama Lengkap") + _word(900, 100, "Jabatan")
    words += _word(110, 160, "1") + _word(250, 160, ".Mahyuni") + _word(900, 160, "\u201cKader PKK")
    words += _word(110, 220, "2") + _word(250, 220, "Siti \u201cIyus\u201d") + _word(900, 220, "Guru PAUD")
    read = table_read.read_page(words, hint="hadir")
    assert [r.cells for r in read.rows] == [{"no": "1", "nama": "Mahyuni", "jabatan": "Kader PKK"},
                                            {"no": "2", "nama": "Siti \u201cIyus\u201d", "jabatan": "Guru PAUD"}]
    header = _word(100, 300, "No. Agenda") + _word(400, 300, "Asal Surat") + _word(900, 300, "Nomor Surat") + \
        _word(1500, 300, "Perihal")
    body = _word(110, 360, "12") + _word(400, 360, "SDN Halong") + _word(900, 360, "045/22/DS-HL/2024") + \
        _word(1500, 360, "\u201cUndangan rapat")
    [row] = agenda_table.read_rows(header + body)
    assert row.cells["perihal"] == "Undangan rapat"


def test_a_misread_header_cell_a_gutter_away_is_not_joined_to_the_next_column():
    """The "No" header read as "Na" far left of "Nama Peserta": a phrase is no header cell across a
    column's gutter, so the row numbers (read again by ``ingest.cells.read_lost``) do not join the names."""
    words = _word(100, 100, "Na") + _word(400, 100, "Nama Peserta") + _word(1000, 100, "Jabatan")
    words += _word(110, 160, "1") + _word(400, 160, "Fahriannor") + _word(1000, 160, "Kader PKK")
    words += _word(110, 220, "2") + _word(400, 220, "Rusdiansyah") + _word(1000, 220, "Guru PAUD")
    read = table_read.read_page(words, hint="hadir")
    assert [r.cells.get("nama") for r in read.rows] == ["Fahriannor", "Rusdiansyah"]
    # a phrase of neighbouring header cells still names one column ("Jml. Eks.")
    words = _word(100, 100, "No") + _word(250, 100, "Judul") + _word(900, 100, "Pengarang") + \
        _word(1400, 100, "Jml.") + _word(1400 + 5 * CHAR, 100, "Eks.")
    words += _word(110, 160, "1") + _word(250, 160, "Laskar Pelangi") + _word(900, 160, "Andrea Hirata") + \
        _word(1420, 160, "3")
    assert table_read.read_page(words, hint="buku").rows[0].cells.get("eksemplar") == "3"


@pytest.mark.slow
def test_blue_pen_cells_of_a_blurred_colour_photo_are_flagged(tmp_path):
    """A ruled book list in colour, blurred as a phone photo blurs it (type's letters touch, so the
    joined-stroke test is off there): the blue pen cells are flagged by their ink's colour and left
    empty, and no printed cell is flagged."""
    import numpy as np
    from PIL import Image, ImageFilter

    page = table_page("buku", "pen-colour", ruled=True, handwritten=3)
    rgb = np.asarray(page.image.convert("RGB")).astype(int)
    pen = (rgb[:, :, 2] - rgb[:, :, 0] >= 15)  # the generator's pens, blue to navy: all a blue ballpoint
    rgb[pen] = (30, 40, 140)
    photo = Image.fromarray(rgb.astype(np.uint8)).filter(ImageFilter.GaussianBlur(2.2))
    rows = table_read.read_page(_words(tmp_path, photo, "photo.jpg"), hint="buku").rows
    flagged = [(r.index, c) for r in rows for c in table_read.kinds()["buku"].columns
               if table_read.REVIEW_HAND % {"column": c} in r.review]
    assert len(flagged) == len(page.hand), (flagged, page.hand)
    for r, column in page.hand:  # the pen cell's row read, the cell left empty
        row = next(x for x in rows if x.cells.get("judul") == page.rows[r]["judul"])
        assert column not in row.cells, row.cells


@pytest.mark.slow
def test_printed_cells_of_a_page_blurred_as_a_whole_are_not_taken_for_pen(tmp_path):
    """A ruled schedule, printed only, shrunk to 150 dpi and blurred as a shaken phone or a small
    messenger photo blurs it: every cell reads unsure and unstable, which on a sharp page says pen.
    Here it says blur: no cell is flagged "to be keyed in" (on ``main``, 44 of 57), the grid is
    recorded as not reading sure, and a cell read unstable keeps a confidence that says so."""
    from PIL import Image, ImageFilter

    page = table_page("jadwal", "blurred-print", ruled=True)
    image = page.image.convert("RGB")
    image = image.resize((image.width // 2, image.height // 2), Image.BILINEAR).filter(ImageFilter.GaussianBlur(2))
    path = tmp_path / "blurred.jpg"
    image.save(path, dpi=(150, 150), quality=70)
    [read] = pipeline.ingest_file(path, IngestOptions()).pages
    record = next(s.details for s in read.steps if s.stage == "read_cells")
    assert record["cells"] > 40 and record["print_sure"] is False, record
    assert record["handwritten"] == 0, record
    words = [w.to_json() for w in read.words]
    assert not any(w.get("hand") for w in words)
    rows = table_read.read_page(words, hint="jadwal").rows
    assert not any("tulisan tangan" in note for r in rows for note in r.review)
    # the unstable readings stay unsure (their confidence lowered): the reader leaves them empty
    assert sum(1 for w in words if w.get("cell") and w["conf"] <= 30) >= record["unstable"]


def test_a_pen_cell_right_beside_a_printed_cell_of_the_next_column_is_its_own_cell():
    # the date's last digit and the pen strokes of the next ruled cell sit closer than a gutter:
    # the rule between them parts them, so the date is kept and the pen cell flagged in its column
    header = _word(100, 100, "No. Agenda", (0, 0, 0)) + _word(400, 100, "Tgl Terima", (0, 0, 1)) + \
        _word(700, 100, "Asal Surat", (0, 0, 2)) + _word(1100, 100, "Nomor Surat", (0, 0, 3)) + \
        _word(1600, 100, "Perihal", (0, 0, 4))
    body = _word(110, 160, "12", (0, 1, 0)) + _word(400, 160, "07-03-2024", (0, 1, 1)) + \
        [{"text": "hri", "conf": 36.0, "box": [400 + 10 * CHAR + 15, 160, 90, 30], "cell": [0, 1, 2], "hand": True}] + \
        _word(1100, 160, "045/22/DS-HL/2024", (0, 1, 3)) + _word(1600, 160, "Undangan rapat", (0, 1, 4))
    body += _word(110, 240, "13", (0, 2, 0)) + _word(400, 240, "08-03-2024", (0, 2, 1)) + \
        _word(635, 240, "SD Negeri", (0, 2, 2)) + _word(1100, 240, "470/5/SDN/2024", (0, 2, 3)) + \
        _word(1600, 240, "Laporan", (0, 2, 4))
    row, _ = agenda_table.read_rows(header + body)
    assert row.cells["tanggal_terima"] == "2024-03-07" and "asal_tujuan" not in row.cells
    assert table_read.REVIEW_HAND % {"column": "asal_tujuan"} in row.review
    assert table_read.REVIEW_HAND % {"column": "tanggal_terima"} not in row.review


def test_a_speck_at_the_top_of_a_header_cell_does_not_lift_the_other_cells_off_its_line():
    # a speck read as "'" above "Instansi" was that cell's top word: every other header cell moved
    # up to it and "Instansi" was left on a line of its own, its column (and its pen cells) lost
    words = _word(100, 100, "No.", (0, 0, 0)) + _word(250, 100, "Nama Lengkap", (0, 0, 1)) + \
        _word(900, 100, "Instansi", (0, 0, 2)) + \
        [{"text": "'", "conf": 72.0, "box": [1090, 82, 5, 5], "cell": [0, 0, 2]}]
    for r, (name, job) in enumerate((("Mahyuni", "Kader PKK"), ("Hairiyah", "Guru PAUD"), ("Syahrani", "Ketua RT")), 1):
        y = 100 + 80 * r
        words += _word(110, y, str(r), (0, r, 0)) + _word(250, y, name, (0, r, 1))
        words += _word(900, y, "lu", (0, r, 2), hand=True) if r == 2 else _word(900, y, job, (0, r, 2))
    read = table_read.read_page(words, hint="hadir")
    assert "jabatan" in read.columns
    assert [r.cells.get("jabatan") for r in read.rows] == ["Kader PKK", None, "Ketua RT"]
    assert table_read.REVIEW_HAND % {"column": "jabatan"} in read.rows[1].review
    assert read.header == ("No.", "Nama Lengkap", "Instansi")


def test_a_speck_after_an_agenda_number_is_no_part_of_it():
    header = _word(100, 100, "No. Agenda") + _word(400, 100, "Asal Surat") + _word(900, 100, "Nomor Surat") + \
        _word(1500, 100, "Perihal")
    body = _word(110, 160, "294\u201d") + _word(400, 160, "SD Negeri") + _word(900, 160, "045/22/DS-HL/2024") + \
        _word(1500, 160, "Undangan rapat")
    [row] = agenda_table.read_rows(header + body)
    assert row.cells["nomor_agenda"] == "294"


def test_each_line_of_a_list_in_columns_inside_one_ruled_box_is_a_row():
    # a disposition form: one tall box holds the addressees in three columns of its own; a line is
    # the next entry even when it does not fill every column of the box's first line
    words = _word(100, 100, "Kepada Yth", (0, 0, 0)) + _word(900, 100, "Paraf", (0, 0, 1))
    words += _word(100, 180, "Sekretaris", (0, 1, 0)) + _word(900, 180, "Kepala SPI", (0, 1, 1))
    entries = (("Direktur Keuangan", "Direktur Pemasaran", "Direktur Operasi"),
               ("GM Biro Keuangan", "GM Sumber Daya"),  # a list's column ends sooner: a short line
               ("GM Human Capital", "GM Komponen", "GM Biro SMK3LH"))
    for k, line in enumerate(entries):
        y = 260 + 50 * k
        for x, text in zip((100, 700, 1300), line):
            words += _word(x, y, text, (0, 2, 0))
    words += _word(100, 480, "Catatan", (0, 3, 0))
    read = table_read.read_page(words)
    rows = [tuple(r.cells.values()) for r in read.rows]
    for line in entries:
        assert line in rows


def test_a_labels_colon_standing_apart_in_its_cell_stays_with_the_label():
    # a form's labels with their colons aligned in a column of their own, far right of a short label
    words = _word(100, 100, "Kode pos", (0, 0, 0)) + _word(900, 100, "Desa", (0, 0, 1))
    words += _word(100, 180, "Telepon", (0, 1, 0)) + _word(900, 180, "Kecamatan kota", (0, 1, 1))
    words += _word(100, 260, "Faksimile", (0, 2, 0)) + _word(900, 260, "Provinsi", (0, 2, 1))
    for y, cell in ((100, (0, 0, 1)), (180, (0, 1, 1)), (180, (0, 1, 0))):
        words.append({"text": ":", "conf": 92.0, "box": [1400 if cell[2] else 600, y + 8, 6, 19], "cell": list(cell)})
    words.append({"text": ":", "conf": 92.0, "box": [1400, 262, 6, 5], "cell": [0, 2, 1]})  # a speck read ":"
    words.append({"text": ":", "conf": 92.0, "box": [600, 100, 6, 19]})  # a colon outside any grid
    rows = [tuple(r.cells.values()) for r in table_read.read_page(words).rows]
    assert ("Kode pos", "Desa :") in rows and ("Telepon :", "Kecamatan kota :") in rows, rows
    assert ("Faksimile", "Provinsi") in rows  # a speck is no colon


def _venues(unsure: dict[int, str]) -> list[dict]:
    """A ruled schedule of four places, each venue cell "Hotel …"; ``unsure``: body row -> the word
    of its venue cell read at confidence 0 (its text as given)."""
    words = _word(100, 100, "Lokasi", (0, 0, 0)) + _word(600, 100, "Tempat", (0, 0, 1)) + _word(1200, 100, "Kota", (0, 0, 2))
    places = (("MEDAN", "Radison Medan", "Kota Medan"), ("BATAM", "Sahid Batam", "Kota Batam"),
              ("PADANG", "Pangeran City", "Kota Padang"), ("JAMBI", "Luminor Jambi", "Jambi"))
    for r, (place, venue, city) in enumerate(places, 1):
        y = 100 + r * 2 * LINE
        first = _word(600, y, unsure.get(r, "Hotel"), (0, r, 1))
        if r in unsure:
            first[0]["conf"] = 0.0
        words += _word(100, y, place, (0, r, 0)) + first + \
            _word(600 + CHAR * 7, y, venue, (0, r, 1)) + _word(1200, y, city, (0, r, 2))
    return words


def test_an_unsure_word_read_as_the_same_word_sure_elsewhere_in_its_column_keeps_its_cell():
    rows = [tuple(r.cells.values()) for r in table_read.read_page(_venues({1: "Hotel"})).rows]
    assert ("MEDAN", "Hotel Radison Medan", "Kota Medan") in rows, rows
    # read otherwise than the column's word: still unsure, the cell stays empty (flagged)
    read = table_read.read_page(_venues({1: "Hotell"}))
    assert ("MEDAN", "Kota Medan") in [tuple(r.cells.values()) for r in read.rows]
    assert any("kurang jelas" in note and "Hotell" in note for r in read.rows for note in r.review)
    # the same word sure only in another column ("Kota" of the city column) confirms nothing
    read = table_read.read_page(_venues({2: "Kota"}))
    assert ("BATAM", "Kota Batam") in [tuple(r.cells.values()) for r in read.rows]
    # a handwritten cell stays to be keyed in, whatever its reading
    words = _venues({})
    for w in words:
        if w.get("cell") == [0, 3, 1]:
            w["hand"], w["conf"] = True, 0.0
    read = table_read.read_page(words)
    assert ("PADANG", "Kota Padang") in [tuple(r.cells.values()) for r in read.rows]


def test_an_entry_of_a_boxed_list_alone_in_its_first_column_is_a_row_and_a_wrapped_line_is_not():
    # a disposition form's box of instructions in columns of its own; under the last full line, entries
    # of the first column alone stand as far apart as the list's lines; a wrapped entry sits close
    words = _word(100, 100, "Kepada Yth", (0, 0, 0)) + _word(900, 100, "Paraf", (0, 0, 1))
    words += _word(100, 180, "Sekretaris", (0, 1, 0)) + _word(900, 180, "Kepala SPI", (0, 1, 1))
    entries = (("ACC Dilaksanakan", "Buatkan", "Jawaban tanggapan"),
               ("Ikuti perkembangannya", "Fotokopi", "Arsip"))
    y = 260
    for line in entries:
        for x, text in zip((100, 700, 1300), line):
            words += _word(x, y, text, (0, 2, 0))
        y += 60
    words += _word(100, y - 28, "sampai selesai", (0, 2, 0))  # the entry above wrapped: close under it
    for alone in ("Harap Diwakili", "Simpan File", "Bahas dengan saya"):
        y += 60
        words += _word(100, y, alone, (0, 2, 0))
    words += _word(100, y + 120, "Catatan", (0, 3, 0))
    rows = [tuple(r.cells.values()) for r in table_read.read_page(words).rows]
    assert ("ACC Dilaksanakan", "Buatkan", "Jawaban tanggapan") in rows, rows
    assert ("Ikuti perkembangannya sampai selesai", "Fotokopi", "Arsip") in rows, rows
    for alone in ("Harap Diwakili", "Simpan File", "Bahas dengan saya"):
        assert (alone,) in rows, rows


def test_a_zero_read_as_o_among_digits_is_a_zero_and_a_code_with_letters_is_kept():
    words = _word(100, 100, "No") + _word(250, 100, "Nama Lengkap") + _word(900, 100, "Jabatan")
    words += _word(110, 160, "1") + _word(250, 160, "Junaidi") + _word(900, 160, "Ketua RT O1")
    words += _word(110, 220, "2") + _word(250, 220, "Mahyuni'") + _word(900, 220, "Kader KO1")
    words += _word(110, 280, "3") + _word(250, 280, "Jum'at") + _word(900, 280, "Guru PAUD")
    read = table_read.read_page(words, hint="hadir")
    assert [r.cells for r in read.rows] == [{"no": "1", "nama": "Junaidi", "jabatan": "Ketua RT 01"},
                                            {"no": "2", "nama": "Mahyuni", "jabatan": "Kader KO1"},
                                            {"no": "3", "nama": "Jum'at", "jabatan": "Guru PAUD"}]


def test_a_lone_letter_in_a_plain_grids_column_of_numbers_is_its_digit_and_a_time_glued_to_its_zone_is_parted():
    words = _word(100, 100, "Nama Barang", (0, 0, 0)) + _word(900, 100, "Unit", (0, 0, 1)) + \
        _word(1300, 100, "Jam", (0, 0, 2))
    items = (("Glucose Meter", "I", "07.00Wib"), ("Test Strips", "1", "08.00 Wib"), ("Paket Meter", "2", "09.30"),
             ("Cholesterol Strips", "1", "10.00"))
    for r, (name, unit, time) in enumerate(items, 1):
        y = 100 + r * 80
        words += _word(100, y, name, (0, r, 0)) + _word(900, y, unit, (0, r, 1)) + _word(1300, y, time, (0, r, 2))
    rows = [tuple(r.cells.values()) for r in table_read.read_page(words).rows]
    assert rows[1] == ("Glucose Meter", "1", "07.00 Wib"), rows
    # a column of words keeps its lone letters ("I" of a list of grades, beside words)
    words = _word(100, 100, "Nama", (0, 0, 0)) + _word(900, 100, "Golongan", (0, 0, 1))
    for r, (name, grade) in enumerate((("Ahmad", "I"), ("Rifani", "II"), ("Zaini", "III"), ("Saufi", "1")), 1):
        words += _word(100, 100 + r * 80, name, (0, r, 0)) + _word(900, 100 + r * 80, grade, (0, r, 1))
    rows = [tuple(r.cells.values()) for r in table_read.read_page(words).rows]
    assert ("Ahmad", "I") in rows, rows


def test_a_ranges_dash_read_glued_to_the_number_after_it_is_set_apart():
    words = _word(100, 100, "Wilayah", (0, 0, 0)) + _word(600, 100, "Periode", (0, 0, 1))
    for r, (place, dates) in enumerate((("PADANG", "Classroom: 8 \u201410 Maret"), ("JAMBI", "Kelas: 1 Maret"),
                                        ("MEDAN", "Kelas: 6-9 Maret")), 1):
        words += _word(100, 100 + r * 80, place, (0, r, 0)) + _word(600, 100 + r * 80, dates, (0, r, 1))
    rows = [tuple(r.cells.values()) for r in table_read.read_page(words).rows]
    assert ("PADANG", "Classroom: 8 \u2013 10 Maret") in rows, rows
    assert ("MEDAN", "Kelas: 6-9 Maret") in rows, rows  # a hyphen glued inside a number stays


def _sign(x: int, y: int, text: str, w: int, h: int, cell: tuple[int, int, int] | None) -> dict:
    out = {"text": text, "conf": 90.0, "box": [x, y, w, h]}
    if cell:
        out["cell"] = list(cell)
    return out


def test_a_spaced_colon_between_two_words_is_kept_and_two_specks_are_not():
    # "(1 bx : 50 strips)" in a table without rules (no grid cell: no label's colon either): a lone colon of a
    # colon's height, close to the words on both sides, is the cell's text
    words = _word(100, 100, "Nama Barang") + _word(1600, 100, "Unit")
    words += _word(100, 180, "Test Strips (1 bx") + [_sign(100 + 17 * CHAR + 10, 188, ":", 7, 20, None)] + \
        _word(100 + 17 * CHAR + 30, 180, "50 strips)") + _word(1600, 180, "1")
    words += _word(100, 260, "Glucose Meter") + _word(1600, 260, "2")
    # two specks read as a colon, far lower than the words beside them: no colon
    words += _word(100, 340, "Paket") + [_sign(100 + 5 * CHAR + 10, 355, ":", 4, 6, None)] + \
        _word(100 + 5 * CHAR + 30, 340, "Meter") + _word(1600, 340, "3")
    rows = [tuple(r.cells.values()) for r in table_read.read_page(words).rows]
    assert ("Test Strips (1 bx : 50 strips)", "1") in rows, rows
    assert ("Glucose Meter", "2") in rows, rows
    assert ("Paket Meter", "3") in rows, rows


def test_a_ranges_dash_beside_a_narrow_low_digit_is_kept():
    # "1 – 3 Maret": the "1" is boxed lower than its line's type, the dash as far from it as from the "3"
    words = _word(100, 100, "Wilayah", (0, 0, 0)) + _word(600, 100, "Periode", (0, 0, 1))
    for r, place in enumerate(("PADANG", "JAMBI", "MEDAN"), 1):
        y = 100 + r * 80
        words += _word(100, y, place, (0, r, 0)) + \
            [{"text": "1", "conf": 90.0, "box": [600, y + 6, 9, 24], "cell": [0, r, 1]},
             _sign(600 + 9 + 20, y + 15, "\u2014", 20, 3, (0, r, 1)),
             {"text": "3", "conf": 90.0, "box": [600 + 9 + 20 + 20 + 20, y, 17, 30], "cell": [0, r, 1]}] + \
            _word(600 + 9 + 20 + 20 + 20 + 17 + 12, y, "Maret", (0, r, 1))
    rows = [tuple(r.cells.values()) for r in table_read.read_page(words).rows]
    assert ("PADANG", "1 \u2013 3 Maret") in rows, rows


def test_a_small_l_in_a_word_set_in_capitals_is_a_capital_i_and_jl_is_kept():
    words = _word(100, 100, "No") + _word(250, 100, "Hari/Tgl") + _word(700, 100, "Lokasi Kegiatan")
    words += _word(110, 160, "1") + _word(250, 160, "Rabu") + _word(700, 160, "Kecamatan PAKIS AJl")
    words += _word(110, 220, "2") + _word(250, 220, "Kamis") + _word(700, 220, "Jl. Kapten PAKlS, Kota")
    words += _word(110, 280, "3") + _word(250, 280, "Jumat") + _word(700, 280, "Hotel Sahid Al Mayong")
    rows = [tuple(r.cells.values()) for r in table_read.read_page(words).rows]
    assert [row[-1] for row in rows[-3:]] == ["Kecamatan PAKIS AJI", "Jl. Kapten PAKIS, Kota", "Hotel Sahid Al Mayong"], rows


def test_two_boxes_of_text_wrapped_side_by_side_in_one_ruled_cell_are_two_cells_not_a_row_per_line():
    # a fee box under a schedule: one ruled cell holds two bulleted texts side by side, each wrapped
    # over three close lines (no rule between them); a list in columns of its own stands further apart
    words = _word(100, 100, "Lokasi", (0, 0, 0)) + _word(900, 100, "Tempat", (0, 0, 1))
    words += _word(100, 180, "MEDAN", (0, 1, 0)) + _word(900, 180, "Hotel Radison", (0, 1, 1))
    words += _word(600, 260, "KONTRIBUSI", (0, 2, 0))
    left = ("Pelatihan dan Ujian: Rp 5.000.000,-", "Fasilitas : Seminar Kit,", "Souvenir dan Sertifikat")
    right = ("Pelatihan dan Menginap: Rp 7.000.000,-", "Fasilitas : Seminar Kit,", "Menginap 4 malam")
    for k, (a, b) in enumerate(zip(left, right)):
        y = 330 + 40 * k  # lines 10 px apart under 30 px type: wrapped text
        words += _word(100, y, a, (0, 3, 0)) + _word(1000, y, b, (0, 3, 0))
    words += _word(100, 560, "Catatan", (0, 4, 0))
    rows = [tuple(r.cells.values()) for r in table_read.read_page(words).rows]
    assert (" ".join(left), " ".join(right)) in rows, rows
    assert not any(row[:1] == (left[1],) for row in rows)  # no wrapped line read as a row of its own


def test_a_forms_labels_with_their_colons_close_under_each_other_in_one_box_stay_one_row_each():
    # a payment order's box of labels and values, single spaced: each line opens with its label's colon
    words = _word(100, 100, "Dasar", (0, 0, 0)) + _word(900, 100, "Program", (0, 0, 1))
    entries = (("Satker :", "UNRAM"), ("Unit Utama :", "KEDOKTERAN"), ("Sumber Dana :", "BLU"))
    for k, (label, value) in enumerate(entries):
        y = 200 + 40 * k  # as close as the wrapped lines above
        words += _word(100, y, label, (0, 1, 0)) + _word(700, y, value, (0, 1, 0))
    words += _word(100, 400, "Catatan", (0, 2, 0))
    rows = [tuple(r.cells.values()) for r in table_read.read_page(words).rows]
    for entry in entries:
        assert entry in rows, rows


def test_a_forms_label_read_sure_is_kept_when_the_pen_value_after_its_colon_reads_unsure():
    # a disposition form's ruled cells: a printed label, its colon, a value written by hand read unsure
    def cell(x: int, y: int, label: str, value: str, tag: tuple[int, int, int], label_conf: float = 92.0) -> list[dict]:
        out = _word(x, y, label, tag)
        for w in out:
            w["conf"] = label_conf
        out[-1]["text"] += " :"  # the label's colon, as ``tokens_of`` joins it
        out += _word(x + CHAR * (len(label) + 3), y, value, tag)
        out[-1]["conf"] = 20.0  # the pen value's last word
        return out
    words = cell(100, 100, "Surat Dari", "TP PKK Singosari", (0, 0, 0)) + _word(1200, 100, "Diterima", (0, 0, 1))
    words += cell(100, 180, "Perihal", "Undangan rapat", (0, 1, 0), label_conf=20.0) + _word(1200, 180, "Sifat", (0, 1, 1))
    words += _word(100, 260, "Nomor surat 12 PKK", (0, 2, 0)) + _word(1200, 260, "Jam", (0, 2, 1))
    words[-5]["conf"] = 20.0  # "12": unsure, no label's colon before it
    read = table_read.read_page(words)
    rows = {r.index: r for r in read.rows}
    assert rows[0].cells == {"kolom_1": "Surat Dari :", "kolom_2": "Diterima"}, rows[0]
    assert any("kurang jelas" in note and "TP PKK Singosari" in note for note in rows[0].review)
    assert rows[1].cells == {"kolom_2": "Sifat"}  # the label itself unsure: the whole cell flagged
    assert rows[2].cells == {"kolom_2": "Jam"}  # no label's colon: the whole cell flagged


def test_a_slash_as_tall_as_the_type_body_between_two_words_is_kept_and_a_taller_mark_is_not():
    # a disposition sheet's instructions in a ruled grid: in many faces a slash runs from above the
    # capitals to below the baseline, far taller than a word without descenders beside it ("File",
    # "monitor"), and its box leans into a neighbour's ("Simpan" ends past the slash's left edge)
    def slash(x: int, y: int, h: int, cell: tuple[int, int, int]) -> dict:
        return _sign(x, y - (h - 30) // 2, "/", 14, h, cell)

    words = _word(100, 100, "Petunjuk", (0, 0, 0)) + _word(900, 100, "Tindakan", (0, 0, 1))
    y = 180  # "Simpan" boxed 30 high (its p), "File" 22 (no descender): the slash 40, 1.8 times "File"
    words += _word(100, y, "Simpan", (0, 1, 0)) + [slash(100 + 6 * CHAR - 4, y, 40, (0, 1, 0))] + \
        [{"text": "File", "conf": 92.0, "box": [100 + 6 * CHAR + 22, y + 4, 4 * CHAR, 22], "cell": [0, 1, 0]}] + \
        _word(900, y, "Arsipkan", (0, 1, 1))
    y = 260  # "Ikuti kemajuannya / monitor": the slash as tall as the word with descenders
    first = "Ikuti kemajuannya"
    words += _word(100, y, first, (0, 2, 0)) + [slash(100 + len(first) * CHAR + 10, y, 32, (0, 2, 0))] + \
        [{"text": "monitor", "conf": 92.0, "box": [100 + len(first) * CHAR + 34, y + 4, 7 * CHAR, 24], "cell": [0, 2, 0]}] + \
        _word(900, y, "Pantau", (0, 2, 1))
    y = 340  # a mark twice the line's height between two words (a rule's broken end, a stroke): not a slash
    words += _word(100, y, "Bahas", (0, 3, 0)) + [slash(100 + 5 * CHAR + 10, y, 62, (0, 3, 0))] + \
        _word(100 + 5 * CHAR + 34, y, "saya", (0, 3, 0)) + _word(900, y, "Rapat", (0, 3, 1))
    rows = [tuple(r.cells.values()) for r in table_read.read_page(words).rows]
    assert ("Simpan / File", "Arsipkan") in rows, rows
    assert ("Ikuti kemajuannya / monitor", "Pantau") in rows, rows
    assert ("Bahas saya", "Rapat") in rows, rows
