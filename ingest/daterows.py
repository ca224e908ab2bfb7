"""Rows of a letter's date that the field re-reading's row finder (``fieldread.field_lines``) passes over, found on
the page's word rows when the document's date is still wanted and no place-date, time stamp or head date row was
found for it: a post's or a message's time stamp whose clock word the page misread past one letter ("05 Mei 2023
puksil 08.105", where ``field_lines`` allows one): a row that starts with a day, a month word and a year, then one
word and a time of day in figures. And the page's text line that kept only a place-date row's place
(``place_only_line``), for the row's re-reading to stand in.

These functions only choose rows; the rows are read again and what their readings give is voted on and checked as
for any date row (``fieldread.settle``); whether the re-read row is the document's date is for extraction to say
(``metadata._head_date_kind``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .dates import repair_month
from .model import Word

_DAY = re.compile(r"[0-9OIl]{1,2}")
_YEAR = re.compile(r"(?:19|20)[0-9OIlZ]{2}")
_PLACE = re.compile(r"[A-Z][A-Za-z'\-]{2,},")  # "Paringin,": a place ending in its comma
_ROW_DAY = re.compile(r"(?=\D*\d)[0-9OIlZ]{1,2}")  # a day, a figure of it at least ("18", "Z2")
_TIME = re.compile(r"[0-9OIl]{1,2}[.:,][0-9OIl]{2,3}")  # "08.05", a speck read as a third figure ("08.105")


def clock_stamp_row(line: Sequence[Word]) -> list[Word] | None:
    """``line`` from its day on when it is a time stamp whose clock word may be misread: a day, a month word, a
    year, one word, a time of day in figures (``_TIME``), and at most one token before the day (a speck, an
    icon read as a letter or two); else None."""
    words = sorted(line, key=lambda w: w.box[0])
    texts = [w.text for w in words]
    for i in range(min(2, len(texts))):
        if len(texts) < i + 5 or i and sum(ch.isalnum() for ch in texts[0]) > 2:
            return None  # before the day at most an icon or a speck read as a letter or two, no word
        day, month, year, _, time = texts[i:i + 5]
        if _DAY.fullmatch(day) and repair_month(month) is not None and _YEAR.fullmatch(year) \
                and _TIME.fullmatch(time):
            return list(words[i:])
    return None


def place_only_line(lines: Sequence[str], row: Sequence[str]) -> list[int]:
    """The text's line (its index, in a list) that holds only the first word of the place-date ``row`` (the
    row's words as the page read them), that word a place ending in its comma ("Paringin," of "Paringin, 18 Juli
    2023"): the text dropped the day, month and year the row's words have. Empty when the row is no place and
    date (``row``: its place, a day, a month word and a year) or no line, or more than one, is its place
    alone: which one the row is would be a guess."""
    if len(row) < 4 or not _PLACE.fullmatch(row[0]) or not _ROW_DAY.fullmatch(row[1]) \
            or repair_month(row[2]) is None or not _YEAR.search(" ".join(row[3:])):
        return []
    found = [i for i, line in enumerate(lines) if line.split() == [row[0]]]
    return found if len(found) == 1 else []
