"""PDF pages rendered at the resolution their letters need (issue 13, speed24).

A page whose letters would be clearly larger than 300 dpi print when rendered at 300 dpi (large
type, a low-resolution scan that poppler enlarges) is rendered once at the resolution that gives
letters of ``resolution.TARGET_LETTER_PX``; a page of ordinary print keeps 300 dpi."""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from ingest.load import load_page, open_source
from ingest.options import IngestOptions
from ingest.raster import to_grey
from ingest.resolution import SHRINK_ABOVE_PX, TARGET_LETTER_PX, fitting_dpi, letter_height
from tests.ingest.pagegen import render_page

OPTIONS = IngestOptions(dpi=300)


def _pdf(tmp_path: Path, name: str, pixels_per_inch: float) -> Path:
    """One page of 24 px type (letters ~16 px), embedded as an image of ``pixels_per_inch``."""
    image = render_page(size=24, width=1240, height=1754)
    path = tmp_path / name
    Image.fromarray(image[:, :, ::-1]).save(path, "PDF", resolution=pixels_per_inch)
    return path


def test_pdf_page_with_large_letters_is_rendered_at_the_resolution_that_fits_them(tmp_path):
    path = _pdf(tmp_path, "large.pdf", 120)  # letters ~40 px at 300 dpi
    page = load_page(open_source(path, OPTIONS), 1, OPTIONS)
    record = page.steps[0].details
    assert record["fitted_dpi_from"] == 300 and record["letter_px_at"] > SHRINK_ABOVE_PX
    assert 180 <= page.dpi <= 240 and record["dpi"] == page.dpi
    h, w = page.image.shape[:2]
    points = (1240 / 120 * 72, 1754 / 120 * 72)  # the page's size, whatever the resolution
    assert abs(w - points[0] * page.dpi / 72) <= 1 and abs(h - points[1] * page.dpi / 72) <= 1
    assert abs(letter_height(to_grey(page.image)) - TARGET_LETTER_PX) <= 4


def test_pdf_page_of_ordinary_print_keeps_the_render_resolution(tmp_path):
    path = _pdf(tmp_path, "a4.pdf", 150)  # letters ~32 px at 300 dpi: within a fifth of the target
    page = load_page(open_source(path, OPTIONS), 1, OPTIONS)
    assert page.dpi == 300 and "fitted_dpi_from" not in page.steps[0].details
    assert page.image.shape[:2] == (3508, 2480)


def test_fitting_dpi_never_enlarges_and_at_most_halves():
    assert fitting_dpi(0.0, 300) == 300  # too few letters seen: as it was
    assert fitting_dpi(20.0, 300) == 300 and fitting_dpi(SHRINK_ABOVE_PX, 300) == 300
    assert fitting_dpi(42.0, 300) == 200
    assert fitting_dpi(120.0, 300) == 150
