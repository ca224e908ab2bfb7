"""An addressee block beside the number block whose label rows run up close to it (a long number, a wrapped
perihal: less than ``_GUTTER`` letter heights of paper between) is read after the label rows, not interleaved
with them; running text with wide word spaces, a table's rows and a block far enough apart keep their reading
(issue 13, camscan40)."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import font
from PIL import Image, ImageDraw

from ingest import fieldread, ocr, reading
from ingest.metadata import extract_metadata
from ingest.model import Page, Word
from ingest.options import IngestOptions

OPTIONS = IngestOptions()

LABELS = ["No. : 000.4.6.2/346/Bid.LPP/DISPERSIP/IV/", "2023", "Lampiran : -",
          "Perihal : Balasan Surat Permohonan Pinjam", "Buku Kolektif"]
ADDRESSEE = ["Kepada Yth. Lurah Jiseda", "di-", "Jiseda"]
BODY = ("Memperhatikan surat Saudara tanggal 21 April 2023, dengan ini kami sampaikan",
        "bahwa permohonan peminjaman buku kolektif untuk Kelurahan Jiseda dapat kami penuhi.")


def _letter(block_x: int) -> np.ndarray:
    """A 150 dpi letter: the date at the right, the label rows (a long number wrapped onto a second line, a
    perihal wrapped under its value) and the addressee block beside them starting at ``block_x``, body under."""
    im = Image.new("RGB", (1240, 900), "white")
    draw = ImageDraw.Draw(im)
    body = font(26)
    ink = (20, 20, 20)
    draw.text((block_x, 90), "Paringin, 24 April 2023", fill=ink, font=body)
    value_x = 90 + draw.textlength("Perihal : ", font=body)
    for n, text in enumerate(LABELS):
        x = value_x if n in (1, 4) else 90  # the number's year and the perihal's second line under the value
        draw.text((x, 150 + 42 * n), text, fill=ink, font=body)
    for n, text in enumerate(ADDRESSEE):
        draw.text((block_x + 40 * (n == 2), 150 + 42 * n), text, fill=ink, font=body)
    for n, text in enumerate(BODY):
        draw.text((90, 420 + 42 * n), text, fill=ink, font=body)
    return np.ascontiguousarray(np.asarray(im)[:, :, ::-1])


def _nomor_end() -> float:
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    return 90 + draw.textlength(LABELS[0], font=font(26))


@pytest.fixture(scope="module")
def close_letter():
    """The addressee block two letter heights right of the number's end."""
    return ocr.read_page(Page(1, _letter(int(_nomor_end()) + 52), dpi=150), OPTIONS)


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _at(lines: list[str], start: str) -> int:
    return next(n for n, line in enumerate(lines) if line.startswith(start))


def test_addressee_block_close_to_the_number_is_read_after_the_label_rows(close_letter):
    lines = _lines(close_letter.text)
    kepada, perihal = _at(lines, "Kepada"), _at(lines, "Perihal")
    assert not any("Kepada" in line for line in lines[:kepada]), lines
    assert lines[_at(lines, "No.")].endswith("/IV/"), lines
    assert perihal < kepada and lines[perihal + 1] == "Buku Kolektif", lines
    assert lines[kepada:kepada + 3] == ADDRESSEE, lines
    assert lines[kepada + 3].startswith("Memperhatikan"), lines


def _line(text: str, x: int, y: int, h: int = 30, char_w: int = 15, conf: float = 90.0) -> list[Word]:
    words, cursor = [], x
    for token in text.split():
        words.append(Word(token, conf, (cursor, y, char_w * len(token), h)))
        cursor += char_w * (len(token) + 1)
    return words


def _texts(lines: list[list[Word]]) -> list[str]:
    return [" ".join(w.text for w in line) for line in lines]


def _keys(lines: list) -> list[tuple]:
    return [(0, 1, 1, n + 1) for n in range(len(lines))]


def test_a_speck_in_the_gap_does_not_close_it():
    """A dash read at confidence 9 between the number and "Kepada" (a CamScanner letter): the gap is measured
    from the number; the speck stays with the left part."""
    nomor = _line("No. : 000.4.6.2/346/Bid.LPP/DISPERSIP/IV/", 90, 300)
    end = nomor[-1].box[0] + nomor[-1].box[2]
    lines = [nomor + [Word("—", 9.0, (end + 12, 296, 15, 40))] + _line("Kepada Yth. Lurah Jiseda", end + 66, 301),
             _line("2023", 210, 345) + _line("di-", end + 66, 346),
             _line("Lampiran : -", 90, 390) + _line("Jiseda", end + 106, 391),
             _line("Perihal : Balasan Surat", 90, 435),
             _line("Memperhatikan surat Saudara tanggal 21 April 2023 dengan ini kami", 90, 520)]
    split, _ = reading.right_blocks(lines, _keys(lines))
    assert _texts(split) == ["No. : 000.4.6.2/346/Bid.LPP/DISPERSIP/IV/ —", "2023", "Lampiran : -",
                             "Perihal : Balasan Surat", "Kepada Yth. Lurah Jiseda", "di-", "Jiseda", _texts(lines)[-1]]
    without_speck = [lines[0][:len(nomor)] + lines[0][len(nomor) + 1:]] + lines[1:]
    assert _texts(reading.right_blocks(without_speck, _keys(lines))[0])[4] == "Kepada Yth. Lurah Jiseda"


