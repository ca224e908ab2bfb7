"""Ruled tables (daftar hadir, daftar judul buku, jadwal, agenda surat): find them and
erase their rules.

Tesseract's automatic layout reads a ruled table column by column and often drops cells
whose text touches the grid. This stage finds horizontal bands holding a ruled table
(long horizontal *and* vertical rules meeting), whitens the rules inside those bands and
records the bands, so OCR can read them row by row (``ocr.read_page(..., tables=...)``).
Rules outside tables (the double line under a letterhead, underlines) are left alone:
they help Tesseract separate the kop from the letter.
"""
from __future__ import annotations

import time

import cv2
import numpy as np

from .components import components, lookup, whiten
from .ink import half_size_ink
from .model import Page, StageRecord
from .raster import to_grey
from .resolution import letter_height

# A grid of one cell is a box, not a table: a frame round a note, a logo's straight edges, a
# bordered signature block. Read row by row across the page's width (a table band), the text
# beside it was joined to it line by line and a letterhead line crossing the band's edge was
# cut in two; left to the automatic layout, a box reads as Tesseract reads it on the raw page.
BOX_CELLS = 1


def rules_along(ink: np.ndarray, dpi: int, horizontal: bool) -> np.ndarray:
    """Horizontal (or vertical) rules: ink runs far longer than any letter (~0.5 inch)."""
    length = max(25, int(dpi * 0.5))
    size = (length, 1) if horizontal else (1, length)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def rule_masks(ink: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rules of ``ink`` (see ``rules_along``)."""
    return rules_along(ink, dpi, True), rules_along(ink, dpi, False)


def rule_ink(grey: np.ndarray, ink: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Ink for horizontal and vertical rules: ``ink`` plus thin lines clearly darker than
    the paper just above and below them (left and right for vertical ones). A hairline rule
    in a photo of a page is a light grey, broken dash line in ``ink``; this keeps it whole.
    Letters' thin strokes pass too, but are far shorter than a rule."""
    k = max(5, int(dpi / 25) | 1)  # thicker than a rule, thinner than a letter's height
    threshold = 30
    along_h, along_v = cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)), cv2.getStructuringElement(cv2.MORPH_RECT, (1, k))
    thin_h = (cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, along_v) > threshold).astype(np.uint8)
    thin_v = (cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, along_h) > threshold).astype(np.uint8)
    # bridge the crossings: where rules cross, neither looks thin across its own direction,
    # but the crossing is still darker than the paper around it (white gaps between the
    # serifs of a line of text are not, so a baseline never becomes a rule)
    dark_spot = (cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
                 > threshold).astype(np.uint8)
    bridged_h = cv2.morphologyEx(thin_h, cv2.MORPH_CLOSE, along_h) & dark_spot
    bridged_v = cv2.morphologyEx(thin_v, cv2.MORPH_CLOSE, along_v) & dark_spot
    return ink | thin_h | bridged_h, ink | thin_v | bridged_v


def bridge_dashes(ink: np.ndarray, dpi: int, horizontal: bool) -> np.ndarray:
    """``ink`` with the gaps of a broken rule filled: straight dashes of at least 1/8 inch (longer
    than a letter's stroke) that follow each other along the line with gaps up to 1/10 inch (a worn
    form, a faint copy, a dashed grid) become one run, so ``rules_along`` finds the whole rule.
    Letters never reach the dash length, so a line of text stays text."""
    dash = max(5, int(dpi / 8))
    gap = max(3, int(dpi / 10))
    dashes = rules_along_length(ink, dash, horizontal)
    size = (gap, 1) if horizontal else (1, gap)
    return ink | cv2.morphologyEx(dashes, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def rules_along_length(ink: np.ndarray, length: int, horizontal: bool) -> np.ndarray:
    """Straight ink runs of at least ``length`` pixels along one direction."""
    size = (length, 1) if horizontal else (1, length)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))


# Share of a grid's inside (its rules aside) that is ink, above which it is a pattern, not cells holding text.
# Ruled tables measured 1-17 % (generated tables of every capture kind, the real captures' tables); a QR code's
# modules fill 40-50 % of it.
_PATTERN_INK = 0.3


# A check box (a hollow square a little larger than a letter, "[ ] DIKETAHUI") is four short straight
# strokes: a column of them, a small gap apart, is bridged into a rule by ``bridge_dashes`` and cuts
# the list it stands in into a column of box halves (a lembar disposisi).  Boxes are no rules.
BOX_SQUARE = 0.6  # a box's shorter side at least this share of its longer one (boxes are often oblong)
BOX_SIDE = 0.2  # each side is a row (a column) within this share of the box's size from its edge…
BOX_DRAWN = 0.85  # …inked along this share of the box's length or more
BOX_OPEN = 0.6  # …its straight strokes filling at most this share of its area (a filled square is a mark)
CHECK_BOX = (0.1, 0.4)  # a check box's longer side, inches (a letter's height is under 0.1 up to 14 pt)


