"""A nomor's code letters checked against the codes the archive's other numbers hold (issue 17).

An office writes the same unit codes into its numbers again and again ("Dispersip-Blg", "Kec-TT", "Sek",
"Bid.LPP"): the archive's numbers are a second reading of those letters.  A mixed-case piece of a code (letters
between '/', '-' and '.', some lower case: an abbreviated word such as "Blg", "Kec", "Sek", "Dispersip") that

- no other archived number holds (in any case, at any confidence),
- differs by ONE letter OCR reads for another (``_CONFUSED``: c/e/o/a, B/R/P, g/q/y, ...) from exactly one piece
  that at least ``EVIDENCE`` other documents hold in numbers read with confidence (or set by a person),

is taken for a misreading of that piece: the number gets the held piece at a confidence under the review line
(``CONFIDENCE``: the document stays flagged; the letter was not read on its own page), with the pieces and the
number of holders in the reason, a ``field_history`` row and a ``document.nomor_code`` audit entry.  All-capital
pieces are initials of a partner's name ("PD-EP", "KOM-BBG"), where a new partner's code may differ from an
older one by one letter: they are never changed, and neither is a Roman month or a number's digits.  A code held by
one other document only is no evidence; two held pieces the reading is as close to: nothing.

Upload order does not matter: ``complete`` runs for every new document and checks its own number and every
archived number the new one may settle (a piece it holds, a fill it makes wrong); a fill whose read piece
a later document holds, or whose evidence no longer stands alone, goes back to the page's reading.  A number a
person set or cleared is never touched, and a person's later correction replaces a fill like any OCR value.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from archive.db import Document, FieldHistoryRow, FieldRow, Session, now_iso, select, write_audit

# Under the review line for a nomor (``archive/data/review.toml`` field_below, 0.5), as ``citing``'s fill: the
# letter was taken from the archive's other numbers, so a clerk confirms it.
CONFIDENCE = 0.45
# How many other documents must hold the piece, each in a number read with at least ``HELD_CONFIDENCE`` (or set by a
# person): one document's code is no evidence of an office's usage.
EVIDENCE = 2
HELD_CONFIDENCE = 0.9
ACTION = "document.nomor_code"
PREFIX = "kode nomor menurut nomor lain di arsip: "
REASON = (PREFIX + "'%(read_piece)s' tidak ada pada nomor lain, '%(held)s' ada pada %(count)d dokumen "
          "(huruf yang sering tertukar saat OCR); halaman ini terbaca %(read)r")
_READ = re.compile(r"halaman ini terbaca (['\"])(.*)\1$")
# Letters OCR reads for one another in a small, blurred or faxed code: the round lower-case letters, a capital
# whose bowl or leg is lost, the descenders, the thin strokes, the arches.
_CONFUSED = ("ceoa", "BRP", "EF", "CGO", "ODQ", "gqy", "ilIjt", "nuh", "hb", "vy", "mn", "ft")
_PIECE = re.compile(r"[A-Za-z]+")
_MONTH = re.compile(r"[IVX]+")


def _confusable(a: str, b: str) -> bool:
    return any(a in g and b in g for g in _CONFUSED)


def one_letter_apart(read: str, held: str) -> bool:
    """Whether ``held`` is ``read`` with one letter read for a confusable one (``_CONFUSED``), or "rn" for "m"."""
    if len(read) == len(held):
        diff = [(a, b) for a, b in zip(read, held) if a != b]
        return len(diff) == 1 and _confusable(*diff[0])
    for short, long_ in ((read, held), (held, read)):
        if len(long_) == len(short) + 1:
            for i in range(len(short)):
                if short[i] == "m" and long_[i:i + 2] == "rn" and short[:i] + "rn" + short[i + 1:] == long_:
                    return True
    return False


def pieces(nomor: str) -> list[tuple[int, str]]:
    """(segment index, piece) of each letter piece of a number's code segments: the segments after the first
    (the classification code or sequence number), the Roman month left out, split at '-' and '.'."""
    out: list[tuple[int, str]] = []
    for k, segment in enumerate(nomor.split("/")):
        if k == 0 or _MONTH.fullmatch(segment):
            continue
        out += [(k, p) for p in re.split(r"[-.]", segment) if _PIECE.fullmatch(p)]
    return out


def _checked(piece: str) -> bool:
    """A piece this rule may change: an abbreviated word, letters with some lower case ("Blg", "Kec", "Sek")."""
    return len(piece) >= 2 and piece[0].isupper() and any(c.islower() for c in piece)


class _Holders:
    """Who holds which piece in the archive's numbers: every number (any confidence) for "held elsewhere", and
    the numbers read with confidence or set by a person, as evidence of a piece's exact spelling."""

    def __init__(self, rows: Iterable[FieldRow]) -> None:
        self.any: dict[str, set[str]] = defaultdict(set)
        self.sure: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            if not row.value:
                continue
            filled = row.set_by == "ocr" and (row.reason or "").startswith(PREFIX)
            sure = row.set_by != "ocr" or (row.confidence >= HELD_CONFIDENCE and not filled)
            read = _READ.search(row.reason or "") if filled else None
            for _, piece in pieces(row.value) + (pieces(read.group(2)) if read else []):
                self.any[piece.upper()].add(row.document_id)  # a fill's reading too: two pages read it alike
            for _, piece in pieces(row.value):
                if sure:
                    self.sure[piece].add(row.document_id)

    def held_elsewhere(self, piece: str, doc_id: str) -> bool:
        return bool(self.any.get(piece.upper(), set()) - {doc_id})

    def candidates(self, piece: str, doc_id: str) -> list[tuple[str, int]]:
        """The held pieces one confusable letter from ``piece``, with how many other documents hold each."""
        out = []
        for held, docs in self.sure.items():
            count = len(docs - {doc_id})
            if count and one_letter_apart(piece, held):
                out.append((held, count))
        return out


