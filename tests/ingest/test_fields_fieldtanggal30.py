"""The date of a berita acara or an agreement whose words OCR damaged or a fax's edge cut beyond repair, and whose
figures in brackets were read whole (issue 17, fieldtanggal30): "Pada hari ini Jumat tan: al Du" /
"(29-08-2025), bertempat …". The figures are taken only when the day's name the opening writes is their weekday,
named for review, and emptied when the letter's number says another month. Texts are written here, not taken
from any set."""
from __future__ import annotations

import pytest

from ingest.dates import OPENING_FIGURES, find_dates
from ingest.metadata import extract_metadata

# 2023-08-22 is a Tuesday (Selasa)
_HEAD = "BERITA ACARA SERAH TERIMA BUKU\nPROGRAM BUKU RUMAH TANGGA (BuRT)\nNomor : 180/BAST/Dispersip-Blg/{month}/2023\n\n"
_TAIL = ", bertempat di Kantor Dinas Perpustakaan dan Kearsipan\nKabupaten Balangan, kami yang bertanda tangan di bawah ini:\n"


def _bast(opening: str, figures: str = "22-08-2023", month: str = "VIII") -> str:
    return _HEAD.format(month=month) + opening + f"({figures})" + _TAIL


@pytest.mark.parametrize("opening", [
    "Pada hari ini Selasa tan: al Du\n",  # the words cut at the fax's edge, the figures on the next line
    "Pada hari ini Selasa tan ga Du Pul h Dua bi lan Agu tus t hun Dxa Rxbu\nDua Puluh Tiga ",  # words garbled
    "Pada hari ini, Selasa — ' ..\n",  # nothing of the words left but specks
])
def test_the_figures_after_a_formulas_opening_are_the_date_when_the_day_name_agrees(opening):
    metadata = extract_metadata(_bast(opening))
    assert metadata.tanggal.value == "2023-08-22"
    assert metadata.tanggal.confidence < 0.9  # read once in figures, the weekday the only second reading
    assert any(OPENING_FIGURES in line and line.endswith("periksa") for line in metadata.review)


@pytest.mark.parametrize("text", [
    _bast("Pada hari ini Rabu tan: al Du\n"),  # the day's name is another weekday: a figure misread
    _bast("Pada hari ini Selasa tan: al Du\n", month="VII"),  # the number's month says July
])
def test_figures_after_the_opening_that_the_day_name_or_the_number_contradict_give_no_date(text):
    assert extract_metadata(text).tanggal.value is None


@pytest.mark.parametrize("text", [
    # a figure between the opening and the bracket: a list or a column, the bracket is not the formula's
    "Pada hari ini Selasa kegiatan ke 2 di desa\n(22-08-2023), bertempat di Aula",
    # no day's name after the opening
    "Pada hari ini kami menyerahkan buku\n(22-08-2023), bertempat di Aula",
    # figures too far after the opening
    "Pada hari ini Selasa " + "kata " * 60 + "(22-08-2023)",
])
def test_no_opening_date_without_a_day_name_and_figures_close_after_it(text):
    assert not any(OPENING_FIGURES in hit.reason for hit in find_dates(text))


def test_a_whole_words_date_still_decides_over_its_figures():
    """The words read whole and the figures otherwise (both dates a Tuesday would not matter): the words' reading
    stands, unsure, as before (``dates.WORDS_DISAGREE``); the opening adds no second date."""
    text = _bast("Pada hari ini Selasa tanggal Dua Puluh Dua bulan Agustus tahun Dua Ribu Dua Puluh Tiga ",
                 figures="29-08-2023")
    assert not any(OPENING_FIGURES in hit.reason for hit in find_dates(text))
    assert extract_metadata(text).tanggal.value is None
