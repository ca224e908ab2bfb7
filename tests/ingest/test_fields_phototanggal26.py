"""Letter dates on phone and messenger photos, photocopies and faxes (issue 17, phototanggal26): a place-date row
whose day the page misread ("Juai, B8 APRIL 2024", "Tinggi, 124 MARET 2025", "Paringin:.x9 JUNI 2024") is read
again, and an event's "Kamis, 18 Mei 2023" is not taken for it; a year in words cut by a speck at a line's end
("tahun Dua Ribu. / . Dua Puluh Empat (24-05-2024)"); a date row's year kept over the number row's year when the
number's year is older than a letter the page cites. Texts and pages are generated here, not taken from any set."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import FONT_DIRS
from PIL import Image, ImageDraw, ImageFont

from ingest import fieldread
from ingest.dates import find_dates
from ingest.metadata import extract_metadata
from ingest.model import PageText, StageRecord, Word
from ingest.options import IngestOptions

HEAD = ("PEMERINTAH KABUPATEN BALANGAN", "DINAS PERPUSTAKAAN DAN KEARSIPAN")


def _words(line: str, n: int = 0, y: int = 300) -> list[Word]:
    return [Word(t, 95.0, (100 + k * 120, y, 100, 30), n) for k, t in enumerate(line.split())]


def _page(*lines: str, height: int = 2000) -> PageText:
    words = [w for n, line in enumerate(lines) for w in _words(line, n, 100 + 60 * n)]
    return PageText(number=1, text="\n".join(lines), words=tuple(words), confidence=90.0, width=2000, height=height)


def _tanggal_rows(page: PageText) -> list[list[str]]:
    return [[w.text for w in row] for name, row in fieldread.field_lines(page, ["tanggal"], stamps=True)
            if name == "tanggal"]


# ---------------------------------------------------------------- a place-date row whose day the page misread

@pytest.mark.parametrize(("line", "row"), [
    ("Juai, B8 APRIL 2024", ["Juai,", "B8", "APRIL", "2024"]),  # the 0 of 08 read as B
    ("Tebing Tinggi, 124 MARET 2025", ["Tebing", "Tinggi,", "124", "MARET", "2025"]),  # a speck read as a figure
    ("Paringin:.x9 JUNI 2024", ["Paringin:.x9", "JUNI", "2024"]),  # the day glued to its place
])
def test_a_place_date_whose_day_was_misread_is_read_again(line, row):
    page = _page(*HEAD, "Nomor : 045/112/DISPERSIP/VI/2024", line, "Hal : Undangan")
    assert _tanggal_rows(page) == [row]


@pytest.mark.parametrize("line", [
    "tanggal A4 MARET 2024 tentang peningkatan",  # a cited letter's date inside a sentence
    "Hari/Tanggal : Rabu, B8 APRIL 2024",  # an event's date
    "Kamis, B8 APRIL 2024",  # a day's name is no place
    "Juai, B8 APRIL 2024 bertempat di Aula",  # the row runs on past the year
    "Juai, AB APRIL 2024",  # no figure in the day
    "Juai, B8 Kepada 2024",  # no month word
])
def test_rows_that_are_no_misread_place_date_are_not_read_as_one(line):
    page = _page(*HEAD, "Nomor : 045/112/DISPERSIP/VI/2024", line, "Hal : Undangan")
    assert _tanggal_rows(page) == []


def test_an_events_day_name_is_not_taken_for_the_place_of_the_signature_date():
    """"pada bari Kamis, 18 Mei 2023" ("hari" misread, so no event word stands before it) is an event's date; the
    letter's own place-date stands at the signature below it."""
    page = _page(*HEAD, "Kegiatan dilaksanakan pada bari Kamis, 18 Ntet 2023 bertempat di Aula",
                 "Demikian laporan ini dibuat.", "Paringin, 22 Mei 213", "Pelaksana Kegiatan,")
    assert _tanggal_rows(page) == [["Paringin,", "22", "Mei", "213"]]


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIRS[0] / "LiberationSans-Regular.ttf"), size)


def test_a_misread_day_is_settled_by_the_rows_readings_real_tesseract():
    """The page reading gave "B8" for the printed "08": no date; the row read again from the page's image gives
    "8 APRIL 2024" or "08 APRIL 2024" in its readings, which vote the date in."""
    printed = ("Juai,", "08", "APRIL", "2024")
    im = Image.new("L", (2000, 700), 255)
    draw = ImageDraw.Draw(im)
    words: list[Word] = []
    for n, (line, y) in enumerate(((HEAD[0], 100), (HEAD[1], 170))):
        draw.text((160, y), line, fill=0, font=_font(40))
        left, top, right, bottom = draw.textbbox((160, y), line, font=_font(40))
        words.append(Word(line.split()[0], 95.0, (left, top, right - left, bottom - top), n))
    x = 1300
    for token, read in zip(printed, ("Juai,", "B8", "APRIL", "2024")):
        draw.text((x, 300), token, fill=0, font=_font(40))
        left, top, right, bottom = draw.textbbox((x, 300), token, font=_font(40))
        words.append(Word(read, 90.0, (left, top, right - left, bottom - top), 2))
        x = right + 14
    draw.text((160, 400), "Hal : Undangan Sosialisasi", fill=0, font=_font(40))
    text = "\n".join([*HEAD, "Juai, B8 APRIL 2024", "Hal : Undangan Sosialisasi"])
    page = PageText(number=1, text=text, words=tuple(words), confidence=85.0, width=2000, height=700)
    before = extract_metadata(text, page.words)
    assert not before.tanggal.present
    read = fieldread.reread_fields(np.asarray(im).copy(), page, IngestOptions(workers=1))
    after = fieldread.settle(before, text, [read])
    assert after.tanggal.value == "2024-04-08", read.steps[-1].details


