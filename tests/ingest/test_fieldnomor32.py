"""Numbers whose shape on the page says the capture lost or doubled a piece of them (fieldnomor32):

- a Roman month lost to a blank before the year (a photocopy's dropout: "…/DISPERSIP /2023" for
  "…/DISPERSIP/VI/2023"): emptied, flagged (``nomorshape.month_lost_in_gap``), on a page rendered with the month
  wiped out and read by the real pipeline, and on written words; a number printed with a space before its year
  and no month ("…/Kec Bantim /2024") and one printed whole without a month stay;
- a code capital doubled by most readings of the row that another reading spells once ("Bid.LLPP" / "Bid.L PP"):
  emptied, flagged (``nomorshape.doubled_letter_rival``); a doubled capital no reading spells once stays.
"""
from __future__ import annotations

from pagegen import font, render_page
from PIL import Image, ImageDraw
from test_fieldread import _record

from ingest import fieldread, pipeline
from ingest.metadata import extract_metadata
from ingest.model import Word
from ingest.nomorshape import LETTER_DOUBLED, MONTH_LOST, doubled_letter_rival, month_lost_in_gap
from ingest.options import IngestOptions

KOP = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN"
SIZE = 30


def _letter(number_line: str) -> list[str]:
    return ["PEMERINTAH KABUPATEN BALANGAN", "DINAS PERPUSTAKAAN DAN KEARSIPAN", "Paringin, 26 Juni 2023",
            number_line, "Perihal : Undangan Sosialisasi Buku Rumah Tangga", "Dengan hormat, bersama surat ini",
            "kami mengundang Bapak Kepala Desa untuk hadir", "pada kegiatan sosialisasi perpustakaan desa."]


def _wiped(tmp_path, number_line: str, lost: str):
    """A page with ``number_line`` (its fourth line) printed whole, then ``lost`` (a piece of it) painted over
    with paper white, as a photocopy's dropout leaves it; ingested by the real pipeline."""
    page = render_page(_letter(number_line), size=SIZE)
    im = Image.fromarray(page[:, :, ::-1].copy())
    at = number_line.index(lost)
    x0 = 90 + font(SIZE).getlength(number_line[:at])
    x1 = 90 + font(SIZE).getlength(number_line[:at + len(lost)])
    y = 90 + 3 * int(SIZE * 1.6)
    ImageDraw.Draw(im).rectangle((x0, y - 2, x1, y + SIZE + 8), fill="white")
    path = tmp_path / "wiped.png"
    im.save(path, dpi=(150, 150))
    return pipeline.ingest_file(path, IngestOptions(workers=1))


def test_a_month_wiped_before_the_year_is_emptied_and_flagged(tmp_path):
    result = _wiped(tmp_path, "Nomor : 000.4.7.1/56/Bid.LPP/DISPERSIP/VI/2023", "/VI")
    read = next(w for p in result.pages for w in p.words if w.text.rstrip(".,").endswith("2023") and "/" in w.text)
    assert read.text.startswith("/")  # the year read as a word of its own after the blank
    assert not result.metadata.nomor.present
    assert MONTH_LOST in result.metadata.nomor.reason
    assert any(r.startswith("nomor:") and MONTH_LOST in r for r in result.metadata.review)


def _row(*pieces: tuple[str, int, int]) -> list[Word]:
    """Words of one row: (text, left, width), 40 px high."""
    return [Word(text, 90.0, (x, 100, w, 40), line=3) for text, x, w in pieces]


def test_month_lost_in_gap_needs_a_blank_wider_than_the_rows_spaces_by_a_figure():
    wide = _row(("NOMOR", 100, 230), (":", 345, 10), ("000.4.7.1/56/Bid.LPP/DISPERSIP", 370, 800), ("/2023", 1240, 130))
    assert month_lost_in_gap("000.4.7.1/56/Bid.LPP/DISPERSIP/2023", wide)
    typed = _row(("NOMOR", 100, 230), (":", 345, 10), ("03/PP.BJM/Kec", 370, 400), ("Bantim", 785, 160),
                 ("/2024", 960, 130))  # a space typed before the year, as wide as the row's others
    assert not month_lost_in_gap("03/PP.BJM/Kec Bantim/2024", typed)
    assert not month_lost_in_gap("000.4.7.1/56/Bid.LPP/DISPERSIP/VI/2023", wide)  # a month is there
    assert not month_lost_in_gap("263/H", wide)  # no year
    whole = _row(("NOMOR", 100, 230), (":", 345, 10), ("2163/UN30/HK/2021", 370, 500))
    assert not month_lost_in_gap("2163/UN30/HK/2021", whole)  # printed without a month, read as one word
    boxless = [Word(w.text, w.conf, (0, 0, 0, 0), line=3) for w in wide]
    assert not month_lost_in_gap("000.4.7.1/56/Bid.LPP/DISPERSIP/2023", boxless)


