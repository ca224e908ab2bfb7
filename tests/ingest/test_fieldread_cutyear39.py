"""Issue 17 (nomor39): a letter date whose year the capture cut at the page's edge, completed from the number's year.

A phone photo's crop cut the place-date row at the page's right edge (held_out_4601 doc0044: "Paringin, 02 September
20" for "… 2024", every reading of both models alike); no reading gives a date, and the date stayed empty, so the
number's Roman month, which its readings split on, had no date to be checked against. A letter's number carries its
year (``nomor.check_nomor`` holds the date to it): where every reading of the page's model gives the row with the
same day, month and first figures of the year, no reading gives a date and the number row's year begins with those
figures and its readings give the date's Roman month and no other month, the date is completed with that year (``fieldread.date_by_cut_year``), low and named for review.

The head (the number row with its code word and month printed faded, the date row cut at the page's edge) is
rendered, degraded and read by Tesseract (``fieldread.reread_fields``); the refusals are also written as readings."""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw
from test_fieldread import font

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Field, PageText, Word
from ingest.options import IngestOptions
from samples import degrade

NUMBER = "NOMOR : 400.10/189/Bid.LPP/DISPERSIP/IX/2024"
ROWS = [("DINAS PERPUSTAKAAN DAN KEARSIPAN", 160, 80), ("Paringin, 02 September 2024", 1180, 180),
        (NUMBER, 160, 260), ("Perihal : Undangan Rapat", 160, 340)]


def _capture(faded: int = 150) -> tuple[np.ndarray, PageText]:
    """The head rendered, the number's code word and Roman month printed faded to the grey ``faded``, blurred,
    noised and JPEG'd, cut at the right just after the date's year's first two figures (the crop of a phone
    photo); the page's own reading of it: the date row ending "20", the number's month read "IN"."""
    im = Image.new("L", (1900, 800), 255)
    draw = ImageDraw.Draw(im)
    boxes = {}
    for text, x, y in ROWS:
        draw.text((x, y), text, fill=0, font=font(36))
        left, top, right, bottom = draw.textbbox((x, y), text, font=font(36))
        boxes[text] = (left, top, right - left, bottom - top)
    width = 1180 + int(draw.textlength("Paringin, 02 September 20", font=font(36))) + 6
    arr = np.asarray(im, dtype=np.float32).copy()
    x, y, _, h = boxes[NUMBER]
    for before, upto in (("NOMOR : 400.10/189/", "NOMOR : 400.10/189/Bid.LPP"), ("NOMOR : 400.10/189/Bid.LPP/DISPERSIP/I",
                                                                              "NOMOR : 400.10/189/Bid.LPP/DISPERSIP/IX")):
        a, b = (x + int(draw.textlength(t, font=font(36))) for t in (before, upto))
        arr[y:y + h, a:b] = np.where(arr[y:y + h, a:b] < 128, float(faded), arr[y:y + h, a:b])
    arr = degrade.blur(arr[:, :width], {"model": "gaussian", "strength": 1.0})
    arr = degrade.noise(arr, {"model": "gaussian", "sigma": 6.0}, np.random.default_rng(39))
    image = cv2.imdecode(np.frombuffer(degrade.jpeg(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), 60),
                                       np.uint8), cv2.IMREAD_GRAYSCALE)
    read = {ROWS[1][0]: "Paringin, 02 September 20", NUMBER: NUMBER.replace("/IX/", "/IN/")}
    words = []
    for line, (text, _, _) in enumerate(ROWS):
        x, y, w, h = boxes[text]
        parts = read.get(text, text).split()
        w = min(w, width - x - 2)
        words += [Word(t, 93.0, (x + i * w // len(parts), y, w // len(parts), h), line) for i, t in enumerate(parts)]
    text = "\n".join(read.get(t, t) for t, _, _ in ROWS)
    return image, PageText(number=1, text=text, words=tuple(words), confidence=85.0, width=width, height=800)


def _settled(faded: int):
    image, page = _capture(faded)
    before = extract_metadata(page.text, page.words)
    assert not before.nomor.present and not before.tanggal.present  # the month read "IN", the year cut
    again = fieldread.reread_fields(image, page, IngestOptions(workers=1))
    return fieldread.settle(before, page.text, [again])


def test_a_date_row_cut_at_the_pages_edge_read_by_tesseract_takes_the_numbers_year_low():
    after = _settled(faded=150)  # the number row's readings split on its code word: the number stays empty
    assert after.tanggal.value == "2024-09-02", after.tanggal.reason
    assert "dilengkapi dari tahun pada nomor surat" in after.tanggal.reason
    assert after.tanggal.confidence < 0.5
    assert fieldread.CUT_YEAR_REVIEW in after.review


def test_a_cut_date_row_beside_a_number_whose_readings_give_another_month_stays_empty():
    after = _settled(faded=170)  # the month faded further: some readings give "I" ("/1/") beside "IX"
    assert not after.tanggal.present, after.tanggal.value


def _date_line(*rows: str, witness: tuple[str, ...] = ()) -> dict:
    return {"field": "tanggal", "page_line": rows[0], "readings": list(rows[1:]), "witness": list(witness),
            "values": {}, "votes": {}, "of": len(rows), "confidences": [90.0] * (len(rows) - 1)}


def _number_line(*months: str) -> dict:
    rows = [f"NOMOR : 400.10/189/Bid.LPP/DISPERSIP/{m}/2024" for m in months]
    return {"field": "nomor", "page_line": rows[0], "readings": rows[1:], "witness": [], "values": {}, "votes": {},
            "of": len(rows), "confidences": [30.0] * (len(rows) - 1)}


EMPTY = Field(None, 0.4, "dikosongkan karena tidak pasti")
CUT = "Paringin, 02 September 20"
NUMBER_ROW = _number_line("IN", "IX", "1X", "IN")


def test_cut_rows_the_readings_split_on_or_a_year_or_month_the_number_does_not_read_give_nothing():
    got = fieldread.date_by_cut_year([_date_line(CUT, CUT, CUT), NUMBER_ROW], EMPTY)
    assert got is not None and got.value == "2024-09-02" and got.confidence == fieldread.COMPLETED_CONFIDENCE
    assert fieldread.date_by_cut_year([_date_line(CUT, CUT, "Paringin, 03 September 20"), NUMBER_ROW],
                                      EMPTY) is None  # the day
    assert fieldread.date_by_cut_year([_date_line(CUT, CUT), NUMBER_ROW], EMPTY) is None  # two readings only
    assert fieldread.date_by_cut_year([_date_line(*["Paringin, 02 September 201"] * 3), NUMBER_ROW],
                                      EMPTY) is None  # "201…" is not 2024
    assert fieldread.date_by_cut_year([_date_line(CUT, CUT, CUT, witness=("Paringin, 02 September 2023",)),
                                       NUMBER_ROW], EMPTY) is None  # a reading gives a date: the date rules'
    assert fieldread.date_by_cut_year([_date_line(CUT, CUT, CUT), _number_line("IN", "IX", "VIII", "IX")],
                                      EMPTY) is None  # the number's readings give another month too
    assert fieldread.date_by_cut_year([_date_line(CUT, CUT, CUT), _number_line("IN", "IN", "IN")],
                                      EMPTY) is None  # none gives the date's month
