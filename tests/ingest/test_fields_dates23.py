"""Letter dates on unseen generated captures (issue 17, dates23): the word "tanggal" of a date in words misread by a
letter, a comma left between a place-date's month and its year (a fax's worn "L" read as "T,"), and a date in words
whose figures in brackets give another year, told by the day's name when the letter's number carries no year.
Texts are written here, not taken from any set."""
from __future__ import annotations

import pytest

from ingest.dates import find_dates
from ingest.metadata import THRESHOLDS, WEEKDAY_TELLS_YEAR, extract_metadata
from tests.ingest.textwords import HEAD, words_read

# ---------------------------------------------------------------- "tanggal" misread by one letter


def _bast(sentence: str, nomor: str = "31/BAST/Dispersip-Blg/VI/2024") -> str:
    return (HEAD + "BERITA ACARA SERAH TERIMA BUKU\n" + f"Nomor : {nomor}\n\n{sentence}\n"
            "bertempat di Kantor Dinas Perpustakaan dan Kearsipan Kabupaten Balangan, kami yang bertanda tangan:\n"
            "1. Nama : Rahmat Hidayat\n2. Nama : Siti Aminah\n")


@pytest.mark.parametrize("word", ["Langgal", "tamggal", "tanggai", "tenggal", "tanqgal"])
def test_a_date_in_words_is_read_with_tanggal_misread_by_a_letter(word):
    """"Kamis Langgal Tiga bulan Juli tahun Dua Ribu Dua Puluh Empat (04-07-2024)": one letter of "tanggal" lost
    on a fax; the number words, "bulan", the month, "tahun" and the figures still make the date."""
    sentence = (f"Pada hari ini Kamis {word} Empat bulan Juli tahun Dua Ribu Dua Puluh Empat\n"
                "(04-07-2024), bertempat")
    got = extract_metadata(_bast(sentence))
    assert got.tanggal.value == "2024-07-04"
    assert got.tanggal.confidence >= THRESHOLDS["tanggal"]


@pytest.mark.parametrize("word", ["Lang", "tunggu", "tengah"])
def test_a_word_two_letters_or_more_from_tanggal_reads_no_date_in_words(word):
    sentence = f"Pada hari ini Kamis {word} Empat bulan Juli tahun Dua Ribu Dua Puluh Empat, bertempat"
    assert not [h for h in find_dates(sentence) if h.kind == "words"]


# ---------------------------------------------------------------- a comma between a place-date's month and year


@pytest.mark.parametrize("line", ["Pideni, 22 APRIT, 2024", "Pideni, 22 April, 2024", "Paringin, 22 APRIL , 2024"])
def test_a_place_date_with_a_comma_after_its_month_is_read(line):
    """A fax's worn "L" read "T," or a comma typed after the month: the place, the day, a month word and a year
    are still a letter's date."""
    hits = [h for h in find_dates(line) if h.kind == "place_date"]
    assert [h.iso for h in hits] == ["2024-04-22"]


def test_a_comma_after_a_word_that_is_no_month_reads_no_date():
    assert not find_dates("Pideni, 22 Buku, 2024")


# ---------------------------------------------------------------- words and figures of another year, the day's name


def _mou(day_name: str, figures: str, nomor: str = "187/058-0/II") -> str:
    return (HEAD + "PERJANJIAN KERJA SAMA\n" + f"NOMOR : {nomor}\n\n"
            f"Pada hari ini {day_name} tanggal Dua Puluh Enam bulan Februari tahun Dua Ribu Dua Puluh Empat\n"
            f"({figures}), bertempat di Balai Desa Pideni, yang bertanda tangan di bawah ini:\n")


def test_the_day_name_tells_the_words_year_against_figures_of_another_year():
    """26 February 2024 is a Monday, 26 February 2021 a Friday: "Senin" takes the words' year, flagged."""
    text = _mou("Senin", "26-02-2021")
    got = extract_metadata(text, words_read(text, {"(26-02-2021),": 39.0}))
    assert got.tanggal.value == "2024-02-26"
    assert WEEKDAY_TELLS_YEAR in got.tanggal.reason
    assert any(r.startswith("tanggal:") and WEEKDAY_TELLS_YEAR in r for r in got.review)


@pytest.mark.parametrize("day_name", ["Jumat", "Selasa"])
def test_a_day_name_of_the_figures_date_or_of_neither_leaves_the_date_empty(day_name):
    """"Jumat" is the figures' weekday (26-02-2021), "Selasa" neither's: nothing tells the year."""
    got = extract_metadata(_mou(day_name, "26-02-2021"))
    assert got.tanggal.value is None


def test_a_number_carrying_a_year_is_left_to_the_number():
    """The letter's number ends with 2021: the number's rule keeps the figures' year, the day's name is not asked."""
    got = extract_metadata(_mou("Senin", "26-02-2021", nomor="187/058-0/II/2021"))
    assert got.tanggal.value == "2021-02-26"
    assert WEEKDAY_TELLS_YEAR not in got.tanggal.reason


def test_words_and_figures_of_another_day_are_not_told_by_the_day_name():
    """Figures of another day (27-02-2024, a Tuesday) differ in the day, not the year: left unsure."""
    got = extract_metadata(_mou("Senin", "27-02-2024"))
    assert got.tanggal.value is None or WEEKDAY_TELLS_YEAR not in got.tanggal.reason


def test_a_bast_whose_number_carries_no_year_is_told_by_its_day_name():
    """dates16's BAST ("Senin tanggal Tujuh bulan Juli tahun Dua Ribu Dua Puluh Lima (07-07-2023)", number without
    a year): 7 July 2025 is a Monday, 7 July 2023 a Friday."""
    text = (HEAD + "BERITA ACARA SERAH TERIMA\nNomor : BA-267/BAST/DISPERSIP\n"
            "Pada hari ini Senin tanggal Tujuh bulan Juli tahun Dua Ribu Dua Puluh Lima\n"
            "(07-07-2023), bertempat di Kantor Dinas Perpustakaan dan Kearsipan\n")
    got = extract_metadata(text)
    assert got.tanggal.value == "2025-07-07" and WEEKDAY_TELLS_YEAR in got.tanggal.reason


# ---------------------------------------------------------------- a post's time stamp after an icon with a speck


def _post(stamp: str) -> str:
    return ("Perpustakaan Desa Pideni\n" + f"{stamp}\n"
            "Alhamdulillah kegiatan pembinaan perpustakaan desa berjalan lancar bersama Dinas Perpustakaan.\n")


@pytest.mark.parametrize("icon", ["”J", "»J", "«JJ", "J"])
def test_a_post_stamp_after_an_icon_read_with_a_speck_dates_the_post(icon):
    """A messenger's or a page's avatar before the stamp, read as a letter or two with a speck of its rim."""
    got = extract_metadata(_post(f"{icon} 23 Juli 2024 pukul 14.30"))
    assert got.tanggal.value == "2024-07-23"


@pytest.mark.parametrize("before", ["a)", "1.", "(b)", "ke)", "P7", "Sen"])
def test_a_list_mark_or_a_token_with_a_figure_before_a_stamp_is_no_icon(before):
    """A list's mark, a token with a figure or a bracket after its letters, or a day's name cut short: an event in a
    list, not a post's own stamp (a reading "ke) 30" of "20" must not outvote the row)."""
    got = extract_metadata(_post(f"{before} 23 Juli 2024 pukul 14.30"))
    assert got.tanggal.value is None
