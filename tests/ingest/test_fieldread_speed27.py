"""Field re-reading makes each image of a row once, and only when it is read (speed27, issue 13): the witness model
reads the page model's images and both read the same smoothed ones, so a row's image asked for again is the one
made the first time (the same pixels, not made again); a row read until its vote settles makes no image it does
not read. A number row no reading of its plain images gives a number for is not read sharpened: ``aligned_number``
takes a number the sharpened readings helped to only when each segment is also read so by a plain reading, so
those six readings could settle nothing. Generated rows, real Tesseract, the real extractor."""
from __future__ import annotations

import cv2
import numpy as np
from pagegen import FONT_DIRS
from PIL import Image, ImageDraw, ImageFont
from test_fieldread import _record

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.options import IngestOptions

OPTIONS = IngestOptions(workers=1)
ALL_VARIANTS = (*fieldread.VARIANTS, *fieldread.EVEN_VARIANTS, *fieldread.DENOISED_VARIANTS,
                *fieldread.SHARPENED_VARIANTS)


def _row(text: str, size: int = 18, blur: float = 1.0, quality: int = 45) -> np.ndarray:
    """A row printed small, seen through a phone's blur and a messenger's JPEG: crop-sized."""
    font = ImageFont.truetype(str(FONT_DIRS[0] / "LiberationSerif-Regular.ttf"), size)
    im = Image.new("L", (40 + size * len(text) * 2 // 3, int(1.8 * size) + 4), 255)
    ImageDraw.Draw(im).text((10, 2), text, fill=0, font=font)
    row = cv2.GaussianBlur(np.asarray(im), (0, 0), blur)
    ok, jpeg = cv2.imencode(".jpg", row, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)


def test_a_rows_image_asked_again_is_the_image_made_afresh_and_is_not_made_again(monkeypatch):
    crop = _row("Nomor : 045/112/DISPERSIP/VI/2024")
    other = _row("Nomor : 046/113/DISPERSIP/VI/2024")
    assert other.shape == crop.shape and not np.array_equal(other, crop)
    factor = fieldread.TARGET_WORD_PX / 18
    first = fieldread.binarisations(crop, factor, ALL_VARIANTS)
    fieldread.binarisations(other, factor, ALL_VARIANTS)  # another crop of the same size: the first one's let go
    again = fieldread.binarisations(crop.copy(), factor, ALL_VARIANTS)  # made afresh, from a copy of the crop
    for a, b, c in zip(first, again, fieldread.binarisations(other, factor, ALL_VARIANTS)):
        assert np.array_equal(a, b)
        assert not np.array_equal(a, c)
    smoothed = []
    real = fieldread._denoised
    monkeypatch.setattr(fieldread, "_denoised", lambda grey, how: smoothed.append(how) or real(grey, how))
    fieldread.binarisations(crop, factor, fieldread.DENOISED_VARIANTS)  # the page's model
    fieldread.binarisations(crop, factor, fieldread.DENOISED_VARIANTS)  # the witness: the same four images
    assert len(smoothed) == len(fieldread.DENOISED_VARIANTS)  # each smoothed once, not twice


def test_a_row_whose_vote_settles_makes_only_the_images_it_reads():
    crop = _row("Nomor : 045/112/DISPERSIP/VI/2024", size=30, blur=0.6, quality=90)
    page_line = "Nomor : 045/112/DISPERSIP/VI/2024"
    readings = fieldread.read_row(crop, fieldread.TARGET_WORD_PX / 30, OPTIONS, "nomor", page_line)
    assert 0 < len(readings) < len(fieldread.VARIANTS)  # settled before the last variant
    assert len(fieldread._ROW_IMAGES.images) == len(readings)


def test_a_number_row_no_plain_reading_gives_a_number_for_is_not_read_sharpened():
    # the number was never printed (a form's blank line of dots): no reading of the plain images has a number
    page_line = "Nomor : ....................."
    crop = _row("Nomor : ..............................", size=18)
    line = fieldread._reading("nomor", page_line, crop, fieldread.TARGET_WORD_PX / 18, OPTIONS)
    plain = [line.page_line, *line.readings, *line.witness]
    assert line.readings and not any(fieldread.nomor_candidate(r) for r in plain)
    assert line.sharpened == () and line.unconfirmable
    assert line.to_json()["unconfirmable"] is True


def test_an_unconfirmable_row_gives_no_number_to_the_character_vote():
    # readings of the plain images with no number in any, sharpened readings agreeing on one: read sharpened, the
    # number is refused (no plain reading confirms a segment); not read sharpened, the row is passed over alike
    text = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN\nNomor : 045 112 DISPERSIP\nParingin, 7 Juni 2024"
    metadata = extract_metadata(text)
    rows = ["Nomor : 045 112 DISPERSIP", "Nomor : O45 1l2 DlSPERSIP VI 2024", "Nomor : 045 112 DISPERSIP V1 2O24"]
    sharpened = ("Nomor : 045/112/DISPERSIP/VI/2024",) * 4
    assert not any(fieldread.nomor_candidate(r) for r in rows)
    values, votes = fieldread.vote(rows)
    read = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), values, votes, 3, sharpened=sharpened)
    skipped = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), values, votes, 3, unconfirmable=True)
    assert not fieldread.settle(metadata, text, [_record([read.to_json()])]).nomor.present
    assert not fieldread.settle(metadata, text, [_record([skipped.to_json()])]).nomor.present
