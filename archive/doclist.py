"""The document list (issue 18, "like paperless-ngx's"): filters, a stable sort on any column, a
total count and clamped paging, each document with a readable title (perihal, else type · partner
· date) and its partner and activity; and saved views (a list's filters and sort under a name,
private or shared with everyone).

The list is filtered, sorted and paged by the database in two queries (the count, the page): the
documents outer-joined to their list fields and activity.  Text is compared by code point on both
SQLite and PostgreSQL (collation "C"), so the same rules hold on both.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from archive import db
from archive.db import (
    ActivityLinkRow,
    ActivityRow,
    Document,
    FieldRow,
    SavedViewRow,
    aliased,
    and_,
    case,
    func,
    select,
)
from archive.errors import InvalidChangeError
from archive.evidence_picker import readable_title
from archive.review import parse_user_date
from ingest.sop import load_sop

# Sort keys as the query names them (``?urut=``); the default is newest added first.
SORTS = ("tanggal", "nomor", "jenis", "tahap", "mitra", "ditambah")
DEFAULT_SORT = "ditambah"
NO_ACTIVITY = "tanpa"  # ``?kegiatan=tanpa``: documents linked to no activity
LIST_FIELDS = ("perihal", "tanggal", "nomor", "partner")
MAX_TEXT = 200


def _text(args: Mapping[str, Any], key: str) -> str:
    return " ".join(str(args.get(key) or "").split())[:MAX_TEXT]


@dataclass(frozen=True)
class DocumentFilters:
    """What the list shows: filters, sort column and direction, page (1-based)."""

    doc_type: str = ""
    step: int | None = None
    partner: str = ""  # case-insensitive, any part of the name
    activity: str = ""  # "" any, NO_ACTIVITY, or an activity id
    date_from: str = ""  # ISO dates of the letter (tanggal surat), inclusive
    date_to: str = ""
    needs_review: bool = False
    sort: str = DEFAULT_SORT
    descending: bool = True
    page: int = 1

    @classmethod
    def from_mapping(cls, args: Mapping[str, Any]) -> "DocumentFilters":
        """From a query (``jenis``, ``tahap``, ``mitra``, ``kegiatan``, ``dari``, ``sampai``,
        ``ditinjau``, ``urut``, ``arah``, ``hal``); anything unreadable is left out."""
        types = {t.id for t in load_sop().doc_types}
        doc_type = _text(args, "jenis")
        step_text = _text(args, "tahap")
        step = int(step_text) if step_text.isdigit() and 1 <= int(step_text) <= 99 else None
        activity = _text(args, "kegiatan")
        if activity != NO_ACTIVITY and not activity.isdigit():
            activity = ""
        sort = _text(args, "urut")
        sort = sort if sort in SORTS else DEFAULT_SORT
        direction = _text(args, "arah")
        descending = direction == "desc" if direction in ("asc", "desc") else sort == DEFAULT_SORT
        page_text = _text(args, "hal")
        page = min(int(page_text), 10**6) if page_text.isdigit() and int(page_text) > 0 else 1
        return cls(doc_type=doc_type if doc_type in types else "", step=step, partner=_text(args, "mitra"),
                   activity=activity, date_from=_iso(_text(args, "dari")), date_to=_iso(_text(args, "sampai")),
                   needs_review=_text(args, "ditinjau") in ("1", "ya", "on", "true"), sort=sort,
                   descending=descending, page=page)

    def query(self, **overrides: Any) -> dict[str, str]:
        """The filters and sort as query parameters (defaults left out), for links and saved views;
        ``overrides`` replace fields first (e.g. ``sort="nomor"``)."""
        f = replace(self, **overrides) if overrides else self
        out = {"jenis": f.doc_type, "tahap": str(f.step) if f.step else "", "mitra": f.partner,
               "kegiatan": f.activity, "dari": f.date_from, "sampai": f.date_to,
               "ditinjau": "1" if f.needs_review else "",
               "urut": f.sort if f.sort != DEFAULT_SORT else "",
               "arah": "" if f.descending == (f.sort == DEFAULT_SORT) else ("desc" if f.descending else "asc")}
        if f.page > 1:
            out["hal"] = str(f.page)
        return {k: v for k, v in out.items() if v}

    @property
    def active(self) -> bool:
        return bool(self.doc_type or self.step or self.partner or self.activity or self.date_from
                    or self.date_to or self.needs_review)


def _iso(text: str) -> str:
    return (parse_user_date(text) or "") if text else ""


@dataclass(frozen=True)
class DocumentRow:
    """One document as the list shows it."""

    id: str
    title: str
    filename: str
    doc_type: str | None
    sop_step: int | None
    tanggal: str | None
    nomor: str | None
    partner: str | None
    activity_id: int | None
    activity_label: str | None
    needs_review: bool
    page_count: int
    created_at: str


@dataclass(frozen=True)
class DocumentList:
    """A page of the list, with the total the filters keep and the (clamped) page."""

    rows: tuple[DocumentRow, ...]
    total: int
    page: int
    pages: int
    filters: DocumentFilters = field(default_factory=DocumentFilters)


def _type_labels() -> dict[str, str]:
    return {t.id: t.label_id for t in load_sop().doc_types}


def _columns():
    """The list's columns as SQL: the document joined (outer) to its list fields and its activity;
    the partner is the document's own, else its activity's."""
    f = {name: aliased(FieldRow, name=f"f_{name}") for name in LIST_FIELDS}
    own = func.nullif(func.trim(f["partner"].value), "")
    partner = func.coalesce(own, ActivityRow.partner)
    cols = {"id": Document.id, "filename": Document.filename, "doc_type": Document.doc_type,
            "sop_step": Document.sop_step, "needs_review": Document.needs_review, "page_count": Document.page_count,
            "created_at": Document.created_at, "perihal": f["perihal"].value, "tanggal": f["tanggal"].value,
            "nomor": f["nomor"].value, "partner": partner, "activity_id": ActivityRow.id,
            "activity_partner": ActivityRow.partner, "activity_period": ActivityRow.period}
    frm = select(*[c.label(k) for k, c in cols.items()]).select_from(Document)
    for name, alias in f.items():
        frm = frm.outerjoin(alias, and_(alias.document_id == Document.id, alias.name == name))
    frm = (frm.outerjoin(ActivityLinkRow, ActivityLinkRow.document_id == Document.id)
           .outerjoin(ActivityRow, ActivityRow.id == ActivityLinkRow.activity_id))
    return frm, cols


def _text_order(expr, dialect: str):
    """Strings compared by code point on both databases (SQLite's default; PostgreSQL's "C")."""
    return expr.collate("C") if dialect == "postgresql" else expr


def _conditions(f: DocumentFilters, cols: dict, dialect: str) -> list:
    out: list = []
    if f.doc_type:
        out.append(Document.doc_type == f.doc_type)
    if f.step:
        out.append(Document.sop_step == f.step)
    if f.partner:
        out.append(func.lower(cols["partner"]).contains(f.partner.casefold(), autoescape=True))
    if f.activity == NO_ACTIVITY:
        out.append(ActivityRow.id.is_(None))
    elif f.activity.isdigit():
        out.append(ActivityRow.id == int(f.activity))
    tanggal = cols["tanggal"]
    if f.date_from or f.date_to:
        out.append(func.coalesce(tanggal, "") != "")
    if f.date_from:
        out.append(_text_order(tanggal, dialect) >= f.date_from)
    if f.date_to:
        out.append(_text_order(func.substr(tanggal, 1, 10), dialect) <= f.date_to)
    if f.needs_review:
        out.append(Document.needs_review.is_(True))
    return out


def _sort_expr(sort: str, cols: dict):
    """The sort key as SQL; NULL for "no value" (sorted last either way)."""
    if sort == "tanggal":
        return func.nullif(cols["tanggal"], "")
    if sort == "nomor":
        return func.nullif(func.lower(cols["nomor"]), "")
    if sort == "jenis":
        labels = {k: v.casefold() for k, v in _type_labels().items()}
        named = case(labels, value=Document.doc_type, else_=func.lower(Document.doc_type)) if labels \
            else func.lower(Document.doc_type)
        return func.nullif(named, "")
    if sort == "tahap":
        return Document.sop_step
    if sort == "mitra":
        return func.nullif(func.lower(cols["partner"]), "")
    return func.nullif(Document.created_at, "")


def _row(r: Any, labels: dict[str, str]) -> DocumentRow:
    label = labels.get(r.doc_type or "") or r.doc_type
    has_act = r.activity_id is not None
    return DocumentRow(
        id=r.id, title=readable_title(r.perihal, label, r.partner, r.tanggal, r.filename.rsplit(".", 1)[0] or r.filename),
        filename=r.filename, doc_type=r.doc_type, sop_step=r.sop_step, tanggal=r.tanggal, nomor=r.nomor,
        partner=r.partner, activity_id=r.activity_id if has_act else None,
        activity_label=f"{r.activity_partner} · {r.activity_period}" if has_act else None,
        needs_review=bool(r.needs_review), page_count=r.page_count or 0, created_at=r.created_at or "")


def document_list(session, f: DocumentFilters, page_size: int) -> DocumentList:
    """One page of the list in two queries (the count, the page), filtered and sorted by the
    database: documents without a value for the sort column last either way, ties in id order."""
    dialect = session.get_bind().dialect.name
    frm, cols = _columns()
    where = _conditions(f, cols, dialect)
    if where:
        frm = frm.where(*where)
    total = int(session.scalar(select(func.count()).select_from(frm.subquery())) or 0)
    size = max(1, int(page_size))
    pages = max(1, math.ceil(total / size))
    page = min(max(1, f.page), pages)
    key = _sort_expr(f.sort, cols)
    ordered = _text_order(key, dialect) if f.sort not in ("tahap",) else key
    rows = session.execute(frm.order_by(key.is_(None), ordered.desc() if f.descending else ordered.asc(),
                                        _text_order(Document.id, dialect))
                           .limit(size).offset((page - 1) * size)).all()
    labels = _type_labels()
    return DocumentList(tuple(_row(r, labels) for r in rows), total, page, pages, replace(f, page=page))


# --- saved views ---------------------------------------------------------------------------------

MAX_VIEW_NAME = 80


@dataclass(frozen=True)
class SavedView:
    """A list's filters and sort under a name; ``shared``: everyone sees it (only its owner deletes it)."""

    id: int
    name: str
    owner: str
    shared: bool
    query: dict[str, str]
    created_at: str


