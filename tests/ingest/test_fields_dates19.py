"""Letter dates on unseen generated captures (issue 17, dates19): a signature date whose role line begins with a
speck, a signature date whose role OCR lost above the signer's name and NIP, a date in words whose year's words
the line's end cut short (completed from the letter's own number and checked by the day's name), and a
place-date cut short under a number with a year but no Roman month. Texts are written here, not taken from any
set; the words' confidences stand for Tesseract's."""
from __future__ import annotations

import pytest

from ingest.calibration import calibrate
from ingest.dates import spell_number, words_to_number, year_begins_with
from ingest.metadata import CUT_WORDS_REVIEW, CUT_YEAR_CONFIDENCE, CUT_YEAR_REVIEW, THRESHOLDS, extract_metadata
from ingest.model import Classification
from tests.ingest.textwords import HEAD
from tests.ingest.textwords import words_read as _words

# ---------------------------------------------------------------- the signature block


REPORT = (HEAD + "LAPORAN HASIL KEGIATAN\nSOSIALISASI PROGRAM BUKU RUMAH TANGGA (BuRT)\nA. Latar Belakang\n"
          "Perpustakaan desa dan kelurahan belum dimanfaatkan secara optimal karena letaknya kurang\n"
          "strategis dan koleksinya terbatas, sehingga diperlukan inovasi yang membawa buku langsung ke\n"
          "rumah tangga.\nB. Dasar Pelaksanaan\n1. Undang-Undang Nomor 43 Tahun 2007 tentang Perpustakaan;\n"
          "2. Dokumen Pelaksanaan Anggaran Dinas Perpustakaan dan Kearsipan Kabupaten Balangan.\nC. Waktu dan Tempat\n"
          "Kegiatan dilaksanakan pada hari Senin, 29 Mei 2023 di Aula Desa Halong.\n"
          "C. Peserta\nJumlah peserta yang hadir sebanyak 44 orang sebagaimana tercantum dalam daftar hadir\n"
          "terlampir.\nD. Hasil Kegiatan\n1. Masyarakat menyambut baik program BuRT dan bersedia ikut serta.\n"
          "2. Sebanyak 16 kepala keluarga mendaftar sebagai calon peminjam buku.\n"
          "3. Pihak mitra akan menyampaikan surat permohonan kerja sama dalam waktu dekat.\n"
          "4. Peserta meminta agar tersedia buku bacaan anak.\n"
          "E. Penutup\nDemikian laporan kegiatan ini disampaikan untuk dapat dipergunakan sebagaimana\nmestinya.\n"
          "{date}\n{below}\n")
SIGNER = "Hj. Rabiatul Adawiyah, S.Sos.\nPenata Tk. I (III/d)\nNIP 198910142018122002"


@pytest.mark.parametrize("role", ["\u201cPelaksana Kegiatan,", "'Pelaksana Kegiatan,", "- Pelaksana Kegiatan,",
                                  "\u2018Kepala Desa Halong,"])
def test_a_signature_date_whose_role_begins_with_a_speck_dates_the_letter(role):
    """The place line was lost and OCR read a speck before the role's capital: the date alone on its line above
    the role is still the signature date (the event's "29 Mei 2023" in the body is not taken)."""
    text = REPORT.format(date="1 Juni 2023", below=role + "\n\n" + SIGNER)
    md = extract_metadata(text, _words(text, {}))
    assert md.tanggal.value == "2023-06-01" and md.tanggal.confidence >= THRESHOLDS["tanggal"]
    assert "jabatan penanda tangan" in md.tanggal.reason


@pytest.mark.parametrize("below", [
    "\u201cpelaksana kegiatan dan", "\u201c12 Pelaksana Kegiatan,", "\u201c\u201c\u201cPelaksana Kegiatan"])
def test_a_speck_before_what_is_no_role_gives_no_signature_date(below):
    text = REPORT.format(date="1 Juni 2023", below=below + "\nsesuatu yang lain ditulis di sini")
    assert not extract_metadata(text, _words(text, {})).tanggal.present


