"""OCR wrapper: words with boxes and confidences, reading order, flags, boilerplate, errors."""
from __future__ import annotations

import os

import cv2
import numpy as np
import pytest
from pagegen import LINES, render_page, words_in_order

from ingest import ocr, reading
from ingest.errors import OcrTimeoutError, OcrUnavailableError
from ingest.model import Page
from ingest.options import IngestOptions

OPTIONS = IngestOptions(workers=1)


@pytest.fixture(scope="module")
def footer_page() -> np.ndarray:
    return render_page(footer="Dipindai dengan CamScanner")


@pytest.fixture(scope="module")
def read(footer_page):
    return ocr.read_page(Page(1, footer_page, dpi=150), OPTIONS)


def test_words_have_boxes_on_the_page_and_confidences(read, footer_page):
    h, w = footer_page.shape[:2]
    assert len(read.words) >= 0.95 * sum(len(line.split()) for line in LINES)
    for word in read.words:
        x, y, bw, bh = word.box
        assert 0 <= x and 0 <= y and x + bw <= w and y + bh <= h and bw > 0 and bh > 0
        assert 0 <= word.conf <= 100
    nomor = next(word for word in read.words if word.text == "Nomor")
    assert 80 < nomor.box[0] < 100  # rendered at the 90 px margin
    assert read.confidence > 80 and "low_confidence" not in read.flags


def test_text_keeps_reading_order(read):
    assert words_in_order(read.text, [line.split()[0] for line in LINES])
    assert read.text.splitlines()[0] == LINES[0]


def test_scanner_app_footer_is_removed(read):
    assert "CamScanner" not in read.text and "Dipindai" not in read.text
    assert all(w.text != "CamScanner" for w in read.words)


@pytest.mark.parametrize("line, boilerplate", [
    ("Dipindai dengan CamScanner", True),
    ("Scanned with Adobe Scan", True),
    ("Di-scan menggunakan Microsoft Lens", True),
    ("discan dengan Genius Scan", True),
    ("CamScanner", True),
    ("Is) Dipindai dengan CamScanner", True),
    ("Dipindai dengan teliti oleh petugas arsip pada hari Senin tanggal sembilan", False),
    ("Surat ini dipindai untuk arsip", False),
    ("Perihal : Undangan Sosialisasi", False),
])
def test_boilerplate_patterns(line, boilerplate):
    assert ocr.is_boilerplate(line) is boilerplate


def test_blank_page_is_flagged_not_an_error():
    blank = np.full((600, 500), 255, np.uint8)
    result = ocr.read_page(Page(1, blank, dpi=150), OPTIONS)
    assert result.text == "" and "blank" in result.flags


def test_noise_page_is_flagged_low_confidence():
    rng = np.random.default_rng(5)
    page = render_page(lines=("Nomor : 045", "Perihal : Undangan"), height=400)
    noisy = np.clip(page.astype(np.int16) + rng.normal(0, 150, page.shape), 0, 255).astype(np.uint8)
    result = ocr.read_page(Page(1, noisy, dpi=150), IngestOptions(low_confidence=95.0))
    assert "low_confidence" in result.flags or "blank" in result.flags


def test_missing_tesseract_becomes_ocr_unavailable(monkeypatch):
    monkeypatch.setattr(ocr.pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(OcrUnavailableError) as caught:
        ocr.read_page(Page(1, cv2.cvtColor(render_page(height=200), cv2.COLOR_BGR2GRAY)),
                      IngestOptions(workers=1, tesseract="command"))  # the command's path (the library needs none)
    assert "tidak tersedia" in caught.value.message


def test_timeout_becomes_ocr_timeout(footer_page):
    big = np.tile(footer_page, (3, 2, 1))
    with pytest.raises(OcrTimeoutError):
        ocr.read_page(Page(1, big), IngestOptions(ocr_timeout_s=0.01))


def test_orientation_of_sideways_page():
    found = ocr.detect_orientation(np.ascontiguousarray(np.rot90(render_page(), 1)))
    assert found is not None and found.rotate == 90 and found.confidence > 1


def test_regions_split_page_around_tables():
    assert ocr.regions(1000) == [(0, 1000, 3)]
    assert ocr.regions(1000, [(200, 600)]) == [(0, 200, 3), (200, 600, 6), (600, 1000, 3)]
    assert ocr.regions(1000, [(0, 1000)]) == [(0, 1000, 6)]


def test_table_band_edge_under_a_line_keeps_its_descenders_whole():
    """A table's top edge just under a line of text ran through its descenders (g, y, p): the edge moves
    down to the first ink-free row, within ``reach``; an edge in white space, or one that would have
    to cross a rule left in place, stays where it is."""
    image = np.full((400, 900), 255, np.uint8)
    cv2.putText(image, "yang pagi juga", (20, 100), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 0, 4)
    inked = np.flatnonzero((image < 128).sum(axis=1) > 2)
    bottom = int(inked.max())  # the descenders' last row
    cut = 100 + (bottom - 100) // 2  # through the descenders
    (top, edge, _), (start, end, psm), _rest = ocr.regions(400, [(cut, 300)], image, reach=40)
    assert top == 0 and edge == start and psm == 6 and end == 300
    assert bottom < edge <= bottom + 3  # the letters stay whole in the band above
    assert ocr.regions(400, [(bottom + 10, 300)], image, reach=40)[0] == (0, bottom + 10, 3)  # white: no change
    assert ocr.regions(400, [(cut, 300)], image, reach=2)[0] == (0, cut, 3)  # no ink-free row within reach
    ruled = image.copy()
    ruled[cut:cut + 60] = 0  # a rule as thick as the reach: the edge stays
    assert ocr.regions(400, [(cut, 300)], ruled, reach=40)[0] == (0, cut, 3)
    below = np.flipud(image).copy()  # the same line under a table: its ascenders cut by the table's bottom edge
    (_, end, psm), (start, _, _) = ocr.regions(400, [(0, 400 - cut)], below, reach=40)
    assert psm == 6 and end == start and 400 - bottom - 3 <= end < 400 - bottom


def test_tesseract_calls_leave_the_environment_alone(monkeypatch):
    """The thread limit is set once per process by the entry points, never by an OCR call
    (the web server's environment is not changed under its request threads)."""
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    before = dict(os.environ)
    ocr.tesseract_version()
    ocr.detect_orientation(np.full((200, 300), 255, np.uint8))
    assert dict(os.environ) == before


# --------------------------------------------------------------------------- reading order across blocks

def _line(text: str, x: int, y: int, h: int = 30, char_w: int = 15) -> list:
    words, cursor = [], x
    for token in text.split():
        words.append(ocr.Word(token, 90.0, (cursor, y, char_w * len(token), h)))
        cursor += char_w * (len(token) + 1)
    return words


def _blocks(*blocks: tuple[int, list[list]]) -> tuple[list, list]:
    """Lines and keys as Tesseract returns them: block after block."""
    lines, keys = [], []
    for block_no, block in blocks:
        for line_no, line in enumerate(block, 1):
            lines.append(line)
            keys.append((0, block_no, 1, line_no))
    return lines, keys


def _texts(lines) -> list[str]:
    return [" ".join(w.text for w in line) for line in lines]


def test_label_column_and_values_are_read_row_by_row():
    labels = [_line(t, 90, 300 + 45 * i) for i, t in enumerate(["Nomor", "Sifat", "Lampiran", "Perihal"])]
    values = [_line(t, 330, 302 + 45 * i) for i, t in enumerate([": 005/12/DISPUSIP/2024", ": Biasa", ": 1 berkas",
                                                                  ": Undangan Sosialisasi"])]
    intro = [_line("Kepada Yth. Kepala Desa Batu Piring", 90, 560)]
    lines, keys = _blocks((1, labels), (2, values), (3, intro))
    merged, merged_keys = reading.reading_rows(lines, keys)
    assert _texts(merged) == ["Nomor : 005/12/DISPUSIP/2024", "Sifat : Biasa", "Lampiran : 1 berkas",
                              "Perihal : Undangan Sosialisasi", "Kepada Yth. Kepala Desa Batu Piring"]
    assert len(set(k[:-1] for k in merged_keys[:4])) == 1  # one paragraph: no blank lines inside
    assert sorted(w.text for line in merged for w in line) == sorted(w.text for line in lines for w in line)


def test_list_numbers_join_the_first_line_of_their_item():
    numbers = [_line("1.", 90, 300), _line("2.", 90, 390)]
    items = [_line(t, 140, 300 + 45 * i) for i, t in enumerate(
        ["Peminjaman kolektif buku untuk", "taman baca desa;", "Penyaluran buku ke rumah tangga."])]
    merged, _ = reading.reading_rows(*_blocks((1, numbers), (2, items)))
    assert _texts(merged) == ["1. Peminjaman kolektif buku untuk", "taman baca desa;",
                              "2. Penyaluran buku ke rumah tangga."]


def test_two_columns_of_running_text_stay_one_after_the_other():
    left = [_line("kata " * 8, 90, 300 + 45 * i) for i in range(6)]
    right = [_line("lain " * 8, 760, 300 + 45 * i) for i in range(6)]
    lines, keys = _blocks((1, left), (2, right))
    assert reading.reading_rows(lines, keys) == (lines, keys)


def test_stacked_or_unaligned_paragraphs_are_left_alone():
    top = [_line("Dengan hormat,", 90, 300)]
    body = [_line("Bersama ini kami sampaikan", 90, 360), _line("undangan sosialisasi.", 90, 405)]
    lines, keys = _blocks((1, top), (2, body))
    assert reading.reading_rows(lines, keys) == (lines, keys)
    # side by side but on different rows (a note beside a paragraph, between its lines)
    note = [_line("catatan", 900, 382)]
    lines, keys = _blocks((1, body), (2, note))
    assert reading.reading_rows(lines, keys) == (lines, keys)


def test_tesseract_split_label_column_is_read_row_by_row():
    """Real Tesseract on a letter header whose labels stand far from their values."""
    from pagegen import font
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (1240, 900), "white")
    draw = ImageDraw.Draw(im)
    rows = [("Nomor", ": 421.3/087/DISPUSIP/III/2024"), ("Sifat", ": Penting"), ("Lampiran", ": 1 (satu) berkas"),
            ("Perihal", ": Permohonan Kerjasama BuRT")]
    for i, (label, value) in enumerate(rows):
        draw.text((90, 120 + 48 * i), label, fill=(20, 20, 20), font=font(30))
        draw.text((400, 120 + 48 * i), value, fill=(20, 20, 20), font=font(30))
    draw.text((90, 420), "Dengan hormat, bersama ini kami mengajukan permohonan kerjasama", fill=(20, 20, 20),
              font=font(30))
    page = np.ascontiguousarray(np.asarray(im)[:, :, ::-1])
    text = ocr.read_page(Page(1, page, dpi=150), OPTIONS).text
    got = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    for line, (label, value) in zip(got, rows):
        assert line.startswith(label) and value.split()[-1] in line, got


