"""Letter dates on faxes and phone photos whose date row the field re-reading's row finder passed over (issue 17,
phototanggal28): a date written in words whose "tanggal" lost its l to a mark ("tangga!"); a post's time stamp
whose clock word was misread by two letters ("puksil 08.05"), read on the page and found as a row to read again
when the page's own reading of it is damaged (``daterows``). Texts and pages are generated here, not taken from
any set."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import FONT_DIRS
from PIL import Image, ImageDraw, ImageFont

from ingest import daterows, fieldread
from ingest.metadata import extract_metadata
from ingest.model import PageText, Word
from ingest.options import IngestOptions

POST = "Perpustakaan Balangan - Beranda\n"
_BAST = ("BERITA ACARA SERAH TERIMA BUKU\nNomor : 180/BAST/Dispersip-Blg/VIII/2023\n"
         "Pada hari ini Selasa {word} Dua Puluh Dua bulan Agustus tahun Dua Ribu\n"
         "Dua Puluh Tiga ({figures}), bertempat di Kantor Dinas Perpustakaan dan\n"
         "Kearsipan Kabupaten Balangan, kami yang bertanda tangan di bawah ini:\n")


# ---------------------------------------------------------------- a date in words whose "tanggal" lost its l

@pytest.mark.parametrize("word", ["tangga!", "tangga|", "tangga1"])
@pytest.mark.parametrize("figures", ["22-08-2023", "22-00-2922"])  # the figures read right, or unreadable
def test_a_words_date_whose_tanggal_lost_its_l_to_a_mark_is_read(word, figures):
    assert extract_metadata(_BAST.format(word=word, figures=figures)).tanggal.value == "2023-08-22"


@pytest.mark.parametrize("text", [
    "Program Buku Rumah Tangga! Dua keluarga meminjam buku bulan ini.",  # no frame of a date in words
    "Pada hari ini Selasa tangga! Dua Puluh Dua bulan Agustus tahun Dua Ribu\n"
    "Dua Puluh Tiga (22-09-2023), bertempat di Kantor",  # the figures give another valid date: still refused
])
def test_no_date_is_read_from_a_mark_for_l_without_a_whole_agreeing_words_date(text):
    assert extract_metadata(text).tanggal.value is None


# ---------------------------------------------------------------- a post's clock word misread

@pytest.mark.parametrize("stamp", ["05 Mei 2023 puksil 08.05", "05 Mei 2023 pukad 08.05", "05 Mei 2023 pukul 08.05 j",
                                   "05 Mei 2023 pukul 08.05"])
def test_a_posts_stamp_with_its_clock_word_misread_is_the_posts_date(stamp):
    text = POST + stamp + "\nKegiatan membaca bersama di SMP Negeri 8 Batumandi berjalan meriah."
    assert extract_metadata(text).tanggal.value == "2023-05-05"


@pytest.mark.parametrize("text", [
    POST + "05 Mei 2023 makan 08.05\nKegiatan membaca bersama",  # no clock word: three letters misread or more
    POST + "05 Mei 2023 puksil 08.05 selesai\nKegiatan membaca bersama",  # a sentence runs on after the time
    "Kegiatan dilaksanakan pada\n12 Juni 2024 puksil 09.00\nbertempat di Aula",  # a sentence's date and hour
])
def test_a_date_and_hour_that_are_no_stamp_are_not_the_posts_date(text):
    assert extract_metadata(text).tanggal.value is None


# ---------------------------------------------------------------- the rows chosen (``daterows``)

def _row(line: str, y: int, n: int) -> list[Word]:
    return [Word(t, 90.0, (100 + k * 120, y, 100, 30), n) for k, t in enumerate(line.split())]


@pytest.mark.parametrize(("line", "first"), [("05 Mei 2023 puksil 08.105", "05"), ("» 05 Mei 2023 pukad 08.05", "05")])
def test_a_stamp_row_with_a_misread_clock_word_is_chosen(line, first):
    row = daterows.clock_stamp_row(_row(line, 100, 0))
    assert row is not None and row[0].text == first


@pytest.mark.parametrize("line", ["05 Mei 2023 puksil", "Kegiatan 05 Mei 2023 pada 08.05", "05 Kepada 2023 di 08.05",
                                  "05 Mei 2023 pukul selesai"])
def test_rows_that_are_no_stamp_are_not_chosen(line):
    assert daterows.clock_stamp_row(_row(line, 100, 0)) is None


# ---------------------------------------------------------------- read again on a rendered page (real Tesseract)

def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIRS[0] / "LiberationSans-Regular.ttf"), size)


def _render(rows: list[tuple[str, str]], width: int = 2000) -> tuple[np.ndarray, PageText]:
    """A page of ``rows`` (printed, as the page reading read it: word for word), 70 px apart, and its PageText."""
    im = Image.new("L", (width, 160 + 70 * len(rows) + 400), 255)
    draw = ImageDraw.Draw(im)
    words: list[Word] = []
    for n, (printed, read) in enumerate(rows):
        x, y = 120, 100 + 70 * n
        for token, seen in zip(printed.split(), read.split(), strict=True):
            draw.text((x, y), token, fill=0, font=_font(36))
            left, top, right, bottom = draw.textbbox((x, y), token, font=_font(36))
            words.append(Word(seen, 88.0, (left, top, right - left, bottom - top), n))
            x = right + 14
    text = "\n".join(read for _, read in rows)
    return np.asarray(im).copy(), PageText(number=1, text=text, words=tuple(words), confidence=85.0,
                                           width=width, height=im.height)


def test_a_stamp_row_whose_clock_word_the_page_misread_is_read_again_real_tesseract():
    """The page read "puksil 08.105" for the printed "pukul 08.05": no date on the page; the row's re-readings
    read the stamp and vote the date in."""
    image, page = _render([("Perpustakaan Balangan - Beranda", "Perpustakaan Balangan - Beranda"),
                           ("05 Mei 2023 pukul 08.05", "05 Mei 2023 puksil 08.105"),
                           ("Kegiatan membaca bersama berjalan meriah.", "Kegiatan membaca bersama berjalan meriah.")])
    before = extract_metadata(page.text, page.words)
    assert not before.tanggal.present
    read = fieldread.reread_fields(image, page, IngestOptions(workers=1))
    after = fieldread.settle(before, page.text, [read])
    assert after.tanggal.value == "2023-05-05", read.steps[-1].details