# ---------------------------------------------------------------- a year in words cut by a speck at a line's end

_MOU = ("PERJANJIAN KERJA SAMA\nNOMOR : 000.4.7.1/203/Dispersip-Blg/V/2024\n"
        "Pada hari ini Jumat tanggal Dua Puluh Empat bulan Mei tahun Dua Ribu{end}\n"
        "{start}Dua Puluh Empat (24-05-2024), bertempat di Ruang Kepala Perpustakaan Desa\n"
        "yang bertanda tangan di bawah ini:\n")


@pytest.mark.parametrize(("end", "start"), [(".", ". "), (".", ""), ("", ". "), (" ,", "' ")])
def test_a_year_in_words_wrapped_with_a_speck_is_read_whole(end, start):
    text = _MOU.format(end=end, start=start)
    hits = [h for h in find_dates(text) if h.kind == "words"]
    assert hits and hits[0].iso == "2024-05-24"
    assert extract_metadata(text).tanggal.value == "2024-05-24"


def test_a_year_in_words_wrapped_over_a_blank_line_is_still_read_whole():
    """No speck, a blank line OCR put between the year's two parts: read whole as before, words and figures agree."""
    text = _MOU.format(end="", start="").replace("Ribu\n", "Ribu\n\n")
    assert [(h.iso, h.confidence) for h in find_dates(text) if h.kind == "words"] == [("2024-05-24", 0.92)]


def test_a_speck_after_a_whole_year_joins_no_number_word_of_the_next_line():
    """"… Dua Puluh Empat." ends the year on its unit word: the next line's "Dua pihak" is not added to it."""
    text = ("Pada hari ini Jumat tanggal Dua Puluh Empat bulan Mei tahun Dua Ribu Dua Puluh Empat.\n"
            ". Dua pihak sepakat mengikatkan diri dalam kerja sama\n")
    assert [h.iso for h in find_dates(text) if h.kind == "words"] == ["2024-05-24"]


# ---------------------------------------------------------------- the number row's year older than a cited letter

def _record(lines: list[dict]) -> PageText:
    return PageText(number=1, text="", words=(), confidence=90.0, width=100, height=100,
                    steps=(StageRecord(fieldread.STAGE, 1.0, {"wanted": ["nomor", "tanggal"], "lines": lines}),))


def _line(name: str, page_line: str, readings: list[str]) -> dict:
    values, votes = fieldread.vote([page_line] + readings)
    return fieldread.LineReading(name, page_line, tuple(readings), values, votes, 1 + len(readings)).to_json()


def _invitation(cited: str) -> str:
    return ("\n".join(HEAD) + "\nNOMOR : 000.4.6.3/053/Dispersip-B19/1!1/2021\nParingin, 19 2024\n"
            "Kepada Yth. Kepala Desa Teluk\nPerihal : Undangan Sosialisasi\n\n"
            f"Menindaklanjuti surat Kepala Desa Nomor {cited}, tanggal 9 FEBRUARI 2024, hal pemerataan\n"
            "bahan bacaan, kami bermaksud mengadakan sosialisasi program BuRT.\n")


def _rows() -> list[PageText]:
    number = _line("nomor", "NOMOR : 000.4.6.3/053/Dispersip-B19/1!1/2021",
                   ["NOMOR : 000.4.6.3/053/Dispersip-B19/111/2021"] * 3)
    date = _line("tanggal", "Paringin, 19 2024", ["Paringin, 19 MARET 2024"] * 3)
    return [_record([number, date])]


def test_a_date_row_is_taken_over_a_number_rows_year_older_than_a_cited_letter():
    """The number row reads 2021 three times, the date row 2024: the page cites a letter of 2024, which a letter of
    2021 cannot answer, so the number's year is the misread one. The date is taken and named for review."""
    text = _invitation("041/852/DPK-KS/2024")
    before = extract_metadata(text)
    assert not before.tanggal.present
    after = fieldread.settle(before, text, _rows())
    assert after.tanggal.value == "2024-03-19"
    assert any(fieldread.NUMBER_YEAR_CITES_LATER in r for r in after.review)


@pytest.mark.parametrize("cited", ["041/852/DPK-KS/2021", "041/852/DPK-KS/2025", "041/852/DPK-KS"])
def test_a_number_rows_other_year_still_leaves_the_date_empty(cited):
    """The cited letter is of the number's year, later than the date's too, or carries no year: nothing says
    which year is misread."""
    text = _invitation(cited)
    after = fieldread.settle(extract_metadata(text), text, _rows())
    assert not after.tanggal.present
