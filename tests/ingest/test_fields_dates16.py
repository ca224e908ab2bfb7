"""Letter dates missed on unseen generated captures (issue 17, sixteenth session): a month word whose capital was
read as a speck, a date in words whose year words OCR carried away from the day and month, a circular's
"Ditetapkan di" misread and set apart by blank lines, a signature date under a place OCR garbled, a date in words and
figures that differ in the year only, settled by the year of the letter's own number. Text written here, never a
sample's file."""
from __future__ import annotations

import pytest

from ingest.dates import find_dates
from ingest.metadata import NOMOR_TELLS_YEAR, extract_metadata

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"


# ---------------------------------------------------------------- a speck for the month word's capital


@pytest.mark.parametrize("line,want", [
    ('Paringin, 17 "EBRUARI 2023', "2023-02-17"),
    ("Awayan, 3 'Juni 2024", "2024-06-03"),
    ("Paringin, 17 FEBRUARI 2023", "2023-02-17"),  # as before
])
def test_a_month_word_behind_a_speck_is_read(line, want):
    text = HEAD + line + "\nNomor : 000.4.7.1/41/DISPERSIP/II/2023\nPerihal : Hasil Rapat\n"
    tanggal = extract_metadata(text).tanggal
    assert tanggal.value == want and "tempat dan tanggal surat" in tanggal.reason


def test_a_speck_before_a_word_that_is_no_month_gives_no_date():
    assert not find_dates('Paringin, 17 "Ebrahim 2023\n')


# ---------------------------------------------------------------- the year's words carried away by other lines


MOU = ("PERJANJIAN KERJA SAMA\nNOMOR : 400.14/043/Kec-J/II/2025\n"
       "Pada hari ini Jumat tanggal Dua Puluh Delapan bulan Februari tahun Dua\n"
       "yang bertanda tangan di bawah ini:\n1\n\n"
       "Ribu Dua Puluh Lima ({figures}), bertempat di Ruang Kepala Kecamatan Juai,\n")


def test_words_day_and_month_confirmed_by_figures_a_few_lines_on_date_the_agreement():
    tanggal = extract_metadata(MOU.format(figures="28-02-2025")).tanggal
    assert tanggal.value == "2025-02-28" and "hari dan bulan sepakat" in tanggal.reason


@pytest.mark.parametrize("figures", ["27-02-2025", "28-03-2025"])
def test_figures_of_another_day_or_month_than_the_words_give_no_date(figures):
    assert not extract_metadata(MOU.format(figures=figures)).tanggal.present


def test_figures_after_another_tanggal_are_not_the_words_date():
    text = ("Pada hari ini Jumat tanggal Dua Puluh Delapan bulan Februari tahun Dua\nsesuai surat tanggal\n"
            "(28-02-2025)\n")
    assert not any("hari dan bulan sepakat" in h.reason for h in find_dates(text))


# ---------------------------------------------------------------- a circular's closing formula, misread


CIRCULAR = (HEAD + "SURAT EDARAN\nNOMOR 000.1.5/244/Dispersip-Blg/VI/2023\nTENTANG\nPENGGUNAAN APLIKASI\n\n"
            "Dalam rangka tertib administrasi diminta kepada seluruh pegawai untuk:\n"
            "1. melaksanakan kegiatan membaca bersama setiap hari Jumat pagi;\n"
            "Demikian surat edaran ini untuk dilaksanakan dengan penuh tanggung\n\njawab.\n\n"
            "{formula} Paringir\n\nngin\n\npada tanggal 21 Juni 2023\n\nKepala Dinas,\n")


@pytest.mark.parametrize("formula", ["Ditetankan di", "Ditetapkan di", "Ditctapkan di"])
def test_a_misread_ditetapkan_apart_from_its_date_by_blank_lines_dates_the_circular(formula):
    tanggal = extract_metadata(CIRCULAR.format(formula=formula)).tanggal
    assert tanggal.value == "2023-06-21" and "Ditetapkan di" in tanggal.reason


def test_pada_tanggal_without_the_formula_above_is_no_letter_date():
    assert not extract_metadata(CIRCULAR.format(formula="Dibacakan oleh")).tanggal.present


