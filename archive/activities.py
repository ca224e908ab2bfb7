"""Activities (kegiatan BuRT): one cooperation with one partner over a period, and the
documents that are its evidence.

Holds the activity tables (on ``archive.db.Base``), the loading of documents into the audit's
plain ``EvidenceDoc``s, automatic linking (``decide_link`` is pure; ``auto_link`` applies it),
hand link / unlink / move and step sign-off, every change written to the audit log.

Auto-linking, strongest reason first: the document cites (``rujukan``) the number of a letter
already linked, or is cited by one; the partner it names (metadata partner, a PIHAK of an
MoU, the addressee or sender that is not the Dinas itself) matches an activity's partner and
its date falls in that activity's period; otherwise a new activity for that partner and year.
A document a person unlinked is never re-linked automatically.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from sqlalchemy import Float, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from archive import db, documents
from archive.audit import (ActivityAudit, ActivityEvidence, AuditReport, AuditRules, NomorIndex, audit_activities,
                           normalise_nomor, EvidenceDoc, PartyEvidence, SignOff,
                           audit_activity, find_signatures, load_rules, same_nomor)
from archive.errors import (ActivityError, ActivityNotFoundError, DocumentNotFoundError,  # noqa: F401
                            SignOffNotAllowedError)
from archive.partners import (FUZZY_THRESHOLD, is_own_office, mentions_partner, names_several_partners,
                              normalise_partner, partner_in_text, similarity)

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- tables

class ActivityRow(db.Base):
    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partner: Mapped[str] = mapped_column(String(255))
    partner_key: Mapped[str] = mapped_column(String(255), index=True)
    period: Mapped[str] = mapped_column(String(32))
    start_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    end_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    kecamatan: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ActivityLinkRow(db.Base):
    """The activity a document is evidence for; ``activity_id`` NULL = a person unlinked it."""

    __tablename__ = "activity_links"
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"),
                                                    index=True, nullable=True)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    reason: Mapped[str] = mapped_column(Text, default="")
    linked_by: Mapped[str] = mapped_column(String(64), default="auto")
    linked_at: Mapped[str] = mapped_column(String(32))


class SignOffRow(db.Base):
    __tablename__ = "activity_signoffs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column(Integer)
    user: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    at: Mapped[str] = mapped_column(String(32))


def _index_fields(session: Session, doc_id: str) -> dict:
    """Search-index fields this module owns: the activity a document is linked to."""
    link = session.get(ActivityLinkRow, doc_id)
    return {"activity": [str(link.activity_id)]} if link is not None and link.activity_id else {}


if _index_fields not in documents.INDEX_CONTRIBUTORS:
    documents.INDEX_CONTRIBUTORS.append(_index_fields)


def _reindex(settings, doc_ids: Iterable[str]) -> None:
    """Refresh the search index of documents whose activity link changed."""
    ids = sorted(set(doc_ids))
    if ids:
        from archive import service  # the index is the archive's; reached through its face

        service.refresh_index(settings, ids)


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

    def to_json(self) -> dict:
        return dict(self.__dict__)


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
class ActivityDetail:
    summary: ActivitySummary
    audit: ActivityAudit
    documents: tuple[LinkedDocument, ...]
    signoffs: tuple[SignOff, ...]

    def to_json(self) -> dict:
        out = self.summary.to_json()
        out["documents"] = [d.to_json() for d in self.documents]
        out["audit"] = self.audit.to_json()
        out["signoffs"] = [s.__dict__ for s in self.signoffs]
        return out


@dataclass(frozen=True)
class LinkDecision:
    """Where auto-linking puts a document: an existing activity, a new one, or nowhere."""

    activity_id: int | None
    confidence: float
    reason: str
    new_partner: str | None = None  # create an activity for this partner ...
    new_year: int | None = None  # ... and this year


# ---------------------------------------------------------------- periods

def parse_period(period: str) -> tuple[str, date, date]:
    """'2024' or '2024-01-01..2024-06-30' -> (label, start, end)."""
    text = (period or "").strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return text, date(year, 1, 1), date(year, 12, 31)
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|s\.?d\.?|–|-)\s*(\d{4}-\d{2}-\d{2})", text)
    if m:
        start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        if end >= start:
            return f"{start.isoformat()}..{end.isoformat()}", start, end
    raise ActivityError(f"Periode '{period}' tidak dikenali; tulis tahun (2024) atau rentang "
                        f"2024-01-01..2024-06-30. / Unrecognised period.")


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


# ---------------------------------------------------------------- documents as evidence

_KECAMATAN = re.compile(r"\bkec(?:amatan|\.)[ \t]+([a-z]+(?:[ \t]+(?!kab|kabupaten\b)[a-z]+)?)", re.IGNORECASE)


def find_kecamatan(text: str) -> str | None:
    """The kecamatan named in a letter ("Kecamatan Batumandi"), title-cased, or None."""
    m = _KECAMATAN.search(text or "")
    if not m:
        return None
    words = [w for w in m.group(1).split() if w.lower() not in ("kabupaten", "kab", "di", "provinsi")]
    return " ".join(w.capitalize() for w in words) or None


def _names_partner(name: str | None, instansi: str) -> bool:
    return bool(name) and bool(normalise_partner(name).core) and not is_own_office(name, instansi)


def document_partner(fields: dict[str, str | None], pihak: Iterable[dict], instansi: str,
                     text: str = "") -> tuple[str | None, str, bool]:
    """The partner a document concerns, where that came from, and whether the name is sure.

    Sure: the metadata partner, the PIHAK that is not the Dinas, an addressee or sender whose
    name says what kind of partner it is ("Kepala Desa ..."), else a partner named at the letter
    head. Unsure (only joins an existing activity, never starts one): an addressee or sender of
    unknown kind ("Kepala Bidang Layanan", "Dinas Pendidikan").
    """
    if _names_partner(fields.get("partner"), instansi):
        return fields["partner"], "metadata mitra", True
    for party in pihak:  # the party that is not the Dinas; its instansi, else its name
        names = [party.get(k) for k in ("instansi", "jabatan", "name") if party.get(k)]
        if names and not any(is_own_office(n, instansi) for n in names) and _names_partner(names[0], instansi):
            return names[0], f"PIHAK {str(party.get('role', '')).upper()}", True
    weak = None
    for source in ("penerima", "pengirim"):
        name = fields.get(source)
        if _names_partner(name, instansi):
            if normalise_partner(name).kind:
                return name, source, True
            weak = weak or (name, source, False)
    found = partner_in_text(text, instansi)
    if found:
        return found, "kepala surat", True
    return weak or (None, "", False)


def _load_documents(session: Session, doc_ids: Iterable[str], rules: AuditRules) -> dict[str, EvidenceDoc]:
    ids = list(doc_ids)
    if not ids:
        return {}
    fields: dict[str, dict[str, str | None]] = {}
    for row in session.scalars(select(db.FieldRow).where(db.FieldRow.document_id.in_(ids))):
        fields.setdefault(row.document_id, {})[row.name] = row.value
    out = {}
    for doc in session.scalars(select(db.Document).where(db.Document.id.in_(ids))):
        out[doc.id] = _evidence(session, doc, fields.get(doc.id, {}), rules)
    return out


# EvidenceDoc per document version: linking one new document compares it with every linked
# document, and rebuilding their evidence (page text, fuzzy partner names) each time made
# ingest cost grow with the archive.  The key holds everything ``_evidence`` reads except the
# page text, which never changes for a document row (same database, id, sha and created_at).
_EVIDENCE_CACHE: dict[tuple, EvidenceDoc] = {}
_EVIDENCE_CACHE_MAX = 200_000
_EVIDENCE_LOCK = threading.Lock()


def _evidence_key(session: Session, doc: Any, fields: dict[str, str | None], rules: AuditRules) -> tuple:
    return (str(session.get_bind().url), doc.id, doc.sha256, doc.created_at, doc.doc_type, bool(doc.needs_review),
            float(doc.class_confidence or 0.0), doc.flags, doc.pihak, doc.rujukan, doc.filename,
            tuple(sorted(fields.items(), key=lambda kv: kv[0])), rules.instansi, tuple(rules.agreement_types),
            rules.label(doc.doc_type) if doc.doc_type else None)


def _evidence(session: Session, doc: Any, fields: dict[str, str | None], rules: AuditRules) -> EvidenceDoc:
    """The audit's view of one document (cached per document version, see ``_EVIDENCE_CACHE``)."""
    key = _evidence_key(session, doc, fields, rules)
    with _EVIDENCE_LOCK:
        found = _EVIDENCE_CACHE.get(key)
    if found is not None:
        return found
    built = _build_evidence(session, doc, fields, rules)
    with _EVIDENCE_LOCK:
        if len(_EVIDENCE_CACHE) >= _EVIDENCE_CACHE_MAX:
            _EVIDENCE_CACHE.clear()
        _EVIDENCE_CACHE[key] = built
    return built


