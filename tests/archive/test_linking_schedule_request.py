"""A schedule (jadwal pembinaan) listing several partners that each have an activity in its period gets its
own link when exactly one of them asked for the step just before it (the SOP's step 5: pembinaan at the
partner's request, according to the schedule; ``linking._answers_request``); otherwise it stays for a
person, and every listed partner's activity counts it through its listed link (issue 17). Generated
schedules, every partner kind; on a real archive, both upload orders."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from archive import db
from archive.activities import audit
from archive.audit import ActivityEvidence, EvidenceDoc
from archive.linking import LISTED_ASKED, REQUEST_ANSWERED_DAYS, SEVERAL_PARTNERS, decide_link, read_reason
from archive.partners import normalise_partner
from tests.archive.test_activities_world import add_document
from tests.archive.test_linking_held_out import KINDS, RULES, _act, _schedule

REQUEST = "surat_permintaan_pembinaan"


def _asked(act: ActivityEvidence, day) -> ActivityEvidence:
    """``act`` with the partner's request for pembinaan dated ``day``."""
    request = EvidenceDoc(id=f"{act.id}-request", doc_type=REQUEST, tanggal=day)
    return ActivityEvidence(id=act.id, partner=act.partner, partner_key=act.partner_key, period=act.period,
                            start=act.start, end=act.end, documents=(*act.documents, request))


@pytest.mark.parametrize("kind", KINDS)
def test_the_partner_who_asked_just_before_is_the_schedules_own_link(kind):
    for seed in range(3):
        partner, others, text, doc, year = _schedule(kind, seed)
        day = doc.tanggal
        acts = [_act(1, partner.name, year, ["nota_kesepahaman"]),
                *(_act(2 + k, q.name, year, ["nota_kesepahaman"]) for k, q in enumerate(others[:2]))]
        assert len(acts) >= 2
        assert decide_link(doc, acts, RULES, text=text).reason == SEVERAL_PARTNERS  # as before: left for a person
        for gap in (0, 6, REQUEST_ANSWERED_DAYS):
            # the others asked long before (their own schedules), or not at all
            asking = [_asked(acts[0], day - timedelta(days=gap)),
                      *(_asked(a, day - timedelta(days=90)) for a in acts[1:2]), *acts[2:]]
            got = decide_link(doc, asking, RULES, text=text)
            assert got.activity_id == 1, (kind, seed, gap, got.reason)
            assert read_reason(got.reason).template == LISTED_ASKED
        # two partners asking within the month, a request after the schedule, one too long before: none
        for requests in ([day - timedelta(days=5), day - timedelta(days=9)],
                         [day + timedelta(days=2), None], [day - timedelta(days=REQUEST_ANSWERED_DAYS + 1), None]):
            asking = [_asked(a, r) if r else a for a, r in zip(acts, requests)] + acts[2:]
            assert decide_link(doc, asking, RULES, text=text).activity_id is None, (kind, seed, requests)


def _arrive(settings, doc_id, doc_type, day, partner=None, text=""):
    with db.session_scope(settings) as session:
        add_document(session, doc_id, doc_type, tanggal=day, partner=partner, text=text or f"{doc_type}\n{partner}")


def _link(settings, doc_id):
    with db.session_scope(settings) as session:
        row = session.get(db.ActivityLinkRow, doc_id)
        return row.activity_id if row is not None else None


@pytest.mark.parametrize("schedule_first", [False, True])
@pytest.mark.parametrize("kind", ["desa", "sekolah", "tbm", "komunitas"])
def test_on_an_archive_the_schedule_joins_the_asking_partner_in_either_order(settings, kind, schedule_first):
    partner, others, text, doc, year = _schedule(kind, 1)
    day = doc.tanggal
    _arrive(settings, "mou-own", "nota_kesepahaman", day - timedelta(days=60), partner.name)
    _arrive(settings, "mou-other", "nota_kesepahaman", day - timedelta(days=50), others[0].name)
    steps = [("jadwal", "jadwal_pembinaan", day, None, text),
             ("request", REQUEST, day - timedelta(days=6), partner.name, "")]
    for doc_id, doc_type, when, name, body in (steps if schedule_first else steps[::-1]):
        _arrive(settings, doc_id, doc_type, when, name, body)
    report = audit(settings)  # links every document, the schedule again once the request is linked
    own = _link(settings, "mou-own")
    assert own is not None and _link(settings, "request") == own and _link(settings, "jadwal") == own
    other = next(a for a in report.to_json()["activities"] if a["id"] == _link(settings, "mou-other"))
    assert "jadwal" in next(s["documents"] for s in other["steps"] if s["step"] == 5)  # still listed there


def _rows_garbled(text: str, partner: str, keep: int) -> str:
    """The schedule with every row's kind words and names turned to OCR noise, but ``keep`` of ``partner``'s
    own name words left readable, scattered over lines as a wrapped cell leaves them."""
    own = [w for w in normalise_partner(partner).display.split() if len(w) >= 4][:keep]
    lines = text.splitlines()
    first_row = next(i for i, line in enumerate(lines) if re.match(r"\d+\.?\s", line))
    end = next(i for i in range(first_row, len(lines)) if re.search(r", \d{1,2} [A-Z][a-z]+ \d{4}", lines[i]))
    for i in range(first_row, end):  # the rows and their wrapped cells: dates and hours kept, words garbled
        lines[i] = " ".join(w if re.match(r"[\d,.-]+$", w) else "Xq" + "z" * max(len(w) - 2, 0)
                            for w in lines[i].split())
    lines[first_row + 1:first_row + 1] = own
    return "\n".join(lines)


@pytest.mark.parametrize("kind", ["desa", "kelurahan", "sekolah", "tbm", "komunitas", "pondok_pesantren"])
def test_a_schedule_read_as_word_soup_joins_the_partner_that_asked_and_is_written(kind):
    from archive.partners import lists_partner as lists

    for seed in range(3):
        partner, others, text, doc, year = _schedule(kind, seed)
        words = [w for w in normalise_partner(partner.name).display.split() if len(w) >= 4]
        if len(words) < 2:
            continue  # too short a name to be singled out by its words
        soup = _rows_garbled(text, partner.name, len(words))
        day = doc.tanggal
        acts = [_asked(_act(1, partner.name, year, ["nota_kesepahaman"]), day - timedelta(days=6)),
                *(_asked(_act(2 + k, q.name, year, ["nota_kesepahaman"]), day - timedelta(days=80))
                  for k, q in enumerate(others[:2]))]
        assert not any(lists(soup, a.partner) for a in acts)
        got = decide_link(doc, acts, RULES, text=soup)
        assert got.activity_id == 1, (kind, seed, got.reason, soup)
        # without the request just before, or without the name's words, the request does not decide (a
        # name the text writes elsewhere, "Tempat : Balai Desa X", may still link it by the older rules)
        for others_only, words_kept in ((True, len(words)), (False, 0)):
            got = decide_link(doc, acts[1:] + [_act(1, partner.name, year, ["nota_kesepahaman"])] if others_only
                              else acts, RULES, text=_rows_garbled(text, partner.name, words_kept))
            assert got.activity_id is None or read_reason(got.reason).template != LISTED_ASKED, (kind, seed)
