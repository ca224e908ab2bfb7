"""Scan lines lost in transmission (a fax's black streaks): mended from the lines beside them.

A fax is sent scan line by scan line; a transmission error can turn one whole line, or a few, black
across the page's width. Such a streak joins everything it crosses (the letters of a line of text, a
table's rules) into one ink component touching both edges of the page, which ``marks.remove_borders``
whitens as a scanner's dark border: the table's grid and the letters on the streak's line went with
it, and the rows of the table were read as loose text. Here, before any geometry (the streak lies
along the file's pixel rows only until the page is turned or deskewed), each such band of rows takes
the lighter of the two rows just beyond it, column by column: a stroke crossing the streak keeps its
ink, the paper around it becomes paper again.

A band is a streak when every row of it is black across nearly the whole width (no printed line runs
into both margins of a sheet), it is no taller than two scan lines of a standard-resolution fax, and
the rows beyond it on both sides are mostly paper (a dark desk or border around a photographed page
is dark over many rows and is left to ``remove_borders``).
"""
from __future__ import annotations

import time

import numpy as np

from .model import Page, StageRecord, elapsed_ms
from .raster import to_grey

STREAK_INK = 0.95  # share of a row's width in ink at least (printed lines stop at the sheet's margins)
# two scan lines of a standard-resolution fax (3.85 lines per mm: 1/98 inch each), with a pixel's slack
# for a file stored at a resolution that is not a multiple of the fax's
STREAK_LINES = 2 / 98
STREAK_BESIDE = 0.5  # the rows just beyond a streak: ink over less than this share of their width
_BLACK = 64  # grey level under which a streak's pixels lie: a lost line is black (a photo's banding only shades the paper)
_INK = 128  # grey level under which a pixel is ink, for the rows beside a streak


def streak_bands(grey: np.ndarray, dpi: int) -> list[tuple[int, int]]:
    """Row bands ``(y0, y1)`` (end exclusive) of ``grey`` that are lost scan lines (see the module)."""
    h = grey.shape[0]
    width = max(1, grey.shape[1])
    dark = np.count_nonzero(grey < _BLACK, axis=1) / width >= STREAK_INK
    share = np.count_nonzero(grey < _INK, axis=1) / width
    if h < 3 or not dark.any():
        return []
    tallest = max(1, int(round(dpi * STREAK_LINES)) + 1)
    edges = np.diff(np.concatenate([[0], dark.astype(np.int8), [0]]))
    bands = []
    for y0, y1 in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]):
        if y1 - y0 > tallest or y0 == 0 or y1 >= h:
            continue
        if share[y0 - 1] < STREAK_BESIDE and share[y1] < STREAK_BESIDE:
            bands.append((int(y0), int(y1)))
    return bands


def mend_streaks(page: Page) -> Page:
    """The page with its lost scan lines (``streak_bands``) replaced, column by column, by the lighter
    of the rows just above and below each band (grey, binary or colour page)."""
    started = time.perf_counter()
    bands = streak_bands(to_grey(page.image), page.dpi)
    details = {"streaks": [list(b) for b in bands]}
    if not bands:
        return page.evolve(StageRecord("mend_streaks", elapsed_ms(started), details))
    image = page.image.copy()
    for y0, y1 in bands:
        image[y0:y1] = np.maximum(image[y0 - 1], image[y1])
    return page.evolve(StageRecord("mend_streaks", elapsed_ms(started), details), image=image)