def box_outlines(ink: np.ndarray, smallest: float, largest: float) -> list[tuple[int, int, int, int]]:
    """Hollow boxes in binary ``ink`` (x, y, w, h): straight strokes (horizontal or vertical runs at
    least 0.8 of ``smallest`` long) that make, on their own, a rectangle of ``smallest`` to
    ``largest`` pixels on its longer side (``BOX_SQUARE``), each side drawn along ``BOX_DRAWN`` of its
    length.  A letter's strokes are shorter or leave a side open; a tick across a box is no straight
    stroke and leaves it a box; a grid's cell is joined to the grid's other rules, no box alone."""
    run = max(3, int(0.8 * smallest))
    strokes = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, run), np.uint8)) | \
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8))
    n, labels, stats, _ = components(strokes)
    out = []
    pieces: np.ndarray | None = None
    for k in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[k])
        if not (smallest <= max(w, h) <= largest and min(w, h) >= BOX_SQUARE * max(w, h)) or area > BOX_OPEN * w * h:
            continue
        piece = (labels[y:y + h, x:x + w] == k).astype(np.uint8)
        band = max(3, int(round(BOX_SIDE * min(w, h))))
        rows = cv2.dilate(piece, np.ones((3, 1), np.uint8)).mean(axis=1)  # a side a pixel off level still counts
        cols = cv2.dilate(piece, np.ones((1, 3), np.uint8)).mean(axis=0)
        if min(rows[:band].max(), rows[-band:].max(), cols[:band].max(), cols[-band:].max()) < BOX_DRAWN:
            continue
        if pieces is None:
            pieces = components(ink)[2]
        if not _taller_than_beside(pieces, (x, y, w, h)):
            continue
        out.append((x, y, w, h))
    return out


BOX_TALLER = 1.25  # a check box is this many times as tall as the tallest letter beside it on its line at least
BOX_BESIDE = 2.0  # …letters within this many box widths of it ("B", "D", "O" of a heading are as tall as their word)


