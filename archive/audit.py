"""The SOP audit: per activity and step, is the evidence there and in order?

Everything here is pure: rule functions over plain dataclasses (``ActivityEvidence``,
``EvidenceDoc``) and the rules read from the SOP data (``AuditRules``, built from
``ingest.sop.load_sop()``). Nothing names a step or lists evidence in code; loading
activities from the database lives in ``archive/evidence.py``. Each rule returns
``Finding``s saying what is wrong (Indonesian), which documents, and what would fix it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable, Iterable

from archive.partners import FUZZY_THRESHOLD, normalise_partner, similarity
from archive.wording import Term, Wording, say
from ingest.nomor import nomor_key
from ingest.nomor import same_nomor as _same_nomor
from ingest.sop import load_sop

# Document types with a rule of their own (ids fixed in docs/architecture.md).
REPLY_TYPES = ("surat_balasan",)
AGREEMENT_TYPES = ("nota_kesepahaman",)

STATUS_ORDER = ("missing", "out_of_order", "needs_review", "complete")


@dataclass(frozen=True)
class StepRule:
    number: int
    name: str
    evidence: tuple[str, ...]
    signoff_roles: tuple[str, ...]


@dataclass(frozen=True)
class AuditRules:
    """What the audit checks, all from the SOP data."""

    steps: tuple[StepRule, ...]
    type_steps: dict[str, int]
    type_labels: dict[str, str]
    tolerance_days: int = 0
    instansi: str = ""
    reply_types: tuple[str, ...] = REPLY_TYPES
    agreement_types: tuple[str, ...] = AGREEMENT_TYPES
    follow_up_from: int = 0  # the SOP's ``follow_up_from_step`` (0: none)

    def label(self, doc_type: str | None) -> str:
        return self.type_labels.get(doc_type or "", doc_type or "tanpa jenis")

    def step(self, number: int) -> StepRule | None:
        return next((s for s in self.steps if s.number == number), None)


def rules_from_sop(sop: Any, tolerance_days: int | None = None) -> AuditRules:
    """Build ``AuditRules`` from the loaded SOP object (``ingest.sop.Sop``)."""
    default_roles = tuple(getattr(sop, "default_signoff_roles", ()) or ())
    steps = tuple(
        StepRule(number=int(s.number), name=str(s.name), evidence=tuple(s.evidence),
                 signoff_roles=tuple(getattr(s, "signoff_roles", None) or default_roles))
        for s in sop.steps)
    types = getattr(sop, "doc_types", ())
    if isinstance(types, dict):
        types = tuple(types.values())
    type_steps = {t.id: int(t.step or 0) for t in types}
    labels = {t.id: str(getattr(t, "label_id", t.id)) for t in types}
    tol = tolerance_days if tolerance_days is not None else int(getattr(sop, "date_order_tolerance_days", 0) or 0)
    return AuditRules(steps=tuple(sorted(steps, key=lambda s: s.number)), type_steps=type_steps,
                      type_labels=labels, tolerance_days=tol, instansi=str(getattr(sop, "instansi", "") or ""),
                      follow_up_from=int(getattr(sop, "follow_up_from_step", 0) or 0))


def load_rules(tolerance_days: int | None = None) -> AuditRules:
    """The audit rules of the installed SOP file (the SOP definition lives in ingest, the lowest
    layer reading it)."""
    return rules_from_sop(load_sop(), tolerance_days)


# ---------------------------------------------------------------- evidence (input)

@dataclass(frozen=True)
class PartyEvidence:
    """One party of an agreement: its number and whether its signature block was found
    (None = unknown, e.g. no text to look at)."""

    role: str
    name: str | None = None
    nomor: str | None = None
    signed: bool | None = None


@dataclass(frozen=True)
class EvidenceDoc:
    """A document as the audit sees it."""

    id: str
    doc_type: str | None
    tanggal: date | None = None
    nomor: str | None = None
    rujukan: tuple[str, ...] = ()
    partner_key: str | None = None
    partner: str | None = None
    parties: tuple[PartyEvidence, ...] = ()
    needs_review: bool = False
    review_reason: str = ""
    title: str = ""
    review_wordings: tuple["Wording", ...] = ()  # review_reason's parts as wordings (other languages)
    # the SOP step the classification kept while it left the type open (it was sure of the step, not of which
    # of the step's documents this is); a typed document's step is its type's
    step: int = 0


@dataclass(frozen=True)
class SignOff:
    step: int
    user: str
    role: str
    at: str  # ISO timestamp


@dataclass(frozen=True)
class ActivityEvidence:
    id: int
    partner: str
    partner_key: str
    period: str
    start: date | None = None
    end: date | None = None
    kecamatan: str | None = None
    documents: tuple[EvidenceDoc, ...] = ()
    signoffs: tuple[SignOff, ...] = ()
    listed: tuple[str, ...] = ()  # documents here because they list its partner among several (a schedule)


# ---------------------------------------------------------------- results (output)

@dataclass(frozen=True)
class Finding:
    rule: str
    step: int
    message: str
    documents: tuple[str, ...]
    fix: str
    # The same two sentences as templates + parameters, for other languages (None: only the text).
    message_wording: Wording | None = None
    fix_wording: Wording | None = None

    def to_json(self) -> dict:
        return {"rule": self.rule, "message": self.message, "documents": list(self.documents), "fix": self.fix}


@dataclass(frozen=True)
class StepAudit:
    step: int
    name: str
    status: str
    documents: tuple[str, ...]
    findings: tuple[Finding, ...]
    evidence: tuple[str, ...] = ()  # required type ids
    present: tuple[str, ...] = ()  # required type ids found
    earliest: date | None = None
    signoffs: tuple[SignOff, ...] = ()
    signoff_roles: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"step": self.step, "status": self.status, "documents": list(self.documents),
                "findings": [f.to_json() for f in self.findings]}


@dataclass(frozen=True)
class ActivityAudit:
    id: int
    partner: str
    period: str
    complete: bool
    in_order: bool
    steps: tuple[StepAudit, ...]
    kecamatan: str | None = None
    documents: tuple[EvidenceDoc, ...] = ()
    listed: tuple[str, ...] = ()  # see ActivityEvidence.listed

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for s in self.steps for f in s.findings)

    def to_json(self) -> dict:
        out = {"id": self.id, "partner": self.partner, "period": self.period, "complete": self.complete,
               "in_order": self.in_order, "steps": [s.to_json() for s in self.steps]}
        if self.listed:  # only where there are any (issue 17): the shape of other activities is unchanged
            out["listed"] = list(self.listed)
        return out


@dataclass(frozen=True)
class UnlinkedDocument:
    """A document that is evidence of an SOP step but linked to no activity, with the activity
    it most likely belongs to (``candidate`` None when nothing points anywhere)."""

    document: str
    doc_type: str | None
    step: int
    title: str = ""
    candidate: int | None = None
    candidate_partner: str | None = None
    score: float = 0.0
    reason: str = ""

    def to_json(self) -> dict:
        candidate = None if self.candidate is None else {
            "activity": self.candidate, "partner": self.candidate_partner, "score": self.score, "reason": self.reason}
        return {"document": self.document, "doc_type": self.doc_type, "step": self.step, "title": self.title,
                "candidate": candidate}


@dataclass(frozen=True)
class AuditReport:
    activities: tuple[ActivityAudit, ...] = ()
    generated_at: str = ""
    unlinked: tuple[UnlinkedDocument, ...] = ()  # only in the audit of every activity

    @property
    def has_findings(self) -> bool:
        return any(a.findings for a in self.activities)

    def to_json(self) -> dict:
        return {"activities": [a.to_json() for a in self.activities],
                "unlinked": [u.to_json() for u in self.unlinked]}


# ---------------------------------------------------------------- helpers

def normalise_nomor(nomor: str | None) -> str:
    """A letter number's comparison key (``ingest.nomor.nomor_key``: OCR confusions folded)."""
    return nomor_key(nomor)


