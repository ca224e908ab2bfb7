"""Activities (kegiatan BuRT): one cooperation with one partner over a period, and the
documents that are its evidence — the service functions people and pages call.

Listing and showing activities with their audit verdict, creating one by hand, hand link /
unlink / move of documents and step sign-off, every change written to the audit log; the
SOP audit of every activity. Where the pieces live: the tables in ``archive.db``, the shared row
writes in ``archive.activity_rows``, documents read as audit evidence in ``archive.evidence``,
automatic linking (with confidence and reason) in ``archive.linking``, the audit rules
themselves (pure) in ``archive.audit``.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from archive import db
from archive.activity_rows import activity_row, new_activity, set_link
from archive.audit import (
    ActivityAudit,
    ActivityEvidence,
    AuditReport,
    AuditRules,
    NomorIndex,
    SignOff,
    audit_activities,
    audit_activity,
    doc_step,
    load_rules,
)
from archive.db import ActivityLinkRow, ActivityRow, Session, SignOffRow, select
from archive.errors import ActivityError, SignOffNotAllowedError
from archive.evidence import activity_evidence, linked_nomor_index
from archive.indexing import index_documents
from archive.linking import LINKED_BY, UNLINKED_BY, link_unlinked, read_reason, reason_text, unlinked_candidates
from archive.listed_links import listed_rows, remove_listed
from archive.wording import Wording

# ---------------------------------------------------------------- records returned

@dataclass(frozen=True)
class LinkedDocument:
    id: str
    title: str
    doc_type: str | None
    type_label: str
    step: int
    tanggal: str | None
    nomor: str | None
    confidence: float
    reason: str
    linked_by: str
    needs_review: bool
    reason_wording: Wording | None = None  # the reason as template + parameters (None: unknown form)
    # evidence here because it lists this activity's partner among several (a schedule; its own link,
    # if any, is another activity's): archive.listed_links
    listed: bool = False

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "reason_wording"}


@dataclass(frozen=True)
class ActivitySummary:
    id: int
    partner: str
    partner_key: str
    period: str
    kecamatan: str | None
    document_count: int
    complete: bool
    in_order: bool
    finding_count: int

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SignOffRecord:
    """A sign-off as its history shows it: who signed, when, any override reason, and its
    withdrawal (who, when, why) if it was withdrawn."""

    id: int
    step: int
    user: str
    role: str
    at: str  # UTC ISO timestamp
    override_reason: str | None = None
    withdrawn_at: str | None = None
    withdrawn_by: str | None = None
    withdrawn_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True)
class ActivityDetail:
    summary: ActivitySummary
    audit: ActivityAudit
    documents: tuple[LinkedDocument, ...]
    signoffs: tuple[SignOff, ...]  # the standing ones (what the audit sees)
    history: tuple[SignOffRecord, ...] = ()  # every sign-off, withdrawn ones too, oldest first
    books: int | None = None  # books distributed: eksemplar summed over its book lists (None: no list read)
    schedule: tuple[Any, ...] = ()  # expected dates: table_data.ScheduleEntry of its jadwal, by date

    def to_json(self) -> dict:
        out = self.summary.to_json()
        out["documents"] = [d.to_json() for d in self.documents]
        out["audit"] = self.audit.to_json()
        out["signoffs"] = [s.__dict__ for s in self.signoffs]
        out["books"] = self.books
        out["schedule"] = [e.to_json() for e in self.schedule]
        return out


@dataclass(frozen=True)
class ActivityChoice:
    """An activity as a choice in a form (no audit run)."""

    id: int
    partner: str
    period: str


# ---------------------------------------------------------------- hand edits

def _user_name(user: Any) -> str | None:
    if user is None or isinstance(user, str):
        return user
    return getattr(user, "name", None) or str(user)


def create_activity(settings, partner: str, period: str, *, user: Any = None) -> ActivitySummary:
    """A new activity for ``partner`` over ``period`` ('2024' or 'yyyy-mm-dd..yyyy-mm-dd'); audited."""
    rules = load_rules()
    with db.session_scope(settings) as session:
        row = new_activity(session, partner, period, _user_name(user))
        return _summary(session, row, rules)


def link_document(settings, doc_id: str, activity_id: int, *, user: Any) -> ActivityDetail:
    """Link a document to an activity by hand (replacing any other link); audited."""
    name = _user_name(user)
    with db.session_scope(settings) as session:
        row = activity_row(session, activity_id)
        old, _ = set_link(session, doc_id, row.id, user=name, confidence=1.0,
                           reason=reason_text(LINKED_BY, user=name))
        action = "activity.move" if old and old != row.id else "activity.link"
        db.write_audit(session, action, user=name, doc_id=doc_id, activity_id=str(row.id),
                       detail={"from": old, "to": row.id})
    index_documents(settings, [doc_id])
    return get_activity(settings, activity_id)


def move_document(settings, doc_id: str, activity_id: int, *, user: Any) -> ActivityDetail:
    """Move a document to another activity (same as linking; the log records where from)."""
    return link_document(settings, doc_id, activity_id, user=user)


def unlink_document(settings, doc_id: str, *, user: Any, activity_id: int | None = None) -> None:
    """Remove a document from its activity; auto-linking will leave it alone afterwards.

    With ``activity_id`` the document must be linked to that activity.  Unlinking evidence of a
    signed-off step withdraws that step's sign-offs (audited): what was signed off has changed."""
    name = _user_name(user)
    rules = load_rules()
    with db.session_scope(settings) as session:
        link = session.get(ActivityLinkRow, doc_id)
        current = link.activity_id if link is not None else None
        if activity_id is not None and current != int(activity_id) \
                and remove_listed(session, doc_id, int(activity_id), name):  # a schedule listing its partner
            return
        if activity_id is not None and current != int(activity_id):
            raise ActivityError(f"Dokumen {doc_id} tidak tertaut ke kegiatan #{activity_id}. / "
                                f"Document {doc_id} is not linked to activity #{activity_id}.", code="not_linked")
        old, _ = set_link(session, doc_id, None, user=name, confidence=1.0,
                           reason=reason_text(UNLINKED_BY, user=name))
        db.write_audit(session, "activity.unlink", user=name, doc_id=doc_id,
                       activity_id=str(old) if old else None, detail={"from": old})
        if old:
            _withdraw_signoffs(session, rules, int(old), doc_id, name)
    index_documents(settings, [doc_id])