def _taller_than_beside(pieces: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Whether ``box`` is ``BOX_TALLER`` times the tallest piece of ink (``pieces``: component stats)
    level with it within ``BOX_BESIDE`` widths, not touching it (a tick, a glued letter) and no
    taller than twice the box (a rule, a frame)."""
    x, y, w, h = box
    px, py, pw, ph = pieces[:, 0], pieces[:, 1], pieces[:, 2], pieces[:, 3]
    mid = py + ph / 2
    near = (mid >= y) & (mid <= y + h) & (px + pw >= x - BOX_BESIDE * w) & (px <= x + w + BOX_BESIDE * w)
    apart = (px + pw < x) | (px > x + w) | (py + ph < y) | (py > y + h)
    beside = near & apart & (ph <= 2 * h) & (pieces[:, 4] > 2)
    return not beside.any() or BOX_TALLER * float(ph[beside].max()) <= h


def check_box_outlines(ink: np.ndarray, dpi: int) -> list[tuple[int, int, int, int]]:
    """The check boxes of a page's ``ink`` at ``dpi``: ``box_outlines`` of ``CHECK_BOX`` inches."""
    return box_outlines(ink, CHECK_BOX[0] * dpi, CHECK_BOX[1] * dpi)


def boxes_made_paper(grey: np.ndarray, ink: np.ndarray | None, boxes: list[tuple[int, int, int, int]],
                     tick: float) -> np.ndarray:
    """``grey`` with ``boxes`` made paper, with the light edge of their lines, and the ink joined to a box
    (``ink``: binary, same shape) that stays within ``tick`` box sides of it (what the box holds, a tick);
    ink joined to a box that runs further (a word touching it) keeps all but the box."""
    out = grey.copy()
    labels = cv2.connectedComponentsWithStats(ink, connectivity=8)[1] if ink is not None else None
    for x, y, w, h in boxes:
        if labels is not None:
            reach = int(tick * max(w, h))
            for k in np.unique(labels[y:y + h, x:x + w]):
                if not k:
                    continue
                ys, xs = np.nonzero(labels == k)
                if xs.min() >= x - reach and xs.max() < x + w + reach and ys.min() >= y - reach and ys.max() < y + h + reach:
                    out[ys, xs] = 255
        out[max(0, y - 3):y + h + 3, max(0, x - 3):x + w + 3] = 255
    return out


def _box_mask(shape: tuple[int, ...], boxes: list[tuple[int, int, int, int]], margin: int) -> np.ndarray:
    """A mask (1 inside) of ``boxes`` grown by ``margin`` pixels."""
    mask = np.zeros(shape[:2], np.uint8)
    for x, y, w, h in boxes:
        mask[max(0, y - margin):y + h + margin, max(0, x - margin):x + w + margin] = 1
    return mask


def table_grids(horizontal: np.ndarray, vertical: np.ndarray, dpi: int, ink: np.ndarray | None = None
                ) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Vertical extents (y0, y1) of grids: connected rule networks with at least two
    horizontal and two vertical rules; and a mask of those networks (a pen stroke that
    runs straight for half an inch, like a paraf's flourish, is a rule on its own but not
    part of a grid). With the page's ``ink`` (same scale), a network whose inside is mostly
    ink is left out: the edges of a QR code's modules make rules, but its "cells" are solid
    squares, not text (read as cells they gave garbage lines)."""
    grid = cv2.dilate(horizontal | vertical, np.ones((5, 5), np.uint8))
    n, labels, stats, _ = components(grid)
    bands = []
    keep = np.zeros(n, bool)
    min_size = int(dpi * 0.8)
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if w < min_size or h < min_size // 2:
            continue
        region = labels[y:y + h, x:x + w] == i
        h_count = _count_runs(np.any(horizontal[y:y + h, x:x + w] & region, axis=1))
        v_count = _count_runs(np.any(vertical[y:y + h, x:x + w] & region, axis=0))
        if h_count >= 2 and v_count >= 2 and not (ink is not None and _is_pattern(ink, horizontal, vertical, stats[i])):
            bands.append((int(y), int(y + h)))
            keep[i] = True
    return _merge(sorted(bands)), lookup(keep.astype(np.uint8), labels)


# A grid's rule printed broken (worn toner, a faint copy, a sheet scanned a little askew: gaps of a few
# millimetres and pieces shorter than ``bridge_dashes``' dashes, a step of a pixel where the line drifts) stops
# the rule network part way across the table: the columns beyond are no part of the grid and their rows are
# read across as running text.  The straight runs that continue a found grid's rule on its own line, a short
# gap apart, are that rule; no letter's stroke is as long, and text does not stand on a grid's rule line.
RULE_GAP = 0.2  # inches: a gap this long at most between a grid's rule and the next run on its line…
RULE_RUN = 0.2  # …a run at least this long (longer than any letter's stroke; a rule is 0.5 inch)
RULE_DRIFT = 1  # pixels the two may stand apart across the line (a residual skew)
JOIN_ROUNDS = 4  # rounds of joining and finding the grids again at most (each reaches the rules meeting the last)


def join_broken_rules(rules: np.ndarray, ink: np.ndarray, grids: np.ndarray, dpi: int, horizontal: bool
                      ) -> np.ndarray:
    """``rules`` (horizontal, or vertical, rules at ``rules_along``'s scale) with the straight runs of
    ``ink`` (``rule_ink``'s, same scale) of ``RULE_RUN`` at least that continue a found grid's rules
    (``grids``: ``table_grids``' mask) joined to them, gaps filled: a run whose end lies within ``RULE_GAP``
    along the line and ``RULE_DRIFT`` across it from a grid's rule, or from a run joined already, one
    after the other.  Runs near no grid's rule are left out."""
    gap = max(3, int(dpi * RULE_GAP))
    across = 2 * RULE_DRIFT + 1
    reach = (2 * gap + 1, across) if horizontal else (across, 2 * gap + 1)
    close = cv2.getStructuringElement(cv2.MORPH_RECT, (gap + 1, across) if horizontal else (across, gap + 1))
    grid_rules = (rules & grids).astype(np.uint8)
    # runs beside a grid's rule (its own soft edge) are no continuation of it
    others = rules_along_length(ink, max(3, int(dpi * RULE_RUN)), horizontal) & \
        (1 - cv2.dilate(grid_rules, np.ones((2 * RULE_DRIFT + 3,) * 2, np.uint8)))
    n, labels, _, _ = components(others)
    if not grid_rules.any() or n <= 1:
        return rules
    joined = np.zeros(n, bool)
    reached = grid_rules
    while True:
        near = cv2.dilate(reached, cv2.getStructuringElement(cv2.MORPH_RECT, reach))
        hit = np.unique(labels[(near > 0) & (others > 0)])
        hit = hit[(hit > 0) & ~joined[hit]]
        if not len(hit):
            break
        joined[hit] = True
        reached = grid_rules | lookup(joined.astype(np.uint8), labels)
    if not joined.any():
        return rules
    gaps = cv2.morphologyEx(reached, cv2.MORPH_CLOSE, close) & (1 - cv2.morphologyEx(grid_rules, cv2.MORPH_CLOSE, close))
    return rules | reached | gaps


def _joined_grids(horizontal: np.ndarray, vertical: np.ndarray, ink_h: np.ndarray, short: np.ndarray,
                  found: list[tuple[int, int]], grids: np.ndarray, dpi: int, ink: np.ndarray, details: dict,
                  factor: int) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]], np.ndarray]:
    """The rule masks, bands and grid mask with the found grids' broken horizontal rules joined
    (``join_broken_rules``), the grids found again after each round (a rule reached brings the column rules that
    meet it) for ``JOIN_ROUNDS`` at most.  Column rules are not joined: one counts once it runs a sixth of the
    grid's height (``grid_cells``), and the vertical runs met beside them were a photocopier's streaks and
    stamps' frames.  Only the rules of a grid that parts into cells (``_cells_of``: a table) are followed; a
    network that gives none (streaks crossing a page's rules) is left as found.  Joining may give a grid more
    columns, never more rows: where a band would reach more than ``RULE_GAP`` beyond the bands found before (a
    rule running on into a photocopy's dark page edge), nothing is joined (``details["rule_joins_refused"]``);
    the bands keep the rows they had; and a join that finds the grids no more cells is not kept."""
    start = (horizontal, vertical, found, grids)
    anchors = grids.copy()
    cells = _cell_counts(horizontal, vertical, found, grids, factor, dpi, short)
    for (y0, y1), count in zip(found, cells):  # only a grid that parts into cells is a table to follow
        if count <= BOX_CELLS:  # (not a photocopier's streaks crossing the page's rules)
            anchors[y0:y1] = 0
    if not anchors.any():
        return start
    added = 0
    for _ in range(JOIN_ROUNDS):
        joined = join_broken_rules(horizontal, ink_h, anchors, dpi, True)
        more = int(np.count_nonzero(joined & (1 - horizontal)))
        if not more:
            break
        added += more
        horizontal = joined
        found, grids = table_grids(horizontal, vertical, dpi, ink)
        anchors = _grown(anchors, grids)  # the grids grown from a table (a streak's network stays out)
    if not added:
        return start
    margin = max(3, int(dpi * RULE_GAP))
    if not all(any(y0 - margin <= b0 and b1 <= y1 + margin for y0, y1 in start[2]) for b0, b1 in found):
        details["rule_joins_refused"] = added * factor
        return start
    # each band kept to the rows it had: a joined rule drifting a pixel or two past them (a residual skew) moves
    # no cut between the page's regions, so the text around the table is read as before
    kept = [(max(b0, min((y0 for y0, y1 in start[2] if y0 < b1 and b0 < y1), default=b0)),
             min(b1, max((y1 for y0, y1 in start[2] if y0 < b1 and b0 < y1), default=b1))) for b0, b1 in found]
    if sum(_cell_counts(horizontal, vertical, kept, grids, factor, dpi, short)) <= sum(cells):
        return start  # the grid was whole enough: joining finds it no more cells, the page stays as it was
    details["rule_gaps_joined"] = added * factor
    return horizontal, vertical, kept, grids


def _cell_counts(horizontal: np.ndarray, vertical: np.ndarray, found: list[tuple[int, int]], grids: np.ndarray,
                 factor: int, dpi: int, short: np.ndarray) -> list[int]:
    """The number of cells (``_cells_of``, as ``find_tables`` parts them) of each band of ``found``."""
    return [len(_cells_of((horizontal & grids)[y0:y1], (vertical & grids)[y0:y1], factor, 0, dpi, short[y0:y1]))
            for y0, y1 in found]


def _grown(anchors: np.ndarray, grids: np.ndarray) -> np.ndarray:
    """The networks of ``grids`` (``table_grids``' mask) that hold part of ``anchors``."""
    n, labels, _, _ = components(grids)
    keep = np.zeros(n, np.uint8)
    keep[np.unique(labels[(anchors > 0) & (grids > 0)])] = 1
    keep[0] = 0
    return lookup(keep, labels)


def _is_pattern(ink: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray, stat: np.ndarray) -> bool:
    """Whether the grid of bounding box ``stat`` holds more ink than text in cells does (``_PATTERN_INK``)."""
    x, y, w, h = (int(v) for v in stat[:4])
    rules = cv2.dilate((horizontal | vertical)[y:y + h, x:x + w], np.ones((3, 3), np.uint8)) > 0
    free = int(np.count_nonzero(~rules))
    inked = int(np.count_nonzero((ink[y:y + h, x:x + w] > 0) & ~rules))
    return free > 0 and inked > _PATTERN_INK * free


def _count_runs(flags: np.ndarray) -> int:
    """Number of separate True runs (distinct rules) in a 1-D boolean profile."""
    padded = np.concatenate([[False], flags, [False]])
    return int(np.count_nonzero(np.diff(padded.astype(np.int8)) == 1))


def _merge(bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for y0, y1 in bands:
        if merged and y0 <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], y1))
        else:
            merged.append((y0, y1))
    return merged


