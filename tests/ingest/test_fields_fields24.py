"""Letter dates and numbers on unseen generated captures (issue 17, fields24): a place-date's month word with a
letter read as figures ("24 14EI 2024", the "M" of MEI read "14" on a photocopy), read only when the letter's own
number carries the same month in Roman figures. Texts are written here, not taken from any set."""
from __future__ import annotations

import pytest

from ingest.dates import month_by_glyphs
from ingest.metadata import CUT_YEAR_CONFIDENCE, MONTH_BY_GLYPHS_REVIEW, THRESHOLDS, extract_metadata
from tests.ingest.textwords import words_read

# ---------------------------------------------------------------- a month word with a letter read as figures

_SCHOOL_HEAD = ("DINAS PENDIDIKAN KABUPATEN BALANGAN\nSD NEGERI 4 AWAYAN\n"
                "Jl. Pendidikan No. 7, Desa Awayan, Kecamatan Awayan, Kabupaten Balangan\n")


def _request(date_line: str, nomor: str) -> str:
    return (_SCHOOL_HEAD + f"{date_line}\nNo. : {nomor} Kepada Yth. Kepala Dinas\n"
            "Lampiran: -\nPerihal: Permohonan Kerja Sama Program BuRT\n\ndi-\nTempat\n\n"
            "Sehubungan dengan telah dilaksanakannya sosialisasi program BuRT pada\n"
            "tanggal 3 Juni 2024, kami mengajukan permohonan untuk menjadi mitra kerja sama.\n"
            "Demikian kami sampaikan, atas perhatian Bapak/Ibu kami ucapkan terima kasih.\n"
            "Kepala SD Negeri 4 Awayan,\n\nRahmawati, S.Pd.\nNIP 198703122010012004\n")


@pytest.mark.parametrize(("line", "nomor", "iso"), [
    ("Awayan, 24 14EI 2024", "87/SPS-4/V/2024", "2024-05-24"),
    ("Awayan, 9 0KTOBER 2023", "12/SPS-4/X/2023", "2023-10-09"),
    ("Awayan, 17 1ULI 2025", "40/SPS-4/VII/2025", "2025-07-17"),
])
def test_a_month_word_with_a_letter_read_as_figures_is_read_by_the_numbers_roman_month(line, nomor, iso):
    """The figures read as the letters they look like spell one month, and the letter's own number carries that
    month in Roman figures and the date's year: the date is given, low and named for review."""
    text = _request(line, nomor)
    got = extract_metadata(text, words_read(text, {}))
    assert got.tanggal.value == iso
    assert got.tanggal.confidence == CUT_YEAR_CONFIDENCE < THRESHOLDS["tanggal"]
    assert MONTH_BY_GLYPHS_REVIEW in got.review
    assert got.nomor.value == nomor


@pytest.mark.parametrize(("line", "nomor"), [
    ("Awayan, 24 14EI 2024", "87/SPS-4/VI/2024"),  # the number says June: the two readings disagree
    ("Awayan, 24 14EI 2024", "87/SPS-4/V/2023"),   # the number's year is another
    ("Awayan, 24 14EI 2024", "87/SPS-4/2024"),     # no Roman month to confirm the month
    ("Awayan, 24 1234 2024", "87/SPS-4/V/2024"),   # no letters left of a month word
])
def test_a_month_word_with_figures_and_no_agreeing_number_gives_no_date(line, nomor):
    text = _request(line, nomor)
    got = extract_metadata(text, words_read(text, {}))
    assert got.tanggal.value is None
    assert MONTH_BY_GLYPHS_REVIEW not in got.review


def test_a_doubted_day_beside_a_month_word_with_figures_gives_no_date():
    text = _request("Awayan, 24 14EI 2024", "87/SPS-4/V/2024")
    assert extract_metadata(text, words_read(text, {"24": 60.0})).tanggal.value is None


def test_a_doubted_number_does_not_confirm_a_month_word_with_figures():
    text = _request("Awayan, 24 14EI 2024", "87/SPS-4/V/2024")
    assert extract_metadata(text, words_read(text, {"87/SPS-4/V/2024": 60.0})).tanggal.value is None


@pytest.mark.parametrize(("token", "month"), [("14EI", 5), ("1V1EI", 5), ("0KTOBER", 10), ("5EPTEMBER", 9),
                                              ("4PRIL", 4), ("1UNI", 6), ("Mei", None), ("1234", None)])
def test_month_by_glyphs(token, month):
    """Only a word holding a figure or stroke is read here; letters alone are ``repair_month``'s."""
    assert month_by_glyphs(token) == month
