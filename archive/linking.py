"""Automatic linking of documents to activities, each link with its confidence and reason.

Strongest reason first: the document cites (``rujukan``) the number of a letter already
linked, or is cited by one; the partner it names (metadata partner, a PIHAK of an MoU, the
addressee or sender that is not the Dinas itself, the letter head) matches an activity's
partner and its date falls in that activity's period; otherwise a new activity for that
partner and year. ``decide_link`` is pure (plain evidence in, ``LinkDecision`` out);
``auto_link`` / ``link_unlinked`` apply it to the database, audited. A document a person
unlinked is never re-linked automatically.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from archive import db
from archive.activity_rows import activity_row, new_activity, parse_period, set_link
from archive.audit import ActivityEvidence, AuditRules, EvidenceDoc, Wording, load_rules, same_nomor
from archive.db import ActivityLinkRow, ActivityRow, Session, select
from archive.errors import DocumentNotFoundError
from archive.evidence import activity_evidence, document_partner, find_kecamatan, load_documents
from archive.indexing import index_documents
from archive.partners import FUZZY_THRESHOLD, mentions_partner, names_several_partners, normalise_partner, similarity

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LinkDecision:
    """Where auto-linking puts a document: an existing activity, a new one, or nowhere."""

    activity_id: int | None
    confidence: float
    reason: str
    new_partner: str | None = None  # create an activity for this partner ...
    new_year: int | None = None  # ... and this year


# ---------------------------------------------------------------- the reasons' wording
# A link's reason is stored as Indonesian text (``activity_links.reason``, also in the audit log);
# these templates write it, and ``read_reason`` reads a stored text back into template and
# parameters, so other languages can render it: old rows need no new column. Changing a
# template leaves texts written with the old one unread (shown as stored): keep old ones listed.

BY_REFERENCE = "Merujuk surat nomor %(nomor)s pada kegiatan #%(activity)s."
REFERENCED_BY = "Dirujuk oleh surat pada kegiatan #%(activity)s (nomor %(nomor)s)."
NOT_EVIDENCE = "Bukan bukti tahap SOP dan tidak merujuk surat kegiatan."
SAME_PARTNER_IN_PERIOD = "Mitra sama (%(partner)s) dan tanggal dalam periode %(period)s."
NEW_ACTIVITY = "Kegiatan baru: mitra %(partner)s, tahun %(year)s."
SAME_PARTNER_NO_DATE = "Mitra sama (%(partner)s); tanggal tidak terbaca."
NAME_MATCHES = "Nama %(name)s cocok dengan mitra kegiatan #%(activity)s."
SEVERAL_PARTNERS = "Teks menyebut beberapa mitra; tautkan dengan tangan."
TEXT_NAMES_PARTNER = "Teks dokumen menyebut mitra %(partner)s (kegiatan #%(activity)s)."
NO_CLUE = "Mitra tidak terbaca dan tidak ada rujukan surat."
LINKED_BY = "Ditautkan oleh %(user)s."  # hand links and unlinks (archive.activities)
UNLINKED_BY = "Dilepas oleh %(user)s."

REASON_TEMPLATES: tuple[str, ...] = (
    BY_REFERENCE, REFERENCED_BY, NOT_EVIDENCE, SAME_PARTNER_IN_PERIOD, NEW_ACTIVITY, SAME_PARTNER_NO_DATE,
    NAME_MATCHES, SEVERAL_PARTNERS, TEXT_NAMES_PARTNER, NO_CLUE, LINKED_BY, UNLINKED_BY)


def reason_text(template: str, **params) -> str:
    """The stored text of a reason: ``template`` with its parameters."""
    return template % params


# What a parameter can be when a reason is read back (anything else: any text).
_PARAMETER_FORMS = {"activity": r"\d+", "year": r"\d{4}"}


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)s", template)  # literal, name, literal, name, ..., literal
    body = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>{_PARAMETER_FORMS.get(p, '.+?')})"
                   for i, p in enumerate(parts))
    return re.compile(body, re.DOTALL)


_READERS = tuple((t, _pattern(t)) for t in REASON_TEMPLATES)


def read_reason(text: str | None) -> Wording | None:
    """A stored reason as ``Wording`` (template + parameters), or None for a text no template
    wrote (a reason from an older version, or typed by hand): it is then shown as stored."""
    for template, pattern in _READERS:
        m = pattern.fullmatch(text or "")
        if m and template % m.groupdict() == text:
            return Wording.of(template, **m.groupdict())
    return None


# ---------------------------------------------------------------- linking decisions (pure)

def _by_reference(doc: EvidenceDoc, activities: list[ActivityEvidence]) -> LinkDecision | None:
    for act in activities:
        for other in act.documents:
            if other.id == doc.id:
                continue
            if other.nomor and any(same_nomor(other.nomor, r) for r in doc.rujukan):
                return LinkDecision(act.id, 0.95, reason_text(BY_REFERENCE, nomor=other.nomor, activity=act.id))
            if doc.nomor and any(same_nomor(doc.nomor, r) for r in other.rujukan):
                return LinkDecision(act.id, 0.9, reason_text(REFERENCED_BY, activity=act.id, nomor=doc.nomor))
    return None


def _in_period(acts: list[ActivityEvidence], day: date | None, slack: int) -> list[ActivityEvidence]:
    if day is None:
        return acts
    return [a for a in acts if a.start and a.end
            and a.start.toordinal() - slack <= day.toordinal() <= a.end.toordinal() + slack]


def _span_days(activity: ActivityEvidence) -> int:
    """Length of an activity's period (those ``_in_period`` returns for a dated document have one)."""
    return (activity.end - activity.start).days if activity.start and activity.end else 0


