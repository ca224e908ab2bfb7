"""The buku agenda: a register of incoming (``masuk``) and outgoing (``keluar``) mail that keeps
itself.

- Every archived letter gets an entry when it is committed (``refresh_document``): the next
  nomor agenda of its register and year (``next_number``, counted in ``agenda_counters`` inside
  the writer's transaction), tanggal terima = the day it was archived, and nomor, tanggal,
  asal/tujuan and perihal from its metadata.  Which register: ``letter_register`` (the SOP's
  letter types; the Dinas as sender → keluar, otherwise masuk).
- A correction of the letter's metadata updates its entry, except the columns a person edited.
- Legacy agenda pages (``agenda_surat_masuk``) become rows (``archive.agenda_table``), each
  linked to its page and row, and to the archived letter it registers (``link_rows``: the same
  nomor surat, or the same asal and tanggal surat).
- ``rebuild`` does all of this for every document (backfill, ``burt agenda rebuild``).
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from archive import agenda_table
from archive.db import (
    AgendaCounterRow,
    AgendaEntryRow,
    Document,
    FieldRow,
    PageRow,
    Session,
    bump_counter,
    dumps,
    func,
    loads,
    now_iso,
    select,
    session_scope,
    take_backfill_mark,
    update,
    write_audit,
)
from archive.documents import field_rows
from archive.errors import AgendaEntryNotFoundError, InvalidChangeError, InvalidQueryError
from archive.evidence import document_partner
from archive.partners import is_own_office, same_partner
from archive.textnorm import words as text_words
from ingest.nomor import nomor_key, same_nomor
from ingest.sop import load_sop

log = logging.getLogger(__name__)

REGISTERS = ("masuk", "keluar")
AGENDA_TYPE = "agenda_surat_masuk"
LETTER_LABELS = ("surat", "undangan")  # an SOP document type whose label starts so is a letter
EDITABLE = ("tanggal_terima", "nomor_surat", "tanggal_surat", "asal_tujuan", "perihal", "keterangan",
            "nomor_buku", "document_id")
DATE_COLUMNS = ("tanggal_terima", "tanggal_surat")

REVIEW_NO_SENDER = "asal surat diambil dari kop atau isi surat; periksa"
REVIEW_UNKNOWN_PARTY = "asal/tujuan surat belum diketahui"
REVIEW_NOT_LETTER = "dokumen ini tidak lagi tercatat sebagai surat"
LINK_NOMOR = "nomor surat sama (%(nomor)s)"
LINK_PARTY_DATE = "asal surat dan tanggal surat sama (%(asal)s, %(tanggal)s)"


@dataclass(frozen=True)
class AgendaEntry:
    """One register row as the service returns it."""

    id: int
    register: str
    origin: str  # "arsip": an archived letter's own entry; "buku": a row of a legacy agenda page
    year: int | None
    nomor_agenda: int | None
    nomor_buku: str | None
    tanggal_terima: str | None
    nomor_surat: str | None
    tanggal_surat: str | None
    asal_tujuan: str | None
    perihal: str | None
    keterangan: str | None
    document_id: str | None
    link_reason: str
    source_doc_id: str | None
    source_page: int | None
    source_row: int | None
    source_box: tuple[int, ...] = ()  # the row on its page image: x0, y0, x1, y1
    page_size: tuple[int, int] = (0, 0)  # width, height of that page image
    confidences: dict[str, float] = field(default_factory=dict)
    raw: str = ""
    needs_review: bool = False
    review: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()
    updated_at: str = ""
    updated_by: str | None = None

    @property
    def number(self) -> str:
        """The number shown in the ledger: the assigned one, else the book's."""
        if self.nomor_agenda is not None:
            return str(self.nomor_agenda)
        return self.nomor_buku or ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "register": self.register, "origin": self.origin, "year": self.year,
                "nomor_agenda": self.nomor_agenda, "nomor_buku": self.nomor_buku,
                "tanggal_terima": self.tanggal_terima, "nomor_surat": self.nomor_surat,
                "tanggal_surat": self.tanggal_surat, "asal_tujuan": self.asal_tujuan, "perihal": self.perihal,
                "keterangan": self.keterangan, "document_id": self.document_id, "link_reason": self.link_reason,
                "source": ({"document_id": self.source_doc_id, "page": self.source_page, "row": self.source_row,
                            "box": list(self.source_box)} if self.source_doc_id else None),
                "confidences": dict(self.confidences), "raw": self.raw, "needs_review": self.needs_review,
                "review": list(self.review), "edited": list(self.edited), "updated_at": self.updated_at,
                "updated_by": self.updated_by}


