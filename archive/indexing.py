"""Every write to the search index, from the database alone.

``index_doc`` builds the plain dict ``archive.search`` indexes for one document: its text and
fields, and the activity it is linked to (``archive.db.ActivityLinkRow``).  ``index_documents``
writes some documents and marks them indexed (and their jobs done); ``rebuild`` writes them all.
The index can always be rebuilt from the database: nothing is indexed that is not committed.
"""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Any, Iterator

from archive import documents, search
from archive.db import (
    ActivityLinkRow,
    Document,
    JobRow,
    PageRow,
    Session,
    loads,
    now_iso,
    select,
    session_scope,
    update,
)
from archive.partners import canonical_name

log = logging.getLogger(__name__)


def _activity_field(session: Session, doc_id: str) -> list[str]:
    """The activity a document is linked to, as the ``activity`` index field."""
    link = session.get(ActivityLinkRow, doc_id)
    return [str(link.activity_id)] if link is not None and link.activity_id else []


def index_doc(session: Session, doc: Document) -> dict[str, Any]:
    """The plain dict ``search.index_documents`` indexes, built from the database alone; its
    ``stamp`` (a hash of the rest) lets ``verify`` find stale index entries."""
    rows = documents.field_rows(session, doc.id)
    fields = {name: row.value for name, row in rows.items()}
    pages = session.scalars(select(PageRow.text).where(PageRow.document_id == doc.id).order_by(PageRow.number))
    meta_text = " ".join(filter(None, (fields.get(n) for n in ("nomor", "pengirim", "penerima", "partner"))))
    out = {"id": doc.id, "file": doc.filename, "title": documents.title_of(doc, rows),
           "content": "\n".join(pages) + ("\n" + meta_text if meta_text else ""),
           "doc_type": doc.doc_type, "sop_step": doc.sop_step,
           "partner": canonical_name(fields.get("partner")) or None,  # one name per partner (facet, filter)
           "tanggal": fields.get("tanggal"), "nomor": fields.get("nomor"),
           "rujukan": loads(doc.rujukan, []), "needs_review": doc.needs_review,
           "activity": _activity_field(session, doc.id)}
    out["stamp"] = hashlib.sha1(json.dumps(out, sort_keys=True, default=str).encode()).hexdigest()
    return out


def index_documents(settings, doc_ids: list[str]) -> int:
    """Index committed documents and mark them indexed (their ingest jobs end: stage done)."""
    if not doc_ids:
        return 0
    written: list[str] = []

    def docs() -> Iterator[dict[str, Any]]:  # read inside the index's writer gate (search.index_documents)
        with session_scope(settings) as s:
            built = [index_doc(s, d) for d in (s.get(Document, i) for i in doc_ids) if d is not None]
        written.extend(d["id"] for d in built)
        yield from built

    n = search.index_documents(settings.index_dir, docs())
    with session_scope(settings) as s:
        s.execute(update(Document).where(Document.id.in_(written)).values(indexed=True))
        s.execute(update(JobRow).where(JobRow.doc_id.in_(written), JobRow.status == "done",
                                       JobRow.stage == "indexing").values(stage="done", progress=1.0,
                                                                          updated_at=now_iso()))
    return n


def rebuild(settings, *, batch: int = 500) -> int:
    """Rebuild the whole index from the database; returns the number of documents indexed."""
    def docs() -> Iterator[dict[str, Any]]:
        with session_scope(settings) as s:
            ids = documents.all_ids(s)
        for start in range(0, len(ids), batch):
            with session_scope(settings) as s:
                for doc_id in ids[start:start + batch]:
                    doc = s.get(Document, doc_id)
                    if doc is not None:
                        yield index_doc(s, doc)

    n = search.rebuild(settings.index_dir, docs())
    with session_scope(settings) as s:
        for d in s.scalars(select(Document).where(Document.indexed.is_(False))):
            d.indexed = True
    log.info("reindexed %d documents", n)
    return n


def index_stamps(settings) -> dict[str, str]:
    """What the index should hold: document id -> stamp of its ``index_doc`` (for ``verify``)."""
    with session_scope(settings) as s:
        return {d.id: index_doc(s, d)["stamp"] for d in s.scalars(select(Document))}
