"""Ink masks the stages analyse: a local-threshold mask, text ink (rules, edges, blobs and
specks left out), Sauvola's threshold (``binary_ink``, ``dark_ink``) and the page's half-size
copy with its dark ink (``Page.half_ink``) that the rule and mark stages share.

The masks are for analysis only: Tesseract reads the evened grey page, which it reads better
than a binary image of ours (see bench/README.md)."""
from __future__ import annotations

import cv2
import numpy as np

from .components import components, lookup
from .model import HalfInk, Page
from .raster import to_grey


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Boolean-ish uint8 mask (255 = ink) robust to uneven light (local threshold)."""
    block = max(15, (min(grey.shape[:2]) // 40) | 1)
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)


def text_ink(grey: np.ndarray) -> np.ndarray:
    """Ink mask without what is not text: long rules, page edges and big blobs (any side
    over a quarter of the image) and single-pixel noise."""
    ink = ink_mask(grey)
    n, labels, stats, _ = components(ink)
    limit = 0.25 * max(grey.shape[:2])
    drop = (stats[:, cv2.CC_STAT_WIDTH] > limit) | (stats[:, cv2.CC_STAT_HEIGHT] > limit) \
        | (stats[:, cv2.CC_STAT_AREA] <= 2)
    drop[0] = True
    return cv2.bitwise_and(ink, lookup(np.where(drop, 0, 255).astype(np.uint8), labels))


def ink_points(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.nonzero(mask)`` of a 2-D mask (same rows, columns and order, int64) from the flat
    indices: numpy's 2-D nonzero is ~1.4x slower than the flat one plus a division."""
    flat = np.flatnonzero(mask)
    ys = flat // mask.shape[1]
    return ys, flat - ys * mask.shape[1]