def _build_evidence(session: Session, doc: Any, fields: dict[str, str | None], rules: AuditRules) -> EvidenceDoc:
    pihak = db.loads(doc.pihak, []) or []
    parties: tuple[PartyEvidence, ...] = ()
    text = "\n".join(p.text for p in session.scalars(
        select(db.PageRow).where(db.PageRow.document_id == doc.id).order_by(db.PageRow.number)))
    if doc.doc_type in rules.agreement_types:
        signed = find_signatures(text, [str(p.get("role", "")) for p in pihak])
        parties = tuple(PartyEvidence(role=str(p.get("role", "")), name=p.get("name") or p.get("instansi"),
                                      nomor=p.get("nomor"), signed=signed.get(str(p.get("role", ""))))
                        for p in pihak)
    partner, _, sure = document_partner(fields, pihak, rules.instansi, text)
    partner = partner if sure else None  # an unsure name neither starts activities nor raises mismatches
    reasons = []
    if doc.needs_review:
        reasons.append(f"klasifikasi ragu, keyakinan {doc.class_confidence:.0%}" if doc.doc_type
                       else "jenis dokumen belum ditentukan")
    if "low_confidence" in (db.loads(doc.flags, []) or []):
        reasons.append("teks pindaian kurang jelas, perlu dipindai ulang")
    return EvidenceDoc(
        id=doc.id, doc_type=doc.doc_type, tanggal=_date(fields.get("tanggal")), nomor=fields.get("nomor"),
        rujukan=tuple(db.loads(doc.rujukan, []) or ()), partner=partner,
        partner_key=normalise_partner(partner).key if partner else None, parties=parties,
        needs_review=bool(reasons), review_reason="; ".join(reasons),
        title=fields.get("perihal") or (rules.label(doc.doc_type) if doc.doc_type else doc.filename))


