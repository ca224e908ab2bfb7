"""OCR wrapper: words with boxes and confidences, reading order, flags, boilerplate, errors."""
from __future__ import annotations

import os

import cv2
import numpy as np
import pytest

from ingest import ocr
from ingest.errors import OcrTimeoutError, OcrUnavailableError
from ingest.model import Page
from ingest.options import IngestOptions

from pagegen import LINES, render_page, words_in_order

OPTIONS = IngestOptions(workers=1)


@pytest.fixture(scope="module")
def footer_page() -> np.ndarray:
    return render_page(footer="Dipindai dengan CamScanner")


@pytest.fixture(scope="module")
def read(footer_page):
    return ocr.read_page(Page(1, footer_page, dpi=150), OPTIONS)


def test_words_have_boxes_on_the_page_and_confidences(read, footer_page):
    h, w = footer_page.shape[:2]
    assert len(read.words) >= 0.95 * sum(len(line.split()) for line in LINES)
    for word in read.words:
        x, y, bw, bh = word.box
        assert 0 <= x and 0 <= y and x + bw <= w and y + bh <= h and bw > 0 and bh > 0
        assert 0 <= word.conf <= 100
    nomor = next(word for word in read.words if word.text == "Nomor")
    assert 80 < nomor.box[0] < 100  # rendered at the 90 px margin
    assert read.confidence > 80 and "low_confidence" not in read.flags


def test_text_keeps_reading_order(read):
    assert words_in_order(read.text, [line.split()[0] for line in LINES])
    assert read.text.splitlines()[0] == LINES[0]


def test_scanner_app_footer_is_removed(read):
    assert "CamScanner" not in read.text and "Dipindai" not in read.text
    assert all(w.text != "CamScanner" for w in read.words)


@pytest.mark.parametrize("line, boilerplate", [
    ("Dipindai dengan CamScanner", True),
    ("Scanned with Adobe Scan", True),
    ("Di-scan menggunakan Microsoft Lens", True),
    ("discan dengan Genius Scan", True),
    ("CamScanner", True),
    ("Is) Dipindai dengan CamScanner", True),
    ("Dipindai dengan teliti oleh petugas arsip pada hari Senin tanggal sembilan", False),
    ("Surat ini dipindai untuk arsip", False),
    ("Perihal : Undangan Sosialisasi", False),
])
def test_boilerplate_patterns(line, boilerplate):
    assert ocr.is_boilerplate(line) is boilerplate


def test_blank_page_is_flagged_not_an_error():
    blank = np.full((600, 500), 255, np.uint8)
    result = ocr.read_page(Page(1, blank, dpi=150), OPTIONS)
    assert result.text == "" and "blank" in result.flags


def test_noise_page_is_flagged_low_confidence():
    rng = np.random.default_rng(5)
    page = render_page(lines=("Nomor : 045", "Perihal : Undangan"), height=400)
    noisy = np.clip(page.astype(np.int16) + rng.normal(0, 150, page.shape), 0, 255).astype(np.uint8)
    result = ocr.read_page(Page(1, noisy, dpi=150), IngestOptions(low_confidence=95.0))
    assert "low_confidence" in result.flags or "blank" in result.flags


def test_missing_tesseract_becomes_ocr_unavailable(monkeypatch):
    monkeypatch.setattr(ocr.pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(OcrUnavailableError) as caught:
        ocr.read_page(Page(1, cv2.cvtColor(render_page(height=200), cv2.COLOR_BGR2GRAY)), OPTIONS)
    assert "tidak tersedia" in caught.value.message


def test_timeout_becomes_ocr_timeout(footer_page):
    big = np.tile(footer_page, (3, 2, 1))
    with pytest.raises(OcrTimeoutError):
        ocr.read_page(Page(1, big), IngestOptions(ocr_timeout_s=0.01))


def test_orientation_of_sideways_page():
    found = ocr.detect_orientation(np.ascontiguousarray(np.rot90(render_page(), 1)))
    assert found is not None and found.rotate == 90 and found.confidence > 1


def test_regions_split_page_around_tables():
    assert ocr.regions(1000) == [(0, 1000, 3)]
    assert ocr.regions(1000, [(200, 600)]) == [(0, 200, 3), (200, 600, 6), (600, 1000, 3)]
    assert ocr.regions(1000, [(0, 1000)]) == [(0, 1000, 6)]


def test_tesseract_runs_single_threaded_in_process(monkeypatch):
    """workers=1 runs Tesseract from this process: it must not start an OpenMP team per call."""
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    ocr.tesseract_version()
    assert os.environ["OMP_THREAD_LIMIT"] == "1"


def test_operator_thread_limit_is_kept(monkeypatch):
    monkeypatch.setenv("OMP_THREAD_LIMIT", "2")
    ocr.tesseract_version()
    assert os.environ["OMP_THREAD_LIMIT"] == "2"