def _rule_steps(ink: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray, dpi: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """Shorter straight runs that continue a long rule (the steps of a bent rule in a photo):
    collinear with a long rule and within a few pixels across it. A pen stroke inside a cell
    (the flat flourish of a paraf) is left whole, so ``marks.remove_marks`` still sees the
    signature as one mark rather than scattered pieces that read as letters."""
    short_h, short_v = rule_masks(ink, max(20, dpi // 3))
    along = max(25, int(dpi * 0.5))
    across = max(3, int(dpi * 0.012)) | 1  # ~1/80 inch: a step of a bent rule, not a parallel stroke
    near_h = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (along, across)))
    near_v = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (across, along)))
    return short_h & near_h, short_v & near_v


# Two kinds of straight ink a crushed photocopy puts in a table's rule masks that are no rules. Erased with the
# grid's rules, each cut the letters beside it ("Te bing", "Paringi n", "Balangan" without its lower half).
LETTERS_ON = 0.5  # share of a horizontal run's length with ink standing on it (letters' stems): a text line's baseline
LETTERS_GAP = 1 / 50  # inches above the run where that ink is looked for: past a rule's ragged rim…
LETTERS_REACH = 1 / 25  # …up to here (a cell's text stands further off its rules)


def letters_baselines(horizontal: np.ndarray, grids: np.ndarray, ink: np.ndarray, dpi: int) -> np.ndarray:
    """The runs of ``horizontal`` in the ``grids`` that are the baseline of a line of bold letters, not a rule:
    on a dark copy the serifs and feet of a word half an inch long merge into one straight run, which meets
    the cell's side rule and joins the grid. Letters stand on such a run along ``LETTERS_ON`` of its length
    or more (ink that is no rule of its own, between ``LETTERS_GAP`` and ``LETTERS_REACH`` above it); a
    table's rules have paper above them (the text of a cell keeps off its rules), and the second line of a
    double rule is a rule (the first line is in ``horizontal``)."""
    out = np.zeros_like(horizontal)
    gap, reach = max(2, int(round(dpi * LETTERS_GAP))), max(4, int(round(dpi * LETTERS_REACH)))
    other = (ink > 0) & (cv2.dilate(horizontal, np.ones((3, 3), np.uint8)) == 0)
    n, labels, stats, _ = components(horizontal & grids)
    for i in range(1, n):
        x, y, w, _, _ = (int(v) for v in stats[i])
        if y - gap <= 0:
            continue
        standing = other[max(0, y - reach):y - gap + 1, x:x + w].any(axis=0)
        if np.count_nonzero(standing) >= LETTERS_ON * w:
            out[y:y + stats[i, 3], x:x + w] |= (labels[y:y + stats[i, 3], x:x + w] == i).astype(np.uint8)
    return out


