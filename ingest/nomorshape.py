"""Numbers whose own shape on the page says a piece of them was lost or doubled by the capture (issue 17).

A Roman month lost to a blank (``month_lost_in_gap``): a photocopy's toner dropout or a fax streak takes out the
"/VI" between a unit code and the year, and the page reads "…/DISPERSIP /2023", a number that looks whole. Numbers
without a month are real ("2163/UN30/HK/2021", "019.1/02728/2005"), so the shape alone says nothing; the blank does:
the words of a number are printed without spaces, and where Tesseract reads the year as a word of its own, standing
further from the code before it than the row's other words stand from one another by more than a figure's width, a
segment stood there. The number is emptied and named for review: which month it was, the page does not say.

A capital doubled in a code word (``doubled_letter_rival``): a fax's streak or a photocopy's ghost beside a capital
is read as the same capital again ("Bid.LLPP" for "Bid.LPP"), by most readings of the row alike. Codes do double
letters ("DPUPR", "PPK"), so the doubling alone says nothing either; another reading of the row that spells the
code word with the letter once (a blank where the second stood, "Bid.L PP", or nothing) says the readings do not
agree on how many there are. The number is emptied and named for review rather than taken either way.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby

from .model import Word
from .rowgap import wide_blank

MONTH_LOST = "bulan Romawi mungkin hilang (celah lebar sebelum tahun)"
LETTER_DOUBLED = "huruf kode terbaca ganda, bacaan lain menulisnya sekali"
_ROMAN = re.compile(r"[IVX]{1,4}")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DOUBLED = re.compile(r"([A-Z])\1")


def month_lost_in_gap(value: str, words: Sequence[Word]) -> bool:
    """Whether ``value``, a number ending in a year with no Roman month segment, stands on a row of ``words``
    (Tesseract's words with their boxes) with its year a word of its own ("/2023") after a word ending in the
    segment before it ("…/DISPERSIP"), the blank between them wider than the row's middle word space by more than a
    figure's advance (``rowgap.wide_blank``). Needs another word space on the row to compare with; words without
    places (boxes of zero size) say nothing."""
    segments = value.split("/")
    if len(segments) < 3 or not _YEAR.fullmatch(segments[-1]) or any(_ROMAN.fullmatch(s) for s in segments):
        return False
    before, year = segments[-2], segments[-1]
    for _, group in groupby(words, key=lambda w: w.line):
        row = sorted(group, key=lambda w: w.box[0])
        for a, b in zip(row, row[1:]):
            if b.text.rstrip(".,;:") != "/" + year or not a.text.rstrip(".,;:").endswith(before):
                continue
            return bool(wide_blank(row, a, b, min_spaces=1))
    return False


def doubled_letter_rival(value: str, read: Sequence[str]) -> str | None:
    """The code word of ``value`` spelled with a doubled capital once, as a reading among ``read`` (the raw
    readings of the number's row) gives it between the same neighbouring segments (blanks ignored: "Bid.L PP" for
    "Bid.LLPP"); None when ``value`` has no doubled capital in a code word, or no reading spells it once."""
    segments = value.split("/")
    compact = ["".join(r.split()) for r in read]
    for k, segment in enumerate(segments):
        if k == 0 or _ROMAN.fullmatch(segment) or not re.search(r"[A-Za-z]", segment):
            continue
        for m in _DOUBLED.finditer(segment):
            once = segment[:m.start()] + segment[m.start() + 1:]
            left = segments[k - 1] + "/"
            right = "/" + segments[k + 1] if k + 1 < len(segments) else ""
            if any(left + once + right in r for r in compact):
                return once
    return None
