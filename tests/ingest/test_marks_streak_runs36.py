"""``marks._straight_runs`` opens a streak's box only in windows where a line kernel can fit; its pixels must
be those of the whole-box openings (``cv2.morphologyEx`` with every line kernel), on pages with and without
streaks, at the box's edges and corners, and on masks with no straight run at all (issue 13, speed36)."""
from __future__ import annotations

import cv2
import numpy as np
from pagegen import LETTERHEAD, font, letterhead_page
from PIL import Image, ImageDraw

from ingest import marks
from ingest.components import components
from ingest.ink import dark_ink


def _whole_box(own: np.ndarray, kernels: tuple[np.ndarray, ...]) -> np.ndarray:
    out = np.zeros_like(own)
    for kernel in kernels:
        out |= cv2.morphologyEx(own, cv2.MORPH_OPEN, kernel)
    return out


def _assert_same_both_ways(own: np.ndarray, length: int) -> None:
    kernels = marks._line_kernels(length)
    across = tuple(np.ascontiguousarray(kernel.T) for kernel in kernels)
    for upright, lines in ((True, kernels), (False, across)):  # upright runs, and the runs across
        expected = _whole_box(own, lines)
        got = marks._straight_runs(own, kernels, upright=upright)
        assert got.dtype == expected.dtype and got.shape == expected.shape
        assert np.array_equal(got, expected), int(np.count_nonzero(got != expected))


def _grey_letterhead() -> np.ndarray:
    """A generated letterhead page in grey, with the rule printed under its letterhead."""
    im = Image.fromarray(cv2.cvtColor(letterhead_page(), cv2.COLOR_BGR2GRAY))
    ImageDraw.Draw(im).rectangle((150, 440, im.width - 150, 447), fill=0)
    return np.asarray(im).copy()


def _streaked(page: np.ndarray, streaks: list[tuple[int, int, int]], across: int | None) -> np.ndarray:
    """A page with copier streaks (x at the top, slant in px over the height, width) from edge to edge and,
    when ``across`` is a row, a fax's dark line from the left edge part way across."""
    im = Image.fromarray(page)
    draw = ImageDraw.Draw(im)
    h, w = page.shape
    for x, slant, width in streaks:
        draw.line((x, 0, x + slant, h - 1), fill=70, width=width)
    if across is not None:
        draw.line((0, across, int(w * 0.7), across + 9), fill=40, width=3)
    return np.asarray(im).copy()


def _border_boxes(grey: np.ndarray):
    """The long border components ``remove_borders`` hands to ``_streak_pixels``: (mask of the box)."""
    ink = dark_ink(grey, 300)
    h, w = ink.shape
    n, labels, stats, _ = components(ink)
    for i in range(1, n):
        x, y, cw, ch = (int(v) for v in stats[i, :4])
        touches = x == 0 or y == 0 or x + cw >= w or y + ch >= h
        if touches and (cw > 0.3 * w or ch > 0.3 * h):
            yield (labels[y:y + ch, x:x + cw] == i).astype(np.uint8)


def test_same_pixels_on_streaked_pages():
    page = _grey_letterhead()
    run = int(round(marks.STREAK_RUN * 300))
    cases = [
        _streaked(page, [(700, 30, 6)], None),  # one slanted streak joined to the letterhead's rule
        _streaked(page, [(3, 12, 4), (2460, -20, 5)], None),  # two streaks at the page's left and right edges
        _streaked(page, [(1200, 0, 2), (1260, 60, 3)], 1500),  # two close streaks and a line across
    ]
    boxes = 0
    for image in cases:
        for own in _border_boxes(image):
            _assert_same_both_ways(own, run)
            boxes += 1
    assert boxes >= 3, boxes


def test_same_pixels_without_streaks():
    """A clean letterhead page (its rule touches no edge: the whole page's ink as one box) and a photographed
    sheet's curled edge: few or no straight runs."""
    page = _grey_letterhead()
    ink = (dark_ink(page, 300) > 0).astype(np.uint8)
    _assert_same_both_ways(ink, int(round(marks.STREAK_RUN * 300)))
    im = Image.new("L", (1200, 900), 250)
    draw = ImageDraw.Draw(im)
    draw.arc((600, -200, 1800, 1100), 100, 260, fill=40, width=5)
    draw.text((100, 300), LETTERHEAD[0], fill=0, font=font(40))
    curl = (np.asarray(im) < 128).astype(np.uint8)
    _assert_same_both_ways(curl, 75)
    _assert_same_both_ways(np.zeros((50, 40), np.uint8), 75)  # an empty box: OpenCV's corners still count


def _drawn_masks(seed: int, count: int, longest: int, sides: tuple[int, int]):
    """(mask, kernel length): lines at every slant, some leaving the box, some with speckle."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        length = int(rng.integers(3, longest))
        h, w = int(rng.integers(1, sides[0])), int(rng.integers(1, sides[1]))
        own = np.zeros((h, w), np.uint8)
        for _ in range(int(rng.integers(0, 5))):
            x0, y0 = int(rng.integers(-20, w + 20)), int(rng.integers(-20, h + 20))
            angle = rng.uniform(-6, 6) if rng.random() < 0.7 else rng.uniform(0, 180)
            reach = rng.uniform(5, 2 * max(h, w))
            end = (int(x0 + reach * np.sin(np.radians(angle))), int(y0 + reach * np.cos(np.radians(angle))))
            cv2.line(own, (x0, y0), end, 1, int(rng.integers(1, 5)))
        if rng.random() < 0.4:
            own |= (rng.random((h, w)) < rng.uniform(0, 0.3)).astype(np.uint8)
        yield own, length


def test_same_pixels_on_drawn_masks():
    """Boxes smaller and larger than the kernel."""
    for own, length in _drawn_masks(36, 120, 80, (300, 220)):
        _assert_same_both_ways(own, length)


def test_same_pixels_in_long_boxes_with_short_kernels():
    """Long boxes and short kernels: bands many kernels long, margins far from the box's edges."""
    for own, length in _drawn_masks(37, 25, 20, (1400, 1400)):
        _assert_same_both_ways(own, length)
