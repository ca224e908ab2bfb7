"""A number wrapped onto the next line is joined only when every word of both lines was read as clean print.

The join ("09/PP.BJM-RUMAH" + "GENSET/NTU/DPRD/2024") has no row grammar to check its seam, and the code's letters
are words like any other: a Courier "BJM" read "BIM" at 86 was joined and taken at 0.85 (bench/README.md,
realmeta25, e07). Every snippet is written for this test; the words carry the confidences Tesseract would give.
"""
from __future__ import annotations

import pytest

from ingest.metadata import extract_metadata
from ingest.model import Word

KOP = "PEMERINTAH KOTA BANJARBARU\nSEKRETARIAT DPRD\nJl. Pangeran Suriansyah No. 5 Telp. (0511) 4772000\n"
TEXT = KOP + "Banjarbaru, 3 Mei 2024\nNomor : 12/PPK.BJB-PAGAR\nBETON/SETWAN/DPRD/2024\nHal : Undangan\n" \
    "Kepada Yth. Direktur CV Karya Mandiri\ndi Banjarbaru\n"
JOINED_VALUE = "12/PPK.BJB-PAGAR BETON/SETWAN/DPRD/2024"


def words(weak: dict[str, float]) -> list[Word]:
    return [Word(t, weak.get(t, 95.0), (10 * i, 0, 9, 10)) for i, t in enumerate(TEXT.split())]


def test_a_join_of_clean_words_is_taken():
    md = extract_metadata(TEXT, words({}))
    assert md.nomor.value == JOINED_VALUE and md.nomor.confidence >= 0.6
    assert not any(r.startswith("nomor") for r in md.review)


@pytest.mark.parametrize("weak", [
    {"12/PPK.BJB-PAGAR": 86.0},  # the first line's word, with its digits, read a little unsure
    {"BETON/SETWAN/DPRD/2024": 84.0},  # the wrapped line's word
    {"12/PPK.BJB-PAGAR": 89.5},  # just under clean print (90)
])
def test_a_join_with_a_weak_word_is_emptied_and_flagged(weak: dict[str, float]):
    md = extract_metadata(TEXT, words(weak))
    assert md.nomor.value is None
    assert any(r.startswith("nomor") for r in md.review)
    token = next(iter(weak))
    assert f"OCR ragu pada '{token}'" in md.nomor.reason


def test_a_number_on_one_line_keeps_the_usual_weighing():
    # not joined: a word at 86 is above the digits' unsure mark and the number stays as before
    text = KOP + "Banjarbaru, 3 Mei 2024\nNomor : 12/SETWAN/DPRD/V/2024\nHal : Undangan\n"
    ws = [Word(t, 86.0 if t.startswith("12/") else 95.0, (0, 0, 10, 10)) for t in text.split()]
    md = extract_metadata(text, ws)
    assert md.nomor.value == "12/SETWAN/DPRD/V/2024" and md.nomor.confidence >= 0.9
