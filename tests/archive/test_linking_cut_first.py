"""Issue 17, twenty-third session: two ways a partner's activity lost documents that nothing named.

1. A letter whose addressee lost the partner's last words ("Yth. Ketua TBM Pustaka", the photo's edge took
   "Bestari") was the partner's first document, so it started an activity under the short name; the partner's
   later letters, named whole, matched no activity and started a second one. When the short activity's own
   documents write the whole name (the first letter's venue), the later letter joins it and renames it
   (``linking._activity_words_lost``, its branch for partners that are no place).
2. A schedule of pembinaan none of whose rows OCR left readable joins the one activity of the archive its date
   and step fit by the SOP's order, when that activity got exactly as far as the step before
   (``linking._only_fit_schedule``).

Generated partners, letters and schedules; ``decide_link`` is pure, so no archive is needed."""
from __future__ import annotations

import random
import re
from datetime import date, timedelta

from archive.audit import ActivityEvidence, EvidenceDoc, load_rules
from archive.linking import ONLY_FIT_SCHEDULE, SAME_PARTNER_IN_PERIOD, decide_link, read_reason
from archive.partners import FUZZY_THRESHOLD, lists_partner, normalise_partner, similarity
from samples.generate import make_activity_v2, make_document
from tests.archive.test_linking_held_out import _act
from tests.archive.test_linking_surviving_words import _garbled

RULES = load_rules()
NAMED_KINDS = ("tbm", "komunitas", "pondok_pesantren")


def _cut_names():
    """(partner, short name read, first letter's text, later letter's date) for generated partners of kinds that
    are no place, whose own name has two words or more, the first of four letters at least."""
    for kind in NAMED_KINDS:
        for seed in range(16):
            held_out = seed % 2 == 1
            act = make_activity_v2(random.Random(f"cutfirst-{kind}-{seed}"), held_out, kind)
            name = normalise_partner(act.partner.name)
            words = name.display.split()
            if len(words) < 2 or len(words[0]) < 4 or name.numbers:
                continue
            first = make_document("undangan_sosialisasi", random.Random(f"cutfirst-doc-{kind}-{seed}"), held_out, act,
                                  harder=True)
            body = "\n".join(first.page_texts())
            short = name.label[: len(name.label) - len(name.display)] + words[0]  # the kind and the first word
            if normalise_partner(short).kind != name.kind \
                    or similarity(normalise_partner(short), name) >= FUZZY_THRESHOLD:
                continue  # a short name the older rules already take for the whole one
            later = first.meta["tanggal"] + timedelta(days=21)
            yield act.partner.name, name, short, body, later


def test_a_partner_whose_first_letter_lost_its_last_words_keeps_one_activity():
    tried = 0
    for partner, name, short, body, later in _cut_names():
        if name.label.lower() not in body.lower() and name.display.lower() not in body.lower():
            continue  # the generated letter does not write the whole name: nothing to witness it
        started = _act(1, short, later.year, ["undangan_sosialisasi"], first=later - timedelta(days=21))
        doc = EvidenceDoc(id="x", doc_type="surat_permohonan_kerja_sama", tanggal=later, partner=partner)
        if decide_link(doc, [started], RULES, text=partner).activity_id == 1:
            continue  # the older rules take the short name for the whole one without a witness
        decision = decide_link(doc, [started], RULES, text=partner, activity_text=lambda a, t=body: t)
        assert decision.activity_id == 1, (partner, short, decision.reason)
        assert decision.rename_partner == name.label
        assert read_reason(decision.reason).template == SAME_PARTNER_IN_PERIOD
        # the short activity's documents never write the whole name: two partners, the letter starts its own
        alone = re.sub(r"\s*".join(map(re.escape, name.display.split())), "Xq", body, flags=re.IGNORECASE)
        assert decide_link(doc, [started], RULES, text=partner,
                           activity_text=lambda a, t=alone: t).activity_id is None, (partner, short)
        # the short activity of another year is not joined
        old = _act(2, short, later.year - 3, ["undangan_sosialisasi"], first=later.replace(year=later.year - 3))
        assert decide_link(doc, [old], RULES, text=partner,
                           activity_text=lambda a, t=body: t).activity_id is None, (partner, short)
        tried += 1
    assert tried >= 6, tried


