"""Issue 17 (nomor39): a wrapped number whose first piece each reading damages elsewhere, voted segment by segment.

A number broken after a slash ("000.4.7.1/340/Bid.LPP/DISPERSIP/IV/" + "2024") is put together from the readings
of both its rows (``nomorwrap.wrapped_by_rows``, rows37) only when enough readings give the first piece whole and
hardly any gives another. On a messenger photo (held_out_4701 doc0038) each reading damaged another part of the
piece: the figure after the code's last dot lost ("000.4.7./"), figures written into the code word ("B14.LPP",
"P1d.LPP"), a lone stroke ("BId.I.PP"), the '/' before the month lost ("DISPERSIPAV/"); no two readings gave the
same piece and the number stayed empty, though every segment was read alike by the readings that did not damage
it. The piece is now voted segment by segment (``nomorsegments.voted_segments``): a damaged segment abstains, a
segment is taken only where enough readings give it and no reading of the number's shape gives a rival (other
figures, another spelling of a code of as many pieces, another month); the number is taken low and flagged.

The captures are rendered, degraded and read by Tesseract (``fieldread.reread_fields``); the vote's cases are
written as the cached readings of held_out_4701 doc0038 and held_out_4601 doc0020 gave them.
"""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw
from test_fieldread import font
from test_nomor_wrapped_rows37 import PIECE, REST, ROWS, SIZE, _page

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Field
from ingest.nomorsegments import voted_segments
from ingest.nomorwrap import SEGMENTS_CONFIDENCE, WRAPPED_REVIEW, wrapped_by_rows
from ingest.options import IngestOptions
from samples import degrade

SCALE = 0.42  # the capture's resolution against the render's (a messenger photo's: about 80 dpi)


def _capture(faded: int) -> tuple[np.ndarray, dict]:
    """The letter's head (rows37's: the number block beside the addressee, the number broken after "Bid.LPP/"), the
    figure after the code's last dot and the 'd' of "Bid" printed faded to the grey ``faded`` (a worn type or a
    fold), then blurred, noised, shrunk to a photo's resolution and JPEG'd, and enlarged again to the page's size."""
    im = Image.new("L", (1800, 600), 255)
    draw = ImageDraw.Draw(im)
    boxes = {}
    for text, x, y in ROWS:
        draw.text((x, y), text, fill=0, font=font(SIZE))
        left, top, right, bottom = draw.textbbox((x, y), text, font=font(SIZE))
        boxes[text] = (left, top, right - left, bottom - top)
    x, y, _, h = boxes[PIECE]
    arr = np.asarray(im, dtype=np.float32).copy()
    for before, upto in (("000.4.7.", "000.4.7.1"), ("000.4.7.1/267/Bi", "000.4.7.1/267/Bid")):
        a, b = (x + int(draw.textlength(t, font=font(SIZE))) for t in (before, upto))
        arr[y:y + h, a:b] = np.where(arr[y:y + h, a:b] < 128, float(faded), arr[y:y + h, a:b])
    arr = degrade.blur(arr, {"model": "gaussian", "strength": 1.2})
    arr = degrade.noise(arr, {"model": "gaussian", "sigma": 10.0}, np.random.default_rng(37))
    small = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).resize((int(1800 * SCALE), int(600 * SCALE)),
                                                                         Image.BILINEAR)
    image = cv2.imdecode(np.frombuffer(degrade.jpeg(small, 35), np.uint8), cv2.IMREAD_GRAYSCALE)
    return cv2.resize(image, (1800, 600), interpolation=cv2.INTER_LINEAR), boxes


def _settled(faded: int):
    image, boxes = _capture(faded)
    text = _page(boxes)
    before = extract_metadata(text.text, text.words)
    again = fieldread.reread_fields(image, text, IngestOptions(workers=1))
    pieces = [fieldread.row_value(r) for ln in fieldread.recorded([again]) if ln["field"] == "nomor"
              for r in fieldread._every_reading(ln)]
    return before, fieldread.settle(before, text.text, [again]), pieces


def test_a_wrapped_number_whose_readings_damage_its_code_word_each_otherwise_is_voted_by_segments():
    before, after, pieces = _settled(faded=150)
    assert not before.nomor.present  # as before: emptied, flagged
    assert len(set(pieces)) > 2  # the readings split: "Bid.LPP", "8Bki.LPP", "Bi1.LPP", …
    assert after.nomor.value == PIECE + REST, after.nomor.reason
    assert "per segmen" in after.nomor.reason  # taken by the segment vote, not by rows37's vote on whole pieces
    assert WRAPPED_REVIEW in after.review  # shown to a clerk


