"""Issue 17 (held_out and held_out_2701's undated schedules left with no candidate), rebuilt from generated
material: a schedule whose rows a bad photo turned to word soup and whose signature date OCR read without its
day ("Paringin, 38 Agus 2023") or with its year no plausible year ("21 Agustus 2093", the title's "TAHUN 2023"
one figure off) is undated for the metadata; its suggestion (never a link) is the one activity of that month
the SOP's order fits (``linking._signed_month``, ``_fits_date_and_step`` over the month). With no month read,
the days of its rows date it (``linking._undated_span``, twenty-seventh session); with neither, nothing does."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from archive.audit import ActivityEvidence, EvidenceDoc
from archive.linking import _signed_month, decide_link, suggest_activity
from archive.partners import normalise_partner
from tests.archive.test_linking_held_out import RULES
from tests.archive.test_linking_surviving_words import _garbled

KINDS = ["desa", "kelurahan", "kecamatan", "sekolah", "pondok_pesantren", "perpustakaan_desa", "tbm", "komunitas"]
_SIGNATURE = re.compile(r"(, )(\d{1,2}) ([A-Z][a-z]+) (\d{4})")
_ROW_DATE = re.compile(r"\b\d{2}-\d{2}-\d{4}\b")


def _dated(id_: int, partner: str, docs: list[tuple[str, date]]) -> ActivityEvidence:
    year = docs[0][1].year
    evidence = tuple(EvidenceDoc(id=f"{id_}-{k}", doc_type=t, tanggal=d) for k, (t, d) in enumerate(docs))
    return ActivityEvidence(id=id_, partner=partner, partner_key=normalise_partner(partner).key, period=str(year),
                            start=date(year, 1, 1), end=date(year, 12, 31), documents=evidence)


def _cases(kind: str):
    """Generated schedules of ``kind`` whose rows are noise (no name word kept) and whose signature writes its
    month in words: the text, the partner, the schedule's date, the signature match."""
    for seed in range(6):
        partner, text, _, day, _ = _garbled(kind, seed, keep=0)
        found = list(_SIGNATURE.finditer(text))
        if found and found[-1].group(4) == str(day.year):
            yield partner, text, day, found[-1]


def _acts(partner: str, day: date) -> list[ActivityEvidence]:
    """The schedule's partner's activity (books handed over 20 days before: step 4 reached), another partner's
    of the year (step 3 only) and a third one's a year before (step 4 reached)."""
    return [_dated(1, partner, [("nota_kesepahaman", day - timedelta(days=60)),
                                ("berita_acara_serah_terima", day - timedelta(days=20))]),
            _dated(2, "TBM Embun Pagi Cemerlang", [("nota_kesepahaman", day - timedelta(days=50)),
                                                   ("surat_permintaan_peminjaman", day - timedelta(days=30))]),
            _dated(3, "Desa Sungai Rangas Hulu", [("nota_kesepahaman", day - timedelta(days=425)),
                                                  ("berita_acara_serah_terima", day - timedelta(days=385))])]


def _undated(text: str, signature: re.Match, day_token: str | None = None, year: str | None = None) -> str:
    d, m, y = signature.group(2, 3, 4)
    return text[:signature.start(2)] + f"{day_token or d} {m} {year or y}" + text[signature.end(4):]


def _rows_unread(text: str) -> str:
    """``text`` with its rows' dates read as noise: with no month either, nothing dates the schedule."""
    return _ROW_DATE.sub("xx-xx-xxxx", text)


@pytest.mark.parametrize("kind", KINDS)
def test_a_schedule_whose_signature_lost_its_day_is_suggested_for_the_one_activity_its_month_fits(kind):
    tried = 0
    for partner, text, day, signature in _cases(kind):
        undated = _undated(text, signature, day_token=str(day.day + 31))  # "38": no day
        first, last = _signed_month(undated) or (None, None)
        assert (first, last) == (day.replace(day=1), (day.replace(day=28) + timedelta(days=4)).replace(day=1)
                                 - timedelta(days=1)), (kind, undated[signature.start():signature.end() + 4])
        doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=None)
        got = suggest_activity(doc, _acts(partner, day), RULES, text=undated)
        assert got is not None and got.activity_id == 1 and "bulan tanda tangan" in got.reason, (kind, got)
        assert got.score < 0.5  # a suggestion, never a link
        assert decide_link(doc, _acts(partner, day), RULES, text=undated).activity_id is None
        tried += 1
    assert tried >= 2, (kind, tried)


@pytest.mark.parametrize("kind", ["desa", "tbm", "sekolah"])
def test_a_signature_year_one_figure_off_is_read_by_the_titles_programme_year(kind):
    """'21 Agustus 2093' under the title's 'TAHUN 2023': the month of the title's year. Two figures off, or the
    title's year garbled too: no month, no suggestion."""
    tried = 0
    for partner, text, day, signature in _cases(kind):
        y = str(day.year)
        assert f"TAHUN {y}" in text  # the generated title's programme year
        off_one = y[:2] + "9" + y[3]
        doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=None)
        got = suggest_activity(doc, _acts(partner, day), RULES, text=_undated(text, signature, year=off_one))
        assert got is not None and got.activity_id == 1, (kind, got)
        assert _signed_month(_undated(text, signature, year="2" + "9" + y[2] + "8")) is None  # two figures off
        garbled_title = _undated(text.replace(f"TAHUN {y}", "TAHUN 2o9x"), signature, year=off_one)
        assert _signed_month(garbled_title) is None
        # no month: the days of its rows date it (link27), and without them nothing does
        by_rows = suggest_activity(doc, _acts(partner, day), RULES, text=garbled_title)
        assert by_rows is not None and by_rows.activity_id == 1 and "bulan tanda tangan" not in by_rows.reason
        assert suggest_activity(doc, _acts(partner, day), RULES, text=_rows_unread(garbled_title)) is None
        tried += 1
    assert tried >= 2, (kind, tried)


@pytest.mark.parametrize("kind", ["kelurahan", "komunitas"])
def test_no_suggestion_when_the_month_is_unread_or_the_sops_order_rules_the_activity_out(kind):
    tried = 0
    for partner, text, day, signature in _cases(kind):
        doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=None)
        no_month = text[:signature.start(3)] + "Xqzw" + text[signature.end(3):]
        no_month = _undated(no_month, next(_SIGNATURE.finditer(no_month)), day_token="38") \
            if _SIGNATURE.search(no_month) else no_month
        assert _signed_month(no_month) is None
        assert suggest_activity(doc, _acts(partner, day), RULES, text=_rows_unread(no_month)) is None
        undated = _undated(text, signature, day_token=str(day.day + 31))
        # the partner's step-6 report dated before the schedule's month: the schedule cannot be of it (the other
        # activity of the year, at step 3, is then the one that fits)
        acts = _acts(partner, day)
        late = _dated(1, partner, [*((d.doc_type, d.tanggal) for d in acts[0].documents),
                                   ("laporan_pendampingan", day.replace(day=1) - timedelta(days=10))])
        got = suggest_activity(doc, [late, *acts[1:]], RULES, text=undated)
        assert got is not None and got.activity_id == 2, (kind, got)
        assert suggest_activity(doc, [late, acts[2]], RULES, text=undated) is None  # none fits
        tried += 1
    assert tried >= 1, (kind, tried)
