"""Field-level re-reading: a letter's number and date lines read again on their own.

The page-level OCR reads a whole page at one scale and one binarisation; on a degraded capture the
number line ("Nomor : 000.4.6.2/335/DISPERSIP/VII/2023") is where it fails most (a Roman month read
as "VU", digits Tesseract doubts, a value lost beside its label), and extraction rightly leaves such a
number empty. Once the page's words are known, ``reread_fields`` finds the number line and the
place-date line (whose year is often lost or doubted at the page's right edge; on a page with none, a post's time
stamp or a date standing alone at the letter's head, its place lost or not printed), crops each row from the cleaned page with a margin, enlarges it to letters of ~45 px and reads
it again as one line (psm 7) under three binarisations. The values parsed from each reading (by the
extractor itself, ``metadata.extract_metadata`` on the line alone) vote: a value that at least two
readings agree on, and none of the others outvote, is recorded on the page (``StageRecord``
"fieldread"); the re-read text itself is never put into the page's text.

``settle`` then decides per document: the line's re-read text replaces the page's line, the extractor
reads the document again, and where its number or date is one the votes agreed on and the first
extraction left empty (or read differently, outvoted), that value is taken, with a confidence from
the votes, not from Tesseract's word confidences (which stay as they are). A value that fails the
number's own checks (Roman month I-XII, a plausible year, the letter's month and year) is not taken;
nor is a date that another reading of the row gives otherwise. A number no reading gives whole is then
put together segment by segment (``confirm_by_segments``): every re-reading reads each segment alike,
and the Roman month may be confirmed by the letter's own date, an independent reading of it. Failing that, it
may be decoded from the LSTM's alternatives (``decode_by_lattice``) or, when every reading loses the same last
digits of its year under the next column, its year completed from the letter's date (``complete_cut_year``), or,
when every reading gives a number printed with spaces inside it word for word alike, taken as read
(``spaced_number``); all three are shown low and flagged for review. Last, a number still empty may be voted
character by character over every reading of its row (``aligned_number``): each place most readings read alike
is taken, a place they split on only where the number's grammar and the letter's date leave one number.
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .addressee import settle_penerima, tesseract_lines
from .components import components
from .daterows import clock_stamp_row, place_only_line
from .dates import day_figures, find_dates, is_day_name, month_words, parse_parts, repair_month, weekdays
from .datevote import CROSSED, CROSSED_CONFIDENCE, crossed_date
from .errors import BurtError
from .metadata import (
    DAY_GAP,
    DIGIT_UNREAD,
    DIGIT_UNSURE,
    THRESHOLDS,
    extract_metadata,
    nomor_cites_later,
    nomor_letterhead,
)
from .model import Field, Metadata, PageText, StageRecord, Word, elapsed_ms
from .monthword import NUMBER_MONTH_STROKE, month_word_outvotes
from .nomor import (
    CITES_LATER_NOMOR,
    CODE_CONFIDENCE,
    CODE_DOT_ENDED,
    CODE_FROM_LETTERHEAD,
    DIGITS_DOUBTED,
    THIN_OR_CAPITAL_I,
    check_nomor,
    cites_later,
    code_by_letterhead,
    code_runs_into_digits,
    has_gap,
    letters_dissent,
    lone_stroke_in_code,
    nomor_key,
    nomor_year,
    spelled_by_letterhead,
    year_cut_short,
    year_out_of_range,
)
from .nomorsettle import (
    CUT_SHORT,
    DATE_LINE_MONTH,
    YEAR_BY_CITED_DATE,
    cut_short_by_readings,
    kop_joined_rival,
    kop_spelled_rival,
    month_against_date_line,
    thin_letter_restored,
    year_by_cited_date,
)
from .nomorshape import LETTER_DOUBLED, MONTH_LOST, doubled_letter_rival, month_lost_in_gap
from .nomorwrap import REST, WRAPPED_REVIEW, read_rest, rest_band, settled_by_pieces, wrapped_by_rows
from .ocr import Timestep, dictionary, read_crop, read_lattice, read_lines_by_models, witness_model
from .options import IngestOptions
from .raster import to_grey
from .wordread import NAMES as WORD_FIELDS
from .wordread import doubted_word, read_doubted_words, settle_doubted_words

log = logging.getLogger(__name__)

STAGE = "fieldread"
FIELDS = ("nomor", "tanggal")
TARGET_WORD_PX = 46.0  # word box height the line is enlarged to (x-height ~30 px)
MAX_FACTOR = 4.0
MAX_LINES = 2  # rows re-read per page at most: the number row and the place-date row
MIN_VOTES = 3  # of the page's reading and the re-readings (measured: two correlated readings agreeing on a
# wrong digit happened; three did not, bench/README.md "Field re-reading")

_LABEL = re.compile(r"^[^A-Za-z0-9]*([A-Za-z]{2,6})\.?\s*[:;.]?")
_NOMOR_SHAPE = re.compile(r"[0-9OIl][0-9A-Za-z.\-]*[/|][0-9A-Za-z.\-/|]{3,}")


@dataclass(frozen=True)
class LineReading:
    """One line read again: which field it was read for, the page's reading of it, the re-readings,
    and the values the readings gave for each field with their votes."""

    field: str
    page_line: str
    readings: tuple[str, ...]
    values: dict[str, str]  # field -> value the readings agreed on
    votes: dict[str, int]
    of: int  # readings that voted (the page's line and the re-readings)
    confidences: tuple[float, ...] = ()  # per re-reading, Tesseract's lowest confidence on a word with a digit
    lattice: tuple[tuple[str, tuple[Timestep, ...]], ...] = ()  # a number row the votes left unsettled, read
    # once more keeping the LSTM's alternatives (``ocr.read_lattice``): per word, its text and timesteps
    witness: tuple[str, ...] = ()  # a row the votes left unsettled, read again by the second model
    # (``IngestOptions.witness_tessdata``, ``read_by_witness``); counted in ``of`` only when they settled it
    sharpened: tuple[str, ...] = ()  # a number row every vote left open, read under ``SHARPENED_VARIANTS`` by
    # both models: further witnesses of the character-by-character vote only (``aligned_number``)
    unconfirmable: bool = False  # such a row not read sharpened: no reading of its plain images gives a number,
    # so ``aligned_number`` could confirm no segment the sharpened readings gave and passes the row over
    garbled: tuple[str, ...] = ()  # readings whose figures rival the number the witness's vote took, passed over
    # for the year no letter carries they read (``year_garbled_rivals``): the number is shown to a clerk


    def to_json(self) -> dict:
        out = {"field": self.field, "page_line": self.page_line, "readings": list(self.readings),
               "values": dict(self.values), "votes": dict(self.votes), "of": self.of,
               "confidences": [round(c, 1) for c in self.confidences]}
        if self.lattice:
            out["lattice"] = [[word, [dict(step) for step in steps]] for word, steps in self.lattice]
        if self.witness:
            out["witness"] = list(self.witness)
        if self.sharpened:
            out["sharpened"] = list(self.sharpened)
        if self.unconfirmable:
            out["unconfirmable"] = True
        if self.garbled:
            out["garbled"] = list(self.garbled)
        return out


# ---------------------------------------------------------------- which lines

def _lines(words: Sequence[Word]) -> list[list[Word]]:
    return tesseract_lines(words, top_down=False)


def _is_nomor_label(token: str) -> bool:
    low = token.lower().strip(".:;")
    if low in ("no", "nomor", "nomer", "nornor"):
        return True
    return len(low) >= 4 and fuzz.ratio(low, "nomor") >= 75


_LABEL_SPLIT = re.compile(r"^(\W{0,3})([A-Za-z]) ([A-Za-z]{3,5}\.?)(?=\s|[:;]|$)")  # "N OMOR": the first letter apart


def _label_joined(line: str) -> str:
    """``line`` with a Nomor label OCR split after its first letter ("N OMOR 000.1.5/…") written as one word."""
    split = _LABEL_SPLIT.match(line)
    if split and _is_nomor_label(split.group(2) + split.group(3)):
        return split.group(1) + split.group(2) + split.group(3) + line[split.end():]
    return line


def _nomor_line(line: list[Word]) -> bool:
    """A row holding the letter's own number: it starts with a Nomor label (or a lost label's colon and a
    number-shaped token), or has one after the date column; not a body line citing another letter's
    number ("Nomor 041/250/DPK-KS/2023, tanggal 14 Juni 2023")."""
    text = _label_joined(" ".join(w.text for w in line))
    if re.search(r"\b(tanggal|tgl)\b", text, re.IGNORECASE):
        after = re.split(r"(?i)\bnomor\b|\bno\.", text, maxsplit=1)[-1]
        if re.search(r"\b(tanggal|tgl)\b", after, re.IGNORECASE):
            return False
    first = _LABEL.match(text)
    if first and _is_nomor_label(first.group(1)):
        # a number row's label is followed by its colon, its number or nothing; a lower-case word after it
        # is prose ("Nomor laporan …", a phone photo's body words read in a shadow), no number row; words
        # with no digit and no colon anywhere are a table's column heads ("No. Nama Jabatan Tanda Tangan")
        rest = text[first.end():]
        if re.search(r"[:;]", first.group(0)):
            return True
        return not re.match(r"[a-z]{3,}\b", rest) and not _column_heads(rest)
    if re.match(r"^\W{0,3}[:;]\s*\S", text) and _NOMOR_SHAPE.search(text[:40]):
        return True
    if first and _label_misread(first.group(0)) and _NOMOR_SHAPE.search(text[first.end():first.end() + 40]):
        return True
    return bool(re.search(r"\d{4}\s+(nomor|no\.)\s*[:;]", text, re.IGNORECASE))


_MISREAD_LABEL = re.compile(r"^\W{0,3}(N[a-z]\.|[A-Z]?[MN]?[O0]?M[O0E]R)\s*[:;.]?$")
# Of those, the label cut at the sheet's edge ("YMOR"): cut in the image, so every reading of the row reads it so, and
# its readings are parsed with the label written back. A blurred "No." read "Na." is one reading's misread; a
# re-reading that misreads the label is not trusted with the value (measured: held_out doc0031's "Na." re-readings,
# parsed, let a lattice decode a wrong code letter), so only the page's row is found by it.
_CUT_LABEL = re.compile(r"^\W{0,3}[A-Z]?[MN]?[O0]?M[O0E]R\s*[:;.]?$")


def _label_misread(label: str) -> bool:
    """A Nomor label a blurred or cut photo lost a letter of: "No." with its 'o' misread ("Na.", "Ne.": an 'N',
    one lower-case letter and the abbreviation's dot) or "NOMOR" with its first letters cut at the sheet's edge or
    misread ("YMOR", "OMOR"). Taken for a label only when a number-shaped value follows it (``_nomor_line``)."""
    return bool(_MISREAD_LABEL.match(label.strip()))


def _column_heads(rest: str) -> bool:
    """``rest`` (what follows a No. label) is two words or more of letters only, with no digit, colon or
    slash among them: the heads of a table's columns, not a number row whose number OCR kept some of."""
    words = rest.split()
    return len(words) >= 2 and not re.search(r"[0-9:;/]", rest) and all(re.search(r"[A-Za-z]", w) for w in words)


_PLACE_DAY = re.compile(r"^[A-Z][A-Za-z'\-]{2,}[,.]?$")  # "Paringin," / "Dijadas," before the day
_EVENT_WORD = re.compile(r"\b(hari|tanggal|tgl|pukul|jam|waktu|tempat)\b", re.IGNORECASE)


def _date_row(line: list[Word]) -> list[Word] | None:
    """The words of a place-date in ``line`` ("Paringin, 9 MEI" whose year OCR lost or doubted), from the
    place on: a capitalised word ending in a comma, a day of one or two digits and a month-like word. Not
    an event date ("Hari/Tanggal : Senin, 27 Februari", "pada hari Kamis, 18 Mei 2023"): no event word stands
    before it on the row, and the word before the comma is no day's name (one letter misread allowed: "bari"
    for "hari" leaves the day's name to tell it). Failing that, a place-date whose day the page misread
    (``_damaged_day_row``)."""
    for i, w in enumerate(line[:-2]):
        day, month = line[i + 1].text, line[i + 2].text
        if (w.text.endswith(",") or day.startswith(",")) and _PLACE_DAY.match(w.text) \
                and re.fullmatch(r",?[0-9OIlZ]{1,2}", day) and re.fullmatch(r"[A-Za-z]{3,10}\.?", month) \
                and not _EVENT_WORD.search(" ".join(x.text for x in line[: i + 1])) and not is_day_name(w.text):
            # the place may be two words ("Muara Dijadas,"): start at the capitalised word before it
            start = i - 1 if i and re.fullmatch(r"[A-Z][a-z]{2,}", line[i - 1].text) else i
            return line[start:]
    return _damaged_day_row(line)


# A place-date's day the page reading misread into no day ("Juai, B8 APRIL 2024": the 0 read as B; "Tinggi, 124
# MARET 2025": a speck after the 12 read as a figure), or glued to its place ("Paringin:.x9 JUNI 2024"): one to three
# characters, one of them a figure, between a place's punctuation and a month word, and the row ends on a year.
_DAMAGED_DAY = re.compile(r"(?=[^0-9]*[0-9])[0-9A-Za-z|!]{1,3}")
_GLUED_PLACE_DAY = re.compile(r"^([A-Z][A-Za-z'\-]{2,})[,.:;]+((?=[^0-9]*[0-9])[0-9A-Za-z|!]{1,3})$")


def _damaged_day_row(line: list[Word]) -> list[Word] | None:
    """The words of a place-date whose day the page misread (``_DAMAGED_DAY``), from its place on: a capitalised
    place ending in a comma (or glued to the day by its punctuation, ``_GLUED_PLACE_DAY``), the damaged day, a word
    ``repair_month`` reads as a month and a year-like token (``_HEAD_YEAR``) that ends the row. Only read again:
    what the row's re-readings give is voted on and checked like any date row's (``settle``)."""
    texts = [w.text for w in line]
    if len(texts) < 3 or not _HEAD_YEAR.fullmatch(texts[-1]) or repair_month(texts[-2]) is None:
        return None
    day = len(texts) - 3
    glued = _GLUED_PLACE_DAY.match(texts[day])
    if glued is not None:
        place, at = glued.group(1), day
    elif day >= 1 and texts[day - 1].endswith(",") and _PLACE_DAY.match(texts[day - 1]) \
            and _DAMAGED_DAY.fullmatch(texts[day]):
        place, at = texts[day - 1], day - 1
    else:
        return None
    if _EVENT_WORD.search(" ".join(texts[:at + 1])) or is_day_name(place.strip(",.:;")):
        return None
    start = at - 1 if at and re.fullmatch(r"[A-Z][a-z]{2,}", texts[at - 1]) else at
    return line[start:]


# A letter's own date at its head whose place the reading damaged or which stands alone (letters whose kop names the
# place print "6 Februari 2020" by itself): the day, a month word, a year, nothing after them; before the day only
# specks or one or two words of which the last ends in a comma (the place, misread: "tampea," for "Ciampea,"); one
# speck of a letter or two may stand between the day and the month ("6 F Februari 2020").
_HEAD_DAY = re.compile(r"[0-9OIlZ]{1,2}")
_HEAD_YEAR = re.compile(r"[0-9OIlZ]{4}[.,]?")


def _head_date_row(line: list[Word]) -> list[Word] | None:
    """The words of a head date in ``line`` (from its place, when one was read), or None: a row whose only
    content is a place-like prefix and a day, month and year (``_HEAD_DAY``); an event date ("Hari/Tanggal :
    Rabu, 12 Februari 2020") has an event word before it and is never one."""
    texts = [w.text for w in line]
    for i, day in enumerate(texts[:-2]):
        if not _HEAD_DAY.fullmatch(day):
            continue
        month = i + 1 if repair_month(texts[i + 1]) is not None else i + 2
        if month + 1 != len(texts) - 1 or month == i + 2 and (len(texts[i + 1]) > 2 or repair_month(texts[month]) is None):
            return None  # the year must end the row: a day and month inside running text are no head date
        if not _HEAD_YEAR.fullmatch(texts[month + 1]):
            return None
        before = texts[:i]
        specks = all(not re.search(r"[A-Za-z0-9]", t) for t in before)
        place = 1 <= len(before) <= 2 and before[-1].endswith(",") and not re.search(r"\d", " ".join(before))
        if _EVENT_WORD.search(" ".join(before)) or not (specks or place) \
                or before and before[-1].strip(",").lower() in weekdays():  # "Rabu, 12 Februari": an event's day
            return None
        return line[0 if place else i:]
    return None


# A post's or a message's time stamp ("17 JULI 2023 pukul 12.12", a screenshot's date line): a year-like token, then
# the clock word (one letter of "pukul" misread allowed), with one to three tokens before the year (the day and the
# month, or what the page reading left of them, a speck before them).
_CLOCK_WORD = re.compile(r"(pukul|jam)[.:]?", re.IGNORECASE)
_YEAR_LIKE = re.compile(r"[0-9OIlZ]{4}")


def _stamp_row(line: list[Word]) -> list[Word] | None:
    """``line`` when it is a time-stamp row (its clock word the fourth or fifth token at most, after a year-like
    token), else None. Whether its re-readings give the document's date is for extraction to say (a sentence's
    "… pada / 12 Juni 2024 pukul 09.00" is no post's stamp there), as for a place-date row."""
    texts = [w.text for w in line]
    for k in range(2, min(5, len(texts))):
        clock = texts[k]
        if _CLOCK_WORD.fullmatch(clock) or Levenshtein.distance(clock.lower(), "pukul", score_cutoff=1) <= 1:
            return line if _YEAR_LIKE.fullmatch(texts[k - 1]) else None
    return None


def field_lines(text: PageText, wanted: Sequence[str], stamps: bool = False) -> list[tuple[str, list[Word]]]:
    """The rows to read again for the ``wanted`` fields: the first number row in the upper part of the
    page, and the letter's place-date in the upper part of the page (from the place to the text's right
    edge: a year OCR lost beside the month is still on the paper). A place-date on the number row is read
    with it and not again. With ``stamps`` (a date extraction left empty), a page with no place-date at all
    has the time stamp of a post or a message in its upper part read instead (``_stamp_row``), or else a date
    standing alone at the letter's head (``_head_date_row``)."""
    out: list[tuple[str, list[Word]]] = []
    lines = _lines(text.words)
    if "nomor" in wanted:
        found = next((ln for ln in lines if _nomor_line(ln) and ln[0].box[1] < 0.6 * text.height), None)
        if found is None and text.number == 1:  # a letter's number row whose label the page reading lost
            found = shaped_row(lines, text.height)
        if found is not None:
            out.append(("nomor", found))
    if "tanggal" in wanted:
        upper = [ln for ln in lines if ln[0].box[1] < 0.45 * text.height]
        # the place-date of a letter signed below its body (above the signer), where the upper part has none
        for ln in upper + [ln for ln in lines if all(ln is not u for u in upper)]:
            row = _date_row(ln)
            if row is not None:
                if all(ln is not other for _, other in out):
                    out.append(("tanggal", row))
                break
        else:
            stamp = None if not stamps else next((row for ln in upper if (row := _stamp_row(ln)) is not None), None)
            if stamp is None and stamps:  # no place-date, no time stamp: a date standing alone at the letter's head
                stamp = next((row for ln in upper if (row := _head_date_row(ln)) is not None), None)
            if stamp is not None and all(stamp is not other for _, other in out):
                out.append(("tanggal", stamp))
    return out[:MAX_LINES]


# A number row whose label the page reading lost: its number part (``_number_part``), after at most a short remnant
# of its label, starts with a word holding a figure, has its first '/' in that word or the next (a number follows its
# label; a register's row has its number after several cells) and ends in a year after a '/' ("26/TBM-SS/SP/2024",
# "NG 2000465 NYBKLLPPDISPERSIMIV/2023": damaged, its end kept)
_SHAPED_NUMBER = re.compile(r"^\W{0,3}(?:[A-Za-z]{1,6}[.,]?\s+)?[:;]?\s*[^\s/]*\d[^\s/]*(?:\s+[^\s/]+)?/(?:.*/)?\s?"
                            r"(?:19|20)\d\d[.,]?$")
_RUNNING_TEXT = re.compile(r"\b[a-z]{3,}\b")
RUNNING_WORDS = 4  # lower-case words on a row, at least, that make it running text
_LABEL_ENDS = re.compile(r"\b(nomor|no)\s*[.:;]?\s*$", re.IGNORECASE)


def shaped_row(lines: Sequence[list[Word]], height: int) -> list[Word] | None:
    """The number row of a page whose label the page reading lost (no row ``_nomor_line`` takes): the first row in
    the upper part of the page whose number part (``_number_part``: up to its last word with a '/', an addressee
    column beside it left out) begins with a figure, has its first '/' in that word or the next and ends in a year
    after a '/' (``_SHAPED_NUMBER``), with no date on it, no running text (``RUNNING_WORDS``) and no Nomor label
    ending the row before it (a number the body cites: "… surat Bappelitbangda Nomor:" above
    "000.4/146/Bappelitbangda/VI/2024 tanggal …"). The row is
    read again from the text's left edge (``_row_crop``'s ``left``), where its label stands: a reading gives a
    number only with its label or its colon read (``line_values``), so the page's own line, unlabelled, gives none,
    and a number is taken only as the re-readings vote it (``vote``) or as the rules for a number no vote settles
    allow (``settle``)."""
    before = ""
    for line in lines:
        text = " ".join(w.text for w in line)
        part = " ".join(w.text for w in _number_part(line))
        if line[0].box[1] < 0.6 * height and _SHAPED_NUMBER.match(part) and not find_dates(text) \
                and len(_RUNNING_TEXT.findall(text)) < RUNNING_WORDS and not _LABEL_ENDS.search(before):
            return line
        before = text
    return None


# ---------------------------------------------------------------- reading a row again

def _band(line: list[Word]) -> tuple[float, float]:
    """The row's centre and letter height: from words of ordinary height (a box Tesseract merged with
    the line above, or a lone ':' would mislead)."""
    boxes = [w.box for w in line if sum(ch.isalnum() for ch in w.text) >= 2] or [w.box for w in line]
    h = float(np.percentile([b[3] for b in boxes], 25))
    usual = [b for b in boxes if b[3] <= 1.4 * h] or boxes
    return float(np.median([b[1] + b[3] / 2 for b in usual])), h


# A number standing this many letter heights or more off its row's centre has letters cut at the crop's edge: the
# crop reaches 0.9 h either side of the centre and a word's box (ascenders, '/' and descenders) ~0.7 h either side of
# its own, so an offset past 0.2 h cuts it. Smaller offsets leave the crop as it was.
OFF_CENTRE = 0.2


def _number_part(line: list[Word]) -> list[Word]:
    """The words of a number row up to its last word holding a '/' (the label and the number): the row's centre is
    measured on them, not on an addressee or date column beside the number, which the letter sets on its own and a
    photographed or curved page shows higher or lower than the number (the number's letters were cut at the crop's
    edge). The letter height stays the whole row's (one print size; a long number's box alone is a poor measure of
    it). The whole row when no word holds a '/'."""
    last = max((i for i, w in enumerate(line) if "/" in w.text), default=len(line) - 1)
    return line[:last + 1]


def _printed_row(line: list[Word], words: Sequence[Word]) -> list[Word]:
    """The row ``line`` of a number broken after a slash with the page's words standing level with it right of
    its last word (its centre within half a letter height), left to right: the row as printed. The page reading
    parts an addressee block standing beside the number block from the number's row (``reading.right_blocks``),
    and the number's row is read again as printed, its crop and letter height measured on the whole row as when
    the two were read as one line: measured on the number's own words, the re-read rows of a wrapped number
    (``nomorwrap``) disagreed and right numbers were left empty (a generated flatbed scan's, a fax's Roman month
    "II" read "LI"). Only for a wrapped number: taken for every number row, the crops of whole numbers changed
    too (over 3601 … 4701 one right number lost, one gained, one wrong filled). The row itself when nothing
    stands beside it."""
    centre, h = _band(line)
    end = max(w.box[0] + w.box[2] for w in line)
    beside = [w for w in words if w.box[0] >= end and abs(w.box[1] + w.box[3] / 2 - centre) < 0.5 * h
              and all(w is not v for v in line)]
    return line + sorted(beside, key=lambda w: w.box[0]) if beside else line


def _row_crop(grey: np.ndarray, line: list[Word], right: int, usual: float = 0.0,
              dated: bool = False, left: int | None = None) -> tuple[np.ndarray, float]:
    """The row of ``line`` from the page with a margin, up to the next column (an addressee or date column
    beside the number) or, when the page reading found no value or one without a year, to the text's right edge
    (a value, or the rest of it, lost beside its label is still there); and the factor to enlarge it by. A row whose boxes are all much
    taller than the page's ``usual`` word height (Tesseract merged them with a rule or the row above) is
    placed on the boxes' bottom edge at the usual height. With ``left`` (the text's left edge), the row is read
    from there: a label the page reading lost stands left of the row's first word (``shaped_row``)."""
    centre, h = _band(line)
    if not dated:  # the number's own centre where the row's other column stands off it (``_number_part``)
        own = _band(_number_part(line))[0]
        centre = own if abs(own - centre) > OFF_CENTRE * h else centre
    if usual and h > 1.6 * usual:
        centre, h = float(np.median([w.box[1] + w.box[3] for w in line])) - usual / 2, usual
    y0, y1 = int(centre - 0.9 * h), int(centre + 0.9 * h)
    x0 = int(min([w.box[0] for w in line] + ([left] if left is not None else [])) - 0.8 * h)
    first = _column(line, h)
    if dated:  # a place-date: its year may be lost beside the month, at or past the text's right edge
        x1 = int(max(right, max(w.box[0] + w.box[2] for w in line)) + 8 * h)
    elif any(any(ch.isdigit() for ch in w.text) for w in first) \
            and re.search(r"(?:19|20)\d\d", " ".join(w.text for w in first)):
        x1 = int(max(w.box[0] + w.box[2] for w in first) + 1.5 * h)  # the value is there: up to the next column
        # (a value with no year at all, "000.1.57287/D", may have had the rest of its row lost: read on)
    else:
        x1 = int(max(right, max(w.box[0] + w.box[2] for w in line)) + 0.8 * h)
    crop = grey[max(0, y0):min(grey.shape[0], y1), max(0, x0):min(grey.shape[1], x1)]
    factor = min(MAX_FACTOR, max(1.0, TARGET_WORD_PX / max(h, 1.0)))
    return crop, factor


def _without_neighbours(binary: np.ndarray) -> np.ndarray:
    """Where ink touches the crop's top or bottom edge and lies mostly above or below the row: letters of
    the rows above and below."""
    count, labels, stats, _ = components(255 - binary)
    h = binary.shape[0]
    top, height = stats[:, cv2.CC_STAT_TOP], stats[:, cv2.CC_STAT_HEIGHT]
    centre = top + height / 2
    touching = [i for i in range(1, count) if (top[i] == 0 or top[i] + height[i] >= h)
                and not 0.3 * h <= centre[i] <= 0.7 * h]  # a fold or rule crossing the row stays
    mask = np.isin(labels, touching) if touching else np.zeros(binary.shape, bool)
    return mask


def _denoised(grey: np.ndarray, how: str) -> np.ndarray:
    return cv2.fastNlMeansDenoising(grey, None, h=NLM_STRENGTH[how], templateWindowSize=7, searchWindowSize=21)


def _richardson_lucy(image: np.ndarray, psf: np.ndarray, rounds: int = 12) -> np.ndarray:
    """Richardson-Lucy deconvolution of a grey image by the blur ``psf``: each round, the estimate is multiplied by
    the observed image over the estimate blurred, blurred back (the blur undone without a noise model)."""
    observed = image.astype(np.float32) / 255.0 + 1e-3
    estimate = observed.copy()
    for _ in range(rounds):
        blurred = cv2.filter2D(estimate, -1, psf, borderType=cv2.BORDER_REFLECT) + 1e-6
        estimate *= cv2.filter2D(observed / blurred, -1, psf[::-1, ::-1], borderType=cv2.BORDER_REFLECT)
    return np.clip(estimate * 255.0, 0, 255).astype(np.uint8)


DEBLUR_SIGMA = 0.10  # the blur undone on a row's enlarged image: a Gaussian this share of a letter's height
SHARPEN_SIGMA = 0.12  # the unsharp mask's soft copy: a Gaussian this share of a letter's height


def _black_on_white(big: np.ndarray, how: str) -> np.ndarray:
    letter = big.shape[0] / 1.8  # the crop reaches 0.9 letter heights either side of the row's centre
    if how == "deblur":
        sigma = DEBLUR_SIGMA * letter
        g = cv2.getGaussianKernel(int(6 * sigma) | 1, sigma)
        return _richardson_lucy(big, (g @ g.T).astype(np.float32))
    if how == "clahe":  # contrast equalised per tile of about the row's height along it
        tiles = max(1, big.shape[1] // max(big.shape[0], 1))
        return cv2.createCLAHE(clipLimit=2.0, tileGridSize=(1, tiles)).apply(big)
    if how == "unsharp":
        return cv2.addWeighted(big, 2.0, cv2.GaussianBlur(big, (0, 0), SHARPEN_SIGMA * letter), -1.0, 0)
    if how in ("nlm", "nlm_strong"):
        return _denoised(big, how)
    if how in ("even", "even_median"):  # the paper's shade divided out (closing = the row without its ink)
        size = int(0.33 * big.shape[0]) | 1
        paper = cv2.morphologyEx(big, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
        return cv2.divide(cv2.medianBlur(big, 3) if how == "even_median" else big, paper, scale=255)
    if how == "otsu":
        return cv2.threshold(big, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    if how == "local":
        block = int(2 * TARGET_WORD_PX) | 1
        return cv2.adaptiveThreshold(big, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 15)
    return big


# (scale of the target size, binarisation): grey is binarised by Tesseract itself (Otsu); scale 0 = the
# page's own size (what the page reading saw, read as one line)
VARIANTS = ((1.0, "grey"), (1.0, "otsu"), (0.0, "grey"), (1.0, "local"), (1.4, "grey"))


# a number row the page reading lost and the half-scale reading found: read at the page's size and below it
# (the row Tesseract dropped at the page's scale; measured, bench/README.md "Number rows lost by the page
# reading"): factors of the page's own size
HALF_VARIANTS = ((0.6, "grey"), (0.75, "grey"), (1.0, "grey"), (0.5, "grey"), (1.0, "otsu"))


# a number row the variants above left without an agreed value, read once more with the paper's shade divided
# out (a messenger or phone JPEG's blur leaves a grey veil the binarisations above read as ink); these readings
# stand on their own (bench/README.md "Number rows read with the paper's shade divided out")
EVEN_VARIANTS = ((1.0, "even"), (1.4, "even"), (1.0, "even_median"), (1.4, "even_median"))


# a number row the variants above still leave open, read once more with the JPEG's blocks and ringing smoothed out
# (non-local means: a patch is averaged with the like patches of the row, so the 8×8 blocks and the speckle round
# the strokes of a messenger or phone JPEG fade while the strokes keep their edges): after enlarging, at two
# strengths and two sizes, and before enlarging (the blocks smoothed at their own size); ``_read_denoised``
DENOISED_VARIANTS = ((1.0, "nlm"), (1.0, "nlm_strong"), (1.4, "nlm"), (1.0, "nlm_first"))
NLM_STRENGTH = {"nlm": 10.0, "nlm_strong": 15.0, "nlm_first": 10.0}  # OpenCV's filter strength h (grey levels)


def binarisations(crop: np.ndarray, factor: float, variants: Sequence[tuple[float, str]] = VARIANTS,
                  of_page: bool = False) -> list[np.ndarray]:
    """The row enlarged (bicubic) to two or three sizes and made black on white in three ways (as it
    is, Otsu, a local threshold for uneven light); ink of the neighbouring rows that reaches into the
    crop is whitened in each. With ``of_page`` (``HALF_VARIANTS``) the sizes are factors of the page's own
    (below 1: shrunk by area averaging). One image per variant, ``binarised``."""
    return [binarised(crop, factor, variant, of_page) for variant in variants]


class _RowImages(threading.local):
    """The images ``binarised`` made of the last crop it was handed, by their size and kind: a row's images
    are asked for again by its other readers (the witness model reads the page model's first images, the
    smoothed ones of a row both models read; the lattice one of them), and a smoothed image costs ~0.25 CPU-s
    (non-local means). Let go when another crop comes (its bytes differ)."""

    def __init__(self) -> None:
        self.crop: tuple[bytes, tuple[int, ...], str] | None = None
        self.images: dict[tuple[float, str], np.ndarray] = {}
        self.pixels = 0


_ROW_IMAGES = _RowImages()
# pixels of one crop's images kept at most (8 MB): a row's ~20 images of 0.1-0.8 MP each fit; a band of lost rows
# (read once, up to 4 MP an image) mostly does not
ROW_IMAGES_PIXELS = 8_000_000


def binarised(crop: np.ndarray, factor: float, variant: tuple[float, str], of_page: bool = False) -> np.ndarray:
    """The row ``crop`` under one variant (scale, kind; see ``binarisations``), made once per crop: the same
    crop, size and kind asked again give the image made the first time (the same pixels)."""
    scale, how = variant
    f = scale if of_page else (max(1.0, factor * scale) if scale else 1.0)
    held = _ROW_IMAGES
    key = (hashlib.blake2b(np.ascontiguousarray(crop).data, digest_size=16).digest(), crop.shape, str(crop.dtype))
    if held.crop != key:
        held.crop, held.images, held.pixels = key, {}, 0
    known = held.images.get((f, how))
    if known is not None:
        return known
    source = _denoised(crop, how) if how == "nlm_first" else crop
    if f > 1.0:
        big = cv2.resize(source, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
    else:
        big = cv2.resize(source, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1.0 else source
    image = _black_on_white(big, how)
    clean = image.copy()
    clean[_without_neighbours(image if how in ("otsu", "local") else
                              _black_on_white(image if how in NLM_STRENGTH else big, "otsu"))] = 255
    pad = int(TARGET_WORD_PX / 2)
    out = cv2.copyMakeBorder(clean, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    if held.pixels + out.size <= ROW_IMAGES_PIXELS:
        held.images[(f, how)] = out
        held.pixels += out.size
    return out


# A number row read again whose label's colon came out as a short word of letters ("No. Tea 16/Sek/…", "No. Te …"):
# the label, one to three letters where the colon stands, then the number's first segment and its '/'
_COLON_AS_LETTERS = re.compile(r"^(\W{0,3}[A-Za-z]{2,6}\.?)\s+[A-Za-z]{1,3}\s+(?=[0-9OIl][0-9A-Za-z.\-]*\s?/)")


def _label_put_back(line: str) -> str:
    """A re-read number row as the extractor expects it: a row that begins with the colon of a label OCR lost
    (the row was chosen as the number row by its place, ``_nomor_line``) gets its label back; a Nomor label
    whose colon was read as a short word of letters gets its colon back, one split after its first letter is
    joined (``_label_joined``), one the sheet's edge cut ("YMOR": ``_CUT_LABEL``) is written as the label."""
    line = _label_joined(line)
    label = _LABEL.match(line)
    if label and not _is_nomor_label(label.group(1)) and _CUT_LABEL.match(label.group(0).strip()) and _NOMOR_SHAPE.search(line[label.end():label.end() + 40]):
        line = ("Nomor : " if re.search(r"[:;]", label.group(0)) else "Nomor ") + line[label.end():].lstrip()
    if re.match(r"^\W{0,3}[:;]\s*\d", line):
        return "Nomor " + line.lstrip()
    glued = _COLON_AS_LETTERS.match(line)
    if glued and _is_nomor_label(re.sub(r"^\W+", "", glued.group(1))):
        return f"{glued.group(1)} : {line[glued.end():]}"
    return line


def line_values(line: str) -> dict[str, str]:
    """What the extractor reads from ``line`` alone (its label put back, ``_label_put_back``): its number and
    date (unsure values dropped, as extraction drops them)."""
    metadata = extract_metadata(_label_put_back(line))
    return {name: str(getattr(metadata, name).value) for name in FIELDS if getattr(metadata, name).present}


# Every lower-case letter as one class (``nomor.letters_dissent``): the page's own reading of a number row, made at
# the page's scale and binarisation, reading a mixed-case code's small letter otherwise than the re-readings of the
# row's crop ("Bid" beside "Bia" three times: a 'd' whose stem the crop's blur took), which share the crop's errors.
SMALL_LETTERS = ("abcdefghijklmnopqrstuvwxyz",)


def vote(readings: Sequence[str]) -> tuple[dict[str, str], dict[str, int]]:
    """Per field, the value most readings give when at least ``MIN_VOTES`` give it and no other value as
    many; its vote count."""
    values: dict[str, str] = {}
    votes: dict[str, int] = {}
    parsed = [line_values(r) for r in readings]
    page = parsed[0].get("nomor") if parsed else None  # the page's own reading of the row
    for name in FIELDS:
        counted = Counter(p[name] for p in parsed if name in p).most_common()
        if not counted:
            continue
        best, n = counted[0]
        if n >= MIN_VOTES and (len(counted) == 1 or counted[1][1] < n) \
                and not (name == "nomor" and (_digits_dissent(best, [v for v, _ in counted[1:]])
                                              or code_digit_dissent(best, [v for v, _ in counted[1:]])
                                              or any(letters_dissent(best, v) for v, _ in counted[1:])
                                              or page is not None and letters_dissent(best, page, SMALL_LETTERS))):
            values[name], votes[name] = best, n
    return values, votes


def _digits_dissent(chosen: str, others: Sequence[str]) -> bool:
    """Whether another reading of the same shape (as many segments) reads a numeric segment otherwise
    ("424" and "421"): a digit Tesseract cannot settle on, however many readings agree. A dot lost or
    read between the same digits ("000.46.2" beside "000.4.6.2") is punctuation, not a digit in doubt; nor is a
    reading that stops at a dot ("000.4.7." beside "000.4.7.1"): no code ends with a dot, the figure after it was
    lost, not read otherwise."""
    return _segment_dissent(chosen, others, lambda a, b: bool(
        re.fullmatch(r"[\d.]+", b) and not (b.endswith(".") and a.startswith(b) and len(a) > len(b))
        and (re.fullmatch(r"[\d.]+", a) and a.replace(".", "") != b.replace(".", "")
             or _digits_and_letter(a) and len(a) <= len(b) <= len(a) + 1)))


def _segment_dissent(chosen: str, others: Sequence[str], differs: Callable[[str, str], bool]) -> bool:
    """Whether another reading of the same shape (as many '/' segments as ``chosen``) has a segment that
    ``differs(chosen's, its)`` finds read otherwise."""
    parts = chosen.split("/")
    return any(len(theirs) == len(parts) and any(differs(a, b) for a, b in zip(parts, theirs))
               for theirs in (other.split("/") for other in others))


def code_digit_dissent(chosen: str, others: Sequence[str]) -> bool:
    """Whether another reading of the same shape reads a unit code's segment of ``chosen`` that holds both letters
    and a digit ("D5-TS") otherwise only where one of the two has a digit ("DS-TS", "D8-TS"): a letter read for a
    digit or one digit for another inside a code (a fax's 'S' read '5'), which Tesseract could not settle on, however
    many readings agree. Segments all in digits are ``_digits_dissent``'s."""
    return _segment_dissent(chosen, others, lambda a, b: bool(
        a != b and len(a) == len(b) and re.search(r"[A-Za-z]", a) and re.search(r"\d", a + b)
        and all(x == y or x.isdigit() or y.isdigit() for x, y in zip(a, b))))


def _digits_and_letter(segment: str) -> bool:
    """A segment of digits with a letter among them ("42L"): where another reading gives the segment all in
    digits ("424"), or with one digit more ("M0" beside "140": a wide letter read for two narrow digits), the
    letter is a digit Tesseract could not settle on."""
    return bool(re.fullmatch(r"[\d.]*\d[\d.]*[A-Za-z][\d.]*|[\d.]*[A-Za-z][\d.]*\d[\d.]*", segment)) \
        and sum(ch.isalpha() for ch in segment) == 1


def read_row(crop: np.ndarray, factor: float, options: IngestOptions, name: str = "nomor",
             page_line: str = "", variants: Sequence[tuple[float, str]] = VARIANTS,
             of_page: bool = False) -> list[tuple[str, float]]:
    """A row read again under each variant: its text and the lowest confidence of a word with a digit
    (100 when none). Stops as soon as the vote is settled: a value has ``MIN_VOTES`` (with the page's
    own reading) for the field ``name`` the row is read for, or no value can reach it with the variants left."""
    if crop.size == 0 or min(crop.shape[:2]) < 4:
        return []
    out: list[tuple[str, float]] = []
    for n, variant in enumerate(variants):  # each image made only when it is read (the vote may settle first)
        words = read_crop(binarised(crop, factor, variant, of_page), options, psm=7)
        digits = [w.conf for w in words if any(ch.isdigit() for ch in w.text)]
        out.append((" ".join(w.text for w in words), min(digits, default=100.0)))
        counts = Counter(line_values(r).get(name) for r in [page_line] + [t for t, _ in out])
        counts.pop(None, None)
        best = max(counts.values(), default=0)
        if best >= MIN_VOTES or best + len(variants) - n - 1 < MIN_VOTES:
            break
    return out


def _unsure(metadata: Metadata) -> list[str]:
    """The fields this page alone gives no sure value for (extraction left them empty)."""
    return [name for name in FIELDS if not getattr(metadata, name).present]


# The place-date row of a page whose date was read, read again to confirm it: a row Tesseract read with a word
# under ``CHECK_BELOW`` (clean print reads 90 and more, place names included) may hold a misread day digit that
# still gives a valid date ("13 Mei" for "12 Mei"). Its re-readings are recorded under this field and
# ``_date_checked`` empties the date when one of them gives another valid date.
CHECKED = "tanggal_cek"
CHECK_BELOW = 90.0
# Said in the review and the emptied date's reason when a re-reading of its row gives another date.
REREAD_DISSENT = "baris tanggal dibaca ulang memberi tanggal lain"


# The number row of a page whose number was read while Tesseract doubted it ("OCR ragu"), read again to check it:
# a mixed-case code read with one thin or descending letter ("Dispersip-Big") that most re-readings of the row
# read with another of its class ("BIg", "Blg") is a letter Tesseract cannot settle on. Recorded under this
# field; ``_nomor_checked`` empties the number then.
NOMOR_CHECKED = "nomor_cek"
# Said in the review and the emptied number's reason when most re-readings of its row read a code letter otherwise.
NOMOR_REREAD_DISSENT = "baris nomor dibaca ulang: huruf kode terbaca lain oleh sebagian besar bacaan"
# Said in the review (and the emptied number's reason) when a re-reading of the row reads a figure of the number
# otherwise: the page's own reading of it, doubted by Tesseract, is then one reading among readings that differ.
NOMOR_FIGURE_DISSENT = "baris nomor dibaca ulang: angka nomor terbaca lain oleh bacaan lain"


def _nomor_row_to_check(text: PageText, metadata: Metadata) -> list[Word] | None:
    """The words of the number row the page's own number was read from, when Tesseract doubted it (its reason
    says "OCR ragu"): a figure it doubted (``_figure_dissent``), or a mixed-case code's thin or descending letter
    (the letters ``nomor.letters_dissent`` weighs), may be read otherwise by the row's re-readings; None otherwise."""
    nomor = metadata.nomor
    if not nomor.present or "OCR ragu" not in nomor.reason:
        return None
    row = next((line for name, line in field_lines(text, ["nomor"]) if name == "nomor"), None)
    if row is None or line_values(" ".join(w.text for w in row)).get("nomor") != nomor.value:
        return None
    return row


def _date_row_to_check(text: PageText, metadata: Metadata) -> list[Word] | None:
    """The words of the place-date row the page's own date was read from, when Tesseract was unsure of a word
    on it (``CHECK_BELOW``); None when the date came from elsewhere or the row was read sure."""
    if not metadata.tanggal.present:
        return None
    row = next((line for name, line in field_lines(text, ["tanggal"]) if name == "tanggal"), None)
    if row is None or min(float(w.conf) for w in row) >= CHECK_BELOW:
        return None
    return row if line_values(" ".join(w.text for w in row)).get("tanggal") == metadata.tanggal.value else None




def _reading(name: str, page_line: str, crop: np.ndarray, factor: float, options: IngestOptions,
             variants: Sequence[tuple[float, str]] = VARIANTS, of_page: bool = False,
             witnessed: bool = True) -> LineReading:
    readings = read_row(crop, factor, options, name, page_line, variants, of_page)
    values, votes = vote([page_line] + [r for r, _ in readings])
    gathered = [r for r, _ in readings]  # every reading of the row by the page's model, for the witness's vote
    denoised = False  # the page's model read the row under ``DENOISED_VARIANTS`` too
    if name == "nomor" and "nomor" not in values and readings and not of_page:
        first = [r for r, _ in readings]
        readings, values, votes, even = _read_even(crop, factor, options, page_line, readings, values, votes)
        gathered += even
        if "nomor" not in values:
            denoised = True
            readings, values, votes = _read_denoised(crop, factor, options, page_line, [*first, *even],
                                                     readings, values, votes)
            gathered += [r for r, _ in readings if r not in gathered]
    witness: tuple[str, ...] = ()
    garbled: tuple[str, ...] = ()
    of = 1 + len(readings)
    if witnessed and name not in values and readings:
        witness = tuple(read_by_witness(crop, factor, options, variants, of_page))
        settled = witness_vote(name, page_line, gathered, witness)
        if settled is None and denoised and "nomor" not in values:
            # a row the smoothed images were needed for: the witness reads them too (its readings of the plain
            # images share their blur); kept only when they settle the number
            boxed = witness_words(crop, factor, options, DENOISED_VARIANTS)
            more = tuple(" ".join(w.text for w in words) for words in boxed)
            settled = witness_vote(name, page_line, gathered, witness + more, boxed)
            witness += more if settled is not None else ()
        if settled is not None:
            values, votes = {**values, name: settled[0]}, {**votes, name: settled[1]}
            of += len(witness)
            if name == "nomor":
                garbled = year_garbled_rivals(settled[0], [page_line, *gathered, *witness])
    lattice: tuple[tuple[str, tuple[Timestep, ...]], ...] = ()
    if name == "nomor" and "nomor" not in values and readings and crop.size and min(crop.shape[:2]) >= 4:
        # the votes left the number open: the first variant that gave a number, read once more with the LSTM's
        # alternatives (a variant that read nothing, an empty crop at its size, has no number to decode)
        which = next((i for i, (r, _) in enumerate(readings) if "/" in (nomor_candidate(r) or "")), 0)
        try:
            words = read_lattice(binarised(crop, factor, variants[which], of_page), options)
            lattice = tuple((word, tuple(steps)) for word, steps in words)
        except BurtError:
            lattice = ()
    sharpened: tuple[str, ...] = ()
    unconfirmable = False
    if name == "nomor" and "nomor" not in values and readings and not of_page:
        # the sharpened readings count in ``aligned_number`` only for a number each of whose segments a reading
        # of the plain images (the page's, the re-readings, the witness's) also gives: where none of those
        # gives a number at all, the six readings could settle nothing and are not made (issue 13)
        if any(nomor_candidate(r) for r in [page_line, *(r for r, _ in readings), *witness]):
            sharpened = tuple(read_sharpened(crop, factor, options))
        else:
            unconfirmable = True
    return LineReading(name, page_line, tuple(r for r, _ in readings), values, votes, of,
                       tuple(c for _, c in readings), lattice, witness, sharpened, unconfirmable, garbled)


# A number row every vote above leaves open is mostly one where some character is read wrong by every reading
# (bench/README.md, messenger22: in 16 of 25 such messenger rows no reading of either model has the right
# character at some place): the readings of one image share its errors. The row is read once more from images
# that change what the blur and the JPEG left: the blur undone (Richardson-Lucy with a Gaussian a tenth of the
# letter height), the contrast equalised per tile along the row (CLAHE), the strokes sharpened (unsharp mask); each
# by both models. These readings decide nothing on their own: they join the character-by-character vote
# (``aligned_number``), whose number's grammar and the letter's date decide the places the readings split on.
SHARPENED_VARIANTS = ((1.0, "deblur"), (1.0, "clahe"), (1.0, "unsharp"))


def read_sharpened(crop: np.ndarray, factor: float, options: IngestOptions) -> list[str]:
    """The row read under each ``SHARPENED_VARIANTS`` by the page's model and, when present, the witness model."""
    if crop.size == 0 or min(crop.shape[:2]) < 4:
        return []
    folder = witness_model(options)
    out: list[str] = []
    try:
        out.extend(text for _, text in read_lines_by_models(binarisations(crop, factor, SHARPENED_VARIANTS),
                                                            options, folder))
    except BurtError as exc:
        log.warning("a number row's sharpened reading failed (%s): the row keeps its other readings", exc)
    return out


# ---------------------------------------------------------------- the second model, an independent witness

# Every variant above is read by the same recognizer (the system's ``ind`` model), so their errors go together:
# on a blurred photo the right number is read by none or few of them. A row they leave open is read again by
# a second model of the language (tessdata_best's LSTM, ``IngestOptions.witness_tessdata``), which errs
# elsewhere; a value both recognizers read is taken (``witness_vote``).
WITNESS_VARIANTS = 3  # the row's first variants the witness reads it under


def read_by_witness(crop: np.ndarray, factor: float, options: IngestOptions,
                    variants: Sequence[tuple[float, str]] = VARIANTS, of_page: bool = False) -> list[str]:
    """The row read by the witness model under its first ``WITNESS_VARIANTS`` variants; none without the model
    or when Tesseract fails on it (logged: the row keeps what the page's model read)."""
    folder = witness_model(options)
    if folder is None or crop.size == 0 or min(crop.shape[:2]) < 4:
        return []
    try:
        return [" ".join(w.text for w in read_crop(image, options, psm=7, datapath=folder))
                for image in binarisations(crop, factor, variants[:WITNESS_VARIANTS], of_page)]
    except BurtError as exc:
        log.warning("second Tesseract model failed on a row (%s): the row keeps the first model's readings", exc)
        return []


def witness_words(crop: np.ndarray, factor: float, options: IngestOptions,
                  variants: Sequence[tuple[float, str]]) -> list[list[Word]]:
    """The row's words (with their boxes, in each image's pixels) as the witness model reads it under every one of
    ``variants``; none without the model or when Tesseract fails on it (logged)."""
    folder = witness_model(options)
    if folder is None or crop.size == 0 or min(crop.shape[:2]) < 4:
        return []
    try:
        return [read_crop(image, options, psm=7, datapath=folder) for image in binarisations(crop, factor, variants)]
    except BurtError as exc:
        log.warning("second Tesseract model failed on a row (%s): the row keeps the first model's readings", exc)
        return []


WITNESS_AGREE = 2  # of the witness's readings, at least this many give the value, more than any other


def witness_vote(name: str, page_line: str, readings: Sequence[str], witness: Sequence[str],
                 boxed: Sequence[Sequence[Word]] = ()) -> tuple[str, int] | None:
    """The value of field ``name`` two recognizers read in the row, and the readings that give it whole; None
    unless: the witness's readings give it ``WITNESS_AGREE`` times, more than any other value (the witness model
    alone misreads a digit alike in its variants as the page's model does in its own); the page's model (its page
    line and its ``readings``) gives it too, whole or, for a number, each '/' segment in some reading of the same
    shape (its variants lose a '/' or garble a code here and there, a different segment each); and no reading of
    either model says otherwise: another valid date, or a number of the same shape whose segment of digits reads
    other digits (``_rival_digits``; a digit lost or garbled to a letter is no rival, nor is a year no letter
    carries, ``_impossible_year``, nor any segment of a reading with such a year, ``_year_garbled``; nor one of
    other length that the width of the segment's print cannot hold, measured in ``boxed``, readings with their
    words' boxes: ``width_refutes``) or whose code reads other letters
    (``nomor.letters_dissent``) or reads a code's letter as a digit or its digit otherwise (``code_digit_dissent``)."""
    told = Counter(v for r in witness if (v := line_values(r).get(name)))
    if not told:
        return None
    (value, n), *rest = told.most_common()
    if n < WITNESS_AGREE or rest and rest[0][1] >= n:
        return None
    own, every = [page_line, *readings], [page_line, *readings, *witness]
    if name == "tanggal":
        if all(line_values(r).get(name) != value for r in own) \
                or any(line_values(r).get(name) not in (None, value) for r in every):
            return None
    else:
        parts = value.split("/")
        mine = [c.split("/") for c in (nomor_candidate(r) for r in own) if c and len(c.split("/")) == len(parts)]
        if not all(any(row[k] == part for row in mine) for k, part in enumerate(parts)):
            return None
        for other in (c for c in (nomor_candidate(r) for r in every) if c):
            theirs = other.split("/")
            if letters_dissent(value, other) or code_digit_dissent(value, [other]) or len(theirs) == len(parts) \
                    and not _year_garbled(parts, theirs) \
                    and any(_rival_digits(a, b) and not (k == len(parts) - 1 and _impossible_year(b))
                            and not width_refutes(a, b, boxed)
                            for k, (a, b) in enumerate(zip(parts, theirs))):
                return None
    return value, sum(line_values(r).get(name) == value for r in every)


# ---------------------------------------------------------------- a date's year read on the number row

# A blurred photo's place-date row is often read with its day and month alike by every reading and its year's last
# digit each time otherwise ("17 MARET 2022", "17 MARET 2023"); the number row, read on its own, ends with the same
# year (a letter's number carries its year: ``nomor.check_nomor`` holds the two equal), read there more steadily.
DATED_CONFIDENCE = 0.7  # such a date: as a number confirmed segment by segment (``confirm_by_segments``)
_SLASH_YEAR = re.compile(r"[/|]\s?((?:19|20)\d\d)(?![\d/])")  # a number's last segment, its year
YEAR_BY_NUMBER = "tahun dikonfirmasi oleh tahun pada nomor surat"
DATE_DAY_READINGS = 2  # readings of the place-date row that give its day and month, at least


def number_year(nomor: Field, lines: Sequence[dict]) -> str | None:
    """The letter's year as its number row reads it: the number's own when it was taken (at least
    ``DATED_CONFIDENCE``), else the year most readings of the number row give (each reading's last "/19xx" or
    "/20xx", both models', the page's: a reading that garbles the label or the code still reads the year), at least ``MIN_VOTES`` of them and more than all other years together; None otherwise."""
    if nomor.present:
        year = nomor_year(str(nomor.value)) if nomor.confidence >= DATED_CONFIDENCE else None
        return str(year) if year is not None else None
    read = Counter(found[-1] for ln in lines if ln["field"] in ("nomor", HALF)
                   for r in [ln["page_line"], *ln["readings"], *ln.get("witness", ())]
                   if (found := _SLASH_YEAR.findall(r)))
    if not read:
        return None
    (year, n), *rest = read.most_common()
    return str(year) if n >= MIN_VOTES and n > sum(m for _, m in rest) else None


def date_by_number_year(lines: Sequence[dict], nomor: Field, text: str) -> Field | None:
    """A date whose place-date row every reading (the page's, the re-readings, the witness's) that gives a date
    reads with the same day and month, at least ``DATE_DAY_READINGS`` of them, but whose year they do not settle
    (a blurred last digit: "2021", "2023", "2093"): taken with the year the number row reads (``number_year``: a
    letter's number carries its year, which ``nomor.check_nomor`` already holds the date to) when one of the
    row's readings gives that year too, the document's ``text`` with that reading in place of the row gives that
    date as the letter's (as ``settle`` asks of any re-read row), and the number taken (if any) does not contradict
    the date's month. None otherwise."""
    year = number_year(nomor, lines)
    if year is None:
        return None
    for line in lines:
        if line["field"] not in ("tanggal", CHECKED):
            continue
        dates = [v for r in [line["page_line"], *line["readings"], *line.get("witness", ())]
                 if (v := line_values(r).get("tanggal"))]
        days = {d[4:] for d in dates}
        if len(dates) < DATE_DAY_READINGS or len(days) != 1:
            continue
        value = year + days.pop()
        reading = next((r for r in [line["page_line"], *line["readings"], *line.get("witness", ())]
                        if line_values(r).get("tanggal") == value), None)
        if reading is not None and extract_metadata(_put_line(text, line["page_line"], reading)).tanggal.value == value \
                and not (nomor.present and check_nomor(str(nomor.value), value)):
            return Field(value, DATED_CONFIDENCE,
                         f"tempat dan tanggal surat dibaca ulang per baris: hari dan bulan sepakat dalam {len(dates)} "
                         f"bacaan; {YEAR_BY_NUMBER}")
    return None


# A place-date row whose year the capture cut short at the page's edge ("Paringin, 02 September 20" for "… 2024"):
# a place ending in its comma, the day, a month word and the year's first two or three figures, ending the row.
_CUT_YEAR_ROW = re.compile(r"^\W{0,3}[A-Z][A-Za-z'\- ]{2,}[,.]\s*(\d{1,2})\s+([A-Za-z]{3,10})\.?\s+(\d{2,3})\W{0,2}$")
CUT_YEAR_NUMBER_REVIEW = "nomor: bulan Romawi diperiksa dengan tanggal yang tahunnya dilengkapi dari nomor — periksa"
CUT_YEAR_REVIEW = "tanggal: tahun terpotong di tepi, dilengkapi dari tahun pada nomor surat — periksa"


def _month_read_on_number(lines: Sequence[dict], month: int) -> bool:
    """Whether some reading of the number row (the page's, both models', the sharpened images') gives the Roman
    month ``month`` as a whole segment and none gives another month I-XII: the number's month, a second reading
    of the date's, agrees (the number taken whole is held to the date by ``check_nomor`` already)."""
    read = {m for ln in lines if ln["field"] in ("nomor", HALF) for r in _every_reading(ln)
            for m in re.findall(r"(?<=/)(I{1,3}|IV|VI{0,3}|IX|XI{0,2})(?=/)", re.sub(r"(?<=[/IVX])1(?=[IVX/])|(?<=/)1(?=[IVX])", "I", r))}
    return read == {_ROMAN[month - 1]}


def date_by_cut_year(lines: Sequence[dict], nomor: Field) -> Field | None:
    """A letter date whose year its place-date row's readings all cut short alike (``_CUT_YEAR_ROW``: the page's
    edge or the crop took its last figures), completed with the year the number row reads (``number_year``): every
    reading of the page's model (the page's line and its re-readings, at least ``MIN_VOTES``) gives the row so, with
    the same day, month and first figures; no reading of either model gives a date; the number's year begins with
    those figures, and its readings give the date's month and no other (``_month_read_on_number``). Inferred, not read: ``COMPLETED_CONFIDENCE``, named for review (``CUT_YEAR_REVIEW``)."""
    year = number_year(nomor, lines)
    if year is None:
        return None
    for line in lines:
        if line["field"] not in ("tanggal", CHECKED):
            continue
        own = [line["page_line"], *line["readings"]]
        if any(line_values(r).get("tanggal") for r in [*own, *line.get("witness", ())]):
            continue  # a reading gives a date: the date rules settle it
        cut = [m.groups() for m in (_CUT_YEAR_ROW.match(" ".join(r.split())) for r in own) if m]
        if len(cut) != len(own) or len(own) < MIN_VOTES or len(set(cut)) != 1:
            continue
        day, month, first = cut[0]
        repaired = repair_month(month)
        if not year.startswith(first) or repaired is None:
            continue
        value = parse_parts(day, repaired[0], year)
        if value is None or not _month_read_on_number(lines, int(value[5:7])):
            continue
        return Field(value, COMPLETED_CONFIDENCE,
                     f"tempat dan tanggal surat: tahun terpotong ('{first}') dalam {len(own)} bacaan baris, "
                     f"dilengkapi dari tahun pada nomor surat ({year})")
    return None


def _crossed_settled(tanggal: Field, nomor: Field, text: str, pages: Sequence[PageText], review: list[str]
                     ) -> tuple[Field, list[str]]:
    """``tanggal`` and ``review`` with the date the two recognizers read alike in its row (``_crossed``) when the
    date is still empty (and is not the one-figure day extraction doubted for the blank after it): shown to a
    clerk, named for review."""
    crossed = None if tanggal.present else _crossed(recorded(pages), nomor, text)
    if crossed is None or crossed.value == _gap_doubted(tanggal):
        return tanggal, review
    return crossed, [r for r in review if not r.startswith("tanggal:")] + [f"tanggal: {CROSSED} ('{crossed.value}') — periksa"]


def _crossed(lines: Sequence[dict], nomor: Field, text: str) -> Field | None:
    """The date the page's model and the witness agree on in a re-read date row (``datevote.crossed_date``), when
    the document's ``text`` with that reading in the row's place gives it as the letter's date (as ``settle`` asks
    of any re-read row) and neither the number taken nor its row's year (``number_year``) contradicts it."""
    year = number_year(nomor, lines)
    for line in lines:
        found = crossed_date(line, lambda r: line_values(r).get("tanggal")) if line["field"] == "tanggal" else None
        if found is None:
            continue
        value, reading, n, of = found
        if year is not None and value[:4] != year or nomor.present and check_nomor(str(nomor.value), value):
            continue
        if extract_metadata(_put_line(text, line["page_line"], reading, True)).tanggal.value == value:
            return Field(value, CROSSED_CONFIDENCE, f"tempat dan tanggal surat dibaca ulang per baris: {n} dari {of} "
                         f"bacaan dua model sepakat; {CROSSED}")
    return None


def _impossible_year(segment: str) -> bool:
    """Whether ``segment``, a number's last segment as one reading gave it, is a year no letter's number carries
    ("2033" on a letter of 2023, ``nomor.year_out_of_range``): like an impossible date beside a valid one
    (``_date_dissent``), a misread that names no rival year, so it is no dissent on the year the others read."""
    return bool(re.fullmatch(r"\d{4}", segment)) and year_out_of_range(int(segment))


def _year_garbled(parts: Sequence[str], theirs: Sequence[str]) -> bool:
    """Whether ``theirs``, another reading of the number ``parts`` (both split at '/', as many segments), is garbled
    throughout: it reads the year ``parts`` ends in as a year no letter carries (``_impossible_year``: "2925" for
    "2025") and another of its segments of figures with letters among the figures ("1ZA" for "124"). Such a reading
    is no rival on its other segments of digits either ("O81/1ZA/Diopervip/2925" beside "041/124/Dispersip/2025"):
    the blur that turned those figures into letters and the year into another turns the rest too. A reading whose
    only other damage is its year ("41/283/…/2033" beside "041/288/…/2023") still rivals on its figures."""
    if not (_YEAR.fullmatch(parts[-1]) and _impossible_year(theirs[-1]) and not _impossible_year(parts[-1])):
        return False
    return any(re.fullmatch(r"[\d.]+", a) and re.search(r"\d", b) and re.search(r"[A-Za-z]", b)
               for a, b in zip(parts[:-1], theirs[:-1]))


# Said in the review when the witness's vote took a number beside readings that read its figures otherwise but were
# passed over for their impossible year (``_year_garbled``): the number is shown, a clerk looks at its figures.
GARBLED_YEAR_PASSED = "baris nomor dibaca ulang: bacaan dengan tahun mustahil membaca angka lain"


def year_garbled_rivals(value: str, readings: Sequence[str]) -> tuple[str, ...]:
    """The numbers of ``readings`` (rows as read) that ``witness_vote`` passed over as rivals of ``value`` only for
    the year no letter carries they read (``_year_garbled``): as many segments, and a segment of digits read
    otherwise (``_rival_digits``) before the year."""
    parts = value.split("/")
    out = []
    for other in (c for c in (nomor_candidate(r) for r in readings) if c):
        theirs = other.split("/")
        if len(theirs) == len(parts) and _year_garbled(parts, theirs) \
                and any(_rival_digits(a, b) for a, b in zip(parts[:-1], theirs[:-1])):
            out.append(other)
    return tuple(dict.fromkeys(out))


def _rival_digits(segment: str, other: str) -> bool:
    """Whether ``other``, another reading of a segment of digits, reads other digits ("478" beside "479", "2023"
    beside "2025"), more of them ("511" beside "11": the segment may have lost one) or the same digits with their
    dots placed otherwise ("000.47.1" beside "000.4.7.1"): both all digits and dots, and ``other`` not ``segment``
    with digits lost ("000.4.7." beside "000.4.7.1")."""
    if not (re.fullmatch(r"[\d.]+", segment) and re.fullmatch(r"[\d.]+", other)):
        return False
    mine, theirs = segment.replace(".", ""), other.replace(".", "")
    if theirs == mine:
        return other.strip(".") != segment.strip(".")
    rest = iter(mine)
    return not (len(theirs) < len(mine) and all(ch in rest for ch in theirs))


# A rival reading of a segment of digits with a digit more or fewer ("17181" beside "7181": a slash beside a figure
# read as a '1', or a figure the blur merged into the slash) is weighed against the segment's print: figures are
# set on one advance (tabular figures, in every face letters are typed in), so a word of the row that is the
# segment alone, its '/' after it or not, is as wide as its figures at the row's pitch (a '/' half a figure). The
# pitch is measured in the same reading, on another word of figures only. Measured on a 72 ppi scan (bench/README.md,
# realnomor26): '7181/' 143 px at a 34.7 px pitch ('440', 104 px): four figures and a slash 156, five 191.
# One figure more or fewer moves the width by one pitch; ink boxes lose the side bearings, so a word measures a
# little under its advances.
WIDTH_FITS = 0.5  # the segment's word is within this many pitches of the width its figures need
WIDTH_MARGIN = 0.5  # ... and nearer it than the width the rival's need by at least this many pitches
SLASH_ADVANCE = 0.5  # a '/' in pitches


def width_refutes(segment: str, other: str, boxed: Sequence[Sequence[Word]]) -> bool:
    """Whether the print refutes ``other``, a reading of the digit segment ``segment`` with as many digits more or
    fewer: in some reading of ``boxed`` (words with boxes, in one image's pixels; a reading whose boxes overlap is
    no measure), a word that is ``segment`` alone (a '/' after it or not) is within ``WIDTH_FITS`` pitches of the
    width its figures need and nearer it than the width ``other``'s need by ``WIDTH_MARGIN``, the pitch taken from
    another word of the reading of two or more figures only; and no reading measures it the other way."""
    if not (segment.isdigit() and other.isdigit()) or len(segment) == len(other):
        return False
    refuted = upheld = False
    for words in boxed:
        ordered = sorted(words, key=lambda w: w.box[0])
        if any(a.box[0] + a.box[2] > b.box[0] for a, b in itertools.pairwise(ordered)):
            continue
        texts = [w.text.strip(":.") for w in ordered]
        for word, text in zip(ordered, texts):
            if text.rstrip("/") != segment or text.count("/") > 1:
                continue
            slash = SLASH_ADVANCE * text.endswith("/")
            for rule, figures in zip(ordered, texts):
                if rule is word or not (len(figures) >= 2 and figures.isdigit()):
                    continue
                pitch = rule.box[2] / len(figures)
                mine = abs(word.box[2] - (len(segment) + slash) * pitch) / pitch
                theirs = abs(word.box[2] - (len(other) + slash) * pitch) / pitch
                refuted |= mine <= WIDTH_FITS and theirs - mine >= WIDTH_MARGIN
                upheld |= theirs < mine
    return refuted and not upheld


def _read_all(crop: np.ndarray, factor: float, options: IngestOptions,
              variants: Sequence[tuple[float, str]]) -> list[tuple[str, float]]:
    """The row read under every one of ``variants`` (no early stop): each reading's text and the lowest
    confidence of a word with a digit (100 when none)."""
    out: list[tuple[str, float]] = []
    for image in binarisations(crop, factor, variants):
        words = read_crop(image, options, psm=7)
        digits = [w.conf for w in words if any(ch.isdigit() for ch in w.text)]
        out.append((" ".join(w.text for w in words), min(digits, default=100.0)))
    return out


def _read_even(crop: np.ndarray, factor: float, options: IngestOptions, page_line: str,
               readings: list[tuple[str, float]], values: dict[str, str], votes: dict[str, int]
               ) -> tuple[list[tuple[str, float]], dict[str, str], dict[str, int], list[str]]:
    """A number row the variants left open read under every ``EVEN_VARIANTS`` (all of them, no early stop):
    their readings replace the first ones only when they settle the number (``vote``: ``MIN_VOTES``), none of
    them reads a segment with a digit otherwise (``_digit_segment_dissent``), and the page's own reading of the
    row gives that same number (two views of the row agreeing: the page at its scale, the row with its veil
    divided out). Also returns the texts of these readings (for ``_read_denoised``, which weighs them)."""
    if crop.size == 0 or min(crop.shape[:2]) < 4:
        return readings, values, votes, []
    again = _read_all(crop, factor, options, EVEN_VARIANTS)
    even, even_votes = vote([page_line] + [r for r, _ in again])
    chosen = even.get("nomor")
    if chosen is not None and chosen == nomor_candidate(page_line) \
            and not any(_digit_segment_dissent(chosen, nomor_candidate(r) or "") for r, _ in again):
        return again, {**values, "nomor": chosen}, {**votes, "nomor": even_votes["nomor"]}, [r for r, _ in again]
    return readings, values, votes, [r for r, _ in again]


def _read_denoised(crop: np.ndarray, factor: float, options: IngestOptions, page_line: str,
                   earlier: Sequence[str], readings: list[tuple[str, float]], values: dict[str, str],
                   votes: dict[str, int]) -> tuple[list[tuple[str, float]], dict[str, str], dict[str, int]]:
    """A number row the usual and the shade-divided variants left open read under every ``DENOISED_VARIANTS``.
    Readings of one crop under one kind of filter repeat a misread digit together ("008" three times for a
    printed "005"), so their agreement alone does not settle the number: their readings replace the others
    only when they settle it (``vote`` with the page's own reading: ``MIN_VOTES``) and every segment of it is
    also read so by an independent reading, the page's or one of ``earlier`` (the other variants' readings),
    of the same shape (a valid Roman month excepted: ``settle`` checks it against the letter's date), and no
    reading at all, these or the others, reads a segment holding a digit otherwise
    (``_digit_segment_dissent``)."""
    if crop.size == 0 or min(crop.shape[:2]) < 4:
        return readings, values, votes
    again = _read_all(crop, factor, options, DENOISED_VARIANTS)
    found, found_votes = vote([page_line] + [r for r, _ in again])
    chosen = found.get("nomor")
    if chosen is None:
        return readings, values, votes
    outside = [c for c in (nomor_candidate(r) for r in [page_line, *earlier]) if c]
    inside = [c for c in (nomor_candidate(r) for r, _ in again) if c]
    if any(_digit_segment_dissent(chosen, other) for other in outside + inside) \
            or not _segments_confirmed(chosen, outside):
        return readings, values, votes
    return again, {**values, "nomor": chosen}, {**votes, "nomor": found_votes["nomor"]}


def _segments_confirmed(value: str, others: Sequence[str]) -> bool:
    """Whether each '/' segment of ``value`` is read alike by at least one of ``others`` of the same shape
    (as many segments); a Roman month I–XII needs no such reading (the letter's date is its other reading)."""
    parts = value.split("/")
    rows = [o.split("/") for o in others if len(o.split("/")) == len(parts)]
    return all(part in _ROMAN or any(row[k] == part for row in rows) for k, part in enumerate(parts))


def _digit_segment_dissent(chosen: str, other: str) -> bool:
    """Whether ``other`` (as many '/' segments) reads a segment holding a digit otherwise than ``chosen``:
    "13NPP-BA" beside "139PP-BA" (a '/' the readings lost or saw as a letter), "46G" beside "466"."""
    parts, theirs = chosen.split("/"), other.split("/")
    return len(parts) == len(theirs) and any(
        a != b and (re.search(r"\d", a) or re.search(r"\d", b)) for a, b in zip(parts, theirs))


LOST = "lost"  # the field of a band of rows the page reading lost whole (read for the fields still wanted)
LOST_GAP = 5.0  # a gap between word rows taller than this many word heights, with ink in it, lost rows
LOST_INK = 0.004  # share of dark pixels in a gap that is print, not paper
LOST_ROWS = 14.0  # at most this many word heights of the gap are read
LOST_PIXELS = 4e6  # the band is enlarged to at most this many pixels (a bounded Tesseract call)
# A band this dark is a picture (a photo, a halftone or shaded block), not rows of print: strokes are thin and
# rows spaced, so a block of print is well under a fifth ink. Of 118 lost bands read on the named sets, print-like
# ones were 0.005-0.16 ink (the one that gave a field 0.05), photos 0.27-0.48, none of which gave a field; a 4 MP
# photo band took 1.9 CPU-s on a low-resolution page (bench/README.md, speed22).
LOST_PICTURE_INK = 0.25
# ... and a band whose ink lies nearly all in marks taller than this many word heights is a signature, a stamp,
# a logo or a rule, which no row of print is: no field is read from it.
LOST_MARK_ROWS = 3.0
LOST_MARK_SHARE = 0.9


def lost_band(grey: np.ndarray, text: PageText, usual: float) -> tuple[list[Word], tuple[int, int, int, int]] | None:
    """The tallest gap between word rows in the upper part of the page that holds ink (rows the page
    reading lost whole: a number block, a place-date), and the row above it; None when there is none."""
    rows = sorted(((min(w.box[1] for w in ln), max(w.box[1] + w.box[3] for w in ln), ln)
                   for ln in _lines(text.words)), key=lambda r: r[0])
    best: tuple[int, int, int, list[Word]] | None = None
    for (_, bottom, above), (top, _, _) in zip(rows, rows[1:]):
        if bottom > 0.6 * text.height:
            break
        if top - bottom > LOST_GAP * usual and (best is None or top - bottom > best[0]):
            best = (top - bottom, bottom, top, above)
    if best is None:
        return None
    _, y0, y1, above = best
    y1 = min(y1, int(y0 + LOST_ROWS * usual))  # the rows under the one kept (a number block is short)
    x0 = max(0, int(np.percentile([w.box[0] for w in text.words], 5) - usual))
    x1 = grey.shape[1]  # to the page's edge: a date column lost at the right stands past the words kept
    band = grey[y0:y1, x0:x1]
    if band.size == 0 or not band.any():
        return None
    ink = cv2.threshold(band, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1] == 0
    share = ink.mean()
    if share <= LOST_INK or share > LOST_PICTURE_INK or _marks_only(ink, usual):
        return None
    return above, (x0, y0, x1 - x0, y1 - y0)


def _marks_only(ink: np.ndarray, usual: float) -> bool:
    """Whether nearly all of ``ink`` (``LOST_MARK_SHARE``) lies in marks taller than ``LOST_MARK_ROWS`` word
    heights (``usual`` px): a signature, a stamp, a logo, a rule, with no letters of print beside them."""
    _, _, stats, _ = components(ink.view(np.uint8))
    areas = stats[1:, cv2.CC_STAT_AREA]
    tall = stats[1:, cv2.CC_STAT_HEIGHT] > LOST_MARK_ROWS * max(usual, 1.0)
    return bool(areas.sum()) and int(areas[tall].sum()) > LOST_MARK_SHARE * int(areas.sum())


def read_band(band: np.ndarray, factor: float, options: IngestOptions, wanted: Sequence[str] = FIELDS,
              anchor: str = "") -> list[str]:
    """A band of lost rows read as a block (psm 6) under the first three variants; each reading's rows,
    one per line of text. Stops once a reading gives none of the ``wanted`` fields or other values than
    the first (every reading must agree: ``MIN_VOTES`` of three)."""
    out: list[str] = []
    first: dict[str, str] | None = None
    for variant in VARIANTS[:MIN_VOTES]:  # each image made only when it is read (a reading may end it)
        rows: dict[int, list[Word]] = {}
        for w in read_crop(binarised(band, factor, variant), options, psm=6):
            rows.setdefault(w.line, []).append(w)
        out.append("\n".join(" ".join(w.text for w in sorted(ws, key=lambda w: w.box[0]))
                             for _, ws in sorted(rows.items())))
        got = {k: v for k, v in line_values(anchor + "\n" + out[-1]).items() if k in wanted}
        if not got or first is not None and got != first:
            break
        first = got
    return out


def _lost_reading(grey: np.ndarray, text: PageText, usual: float, options: IngestOptions,
                  wanted: Sequence[str]) -> LineReading | None:
    found = lost_band(grey, text, usual)
    if found is None:
        return None
    above, (x, y, w, h) = found
    anchor = " ".join(word.text for word in above)
    factor = min(MAX_FACTOR, max(1.0, TARGET_WORD_PX / max(usual, 1.0)), max(1.0, (LOST_PIXELS / max(1, w * h)) ** 0.5))
    try:
        band = read_band(grey[y:y + h, x:x + w], factor, options, wanted, anchor)
    except BurtError:  # Tesseract timed out on the band: the page keeps what it had
        return None
    readings = [anchor + "\n" + r for r in band]
    values, votes = vote([anchor] + readings)
    return LineReading(LOST, anchor, tuple(readings), values, votes, 1 + len(readings))


def unfound_date_readings(grey: np.ndarray, text: PageText, right: int, usual: float,
                          options: IngestOptions) -> list[LineReading]:
    """The date row ``field_lines`` passes over, read again on a page whose date is wanted and has no row of its
    own: a time stamp in the page's upper part whose clock word was misread past one letter
    (``daterows.clock_stamp_row``), read as a place-date row is; none when there is no such row."""
    stamp = next((row for ln in _lines(text.words) if ln[0].box[1] < 0.45 * text.height
                  and (row := clock_stamp_row(ln)) is not None), None)
    if stamp is None:
        return []
    crop, factor = _row_crop(grey, stamp, right, usual, True)
    return [_reading("tanggal", " ".join(w.text for w in stamp), crop, factor, options)]


HALF = "nomor_half"  # a number row the page reading lost, found again on the upper page read at half scale
HALF_SCALE = 0.5  # the page's upper part is shrunk by this to find it (rows Tesseract drops at the page's
# scale it reads at half: bench/README.md "Number rows lost by the page reading")
HALF_TOP = 0.55  # share of the page's height searched (the number block stands above the body)
_HEADING = re.compile(r"^\W*(kepada|yth|perihal|hal|lampiran|lamp|sifat)\b", re.IGNORECASE)


def _letter_heading(text: PageText) -> bool:
    """Whether the page's upper part has a letter's heading rows (an addressee, subject or attachment label):
    a page where a number row is expected. A place-date alone is no such row: lists, schedules and minutes
    date their heading too and print no number (bench/README.md, speed26)."""
    return any(line[0].box[1] < HALF_TOP * text.height and _HEADING.match(" ".join(w.text for w in line))
               for line in _lines(text.words))


def half_scale_row(grey: np.ndarray, options: IngestOptions) -> list[Word] | None:
    """The number row of the page's upper part read as a block at ``HALF_SCALE``, its boxes in page
    coordinates; None when that reading has no number row either."""
    top = grey[:int(HALF_TOP * grey.shape[0])]
    if min(top.shape[:2]) < 20:
        return None
    small = cv2.resize(top, None, fx=HALF_SCALE, fy=HALF_SCALE, interpolation=cv2.INTER_AREA)
    try:
        words = read_crop(small, options, psm=6, scale=HALF_SCALE)
    except BurtError:  # Tesseract timed out: the page keeps what it had
        return None
    return next((ln for ln in _lines(words) if _nomor_line(ln)), None)


def reread_fields(image: np.ndarray, text: PageText, options: IngestOptions) -> PageText:
    """``text`` with a "fieldread" record: the number and date rows of a page whose own extraction left
    them empty, read again (see the module's docstring), and the row of a date it read from a row Tesseract
    was unsure of (``CHECKED``). Pages with both fields sure and read sure are left alone."""
    started = time.perf_counter()
    metadata = extract_metadata(text.text, text.words) if text.words else None
    wanted = _unsure(metadata) if metadata is not None else []
    checked = _date_row_to_check(text, metadata) if metadata is not None else None
    number = _nomor_row_to_check(text, metadata) if metadata is not None else None
    found: list[LineReading] = []
    rests: list[dict] = []
    doubted = metadata is not None and any(doubted_word(getattr(metadata, n)) for n in WORD_FIELDS)
    if wanted or checked is not None or number is not None or doubted:
        grey = to_grey(image)
        right = int(np.percentile([w.box[0] + w.box[2] for w in text.words], 95))
        usual = float(np.median([w.box[3] for w in text.words if sum(ch.isalnum() for ch in w.text) >= 2] or [0]))
    if checked is not None:  # the date read, its row unsure: read again to confirm it (``_date_checked``)
        crop, factor = _row_crop(grey, checked, right, usual, True)
        found.append(replace(_reading("tanggal", " ".join(w.text for w in checked), crop, factor, options,
                                      witnessed=False), field=CHECKED))
    if number is not None:  # the number read while doubted: read again to check its code's letters
        crop, factor = _row_crop(grey, number, right, usual)
        page_line = " ".join(w.text for w in number)
        readings = read_row(crop, factor, options, "nomor", page_line)
        values, votes = vote([page_line] + [r for r, _ in readings])
        found.append(LineReading(NOMOR_CHECKED, page_line, tuple(r for r, _ in readings), values, votes,
                                 1 + len(readings), tuple(c for _, c in readings)))
    if wanted:
        rows = field_lines(text, wanted, stamps=True)
        for name, line in rows:
            if name == "nomor" and rest_band(line, text.words) is not None:  # a number broken after a slash
                line = _printed_row(line, text.words)
            # a number row found by its shape alone (``shaped_row``): read from the text's left edge, its label's place
            left = int(np.percentile([w.box[0] for w in text.words], 5)) \
                if name == "nomor" and not _nomor_line(line) else None
            crop, factor = _row_crop(grey, line, right, usual, name == "tanggal", left)
            found.append(_reading(name, " ".join(w.text for w in line), crop, factor, options))
            if name == "nomor" and (rest := read_rest(grey, line, text.words, options, binarisations,
                                                      witness_model(options), TARGET_WORD_PX)) is not None:
                rests.append(rest)  # a number broken after a slash: the row under its first piece (``nomorwrap``)
        # no row the Nomor label names (one found by its shape alone may be another row: the half-scale reading too)
        if "nomor" in wanted and text.number == 1 and not any(n == "nomor" and _nomor_line(ln) for n, ln in rows) \
                and _letter_heading(text):
            row = half_scale_row(grey, options)
            if row is not None:  # read again like a number row the page kept, its half-scale reading voting
                crop, factor = _row_crop(grey, row, right, usual)
                found.append(replace(_reading("nomor", " ".join(w.text for w in row), crop, factor, options,
                                              HALF_VARIANTS, of_page=True), field=HALF))
                rows = [*rows, ("nomor", row)]
        if "tanggal" in wanted and all(n != "tanggal" for n, _ in rows):  # rows the date finder passes over
            found.extend(unfound_date_readings(grey, text, right, usual, options))
        if any(name not in (n for n, _ in rows) for name in wanted):  # a wanted field with no row at all
            lost = _lost_reading(grey, text, usual, options, wanted)
            if lost is not None:
                found.append(lost)
    words = read_doubted_words(grey, text, metadata, options, witness_model(options)) \
        if doubted and metadata is not None else []  # a name field's doubted word, read alone (``wordread``)
    details = {"wanted": wanted, "lines": [r.to_json() for r in found] + words, **({REST: rests} if rests else {})}
    return replace(text, steps=text.steps + (StageRecord(STAGE, elapsed_ms(started), details),))


# ---------------------------------------------------------------- the document's fields

def recorded(pages: Sequence[PageText]) -> list[dict]:
    """The re-read lines recorded on ``pages`` (their "fieldread" records), page order."""
    return [line for p in pages for s in p.steps if s.stage == STAGE for line in s.details.get("lines", ())]


def settle(metadata: Metadata, text: str, pages: Sequence[PageText]) -> Metadata:
    """``metadata`` with the number and date the re-read lines agree on, where extraction left the field
    empty or read it otherwise and the votes outweigh it (see the module's docstring)."""
    metadata = settle_doubted_words(metadata, text, pages, recorded(pages))
    metadata = _nomor_checked(_date_checked(settle_penerima(settle_perihal(metadata, pages), pages), pages), pages)
    lines = [ln for ln in recorded(pages) if ln.get("values") and ln["field"] not in (CHECKED, NOMOR_CHECKED)]
    if not any(ln["field"] in ("nomor", HALF) for ln in recorded(pages)) and not lines:
        tanggal, review = _crossed_settled(metadata.tanggal, metadata.nomor, text, pages, list(metadata.review))
        if tanggal is not metadata.tanggal:
            metadata = replace(metadata, tanggal=tanggal, review=tuple(dict.fromkeys(review)))
        return number_finished(metadata, text, pages)
    reread = text
    for ln in lines:
        best = _best_reading(ln)
        if best is not None:
            reread = best + "\n" + reread if ln["field"] == HALF \
                else _put_line(reread, ln["page_line"], best, ln["field"] == "tanggal")
    again = extract_metadata(reread)
    fields = {name: getattr(metadata, name) for name in FIELDS}
    review = list(metadata.review)
    header = nomor_letterhead(text)  # the kop, which extraction reads a number's unit code against
    gap_doubted = _gap_doubted(metadata.tanggal)
    for name in ("tanggal", "nomor"):  # the date first: a number is checked against the letter's month
        got, new = fields[name], getattr(again, name)
        overruled = ""
        agreed = [ln for ln in lines if _as_read(ln["values"].get(name), name, header) == new.value]
        if not new.present or not agreed or got.present and got.value == new.value:
            continue
        if got.present and all(ln["field"] in (LOST, HALF) for ln in agreed):
            continue  # rows the page reading lost only fill a field it left empty
        if name == "nomor" and (any("tidak lengkap di cetakan" in r for r in review) or broken(str(new.value))
                                or check_nomor(str(new.value), fields["tanggal"].value)):
            continue  # a blank left for a hand-written number, or a number that fails its checks
        if name == "tanggal" and new.value == gap_doubted:
            continue  # the one-figure day extraction doubted for the blank after it, read alike again: same doubt
        month_stroke_off = False
        if name == "tanggal" and fields["nomor"].present and check_nomor(str(fields["nomor"].value), str(new.value)):
            month_stroke_off = month_word_outvotes(str(fields["nomor"].value), str(new.value), _date_readings(agreed))
            if not month_stroke_off:
                continue  # a date whose month or year the letter's own number contradicts
        if name == "tanggal" and not fields["nomor"].present \
                and (year := number_year(fields["nomor"], recorded(pages))) is not None and year != str(new.value)[:4]:
            later = cites_later(f"/{year}", [str(r.value) for r in metadata.rujukan if r.present])
            if later is None or cites_later(f"/{str(new.value)[:4]}", [later]) is not None:
                continue  # the number row, though not read whole, carries another year ("…/X/2023" above "24 OKTOBER 2024")
            # the number row's year is older than a letter the page cites: that year is misread, not a rival
            overruled = f"tanggal: {NUMBER_YEAR_CITES_LATER} ({year}; {later}) — periksa"
        unread = _unread_page_date(got, str(new.value)) if name == "tanggal" else None
        if name == "tanggal" and any(_date_dissent(ln, str(new.value), unread) for ln in agreed):
            continue  # a reading of the row gives another valid date: a digit the readings cannot settle on
        votes = max(ln["votes"][name] for ln in agreed)
        of = max(ln["of"] for ln in agreed)
        if got.present and votes < of - 1:
            continue  # a value read otherwise is replaced only when every re-reading agrees
        if name == "nomor" and _yearless_and_doubted(agreed, str(new.value)):
            continue
        doubted = f"; {DIGITS_DOUBTED}" if name == "nomor" and _all_doubted(agreed) else ""
        garbled = sorted({g for ln in agreed for g in ln.get("garbled", ())}) if name == "nomor" else []
        fields[name] = Field(new.value, agreed_confidence(votes, of),
                             f"{new.reason}; dibaca ulang per baris: {votes} dari {of} bacaan sepakat{doubted}")
        review = [r for r in review if not r.startswith(name + ":")]
        if doubted:
            review.append(f"nomor: {DIGITS_DOUBTED} ('{new.value}') — periksa")
        if garbled:  # figures read otherwise by readings passed over for their year: shown to a clerk, flagged low
            fields[name] = replace(fields[name], confidence=min(fields[name].confidence, COMPLETED_CONFIDENCE),
                                   reason=f"{fields[name].reason}; {GARBLED_YEAR_PASSED}")
            review.append(f"nomor: {GARBLED_YEAR_PASSED} ({', '.join(garbled)}), bukan {new.value} — periksa")
        if overruled:  # shown to a clerk: the number row read another year
            review.append(overruled)
        if month_stroke_off:  # the number's Roman month, one stroke off the month the date row spells: not shown as read
            review = [r for r in review if not r.startswith("nomor:")]
            review.append(f"nomor: {NUMBER_MONTH_STROKE} ({new.value}), bukan {fields['nomor'].value} — periksa")
            fields["nomor"] = Field(None, min(fields["nomor"].confidence, 0.5),
                                    f"dikosongkan karena tidak pasti ({fields['nomor'].value!r}): "
                                    f"{fields['nomor'].reason}; {NUMBER_MONTH_STROKE}")
    number_lines = [ln for ln in recorded(pages) if ln["field"] in ("nomor", HALF)]
    settled = settled_by_pieces(fields["nomor"], (row_value(r) for ln in number_lines for r in _every_reading(ln)))
    if settled is not None and not check_nomor(str(settled.value), fields["tanggal"].value):
        fields["nomor"] = settled  # a number broken after a slash, its first piece read alike by the row's readings
        review = [r for r in review if not r.startswith("nomor:")]
    wrapped = wrapped_by_rows(fields["nomor"], (row_value(r) for ln in number_lines for r in _every_reading(ln)),
                              [r for p in pages for s in p.steps if s.stage == STAGE for r in s.details.get(REST, ())],
                              fields["tanggal"])
    if wrapped is not None:  # a number broken after a slash, both its rows read again (``nomorwrap``)
        fields["nomor"] = wrapped
        review = [r for r in review if not r.startswith("nomor:")] + [WRAPPED_REVIEW]
    if not fields["nomor"].present and not any("tidak lengkap di cetakan" in r for r in review) \
            and (blank := blank_read(number_lines)):
        review.append(f"nomor: {BLANK_READ} ('{blank}') — periksa")  # no number is put together from such a row
    if not fields["nomor"].present and not any("tidak lengkap di cetakan" in r for r in review):
        confirmed = confirm_by_segments(number_lines, fields["tanggal"].value if fields["tanggal"].present else None,
                                        header)
        if confirmed is not None and month_refuted(number_lines, str(confirmed.value)):
            confirmed = None  # the readings' month, confirmed by the date, is not what the network saw
        if confirmed is not None:
            fields["nomor"] = confirmed
            review = [r for r in review if not r.startswith("nomor:")]
        else:
            letter_iso = fields["tanggal"].value if fields["tanggal"].present \
                else month_agreed(recorded(pages), str(metadata.tanggal.reason))
            row_month = None if letter_iso or fields["tanggal"].present else month_year_read(recorded(pages))
            letter_iso = letter_iso or row_month
            decoded = decode_by_lattice(number_lines, letter_iso)
            if decoded is not None:  # taken, and left for a clerk to look at
                fields["nomor"] = decoded
                review = [r for r in review if not r.startswith("nomor:")] + [DECODED_REVIEW]
            elif (completed := complete_cut_year(number_lines, letter_iso)) is not None:  # likewise
                fields["nomor"] = completed
                review = [r for r in review if not r.startswith("nomor:")] + [COMPLETED_REVIEW]
            elif (spaced := spaced_number(number_lines, letter_iso)) is not None:  # likewise
                fields["nomor"] = spaced
                review = [r for r in review if not r.startswith("nomor:")] + [SPACED_REVIEW]
            elif (dated := year_by_date(number_lines, letter_iso)) is not None:  # likewise
                fields["nomor"] = dated
                review = [r for r in review if not r.startswith("nomor:")] + [YEAR_BY_DATE_REVIEW]
            elif (aligned := aligned_number(number_lines, letter_iso, header)) is not None:
                fields["nomor"] = aligned  # shown to a clerk where the row's re-readings split on a digit
                review = [r for r in review if not r.startswith("nomor:")] + aligned_doubt(number_lines, str(aligned.value))
            elif (worded := word_lost_number(number_lines, letter_iso, header)) is not None:  # shown to a clerk
                fields["nomor"] = worded
                review = [r for r in review if not r.startswith("nomor:")] + [WORD_LOST_REVIEW]
            elif (overprinted := complete_overprinted_year(number_lines, letter_iso)) is not None:  # likewise
                fields["nomor"] = overprinted
                review = [r for r in review if not r.startswith("nomor:")] + [OVERPRINTED_REVIEW]
            elif (stroked := month_by_date(number_lines, letter_iso, header)) is not None:  # likewise
                fields["nomor"] = stroked
                review = [r for r in review if not r.startswith("nomor:")] + [MONTH_BY_DATE_REVIEW]
            elif (thin := thin_restored_number(number_lines, letter_iso, header)) is not None:  # likewise
                fields["nomor"] = thin
                review = [r for r in review if not r.startswith("nomor:")]
            elif (cited := cited_year_settled(metadata, fields["tanggal"])) is not None:  # likewise
                fields["nomor"] = cited
                review = [r for r in review if not r.startswith("nomor:")] + [CITED_YEAR_REVIEW]
            elif letter_iso is None and not _EMPTIED_DATE.search(str(metadata.tanggal.reason)) \
                    and not any(ln["field"] in ("tanggal", CHECKED) for ln in recorded(pages)) \
                    and (undated := undated_number(number_lines, header)) is not None:  # no date row at all: likewise
                fields["nomor"] = undated
                review = [r for r in review if not r.startswith("nomor:")] + [UNDATED_REVIEW]
            if row_month and fields["nomor"].present:  # checked against a date row whose day is unread: shown low
                fields["nomor"] = replace(fields["nomor"], confidence=min(fields["nomor"].confidence, CODE_CONFIDENCE),
                                          reason=f"{fields['nomor'].reason}; {MONTH_YEAR_ONLY}")
                review.append(f"nomor: {MONTH_YEAR_ONLY} ('{fields['nomor'].value}') — periksa")
    if not fields["tanggal"].present and (dated := date_by_number_year(recorded(pages), fields["nomor"], text)) is not None \
            and dated.value != gap_doubted:
        fields["tanggal"] = dated  # the year the place-date row's readings cannot settle, read on the number row
        review = [r for r in review if not r.startswith("tanggal:")]
        if not fields["nomor"].present and not any("tidak lengkap di cetakan" in r for r in review) \
                and (aligned := _aligned_once_dated(recorded(pages), str(dated.value), header)) is not None:
            fields["nomor"] = aligned  # the character vote, which needs the letter's date, run again with it
            review = [r for r in review if not r.startswith("nomor:")]
    if not fields["tanggal"].present and (cut := date_by_cut_year(recorded(pages), fields["nomor"])) is not None:
        fields["tanggal"] = cut  # the place-date row's year cut at the page's edge, completed from the number's
        review = [r for r in review if not r.startswith("tanggal:")] + [CUT_YEAR_REVIEW]
        if not fields["nomor"].present and not any("tidak lengkap di cetakan" in r for r in review) \
                and (aligned := _aligned_once_dated(recorded(pages), str(cut.value), header)) is not None:
            fields["nomor"] = aligned  # the character vote, which needs the letter's date, run again with it
            review = [r for r in review if not r.startswith("nomor:")] + [CUT_YEAR_NUMBER_REVIEW]
    fields["tanggal"], review = _crossed_settled(fields["tanggal"], fields["nomor"], text, pages, review)
    if fields["nomor"] is not metadata.nomor:  # a number the readings gave, checked against the letters it cites
        fields["nomor"] = nomor_cites_later(fields["nomor"], metadata.rujukan, review)
        if fields["nomor"].present and CODE_FROM_LETTERHEAD in fields["nomor"].reason:  # inferred: shown to a clerk
            fields["nomor"] = replace(fields["nomor"], confidence=min(fields["nomor"].confidence, CODE_CONFIDENCE))
            review.append(f"nomor: {CODE_FROM_LETTERHEAD} ('{fields['nomor'].value}') — periksa")
        for note in (FIGURE_BY_LOOKALIKES, MARK_DROPPED):  # likewise
            if fields["nomor"].present and note in fields["nomor"].reason:
                fields["nomor"] = replace(fields["nomor"], confidence=min(fields["nomor"].confidence, CODE_CONFIDENCE))
                review.append(f"nomor: {note} ('{fields['nomor'].value}') — periksa")
    if fields["nomor"].present and fields["nomor"] is not metadata.nomor and CODE_DOT_ENDED in metadata.nomor.reason:
        # the page's reading lost a figure of the number's code ("000./111/…"): the re-readings alone read it there
        fields["nomor"] = replace(fields["nomor"], confidence=min(fields["nomor"].confidence, CODE_CONFIDENCE),
                                  reason=f"{fields['nomor'].reason}; {FIGURE_AFTER_DOT}")
        review.append(f"nomor: {FIGURE_AFTER_DOT} ('{fields['nomor'].value}') — periksa")
    fields["nomor"] = kop_settled(fields["nomor"], recorded(pages), header, fields["tanggal"], review)
    if all(fields[n] is getattr(metadata, n) for n in FIELDS) and review == list(metadata.review):
        return number_finished(metadata, text, pages)
    return number_finished(replace(metadata, **fields, review=tuple(dict.fromkeys(review))), text, pages)


# Said (the number shown to a clerk, low) when the page's number was refused for a code ending in its dot
# (``nomor.CODE_DOT_ENDED``: "000./111/…", a figure lost) and the re-readings of its row give the number whole.
FIGURE_AFTER_DOT = "angka kode yang hilang pada bacaan halaman dibaca oleh bacaan ulang saja"


def number_finished(metadata: Metadata, text: str, pages: Sequence[PageText]) -> Metadata:
    """``metadata`` with its number checked last against the other readings of its row: a dot between a code's
    capitals that some readings and the kop do not have taken out (``kop_joined_settled``), a number those readings
    go on past or count the month of otherwise emptied (``unfinished_emptied``), a number whose shape on the page
    says a piece was lost or doubled emptied (``shape_doubted``); ``metadata`` when none applies."""
    if not metadata.nomor.present:
        return metadata
    review = list(metadata.review)
    lines = recorded(pages)
    nomor = kop_joined_settled(metadata.nomor, lines, nomor_letterhead(text), metadata.tanggal, review)
    nomor = unfinished_emptied(nomor, lines, metadata.tanggal, review, text)
    nomor = shape_doubted(nomor, lines, pages, review)
    if nomor is metadata.nomor:
        return metadata
    return replace(metadata, nomor=nomor, review=tuple(dict.fromkeys(review)))


def shape_doubted(nomor: Field, lines: Sequence[dict], pages: Sequence[PageText], review: list[str]) -> Field:
    """``nomor`` emptied and named for review (appended to ``review``) when its shape on the page says the capture
    lost or doubled a piece of it: a blank before its year where a Roman month stood
    (``nomorshape.month_lost_in_gap``, on each page's words), or a capital of a code word doubled that another
    reading of its row spells once (``nomorshape.doubled_letter_rival``); ``nomor`` otherwise."""
    if not nomor.present:
        return nomor
    value = str(nomor.value)
    said = ""
    if any(month_lost_in_gap(value, page.words) for page in pages):
        said = MONTH_LOST
    elif once := doubled_letter_rival(value, _number_row_readings(lines)):
        said = f"{LETTER_DOUBLED} ({once})"
    if not said:
        return nomor
    review[:] = [r for r in review if not r.startswith("nomor:")] + [f"nomor: {said}, bukan {value} — periksa"]
    return Field(None, min(nomor.confidence, 0.5), f"dikosongkan karena tidak pasti ({value!r}): {nomor.reason}; {said}")


def thin_restored_number(lines: Sequence[dict], letter_iso: str | None,
                         header: Sequence[Sequence[str]]) -> Field | None:
    """The number the year's completions (``complete_cut_year``, ``complete_overprinted_year``) or the character
    vote (``aligned_number``) give once every reading of the row has its code piece cut by a lost thin letter
    joined as the letterhead spells it (``nomorsettle.thin_letter_restored``: "Dispersip-B g" under a kop naming
    "BALANGAN"); None when no reading had such a piece or none of them gives a number. The letter is inferred
    from the kop: the reason says ``CODE_FROM_LETTERHEAD``, which ``settle`` shows low and names for review."""
    keys = ("readings", "witness", "sharpened")
    restored = [{**ln, "page_line": thin_letter_restored(ln["page_line"], header),
                 **{k: [thin_letter_restored(r, header) for r in ln.get(k, ())] for k in keys if k in ln}}
                for ln in lines]
    if restored == list(lines):
        return None
    field = complete_cut_year(restored, letter_iso) or complete_overprinted_year(restored, letter_iso) \
        or aligned_number(restored, letter_iso, header)
    if field is None:
        return None
    return Field(field.value, min(field.confidence, CODE_CONFIDENCE), f"{field.reason}; {CODE_FROM_LETTERHEAD}")


CITED_YEAR_REVIEW = f"nomor: {YEAR_BY_CITED_DATE} — periksa"


def cited_year_settled(metadata: Metadata, tanggal: Field) -> Field | None:
    """The number extraction emptied because its year is earlier than a letter the page cites
    (``metadata.nomor_cites_later``), with the year of the letter's date instead (``nomorsettle.year_by_cited_date``),
    when it then passes the date's checks and ``broken``; None otherwise. Only with a date extraction read."""
    emptied = _EMPTIED.search(metadata.nomor.reason)
    if metadata.nomor.present or not tanggal.present or emptied is None or CITES_LATER_NOMOR not in metadata.nomor.reason:
        return None
    cited = [str(r.value) for r in metadata.rujukan if r.present]
    field = year_by_cited_date(emptied.group(2), str(tanggal.value), cited)
    if field is None or broken(str(field.value)) or check_nomor(str(field.value), str(tanggal.value)):
        return None
    return field


def kop_settled(nomor: Field, lines: Sequence[dict], header: Sequence[Sequence[str]], tanggal: Field,
                review: list[str]) -> Field:
    """``nomor`` with the unit-code piece the readings of its row split on put as the letterhead spells it
    (``nomorsettle.kop_spelled_rival``: "Dispersip-Rlg" read three times, "Dispersip-Blg" twice, under a kop naming
    "BALANGAN"), when the other number passes the date's checks and ``broken``; ``nomor`` otherwise. The letter
    is inferred against the majority: shown at ``CODE_CONFIDENCE`` and named for review (appended to ``review``)."""
    if not nomor.present or CODE_FROM_LETTERHEAD in nomor.reason:
        return nomor
    rival = kop_spelled_rival(str(nomor.value), _number_readings(lines), header)
    if rival is None or broken(rival) or check_nomor(rival, str(tanggal.value) if tanggal.present else None):
        return nomor
    review[:] = [r for r in review if not r.startswith("nomor:")] + [f"nomor: {CODE_FROM_LETTERHEAD} ('{rival}') — periksa"]
    return Field(rival, min(nomor.confidence, CODE_CONFIDENCE),
                 f"{nomor.reason}; bacaan baris terbelah pada kode unit ({nomor.value} / {rival}): {CODE_FROM_LETTERHEAD}")


def _number_row_readings(lines: Sequence[dict]) -> list[str]:
    """Every reading of the number rows among ``lines``: the page line, the re-readings and the witness's readings."""
    return [r for ln in lines if ln["field"] in ("nomor", HALF, NOMOR_CHECKED)
            for r in [ln["page_line"], *ln.get("readings", ()), *ln.get("witness", ())]]


def _number_readings(lines: Sequence[dict]) -> list[str]:
    """Every reading's number (``nomor_candidate``) of the number rows among ``lines`` (``_number_row_readings``)."""
    return [c for r in _number_row_readings(lines) if (c := nomor_candidate(r))]


def kop_joined_settled(nomor: Field, lines: Sequence[dict], header: Sequence[Sequence[str]], tanggal: Field,
                       review: list[str]) -> Field:
    """``nomor`` with a dot between two runs of a code's capitals taken out where other readings of its row read
    them joined and the kop prints the words they are the initials of (``nomorsettle.kop_joined_rival``: a fax's
    speck read as a dot, "KOM-PL.MP" under "KOMUNITAS PEGIAT LITERASI MUARA PONEPE"), when the joined number
    passes the date's checks and ``broken``; ``nomor`` otherwise. Read against most readings: shown at
    ``CODE_CONFIDENCE`` and named for review (appended to ``review``)."""
    if not nomor.present:
        return nomor
    rival = kop_joined_rival(str(nomor.value), _number_readings(lines), header)
    if rival is None or broken(rival) or check_nomor(rival, str(tanggal.value) if tanggal.present else None):
        return nomor
    review[:] = [r for r in review if not r.startswith("nomor:")] + [f"nomor: {CODE_FROM_LETTERHEAD} ('{rival}') — periksa"]
    return Field(rival, min(nomor.confidence, CODE_CONFIDENCE),
                 f"{nomor.reason}; titik di antara huruf kode tidak dibaca semua bacaan ({nomor.value} / {rival}): "
                 f"{CODE_FROM_LETTERHEAD}")


# A Roman month the readings count the strokes of differently (``month_strokes_split``): "II" read by some readings
# of a messenger photo's row, "III" by others; with no letter date to say which month, the number's month is not
# known, and a number with the wrong month is worse than none (fieldnomor31).
MONTH_STROKES_SPLIT = "bulan Romawi dibaca dengan jumlah garis berbeda dan tanggal surat tidak terbaca"
MONTH_SPLIT_READINGS = 2  # readings of the row, at least, that give the other month


def month_strokes_split(value: str, read: Sequence[str]) -> list[str]:
    """The Roman months of ``read`` (every reading's number of the row) that differ from the month before
    ``value``'s year only in their count of 'I' strokes (``_strokes_apart``), with the same year, when at least
    ``MONTH_SPLIT_READINGS`` readings give such a month; empty otherwise. The caller asks this only of a letter
    whose date was not read (a date decides the month: ``nomor.check_nomor``, ``month_by_date``)."""
    parts = value.split("/")
    if len(parts) < 3 or parts[-2] not in _ROMAN or nomor_year(value) is None:
        return []
    others = [other[-2] for other in (r.split("/") for r in read) if len(other) >= 3 and other[-1] == parts[-1]
              and other[-2] in _ROMAN and _strokes_apart(parts[-2], other[-2])]
    return others if len(others) >= MONTH_SPLIT_READINGS else []


# A code word most readings of the row give that the number lacks (``code_word_dropped``): a character vote over
# readings whose month ran into the code word ("…/Dispersip-BlgIV/2025") parts the number before that word and
# gives "000.4.7.1/069/V/2025" for "000.4.7.1/069/Dispersip-Blg/V/2025" (fieldnomor31: held_out_3801 doc0002).
CODE_WORD_DROPPED = "kata kode yang diberikan sebagian besar bacaan baris hilang dari nomor"
# a word of a unit code ("Dispersip", "Bappelitbangda"; not an abbreviation), after a separator: not the next
# column's word run into a year cut short ("…/V/202Kepada") or after a space
_CODE_WORD = re.compile(r"(?<=[/.\-])[A-Za-z]{5,}")


# the column beside the number row read on into its year, whole or cut ("…/VII/20Kepada", "…/2024-Kepada"): a
# capitalised word run into the year's figures ends the number, it is no word of its code
_COLUMN_ON_YEAR = re.compile(r"(/(?:19|20)\d{0,2})[-.,/]?[A-Z][A-Za-z]{2,}\S*$")


def code_word_dropped(value: str, lines: Sequence[dict]) -> str | None:
    """A word of at least five letters (``_CODE_WORD``) that more than half of the number values of the number rows
    among ``lines`` (``row_value`` of the page line, the re-readings and the witness's readings, at least
    ``MIN_VOTES``) contain, case aside, and ``value`` does not; None when there is none."""
    values = [_COLUMN_ON_YEAR.sub(r"\1", v).casefold() for r in _number_row_readings(lines) if (v := row_value(r))]
    if len(values) < MIN_VOTES:
        return None
    words = {w.casefold() for v in values for w in _CODE_WORD.findall(v)}
    given = [w for w in sorted(words) if sum(w in v for v in values) * 2 > len(values) and w not in value.casefold()]
    return given[0] if given else None


def unfinished_emptied(nomor: Field, lines: Sequence[dict], tanggal: Field, review: list[str], text: str = "") -> Field:
    """``nomor`` emptied and named for review (appended to ``review``) when the other readings of its row say it is
    not the whole number: they go on past its end (``nomorsettle.cut_short_by_readings``: a phone row cut after
    its unit code), or, with no letter date read, they count its Roman month's strokes otherwise
    (``month_strokes_split``: "II" and "III"), or the place-date line of ``text`` whose day was not read prints
    another month of the number's year (``nomorsettle.month_against_date_line``), or most of them give a code word
    it lacks (``code_word_dropped``); ``nomor`` otherwise."""
    if not nomor.present:
        return nomor
    read = _number_readings(lines)
    said = ""
    if longer := cut_short_by_readings(str(nomor.value), read):
        said = f"{CUT_SHORT} ({', '.join(sorted(set(longer)))})"
    elif not tanggal.present and (months := month_strokes_split(str(nomor.value), read)):
        said = f"{MONTH_STROKES_SPLIT} ({', '.join(sorted(set(months)))})"
    elif not tanggal.present and (month := month_against_date_line(str(nomor.value), text)):
        said = f"{DATE_LINE_MONTH} ({month})"
    elif word := code_word_dropped(str(nomor.value), lines):
        said = f"{CODE_WORD_DROPPED} ({word})"
    if not said:
        return nomor
    review[:] = [r for r in review if not r.startswith("nomor:")] + [f"nomor: {said}, bukan {nomor.value} — periksa"]
    return Field(None, min(nomor.confidence, 0.5), f"dikosongkan karena tidak pasti ({nomor.value!r}): {nomor.reason}; {said}")


# Said for review of a date taken from its re-read row over the year its number row reads: the number's year is
# earlier than a letter the page cites (``nomor.cites_later``), so it is the misread one (a fax's "4" read "1").
NUMBER_YEAR_CITES_LATER = "tahun pada baris nomor lebih awal dari surat yang dirujuk, tanggal menurut baris tanggal"


def _date_readings(lines: Sequence[dict]) -> list[tuple[str, str | None]]:
    """Every reading of the date rows ``lines`` (the page's, the re-readings', the witness model's) with the date
    it gives alone (``line_values``), or None."""
    return [(r, line_values(r).get("tanggal")) for ln in lines
            for r in [ln["page_line"], *ln["readings"], *ln.get("witness", ())]]


def _gap_doubted(tanggal: Field) -> str | None:
    """The date extraction emptied for the blank after its one-figure day (``metadata.DAY_GAP``), or None."""
    if tanggal.present or DAY_GAP not in tanggal.reason:
        return None
    found = re.search(r"\('(\d{4}-\d\d-\d\d)'\)", tanggal.reason)
    return found.group(1) if found else None


def _as_read(value: str | None, name: str, header: Sequence[Sequence[str]]) -> str | None:
    """A row's ``value`` of field ``name`` as extraction reads it on the whole page: a number's unit code put
    right by the letterhead (``nomor.code_by_letterhead``)."""
    return code_by_letterhead(value, header)[0] if name == "nomor" and value else value


def _date_checked(metadata: Metadata, pages: Sequence[PageText]) -> Metadata:
    """``metadata`` with its date emptied and named for review when a re-reading of the row it was read from
    (``CHECKED``) gives another valid date: one print, read twice otherwise, is a digit Tesseract cannot settle
    on (a "2" read "3" on a blurred photo), and however many readings agree with the page, a wrong date is
    worse than none. Readings that give no date (a month or year unread) say nothing."""
    got = metadata.tanggal
    if not got.present:
        return metadata
    for ln in _rows_read_for(pages, CHECKED, "tanggal", got.value):
        other = sorted({v for r in ln["readings"] if (v := line_values(r).get("tanggal")) not in (None, got.value)})
        if other:
            emptied = _emptied(metadata, "tanggal", f"{REREAD_DISSENT} ({', '.join(other)})")
            return _day_reread(emptied, ln, got, other)
    return metadata


# Said in the reason and the review of a date whose day the re-readings of its row read otherwise than the page.
DAY_REREAD = "hari tanggal dibaca lain oleh sebagian besar bacaan ulang baris"


def _day_figures(line: str, iso: str) -> str | None:
    """The figures ``line`` writes its date ``iso``'s day with (``dates.day_figures``); None for another date."""
    hit = next((h for h in find_dates(line) if h.iso == iso), None)
    return day_figures(line, hit) if hit is not None else None


def _day_reread(emptied: Metadata, line: dict, got: Field, other: Sequence[str]) -> Metadata:
    """``emptied`` (the date the page read, emptied because a re-reading of its row ``line`` gives another) with
    the date the re-readings agree on instead, when they settle on one day: the row's votes (``vote``: at least
    ``MIN_VOTES`` of the page's reading and the re-readings, more than any other value, the page's own value
    among the others) give one date, every re-reading that gives another date than the page gives that one, it
    differs from the page's date in the day only, and the day is written with as many figures as the page wrote
    it. The page is read at one scale and Tesseract doubted a word of that row (``CHECK_BELOW``, the reason it
    was checked): a day digit read otherwise ("19 Juni" for "10 Juni", "27 Jul" for "07 Juli") by the larger,
    cleaner re-readings is the page's misreading, and so is a day the page read with a figure lost
    (``page_lost_figure``: "1 APRIL" for "11 APRIL"). A day read with a figure fewer ("(7 JULI" for "17 JULI", the
    crop's edge taking the "1" for a bracket) is the crop's loss, not a reading, and leaves the date empty; so
    does a year or a month read otherwise, and a date the letter's own number contradicts. Taken at the votes'
    confidence (``agreed_confidence``) and named for review."""
    value, page = line["values"].get("tanggal"), str(got.value)
    if value is None or list(other) != [value] or value[:8] != page[:8]:
        return emptied
    read = _day_figures(line["page_line"], page)
    again = [_day_figures(r, value) for r in line["readings"] if line_values(r).get("tanggal") == value]
    if read is None or not again or any(d is None or len(d) != len(read) and not page_lost_figure(read, d)
                                        for d in again):
        return emptied
    nomor = emptied.nomor
    if nomor.present and check_nomor(str(nomor.value), value):
        return emptied
    votes, of = line["votes"]["tanggal"], line["of"]
    said = f"{DAY_REREAD} ({votes} dari {of} bacaan: {value}, halaman membaca {page})"
    review = [r for r in emptied.review if not r.startswith("tanggal:")] + [f"tanggal: {said} — periksa"]
    field = Field(value, agreed_confidence(votes, of), f"{got.reason}; dibaca ulang per baris: {said}")
    return replace(emptied, tanggal=field, review=tuple(dict.fromkeys(review)))


def page_lost_figure(read: str, again: str) -> bool:
    """Whether ``read``, the day's figures as the page read them, is ``again`` (the re-readings' day) with its
    first or last figure lost ("1 APRIL" for "11 APRIL"): toner, a fax's dropout or a speck filter takes a figure
    from a day (``metadata.DAY_GAP``), and the larger, cleaner re-readings of the row give it back. Measured over
    the 268 readings of re-read date rows in the shared cache of the nine generated sets whose truth is known: 10
    read a day's figure otherwise, 2 (of one row, the page's and a re-reading) lost one, none added one. The
    opposite, a re-reading with a figure fewer than the page, is the crop's loss and still leaves the date empty."""
    return len(again) == len(read) + 1 and read in (again[1:], again[:-1])


def _rows_read_for(pages: Sequence[PageText], field: str, name: str, value: object) -> list[dict[str, Any]]:
    """The rows re-read as ``field`` whose page line gave ``name`` the value ``value``."""
    return [ln for ln in recorded(pages) if ln["field"] == field and line_values(ln["page_line"]).get(name) == value]


def _emptied(metadata: Metadata, name: str, said: str) -> Metadata:
    """``metadata`` with its field ``name`` emptied (unsure, at most 0.5) because of ``said``, and named for review."""
    got = getattr(metadata, name)
    review = (*metadata.review, f"{name}: {said}, bukan {got.value} — periksa")
    changes: dict[str, Any] = {name: Field(None, min(got.confidence, 0.5),
                                           f"dikosongkan karena tidak pasti ({got.value!r}): {got.reason}; {said}"),
                               "review": tuple(dict.fromkeys(review))}
    return replace(metadata, **changes)


def _nomor_checked(metadata: Metadata, pages: Sequence[PageText]) -> Metadata:
    """``metadata`` with its number emptied and named for review when the re-readings of the row it was read from
    (``NOMOR_CHECKED``) read a mixed-case code segment otherwise only by thin or descending letters
    (``nomor.letters_dissent``, a capital 'I' counted with 'l': "BIg") more often than they read it as the page
    did, and at least twice: the page's letter is one Tesseract could not settle on ("Dispersip-Big" read "BIg"
    by four of five readings), so the number is left empty rather than wrong. A few such readings against more
    agreeing ones say nothing (re-readings misread a thin letter now and then)."""
    got = metadata.nomor
    if not got.present:
        return metadata
    for ln in _rows_read_for(pages, NOMOR_CHECKED, "nomor", got.value):
        read = [c for c in (nomor_candidate(r) for r in ln["readings"]) if c]
        dissent = [c for c in read if letters_dissent(str(got.value), c, THIN_OR_CAPITAL_I)]
        if len(dissent) >= 2 and len(dissent) > sum(c == got.value for c in read):
            return _emptied(metadata, "nomor", f"{NOMOR_REREAD_DISSENT} ({', '.join(sorted(set(dissent)))})")
        figures = [c for c in read if c != got.value and _digits_dissent(str(got.value), [c])]
        if figures:
            return _figure_dissent(metadata, figures, 1 + sum(c == got.value for c in read))
    return metadata


def _figure_dissent(metadata: Metadata, figures: Sequence[str], agreeing: int) -> Metadata:
    """``metadata`` whose number, read by the page while Tesseract doubted it, the re-readings of its row read with
    another figure in a segment of digits (``figures``; ``agreeing`` readings, the page's own among them, give the
    page's value): the figure is one Tesseract cannot settle on ("400.11" read "400.14" by three of five readings).
    The number's confidence is scaled by the share of readings that give it, and it is named for review; under the
    field's threshold (``metadata.THRESHOLDS``) it is emptied, which figure it is the readings do not say."""
    got = metadata.nomor
    said = f"{NOMOR_FIGURE_DISSENT} ({', '.join(sorted(set(figures)))})"
    confidence = round(got.confidence * agreeing / (agreeing + len(figures)), 2)
    if confidence < THRESHOLDS["nomor"]:
        return _emptied(metadata, "nomor", said)
    review = (*(r for r in metadata.review if not r.startswith("nomor:")), f"nomor: {said} — periksa")
    return replace(metadata, nomor=Field(got.value, confidence, f"{got.reason}; {said}"),
                   review=tuple(dict.fromkeys(review)))


def _all_doubted(lines: Sequence[dict]) -> bool:
    """Whether every re-reading of the agreeing rows doubts its digits (Tesseract's lowest confidence on a word
    with a digit under ``DIGIT_UNSURE``): the readings are of one image, so a digit misread alike ("019.1" read
    "01901" three times at 70–72) agrees with itself. Such a number is kept (refusing it measured far more
    right numbers lost than wrong ones stopped) and said ``DIGITS_DOUBTED``, which the archive flags."""
    confidences = [c for ln in lines for c in ln.get("confidences", ())]
    return bool(confidences) and all(c < DIGIT_UNSURE for c in confidences)


def _yearless_and_doubted(lines: Sequence[dict], value: str) -> bool:
    """Whether ``value`` has no year and every re-reading of ``lines`` doubts its digits (``_all_doubted``): the
    readings are of one crop, and where the year stood they read something else alike (the month and year read
    as letters glued to the code). Numbers without a year exist (real letters: "500/017", "263/H"), so only when
    every reading doubts them; such a number is taken neither from agreeing readings (``settle``) nor segment by
    segment (``confirm_by_segments``)."""
    return nomor_year(value) is None and _all_doubted(lines)


def nomor_candidate(line: str) -> str | None:
    """The number the extractor reads from ``line`` alone, also where it emptied it as unsure (an
    invalid Roman month, a doubtful year): each segment is judged on its own by ``confirm_by_segments``."""
    field = extract_metadata(_label_put_back(line)).nomor
    if field.present:
        return str(field.value)
    emptied = _EMPTIED.search(field.reason)
    return emptied.group(2) if emptied else None


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# a mark no number prints inside a segment ("42/!BAST", "76/'BM"): the reading saw a speck, a stroke or a lost
# '/' there, not a letter or digit it could tell, so it abstains on that segment rather than dissent
_MARKED = re.compile(r"[!'\"`|:;?]")
_I_FOR_L = re.compile(r"[A-Za-z]I[a-z]|^I[a-z]")  # "BIg", "Iamp": a capital I inside lower case is OCR's l


def _one_more(page: str, again: str) -> bool:
    """Whether the page's reading of a segment is the re-readings' with one character more (a speck or the
    edge of a mark read as a digit at the page's scale: "2900.1" for "900.1", "20235" for "2025")."""
    return len(page) == len(again) + 1 and Levenshtein.distance(page, again) == 1


def confirm_by_segments(lines: Sequence[dict], letter_iso: str | None,
                        header: Sequence[Sequence[str]] = ()) -> Field | None:
    """A number no reading gave whole, put together segment by segment from the re-read number row
    (``lines``, as recorded; the confirmation of a number Tesseract doubted, instead of a review flag). The
    re-readings of the usual shape (as many '/' segments) are compared column by column: each column must
    be read alike by every one of them, and by at least ``MIN_VOTES`` readings, the page's own counted (it is
    read at the page's scale, the re-readings from the row's crop). A re-reading whose segment holds a mark no
    number prints (``_MARKED``: "!BAST") abstains on that column; the page and the others must then read it alike,
    at least ``MIN_VOTES`` of them. The Roman month before the year is
    the exception: the letter's own date is a second, independent reading of it, so it is taken when at
    least one reading gives the date's month and no other month is read more often (the page's reading
    counted on both sides). The page's own reading (the one extraction doubted) must have the same shape and
    the same segments, but for one character more in a segment (a speck read as a digit at the page's scale)
    where ``MIN_VOTES`` re-readings settle the column without it; with fewer re-readings, only a number whose
    month the letter's date confirms is taken, and never one with no year whose every reading doubts its digits
    (as in ``settle``). The result must pass the
    number's checks against the letter's date; a code with an 'I' that may be an 'l' ("BIg") is not
    settled this way. A unit code the letterhead (``header``) spells with one confusable letter read otherwise
    is taken as spelled in every reading (``nomor.code_by_letterhead``: "Big" and "Blg" under a kop naming
    "Balangan" are one column), and the number is then named for review. None when any column is not settled."""
    for line in lines:
        page = _as_read(nomor_candidate(line["page_line"]), "nomor", header)
        again = [c for c in (_as_read(nomor_candidate(r), "nomor", header) for r in line["readings"]) if c]
        shapes = Counter(len(c.split("/")) for c in again)
        if not shapes:
            continue
        width = shapes.most_common(1)[0][0]
        rows = [c.split("/") for c in again if len(c.split("/")) == width]
        page_row = page.split("/") if page else None
        if page_row is not None and len(page_row) != width:
            continue  # the page saw another shape (a segment the row's crop cut off, or more of it)
        if width < 2 or len(rows) + (page_row is not None) < MIN_VOTES:
            continue  # the page's reading, made at the page's scale, is a reading too
        few = len(rows) < MIN_VOTES  # then the page must read every segment as the re-readings do
        month_at = width - 2 if width >= 3 and all(re.fullmatch(r"(19|20)\d\d", r[-1]) for r in rows) else None
        out: list[str] = []
        for k in range(width):
            column = Counter(r[k] for r in rows if not _MARKED.search(r[k]))
            abstained = sum(bool(_MARKED.search(r[k])) for r in rows)
            if k == month_at and letter_iso and any(r[k] in _ROMAN or re.fullmatch(r"[IVXUNWLY]{1,5}", r[k])
                                                    for r in rows):
                month = _ROMAN[int(letter_iso[5:7]) - 1]
                votes = column[month] + bool(page_row and page_row[k] == month)
                rivals = [n + bool(page_row and page_row[k] == v) for v, n in column.items() if v in _ROMAN and v != month]
                if not column[month] or any(n > votes for n in rivals):
                    break
                out.append(month)
                continue
            if len(column) != 1:
                break
            read = next(iter(column))
            if abstained and (page_row is None or page_row[k] != read or column[read] + 1 < MIN_VOTES):
                break  # a reading that saw a mark there says nothing: the page and the others must settle it
            if page_row is not None and page_row[k] != read and (few or not _one_more(page_row[k], read)):
                break
            out.append(read)
        else:
            value = "/".join(out)
            if any(_I_FOR_L.search(part) for part in out) or broken(value) or check_nomor(value, letter_iso):
                continue
            confirmed = month_at is not None and letter_iso is not None and out[month_at] in _ROMAN
            if few and not confirmed or _yearless_and_doubted([line], value):
                continue  # with the page's reading counted, the date must be the month's other reading
            how = "; bulan Romawi dikonfirmasi oleh tanggal surat" if confirmed else ""
            raw = [c for c in (nomor_candidate(r) for r in [line["page_line"], *line["readings"]]) if c]
            if any(code_by_letterhead(c, header)[1] for c in raw):
                how += f"; {CODE_FROM_LETTERHEAD}"
            page_too = " dan bacaan halaman" if few else ""
            return Field(value, 0.7, f"dibaca ulang per segmen: {len(rows)} bacaan ulang{page_too} sepakat tiap segmen{how}")
    return None


COMPLETED_CONFIDENCE = 0.35  # a year put back from the letter's date is shown to a clerk (under "keyakinan rendah")
COMPLETED_REVIEW = "nomor: tahun terpotong di cetakan, dilengkapi dari tanggal surat — periksa"


def complete_cut_year(lines: Sequence[dict], letter_iso: str | None) -> Field | None:
    """A number whose year the next column cut short ("…/III/202Kepada", "…/IV/20 Kepada": the addressee column
    printed over the year's last digits, ``nomor.year_cut_short``), with the year put back from the letter's own
    date. Only where every other segment is read: the page's reading, the re-readings of the row and the second
    model's readings of it (the witness, an independent recognizer: "VV" ×2 and "VI" ×2 by the page's model, "VI"
    ×3 by the witness) give the same cut number at least ``MIN_VOTES`` times, the page's model at least once, no
    reading of the page's model reads a segment with a digit otherwise, its Roman month is the letter's month (a number is given when the letter is signed: the month read and the
    month dated agree, so the year is the date's too) and the digits left of the year begin the date's year.
    The value is inferred, not read: it is given ``COMPLETED_CONFIDENCE`` and left for a clerk to look at."""
    if not letter_iso:
        return None
    year, month = letter_iso[:4], _ROMAN[int(letter_iso[5:7]) - 1]
    for line in lines:
        read = [c for c in (nomor_candidate(r) for r in [line["page_line"], *line["readings"]]) if c]
        seen = [c for c in (nomor_candidate(r) for r in line.get("witness", ())) if c]  # the second model's
        cut = Counter(nomor_key(c) for c in read + seen if year_cut_short(c)).most_common(1)
        if not cut or cut[0][1] < MIN_VOTES or not any(nomor_key(c) == cut[0][0] for c in read):
            continue  # readings that differ only as OCR does ("Bid,LPP"/"Bid.LPP") count as one, spelled as most read
        value = Counter(c for c in read + seen if nomor_key(c) == cut[0][0]).most_common(1)[0][0]
        parts = value.split("/")
        if any(_digit_segment_dissent(value, other) for other in read if not _LONG_HEAD.match(other)) \
                or parts[-2] != month or not year.startswith(parts[-1]):  # a code head of four digits is damage
            continue
        completed = "/".join([*parts[:-1], year])
        if any(_I_FOR_L.search(part) for part in parts) or broken(completed) or check_nomor(completed, letter_iso):
            continue
        return Field(completed, COMPLETED_CONFIDENCE,
                     f"tahun nomor terpotong ('{value}', {cut[0][1]} bacaan sepakat), bulan Romawi sama dengan "
                     "bulan tanggal surat: tahun dilengkapi dari tanggal surat")
    return None


OVERPRINTED_REVIEW = "nomor: tahun tertimpa kolom sebelah, dilengkapi dari tanggal surat — periksa"
# a number's year run into the next column's word printed over it: the year's first figures, what the overprint
# made of the rest, the word's small letters ("…/VII/208Bpada", "…/VII/20R8pada" for "…/VII/2023" under "Kepada")
_OVERPRINTED_YEAR = re.compile(r"((?:19|20)[0-9A-Za-z]*?)[a-z]{3,}")


def complete_overprinted_year(lines: Sequence[dict], letter_iso: str | None) -> Field | None:
    """A number whose year the next column's word (an addressee's "Kepada") was printed over, so that each
    reading makes other figures of the overprint ("208Bpada", "2088pada", "20R8pada"), with the year put back from
    the letter's own date, as ``complete_cut_year`` does for a year cut clean ("202Kepada"). The readings of the row
    (the page's, the re-readings, the witness's) whose year runs into a word of small letters
    (``_OVERPRINTED_YEAR``) must read every segment before it alike (as ``nomor_key`` folds them) at least
    ``MIN_VOTES`` times, the page's model at least once; no such reading of the page's model reads a segment with
    a digit otherwise; the Roman month before the year is the letter's month (the number is given when the letter
    is signed). The year's figures all those readings begin alike with are the print's, the rest the overprint's:
    the date's year must begin with them. Inferred, not read: ``COMPLETED_CONFIDENCE``, left for a clerk."""
    if not letter_iso:
        return None
    year, month = letter_iso[:4], _ROMAN[int(letter_iso[5:7]) - 1]
    for line in lines:
        own = len(line["readings"]) + 1  # the page's line and the page's model's re-readings come first
        glued: list[tuple[str, str, bool]] = []  # the number with the date's year, the year as read, the page's model
        for k, reading in enumerate([line["page_line"], *line["readings"], *line.get("witness", ())]):
            value = row_value(reading)
            head, _, tail = (value or "").rpartition("/")
            over = _OVERPRINTED_YEAR.fullmatch(tail)
            number = nomor_candidate(f"Nomor : {head}/{year}") if head and over else None
            if over and number and number.endswith("/" + year):
                glued.append((number, over.group(1), k < own))
        if not glued:
            continue
        key, votes = Counter(nomor_key(n) for n, _, _ in glued).most_common(1)[0]
        agreed = [(n, y, mine) for n, y, mine in glued if nomor_key(n) == key]
        if votes < MIN_VOTES or not any(mine for _, _, mine in agreed):
            continue
        value = Counter(n for n, _, _ in agreed).most_common(1)[0][0]
        parts = value.split("/")
        figures = re.sub(r"\D.*", "", os.path.commonprefix([y for _, y, _ in agreed]))  # the figures read alike
        if len(parts) < 3 or parts[-2] != month or not 2 <= len(figures) < 4 or not year.startswith(figures) \
                or any(_digit_segment_dissent(value, n) for n, _, mine in glued if mine):
            continue
        if any(_I_FOR_L.search(part) for part in parts) or broken(value) or check_nomor(value, letter_iso):
            continue
        return Field(value, COMPLETED_CONFIDENCE,
                     f"tahun nomor tertimpa kolom sebelah ({votes} bacaan sepakat pada segmen lain, tahun dimulai "
                     f"'{figures}'), bulan Romawi sama dengan bulan tanggal surat: tahun dilengkapi dari tanggal surat")
    return None


MONTH_AGREED_READINGS = 3  # readings of the date row, at least, that give a date, all in one month of one year
_EMPTIED_DATE = re.compile(r"dikosongkan karena tidak pasti \('(\d{4}-\d\d)-\d\d'\)")


def month_agreed(lines: Sequence[dict], reason: str) -> str | None:
    """The letter's date as far as its number's checks need it (its month and year, ``check_nomor``) where the
    date itself was left empty for a day its readings split on ("Paringin, 29 Maret 2023" read "22", "22", "23"
    again): every reading of the place-date rows (the page's and the re-readings', ``CHECKED`` and
    ``"tanggal"`` rows) that gives a date gives the same month of the same year, at least
    ``MONTH_AGREED_READINGS`` of them, and so did the page's own date that extraction emptied (``reason``).
    Given as that month's first day, for the number's checks only: the date stays empty. None otherwise."""
    emptied = _EMPTIED_DATE.search(reason)
    if emptied is None:
        return None
    dates = [d for ln in lines if ln["field"] in ("tanggal", CHECKED)
             for r in [ln["page_line"], *ln["readings"], *ln.get("witness", ())]
             if (d := line_values(r).get("tanggal"))]
    months = {d[:7] for d in dates}
    if len(dates) < MONTH_AGREED_READINGS or months != {emptied.group(1)}:
        return None
    return f"{emptied.group(1)}-01"


# Said (the number shown low) when its month and year were checked against a place-date row whose day no reading
# reads ("Paringin, OS Agustus 2024"), its month word and year read alike by every reading (``month_year_read``).
MONTH_YEAR_ONLY = "bulan dan tahun nomor dicek terhadap baris tanggal yang harinya tidak terbaca"
# a place-date row's reading ending in a day however read (one to three characters), a month word and a year
_DAY_MONTH_YEAR = re.compile(r",\s*\S{1,3}\s+([A-Za-z]{3,10})\s+((?:19|20)\d\d)$")


def month_year_read(lines: Sequence[dict]) -> str | None:
    """The letter's month and year where no reading of its place-date rows gives a date but each gives the same month
    word and year after a day it cannot read ("Paringin, OS Agustus 2024" for "05 Agustus 2024", every reading):
    the readings (the page's line, the re-readings, the witness's, ``CHECKED`` and ``"tanggal"`` rows) that end in a
    day, a month word (``dates.repair_month``) and a year all give one month of one year, at least
    ``MONTH_AGREED_READINGS`` of them, and none gives a date. Given as that month's first day, for the number's
    checks only (as ``month_agreed``): the date stays empty. None otherwise."""
    rows = [r.strip() for ln in lines if ln["field"] in ("tanggal", CHECKED)
            for r in [ln["page_line"], *ln["readings"], *ln.get("witness", ())]]
    if any(line_values(r).get("tanggal") for r in rows):
        return None  # a reading that gives a date: the date's own rules decide (``month_agreed``)
    read: list[tuple[str, int]] = []
    for row in rows:
        match = _DAY_MONTH_YEAR.search(row)
        month = repair_month(match.group(1)) if match else None
        if match and month:
            read.append((match.group(2), month_words()[month[0]]))
    if len(read) < MONTH_AGREED_READINGS or len(set(read)) != 1:
        return None
    year, month_number = read[0]
    return f"{year}-{month_number:02d}-01"


MONTH_BY_DATE_REVIEW = "nomor: bulan Romawi dibaca dengan jumlah garis berbeda, dipilih menurut tanggal surat — periksa"
# a number row's reading ending in a Roman month between two '/' and a year, the month as OCR reads its strokes
# ("…/Dispersip-Blg/VIM/2025", "…/VI1/2025", "…/V111/2025"); or its strokes ending in a W or a Y run into the '/'
# and the year ("…/VIIW2025", "…/VTIY2025")
_MONTH_AT_END = re.compile(r"(.+)/(?:([IVXUWNLYMHl1|!]{1,5})/|([IVXUWNLYMHl1|!]{1,4}[WY]))((?:19|20)\d\d)")
MONTH_READINGS = 2  # readings, one of them of the row's plain images, that give the letter's month
_YEAR_AT_END = re.compile(r"/?\s?(?:19|20)\d\d$")


def _head_before_month(value: str) -> str | None:
    """A reading's number (``row_value``) without its year and the segment before it (its month however read,
    "…/VTIY2025", "…/ VII 2025"; a year misread, "…/VII/202S", is its last segment): the segments
    ``month_by_date`` votes on. None when no '/' is left to part them."""
    rest = _YEAR_AT_END.sub("", value) if _YEAR_AT_END.search(value) else value.rpartition("/")[0]
    head, slash, _ = rest.rpartition("/")
    return head if slash and head else None


# a W or a Y after a month's strokes, before its year: its last stroke 'I' (and the '/' after it) as OCR runs them
# together; of the cached readings of the eight sets with such a letter there, every one (9) stood for an 'I'
# (msgnomor29: "VIIW/2025", "VIIW2025", "VIIY2025" for VIII, "VIW/2024" for VII, "VW/2023" for VI)
_LAST_STROKE = re.compile(r"(?<=[IVX])[WY]$")


def _month_read(strokes: str) -> str:
    """The Roman month a reading's strokes give: '1', 'l' and '|' are an 'I', and so is a W or a Y that ends
    them (``_LAST_STROKE``)."""
    return _LAST_STROKE.sub("I", re.sub(r"[1l|]", "I", strokes))


def _strokes_apart(month: str, other: str) -> bool:
    """Whether the Roman months ``month`` and ``other`` differ only in how many strokes 'I' they have, in place
    ("VIII" and "VII", "IX" and "X"; not "IV" and "VI"): the months the readings of one month give when its
    strokes run together or split (bench/README.md, msgnomor29: of 426 cached readings of a number's month as a
    whole segment, 28 gave another valid month, every one of them so)."""
    short, long_ = sorted((month, other), key=len)
    if short == long_ or short.replace("I", "") != long_.replace("I", ""):
        return False
    rest = iter(long_)
    return all(ch in rest for ch in short)


def month_by_date(lines: Sequence[dict], letter_iso: str | None,
                  header: Sequence[Sequence[str]] = ()) -> Field | None:
    """A number whose every segment but its Roman month the readings of its row settle, the month read with its
    strokes counted differently ("VI1", "VIM", "VIN", "VIIV" beside "V111" and "VII1" for a "VIII"): the month
    is the letter's (a number is given when the letter is signed; so are all 175 generated and the four real
    numbers with a month before their year), taken when at least ``MONTH_READINGS`` readings give it, one of
    them of the row's plain images, and every other reading of the month is strokes (``_STROKES``) that are no
    month or a month only its strokes' count sets apart (``_strokes_apart``). The rest of the number is voted
    character by character (``aligned_vote``) over the readings that give a month between two '/' and a year,
    more than half of the row's readings with a value; its places split as ``aligned_number`` allows, every
    choice giving the same number (the kop's code letter, ``code_by_letterhead``), which must pass the date's
    checks, ``broken`` and the LSTM's month (``month_refuted``; a month of fewer strokes it weighs more is the
    readings' own loss, "VII" for "VIII", no rival; one of more strokes is). The majority of the readings gave another
    month or none, so the month is chosen, not read: ``COMPLETED_CONFIDENCE``, left for a clerk."""
    if not letter_iso:
        return None
    year, month = letter_iso[:4], _ROMAN[int(letter_iso[5:7]) - 1]
    for line in lines:
        if line.get("unconfirmable"):
            continue
        plain = [line["page_line"], *line["readings"], *line.get("witness", ())]
        every = [*plain, *line.get("sharpened", ())]
        values = [v for v in (row_value(r) for r in every) if v]
        shaped = [(m, k < len(plain)) for k, m in enumerate(_MONTH_AT_END.fullmatch(row_value(r) or "")
                                                             for r in every) if m]
        if len(shaped) < MIN_VOTES:
            continue
        months = [_month_read(m.group(2) or m.group(3)) for m, _ in shaped]
        if sum(m == month for m in months) < MONTH_READINGS \
                or not any(m == month and mine for m, (_, mine) in zip(months, shaped)) \
                or any(m in _ROMAN and m != month and not _strokes_apart(month, m) for m in months):
            continue  # too few readings of the date's month, or another month
        years = Counter(m.group(4) for m, _ in shaped).most_common(1)[0]
        heads = [h for h in (_head_before_month(v) for v in values) if h]
        if years[0] != year or years[1] * 2 <= len(shaped) or len(heads) * 2 <= len(values):
            continue
        places = aligned_vote(heads, SLASH_KEPT)
        if sum(len(p) > 1 for p in places) > ALIGNED_DOUBTS:
            continue
        numbers: set[str] = set()
        for choice in itertools.product(*places):
            head = "".join(choice)
            if not head[:1].isalnum() or _YEAR_GLUED.search(head):
                continue
            given = extract_metadata(f"Nomor : {head}/{month}/{year}").nomor
            if not given.present:
                continue
            candidate = code_by_letterhead(str(given.value), header)[0]
            if broken(candidate) or any(_I_FOR_L.search(p) or _SLASH_LOST.search(p) for p in candidate.split("/")) \
                    or _month_damaged(candidate) or check_nomor(candidate, letter_iso):
                continue
            numbers.add(candidate)
        numbers = {n for n in numbers if not any(_number_dots_lost(m, n) for m in numbers)}
        read = [c for c in (nomor_candidate(r) for r in every) if c]
        numbers = _kop_spelled(numbers, read, header)
        if len(numbers) != 1:
            continue
        value = numbers.pop()
        if month_refuted([line], value, [m for m in _ROMAN if _strokes_apart(month, m) and len(m) < len(month)]) \
                or _yearless_and_doubted([line], value) \
                or any(_dots_otherwise(value, c) for c in read) \
                or not _segments_confirmed(value.rsplit("/", 2)[0], [h for h in (_head_before_month(v) for v in (
                    row_value(r) for r in plain) if v) if h]):
            continue  # a segment only the sharpened images read so: one crop's readings err together
        return Field(value, COMPLETED_CONFIDENCE,
                     f"dibaca ulang per karakter: {len(heads)} bacaan baris; bulan Romawi '{month}' dibaca oleh "
                     f"{sum(m == month for m in months)} bacaan, bacaan lain dengan jumlah garis berbeda: dipilih "
                     "menurut tanggal surat")
    return None


UNDATED_REVIEW = "nomor: bulan dan tahun nomor tidak dicocokkan dengan tanggal surat (tanggal tidak terbaca) — periksa"
UNDATED_SHARE = 0.5  # more than this share of a row's readings give the number's Roman month, and its year
_MONTH_YEAR = re.compile(r"/([IVX]+)/((?:19|20)\d\d)$")


def undated_number(lines: Sequence[dict], header: Sequence[Sequence[str]] = ()) -> Field | None:
    """A number the character vote (``aligned_number``) gives, on a page whose letter date was not read at all (no
    date row found, the row the page reading lost; ``settle`` calls it only then), checked against its own readings' month and year in the date's place: more than
    ``UNDATED_SHARE`` of the row's readings (every image, both models) read the same Roman month and the same year
    as whole segments ('1' for 'I'), and no reading reads another month I-XII or another year (the readings
    that lose a stroke, "VII" for "VIII", would name one). The month and year are then read, not checked:
    ``COMPLETED_CONFIDENCE``, left for a clerk."""
    for line in lines:
        every = [line["page_line"], *line["readings"], *line.get("witness", ()), *line.get("sharpened", ())]
        values = [v for v in (row_value(r) for r in every) if v]
        read = [m for m in (_MONTH_YEAR.search(re.sub(r"(?<=/)([IVX1l|]+)(?=/)", lambda g: re.sub(r"[1l|]", "I",
                g.group(1)), v)) for v in values) if m and m.group(1) in _ROMAN]
        if len(values) < MIN_VOTES or len({m.groups() for m in read}) != 1 \
                or len(read) <= UNDATED_SHARE * len(values):
            continue  # too few readings give the month and year, or some give another
        month, year = read[0].groups()
        aligned = aligned_number([line], f"{year}-{_ROMAN.index(month) + 1:02d}-01", header)
        if aligned is None or not str(aligned.value).endswith(f"/{month}/{year}"):
            continue
        return Field(aligned.value, COMPLETED_CONFIDENCE,
                     f"{aligned.reason}; bulan dan tahun dibaca oleh {len(read)} dari {len(values)} bacaan, "
                     "tanpa tanggal surat")
    return None


SPACED_REVIEW = "nomor: nomor berspasi dibaca sama oleh setiap bacaan baris — periksa batasnya"
# the row's value after its label, when it is a whole number whose words are spaced: a first word with a digit and a
# '/', the row ending with the year ("03/PP.BJM- BJ Kons.PRC Rhb Ktr Kec Pen Lt 1/Kec Bantim /2024")
_SPACED_VALUE = re.compile(r"^[^A-Za-z0-9]*(?:nomor|no)\b\W*?\s*[:;]?\s*(\w[\w.\-]*/\S*(?:\s+\S+)*?\s*/(?:19|20)\d\d)$",
                           re.IGNORECASE)


def spaced_number(lines: Sequence[dict], letter_iso: str | None) -> Field | None:
    """A number printed with spaces inside its segments (real letters do: "03/PP.BJM- BJ Kons.PRC … /2024"),
    which extraction refuses on one reading (spaces OCR puts inside a code hide damage, ``normalise_nomor``).
    Taken only where the row says it beyond doubt: the page's reading and at least ``MIN_VOTES`` - 1 re-readings
    give the row's text word for word alike, every reading's least sure word with a digit is at or above
    ``DIGIT_UNSURE``, the value runs from the label to a year that ends the row, and it passes the number's
    checks against the letter's date. Where the number ends is read, not known: shown at
    ``COMPLETED_CONFIDENCE`` and named for review (``SPACED_REVIEW``)."""
    for line in lines:
        texts = {" ".join(t.split()) for t in [line["page_line"], *line["readings"]]}
        confidences = line.get("confidences", ())
        if len(line["readings"]) < MIN_VOTES - 1 or len(texts) != 1 or len(confidences) != len(line["readings"]) \
                or any(c < DIGIT_UNSURE for c in confidences):
            continue
        match = _SPACED_VALUE.match(texts.pop())
        if match is None:
            continue
        value = match.group(1)
        if not re.search(r"[^\s/]\s+[^\s/]", value):
            continue  # spaces only beside a '/': extraction's own business
        if any(_I_FOR_L.search(part) for part in value.split("/")) or check_nomor(value, letter_iso):
            continue
        return Field(value, COMPLETED_CONFIDENCE,
                     f"nomor berspasi: baris dibaca sama oleh halaman dan {len(line['readings'])} bacaan ulang")
    return None


# ---------------------------------------------------------------- a number voted character by character

ALIGNED_DOUBTS = 3  # character places without a clear majority, at most, whose readings are each tried
ALIGNED_CONFIDENCE = 0.7  # as a number confirmed segment by segment (``confirm_by_segments``)
# a '/' the readings lost alike: strokes run on at the end of a word ("Disdiklll/2025", a Roman month "III"), digits
# run into a code's capitals ("139PP-BA")
_SLASH_LOST = re.compile(r"[a-z][lI1|!]{2,}$|^\d+[A-Z]{2,}")
# a Nomor label and what OCR makes of the colon after it ("No. :", "Nomor 1 ", "NO, :", "NOMOR?"), up to the value
_NUMBER_LABEL = re.compile(r"^\W{0,3}[A-Za-z$]{1,6}[.,?]*\s*(?:[:;1?\-\u2014]\s+|[:;?\-\u2014]\s*)?")


def row_value(reading: str) -> str | None:
    """The number part of one reading of a number row (``reading``): the text after its label up to the first word
    ending in a year, the words after the last one with a digit or a '/' dropped (the addressee column beside it); a space inside it is kept (the
    extractor judges it). None when what
    is left is too short to be a number."""
    line = _label_put_back(reading).strip()
    label = _NUMBER_LABEL.match(line)
    words = line[label.end():].split() if label else []
    years = [k for k, w in enumerate(words) if re.search(r"(?:19|20)\d\d\W*$", w)]
    if years:
        words = words[:years[0] + 1]  # the number ends with its year: what follows is the column beside it
    while words and not re.search(r"[\d/]", words[-1]):
        words.pop()
    value = " ".join(words)
    return value if len(value) >= 5 and re.search(r"\d", value) else None


def aligned_vote(values: Sequence[str], kept: str = "", figures: bool = False) -> list[list[str]]:
    """The readings ``values`` of one printed string aligned character by character on the one nearest all the
    others (its characters' places, and the gaps between them where a reading has more): per place, what more
    than half the readings read there (one choice) or, where no such majority is, everything some reading read
    there, most read first ("" for a character a reading has not). A gap most readings read nothing in where at
    least ``KEPT_READINGS`` read one of the characters ``kept`` (spaces aside) is no majority either: such a
    character is lost by readings, not added (``SLASH_KEPT``). With ``figures``, a place beside a figure most
    readings read counts the letters OCR reads for a figure as votes for it (``_figure_place``)."""
    return _voted_places(_aligned_places(values), len(values), kept, figures)


def _aligned_places(values: Sequence[str]) -> list[Counter[str]]:
    """What the readings ``values`` read at each place of the one nearest all the others (``aligned_vote``): gap,
    character, gap, …, gap, each place a count of what was read there."""
    centre = min(values, key=lambda v: sum(Levenshtein.distance(v, o) for o in values))
    places = [Counter[str]() for _ in range(2 * len(centre) + 1)]  # gap, character, gap, …, gap
    for value in values:
        read = [""] * len(places)
        for op in Levenshtein.opcodes(centre, value):
            tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
            if tag == "insert" or tag == "replace" and i2 - i1 != j2 - j1:
                read[2 * i1] += value[j1:j2]  # more characters than the centre's: in the gap before them
            if tag in ("equal", "replace") and i2 - i1 == j2 - j1:
                for k in range(i2 - i1):
                    read[2 * (i1 + k) + 1] = value[j1 + k]
        for place, got in zip(places, read):
            place[got] += 1
    return places


def _voted_places(places: Sequence[Counter[str]], n: int, kept: str, figures: bool) -> list[list[str]]:
    """``aligned_vote``'s choices per place, from the counts ``places`` of ``n`` aligned readings."""
    out = []
    for k, place in enumerate(places):
        ranked = [c for c, _ in place.most_common()]
        lost = k % 2 == 0 and ranked[0] == "" and sum(m for c, m in place.items() if c.strip() and c.strip() in kept) \
            >= KEPT_READINGS
        figure = _figure_place(places, k, n) if figures and k % 2 and place[ranked[0]] * 2 <= n else None
        out.append([figure] if figure else ranked[:1] if place[ranked[0]] * 2 > n and not lost else ranked)
    return out


# Letters OCR reads for a figure of a blurred number's digits ("2G/TBM" and "2GTBM" beside "26/TBM", "O41" for "041",
# "12A" for "124"). Strokes ('I', 'l', '|') are left out: a Roman month's strokes are read as '1' and 'I' alike.
FIGURE_LOOKALIKES = {"G": "6", "O": "0", "o": "0", "Z": "2", "S": "5", "B": "8", "A": "4"}
FIGURE_READINGS = 3  # readings, at least, that read the figure itself at the place
# Said in the number's reason and the review when such letters decided a figure: the figure is shown to a clerk.
FIGURE_BY_LOOKALIKES = "angka ditetapkan dengan huruf serupa angka yang dibaca sebagian bacaan"


def _figure_place(places: Sequence[Counter[str]], k: int, n: int) -> str | None:
    """The figure character place ``k`` of ``n`` aligned readings holds when the readings split there between a
    figure and letters OCR reads for it (``FIGURE_LOOKALIKES``), the place stands beside a figure more than half the
    readings read (a run of digits, not a code's letters: "DS-TS", "Kel-PS" stay split), at least
    ``FIGURE_READINGS`` read the figure itself, and the figure and its look-alikes are more than half the readings;
    None otherwise."""
    beside = [places[j].most_common(1)[0] for j in (k - 2, k + 2) if 0 < j < len(places)]
    if not any(c.isdigit() and m * 2 > n for c, m in beside):
        return None
    counted = Counter[str]()
    for c, m in places[k].items():
        counted[FIGURE_LOOKALIKES.get(c, c)] += m
    best, m = counted.most_common(1)[0]
    return best if best.isdigit() and places[k][best] >= FIGURE_READINGS and m * 2 > n else None


# The '/' readings keep in a gap the others read nothing in: of 812 cached readings of the number rows of the
# eight sets in the shared cache (tuning, held_out_2001 … 3601) near their printed number, 124 lost a '/' and
# one added one (photonomor28). At least this many readings must read it, the character vote then tries both.
SLASH_KEPT = "/"
KEPT_READINGS = 2


_STROKES = re.compile(r"[IVXUWNLYMHl1|!]{1,5}")  # what OCR makes of a Roman month's strokes ("1W", "VU", "11")
_YEAR = re.compile(r"(?:19|20)\d\d")  # a year of a letter's number, as a whole segment
_LONG_HEAD = re.compile(r"\d{4,}\.\d")  # a dotted classification code whose head is not three digits: "0004.6.3"
# a run of digits with one letter OCR reads for a digit in it ("42L" for "426", "1O5"): a digit misread, not a code
_DIGIT_AS_LETTER = re.compile(r"\d{2,}[OoIlLSZB]\d*|\d*[OoIlLSZB]\d{2,}|\d[OoIlLSZB]\d")


# the Roman month run into the code before it, its '/' lost ("SPS-51V" for "SPS-5/IV"): strokes after a digit
_MONTH_GLUED = re.compile(r"\d([IVXl1|]{1,4})$")


def _month_glued(nomor: str) -> bool:
    """Whether ``nomor`` has no Roman month segment and its segment before the year ends in a digit and strokes
    that read as a month I-XII ("…/SPS-51V/2023": the month's '/' lost, the code is "SPS-5")."""
    parts = nomor.split("/")
    if len(parts) < 3 or nomor_year(nomor) is None or any(p in _ROMAN for p in parts):
        return False
    glued = _MONTH_GLUED.search(parts[-2])
    strokes = glued.group(1) if glued else ""
    return strokes.strip("1") != "" and re.sub(r"[1l|]", "I", strokes) in _ROMAN


def _month_damaged(nomor: str) -> bool:
    """Whether the segment before ``nomor``'s year is made of a Roman month's strokes as OCR reads them but is no
    month I-XII ("…/1W/2025": a month misread, not a code), or its dotted classification code begins with more
    than three digits ("0004.6.3/…": a dot lost, the heads of such codes are three digits), or a segment of
    digits holds one letter OCR reads for a digit ("005/42L/…": ``_DIGIT_AS_LETTER``)."""
    parts = nomor.split("/")
    return len(parts) >= 3 and nomor_year(nomor) is not None and bool(_STROKES.fullmatch(parts[-2])) \
        and parts[-2] not in _ROMAN or bool(_LONG_HEAD.match(nomor)) \
        or any(_DIGIT_AS_LETTER.fullmatch(p) for p in parts)


def _dots_lost(segment: str, other: str) -> bool:
    """Whether ``other`` is the segment of digits ``segment`` with one or more of its dots lost and nothing else
    changed ("000.47.1" for "000.4.7.1"). A blurred photo's readings lose a code's dots; they do not add one
    between two digits (bench/README.md, photonomor26: of 1 194 cached readings of a number's digit segment with
    the printed digits, 29 lost a dot, none added or moved one)."""
    a, b = segment.strip("."), other.strip(".")
    if not re.fullmatch(r"[\d.]+", a) or not re.fullmatch(r"[\d.]+", b) or a.replace(".", "") != b.replace(".", "") \
            or b.count(".") >= a.count("."):
        return False
    rest = iter(a)
    return all(ch in rest for ch in b)  # b's characters in a's order: only dots left out


def _number_dots_lost(value: str, other: str) -> bool:
    """Whether ``other`` is the number ``value`` with dots of its digit segments lost (``_dots_lost``), every other
    segment alike."""
    mine, theirs = value.split("/"), other.split("/")
    return len(mine) == len(theirs) and mine != theirs \
        and all(a == b or _dots_lost(a, b) for a, b in zip(mine, theirs))


def _dots_otherwise(value: str, other: str) -> bool:
    """Whether ``other`` reads a segment of digits of ``value`` (at the same place, as many segments) with the
    same digits and its dots placed otherwise ("000.47.1" beside "000.4.7.1"); a code with a head of four digits
    ("0004.6.3", ``_LONG_HEAD``) is a dot lost, not another placing, and so is a reading that has only lost some
    of ``value``'s dots (``_dots_lost``): the readings lose dots, so only a reading with a dot more than
    ``value`` (its dot may be the one lost) or elsewhere puts it in doubt."""
    mine, theirs = value.split("/"), other.split("/")
    return len(mine) == len(theirs) and any(
        re.fullmatch(r"[\d.]+", a) and re.fullmatch(r"[\d.]+", b) and a.replace(".", "") == b.replace(".", "")
        and a.strip(".") != b.strip(".") and not _LONG_HEAD.match(b) and not _dots_lost(a, b)
        for a, b in zip(mine, theirs))


def _dated_apart(value: str, other: str) -> bool:
    """Whether ``other`` is ``value`` but for its Roman month or its year (what the letter's date checks), and for
    dots of its digit segments lost (``_dots_lost``: a misreading of ``value``, not another number). ``other``
    without the year ``value`` ends in is the same number cut short where a reading put a mark before the year
    ("…/Dispersip/”2025" read by the extractor as "…/Dispersip"): its year lost, not another one."""
    mine, theirs = value.split("/"), other.split("/")
    last = len(mine) - 1
    if len(theirs) == last and _YEAR.fullmatch(mine[-1]) and nomor_year(other) is None:
        theirs = [*theirs, mine[-1]]
    return len(mine) == len(theirs) and all(
        a == b or a in _ROMAN and b in _ROMAN or _dots_lost(a, b)
        or k == last and bool(_YEAR.fullmatch(a)) and bool(_YEAR.fullmatch(b))
        for k, (a, b) in enumerate(zip(mine, theirs)))


def aligned_number(lines: Sequence[dict], letter_iso: str | None,
                   header: Sequence[Sequence[str]] = ()) -> Field | None:
    """A number no reading gives whole and no rule above settles, voted character by character over every
    reading of the number row (the page's line, the re-readings, the witness model's: ``aligned_vote``). The
    readings of a blurred row garble different characters each, so a place most of them read alike is taken as
    read. A place where they split is left to the number's own grammar: each choice read there is tried (at most
    ``ALIGNED_DOUBTS`` such places), and every resulting string is read as the extractor reads a number (a comma
    between digits is its dot, a '1' in a Roman month its 'I', a code's letter the kop spells otherwise is the
    kop's, ``nomor.code_by_letterhead``); strings that give no number or look damaged (``broken``, a capital I
    among lower case, a '/' lost alike: ``_SLASH_LOST``) drop out. Of the numbers left, exactly one may pass the
    checks against the letter's date, and the others may differ from it only in the Roman month or the year (the
    date is a second reading of those; "…/41/2025" beside "…/II/2025" is another kind of segment, and the number
    is left empty). The number is taken only when every string left gives the same one: a split between
    characters the grammar tells apart (two digits, a lost '/') leaves it empty; so does a reading of the row that
    places a code's dots otherwise (``_dots_otherwise``: the dots are specks the readings lose alike), a month the
    LSTM's own output weighs as another (``month_refuted``), or a letter without a date. At least ``MIN_VOTES`` readings with a value, and more than half of them.
    The readings of the row's sharpened images (``read_sharpened``), where recorded, vote too; a number they helped
    to is taken only when every segment of it is also read so by a reading of the row's other images
    (``_segments_confirmed``). A choice that begins with a mark ("@4/…", which the extractor reads as "4/…") is none."""
    if not letter_iso:
        return None  # the number's month and year are checked against the letter's date: without one, nothing
    for line in lines:
        if line.get("unconfirmable"):
            continue  # not read sharpened, as no plain reading gives a number: read so, no segment would be confirmed
        plain = [line["page_line"], *line["readings"], *line.get("witness", ())]
        sharpened = line.get("sharpened", ())
        every = [*plain, *sharpened]
        values = [v for v in (row_value(r) for r in every) if v]
        if len(values) < MIN_VOTES:
            continue
        counted = _aligned_places(values)  # aligned once, voted with and without the look-alike letters
        places = _voted_places(counted, len(values), SLASH_KEPT, figures=True)
        by_lookalikes = places != _voted_places(counted, len(values), SLASH_KEPT, figures=False)
        doubts = [k for k, p in enumerate(places) if len(p) > 1]
        if len(doubts) > ALIGNED_DOUBTS:
            continue
        numbers: set[str] = set()
        marked = False  # a choice dropped for a stroke read as a mark (``_STROKE_MARK``)
        for choice in itertools.product(*places):
            if not "".join(choice)[:1].isalnum():
                continue  # a mark where the number begins ("@4/…"): the extractor would drop it and a digit with it
            if _YEAR_GLUED.search("".join(choice)):
                continue  # a year run into the word before it, its '/' lost ("Dispersip2023"): damage, no number
            given = extract_metadata("Nomor : " + "".join(choice)).nomor
            if not given.present:
                continue  # not a number the extractor gives (an invalid Roman month, a doubtful year)
            candidate = code_by_letterhead(str(given.value), header)[0]
            if broken(candidate) or any(_I_FOR_L.search(p) or _SLASH_LOST.search(p) for p in candidate.split("/")) \
                    or _month_damaged(candidate) or _month_glued(candidate):
                continue
            if _STROKE_MARK.search(candidate):
                marked = True
                continue  # a slash's stroke read as a mark inside the number ("187!Dispersip"): damage, no number
            numbers.add(candidate)
        dated = {n for n in numbers if not check_nomor(n, letter_iso) and not _yearless_and_doubted([line], n)}
        dated = {n for n in dated if not any(_number_dots_lost(m, n) for m in dated)}  # a dot lost is no rival
        spelled = _kop_spelled(dated, [c for c in (nomor_candidate(r) for r in every) if c], header)
        if len(spelled) != 1:
            continue
        value = spelled.pop()
        if any(not _dated_apart(value, n) for n in numbers - dated - {value}):
            continue  # a choice the date does not refute on its month or year ("…/41/2025" beside "…/II/2025")
        if month_refuted([line], value):
            continue  # the readings' month, which the LSTM's own output weighs as another
        read = [c for c in (nomor_candidate(r) for r in every) if c]
        value = _dots_restored(value, [c for c in (nomor_candidate(r) for r in plain) if c], read)
        if any(_dots_otherwise(value, c) for c in read):
            continue  # a dot is a speck: readings that place a code's dots otherwise leave them unsettled
        if sharpened and not _segments_confirmed(value, [c for c in (nomor_candidate(r) for r in plain) if c]):
            continue  # a segment only the sharpened images read so: one crop's readings err together
        how = f"; {len(doubts)} tempat ditetapkan oleh tata nomor" if doubts else ""
        how += f"; {FIGURE_BY_LOOKALIKES}" if by_lookalikes else ""
        how += f"; {MARK_DROPPED}" if marked else ""
        if len(dated) > 1 or any(code_by_letterhead(c, header)[1]
                                 for c in (nomor_candidate("Nomor : " + v) for v in values) if c):
            how += f"; {CODE_FROM_LETTERHEAD}"
        return Field(value, ALIGNED_CONFIDENCE, f"dibaca ulang per karakter: {len(values)} bacaan baris, "
                     f"tiap tempat disepakati lebih dari separuhnya{how}")
    return None


ALIGNED_DISSENT = 2  # re-readings of the row, at least, that read a digit of a place-by-place number otherwise


def aligned_doubt(lines: Sequence[dict], value: str) -> list[str]:
    """The review note for a number voted place by place (``aligned_number``) when the row's own re-readings give,
    at least ``ALIGNED_DISSENT`` times, a number that reads a segment of its digits otherwise (``_digits_dissent``;
    "400.11" beside "400.14"): the vote took the place by the other readings' majority (the page's line, the
    witness model's, the sharpened images'), but Tesseract itself could not settle the digit on the row, so the
    number is shown and named for review rather than archived as sure. No note otherwise."""
    plain = [c for ln in lines for c in (nomor_candidate(r) for r in ln["readings"]) if c]
    figures = [c for c in plain if c != value and (_digits_dissent(value, [c]) or code_digit_dissent(value, [c]))]
    if len(figures) < ALIGNED_DISSENT:
        return []
    return [f"nomor: {NOMOR_FIGURE_DISSENT} ({', '.join(sorted(set(figures)))}) — periksa"]


# a stroke a blurred row reads for a '/' or a '1' inside a number ("900.1/187!Dispersip", "187'Dispersip"): no
# number prints such a mark. A choice of the character vote with one is damage; the number the vote takes where
# such a choice was dropped is shown to a clerk (``MARK_DROPPED``: the mark may have stood for a figure).
_STROKE_MARK = re.compile(r"[!|'\"?]")
MARK_DROPPED = "pilihan dengan tanda goresan di dalam nomor dibuang"


# a year run into the word before it, or a space apart from it, its '/' lost ("…/Dispersip2023", "…/Dispersip 2023")
_YEAR_GLUED = re.compile(r"[A-Za-z] ?(?:19|20)\d\d$")
DOTS_RESTORED = 2  # readings, one of them of the row's plain images, that give a digit segment with the dots put back


def _dots_restored(value: str, plain: Sequence[str], read: Sequence[str]) -> str:
    """``value`` with a digit segment the readings' majority read with dots lost put back as the other readings
    give it ("000.47.1" → "000.4.7.1"): readings lose a code's dots and do not add one (``_dots_lost``), so a
    reading with the dot is the print's. Every reading with more dots there must give the same segment, at least
    ``DOTS_RESTORED`` of ``read`` (every reading's number), one of them in ``plain`` (not the sharpened images':
    one crop's readings err together). Readings with the dots placed otherwise still leave the number empty
    (``_dots_otherwise``, checked after). ``value`` as it is when no segment is put back."""
    mine = value.split("/")
    out = list(mine)
    for k, segment in enumerate(mine):
        fuller = [c.split("/")[k] for c in read if len(c.split("/")) == len(mine) and _dots_lost(c.split("/")[k], segment)]
        if len(set(fuller)) != 1 or len(fuller) < DOTS_RESTORED \
                or not any(len(c.split("/")) == len(mine) and c.split("/")[k] == fuller[0] for c in plain):
            continue
        out[k] = fuller[0]
    restored = "/".join(out)
    if restored == value or extract_metadata("Nomor : " + restored).nomor.value != restored:
        return value
    return restored


def _kop_spelled(numbers: set[str], read: Sequence[str], header: Sequence[Sequence[str]]) -> set[str]:
    """Of ``numbers`` (the character vote's candidates that pass the date's checks) that differ only in one
    piece of a unit code ("Blg", "Blp", "Bly", "Blw": a descender the readings split on), the one the letterhead
    spells (``nomor.spelled_by_letterhead``: the office abbreviates its own name, printed in the kop), when it
    is the only one spelled and more readings (``read``, every reading's number) give that piece than any other;
    ``numbers`` as they are otherwise. The letter is inferred, not read: the number is shown to a clerk
    (``CODE_FROM_LETTERHEAD``)."""
    if len(numbers) < 2 or not header:
        return numbers
    split = [n.split("/") for n in numbers]
    width = len(split[0])
    apart = [k for k in range(width) if len({s[k] for s in split if len(s) == width}) > 1]
    if any(len(s) != width for s in split) or len(apart) != 1:
        return numbers
    k = apart[0]
    pieces = [re.split(r"([.\-])", s[k]) for s in split]
    if len({len(p) for p in pieces}) != 1:
        return numbers
    places = [i for i in range(len(pieces[0])) if len({p[i] for p in pieces}) > 1]
    if len(places) != 1:
        return numbers
    i = places[0]
    spelled = [n for n, p in zip(numbers, pieces) if re.fullmatch(r"[A-Za-z]{2,6}", p[i])
               and spelled_by_letterhead(p[i], header)]
    if len(spelled) != 1:
        return numbers
    counts = Counter(r.split("/")[k] for r in read if len(r.split("/")) == width)
    mine = spelled[0].split("/")[k]
    if any(counts[s[k]] >= counts[mine] for s in split if s[k] != mine):
        return numbers
    return {spelled[0]}


def _aligned_once_dated(lines: Sequence[dict], letter_iso: str, header: Sequence[Sequence[str]]) -> Field | None:
    """The character vote (``aligned_number``) on the number rows of ``lines``, run once the letter's date is
    known from its place-date row's day and month and its number row's year (``date_by_number_year``): the vote
    checks a number's Roman month against the date, which its own row did not give. The year it checks is the
    number row's own, so only the month is a second reading here."""
    return aligned_number([ln for ln in lines if ln["field"] in ("nomor", HALF)], letter_iso, header)


# ---------------------------------------------------------------- a code word some readings wrote figures into

WORD_LOST_REVIEW = "nomor: kata kode terbaca dengan angka oleh sebagian bacaan, huruf dari bacaan lain — periksa"


def _word_lost(segment: str) -> bool:
    """Whether a reading of a number's segment writes figures into an abbreviated word of its code: a piece
    (between '.', '-' and spaces) with a lower-case letter and a figure ("B1d", "13id", "J31d" for "Bid": a
    fax's or photo's blur split the capital or took an 'i' for a '1'). Words are spelled in letters, so such a
    reading lost the word and names no other one. All-capital pieces with a figure ("SDN2", "TT1") may be
    printed so and are not taken for damage."""
    return any(re.search(r"[a-z]", p) and re.search(r"\d", p) for p in re.split(r"[.\-\s]+", segment))


def word_lost_number(lines: Sequence[dict], letter_iso: str | None,
                     header: Sequence[Sequence[str]] = ()) -> Field | None:
    """A number the page's own reading gives whole (extraction emptied it as doubted) and no rule above settles,
    taken segment by segment over every reading of its row of the page's shape (the re-readings, the witness
    model's, the sharpened images'), where the readings that wrote figures into a code's word (``_word_lost``)
    abstain on that segment. Every other reading must read each segment as the page does, at least
    ``MIN_VOTES`` readings with the page's, one of them the page's model's re-readings or the witness's (the
    sharpened images' readings of one crop err together); a segment of figures is read alike by every reading
    (no abstention but a mark, ``_MARKED``); the Roman month is the letter's month and no reading reads another
    month I-XII. Only where some reading did lose a word (else the rules above saw the same readings), and the
    number passes the number's checks against the letter's date. The word is read by fewer readings than the
    row: shown at ``COMPLETED_CONFIDENCE`` and named for review (``WORD_LOST_REVIEW``)."""
    if not letter_iso:
        return None
    month = _ROMAN[int(letter_iso[5:7]) - 1]
    for line in lines:
        page = _as_read(nomor_candidate(line["page_line"]), "nomor", header)
        if page is None:
            continue
        parts = page.split("/")
        width = len(parts)
        own = [c.split("/") for c in (_as_read(nomor_candidate(r), "nomor", header)
                                      for r in [*line["readings"], *line.get("witness", ())]) if c]
        sharp = [c.split("/") for c in (_as_read(nomor_candidate(r), "nomor", header)
                                        for r in line.get("sharpened", ())) if c]
        own, sharp = [r for r in own if len(r) == width], [r for r in sharp if len(r) == width]
        rows = own + sharp
        if width < 3 or not _YEAR.fullmatch(parts[-1]) or len(rows) + 1 < MIN_VOTES:
            continue
        lost = False
        for k, mine in enumerate(parts):
            if _MARKED.search(mine) or _word_lost(mine):
                break  # the page's own reading of the segment is damaged
            if k == width - 2 and mine in _ROMAN:
                if mine != month or any(r[k] in _ROMAN and r[k] != mine for r in rows):
                    break
                continue
            word = re.search(r"[a-z]", mine) is not None
            read = [r[k] for r in rows if not _MARKED.search(r[k]) and not (word and _word_lost(r[k]))]
            if any(v != mine for v in read) or len(read) + 1 < MIN_VOTES \
                    or not any(r[k] == mine for r in own):
                break
            lost |= word and any(_word_lost(r[k]) for r in rows)
        else:
            if not lost or any(_I_FOR_L.search(p) for p in parts) or broken(page) or check_nomor(page, letter_iso) \
                    or _yearless_and_doubted([line], page) or month_refuted([line], page):
                continue
            return Field(page, COMPLETED_CONFIDENCE,
                         f"dibaca ulang per segmen: {len(rows)} bacaan baris dan bacaan halaman sepakat tiap segmen; "
                         "bacaan yang menulis angka dalam kata kode tidak dihitung pada segmen itu")
    return None


YEAR_BY_DATE_REVIEW = "nomor: tahun nomor dibaca dua cara oleh dua model, dipilih menurut tanggal surat — periksa"


def year_by_date(lines: Sequence[dict], letter_iso: str | None) -> Field | None:
    """A number both recognizers read alike but for its year, which they read two ways ("…/SP/2023" by the page's
    model, "…/SP/2025" by the witness: a '5' and a '3' one of them cannot tell apart), taken with the year the
    letter's own date gives, an independent reading of it (a letter is numbered when it is signed, the number's
    year is the date's: ``nomor.check_nomor``). Only where the row says the rest beyond doubt: the readings of
    the usual shape (as many '/' segments, the page's own counted, the witness's too) are at least
    ``MIN_VOTES``, the page's model and the witness both among them, and every one reads each segment before the
    year alike; of their years, the date's is read at least ``WITNESS_AGREE`` times and another year too (else
    the vote or ``confirm_by_segments`` settles it). A reading whose last segment is no year ("20235") abstains
    on it. The year is chosen, not read alike: shown at ``COMPLETED_CONFIDENCE`` and named for review."""
    if not letter_iso:
        return None
    year = letter_iso[:4]
    for line in lines:
        own = [c.split("/") for c in (nomor_candidate(r) for r in [line["page_line"], *line["readings"]]) if c]
        seen = [c.split("/") for c in (nomor_candidate(r) for r in line.get("witness", ())) if c]
        shapes = Counter(len(c) for c in own + seen)
        if not shapes:
            continue
        width = shapes.most_common(1)[0][0]
        own, seen = [c for c in own if len(c) == width], [c for c in seen if len(c) == width]
        rows = own + seen
        if width < 2 or not own or not seen or len(rows) < MIN_VOTES \
                or any(len({r[k] for r in rows}) != 1 for k in range(width - 1)):
            continue
        years = Counter(r[-1] for r in rows if _YEAR.fullmatch(r[-1]))
        if years[year] < WITNESS_AGREE or len(years) < 2:
            continue
        value = "/".join([*rows[0][:-1], year])
        if any(_I_FOR_L.search(part) for part in rows[0]) or broken(value) or check_nomor(value, letter_iso):
            continue
        read = ", ".join(f"{y} ({n}x)" for y, n in years.most_common())
        return Field(value, COMPLETED_CONFIDENCE,
                     f"dibaca ulang per segmen oleh dua model: {len(rows)} bacaan sepakat kecuali tahun ({read}); "
                     "tahun menurut tanggal surat")
    return None


def _put_line(text: str, page_line: str, reading: str, dated: bool = False) -> str:
    """``text`` with the row ``page_line`` replaced by its re-read ``reading``. The page's text may hold the
    row with words left out that the row's words have ("Tebing Tinggi, 2025" for the words "Tebing Tinggi,
    3 MARET 2025": words the text dropped); then that line is replaced, when its words are the row's words
    in order with some left out, and it is the only such line; failing that, the only line that is the row but
    for its first word (a label the page read "Na." that the text holds repaired as "No."). A ``dated`` row (a
    place-date) may have kept its place alone ("Paringin," for "Paringin, 18 Juli 2023": ``place_only_line``)."""
    if page_line in text:
        return text.replace(page_line, reading, 1)
    row = page_line.split()
    lines = text.split("\n")
    found = [i for i, ln in enumerate(lines) if len(ln.split()) >= 2 and _in_order(ln.split(), row)]
    if not found:  # the text's row with its first word, the label, written as extraction's text repair wrote it
        found = [i for i, ln in enumerate(lines) if len(row) >= 3 and ln.split()[1:] == row[1:]]
    if not found and dated:
        found = place_only_line(lines, row)
    if len(found) != 1:
        return text
    lines[found[0]] = reading
    return "\n".join(lines)


def _in_order(words: list[str], row: list[str]) -> bool:
    """Whether ``words`` are ``row``'s words in the same order, some of the row's left out."""
    return len(words) < len(row) and _subsequence(words, row)


def _subsequence(words: list[str], seq: list[str]) -> bool:
    """Whether ``words`` all occur in ``seq`` in the same order (others may stand between them)."""
    rest = iter(seq)
    return all(word in rest for word in words)


_DOUBTED = re.compile(r"OCR ragu pada '([^']*)' \((\d+)\)")


def _unread_page_date(got: Field, value: str) -> str | None:
    """The date the page's own reading gave, when extraction emptied it because Tesseract read one of its figures
    under ``DIGIT_UNREAD`` ("OCR ragu pada '2023' (54)": by extraction's own measure no reading at all) and the
    re-read ``value`` differs from it only in that figure's part (its year, or its day); None otherwise. Such a
    page reading is no dissent (``_date_dissent``): it is not a second reading of the row, only the one Tesseract
    could hardly read."""
    emptied, doubted = _EMPTIED.search(got.reason), _DOUBTED.search(got.reason)
    if got.present or emptied is None or doubted is None or float(doubted.group(2)) >= DIGIT_UNREAD \
            or not re.fullmatch(r"\d{4}-\d\d-\d\d", emptied.group(2)):
        return None
    page, token = emptied.group(2), doubted.group(1)
    if page[4:] == value[4:] and page[:4] != value[:4] and token == page[:4]:
        return page
    if page[:8] == value[:8] and page[8:] != value[8:] and token.isdigit() and int(token) == int(page[8:]):
        return page
    return None


def _date_dissent(line: dict, value: str, unread: str | None = None) -> bool:
    """Whether a reading of ``line`` (the page's own and the witness model's included) gives a valid date other than ``value``
    ("2023-07-17" beside three "2023-07-07"): re-readings of one crop repeat a misread digit together, so a
    majority does not settle a digit another reading reads otherwise. Unreadable or impossible dates (a year
    2093) are no dissent."""
    page = [] if unread is not None and line_values(line["page_line"]).get("tanggal") == unread else [line["page_line"]]
    readings = [*page, *line["readings"], *line.get("witness", ())]
    return any(line_values(r).get("tanggal") not in (None, value) for r in readings)


def agreed_confidence(votes: int, of: int) -> float:
    """The confidence of a value ``votes`` of ``of`` readings agree on: 0.7 for the least majority that
    counts, up to 0.9 when every reading agrees."""
    if of <= MIN_VOTES:
        return 0.9 if votes >= of else 0.7
    return round(0.7 + 0.2 * (votes - MIN_VOTES) / (of - MIN_VOTES), 2)


_LOST_SLASH = re.compile(r"\d[a-z]?[A-Z][a-z]|[A-Za-z](?:19|20)\d\d$")  # "326Dispersip", "VV2024": a '/' lost
# or read as one small letter ("326fDispersip")
# a lone capital, a dot or a space, and a lone small letter ("Dispersip-B.g", "B g"): a code's middle letter lost
_LONE_SMALL = re.compile(r"(?<![A-Za-z0-9])[A-Z][.\s]+[a-z](?![A-Za-z0-9])")


def broken(nomor: str) -> bool:
    """A number with a segment OCR visibly damaged the same way in several readings: a unit segment that
    begins in lower case (its capital lost, "aspersip"), digits run into a capitalised word, letters
    into the year, a code's capitals into three or more digits (``nomor.code_runs_into_digits``: "BA441"), a
    lone stroke among a code's letters (``nomor.lone_stroke_in_code``: "Bid.I.PP"), a lone capital and a lone
    small letter apart ("Dispersip-B.g", "B g": the thin letter between them lost, a dot or a space read in its
    place; an abbreviation is a capital and its small letters together), or a year cut short
    (``nomor.year_cut_short``: "…/V/202", "…/IV/20")."""
    return any(re.match(r"[a-z]", part) or _LOST_SLASH.search(part) or _LONE_SMALL.search(part)
               for part in nomor.split("/")) \
        or year_cut_short(nomor) or code_runs_into_digits(nomor) or lone_stroke_in_code(nomor)


def _best_reading(line: dict) -> str | None:
    """The first re-reading (the page's model's, then the witness's) that gives every value the readings agreed
    on, as the extractor reads it (its label put back, ``_label_put_back``)."""
    for reading in [*line["readings"], *line.get("witness", ())]:
        values = line_values(reading)
        if all(values.get(k) == v for k, v in line["values"].items()):
            return _label_put_back(str(reading))
    return None


# ---------------------------------------------------------------- a number decoded from the LSTM's alternatives

LATTICE_FLOOR = 0.003  # probability of a character Tesseract did not list at a timestep (it lists down to ~1 %)
LATTICE_MARGIN = 3.0  # natural log: the value taken must be e^3 ≈ 20 times as probable as any rival
LATTICE_COMBOS = 512  # candidate numbers scored at most
DECODED_REVIEW = "nomor: dipilih dari alternatif karakter Tesseract — periksa"
DECODED_CONFIDENCE = 0.35  # a decoded number is shown to a clerk: under the archive's "keyakinan rendah" line
# (``archive/data/review.toml`` field_below 0.5, after calibration, which keeps a value this low as it is)


def ctc_logprob(steps: Sequence[Timestep], label: str) -> float:
    """The log-probability that the LSTM's output ``steps`` spells ``label``: the sum over every alignment of
    its characters with the blanks ("") between them (connectionist temporal classification, how the
    network reads). A character Tesseract did not list at a timestep gets ``LATTICE_FLOOR``."""
    if not steps:
        return float("-inf")
    ext = [""]
    for ch in label:
        ext += [ch, ""]
    n = len(ext)
    alpha = np.full(n, -np.inf)
    alpha[0] = np.log(steps[0].get("", LATTICE_FLOOR))
    if n > 1:
        alpha[1] = np.log(steps[0].get(ext[1], LATTICE_FLOOR))
    skip = np.array([s >= 2 and ext[s] != "" and ext[s] != ext[s - 2] for s in range(n)])
    for step in steps[1:]:
        logs = np.log([step.get(ch, LATTICE_FLOOR) for ch in ext])
        moved = np.concatenate(([-np.inf], alpha[:-1]))
        jumped = np.where(skip, np.concatenate(([-np.inf, -np.inf], alpha[:-2])), -np.inf)
        alpha = np.logaddexp(np.logaddexp(alpha, moved), jumped) + logs
    return float(np.logaddexp(alpha[-1], alpha[-2])) if n > 1 else float(alpha[-1])


def number_span(lattice: Sequence[tuple[str, Sequence[Timestep]]]) -> tuple[str, list[Timestep]] | None:
    """The words of a read row that hold its number, joined: their text and timesteps. The number runs from
    its first word with a '/' and a digit, back over words with digits (not the row's first word, the label)
    and on over words with a digit or '/' (a number OCR split at a space)."""
    texts = [str(word) for word, _ in lattice]
    first = next((i for i, t in enumerate(texts) if "/" in t and re.search(r"\d", t)), None)
    if first is None:
        return None
    start, end = first, first
    while start > 1 and re.search(r"\d", texts[start - 1]):
        start -= 1
    while end + 1 < len(texts) and re.search(r"[\d/]", texts[end + 1]):
        end += 1
    return "".join(texts[start:end + 1]), [step for _, steps in lattice[start:end + 1] for step in steps]


_DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "D": "0", "S": "5", "s": "5", "I": "1", "l": "1", "|": "1",
                            "!": "1", "Z": "2", "z": "2", "B": "8", "G": "6", "b": "6", "g": "9", "q": "9", "A": "4",
                            ",": "."})  # what a digit is read as, back to the digit


def _column_candidates(values: Sequence[str], k: int, width: int, letter_iso: str) -> tuple[list[str], str]:
    """The values a column of the number may take, and its kind: a Roman month before the year (any month
    I-XII), the year (the letter's year and those beside it, and the years read), a code of digits and dots
    (the readings' values with the characters digits are read as put back to digits), or letters (the
    readings' values as they are)."""
    read = list(dict.fromkeys(values))
    if k == width - 1 and any(re.fullmatch(r"(19|20)\d\d", v) for v in read):
        year = int(letter_iso[:4])
        return [y for y in dict.fromkeys([str(year), str(year - 1), str(year + 1), *read])
                if re.fullmatch(r"(19|20)\d\d", y)], "year"
    if k == width - 2 and width >= 3 and sum(bool(_ROMAN_LIKE.fullmatch(v)) for v in read) * 2 > len(read):
        return list(_ROMAN), "month"
    if any(re.fullmatch(r"\d[\d.]*", v) for v in read):
        digits = [v.translate(_DIGIT_FOR) for v in read]
        return [v for v in dict.fromkeys(digits) if re.fullmatch(r"\d+(\.\d+)*", v)], "code"
    return read, "letters"


_ALNUM = re.compile(r"[0-9A-Za-z]")
_ROMAN_LIKE = re.compile(r"[IVXUWNLYMHl1!|i]{1,5}")  # a Roman month as OCR reads its strokes ("VIIN", "111")
LATTICE_DATE_PRIOR = 5.0  # natural log: a number's Roman month is the letter's own month ~150 times as often as
# any one other month (the number is given when the letter is signed; ``check_nomor`` refuses a disagreeing one)


def decode_by_lattice(lines: Sequence[dict], letter_iso: str | None) -> Field | None:
    """A number the votes left open, decoded from the LSTM's own alternatives (``LineReading.lattice``): the
    candidate numbers are put together column by column (``_column_candidates``: the values the re-readings of
    the usual shape give, a Roman month any of I-XII, a code of digits; a code of letters only as every
    reading of that shape gives it, and the page's reading must have the same shape), each is scored by the probability
    that the network's output spells it (``ctc_logprob``), the letter's own month weighing
    ``LATTICE_DATE_PRIOR`` more, and the most probable is taken only when every one of its columns beats every
    other value of that column by ``LATTICE_MARGIN`` (a digit or month the network weighs two ways stays
    open), it is not much less probable than the network's own reading of the row (the row is a number of
    this shape), and it passes the number's checks against the letter's date. Needs the letter's date."""
    if not letter_iso:
        return None
    month = _ROMAN[int(letter_iso[5:7]) - 1]
    for line in lines:
        lattice = line.get("lattice")
        span = number_span(lattice) if lattice else None
        if span is None:
            continue
        top, steps = span
        # a label's colon or a speck read onto the number's first or last character: kept around every candidate
        lead, trail = _ALNUM.split(top, maxsplit=1)[0], _ALNUM.split(top[::-1], maxsplit=1)[0][::-1]
        page = nomor_candidate(line["page_line"])
        read = [c for c in [*(nomor_candidate(r) for r in line["readings"]), page] if c]
        shapes = Counter(len(c.split("/")) for c in read)
        if not shapes:
            continue
        width = shapes.most_common(1)[0][0]
        rows = [c.split("/") for c in read if len(c.split("/")) == width]
        if width < 2 or len(rows) < MIN_VOTES - 1 or page and len(page.split("/")) != width:
            continue  # too few readings of one shape, or the page saw another shape (a '/' lost or cut off)
        columns = [_column_candidates([r[k] for r in rows], k, width, letter_iso) for k in range(width)]
        if any(not values or kind == "letters" and len(values) > 1 for values, kind in columns) \
                or columns[-1][1] != "year" or int(np.prod([len(v) for v, _ in columns])) > LATTICE_COMBOS:
            continue  # a code of letters is taken only as every reading gives it (the network's letters are no
            # grammar: "SGM-8MG11" for a month whose '/' was lost); the number ends in its year
        month_at = next((k for k, (_, kind) in enumerate(columns) if kind == "month"), None)
        scored = {combo: ctc_logprob(steps, lead + "/".join(combo) + trail)
                  + (LATTICE_DATE_PRIOR if month_at is not None and combo[month_at] == month else 0.0)
                  for combo in itertools.product(*(values for values, _ in columns))}
        best = max(scored, key=lambda c: scored[c])
        prior = LATTICE_DATE_PRIOR if month_at is not None and best[month_at] == month else 0.0
        if scored[best] - prior < ctc_logprob(steps, top) - LATTICE_MARGIN - prior:
            continue  # the row as read is far more probable than any number of this shape: something else
        if any(scored[best] - max((v for c, v in scored.items() if c[k] != best[k]), default=float("-inf"))
               < LATTICE_MARGIN for k in range(width)):
            continue
        value = "/".join(best)
        if any(_I_FOR_L.search(part) for part in best) or broken(value) or check_nomor(value, letter_iso):
            continue
        return Field(value, DECODED_CONFIDENCE, f"dibaca ulang dengan alternatif karakter Tesseract: dari {len(rows)} bacaan "
                                 "ulang, nomor yang paling mungkin menurut jaringan OCR, tiap segmen jauh di atas "
                                 "pilihan lain")
    return None


def month_refuted(lines: Sequence[dict], value: str, spared: Sequence[str] = ()) -> bool:
    """Whether the LSTM's output of the number row (``LineReading.lattice``, where recorded) spells ``value``
    with another Roman month ``LATTICE_MARGIN`` more probably than with its own: readings that lost a stroke
    together ("VII" for a "VIII" the network still weighs) whose month the letter's date seemed to confirm.
    Months in ``spared`` are no rival (``month_by_date``: those the readings' stroke counts already gave)."""
    parts = value.split("/")
    if len(parts) < 3 or parts[-2] not in _ROMAN:
        return False
    for line in lines:
        span = number_span(line["lattice"]) if line.get("lattice") else None
        if span is None:
            continue
        top, steps = span
        lead, trail = _ALNUM.split(top, maxsplit=1)[0], _ALNUM.split(top[::-1], maxsplit=1)[0][::-1]
        own = ctc_logprob(steps, lead + value + trail)
        if any(ctc_logprob(steps, lead + "/".join([*parts[:-2], m, parts[-1]]) + trail) >= own + LATTICE_MARGIN
               for m in _ROMAN if m != parts[-2] and m not in spared):
            return True
    return False


# ---------------------------------------------------------------- perihal beside the addressee column

_HAL = re.compile(r"^\W*(hal|perihal)\s*[:;]?$", re.IGNORECASE)
# why extraction left a subject empty (``metadata``): the addressee column or list beside the Hal row, a
# place from the column's "di" line maybe read onto it
_COLUMN_DOUBT = ("kolom alamat", "daftar alamat", "mungkin tempat")
_ROW_LABEL = re.compile(r"^\W*(kepada|yth|nomor|no|sifat|lampiran|lamp|tanggal)\b", re.IGNORECASE)


def _column(words: list[Word], h: float, starts: Sequence[int] = ()) -> list[Word]:
    """The words of a row up to the first gap wider than 2.5 letter heights, or up to a word standing
    where another column begins on the rows around (``starts``): another column begins there."""
    out = [words[0]]
    for w in words[1:]:
        if w.box[0] - (out[-1].box[0] + out[-1].box[2]) > 2.5 * h or any(abs(w.box[0] - x) <= h for x in starts):
            break
        out.append(w)
    return out


_COLUMN_WORD = re.compile(r"^\W*(kepada|yth|di)\b", re.IGNORECASE)
_ADDRESSEE_WORD = re.compile(r"^\W*(kepada|yth)\b", re.IGNORECASE)  # inside a row ("di" is also a subject's word)


def _column_starts(rows: list[list[Word]], h: float) -> list[int]:
    """Where the addressee column begins on ``rows``: its own words ("Kepada", "Yth.") standing well right
    of a row's start, or a short row that begins with them or with the addressee's "di"."""
    starts = []
    for row in rows:
        starts += [w.box[0] for w in row[1:] if _ADDRESSEE_WORD.match(w.text) and w.box[0] > row[0].box[0] + 8 * h]
        if _COLUMN_WORD.match(row[0].text) and len(row) <= 3:
            starts.append(row[0].box[0])
    return starts


_BLOCK_LABELS = ("nomor", "sifat", "lampiran", "perihal", "hal", "lamp", "no")  # the letter genre's label block


def block_label(token: str) -> str | None:
    """The label of a letter's Nomor/Sifat/Lampiran/Hal block ``token`` reads as: exactly, or a label of 5+
    letters that OCR damaged by at most two letters ("Penhal", "Nomar")."""
    low = re.sub(r"[^a-z]", "", token.lower())
    if low in _BLOCK_LABELS:
        return low
    if len(low) < 5:
        return None
    near = min(_BLOCK_LABELS, key=lambda lab: Levenshtein.distance(low, lab))
    return near if len(near) >= 5 and Levenshtein.distance(low, near) <= (2 if len(low) >= 6 else 1) else None


def _value_start(row: list[Word]) -> Word | None:
    """A label row's first value word (after the label and its colon)."""
    return next((w for w in row[1:] if any(ch.isalnum() for ch in w.text)), None)


def _label_column(lines: list[list[Word]], i: int, h: float) -> int | None:
    """Where the values of the label block begin, when the row ``i`` stands in the block: another row within
    four above or two below begins with a block label at the same place; None when none does."""
    label = lines[i][0]
    starts = []
    for row in lines[max(0, i - 4): i] + lines[i + 1: i + 3]:
        if abs(row[0].box[0] - label.box[0]) <= h and block_label(row[0].text) and block_label(row[0].text) \
                not in ("hal", "perihal"):
            value = _value_start(row)
            if value is not None:
                starts.append(value.box[0])
    return int(np.median(starts)) if starts else None


def _hal_row(lines: list[list[Word]], i: int, height: int) -> tuple[list[Word], float, bool] | None:
    """(the value's words on the row, letter height, whether the label was read damaged) of a Hal row of
    the label block, or None: the label read exactly with its colon, or read without the colon or damaged
    by OCR ("Penhal") where it stands in the label column and its value begins where the block's values do."""
    line = lines[i]
    label = line[0]
    if label.box[1] > 0.6 * height:
        return None
    exact = bool(_HAL.match(label.text))
    if not exact and block_label(label.text) not in ("hal", "perihal"):
        return None
    colon = label.text.endswith((":", ";"))
    rest = line[1:]
    if rest and not any(ch.isalnum() for ch in rest[0].text) and any(ch in rest[0].text for ch in ":;"):
        rest, colon = rest[1:], True  # ":" or "—:" standing apart
    if not rest:
        return None
    _, h = _band(line)
    if not (exact and colon):
        column = _label_column(lines, i, h)
        if column is None or abs(rest[0].box[0] - column) > 1.5 * h:
            return None
    return rest, h, not exact


def _layout_rows(page: PageText) -> tuple[list[Word], list[Word], bool] | None:
    """(the subject's words, those of its first row, whether its label was damaged) by the layout."""
    lines = _lines(page.words)
    for i in range(len(lines)):
        found = _hal_row(lines, i, page.height)
        if found is None:
            continue
        rest, h, damaged = found
        line = lines[i]
        starts = _column_starts(lines[max(0, i - 4): i + 6], h)
        rows = [_column(rest, h, starts)]
        x, bottom = rest[0].box[0], max(w.box[1] + w.box[3] for w in line)
        for nxt in lines[i + 1: i + 4]:
            top = min(w.box[1] for w in nxt)
            if top - bottom > 1.2 * h or _ROW_LABEL.match(nxt[0].text):
                break
            if abs(nxt[0].box[0] - x) > 1.5 * h:
                if x < nxt[0].box[0] < max(w.box[0] + w.box[2] for w in rows[0]) \
                        and not _COLUMN_WORD.match(nxt[0].text):
                    return None  # a row right under the value, begun inside it: its beginning was lost
                break
            rows.append(_column(nxt, h, starts))
            bottom = max(w.box[1] + w.box[3] for w in nxt)
        return [w for row in rows for w in row], rows[0], damaged
    return None


def _words_text(words: Sequence[Word]) -> str:
    kept = [w.text for w in words if any(ch.isalnum() for ch in w.text)]  # specks ("—", "|") dropped
    return re.sub(r"\s+", " ", " ".join(kept)).strip(" ,;:-")


def perihal_by_layout(page: PageText) -> str | None:
    """The subject of a letter from where its words stand: the Hal row's value up to the next column, and
    the rows under it that begin where the value begins (a subject wrapped onto two or three lines), not
    the addressee column beside them. None when the page shows no such row or a word is doubtful (read
    under 60, or a lower-case word not in the language's word list read under 85); under a label OCR
    damaged, also when any word of the value is not in the word list (the damage may reach into the value)."""
    found = _layout_rows(page)
    if found is None:
        return None
    words, _, damaged = found
    if any(w.conf < 60 for w in words if sum(ch.isalpha() for ch in w.text) >= 2):
        return None
    if any(_unknown_word(w, strict=damaged) for w in words):
        return None
    # the addressee column's "di" read at the end of the value's last row: a subject never ends in it
    return re.sub(r"\s+di\s*[-:.]?$", "", _words_text(words)) or None


def _unknown_word(word: Word, strict: bool = False) -> bool:
    """A word of 4+ letters that is not in the language's word list: in lower case and read with some doubt
    (under 85: "balum", "ebologinya", OCR damage; names are capitalised and left alone), or, when ``strict``,
    any such word not in capitals."""
    letters = re.sub(r"[^A-Za-z]", "", word.text)
    if len(letters) < 4 or letters.isupper() or letters.lower() in dictionary("ind"):
        return False
    return strict or (letters.islower() and word.conf < 85)


def _first_row_of_layout(page: PageText) -> str:
    found = _layout_rows(page)
    return _words_text(found[1]) if found else ""


_EMPTIED = re.compile(r"tidak pasti \((['\"])(.*?)\1\)")  # the value ``metadata._gate`` emptied, in its reason


def _follows_text(value: str, reason: str) -> bool:
    """Whether the layout's subject is the text's unsure value with words left out only: its words
    appear in the text's value in the same order, from its first word (a word the layout put in
    between, or in another order, means the rows were mixed up)."""
    found = _EMPTIED.search(reason)
    if not found:
        return False
    text = found.group(2).split()
    words = value.split()
    return bool(text and words and words[0] == text[0] and _subsequence(words, text))


def _bare(value: str) -> list[str]:
    return [w for w in (re.sub(r"[^\w]", "", t).lower() for t in value.split()) if w]


def _lengthens(value: str, short: str) -> bool:
    """Whether the layout's subject is the text's value with more of the value column's rows after it (the
    text stopped at a row it could not tell from the addressee column's)."""
    have, want = _bare(short), _bare(value)
    return bool(have) and len(want) > len(have) and want[: len(have)] == have


def settle_perihal(metadata: Metadata, pages: Sequence[PageText]) -> Metadata:
    """``metadata`` with a subject read from the layout where extraction left it empty because the
    addressee column stood beside the Hal row, or its "di" line's place may have been read onto the Hal
    row (the text alone cannot tell their words apart), or the value looked damaged because the column's
    words were read into it; where the text found no Hal label (OCR damaged it) but the layout shows one
    in the label column; and where the text's subject stops short of rows the layout shows in the
    value's column."""
    if not pages:
        return metadata
    got = metadata.perihal
    if got.present:
        value = perihal_by_layout(pages[0])
        if value is None or not _lengthens(value, str(got.value)):
            return metadata
        field = Field(value, 0.7, f"{got.reason}; baris lanjutan di kolom nilai Hal menurut letak kata")
        return replace(metadata, perihal=field)
    if any(d in got.reason for d in _COLUMN_DOUBT):
        value = perihal_by_layout(pages[0])
        if value is None or not _follows_text(value, got.reason):
            return metadata
        reason = "baris Hal dan lanjutannya menurut letak kata, tanpa kolom alamat di sebelahnya"
    elif _DAMAGED.search(got.reason):
        value = perihal_by_layout(pages[0])
        first = _first_row_of_layout(pages[0])
        quoted = _DAMAGED.search(got.reason)
        if value is None or not first or not quoted or not _bare(quoted.group(2))[: len(_bare(first))] == _bare(first):
            return metadata
        reason = "baris Hal menurut letak kata: kata kolom lain yang terbaca di nilainya tidak diambil"
    elif got.reason == _NO_LABEL:
        value = perihal_by_layout(pages[0])
        if value is None:
            return metadata
        reason = "label Hal rusak oleh OCR, dikenali dari letaknya di kolom label; nilainya menurut letak kata"
    else:
        return metadata
    review = tuple(r for r in metadata.review if not r.startswith("perihal:"))
    return replace(metadata, perihal=Field(value, 0.7, reason), review=review)


_DAMAGED = re.compile(r"tampak rusak oleh OCR: (['\"])(.*)\1$")  # ``metadata``'s reason for a garbled Hal value
_NO_LABEL = "tidak ada label Hal/Perihal"


# Said for review of a number row some readings see with a blank where a segment's figures stand: the extractor's
# phrase for a printed form left for a hand-written number ("tidak lengkap di cetakan"), which stops every rule that
# puts a number together from the row's readings (``settle``).
BLANK_READ = "tidak lengkap di cetakan menurut bacaan ulang baris nomor, mungkin ditulis tangan"
BLANK_READINGS = 2  # readings of the row, at least, that give its value with a blank (``nomor.has_gap``)


def _every_reading(line: dict) -> list[str]:
    """Every reading of a re-read row: the page's line, the re-readings, the witness model's and the sharpened
    images'."""
    return [line["page_line"], *line.get("readings", ()), *line.get("witness", ()), *line.get("sharpened", ())]


def blank_read(lines: Sequence[dict]) -> str | None:
    """The number row's value as read with a blank ("/III/2024", "500/ /2020"), where at least ``BLANK_READINGS``
    of its readings (the page's line, the re-readings, the witness model's and the sharpened images') give it so;
    None otherwise. A form's blank is paper where the figures go: read at other scales and binarisations its '/'
    and the month's strokes come out as figures in some readings and as what they are in others ("1111/2024" beside
    "/111/2024"), and a vote over them builds a number nobody printed. Print with its figures gives a blank in
    a reading only where that reading lost them, which one reading may do, and two abstain together."""
    for line in lines:
        gapped = Counter(v for v in (row_value(r) for r in _every_reading(line)) if v and has_gap(v))
        if sum(gapped.values()) >= BLANK_READINGS:
            return gapped.most_common(1)[0][0]
    return None


__all__ = ["perihal_by_layout", "settle_perihal", "LineReading", "reread_fields", "settle", "field_lines", "binarisations", "vote", "line_values",
           "recorded"]
