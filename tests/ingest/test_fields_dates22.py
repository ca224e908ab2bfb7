"""Letter dates on unseen generated captures (issue 17, dates22): a day the row's re-readings read otherwise than
the page, a year no letter can have told by the document's own years, a decree's "Ditetapkan di" misread, a
three-letter month misread and told by the day's name, a signature date after specks above an "an." role, and a
page's figure Tesseract could hardly read that no longer outvotes the row's re-readings. Texts are written here,
not taken from any set; re-readings are given as readings of the row (their drawing and reading by Tesseract is
tested in test_fields_dates17)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from ingest import fieldread
from ingest.dates import SHORT_MONTH_BY_DAY, find_dates
from ingest.metadata import CUT_YEAR_CONFIDENCE, IMPOSSIBLE_YEAR_REVIEW, INFERRED_NOTE, extract_metadata
from ingest.model import Field, PageText, StageRecord
from tests.ingest.textwords import HEAD, words_read
from tests.ingest.textwords import checked_date_row as _checked
from tests.ingest.textwords import dated_letter as _letter

# ---------------------------------------------------------------- a day read otherwise by the row's re-readings


def test_a_day_most_re_readings_read_otherwise_is_taken_and_flagged():
    """The page read "19" (unsure), three of four re-readings "10", the fourth no date: the re-read day is taken,
    below sure, and named for review."""
    page_line = "Paringin, 19 Juni 2024"
    text = _letter(page_line)
    before = extract_metadata(text)
    assert before.tanggal.value == "2024-06-19"
    reread = ["Paringin, 10 Juni 2024", "Paringin, 19 Huni 2024", "Paringin, 10 Juni 2024", "Paringin, 10 Juni 2024"]
    after = fieldread.settle(before, text, [_checked(page_line, reread)])
    assert after.tanggal.value == "2024-06-10"
    assert fieldread.DAY_REREAD in after.tanggal.reason and after.tanggal.confidence < 0.9
    assert any(r.startswith("tanggal:") and fieldread.DAY_REREAD in r for r in after.review)


@pytest.mark.parametrize("page_line,reread", [
    # the day read with a figure fewer: the crop's edge took the "1", not a reading of the day
    ("Paringin, 17 Juni 2024", ["Paringin, 7 Juni 2024"] * 3),
    # the month read otherwise: not a day's digit
    ("Paringin, 12 Juni 2024", ["Paringin, 12 Juli 2024"] * 3),
    # the year read otherwise
    ("Paringin, 12 Juni 2024", ["Paringin, 12 Juni 2023"] * 3),
    # the re-readings split between two days
    ("Paringin, 13 Juni 2024", ["Paringin, 12 Juni 2024", "Paringin, 11 Juni 2024", "Paringin, 12 Juni 2024"]),
    # two votes only (with the page's reading one each way)
    ("Paringin, 13 Juni 2024", ["Paringin, 12 Juni 2024", "Paringin, 12 Juni 2024", "Paringin, 1 Juni 2O"]),
])
def test_a_dissenting_row_is_left_empty_unless_the_day_alone_is_read_otherwise_by_most(page_line, reread):
    text = _letter(page_line)
    before = extract_metadata(text)
    assert before.tanggal.present
    after = fieldread.settle(before, text, [_checked(page_line, reread)])
    assert not after.tanggal.present and fieldread.REREAD_DISSENT in after.tanggal.reason


def test_a_re_read_day_is_not_taken_against_the_letters_own_number():
    """The number says May ("/V/2024"): a June date is not read, whatever the re-readings agree on."""
    page_line = "Paringin, 19 Juni 2024"
    text = _letter(page_line, nomor="045/112/DISPERSIP/V/2024")
    before = replace(extract_metadata(text), nomor=Field("045/112/DISPERSIP/V/2024", 0.95, "label tepat 'Nomor'"))
    after = fieldread.settle(before, text, [_checked(page_line, ["Paringin, 10 Juni 2024"] * 3)])
    assert not after.tanggal.present


# ---------------------------------------------------------------- a year no letter can have


def _reply(date_line: str, body_year: str = "2025") -> str:
    return (HEAD + f"{date_line}\nNomor : 045/112/DISPERSIP\nPerihal : Jawaban\nKepada Yth.\nKetua TBM Aksara\n"
            f"Memperhatikan surat Saudara tanggal 10 Juni {body_year}, dengan ini kami sampaikan\n"
            "bahwa permohonan Saudara dapat kami penuhi.\n")


def test_an_impossible_year_is_told_by_the_documents_own_year_one_figure_away():
    md = extract_metadata(_reply("Paringin, 11 Juni 2625"))
    assert md.tanggal.value == "2025-06-11"
    assert md.tanggal.confidence == CUT_YEAR_CONFIDENCE and INFERRED_NOTE in md.tanggal.reason
    assert IMPOSSIBLE_YEAR_REVIEW in md.review


def test_an_impossible_year_inside_the_parsers_range_is_told_alike():
    """"2093" is a year the parser reads (emptied as out of range); the title's "TAHUN 2023" tells it."""
    text = (HEAD + "RENCANA JADWAL PEMBINAAN PERPUSTAKAAN\nPROGRAM BUKU RUMAH TANGGA TAHUN 2023\n"
            "No. Hari Tanggal Waktu Tempat\n1 Senin 09.00 Aula Desa\nParingin, 21 Agustus 2093\n"
            "Kepala Bidang Layanan\ndan Pembinaan Perpustakaan,\nNama Pejabat, S.E.\n")
    md = extract_metadata(text)
    assert md.tanggal.value == "2023-08-21" and md.tanggal.confidence == CUT_YEAR_CONFIDENCE


