"""Issue 17 (nomor38): a number whose Roman month its readings split on ("VIII" read "VHII", "VI11", "V111", …) is
settled by the letter's date (``fieldread.aligned_number``, ``month_by_date``, ``decode_by_lattice``); where the
date row's day is unreadable ("Paringin, OS Agustus 2024" for "05 Agustus 2024", every reading) no date was given
and the number stayed empty. The date row's readings agreeing on the month word and year are now enough for the
number's checks, which weigh only those (``fieldread.month_year_read``); the date itself stays empty, and a number
so checked is shown low and named for review (``fieldread.MONTH_YEAR_ONLY``). Readings of the date row that split
on the month or year, or fewer than three of them, give nothing, and the number stays empty.

The date rows are rendered, degraded and read by Tesseract (``fieldread.reread_fields``); the number row's readings
are written as held_out_4601 doc0024 (a messenger photo) was read, through the real extractor and settling."""
from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw
from test_fieldread import _record, font

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Field, PageText, Word
from ingest.options import IngestOptions
from samples import degrade

VALUE = "000.4.6.2/065/Dispersip-Blg/VIII/2024"
NUMBER = {
    "field": "nomor", "page_line": "No, :000.4,6.2/063/Dispersip-Blg/VTINV/2024",
    "readings": ["No. : 000.4,6.2/065/Dispersip-Blg/VHII/2024", "No. : 000.4.6.2/065/Dispersip-Blg/VI!I/2024",
                 "No, : 000.4,6.2/065/Dispersip-Blg/VIIN/2024", "No. : 000.4,6.2/065/Dispersip-Blg/VI11/2024",
                 "No. : 000-4,6.2065/Dispersip-Blg/VTIW/2024"],
    "witness": ["No. : 000.4.6.2065/Dispersip-Blg/VI1/2024", "No. : 000.4.6.2065/Dispersip-Blg/V111/2024",
                "No, : 000.4.6.2065/Dispersip-Blg/VI11/2024"],
    "sharpened": ["No, :000.4,6.2/065/Dispersip-Blg/VII1/2024", "No. : 000.3,6.2065/Dispersip-Blp/V 11/2024",
                  "No, :000.4,6.2/065/Dispersip-Blg/VTIN/2024", "NG. : 000.4.6.2065/Dispersip-Blg/VII1/2024",
                  "No, : 000.4,6.2/065/Dispersip-Blg/VIIV2024", "NO. : 000.4.6.2065/Dispersip-Blg/V111/2024"],
    "values": {}, "votes": {}, "of": 6, "confidences": [5.0, 6.0, 25.0, 17.0, 0.0]}


def _date_line(*rows: str) -> dict:
    return {"field": "tanggal", "page_line": rows[0], "readings": list(rows[1:]), "values": {}, "votes": {},
            "of": len(rows), "confidences": [90.0] * (len(rows) - 1)}


def _settled(date_line: dict):
    text = f"DINAS PERPUSTAKAAN DAN KEARSIPAN\n{NUMBER['page_line']}\n{date_line['page_line']}\nHal : Peminjaman"
    metadata = replace(extract_metadata(text), nomor=Field(None, 0.6, "dikosongkan karena tidak pasti"), review=())
    assert not metadata.tanggal.present
    return fieldread.settle(metadata, text, [_record([NUMBER, date_line])])


def test_a_number_checked_against_the_month_and_year_of_a_date_row_whose_day_is_unread_is_taken_low():
    after = _settled(_date_line("Paringin, 0S Agustus 2024", "Paringin, OS Agustus 2024", "Paringin. OS Agustus 2024",
                                "Paringin, OS Agustus 2024"))
    assert after.nomor.value == VALUE, after.nomor.reason
    assert after.nomor.confidence < 0.5  # under the archive's "keyakinan rendah" line: flagged
    assert any(r.startswith("nomor:") and fieldread.MONTH_YEAR_ONLY in r for r in after.review)
    assert not after.tanggal.present  # the day is not read: the date stays empty


