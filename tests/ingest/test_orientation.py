"""Orientation: the ink-shape gate, OSD and the line-reading fallback on pages turned by known
quarter turns, with real Tesseract."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from pagegen import LINES, render_page, words_in_order

from ingest import orientation, raster
from ingest.model import Page
from ingest.ocr import Orientation, detect_orientation, read_page
from ingest.options import IngestOptions

OPTIONS = IngestOptions(workers=1)


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_fix_orientation_turns_page_upright(clean_page, turns):
    turned = np.ascontiguousarray(np.rot90(clean_page, turns))  # counter-clockwise quarter turns
    page = orientation.fix_orientation(Page(1, turned, dpi=150), OPTIONS)
    assert page.rotation == (90 * turns) % 360
    assert page.image.shape == clean_page.shape
    text = read_page(page, OPTIONS).text
    assert words_in_order(text, ["BALANGAN", "Nomor", "Perihal", "Undangan", "terima", "kasih."])


def test_orientation_fallback_reads_crops_when_osd_has_no_answer(clean_page):
    upside_down = np.ascontiguousarray(clean_page[::-1, ::-1])
    page = orientation.fix_orientation(Page(1, upside_down, dpi=150), OPTIONS, osd=lambda image: None, gate=None)
    assert page.rotation == 180
    assert page.steps[-1].details["method"] == "read_lines"


def test_unsure_osd_gets_a_second_look_at_higher_resolution(clean_page):
    """When the first OSD look (long side 1400) is unsure, OSD looks again at a larger
    copy before the slow line-reading fallback; its sure answer is taken."""
    big = cv2.resize(clean_page, (clean_page.shape[1] * 2, clean_page.shape[0] * 2), interpolation=cv2.INTER_CUBIC)
    upside_down = np.ascontiguousarray(big[::-1, ::-1])
    seen: list[tuple[int, int]] = []

    def first_unsure(image):
        seen.append(image.shape[:2])
        return None if len(seen) == 1 else detect_orientation(image)

    page = orientation.fix_orientation(Page(1, upside_down, dpi=300), OPTIONS, osd=first_unsure, gate=None)
    assert page.rotation == 180 and page.steps[-1].details["method"] == "osd_fine"
    assert len(seen) == 2 and max(seen[1]) > max(seen[0])


def test_small_page_gets_no_second_osd_look(clean_page):
    calls = []
    page = orientation.fix_orientation(Page(1, np.ascontiguousarray(clean_page[::-1, ::-1]), dpi=150), OPTIONS,
                                   osd=lambda image: calls.append(image.shape) or None, gate=None)
    assert len(calls) == 1 and page.rotation == 180  # the first look already saw it at full size


@pytest.mark.parametrize("turns", [1, 3])
def test_orientation_fallback_finds_sideways_page_without_osd(clean_page, turns):
    """The fallback reads the second axis when the first is not decisive (a sideways page)."""
    turned = np.ascontiguousarray(np.rot90(clean_page, turns))
    grey = raster.to_grey(turned)
    scores = orientation.read_rotations(raster.shrink(grey, 1400)[0], (0, 90), OPTIONS)
    assert max(scores, key=scores.get) == (90 * turns) % 360
    assert sorted(scores) == [0, 90, 180, 270]


def test_orientation_fallback_stops_after_a_decisive_axis(clean_page):
    scores = orientation.read_rotations(raster.shrink(raster.to_grey(clean_page), 1400)[0], (0, 90), OPTIONS)
    assert sorted(scores) == [0, 180]  # upright lines read well one way: the other axis is not read
    assert scores[0][0] >= 4 and scores[0][0] > 2 * scores[180][0]


@pytest.mark.parametrize("light", ["shadow", "dim"])
def test_orientation_fallback_reads_lines_under_a_shadow(clean_page, light):
    """The line-reading fallback sees the page with its light evened out: on the raw page
    Tesseract's own thresholding finds no confident word either way up."""
    grey = cv2.cvtColor(clean_page, cv2.COLOR_BGR2GRAY).astype(np.float32)
    h, w = grey.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    level = (0.25 + 0.75 * (xx / w + yy / h) / 2) if light == "shadow" else np.full_like(grey, 0.35)
    lit = np.clip(grey * level + (1 - level) * 20, 0, 255).astype(np.uint8)
    upside_down = np.ascontiguousarray(lit[::-1, ::-1])
    page = orientation.fix_orientation(Page(1, upside_down, dpi=150), OPTIONS, osd=lambda image: None, gate=None)
    assert page.rotation == 180
    details = page.steps[-1].details
    assert details["method"] == "read_lines" and not details.get("unsure")


SAMPLE_PAGE = Path(__file__).resolve().parents[2] / "samples" / "permohonan_pembinaan.png"  # a generated A4 letter