# The reason stored on a sign-off withdrawn because its evidence was unlinked (shown translated).
EVIDENCE_UNLINKED = "bukti tahap ini dilepas dari kegiatan"


def _withdraw_signoffs(session: Session, rules: AuditRules, activity_id: int, doc_id: str, name: str | None) -> None:
    doc = session.get(db.Document, doc_id)
    step = (doc.sop_step or rules.type_steps.get(doc.doc_type or "")) if doc is not None else None
    if not step:
        return
    rows = list(session.scalars(select(SignOffRow).where(SignOffRow.activity_id == activity_id,
                                                         SignOffRow.step == step,
                                                         SignOffRow.withdrawn_at.is_(None))))
    for row in rows:
        db.write_audit(session, "activity.signoff_withdrawn", user=name, doc_id=doc_id, activity_id=str(activity_id),
                       detail={"step": step, "signed_by": row.user, "signed_at": row.at, "reason": "evidence_unlinked"})
        row.withdrawn_at, row.withdrawn_by, row.withdrawn_reason = db.now_iso(), name, EVIDENCE_UNLINKED


def missing_evidence(session: Session, row: ActivityRow, rules: AuditRules, step: int) -> list[str]:
    """The required evidence types the audit finds missing in ``step`` (the step is "Kurang bukti")."""
    result = audit_activity(activity_evidence(session, row, rules), rules, linked_nomor_index(session))
    found = next((s for s in result.steps if s.step == step), None)
    return [t for t in found.evidence if t not in found.present] if found is not None else []


_MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember")


def wita(iso: str | None) -> str:
    """A stored UTC timestamp as the office reads it: "22 April 2024 14.05 WITA" (Asia/Makassar)."""
    if not iso:
        return ""
    try:
        at = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    at = at.astimezone(ZoneInfo("Asia/Makassar"))
    return f"{at.day} {_MONTHS_ID[at.month - 1]} {at.year} {at:%H.%M} WITA"


