"""A date in figures written after its day's name ("Hari/Tanggal : Jumat, 12 April 2024") is checked against that
name like a date in words: the same weekday is a second reading of the whole date, so Tesseract's doubt about the
figures alone does not empty it; another weekday makes it unsure (issue 17, twenty-first session). Pages are
written or drawn here, never a sample's file."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from ingest.dates import WEEKDAY_AGREES, WEEKDAY_DISAGREES, find_dates
from ingest.metadata import extract_metadata
from ingest.model import Word

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


def _dates(n: int = 12) -> list[date]:
    return [date(2023, 1, 3) + timedelta(days=37 * k) for k in range(n)]


@pytest.mark.parametrize("when", _dates())
def test_a_date_after_its_own_day_name_is_confirmed(when):
    line = f"Hari/Tanggal : {DAYS[when.weekday()]}, {when.day} {MONTHS[when.month - 1]} {when.year}"
    hit = find_dates(line)[0]
    assert hit.iso == when.isoformat() and WEEKDAY_AGREES in hit.reason


@pytest.mark.parametrize("when", _dates())
def test_a_date_after_another_day_name_is_unsure(when):
    wrong = DAYS[(when.weekday() + 3) % 7]
    hit = find_dates(f"pada hari {wrong}, {when.day:02d}-{when.month:02d}-{when.year} bertempat")[0]
    assert WEEKDAY_DISAGREES in hit.reason and hit.confidence <= 0.5


def test_no_day_name_before_the_date_leaves_it_as_it_was():
    hit = find_dates("Tempat : Aula, 12 April 2024")[0]
    assert WEEKDAY_AGREES not in hit.reason and WEEKDAY_DISAGREES not in hit.reason


def _words(text: str, doubt: str) -> list[Word]:
    words = []
    for n, line in enumerate(text.splitlines()):
        for k, token in enumerate(line.split()):
            words.append(Word(text=token, conf=70.0 if token == doubt else 95.0,
                              box=(10 + 60 * k, 20 + 30 * n, 50, 20), line=n))
    return words


def test_a_list_dated_by_its_day_and_date_keeps_a_date_tesseract_doubted():
    text = ("DAFTAR HADIR\nPELATIHAN PUSTAKAWAN SEKOLAH\n\nHari/Tanggal : Jumat, 12 April 2024\n"
            "Tempat : Gedung Serbaguna\n\nNo Nama Unsur Tanda Tangan\n1 Irwansyah Staf\n2 Salasiah Peserta\n")
    meta = extract_metadata(text, _words(text, "2024"))
    assert meta.tanggal.value == "2024-04-12"
    wrong = text.replace("Jumat", "Senin")  # the same doubted figures after another day's name: no date
    assert extract_metadata(wrong, _words(wrong, "2024")).tanggal.value is None
