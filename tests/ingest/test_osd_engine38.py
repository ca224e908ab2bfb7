"""OSD read by this process's engine (``tesseract_engine.read_osd``, speed38): the ``tesseract --psm 0`` command's
figures, byte for byte, on the views the orientation stage shows it, every way up; the same "cannot decide";
the same answers read again and again by one engine; the orientation stage's record the same either way."""
from __future__ import annotations

import io

import cv2
import numpy as np
import pytesseract
import pytest
from pagegen import letterhead_page, low_resolution, photograph, render_page

from ingest import ocr, orientation, tesseract_engine
from ingest.model import Page
from ingest.options import IngestOptions
from ingest.raster import shrink, to_grey

LIBRARY = IngestOptions(workers=1, tesseract="library")
COMMAND = IngestOptions(workers=1, tesseract="command")
VARIABLES = (("min_characters_to_try", "10"),)


def _pnm(image: np.ndarray) -> bytes:
    picture, _ = pytesseract.pytesseract.prepare(ocr._netpbm(image))
    out = io.BytesIO()
    picture.save(out, format=picture.format)
    return out.getvalue()


def _command(image: np.ndarray) -> str | None:
    """The command's OSD text, None where it fails (too few characters)."""
    try:
        return pytesseract.image_to_osd(ocr._netpbm(image), config="--psm 0 -c min_characters_to_try=10")
    except pytesseract.TesseractError:
        return None


@pytest.fixture(scope="module")
def views() -> list[np.ndarray]:
    """A clean page, a letterhead scanned at a third of its resolution and JPEG'd, a phone photo of a page and a
    messenger-like copy of it (small, blurred, JPEG'd twice), each shrunk as ``choose_rotation`` shrinks it."""
    clean = render_page()
    letter = low_resolution(letterhead_page(), 0.33, 50)
    photo = photograph(render_page(height=1700), [(150, 90), (1420, 130), (1460, 1240), (110, 1200)]).image
    messenger = low_resolution(cv2.GaussianBlur(low_resolution(photo, 0.6, 45), (3, 3), 0.9), 0.9, 40)
    return [np.ascontiguousarray(shrink(to_grey(image), orientation.OSD_SIDE)[0])
            for image in (clean, letter, photo, messenger)]


@pytest.fixture()
def fresh_engines(monkeypatch):
    monkeypatch.setattr(tesseract_engine, "_ENGINES", tesseract_engine._Engines())
    return tesseract_engine


def test_the_engine_writes_what_the_command_writes_every_way_up(views, fresh_engines):
    answered = 0
    for view in views:
        for turn in range(4):
            turned = np.ascontiguousarray(np.rot90(view, turn))
            expected = _command(turned)
            assert fresh_engines.read_osd(_pnm(turned), VARIABLES) == (True, expected)
            answered += expected is not None
    assert answered >= 12  # most views are decided: the figures themselves are compared, not only "no answer"


def test_too_few_characters_is_no_answer_both_ways(fresh_engines):
    blank = np.full((600, 800), 255, np.uint8)
    few = blank.copy()
    cv2.putText(few, "ab", (300, 300), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 0, 4)
    for image in (blank, few):
        assert _command(image) is None
        assert fresh_engines.read_osd(_pnm(image), VARIABLES) == (True, None)
        assert ocr.detect_orientation(image) is None


def test_one_engine_answers_the_same_read_after_read(views, fresh_engines):
    """An engine kept for the process carries nothing from one image to the next: the views read in turn, then
    again in the other order, give the same texts."""
    images = [np.ascontiguousarray(np.rot90(view, turn)) for view in views for turn in (0, 1)]
    first = [fresh_engines.read_osd(_pnm(image), VARIABLES) for image in images]
    again = [fresh_engines.read_osd(_pnm(image), VARIABLES) for image in reversed(images)]
    assert first == list(reversed(again))


def test_detect_orientation_and_the_stage_decide_as_with_the_command(views, monkeypatch):
    for view in views[1:]:
        turned = np.ascontiguousarray(np.rot90(view, 1))
        assert ocr.detect_orientation(turned) == ocr.detect_orientation(turned, library=False)
    sideways = np.ascontiguousarray(np.rot90(cv2.cvtColor(render_page(height=1700), cv2.COLOR_BGR2GRAY), 1))
    records, osd_engines = [], []
    for options in (LIBRARY, COMMAND):
        monkeypatch.setattr(tesseract_engine, "_ENGINES", tesseract_engine._Engines())
        page = orientation.fix_orientation(Page(1, sideways, dpi=150), options, gate=None)
        records.append(page.steps[-1].details)
        osd_engines.append([key for key in tesseract_engine._ENGINES.engines if key[1] == "osd"])
    assert records[0] == records[1] and records[0]["rotation"] == 90 and "osd_rotate" in records[0]
    assert osd_engines[0] and not osd_engines[1]  # the engine read it, then the command


def test_an_osd_model_that_will_not_load_leaves_the_page_model_to_the_engine(views, fresh_engines, caplog):
    """Without the OSD model (``tesseract-ocr-osd`` not installed) the engine declines OSD, which the command then
    fails as before; the page's model is still read in the process, not by a command per reading."""
    assert fresh_engines.read_osd(_pnm(views[0]), VARIABLES, model="no_such_osd") == (False, None)
    assert fresh_engines._ENGINES.unusable is None and (None, "no_such_osd") in fresh_engines._ENGINES.models_unusable
    assert fresh_engines.read_tsv(_pnm(views[0][:200]), "ind", 6) is not None
    assert fresh_engines.read_osd(_pnm(views[0]), VARIABLES) == (True, _command(views[0]))
