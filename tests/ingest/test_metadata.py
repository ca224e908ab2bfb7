"""Metadata extraction from noisy OCR text: table-driven should / should-not lists per field.

The noisy variants imitate what Tesseract does to Indonesian letters (see the raw OCR reference): labels
garbled ("Nornor", "Perlhal", "Ytb."), '/' read as 'l' or '|', ',' for '.' in classification codes, 'O' for
'0', the right-hand column merged into the label line, and values continued onto the next line.
"""
from __future__ import annotations

import pytest

from ingest.dates import find_dates, repair_month, words_to_number
from ingest.metadata import extract_metadata
from ingest.nomor import normalise_nomor
from ingest.parties import find_partner

KOP = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nJalan A. Yani Km 2 Paringin Telp. (0526) 2028\n\n"


def letter(head: str, body: str = "Dengan hormat, bersama ini kami sampaikan hal tersebut.", kop: str = KOP) -> str:
    return f"{kop}{head}\n\n{body}\n\nKEPALA DINAS,\n\nH. RODY RAHMADY NOOR\nNIP 197911232006041003\n"


# ---------------------------------------------------------------- nomor

NOMOR_SHOULD = [
    ("Nomor : 045.2/123/DISPERPUS/2024", "045.2/123/DISPERPUS/2024"),
    ("NOMOR: 000.4.7.1/05/DISPERSIP/2024", "000.4.7.1/05/DISPERSIP/2024"),
    ("No. : 094/001a/Disdik/XI/2018", "094/001a/Disdik/XI/2018"),
    ("Nornor : 000.4.6.2/045/DISPERSIP/III/2024", "000.4.6.2/045/DISPERSIP/III/2024"),  # rn read for m
    ("Nomor : 000,4.6.2/045/DISPERSIP/2024", "000.4.6.2/045/DISPERSIP/2024"),  # ',' for '.' in the KKA
    ("Nomor : 045.2l123/DISPERPUS/2O24", "045.2/123/DISPERPUS/2024"),  # l for '/', O for 0
    ("Nomor : 000.8.3.3|15|OR", "000.8.3.3/15/OR"),  # | for '/'
    ("Nomor : 045.2 / 123 / DISPERPUS / 2024", "045.2/123/DISPERPUS/2024"),  # spaces around '/'
    ("Nomor : 141/12/DS-KH/Il/2024", "141/12/DS-KH/II/2024"),  # Roman II read as Il
    ("Nomor : 35/SK/SDITMUH/X/2015 Paringin, 12 Maret 2024", "35/SK/SDITMUH/X/2015"),  # date column merged
    ("Nomor 045/123/DISDIK/VII/2025", "045/123/DISDIK/VII/2025"),  # no colon, structured value
    ("No. :000.4.7.1/365/Dispersip-B19/11/2023", "000.4.7.1/365/Dispersip-Blg/II/2023"),  # lg read as 19, II as 11
    ("Nomor : 400.10/350/Dispersip-B1g/X/2024", "400.10/350/Dispersip-Blg/X/2024"),
    ("Nomor : 64/MI-NH/111/2023", "64/MI-NH/III/2023"),  # Roman month read as digits
    ("No. :421.2/143/SMPN 1-JUAI/IV/2025 Juai, 7 April 2025", "421.2/143/SMPN1-JUAI/IV/2025"),
    ("Nomor : 421.2/143/SMPN1-JUAI/IV/2025", "421.2/143/SMPN1-JUAI/IV/2025"),  # real digits kept
    ("No. :000.4.6.2/264/Dispersip-B1g/1!1/2025 Paringin, 6 Maret 2025", "000.4.6.2/264/Dispersip-Blg/III/2025"),
    ("No. : 000.4.7.1/255/Bid. LPP/DISPERSIP/III/2025", "000.4.7.1/255/Bid.LPP/DISPERSIP/III/2025"),
]


@pytest.mark.parametrize("head,expected", NOMOR_SHOULD)
def test_nomor_is_found_and_repaired(head: str, expected: str):
    field = extract_metadata(letter(head)).nomor
    assert field.value == expected
    assert 0.5 <= field.confidence <= 1.0
    assert field.reason


def test_nomor_confidence_reflects_how_it_was_found():
    exact = extract_metadata(letter("Nomor : 045.2/123/DISPERPUS/2024")).nomor
    fuzzy = extract_metadata(letter("Nornor : 045.2/123/DISPERPUS/2024")).nomor
    repaired = extract_metadata(letter("Nomor : 045.2l123/DISPERPUS/2O24")).nomor
    assert exact.confidence > fuzzy.confidence
    assert exact.confidence > repaired.confidence
    assert "fuzzy" in fuzzy.reason and "diperbaiki" in repaired.reason


