"""A rival reading of a number's segment with a figure more is weighed against the width of the segment's print.

On a low-resolution scan (a 72 ppi JPEG rendered at 300 dpi: blocky, then blurred) a '/' set beside a figure is
read as '1' by one image and not by another: "045/13261/" beside "045/3261/". ``witness_vote`` counts such a rival
and leaves the number open; ``width_refutes`` measures the segment in a reading that sets it as a word of its
own against the row's figure pitch (another word of figures in the same reading): four figures and a slash are
4.5 pitches, five 5.5. The rows here are drawn for the test (Liberation Serif, tabular figures) at 12-14 px, enlarged
4.17× by pixel replication and blurred, then read by the witness model under ``DENOISED_VARIANTS``.
"""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from pagegen import font
from PIL import Image, ImageDraw

from ingest import fieldread
from ingest.model import Word
from ingest.options import IngestOptions


def _row(text: str, size: int) -> np.ndarray:
    """A number row typed at ``size`` px (72 ppi-like) and enlarged as a PDF renderer enlarges a small image."""
    im = Image.new("L", (40 + size * len(text), 2 * size), 255)
    ImageDraw.Draw(im).text((10, size // 3), text, fill=0, font=font(size))
    big = cv2.resize(np.asarray(im), None, fx=4.17, fy=4.17, interpolation=cv2.INTER_NEAREST)
    return cv2.GaussianBlur(big, (0, 0), 2.0)


@pytest.fixture(scope="module")
def options() -> IngestOptions:
    opts = IngestOptions(workers=1)
    if fieldread.witness_model(opts) is None:
        pytest.skip("the witness model (tessdata/best) is not installed")
    return opts


@pytest.mark.parametrize("size", [12, 14])
def test_four_figures_in_print_refute_a_reading_of_five(options, size):
    boxed = fieldread.witness_words(_row("Nomor : 045 / 3261/ DISP", size), 1.0, options, fieldread.DENOISED_VARIANTS)
    assert any("3261/" in [w.text for w in words] for words in boxed)
    assert fieldread.width_refutes("3261", "13261", boxed)
    assert not fieldread.width_refutes("13261", "3261", boxed)  # no word of the reading is that segment


def test_five_figures_in_print_are_not_refuted(options):
    boxed = fieldread.witness_words(_row("Nomor : 045 / 13261/ DISP", 12), 1.0, options, fieldread.DENOISED_VARIANTS)
    assert not fieldread.width_refutes("3261", "13261", boxed)
    assert fieldread.width_refutes("13261", "3261", boxed)


def _words(*spec: tuple[str, int, int]) -> list[Word]:
    return [Word(text, 90.0, (x, 0, w, 40)) for text, x, w in spec]


# a reading at a 35 px pitch: '045' 105 px, then the segment and its slash
@pytest.mark.parametrize("boxed,refuted", [
    ([_words(("045", 0, 105), ("/", 130, 18), ("3261/", 170, 150))], True),  # 4.3 pitches: four figures
    ([_words(("045", 0, 105), ("/", 130, 18), ("3261/", 170, 175))], False),  # 5.0: between the two, no measure
    ([_words(("045", 0, 105), ("/", 130, 18), ("3261/", 170, 190))], False),  # 5.4: the rival's five fit
    ([_words(("045", 0, 140), ("/", 130, 18), ("3261/", 170, 150))], False),  # boxes overlap: no measure
    ([_words(("DISP", 0, 105), ("/", 130, 18), ("3261/", 170, 150))], False),  # no word of figures for a pitch
    ([_words(("045", 0, 105), ("3261/", 170, 150)),  # one reading measures four, another five: unsettled
      _words(("045", 0, 105), ("3261/", 170, 192))], False),
    ([], False),
])
def test_width_refutes_only_on_a_clear_measure(boxed, refuted):
    assert fieldread.width_refutes("3261", "13261", boxed) is refuted


def test_segments_of_equal_length_or_with_letters_are_not_weighed():
    boxed = [_words(("045", 0, 105), ("3261/", 170, 150))]
    assert not fieldread.width_refutes("3261", "3281", boxed)
    assert not fieldread.width_refutes("3261", "1326A", boxed)


# the witness read the plain images "045/13261/" (a slash beside the 3 read twice) and the smoothed ones
# "045/3261/"; the page's model read the number once, its segments all there
PAGE = "Nomor 045 1 32611 DISP"
MINE = ["Nomor : 045/3261/ DISP", "Nomor : MO 1 3261 DISP"]
WITNESS = ["Nomor : 045/13261/ DISP", "Nomor 04513261 DISP", "Nomor : 045/13261/ DISP",
           "Nomor 045/3261/ DISP", "Nomor 045 / 3261/ DISP", "Nomor 045/3261/ DISP"]


def test_the_witness_vote_takes_the_number_whose_rival_the_print_refutes():
    boxed = [_words(("Nomor", 0, 120), ("045", 200, 105), ("/", 330, 18), ("3261/", 370, 150), ("DISP", 560, 120))]
    assert fieldread.witness_vote("nomor", PAGE, MINE, WITNESS, boxed) == ("045/3261/DISP", 4)
    assert fieldread.witness_vote("nomor", PAGE, MINE, WITNESS) is None  # without a measure the rival stands
    wide = [_words(("Nomor", 0, 120), ("045", 200, 105), ("/", 330, 18), ("3261/", 370, 190), ("DISP", 580, 120))]
    assert fieldread.witness_vote("nomor", PAGE, MINE, WITNESS, wide) is None
