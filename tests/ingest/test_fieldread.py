"""Field-level re-reading (``ingest.fieldread``): the number and date rows read again, the readings
voting, and the document's fields settled only on agreed, valid values. Pages are generated here."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from pagegen import FONT_DIRS
from PIL import Image, ImageDraw, ImageFont

from ingest import fieldread
from ingest.dates import repair_month
from ingest.metadata import extract_metadata
from ingest.model import PageText, StageRecord, Word
from ingest.nomor import DIGITS_DOUBTED
from ingest.options import IngestOptions

NOMOR = "045/112/DISPERSIP/VI/2024"
HEAD = ("PEMERINTAH KABUPATEN BALANGAN", "DINAS PERPUSTAKAAN DAN KEARSIPAN")


def _record(lines: list[dict]) -> PageText:
    return PageText(number=1, text="", words=(), confidence=90.0, width=100, height=100,
                    steps=(StageRecord(fieldread.STAGE, 1.0, {"wanted": ["nomor"], "lines": lines}),))


def _line(page_line: str, readings: list[str]) -> dict:
    values, votes = fieldread.vote([page_line] + readings)
    return fieldread.LineReading("nomor", page_line, tuple(readings), values, votes, 1 + len(readings)).to_json()


def settled_number(kop: str, rows, witness=(), sharpened=(), date: str = "Paringin, 12 Juni 2024"):
    """The metadata a page gets once its number row's readings (``rows``: the page's first) are settled: the page
    has the letterhead ``kop``, the number row, the date row and a perihal, and its own reading left the number
    empty. Used by the tests of the number rules of later sessions."""
    text = f"{kop}\n{rows[0]}\n{date}\nHal : Undangan"
    metadata = extract_metadata(text)
    assert not metadata.nomor.present
    values, votes = fieldread.vote(rows)
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), values, votes, len(rows),
                                 witness=tuple(witness), sharpened=tuple(sharpened)).to_json()
    return fieldread.settle(metadata, text, [_record([line])])


# ---------------------------------------------------------------- voting and validation


def test_misread_roman_month_is_left_empty_by_the_page_and_settled_by_agreeing_readings():
    text = "\n".join(HEAD) + "\nNomor : 045/112/DISPERSIP/VU/2024\nParingin, 12 Juni 2024\nHal : Undangan"
    before = extract_metadata(text)
    assert not before.nomor.present  # "VU" is no month: never guessed back
    readings = ["Nomor : " + NOMOR, "Nomor : " + NOMOR, "Nomor : 045/112/DISPERSIP/V1/2024", "Nomor : " + NOMOR]
    after = fieldread.settle(before, text, [_record([_line("Nomor : 045/112/DISPERSIP/VU/2024", readings)])])
    assert after.nomor.value == NOMOR
    assert 0.6 <= after.nomor.confidence < 1.0
    assert "dibaca ulang" in after.nomor.reason
    assert not any(r.startswith("nomor:") for r in after.review)


def test_a_number_every_re_reading_doubts_is_kept_and_said_so():
    """Readings of one image can misread a character alike ("019.1" read "01901" three times at 70–72): the
    number is kept, its reason says every reading doubted its digits (the archive flags it), and it is named
    for review; readings sure of their digits settle it plainly."""
    text = "\n".join(HEAD) + "\nNomor : 045/112/DISPERSIP/VU/2024\nParingin, 12 Juni 2024\nHal : Undangan"
    before = extract_metadata(text)
    readings = ["Nomor : " + NOMOR] * 3
    values, votes = fieldread.vote(["Nomor : 045/112/DISPERSIP/VU/2024"] + readings)

    def line(confidences):
        return fieldread.LineReading("nomor", "Nomor : 045/112/DISPERSIP/VU/2024", tuple(readings), values, votes,
                                     4, confidences).to_json()

    doubted = fieldread.settle(before, text, [_record([line((72.0, 70.0, 71.0))])])
    assert doubted.nomor.value == NOMOR and DIGITS_DOUBTED in doubted.nomor.reason
    assert any(r.startswith("nomor:") and DIGITS_DOUBTED in r for r in doubted.review)
    sure = fieldread.settle(before, text, [_record([line((72.0, 91.0, 93.0))])])
    assert sure.nomor.value == NOMOR and DIGITS_DOUBTED not in sure.nomor.reason
    assert not any(r.startswith("nomor:") for r in sure.review)


def test_two_agreeing_readings_are_not_enough():
    text = "Nomor : 045/112/DISPERSIP/VU/2024\nHal : Undangan"  # no letter date to confirm the month
    readings = ["Nomor : " + NOMOR, "Nomor : " + NOMOR, "Nomor : 045/112/DISPERSIP/V/2024", "Nomor :"]
    line = _line("Nomor : 045/112/DISPERSIP/VU/2024", readings)
    assert line["values"] == {}
    assert not fieldread.settle(extract_metadata(text), text, [_record([line])]).nomor.present


def test_two_readings_of_the_month_are_confirmed_by_the_letter_date():
    """The same readings as above on a letter dated in June: the date is a second, independent reading of
    the month, so the number is put together segment by segment, with no review flag."""
    text = "Nomor : 045/112/DISPERSIP/VU/2024\nParingin, 12 Juni 2024"
    readings = ["Nomor : " + NOMOR, "Nomor : " + NOMOR, "Nomor : 045/112/DISPERSIP/V/2024", "Nomor :"]
    after = fieldread.settle(extract_metadata(text), text, [_record([_line(text.splitlines()[0], readings)])])
    assert after.nomor.value == NOMOR
    assert "dikonfirmasi oleh tanggal surat" in after.nomor.reason and after.nomor.confidence < 0.9
    assert not any(r.startswith("nomor:") for r in after.review)


def test_month_no_reading_gives_is_never_taken_from_the_date():
    """Three readings say II on a letter of March: the date cannot put a month no reading saw."""
    text = "Nomor : 51/MBISR-7/11/2025\nParingin, 6 Maret 2025"
    readings = ["Nomor : 51/MBISR-7/11/2025", "Nomor : 51/MBISR-7/41/2025", "Nomor : 51/MBISR-7/Il/2025"]
    after = fieldread.settle(extract_metadata(text), text, [_record([_line(text.splitlines()[0], readings)])])
    assert not after.nomor.present


@pytest.mark.parametrize("page, readings, want", [
    # every re-reading agrees; the page read a speck as one digit more: confirmed
    ("Nomor : 2900.1/204/Dispersip/2024", ["Nomor : 900.1/204/Dispersip/2024"] * 3, "900.1/204/Dispersip/2024"),
    # the re-readings disagree on a digit: not settled, whatever the majority
    ("Nomor : 041/1449/Dispersip/2024", ["Nomor : 041/449/Dispersip/2024", "Nomor : 041/1449/Dispersip/2024",
                                         "Nomor : 041/1449/Dispersip/2024"], None),
    # the page read more of the row than the re-readings (a crop cut the value): not settled
    ("Nomor : 01901/02728/2005 Kepada :", ["Nomor :01901/027 / Kepada :"] * 3, None),
    # an 'I' inside a lower-case code may be an 'l': not settled this way
    ("Nomor : 272/BAST/Dispersip-BIg/1/2023", ["Nomor : 272/BAST/Dispersip-BIg/III/2023"] * 3, None),
])
def test_number_confirmed_segment_by_segment(page, readings, want):
    text = page + "\nParingin, 28 Maret 2024" if "Dispersip-BIg" not in page else page + "\nParingin, 28 Maret 2023"
    got = fieldread.confirm_by_segments([_line(page, readings)], extract_metadata(text).tanggal.value)
    assert (got.value if got else None) == want


def test_date_row_whose_words_the_page_text_dropped_is_still_settled():
    """The row's words read "Tebing Tinggi, 3 MARET 2025" but the page's text kept "Tebing Tinggi, 2025" (words
    it dropped): the re-read row replaces that line, and the agreed date is taken."""
    text = "\n".join(HEAD) + "\nTebing Tinggi, 2025\nNomor : 99/Sek/PP-NI/2025\nPerihal : Permohonan Kerja Sama"
    before = extract_metadata(text)
    assert not before.tanggal.present
    row = "Tebing Tinggi, 3 MARET 2025"
    readings = [row, row]
    values, votes = fieldread.vote([row] + readings)
    line = fieldread.LineReading("tanggal", row, tuple(readings), values, votes, 3).to_json()
    after = fieldread.settle(before, text, [_record([line])])
    assert after.tanggal.value == "2025-03-03"
    # a line that is not the row's words in order is never replaced
    other = text.replace("Tebing Tinggi, 2025", "Paringin, 2025")
    assert not fieldread.settle(extract_metadata(other), other, [_record([line])]).tanggal.present


def test_agreed_number_whose_month_contradicts_the_letter_date_is_not_taken():
    text = "Nomor : 045/112/DISPERSIP/VU/2024\nParingin, 12 Maret 2024"
    readings = ["Nomor : " + NOMOR] * 4  # June's number on a letter dated in March
    after = fieldread.settle(extract_metadata(text), text, [_record([_line(text.splitlines()[0], readings)])])
    assert not after.nomor.present
    assert any(r.startswith("nomor:") for r in after.review)


def test_blank_left_for_a_handwritten_number_is_never_filled():
    text = "Nomor : 045/ /DISPERSIP/VI/2024\nParingin, 12 Juni 2024"
    before = extract_metadata(text)
    assert not before.nomor.present
    readings = ["Nomor : 045/17/DISPERSIP/VI/2024"] * 4  # the re-read took the handwriting for print
    after = fieldread.settle(before, text, [_record([_line(text.splitlines()[0], readings)])])
    assert not after.nomor.present


@pytest.mark.parametrize("value, damaged", [
    ("041/326Dispersip/2023", True),  # a '/' lost between the number and the unit
    ("041/04/aspersip", True),  # the unit's capital lost
    ("045/112/DISPERSIP/VV2024", True),  # the slash before the year lost
    ("041/326/Dispersip/2023", False),
    ("000.4.7.1/278/Bid.LPP/DISPERSIP/II/2023", False),
    ("005/97/Kel-TRH/2024", False),
])
def test_broken_segments(value, damaged):
    assert fieldread.broken(value) is damaged


def test_number_read_otherwise_is_replaced_only_when_every_reading_agrees():
    text = "Nomor : 51/MBlSR-7/III/2025\nJuai, 06 Maret 2025"
    before = extract_metadata(text)
    assert before.nomor.value == "51/MBlSR-7/III/2025"  # 'l' read for 'I' in the unit: the wrong one
    split = ["No. : 51/MBISR-7/III/2025"] * 3 + ["No. : 51/MBlSR-7/III/2025"] * 2
    kept = fieldread.settle(before, text, [_record([_line(text.splitlines()[0], split)])])
    assert kept.nomor.value == before.nomor.value
    every = ["No. : 51/MBISR-7/III/2025"] * 5
    line = _line("No. : 51/MBISR-7/III/2025", every)  # the page line as the re-read text replaces it
    line["page_line"] = text.splitlines()[0]
    replaced = fieldread.settle(before, text, [_record([line])])
    assert replaced.nomor.value == "51/MBISR-7/III/2025"


def test_repaired_roman_month_that_contradicts_the_letter_is_left_empty_then_settled():
    """"111" read as "11" gives the Roman month II on a letter dated in March: the page's number is no
    reading of the month (issue 17, held-out fax); the row read again settles it."""
    text = "Nomor : 51/MBISR-7/11/2025\nJuai, 06 Maret 2025"
    before = extract_metadata(text)
    assert not before.nomor.present
    assert any("bulan nomor (II)" in r for r in before.review)
    readings = ["No. : 51/MBISR-7/III/2025"] * 3
    after = fieldread.settle(before, text, [_record([_line(text.splitlines()[0], readings)])])
    assert after.nomor.value == "51/MBISR-7/III/2025"


def test_a_dot_lost_between_digits_is_no_digit_in_doubt():
    """"000.46.2" on the page, "000.4.6.2" in three re-readings: the same digits, so the readings settle it
    ("424" beside "421" would not)."""
    page = "Nomor: 000.46. 2/337/DISPERSIP/2024"
    readings = ["Nomor: 000.4.6.2/337/DISPERSIP/2024"] * 3
    values, _ = fieldread.vote([page] + readings)
    assert values == {"nomor": "000.4.6.2/337/DISPERSIP/2024"}
    values, _ = fieldread.vote(["Nomor: 000.4.6.2/331/DISPERSIP/2024"] + readings)
    assert values == {}


def test_a_letter_among_a_segments_digits_that_another_reading_reads_as_a_digit_is_in_doubt():
    """"42L" three times, "424" once: the letter stands where a digit was printed (or written by hand), so
    the readings do not settle the number; a code segment of letters is not touched."""
    readings = ["Nomor: 005/42L/35.07.24/2020"] * 3 + ["Nomor: 005/424/35.07.24/2020"]
    values, _ = fieldread.vote(["Nomor: 005/42/35.07.24/2020"] + readings)
    assert values == {}
    agreed = ["Nomor: 005/424/35.07.24/2020"] * 3
    values, _ = fieldread.vote(["Nomor: 005/42L/35.07.24/2020"] + agreed)
    assert values == {"nomor": "005/424/35.07.24/2020"}
    coded = ["Nomor: 005/424/Dispersip-Blg/2020"] * 3  # letters in a code segment are not digits in doubt
    values, _ = fieldread.vote(["Nomor: 005/424/Dispersip-B1g/2020"] + coded)
    assert values == {"nomor": "005/424/Dispersip-Blg/2020"}


def test_number_row_whose_label_ocr_lost_is_voted_with_the_label_put_back():
    assert fieldread.line_values(": 000.4.6.2/360/Dispersip-Blg/111/2023") == {
        "nomor": "000.4.6.2/360/Dispersip-Blg/III/2023"}
    assert fieldread.line_values(": Permohonan Pembinaan") == {}


def test_date_row_read_again_fills_an_empty_tanggal():
    text = "\n".join(HEAD) + "\nNomor : " + NOMOR + "\nParingin, 12 Juni 2O94\nHal : Undangan"
    before = extract_metadata(text)
    assert not before.tanggal.present  # the year 2094 is no letter's year
    readings = ["Paringin, 12 Juni 2024"] * 3
    values, votes = fieldread.vote(["Paringin, 12 Juni 2O94"] + readings)
    assert values == {"tanggal": "2024-06-12"}
    line = fieldread.LineReading("tanggal", "Paringin, 12 Juni 2O94", tuple(readings), values, votes, 4).to_json()
    after = fieldread.settle(before, text, [_record([line])])
    assert after.tanggal.value == "2024-06-12"


def test_short_month_with_l_for_i_is_repaired():
    assert repair_month("Mel") == ("mei", True)
    assert repair_month("Mei") == ("mei", False)
    assert repair_month("Jul") == ("jul", False)  # 'l' kept where it belongs


# ---------------------------------------------------------------- reading pixels again (real Tesseract)


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The sans face official letters are mostly typed in (Liberation Sans, as Arial)."""
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(FONT_DIRS[0] / name), size)


