"""A number the re-readings leave open, decoded from Tesseract's own character alternatives
(``ocr.read_lattice``, ``fieldread.decode_by_lattice``). Rows are drawn here and read by real Tesseract."""
from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, ImageDraw
from test_fieldread import font

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import PageText, StageRecord
from ingest.ocr import read_lattice
from ingest.options import IngestOptions

NOMOR = "000.4.3.7/191/BAST/DISPERSIP/VIII/2023"


def _drawn_row(text: str, size: int = 40) -> np.ndarray:
    im = Image.new("L", (60 + 24 * len(text), 2 * size + 20), 255)
    ImageDraw.Draw(im).text((20, 15), text, fill=0, font=font(size))
    return np.asarray(im).copy()


@pytest.fixture(scope="module")
def lattice() -> list:
    return read_lattice(_drawn_row("Nomor : " + NOMOR), IngestOptions(workers=1))


def _record(line: dict) -> PageText:
    return PageText(number=1, text="", words=(), confidence=90.0, width=100, height=100,
                    steps=(StageRecord(fieldread.STAGE, 1.0, {"wanted": ["nomor"], "lines": [line]}),))


def _line(lattice: list, page_line: str, readings: list[str]) -> dict:
    values, votes = fieldread.vote([page_line] + readings)
    assert "nomor" not in values  # the votes leave the number open
    return fieldread.LineReading("nomor", page_line, tuple(readings), values, votes, 1 + len(readings),
                                 lattice=tuple((w, tuple(s)) for w, s in lattice)).to_json()


# ---------------------------------------------------------------- the network's output and its probability

def test_ctc_probability_sums_the_alignments_and_needs_a_blank_between_repeats():
    steps = [{"V": 1.0}, {"": 1.0}, {"I": 0.5, "": 0.5}]
    # V, blank, I and V, blank, blank (a character not listed at a step adds only its floor)
    assert fieldread.ctc_logprob(steps, "VI") == pytest.approx(math.log(0.5), abs=0.02)
    assert fieldread.ctc_logprob(steps, "V") == pytest.approx(math.log(0.5), abs=0.02)
    assert fieldread.ctc_logprob(steps, "X") < math.log(0.01)  # only by the floor
    two = [{"I": 1.0}, {"I": 1.0}]
    assert fieldread.ctc_logprob(two, "I") == pytest.approx(0.0, abs=0.01)
    assert fieldread.ctc_logprob(two, "II") == float("-inf")  # "II" needs a blank between its strokes


def test_read_lattice_gives_the_rows_words_and_spells_the_number_most_probably(lattice):
    words = [w for w, _ in lattice]
    assert words[0] == "Nomor" and NOMOR in words[-1]
    top, steps = fieldread.number_span(lattice)
    assert top == NOMOR
    assert all(0.0 <= p <= 1.0 for step in steps for p in step.values())
    right = fieldread.ctc_logprob(steps, NOMOR)
    assert right > fieldread.ctc_logprob(steps, NOMOR.replace("/VIII/", "/VII/")) + fieldread.LATTICE_MARGIN
    assert right > fieldread.ctc_logprob(steps, NOMOR.replace("/191/", "/181/")) + fieldread.LATTICE_MARGIN


# ---------------------------------------------------------------- decoding a number the readings left open

# the readings the field re-reading recorded on a phone photo whose "VIII" lost a stroke (tuning doc0044's kind)
READINGS = ["Nomor : 000.4.3.7/191/BAST/DISPERSIP/VII/2023", "Nomor : 000.4.3.7/191/BAST/DISPERSIPMIIV2023",
            "Nomor : 000.4.3.7/191/BAST/DISPERSIP/VII/2023", "Nomor : 000.4.3.7/191/BAST/DISPERSIP/MII/2023",
            "Nomor : 000.4.3. 7/191/BAST/DISPERSIP/VIN/2023"]
PAGE_LINE = "Nomor : 000.4.3.7/191/BAST/DISPERSIP/VIIN/2023"


def test_month_every_reading_damaged_is_decoded_from_the_alternatives_and_left_flagged(lattice):
    text = PAGE_LINE + "\nTebing Tinggi, 18 Agustus 2023"
    before = extract_metadata(text)
    assert not before.nomor.present and before.tanggal.value == "2023-08-18"
    after = fieldread.settle(before, text, [_record(_line(lattice, PAGE_LINE, READINGS))])
    assert after.nomor.value == NOMOR
    assert "alternatif karakter" in after.nomor.reason and after.nomor.confidence < 0.5  # flagged low
    assert fieldread.DECODED_REVIEW in after.review  # taken, and shown to a clerk


def test_decoded_month_that_disagrees_with_the_letter_date_is_not_taken(lattice):
    """The network reads VIII clearly; a letter dated in March (a month no reading gives) does not make it III."""
    text = PAGE_LINE + "\nTebing Tinggi, 18 Maret 2023"
    after = fieldread.settle(extract_metadata(text), text, [_record(_line(lattice, PAGE_LINE, READINGS))])
    assert not after.nomor.present


def test_no_decoding_without_the_letter_date(lattice):
    text = PAGE_LINE + "\nHal : Undangan"
    after = fieldread.settle(extract_metadata(text), text, [_record(_line(lattice, PAGE_LINE, READINGS))])
    assert not after.nomor.present


def test_digit_the_network_weighs_two_ways_stays_empty(lattice):
    """The same row with the network's output at one digit of "191" split between 9 and 8: the readings
    give both, and neither is decoded."""
    top, steps = fieldread.number_span(lattice)
    doubted = []
    for word, word_steps in lattice:
        changed = []
        for step in word_steps:
            if word == top and step.get("9", 0.0) > 0.5:
                step = {"9": 0.5, "8": 0.45, "": 0.05}
            changed.append(step)
        doubted.append((word, changed))
    readings = [r.replace("/191/", "/181/") for r in READINGS[:2]] + READINGS[2:]
    text = PAGE_LINE + "\nTebing Tinggi, 18 Agustus 2023"
    after = fieldread.settle(extract_metadata(text), text, [_record(_line(doubted, PAGE_LINE, readings))])
    assert not after.nomor.present
    after = fieldread.settle(extract_metadata(text), text, [_record(_line(lattice, PAGE_LINE, readings))])
    assert after.nomor.value == NOMOR  # the undoubted output settles the same readings


def test_month_the_readings_lost_a_stroke_of_is_not_confirmed_by_a_date_of_that_month(lattice):
    """Every reading says VII (a stroke of VIII lost) on a letter dated in July: the date would confirm VII
    segment by segment, but the network's own output weighs VIII far more: nothing is filled."""
    text = PAGE_LINE + "\nTebing Tinggi, 18 Juli 2023"
    line = _line(lattice, PAGE_LINE, READINGS)
    assert fieldread.confirm_by_segments([line], "2023-07-18") is not None  # what the date alone would confirm
    after = fieldread.settle(extract_metadata(text), text, [_record(line)])
    assert not after.nomor.present
