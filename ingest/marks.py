"""Marks that are not printed text: dark scanner borders, speckle, dust and pen marks.

Two stages over a ``Page`` (grey or binary), each recording what it removed:
``remove_borders`` (borders touching the edge, specks, dust off the text lines) runs before
``tables.find_tables``; ``remove_marks`` (signatures, logo outlines, stamp rings: big sparse
components) after it. Split out of ``cleanup`` so the geometry/photometry stages and the
mark removal can evolve separately.
"""
from __future__ import annotations

import time

import cv2
import numpy as np

from .cleanup import dark_ink, elapsed_ms, to_grey
from .model import Page, StageRecord


def _isolated(stats: np.ndarray, letters: np.ndarray, shape: tuple[int, int], dpi: int) -> np.ndarray:
    """Per component: True when its centre is off every text line: more than ~1/3 inch
    beside or ~1/25 inch above/below any letter (a colon after a label stays)."""
    f = 4  # at quarter resolution: the reach is coarse anyway
    small = cv2.resize(letters, (max(1, shape[1] // f), max(1, shape[0] // f)), interpolation=cv2.INTER_AREA)
    reach_x, reach_y = max(2, int(dpi * 0.35 / f)), max(1, int(dpi * 0.04 / f))
    near = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach_x + 1, 2 * reach_y + 1)))
    cx = np.clip((stats[:, 0] + stats[:, 2] // 2) // f, 0, near.shape[1] - 1)
    cy = np.clip((stats[:, 1] + stats[:, 3] // 2) // f, 0, near.shape[0] - 1)
    return near[cy, cx] == 0


def _has_neighbour(stats: np.ndarray, pool: np.ndarray, query: np.ndarray, radius: float) -> np.ndarray:
    """Per component: True for ``query`` components with another ``pool`` component within ``radius``."""
    result = np.zeros(len(stats), bool)
    q, p = np.nonzero(query)[0], np.nonzero(pool)[0]
    if len(q) == 0 or len(p) < 2 or len(q) * len(p) > 20_000_000:
        return result
    centre = stats[:, :2] + stats[:, 2:4] / 2.0
    d = np.hypot(*(centre[q, None, :] - centre[None, p, :]).transpose(2, 0, 1))
    d[q[:, None] == p[None, :]] = np.inf
    result[q] = (d < radius).any(axis=1)
    return result


def remove_borders(page: Page) -> Page:
    """Whiten dark scanner borders (big ink components touching the edge), tiny speckle,
    and dust: dot-sized marks far from any letter (a full stop or an i-dot sits next to
    its letters, dust in the margins and between lines does not). Grey or binary page."""
    started = time.perf_counter()
    image = page.image
    grey = to_grey(image)
    ink = dark_ink(grey, page.dpi)
    h, w = ink.shape
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x, y, cw, ch, area = (stats[:, i] for i in range(5))
    touches = (x == 0) | (y == 0) | (x + cw >= w) | (y + ch >= h)
    border = touches & ((cw > 0.3 * w) | (ch > 0.3 * h) | (area > 0.002 * h * w))
    scale = (page.dpi / 300) ** 2
    speck = area <= max(2, int(round(4 * scale)))
    dot = (area <= 80 * scale) & (cw < page.dpi * 0.05) & (ch < page.dpi * 0.05)
    letter_ids = np.nonzero(~dot & ~border)[0][1:]
    is_letter = np.zeros(n, np.uint8)
    is_letter[letter_ids] = 1
    dust = dot & ~speck & _isolated(stats, is_letter[labels], (h, w), page.dpi)
    dust &= ~_has_neighbour(stats, dot & ~speck, dust, page.dpi * 0.1)  # ":" and ": -" are dot pairs
    drop = border | speck | dust
    drop[0] = False
    out = image.copy()
    if np.any(drop):
        out[drop[labels]] = 255
    details = {"borders": int(np.count_nonzero(border[1:])), "specks": int(np.count_nonzero(speck[1:])),
               "dust": int(np.count_nonzero(dust[1:]))}
    return page.evolve(StageRecord("remove_borders", elapsed_ms(started), details), image=out)


def remove_marks(page: Page) -> Page:
    """Whiten handwriting and line drawings: single connected, sparse marks much bigger
    than the printed letters (a signature scribble, a logo outline, a stamp ring). Printed
    words break into letters, and letters that touch (bold headings) fill their box far
    more than pen strokes do; Tesseract turns such marks into garbage words otherwise."""
    started = time.perf_counter()
    grey = to_grey(page.image)
    h, w = grey.shape
    factor = 2 if page.dpi >= 200 else 1  # marks are big: half resolution finds them as well
    small = cv2.resize(grey, (w // factor, h // factor), interpolation=cv2.INTER_AREA) if factor > 1 else grey
    dpi = page.dpi // factor
    n, labels, stats, _ = cv2.connectedComponentsWithStats(dark_ink(small, dpi), connectivity=8)
    heights, widths = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    letters = heights[(heights >= dpi * 0.04) & (heights <= dpi * 0.3)]
    if len(letters) < 20:
        return page.evolve(StageRecord("remove_marks", elapsed_ms(started), {"marks": 0}))
    text_h = float(np.median(letters))
    thin = np.minimum(heights, widths) < text_h * 0.4  # rules and underlines are left to other stages
    big = (((heights > 1.5 * text_h) & (widths > 3.5 * text_h)) | ((heights > 4 * text_h) & (widths > 2 * text_h)))
    sparse = stats[1:, cv2.CC_STAT_AREA] < 0.3 * heights * widths  # pen strokes; touching bold letters are dense
    drop = np.concatenate([[False], big & sparse & ~thin])
    out = page.image
    if np.any(drop):
        grow = max(3, int(dpi / 60) | 1)  # take the pen stroke's soft rim too
        mask = cv2.dilate(drop.astype(np.uint8)[labels], np.ones((grow, grow), np.uint8))
        if factor > 1:
            mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_NEAREST)
        out = out.copy()
        out[mask > 0] = 255
    text_h *= factor
    details = {"marks": int(np.count_nonzero(drop)), "text_height": round(text_h, 1)}
    return page.evolve(StageRecord("remove_marks", elapsed_ms(started), details), image=out)
