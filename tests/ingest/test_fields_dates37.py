"""Letter dates on messenger photos and photocopies (issue 17, dates37): a signature's place-date whose day, month
and year the page's words hold while the page's text kept only its place ("Paringin,"): the row read again
stands in for that line. Pages are generated here (real Tesseract), not taken from any set."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import FONT_DIRS
from PIL import Image, ImageDraw, ImageFont

from ingest import daterows, fieldread
from ingest.metadata import extract_metadata
from ingest.model import PageText, Word
from ingest.options import IngestOptions


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIRS[0] / "LiberationSans-Regular.ttf"), size)


def _render(rows: list[str], text: str, width: int = 1600) -> tuple[np.ndarray, PageText]:
    """A page of ``rows`` printed 70 px apart, its words read as printed, and ``text`` as the page's text."""
    im = Image.new("L", (width, 160 + 70 * len(rows) + 300), 255)
    draw = ImageDraw.Draw(im)
    words: list[Word] = []
    for n, printed in enumerate(rows):
        x, y = 120 if n < len(rows) - 3 else 900, 100 + 70 * n
        for token in printed.split():
            draw.text((x, y), token, fill=0, font=_font(34))
            left, top, right, bottom = draw.textbbox((x, y), token, font=_font(34))
            words.append(Word(token, 90.0, (left, top, right - left, bottom - top), n))
            x = right + 14
    image = np.asarray(im.filter(__import__("PIL.ImageFilter", fromlist=["x"]).GaussianBlur(1.2))).copy()
    return image, PageText(number=1, text=text, words=tuple(words), confidence=85.0, width=width, height=im.height)


_BODY = ["DAFTAR BUKU PENYALURAN PROGRAM BuRT", "1 Ronggeng Dukuh Paruk Gramedia 2011 5",
         "2 Budidaya Tiram Penebar Swadaya 2014 5", "3 Padi Sawah Tadah Hujan Kanisius 2013 4"]


def test_a_signature_date_the_text_kept_only_the_place_of_is_read_again_real_tesseract():
    rows = [*_BODY, "Paringin, 18 Juli 2023", "Kepala Bidang Layanan", "Syarifuddin, S.Kom."]
    text = "\n".join(_BODY) + "\n\nParingin,\n\nKepala Bidang Layanan\nSyarifuddin, S.Kom."
    image, page = _render(rows, text)
    before = extract_metadata(page.text, page.words)
    assert not before.tanggal.present
    read = fieldread.reread_fields(image, page, IngestOptions(workers=1))
    after = fieldread.settle(before, page.text, [read])
    assert after.tanggal.value == "2023-07-18", read.steps[-1].details


@pytest.mark.parametrize(("lines", "row"), [
    (["Paringin,", "Kepala", "Paringin,"], "Paringin, 18 Juli 2023"),  # two lines are the place alone: which?
    (["Paringin,", "Kepala"], "Paringin, 18 Juli"),  # no year on the row: no date to stand in
    (["Kepala,", "Dinas"], "Kepala, bidang layanan perpustakaan 2023"),  # no place and date: words
    (["Kepala,", "Dinas"], "Kepala, 12 orang hadir 2023"),  # no month word after the figures
    (["Paringin, Kabupaten", "Kepala"], "Paringin, 18 Juli 2023"),  # no line is the place alone
])
def test_no_line_is_taken_for_a_place_date_row_but_its_place_alone(lines, row):
    assert daterows.place_only_line(lines, row.split()) == []
    assert fieldread._put_line("\n".join(lines), row, "X", dated=True) == "\n".join(lines)


def test_the_place_alone_line_is_found():
    assert daterows.place_only_line(["A", "Paringin,", "B"], "Paringin, 18 Juli 2023".split()) == [1]
    assert fieldread._put_line("A\nParingin,\nB", "Paringin, 18 Juli 2023", "X", dated=True) == "A\nX\nB"
    assert fieldread._put_line("A\nParingin,\nB", "Paringin, 18 Juli 2023", "X") == "A\nParingin,\nB"  # no date row
