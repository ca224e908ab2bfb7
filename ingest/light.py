"""Light: even out shadows and gradients (``even_out_light``), dividing the page by its
estimated paper brightness; solid dark panels with light lettering are inverted first."""
from __future__ import annotations

import time

import cv2
import numpy as np

from .model import Page, StageRecord, elapsed_ms
from .raster import shrink, to_grey


def estimate_background(channel: np.ndarray) -> np.ndarray:
    """Paper brightness everywhere: a morphological closing larger than the text strokes
    (removes dark ink), smoothed, computed at quarter scale and resized back."""
    h, w = channel.shape[:2]
    small, scale = shrink(channel, max(h, w) // 4 or 1)
    k = max(5, (min(small.shape[:2]) // 25) | 1)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    smooth = cv2.GaussianBlur(closed, (0, 0), k / 2)
    return cv2.resize(smooth, (w, h), interpolation=cv2.INTER_LINEAR)


def dark_panels(grey: np.ndarray) -> np.ndarray | None:
    """Mask (uint8, 255 inside) of solid dark panels with light lettering: a letterhead band
    printed in colour with the institution's name left white, a black table header; None when
    there is none. The background estimate would take such a panel for a shadow and wash its
    letters out.

    Found at quarter size: areas darker than 65 % of the paper (letters filled by a closing)
    of at least 1 % of the page, at least a fifth of its width, mostly solid, with 3-45 % light
    pixels inside (the letters); none with a box over half the page (the desk around a
    photographed sheet)."""
    small, scale = shrink(grey, max(grey.shape[:2]) // 4 or 1)
    sh, sw = small.shape
    paper = float(np.percentile(small, 90))
    dark = (cv2.GaussianBlur(small, (3, 3), 0) < min(150.0, 0.65 * paper)).astype(np.uint8)
    k = max(3, (sw // 80) | 1)
    solid = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    keep = np.zeros(count, np.uint8)
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < 0.01 * sh * sw or w < 0.2 * sw or w * h > 0.5 * sh * sw or area < 0.6 * w * h:
            continue
        inside = small[y:y + h, x:x + w][labels[y:y + h, x:x + w] == i]
        light = float(np.count_nonzero(inside > 170)) / max(1, inside.size)
        keep[i] = 255 if 0.03 <= light <= 0.45 else 0
    if not keep.any():
        return None
    mask = keep[labels]
    outlines, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(mask, outlines, -1, 255, thickness=cv2.FILLED)  # letters too big for the closing
    return cv2.resize(mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)


def _invert_panels(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``image`` with the panels in ``mask`` turned into dark letters on white (grey in all
    channels): inverted, then scaled so the panel's own colour becomes paper white, which
    leaves no edge where the panel meets the page."""
    grey = to_grey(image)
    inverted = 255 - grey
    level = float(np.median(inverted[mask > 0])) if np.any(mask) else 255.0
    inverted = cv2.convertScaleAbs(inverted, alpha=255.0 / max(1.0, level))
    # the panel's soft rim (the mask is coarse): whichever is lighter, so neither the rim nor
    # the paper beside it becomes a dark frame that later stages take for table rules
    reach = max(3, int(max(grey.shape) / 400) | 1)
    inner = cv2.erode(mask, np.ones((reach, reach), np.uint8))
    rim = cv2.subtract(cv2.dilate(mask, np.ones((reach, reach), np.uint8)), inner)
    out = grey.copy()
    cv2.copyTo(inverted, inner, out)
    cv2.copyTo(cv2.max(grey, inverted), rim, out)
    if image.ndim == 3:
        return cv2.copyTo(cv2.cvtColor(out, cv2.COLOR_GRAY2BGR), cv2.max(inner, rim), image.copy())
    return out


def even_out_light(page: Page) -> Page:
    """Remove shadows and gradients: divide each channel by its estimated background. Dark
    panels with light lettering (``dark_panels``) are inverted first, so their letters stay."""
    started = time.perf_counter()
    image = page.image
    panels = dark_panels(to_grey(image))
    if panels is not None:
        image = _invert_panels(image, panels)
    # all channels at once: OpenCV filters each channel of an interleaved image exactly as it
    # would the split channel, without the split/merge copies of the full page
    background = estimate_background(image)
    spread = cv2.meanStdDev(background)[1].ravel()  # per channel; np.std would make a float64 copy of the page
    evened = cv2.divide(image, np.maximum(background, 1, out=background), scale=255)
    return page.evolve(StageRecord("even_out_light", elapsed_ms(started), {"background_std": round(float(np.mean(spread)), 1),
                                                                          "inverted_panels": panels is not None}),
                       image=evened)
