"""Indonesian dates in noisy OCR text: find them, repair them, parse them with ``dateparser``.

Letters carry several dates (the letter's own, the date of a letter referred to, the event date), so
``find_dates`` returns every candidate with its kind and position and lets ``metadata`` choose.
Month names come from dateparser's own Indonesian locale data (no hand-written month table); an OCR-damaged
month word ("Maret" read as "Maref") is corrected to the nearest locale month name before parsing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

import dateparser
from dateparser.languages.loader import default_loader
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_DAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Absolute dates only: dateparser's relative-time parser reads "3 bulan 2024" as three months before
# today, which would make a misread month word a date that depends on the day the page was read.
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"],
             "PARSERS": ["custom-formats", "absolute-time"]}


@dataclass(frozen=True)
class DateHit:
    """One date found in the text: ISO value, where it is, how it was written and how sure we are."""

    iso: str
    start: int
    end: int
    kind: str  # "place_date" | "words" | "numeric" | "plain"
    confidence: float
    reason: str


@lru_cache(maxsize=1)
def month_words() -> dict[str, int]:
    """Indonesian month words (full and abbreviated, incl. old spellings) → month number, from dateparser."""
    info = default_loader.get_locale("id").info
    out: dict[str, int] = {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for word in info[key]:
            out[word.lower()] = number
    return out


@lru_cache(maxsize=1)
def day_words() -> tuple[str, ...]:
    """Indonesian day names from dateparser's locale (for the "Pada hari ini Senin" form)."""
    info = default_loader.get_locale("id").info
    return tuple(w.lower() for key in _DAY_KEYS for w in info[key] if len(w) > 3)


@lru_cache(maxsize=1)
def weekdays() -> dict[str, int]:
    """Indonesian day names (dateparser's locale) → weekday number (Monday 0, as ``date.weekday``)."""
    info = default_loader.get_locale("id").info
    return {w.lower(): number for number, key in enumerate(_DAY_KEYS) for w in info[key] if len(w) > 3}


def repair_month(word: str) -> tuple[str, bool] | None:
    """The month word as dateparser knows it, and whether OCR damage had to be repaired; None if no month."""
    low = word.lower().strip(".")
    months = month_words()
    if low in months:
        return low, False
    ones = low.replace("l", "i").replace("1", "i").replace("|", "i")
    if ones != low and ones in months:  # "Mel": 'i' read as 'l' in a short month ("Mei")
        return ones, True
    if len(low) < 4:
        return None
    full = [w for w in months if len(w) >= 4]
    match = process.extractOne(low, full, scorer=fuzz.ratio, score_cutoff=MONTH_RATIO)
    if match is None or _month_in_doubt(low, match[0], full):
        return None
    return match[0], True


MONTH_RATIO = 72  # a damaged word this close to a month word (rapidfuzz ratio) is repaired to it


def _month_in_doubt(low: str, chosen: str, full: list[str]) -> bool:
    """Whether a damaged month word would be repaired to another month as well (``MONTH_RATIO``) and is no more
    letter edits from it than from ``chosen`` ("Seysember": two from "september" and two from "desember"; "Jani":
    one from "juni", while the nearest by ratio is "djan", January): OCR left no letter that tells the two apart,
    so the word is no reading of either. "stus" stays "agustus": no other month is near enough to be repaired to."""
    months = month_words()
    edits = Levenshtein.distance(low, chosen)
    return any(months[w] != months[chosen] and fuzz.ratio(low, w) >= MONTH_RATIO
               and Levenshtein.distance(low, w) <= edits for w in full)


_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "!": "1", "i": "1", "S": "5", "B": "8",
                            "Z": "2"})


def repair_digits(token: str) -> tuple[str, bool]:
    """Digits read as letters inside a day or year ("2O24", "l2") put back; returns (digits, repaired)."""
    fixed = token.translate(_DIGIT_FIX)
    return fixed, fixed != token


@lru_cache(maxsize=4096)
def parse_parts(day: str, month: str, year: str) -> str | None:
    """Parse day/month-word-or-number/year with dateparser (Indonesian, day first); ISO date or None.

    Kept per process (``lru_cache``): with every part required the answer depends on the three
    strings only, never on today's date, and a document's metadata asks for the same parts many
    times (each re-read number and date row is parsed again, ``fieldread.settle``); in the CLI's
    process dateparser's patterns are pushed out of ``re``'s cache by everything else, and one parse
    cost ~10 ms there against 0.5 ms in a quiet process."""
    parsed = dateparser.parse(f"{day} {month} {year}", languages=["id"], settings=_SETTINGS)
    if parsed is None or not 1900 <= parsed.year <= 2100:
        return None
    return parsed.date().isoformat()


_UNITS = {"nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
          "delapan": 8, "sembilan": 9}
_SCALES = {"puluh": 10, "ratus": 100, "ribu": 1000}
_NUMBER_VOCABULARY = frozenset(_UNITS) | frozenset(_SCALES) | {"belas"} | {f"se{w}" for w in ("puluh", "belas", "ratus", "ribu")}


