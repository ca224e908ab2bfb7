"""A letter's date whose year the rest of the page contradicts (issue 17).

A degraded capture can hand extraction a date from the wrong line, read a decade off: a messenger photo's body
line "kegiatan direncanakan pada hari Jumat, 22 September 2023" read "p262 hui Jarnun, 22 September 2014" looks
like a place-date ("Jarnun, 22 September 2014") once "hari" and the day's name are lost, while the signature's
own date was read as garble. The letter's own number carries the letter's year ("…/IX/2023"), and the page names
that year again elsewhere (a cited letter's date, another date of the same business). When the date's year is
written nowhere else on the page and the number's year is written at least twice, the date is not the letter's:
it is emptied (unsure, its value kept in the reason) and named for review, never shown; a place-date after it on
the page in the number's year (the signature's, read whole or read again by ``fieldread``) is taken instead.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.dates import DateHit
from ingest.model import Field

# Said in a date's reason (and the review note) when the page's other years contradict its year.
YEAR_CONTRADICTED = "tahun tanggal tidak ada di bagian lain surat; tahun nomor surat tertulis lagi di surat"
YEAR_CONTRADICTED_CONFIDENCE = 0.5
# A place-date after the contradicted one whose year is the number's: the letter's own, the line before it an event's
# day read as a place-date. Shown (the document is named for review all the same), under a place-date found first.
NEXT_PLACE_DATE = "tanggal sebelumnya dilewati: tahunnya tidak sesuai nomor dan surat"
NEXT_PLACE_DATE_CONFIDENCE = 0.7
# a year written in figures, standing alone (not part of a longer run of figures: an NIP, a phone number)
_YEAR = re.compile(r"(?<![\d])((?:19|20)\d\d)(?![\d])")
# the number's own year ends its value ("…/IX/2023", "…/2023 Kepada Yth." when the row runs on)
_NUMBER_YEAR = re.compile(r"/\s*((?:19|20)\d\d)(?!\d)")


def year_contradicted(tanggal: Field, text: str, dates: Sequence[DateHit], number_row: str,
                      review: list[str]) -> Field:
    """``tanggal`` emptied and named for review when its year is contradicted by the page (module docstring):
    the own number's row (``number_row``, as the page read it, even where the number itself was left empty)
    ends on another year, that year is written at least twice on the page, and the date's year is written
    nowhere on the page but in the date itself. Only a date in figures: a date in words spells its year a second
    time (two numbers misread alike, "…/VI/2023" twice in an agreement whose words and figures say 2025, do not
    outvote it). A place-date after it in the number's year is taken instead
    (``NEXT_PLACE_DATE``), the document still named for review. A date the page's readings do not give as found
    (completed or repaired from elsewhere) is left as it is."""
    if not tanggal.present:
        return tanggal
    value = str(tanggal.value)
    own = [d for d in dates if d.iso == value]
    if any(d.kind == "words" for d in own):
        return tanggal  # a date in words: its year read twice, by the words and by the figures beside them
    numbered = _NUMBER_YEAR.findall(number_row)
    if not own or not numbered:
        return tanggal
    year, number_year = value[:4], numbered[-1]
    if number_year == year:
        return tanggal
    spans = [(d.start, d.end) for d in own]
    elsewhere = [m.group(1) for m in _YEAR.finditer(text)
                 if not any(start <= m.start() < end for start, end in spans)]
    if year in elsewhere or elsewhere.count(number_year) < 2:
        return tanggal
    review.append(f"tanggal: {YEAR_CONTRADICTED} ({value}; nomor …/{number_year}) — periksa")
    other = next((d for d in dates if d.kind == "place_date" and d.iso[:4] == number_year and d.start >= own[0].end),
                 None)
    if other is not None:  # the letter's own place-date after the line taken for it, in the number's year
        return Field(other.iso, min(other.confidence, NEXT_PLACE_DATE_CONFIDENCE),
                     f"{other.reason}; {NEXT_PLACE_DATE} ({value}, {number_year})")
    return Field(None, min(tanggal.confidence, YEAR_CONTRADICTED_CONFIDENCE),
                 f"dikosongkan karena tidak pasti ({value!r}): {tanggal.reason}; {YEAR_CONTRADICTED} "
                 f"({number_year})")
