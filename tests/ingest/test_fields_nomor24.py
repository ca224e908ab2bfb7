"""A Roman month whose serif 'I' was read 'T' beside another 'I' read '1' ("VTI1" for "VIII"), nomor24."""
from __future__ import annotations

import pytest

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.nomor import normalise_nomor

_OFFICE_HEAD = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"
                "Jalan Jend. A. Yani Km. 3,5 Paringin, Kabupaten Balangan 71618\n\n")


def _reply(nomor: str, date_line: str) -> str:
    return (_OFFICE_HEAD + f"No. : {nomor}\nLampiran : -\nPerihal : Balasan Surat Permohonan\n\n"
            "Kepada Yth. Kepala SDN 8 Batumandi\ndi-\nBatumandi\n\n"
            "Dengan ini kami sampaikan bahwa permohonan peminjaman buku kolektif dapat kami penuhi.\n"
            f"Demikian kami sampaikan.\n\n{date_line}\n\nKepala Dinas Perpustakaan dan Kearsipan\n"
            "Kabupaten Balangan,\n\nGusti Rahmat, S.IP.\nNIP 19740523 200111 2 009\n")


@pytest.mark.parametrize(("month", "roman"), [("VTI1", "VIII"), ("XT1", "XII"), ("IT1", "III"), ("VTl", "VII")])
def test_a_roman_month_with_a_t_and_a_one_is_read_as_strokes(month, roman):
    got, repaired = normalise_nomor(f"000.4.6.2/365/Bid.LPP/DISPERSIP/{month}/2024")
    assert got == f"000.4.6.2/365/Bid.LPP/DISPERSIP/{roman}/2024" and repaired


@pytest.mark.parametrize("segment", ["T1", "T1l", "1T", "VTIII"])
def test_strokes_with_no_roman_letter_or_too_many_are_left(segment):
    got, _ = normalise_nomor(f"000.4.6.2/365/Bid.LPP/DISPERSIP/{segment}/2024")
    assert got is None or got.split("/")[-2] == segment


def test_the_letters_number_with_a_month_read_vti1_is_its_month():
    meta = extract_metadata(_reply("000.4.6.2/365/Bid.LPP/DISPERSIP/VTI1/2024", "Paringin, 2 AGUSTUS 2024"))
    assert meta.tanggal.value == "2024-08-02"
    assert meta.nomor.value == "000.4.6.2/365/Bid.LPP/DISPERSIP/VIII/2024"


def test_the_row_read_again_votes_the_month_read_vti1_as_viii():
    """Three re-readings of the row give "VTI1", the page's and one more reading "VII" (a stroke lost): the
    strokes are one month, read alike three times."""
    row = "No. : 000.4.6.2/365/Bid.LPP/DISPERSIP/{}/2024"
    values, votes = fieldread.vote([row.format("VTI1")] * 3 + [row.format("VII")] * 2)
    assert values.get("nomor") == "000.4.6.2/365/Bid.LPP/DISPERSIP/VIII/2024" and votes["nomor"] == 3


@pytest.mark.parametrize("segment", ["XTI1", "VTI1I", "IVT1"])
def test_a_month_of_strokes_that_spells_no_month_leaves_the_number_empty(segment):
    """Strokes that no reading of 'T', '1', 'l' as 'I' makes a month I–XII: the month is not known, so the
    number is not filled with it (it stays empty, for review), and no month is guessed from the date."""
    meta = extract_metadata(_reply(f"000.4.6.2/365/Bid.LPP/DISPERSIP/{segment}/2024", "Paringin, 2 AGUSTUS 2024"))
    assert meta.tanggal.value == "2024-08-02"
    assert meta.nomor.value is None
