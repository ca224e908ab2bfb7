"""Unit codes read against the issuing office's letterhead (issues 17/13, nineteenth session): the kop prints the
office's name, its numbers abbreviate it ("Blg" of "Balangan", "TT" of "Tebing Tinggi"), so a code piece read
with one confusable letter otherwise ("Bly", "Big", "TI") is put right where the kop spells exactly one such
variant, shown at 0.35 (under the archive's low line) and named for review. Letters drawn here as text, through the real extractor and
the real settling of re-read rows."""
from __future__ import annotations

import pytest
from test_fieldread import _line, _record

from ingest import fieldread
from ingest.metadata import extract_metadata, nomor_letterhead
from ingest.model import Word
from ingest.nomor import CODE_FROM_LETTERHEAD, code_by_letterhead, letterhead_words

DINAS = ["PEMERINTAH KABUPATEN BALANGAN", "DINAS PERPUSTAKAAN DAN KEARSIPAN",
         "Jalan Jend. A. Yani Km. 3,5 Paringin, Kabupaten Balangan 71618"]
CAMAT = ["PEMERINTAH KABUPATEN BALANGAN", "KECAMATAN TEBING TINGGI",
         "Jalan Camat No. 1, Tebing Tinggi, Kabupaten Balangan"]
OTHER = ["PEMERINTAH KABUPATEN TAPIN", "DINAS PENDIDIKAN DAN KEBUDAYAAN"]


@pytest.mark.parametrize("kop,number,expected", [
    (DINAS, "000.1.5/126/Dispersip-Bly/VI/2025", "000.1.5/126/Dispersip-Blg/VI/2025"),  # a descender: y for g
    (DINAS, "000.4.7.1/147/Dispersip-Big/IV/2024", "000.4.7.1/147/Dispersip-Blg/IV/2024"),  # a thin stroke
    (DINAS, "106/BAST/Dispersip-BIg/IV/2024", "106/BAST/Dispersip-Blg/IV/2024"),  # a capital I for l
    (CAMAT, "400.14/080/Kec-TI/VIII/2024", "400.14/080/Kec-TT/VIII/2024"),  # a T's bar lost
])
def test_a_code_piece_the_kop_spells_with_one_letter_read_otherwise_is_put_right(kop, number, expected):
    got, changed = code_by_letterhead(number, letterhead_words(kop))
    assert got == expected
    assert len(changed) == 1


@pytest.mark.parametrize("kop,number", [
    (DINAS, "000.4.7.1/147/Dispersip-Blg/IV/2024"),  # the kop spells it: confirmed as read
    (CAMAT, "400.14/080/Kec-TT/VIII/2024"),
    (OTHER, "000.1.5/126/Dispersip-Bly/VI/2025"),  # another office's kop spells no variant: left as read
    ([], "000.1.5/126/Dispersip-Bly/VI/2025"),  # no kop above the number
    (DINAS, "000.4.6.3/480/Bid.LPP/DISPERSIP/TV/2024"),  # a month read "TV" is no code
    (DINAS, "35/SK/SDITMUH/X/2015"), (DINAS, "045/96/PD-EP/2024"), (CAMAT, "421.2/091/SJ-6/VI/2025"),
    (["KECAMATAN TEBING TINGGI DAN TANAH INDAH"], "5/Kec-TI/2024"),  # "TI" spelled itself: kept
])
def test_a_code_the_kop_spells_or_spells_no_variant_of_is_left_as_read(kop, number):
    assert code_by_letterhead(number, letterhead_words(kop)) == (number, [])


def test_two_variants_the_kop_spells_leave_the_piece_as_read():
    """Under a kop naming both "Balangan" and "Baliyah", "Bly" could be "Blg" or "Biy": not put right."""
    kop = letterhead_words(["PEMERINTAH KABUPATEN BALANGAN", "Desa Baliyah"])
    assert code_by_letterhead("1/Dispersip-Bly/2024", kop) == ("1/Dispersip-Bly/2024", [])


def _letter(kop: list[str], number: str, dated: str = "27 Juni 2025") -> str:
    return "\n".join(kop) + f"\nNOMOR : {number}\nParingin, {dated}\nSifat : Biasa\nHal : Undangan\n"