@dataclass(frozen=True)
class AgendaQuery:
    """A filter of the register: year, month (1..12), register, free text (all words must occur;
    a nomor matches its OCR variants), and a page of the result."""

    year: int | None = None
    month: int | None = None
    register: str | None = None
    text: str = ""
    limit: int = 500
    offset: int = 0
    partner: str = ""  # (part of) the asal / tujuan: all its words occur there (``burt search --type agenda``)


@dataclass(frozen=True)
class AgendaList:
    entries: tuple[AgendaEntry, ...]
    total: int
    years: tuple[int, ...]  # every year of the register(s) asked, newest first
    months: tuple[tuple[int, int], ...]  # (month, entries) of the year asked

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "years": list(self.years),
                "months": [{"month": m, "count": n} for m, n in self.months],
                "entries": [e.to_json() for e in self.entries]}


@dataclass(frozen=True)
class RebuildReport:
    letters: int  # archived letters with an entry
    rows: int  # rows read from legacy agenda pages
    linked: int  # legacy rows linked to an archived letter

    def to_json(self) -> dict[str, Any]:
        return {"letters": self.letters, "rows": self.rows, "linked": self.linked}


# --- pure decisions ------------------------------------------------------------------------------

def is_letter_type(doc_type: str | None) -> bool:
    """Whether the SOP defines ``doc_type`` as a letter (its Indonesian label says "Surat …" or
    "Undangan …"); forms, reports, MoUs and agenda pages are not registered."""
    if not doc_type or doc_type == AGENDA_TYPE:
        return False
    try:
        label = load_sop().doc_type(doc_type).label_id
    except KeyError:
        return False
    return label.lower().startswith(LETTER_LABELS)


def letter_register(doc_type: str | None, fields: dict[str, str | None], instansi: str) -> str | None:
    """The register a letter belongs to: ``keluar`` when the Dinas sent it (it is the pengirim,
    or the penerima is someone else and the Dinas is not named as receiver), ``masuk`` when it is
    addressed to the Dinas or comes from someone else; None for a document that is not a letter
    or names neither party."""
    if not is_letter_type(doc_type):
        return None
    pengirim, penerima = fields.get("pengirim"), fields.get("penerima")
    if pengirim and is_own_office(pengirim, instansi):
        return "keluar"
    if (penerima and is_own_office(penerima, instansi)) or pengirim:
        return "masuk"
    if penerima:
        return "keluar"
    return None


def _valid_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


# --- numbering -----------------------------------------------------------------------------------

def next_number(session: Session, register: str, year: int) -> int:
    """The next nomor agenda of ``register`` in ``year``, taken in the caller's transaction.  The
    counter's UPDATE takes the database's write lock first, so two writers never get the same
    number (and ``uq_agenda_number`` would refuse it if they did)."""
    bumped = session.execute(update(AgendaCounterRow)
                             .where(AgendaCounterRow.register == register, AgendaCounterRow.year == year)
                             .values(last=AgendaCounterRow.last + 1))
    if getattr(bumped, "rowcount", 0) == 0:
        highest = session.scalar(select(func.max(AgendaEntryRow.nomor_agenda))
                                 .where(AgendaEntryRow.register == register, AgendaEntryRow.year == year)) or 0
        bump_counter(session, register, year, highest + 1)
    last = session.scalar(select(AgendaCounterRow.last).where(AgendaCounterRow.register == register,
                                                              AgendaCounterRow.year == year))
    assert last is not None, "the counter was just written"
    return int(last)


# --- entries of archived letters ---------------------------------------------------------------------

def _letter_values(session: Session, doc: Document, register: str, instansi: str) -> tuple[dict, list[str]]:
    """An archived letter's register columns from its metadata, and what needs a person's eye."""
    fields = {name: row.value for name, row in field_rows(session, doc.id).items()}
    review: list[str] = []
    party = fields.get("pengirim") if register == "masuk" else fields.get("penerima")
    if register == "masuk" and (not party or is_own_office(party, instansi)):
        text = "\n".join(session.scalars(select(PageRow.text).where(PageRow.document_id == doc.id)
                                         .order_by(PageRow.number).limit(1)))
        party, _, _ = document_partner(fields, loads(doc.pihak, []) or [], instansi, text)
        if party:
            review.append(REVIEW_NO_SENDER)
    if not party:
        review.append(REVIEW_UNKNOWN_PARTY)
    return {"nomor_surat": fields.get("nomor"), "tanggal_surat": _valid_date(fields.get("tanggal")),
            "asal_tujuan": party, "perihal": fields.get("perihal")}, review


