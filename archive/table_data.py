"""Tables as data (issue 15): the rows of a document's book list, attendance list or schedule,
stored beside its pages (``table_rows``), and what they add up to.

- ``refresh_document`` reads the table of a daftar judul buku / daftar hadir / jadwal pembinaan
  (``archive.table_read``) from the OCR words of its pages when it is committed or its type is
  corrected; another type's rows are dropped.
- ``document_tables`` gives them back with their totals: books (sum of eksemplar, beside the
  list's own "Jumlah"), attendees, dated schedule entries.
- ``books_total`` sums the copies over documents (an activity's books distributed),
  ``books_by_step_month`` per SOP step and month for the dashboard.
- ``export`` writes one document's table as CSV or XLSX (cells never start a formula).
"""
from __future__ import annotations

import csv
import io
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable

from archive import table_read
from archive.db import (
    Document,
    FieldRow,
    PageRow,
    Session,
    TableHeaderRow,
    TableRowRow,
    dumps,
    func,
    loads,
    select,
    session_scope,
    take_backfill_mark,
)
from archive.errors import InvalidQueryError
from archive.report import ReportFile, neutral

HEADINGS = {"no": "No", "judul": "Judul", "pengarang": "Pengarang", "penerbit": "Penerbit", "tahun": "Tahun",
            "eksemplar": "Eksemplar", "nama": "Nama", "jabatan": "Jabatan / Instansi", "tanggal": "Tanggal",
            "waktu": "Waktu", "lokasi": "Lokasi", "kegiatan": "Kegiatan / Materi", "petugas": "Petugas"}
TITLES = {"buku": "Daftar judul buku", "hadir": "Daftar hadir", "jadwal": "Jadwal",
          table_read.GENERIC: "Tabel (kolom tidak dikenali)"}


@dataclass(frozen=True)
class TableRowView:
    page: int
    row: int
    cells: dict[str, str]
    confidences: dict[str, float] = field(default_factory=dict)
    review: tuple[str, ...] = ()
    box: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "row": self.row, "cells": dict(self.cells),
                "confidences": dict(self.confidences), "review": list(self.review), "box": list(self.box)}


@dataclass(frozen=True)
class ScheduleEntry:
    tanggal: str  # ISO date
    agenda: str  # what happens: kegiatan, lokasi, waktu

    def to_json(self) -> dict[str, Any]:
        return {"tanggal": self.tanggal, "agenda": self.agenda}


@dataclass(frozen=True)
class DocumentTables:
    """The table of one document as data; ``kind`` None when its type holds none."""

    document_id: str
    kind: str | None
    columns: tuple[str, ...] = ()
    rows: tuple[TableRowView, ...] = ()
    header: dict[str, str] = field(default_factory=dict)  # column -> its header cell as read ("Hari/Tgl")
    books: int | None = None  # buku: sum of the rows' eksemplar
    titles: int | None = None  # buku: rows (titles) read
    attendees: int | None = None  # hadir: rows with a name
    schedule: tuple[ScheduleEntry, ...] = ()  # jadwal: dated entries
    flagged: int = 0  # rows with an unsure cell left empty

    @property
    def title(self) -> str:
        return TITLES.get(self.kind or "", "")

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "kind": self.kind, "columns": list(self.columns),
                "header": dict(self.header), "rows": [r.to_json() for r in self.rows], "books": self.books, "titles": self.titles,
                "attendees": self.attendees, "schedule": [e.to_json() for e in self.schedule],
                "flagged": self.flagged}


# --- reading and storing ---------------------------------------------------------------------------

def refresh_document(session: Session, doc: Document) -> int:
    """Replace the stored rows of ``doc`` by those read from its pages now; returns how many."""
    for old in session.scalars(select(TableRowRow).where(TableRowRow.document_id == doc.id)):
        session.delete(old)
    for old_header in session.scalars(select(TableHeaderRow).where(TableHeaderRow.document_id == doc.id)):
        session.delete(old_header)
    session.flush()
    kind = table_read.kind_of(doc.doc_type)
    if kind is None:
        return 0
    pages = [loads(p.words, []) or [] for p in session.scalars(
        select(PageRow).where(PageRow.document_id == doc.id).order_by(PageRow.number))]
    n = 0
    columns: list[str] = []
    for number, read in table_read.read_pages(pages, kind):
        columns += [c for c in read.columns if c not in columns]
        if read.labels:
            session.add(TableHeaderRow(document_id=doc.id, page=number, labels=dumps(dict(read.labels))))
        for row in read.rows:  # the kind its header shows, which may not be the type's
            session.add(TableRowRow(document_id=doc.id, kind=read.kind, page=number, row=row.index,
                                    cells=dumps(row.cells), confidences=dumps(row.confidences),
                                    review=dumps(list(row.review)), box=dumps(list(row.box)), copies=row.copies,
                                    tanggal=row.tanggal))
            n += 1
    return n


