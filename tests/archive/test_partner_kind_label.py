"""A kind of partner followed by a colon names no partner (issue 17): a book list whose upper half a messenger photo
lost keeps only its rows, and a row's title "Perpustakaan Desa: Panduan Praktis" gave the partner "Perpustakaan
Desa: Panduan"; a note's "Kepala Desa : harap menghadirkan ..." is a label too. Book lists from the harder
generator, every partner kind, both modes; the titles' kind phrase varied."""
from __future__ import annotations

import random
import re

import pytest

from archive.evidence import document_partner
from archive.partners import normalise_partner, partner_in_text, same_partner
from samples.generate import make_activity_v2, make_document

INSTANSI = "Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"
KINDS = ["desa", "kelurahan", "kecamatan", "sekolah", "pondok_pesantren", "perpustakaan_desa", "tbm", "komunitas"]
# Kind phrases a book's title may begin with, before its subtitle's colon.
TITLE_KINDS = ["Perpustakaan Desa", "Taman Bacaan Masyarakat", "Desa", "Kelurahan", "Pondok Pesantren",
               "Komunitas", "Perpustakaan Sekolah"]


def _book_list(kind: str, seed: int) -> tuple[str, str]:
    held_out = seed % 2 == 1
    act = make_activity_v2(random.Random(f"kind-label-{kind}-{seed}"), held_out, kind)
    spec = make_document("daftar_judul_buku", random.Random(f"kind-label-doc-{kind}-{seed}"), held_out, act,
                         harder=True)
    return act.partner.name, spec.page_texts()[0]


def _rows_only(text: str, phrase: str) -> str:
    """The list as a photo that lost its upper half gives it: the rows from the table's header on, the first
    row's title read alone on its line and beginning with ``phrase`` and a colon."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if re.match(r"No\.?\s+Judul", ln))
    return "\n".join([f"{phrase}: Panduan", "Praktis", *lines[start + 1:]])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("phrase", TITLE_KINDS)
def test_a_title_after_a_kind_and_a_colon_is_no_partner(kind, phrase):
    for seed in range(2):
        partner, text = _book_list(kind, seed)
        rows = _rows_only(text, phrase)
        found, _, _ = document_partner({}, [], INSTANSI, rows)
        assert found is None or "panduan" not in found.lower(), (phrase, found)
        # the whole list still names its partner at its head
        whole = partner_in_text(text, INSTANSI)
        assert whole is not None and same_partner(whole, partner) or normalise_partner(whole or "").kind, (kind, whole)


@pytest.mark.parametrize("kind", ["desa", "kelurahan"])
def test_a_notes_label_of_a_kind_is_no_partner(kind):
    phrase = {"desa": "Kepala Desa", "kelurahan": "Lurah"}[kind]
    text = f"Catatan :\n1. {phrase} : harap menghadirkan Sekretaris\nsebagai peserta rapat;\n"
    assert partner_in_text(text, INSTANSI) is None


@pytest.mark.parametrize("line", ["Jabatan : Camat Juai", "Kepada Yth. : Kepala Desa Lok Batu",
                                  "PIHAK KEDUA : Perpustakaan Desa Sinar Ilmu"])
def test_a_label_before_a_named_partner_still_gives_it(line):
    found = partner_in_text(line, INSTANSI)
    assert found is not None and normalise_partner(found).core, line
