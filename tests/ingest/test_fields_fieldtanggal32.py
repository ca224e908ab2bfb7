"""Tanggal on degraded captures (issue 17, fieldtanggal32): a body line's event date taken for the letter's
place-date once "hari" and the day's name were misread, its year a decade off the year the number and a cited
letter write (emptied and flagged; the signature's row then read again); a berita acara's date formula whose
opening, day's words and "bulan" a fax lost, dated by its month and year in words agreeing with the figures in
brackets. Texts are written here, not taken from any set; re-readings are given as readings of the row."""
from __future__ import annotations

import pytest

from ingest import fieldread
from ingest.dates import MONTH_YEAR_WORDS, find_dates
from ingest.dateyear import NEXT_PLACE_DATE, YEAR_CONTRADICTED
from ingest.metadata import extract_metadata
from ingest.model import PageText, StageRecord

# a letter whose signature's date the capture damaged past reading ("Septeraber 20123"), whose cited letter's number
# it damaged too (its year no year), and whose body names an event's day in a line whose "hari" and day's name the capture misread ("hui Jarnun," for "hari Jumat,")
_LETTER = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"
           "NOMOR: {number}/{nomor_year}\nKepada Yth. Pimpinan Pondok Pesantren Babul Ihsan\n"
           "di Batumandi\n"
           "Menindaklanjuti surat Saudara Nomor 000.4/604/Bappelitbangda/14/21522 tanggal 1 September {cited}\n"
           "tentang pembinaan perpustakaan, dengan ini kami sampaikan:\n"
           "1. kegiatan direncanakan pada hui Jarnun, 22 September {event};\n"
           "2. tempat kegiatan di perpustakaan pondok.\n"
           "Demikian kami sampaikan.\n"
           "Paringin, 31 Septeraber 20123\nKepala Dinas Perpustakaan\n")


def test_a_date_whose_year_the_number_and_a_cited_letter_contradict_is_emptied_and_flagged():
    metadata = extract_metadata(_LETTER.format(number="400.10/339/Dispersip-Blg", nomor_year="IX/2023", cited="2023", event="2014"))
    assert metadata.tanggal.value is None and YEAR_CONTRADICTED in metadata.tanggal.reason
    assert "2014-09-22" in metadata.tanggal.reason  # the value read stays in the reason, for the clerk
    assert any(r.startswith("tanggal:") and YEAR_CONTRADICTED in r and r.endswith("periksa") for r in metadata.review)


@pytest.mark.parametrize("nomor_year,cited,event", [
    ("IX/2023", "2023", "2023"),  # the date's year is the number's: nothing contradicts it
    ("IX/2028", "2023", "2023"),  # the number's year misread: the date's year is written again (the cited letter)
    ("IX/2023", "2019", "2014"),  # the number's year is written once only: no second witness against the date
])
def test_a_date_the_page_does_not_contradict_twice_is_kept(nomor_year, cited, event):
    metadata = extract_metadata(_LETTER.format(number="400.10/339/Dispersip-Blg", nomor_year=nomor_year, cited=cited, event=event))
    assert metadata.tanggal.value == f"{event}-09-22" and YEAR_CONTRADICTED not in metadata.tanggal.reason


def _signature_row(page_line: str, readings: list[str]) -> PageText:
    """A page whose field re-reading stage read again the date row the page read as ``page_line``."""
    values, votes = fieldread.vote([page_line] + readings)
    line = fieldread.LineReading("tanggal", page_line, tuple(readings), values, votes, 1 + len(readings)).to_json()
    return PageText(number=1, text="", words=(), confidence=80.0, width=100, height=100,
                    steps=(StageRecord(fieldread.STAGE, 1.0, {"wanted": ["tanggal"], "lines": [line]}),))


