"""A number block whose "Nomor" row has no colon, above the Sifat/Lampiran/Hal rows of the label block.

Letters print the block's colons in a column of their own (or leave them out), and OCR loses them; a form left
blank for the sequence number then reads "Nomor /IV/2023" or "Nomor 005/ 27 -Kesra" (a space where the number
was written in). Such a row was skipped ("tidak ada label Nomor"): neither an incomplete number to flag nor a whole
one to take. It is now found as the block's first row (``metadata._heads_label_block``), and every word of its
value is weighed as the digits are, since handwriting read as letters ("005 / Out") is the usual content of such a
blank. Every snippet and page is written for this test.
"""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import encode, font
from PIL import Image, ImageDraw

from ingest.metadata import COLON_LOST, extract_metadata
from ingest.model import Word
from ingest.options import IngestOptions
from ingest.pipeline import ingest_file

KOP = "PEMERINTAH KABUPATEN HULU SUNGAI TENGAH\nKECAMATAN BATANG ALAI SELATAN\nJl. Merdeka No. 12 Birayang\n"


def letter(number_row: str, colons: bool = False) -> str:
    c = " :" if colons else ""
    return (KOP + "Birayang, 14 Maret 2024\n" + number_row + f"\nSifat{c} Biasa\nLampiran{c} -\n"
            f"Perihal{c} Undangan Rapat Koordinasi\n\nYth. Kepala Desa se-Kecamatan\ndi Tempat\n")


def words(text: str, weak: dict[str, float] | None = None) -> list[Word]:
    weak = weak or {}
    return [Word(t, weak.get(t, 93.0), (10 * i, 0, 9, 10)) for i, t in enumerate(text.split())]


def test_a_colonless_number_row_over_the_label_block_is_taken():
    text = letter("Nomor 400/ 27 -Kesra")
    md = extract_metadata(text, words(text))
    assert md.nomor.value == "400/27-Kesra", md.nomor.reason
    assert COLON_LOST in md.nomor.reason


def test_a_blank_left_for_the_number_is_flagged_incomplete():
    text = letter("Nomor /III/2024")
    md = extract_metadata(text, words(text))
    assert md.nomor.value is None
    assert any("tidak lengkap di cetakan" in r for r in md.review), md.review


@pytest.mark.parametrize("weak", [{"Rsk": 41.0}, {"Rsk": 84.0}])
def test_a_letter_word_read_unsure_empties_it(weak):
    # handwriting in the blank read as letters: a word without a figure counts as the digits do
    text = letter("Nomor 400 / Rsk")
    md = extract_metadata(text, words(text, weak))
    assert md.nomor.value is None
    assert "OCR ragu pada 'Rsk'" in md.nomor.reason


@pytest.mark.parametrize("text", [
    # no label block below the row: a colonless "Nomor" elsewhere is not the letter's number
    KOP + "Birayang, 14 Maret 2024\nNomor 400/ 27 -Kesra\n\nYth. Kepala Desa se-Kecamatan\ndi Tempat\n"
    "Dengan hormat, bersama ini kami sampaikan undangan rapat koordinasi.\n",
    # a value with no figure in it
    letter("Nomor Surat / Kesra"),
    # a label only like Nomor
    letter("Nomor 400/ 27 -Kesra").replace("Nomor 400", "Nomer 400"),
    # running text after the label: a number's codes are capitalised
    letter("Nomor 2 / 5 berkas dilampirkan"),
])
def test_other_colonless_rows_are_not_taken(text):
    md = extract_metadata(text, words(text))
    assert md.nomor.value is None


def test_a_row_taken_before_keeps_its_weighing():
    # a structured number without its colon was taken before: its letters still do not count against it
    text = letter("Nomor 400/27/Kesra/2024")
    md = extract_metadata(text, words(text, {"400/27/Kesra/2024": 93.0}))
    assert md.nomor.value == "400/27/Kesra/2024" and COLON_LOST not in md.nomor.reason


# ---------------------------------------------------------------- a rendered page, read by Tesseract

