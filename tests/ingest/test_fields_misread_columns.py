"""A field read from a neighbouring column or with a letter read three times is not filled as if sure
(issue 13: a wrong value is worse than none). Letters built here, as OCR returns such pages."""
from __future__ import annotations

from ingest.metadata import THRESHOLDS, extract_metadata
from ingest.parties import _garbled_unit

KOP_UNIT = "PEMERINTAH KOTA BANJARBARU\n{unit}\nJalan Pangeran Suriansyah No. 5 Telp. (0511) 477\n\n"
HEAD = ("Nomor : 005/112/Bappeda/2024\nSifat : Penting\nPerihal : Undangan Rapat\n\n"
        "Kepada Yth.\nKepala Dinas Perpustakaan\ndi -\nTempat\n")
BODY = "Dengan hormat, bersama ini kami mengundang Saudara menghadiri rapat koordinasi.\n\nKEPALA BADAN,\n"


def _letter(unit: str, head: str = HEAD) -> str:
    return KOP_UNIT.format(unit=unit) + head + "\n" + BODY


def test_a_kop_word_with_a_letter_read_three_times_is_no_sender() -> None:
    sure = extract_metadata(_letter("BAGIAN PENGADAAN BARANG DAN JASA"))
    assert sure.pengirim.value and "Pengadaan" in sure.pengirim.value
    # no word of the language has a letter three times: one the word list knows with it twice is that word
    # ("Pengadaan", not "Pengadaaan"); a word known neither way leaves the unit unread
    mended = extract_metadata(_letter("BAGIAN PENGADAAAN BARANG DAN JASA"))
    assert mended.pengirim.value == sure.pengirim.value
    misread = extract_metadata(_letter("BAGIAN PENGXAAAN BARANG DAN JASA"))
    assert misread.pengirim.value is None


def test_a_roman_numeral_in_a_kop_is_no_misread() -> None:
    assert not _garbled_unit("SEKSI III PENGADAAN")
    assert _garbled_unit("SEKSI PENGADAAAN")


def test_an_addressee_that_starts_with_the_lampiran_label_is_left_empty() -> None:
    head = ("Nomor : 005/112/Bappeda/2024\nPerihal : Undangan\n\nKepada Yth.\n"
            "LAMP. 1 (satu) Berkas Daftar terlampir\ndi -\nJEPARA\n")  # the Lampiran row read into the block
    got = extract_metadata(_letter("BADAN PERENCANAAN PEMBANGUNAN DAERAH", head))
    assert got.penerima.value is None
    clean = extract_metadata(_letter("BADAN PERENCANAAN PEMBANGUNAN DAERAH"))
    assert clean.penerima.value == "Kepala Dinas Perpustakaan"
    assert clean.penerima.confidence >= THRESHOLDS["penerima"]
