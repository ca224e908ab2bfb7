"""Text-size normalisation: a low-resolution page (75 dpi, or a file claiming a wrong dpi) is
enlarged to 300 dpi letter size before cleanup and OCR; a normal page is left alone."""
from __future__ import annotations

import cv2
import pytest
from pagegen import LINES, encode, low_resolution, render_page, words_in_order

from ingest import ocr, resolution
from ingest.model import Page
from ingest.options import IngestOptions
from ingest.pipeline import ingest_file
from ingest.raster import to_grey

OPTIONS = IngestOptions(workers=1)


@pytest.fixture(scope="module")
def page_300() -> cv2.Mat:
    """The test letter at 300 dpi size (render_page draws 150 dpi; 50 px type = 12 pt at 300 dpi)."""
    return render_page(width=2480, height=1800, size=50, margin=180)


def test_letter_height_follows_the_resolution(page_300):
    full = resolution.letter_height(to_grey(page_300))
    quarter = resolution.letter_height(to_grey(low_resolution(page_300, 0.25)))
    assert 20 <= full <= 45
    assert 0.2 <= quarter / full <= 0.32


def test_page_at_300_dpi_is_left_alone(page_300):
    page = resolution.normalise_resolution(Page(1, page_300, dpi=300))
    assert page.image is page_300 and page.dpi == 300
    assert page.steps[-1].details["factor"] == 1.0


def test_75_dpi_scan_claiming_300_dpi_is_enlarged_to_300_dpi_letters(page_300):
    small = low_resolution(page_300, 0.25)  # a 75 dpi scan whose file says 300 dpi
    page = resolution.normalise_resolution(Page(1, small, dpi=300))
    details = page.steps[-1].details
    assert 2.5 <= details["factor"] <= 4.0
    assert 50 <= details["estimated_dpi"] <= 120  # the real resolution, from the letters
    assert page.dpi == pytest.approx(300, abs=40)
    assert abs(page.image.shape[1] - small.shape[1] * details["factor"]) <= 2
    assert resolution.letter_height(to_grey(page.image)) >= resolution.UPSCALE_BELOW_PX


def test_75_dpi_scan_reads_through_the_pipeline(page_300, tmp_path):
    small = low_resolution(page_300, 0.25)
    path = tmp_path / "scan75.png"
    path.write_bytes(encode(small, "PNG", dpi=(300, 300)))
    result = ingest_file(path, OPTIONS)
    assert words_in_order(result.text, [line.split()[-1] for line in LINES])
    direct = ocr.read_page(Page(1, small, dpi=300), OPTIONS)  # the small page as it is, no enlargement
    found = sum(word in result.text for line in LINES for word in line.split())
    found_direct = sum(word in direct.text for line in LINES for word in line.split())
    assert found >= found_direct
    assert found >= 0.9 * sum(len(line.split()) for line in LINES)


def test_enlargement_is_bounded(page_300):
    assert resolution.upscale_factor(5.0, (800, 600)) == resolution.MAX_FACTOR
    assert resolution.upscale_factor(8.0, (9000, 7000)) < resolution.TARGET_LETTER_PX / 8.0
    assert resolution.upscale_factor(0.0, (800, 600)) == 1.0  # no letters found: nothing to measure


def test_75_dpi_image_inside_a_pdf_reads_through_the_pipeline(page_300, tmp_path):
    """A 75 dpi scan embedded in a PDF (the real low-resolution captures): the page is rendered
    at 300 dpi and read, every line in order."""
    small = low_resolution(page_300, 0.25)
    path = tmp_path / "scan75.pdf"
    path.write_bytes(encode(small, "PDF", resolution=75.0))
    result = ingest_file(path, OPTIONS)
    page = result.pages[0]
    assert page.width >= 2000  # rendered at 300 dpi, not at the image's own 75
    assert words_in_order(result.text, [line.split()[-1] for line in LINES])
    found = sum(word in result.text for line in LINES for word in line.split())
    assert found >= 0.9 * sum(len(line.split()) for line in LINES)
