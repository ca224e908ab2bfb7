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


def test_a_heads_short_title_misread_by_a_letter_still_names_the_partner():
    """A party's role or an addressee opening with the head's title read one letter wrong ("Gamat Paringin
    Selatan" for Camat, "Kurah Muara Nawo" for Lurah) names the same partner as the title read right."""
    from ingest.model import Field
    from ingest.parties import partner_field

    tried = 0
    for kind in ("kecamatan", "kelurahan"):
        for seed in range(8):
            rng = random.Random(f"headtitle-{kind}-{seed}")
            partner = make_partner(rng, seed % 2 == 1, kind)
            title, rest = partner.head.split(" ", 1)
            right = partner_field(Field(), Field(partner.head, 0.9), ()).value
            assert right is not None, partner.head
            at = rng.randrange(len(title))
            other = rng.choice([c for c in "GCcaeoumnrltkb" if c.lower() != title[at].lower()])
            misread = title[:at] + (other.upper() if at == 0 else other.lower()) + title[at + 1:]
            assert partner_field(Field(), Field(f"{misread} {rest}", 0.9), ()).value == right, (partner.head, misread)
            tried += 1
    assert tried == 16


def test_words_near_a_heads_title_elsewhere_name_no_partner():
    from ingest.model import Field
    from ingest.parties import partner_field

    assert partner_field(Field(), Field(), (), titles="GAMAT PARINGIN SELATAN").value is None  # a title line
    assert partner_field(Field(), Field("Gamut Paringin", 0.9), ()).value is None  # two letters off
    assert partner_field(Field(), Field("Kepala Gamat Paringin", 0.9), ()).value is None  # not opening the value