NOMOR_SHOULD_NOT = [
    "No. : 000.4.7.1/255/Bid. LPP/DISPERSIP/II1/202aringin, 20 Maret 2025",  # year ran into the place
    "No. ' \":421. 2/050/SMPN 1 JUAN/I11/2025 Juai, 3 Maret 2025",  # number broken by OCR spaces
    "1. Undang-Undang Nomor 43 Tahun 2007 tentang Perpustakaan",  # a law, not this letter's number
    "Nomor 129, Tambahan Lembaran Negara Republik Indonesia Nomor 4774",  # wrapped line starting with Nomor
    "Nomor : -",
    "Nomor : 000.4.6",  # a classification code alone: the rest of the number was lost
    "No. : 400.San-Blg/VI/2023",  # letters inside the code: the sequence number was misread
    "No. : 000.4.7.1/086/Dispersip-29",  # cut short before the month and year
    "Nomenklatur : perpustakaan desa",
]


@pytest.mark.parametrize("head", NOMOR_SHOULD_NOT)
def test_nomor_is_left_empty_rather_than_wrong(head: str):
    assert extract_metadata(letter(head)).nomor.value is None


@pytest.mark.parametrize("raw,expected", [("000,4.7.1l05/DISPERSIP/2O24", "000.4.7.1/05/DISPERSIP/2024"),
                                           ("045/123/DISDIK/VII/2025,", "045/123/DISDIK/VII/2025")])
def test_normalise_nomor(raw: str, expected: str):
    assert normalise_nomor(raw)[0] == expected


# ---------------------------------------------------------------- tanggal

TANGGAL_SHOULD = [
    ("Paringin, 12 Maret 2024\nNomor : 045/1/D/2024", "2024-03-12"),
    ("Paringin, 12 Maref 2O24\nNomor : 045/1/D/2024", "2024-03-12"),  # month and year damaged
    ("Paringin , 3 Nopember 2023", "2023-11-03"),  # old spelling, space before comma
    ("Paringin, 1 Agt 2024", "2024-08-01"),  # abbreviation
    ("Nomor : 045/1/D/2024 Paringin, 5 Februari 2024", "2024-02-05"),  # right column merged into the label line
    ("Batu Piring, 28 Agustus 2024", "2024-08-28"),  # two-word place
    ("No. : 000.4.7.1/255/Bid. LPP/DISPERSIP/II1/202aringin, 20 Maret 2025", "2025-03-20"),  # place run into nomor
    ("Pada hari ini Senin tanggal Dua Puluh Empat bulan Maret tahun Dua Ribu Dua Puluh Empat (24-03-2024), "
     "bertempat di Paringin", "2024-03-24"),
    ("Pada hari ini Selasa, tanggal Dua Puluh Delapan, bulan Maret tahun Dua ribu dua puluh tiga", "2023-03-28"),
    ("Pada hari ini Jumat tanggal sebelas bulan Aprl tahun dua ribu dua puluh lima bertempat", "2025-04-11"),
    ("Pada hari ini Kamis tanggal Dua Puluh Tujuh bulan Maret tahun Dua\nRibu Dua-Puluh Lima (27-03-2025), bertempat",
     "2025-03-27"),  # year wrapped and hyphenated
    ("No. : 61/MI-NH/VIII/2023 7 Agustus 2023\nSifat : Biasa", "2023-08-07"),  # no place: kop names it
    ("Tempat\n29 Juli- 2024\nNomor : 005/78/Dispersip/2024", "2024-07-29"),  # date alone on its line
]


@pytest.mark.parametrize("head,expected", TANGGAL_SHOULD)
def test_tanggal_of_the_letter(head: str, expected: str):
    field = extract_metadata(letter(head)).tanggal
    assert field.value == expected
    assert field.confidence > 0.5


def test_event_date_is_not_the_letter_date():
    text = letter("Nomor : 045/1/D/2024\nHal : Undangan", "Dilaksanakan pada:\nHari/Tanggal : Kamis, 15 Februari 2024\n"
                  "Pukul : 08.30 WITA")
    assert extract_metadata(text).tanggal.value is None


def test_letter_date_wins_over_body_dates_and_the_referred_letter():
    text = letter("Paringin, 12 Maret 2024\nNomor : 000.4.6.2/60/DISPERSIP/III/2024",
                  "Menindaklanjuti surat Saudara Nomor 141/12/DS-KH/III/2024 tanggal 5 Maret 2024, kegiatan "
                  "dilaksanakan pada 20 Maret 2024.")
    assert extract_metadata(text).tanggal.value == "2024-03-12"


