"""Issue 17 (held_out_2601's misses), rebuilt from generated material: a berita acara's komparisi read from a
messenger photo, where OCR misread the second party's "disebut" ("Selanjutnya disekat PIHAK KEDUA"), the number
opening its "Nama" line ("Z Nama : ...") and its label colons ("Jabatan 2 Lurah ..."). The second party is still
read, so the partner is the receiving party, not the Dinas officer's jabatan ("Pustakawan Ahli Pertama") that
was left as the only party. Words that merely start with "dis" after "selanjutnya" label no party."""
from __future__ import annotations

import random
import re

import pytest

from ingest.metadata import extract_metadata
from samples.generate import make_activity_v2, make_document
from samples.partners import PARTNER_KINDS

MISREADS = ("disekat", "dlsebut", "disobut", "d1sebut")


def _bast(kind: str, seed: int) -> str:
    held_out = seed % 2 == 1
    act = make_activity_v2(random.Random(f"pihak-{kind}-{seed}"), held_out, kind)
    spec = make_document("berita_acara_serah_terima", random.Random(f"pihak-doc-{kind}-{seed}"), held_out, act,
                         harder=True)
    return "\n".join(spec.page_texts())


def _damaged(text: str, misread: str) -> str:
    """The second party's label, the number opening its Nama line and its Jabatan colon misread."""
    text = re.sub(r"disebut(\s+PIHAK\s+KEDUA)", misread + r"\1", text, count=1)
    text = re.sub(r"^2\.\s*Nama", "Z Nama", text, count=1, flags=re.MULTILINE)
    kedua = text.find("Z Nama")
    if kedua < 0:
        return text
    return text[:kedua] + re.sub(r"^Jabatan\s*:", "Jabatan 2", text[kedua:], count=1, flags=re.MULTILINE)


@pytest.mark.parametrize("kind", PARTNER_KINDS)
def test_a_second_party_whose_label_and_colons_ocr_misread_is_still_read(kind):
    tried = 0
    for seed in range(4):
        text = _bast(kind, seed)
        clean = extract_metadata(text)
        kedua = [p for p in clean.pihak if p.role == "kedua"]
        if not kedua or "disebut PIHAK KEDUA" not in text:
            continue
        for misread in MISREADS:
            damaged = _damaged(text, misread)
            if damaged.count("Z Nama") != 1 or "Jabatan 2" not in damaged:
                continue
            tried += 1
            read = extract_metadata(damaged)
            got = [p for p in read.pihak if p.role == "kedua"]
            assert got and got[0].jabatan == kedua[0].jabatan and got[0].instansi == kedua[0].instansi, (misread, got)
            assert read.partner.value == clean.partner.value, (misread, read.partner, clean.partner)
    assert tried >= 4, tried


def test_other_words_after_selanjutnya_label_no_party():
    text = _bast("desa", 0)
    for verb in ("diserahkan kepada", "disampaikan kepada", "diserahkan", "disetujui"):
        lost = re.sub(r"disebut(\s+PIHAK\s+KEDUA)", verb + r"\1", text, count=1)
        assert lost != text
        got = [p for p in extract_metadata(lost).pihak if p.role == "kedua"]
        assert not got, (verb, got)
