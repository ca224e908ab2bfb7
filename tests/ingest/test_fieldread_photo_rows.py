"""Number rows of photographed letters whose addressee column stands off the number (messenger19): the row is
cropped round the number's own words. Real Tesseract, generated degraded images."""
from __future__ import annotations

import cv2
import numpy as np
from pagegen import FONT_DIRS
from PIL import Image, ImageDraw, ImageFont

from ingest import fieldread
from ingest.model import Word
from ingest.options import IngestOptions

NOMOR = "045/112/DISPERSIP/VI/2024"
COLUMN = "Kepada Yth. Kepala Desa Pulau Sosi"


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIRS[0] / "LiberationSans-Regular.ttf"), size)


def _row(offset: float, size: int = 30) -> tuple[np.ndarray, list[Word]]:
    """A number row with an addressee column beside it set ``offset`` letter sizes higher (a photographed page's
    columns do not stand on one line), and the page reading's words of it: label, colon, number, then the column's
    five words (more words than the number's side, as in a letter)."""
    im = Image.new("L", (2000, 400), 255)
    draw = ImageDraw.Draw(im)
    y = 200
    words: list[Word] = []
    for text, x, top in (("Nomor", 100, y), (":", 260, y), (NOMOR, 290, y)):
        draw.text((x, top), text, fill=0, font=_font(size))
        left, t, right, bottom = draw.textbbox((x, top), text, font=_font(size))
        words.append(Word(text, 90.0 if text != NOMOR else 30.0, (left, t, right - left, bottom - t), 0))
    x, top = 1000, int(y - offset * size)
    for text in COLUMN.split():
        draw.text((x, top), text, fill=0, font=_font(size))
        left, t, right, bottom = draw.textbbox((x, top), text, font=_font(size))
        words.append(Word(text, 95.0, (left, t, right - left, bottom - t), 0))
        x = right + size // 3
    return np.asarray(im).copy(), words


def _photo(page: np.ndarray) -> np.ndarray:
    """A messenger photo's loss: shrunk to 60 %, JPEG at quality 35, enlarged back (bicubic) as the pipeline does."""
    small = cv2.resize(page, None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA)
    ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 35])
    assert ok
    return cv2.resize(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE), (page.shape[1], page.shape[0]),
                      interpolation=cv2.INTER_CUBIC)


def _number_box(words: list[Word]) -> tuple[int, int, int, int]:
    return next(w.box for w in words if w.text == NOMOR)


def test_number_part_ends_at_the_last_word_with_a_slash():
    _, words = _row(0.6)
    assert [w.text for w in fieldread._number_part(words)] == ["Nomor", ":", NOMOR]
    no_slash = [Word("No.", 90.0, (0, 0, 30, 20), 0), Word("0412", 40.0, (40, 0, 60, 20), 0)]
    assert fieldread._number_part(no_slash) == no_slash


def test_number_below_its_addressee_column_is_cropped_whole_and_read():
    """The column stands 0.6 letter sizes higher: the whole row's centre (the column has more words) would cut the
    number's lower part off; the crop is centred on the number and its re-readings give it."""
    page, words = _row(0.6)
    image = _photo(page)
    _, y, _, h = _number_box(words)
    whole_centre, size = fieldread._band(words)
    assert whole_centre + 0.9 * size < y + h  # the row's own centre cuts the number's bottom
    crop, factor = fieldread._row_crop(image, words, 1900, usual=size)
    assert crop.shape[0] >= int(1.8 * size) - 1
    readings = fieldread.read_row(crop, factor, IngestOptions(workers=1), "nomor", " ".join(w.text for w in words))
    values, _ = fieldread.vote([" ".join(w.text for w in words)] + [r for r, _ in readings])
    assert values.get("nomor") == NOMOR, readings


def test_column_nearly_on_the_number_leaves_the_crop_as_it_was():
    """A column a little off the number's line (0.1 letter size, under ``OFF_CENTRE``) keeps the whole row's
    centre: the crop is the one the row gave before."""
    page, words = _row(0.1)
    centre, size = fieldread._band(words)
    own = fieldread._band(fieldread._number_part(words))[0]
    assert 0 < abs(own - centre) <= fieldread.OFF_CENTRE * size
    crop, _ = fieldread._row_crop(page, words, 1900, usual=size)
    y0 = int(centre - 0.9 * size)
    x0 = int(min(w.box[0] for w in words) - 0.8 * size)
    assert np.array_equal(crop, page[y0:y0 + crop.shape[0], x0:x0 + crop.shape[1]])


def _words(text: str) -> list[Word]:
    return [Word(t, 80.0, (100 + 90 * i, 300, 80, 30), 0) for i, t in enumerate(text.split())]


def test_number_row_whose_label_lost_a_letter_is_found_and_read_with_its_label():
    """ "No." read "Na."/"Ne." on a blurred photo, "NOMOR" cut to "YMOR" at the sheet's edge: with a number-shaped
    value after it the row is the number row (and is read again)."""
    for row in ("Na. 1 000.4,6.3/161/Dispersip-Blg/VI/2023 Kepada Yth. Camat",
                "Ne. : 041/326/Dispersip/2023", "YMOR 000.1.5/105/Dispersip-Blg/IX/2025"):
        assert fieldread._nomor_line(_words(row)), row
    # a label cut at the sheet's edge is cut in every reading: written back; a blurred "No." read "Na." is one
    # reading's misread, and such a re-reading stays unparsed (not trusted with the value)
    assert not fieldread.line_values("Na. : 000.4.6.3/161/Dispersip-Blg/VI/2023")
    assert fieldread.line_values("YMOR 000.1.5/105/Dispersip-Blg/IX/2025")["nomor"] == "000.1.5/105/Dispersip-Blg/IX/2025"


def test_words_like_a_misread_label_without_a_number_are_no_number_row():
    for row in ("Nama : Budi Santoso", "Ne 1 2 3", "Na. Kepala Desa Pulau Sosi", "Di. 041/22/Dispersip/2023",
                "Armor 12 buah"):
        assert not fieldread._nomor_line(_words(row)), row
    assert fieldread._label_put_back("No. : 041/2/Dispersip/2023") == "No. : 041/2/Dispersip/2023"  # a label kept