def _letter(nomor_size: int) -> tuple[np.ndarray, dict[str, tuple[int, int, int, int]]]:
    """A letter head at 300 dpi-like size: kop, nomor row and date; returns the page and word boxes."""
    im = Image.new("L", (2000, 900), 255)
    draw = ImageDraw.Draw(im)
    boxes: dict[str, tuple[int, int, int, int]] = {}
    rows = [(HEAD[0], 120, 44, True), (HEAD[1], 190, 44, True), ("Nomor", 330, nomor_size, False),
            (":", 330, nomor_size, False), (NOMOR, 330, nomor_size, False), ("Paringin, 12 Juni 2024", 420, 40, False),
            ("Hal : Undangan Sosialisasi", 500, 40, False)]
    xs = {"Nomor": 160, ":": 360, NOMOR: 400}
    for text, y, size, bold in rows:
        x = xs.get(text, 160 if not text.startswith("Paringin") else 1300)
        draw.text((x, y), text, fill=0, font=font(size, bold=bold))
        left, top, right, bottom = draw.textbbox((x, y), text, font=font(size, bold=bold))
        boxes[text] = (left, top, right - left, bottom - top)
    return np.asarray(im).copy(), boxes


def _degrade(page: np.ndarray, factor: float, blur: float) -> np.ndarray:
    small = cv2.resize(page, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), blur)
    ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 40])
    assert ok
    back = cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)
    return cv2.resize(back, (page.shape[1], page.shape[0]), interpolation=cv2.INTER_CUBIC)


