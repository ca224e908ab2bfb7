"""A ruled table whose rules are printed broken part way across (worn toner, a faint copy): the grid is
found over every column, not only over the columns where its rules are whole (table34, issue 13)."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import font, words_in_order
from PIL import Image, ImageDraw

from ingest import tables
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions

# A schedule (jadwal) of four columns whose day and place cells wrap onto a second line (the place's first
# line fills its cell: the next word would not have fitted).
ROWS = [(("No",), ("Hari/Tgl",), ("Waktu",), ("Lokasi Kegiatan",)),
        (("1",), ("RABU, 8", "JANUARI 2020"), ("07.00 Wib",), ("Sekolahan, Masjid/Musholla/Yayasan, Puskesmas", "di Kecamatan WELAHAN")),
        (("2",), ("KAMIS, 9", "JANUARI 2020"), ("08.00 Wib",), ("Gedung Serbaguna, Masjid/Musholla, Puskesmas", "di Kecamatan PECANGAAN")),
        (("3",), ("JUMAT, 10", "JANUARI 2020"), ("09.00 Wib",), ("Sekolahan, Masjid/Musholla/Yayasan, Puskesmas", "di Kecamatan MAYONG"))]
COLS = [90, 170, 420, 600, 1150]
TOP, ROW_H = 250, 110
BREAK_FROM = 480  # x from which the horizontal rules are printed broken


def _broken_line(draw: ImageDraw.ImageDraw, x0: int, x1: int, y: int) -> None:
    """A horizontal rule printed broken from x0 to x1: pieces of 0.4 inch (shorter than a rule must be)
    parted by plain gaps of 0.13 inch or by worn stretches (two 10-px specks, shorter than the dashes
    ``bridge_dashes`` bridges), the line stepping a pixel down half way (a residual skew); its last piece
    meets the table's outer rule."""
    x, n = x0 + 20, 0
    while x < x1 - 80:
        step = 1 if x > (x0 + x1) // 2 else 0
        draw.line((x, y + step, min(x1, x + 59), y + step), fill=0, width=2)
        x += 60
        if n % 2:  # a worn stretch
            for _ in range(2):
                draw.line((x + 3, y + step, min(x1, x + 12), y + step), fill=0, width=2)
                x += 13
        else:
            x += 20
        n += 1
    draw.line((x, y + 1, x1, y + 1), fill=0, width=2)


def _schedule(broken: bool) -> np.ndarray:
    im = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(im)
    draw.text((380, 80), "JADWAL KEGIATAN MONITORING", fill=0, font=font(32, bold=True))
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            for n, line in enumerate(cell):
                draw.text((COLS[c] + 12, TOP + r * ROW_H + 12 + n * 36), line, fill=0, font=font(26))
    bottom = TOP + len(ROWS) * ROW_H
    for r in range(len(ROWS) + 1):
        y = TOP + r * ROW_H
        if broken:
            draw.line((COLS[0], y, BREAK_FROM, y), fill=0, width=2)
            _broken_line(draw, BREAK_FROM, COLS[-1], y)
        else:
            draw.line((COLS[0], y, COLS[-1], y), fill=0, width=2)
    for x in COLS:
        draw.line((x, TOP, x, bottom + (1 if broken and x > BREAK_FROM else 0)), fill=0, width=2)
    draw.text((90, bottom + 60), "Demikian jadwal ini disampaikan untuk diketahui.", fill=0, font=font(26))
    return np.asarray(im).copy()


@pytest.fixture(scope="module")
def broken_page() -> Page:
    return tables.find_tables(Page(1, _schedule(broken=True), dpi=150))


def _columns(page: Page) -> list[int]:
    cells, _ = tables.recorded_cells(page.steps)
    return sorted({x0 for _, x0, _, _, _ in cells})


