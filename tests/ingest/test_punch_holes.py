"""Filing punch holes: the solid discs a scan of filed paper shows in its margin are not read as
letters (a disposition sheet's hole beside its ruled table read "@ SEKRETARIS DESA"), and capitals
and rings of a hole's size are left as they are."""
from __future__ import annotations

import numpy as np
from pagegen import draw_ruled_table, font
from PIL import Image, ImageDraw

from ingest import marks, tables
from ingest.components import components
from ingest.ink import dark_ink
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions

DPI = 300
HOLE = round(6 / 25.4 * DPI)  # ISO 838: a 6 mm hole
ROWS = [["DITERUSKAN KEPADA :", "DENGAN HORMAT UNTUK :"], ["SEKRETARIS DESA", "DIKETAHUI"],
        ["KASI PEMERINTAHAN", "DITINDAKLANJUTI"], ["KAUR UMUM", "DIAGENDAKAN"], ["KAUR KEUANGAN", "DIWAKILI"],
        ["KAUR PERENCANAAN", "DIPROSES LEBIH LANJUT"]]
LEFT, TOP, ROW_H = 400, 500, 90


def filed_form(holes: bool = True) -> np.ndarray:
    """A 300 dpi disposition sheet: a ruled table with two punch holes just left of its left rule,
    each level with a row (where Tesseract's row-by-row reading of the table takes them in), under
    a heading of capitals as tall as a hole and a ring of a hole's size."""
    im = Image.new("L", (2480, 1300), 255)
    draw = ImageDraw.Draw(im)
    draw.text((420, 120), "BOOM", fill=0, font=font(round(HOLE / 0.66), bold=True))  # capitals ~6 mm high
    draw.ellipse((1300, 150, 1300 + HOLE, 150 + HOLE), outline=0, width=8)  # a ring: an "O", a seal's edge
    draw_ruled_table(draw, ROWS, [LEFT, 1300, 2200], TOP, ROW_H, 36, 25)
    if holes:
        for row in (1, 5):
            centre = TOP + row * ROW_H + ROW_H // 2
            draw.ellipse((LEFT - 3 - HOLE, centre - HOLE // 2, LEFT - 3, centre - HOLE // 2 + HOLE), fill=10)
    return np.asarray(im).copy()


def test_punch_holes_found_by_size_shape_and_solidity_only():
    for with_holes, expected in ((True, 2), (False, 0)):
        half = filed_form(with_holes)[::2, ::2]
        _, labels, stats, _ = components(dark_ink(half, DPI // 2))
        assert int(np.count_nonzero(marks.punch_holes(stats[1:], labels, DPI // 2))) == expected


def test_punch_holes_beside_a_table_whitened_and_not_read_capitals_and_rings_kept():
    image = filed_form()
    page = tables.find_tables(Page(1, image, dpi=DPI))
    ruled = tables.recorded_tables(page.steps)
    assert ruled
    page = marks.remove_marks(page)
    assert page.steps[-1].details.get("punch_holes") == 2
    assert int(np.count_nonzero(page.image[TOP:, :LEFT - 2] < 128)) == 0  # the margin held the holes only
    assert np.array_equal(page.image[100:400], image[100:400])  # the heading and the ring untouched
    lines = [line for line in read_page(page, IngestOptions(), tables=ruled).text.splitlines() if line.strip()]
    rows = [line for line in lines if not line.startswith("BOOM")]
    assert rows == [" ".join(row) for row in ROWS], lines
