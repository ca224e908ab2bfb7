"""A number row every vote leaves open is read once more from images that change what the blur and the JPEG left
(the blur undone, contrast per tile along the row, the strokes sharpened: ``fieldread.SHARPENED_VARIANTS``) by
both models, and these readings join the character-by-character vote (``aligned_number``) as further witnesses
(messenger23). A choice at the places the readings split on that begins with a mark ("@4/…", which the extractor
reads as "4/…") is no rival. Written readings through ``settle`` with the real extractor; generated images with
real Tesseract for the images and the readings."""
from __future__ import annotations

import cv2
import numpy as np
from pagegen import FONT_DIRS
from PIL import Image, ImageDraw, ImageFont
from test_fieldread import _record

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.options import IngestOptions

NUMBER = "000.1.5/287/Dispersip-Blg/VII/2025"
DATE = "Paringin, 7 Juli 2025"
# the page's line and the re-readings: the sequence number split 287/281 two against two, each reading garbling
# another character besides; no reading gives the number whole and no vote or rule settles it
ROWS = ["Nomor : 000.1.5/287/Dispersip-Blg/VU/2025",
        "Nomor : 000.1.5/281/Dispersip-Blg/VII/2023",
        "Nomor : 000.1.5/287Dispersip-Blg/VII/2025",
        "Nomor : 000.1,5/281/Disperslp-Blg/VII/2025"]
# the row's sharpened images, read by the two models: the digit read 7 by most, other characters garbled
SHARPENED = ["Nomor : 000.1.5/287/Dispersip-Blg/VII/202S", "Nomor : 000.1.5/287/Disperslp-Blg/VII/2025",
             "Nomor : 000.1.5/287/Dispersip-Blg/VIL2025"]


def _settled(rows: list[str], sharpened: list[str], witness: tuple[str, ...] = (), date: str = DATE):
    text = f"PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN\n{rows[0]}\n{date}\nHal : Undangan"
    metadata = extract_metadata(text)
    assert not metadata.nomor.present
    values, votes = fieldread.vote(rows)
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), values, votes, len(rows), witness=witness,
                                 sharpened=tuple(sharpened)).to_json()
    return fieldread.settle(metadata, text, [_record([line])])


def test_sharpened_readings_join_the_character_vote():
    assert not any(fieldread.line_values(r).get("nomor") == NUMBER for r in ROWS + SHARPENED)
    assert not _settled(ROWS, []).nomor.present  # 287 or 281: two digits the grammar cannot tell apart
    after = _settled(ROWS, SHARPENED)
    assert after.nomor.value == NUMBER
    assert "dibaca ulang per karakter: 7 bacaan baris" in after.nomor.reason


def test_sharpened_readings_that_split_alike_leave_the_number_empty():
    split = [SHARPENED[0], SHARPENED[1].replace("/287/", "/281/")]
    assert not _settled(ROWS, split).nomor.present
    assert not _settled(ROWS, SHARPENED, date="Paringin, 7 Agustus 2025").nomor.present  # July's number


def test_a_choice_beginning_with_a_mark_is_no_rival():
    # the sequence number's first place read '6' by two readings, '@' (a speck) by two, 'G' by one: "@4/…" is read by the
    # extractor as "4/…", a rival number that kept the row empty although no reading saw the number begin at '4'
    number = "64/BAST/DISPERSIP/VIII/2024"
    rows = ["Nomor : G4/BAST/DISPERSIP/VIII/202A", "Nomor : @4/BAST/DISPERSIP/VIII/2O2A",
            "Nomor : 64/BAST/DISPERSlP/VIII/2024", "Nomor : @4/BAST/DISPERSIP/V111/2024"]
    assert not any(fieldread.line_values(r).get("nomor") == number for r in rows)
    assert extract_metadata("Nomor : @4/BAST/DISPERSIP/VIII/2024").nomor.value == "4/BAST/DISPERSIP/VIII/2024"
    after = _settled(["Nomor : 64/BAST/DISPERSIP/VIIV2024", *rows], [], date="Paringin, 6 Agustus 2024")
    assert after.nomor.value == number


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIRS[0] / "LiberationSerif-Regular.ttf"), size)