def sauvola_threshold(grey: np.ndarray, window: int, k: float = 0.2, r: float = 128.0) -> np.ndarray:
    """Sauvola's local threshold surface. Local mean and deviation vary slowly, so they
    are computed on a quarter-size copy and resized back (4-8x faster, same result on text)."""
    h, w = grey.shape[:2]
    factor = 4 if window >= 32 else 1
    small = cv2.resize(grey, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA) \
        if factor > 1 else grey
    img = small.astype(np.float32)
    win = max(3, (window // factor) | 1)
    mean = cv2.boxFilter(img, cv2.CV_32F, (win, win), borderType=cv2.BORDER_REFLECT)
    sq_mean = cv2.boxFilter(img * img, cv2.CV_32F, (win, win), borderType=cv2.BORDER_REFLECT)
    std = np.sqrt(np.maximum(sq_mean - mean * mean, 0))
    threshold = mean * (1 + k * (std / r - 1))
    if factor == 1:
        return threshold
    small_t = np.clip(threshold + 0.5, 0, 255).astype(np.uint8)  # uint8 resizes 4x faster than float
    return cv2.resize(small_t, (w, h), interpolation=cv2.INTER_LINEAR)


def binary_ink(grey: np.ndarray, dpi: int, k: float = 0.2) -> np.ndarray:
    """uint8 mask, 1 where Sauvola calls the pixel ink; window about 1/6 inch."""
    window = max(15, int(dpi / 6) | 1)
    return (grey < sauvola_threshold(grey, window, k)).astype(np.uint8)


def dark_ink(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Ink for analysis (borders, speckle, rules): locally dark per Sauvola and not light
    in absolute terms, or very dark anyway (Sauvola misses the inside of big dark areas)."""
    return ((binary_ink(grey, dpi) & (grey < 160)) | (grey < 80)).astype(np.uint8)


def half_size_ink(page: Page) -> HalfInk:
    """The page's ``HalfInk`` (half size from 200 dpi up, for analyses that do not need full
    resolution: rules, big marks): the one an earlier stage left on ``page`` for its
    image, or a new one."""
    if page.half_ink is not None:
        return page.half_ink
    grey = to_grey(page.image)
    h, w = grey.shape
    factor = 2 if page.dpi >= 200 else 1
    small = cv2.resize(grey, (w // factor, h // factor), interpolation=cv2.INTER_AREA) if factor > 1 else grey
    return HalfInk(small, factor, page.dpi // factor, dark_ink(small, page.dpi // factor))


def _median_floor(crop: np.ndarray) -> int:
    """``int(np.median(crop))`` of a non-empty integer crop (the middle value, or the floor of the
    two middle values' mean) from one ``np.partition``: ``np.median``'s set-up costs more than the
    selection on a word's crop."""
    flat = crop.ravel()
    half = flat.size // 2
    if flat.size % 2:
        return int(np.partition(flat, half)[half])
    ordered = np.partition(flat, (half - 1, half))
    return (int(ordered[half - 1]) + int(ordered[half])) // 2


def _middle(values: np.ndarray) -> float:
    """``float(np.median(values))`` of a non-empty 1-D integer array, without ``np.median``'s set-up
    (several times the sort on a word's few letters)."""
    ordered = np.sort(values)
    half = len(ordered) // 2
    return float(ordered[half]) if len(ordered) % 2 else (int(ordered[half - 1]) + int(ordered[half])) / 2


def _letter_pieces(grey: np.ndarray, box: tuple[int, int, int, int]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The ink mask of a word's box (page coordinates, a pixel of margin), its letter-sized pieces
    (connected components at least 0.3 of the tallest one's height) and those of them shaped like
    letters (at least a quarter as wide as tall: "l", "1", "/" and brackets left out), as
    ``cv2.connectedComponentsWithStats`` rows; None when the box holds no letter-shaped ink."""
    x, y, w, h = box
    crop = grey[max(0, y - 1):y + h + 1, max(0, x - 1):x + w + 1]
    if crop.size == 0:
        return None
    ink = (crop < min(150, _median_floor(crop) - 40)).astype(np.uint8)
    stats = components(ink)[2][1:]  # 16-bit labels: half the call's cost even on a word's crop
    if len(stats) == 0:
        return None
    pieces = stats[(stats[:, cv2.CC_STAT_HEIGHT] >= 0.3 * stats[:, cv2.CC_STAT_HEIGHT].max())
                   & (stats[:, cv2.CC_STAT_AREA] >= 4)]
    shaped = pieces[pieces[:, cv2.CC_STAT_WIDTH] >= 0.25 * pieces[:, cv2.CC_STAT_HEIGHT]]
    if len(shaped) == 0:
        return None
    return ink, pieces, shaped


def letter_heights(grey: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """Heights in pixels of the letter-shaped pieces of ink in a word's box (``_letter_pieces``): a
    printed word's letters stand at its x-height, a few at its cap height; a word written bigger
    than the type beside it has them all tall. Empty when the box holds no letter-shaped ink."""
    found = _letter_pieces(grey, box)
    return np.zeros(0) if found is None else found[2][:, cv2.CC_STAT_HEIGHT].astype(float)


def letter_strokes(grey: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, float, float, float | None]:
    """Shape of the ink in a word's box (page coordinates) on a grey page: the number of its
    letter-sized pieces (connected components at least 0.3 of the tallest one's height), the
    height of its tallest letter (pieces narrower than a quarter of their height, as "l", "1",
    "/" or a bracket, left out; a capital, an ascender or a descender: about the font's cap
    height in print whatever the word's case), the ink's stroke width (twice its area over its
    edge pixels: a stroke of width s and length L has area sL and about 2L edge pixels) and the
    share of pieces that stand off the baseline by a wobble (more than a twelfth of their median
    height up or down, but not as deep as a descender), None with fewer than three pieces.
    Printed letters sit on one baseline or drop a full descender below it; a pen's letters
    wander. ``(0, 0, 0, None)`` when the box holds no letter-shaped ink."""
    found = _letter_pieces(grey, box)
    if found is None:
        return 0, 0.0, 0.0, None
    ink, pieces, shaped = found
    tallest = float(shaped[:, cv2.CC_STAT_HEIGHT].max())
    area = int(np.count_nonzero(ink))
    edge = area - int(np.count_nonzero(cv2.erode(ink, np.ones((3, 3), np.uint8))))
    stroke = 2.0 * area / max(1, edge)
    if len(pieces) < 3:
        return len(pieces), tallest, stroke, None
    height = _middle(pieces[:, cv2.CC_STAT_HEIGHT])
    bottoms = pieces[:, cv2.CC_STAT_TOP] + pieces[:, cv2.CC_STAT_HEIGHT]
    tol = max(1.5, height / 12)
    level = np.sort(bottoms)  # each bottom's count of bottoms within ``tol`` of it
    support = np.searchsorted(level, bottoms + tol, "right") - np.searchsorted(level, bottoms - tol, "left")
    line = bottoms[int(np.argmax(support))]
    base = _middle(bottoms[np.abs(bottoms - line) <= tol])
    off = bottoms - base
    wobble = (np.abs(off) > tol) & (off < 0.2 * height)
    return len(pieces), tallest, stroke, float(np.count_nonzero(wobble)) / len(pieces)
