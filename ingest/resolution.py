"""Text size: bring low-resolution pages up to the text size Tesseract reads best.

Tesseract's models are trained on text of about 300 dpi (letters ~25-35 px tall). A 70-150 dpi
scan, a page photographed from afar, or an image whose file claims a wrong resolution (a 65 dpi
scan saved as "300 dpi", a phone picture with none) has letters of 8-17 px, and both the cleanup
stages (whose windows scale with ``Page.dpi``) and Tesseract do worse on it. The real resolution is
estimated from the letters themselves, so a missing or wrong dpi in the file does not matter.
"""
from __future__ import annotations

import time

import cv2
import numpy as np

from .components import components
from .ink import ink_mask
from .model import Page, StageRecord, elapsed_ms
from .raster import to_grey

# Area-weighted median height of letter-like components on a 300 dpi page of 10-12 pt print.
TARGET_LETTER_PX = 28.0
# Upscale only when letters are clearly small (text printed at < ~170 dpi): a page near 300 dpi,
# or with large print, is left as it is.
UPSCALE_BELOW_PX = 17.0
MAX_FACTOR = 4.0
MAX_PIXELS = 40_000_000  # never grow a page beyond this (about A3 at 300 dpi)
_MIN_LETTERS = 30


def letter_height(grey: np.ndarray) -> float:
    """Typical letter height in pixels, 0 when the page shows too few letter-like marks.

    Components of a local-threshold ink mask shaped like letters (not wider than 2.5x their
    height, not tiny, not rules or blocks), and the median of their heights weighted by their
    ink: speckle and JPEG noise are many but small, so weighting by area keeps them from
    pulling the estimate down."""
    _, _, stats, _ = components(ink_mask(grey))
    h, w, area = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_AREA]
    letter = (h >= 4) & (w >= 2) & (w <= 2.5 * h) & (h <= 0.08 * grey.shape[0]) & (area >= 0.15 * h * w)
    if np.count_nonzero(letter) < _MIN_LETTERS:
        return 0.0
    heights, weights = h[letter], area[letter].astype(np.float64)
    order = np.argsort(heights, kind="stable")
    cumulative = np.cumsum(weights[order])
    return float(heights[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def upscale_factor(letter_px: float, shape: tuple[int, ...]) -> float:
    """How much to enlarge a page whose letters are ``letter_px`` tall (1.0 = leave it)."""
    if letter_px <= 0 or letter_px >= UPSCALE_BELOW_PX:
        return 1.0
    factor = min(MAX_FACTOR, TARGET_LETTER_PX / letter_px)
    pixels = float(shape[0]) * float(shape[1])
    factor = min(factor, (MAX_PIXELS / max(1.0, pixels)) ** 0.5)
    return factor if factor >= 1.25 else 1.0


def normalise_resolution(page: Page) -> Page:
    """Enlarge a page whose letters are small (bicubic) so they reach the size of 300 dpi print,
    and set ``dpi`` to the resolution the letters now have, whatever the file claimed."""
    started = time.perf_counter()
    grey = to_grey(page.image)
    letter_px = letter_height(grey)
    factor = upscale_factor(letter_px, grey.shape)
    details = {"letter_px": round(letter_px, 1), "factor": round(factor, 2), "file_dpi": page.dpi}
    if factor == 1.0:
        return page.evolve(StageRecord("normalise_resolution", elapsed_ms(started), details))
    h, w = page.image.shape[:2]
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    image = cv2.resize(page.image, size, interpolation=cv2.INTER_CUBIC)
    dpi = int(round(300 * letter_px * factor / TARGET_LETTER_PX))
    details["estimated_dpi"] = int(round(300 * letter_px / TARGET_LETTER_PX))
    details["dpi"] = dpi
    return page.evolve(StageRecord("normalise_resolution", elapsed_ms(started), details), image=image, dpi=dpi)


# A page rendered from a low-resolution image by pixel replication (poppler enlarges an image by
# more than 4x without interpolation: a 72 ppi scan inside a PDF rendered at 300 dpi) changes only
# on its source's pixel grid: in the middle of the page, most columns and rows repeat their
# neighbour exactly, and the ones that do not stand alone. A scanned, photographed or smoothly
# enlarged page has noise in every column.
_REPEATED_SHARE = 0.5  # at least half the columns (and rows) repeat their neighbour exactly...
_JOINED_CHANGES = 0.05  # ...and hardly a changing column sits beside another changing one
_GRID_STEP = 4  # every 4th row (column) sampled: a repeated column repeats in every row


def _grid_share(changes: np.ndarray) -> float:
    """The source grid's spacing along one axis (1.0 = no replication), from ``changes``, the
    summed absolute differences between each line of pixels and the next."""
    changing = np.flatnonzero(changes)
    if len(changing) < 20:
        return 1.0
    first, last = changing[0], changing[-1]
    quarter = (last - first) // 4
    middle = changes[first + quarter:last - quarter] > 0
    moving = int(np.count_nonzero(middle))
    if moving < 10 or 1.0 - moving / len(middle) < _REPEATED_SHARE:
        return 1.0
    if np.count_nonzero(middle[1:] & middle[:-1]) > _JOINED_CHANGES * moving:
        return 1.0
    return len(middle) / moving


def replication_factor(image: np.ndarray) -> float:
    """How many times each pixel of the image's source was repeated along both axes (poppler's
    enlargement of a low-resolution image without interpolation), 1.0 when the page is not such a
    render. The smaller of the two axes' measures, rounded to two places."""
    grey = to_grey(image).astype(np.int16)
    across = np.abs(np.diff(grey[::_GRID_STEP], axis=1)).sum(axis=0)
    down = np.abs(np.diff(grey[:, ::_GRID_STEP], axis=0)).sum(axis=1)
    factor = min(_grid_share(across), _grid_share(down))
    return round(factor, 2) if factor >= 1.5 else 1.0


def _starts(changes: np.ndarray, factor: float) -> np.ndarray:
    """Where each source pixel begins along one axis: after every change, and every ``factor`` pixels
    across a stretch without one (a blank margin is as many source pixels as it is wide)."""
    edges = np.concatenate([[0], np.flatnonzero(changes) + 1, [len(changes) + 1]])
    starts = [np.arange(a, b - 0.5 * factor, factor).round().astype(np.int64) if b - a > 1.5 * factor else np.array([a])
              for a, b in zip(edges[:-1], edges[1:])]
    return np.unique(np.concatenate(starts))


def source_grid(grey: np.ndarray, factor: float) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) of ``grey`` where a new pixel of its source begins, on a page made by repeating a
    low-resolution image's pixels ``factor`` times (``replication_factor``): ``grey[rows][:, columns]``
    is that image again, pixel for pixel."""
    image = grey.astype(np.int16)
    across = np.abs(np.diff(image, axis=1)).sum(axis=0)
    down = np.abs(np.diff(image, axis=0)).sum(axis=1)
    return _starts(down, factor), _starts(across, factor)


__all__ = ["letter_height", "upscale_factor", "normalise_resolution", "replication_factor", "source_grid",
           "TARGET_LETTER_PX"]
