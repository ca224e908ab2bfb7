"""Connected components of a uint8 mask, as the cleanup stages use them.

``cv2.connectedComponentsWithStats`` picks Spaghetti labelling by default, whose statistics
pass is slow in this OpenCV build (~46 ms for an A4 page at 300 dpi, one thread); Grana's
block-based (BBDT) labelling gives the same labels in the same order with the same stats at
about half the time (measured on held-out sets 5151 and 6061, ``bench/mark_stage_timing.py``).
"""
from __future__ import annotations

import cv2
import numpy as np


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """``(n, labels, stats, centroids)`` of the 8-connected components of ``mask``."""
    return cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, cv2.CV_32S, cv2.CCL_GRANA)


def whiten(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A copy of ``image`` (grey or BGR) set to white where ``mask`` (uint8) is non-zero."""
    out = image.copy()
    cv2.bitwise_or(out, (255, 255, 255, 255), dst=out, mask=mask)
    return out
