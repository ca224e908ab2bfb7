"""Letter dates on messenger photos and photocopies (issue 17, dates37): a signature's place-date whose day, month
and year the page's words hold while the page's text kept only its place ("Paringin,"): the row read again
stands in for that line. Pages are generated here (real Tesseract), not taken from any set."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import FONT_DIRS
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ingest import daterows, datevote, fieldread
from ingest.metadata import NIP_UNREAD, NIP_UNREAD_CONFIDENCE, extract_metadata
from ingest.model import PageText, StageRecord, Word
from ingest.options import IngestOptions


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIRS[0] / "LiberationSans-Regular.ttf"), size)


def _render(rows: list[str], text: str, width: int = 1600) -> tuple[np.ndarray, PageText]:
    """A page of ``rows`` printed 70 px apart, its words read as printed, and ``text`` as the page's text."""
    im = Image.new("L", (width, 160 + 70 * len(rows) + 300), 255)
    draw = ImageDraw.Draw(im)
    words: list[Word] = []
    for n, printed in enumerate(rows):
        x, y = 120 if n < len(rows) - 3 else 900, 100 + 70 * n
        for token in printed.split():
            draw.text((x, y), token, fill=0, font=_font(34))
            left, top, right, bottom = draw.textbbox((x, y), token, font=_font(34))
            words.append(Word(token, 90.0, (left, top, right - left, bottom - top), n))
            x = right + 14
    image = np.asarray(im.filter(ImageFilter.GaussianBlur(1.2))).copy()
    return image, PageText(number=1, text=text, words=tuple(words), confidence=85.0, width=width, height=im.height)


_BODY = ["DAFTAR BUKU PENYALURAN PROGRAM BuRT", "1 Ronggeng Dukuh Paruk Gramedia 2011 5",
         "2 Budidaya Tiram Penebar Swadaya 2014 5", "3 Padi Sawah Tadah Hujan Kanisius 2013 4"]


def test_a_signature_date_the_text_kept_only_the_place_of_is_read_again_real_tesseract():
    rows = [*_BODY, "Paringin, 18 Juli 2023", "Kepala Bidang Layanan", "Syarifuddin, S.Kom."]
    text = "\n".join(_BODY) + "\n\nParingin,\n\nKepala Bidang Layanan\nSyarifuddin, S.Kom."
    image, page = _render(rows, text)
    before = extract_metadata(page.text, page.words)
    assert not before.tanggal.present
    read = fieldread.reread_fields(image, page, IngestOptions(workers=1))
    after = fieldread.settle(before, page.text, [read])
    assert after.tanggal.value == "2023-07-18", read.steps[-1].details


@pytest.mark.parametrize(("lines", "row"), [
    (["Paringin,", "Kepala", "Paringin,"], "Paringin, 18 Juli 2023"),  # two lines are the place alone: which?
    (["Paringin,", "Kepala"], "Paringin, 18 Juli"),  # no year on the row: no date to stand in
    (["Kepala,", "Dinas"], "Kepala, bidang layanan perpustakaan 2023"),  # no place and date: words
    (["Kepala,", "Dinas"], "Kepala, 12 orang hadir 2023"),  # no month word after the figures
    (["Paringin, Kabupaten", "Kepala"], "Paringin, 18 Juli 2023"),  # no line is the place alone
])
def test_no_line_is_taken_for_a_place_date_row_but_its_place_alone(lines, row):
    assert daterows.place_only_line(lines, row.split()) == []
    assert fieldread._put_line("\n".join(lines), row, "X", dated=True) == "\n".join(lines)


def test_the_place_alone_line_is_found():
    assert daterows.place_only_line(["A", "Paringin,", "B"], "Paringin, 18 Juli 2023".split()) == [1]
    assert fieldread._put_line("A\nParingin,\nB", "Paringin, 18 Juli 2023", "X", dated=True) == "A\nX\nB"
    assert fieldread._put_line("A\nParingin,\nB", "Paringin, 18 Juli 2023", "X") == "A\nParingin,\nB"  # no date row


# ---------------------------------------------------------------- a date two recognizers read alike (``datevote``)

def _line(page_line: str, readings: list[str], witness: list[str]) -> dict:
    values, votes = fieldread.vote([page_line] + readings)
    return {**fieldread.LineReading("tanggal", page_line, tuple(readings), values, votes,
                                    1 + len(readings)).to_json(), "witness": witness}


def _dated(reading: str) -> str | None:
    return fieldread.line_values(reading).get("tanggal")


# the page's model reads the whole date in two readings, the witness in one, every other reading loses the day
_SPECKED = ("4 APRIL 2023", ["D4 APRIL 2023", "» 4APRIL 2023", "& 4 APRIL 2023 |", "Dn LAPRIL 2023"],
            ["D, #APRIL 2023", "BA, 4 APRIL 2023", "D, #APRIL 2023"])
