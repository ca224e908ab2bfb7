"""Finding a document to link as an activity's evidence (issue 18): by words (the search index),
by nomor surat (the OCR-folded key, also a part of it) or by the original file name, each shown
with a readable title; and the unlinked documents the grouping code suggests for an activity
(``archive.linking.unlinked_candidates``), per step.
"""
from __future__ import annotations

from dataclasses import dataclass

from archive import db, search, textnorm
from archive.activity_rows import activity_row
from archive.audit import AuditRules, load_rules
from archive.db import ActivityLinkRow, ActivityRow, select
from archive.linking import unlinked_candidates
from archive.records import SearchQuery
from ingest.errors import BurtError

MAX_QUERY = 200
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember")


@dataclass(frozen=True)
class EvidenceChoice:
    """A document offered for linking: a readable title and where it is linked now."""

    id: str
    title: str
    filename: str
    doc_type: str | None
    type_label: str
    step: int
    tanggal: str | None
    nomor: str | None
    matched: str  # "nomor" | "berkas" (file name) | "teks" (words) | "saran" (a suggestion)
    activity_id: int | None = None  # the activity it is linked to now (None: unlinked)
    activity_label: str | None = None
    score: float = 0.0  # a suggestion's score (0..1)
    reason: str = ""  # a suggestion's reason


def _long_date(iso: str | None) -> str:
    if not iso or len(iso) < 10 or not iso[:4].isdigit():
        return iso or ""
    try:
        return f"{int(iso[8:10])} {_MONTHS[int(iso[5:7]) - 1]} {iso[:4]}"
    except (ValueError, IndexError):
        return iso


def readable_title(perihal: str | None, type_label: str | None, partner: str | None, tanggal: str | None,
                   filename: str) -> str:
    """The perihal, else "type · partner · date" (what is known of them), else the file name."""
    if perihal and perihal.strip():
        return perihal.strip()
    parts = [p for p in (type_label, partner, _long_date(tanggal)) if p]
    return " · ".join(parts) if parts else filename


def _choices(session, ids: list[str], matched: dict[str, str], rules: AuditRules) -> list[EvidenceChoice]:
    if not ids:
        return []
    fields: dict[str, dict[str, str | None]] = {}
    for row in session.scalars(select(db.FieldRow).where(db.FieldRow.document_id.in_(ids))):
        fields.setdefault(row.document_id, {})[row.name] = row.value
    links = {l.document_id: l.activity_id for l in session.scalars(
        select(ActivityLinkRow).where(ActivityLinkRow.document_id.in_(ids)))}
    acts = {a.id: a for a in session.scalars(select(ActivityRow).where(
        ActivityRow.id.in_([a for a in links.values() if a is not None])))}
    docs = {d.id: d for d in session.scalars(select(db.Document).where(db.Document.id.in_(ids)))}
    out = []
    for doc_id in ids:
        doc = docs.get(doc_id)
        if doc is None:
            continue
        f = fields.get(doc_id, {})
        label = rules.label(doc.doc_type) if doc.doc_type else "tanpa jenis"
        partner = f.get("partner") or None
        act = acts.get(links.get(doc_id) or -1)
        out.append(EvidenceChoice(
            id=doc_id, title=readable_title(f.get("perihal"), label if doc.doc_type else None, partner,
                                            f.get("tanggal"), doc.filename),
            filename=doc.filename, doc_type=doc.doc_type, type_label=label,
            step=doc.sop_step or rules.type_steps.get(doc.doc_type or "", 0), tanggal=f.get("tanggal"),
            nomor=f.get("nomor"), matched=matched[doc_id], activity_id=act.id if act else None,
            activity_label=f"#{act.id} {act.partner} {act.period}" if act else None))
    return out


def find_evidence(settings, text: str, *, limit: int = 20) -> list[EvidenceChoice]:
    """Documents matching ``text``: a nomor surat (its OCR-folded key, or a part of it) first, then
    the original file name (any part, any case), then the search index's word hits."""
    text = " ".join((text or "").split())[:MAX_QUERY]
    if not text:
        return []
    rules = load_rules()
    matched: dict[str, str] = {}
    flat = textnorm.nomor_flat(text) if any(c.isdigit() for c in text) else ""
    key = textnorm.nomor_key(text) if flat else ""
    lowered = text.lower()
    with db.session_scope(settings) as session:
        if flat and len(flat) >= 3:
            rows = session.execute(select(db.FieldRow.document_id, db.FieldRow.value).where(
                db.FieldRow.name == "nomor", db.FieldRow.value.is_not(None)).order_by(db.FieldRow.document_id))
            exact, partial = [], []
            for doc_id, value in rows:
                value = value or ""
                if textnorm.nomor_key(value) == key or textnorm.nomor_flat(value) == flat:
                    exact.append(doc_id)
                elif flat in textnorm.nomor_flat(value):
                    partial.append(doc_id)
            for doc_id in exact + partial:
                matched.setdefault(doc_id, "nomor")
        for doc_id, filename in session.execute(select(db.Document.id, db.Document.filename)
                                                .order_by(db.Document.created_at.desc(), db.Document.id)):
            if lowered in (filename or "").lower() or lowered == doc_id:
                matched.setdefault(doc_id, "berkas")
    if len(matched) < limit:
        try:
            hits = search.run_query(settings.index_dir, SearchQuery(text=text, limit=limit, facets=False)).hits
        except BurtError:  # a query the index refuses (too long, only operators): the other matches stand
            hits = ()
        for hit in hits:
            matched.setdefault(hit.id, "teks")
    ids = list(matched)[:limit]
    with db.session_scope(settings) as session:
        return _choices(session, ids, matched, rules)


def evidence_suggestions(settings, activity_id: int) -> dict[int, list[EvidenceChoice]]:
    """Unlinked documents the grouping code suggests for this activity, per SOP step (best first)."""
    rules = load_rules()
    with db.session_scope(settings) as session:
        activity_row(session, activity_id)
    mine = [u for u in unlinked_candidates(settings, rules) if u.candidate == int(activity_id)]
    if not mine:
        return {}
    with db.session_scope(settings) as session:
        found = {c.id: c for c in _choices(session, [u.document for u in mine], {u.document: "saran" for u in mine},
                                           rules)}
    out: dict[int, list[EvidenceChoice]] = {}
    for u in sorted(mine, key=lambda u: -u.score):
        c = found.get(u.document)
        if c is not None:
            out.setdefault(u.step, []).append(EvidenceChoice(**{**c.__dict__, "score": u.score, "reason": u.reason}))
    return out
