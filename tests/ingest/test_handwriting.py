"""Pen writing on a printed page stays out of the page text; printed words, a big heading
among them, stay in."""
from __future__ import annotations

import cv2
import numpy as np
from pagegen import font
from PIL import Image, ImageDraw

from ingest.ink import letter_strokes
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions

BODY = ("Tanggal masuk surat dan nomor agenda dicatat",
        "oleh petugas arsip pada buku agenda masuk.",
        "Lembar ini dikembalikan kepada bagian umum",
        "setelah disposisi selesai dikerjakan.")
HEADING = "LEMBAR DISPOSISI"
PEN = "Mohon proses besok sore"


def pen_line(grey: np.ndarray, text: str, x: int, y: int, size: int, seed: int) -> None:
    """``text`` written with a thin pen: letters about twice the body's height whose strokes are
    thinned to the body's width (a font's strokes grow with its size, a pen's do not), drawn one
    by one, each a little up or down off the line (a hand's baseline wanders). Tesseract reads
    it well (confidence 80-96)."""
    rng = np.random.default_rng(seed)
    im = Image.new("L", (grey.shape[1], grey.shape[0]), 255)
    draw = ImageDraw.Draw(im)
    face = font(size)
    for i, ch in enumerate(text):
        draw.text((x, y + (-1) ** i * int(rng.integers(3, 6))), ch, fill=20, font=face)
        x += int(draw.textlength(ch, font=face)) + 4
    thin = cv2.dilate(np.asarray(im), np.ones((3, 3), np.uint8))  # paper grows into the strokes
    np.minimum(grey, thin, out=grey)


def page_with_pen(seed: int = 1) -> np.ndarray:
    im = Image.new("L", (2400, 1500), 255)
    draw = ImageDraw.Draw(im)
    draw.text((150, 100), HEADING, fill=20, font=font(84, bold=True))
    y = 300
    for line in BODY[:2]:
        draw.text((150, y), line, fill=20, font=font(42))
        y += 70
    grey = np.asarray(im).copy()
    pen_line(grey, PEN, 150, y + 60, 100, seed)
    im = Image.fromarray(grey)
    draw = ImageDraw.Draw(im)
    y += 300
    for line in BODY[2:]:
        draw.text((150, y), line, fill=20, font=font(42))
        y += 70
    return np.asarray(im).copy()


def ink_box(grey: np.ndarray, y0: int, y1: int) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(grey[y0:y1] < 128)
    return int(xs.min()), int(ys.min()) + y0, int(xs.max() - xs.min()) + 1, int(ys.max() - ys.min()) + 1


def test_pen_letters_are_thin_for_their_size_and_wander_print_is_level():
    grey = np.full((400, 1600), 255, np.uint8)
    im = Image.fromarray(grey)
    ImageDraw.Draw(im).text((40, 40), "Kearsipan", fill=20, font=font(84, bold=True))
    grey = np.asarray(im).copy()
    pen_line(grey, "Kearsipan", 40, 230, 90, 4)
    printed = letter_strokes(grey, ink_box(grey, 0, 200))
    pen = letter_strokes(grey, ink_box(grey, 200, 400))
    assert printed[0] >= 3 and pen[0] >= 3
    assert printed[3] == 0, printed  # printed letters sit on one baseline
    assert pen[3] is not None and pen[3] >= 0.2, pen
    assert pen[2] / pen[1] < 0.85 * printed[2] / printed[1], (printed, pen)  # thinner strokes for the height


def test_pen_writing_left_out_of_the_page_text_print_kept():
    page = Page(1, page_with_pen(), dpi=300)
    text = read_page(page, IngestOptions())
    record = next(s for s in text.steps if s.stage == "ocr")
    assert record.details.get("handwriting_words", 0) >= 2, (record.details, text.text)
    for line in BODY:
        for word in line.split():
            assert word in text.text, (word, text.text)
    assert "LEMBAR" in text.text and "DISPOSISI" in text.text  # a big printed heading is print
    read = [w.text.strip(".,").casefold() for w in text.words]
    assert sum(w in read for w in ("mohon", "proses", "besok", "sore")) <= 1, text.text  # an unsure one may stay


FORM_ROWS = (("Surat Dari", "TP PKK DESA"), ("Nomor surat", "12 PKK KEC"), ("Tanggal surat", "6 JULI 2020"))
FORM_BODY = ("Lembar ini diisi oleh petugas arsip pada saat surat diterima",
             "dan dikembalikan kepada bagian umum setelah selesai dikerjakan.")


def filled_form(value_size: int, style: str = "pen") -> np.ndarray:
    """A 300 dpi form: printed labels with their colons (42 px type) and, after each colon, a value
    at ``value_size`` px sitting on the label's baseline. ``style`` "pen": the value's strokes a
    pixel thinner (paper grown into them, as ``pen_line``), about as thick for their height as the
    type's, a firm ballpoint: neither clearly thinner than print nor off its baseline, so only its
    size against the print of its own line tells it from type; "type" or "bold": set in type."""
    im = Image.new("L", (2400, 1400), 255)
    draw = ImageDraw.Draw(im)
    draw.text((150, 80), HEADING, fill=20, font=font(84, bold=True))
    values = Image.new("L", im.size, 255)
    written = ImageDraw.Draw(values)
    y = 260
    for line in FORM_BODY:
        draw.text((150, y), line, fill=20, font=font(42))
        y += 70
    y += 60
    for label, value in FORM_ROWS:
        draw.text((150, y), label, fill=20, font=font(42))
        draw.text((560, y), ":", fill=20, font=font(42))
        # the value's baseline on the label's: its top higher by the difference in size
        written.text((620, y - int(0.8 * (value_size - 42))), value, fill=20, font=font(value_size, bold=style == "bold"))
        draw.text((1500, y), "Sifat surat biasa", fill=20, font=font(42))
        y += 150
    ink = np.asarray(values)
    if style == "pen":
        ink = cv2.dilate(ink, np.ones((2, 2), np.uint8))
    return np.minimum(np.asarray(im), ink)


def test_a_value_written_bigger_than_its_rows_print_is_left_out_labels_kept():
    text = read_page(Page(1, filled_form(66), dpi=300), IngestOptions())
    for label, _ in FORM_ROWS:
        assert label in text.text, text.text
    for line in FORM_BODY:
        for word in line.split():
            assert word in text.text, (word, text.text)
    assert "LEMBAR" in text.text and "DISPOSISI" in text.text
    read = {w.text.strip(".,:").casefold() for w in text.words}
    written = {v.casefold() for _, value in FORM_ROWS for v in value.split()}
    assert len(written & read) <= 1, text.text  # the written values are gone (one may survive as unsure)


def test_values_in_the_rows_type_size_or_set_bold_and_big_stay():
    for size, style in ((42, "type"), (66, "bold")):
        text = read_page(Page(1, filled_form(size, style), dpi=300), IngestOptions())
        joined = "".join(text.text.split())
        for _, value in FORM_ROWS:  # Tesseract may split a big word in two ("DE SA"): compare unspaced
            assert "".join(value.split()) in joined, (size, style, value, text.text)
