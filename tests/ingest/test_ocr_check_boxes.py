"""A ruled form's check-box lists read by the page's reading (issue 13, realocr21): a lembar disposisi
whose items stand after empty check boxes.  Read with the boxes, Tesseract sized each row's letters by
the box and read the items' capitals as small letters ("DITINDAKLANJUTI" -> "omwoartanyuti") or lost
them; the table band is read with its check boxes made paper."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ingest import tables
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions
from samples.layout import get_font

LEFT = ["SEKRETARIS DESA", "KASI PEMERINTAHAN", "KASI KESEJAHTERAAN", "KASI PELAYANAN PUBLIK", "KAUR UMUM",
        "KAUR KEUANGAN"]
RIGHT = ["DIKETAHUI", "DITINDAKLANJUTI", "DIKOORDINASIKAN", "DIPROSES LEBIH LANJUT", "DITANGGAPI / SARAN",
         "DIWAKILI"]


def _disposition_form(ticked: set[int]) -> np.ndarray:
    """A 300 dpi form: a header row of two cells, then one cell per column listing items after check
    boxes (a little taller than the capitals), some ticked by pen."""
    image = Image.new("L", (2480, 1500), 255)
    draw = ImageDraw.Draw(image)
    left, mid, right, top, head, bottom = 150, 1240, 2330, 200, 300, 1250
    for y in (top, head, bottom):
        draw.line((left, y, right, y), fill=0, width=4)
    for x in (left, mid, right):
        draw.line((x, top, x, bottom), fill=0, width=4)
    font = get_font("sans", "reg", 40)
    draw.text((left + 20, top + 30), "DITERUSKAN KEPADA :", font=font, fill=15)
    draw.text((mid + 20, top + 30), "DENGAN HORMAT UNTUK :", font=font, fill=15)
    for column, (x0, items) in enumerate(((left + 80, LEFT), (mid + 80, RIGHT))):
        for k, item in enumerate(items):
            y = head + 60 + 140 * k
            draw.rectangle((x0, y - 12, x0 + 70, y + 48), outline=20, width=4)
            if (column, k) in ticked:
                draw.line((x0 + 10, y + 20, x0 + 28, y + 40), fill=30, width=5)
                draw.line((x0 + 28, y + 40, x0 + 80, y - 30), fill=30, width=5)
            draw.text((x0 + 110, y), item, font=font, fill=15)
    return np.asarray(image).copy()


def test_the_items_of_a_check_box_list_in_a_ruled_form_are_read_without_their_boxes():
    page = tables.find_tables(Page(1, _disposition_form({(0, 0), (1, 2)}), dpi=300))
    bands = tables.recorded_tables(page.steps)
    assert bands, "the form is a ruled table"
    text = read_page(page, IngestOptions(), tables=bands).text
    lines = text.splitlines()
    for item in LEFT + RIGHT:
        assert any(item in line for line in lines), (item, text)
    assert not any(ch.islower() for ch in text), text  # no capital read small beside a box


def test_a_band_without_check_boxes_is_read_unchanged():
    from ingest.ocr import _check_boxes_made_paper

    band = np.full((200, 800), 255, np.uint8)
    band[50:60, 100:700] = 0  # a rule remnant: no box
    assert _check_boxes_made_paper(band, 300, 30.0) is band


def test_a_hollow_shape_no_taller_than_the_pages_letters_is_no_check_box():
    """On a blurred low-resolution page a capital "D" before small letters ("Dinas") is a hollow
    square taller than its neighbours; a check box is also taller than the page's letters."""
    from ingest.ocr import _check_boxes_made_paper

    band = np.full((60, 300), 255, np.uint8)
    band[20:40, 30:48] = 0
    band[23:37, 33:45] = 255  # a hollow square 20 px high, 18 wide (0.14 inch at 141 dpi)
    for x in range(52, 200, 12):
        band[28:40, x:x + 8] = 0  # small letters, 12 px high, beside it
    assert not np.array_equal(_check_boxes_made_paper(band, 141, 12.0), band)  # letters 12 px: a box
    assert _check_boxes_made_paper(band, 141, 20.0) is band  # letters as tall as it: a capital
