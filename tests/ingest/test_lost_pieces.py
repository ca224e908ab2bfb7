"""Lone cells of a table without rules (issue 15, ``ingest.cells.read_lost``): ink Tesseract's page
reading left out (a row number, a one-digit count, a year, a whole light column of a photo) or
misread as a lone unsure mark is read on its own crop and kept only when Tesseract is sure of it.

Fast tests draw a line of type and hand ``lost_pieces`` / ``read_lost`` the words "read" on it; the
slow ones run generated unruled tables through the real pipeline (Tesseract) and read them with the
archive's table reader."""
from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from archive.table_read import read_page
from ingest import pipeline
from ingest.cells import PAD, _mean, _read_pieces, ink_level, lost_pieces, read_lost
from ingest.model import Page, PageText, Word
from ingest.ocr import read_crop
from ingest.options import IngestOptions
from samples.capture import capture
from samples.layout import font_path
from samples.tables import table_page


def _line(items: list[tuple[int, str]], y: int = 60, ink: int = 0, size: int = 40,
          extra=None) -> tuple[np.ndarray, dict[str, tuple[int, int, int, int]]]:
    """A white page with ``items`` (x, text) written on one line in grey level ``ink``; the box
    ``(x, y, w, h)`` of each text."""
    image = Image.new("L", (1400, 400), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_path("serif", "reg"), size)
    boxes = {}
    for x, text in items:
        draw.text((x, y), text, font=font, fill=ink)
        x0, y0, x1, y1 = draw.textbbox((x, y), text, font=font)
        boxes[text] = (x0, y0, x1 - x0, y1 - y0)
    if extra:
        extra(draw)
    return np.array(image), boxes


def _words(boxes: dict, names: list[str], conf: float = 95.0) -> list[Word]:
    return [Word(text=n, conf=conf, box=boxes[n]) for n in names]


def test_a_lone_number_beside_read_words_is_a_lost_piece():
    grey, boxes = _line([(60, "7"), (200, "Siti Aminah"), (700, "Guru PAUD")])
    pieces = lost_pieces(grey, _words(boxes, ["Siti Aminah", "Guru PAUD"]), boxes["Siti Aminah"][3])
    assert len(pieces) == 1
    x0, y0, x1, y1 = pieces[0]
    bx, by, bw, bh = boxes["7"]
    assert x0 <= bx + bw / 2 <= x1 and y0 <= by + bh / 2 <= y1


def test_specks_signatures_and_ink_off_the_read_lines_are_no_pieces():
    def marks(draw):
        draw.ellipse((60, 70, 63, 73), fill=0)  # a speck
        draw.line((1000, 20, 1100, 160, 1150, 40, 1250, 170), fill=0, width=4)  # a signature, 3 lines tall
        draw.text((60, 260), "9", font=ImageFont.truetype(font_path("serif", "reg"), 40), fill=0)  # no read line there

    grey, boxes = _line([(200, "Siti Aminah"), (700, "Guru PAUD")], extra=marks)
    assert lost_pieces(grey, _words(boxes, ["Siti Aminah", "Guru PAUD"]), boxes["Siti Aminah"][3]) == []


def test_light_grey_type_of_a_photo_is_ink():
    """A photographed page's type is grey (here 150 on white): the ink level follows the words read,
    so the lone grey number is still found (a fixed level of 128 sees no ink at all)."""
    grey, boxes = _line([(60, "7"), (200, "Siti Aminah"), (700, "Guru PAUD")], ink=150)
    words = _words(boxes, ["Siti Aminah", "Guru PAUD"])
    assert 150 < ink_level(grey, words) < 255
    assert len(lost_pieces(grey, words, boxes["Siti Aminah"][3])) == 1


def _page_text(grey: np.ndarray, words: list[Word]) -> tuple[PageText, Page]:
    page = Page(number=1, image=grey, dpi=300)
    return PageText(number=1, text=" ".join(w.text for w in words), words=tuple(words), confidence=90.0,
                    width=grey.shape[1], height=grey.shape[0]), page


def test_read_lost_adds_the_lone_number_and_replaces_a_lone_misreading():
    grey, boxes = _line([(60, "4"), (200, "Siti Aminah"), (700, "Guru PAUD"), (1150, "12")])
    words = _words(boxes, ["Siti Aminah", "Guru PAUD"]) + [Word(text="»", conf=40.0, box=boxes["12"])]
    text, page = _page_text(grey, words)
    out = read_lost(text, page, IngestOptions())
    texts = [w.text for w in out.words]
    assert "4" in texts and "12" in texts and "»" not in texts
    assert "Siti Aminah" in texts and "Guru PAUD" in texts  # the page's own words untouched