def _activity_evidence(session: Session, row: ActivityRow, rules: AuditRules) -> ActivityEvidence:
    links = session.scalars(select(ActivityLinkRow).where(ActivityLinkRow.activity_id == row.id)).all()
    docs = _load_documents(session, [l.document_id for l in links], rules)
    signoffs = session.scalars(select(SignOffRow).where(SignOffRow.activity_id == row.id)
                               .order_by(SignOffRow.at, SignOffRow.id)).all()
    return ActivityEvidence(
        id=row.id, partner=row.partner, partner_key=row.partner_key, period=row.period,
        start=_date(row.start_date), end=_date(row.end_date), kecamatan=row.kecamatan,
        documents=tuple(sorted(docs.values(), key=lambda d: (d.tanggal or date.max, d.id))),
        signoffs=tuple(SignOff(step=s.step, user=s.user, role=s.role, at=s.at) for s in signoffs))


# ---------------------------------------------------------------- linking decisions (pure)

def _by_reference(doc: EvidenceDoc, activities: list[ActivityEvidence]) -> LinkDecision | None:
    for act in activities:
        for other in act.documents:
            if other.id == doc.id:
                continue
            if other.nomor and any(same_nomor(other.nomor, r) for r in doc.rujukan):
                return LinkDecision(act.id, 0.95, f"Merujuk surat nomor {other.nomor} pada kegiatan #{act.id}.")
            if doc.nomor and any(same_nomor(doc.nomor, r) for r in other.rujukan):
                return LinkDecision(act.id, 0.9, f"Dirujuk oleh surat pada kegiatan #{act.id} (nomor {doc.nomor}).")
    return None


def _in_period(acts: list[ActivityEvidence], day: date | None, slack: int) -> list[ActivityEvidence]:
    if day is None:
        return acts
    return [a for a in acts if a.start and a.end
            and a.start.toordinal() - slack <= day.toordinal() <= a.end.toordinal() + slack]


