"""Numbers the readings of their row leave wrong or unsure, settled by what else the page prints.

A number's unit-code letter the readings split on, settled by the letterhead (``kop_spelled_rival``): a fax or a photocopy smears a code's capital so that the readings of one row give it two ways ("Dispersip-Rlg"
three times, "Dispersip-Blg" twice). The page reading and the votes take the majority, and where the majority's
letter is the misread one, the archive gets a wrong number. The issuing office prints its own name in the kop and
abbreviates it in its numbers (``nomor.spelled_by_letterhead``), so the kop is a second, independent reading of
the code: of two pieces the readings give, the one the kop spells is the print, when the kop spells no other.

A number's year earlier than a letter the page cites (``year_by_cited_date``): a fax's "4" read "1" in the
number's year ("…/III/2021" for "…/III/2024"), while the letter's date row gives the year right; the date and the
cited letter are two other readings of the year.

A code letter a photocopy lost to a gap (``thin_letter_restored``): the thin 'l' of "Dispersip-Blg" gone, read
"Dispersip-B g" or "Dispersip-B. g" by every reading alike; the kop spells the piece with one thin letter there.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .dates import month_words
from .model import Field
from .nomor import ROMAN_MONTHS, cites_later, nomor_year, spelled_by_letterhead

KOP_READINGS = 2  # readings of the row, at least, that give the piece the letterhead spells
_PIECE = re.compile(r"[A-Za-z]{2,6}")  # a unit-code piece between separators


def _pieces(value: str) -> list[str]:
    """``value``'s '/' segments split at the separators inside them ("Dispersip-Blg" → "Dispersip", "-", "Blg")."""
    return [p for segment in value.split("/") for p in [*re.split(r"([.\-])", segment), "/"]]


def kop_spelled_rival(value: str, read: Sequence[str], header: Sequence[Sequence[str]]) -> str | None:
    """The number another reading of the row gives for ``value`` (the number settled from the readings ``read``,
    every reading's number), differing from it in one letter piece of a unit code only, the letterhead's words
    ``header`` spelling that piece and not ``value``'s, at least ``KOP_READINGS`` readings giving it and the kop
    spelling no third piece read there; None otherwise (the kop spells ``value``'s piece, or both, or neither).
    The letter is inferred from the kop against the majority: the caller shows it to a clerk."""
    if not header:
        return None
    mine = _pieces(value)
    rivals: Counter[tuple[int, str]] = Counter()
    numbers: dict[tuple[int, str], str] = {}
    for other in read:
        theirs = _pieces(other)
        if other == value or len(theirs) != len(mine):
            continue
        apart = [k for k in range(len(mine)) if mine[k] != theirs[k]]
        if len(apart) == 1 and _PIECE.fullmatch(mine[apart[0]]) and _PIECE.fullmatch(theirs[apart[0]]) \
                and len(mine[apart[0]]) == len(theirs[apart[0]]):
            rivals[(apart[0], theirs[apart[0]])] += 1
            numbers[(apart[0], theirs[apart[0]])] = other
    places = {k for k, _ in rivals}
    if len(places) != 1:
        return None
    place = places.pop()
    if spelled_by_letterhead(mine[place], header):
        return None
    spelled = [key for key in rivals if spelled_by_letterhead(key[1], header)]
    if len(spelled) != 1 or rivals[spelled[0]] < KOP_READINGS:
        return None
    return numbers[spelled[0]]


CITED_DATE_CONFIDENCE = 0.35  # a year chosen, not read: under the archive's "keyakinan rendah" line
YEAR_BY_CITED_DATE = "tahun nomor lebih awal dari surat yang dirujuk, diganti tahun tanggal surat"


def year_by_cited_date(emptied: str, letter_iso: str | None, cited: Sequence[str]) -> Field | None:
    """The number ``emptied`` (the extraction's, emptied because its year is earlier than a number in ``cited``,
    the letters the page cites: ``nomor.cites_later``) with the year of the letter's date ``letter_iso`` instead,
    when that year differs from the number's in one figure only (one figure misread), is no earlier than every
    cited letter's year, and the number's Roman month before its year is the date's month (a number without a
    month is not completed). None otherwise. Three readings stand against one: the date row, the cited letter
    and the month; the year is chosen, not read: ``CITED_DATE_CONFIDENCE``, for a clerk to look at."""
    if not letter_iso:
        return None
    parts = emptied.split("/")
    own, year = nomor_year(emptied), letter_iso[:4]
    if own is None or len(parts) < 3 or parts[-1] != str(own) or parts[-2] != ROMAN_MONTHS[int(letter_iso[5:7]) - 1]:
        return None
    if sum(a != b for a, b in zip(str(own), year)) != 1 or cites_later(f"/{year}", list(cited)) is not None \
            or cites_later(f"/{own}", list(cited)) is None:
        return None
    value = "/".join([*parts[:-1], year])
    return Field(value, CITED_DATE_CONFIDENCE, f"{YEAR_BY_CITED_DATE} ({own} → {year})")


# a unit-code piece whose middle letter a photocopy lost, leaving a space or a dot ("-B g/", "-B. g/", "-B g$")
_THIN_LOST = re.compile(r"(?<=[-.])([A-Z])(?:\.\s?|\s)([a-z]{1,3})(?=/|$)")
THIN_LETTERS = "li"  # the letters a lost stroke was: a lone upright, with or without its dot


