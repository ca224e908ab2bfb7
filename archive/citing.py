"""A letter's number filled from where the archive sees it printed again (issue 17).

A reply prints the number of the letter it answers ("Memperhatikan surat Saudara Nomor 35/PP-NI/SP/2023
tanggal 10 April 2023"): the archive stores it as the reply's ``rujukan``.  When a letter's own number was
read too unsure to keep (extraction emptied it and kept what it read in its reason, ``dikosongkan karena tidak
pasti ('38/PP-NVSP/2023')``), and exactly one number cited elsewhere in the archive

- is cited with a date that is the letter's own date (the date says which letter is meant),
- carries the letter's year, and its Roman month where it has one,
- is close to what the page read, character by character, OCR's usual confusions counting half
  (``reading_cost``, within ``budget``), with as many '/' segments give or take one,
- and is not already the number of another archived document,

the letter gets that number, with a confidence under the review line (the document stays flagged: the number
was not read on its own page) and the citing document named in the reason.  Two such numbers: nothing (and a
fill that a later citation contests goes back to what the page read).  A number the page's re-readings kept
although each doubted its digits (``DIGITS_DOUBTED``) is taken as a reading too, but only a cited number that
differs from it in digits alone may replace it.  A number a user set or cleared is never touched (only a field
OCR set is), and a user's correction later overrides the fill like any OCR value.

Upload order does not matter: ``complete`` runs for every new document, both for the document itself (a
letter arriving after the reply that cites it) and for the archived letters its own citations may complete
(a reply arriving after the letter).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable

from archive.db import Document, FieldHistoryRow, FieldRow, PageRow, Session, now_iso, select, write_audit
from archive.review import parse_user_date
from ingest.calibration import emptied_value
from ingest.model import Field
from ingest.nomor import DIGITS_DOUBTED, ROMAN_MONTHS, nomor_year, normalise_nomor, same_nomor

# Under the review line for a filled nomor (``archive/data/review.toml`` field_below, 0.5): the number was read
# elsewhere, not on the letter's own page, so a clerk confirms it.
CONFIDENCE = 0.45
REASON = ("nomor dari rujukan dokumen %(doc)s (%(file)s): dirujuk '%(cited)s' tanggal %(date)s; "
          "halaman ini terbaca %(read)r")
ACTION = "document.nomor_cited"
# The number a citing sentence names and the date it gives the letter ("Nomor 35/PP-NI/SP/2023 tanggal 10 April
# 2023"); the number's characters as ``ingest.metadata`` reads a rujukan.
_CITED = re.compile(r"\b(?:nomor|nornor|no\.)\s*[:.]?\s*([0-9A-Za-z][^\s,;]*(?:\s*/\s*[^\s,;]+)*)\s*,?\s*"
                    r"(?:ter)?tanggal\s*:?\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})", re.IGNORECASE)
# Characters OCR reads for one another on a degraded number row; a substitution within a group costs half.
_CONFUSED = ("0ODQU", "1IL|!/J", "5S", "8BS", "6G", "9G", "2Z", "7T", "UV", "VY", "MN", "HN", "CG", "EF")
_SEPARATORS = "/.-"


def _confusable(a: str, b: str) -> bool:
    return any(a in g and b in g for g in _CONFUSED) or (a in _SEPARATORS and b in _SEPARATORS)


def _folded(nomor: str) -> str:
    return "".join(nomor.upper().split()).replace(",", ".").replace("\\", "/")


def reading_cost(read: str, cited: str) -> float:
    """How far what a page read of its number is from a cited number: an edit distance in which a character
    read for a confusable one (``_CONFUSED``) and a separator added, lost or read for another cost 0.5, any other
    change 1."""
    a, b = _folded(read), _folded(cited)
    prev = [0.0] * (len(b) + 1)
    for j in range(1, len(b) + 1):
        prev[j] = prev[j - 1] + (0.5 if b[j - 1] in _SEPARATORS else 1.0)
    for i in range(1, len(a) + 1):
        gap_a = 0.5 if a[i - 1] in _SEPARATORS else 1.0
        cur = [prev[0] + gap_a]
        for j in range(1, len(b) + 1):
            gap_b = 0.5 if b[j - 1] in _SEPARATORS else 1.0
            if a[i - 1] == b[j - 1]:
                sub = 0.0
            elif _confusable(a[i - 1], b[j - 1]):
                sub = 0.5
            else:
                sub = 1.0
            cur.append(min(prev[j - 1] + sub, prev[j] + gap_a, cur[j - 1] + gap_b))
        prev = cur
    return prev[-1]


def budget(cited: str) -> float:
    """The largest ``reading_cost`` a reading may have from a cited number: a quarter of its characters, at most
    three.  The cited date equal to the letter's own is what tells the letter; this only keeps a reading of
    another shape (another code, another sequence length) from taking a cited number."""
    return min(3.0, 0.25 * len(_folded(cited)))


def compatible(read: str, cited: str, letter_iso: str) -> bool:
    """Whether ``cited`` can be the number a page read as ``read`` on a letter dated ``letter_iso``: the same
    year, the letter's Roman month where the number has one, as many '/' segments give or take one, and within
    ``budget``."""
    parts = _folded(cited).split("/")
    year = nomor_year(cited)
    when = date.fromisoformat(letter_iso)
    if year != when.year:
        return False
    months = [p for p in parts[1:-1] if p in ROMAN_MONTHS]
    if months and months[-1] != ROMAN_MONTHS[when.month - 1]:
        return False
    if abs(len(_folded(read).split("/")) - len(parts)) > 1:
        return False
    return reading_cost(read, cited) <= budget(cited)


@dataclass(frozen=True)
class Citation:
    nomor: str
    date: str  # ISO
    doc_id: str
    filename: str


def cited_dates(text: str) -> list[tuple[str, str]]:
    """(number, ISO date) of each letter ``text`` cites with its date ("... Nomor X tanggal 10 April 2023")."""
    body = " ".join(text.split())
    out: list[tuple[str, str]] = []
    for m in _CITED.finditer(body):
        nomor, _ = normalise_nomor(m.group(1))
        iso = parse_user_date(m.group(2))
        if nomor and iso:
            out.append((nomor, iso))
    return out


def _citations(session: Session, exclude: str, fits: Callable[[str], bool]) -> list[Citation]:
    """The dated citations of the archive's documents but ``exclude``'s (a document does not complete itself)
    of the numbers ``fits`` takes (only those documents' pages are read for the dates)."""
    out: list[Citation] = []
    rows = session.execute(select(Document.id, Document.filename, Document.rujukan)
                           .where(Document.rujukan != "[]", Document.id != exclude)).all()
    for doc_id, filename, rujukan in rows:
        cited = [c for c in json.loads(rujukan or "[]") if fits(c)]
        if not cited:
            continue
        text = "\n".join(session.scalars(select(PageRow.text).where(PageRow.document_id == doc_id)
                                         .order_by(PageRow.number)))
        for nomor, iso in cited_dates(text):
            for value in cited:
                if same_nomor(value, nomor):
                    out.append(Citation(value, iso, doc_id, filename))
    return out


_FILLED_PREFIX = "nomor dari rujukan dokumen "
_FILLED_READ = re.compile(r"halaman ini terbaca (['\"])(.*)\1$")
EMPTIED = "dikosongkan karena tidak pasti (%(read)r): %(why)s"
AMBIGUOUS = "lebih dari satu nomor yang dirujuk dokumen lain cocok dengan bacaan ini"


def _reading(row: FieldRow) -> str | None:
    """What the page read of a number extraction emptied, kept with every re-reading doubting its digits
    (``DIGITS_DOUBTED``), or that a citation filled (``REASON``); None for a number read and kept, or set by a
    person."""
    if row.set_by != "ocr":
        return None
    if row.value is None:
        return emptied_value(Field(None, row.confidence, row.reason or ""))
    if (row.reason or "").startswith(_FILLED_PREFIX) and (m := _FILLED_READ.search(row.reason)):
        return m.group(2)
    if DIGITS_DOUBTED in (row.reason or ""):
        return row.value
    return None


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d\d-\d\d", text))


def _digits_only(read: str, cited: str) -> bool:
    """Whether ``cited`` differs from ``read`` in its digits alone (the same letters, marks and lengths)."""
    return re.sub(r"\d", "#", _folded(read)) == re.sub(r"\d", "#", _folded(cited))


def _as_read(session: Session, doc_id: str, read: str) -> tuple[str | None, float, str]:
    """The number as the page's reading left it (value, confidence, reason), for a fill that no longer holds:
    what ingest stored when it kept a value (its first history row), else the reading emptied."""
    first = session.scalars(select(FieldHistoryRow).where(FieldHistoryRow.document_id == doc_id,
                                                          FieldHistoryRow.name == "nomor")
                            .order_by(FieldHistoryRow.id).limit(1)).first()
    if first is not None and first.set_by == "ocr" and first.new_value == read and first.old_value is None \
            and not (first.reason or "").startswith(_FILLED_PREFIX):
        return read, first.confidence, first.reason
    return None, 0.3, EMPTIED % {"read": read, "why": AMBIGUOUS}


def _settle(session: Session, doc_id: str) -> bool:
    """Fill ``doc_id``'s emptied number from the one dated citation that fits it (module docstring), or empty a
    number a citation filled once another citation fits as well.  Returns whether the number changed."""
    fields = {r.name: r for r in session.scalars(select(FieldRow).where(FieldRow.document_id == doc_id))}
    nomor, tanggal = fields.get("nomor"), fields.get("tanggal")
    if nomor is None or tanggal is None or not tanggal.value:
        return False
    read, letter_iso = _reading(nomor), tanggal.value
    if not read or not _is_date(letter_iso):
        return False
    if session.scalar(select(FieldHistoryRow.id).where(FieldHistoryRow.document_id == doc_id,
                                                       FieldHistoryRow.name == "nomor",
                                                       FieldHistoryRow.set_by != "ocr").limit(1)) is not None:
        return False  # a person has set this number (or cleared it): theirs stands
    doc = session.get(Document, doc_id)
    own = json.loads(doc.rujukan or "[]") if doc is not None else []
    as_read = _as_read(session, doc_id, read)
    doubted = as_read[0] is not None  # a value the page kept though its re-readings doubted its digits
    fits = [c for c in _citations(session, doc_id, lambda n: compatible(read, n, letter_iso)
                                  and not any(same_nomor(n, r) for r in own)
                                  and (not doubted or _digits_only(read, n)))
            if c.date == letter_iso]
    numbers: list[str] = []
    for c in fits:
        if not any(same_nomor(c.nomor, n) for n in numbers):
            numbers.append(c.nomor)
    value: str | None = numbers[0] if len(numbers) == 1 else None
    if value is not None:
        taken = session.scalars(select(FieldRow.value).where(FieldRow.name == "nomor", FieldRow.value.is_not(None),
                                                             FieldRow.document_id != doc_id))
        if any(same_nomor(value, t) for t in taken):
            value = None  # the number of a letter the archive holds already
    if value is None:
        if not (nomor.reason or "").startswith(_FILLED_PREFIX):
            return False  # as the page read it
        value, confidence, reason = as_read  # a fill another citation now contests: back to the reading
        source_id = None
    elif same_nomor(value, nomor.value):
        return False
    else:
        source = next(c for c in fits if same_nomor(c.nomor, value))
        confidence, source_id = CONFIDENCE, source.doc_id
        reason = REASON % {"doc": source.doc_id, "file": source.filename, "cited": value, "date": source.date,
                           "read": read}
    old, now = nomor.value, now_iso()
    nomor.value, nomor.confidence, nomor.set_at, nomor.reason = value, confidence, now, reason
    session.add(FieldHistoryRow(document_id=doc_id, name="nomor", old_value=old, new_value=value,
                                confidence=confidence, set_by="ocr", set_at=now, reason=reason))
    write_audit(session, ACTION, doc_id=doc_id,
                detail={"nomor": {"old": old, "new": value}, "from": source_id, "read": read})
    if doc is not None:
        doc.indexed = False
    return True


def complete(session: Session, doc_id: str) -> list[str]:
    """Numbers the archive can fill (or must empty again) now that ``doc_id`` is archived: its own (from what
    the archive cites) and those of archived letters its citations name.  Returns the ids changed."""
    filled = [doc_id] if _settle(session, doc_id) else []
    doc = session.get(Document, doc_id)
    cited = json.loads(doc.rujukan or "[]") if doc is not None else []
    if not cited:
        return filled
    mine = (FieldRow.name == "nomor", FieldRow.set_by == "ocr", FieldRow.document_id != doc_id)
    rows = [*session.scalars(select(FieldRow).where(*mine, FieldRow.value.is_(None))),
            *session.scalars(select(FieldRow).where(*mine, FieldRow.reason.startswith(_FILLED_PREFIX))),
            *session.scalars(select(FieldRow).where(*mine, FieldRow.value.is_not(None),
                                                    FieldRow.reason.contains(DIGITS_DOUBTED)))]
    candidates = [(row.document_id, read) for row in rows if (read := _reading(row))]
    for other, read in candidates:
        if any(reading_cost(read, c) <= budget(c) for c in cited) and _settle(session, other):
            filled.append(other)
    return filled


__all__ = ["CONFIDENCE", "ACTION", "reading_cost", "budget", "compatible", "cited_dates", "complete"]