def words_to_number(text: str) -> int | None:
    """An Indonesian number written in words ("Dua Ribu Dua Puluh Empat") as an int, None if not a number.

    Number words are grammar, not a calendar table: units, ``belas`` (teens), ``puluh``/``ratus``/``ribu``
    and the ``se-`` prefix (sepuluh, sebelas, seratus, seribu).
    """
    tokens = re.findall(r"[a-z]+", text.lower())
    if not tokens:
        return None
    total, current = 0, 0
    for tok in tokens:
        if tok.startswith("se") and tok[2:] in ("puluh", "belas", "ratus", "ribu"):
            tokens_ = ["satu", tok[2:]]
        else:
            tokens_ = [tok]
        for t in tokens_:
            if t in _UNITS and t != "se":
                current += _UNITS[t]
            elif t == "belas":
                current += 10
            elif t in ("puluh", "ratus"):
                current = max(current, 1) * _SCALES[t] if current < 10 else (current - current % 10) + (current % 10) * _SCALES[t]
            elif t == "ribu":
                total += max(current, 1) * 1000
                current = 0
            else:
                return None
    return total + current


_MONTH_TOKEN = r"[A-Za-z]{3,11}\.?"
_NUM_DAY = r"[0-9OIl|!Z]{1,2}"  # a '2' is read as 'Z' too ("Z1 SEPTEMBER 2023", "Agustus Z023")
_NUM_YEAR = r"[0-9OIl|Z]{4}"
# a place-date's space between day and month is sometimes read as a dot ("Awayan, 26.Juni 2023"), and a speck
# after the place's comma as a colon ("Sungai Hutir Hilir, : 2 Mei 2025")
# a month word's capital is sometimes read as a speck ("17 "EBRUARI 2023"): one mark before the month word is
# passed over, and the word's lost letter repaired like any other damaged month (``repair_month``)
_MONTH_SPECK = r"[\"'“”‘’`]?"
# a place-date's space between day and month lost ("Paringin, 9JULI 2025", a row read again at another size): a
# day ending in a figure, the month word straight after it (place-dates only: the place and its comma say what
# the figures are)
_GLUED = r"(?<=\d)(?=[A-Za-z])"
# a comma between a place-date's month and its year ("Pideni, 22 APRIT, 2024": a fax's worn "L" read "T,", or a
# comma typed after the month) is passed over: the place, the day and a month word still say what the figures are
_PLACE_DATE = re.compile(rf"\b([A-Z][A-Za-z]{{2,}}(?:[ \-][A-Z][A-Za-z]+)?)\s*[,.]\s*(?:[:;]\s*)?({_NUM_DAY})(?:\s+|\.\s*|{_GLUED}){_MONTH_SPECK}({_MONTH_TOKEN})(?:\s?,)?[\s\-]+({_NUM_YEAR})\b")
# A place-date whose year the page's edge or the next column cut short ("Muara Nages, 13 April 202", "Paringin,
# 19 Juli 20:"): the first two or three figures of a year end the line. Never a date by itself (``metadata``
# completes its year only from the letter's own number).
CUT_YEAR_PLACE_DATE = re.compile(
    rf"\b([A-Z][A-Za-z]{{2,}}(?:[ \-][A-Z][A-Za-z]+)?)\s*,\s*([0-9]{{1,2}})\s+{_MONTH_SPECK}([A-Za-z]{{3,11}})\.?\s+"
    r"((?:19|20)[0-9]?)[^\w\n]{0,2}[ \t]*$", re.MULTILINE)
_PLAIN_DATE = re.compile(rf"(?<![\w/])({_NUM_DAY})\s+{_MONTH_SPECK}({_MONTH_TOKEN})[\s\-]+({_NUM_YEAR})\b")
_NUMERIC_DATE = re.compile(r"(?<![\w/.])(\d{1,2})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{4})(?![\w/])")
# the word "tanggal" of a date in words with one letter misread ("Kamis Langgal Enam bulan Juni ...", a fax's
# worn capital), or its last letter read as a mark ("tangga!", "tangga|": an l's gap on a fax): the number words,
# "bulan", the month and "tahun" after it still have to follow
_TANGGAL = r"(?:tanggal|[a-z]anggal|t[a-z]nggal|ta[a-z]ggal|tan[a-z]gal|tang[a-z]al|tangg[a-z]l|tangga[a-z!|1])"
_NUMBER_WORD = r"(?:se)?(?:nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|puluh|belas|ratus|ribu)"
# a long year wraps onto the next line, or gets a hyphen; a year cut after a tens, hundreds or thousands word may
# have a speck at the line's end or the next line's start ("tahun Dua Ribu. / . Dua Puluh Empat (24-05-2024)": a
# photocopy's dust), which the words step over: the number is not whole before its unit word
_SPECK_WRAP = r"(?<=ribu|atus|uluh)[ \t]*[.,;:'|`]?[ \t]*\n\s*[.,;:'|`]?[ \t]*"
# a speck glued to a number word inside the words, before the next one on the line ("Delapan! Belas": a photocopy's
# or a scan's dust read as a mark): stepped over as the words' spaces are
_SPECK_GLUED = rf"[!|'`](?=[ \t\-]+{_NUMBER_WORD})"
_NUMBER_WORDS = rf"((?:{_NUMBER_WORD}(?:{_SPECK_WRAP}|{_SPECK_GLUED}[ \t\-]+|[\s\-]*))+)"
_WORDS_DATE = re.compile(
    rf"(?:pada\s+hari\s+ini\s*,?\s*)?([A-Za-z']+)\s*,?\s*{_TANGGAL}\s+{_NUMBER_WORDS}\s*,?\s*bu[l1I]an[\s'‘’`]+([A-Za-z]+)"
    rf"\s*,?\s*[tl1I]ahun\s+{_NUMBER_WORDS}\s*(?:\(([^)]{{6,20}})\))?", re.IGNORECASE)


