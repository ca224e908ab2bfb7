"""Issue 17, twenty-ninth session: a schedule of pembinaan whose own partner's row OCR misread by one letter more
than a partner's name may be ("Perpustakaan Desa Pawnt" for Desa Pawot: a name of five letters allows none), and
whose partner's activity skipped a step (a loan request filed, no hand-over), was left unlinked although the
audit suggested the right activity. The date and the SOP's order point at one activity of the archive, and the
row names its partner within one slip: two clues that agree link it (``linking._only_fit_schedule``,
``_row_near_name``); either alone does not.

Generated partners and schedules; ``decide_link`` is pure, so no archive is needed."""
from __future__ import annotations

import random
from datetime import date, timedelta

from archive.audit import EvidenceDoc, load_rules
from archive.linking import ONLY_FIT_SCHEDULE, ONLY_FIT_SCHEDULE_ROW, decide_link, read_reason
from archive.listed_links import fuzzy_lists
from archive.partners import LETTERS_PER_EDIT, lists_partner, normalise_partner
from samples.generate import make_activity_v2, make_document
from tests.archive.test_linking_cut_first import _at_step, _dated

RULES = load_rules()


def _misread(word: str, slips: int, rng: random.Random) -> str:
    at = rng.sample(range(1, len(word)), slips)
    return "".join(rng.choice([c for c in "aeinrt" if c != ch]) if i in at else ch for i, ch in enumerate(word))


def _schedules(extra: int = 1):
    """(partner, text, schedule) for generated desa and kelurahan schedules whose own partner's name is written
    with ``extra`` slips more than ``similarity`` allows, so no row lists it, not even garbled (``fuzzy_lists``)."""
    for kind in ("desa", "kelurahan"):
        for seed in range(16):
            held_out = seed % 2 == 1
            act = make_activity_v2(random.Random(f"nearrow-{kind}-{seed}"), held_out, kind)
            spec = make_document("jadwal_pembinaan", random.Random(f"nearrow-doc-{kind}-{seed}"), held_out, act,
                                 harder=True)
            text = "\n".join(spec.page_texts())
            name = normalise_partner(act.partner.name)
            longest = max(name.display.split(), key=len)
            if len(name.core) < 5 or len(name.display.split()) > 2 or longest not in text:
                continue  # (a longer name's surviving words single its row out: the older rules)
            slips = len(name.core) // LETTERS_PER_EDIT + extra
            text = text.replace(longest, _misread(longest, min(slips, len(longest) - 1), random.Random(seed)))
            if lists_partner(text, act.partner.name) or fuzzy_lists(text, act.partner.name):
                continue  # the older rules read the row (a long name's slips)
            yield act.partner.name, text, EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan",
                                                      tanggal=spec.meta["tanggal"])


def _fits(day: date) -> bool:
    return date(day.year, 1, 1) <= day - timedelta(days=40)


def test_a_row_one_slip_off_and_the_only_fit_link_an_activity_that_skipped_a_step():
    tried = 0
    for partner, text, doc in _schedules():
        day = doc.tanggal
        if day is None or not _fits(day):
            continue
        ours = _at_step(1, partner, day, 3)  # a loan request, no hand-over: it skipped step 4
        done = _dated(2, "TBM Embun Pagi Cemerlang", [("nota_kesepahaman", day - timedelta(days=30)),
                                                      ("jadwal_pembinaan", day - timedelta(days=5))])
        got = decide_link(doc, [ours, done], RULES, text=text)
        assert got.activity_id == 1, (partner, got.reason, text)
        assert read_reason(got.reason).template == ONLY_FIT_SCHEDULE_ROW and got.confidence < 0.5
        # one that reached the step before needs no row (the older rule)
        full = decide_link(doc, [_at_step(1, partner, day, 4), done], RULES, text=text)
        assert full.activity_id == 1 and read_reason(full.reason).template == ONLY_FIT_SCHEDULE
        # a second activity of the period the date and step fit as well: none
        other = _at_step(3, "Desa Sungai Rangas Hulu", day, 2)
        assert decide_link(doc, [ours, done, other], RULES, text=text).activity_id is None, partner
        tried += 1
    assert tried >= 4, tried


def test_a_row_further_off_does_not_point_at_an_activity_that_skipped_a_step():
    tried = 0
    for partner, text, doc in _schedules(extra=2):
        day = doc.tanggal
        if day is None or not _fits(day):
            continue
        done = _dated(2, "TBM Embun Pagi Cemerlang", [("nota_kesepahaman", day - timedelta(days=30)),
                                                      ("jadwal_pembinaan", day - timedelta(days=5))])
        got = decide_link(doc, [_at_step(1, partner, day, 3), done], RULES, text=text)
        assert got.activity_id is None, (partner, got.reason)
        tried += 1
    assert tried >= 4, tried
