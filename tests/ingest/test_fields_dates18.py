"""Letter dates on unseen generated captures (issue 17, dates18): a damaged month word as near to two months is no
reading of either, a date in words confirmed (or refuted) by the day's name written before it, a place-date whose
year the page's edge cut short completed from the letter's own number. Texts are written here, not taken from
any set; the words' confidences stand for Tesseract's."""
from __future__ import annotations

import re

import pytest

from ingest import fieldread
from ingest.calibration import calibrate
from ingest.dates import WEEKDAY_AGREES, WEEKDAY_DISAGREES, find_dates, repair_month, weekday_named
from ingest.metadata import CUT_YEAR_CONFIDENCE, CUT_YEAR_REVIEW, THRESHOLDS, extract_metadata
from ingest.model import Classification, PageText, StageRecord
from tests.ingest.textwords import HEAD
from tests.ingest.textwords import words_read as _words

# ---------------------------------------------------------------- a month word as near to two months


@pytest.mark.parametrize("word", ["Seysember", "Jani", "Jumi"])
def test_a_damaged_month_word_as_near_to_two_months_is_no_month(word):
    """"Seysember" is two edits from "september" and from "desember"; "Jani" one from "Juni" (and the nearest by
    ratio is "djan", January); "Jumi" one from "Juni" and from "Juli": no letter tells which month was printed."""
    assert repair_month(word) is None


@pytest.mark.parametrize("word,month", [("Sepiember", "september"), ("Jali", "juli"), ("Desernber", "desember"),
                                        ("Noyember", "november"), ("Jull", "juli"), ("Aprit", "april"),
                                        ("stus", "agustus")])
def test_a_damaged_month_word_nearest_to_one_month_is_still_repaired(word, month):
    assert repair_month(word) == (month, True)


def _record(page_line: str, readings: list[str]) -> PageText:
    values, votes = fieldread.vote([page_line] + readings)
    line = fieldread.LineReading("tanggal", page_line, tuple(readings), values, votes, 1 + len(readings)).to_json()
    return PageText(number=1, text="", words=(), confidence=60.0, width=100, height=100,
                    steps=(StageRecord(fieldread.STAGE, 1.0, {"wanted": ["tanggal"], "lines": [line]}),))


def test_a_reading_whose_month_is_in_doubt_does_not_dissent_from_the_row_read_alike_three_times():
    """A report's signature date, its day doubted on the page (53): three readings of the row give the 11th of
    September, a fourth "31 Seysember", which is no date (not the 31st of December): the date is filled."""
    row = "Paringin, 11 September 2023"
    text = HEAD + "LAPORAN PELAKSANAAN PENDAMPINGAN\nDemikian laporan ini dibuat.\n" + row + \
        "\nPetugas Pendamping,\nHeni\nNIP 198206022005082015\n"
    before = extract_metadata(text, _words(text, {"11": 53.0}))
    assert not before.tanggal.present  # the doubted day empties the page's own reading
    record = _record(row, [row, "Paringin, 31 Seysember 2023", row.lower()])
    after = fieldread.settle(before, text, [record])
    assert after.tanggal.value == "2023-09-11" and after.tanggal.confidence >= THRESHOLDS["tanggal"]
    # a reading that does give another valid date still dissents
    record = _record(row, [row, "Paringin, 31 Desember 2023", row.lower()])
    assert not fieldread.settle(before, text, [record]).tanggal.present


# ---------------------------------------------------------------- the day's name of a date in words


BAST = ("BERITA ACARA SERAH TERIMA BUKU\nNomor : 287/BAST/Dispersip/VII/2024\n"
        "Pada hari ini {day} tanggal Satu bulan Juli tahun Dua Ribu Dua Puluh Empat\n"
        "{figures}, bertempat di Kantor Dinas Perpustakaan dan Kearsipan\nKabupaten Balangan, kami yang bertanda "
        "tangan di bawah ini:\n")


def test_weekday_names():
    assert [weekday_named(w) for w in ("Senin", "SELASA", "Jumal", "Ahad", "Paringin", "Juli")] == \
        [0, 1, 4, 6, None, None]


def test_words_whose_figures_give_no_date_are_confirmed_by_the_days_name():
    """The 1st of July 2024 was a Monday: "Senin" confirms the words, so Tesseract's doubt about figures that give
    no date at all ("(OI1-IT-2IZA)", read at 17) is not held against them."""
    text = HEAD + BAST.format(day="Senin", figures="(OI1-IT-2IZA)")
    md = extract_metadata(text, _words(text, {"(OI1-IT-2IZA),": 17.0}))
    assert md.tanggal.value == "2024-07-01" and WEEKDAY_AGREES in md.tanggal.reason
    assert not any(r.startswith("tanggal:") for r in md.review)


def test_without_a_days_name_the_doubted_figures_still_count():
    text = HEAD + BAST.format(day="", figures="(OI1-IT-2IZA)").replace("hari ini  tanggal", "tanggal")
    md = extract_metadata(text, _words(text, {"(OI1-IT-2IZA),": 17.0}))
    assert not md.tanggal.present  # as before: nothing besides the words reads the date


