"""Two weak clues that agree link a document (issue 17): a follow-up document whose partner OCR misread beyond the
slips ``similarity`` allows is left for a person (``FOLLOW_UP_MISREAD``) and suggested for the near name's
activity; when it was also uploaded among that very activity's letters (the linked documents arrived nearest
before and after it both belong to it) it joins that activity, at a confidence below every other rule's, the
reason naming both clues (``AMONG_UPLOAD``). Either clue alone still leaves it unlinked. Generated places and
their follow-up documents, the name misread everywhere in the text (``test_linking_follow_up._cases``)."""
from __future__ import annotations

import random
from datetime import timedelta

import pytest

from archive import db
from archive.activities import audit
from archive.linking import AMONG_UPLOAD, read_reason
from samples.generate import make_activity_v2
from tests.archive.test_activities_world import add_document
from tests.archive.test_linking_follow_up import _cases

BOTH_BACKENDS = True


def _some_cases(per_kind: int = 2):
    seen: dict[str, int] = {}
    for case in _cases():
        kind = case[5].partner.kind
        if seen.get(kind, 0) < per_kind:
            seen[kind] = seen.get(kind, 0) + 1
            yield case


CASES = list(_some_cases())


def _arrive(settings, doc_id: str, doc_type: str, *, tanggal, partner, text: str) -> None:
    with db.session_scope(settings) as session:
        add_document(session, doc_id, doc_type, tanggal=tanggal, partner=partner, text=text)
        db.write_audit(session, "document.ingest", user=None, doc_id=doc_id, detail={"file": f"{doc_id}.jpg"})


def _upload(settings, case, after_is_ours: bool):
    partner, read, text, day, doc_type, _, _ = case
    other = make_activity_v2(random.Random(f"among-other-{partner}"), True, "tbm").partner.name
    _arrive(settings, "o1", "undangan_sosialisasi", tanggal=day - timedelta(days=40), partner=other,
            text=f"Undangan\nKepada Yth. {other}")
    _arrive(settings, "p1", "undangan_sosialisasi", tanggal=day - timedelta(days=45), partner=partner,
            text=f"Undangan\nKepada Yth. {partner}")
    _arrive(settings, "p2", "surat_balasan", tanggal=day - timedelta(days=20), partner=partner,
            text=f"Balasan\nKepada Yth. {partner}")
    _arrive(settings, "x", doc_type, tanggal=day, partner=read, text=text)
    who = partner if after_is_ours else other
    _arrive(settings, "n", "laporan_sosialisasi" if not after_is_ours else "surat_permintaan_pembinaan",
            tanggal=day + timedelta(days=3), partner=who, text=f"Surat\nKepada Yth. {who}")
    report = audit(settings)
    with db.session_scope(settings) as session:
        rows = {r.document_id: (r.activity_id, r.reason, r.confidence) for r in session.scalars(db.select(db.ActivityLinkRow))}
    return report, rows


@pytest.mark.parametrize("case", CASES, ids=[f"{c[4]}-{c[1]}" for c in CASES])
def test_a_suggestion_uploaded_among_its_activitys_letters_is_linked(settings, case):
    _, rows = _upload(settings, case, after_is_ours=True)
    activity, reason, confidence = rows.get("x", (None, None, 0))
    assert activity is not None and activity == rows["p2"][0] == rows["n"][0], case[:2]
    assert read_reason(reason).template == AMONG_UPLOAD and confidence < 0.5


@pytest.mark.parametrize("case", CASES[:3], ids=[f"{c[4]}-{c[1]}" for c in CASES[:3]])
def test_a_suggestion_between_two_activities_letters_stays_unlinked(settings, case):
    report, rows = _upload(settings, case, after_is_ours=False)
    assert rows.get("x", (None,))[0] is None
    assert {u.document: u.candidate for u in report.unlinked}.get("x") == rows["p2"][0]
