"""Issue 17: a document whose classification was sure of its SOP step but not of which of the step's
documents it is (held_out_2101's "Rencana Pendampingan" letter, held_out_1901 doc0031: type 0.54, step 6
0.74) is stored with its step and no type. It is that step's evidence: the audit shows it under its step
(still waiting for review, its type not counted as present), and the linker reads its text for the partner
like a typed document's. A page of no sure step stays "anything": it joins no activity by a name in its text.
Built from the generator's letters; no OCR here."""
from __future__ import annotations

import dataclasses
import random
from datetime import timedelta

from archive.audit import EvidenceDoc, audit_activity, load_rules
from archive.linking import decide_link
from samples.generate import make_activity_v2, make_document
from tests.archive.test_linking_held_out import _act

RULES = load_rules()


def _letters():
    for kind in ("tbm", "komunitas", "desa", "sekolah"):
        for seed in range(3):
            held_out = seed % 2 == 1
            act = make_activity_v2(random.Random(f"untyped-{kind}-{seed}"), held_out, kind)
            spec = make_document("laporan_pendampingan", random.Random(f"untyped-doc-{kind}-{seed}"), held_out,
                                 act, harder=True)
            yield act.partner.name, "\n".join(spec.page_texts()), spec.meta["tanggal"]


def test_an_untyped_document_with_a_sure_step_joins_the_activity_its_text_names():
    joined = 0
    for partner, text, day in _letters():
        ours = _act(1, partner, day.year, ["nota_kesepahaman"], first=day - timedelta(days=30))
        kept = EvidenceDoc(id="x", doc_type=None, step=6, tanggal=day, needs_review=True)
        decision = decide_link(kept, [ours], RULES, text=text)
        assert decision.activity_id in (1, None), partner
        joined += decision.activity_id == 1
        # no step kept: the page may be anything, a name in its text is no clue
        unsure = EvidenceDoc(id="y", doc_type=None, tanggal=day, needs_review=True)
        assert decide_link(unsure, [ours], RULES, text=text).activity_id is None, partner
        # another year's activity of the partner is not joined
        old = _act(2, partner, day.year - 2, ["nota_kesepahaman"], first=day.replace(year=day.year - 2))
        assert decide_link(kept, [old], RULES, text=text).activity_id is None, partner
    assert joined >= 10, joined


def test_the_audit_shows_an_untyped_document_under_the_step_it_kept():
    act = _act(1, "TBM Pustaka Nusa", 2025, ["nota_kesepahaman"])
    kept = EvidenceDoc(id="kept", doc_type=None, step=6, needs_review=True, review_reason="jenis belum pasti")
    bare = EvidenceDoc(id="bare", doc_type=None, needs_review=True)
    audit = audit_activity(dataclasses.replace(act, documents=(*act.documents, kept, bare)), RULES)
    by_step = {s.step: s for s in audit.steps}
    assert by_step[6].documents == ("kept",)
    assert by_step[6].present == ()  # its type is not counted as present: "evidence missing" still says so
    assert any(f.rule == "needs_review" and "kept" in f.documents for f in by_step[6].findings)
    assert all("bare" not in s.documents for s in audit.steps)


def test_on_the_archive_an_untyped_document_with_its_step_joins_and_shows_that_step(settings):
    """The real database: the rows ingest writes for an untyped document whose step 6 was kept (``sop_step``
    stored, ``doc_type`` null) and whose partner the metadata did not read; its text names the partner."""
    from datetime import date

    from archive import db
    from archive.activities import get_activity
    from archive.linking import auto_link
    from tests.archive.test_activities_world import add_document

    with db.session_scope(settings) as session:
        add_document(session, "c00000000001", "nota_kesepahaman", tanggal=date(2025, 3, 3), partner="TBM Pustaka Nusa")
        add_document(session, "c00000000002", None, tanggal=date(2025, 6, 18), needs_review=True,
                     text="LAPORAN KEGIATAN\nterjun langsung ke lapangan bersama warga TBM Pustaka Nusa.\n")
        add_document(session, "c00000000003", None, tanggal=date(2025, 6, 20), needs_review=True,
                     text="foto kegiatan bersama warga TBM Pustaka Nusa\n")
        session.get(db.Document, "c00000000002").sop_step = 6
    first = auto_link(settings, "c00000000001")
    assert auto_link(settings, "c00000000002").activity_id == first.activity_id
    assert auto_link(settings, "c00000000003").activity_id is None  # no step kept: may be anything
    shown = get_activity(settings, first.activity_id)
    assert {d.id: d.step for d in shown.documents}["c00000000002"] == 6
    steps = {s.step: s for s in shown.audit.steps}
    assert steps[6].documents == ("c00000000002",)
