"""Marks that are not printed text: dark scanner borders, speckle, dust and pen marks.

Two stages over a ``Page`` (grey or binary), each recording what it removed:
``remove_borders`` (borders touching the edge, specks, dust off the text lines) runs before
``tables.find_tables``; ``remove_marks`` (signatures, logo outlines, stamp rings: big sparse
components) after it.
"""
from __future__ import annotations

import functools
import math
import time

import cv2
import numpy as np

from .components import components, lookup, whiten
from .ink import dark_ink, half_size_ink
from .model import Page, StageRecord, elapsed_ms
from .raster import to_grey
from .tables import recorded_tables


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


def _with_components(mask: np.ndarray, labels: np.ndarray, stats: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``mask`` (uint8, changed in place) with the pixels of components ``ids`` set, box by
    box: a few small components cost far less than another lookup over the whole page."""
    if len(ids) > 2000:
        return mask | lookup(np.isin(np.arange(len(stats)), ids).astype(np.uint8), labels)
    for i in ids:
        x, y, cw, ch = stats[i, :4]
        mask[y:y + ch, x:x + cw][labels[y:y + ch, x:x + cw] == i] = 1
    return mask


def _runs_longer(flags: np.ndarray, length: int) -> np.ndarray:
    """``flags`` (1-D bool) with only its True runs of at least ``length`` kept."""
    padded = np.concatenate([[False], flags, [False]]).astype(np.int8)
    starts, ends = np.nonzero(np.diff(padded) == 1)[0], np.nonzero(np.diff(padded) == -1)[0]
    out = np.zeros_like(flags, dtype=bool)
    for a, b in zip(starts, ends):
        if b - a >= length:
            out[a:b] = True
    return out


def edge_shadows(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Mask (uint8) of scanner-edge shadows: thin grey lines and strips along an edge of the
    image (at it, or a few pixels in after deskew's white fill), darker than the paper but
    too light for ``dark_ink`` (so ``remove_borders`` keeps them), which Tesseract's
    threshold still reads as "|" or "-" at the end of every line. Per row (column), the
    shaded pixels within ~1/7 inch of the edge, at most ~1/30 inch of them (a line across,
    not a letter) and the innermost one paper, kept
    where such rows continue along the edge for over half an inch (no letter is that tall,
    and the gaps between text lines break up text that runs off the edge of a photo)."""
    h, w = grey.shape
    mask = np.zeros((h, w), np.uint8)
    depth, along = max(6, int(dpi * 0.15)), max(20, int(dpi * 0.5))
    if h < 4 * depth or w < 4 * depth:
        return mask
    paper = float(np.median(grey[::8, ::8]))
    if paper < 120:
        return mask
    views = ((mask[:, :depth], grey[:, :depth], False), (mask[:, -depth:], grey[:, -depth:], True),
             (mask[:depth, :].T, grey[:depth, :].T, False), (mask[-depth:, :].T, grey[-depth:, :].T, True))
    for out, strip, flip in views:
        shade = strip < paper - 40
        inner = shade[:, 0] if flip else shade[:, -1]
        thin = np.count_nonzero(shade, axis=1) <= max(3, int(dpi * 0.03))  # a line, not a letter
        keep = _runs_longer(shade.any(axis=1) & ~inner & thin, along)
        if keep.any():
            out[keep] = cv2.dilate(shade.astype(np.uint8), np.ones((3, 3), np.uint8))[keep]
    return mask


STREAK_THICK = 0.1  # inch: a copier's or fax's streak, a printed rule, is a line; a border (lid, edge) is broader
STREAK_RUN = 0.25  # inch: a straight run of ink longer than any letter's stroke (a 12-pt capital is ~0.12 inch)
STREAK_CONTRAST = 40  # grey levels: a letter on a streak this much lighter than the print stays where they overlap
STREAK_COVER = 0.5  # of a streak's component at least lies in its straight runs (the letters it touches are few)
STREAK_SLANT = 4  # degrees either way from the page's axes: a straight streak after the page is deskewed


@functools.lru_cache(maxsize=8)
def _line_kernels(length: int) -> tuple[np.ndarray, ...]:
    """Structuring elements of straight lines ``length`` long, upright and slanted by whole degrees up to
    ``STREAK_SLANT`` either way (their transposes are the lines across)."""
    kernels = []
    for degrees in range(-STREAK_SLANT, STREAK_SLANT + 1):
        spread = int(round(abs(math.tan(math.radians(degrees))) * (length - 1)))
        kernel = np.zeros((length, spread + 1), np.uint8)
        top, bottom = (0, spread) if degrees >= 0 else (spread, 0)
        cv2.line(kernel, (top, 0), (bottom, length - 1), 1, 1)
        kernels.append(kernel)
    return tuple(kernels)


def _straight_runs(own: np.ndarray, kernels: tuple[np.ndarray, ...], upright: bool = True) -> np.ndarray:
    """The union of ``own``'s openings (uint8 0/1) by the line ``kernels`` (upright ones; their transposes,
    the lines across, when not ``upright``), as ``cv2.morphologyEx(own, cv2.MORPH_OPEN, kernel)`` gives them,
    pixel for pixel, computed only in the bands of the box where such a line can fit.

    A line kernel ``length`` rows tall leaning by at most ``spread`` columns fits only where ink lies, row
    after row for ``length`` rows, within ``spread`` columns of its anchor. An erosion by a flat
    ``length``-tall kernel of the ink widened by ``spread`` each way (cheap: a flat kernel is separable)
    finds every such place; away from them every opening is empty. Each band is opened with a margin of
    a kernel around it, so its pixels see what they would in the whole box (OpenCV counts the box's
    outside as ink when eroding, as nothing when dilating; at the box's own edges the band's edges are the
    box's). A streak's box is mostly empty paper, and its lines cross few columns: the bands are narrow.
    (The whole-box openings took 0.6-0.9 s a page on photocopies whose streak joins the letterhead's rule.)"""
    out = np.zeros_like(own)
    if not kernels:
        return out
    length = max(k.shape[0] for k in kernels)
    spread = max(k.shape[1] for k in kernels) - 1
    if not upright:
        kernels = tuple(np.ascontiguousarray(k.T) for k in kernels)
    along, across = (0, 1) if upright else (1, 0)  # the lines' axis, and the axis they lean along
    size = own.shape
    # the box's outside is ink to an erosion: pad the sides with it, so a kernel leaning out of the
    # box is found as well (at the lines' ends, the flat erosion's own border does the same)
    pad = ((0, 0), (spread, spread)) if upright else ((spread, spread), (0, 0))
    wide = cv2.dilate(np.pad(own, pad, constant_values=1),
                      np.ones((1, 2 * spread + 1) if upright else (2 * spread + 1, 1), np.uint8))
    fits = cv2.erode(wide, np.ones((length, 1) if upright else (1, length), np.uint8))
    fits = fits[:, spread:spread + size[1]] if upright else fits[spread:spread + size[0]]
    lay = fits if upright else fits.T  # a view: along the lines down its rows, across them along its columns
    where = np.flatnonzero(lay.any(axis=0))  # the places across the lines where one fits
    if not len(where):
        return out
    breaks = np.flatnonzero(np.diff(where) > 1)
    size_l, size_a = size[along], size[across]
    # an opening's pixel lies within half a kernel (along) and ``spread`` (across) of a place where the
    # kernel fits, and depends on the box's pixels within a kernel (along) and twice ``spread`` (across)
    half, reach_l, reach_a = length // 2 + 1, length + 1, 2 * (spread + 1)
    for first, last in zip(np.r_[where[0], where[breaks + 1]].tolist(), np.r_[where[breaks], where[-1]].tolist()):
        ends = np.flatnonzero(lay[:, first:last + 1].any(axis=1))
        a0, a1 = max(0, first - spread - 1), min(size_a, last + spread + 2)  # the band's pixels lie here
        l0, l1 = max(0, int(ends[0]) - half), min(size_l, int(ends[-1]) + half + 1)
        c0, c1 = max(0, a0 - reach_a), min(size_a, a1 + reach_a)  # the crop, with its margin
        r0, r1 = max(0, l0 - reach_l), min(size_l, l1 + reach_l)
        crop = own[r0:r1, c0:c1] if upright else own[c0:c1, r0:r1]
        opened = np.zeros_like(crop)
        for kernel in kernels:
            opened |= cv2.morphologyEx(crop, cv2.MORPH_OPEN, kernel)
        if upright:
            out[l0:l1, a0:a1] |= opened[l0 - r0:l1 - r0, a0 - c0:a1 - c0]
        else:
            out[a0:a1, l0:l1] |= opened[a0 - c0:a1 - c0, l0 - r0:l1 - r0]
    return out


def _streak_pixels(mask: np.ndarray, grey: np.ndarray, ink: np.ndarray, dpi: int) -> np.ndarray | None:
    """For one long border component (``mask``: bool, its box) drawn in thin lines, a photocopier's
    or fax's streak running into the page's edge (often joined to a printed rule it crosses), the
    pixels of its straight runs (bool, same box; ``grey`` and ``ink`` are the page's in the box); None for a
    broad border (a lid's shadow, a dark edge) or one mostly not straight (``STREAK_COVER``: a photographed
    sheet's edge), whitened whole as before.

    Letters the streak crosses touch it and join its component; whitening the whole component
    whitened their dark cores and left their anti-aliased rims (``dark_ink`` does not take them),
    so they read as hollow shapes ("/ 40/" for "/340/", "T hun" for "Tahun"). Only the ink in
    straight vertical or horizontal runs longer than any letter's stroke (``STREAK_RUN``; a
    deskewed streak's slant still leaves long runs), grown by two pixels into the component for its
    ragged rim, is the streak's; the letters' ink beside it stays, and where a letter is printed over a
    streak lighter than the print (``STREAK_CONTRAST``), its pixels there, darker than the streak and
    beside the letter's other ink, stay too."""
    bh, bw = mask.shape
    if np.count_nonzero(mask) > STREAK_THICK * dpi * (bh + bw):
        return None
    run = max(3, int(round(STREAK_RUN * dpi)))
    own, rim = mask.astype(np.uint8), np.ones((5, 5), np.uint8)
    # a thin streak slanted by the deskew has short straight runs only: upright and slanted kernels
    kernels = _line_kernels(run)
    down = _straight_runs(own, kernels)
    across = _straight_runs(own, kernels, upright=False)
    down = (cv2.dilate(down, rim) > 0) & mask
    across = (cv2.dilate(across, rim) > 0) & mask
    lines = down | across
    if np.count_nonzero(lines) < STREAK_COVER * np.count_nonzero(mask):
        return None  # mostly not straight: a photographed sheet's edge, a curl, a shadow's rim
    # a letter printed over a streak lighter than the print is darker there than the streak alone, and
    # goes on beside it: those pixels are the letter's
    letters = cv2.dilate(((ink > 0) & ~lines).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    kept = np.zeros_like(mask)
    for line, other in ((down, across), (across, down)):
        alone = line & ~other
        if np.count_nonzero(alone & ~letters) < run:
            continue
        dark = alone & (grey < float(np.median(grey[alone & ~letters])) - STREAK_CONTRAST)
        rows, cols = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
        if not len(rows):
            continue
        box = np.s_[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]  # the dark pixels' own box: the same components
        _, labels, _, _ = components(dark[box].astype(np.uint8))
        touching = np.unique(labels[dark[box] & letters[box]])
        kept[box] |= np.isin(labels, touching[touching > 0])
    return lines & ~kept


def remove_borders(page: Page) -> Page:
    """Whiten dark scanner borders (big ink components touching the edge), tiny speckle,
    and dust: dot-sized marks far from any letter (a full stop or an i-dot sits next to
    its letters, dust in the margins and between lines does not). Grey or binary page.
    A border drawn in thin lines (a streak, ``_streak_pixels``) loses only its straight runs,
    not the letters it crosses."""
    started = time.perf_counter()
    image = page.image
    grey = to_grey(image)
    ink = dark_ink(grey, page.dpi)
    h, w = ink.shape
    n, labels, stats, _ = components(ink)
    x, y, cw, ch, area = (stats[:, i] for i in range(5))
    touches = (x == 0) | (y == 0) | (x + cw >= w) | (y + ch >= h)
    border = touches & ((cw > 0.3 * w) | (ch > 0.3 * h) | (area > 0.002 * h * w))
    border[0] = False
    streaks = np.zeros((h, w), np.uint8)
    streak = np.zeros(n, bool)
    for i in np.nonzero(border & ((cw > 0.3 * w) | (ch > 0.3 * h)))[0]:
        bx, by, bw, bh = (int(v) for v in stats[i, :4])
        band = _streak_pixels(labels[by:by + bh, bx:bx + bw] == i, grey[by:by + bh, bx:bx + bw],
                              ink[by:by + bh, bx:bx + bw], page.dpi)
        if band is not None:
            streak[i] = True
            streaks[by:by + bh, bx:bx + bw][band] = 1
    scale = (page.dpi / 300) ** 2
    speck = area <= max(2, int(round(4 * scale)))
    dot = (area <= 80 * scale) & (cw < page.dpi * 0.05) & (ch < page.dpi * 0.05)
    # one full-page label lookup (the costly part) for both pixel masks: 1 = letter, 2 = border or speck
    code = np.zeros(n, np.uint8)
    code[np.nonzero(~dot & ~border)[0][1:]] = 1
    code[(border & ~streak) | speck] |= 2
    code[0] &= 1
    pixels = lookup(code, labels)
    dust = dot & ~speck & _isolated(stats, cv2.bitwise_and(pixels, 1), (h, w), page.dpi)
    dust &= ~_has_neighbour(stats, dot & ~speck, dust, page.dpi * 0.1)  # ":" and ": -" are dot pairs
    drop = border | speck | dust
    drop[0] = dust[0] = False
    shadows = edge_shadows(grey, page.dpi)
    out = whiten(image, _with_components(cv2.bitwise_and(pixels, 2), labels, stats, np.nonzero(dust)[0])
                 | shadows | streaks) if np.any(drop) or np.any(shadows) else image.copy()
    details = {"borders": int(np.count_nonzero(border[1:])), "specks": int(np.count_nonzero(speck[1:])),
               "dust": int(np.count_nonzero(dust[1:])), "edge_shadow_px": int(np.count_nonzero(shadows))}
    if streak.any():
        details["streaks"] = int(np.count_nonzero(streak))
    return page.evolve(StageRecord("remove_borders", elapsed_ms(started), details), image=out)


def text_line_zones(stats: np.ndarray, keep: np.ndarray, shape: tuple[int, int], text_h: float,
                    widen: bool = True) -> np.ndarray:
    """Mask (uint8) of the printed text lines: the box of every run of at least three
    letter-sized components (``keep``) spaced like words on a line, from ascenders to
    descenders and widened by four letter heights at both ends (a letter a pen stroke
    touches is part of the stroke's component and missing from the run; most sit inside
    the run or just beyond its ends). ``widen=False``: the runs' letters only, not widened."""
    h, w = shape
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    letter = keep & (heights >= 0.4 * text_h) & (heights <= 1.6 * text_h) & (widths <= 3 * text_h)
    boxes = np.zeros((h, w), np.uint8)
    for x, y, cw, ch in stats[letter, :4]:  # the middle of each letter: lines never touch
        boxes[y + int(0.3 * ch):y + max(1, int(0.7 * ch)), x:x + cw] = 1
    gap = max(3, int(round(4 * text_h)))
    joined = cv2.morphologyEx(boxes, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    n, labels, runs, _ = components(joined)
    centres = (stats[letter, :2] + stats[letter, 2:4] // 2).astype(int)
    per_run = np.bincount(labels[centres[:, 1], centres[:, 0]], minlength=n) if len(centres) else np.zeros(n, int)
    zones = np.zeros((h, w), np.uint8)
    reach, up, down = (int(round(4 * text_h)), int(round(0.7 * text_h)), int(round(0.7 * text_h))) if widen else (0, 0, 0)
    for i in np.nonzero(per_run >= 3)[0]:
        if i == 0:
            continue
        x, y, cw, ch = runs[i, :4]  # from the letters' middles up to ascenders, down to descenders
        zones[max(0, y - up):y + ch + down, max(0, x - reach):min(w, x + cw + reach)] = 1
    return zones


def long_strokes(ink: np.ndarray, length: int) -> np.ndarray:
    """Pixels of ``ink`` on a straight run of at least ``length`` within 35 degrees of the
    horizontal (a pen stroke or flourish crossing a line of text; no letter has a stroke
    that long at that slant, and upright stems are left alone)."""
    out = np.zeros_like(ink)
    length = max(5, length)
    for angle in (-35, -25, -15, -7, 0, 7, 15, 25, 35):
        t = np.deg2rad(angle)
        dx, dy = np.cos(t) * (length - 1) / 2, np.sin(t) * (length - 1) / 2
        size = int(2 * np.ceil(max(abs(dx), abs(dy)))) + 1
        kernel = np.zeros((size, size), np.uint8)
        c = size // 2
        cv2.line(kernel, (int(round(c - dx)), int(round(c - dy))), (int(round(c + dx)), int(round(c + dy))), 1, 1)
        out |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    return out


# A filing punch's hole (ISO 838: 6 mm across), dark where the scanner's lid or the desk shows
# through: a solid disc Tesseract reads as "@", "e" or "O". Its size is the punch's, whatever the
# page's type; the sides allow a hole torn wider or scanned a little small.
PUNCH_MM = (4.5, 7.5)
PUNCH_ROUND = 1.2  # longer side over shorter side at most
PUNCH_CORE = 0.92  # share of ink inside the disc's inner ellipse (its inner 80 %): a solid hole, no counter
PUNCH_CORNERS = 0.35  # share of ink in the box's four corners outside the disc at most (a bold capital fills them)


def punch_holes(stats: np.ndarray, labels: np.ndarray, dpi: int) -> np.ndarray:
    """Per component (no background row): True for a filing punch's hole (``PUNCH_MM`` across,
    round, solid inside, its box's corners bare). A letter of that size has a counter or fills its
    corners; a ring (a seal, an "O") is hollow."""
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    lo, hi = (mm / 25.4 * dpi for mm in PUNCH_MM)
    side = np.minimum(heights, widths)
    found = (side >= lo) & (np.maximum(heights, widths) <= hi) & (np.maximum(heights, widths) <= PUNCH_ROUND * side) \
        & (stats[:, cv2.CC_STAT_AREA] >= 0.6 * heights * widths)
    for i in np.nonzero(found)[0]:
        x, y, w, h = stats[i, :4]
        ink = labels[y:y + h, x:x + w] == i + 1
        yy, xx = np.mgrid[0:h, 0:w]
        r = ((xx + 0.5 - w / 2) / (w / 2)) ** 2 + ((yy + 0.5 - h / 2) / (h / 2)) ** 2
        core, corners = r <= 0.8 ** 2, r > 1.15 ** 2
        found[i] = bool(np.mean(ink[core]) >= PUNCH_CORE and np.mean(ink[corners]) <= PUNCH_CORNERS)
    return found


def _table_dust(stats: np.ndarray, text_h: float, shape: tuple[int, int]) -> np.ndarray:
    """Per component (no background row): a speck far smaller than a letter whose centre is
    more than ~1/2 letter height from every letter-sized component. Full stops, commas,
    i-dots and colons sit right beside or above their letters; scanner dust in the gaps
    between table cells does not (``remove_borders`` keeps dust that is within a third of
    an inch of text, which in a table row is nearly all of it)."""
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    speck = (heights <= 0.3 * text_h) & (widths <= 0.3 * text_h)
    letter = (heights >= 0.4 * text_h) & (heights <= 4 * text_h) & ~speck
    if not speck.any():
        return speck
    boxes = np.zeros(shape, np.uint8)
    for x, y, cw, ch in stats[letter, :4]:
        boxes[y:y + ch, x:x + cw] = 1
    reach = max(1, int(round(0.5 * text_h)))
    near = cv2.dilate(boxes, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 2 * reach + 1)))
    cx = np.clip(stats[:, 0] + stats[:, 2] // 2, 0, shape[1] - 1)
    cy = np.clip(stats[:, 1] + stats[:, 3] // 2, 0, shape[0] - 1)
    far = speck & (near[cy, cx] == 0)
    return far & ~_colon_dots(stats, far, speck, text_h)


_COLON_PAIRS_MAX = 3000  # specks compared pairwise at most (a page of dust is judged as dust)
COLON_CLEAR = 0.6  # letter heights round a colon's two dots that hold no other speck


def _colon_dots(stats: np.ndarray, specks: np.ndarray, pool: np.ndarray, text_h: float) -> np.ndarray:
    """Per component: True for the dots of a colon among ``specks``: two dots of about one size (each
    at least two pixels and a tenth of a letter height long), one above the other (centres within a
    quarter of a letter height across, a quarter to nine tenths of a letter height apart). A colon
    between a label and its value in a form's cell stands in a wide gap, farther from the letters
    than the reach of ``_table_dust``; dust does not come in such pairs. The other dot may also be
    one of ``pool`` (every speck: a colon's lower dot may stand within the letters' reach while its
    upper dot, a pixel further off, does not); such a pair is a colon only alone: neither dot with
    another partner (a column of specks is what a broken rule leaves along its erased line), and no
    other speck within ``COLON_CLEAR`` letter heights of the two (a grey ground's grain)."""
    out = np.zeros(len(stats), bool)
    idx = np.nonzero(specks)[0]
    if len(idx) < 1 or len(idx) > _COLON_PAIRS_MAX:
        return out
    if len(idx) > 1:
        pair = _dot_pairs(stats, idx, idx, text_h)
        out[idx[pair.any(axis=1) | pair.any(axis=0)]] = True
    others = np.nonzero(pool & ~specks)[0]
    if not len(others) or len(idx) * len(others) > _COLON_PAIRS_MAX ** 2:
        return out
    every = np.nonzero(pool | specks)[0]
    pair = _dot_pairs(stats, idx, others, text_h)
    alone = (pair.sum(axis=1) == 1) & ~out[idx]
    if not alone.any():
        return out
    firsts, mates = idx[alone], others[pair[alone].argmax(axis=1)]
    mate_partners = _dot_pairs(stats, mates, every, text_h).sum(axis=1)
    cx, cy = stats[every, 0] + stats[every, 2] / 2, stats[every, 1] + stats[every, 3] / 2
    for k, m, count in zip(firsts, mates, mate_partners):
        x0 = min(stats[k, 0], stats[m, 0]) - COLON_CLEAR * text_h
        x1 = max(stats[k, 0] + stats[k, 2], stats[m, 0] + stats[m, 2]) + COLON_CLEAR * text_h
        y0 = min(stats[k, 1], stats[m, 1]) - COLON_CLEAR * text_h
        y1 = max(stats[k, 1] + stats[k, 3], stats[m, 1] + stats[m, 3]) + COLON_CLEAR * text_h
        near = np.count_nonzero((cx >= x0) & (cx <= x1) & (cy >= y0) & (cy <= y1))
        out[k] = count == 1 and near <= 2 and not _ink_in_column(stats, (k, m), y0, y1)
    return out


def _ink_in_column(stats: np.ndarray, dots: tuple[int, int], y0: float, y1: float) -> bool:
    """Whether ink other than ``dots`` lies above or below them, across their width, from ``y0`` to
    ``y1`` (a faint rule's pieces run on through a pair of its specks; a colon has paper there)."""
    x0 = min(stats[d, 0] for d in dots)
    x1 = max(stats[d, 0] + stats[d, 2] for d in dots)
    x, y, w, h = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    hit = (x < x1) & (x + w > x0) & (y < y1) & (y + h > y0)
    hit[list(dots)] = False
    return bool(hit.any())


def _dot_pairs(stats: np.ndarray, a: np.ndarray, b: np.ndarray, text_h: float) -> np.ndarray:
    """``[i, j]``: components ``a[i]`` and ``b[j]`` are a colon's two dots by their sizes and places."""
    x, y, w, h = (stats[a, i].astype(np.float64) for i in range(4))
    ox, oy, ow, oh = (stats[b, i].astype(np.float64) for i in range(4))
    size, osize = np.maximum(w, h), np.maximum(ow, oh)
    dot, odot = size >= max(2.0, 0.1 * text_h), osize >= max(2.0, 0.1 * text_h)
    across = np.abs((x + w / 2)[:, None] - (ox + ow / 2)[None, :]) <= 0.25 * text_h
    down = np.abs((oy + oh / 2)[None, :] - (y + h / 2)[:, None])
    apart = (down >= 0.25 * text_h) & (down <= 0.9 * text_h)
    alike = np.maximum(size[:, None], osize[None, :]) <= 2 * np.minimum(size[:, None], osize[None, :]) + 1
    return across & apart & alike & dot[:, None] & odot[None, :]


def faint_reach(mask: np.ndarray, grey: np.ndarray, dpi: int) -> np.ndarray:
    """``mask`` grown over the faint ink connected to it: the light grey parts of a pen
    stroke (a faint, broken paraf in a phone photo is dark only in places; ``dark_ink`` finds
    those, and the grey rest reads as "Aa", "Tah", "2" beside the names). Faint ink is
    clearly darker than the paper; breaks in it up to ~1/40 inch are bridged. Printed letters
    the grown mask touches on a text line are kept by the caller, as for the dark parts."""
    ys, xs = np.nonzero(mask)
    if len(ys) == 0:
        return mask
    pad = dpi  # a faint tail of a paraf reaches up to an inch beyond its dark parts
    h, w = mask.shape
    y0, y1, x0, x1 = max(0, ys.min() - pad), min(h, ys.max() + pad + 1), max(0, xs.min() - pad), \
        min(w, xs.max() + pad + 1)
    paper = float(np.median(grey[::4, ::4]))
    bridge = max(3, int(dpi / 40) | 1)
    faint = cv2.dilate((grey[y0:y1, x0:x1] < paper - 35).astype(np.uint8), np.ones((bridge, bridge), np.uint8))
    inside = mask[y0:y1, x0:x1]
    n, labels = cv2.connectedComponents(faint | inside, connectivity=8)
    touched = np.zeros(n, np.uint8)
    touched[np.unique(labels[inside > 0])] = 1
    touched[0] = 0
    out = mask.copy()
    out[y0:y1, x0:x1] |= touched[labels]
    return out


def _faint_specks(grey: np.ndarray, y0: int, y1: int, text_h: float) -> list[tuple[int, int, int, int]]:
    """Boxes of the specks between ``y0`` and ``y1`` (a table band) that ``_table_dust``
    would drop, found at full resolution in any ink clearly darker than the paper: a 2 px
    grey speck vanishes at half size but Tesseract still reads it as "|" or ":". Works in
    overlapping strips so the label image stays small; a speck is judged in the strip that
    holds its centre, with every letter within reach inside that strip."""
    out: list[tuple[int, int, int, int]] = []
    step, overlap = 512, int(2 * text_h) + 4
    paper = float(np.median(grey[y0:y1:4, ::4])) if y1 > y0 else 255.0
    for a in range(y0, y1, step):
        b = min(y1, a + step)
        top, bottom = max(y0, a - overlap), min(y1, b + overlap)
        ink = (grey[top:bottom] < paper - 50).astype(np.uint8)
        _, _, stats, _ = components(ink)
        stats = stats[1:]
        tiny = _table_dust(stats, text_h, ink.shape)
        centre = stats[:, 1] + stats[:, 3] // 2 + top
        tiny &= (centre >= a) & (centre < b)
        out += [(int(x), int(y) + top, int(cw), int(ch)) for x, y, cw, ch in stats[tiny, :4]]
    return out


def remove_marks(page: Page) -> Page:
    """Whiten handwriting and line drawings: single connected, sparse marks much bigger
    than the printed letters (a signature scribble, a logo outline, a stamp ring). Printed
    words break into letters, and letters that touch (bold headings) fill their box far
    more than pen strokes do; Tesseract turns such marks into garbage words otherwise.
    A mark that touches a printed line (a signature through the signer's name or title)
    keeps its pixels on that line, so the letters it touches survive."""
    started = time.perf_counter()
    h, w = page.image.shape[:2]
    # marks are big: half resolution finds them as well (the same copy find_tables analysed)
    half = half_size_ink(page)
    small, factor, dpi, ink = half.grey, half.factor, half.dpi, half.ink
    n, labels, stats, _ = components(ink)
    heights, widths = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    letters = heights[(heights >= dpi * 0.04) & (heights <= dpi * 0.3)]
    if len(letters) < 20:
        return page.evolve(StageRecord("remove_marks", elapsed_ms(started), {"marks": 0}), half_ink=None)
    text_h = float(np.median(letters))
    thin = np.minimum(heights, widths) < text_h * 0.4  # rules and underlines are left to other stages
    big = (((heights > 1.5 * text_h) & (widths > 3.5 * text_h)) | ((heights > 4 * text_h) & (widths > 2 * text_h)))
    fill = stats[1:, cv2.CC_STAT_AREA] / (heights * widths)
    sparse = fill < 0.3  # pen strokes; touching bold letters are dense
    # a paraf in a table cell is squeezed into the row, so its loops overlap more; printed
    # table text is in separate letters and touching bold header letters fill > 0.4
    centre_y = (stats[1:, cv2.CC_STAT_TOP] + heights / 2) * factor
    in_table = np.zeros(len(heights), bool)
    for y0, y1 in recorded_tables(page.steps):
        in_table |= (centre_y >= y0) & (centre_y < y1)
    sparse |= in_table & (fill < 0.38)
    drop = np.concatenate([[False], big & sparse & ~thin])
    dust = np.concatenate([[False], in_table & _table_dust(stats[1:], text_h, small.shape)])
    out = page.image
    holes = punch_holes(stats[1:], labels, dpi)
    if np.any(holes):  # whitened whole, with their rim: no letter is part of a hole
        mask = _with_components(np.zeros(small.shape, np.uint8), labels, stats, np.nonzero(holes)[0] + 1)
        mask = cv2.dilate(mask, np.ones((5, 5), np.uint8))
        if factor > 1:
            mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_NEAREST)
        out = whiten(out, mask)
    kept_px = 0
    places: list[list[int]] = []
    if np.any(dust):  # dust specks in table rows: Tesseract's row-by-row read turns them into "|", ":", "."
        mask = lookup(dust.astype(np.uint8), labels)
        mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
        if factor > 1:
            mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_NEAREST)
        out = whiten(out, mask)
    faint_specks = 0
    for y0, y1 in recorded_tables(page.steps):  # specks too small or light for the half-size ink
        found = _faint_specks(to_grey(out), y0, y1, text_h * factor)
        if found:
            out = out.copy() if out is page.image else out
            for x, y, cw, ch in found:
                out[y - 1:y + ch + 1, max(0, x - 1):x + cw + 1] = 255
            faint_specks += len(found)
    if np.any(drop):
        grow = max(3, int(dpi / 60) | 1)  # take the pen stroke's soft rim too
        zones = text_line_zones(stats, ~drop, small.shape, text_h)
        mask = cv2.dilate(lookup(drop.astype(np.uint8), labels), np.ones((grow, grow), np.uint8))
        in_rows = drop & np.concatenate([[False], in_table])
        if np.any(in_rows):  # parafs in table rows only: a logo's or letter signature's faint parts stay as before
            rows_mask = cv2.dilate(lookup(in_rows.astype(np.uint8), labels), np.ones((grow, grow), np.uint8))
            mask |= faint_reach(rows_mask, small, dpi)
        on_lines = mask & zones
        if np.any(on_lines):  # on a line, keep the letters but not a stroke running through them
            ys, xs = np.nonzero(on_lines)
            y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
            window = np.take(drop.astype(np.uint8), labels[y0:y1, x0:x1]) & on_lines[y0:y1, x0:x1]
            strokes = long_strokes(window, int(round(1.5 * text_h)))
            on_lines[y0:y1, x0:x1] &= 1 - strokes
        kept_px = int(np.count_nonzero(on_lines))
        places = _off_lines(stats[1:][drop[1:] & ~in_table], text_line_zones(stats, ~drop, small.shape, text_h, False),
                            factor, text_h)
        mask &= 1 - on_lines
        if factor > 1:
            mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_NEAREST)
        out = whiten(out, mask)
    text_h *= factor
    details = {"marks": int(np.count_nonzero(drop)), "table_dust": int(np.count_nonzero(dust)) + faint_specks,
               **({"punch_holes": int(np.count_nonzero(holes))} if np.any(holes) else {}),
               "text_height": round(text_h, 1),
               "kept_on_lines_px": kept_px * factor * factor, **({"places": places} if places else {})}
    return page.evolve(StageRecord("remove_marks", elapsed_ms(started), details), image=out, half_ink=None)


def _off_lines(boxes: np.ndarray, zones: np.ndarray, factor: int, text_h: float) -> list[list[int]]:
    """The boxes ``[x, y, w, h]`` (page pixels; ``boxes`` are component stats at ``1/factor``) of
    removed marks shaped like a logo or a seal (both sides at least ``_PLACE_SIDE`` letter heights,
    neither more than twice the other) whose box holds no line of printed letters (``zones``, not
    widened). ``ocr.read_page`` holds their place. A signature (long and low) or a smaller mark near
    the text is left white: a dark block there took the text lines beside it out of Tesseract's
    reading (a 72 dpi scan lost half its words)."""
    out = []
    for x, y, bw, bh in (b[:4] for b in boxes):
        if min(bw, bh) < _PLACE_SIDE * text_h or max(bw, bh) > 2 * min(bw, bh) or np.any(zones[y:y + bh, x:x + bw]):
            continue
        out.append([int(x) * factor, int(y) * factor, int(bw) * factor, int(bh) * factor])
    return out


_PLACE_SIDE = 5.0


def mark_places(page_steps) -> list[tuple[int, int, int, int]]:
    """The boxes of removed marks a ``remove_marks`` record holds (``_off_lines``; empty if none)."""
    for step in reversed(page_steps):
        if step.stage == "remove_marks":
            return [tuple(b) for b in step.details.get("places", [])]
    return []
