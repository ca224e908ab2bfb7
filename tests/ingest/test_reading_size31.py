"""A PDF page that is one low-resolution scan is rendered at the scan's own resolution, cleaned there,
and enlarged once, before reading, to the size a 300 dpi render would have (issue 13, speed31: the
cleanup stages ran on 10-14 MP renders of 90-110 ppi scans).

The pages are drawn for the test (``pagegen``) and saved into PDFs at 100 and 250 ppi, as a scanner's
PDF export holds them; a PDF with text of its own is drawn with reportlab."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pagegen import LINES, render_page
from PIL import Image

from ingest import stages
from ingest.load import load_page, open_source
from ingest.model import Page, StageRecord
from ingest.options import IngestOptions
from ingest.pipeline import PageJob, process_page
from ingest.raster import to_grey

OPTIONS = IngestOptions(workers=1)


def _pdf(tmp_path: Path, grey: np.ndarray, ppi: int, name: str) -> Path:
    path = tmp_path / name
    Image.fromarray(grey).save(path, resolution=ppi)
    return path


@pytest.fixture(scope="module")
def scan100(tmp_path_factory) -> Path:
    """An A4 page of text scanned at 100 ppi (827 x 1169 px, letters of ~12 px)."""
    grey = to_grey(render_page(LINES * 3, width=827, height=1169, size=16, margin=60))
    return _pdf(tmp_path_factory.mktemp("work"), grey, 100, "scan100.pdf")


def _loaded(path: Path) -> Page:
    return load_page(open_source(path, OPTIONS), 1, OPTIONS)


def test_a_100_ppi_scan_in_a_pdf_is_rendered_at_its_own_resolution(scan100):
    page = _loaded(scan100)
    load = page.steps[-1].details
    assert page.dpi == 100 and load["reading_dpi"] == 300
    assert abs(page.image.shape[1] - 827) <= 2 and abs(page.image.shape[0] - 1169) <= 2
    assert abs(load["reading_size"][0] - 2481) <= 4 and abs(load["reading_size"][1] - 3507) <= 4


def test_a_250_ppi_scan_and_a_pdf_with_text_are_rendered_at_300_dpi(tmp_path):
    grey = to_grey(render_page(LINES, width=2067, height=2923, size=30, margin=150))
    page = _loaded(_pdf(tmp_path, grey, 250, "scan250.pdf"))
    assert page.dpi == 300 and "reading_dpi" not in page.steps[-1].details
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    small = to_grey(render_page(LINES, width=827, height=1169, size=16, margin=60))
    path = tmp_path / "with_text.pdf"
    drawn = canvas.Canvas(str(path), pagesize=A4)
    drawn.drawImage(ImageReader(Image.fromarray(small)), 0, 0, *A4)
    drawn.drawString(72, 72, "Nomor: 045/123/DISPERSIP/2024")  # text of the PDF's own: rendered sharp at 300 dpi
    drawn.save()
    page = _loaded(path)
    assert page.dpi == 300 and "reading_dpi" not in page.steps[-1].details


def test_the_cleaned_page_is_read_at_the_300_dpi_size(scan100):
    page = _loaded(scan100)
    kept = {}
    for stage in stages.CLEANUP:
        page = stage.run(page, OPTIONS)
        if stage.keep_as:
            kept[stage.keep_as] = page
    assert page.dpi == 300 and abs(page.image.shape[1] - 2481) <= 4 and abs(page.image.shape[0] - 3507) <= 4
    for name, kept_page in kept.items():
        assert kept_page.image.shape[:2] != page.image.shape[:2]  # kept at the working size...
        like = stages.like_read(kept_page, page)
        assert like.image.shape[:2] == page.image.shape[:2] and like.dpi == 300, name  # ...and read at the page's


def test_reading_size_scales_the_coordinates_the_cleanup_recorded():
    steps = (StageRecord("normalise_resolution", 0.0, {"letter_px": 36.0, "factor": 1.0, "later": 3.0}),
             StageRecord("find_tables", 0.0, {"tables": [[10, 50]], "cells": [[0, 1, 10, 20, 30]], "cell_ink": [7],
                                              "cut_commas": [[2, 3, 4, 5]]}),
             StageRecord("remove_marks", 0.0, {"marks": 2, "text_height": 12.5, "places": [[5, 6, 7, 8]],
                                               "kept_on_lines_px": 4}))
    page = Page(1, np.full((100, 80), 255, np.uint8), dpi=100, steps=steps)
    read = stages.reading_size(page)
    assert read.image.shape == (300, 240) and read.dpi == 300
    tables = next(s for s in read.steps if s.stage == "find_tables").details
    assert tables["tables"] == [[30, 150]] and tables["cells"] == [[0, 3, 30, 60, 90]]
    assert tables["cut_commas"] == [[6, 9, 12, 15]] and tables["cell_ink"] == [63]
    marks = next(s for s in read.steps if s.stage == "remove_marks").details
    assert marks["places"] == [[15, 18, 21, 24]] and marks["text_height"] == 37.5 and marks["marks"] == 2
    assert marks["kept_on_lines_px"] == 36
    assert read.steps[-1].stage == "reading_size" and read.steps[-1].details["factor"] == 3.0
    same = stages.reading_size(Page(1, page.image, dpi=300))  # nothing left for later: the page as it is
    assert same.image is page.image and same.steps[-1].details == {"factor": 1.0}


def test_a_100_ppi_scan_reads_its_words_with_boxes_on_the_300_dpi_page(scan100):
    out = process_page(PageJob(source=open_source(scan100, OPTIONS), number=1, options=OPTIONS, work_dir=None))
    text = out.text
    assert (text.width, text.height) == pytest.approx((2481, 3507), abs=4) and out.pdf_dpi == 300
    wanted = {w.strip(".,:").lower() for line in LINES for w in line.split() if len(w) > 3}
    read = {w.text.strip(".,:").lower() for w in text.words}
    assert len(wanted & read) >= 0.8 * len(wanted)
    assert all(0 <= w.box[0] and w.box[0] + w.box[2] <= text.width + 1 for w in text.words)
