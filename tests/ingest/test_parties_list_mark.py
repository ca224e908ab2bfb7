"""A berita acara's komparisi read from a photo: a party's list number lost its dot ("2 Jabatan 1 Camat …") or a
margin mark stands before the label. The jabatan is still read, and the partner with it (issue 17, twenty-first
session). Texts are written here, never a sample's file."""
from __future__ import annotations

import pytest

from ingest.metadata import extract_metadata
from ingest.parties import find_pihak

KOMPARISI = """PEMERINTAH KABUPATEN BALANGAN
DINAS PERPUSTAKAAN DAN KEARSIPAN

BERITA ACARA SERAH TERIMA BUKU
Nomor : BA-075/DISPERSIP/2024

Pada hari ini Jumat tanggal Tujuh Belas bulan Mei tahun Dua Ribu Dua Puluh Empat (17-05-2024), kami yang
bertanda tangan di bawah ini:
1. Nama : Mulyadi, S.AP.
Jabatan : Pustakawan Terampil
Selanjutnya disebut PIHAK PERTAMA (yang menyerahkan).
2. Nama 1 {name}
{nip}
{mark}Jabatan 1 {jabatan}
Selanjutnya disebut PIHAK KEDUA (yang menerima).
"""


@pytest.mark.parametrize("mark", ["2 ", "1 ", "| ", "! "])
@pytest.mark.parametrize("name,jabatan,partner", [
    ("Aliansyah, S.AP.", "Camat Tebing Tinggi", "Kecamatan Tebing Tinggi"),
    ("Rahmawati", "Kepala Desa Guha", "Desa Guha"),
    ("Syahrani, S.Pd.", "Ketua TBM Pustaka Bestari", "TBM Pustaka Bestari"),
])
def test_a_jabatan_after_a_list_number_without_its_dot_gives_the_partner(mark, name, jabatan, partner):
    text = KOMPARISI.format(name=name, nip="1 Nlp 1198606262010111002", mark=mark, jabatan=jabatan)
    kedua = [p for p in find_pihak(text.splitlines()) if p.role == "kedua"]
    assert kedua and kedua[0].jabatan == jabatan
    assert extract_metadata(text).partner.value == partner


def test_a_number_that_is_the_value_is_no_label_mark():
    # "12 Jabatan" is no list number lost its dot (two digits): nothing changes for such a line
    text = KOMPARISI.format(name="Rahmawati", nip="NIP 19860626", mark="12 ", jabatan="Kepala Desa Guha")
    kedua = [p for p in find_pihak(text.splitlines()) if p.role == "kedua"]
    assert kedua and kedua[0].jabatan is None
