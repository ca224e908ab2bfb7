"""Table cells (issue 15): the page's words put in the cells of the ruled grids ``find_tables``
found, a cell read again on its own where the page's reading is worse, handwriting flagged.

Tesseract reads a ruled table row by row as one block; a cell it leaves empty (a lone "1", a
vertically centred price), reads unsure, or reads only in part (ink outside the words it gave: a
word it lost) is read again on its own crop — padded, enlarged when
small, one line (psm 7) or a block (psm 6) by its height — and the better reading is kept, cell
by cell: the more confident one, or the one with more text when it is at most 10 points less sure.  Every word in a cell is tagged with the cell's (table, row,
column), so the table reader can put a cell's lines together even when the cell's text sits
lower than its neighbours'.  A cell whose ink ``remove_marks`` took away (pen strokes, not type)
or that stays unsure after the second reading, or whose ink is mostly joined pen strokes read
without confidence (``joined_share``), is flagged as handwritten — to be keyed in, never
guessed: its words keep their boxes, marked ``hand``, and the reader leaves the cell empty.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, replace

import cv2
import numpy as np

from .model import Page, PageText, StageRecord, Word
from .ocr import crop_words, read_crops
from .options import IngestOptions
from .tables import recorded_cells

REREAD_BELOW = 70.0  # a cell whose weakest word Tesseract scored under this is read again
HAND_CONF = 30.0  # a cell still this unsure after both readings is handwriting, not type
HAND_REMOVED = 0.5  # …as is a cell that lost more than this share of its ink to remove_marks
MAX_REREADS = 60  # cells read again per page at most (bounded cost on a large grid)
PAD = 12
LOST_SHARE = 0.1  # a cell with this share of its ink outside the words read is read again (a lost line)
MORE_TEXT_MARGIN = 10.0  # a second reading with more text wins unless this much less confident
# Pen writing is joined: a cursive word is one stroke much wider than a letter, where type is one
# component per letter.  A cell whose ink lies mostly in such wide strokes, read without confidence,
# is handwriting — on a page whose printed cells keep their letters apart (a blurred photo joins
# type too, and there the test says nothing).
JOINED_SHARE = 0.6  # a cell with this share of its ink in joined strokes is written by hand…
JOINED_CONF = 80.0  # …unless Tesseract read it this sure (type, letters touching)
PAGE_JOINED = 0.3  # the test holds only where the page's median cell is under this share


def _grey(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image


def _inside(word: Word, box: list[int]) -> bool:
    x, y, w, h = word.box
    cx, cy = x + w / 2, y + h / 2
    return box[0] <= cx < box[2] and box[1] <= cy < box[3]


def _index(values: list[int], tolerance: int) -> dict[int, int]:
    """Each value's rank among the distinct values (values closer than ``tolerance`` are one)."""
    ranks: dict[int, int] = {}
    last, rank = None, -1
    for v in sorted(set(values)):
        if last is None or v - last > tolerance:
            rank += 1
        ranks[v] = rank
        last = v
    return ranks


def _mean(words: list[Word]) -> float:
    return float(np.mean([w.conf for w in words])) if words else 0.0


def _alnum(words: list[Word]) -> int:
    return sum(ch.isalnum() for w in words for ch in w.text)


def _uncovered(crop: np.ndarray, box: list[int], words: list[Word]) -> int:
    """Dark pixels of a cell's crop (4 px in from its rules) outside its words' boxes."""
    if crop.size == 0:
        return 0
    ink = crop < 128
    for w in words:
        x, y, bw, bh = w.box
        x0, y0 = max(0, x - box[0] - 4 - 3), max(0, y - box[1] - 4 - 3)
        ink[y0:max(0, y + bh - box[1] - 4 + 3), x0:max(0, x + bw - box[0] - 4 + 3)] = False
    return int(np.count_nonzero(ink))


