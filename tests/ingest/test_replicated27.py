"""A low-resolution image inside a PDF, enlarged by the renderer by repeating its pixels, is found at
load and read once more by the quality gate at the image's own resolution, its exact pixels taken back
(issue 13: a 72 ppi scan in a PDF read worse in the pipeline than by plain Tesseract).

The pages here are drawn for the test (``pagegen``) and put into PDFs at 72 and 150 ppi, as a flatbed
scanner's low-resolution setting exports them; poppler enlarges the 72 ppi one 4.17 times without
interpolation and the 150 ppi one with it."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pagegen import LINES, render_page
from PIL import Image

from ingest import ocr, quality, stages
from ingest.load import load_page, open_source
from ingest.options import IngestOptions
from ingest.raster import to_grey
from ingest.resolution import replication_factor, source_grid

OPTIONS = IngestOptions(workers=1)


def _scan(size: int) -> np.ndarray:
    """An A4 page of text as a 72 ppi scanner saves it (595 x 842 px, letters of ``size`` px)."""
    return to_grey(render_page(LINES * 3, width=595, height=842, size=size, margin=40))


def _pdf(tmp_path: Path, grey: np.ndarray, ppi: int, name: str) -> Path:
    path = tmp_path / name
    Image.fromarray(grey).save(path, resolution=ppi)
    return path


def _loaded(path: Path):
    source = open_source(path, OPTIONS)
    page = load_page(source, 1, OPTIONS)
    return page


def _upright(page):
    for stage in stages.CLEANUP:
        page = stage.run(page, OPTIONS)
        if stage.keep_as == stages.UPRIGHT:
            return page
    raise AssertionError("no upright page kept")


@pytest.fixture(scope="module")
def scan72(tmp_path_factory) -> tuple[np.ndarray, Path]:
    grey = _scan(14)
    return grey, _pdf(tmp_path_factory.mktemp("rep"), grey, 72, "scan72.pdf")


def test_a_72_ppi_image_in_a_pdf_is_found_repeated_at_load(scan72):
    page = _loaded(scan72[1])
    load = page.steps[-1]
    assert page.dpi == 300
    assert load.details["replicated"] == pytest.approx(300 / 72, abs=0.1)


def test_a_150_ppi_image_in_a_pdf_and_an_image_file_are_not(tmp_path, scan72):
    grey = to_grey(render_page(LINES * 3, width=1240, height=1754, size=28, margin=80))
    page = _loaded(_pdf(tmp_path, grey, 150, "scan150.pdf"))  # enlarged 2x with interpolation
    assert "replicated" not in page.steps[-1].details
    png = tmp_path / "scan72.png"
    Image.fromarray(scan72[0]).save(png, dpi=(72, 72))
    assert "replicated" not in _loaded(png).steps[-1].details
    assert replication_factor(np.full((400, 300), 255, np.uint8)) == 1.0  # a blank page measures nothing


def test_the_source_grid_gives_back_the_embedded_image(scan72):
    grey, path = scan72
    page = to_grey(_loaded(path).image)
    rows, columns = source_grid(page, 300 / 72)
    back = page[rows][:, columns]
    # blank margins are kept at the grid's pitch, so the image comes back at its own size
    assert abs(back.shape[0] - grey.shape[0]) <= 2 and abs(back.shape[1] - grey.shape[1]) <= 2
    h, w = min(back.shape[0], grey.shape[0]), min(back.shape[1], grey.shape[1])
    assert np.mean(np.abs(back[:h, :w].astype(int) - grey[:h, :w].astype(int))) < 3


def test_source_reading_boxes_lie_on_their_own_line(scan72):
    upright = _upright(_loaded(scan72[1]))
    found = quality.at_source_resolution(upright)
    assert found is not None
    small, rows, columns = found
    assert small.dpi == pytest.approx(72, abs=2)
    reading = quality._on_page(ocr.read_page(small, OPTIONS, told=True), rows, columns, to_grey(upright.image))
    words = quality.dictionary_words(reading, ocr.dictionary(OPTIONS.languages))[0]
    assert words >= 40
    line_pitch = 14 * 1.6 * 300 / 72  # render_page's line spacing, on the rendered page
    heights = [w.box[3] for w in reading.words if len(w.text) >= 3]
    # Tesseract boxes a 72 ppi word with more than its line's height; drawn in to the ink, no box
    # reaches into the next line
    assert max(heights) < line_pitch
    assert all(0 <= w.box[1] and w.box[1] + w.box[3] <= upright.image.shape[0] for w in reading.words)


def test_the_gate_takes_the_source_reading_over_a_damaged_one(scan72):
    upright = _upright(_loaded(scan72[1]))
    image = upright.image.copy()
    image[::5] = 255  # a cleanup that broke every stroke
    image[1::5] = 255
    image[2::5] = 255
    broken = upright.evolve(image=image)
    cleaned = ocr.read_page(broken, OPTIONS)
    kept = quality.keep_better(cleaned, broken, OPTIONS, upright=upright, page=broken)
    gate = kept.steps[-1].details
    assert gate["checked"] and "source_words" in gate
    assert gate["light_path"] == quality.SOURCE
    assert quality.dictionary_words(kept, ocr.dictionary(OPTIONS.languages))[0] > gate["cleaned_words"]


def test_no_source_candidate_without_the_loads_measure(scan72):
    upright = _upright(_loaded(scan72[1]))
    unmeasured = upright.evolve(steps=tuple(s for s in upright.steps if s.stage != "load"))
    assert quality.at_source_resolution(unmeasured) is None
