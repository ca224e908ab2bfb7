"""Metadata on the layouts real Indonesian letters use, and knowing what it does not know.

Every snippet here is written for this test (no text of any real capture): the number block in its common
positions and spellings, the letter's own number against numbers it cites, two-line subjects, decrees with a
TENTANG block, dates in the place-date line against body and table dates, letterheads of several shapes,
addressee blocks without a "di" line. A field the extractor is unsure of is empty and named in ``review``.
"""
from __future__ import annotations

import pickle

import pytest

from ingest.metadata import extract_metadata
from ingest.model import Field, Metadata, Word

KOP = "PEMERINTAH KABUPATEN TANAH LAUT\nDINAS KOMUNIKASI DAN INFORMATIKA\nJl. Merdeka No. 5 Pelaihari Telp. (0512) 21000\n"


def doc(*parts: str) -> str:
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------- nomor: positions and spellings

NOMOR_LAYOUTS = [
    # label spellings
    (doc(KOP, "Pelaihari, 4 Juni 2024", "No. : 512/88/KOMINFO/VI/2024", "Hal : Undangan"), "512/88/KOMINFO/VI/2024"),
    (doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor: 512/88/KOMINFO/VI/2024", "Hal : Undangan"), "512/88/KOMINFO/VI/2024"),
    (doc(KOP, "Pelaihari, 4 Juni 2024", "N o m o r : 512/88/KOMINFO/VI/2024"), "512/88/KOMINFO/VI/2024"),
    # the block Nomor / Sifat / Lampiran / Hal below the addressee
    (doc(KOP, "Kepada Yth.", "Camat Takisung", "di Takisung", "Nomor : 512/88/KOMINFO/2024", "Sifat : Biasa",
         "Lampiran : -", "Hal : Undangan"), "512/88/KOMINFO/2024"),
    # the number on the same line as the date (the date column read first)
    (doc(KOP, "Selasa 4 Juni 2024 Nomor : 512/88/KOMINFO/2024", "Kepada : CV Maju Jaya"), "512/88/KOMINFO/2024"),
    # the number and the place-date on one line (the number column read first)
    (doc(KOP, "Nomor : 512/88/KOMINFO/2024 Pelaihari, 4 Juni 2024"), "512/88/KOMINFO/2024"),
    # a decree's number: "NOMOR n TAHUN yyyy", with and without colon
    (doc(KOP, "KEPUTUSAN KEPALA DINAS KOMUNIKASI DAN INFORMATIKA", "NOMOR 17 TAHUN 2024", "TENTANG",
         "TIM PENGELOLA LAMAN RESMI"), "17 TAHUN 2024"),
    (doc(KOP, "KEPUTUSAN KEPALA DINAS", "NOMOR : 17 TAHUN 2024", "TENTANG", "TIM PENGELOLA LAMAN RESMI"),
     "17 TAHUN 2024"),
    # a number with letters and dots only, and one wrapped onto the next line
    (doc(KOP, "NOTA DINAS", "NOMOR : KD.01.02.7B.06.24.115", "Hal : Rapat"), "KD.01.02.7B.06.24.115"),
    (doc(KOP, "Nomor : 027/14/PPBJ-GEDUNG", "AULA/SETDA/2024", "Hal : Laporan"), "027/14/PPBJ-GEDUNG AULA/SETDA/2024"),
    # own number first, a cited one later in the body
    (doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 512/88/KOMINFO/2024", "Hal : Jawaban",
         "Menindaklanjuti surat Saudara", "Nomor : 141/22/DS-SB/2024 tanggal 2 Mei 2024 perihal permohonan,"),
     "512/88/KOMINFO/2024"),
]


@pytest.mark.parametrize("text,expected", NOMOR_LAYOUTS)
def test_nomor_in_real_layouts(text, expected):
    field = extract_metadata(text).nomor
    assert field.value == expected, field.reason