def test_a_typed_space_before_the_year_keeps_the_number(tmp_path):
    page = render_page(_letter("Nomor : 2163/UN30/HK /2021"), size=SIZE)
    path = tmp_path / "typed.png"
    Image.fromarray(page[:, :, ::-1].copy()).save(path, dpi=(150, 150))
    result = pipeline.ingest_file(path, IngestOptions(workers=1))
    assert MONTH_LOST not in result.metadata.nomor.reason


DOUBLED = "NOMOR : 000.4,7.1/343/Bid.LLPP/DISPERSIP/VI/2023"


def _settled(page_line: str, readings: list[str]):
    text = "\n".join([KOP, page_line, "Paringin, 12 Juni 2023", "Hal : Undangan", "", "Dengan hormat, kami sampaikan."])
    metadata = extract_metadata(text)
    rows = [page_line, *readings]
    values, votes = fieldread.vote(rows)
    line = fieldread.LineReading("nomor", page_line, tuple(readings), values, votes, len(rows)).to_json()
    return metadata, fieldread.settle(metadata, text, [_record([line])])


def test_a_capital_doubled_that_another_reading_spells_once_is_emptied_and_flagged():
    before, after = _settled(DOUBLED, [DOUBLED, "NOMOR : 000.4,7.1/343/Bid.L PP/DISPERSIP/VI/2023", DOUBLED])
    assert before.nomor.value == "000.4.7.1/343/Bid.LLPP/DISPERSIP/VI/2023"  # the page's reading, shown before
    assert not after.nomor.present
    assert LETTER_DOUBLED in after.nomor.reason
    assert any(r.startswith("nomor:") and LETTER_DOUBLED in r for r in after.review)


def test_a_doubled_capital_every_reading_gives_stays():
    _, after = _settled(DOUBLED, [DOUBLED, DOUBLED, DOUBLED])
    assert after.nomor.value == "000.4.7.1/343/Bid.LLPP/DISPERSIP/VI/2023"


def test_doubled_letter_rival_reads_the_segment_between_its_neighbours():
    value = "000.4.7.1/343/Bid.LLPP/DISPERSIP/VI/2023"
    assert doubled_letter_rival(value, ["NOMOR : 000.4.7.1/343/Bid.L PP/DISPERSIP/VI/2023"]) == "Bid.LPP"
    assert doubled_letter_rival(value, ["NOMOR : 000.4.7.1/343/Bid.LPP"]) is None  # the segment's end not read
    assert doubled_letter_rival("045/12/PPK/2024", ["045/12/PK/2024"]) == "PK"  # a code's own double is doubted
    assert doubled_letter_rival("045/12/PPK/2024", ["045/12/PPK/2024"] * 3) is None
    assert doubled_letter_rival("045/11/PK/2024", ["045/1/PK/2024"]) is None  # digits are not letters
    assert doubled_letter_rival("041/07/PD-FA/VIII/2023", ["041/07/PD-FA/VII/2023"]) is None  # a month's strokes


def test_a_label_dot_read_as_a_comma_before_a_number_keeps_the_label():
    assert extract_metadata(f"{KOP}\nNo, 1 128/PP-BI/SP/2023\nHal : Undangan").nomor.value == "128/PP-BI/SP/2023"
    assert extract_metadata(f"{KOP}\nNo, : 128/PP-BI/SP/2023\nHal : Undangan").nomor.value == "128/PP-BI/SP/2023"
    # a place and its date are no label and value, nor a comma before words
    letter = extract_metadata(f"{KOP}\nParingin, 12 Juni 2024\nNomor : 045/12/PD-EW/VI/2024\nHal, Undangan Rapat")
    assert (letter.nomor.value, letter.tanggal.value) == ("045/12/PD-EW/VI/2024", "2024-06-12")
    assert not letter.perihal.present
