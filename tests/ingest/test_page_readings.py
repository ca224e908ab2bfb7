"""An image read again on the same page is not handed to Tesseract twice (ocr.same_page_readings, issue 13):
the second reading is the first one's word data, and a page read inside the block reads exactly as outside it."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from pagegen import render_page

from ingest import ocr
from ingest.model import Page
from ingest.options import IngestOptions

LIBRARY = IngestOptions(workers=1, tesseract="library")


@pytest.fixture(scope="module")
def grey() -> np.ndarray:
    return cv2.cvtColor(render_page(), cv2.COLOR_RGB2GRAY)


@pytest.fixture()
def engine_reads(monkeypatch) -> list[int]:
    """How many images the real libtesseract engine was handed (each call goes on to the engine)."""
    handed: list[int] = []
    real = ocr.read_tsv

    def counted(pnm, *args, **kwargs):
        handed.append(len(pnm))
        return real(pnm, *args, **kwargs)

    monkeypatch.setattr(ocr, "read_tsv", counted)
    return handed


def _data(image: np.ndarray, psm: int, dpi: int = 0) -> dict:
    return ocr._image_data(image, "ind", psm, 60, True, dpi)


def test_the_same_image_is_read_once_inside_the_block(grey, engine_reads):
    band = grey[80:300]
    outside = _data(band, 6)
    with ocr.same_page_readings():
        first = _data(band, 6)
        again = _data(np.ascontiguousarray(band.copy()), 6)  # other memory, the same pixels
    assert any(str(t).strip() for t in outside["text"])
    assert first == again == outside
    assert len(engine_reads) == 2  # outside and the first inside; the copy was not read


def test_other_pixels_or_another_way_of_reading_are_read_again(grey, engine_reads):
    band = grey[80:300].copy()
    touched = band.copy()
    touched[5, 5] = 255 - touched[5, 5]
    with ocr.same_page_readings():
        _data(band, 6)
        _data(touched, 6)  # one pixel differs
        _data(band, 3)  # another page segmentation mode
        _data(band, 6, dpi=300)  # told a resolution
        _data(band, 6)  # the first again: known
    assert len(engine_reads) == 4


def test_nothing_is_kept_outside_the_block(grey, engine_reads):
    band = grey[80:300]
    with ocr.same_page_readings():
        _data(band, 6)
    _data(band, 6)
    with ocr.same_page_readings():  # a new page: nothing known yet
        _data(band, 6)
    assert len(engine_reads) == 3


def test_a_caller_changing_its_data_does_not_change_the_next_reading(grey, engine_reads):
    band = grey[80:300]
    with ocr.same_page_readings():
        first = _data(band, 6)
        expected = {key: list(values) for key, values in first.items()}
        first["text"][:] = ["changed"] * len(first["text"])
        assert _data(band, 6) == expected


def test_the_oldest_images_are_let_go_past_the_limit():
    readings = ocr._PageReadings(limit=250)
    for n in range(4):
        readings.keep(("ind", 6, 0, 0), bytes([n]) * 100, {"text": [str(n)]})
    assert readings.held == 200
    assert readings.find(("ind", 6, 0, 0), bytes([0]) * 100) is None
    assert readings.find(("ind", 6, 0, 0), bytes([3]) * 100) == {"text": ["3"]}
    readings.keep(("ind", 6, 0, 0), b"x" * 300, {"text": ["too big"]})  # larger than the limit: not kept
    assert readings.find(("ind", 6, 0, 0), b"x" * 300) is None


def _reading(page: Page, told: bool, tables=()) -> tuple:
    read = ocr.read_page(page, LIBRARY, tables=tables, told=told)
    return read.text, read.words, read.confidence, read.flags, [s.details for s in read.steps]


def test_a_page_read_told_after_its_first_reading_reads_as_on_its_own(grey, engine_reads):
    """As the quality gate does: the page read, then read told; its table band (never told) is not read again."""
    page = Page(1, grey, dpi=150)
    table = [(300, 700)]  # read as a ruled table's band (psm 6)
    alone = _reading(page, told=True, tables=table)
    read_alone = len(engine_reads)
    with ocr.same_page_readings():
        _reading(page, told=False, tables=table)
        before = len(engine_reads)
        told = _reading(page, told=True, tables=table)
    assert told == alone
    assert len(engine_reads) - before < read_alone  # at least the table band came from the first reading


def test_the_same_image_read_with_another_model_is_read_again(grey, engine_reads):
    """The witness model (ingest.fieldread) reads the crops the first model read: its reading is its own."""
    from pathlib import Path

    from ingest.options import WITNESS_TESSDATA

    if not (Path(WITNESS_TESSDATA) / "ind.traineddata").exists():
        pytest.skip("make install has not unpacked the witness model")
    band = grey[80:300]
    witness_alone = ocr._image_data(band, "ind", 6, 60, True, datapath=WITNESS_TESSDATA)
    with ocr.same_page_readings():
        _data(band, 6)
        witness = ocr._image_data(band, "ind", 6, 60, True, datapath=WITNESS_TESSDATA)
    assert witness == witness_alone
    assert len(engine_reads) == 3  # the witness alone, the first model, the witness again: none from the memo