def decide_link(doc: EvidenceDoc, activities: Iterable[ActivityEvidence], rules: AuditRules, *,
                hint: str | None = None, text: str = "", may_use_partner: bool = True) -> LinkDecision:
    """Choose the activity for ``doc``: a cited letter number; else its (sure) partner and date,
    starting a new activity for a new partner or year; else an unsure partner name (``hint``)
    or a text that names exactly one known partner, joining an existing activity only."""
    activities = list(activities)
    by_ref = _by_reference(doc, activities)
    if by_ref or not may_use_partner:
        return by_ref or LinkDecision(None, 0.0, "Bukan bukti tahap SOP dan tidak merujuk surat kegiatan.")
    slack = rules.tolerance_days
    if doc.partner:
        name = normalise_partner(doc.partner)
        same = [a for a in activities if similarity(name, normalise_partner(a.partner)) >= FUZZY_THRESHOLD]
        fits = _in_period(same, doc.tanggal, slack)
        if fits and doc.tanggal:
            best = min(fits, key=lambda a: (a.end - a.start).days)
            return LinkDecision(best.id, 0.85, f"Mitra sama ({doc.partner}) dan tanggal dalam periode {best.period}.")
        if doc.tanggal:
            return LinkDecision(None, 0.7, f"Kegiatan baru: mitra {name.label}, tahun {doc.tanggal.year}.",
                                new_partner=name.label or doc.partner, new_year=doc.tanggal.year)
        if same:
            latest = max(same, key=lambda a: a.start or date.min)
            return LinkDecision(latest.id, 0.6, f"Mitra sama ({doc.partner}); tanggal tidak terbaca.")
    if hint:
        name = normalise_partner(hint)
        same = _in_period([a for a in activities if similarity(name, normalise_partner(a.partner)) >= FUZZY_THRESHOLD],
                          doc.tanggal, slack)
        if len(same) == 1:
            return LinkDecision(same[0].id, 0.6, f"Nama {hint} cocok dengan mitra kegiatan #{same[0].id}.")
    if names_several_partners(text):  # a schedule or list naming many partners belongs to none of them
        return LinkDecision(None, 0.0, "Teks menyebut beberapa mitra; tautkan dengan tangan.")
    named = {a.partner_key: a for a in activities if mentions_partner(text, a.partner)}
    named_acts = _in_period([a for a in activities if a.partner_key in named], doc.tanggal, slack)
    if len(named) == 1 and len(named_acts) == 1:
        act = named_acts[0]
        return LinkDecision(act.id, 0.55, f"Teks dokumen menyebut mitra {act.partner} (kegiatan #{act.id}).")
    return LinkDecision(None, 0.0, "Mitra tidak terbaca dan tidak ada rujukan surat.")


# ---------------------------------------------------------------- service functions

def _user_name(user: Any) -> str | None:
    if user is None or isinstance(user, str):
        return user
    return getattr(user, "name", None) or str(user)


def _row(session: Session, activity_id: int) -> ActivityRow:
    try:
        row = session.get(ActivityRow, int(activity_id))
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise ActivityNotFoundError(f"Kegiatan #{activity_id} tidak ditemukan. / Activity {activity_id} not found.")
    return row


def _new_activity(session: Session, partner: str, period: str, user: str | None) -> ActivityRow:
    label, start, end = parse_period(period)
    name = normalise_partner(partner)
    if not name.core:
        raise ActivityError("Nama mitra kosong. / The partner name is empty.")
    row = ActivityRow(partner=partner.strip(), partner_key=name.key, period=label, start_date=start.isoformat(),
                      end_date=end.isoformat(), created_at=db.now_iso(), created_by=user)
    session.add(row)
    session.flush()
    db.write_audit(session, "activity.create", user=user, activity_id=str(row.id),
                   detail={"partner": row.partner, "period": row.period})
    return row


def _same_or_new_activity(session: Session, partner: str, period: str) -> int:
    """The activity of this partner key and period if another process just made it, else a new one."""
    label = parse_period(period)[0]
    key = normalise_partner(partner).key
    found = session.scalars(select(ActivityRow.id).where(ActivityRow.partner_key == key,
                                                         ActivityRow.period == label)).first()
    return found if found is not None else _new_activity(session, partner, period, None).id


def create_activity(settings, partner: str, period: str, *, user: Any = None) -> ActivitySummary:
    """A new activity for ``partner`` over ``period`` ('2024' or 'yyyy-mm-dd..yyyy-mm-dd'); audited."""
    rules = load_rules()
    with db.session_scope(settings) as session:
        row = _new_activity(session, partner, period, _user_name(user))
        return _summary(session, row, rules)