def test_one_column_is_read_top_down_and_a_date_joins_its_row():
    kop = [_line("PEMERINTAH KABUPATEN BALANGAN", 300, 100), _line("1. Jumlah peminjaman tercatat 166 kali.", 90, 700)]
    header = [_line("No. : 140/159/Pem-DS-BJP/2023", 90, 300), _line("Sifat : Biasa", 90, 345),
              _line("Perihal : Permohonan Bimbingan Teknis Perpustakaan Desa", 90, 390)]
    date = [_line("16 Mei 2023", 850, 297)]  # a little higher than the nomor: it must still join it
    body = [_line("C. Hasil Pendampingan", 90, 600)]
    merged, _ = reading.reading_rows(*_blocks((1, kop), (2, date), (3, header), (4, body)))
    assert _texts(merged) == ["PEMERINTAH KABUPATEN BALANGAN", "No. : 140/159/Pem-DS-BJP/2023 16 Mei 2023",
                              "Sifat : Biasa", "Perihal : Permohonan Bimbingan Teknis Perpustakaan Desa",
                              "C. Hasil Pendampingan", "1. Jumlah peminjaman tercatat 166 kali."]


def test_list_marker_in_a_paragraph_of_its_own_joins_its_item():
    markers = [_line("A.", 90, 300), _line("PEMERINTAH", 300, 100)]
    heading = [_line("Pendahuluan :", 140, 302), _line("Sesuai SOP Program BuRT, petugas terjun", 140, 347)]
    merged, _ = reading.reading_rows(*_blocks((1, markers), (2, heading)))
    assert "A. Pendahuluan :" in _texts(merged)



def _form_page() -> np.ndarray:
    """A payment form's label column standing far from its values: a label wrapped over two lines
    ("Nomor" / "Rek.") centred on its value, a label centred on a value wrapped over four lines."""
    from pagegen import font
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (1240, 1000), "white")
    draw = ImageDraw.Draw(im)
    rows = [(["Kepada"], ["CV Sumber Makmur Abadi"]), (["NPWP"], ["01.513.807.6-911.000"]),
            (["Nomor", "Rek."], ["001.21.06981.00-5"]), (["Bank"], ["Bank Kalsel Cabang Paringin"]),
            (["Uraian"], ["PEMBAYARAN PENGADAAN BUKU BACAAN UNTUK TAMAN BACA", "MASYARAKAT DESA BATU PIRING",
                          "SESUAI SURAT PERINTAH KERJA", "TANGGAL 12 MARET 2024"])]
    y, step = 120, 40
    for labels, values in rows:
        n = max(len(labels), len(values))
        for i, value in enumerate(values):
            draw.text((330, y + step * i + step * (n - len(values)) / 2), value, fill=(20, 20, 20), font=font(26))
        for i, label in enumerate(labels):
            draw.text((90, y + step * i + step * (n - len(labels)) / 2), label, fill=(20, 20, 20), font=font(26))
        draw.text((260, y + step * (n - 1) / 2), ":", fill=(20, 20, 20), font=font(26))
        y += step * n + 6
    return np.ascontiguousarray(np.asarray(im)[:, :, ::-1])


def test_a_form_label_column_is_read_with_its_values():
    """Real Tesseract reads the labels as lines of their own (on main: "Nomor", "001.21...", "Rek.", and
    "Uraian" after the value's first line); each label joins the value it is level with."""
    text = ocr.read_page(Page(1, _form_page(), dpi=150), OPTIONS).text
    got = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert "NPWP : 01.513.807.6-911.000" in got, got
    assert "Nomor Rek. : 001.21.06981.00-5" in got, got
    start = got.index("Uraian : PEMBAYARAN PENGADAAN BUKU BACAAN UNTUK TAMAN BACA")
    assert got[start + 1:start + 4] == ["MASYARAKAT DESA BATU PIRING", "SESUAI SURAT PERINTAH KERJA",
                                        "TANGGAL 12 MARET 2024"], got


def test_label_column_is_left_alone_unless_every_label_finds_its_value():
    labels = [_line(t, 90, 300 + 45 * i) for i, t in enumerate(["Nomor", "Sifat", "Lampiran"])]
    values = [_line(t, 330, 302 + 45 * i) for i, t in enumerate([": 005/12/DISPUSIP/2024", ": Biasa"])]
    lines, keys = _blocks((1, labels), (2, values))
    assert reading.label_column(lines, keys) == (lines, keys)  # "Lampiran" has no value level with it
    values.append(_line(": 1 berkas", 330, 392))
    wrapped = [_line("Undangan Sosialisasi Program", 330, 437), _line("Perpustakaan Desa", 330, 482)]
    lines, keys = _blocks((1, labels), (2, values + wrapped))
    joined, joined_keys = reading.label_column(lines, keys)
    assert _texts(joined) == ["Nomor : 005/12/DISPUSIP/2024", "Sifat : Biasa", "Lampiran : 1 berkas",
                              "Undangan Sosialisasi Program", "Perpustakaan Desa"]
    assert joined_keys == keys[3:]
    # two columns of short lines on different rows (a note beside a list): no label finds a level value
    note = [_line(t, 700, 322 + 45 * i) for i, t in enumerate(["catatan", "rapat", "desa"])]
    lines, keys = _blocks((1, labels), (2, note))
    assert reading.label_column(lines, keys) == (lines, keys)

# --------------------------------------------------------------------------- lines the layout analysis drops

def _signature_page() -> np.ndarray:
    """Signature block: title lines, a scribble, then the signer's name bold and underlined."""
    from pagegen import font
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (1240, 900), "white")
    draw = ImageDraw.Draw(im)
    draw.text((620, 100), "Kepala Bidang Layanan", fill=(20, 20, 20), font=font(30))
    draw.text((620, 148), "dan Pembinaan Perpustakaan,", fill=(20, 20, 20), font=font(30))
    draw.line([(640, 330), (700, 250), (760, 320), (820, 240), (900, 300)], fill=(30, 30, 30), width=4)
    draw.text((620, 400), "H. Wahyudi, S.AP.", fill=(20, 20, 20), font=font(30, bold=True))
    draw.line([(620, 438), (880, 438)], fill=(20, 20, 20), width=3)
    draw.text((620, 450), "NIP 197412092001112013", fill=(20, 20, 20), font=font(30))
    return np.ascontiguousarray(np.asarray(im.convert("L")))


def test_a_dropped_underlined_name_is_read_back_in_place():
    page = _signature_page()
    data = ocr._call(ocr.pytesseract.image_to_data, page, lang="ind", config="--psm 3", output_type=ocr.Output.DICT)
    _, lines, keys = ocr._words_and_lines(data)
    texts = [" ".join(w.text for w in line) for line in lines]
    name = next(i for i, t in enumerate(texts) if "Wahyudi" in t)
    # what psm 3 does on some pages: the underlined name is not in its layout at all
    kept_lines, kept_keys = lines[:name] + lines[name + 1:], keys[:name] + keys[name + 1:]
    boxes = ocr.lost_lines(page, kept_lines)
    assert len(boxes) == 1 and abs(boxes[0][1] - 400) < 30
    got, got_keys = ocr.read_lost_lines(page, kept_lines, kept_keys, OPTIONS)
    got_texts = [" ".join(w.text for w in line) for line in got]
    assert len(got) == len(lines) and len(got_keys) == len(got)
    assert "Wahyudi" in got_texts[name] and "NIP" in got_texts[name + 1]
    assert all(w.conf >= 60 for w in got[name])


def test_nothing_is_added_when_every_line_was_read():
    page = _signature_page()
    data = ocr._call(ocr.pytesseract.image_to_data, page, lang="ind", config="--psm 3", output_type=ocr.Output.DICT)
    _, lines, keys = ocr._words_and_lines(data)
    got, _ = ocr.read_lost_lines(page, lines, keys, OPTIONS)
    assert len(got) == len(lines)  # the scribble left over is not read as a line of text


@pytest.mark.parametrize("word, fixed", [
    ("(111/c)", "(III/c)"), ("(I11/b)", "(III/b)"), ("(1V/a)", "(IV/a)"), ("(lV/e),", "(IV/e),"), ("(11/d)", "(II/d)"),
    ("(IV/a)", "(IV/a)"), ("(V/a)", "(V/a)"), ("(1111/c)", "(1111/c)"), ("(11/f)", "(11/f)"), ("(2/3)", "(2/3)"),
    ("111/c", "111/c"), ("Pembina", "Pembina"),
])
def test_golongan_numerals_are_put_back(word, fixed):
    assert ocr.golongan(word) == fixed


def test_crops_read_in_one_process_read_as_one_call_each(footer_page):
    """``read_crops`` hands Tesseract a list of crops in one process per psm: each crop's words are
    exactly those of reading it alone (lines and a block, an enlarged crop, a colour crop, a blank one)."""
    grey = cv2.cvtColor(footer_page, cv2.COLOR_BGR2GRAY) if footer_page.ndim == 3 else footer_page
    lines = [grey[y:y + 60, 60:1200] for y in range(80, 500, 70)]
    crops = [(line, 7) for line in lines]
    crops += [(cv2.resize(lines[0], None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), 7),
              (grey[60:420, 60:1200], 6),
              (cv2.cvtColor(lines[1], cv2.COLOR_GRAY2BGR), 7),
              (np.full((60, 400), 255, np.uint8), 7)]
    batched = [ocr.crop_words(data) for data in ocr.read_crops(crops, OPTIONS)]
    alone = [ocr.read_crop(image, OPTIONS, psm) for image, psm in crops]
    assert batched == alone
    assert sum(bool(words) for words in batched) >= 6  # most crops hold print and read words