STREAK_LIGHT = 0.5  # a column "rule" lighter than this share of the way from the grid's rules to the paper…
STREAK_BEYOND = 0.25  # …that runs this many inches past the grid's top and bottom rules is a copier's streak


def copier_streaks(horizontal: np.ndarray, vertical: np.ndarray, grids: np.ndarray, grey: np.ndarray, dpi: int
                   ) -> np.ndarray:
    """The vertical lines of the ``grids`` that are a photocopier's streak, not a column rule: a faint straight
    line running down the page through the table (its cells, their letters) and on past the grid's first and
    last horizontal rules by ``STREAK_BEYOND`` at both ends, far lighter than the grid's rules
    (``STREAK_LIGHT``). A table's column rules stop at its outline and are printed like its row rules.
    Taken for a rule, a streak parted the cells it crosses in two and its erasing cut their letters."""
    out = np.zeros_like(vertical)
    rows, cols = horizontal & grids, vertical & grids
    if not rows.any() or not cols.any():
        return out
    rule = float(np.median(grey[rows > 0]))
    light = rule + STREAK_LIGHT * (float(np.median(grey)) - rule)
    beyond = max(3, int(dpi * STREAK_BEYOND))
    _, networks, _, _ = components(grids)
    # a streak left slanted by the deskew is a staircase of short pieces, faint and broken in places: the light
    # pieces standing one above another are one line
    n, lines, stats, _ = components(cv2.dilate(cols, np.ones((9, 5), np.uint8)))
    pieces: list[list[int]] = []  # [x0, x1, y0, y1, label, network]
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        line = (lines[y:y + h, x:x + w] == i) & (cols[y:y + h, x:x + w] > 0)
        if line.any() and float(np.median(grey[y:y + h, x:x + w][line])) > light:
            pieces.append([x, x + w, y, y + h, i, int(networks[y:y + h, x:x + w][line][0])])
    for group in _stacked(pieces):
        net = group[0][5]
        ruled = np.flatnonzero(((rows > 0) & (networks == net)).any(axis=1)) if net else np.zeros(0, int)
        if len(ruled) and min(p[2] for p in group) < ruled[0] - beyond and max(p[3] for p in group) > ruled[-1] + beyond:
            for x0, x1, y0, y1, i, _ in group:
                out[y0:y1, x0:x1] |= ((lines[y0:y1, x0:x1] == i) & (cols[y0:y1, x0:x1] > 0)).astype(np.uint8)
    return out


def _stacked(pieces: list[list[int]]) -> list[list[list[int]]]:
    """``pieces`` (``[x0, x1, y0, y1, …]`` boxes) grouped where their spans across overlap: the pieces of one line
    running down the page."""
    groups: list[list[list[int]]] = []
    for piece in sorted(pieces, key=lambda p: p[2]):
        for group in groups:
            if any(piece[0] < other[1] and other[0] < piece[1] for other in group):
                group.append(piece)
                break
        else:
            groups.append([piece])
    return groups


RULE_SLANT = 0.04  # inches a table's rule may drift across over its length (a residual skew of ~0.5 degree)


def _cells_of(horizontal: np.ndarray, vertical: np.ndarray, factor: int, dy: int, dpi: int,
              short: np.ndarray | None = None) -> list[tuple[int, int, int, int]]:
    """A found grid's cells (``grid_cells``); a grid that gives none, read again with its rules
    allowed to drift ``RULE_SLANT`` across (a sheet left a little askew: each rule spread over
    several pixel rows, none of which held a quarter of the grid's width, so no row was parted).
    Only a reading of two cells or more is taken: a grid that gave none stays a table band, as before."""
    cells = grid_cells(horizontal, vertical, factor, dy, short=short)
    if cells:
        return cells
    slanted = grid_cells(horizontal, vertical, factor, dy, slack=max(1, int(dpi * RULE_SLANT)), short=short)
    return slanted if len(slanted) > BOX_CELLS else []


