"""A schedule listing several partners is evidence of each listed partner's activity (issue 17): the
second link table (``activity_listed_links``, migration 0701), on a real archive (SQLite, and PostgreSQL
when BURT_TEST_PG_URL is set). The schedules come from the harder generator, both modes, every partner kind."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from archive import db
from archive.activities import audit, create_activity, get_activity, unlink_document
from archive.activity_edits import merge_activities
from archive.partners import lists_partner, names_several_partners
from samples.generate import make_activity_v2, make_document
from samples.pools import HELD_OUT_PARTNERS, TRAIN_PARTNERS
from tests.archive.test_activities_world import add_document

BOTH_BACKENDS = True
KINDS = ["desa", "kelurahan", "kecamatan", "sekolah", "pondok_pesantren", "perpustakaan_desa", "tbm", "komunitas"]
MOU = "nota_kesepahaman"


def _schedule(kind: str, seed: int):
    """A generated jadwal pembinaan: its own partner, the other listed partners of the pool, text, date."""
    held_out = seed % 2 == 1
    act = make_activity_v2(random.Random(f"shared-{kind}-{seed}"), held_out, kind)
    spec = make_document("jadwal_pembinaan", random.Random(f"shared-doc-{kind}-{seed}"), held_out, act, harder=True)
    text = "\n".join(spec.page_texts())
    others = [p.name for p in (HELD_OUT_PARTNERS if held_out else TRAIN_PARTNERS)
              if p.name != act.partner.name and lists_partner(text, p.name)]
    return act.partner.name, others, text, spec.meta["tanggal"]


def _start(settings, doc_id: str, partner: str, day: date) -> None:
    """An activity of ``partner`` started by its MoU (linked by the audit's auto-linking)."""
    with db.session_scope(settings) as session:
        add_document(session, doc_id, MOU, tanggal=day, partner=partner, text=f"NOTA KESEPAHAMAN\n{partner}")


def _add_schedule(settings, doc_id: str, text: str, day: date) -> None:
    with db.session_scope(settings) as session:
        add_document(session, doc_id, "jadwal_pembinaan", tanggal=day, text=text)


def _step5(report, activity_id: int) -> list[str]:
    act = next(a for a in report.to_json()["activities"] if a["id"] == activity_id)
    return next(s["documents"] for s in act["steps"] if s["step"] == 5)


def _own_link(settings, doc_id: str) -> int | None:
    with db.session_scope(settings) as session:
        row = session.get(db.ActivityLinkRow, doc_id)
        return row.activity_id if row is not None else None


def _activity_of(report, doc_id: str) -> int:
    return next(a["id"] for a in report.to_json()["activities"]
                if any(doc_id in s["documents"] for s in a["steps"] if s["step"] == 2))


@pytest.mark.parametrize("kind", KINDS)
def test_a_schedule_is_evidence_of_every_listed_partners_activity(settings, kind):
    own, others, text, day = _schedule(kind, 0 if kind in KINDS[::2] else 1)
    assert names_several_partners(text) and len(others) >= 2  # several partners: one link row could not hold it
    start = day - timedelta(days=40)
    _start(settings, "m00000000001", own, start)
    _start(settings, "m00000000002", others[0], start + timedelta(days=1))
    _start(settings, "m00000000003", others[1], start + timedelta(days=2))
    # a partner of another kind bearing a listed partner's name, and a listed partner's activity of another year
    _start(settings, "m00000000004", f"Pondok Pesantren {others[0].split()[-1]} Raya", start)
    _start(settings, "m00000000005", others[1], start.replace(year=start.year - 2))
    _add_schedule(settings, "j00000000001", text, day)
    report = audit(settings)
    acts = {d: _activity_of(report, d) for d in ("m00000000001", "m00000000002", "m00000000003", "m00000000004",
                                                    "m00000000005")}
    for doc in ("m00000000001", "m00000000002", "m00000000003"):
        assert _step5(report, acts[doc]) == ["j00000000001"], (kind, doc)
    for doc in ("m00000000004", "m00000000005"):
        assert _step5(report, acts[doc]) == [], (kind, doc)
    listed = {a["id"]: a.get("listed", []) for a in report.to_json()["activities"]}
    assert sorted(a for a, docs in listed.items() if docs == ["j00000000001"]) == sorted(
        a for a in (acts["m00000000001"], acts["m00000000002"], acts["m00000000003"])
        if a != _own_link(settings, "j00000000001"))
    assert "j00000000001" not in [u["document"] for u in report.to_json()["unlinked"]]  # accounted for
    # the activity page shows it as shared evidence, with its reason; no partner-mismatch finding
    detail = get_activity(settings, acts["m00000000002"])
    shared = [d for d in detail.documents if d.id == "j00000000001"]
    assert shared and shared[0].listed and shared[0].to_json()["listed"] is True
    assert others[0] in shared[0].reason and shared[0].reason_wording is not None
    assert not [f for f in detail.audit.findings if f.rule == "partner_mismatch"]


def test_a_schedule_met_before_its_partners_activities_is_listed_once_they_exist(settings):
    own, others, text, day = _schedule("desa", 2)
    start = day - timedelta(days=30)
    _start(settings, "m00000000001", own, start)
    _add_schedule(settings, "j00000000001", text, day)
    first = audit(settings)  # only its own partner's activity: linked to it (the one listed with an activity)
    own_act = _activity_of(first, "m00000000001")
    assert _step5(first, own_act) == ["j00000000001"]
    _start(settings, "m00000000002", others[0], start)
    report = audit(settings)
    assert _step5(report, _activity_of(report, "m00000000002")) == ["j00000000001"]
    assert _step5(report, own_act) == ["j00000000001"]


def test_a_listed_link_taken_away_by_a_person_stays_away_and_merges_follow(settings):
    own, others, text, day = _schedule("sekolah", 1)
    start = day - timedelta(days=30)
    for i, partner in enumerate([own, *others[:2]], 1):
        _start(settings, f"m0000000000{i}", partner, start)
    _add_schedule(settings, "j00000000001", text, day)
    report = audit(settings)
    second, third = _activity_of(report, "m00000000002"), _activity_of(report, "m00000000003")
    assert _step5(report, second) == ["j00000000001"]
    unlink_document(settings, "j00000000001", user="pelaksana1", activity_id=second)
    report = audit(settings)
    assert _step5(report, second) == [] and _step5(report, third) == ["j00000000001"]
    with db.session_scope(settings) as session:
        actions = [(r.action, r.user, r.activity_id) for r in session.scalars(
            select(db.AuditRow).where(db.AuditRow.doc_id == "j00000000001").order_by(db.AuditRow.id))]
    assert ("activity.listed_unlink", "pelaksana1", str(second)) in actions
    assert ("activity.listed_link", None, str(third)) in actions
    # merged into another activity (made by hand), the third's listed link goes along
    kept = create_activity(settings, others[1], str(day.year), user="pelaksana1")
    merge_activities(settings, kept.id, third, user="pelaksana1")
    assert [d.id for d in get_activity(settings, kept.id).documents if d.listed] == ["j00000000001"]
