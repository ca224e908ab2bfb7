"""The document list (issue 18, "like paperless-ngx's"): filters, a stable sort on any column, a
total count and clamped paging, each document with a readable title (perihal, else type · partner
· date) and its partner and activity; and saved views (a list's filters and sort under a name,
private or shared with everyone).

The list is read in three queries (documents, their list fields, their activity links) and
filtered and sorted here, so the same rules hold on SQLite and PostgreSQL; an office archive of a
few thousand documents reads in a few milliseconds.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from archive import db
from archive.db import ActivityLinkRow, ActivityRow, Document, FieldRow, SavedViewRow, select
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


def _rows(session) -> list[DocumentRow]:
    labels = _type_labels()
    fields: dict[str, dict[str, str | None]] = {}
    for doc_id, name, value in session.execute(select(FieldRow.document_id, FieldRow.name, FieldRow.value)
                                               .where(FieldRow.name.in_(LIST_FIELDS))):
        fields.setdefault(doc_id, {})[name] = value
    links = dict(session.execute(select(ActivityLinkRow.document_id, ActivityLinkRow.activity_id)).all())
    acts = {a.id: a for a in session.scalars(select(ActivityRow))}
    out = []
    for d in session.scalars(select(Document)):
        f = fields.get(d.id, {})
        act = acts.get(links.get(d.id) or -1)
        partner = (f.get("partner") or "").strip() or (act.partner if act else None)
        label = labels.get(d.doc_type or "") or d.doc_type
        out.append(DocumentRow(
            id=d.id, title=readable_title(f.get("perihal"), label, partner, f.get("tanggal"),
                                          d.filename.rsplit(".", 1)[0] or d.filename),
            filename=d.filename, doc_type=d.doc_type, sop_step=d.sop_step, tanggal=f.get("tanggal"),
            nomor=f.get("nomor"), partner=partner, activity_id=act.id if act else None,
            activity_label=f"{act.partner} · {act.period}" if act else None, needs_review=bool(d.needs_review),
            page_count=d.page_count or 0, created_at=d.created_at or ""))
    return out


def _keep(row: DocumentRow, f: DocumentFilters) -> bool:
    if f.doc_type and row.doc_type != f.doc_type:
        return False
    if f.step and row.sop_step != f.step:
        return False
    if f.partner and f.partner.casefold() not in (row.partner or "").casefold():
        return False
    if f.activity == NO_ACTIVITY and row.activity_id is not None:
        return False
    if f.activity.isdigit() and row.activity_id != int(f.activity):
        return False
    if (f.date_from or f.date_to) and not row.tanggal:
        return False
    if f.date_from and (row.tanggal or "") < f.date_from:
        return False
    if f.date_to and (row.tanggal or "")[:10] > f.date_to:
        return False
    return not (f.needs_review and not row.needs_review)


def _sort_key(row: DocumentRow, sort: str, labels: dict[str, str]) -> Any:
    if sort == "tanggal":
        return row.tanggal or None
    if sort == "nomor":
        return (row.nomor or "").casefold() or None
    if sort == "jenis":
        return (labels.get(row.doc_type or "") or row.doc_type or "").casefold() or None
    if sort == "tahap":
        return row.sop_step
    if sort == "mitra":
        return (row.partner or "").casefold() or None
    return row.created_at or None


def sort_rows(rows: list[DocumentRow], sort: str, descending: bool) -> list[DocumentRow]:
    """Sorted on ``sort``; documents without a value last either way; ties in id order (stable)."""
    labels = _type_labels()
    base = sorted(rows, key=lambda r: r.id)
    keyed = [(r, _sort_key(r, sort, labels)) for r in base]
    known = [pair for pair in keyed if pair[1] is not None]
    # Python's sort is stable with reverse=True too: equal keys keep id order
    known.sort(key=lambda pair: pair[1], reverse=descending)
    return [r for r, _ in known] + [r for r, key in keyed if key is None]


def document_list(session, f: DocumentFilters, page_size: int) -> DocumentList:
    rows = sort_rows([r for r in _rows(session) if _keep(r, f)], f.sort, f.descending)
    size = max(1, int(page_size))
    pages = max(1, math.ceil(len(rows) / size))
    page = min(max(1, f.page), pages)
    return DocumentList(tuple(rows[(page - 1) * size:page * size]), len(rows), page, pages, replace(f, page=page))


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
