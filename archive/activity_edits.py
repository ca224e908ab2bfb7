"""Whole-activity edits by hand (issue 18): merging two activities, deleting one, finding the
activities a new one would duplicate, and withdrawing a sign-off with a reason.

Every change is written to the audit log with the acting user (and the client address when the
web gives one). Nothing here deletes a document: a deleted activity's documents become unlinked
(as if a person had unlinked them, so auto-linking leaves them alone and the audit lists them
with a suggestion); a merged activity's documents and sign-offs move into the one kept.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archive import db
from archive.activities import ActivityChoice, _user_name, _user_role
from archive.activity_rows import activity_row, parse_period, set_link
from archive.audit import load_rules
from archive.db import ActivityLinkRow, ActivityRow, SignOffRow, select
from archive.errors import ActivityError, SignOffNotAllowedError
from archive.indexing import index_documents
from archive.linking import MERGED_FROM, REMOVED_WITH, reason_text
from archive.listed_links import move_listed
from archive.partners import normalise_partner

# Stored as a moved sign-off's withdrawal reason when the kept activity already had the same
# person's sign-off of that step.
MERGED_TWICE = "digabung: tahap ini sudah disahkan orang yang sama di kegiatan tujuan"
MAX_REASON = 500


@dataclass(frozen=True)
class MergeReport:
    kept: int
    removed: int
    documents: tuple[str, ...]
    signoffs: int


@dataclass(frozen=True)
class DeleteReport:
    removed: int
    documents: tuple[str, ...]  # now unlinked
    signoffs: int


def _years(start: str | None, end: str | None, label: str) -> tuple[int, int]:
    if start and end:
        return int(start[:4]), int(end[:4])
    year = int(label[:4]) if label[:4].isdigit() else 0
    return year, year


def similar_activities(settings, partner: str, period: str, *, exclude: int | None = None) -> list[ActivityChoice]:
    """The activities a new one for ``partner`` over ``period`` would duplicate: the same partner
    (the normalised key, which holds its kind: a desa and a kelurahan of one name differ) in an
    overlapping programme year, as auto-linking groups them."""
    _, start, end = parse_period(period)
    key = normalise_partner(partner).key
    out = []
    with db.session_scope(settings) as session:
        for row in session.scalars(select(ActivityRow).where(ActivityRow.partner_key == key)
                                   .order_by(ActivityRow.id)):
            first, last = _years(row.start_date, row.end_date, row.period)
            if row.id != exclude and first <= end.year and start.year <= last:
                out.append(ActivityChoice(row.id, row.partner, row.period))
    return out


def merge_activities(settings, keep_id: int, other_id: int, *, user: Any, address: str | None = None) -> MergeReport:
    """Merge activity ``other_id`` into ``keep_id``: its documents and sign-offs move over (a
    sign-off the kept activity already has from the same person for that step is kept as
    withdrawn), the period grows to cover both, and ``other_id`` is removed. Audited on both ids."""
    name = _user_name(user)
    if int(keep_id) == int(other_id):
        raise ActivityError("Kegiatan tidak dapat digabung dengan dirinya sendiri. / "
                            "An activity cannot be merged with itself.", code="merge_same")
    with db.session_scope(settings) as session:
        keep, other = activity_row(session, keep_id), activity_row(session, other_id)
        move_listed(session, other.id, keep.id)  # schedules listing its partner (archive.listed_links)
        moved = list(session.scalars(select(ActivityLinkRow).where(ActivityLinkRow.activity_id == other.id)))
        doc_ids = tuple(sorted(link.document_id for link in moved))
        for link in moved:
            set_link(session, link.document_id, keep.id, user=name, confidence=link.confidence,
                     reason=reason_text(MERGED_FROM, activity=other.id, user=name))
        standing = {(r.step, r.user) for r in session.scalars(select(SignOffRow).where(
            SignOffRow.activity_id == keep.id, SignOffRow.withdrawn_at.is_(None)))}
        signoffs = list(session.scalars(select(SignOffRow).where(SignOffRow.activity_id == other.id)))
        for row in signoffs:
            row.activity_id = keep.id
            if row.withdrawn_at is None and (row.step, row.user) in standing:
                row.withdrawn_at, row.withdrawn_by, row.withdrawn_reason = db.now_iso(), name, MERGED_TWICE
        starts = [d for d in (keep.start_date, other.start_date) if d]
        ends = [d for d in (keep.end_date, other.end_date) if d]
        if starts and ends and (min(starts), max(ends)) != (keep.start_date, keep.end_date):
            keep.start_date, keep.end_date = min(starts), max(ends)
            keep.period = f"{keep.start_date}..{keep.end_date}"
        keep.kecamatan = keep.kecamatan or other.kecamatan
        detail = {"from": other.id, "into": keep.id, "partner": other.partner, "period": other.period,
                  "documents": list(doc_ids), "signoffs": len(signoffs)}
        if address:
            detail["address"] = address
        db.write_audit(session, "activity.merge", user=name, activity_id=str(keep.id), detail=detail)
        db.write_audit(session, "activity.merged_into", user=name, activity_id=str(other.id), detail=detail)
        session.flush()
        session.delete(other)
    index_documents(settings, list(doc_ids))
    return MergeReport(kept=int(keep_id), removed=int(other_id), documents=doc_ids, signoffs=len(signoffs))


def delete_activity(settings, activity_id: int, *, user: Any, reason: str | None = None,
                    address: str | None = None) -> DeleteReport:
    """Remove an activity. Its documents become unlinked (never deleted); one with standing
    sign-offs needs a ``reason`` (``activity_signed_off`` without). Audited, with the sign-offs."""
    name = _user_name(user)
    why = (reason or "").strip()[:MAX_REASON]
    with db.session_scope(settings) as session:
        row = activity_row(session, activity_id)
        signoffs = list(session.scalars(select(SignOffRow).where(SignOffRow.activity_id == row.id)))
        standing = [s for s in signoffs if s.withdrawn_at is None]
        if standing and not why:
            raise ActivityError(
                f"Kegiatan #{row.id} sudah disahkan ({len(standing)} pengesahan); tulis alasan untuk menghapusnya. / "
                f"Activity #{row.id} has sign-offs; give a reason to delete it.", code="activity_signed_off")
        links = list(session.scalars(select(ActivityLinkRow).where(ActivityLinkRow.activity_id == row.id)))
        doc_ids = tuple(sorted(link.document_id for link in links))
        for link in links:
            set_link(session, link.document_id, None, user=name, confidence=1.0,
                     reason=reason_text(REMOVED_WITH, activity=row.id, user=name))
        detail: dict[str, Any] = {"partner": row.partner, "period": row.period, "documents": list(doc_ids),
                                  "signoffs": [{"step": s.step, "user": s.user, "at": s.at,
                                                "withdrawn": s.withdrawn_at is not None} for s in signoffs]}
        if why:
            detail["reason"] = why
        if address:
            detail["address"] = address
        db.write_audit(session, "activity.delete", user=name, activity_id=str(row.id), detail=detail)
        for s in signoffs:
            session.delete(s)
        session.flush()
        session.delete(row)
    index_documents(settings, list(doc_ids))
    return DeleteReport(removed=int(activity_id), documents=doc_ids, signoffs=len(standing))


def withdraw_sign_off(settings, activity_id: int, signoff_id: int, *, user: Any, reason: str,
                      address: str | None = None) -> int:
    """Withdraw a standing sign-off with a reason (required): the step shows as not signed (unless
    someone else signed it too) and the history keeps both. The signer may withdraw their own;
    anyone else needs a role the SOP lets sign that step. Returns the step. Audited."""
    why = (reason or "").strip()[:MAX_REASON]
    if not why:
        raise ActivityError("Tulis alasan pencabutan pengesahan. / Give a reason to withdraw the sign-off.",
                            code="reason_required")
    rules = load_rules()
    with db.session_scope(settings) as session:
        row = activity_row(session, activity_id)
        name, role = _user_role(session, user)
        signed = session.get(SignOffRow, int(signoff_id))
        if signed is None or signed.activity_id != row.id or signed.withdrawn_at is not None:
            raise ActivityError(f"Pengesahan #{signoff_id} tidak ada (atau sudah dicabut) pada kegiatan #{row.id}. / "
                                f"No standing sign-off #{signoff_id} in activity #{row.id}.", code="not_signed")
        rule = rules.step(signed.step)
        if signed.user != name and (rule is None or role not in rule.signoff_roles):
            raise SignOffNotAllowedError(
                f"Peran '{role or '-'}' tidak berwenang mencabut pengesahan tahap {signed.step}. / "
                f"Role may not withdraw this sign-off.")
        signed.withdrawn_at, signed.withdrawn_by, signed.withdrawn_reason = db.now_iso(), name, why
        detail: dict[str, Any] = {"step": signed.step, "signed_by": signed.user, "signed_at": signed.at,
                                  "reason": why}
        if address:
            detail["address"] = address
        db.write_audit(session, "activity.signoff_withdrawn", user=name, activity_id=str(row.id), detail=detail)
        return signed.step