TANGGAL_SHOULD_NOT = [
    # only the date of another letter: not this letter's date
    "Menindaklanjuti surat Saudara Nomor 141/12/DS-KH/2024 tanggal 5 Februari 2024 perihal peminjaman.",
    # a law's year, a time, a phone number
    "Undang-Undang Nomor 43 Tahun 2007 pukul 09.00 WITA telp 0526-2028",
]


@pytest.mark.parametrize("body", TANGGAL_SHOULD_NOT)
def test_tanggal_left_empty_when_only_other_dates(body: str):
    assert extract_metadata(letter("Nomor : 045/1/D/2024", body)).tanggal.value is None


def test_signature_date_used_when_no_head_date_but_less_sure():
    text = "LAPORAN KEGIATAN SOSIALISASI\n" + "Isi laporan.\n" * 30 + "Paringin, 8 Maret 2024\nPelaksana,"
    field = extract_metadata(text).tanggal
    assert field.value == "2024-03-08"
    assert field.confidence < 0.95


def test_agenda_page_gets_no_tanggal_from_its_rows():
    # a register has no letter date of its own: its rows' dates are other letters' dates
    text = ("BUKU AGENDA SURAT MASUK\nDINAS PERPUSTAKAAN DAN KEARSIPAN KABUPATEN BALANGAN TAHUN 2024\nBulan: Agustus 2024\n"
            "No. Tanggal Asal Surat Nomor Surat Tanggal Surat Perihal\n"
            "42 11-08-2024 Dinas Kominfo 500.12/386/Diskominfo/2024 06-08-2024 Permohonan data\n"
            "43 12-08-2024 Camat Paringin 005/240/Kec-Prg/2024 11-08-2024 Permohonan pembinaan\n")
    md = extract_metadata(text)
    assert md.tanggal.value is None
    assert md.nomor.value is None  # the rows' numbers are other letters' numbers too


@pytest.mark.parametrize("words,number", [("Dua Puluh Empat", 24), ("sebelas", 11), ("Dua Ribu Empat Belas", 2014),
                                          ("dua ribu dua puluh tiga", 2023), ("Tiga Puluh Satu", 31),
                                          ("seribu sembilan ratus sembilan puluh sembilan", 1999), ("Maret", None)])
def test_words_to_number(words: str, number):
    assert words_to_number(words) == number


@pytest.mark.parametrize("word,fixed", [("Maret", "maret"), ("Maref", "maret"), ("Agustvs", "agustus"),
                                        ("Pebruari", "pebruari"), ("Desernber", "desember")])
def test_month_words_repaired_to_dateparser_vocabulary(word: str, fixed: str):
    assert repair_month(word)[0] == fixed


@pytest.mark.parametrize("word", ["Menit", "Tahun", "Nomor", "Pasal"])
def test_non_months_are_not_months(word: str):
    assert repair_month(word) is None


def test_find_dates_kinds():
    kinds = [d.kind for d in find_dates("Paringin, 12 Maret 2024 dan 01-02-2024 serta 5 Mei 2024")]
    assert kinds == ["place_date", "numeric", "plain"]


# ---------------------------------------------------------------- sifat, lampiran, perihal

@pytest.mark.parametrize("head,sifat,lampiran", [
    ("Sifat : Biasa\nLampiran : -", "Biasa", "-"),
    ("Sifat : Penting\nLampiran : 1 (satu) berkas", "Penting", "1 (satu) berkas"),
    ("Sifat : Segcra\nLarnpiran : 2 (dua) lembar", "Segera", "2 (dua) lembar"),
    ("Sifat: Sangat Segera\nLamp. : 1 (satu) eksemplar", "Sangat Segera", "1 (satu) eksemplar"),
])
def test_sifat_and_lampiran(head: str, sifat: str, lampiran: str):
    md = extract_metadata(letter("Nomor : 045/1/D/2024\n" + head))
    assert md.sifat.value == sifat
    assert md.lampiran.value == lampiran


@pytest.mark.parametrize("head,body", [("Sifat : xyzzy qq", ""), ("Lampiran : lihat di bawah ini saja ya", "")])
def test_unknown_sifat_or_lampiran_left_empty(head: str, body: str):
    md = extract_metadata(letter(head))
    assert md.sifat.value is None and md.lampiran.value is None


