"""Number and date rows of layouts outside the generator's tuning factors (issues 13/17): a number row
whose label OCR lost, an attendance list dated by its meeting, a Roman month repaired against the date."""
from __future__ import annotations

from ingest.metadata import extract_metadata

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"


def test_number_row_whose_label_was_lost_above_the_label_block_is_the_number():
    text = HEAD + ": 000.4.6.2/360/Dispersip-Blg/111/2023\nLampiran : -\nPerihal : Jawaban\n\nParingin, 13 Maret 2023"
    md = extract_metadata(text)
    assert md.nomor.value == "000.4.6.2/360/Dispersip-Blg/III/2023"
    assert "label Nomor hilang" in md.nomor.reason


def test_a_bare_number_elsewhere_is_not_taken_for_the_lost_label_row():
    # not above a Sifat/Lampiran/Hal row
    assert not extract_metadata(HEAD + ": 000.4.6.2/360/Dispersip-Blg/III/2023\nKepada Yth.\nBapak").nomor.present
    # a Nomor label above it: the lost-label row is not the letter's number
    text = HEAD + "Nomor : 005/12/DISPERSIP/2023\n: 000.4.6.2/360/Dispersip/2023\nLampiran : -"
    assert extract_metadata(text).nomor.value == "005/12/DISPERSIP/2023"
    # no year at the end: a subject or an address line, not a number
    assert not extract_metadata(HEAD + ": Dispersip/2025\nLampiran : -").nomor.present


def test_attendance_list_is_dated_by_its_meeting_and_a_schedule_is_not():
    text = ("DAFTAR HADIR\nBIMBINGAN TEKNIS PENGELOLAAN ARSIP\nHari/Tanggal : Kamis, 18 Mei 2023\n"
            "Tempat : Aula Dinas\nNo Nama Unsur Tanda Tangan\n1 Jumberi Staf\n2 Saberi Arsiparis")
    md = extract_metadata(text)
    assert md.tanggal.value == "2023-05-18"
    schedule = ("JADWAL PEMBINAAN PERPUSTAKAAN\nNo Hari/Tanggal Waktu Tempat\n"
                "1 Kamis, 31-08-2023 09.00-12.00 Perpustakaan Desa Sinam\n2 Senin, 04-09-2023 09.00 Desa Binjai")
    assert not extract_metadata(schedule).tanggal.present


def test_repaired_month_that_agrees_with_the_letter_is_kept():
    text = HEAD + "Nomor : 045/112/DISPERSIP/111/2024\nParingin, 12 Maret 2024\nHal : Undangan"
    assert extract_metadata(text).nomor.value == "045/112/DISPERSIP/III/2024"


def test_one_digit_sequence_number_read_as_a_letter_is_left_empty():
    text = HEAD + "Nomor: S/Perpusdes/V/2025\nSifat : Biasa\nLok Muhu, 20 Mei 2025"
    md = extract_metadata(text)
    assert not md.nomor.present  # "5" read as "S": never guessed back
    assert any(r.startswith("nomor:") for r in md.review)
    assert extract_metadata(text.replace("S/", "5/")).nomor.value == "5/Perpusdes/V/2025"


def test_unit_code_with_a_glyph_read_twice_is_no_number():
    from ingest.nomor import normalise_nomor

    # "Blg" read as "B1g9": 'l' as '1', and 'g' both as itself and as '9' ("Blgg" would be a wrong number)
    assert normalise_nomor("200/BAST/Dispersip-B1g9/111/2025") == (None, False)
    assert normalise_nomor("000.4.6.3/100/Dispersip-B19/I/2023")[0] == "000.4.6.3/100/Dispersip-Blg/I/2023"
