"""libtesseract in the process (ingest.tesseract_engine): the same output as the tesseract command,
one engine per process kept, the command when the library cannot be used, a forked child's own engine."""
from __future__ import annotations

import ctypes
import io
import logging
import multiprocessing
import os
import subprocess
import sys

import cv2
import numpy as np
import pytest
from pagegen import render_page

from ingest import ocr, tesseract_engine
from ingest.errors import OcrTimeoutError
from ingest.model import Page
from ingest.options import IngestOptions

LIBRARY = IngestOptions(workers=1, tesseract="library")
COMMAND = IngestOptions(workers=1, tesseract="command")


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return cv2.cvtColor(render_page(), cv2.COLOR_RGB2GRAY)


@pytest.fixture()
def fresh_engines(monkeypatch):
    """This test's own engines (none made yet), the module's restored after it."""
    monkeypatch.setattr(tesseract_engine, "_ENGINES", tesseract_engine._Engines())
    return tesseract_engine


def _data(image: np.ndarray, psm: int, library: bool, dpi: int = 0) -> dict:
    return ocr._image_data(image, "ind", psm, 60, library, dpi)


@pytest.mark.parametrize("psm,dpi,rows,colour", [(3, 0, None, False), (3, 300, None, False), (6, 0, 300, False),
                                                  (7, 0, 60, False), (6, 0, 300, True)])
def test_the_engine_reads_what_the_command_reads(page, psm, dpi, rows, colour):
    image = page[90:90 + rows] if rows else page
    if colour:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    by_library, by_command = _data(image, psm, True, dpi), _data(image, psm, False, dpi)
    assert any(str(t).strip() for t in by_command["text"])
    assert by_library == by_command


def _reading(page: np.ndarray, options: IngestOptions, told: bool = False):
    read = ocr.read_page(Page(1, page, dpi=150), options, told=told)
    return read.text, read.words, read.confidence, read.flags, [s.details for s in read.steps]  # not the ms


def test_a_page_and_its_crops_read_the_same_either_way(page):
    assert _reading(page, LIBRARY) == _reading(page, COMMAND)
    assert _reading(page, LIBRARY, told=True) == _reading(page, COMMAND, told=True)
    crops = [(page[90:150, :700], 7), (page[150:210, :700], 7), (page[90:400], 6)]
    assert ocr.read_crops(crops, LIBRARY) == ocr.read_crops(crops, COMMAND)  # page_num as in the command's list


def test_one_engine_per_mode_is_made_once_and_kept(page, fresh_engines):
    for _ in range(2):
        _data(page[90:150], 7, True)
        _data(page[90:400], 6, True)
    assert sorted(key[2] for key in fresh_engines._ENGINES.engines) == [6, 7]


def test_without_the_library_the_command_reads_and_the_log_says_so(page, fresh_engines, monkeypatch, caplog):
    monkeypatch.setattr(tesseract_engine, "_TESSERACT", "libtesseract-not-installed.so.5")
    with caplog.at_level(logging.WARNING, logger="ingest.tesseract_engine"):
        read = _data(page[90:400], 6, True)
    assert read == _data(page[90:400], 6, False)
    assert "reading with the tesseract command" in caplog.text
    assert fresh_engines._ENGINES.unusable and not fresh_engines._ENGINES.engines


def test_the_engine_runs_only_with_openmp_held_to_one_thread(page):
    """The tests' process holds Tesseract to one thread as the product's do (tests/conftest.py), and
    the engine is really used: the other tests compare it with the command, not the command with itself."""
    gomp = ctypes.CDLL("libgomp.so.1")
    gomp.omp_get_thread_limit.restype = ctypes.c_int
    _data(page[90:150], 7, True)
    assert gomp.omp_get_thread_limit() == 1
    assert tesseract_engine._ENGINES.unusable is None and tesseract_engine._ENGINES.engines


def test_openmp_not_held_to_one_thread_leaves_the_reading_to_the_command(tmp_path):
    """A process whose Tesseract may use two threads reads with the command, and says so."""
    code = ("import logging; logging.basicConfig(); from ingest import tesseract_engine as t; "
            "print(t.read_tsv(b'', 'ind', 6))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "OMP_THREAD_LIMIT": "2"})
    assert done.stdout.strip() == "None"
    assert "OpenMP not held to one thread" in done.stderr and "reading with the tesseract command" in done.stderr


def test_a_reading_past_its_deadline_is_a_timeout(page):
    image = ocr._netpbm(page)
    with pytest.raises(OcrTimeoutError):
        tesseract_engine.read_tsv(_pnm(image), "ind", 3, timeout_s=0.001)


def _pnm(picture) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PPM")
    return out.getvalue()


def _child_reads(image: np.ndarray) -> tuple[int, int, dict]:
    before = len(tesseract_engine._ENGINES.engines)
    return before, os.getpid(), _data(image, 6, True)


def test_a_forked_child_makes_its_own_engine(page):
    image = page[90:400]
    in_parent = _data(image, 6, True)
    assert tesseract_engine._ENGINES.engines  # the parent holds one
    with multiprocessing.get_context("fork").Pool(1) as pool:
        before, pid, in_child = pool.apply(_child_reads, (image,))
    assert pid != os.getpid() and before == 0
    assert in_child == in_parent