def test_a_numbered_school_or_a_place_read_short_is_not_joined_by_its_longer_name():
    """The words after a school's number name another school; a village of the shorter name is another
    village: neither is joined through the whole name written in the activity's texts."""
    day = date(2025, 5, 20)
    for short, whole in (("SD Negeri 2 Paringin", "SD Negeri 2 Paringin Selatan"),
                         ("Desa Batu", "Desa Batu Piring")):
        started = _act(1, short, day.year, ["undangan_sosialisasi"], first=day - timedelta(days=21))
        doc = EvidenceDoc(id="x", doc_type="surat_permohonan_kerja_sama", tanggal=day, partner=whole)
        text = f"Kepada Yth. {short}\nTempat : Aula {whole}\n"
        assert decide_link(doc, [started], RULES, text=whole,
                           activity_text=lambda a, t=text: t).activity_id is None, short


# ---------------------------------------------------------------- a schedule no row of which was read

def _dated(id_: int, partner: str, docs: list[tuple[str, date]]) -> ActivityEvidence:
    evidence = tuple(EvidenceDoc(id=f"{id_}-{k}", doc_type=t, tanggal=d) for k, (t, d) in enumerate(docs))
    return ActivityEvidence(id=id_, partner=partner, partner_key=normalise_partner(partner).key,
                            period=str(docs[0][1].year), start=date(docs[0][1].year, 1, 1),
                            end=date(docs[0][1].year, 12, 31), documents=evidence)


def _soups():
    """Generated schedules whose every row (partners, Tempat cells) OCR turned to noise, none left readable."""
    for kind in ("desa", "tbm", "sekolah", "kecamatan"):
        for seed in range(4):
            partner, text, doc, day, _ = _garbled(kind, seed, keep=0)
            if not lists_partner(text, partner):
                yield partner, text, doc, day


def _at_step(id_: int, partner: str, day: date, last: int) -> ActivityEvidence:
    """An activity whose documents reach step ``last`` (1: invitation, 2: MoU, 3: loan request, 4: hand-over),
    dated before ``day``."""
    types = ["undangan_sosialisasi", "nota_kesepahaman", "surat_permintaan_peminjaman", "berita_acara_serah_terima"]
    return _dated(id_, partner, [(t, day - timedelta(days=10 * (last - k))) for k, t in enumerate(types[:last])])


def test_a_schedule_without_a_readable_row_joins_the_one_activity_waiting_for_its_step():
    tried = 0
    for partner, text, doc, day in _soups():
        if not date(day.year, 1, 1) <= day - timedelta(days=40):
            continue
        ours = _at_step(1, partner, day, 4)
        # another partner's activity of the period already holds its schedule; one of another year waits
        done = _dated(2, "TBM Embun Pagi Cemerlang", [("nota_kesepahaman", day - timedelta(days=30)),
                                                      ("jadwal_pembinaan", day - timedelta(days=5))])
        old = _at_step(3, "Desa Sungai Rangas Hulu", day.replace(year=day.year - 2), 4)
        got = decide_link(doc, [ours, done, old], RULES, text=text)
        assert got.activity_id == 1, (partner, got.reason)
        assert read_reason(got.reason).template == ONLY_FIT_SCHEDULE and got.confidence < 0.5
        # a second activity of the period waiting for a schedule too (whatever step it reached): none
        other = _at_step(4, "Desa Sungai Rangas Hulu", day, 2)
        assert decide_link(doc, [ours, done, other], RULES, text=text).activity_id is None, partner
        # ours got only as far as step 3: the SOP's order does not point at it
        assert decide_link(doc, [_at_step(1, partner, day, 3), done], RULES, text=text).activity_id is None
        # the schedule of another year than any activity: none
        moved = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=day.replace(year=day.year + 3))
        assert decide_link(moved, [ours, done], RULES, text=text).activity_id is None
        tried += 1
    assert tried >= 4, tried


def test_a_schedule_whose_row_names_a_partner_of_the_period_is_left_to_its_rows():
    """A readable row naming another partner with an activity of the period: the rows decide (with several or
    none fitting, a person), never the date and step alone."""
    tried = 0
    for partner, text, doc, day in _soups():
        if not date(day.year, 1, 1) <= day - timedelta(days=40):
            continue
        ours = _at_step(1, partner, day, 4)
        named = "TBM Embun Pagi Cemerlang"
        listed = text + f"\n7 Senin, {day:%d-%m-%Y} 09.00-12.00 Perpustakaan {named} Promosi gemar membaca"
        assert lists_partner(listed, named)
        busy = _dated(2, named, [("nota_kesepahaman", day - timedelta(days=30)),
                                 ("jadwal_pembinaan", day - timedelta(days=5))])
        got = decide_link(doc, [ours, busy], RULES, text=listed)
        assert got.activity_id != 1 or read_reason(got.reason).template != ONLY_FIT_SCHEDULE, (partner, got.reason)
        tried += 1
    assert tried >= 4, tried
