"""Documents in the database: turning an ``IngestResult`` into rows, reading them back as
records, and metadata corrections with history.  (What the search index holds of a document is
built in ``archive.indexing``.)"""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import cast

from archive.db import (
    DerivativeRow,
    Document,
    FieldHistoryRow,
    FieldRow,
    PageRow,
    Session,
    dumps,
    loads,
    now_iso,
    select,
    write_audit,
)
from archive.errors import DocumentNotFoundError, InvalidChangeError
from archive.records import DocumentDetail, DocumentSummary, FieldChange, FieldValue, PageRecord
from ingest.model import IngestResult, Metadata
from ingest.sop import load_sop

log = logging.getLogger(__name__)

FIELD_NAMES = Metadata.FIELD_NAMES
CLASS_FIELDS = ("doc_type", "sop_step")
EDITABLE = FIELD_NAMES + CLASS_FIELDS


def insert_result(session: Session, doc_id: str, result: IngestResult, *, original_path: str,
                  derivatives: dict[str, tuple[str, str, int]], user: str | None) -> Document:
    """Add the document, its pages, fields (with their first history entry) and derivatives."""
    now = now_iso()
    c = result.classification
    doc = Document(
        id=doc_id, sha256=result.source.sha256, filename=result.source.name, kind=result.source.kind,
        size=result.source.size, page_count=len(result.pages), original_path=original_path,
        doc_type=c.doc_type, sop_step=c.sop_step, class_confidence=float(c.confidence),
        class_reasons=dumps(list(c.reasons)), model_version=c.model_version,
        needs_review=bool(c.abstained or c.doc_type is None or result.metadata.review),
        flags=dumps(list(result.flags)),
        pihak=dumps([p.to_json() for p in result.metadata.pihak]),
        rujukan=dumps([r.value for r in result.metadata.rujukan if r.present]),
        timings=dumps({k: round(float(v), 1) for k, v in result.timings_ms.items()}),
        created_at=now, created_by=user, indexed=False)
    session.add(doc)
    session.flush()
    for p in result.pages:
        session.add(PageRow(document_id=doc_id, number=p.number, text=p.text, confidence=float(p.confidence),
                            width=p.width, height=p.height, rotation=p.rotation, skew_degrees=float(p.skew_degrees),
                            flags=dumps(list(p.flags)), words=dumps([w.to_json() for w in p.words])))
    for name in FIELD_NAMES:
        f = getattr(result.metadata, name)
        value = f.value if f.present else None
        session.add(FieldRow(document_id=doc_id, name=name, value=value, confidence=float(f.confidence),
                             set_by="ocr", set_at=now, reason=f.reason))
        if value is not None:
            session.add(FieldHistoryRow(document_id=doc_id, name=name, old_value=None, new_value=value,
                                        confidence=float(f.confidence), set_by="ocr", set_at=now, reason=f.reason))
    for name, (rel, sha, size) in derivatives.items():
        session.add(DerivativeRow(document_id=doc_id, name=name, path=rel, sha256=sha, size=size))
    write_audit(session, "document.ingest", user=user, doc_id=doc_id,
                detail={"file": result.source.name, "sha256": result.source.sha256, "doc_type": c.doc_type,
                        "sop_step": c.sop_step, "pages": len(result.pages)})
    return doc


def load(session: Session, doc_id: str) -> Document:
    doc = session.get(Document, doc_id)
    if doc is None:
        raise DocumentNotFoundError(f"Dokumen {doc_id} tidak ditemukan. / Document {doc_id} not found.")
    return doc


def field_rows(session: Session, doc_id: str) -> dict[str, FieldRow]:
    return {f.name: f for f in session.scalars(select(FieldRow).where(FieldRow.document_id == doc_id))}


def title_of(doc: Document, fields: dict[str, FieldRow]) -> str:
    perihal = fields.get("perihal")
    if perihal is not None and perihal.value:
        return perihal.value
    return Path(doc.filename).stem


def summary(session: Session, doc: Document) -> DocumentSummary:
    fields = field_rows(session, doc.id)
    return DocumentSummary(id=doc.id, filename=doc.filename, title=title_of(doc, fields), doc_type=doc.doc_type,
                           sop_step=doc.sop_step, tanggal=_value(fields, "tanggal"), nomor=_value(fields, "nomor"),
                           needs_review=doc.needs_review, page_count=doc.page_count, created_at=doc.created_at,
                           classification_confidence=float(doc.class_confidence or 0.0))


def _value(fields: dict[str, FieldRow], name: str) -> str | None:
    f = fields.get(name)
    return f.value if f is not None else None


