"""Issue 17: an undated report whose partner name a photo cut short ("Kelurahan Teluk" read where the title held
"Kelurahan Teluk Gijot") is left unlinked (a place's name plus words is another place), but it is *suggested*
for the one activity whose partner's name is the name read plus whole words, same kind and numbers; never when
two activities' partners extend it, nor over an activity that bears the name read itself.
``suggest_activity`` is pure, so no archive is needed; the partners come from the generator's kinds."""
from __future__ import annotations

import random

import pytest

from archive.audit import EvidenceDoc, load_rules
from archive.linking import _misread_pair, suggest_activity
from archive.partners import normalise_partner, similarity
from samples.generate import make_activity_v2
from tests.archive.test_linking_held_out import _act

RULES = load_rules()
KINDS = ("desa", "kelurahan", "tbm", "komunitas", "perpustakaan_desa")


def _cases():
    for kind in KINDS:
        for seed in range(8):
            act = make_activity_v2(random.Random(f"cut-name-{kind}-{seed}"), seed % 2 == 0, kind)
            name = act.partner.name
            shown = normalise_partner(name).display
            words = shown.split()
            if len(words) < 2 or len("".join(words[:-1])) < 4:
                continue
            cut = name[: name.lower().rfind(words[-1].lower())].rstrip(" ,")
            if normalise_partner(cut).kind != normalise_partner(name).kind \
                    or similarity(normalise_partner(cut), normalise_partner(name)) \
                    or _misread_pair(normalise_partner(cut), normalise_partner(name)) is not None:
                continue  # a short tail or a long name: suggested as a misread or alike name already
            yield name, cut



CASES = list(_cases())


def _report(partner: str) -> EvidenceDoc:
    return EvidenceDoc(id="laporan", doc_type="laporan_sosialisasi", tanggal=None, partner=partner)


def test_there_are_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize(("partner", "cut"), CASES)
def test_a_name_cut_short_is_suggested_for_the_one_partner_it_starts(partner, cut):
    ours = _act(5, partner, 2023, ["nota_kesepahaman", "daftar_judul_buku"])
    other = _act(6, "Kecamatan Suatu Tempat Jauh", 2023, ["undangan_sosialisasi", "nota_kesepahaman"])
    got = suggest_activity(_report(cut), [other, ours], RULES, text="")
    assert got is not None and got.activity_id == 5
    assert got.score < 0.9  # a weak clue: shown for a clerk to confirm


@pytest.mark.parametrize(("partner", "cut"), CASES)
def test_two_partners_starting_so_or_one_bearing_the_name_give_no_cut_suggestion(partner, cut):
    ours = _act(5, partner, 2023, ["nota_kesepahaman"])
    twin = _act(7, f"{cut} Selatan Baru", 2023, ["nota_kesepahaman"])
    assert suggest_activity(_report(cut), [ours, twin], RULES, text="") is None
    itself = _act(8, cut, 2023, ["nota_kesepahaman"])
    got = suggest_activity(_report(cut), [ours, itself], RULES, text="")
    assert got is not None and got.activity_id == 8
