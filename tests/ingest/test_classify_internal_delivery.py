"""An internal invitation whose addressee block shares its rows with the number block, OCR reading the office
line after the block's "di-" ("Kepada Yth. Pejabat Struktural dan" / "Fungsional" / "di-" / "Dinas Perpustakaan
dan Kearsipan" / "Tempat"): the letter is delivered inside the Dinas, so it is the Dinas's letter to its own staff
(issue 17, twenty-first session). Letters are written here, never a sample's file."""
from __future__ import annotations

import pytest

from ingest.classify import internal_letter
from ingest.metadata import extract_metadata

KOP = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"
       "Jalan Jend. A. Yani Km. 3,5 Paringin, Kabupaten Balangan 71618\n\nParingin, 26 Juni 2023\n")
SIGNED = ("\nDemikian disampaikan untuk dilaksanakan.\n\nKepala Dinas Perpustakaan dan Kearsipan\n"
          "Kabupaten Balangan,\n\nDrs. H. Ahmad Rasyid\nNIP 196805121990031004\n")


def _letter(addressee_rows: str, body: str = "Sehubungan dengan rapat persiapan, diharapkan kehadiran Saudara pada:") -> str:
    return KOP + addressee_rows + "\n\n" + body + "\n\nHari/Tanggal : Jumat, 30 Juni 2023\n" + SIGNED


@pytest.mark.parametrize("addressee,office", [
    ("Pejabat Struktural dan", "Fungsional"),
    ("Para Kepala Bidang", "dan Kepala Seksi"),
    ("Seluruh Pegawai", "di Lingkungan"),
])
def test_an_office_line_read_after_the_di_line_makes_the_letter_internal(addressee, office):
    rows = (f"NOMOR : 000.1.5/60/Dispersip-Blg/VI/2023 Kepada Yth. {addressee}\nLAMPIRAN {office}\n"
            "PERIHAL: Undangan Rapat\nPersiapan Kegiatan\ndi-\n\nDinas Perpustakaan\ndan Kearsipan\nTempat")
    text = _letter(rows)
    assert internal_letter(text, extract_metadata(text))


@pytest.mark.parametrize("place", [
    "Kantor Desa Guha",  # a partner's office after "di-": no letter of the Dinas to itself
    "Paringin",
])
def test_another_place_after_the_di_line_is_not_internal(place):
    rows = ("NOMOR : 000.1.5/60/Dispersip-Blg/VI/2023 Kepada Yth. Kepala Desa\nLAMPIRAN Guha\n"
            f"PERIHAL: Undangan Sosialisasi\nProgram BuRT\ndi-\n\n{place}\nTempat")
    text = _letter(rows, "Sehubungan dengan program Buku Rumah Tangga, kami mengundang Saudara pada:")
    assert not internal_letter(text, extract_metadata(text))


def test_the_office_after_di_without_a_tempat_line_is_left_as_before():
    rows = ("NOMOR : 000.1.5/60/Dispersip-Blg/VI/2023 Kepada Yth. Pejabat Struktural dan\nLAMPIRAN Fungsional\n"
            "PERIHAL: Undangan Rapat\ndi-\n\nDinas Perpustakaan dan Kearsipan menyampaikan bahwa")
    text = _letter(rows)
    assert not internal_letter(text, extract_metadata(text))
