"""Issue 17: a schedule of pembinaan visits (SOP step 5) lists several partners' libraries. It was left
unlinked on purpose (a document naming several partners belongs to none of them), so the activity it
belongs to showed no step 5. Now it joins the one activity among those it names, in its period, that has
no step-5 evidence yet; when two named activities both lack it, it stays unlinked (and is suggested).
Schedules laid out by the harder sample generator (partners of every kind, both modes); ``decide_link``
is pure, so no archive is needed."""
from __future__ import annotations

import random
from datetime import date

import pytest

from archive.audit import ActivityEvidence, EvidenceDoc, load_rules
from archive.linking import LISTED_PARTNER, SEVERAL_PARTNERS, decide_link, read_reason
from archive.partners import fuzzy_mentions, mentions_partner, names_several_partners
from samples.generate import make_activity_v2, make_document
from samples.pools import HELD_OUT_PARTNERS, TRAIN_PARTNERS

RULES = load_rules()
KINDS = ["desa", "kelurahan", "sekolah", "pondok_pesantren", "perpustakaan_desa", "tbm", "komunitas"]


def _act(id_: int, partner: str, year: int, doc_types: list[str]) -> ActivityEvidence:
    docs = tuple(EvidenceDoc(id=f"{id_}-{k}", doc_type=t, tanggal=date(year, 3, 1 + k)) for k, t in enumerate(doc_types))
    return ActivityEvidence(id=id_, partner=partner, partner_key="", period=str(year), start=date(year, 1, 1),
                            end=date(year, 12, 31), documents=docs)


def _schedule(kind: str, seed: int):
    held_out = seed % 2 == 1
    act = make_activity_v2(random.Random(f"jadwal-{kind}-{seed}"), held_out, kind)
    spec = make_document("jadwal_pembinaan", random.Random(f"jadwal-doc-{kind}-{seed}"), held_out, act, harder=True)
    text = "\n".join(spec.page_texts())
    day = spec.meta["tanggal"]
    others = [p for p in (HELD_OUT_PARTNERS if held_out else TRAIN_PARTNERS)
              if p.name != act.partner.name and (mentions_partner(text, p.name) or fuzzy_mentions(text, p.name))]
    doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=day)
    return act.partner.name, others, text, doc, day.year


@pytest.mark.parametrize("kind", KINDS)
def test_a_schedule_joins_the_one_named_activity_that_lacks_step_5(kind):
    for seed in range(3):
        partner, others, text, doc, year = _schedule(kind, seed)
        assert names_several_partners(text) and others  # the case the old rule left alone
        ours = _act(1, partner, year, ["surat_permohonan_kerja_sama", "surat_permintaan_pembinaan"][:1])
        # a listed partner whose activity already has its step-5 evidence, and one the schedule does not name
        visited = _act(2, others[0].name, year, ["nota_kesepahaman", "surat_permintaan_pembinaan"])
        unnamed = _act(3, "Desa Zzyzx Ujung", year, ["nota_kesepahaman"])
        got = decide_link(doc, [visited, unnamed, ours], RULES, text=text)
        assert got.activity_id == 1, (kind, seed, got.reason)
        assert read_reason(got.reason).template == LISTED_PARTNER


def test_two_named_activities_without_step_5_leave_the_schedule_unlinked():
    partner, others, text, doc, year = _schedule("desa", 0)
    ours = _act(1, partner, year, ["nota_kesepahaman"])
    also_open = _act(2, others[0].name, year, ["nota_kesepahaman"])
    got = decide_link(doc, [ours, also_open], RULES, text=text)
    assert got.activity_id is None and got.reason == SEVERAL_PARTNERS


def test_a_named_activity_of_another_year_is_not_the_schedules():
    partner, others, text, doc, year = _schedule("tbm", 1)
    got = decide_link(doc, [_act(1, partner, year - 2, ["nota_kesepahaman"])], RULES, text=text)
    assert got.activity_id is None