def joined_share(crop: np.ndarray, height: float) -> float:
    """Share of a cell crop's ink in joined strokes: connected components at least half a text
    line tall and wider than 1.1 text heights (a pen word; a printed letter is narrower).  Ink is
    what is clearly darker than the cell's paper (its 90th percentile), so a light photo counts
    too; a crop without contrast has none (0.0)."""
    if crop.size == 0:
        return 0.0
    paper = float(np.percentile(crop, 90))
    if paper - float(crop.min()) <= 80:
        return 0.0
    ink = (crop < paper - 60).astype(np.uint8)
    total = int(np.count_nonzero(ink))
    if not total:
        return 0.0
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    wide = sum(int(a) for _, _, w, h, a in stats[1:n] if h >= 0.45 * height and w >= 1.1 * height)
    return wide / total


@dataclass(frozen=True)
class _Crop:
    """A cell's crop to read on its own (a little in from its rules, padded, enlarged when small)."""

    image: np.ndarray
    psm: int
    dx: int
    dy: int
    scale: float


def _reread_crop(grey: np.ndarray, box: list[int], height: float) -> _Crop | None:
    x0, y0, x1, y1 = box[0] + 4, box[1] + 4, box[2] - 4, box[3] - 4
    crop = grey[y0:y1, x0:x1]
    if crop.size == 0:
        return None
    scale = 2.0 if height < 40 else 1.0
    if scale != 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    pad = int(PAD * scale)
    crop = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    psm = 7 if (y1 - y0) < 2.2 * height else 6
    return _Crop(crop, psm, x0 - PAD, y0 - PAD, scale)


def _rereads(grey: np.ndarray, boxes: list[list[int]], height: float, options: IngestOptions) -> list[list[Word]]:
    """Each cell's words read on its own crop, all cells of the page in one Tesseract process per
    page segmentation mode (``ocr.read_crops``: the same readings as one call per cell)."""
    crops = [_reread_crop(grey, box, height) for box in boxes]
    wanted = [c for c in crops if c is not None]
    data = iter(read_crops([(c.image, c.psm) for c in wanted], options)) if wanted else iter(())
    out: list[list[Word]] = []
    for crop in crops:
        if crop is None:
            out.append([])
            continue
        words = crop_words(next(data), crop.dx, crop.dy, crop.scale)
        out.append([w for w in words if any(ch.isalnum() for ch in w.text)])
    return out


