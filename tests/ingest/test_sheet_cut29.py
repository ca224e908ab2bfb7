"""A photographed page lying on a second sheet at the photo's top edge, where nothing parts the two in
the paper masks: the other sheet is the same paper, the upper sheet's shadow on it is faint, and it
juts out beside the page on one side while the page juts out on the other. Their joined outline runs
off the photo and turns inward twice where one sheet's edge meets the other's side; the page is cut
from it along the upper sheet's edge (``sheet._cut_sheet``), not taken together with the other sheet."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from pagegen import LINES, encode, render_page, table_texture
from rapidfuzz.distance import Levenshtein

from ingest import sheet
from ingest.options import IngestOptions
from ingest.pipeline import ingest_file
from tests.ingest.test_photo_edges import CORNERS, PHOTO, _light, _place

# the other sheet: off the photo at the top, its lower edge under the page's top edge, wider on the right
UNDER = np.array([[340, -900], [1460, -870], [1450, 330], [335, 300]], np.float32)


def joined_photo(page: np.ndarray, other: np.ndarray, shade: float) -> np.ndarray:
    """``page`` on ``other`` (``shade`` darker) at the top edge; a faint soft shadow along the page's edge."""
    photo = table_texture(*PHOTO)
    full = np.full(other.shape[:2], 255, np.uint8)
    photo, _ = _place(photo, (other * shade).astype(np.uint8), full, UNDER)
    on_top = np.full(page.shape[:2], 255, np.uint8)
    _, mask = _place(photo, page, on_top, CORNERS)
    shadow = cv2.GaussianBlur(cv2.dilate(mask, np.ones((5, 5), np.uint8)), (9, 9), 0)
    photo = (photo * (1 - 0.12 * shadow[:, :, None] / 255)).astype(np.uint8)
    photo, _ = _place(photo, page, on_top, CORNERS)
    return _light(photo)


@pytest.fixture(scope="module")
def a4_page() -> np.ndarray:
    return render_page(height=1754)


@pytest.fixture(scope="module")
def joined(a4_page) -> np.ndarray:
    return joined_photo(a4_page, render_page(lines=LINES[4:], height=1754), 0.9)


@pytest.fixture(scope="module")
def joined_blurred(a4_page) -> np.ndarray:
    """The same scene through a phone's soft lens: the faint shadow line is no edge the masks part at."""
    return cv2.GaussianBlur(joined_photo(a4_page, render_page(lines=LINES[4:], height=1754), 0.9), (0, 0), 2)


def test_page_on_a_joined_second_sheet_is_cut_along_its_edge(joined_blurred):
    corners, evidence = sheet.detect_sheet(joined_blurred)
    assert corners is not None, evidence
    assert evidence.get("sheet_cut"), evidence
    assert np.max(np.abs(corners - CORNERS)) < 12.0, corners  # the page's own top edge, not the photo's


def test_page_on_a_joined_second_sheet_is_read_without_the_other_sheet(joined_blurred, tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(encode(joined_blurred, "JPEG", quality=88))
    result = ingest_file(path, IngestOptions(workers=1))
    details = next(s.details for s in result.pages[0].steps if s.stage == "find_sheet")
    assert details.get("sheet_cut"), details
    want = " ".join(" ".join(LINES).split())
    # the blur costs some letters (about 9 % CER on this page); the other sheet would add its six lines
    assert Levenshtein.distance(" ".join(result.text.split()), want) / len(want) <= 0.12, result.text
    assert result.text.count("kehadirannya") == 1  # the other sheet's copy of the last line is not read


def test_page_on_a_joined_second_sheet_is_never_cut_askew(joined):
    """The joined scene rendered clean: where the cut is taken it follows the page's own edge, and a ray
    across the other sheet at a slant (which once cut a wedge of it with the page) is refused."""
    corners, evidence = sheet.detect_sheet(joined)
    assert corners is not None, evidence
    if evidence.get("sheet_cut"):
        assert np.max(np.abs(corners - CORNERS)) < 12.0, corners


def _joined_grey() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An analysis copy (grey, 750 x 1000) of a page (brightness 200) lying on another sheet (176) that
    runs off the top; the other sheet juts out right of the page, the page left of it; a dark desk.
    Returns the grey image, the joined region's outline and the page's corners."""
    grey = np.full((1000, 750), 60, np.uint8)
    page = np.array([[110, 230], [620, 200], [650, 900], [140, 930]], np.int32)
    other = np.array([[150, -50], [690, -50], [690, 300], [150, 330]], np.int32)
    cv2.fillConvexPoly(grey, other, 176)
    cv2.fillConvexPoly(grey, page, 200)
    mask = np.where(grey > 120, 255, 0).astype(np.uint8)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    return grey, max(contours, key=cv2.contourArea), page.astype(np.float32)


def test_page_is_cut_from_the_sheet_joined_to_it_along_its_edge():
    grey, joined, page = _joined_grey()
    found = sheet._cut_sheet(grey, joined)
    assert found is not None
    corners = sheet.order_corners(found[1])
    # the top-left corner is on the page's own edge and nothing above it is kept; the bottom is the
    # page's. (Known limit: the other sheet's part right of the page and below the cut line stays with
    # the page, so the top-right corner lies on the cut line beyond the page's side.)
    assert np.max(np.abs(corners[[0, 2, 3]] - page[[0, 2, 3]])) < 6.0, corners
    top = corners[1] - corners[0]
    assert abs(np.degrees(np.arctan2(top[1], top[0]) - np.arctan2(-30, 510))) < 1.5, corners


def test_no_cut_without_a_step_in_the_light():
    """The same outline with both sheets equally bright: no edge leaves the notches, nothing is cut."""
    grey, joined, _ = _joined_grey()
    grey[grey == 176] = 200
    assert sheet._cut_sheet(grey, joined) is None


def test_a_page_that_runs_off_the_photo_is_not_cut_at_its_crease(a4_page):
    """A creased page running off the photo's top edge: its outline is straight where the crease meets
    its sides (no notch), so it is not cut in two."""
    out = a4_page.astype(np.float32)
    mid = out.shape[0] // 2
    out[mid:] *= 0.9
    out[mid - 1:mid + 2] *= 0.6
    photo = table_texture(*PHOTO)
    high = np.array([[300, -700], [1350, -640], [1420, 1550], [220, 1480]], np.float32)
    photo, _ = _place(photo, out.astype(np.uint8), np.full(a4_page.shape[:2], 255, np.uint8), high)
    _, evidence = sheet.detect_sheet(_light(photo))
    assert not evidence.get("sheet_cut"), evidence