def test_read_crops_keeps_the_order_of_mixed_modes_and_maps_boxes(footer_page):
    grey = cv2.cvtColor(footer_page, cv2.COLOR_BGR2GRAY) if footer_page.ndim == 3 else footer_page
    first, second = grey[80:140, 60:1200], grey[150:210, 60:1200]
    data = ocr.read_crops([(first, 6), (second, 7), (first, 7)], OPTIONS)
    assert [w.text for w in ocr.crop_words(data[0])] == [w.text for w in ocr.crop_words(data[2])]
    assert [w.text for w in ocr.crop_words(data[1])] == [w.text for w in ocr.read_crop(second, OPTIONS, 7)]
    moved = ocr.crop_words(data[2], dx=60, dy=80, scale=2.0)
    plain = ocr.crop_words(data[2])
    assert [w.box[0] for w in moved] == [int(w.box[0] / 2.0) + 60 for w in plain]


def _joined(left: list, right: list) -> list:
    return left + right


def test_addressee_block_beside_the_number_block_is_read_after_it():
    """Tesseract made one text line of each label row and the addressee line level with it
    (a CamScanner letter): the right-hand block is read after the left one, not row by row."""
    left = ["Nomor : 005/424/35.07.24/2020", "Sifat : Penting", "Lampiran : -", "Hal : Undangan Upacara"]
    right = ["Kepada", "Yth. Kepala Desa/Lurah", "di", "SINGOSARI"]
    lines = [_joined(_line(a, 90, 300 + 45 * i), _line(b, 1000 + 60 * (b in ("di", "SINGOSARI")), 301 + 45 * i))
             for i, (a, b) in enumerate(zip(left, right))]  # "di" and the place indented
    lines.insert(0, _line("Singosari, 12 Agustus 2020", 1000, 230))  # above the block: stays first
    lines.append(_line("Dalam rangka memperingati Hari Ulang Tahun Republik Indonesia", 90, 520))
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    split, split_keys = reading.right_blocks(lines, keys)
    assert _texts(split) == [_texts(lines)[0]] + left + right + [_texts(lines)[-1]]
    assert split_keys[4][:-1] != split_keys[5][:-1]  # a paragraph break before the addressee block
    assert sorted(w.text for line in split for w in line) == sorted(w.text for line in lines for w in line)


def test_label_rows_and_short_right_parts_are_not_split():
    # values far from their labels but starting in the left half: one row each
    labels = ["Nomor", "Sifat", "Lampiran", "Perihal"]
    lines = [_joined(_line(a, 90, 300 + 45 * i), _line(": isian nilai baris", 500, 300 + 45 * i))
             for i, a in enumerate(labels)]
    lines.append(_line("kata " * 40, 90, 500))  # the region is wide
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    assert reading.right_blocks(lines, keys) == (lines, keys)
    # a date beside the nomor and one more line: fewer than three right-hand rows
    lines = [_joined(_line("Nomor : 140/159/2023", 90, 300), _line("16 Mei 2023", 1000, 300)),
             _joined(_line("Sifat : Biasa", 90, 345), _line("Kepada", 1000, 345)),
             _line("Perihal : Undangan", 90, 390), _line("kata " * 40, 90, 500)]
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    assert reading.right_blocks(lines, keys) == (lines, keys)


def test_unruled_table_columns_are_not_split_off():
    """An unruled table (names, and a Jabatan column in the right half) has the geometry of a block
    beside another, but its left cells are no label rows: read row by row, as printed."""
    names = ["1. Ahmad Fauzi, S.Kom.", "2. Siti Rahmah", "3. Muhammad Rizki", "4. Nur Aisyah, S.Pd."]
    roles = ["Kepala Seksi Layanan", "Pustakawan", "Staf Pengolahan", "Pustakawan Ahli"]
    lines = [_joined(_line(a, 90, 300 + 45 * i), _line(b, 1000, 301 + 45 * i))
             for i, (a, b) in enumerate(zip(names, roles))]
    lines.append(_line("Demikian daftar nama petugas ini dibuat untuk dipergunakan", 90, 520))
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    assert reading.right_blocks(lines, keys) == (lines, keys)
    # the same rows as a label block ("Nama : ...") beside an addressee are split
    labelled = [_joined(_line(f"Nama : {a}", 90, 300 + 45 * i), _line(b, 1000, 301 + 45 * i))
                for i, (a, b) in enumerate(zip(names, roles))] + [lines[-1]]
    assert _texts(reading.right_blocks(labelled, keys)[0]) == [f"Nama : {a}" for a in names] + roles + [
        _texts(lines)[-1]]


def test_hal_value_wrapped_beside_the_addressee_is_read_before_it():
    """One label row whose value wraps over the lines beside the addressee block (a real invitation:
    "Hal : Undangan Rapat Persiapan Kepada" / "Festival Literasi Jakarta Yth. (daftar terlampir)"):
    the wrapped value's lines start where the value starts, so the left block is a label block."""
    body = _line("Dalam rangka pembudayaan gemar membaca tingkat daerah ini", 90, 560)
    left = ["Hal : Undangan Rapat Persiapan", "Festival Literasi Jakarta", "Tahun 2024"]
    right = ["Kepada", "Yth. (daftar terlampir)", "di"]
    lines = [_line("Lampiran : 1 (satu) lembar", 90, 255)]
    lines += [_joined(_line(a, 90 if i == 0 else 180, 300 + 45 * i), _line(b, 1000, 301 + 45 * i))
              for i, (a, b) in enumerate(zip(left, right))]  # "Undangan" starts at x 180
    lines += [_line("Jakarta", 1060, 436), body]
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    split, _ = reading.right_blocks(lines, keys)
    assert _texts(split) == [_texts(lines)[0]] + left + right + ["Jakarta", _texts(lines)[-1]]
    # the same lines starting at the label's edge are rows of their own (a list, a table): not a label block
    rows = [lines[0]] + [_joined(_line(a, 90, 300 + 45 * i), _line(b, 1000, 301 + 45 * i))
                         for i, (a, b) in enumerate(zip(left, right))] + lines[-2:]
    assert reading.right_blocks(rows, keys) == (rows, keys)


def test_one_label_row_joined_with_an_addressee_line_gives_it_back_to_its_block():
    """Tesseract made one text line of "Sifat" and the addressee line level with it and read the
    addressee block's other lines as a paragraph after the label rows (a CamScanner invitation):
    the addressee line goes back between "Kepada" and the line under it."""
    labels = [_line("Nomor : /IV/2023", 90, 300), _joined(_line("Sifat", 90, 345), _line(
        "Yth. Seluruh ASN/Honorer pada", 960, 346)), _line("Lampiran : -", 90, 390),
        _line("Hal : Shalat Tarawih Bersama", 90, 435)]
    block = [_line("Kepada", 1035, 301), _line("Biro Perekonomian Setda", 1035, 391),
             _line("Provinsi Sumatera Selatan", 1035, 436)]
    body = _line("Dalam rangka untuk mempererat hubungan tali silaturahmi", 90, 560)
    lines = labels + block + [body]
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    moved, moved_keys = reading.right_blocks(lines, keys)
    assert _texts(moved) == ["Nomor : /IV/2023", "Sifat", "Lampiran : -", "Hal : Shalat Tarawih Bersama", "Kepada",
                             "Yth. Seluruh ASN/Honorer pada", "Biro Perekonomian Setda", "Provinsi Sumatera Selatan",
                             _texts(lines)[-1]]
    assert len(moved_keys) == len(moved)
    # a date beside the nomor with the addressee block starting under it: no line of a block above it
    dated = [_joined(_line("Nomor : 140/159/2023", 90, 300), _line("16 Mei 2023", 1035, 300)),
             _line("Sifat : Biasa", 90, 345), _line("Perihal : Undangan", 90, 390),
             _line("Kepada", 1035, 346), _line("Yth. Kepala Dinas Perpustakaan", 1035, 391), body]
    keys = [(0, 1, 1, i + 1) for i in range(len(dated))]
    assert reading.right_blocks(dated, keys) == (dated, keys)


def test_addressee_line_hanging_its_yth_left_of_the_middle_is_split_with_its_block():
    """Each label row read as one line with the addressee line level with it; "Yth." of one of them hangs
    left of the block's edge and of the region's middle: it goes with its block all the same."""
    left = ["Nomor : /IV/2023", "Sifat : -", "Lampiran : -", "Hal : Shalat Tarawih Bersama"]
    right = ["Kepada", "Yth. Seluruh ASN/Honorer pada", "Biro Perekonomian Setda", "Provinsi Sumatera Selatan"]
    lines = [_joined(_line(a, 90, 300 + 45 * i), _line(b, 1035 - 75 * (i == 1), 301 + 45 * i))
             for i, (a, b) in enumerate(zip(left, right))]  # "Yth. " is 75 px wide
    lines.append(_line("kata " * 24, 90, 520))  # the region's middle at x 982: "Yth." left of it
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    split, _ = reading.right_blocks(lines, keys)
    assert _texts(split) == left + right + [_texts(lines)[-1]]


def _label_row_image(colon: str) -> tuple[np.ndarray, list]:
    """A drawn label row "Lampiran  <colon>  1 (satu) berkas" at 300 dpi and its words' boxes."""
    from PIL import Image, ImageDraw, ImageFont
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 42)
    image = Image.new("L", (1400, 120), 255)
    draw = ImageDraw.Draw(image)
    words = []
    for text, x in (("Lampiran", 60), (colon, 400), ("1", 460), ("(satu)", 500), ("berkas", 650)):
        draw.text((x, 30), text, font=font, fill=0)
        if text != colon:
            x0, y0, x1, y1 = draw.textbbox((x, 30), text, font=font)
            words.append(ocr.Word(text, 90.0, (x0, y0 + 1000, x1 - x0, y1 - y0)))
    return np.array(image), words