# one reading of the page's model misreads the day; both models give the date twice or more
_ONE_RIVAL = ("Paringin, Z2 April 20124", ["Paringin. 22 April 2024", "Paringin, 22 Age 2824",
                                           "Paringin. 22 April 2024", "Paringja. 12 April 2024 |"],
              ["Paringin. 22 April 2024", "Paringgu, 22 April 2024", "Paringin. 22 April 2024"])


@pytest.mark.parametrize(("row", "iso"), [(_SPECKED, "2023-04-04"), (_ONE_RIVAL, "2024-04-22")])
def test_a_date_both_recognizers_read_is_agreed(row, iso):
    found = datevote.crossed_date(_line(*row), _dated)
    assert found is not None and found[0] == iso


@pytest.mark.parametrize(("page_line", "readings", "witness"), [
    # the page's model alone reads the date: the witness reads none
    ("4 APRIL 2023", ["& 4 APRIL 2023 |", "4 APRIL 2023"], ["D, #APRIL 2023", "D, #APRIL 2023"]),
    # no witness readings at all
    ("4 APRIL 2023", ["4 APRIL 2023", "4 APRIL 2023"], []),
    # two readings in all: too few with no rival
    ("D4 APRIL 2023", ["& 4 APRIL 2023 |", "Dn LAPRIL 2023"], ["BA, 4 APRIL 2023", "D, #APRIL 2023"]),
    # the rival read twice
    ("Paringin, 22 April 2024", ["Paringin, 12 April 2024", "Paringin, 22 April 2024", "Paringin, 12 April 2024"],
     ["Paringin, 22 April 2024", "Paringin, 22 April 2024"]),
    # the rival read by the witness as well (one reading each): two models read it
    ("Paringin, 22 April 2024", ["Paringin, 12 April 2024", "Paringin, 22 April 2024"],
     ["Paringin, 22 April 2024", "Paringin, 22 April 2024", "Paringin, 12 April 2024"]),
    # a rival, and the witness gives the date once only
    ("Paringin, 22 April 2024", ["Paringin, 12 April 2024", "Paringin, 22 April 2024", "Paringin, 22 April 2024"],
     ["Paringin, 22 April 2024", "Paringin, 2 Apr"]),
    # two rivals
    ("Paringin, 22 April 2024", ["Paringin, 12 April 2024", "Paringin, 22 April 2024", "Paringin, 23 April 2024"],
     ["Paringin, 22 April 2024", "Paringin, 22 April 2024"]),
])
def test_no_date_is_agreed_without_both_recognizers_and_no_rival_they_share(page_line, readings, witness):
    assert datevote.crossed_date(_line(page_line, readings, witness), _dated) is None


_INVITATION = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n{row}\n"
               "NO. : {number}\nKepada Yth. Kepala Desa Lampihong\ndi Tempat\n"
               "Dengan hormat, kami mengundang Saudara pada sosialisasi program BuRT.\n"
               "Kepala Dinas Perpustakaan\n")


def _page(row: tuple[str, list[str], list[str]]) -> PageText:
    return PageText(number=1, text="", words=(), confidence=80.0, width=100, height=100,
                    steps=(StageRecord(fieldread.STAGE, 1.0, {"wanted": ["tanggal"], "lines": [_line(*row)]}),))


@pytest.mark.parametrize("number", ["000.4.6.3/242/Bid.LPP/DISPERSIP/IV/2023", "NYBKLLPPDISPERSIMIV"])
def test_the_agreed_date_is_taken_and_named_for_review(number):
    text = _INVITATION.format(row="Paringin, Z2 April 20124", number=number.replace("IV/2023", "IV/2024"))
    before = extract_metadata(text)
    assert not before.tanggal.present
    after = fieldread.settle(before, text, [_page(_ONE_RIVAL)])
    assert after.tanggal.value == "2024-04-22" and after.tanggal.confidence == datevote.CROSSED_CONFIDENCE
    assert any(r.startswith("tanggal:") and datevote.CROSSED in r and r.endswith("periksa") for r in after.review)


@pytest.mark.parametrize("number", [
    "000.4.6.3/242/Bid.LPP/DISPERSIP/IV/2023",  # the number's year is another
    "000.4.6.3/242/Bid.LPP/DISPERSIP/VII/2024",  # the number's month is another
])
def test_an_agreed_date_the_letters_number_contradicts_is_not_taken(number):
    text = _INVITATION.format(row="Paringin, Z2 April 20124", number=number)
    before = extract_metadata(text)
    after = fieldread.settle(before, text, [_page(_ONE_RIVAL)])
    assert after.tanggal.value is None


