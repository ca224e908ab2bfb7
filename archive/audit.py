"""The SOP audit: per activity and step, is the evidence there and in order?

Everything here is pure: rule functions over plain dataclasses (``ActivityEvidence``,
``EvidenceDoc``) and the rules read from the SOP data (``AuditRules``, built from
``ingest.sop.load_sop()``). Nothing names a step or lists evidence in code; loading
activities from the database lives in ``archive/evidence.py``. Each rule returns
``Finding``s saying what is wrong (Indonesian), which documents, and what would fix it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable, Iterable

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
                      type_labels=labels, tolerance_days=tol, instansi=str(getattr(sop, "instansi", "") or ""))


def load_rules(tolerance_days: int | None = None) -> AuditRules:
    """The audit rules of the installed SOP file."""
    from ingest.sop import load_sop  # the SOP definition lives in ingest (lowest layer reading it)

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


# ---------------------------------------------------------------- results (output)

@dataclass(frozen=True)
class Finding:
    rule: str
    step: int
    message: str
    documents: tuple[str, ...]
    fix: str

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

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for s in self.steps for f in s.findings)

    def to_json(self) -> dict:
        return {"id": self.id, "partner": self.partner, "period": self.period, "complete": self.complete,
                "in_order": self.in_order, "steps": [s.to_json() for s in self.steps]}


@dataclass(frozen=True)
class AuditReport:
    activities: tuple[ActivityAudit, ...] = ()
    generated_at: str = ""

    @property
    def has_findings(self) -> bool:
        return any(a.findings for a in self.activities)

    def to_json(self) -> dict:
        return {"activities": [a.to_json() for a in self.activities]}


# ---------------------------------------------------------------- helpers

def normalise_nomor(nomor: str | None) -> str:
    """A letter number compared loosely: upper case, no spaces, ',' read as '.'."""
    return re.sub(r"\s+", "", (nomor or "").upper().replace(",", "."))


def same_nomor(a: str | None, b: str | None) -> bool:
    na, nb = normalise_nomor(a), normalise_nomor(b)
    return bool(na) and na == nb


def _fmt(d: date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else "-"


def _doc_step(doc: EvidenceDoc, rules: AuditRules) -> int:
    return rules.type_steps.get(doc.doc_type or "", 0)


def _docs_of_step(activity: ActivityEvidence, rules: AuditRules, number: int) -> list[EvidenceDoc]:
    return [d for d in activity.documents if _doc_step(d, rules) == number]


def _earliest(docs: Iterable[EvidenceDoc]) -> EvidenceDoc | None:
    dated = [d for d in docs if d.tanggal]
    return min(dated, key=lambda d: d.tanggal) if dated else None


# ---------------------------------------------------------------- rules

def rule_missing_evidence(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """Each step's required evidence type must have at least one linked document."""
    out = []
    for step in rules.steps:
        have = {d.doc_type for d in _docs_of_step(activity, rules, step.number)}
        for doc_type in step.evidence:
            if doc_type not in have:
                out.append(Finding(
                    "missing_evidence", step.number,
                    f"Tahap {step.number} ({step.name}): bukti '{rules.label(doc_type)}' belum ada.",
                    (), f"Pindai dan unggah {rules.label(doc_type).lower()}, atau tautkan dokumen yang sudah "
                        f"diarsipkan ke kegiatan ini."))
    return out