def _apply(row: AgendaEntryRow, values: dict[str, Any], review: list[str]) -> bool:
    """Set the columns a person has not edited; True when something changed."""
    edited = set(loads(row.edited, []))
    changed = False
    for name, value in values.items():
        if name in edited or getattr(row, name) == value:
            continue
        setattr(row, name, value)
        changed = True
    new_review = dumps(review)
    if row.review != new_review:
        row.review, row.needs_review, changed = new_review, bool(review), True
    if changed:
        row.updated_at = now_iso()
    return changed


def register_letter(session: Session, doc: Document, instansi: str) -> AgendaEntryRow | None:
    """Create or update the entry of an archived letter (see the module docstring)."""
    entry = session.scalar(select(AgendaEntryRow).where(AgendaEntryRow.origin == "arsip",
                                                        AgendaEntryRow.document_id == doc.id))
    fields = {name: row.value for name, row in field_rows(session, doc.id).items()}
    register = letter_register(doc.doc_type, fields, instansi)
    if register is None:
        if entry is not None:  # no longer a letter: the number stays given, a person decides
            _apply(entry, {}, [REVIEW_NOT_LETTER])
        return entry
    values, review = _letter_values(session, doc, register, instansi)
    if entry is None:
        received = doc.created_at[:10]
        year = int(received[:4])
        entry = AgendaEntryRow(register=register, origin="arsip", year=year, source_box="[]",
                               nomor_agenda=next_number(session, register, year), tanggal_terima=received,
                               document_id=doc.id, link_reason="", confidences=dumps(_confidences(session, doc, register)),
                               raw="", needs_review=False, review="[]", edited="[]", created_at=now_iso(),
                               updated_at=now_iso())
        session.add(entry)
        _apply(entry, values, review)
        session.flush()
        write_audit(session, "agenda.create", doc_id=doc.id,
                    detail={"entry": entry.id, "register": register, "year": year, "nomor_agenda": entry.nomor_agenda})
        return entry
    _apply(entry, values, review)
    return entry


def _confidences(session: Session, doc: Document, register: str) -> dict[str, float]:
    """The metadata confidences of an OCR-read letter, under the register's column names."""
    party = "pengirim" if register == "masuk" else "penerima"
    names = {"nomor": "nomor_surat", "tanggal": "tanggal_surat", party: "asal_tujuan", "perihal": "perihal"}
    return {names[n]: round(float(f.confidence), 2) for n, f in field_rows(session, doc.id).items()
            if n in names and f.value is not None}


# --- legacy agenda pages -----------------------------------------------------------------------------

def read_agenda_pages(session: Session, doc: Document) -> int:
    """The rows of an agenda document's pages, upserted by (page, row); columns a person edited
    are kept.  Rows the page no longer yields (a re-read found fewer) are removed unless edited."""
    register = "keluar" if _says_keluar(session, doc.id) else "masuk"
    seen: set[tuple[int, int]] = set()
    for page in session.scalars(select(PageRow).where(PageRow.document_id == doc.id).order_by(PageRow.number)):
        for row in agenda_table.read_rows(loads(page.words, []) or []):
            seen.add((page.number, row.index))
            _upsert_row(session, doc, page.number, row, register)
    for old in session.scalars(select(AgendaEntryRow).where(AgendaEntryRow.source_doc_id == doc.id)):
        if (old.source_page, old.source_row) not in seen and not loads(old.edited, []):
            session.delete(old)
    return len(seen)


def _says_keluar(session: Session, doc_id: str) -> bool:
    text = session.scalar(select(PageRow.text).where(PageRow.document_id == doc_id).order_by(PageRow.number)) or ""
    head = " ".join(text.lower().split()[:12])
    return "surat keluar" in head


