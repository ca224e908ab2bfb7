"""Issue 17: a kop that lists its units from the top ("KECAMATAN JUAI" / "KELURAHAN JISEDA") whose narrower,
own unit's name OCR misread into lower case ("KELURAHAN jisrvA"). The sender and the partner used to be the
kecamatan, the first unit read whole, and the letter started an activity of its own (held_out_4901's doc0033,
its kelurahan's step-5 request filed under "Kecamatan Juai"). Now the sender stays empty (the kop was not read
whole), and the partner is the one unit of that kind the letter names elsewhere (its address, its body), else
none: never the kecamatan above it. Built from generated letters whose kop has both lines."""
from __future__ import annotations

import random
import re

from archive.partners import normalise_partner, partner_in_text
from ingest.metadata import extract_metadata
from samples.generate import make_document

INSTANSI = "Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"
_TWO_LEVELS = re.compile(r"^(KECAMATAN [A-Z ]+)\n(KELURAHAN|DESA) ([A-Z ]+)\n", re.MULTILINE)


def _misread(name: str) -> str:
    """An OCR misreading of a kop name in capitals: lower case, a letter lost and one read for another."""
    low = name.lower().replace(" ", "")
    return (low[:2] + "rv" + low[4:])[:-1] + "A"


def _letters():
    out = []
    for seed in range(40):
        for held in (False, True):
            spec = make_document("surat_permintaan_pembinaan", random.Random(f"kop40-{seed}"), held, harder=True)
            text = "\n".join(spec.page_texts())
            m = _TWO_LEVELS.search(text[:300])
            if m:
                out.append((text, m))
    return out


def test_a_kops_own_unit_misread_gives_no_sender_and_the_unit_its_letter_names():
    letters = _letters()
    assert len(letters) >= 8
    for text, m in letters:
        kind, name = m.group(2), m.group(3)
        own = f"{kind} {name}"
        assert normalise_partner(extract_metadata(text).pengirim.value or "").core == normalise_partner(own).core
        misread = text.replace(m.group(0), f"{m.group(1)}\n{kind} {_misread(name)}\n", 1)
        sender = extract_metadata(misread).pengirim
        assert sender.value is None and "tidak terbaca utuh" in sender.reason, (own, sender)
        partner = partner_in_text(misread, INSTANSI)
        assert partner is not None and normalise_partner(partner).core == normalise_partner(own).core, (own, partner)
        # the letter names its unit nowhere else: not the kecamatan (none, or what its signer signs for)
        elsewhere = re.sub(rf"(?i)\b{kind}\s+{re.escape(name)}", "", misread)
        elsewhere = re.sub(rf"(?i)\b{re.escape(name)}\b", "", elsewhere)
        assert normalise_partner(partner_in_text(elsewhere, INSTANSI) or "").kind != "kecamatan", own


def test_a_whole_kop_reads_as_before_and_two_units_named_give_none():
    for text, m in _letters()[:6]:
        own = f"{m.group(2)} {m.group(3)}"
        assert normalise_partner(partner_in_text(text, INSTANSI) or "").core == normalise_partner(own).core
    # "PEMERINTAH KABUPATEN …" / "KECAMATAN JUAI" and no unit line below: the kecamatan's own letter
    own_letter = "PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN JUAI\nNomor : 5/2024\nisi surat\nCamat Juai,\nNama"
    assert partner_in_text(own_letter, INSTANSI) == "KECAMATAN JUAI"
    assert extract_metadata(own_letter).pengirim.value == "Kecamatan Juai"
    # a misread unit line and a letter that names two units of the kind: no partner
    text, m = _letters()[0]
    kind = m.group(2)
    two = text.replace(m.group(0), f"{m.group(1)}\n{kind} {_misread(m.group(3))}\n", 1) \
        + f"\nTembusan: {kind.capitalize()} Sungai Lain\n"
    signer = partner_in_text(two, INSTANSI)
    assert signer is None or normalise_partner(signer).kind not in ("kecamatan", None), signer