def _set_link(session: Session, doc_id: str, activity_id: int | None, *, user: str | None, confidence: float,
              reason: str) -> tuple[int | None, int | None]:
    if session.get(db.Document, doc_id) is None:
        raise DocumentNotFoundError(f"Dokumen {doc_id} tidak ditemukan. / Document {doc_id} not found.")
    link = session.get(ActivityLinkRow, doc_id)
    old = link.activity_id if link else None
    if link is None:
        link = ActivityLinkRow(document_id=doc_id)
        session.add(link)
    link.activity_id, link.confidence, link.reason = activity_id, confidence, reason
    link.linked_by, link.linked_at = user or "auto", db.now_iso()
    return old, activity_id


def link_document(settings, doc_id: str, activity_id: int, *, user: Any) -> ActivityDetail:
    """Link a document to an activity by hand (replacing any other link); audited."""
    name = _user_name(user)
    with db.session_scope(settings) as session:
        row = _row(session, activity_id)
        old, _ = _set_link(session, doc_id, row.id, user=name, confidence=1.0, reason=f"Ditautkan oleh {name}.")
        action = "activity.move" if old and old != row.id else "activity.link"
        db.write_audit(session, action, user=name, doc_id=doc_id, activity_id=str(row.id),
                       detail={"from": old, "to": row.id})
    _reindex(settings, [doc_id])
    return get_activity(settings, activity_id)


def move_document(settings, doc_id: str, activity_id: int, *, user: Any) -> ActivityDetail:
    """Move a document to another activity (same as linking; the log records where from)."""
    return link_document(settings, doc_id, activity_id, user=user)


def unlink_document(settings, doc_id: str, *, user: Any) -> None:
    """Remove a document from its activity; auto-linking will leave it alone afterwards."""
    name = _user_name(user)
    with db.session_scope(settings) as session:
        old, _ = _set_link(session, doc_id, None, user=name, confidence=1.0, reason=f"Dilepas oleh {name}.")
        db.write_audit(session, "activity.unlink", user=name, doc_id=doc_id,
                       activity_id=str(old) if old else None, detail={"from": old})
    _reindex(settings, [doc_id])


# Auto-linking in this process runs one at a time (web threads, the job runner), so two
# documents of a new partner cannot both start an activity.
_LINKING = threading.RLock()


def auto_link(settings, doc_id: str, *, rules: AuditRules | None = None, reindex: bool = True) -> LinkDecision:
    """Link a freshly ingested document to its activity (creating one if needed); idempotent.

    A document already linked, or unlinked by a person, is left as it is.  ``reindex=False``
    when the caller indexes the document next anyway (ingest links before its one index write).
    """
    rules = rules or load_rules()
    with _LINKING, db.session_scope(settings) as session:
        existing = session.get(ActivityLinkRow, doc_id)
        if existing is not None:
            return LinkDecision(existing.activity_id, existing.confidence, existing.reason)
        decision = _auto_link_in(session, doc_id, rules)
    if decision.activity_id is not None and reindex:
        _reindex(settings, [doc_id])
    return decision


