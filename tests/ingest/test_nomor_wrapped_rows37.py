"""Issue 17: a number broken after a slash onto the next line, on degraded captures (rows37).

In the held-out layout with the number block beside the addressee, a long number breaks after one of its slashes
("000.4.7.1/267/Bid.LPP/" + "DISPERSIP/III/2024"). On a degraded capture the page reading rarely gives the two
pieces in order (a blank line, the rest read after the addressee column's words, or a piece read with low
confidence), and the row's re-reader saw only the first piece: 9 of 10 such numbers stayed empty. The row under
the first piece, in the number's column only, is now read on its own under the re-reader's binarisations and both
models (``nomorwrap.read_rest``); each piece is taken when enough readings give it and hardly any gives another
number the letter's date allows, and the whole number is checked against the date (``nomorwrap.wrapped_by_rows``).
Such a number is shown to a clerk. A rest no reading gives leaves the number empty and flagged, as before.
"""
from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw
from test_fieldread import font

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Field, PageText, Word
from ingest.nomorwrap import WRAPPED_REVIEW, rest_band, wrapped_by_rows
from ingest.options import IngestOptions
from ingest.pipeline import ingest_file
from samples import degrade

SIZE = 36
PIECE, REST = "000.4.7.1/267/Bid.LPP/", "DISPERSIP/III/2024"
ROWS = [("DINAS PERPUSTAKAAN DAN KEARSIPAN", 160, 100), ("Paringin, 18 Maret 2024", 1200, 200),
        ("NOMOR", 160, 300), (":", 330, 300), (PIECE, 370, 300), ("Kepada Yth. Camat Juai", 1000, 300),
        (REST, 370, 350), ("di-", 1000, 350), ("Lampiran", 160, 420), (": -", 330, 420),
        ("Perihal", 160, 480), (": Undangan Rapat", 330, 480)]


def _capture(blot: bool) -> tuple[np.ndarray, dict[str, tuple[int, int, int, int]]]:
    """The letter's head block rendered, blurred, noised and JPEG-compressed as the generator's captures do (with
    ``blot``, the rest's row under an ink smear); the image and the rendered rows' boxes."""
    im = Image.new("L", (1800, 600), 255)
    draw = ImageDraw.Draw(im)
    boxes: dict[str, tuple[int, int, int, int]] = {}
    for text, x, y in ROWS:
        draw.text((x, y), text, fill=0, font=font(SIZE))
        left, top, right, bottom = draw.textbbox((x, y), text, font=font(SIZE))
        boxes[text] = (left, top, right - left, bottom - top)
    if blot:
        x, y, w, h = boxes[REST]
        draw.rectangle((x - 10, y - 8, x + w + 10, y + h + 8), fill=40)
    arr = np.asarray(im, dtype=np.float32)
    arr = degrade.blur(arr, {"model": "gaussian", "strength": 1.3})
    arr = degrade.noise(arr, {"model": "gaussian", "sigma": 9.0}, np.random.default_rng(37))
    data = degrade.jpeg(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), 45)
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE), boxes