def test_a_lone_colon_between_label_and_value_is_put_back():
    band, words = _label_row_image(":")
    line = reading.lone_colons(band, [words], dy=1000)[0]
    assert [w.text for w in line] == ["Lampiran", ":", "1", "(satu)", "berkas"]
    assert 395 <= line[1].box[0] <= 420 and line[1].box[1] > 1000  # where it was drawn, page coordinates
    assert all(type(v) is int for v in line[1].box)  # plain ints: the page's words are written as JSON
    for other in ("", ".", "-", "l"):  # no colon drawn (a dot, a dash, a stroke): nothing added
        band, words = _label_row_image(other)
        assert reading.lone_colons(band, [words], dy=1000) == [words], other


def test_a_faint_lone_colon_is_put_back_and_faint_specks_are_not():
    """A colon on a JPEG-saved scan comes out grey and soft (core ~90 on ~240 paper): at a fixed level of
    128 each dot kept a sliver too small to be a dot; half way from the gap's darkest pixel to its paper
    the dots are whole. A single faint dot, or a dash, in the same gap is still no colon."""
    def faint(colon: str) -> tuple[np.ndarray, list]:
        band, words = _label_row_image(colon)
        gap = band[:, 380:450].astype(np.float32)
        soft = cv2.GaussianBlur(gap, (0, 0), 1.5)  # the dots' ink spread over their rim, as JPEG does
        band = band.copy()
        band[:, 380:450] = np.clip(240 - (240 - soft) * 0.85, 0, 255).astype(np.uint8)  # grey paper, grey core
        return band, words

    band, words = faint(":")
    assert int(band[:, 380:450].min()) > 80  # no black left in the gap
    line = reading.lone_colons(band, [words], dy=1000)[0]
    assert [w.text for w in line] == ["Lampiran", ":", "1", "(satu)", "berkas"]
    for other in (".", "-"):
        band, words = faint(other)
        assert reading.lone_colons(band, [words], dy=1000) == [words], other


# --------------------------------------------------------------------------- unsure words read again

def _perihal_band() -> tuple[np.ndarray, list]:
    """A printed line and a pen scribble on its baseline, with the words Tesseract reads on it."""
    from pagegen import font
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (1240, 120), "white")
    draw = ImageDraw.Draw(im)
    draw.text((90, 40), "dan Ujian Sertifikasi Kompetensi PBJ Level 1", fill=(20, 20, 20), font=font(30))
    draw.line([(900, 70), (930, 45), (960, 72), (990, 44), (1030, 70)], fill=(30, 30, 140), width=3)
    image = np.ascontiguousarray(np.asarray(im)[:, :, ::-1])
    words = ocr.read_crop(image, OPTIONS, 7)
    return image, words


def test_unsure_printed_words_are_read_again_and_kept_when_sure():
    """Tesseract sometimes scores the end of a clean printed line near 0 (a real perihal's "PBJ Level 1"
    at 20 while the rest of its line read at 96); such words were dropped as garbage."""
    image, words = _perihal_band()
    texts = [w.text for w in words]
    assert "Level" in texts and all(w.conf >= 75 for w in words if w.text in ("PBJ", "Level")), words
    at = texts.index("Level")
    unsure = [w if n not in (at, at + 1) else ocr.Word(w.text + "x", 20.0, w.box) for n, w in enumerate(words)]
    again = ocr._read_unsure_again(image, [unsure], OPTIONS)[0]
    assert [(w.text, w.conf >= 75) for w in again][at:at + 2] == [("Level", True), ("1", True)]
    # an unsure "word" over the pen scribble is no print: read again it stays unsure, and is dropped
    scribble = ocr.Word("nn", 15.0, (900, 44, 130, 28))
    again = ocr._read_unsure_again(image, [words + [scribble]], OPTIONS)[0]
    assert again[-1] == scribble
    assert scribble not in ocr._drop_garbage([again] * 3, [(0, 1, 1, 1)] * 3)[0][0]


def _letterhead_beside_ribbon(ribbon: bool) -> tuple[np.ndarray, list]:
    """A letterhead line whose first word stands beside the end of an emblem's ribbon (a filled slanted
    piece reaching above and under the letters, paper between), with the words Tesseract reads on it."""
    from pagegen import font
    from PIL import Image, ImageDraw

    im = Image.new("L", (1300, 140), 255)
    draw = ImageDraw.Draw(im)
    draw.text((300, 50), "PEMERINTAH PROVINSI DAERAH KHUSUS", fill=20, font=font(34))
    if ribbon:
        draw.polygon([(250, 38), (285, 38), (262, 100), (240, 100)], fill=40)
    image = np.asarray(im).copy()
    return image, [w for w in ocr.read_crop(image, OPTIONS, 7) if w.box[0] >= 295]