def _auto_link_in(session: Session, doc_id: str, rules: AuditRules,
                  cache: dict[int, ActivityEvidence] | None = None) -> LinkDecision:
    """Link one document inside ``session``. ``cache`` (activity id -> evidence) spares a
    batch from reloading every activity per document; it is kept current here."""
    docs = _load_documents(session, [doc_id], rules)
    if doc_id not in docs:
        raise DocumentNotFoundError(f"Dokumen {doc_id} tidak ditemukan. / Document {doc_id} not found.")
    doc = docs[doc_id]
    row = session.get(db.Document, doc_id)
    fields = {r.name: r.value for r in session.scalars(select(db.FieldRow).where(db.FieldRow.document_id == doc_id))}
    text = "\n".join(p.text for p in session.scalars(select(db.PageRow).where(db.PageRow.document_id == doc_id)))
    hint, _, sure = document_partner(fields, db.loads(row.pihak, []) or [], rules.instansi, text)
    existing = session.get(ActivityLinkRow, doc_id)
    if existing is not None:  # linked (or unlinked by hand) meanwhile
        return LinkDecision(existing.activity_id, existing.confidence, existing.reason)
    if cache is None:
        cache = {}
    if not cache:
        cache.update({r.id: _activity_evidence(session, r, rules) for r in session.scalars(select(ActivityRow))})
    acts = list(cache.values())
    # A classified document that is evidence of no step (an agenda page, other letters) joins an
    # activity only through a cited number or the partner its metadata states. Unclassified ones
    # may join by partner: the audit then lists them as waiting for review.
    not_evidence = doc.doc_type is not None and not rules.type_steps.get(doc.doc_type, 0)
    decision = decide_link(doc, acts, rules, hint=None if sure else hint, text=text,
                           may_use_partner=not not_evidence or bool(fields.get("partner")))
    activity_id = decision.activity_id
    if activity_id is None and decision.new_partner:
        activity_id = _same_or_new_activity(session, decision.new_partner, str(decision.new_year))
    if activity_id is None:
        log.info("document %s not linked: %s", doc_id, decision.reason)
        return decision
    _set_link(session, doc_id, activity_id, user=None, confidence=decision.confidence, reason=decision.reason)
    _fill_kecamatan(session, activity_id, doc_id)
    _name_partner_fully(session, activity_id, doc.partner)
    db.write_audit(session, "activity.autolink", user=None, doc_id=doc_id, activity_id=str(activity_id),
                   detail={"confidence": decision.confidence, "reason": decision.reason})
    session.flush()
    cache[activity_id] = _activity_evidence(session, session.get(ActivityRow, activity_id), rules)
    log.info("document %s linked to activity %s (%.2f): %s", doc_id, activity_id, decision.confidence,
             decision.reason)
    return LinkDecision(activity_id, decision.confidence, decision.reason)


def _name_partner_fully(session: Session, activity_id: int, partner: str | None) -> None:
    """An activity first named without its kind ("LOK BATU") takes the fuller name when a
    later letter gives one ("Desa Lok Batu")."""
    row = session.get(ActivityRow, activity_id)
    name = normalise_partner(partner or "")
    if row is not None and row.partner_key.startswith("?:") and name.kind:
        row.partner, row.partner_key = name.label, name.key


def _fill_kecamatan(session: Session, activity_id: int, doc_id: str) -> None:
    row = session.get(ActivityRow, activity_id)
    if row is None or row.kecamatan:
        return
    for page in session.scalars(select(db.PageRow).where(db.PageRow.document_id == doc_id)):
        found = find_kecamatan(page.text)
        if found:
            row.kecamatan = found
            return


def link_unlinked(settings, rules: AuditRules | None = None) -> int:
    """Auto-link every document that has no link row yet; returns how many were linked."""
    rules = rules or load_rules()
    with _LINKING:
        return _link_unlinked(settings, rules)


def _link_unlinked(settings, rules: AuditRules) -> int:
    with db.session_scope(settings) as session:
        linked = select(ActivityLinkRow.document_id)
        todo = session.scalars(select(db.Document.id).where(db.Document.id.not_in(linked))
                               .order_by(db.Document.created_at, db.Document.id)).all()
    linked: list[str] = []
    cache: dict[int, ActivityEvidence] = {}
    while todo:  # again while some got linked: a later letter may have started their activity
        left = []
        for doc_id in todo:
            with db.session_scope(settings) as session:
                if _auto_link_in(session, doc_id, rules, cache).activity_id is not None:
                    linked.append(doc_id)
                else:
                    left.append(doc_id)
        todo = left if len(left) < len(todo) else []
    _reindex(settings, linked)
    return len(linked)


def _nomor_index(session: Session) -> NomorIndex:
    """Where each linked letter number is filed (normalised nomor -> activity, document)."""
    rows = session.execute(
        select(db.FieldRow.value, ActivityLinkRow.activity_id, db.FieldRow.document_id)
        .join(ActivityLinkRow, ActivityLinkRow.document_id == db.FieldRow.document_id)
        .where(db.FieldRow.name == "nomor", db.FieldRow.value.is_not(None), ActivityLinkRow.activity_id.is_not(None)))
    return {normalise_nomor(nomor): (activity_id, doc_id) for nomor, activity_id, doc_id in rows}


