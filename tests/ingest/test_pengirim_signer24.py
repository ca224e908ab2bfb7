"""Issue 13: a letterhead that names only its region ("KABUPATEN X": the unit's line above it cut off by the
scan, or read as noise) gives the sender from the signature block, the unit the letter is signed for, when that
unit ends with the kop's own region. Never a guess: signed on behalf of another, another region, no unit, two
signers, or no closing give nothing, as before."""
from __future__ import annotations

import random
import re

import pytest

from ingest.metadata import extract_metadata
from samples.generate import make_document

_UNIT_LINE = re.compile(r"^DINAS [A-Z ]+\n", re.MULTILINE)


def test_a_generated_letter_whose_kop_unit_line_is_lost_takes_its_sender_from_the_signature():
    tried = 0
    for seed in range(10):
        spec = make_document("undangan_sosialisasi", random.Random(f"signer-{seed}"), seed % 2 == 1, harder=True)
        text = "\n".join(spec.page_texts())
        clean = extract_metadata(text).pengirim.value
        if not clean or not _UNIT_LINE.search(text[:200]):
            continue
        cut = _UNIT_LINE.sub("", text, count=1)  # "PEMERINTAH KABUPATEN BALANGAN" left alone at the top
        tried += 1
        got = extract_metadata(cut).pengirim
        assert got.value == clean, (seed, cut[:200], got)
        assert "tanda tangan" in got.reason
    assert tried >= 5


# a council's letter: its first kop line cut off by the scan, the signature naming the council above the role
COUNCIL = """KOTA BANJARBARU
Jalan Panglima Batur Nomor 1 Telepon (0511) 4772 500 BANJARBARU
Banjarbaru, FEBRUARI 2024
Kepada
Nomor : 005 /
Sifat : Penting
Perihal : Rapat Dengar Pendapat
Yth. Kepala Dinas Perpustakaan dan Kearsipan Kota Banjarbaru
di
BANJARBARU
Dengan hormat, kami mengundang Saudara pada rapat dengar pendapat Komisi II yang akan
dilaksanakan pada hari Senin, 12 Februari 2024 di ruang rapat Komisi II.
Demikian untuk menjadi perhatian dan atas kehadirannya disampaikan terima kasih.
{signature}
H. AHMAD RIZANI, SE
"""


@pytest.mark.parametrize("signature", [
    "DEWAN PERWAKILAN RAKYAT DAERAH\nKOTA BANJARBARU\nKETUA",
    "DEWAN PERWAKILAN RAKYAT DAERAH\nBANJARBARU\nKETUA",  # the region's kind word lost in reading
    "KETUA DEWAN PERWAKILAN RAKYAT DAERAH\nKOTA BANJARBARU,",
])
def test_a_kop_naming_only_its_city_takes_the_unit_signing_for_that_city(signature):
    got = extract_metadata(COUNCIL.format(signature=signature)).pengirim
    assert got.value == "Dewan Perwakilan Rakyat Daerah Kota Banjarbaru", got


@pytest.mark.parametrize("signature", [
    "a.n. WALIKOTA BANJARBARU\nKEPALA DINAS PENDIDIKAN\nKOTA BANJARBARU",  # signed on behalf of the mayor
    "DEWAN PERWAKILAN RAKYAT DAERAH\nKABUPATEN BANJAR\nKETUA",  # another region than the kop's
    "Kepala Bidang Layanan\ndan Pembinaan Perpustakaan,",  # a unit with no region: not the office
    "KETUA\nKOTA BANJARBARU",  # a role without a unit
    "PIHAK PERTAMA PIHAK KEDUA\nKepala Dinas Pendidikan Kota Banjarbaru Kepala Desa Sungai Besar",
])
def test_a_signature_that_does_not_name_the_kops_unit_gives_no_sender(signature):
    got = extract_metadata(COUNCIL.format(signature=signature)).pengirim
    assert got.value is None, got
    assert "tanpa nama satuan kerja" in got.reason


def test_lines_after_a_head_date_are_no_signature_and_a_whole_kop_is_read_as_before():
    # no closing formula: the only place-date stands at the head, above the addressee block
    head_only = COUNCIL.format(signature="").replace(
        "Banjarbaru, FEBRUARI 2024", "Banjarbaru, 5 Februari 2024").replace(
        "Demikian untuk menjadi perhatian dan atas kehadirannya disampaikan terima kasih.\n", "").replace(
        "Yth. Kepala Dinas Perpustakaan dan Kearsipan Kota Banjarbaru", "Yth.\nKepala Dinas Perpustakaan dan "
        "Kearsipan\nKota Banjarbaru")  # an addressee written as a signer's role and unit would be
    assert extract_metadata(head_only).pengirim.value is None
    whole = "DINAS PERPUSTAKAAN DAN KEARSIPAN\n" + COUNCIL.format(
        signature="DEWAN PERWAKILAN RAKYAT DAERAH\nKOTA BANJARBARU\nKETUA")
    got = extract_metadata(whole).pengirim
    assert got.value == "Dinas Perpustakaan dan Kearsipan Kota Banjarbaru" and "tanda tangan" not in got.reason
