"""Faint print on photographs: a hard shadow's edge does not wash out the letters beside it."""
from __future__ import annotations

import cv2
import numpy as np
from pagegen import LINES, hard_shadow, render_page, shade

from ingest import light, raster
from ingest.model import Page


def _photo_print(page: np.ndarray) -> np.ndarray:
    """Letters as a phone photo gives them: grey, not black, and a little soft."""
    return cv2.GaussianBlur(255 - (255 - page.astype(np.float32)) * 0.6, (0, 0), 1.0).astype(np.uint8)


def _ink_beside_and_away(evened: np.ndarray, clean: np.ndarray, edge: int) -> tuple[float, float]:
    """Mean grey of the letters' pixels in the first 95 px right of ``edge`` and of those far right of it."""
    grey = raster.to_grey(evened)
    ink = raster.to_grey(clean) < 100
    beside, away = ink.copy(), ink.copy()
    beside[:, :edge + 5] = False
    beside[:, edge + 100:] = False
    away[:, :edge + 500] = False
    away[:, edge + 800:] = False
    return float(grey[beside].mean()), float(grey[away].mean())


def test_letters_beside_a_hard_shadow_edge_keep_their_ink():
    clean = render_page(lines=LINES * 3, width=2000, height=2800, size=40, margin=400)
    shadowed = hard_shadow(_photo_print(clean), lambda xx, yy: xx < 700, 0.45)
    evened = light.even_out_light(Page(1, shadowed, dpi=300)).image
    beside, away = _ink_beside_and_away(evened, clean, 700)
    assert beside <= away + 4, (beside, away)  # the Gaussian alone left them about 11 levels lighter
    assert raster.to_grey(evened)[:, 705:800][raster.to_grey(clean)[:, 705:800] > 250].mean() > 245  # paper is paper


def test_gentle_light_is_evened_out_as_before():
    """A gradient has no hard step: the smoothed background is the Gaussian's, untouched."""
    page = shade(render_page())
    small, _ = raster.shrink(page, max(page.shape[:2]) // 4)
    k = max(5, (min(small.shape[:2]) // 25) | 1)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    smooth = cv2.GaussianBlur(closed, (0, 0), k / 2)
    assert light._keep_hard_steps(closed, smooth, k) is smooth
    step = closed.copy()
    step[:, : step.shape[1] // 2] //= 2  # a shadow's edge down the middle
    smooth = cv2.GaussianBlur(step, (0, 0), k / 2)
    kept = light._keep_hard_steps(step, smooth, k)
    col = step.shape[1] // 2 + k // 2  # just on the lit side: the Gaussian pulls it down, the median not
    assert np.abs(kept[:, col].astype(int) - step[:, col]).mean() < np.abs(smooth[:, col].astype(int) - step[:, col]).mean() / 3


def test_only_a_step_running_across_the_sheet_counts_as_a_shadow_edge():
    """A strip of desk in a corner, a scanner's border or a vignette's patch is left to the Gaussian; a
    shadow's edge running down a good part of the sheet is kept."""
    hard = np.zeros((400, 300), bool)
    hard[100:160, 80:84] = True  # 15 % of the height: a corner's edge
    hard[40:360, 200:204] = True  # 80 %: a shadow's edge across the sheet
    kept = light._long_steps(hard)
    assert not kept[100:160, 80:84].any()
    assert kept[40:360, 200:204].all()
    closed = np.full((400, 300), 220, np.uint8)
    closed[300:, :60] = 90  # a strip of desk in the bottom corner
    smooth = cv2.GaussianBlur(closed, (0, 0), 7)
    assert light._keep_hard_steps(closed, smooth, 15) is smooth
