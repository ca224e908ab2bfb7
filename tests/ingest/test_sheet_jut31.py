"""A page cut from the second sheet it lies on, where the other sheet juts out beside the page below the
cut line and the paper mask has rounded the notch between them (the mask's closing fills a concave
corner over about its kernel) and left the page's side a little ragged (sensor noise under the blur).
The jut is trimmed along the page's side, measured past the notch's rounding (``sheet._trim_jut``);
kept, it spoils the cut piece's fill and the page was not cut at all."""
from __future__ import annotations

import cv2
import numpy as np

from ingest import sheet

PAGE = np.array([[160, 140], [680, 190], [560, 940], [45, 800]], np.float32)  # tilted 5-6 degrees
OTHER = np.array([[40, -50], [560, -50], [555, 175], [30, 150]], np.int32)  # runs off the top, juts left


def joined_copy(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """An analysis copy (grey, 750 x 1000) of the page (200) lying on the other sheet (176) on a dark desk
    (60), with noise, and the joined region's outline from a mask made the way the brightness masks make
    theirs (blur, Otsu, closing three kernels wide, opening one kernel wide)."""
    grey = np.full((1000, 750), 60, np.float32)
    cv2.fillConvexPoly(grey, OTHER, 176)
    cv2.fillConvexPoly(grey, PAGE.astype(np.int32), 200)
    grey = np.clip(grey + np.random.default_rng(seed).normal(0, 10, grey.shape), 0, 255).astype(np.uint8)
    k = 13
    _, mask = cv2.threshold(cv2.GaussianBlur(grey, (k, k), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3 * k, 3 * k)))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    return grey, max(contours, key=cv2.contourArea)


def test_jut_beside_a_rounded_notch_is_trimmed_and_the_page_cut():
    for seed in (1, 2):
        grey, joined = joined_copy(seed)
        found = sheet._cut_sheet(grey, joined)
        assert found is not None, seed
        corners = sheet.order_corners(found[1])
        # every corner on the page's (1 % of the copy's long side); kept, the jut would pull the top-left
        # corner 130 px out along the cut line
        assert np.max(np.abs(corners - PAGE)) <= 10.0, (seed, corners)


def test_a_ragged_side_without_a_jut_is_left_whole():
    """The page alone on the desk: its ragged sides have no notch deep enough to trim at."""
    grey = np.full((1000, 750), 60, np.float32)
    cv2.fillConvexPoly(grey, PAGE.astype(np.int32), 200)
    grey = np.clip(grey + np.random.default_rng(3).normal(0, 10, grey.shape), 0, 255).astype(np.uint8)
    _, mask = cv2.threshold(cv2.GaussianBlur(grey, (13, 13), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    piece = max(contours, key=cv2.contourArea)
    trimmed = sheet._trim_jut(piece, mask, 13)
    assert abs(cv2.contourArea(trimmed) - cv2.contourArea(piece)) < 1.0