PERIHAL_SHOULD = [
    ("Hal : Permohonan Kerja Sama", "Permohonan Kerja Sama"),
    ("Perihal : Undangan Sosialisasi Program BuRT", "Undangan Sosialisasi Program BuRT"),
    ("Perlhal : Permohonan Pembinaan Perpustakaan", "Permohonan Pembinaan Perpustakaan"),
    ("HaI : Permohonan Pembinaan", "Permohonan Pembinaan"),
    ("Hal : Balasan Permintaan Peminjaman\nBuku Secara Kolektif\n\nYth. Kepala Desa Lok Batu",
     "Balasan Permintaan Peminjaman Buku Secara Kolektif"),
    ("Hal : Permohonan Kerja Sama Kepada Yth. Kepala Dinas", "Permohonan Kerja Sama"),
    ("Hal : Undangan\nYth. Kepala Desa Halong", "Undangan"),
    ("- Perihal : Hasil Rapat Koordinasi Program BuRT", "Hasil Rapat Koordinasi Program BuRT"),
    ("“” Hal — : Permintaan Peminjaman Buku Kolektif", "Permintaan Peminjaman Buku Kolektif"),
    ("Hal ” : Koordinasi Pendampingan Masyarakat", "Koordinasi Pendampingan Masyarakat"),
    ("Perihal . . Pemberian Cuti Tahunan", "Pemberian Cuti Tahunan"),
    ("Perihal Penyampaian Hasil Koordinasi", "Penyampaian Hasil Koordinasi"),  # colon lost
    ("Perihal : - Balasan Surat Permohonan Peminjaman", "Balasan Surat Permohonan Peminjaman"),  # speck before
]


@pytest.mark.parametrize("head,expected", PERIHAL_SHOULD)
def test_perihal(head: str, expected: str):
    assert extract_metadata(letter("Nomor : 045/1/D/2024\nSifat : Biasa\n" + head)).perihal.value == expected


@pytest.mark.parametrize("head,expected", [
    ("Hal : Balasan Surat Permohonan Peminjaman nga", "Balasan Surat Permohonan Peminjaman"),
    ("Hal : Rencana Pendampingan Kegiatan Gemar Membaca “ega", "Rencana Pendampingan Kegiatan Gemar Membaca"),
    ("Hal : Permohonan Kerja Sama dan", "Permohonan Kerja Sama dan"),
])
def test_perihal_tail_specks_trimmed(head: str, expected: str):
    assert extract_metadata(letter("Nomor : 045/1/D/2024\n" + head)).perihal.value == expected


@pytest.mark.parametrize("head", ["Hal : Permintaan Pe anan Perpustakaan Desa", "Hal : Jawaban atas Permohonan penanda Buku"])
def test_garbled_perihal_left_empty(head: str):
    field = extract_metadata(letter("Nomor : 045/1/D/2024\n" + head)).perihal
    assert field.value is None and "rusak" in field.reason


@pytest.mark.parametrize("value", ["Permohonan peminjaman buku secara kolektif", "Permohonan Kerjasama Program Bu RT",
                                   "Undangan Sosialisasi Bu RT (Buku Rumah Tangga)"])
def test_plausible_perihal_is_kept(value: str):
    assert extract_metadata(letter("Nomor : 045/1/D/2024\nHal : " + value)).perihal.value == value


def test_perihal_absent_without_a_hal_line():
    text = "Dengan hormat, hal ini kami sampaikan. Perihal tersebut akan dibahas dalam rapat."
    assert extract_metadata(letter("Nomor : 045/1/D/2024", text)).perihal.value is None


# ---------------------------------------------------------------- penerima, pengirim, partner

PENERIMA_SHOULD = [
    ("Yth. Kepala Desa Kusambi Hilir\ndi -\nTempat", "Kepala Desa Kusambi Hilir"),
    ("Kepada\nYth. Kepala Dinas Perpustakaan dan Kearsipan\nKabupaten Balangan\ndi\nParingin",
     "Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"),
    ("Kepada Yth. Kepala Sekolah SD Negeri 1 Paringin\ndi Paringin", "Kepala Sekolah SD Negeri 1 Paringin"),
    ("Ytb. Kepala Desa Lok Batu\ndi -\nTempat", "Kepala Desa Lok Batu"),
    ("Yth.\nKetua TBM Cahaya Ilmu\ndi Tempat", "Ketua TBM Cahaya Ilmu"),
    ("P gjasna Yth. Kepala MI Nurul Hidayah\ndi\nHalong", "Kepala MI Nurul Hidayah"),  # specks before Yth.
    ("Kepada Yth. Seluruh Pegawai\n\"Dinas Perpustakaan dan Kfarsipan\ndi\nTempat",
     "Seluruh Pegawai Dinas Perpustakaan dan Kearsipan"),  # quote speck, garbled office word
    ("Yth. Kepala SMP Nfgeri 1 Juai\ndi Juai", "Kepala SMP Negeri 1 Juai"),
    ("Yth. Pejabat Struktural dan\n\nFungsional\nDinas Perpustakaan dan Kearsipan\ndi -\n' Tempat |",
     "Pejabat Struktural dan Fungsional Dinas Perpustakaan dan Kearsipan"),  # blank line; "Dinas" is no "di"
    ("Yth. Kepala Dinas Perpustakaan dan Kearsipan Kabupaten : Balangan\ndi Paringin",
     "Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"),  # stray colon
    ("Yth. Kepala Desa Tebing Tinggi di Batu Piring", "Kepala Desa Tebing Tinggi"),  # any town on the name's line
    ("Yth. Ketua Komunitas Baca Lentera di Tempat", "Ketua Komunitas Baca Lentera"),
    ("Yth. Para Kepala Sekolah di Lingkungan Dinas Pendidikan Kabupaten Tanah Laut",  # "di" inside the name
     "Para Kepala Sekolah di Lingkungan Dinas Pendidikan Kabupaten Tanah Laut"),
]


