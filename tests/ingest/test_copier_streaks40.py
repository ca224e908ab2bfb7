"""A register on a dark photocopy: a copier's faint streak running down the page through a column, and the
baselines of bold words merged into straight runs, are no rules of the table (table40, issue 13)."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import font, words_in_order
from PIL import Image, ImageDraw

from ingest import tables
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions

# An agenda (register of incoming letters) whose sender cells wrap onto a second line.
ROWS = [(("No.",), ("Dari",), ("No. Surat",), ("Disposisi",)),
        (("170",), ("Kecamatan Tebing", "Tinggi"), ("110/Kec-TT/2024",), ("Kabid Layanan",)),
        (("171",), ("Dinas Pendidikan", "Kab. Balangan"), ("400.3/105/Disdik/2024",), ("Sekretaris",)),
        (("172",), ("BKPSDM Kab.", "Balangan"), ("800.1.11/869/2024",), ("Kepala Dinas",))]
COLS = [80, 170, 470, 800, 1100]
TOP, ROW_H = 250, 100
STREAK_X = 316  # through "Tebing", "Pendidikan" and "Kab."
SIZE = 28


def _register(streak: str = "") -> np.ndarray:
    """The register at 150 dpi, rules 3 px and black. ``streak``: "page" draws a faint grey line (200 on white)
    down the whole page through the sender column, with the copied sheet's edge, a fainter line, left of the
    table; "table" draws the same line from the table's top rule to its bottom rule only (a light column rule).
    ``baseline``: a straight 2-px run under the feet of "Balangan" in the last row (a dark copy's merged serifs)."""
    im = Image.new("L", (1240, 800), 255)
    draw = ImageDraw.Draw(im)
    draw.text((380, 90), "AGENDA SURAT MASUK", fill=0, font=font(34, bold=True))
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            for n, line in enumerate(cell):
                draw.text((COLS[c] + 12, TOP + r * ROW_H + 12 + n * 36), line, fill=0, font=font(SIZE, bold=True))
    bottom = TOP + len(ROWS) * ROW_H
    if streak == "page":
        draw.line((STREAK_X, 0, STREAK_X, 799), fill=200, width=2)
        draw.line((40, 0, 40, 799), fill=215, width=2)
    elif streak == "table":
        draw.line((STREAK_X, TOP, STREAK_X, bottom), fill=200, width=2)
    for r in range(len(ROWS) + 1):
        draw.line((COLS[0], TOP + r * ROW_H, COLS[-1], TOP + r * ROW_H), fill=0, width=3)
    for x in COLS:
        draw.line((x, TOP, x, bottom), fill=0, width=3)
    return np.asarray(im).copy()


def _columns(page: Page) -> list[int]:
    cells, _ = tables.recorded_cells(page.steps)
    return sorted({x0 for _, x0, _, _, _ in cells} | {x1 for _, _, _, x1, _ in cells})


@pytest.fixture(scope="module")
def streaked() -> Page:
    return tables.find_tables(Page(1, _register("page"), dpi=150))


def test_the_streak_is_taken_for_a_rule_by_the_rule_masks():
    """The drawing does what it says: the streak is long and dark enough for the rule masks, so the test
    below tests the new gate, not the masks."""
    image = _register("page")
    ink_h, ink_v = tables.rule_ink(image, (image < 160).astype(np.uint8), 150)
    vertical = tables.rules_along(ink_v, 150, False)
    assert vertical[TOP + 10:TOP + 300, STREAK_X - 2:STREAK_X + 3].any()


def test_a_copier_streak_parts_no_column(streaked: Page):
    found = _columns(streaked)
    assert len(found) == len(COLS)
    assert all(abs(a - b) <= 4 for a, b in zip(found, COLS))
    assert streaked.steps[-1].details["not_rules"]["streaks"] >= 1


def test_a_streaked_register_reads_cell_by_cell(streaked: Page):
    """The sender's two lines read together before the letter's number, its words whole (fails on the code
    before: the streak parted the sender's cell, its erasing cut "Tebing" and "Pendidikan", and the rows were
    read across line by line)."""
    text = read_page(streaked, IngestOptions(), tables=tables.recorded_tables(streaked.steps)).text
    assert words_in_order(text, ["Kecamatan", "Tebing", "Tinggi", "110/Kec-TT/2024"])
    assert words_in_order(text, ["Dinas", "Pendidikan", "Kab.", "Balangan", "400.3/105/Disdik/2024"])
    assert "|" not in text


def test_a_light_column_rule_within_the_table_stays_a_rule():
    """A light line that stops at the table's outline is a column rule printed light: kept."""
    page = tables.find_tables(Page(1, _register("table"), dpi=150))
    assert any(abs(x - STREAK_X) <= 4 for x in _columns(page))
    assert page.steps[-1].details.get("not_rules", {}).get("streaks", 0) == 0


def test_a_clean_register_is_found_as_before():
    page = tables.find_tables(Page(1, _register(), dpi=150))
    assert len(_columns(page)) == len(COLS)
    assert "not_rules" not in page.steps[-1].details


def test_letters_standing_on_a_run_keep_their_feet():
    """The feet of a bold word half an inch long make one straight run (the rule masks take it); the column
    rule through "Pendidikan" joins it to the grid. Erased as a rule, it took the letters' lower edge with it
    (fails on the code before). Letters stand on it: no rule, left on the page."""
    image = _register("table")
    page = tables.find_tables(Page(1, image, dpi=150))
    assert page.steps[-1].details["not_rules"]["baselines"] >= 1
    where = (COLS[1] + 12, TOP + 2 * ROW_H + 12)
    x0, _, x1, _ = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox(where, "Dinas Pendidikan", font=font(SIZE, bold=True))
    base = where[1] + font(SIZE, bold=True).getmetrics()[0]
    for a, b in ((x0, STREAK_X - 6), (STREAK_X + 6, x1)):  # the column rule's own erasing aside
        feet = np.s_[base - 5:base, a:b]
        assert np.count_nonzero(page.image[feet] < 128) >= 0.95 * np.count_nonzero(image[feet] < 128)