def read_cells(text: PageText, page: Page, options: IngestOptions) -> PageText:
    """``text`` with its words in the grid cells of ``page`` (see the module docstring); unchanged
    when ``find_tables`` found no grid or the kept reading is of another geometry."""
    started = time.perf_counter()
    cells, ink_before = recorded_cells(page.steps)
    gate = next((s for s in text.steps if s.stage == "quality_gate"), None)
    if not cells or (gate is not None and gate.details.get("kept") == "light"
                     and gate.details.get("light_path") == "upright"):
        record = StageRecord("read_cells", (time.perf_counter() - started) * 1000, {"cells": 0})
        return replace(text, steps=text.steps + (record,))
    grey = _grey(page.image)
    height = statistics.median([w.box[3] for w in text.words]) if text.words else 30.0
    tol = max(6, page.dpi // 30)
    min_ink = max(8, int(height * height / 25))  # dark pixels below which a cell is empty paper (specks)
    rows = {t: _index([c[2] for c in cells if c[0] == t], tol) for t in {c[0] for c in cells}}
    cols = {t: _index([c[1] for c in cells if c[0] == t], tol) for t in {c[0] for c in cells}}
    words = list(text.words)
    placed: dict[int, list[int]] = {}  # cell -> indices of its words
    for i, w in enumerate(words):
        k = next((k for k, c in enumerate(cells) if _inside(w, c[1:])), None)
        if k is not None:
            placed.setdefault(k, []).append(i)
    replaced: dict[int, list[Word]] = {}
    hands = kept_new = 0
    joined = [joined_share(grey[c[2] + 4:c[4] - 4, c[1] + 4:c[3] - 4], height) for c in cells]
    inked = [j for j, c in zip(joined, cells) if _ink(grey, c[1:]) >= min_ink]
    joins_type = not inked or statistics.median(inked) >= PAGE_JOINED  # type's letters touch here
    inks: list[int] = []
    reread: list[int] = []  # first the cells to read again (each cell's choice is its own), then one batch
    for k, cell in enumerate(cells):
        box = cell[1:]
        mine = [words[i] for i in placed.get(k, [])]
        crop = grey[box[1] + 4:box[3] - 4, box[0] + 4:box[2] - 4]
        inks.append(int(np.count_nonzero(crop < 128)) if crop.size else 0)
        weakest = min((w.conf for w in mine), default=0.0)
        lost = _uncovered(crop, box, mine)  # ink no word of the page's reading covers (a line it lost)
        if inks[k] >= min_ink and (not mine or weakest < REREAD_BELOW or lost >= max(3 * min_ink, LOST_SHARE * inks[k])) \
                and len(reread) < MAX_REREADS:
            reread.append(k)
    agains = dict(zip(reread, _rereads(grey, [cells[k][1:] for k in reread], height, options)))
    for k, cell in enumerate(cells):
        box = cell[1:]
        mine = [words[i] for i in placed.get(k, [])]
        ink = inks[k]
        before = ink_before[k] if k < len(ink_before) else ink
        lost_to_marks = before >= min_ink and ink < (1 - HAND_REMOVED) * before
        if k in agains:
            again = agains[k]
            if _alnum(again) and (not mine or _mean(again) > _mean(mine)
                                  or _alnum(again) > _alnum(mine) and _mean(again) >= _mean(mine) - MORE_TEXT_MARGIN):
                mine, kept_new = again, kept_new + 1
        hand = lost_to_marks and not _alnum(mine) or bool(mine) and _mean(mine) < HAND_CONF \
            or ink >= min_ink and not joins_type and joined[k] >= JOINED_SHARE and _mean(mine) < JOINED_CONF
        if hand and not mine:  # only pen strokes: a placeholder marks the cell
            mine = [Word(text="", conf=0.0, box=(box[0], box[1], box[2] - box[0], box[3] - box[1]))]
        hands += hand
        t = cell[0]
        tag = (t, rows[t][cell[2]], cols[t][cell[1]])
        replaced[k] = [replace(w, cell=tag, hand=hand) for w in mine]
    out = _in_order(words, placed, replaced)
    record = StageRecord("read_cells", (time.perf_counter() - started) * 1000,
                         {"cells": len(cells), "reread": len(reread), "kept_reread": kept_new, "handwritten": hands,
                          "type_joined": joins_type})
    return replace(text, words=tuple(out), steps=text.steps + (record,))


def _ink(grey: np.ndarray, box: list[int]) -> int:
    crop = grey[box[1] + 4:box[3] - 4, box[0] + 4:box[2] - 4]
    return int(np.count_nonzero(crop < 128)) if crop.size else 0


def _in_order(words: list[Word], placed: dict[int, list[int]], replaced: dict[int, list[Word]]) -> list[Word]:
    """The page's words in their reading order, each cell's words where its first word stood (a
    cell read only on its own: after the last word above its middle)."""
    keyed: list[tuple[float, int, int, Word]] = []
    inside = {i for k in placed for i in placed[k]}
    keyed += [(float(i), -1, 0, w) for i, w in enumerate(words) if i not in inside]
    for k, new in replaced.items():
        if k in placed:
            at = float(min(placed[k]))
        else:
            middle = (new[0].box[1] + new[0].box[3] / 2) if new else 0
            above = [i for i, w in enumerate(words) if w.box[1] + w.box[3] / 2 <= middle]
            at = max(above, default=-1) + 0.5
        keyed += [(at, k, n, w) for n, w in enumerate(new)]
    return [w for *_, w in sorted(keyed, key=lambda e: e[:3])]