@pytest.mark.parametrize("block,expected", PENERIMA_SHOULD)
def test_penerima(block: str, expected: str):
    assert extract_metadata(letter("Nomor : 045/1/D/2024\n\n" + block)).penerima.value == expected


@pytest.mark.parametrize("block", ["Yth. si Ipa ni Nurul Hidayah\ndi Tempat", "Yth. di Hi Dinas Fepesakaan\ndi -"])
def test_garbled_addressee_left_empty(block: str):
    assert extract_metadata(letter("Nomor : 045/1/D/2024\n\n" + block)).penerima.value is None


def test_penerima_not_taken_from_tembusan_or_body():
    body = ("Dengan hormat, surat ini ditujukan kepada yang berkepentingan.\n\nTembusan:\n1. Yth. Bupati Balangan\n"
            "2. Arsip")
    assert extract_metadata(letter("Nomor : 045/1/D/2024", body)).penerima.value is None


def test_pengirim_from_the_letterhead_unit():
    md = extract_metadata(letter("Nomor : 045/1/D/2024"))
    assert md.pengirim.value == "Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"
    desa = extract_metadata(letter("Nomor : 141/1/DS/2024", kop="PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN PARINGIN\n"
                                   "DESA KUSAMBI HILIR\nAlamat: Jalan Desa RT 02\n\n"))
    assert desa.pengirim.value == "Desa Kusambi Hilir"


def test_pengirim_left_empty_without_a_letterhead():
    text = ("Nomor : 045/1/D/2024\nHal : Undangan\n\nYth. Kepala Desa Halong\ndi Tempat\n\nIsi surat.\n\n"
            "Kepala Desa Kusambi Hilir,\n\nABDUL HADI\nNIP 197001011995031002\n")
    assert extract_metadata(text).pengirim.value is None
    assert extract_metadata(MOU).pengirim.value is None  # "PEMERINTAH DESA …" inside an MoU title is no kop


def test_pengirim_of_a_school_kop_with_ocr_blank_lines_and_specks():
    text = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PENDIDIKAN\n\nSMP NEGERI 1 PARINGIN\n\n. Alamat: Jalan Jend. "
            "A. Yani Km. 1, Kecamatan Paringin\n\nParingin, 29 Mei 2023.\n\n' Kepada :\nYth. Kepala Dinas "
            "Perpustakaan dan\n' Kearsipan\n, Kabupaten Balangan\ndi - .\n. Paringin\nNomor : 800/20/SMPN1- PRG/2023\n")
    md = extract_metadata(text)
    assert md.pengirim.value == "SMP Negeri 1 Paringin"
    assert md.penerima.value == "Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"
    assert md.nomor.value == "800/20/SMPN1-PRG/2023"
    assert md.tanggal.value == "2023-05-29"
    assert md.partner.value == "SMP Negeri 1 Paringin"


def test_perihal_does_not_swallow_the_first_body_line():
    text = letter("Nomor : 045/1/D/2024\nHal : Hasil Koordinasi Pelaksanaan Kerja Sama BuRT\n"
                  "Berdasarkan rapat koordinasi tindak lanjut Nota Kesepahaman Nomor 12/2024")
    assert extract_metadata(text).perihal.value == "Hasil Koordinasi Pelaksanaan Kerja Sama BuRT"