def refresh(settings, doc_id: str) -> int:
    with session_scope(settings) as s:
        doc = s.get(Document, doc_id)
        return refresh_document(s, doc) if doc is not None else 0


def rebuild(settings) -> int:
    """Read every book list, attendance list and schedule again; returns the rows stored."""
    with session_scope(settings) as s:
        return _rebuild(s)


def _rebuild(s: Session) -> int:
    return sum(refresh_document(s, doc) for doc in s.scalars(select(Document).order_by(Document.id)).all())


BACKFILL_MARK = ("tables", 0)  # left at 1 by migration 0502_table_rows in an archive with documents
_BACKFILLED: set[str] = set()
_LOCK = threading.Lock()


def ensure_backfilled(settings) -> None:
    """Once per process and database: read the tables of documents archived before 0502."""
    with _LOCK:
        if settings.database_url in _BACKFILLED:
            return
        with session_scope(settings) as s:
            if take_backfill_mark(s, BACKFILL_MARK):
                _rebuild(s)
        _BACKFILLED.add(settings.database_url)


# --- reading back --------------------------------------------------------------------------------

def _views(rows: Iterable[TableRowRow]) -> list[TableRowView]:
    return [TableRowView(page=r.page, row=r.row, cells=loads(r.cells, {}) or {},
                         confidences=loads(r.confidences, {}) or {}, review=tuple(loads(r.review, []) or []),
                         box=tuple(loads(r.box, []) or [])) for r in rows]


def document_tables(session: Session, doc: Document) -> DocumentTables:
    kind = table_read.kind_of(doc.doc_type)
    if kind is None:
        return DocumentTables(doc.id, None)
    rows = list(session.scalars(select(TableRowRow).where(TableRowRow.document_id == doc.id)
                                .order_by(TableRowRow.page, TableRowRow.row)))
    views = _views(rows)
    if rows:  # the kind the pages' headers show (most rows), else the type's
        kinds = [r.kind for r in rows]
        kind = max(dict.fromkeys(kinds), key=kinds.count)
    present = {c for v in views for c in v.cells}
    order = table_read.COLUMNS.get(kind) or tuple(sorted(present, key=_generic_order))
    columns = tuple(c for c in order if c in present)
    columns += tuple(dict.fromkeys(c for v in views for c in v.cells if c not in columns))  # as read ("NIP")
    flagged = sum(1 for v in views if v.review)
    header = _header(session, doc.id, columns)
    if kind == "buku":
        return DocumentTables(doc.id, kind, columns, tuple(views), header, flagged=flagged, titles=len(views),
                              books=sum(r.copies or 0 for r in rows))
    if kind == "hadir":
        return DocumentTables(doc.id, kind, columns, tuple(views), header, flagged=flagged,
                              attendees=sum(1 for v in views if v.cells.get("nama")))
    schedule = tuple(ScheduleEntry(v.cells["tanggal"], _agenda_text(v.cells)) for v in views if v.cells.get("tanggal"))
    return DocumentTables(doc.id, kind, columns, tuple(views), header, flagged=flagged, schedule=schedule)


def _header(session: Session, doc_id: str, columns: tuple[str, ...]) -> dict[str, str]:
    """Each shown column's header cell as read, from the first page whose header has it."""
    out: dict[str, str] = {}
    for row in session.scalars(select(TableHeaderRow).where(TableHeaderRow.document_id == doc_id)
                               .order_by(TableHeaderRow.page)):
        for column, label in (loads(row.labels, {}) or {}).items():
            if column in columns:
                out.setdefault(column, str(label))
    return {c: out[c] for c in columns if c in out}


def _generic_order(column: str) -> int:
    """``kolom_3`` -> 3: a table of no known kind keeps its columns' order."""
    return int(column.rpartition("_")[2]) if column.rpartition("_")[2].isdigit() else 0


def heading(column: str) -> str:
    """A column's heading: the kind's word, or "Kolom 3" for a table of no known kind."""
    if column in HEADINGS:
        return HEADINGS[column]
    return f"Kolom {_generic_order(column)}" if column.startswith("kolom_") else column


def _agenda_text(cells: dict[str, str]) -> str:
    parts = [cells.get("kegiatan"), cells.get("lokasi"), cells.get("waktu"), cells.get("petugas")]
    return " — ".join(p for p in parts if p)


