"""A one-figure day with a blank after it as wide as a lost figure (issue 17, lead, twenty-second session): toner or
fax dropout and speck filters take a figure off a printed day, and "15 April 2024" reads "1 April 2024" with every
word sure, a valid and wrong date. Extraction now shows such a date low and empties it for review, and a re-reading
of the row that gives the same one-figure day does not fill it again. Pages and texts are written here, not taken
from any set."""
from __future__ import annotations

import numpy as np
from pagegen import font
from PIL import Image, ImageDraw

from ingest import fieldread
from ingest.metadata import DAY_GAP, extract_metadata
from ingest.model import PageText, Word
from ingest.options import IngestOptions

WIDTH, HEIGHT = 1800, 1300


def _letter(date_line: str, lost: str = "") -> tuple[PageText, np.ndarray]:
    """A letter's head with ``date_line`` on the right. With ``lost``, the day token's figures after its first
    are painted out of the image (a dropout) and the page reading gives the first figure alone, its own box."""
    lines = [("PEMERINTAH KABUPATEN BALANGAN", 120, 60, 40), ("KECAMATAN JUAI", 420, 130, 40),
             ("Jl. Jend. Sudirman No. 4 Juai 71665", 300, 200, 28), (date_line, 1000, 290, 34),
             ("Nomor : 005/112/Kec-JUAI/IV/2024", 120, 360, 34), ("Perihal : Undangan Rapat Koordinasi", 120, 420, 34),
             ("Kepada Yth. Kepala Desa se-Kecamatan Juai", 120, 500, 34),
             ("Dalam rangka penyusunan rencana kerja tahun depan, kami mengundang Saudara", 120, 600, 34),
             ("untuk hadir pada rapat koordinasi di aula kantor kecamatan.", 120, 660, 34)]
    im = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(im)
    words: list[Word] = []
    text: list[str] = []
    for n, (line, x, y, size) in enumerate(lines):
        read = []
        for token in line.split():
            left, top, right, bottom = draw.textbbox((x, y), token, font=font(size))
            draw.text((x, y), token, fill=0, font=font(size))
            seen = right
            if token == lost:  # the figures after the first painted out, the first read alone
                seen = draw.textbbox((x, y), token[0], font=font(size))[2]
                draw.rectangle((seen + 1, top - 2, right + 1, bottom + 2), fill=255)
                token = token[0]
            words.append(Word(token, 95.0, (left, top, seen - left, bottom - top), n))
            read.append(token)
            x = right + size // 2
        text.append(" ".join(read))
    page = PageText(number=1, text="\n".join(text), words=tuple(words), confidence=90.0, width=WIDTH, height=HEIGHT)
    return page, np.asarray(im).copy()


def test_a_one_figure_day_before_a_blank_for_a_lost_figure_is_emptied_for_review():
    page, _ = _letter("Juai, 15 April 2024", lost="15")
    assert "Juai, 1 April 2024" in page.text
    metadata = extract_metadata(page.text, page.words)
    assert not metadata.tanggal.present
    assert DAY_GAP in metadata.tanggal.reason
    assert any(r.startswith("tanggal:") for r in metadata.review)
    assert extract_metadata(page.text).tanggal.value == "2024-04-01"  # without the words' places: as before


def test_a_one_figure_day_printed_as_such_is_kept():
    page, _ = _letter("Juai, 1 April 2024")
    assert extract_metadata(page.text, page.words).tanggal.value == "2024-04-01"


def test_a_two_figure_day_is_kept_whatever_its_spacing():
    page, _ = _letter("Juai,  15    April 2024")
    assert extract_metadata(page.text, page.words).tanggal.value == "2024-04-15"


def test_the_row_read_again_with_the_same_lost_figure_does_not_fill_the_date_again():
    page, image = _letter("Juai, 15 April 2024", lost="15")
    metadata = extract_metadata(page.text, page.words)
    read = fieldread.reread_fields(image, page, IngestOptions())
    lines = fieldread.recorded([read])
    assert any(ln["field"] == "tanggal" and ln["values"].get("tanggal") == "2024-04-01" for ln in lines)
    settled = fieldread.settle(metadata, read.text, [read])
    assert not settled.tanggal.present