@pytest.mark.parametrize("lost", [["ggi, |", "Uu \u00bb, |"], [], ["Tinggi,"], ["|", "Camat", "Tebing"]])
def test_a_signature_date_above_the_signers_name_and_nip_dates_the_letter(lost):
    """The role (and the place's end, read on lines of its own) lost: the date alone on its line, then the
    signer's name, rank and NIP within a few lines, no figure between."""
    text = REPORT.format(date="17 JULI 2024 |", below="\n".join(lost + ["", SIGNER]))
    md = extract_metadata(text, _words(text, {}))
    assert md.tanggal.value == "2024-07-17" and md.tanggal.confidence >= THRESHOLDS["tanggal"]
    assert "penanda tangan" in md.tanggal.reason  # "Tinggi," is taken for a role: the role path, as before


def test_a_misread_nip_label_still_closes_the_block():
    text = REPORT.format(date="17 Juli 2024", below="Jumberi, S.Pd.\nPenata Muda Tk. I (III/b)\nNTP 19900627 202003 1 015")
    assert extract_metadata(text, _words(text, {})).tanggal.value == "2024-07-17"


@pytest.mark.parametrize("date,below", [
    # figures between the date and the NIP: rows of a list or a table, not a signature block
    ("17 Juli 2024", "1. Nama : Jumberi, S.Pd.\nNIP 19900627 202003 1 015"),
    ("17 Juli 2024", "Jumberi 12 orang\nNIP 19900627 202003 1 015"),
    # the NIP straight under the date: no name between
    ("17 Juli 2024", "NIP 19900627 202003 1 015"),
    # the NIP too far below
    ("17 Juli 2024", "a\nb\nc\nd\ne\nf\nJumberi, S.Pd.\nNIP 19900627 202003 1 015"),
    # a date in a sentence, not alone on its line
    ("kegiatan dilaksanakan pada 17 Juli 2024", "Jumberi, S.Pd.\nNIP 19900627 202003 1 015"),
    # a line of the body between the date and the name: the date is the body's (a sentence's words)
    ("17 Juli 2024", "kegiatan berjalan lancar\nJumberi, S.Pd.\nNIP 19900627 202003 1 015"),
    # a garbled place before the date: one doubt is enough, a lost role is a second
    ("salat Wet awet, 17 Juli 2024", "Jumberi, S.Pd.\nNIP 19900627 202003 1 015"),
])
def test_no_signature_date_without_a_signature_block_under_a_date_alone(date, below):
    text = REPORT.format(date=date, below=below)
    assert not extract_metadata(text, _words(text, {})).tanggal.present


def test_a_doubted_day_above_the_nip_is_still_unsure():
    text = REPORT.format(date="17 Juli 2024", below="Jumberi, S.Pd.\nNIP 19900627 202003 1 015")
    assert not extract_metadata(text, _words(text, {"17": 60.0})).tanggal.present


# ---------------------------------------------------------------- a year in words cut at the line's end


def test_years_spelled_as_letters_write_them():
    for year in (1945, 1999, 2000, 2010, 2011, 2017, 2019, 2023, 2024, 2025):
        assert words_to_number(" ".join(spell_number(year))) == year
    assert spell_number(2024) == ["dua", "ribu", "dua", "puluh", "empat"]
    assert year_begins_with(2024, " Dua") and year_begins_with(2024, "") and year_begins_with(2024, "Dua Ribu Dua Puluh")
    assert not year_begins_with(2024, "Dua Ribu Satu") and not year_begins_with(2011, "Dua Ribu Dua")


BAST = (HEAD + "BERITA ACARA SERAH TERIMA BUKU\nPROGRAM BUKU RUMAH TANGGA (BuRT)\nNomor : {nomor}\n"
        "Pada hari ini {day} tanggal Tujuh Belas bulan Juli tahun{year}\n\n"
        "ci inas Perpustakaan dan Kearsipan Kabupaten Balangan, kami\nyang bertanda tangan di bawah ini:\n"
        "1. Nama : Aliansyah, A.Md.\nNIP 19720202 199501 1 002\nJabatan : Pustakawan Ahli Pertama\n"
        "Selanjutnya disebut PIHAK PERTAMA (yang menyerahkan).\n")