def thin_letter_restored(reading: str, header: Sequence[Sequence[str]]) -> str:
    """``reading`` (a number row's reading) with each code piece cut by a gap (``_THIN_LOST``) joined with the one
    thin letter (``THIN_LETTERS``) that makes a piece the letterhead spells; pieces no letter or both make
    spelled are left as read."""
    def join(match: re.Match[str]) -> str:
        spelled = [w for t in THIN_LETTERS if spelled_by_letterhead(w := match.group(1) + t + match.group(2), header)]
        return spelled[0] if len(spelled) == 1 else match.group(0)

    return _THIN_LOST.sub(join, reading) if header else reading


# A number row cut short (``cut_short_by_readings``): a phone photo's row whose page reading stops after a unit code
# ("000.4.7.1/149/Bid", the rest under the next column's words), while re-readings of the same row go on past that
# point ("…/149/Bid.LPP/DISPERSIP…"). Numbers without a year exist ("263/H", "440/7181/KD.D" on real letters), so
# the number's own shape cannot say it is unfinished; the other readings of its row can.
CUT_SHORT = "bacaan lain baris nomor berlanjut sesudah nilai ini: nomor terpotong"
CUT_READINGS = 2  # readings of the row, at least, that go on past the value (and more than read it as it is)
_GOES_ON = re.compile(r"[./\-][A-Za-z0-9]{2,}")  # a separator and at least two characters more


def cut_short_by_readings(value: str, read: Sequence[str]) -> list[str]:
    """The readings in ``read`` (every reading's number of the row ``value`` was read from) that give ``value``
    and then go on past its end with a separator and more characters (``_GOES_ON``), when ``value`` has no year
    (a number read up to its year is finished in every shape seen), at least ``CUT_READINGS`` of them do and more
    than give ``value`` as it is; empty otherwise. ``value`` is then a prefix of the number, not the number."""
    if nomor_year(value) is not None:
        return []
    longer = [r for r in read if r.startswith(value) and _GOES_ON.match(r[len(value):])]
    same = sum(r == value for r in read)
    return longer if len(longer) >= CUT_READINGS and len(longer) > same else []


# A speck read as a dot inside a code word (``kop_joined_rival``): a fax's dirt between two capitals of an acronym
# ("KOM-PL.MP" for "KOM-PLMP"), read by most readings, while the page reading or another reading reads the
# capitals joined, and the kop prints the words whose initials the joined capitals are ("PEGIAT LITERASI MUARA
# PONEPE"). A dot a clerk typed between two parts of one acronym would leave a gap some reading keeps.
_DOTTED_CAPITALS = re.compile(r"(?<![A-Za-z])([A-Z]{1,5})\.([A-Z]{1,5})(?![A-Za-z])")


def _initials(piece: str, header: Sequence[Sequence[str]]) -> bool:
    """Whether ``piece`` (capitals) is the initials of consecutive capitalised words of one letterhead line."""
    return any(piece in "".join(w[0] for w in line if w[0].isupper()) for line in header)


def kop_joined_rival(value: str, read: Sequence[str], header: Sequence[Sequence[str]]) -> str | None:
    """``value`` with one dot between two runs of capitals removed (``_DOTTED_CAPITALS``), when at least
    ``KOP_READINGS`` of ``read`` (every reading's number of the row) give that '/' segment so joined (the number's
    other segments as they read them: a reading may differ elsewhere, a month's strokes), the joined capitals
    are initials of consecutive kop words (``_initials``) of at least four letters, and the dot is the only dot
    between capitals in ``value``; None otherwise (no kop, the joined piece not spelled, too few readings)."""
    if not header:
        return None
    dots = list(_DOTTED_CAPITALS.finditer(value))
    if len(dots) != 1:
        return None
    dot = dots[0]
    joined = dot.group(1) + dot.group(2)
    if len(joined) < 4 or not _initials(joined, header):
        return None
    rival = value[:dot.start()] + joined + value[dot.end():]
    place = value[:dot.start()].count("/")
    segment = rival.split("/")[place]
    joined_by = sum(len(r.split("/")) == len(rival.split("/")) and r.split("/")[place] == segment for r in read)
    return rival if joined_by >= KOP_READINGS else None


# The month and year of a place-date line whose day was not read ("Tebing Tinggi, 124 MARET 2025": the date is left
# empty, its month word and year read plainly), for a number's Roman month to be checked against
# (``date_line_month``). A letter is numbered when it is signed, so its number's month is its date's.
_PLACE_MONTH_YEAR = re.compile(r"(?:^|\s)[A-Z][A-Za-z]{2,}(?:[ \-][A-Z][A-Za-z]{2,})?\s?[,.]\s*\S{1,4}\s+"
                               r"([A-Za-z]{3,10})\s+((?:19|20)\d\d)\b")
DATE_LINE_MONTH = "bulan Romawi nomor berbeda dengan bulan pada baris tempat dan tanggal surat"


def date_line_month(text: str) -> tuple[int, int] | None:
    """(month, year) of the place-date lines of ``text`` (a place, a comma, a day as read, a month word spelled
    as the calendar spells it, a year), when every such line gives the same; None when none does or they differ."""
    found = set()
    for match in _PLACE_MONTH_YEAR.finditer(text):
        month = month_words().get(match.group(1).lower())
        if month is not None:
            found.add((month, int(match.group(2))))
    return found.pop() if len(found) == 1 else None


def month_against_date_line(value: str, text: str) -> str | None:
    """The month the place-date line of ``text`` gives (``date_line_month``) when ``value``'s Roman month before its
    year is another one and its year is the line's; None otherwise (no such line, another year, the same month)."""
    parts = value.split("/")
    line = date_line_month(text)
    if line is None or len(parts) < 3 or parts[-2] not in ROMAN_MONTHS or nomor_year(value) != line[1]:
        return None
    return ROMAN_MONTHS[line[0] - 1] if ROMAN_MONTHS.index(parts[-2]) + 1 != line[0] else None