@pytest.mark.parametrize("date_line,body_year", [
    ("Paringin, 11 Juni 2625", "2019"),  # no year one figure away printed elsewhere
    ("Paringin, 11 Juni 2093", "2003 dan 2023"),  # two such years printed: the document does not tell which
])
def test_an_impossible_year_is_left_empty_when_the_document_does_not_tell_one_year(date_line, body_year):
    assert not extract_metadata(_reply(date_line, body_year)).tanggal.present


def test_an_impossible_year_is_not_completed_when_the_day_was_doubted():
    text = _reply("Paringin, 11 Juni 2625")
    assert not extract_metadata(text, words_read(text, {"11": 60.0})).tanggal.present
    assert extract_metadata(text, words_read(text, {"2625": 40.0})).tanggal.value == "2025-06-11"


def test_an_impossible_year_is_not_completed_against_the_letters_number():
    text = _reply("Paringin, 11 Juni 2625").replace("045/112/DISPERSIP", "045/112/DISPERSIP/V/2025")
    assert not extract_metadata(text).tanggal.present  # the number says May, the date June


# ---------------------------------------------------------------- "Ditetapkan di" misread


@pytest.mark.parametrize("formula", ["Ditetapkan dit Paringin", "Ditetapkan dl Paringin", "Ditetapkan di Paringin"])
def test_a_circulars_closing_formula_with_its_di_misread_dates_it(formula):
    text = (HEAD + "SURAT EDARAN\nNOMOR 000.1.5/322/Dispersip-Blg/VIII/2025\nTENTANG\nTERTIB ADMINISTRASI\n"
            "Demikian surat edaran ini untuk dilaksanakan dengan penuh tanggung jawab.\n"
            f"{formula}\npada tanggal 15 Agustus 2025\nKepala Dinas Perpustakaan dan Kearsipan\n")
    assert extract_metadata(text).tanggal.value == "2025-08-15"


# ---------------------------------------------------------------- a three-letter month told by the day's name

ATTENDANCE = ("DAFTAR HADIR PESERTA\nSOSIALISASI PROGRAM BuRT\nHari/Tanggal : {day}, 19 {month} 2025\n"
              "Tempat : Aula Desa\nNo. Nama Instansi Paraf\n1 Lisa Guru\n2 Taufik Wali Kelas\n")


