"""A kecamatan partner misread beyond the OCR slips a name may show (issue 17): a photocopy's title line reads the
kecamatan with two letters lost and one changed. The regency's kecamatan are a closed list (the register's seed), so a
kecamatan named otherwise is no partner of its own; it joins the activity of the registered kecamatan nearest to
it (rapidfuzz), clearly nearer than the next, only when the letter's own text writes that kecamatan, the one
activity of its period, and the document's step fits that activity's SOP order. Failing any of these it starts
its activity under the name as read, as before (never a wrong link)."""
from __future__ import annotations

from datetime import date

import pytest

from archive.audit import ActivityEvidence, EvidenceDoc, load_rules
from archive.linking import NAME_MATCHES, NEW_ACTIVITY, decide_link, read_reason
from archive.partners import is_partner_name, misread_kecamatan, normalise_partner, seed_register, similarity

RULES = load_rules()
KECAMATAN = [e.name for e in seed_register().entries if e.kind == "kecamatan"]


def _misreads(name: str):
    """``name``'s own words as a faint title line reads them: two letters lost and one more changed."""
    own = name.split(" ", 1)[1].lower()
    for i in range(1, len(own)):
        for j in range(i + 2, len(own)):
            lost = own[:i] + own[i + 1:j] + own[j + 1:]
            for k in range(1, len(lost)):
                if lost[k] != " ":
                    yield f"KECAMATAN {(lost[:k] + ('e' if lost[k] != 'e' else 'a') + lost[k + 1:]).upper()}"


def _first_misread(kecamatan: str) -> str | None:
    """The first such reading beyond the slips a name may show (``similarity``) that only the closed list
    of the regency's kecamatan still ties to ``kecamatan`` (short names have none: every reading is either
    within the slips or near no kecamatan)."""
    return next((read for read in _misreads(kecamatan) if misread_kecamatan(normalise_partner(read)) == kecamatan
                 and similarity(normalise_partner(read), normalise_partner(kecamatan)) == 0.0), None)


MISREAD = [(k, read) for k in KECAMATAN if (read := _first_misread(k)) is not None]


def _act(id_, partner, docs, period="2024"):
    return ActivityEvidence(id=id_, partner=partner, partner_key=normalise_partner(partner).key, period=period,
                            start=date(int(period), 1, 1), end=date(int(period), 12, 31), documents=tuple(docs))


def _doc(id_, doc_type, day, partner=None):
    return EvidenceDoc(id=id_, doc_type=doc_type, tanggal=day, partner=partner)


def _text(read: str, kecamatan: str | None) -> str:
    venue = f"Kegiatan dilaksanakan di Aula {kecamatan}." if kecamatan else "Kegiatan dilaksanakan di aula."
    return f"LAPORAN HASIL KEGIATAN\nSOSIALISASI PROGRAM BUKU RUMAH TANGGA\nDI {read}\n{venue}\nParingin"


def _world(kecamatan: str, *, more=()):
    own = _act(1, kecamatan, [_doc("u", "undangan_sosialisasi", date(2024, 3, 1), kecamatan),
                              _doc("m", "nota_kesepahaman", date(2024, 4, 15), kecamatan), *more])
    other = _act(2, "TBM Cahaya Ilmu", [_doc("t", "undangan_sosialisasi", date(2024, 3, 2), "TBM Cahaya Ilmu")])
    return [own, other]


def test_some_kecamatan_of_the_register_misread_so():
    assert len(MISREAD) >= 4  # the rule is tried on several of the regency's kecamatan, not one


@pytest.mark.parametrize("kecamatan,read", MISREAD)
def test_a_misread_kecamatan_joins_its_activity_when_the_text_writes_it(kecamatan, read):
    doc = _doc("r", "laporan_sosialisasi", date(2024, 3, 8), read)
    got = decide_link(doc, _world(kecamatan), RULES, text=_text(read, kecamatan))
    assert got.activity_id == 1 and got.confidence < 0.85
    assert read_reason(got.reason).template == NAME_MATCHES


@pytest.mark.parametrize("kecamatan,read", MISREAD)
def test_not_when_the_text_does_not_write_the_kecamatan(kecamatan, read):
    doc = _doc("r", "laporan_sosialisasi", date(2024, 3, 8), read)
    got = decide_link(doc, _world(kecamatan), RULES, text=_text(read, None))
    assert got.activity_id is None and read_reason(got.reason).template == NEW_ACTIVITY


