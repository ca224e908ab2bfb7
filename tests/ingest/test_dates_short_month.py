"""A three-letter month word with one letter misread ("19 Moi 2025", "19 Mci 2025" on a fax): every month word one
letter off it names the same month, so the date is read, marked as repaired; a word one letter off two months gives
no date (issue 17, twenty-first session). Texts are written here, never a sample's file."""
from __future__ import annotations

import pytest

from ingest.dates import find_dates, month_words, repair_month
from ingest.metadata import extract_metadata


@pytest.mark.parametrize("word,month", [
    ("Moi", "mei"), ("Mci", "mei"), ("Mei", "mei"), ("Dcs", "des"), ("Okf", "okt"), ("Nov", "nov"),
    ("Fcb", "feb"), ("Jau", "jan"),
])
def test_a_three_letter_month_one_letter_off_is_read_as_its_month(word, month):
    got = repair_month(word)
    assert got is not None and month_words()[got[0]] == month_words()[month]


@pytest.mark.parametrize("word", ["Jux", "Nep", "Abc", "M3i", "Xyz"])
def test_a_three_letter_word_near_two_months_or_none_is_no_month(word):
    assert repair_month(word) is None


@pytest.mark.parametrize("line,iso", [
    ("Juai, 19 Moi 2025", "2025-05-19"),
    ("Paringin, 3 Dcs 2024", "2024-12-03"),
    ("Halong, 21 Okf 2023", "2023-10-21"),
])
def test_a_place_date_with_such_a_month_is_read_and_marked_repaired(line, iso):
    hits = find_dates(line)
    assert hits and hits[0].iso == iso and hits[0].kind == "place_date"
    assert "repaired" in hits[0].reason and hits[0].confidence < 0.95


def test_a_list_signed_with_such_a_date_has_its_tanggal():
    text = ("ABSENSI PESERTA\nSOSIALISASI PROGRAM BuRT\n\nHari/Tanggal : Senin, 19 Mci 2025\nTempat : Aula Desa\n\n"
            "No Nama Lengkap Instansi\n1 Lisa Guru\n2 Taufik Wali Kelas\n\nJuai, 19 Moi 2025\nMengetahui,\n"
            "Ketua Komunitas Baca\n\nH. Mulyadi\n")
    assert extract_metadata(text).tanggal.value == "2025-05-19"
