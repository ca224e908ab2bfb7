"""A sheet whose corners are dimmed to the desk's brightness (light falling off towards them, as under a
phone's vignette) on a tiled desk whose grout lines meet the sheet's edges (issue 13). The brightness masks
outline the sheet with its corners cut off, and the edge mask joins the grout lines to it, so the only
region found is an octagon-like outline whose approximated quad was a chord across the sheet (corners
130-300 px off, lines slanted and letters cut off). The quad is fitted again to the region's own straight
sides (``sheet._sided_quad``). Built by code from a page with known text, so the outline and the text are known."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from pagegen import LINES, encode, render_page, table_texture
from rapidfuzz.distance import Levenshtein
from test_photo_edges import CORNERS, PHOTO, _place

from ingest import sheet
from ingest.options import IngestOptions
from ingest.pipeline import ingest_file

OPTIONS = IngestOptions(workers=1)


def tiled_desk(level: int) -> np.ndarray:
    """A grey desk about as light as ``level`` laid with tiles 300 px wide, their grout lines darker."""
    desk = cv2.cvtColor(cv2.cvtColor(table_texture(*PHOTO), cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR).astype(np.float32)
    desk = np.clip(desk - desk.mean() + level, 0, 255).astype(np.uint8)
    for start in (95, 96):
        desk[:, start::300] = level // 2
        desk[start::300, :] = level // 2
    return desk


def dimmed_corners_photo(page: np.ndarray, corners: tuple[int, ...], strength: float = 0.6, reach: float = 150.0,
                         desk: np.ndarray | None = None) -> np.ndarray:
    """``page`` on ``desk`` (a tiled one by default), the light falling off towards the sheet's ``corners`` (indices
    into ``CORNERS``): ``strength`` darker at the corner, fading over ``reach`` px."""
    desk = tiled_desk(150) if desk is None else desk
    photo, _ = _place(desk, page, np.full(page.shape[:2], 255, np.uint8), CORNERS)
    h, w = photo.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = np.ones((h, w), np.float32)
    for i in corners:
        x, y = CORNERS[i]
        light -= strength * np.exp(-((xx - x) ** 2 + (yy - y) ** 2) / reach ** 2)
    return np.clip(photo * np.clip(light, 0.05, 1.0)[:, :, None], 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def a4_page() -> np.ndarray:
    return render_page(height=1754)  # A4 at 150 dpi


@pytest.mark.parametrize("corners", [(1, 2), (0, 2), (1, 2, 3)])
def test_sheet_with_dimmed_corners_is_fitted_to_its_sides(a4_page, corners):
    """The outline's straight sides give the sheet's corners (before: 130-170 px off, a chord's quad)."""
    found, evidence = sheet.detect_sheet(dimmed_corners_photo(a4_page, corners))
    assert found is not None, evidence
    assert np.max(np.abs(found - CORNERS)) < 6.0, found
    assert evidence.get("sides_fitted"), evidence


def test_sheet_with_dimmed_corners_reads_like_the_page(a4_page, tmp_path):
    """Flattened by the whole sheet, the text reads as the page's own (before: the chord cut across the
    letterhead's first line, read as "RL MP "aan": 3 of the 59 words lost, 5.4 % CER; now 0.0 %)."""
    path = tmp_path / "photo.jpg"
    path.write_bytes(encode(dimmed_corners_photo(a4_page, (1, 2)), "JPEG", quality=88))
    result = ingest_file(path, OPTIONS)
    want = " ".join(" ".join(LINES).split())
    assert Levenshtein.distance(" ".join(result.text.split()), want) / len(want) <= 0.02, result.text
    words = set(result.text.split())
    assert sum(word in words for word in want.split()) >= len(want.split()) - 1, result.text


def test_plain_photo_on_a_tiled_desk_is_left_alone(a4_page):
    """No dimmed corner: the quad is clean, nothing is fitted again, and the corners are found as before."""
    found, evidence = sheet.detect_sheet(dimmed_corners_photo(a4_page, ()))
    assert np.max(np.abs(found - CORNERS)) < 4.0, found
    assert "sides_fitted" not in evidence and not evidence["corner_restored"], evidence
