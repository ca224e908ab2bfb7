"""Tanggal on unseen captures (issue 17, fieldtanggal31): a month word every reading of the date row spells alike
against the letter's number whose Roman month is one stroke off it ("…/II/2025" above "12 MARET 2025"); a berita
acara's formula whose word "bulan" the capture lost, its day and month read twice by words and figures; a letter's
date earlier than a letter it cites. Texts are written here, not taken from any set; re-readings are given as
readings of the row (as in test_fields_dates22)."""
from __future__ import annotations

import pytest

from ingest import fieldread
from ingest.dates import find_dates
from ingest.metadata import CITES_LATER, extract_metadata
from ingest.model import PageText, StageRecord
from ingest.monthword import NUMBER_MONTH_STROKE, one_stroke_apart
from tests.ingest.textwords import dated_letter as _letter


def _date_row(page_line: str, readings: list[str]) -> PageText:
    """A page whose field re-reading stage read again the date row the page read as ``page_line`` (no date in it)."""
    values, votes = fieldread.vote([page_line] + readings)
    line = fieldread.LineReading("tanggal", page_line, tuple(readings), values, votes, 1 + len(readings)).to_json()
    return PageText(number=1, text="", words=(), confidence=80.0, width=100, height=100,
                    steps=(StageRecord(fieldread.STAGE, 1.0, {"wanted": [], "lines": [line]}),))


def _settled(nomor: str, page_line: str, readings: list[str]):
    text = _letter(page_line, nomor=nomor)
    before = extract_metadata(text)
    assert before.tanggal.value is None and before.nomor.value == nomor  # the page read no date from the row
    return fieldread.settle(before, text, [_date_row(page_line, readings)])


@pytest.mark.parametrize("nomor,word,want", [
    ("045/112/DISPERSIP/II/2024", "MARET", "2024-03-12"),  # a stroke lost: III read II
    ("045/112/DISPERSIP/IV/2024", "Juni", "2024-06-12"),  # the stroke read on the other side of the V: VI read IV
    ("045/112/DISPERSIP/X/2024", "September", "2024-09-12"),  # IX read X
])
def test_a_month_word_read_alike_outvotes_a_roman_month_one_stroke_off(nomor, word, want):
    after = _settled(nomor, f"Paringin, 124 {word} 2024", [f"Paringin, 12 {word} 2024"] * 3)
    assert after.tanggal.value == want
    assert after.nomor.value is None and NUMBER_MONTH_STROKE in after.nomor.reason  # not shown as read
    assert any(r.startswith("nomor:") and NUMBER_MONTH_STROKE in r and r.endswith("periksa") for r in after.review)


@pytest.mark.parametrize("nomor,page_line,readings", [
    # the number's month two strokes off the date's (I for III): no stroke slip, the number stands against the date
    ("045/112/DISPERSIP/I/2024", "Paringin, 124 Maret 2024", ["Paringin, 12 Maret 2024"] * 3),
    # the month in figures: no word read
    ("045/112/DISPERSIP/II/2024", "Paringin, 124-03-2024", ["Paringin, 12-03-2024"] * 3),
    # only two readings spell the month: too few
    ("045/112/DISPERSIP/II/2024", "Paringin, 124 Maret 2024", ["Paringin, 12 Maret 2024"] * 2 + ["Paringin, 1Z"]),
    # the number's year disagrees too: more than its month is misread
    ("045/112/DISPERSIP/II/2023", "Paringin, 124 Maret 2024", ["Paringin, 12 Maret 2024"] * 3),
])
def test_no_month_word_outvotes_a_number_otherwise(nomor, page_line, readings):
    after = _settled(nomor, page_line, readings)
    assert after.tanggal.value is None
    # the number is kept, or emptied by fieldnomor31's rule for a month against the place-date line
    # (nomorsettle.month_against_date_line), never by this one
    assert after.nomor.value in (nomor, None) and NUMBER_MONTH_STROKE not in after.nomor.reason
    assert not any(NUMBER_MONTH_STROKE in r for r in after.review)


def test_one_stroke_is_told_from_the_numerals_strokes():
    for month, other in (("II", "III"), ("III", "II"), ("V", "VI"), ("IV", "V"), ("IV", "VI"), ("IX", "X"),
                         ("IX", "XI"), ("XI", "XII"), ("I", "II"), ("VII", "VIII")):
        assert one_stroke_apart(month, other), (month, other)
    for month, other in (("I", "III"), ("II", "XI"), ("V", "VIII"), ("I", "V"), ("III", "VII"), ("X", "X"),
                         ("VI", "XI"), ("IV", "IX")):
        assert not one_stroke_apart(month, other), (month, other)


# ---------------------------------------------------------------- a formula whose word "bulan" was lost

# 2023-08-22 is a Tuesday (Selasa)
_BAST = ("BERITA ACARA SERAH TERIMA BUKU\nNomor : 180/BAST/Dispersip-Blg/VIII/2023\n\n"
         "Pada hari ini Selasa tanggal Dua Puluh Dua {month}tahun Dua Ribu Dua Puluh Tiga\n"
         "({figures}), bertempat di Kantor Dinas Perpustakaan dan Kearsipan Kabupaten Balangan\n")


def test_a_formula_whose_bulan_the_capture_lost_is_dated_by_its_words_and_figures():
    metadata = extract_metadata(_BAST.format(month="Agustus ", figures="22-08-2023"))
    assert metadata.tanggal.value == "2023-08-22"


@pytest.mark.parametrize("month,figures", [
    ("Agustus ", "29-08-2023"),  # the figures' day is another: one of the two readings is wrong
    ("Juli ", "22-08-2023"),  # the words' month is another
])
def test_a_formula_without_bulan_whose_words_and_figures_disagree_gives_no_date(month, figures):
    assert extract_metadata(_BAST.format(month=month, figures=figures)).tanggal.value is None


def test_a_month_word_after_day_words_is_no_formula_without_tahun_after_it():
    text = "Kegiatan pada tanggal Dua Puluh Dua Agustus di desa\n(22-08-2023) dihadiri warga"
    assert not any(h.kind == "words" for h in find_dates(text))


# ---------------------------------------------------------------- a date earlier than the letter it cites

_REPLY = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nParingin, 4 Maret {year}\n"
          "Nomor : 041/355/Dispersip/{year}\nPerihal : Jawaban atas Permohonan\nYth. Camat Paringin Selatan\n"
          "di Paringin\nMenindaklanjuti surat Saudara Nomor 400.14/065/Kec-PS/III/2024 tanggal 1 Maret 2024 "
          "tentang peminjaman buku, dapat kami penuhi.")


def test_a_date_earlier_than_the_letter_it_answers_is_emptied_and_flagged():
    metadata = extract_metadata(_REPLY.format(year="2021"))
    assert metadata.tanggal.value is None and CITES_LATER in metadata.tanggal.reason
    assert "2021-03-04" in metadata.tanggal.reason  # the value read stays in the reason, for the clerk
    assert any(r.startswith("tanggal:") and CITES_LATER in r for r in metadata.review)
    right = extract_metadata(_REPLY.format(year="2024"))
    assert right.tanggal.value == "2024-03-04" and CITES_LATER not in right.tanggal.reason