# The same words date when OCR damaged a number word ("Dua Rihu"), the word "bulan" ("bi lan") or the word
# "tahun" ("t: hun", with a speck, or lost), or put a speck at a line's end ("Dua |"): kept only through the date
# in figures that follows it in brackets, and only when that date's month is the month the words name.
_WORDS_BRACKETED = re.compile(
    rf"{_TANGGAL}\s+[A-Za-z\s\-]{{3,60}}?\s*,?\s*b(?:u[l1I]|[a-z]\s[l1I])an[\s'‘’`]+([A-Za-z]+)\s*,?\s*(?:tahun\s+)?[A-Za-z\s\-:;|']{{3,80}}?\s*"
    r"\(\s*(\d{1,2})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{4})\s*\)", re.IGNORECASE)


# The words' day and month ("tanggal Dua Puluh Delapan bulan Februari tahun Dua") with the year's words carried
# away from them by lines OCR read in between (a column beside the sentence, a list mark), the date in figures in
# brackets after them ("… Ribu Dua Puluh Lima (28-02-2025)"): kept only when the day the words spell and the
# month they name are the figures' day and month, so day and month are read twice and only the year once.
# The word "bulan" may have one letter misread ("hulan", "bukan"), or be lost whole to the capture (a photocopy's
# faded word: "tanggal Dua Puluh Lima Juli tahun Dua Ribu …"), the month word then standing between the day's words
# and "tahun": the day and the month are still read twice.
_BULAN_ONE_SLIP = r"(?:[a-z]u[l1I]an|b[a-z][l1I]an|bu[a-z]an|bu[l1I][a-z]n|bu[l1I]a[a-z])"
_WORDS_DAY_MONTH = re.compile(
    rf"{_TANGGAL}\s+{_NUMBER_WORDS}\s*,?\s*(?:{_BULAN_ONE_SLIP}[\s'‘’`]+([A-Za-z]+)"
    rf"|([A-Za-z]+)(?=\s*,?\s*[tl1I]ahun\b))", re.IGNORECASE)
BRACKETED_FIGURES = re.compile(r"\(\s*(\d{1,2})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{4})\s*\)")
# how far after the month word the bracketed figures may stand (a few lines of another column)
WORDS_FIGURES_REACH = 240


def _words_then_figures(text: str) -> list[DateHit]:
    hits = []
    for m in _WORDS_DAY_MONTH.finditer(text):
        month = repair_month(m.group(2) or m.group(3))
        day = words_to_number(m.group(1))
        tail = text[m.end(): m.end() + WORDS_FIGURES_REACH]
        fig = BRACKETED_FIGURES.search(tail)
        if month is None or day is None or fig is None or re.search(r"tanggal", tail[: fig.start()], re.IGNORECASE):
            continue
        iso = parse_parts(fig.group(1), fig.group(2), fig.group(3))
        if iso and int(iso[8:10]) == day and int(iso[5:7]) == month_words()[month[0]]:
            hits.append(DateHit(iso, m.end() + fig.start(), m.end() + fig.end(), "words", 0.85,
                                "tanggal ditulis dengan huruf, hari dan bulan sepakat dengan angka dalam kurung "
                                "sesudahnya"))
    return hits


# The end of a date formula whose opening, day's words and "bulan" a fax or photocopy lost ("Za Arril tahun Dua Ribu
# Dua Puluh / Lima (08-04-2025)" for "… tanggal Delapan bulan April tahun …"): a month word, "tahun", the year in
# words and the date in figures in brackets. Kept only when the month word (repaired as any damaged month) is the
# figures' month and the year's words spell the figures' year: month and year are read twice, the day once (as
# ``_WORDS_BRACKETED`` reads it), so it is shown under the whole words' date and the figures' own doubt weighs on it.
# Only where nothing of the formula before the month word is read on its line (``_DAY_WORDS_READ``): where "tanggal",
# a day's words or "bulan" are read, the rules that read them (and refuse them) decide.
_MONTH_YEAR_BRACKETED = re.compile(
    rf"([A-Za-z]{{3,11}})\s*,?\s*[tl1I]ahun\s+{_NUMBER_WORDS}\s*"
    r"\(\s*(\d{1,2})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{4})\s*\)", re.IGNORECASE)
# what the lost part of the formula leaves when some of it is read: the word "tanggal" (one letter misread), "hari",
# a number word (the day's), or "bulan" (one letter misread)
_DAY_WORDS_READ = re.compile(rf"{_TANGGAL}|\bhari\b|\b{_NUMBER_WORD}\b|\b{_BULAN_ONE_SLIP}\b|\bbulan\b",
                             re.IGNORECASE)
MONTH_YEAR_WORDS = "kata hari tanggal hilang; bulan dan tahun dengan huruf sepakat dengan angka dalam kurung"
MONTH_YEAR_WORDS_CONFIDENCE = 0.7


def _month_year_then_figures(text: str) -> list[DateHit]:
    hits = []
    for m in _MONTH_YEAR_BRACKETED.finditer(text):
        month = repair_month(m.group(1))
        iso = parse_parts(m.group(3), m.group(4), m.group(5))
        if month is None or iso is None or month_words()[month[0]] != int(iso[5:7]) \
                or words_to_number(m.group(2)) != int(iso[:4]):
            continue
        if _DAY_WORDS_READ.search(text[text.rfind("\n", 0, m.start()) + 1: m.start()]):
            continue  # the formula's opening or day's words stand on the line: the rules that read them decide
        start = text.rfind("(", 0, m.start(3))
        hits.append(DateHit(iso, start, m.end(), "words", MONTH_YEAR_WORDS_CONFIDENCE,
                            f"tanggal ditulis dengan huruf; {MONTH_YEAR_WORDS}"))
    return hits