PARTNER_SHOULD = [
    ("Kepala Desa Kusambi Hilir", "Desa Kusambi Hilir"),
    ("KEPALA DESA  KUSAMBI   HILIR", "Desa Kusambi Hilir"),
    ("Kepala Sekolah SD Negeri 1 Paringin", "SD Negeri 1 Paringin"),
    ("Kepala SDN 2 Juai Kecamatan Juai", "SD Negeri 2 Juai"),
    ("Kepala SMPN 1 Awayan", "SMP Negeri 1 Awayan"),
    ("Pengelola Perpustakaan Desa Galumbang", "Perpustakaan Desa Galumbang"),
    ("Lurah Kelurahan Batu Piring di Paringin", "Kelurahan Batu Piring"),
]


@pytest.mark.parametrize("value,expected", PARTNER_SHOULD)
def test_find_partner(value: str, expected: str):
    assert find_partner(value) == expected


@pytest.mark.parametrize("value", ["Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan",
                                   "Kepala Badan Keuangan Daerah", "Bupati Balangan"])
def test_find_partner_should_not(value: str):
    assert find_partner(value) is None


def test_partner_from_the_title_of_a_report():
    text = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nJalan Jend. A. Yani Km. 3,5 Paringin\n"
            "LAPORAN KEGIATAN SOSIALISASI\nPROGRAM BUKU RUMAH TANGGA (BuRT)\nDI DESA KUSAMBI HILIR\nA. Pendahuluan\n")
    md = extract_metadata(text)
    assert md.partner.value == "Desa Kusambi Hilir" and "judul" in md.partner.reason


def test_partner_is_the_addressee_of_an_outgoing_letter():
    md = extract_metadata(letter("Nomor : 045/1/D/2024\n\nYth. Kepala Desa Kusambi Hilir\ndi -\nTempat"))
    assert md.partner.value == "Desa Kusambi Hilir"
    assert "penerima" in md.partner.reason


# ---------------------------------------------------------------- MoU parties and rujukan

MOU = """NOTA KESEPAHAMAN
ANTARA
DINAS PERPUSTAKAAN DAN KEARSIPAN KABUPATEN BALANGAN
DENGAN
PEMERINTAH DESA KUSAMBI HILIR
NOMOR : 000.4.7.1/03/DISPERSIP/2024
NOMOR : 141/07/DS-KH/2024
TENTANG
PELAKSANAAN PROGRAM BUKU RUMAH TANGGA

Pada hari ini Senin tanggal Empat bulan Maret tahun Dua Ribu Dua Puluh Empat (04-03-2024), yang bertanda
tangan di bawah ini:
1. Nama : H. Rody Rahmady Noor
Jabatan : Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan
bertindak untuk dan atas nama Dinas Perpustakaan dan Kearsipan Kabupaten Balangan, selanjutnya disebut
PIHAK PERTAMA.
2. Nama : Abdul Hadi
Jabatan : Kepala Desa Kusambi Hilir
bertindak untuk dan atas nama Pemerintah Desa Kusambi Hilir, selanjutnya disebut PIHAK KEDUA.
Pasal 1
"""


def test_mou_parties_numbers_date_and_partner():
    md = extract_metadata(MOU)
    assert [p.role for p in md.pihak] == ["pertama", "kedua"]
    first, second = md.pihak
    assert first.name == "H. Rody Rahmady Noor" and second.name == "Abdul Hadi"
    assert second.jabatan == "Kepala Desa Kusambi Hilir"
    assert second.instansi == "Pemerintah Desa Kusambi Hilir"
    assert first.nomor == "000.4.7.1/03/DISPERSIP/2024" and second.nomor == "141/07/DS-KH/2024"
    assert md.nomor.value == "000.4.7.1/03/DISPERSIP/2024"
    assert md.tanggal.value == "2024-03-04"
    assert md.partner.value == "Desa Kusambi Hilir"
    assert md.perihal.value == "Pelaksanaan Program Buku Rumah Tangga"
    assert "TENTANG" in md.perihal.reason


def test_agreement_title_garbled_still_gives_its_subject():
    text = ("PER AN IAN KER A SAMA\nANTARA\nDINAS PERPUSTAKAAN DAN KFARSIPAN KABUPATEN BALANGAN\nDENGAN\n"
            "SMP NEGERI 1 JUAI\nTENTANG\nPENGEMBANGAN BUDAYA GEMAR MEMBACA MELALUI PROGRAM BuRT\n\n"
            "NOMOR : 041/376/Dispersip/2023\n")
    assert extract_metadata(text).perihal.value == "Pengembangan Budaya Gemar Membaca Melalui Program BuRT"


@pytest.mark.parametrize("kop", ["Kk PEMERINTAH KABUPATEN BALANGAN\nAA DINAS PERPUSTA N DAN\nJalan Jend. A. Yani\n",
                                 "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTA D KE SIPAN\nJalan Jend. A. Yani\n"])