@pytest.mark.parametrize("number", [
    "400.10/339/Dispersip-Blg",  # the number read whole
    "AOO.NZFO Disperuip- Big",  # the number too damaged to keep: its row's year still stands for the letter's
])
def test_the_emptied_date_is_filled_from_its_own_row_read_again(number):
    text = _LETTER.format(number=number, nomor_year="14/2023", cited="2023", event="2014")
    before = extract_metadata(text)
    assert before.tanggal.value is None  # emptied: the date row is now wanted and read again
    after = fieldread.settle(before, text, [_signature_row("Paringin, 31 Septeraber 20123",
                                                           ["Paringin, 11 September 2023"] * 3)])
    assert after.tanggal.value == "2023-09-11"


# ---------------------------------------------------------------- a formula whose opening and day's words were lost

_BAST = ("BERITA ACARA SERAH TERIMA BUKU\nNomor : 228/BAST/Dispersip-Blg/IV/2025\n\n"
         "Za {month} tahun Dua Ribu Dua Puluh\n{unit} ({figures}), bertempat di Kantor Dinas Perpustakaan\n"
         "Kabupaten Balangan, kami yang bertanda tangan di bawah ini:\n")


@pytest.mark.parametrize("month", ["April", "Arril"])  # a month word whole, or with a letter misread
def test_a_formula_whose_day_words_were_lost_is_dated_by_month_and_year_words_and_figures(month):
    metadata = extract_metadata(_BAST.format(month=month, unit="Lima", figures="08-04-2025"))
    assert metadata.tanggal.value == "2025-04-08" and MONTH_YEAR_WORDS in metadata.tanggal.reason
    assert metadata.tanggal.confidence < 0.85  # under a formula read whole: the day is read once


@pytest.mark.parametrize("month,unit,figures", [
    ("Maret", "Lima", "08-04-2025"),  # the words' month is another than the figures'
    ("April", "Empat", "08-04-2025"),  # the words' year is another than the figures'
    ("Arril", "Lima", "08-04-2O25"),  # the figures' year misread: no date in figures
])
def test_a_formula_whose_month_or_year_words_disagree_with_the_figures_gives_no_words_date(month, unit, figures):
    text = _BAST.format(month=month, unit=unit, figures=figures)
    assert not any(MONTH_YEAR_WORDS in h.reason for h in find_dates(text))
    assert extract_metadata(text).tanggal.value is None


def test_a_place_date_after_the_contradicted_one_in_the_numbers_year_is_taken():
    text = _LETTER.format(number="400.10/339/Dispersip-Blg", nomor_year="IX/2023", cited="2023", event="2014") \
        .replace("Paringin, 31 Septeraber 20123", "Paringin, 11 September 2023")
    metadata = extract_metadata(text)
    assert metadata.tanggal.value == "2023-09-11" and NEXT_PLACE_DATE in metadata.tanggal.reason
    assert any(r.startswith("tanggal:") and YEAR_CONTRADICTED in r for r in metadata.review)  # still named


def test_a_date_in_words_is_not_outvoted_by_numbers_misread_alike():
    # an agreement's two numbers whose "5" the capture read "3" alike; its date spelt in words and in figures
    text = ("NOTA KESEPAHAMAN\nNOMOR : 000.4.7.1/167/Bid.LPP/DISPERSIP/VI/2023\nNOMOR : 400.14/025/Kel-MWL/VI/2023\n"
            "Pada hari ini Senin tanggal Sembilan bulan Juni tahun Dua Ribu Dua Puluh Lima (09-06-2025),\n"
            "bertempat di Paringin, kami yang bertanda tangan di bawah ini:\n")
    metadata = extract_metadata(text)
    assert metadata.tanggal.value == "2025-06-09" and YEAR_CONTRADICTED not in metadata.tanggal.reason


@pytest.mark.parametrize("lead", ["tanggal Tujuh", "Tujuh hukan", "Pada hari ini Senin"])
def test_a_formula_whose_day_words_are_read_is_left_to_the_rules_that_read_them(lead):
    # something of the formula before the month word is read on its line: "tanggal", a day's words, "hari"
    text = _BAST.format(month="April", unit="Lima", figures="08-04-2025").replace("Za April", f"{lead} April")
    assert not any(MONTH_YEAR_WORDS in h.reason for h in find_dates(text))
