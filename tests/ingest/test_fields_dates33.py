"""A date formula in words ("Pada hari ini <day> tanggal <day's words> bulan <month> tahun <year's words>
(dd-mm-yyyy)") that OCR damaged in two more ways: a speck glued to a number word ("Delapan! Belas"), and a year's
number word misread past one letter in the middle of the year ("Dua Ribu Diia Puluh Empat", which spelled only
2000). Texts are written here, not taken from any set."""
from __future__ import annotations

import pytest

from ingest.dates import find_dates
from ingest.metadata import extract_metadata

_HEAD = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nNOTA KESEPAHAMAN\n"
         "NOMOR : 000.4.7.1/{serial}/Dispersip-Blg/{roman}/{year}\n")
_OPENING = "Pada hari ini {day} tanggal {day_words} bulan {month} tahun {year_words}\n({figures}), bertempat di {place}, " \
           "yang bertanda tangan di bawah ini:\n1. Nama : Ahmad Fauzi\n"


def _mou(**parts: str) -> str:
    return _HEAD.format(**parts) + _OPENING.format(**parts)


@pytest.mark.parametrize("speck", ["!", "|", "'"])
def test_a_speck_glued_to_a_day_word_is_stepped_over(speck):
    text = _mou(serial="17", roman="VII", year="2023", day="Selasa", day_words=f"Delapan{speck} Belas", month="Juli",
                year_words="Dua Ribu Dua Puluh Tiga", figures="18-07-2023", place="Ruang Kepala Kelurahan")
    words = [h for h in find_dates(text) if h.kind == "words"]
    assert [h.iso for h in words] == ["2023-07-18"] and "sepakat" in words[0].reason  # words and figures agree
    assert extract_metadata(text).tanggal.value == "2023-07-18"


def test_a_speck_before_no_number_word_does_not_join_the_words():
    # the speck ends the year's words: what follows it is no number word, the date stays the words' and figures'
    text = _mou(serial="17", roman="VII", year="2023", day="Selasa", day_words="Delapan Belas", month="Juli",
                year_words="Dua Ribu Dua Puluh Tiga!", figures="18-07-2023", place="Ruang Kepala Kelurahan")
    assert extract_metadata(text).tanggal.value == "2023-07-18"


@pytest.mark.parametrize("damaged", ["Diia", "Dxa", "Qua"])
def test_a_year_word_misread_midway_does_not_spell_a_round_year(damaged):
    text = _mou(serial="308", roman="VI", year="2024", day="Rabu", day_words="Dua Puluh Enam", month="Juni",
                year_words=f"Dua Ribu {damaged} Puluh Empat.", figures="26-06-2024", place="Ruang Kepala Ponpes")
    assert all(h.iso != "2000-06-26" for h in find_dates(text))
    metadata = extract_metadata(text)
    assert metadata.tanggal.value == "2024-06-26"  # day and month in words agree with the figures in brackets


def test_a_whole_year_followed_by_other_words_keeps_its_reading():
    # the year's words end on a unit word: whatever follows is not part of it
    text = _mou(serial="308", roman="VI", year="2024", day="Rabu", day_words="Dua Puluh Enam", month="Juni",
                year_words="Dua Ribu Dua Puluh Empat kedua pihak", figures="26-06-2024", place="Ruang Kepala Ponpes")
    assert extract_metadata(text).tanggal.value == "2024-06-26"


def test_a_round_year_cut_by_a_damaged_word_without_figures_gives_no_date():
    # no figures in brackets to confirm the day and month: the cut words give no date at all
    text = _HEAD.format(serial="308", roman="VI", year="2024") + (
        "Pada hari ini Rabu tanggal Dua Puluh Enam bulan Juni tahun Dua Ribu Diia Puluh Empat, bertempat di Ruang "
        "Kepala Ponpes, yang bertanda tangan di bawah ini:\n1. Nama : Ahmad Fauzi\n")
    assert all(h.iso != "2000-06-26" for h in find_dates(text))
    assert extract_metadata(text).tanggal.value != "2000-06-26"
