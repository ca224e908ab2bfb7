"""Issue 17 (held_out_2601's evidenced-steps miss), rebuilt from generated material: a schedule's garbled-row
reading (``fuzzy_lists``) took the signer's unit under the table ("Kepala Bidang Layanan" / "dan Pembinaan
Perpustakaan,") for a row naming "TBM Pena Pustaka", whose activity then showed a step-5 schedule it never had.
A kind's own word ("Perpustakaan", "Desa") stands for no word of a name that does not hold it, so the unit's
line and another partner's row ("Perpustakaan Desa Aksara ...") are no garbled row of such a name; a row
garbled in the name's own words is still read (tests/archive/test_listed_garbled.py)."""
from __future__ import annotations

import random

from rapidfuzz import fuzz

from archive.audit import EvidenceDoc, load_rules
from archive.listed_links import ROW_RATIO, WORD_RATIO, fuzzy_lists, listed_activities
from archive.partners import lists_partner, normalise_partner
from samples.generate import make_activity_v2, make_document
from samples.partners import make_partner
from tests.archive.test_listed_garbled import _act, _garbled

RULES = load_rules()
KINDS = ("tbm", "komunitas", "perpustakaan_desa", "desa", "sekolah")


def _near_unit(words: list[str], unit: list[str]) -> bool:
    """Whether a two-word name's words are as near the unit's two words as the garbled-row reading allows."""
    return fuzz.ratio(" ".join(words), " ".join(unit)) >= ROW_RATIO \
        and min(fuzz.ratio(a, b) for a, b in zip(words, unit)) >= WORD_RATIO


def _names_near_the_unit(unit: list[str]) -> list[str]:
    """Generated partners of several kinds renamed '<their first word> <a word near the unit's last>' whenever
    that makes them near the unit's two words."""
    out = []
    for kind in ("tbm", "komunitas"):
        for seed in range(200):
            partner = make_partner(random.Random(f"unit-{kind}-{seed}"), seed % 2 == 1, kind)
            first = normalise_partner(partner.name).display.split()[0]
            label = "TBM" if kind == "tbm" else "Komunitas"
            name = f"{label} {first} Pustaka"
            if _near_unit([first.lower(), "pustaka"], unit):
                out.append(name)
    return sorted(set(out))


def _schedule(kind: str, seed: int):
    held_out = seed % 2 == 1
    act = make_activity_v2(random.Random(f"unit-sched-{kind}-{seed}"), held_out, kind)
    spec = make_document("jadwal_pembinaan", random.Random(f"unit-sched-doc-{kind}-{seed}"), held_out, act,
                         harder=True)
    text = "\n".join(spec.page_texts())
    doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=spec.meta["tanggal"])
    return act.partner.name, text, doc


def test_the_signers_unit_under_a_schedule_is_no_garbled_row_of_a_name_near_it():
    unit = ["pembinaan", "perpustakaan"]
    names = _names_near_the_unit(unit)
    assert names, "no generated name near the unit"
    tried = 0
    for kind in KINDS:
        for seed in range(3):
            partner, text, doc = _schedule(kind, seed)
            if "Pembinaan Perpustakaan" not in text:
                continue
            for name in names:
                if lists_partner(text, name):
                    continue
                tried += 1
                assert not fuzzy_lists(text, name), (kind, seed, name)
                other = _act(2, name, doc.tanggal.year, ["nota_kesepahaman"])
                own = _act(1, partner, doc.tanggal.year, ["nota_kesepahaman"])
                assert 2 not in [a.id for a in listed_activities(doc, [own, other], RULES, text)], (kind, name)
    assert tried >= 5, tried


def test_a_row_garbled_in_the_names_own_words_is_still_read_beside_the_unit():
    tried = 0
    for kind in ("tbm", "komunitas", "perpustakaan_desa", "sekolah", "pondok_pesantren"):
        for seed in range(4):
            partner, clean, garbled, doc = _garbled(kind, seed)
            if len(normalise_partner(partner).display.split()) < 2 or normalise_partner(partner).numbers:
                continue
            tried += 1
            assert fuzzy_lists(garbled, partner), (kind, seed, partner)
    assert tried >= 5, tried
