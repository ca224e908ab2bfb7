"""Ruled tables: found as bands, rules erased inside them only, read row by row."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from pagegen import draw_ruled_table, font, render_page, words_in_order
from PIL import Image, ImageDraw, ImageFont

from ingest import marks, tables
from ingest.cells import commas_read, read_cells
from ingest.model import Page, Word
from ingest.ocr import read_page
from ingest.options import IngestOptions

ROWS = [("No", "Nama", "Jabatan"), ("1", "Lisa Purnamasari", "Kader PKK"), ("2", "Ahmad Yani", "Ketua RT"),
        ("3", "Mulyadi", "Tokoh Masyarakat"), ("4", "Nor Asiah", "Pengelola Perpustakaan")]


@pytest.fixture(scope="module")
def table_page() -> np.ndarray:
    """A heading, a kop rule, a ruled three-column table, and a closing line (150 dpi)."""
    im = Image.new("L", (1240, 1100), 255)
    draw = ImageDraw.Draw(im)
    draw.text((420, 60), "DAFTAR HADIR PESERTA", fill=0, font=font(32, bold=True))
    draw.line((90, 120, 1150, 120), fill=0, width=3)  # a rule that is not a table
    cols, top, row_h = [90, 190, 620, 1150], 250, 70
    draw_ruled_table(draw, ROWS, cols, top, row_h, size=28, text_dy=18)
    draw.text((90, 700), "Demikian daftar hadir ini dibuat dengan sebenarnya.", fill=0, font=font(28))
    return np.asarray(im).copy()


def test_table_band_found_and_rules_erased_inside_only(table_page):
    page = tables.find_tables(Page(1, table_page, dpi=150))
    bands = tables.recorded_tables(page.steps)
    assert len(bands) == 1
    y0, y1 = bands[0]
    assert abs(y0 - 250) < 10 and abs(y1 - 600) < 10
    assert page.image[250 + 70, 400] == 255 and page.image[400, 190] == 255  # rules gone
    assert page.image[120, 600] < 128  # the kop rule outside the table stays


def test_plain_letter_has_no_table():
    page = tables.find_tables(Page(1, cv2.cvtColor(render_page(), cv2.COLOR_BGR2GRAY), dpi=150))
    assert tables.recorded_tables(page.steps) == []


def test_table_read_row_by_row(table_page):
    page = tables.find_tables(Page(1, table_page, dpi=150))
    text = read_page(page, IngestOptions(), tables=tables.recorded_tables(page.steps)).text
    rows = [" ".join(row) for row in ROWS]
    assert words_in_order(text, ["DAFTAR", "HADIR"] + [w for row in rows for w in row.split()] + ["Demikian"])


def test_faint_hairline_table_in_a_photo_found_and_erased():
    """A ruled table photographed small (~120 dpi): the hairline rules come out light grey
    and broken in the ink mask, the text stays dark. The grid is still found and erased."""
    im = Image.new("L", (1000, 700), 255)
    draw = ImageDraw.Draw(im)
    cols, top, row_h = [70, 150, 500, 930], 120, 56
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            draw.text((cols[c] + 10, top + r * row_h + 15), cell, fill=30, font=font(22))
    bottom = top + len(ROWS) * row_h
    for r in range(len(ROWS) + 1):
        draw.line((cols[0], top + r * row_h, cols[-1], top + r * row_h), fill=175, width=1)
    for x in cols:
        draw.line((x, top, x, bottom), fill=175, width=1)
    photo = cv2.GaussianBlur(np.asarray(im), (0, 0), 0.7)
    rule_row = photo[top - 1:top + 2, cols[1] + 5:cols[2] - 5].min(axis=0)
    assert np.count_nonzero(rule_row < 160) < 0.5 * rule_row.size  # too light for the text ink mask
    page = tables.find_tables(Page(1, photo, dpi=120))
    bands = tables.recorded_tables(page.steps)
    assert len(bands) == 1 and abs(bands[0][0] - top) < 10 and abs(bands[0][1] - bottom) < 10
    erased = page.image[top - 1:top + 2, cols[1] + 5:cols[2] - 5].min(axis=0)
    assert np.count_nonzero(erased < 220) < 0.05 * erased.size
    text = read_page(page, IngestOptions(), tables=bands).text
    assert words_in_order(text, [w for row in ROWS[1:] for w in " ".join(row).split()]), text


def test_a_column_of_check_boxes_in_a_ruled_box_is_no_rule():
    """A lembar disposisi: a ruled form whose big box lists addressees, each after a check box, the
    boxes a small gap apart.  Their sides were bridged into a vertical rule that cut every box (and
    the list) in two cells; boxes are no rules, so the list's box stays one cell."""
    im = Image.new("L", (1240, 1000), 255)
    draw = ImageDraw.Draw(im)
    left, right, top, mid, bottom = 90, 1150, 150, 230, 490
    for y in (top, mid, bottom):
        draw.line((left, y, right, y), fill=0, width=3)
    for x in (left, right):
        draw.line((x, top, x, bottom), fill=0, width=3)
    draw.line((620, top, 620, mid), fill=0, width=3)
    draw.text((110, 175), "Surat dari", fill=0, font=font(24))
    draw.text((640, 175), "Diterima tanggal", fill=0, font=font(24))
    for k, item in enumerate(("Sekretaris", "Kepala Bidang", "Kepala Seksi", "Staf Umum", "Arsip", "Bendahara")):
        y = 233 + 45 * k  # boxes 30 px high, 15 px apart, the first and last against the rules: a broken rule's gaps
        draw.rectangle((150, y, 180, y + 30), outline=0, width=2)
        draw.text((195, y + 2), item, fill=0, font=font(24))
    draw.text((300, 60), "BADAN DAERAH", fill=0, font=font(40, bold=True))  # a heading's boxy capitals
    draw.text((300, 110), "1 Buku", fill=0, font=font(30))
    page = tables.find_tables(Page(1, np.asarray(im).copy(), dpi=150))
    found = tables.check_box_outlines(tables.half_size_ink(Page(1, np.asarray(im).copy(), dpi=150)).ink, 150)
    assert len(found) >= 4 and all(x == 150 and y > 230 for x, y, _, _ in found), found  # no capital a box
    cells = [c[1:] for c in tables.recorded_cells(page.steps)[0]]
    list_cells = [c for c in cells if c[1] < 300 < c[3]]
    assert len(list_cells) == 1 and list_cells[0][0] < 150 and list_cells[0][2] > 1100, cells