def decide_link(doc: EvidenceDoc, activities: Iterable[ActivityEvidence], rules: AuditRules, *,
                hint: str | None = None, text: str = "", may_use_partner: bool = True) -> LinkDecision:
    """Choose the activity for ``doc``: a cited letter number; else its (sure) partner and date,
    starting a new activity for a new partner or year; else an unsure partner name (``hint``)
    or a text that names exactly one known partner, joining an existing activity only."""
    activities = list(activities)
    by_ref = _by_reference(doc, activities)
    if by_ref or not may_use_partner:
        return by_ref or LinkDecision(None, 0.0, NOT_EVIDENCE)
    slack = rules.tolerance_days
    if doc.partner:
        name = normalise_partner(doc.partner)
        same = [a for a in activities if similarity(name, normalise_partner(a.partner)) >= FUZZY_THRESHOLD]
        fits = _in_period(same, doc.tanggal, slack)
        if fits and doc.tanggal:
            best = min(fits, key=_span_days)
            return LinkDecision(best.id, 0.85,
                                reason_text(SAME_PARTNER_IN_PERIOD, partner=doc.partner, period=best.period))
        if doc.tanggal:
            return LinkDecision(None, 0.7, reason_text(NEW_ACTIVITY, partner=name.label, year=doc.tanggal.year),
                                new_partner=name.label or doc.partner, new_year=doc.tanggal.year)
        if same:
            latest = max(same, key=lambda a: a.start or date.min)
            return LinkDecision(latest.id, 0.6, reason_text(SAME_PARTNER_NO_DATE, partner=doc.partner))
    if hint:
        name = normalise_partner(hint)
        same = _in_period([a for a in activities if similarity(name, normalise_partner(a.partner)) >= FUZZY_THRESHOLD],
                          doc.tanggal, slack)
        if len(same) == 1:
            return LinkDecision(same[0].id, 0.6, reason_text(NAME_MATCHES, name=hint, activity=same[0].id))
    if names_several_partners(text):  # a schedule or list naming many partners belongs to none of them
        return LinkDecision(None, 0.0, SEVERAL_PARTNERS)
    named = {a.partner_key: a for a in activities if mentions_partner(text, a.partner)}
    named_acts = _in_period([a for a in activities if a.partner_key in named], doc.tanggal, slack)
    if len(named) == 1 and len(named_acts) == 1:
        act = named_acts[0]
        return LinkDecision(act.id, 0.55, reason_text(TEXT_NAMES_PARTNER, partner=act.partner, activity=act.id))
    return LinkDecision(None, 0.0, NO_CLUE)


# ---------------------------------------------------------------- applying them

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
        index_documents(settings, [doc_id])
    return decision


def _auto_link_in(session: Session, doc_id: str, rules: AuditRules,
                  cache: dict[int, ActivityEvidence] | None = None) -> LinkDecision:
    """Link one document inside ``session``. ``cache`` (activity id -> evidence) spares a
    batch from reloading every activity per document; it is kept current here."""
    docs = load_documents(session, [doc_id], rules)
    row = session.get(db.Document, doc_id)
    if doc_id not in docs or row is None:
        raise DocumentNotFoundError(f"Dokumen {doc_id} tidak ditemukan. / Document {doc_id} not found.")
    doc = docs[doc_id]
    fields = {r.name: r.value for r in session.scalars(select(db.FieldRow).where(db.FieldRow.document_id == doc_id))}
    text = "\n".join(p.text for p in session.scalars(select(db.PageRow).where(db.PageRow.document_id == doc_id)))
    hint, _, sure = document_partner(fields, db.loads(row.pihak, []) or [], rules.instansi, text)
    existing = session.get(ActivityLinkRow, doc_id)
    if existing is not None:  # linked (or unlinked by hand) meanwhile
        return LinkDecision(existing.activity_id, existing.confidence, existing.reason)
    if cache is None:
        cache = {}
    if not cache:
        cache.update({r.id: activity_evidence(session, r, rules) for r in session.scalars(select(ActivityRow))})
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
    set_link(session, doc_id, activity_id, user=None, confidence=decision.confidence, reason=decision.reason)
    _fill_kecamatan(session, activity_id, doc_id)
    _name_partner_fully(session, activity_id, doc.partner)
    db.write_audit(session, "activity.autolink", user=None, doc_id=doc_id, activity_id=str(activity_id),
                   detail={"confidence": decision.confidence, "reason": decision.reason})
    session.flush()
    cache[activity_id] = activity_evidence(session, activity_row(session, activity_id), rules)
    log.info("document %s linked to activity %s (%.2f): %s", doc_id, activity_id, decision.confidence,
             decision.reason)
    return LinkDecision(activity_id, decision.confidence, decision.reason)


def _same_or_new_activity(session: Session, partner: str, period: str) -> int:
    """The activity of this partner key and period if another process just made it, else a new one."""
    label = parse_period(period)[0]
    key = normalise_partner(partner).key
    found = session.scalars(select(ActivityRow.id).where(ActivityRow.partner_key == key,
                                                         ActivityRow.period == label)).first()
    return found if found is not None else new_activity(session, partner, period, None).id


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
        with_link = select(ActivityLinkRow.document_id)
        todo = session.scalars(select(db.Document.id).where(db.Document.id.not_in(with_link))
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
    index_documents(settings, sorted(set(linked)))
    return len(linked)
