"""A code's dot read as a comma ("Bid,LPP"): a messenger photo's blur gives a dot a tail, in the classification code
and in the unit code alike. The number is written with the dot, as ``nomor_key`` already compares it."""
from __future__ import annotations

import pytest

from ingest.metadata import extract_metadata
from ingest.nomor import nomor_key, normalise_nomor


@pytest.mark.parametrize("raw, expected", [
    ("000.4,6,2/120/Bid,LPP/DISPERSIP/V/2024", "000.4.6.2/120/Bid.LPP/DISPERSIP/V/2024"),
    ("400.3/77/Sek,Umum/2023", "400.3/77/Sek.Umum/2023"),
    ("045/12/Kec,Jr/XI/2025", "045/12/Kec.Jr/XI/2025"),
])
def test_comma_between_a_codes_letters_is_its_dot(raw, expected):
    value, repaired = normalise_nomor(raw)
    assert value == expected and repaired
    assert nomor_key(value) == nomor_key(raw)


def test_letter_number_read_with_a_comma_in_its_code_is_written_with_the_dot():
    text = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n\n"
            "Nomor   : 000.4.6.2/88/Bid,LPP/DISPERSIP/IX/2024          Paringin, 9 September 2024\n"
            "Lampiran: -\nPerihal : Pembinaan Perpustakaan Desa\n\nKepada Yth.\nKepala Desa Halong\ndi -\nTempat\n")
    nomor = extract_metadata(text).nomor
    assert nomor.value == "000.4.6.2/88/Bid.LPP/DISPERSIP/IX/2024"


def test_comma_after_a_figure_or_before_a_space_is_not_a_codes_dot():
    assert normalise_nomor("045/12/DISPERSIP/2024, tanggal")[0] == "045/12/DISPERSIP/2024"
    assert normalise_nomor("045/12,5/DISPERSIP/2024")[0] == "045/12.5/DISPERSIP/2024"  # between figures, as before