def test_a_three_letter_month_misread_by_a_letter_is_read_by_the_day_name():
    """19 May 2025 is a Monday: "Mci" and "Moi" are one letter from "Mei" (and "Mai"), May alone."""
    for month in ("Mci", "Moi"):
        md = extract_metadata(ATTENDANCE.format(day="Senin", month=month))
        assert md.tanggal.value == "2025-05-19" and SHORT_MONTH_BY_DAY in md.tanggal.reason


@pytest.mark.parametrize("text", [
    ATTENDANCE.format(day="Selasa", month="Mci"),  # another weekday
    ATTENDANCE.format(day="Senin", month="Jux"),  # one letter from Jun and Jul: 19 June 2025 is a Thursday, 19 July
    # a Saturday, neither a Monday
    "Info Paringin\n19 Moi 2025 pukul 10.12\nKegiatan membaca bersama.",  # a post's stamp, no day's name
])
def test_a_misread_three_letter_month_without_its_day_name_gives_nothing(text):
    assert not extract_metadata(text).tanggal.present
    assert all(SHORT_MONTH_BY_DAY not in d.reason for d in find_dates(text))


# ---------------------------------------------------------------- a signature date after specks


def test_a_signature_date_after_specks_above_an_an_role_is_the_letters():
    text = (HEAD + "No. : 000.4.7.1/429/DISPERSIP/VI/2023\nPerihal : Hasil Koordinasi\nKepada Yth. Camat\n"
            "Sehubungan dengan telah disepakatinya kerja sama, disampaikan hasil koordinasi.\n"
            + "".join(f"{k}. Layanan BuRT dipusatkan di perpustakaan kecamatan tahap {k}.\n" for k in range(1, 16))
            + "Atas perhatian Saudara diucapkan terima kasih.\n— 30 JUNI 2023\nan. Kepala Dinas Perpustakaan\n"
            "dan Kearsipan Balangan\nKepala Bidang Layanan :\ndan Pembinaan Perpustakaan,\nH. Masrani, S.Kom.\n")
    md = extract_metadata(text)
    assert md.tanggal.value == "2023-06-30" and "jabatan penanda tangan" in md.tanggal.reason


# ---------------------------------------------------------------- a page figure Tesseract could hardly read


def _wanted(page_line: str, readings: list[str]) -> PageText:
    values, votes = fieldread.vote([page_line] + readings)
    line = fieldread.LineReading("tanggal", page_line, tuple(readings), values, votes, 1 + len(readings)).to_json()
    return PageText(number=1, text="", words=(), confidence=60.0, width=100, height=100,
                    steps=(StageRecord(fieldread.STAGE, 1.0, {"wanted": ["tanggal"], "lines": [line]}),))


REPORT = (HEAD + "LAPORAN PELAKSANAAN PENDAMPINGAN\nA. Pelaksanaan\nPendampingan dilaksanakan di desa.\n"
          "Demikian laporan ini dapat dipergunakan sebagaimana mestinya.\nParingin, 19 September 2023\n"
          "Pelaksana Kegiatan,\nNama Pelaksana\n")


@pytest.mark.parametrize("conf,taken", [(54.0, True), (75.0, False)])
def test_a_year_the_page_could_hardly_read_is_no_dissent_against_the_row_read_again(conf, taken):
    """The page read "2023" at 54 (under ``DIGIT_UNREAD``: no reading at all), three re-readings of the row
    "2025": the re-read date is taken. Read at 75 (unsure, yet a reading), the page's year still dissents."""
    read = extract_metadata(REPORT, words_read(REPORT, {"2023": conf}))
    assert "OCR ragu pada '2023'" in read.tanggal.reason
    emptied = f"dikosongkan karena tidak pasti ('2023-09-19'): {read.tanggal.reason}"  # as the gate empties it
    before = replace(read, tanggal=Field(None, 0.4, emptied))
    page = _wanted("Paringin, 19 September 2023", ["Paringin, 19 September 2025"] * 3)
    after = fieldread.settle(before, REPORT, [page])
    assert (after.tanggal.value == "2025-09-19") is taken
