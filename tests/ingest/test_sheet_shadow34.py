"""A hard shadow whose edge runs straight across the whole photo, over a light neutral desk and the
sheet alike, on a page folded in quarters (issues 13 and 17; generated messenger photos of
``held_out_4201``). Lit desk and lit paper then make one bright region, parted from the shade at the
shadow's edge: it runs off the photo and no lit part of the sheet alone is found, so neither the colour
mask (the desk is as unsaturated as paper) nor the lit part lit again (``sheet._relit_sheet``) applies.
The shade is lit again by the shadow's step and the sheet looked for again (``sheet._crossed_sheet``);
it is taken only where the shadow's edge runs across it."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from pagegen import LINES, hard_shadow, render_page

from ingest import sheet
from tests.ingest.test_photo_edges import CORNERS, PHOTO, _cer, _place, _read, assert_found_relit

TILE = 200  # the desk's tiles, px


def tiled_desk(level: float) -> np.ndarray:
    """A neutral grey floor of square tiles about ``level`` bright, darker grout between them."""
    rng = np.random.default_rng(5)
    w, h = PHOTO
    desk = level + rng.normal(0, 4, (h, w)).astype(np.float32)
    desk[::TILE] -= 35
    desk[:, ::TILE] -= 35
    desk = cv2.GaussianBlur(desk, (3, 3), 0)
    return np.clip(desk, 0, 255).astype(np.uint8)[:, :, None].repeat(3, 2)


def quartered(page: np.ndarray) -> np.ndarray:
    """``page`` folded in quarters and opened again: a crease down its middle and one across it (a thin
    dark line with a light edge beside it)."""
    out = page.astype(np.float32)
    h, w = out.shape[:2]
    out[h // 2 - 2:h // 2 + 1] *= 0.75
    out[h // 2 + 1:h // 2 + 4] = np.minimum(255, out[h // 2 + 1:h // 2 + 4] * 1.05)
    out[:, w // 2 - 2:w // 2 + 1] *= 0.75
    out[:, w // 2 + 1:w // 2 + 4] = np.minimum(255, out[:, w // 2 + 1:w // 2 + 4] * 1.05)
    return out.astype(np.uint8)


def shadow_across_photo(page: np.ndarray, darkening: float, top: float = 640, bottom: float = 560,
                        level: float = 200) -> np.ndarray:
    """``page`` (quartered) on the tiled desk under a hard shadow over the photo's left part, its edge
    running from (``top``, 0) to (``bottom``, photo height) across desk and page: ``darkening`` darker
    there."""
    paper = quartered(page)
    photo, _ = _place(tiled_desk(level), paper, np.full(paper.shape[:2], 255, np.uint8), CORNERS)
    h = photo.shape[0]
    return hard_shadow(photo, lambda xx, yy: xx < top + (bottom - top) * yy / h, darkening)


@pytest.fixture(scope="module")
def a4_page() -> np.ndarray:
    return render_page(height=1754)  # A4 at 150 dpi


@pytest.mark.parametrize("darkening", [0.35, 0.45])
def test_sheet_crossed_by_a_shadow_edge_is_found_whole(a4_page, darkening):
    """Before, the lit region (lit paper and lit desk, running off the photo) was taken for the sheet:
    the page's shaded left part was left out and the desk put in (corners 340 px off)."""
    assert_found_relit(shadow_across_photo(a4_page, darkening), darkening, "shadow_crossed")


def test_sheet_crossed_by_a_shadow_edge_reads_like_the_page(a4_page, tmp_path):
    """Read whole, the shaded part included."""
    text, details = _read(shadow_across_photo(a4_page, 0.4), tmp_path)
    assert _cer(text) <= 0.03, text
    assert details["shadow_crossed"]


def test_shadow_on_the_desk_beside_the_sheet_is_not_taken_for_a_crossing(a4_page):
    """The shadow's edge runs over the desk only, left of the page: the sheet is found as before and
    nothing is lit again."""
    corners, evidence = sheet.detect_sheet(shadow_across_photo(a4_page, 0.4, top=160, bottom=120))
    assert corners is not None, evidence
    assert np.max(np.abs(corners - CORNERS)) < 6.0, corners
    assert "shadow_crossed" not in evidence


def shadow_and_second_sheet_photo(page: np.ndarray, other: np.ndarray, darkening: float,
                                  edge: float = 1150, level: float = 150) -> np.ndarray:
    """``page`` lying on ``other``, whose upper part (with its text) shows at the photo's lower border, on
    the tiled desk (about ``level`` bright: darker than lit paper, lighter than shaded paper) under a hard shadow over the photo's lower part (its edge across the photo at about
    ``edge`` px from the top, slanting a little): the shaded part of the page joins the shaded sheet beneath."""
    desk = tiled_desk(level)
    under = np.array([[260, 1380], [1380, 1420], [1400, 2950], [240, 2900]], np.float32)
    full = np.full(other.shape[:2], 255, np.uint8)
    photo, _ = _place(desk, (other * 0.95).astype(np.uint8), full, under)
    paper = quartered(page)
    photo, _ = _place(photo, paper, np.full(paper.shape[:2], 255, np.uint8), CORNERS)
    return hard_shadow(photo, lambda xx, yy: yy > edge + 0.05 * xx, darkening)


@pytest.mark.parametrize("edge", [1000, 1150])
def test_lit_part_on_a_second_sheet_gives_way_to_the_sheet_lit_again(a4_page, edge):
    """The brightness masks find the page's lit part alone, inside the photo; before, it was taken
    (corners 330-480 px off). Lit again, the page joins the sheet beneath and is cut from that region
    (``sheet._sheet_within``); it holds the lit part and is larger, so it is taken. (At a shallower
    shadow, 0.35, the page is not parted from the sheet beneath once lit again and the lit part stands.)"""
    other = render_page(lines=LINES[4:], height=1754)
    corners, evidence = sheet.detect_sheet(shadow_and_second_sheet_photo(a4_page, other, 0.45, edge))
    assert corners is not None, evidence
    assert np.max(np.abs(corners - CORNERS)) < 6.0, corners
    assert evidence.get("shadow_crossed"), evidence