def test_the_rules_are_too_broken_for_the_dash_bridge_alone():
    """The drawing does what it says: without the join, the rule network stops where the rules break
    (the grid holds the first columns only), so the test below tests the join."""
    page = Page(1, _schedule(broken=True), dpi=150)
    half = tables.half_size_ink(page)
    ink_h, _ = tables.rule_ink(half.grey, half.ink, half.dpi)
    horizontal = tables.rules_along(tables.bridge_dashes(ink_h, half.dpi, True), half.dpi, True)
    runs = horizontal[TOP - 3:TOP + 4, BREAK_FROM:COLS[-1]].any(axis=0)
    assert np.count_nonzero(runs) < 0.5 * runs.size  # most of the broken stretch is no rule by itself


def test_a_grid_whose_rules_break_part_way_is_found_over_every_column(broken_page):
    assert tables.recorded_tables(broken_page.steps), "no table band"
    lefts = _columns(broken_page)
    assert len(lefts) == 4 and all(abs(a - b) < 10 for a, b in zip(lefts, COLS)), lefts
    cells, _ = tables.recorded_cells(broken_page.steps)
    assert len(cells) == len(ROWS) * 4, cells
    record = next(s for s in broken_page.steps if s.stage == "find_tables")
    assert record.details.get("rule_gaps_joined", 0) > 0
    # the broken rules are erased with the rest of the grid
    assert np.count_nonzero(broken_page.image[TOP + ROW_H - 2:TOP + ROW_H + 4, BREAK_FROM + 20:COLS[-1] - 20] < 128) == 0


def test_the_same_table_with_whole_rules_is_found_as_before():
    page = tables.find_tables(Page(1, _schedule(broken=False), dpi=150))
    record = next(s for s in page.steps if s.stage == "find_tables")
    assert "rule_gaps_joined" not in record.details
    assert len(tables.recorded_cells(page.steps)[0]) == len(ROWS) * 4


def test_a_rule_on_the_line_of_a_grid_but_far_from_it_is_not_joined():
    """An underline on the line of a grid's top rule, 0.4 inch past the table's right edge, is no part of the grid."""
    im = Image.fromarray(_schedule(broken=False))
    draw = ImageDraw.Draw(im)
    draw.line((COLS[-1] + 60, TOP, 1230, TOP), fill=0, width=2)  # a rule beyond the table, same line
    page = tables.find_tables(Page(1, np.asarray(im).copy(), dpi=150))
    record = next(s for s in page.steps if s.stage == "find_tables")
    assert "rule_gaps_joined" not in record.details
    assert max(x1 for _, _, _, x1, _ in tables.recorded_cells(page.steps)[0]) < COLS[-1] + 10


def test_the_broken_tables_wrapped_rows_read_cell_by_cell(broken_page):
    """Read by real Tesseract: each row's wrapped cells come out whole, cell after cell (the grid's own
    reading), where a grid over the first columns only read the place column's two lines across. (The
    first body row reads across with whole rules too: a matter of the row reader, not of the grid.)"""
    text = read_page(broken_page, IngestOptions(), tables=tables.recorded_tables(broken_page.steps)).text
    for row in ROWS[2:]:
        words = [w for cell in row for line in cell for w in line.split()]
        assert words_in_order(" ".join(text.split()), words), (row, text)


def test_a_rule_running_on_into_the_page_edge_adds_no_rows():
    """A photocopy's dark page edge beside the table, the table's last rule running on into it after a short
    gap: joined, it would stretch the table's band up and down the page edge, over the text around it (read
    as a table). Joining may add columns, never rows; the band stays the table's."""
    im = Image.fromarray(_schedule(broken=False))
    draw = ImageDraw.Draw(im)
    bottom = TOP + len(ROWS) * ROW_H
    draw.line((COLS[-1] + 20, bottom, 1228, bottom), fill=0, width=2)  # the rule running on
    draw.line((1228, 40, 1228, 880), fill=0, width=3)  # the page's edge
    page = tables.find_tables(Page(1, np.asarray(im).copy(), dpi=150))
    bands = tables.recorded_tables(page.steps)
    assert len(bands) == 1 and abs(bands[0][0] - TOP) < 10 and abs(bands[0][1] - bottom) < 10, bands
    record = next(s for s in page.steps if s.stage == "find_tables")
    assert "rule_gaps_joined" not in record.details