def _upsert_row(session: Session, doc: Document, page: int, row: agenda_table.AgendaRow, register: str) -> None:
    entry = session.scalar(select(AgendaEntryRow).where(AgendaEntryRow.source_doc_id == doc.id,
                                                        AgendaEntryRow.source_page == page,
                                                        AgendaEntryRow.source_row == row.index))
    cells = dict(row.cells)
    received = cells.get("tanggal_terima") or cells.get("tanggal_surat")
    values = {"register": register, "nomor_buku": cells.get("nomor_agenda"),
              "tanggal_terima": cells.get("tanggal_terima"), "nomor_surat": cells.get("nomor_surat"),
              "tanggal_surat": cells.get("tanggal_surat"), "asal_tujuan": cells.get("asal_tujuan"),
              "perihal": cells.get("perihal"), "keterangan": cells.get("keterangan"),
              "year": int(received[:4]) if received else None, "raw": row.raw,
              "confidences": dumps(row.confidences), "source_box": dumps(list(row.box))}
    if entry is None:
        entry = AgendaEntryRow(origin="buku", source_doc_id=doc.id, source_page=page, source_row=row.index,
                               link_reason="", review="[]", edited="[]", needs_review=False,
                               created_at=now_iso(), updated_at=now_iso(), **values)
        session.add(entry)
        entry.review, entry.needs_review = dumps(list(row.review)), bool(row.review)
        return
    _apply(entry, values, list(row.review))


def link_rows(session: Session, entries: Iterable[AgendaEntryRow] | None = None,
              doc_ids: Iterable[str] | None = None) -> int:
    """Link legacy rows to the archived letter they register: the same nomor surat
    (``same_nomor``), else the same asal and tanggal surat.  A link a person set is kept.
    ``doc_ids`` limits the letters looked at (a newly committed one)."""
    if entries is None:
        entries = session.scalars(select(AgendaEntryRow).where(AgendaEntryRow.origin == "buku"))
    letters = _letters(session, doc_ids)
    linked = 0
    for entry in entries:
        if "document_id" in loads(entry.edited, []):
            continue
        doc_id, reason = _find_letter(entry, letters)
        if (doc_id, reason) != (entry.document_id, entry.link_reason):
            entry.document_id, entry.link_reason = doc_id, reason
        linked += doc_id is not None
    return linked


def _letters(session: Session, doc_ids: Iterable[str] | None = None
             ) -> list[tuple[str, str | None, str | None, str | None]]:
    """(id, nomor, tanggal, pengirim) of the archived documents (all, or ``doc_ids``) that are not
    agenda pages and have a nomor or a pengirim; one query."""
    q = (select(FieldRow.document_id, FieldRow.name, FieldRow.value)
         .join(Document, Document.id == FieldRow.document_id)
         .where(FieldRow.name.in_(("nomor", "tanggal", "pengirim")), FieldRow.value.is_not(None),
                (Document.doc_type.is_(None)) | (Document.doc_type != AGENDA_TYPE)))
    if doc_ids is not None:
        q = q.where(FieldRow.document_id.in_(list(doc_ids)))
    fields: dict[str, dict[str, str]] = {}
    for doc_id, name, value in session.execute(q):
        if value is not None:
            fields.setdefault(doc_id, {})[name] = value
    return [(doc_id, f.get("nomor"), f.get("tanggal"), f.get("pengirim")) for doc_id, f in sorted(fields.items())
            if f.get("nomor") or f.get("pengirim")]


def _find_letter(entry: AgendaEntryRow, letters: list) -> tuple[str | None, str]:
    if entry.nomor_surat:
        for doc_id, nomor, _, _ in letters:
            if nomor and same_nomor(entry.nomor_surat, nomor):
                return doc_id, LINK_NOMOR % {"nomor": nomor}
    if entry.asal_tujuan and entry.tanggal_surat:
        for doc_id, _, tanggal, pengirim in letters:
            if tanggal == entry.tanggal_surat and pengirim and same_partner(entry.asal_tujuan, pengirim):
                return doc_id, LINK_PARTY_DATE % {"asal": pengirim, "tanggal": tanggal}
    return None, ""


# --- the entry points the service calls ------------------------------------------------------------------

def refresh_document(settings, doc_id: str) -> None:
    """After a document was committed or corrected: its own entry (a letter), its rows (an
    agenda page), and the legacy rows that may register it."""
    instansi = load_sop().instansi
    with session_scope(settings) as s:
        doc = s.get(Document, doc_id)
        if doc is None:
            return
        if doc.doc_type == AGENDA_TYPE:
            read_agenda_pages(s, doc)
            s.flush()
            link_rows(s, s.scalars(select(AgendaEntryRow).where(AgendaEntryRow.source_doc_id == doc_id)))
            return
        register_letter(s, doc, instansi)
        s.flush()
        rows = s.scalars(select(AgendaEntryRow).where(AgendaEntryRow.origin == "buku",
                                                      AgendaEntryRow.document_id.is_(None)
                                                      | (AgendaEntryRow.document_id == doc_id)))
        link_rows(s, rows, doc_ids=[doc_id])


