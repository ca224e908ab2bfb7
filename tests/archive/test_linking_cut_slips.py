"""Issue 17, held_out_2601's doc0017 rebuilt from generated material: a partner name cut inside a word where its
title line ended ("MTs Hiday") on a report whose body writes the whole name with one OCR slip ("MTs Hilayatul
Ihsan Ponas"), and whose date OCR left unsure. The cut name is the one activity partner it starts, written whole
within the slips; an undated document of that partner joins the partner's activity. Guards: a text that does not
write the name, and a cut name of three letters, give no completion."""
from __future__ import annotations

import random

from archive.audit import EvidenceDoc, load_rules
from archive.linking import _completed, decide_link
from archive.partners import MIN_SLIP_CORE, PLACE_KINDS, normalise_partner
from samples.partners import PARTNER_KINDS, make_partner
from tests.archive.test_linking_held_out import _act

RULES = load_rules()


def _slipped(word: str, rng: random.Random) -> str:
    """``word`` with one inner letter replaced by another, as OCR does ("Hidayatul" -> "Hilayatul")."""
    at = rng.randrange(1, len(word) - 1)
    other = "l" if word[at].lower() != "l" else "d"
    return word[:at] + other + word[at + 1:]


def _cases():
    for kind in PARTNER_KINDS:
        for seed in range(6):
            partner = make_partner(random.Random(f"cut-slips-{kind}-{seed}"), seed % 2 == 1, kind).name
            name = normalise_partner(partner)
            if name.kind in (*PLACE_KINDS, "perpustakaan") or not name.kind or name.numbers \
                    or len(name.core) < MIN_SLIP_CORE or "," in partner:
                continue
            words = partner.split()
            kind_words = len(words) - len(name.display.split())
            own = words[kind_words:]
            if len(own) < 2 or len(own[0]) < 6:
                continue
            rng = random.Random(partner)
            cut = " ".join([*words[:kind_words], own[0][: rng.randrange(4, len(own[0]) - 1)]])
            body = " ".join([*words[:kind_words], *own[:-1], _slipped(own[-1], rng)]) if len(own[-1]) >= 4 else None
            if body is None:
                continue
            yield partner, cut, body


def _report(cut: str, body: str) -> str:
    return (f"LAPORAN PELAKSANAAN PENDAMPINGAN\nPROGRAM BUKU RUMAH TANGGA\n{cut.upper()}:\n\n"
            f"Pendampingan dilaksanakan pada hari Jumat di {body}, diikuti oleh 29 orang warga.\n")


def test_a_name_cut_inside_a_word_joins_the_activity_whose_partner_the_text_writes_with_a_slip():
    tried = 0
    for partner, cut, body in _cases():
        tried += 1
        act = _act(3, partner, 2023, ["surat_permohonan_kerja_sama", "nota_kesepahaman"])
        other = _act(4, "Desa Sungai Batung", 2023, ["surat_permohonan_kerja_sama"])
        text = _report(cut, body)
        got = _completed(normalise_partner(cut), [act, other], text)
        assert got.key == normalise_partner(partner).key, (partner, cut, body)
        doc = EvidenceDoc(id="laporan", doc_type="laporan_pendampingan", tanggal=None, partner=cut)
        assert decide_link(doc, [act, other], RULES, text=text).activity_id == 3, (partner, cut, body)
        # guard: the body does not write the name: the cut name is not completed to it
        bare = _report(cut, "balai warga")
        assert _completed(normalise_partner(cut), [act, other], bare).key != normalise_partner(partner).key
        # guard: a cut name of three letters is too short to say which name it starts
        short = " ".join([*cut.split()[:-1], cut.split()[-1][:3]])
        assert _completed(normalise_partner(short), [act, other], text).key != normalise_partner(partner).key
    assert tried >= 6