def same_nomor(a: str | None, b: str | None) -> bool:
    """The one definition of "the same nomor" (``ingest.nomor.same_nomor``), shared with search and extraction."""
    return _same_nomor(a, b)


def _fmt(d: date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else "-"


def doc_step(doc: EvidenceDoc, rules: AuditRules) -> int:
    """The SOP step ``doc`` is evidence of: its type's, or for an untyped document the step its
    classification was sure of (0: none). Such a document shows its step and still waits for review."""
    return rules.type_steps.get(doc.doc_type, 0) if doc.doc_type else doc.step


def _docs_of_step(activity: ActivityEvidence, rules: AuditRules, number: int) -> list[EvidenceDoc]:
    return [d for d in activity.documents if doc_step(d, rules) == number]


def _earliest(docs: Iterable[EvidenceDoc]) -> EvidenceDoc | None:
    dated = [(d.tanggal, i, d) for i, d in enumerate(docs) if d.tanggal]
    return min(dated)[2] if dated else None


def _doc_name(doc: EvidenceDoc, rules: AuditRules) -> Any:
    """How a finding names a document: its title, which is its type's label when it has no perihal."""
    if doc.title and doc.doc_type and doc.title == rules.label(doc.doc_type):
        return Term("type", doc.doc_type)
    return doc.title or doc.id


def _finding(rule: str, step: int, rules: AuditRules, documents: tuple[str, ...], message: Wording,
             fix: Wording) -> Finding:
    return Finding(rule, step, say(message, rules), documents, say(fix, rules), message, fix)


# ---------------------------------------------------------------- the findings' wording
# Indonesian templates (the msgids of the web's English catalogue); FINDING_TEMPLATES lists them all.

MISSING_EVIDENCE = "Tahap %(step)s (%(step_name)s): bukti '%(type)s' belum ada."
MISSING_EVIDENCE_FIX = ("Pindai dan unggah %(type)s, atau tautkan dokumen yang sudah diarsipkan ke kegiatan "
                        "ini.")
STEP_ORDER = ("Tahap %(step)s dimulai %(date)s, sebelum tahap %(prev_step)s (%(prev_date)s); SOP mewajibkan "
              "tahapan berurutan.")
STEP_ORDER_FIX = ("Periksa tanggal kedua dokumen (salah baca/ketik?) atau apakah dokumen tertaut ke kegiatan "
                  "yang benar; bila tanggal benar, catat alasannya sebelum tahap ini disahkan.")
REPLY_BEFORE_REQUEST = ("Surat balasan bertanggal %(date)s lebih awal dari surat yang dibalas "
                        "(%(request_type)s, %(request_date)s).")
REPLY_BEFORE_REQUEST_FIX = "Periksa tanggal kedua surat; bila balasan menjawab surat lain, tautkan surat yang benar."
AGREEMENT_PARTIES = "%(type)s hanya menyebut %(n)s pihak; seharusnya dua pihak."
AGREEMENT_PARTIES_FIX = ("Periksa apakah halaman identitas para pihak terpindai; pindai ulang atau koreksi "
                         "metadata.")
AGREEMENT_NUMBER = "%(type)s: nomor %(party)s tidak ada."
AGREEMENT_NUMBER_FIX = "Lengkapi nomor perjanjian %(party)s pada dokumen, atau koreksi metadata bila terlewat."
AGREEMENT_SIGNATURE = "%(type)s: halaman tanda tangan %(party)s tidak ditemukan."
AGREEMENT_SIGNATURE_FIX = "Pindai halaman tanda tangan yang hilang dan unggah sebagai versi lengkap."
NEEDS_REVIEW = "Dokumen '%(doc)s' menunggu peninjauan."
NEEDS_REVIEW_WHY = "Dokumen '%(doc)s' menunggu peninjauan (%(reason)s)."
NEEDS_REVIEW_FIX = "Buka dokumen, periksa jenis dan metadatanya, lalu simpan koreksi."
PARTNER_MISMATCH = "Dokumen '%(doc)s' menyebut mitra '%(partner)s', bukan '%(activity_partner)s'."
PARTNER_MISMATCH_FIX = "Pindahkan dokumen ke kegiatan mitra yang benar, atau koreksi nama mitra pada metadata."
OUTSIDE_PERIOD = "Dokumen '%(doc)s' bertanggal %(date)s, di luar periode kegiatan %(period)s."
OUTSIDE_PERIOD_FIX = "Pindahkan dokumen ke kegiatan periode yang sesuai, atau koreksi tanggalnya."
REFERENCE_ELSEWHERE = ("Dokumen '%(doc)s' merujuk surat nomor %(nomor)s yang tercatat pada kegiatan "
                       "#%(activity)s, bukan kegiatan ini.")
REFERENCE_ELSEWHERE_FIX = "Pindahkan dokumen ke kegiatan #%(activity)s, atau periksa nomor rujukannya."

FINDING_TEMPLATES: tuple[str, ...] = (
    MISSING_EVIDENCE, MISSING_EVIDENCE_FIX, STEP_ORDER, STEP_ORDER_FIX, REPLY_BEFORE_REQUEST,
    REPLY_BEFORE_REQUEST_FIX, AGREEMENT_PARTIES, AGREEMENT_PARTIES_FIX, AGREEMENT_NUMBER, AGREEMENT_NUMBER_FIX,
    AGREEMENT_SIGNATURE, AGREEMENT_SIGNATURE_FIX, NEEDS_REVIEW, NEEDS_REVIEW_WHY, NEEDS_REVIEW_FIX,
    PARTNER_MISMATCH, PARTNER_MISMATCH_FIX, OUTSIDE_PERIOD, OUTSIDE_PERIOD_FIX, REFERENCE_ELSEWHERE,
    REFERENCE_ELSEWHERE_FIX)

W = Wording.of


# ---------------------------------------------------------------- rules

def rule_missing_evidence(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """Each step's required evidence type must have at least one linked document."""
    out = []
    for step in rules.steps:
        have = {d.doc_type for d in _docs_of_step(activity, rules, step.number)}
        for doc_type in step.evidence:
            if doc_type not in have:
                out.append(_finding(
                    "missing_evidence", step.number, rules, (),
                    W(MISSING_EVIDENCE, step=step.number, step_name=Term("step", step.number),
                      type=Term("type", doc_type)),
                    W(MISSING_EVIDENCE_FIX, type=Term("type_lc", doc_type))))
    return out


def rule_step_order(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """A step's earliest document is not dated before the previous dated step's earliest,
    beyond the SOP's tolerance."""
    out = []
    previous: tuple[StepRule, EvidenceDoc, date] | None = None
    tolerance = timedelta(days=rules.tolerance_days)
    for step in rules.steps:
        first = _earliest(_docs_of_step(activity, rules, step.number))
        if first is None or first.tanggal is None:
            continue
        day = first.tanggal
        if previous and day < previous[2] - tolerance:
            prev_step, prev_doc, prev_day = previous
            out.append(_finding(
                "step_order", step.number, rules, (first.id, prev_doc.id),
                W(STEP_ORDER, step=step.number, date=_fmt(day), prev_step=prev_step.number,
                  prev_date=_fmt(prev_day)),
                W(STEP_ORDER_FIX)))
        if previous is None or day >= previous[2]:
            previous = (step, first, day)
    return out


def _requests_for(reply: EvidenceDoc, activity: ActivityEvidence, rules: AuditRules) -> list[EvidenceDoc]:
    """The letters a reply answers: those whose nomor it cites, else the other evidence of its step."""
    cited = [d for d in activity.documents if d.id != reply.id and d.nomor
             and any(same_nomor(d.nomor, r) for r in reply.rujukan)]
    if cited or reply.rujukan:  # a reply citing a letter filed elsewhere is judged by reference_elsewhere
        return cited
    step = doc_step(reply, rules)
    return [d for d in _docs_of_step(activity, rules, step)
            if d.id != reply.id and d.doc_type not in rules.reply_types]


def rule_reply_before_request(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """A reply cannot be dated before the letter it answers."""
    out = []
    for reply in activity.documents:
        if reply.doc_type not in rules.reply_types or not reply.tanggal:
            continue
        for request in _requests_for(reply, activity, rules):
            if request.tanggal and reply.tanggal < request.tanggal:
                out.append(_finding(
                    "reply_before_request", doc_step(reply, rules), rules, (reply.id, request.id),
                    W(REPLY_BEFORE_REQUEST, date=_fmt(reply.tanggal), request_type=Term("type", request.doc_type),
                      request_date=_fmt(request.tanggal)),
                    W(REPLY_BEFORE_REQUEST_FIX)))
    return out


def rule_agreement_parties(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """An MoU needs both parties, each with its number and its signature block."""
    out = []
    for doc in activity.documents:
        if doc.doc_type not in rules.agreement_types:
            continue
        step = doc_step(doc, rules)
        kind = Term("type", doc.doc_type)
        if len(doc.parties) < 2:
            out.append(_finding(
                "agreement_parties", step, rules, (doc.id,),
                W(AGREEMENT_PARTIES, type=kind, n=len(doc.parties)), W(AGREEMENT_PARTIES_FIX)))
        unnumbered = [p for p in doc.parties if not (p.nomor or "").strip()]
        # The agreement's own number (at its head) belongs to the one party that has none listed.
        head_number_free = bool(doc.nomor) and not any(same_nomor(p.nomor, doc.nomor) for p in doc.parties)
        covered = unnumbered[0] if len(unnumbered) == 1 and head_number_free else None
        for party in doc.parties:
            who = f"PIHAK {party.role.upper()}" + (f" ({party.name})" if party.name else "")  # as the MoU says
            if not (party.nomor or "").strip() and party is not covered:
                out.append(_finding(
                    "agreement_number", step, rules, (doc.id,),
                    W(AGREEMENT_NUMBER, type=kind, party=who), W(AGREEMENT_NUMBER_FIX, party=who)))
            if party.signed is False:
                out.append(_finding(
                    "agreement_signature", step, rules, (doc.id,),
                    W(AGREEMENT_SIGNATURE, type=kind, party=who), W(AGREEMENT_SIGNATURE_FIX)))
    return out


def _step_for_unknown(activity: ActivityEvidence, rules: AuditRules) -> int:
    """Where a document of unknown type is reported: the first step lacking evidence (it may
    be that evidence), else the first step."""
    have = {d.doc_type for d in activity.documents}
    for step in rules.steps:
        if any(t not in have for t in step.evidence):
            return step.number
    return rules.steps[0].number if rules.steps else 0


def rule_needs_review(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """Documents whose classification abstained or was unsure wait for a person."""
    out = []
    for doc in activity.documents:
        if doc.needs_review:
            name = _doc_name(doc, rules)
            if doc.review_wordings:
                message = W(NEEDS_REVIEW_WHY, doc=name, reason=Term("wordings", doc.review_wordings))
            elif doc.review_reason:
                message = W(NEEDS_REVIEW_WHY, doc=name, reason=doc.review_reason)
            else:
                message = W(NEEDS_REVIEW, doc=name)
            out.append(_finding(
                "needs_review", doc_step(doc, rules) or _step_for_unknown(activity, rules), rules, (doc.id,),
                message, W(NEEDS_REVIEW_FIX)))
    return out


def rule_partner_mismatch(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """A document that names another partner is probably linked to the wrong activity."""
    out: list[Finding] = []
    mine = normalise_partner(activity.partner)
    for doc in activity.documents:
        if not doc.partner or similarity(mine, normalise_partner(doc.partner)) >= FUZZY_THRESHOLD:
            continue
        out.append(_finding(
            "partner_mismatch", doc_step(doc, rules), rules, (doc.id,),
            W(PARTNER_MISMATCH, doc=_doc_name(doc, rules), partner=doc.partner, activity_partner=activity.partner),
            W(PARTNER_MISMATCH_FIX)))
    return out


def rule_outside_period(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """Documents dated outside the activity's period (beyond the tolerance)."""
    out: list[Finding] = []
    if not activity.start or not activity.end:
        return out
    tolerance = timedelta(days=rules.tolerance_days)
    for doc in activity.documents:
        if doc.tanggal and not (activity.start - tolerance <= doc.tanggal <= activity.end + tolerance):
            out.append(_finding(
                "outside_period", doc_step(doc, rules), rules, (doc.id,),
                W(OUTSIDE_PERIOD, doc=_doc_name(doc, rules), date=_fmt(doc.tanggal), period=activity.period),
                W(OUTSIDE_PERIOD_FIX)))
    return out


RULES: tuple[Callable[[ActivityEvidence, AuditRules], list[Finding]], ...] = (
    rule_missing_evidence, rule_step_order, rule_reply_before_request, rule_agreement_parties,
    rule_needs_review, rule_partner_mismatch, rule_outside_period)

# Which status a finding gives its step; the worst status of a step wins (STATUS_ORDER).
_RULE_STATUS = {"missing_evidence": "missing", "step_order": "out_of_order", "reply_before_request": "out_of_order"}


NomorIndex = dict[str, tuple[int, str]]  # normalised nomor -> (activity id, document id)


def nomor_index(activities: Iterable[ActivityEvidence]) -> NomorIndex:
    """Where each letter number is filed, across all activities."""
    return {normalise_nomor(d.nomor): (a.id, d.id) for a in activities for d in a.documents if d.nomor}


def rule_reference_elsewhere(activity: ActivityEvidence, rules: AuditRules, index: NomorIndex) -> list[Finding]:
    """A letter citing a number filed in another activity (and not in this one) is probably
    linked to the wrong activity."""
    out = []
    here = {normalise_nomor(d.nomor) for d in activity.documents if d.nomor}
    for doc in activity.documents:
        for cited in doc.rujukan:
            key = normalise_nomor(cited)
            where = index.get(key)
            if key and key not in here and where and where[0] != activity.id:
                out.append(_finding(
                    "reference_elsewhere", doc_step(doc, rules) or _step_for_unknown(activity, rules), rules,
                    (doc.id, where[1]),
                    W(REFERENCE_ELSEWHERE, doc=_doc_name(doc, rules), nomor=cited, activity=where[0]),
                    W(REFERENCE_ELSEWHERE_FIX, activity=where[0])))
    return out


def audit_activity(activity: ActivityEvidence, rules: AuditRules, index: NomorIndex | None = None) -> ActivityAudit:
    """Run every rule on one activity and group the findings by step; ``index`` (from
    ``nomor_index`` over all activities) enables the cross-activity reference rule."""
    findings = [f for rule in RULES for f in rule(activity, rules)]
    if index:
        findings += rule_reference_elsewhere(activity, rules, index)
    steps = []
    for step in rules.steps:
        docs = _docs_of_step(activity, rules, step.number)
        mine = tuple(f for f in findings if f.step == step.number)
        statuses = {_RULE_STATUS.get(f.rule, "needs_review") for f in mine} | {"complete"}
        status = next(s for s in STATUS_ORDER if s in statuses)
        first = _earliest(docs)
        steps.append(StepAudit(
            step=step.number, name=step.name, status=status,
            documents=tuple(d.id for d in sorted(docs, key=lambda d: (d.tanggal or date.max, d.id))),
            findings=mine, evidence=step.evidence,
            present=tuple(t for t in step.evidence if any(d.doc_type == t for d in docs)),
            earliest=first.tanggal if first else None,
            signoffs=tuple(s for s in activity.signoffs if s.step == step.number),
            signoff_roles=step.signoff_roles))
    return ActivityAudit(
        id=activity.id, partner=activity.partner, period=activity.period,
        complete=not any(_RULE_STATUS.get(f.rule) == "missing" for f in findings),
        in_order=not any(_RULE_STATUS.get(f.rule) == "out_of_order" for f in findings),
        steps=tuple(steps), kecamatan=activity.kecamatan, documents=activity.documents, listed=activity.listed)


def audit_activities(activities: Iterable[ActivityEvidence], rules: AuditRules, generated_at: str = "",
                     index: NomorIndex | None = None) -> AuditReport:
    """Audit the activities; references are checked against ``index`` (default: built from them)."""
    activities = list(activities)
    index = nomor_index(activities) if index is None else index
    return AuditReport(activities=tuple(audit_activity(a, rules, index) for a in activities),
                       generated_at=generated_at)