def _blurred_row(text: str, size: int = 16) -> np.ndarray:
    """A number row printed small and seen through a phone's blur and a messenger's JPEG: crop-sized."""
    im = Image.new("L", (40 + size * len(text) * 2 // 3, int(1.8 * size) + 4), 255)
    ImageDraw.Draw(im).text((10, 2), text, fill=0, font=_font(size))
    row = cv2.GaussianBlur(np.asarray(im), (0, 0), 1.0)
    ok, jpeg = cv2.imencode(".jpg", row, [cv2.IMWRITE_JPEG_QUALITY, 45])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)


def _steepest(image: np.ndarray) -> float:
    return float(np.abs(cv2.Sobel(image.astype(np.float32), cv2.CV_32F, 1, 0)).max())


def test_the_sharpened_images_steepen_the_blurred_strokes():
    crop = _blurred_row("Nomor : 045/112/DISPERSIP/VI/2024")
    factor = fieldread.TARGET_WORD_PX / 16
    plain = fieldread.binarisations(crop, factor, ((1.0, "grey"),))[0]
    for image in fieldread.binarisations(crop, factor, fieldread.SHARPENED_VARIANTS):
        assert image.shape == plain.shape and image.dtype == np.uint8
        assert _steepest(image) > 1.2 * _steepest(plain)


def test_a_row_is_read_under_each_sharpened_image_by_both_models():
    crop = _blurred_row("Nomor : 045/112/DISPERSIP/VI/2024", size=22)
    options = IngestOptions(workers=1)
    readings = fieldread.read_sharpened(crop, fieldread.TARGET_WORD_PX / 22, options)
    models = 2 if fieldread.witness_model(options) else 1
    assert len(readings) == models * len(fieldread.SHARPENED_VARIANTS)
    assert sum("045/112" in r for r in readings) >= 2


def test_a_segment_only_the_sharpened_readings_read_so_is_not_taken():
    # the page's model reads the sequence number 2B7 / 28l, never 287; the sharpened images read 287 four times:
    # readings of one crop that agree among themselves are not an independent reading of the segment
    rows = ["Nomor : 000.1.5/2B7/Dispersip-Blg/VU/2025", "Nomor : 000.1.5/2B7/Dispersip-Blg/VII/2023",
            "Nomor : 000.1.5/28l/Dispersip-Blg/VII/2025", "Nomor : 000.1,5/2B7/Disperslp-Blg/VII/2025"]
    alone = ["Nomor : 000.1.5/287/Dispersip-Blg/VII/202S", "Nomor : 000.1.5/287/Disperslp-Blg/VII/2025",
             "Nomor : 000.1.5/287/Dispersip-Blg/VIL2025", "Nomor : 000.1.5/287/Dispersip-Blg/VU/2025"]
    assert not _settled(rows, alone).nomor.present
    assert _settled([*rows[:3], rows[3].replace("/2B7/", "/287/")], alone).nomor.value == NUMBER


def test_a_month_run_into_the_code_before_it_is_damage_not_a_number():
    # every reading loses the month's '/' alike or reads the month otherwise ("SPS-51V" for "SPS-5/IV"): a number
    # without a month whose code ends in a digit and a month's strokes is the month glued on, not a code
    rows = ["NOMOR 5 491.21325PS5V/2033 |", "NOMOR: 421. 5132/SPS-5/IV/2023", "NOMOR : 21.213Z/SPS-SIV/2023",
            "NOMOR: 421.2/132/SPS-5/IV/2023", "NOMOR 421. 5132/SPS-51V/2023"]
    witness = ("NOMOR : 421.2/132/SPS-51V/2023", "NOMOR : 421.21132/SPS-51V/2023", "NOMOR : 421.2/132/SPS-51V/2023")
    sharpened = ["NOMOR : 421.2/132/SPS-SIV/2023", "NOMOR :421.2/132/SPS-51V/2023", "NOMOR: 421.2/132/SPS-51V/2023",
                 "NOMOR : 421.21132/SPS-51V/2023 |", "NOMOR : 421.2/132/SPS-YIV 2023", "NOMOR : 421.2/132/SPS-51V/2023"]
    # two re-readings keep the month's '/' ("SPS-5/IV"): readings lose a '/', they do not add one (photonomor28),
    # so the character vote tries it and the glued reading drops out as damage
    assert _settled(rows, sharpened, witness, date="Paringin, 17 April 2023").nomor.value == "421.2/132/SPS-5/IV/2023"
    glued = [r.replace("SPS-5/IV", "SPS-51V") for r in rows]
    assert not _settled(glued, sharpened, witness, date="Paringin, 17 April 2023").nomor.present
    assert fieldread._month_glued("421.2/132/SPS-51V/2023") and fieldread._month_glued("041/SPS-5IV/2023")
    assert not fieldread._month_glued("421.2/132/SPS-5/IV/2023") and not fieldread._month_glued("000.1/28/Kel-51/2023")
