"""A classification code run into the sequence number (issue 17, twenty-fifth session): a messenger photo's
"400.14/019/Kec-TT/IV/2025" read "400.14019/Kec-TT/IV/2025", the '/' after the code lost, was kept sure and
unflagged. A code's groups after its first three digits have one or two digits, so a group of four or more there is
a code and a number read as one: the value is emptied and the document flagged. Letters drawn here as text, through
the real extractor."""
from __future__ import annotations

import pytest

from ingest.metadata import extract_metadata
from ingest.model import Word
from ingest.nomor import CODE_RUNS_ON, check_nomor

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN TEBING TINGGI\n"


def _letter(number: str) -> str:
    return HEAD + f"Tebing Tinggi, 16 April 2025\nNomor : {number}\nSifat : Biasa\nHal : Peminjaman Buku\n"


@pytest.mark.parametrize("number,runs_on", [
    ("400.14019/Kec-TT/IV/2025", True), ("000.4.6.2112/Dispersip-Blg/IV/2025", True), ("045.21234/2025", True),
    ("400.14/019/Kec-TT/IV/2025", False), ("000.4.6.2/112/Dispersip-Blg/IV/2025", False), ("045.2/123/2025", False),
    ("4001234/IV/2025", False), ("800/1234.1/Disdik/2025", False), ("e-0132/KI.03.01", False),
    ("443.39/271/3", False), ("400.14019", False)])  # a lone code with no '/' after it is no letter number
def test_a_code_run_into_its_sequence_number_is_told(number, runs_on):
    assert (CODE_RUNS_ON in check_nomor(number, "2025-04-16")) is runs_on


def test_a_number_whose_code_ran_into_its_sequence_number_is_emptied_and_flagged():
    number = "400.14019/Kec-TT/IV/2025"
    got = extract_metadata(_letter(number), [Word(number, 91.0, (250, 300, 500, 40), 3)])
    assert not got.nomor.present
    assert any(r.startswith("nomor:") and CODE_RUNS_ON in r for r in got.review)
    whole = "400.14/019/Kec-TT/IV/2025"
    kept = extract_metadata(_letter(whole), [Word(whole, 91.0, (250, 300, 500, 40), 3)])
    assert kept.nomor.value == whole
    assert not any(r.startswith("nomor:") for r in kept.review)