def find_tables(page: Page) -> Page:
    """Record ruled-table bands and erase the rules inside them (grey or binary page)."""
    started = time.perf_counter()
    h, w = page.image.shape[:2]
    # rules survive halving (4x less work); remove_marks reuses it while the image stays as is
    half = half_size_ink(page)
    small, factor, dpi, ink = half.grey, half.factor, half.dpi, half.ink
    details: dict = {}
    boxes = check_box_outlines(ink, dpi)
    ink_h, ink_v = rule_ink(small, ink, dpi)
    if boxes:  # boxes are no rules (left on the page: erased, they moved the band reading and pen became a perihal)
        clear = 1 - _box_mask(ink.shape, boxes, 2)
        ink_h, ink_v = ink_h & clear, ink_v & clear
        details["check_boxes"] = len(boxes)
    ink_h, ink_v = bridge_dashes(ink_h, dpi, True), bridge_dashes(ink_v, dpi, False)
    horizontal, vertical = rules_along(ink_h, dpi, True), rules_along(ink_v, dpi, False)
    found, grids = table_grids(horizontal, vertical, dpi, ink)
    if found:  # in a grid that parts into cells (a table, not a network of streaks over a letter's underlines)
        short = rules_along_length(ink_v, max(5, int(dpi * ROW_RULE)), False)
        parted = np.zeros_like(grids)
        for (y0, y1), count in zip(found, _cell_counts(horizontal, vertical, found, grids, factor, dpi, short)):
            parted[y0:y1] = count > BOX_CELLS
        baselines = letters_baselines(horizontal, grids & parted, ink, dpi)
        streaks = copier_streaks(horizontal, vertical, grids & parted, small, dpi)
        if baselines.any() or streaks.any():  # no rules: the grids found again without them
            horizontal, vertical = horizontal & (1 - baselines), vertical & (1 - streaks)
            ink_v = ink_v & (1 - cv2.dilate(streaks, np.ones((3, 7), np.uint8)))  # parts no row (``short``)
            found, grids = table_grids(horizontal, vertical, dpi, ink)
            details["not_rules"] = {"baselines": components(baselines)[0] - 1, "streaks": components(streaks)[0] - 1}
    if found:
        short = rules_along_length(ink_v, max(5, int(dpi * ROW_RULE)), False)  # column rules of one row
        horizontal, vertical, found, grids = _joined_grids(horizontal, vertical, ink_h, short, found, grids, dpi, ink,
                                                           details, factor)
    horizontal, vertical = horizontal & grids, vertical & grids  # rules of the grids only
    cells: dict[int, list[tuple[int, int, int, int]]] = {}
    if found:  # column rules of one row too (``short``), looked for only on a page with a grid
        cells = {t: _cells_of(horizontal[y0:y1], vertical[y0:y1], factor, y0 * factor, dpi, short[y0:y1])
                 for t, (y0, y1) in enumerate(found)}
    erase = [(y0 * factor, min(h, y1 * factor)) for y0, y1 in found]  # tables and boxes lose their rules
    tabled = [t for t in range(len(found)) if len(cells[t]) != BOX_CELLS]  # a grid whose cells are not parsed stays a table
    bands = [erase[t] for t in tabled]
    if len(tabled) < len(found):
        details["boxes"] = [list(erase[t]) for t in range(len(found)) if t not in tabled]
    image = page.image
    if erase:
        short_h, short_v = _rule_steps(ink, horizontal, vertical, dpi)
        rules = cv2.dilate(horizontal | vertical | short_h | short_v, np.ones((5, 5), np.uint8))
        if factor > 1:
            rules = cv2.resize(rules, (w, h), interpolation=cv2.INTER_NEAREST)
        inside = np.zeros_like(rules)
        for y0, y1 in erase:
            inside[y0:y1] = 1
        zone = rules & inside
        core = horizontal | vertical | short_h | short_v
        if factor > 1:
            core = cv2.resize(core, (w, h), interpolation=cv2.INTER_NEAREST)
        commas = cut_commas(to_grey(image), zone, core, erase, letter_height(small) * factor)
        if commas:
            details["cut_commas"] = [list(box) for box in commas]
        image = whiten(image, zone)
        details["cells"] = [[n, *box] for n, t in enumerate(tabled) for box in cells[t]]
        details["cell_ink"] = [_ink_count(image, box) for _, *box in details["cells"]]
    details["tables"] = [list(b) for b in bands]
    return page.evolve(StageRecord("find_tables", (time.perf_counter() - started) * 1000, details), image=image,
                       half_ink=half if image is page.image else None)


COMMA_HEAD = 0.4  # a mark's head no larger than this share of the page's letter height each way is punctuation…
COMMA_DOT = 0.12  # …and no smaller than this share each way (grain and a dotted line's pieces are smaller)
COMMA_CLEAR = 0.5  # …with no ink this many letter heights above it (a dotted line's dashes follow each other)
COMMA_INK = 160  # grey level under which a pixel is ink here (``ink.dark_ink``'s absolute bound)