@pytest.mark.parametrize("degrees", [0.7, -0.7, 1.0, -1.0])
def test_a_grid_left_a_little_slanted_still_parts_its_rows_and_columns_into_cells(table_page, degrees):
    """A sheet fed a little askew into a copier, deskewed to the text but not quite to the rules: each
    rule drifts a few pixels across its length, so no one pixel row holds a quarter of it and the
    grid, found, gave no cells at all (a real fax's box of labels). Every cell of the table is found."""
    h, w = table_page.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    page = tables.find_tables(Page(1, cv2.warpAffine(table_page, turn, (w, h), borderValue=255), dpi=150))
    cells, _ = tables.recorded_cells(page.steps)
    assert len(cells) == len(ROWS) * 3, cells
    lefts = sorted({x0 for _, x0, _, _, _ in cells})
    assert len(lefts) == 3 and all(abs(a - b) < 12 for a, b in zip(lefts, [90, 190, 620])), lefts


SANS = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"


def _tight_table(gap: int, size: int = 42) -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
    """A 300 dpi ruled table whose cells' last lines sit ``gap`` px above their bottom rule (lowest ink to
    the rule's edge), as in a dense price list: "Dobi No.3, Kota Medan" (a comma the lowest ink), "Raja
    No.6. Kota Batam" (a full stop), "Gandring Jambi" (descenders).  Also where each line's first mark
    ends across (x of the end of "No.3," and "No.6.")."""
    im = Image.new("L", (2480, 1100), 255)
    draw = ImageDraw.Draw(im)
    sans = ImageFont.truetype(SANS, size) if Path(SANS).is_file() else font(size)
    cols, tops = [150, 700, 2330], [200, 330, 520, 710, 900]
    rows = [("LOKASI", ["TEMPAT"]), ("MEDAN", ["Hotel Pangeran City Padang", "Dobi No.3, Kota Medan"]),
            ("BATAM", ["Hotel Sahid Batam", "Raja No.6. Kota Batam"]), ("JAMBI", ["Hotel Luminor", "Gandring Jambi"])]
    ends: dict[str, tuple[int, int]] = {}
    for r, (place, lines) in enumerate(rows):
        draw.text((cols[0] + 20, tops[r] + 20), place, fill=0, font=sans)
        for k, line in enumerate(reversed(lines)):
            y = tops[r + 1] - 2 - gap - draw.textbbox((0, 0), line, font=sans)[3] - k * int(size * 1.25)
            draw.text((cols[1] + 20, y), line, fill=0, font=sans)
            for mark in ("No.3,", "No.6."):
                if mark in line:
                    ends[mark] = (cols[1] + 20 + int(draw.textlength(line[:line.index(mark) + len(mark)], font=sans)), y)
    for y in tops:
        draw.line((cols[0], y, cols[-1], y), fill=0, width=4)
    for x in cols:
        draw.line((x, tops[0], x, tops[-1]), fill=0, width=4)
    return np.asarray(im).copy(), ends


