"""The date of a berita acara or an agreement whose words OCR damaged or a fax's edge cut beyond repair, and whose
figures in brackets were read whole (issue 17, fieldtanggal30): "Pada hari ini Jumat tan: al Du" /
"(29-08-2025), bertempat …". The figures are taken only when the day's name the opening writes is their weekday,
named for review, and emptied when the letter's number says another month. And a place-date whose day the page
read with a figure lost ("1 APRIL" for "11 APRIL") while most re-readings of its row give it whole. Texts are
written here, not taken from any set; re-readings are given as readings of the row (as in test_fields_dates22)."""
from __future__ import annotations

import pytest

from ingest import fieldread
from ingest.dates import OPENING_FIGURES, find_dates
from ingest.fieldread import page_lost_figure
from ingest.metadata import extract_metadata
from tests.ingest.textwords import checked_date_row as _checked
from tests.ingest.textwords import dated_letter as _letter

# 2023-08-22 is a Tuesday (Selasa)
_HEAD = "BERITA ACARA SERAH TERIMA BUKU\nPROGRAM BUKU RUMAH TANGGA (BuRT)\nNomor : 180/BAST/Dispersip-Blg/{month}/2023\n\n"
_TAIL = ", bertempat di Kantor Dinas Perpustakaan dan Kearsipan\nKabupaten Balangan, kami yang bertanda tangan di bawah ini:\n"


def _bast(opening: str, figures: str = "22-08-2023", month: str = "VIII") -> str:
    return _HEAD.format(month=month) + opening + f"({figures})" + _TAIL


@pytest.mark.parametrize("opening", [
    "Pada hari ini Selasa tan: al Du\n",  # the words cut at the fax's edge, the figures on the next line
    "Pada hari ini Selasa tan ga Du Pxl h Dxa bi lan\n",  # words garbled, the month lost
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


# ---------------------------------------------------------------- a day the page read with a figure lost


@pytest.mark.parametrize("page_line,reread,want", [
    # the page lost the day's last figure; one re-reading lost it too, three give it back
    ("Paringin, 1 Juni 2024", ["Paringin, 11 Juni 2024 |", "Paringin, 11 Juni 2024", "Paringin, 1 Juni 2024",
                               "Paringin, 11 Juni 2024"], "2024-06-11"),
    # the page lost the day's first figure
    ("Paringin, 2 Juni 2024", ["Paringin, 12 Juni 2024"] * 3, "2024-06-12"),
])
def test_a_day_the_page_read_with_a_figure_lost_is_taken_from_the_re_readings_and_flagged(page_line, reread, want):
    text = _letter(page_line)
    before = extract_metadata(text)
    assert before.tanggal.value == f"2024-06-{int(page_line.split()[1]):02d}"
    after = fieldread.settle(before, text, [_checked(page_line, reread)])
    assert after.tanggal.value == want
    assert fieldread.DAY_REREAD in after.tanggal.reason and after.tanggal.confidence < 0.9
    assert any(r.startswith("tanggal:") and fieldread.DAY_REREAD in r for r in after.review)


@pytest.mark.parametrize("page_line,reread", [
    # the re-readings' day is not the page's with a figure lost: a digit read otherwise
    ("Paringin, 3 Juni 2024", ["Paringin, 18 Juni 2024"] * 3),
    # the re-readings split between two days, each the page's with a figure added: no day settled
    ("Paringin, 4 Juni 2024", ["Paringin, 14 Juni 2024", "Paringin, 24 Juni 2024", "Paringin, 14 Juni 2024"]),
    # a re-reading with a figure fewer than the page: the crop's loss, still empty (dates22)
    ("Paringin, 17 Juni 2024", ["Paringin, 7 Juni 2024"] * 3),
])
def test_a_day_read_otherwise_than_with_a_figure_lost_still_leaves_the_date_empty(page_line, reread):
    text = _letter(page_line)
    after = fieldread.settle(extract_metadata(text), text, [_checked(page_line, reread)])
    assert not after.tanggal.present and fieldread.REREAD_DISSENT in after.tanggal.reason
    assert page_lost_figure("1", "11") and not page_lost_figure("17", "7") and not page_lost_figure("3", "18")