def test_running_text_with_wide_word_spaces_is_not_cut():
    """A justified body line whose word space (1.9 letter heights) happens to end where the addressee block
    starts, under a block read apart: the line stays whole, where it was read (a photocopy)."""
    block = [_line("Nomor : 045/159/PD-KC/2025", 90, 300) + _line("Yth. Kepala Dinas", 1000, 301),
             _line("Lampiran : -", 90, 345) + _line("Perpustakaan dan Kearsipan", 1000, 346),
             _line("Perihal : Undangan", 90, 390) + _line("di-", 1000, 391),
             _line("Tempat", 1000, 436)]
    head = "Sehubungan dengan surat Inspektorat Daerah Kabupaten Baru"
    body = _line(head, 1000 - 55 - 15 * len(head), 478) + _line("Balangan Nomor", 1000, 478)
    assert 45 <= 1000 - (body[6].box[0] + body[6].box[2]) < 90  # 1.5 to 3 letter heights: parted, were it a label row
    lines = block + [body]
    split, _ = reading.right_blocks(lines, _keys(lines))
    assert _texts(split)[-1] == _texts(lines)[-1]
    assert _texts(split)[:3] == ["Nomor : 045/159/PD-KC/2025", "Lampiran : -", "Perihal : Undangan"]


def test_table_rows_and_a_lone_close_row_are_left_alone():
    # an unruled table's rows, the second column in the right half, one row's first cell running close to it
    names = ["1. Ahmad Fauzi, S.Kom.", "2. Siti Rahmah binti Abdullah Hamid", "3. Muhammad Rizki"]
    roles = ["Kepala Seksi Layanan", "Pustakawan", "Staf Pengolahan"]
    lines = [_line(a, 90, 300 + 45 * i) + _line(b, 700, 301 + 45 * i) for i, (a, b) in enumerate(zip(names, roles))]
    lines.append(_line("Demikian daftar nama petugas ini dibuat untuk dipergunakan sebagaimana mestinya", 90, 450))
    assert reading.right_blocks(lines, _keys(lines)) == (lines, _keys(lines))
    # one label row close to a right-hand line, nothing else beside it: fewer than three right-hand rows
    lines = [_line("Nomor : 000.4.6.2/346/Bid.LPP/DISPERSIP/IV/", 90, 300) + _line("Kepada Yth.", 800, 301),
             _line("Lampiran : -", 90, 345) + _line("Lurah Jiseda", 800, 346),
             _line("Memperhatikan surat Saudara tanggal 21 April 2023 dengan ini kami", 90, 430)]
    assert reading.right_blocks(lines, _keys(lines)) == (lines, _keys(lines))


def test_a_number_box_run_on_into_the_addressee_line_stays_with_its_label():
    """Tesseract boxed the number together with the addressee line's first word, starting far left of the
    region's middle: it is the label row's value, not a word hung left of the block ("No." is kept with it)."""
    lines = [_line("Paringin, 16 Juni 2023", 1000, 255),
             [Word("No.", 90.0, (90, 300, 45, 30)), Word(":000.4.6.3/207/Dispersip-Blg/VI/2023Kepada", 0.0,
                                                           (300, 300, 690, 30))] + _line("Yth. Kepala SMPN 6", 1005, 301),
             _line("Lampiran : -", 90, 345) + _line("Wewogam Lama", 1000, 346),
             _line("Perihal : Undangan Kegiatan", 90, 390) + _line("di", 1000, 391),
             _line("Sosialisasi BuRT", 240, 435) + _line("Paringin Selatan", 1000, 436),
             _line("Memperhatikan surat Saudara tanggal 21 April 2023 dengan ini kami sampaikan bahwa", 90, 480)]
    split, _ = reading.right_blocks(lines, _keys(lines))
    assert _texts(split)[1].startswith("No. :000.4.6.3"), _texts(split)
    assert _texts(split)[2:6] == ["Lampiran : -", "Perihal : Undangan Kegiatan", "Sosialisasi BuRT", "Wewogam Lama"]


def test_the_number_is_extracted_whole_from_the_rows_read_apart(close_letter):
    """The number wrapped after its slash ("…/IV/" over "2023") and the addressee read after the label rows:
    the number is still put together from its two rows."""
    got = extract_metadata(close_letter.text, close_letter.words).nomor.value
    assert got == "000.4.6.2/346/Bid.LPP/DISPERSIP/IV/2023"



def test_a_wrapped_number_row_is_read_again_as_printed_with_the_block_beside_it():
    """The field re-reader takes the row of a number broken after a slash with the words the page reading parted
    from it (the addressee line level with it), so its crop and letter height are the printed row's, as when the
    two were read as one line; a row with nothing beside it stays itself."""
    nomor = _line("No. : 000.4.6.2/346/Bid.LPP/DISPERSIP/IV/", 90, 300, h=40)
    beside = _line("Kepada Yth. Lurah Jiseda", 760, 304, h=30)
    under = _line("2023 di-", 210, 345)
    words = nomor + beside + under
    assert [w.text for w in fieldread._printed_row(nomor, words)] == [w.text for w in nomor + beside]
    assert fieldread._printed_row(nomor, nomor + under) == nomor
