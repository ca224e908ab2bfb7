"""A received fax whose transmission lost scan lines to black streaks across the page (fax35, issue 13).

A black streak runs from one edge of the page to the other and joins everything it crosses, a table's
rules and the letters on its line, into one component touching both edges; ``remove_borders`` took that
for a scanner's dark border and whitened it: the register's grid and the letters on the streak's line
were gone, and the rows were read as loose text in the wrong order. ``streaks.mend_streaks`` mends the
lost lines from the lines beside them before any geometry, so the grid is found and its rows are read.
The page is the generator's fax (``samples.degrade._fax_page``: 200 dpi, standard resolution, 1 bit,
skewed) of a drawn register, with two black streaks laid across it as the fax's transmission lays them.
"""
from __future__ import annotations

import random

import numpy as np
import pytest
from pagegen import font, words_in_order
from PIL import Image, ImageDraw

from ingest import marks, stages, streaks, tables
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions
from samples import degrade

ROWS = [("No.", "Tgl. Diterima", "Dari", "Isi Ringkas"),
        ("185", "02-04-2025", "Camat Paringin", "Permohonan kerja sama"),
        ("186", "03-04-2025", "BPKAD Balangan", "Laporan pemanfaatan buku"),
        ("187", "07-04-2025", "Camat Juai", "Undangan rapat koordinasi"),
        ("188", "09-04-2025", "Dinas Pendidikan", "Permohonan data perpustakaan"),
        ("189", "14-04-2025", "Kelurahan Batu Piring", "Penyampaian laporan kegiatan")]
COLS = [150, 330, 680, 1280, 2200]
TOP, ROW_H = 420, 110  # at 300 dpi
OPTIONS = IngestOptions(workers=1)


def _register() -> Image.Image:
    """A register page (agenda surat masuk) at 300 dpi: a title and a ruled table of six rows."""
    im = Image.new("RGB", (2400, 1400), "white")
    draw = ImageDraw.Draw(im)
    draw.text((700, 200), "AGENDA SURAT MASUK TAHUN 2025", fill=(0, 0, 0), font=font(52, bold=True))
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            draw.text((COLS[c] + 16, TOP + r * ROW_H + 30), cell, fill=(0, 0, 0), font=font(40))
    bottom = TOP + len(ROWS) * ROW_H
    for r in range(len(ROWS) + 1):  # rules of 1 pt (4 px at 300 dpi)
        draw.line((COLS[0], TOP + r * ROW_H, COLS[-1], TOP + r * ROW_H), fill=(0, 0, 0), width=4)
    for x in COLS:
        draw.line((x, TOP, x, bottom), fill=(0, 0, 0), width=4)
    return im


def _fax() -> np.ndarray:
    """The register received as a standard-resolution fax, with black streaks across the page: one
    over a row's rule and the letters above it, one through the middle of a row's letters."""
    p = {"fax": "standard", "fax_threshold": 140, "skew_degrees": 1.8, "streaks": 0}
    rng = random.Random(35)
    page, _ = degrade._fax_page(_register(), p, rng, np.random.default_rng(35), 300, 1, 1)
    image = np.asarray(page.convert("L")).copy()
    scale = 200 / 300
    for y in (TOP + 2 * ROW_H, TOP + 3 * ROW_H + 55):  # rows as the scan placed them, near enough
        image[int(y * scale) + 10:int(y * scale) + 12, :] = 0
    return image


@pytest.fixture(scope="module")
def fax() -> np.ndarray:
    return _fax()


def _cleaned(image: np.ndarray) -> Page:
    page = Page(1, image, dpi=200)
    for stage in stages.CLEANUP:
        page = stage.run(page, OPTIONS)
    return page


def test_the_streaks_are_found_and_mended(fax):
    bands = streaks.streak_bands(fax, 200)
    assert len(bands) == 2 and all(y1 - y0 == 2 for y0, y1 in bands)
    mended = streaks.mend_streaks(Page(1, fax, dpi=200))
    assert streaks.streak_bands(mended.image, 200) == []
    assert np.count_nonzero(mended.image == 0) < np.count_nonzero(fax == 0)  # the streaks' rows are paper again


def test_a_streak_joins_the_grid_to_the_page_edges(fax):
    """The drawing does what it says: left on the page, the streaks join the grid to both page edges, and
    ``remove_borders`` whitens it as a border (so the test below tests the mending)."""
    page = marks.remove_borders(Page(1, fax, dpi=200))
    assert page.steps[-1].details["borders"] >= 1


def test_the_register_is_read_row_by_row(fax):
    page = _cleaned(fax)
    cells, _ = tables.recorded_cells(page.steps)
    assert len(cells) >= len(ROWS) * (len(COLS) - 1) - 2  # the grid is found over its rows, not erased
    text = read_page(page, OPTIONS, tables=tables.recorded_tables(page.steps)).text
    # every row's date, then the first word of its subject, row after row (the fax's numbers and names are
    # misread at times, as on a real fax: "188" for "189", "Gamat" for "Camat")
    assert words_in_order(text, [w for row in ROWS[1:] for w in (row[1][:5], row[3].split()[0])]), text


def test_a_page_without_streaks_is_left_as_it_is():
    """A black line that is no lost scan line stays: a rule inside the margins, a dark band many lines tall
    (a desk beside a photographed sheet), a shade that is not black (a photo's banding)."""
    image = np.full((400, 600), 255, np.uint8)
    image[50:52, 30:570] = 0  # a rule between the margins
    image[120:180, :] = 0  # a dark band, far taller than a scan line
    image[250:253, :] = 110  # banding: a darker shade of the paper across the page
    page = streaks.mend_streaks(Page(1, image, dpi=200))
    assert page.image is image and page.steps[-1].details["streaks"] == []
