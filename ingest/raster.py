"""Image primitives the page stages share (numpy in, numpy out) and the page's reduced
analysis copy (``Page.preview``): grey views, exact and fast reductions, right-angle and
small rotations, and order statistics of grey pixels computed without ``np.percentile`` /
``np.median``'s set-up (same values, bit for bit)."""
from __future__ import annotations

import math
from typing import Sequence

import cv2
import numpy as np

from .model import Page, Preview


def to_grey(image: np.ndarray) -> np.ndarray:
    """uint8 grey view of a grey or BGR image."""
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def percentiles(crop: np.ndarray, qs: Sequence[float]) -> list[float]:
    """``float(np.percentile(crop, q))`` for each ``q`` of a non-empty integer crop, bit for bit
    (NumPy's linear method: the two order statistics around ``q / 100 * (n - 1)``, blended as its
    ``_lerp`` blends them, from the nearer one), from one ``np.partition`` for all of them: a word
    box's two percentiles cost two ``np.percentile`` set-ups (~30 us each) where the selection costs
    a few (issue 13, speed)."""
    flat = crop.ravel()
    last = flat.size - 1
    spots = [((last * (q / 100)), math.floor(last * (q / 100))) for q in qs]
    ordered = np.partition(flat, sorted({k for _, low in spots for k in (low, min(low + 1, last))}))
    out = []
    for at, low in spots:
        if low >= last:  # one value, or the largest
            out.append(float(ordered[last]))
            continue
        a, b = float(ordered[low]), float(ordered[low + 1])
        t = at - low
        out.append(a + (b - a) * t if t < 0.5 else b - (b - a) * (1 - t))
    return out


_HISTOGRAM_ROWS = 1 << 23  # pixels per histogram call: OpenCV counts in float32, exact below 2**24


def grey_median(grey: np.ndarray) -> float:
    """``float(np.median(grey))`` of a uint8 image, bit for bit, from its histogram: ``np.median`` of
    a 10-14 MP page partitions all its pixels (~10-50 ms, twice per page in ``cells``), OpenCV's
    histogram counts them in a few. Other dtypes go to ``np.median``."""
    if grey.dtype != np.uint8 or grey.ndim != 2 or grey.size == 0:
        return float(np.median(grey))
    step = max(1, _HISTOGRAM_ROWS // max(1, grey.shape[1]))
    counts = np.zeros(256, np.int64)
    for y in range(0, grey.shape[0], step):
        counts += cv2.calcHist([np.ascontiguousarray(grey[y:y + step])], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    below = np.cumsum(counts)
    n = int(below[-1])
    lower = int(np.searchsorted(below, (n - 1) // 2, side="right"))
    upper = int(np.searchsorted(below, n // 2, side="right"))
    return float(lower) if lower == upper else (lower + upper) / 2


def shrink(image: np.ndarray, side: int, exact: bool = True) -> tuple[np.ndarray, float]:
    """A copy whose long side is at most ``side``, and the scale factor used.

    ``exact=False`` halves with OpenCV's exact 2x2 area path first (~10 ms instead of ~22 ms
    for a full page to a non-integer factor) and gives slightly different pixels: only for
    analyses validated that way (the orientation gate); pixels that reach Tesseract, the
    skew angle and the background estimate use the exact resize (measured: the fast one
    moved deskew angles enough to change OCR, held-out 6061 BoW F1 0.974 -> 0.972)."""
    h, w = image.shape[:2]
    scale = min(1.0, side / max(h, w))
    if scale >= 1.0:
        return image, 1.0
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    source = image
    while not exact and source.shape[0] >= 2 * size[1] and source.shape[1] >= 2 * size[0]:
        sh, sw = source.shape[:2]
        source = cv2.resize(source[:sh - sh % 2, :sw - sw % 2], (sw // 2, sh // 2), interpolation=cv2.INTER_AREA)
    return cv2.resize(source, size, interpolation=cv2.INTER_AREA), scale


def rotate_right_angle(image: np.ndarray, clockwise: int) -> np.ndarray:
    """Rotate by a multiple of 90 degrees clockwise."""
    turns = (clockwise // 90) % 4
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return image if turns == 0 else cv2.rotate(image, codes[turns])


def rotate_by(image: np.ndarray, angle_deg: float) -> np.ndarray:
    """Rotate counter-clockwise by ``angle_deg`` about the centre, filling with the border colour."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    fill = np.median(np.concatenate([image[:4].reshape(-1, *image.shape[2:]), image[-4:].reshape(-1, *image.shape[2:])]),
                     axis=0)
    border = tuple(float(v) for v in np.atleast_1d(fill))
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border if len(border) > 1 else border[0])


# --------------------------------------------------------------------------- the analysis copy

PREVIEW_SIDE = 1600  # long side of the copy the orientation gate and dewarp measure (~135 dpi on A4)


def make_preview(grey: np.ndarray) -> Preview:
    """The reduced copy of a page (``Page.preview``) that the orientation gate and dewarp
    measure, made with the fast reduction (an exact 2x2 area step first): it feeds
    measurements only, never Tesseract."""
    small, scale = shrink(grey, PREVIEW_SIDE, exact=False)
    return Preview(small, scale)


def page_preview(page: Page) -> Preview:
    """``page.preview``, or a new one when no earlier stage left one for this image."""
    return page.preview or make_preview(to_grey(page.image))


def turn_preview(preview: Preview, clockwise: int) -> Preview:
    """The preview of the page turned by ``clockwise`` degrees (a multiple of 90): the small
    copy turned exactly instead of a new reduction of the turned full page."""
    return Preview(rotate_right_angle(preview.grey, clockwise), preview.scale)