def cut_commas(grey: np.ndarray, zone: np.ndarray, core: np.ndarray, bands: list[tuple[int, int]],
               letter: float) -> list[tuple[int, int, int, int]]:
    """The commas the rules' eraser cuts (boxes ``(x0, y0, x1, y1)``, page pixels): a comma at the end of
    a cell's last line set tight on the cell's bottom rule keeps its head above the eraser's margin
    (``zone``: 1 where the rules are whitened) and loses its tail in it, and reads as a full stop ("No.3.
    Kota" for "No.3, Kota").  A piece of ink (``grey`` under ``COMMA_INK``, off the rules' own ink ``core``
    and its one-pixel rim) part in the zone and part above it is a comma when its part above the zone is
    a mark's head (``COMMA_DOT`` to ``COMMA_HEAD`` letter heights each way, ``letter`` in pixels, no ink
    ``COMMA_CLEAR`` letter heights above it), and its part in the zone hangs below the head, no wider
    than it, clear of the rule: a pen stroke that crosses the rule runs on into it, a letter's descender
    hangs from a letter-sized piece, a dotted line's dash has the dash before it close above.  The page is erased as before (ink kept by the eraser moved Tesseract's reading of whole rows
    elsewhere); ``cells.read_cells`` reads the full stop Tesseract gave at such a place as the comma."""
    found: list[tuple[int, int, int, int]] = []
    if letter <= 0:
        return found
    rim = cv2.dilate(core, np.ones((3, 3), np.uint8))
    for y0, y1 in bands:
        ink = (grey[y0:y1] < COMMA_INK).astype(np.uint8) & (1 - rim[y0:y1])
        z = zone[y0:y1]
        n, labels, stats, _ = components(ink)
        if n <= 1:
            continue
        inside = np.bincount(labels[(ink > 0) & (z > 0)].ravel(), minlength=n)
        outside = np.bincount(labels[(ink > 0) & (z == 0)].ravel(), minlength=n)
        for k in np.nonzero((inside > 0) & (outside > 0))[0]:
            x, y, w, h = (int(v) for v in stats[k][:4])
            if h > 3 * COMMA_HEAD * letter or w > COMMA_HEAD * letter or x == 0 or y0 + y == 0:
                continue
            piece = labels[y:y + h, x:x + w] == k
            zoned = z[y:y + h, x:x + w] > 0
            head_ys, head_xs = np.nonzero(piece & ~zoned)
            tail_ys, tail_xs = np.nonzero(piece & zoned)
            high, wide = int(head_ys.max() - head_ys.min() + 1), int(head_xs.max() - head_xs.min() + 1)
            if not COMMA_DOT * letter <= min(high, wide) <= max(high, wide) <= COMMA_HEAD * letter:
                continue  # no mark's head: a letter, a pen stroke, a speck of grain
            top = y + int(head_ys.min())
            if np.any(ink[max(0, top - int(COMMA_CLEAR * letter)):top, max(0, x - 1):x + w + 1]):
                continue  # ink close above: a dotted line's dash under the one before it, a letter's piece
            if tail_ys.min() < head_ys.max() or tail_xs.max() - tail_xs.min() + 1 > wide:
                continue  # no tail hanging below the head (ink reaching up from a rule, a wider stroke)
            tail = np.pad((piece & zoned).astype(np.uint8), 1)
            rule = core[y0 + y - 1:y0 + y + h + 1, x - 1:x + w + 1]
            if rule.shape != tail.shape or np.any(cv2.dilate(tail, np.ones((3, 3), np.uint8)) & rule):
                continue  # the tail runs into the rule: a stroke crossing it
            found.append((x, y0 + y, x + w, y0 + y + h))
    return found