def _hit_from_parts(match: re.Match, day: str, month: str, year: str, kind: str, base: float,
                    what: str) -> DateHit | None:
    fixed_month = repair_month(month)
    if fixed_month is None:
        return None
    day_d, day_fixed = repair_digits(day)
    year_d, year_fixed = repair_digits(year)
    iso = parse_parts(day_d, fixed_month[0], year_d)
    if iso is None:
        return None
    repairs = [n for n, flag in (("month", fixed_month[1]), ("day", day_fixed), ("year", year_fixed)) if flag]
    conf = base - 0.1 * len(repairs)
    reason = what + (f"; OCR repaired {', '.join(repairs)}" if repairs else "")
    return DateHit(iso, match.start(), match.end(), kind, round(conf, 2), reason)


# Said in a date's reason when the date written in words and the same date in figures beside it agree: two
# readings of the date, so Tesseract's doubt about the figures alone does not make it unsure (``metadata``).
WORDS_AGREE = "huruf dan angka sepakat"


def _words_iso(m: re.Match) -> str | None:
    """The date the words of a ``_WORDS_DATE`` match spell (day, month and year in words), None if they do not."""
    day = words_to_number(m.group(2))
    year = words_to_number(m.group(4))
    month = repair_month(m.group(3))
    if day is None or year is None or month is None or not 1 <= day <= 31:
        return None
    return parse_parts(str(day), month[0], str(year))


# Said in a date's reason when the words spell a whole date and the figures in brackets beside them another: one
# of the two readings is misread (figures are where OCR confuses shapes, '3'/'5', '6'/'8'), so the date is unsure:
# given under the tanggal threshold (``metadata`` empties it and names it for review), the words' date shown.
WORDS_DISAGREE = "angka dalam kurung berbeda dari huruf"
WORDS_DISAGREE_CONFIDENCE = 0.5


def _words_whole(m: re.Match) -> bool:
    """Whether the day and the year in words end on a unit or a teen word, not on "puluh"/"ratus"/"ribu": a unit
    word OCR lost ("Dua Ribu Dua Puluh [Lima]") would leave a rounder number that is still a number."""
    return not any(re.search(r"(puluh|ratus|ribu)\W*\Z", m.group(k).strip(), re.IGNORECASE) for k in (2, 4))


def _words_hit(m: re.Match) -> DateHit | None:
    if m.group(5):
        num = _NUMERIC_DATE.search(m.group(5))
        if num:
            iso = parse_parts(num.group(1), num.group(2), num.group(3))
            spelled = _words_iso(m)
            if iso and spelled and spelled != iso and _words_whole(m):
                return DateHit(spelled, m.start(), m.end(), "words", WORDS_DISAGREE_CONFIDENCE,
                               f"tanggal ditulis dengan huruf; {WORDS_DISAGREE} ({num.group(0).strip()})")
            if iso:
                agree = f"; {WORDS_AGREE}" if spelled == iso else ""
                return DateHit(iso, m.start(), m.end(), "words", 0.92,
                               "tanggal ditulis dengan huruf, angka dalam kurung" + agree)
        plain = _PLAIN_DATE.search(m.group(5))
        if plain:
            hit = _hit_from_parts(m, plain.group(1), plain.group(2), plain.group(3), "words", 0.9,
                                  "tanggal ditulis dengan huruf, angka dalam kurung")
            if hit:
                return hit
    day = words_to_number(m.group(2))
    year = words_to_number(m.group(4))
    if day is None or year is None or not 1 <= day <= 31:
        return None
    if _year_cut_by_damaged_word(m):
        return None
    hit = _hit_from_parts(m, str(day), m.group(3), str(year), "words", 0.85, "tanggal ditulis dengan huruf")
    if hit is not None and _cut_at_line_end(m.group(4)):
        return replace(hit, confidence=0.5, reason=f"{hit.reason}; {YEAR_AT_LINE_END}")
    return _weekday_checked(hit, m.group(1))


# Said in a words date's reason when the day's name before "tanggal" ("Pada hari ini Senin tanggal Satu bulan Juli
# tahun …") is the weekday of the date the words spell: a second, independent reading of the date (a misread
# month or year lands on the same weekday once in seven), so Tesseract's doubt about figures beside it that give no
# date at all ("(OI1-IT-2IZA)") is not held against it (``metadata._date_source``).
WEEKDAY_AGREES = "nama hari sesuai tanggal"
WEEKDAY_DISAGREES = "nama hari tidak sesuai tanggal"
WEEKDAY_DISAGREES_CONFIDENCE = 0.5


def weekday_named(word: str) -> int | None:
    """The weekday ``word`` names (one letter misread allowed, ``DAY_NAME_RATIO``), None if it names none."""
    low = word.lower().strip(".,'")
    if len(low) < 4:
        return None
    match = process.extractOne(low, list(weekdays()), scorer=fuzz.ratio, score_cutoff=DAY_NAME_RATIO)
    return None if match is None else weekdays()[match[0]]


