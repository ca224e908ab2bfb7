"""Issue 17: a kecamatan's name run into the place beside it is no partner.

OCR reads an address's "Kecamatan Paringin Selatan" and the desa written beside it on one line ("Kecamatan Paringin
Selatan Pulau Wina Hulu"). A regency's kecamatan are few and all in the register, so a known kecamatan's whole name
with more words after it that make no known partner is a fragment: it may join an activity it matches, never start
one. A longer kecamatan the register knows ("Paringin Selatan" after "Paringin") is itself. Built from the shipped
register and generated desa; ``decide_link`` is pure, so no archive is needed."""
from __future__ import annotations

import random
from datetime import date

from archive.audit import EvidenceDoc, load_rules
from archive.linking import _partner_by_register, decide_link
from archive.partners import is_partner_name, normalise_partner, seed_register
from samples.generate import make_activity_v2

RULES = load_rules()
REGISTER = seed_register()
KECAMATAN = [e.name for e in REGISTER.entries if e.kind == "kecamatan"]


def _desa_names(count: int) -> list[str]:
    names = []
    for seed in range(count):
        act = make_activity_v2(random.Random(f"fragment-desa-{seed}"), seed % 2 == 1, "desa")
        names.append(normalise_partner(act.partner.name).display)
    return names


def test_the_register_knows_the_regency_s_kecamatan():
    assert len(KECAMATAN) >= 8


def test_a_known_kecamatan_run_into_a_desa_s_name_is_no_partner_and_starts_no_activity():
    for kecamatan in KECAMATAN:
        for desa in _desa_names(4):
            fragment = f"{kecamatan} {desa}"
            assert not is_partner_name(fragment, REGISTER), fragment
            doc = EvidenceDoc(id="x", doc_type="surat_hasil_koordinasi", tanggal=date(2024, 7, 15), partner=fragment)
            decision = decide_link(doc, [], RULES, text=f"Yth. Kepala Desa {desa}\n{fragment}\n", register=REGISTER)
            assert decision.activity_id is None and decision.new_partner is None, (fragment, decision)


def test_every_known_kecamatan_and_other_partners_stay_partners():
    for entry in REGISTER.entries:
        for name in entry.names:
            assert is_partner_name(name, REGISTER), name
    for desa in _desa_names(6):
        assert is_partner_name(f"Desa {desa}", REGISTER)
        doc = EvidenceDoc(id="x", doc_type="surat_hasil_koordinasi", tanggal=date(2024, 7, 15), partner=f"Desa {desa}")
        assert decide_link(doc, [], RULES, text="", register=REGISTER).new_partner, desa
    # a kecamatan outside the register keeps its kind's pattern (no register, or a name that starts no known one)
    assert is_partner_name("Kecamatan Sungai Pandan", REGISTER)
    assert is_partner_name(f"{KECAMATAN[0]} Pulau Wina Hulu")  # without the register nothing is known


def test_the_kecamatan_of_the_run_on_line_is_not_taken_from_the_register_instead():
    for kecamatan in KECAMATAN:
        for desa in _desa_names(2):
            fragment = f"{kecamatan} {desa}"
            doc = EvidenceDoc(id="x", doc_type="surat_hasil_koordinasi", tanggal=date(2024, 7, 15), partner=fragment)
            head = f"PEMERINTAH KABUPATEN BALANGAN\nYth. Kepala Perpustakaan\n{fragment}\n"
            checked, _, _, _ = _partner_by_register(doc, None, True, REGISTER, head)
            assert checked.partner is None, (fragment, checked.partner)
    # the same head without the run-on partner: the register's kecamatan opening that line is taken (the rule
    # above is what keeps it out)
    doc = EvidenceDoc(id="y", doc_type="surat_hasil_koordinasi", tanggal=date(2024, 7, 15), partner=None)
    checked, _, _, _ = _partner_by_register(doc, None, True, REGISTER, "Yth. Bapak Camat\nKecamatan Juai\n")
    assert checked.partner == "Kecamatan Juai"