def _view(row: SavedViewRow) -> SavedView:
    return SavedView(row.id, row.name, row.owner, bool(row.shared), dict(db.loads(row.query, {})), row.created_at)


def save_view(session, name: str, args: Mapping[str, Any], *, user: str, shared: bool) -> SavedView:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidChangeError("Beri nama tampilan. / Give the view a name.", code="view_name_missing")
    if len(name) > MAX_VIEW_NAME:
        raise InvalidChangeError(f"Nama tampilan paling banyak {MAX_VIEW_NAME} huruf. / "
                                 f"A view name has at most {MAX_VIEW_NAME} characters.", code="view_name_too_long")
    query = DocumentFilters.from_mapping(args).query(page=1)
    row = SavedViewRow(name=name, owner=user, shared=bool(shared), query=db.dumps(query), created_at=db.now_iso())
    session.add(row)
    session.flush()
    return _view(row)


def list_views(session, user: str) -> list[SavedView]:
    rows = session.scalars(select(SavedViewRow).where((SavedViewRow.owner == user) | SavedViewRow.shared.is_(True))
                           .order_by(SavedViewRow.name, SavedViewRow.id))
    return [_view(r) for r in rows]


def delete_view(session, view_id: int, *, user: str) -> SavedView:
    row = session.get(SavedViewRow, int(view_id))
    if row is None or (row.owner != user and not row.shared):
        raise InvalidChangeError("Tampilan tidak ditemukan. / View not found.", code="view_not_found",
                                 http_status=404)
    if row.owner != user:
        raise InvalidChangeError("Hanya pembuatnya yang dapat menghapus tampilan ini. / "
                                 "Only its owner can delete this view.", code="view_not_yours", http_status=403)
    view = _view(row)
    session.delete(row)
    return view