@pytest.mark.parametrize("gap", [0, 1, 2, 3])
def test_a_comma_whose_tail_the_rule_eraser_cuts_is_recorded_and_a_full_stop_or_a_descender_is_not(gap):
    """The eraser whitens a rule with a margin of a few pixels: a comma ending a cell's last line set
    tight on its bottom rule loses its tail and reads as a full stop (a real CamScanner price list's
    "No.3. Kota", "Sudirman.140. Kota").  ``find_tables`` records that comma (its image stays as
    before); the full stop and the letters' descenders beside it are not commas."""
    image, ends = _tight_table(gap)
    page = tables.find_tables(Page(1, image, dpi=300))
    commas = tables.recorded_commas(page.steps)
    assert len(commas) == 1, commas
    x0, _, x1, _ = commas[0]
    assert ends["No.3,"][0] - 15 <= x0 < x1 <= ends["No.3,"][0] + 2, (commas, ends)
    rules_only = tables.find_tables(Page(1, image, dpi=300))
    assert np.array_equal(page.image, rules_only.image)


def test_a_full_stop_read_where_the_eraser_cut_a_commas_tail_is_read_as_the_comma():
    """Read through the page reading and the cells' reading: the comma whose tail the eraser took
    (the line's lowest ink on the rule's edge) is read "No.3," and the full stop stays "No.6."."""
    image, _ = _tight_table(0)
    page = marks.remove_marks(tables.find_tables(Page(1, image, dpi=300)))
    text = read_cells(read_page(page, IngestOptions(), tables=tables.recorded_tables(page.steps)), page, IngestOptions())
    read = [w.text for w in text.words if w.text.startswith("No.")]
    assert read == ["No.3,", "No.6."], read


def test_only_a_word_ending_in_a_full_stop_at_a_cut_comma_changes():
    comma = (200, 52, 205, 62)  # a comma's ink, its head level with the word's lower half
    words = [Word("No.3.", 90.0, (120, 30, 86, 28)), Word("Kota.", 90.0, (220, 30, 70, 28)),
             Word("No.3...", 90.0, (120, 130, 100, 28)), Word(".", 60.0, (198, 50, 6, 8))]
    read, mended = commas_read(words, [comma])
    assert [w.text for w in read] == ["No.3,", "Kota.", "No.3...", ","] and mended == 2
    assert commas_read(words, []) == (words, 0)


