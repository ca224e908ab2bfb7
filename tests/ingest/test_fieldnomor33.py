"""A number's figure the page read while Tesseract doubted it, read otherwise by the row's re-readings (fieldnomor33).

A fax's coarse rows leave a figure's stroke half there: the page reading gives "400.11/…" at 84 for the printed
"400.14/…", and nothing else on the page says it is wrong. The row read again from the page (real Tesseract, several
binarisations) gives the printed figure: the number is one Tesseract cannot settle on, and is emptied and flagged
(``fieldread._figure_dissent``) rather than shown as read. The page's value read alike by the row is kept; a code
with no thin letter is read again as well (the check is about the doubted figures, not the code's letters).
"""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw
from test_fieldread import font
from textwords import boxed_number_page

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import PageText, StageRecord, Word
from ingest.options import IngestOptions

SIZE = 36


def _fax(number: str) -> tuple[np.ndarray, dict[str, tuple[int, int, int, int]]]:
    """A letter head with ``number`` on its "No. :" row, as a standard-resolution fax gives it: every other pixel
    row dropped and the one kept doubled, then cut to black and white; the page and the words' boxes."""
    im = Image.new("L", (2000, 700), 255)
    draw = ImageDraw.Draw(im)
    boxes: dict[str, tuple[int, int, int, int]] = {}
    rows = [("KELURAHAN PADANG SAGO", 160, 120, 44), ("No.", 160, 300, SIZE), (":", 260, 300, SIZE),
            (number, 290, 300, SIZE), ("Padang Sago, 15 April 2024", 1200, 400, 40), ("Perihal : Permohonan", 160, 500, 40)]
    for text, x, y, size in rows:
        draw.text((x, y), text, fill=0, font=font(size))
        left, top, right, bottom = draw.textbbox((x, y), text, font=font(size))
        boxes[text] = (left, top, right - left, bottom - top)
    grey = np.asarray(im, dtype=np.uint8)
    coarse = np.repeat(grey[::2], 2, axis=0)[: grey.shape[0]]
    return np.where(coarse > 137, 255, 0).astype(np.uint8), boxes


def _page(boxes: dict, number: str, read: str, conf: float) -> PageText:
    """The page as its own reading gave it: the number row's value read ``read`` at ``conf``."""
    return boxed_number_page(boxes, "KELURAHAN PADANG SAGO", "No.", number, read, conf,
                             ("Padang Sago, 15 April 2024", "Perihal : Permohonan"))


def _settled(number: str, read: str, conf: float = 84.0):
    page, boxes = _fax(number)
    text = _page(boxes, number, read, conf)
    before = extract_metadata(text.text, text.words)
    again = fieldread.reread_fields(page, text, IngestOptions(workers=1))
    checked = [ln for s in again.steps if s.stage == fieldread.STAGE for ln in s.details["lines"]
               if ln["field"] == fieldread.NOMOR_CHECKED]
    return before, fieldread.settle(before, text.text, [again]), checked


@pytest.mark.parametrize("number", ["400.14/008/Kel-PS/IV/2024", "400.14/008/SEK-DS/IV/2024"])
def test_a_doubted_figure_the_row_reads_otherwise_empties_the_number(number):
    wrong = number.replace("400.14", "400.11")
    before, after, checked = _settled(number, wrong)
    assert before.nomor.value == wrong  # the page's reading alone gives the wrong figure
    assert checked, "the doubted number's row is read again"
    assert any("400.14/" in r for r in checked[0]["readings"]), checked[0]["readings"]
    assert not after.nomor.present
    assert any(r.startswith("nomor:") and fieldread.NOMOR_FIGURE_DISSENT in r for r in after.review)


@pytest.mark.parametrize("number", ["400.14/008/Kel-PS/IV/2024", "400.14/008/SEK-DS/IV/2024"])
def test_a_doubted_number_the_row_reads_alike_is_kept(number):
    before, after, checked = _settled(number, number)
    assert checked and all("400.14/" in r for r in checked[0]["readings"]), checked
    assert after.nomor.value == number
    assert not any(fieldread.NOMOR_FIGURE_DISSENT in r for r in after.review)


def test_a_number_read_sure_is_not_read_again():
    number = "400.14/008/SEK-DS/IV/2024"
    _, after, checked = _settled(number, number.replace("400.14", "400.11"), conf=95.0)
    assert not checked
    assert after.nomor.value == number.replace("400.14", "400.11")  # nothing to weigh it against: as read


def _written(value: str, readings: list[str], conf: float = 70.0):
    """Metadata whose number is ``value`` doubted, and a page recording its row read again as ``readings``."""
    row = f"No. : {value}"
    metadata = extract_metadata(_text(row), [Word(value, 84.0, (300, 300, 600, 40), 1)])
    values, votes = fieldread.vote([row, *readings])
    line = fieldread.LineReading(fieldread.NOMOR_CHECKED, row, tuple(readings), values, votes, 1 + len(readings),
                                 tuple(conf for _ in readings)).to_json()
    page = PageText(number=1, text="", words=(), confidence=90.0, width=100, height=100,
                    steps=(StageRecord(fieldread.STAGE, 1.0, {"wanted": [], "lines": [line]}),))
    return metadata, fieldread.settle(metadata, _text(row), [page])


def _text(row: str) -> str:
    return f"KELURAHAN PADANG SAGO\n{row}\nPadang Sago, 15 April 2024\n"


def test_a_dot_read_otherwise_is_no_figure_in_doubt():
    value = "000.4.6.2/335/Kel-PS/IV/2024"
    _, after = _written(value, [f"No. : {value.replace('000.4.6.2', '000.46.2')}", f"No. : {value}"])
    assert after.nomor.value == value
    assert not any(fieldread.NOMOR_FIGURE_DISSENT in r for r in after.review)


def test_a_letter_read_otherwise_is_left_to_the_letters_rule():
    value = "400.14/008/SEK-DS/IV/2024"
    _, after = _written(value, [f"No. : {value.replace('SEK', 'SFK')}"] * 2)
    assert after.nomor.value == value
    assert not any(fieldread.NOMOR_FIGURE_DISSENT in r for r in after.review)


def test_one_dissent_among_many_agreeing_readings_keeps_the_number_flagged():
    """The confidence is scaled by the share of readings that give the page's value: one other figure among eight
    readings leaves it above the threshold, shown, lowered and named for review; two empty it."""
    value = "400.14/008/SEK-DS/IV/2024"
    other = f"No. : {value.replace('400.14', '400.11')}"
    before, kept = _written(value, [f"No. : {value}"] * 6 + [other])
    assert kept.nomor.value == value
    assert kept.nomor.confidence < before.nomor.confidence
    assert any(r.startswith("nomor:") and fieldread.NOMOR_FIGURE_DISSENT in r for r in kept.review)
    _, emptied = _written(value, [f"No. : {value}"] * 6 + [other] * 2)
    assert not emptied.nomor.present
