"""A long kind word OCR misread by a letter ("Kepala Pempustakaan Desa Peoa Widya", "Keturahan Pijas") still names
a partner of that kind (issue 17, fourteenth session: the village library read as a desa started an activity of
its own). Names from the generator's partner pools; the misreads made here."""
from __future__ import annotations

import random

from ingest.parties import find_partner
from samples.partners import make_partner

KINDS = {"perpustakaan_desa": "Perpustakaan", "kelurahan": "Kelurahan", "komunitas": "Komunitas"}


def _misread(word: str, rng: random.Random) -> str:
    """``word`` with one letter after its first replaced, as OCR reads 'r' for 'm' or 'l' for 't'."""
    at = rng.randrange(1, len(word))
    other = rng.choice([c for c in "mnrltio" if c != word[at].lower()])
    return word[:at] + other + word[at + 1:]


def test_a_kind_word_misread_by_a_letter_still_names_the_partner():
    tried = 0
    for kind, word in KINDS.items():
        for seed in range(10):
            partner = make_partner(random.Random(f"kindword-{kind}-{seed}"), seed % 2 == 1, kind)
            if not partner.name.startswith(word):
                continue
            right = find_partner(f"Kepala {partner.name}")
            if right is None:
                continue  # a name the reader does not take whole, misread or not ("... Literasi ...")
            misread = _misread(word, random.Random(seed))
            tried += 1
            assert find_partner(f"Kepala {misread}{partner.name[len(word):]}") == right, (partner.name, misread)
    assert tried >= 20, tried


def test_other_words_are_not_taken_for_kind_words():
    assert find_partner("Kepala Pemustakaan Desa Lok Batu") == "Perpustakaan Desa Lok Batu"  # two slips
    assert find_partner("Kepustakaan Desa Lok Batu") == "Desa Lok Batu"  # another first letter: another word
    assert find_partner("Kepala Perkebunan Desa Lok Batu") == "Desa Lok Batu"  # too far from a kind word
    assert find_partner("pembahasan komunltas baca") is None  # no capitalised name after it