@pytest.mark.parametrize("day", ["Sabtu", "Kamis"])
def test_words_the_days_name_refutes_are_unsure(day):
    """The words say the 1st of July 2024 (a Monday); "Sabtu" is the 1st of June: one of the words is misread, which
    one is not known, so the date is left empty and named for review, figures or not."""
    for figures in ("(OI1-IT-2IZA)", ""):
        text = HEAD + BAST.format(day=day, figures=figures)
        md = extract_metadata(text, _words(text, {}))
        assert not md.tanggal.present and WEEKDAY_DISAGREES in md.tanggal.reason
        assert any(r.startswith("tanggal:") for r in md.review)


def test_figures_that_agree_with_the_words_need_no_days_name():
    text = HEAD + BAST.format(day="Kamis", figures="(01-07-2024)")
    assert extract_metadata(text).tanggal.value == "2024-07-01"  # two readings already; the day's name not asked


# ---------------------------------------------------------------- a year cut short by the page's edge


REQUEST = ("KECAMATAN TEBING TINGGI\nKELURAHAN MUARA NAGES\n\nSURAT PERMOHONAN\nNO. : {nomor}\n\n{date}\n"
           "Lampiran : -\nPERIHAL : Permohonan Bimbingan Teknis Perpustakaan\n\nKepada Yth. Kepala Dinas Perpustakaan "
           "dan Kearsipan Kab. Balangan\n\nSehubungan dengan surat Bappelitbangda Nomor 000.4/385/Bappelitbangda/III/2023"
           ", tanggal 20 Maret 2023, bersama ini kami beritahukan hal berikut.\n")


@pytest.mark.parametrize("date", ["Muara Nages, 13 April 202", "Muara Nages, 13 April 20:", "Muara Nages, 13 APRIL 20"])
def test_a_place_date_cut_short_takes_the_year_of_the_number_of_its_month(date):
    text = REQUEST.format(nomor="400.14/006/Kel-MN/IV/2023", date=date)
    md = extract_metadata(text, _words(text, {}))
    assert md.tanggal.value == "2023-04-13" and md.tanggal.confidence == CUT_YEAR_CONFIDENCE
    assert CUT_YEAR_REVIEW in md.review  # inferred, not read: a clerk looks at it
    assert md.nomor.value == "400.14/006/Kel-MN/IV/2023"


@pytest.mark.parametrize("nomor,date", [
    ("400.14/006/Kel-MN/V/2023", "Muara Nages, 13 April 202"),    # the number's month is not the date's
    ("400.14/006/Kel-MN/2023", "Muara Nages, 13 April 202"),      # no Roman month to tie them
    ("400.14/006/Kel-MN/IV/2023", "Muara Nages, 13 April 201"),   # the cut figures do not begin the year
    ("400.14/006/Kel-MN/IV/2023", "Muara Nages, 13 Aprll 2"),     # one figure is no year's beginning
])
def test_a_cut_year_is_not_completed_without_the_numbers_month_and_year(nomor, date):
    text = REQUEST.format(nomor=nomor, date=date)
    assert not extract_metadata(text, _words(text, {})).tanggal.present


def test_a_cut_year_is_not_completed_when_the_day_or_the_number_is_doubted():
    text = REQUEST.format(nomor="400.14/006/Kel-MN/IV/2023", date="Muara Nages, 13 April 202")
    assert not extract_metadata(text, _words(text, {"13": 70.0})).tanggal.present
    md = extract_metadata(text, _words(text, {"400.14/006/Kel-MN/IV/2023": 60.0}))
    assert not md.tanggal.present


def test_a_whole_date_is_read_as_before_and_a_cut_date_in_a_sentence_is_not_completed():
    text = REQUEST.format(nomor="400.14/006/Kel-MN/IV/2023", date="Muara Nages, 13 April 2023")
    md = extract_metadata(text, _words(text, {}))
    assert md.tanggal.value == "2023-04-13" and md.tanggal.confidence > CUT_YEAR_CONFIDENCE
    sentence = REQUEST.format(nomor="400.14/006/Kel-MN/IV/2023", date="").replace(
        "hal berikut.", "hal berikut\nyang dibahas pada rapat tanggal 13 April 202")
    assert not extract_metadata(sentence, _words(sentence, {})).tanggal.present
    assert not any(re.search(r"\b202\b", h.reason) for h in find_dates(sentence))


def test_a_cut_date_above_the_signers_role_is_completed():
    text = REQUEST.format(nomor="400.14/006/Kel-MN/IV/2023", date="") + \
        "Demikian kami sampaikan.\nMuara Nages, 13 April 202\nLurah Muara Nages,\n\nAhmad Yani, S.Sos.\n"
    md = extract_metadata(text, _words(text, {}))
    assert md.tanggal.value == "2023-04-13" and CUT_YEAR_REVIEW in md.review


def test_a_completed_date_keeps_its_low_confidence_through_calibration():
    """The calibration table was fitted on dates read; a year completed from the number is not one, so its
    confidence stays under the archive's "keyakinan rendah" line (0.5) and the document waits for review."""
    text = REQUEST.format(nomor="400.14/006/Kel-MN/IV/2023", date="Muara Nages, 13 April 202")
    words = _words(text, {})
    md, _ = calibrate(extract_metadata(text, words), Classification(),
                      words)
    assert md.tanggal.value == "2023-04-13" and md.tanggal.confidence == CUT_YEAR_CONFIDENCE
    whole = REQUEST.format(nomor="400.14/006/Kel-MN/IV/2023", date="Muara Nages, 13 April 2023")
    read, _ = calibrate(extract_metadata(whole, _words(whole, {})),
                        Classification(), _words(whole, {}))
    assert read.tanggal.confidence >= 0.9  # a date read is calibrated as before
