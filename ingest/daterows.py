"""Rows of a letter's date that the field re-reading's row finder (``fieldread.field_lines``) passes over, found on
the page's word rows when the document's date is still wanted and no place-date, time stamp or head date row was
found for it.

- A date written in words, the opening of an agreement or a record ("Pada hari ini Selasa tanggal Dua Puluh Dua
  bulan Agustus tahun Dua Ribu / Dua Puluh Tiga (22-08-2023), bertempat di …"): extraction reads it only whole,
  and one word misread ("tangga!"), or its figures in brackets misread against its words ("(01-01-2024)" under
  "Satu bulan April"), leaves the date empty. Its rows are found by the formula's own frame, which every such
  date has whatever its words: the word "bulan", a month word, the word "tahun" (one letter misread allowed in
  each); with the row under it (a year in words and its figures wrap) and the row above it when the frame starts
  the row (the day's words wrapped).
- A place-date in the rows under the page reading's last row (a faint photo's reading that stopped early), found
  on a reading of that band: a day, a month word and a year on one row.
- A post's or a message's time stamp whose clock word the page misread past one letter ("05 Mei 2023 puksil
  08.105"): a row that starts with a day, a month word and a year, then one word and a time of day in figures.

These functions only choose rows; the rows are read again and what their readings give is voted on and checked as
for any date row (``fieldread.settle``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from .dates import repair_month
from .model import Word

FRAME_EDITS = 1  # letters of "bulan" / "tahun" a reading may have misread
WRAP_ROWS = 3.0  # the next row belongs to the date when its centre is at most this many word heights lower (a
# line pitch is 1.3-2 word heights; a paragraph's blank line more; a row read too many only adds words to the band)


def _frame_word(token: str, word: str) -> bool:
    return Levenshtein.distance(token.strip(".,;:").lower(), word, score_cutoff=FRAME_EDITS) <= FRAME_EDITS


def _frame_at(texts: Sequence[str]) -> int | None:
    """Where "bulan <month> tahun" stands among ``texts`` (the index of "bulan"), or None."""
    for i in range(len(texts) - 2):
        if _frame_word(texts[i], "bulan") and repair_month(texts[i + 1].strip(".,;:")) is not None \
                and _frame_word(texts[i + 2], "tahun"):
            return i
    return None


def _centre(line: Sequence[Word]) -> float:
    return sorted(w.box[1] + w.box[3] / 2 for w in line)[len(line) // 2]


def _height(line: Sequence[Word]) -> float:
    return float(sorted(w.box[3] for w in line)[len(line) // 2])


def words_date_rows(lines: Sequence[list[Word]]) -> list[list[Word]] | None:
    """The rows of a date written in words (see the module's docstring), top down: the row holding the frame
    "bulan <month> tahun", the row above it when the frame is among its first four words, and the row under it
    when it is near enough (``WRAP_ROWS``). The first such date of the page; None when there is none."""
    ordered = sorted(lines, key=_centre)
    for k, line in enumerate(ordered):
        at = _frame_at([w.text for w in sorted(line, key=lambda w: w.box[0])])
        if at is None:
            continue
        h = _height(line)
        rows = [line]
        if at <= 3 and k > 0 and _centre(line) - _centre(ordered[k - 1]) <= WRAP_ROWS * h:
            rows.insert(0, ordered[k - 1])
        if k + 1 < len(ordered) and _centre(ordered[k + 1]) - _centre(line) <= WRAP_ROWS * h:
            rows.append(ordered[k + 1])
        return rows
    return None


_DAY = re.compile(r"[0-9OIl]{1,2}")
_YEAR = re.compile(r"(?:19|20)[0-9OIlZ]{2}")
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


def dated_row(line: Sequence[Word]) -> list[Word] | None:
    """``line`` from its place (or its day) on when it holds a day of one or two figures, a month word and a year
    one after the other, at most two words before the day (a place whose comma was lost: "Paringin 19 Juli 2023")
    and at most one token after the year; else None. A row of a page's band the page reading lost, read again as
    a place-date row: whether it is the letter's date is for extraction to say."""
    words = sorted(line, key=lambda w: w.box[0])
    texts = [w.text.strip(",.") for w in words]
    for i in range(min(3, max(0, len(texts) - 2))):
        if _DAY.fullmatch(texts[i]) and repair_month(texts[i + 1]) is not None and _YEAR.fullmatch(texts[i + 2]) \
                and len(texts) - (i + 3) <= 1:
            start = i - 1 if i and re.fullmatch(r"[A-Z][A-Za-z'\-]{2,}", texts[i - 1]) else i
            return list(words[start:])
    return None