@pytest.mark.parametrize("kecamatan,read", MISREAD[:2])
def test_not_when_the_step_does_not_fit_the_activitys_order(kecamatan, read):
    """The activity already holds a report of that step: this one is another activity's (or a copy)."""
    more = [_doc("x", "laporan_sosialisasi", date(2024, 3, 5), kecamatan)]
    doc = _doc("r", "laporan_sosialisasi", date(2024, 3, 8), read)
    assert decide_link(doc, _world(kecamatan, more=more), RULES, text=_text(read, kecamatan)).activity_id is None


@pytest.mark.parametrize("kecamatan,read", MISREAD[:2])
def test_not_when_the_kecamatan_has_two_activities_in_the_period(kecamatan, read):
    acts = [*_world(kecamatan), _act(3, kecamatan, [_doc("y", "undangan_sosialisasi", date(2024, 3, 3), kecamatan)])]
    doc = _doc("r", "laporan_sosialisasi", date(2024, 3, 8), read)
    assert decide_link(doc, acts, RULES, text=_text(read, kecamatan)).activity_id is None


def test_a_name_about_as_near_two_kecamatan_is_none_of_them():
    """"Paringin" and "Paringin Selatan" share a word: a name read between them is neither."""
    assert misread_kecamatan(normalise_partner("Kecamatan Paringin Sela")) is None


def test_a_registered_kecamatan_or_a_name_near_none_is_no_misread():
    for kecamatan in KECAMATAN:
        assert misread_kecamatan(normalise_partner(kecamatan)) is None
    assert misread_kecamatan(normalise_partner("Kecamatan Sungai Pandan")) is None  # another regency's: no clue


def test_a_misread_kecamatan_with_no_activity_yet_starts_none_of_another():
    """The registered kecamatan has no activity: the letter starts one under the name as read (a person renames
    it), never joins another kind's activity of the period."""
    kecamatan, read = MISREAD[0]
    doc = _doc("r", "laporan_sosialisasi", date(2024, 3, 8), read)
    got = decide_link(doc, _world(kecamatan)[1:], RULES, text=_text(read, kecamatan))
    assert got.activity_id is None and read_reason(got.reason).template == NEW_ACTIVITY


# ---------------------------------------------------------------- a kecamatan the register does not know

def test_a_kecamatan_the_register_does_not_know_is_no_partner_name():
    """With the register, a kecamatan named otherwise than the regency's (beyond the slips) is no partner: a
    misread, or a schedule's cell run into its neighbours ("Kecamatan Tebing" + the next column's "ruang baca")."""
    register = seed_register()
    for kecamatan in KECAMATAN:
        assert is_partner_name(kecamatan, register)
    assert is_partner_name("Kecamatan Paringin Selatn", register)  # within the slips
    for _, read in MISREAD:
        assert not is_partner_name(read, register) and is_partner_name(read)  # a name of its kind, unknown
    for kecamatan in KECAMATAN:
        own = kecamatan.split()[1:]
        if len(own) > 1:
            assert not is_partner_name(f"Kecamatan {own[0]} ruang baca Hasan", register)


@pytest.mark.parametrize("kecamatan", [k for k in KECAMATAN if len(k.split()) > 2])
def test_a_schedule_cell_run_into_its_neighbours_starts_no_activity(kecamatan):
    """The schedule's row read as a kecamatan that does not exist, its own kecamatan without an activity: left
    alone (a hint), never a new activity of a kecamatan that does not exist."""
    first = kecamatan.split()[1]
    cell = f"Kecamatan {first} ruang baca Hasan"
    doc = _doc("j", "jadwal_pembinaan", date(2024, 9, 15), None)
    acts = _world(kecamatan)[1:]  # only another partner's activity
    text = f"JADWAL PEMBINAAN PERPUSTAKAAN\n1 Rabu, 24-09-2024 Perpustakaan Penataan koleksi dan\n{cell}"
    got = decide_link(doc, acts, RULES, hint=cell, text=text, register=seed_register())
    assert got.activity_id is None and got.new_partner is None


@pytest.mark.parametrize("kecamatan,read", MISREAD[:3])
def test_the_misread_as_a_hint_joins_its_activity_too(kecamatan, read):
    """Through the archive's path: with the register the misread is a hint, and the same rule joins it."""
    doc = _doc("r", "laporan_sosialisasi", date(2024, 3, 8), read)
    got = decide_link(doc, _world(kecamatan), RULES, text=_text(read, kecamatan), register=seed_register())
    assert got.activity_id == 1 and read_reason(got.reason).template == NAME_MATCHES
    alone = decide_link(doc, _world(kecamatan), RULES, text=_text(read, None), register=seed_register())
    assert alone.activity_id is None and alone.new_partner is None  # no witness: left for a person
