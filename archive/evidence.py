"""Documents and activities as the audit's evidence: database rows -> ``EvidenceDoc`` /
``ActivityEvidence`` (plain dataclasses of ``archive.audit``).

Also reads what a document says about its activity: the partner it concerns
(``document_partner``: metadata, a PIHAK of an MoU, the addressee or sender that is not the
Dinas itself, or the letter head) and the kecamatan it names (``find_kecamatan``). Both
auto-linking (``archive.linking``) and the activity pages (``archive.activities``) read
documents through here; a document's evidence is cached per document version.
"""
from __future__ import annotations

import dataclasses
import re
import threading
from datetime import date
from typing import Any, Iterable, TypeGuard

from archive import db
from archive.audit import (
    ActivityEvidence,
    AuditRules,
    EvidenceDoc,
    NomorIndex,
    PartyEvidence,
    SignOff,
    Wording,
    normalise_nomor,
    say,
)
from archive.db import ActivityLinkRow, ActivityRow, Session, SignOffRow, select
from archive.listed_links import listed_rows
from archive.partners import (
    desa_slip_repaired,
    is_own_office,
    library_in_head,
    library_of_village,
    normalise_partner,
    partner_in_text,
    party_in_body,
)
from archive.review import TEMPLATES as FLAG_TEMPLATES
from archive.review import load_rules as load_review_rules
from archive.review import percent
from archive.signatures import find_signatures

# Why a document waits for review (Indonesian templates; the web's catalogue has their English).
REVIEW_UNSURE = "klasifikasi ragu, keyakinan %(confidence)s"
REVIEW_OPEN = "ada catatan peninjauan yang belum selesai (lihat Perlu ditinjau)"
REVIEW_UNTYPED = "jenis dokumen belum ditentukan"
REVIEW_RESCAN = "teks pindaian kurang jelas, perlu dipindai ulang"
# ``archive.review``'s flag reasons are shown in the review queue and on the document page.
REVIEW_TEMPLATES: tuple[str, ...] = tuple(dict.fromkeys((REVIEW_UNSURE, REVIEW_OPEN, REVIEW_UNTYPED, REVIEW_RESCAN) + FLAG_TEMPLATES))

_KECAMATAN = re.compile(r"\bkec(?:amatan|\.)[ \t]+([a-z]+(?:[ \t]+(?!kab|kabupaten\b)[a-z]+)?)", re.IGNORECASE)


def find_kecamatan(text: str) -> str | None:
    """The kecamatan named in a letter ("Kecamatan Batumandi"), title-cased, or None."""
    m = _KECAMATAN.search(text or "")
    if not m:
        return None
    words = [w for w in m.group(1).split() if w.lower() not in ("kabupaten", "kab", "di", "provinsi")]
    return " ".join(w.capitalize() for w in words) or None


# Partners read from a letter's fields that may stand for the village library its head names.
_VILLAGE_SIDE = ("desa", "kelurahan", "perpustakaan_desa")


def _names_partner(name: str | None, instansi: str) -> TypeGuard[str]:
    if not name:
        return False
    return bool(normalise_partner(name).core) and not is_own_office(name, instansi)


