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
The two confidence tests (unsure, unstable) count only on a grid whose type reads sure: on a page
blurred as a whole every printed cell fails them, and such a cell stays an unsure reading (an
unstable one's confidence lowered to ``HAND_CONF``), not pen.
A cell still unsure is read once more with what is lighter than the page's ink level made paper
(a watermark's light dots are no letters); a column whose sure readings are themselves joined
strokes (a photo's blur) is spared the joined-stroke test.

Outside the grids (a table without rules), ``read_lost`` does the same for the lone pieces of ink
the page's reading left out or misread: a row number, a one-digit count, a year, the light
columns of a photo; read on their own and kept only where two readings agree and Tesseract is sure.
A lone flat mark level with a line's words, far from any of them, is that column's dash ("-": none).
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np
from rapidfuzz import fuzz

from .components import components
from .model import Page, PageText, StageRecord, Word
from .ocr import crop_words, read_crops
from .options import IngestOptions
from .raster import grey_median, percentiles
from .tables import box_outlines, boxes_made_paper, recorded_cells, recorded_commas, recorded_tables

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
# Pen ink is often coloured (blue) where type is black: on a colour capture, a cell whose ink is
# clearly coloured once the cell's paper is made white, on a page whose cells are mostly black
# ink, is pen (or a stamp) — unless Tesseract read it sure.  ``remove_stamps`` turns coloured ink
# into paper, so the test looks at the colour page the geometry stages made, not the grey one.
PEN_CHROMA = 0.08  # a cell's ink this far from grey (channel spread, paper = 1) is coloured…
TYPE_CHROMA_RATIO = 3.0  # …and this many times the spread of the page's median cell (type's JPEG tint)
INK_LEVEL = 0.7  # colour ink: a pixel under this share of its cell's paper brightness
# Type reads alike at any size; pen strokes (any colour, on any capture) are read as a different
# guess at each size.  A cell still unsure after its readings is read at two more sizes, and when
# no two of its three readings agree it is handwriting.
UNSTABLE_CONF = 60.0  # cells kept at this mean confidence or less are read at two more sizes…
UNSTABLE_ALNUM = 3  # …when they hold this many letters and digits (a lone "3" misread is no pen)
UNSTABLE_SIZES = (0.75, 1.5)  # times the size of the cell's second reading
# A short reading must fit the ink it came from: in the page's type, letters with a tall stroke
# (capitals, digits, b d f h k l t) and none below the line are as tall as the page's other such
# words.  A cell of a body row whose short reading is boxed much taller or much smaller than that
# (a pen "A" read from a loop half again a letter high, a "4" from a fragment of a stroke) is pen.
SIZE_ALNUM = 3  # readings of at most this many letters and digits are checked…
SIZE_TALL = 1.25  # …and are pen when their box is this many times the page's type height…
SIZE_SMALL = 0.65  # …or this share of it at most
_TALL = frozenset("0123456789ABCDEFGHIKLMNOPRSTUVWXYZbdfhklt")
_BELOW = frozenset("gjpqyJQ")
COLUMN_SURE = 3  # a column whose sure readings are this many or more, mostly joined, is type that joins
# The confidence tests (a cell unsure after its readings, a reading unstable across sizes) tell pen from
# type only where the grid's type reads sure.  On a page blurred as a whole (a shaken phone, a small
# messenger photo, a defocused scan) every printed cell reads unsure and unstable; there they flag
# nothing (the cell stays unsure, so a reader leaves it empty), and only the ink's own evidence
# (colour, joined strokes, ink remove_marks took) says pen.  Nor does a reading's size there: the
# page's type height comes from its sure words, which on such a page are only its larger type.
PRINT_SURE = REREAD_BELOW  # the grid reads sure when its cells' mean confidences have this median or more
AGREE = 95.0  # two readings agree when this similar (rapidfuzz ratio of their letters and digits: one
# letter of twenty; pen strokes read at two sizes can differ by only one letter of ten)


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
    paper = percentiles(crop, (90,))[0]
    if paper - float(crop.min()) <= 80:
        return 0.0
    ink = (crop < paper - 60).astype(np.uint8)
    total = int(np.count_nonzero(ink))
    if not total:
        return 0.0
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    wide = sum(int(a) for _, _, w, h, a in stats[1:n] if h >= 0.45 * height and w >= 1.1 * height)
    return wide / total


def ink_chroma(crop: np.ndarray, min_ink: int) -> float | None:
    """Median colour spread of a BGR cell crop's ink once the crop's paper is made white (each
    channel divided by its 90th percentile): near 0 for black or grey type, 0.1 and more for blue
    or red ink.  Ink is what is darker than ``INK_LEVEL`` of the paper; None for a grey crop or
    one with fewer than ``min_ink`` ink pixels."""
    if crop.ndim != 3 or crop.size == 0:
        return None
    pixels = crop.reshape(-1, 3).astype(np.float32)
    paper = np.maximum(np.percentile(pixels, 90, axis=0), 1.0)
    balanced = pixels / paper
    ink = balanced[balanced.mean(axis=1) < INK_LEVEL]
    if len(ink) < min_ink:
        return None
    return float(np.median(ink.max(axis=1) - ink.min(axis=1)))


def _pen_coloured(colour: np.ndarray | None, shape: tuple[int, ...], cells: list[list[int]],
                  min_ink: int) -> list[bool]:
    """For each cell, whether its ink is coloured (``ink_chroma``) on a page whose type is not:
    at least ``PEN_CHROMA`` and ``TYPE_CHROMA_RATIO`` times the median cell's spread.  All False
    without a colour page of the same size."""
    if colour is None or colour.ndim != 3 or colour.shape[:2] != shape[:2]:
        return [False] * len(cells)
    spreads = [ink_chroma(colour[c[2] + 4:c[4] - 4, c[1] + 4:c[3] - 4], min_ink) for c in cells]
    known = [s for s in spreads if s is not None]
    if not known:
        return [False] * len(cells)
    typical = statistics.median(known)
    return [s is not None and s >= max(PEN_CHROMA, TYPE_CHROMA_RATIO * typical) for s in spreads]


@dataclass(frozen=True)
class _Crop:
    """A cell's crop to read on its own (a little in from its rules, padded, enlarged when small)."""

    image: np.ndarray
    psm: int
    dx: int
    dy: int
    scale: float


# A check box printed before a cell's item (a lembar disposisi's "[ ] DIKETAHUI"): a hollow square
# (``tables.box_outlines``) larger than a letter.  Read with the item it is glued to a letter
# ("Jem", "IN Direktur") or spoils the item's reading; on a cell's second reading it is made paper.
BOX_MIN, BOX_MAX = 1.2, 4.0  # a box's longer side in type heights (a letter "O" or "D" is about one)


def _ink_of(crop: np.ndarray) -> np.ndarray | None:
    """What is clearly darker than a grey crop's paper (its 90th percentile); None without contrast."""
    paper = percentiles(crop, (90,))[0]
    if paper - float(crop.min()) <= 80:
        return None
    return (crop < paper - 60).astype(np.uint8)


def check_boxes(crop: np.ndarray, height: float) -> list[tuple[int, int, int, int]]:
    """The check boxes of a grey cell ``crop`` (x, y, w, h): ``tables.box_outlines`` of ``BOX_MIN``
    to ``BOX_MAX`` type ``height`` a side, touching no edge of the crop (a cell's rules cut off at
    its crop are no box)."""
    if crop.size == 0 or not height:
        return []
    ink = _ink_of(crop)
    if ink is None:
        return []
    return [(x, y, w, h) for x, y, w, h in box_outlines(ink, BOX_MIN * height, BOX_MAX * height)
            if x > 0 and y > 0 and x + w < crop.shape[1] and y + h < crop.shape[0]]


BOX_TICK = 0.6  # ink joined to a box is its tick, made paper with it, when it reaches at most this many sides beyond


def without_boxes(crop: np.ndarray, height: float) -> np.ndarray:
    """``crop`` with its check boxes (``check_boxes``) made paper, with what they hold and a tick
    joined to them that stays near the box (``BOX_TICK``; ink joined to a box that runs further is
    left but for the box itself)."""
    boxes = check_boxes(crop, height)
    if not boxes:
        return crop
    return boxes_made_paper(crop, _ink_of(crop), boxes, BOX_TICK)


def _reread_crop(grey: np.ndarray, box: list[int], height: float, size: float = 1.0,
                 level: float | None = None) -> _Crop | None:
    """A cell's crop to read on its own; with the page's ``level`` (``ink_level``: halfway from its
    paper to its type), what is lighter than that is made paper first.  A cell holding little ink
    on a faint tint (a watermark's dots, a screen behind the table) is otherwise thresholded by
    Tesseract between the tint and the paper, and the tint is read as letters."""
    x0, y0, x1, y1 = box[0] + 4, box[1] + 4, box[2] - 4, box[3] - 4
    crop = grey[y0:y1, x0:x1]
    if crop.size == 0:
        return None
    if level is not None:
        crop = np.where(crop > level, 255, crop).astype(np.uint8)
    crop = without_boxes(crop, height)
    scale = (2.0 if height < 40 else 1.0) * size
    if scale != 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    pad = int(PAD * scale)
    crop = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    psm = 7 if (y1 - y0) < 2.2 * height else 6
    return _Crop(crop, psm, x0 - PAD, y0 - PAD, scale)


def _rereads(grey: np.ndarray, boxes: list[list[int]], height: float, options: IngestOptions,
             size: float = 1.0, level: float | None = None) -> list[list[Word]]:
    """Each cell's words read on its own crop (``size`` times the usual enlargement), all cells of
    the page in one Tesseract process per page segmentation mode (``ocr.read_crops``: the same
    readings as one call per cell)."""
    crops = [_reread_crop(grey, box, height, size, level) for box in boxes]
    wanted = [c for c in crops if c is not None]
    data = iter(read_crops([(c.image, c.psm) for c in wanted], options)) if wanted else iter(())
    out: list[list[Word]] = []
    for crop in crops:
        if crop is None:
            out.append([])
            continue
        words = crop_words(next(data), crop.dx, crop.dy, crop.scale)
        out.append([w for k, w in enumerate(words)
                    if any(ch.isalnum() for ch in w.text) or _joiner(words, k) or _label_colon(words, k)])
    return out


_JOINERS = frozenset("-–—/&")


def _joiner(words: list[Word], k: int) -> bool:
    """Whether word ``k`` of a reading is a lone dash, slash or ampersand between two words of its
    line ("6 – 17 Februari", "Keu, SDM & MR"): text of the cell, where other signs alone are
    remnants of its rules or specks (``archive.table_read`` keeps a joiner only when close to both)."""
    text = words[k].text.strip()
    if len(text) != 1 or text not in _JOINERS or not 0 < k < len(words) - 1:
        return False
    return all(any(ch.isalnum() for ch in w.text) and w.line == words[k].line for w in (words[k - 1], words[k + 1]))


def _label_colon(words: list[Word], k: int) -> bool:
    """Whether word ``k`` of a reading is a lone colon after a word of its line ("Sifat", ":"): a
    label's colon, text of the cell (``archive.table_read`` keeps it with its label)."""
    return words[k].text.strip() == ":" and k > 0 and words[k - 1].line == words[k].line \
        and any(ch.isalpha() for ch in words[k - 1].text)


def read_cells(text: PageText, page: Page, options: IngestOptions, colour: np.ndarray | None = None) -> PageText:
    """``text`` with its words in the grid cells of ``page`` (see the module docstring); unchanged
    when ``find_tables`` found no grid or the kept reading is of another geometry.  ``colour``:
    the page in colour before ``remove_stamps`` (same geometry), for pen ink of another colour."""
    started = time.perf_counter()
    cells, ink_before = recorded_cells(page.steps)
    gate = next((s for s in text.steps if s.stage == "quality_gate"), None)
    commas = recorded_commas(page.steps)
    if not cells or (gate is not None and gate.details.get("kept") == "light"
                     and gate.details.get("light_path") == "upright"):
        words, mended = commas_read(list(text.words), commas)
        record = StageRecord("read_cells", (time.perf_counter() - started) * 1000,
                             {"cells": 0, **({"commas": mended} if mended else {})})
        return replace(text, words=tuple(words), steps=text.steps + (record,))
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
    pen = _pen_coloured(colour, grey.shape, cells, min_ink)
    typed = type_height(text.words)
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
    kept: list[list[Word]] = []
    for k in range(len(cells)):
        mine = [words[i] for i in placed.get(k, [])]
        if k in agains:
            again = agains[k]
            if _alnum(again) and (not mine or _mean(again) > _mean(mine)
                                  or _alnum(again) > _alnum(mine) and _mean(again) >= _mean(mine) - MORE_TEXT_MARGIN):
                mine, kept_new = again, kept_new + 1
        kept.append(mine)
    cleaned = _cleaned(grey, cells, kept, height, options, words)
    for k, got in cleaned.items():
        kept[k] = got
    joined_columns = _joined_columns(cells, kept, joined, [i >= min_ink for i in inks], cols)
    sure_print = reads_sure(kept)
    for k, cell in enumerate(cells):
        box = cell[1:]
        mine = kept[k]
        ink = inks[k]
        before = ink_before[k] if k < len(ink_before) else ink
        lost_to_marks = before >= min_ink and ink < (1 - HAND_REMOVED) * before
        t = cell[0]
        tag = (t, rows[t][cell[2]], cols[t][cell[1]])
        hand = lost_to_marks and not _alnum(mine) or sure_print and bool(mine) and _mean(mine) < HAND_CONF \
            or ink >= min_ink and not joins_type and (t, tag[2]) not in joined_columns and joined[k] >= JOINED_SHARE \
            and _mean(mine) < JOINED_CONF \
            or pen[k] and _mean(mine) < JOINED_CONF \
            or sure_print and tag[1] > 0 and _odd_size(mine, typed)  # a grid's first row is its printed header
        if hand and not mine:  # only pen strokes: a placeholder marks the cell
            mine = [Word(text="", conf=0.0, box=(box[0], box[1], box[2] - box[0], box[3] - box[1]))]
        hands += hand
        replaced[k] = [replace(w, cell=tag, hand=hand) for w in mine]
    unstable = _unstable(grey, cells, replaced, height, options)
    for k in unstable:  # pen; on a blurred page, type read unsure: its confidence says so
        replaced[k] = [replace(w, hand=True) if sure_print else replace(w, conf=min(w.conf, HAND_CONF))
                       for w in replaced[k]]
    hands += len(unstable) if sure_print else 0
    out, mended = commas_read(_in_order(words, placed, replaced), commas)
    out, colons = colons_apart(out, grey, typed or height)
    record = StageRecord("read_cells", (time.perf_counter() - started) * 1000,
                         {"cells": len(cells), "reread": len(reread), "kept_reread": kept_new, "handwritten": hands,
                          "type_joined": joins_type, "print_sure": sure_print, "pen_coloured": sum(pen),
                          "unstable": len(unstable), "cleaned": len(cleaned),
                          "joined_columns": len(joined_columns), **({"commas": mended} if mended else {}),
                          **({"colons": colons} if colons else {})})
    return replace(text, words=tuple(out), steps=text.steps + (record,))


COMMA_END = 0.6  # a cut comma stands within this many of a word's heights of its end (the last character's width)


def commas_read(words: list[Word], commas: Sequence[tuple[int, int, int, int]]) -> tuple[list[Word], int]:
    """``words`` with a full stop read where ``tables.find_tables`` saw a comma whose tail its rule
    eraser cut (``commas``: boxes ``(x0, y0, x1, y1)`` of the comma's whole ink) read as the comma: a
    word ending in "." whose box holds such a comma's head at its end, within ``COMMA_END`` of its
    height (or a lone "." over it).  The erased page is what Tesseract read (the tail's pixels kept, it
    read whole rows otherwise); the ink before erasing says which mark it was.  Also how many changed."""
    if not commas:
        return words, 0
    out, mended = [], 0
    for w in words:
        x, y, bw, bh = w.box
        if w.text.endswith(".") and not w.text.endswith("..") and any(
                x + bw - COMMA_END * bh <= (c[0] + c[2]) / 2 <= x + bw + 2 and y <= c[1] < y + bh for c in commas):
            w = replace(w, text=w.text[:-1] + ",")
            mended += 1
        out.append(w)
    return out, mended


COLON_DOT_SIZE = 0.35  # a colon's dot is no larger than this share of the type height each way…
COLON_DOT_LEAST = 0.1  # …and no smaller (grain)
COLON_APART = 0.5  # …and the word's other ink starts this many type heights or more to its right
COLON_CONF = 90.0  # the two dots' shape is the reading (Tesseract gave the colon no character)


def colons_apart(words: list[Word], grey: np.ndarray, height: float) -> tuple[list[Word], int]:
    """``words`` with a label's colon that Tesseract took into the unsure word after it ("Nomor surat",
    "12" boxed over ": 12", the value written by hand) set apart as a word of its own: a word of a ruled
    cell read under ``REREAD_BELOW`` whose text has no colon, and whose box opens with two dots (each
    ``COLON_DOT_LEAST`` to ``COLON_DOT_SIZE`` of the type height ``height``) one above the other with the
    rest of its ink ``COLON_APART`` type heights or more to their right.  The reader then keeps the
    label with its colon (and leaves the unsure value out, flagged).  Also how many were set apart."""
    out: list[Word] = []
    found = 0
    for w in words:
        x, y, bw, bh = w.box
        crop = grey[y:y + bh, x:x + bw]
        dots = None
        if w.cell and not w.hand and w.conf < REREAD_BELOW and ":" not in w.text and any(ch.isalnum() for ch in w.text) \
                and crop.size:
            dots = _opening_colon(crop, height)
        if dots is None:
            out.append(w)
            continue
        dx0, dy0, dx1, dy1, rest = dots
        out.append(replace(w, text=":", conf=COLON_CONF, box=(x + dx0, y + dy0, dx1 - dx0, dy1 - dy0)))
        out.append(replace(w, box=(x + rest, y, bw - rest, bh)))
        found += 1
    return out, found


def _opening_colon(crop: np.ndarray, height: float) -> tuple[int, int, int, int, int] | None:
    """The box ``(x0, y0, x1, y1)`` of two dots stacked at the left of a word's ``crop`` and where the
    word's other ink starts across, or None (see ``colons_apart``)."""
    n, _, stats, _ = components((crop < 128).astype(np.uint8))
    pieces = sorted((s for s in stats[1:n] if s[4] > 2), key=lambda s: int(s[0]))
    if len(pieces) < 3:
        return None
    a, b = sorted(pieces[:2], key=lambda s: int(s[1]))
    small = all(COLON_DOT_LEAST * height <= min(s[2], s[3]) and max(s[2], s[3]) <= COLON_DOT_SIZE * height for s in (a, b))
    stacked = a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] + a[3] < b[1]
    x1 = int(max(a[0] + a[2], b[0] + b[2]))
    rest = int(min(s[0] for s in pieces[2:]))
    if not (small and stacked and rest - x1 >= COLON_APART * height):
        return None
    return int(min(a[0], b[0])), int(a[1]), x1, int(b[1] + b[3]), rest


# A dash standing for "none" in a table's cell (a NIP column's "-"): one solid flat mark, clear of
# the edges of the crop it is looked for in, shaped as ``archive.table_read`` knows a dash.
DASH_HIGH, DASH_WIDE, DASH_SHORT, DASH_LONG = 0.25, 1.5, 0.2, 1.5  # type heights high at most; width/height; length
DASH_SOLID = 0.6  # share of its box the mark's ink fills at least
DASH_SPECK = 3  # components of fewer pixels are dust, not marks
DASH_CONF = 90.0  # the mark's shape is the reading (Tesseract gives it none)


def dash_mark(crop: np.ndarray, height: float) -> tuple[int, int, int, int] | None:
    """The box ``(x, y, w, h)`` in ``crop`` (ink dark on white) of the one flat mark it holds
    when that mark is a dash: at most ``DASH_HIGH`` type heights high, ``DASH_WIDE`` times as wide as
    high, ``DASH_SHORT`` to ``DASH_LONG`` type heights long, solid, touching no edge of the crop;
    None when the crop holds anything else (a letter, two marks, a remnant of a rule at its edge)."""
    if crop.size == 0:
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats((crop < 128).astype(np.uint8), connectivity=8)
    marks = [s for s in stats[1:n] if s[4] >= DASH_SPECK]
    if len(marks) != 1:
        return None
    x, y, w, h, area = (int(v) for v in marks[0])
    if h > DASH_HIGH * height or w < DASH_WIDE * h or not DASH_SHORT * height <= w <= DASH_LONG * height:
        return None
    if x == 0 or y == 0 or x + w >= crop.shape[1] or y + h >= crop.shape[0] or area < DASH_SOLID * w * h:
        return None
    return x, y, w, h


def _cap_high(text: str) -> bool:
    """A word whose box is the type's capital height: a tall letter or digit, none below the line
    (a final full stop or colon aside)."""
    core = text.rstrip(".:")
    return bool(core) and core.isalnum() and any(ch in _TALL for ch in core) and not any(ch in _BELOW for ch in core)


def type_height(words: Sequence[Word]) -> float | None:
    """The page's type height: the median box height of its sure words of capital height; None
    with fewer than five."""
    heights = [w.box[3] for w in words if w.conf >= REREAD_BELOW and _cap_high(w.text)]
    return float(statistics.median(heights)) if len(heights) >= 5 else None


def _odd_size(words: list[Word], typed: float | None) -> bool:
    """A short reading of capital height (``SIZE_ALNUM``) boxed much taller or smaller than the
    page's type: not type, pen strokes read as letters."""
    if typed is None or not words or _alnum(words) > SIZE_ALNUM or not all(_cap_high(w.text) for w in words):
        return False
    tallest = max(w.box[3] for w in words)
    # a tall one only with a letter in it: a column of numbers may be printed larger (an agenda's numbers)
    tall = tallest >= SIZE_TALL * typed and any(ch.isalpha() for w in words for ch in w.text)
    return tall or tallest <= SIZE_SMALL * typed


def _letters(words: list[Word]) -> str:
    return "".join(ch for w in words for ch in w.text.lower() if ch.isalnum())


def reads_sure(kept: Sequence[Sequence[Word]]) -> bool:
    """Whether a grid's type reads sure (``PRINT_SURE``): the median of its read cells' mean
    confidences.  A grid with no cell read says nothing against it."""
    means = [_mean(list(words)) for words in kept if _alnum(list(words))]
    return not means or statistics.median(means) >= PRINT_SURE


def _unstable(grey: np.ndarray, cells: list[list[int]], kept: dict[int, list[Word]], height: float,
              options: IngestOptions) -> list[int]:
    """The cells not flagged yet whose kept reading is unsure (``UNSTABLE_CONF``, at least
    ``UNSTABLE_ALNUM`` letters and digits) and which Tesseract reads differently at each of two more
    sizes (``UNSTABLE_SIZES``): no two of the three readings agree — pen strokes, not type."""
    unsure = [k for k, mine in kept.items() if mine and not any(w.hand for w in mine)
              and len(_letters(mine)) >= UNSTABLE_ALNUM and _mean(mine) <= UNSTABLE_CONF][:MAX_REREADS]
    if not unsure:
        return []
    readings = [[_letters(kept[k])] for k in unsure]
    for size in UNSTABLE_SIZES:
        for got, texts in zip(_rereads(grey, [cells[k][1:] for k in unsure], height, options, size), readings):
            texts.append(_letters(got))
    return [k for k, texts in zip(unsure, readings)
            if not any(a and fuzz.ratio(a, b) >= AGREE for i, a in enumerate(texts) for b in texts[i + 1:])]


def _cleaned(grey: np.ndarray, cells: list[list[int]], kept: list[list[Word]], height: float,
             options: IngestOptions, words: list[Word]) -> dict[int, list[Word]]:
    """The cells whose kept reading is unsure (under ``HAND_CONF``) read once more with what is
    lighter than the page's ink level (``ink_level`` of its ``words``) made paper, where that reading is sure (``REREAD_BELOW``):
    a lone number on a watermark's light dots, which Tesseract thresholded between the dots and
    the paper and read as letters.  Only there: on a photo's grey type the cleaned crop reads worse."""
    unsure = [k for k, mine in enumerate(kept) if mine and _mean(mine) < HAND_CONF][:MAX_REREADS]
    if not unsure:
        return {}
    got = _rereads(grey, [cells[k][1:] for k in unsure], height, options, level=ink_level(grey, words))
    return {k: words for k, words in zip(unsure, got) if _alnum(words) and _mean(words) >= REREAD_BELOW}


def _joined_columns(cells: list[list[int]], kept: list[list[Word]], joined: list[float], inked: list[bool],
                    cols: dict[int, dict[int, int]]) -> set[tuple[int, int]]:
    """The grid columns ``(table, column)`` whose type joins its letters where the page's does not
    (a photo's blur over one column, a bold or condensed face in it): at least ``COLUMN_SURE`` of
    the column's inked cells read sure (``REREAD_BELOW``), their median joined share
    (``joined_share``) ``PAGE_JOINED`` or more.  There the joined-stroke test says nothing, as on a
    page whose type joins; a column of pen writing has no such run of sure readings."""
    shares: dict[tuple[int, int], list[float]] = {}
    for k, cell in enumerate(cells):
        if inked[k] and kept[k] and _mean(kept[k]) >= REREAD_BELOW:
            shares.setdefault((cell[0], cols[cell[0]][cell[1]]), []).append(joined[k])
    return {col for col, got in shares.items() if len(got) >= COLUMN_SURE and statistics.median(got) >= PAGE_JOINED}


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


# --- ink no word covers, outside the grids ---------------------------------------------------------
LOST_CONF = 60.0  # a lone piece of ink read on its own is kept only this sure (never a guess)
MAX_LOST = 40  # pieces read per page at most


def _covered(shape: tuple[int, int], words: list[Word], margin: int) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    for w in words:
        x, y, bw, bh = w.box
        mask[max(0, y - margin):y + bh + margin, max(0, x - margin):x + bw + margin] = 1
    return mask


def tenth_percentile(crop: np.ndarray) -> float:
    """``float(np.percentile(crop, 10))`` of a non-empty integer crop, bit for bit, without
    ``np.percentile``'s set-up (``raster.percentiles``; issue 13, speed)."""
    return percentiles(crop, (10,))[0]


def ink_level(grey: np.ndarray, words: list[Word]) -> float:
    """The grey level between this page's paper and its type: halfway from the paper (the page's
    median) to the darkness of the words read (the median of their boxes' 10th percentiles) — a
    light photo's type is grey, a scan's black."""
    paper = grey_median(grey)
    darks = [tenth_percentile(crop) for w in words[:400]
             if (crop := grey[w.box[1]:w.box[1] + w.box[3], w.box[0]:w.box[0] + w.box[2]]).size]
    dark = float(np.median(darks)) if darks else 0.0
    return (paper + dark) / 2 if paper - dark > 40 else 128.0


def _uncovered_pieces(grey: np.ndarray, words: list[Word], h: int,
                      skip: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """The ink no word covers (0/1), outside the bands ``skip``, and the statistics rows (x, y, w, h, area) of its
    pieces grouped a word gap apart (``cv2.connectedComponentsWithStats``, the background row dropped)."""
    ink = (grey < ink_level(grey, words)).astype(np.uint8)
    ink[_covered(ink.shape, words, max(2, h // 4)) > 0] = 0
    for y0, y1 in skip:
        ink[max(0, y0):y1] = 0
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(0.6 * h)), max(1, h // 3))))
    n, _, stats, _ = components(joined)
    return ink, stats[1:n]


def lost_pieces(grey: np.ndarray, words: list[Word], height: float,
                skip: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, int, int]]:
    """Boxes ``(x0, y0, x1, y1)`` of text-sized ink no word covers, on a line where words were read:
    the lone short cells (a row number, a one-digit count, a year) Tesseract's page layout drops
    from a table without rules.  Ink is grouped into pieces a word gap apart; a piece must be a
    text line tall (not a speck, not a signature or a stamp) and sit level with a word read
    elsewhere on its line.  Vertical bands in ``skip`` (ruled grids, read cell by cell) are left out."""
    h = max(8, int(height))
    ink, stats = _uncovered_pieces(grey, words, h, skip)
    middles = sorted(w.box[1] + w.box[3] / 2 for w in words if any(ch.isalnum() for ch in w.text))
    out = []
    for x, y, bw, bh, _ in stats:
        if not 0.5 * h <= bh <= 1.6 * h or bw < 0.2 * h or bw > 12 * h:
            continue
        if int(np.count_nonzero(ink[y:y + bh, x:x + bw])) < max(8, h * h // 25):
            continue
        mid = y + bh / 2
        if not any(abs(m - mid) <= 0.5 * h for m in middles):
            continue
        out.append((int(x), int(y), int(x + bw), int(y + bh)))
    return out


DASH_ALONE = 3.0  # a lost dash has no word within this many type heights on its line (a bullet's word is closer)


def lost_dashes(grey: np.ndarray, words: list[Word], height: float,
                skip: Sequence[tuple[int, int]] = ()) -> list[Word]:
    """Dashes no word covers, outside the ruled grids (``skip``), each as a "-" word: the "-" of a
    column of a table without rules ("none" in a NIP column), which Tesseract's page layout drops.
    A piece of ink (grouped as ``lost_pieces`` groups it, so a dotted rule's dots are one long run)
    is a dash when its ink is one flat solid mark (``dash_mark``), its middle lies in the middle of
    words level with it on both sides (a cell between cells: a tick in the page's margin has words on
    one side only), and no word stands within ``DASH_ALONE`` type heights of it on that line."""
    h = max(8, int(height))
    ink, stats = _uncovered_pieces(grey, words, h, skip)
    texts = [w for w in words if any(ch.isalnum() for ch in w.text) and w.box[3] >= 0.5 * height]
    out = []
    for x, y, bw, bh, _ in stats:
        if bh > DASH_HIGH * height or bw > DASH_LONG * height:
            continue
        pad = 2
        y0, x0 = max(0, y - pad), max(0, x - pad)
        mark = dash_mark(np.where(ink[y0:y + bh + pad, x0:x + bw + pad] > 0, 0, 255).astype(np.uint8), height)
        if mark is None:
            continue
        mx, my, mw, mh = mark
        box = (int(x0 + mx), int(y0 + my), int(mw), int(mh))
        mid = box[1] + mh / 2
        level = [w for w in texts if w.box[1] + 0.25 * w.box[3] <= mid <= w.box[1] + 0.85 * w.box[3]]
        near = [w for w in level if w.box[0] - DASH_ALONE * height < box[0] + mw and box[0] - DASH_ALONE * height < w.box[0] + w.box[2]]
        left = any(w.box[0] + w.box[2] <= box[0] for w in level)
        right = any(w.box[0] >= box[0] + mw for w in level)
        if left and right and not near:
            out.append(Word(text="-", conf=DASH_CONF, box=box))
    return out


def lone_words(words: list[Word], height: float) -> list[int]:
    """Indices of short words (at most three characters) that stand alone on their line, a wide gap
    (1.5 text heights) from any other word level with them, and were read unsure (under 90) or as
    no letter or digit: a lone cell Tesseract's page reading misread ("N" for a row number 2)."""
    out = []
    for i, w in enumerate(words):
        text = w.text.strip()
        if not text or len(text) > 3 or (w.conf >= 90 and any(ch.isalnum() for ch in text)):
            continue
        x, y, bw, bh = w.box
        mid = y + bh / 2
        near = [v for v in words if v is not w and abs(v.box[1] + v.box[3] / 2 - mid) <= 0.5 * height
                and v.box[0] < x + bw + 1.5 * height and x < v.box[0] + v.box[2] + 1.5 * height]
        if not near and 0.5 * height <= bh <= 1.6 * height:
            out.append(i)
    return out


def _enlarged(crop: np.ndarray, scale: float) -> np.ndarray:
    """``crop`` enlarged by ``scale`` and framed with white (``PAD`` at its size), as a piece is read."""
    big = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC) if scale != 1.0 else crop
    pad = int(PAD * scale)
    return cv2.copyMakeBorder(big, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)


def _piece_words(data: dict, scale: float, origin: tuple[int, int]) -> list[Word]:
    return [w for w in crop_words(data, dx=origin[0] - PAD, dy=origin[1] - PAD, scale=scale)
            if any(ch.isalnum() for ch in w.text)]


def _agreed(readings: list[list[Word]]) -> list[Word] | None:
    """The surest of the readings that agree with the last one (the last one included), or None when
    no earlier reading agrees with it (or it is empty)."""
    got = readings[-1]
    agree = [r for r in readings[:-1] if got and " ".join(w.text for w in r) == " ".join(w.text for w in got)]
    return max(agree + [got], key=_mean) if agree else None


def _read_pieces(grey: np.ndarray, boxes: list[tuple[int, int, int, int]], height: float,
                 options: IngestOptions) -> list[list[Word]]:
    """The words of each piece of a page read on its own (one line, psm 7), or none: Tesseract reads
    a lone short piece differently at different sizes (a "4" as "A", a "1" as nothing), so the piece
    is read at its size and enlarged, and a text is kept only when two of the readings agree on it.
    The first two sizes of all pieces are read in one Tesseract process (``ocr.read_crops``), the third
    only for the pieces the first two left undecided: the same readings as one call per size."""
    scales = (1.0, 3.0, 2.0) if height < 40 else (1.0, 2.0, 1.5)
    crops: dict[int, tuple[np.ndarray, tuple[int, int]]] = {}
    for n, box in enumerate(boxes):
        x0, y0 = max(0, box[0]), max(0, box[1])
        crop = grey[y0:box[3], x0:box[2]]
        if crop.size:
            crops[n] = (crop, (x0, y0))
    readings: dict[int, list[list[Word]]] = {n: [] for n in crops}
    out: list[list[Word]] = [[] for _ in boxes]
    undecided = list(crops)
    for first, last in ((0, 2), (2, 3)):
        wanted = [(n, scale) for n in undecided for scale in scales[first:last]]
        data = read_crops([(_enlarged(crops[n][0], scale), 7) for n, scale in wanted], options) if wanted else []
        for (n, scale), got in zip(wanted, data, strict=True):
            readings[n].append(_piece_words(got, scale, crops[n][1]))
        undecided = []
        for n in readings:
            if out[n] or len(readings[n]) != last:
                continue
            agreed = next((a for k in range(2, last + 1) if (a := _agreed(readings[n][:k])) is not None), None)
            if agreed is not None:
                out[n] = agreed
            elif last < len(scales):
                undecided.append(n)
    return out


def _type_joins(grey: np.ndarray, words: list[Word], height: float) -> bool:
    """Whether this page's type joins its letters like pen writing (a blurred photo, bold print):
    the median joined share (``joined_share``) of the words read of four letters or more."""
    shares = [joined_share(grey[w.box[1]:w.box[1] + w.box[3], w.box[0]:w.box[0] + w.box[2]], height)
              for w in words if sum(ch.isalnum() for ch in w.text) >= 4][:200]
    return not shares or statistics.median(shares) >= PAGE_JOINED


def _placed_on_lines(words: list[Word], added: list[Word], height: float) -> list[Word]:
    """``words`` with each added word given the line of the word level with it (nearest middle) and
    put after that line's last word, so the page's lines read on with it."""
    out = list(words)
    for new in sorted(added, key=lambda w: (w.box[1], w.box[0])):
        mid = new.box[1] + new.box[3] / 2
        near = min(range(len(out)), key=lambda i: abs(out[i].box[1] + out[i].box[3] / 2 - mid), default=None)
        if near is None or abs(out[near].box[1] + out[near].box[3] / 2 - mid) > 0.5 * height:
            out.append(new)
            continue
        line = out[near].line
        at = max(i for i, w in enumerate(out) if w.line == line)
        out.insert(at + 1, replace(new, line=line))
    return out


def read_lost(text: PageText, page: Page, options: IngestOptions, original: np.ndarray | None = None) -> PageText:
    """``text`` with the lone pieces of ink its reading left out or misread, outside the ruled grids,
    read on their own (``_read_pieces``): the ink no word covers (``lost_pieces``), a lone short
    word read unsure (``lone_words``) counting as uncovered, so its piece takes in the ink beside it
    that was lost ("N" of a header "No.").  A piece's reading is added where Tesseract is sure of it
    (``LOST_CONF``) and, where the piece held lone words, replaces them only when it is surer than
    they were and has no fewer letters and digits — never a guess over a reading.  Lone dashes
    (``lost_dashes``) are looked for on ``original``, the page before its cleanup (same geometry),
    when given: ``remove_borders`` takes a small dash far from any letter for dust."""
    started = time.perf_counter()
    words = list(text.words)
    if not words:
        return replace(text, steps=text.steps + (StageRecord("read_lost", 0.0, {"pieces": 0}),))
    grey = _grey(page.image)
    height = statistics.median([w.box[3] for w in words])
    bands = recorded_tables(page.steps)
    lone = {i for i in lone_words(words, height)
            if not any(y0 <= words[i].box[1] + words[i].box[3] / 2 < y1 for y0, y1 in bands)}
    trusted = [w for i, w in enumerate(words) if i not in lone]
    pieces = lost_pieces(grey, trusted, height, bands)
    margin = max(2, int(height) // 6)
    added: list[Word] = []
    dropped: set[int] = set()
    kept: dict[int, list[Word]] = {}
    joins_type: bool | None = None  # found only when a piece asks (most pages have none to read)
    readings = _read_pieces(grey, [(x0 - margin, y0 - margin, x1 + margin, y1 + margin)
                                   for x0, y0, x1, y1 in pieces[:MAX_LOST]], height, options)
    for (x0, y0, x1, y1), got in zip(pieces[:MAX_LOST], readings, strict=True):
        inside = [i for i in lone if x0 <= words[i].box[0] + words[i].box[2] / 2 < x1
                  and y0 <= words[i].box[1] + words[i].box[3] / 2 < y1]
        if not got or _mean(got) < LOST_CONF:
            continue
        if _mean(got) < JOINED_CONF and joined_share(grey[y0:y1, x0:x1], height) >= JOINED_SHARE:
            if joins_type is None:
                joins_type = _type_joins(grey, trusted, height)
            if not joins_type:
                continue  # joined strokes read unsure on a page whose type keeps its letters apart: pen, no reading
        old = [words[i] for i in inside]
        if old and (_mean(got) <= _mean(old) or _alnum(got) < _alnum(old)):
            continue
        dropped.update(inside)
        if inside:
            kept[min(inside)] = got
        else:
            added += got
    before = _grey(original) if original is not None and original.shape[:2] == grey.shape[:2] else grey
    dashes = lost_dashes(before, words, height, bands)
    added += dashes
    kept_words: list[Word] = []
    for i, w in enumerate(words):
        if i in kept:
            kept_words += [replace(n, line=w.line) for n in kept[i]]
        elif i not in dropped:
            kept_words.append(w)
    out = _placed_on_lines(kept_words, added, height)
    record = StageRecord("read_lost", (time.perf_counter() - started) * 1000,
                         {"pieces": len(pieces), "lone": len(lone), "read": min(len(pieces), MAX_LOST),
                          "added": len(added), "replaced": len(dropped), "dashes": len(dashes)})
    return replace(text, words=tuple(out), steps=text.steps + (record,))
