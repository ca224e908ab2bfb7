"""An attendance list's "Hari/Tanggal : Kamis, 11 Januari 2024" whose colon OCR read as a stroke standing alone
before the day's name ("Hari/Tanggal 1 Kamis, ..."): the list is still dated by its meeting (held_out_3201's
flatbed daftar hadir had no date). A stroke before a word that is no day's name is still no label."""
import pytest

from ingest.metadata import extract_metadata


@pytest.mark.parametrize("label,dated", [("Hari/Tanggal 1 Kamis, 11 Januari 2024", True),
                                         ("Hari/Tanggal l Kamis, 11 Januari 2024", True),
                                         ("Hari / Tanggal | Kamis, 11 Januari 2024", True),
                                         ("Hari/Tanggal 1 Kegiatan 11 Januari 2024", False)])
def test_attendance_list_date_whose_colon_ocr_read_as_a_stroke(label, dated):
    text = f"DAFTAR HADIR\nSOSIALISASI PROGRAM BuRT\n{label}\nTempat : Balai Desa\nNo Nama Jabatan Tanda Tangan\n"
    md = extract_metadata(text + "1 Mulyadi Kepala Desa\n2 Salasiah Kader\n")
    assert md.tanggal.value == ("2024-01-11" if dated else None), md.tanggal