def test_garbled_letterhead_gives_no_pengirim(kop: str):
    md = extract_metadata(kop + "\nNomor : 045/1/D/2024\n")
    assert md.pengirim.value is None and "tidak terbaca" in md.pengirim.reason


def test_tentang_is_not_a_perihal_outside_agreements():
    text = letter("Nomor : 045/1/D/2024", "Berdasarkan Peraturan Bupati\nTENTANG\nPENGELOLAAN ARSIP DAERAH\n")
    assert extract_metadata(text).perihal.value is None


def test_party_name_keeps_academic_degrees():
    text = ("yang bertanda tangan di bawah ini:\n1. Junaidi, S.AP., M.Si., Kepala Dinas Perpustakaan dan Kearsipan "
            "Kabupaten Balangan, dalam hal ini bertindak untuk dan atas nama Dinas Perpustakaan dan Kearsipan "
            "Kabupaten Balangan, selanjutnya disebut PIHAK PERTAMA.\n2. Syahrani, Kepala Desa Tanah Habang Kanan, "
            "dalam hal ini bertindak untuk dan atas nama Pemerintah Desa Tanah Habang Kanan, selanjutnya disebut "
            "PIHAK KEDUA.\n")
    first, second = extract_metadata(text).pihak
    assert first.name == "Junaidi, S.AP., M.Si."
    assert first.jabatan == "Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"
    assert second.name == "Syahrani" and second.instansi == "Pemerintah Desa Tanah Habang Kanan"


def test_penerima_abbreviations_written_out():
    md = extract_metadata(letter("Nomor : 045/1/D/2024\n\nKepada Yth. Kepala Dinas Perpustakaan dan Kearsipan "
                                 "Kab. Balangan\ndi\nTempat"))
    assert md.penerima.value == "Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"


def test_mou_parties_in_sentence_form_with_pihak_kesatu():
    text = ("yang bertanda tangan di bawah ini:\n1. ABDUL HADI, Kepala Desa Galumbang, dalam hal ini bertindak "
            "untuk dan atas nama Pemerintah Desa Galumbang, selanjutnya disebut PIHAK KESATU;\n2. H. RODY RAHMADY "
            "NOOR, Kepala Dinas Perpustakaan dan Kearsipan, selanjutnya disebut PIHAK KEDUA.\n")
    md = extract_metadata(text)
    assert [p.role for p in md.pihak] == ["pertama", "kedua"]
    assert md.pihak[0].name == "ABDUL HADI" and md.pihak[0].jabatan == "Kepala Desa Galumbang"


def test_no_parties_in_an_ordinary_letter():
    assert extract_metadata(letter("Nomor : 045/1/D/2024")).pihak == ()


RUJUKAN_SHOULD = [
    ("Menindaklanjuti surat Saudara Nomor 141/12/DS-KH/III/2024 tanggal 5 Maret 2024 perihal peminjaman",
     "141/12/DS-KH/III/2024"),
    ("Membalas surat Kepala Sekolah SMP Negeri 1 Awayan Nomor : 421.3/20/SMP1/2024 tanggal 2 April 2024",
     "421.3/20/SMP1/2024"),
    ("Menanggapi surat saudara nornor 045l03/BM/2024, bersama ini", "045/03/BM/2024"),
    ("Sehubungan dengan surat dari Desa Pirsus No. 045/15/PRS/2024 perihal pembinaan", "045/15/PRS/2024"),
]


@pytest.mark.parametrize("body,expected", RUJUKAN_SHOULD)
def test_rujukan(body: str, expected: str):
    md = extract_metadata(letter("Nomor : 000.4.6.2/60/DISPERSIP/2024", body))
    assert [r.value for r in md.rujukan] == [expected]
    assert "surat dirujuk" in md.rujukan[0].reason


@pytest.mark.parametrize("body", [
    "Berdasarkan Undang-Undang Nomor 43 Tahun 2007 tentang Perpustakaan, kami sampaikan",
    "Dengan hormat, bersama surat ini kami mengajukan permohonan peminjaman buku.",
])
def test_rujukan_should_not(body: str):
    assert extract_metadata(letter("Nomor : 045/1/D/2024", body)).rujukan == ()


# ---------------------------------------------------------------- the raw OCR reference