def _page_text(boxes: dict, nomor_read: str, nomor_conf: float) -> PageText:
    """What the page reading gave: every line right but the number, read as ``nomor_read``."""
    words = [Word(w, 95.0, boxes[HEAD[0]], 0) for w in HEAD[0].split()[:1]]
    words += [Word("DINAS", 95.0, boxes[HEAD[1]], 1)]
    words += [Word("Nomor", 93.0, boxes["Nomor"], 2), Word(":", 90.0, boxes[":"], 2),
              Word(nomor_read, nomor_conf, boxes[NOMOR], 2)]
    x, y, w, h = boxes["Paringin, 12 Juni 2024"]
    words += [Word(t, 95.0, (x + i * w // 4, y, w // 4, h), 3) for i, t in enumerate("Paringin, 12 Juni 2024".split())]
    x, y, w, h = boxes["Hal : Undangan Sosialisasi"]
    words += [Word(t, 95.0, (x + i * w // 4, y, w // 4, h), 4) for i, t in enumerate("Hal : Undangan Sosialisasi".split())]
    text = "\n".join([HEAD[0], HEAD[1], f"Nomor : {nomor_read}", "Paringin, 12 Juni 2024", "Hal : Undangan Sosialisasi"])
    return PageText(number=1, text=text, words=tuple(words), confidence=80.0, width=2000, height=900)


def test_blurred_low_resolution_number_row_is_recovered_by_the_re_read():
    """The number printed small, scanned at half its resolution, blurred and JPEG-compressed: the page
    reading's "/VU/" (Tesseract doubting it) leaves it empty; the row read again gives the number."""
    page, boxes = _letter(nomor_size=30)
    image = _degrade(page, factor=2.0, blur=0.5)
    text = _page_text(boxes, "045/112/DISPERSIP/VU/2024", 41.0)
    before = extract_metadata(text.text, text.words)
    assert not before.nomor.present
    read = fieldread.reread_fields(image, text, IngestOptions(workers=1))
    record = next(s for s in read.steps if s.stage == fieldread.STAGE)
    assert record.details["wanted"] == ["nomor"]
    assert record.details["lines"] and record.details["lines"][0]["field"] == "nomor"
    after = fieldread.settle(before, text.text, [read])
    assert after.nomor.value == NOMOR, record.details["lines"][0]["readings"]


def test_unreadable_number_row_stays_empty():
    """The same row smudged past reading: the readings disagree or give nothing, and nothing is filled."""
    page, boxes = _letter(nomor_size=30)
    x, y, w, h = boxes[NOMOR]
    rng = np.random.default_rng(7)
    region = page[y - 5:y + h + 5, x:x + w].astype(np.int16)
    region += rng.integers(-160, 160, region.shape, dtype=np.int16)
    page[y - 5:y + h + 5, x:x + w] = np.clip(cv2.GaussianBlur(region.astype(np.uint8), (0, 0), 4.0), 0, 255)
    image = _degrade(page, factor=3.0, blur=1.5)
    text = _page_text(boxes, "04S/1I2/DlSP", 20.0)
    before = extract_metadata(text.text, text.words)
    after = fieldread.settle(before, text.text, [fieldread.reread_fields(image, text, IngestOptions(workers=1))])
    assert after.nomor.value in (None, NOMOR)  # never a wrong number


def test_page_with_sure_fields_is_not_read_again():
    page, boxes = _letter(nomor_size=40)
    text = _page_text(boxes, NOMOR, 95.0)
    read = fieldread.reread_fields(page, text, IngestOptions(workers=1))
    record = next(s for s in read.steps if s.stage == fieldread.STAGE)
    assert record.details == {"wanted": [], "lines": []}


# ---------------------------------------------------------------- perihal beside the addressee column

def _row(n: int, left: str, right: str = "", y0: int = 300) -> list[Word]:
    """One row of a letter head as word boxes: the block column at x 160 (values at x 400), the addressee
    column at x 1300; 30 px letters, 24 px per character."""
    y = y0 + 55 * n
    out, x = [], 160
    for i, t in enumerate(left.split()):
        if i == 2 and left.split()[1] == ":":
            x = 400
        out.append(Word(t, 93.0, (x, y, 24 * len(t), 30), n))
        x += 24 * len(t) + 14
    x = 1300
    for t in right.split():
        out.append(Word(t, 93.0, (x, y, 24 * len(t), 30), n))
        x += 24 * len(t) + 14
    return out


def _head_page(subject: tuple[str, ...]) -> PageText:
    rows = [("Nomor : 045/112/DISPERSIP/VI/2024", "Paringin, 12 Juni 2024"), ("Sifat : Biasa", "Kepada"),
            ("Lampiran : -", "Yth. Kepala Dinas Perpustakaan"),
            ("Hal : " + subject[0], "dan Kearsipan Kabupaten")]
    rows += [("", "")] * 0
    words = [w for n, (a, b) in enumerate(rows) for w in _row(n, a, b)]
    n = len(rows)
    for extra in subject[1:]:
        line = _row(n, "x : " + extra, "Balangan")[2:]  # aligned with the value column
        words += line
        n += 1
    words += _row(n, "", "di") + _row(n + 1, "", "Paringin")
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    text = "\n".join(" ".join(w.text for w in sorted(ws, key=lambda w: w.box[0])) for _, ws in sorted(lines.items()))
    return PageText(number=1, text=text, words=tuple(words), confidence=90.0, width=2000, height=2800)


def test_two_line_perihal_beside_the_addressee_column_is_read_from_the_layout():
    page = _head_page(("Permohonan Pembinaan", "Perpustakaan Desa"))
    before = extract_metadata(page.text, page.words)
    assert not before.perihal.present  # the text alone cannot tell the subject's words from the addressee's
    assert "kolom alamat" in before.perihal.reason
    assert fieldread.perihal_by_layout(page) == "Permohonan Pembinaan Perpustakaan Desa"
    after = fieldread.settle(before, page.text, [page])
    assert after.perihal.value == "Permohonan Pembinaan Perpustakaan Desa"
    assert not any(r.startswith("perihal:") for r in after.review)


def test_one_line_perihal_stops_before_the_addressee_rows():
    page = _head_page(("Undangan Sosialisasi",))
    assert fieldread.perihal_by_layout(page) == "Undangan Sosialisasi"


def test_doubtful_subject_word_keeps_the_perihal_empty():
    page = _head_page(("Permohonan Pembinaan", "Perpustakaan Desa"))
    words = tuple(Word(w.text, 35.0, w.box, w.line) if w.text == "Pembinaan" else w for w in page.words)
    assert fieldread.perihal_by_layout(PageText(1, page.text, words, 90.0, 2000, 2800)) is None


def test_a_digit_the_readings_cannot_settle_on_leaves_the_number_empty():
    page_line = "Nomor : 005 / 424 / 35.07.24/2020"
    readings = ["Nomor : 005 / 42l / 35.07.24/2020", "Nomor : 005 / 424 / 35.07.24/2020",
                "Nomor : 005 / 424 / 35.07.24/2020", "Nomor : 005/ 42. / 35.07.24/2020"]
    values, _ = fieldread.vote([page_line] + readings)
    assert "nomor" not in values  # three readings say 424, one 421: the third digit is not sure
    values, votes = fieldread.vote([page_line] + readings[1:3])
    assert values["nomor"] == "005/424/35.07.24/2020" and votes["nomor"] == 3


def test_subject_word_di_is_kept_and_the_addressee_column_is_cut():
    page = _head_page(("Permohonan Kerja Sama Program BuRT di Wilayah",))
    assert fieldread.perihal_by_layout(page) == "Permohonan Kerja Sama Program BuRT di Wilayah"
    words = list(page.words)
    yth = next(w for w in words if w.text == "Yth.")
    hal_row = [w for w in words if w.line == 3]
    last = max(hal_row, key=lambda w: w.box[0] + w.box[2] if w.box[0] < 1300 else 0)
    # the addressee's "di" close after a long subject, standing where "Yth." stands two rows up
    words.append(Word("di", 93.0, (yth.box[0], last.box[1], 48, 30), 3))
    page = PageText(1, page.text, tuple(words), 90.0, 2000, 2800)
    assert fieldread.perihal_by_layout(page) == "Permohonan Kerja Sama Program BuRT di Wilayah"


def test_specks_inside_a_layout_subject_are_dropped():
    page = _head_page(("Permintaan Peminjaman Buku — Kolektif",))
    assert fieldread.perihal_by_layout(page) == "Permintaan Peminjaman Buku Kolektif"


def test_layout_subject_that_reorders_the_text_is_not_taken():
    page = _head_page(("Permohonan Pembinaan", "Perpustakaan Desa"))
    before = extract_metadata(page.text, page.words)
    words = list(page.words)
    value_x, y = next(w.box[:2] for w in words if w.text == "Perpustakaan" and w.line == 4)
    # a word the text reads elsewhere lands at the start of the continuation row
    words.append(Word("di", 93.0, (value_x - 30, y, 24, 30), 4))
    mixed = PageText(1, page.text, tuple(words), 90.0, 2000, 2800)
    assert fieldread.perihal_by_layout(mixed) == "Permohonan Pembinaan di Perpustakaan Desa"
    assert not fieldread.settle(before, page.text, [mixed]).perihal.present


def test_place_date_whose_year_the_page_reading_lost_is_read_again_to_the_right_edge():
    """The page reading stopped at "Paringin, 12 Juni" (the year lost at the right edge): the date row is
    cropped from the place to past the text's right edge and read again, and the year is found."""
    page, boxes = _letter(nomor_size=40)
    text = _page_text(boxes, NOMOR, 95.0)
    kept = [w for w in text.words if w.text != "2024"]  # the year lost
    head = text.text.replace("Paringin, 12 Juni 2024", "Paringin, 12 Juni")
    lost = PageText(number=1, text=head, words=tuple(kept), confidence=80.0, width=2000, height=1000)
    before = extract_metadata(lost.text, lost.words)
    assert not before.tanggal.present
    read = fieldread.reread_fields(_degrade(page, factor=2.0, blur=0.5), lost, IngestOptions(workers=1))
    record = next(s for s in read.steps if s.stage == fieldread.STAGE)
    assert record.details["wanted"] == ["tanggal"]
    assert [ln["field"] for ln in record.details["lines"]] == ["tanggal"]
    after = fieldread.settle(before, lost.text, [read])
    assert after.tanggal.value == "2024-06-12", record.details["lines"][0]["readings"]


def test_event_date_row_is_not_read_again_as_the_letter_date():
    words = [Word(t, 95.0, (100 + 120 * i, 200, 110, 30), 0) for i, t in
             enumerate("Hari/Tanggal : Senin, 27 Februari".split())]
    page = PageText(number=1, text="Hari/Tanggal : Senin, 27 Februari", words=tuple(words), confidence=90.0,
                    width=2000, height=2000)
    assert fieldread.field_lines(page, ["tanggal"]) == []


def test_number_box_merged_with_the_rule_above_is_cropped_at_the_usual_height():
    """Tesseract gave the number a box twice the row's height (merged with the letterhead's rule): the row
    is placed on the box's bottom edge at the page's usual word height, so the rule stays out of the crop."""
    page, boxes = _letter(nomor_size=40)
    x, y, w, h = boxes[NOMOR]
    page[y - h - 10: y - h + 2, 100:1900] = 0  # a thick rule above the row
    line = [Word(":", 60.0, boxes[":"], 2), Word(NOMOR, 40.0, (x, y - h - 10, w, 2 * h + 10), 2)]
    crop, _ = fieldread._row_crop(page, line, 1900, usual=float(h))
    assert crop.shape[0] < 2 * h
    assert crop[:3].min() > 0  # no rule in the crop's top rows


def test_label_block_the_page_reading_lost_whole_is_read_again_as_a_band():
    """The page reading kept the letterhead and the Hal row but lost the number and date rows between them
    (no word there at all): the number row is found on the upper page read at half scale and read again as a
    row, the gap with ink in it is read as a block for the date, and both fields are settled."""
    page, boxes = _letter(nomor_size=40)
    full = _page_text(boxes, NOMOR, 95.0)
    kept = [w for w in full.words if w.line in (0, 1, 4)]
    text = "\n".join([HEAD[0], HEAD[1], "Hal : Undangan Sosialisasi"])
    lost = PageText(number=1, text=text, words=tuple(kept), confidence=80.0, width=2000, height=1000)
    before = extract_metadata(lost.text, lost.words)
    assert not before.nomor.present and not before.tanggal.present
    read = fieldread.reread_fields(_degrade(page, factor=1.5, blur=0.4), lost, IngestOptions(workers=1))
    lines = next(s for s in read.steps if s.stage == fieldread.STAGE).details["lines"]
    assert [ln["field"] for ln in lines] == [fieldread.HALF, fieldread.LOST]
    after = fieldread.settle(before, lost.text, [read])
    assert (after.nomor.value, after.tanggal.value) == (NOMOR, "2024-06-12"), lines


def _gap_filled(page: np.ndarray, fill: str) -> np.ndarray:
    """``page`` with the rows between the kop and the Hal row (number and date) replaced by a photo or a signature."""
    out = page.copy()
    out[250:490, :] = 255
    if fill == "photo":  # a printed photo: a halftone screen of separate dots, 3-4 px on a 5 px grid, darker below
        for y in range(250, 490, 5):
            for x in range(150, 1950, 5):
                size = 3 + int((y - 250) * 2 / 240)
                out[y:y + size, x:x + size] = 20
    else:  # a signature: one looping pen stroke, taller than three rows of print
        xs = np.linspace(400, 1100, 400)
        ys = 385 + 75 * np.sin(xs / 37.0) * np.cos(xs / 151.0)
        cv2.polylines(out, [np.stack([xs, ys], axis=1).astype(np.int32)], False, 0, 5)
    return out


@pytest.mark.parametrize("fill", ["photo", "signature"])
def test_a_gap_holding_a_picture_or_a_signature_is_no_band_of_lost_rows(fill):
    """The page reading kept the kop and the Hal row; between them the gap holds no print but a photo (a
    halftone block, a quarter and more of it ink) or a signature (all its ink in one stroke taller than three
    rows): no field can be read from it, so it is not read as a lost band (a block reading of up to 4 MP, ~2
    CPU-s on a low-resolution page's photo), while the same gap holding the lost number and date rows is."""
    page, boxes = _letter(nomor_size=40)
    full = _page_text(boxes, NOMOR, 95.0)
    kept = [w for w in full.words if w.line in (0, 1, 4)]
    text = "\n".join([HEAD[0], HEAD[1], "Hal : Undangan Sosialisasi"])
    lost = PageText(number=1, text=text, words=tuple(kept), confidence=80.0, width=2000, height=1000)
    usual = float(np.median([w.box[3] for w in kept]))
    assert fieldread.lost_band(page, lost, usual) is not None  # rows of print: read
    filled = _gap_filled(page, fill)
    assert fieldread.lost_band(filled, lost, usual) is None
    read = fieldread.reread_fields(filled, lost, IngestOptions(workers=1))
    lines = next(s for s in read.steps if s.stage == fieldread.STAGE).details["lines"]
    assert fieldread.LOST not in [ln["field"] for ln in lines]


def test_a_lost_band_never_replaces_a_value_the_page_gave():
    text = "\n".join(HEAD) + "\nNomor : " + NOMOR + "\nHal : Undangan"
    before = extract_metadata(text)
    readings = [HEAD[1] + "\nNomor : 045/113/DISPERSIP/VI/2024\nParingin, 12 Juni 2024"] * 3
    values, votes = fieldread.vote([HEAD[1]] + readings)
    line = fieldread.LineReading(fieldread.LOST, HEAD[1], tuple(readings), values, votes, 4).to_json()
    after = fieldread.settle(before, text, [_record([line])])
    assert after.nomor.value == NOMOR
    assert after.tanggal.value == "2024-06-12"  # the empty field is filled


def test_date_the_readings_agree_on_against_another_valid_reading_is_not_taken():
    """Three re-readings of a fax's head date say "7 JULI 2023", a fourth "17 JULI 2023": re-readings of one
    crop repeat a misread digit together, so the majority does not settle the day (a held-out fax read
    "2023-07-07" for 17 July). A reading of an impossible year is no dissent."""
    row = "17 JULI pukul 12.12"  # the page reading lost the year: no date
    text = f"Info Paringin - Beranda\nInfo Paringin\n{row}\nKegiatan membaca bersama."
    before = extract_metadata(text)
    assert not before.tanggal.present
    readings = ["7 JULI 2023 pukul 12.12"] * 3 + ["17 JULI 2023 pukul 12.12"]
    values, votes = fieldread.vote([row] + readings)
    assert values == {"tanggal": "2023-07-07"}
    line = fieldread.LineReading("tanggal", row, tuple(readings), values, votes, 5).to_json()
    assert not fieldread.settle(before, text, [_record([line])]).tanggal.present
    unanimous = dict(line, readings=readings[:3])
    assert fieldread.settle(before, text, [_record([unanimous])]).tanggal.value == "2023-07-07"
    assert not fieldread._date_dissent(dict(line, readings=readings[:3] + ["17 JULI 2093 pukul 12.12"]),
                                       "2023-07-07")


def _without_number_row(full: PageText, number: int = 1) -> PageText:
    """``full`` as a page reading that dropped the number row whole (its words and its line)."""
    kept = tuple(w for w in full.words if w.line != 2)
    text = "\n".join(ln for ln in full.text.splitlines() if not ln.startswith("Nomor"))
    return PageText(number=number, text=text, words=kept, confidence=80.0, width=full.width, height=full.height)


def test_number_row_the_page_reading_dropped_is_found_at_half_scale_and_read_again():
    """The page reading kept the letterhead, the date and the Hal row but dropped the number row between
    them (the gap is too small for a lost band): the upper page read at half scale finds the row, its
    readings at and below the page's size vote, and the number is settled. The letter head stands on a whole
    page (2800 px tall), so its Hal row lies in the upper part the search looks at."""
    page, boxes = _letter(nomor_size=40)
    page = np.vstack([page, np.full((1900, page.shape[1]), 255, np.uint8)])
    lost = _without_number_row(_page_text(boxes, NOMOR, 95.0))
    lost = PageText(number=1, text=lost.text, words=lost.words, confidence=lost.confidence, width=lost.width,
                    height=page.shape[0])
    before = extract_metadata(lost.text, lost.words)
    assert not before.nomor.present and before.tanggal.value == "2024-06-12"
    read = fieldread.reread_fields(_degrade(page, factor=1.5, blur=0.4), lost, IngestOptions(workers=1))
    lines = next(s for s in read.steps if s.stage == fieldread.STAGE).details["lines"]
    assert [ln["field"] for ln in lines] == [fieldread.HALF]
    after = fieldread.settle(before, lost.text, [read])
    assert after.nomor.value == NOMOR, lines
    assert "dibaca ulang per baris" in after.nomor.reason


def test_number_row_dropped_on_a_later_page_is_not_searched_at_half_scale():
    """A second page has no number row of its own: no half-scale reading is spent on it."""
    page, boxes = _letter(nomor_size=40)
    lost = _without_number_row(_page_text(boxes, NOMOR, 95.0), number=2)
    read = fieldread.reread_fields(page, lost, IngestOptions(workers=1))
    lines = next(s for s in read.steps if s.stage == fieldread.STAGE).details["lines"]
    assert fieldread.HALF not in [ln["field"] for ln in lines]


def _rows_as_words(rows: list[tuple[str, int]], height: int) -> PageText:
    """A page reading of ``rows`` (text, top): one word box per word, 40 px letters, each row its own line."""
    words = [Word(t, 95.0, (160 + 180 * i, top, 170, 40), n) for n, (row, top) in enumerate(rows)
             for i, t in enumerate(row.split())]
    return PageText(number=1, text="\n".join(r for r, _ in rows), words=tuple(words), confidence=80.0,
                    width=2000, height=height)


def test_a_dated_list_heading_is_no_letter_heading_for_the_half_scale_number_search():
    """Attendance lists, book lists and schedules date their heading ("Paringin, 12 Juni 2024" under the
    title) and print no number: a place-date alone in the upper page does not call for the half-scale
    search of a lost number row (0.3-0.6 CPU-s a page on low-resolution scans and faxes, where it found
    nothing). A letter's addressee, subject or attachment label still does."""
    title = [("DAFTAR HADIR", 120), ("SOSIALISASI PROGRAM BUKU RUMAH TANGGA", 190),
             ("Paringin, 12 Juni 2024", 260), ("No. Nama Jabatan Tanda Tangan", 420)]
    listed = _rows_as_words(title, 3000)
    assert not fieldread._letter_heading(listed)
    for label in ("Hal : Undangan Sosialisasi", "Perihal : Undangan", "Kepada Yth. Kepala Desa",
                  "Lampiran : 1 (satu) berkas", "Sifat : Biasa"):
        assert fieldread._letter_heading(_rows_as_words([*title[:3], (label, 330)], 3000)), label
    assert not fieldread._letter_heading(_rows_as_words([*title[:3], ("Hal : Undangan", 2000)], 3000))


def test_number_row_of_a_page_that_kept_only_its_date_is_not_searched_at_half_scale():
    """The page reading kept the letterhead and the place-date only: with no addressee, subject or
    attachment row read either, the page is not taken for a letter that lost its number row, and no
    half-scale reading is spent on it (a dated list's heading reads the same)."""
    page, boxes = _letter(nomor_size=40)
    full = _page_text(boxes, NOMOR, 95.0)
    kept = tuple(w for w in full.words if w.line in (0, 1, 3))
    text = "\n".join([HEAD[0], HEAD[1], "Paringin, 12 Juni 2024"])
    lost = PageText(number=1, text=text, words=kept, confidence=80.0, width=2000, height=900)
    read = fieldread.reread_fields(page, lost, IngestOptions(workers=1))
    lines = next(s for s in read.steps if s.stage == fieldread.STAGE).details["lines"]
    assert fieldread.HALF not in [ln["field"] for ln in lines]