def _summary(session: Session, row: ActivityRow, rules: AuditRules, result: ActivityAudit | None = None,
             index: NomorIndex | None = None) -> ActivitySummary:
    if result is None:
        index = _nomor_index(session) if index is None else index
        result = audit_activity(_activity_evidence(session, row, rules), rules, index)
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
            return [_activity_evidence(session, _row(session, activity_id), rules)]
        rows = session.scalars(select(ActivityRow).order_by(ActivityRow.partner, ActivityRow.period)).all()
        return [_activity_evidence(session, r, rules) for r in rows]


@dataclass(frozen=True)
class ActivityChoice:
    """An activity as a choice in a form (no audit run)."""

    id: int
    partner: str
    period: str


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
        index = _nomor_index(session)
        return [_summary(session, r, rules, index=index) for r in rows]


def get_activity(settings, activity_id: int) -> ActivityDetail:
    """One activity: its audit, linked documents (with link reason) and sign-offs."""
    rules = load_rules()
    with db.session_scope(settings) as session:
        row = _row(session, activity_id)
        evidence = _activity_evidence(session, row, rules)
        result = audit_activity(evidence, rules, _nomor_index(session))
        links = {l.document_id: l for l in session.scalars(
            select(ActivityLinkRow).where(ActivityLinkRow.activity_id == row.id))}
        docs = tuple(LinkedDocument(
            id=d.id, title=d.title, doc_type=d.doc_type, type_label=rules.label(d.doc_type),
            step=rules.type_steps.get(d.doc_type or "", 0), tanggal=d.tanggal.isoformat() if d.tanggal else None,
            nomor=d.nomor, confidence=links[d.id].confidence, reason=links[d.id].reason,
            linked_by=links[d.id].linked_by, needs_review=d.needs_review) for d in evidence.documents)
        return ActivityDetail(summary=_summary(session, row, rules, result), audit=result, documents=docs,
                              signoffs=evidence.signoffs)


def activity_of_document(settings, doc_id: str) -> ActivityDetail | None:
    """The activity a document is linked to (with its other documents), or None."""
    with db.session_scope(settings) as session:
        link = session.get(ActivityLinkRow, doc_id)
        activity_id = link.activity_id if link is not None else None
    return get_activity(settings, activity_id) if activity_id is not None else None


def _user_role(session: Session, user: Any) -> tuple[str, str | None]:
    name = _user_name(user)
    role = None if isinstance(user, str) else getattr(user, "role", None)
    if role is None and name:
        row = session.scalars(select(db.UserRow).where(db.UserRow.name == name)).first()
        role = row.role if row else None
    return name or "", role


def sign_off(settings, activity_id: int, step: int, *, user: Any) -> SignOff:
    """Mark a step verified. Only the roles the SOP names for that step may; audited (who, when)."""
    rules = load_rules()
    rule = rules.step(int(step))
    if rule is None:
        raise ActivityError(f"Tahap {step} tidak ada dalam SOP. / Step {step} is not in the SOP.")
    with db.session_scope(settings) as session:
        row = _row(session, activity_id)
        name, role = _user_role(session, user)
        if role not in rule.signoff_roles:
            raise SignOffNotAllowedError(
                f"Peran '{role or '-'}' tidak berwenang mengesahkan tahap {rule.number}; yang berwenang: "
                f"{', '.join(rule.signoff_roles)}. / Role may not sign off this step.")
        again = session.scalars(select(SignOffRow).where(SignOffRow.activity_id == row.id,
                                                          SignOffRow.step == rule.number,
                                                          SignOffRow.user == name)).first()
        if again is not None:
            raise ActivityError(f"Tahap {rule.number} sudah Anda sahkan pada {again.at}. / "
                                f"You already signed off step {rule.number}.")
        at = db.now_iso()
        session.add(SignOffRow(activity_id=row.id, step=rule.number, user=name, role=role, at=at))
        db.write_audit(session, "activity.signoff", user=name, activity_id=str(row.id),
                       detail={"step": rule.number, "role": role})
        return SignOff(step=rule.number, user=name, role=role, at=at)


def audit(settings, activity_id: int | None = None) -> AuditReport:
    """Audit every activity (or one) against the SOP; links any not-yet-linked documents first,
    so the audit is complete even when ingest did not call ``auto_link``."""
    rules = load_rules()
    if activity_id is None:
        link_unlinked(settings, rules)
    evidence = load_activity_evidence(settings, activity_id, rules)
    with db.session_scope(settings) as session:
        index = _nomor_index(session)
    return audit_activities(evidence, rules, generated_at=db.now_iso(), index=index)