def rule_step_order(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """A step's earliest document is not dated before the previous dated step's earliest,
    beyond the SOP's tolerance."""
    out = []
    previous: tuple[StepRule, EvidenceDoc] | None = None
    tolerance = timedelta(days=rules.tolerance_days)
    for step in rules.steps:
        first = _earliest(_docs_of_step(activity, rules, step.number))
        if first is None:
            continue
        if previous and first.tanggal < previous[1].tanggal - tolerance:
            prev_step, prev_doc = previous
            out.append(Finding(
                "step_order", step.number,
                f"Tahap {step.number} dimulai {_fmt(first.tanggal)}, sebelum tahap {prev_step.number} "
                f"({_fmt(prev_doc.tanggal)}); SOP mewajibkan tahapan berurutan.",
                (first.id, prev_doc.id),
                "Periksa tanggal kedua dokumen (salah baca/ketik?) atau apakah dokumen tertaut ke kegiatan "
                "yang benar; bila tanggal benar, catat alasannya sebelum tahap ini disahkan."))
        if previous is None or first.tanggal >= previous[1].tanggal:
            previous = (step, first)
    return out


def _requests_for(reply: EvidenceDoc, activity: ActivityEvidence, rules: AuditRules) -> list[EvidenceDoc]:
    """The letters a reply answers: those whose nomor it cites, else the other evidence of its step."""
    cited = [d for d in activity.documents if d.id != reply.id and d.nomor
             and any(same_nomor(d.nomor, r) for r in reply.rujukan)]
    if cited or reply.rujukan:  # a reply citing a letter filed elsewhere is judged by reference_elsewhere
        return cited
    step = _doc_step(reply, rules)
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
                out.append(Finding(
                    "reply_before_request", _doc_step(reply, rules),
                    f"Surat balasan bertanggal {_fmt(reply.tanggal)} lebih awal dari surat yang dibalas "
                    f"({rules.label(request.doc_type)}, {_fmt(request.tanggal)}).",
                    (reply.id, request.id),
                    "Periksa tanggal kedua surat; bila balasan menjawab surat lain, tautkan surat yang benar."))
    return out


def rule_agreement_parties(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """An MoU needs both parties, each with its number and its signature block."""
    out = []
    for doc in activity.documents:
        if doc.doc_type not in rules.agreement_types:
            continue
        step = _doc_step(doc, rules)
        if len(doc.parties) < 2:
            out.append(Finding(
                "agreement_parties", step,
                f"{rules.label(doc.doc_type)} hanya menyebut {len(doc.parties)} pihak; seharusnya dua pihak.",
                (doc.id,), "Periksa apakah halaman identitas para pihak terpindai; pindai ulang atau koreksi metadata."))
        unnumbered = [p for p in doc.parties if not (p.nomor or "").strip()]
        # The agreement's own number (at its head) belongs to the one party that has none listed.
        head_number_free = bool(doc.nomor) and not any(same_nomor(p.nomor, doc.nomor) for p in doc.parties)
        covered = unnumbered[0] if len(unnumbered) == 1 and head_number_free else None
        for party in doc.parties:
            who = f"PIHAK {party.role.upper()}" + (f" ({party.name})" if party.name else "")
            if not (party.nomor or "").strip() and party is not covered:
                out.append(Finding(
                    "agreement_number", step, f"{rules.label(doc.doc_type)}: nomor {who} tidak ada.",
                    (doc.id,), f"Lengkapi nomor perjanjian {who} pada dokumen, atau koreksi metadata bila terlewat."))
            if party.signed is False:
                out.append(Finding(
                    "agreement_signature", step,
                    f"{rules.label(doc.doc_type)}: halaman tanda tangan {who} tidak ditemukan.",
                    (doc.id,), "Pindai halaman tanda tangan yang hilang dan unggah sebagai versi lengkap."))
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
            reason = f" ({doc.review_reason})" if doc.review_reason else ""
            out.append(Finding(
                "needs_review", _doc_step(doc, rules) or _step_for_unknown(activity, rules),
                f"Dokumen '{doc.title or doc.id}' menunggu peninjauan{reason}.", (doc.id,),
                "Buka dokumen, periksa jenis dan metadatanya, lalu simpan koreksi."))
    return out


def rule_partner_mismatch(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """A document that names another partner is probably linked to the wrong activity."""
    from archive.partners import normalise_partner, similarity, FUZZY_THRESHOLD

    out = []
    mine = normalise_partner(activity.partner)
    for doc in activity.documents:
        if not doc.partner or similarity(mine, normalise_partner(doc.partner)) >= FUZZY_THRESHOLD:
            continue
        out.append(Finding(
            "partner_mismatch", _doc_step(doc, rules),
            f"Dokumen '{doc.title or doc.id}' menyebut mitra '{doc.partner}', bukan '{activity.partner}'.",
            (doc.id,), "Pindahkan dokumen ke kegiatan mitra yang benar, atau koreksi nama mitra pada metadata."))
    return out


def rule_outside_period(activity: ActivityEvidence, rules: AuditRules) -> list[Finding]:
    """Documents dated outside the activity's period (beyond the tolerance)."""
    out = []
    if not activity.start or not activity.end:
        return out
    tolerance = timedelta(days=rules.tolerance_days)
    for doc in activity.documents:
        if doc.tanggal and not (activity.start - tolerance <= doc.tanggal <= activity.end + tolerance):
            out.append(Finding(
                "outside_period", _doc_step(doc, rules),
                f"Dokumen '{doc.title or doc.id}' bertanggal {_fmt(doc.tanggal)}, di luar periode kegiatan "
                f"{activity.period}.", (doc.id,),
                "Pindahkan dokumen ke kegiatan periode yang sesuai, atau koreksi tanggalnya."))
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
                out.append(Finding(
                    "reference_elsewhere", _doc_step(doc, rules) or _step_for_unknown(activity, rules),
                    f"Dokumen '{doc.title or doc.id}' merujuk surat nomor {cited} yang tercatat pada kegiatan "
                    f"#{where[0]}, bukan kegiatan ini.", (doc.id, where[1]),
                    f"Pindahkan dokumen ke kegiatan #{where[0]}, atau periksa nomor rujukannya."))
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
        steps=tuple(steps), kecamatan=activity.kecamatan, documents=activity.documents)


def audit_activities(activities: Iterable[ActivityEvidence], rules: AuditRules, generated_at: str = "",
                     index: NomorIndex | None = None) -> AuditReport:
    """Audit the activities; references are checked against ``index`` (default: built from them)."""
    activities = list(activities)
    index = nomor_index(activities) if index is None else index
    return AuditReport(activities=tuple(audit_activity(a, rules, index) for a in activities),
                       generated_at=generated_at)


_SIGN_HEAD = re.compile(r"pihak[ \t]+(\w+)[ \t]*(?:[,:]|$)", re.IGNORECASE | re.MULTILINE)
_CONNECTOR = re.compile(r"\b(dan|oleh|dengan|kepada|antara|bagi|untuk|disebut|sebagai|atau)[ \t]*$", re.IGNORECASE)


def find_signatures(text: str, roles: Iterable[str]) -> dict[str, bool]:
    """Which parties' signature blocks appear in an agreement's closing part.

    The closing part is the text after the last article heading ("Pasal"), or the last
    third when there is none. A signature block heading is "PIHAK <ROLE>" ending its line or
    followed by a comma or colon ("PIHAK KEDUA,"), also when OCR put two columns on one
    line; a sentence that merely names the party ("oleh PIHAK PERTAMA dan PIHAK KEDUA.")
    does not count.
    """
    roles = tuple(r.lower() for r in roles)
    if not text.strip():
        return {}
    heads = [m.start() for m in re.finditer(r"\bpasal\b", text, flags=re.IGNORECASE)]
    tail = text[heads[-1]:] if heads else text[len(text) * 2 // 3:]
    signed = {role: False for role in roles}
    for m in _SIGN_HEAD.finditer(tail):
        role = m.group(1).lower()
        line_start = tail.rfind("\n", 0, m.start()) + 1
        if role in signed and not _CONNECTOR.search(tail[line_start:m.start()]):
            signed[role] = True
    return signed
