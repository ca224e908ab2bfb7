"""Wrong numbers made empty and flagged by the kind of error (issues 17/13, eighteenth session): a classification
code that lost a leading digit ("41/453/…" for "041/453/…"), a lone stroke among a code's letters where Tesseract
doubted the number ("Bid.I.PP" for "Bid.LPP"), a wide letter read for two digits ("M0" beside "140"). Letters
drawn here as text, through the real extractor and the real vote."""
from __future__ import annotations

import pytest
from test_fieldread import _record

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Word
from ingest.nomor import LONE_STROKE, SHORT_CODE, check_nomor, lone_stroke_in_code

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"
MAY = "9 Mei 2023"


def _letter(number: str, dated: str = "26 Juli 2023") -> str:
    return HEAD + f"Paringin, {dated}\nNOMOR : {number}\nSifat : Biasa\nHal : Undangan\n"


@pytest.mark.parametrize("number,short", [
    ("41/453/Dispersip/2023", True), ("5.1/12/X/2023", True),  # one or two digits before a numeric sequence number
    ("041/453/Dispersip/2023", False), ("000.4.7.1/46/Bid.LPP/DISPERSIP/IV/2024", False), ("443.39/271/3", False),
    ("35/PP-NI/SP/2023", False), ("9/KOM-BLB/SP/2025", False),  # a sequence number first: a code follows
    ("500/017", False), ("101/9/2025", False), ("2163/UN30/HK/2021", False)])
def test_a_classification_code_of_under_three_digits_is_told(number, short):
    assert (SHORT_CODE in check_nomor(number)) is short


def test_a_number_whose_classification_code_lost_a_digit_is_emptied_and_flagged():
    """A photocopy's crease erased the leading '0' of "041": "41/453/…" read sure (90) is no number of this kind
    of letter, and which digit was lost is not known, so the field is left empty and the document named."""
    got = extract_metadata(_letter("41/453/Dispersip/2023"),
                           [Word("41/453/Dispersip/2023", 90.0, (250, 300, 500, 40), 3)])
    assert not got.nomor.present
    assert any(r.startswith("nomor:") and SHORT_CODE in r for r in got.review)
    whole = extract_metadata(_letter("041/453/Dispersip/2023"),
                             [Word("041/453/Dispersip/2023", 90.0, (250, 300, 500, 40), 3)])
    assert whole.nomor.value == "041/453/Dispersip/2023"
    assert not any(r.startswith("nomor:") for r in whole.review)


@pytest.mark.parametrize("number,lone", [
    ("400.10/394/Bid.I.PP/DISPERSIP/V/2023", True), ("400.10/394/Bid.l-PP/DISPERSIP/V/2023", True),
    ("400.10/394/Bid.LPP/DISPERSIP/V/2023", False), ("e-0132/KI.03.01", False), ("B 771/ILMATE.3/IND/XI/2023", False),
    ("800/Disdik/1.3/2019/10720", False), ("35/SK/SDITMUH/X/2015", False), ("218/IV/2023", False)])
def test_a_lone_stroke_among_a_codes_letters_is_told(number, lone):
    assert lone_stroke_in_code(number) is lone


def test_a_doubted_number_with_a_lone_stroke_in_its_code_is_emptied_and_one_read_sure_is_kept():
    """A fax's "Bid.LPP" read "Bid.I.PP" at 72: the foot of the 'L' was read as a dot. Where Tesseract doubted
    the number, the lone stroke is a letter not read: empty and flagged; read sure, the same text is kept."""
    number = "400.10/394/Bid.I.PP/DISPERSIP/V/2023"
    doubted = extract_metadata(_letter(number, MAY), [Word(number, 72.0, (250, 300, 700, 40), 3)])
    assert not doubted.nomor.present
    assert any(r.startswith("nomor:") and LONE_STROKE in r for r in doubted.review)
    assert extract_metadata(_letter(number, MAY), [Word(number, 95.0, (250, 300, 700, 40), 3)]).nomor.value == number
    right = "400.10/394/Bid.LPP/DISPERSIP/V/2023"  # the right code doubted alike is kept (flagged no more than before)
    assert extract_metadata(_letter(right, MAY), [Word(right, 72.0, (250, 300, 700, 40), 3)]).nomor.value == right


def test_readings_agreeing_on_a_lone_stroke_in_a_code_do_not_fill_it():
    row = "NOMOR : 400.10/394/Bid.I.PP/DISPERSIP/V/2023"
    text = _letter("400.10/394/Bid.I.PP/DISPERSIP/V/2023", MAY)
    before = extract_metadata(text, [Word("400.10/394/Bid.I.PP/DISPERSIP/V/2023", 60.0, (250, 300, 700, 40), 3)])
    assert not before.nomor.present
    readings = [row] * 4
    values, votes = fieldread.vote([row, *readings])
    assert values["nomor"] == "400.10/394/Bid.I.PP/DISPERSIP/V/2023"  # the vote itself agrees ...
    line = fieldread.LineReading("nomor", row, tuple(readings), values, votes, 5, (70.0, 60.0, 72.0, 35.0)).to_json()
    assert not fieldread.settle(before, text, [_record([line])]).nomor.present  # ... the value is not taken


def test_a_wide_letter_read_for_two_digits_dissents_from_the_digits():
    """Three readings give "M0/138/…", two "140/138/…": the 'M' stands where "14" is printed, so the segment is
    one Tesseract cannot settle on and no number is voted; readings that all agree still settle it."""
    m0, digits = "No. : M0/138/Pem-DS-PWH/2025", "No. : 140/138/Pem-DS-PWH/2025"
    values, _ = fieldread.vote([m0, m0, digits, m0, digits])
    assert "nomor" not in values
    assert fieldread.vote([digits, digits, digits])[0]["nomor"] == "140/138/Pem-DS-PWH/2025"