def _specked_row(gap: int, size: int) -> tuple[np.ndarray, list[Word]]:
    """The head date "4 APRIL 2023" with a blot ``size`` px wide ``gap`` px before its day, blurred: both
    recognizers read the blot as a figure ("14", "84", "B4") in some of their readings."""
    im = Image.new("L", (1400, 200), 255)
    draw = ImageDraw.Draw(im)
    x, words = 300, []
    for token in "4 APRIL 2023".split():
        draw.text((x, 80), token, fill=0, font=_font(34))
        left, top, right, bottom = draw.textbbox((x, 80), token, font=_font(34))
        words.append(Word(token, 90.0, (left, top, right - left, bottom - top), 0))
        x = right + 14
    day = words[0].box
    draw.rectangle((day[0] - gap - size, day[1] + 4, day[0] - gap, day[1] + day[3] - 4), fill=0)
    blurred = im.filter(ImageFilter.GaussianBlur(2.0))
    return np.asarray(blurred).copy(), words


@pytest.mark.parametrize(("gap", "size"), [(2, 6), (10, 14)])
def test_a_blot_read_as_a_figure_before_the_day_gives_no_agreed_date_real_tesseract(gap, size):
    """Readings of the blotted day split between "14", "84", "44" and "4": the two recognizers agree on no date
    as the module asks, so none is taken (and never the blot's "14")."""
    image, words = _specked_row(gap, size)
    crop, factor = fieldread._row_crop(image, words, 1200, 0.0, True)
    line = fieldread._reading("tanggal", "4 APRIL 2023", crop, factor, IngestOptions(workers=1)).to_json()
    assert line["witness"], "the witness model reads the row"
    found = datevote.crossed_date(line, _dated)
    assert found is None or found[0] == "2023-04-04", line


# ---------------------------------------------------------------- a signature date above a NIP whose figures were lost

_REPORT = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n\nLAPORAN HASIL KEGIATAN\n"
           "SOSIALISASI PROGRAM BUKU RUMAH TANGGA (BuRT)\nA. Waktu dan Tempat\n"
           "Kegiatan dilaksanakan hari Selasa, 26 Maret 2024 bertempat di Aula Kecamatan.\n"
           "B. Hasil Kegiatan\n" + "".join(f"{k}. Peserta dari desa ke-{k} menyambut baik program BuRT ini.\n"
                                         for k in range(1, 15)) +
           "C. Penutup\nDemikian laporan kegiatan ini disampaikan untuk dapat dipergunakan sebagaimana\n"
           "mestinya.\n\n{date}\n\n{below}\n")


@pytest.mark.parametrize("nip", ["NIP", "NIP.", "NIP :", "N1P"])
def test_a_date_above_a_signer_whose_role_comma_and_nip_figures_were_lost_is_taken_for_review(nip):
    """A photocopy lost the place before the date, the comma after the role and the NIP's figures: the date alone
    on its line above the role, the name, the rank and a bare NIP label dates the letter, named for review (the
    event's "26 Maret 2024" in the body is not taken)."""
    text = _REPORT.format(date="28 Maret 2024", below=f"Pelaksana\n\nRabiatul\nPenata Tk. I (III/d)\n{nip}")
    md = extract_metadata(text)
    assert md.tanggal.value == "2024-03-28" and md.tanggal.confidence == NIP_UNREAD_CONFIDENCE
    assert any(r.startswith("tanggal:") and NIP_UNREAD in r and r.endswith("periksa") for r in md.review)


@pytest.mark.parametrize("below", [
    "Pelaksana\nRabiatul\nPenata Tk. I (III/d)\nNIP 198910142018122002",  # the NIP read whole: the rule before
    "Pelaksana\nRabiatul\nPenata Tk. I (III/d)\nNIPIS",  # no NIP label: a word
    "Pelaksana\n12 orang hadir\nNIP",  # a figure between: a list's row, no signature block
    "Pelaksana kegiatan dan peserta hadir\nNIP",  # a sentence between
    "NIP",  # nothing between the date and the label: no name
])
def test_no_date_is_taken_for_review_above_what_is_no_signature_with_its_nip_lost(below):
    text = _REPORT.format(date="28 Maret 2024", below=below)
    md = extract_metadata(text)
    assert NIP_UNREAD not in md.tanggal.reason
    assert not md.tanggal.present or "NIP 19" in below


def test_a_date_in_a_sentence_above_a_bare_nip_is_not_taken():
    text = _REPORT.format(date="Rapat berikutnya 28 Maret 2024 di aula", below="Pelaksana\nRabiatul\nNIP")
    assert not extract_metadata(text).tanggal.present