def proposal(read: str, doc_id: str, holders: _Holders) -> tuple[str, list[tuple[str, str, int]]] | None:
    """``read`` with each checked piece no other number holds replaced by the one held piece it is a confusable
    letter from (held by ``EVIDENCE`` documents or more), and the changes (read piece, held piece, holders);
    None when no piece is to change, or when any unheld piece has no single such candidate."""
    parts = read.split("/")
    changes: list[tuple[str, str, int]] = []
    for k, piece in pieces(read):
        if not _checked(piece) or holders.held_elsewhere(piece, doc_id):
            continue
        near = holders.candidates(piece, doc_id)
        if len(near) != 1 or near[0][1] < EVIDENCE:
            continue  # no evidence, or two pieces as near: left as read
        held, count = near[0]
        parts[k] = "".join(held if p == piece else p for p in re.split(r"([-.])", parts[k]))
        changes.append((piece, held, count))
    return ("/".join(parts), changes) if changes else None


def _as_read(session: Session, doc_id: str, read: str) -> tuple[float, str]:
    """The confidence and reason ingest gave the number it read (its first history row), for a fill that no
    longer holds."""
    first = session.scalars(select(FieldHistoryRow).where(FieldHistoryRow.document_id == doc_id,
                                                          FieldHistoryRow.name == "nomor",
                                                          FieldHistoryRow.new_value == read)
                            .order_by(FieldHistoryRow.id).limit(1)).first()
    if first is not None and first.set_by == "ocr":
        return first.confidence, first.reason
    return 0.3, "dibaca dari halaman; kode tidak dipastikan dari nomor lain di arsip"


def _settle(session: Session, row: FieldRow, holders: _Holders) -> bool:
    """Change ``row``'s number by ``proposal`` or put a fill that no longer stands back to the page's reading."""
    if row.set_by != "ocr" or not row.value:
        return False
    filled = (row.reason or "").startswith(PREFIX)
    match = _READ.search(row.reason or "") if filled else None
    read = match.group(2) if match else row.value
    if session.scalar(select(FieldHistoryRow.id).where(FieldHistoryRow.document_id == row.document_id,
                                                       FieldHistoryRow.name == "nomor",
                                                       FieldHistoryRow.set_by != "ocr").limit(1)) is not None:
        return False  # a person has set this number (or cleared it): theirs stands
    found = proposal(read, row.document_id, holders)
    if found is None:
        if not filled:
            return False
        value: str = read
        confidence, reason = _as_read(session, row.document_id, read)
        detail: dict[str, object] = {"read": read, "reverted": True}
    else:
        value, changes = found
        if value == row.value:
            return False
        confidence = CONFIDENCE
        reason = REASON % {"read_piece": "', '".join(c[0] for c in changes),
                           "held": "', '".join(c[1] for c in changes), "count": min(c[2] for c in changes),
                           "read": read}
        detail = {"read": read, "pieces": [{"read": c[0], "held": c[1], "documents": c[2]} for c in changes]}
    old, now = row.value, now_iso()
    row.value, row.confidence, row.set_at, row.reason = value, confidence, now, reason
    session.add(FieldHistoryRow(document_id=row.document_id, name="nomor", old_value=old, new_value=value,
                                confidence=confidence, set_by="ocr", set_at=now, reason=reason))
    write_audit(session, ACTION, doc_id=row.document_id, detail={"nomor": {"old": old, "new": value}, **detail})
    doc = session.get(Document, row.document_id)
    if doc is not None:
        doc.indexed = False
    return True


def complete(session: Session, doc_id: str) -> list[str]:
    """Numbers whose code letters the archive settles now that ``doc_id`` is archived: its own, and every
    archived number with a checked piece the new number's pieces bear on, or a fill.  Returns the ids changed."""
    rows = list(session.scalars(select(FieldRow).where(FieldRow.name == "nomor", FieldRow.value.is_not(None))))
    mine = next((r for r in rows if r.document_id == doc_id), None)
    new = {p for _, p in pieces(mine.value)} if mine is not None and mine.value else set()
    changed: list[str] = []
    holders = _Holders(rows)
    if mine is not None and _settle(session, mine, holders):
        changed.append(doc_id)
        holders = _Holders(rows)
    for row in rows:
        if row.document_id == doc_id or row.set_by != "ocr" or not row.value:
            continue
        filled = (row.reason or "").startswith(PREFIX)
        near = any(_checked(p) and any(p.upper() == q.upper() or one_letter_apart(p, q) for q in new)
                   for _, p in pieces(row.value))
        if (filled or near) and _settle(session, row, holders):
            changed.append(row.document_id)
            holders = _Holders(rows)
    return changed


__all__ = ["CONFIDENCE", "EVIDENCE", "ACTION", "one_letter_apart", "pieces", "proposal", "complete"]
