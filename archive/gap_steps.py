"""Issue 17: the step of an untyped document taken from its classifier's guess where its activity lacks
exactly that step.

A photo that lost its title, subject and most of its words is left with no type and no step: the classifier's
guess (``ingest.classify.guessed_type``, the type it leaned to below its threshold) is too weak alone. But when
the document joined an activity by a clue of its own (its partner, a number it cites) and the guess's step is one
that activity lacks *between* a step it has below and one it has above (the SOP's order), with the document's
date, if read, in order with theirs, two clues of different origins agree. The document then keeps that step,
as a classification that was sure of the step but not of the type does (``archive.audit.doc_step``): the audit
shows it under that step, its type stays open, and it waits for review, the reason naming the guess and the gap.

A guess of a step the activity already shows, of its first step or of one after its last (the activity may
simply have gone no further), or of a step no or two untyped documents of the activity guess, is not taken.
"""
from __future__ import annotations

import logging

from archive import db
from archive.activity_rows import activity_row, parse_period
from archive.audit import ActivityEvidence, AuditRules, EvidenceDoc, doc_step
from archive.db import Session
from archive.errors import ActivityError
from archive.evidence import activity_evidence
from ingest.classify import guessed_type

log = logging.getLogger(__name__)

GAP_GUESS = ("tahap %(step)s dari tebakan %(guess)s: kegiatan #%(activity)s belum punya bukti tahap itu di antara "
             "tahap %(before)s dan %(after)s; periksa jenisnya")


def gap_of(act: ActivityEvidence, doc: EvidenceDoc, step: int, rules: AuditRules) -> tuple[int, int] | None:
    """The steps of ``act`` just below and above ``step`` when ``act`` lacks ``step`` between them and ``doc``'s
    date (if read) lies in ``act``'s period and in order with its other documents' steps (within the SOP's
    tolerance); None otherwise."""
    steps = {doc_step(d, rules) for d in act.documents if d.id != doc.id} - {0}
    before, after = [s for s in steps if s < step], [s for s in steps if s > step]
    if step in steps or not before or not after:
        return None
    if doc.tanggal is not None:
        slack = rules.tolerance_days
        try:
            _, start, end = parse_period(act.period)
        except ActivityError:
            return None
        if (start - doc.tanggal).days > slack or (doc.tanggal - end).days > slack:
            return None
        for d in act.documents:
            other = doc_step(d, rules)
            if d.id == doc.id or d.tanggal is None or not other:
                continue
            if (other < step and (d.tanggal - doc.tanggal).days > slack) \
                    or (other > step and (doc.tanggal - d.tanggal).days > slack):
                return None
    return max(before), min(after)


def take_guessed_steps(session: Session, activity_id: int, rules: AuditRules) -> list[str]:
    """Give each untyped, stepless document linked to the activity the step its classifier guessed, where
    that step fills a gap of the activity (``gap_of``) and no other such document guesses the same step.
    Returns the ids of the documents that took a step (their rows changed in ``session``)."""
    act = activity_evidence(session, activity_row(session, activity_id), rules)
    guesses: dict[int, list[tuple[EvidenceDoc, str, db.Document]]] = {}
    for doc in act.documents:
        if doc.id in act.listed or doc.doc_type or doc.step:
            continue
        row = session.get(db.Document, doc.id)
        guess = guessed_type(db.loads(row.class_reasons, []) or []) if row is not None else None
        step = rules.type_steps.get(guess or "", 0)
        if row is not None and guess and step:
            guesses.setdefault(step, []).append((doc, guess, row))
    taken = []
    for step, found in sorted(guesses.items()):
        if len(found) != 1:
            continue
        doc, guess, row = found[0]
        gap = gap_of(act, doc, step, rules)
        if gap is None:
            continue
        reason = GAP_GUESS % {"step": step, "guess": guess, "activity": act.id, "before": gap[0], "after": gap[1]}
        row.sop_step = step
        row.class_reasons = db.dumps([*(db.loads(row.class_reasons, []) or []), reason])
        row.needs_review = True
        row.indexed = False
        db.write_audit(session, "document.step_from_gap", user=None, doc_id=doc.id, activity_id=str(act.id),
                       detail={"step": step, "guess": guess, "reason": reason})
        log.info("document %s: %s", doc.id, reason)
        taken.append(doc.id)
    return taken