def test_read_lost_keeps_a_sure_reading_and_adds_no_guess():
    grey, boxes = _line([(200, "Siti Aminah"), (700, "Guru PAUD")])
    words = _words(boxes, ["Siti Aminah", "Guru PAUD"])
    text, page = _page_text(grey, words)
    assert read_lost(text, page, IngestOptions()).words == text.words


def _piece_alone(grey: np.ndarray, box: tuple[int, int, int, int], scales: tuple[float, ...]) -> list[Word]:
    """One piece read the plain way: one Tesseract call per size, stopping at the first two that agree."""
    crop = grey[box[1]:box[3], box[0]:box[2]]
    readings: list[list[Word]] = []
    for scale in scales:
        big = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC) if scale != 1.0 else crop
        pad = int(PAD * scale)
        big = cv2.copyMakeBorder(big, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
        got = [w for w in read_crop(big, IngestOptions(), 7, dx=box[0] - PAD, dy=box[1] - PAD, scale=scale)
               if any(ch.isalnum() for ch in w.text)]
        agree = [r for r in readings if got and [w.text for w in r] == [w.text for w in got]]
        if agree:
            return max(agree + [got], key=_mean)
        readings.append(got)
    return []


def test_pieces_read_in_batches_read_as_each_size_read_alone():
    """``_read_pieces`` hands all pieces' first two sizes to one Tesseract process and the third only
    to the undecided ones: the words (texts, confidences, boxes) are those of one call per size."""
    grey, boxes = _line([(60, "4"), (200, "Siti Aminah"), (400, "Il"), (600, "rn"), (800, "0O"), (1000, "5S"),
                         (1150, ".,")], size=16)
    grey = cv2.GaussianBlur(grey, (5, 5), 0)  # small, soft type: the first two sizes disagree on some pieces
    height = boxes["Siti Aminah"][3]
    pieces = [(x - 4, y - 4, x + w + 4, y + h + 4) for x, y, w, h in boxes.values()]
    batched = _read_pieces(grey, pieces, height, IngestOptions())
    assert batched == [_piece_alone(grey, box, (1.0, 3.0, 2.0)) for box in pieces]
    assert any(batched)


def _rows(kind: str, seed: str, capture_kind: str, tmp_path):
    tp = table_page(kind, seed, ruled=False)
    c = capture([tp.image], capture_kind, random.Random(f"lost-{kind}-{capture_kind}-{seed}"))
    path = tmp_path / f"{kind}.{c.ext}"
    path.write_bytes(c.files[0])
    [page] = pipeline.ingest_file(path, IngestOptions()).pages
    return tp, [dict(r.cells) for r in read_page([w.to_json() for w in page.words], hint=kind).rows]


def _column(rows: list[dict], truth: list[dict], column: str) -> tuple[int, int]:
    """(cells of ``column`` read right, cells read wrong) over the truth rows, row by row."""
    got = [r.get(column) for r in rows]
    want = [t[column] for t in truth]
    assert len(got) == len(want)
    return sum(g == w for g, w in zip(got, want)), sum(g is not None and g != w for g, w in zip(got, want))


@pytest.mark.slow
def test_the_row_numbers_of_an_unruled_attendance_list_are_read(tmp_path):
    """Tesseract's page layout drops every lone row number of an unruled daftar hadir (0 of 6 read
    before ``read_lost``); now at most one stays empty (a lone "4" Tesseract reads as "A" at two
    sizes is no number, so the cell stays empty) and none is wrong."""
    tp, rows = _rows("hadir", 0, "clean_scan", tmp_path)
    right, wrong = _column(rows, tp.rows, "no")
    assert right >= len(tp.rows) - 1 and wrong == 0
    assert [r.get("nama") for r in rows] == [t["nama"] for t in tp.rows]


@pytest.mark.slow
def test_the_light_columns_of_a_photographed_book_list_are_read(tmp_path):
    """On a phone photo of an unruled book list whole columns of short grey cells (year, copies,
    row number) are left out by the page reading (none of them read before ``read_lost``)."""
    tp, rows = _rows("buku", 0, "phone_photo", tmp_path)
    for column in ("no", "tahun", "eksemplar", "pengarang"):
        right, wrong = _column(rows, tp.rows, column)
        assert right >= len(tp.rows) - 1 and wrong == 0, column
