"""Dewarp: straighten text lines that bow because the photographed sheet did not lie flat.

``sheet.find_sheet`` flattens the sheet's quadrilateral, but page curl survives it: lines
sag or rise across the page. ``dewarp`` measures the bow and, only when it matters, moves
every column of pixels up or down so the lines become straight again.

How, in small steps over plain arrays:

1. ``line_samples``: on a reduced grey copy, an ink mask (local threshold) gives the
   character height; long horizontal rules are taken out (each becomes a line of its own)
   and so are tall vertical strokes (table rules), the rest is smeared sideways into text
   lines. Each line long and thin enough gives points ``(x, y)``: its baseline in short
   slices along the line (the median lowest ink row, which letter shapes barely move).
2. ``fit_surface``: one smooth vertical displacement ``D(x, y)`` for the whole page, a
   low-order polynomial shared by all lines, while each line keeps its own height:
   ``y = offset[line] + D(x, y)``. A least-squares fit, refitted without outlying points
   (signatures, stamps, letters of a logo that joined a line) and lines that fit badly.
3. The gate: when ``D`` changes by less than about a third of the x-height along every
   measured line, the page is returned as it came (same array), so flat scans stay unchanged.
4. ``source_rows`` and ``remap``: the displacement, held constant beyond the area the
   lines cover, is evaluated on a coarse grid, enlarged to full resolution and applied
   with ``cv2.remap`` (colour kept, page edges replicated).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import cv2
import numpy as np

from .components import components
from .ink import ink_mask
from .model import Page, StageRecord, elapsed_ms
from .raster import page_preview

MIN_LINES = 3  # fewer measured lines than this: too little to go on, leave the page
GATE = 0.3  # dewarp only when lines bow more than this share of the median letter height (~ x-height / 3)
MAX_SHIFT = 0.06  # a fitted displacement beyond this share of the page height is not believed
GRID_STEP = 16  # full-page pixels between the points the displacement is computed at


@dataclass(frozen=True)
class LineSamples:
    """Baseline points of text lines on the work copy: ``line[i]`` says which line point i is on."""

    x: np.ndarray
    y: np.ndarray
    line: np.ndarray
    char_height: float
    lines: int


@dataclass(frozen=True)
class Surface:
    """``D(x, y) = sum coef * u^p * v^q`` with ``u, v`` the work-copy coordinates scaled to
    about -1..1, clamped to the box the lines were measured in."""

    coef: np.ndarray
    powers: tuple[tuple[int, int], ...]
    centre: tuple[float, float]
    half: tuple[float, float]
    box: tuple[float, float, float, float]  # x0, x1, y0, y1 the samples span
    rms: float
    lines: int
    bend: float  # the most D bows along one measured line, tilt left out (work-copy px)

    def at(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x0, x1, y0, y1 = self.box
        u = (np.clip(x, x0, x1) - self.centre[0]) / self.half[0]
        v = (np.clip(y, y0, y1) - self.centre[1]) / self.half[1]
        out = np.zeros(np.broadcast(u, v).shape, np.float64)
        for c, (p, q) in zip(self.coef, self.powers):
            out += c * u ** p * v ** q
        return out


def character_height(ink: np.ndarray) -> float:
    """Median height of letter-sized ink components (0 when there are too few)."""
    n, _, stats, _ = components(ink)
    h, w = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    area = stats[1:, cv2.CC_STAT_AREA]
    letters = (h >= 5) & (h <= ink.shape[0] // 20) & (w <= 3 * h) & (area >= 8)
    if letters.sum() < 20:
        return 0.0
    return float(np.median(h[letters]))


def _split_rules(ink: np.ndarray, char_h: float) -> tuple[np.ndarray, np.ndarray]:
    """(text ink without ruled lines, horizontal rules). Vertical strokes much taller than a
    letter are table rules or page edges and are dropped: smeared, they would join rows."""
    long_h = max(15, int(6 * char_h))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long_h, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(7, int(2.5 * char_h)))))
    rules = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    return cv2.bitwise_and(ink, cv2.bitwise_not(rules)), horizontal


def _baselines(mask: np.ndarray, weight: np.ndarray, char_h: float, min_width: float,
               max_thickness: float, first_line: int) -> tuple[list, list, list, int]:
    """Baseline points of each long, thin component of ``mask``: in slices about 1.5
    letters wide, the median over columns of the lowest ``weight`` (ink) pixel."""
    n, labels, stats, _ = components(mask)
    step = max(4, int(round(1.5 * char_h)))
    xs, ys, ids = [], [], []
    line = first_line
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if w < min_width:
            continue
        own = labels[y:y + h, x:x + w] == i
        columns = own.sum(axis=0)
        if np.median(columns[columns > 0]) > max_thickness:  # several lines or a blob, not one line
            continue
        ink = own & (weight[y:y + h, x:x + w] > 0)
        has_ink = ink.any(axis=0)
        bottom = y + h - 1 - np.argmax(ink[::-1], axis=0)  # lowest ink row of each column
        cols = np.flatnonzero(has_ink)
        bins = cols // step
        order = np.lexsort((bottom[cols], bins))  # by slice, then by height within the slice
        counts = np.bincount(bins)
        present = np.flatnonzero(counts)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[present]
        counts = counts[present]
        x_bin = np.bincount(bins, cols)[present] / counts + x
        # the (lower) median lowest ink row: the baseline, as descenders are few
        y_bin = bottom[cols][order][starts + (counts - 1) // 2].astype(np.float64)
        keep = counts >= 0.4 * step  # a slice with ink in it
        if keep.sum() < 3:
            continue
        xs.extend(x_bin[keep])
        ys.extend(y_bin[keep])
        ids.extend([line] * int(keep.sum()))
        line += 1
    return xs, ys, ids, line - first_line


def line_samples(grey: np.ndarray) -> LineSamples | None:
    """Baseline points along the long text lines and rules of a (reduced) grey page."""
    ink = ink_mask(grey)
    char_h = character_height(ink)
    if char_h <= 0:
        return None
    text, rules = _split_rules(ink, char_h)
    text = cv2.morphologyEx(text, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # specks
    smear = cv2.morphologyEx(text, cv2.MORPH_CLOSE,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (max(5, int(1.3 * char_h)), 1)))
    width = grey.shape[1]
    min_width = max(8 * char_h, 0.12 * width)
    x1, y1, l1, n1 = _baselines(smear, text > 0, char_h, min_width, 1.6 * char_h, 0)
    x2, y2, l2, n2 = _baselines(rules, rules > 0, char_h, max(min_width, 0.2 * width), 0.4 * char_h, n1)
    if n1 + n2 < MIN_LINES:
        return None
    return LineSamples(np.array(x1 + x2), np.array(y1 + y2), np.array(l1 + l2, dtype=int), char_h, n1 + n2)


def _powers(samples: LineSamples, height: int) -> tuple[tuple[int, int], ...]:
    """Polynomial terms: cubic across the line; how D changes down the page only when
    lines cover enough of its height to say so."""
    ys = np.array([samples.y[samples.line == i].mean() for i in np.unique(samples.line)])
    spread = np.ptp(ys) / height if len(ys) > 1 else 0.0
    rows = 2 if (len(ys) >= 8 and spread > 0.4) else 1 if (len(ys) >= 5 and spread > 0.2) else 0
    return tuple((p, q) for q in range(rows + 1) for p in range(1, 4) if p + q <= 4)


def _line_means(values: np.ndarray, ids: np.ndarray, keep: np.ndarray, n_lines: int) -> np.ndarray:
    """Mean of ``values`` (rows = points) over the kept points of each line, one row per point."""
    counts = np.maximum(np.bincount(ids[keep], minlength=n_lines), 1)
    if values.ndim == 1:
        return (np.bincount(ids[keep], values[keep], minlength=n_lines) / counts)[ids]
    return np.stack([_line_means(col, ids, keep, n_lines) for col in values.T], axis=1)


def _curvature(x: np.ndarray, d: np.ndarray) -> float:
    """How far ``d`` along one line strays from a straight line (tilt is not bow)."""
    if len(x) < 3 or np.ptp(x) == 0:
        return 0.0
    a = np.polyfit(x, d, 1)
    return float(np.ptp(d - np.polyval(a, x)))


def fit_surface(samples: LineSamples, shape: tuple[int, int], rounds: int = 4) -> Surface | None:
    """Least squares ``y = offset[line] + D(x, y)``, refitted without outliers.

    The per-line offsets are eliminated by taking each line's mean off both sides, which
    leaves a small problem in the surface coefficients only."""
    h, w = shape
    powers = _powers(samples, h)
    centre, half = (w / 2, h / 2), (w / 2, h / 2)
    u = (samples.x - centre[0]) / half[0]
    v = (samples.y - centre[1]) / half[1]
    ids = np.unique(samples.line, return_inverse=True)[1]
    n_lines = int(ids.max()) + 1
    terms = np.stack([u ** p * v ** q for p, q in powers], axis=1)
    keep = np.ones(len(u), bool)
    floor = 0.08 * samples.char_height
    coef = resid = None
    for _ in range(rounds):
        if len(np.unique(ids[keep])) < MIN_LINES:
            return None
        t_c = terms - _line_means(terms, ids, keep, n_lines)
        y_c = samples.y - _line_means(samples.y, ids, keep, n_lines)
        coef, *_ = np.linalg.lstsq(t_c[keep], y_c[keep], rcond=None)
        resid = y_c - t_c @ coef
        mad = 1.4826 * np.median(np.abs(resid[keep]))
        new_keep = np.abs(resid) <= max(3 * mad, floor, 0.1)
        # a line that mostly misfits (merged lines, a signature across text) goes as a whole
        bad = np.bincount(ids, ~new_keep, minlength=n_lines) > 0.4 * np.bincount(ids, minlength=n_lines)
        new_keep &= ~bad[ids]
        if np.array_equal(new_keep, keep):
            break
        keep = new_keep
    if coef is None or resid is None or keep.sum() < 3 * MIN_LINES or len(np.unique(ids[keep])) < MIN_LINES:
        return None
    box = (float(samples.x[keep].min()), float(samples.x[keep].max()),
           float(samples.y[keep].min()), float(samples.y[keep].max()))
    shift = terms[keep] @ coef  # D at the kept points
    kept_ids = ids[keep]
    bend = max(_curvature(samples.x[keep][kept_ids == i], shift[kept_ids == i]) for i in np.unique(kept_ids))
    return Surface(coef, powers, centre, half, box, float(np.sqrt(np.mean(resid[keep] ** 2))),
                   int(len(np.unique(kept_ids))), bend)


def source_rows(surface: Surface, scale: float, shape: tuple[int, int], step: int = GRID_STEP
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each output pixel comes from, on a grid every ``step`` pixels of the full page:
    ``(x, y, shift)``, the pixel at ``(x, y)`` coming from ``(x, y + shift)``; ``shift`` is D
    scaled back from the work copy, its median taken off (the page stays where it is on
    average). Grid points sit where ``cv2.resize`` puts pixel centres, so enlarging the
    grids linearly is exact for the identity and smooth for D."""
    h, w = shape
    rows, cols = -(-h // step), -(-w // step)
    xx, yy = np.meshgrid(np.arange(cols) * step + (step - 1) / 2, np.arange(rows) * step + (step - 1) / 2)
    d = surface.at(xx * scale, yy * scale) / scale
    c = float(np.median(d))
    # y_src = y + D(x, y_src) - c: one fixed-point step is plenty for a slowly varying D
    d = surface.at(xx * scale, (yy + d - c) * scale) / scale - c
    return xx, yy, d


def remap(image: np.ndarray, grid_x: np.ndarray, grid_y: np.ndarray, step: int = GRID_STEP) -> np.ndarray:
    """The full-resolution image resampled at the (enlarged) source grids, colour kept."""
    h, w = image.shape[:2]
    size = (grid_x.shape[1] * step, grid_x.shape[0] * step)
    map_x = cv2.resize(grid_x.astype(np.float32), size, interpolation=cv2.INTER_LINEAR)[:h, :w]
    map_y = cv2.resize(grid_y.astype(np.float32), size, interpolation=cv2.INTER_LINEAR)[:h, :w]
    return cv2.remap(image, map_x, map_y, cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def dewarp(page: Page) -> Page:
    """Straighten bowed text lines (page curl); a page whose lines are straight is returned unchanged."""
    started = time.perf_counter()
    preview = page_preview(page)  # the page's reduced copy (raster.PREVIEW_SIDE), left by deskew when unturned
    grey, scale = preview.grey, preview.scale
    details: dict = {"dewarped": False}
    samples = line_samples(grey)
    surface = fit_surface(samples, grey.shape[:2]) if samples is not None else None
    if samples is None or surface is None:
        details["lines"] = 0 if samples is None else samples.lines
        return page.evolve(StageRecord("dewarp", elapsed_ms(started), details))
    amount = surface.bend
    details.update(lines=surface.lines, bow_px=round(amount / scale, 1),
                   char_height_px=round(samples.char_height / scale, 1), rms_px=round(surface.rms / scale, 2))
    if amount < GATE * samples.char_height or amount > MAX_SHIFT * grey.shape[0]:
        return page.evolve(StageRecord("dewarp", elapsed_ms(started), details))
    grid_x, grid_y, shift = source_rows(surface, scale, page.image.shape[:2])
    details.update(dewarped=True, max_shift_px=round(float(np.abs(shift).max()), 1))
    image = remap(page.image, grid_x, grid_y + shift)
    return page.evolve(StageRecord("dewarp", elapsed_ms(started), details), image=image)