def test_a_word_glued_to_a_ribbons_end_beside_it_is_read_alone_without_it():
    """A real letterhead's first word read glued to the emblem's ribbon beside it, "(PEMERINTAH" at
    confidence 0 in a box grown to the ribbon's height; read again with its line it read the same and
    was dropped as garbage, losing the institution's first word. Its own print read alone reads."""
    image, words = _letterhead_beside_ribbon(ribbon=True)
    assert [w.text for w in words] == ["PEMERINTAH", "PROVINSI", "DAERAH", "KHUSUS"], words
    first = words[0]
    x, y, w, h = first.box
    glued = ocr.Word("(PEMERINTAH", 0.0, (240, 38, x + w - 240, 100 - 38))  # the box Tesseract gave
    span = ocr._print_span(image, glued.box, float(h))
    assert span is not None and abs(span[0] - x) <= 3 and abs(span[1] - (x + w)) <= 3, (span, first.box)
    again = ocr._read_unsure_again(image, [[glued] + words[1:]], OPTIONS)[0]
    assert [(w.text, w.conf >= 75) for w in again] == [(t, True) for t in ("PEMERINTAH", "PROVINSI", "DAERAH", "KHUSUS")]
    # no mark beside the word: nothing to leave out, the box stays as it is
    plain, plain_words = _letterhead_beside_ribbon(ribbon=False)
    assert ocr._print_span(plain, plain_words[0].box, float(plain_words[0].box[3])) is None
    # a letter reaching under the line (a descender, a comma) at a word's end is no mark
    im = np.full((120, 600), 255, np.uint8)
    cv2.putText(im, "Jogja,", (40, 70), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
    rows, cols = np.nonzero(im < 128)
    box = (int(cols.min()), int(rows.min()), int(cols.max() - cols.min() + 1), int(rows.max() - rows.min() + 1))
    assert ocr._print_span(im, box, 30.0) is None


def test_colons_put_back_in_rows_of_a_label_column_left_alone():
    """Labels and values read as lines of their own, one label without a value (so no label column is
    joined): once the rows are read across, the colon drawn in each row's gap is put back."""
    image = np.full((420, 1500), 255, np.uint8)
    rows = [("Nomor", "005/12/2024"), ("Sifat", "Penting"), ("Lampiran", None)]
    lines: list[list[ocr.Word]] = []
    keys: list[tuple] = []
    for n, (label, value) in enumerate(rows):
        base = 100 + 120 * n
        cv2.putText(image, label, (40, base), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
        for cy in (base - 26, base - 4):  # the colon: two dots, one over the other
            cv2.circle(image, (420, cy), 5, 0, -1)
        lines.append([ocr.Word(label, 95.0, (40, base - 34, 30 * len(label), 36))])
        keys.append((0, 1, 1, n + 1))
        if value:
            cv2.putText(image, value, (500, base), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    for n, (_, value) in enumerate(rows):
        if value:
            lines.append([ocr.Word(value, 95.0, (500, 100 + 120 * n - 34, 30 * len(value), 36))])
            keys.append((0, 2, 1, n + 1))
    arranged, _ = ocr.arrange(image, lines, keys)
    texts = [" ".join(w.text for w in line) for line in arranged]
    assert "Nomor : 005/12/2024" in texts and "Sifat : Penting" in texts
    assert "Lampiran" in texts  # a colon with nothing after it: no gap between two words to look in


def test_unsure_colon_kept_where_the_image_shows_a_colon():
    """Tesseract gave the colon of "Hari : Kamis" confidence 0 on a real invitation and it was dropped as
    garbage. A ":" between two sure words stays when two stacked dots stand there alone; a ":" read off
    a blot, or standing at the end of its line, goes as before."""
    image = np.full((300, 1200), 255, np.uint8)
    for x, y, label, value in ((40, 100, "Hari", "Kamis"), (40, 220, "Pukul", "19.00")):
        cv2.putText(image, label, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
        cv2.putText(image, value, (x + 360, y), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    for cy in (100 - 26, 100 - 4):
        cv2.circle(image, (300, cy), 4, 0, -1)  # the colon of the first row
    cv2.circle(image, (300, 205), 12, 0, -1)  # a blot where the second row's "colon" was read
    sure = [ocr.Word(f"kata{n}", 96.0, (40 + 80 * n, 10, 70, 36)) for n in range(6)]  # a page that reads well
    rows = [[ocr.Word("Hari", 96.0, (40, 66, 100, 36)), ocr.Word(":", 0.0, (294, 70, 12, 32)),
             ocr.Word("Kamis", 96.0, (400, 66, 140, 36))],
            [ocr.Word("Pukul", 96.0, (40, 186, 120, 36)), ocr.Word(":", 0.0, (290, 192, 24, 26)),
             ocr.Word("19.00", 96.0, (400, 186, 120, 36)), ocr.Word(":", 0.0, (600, 190, 12, 32))]]
    lines, _ = ocr._drop_garbage([sure, *rows], [(0, 1, 1, n) for n in range(3)], image)
    texts = [" ".join(w.text for w in line) for line in lines]
    assert texts[1] == "Hari : Kamis"
    assert texts[2] == "Pukul 19.00"
    without, _ = ocr._drop_garbage([sure, *rows], [(0, 1, 1, n) for n in range(3)])
    assert " ".join(w.text for w in without[1]) == "Hari Kamis"


# --------------------------------------------------------------------------- table rows read cell by cell

def _ruled_table(rows: list[list[list[str]]]) -> np.ndarray:
    """A drawn ruled table at 300 dpi: ``rows`` of cells, each cell its lines, a cell of fewer lines
    than its row's tallest centred in its height (as a word processor lays a table out)."""
    from PIL import Image, ImageDraw, ImageFont
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 36)
    xs, step = [120, 620, 1420, 2330], 52
    height = sum(max(len(c) for c in row) * step + 50 for row in rows) + 500
    image = Image.new("L", (2480, height), 255)
    draw = ImageDraw.Draw(image)
    draw.text((120, 80), "Jadwal kegiatan pelatihan dan ujian sertifikasi", font=font, fill=0)
    top = 200
    for row in rows:
        tall = max(len(c) for c in row) * step + 50
        for x0, cell in zip(xs, row):
            y = top + (tall - len(cell) * step) // 2
            for n, text in enumerate(cell):
                draw.text((x0 + 25, y + n * step), text, font=font, fill=0)
        draw.line([(xs[0], top), (xs[-1], top)], fill=0, width=4)
        top += tall
    draw.line([(xs[0], top), (xs[-1], top)], fill=0, width=4)
    for x in xs:
        draw.line([(x, 200), (x, top)], fill=0, width=4)
    draw.text((120, top + 80), "Demikian jadwal ini kami sampaikan untuk diketahui", font=font, fill=0)
    return np.array(image)


def test_a_table_row_with_cells_of_several_lines_is_read_cell_by_cell():
    """Tesseract reads a ruled table straight across, so a city centred beside a cell of two dated
    lines and a hotel over its street came out "Pembekalan ... Hotel ..." / "PALEMBANG" / "Ujian ...
    Jalan ..." (a real invitation's schedule); each cell is now read whole, left to right. A row
    whose cells are one line each is left as Tesseract reads it."""
    from ingest.tables import find_tables, recorded_tables
    image = _ruled_table([
        [["LOKASI"], ["TANGGAL"], ["TEMPAT"]],
        [["PALEMBANG"], ["Pembekalan: 18 Januari 2023", "Ujian Sertifikasi: 21 Januari 2023"],
         ["Hotel Sahid Palembang", "Jalan Kapten Rivai Nomor 219"]],
        [["JAMBI"], ["Pembekalan: 8 Februari 2023", "Ujian Sertifikasi: 11 Februari 2023"],
         ["Hotel Luminor Jambi", "Jalan Gandring Nomor 72"]],
    ])
    page = find_tables(Page(1, image, dpi=300))
    assert len(recorded_tables(page.steps)) == 1
    text = ocr.read_page(page, OPTIONS, tables=recorded_tables(page.steps)).text
    lines = [line for line in text.splitlines() if line.strip()]
    assert "LOKASI TANGGAL TEMPAT" in lines, lines
    for city, first, second, hotel, street in (
            ("PALEMBANG", "Pembekalan", "Ujian", "Sahid", "Kapten"), ("JAMBI", "Pembekalan", "Ujian", "Luminor", "Gandring")):
        row = next(line for line in lines if city in line)
        at = [next((n for n, w in enumerate(row.split()) if part in w), -1) for part in (city, first, second, hotel, street)]
        assert -1 not in at and at == sorted(at), row  # one line: the city, its dates, its hotel, its street
    assert lines[0].startswith("Jadwal") and lines[-1].startswith("Demikian")


def test_cells_of_a_row_not_level_with_each_other_are_read_each_alone():
    """A hotel and its street centred beside three dated lines stand half a line off them: read
    straight across, Tesseract took each hotel line with the date line beside it and misread both
    ("JI. Mpu No.72, Kota Jambi Mp 9", "Graha Edukasi 2 Pekanb 1 , g 9", "-L ing: 6 Feb 1 2023";
    a real CamScanner invitation's schedule read "Hotel Lumi Jambi d sal ng art e Tamu"). Each cell of
    such a row is now read on its own crop: every row reads exactly, cell by cell, left to right."""
    from ingest.tables import find_tables, recorded_tables
    dated = [(["JAMBI"], ["e-Learning: 24 Januari 2023", "Classroom: 8 Februari 2023", "Ujian Sertifikasi: 11 Februari 2023"],
              ["Hotel Luminor Jambi", "Jl. Mpu Gandring No.72, Kota Jambi"]),
             (["PEKANBARU"], ["e-Learning: 24 Januari 2023", "Classroom: 8 Februari 2023", "Ujian Sertifikasi: 11 Februari 2023"],
              ["Graha Edukasi 2 Pekanbaru", "Jl. Semangka Gg. Nurul Iman 2"]),
             (["MEDAN"], ["e-Learning: 6 Februari 2023", "Classroom: 22 Februari 2023", "Ujian Sertifikasi: 25 Februari 2023"],
              ["Hotel Radison Medan", "Jl. H. Adam Malik No.5, Kota Medan"])]
    image = _ruled_table([[["LOKASI"], ["TANGGAL PELAKSANAAN"], ["TEMPAT PELAKSANAAN"]], *[list(row) for row in dated]])
    page = find_tables(Page(1, image, dpi=300))
    reading = ocr.read_page(page, OPTIONS, tables=recorded_tables(page.steps))
    lines = [line for line in reading.text.splitlines() if line.strip()]
    assert "LOKASI TANGGAL PELAKSANAAN TEMPAT PELAKSANAAN" in lines, lines
    for row in dated:
        assert " ".join(part for cell in row for part in cell) in lines, lines
    assert lines[0].startswith("Jadwal") and lines[-1].startswith("Demikian")
    assert reading.steps[-1].stage == "ocr" and reading.steps[-1].details["cells_read_alone"] >= len(dated)


def test_a_cell_read_alone_replaces_the_bands_words_only_where_surer_or_fuller():
    sure = [ocr.Word("Hotel", 93.0, (10, 10, 80, 30)), ocr.Word("Luminor", 91.0, (100, 10, 120, 30))]
    torn = [ocr.Word("Hotel", 90.0, (10, 10, 80, 30)), ocr.Word("Lumi", 60.0, (100, 10, 70, 30)),
            ocr.Word("d", 20.0, (180, 14, 10, 20))]
    assert ocr._cell_reading_wins(sure, torn)  # surer
    assert ocr._cell_reading_wins(sure, [])  # the band left the cell empty
    assert not ocr._cell_reading_wins([ocr.Word("-", 90.0, (10, 10, 20, 5))], torn)  # no letter read
    fuller = [ocr.Word("Hotel", 88.0, (10, 10, 80, 30)), ocr.Word("Luminor", 86.0, (100, 10, 120, 30))]
    assert ocr._cell_reading_wins(fuller, sure[:1])  # more letters, at most ten points less sure
    assert not ocr._cell_reading_wins([ocr.Word("Hotel", 60.0, (10, 10, 80, 30)), ocr.Word("Lumin", 50.0, (100, 10, 90, 30))],
                                      sure)  # fewer letters and less sure: the band's words stay
    garbled = [ocr.Word("ma", 13.0, (10, 10, 40, 30)), ocr.Word("Ser", 0.0, (60, 10, 50, 30))]
    assert not ocr._cell_reading_wins([ocr.Word("Ra", 0.0, (10, 10, 40, 30)), ocr.Word("sETi", 37.0, (60, 10, 70, 30))],
                                      garbled)  # a mark read two ways, both unsure: left to the garbage filters


def test_a_cell_the_band_read_twice_takes_its_own_reading():
    """The band read one cell's ink twice, on two of its text lines ("Diteri" over "iterimatanggal"; a real
    CamScanner form): counted double, its letters outnumbered the cell's own clean reading, which lost.
    Words lying over each other are one ink read twice: the own reading wins where not much less sure."""
    own = [ocr.Word("Diterima", 88.0, (1777, 839, 135, 40)), ocr.Word("tanggal", 88.0, (1924, 839, 116, 40)),
           ocr.Word("2010", 69.0, (2358, 848, 146, 40))]
    twice = [ocr.Word("Diteri", 92.0, (1777, 839, 84, 40)), ocr.Word("iterimatanggal", 83.0, (1801, 839, 239, 40)),
             ocr.Word("20210", 73.0, (2358, 848, 146, 40))]
    assert ocr._read_twice(twice) and not ocr._read_twice(own)
    assert ocr._cell_reading_wins(own, twice)
    side_by_side = [twice[0], ocr.Word("iterimatanggal", 83.0, (1870, 839, 239, 40)), twice[2]]
    assert not ocr._cell_reading_wins(own, side_by_side)  # more letters, surer: the band's words stay
    assert not ocr._cell_reading_wins([ocr.Word("Diterima", 60.0, (1777, 839, 135, 40))], twice)  # far less sure

def test_a_false_grid_over_running_text_is_not_read_cell_by_cell():
    """A grid found over running text (a photocopy's streaks taken for rules) has sure words running
    across its "rules": read alone, its crop cut them ("Pasal" read "asal", "pemanfaatan" read
    "faatan"; a generated photocopy, 13 edits worse). Such a cell keeps the band's words."""
    band = np.full((400, 1000), 255, np.uint8)
    for y in (130, 230):
        cv2.putText(band, "Kerja sama ini", (420, y + 25), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    cv2.putText(band, "Nama", (120, 215), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    cells = [(100, 100, 400, 300), (400, 100, 900, 300)]
    lines = [_line("Kerja sama ini", 420, 130), _line("Nama", 120, 180) + _line("Kerja sama ini", 420, 230)]
    assert 1 in reading.cells_read_apart(lines, cells)  # the right cell starts before the left one and goes on below
    crossing = [lines[0], lines[1][:1] + _line("Kerja sama ini dibuat", 420, 230, char_w=24)]  # runs 140 px past x 900
    assert 1 not in ocr.read_cells_alone(band, crossing, cells, OPTIONS)  # the left cell may still be read alone

def test_cell_rows_leaves_rows_of_one_line_cells_and_words_outside_the_grid():
    cells = [(100, 100, 400, 200), (400, 100, 900, 200), (100, 200, 400, 320), (400, 200, 900, 320)]
    lines = [_line("Nama Jabatan", 120, 130), _line("Ahmad Kepala", 120, 230), _line("Desa", 420, 275),
             _line("Demikian", 120, 400)]
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    # "Jabatan" (x 225..330) sits in the first column, "Kepala" too: every cell holds one line
    assert reading.cell_rows(lines, keys, cells) == (lines, keys)
    # the second row's right cell holds two lines: the row is read cell by cell, in one line
    split = [_line("Nama", 120, 130) + _line("Jabatan", 420, 130), _line("Ahmad", 120, 260) + _line("Kepala", 420, 215),
             _line("Desa", 420, 275), _line("Demikian", 120, 400)]
    out, out_keys = reading.cell_rows(split, keys, cells)
    assert _texts(out) == ["Nama Jabatan", "Ahmad Kepala Desa", "Demikian"]
    assert out_keys == [keys[0], keys[1], keys[3]]
    # cells wrapped top-aligned (every cell starts on the row's first line): read line by line as before
    top = [_line("Nama", 120, 130) + _line("Jabatan", 420, 130), _line("Ahmad", 120, 215) + _line("Kepala", 420, 215),
           _line("Desa", 420, 260), _line("Demikian", 120, 400)]
    assert reading.cell_rows(top, keys, cells) == (top, keys)


def _ending_line(mark: str, size: int = 42) -> tuple[np.ndarray, list]:
    """A drawn list item "tentang Sistem Pendidikan Nasional<mark>" and its words' boxes."""
    from PIL import Image, ImageDraw, ImageFont
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", size)
    image = Image.new("L", (1300, 130), 255)
    draw = ImageDraw.Draw(image)
    words, x = [], 60
    for text in ("tentang", "Sistem", "Pendidikan", "Nasional" + mark):
        x0, y0, x1, y1 = draw.textbbox((x, 30), text, font=font)
        draw.text((x, 30), text, font=font, fill=0)
        words.append(ocr.Word(text, 90.0, (x0, y0, x1 - x0, y1 - y0)))
        x = x1 + size // 3
    return np.array(image), words


@pytest.mark.parametrize("drawn, read, expected", [
    (";", ",", ";"),  # Tesseract's "," for a printed semicolon: the dot over the comma is in the image
    (",", ",", ","),  # a comma stays a comma
    (":", ":", ":"),  # a colon is left alone
    (";", ":", ":"),  # ... even one that may be a semicolon (a smeared colon's dot passed for a comma)
])
def test_a_semicolon_read_as_comma_is_told_by_its_dot(drawn, read, expected):
    image, words = _ending_line(drawn)
    words[-1] = ocr.Word("Nasional" + read, 90.0, words[-1].box)
    out = ocr._semicolons(image, [words])
    assert out[0][-1].text == "Nasional" + expected
    assert [w.text for w in out[0][:-1]] == ["tentang", "Sistem", "Pendidikan"]


def test_a_speck_beside_a_comma_is_no_semicolon():
    image, words = _ending_line(",")
    x, y, w, h = words[-1].box
    image[y + 4:y + 9, x + w + 12:x + w + 17] = 0  # a speck up and to the right of the comma, not over it
    words[-1] = ocr.Word("Nasional,", 90.0, words[-1].box)
    assert ocr._semicolons(image, [words])[0][-1].text == "Nasional,"


# --------------------------------------------------------------------------- print crossed by a lighter mark

def _stamped_signature(ring: bool) -> np.ndarray:
    """A letter's closing: body lines, then the signer's name and NIP printed over a stamp's grey ring
    (drawn lighter than the print, as a stamp under a black signature block reads), or without it."""
    from pagegen import font
    from PIL import Image, ImageDraw

    im = Image.new("L", (1240, 640), 255)
    draw = ImageDraw.Draw(im)
    body = ["Demikian disampaikan untuk menjadi perhatian", "dan dilaksanakan sebagaimana mestinya oleh",
            "seluruh pegawai di lingkungan dinas kami."]
    for i, text in enumerate(body):
        draw.text((90, 40 + 50 * i), text, fill=20, font=font(30))
    draw.text((600, 240), "Kepala Dinas Perpustakaan,", fill=20, font=font(30))
    if ring:
        draw.ellipse((560, 300, 900, 600), outline=165, width=14)
        draw.line([(540, 470), (760, 420), (980, 480)], fill=185, width=10)
    draw.text((600, 440), "Joko Agus Setyono", fill=20, font=font(30))
    draw.text((600, 490), "NIP 196812111996031004", fill=20, font=font(30))
    return np.ascontiguousarray(np.asarray(im))


def _with_unsure_name(image: np.ndarray) -> tuple[list, int]:
    """The page's lines as Tesseract reads them, the name line replaced by the garbage a stamp made of it."""
    data = ocr._call(ocr.pytesseract.image_to_data, image, lang="ind", config="--psm 4", output_type=ocr.Output.DICT)
    _, lines, _ = ocr._words_and_lines(data)
    at = next(i for i, line in enumerate(lines) if abs(line[0].box[1] - 445) < 25 and line[0].box[0] > 500)
    boxes = [w.box for w in lines[at]]
    x0, x1 = min(b[0] for b in boxes), max(b[0] + b[2] for b in boxes)
    y, h = boxes[0][1], boxes[0][3]
    lines[at] = [ocr.Word("Joko", 93.0, boxes[0]), ocr.Word("tt", 17.0, (x0 + 60, y, 120, h)),
                 ocr.Word("tyoNo", 40.0, (x1 - 120, y, 120, h))]
    return lines, at


def test_print_crossed_by_a_lighter_mark_is_read_again_without_it():
    """A real signer's name printed over a stamp's ring read "AN Ubko tt tyoNo": read again with only
    the pixels as dark as the page's print, it reads whole."""
    image = _stamped_signature(ring=True)
    lines, at = _with_unsure_name(image)
    level, paper, _ = ocr._print_level(image, lines)
    assert 20 < level < 150 < paper
    again = ocr._read_marked_again(image, lines, OPTIONS)
    assert " ".join(w.text for w in again[at]) == "Joko Agus Setyono"
    assert all(w.conf >= ocr._MARKED_UNSURE for w in again[at])
    assert [again[i] for i in range(len(lines)) if i != at] == [lines[i] for i in range(len(lines)) if i != at]


def test_unsure_line_without_a_lighter_mark_is_left_alone():
    """No ink lighter than print in the line's box: nothing a darker cut could leave out, no second reading."""
    image = _stamped_signature(ring=False)
    lines, at = _with_unsure_name(image)
    assert ocr._read_marked_again(image, lines, OPTIONS) == lines


def test_line_with_no_sure_print_under_a_lighter_mark_is_left_alone():
    """Every word of the line unsure: the line is a mark itself (a logo's ribbon read "JAYA, WA"), not print under one."""
    image = _stamped_signature(ring=True)
    lines, at = _with_unsure_name(image)
    lines[at] = [ocr.Word("AN", 56.0, lines[at][0].box)] + lines[at][1:]
    assert ocr._read_marked_again(image, lines, OPTIONS) == lines


def test_a_list_marker_read_as_a_bar_is_a_one():
    """Tesseract reads a serifless "1." as "|." where a list starts; a bar elsewhere, a bar without its
    dot and a bar taller than the line's letters stay."""
    item = [ocr.Word("|.", 80.0, (100, 100, 12, 30)), ocr.Word("Menteri", 95.0, (140, 100, 120, 30))]
    label = [ocr.Word("Untuk", 95.0, (100, 200, 90, 30)), ocr.Word(":", 90.0, (200, 205, 6, 22)),
             ocr.Word("|.", 70.0, (230, 200, 12, 30)), ocr.Word("Studi", 95.0, (260, 200, 80, 30))]
    inside = [ocr.Word("Kepala", 95.0, (100, 300, 100, 30)), ocr.Word("|.", 70.0, (230, 300, 12, 30)),
              ocr.Word("Dinas", 95.0, (260, 300, 80, 30))]
    bare = [ocr.Word("|", 80.0, (100, 400, 6, 30)), ocr.Word("Menteri", 95.0, (140, 400, 120, 30))]
    rule = [ocr.Word("|.", 80.0, (100, 500, 12, 90)), ocr.Word("Menteri", 95.0, (140, 500, 120, 30))]
    got = [[w.text for w in line] for line in ocr._list_ones([item, label, inside, bare, rule])]
    assert got == [["1.", "Menteri"], ["Untuk", ":", "1.", "Studi"], ["Kepala", "|.", "Dinas"],
                   ["|", "Menteri"], ["|.", "Menteri"]]


def test_a_list_marker_read_with_a_comma_takes_its_neighbours_dot():
    """ "3," and "4," after "2." at the same left edge are the list's markers with their dots read as
    commas; a number with a comma at a line's start with no marker of its list beside it ("3, 4 dan 5")
    or beside a "2." in another column stays."""
    def line(text: str, x: int, y: int) -> list:
        first, rest = text.split(" ", 1)
        return [ocr.Word(first, 90.0, (x, y, 24, 30)), ocr.Word(rest, 95.0, (x + 40, y, 300, 30))]
    lines = [line("2. Kepala Disdikpora", 100, 100), line("3, Kepala Dinas Kesehatan", 102, 150),
             line("4, Kepala Bagian Kesra", 101, 200), line("3, 4 dan 5 tersebut", 100, 400),
             line("7. Camat Pakis", 900, 500), line("8, Camat Welahan", 100, 550)]
    lines = [lines[0], lines[1], lines[2], lines[4], lines[5]]
    got = [w.text for w in (l[0] for l in ocr._list_commas(lines))]
    assert got == ["2.", "3.", "4.", "7.", "8,"]  # "8," stands far left of "7."
    alone = [line("3, 4 dan 5 tersebut", 100, 400), line("Kepala Dinas", 100, 450)]
    assert ocr._list_commas(alone) == alone


# --------------------------------------------------------------------------- list markers the reading lost

def _list_page(marks: bool = True) -> np.ndarray:
    """A Tembusan list: its markers "1." .. "3." in a column left of the items, or (``marks=False``) the
    items alone, a speck and a tall pen stroke where markers would stand."""
    from pagegen import font
    from PIL import Image, ImageDraw

    im = Image.new("L", (1240, 330), 255)
    draw = ImageDraw.Draw(im)
    draw.text((90, 30), "Tembusan :", fill=20, font=font(30))
    items = ["Kepala Bappeda Provinsi Jawa Tengah.", "Walikota Kota Administrasi Selatan.", "Wakil Walikota Kota Administrasi."]
    for i, text in enumerate(items):
        if marks:
            draw.text((100, 110 + 60 * i), f"{i + 1}.", fill=20, font=font(30))
        draw.text((160, 110 + 60 * i), text, fill=20, font=font(30))
    if not marks:
        draw.ellipse((120, 135, 125, 140), fill=20)  # a speck beside the first item
        draw.line([(110, 150), (125, 205), (118, 260)], fill=20, width=4)  # a pen stroke over two items' starts
    return np.ascontiguousarray(np.asarray(im))


def _lines_without_markers(image: np.ndarray) -> list:
    data = ocr._call(ocr.pytesseract.image_to_data, image, lang="ind", config="--psm 4", output_type=ocr.Output.DICT)
    _, lines, _ = ocr._words_and_lines(data)
    return [[w for w in line if w.box[0] >= 150 or w.box[1] < 80] for line in lines]


def test_list_markers_the_reading_lost_are_read_back():
    """Real low-resolution scans lose a list's "1." .. "6." (Tesseract's layout takes them for noise):
    each is read alone where it stands left of its item, and put back as the line's first word."""
    image = _list_page()
    lines = _lines_without_markers(image)
    assert [line[0].text for line in lines[1:]] == ["Kepala", "Walikota", "Wakil"]
    out = ocr._lost_markers(image, lines, OPTIONS)
    assert [[w.text for w in line[:2]] for line in out[1:]] == [["1.", "Kepala"], ["2.", "Walikota"], ["3.", "Wakil"]]
    assert all(line[0].box[0] < 150 for line in out[1:])
    assert out[0] == lines[0]


def test_a_misread_marker_is_replaced_and_nothing_else_is_added():
    """A marker read as a short unsure word ("had" for "1.") is replaced; ink that is no marker (a
    speck, a pen stroke reaching over two lines) and lines whose start holds nothing are left alone."""
    image = _list_page()
    lines = _lines_without_markers(image)
    first = lines[1][0]
    lines[1] = [ocr.Word("had", 40.0, (100, first.box[1], 30, first.box[3]), line=first.line)] + lines[1]
    out = ocr._lost_markers(image, lines, OPTIONS)
    assert [w.text for w in out[1][:2]] == ["1.", "Kepala"]
    plain = _list_page(marks=False)
    lines = _lines_without_markers(plain)
    assert ocr._lost_markers(plain, lines, OPTIONS) == lines


def test_a_line_psm_7_reads_nothing_of_is_read_raw():
    """Large, blurred, grey print (a 72 dpi scan rendered at 300 dpi): Tesseract's one-line mode finds
    no line in it at all; read as a raw line it reads, and a line psm 7 reads keeps that reading."""
    from pagegen import FONT_DIRS
    from PIL import Image, ImageDraw, ImageFont

    sans = next(str(d / "LiberationSans-Regular.ttf") for d in FONT_DIRS if (d / "LiberationSans-Regular.ttf").exists())
    im = Image.new("L", (2000, 120), 255)
    ImageDraw.Draw(im).text((30, 25), "tenaga kesehatan disesuaikan dengan situasi dan kondisi setempat.",
                            fill=120, font=ImageFont.truetype(sans, 70))
    blurred = cv2.GaussianBlur(np.asarray(im), (0, 0), 5)
    assert not any(t.strip() for t in ocr.read_crops([(blurred, 7)], OPTIONS)[0]["text"])
    sharp = np.ascontiguousarray(np.asarray(im))
    got = ocr.read_line_crops([blurred, sharp], OPTIONS)
    raw = [t for t, c in zip(got[0]["text"], got[0]["conf"]) if t.strip() and float(c) >= ocr._LOST_MIN_CONF]
    assert {"kesehatan", "disesuaikan", "dengan", "dan"} <= set(raw)
    assert got[1]["text"] == ocr.read_crops([(sharp, 7)], OPTIONS)[0]["text"]


def test_a_note_in_small_print_beside_the_signer_block_is_not_read_into_the_signer_rows():
    """A boxed note in small print at the foot of a letter ("CATATAN :" and its items) beside the signer's
    name and NIP, whose letters the signature makes taller: two blocks, each read whole; joined row by
    row, the name and NIP were read inside the note's lines."""
    note = [_line(t, 130, 2600 + 40 * i, h=26, char_w=13) for i, t in enumerate(
        ["1. Harap menugaskan ASN yang membidangi", "materi rapat", "2. Harap membawa form laporan",
         "yang telah di bagikan", "di grup pesan dan telah di tanda tangani", "masing-masing Kepala UKPD."])]
    signer = [_line("AHMAD SAELANI", 1280, 2725, h=60, char_w=26), _line("NIP 196702151998031004", 1340, 2805, h=62,
                                                                           char_w=26)]
    merged, _ = reading.reading_rows(*_blocks((1, note), (2, signer)))
    assert "AHMAD SAELANI" in _texts(merged) and "NIP 196702151998031004" in _texts(merged)
    assert "yang telah di bagikan" in _texts(merged) and "masing-masing Kepala UKPD." in _texts(merged)
    # the same blocks set in one type size stay rows (a label column, two signature blocks set alike)
    alike = [_line("AHMAD SAELANI", 1280, 2725, h=26, char_w=13), _line("NIP 196702151998031004", 1340, 2805, h=26,
                                                                         char_w=13)]
    joined, _ = reading.reading_rows(*_blocks((1, note), (2, alike)))
    assert "yang telah di bagikan AHMAD SAELANI" in _texts(joined)


def _signer_page(names: tuple[str, str], jabatan: tuple[list[str], list[str]]) -> tuple[np.ndarray, list[str], list[str]]:
    """A generated closing with two signature blocks side by side (an MoU's PIHAK PERTAMA / PIHAK KEDUA):
    the page's rows from the closing sentence down (grey, 300 dpi), and each block's printed lines."""
    from samples.layout import Layout
    from samples.layout import render_page as render_layout
    lay = Layout()
    lay.para("Kesepakatan ini dibuat dalam rangkap 2 (dua), masing-masing bermeterai cukup dan mempunyai "
             "kekuatan hukum yang sama.")
    lay.space(40)
    top = lay.y - 40 - 2 * lay.lh()
    left = (lay.left, jabatan[0], names[0], ["Pembina (IV/a)", "NIP 197308201996121007"], 11)
    right = (int(lay.width * 0.55), jabatan[1], names[1], ["Penata (III/c)", "NIP 198506122010012003"], 12)
    lay.signatures([left, right], stamp=False)
    image = np.array(render_layout(lay.page).convert("L"))[max(0, top - 40):lay.y + 60]
    return image, jabatan[0] + [names[0], *left[3]], jabatan[1] + [names[1], *right[3]]


def test_two_signature_blocks_side_by_side_are_read_block_by_block():
    """Two signer blocks side by side (an MoU's "PIHAK PERTAMA" / "PIHAK KEDUA") were read straight
    across: Tesseract made one text line of both jabatan lines, of both names, of both NIPs ("Kepala
    Dinas Perpustakaan PIHAK KEDUA,", "NIP 1973... NIP 1985..."; a real CamScanner invitation read
    "Prof. Dr. Marnis, S.E., M.S Dr. Komala Sari, ..."). The transcription reads the left block, then the
    right one: the gutter between them runs through every printed line and leaves room for signatures."""
    image, left, right = _signer_page(("Irwansyah, S.E.", "Aliansyah, S.Kom."),
                                      (["PIHAK PERTAMA,", "Kepala Dinas Perpustakaan", "dan Kearsipan Kabupaten Balangan,"],
                                       ["PIHAK KEDUA,", "Kepala SDN 3 Paringin Selatan,"]))
    text = ocr.read_page(Page(1, image, dpi=300), OPTIONS).text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for printed in left + right:
        assert printed in lines, (printed, lines)  # each block's line read alone, not beside the other's
    assert max(lines.index(p) for p in left) < min(lines.index(p) for p in right), lines


def _signer_lines(gap: int) -> tuple[list, list]:
    """Word lines of two signer blocks (letters 30 px, lines 45 px apart) whose names stand ``gap`` px
    under their jabatan, each line holding both blocks' words as Tesseract reads them."""
    rows = [("Mengetahui,", "Paringin, 12 Mei 2024"), ("Kepala Dinas Perpustakaan", "Ketua Panitia Pelaksana"),
            ("H. Ahmad Rizani, S.Sos.", "Siti Aminah, S.Pd."), ("NIP 197003121994031007", "NIP 198204172009022003")]
    ys = [300, 345, 345 + gap, 390 + gap]
    lines = [_joined(_line(a, 90, y), _line(b, 1300, y + 1)) for (a, b), y in zip(rows, ys)]
    lines.insert(0, _line("Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya kata kata", 90, 220))
    return lines, [(0, 1, 1, i + 1) for i in range(len(lines))]


def test_signer_blocks_split_only_where_room_is_left_for_signatures():
    lines, keys = _signer_lines(gap=260)
    split, split_keys = reading.signer_blocks(lines, keys)
    assert _texts(split) == [_texts(lines)[0], "Mengetahui,", "Kepala Dinas Perpustakaan", "H. Ahmad Rizani, S.Sos.",
                             "NIP 197003121994031007", "Paringin, 12 Mei 2024", "Ketua Panitia Pelaksana",
                             "Siti Aminah, S.Pd.", "NIP 198204172009022003"]
    assert split_keys[4][:-1] != split_keys[5][:-1]  # a paragraph break before the right block
    assert sorted(w.text for line in split for w in line) == sorted(w.text for line in lines for w in line)
    # the right-hand name lost from the names' line: the NIP line just under it holds both blocks
    lines, keys = _signer_lines(gap=260)
    lines[3] = lines[3][:4]
    split, _ = reading.signer_blocks(lines, keys)
    assert _texts(split)[1:] == ["Mengetahui,", "Kepala Dinas Perpustakaan", "H. Ahmad Rizani, S.Sos.",
                                 "NIP 197003121994031007", "Paringin, 12 Mei 2024", "Ketua Panitia Pelaksana",
                                 "NIP 198204172009022003"]
    # the left jabatan read unsure (under a stamp): the blocks are found from the names up, across the room
    lines, keys = _signer_lines(gap=260)
    expected = _texts(reading.signer_blocks(lines, keys)[0])
    for line in lines[1:3]:
        line[:] = [ocr.Word(w.text, 0.0, w.box) if w.box[0] < 1000 else w for w in line]
    assert _texts(reading.signer_blocks(lines, keys)[0]) == expected
    # the same two columns evenly spaced (an unruled table's rows): no room for a signature, read row by row
    lines, keys = _signer_lines(gap=45)
    assert reading.signer_blocks(lines, keys) == (lines, keys)


def test_signer_blocks_leave_a_line_with_a_hole_and_a_label_block_alone():
    # a body line that lost words in its middle (a photocopy's dropout) over two signer blocks: the hole
    # is no gutter (it is not between the region's halves), the blocks under it are split as before
    body = _joined(_line("Demikian berita acara serah", 90, 300), _line("dibuat dengan sebenarnya untuk", 700, 300))
    signers = [("PIHAK KEDUA,", "PIHAK PERTAMA,"), ("Rabiatul Adawiyah", "Ahmad Yani"),
               ("NIP 197003121994031007", "NIP 198204172009022003")]
    lines = [body, _line("dipergunakan.", 90, 345)]
    lines += [_joined(_line(a, 90, y), _line(b, 1300, y)) for (a, b), y in zip(signers, [450, 720, 765])]
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    split, _ = reading.signer_blocks(lines, keys)
    assert _texts(split) == _texts(lines[:2]) + [a for a, _ in signers] + [b for _, b in signers]
    # label rows beside an addressee with room under them: right_blocks' business, left as read
    rows = [("Nomor : 005/12/DISPUSIP/2024", "Kepada Yth."), ("Sifat : Biasa", "Kepala Desa Batu Piring"),
            ("Perihal : Undangan", "di Tempat"), ("Lampiran : 1 berkas", "Paringin")]
    lines = [_joined(_line(a, 90, y), _line(b, 1300, y)) for (a, b), y in zip(rows, [300, 345, 600, 645])]
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    assert reading.signer_blocks(lines, keys) == (lines, keys)


def test_cell_rows_read_a_row_of_wrapped_cells_cell_by_cell():
    """A row under a title over the whole width, parted by a rule no other row has (two offers side by
    side), and a row sharing the table's columns with the row above (a book's title wrapped beside its
    author): their wrapped cells are read each whole, left to right, as the generator's truth and the real
    set's transcription write them. Not where a sure word crosses a rule (running text), the row's lines
    hold words outside it (a grid found over part of a table), or a cell never wraps (a list)."""
    cells = [(100, 40, 900, 100), (100, 100, 400, 320), (400, 100, 900, 320)]
    keys = [(0, 1, 1, i + 1) for i in range(4)]
    title = _line("KONTRIBUSI", 420, 60)
    running = [title, _line("Para pihak sepakat", 120, 130) + _line("bekerja sama dalam", 450, 130),
               _line("dalam pembinaan", 120, 175) + _line("perpustakaan desa", 450, 175), _line("sesuai", 450, 220)]
    assert _texts(reading.cell_rows(running, keys, cells)[0]) == [
        "KONTRIBUSI", "Para pihak sepakat dalam pembinaan bekerja sama dalam perpustakaan desa sesuai"]
    crossing = [title, _line("Para pihak bersepakat", 120, 130) + _line("bekerja sama dalam", 450, 130), *running[2:]]
    assert crossing[1][2].box[0] + crossing[1][2].box[2] > 400 + 15  # "bersepakat" runs past the rule at x 400
    assert reading.cell_rows(crossing, keys, cells) == (crossing, keys)
    outside = [title, running[1] + _line("Ya", 950, 130), *running[2:]]
    assert reading.cell_rows(outside, keys, cells) == (outside, keys)
    items = [title, _line("1.", 120, 130) + _line("Buku Bumi", 420, 130), _line("2.", 120, 175) + _line("Buku Hujan", 420, 175)]
    assert reading.cell_rows(items, keys[:3], cells) == (items, keys[:3])
    shared = [(100, 40, 400, 100), (400, 40, 900, 100), *cells[1:]]  # the row above has the same columns
    heads = [_line("Nama", 120, 60) + _line("Jabatan", 420, 60), *running[1:]]
    assert _texts(reading.cell_rows(heads, keys, shared)[0]) == [
        "Nama Jabatan", "Para pihak sepakat dalam pembinaan bekerja sama dalam perpustakaan desa sesuai"]
    one_line = [heads[0], running[1]]  # cells of one line each: as read
    assert reading.cell_rows(one_line, keys[:2], shared) == (one_line, keys[:2])
    # a form's cell: a title centred over label lines is no wrapped text (the labels wait for values): as read
    form = [heads[0], _line("Tgl", 120, 130) + _line("LEMBAR DISPOSISI UTAMA", 485, 130),
            _line("Surat dari :", 420, 175), _line("No. Surat :", 420, 220)]
    assert reading.cell_rows(form, keys, shared) == (form, keys)
    centred = [heads[0], _line("Tgl", 120, 130) + _line("LEMBAR DISPOSISI UTAMA", 485, 130),
               _line("DIREKTUR KEUANGAN", 522, 175)]  # a centred title wrapped onto a second line
    assert _texts(reading.cell_rows(centred, keys[:3], shared)[0]) == [
        "Nama Jabatan", "Tgl LEMBAR DISPOSISI UTAMA DIREKTUR KEUANGAN"]


def test_cell_rows_read_the_items_of_a_ruled_row_each_cell_by_cell():
    """A ruled row holding a numbered list (no rule between the items; real book lists send several
    books in one row): each number starts an item, and each item's wrapped cells are read whole, left to
    right, beside its number and count; an item of one line stays as read. Before, the number column
    (a list, "1." over "2.") kept the whole row read across, each title's second line apart from its first."""
    cells = [(100, 40, 160, 100), (160, 40, 700, 100), (700, 40, 850, 100), (850, 40, 1300, 100),
             (100, 100, 160, 420), (160, 100, 700, 420), (700, 100, 850, 420), (850, 100, 1300, 420)]
    head = _line("No", 110, 60) + _line("Judul", 175, 60) + _line("Jumlah", 715, 60) + _line("Keterangan", 865, 60)
    lines = [head,
             _line("1.", 115, 130) + _line("Pedoman Pengelolaan Perpustakaan", 175, 130) + _line("1 Buku", 715, 130)
             + _line("Demikian disampaikan untuk", 865, 130),
             _line("Desa Terpadu", 175, 175) + _line("menjadikan periksa dan guna", 865, 175),
             _line("seperlunya.", 865, 220),
             _line("2.", 115, 265) + _line("Katalog Koleksi Buku Anak dan", 175, 265) + _line("1 Buku", 715, 265),
             _line("Remaja Kabupaten Balangan", 175, 310),
             _line("3.", 115, 355) + _line("Panduan Literasi", 175, 355) + _line("2 Buku", 715, 355)]
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    assert _texts(reading.cell_rows(lines, keys, cells)[0]) == [
        "No Judul Jumlah Keterangan",
        "1. Pedoman Pengelolaan Perpustakaan Desa Terpadu 1 Buku Demikian disampaikan untuk menjadikan periksa"
        " dan guna seperlunya.",
        "2. Katalog Koleksi Buku Anak dan Remaja Kabupaten Balangan 1 Buku",
        "3. Panduan Literasi 2 Buku"]
    # a list that is not the row's first cell (names beside a wrapped title) still keeps the row as read
    named = [head, _line("1", 115, 130) + _line("Pedoman Pengelolaan Perpustakaan", 175, 130)
             + _line("KASI UMUM", 865, 130), _line("Desa Terpadu", 175, 175) + _line("KAUR KEUANGAN", 865, 175)]
    assert reading.cell_rows(named, keys[:3], cells) == (named, keys[:3])


def test_cell_rows_a_date_over_its_year_does_not_hold_a_wrapped_row_across():
    """A schedule's row: the day and date ("RABU, 8") over the month and year in a narrow cell, its first
    line short of the cell's width though the next word would not have fitted, beside a place wrapped
    over two lines: the row is read cell by cell, the date whole. Before, the short first line counted
    as a list and held the row read across ("RABU, 8 ... Puskesmas" over "JANUARI 2020 di Kecamatan")."""
    cells = [(40, 40, 100, 100), (100, 40, 320, 100), (320, 40, 900, 100),
             (40, 100, 100, 200), (100, 100, 320, 200), (320, 100, 900, 200)]
    head = _line("No", 50, 60) + _line("Hari/Tgl", 115, 60) + _line("Lokasi", 335, 60)
    lines = [head, _line("1", 55, 115) + _line("RABU, 8", 115, 115) + _line("Sekolahan, Masjid, Puskesmas, Balai", 335, 115),
             _line("JANUARI 2020", 115, 155) + _line("di Kecamatan Paringin", 335, 155)]
    keys = [(0, 1, 1, i + 1) for i in range(len(lines))]
    assert _texts(reading.cell_rows(lines, keys, cells)[0]) == [
        "No Hari/Tgl Lokasi", "1 RABU, 8 JANUARI 2020 Sekolahan, Masjid, Puskesmas, Balai di Kecamatan Paringin"]
    # the same date cell beside a place of one line: nothing wraps, the row stays as read
    flat = [head, lines[1], _line("JANUARI 2020", 115, 155)]
    assert reading.cell_rows(flat, keys, cells) == (flat, keys)