NOMOR_NOT_OWN = [
    # only cited numbers: inside a body sentence, or running into "tanggal"
    doc(KOP, "Kepada Yth. Camat Takisung", "Dengan hormat, menindaklanjuti surat Kepala Desa Batilai",
        "Nomor : 141/22/DS-BT/2024 tanggal 2 Mei 2024 perihal permohonan bantuan, kami sampaikan"),
    doc(KOP, "Hal : Pemberitahuan", "Berdasarkan keputusan bupati yang disampaikan melalui surat",
        "Nomor: 100.3/77/SETDA/2024 tersebut di atas, maka kegiatan dimulai."),
    # a regulation named in a report's legal basis, its "Undang-Undang" lost by OCR at the start of the line
    doc(KOP, "LAPORAN KEGIATAN PELATIHAN PENGELOLA LAMAN DESA", "A. Dasar", "Nomor 14 Tahun 2008 tentang Keterbukaan",
        "Informasi Publik;", "B. Waktu", "Kegiatan dilaksanakan pada 3 Juni 2024.", "Pelaihari, 5 Juni 2024"),
    doc(KOP, "Hal : Pemberitahuan", "Nomor 6 Tahun 2014, tentang Desa, kami sampaikan bahwa pelatihan dimulai."),
    # blanks left for a hand-written number: the print alone is not the number
    doc(KOP, "Pelaihari, Juni 2024", "Nomor : 512/ /KOMINFO/2024"),
    doc(KOP, "Pelaihari, Juni 2024", "Nomor : 512/"),
    doc(KOP, "Pelaihari, Juni 2024", "Nomor : /VI/2024"),
    doc(KOP, "Pelaihari, Juni 2024", "Nomor : 512/ -Kominfo"),
    doc(KOP, "KEPUTUSAN KEPALA DINAS", "NOMOR : TAHUN 2024", "TENTANG", "TIM PENGELOLA"),
    # a Roman month that is no month: flagged, never guessed
    doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 512/88/KOMINFO/VU/2024"),
    doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 512/88/KOMINFO/XIV/2024"),
    # a year no letter of ours can have
    doc(KOP, "Nomor : 512/88/KOMINFO/VI/2094"),
    # the number's digits still carry a letter read for a digit, or its year is cut short
    doc(KOP, "Nomor : 512/8Z5/KOMINFO/2024"),
    doc(KOP, "Nomor : 512/88/KOMINFO/VI/202"),
]


@pytest.mark.parametrize("text", NOMOR_NOT_OWN)
def test_nomor_left_empty(text):
    md = extract_metadata(text)
    assert md.nomor.value is None, md.nomor


@pytest.mark.parametrize("text", NOMOR_NOT_OWN[4:])  # the first four are cited numbers: nothing to doubt
def test_unsure_nomor_flags_the_document(text):
    md = extract_metadata(text)
    assert md.needs_review and any(r.startswith("nomor") for r in md.review), md.review


def test_a_decree_keeps_its_own_number_with_its_title_on_the_same_line():
    """A decree's own number stays its own when OCR runs its TENTANG title (in capitals) onto the same line;
    only a lower-case "tentang" - a regulation named inside a sentence - makes the number a cited one."""
    md = extract_metadata(doc(KOP, "KEPUTUSAN KEPALA DINAS", "NOMOR 17 TAHUN 2024 TENTANG", "TIM PENGELOLA LAMAN"))
    assert md.nomor.value == "17 TAHUN 2024", md.nomor


