"""A letter number whose dotted unit code ("Bid.LPP") was broken by the reading at its dot, the rest garbled into
the next column: what was read is a prefix of the number and is left empty, never filled (issue 17, twenty-first
session). Readings are written here, never a sample's file."""
from __future__ import annotations

import pytest

from ingest.metadata import extract_metadata
from ingest.nomor import normalise_nomor

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"


@pytest.mark.parametrize("raw", [
    "000.4.6.3/14/Bid. DNA Yth. Ketua TBM Pustaka",  # the code's rest read into the addressee's column
    "045/112/Sek. Kepada Yth.",
    "800/7/Bid.LPP/Disp. ae",
    "B-12/Kec. ,Juai",
])
def test_a_number_cut_at_its_code_dot_is_not_taken(raw):
    assert normalise_nomor(raw) == (None, False)


@pytest.mark.parametrize("raw,want", [
    ("000.4.6.3/14/Bid. LPP/DISPERSIP/VI/2024", "000.4.6.3/14/Bid.LPP/DISPERSIP/VI/2024"),  # joined as before
    ("045/12/Bid.LPP/V/2024. Kepada Yth.", "045/12/Bid.LPP/V/2024"),  # a sentence's dot after the year
    ("12/KP/2024.", "12/KP/2024"),
    ("045/12/Bid.LPP", "045/12/Bid.LPP"),  # no break: a number without its year is still read as printed
    ("400.14/065/Kec-PS/III/2024 Paringin, 4 Maret 2024", "400.14/065/Kec-PS/III/2024"),
])
def test_numbers_not_broken_at_a_dot_are_read_as_before(raw, want):
    assert normalise_nomor(raw)[0] == want


def test_a_letter_whose_number_was_cut_at_its_code_dot_has_no_nomor_and_asks_for_review():
    text = HEAD + ("Paringin, 17 Juni 2024\nNo. :000.4.6.3/14/Bid. DNA Yth. Ketua TBM Pustaka\nLampiran : -\n"
                   "Perihal : Undangan Kegiatan Sosialisasi\n\nDengan hormat,\n")
    meta = extract_metadata(text)
    assert not meta.nomor.present
    assert any(item.startswith("nomor") for item in meta.review)
