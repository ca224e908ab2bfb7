"""Print blurred until its letters run together is sharpened, and the sharpened reading kept only where it reads better.

A 141 dpi flatbed scan of a letter under motion blur (held_out_4701 doc0042) read at 23.9 % page CER: Tesseract
dropped two body lines and the closing as noise. ``light.even_out_light`` now measures how far the page's letters
have run together into the marks of whole words (``letters_run_together``) and, past ``RUN_TOGETHER``, sharpens
the page (an unsharp mask); the pipeline reads such a page plain as well and keeps the sharpened reading only with
no fewer dictionary words and clearly more of them or a clearly surer reading (``quality.sharpened_reads_better``).
A sharp scan is not sharpened, and a blurred page whose sharpened reading is no better reads exactly as before.
The pages are made by the generator's own flatbed capture (``samples.degrade.apply``) from a generated letter."""
from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from ingest import light, pipeline
from ingest.options import IngestOptions
from ingest.raster import to_grey
from ingest.resolution import letter_height
from samples.degrade import apply
from samples.generate import make_document, render_pages

OPTIONS = IngestOptions(workers=1)
BLURRED = {"profile": "flatbed_scan", "dpi": 141, "skew_degrees": 2.0, "format": "jpg", "jpeg_quality": 59,
           "blur": {"model": "motion", "strength": 1.45, "angle": 167}, "noise": {"model": "sensor", "sigma": 3.4}}
SHARP = {"profile": "flatbed_scan", "dpi": 141, "skew_degrees": 2.0, "format": "jpg", "jpeg_quality": 75}


def _scan(tmp_path: Path, seed: int, plan: dict) -> tuple[Path, str]:
    spec = make_document("surat_balasan", seed, held_out=True, harder=True)
    capture = apply([render_pages(spec, stamp=False)[0]], plan, random.Random(seed))
    path = tmp_path / f"scan{seed}.jpg"
    path.write_bytes(capture.files[0])
    return path, spec.page_texts()[0]


def _words_read(text: str, printed: str) -> int:
    """How many of the letter's printed words the reading holds (each word as often as it is printed)."""
    return sum((Counter(text.split()) & Counter(printed.split())).values())


def _record(result, stage: str) -> dict:
    return next(s.details for p in result.pages for s in p.steps if s.stage == stage)


def _unsharpened(path: Path, monkeypatch) -> str:
    """The file's reading with no page sharpened (the reading before the change)."""
    with monkeypatch.context() as m:
        m.setattr(light, "RUN_TOGETHER", 2.0)  # a share never reached
        return pipeline.ingest_file(path, OPTIONS, None).text


def test_blurred_flatbed_letter_is_read_sharpened(tmp_path, monkeypatch):
    path, printed = _scan(tmp_path, 2, BLURRED)
    result = pipeline.ingest_file(path, OPTIONS, None)
    assert _record(result, "even_out_light")["run_together"] >= light.RUN_TOGETHER
    assert _record(result, "ocr")["sharpened_kept"] is True
    before, after = _words_read(_unsharpened(path, monkeypatch), printed), _words_read(result.text, printed)
    assert after >= before + 10, (before, after)  # measured 139 -> 157 of 166 printed words


def test_blurred_letter_whose_sharpened_reading_is_no_better_reads_as_before(tmp_path, monkeypatch):
    path, _ = _scan(tmp_path, 1, BLURRED)
    result = pipeline.ingest_file(path, OPTIONS, None)
    assert _record(result, "even_out_light")["run_together"] >= light.RUN_TOGETHER  # sharpened, read both ways
    assert _record(result, "ocr")["sharpened_kept"] is False  # the plain page's reading kept
    assert result.text == _unsharpened(path, monkeypatch)


def test_sharp_scan_is_left_alone(tmp_path):
    path, printed = _scan(tmp_path, 2, SHARP)
    result = pipeline.ingest_file(path, OPTIONS, None)
    assert _record(result, "even_out_light")["run_together"] < light.RUN_TOGETHER
    assert "sharpened" not in _record(result, "even_out_light")
    assert "sharpened_kept" not in _record(result, "ocr")
    assert _words_read(result.text, printed) >= 0.9 * len(printed.split())


@pytest.mark.parametrize("plan, joined", [(SHARP, False), (BLURRED, True)])
def test_letters_run_together_on_blurred_print_only(tmp_path, plan, joined):
    spec = make_document("surat_balasan", 2, held_out=True, harder=True)
    capture = apply([render_pages(spec, stamp=False)[0]], plan, random.Random(2))
    grey = to_grey(np.asarray(capture.images[0].convert("L")))
    share = light.letters_run_together(grey, letter_height(grey))
    assert (share >= light.RUN_TOGETHER) is joined, share