def test_a_wrapped_number_whose_readings_split_on_its_code_word_stays_empty():
    # fainter still: the readings give "Bis", "Bil", "Bid": letters Tesseract cannot settle on, each a spelling
    _, after, pieces = _settled(faded=170)
    assert len(set(pieces)) > 2
    assert not after.nomor.present, after.nomor.value
    assert any(r.startswith("nomor:") for r in after.review), after.review


# held_out_4701 doc0038 (a messenger photo): the first piece as the page, its re-readings, the witness model and the
# sharpened images read it; the rest row ("2024") read alike by nine readings
DOC0038 = ["000,4,7.1/340/Bid.LPP/DISPERSIP/IV/", "000,4.7./340/B14.LPP/DISPERSIP/IV/",
           "000,4.7.1/340/BId.I.PP/DISPERSIPIV/", "000,4,7./340/Bid.LPP/DISPERSIP/IV/",
           "000.4,7.1/340/BId.LPP/DISPERSIPAV/", "000,4.7.1/340/Bid,1,PP/DISPERSIPAV/",
           "000.4,7.1/340/BId,LPP/DISPERSIPAV/", "000,4.7.1/340/BId.LPP/DISPERSIPMIV/",
           "000,47./340/P1d.LPP/DISPERSIP/IV/", "000,4,7.1/340/Bld,L,PP/DISPERSIPAN/"]
DATE = Field("2024-04-29", 0.96, "")
EMPTY = Field(None, 0.4, "dikosongkan karena tidak pasti")


def _rest(*readings: str) -> dict:
    return {"page_line": readings[0], "readings": list(readings[1:]), "witness": []}


def test_the_cached_readings_of_a_messenger_photo_give_the_number_low():
    got = wrapped_by_rows(EMPTY, DOC0038, [_rest(*["2024"] * 9)], DATE)
    assert got is not None and got.value == "000.4.7.1/340/Bid.LPP/DISPERSIP/IV/2024"
    assert got.confidence == SEGMENTS_CONFIDENCE < 0.5
    assert wrapped_by_rows(EMPTY, DOC0038, [_rest(*["2024"] * 9)], Field("2024-06-03", 0.9, "")) is None  # month


def test_a_serial_or_a_code_the_readings_split_on_leaves_the_number_empty():
    # held_out_4601 doc0020 (a fax): "400.10" three times, "100.10" twice; "LPP" beside "LPV"
    fax = ["400.10/239/Bid.LPP/", "100.10/239/Bid.LPP/", "100.10/239/Bid.LPV/", "400.10/239/Bid.LPP/",
           "400.10/239/Bid.LP1/"]
    assert voted_segments(fax) is None
    assert voted_segments([p.replace("100.10", "400.10") for p in fax]) is None  # "LPV" is another spelling
    kel = ["000.1/60/Kol-TDL/2023", "000.1/60/Kel-TDL/2023", "000.1/60/Kol-TDL/2023", "000.1/60/Kol-TDL/2023"]
    assert voted_segments(kel) is None  # 'e' or 'o': one reading is enough to doubt the three
    ds = ["20/D5-TS/VII/2025", "20/D5-TS/VII/2025", "20/DS-TS/VII/2025", "20/D5-TS/VII/2025"]
    assert voted_segments(ds) is None  # a letter and the figure OCR reads for it
    months = ["041/07/PD-EA/VIII/2023"] * 3 + ["041/07/PD-EA/VII/2023"]
    assert voted_segments(months) is None


def test_damage_abstains_and_a_reading_that_lost_a_slash_only_adds_its_vote():
    voted = voted_segments(DOC0038)
    assert voted is not None and voted[0] == ["000.4.7.1", "340", "Bid.LPP", "DISPERSIP", "IV"]
    # held_out_4001 doc0048: readings that lost the number's first '/' would put the month in the code's place
    shifted = ["4/DS-MD/V/2025", "4/DS-MD/V/2025", "MDS-MIM/V/2025", "4DS-MIY/V/2025", "4DS-MIXV/2025",
               "MDS-MIM/V/2025", "4DS-MIY/V/2025"]
    assert voted_segments(shifted) is None  # two readings of the shape only: the code is not voted by the others
    assert voted_segments([*shifted, "4/DS-MD/V/2025"]) == (["4", "DS-MD", "V", "2025"], 3)
    assert voted_segments(["000.4.7./340/Bid/2024"] * 4) is None  # a figure lost alike by every reading
