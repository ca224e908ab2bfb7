"""A letter's date whose month every reading of its row spells in a word, against the letter's number whose Roman
month is one stroke off it ("…/II/2025" above "Tebing Tinggi, 12 MARET 2025" read alike three times).

A Roman month is strokes: OCR adds or drops an 'I' among them, or reads them in another place around the 'V' or
'X' ("II" for "III", "IV" for "VI"); a month word ("MARET") read the same way by every reading of its row is no
such shape. So where the two disagree by one stroke, and by nothing else, the word's month is the letter's and the
number's month is the misread one: the date is taken (``fieldread.settle``) and the number is emptied and named
for review (``NUMBER_MONTH_STROKE``), never shown as read; whatever else the number's readings settle once the
date is known may fill it again (``fieldread.settle``'s number rules, which check it against the date).

These functions only decide; the readings are given as they were read and voted on by ``fieldread``.
"""
from __future__ import annotations

from collections.abc import Sequence

from .dates import find_dates
from .nomor import ROMAN_MONTHS, check_nomor

# Said in the number's reason and review when it is emptied for its Roman month one stroke off the month the date
# row's readings spell in a word.
NUMBER_MONTH_STROKE = "bulan Romawi nomor selisih satu garis dari bulan tanggal yang dieja sama oleh setiap bacaan"
MONTH_WORD_READINGS = 3  # readings of the date row, at least, that spell the date's month in a word, unrepaired


def _one_stroke_fewer(numeral: str) -> set[str]:
    """``numeral`` with one of its strokes 'I' taken out, each way it can be."""
    return {numeral[:k] + numeral[k + 1:] for k, ch in enumerate(numeral) if ch == "I"}


def one_stroke_apart(month: str, other: str) -> bool:
    """Whether the Roman numerals ``month`` and ``other`` differ by one stroke 'I': added or dropped anywhere
    ("II" and "III", "V" and "VI", "IX" and "X"), or standing on the other side of the 'V' or 'X' ("IV" and "VI",
    "IX" and "XI"). Told from the numerals' strokes, not from a list of pairs."""
    if month == other:
        return False
    if len(month) == len(other):
        return bool(_one_stroke_fewer(month) & _one_stroke_fewer(other))
    short, long_ = sorted((month, other), key=len)
    return len(long_) == len(short) + 1 and short in _one_stroke_fewer(long_)


def _spells_month(reading: str, iso: str) -> bool:
    """Whether ``reading`` gives the date ``iso`` with its month written in a word OCR did not have to repair."""
    return any(h.iso == iso and h.kind != "numeric" and "repaired month" not in h.reason for h in find_dates(reading))


def month_word_outvotes(nomor: str, iso: str, readings: Sequence[tuple[str, str | None]]) -> bool:
    """Whether the date ``iso`` stands against the letter's number ``nomor`` that disagrees with it: the number's
    only disagreement with the date (``check_nomor``) is its Roman month, one stroke apart from the date's
    (``one_stroke_apart``); every reading of the date row that gives a date (``readings``: each reading's text
    and the date it gives, or None) gives one of that month and year, and at least ``MONTH_WORD_READINGS`` give
    ``iso`` itself with the month spelled in a word (``_spells_month``)."""
    added = [p for p in check_nomor(nomor, iso) if p not in check_nomor(nomor)]
    parts = nomor.split("/")
    if len(added) != 1 or not added[0].startswith("bulan nomor") or len(parts) < 3:
        return False
    if not one_stroke_apart(parts[-2].strip(), ROMAN_MONTHS[int(iso[5:7]) - 1]):
        return False
    given = [(text, value) for text, value in readings if value]
    if any(value[:7] != iso[:7] for _, value in given):
        return False  # a reading gives another month or year: the word is not read alike
    return sum(value == iso and _spells_month(text, iso) for text, value in given) >= MONTH_WORD_READINGS
