"""Finding the sheet in a photo: corners known by construction, flattened page readable."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import photograph, shade, words_in_order

from ingest import light, raster, sheet, skew
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions

OPTIONS = IngestOptions(workers=1)
CORNERS = [[300, 200], [1350, 260], [1420, 1150], [220, 1080]]


@pytest.fixture(scope="module")
def photo(clean_page):
    return photograph(clean_page, CORNERS)


def test_find_sheet_locates_corners_within_a_few_pixels(photo):
    corners, evidence = sheet.detect_sheet(photo.image)
    assert corners is not None, evidence
    assert np.max(np.abs(corners - photo.corners)) < 4.0


def test_find_sheet_flattens_photo_into_straight_readable_page(photo):
    page = sheet.find_sheet(Page(1, photo.image, dpi=72))
    assert page.flattened and page.steps[-1].details["flattened"]
    assert 100 <= page.dpi <= 600
    assert abs(skew.measure_skew(raster.to_grey(page.image))) < 0.5  # lines straight again
    text = read_page(light.even_out_light(page), OPTIONS).text
    assert words_in_order(text, ["KABUPATEN", "BALANGAN", "Nomor", "kehadirannya", "terima", "kasih."])


def test_find_sheet_leaves_flat_scan_alone(clean_page):
    scan = shade(clean_page)
    page = sheet.find_sheet(Page(1, scan, dpi=150))
    assert not page.flattened and page.image is scan
