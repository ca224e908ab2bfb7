"""Wrong numbers made empty and flagged by the kind of error (issues 17/13, eighteenth session): a classification
code that lost a leading digit ("41/453/…" for "041/453/…"), a lone stroke among a code's letters where Tesseract
doubted the number ("Bid.I.PP" for "Bid.LPP"), a wide letter read for two digits ("M0" beside "140"), a doubted
code letter ("Big") that the row read again reads otherwise. Letters drawn here as text, through the real
extractor and the real vote, and a rendered letter read by real Tesseract."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw
from test_fieldread import _record, font
from textwords import boxed_number_page

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import PageText, Word
from ingest.nomor import LONE_STROKE, SHORT_CODE, check_nomor, lone_stroke_in_code
from ingest.options import IngestOptions

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"
MAY = "9 Mei 2023"


def _letter(number: str, dated: str = "26 Juli 2023") -> str:
    return HEAD + f"Paringin, {dated}\nNOMOR : {number}\nSifat : Biasa\nHal : Undangan\n"


@pytest.mark.parametrize("number,short", [
    ("41/453/Dispersip/2023", True), ("90.1/219/Dispersip/2023", True),  # two digits before a sequence number
    ("041/453/Dispersip/2023", False), ("5/1/UMUM/IV/2024", False), ("12/3/2024", False), ("5.1/12/X/2023", False), ("000.4.7.1/46/Bid.LPP/DISPERSIP/IV/2024", False), ("443.39/271/3", False),
    ("35/PP-NI/SP/2023", False), ("9/KOM-BLB/SP/2025", False),  # a sequence number first: a code follows
    ("500/017", False), ("101/9/2025", False), ("2163/UN30/HK/2021", False)])
def test_a_classification_code_of_under_three_digits_is_told(number, short):
    assert (SHORT_CODE in check_nomor(number)) is short


def test_a_number_whose_classification_code_lost_a_digit_is_emptied_and_flagged():
    """A photocopy's crease erased the leading '0' of "041": "41/453/…" read sure (90) is no number of this kind
    of letter, and which digit was lost is not known, so the field is left empty and the document named."""
    got = extract_metadata(_letter("41/453/Dispersip/2023"),
                           [Word("41/453/Dispersip/2023", 90.0, (250, 300, 500, 40), 3)])
    assert not got.nomor.present
    assert any(r.startswith("nomor:") and SHORT_CODE in r for r in got.review)
    whole = extract_metadata(_letter("041/453/Dispersip/2023"),
                             [Word("041/453/Dispersip/2023", 90.0, (250, 300, 500, 40), 3)])
    assert whole.nomor.value == "041/453/Dispersip/2023"
    assert not any(r.startswith("nomor:") for r in whole.review)


@pytest.mark.parametrize("number,lone", [
    ("400.10/394/Bid.I.PP/DISPERSIP/V/2023", True), ("400.10/394/Bid.l-PP/DISPERSIP/V/2023", True),
    ("400.10/394/Bid.LPP/DISPERSIP/V/2023", False), ("e-0132/KI.03.01", False), ("B 771/ILMATE.3/IND/XI/2023", False),
    ("800/Disdik/1.3/2019/10720", False), ("35/SK/SDITMUH/X/2015", False), ("218/IV/2023", False)])
def test_a_lone_stroke_among_a_codes_letters_is_told(number, lone):
    assert lone_stroke_in_code(number) is lone


def test_a_doubted_number_with_a_lone_stroke_in_its_code_is_emptied_and_one_read_sure_is_kept():
    """A fax's "Bid.LPP" read "Bid.I.PP" at 72: the foot of the 'L' was read as a dot. Where Tesseract doubted
    the number, the lone stroke is a letter not read: empty and flagged; read sure, the same text is kept."""
    number = "400.10/394/Bid.I.PP/DISPERSIP/V/2023"
    doubted = extract_metadata(_letter(number, MAY), [Word(number, 72.0, (250, 300, 700, 40), 3)])
    assert not doubted.nomor.present
    assert any(r.startswith("nomor:") and LONE_STROKE in r for r in doubted.review)
    assert extract_metadata(_letter(number, MAY), [Word(number, 95.0, (250, 300, 700, 40), 3)]).nomor.value == number
    right = "400.10/394/Bid.LPP/DISPERSIP/V/2023"  # the right code doubted alike is kept (flagged no more than before)
    assert extract_metadata(_letter(right, MAY), [Word(right, 72.0, (250, 300, 700, 40), 3)]).nomor.value == right


def test_readings_agreeing_on_a_lone_stroke_in_a_code_do_not_fill_it():
    row = "NOMOR : 400.10/394/Bid.I.PP/DISPERSIP/V/2023"
    text = _letter("400.10/394/Bid.I.PP/DISPERSIP/V/2023", MAY)
    before = extract_metadata(text, [Word("400.10/394/Bid.I.PP/DISPERSIP/V/2023", 60.0, (250, 300, 700, 40), 3)])
    assert not before.nomor.present
    readings = [row] * 4
    values, votes = fieldread.vote([row, *readings])
    assert values["nomor"] == "400.10/394/Bid.I.PP/DISPERSIP/V/2023"  # the vote itself agrees ...
    line = fieldread.LineReading("nomor", row, tuple(readings), values, votes, 5, (70.0, 60.0, 72.0, 35.0)).to_json()
    assert not fieldread.settle(before, text, [_record([line])]).nomor.present  # ... the value is not taken


def test_a_wide_letter_read_for_two_digits_dissents_from_the_digits():
    """Three readings give "M0/138/…", two "140/138/…": the 'M' stands where "14" is printed, so the segment is
    one Tesseract cannot settle on and no number is voted; readings that all agree still settle it."""
    m0, digits = "No. : M0/138/Pem-DS-PWH/2025", "No. : 140/138/Pem-DS-PWH/2025"
    values, _ = fieldread.vote([m0, m0, digits, m0, digits])
    assert "nomor" not in values
    assert fieldread.vote([digits, digits, digits])[0]["nomor"] == "140/138/Pem-DS-PWH/2025"


# ---------------------------------------------------------------- a doubted number's code letter read again

MIXED = "000.4.7.1/147/Dispersip-Blg/VI/2024"


def _mixed_letter() -> tuple[np.ndarray, dict[str, tuple[int, int, int, int]]]:
    """A clean letter head whose number has a mixed-case unit code ("Dispersip-Blg"); the page and word boxes."""
    im = Image.new("L", (2000, 700), 255)
    draw = ImageDraw.Draw(im)
    boxes: dict[str, tuple[int, int, int, int]] = {}
    rows = [("DINAS PERPUSTAKAAN", 160, 120, 44), ("Nomor", 160, 300, 36), (":", 360, 300, 36), (MIXED, 400, 300, 36),
            ("Paringin, 12 Juni 2024", 1300, 400, 40), ("Hal : Undangan", 160, 500, 40)]
    for text, x, y, size in rows:
        draw.text((x, y), text, fill=0, font=font(size))
        left, top, right, bottom = draw.textbbox((x, y), text, font=font(size))
        boxes[text] = (left, top, right - left, bottom - top)
    return np.asarray(im).copy(), boxes


def _mixed_page(boxes: dict, nomor_read: str, conf: float) -> PageText:
    return boxed_number_page(boxes, "DINAS PERPUSTAKAAN", "Nomor", MIXED, nomor_read, conf,
                             ("Paringin, 12 Juni 2024", "Hal : Undangan"))


def test_a_doubted_code_letter_the_row_reads_otherwise_empties_the_number():
    """The page read "Dispersip-Big" and Tesseract doubted it (74): the row, read again from the page (real
    Tesseract on a clean print), reads "Blg", so the letter is one the readings split on, and the number is
    left empty and flagged rather than wrong. Read "Blg" by the page, doubted alike, it is kept."""
    page, boxes = _mixed_letter()
    wrong = MIXED.replace("Blg", "Big")
    text = _mixed_page(boxes, wrong, 74.0)
    before = extract_metadata(text.text, text.words)
    assert before.nomor.value == wrong
    read = fieldread.reread_fields(page, text, IngestOptions(workers=1))
    checked = [ln for s in read.steps if s.stage == fieldread.STAGE for ln in s.details["lines"]
               if ln["field"] == fieldread.NOMOR_CHECKED]
    assert checked, "the doubted number's row is read again"
    after = fieldread.settle(before, text.text, [read])
    assert not after.nomor.present, checked[0]["readings"]
    assert any(fieldread.NOMOR_REREAD_DISSENT in r for r in after.review)

    right = _mixed_page(boxes, MIXED, 74.0)
    kept = extract_metadata(right.text, right.words)
    again = fieldread.settle(kept, right.text, [fieldread.reread_fields(page, right, IngestOptions(workers=1))])
    assert again.nomor.value == MIXED


def test_a_sure_number_is_not_read_again_for_its_letters():
    page, boxes = _mixed_letter()
    text = _mixed_page(boxes, MIXED, 95.0)
    read = fieldread.reread_fields(page, text, IngestOptions(workers=1))
    assert not any(ln["field"] == fieldread.NOMOR_CHECKED for s in read.steps if s.stage == fieldread.STAGE
                   for ln in s.details["lines"])


@pytest.mark.parametrize("row,number_row", [
    ("Nomor watak Balarigan bawa Kepada", False), ("Nomor laporan kegiatan", False),  # prose after the label word
    ("NOMOR : 000.4.6.3/324/Bid.LPP/DISPERSIP/VI/2024", True), ("NOMOR 900.1/365/Dispersip/2025", True),
    ("Nomor :", True), ("Nomor : watak", True),  # a colon: the label of a row whose value was lost or misread
    ("No. : 041/326/Dispersip/2023", True)])
def test_a_label_word_followed_by_prose_is_no_number_row(row, number_row):
    """On a phone photo the page reading gave "Nomor watak Balarigan …" (body words read in a shadow) above the
    letter's own "NO. : …" row: the row read again must be the number's, not the prose line's."""
    words = [Word(t, 90.0, (100 + 120 * i, 300, 110, 40), 5) for i, t in enumerate(row.split())]
    assert fieldread._nomor_line(words) is number_row


@pytest.mark.parametrize("row,number_row", [
    ("No. Nama Jabatan Tanda Tangan", False), ("NO Judul Buku Pengarang Jumlah", False),  # a table's column heads
    ("No Hari Tanggal Tempat", False),
    ("Nomor 045 Dispersip", True), ("No. O4S/Dispersip-Blg", True),  # a number OCR kept part of: digits or a slash
    ("Nomor", True)])  # the label alone: its number may be on the paper still
def test_a_tables_column_heads_are_no_number_row(row, number_row):
    """A schedule's or list's heading row starts with "No." like a letter's number row; with only words of letters
    after it, no digit, colon or slash, it is a table's heading: reading it again (several Tesseract runs per row)
    can give no number (speed18 measured ~1 CPU-s per table page spent so)."""
    words = [Word(t, 90.0, (100 + 120 * i, 300, 110, 40), 5) for i, t in enumerate(row.split())]
    assert fieldread._nomor_line(words) is number_row
