"""A name field emptied for one doubted word, the word read again alone by both recognizers (issue 13, realmeta25).

Tesseract sometimes puts a cleanly printed word of an addressee in one box with ink of the row under it ("Provinsi"
over "Di": a box two rows tall, read at 45); extraction then empties the whole addressee for that word. The word is
cut out at its row's own height and read again by the page's model and by the witness model: when every reading is
that very word, read sure, the field is taken with the value it was emptied with; a word the page misread is read
otherwise and confirms nothing. Letters are drawn here with the real fonts and read by real Tesseract."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import font
from PIL import Image, ImageDraw
from test_fieldread import _degrade

from ingest import fieldread, wordread
from ingest.metadata import extract_metadata
from ingest.model import Field, PageText, Word
from ingest.options import IngestOptions

WIDTH, HEIGHT = 1800, 1500
ADDRESSEE = "Kepala Biro Perekonomian Setda Provinsi Sumatera Selatan"


def _letter(doubted: str, read_as: str, conf: float, merged: bool) -> tuple[PageText, np.ndarray]:
    """A letter whose addressee block is drawn cleanly; the page reading gives every word at 95 but ``doubted``,
    read as ``read_as`` at ``conf``, its box reaching down over the "di" row under it when ``merged``."""
    lines = [("PEMERINTAH KABUPATEN BALANGAN", 120, 60, 40), ("DINAS PERPUSTAKAAN DAN KEARSIPAN", 300, 130, 40),
             ("Paringin, 12 Juni 2024", 1150, 240, 34), ("Nomor : 005/112/DISPERSIP/VI/2024", 120, 320, 34),
             ("Perihal : Undangan Rapat Koordinasi", 120, 380, 34), ("Kepada Yth.", 120, 470, 34),
             ("Kepala Biro Perekonomian Setda", 120, 530, 34), ("Provinsi Sumatera Selatan", 120, 590, 34),
             ("di Palembang", 120, 650, 34),
             ("Dalam rangka penyusunan rencana kerja tahun depan, kami mengundang Saudara", 120, 750, 34),
             ("untuk hadir pada rapat koordinasi di aula kantor dinas.", 120, 810, 34)]
    im = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(im)
    words: list[Word] = []
    text: list[str] = []
    for n, (line, x, y, size) in enumerate(lines):
        read = []
        for token in line.split():
            left, top, right, bottom = draw.textbbox((x, y), token, font=font(size))
            draw.text((x, y), token, fill=0, font=font(size))
            box = (left, top, right - left, bottom - top)
            if token == doubted:
                box = (left, top, right - left, bottom - top + (60 if merged else 0))
                words.append(Word(read_as, conf, box, n))
                read.append(read_as)
            else:
                words.append(Word(token, 95.0, box, n))
                read.append(token)
            x = right + size // 2
        text.append(" ".join(read))
    page = PageText(number=1, text="\n".join(text), words=tuple(words), confidence=85.0, width=WIDTH, height=HEIGHT)
    return page, np.asarray(im).copy()


def _settled(text: PageText, image: np.ndarray, options: IngestOptions | None = None):
    before = extract_metadata(text.text, text.words)
    read_page = fieldread.reread_fields(_degrade(image, factor=1.5, blur=0.4), text,
                                        options or IngestOptions(workers=1))
    return before, fieldread.settle(before, text.text, [read_page]), read_page


@pytest.mark.parametrize("merged", [True, False])
def test_an_addressee_emptied_for_a_clean_word_is_taken_when_both_models_read_it_alone(merged):
    if fieldread.witness_model(IngestOptions(workers=1)) is None:
        pytest.skip("the witness model (tessdata/best) is not installed")
    text, image = _letter("Provinsi", "provinsi", 45.0, merged)
    before, after, read_page = _settled(text, image)
    assert not before.penerima.present and "OCR ragu pada 'provinsi' (45)" in before.penerima.reason
    record = next(s for s in read_page.steps if s.stage == fieldread.STAGE)
    words = [ln for ln in record.details["lines"] if ln["field"] == wordread.WORD]
    assert words and words[0]["page_line"] == "provinsi", record.details
    assert after.penerima.value == ADDRESSEE.replace("Provinsi", "provinsi"), words
    assert after.penerima.confidence <= wordread.WORD_CONFIDENCE
    assert wordread.CONFIRMED in after.penerima.reason
    assert not any(r.startswith("penerima:") for r in after.review)


def test_a_word_the_page_misread_confirms_nothing():
    """The page read "Provinsi" as "Propinsl": read alone, both models read the printed word, not the page's, so the
    addressee stays empty (its value would carry the misread word)."""
    text, image = _letter("Provinsi", "Propinsl", 45.0, True)
    before, after, _ = _settled(text, image)
    assert not before.penerima.present and "OCR ragu pada 'Propinsl'" in before.penerima.reason
    assert not after.penerima.present
    assert after.penerima.reason == before.penerima.reason


def test_without_the_witness_model_nothing_is_confirmed():
    text, image = _letter("Provinsi", "provinsi", 45.0, True)
    _, after, _ = _settled(text, image, IngestOptions(workers=1, witness_tessdata=None))
    assert not after.penerima.present


@pytest.mark.parametrize("line, confirmed", [
    ({"page_line": "provinsi", "readings": ["Provinsi", "Provinsi"], "witness": ["Provinsi"],
      "confidences": [96.0, 91.0]}, 91.0),
    ({"page_line": "provinsi", "readings": ["Provinsi", "Provinsi"], "witness": [],
      "confidences": [96.0, 96.0]}, None),  # no second model's reading
    ({"page_line": "provinsi", "readings": ["Provinsi", "Provinsl"], "witness": ["Provinsi"],
      "confidences": [96.0, 96.0]}, None),  # one reading says otherwise
    ({"page_line": "provinsi", "readings": ["Provinsi", "Provinsi"], "witness": ["Provinsi Di"],
      "confidences": [96.0, 96.0]}, None),  # the row below read into it
    ({"page_line": "provinsi", "readings": ["Provinsi", "Provinsi"], "witness": ["Provinsi"],
      "confidences": [96.0, 52.0]}, None),  # read alike, but not sure
    ({"page_line": "JANYA", "readings": ["BUSA", "-"], "witness": ["Raka"], "confidences": [4.0, 64.0]}, None),
])
def test_what_confirms_a_word(line, confirmed):
    assert wordread.word_confirmed({"field": wordread.WORD, **line}) == confirmed


def test_the_doubted_word_is_named_only_by_an_emptied_field():
    assert wordread.doubted_word(Field(None, 0.5, "dikosongkan karena tidak pasti ('Kepala Desa'): blok 'Yth.' "
                                                   "baris 3; OCR ragu pada 'Desa' (45)")) == ("Desa", 45)
    assert wordread.doubted_word(Field("Kepala Desa", 0.5, "blok 'Yth.'; OCR ragu pada 'Desa' (45)")) is None
    assert wordread.doubted_word(Field(None, 0.0, "tidak ada blok Yth.")) is None
    assert wordread.doubted_word(Field(None, 0.3, "dikosongkan karena tidak pasti ('Kepala 1'): blok; "
                                                   "OCR ragu pada '1' (45)")) is None  # no word of letters
