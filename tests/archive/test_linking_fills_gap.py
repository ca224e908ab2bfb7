"""A document that fills a step missing between its activity's steps joins it (issue 17): a book list (step 4)
whose upper half a messenger photo lost keeps only its rows (no partner, no date, no nomor); it was uploaded among
one activity's letters, and that activity shows steps before it (a reply, step 3) and after it (a request for
pembinaan, step 5) but no hand-over. Two clues of different origins agree: the order of arrival and the SOP's
order of steps. It is linked below every other rule's confidence, its reason (``FILLS_GAP``) naming both and asking
for a check. Neither clue alone links it, nor does it when it names another partner, when its date lies outside
the period, or when the activity already shows its step. Documents of the harder generator, several partner
kinds (the upload helper of ``test_suggest_by_upload``)."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from archive import db
from archive.activities import audit
from archive.linking import FILLS_GAP, GAP_CONFIDENCE, read_reason
from samples.generate import make_activity_v2
from tests.archive.test_activities_world import add_document
from tests.archive.test_suggest_by_upload import KINDS, _document, _rows_only, _upload

BOTH_BACKENDS = True


def _links(settings) -> dict:
    with db.session_scope(settings) as session:
        return {r.document_id: (r.activity_id, r.reason, r.confidence)
                for r in session.scalars(db.select(db.ActivityLinkRow))}


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_filling_the_step_between_its_activitys_steps_is_linked(settings, kind):
    _, links, ids = _upload(settings, kind, next_type="surat_permintaan_pembinaan", next_days=70)
    at = next(i for i, doc_id in enumerate(ids) if doc_id.startswith("list"))
    assert links.get("list") is not None and links["list"] == links[ids[at - 1]] == links[ids[at + 1]], kind
    activity, reason, confidence = _links(settings)["list"]
    said = read_reason(reason)
    assert said is not None and said.template == FILLS_GAP and confidence == GAP_CONFIDENCE < 0.4
    assert dict(said.params) == {"activity": str(activity), "step": "4", "before": "3", "after": "5"}


@pytest.mark.parametrize("kind", KINDS[:3])
def test_no_link_between_two_activities_letters(settings, kind):
    report, links, _ = _upload(settings, kind, between=("a", "b"), next_type="surat_permintaan_pembinaan",
                               next_days=70)
    assert links.get("list") is None


@pytest.mark.parametrize("kind", KINDS[:3])
def test_no_link_when_the_activity_shows_the_step(settings, kind):
    _, links, _ = _upload(settings, kind, list_type=True, next_type="surat_permintaan_pembinaan", next_days=70)
    assert links.get("list") is None  # the activity holds a book list (step 4) already


@pytest.mark.parametrize("kind", KINDS[:3])
def test_no_link_when_the_date_is_outside_the_period(settings, kind):
    _, links, _ = _upload(settings, kind, list_day=date(2023, 2, 1), next_type="surat_permintaan_pembinaan",
                          next_days=70)
    assert links.get("list") is None  # dated a year before the activity


def test_no_link_when_the_step_comes_after_every_step_of_the_activity(settings):
    _, links, _ = _upload(settings, "desa", next_type="surat_balasan", next_days=45)
    assert links.get("list") is None  # steps 1 and 3 only: a list (4) would extend it, not fill a gap


@pytest.mark.parametrize("kind", ["desa", "sekolah", "tbm"])
def test_no_link_when_it_names_a_partner_of_another_kind(settings, kind):
    """The berita acara names its receiving partner: another kind than the activity's (or the same kind and no
    word of its name) is another partner's hand-over that arrived among these letters."""
    other_kind = {"desa": "tbm", "sekolah": "desa", "tbm": "sekolah"}[kind]
    stranger = make_activity_v2(random.Random(f"gap-stranger-{kind}"), True, other_kind).partner.name
    partner = make_activity_v2(random.Random(f"upload-a-{kind}"), True, kind).partner.name
    start = date(2024, 3, 4)
    order = [("p1", "undangan_sosialisasi", 0, partner), ("p2", "surat_balasan", 40, partner),
             ("x", "berita_acara_serah_terima", None, stranger), ("p3", "surat_permintaan_pembinaan", 70, partner)]
    for doc_id, doc_type, days, who in order:
        with db.session_scope(settings) as session:
            add_document(session, doc_id, doc_type, tanggal=start + timedelta(days) if days is not None else None,
                         partner=who, text=f"{doc_type}\nPIHAK KEDUA : {who}")
            db.write_audit(session, "document.ingest", user=None, doc_id=doc_id, detail={"file": f"{doc_id}.jpg"})
    audit(settings)
    links = _links(settings)
    assert links["p1"][0] == links["p3"][0] is not None
    assert links.get("x", (None,))[0] is None


def test_the_rows_alone_name_no_partner():
    """The list of the tests above keeps no partner name: what links it is the upload and the step's place."""
    rows = _rows_only(_document("daftar_judul_buku", "desa", "a"))
    partner = make_activity_v2(random.Random("upload-a-desa"), True, "desa").partner.name
    assert partner.split()[-1] not in rows