RAW_OCR_SOP = """ Dasar Hukum:

1. Undan;,-Und.mb Nomor 43 Tahun 2007 lcmanb
Perpustakaan (Lembaran Negara Republik Indonesia
Tahun 2007 Nomor 129, Tambahan Lembaran Negara
Republik Indonesia Nomor 4774),

2. RPJM Visi Misi Bupati Balangan Tahun 2021 - 2026
 I. SOP BuRT (Buku Rumah i.l.nl:g.n

Dipindai dengan CamScanner
"""


def test_raw_ocr_of_the_sop_yields_no_invented_fields():
    md = extract_metadata(RAW_OCR_SOP)
    for name in md.FIELD_NAMES:
        assert getattr(md, name).value is None, name
    assert md.rujukan == () and md.pihak == ()


def test_empty_text():
    md = extract_metadata("")
    assert md.nomor.value is None and md.tanggal.value is None


# ---------------------------------------------------------------- issue 17 (fields8): shapes without labels

def test_unlabelled_number_in_the_head_is_found_by_its_shape_and_flagged():
    """A number whose Nomor label OCR damaged past recognition ("YMOR"), alone on its line in the head, is
    the letter's own when the letter's date confirms its year and month; it is kept for review."""
    head = "SURAT EDARAN\nYMOR 000.1.5/105/Dispersip-Blg/IX/2025\nTENTANG\nPENGGUNAAN APLIKASI"
    body = "Dalam rangka mendukung tertib administrasi, bersama ini disampaikan hal berikut.\n\nParingin, 18 September 2025"
    md = extract_metadata(letter(head, body))
    assert md.nomor.value == "000.1.5/105/Dispersip-Blg/IX/2025"
    assert md.tanggal.value == "2025-09-18"
    assert any("tanpa label" in r for r in md.review)  # flagged: a shape alone is never sure


@pytest.mark.parametrize("head, body", [
    # the letter's date is another month: the shape alone cannot make it the letter's number
    ("SURAT EDARAN\n000.1.5/105/Dispersip-Blg/IX/2025", "Dengan hormat, bersama ini disampaikan.\n\nParingin, 18 Oktober 2025"),
    # no letter date at all to confirm it
    ("SURAT EDARAN\n000.1.5/105/Dispersip-Blg/2025", "Dengan hormat, bersama ini kami sampaikan hal tersebut."),
    # a number on its own line below the start of the body is one the body cites, not the letter's
    ("Paringin, 18 September 2025", "Menindaklanjuti surat Kepala Desa yang kami terima dengan nomor\n"
                                    "045/12/DS-KH/IX/2025\nbersama ini kami sampaikan hal berikut."),
])
def test_unlabelled_number_should_not(head, body):
    md = extract_metadata(letter(head, body))
    assert not md.nomor.present


def test_a_labelled_number_outranks_a_shape_alone():
    head = "000.1.5/105/Dispersip-Blg/IX/2025\nNomor : 045/7/DISPERSIP/IX/2025\nParingin, 18 September 2025"
    assert extract_metadata(letter(head)).nomor.value == "045/7/DISPERSIP/IX/2025"


@pytest.mark.parametrize("stamp, iso", [
    ("24 Maret 2025 pukul 1106", "2025-03-24"),  # the clock's '.' lost
    ("Or 22 FEBRUARI 2024 pukul 12.47", "2024-02-22"),  # the avatar read as two letters
])
def test_post_time_stamp_is_the_date(stamp, iso):
    text = f"Perpustakaan Balangan\n{stamp}\n\nKegiatan membaca bersama warga berjalan meriah. #BuRT\n\n203 suka"
    assert extract_metadata(text).tanggal.value == iso


def test_list_row_with_a_time_is_no_post_date():
    text = "JADWAL KEGIATAN\n2) 16 Oktober 2024 pukul 19.05\n3) 17 Oktober 2024 pukul 09.00\n"
    assert not extract_metadata(text).tanggal.present


def test_attendance_list_known_by_its_columns_is_dated_by_its_meeting():
    """An attendance list whose "DAFTAR HADIR" title OCR lost is still told by its name and signature
    columns; its Hari/Tanggal row dates it. A letter's event row stays an event date."""
    text = ("PELATIHAN PUSTAKAWAN SEKOLAH\nHari/Tanggal : Kamis, 22 Mei 2025\nTempat : Aula Dinas\n"
            "No Nama Unsur Tanda Tangan\n1 Bahrul Ilmi Peserta\n2 Mulyadi Peserta\n")
    assert extract_metadata(text).tanggal.value == "2025-05-22"
    event = letter("Nomor : 045/1/D/2024\nHal : Undangan",
                   "Dilaksanakan pada:\nHari/Tanggal : Kamis, 15 Februari 2024\nTempat : Aula")
    assert extract_metadata(event).tanggal.value != "2024-02-15"