def _weekday_checked(hit: DateHit | None, day_name: str) -> DateHit | None:
    """A date in words (its figures in brackets absent or unreadable) checked against the day's name written
    before it: the same weekday confirms it (``WEEKDAY_AGREES``), another makes it unsure (one of the words is
    misread: "Dua Ribu Dua" for a year cut short, "Juni" for "Juli"); no day's name leaves it as it is."""
    named = weekday_named(day_name)
    if hit is None or named is None:
        return hit
    if named == date.fromisoformat(hit.iso).weekday():
        return replace(hit, reason=f"{hit.reason}; {WEEKDAY_AGREES}")
    return replace(hit, confidence=min(hit.confidence, WEEKDAY_DISAGREES_CONFIDENCE),
                   reason=f"{hit.reason}; {WEEKDAY_DISAGREES} ({day_name})")


# A word that is no number word ending the year's words, the figures in brackets on the next line ("… tahun Dua
# Ribu Dua Puu" / "(11-03-2024), bertempat …"): OCR damaged the year's last word beyond one letter.
_DAMAGED_BEFORE_FIGURES = re.compile(r"[ \t]*([A-Za-z]{1,12})[^\w\n]{0,2}[ \t]*\n[ \t]*\(([^)]{6,20})\)")


# A word that is no number word between the year's words read so far and more number words on the same line ("Dua
# Ribu Diia Puluh Empat": "Dua" misread past one letter): the words stop at the damaged word.
_DAMAGED_THEN_NUMBER = re.compile(r"[ \t]*([A-Za-z]{1,12})[^\w\n]{0,2}[ \t]+([A-Za-z]+)")


def _year_cut_by_damaged_word(m: re.Match) -> bool:
    """The year's number words stop at a word OCR damaged: one letter away from a number word ("Dua Ribu Dua
    Pulah Lima"), or any word that is no number word before the date's figures in brackets on the next line
    ("Dua Ribu Dua Puu" / "(11-03-2024)"). The words spell only the year's first part (2002 for 2025), so no
    date is read from them; the day and month they spell can still confirm the figures in brackets after them
    (``_words_then_figures``)."""
    below = _DAMAGED_BEFORE_FIGURES.match(m.string, m.end())
    if below and below.group(1).lower() not in _NUMBER_VOCABULARY and _NUMERIC_DATE.search(below.group(2)):
        return True
    cut = _DAMAGED_THEN_NUMBER.match(m.string, m.end())
    if cut and not _words_whole(m) and cut.group(1).lower() not in _NUMBER_VOCABULARY \
            and cut.group(2).lower() in _NUMBER_VOCABULARY:
        return True  # "Dua Ribu Diia Puluh Empat": the words stop at a scale word, a damaged one, then go on
    nxt = re.match(r"[ \t]*([A-Za-z]{4,})", m.string[m.end():])
    if nxt is None:
        return False
    word = nxt.group(1).lower()
    return word not in _NUMBER_VOCABULARY and any(
        Levenshtein.distance(word, known, score_cutoff=1) <= 1 for known in _NUMBER_VOCABULARY if len(known) >= 4)


# A date in words whose year's words the line's end cut short ("Pada hari ini Rabu tanggal Tujuh Belas bulan Juli
# tahun Dua" and the next line another sentence, a fax's or a photo's lost right part): the day's name, the day, the
# month and what is left of the year (number words only, perhaps none) up to the end of the line. Never a date by
# itself (``metadata`` completes the year only from the letter's own number, checked by the day's name).
CUT_WORDS_DATE = re.compile(
    rf"([A-Za-z']+)\s*,?\s*tanggal\s+{_NUMBER_WORDS}\s*,?\s*bu[l1I]an[\s'‘’`]+([A-Za-z]+)\s*,?\s*[tl1I]ahun"
    rf"((?:[ \t]+{_NUMBER_WORD})*)[^\w\n]{{0,2}}[ \t]*$", re.IGNORECASE | re.MULTILINE)

_UNIT_WORDS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def spell_number(n: int) -> list[str]:
    """``n`` (0 < n < 10000) in Indonesian number words, as a letter writes a year in words: 2024 →
    ["dua", "ribu", "dua", "puluh", "empat"]; the inverse of ``words_to_number`` (seribu, seratus, sepuluh,
    sebelas, tujuh belas)."""
    words: list[str] = []
    for scale, word in ((1000, "ribu"), (100, "ratus")):
        count, n = divmod(n, scale)
        if count:
            words += [f"se{word}"] if count == 1 else [_UNIT_WORDS[count], word]
    tens, units = divmod(n, 10)
    if tens == 1:
        words += ["sepuluh"] if units == 0 else ["sebelas"] if units == 1 else [_UNIT_WORDS[units], "belas"]
    else:
        if tens:
            words += [_UNIT_WORDS[tens], "puluh"]
        if units:
            words.append(_UNIT_WORDS[units])
    return words


def year_begins_with(year: int, cut_words: str) -> bool:
    """Whether the number words left of a cut year ("Dua", "Dua Ribu Dua Puluh", or none) are how ``year``'s
    words begin."""
    left = re.findall(r"[a-z]+", cut_words.lower())
    return spell_number(year)[: len(left)] == left


# Said in the reason of a date in words whose year ends the line on a tens, hundreds or thousands word
# (``_cut_at_line_end``): unsure, and completed only as a year cut short (``metadata``).
YEAR_AT_LINE_END = "tahun berakhir di ujung baris, mungkin terpotong"