def document_partner(fields: dict[str, str | None], pihak: Iterable[dict], instansi: str,
                     text: str = "") -> tuple[str | None, str, bool]:
    """The partner a document concerns, where that came from, and whether the name is sure.

    Sure: the metadata partner, the PIHAK that is not the Dinas, an addressee or sender whose
    name says what kind of partner it is ("Kepala Desa ..."), else a partner named at the letter
    head. Unsure (only joins an existing activity, never starts one): an addressee or sender of
    unknown kind ("Kepala Bidang Layanan", "Dinas Pendidikan").
    """
    metadata = fields.get("partner")
    if _names_partner(metadata, instansi) and normalise_partner(metadata).kind == "kecamatan" and text:
        below = partner_in_text(text, instansi)  # a kop "KECAMATAN X" / "PEMERINTAH DESA Y": the desa writes
        if below is not None and normalise_partner(below).kind in _VILLAGE_SIDE:
            return below, "kepala surat", True
    if _names_partner(metadata, instansi) and normalise_partner(metadata).kind:
        library = (library_of_village(metadata, partner_in_text(text, instansi))
                   if text and normalise_partner(metadata).kind in _VILLAGE_SIDE else None)
        if library is not None:  # the desa's library the letter head names
            return library, "metadata mitra dan kepala surat", True
        return metadata, "metadata mitra", True
    # the party that is not the Dinas; its instansi, else its jabatan or name. A party whose name says
    # what kind of partner it is ("Kepala SDN 7 ...") comes before one that does not: a BAST names the
    # Dinas's officer by jabatan only ("Pustakawan Terampil"), with no instansi to tell it is the Dinas.
    parties = []
    for party in pihak:
        names = [party[k] for k in ("instansi", "jabatan", "name") if party.get(k)]
        if names and not any(is_own_office(n, instansi) for n in names) and _names_partner(names[0], instansi):
            parties.append((names[0], f"PIHAK {str(party.get('role', '')).upper()}"))
    # Of parties of no kind, PIHAK PERTAMA comes last: the Dinas hands the books over and signs first (a BAST
    # whose "disebut" OCR lost took the officer's "Pengelola Layanan Perpustakaan" for the partner).
    parties.sort(key=lambda p: (normalise_partner(p[0]).kind is None, p[1] == "PIHAK PERTAMA"))
    if parties and normalise_partner(parties[0][0]).kind:
        return parties[0][0], parties[0][1], True
    if _names_partner(metadata, instansi):  # a metadata partner of no kind, no PIHAK of a kind
        return metadata, "metadata mitra", True
    if parties:
        return parties[0][0], parties[0][1], True
    weak = None
    for source in ("penerima", "pengirim"):
        name = fields.get(source)
        if _names_partner(name, instansi):
            name = desa_slip_repaired(name) or name  # "Kepala Perpustakaan Dosa X": a village library
            if normalise_partner(name).kind not in (None, "perpustakaan"):  # "Perpustakaan X": a library of
                return name, source, True  # a partner of unknown kind, unsure
            weak = weak or (name, source, False)
    found = partner_in_text(text, instansi)
    if found:
        return found, "kepala surat", True
    if weak is None:
        found = party_in_body(text, instansi)
        if found:
            return found, "penerima atau PIHAK KEDUA di badan surat", True
        found = library_in_head(text, instansi)
        if found:  # "PERPUSTAKAAN JUAI": the library of a partner whose kind word was lost; unsure
            return found, "perpustakaan di kepala surat", False
    return weak or (None, "", False)


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def load_documents(session: Session, doc_ids: Iterable[str], rules: AuditRules) -> dict[str, EvidenceDoc]:
    """The audit's view of each of ``doc_ids`` that exists (id -> ``EvidenceDoc``)."""
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
    return (str(session.get_bind().engine.url), doc.id, doc.sha256, doc.created_at, doc.doc_type, doc.sop_step,
            bool(doc.needs_review),
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
    if doc.needs_review:  # any open review flag, not only an unsure classification (archive.review)
        if not doc.doc_type:
            reasons.append(Wording(REVIEW_UNTYPED))
        elif (doc.class_confidence or 0.0) < load_review_rules().classification_below:
            reasons.append(Wording.of(REVIEW_UNSURE, confidence=percent(doc.class_confidence)))
        else:
            reasons.append(Wording(REVIEW_OPEN))
    if "low_confidence" in (db.loads(doc.flags, []) or []):
        reasons.append(Wording(REVIEW_RESCAN))
    return EvidenceDoc(
        id=doc.id, doc_type=doc.doc_type, tanggal=_date(fields.get("tanggal")), nomor=fields.get("nomor"),
        rujukan=tuple(db.loads(doc.rujukan, []) or ()), partner=partner,
        partner_key=normalise_partner(partner).key if partner else None, parties=parties,
        needs_review=bool(reasons), review_reason="; ".join(say(r, rules) for r in reasons),
        review_wordings=tuple(reasons), step=0 if doc.doc_type else (doc.sop_step or 0),
        title=fields.get("perihal") or (rules.label(doc.doc_type) if doc.doc_type else doc.filename))


def activity_evidence(session: Session, row: ActivityRow, rules: AuditRules) -> ActivityEvidence:
    """One activity with its linked documents (by date) and sign-offs, as audit input."""
    links = session.scalars(select(ActivityLinkRow).where(ActivityLinkRow.activity_id == row.id)).all()
    docs = load_documents(session, [l.document_id for l in links], rules)
    # documents listing this activity's partner among several (a schedule): evidence here too, but
    # without their partner (they name many; no partner-mismatch finding) (archive.listed_links)
    listed = [d for d in listed_rows(session, row.id) if d not in docs]
    for doc_id, doc in load_documents(session, listed, rules).items():
        docs[doc_id] = dataclasses.replace(doc, partner=None, partner_key=None)
    signoffs = session.scalars(select(SignOffRow).where(SignOffRow.activity_id == row.id,
                                                        SignOffRow.withdrawn_at.is_(None))  # withdrawn: history only
                               .order_by(SignOffRow.at, SignOffRow.id)).all()
    return ActivityEvidence(
        id=row.id, partner=row.partner, partner_key=row.partner_key, period=row.period,
        start=_date(row.start_date), end=_date(row.end_date), kecamatan=row.kecamatan,
        documents=tuple(sorted(docs.values(), key=lambda d: (d.tanggal or date.max, d.id))),
        signoffs=tuple(SignOff(step=s.step, user=s.user, role=s.role, at=s.at) for s in signoffs),
        listed=tuple(sorted(d for d in listed if d in docs)))


def linked_nomor_index(session: Session) -> NomorIndex:
    """Where each linked letter number is filed (normalised nomor -> activity, document)."""
    rows = session.execute(
        select(db.FieldRow.value, ActivityLinkRow.activity_id, db.FieldRow.document_id)
        .join(ActivityLinkRow, ActivityLinkRow.document_id == db.FieldRow.document_id)
        .where(db.FieldRow.name == "nomor", db.FieldRow.value.is_not(None), ActivityLinkRow.activity_id.is_not(None)))
    return {normalise_nomor(nomor): (activity_id, doc_id) for nomor, activity_id, doc_id in rows
            if activity_id is not None}