def _words(boxes: dict, row: str, line: int, text: str | None = None, conf: float = 95.0) -> list[Word]:
    x, y, w, h = boxes[row]
    parts = (text or row).split()
    return [Word(t, conf, (x + i * w // len(parts), y, w // len(parts), h), line) for i, t in enumerate(parts)]


def _page(boxes: dict) -> PageText:
    """The page as a degraded capture's reading gave it: the number's first piece doubted, the addressee column on
    its row, and the rest misread and read after the addressee column's next line."""
    words = [*_words(boxes, ROWS[0][0], 0), *_words(boxes, ROWS[1][0], 1), *_words(boxes, "NOMOR", 2),
             *_words(boxes, ":", 2), *_words(boxes, PIECE, 2, conf=61.0), *_words(boxes, "Kepada Yth. Camat Juai", 2),
             *_words(boxes, "di-", 3), *_words(boxes, REST, 4, "DISPERSIP/I!1/2024", 20.0),
             *_words(boxes, "Lampiran", 5), *_words(boxes, ": -", 5), *_words(boxes, "Perihal", 6),
             *_words(boxes, ": Undangan Rapat", 6)]
    text = "\n".join([ROWS[0][0], ROWS[1][0], f"NOMOR : {PIECE} Kepada Yth. Camat Juai", "di-", "DISPERSIP/I!1/2024",
                      "Lampiran : -", "Perihal : Undangan Rapat"])
    return PageText(number=1, text=text, words=tuple(words), confidence=70.0, width=1800, height=600)


def _settled(blot: bool):
    image, boxes = _capture(blot)
    text = _page(boxes)
    before = extract_metadata(text.text, text.words)
    again = fieldread.reread_fields(image, text, IngestOptions(workers=1))
    return before, fieldread.settle(before, text.text, [again])


def test_a_wrapped_number_on_a_degraded_capture_is_put_together_from_both_rows_and_flagged():
    before, after = _settled(blot=False)
    assert not before.nomor.present and any("terpotong" in r for r in before.review)  # as before: empty, flagged
    assert after.nomor.value == PIECE + REST, after.nomor.reason
    assert WRAPPED_REVIEW in after.review  # shown to a clerk


def test_a_wrapped_number_whose_rest_is_unreadable_stays_empty_and_flagged():
    _, after = _settled(blot=True)
    assert not after.nomor.present, after.nomor.value
    assert any(r.startswith("nomor:") for r in after.review), after.review


TANGGAL = Field("2023-08-03", 0.9, "")
EMPTY = Field(None, 0.4, "dikosongkan karena tidak pasti")
ROW = ["400.10/328/Bid.LPP/DISPERSIP/VIII/"] * 3 + ["400.10/328/Bid.LPP/DISPERSIP/VII/"] * 2 \
    + ["400.10/328/Bid.LPP/DISPERSIP/VIII/"] * 2


def _rest(*readings: str) -> dict:
    return {"page_line": readings[0], "readings": list(readings[1:]), "witness": []}


def test_a_month_the_letters_date_refutes_is_no_rival_of_the_pieces_vote():
    got = wrapped_by_rows(EMPTY, ROW, [_rest("2023", "2023", "2023 |", "", "2023")], TANGGAL)
    assert got is not None and got.value == "400.10/328/Bid.LPP/DISPERSIP/VIII/2023"


def test_a_roman_month_read_as_figures_in_the_rest_and_a_colon_glued_to_the_piece_are_read_through():
    # "DISPERSIP/11/2023" under "NOMOR :000.4.6,3/29/Bid.LPP/" (a messenger photo); "1" for "I" is refuted by the date
    row = ["':000.4.6.3/29/Bid.LPP/", ":000.4.6,3/29/Bid.LPP/", "000.4.6.3/29/Bid.LPP/", "000.4.6.3/29/Bid.LPP/"]
    rest = _rest("DISPERSIP/11/2023", "DISPERSIP/I1/2023", "DISPERSIP/1/2023", "DISPERSIP/11/2023", "DISPERSIP/II/2023")
    got = wrapped_by_rows(EMPTY, row, [rest], Field("2023-02-09", 0.9, ""))
    assert got is not None and got.value == "000.4.6.3/29/Bid.LPP/DISPERSIP/II/2023"


def test_pieces_the_readings_split_on_give_nothing():
    split = ["000.4.5.2/321/Bid.LPP/DISPERSIP/VIII/"] * 4 + ["000.4.6.2/321/Bid.LPP/DISPERSIP/VIII/"] * 3
    assert wrapped_by_rows(EMPTY, split, [_rest("2023", "2023", "2023", "2023", "2023")], TANGGAL) is None


def test_a_rest_too_few_readings_give_or_that_is_a_number_of_its_own_gives_nothing():
    assert wrapped_by_rows(EMPTY, ROW, [_rest("2023", "2O23", "", "2023 Juai", "20232")], TANGGAL) is None
    other = "80/Sek/TBM-PS/VIII/2023"  # the row below is the second party's number, not the rest of this one
    assert wrapped_by_rows(EMPTY, ROW, [_rest(other, other, other, other, other)], TANGGAL) is None
    assert wrapped_by_rows(EMPTY, ROW, [_rest("2023", "2023", "2023", "2023", "2023")], Field()) is None  # no date


def test_a_row_below_with_a_label_of_its_own_is_no_rest():
    line = [Word("NOMOR", 95, (160, 300, 120, 30)), Word(":", 95, (330, 300, 8, 30)),
            Word("041/420/Dispersip/", 60, (370, 300, 400, 36))]
    below = [Word("NOMOR", 95, (160, 350, 120, 30)), Word(":", 95, (330, 350, 8, 30)),
             Word("80/Sek/TBM-PS/IV/2024", 90, (370, 350, 420, 36))]
    assert rest_band(line, [*line, *below]) is None
    assert rest_band(line, [*line, *below[2:]]) is not None



def _generated_capture(k: int, kind: str, tmp_path):
    """A held-out letter of the generator with a wrapped number (the side-by-side number block), captured under the
    profile ``kind``; its file and truth number."""
    from samples.generate import make_capture, make_document

    types = ["undangan_sosialisasi", "surat_balasan", "surat_hasil_koordinasi", "surat_koordinasi_pendampingan",
             "lainnya"]
    rng = random.Random(f"rows37gen-{k}")
    spec = make_document(types[k % len(types)], rng, True, harder=True)
    assert spec.extra["layout"]["layout"] == "D_side_by_side" and spec.meta["nomor"] not in spec.page_texts()[0]
    cap = make_capture(spec, kind, rng)
    path = tmp_path / f"surat{k}.{cap.ext}"
    path.write_bytes(cap.files[0])
    return path, spec.meta["nomor"]


@pytest.mark.slow
def test_a_generated_flatbed_scan_with_a_wrapped_number_gives_it_whole_and_flagged(tmp_path):
    # before: emptied ("dikosongkan karena tidak pasti"), Tesseract doubting the first piece
    path, nomor = _generated_capture(27, "flatbed_scan", tmp_path)
    md = ingest_file(path, IngestOptions(workers=1)).metadata
    assert md.nomor.value == nomor, md.nomor.reason
    assert WRAPPED_REVIEW in md.review
