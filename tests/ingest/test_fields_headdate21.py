"""A letter's own date at its head with no readable place (issue 13, realmeta21): letters whose kop already names
the place print the date alone ("14 Maret 2024"), and a place the reading damaged ("luai," for "Juai,", the page's
text keeping only the date) leaves the same row. Extraction reads such a date as a head date and empties it when
Tesseract doubted its day; the row used to be read again only when it held a place-date ("Juai, 14 Maret 2024"), so
the doubted day stayed empty. Pages and texts are written here, not taken from any set."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import font
from PIL import Image, ImageDraw
from test_fieldread import _degrade

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import PageText, Word
from ingest.options import IngestOptions

WIDTH, HEIGHT = 1800, 1500


def _letter(date_drawn: str, date_read: list[tuple[str, float]]) -> tuple[PageText, np.ndarray]:
    """A letter's head with the date row drawn as ``date_drawn`` on the right, and the page reading of it: every
    word read sure but the date row, read as ``date_read`` (word, confidence); the page's text keeps the row
    without its first word when that word is no date's (the place the reading's filter dropped)."""
    lines = [("PEMERINTAH KABUPATEN BALANGAN", 120, 60, 40), ("KECAMATAN JUAI", 420, 130, 40),
             ("Jl. Jend. Sudirman No. 4 Juai 71665", 300, 200, 28), (date_drawn, 1150, 290, 34),
             ("Nomor : 005/112/Kec-JUAI/2024", 120, 360, 34), ("Perihal : Undangan Rapat Koordinasi", 120, 420, 34),
             ("Kepada Yth. Kepala Desa se-Kecamatan Juai", 120, 500, 34),
             ("Dalam rangka penyusunan rencana kerja tahun depan, kami mengundang Saudara", 120, 600, 34),
             ("untuk hadir pada rapat koordinasi di aula kantor kecamatan.", 120, 660, 34)]
    im = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(im)
    words: list[Word] = []
    text: list[str] = []
    for n, (line, x, y, size) in enumerate(lines):
        boxes = []
        for token in line.split():
            left, top, right, bottom = draw.textbbox((x, y), token, font=font(size))
            draw.text((x, y), token, fill=0, font=font(size))
            boxes.append((left, top, right - left, bottom - top))
            x = right + size // 2
        if line == date_drawn:
            words += [Word(t, c, box, n) for (t, c), box in zip(date_read, boxes)]
            kept = [t for t, _ in date_read]
            text.append(" ".join(kept[1:] if not kept[0][:1].isdigit() else kept))
        else:
            words += [Word(t, 95.0, box, n) for t, box in zip(line.split(), boxes)]
            text.append(line)
    page = PageText(number=1, text="\n".join(text), words=tuple(words), confidence=85.0, width=WIDTH, height=HEIGHT)
    return page, np.asarray(im).copy()


@pytest.mark.parametrize("drawn,read,row", [
    ("14 Maret 2024", [("14", 40.0), ("Maret", 95.0), ("2024", 95.0)], "14 Maret 2024"),
    ("Juai, 14 Maret 2024", [("luai,", 90.0), ("14", 40.0), ("Maret", 95.0), ("2024", 95.0)], "luai, 14 Maret 2024"),
])
def test_a_head_date_with_a_doubted_day_is_read_again_and_settled(drawn, read, row):
    text, page = _letter(drawn, read)
    before = extract_metadata(text.text, text.words)
    assert not before.tanggal.present and "tanpa nama tempat" in before.tanggal.reason  # read, emptied for its day
    assert fieldread.field_lines(text, ["tanggal"]) == []  # no place-date row
    rows = fieldread.field_lines(text, ["tanggal"], stamps=True)
    assert [(name, " ".join(w.text for w in ln)) for name, ln in rows] == [("tanggal", row)]
    read_page = fieldread.reread_fields(_degrade(page, factor=1.5, blur=0.4), text, IngestOptions(workers=1))
    after = fieldread.settle(before, text.text, [read_page])
    record = next(s for s in read_page.steps if s.stage == fieldread.STAGE)
    assert after.tanggal.value == "2024-03-14", record.details["lines"]
    assert "dibaca ulang per baris" in after.tanggal.reason


@pytest.mark.parametrize("line,found", [
    ("14 Maret 2024", "14 Maret 2024"),
    ("— 14 Maret 2024", "14 Maret 2024"),
    ("luai, 14 Maret 2024", "luai, 14 Maret 2024"),
    ("Muara Uya, 3 Mei 2023", "Muara Uya, 3 Mei 2023"),
    ("luai, 14 M Maret 2024", "luai, 14 M Maret 2024"),  # a speck between the day and the month
    ("Rabu, 12 Februari 2020", None),  # an event's day name before it
    ("Hari/Tanggal : 12 Februari 2020", None),
    ("diundang pada 12 Februari 2020", None),  # running text
    ("14 Maret 2024 di Aula", None),  # the row goes on after the year
    ("No. 6 Telp. (0511) 2024", None),
    ("14 Maret", None),
    ("14 Xyzzyq 2024", None),
])
def test_what_a_head_date_row_is(line, found):
    words = [Word(t, 95.0, (100 + 150 * i, 100, 120, 30), 0) for i, t in enumerate(line.split())]
    row = fieldread._head_date_row(words)
    assert (None if row is None else " ".join(w.text for w in row)) == found


def test_a_place_date_row_is_still_read_before_a_head_date():
    words = [Word(t, 95.0, (100 + 150 * i, 100, 120, 30), 0) for i, t in enumerate("14 Maret 2024".split())]
    words += [Word(t, 95.0, (100 + 150 * i, 200, 120, 30), 1) for i, t in enumerate("Paringin, 18 Juli 2023".split())]
    page = PageText(number=1, text="14 Maret 2024\nParingin, 18 Juli 2023", words=tuple(words),
                    confidence=90.0, width=2000, height=2000)
    rows = fieldread.field_lines(page, ["tanggal"], stamps=True)
    assert [" ".join(w.text for w in row) for _, row in rows] == ["Paringin, 18 Juli 2023"]