def _page(number_value: str) -> bytes:
    """A letter head at 200 dpi whose label block prints labels and values in two columns, with no colons."""
    size, x_label, x_value = 34, 150, 470
    im = Image.new("RGB", (1654, 1300), "white")
    draw = ImageDraw.Draw(im)
    y = 90
    for line in KOP.strip().splitlines():
        draw.text((150, y), line, fill=(15, 15, 15), font=font(size + 4, bold=True))
        y += int(size * 1.7)
    draw.line((150, y, 1500, y), fill=(15, 15, 15), width=4)
    y += 50
    draw.text((1000, y), "Birayang, 14 Maret 2024", fill=(15, 15, 15), font=font(size))
    y += int(size * 2.2)
    for label, value in (("Nomor", number_value), ("Sifat", "Biasa"), ("Lampiran", "-"),
                         ("Perihal", "Undangan Rapat Koordinasi")):
        draw.text((x_label, y), label, fill=(15, 15, 15), font=font(size))
        draw.text((x_value, y), value, fill=(15, 15, 15), font=font(size))
        y += int(size * 1.7)
    y += 40
    for line in ("Yth. Kepala Desa se-Kecamatan", "di Tempat", "",
                 "Dengan hormat, bersama ini kami mengundang Saudara untuk hadir",
                 "pada rapat koordinasi pelayanan perpustakaan desa."):
        draw.text((150, y), line, fill=(15, 15, 15), font=font(size))
        y += int(size * 1.7)
    return encode(np.asarray(im)[:, :, ::-1].copy(), "PNG", dpi=(200, 200))


@pytest.mark.slow
def test_a_rendered_block_without_colons_gives_its_number(tmp_path):
    path = tmp_path / "surat.png"
    path.write_bytes(_page("400/ 27 -Kesra"))
    md = ingest_file(path, IngestOptions(workers=1)).metadata
    assert md.nomor.value == "400/27-Kesra", md.nomor.reason


@pytest.mark.slow
def test_a_rendered_blank_form_is_flagged_incomplete(tmp_path):
    path = tmp_path / "surat.png"
    path.write_bytes(_page("400/       -Kesra"))
    md = ingest_file(path, IngestOptions(workers=1)).metadata
    assert md.nomor.value is None
    assert any("tidak lengkap di cetakan" in r for r in md.review), (md.nomor.reason, md.review)


# ---------------------------------------------------------------- a blank form whose readings build a number

def _settled_blank(page_line: str, readings: list[str], witness: list[str], sharpened: list[str]):
    from test_fieldread import _record

    from ingest import fieldread

    text = letter(page_line, colons=True)
    metadata = extract_metadata(text, words(text, {page_line.split()[-1]: 49.0}))  # the page's reading, doubted
    assert not metadata.nomor.present
    rows = [page_line, *readings]
    values, votes = fieldread.vote(rows)
    line = fieldread.LineReading("nomor", page_line, tuple(readings), values, votes, len(rows),
                                 witness=tuple(witness), sharpened=tuple(sharpened)).to_json()
    return fieldread.settle(metadata, text, [_record([line])])


# The month's strokes and the form's '/' read as figures by some readings, as what they are by others
BLANK_PAGE = "Nomor : 1111/2024"
BLANK_READINGS = ["Nomor : 1411/2024", "Nomor : 1111/2024", "Nomor : 1111/2024"]
BLANK_WITNESS = ["Nomor : /111/2024", "Nomor : 1111/2024", "Nomor : /1I1/2024"]
BLANK_SHARPENED = ["Nomor : 1111/2024", "Nomor : /111/2024", "Nomor : 1411/2024", "Nomor : 1111/2024"]


def test_readings_that_see_the_blank_stop_the_character_vote():
    after = _settled_blank(BLANK_PAGE, BLANK_READINGS, BLANK_WITNESS, BLANK_SHARPENED)
    assert after.nomor.value is None, after.nomor.reason
    assert any("tidak lengkap di cetakan menurut bacaan ulang" in r for r in after.review), after.review


def test_one_reading_with_a_blank_does_not():
    # a lost figure in one reading is no form: the vote runs as before (here it settles on the figures)
    witness = ["Nomor : 1111/2024", "Nomor : 1111/2024", "Nomor : /1I1/2024"]
    sharpened = ["Nomor : 1111/2024", "Nomor : 1111/2024", "Nomor : 1411/2024", "Nomor : 1111/2024"]
    after = _settled_blank(BLANK_PAGE, BLANK_READINGS, witness, sharpened)
    assert after.nomor.value == "1111/2024", after.nomor.reason
    assert not any("menurut bacaan ulang baris nomor" in r for r in after.review), after.review


@pytest.mark.slow
def test_a_rendered_blank_before_a_roman_month_gives_no_number(tmp_path):
    # Tesseract reads the blank's '/' and "III" as "1111" on the page: before, the row's readings were voted into
    # "1111/2024" and taken at 0.82
    path = tmp_path / "surat.png"
    path.write_bytes(_page("         /III/2024"))
    md = ingest_file(path, IngestOptions(workers=1)).metadata
    assert md.nomor.value is None, md.nomor.reason
