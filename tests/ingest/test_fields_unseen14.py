"""A number whose year the addressee column beside it cut short (issue 17, fourteenth session): "…/III/202Kepada",
"…/IV/20 Kepada" — the column printed over the year's last digits. The page and every re-reading lose the same
digits, so no reading gives the number; when every other segment is read alike and the number's Roman month is the
letter's own month, the year is put back from the letter's date, shown low and flagged. Pages drawn here, never a
sample's file."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw
from test_fieldread import _degrade, _record, font

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import PageText, Word
from ingest.nomor import normalise_nomor, year_cut_short
from ingest.options import IngestOptions

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"


@pytest.mark.parametrize("raw,want", [
    ("000.4.7.1/330/Dispersip-Blg/IV/20Kepada", "000.4.7.1/330/Dispersip-Blg/IV/20"),  # two digits left
    ("000.4.6.2/344/Bid.LPP/DISPERSIP/TII/202MKepada", "000.4.6.2/344/Bid.LPP/DISPERSIP/III/202"),  # 'T' for 'I'
    ("045/112/DISPERSIP/111/202Kepada", "045/112/DISPERSIP/III/202"),
])
def test_a_year_cut_by_the_next_columns_word_is_kept_cut_and_its_month_repaired(raw, want):
    value, _ = normalise_nomor(raw)
    assert value == want and year_cut_short(value)
    assert not extract_metadata(HEAD + f"Nomor : {raw} Yth. Ketua\nParingin, 5 Maret 2024\n").nomor.present


@pytest.mark.parametrize("raw", ["045/19DISP", "005/11/20", "005/11/20Kepada"])
def test_two_digits_before_a_word_are_no_cut_year_without_a_roman_month_before_them(raw):
    value, _ = normalise_nomor(raw)
    assert value is not None and not year_cut_short(value) and "II" not in value


def _line(page_line: str, readings: list[str]) -> dict:
    values, votes = fieldread.vote([page_line] + readings)
    return fieldread.LineReading("nomor", page_line, tuple(readings), values, votes, 1 + len(readings)).to_json()


CUT = "No. : 000.4.6,2/344/Bid.LPP/DISPERSIP/III/202Kepada Yth. Ketua Komunitas"


@pytest.mark.parametrize("readings,date,want", [
    # every reading loses the same digit; the rest agrees (',' for '.' counts alike): the year from the date
    ([CUT.replace("III", "TII"), CUT.replace("6,2", "6.2"), CUT.replace("Bid.", "Bid,")], "5 Maret 2024",
     "000.4.6.2/344/Bid.LPP/DISPERSIP/III/2024"),
    # the number's month is not the letter's: its year may not be the date's either
    ([CUT] * 3, "5 April 2024", None),
    # the digits left are not the start of the date's year
    ([CUT] * 3, "5 Maret 2019", None),
    # a reading reads the sequence number otherwise: a digit in doubt
    ([CUT, CUT, CUT.replace("/344/", "/349/")], "5 Maret 2024", None),
    # too few readings of the cut number
    ([CUT, "No. : 000.4.6.2/3 Kepada"], "5 Maret 2024", None),
])
def test_cut_year_put_back_from_the_letter_date(readings, date, want):
    text = HEAD + CUT + f"\nParingin, {date}\nPerihal : Undangan\n"
    before = extract_metadata(text)
    assert not before.nomor.present
    after = fieldread.settle(before, text, [_record([_line(CUT, readings)])])
    assert after.nomor.value == want
    if want:
        assert after.nomor.confidence < 0.5 and "dilengkapi dari tanggal surat" in after.nomor.reason
        assert fieldread.COMPLETED_REVIEW in after.review  # inferred, not read: a clerk looks at it


def test_no_letter_date_no_year():
    text = HEAD + CUT + "\nPerihal : Undangan\n"
    assert not fieldread.settle(extract_metadata(text), text, [_record([_line(CUT, [CUT] * 3)])]).nomor.present


def test_printed_row_whose_year_the_addressee_column_covers_is_completed_on_a_real_reading():
    """A letter head drawn with the addressee column printed over the number's year ("…/VI/20" then "Kepada
    Yth." where "24" stood), degraded, read again by Tesseract: the readings keep the year cut, and the number
    is completed from the letter's June 2024 date."""
    im = Image.new("L", (2000, 700), 255)
    draw = ImageDraw.Draw(im)
    f = font(40)
    boxes: dict[str, tuple[int, int, int, int]] = {}

    def put(text: str, x: int, y: int, bold: bool = False) -> None:
        draw.text((x, y), text, fill=0, font=font(40, bold=bold))
        left, top, right, bottom = draw.textbbox((x, y), text, font=font(40, bold=bold))
        boxes[text] = (left, top, right - left, bottom - top)

    put("DINAS PERPUSTAKAAN DAN KEARSIPAN", 160, 100, bold=True)
    put("Paringin, 12 Juni 2024", 1300, 230)
    put("Nomor", 160, 330)
    put(":", 360, 330)
    number = "045/112/DISPERSIP/VI/20"
    put(number, 400, 330)
    x_end = boxes[number][0] + boxes[number][2]
    put("Kepada", x_end + 6, 330)  # the column's word where the year's last digits were: no space left
    put("Yth.", x_end + 6 + int(draw.textlength("Kepada ", font=f)), 330)
    put("Hal : Undangan Sosialisasi", 160, 420)
    image = _degrade(np.asarray(im).copy(), factor=1.5, blur=0.4)
    words = [Word("DINAS", 95.0, boxes["DINAS PERPUSTAKAAN DAN KEARSIPAN"], 0)]
    x, y, w, h = boxes["Paringin, 12 Juni 2024"]
    words += [Word(t, 95.0, (x + i * w // 4, y, w // 4, h), 1) for i, t in enumerate("Paringin, 12 Juni 2024".split())]
    words += [Word("Nomor", 93.0, boxes["Nomor"], 2), Word(":", 90.0, boxes[":"], 2),
              Word(number + "Kepada", 60.0, (boxes[number][0], boxes[number][1],
                                             boxes["Kepada"][0] + boxes["Kepada"][2] - boxes[number][0],
                                             boxes[number][3]), 2),
              Word("Yth.", 90.0, boxes["Yth."], 2)]
    x, y, w, h = boxes["Hal : Undangan Sosialisasi"]
    words += [Word(t, 95.0, (x + i * w // 4, y, w // 4, h), 3) for i, t in enumerate("Hal : Undangan Sosialisasi".split())]
    text = "\n".join(["DINAS PERPUSTAKAAN DAN KEARSIPAN", "Paringin, 12 Juni 2024",
                      f"Nomor : {number}Kepada Yth.", "Hal : Undangan Sosialisasi"])
    page = PageText(number=1, text=text, words=tuple(words), confidence=80.0, width=2000, height=700)
    before = extract_metadata(page.text, page.words)
    assert not before.nomor.present and before.tanggal.value == "2024-06-12"
    read = fieldread.reread_fields(image, page, IngestOptions(workers=1))
    after = fieldread.settle(before, page.text, [read])
    record = next(s for s in read.steps if s.stage == fieldread.STAGE)
    assert after.nomor.value == "045/112/DISPERSIP/VI/2024", record.details["lines"]
    assert fieldread.COMPLETED_REVIEW in after.review


@pytest.mark.parametrize("title,dated", [("ABSENSI PESERTA", True), ("Absensi Kehadiran", True),
                                         ("LAPORAN KEGIATAN", False)])
def test_an_attendance_list_titled_absensi_is_dated_by_its_meeting(title, dated):
    """"Absensi" is the other common title of a daftar hadir; its "Hari/Tanggal" row dates it even when the photo
    lost the signature column's header. Another document's event row is no letter date."""
    text = (f"{title}\nSOSIALISASI PROGRAM GEMAR MEMBACA\nHari/Tanggal : Senin, 11 Maret 2024\nTempat : Balai Desa\n"
            "No Nama Lengkap Instansi\n1 Mulyadi Guru\n2 Salasiah Komite Sekolah\n")
    assert extract_metadata(text).tanggal.value == ("2024-03-11" if dated else None)