def _no_osd(image):
    raise AssertionError("OSD was called although the ink-shape gate was sure")


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_ink_gate_turns_rendered_page_upright_without_osd(clean_page, turns):
    turned = np.ascontiguousarray(np.rot90(clean_page, turns))  # counter-clockwise quarter turns
    page = orientation.fix_orientation(Page(1, turned, dpi=150), OPTIONS, osd=_no_osd)
    assert page.rotation == (90 * turns) % 360
    assert page.steps[-1].details["method"] == "ink_shape"
    assert page.image.shape == clean_page.shape


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_ink_gate_reads_way_up_of_a_full_generated_page(turns):
    upright = cv2.imread(str(SAMPLE_PAGE), cv2.IMREAD_GRAYSCALE)
    rotation, evidence = orientation.ink_orientation(np.ascontiguousarray(np.rot90(upright, turns)))
    assert rotation == (90 * turns) % 360, evidence


def test_ink_gate_defers_to_osd_on_a_page_without_lowercase():
    """Capitals and digits have nothing above or below their band: the gate must not
    guess, and OSD (real Tesseract) decides as before."""
    capitals = render_page(lines=[line.upper() for line in LINES])
    upside_down = np.ascontiguousarray(capitals[::-1, ::-1])
    assert orientation.ink_orientation(raster.to_grey(upside_down))[0] is None
    calls = []

    def osd(image):
        calls.append(image.shape)
        return detect_orientation(image)

    page = orientation.fix_orientation(Page(1, upside_down, dpi=150), OPTIONS, osd=osd)
    assert calls and page.steps[-1].details["method"] != "ink_shape"
    assert page.rotation == 180


def test_ink_gate_defers_on_a_nearly_empty_page(clean_page):
    sparse = render_page(lines=LINES[4:6])
    assert orientation.ink_orientation(raster.to_grey(sparse))[0] is None


def _illegible(page: np.ndarray) -> np.ndarray:
    """``page`` blurred and crushed until Tesseract reads no confident word in it either way up (a crushed
    photocopy or a blurred messenger photo): its lines still run across, but nothing shows their way up."""
    grey = raster.to_grey(page)
    small = cv2.resize(grey, (grey.shape[1] // 3, grey.shape[0] // 3), interpolation=cv2.INTER_AREA)
    blurred = cv2.GaussianBlur(small, (0, 0), 2.2)
    return cv2.resize(blurred, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)


def test_an_illegible_page_is_not_turned_on_a_guess_of_osd(clean_page):
    """held_out_2101: an upright crushed photocopy and two messenger photos were turned upside down or sideways
    because OSD's guess (confidence 0.05-0.52) was taken when the text lines read poorly every way up. A guess
    is no evidence: the page stays as it came, flagged unsure."""
    page_image = _illegible(clean_page)
    for guess in (180, 270):
        page = orientation.fix_orientation(Page(1, page_image, dpi=150), OPTIONS,
                                           osd=lambda image, g=guess: Orientation(g, 0.3), gate=None)
        details = page.steps[-1].details
        assert details["method"] == "read_lines" and details["unsure"], details
        assert page.rotation == 0 and details["chosen_by"] == "as_given", details


def test_a_confident_osd_still_turns_an_illegible_page(clean_page):
    upside_down = np.ascontiguousarray(_illegible(clean_page)[::-1, ::-1])
    page = orientation.fix_orientation(Page(1, upside_down, dpi=150), OPTIONS,
                                       osd=lambda image: Orientation(180, 1.5), gate=None)
    assert page.rotation == 180


def _leaning(up: int, down: int):
    """An ink-shape gate that does not decide and leaves the votes a messenger photo gave (held_out_3101: 22
    lines for upright, 6 for upside down: short of ``GATE_VOTE_RATIO``)."""
    return lambda grey, preview=None: (None, {"axis": 0, "axis_ratio": 1.67, "votes": {"0": [up, down], "90": [0, 0]}})


def test_osd_turning_a_page_against_the_lines_lean_is_not_taken_on_its_word(clean_page):
    """held_out_3101: an upright messenger photo was turned upside down on OSD's 180 at 2.65 while the ink gate's
    lines leaned 22:6 for upright; the page read as mirror garbage and lost every field. OSD turning a page
    against the lines' lean now leaves the choice to the lines read both ways up."""
    page = orientation.fix_orientation(Page(1, clean_page, dpi=150), OPTIONS,
                                       osd=lambda image: Orientation(180, 2.65), gate=_leaning(22, 6))
    details = page.steps[-1].details
    assert page.rotation == 0 and details["method"] == "read_lines", details


def test_a_page_upside_down_is_still_turned_when_the_lines_lean_wrongly(clean_page):
    """The veto hands the choice to the lines read both ways up, which a legible page answers: a page really
    upside down is turned whatever the gate leant to."""
    upside_down = np.ascontiguousarray(clean_page[::-1, ::-1])
    page = orientation.fix_orientation(Page(1, upside_down, dpi=150), OPTIONS,
                                       osd=lambda image: Orientation(180, 2.65), gate=_leaning(22, 6))
    assert page.rotation == 180, page.steps[-1].details


def test_osd_turning_a_page_with_the_lines_lean_is_taken(clean_page):
    upside_down = np.ascontiguousarray(clean_page[::-1, ::-1])
    page = orientation.fix_orientation(Page(1, upside_down, dpi=150), OPTIONS,
                                       osd=lambda image: Orientation(180, 2.65), gate=_leaning(6, 22))
    details = page.steps[-1].details
    assert page.rotation == 180 and details["method"] == "osd", details
