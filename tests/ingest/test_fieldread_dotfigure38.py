"""Issue 17 (nomor38): a classification code's figure the page's reading lost after its dot ("000. /111/Kec-PS/2024"
for "000.1/111/Kec-PS/2024", a low-resolution scan's gap). The extractor gave "000./111/Kec-PS/2024", doubted, and a
code never prints a dot before its '/': the number is now refused as damaged (``nomor.CODE_DOT_ENDED``), emptied and
flagged like any number ``check_nomor`` refuses. Where the row's re-readings give the number whole, it is taken as
re-read, but low and named for review (``fieldread.FIGURE_AFTER_DOT``): the figure is theirs alone. A figure the
re-readings do not give (an ink smear over it) leaves the number empty, where it was kept as "000./111/…" before.
The rows are rendered, degraded as the generator's captures are and read by Tesseract (``fieldread.reread_fields``).
"""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw
from test_fieldread import font

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import PageText, Word
from ingest.nomor import CODE_DOT_ENDED, check_nomor
from ingest.options import IngestOptions
from samples import degrade

SIZE = 36
NUMBER = "000.1/111/Kec-PS/2024"
HEAD, DATE = "PEMERINTAH KECAMATAN PARINGIN SELATAN", "Paringin, 13 Mei 2024"


def _capture(smear: bool) -> tuple[np.ndarray, dict[str, tuple[int, int, int, int]]]:
    """The letter's head rendered and degraded (blur, noise, JPEG); with ``smear``, the code's last figure under
    an ink smear. The image and the boxes of the rows' pieces."""
    im = Image.new("L", (1800, 500), 255)
    draw = ImageDraw.Draw(im)
    boxes: dict[str, tuple[int, int, int, int]] = {}
    for key, text, x, y in [("head", HEAD, 160, 80), ("date", DATE, 1200, 180), ("label", "NOMOR", 160, 280),
                            ("colon", ":", 330, 280), ("number", NUMBER, 370, 280),
                            ("hal", "Perihal", 160, 360), ("perihal", ": Undangan Rapat", 330, 360)]:
        draw.text((x, y), text, fill=0, font=font(SIZE))
        left, top, right, bottom = draw.textbbox((x, y), text, font=font(SIZE))
        boxes[key] = (left, top, right - left, bottom - top)
    code = draw.textbbox((370, 280), "000.", font=font(SIZE))[2]
    figure = draw.textbbox((370, 280), "000.1", font=font(SIZE))[2]
    boxes["code"] = (boxes["number"][0], boxes["number"][1], code - boxes["number"][0], boxes["number"][3])
    boxes["rest"] = (figure, boxes["number"][1], sum(boxes["number"][::2]) - figure, boxes["number"][3])
    if smear:
        draw.rectangle((code - 2, boxes["number"][1] - 6, figure + 2, boxes["number"][1] + boxes["number"][3] + 6),
                       fill=45)
    arr = np.asarray(im, dtype=np.float32)
    arr = degrade.blur(arr, {"model": "gaussian", "strength": 1.1})
    arr = degrade.noise(arr, {"model": "gaussian", "sigma": 7.0}, np.random.default_rng(38))
    data = degrade.jpeg(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), 55)
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE), boxes


def _words(box: tuple[int, int, int, int], text: str, line: int, conf: float = 95.0) -> list[Word]:
    x, y, w, h = box
    parts = text.split()
    return [Word(t, conf, (x + i * w // len(parts), y, w // len(parts), h), line) for i, t in enumerate(parts)]


def _page(boxes: dict) -> PageText:
    """The page as the scan's reading gave it: the code's last figure lost ("000. /111/…"), "000." doubted."""
    words = [*_words(boxes["head"], HEAD, 0), *_words(boxes["date"], DATE, 1), *_words(boxes["label"], "NOMOR", 2),
             *_words(boxes["colon"], ":", 2), *_words(boxes["code"], "000.", 2, 71.0),
             *_words(boxes["rest"], "/111/Kec-PS/2024", 2, 88.0), *_words(boxes["hal"], "Perihal", 3),
             *_words(boxes["perihal"], ": Undangan Rapat", 3)]
    text = "\n".join([HEAD, DATE, "NOMOR : 000. /111/Kec-PS/2024", "Perihal : Undangan Rapat"])
    return PageText(number=1, text=text, words=tuple(words), confidence=80.0, width=1800, height=500)


def _settled(smear: bool):
    image, boxes = _capture(smear)
    text = _page(boxes)
    before = extract_metadata(text.text, text.words)
    again = fieldread.reread_fields(image, text, IngestOptions(workers=1))
    return before, again, fieldread.settle(before, text.text, [again])


def test_a_figure_the_page_lost_after_the_codes_dot_is_given_by_the_rereadings_and_flagged():
    before, again, after = _settled(smear=False)
    assert not before.nomor.present and CODE_DOT_ENDED in before.nomor.reason  # "000./111/…" refused, flagged
    lines = [ln for s in again.steps if s.stage == fieldread.STAGE for ln in s.details["lines"] if ln["field"] == "nomor"]
    assert lines and all(fieldread.nomor_candidate(r) == NUMBER for r in lines[0]["readings"])
    assert after.nomor.value == NUMBER, after.nomor.reason
    assert after.nomor.confidence < 0.5  # under the archive's "keyakinan rendah" line: flagged
    assert any(r.startswith("nomor:") and fieldread.FIGURE_AFTER_DOT in r for r in after.review)


def test_a_figure_under_a_smear_the_rereadings_do_not_give_leaves_the_number_empty_and_flagged():
    _, _, after = _settled(smear=True)
    assert not after.nomor.present, after.nomor.value  # before: "000./111/Kec-PS/2024" kept at 0.7
    assert any(r.startswith("nomor:") for r in after.review)


@pytest.mark.parametrize("number,refused", [
    ("000./111/Kec-PS/2024", True), ("400.10./239/Bid.LPP/DISPERSIP/VII/2023", True), ("041./07/PD-EA/VIII/2023", True),
    ("000.1/111/Kec-PS/2024", False), ("041/373/Dispersip/2023", False), ("400.10/239/Bid.LPP/DISPERSIP/VII/2023", False),
    ("12/Sek/KOM-BSJ/V/2024", False), ("03/PP.BJM/2024", False), ("KU.01/12/2024", False),
])
def test_a_classification_code_ending_in_its_dot_is_refused(number, refused):
    assert (CODE_DOT_ENDED in check_nomor(number)) is refused


def test_a_page_number_read_whole_is_not_named_for_a_lost_figure():
    text = "PEMERINTAH KECAMATAN\nNOMOR : 000.1/111/Kec-PS/2024\nParingin, 13 Mei 2024\nPerihal : Undangan"
    metadata = extract_metadata(text)
    assert metadata.nomor.value == NUMBER and CODE_DOT_ENDED not in metadata.nomor.reason