def detail(session: Session, doc: Document) -> DocumentDetail:
    fields = field_rows(session, doc.id)
    pages = session.scalars(select(PageRow).where(PageRow.document_id == doc.id).order_by(PageRow.number))
    history = session.scalars(select(FieldHistoryRow).where(FieldHistoryRow.document_id == doc.id)
                              .order_by(FieldHistoryRow.id))
    derivs = session.scalars(select(DerivativeRow.name).where(DerivativeRow.document_id == doc.id)
                             .order_by(DerivativeRow.name))
    return DocumentDetail(
        id=doc.id, sha256=doc.sha256, filename=doc.filename, kind=doc.kind, size=doc.size,
        title=title_of(doc, fields), doc_type=doc.doc_type, sop_step=doc.sop_step,
        classification_confidence=doc.class_confidence, classification_reasons=tuple(loads(doc.class_reasons, [])),
        needs_review=doc.needs_review, model_version=doc.model_version, page_count=doc.page_count,
        created_at=doc.created_at, created_by=doc.created_by, flags=tuple(loads(doc.flags, [])),
        fields={n: FieldValue(n, f.value, f.confidence, f.set_by, f.set_at, f.reason) for n, f in fields.items()},
        pages=tuple(PageRecord(p.number, p.text, p.confidence, p.width, p.height, tuple(loads(p.flags, [])),
                               tuple(loads(p.words, []))) for p in pages),
        history=tuple(FieldChange(h.name, h.old_value, h.new_value, h.set_by, h.set_at, h.reason) for h in history),
        derivatives=tuple(derivs), pihak=tuple(loads(doc.pihak, [])), rujukan=tuple(loads(doc.rujukan, [])))


def _check_change(name: str, value) -> str | int | None:
    if name not in EDITABLE:
        raise InvalidChangeError(f"Kolom '{name}' tidak dapat diubah. / Field '{name}' cannot be changed.")
    if value is not None and not isinstance(value, (str, int)):
        raise InvalidChangeError(f"Nilai '{name}' harus teks. / '{name}' must be text.")
    if isinstance(value, str):
        value = value.strip() or None
    if name == "sop_step" and value is not None:
        try:
            value = int(value)
        except ValueError as exc:
            raise InvalidChangeError("Tahap SOP harus angka 1-6. / SOP step must be 1-6.") from exc
    if name == "tanggal" and value is not None:
        try:
            date.fromisoformat(str(value))
        except ValueError as exc:
            raise InvalidChangeError("Tanggal harus TTTT-BB-HH. / Date must be YYYY-MM-DD.") from exc
    return value


def with_sop_step(changes: dict) -> dict:
    """``changes`` with the SOP step a new ``doc_type`` proves (from the SOP data), unless the
    change names ``sop_step`` itself.  No type (or a type proving no step) → no step.  A type the
    SOP does not define is refused with ``InvalidChangeError``."""
    if "doc_type" not in changes or "sop_step" in changes:
        return dict(changes)
    doc_type = changes["doc_type"].strip() if isinstance(changes["doc_type"], str) else changes["doc_type"]
    if not doc_type:
        return {**changes, "doc_type": None, "sop_step": None}
    try:
        step = load_sop().doc_type(doc_type).step
    except KeyError as exc:
        raise InvalidChangeError(f"Jenis dokumen '{doc_type}' tidak dikenal. / "
                                 f"Unknown document type '{doc_type}'.") from exc
    return {**changes, "doc_type": doc_type, "sop_step": step or None}


def correct(session: Session, doc_id: str, changes: dict, *, user: str, reason: str = "") -> list[str]:
    """Apply corrections (only the fields that differ), record history and one audit entry.
    A new ``doc_type`` brings its SOP step along (``with_sop_step``)."""
    doc = load(session, doc_id)
    changes = with_sop_step(changes)
    fields = field_rows(session, doc_id)
    now, changed, audit_detail = now_iso(), [], {}
    for name, raw in changes.items():
        value = _check_change(name, raw)
        if name in CLASS_FIELDS:
            old = getattr(doc, name)
            if old == value:
                continue
            setattr(doc, name, value)
            if name == "doc_type":
                doc.needs_review = value is None
        else:
            row = fields.get(name)
            old = row.value if row else None
            if old == value:
                continue
            if row is None:
                row = FieldRow(document_id=doc_id, name=name)
                session.add(row)
            row.value, row.confidence, row.set_by, row.set_at, row.reason = cast(str | None, value), 1.0, user, now, reason
        session.add(FieldHistoryRow(document_id=doc_id, name=name, old_value=None if old is None else str(old),
                                    new_value=None if value is None else str(value), confidence=1.0,
                                    set_by=user, set_at=now, reason=reason))
        changed.append(name)
        audit_detail[name] = {"old": old, "new": value}
    if changed:
        doc.indexed = False
        write_audit(session, "document.correct", user=user, doc_id=doc_id, detail=audit_detail)
    return changed


def all_ids(session: Session) -> list[str]:
    return list(session.scalars(select(Document.id).order_by(Document.id)))


__all__ = ["insert_result", "load", "field_rows", "title_of", "summary", "detail", "with_sop_step", "correct",
           "all_ids"]
