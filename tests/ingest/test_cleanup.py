"""Each cleanup stage measured on pages whose truth is known by construction."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from pagegen import LINES, photograph, render_page, rotate_small, shade, stamp, words_in_order

from ingest import cleanup, marks, sheet
from ingest.model import Page
from ingest.ocr import detect_orientation, read_page
from ingest.options import IngestOptions

OPTIONS = IngestOptions(workers=1)
CORNERS = [[300, 200], [1350, 260], [1420, 1150], [220, 1080]]


@pytest.mark.parametrize("angle", [3.0, -6.5, 0.7, 9.0])
def test_deskew_leaves_under_half_a_degree(clean_page, angle):
    page = cleanup.deskew(Page(1, rotate_small(clean_page, angle), dpi=150))
    residual = cleanup.measure_skew(cleanup.to_grey(page.image))
    assert abs(residual) < 0.5
    assert abs(page.skew_degrees + angle) < 0.5  # it rotated back by the applied angle
    assert page.steps[-1].stage == "deskew"


def test_deskew_leaves_straight_page_alone(clean_page):
    page = cleanup.deskew(Page(1, clean_page, dpi=150))
    assert page.skew_degrees == 0.0 and page.image is clean_page


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
    assert abs(cleanup.measure_skew(cleanup.to_grey(page.image))) < 0.5  # lines straight again
    text = read_page(cleanup.even_out_light(page), OPTIONS).text
    assert words_in_order(text, ["KABUPATEN", "BALANGAN", "Nomor", "kehadirannya", "terima", "kasih."])


def test_find_sheet_leaves_flat_scan_alone(clean_page):
    scan = shade(clean_page)
    page = sheet.find_sheet(Page(1, scan, dpi=150))
    assert not page.flattened and page.image is scan


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_fix_orientation_turns_page_upright(clean_page, turns):
    turned = np.ascontiguousarray(np.rot90(clean_page, turns))  # counter-clockwise quarter turns
    page = cleanup.fix_orientation(Page(1, turned, dpi=150), OPTIONS)
    assert page.rotation == (90 * turns) % 360
    assert page.image.shape == clean_page.shape
    text = read_page(page, OPTIONS).text
    assert words_in_order(text, ["BALANGAN", "Nomor", "Perihal", "Undangan", "terima", "kasih."])


def test_orientation_fallback_reads_crops_when_osd_has_no_answer(clean_page):
    upside_down = np.ascontiguousarray(clean_page[::-1, ::-1])
    page = cleanup.fix_orientation(Page(1, upside_down, dpi=150), OPTIONS, osd=lambda image: None, gate=None)
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

    page = cleanup.fix_orientation(Page(1, upside_down, dpi=300), OPTIONS, osd=first_unsure, gate=None)
    assert page.rotation == 180 and page.steps[-1].details["method"] == "osd_fine"
    assert len(seen) == 2 and max(seen[1]) > max(seen[0])


def test_small_page_gets_no_second_osd_look(clean_page):
    calls = []
    page = cleanup.fix_orientation(Page(1, np.ascontiguousarray(clean_page[::-1, ::-1]), dpi=150), OPTIONS,
                                   osd=lambda image: calls.append(image.shape) or None, gate=None)
    assert len(calls) == 1 and page.rotation == 180  # the first look already saw it at full size


@pytest.mark.parametrize("turns", [1, 3])
def test_orientation_fallback_finds_sideways_page_without_osd(clean_page, turns):
    """The fallback reads the second axis when the first is not decisive (a sideways page)."""
    turned = np.ascontiguousarray(np.rot90(clean_page, turns))
    grey = cleanup.to_grey(turned)
    scores = cleanup.read_rotations(cleanup.shrink(grey, 1400)[0], (0, 90), OPTIONS)
    assert max(scores, key=scores.get) == (90 * turns) % 360
    assert sorted(scores) == [0, 90, 180, 270]


def test_orientation_fallback_stops_after_a_decisive_axis(clean_page):
    scores = cleanup.read_rotations(cleanup.shrink(cleanup.to_grey(clean_page), 1400)[0], (0, 90), OPTIONS)
    assert sorted(scores) == [0, 180]  # upright lines read well one way: the other axis is not read
    assert scores[0][0] >= 4 and scores[0][0] > 2 * scores[180][0]

SAMPLE_PAGE = Path(__file__).resolve().parents[2] / "samples" / "permohonan_pembinaan.png"  # a generated A4 letter


def _no_osd(image):
    raise AssertionError("OSD was called although the ink-shape gate was sure")


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_ink_gate_turns_rendered_page_upright_without_osd(clean_page, turns):
    turned = np.ascontiguousarray(np.rot90(clean_page, turns))  # counter-clockwise quarter turns
    page = cleanup.fix_orientation(Page(1, turned, dpi=150), OPTIONS, osd=_no_osd)
    assert page.rotation == (90 * turns) % 360
    assert page.steps[-1].details["method"] == "ink_shape"
    assert page.image.shape == clean_page.shape


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_ink_gate_reads_way_up_of_a_full_generated_page(turns):
    upright = cv2.imread(str(SAMPLE_PAGE), cv2.IMREAD_GRAYSCALE)
    rotation, evidence = cleanup.ink_orientation(np.ascontiguousarray(np.rot90(upright, turns)))
    assert rotation == (90 * turns) % 360, evidence


def test_ink_gate_defers_to_osd_on_a_page_without_lowercase():
    """Capitals and digits have nothing above or below their band: the gate must not
    guess, and OSD (real Tesseract) decides as before."""
    capitals = render_page(lines=[line.upper() for line in LINES])
    upside_down = np.ascontiguousarray(capitals[::-1, ::-1])
    assert cleanup.ink_orientation(cleanup.to_grey(upside_down))[0] is None
    calls = []

    def osd(image):
        calls.append(image.shape)
        return detect_orientation(image)

    page = cleanup.fix_orientation(Page(1, upside_down, dpi=150), OPTIONS, osd=osd)
    assert calls and page.steps[-1].details["method"] != "ink_shape"
    assert page.rotation == 180


def test_ink_gate_defers_on_a_nearly_empty_page(clean_page):
    sparse = render_page(lines=LINES[4:6])
    assert cleanup.ink_orientation(cleanup.to_grey(sparse))[0] is None


def test_even_out_light_flattens_background(clean_page):
    shaded = cleanup.to_grey(shade(clean_page))
    paper = cleanup.to_grey(clean_page) > 200  # where the page is blank paper
    before = float(np.std(shaded[paper]))
    page = cleanup.even_out_light(Page(1, shaded, dpi=150))
    after = float(np.std(page.image[paper]))
    assert after < before / 4


def test_remove_stamps_drops_blue_ink_keeps_black_text(clean_page):
    stamped = stamp(clean_page)
    page = cleanup.remove_stamps(Page(1, stamped, dpi=150))
    assert page.image.ndim == 2 and page.steps[-1].details["removed_fraction"] > 0.005
    blue = (stamped[:, :, 0] > 150) & (stamped[:, :, 2] < 80)
    assert np.mean(page.image[blue] > 200) > 0.95  # stamp ink became paper
    text_pixels = cleanup.to_grey(clean_page) < 80
    assert np.mean(page.image[text_pixels] < 128) > 0.97  # black text stays black


def test_remove_borders_clears_dark_edges_and_speckle(clean_page):
    grey = cleanup.to_grey(clean_page).copy()
    grey[:, :40] = 0  # scanner lid shadow along the left edge
    rng = np.random.default_rng(1)
    ys, xs = rng.integers(300, 900, 200), rng.integers(700, 1200, 200)
    grey[ys, xs] = 0  # single-pixel speckle
    page = marks.remove_borders(Page(1, grey, dpi=150))
    assert np.all(page.image[:, :40] == 255)
    assert np.mean(page.image[ys, xs] == 255) > 0.9
    text_pixels = cleanup.to_grey(clean_page) < 80
    assert np.mean(page.image[text_pixels] < 128) > 0.98


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
    page = cleanup.fix_orientation(Page(1, upside_down, dpi=150), OPTIONS, osd=lambda image: None, gate=None)
    assert page.rotation == 180
    details = page.steps[-1].details
    assert details["method"] == "read_lines" and not details.get("unsure")


def test_ink_points_match_numpy_nonzero():
    from ingest.cleanup import ink_points

    rng = np.random.default_rng(3)
    mask = (rng.random((613, 401)) < 0.08).astype(np.uint8) * 255
    for m in (mask, np.rot90(mask), mask[:, :1], np.zeros((4, 6), np.uint8)):
        expected, got = np.nonzero(m), ink_points(m)
        assert all(np.array_equal(e, g) and e.dtype == g.dtype for e, g in zip(expected, got))


def test_preview_turns_with_the_page_and_goes_when_the_image_changes(clean_page):
    sideways = np.ascontiguousarray(np.rot90(clean_page))  # upright after a 90 degree clockwise turn
    page = cleanup.fix_orientation(Page(1, sideways, dpi=150), OPTIONS, osd=lambda image: None)
    assert page.rotation == 90
    preview = page.preview
    assert preview is not None and max(preview.grey.shape) <= cleanup.PREVIEW_SIDE
    h, w = page.image.shape[:2]
    assert preview.grey.shape == (round(h * preview.scale), round(w * preview.scale))  # turned with the page
    assert cleanup.deskew(page).preview is preview  # no rotation: the same copy goes on to dewarp
    assert cleanup.even_out_light(page).preview is None  # a new image: the copy no longer matches
