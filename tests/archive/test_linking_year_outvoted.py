"""Issue 17, thirty-second session: a step-6 letter (messenger photo) whose text names its partner in full was
left unlinked because the one date the metadata took read its year wrong ("22 September 2014" for 2023): the
date lay in none of the partner's activity periods. The letter's own number and the date of the letter it
answers still wrote the right year. When the text's other readings of a year outvote the date's
(``linking._year_outvoted``), the partner written and the year written agree, and the one activity of that
partner and year that lacks the step in the SOP's order is joined (``YEAR_OUTVOTED``, asking for a check of the
date); the date read once does not keep it out.

Generated letters of every partner kind, both modes; ``decide_link`` is pure, so no archive is needed."""
from __future__ import annotations

import random
from datetime import date, timedelta

from archive.audit import EvidenceDoc, load_rules
from archive.linking import YEAR_OUTVOTED, _year_outvoted, decide_link, read_reason
from archive.partners import mentions_partner, names_several_partners
from samples.generate import make_activity_v2, make_document
from tests.archive.test_linking_cut_first import _dated

RULES = load_rules()
KINDS = ("desa", "kelurahan", "kecamatan", "sekolah", "pondok_pesantren", "tbm", "komunitas")


def _letters():
    """(partner, text, true date, letter) for generated step-6 letters whose date the metadata read nine years
    early: the signed date's year misread once in the text, the rest of the text as written."""
    for kind in KINDS:
        for seed in range(4):
            held_out = seed % 2 == 1
            try:
                act = make_activity_v2(random.Random(f"year-{kind}-{seed}"), held_out, kind)
            except (KeyError, ValueError):
                continue  # a kind this generator names otherwise
            spec = make_document("surat_koordinasi_pendampingan", random.Random(f"year-doc-{kind}-{seed}"),
                                 held_out, act, harder=True)
            day = spec.meta["tanggal"]
            text = "\n".join(spec.page_texts())
            wrong = day.replace(year=day.year - 9)
            written = [f"{day.day} {m} {day.year}" for m in (
                "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()[
                    day.month - 1], ) for m in (m, m.upper())]
            hit = next((w for w in written if w in text), None)
            if hit is None or names_several_partners(text) or not mentions_partner(text, act.partner.name):
                continue  # (a letter naming several partners, or its own only in part: other rules)
            text = text.replace(hit, hit[:-4] + str(wrong.year), 1)
            yield act.partner.name, text, day, EvidenceDoc(id="koordinasi", doc_type="surat_koordinasi_pendampingan",
                                                           tanggal=wrong)


def _waiting(id_: int, partner: str, day: date):
    """An activity of ``partner`` whose papers reach the request for guidance (step 5) before ``day``."""
    return _dated(id_, partner, [("nota_kesepahaman", day - timedelta(days=60)),
                                 ("surat_permintaan_pembinaan", day - timedelta(days=20))])


def _outvoted_letters():
    """The letters whose text outvotes their date's year, dated late enough for an activity begun that year."""
    for partner, text, day, doc in _letters():
        if _year_outvoted(doc, text) is not None and date(day.year, 1, 1) <= day - timedelta(days=60):
            yield partner, text, day, doc


def test_a_letter_naming_its_partner_joins_it_when_the_text_outvotes_its_dates_year():
    tried = 0
    for partner, text, day, doc in _outvoted_letters():
        ours = _waiting(1, partner, day)
        other = _waiting(2, "Desa Sungai Rangas Hulu", day)
        got = decide_link(doc, [ours, other], RULES, text=text)
        assert got.activity_id == 1, (partner, got.reason)
        assert read_reason(got.reason).template == YEAR_OUTVOTED and got.confidence < 0.55
        tried += 1
    assert tried >= 10, tried


def test_no_link_when_the_year_is_not_outvoted_or_the_activity_is_not_one():
    tried = 0
    for partner, text, day, doc in _outvoted_letters():
        ours = _waiting(1, partner, day)
        # the text writes the misread year as often as the right one: nothing says which is misread
        same = text.replace(str(day.year), str(doc.tanggal.year))
        assert decide_link(doc, [ours], RULES, text=same).activity_id is None, partner
        # two activities of the partner that year, both waiting for the step: none
        twin = _dated(3, partner, [("undangan_sosialisasi", day - timedelta(days=50))])
        assert decide_link(doc, [ours, twin], RULES, text=text).activity_id is None, partner
        # the one activity already holds the step: none
        done = _dated(1, partner, [("nota_kesepahaman", day - timedelta(days=60)),
                                   ("surat_koordinasi_pendampingan", day - timedelta(days=5))])
        assert decide_link(doc, [done], RULES, text=text).activity_id is None, partner
        tried += 1
    assert tried >= 10, tried


def test_readings_of_a_year_count_once_per_place():
    doc = EvidenceDoc(id="x", doc_type="surat_koordinasi_pendampingan", tanggal=date(2014, 9, 22))
    # the letter's number alone says 2023: one reading against one, not outvoted
    assert _year_outvoted(doc, "Nomor: 400.10/12/Dispersip-Blg/IX/2023\nParingin, 22 September 2014") is None
    # its number and the cited letter's month-and-year (a day OCR lost) say 2023: outvoted
    assert _year_outvoted(doc, "Nomor: 400.10/12/Dispersip-Blg/IX/2023\nsurat tanggal O Sepwmber 2023\n"
                               "Paringin, 22 September 2014") == (2023, 2)
    # a date's own month-and-year is not read twice
    assert _year_outvoted(doc, "Nomor: 400.10/12/Dispersip-Blg/IX/2023\ntanggal 5 Agustus 2023\n"
                               "Paringin, 22 September 2014") == (2023, 2)
    assert _year_outvoted(doc, "tanggal 5 Agustus 2023\nParingin, 22 September 2014") is None