def schedule_of(session: Session, doc_ids: Iterable[str]) -> tuple[ScheduleEntry, ...]:
    """The dated entries of the schedule rows of ``doc_ids``, by date: an activity's expected dates."""
    ids = list(doc_ids)
    if not ids:
        return ()
    rows = session.scalars(select(TableRowRow).where(TableRowRow.kind == "jadwal", TableRowRow.document_id.in_(ids),
                                                     TableRowRow.tanggal.is_not(None))
                           .order_by(TableRowRow.tanggal, TableRowRow.document_id, TableRowRow.page, TableRowRow.row))
    return tuple(ScheduleEntry(r.tanggal, _agenda_text(loads(r.cells, {}) or {})) for r in rows if r.tanggal)


def books_total(session: Session, doc_ids: Iterable[str]) -> int | None:
    """Books distributed: the sum of eksemplar over the book-list rows of ``doc_ids``; None when
    none of them has any."""
    ids = list(doc_ids)
    if not ids:
        return None
    count, total = session.execute(select(func.count(TableRowRow.id), func.sum(TableRowRow.copies))
                                   .where(TableRowRow.kind == "buku", TableRowRow.document_id.in_(ids))).one()
    return int(total or 0) if count else None


def books_by_step_month(session: Session) -> list[tuple[int | None, str | None, int]]:
    """(SOP step, month of the list's tanggal "2024-04" or None, books) over every book list."""
    per_doc = dict(session.execute(select(TableRowRow.document_id, func.sum(TableRowRow.copies))
                                   .where(TableRowRow.kind == "buku").group_by(TableRowRow.document_id)).all())
    if not per_doc:
        return []
    steps = dict(session.execute(select(Document.id, Document.sop_step).where(Document.id.in_(list(per_doc)))).all())
    dates = dict(session.execute(select(FieldRow.document_id, FieldRow.value)
                                 .where(FieldRow.name == "tanggal", FieldRow.document_id.in_(list(per_doc)))).all())
    sums: dict[tuple[int | None, str | None], int] = {}
    for doc_id, copies in per_doc.items():
        value = dates.get(doc_id)
        month = value[:7] if value and len(value) >= 7 and value[4] == "-" else None
        key = (steps.get(doc_id), month)
        sums[key] = sums.get(key, 0) + int(copies or 0)
    return sorted(((s, m, n) for (s, m), n in sums.items()), key=lambda t: (t[0] or 0, t[1] or ""))


# --- files -------------------------------------------------------------------------------------------

MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def heading_as_read(column: str, label: str | None) -> str:
    """A column's heading in an export: the kind's word, and beside it the page's header cell as
    read where that says something else ("Eksemplar (Jml. Eks.)", "Judul (Judu1 Buku)"; "No"
    stays "No" for a "No." read): the sheet's columns keep the kind's names and order."""
    name = heading(column)
    if not label or _letters(label) == _letters(name):
        return name
    return f"{name} ({' '.join(label.split())})"


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _grid(tables: DocumentTables) -> tuple[list[str], list[list[str]]]:
    header = [heading_as_read(c, tables.header.get(c)) for c in tables.columns] + ["Halaman", "Perlu ditinjau"]
    rows = [[r.cells.get(c, "") for c in tables.columns] + [str(r.page), "; ".join(r.review)] for r in tables.rows]
    return header, rows


def export(tables: DocumentTables, fmt: str) -> ReportFile:
    """One document's table as ``fmt`` (csv, xlsx), named ``tabel-<kind>-<doc>.<fmt>``."""
    if fmt not in MIMETYPES:
        raise InvalidQueryError(f"Format '{fmt}' tidak dikenal; pilih csv atau xlsx. / Unknown format '{fmt}'.")
    if tables.kind is None:
        raise InvalidQueryError("Dokumen ini tidak memuat tabel yang dibaca. / This document holds no table read as "
                                "data.")
    header, rows = _grid(tables)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(header)
        writer.writerows([neutral(c) for c in row] for row in rows)
        data = ("\ufeff" + buf.getvalue()).encode("utf-8")
    else:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = TITLES[tables.kind][:31]
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([int(c) if c.isdigit() and len(c) < 10 else neutral(c) for c in row])
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":
                    cell.data_type = "s"
        ws.freeze_panes = "A2"
        out = io.BytesIO()
        wb.save(out)
        data = out.getvalue()
    return ReportFile(filename=f"tabel-{tables.kind}-{tables.document_id}.{fmt}", mimetype=MIMETYPES[fmt], data=data)