def _cut_at_line_end(year_words: str) -> bool:
    """A year in words that ends a line on a tens, hundreds or thousands word, with no date in figures after
    it ("… tahun Dua Ribu Dua Puluh" and the next line begins otherwise): the words for the units may have
    been on the part of the line OCR lost ("Empat (10-06-2024)"), so "2020" may be 2024."""
    words = year_words.rstrip(" \t\n-")
    return bool(re.search(r"(puluh|ratus|ribu)\Z", words, re.IGNORECASE)) and "\n" in year_words[len(words):]


# a day's name OCR misread by a letter ("Jumal" for "Jumat") is as close to it as this (rapidfuzz ratio)
DAY_NAME_RATIO = 80
# "hari" just before a capitalised word and its comma: the word is the day's name, however OCR read it
# ("pada hari Jumal, 20 Oktober 2023" is an event's day, not a place-date)
_HARI_BEFORE = re.compile(r"\bhari\s*$", re.IGNORECASE)


def is_day_name(word: str) -> bool:
    """Whether ``word`` is a day's name (dateparser's Indonesian locale), also with one letter misread."""
    low = word.lower().strip(".,'")
    if low in day_words():
        return True
    return len(low) >= 4 and process.extractOne(low, day_words(), scorer=fuzz.ratio,
                                                 score_cutoff=DAY_NAME_RATIO) is not None


# A date in words whose words OCR damaged by a letter here and there ("Senin tanggal Dua Pulah Tujuh balan Macet
# takan Dus Ribu Dua Puluh Tiga"): the day's name, "tanggal", then the rest of the line as words. Read only by
# ``_damaged_words_hit``, word by word against the grammar of a date in words, and kept only when the day's name
# is the weekday of the date the repaired words spell.
_DAMAGED_WORDS_HEAD = re.compile(r"([A-Za-z']+)\s*,?\s*tanggal\b([^\n]*)", re.IGNORECASE)
# a number word OCR misread is this many letter edits from the word it was, and no nearer another number word
NUMBER_WORD_EDITS = 1
# "bulan" and "tahun" stand at fixed places in the sentence (after the day's words, after the month): a word there
# this many letter edits from them is taken for them ("balan", "takan")
MARK_WORD_EDITS = 2
# a date in words read through OCR damage: under the sure dates in words (0.85), over the tanggal threshold
DAMAGED_WORDS_CONFIDENCE = 0.7
DAMAGED_WORDS = "kata tanggal rusak oleh OCR, diperbaiki"


def _number_word(token: str) -> tuple[str, bool] | None:
    """The number word ``token`` is (and whether it had to be repaired), None when it is none or is as near two."""
    low = token.lower()
    if low in _NUMBER_VOCABULARY:
        return low, False
    if len(low) < 3:
        return None
    near = [w for w in _NUMBER_VOCABULARY if Levenshtein.distance(low, w, score_cutoff=NUMBER_WORD_EDITS)
            <= NUMBER_WORD_EDITS]
    return (near[0], True) if len(near) == 1 else None


def _damaged_words_hit(m: re.Match) -> DateHit | None:
    """The date a damaged date in words spells (``_DAMAGED_WORDS_HEAD``): the day's number words, a word for
    "bulan", the month word, a word for "tahun", the year's number words, each read with at most
    ``NUMBER_WORD_EDITS`` letter edits (``MARK_WORD_EDITS`` for "bulan"/"tahun", ``repair_month`` for the month).
    Kept only when the day's name before "tanggal" is that date's weekday (a misread word that still spells a
    date lands on the named weekday once in seven), the year's words end on a unit or teen word (never "… Dua
    Puluh", the units perhaps lost), and no date in figures stands in brackets after it (the figures are read
    there, and decide)."""
    named = weekday_named(m.group(1))
    if named is None:
        return None
    tokens = re.findall(r"[A-Za-z0-9|]+", m.group(2))  # a letter read as a figure stays in its word ("bu1an")
    parts: list[list[str]] = [[], [], []]  # day words, month word, year words
    repairs = 0
    at = 0
    for token in tokens:
        if at in (0, 2):
            word = _number_word(token)
            if word is not None:
                parts[at].append(word[0])
                repairs += word[1]
                continue
            if at == 2:
                break  # the year's words end where a word that is no number word begins
            if not parts[0] or Levenshtein.distance(token.lower(), "bulan") > MARK_WORD_EDITS:
                return None
            repairs += token.lower() != "bulan"
            at = 1
        elif at == 1:
            month = repair_month(token)
            if month is None:
                return None
            parts[1].append(month[0])
            repairs += month[1]
            at = 3
        else:  # at == 3: the word for "tahun"
            if Levenshtein.distance(token.lower(), "tahun") > MARK_WORD_EDITS:
                return None
            repairs += token.lower() != "tahun"
            at = 2
    if at != 2 or not parts[2] or parts[2][-1] in ("puluh", "ratus", "ribu") or repairs == 0:
        return None
    day, year = words_to_number(" ".join(parts[0])), words_to_number(" ".join(parts[2]))
    if day is None or year is None or not 1 <= day <= 31:
        return None
    if BRACKETED_FIGURES.search(m.string, m.start(2), m.end() + WORDS_FIGURES_REACH):
        return None  # figures in brackets on the line or within reach after it
    iso = parse_parts(str(day), parts[1][0], str(year))
    if iso is None or date.fromisoformat(iso).weekday() != named:
        return None
    return DateHit(iso, m.start(), m.end(), "words", DAMAGED_WORDS_CONFIDENCE,
                   f"tanggal ditulis dengan huruf; {DAMAGED_WORDS} ({repairs} kata); {WEEKDAY_AGREES}")


