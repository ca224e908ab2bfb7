"""The generated hostile corpus (bench/hostile_corpus.py) through the real loader: every quick
case opens and loads every page, or raises exactly its expected typed error. ``bench/hostile.py``
runs the whole corpus through ``burt ocr --json``; this is its quick, in-process half."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.hostile_corpus import ACCEPTED, build, cases
from ingest.errors import BurtError
from ingest.load import load_page, open_source, shown_name
from ingest.options import IngestOptions

OPTIONS = IngestOptions(workers=1)
QUICK = [c for c in cases() if c.quick]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return {case.name: path for case, path in build(tmp_path_factory.mktemp("hostile"), QUICK)}


def test_the_corpus_is_large_and_covers_every_outcome():
    every = cases()
    assert len(every) >= 40
    assert len({c.name for c in every}) == len(every)
    outcomes = {c.expected for c in every}
    assert {ACCEPTED, "file_too_large", "page_too_small", "suspicious_file", "corrupt_file", "empty_file",
            "pdf_encrypted", "unsupported_file"} <= outcomes


@pytest.mark.parametrize("case", QUICK, ids=[ascii(c.name)[1:-1] for c in QUICK])
def test_hostile_file_gets_its_expected_outcome(corpus, case):
    try:
        source = open_source(corpus[case.name], OPTIONS, name=case.display_name)
        pages = [load_page(source, n, OPTIONS) for n in range(1, source.page_count + 1)]
    except BurtError as exc:
        assert exc.code == case.expected, f"{case.why}: {exc.code} ({exc.detail})"
        assert " / " in exc.message  # Indonesian first, then English
        name = case.display_name or case.name
        if shown_name(name) != name:  # NUL, CR/LF and bidi controls reach the log escaped
            assert name not in (exc.detail or "") and shown_name(name) in (exc.detail or "")
        return
    assert case.expected == ACCEPTED, f"{case.why}: accepted"
    for page in pages:
        h, w = page.image.shape[:2]
        assert w * h <= OPTIONS.max_pixels and min(w, h) >= OPTIONS.min_page_px


CLI_CASES = ["pdf_page_8400pt_mono.pdf", "laporan\u202efdp.exe", "tiff_second_frame_huge.tiff"]


@pytest.mark.parametrize("name", CLI_CASES, ids=[ascii(n)[1:-1] for n in CLI_CASES])
def test_burt_ocr_refuses_with_its_code_and_no_traceback(corpus, tmp_path, name):
    """The issue's findings through the real CLI: the 8400 pt monochrome page used to end in an
    OpenCV traceback and ``processing_failed``; the MZ polyglot and the huge second TIFF frame
    were accepted."""
    expected = next(c.expected for c in QUICK if c.name == name)
    run = subprocess.run([str(Path(sys.executable).with_name("burt")), "--home", str(tmp_path / "home"), "ocr",
                          "--json", str(corpus[name])], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "BURT_WORKERS": "1"})
    assert run.returncode == 2 and run.stdout == ""
    assert f"Error [{expected}]:" in run.stderr
    assert "Traceback" not in run.stderr
