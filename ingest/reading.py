"""Reading order of a page region from Tesseract's word boxes (pure geometry, no OCR).

Tesseract's automatic layout (psm 3) reads paragraph by paragraph. On official letters that
puts a label column before its values, list numbers before their items, and sometimes a line
in a paragraph far above it. ``reading_rows`` regroups such lines into the rows a person reads.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from .labels import LABELS
from .model import Word


@dataclass
class _Unit:
    """A paragraph as Tesseract laid it out: its lines (indices into the page's line list)
    and their geometry."""

    lines: list[int]
    x0: int
    x1: int
    y0: int
    y1: int
    centres: list[float]
    heights: list[float]
    widths: list[int]

    @property
    def prose(self) -> bool:
        """Several lines most of which fill the paragraph's width: wrapped running text."""
        wide = sum(w >= 0.8 * (self.x1 - self.x0) for w in self.widths)
        return len(self.lines) >= 4 and wide >= 0.6 * len(self.lines)


def _unit(indices: list[int], lines: list[list[Word]]) -> _Unit:
    boxes = [[w.box for w in lines[i]] for i in indices]
    x0 = min(b[0] for line in boxes for b in line)
    x1 = max(b[0] + b[2] for line in boxes for b in line)
    y0 = min(b[1] for line in boxes for b in line)
    y1 = max(b[1] + b[3] for line in boxes for b in line)
    letters = [[w.box for w in lines[i] if sum(ch.isalnum() for ch in w.text) >= 2] or [w.box for w in lines[i]]
               for i in indices]  # a ":" or "," box would pull a line's centre and height
    centres = [float(np.median([b[1] + b[3] / 2 for b in line])) for line in letters]
    heights = [float(np.median([b[3] for b in line])) for line in letters]
    widths = [max(b[0] + b[2] for b in line) - min(b[0] for b in line) for line in boxes]
    return _Unit(indices, x0, x1, y0, y1, centres, heights, widths)


def _same_row(c: float, h: float, d: float, k: float) -> bool:
    return abs(c - d) <= 0.4 * max(h, k)


def _beside(a: _Unit, b: _Unit) -> bool:
    """``a`` and ``b`` stand next to each other: no shared columns, mostly the same height band."""
    gap = 0.5 * float(np.median(a.heights + b.heights))
    if not (a.x1 <= b.x0 + gap or b.x1 <= a.x0 + gap):
        return False  # they share columns: stacked, not side by side
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    if overlap <= 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
        return False
    # some lines level with each other (not one paragraph sitting in a gap of the other's lines)
    return any(abs(c - d) < (h + k) / 2 for c, h in zip(a.centres, a.heights) for d, k in zip(b.centres, b.heights))


def _side_by_side(a: _Unit, b: _Unit) -> bool:
    """``a`` and ``b`` sit next to each other on the same rows: a label column beside its
    values, list numbers beside their items, two signature blocks, a date beside a nomor."""
    if not _beside(a, b):
        return False
    if a.prose and b.prose:
        return False  # two columns of running text are read one after the other
    few, many = (a, b) if len(a.lines) <= len(b.lines) else (b, a)
    aligned = sum(any(_same_row(c, h, d, k) for d, k in zip(many.centres, many.heights))
                  for c, h in zip(few.centres, few.heights))
    return aligned >= 0.6 * len(few.lines)


_TYPE_RATIO = 1.6  # letter heights of two paragraphs differing more than this: two type sizes


def _two_blocks(a: _Unit, b: _Unit) -> bool:
    """``a`` and ``b`` (paragraphs beside each other) are two blocks of their own, not the two sides of
    rows: each holds several lines and they are set in type sizes far apart (median letter heights
    more than ``_TYPE_RATIO`` apart). A label column and its values, list numbers and their items, two
    signature blocks are set alike; a note in small print (a boxed "CATATAN :" list at the foot of a
    letter) beside the signer's lines, whose letters the signature and stamp make taller still, is
    another block: joined row by row, the signer's name and NIP were read inside the note's lines. A
    single line beside a paragraph (a logo's mark beside the letterhead) is left to the rows."""
    if min(len(a.lines), len(b.lines)) < 2:
        return False
    ha, hb = float(np.median(a.heights)), float(np.median(b.heights))
    return max(ha, hb) > _TYPE_RATIO * min(ha, hb)


def reading_rows(lines: list[list[Word]], keys: list[tuple]) -> tuple[list[list[Word]], list[tuple]]:
    """Tesseract's automatic layout often makes a paragraph of a label column ("Nomor",
    "Sifat", "Lampiran", "Perihal") and another of the values beside it, or of list numbers
    or section letters and their items, and reads one after the other. A person reads such
    lines row by row.

    Paragraphs of one region that sit side by side with lines on the same rows are paired;
    in each pair the narrower one is the side column. Each side-column line joins the line it
    shares a row with (words left to right), and the row is read where its line of the other,
    host paragraph was read; lines that share no row stay where they were. A line that is only
    a list marker ("1.", "A.", "b)") joins the line that starts just right of it. When nothing
    else stands beside anything (one column), rows are read top down, which also puts back a
    line Tesseract grouped into a paragraph far above it. Columns that do not share rows (two
    columns of running text) keep Tesseract's order, and so do two blocks of several lines set in
    type sizes far apart (``_two_blocks``: a note in small print beside the signer's lines)."""
    order: list[tuple] = []
    members: dict[tuple, list[int]] = {}
    for index, key in enumerate(keys):
        para = key[:-1]
        if para not in members:
            members[para] = []
            order.append(para)
        members[para].append(index)
    if len(order) < 2:
        return lines, keys
    units = {para: _unit(members[para], lines) for para in order}
    unit_of = {i: para for para in order for i in members[para]}
    side_lines: set[int] = set()
    links: list[tuple[float, int, int]] = []  # (distance, side line, host line)
    columns = False  # paragraphs beside each other whose lines do not share rows
    for n, a in enumerate(order):
        for b in order[n + 1:]:
            ua, ub = units[a], units[b]
            if a[0] != b[0] or not _beside(ua, ub):
                continue
            if not _side_by_side(ua, ub) or _two_blocks(ua, ub):
                columns = True
                continue
            side, host = (ua, ub) if ua.x1 - ua.x0 <= ub.x1 - ub.x0 else (ub, ua)
            side_lines.update(side.lines)
            for i, c, h in zip(side.lines, side.centres, side.heights):
                near = [(abs(c - d), j) for j, d, k in zip(host.lines, host.centres, host.heights)
                        if _same_row(c, h, d, k)]
                if near:
                    distance, j = min(near)
                    links.append((distance, i, j))
    linked = {i for _, i, _ in links}
    for i, line in enumerate(lines):
        if i not in linked and _LIST_MARKER.match(" ".join(w.text for w in line)):
            item = _item_of(i, lines, unit_of)
            if item is not None:
                side_lines.add(i)
                links.append(item)
    if not links and columns:
        return lines, keys
    # rows: lines joined by links, closest first, never two lines of one paragraph in a row
    row_of = {i: i for i in range(len(lines))}
    rows: dict[int, set[int]] = {i: {i} for i in range(len(lines))}
    for _, i, j in sorted(links):
        ri, rj = row_of[i], row_of[j]
        if ri == rj or {unit_of[m] for m in rows[ri]} & {unit_of[m] for m in rows[rj]}:
            continue
        rows[ri] |= rows.pop(rj)
        for m in rows[ri]:
            row_of[m] = ri
    out_lines: list[list[Word]] = []
    out_keys: list[tuple] = []
    placed = sorted(rows.values(), key=lambda row: _row_place(row, side_lines))
    if not columns:
        placed = _top_down(placed, units, unit_of, lines)
    for row in placed:
        out_lines.append(sorted((w for m in row for w in lines[m]), key=lambda w: w.box[0]))
        out_keys.append(keys[_row_place(row, side_lines)])
    return out_lines, out_keys


def _top_down(rows: list[set[int]], units: dict[tuple, _Unit], unit_of: dict[int, tuple],
              lines: list[list[Word]]) -> list[set[int]]:
    """One-column reading: rows top down, and lines that stand on one row without sharing
    columns (a nomor and the date at the right margin) joined left to right."""
    geometry = {i: (c, h) for u in units.values() for i, c, h in zip(u.lines, u.centres, u.heights)}

    def centre(row: set[int]) -> tuple[float, float]:
        return (float(np.median([geometry[m][0] for m in row])), float(np.median([geometry[m][1] for m in row])))

    def extent(row: set[int]) -> list[tuple[int, int]]:
        return [(min(w.box[0] for w in lines[m]), max(w.box[0] + w.box[2] for w in lines[m])) for m in row]

    out: list[set[int]] = []
    for row in sorted(rows, key=lambda r: centre(r)[0]):
        if out:
            (c, h), (d, k) = centre(out[-1]), centre(row)
            apart = all(b1 <= a0 or a1 <= b0 for a0, a1 in extent(out[-1]) for b0, b1 in extent(row))
            shared = {unit_of[m] for m in out[-1]} & {unit_of[m] for m in row}
            if _same_row(c, h, d, k) and apart and not shared:
                out[-1] = out[-1] | row
                continue
        out.append(row)
    return out


def _row_place(row: set[int], side_lines: set[int]) -> int:
    """Where a row is read: at its first line of a host paragraph (else its first line)."""
    hosts = [m for m in row if m not in side_lines]
    return min(hosts or row)


# A line that is only a list marker: "1.", "A.", "b)", "(2)", "-", "•".
_LIST_MARKER = re.compile(r"^\s*(?:\(?[0-9]{1,2}[.)]|\(?[A-Za-z][.)]|[-–•*])\s*$")


def _item_of(i: int, lines: list[list[Word]], unit_of: dict[int, tuple]) -> tuple[float, int, int] | None:
    """A link from list marker line ``i`` to the text it numbers: the nearest line of another
    paragraph that starts just to its right on the same row."""
    box = lines[i][-1].box
    right, c, h = box[0] + box[2], box[1] + box[3] / 2, box[3]
    best = None
    for j, line in enumerate(lines):
        if unit_of[j] == unit_of[i]:
            continue
        first = line[0].box
        gap = first[0] - right
        if -0.2 * h <= gap <= 4 * max(h, first[3]) and _same_row(c, h, first[1] + first[3] / 2, first[3]):
            if best is None or gap < best[0]:
                best = (gap, j)
    return None if best is None else (0.0, i, best[1])


_GUTTER = 3.0  # a gap between words this many letter heights wide may separate two blocks
_BLOCK_ROWS = 3  # lines a right-hand block holds at least


def right_blocks(lines: list[list[Word]], keys: list[tuple]) -> tuple[list[list[Word]], list[tuple]]:
    """Split off a block standing in the right half of a region beside other lines ("Kepada Yth. ..."
    beside "Nomor / Sifat / Lampiran / Hal", a second signature block) and read it after them.

    Tesseract's automatic layout sometimes makes one text line of a label row and the addressee
    line level with it, and ``reading_rows`` joins rows of paragraphs that stand side by side, so
    the two blocks come out interleaved row by row. A person (and the transcription of a letter)
    reads the left block, then the right one. A right-hand block is found from geometry only: a
    line with words on the left and, after a gap of ``_GUTTER`` letter heights, words starting in the
    right half of the region's text, followed by lines (each at most three letter heights below the
    one before) with such a right-hand part or only one, at most one line at a time without; at
    least ``_BLOCK_ROWS`` right-hand parts, two of them beside words on the left. Right-hand lines
    above the first line with words on the left (the date, "Kepada") stay where they are read. A
    label column beside its values stays a row: its values start in the left half. The left-hand
    lines must read as a label block (``_label_block``): the columns of an unruled table or a list
    beside a note stay rows. A label row that runs up closer to the block than ``_GUTTER`` is parted where
    its words start at the block's edge (``_aligned_cuts``), and the left block's label rows under the
    block's last line are read with the left block (``_left_tail``)."""
    if len(lines) < _BLOCK_ROWS:
        return lines, keys
    heights = [w.box[3] for line in lines for w in line if sum(ch.isalnum() for ch in w.text) >= 2]
    if not heights:
        return lines, keys
    h = float(np.median(heights))
    x_min = min(w.box[0] for line in lines for w in line)
    x_max = max(w.box[0] + w.box[2] for line in lines for w in line)
    middle = (x_min + x_max) / 2

    def split(line: list[Word]) -> int | None:
        """Index of the first word of a right-hand part (0: the whole line), else None."""
        if min(w.box[0] for w in line) >= middle:
            return 0
        return _right_cut(line, h, middle)

    def centre(line: list[Word]) -> float:
        return float(np.median([w.box[1] + w.box[3] / 2 for w in line]))

    cuts = _aligned_cuts(lines, [split(line) for line in lines], h, middle, centre)
    out_lines: list[list[Word]] = []
    out_keys: list[tuple] = []
    i = 0
    while i < len(lines):
        run = _right_run(i, lines, cuts, h, centre)
        if run is not None and not _label_block([sorted(lines[m], key=lambda w: w.box[0])[:cuts[m]]
                                                 for m in range(i, run) if cuts[m] != 0], h):
            run = None  # a table's columns, a list beside something: read row by row as before
        if run is not None:
            run = _left_tail(i, run, lines, cuts, h, centre)
        if run is None:
            out_lines.append(lines[i])
            out_keys.append(keys[i])
            i += 1
            continue
        lefts, rights = [], []
        edge = min(sorted(lines[m], key=lambda w: w.box[0])[cuts[m] or 0].box[0]
                   for m in range(i, run) if cuts[m] is not None)
        for m in range(i, run):
            ordered = sorted(lines[m], key=lambda w: w.box[0])
            if cuts[m] is None:
                cuts[m] = _hanging_cut(ordered, h, edge)
            cut = cuts[m] if cuts[m] is not None else len(ordered)
            if ordered[:cut]:
                lefts.append((ordered[:cut], keys[m]))
            if ordered[cut:]:
                rights.append((ordered[cut:], (keys[m][0], -1 - i) + tuple(keys[m][2:])))
        for line, key in lefts + rights:
            out_lines.append(line)
            out_keys.append(key)
        i = run
    return _lone_right_parts(out_lines, out_keys, h, middle)


_EDGE_GUTTER = 1.5  # letter heights: a narrower gap parts a line where the words after it start at a block's edge
_EDGE_ALIGN = 0.5  # letter heights a line's right-hand part may start from the edge of the parts beside it
_EDGE_REACH = 5.0  # letter heights (centre to centre, twice ``_NEXT_ROW``) from a line to the parts whose edge it shares
_SPECK_CONF = 25.0  # a word of no letter or digit read under this is a speck (a dash read in the gutter)


def _aligned_cuts(lines: list[list[Word]], cuts: list[int | None], h: float, middle: float,
                  centre: Callable[[list[Word]], float]) -> list[int | None]:
    """``cuts`` (``right_blocks``' split of each line) with a cut added to a line that has none, where the
    line's words after a gap of ``_EDGE_GUTTER`` letter heights start in the right half, at the edge
    (within ``_EDGE_ALIGN`` letter heights) where a line near it (``_EDGE_REACH``) starts its right-hand part
    beside words on its left. A long number or a wrapped perihal runs up close to the addressee block
    beside it ("No. : 000.4.6.2/346/Bid.LPP/DISPERSIP/IV/  Kepada Yth. Lurah Jiseda": 2.2 letter heights on a
    CamScanner letter; "PERIHAL : Permintaan Peminjaman Buku  Balangan": 2.75), too close for ``_GUTTER``,
    and the block was read interleaved with the label rows: the block's other lines show where it
    starts. A speck read in the gap (``_speck``) does not close it. Geometry only; a line of running text
    has no gap that wide (a justified line's word spaces reached 1.9 letter heights on a photocopy), so the
    words before the gap must be a label row or continue the value of one above (where its value starts,
    within a letter height), and the run must still hold a label block (``_label_block``)."""
    edges = [(centre(line), sorted(line, key=lambda w: w.box[0])[cut].box[0])
             for line, cut in zip(lines, cuts) if cut]
    values: list[tuple[float, int]] = []  # (centre, where the value starts) of the label rows read so far
    out = list(cuts)
    for i, line in enumerate(lines):
        c = centre(line)
        ordered = sorted(line, key=lambda w: w.box[0])
        if cuts[i] is not None:
            _note_value(values, c, ordered[:cuts[i]], h)
            continue
        near = [x for d, x in edges if 0 < abs(d - c) <= _EDGE_REACH * h]
        above = [v for d, v in values if 0 < c - d <= _EDGE_REACH * h]
        for n in range(1, len(ordered)):
            start = ordered[n].box[0]
            solid = [w for w in ordered[:n] if not _speck(w)]
            if start < middle or not solid or not any(abs(start - x) <= _EDGE_ALIGN * h for x in near):
                continue
            if not (_label_row(solid) or any(abs(solid[0].box[0] - v) <= h for v in above)):
                break  # running text (a justified line's wide word spaces), a table's row: no label block
            if start - max(w.box[0] + w.box[2] for w in solid) >= _EDGE_GUTTER * h:
                out[i] = n
                break
        _note_value(values, c, ordered[:out[i]] if out[i] is not None else ordered, h)
    return out


def _note_value(values: list[tuple[float, int]], c: float, part: list[Word], h: float) -> None:
    """Note where the value of the label row ``part`` (a line's left-hand part, centred at ``c``) starts."""
    if part and _label_row(part) and (start := _value_start(part, h)) is not None:
        values.append((c, start))


def _speck(w: Word) -> bool:
    return w.conf < _SPECK_CONF and not any(ch.isalnum() for ch in w.text)


def _left_tail(start: int, end: int, lines: list[list[Word]], cuts: list[int | None], h: float,
               centre: Callable[[list[Word]], float]) -> int:
    """End (exclusive) of a right-hand block's run (``_right_run``'s ``end``) taken on over the label rows of
    the left block standing under its last line (each at most ``_NEXT_ROW`` letter heights below the one
    before, no right-hand part of its own) and the lines continuing their values, so they are read with
    the left block, before the right one ("Perihal : Balasan Surat Permohonan" under "Lampiran : -  Jiseda",
    the addressee block ending beside "Lampiran"; "BuRT" under "Perihal: Undangan Kegiatan Sosialisasi", where
    its value starts). The run's end stays where the next line is neither."""
    value: int | None = None
    for m in range(end - 1, start - 1, -1):  # the value of the run's last label row
        part = sorted(lines[m], key=lambda w: w.box[0])[:cuts[m]]
        if part and _label_row(part):
            value = _value_start(part, h)
            break
    while end < len(lines) and cuts[end] is None and 0 < centre(lines[end]) - centre(lines[end - 1]) <= _NEXT_ROW * h:
        part = sorted(lines[end], key=lambda w: w.box[0])
        if _label_row(part):
            value = _value_start(part, h)
        elif value is None or abs(part[0].box[0] - value) > h:
            break
        end += 1
    return end


def _right_cut(line: list[Word], h: float, middle: float, hanging: bool = False) -> int | None:
    """Index (words ordered left to right) of the first word after a gap of ``_GUTTER`` letter heights
    that starts right of ``middle`` (``hanging``: or whose next word does, "Yth." hung left of an
    addressee's name, the hung word starting at most ``_GUTTER`` letter heights left of ``middle``: a
    number box Tesseract ran on into the addressee line beside it, "No.  :000.4.6.3/207/...Yth." starting
    20 letter heights left of it, is the label row's value, not a hung word), else None."""
    ordered = sorted(line, key=lambda w: w.box[0])
    for n in range(1, len(ordered)):
        gap = ordered[n].box[0] - (ordered[n - 1].box[0] + ordered[n - 1].box[2])
        if gap >= _GUTTER * h and any(w.box[0] >= middle for w in ordered[n:n + 1 + hanging]) and (
                ordered[n].box[0] >= middle - _GUTTER * h):
            return n
    return None


def _hanging_cut(ordered: list[Word], h: float, edge: float) -> int | None:
    """In a line of a right-hand block's run with no right-hand part of its own: the first word after
    a gap of ``_GUTTER`` letter heights when it, or the word after it, starts at the block's left
    ``edge`` (within a letter height). An addressee line "Yth. Seluruh ASN/Honorer pada" hangs its
    "Yth." left of the block's edge, just left of the region's middle, and was read with its row."""
    for n in range(1, len(ordered)):
        gap = ordered[n].box[0] - (ordered[n - 1].box[0] + ordered[n - 1].box[2])
        if gap >= _GUTTER * h and any(abs(w.box[0] - edge) <= h for w in ordered[n:n + 2]):
            return n
    return None


def _lone_right_parts(lines: list[list[Word]], keys: list[tuple], h: float, middle: float
                      ) -> tuple[list[list[Word]], list[tuple]]:
    """A label row that Tesseract made one text line with the line of a right-hand block level with
    it ("Sifat   Yth. Seluruh ASN/Honorer pada"), while it read the block's other lines as a
    paragraph of their own: the right-hand part goes to its block, before the block's line standing
    just under it (at most ``_NEXT_ROW`` letter heights below) and starting under the part's first
    words (the addressee's name under "Yth. Seluruh", not under "Yth." itself), when a line of the
    block stands just above it too ("Kepada"; a date beside the nomor, above the addressee block,
    is no line inside a block and stays). Too few right-hand
    parts for ``right_blocks``, but the block shows itself by the lines read apart. Geometry and the
    label row only; a row whose right-hand part has no such line under it stays as read."""
    cuts = [_right_cut(line, h, middle, hanging=True) for line in lines]

    def centre(line: list[Word]) -> float:
        return float(np.median([w.box[1] + w.box[3] / 2 for w in line]))

    alone = [j for j, line in enumerate(lines) if min(w.box[0] for w in line) >= middle]
    moves: dict[int, tuple[int, list[Word]]] = {}  # line under the part -> (line cut, the part)
    for i, cut in enumerate(cuts):
        if cut is None:
            continue
        ordered = sorted(lines[i], key=lambda w: w.box[0])
        left, right = ordered[:cut], ordered[cut:]
        if not _label_row(left):
            continue
        middle_y = centre(right)
        x0 = right[0].box[0] - h
        x1 = right[min(2, len(right) - 1)].box[0] + h
        under = [j for j in alone if j not in moves and 0 < centre(lines[j]) - middle_y <= _NEXT_ROW * h
                 and x0 <= min(w.box[0] for w in lines[j]) <= x1]
        over = [j for j in alone if 0 < middle_y - centre(lines[j]) <= _NEXT_ROW * h
                and x0 - h <= min(w.box[0] for w in lines[j]) <= x1]
        if under and over:  # inside a block: a date above the addressee block stays where it is
            j = min(under, key=lambda k: min(w.box[1] for w in lines[k]))
            moves[j] = (i, right)
    if not moves:
        return lines, keys
    cut_lines = {i: part for i, part in moves.values()}
    out_lines: list[list[Word]] = []
    out_keys: list[tuple] = []
    for j, (line, key) in enumerate(zip(lines, keys)):
        if j in moves:
            out_lines.append(moves[j][1])
            out_keys.append(key)
        if j in cut_lines:
            line = [w for w in line if all(w is not p for p in cut_lines[j])]
        out_lines.append(line)
        out_keys.append(key)
    return out_lines, out_keys


_NEXT_ROW = 2.5  # letter heights (centre to centre) a block's next line stands under the one before at most


_SURE_WORD = 60.0  # a word read at least this sure (two letters or digits) is print that closes a gutter
_SIGN_GUTTER = 4.0  # letter heights between two signature blocks at least (a word lost in a line leaves less)
_SIGN_SPACE = 4.0  # letter heights between two printed lines of a block that leave room for a signature
_SIGN_REACH = 10.0  # letter heights a line across the signature space stands under the one before at most
_SIGN_RATIO = 3.0  # the signature space is this many times the block's other line steps at least
_SIGN_ABOVE = 6  # printed lines above the signature space at most (the jabatan, a date over it)
_SIGN_UNDER = 4  # printed lines under it at most (name, pangkat, NIP)
_SIGN_SCRIBBLE = 6  # lines read in the signature space at most (a scribble, a stamp read as letters)


def signer_blocks(lines: list[list[Word]], keys: list[tuple]) -> tuple[list[list[Word]], list[tuple]]:
    """Two signature blocks side by side ("PIHAK PERTAMA" / "PIHAK KEDUA", "Mengetahui" / "Yang membuat")
    read block by block: the left block's lines, then the right one's.

    Tesseract reads such blocks straight across, one text line holding both blocks' jabatan, then both
    names, both NIPs; a person (and the transcription of a letter) reads the left block first. Found from
    the word boxes only (``_signer_run``): a run of lines, one under the other, through which a gutter at
    least ``_GUTTER`` letter heights wide runs that no sure word crosses (``_SURE_WORD``; a signature's
    scribble read as letters is not sure), with sure words on both sides of it on two lines or more,
    and a space of at least ``_SIGN_SPACE`` letter heights between two of its printed lines, with print
    of both blocks under it: the room left for the signatures. The rows of an unruled table or a list
    beside a note are evenly spaced (no such room), and a label block beside an addressee is
    ``right_blocks``'s: a run whose left parts read as label rows (``_label_block``) stays as read."""
    heights = [w.box[3] for line in lines for w in line if sum(ch.isalnum() for ch in w.text) >= 2]
    if len(lines) < _BLOCK_ROWS or not heights:
        return lines, keys
    h = float(np.median(heights))
    sure = [w for line in lines for w in line if _sure(w)]
    if not sure:
        return lines, keys
    middle = (min(w.box[0] for w in sure) + max(w.box[0] + w.box[2] for w in sure)) / 2
    out_lines: list[list[Word]] = []
    out_keys: list[tuple] = []
    i = floor = 0  # lines from ``floor`` on were put out one by one, as read
    while i < len(lines):
        run = _signer_run(i, lines, h, floor, middle)
        if run is None:
            out_lines.append(lines[i])
            out_keys.append(keys[i])
            i += 1
            continue
        start, end, cut = run
        del out_lines[len(out_lines) - (i - start):], out_keys[len(out_keys) - (i - start):]
        lefts, rights = [], []
        for m in range(start, end):
            ordered = sorted(lines[m], key=lambda w: w.box[0])
            left = [w for w in ordered if w.box[0] + w.box[2] / 2 < cut]
            right = [w for w in ordered if w.box[0] + w.box[2] / 2 >= cut]
            if left:
                lefts.append((left, keys[m]))
            if right:
                rights.append((right, (keys[m][0], -1 - start) + tuple(keys[m][2:])))
        for line, key in lefts + rights:
            out_lines.append(line)
            out_keys.append(key)
        i = floor = end
    return out_lines, out_keys


_ENTRY_ROWS = 2  # rows a grid of labelled entries holds at least
_ENTRY_WORDS = 3  # words an entry holds at least (its label and a value of two words or more)
_ENTRY_ALIGN = 1.0  # letter heights the entries of one column may start apart
_ENTRY_GUTTER = 2.0  # letter heights of the row's own type (four word spaces and more) between two entries
_FORM_COLONS = 0.5  # letter heights the colons of one column stand apart at most in a form's tabulated fields


def entry_columns(lines: list[list[Word]], keys: list[tuple]) -> tuple[list[list[Word]], list[tuple]]:
    """Two columns of labelled entries side by side read column by column: the left column's entries,
    then the right one's (a KANTOR CABANG footer, "Jabodetabek: Jl. ..." beside "Kepulauan Riau: Bukit
    ...", the next branch under each).

    Tesseract reads such a grid straight across, one text line holding an entry of each column. Found
    from the word boxes only: a run of at least ``_ENTRY_ROWS`` lines, each under the one before (at most
    ``_NEXT_ROW`` letter heights), each parted by exactly one gap of at least ``_ENTRY_GUTTER`` letter
    heights (of the run's own type: a footer is set smaller than the body), the gaps of the run sharing a
    clear vertical channel that wide; both parts of every line are entries of their own (``_entry``: a
    label with its colon within the first words, then the value) and the parts of each side start at
    one left edge (within ``_ENTRY_ALIGN`` letter heights). A right-hand part that is no labelled entry
    keeps its row: the place and date beside the nomor ("Nomor : ... / Balangan, 2 Mei 2024"), an
    unruled table's second column, a second signature block (``signer_blocks``' work); so does a row
    with a third part (a table of more columns). So do a form's fields in two columns, their colons
    tabulated in both (each column's colons within ``_FORM_COLONS`` letter heights: "Surat dari : ..."
    beside "Diterima tanggal : ..."), which the real set's disposition forms write row by row; a list
    flowed into two columns sets each label's colon right after it. Lines ``right_blocks`` or ``signer_blocks`` parted
    already (keys whose paragraph number is negative) are left as they are."""
    if len(lines) < _ENTRY_ROWS:
        return lines, keys
    parts = [_entry_parts(line, key) for line, key in zip(lines, keys)]
    out_lines: list[list[Word]] = []
    out_keys: list[tuple] = []
    i = 0
    while i < len(lines):
        end = i + 1
        while parts[i] is not None and end < len(lines) and _entry_run(parts[i:end + 1], lines[end - 1], lines[end]):
            end += 1
        if end - i < _ENTRY_ROWS:
            out_lines.append(lines[i])
            out_keys.append(keys[i])
            i += 1
            continue
        run = [part for part in parts[i:end] if part is not None]
        out_lines += [left for left, _ in run] + [right for _, right in run]
        out_keys += keys[i:end] + [(keys[m][0], -1 - i) + tuple(keys[m][2:]) for m in range(i, end)]
        i = end
    return out_lines, out_keys


def _type_height(words: list[Word]) -> float:
    """Median height of ``words`` of two letters or digits at least (all of them when none is)."""
    letters = [w.box[3] for w in words if sum(ch.isalnum() for ch in w.text) >= 2] or [w.box[3] for w in words]
    return float(np.median(letters))


def _entry_run(run: list[tuple[list[Word], list[Word]] | None], above: list[Word], line: list[Word]) -> bool:
    """The rows ``run`` (the last of them ``line``, under ``above``) are one grid of entries so far: each
    parted into two entries, ``line`` close under ``above``, a channel ``_ENTRY_GUTTER`` letter heights
    wide between the two sides of every row, each side's entries starting at one edge."""
    if any(part is None for part in run):
        return False
    pairs = [part for part in run if part is not None]
    h = _type_height([w for left, right in pairs for w in left + right])
    if not 0 < _line_centre(line) - _line_centre(above) <= _NEXT_ROW * h:
        return False
    channel = min(right[0].box[0] for _, right in pairs) - max(left[-1].box[0] + left[-1].box[2] for left, _ in pairs)
    edges = ([left[0].box[0] for left, _ in pairs], [right[0].box[0] for _, right in pairs])
    if channel < _ENTRY_GUTTER * h or any(max(e) - min(e) > _ENTRY_ALIGN * h for e in edges):
        return False
    colons = ([_colon_x(left) for left, _ in pairs], [_colon_x(right) for _, right in pairs])
    return not all(max(c) - min(c) <= _FORM_COLONS * h for c in colons)


def _colon_x(part: list[Word]) -> float:
    """Where the label's colon of entry ``part`` ends (its word's right side)."""
    word = next(w for w in part[:3] if ":" in w.text)
    return float(word.box[0] + word.box[2])


def _entry_parts(line: list[Word], key: tuple) -> tuple[list[Word], list[Word]] | None:
    """``line`` parted at its one gap of ``_ENTRY_GUTTER`` letter heights into two labelled entries, else None."""
    if len(key) > 1 and isinstance(key[1], int) and key[1] < 0 or not line:
        return None
    h = _type_height(line)
    ordered = sorted(line, key=lambda w: w.box[0])
    cuts = [n for n in range(1, len(ordered))
            if ordered[n].box[0] - (ordered[n - 1].box[0] + ordered[n - 1].box[2]) >= _ENTRY_GUTTER * h]
    if len(cuts) != 1:
        return None
    left, right = ordered[:cuts[0]], ordered[cuts[0]:]
    return (left, right) if _entry(left) and _entry(right) else None


def _entry(part: list[Word]) -> bool:
    """A labelled entry: ``_ENTRY_WORDS`` words at least, a colon within the first three and a value after it."""
    colon = next((n for n, w in enumerate(part[:3]) if ":" in w.text), None)
    return len(part) >= _ENTRY_WORDS and colon is not None and colon + 1 < len(part)


def _sure(w: Word) -> bool:
    return w.conf >= _SURE_WORD and sum(ch.isalnum() for ch in w.text) >= 2


def _line_centre(line: list[Word]) -> float:
    return float(np.median([w.box[1] + w.box[3] / 2 for w in line]))


def _gutter_through(line: list[Word], lo: float, hi: float, h: float) -> tuple[float, float] | None:
    """The gutter ``(lo, hi)`` narrowed to what ``line``'s sure words leave free, else None (a sure word
    crosses its middle, or it is left narrower than ``_GUTTER`` letter heights)."""
    middle = (lo + hi) / 2
    for w in line:
        if not _sure(w):
            continue
        x0, x1 = w.box[0], w.box[0] + w.box[2]
        if x0 < middle < x1:
            return None
        if x1 <= middle:
            lo = max(lo, x1)
        else:
            hi = min(hi, x0)
    return (lo, hi) if hi - lo >= _SIGN_GUTTER * h else None


def _sides(line: list[Word], middle: float) -> tuple[bool, bool]:
    """Whether ``line`` holds sure words left of ``middle``, right of it."""
    sure = [w for w in line if _sure(w)]
    return any(w.box[0] + w.box[2] / 2 < middle for w in sure), any(w.box[0] + w.box[2] / 2 >= middle for w in sure)


def _signer_run(i: int, lines: list[list[Word]], h: float, floor: int, centre: float
                ) -> tuple[int, int, float] | None:
    """``(start, end, middle)`` of two signature blocks side by side whose first line with sure words on
    both sides is line ``i`` (``signer_blocks``; lines from ``floor`` on may join above it), else None.
    Lines join while they stand under the one before: at most ``_NEXT_ROW`` letter heights, or up to
    ``_SIGN_REACH`` across the signature space for a line with print of both blocks, with no sure
    word (a scribble read as letters), or with the next line just under it holding print of both. Lines
    above line ``i`` join the same way, and across the signature space once whatever they hold (the
    jabatan over it, one block's read unsure under a stamp)."""
    sure = sorted((w for w in lines[i] if _sure(w)), key=lambda w: w.box[0])
    gaps = [(a.box[0] + a.box[2], b.box[0]) for a, b in zip(sure, sure[1:]) if b.box[0] - (a.box[0] + a.box[2]) >= _SIGN_GUTTER * h]
    if len(gaps) != 1:
        return None
    lo, hi = float(gaps[0][0]), float(gaps[0][1])
    if not lo - _NEXT_ROW * h <= centre <= hi + _NEXT_ROW * h:
        return None  # not the two halves of the region: a line's words lost in its left or right part

    def joins(m: int, above: int, gutter: tuple[float, float]) -> tuple[float, float] | None:
        step = _line_centre(lines[m]) - _line_centre(lines[above])
        narrowed = _gutter_through(lines[m], *gutter, h)
        if narrowed is None or step <= 0:
            return None
        left, right = _sides(lines[m], sum(narrowed) / 2)
        if step <= _NEXT_ROW * h or (step <= _SIGN_REACH * h and (left == right or _both_next(m, narrowed))):
            return narrowed
        return None

    def _both_next(m: int, gutter: tuple[float, float]) -> bool:
        """Line ``m + 1`` stands just under line ``m`` with print of both blocks (a name lost on one side
        of the names' line, the pangkat or NIP lines under it read whole)."""
        if m + 1 >= len(lines) or not 0 < _line_centre(lines[m + 1]) - _line_centre(lines[m]) <= _NEXT_ROW * h:
            return False
        narrowed = _gutter_through(lines[m + 1], *gutter, h)
        return narrowed is not None and all(_sides(lines[m + 1], sum(narrowed) / 2))

    end = i + 1
    while end < len(lines):
        narrowed = joins(end, end - 1, (lo, hi))
        if narrowed is None:
            break
        lo, hi = narrowed
        end += 1
    while end - 1 > i and not any(_sure(w) for w in lines[end - 1]):
        end -= 1  # scribble under the blocks is no part of them
    start = i
    levels = [_line_centre(lines[m]) for m in range(i, end) if any(_sure(w) for w in lines[m])]
    room = any(b - a >= _SIGN_SPACE * h for a, b in zip(levels, levels[1:]))
    while start > floor:
        step = _line_centre(lines[start]) - _line_centre(lines[start - 1])
        narrowed = _gutter_through(lines[start - 1], lo, hi, h)
        if narrowed is None or not 0 < step <= (_NEXT_ROW if room else _SIGN_REACH) * h:
            break  # across the signature space once (the jabatan over it, one side unsure under a stamp)
        lo, hi = narrowed
        start -= 1
        if any(_sure(w) for w in lines[start]):
            room = room or levels[0] - _line_centre(lines[start]) >= _SIGN_SPACE * h if levels else room
            levels.insert(0, _line_centre(lines[start]))
    middle = (lo + hi) / 2
    sides = [_sides(lines[m], middle) for m in range(start, end)]
    if sum(left and right for left, right in sides) < 2:
        return None
    printed = [(m, _line_centre(lines[m])) for m, (left, right) in zip(range(start, end), sides) if left or right]
    steps = [b[1] - a[1] for a, b in zip(printed, printed[1:])]
    wide = [n for n, step in enumerate(steps) if step >= _SIGN_SPACE * h]
    if len(wide) != 1:
        return None  # no room for signatures, or rows spread over the page (a table's tall rows)
    space = wide[0] + 1
    rest = steps[:space - 1] + steps[space:]
    if rest and steps[space - 1] < _SIGN_RATIO * float(np.median(rest)):
        return None  # the rows of a table with tall rows: the room is no wider than its other rows
    if space > _SIGN_ABOVE or len(printed) - space > _SIGN_UNDER:
        return None  # more lines than a jabatan over a signature, a name, pangkat and NIP under it
    if printed[space][0] - printed[space - 1][0] - 1 > _SIGN_SCRIBBLE:
        return None  # many unsure lines between: a page read badly, not a signature's scribble
    under = [sides[m - start] for m, _ in printed[space:]]
    if not (any(left for left, _ in under) and any(right for _, right in under)):
        return None
    lefts = [[w for w in sorted(lines[m], key=lambda w: w.box[0]) if w.box[0] + w.box[2] / 2 < middle]
             for m in range(start, end)]
    if _label_block(lefts, h):
        return None
    return start, end, middle


def _right_run(i: int, lines: list[list[Word]], cuts: list[int | None], h: float,
               centre: Callable[[list[Word]], float]) -> int | None:
    """End (exclusive) of a right-hand block whose first line with words on the left is line
    ``i``, else None: following lines (each at most three letter heights below the one before)
    with a right-hand part, or with none at most one at a time."""
    if not cuts[i]:
        return None  # no right-hand part, or a right-hand line above the left block: read in place
    with_right, with_left, last = 0, 0, i
    m = i
    while m < len(lines):
        if m > i and not 0 < centre(lines[m]) - centre(lines[m - 1]) <= 3 * h:
            break
        cut = cuts[m]
        if cut is not None:
            with_right += 1
            with_left += cut > 0
            last = m
        elif m - last > 1:
            break
        m += 1
    return last + 1 if with_right >= _BLOCK_ROWS and with_left >= 2 else None


def _label_block(lefts: list[list[Word]], h: float) -> bool:
    """The left-hand parts of a block's lines read as label rows ("Nomor : ...", "Lamp. 1 berkas",
    "Kepada :"): at least two, and at least half of them (a wrapped value continues a row). A label
    row starts with a label word of the letter's number block, or holds a colon within its first
    three words. A left part starting where the value of the label row above it starts (within a
    letter height; the value standing at least two letter heights right of its label) continues
    that value ("Hal : Undangan Rapat Persiapan" / "Festival Literasi Jakarta" / "Tahun 2024" beside
    the addressee) and counts as the row's: one label row with its wrapped value is a label block too.
    The rows of an unruled table or of a list start at the table's or list's left edge."""
    rows = continued = 0
    value: int | None = None
    for part in lefts:
        if not part:
            continue
        if _label_row(part):
            rows += 1
            value = _value_start(part, h)
        elif value is not None and abs(part[0].box[0] - value) <= h:
            continued += 1
        else:
            value = None
    return rows >= 1 and rows + continued >= 2 and 2 * (rows + continued) >= sum(bool(part) for part in lefts)


def _value_start(part: list[Word], h: float) -> int | None:
    """Left edge of a label row's value (the word after the label's colon, or after the label word
    when the colon is lost), when it stands at least two letter heights right of the label."""
    at = next((n + 1 for n, w in enumerate(part[:3]) if ":" in w.text), 1)
    if at >= len(part) or part[at].box[0] - part[0].box[0] < 2 * h:
        return None
    return part[at].box[0]


def _label_row(part: list[Word]) -> bool:
    first = part[0].text.strip(".:;,'\"|-").casefold()
    return any(first in names for names in LABELS.values()) or any(":" in w.text for w in part[:3])


_COLON_GAP = 0.8  # a gap at least this many letter heights wide may hold a lone colon
_COLON_WORDS = 3  # ... when it follows one of the line's first words (a label column's colon)


def lone_colons(band: np.ndarray, lines: list[list[Word]], dy: int = 0) -> list[list[Word]]:
    """Put back the colon standing alone between a label and its value ("Nomor   :   005/...") that
    Tesseract dropped: in a wide gap after one of a line's first ``_COLON_WORDS`` words (the line has
    no colon there yet), two small dots one above the other, one at mid-letter height and one at the
    baseline, and nothing else. ``band`` is the grey image the lines were read from (page x, page y
    minus ``dy``)."""
    h = float(np.median([w.box[3] for line in lines for w in line
                         if sum(ch.isalnum() for ch in w.text) >= 2] or [0]))
    if h < 8:
        return lines
    grey = cv2.cvtColor(band, cv2.COLOR_BGR2GRAY) if band.ndim == 3 else band
    out = []
    for line in lines:
        ordered = sorted(line, key=lambda w: w.box[0])
        head = ordered[:_COLON_WORDS + 1]
        if len(ordered) < 2 or any(":" in w.text for w in head):
            out.append(line)
            continue
        for n in range(min(_COLON_WORDS, len(ordered) - 1)):
            a, b = ordered[n], ordered[n + 1]
            x0, x1 = a.box[0] + a.box[2], b.box[0]
            if x1 - x0 < _COLON_GAP * h:
                continue
            top = int(min(a.box[1], b.box[1]) - dy)
            bottom = int(max(a.box[1] + a.box[3], b.box[1] + b.box[3]) - dy)
            box = colon_in(grey, x0, x1, top, bottom, h)
            if box is not None:
                colon = Word(":", min(a.conf, b.conf), (box[0], box[1] + dy, box[2], box[3]))
                ordered = ordered[:n + 1] + [colon] + ordered[n + 1:]
                break
        out.append(ordered if len(ordered) > len(line) else line)
    return out


def colon_in(grey: np.ndarray, x0: int, x1: int, top: int, bottom: int, h: float
              ) -> tuple[int, int, int, int] | None:
    """Box of a colon alone in ``grey[top:bottom, x0:x1]`` (a margin of a fifth of a letter height
    off both sides), else None."""
    m = max(1, int(h / 5))
    x0, x1 = int(x0) + m, int(x1) - m
    top, bottom = max(0, top), min(grey.shape[0], bottom)
    if x1 - x0 < 2 or bottom - top < 4:
        return None
    crop = grey[top:bottom, x0:x1]
    ink = (crop < _colon_level(crop)).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    dots = [s for s in stats[1:] if s[cv2.CC_STAT_AREA] >= max(2, (h / 12) ** 2)]
    if len(dots) != 2 or count - 1 > 4:  # two dots, at most two specks more
        return None
    (ax, ay, aw, ah, _), (bx, by, bw, bh, _) = sorted((tuple(s) for s in dots), key=lambda s: s[1])
    small = all(0.08 * h <= d <= 0.35 * h for d in (aw, ah, bw, bh))
    stacked = abs((ax + aw / 2) - (bx + bw / 2)) <= 0.25 * h and 0.2 * h <= by - (ay + ah) <= 0.6 * h
    if not (small and stacked):
        return None
    return int(x0 + min(ax, bx)), int(top + ay), int(max(ax + aw, bx + bw) - min(ax, bx)), int(by + bh - ay)


def _colon_level(crop: np.ndarray) -> float:
    """The grey level under which a pixel of ``crop`` (a gap between two words) is ink: half way from
    its darkest pixel to its paper (the median), never under 128. A colon's dots are small: on a
    300 dpi scan saved as JPEG they come out grey (core ~85 on paper ~240), and at the fixed level
    of 128 each dot kept a sliver of 2x4 pixels, too small to count as a dot; half way to the paper
    keeps the dot whole. A gap with nothing darker than 128 holds no ink at all (paper grain, JPEG
    ringing) and keeps the fixed level."""
    darkest = float(crop.min())
    if darkest >= 128:
        return 128.0
    return max(128.0, (darkest + float(np.median(crop))) / 2)


def semicolon_at(grey: np.ndarray, box: tuple[int, int, int, int], h: float) -> bool:
    """True when the comma ending a word's ``box`` (letter height ``h``) is a semicolon: a small dot
    over the comma, which reaches lower. Tesseract's Indonesian model reads the ";" ending the items
    of a Menimbang/Mengingat list as ","; the dot is in the image. A word read ending in ":" is left
    alone: on a JPEG-compressed letter a colon's lower dot, smeared, passed for a comma's tail."""
    x, y, w, bh = box
    x0, x1 = max(0, int(x + w - 0.6 * h)), min(grey.shape[1], int(x + w + 2))
    top, bottom = max(0, int(y - 0.1 * h)), min(grey.shape[0], int(y + bh + 0.2 * h))
    if x1 - x0 < 3 or bottom - top < 4 or h < 8:
        return False
    ink = (grey[top:bottom, x0:x1] < 128).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    marks = [tuple(int(v) for v in st[:4]) for st in stats[1:] if st[cv2.CC_STAT_AREA] >= max(2, (h / 12) ** 2)]
    if len(marks) < 2:
        return False
    end = max(m[0] + m[2] for m in marks)  # the word's last mark ends its box; of a dot over it, the lower
    tail = max((m for m in marks if m[0] + m[2] >= end - 0.3 * h), key=lambda m: m[1] + m[3])
    tx, ty, tw, th = tail
    if tw > 0.35 * h or th > 0.6 * h or th < 0.15 * h or ty + top < y + 0.35 * h:
        return False
    if x0 + tx + tw < x + w - 0.15 * h:
        return False  # no comma ends the box: pieces of a blurred letter (a messenger photo's "r,")
    for mx, my, mw, mh in marks:
        if (mx, my, mw, mh) == tail or not (0.08 * h <= mw <= 0.35 * h and 0.08 * h <= mh <= 0.35 * h):
            continue
        above = 0.1 * h <= ty - (my + mh) <= 0.7 * h
        over = abs((mx + mw / 2) - (tx + tw / 2)) <= 0.2 * h
        if above and over:
            return True
    return False


_LABEL_WORDS = 3  # a label line holds at most this many words ("Nomor Rek.", "Kepada :")
_LABEL_WIDTH = 10.0  # letter heights a label line spans at most
_LABEL_LINES = 3  # lines one label may wrap over ("Nomor" / "Rek.")
_VALUE_LINES = 6  # lines one value may wrap over
_LABEL_REACH = 9.0  # letter heights between two lines of one label column, centre to centre, at most
_LEVEL = 0.4  # centres this many letter heights apart at most are level


def label_column(lines: list[list[Word]], keys: list[tuple]) -> tuple[list[list[Word]], list[tuple]]:
    """Join each line of a label column to the value it labels, where Tesseract read the column as
    lines of their own ("NPWP", "Nomor" / "Rek.", "Uraian" beside "01.513...", "001.21...", a value
    wrapped over four lines): the label's words go in front of the value's first line, which keeps
    its place and key; the label's own line is gone.

    A person pairs a label with the value it is level with: a one-line label with the value line
    on its row (a wrapped value's later lines follow without a label), a label wrapped over two
    lines with the value centred on them, a label centred on a wrapped value (a form's cell). The
    column is found from geometry only: at least two lines of at most ``_LABEL_WORDS`` words
    starting at one left edge, each within ``_LABEL_REACH`` letter heights of the next; the values
    are the lines starting at one left edge right of the labels, with nothing between the two
    columns. Labels and values are matched in reading order, each group of labels (up to
    ``_LABEL_LINES``) with a group of consecutive values (up to ``_VALUE_LINES``) whose vertical
    centres are level (``_LEVEL``), or whose first line is level with a one-line label; values
    between groups are a wrapped value's lines. Nothing changes unless every label of the column
    finds its value (a label without one, an unruled table's rows of other shapes, stay as read)."""
    heights = [w.box[3] for line in lines for w in line if sum(ch.isalnum() for ch in w.text) >= 2]
    if len(lines) < 3 or not heights:
        return lines, keys
    h = float(np.median(heights))
    geo = [_line_geometry(line) for line in lines]
    order = sorted(range(len(lines)), key=lambda n: geo[n][4])
    label_like = {n for n in order if _label_like(lines[n], h)}
    joined: dict[int, list[int]] = {}  # value line -> the label lines joined in front of it
    done: set[int] = set()
    for i in order:
        if i in done or i not in label_like:
            continue
        # the column: lines from the same left edge down, each within reach of the one above (rows read
        # whole, label and value on one line, belong to it)
        run = [i]
        for n in order:
            if n in done or n in run or geo[n][4] < geo[i][4] or abs(geo[n][0] - geo[i][0]) > h:
                continue
            if geo[n][4] - geo[run[-1]][4] > _LABEL_REACH * h:
                break
            run.append(n)
        labels = [n for n in run if n in label_like]
        done.update(labels)
        if len(run) >= 2:
            found = _label_run(labels, lines, geo, h, done)
            joined.update(found)
            done.update(found)
    if not joined:
        return lines, keys
    gone = {m for group in joined.values() for m in group}
    out_lines: list[list[Word]] = []
    out_keys: list[tuple] = []
    for j, (line, key) in enumerate(zip(lines, keys)):
        if j in gone:
            continue
        head = [w for m in joined.get(j, []) for w in sorted(lines[m], key=lambda w: w.box[0])]
        out_lines.append(head + line)
        out_keys.append(key)
    return out_lines, out_keys


def _label_like(line: list[Word], h: float) -> bool:
    """A line that may be a label alone: a few words with a letter or digit, narrow, with no wide gap
    before a word (a label and its value read as one line); the gap before a lone ":" does not count."""
    ordered = sorted(line, key=lambda w: w.box[0])
    if len(line) > _LABEL_WORDS or not any(ch.isalnum() for w in line for ch in w.text):
        return False
    if ordered[-1].box[0] + ordered[-1].box[2] - ordered[0].box[0] > _LABEL_WIDTH * h:
        return False
    return not any(b.box[0] - (a.box[0] + a.box[2]) >= 1.5 * h and any(ch.isalnum() for ch in b.text)
                   for a, b in zip(ordered, ordered[1:]))


def _line_geometry(line: list[Word]) -> tuple[int, int, int, int, float]:
    """x0, x1, top, bottom and the vertical centre of a line (its letters' boxes: a ":" or ","
    would pull the centre)."""
    letters = [w.box for w in line if sum(ch.isalnum() for ch in w.text) >= 2] or [w.box for w in line]
    return (min(w.box[0] for w in line), max(w.box[0] + w.box[2] for w in line), min(w.box[1] for w in line),
            max(w.box[1] + w.box[3] for w in line), float(np.median([b[1] + b[3] / 2 for b in letters])))


def _label_run(run: list[int], lines: list[list[Word]], geo: list[tuple[int, int, int, int, float]], h: float,
               used: set[int]) -> dict[int, list[int]]:
    """For one label column ``run`` (line indices top down): value line -> the labels joined in front of
    it, or nothing when not every label finds a value."""
    right = max(geo[n][1] for n in run)
    top, bottom = geo[run[0]][2] - h, geo[run[-1]][3] + _VALUE_LINES * 1.5 * h
    beside = [j for j in range(len(lines)) if j not in used and geo[j][0] >= right + h
              and top <= geo[j][4] <= bottom and any(sum(ch.isalnum() for ch in w.text) >= 2 for w in lines[j])]
    if not beside:
        return {}
    edge = min(geo[j][0] for j in beside)
    values = sorted((j for j in beside if geo[j][0] <= edge + h), key=lambda j: geo[j][4])
    # nothing between the columns; a row read whole (from the labels' edge into the values) parts the
    # column: the labels above it are matched with the values above it
    cuts = [-np.inf, np.inf]
    for j in range(len(lines)):
        if j in run or j in values or not top <= geo[j][4] <= bottom or not (geo[j][0] < edge and geo[j][1] > right):
            continue
        if abs(geo[j][0] - geo[run[0]][0]) > h:
            return {}
        cuts.append(geo[j][4])
    cuts.sort()
    joined: dict[int, list[int]] = {}
    rows = 0
    for above, below in zip(cuts, cuts[1:]):
        part = [n for n in run if above < geo[n][4] < below]
        beside_part = [j for j in values if above < geo[j][4] < below]
        if not part:
            continue
        plan = _match_labels([geo[n][4] for n in part], [geo[j][4] for j in beside_part], h)
        if plan is None:
            return {}
        joined.update({beside_part[b]: [part[a] for a in group] for group, b in plan})
        rows += sum(len(group) == 1 and abs(geo[part[group[0]]][4] - geo[beside_part[b]][4]) <= _LEVEL * h
                    for group, b in plan)
    # most labels stand level with their value's first line (or are read with it on one line): a column
    # half a row off another is no form
    whole = sum(abs(geo[j][0] - geo[run[0]][0]) <= h and geo[j][1] > edge and j not in values
                and geo[run[0]][4] - _LABEL_REACH * h <= geo[j][4] <= geo[run[-1]][4] + _LABEL_REACH * h
                for j in range(len(lines)))
    return joined if 2 * (rows + whole) >= len(joined) + whole else {}


def _then(group: list[int], j: int, rest: list[tuple[list[int], int]] | None
          ) -> list[tuple[list[int], int]] | None:
    return None if rest is None else [(group, j)] + rest


def _match_labels(labels: list[float], values: list[float], h: float) -> list[tuple[list[int], int]] | None:
    """Groups of consecutive labels (by their centres, top down) each matched with a group of
    consecutive values: (label indices, first value index), every label in one group; None when no
    such matching exists. Smaller groups first (a one-line label with its row)."""
    memo: dict[tuple[int, int], list[tuple[list[int], int]] | None] = {}

    def level(a: float, b: float) -> bool:
        return abs(a - b) <= _LEVEL * h

    def alone(c: float, others: list[float]) -> bool:
        return not any(level(c, d) for d in others)

    def solve(i: int, j: int) -> list[tuple[list[int], int]] | None:
        if i == len(labels):
            return []
        if j == len(values):
            return None
        if (i, j) in memo:
            return memo[(i, j)]
        found = None
        if level(labels[i], values[j]):  # the label's row (a wrapped value's later lines follow it)
            found = _then([i], j, solve(i + 1, j + 1))
        if found is None and alone(values[j], labels) and any(level(labels[i], v) for v in values[j + 1:]):
            found = solve(i, j + 1)  # the label's row is further down: values[j] continues the value above
        for k in range(1, min(_LABEL_LINES, len(labels) - i) + 1):
            if found is not None or (k > 1 and not all(alone(c, values) for c in labels[i:i + k])):
                break  # a label level with a value line is a row of its own, not part of a wrapped label
            middle = (labels[i] + labels[i + k - 1]) / 2
            others = labels[:i] + labels[i + k:]
            for m in range(1, min(_VALUE_LINES, len(values) - j) + 1):
                if not alone(values[j + m - 1], others):
                    break
                if level(middle, (values[j] + values[j + m - 1]) / 2):
                    found = _then(list(range(i, i + k)), j, solve(i + k, j + m))
                    if found is not None:
                        break
        if found is None and alone(values[j], labels):
            found = solve(i, j + 1)  # values[j] continues the value above (a wrapped line): no label of its own
        memo[(i, j)] = found
        return found

    return solve(0, 0)


def cell_rows(lines: list[list[Word]], keys: list[tuple], cells: list[tuple[int, int, int, int]],
              own: dict[int, list[Word]] | None = None) -> tuple[list[list[Word]], list[tuple]]:
    """A ruled table's lines with each grid row read cell by cell where one of its cells holds
    more than one line of text: Tesseract reads a table band line by line straight across, so a
    row whose first cell is one line centred beside a cell of three ("PALEMBANG" beside
    "Pembekalan: ..." / "Ujian Sertifikasi: ...", a hotel and its street in the next column), or
    whose cells wrap top-aligned (a book's title over two lines beside its author and publisher, two
    offers and their fees under a schedule), comes out with the lines of its cells interleaved. Such a
    row becomes one line: each cell's words (its lines top down) left to right, where the row's first
    word stood, as a person (and the real set's transcription) reads a table. A row whose cells each hold one line is as Tesseract read it, and
    so is a wrapped top-aligned row one of whose sure words runs past its cell's rules
    (``_cut_by_rules``: a grid over running text), whose lines hold words outside the row's cells
    (``_held_whole``: a grid found over part of the table) or one of whose cells of several lines
    never wraps (``_cells_wrap``: a list of items in one ruled row, read item by item; a cell whose short
    first line stands over the rest, a date over its year, neither holds the row back nor makes it wrapped).
    A ruled row whose first cell is such a list ("1." over "2.", no rule between the items) is parted into
    its items first (``_item_rows``), each read cell by cell where its cells wrap. Every word outside
    the grid's ``cells`` (``(x0, y0, x1, y1)``, page pixels; a cell merged over rows belongs to the row
    it starts in) stays as read. Pure geometry: which cell a word's centre lies in. ``own``: cells (index -> words) read
    on their own crops (``ocr.read_cells_alone``), whose words stand in a rebuilt row in place of the
    band's words in the cell, its lines top down."""
    where, rebuilt = _rows_apart(lines, cells, wrapped=True)
    if not rebuilt:
        return lines, keys
    row_words: dict[int, list[tuple]] = {}
    first: dict[int, int] = {}  # row -> the line its first word stood on
    own = own or {}
    for i, line in enumerate(lines):
        for j, w in enumerate(line):
            got = where.get((i, j))
            if got is not None and got[0] in rebuilt:
                if got[2] not in own:
                    row_words.setdefault(got[0], []).append((got[1], got[2], i, j, w))
                first.setdefault(got[0], i)
    tops = sorted({c[1] for c in cells})
    for k, words in own.items():  # a cell read on its own: its words in place of the band's
        row = tops.index(cells[k][1])
        if row in first:
            row_words.setdefault(row, []).extend((cells[k][0], k, w.line, j, w) for j, w in enumerate(words))
    held = {i for (i, _), got in where.items() if got[0] in rebuilt}  # lines holding a rebuilt row's words
    out: list[list[Word]] = []
    out_keys: list[tuple] = []
    for i, line in enumerate(lines):
        for row in sorted(r for r, at in first.items() if at == i):
            out.append([e[-1] for e in sorted(row_words[row], key=lambda e: e[:4])])
            out_keys.append(keys[i])
        rest = [w for j, w in enumerate(line) if (i, j) not in where or where[(i, j)][0] not in rebuilt]
        if i in held and not any(ch.isalnum() for w in rest for ch in w.text):
            rest = []  # only signs outside the grid beside a rebuilt row ("|": the copied sheet's edge)
        if rest:
            out.append(rest)
            out_keys.append(keys[i])
    return out, out_keys


def _rows_apart(lines: list[list[Word]], cells: list[tuple[int, int, int, int]], wrapped: bool = False
                ) -> tuple[dict[tuple[int, int], tuple[int, int, int]], set[int]]:
    """Where each word of ``lines`` sits in the grid (``(line, word) -> (row, cell's x0, cell)``, by its
    centre) and the grid rows whose cells several lines tall are not read right straight across
    (``_cells_apart``): the rows ``cell_rows`` puts together cell by cell. ``wrapped``: also the rows
    whose cells all start on the row's first line but one of them wraps onto more lines (read straight
    across, a wrapped cell's lines stand apart, each beside the neighbours' lines: "1. Buku Kajian
    Pembangunan Tempat 1 Buku" over "Pembuangan Akhir (TPA) di Kabupaten"), unless a word read sure
    runs past its cell's side rules
    (``_cut_by_rules``), its lines hold words outside its cells (``_held_whole``) or none of its cells
    wraps or one is a list (``_cells_wrap``); a row whose first cell is a list is parted into its items
    (``_item_rows``, renumbered rows) and each item is judged so."""
    if not cells or not lines:
        return {}, set()
    tops = sorted({c[1] for c in cells})
    where: dict[tuple[int, int], tuple[int, int, int]] = {}  # (line, word) -> (row, cell's x0, cell)
    for i, line in enumerate(lines):
        for j, w in enumerate(line):
            cx, cy = w.box[0] + w.box[2] / 2, w.box[1] + w.box[3] / 2
            k = next((k for k, (x0, y0, x1, y1) in enumerate(cells) if x0 <= cx < x1 and y0 <= cy < y1), None)
            if k is not None:
                where[(i, j)] = (tops.index(cells[k][1]), cells[k][0], k)
    lines_of: dict[int, set[int]] = {}  # cell -> the lines holding its words
    for (i, _), (_, _, k) in where.items():
        lines_of.setdefault(k, set()).add(i)
    tall = {where[key][0] for key in where if len(lines_of[where[key][2]]) > 1}  # rows with a cell of several lines
    spanning = {k for k, (_, y0, _, y1) in enumerate(cells) if any(y0 < t < y1 - 3 for t in tops)}  # merged over rows
    apart = {row for row in tall if _cells_apart(row, where, lines, spanning)}
    if wrapped:
        next_id = len(tops)  # rows parted into items are renumbered from here, each apart from the others
        for row in sorted(tall - apart):
            parts = _item_rows(row, where, lines, cells, next_id)
            next_id += len(lines) + 1
            apart |= {part for part in parts if _tall(part, where) and not _cut_by_rules(part, where, lines, cells)
                      and _held_whole(part, where, lines) and _cells_wrap(part, where, lines, cells)}
    return where, apart


def _tall(row: int, where: dict[tuple[int, int], tuple[int, int, int]]) -> bool:
    """Whether a cell of grid row ``row`` holds words on more than one line."""
    lines_of: dict[int, set[int]] = {}
    for (i, _), (r, _, k) in where.items():
        if r == row:
            lines_of.setdefault(k, set()).add(i)
    return any(len(held) > 1 for held in lines_of.values())


def _item_rows(row: int, where: dict[tuple[int, int], tuple[int, int, int]], lines: list[list[Word]],
               cells: list[tuple[int, int, int, int]], first_id: int) -> list[int]:
    """Grid row ``row`` parted into the items of an unruled list it holds: where the row's first cell
    holding words is a list (several lines, none of which wraps onto the next: "1." over "2.", each
    item's number level with the item's first line in the next cells), each of its lines starts an
    item, and the row's lines from one item's line to the next make a row of their own (renumbered in
    ``where`` from ``first_id``), whose wrapped cells are then read each whole. A ruled row holding five
    numbered books, their titles wrapped over two or three lines, reads book by book, each title whole
    beside its number and count. Returns the rows ``row`` now stands for (itself where it is no list)."""
    held = {key: got for key, got in where.items() if got[0] == row}
    lead = min({got[2] for got in held.values()}, key=lambda k: cells[k][0])
    lead_lines = sorted({i for (i, _), got in held.items() if got[2] == lead},
                        key=lambda i: _row_centre(i, held, lines))
    if len(lead_lines) < 2 or _cell_breaks(lead, held, lines, cells) != "list":
        return [row]
    starts = [_row_centre(i, held, lines) for i in lead_lines[1:]]
    h = float(np.median([lines[i][j].box[3] for i, j in held]))
    line_part = {i: sum(_row_centre(i, held, lines) >= c - _CELL_LEVEL * h for c in starts) for i, _ in held}
    for (i, j), (_, x0, k) in held.items():
        where[(i, j)] = (first_id + line_part[i], x0, k)
    return sorted({first_id + m for m in line_part.values()})


def _row_centre(i: int, held: dict[tuple[int, int], tuple[int, int, int]], lines: list[list[Word]]) -> float:
    """The median centre (page y) of line ``i``'s words in ``held``."""
    return float(np.median([lines[i][j].box[1] + lines[i][j].box[3] / 2 for (li, j) in held if li == i]))


_WRAP_SPACE = 0.3  # word heights: the space a line would need before the next line's first word
_WRAP_SLACK = 0.5  # word heights a line may stop short of its cell's far side and still count as full
_WRAP_PITCH = 2.5  # word heights at most from a wrapped line's top to the next one's (the next line, not the next item)
_WRAP_FULL = 0.6  # share of its cell's width a wrapped line spans at least (a narrow column's "1." over "2." does not)


def _cells_wrap(row: int, where: dict[tuple[int, int], tuple[int, int, int]], lines: list[list[Word]],
                cells: list[tuple[int, int, int, int]]) -> bool:
    """Whether grid row ``row``'s cells of several lines are wrapped text (``_cell_breaks``): one of
    them wraps at least, and none is a list (an unruled run of items stands in that row, read across
    item by item). A cell whose lines break as wrapped text does but whose first line is short (a date
    over its year, "RABU, 8" over "JANUARI 2020") neither vetoes the row nor makes it wrapped."""
    held = {key: got for key, got in where.items() if got[0] == row}
    kinds = [_cell_breaks(k, held, lines, cells) for k in {got[2] for got in held.values()}]
    return "wraps" in kinds and "list" not in kinds


def _cell_breaks(k: int, held: dict[tuple[int, int], tuple[int, int, int]], lines: list[list[Word]],
                 cells: list[tuple[int, int, int, int]]) -> str:
    """How cell ``k``'s lines (its words in ``held``) break: "one" (a line), "wraps" (at one of its line
    breaks at least the next line's first word would not have fitted on the line before: the line's
    end, a space and that word reach past the cell's right side less the padding its text keeps on the
    left; and the line spans ``_WRAP_FULL`` of the cell's width, the next line follows right under it
    (``_WRAP_PITCH``; in a narrow column "1." and "2." look too wide, but stand the items' heights
    apart) and keeps its alignment (``_aligned``: a title centred over a form's label lines does not)),
    "short" (such a break but for a first line spanning less than ``_WRAP_FULL``: a date over its year)
    or "list" (the lines would each have fitted on the one before: "1." over "2.", "SEKRETARIS DESA"
    over "KASI PEMERINTAHAN")."""
    per_line: dict[int, list[Word]] = {}
    for (i, j), (_, _, c) in held.items():
        if c == k:
            per_line.setdefault(i, []).append(lines[i][j])
    if len(per_line) < 2:
        return "one"
    h = float(np.median([lines[i][j].box[3] for i, j in held]))
    rows_of = [sorted(ws, key=lambda w: w.box[0]) for _, ws in sorted(per_line.items(), key=lambda e: min(w.box[1] for w in e[1]))]
    x0, _, x1, _ = cells[k]
    pad = min(ws[0].box[0] for ws in rows_of) - x0
    short = False
    for ws, nxt in zip(rows_of, rows_of[1:]):
        end = ws[-1].box[0] + ws[-1].box[2]
        if (end + _WRAP_SPACE * h + nxt[0].box[2] > x1 - pad - _WRAP_SLACK * h
                and min(w.box[1] for w in nxt) - min(w.box[1] for w in ws) <= _WRAP_PITCH * h
                and _aligned(ws, nxt, h)):
            if end - x0 >= _WRAP_FULL * (x1 - x0):
                return "wraps"
            short = True
    return "short" if short else "list"


_ALIGN = 1.0  # word heights two lines of one wrapped text may stand apart at the side (or centre) they keep level


def _aligned(line: list[Word], nxt: list[Word], h: float) -> bool:
    """Whether ``nxt`` keeps ``line``'s alignment, as text wrapped within a cell does: both start level (left
    aligned), end level (right aligned) or stand centred on one another. A title centred over label lines
    ("LEMBAR DISPOSISI" over "Surat dari :", a form's cell) is no wrapped text, though the next line's
    first word would not have fitted beside the title."""
    (l0, r0), (l1, r1) = ((ws[0].box[0], ws[-1].box[0] + ws[-1].box[2]) for ws in (line, nxt))
    return min(abs(l0 - l1), abs(r0 - r1), abs(l0 + r0 - l1 - r1) / 2) <= _ALIGN * h


def _held_whole(row: int, where: dict[tuple[int, int], tuple[int, int, int]], lines: list[list[Word]]) -> bool:
    """Whether every word on the lines holding grid row ``row``'s words lies in that row's cells: a grid
    found over part of a table only (a phone photo's bent rules found in some columns) leaves the
    row's other words outside it, and putting the found cells together would tear each line in two. A word
    without a letter or digit outside the grid (a "|" read off the copied sheet's edge or a streak beside the
    table) tears no text: it stays as read, on a line of its own."""
    held = {i for (i, _), (r, _, _) in where.items() if r == row}
    return all(where.get((i, j), (-1,))[0] == row or (i, j) not in where and not any(ch.isalnum() for ch in w.text)
               for i in held for j, w in enumerate(lines[i]))


_RULE_CROSS = 0.5  # word heights a sure word of a cell may reach past its side rules (else the rules cut words)
_RULE_SURE = 60.0  # confidence from which a word counts as print the rules would cut


def _cut_by_rules(row: int, where: dict[tuple[int, int], tuple[int, int, int]], lines: list[list[Word]],
                  cells: list[tuple[int, int, int, int]]) -> bool:
    """Whether a word of grid row ``row`` read sure (``_RULE_SURE``, two letters or digits) runs
    ``_RULE_CROSS`` word heights past its cell's side rules: the rules cut words there, so the grid lies
    over running text (a paragraph read as one cell per column would come out column by column)."""
    words = [(lines[i][j], k) for (i, j), (r, _, k) in where.items() if r == row]
    h = float(np.median([w.box[3] for w, _ in words]))
    return any(w.conf >= _RULE_SURE and sum(ch.isalnum() for ch in w.text) >= 2
               and (w.box[0] < cells[k][0] - _RULE_CROSS * h or w.box[0] + w.box[2] > cells[k][2] + _RULE_CROSS * h)
               for w, k in words)


def cells_read_apart(lines: list[list[Word]], cells: list[tuple[int, int, int, int]]) -> list[int]:
    """The cells (indices into ``cells``) of the grid rows ``cell_rows`` puts together cell by cell:
    rows whose cells' lines are not level with each other (a hotel's two lines centred beside three
    lines of dates), every cell of such a row, a cell merged over rows only in the row it starts in."""
    _, rebuilt = _rows_apart(lines, cells)
    if not rebuilt:
        return []
    tops = sorted({c[1] for c in cells})
    return [k for k, c in enumerate(cells) if tops.index(c[1]) in rebuilt]


def _cells_apart(row: int, where: dict[tuple[int, int], tuple[int, int, int]], lines: list[list[Word]],
                 spanning: set[int]) -> bool:
    """Whether a grid row's cells are not read right line by line: one cell's first line stands lower
    than another cell's first line but not below its last (a cell centred beside a taller one: its
    line falls between or on the other cell's later lines; a title above a label column beside it
    is read first either way), or a cell of the row is merged over the rows under it (``spanning``:
    its later lines stand beside the next rows' cells). Where every cell starts on the row's first
    line (cells wrapped top-aligned), Tesseract's lines straight across keep each cell's lines in
    order and the row's first lines together, as before."""
    cells: dict[int, dict[int, list[Word]]] = {}  # cell -> its words per line
    for (i, j), (r, _, k) in where.items():
        if r == row:
            cells.setdefault(k, {}).setdefault(i, []).append(lines[i][j])
    if any(k in spanning and len(per_line) > 1 for k, per_line in cells.items()):
        return True
    words = [w for per_line in cells.values() for ws in per_line.values() for w in ws]
    h = float(np.median([w.box[3] for w in words]))
    centres = [sorted(float(np.median([w.box[1] + w.box[3] / 2 for w in ws])) for ws in per_line.values())
               for per_line in cells.values()]
    tol = _CELL_LEVEL * h
    # a cell starts while another is still on its lines: read straight across, they interleave
    return any(a[0] > b[0] + tol and a[0] <= b[-1] + tol for a in centres for b in centres if len(b) > 1)


_CELL_LEVEL = 0.6  # word heights between two lines' centres above which one stands lower