# The opening of a berita acara's or an agreement's date formula, "Pada hari ini <day's name> tanggal <day> bulan
# <month> tahun <year> (dd-mm-yyyy)", whose words OCR damaged or a fax's edge cut beyond what the readings above
# repair ("Pada hari ini Jumat tan: al Du" / "(29-08-2025), bertempat …"): the opening and the day's name are read
# whole, the date in figures in brackets follows within reach with no other figure between. Read only by
# ``_opening_then_figures``, and only where no other reading of a date in words stands.
_FORMULA_OPENING = re.compile(r"\bpada\s+hari\s+ini\s*,?\s*([A-Za-z']+)", re.IGNORECASE)
OPENING_FIGURES = "kata tanggal rusak atau terpotong, angka dalam kurung sesudah 'Pada hari ini'"


def _opening_then_figures(m: re.Match) -> DateHit | None:
    """The date in figures in brackets after a formula's opening ``m`` (``_FORMULA_OPENING``), kept only when the
    day's name the opening writes is that date's weekday: the figures are one reading of the date and the day's
    name a second, independent one (a misread day, month or year lands on the named weekday once in seven).
    Nothing but words may stand between the opening and the figures (a digit there is another figure, a list or a
    column, and says the bracket is not the formula's). Shown at ``DAMAGED_WORDS_CONFIDENCE``: the words that
    would have read it a third time are lost."""
    named = weekday_named(m.group(1))
    fig = BRACKETED_FIGURES.search(m.string, m.end(), m.end() + WORDS_FIGURES_REACH)
    between = m.string[m.end(): fig.start()] if fig is not None else ""
    if named is None or fig is None or re.search(r"[0-9()]", between):
        return None
    tokens = re.findall(r"[A-Za-z]+", between)
    if any(t.lower() in _NUMBER_VOCABULARY for t in tokens) and any(repair_month(t) for t in tokens if len(t) > 2):
        return None  # the words read enough to be judged (a number word and a month): the rules above decide
    iso = parse_parts(fig.group(1), fig.group(2), fig.group(3))
    if iso is None or date.fromisoformat(iso).weekday() != named:
        return None
    return DateHit(iso, m.start(), fig.end(), "words", DAMAGED_WORDS_CONFIDENCE,
                   f"tanggal ditulis dengan huruf; {OPENING_FIGURES}; {WEEKDAY_AGREES}")


_DAY_FIGURES = re.compile(r"^[^0-9OIlZ]*([0-9OIlZ]{1,2})(?![0-9])")


def day_figures(text: str, hit: DateHit) -> str | None:
    """The figures ``text`` writes the day of ``hit`` (a place-date or a date in figures and month word) with: the
    first token after the place's comma, or the date's first token ("19" in "Paringin, 19 Juni 2024"); None for a
    date of another kind."""
    if hit.kind not in ("place_date", "plain"):
        return None
    segment = text[hit.start: hit.end]
    m = _DAY_FIGURES.match(segment[segment.rfind(",") + 1:])
    return m.group(1) if m else None


def find_dates(text: str) -> list[DateHit]:
    """Every date in ``text``, in order of position; overlapping weaker readings are dropped."""
    hits: list[DateHit] = []
    for m in _WORDS_DATE.finditer(text):
        hit = _words_hit(m)
        if hit:
            hits.append(hit)
    for m in _WORDS_BRACKETED.finditer(text):
        month = repair_month(m.group(1))
        iso = parse_parts(m.group(2), m.group(3), m.group(4))
        if month and iso and month_words()[month[0]] == int(iso[5:7]):
            hits.append(DateHit(iso, m.start(), m.end(), "words", 0.85,
                                "tanggal ditulis dengan huruf (kata angka rusak oleh OCR), angka dalam kurung"))
    hits.extend(_words_then_figures(text))
    for m in _DAMAGED_WORDS_HEAD.finditer(text):  # only where no other reading of a date in words stands
        if not any(h.kind == "words" and h.start < m.end() and m.start() < h.end for h in hits):
            hit = _damaged_words_hit(m)
            if hit:
                hits.append(hit)
    for m in _FORMULA_OPENING.finditer(text):  # the words lost beyond repair: the figures after the opening
        hit = _opening_then_figures(m)
        if hit and not any(h.kind == "words" and h.start < hit.end and hit.start < h.end for h in hits):
            hits.append(hit)
    for hit in _month_year_then_figures(text):  # day's words and "bulan" lost: month and year read twice
        if not any(h.kind == "words" and h.start < hit.end and hit.start < h.end for h in hits):
            hits.append(hit)
    for m in _PLACE_DATE.finditer(text):
        place = m.group(1).lower().replace("-", " ").split()  # "Tanggal Senin": a Hari/Tanggal row, no place
        if any(w in ("nomor", "tanggal", "hari", "tahun", "bulan") or is_day_name(w) for w in place) \
                or _HARI_BEFORE.search(text, 0, m.start()):
            continue
        hit = _hit_from_parts(m, m.group(2), m.group(3), m.group(4), "place_date", 0.95,
                              f"tempat dan tanggal surat ({m.group(1)})")
        if hit:
            hits.append(hit)
    for m in _PLAIN_DATE.finditer(text):
        hit = _hit_from_parts(m, m.group(1), m.group(2), m.group(3), "plain", 0.6, "tanggal dalam teks")
        if hit:
            hits.append(_after_day_name(text, hit))
        elif (named := _short_month_by_day_name(text, m)) is not None:
            hits.append(named)
    for m in _NUMERIC_DATE.finditer(text):
        iso = parse_parts(m.group(1), m.group(2), m.group(3))
        if iso:
            hits.append(_after_day_name(text, DateHit(iso, m.start(), m.end(), "numeric", 0.6,
                                                      "tanggal angka (hh-bb-tttt)")))
    return _drop_overlaps(hits)