@pytest.mark.parametrize("year", [" Dua", " Dua Ribu", " Dua Ribu Dua Puluh", "", " Dua |"])
def test_a_date_in_words_whose_year_the_line_cut_takes_the_numbers_year_its_days_name_confirms(year):
    """Wednesday the 17th of July is 2024's (and 2019's, 2013's): the number's 2024 and "Rabu" agree."""
    text = BAST.format(nomor="BA-035/DISPERSIP/2024", day="Rabu", year=year)
    md = extract_metadata(text, _words(text, {}))
    assert md.tanggal.value == "2024-07-17" and md.tanggal.confidence == CUT_YEAR_CONFIDENCE
    assert CUT_WORDS_REVIEW in md.review  # inferred, not read: a clerk looks at it
    assert md.nomor.value == "BA-035/DISPERSIP/2024"


@pytest.mark.parametrize("nomor,day,year", [
    ("BA-035/DISPERSIP/2024", "Kamis", " Dua"),            # the day's name is another weekday's
    ("BA-035/DISPERSIP/2023", "Rabu", " Dua"),             # 17 July 2023 is a Monday
    ("BA-035/DISPERSIP/2024", "ini", " Dua"),              # no day's name to check the year with
    ("BA-035/DISPERSIP/2024", "Rabu", " Dua Ribu Satu"),   # the words left are not how 2024 begins
    ("BA-035/DISPERSIP/VI/2024", "Rabu", " Dua"),          # the number's Roman month is June
    ("BA-035/DISPERSIP", "Rabu", " Dua"),                  # a number without a year
])
def test_a_cut_year_in_words_is_not_completed_without_both_witnesses(nomor, day, year):
    text = BAST.format(nomor=nomor, day=day, year=year)
    assert not extract_metadata(text, _words(text, {})).tanggal.present


def test_a_cut_year_in_words_is_not_completed_from_a_doubted_number():
    text = BAST.format(nomor="BA-035/DISPERSIP/2024", day="Rabu", year=" Dua")
    assert not extract_metadata(text, _words(text, {"BA-035/DISPERSIP/2024": 60.0})).tanggal.present


def test_a_whole_year_in_words_is_read_as_before():
    text = BAST.format(nomor="BA-035/DISPERSIP/2024", day="Rabu", year=" Dua Ribu Dua Puluh Empat")
    md = extract_metadata(text, _words(text, {}))
    assert md.tanggal.value == "2024-07-17" and md.tanggal.confidence > CUT_YEAR_CONFIDENCE
    assert CUT_WORDS_REVIEW not in md.review


def test_a_completed_words_date_keeps_its_low_confidence_through_calibration():
    text = BAST.format(nomor="BA-035/DISPERSIP/2024", day="Rabu", year=" Dua")
    words = _words(text, {})
    md, _ = calibrate(extract_metadata(text, words), Classification(), words)
    assert md.tanggal.value == "2024-07-17" and md.tanggal.confidence == CUT_YEAR_CONFIDENCE


# ---------------------------------------------------------------- a cut place-date under a number without its month


COORDINATION = (HEAD + "NO. : {nomor}\nParingin, 19 Juli 20:\nSifat : Biasa\nLampiran : -\n"
                "Perihal : Koordinasi Pendampingan Gemar Membaca\nKepada Yth. Kepala Desa Halong\n"
                "Dengan hormat, dalam rangka pendampingan kegiatan gemar membaca, disampaikan hal berikut:\n"
                "1. kegiatan direncanakan pada hari Senin, {event}\n")


def test_a_cut_place_date_takes_the_year_of_a_number_without_month_when_the_page_has_that_month():
    text = COORDINATION.format(nomor="041/222/Dispersip/2023", event="31 Juli 2023;")
    md = extract_metadata(text, _words(text, {}))
    assert md.tanggal.value == "2023-07-19" and md.tanggal.confidence == CUT_YEAR_CONFIDENCE
    assert CUT_YEAR_REVIEW in md.review


@pytest.mark.parametrize("event", [
    "7 Agustus 2023;",   # the page's other date is of another month
    "31 Juli 2024;",     # ... or of another year
    "pukul 09.00;",      # no other date at all
])
def test_a_cut_place_date_under_a_number_without_month_needs_another_date_of_its_month(event):
    text = COORDINATION.format(nomor="041/222/Dispersip/2023", event=event)
    assert not extract_metadata(text, _words(text, {})).tanggal.present


def test_a_cut_place_date_under_a_number_without_month_is_not_completed_when_its_day_is_doubted():
    text = COORDINATION.format(nomor="041/222/Dispersip/2023", event="31 Juli 2023;")
    assert not extract_metadata(text, _words(text, {"19": 70.0})).tanggal.present
