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
