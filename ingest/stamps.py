"""Stamps: turn blue/red stamp and signature ink into paper (``remove_stamps``), keeping
black text; the page becomes grey here."""
from __future__ import annotations

import time

import cv2
import numpy as np

from .model import Page, StageRecord, elapsed_ms
from .raster import to_grey


def stamp_mask(bgr: np.ndarray) -> np.ndarray:
    """255 where the pixel is coloured ink (blue/violet or red), not dark enough to be text."""
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    blue = (hue >= 90) & (hue <= 150)
    red = (hue <= 12) | (hue >= 160)
    coloured = ((blue | red) & (sat >= 60) & (val >= 70)).astype(np.uint8) * 255
    return cv2.medianBlur(coloured, 3)  # drops isolated coloured pixels (JPEG chroma noise)


def remove_stamps(page: Page, enabled: bool = True) -> Page:
    """Turn blue/red stamp and signature ink into paper, keeping dark (black) text, and
    return a grey page. Only saturated colour is touched."""
    started = time.perf_counter()
    if page.image.ndim == 2:
        return page.evolve(StageRecord("remove_stamps", elapsed_ms(started), {"removed_fraction": 0.0}))
    grey = to_grey(page.image)
    if not enabled:
        return page.evolve(StageRecord("remove_stamps", elapsed_ms(started), {"enabled": False}), image=grey)
    mask = stamp_mask(page.image)
    # grow into the anti-aliased rim, but never over dark (text) pixels
    light = (grey > 110).astype(np.uint8) * 255
    grown = cv2.bitwise_or(cv2.bitwise_and(cv2.dilate(mask, np.ones((3, 3), np.uint8)), light), mask)
    fraction = float(np.count_nonzero(grown)) / grown.size
    if fraction > 0:
        # coloured ink is bright in its own channel while black text is dark in all of them:
        # under the stamp, the brightest channel keeps the text and drops the ink
        b, g, r = cv2.split(page.image)
        brightest = cv2.max(cv2.max(b, g), r)  # numpy's max(axis=2) is ~10x slower on an interleaved page
        ink_level = float(np.median(brightest[mask > 0])) if np.any(mask) else 255.0
        lift = int(max(0.0, 255.0 - ink_level))  # integer pixels: adding the fraction and truncating adds its floor
        lifted = cv2.add(brightest, lift)  # saturates at 255
        grey = grey.copy()
        grey = cv2.copyTo(lifted, grown, grey)
    return page.evolve(StageRecord("remove_stamps", elapsed_ms(started), {"removed_fraction": round(fraction, 4)}),
                       image=grey)