def test_a_body_sentence_near_the_formulas_spelling_is_no_formula():
    """ "ditempatkan di" is a letter from "ditetapkan di", but the date after it ends a sentence of the body."""
    text = CIRCULAR.format(formula="Ditetankan di").replace(
        "Ditetankan di Paringir\n\nngin\n\npada tanggal 21 Juni 2023",
        "Pegawai tersebut ditempatkan di Bidang Layanan\nterhitung mulai tanggal 21 Juni 2023")
    assert not extract_metadata(text).tanggal.present


# ---------------------------------------------------------------- a signature date under a garbled place


# long enough that its signature stands below the letter's head (the first twenty lines)
LETTER = ("TAMAN BACAAN MASYARAKAT\nJENDELA CERIA\n\nNOMOR : 151/TBM-JC/SP/2023\nPERIHAL : Permintaan Pembinaan\n\n"
          "Kepada Yth. Kepala Dinas Perpustakaan\ndi-\nTempat\n\n"
          "Memperhatikan surat Dinas Nomor: 041/710/DPK-KS/2023 tanggal 01 September 2023 tentang layanan,\n"
          "kami mengharapkan pembinaan dari Dinas.\n\nMateri yang kami perlukan antara lain:\n\n"
          "1. penataan rak dan ruang baca,\n2. layanan sirkulasi dan keanggotaan,\n"
          "3. administrasi dan pencatatan buku induk.\n\n"
          "Waktu pelaksanaan kami serahkan kepada Bapak/Ibu dengan terlebih\n"
          "dahulu memberitahukan kepada kami.\n\n"
          "Atas perhatian dan kerja sama Saudara, kami sampaikan terima kasih.\n\n"
          "{line}\nKetua TBM Jendela Ceria,\n\n\nLisa Purnamasari\n")


def test_a_signature_date_under_a_garbled_place_dates_the_letter():
    tanggal = extract_metadata(LETTER.format(line="salat Wet awet, 08 September 2023")).tanggal
    assert tanggal.value == "2023-09-08" and "tempat salah terbaca" in tanggal.reason


@pytest.mark.parametrize("line", [
    "dilaksanakan pada hari Senin, 08 September 2023",  # a sentence's date, a day's name before it
    "dan kegiatan yang kami rencanakan bersama, 08 September 2023",  # more words than a place
    "salat Wet awet, 08 September 2023 di Aula",  # the line runs on
])
def test_a_date_after_a_sentence_or_running_on_is_no_signature_date(line):
    assert extract_metadata(LETTER.format(line=line)).tanggal.value != "2023-09-08"


# ---------------------------------------------------------------- the letter's number tells the year


BAST = ("BERITA ACARA SERAH TERIMA\nNomor : {nomor}\n"
        "Pada hari ini Senin tanggal Tujuh bulan Juli tahun Dua Ribu Dua Puluh Lima\n"
        "({figures}), bertempat di Kantor Dinas Perpustakaan dan Kearsipan\n")


@pytest.mark.parametrize("nomor,figures,want", [
    ("267/BAST/Dispersip-Blg/VII/2025", "07-07-2023", "2025-07-07"),  # the figures' year misread
    ("267/BAST/Dispersip-Blg/VII/2023", "07-07-2023", "2023-07-07"),  # the words' year misread
])
def test_words_and_figures_differing_in_year_are_settled_by_the_numbers_year_and_flagged(nomor, figures, want):
    md = extract_metadata(HEAD + BAST.format(nomor=nomor, figures=figures))
    assert md.tanggal.value == want and NOMOR_TELLS_YEAR in md.tanggal.reason
    assert any(r.startswith("tanggal:") and NOMOR_TELLS_YEAR in r for r in md.review)


@pytest.mark.parametrize("nomor,figures", [
    ("267/BAST/Dispersip-Blg/VII/2024", "07-07-2023"),  # the number carries a third year
    ("BA-267/BAST/DISPERSIP", "07-07-2014"),  # the number carries no year, nor does "Senin" tell one (dates23:
    # 7 July 2025 and 7 July 2014 are both Mondays; with figures of 2023, a Friday, "Senin" tells 2025)
    ("267/BAST/Dispersip-Blg/VII/2025", "08-07-2023"),  # the day differs too: not the year alone
])
def test_words_and_figures_the_number_cannot_settle_stay_empty(nomor, figures):
    md = extract_metadata(HEAD + BAST.format(nomor=nomor, figures=figures))
    assert not md.tanggal.present and any(r.startswith("tanggal:") for r in md.review)