FEE_LEFT = ("Pelatihan dan Ujian: Rp 500.000,- dengan fasilitas modul pelatihan, konsumsi selama kegiatan, "
            "sertifikat dan souvenir untuk peserta")
FEE_RIGHT = ("Pelatihan, Ujian dan Menginap: Rp 900.000,- dengan fasilitas modul pelatihan, konsumsi, sertifikat, "
             "kamar tiga malam dan fasilitas ujian")


def _wrapped(text: str, face, width: int) -> list[str]:
    out = [""]
    for word in text.split():
        joined = f"{out[-1]} {word}".strip()
        out[-1:] = [joined] if face.getlength(joined) <= width else [out[-1], word]
    return out


def _fee_table(short_rule: int) -> np.ndarray:
    """A schedule of three ruled columns, a title row over the whole width, then one row of two columns
    of text parted by a rule that divides that row only (``short_rule`` pixels long; 0: none), 300 dpi:
    the row is 140 px (0.47 inch) tall, shorter than a column rule must be (``rules_along``)."""
    face = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 30)
    image = Image.new("L", (2480, 1000), 255)
    draw = ImageDraw.Draw(image)
    xs = [120, 620, 1420, 2330]
    for y in (200, 280, 440, 520, 660):
        draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=4)
    for x in xs:
        draw.line([(x, 200), (x, 440 if x not in (xs[0], xs[-1]) else 660)], fill=0, width=4)
    if short_rule:
        draw.line([(1100, 520), (1100, 520 + short_rule)], fill=0, width=4)
    for x, text in zip(xs, ["LOKASI", "TANGGAL", "TEMPAT"]):
        draw.text((x + 25, 220), text, font=face, fill=0)
    draw.text((145, 300), "PARINGIN", font=face, fill=0)
    draw.text((645, 300), "Pembekalan: 8 Mei 2024", font=face, fill=0)
    draw.text((645, 350), "Ujian: 10 Mei 2024", font=face, fill=0)
    draw.text((1445, 300), "Aula Dinas Perpustakaan", font=face, fill=0)
    draw.text((1000, 460), "KONTRIBUSI", font=face, fill=0)
    for x, width, text in ((145, 930, FEE_LEFT), (1125, 1180, FEE_RIGHT)):
        for n, line in enumerate(_wrapped(text, face, width)):  # broken as a word processor breaks a cell's text
            draw.text((x, 530 + n * 40), line, font=face, fill=0)
    draw.text((120, 800), "Demikian kami sampaikan untuk diketahui", font=face, fill=0)
    return np.array(image)


def test_a_rule_that_divides_one_row_only_parts_that_rows_cell():
    """A row of two columns of text in a table of three (a fee for each of two offers under a schedule):
    its dividing rule spans that row only, shorter than a column rule must be, so the row was one cell and
    read straight across, the two offers' lines interleaved. The rule from the row's rule to the next one
    now parts the cell, and the row reads cell by cell; a rule that stops halfway parts nothing."""
    page = tables.find_tables(Page(1, _fee_table(140), dpi=300))
    cells = [tuple(c[1:]) for c in tables.recorded_cells(page.steps)[0]]
    assert (120, 520, 1100, 660) in cells and (1100, 520, 2330, 660) in cells, cells
    assert (120, 440, 2330, 520) in cells  # the title row over the whole width stays one cell
    text = read_page(page, IngestOptions(workers=1), tables=tables.recorded_tables(page.steps)).text
    assert f"{FEE_LEFT} {FEE_RIGHT}" in text.splitlines(), text
    halfway = tables.find_tables(Page(1, _fee_table(70), dpi=300))
    assert (120, 520, 2330, 660) in [tuple(c[1:]) for c in tables.recorded_cells(halfway.steps)[0]]