def rebuild(settings) -> RebuildReport:
    """Every document's entry and every agenda page's rows, then the links (idempotent)."""
    with session_scope(settings) as s:
        return _rebuild(s)


def _rebuild(s: Session) -> RebuildReport:
    instansi = load_sop().instansi
    for doc in s.scalars(select(Document).order_by(Document.created_at, Document.id)).all():
        if doc.doc_type == AGENDA_TYPE:
            read_agenda_pages(s, doc)
        else:
            register_letter(s, doc, instansi)
    s.flush()
    linked = link_rows(s)
    letters = s.scalar(select(func.count()).select_from(AgendaEntryRow).where(AgendaEntryRow.origin == "arsip"))
    rows = s.scalar(select(func.count()).select_from(AgendaEntryRow).where(AgendaEntryRow.origin == "buku"))
    return RebuildReport(letters=int(letters or 0), rows=int(rows or 0), linked=linked)


# Migration 0301_agenda leaves this counter row at 1 in an archive that already holds documents:
# they still need their entries.  The first process to take it (an UPDATE, so under the write
# lock) runs the backfill in the same transaction and sets it to 0.
BACKFILL_MARK = ("backfill", 0)
_BACKFILLED: set[str] = set()
_BACKFILL_LOCK = threading.Lock()


def ensure_backfilled(settings) -> None:
    """Once per process and database: the backfill the migration asked for, if nobody ran it yet."""
    with _BACKFILL_LOCK:
        if settings.database_url in _BACKFILLED:
            return
        with session_scope(settings) as s:
            if take_backfill_mark(s, BACKFILL_MARK):
                report = _rebuild(s)
                log.info("agenda backfilled: %d letters, %d legacy rows", report.letters, report.rows)
        _BACKFILLED.add(settings.database_url)


# --- reading and editing -------------------------------------------------------------------------------------

def to_entry(row: AgendaEntryRow, page_size: tuple[int, int] = (0, 0)) -> AgendaEntry:
    return AgendaEntry(id=row.id, register=row.register, origin=row.origin, year=row.year,
                       nomor_agenda=row.nomor_agenda, nomor_buku=row.nomor_buku, tanggal_terima=row.tanggal_terima,
                       nomor_surat=row.nomor_surat, tanggal_surat=row.tanggal_surat, asal_tujuan=row.asal_tujuan,
                       perihal=row.perihal, keterangan=row.keterangan, document_id=row.document_id,
                       link_reason=row.link_reason or "", source_doc_id=row.source_doc_id,
                       source_page=row.source_page, source_row=row.source_row,
                       source_box=tuple(loads(row.source_box, []) or []), page_size=page_size,
                       confidences=loads(row.confidences, {}) or {}, raw=row.raw or "",
                       needs_review=bool(row.needs_review), review=tuple(loads(row.review, []) or []),
                       edited=tuple(loads(row.edited, []) or []), updated_at=row.updated_at or "",
                       updated_by=row.updated_by)


def _sort_key(e: AgendaEntry) -> tuple:
    return (e.register != "masuk", e.register, -(e.year or 0), e.tanggal_terima or "9999",
            e.origin != "buku", e.source_doc_id or "", e.source_page or 0, e.source_row or 0, e.nomor_agenda or 0)


_NOMOR_LIKE = re.compile(r"\S*\d\S*/\S*")


def _matches(e: AgendaEntry, text: str) -> bool:
    """Every word of ``text`` occurs in the entry (case and accents folded); a nomor in the
    text matches the entry's nomor surat with OCR slips (``same_nomor``) or as a part of it."""
    for nomor in _NOMOR_LIKE.findall(text):
        if not (e.nomor_surat and (same_nomor(nomor, e.nomor_surat)
                                   or nomor_key(nomor) in nomor_key(e.nomor_surat))):
            return False
    rest = _NOMOR_LIKE.sub(" ", text)
    hay = set(text_words(" ".join(str(v) for v in (e.number, e.tanggal_terima, e.nomor_surat, e.tanggal_surat,
                                                   e.asal_tujuan, e.perihal, e.keterangan, e.raw,
                                                   e.document_id) if v)))
    return all(w in hay for w in text_words(rest))