# The word just before a date in figures on its line ("Hari/Tanggal : Jumat, 12 April 2024", "pada hari Rabu,
# 17 September 2025"): the day's name, when it is one.
_WORD_BEFORE = re.compile(r"([A-Za-z']{4,8})[ \t]*,?[ \t]*\Z")


def _after_day_name(text: str, hit: DateHit) -> DateHit:
    """A date in figures written after its day's name, checked against it like a date in words
    (``_weekday_checked``): the same weekday is a second reading of the whole date (a misread day, month or year
    lands on it once in seven), another weekday makes the date unsure."""
    before = _WORD_BEFORE.search(text[max(0, hit.start - 24): hit.start])
    if before is None or weekday_named(before.group(1)) is None:
        return hit
    return _weekday_checked(hit, before.group(1)) or hit


# Said in a date's reason when its three-letter month word, one letter misread, is read by the day's name before it.
SHORT_MONTH_BY_DAY = "bulan tiga huruf salah baca satu huruf, dipastikan oleh nama hari"


def _short_month_by_day_name(text: str, m: re.Match) -> DateHit | None:
    """A date in figures whose month word of three letters no month word is ("Senin, 19 Mci 2025": "Mei" with one
    letter misread), written after its day's name: the month one letter from the word on which the date falls on
    that named weekday, when exactly one such month exists. A three-letter word is one letter from several month
    words ("Jux": Jun, Jul), and a misread day or year can still land on a month one letter away: the weekday is
    the second reading that picks the month (a wrong one lands on it once in seven, and two such months both on
    it give nothing). No day's name (a post's time stamp "11 Moi 2025"), no date."""
    word = m.group(2).lower().strip(".")
    before = _WORD_BEFORE.search(text[max(0, m.start() - 24): m.start()])
    named = weekday_named(before.group(1)) if before is not None else None
    if len(word) != 3 or named is None or repair_month(word) is not None:
        return None
    day, _ = repair_digits(m.group(1))
    year, _ = repair_digits(m.group(3))
    found = set()
    for month in month_words():
        if len(month) == 3 and Levenshtein.distance(word, month) == 1:
            iso = parse_parts(day, month, year)
            if iso is not None and date.fromisoformat(iso).weekday() == named:
                found.add(iso)
    if len(found) != 1:
        return None
    return DateHit(found.pop(), m.start(), m.end(), "plain", 0.5,
                   f"tanggal dalam teks; OCR repaired month; {SHORT_MONTH_BY_DAY}; {WEEKDAY_AGREES}")


def _drop_overlaps(hits: list[DateHit]) -> list[DateHit]:
    rank = {"words": 0, "place_date": 1, "plain": 2, "numeric": 3}
    kept: list[DateHit] = []
    for hit in sorted(hits, key=lambda h: (rank[h.kind], h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


# A month word one or two of whose letters OCR read as figures or strokes ("24 14EI 2024": the "M" of MEI read
# "14", a photocopy's broad capital; "0KTOBER", "5EPTEMBER", "1ULI"): each group of figures or strokes below is a
# shape one letter is read as. No month word has figures, so such a word is no month for ``repair_month``; it is
# read here only as a second reading confirmed by another (``metadata._month_told_by_nomor``).
_GLYPH_LETTERS = {"14": "m", "1v1": "m", "|v|": "m", "0": "od", "1": "ijl", "|": "ijl",
                  "!": "il", "4": "a", "5": "s", "8": "b", "6": "g", "2": "z", "7": "t"}
# the month word slot of a place-date, when it holds a figure or stroke among at least two letters
MONTH_WITH_FIGURES = re.compile(
    rf"\b([A-Z][A-Za-z]{{2,}}(?:[ \-][A-Z][A-Za-z]+)?)\s*,\s*({_NUM_DAY})\s+"
    r"((?=[A-Za-z0-9|!]*[0-9|!])(?=(?:[0-9|!]*[A-Za-z]){2})[A-Za-z0-9|!]{3,11})\s+([0-9]{4})\b")


def month_by_glyphs(token: str) -> int | None:
    """The one month whose word ``token`` is once each group of figures or strokes in it is read as the letter it
    looks like (``_GLYPH_LETTERS``: "14EI" is "MEI"); None when no month or two months are spelled so, or when the
    token has no figure or stroke at all (a word of letters only is ``repair_month``'s)."""
    low = token.lower()
    if not re.search(r"[0-9|!]", low):
        return None
    spelled: set[str] = set()

    def walk(at: int, built: str) -> None:
        if at == len(low):
            spelled.add(built)
            return
        if low[at].isalpha():
            walk(at + 1, built + low[at])
        for glyphs, letters in _GLYPH_LETTERS.items():
            if low.startswith(glyphs, at):
                for letter in letters:
                    walk(at + len(glyphs), built + letter)

    walk(0, "")
    months = month_words()
    found = {months[w] for w in spelled if w in months}
    return found.pop() if len(found) == 1 else None