def _user_role(session: Session, user: Any) -> tuple[str, str | None]:
    name = _user_name(user)
    role = None if isinstance(user, str) else getattr(user, "role", None)
    if role is None and name:
        row = session.scalars(select(db.UserRow).where(db.UserRow.name == name)).first()
        role = row.role if row else None
    return name or "", role


def sign_off(settings, activity_id: int, step: int, *, user: Any, override_reason: str | None = None,
             address: str | None = None, dry_run: bool = False) -> SignOff:
    """Mark a step verified. Only the roles the SOP names for that step may; audited (who, when).
    The step's required evidence must be linked (the step is not "Kurang bukti"), unless
    ``override_reason`` says why not (audited). ``dry_run``: check only (the confirmation page),
    nothing is written and the returned sign-off has no time."""
    rules = load_rules()
    rule = rules.step(int(step))
    if rule is None:
        raise ActivityError(f"Tahap {step} tidak ada dalam SOP. / Step {step} is not in the SOP.")
    with db.session_scope(settings) as session:
        row = activity_row(session, activity_id)
        name, role = _user_role(session, user)
        if role not in rule.signoff_roles:
            raise SignOffNotAllowedError(
                f"Peran '{role or '-'}' tidak berwenang mengesahkan tahap {rule.number}; yang berwenang: "
                f"{', '.join(rule.signoff_roles)}. / Role may not sign off this step.")
        again = session.scalars(select(SignOffRow).where(SignOffRow.activity_id == row.id,
                                                          SignOffRow.step == rule.number,
                                                          SignOffRow.user == name,
                                                          SignOffRow.withdrawn_at.is_(None))).first()
        if again is not None:
            raise ActivityError(f"Tahap {rule.number} sudah Anda sahkan pada {wita(again.at)}. / "
                                f"You already signed off step {rule.number} ({again.at}).", code="already_signed")
        missing = missing_evidence(session, row, rules, rule.number)
        reason = (override_reason or "").strip()[:500]
        if missing and not reason:
            raise ActivityError(
                f"Bukti tahap {rule.number} belum lengkap (kurang: {', '.join(rules.label(t) for t in missing)}); "
                f"tautkan buktinya atau sahkan dengan alasan. / Step {rule.number} lacks its required evidence "
                f"({', '.join(missing)}); link it or give a reason to sign off anyway.", code="evidence_missing")
        if dry_run:
            return SignOff(step=rule.number, user=name, role=role, at="")
        at = db.now_iso()
        session.add(SignOffRow(activity_id=row.id, step=rule.number, user=name, role=role, at=at,
                               override_reason=reason if missing else None))
        detail = {"step": rule.number, "role": role}
        if missing:
            detail.update({"override": reason, "missing": missing})
        if address:
            detail["address"] = address
        db.write_audit(session, "activity.signoff", user=name, activity_id=str(row.id), detail=detail)
        return SignOff(step=rule.number, user=name, role=role, at=at)


# ---------------------------------------------------------------- reading, with the audit's verdict

def _summary(session: Session, row: ActivityRow, rules: AuditRules, result: ActivityAudit | None = None,
             index: NomorIndex | None = None) -> ActivitySummary:
    if result is None:
        index = linked_nomor_index(session) if index is None else index
        result = audit_activity(activity_evidence(session, row, rules), rules, index)
    return ActivitySummary(id=row.id, partner=row.partner, partner_key=row.partner_key, period=row.period,
                           kecamatan=row.kecamatan, document_count=len(result.documents),
                           complete=result.complete, in_order=result.in_order,
                           finding_count=len(result.findings))


def load_activity_evidence(settings, activity_id: int | None = None,
                           rules: AuditRules | None = None) -> list[ActivityEvidence]:
    """Every activity (or one) as audit input."""
    rules = rules or load_rules()
    with db.session_scope(settings) as session:
        if activity_id is not None:
            return [activity_evidence(session, activity_row(session, activity_id), rules)]
        rows = session.scalars(select(ActivityRow).order_by(ActivityRow.partner, ActivityRow.period)).all()
        return [activity_evidence(session, r, rules) for r in rows]