def grid_cells(horizontal: np.ndarray, vertical: np.ndarray, factor: int, dy: int = 0, slack: int = 0,
               short: np.ndarray | None = None) -> list[tuple[int, int, int, int]]:
    """The cells ``(x0, y0, x1, y1)`` (page pixels) of the ruled grid in a band's rule masks
    (``horizontal``, ``vertical``, at ``1/factor`` scale): rows between the horizontal rules that
    run a quarter of the grid's width or more, columns between the vertical rules that run a
    sixth of its height or more, so a rule broken in places still parts rows; two neighbouring
    cells of a row whose rule between them is missing there are one merged cell, and so are a cell
    and the one of the same columns above it when the row's rule is missing over it (``_no_rule_above``).
    ``slack``: pixels a rule may drift across its length (the masks thickened by as much on each side).
    ``short``: straight vertical ink runs shorter than a rule (same scale); one that spans a row from its
    rule to the next (``_row_rules``) parts that row's cell there, though it divides no other row (a
    row of two columns of text in a table of three: its rule is too short to count as a column)."""
    if slack > 0:  # a rule left a little slanted (a sheet skewed on the copier) spreads over that many rows
        horizontal = cv2.dilate(horizontal, np.ones((2 * slack + 1, 1), np.uint8))
        vertical = cv2.dilate(vertical, np.ones((1, 2 * slack + 1), np.uint8))
    both = horizontal | vertical
    ys, xs = np.nonzero(both)
    if not len(xs):
        return []
    gx0, gx1, gy0, gy1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    rows = _rule_lines(np.count_nonzero(horizontal[gy0:gy1, gx0:gx1], axis=1) > 0.25 * (gx1 - gx0), gy0)
    cols = _rule_lines(np.count_nonzero(vertical[gy0:gy1, gx0:gx1], axis=0) > (gy1 - gy0) / 6, gx0)
    if len(rows) < 2 or len(cols) < 2:
        return []
    out: list[list[int]] = []
    above: dict[tuple[int, int], int] = {}  # (left, right) of the row above's cells -> its index in ``out``
    for top, bottom in zip(rows, rows[1:]):
        if bottom - top < 6:
            continue
        left = cols[0]
        here: dict[tuple[int, int], int] = {}
        extra = _row_rules(short, top, bottom, cols) if short is not None else []
        for right in sorted(cols[1:] + extra):
            rule = vertical[top + (bottom - top) // 4:bottom - (bottom - top) // 4, max(0, right - 3):right + 4]
            if right != cols[-1] and right not in extra and np.count_nonzero(rule.any(axis=1)) < 0.5 * rule.shape[0]:
                continue  # no rule between this cell and the next in this row: one merged cell
            if right - left >= 6:
                k = above.get((left, right))
                if k is not None and _no_rule_above(horizontal, top, left, right):
                    out[k][3] = bottom * factor + dy  # no rule between this cell and the one above: one merged cell
                else:
                    k = len(out)
                    out.append([left * factor, top * factor + dy, right * factor, bottom * factor + dy])
                here[(left, right)] = k
            left = right
        above = here
    return [(x0, y0, x1, y1) for x0, y0, x1, y1 in out]


ROW_RULE = 0.15  # inches: a column rule of one row is at least this long (taller than a letter's stem)
ROW_RULE_SPAN = 0.9  # …and runs along this share of the row's height at least, meeting both of its rules
ROW_RULE_GAP = 3  # pixels (half scale) a row's column rule may stop short of each of the row's rules


def _row_rules(short: np.ndarray, top: int, bottom: int, cols: list[int]) -> list[int]:
    """The x of column rules that divide only the row from ``top`` to ``bottom``: straight runs of
    ``short`` (vertical ink runs ``ROW_RULE`` long at least) along ``ROW_RULE_SPAN`` of the row's height,
    from its top rule to its bottom one (within ``ROW_RULE_GAP``), away from the grid's columns ``cols``
    and inside them. A letter's stem is shorter; a rule of the page's text outside the grid is not here."""
    band = short[max(0, top - ROW_RULE_GAP):bottom + ROW_RULE_GAP + 1, cols[0] + 6:max(cols[0] + 6, cols[-1] - 6)]
    if band.size == 0:
        return []
    height = bottom - top
    span = np.count_nonzero(band, axis=0)  # pixels of the run in each column
    reach = band[:2 * ROW_RULE_GAP + 1].any(axis=0) & band[-2 * ROW_RULE_GAP - 1:].any(axis=0)
    found = _rule_lines((span >= ROW_RULE_SPAN * height) & reach, cols[0] + 6)
    return [x for x in found if all(abs(x - c) > 6 for c in cols)]


OPEN_RULE = 0.2  # a row's rule over less than this share of a cell's middle half: no rule there, the cell spans both rows


def _no_rule_above(horizontal: np.ndarray, top: int, left: int, right: int) -> bool:
    """Whether the rule a row starts at (``top``) is missing over the middle half of the cell from
    ``left`` to ``right``: a cell merged over two rows (a date written once for the rows it covers).
    A rule broken in places (its gaps bridged by ``bridge_dashes``) still covers most of it."""
    quarter = (right - left) // 4
    rule = horizontal[max(0, top - 3):top + 4, left + quarter:right - quarter]
    return rule.shape[1] > 0 and np.count_nonzero(rule.any(axis=0)) < OPEN_RULE * rule.shape[1]


def _rule_lines(flags: np.ndarray, offset: int) -> list[int]:
    """Centres of the runs of True in a projection profile (one per rule), offset to the grid."""
    padded = np.concatenate([[False], flags, [False]]).astype(np.int8)
    starts = np.nonzero(np.diff(padded) == 1)[0]
    ends = np.nonzero(np.diff(padded) == -1)[0]
    return [offset + int((a + b) // 2) for a, b in zip(starts, ends)]


def _ink_count(image: np.ndarray, box: list[int]) -> int:
    """Dark pixels inside a cell (a little in from its rules)."""
    x0, y0, x1, y1 = box
    crop = image[y0 + 3:y1 - 3, x0 + 3:x1 - 3]
    if crop.ndim == 3:
        crop = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    return int(np.count_nonzero(crop < 128)) if crop.size else 0


def recorded_cells(page_steps) -> tuple[list[list[int]], list[int]]:
    """The grid cells ``[table, x0, y0, x1, y1]`` a ``find_tables`` record holds, and each cell's ink
    (dark pixels) at that stage (empty if none ran or no grid was found)."""
    for step in reversed(page_steps):
        if step.stage == "find_tables":
            return [list(c) for c in step.details.get("cells", [])], list(step.details.get("cell_ink", []))
    return [], []


def recorded_commas(page_steps) -> list[tuple[int, int, int, int]]:
    """The commas a ``find_tables`` record says its eraser cut (``cut_commas``; empty if none)."""
    for step in reversed(page_steps):
        if step.stage == "find_tables":
            return [(int(a), int(b), int(c), int(d)) for a, b, c, d in step.details.get("cut_commas", [])]
    return []


def recorded_tables(page_steps) -> list[tuple[int, int]]:
    """The table bands a ``find_tables`` record on a page holds (empty if none ran)."""
    for step in reversed(page_steps):
        if step.stage == "find_tables":
            return [tuple(b) for b in step.details.get("tables", [])]
    return []
