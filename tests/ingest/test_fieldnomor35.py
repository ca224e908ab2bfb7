"""A number row whose label the page reading lost, found by its shape and read again with its label (fieldnomor35).

A phone photo's page reading may drop the "No. :" before a number and keep the number ("26/TBM-SS/SP/2024
Kepada Yth. …"): no row starts with a Nomor label, so the field re-reader found no number row and the number stayed
empty. ``fieldread.shaped_row`` takes the head block's row shaped like a number (a figure before its first '/', a
year after its last) and the row is read again from the text's left edge, where the label is printed (real
Tesseract on a rendered letter head). A number is taken only from readings that read the label; a row with no label
printed, a number the body cites and a later page give none.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from test_fieldread import font

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import PageText, Word
from ingest.options import IngestOptions

SIZE = 36
NUMBER = "26/TBM-SS/SP/2024"


def _head(label: bool) -> tuple[np.ndarray, dict[str, tuple[int, int, int, int]]]:
    """A letter head with ``NUMBER`` on its row (after "No. :" when ``label``), the addressee column beside it; the
    page and the rendered rows' boxes."""
    im = Image.new("L", (2000, 900), 255)
    draw = ImageDraw.Draw(im)
    boxes: dict[str, tuple[int, int, int, int]] = {}
    rows = [("TAMAN BACAAN MASYARAKAT", 160, 100, 44), ("Padang Diwem Lama, 2 Juli 2024", 1200, 220, 40),
            (NUMBER, 300, 320, SIZE), ("Kepada Yth. Kepala Dinas", 1200, 320, SIZE),
            ("Lampiran", 160, 400, SIZE), ("Perihal", 160, 470, SIZE), (": Peminjaman Buku", 300, 470, SIZE)]
    if label:
        rows += [("No.", 160, 320, SIZE), (":", 280, 320, SIZE), (":", 280, 400, SIZE)]
    for text, x, y, size in rows:
        draw.text((x, y), text, fill=0, font=font(size))
        left, top, right, bottom = draw.textbbox((x, y), text, font=font(size))
        boxes[text] = (left, top, right - left, bottom - top)
    return np.asarray(im, dtype=np.uint8), boxes


def _words(boxes: dict, row: str, line: int, conf: float = 95.0) -> list[Word]:
    x, y, w, h = boxes[row]
    parts = row.split()
    return [Word(t, conf, (x + i * w // len(parts), y, w // len(parts), h), line) for i, t in enumerate(parts)]


def _page(boxes: dict, number: int = 1) -> PageText:
    """The page as its reading gave it: the number row without its label and colon, the addressee column on it."""
    words = [*_words(boxes, "TAMAN BACAAN MASYARAKAT", 0), *_words(boxes, "Padang Diwem Lama, 2 Juli 2024", 1),
             *_words(boxes, NUMBER, 2, 60.0), *_words(boxes, "Kepada Yth. Kepala Dinas", 2),
             *_words(boxes, "Lampiran", 3), *_words(boxes, "Perihal", 4), *_words(boxes, ": Peminjaman Buku", 4)]
    text = "\n".join(["TAMAN BACAAN MASYARAKAT", "Padang Diwem Lama, 2 Juli 2024", f"{NUMBER} Kepada Yth. Kepala Dinas",
                      "Lampiran", "Perihal : Peminjaman Buku"])
    return PageText(number=number, text=text, words=tuple(words), confidence=85.0, width=2000, height=900)


def _settled(label: bool, number: int = 1):
    image, boxes = _head(label)
    text = _page(boxes, number)
    before = extract_metadata(text.text, text.words)
    again = fieldread.reread_fields(image, text, IngestOptions(workers=1))
    rows = [ln for s in again.steps if s.stage == fieldread.STAGE for ln in s.details["lines"] if ln["field"] == "nomor"]
    return before, fieldread.settle(before, text.text, [again]), rows


def test_a_number_row_whose_label_the_page_lost_is_read_again_with_its_label():
    before, after, rows = _settled(label=True)
    assert not before.nomor.present  # the page's text alone has no Nomor label
    assert rows and rows[0]["page_line"].startswith(NUMBER), rows
    assert any(r.lstrip().startswith("No") for r in rows[0]["readings"]), rows[0]["readings"]
    assert after.nomor.value == NUMBER


def test_a_number_printed_without_a_label_gives_none():
    _, after, rows = _settled(label=False)
    assert rows, "the row shaped like a number is read again"
    assert not after.nomor.present


def test_a_later_page_is_not_searched_by_shape():
    _, after, rows = _settled(label=True, number=2)
    assert not rows
    assert not after.nomor.present


def _row(text: str, line: int, y: int) -> list[Word]:
    return [Word(t, 95.0, (100 + 80 * i, y, 70, 30), line) for i, t in enumerate(text.split())]


def test_the_shape_rule_passes_over_cited_numbers_dates_running_text_and_registers():
    lines = [_row("PEMERINTAH KABUPATEN BALANGAN", 0, 50),
             _row("Paringin, 12/03/2024", 1, 100),  # a date, not a number
             _row("Memperhatikan surat Bappelitbangda Nomor:", 2, 150),
             _row("000.4/146/Bappelitbangda/VI/2024 tentang", 3, 200),  # cited: the row before ends with its label
             _row("yang kami terima dari dinas pada 5/II/2024", 4, 250),  # running text
             _row("282 Camat Paringin 005/806/Kec-Prg/2023", 5, 280)]  # a register's row: its number after cells
    assert fieldread.shaped_row(lines, 1000) is None
    number = _row(": 041/12/Dispersip/2024 Kepada Yth.", 6, 300)
    assert fieldread.shaped_row([*lines[:2], _row("NG 2000465 NYBKLLPPDISPERSIMIV/2023", 6, 300)], 1000)  # damaged
    assert fieldread.shaped_row([*lines[:2], number], 1000) is number
    assert fieldread.shaped_row([*lines[:2], _row(": 041/12/Dispersip/2024", 6, 700)], 1000) is None  # lower page


def test_a_shape_found_row_does_not_keep_the_half_scale_search_from_the_dropped_number_row():
    """The page reading dropped the number row, and a row shaped like a number stands elsewhere in the head (two
    columns' words run together into one line: "I 3estari 041/469/1dispersip/2023 Ceria"). The shape-found row is
    read again, and the half-scale search for a number row the page dropped still runs: the number is settled from
    it, as it was before the shape rule."""
    from test_fieldread import NOMOR, _degrade, _letter, _page_text, _without_number_row

    page, boxes = _letter(nomor_size=40)
    page = np.vstack([page, np.full((1900, page.shape[1]), 255, np.uint8)])
    lost = _without_number_row(_page_text(boxes, NOMOR, 95.0))
    shaped = [Word(t, 90.0, (1200 + 200 * i, 520, 180, 40), 9) for i, t in enumerate("12/ab/2024 Ceria".split())]
    lost = PageText(number=1, text=lost.text + "\n12/ab/2024 Ceria", words=lost.words + tuple(shaped),
                    confidence=lost.confidence, width=lost.width, height=page.shape[0])
    assert fieldread.shaped_row(fieldread._lines(lost.words), lost.height) is not None
    before = extract_metadata(lost.text, lost.words)
    assert not before.nomor.present
    read = fieldread.reread_fields(_degrade(page, factor=1.5, blur=0.4), lost, IngestOptions(workers=1))
    lines = next(s for s in read.steps if s.stage == fieldread.STAGE).details["lines"]
    assert fieldread.HALF in [ln["field"] for ln in lines], lines
    assert fieldread.settle(before, lost.text, [read]).nomor.value == NOMOR, lines