def list_entries(settings, query: AgendaQuery) -> AgendaList:
    """The register filtered by ``query``, in ledger order (register, year, tanggal terima, row)."""
    if query.register is not None and query.register not in REGISTERS:
        raise InvalidQueryError(f"Register '{query.register}' tidak dikenal (masuk, keluar). / Unknown register.")
    with session_scope(settings) as s:
        q = select(AgendaEntryRow)
        if query.register:
            q = q.where(AgendaEntryRow.register == query.register)
        everything = [to_entry(r) for r in s.scalars(q)]
    years = tuple(sorted({e.year for e in everything if e.year is not None}, reverse=True))
    shown = [e for e in everything if query.year is None or e.year == query.year]
    months: dict[int, int] = {}
    for e in shown:
        if e.tanggal_terima:
            months[int(e.tanggal_terima[5:7])] = months.get(int(e.tanggal_terima[5:7]), 0) + 1
    if query.month is not None:
        shown = [e for e in shown if e.tanggal_terima and int(e.tanggal_terima[5:7]) == query.month]
    if query.text.strip():
        shown = [e for e in shown if _matches(e, query.text)]
    if query.partner.strip():
        wanted = text_words(query.partner)
        shown = [e for e in shown if e.asal_tujuan and set(wanted) <= set(text_words(e.asal_tujuan))]
    shown.sort(key=_sort_key)
    page = shown[max(0, query.offset): max(0, query.offset) + max(0, query.limit)]
    return AgendaList(entries=tuple(page), total=len(shown), years=years, months=tuple(sorted(months.items())))


def get_entry(settings, entry_id: int) -> AgendaEntry:
    """One entry; a legacy row with the size of its page image (to show the row beside its form)."""
    with session_scope(settings) as s:
        row = _load(s, entry_id)
        size = (0, 0)
        if row.source_doc_id and row.source_page:
            page = s.get(PageRow, (row.source_doc_id, row.source_page))
            size = (page.width, page.height) if page is not None else size
        return to_entry(row, size)


def _load(session: Session, entry_id: int) -> AgendaEntryRow:
    row = session.get(AgendaEntryRow, int(entry_id))
    if row is None:
        raise AgendaEntryNotFoundError(f"Baris agenda {entry_id} tidak ditemukan. / Agenda entry {entry_id} not found.")
    return row


def _check(session: Session, name: str, value: Any) -> str | None:
    if name not in EDITABLE:
        raise InvalidChangeError(f"Kolom agenda '{name}' tidak dapat diubah. / Agenda column '{name}' cannot be "
                                 "changed.")
    if value is not None and not isinstance(value, (str, int)):
        raise InvalidChangeError(f"Nilai '{name}' harus teks. / '{name}' must be text.")
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    if name in DATE_COLUMNS and _valid_date(text) != text:
        raise InvalidChangeError("Tanggal harus TTTT-BB-HH. / Date must be YYYY-MM-DD.")
    if name == "document_id" and session.get(Document, text) is None:
        raise InvalidChangeError(f"Dokumen {text} tidak ada di arsip. / Document {text} is not in the archive.")
    return text


def edit_entry(settings, entry_id: int, changes: dict[str, Any], *, user: str, reason: str = "") -> AgendaEntry:
    """Change columns of one entry by hand: audited (old and new values), marked as edited so
    metadata updates and re-reads leave them alone."""
    with session_scope(settings) as s:
        row = _load(s, entry_id)
        edited = list(loads(row.edited, []))
        detail: dict[str, Any] = {}
        for name, raw in changes.items():
            value = _check(s, name, raw)
            old = getattr(row, name)
            if old == value:
                continue
            setattr(row, name, value)
            detail[name] = {"old": old, "new": value}
            if name not in edited:
                edited.append(name)
            if name == "document_id":
                row.link_reason = f"ditautkan oleh {user}" if value else ""
        if detail:
            row.edited, row.updated_at, row.updated_by = dumps(edited), now_iso(), user
            write_audit(s, "agenda.edit", user=user, doc_id=row.document_id or row.source_doc_id,
                        detail={"entry": row.id, "register": row.register, "changes": detail, "reason": reason})
        return to_entry(row)


__all__ = ["AgendaEntry", "AgendaQuery", "AgendaList", "RebuildReport", "REGISTERS", "is_letter_type",
           "letter_register", "next_number", "register_letter", "read_agenda_pages", "link_rows", "refresh_document",
           "rebuild", "ensure_backfilled", "list_entries", "get_entry", "edit_entry", "to_entry"]
