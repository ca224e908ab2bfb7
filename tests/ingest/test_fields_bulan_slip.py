"""Issue 17 (found on the unseen held_out_2901 after its honest score): a berita acara's date in words whose word
"bulan" OCR misread by one letter ("Delapan hulan Mei"), with the date in figures in brackets after the year's
words. The day the words spell and the month they name are read twice (words and figures), so the figures give
the date; when either disagrees, or "bulan" is lost by more than one letter, no date is taken from them."""
from __future__ import annotations

import pytest

from ingest.metadata import extract_metadata

HEAD = """PEMERINTAH KABUPATEN BALANGAN
DINAS PERPUSTAKAAN DAN KEARSIPAN
BERITA ACARA SERAH TERIMA BUKU
Nomor : BA-{n}/DISPERSIP/{year}
Pada hari ini {weekday} tanggal {day} {bulan} {month} tahun Dua Ribu Dua Puluh
{unit} ({figures}), bertempat di Kantor Dinas Perpustakaan dan Kearsipan
Kabupaten Balangan, kami yang bertanda tangan di bawah ini:
"""

CASES = [  # weekday, day in words, month, year's unit word, figures, the date
    ("Senin", "Delapan", "Mei", "Tiga", "08-05-2023", "2023-05-08"),
    ("Rabu", "Dua Belas", "Juni", "Empat", "12-06-2024", "2024-06-12"),
    ("Jumat", "Dua Puluh Satu", "Maret", "Lima", "21-03-2025", "2025-03-21"),
]
SLIPS = ("hulan", "bukan", "bulau", "bnlan", "kulan")


def _text(weekday, day, bulan, month, unit, figures):
    return HEAD.format(n="051", year=figures[-4:], weekday=weekday, day=day, bulan=bulan, month=month, unit=unit,
                       figures=figures)


@pytest.mark.parametrize("slip", SLIPS)
@pytest.mark.parametrize(("weekday", "day", "month", "unit", "figures", "iso"), CASES)
def test_bulan_misread_by_one_letter_still_gives_the_date_the_words_and_figures_agree_on(
        weekday, day, month, unit, figures, iso, slip):
    assert extract_metadata(_text(weekday, day, slip, month, unit, figures)).tanggal.value == iso


@pytest.mark.parametrize("slip", SLIPS)
@pytest.mark.parametrize(("weekday", "day", "month", "unit", "figures", "iso"), CASES)
def test_words_that_disagree_with_the_figures_give_no_date(weekday, day, month, unit, figures, iso, slip):
    other_day = _text(weekday, "Tujuh" if day != "Tujuh" else "Sembilan", slip, month, unit, figures)
    other_month = _text(weekday, day, slip, "Oktober", unit, figures)
    assert extract_metadata(other_day).tanggal.value is None
    assert extract_metadata(other_month).tanggal.value is None


@pytest.mark.parametrize(("weekday", "day", "month", "unit", "figures", "iso"), CASES)
def test_bulan_lost_by_two_letters_gives_no_date_from_the_figures_alone(weekday, day, month, unit, figures, iso):
    assert extract_metadata(_text(weekday, day, "hukan", month, unit, figures)).tanggal.value is None