def activity_choices(settings) -> list[ActivityChoice]:
    """Every activity's id, partner and period, cheaply (for "move to" menus)."""
    with db.session_scope(settings) as session:
        rows = session.execute(select(ActivityRow.id, ActivityRow.partner, ActivityRow.period)
                               .order_by(ActivityRow.partner, ActivityRow.period)).all()
        return [ActivityChoice(*r) for r in rows]


def list_activities(settings) -> list[ActivitySummary]:
    """All activities with their audit verdict, by partner then period (links new documents first)."""
    rules = load_rules()
    link_unlinked(settings, rules)
    with db.session_scope(settings) as session:
        rows = session.scalars(select(ActivityRow).order_by(ActivityRow.partner, ActivityRow.period)).all()
        index = linked_nomor_index(session)
        return [_summary(session, r, rules, index=index) for r in rows]


def get_activity(settings, activity_id: int) -> ActivityDetail:
    """One activity: its audit, linked documents (with link reason) and sign-offs."""
    rules = load_rules()
    with db.session_scope(settings) as session:
        row = activity_row(session, activity_id)
        evidence = activity_evidence(session, row, rules)
        result = audit_activity(evidence, rules, linked_nomor_index(session))
        links: dict[str, Any] = {l.document_id: l for l in session.scalars(
            select(ActivityLinkRow).where(ActivityLinkRow.activity_id == row.id))}
        listed = {k: v for k, v in listed_rows(session, row.id).items() if k not in links}
        links.update(listed)
        docs = tuple(LinkedDocument(
            id=d.id, title=d.title, doc_type=d.doc_type, type_label=rules.label(d.doc_type),
            step=doc_step(d, rules), tanggal=d.tanggal.isoformat() if d.tanggal else None,
            nomor=d.nomor, confidence=links[d.id].confidence, reason=links[d.id].reason,
            linked_by="auto" if d.id in listed else links[d.id].linked_by, needs_review=d.needs_review,
            reason_wording=read_reason(links[d.id].reason), listed=d.id in listed) for d in evidence.documents)
        history = tuple(SignOffRecord(id=r.id, step=r.step, user=r.user, role=r.role, at=r.at,
                                      override_reason=r.override_reason, withdrawn_at=r.withdrawn_at,
                                      withdrawn_by=r.withdrawn_by, withdrawn_reason=r.withdrawn_reason)
                        for r in session.scalars(select(SignOffRow).where(SignOffRow.activity_id == row.id)
                                                 .order_by(SignOffRow.at, SignOffRow.id)))
        return ActivityDetail(summary=_summary(session, row, rules, result), audit=result, documents=docs,
                              signoffs=evidence.signoffs, history=history)


def read_link_reason(text: str | None) -> Wording | None:
    """A stored link reason (a link row's, or an audit-log entry's ``reason``) as template +
    parameters, for pages in other languages; None when no known template wrote it."""
    return read_reason(text)


def activity_of_document(settings, doc_id: str) -> ActivityDetail | None:
    """The activity a document is linked to (with its other documents), or None."""
    with db.session_scope(settings) as session:
        link = session.get(ActivityLinkRow, doc_id)
        activity_id = link.activity_id if link is not None else None
    return get_activity(settings, activity_id) if activity_id is not None else None


def audit(settings, activity_id: int | None = None) -> AuditReport:
    """Audit every activity (or one) against the SOP; links any not-yet-linked documents first,
    so the audit is complete even when ingest did not call ``auto_link``."""
    rules = load_rules()
    if activity_id is None:
        link_unlinked(settings, rules)
    evidence = load_activity_evidence(settings, activity_id, rules)
    with db.session_scope(settings) as session:
        index = linked_nomor_index(session)
    report = audit_activities(evidence, rules, generated_at=db.now_iso(), index=index)
    if activity_id is None:  # the whole audit also lists the step evidence left out of every activity
        report = dataclasses.replace(report, unlinked=unlinked_candidates(settings, rules))
    return report