def test_nomor_month_disagreeing_with_the_date_is_flagged_but_kept():
    md = extract_metadata(doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 512/88/KOMINFO/IV/2024"))
    assert md.nomor.value == "512/88/KOMINFO/IV/2024"
    assert md.nomor.confidence < 0.95
    assert any("bulan" in r for r in md.review)


# ---------------------------------------------------------------- perihal

PERIHAL = [
    (doc(KOP, "Nomor : 512/88/KOMINFO/2024", "Hal : Permohonan Narasumber Pelatihan", "Pengelola Laman Desa",
         "Kepada Yth."), "Permohonan Narasumber Pelatihan Pengelola Laman Desa"),  # two lines
    (doc(KOP, "Nomor : 512/88/KOMINFO/2024", "Perihal : Undangan Rapat Evaluasi", "        Triwulan III Tahun 2024",
         "Yth. Camat Takisung"), "Undangan Rapat Evaluasi Triwulan III Tahun 2024"),  # indented continuation
    (doc(KOP, "Hal : Undangan Peserta Rapat Monev TW.", "III TA. 2024", "Kepada"),
     "Undangan Peserta Rapat Monev TW. III TA. 2024"),  # a line ending in an abbreviation goes on
    (doc(KOP, "Hal : Workshop Digital Literacy 2 :", "", "Content Strategy & Ethics", "Yth"),
     "Workshop Digital Literacy 2 : Content Strategy & Ethics"),  # ':' at the end, blank line, English words
    (doc(KOP, "H a l : Penyampaian Data", "Kepada Yth."), "Penyampaian Data"),  # spaced label
    (doc(KOP, "NOTA DINAS", "Hal : Undangan", "Tanggal : 3 Juni 2024", "Dari : Sekretaris"), "Undangan"),
    (doc(KOP, "KEPUTUSAN KEPALA DINAS KOMUNIKASI DAN INFORMATIKA", "NOMOR 17 TAHUN 2024", "TENTANG",
         "PEMBENTUKAN TIM PENGELOLA", "LAMAN RESMI PEMERINTAH DAERAH", "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA,",
         "Menimbang : a. bahwa"), "Pembentukan Tim Pengelola Laman Resmi Pemerintah Daerah"),
    (doc(KOP, "SURAT TUGAS", "NOMOR 090/55/KOMINFO/2024", "TENTANG", "PENDAMPINGAN APLIKASI DESA",
         "Dalam rangka pendampingan,"), "Pendampingan Aplikasi Desa"),
    # an agreement's TENTANG with OCR's blank line under it, or a speck before it
    (doc("NOTA KESEPAKATAN", "ANTARA", "DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN TANAH LAUT", "DENGAN",
         "DESA BATILAI", "TENTANG", "", "PENGELOLAAN LAMAN DESA", "", "NOMOR : 045/12/KOMINFO/2024"),
     "Pengelolaan Laman Desa"),
    (doc("NOTA KESEPAKATAN", "ANTARA", "DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN TANAH LAUT", "DENGAN",
         "DESA BATILAI", "— TENTANG", "PENGELOLAAN LAMAN DESA", "", "NOMOR : 045/12/KOMINFO/2024"),
     "Pengelolaan Laman Desa"),
    (doc(KOP, "SURAT EDARAN", "NOMOR 090/55/KOMINFO/2024", "TENTANG”", "TERTIB PENGGUNAAN APLIKASI DESA",
         "Dalam rangka pendampingan,"), "Tertib Penggunaan Aplikasi Desa"),  # a speck after TENTANG
    (doc(KOP, "SURAT PENGANTAR", "Nomor : 045/12/KOMINFO/2024", "NO | YANG DIKIRIM | JUMLAH"), "Surat Pengantar"),
    (doc(KOP, "LEMBAR DISPOSISI", "Surat dari :", "Nomor surat :"), "Lembar Disposisi"),
    # a form's own Perihal row (a field of the form, misread) does not stop its title being the subject
    (doc(KOP, "LEMBAR DISPOSISI", "Surat dari : Camat", "Perihal Mack et", "Diteruskan kepada :"), "Lembar Disposisi"),
]


@pytest.mark.parametrize("text,expected", PERIHAL)
def test_perihal_in_real_layouts(text, expected):
    field = extract_metadata(text).perihal
    assert (field.value or "").lower() == expected.lower(), field.reason


PERIHAL_SHOULD_NOT_CONTINUE = [
    # the addressee column read into the subject: a place, a name with degrees, the "di" line
    (doc(KOP, "Perihal : Permohonan Data", "TAKISUNG", "Dengan hormat,"), "Permohonan Data"),
    (doc(KOP, "Perihal : Laporan Hasil Seleksi", "Rahmat Hidayat, SE, M.Si", "di -"), "Laporan Hasil Seleksi"),
    (doc(KOP, "Hal : Undangan Rapat Koordinasi di", "Kepada"), "Undangan Rapat Koordinasi"),
    (doc(KOP, "Perihal : Undangan Rapat Koordinasi", "Internal Bidang Layanan", "Yih. Camat Takisung", "di",
         "Takisung"), "Undangan Rapat Koordinasi Internal Bidang Layanan"),  # "Yth." misread: the addressee
    # the letter's date column read as a row of its own under the Hal row
    (doc(KOP, "Hal : Undangan", "5 Juli 2024", "Kepada"), "Undangan"),
    (doc(KOP, "Hal : Undangan", "Pelaihari, 5 Juli 2024", "Kepada"), "Undangan"),
]


@pytest.mark.parametrize("text", [
    doc(KOP, "BERITA ACARA SERAH TERIMA BARANG", "PROGRAM LITERASI DIGITAL", "Nomor : 027/5/KOMINFO/2024"),
    doc(KOP, "DAFTAR HADIR PESERTA", "RAPAT KOORDINASI", "No | Nama | Instansi"),
    doc(KOP, "LAPORAN HASIL KEGIATAN", "PELATIHAN PENGELOLA LAMAN", "A. Latar Belakang"),
    # a second title line between the title and its number: the first line is not the whole subject either
    doc(KOP, "BERITA ACARA PEMERIKSAAN HASIL PEKERJAAN", "PENGADAAN KOMPUTER DESA", "Nomor : 027/5/KOMINFO/2024"),
])
def test_no_perihal_guessed_from_a_record_or_list_title(text):
    # a record's or list's subject is more than its title's first line: no guess
    assert extract_metadata(text).perihal.value is None


@pytest.mark.parametrize("row", ["Perihak Penyampaian Hasil Koordinasi", "PERIHAL - Rencana Pendampingan Desa"])
def test_a_letters_title_is_not_its_subject_beside_an_unread_hal_row(row):
    # the Hal row is there but was not read as one (a misread letter, a dash for the colon): the subject is in
    # that row, not in the title "SURAT PEMBERITAHUAN"; no guess
    text = doc(KOP, "SURAT PEMBERITAHUAN", "Nomor : 045/12/KOMINFO/2024", "Lampiran : -", row, "Kepada Yth. Camat")
    field = extract_metadata(text).perihal
    assert field.value is None, field


@pytest.mark.parametrize("title", ["BERITA ACARA PEMERIKSAAN HASIL PEKERJAAN", "LAPORAN HASIL EVALUASI PENAWARAN"])
def test_record_title_ending_on_its_line_is_the_subject(title):
    # the record's own "Nomor :" row right under its one title line: the title is complete, and it is the subject
    field = extract_metadata(doc(KOP, title, "Nomor : 027/5/KOMINFO/2024", "Pada hari ini Senin")).perihal
    assert (field.value or "").lower() == title.lower(), field.reason
    assert field.confidence < 0.9  # found without a Hal label


@pytest.mark.parametrize("text,expected", PERIHAL_SHOULD_NOT_CONTINUE)
def test_perihal_does_not_take_the_column_beside(text, expected):
    assert extract_metadata(text).perihal.value == expected


# ---------------------------------------------------------------- tanggal

TANGGAL = [
    (doc(KOP, "Pelaihari, 12 Maret 2024", "Nomor : 5/1/K/2024", "Dilaksanakan pada tanggal 20 Maret 2024"),
     "2024-03-12"),
    (doc(KOP, "SURAT TUGAS", "Untuk : hadir pada tanggal 9 Juli 2024", "Ditetapkan di : Pelaihari",
         "Tanggal : 5 Juli 2024", "KEPALA DINAS,"), "2024-07-05"),
    (doc(KOP, "BERITA ACARA RAPAT PERSIAPAN", "Nomor : 5/1/K/2024", "1. Hari / Tanggal : Senin / 8 Juli 2024",
         "2. Tempat : Aula"), "2024-07-08"),
    (doc(KOP, "NOTA DINAS", "Nomor : 5/1/K/2024", "Hal : Undangan", "Tanggal : 3 Juni 2024",
         "Dalam rangka rapat"), "2024-06-03"),
    # a circular's closing sentence names the "surat" just above its enactment formula: the formula's date is
    # the circular's own, not a date of a letter referred to
    (doc(KOP, "SURAT EDARAN", "NOMOR 445/12/DISKOMINFO/2024", "TENTANG", "PENGGUNAAN APLIKASI PERSURATAN",
         "Demikian surat edaran ini untuk dilaksanakan.", "Ditetapkan di Pelaihari", "pada tanggal 6 AGUSTUS 2024",
         "KEPALA DINAS,"), "2024-08-06"),
]


@pytest.mark.parametrize("text,expected", TANGGAL)
def test_tanggal_in_real_layouts(text, expected):
    assert extract_metadata(text).tanggal.value == expected


TANGGAL_SHOULD_NOT = [
    # an invitation's event date in its body
    doc(KOP, "Pelaihari, Juni 2024", "Nomor : 5/1/K/2024", "Hal : Undangan", "dengan ketentuan :", "Hari : Rabu",
        "Tanggal : 12 Juni 2024", "Tempat : Aula"),
    # a schedule / list: its rows' dates are not a letter date
    doc("JADWAL KUNJUNGAN PERPUSTAKAAN KELILING", "No | Tanggal | Lokasi", "1 | 03-06-2024 | SDN 1 Takisung",
        "2 | 10-06-2024 | SDN 2 Takisung"),
    doc("DAFTAR HADIR RAPAT", "No | Nama | Tanggal", "1 | Ahmad | 4 Juni 2024"),
    # a letter referred to in the sentence before a closing formula with no date of its own
    doc(KOP, "SURAT EDARAN", "Menindaklanjuti surat Gubernur Nomor 12/3/2024 tanggal 2 Mei 2024",
        "Ditetapkan di Pelaihari", "KEPALA DINAS,"),
]


def test_implausible_letter_year_is_not_kept():
    md = extract_metadata(doc(KOP, "Pelaihari, 8 Maret 2094", "Nomor : 5/1/K/2005"))
    assert md.tanggal.value is None and any(r.startswith("tanggal") for r in md.review)


@pytest.mark.parametrize("text", TANGGAL_SHOULD_NOT)
def test_no_letter_date(text):
    assert extract_metadata(text).tanggal.value is None


# ---------------------------------------------------------------- pengirim (letterhead)

PENGIRIM = [
    (KOP + "Pelaihari, 4 Juni 2024", "Dinas Komunikasi dan Informatika Kabupaten Tanah Laut"),
    # a unit whose name wraps onto a second capitalised line
    ("PEMERINTAH KABUPATEN TANAH LAUT\nBADAN PERENCANAAN PEMBANGUNAN,\nPENELITIAN DAN PENGEMBANGAN DAERAH\n"
     "Jl. A. Syairani No. 1 Telp. 21001", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah "
                                          "Kabupaten Tanah Laut"),
    # the region on its own line under the unit
    ("DINAS KEARSIPAN\nPROVINSI KALIMANTAN SELATAN\nJl. Jend. Sudirman No. 9 Banjarmasin",
     "Dinas Kearsipan Provinsi Kalimantan Selatan"),
    ("BADAN PUSAT STATISTIK\nKABUPATEN TANAH LAUT\nJl. Pelabuhan No. 3 Telp. (0512) 22000",
     "Badan Pusat Statistik Kabupaten Tanah Laut"),
    # a school under its dinas, with the school's kecamatan line
    ("PEMERINTAH KABUPATEN TANAH LAUT\nDINAS PENDIDIKAN\nSMP NEGERI 2 BATI-BATI\nKECAMATAN BATI-BATI\n"
     "Jl. Pendidikan No. 4 Telp. 0512 1234", "SMP Negeri 2 Bati-Bati"),
    # a village government whose kop names its kecamatan and regency under it: the place, not a unit below it
    ("PEMERINTAH DESA SUNGAI RANDU\nKECAMATAN TAMBANG ULANG KABUPATEN TANAH LAUT\nJl. Desa No. 1",
     "Desa Sungai Randu"),
    ("PEMERINTAH KELURAHAN ANGSAU\nKECAMATAN PELAIHARI\nJl. Kelurahan No. 2", "Kelurahan Angsau"),
    # listed from the top down, the narrowest unit is the last
    ("PEMERINTAH KABUPATEN TANAH LAUT\nKECAMATAN BAJUIN\nDESA TANIRAN\nJl. Desa No. 3", "Desa Taniran"),
    # specks a logo leaves above the letterhead, and a right-hand column read into a kop line
    ("ay\n\n& PEMERINTAH KOTA BANJARBARU\nSEKRETARIAT DAERAH No . /a/\nBAGIAN UMUM\nJl. Panglima Batur No. 1",
     "Bagian Umum Kota Banjarbaru"),
    # a hospital, a university, a company
    ("PEMERINTAH PROVINSI KALIMANTAN SELATAN\nRUMAH SAKIT UMUM DAERAH ULIN\nJl. A. Yani Km 2", "Rumah Sakit Umum Daerah Ulin"),
    ("KEMENTERIAN PENDIDIKAN, KEBUDAYAAN,\nRISET, DAN TEKNOLOGI\nUNIVERSITAS LAMBUNG MANGKURAT\nJalan Brigjen H. Hasan Basry",
     "Universitas Lambung Mangkurat"),
    ("PT. CAHAYA BORNEO SEJAHTERA\nDistributor Alat Kantor\nJl. Veteran No. 7", "PT. Cahaya Borneo Sejahtera"),
    # an office under a ministry needs no regency
    ("KEMENTERIAN KESEHATAN\nBADAN KEBIJAKAN PEMBANGUNAN KESEHATAN\nJl. Percetakan Negara No. 29",
     "Badan Kebijakan Pembangunan Kesehatan"),
    # a logo's motto read before the government line, a speck between them
    ("! KARYA.BAKTI ' PEMERINTAH PROVINSI KALIMANTAN SELATAN\nDINAS KEARSIPAN\nJl. Jend. Sudirman No. 9",
     "Dinas Kearsipan Provinsi Kalimantan Selatan"),
    # a letter printed (or read) three times in an office word: the word of the language it stands for
    ("PEMERINTAH KABUPATEN TANAH LAUT\nBAGIAN PENGADAAAN BARANG DAN JASA\nJl. A. Syairani No. 1",
     "Bagian Pengadaan Barang dan Jasa Kabupaten Tanah Laut"),
    # a title line right under a kop without an address: not part of the unit's name
    ("PEMERINTAH KABUPATEN TANAH LAUT\nDINAS KOMUNIKASI DAN INFORMATIKA\nJADWAL PELATIHAN OPERATOR DESA\n"
     "No | Hari | Tempat", "Dinas Komunikasi dan Informatika Kabupaten Tanah Laut"),
    # an agreement's party line read first, its "DENGAN" under it
    ("DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN TANAH LAUT\nDENGAN\nPERJANJIAN KERJA SAMA\nANTARA",
     "Dinas Komunikasi dan Informatika Kabupaten Tanah Laut"),
]


@pytest.mark.parametrize("text,expected", PENGIRIM)
def test_pengirim_from_the_letterhead(text, expected):
    field = extract_metadata(text + "\nDengan hormat, disampaikan.").pengirim
    assert field.value == expected, field.reason


PENGIRIM_SHOULD_NOT = [
    "NOTA KESEPAHAMAN\nANTARA\nDINAS A\nDAN\nDESA B",  # a title, no letterhead
    "LEMBAR DISPOSISI\nSurat dari :\nNo. Surat :",  # a form
    "Jl. Merdeka No. 5 Pelaihari\nDINAS KOMUNIKASI",  # the address first: not a letterhead
    # an office of no stated regency (the government line lost): which regency is not known
    "DINAS KESEHATAN\nJl. Merdeka No. 5 Telp. 21000",
    # the unit's line read only up to a joining word (the rest of the line lost): not the whole name
    "PEMERINTAH KABUPATEN TANAH LAUT\nDINAS KOMUNIKASI DAN : ATIKA\nJl. Merdeka No. 5 Telp. 21000",
    # a letter three times in a word that is no word either way: not read
    "PEMERINTAH KABUPATEN TANAH LAUT\nDINAS KOMUNIKASSSI XQQQ\nJl. Merdeka No. 5 Telp. 21000",
]


@pytest.mark.parametrize("text", PENGIRIM_SHOULD_NOT)
def test_no_pengirim_without_a_sure_letterhead(text):
    assert extract_metadata(text).pengirim.value is None


# ---------------------------------------------------------------- penerima

PENERIMA = [
    (doc(KOP, "Kepada Yth.", "Kepala Desa Batilai", "Kecamatan Takisung", "Dengan hormat,"),
     "Kepala Desa Batilai Kecamatan Takisung"),  # no "di" line
    (doc(KOP, "Yth. Kepada :", "Daftar terlampir", "di-", "PELAIHARI"), "Daftar terlampir"),
    (doc(KOP, "Yth", "(Daftar Terlampir)", "di tempat"), "(Daftar Terlampir)"),
    (doc(KOP, "Yth. 1. Kepala SD Negeri se-Kecamatan Takisung", "2. Kepala SMP Negeri se-Kecamatan Takisung",
         "di -", "Tempat"), "Kepala SD Negeri se-Kecamatan Takisung; Kepala SMP Negeri se-Kecamatan Takisung"),
    (doc(KOP, "Kepada Yth.:", "Kepala Dinas Pendidikan", "Kabupaten/Kota", "se -", "Kalimantan Selatan",
         "Dengan hormat, diberitahukan"), "Kepala Dinas Pendidikan Kabupaten/Kota se Kalimantan Selatan"),
    # "Yth." read with an i for its t
    (doc(KOP, "Hal : Undangan Rapat", "Yih. Camat Takisung", "di", "Takisung"), "Camat Takisung"),
    # specks inside the name: a dot after a whole word, a lone letter between words
    (doc(KOP, "Hal : Undangan Rapat", "Yth. Camat. Takisung", "di", "Takisung"), "Camat Takisung"),
    (doc(KOP, "Hal : Undangan Rapat", "Yth. Kepala Dinas Kesehatan n dan Keluarga Berencana", "di", "Pelaihari"),
     "Kepala Dinas Kesehatan dan Keluarga Berencana"),
    # the abbreviation's dot read as a comma
    (doc(KOP, "Kepada Yth. Kepala Dinas Kesehatan", "Kab, Tanah Laut", "di", "Pelaihari"),
     "Kepala Dinas Kesehatan Kabupaten Tanah Laut"),
]


@pytest.mark.parametrize("text,expected", PENERIMA)
def test_penerima_blocks(text, expected):
    field = extract_metadata(text).penerima
    assert field.value == expected, field.reason


def test_an_addressee_line_behind_a_bare_digit_is_not_cut_off_silently():
    # "5 Kabupaten Tanah Laut": a speck or a list number's lost dot before the block's second line, no "di"
    # line under it: where the block ends is unclear, so the first line alone is not given as the addressee
    text = doc(KOP, "Yth. Kepala Dinas Kesehatan", "5 Kabupaten Tanah Laut", "", "Pelaihari",
               "Menindaklanjuti surat Saudara tanggal 2 Mei 2024, bersama ini kami sampaikan hal berikut.")
    md = extract_metadata(text)
    assert md.penerima.value is None and md.needs_review


def test_a_forms_kepada_row_is_no_addressee():
    text = doc("LEMBAR DISPOSISI", "Surat dari :", "Kepada Yth :", "Sekretaris", "Kepala Bidang Layanan")
    assert extract_metadata(text).penerima.value is None


# ---------------------------------------------------------------- knowing what it does not know

LETTER = doc(KOP, "Pelaihari, 12 Maret 2024", "Nomor : 045/12/KOMINFO/III/2024", "Hal : Permohonan Data",
             "Kepada Yth. Camat Takisung", "di Takisung")


def words(**confs: float) -> list[Word]:
    """Word confidences for the letter's tokens: every token 95 unless given."""
    out = []
    for token in LETTER.split():
        out.append(Word(token, confs.get(token, 95.0), (0, 0, 10, 10)))
    return out


def test_sure_words_keep_the_fields():
    md = extract_metadata(LETTER, words())
    assert md.nomor.value == "045/12/KOMINFO/III/2024" and md.tanggal.value == "2024-03-12"
    assert not md.review


@pytest.mark.parametrize("token,field", [("045/12/KOMINFO/III/2024", "nomor"), ("12", "tanggal")])
def test_digits_tesseract_could_not_read_empty_the_field(token, field):
    md = extract_metadata(LETTER, words(**{token: 45.0}))
    assert getattr(md, field).value is None
    assert md.needs_review and any(r.startswith(field) for r in md.review)
    assert "OCR ragu" in getattr(md, field).reason


def test_digits_tesseract_doubted_lower_the_confidence():
    sure = extract_metadata(LETTER, words()).nomor
    doubted = extract_metadata(LETTER, words(**{"045/12/KOMINFO/III/2024": 80.0})).nomor
    assert doubted.value == sure.value and doubted.confidence < sure.confidence


def test_unsure_subject_word_empties_perihal():
    md = extract_metadata(LETTER, words(Permohonan=40.0))
    assert md.perihal.value is None and md.needs_review


def test_every_present_field_is_at_or_above_its_threshold():
    from ingest.metadata import THRESHOLDS
    for text, _ in NOMOR_LAYOUTS + PERIHAL:
        md = extract_metadata(text)
        for name in Metadata.FIELD_NAMES:
            f = getattr(md, name)
            assert not f.present or f.confidence >= THRESHOLDS[name], (name, f)


def test_metadata_with_review_pickles_and_old_pickles_load():
    md = extract_metadata(doc(KOP, "Nomor : 512/88/KOMINFO/VU/2024"))
    again = pickle.loads(pickle.dumps(md))
    assert again == md and again.review
    old = Metadata(nomor=Field("1/2/X/2024", 0.9, "x"))
    state = dict(old.__dict__)
    del state["review"]  # a Metadata pickled before ``review`` existed
    restored = Metadata.__new__(Metadata)
    restored.__dict__.update(state)
    assert restored.review == () and not restored.needs_review
    assert "review" in restored.to_json()


def test_block_read_together_with_the_addressee_column_is_unsure():
    # OCR read the left block and the addressee column beside it into the same rows
    text = doc(KOP, "Pelaihari, 3 April 2024", "Nomor : 5/1/UMUM/IV/2024 Kepada", "Sifat Yth. Seluruh Pegawai pada",
               "Lampiran : Bagian Umum Sekretariat Daerah", "Hal : Apel Pagi Bersama Kabupaten Tanah Laut", "",
               "Dalam rangka meningkatkan disiplin pegawai, apel pagi dilaksanakan bersama.")
    md = extract_metadata(text)
    assert md.nomor.value == "5/1/UMUM/IV/2024"
    assert md.perihal.value is None and md.penerima.value is None
    assert any(r.startswith("perihal") for r in md.review) and any(r.startswith("penerima") for r in md.review)


def test_wrapped_number_that_cannot_be_joined_is_left_empty():
    text = doc(KOP, "Nomor : 027/14/PPBJ. GEDUNG-AULA Kepada Yth", "SETDA/KOMINFO/2024", "Hal : Laporan")
    md = extract_metadata(text)
    assert md.nomor.value is None and any(r.startswith("nomor") for r in md.review)


def test_doubt_explained_by_a_repair_keeps_the_number():
    # Tesseract doubted the word because of the "1" read for "I" in the Roman month, which the normaliser repaired
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 400.10/456/KOMINFO/V1/2024", "Hal : Undangan")
    ws = [Word(t, 64.0 if t.startswith("400.10") else 95.0, (0, 0, 10, 10)) for t in text.split()]
    md = extract_metadata(text, ws)
    assert md.nomor.value == "400.10/456/KOMINFO/VI/2024" and md.nomor.confidence < 0.95
    hardly = [Word(t, 30.0 if t.startswith("400.10") else 95.0, (0, 0, 10, 10)) for t in text.split()]
    assert extract_metadata(text, hardly).nomor.value is None