def test_extraction_puts_a_code_right_by_the_kop_and_names_it_for_review():
    text = _letter(DINAS, "000.1.5/126/Dispersip-Bly/VI/2025")
    got = extract_metadata(text, [Word("000.1.5/126/Dispersip-Bly/VI/2025", 91.0, (250, 300, 700, 40), 3)])
    assert got.nomor.value == "000.1.5/126/Dispersip-Blg/VI/2025"
    assert got.nomor.confidence <= 0.35
    assert any(r.startswith("nomor:") and CODE_FROM_LETTERHEAD in r for r in got.review)
    assert nomor_letterhead(text)[0] == ["PEMERINTAH", "KABUPATEN", "BALANGAN"]


def test_extraction_keeps_a_code_the_kop_spells_and_one_under_another_office():
    right = extract_metadata(_letter(DINAS, "000.1.5/126/Dispersip-Blg/VI/2025"))
    assert right.nomor.value == "000.1.5/126/Dispersip-Blg/VI/2025"
    assert not any(CODE_FROM_LETTERHEAD in r for r in right.review)
    other = extract_metadata(_letter(OTHER, "000.1.5/126/Dispersip-Bly/VI/2025"))
    assert other.nomor.value == "000.1.5/126/Dispersip-Bly/VI/2025"
    assert not any(CODE_FROM_LETTERHEAD in r for r in other.review)


def test_a_cited_number_above_the_own_one_is_no_letterhead():
    """Only the lines above the letter's own Nomor row are the kop; a number it cites in its body is not read."""
    text = _letter(DINAS, "000.1.5/126/Dispersip-Bly/VI/2025") + "Menindaklanjuti surat Saudara Nomor 5/Kec-TI/2025\n"
    assert extract_metadata(text).nomor.value == "000.1.5/126/Dispersip-Blg/VI/2025"


def test_readings_that_split_on_a_code_letter_the_kop_settles_are_confirmed_segment_by_segment():
    """A low-resolution scan's number row: the page reading garbled, three re-readings "Big", one "Blg", the
    month read "TV" and "1V". Under a kop naming "Balangan" every reading's code is "Blg": the columns agree,
    the month is the letter's own, and the number is taken and named for review."""
    page = "Nomor : 10G6/'BAST/Dispersip-Big/TV/2024"
    readings = ["Nomor : 106/BAST/Dispersip-Big/TV/2024", "Nomor : 106/BAST/Dispersip-Big/1V/2024",
                "Nomor : 106/BAST/Dispersip-Blg/TV/2024", "Nomor : 106/BAST/Dispersip-Big/TV/2024"]
    line = _line(page, readings)
    assert fieldread.confirm_by_segments([line], "2024-04-03") is None  # without the kop: "Big"/"Blg" split
    got = fieldread.confirm_by_segments([line], "2024-04-03", letterhead_words(DINAS))
    assert got is not None and got.value == "106/BAST/Dispersip-Blg/IV/2024"
    assert CODE_FROM_LETTERHEAD in got.reason
    text = _letter(DINAS, "10G6/'BAST/Dispersip-Big/TV/2024", "3 April 2024")
    before = extract_metadata(text)
    assert not before.nomor.present
    settled = fieldread.settle(before, text, [_record([line])])
    assert settled.nomor.value == "106/BAST/Dispersip-Blg/IV/2024"
    assert settled.nomor.confidence <= 0.35  # inferred: a clerk is shown it
    assert any(r.startswith("nomor:") and CODE_FROM_LETTERHEAD in r for r in settled.review)


def test_readings_that_agree_on_a_misread_code_fill_it_put_right():
    """Every reading of a fax's row reads "Bly": the vote agrees, and the value taken is the one the kop
    spells, named for review; under another office's kop the number is settled as read."""
    page = "NOMOR : 000.1.5/126/Dispersip-Bly/VI/2025"
    line = _line(page, [page] * 3)
    text = _letter(DINAS, "000.1.5/126/Dispersip-Bly/VI/2025")
    before = extract_metadata(text, [Word("000.1.5/126/Dispersip-Bly/VI/2025", 30.0, (250, 300, 700, 40), 3)])
    assert not before.nomor.present  # doubted by Tesseract: emptied by extraction
    settled = fieldread.settle(before, text, [_record([line])])
    assert settled.nomor.value == "000.1.5/126/Dispersip-Blg/VI/2025"
    assert settled.nomor.confidence <= 0.35
    assert any(r.startswith("nomor:") and CODE_FROM_LETTERHEAD in r for r in settled.review)
