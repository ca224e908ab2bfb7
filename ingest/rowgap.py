"""A blank on a row of read words wider than the row's own word spaces: room for a piece the capture lost.

Words of a printed row stand a word space apart; where a blank between two of Tesseract's words is wider than the
row's middle word space by more than a figure's advance, something printed stood there (a day's second figure, a
number's Roman month) and was lost to toner dropout, a fax streak or a speck filter. Used by
``metadata._day_gap`` (a day of one figure) and ``nomorshape.month_lost_in_gap`` (a number's month).
"""
from __future__ import annotations

from collections.abc import Sequence

from .model import Word

DIGIT_ADVANCE = 0.5  # a figure's advance in letter heights (box heights of the row's words): 0.5-0.6 in print


def wide_blank(row: Sequence[Word], left: Word, right: Word, min_spaces: int) -> bool | None:
    """Whether the blank from ``left`` to ``right`` (its neighbour on ``row``, the row's words left to right) is
    wider than the row's middle word space (the spaces after every other word) by more than ``DIGIT_ADVANCE``
    letter heights (the middle height of the row's words of two letters or more). None when the row has fewer
    than ``min_spaces`` other word spaces to compare with, or no word to measure a letter by."""
    spaces = [b.box[0] - (a.box[0] + a.box[2]) for a, b in zip(row, row[1:]) if a is not left]
    heights = sorted(w.box[3] for w in row if sum(ch.isalpha() for ch in w.text) >= 2)
    if len(spaces) < min_spaces or not heights or heights[len(heights) // 2] <= 0:
        return None
    letter = heights[len(heights) // 2]
    usual = sorted(spaces)[len(spaces) // 2]
    return right.box[0] - (left.box[0] + left.box[2]) > usual + DIGIT_ADVANCE * letter