@pytest.mark.parametrize("rows", [
    ("Paringin, 0S Agustus 2024", "Paringin, OS Agustus 2024", "Paringin, OS Juli 2024", "Paringin, OS Agustus 2024"),
    ("Paringin, 0S Agustus 2024", "Paringin, OS Agustus 2023", "Paringin, OS Agustus 2024"),
    ("Paringin, 0S Agustus 2024", "Paringin, OS Agustus 2024"),
])
def test_date_rows_split_on_the_month_or_year_or_read_too_rarely_leave_the_number_empty(rows):
    after = _settled(_date_line(*rows))
    assert not after.nomor.present, after.nomor.value
    assert fieldread.month_year_read([_date_line(*rows)]) is None


def test_a_date_row_a_reading_gives_a_date_of_is_left_to_the_dates_rules():
    rows = ("Paringin, 0S Agustus 2024", "Paringin, 05 Agustus 2024", "Paringin, OS Agustus 2024")
    assert fieldread.month_year_read([_date_line(*rows)]) is None


def _date_capture(smear: bool) -> tuple[np.ndarray, PageText]:
    """A letter's head whose place-date row is rendered, blurred, noised and JPEG'd; with ``smear``, its day under
    an ink smear. The page's own reading of the row lost the day ("Paringin, 0S Agustus 2024")."""
    im = Image.new("L", (1800, 420), 255)
    draw = ImageDraw.Draw(im)
    rows = [("DINAS PERPUSTAKAAN DAN KEARSIPAN", 160, 80), ("Paringin,", 1100, 180), ("05", 1265, 180),
            ("Agustus 2024", 1325, 180), ("Perihal : Peminjaman Buku", 160, 300)]
    boxes = {}
    for text, x, y in rows:
        draw.text((x, y), text, fill=0, font=font(36))
        left, top, right, bottom = draw.textbbox((x, y), text, font=font(36))
        boxes[text] = (left, top, right - left, bottom - top)
    if smear:
        x, y, w, h = boxes["05"]
        draw.rectangle((x - 3, y - 8, x + w + 3, y + h + 8), fill=50)
    arr = degrade.blur(np.asarray(im, dtype=np.float32), {"model": "gaussian", "strength": 1.1})
    arr = degrade.noise(arr, {"model": "gaussian", "sigma": 7.0}, np.random.default_rng(38))
    image = cv2.imdecode(np.frombuffer(degrade.jpeg(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), 55),
                                       np.uint8), cv2.IMREAD_GRAYSCALE)
    words = []
    for line, (text, _, _) in enumerate(rows):
        x, y, w, h = boxes[text]
        parts = ("0S" if text == "05" else text).split()
        words += [Word(t, 40.0 if t == "0S" else 93.0, (x + i * w // len(parts), y, w // len(parts), h),
                       {0: 0, 4: 2}.get(line, 1)) for i, t in enumerate(parts)]
    text = "DINAS PERPUSTAKAAN DAN KEARSIPAN\nParingin, 0S Agustus 2024\nPerihal : Peminjaman Buku"
    return image, PageText(number=1, text=text, words=tuple(words), confidence=80.0, width=1800, height=420)


def test_a_smeared_days_date_row_read_by_tesseract_gives_its_month_and_year_for_the_numbers_checks():
    image, page = _date_capture(smear=True)
    again = fieldread.reread_fields(image, page, IngestOptions(workers=1))
    lines = [ln for s in again.steps if s.stage == fieldread.STAGE for ln in s.details["lines"]]
    assert any(ln["field"] in ("tanggal", fieldread.CHECKED) for ln in lines), lines
    assert fieldread.month_year_read(lines) == "2024-08-01"


def test_a_date_row_read_whole_by_tesseract_is_left_to_the_dates_rules():
    image, page = _date_capture(smear=False)
    again = fieldread.reread_fields(image, page, IngestOptions(workers=1))
    lines = [ln for s in again.steps if s.stage == fieldread.STAGE for ln in s.details["lines"]]
    assert any(fieldread.line_values(r).get("tanggal") == "2024-08-05"
               for ln in lines if ln["field"] in ("tanggal", fieldread.CHECKED) for r in ln["readings"]), lines
    assert fieldread.month_year_read(lines) is None


def test_no_date_rows_give_nothing():
    assert fieldread.month_year_read([NUMBER]) is None
