"""A document that lists several partners (a jadwal pembinaan visiting several libraries) is evidence
for each listed partner's activity, not only for the one its own link points at (issue 17).

A document's own link stays one row of ``activity_links`` (``archive.linking``). The further activities
it is evidence for are rows of ``activity_listed_links`` (``db.ActivityListedRow``, migration
``0701_listed_links``): one per listed partner whose activity's period holds the document's date, the
partner's kind agreeing ("Perpustakaan Desa Lok Batu" lists Desa Lok Batu, never SD Negeri Lok Batu;
``archive.partners.lists_partner``). The audit counts such a document in each of those activities
(``archive.evidence.activity_evidence``), without its partner (it names many); the activity page shows
it as shared. A person may take one away (``remove_listed``): the row is kept with ``removed_at``, so it
is never added again automatically.
"""
from __future__ import annotations

from typing import Iterable

from archive import db
from archive.audit import ActivityEvidence, AuditRules, EvidenceDoc
from archive.db import ActivityListedRow, Session, select
from archive.partners import lists_partner, names_several_partners, normalise_partner

# The stored reason of a listed link (Indonesian; ``archive.linking.REASON_TEMPLATES`` reads it back).
LISTED_IN = "Dokumen mendaftar beberapa mitra, termasuk %(partner)s (kegiatan #%(activity)s) pada periodenya."
# The document types whose pages list several partners as the subject of the step: a schedule of
# pembinaan visits. (A letter naming another partner in passing is not evidence of that partner's step.)
LISTING_TYPES = ("jadwal_pembinaan",)
# How sure a listed link is: the partner is one row of a table OCR read, the date in the period.
LISTED_CONFIDENCE = 0.5


def _in_period(act: ActivityEvidence, doc: EvidenceDoc, slack: int) -> bool:
    if doc.tanggal is None or act.start is None or act.end is None:
        return False
    return act.start.toordinal() - slack <= doc.tanggal.toordinal() <= act.end.toordinal() + slack


def _nearest_gap(act: ActivityEvidence, doc: EvidenceDoc) -> int:
    days = [abs((d.tanggal - doc.tanggal).days) for d in act.documents if d.tanggal and doc.tanggal]
    return min(days) if days else 10**6


def listed_activities(doc: EvidenceDoc, activities: Iterable[ActivityEvidence], rules: AuditRules,
                      text: str) -> list[ActivityEvidence]:
    """The activities a dated SOP-step document listing several partners (of ``LISTING_TYPES``) is evidence for: per listed
    partner (kind agreeing), its activity whose period holds the date (the nearest by its documents'
    dates when there are two). Empty for a document of no step, undated, or naming one partner."""
    if doc.doc_type not in LISTING_TYPES or not rules.type_steps.get(doc.doc_type, 0) or doc.tanggal is None \
            or not names_several_partners(text):
        return []
    best: dict[str, ActivityEvidence] = {}
    for act in activities:
        if not _in_period(act, doc, rules.tolerance_days) or not lists_partner(text, act.partner):
            continue
        key = normalise_partner(act.partner).key
        if key not in best or (_nearest_gap(act, doc), act.id) < (_nearest_gap(best[key], doc), best[key].id):
            best[key] = act
    return sorted(best.values(), key=lambda a: a.id)


def store_listed(session: Session, doc_id: str, activities: Iterable[ActivityEvidence],
                 own: int | None) -> list[int]:
    """Add a listed link from ``doc_id`` to each of ``activities`` that is not its own link (``own``)
    and has no row yet (a removed row stays removed); audited. Returns the activities added."""
    have = {r.activity_id for r in session.scalars(select(ActivityListedRow).where(
        ActivityListedRow.document_id == doc_id))}
    added = []
    for act in activities:
        if act.id == own or act.id in have:
            continue
        reason = LISTED_IN % {"partner": act.partner, "activity": act.id}
        session.add(ActivityListedRow(document_id=doc_id, activity_id=act.id, confidence=LISTED_CONFIDENCE,
                                      reason=reason, linked_at=db.now_iso()))
        db.write_audit(session, "activity.listed_link", user=None, doc_id=doc_id, activity_id=str(act.id),
                       detail={"confidence": LISTED_CONFIDENCE, "reason": reason})
        added.append(act.id)
    if added:
        session.flush()
    return added


def listed_rows(session: Session, activity_id: int) -> dict[str, ActivityListedRow]:
    """The standing listed links of an activity (document id -> row)."""
    return {r.document_id: r for r in session.scalars(select(ActivityListedRow).where(
        ActivityListedRow.activity_id == activity_id, ActivityListedRow.removed_at.is_(None)))}


def documents_listed(session: Session) -> set[str]:
    """The documents that are evidence of some activity through a standing listed link."""
    return set(session.scalars(select(ActivityListedRow.document_id).where(ActivityListedRow.removed_at.is_(None))))


def remove_listed(session: Session, doc_id: str, activity_id: int, user: str | None) -> bool:
    """Take a listed link away (a person: the schedule is not evidence of that activity); kept as
    removed so it is not added again. False when there is no standing one. Audited."""
    row = session.get(ActivityListedRow, (doc_id, activity_id))
    if row is None or row.removed_at is not None:
        return False
    row.removed_by, row.removed_at = user or "", db.now_iso()
    db.write_audit(session, "activity.listed_unlink", user=user, doc_id=doc_id, activity_id=str(activity_id),
                   detail={"reason": row.reason})
    return True


def move_listed(session: Session, from_id: int, to_id: int) -> None:
    """An activity merged into another: its listed links go with it (one per document)."""
    have = set(session.scalars(select(ActivityListedRow.document_id).where(ActivityListedRow.activity_id == to_id)))
    for row in list(session.scalars(select(ActivityListedRow).where(ActivityListedRow.activity_id == from_id))):
        if row.document_id in have:
            session.delete(row)
        else:
            session.add(ActivityListedRow(document_id=row.document_id, activity_id=to_id, confidence=row.confidence,
                                          reason=row.reason, linked_at=row.linked_at, removed_by=row.removed_by,
                                          removed_at=row.removed_at))
            session.delete(row)
    session.flush()
