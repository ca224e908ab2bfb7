"""Number and date failures seen on the generated set held_out_2001 (issue 17, twelfth session): a year cut
short and glued to the next column's word, a berita acara's date in words whose figures Tesseract doubted
though the words spell the same date, a date in words whose "tahun" OCR lost. Synthetic text (and word
confidences as Tesseract gives them), never a sample's file."""
from __future__ import annotations

from ingest.metadata import extract_metadata
from ingest.model import Word
from ingest.nomor import normalise_nomor

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"


def _words(text: str, confs: dict[str, float]) -> list[Word]:
    return [Word(tok, confs.get(tok, 95.0), (0, 0, 10, 10), n)
            for n, line in enumerate(text.splitlines()) for tok in line.split()]


def test_year_cut_short_and_glued_to_the_next_columns_word_is_not_kept():
    # "…/V/202Kepada": the year's last digit lost where the addressee column ran on; "202Kepada" was kept whole
    assert normalise_nomor("000.4.6.2/249/Dispersip-Blg/V/202Kepada") == ("000.4.6.2/249/Dispersip-Blg/V/202", True)
    line = "No. : 000.4.6.2/249/Dispersip-Blg/V/202Kepada Yth. Pimpinan Pondok"
    text = HEAD + "Paringin, 24 Mei 2024\n" + line + "\nLampiran: -\nPerihal: Jawaban atas Permohonan\n"
    md = extract_metadata(text, _words(text, {"000.4.6.2/249/Dispersip-Blg/V/202Kepada": 78.0}))
    assert not md.nomor.present and any(r.startswith("nomor:") and "202" in r for r in md.review)
    whole = text.replace("/202Kepada", "/2024Kepada")  # the whole year is still cut at its end and kept
    assert extract_metadata(whole).nomor.value == "000.4.6.2/249/Dispersip-Blg/V/2024"


BA = ("BERITA ACARA SERAH TERIMA BUKU\nNomor : BA-067/DISPERSIP/2024\nPada hari ini Kamis tanggal Enam bulan Juni "
      "tahun Dua Ribu Dua Puluh Empat (06-06-2024),\nbertempat di Kantor Dinas Perpustakaan\n")


def test_figures_doubted_but_spelled_alike_in_words_are_a_sure_date():
    md = extract_metadata(BA, _words(BA, {"(06-06-2024),": 68.0}))
    assert md.tanggal.value == "2024-06-06" and not any(r.startswith("tanggal:") for r in md.review)
    # the words spell another day than the doubted figures: the figures' doubt stands, the date stays empty
    other = BA.replace("tanggal Enam", "tanggal Delapan")
    md = extract_metadata(other, _words(other, {"(06-06-2024),": 68.0}))
    assert not md.tanggal.present and any(r.startswith("tanggal:") for r in md.review)


def test_words_date_whose_tahun_ocr_lost_is_kept_through_its_figures():
    text = ("PERJANJIAN KERJA SAMA\nNOMOR : 91/PP-BI/SP/2024\nPada hari ini Senin tanggal Dua Puluh Sembilan bulan "
            "April Dua Ribu\nDua Puluh mpat (29-04-2024), bertempat di Ruang Kepala\n")
    assert extract_metadata(text).tanggal.value == "2024-04-29"
    # figures of another month than the month in words: no date taken from them
    assert extract_metadata(text.replace("(29-04-2024)", "(29-05-2024)")).tanggal.value != "2024-05-29"
    # "bulan" read "bi lan": the figures and the month word still agree
    damaged = ("BERITA ACARA SERAH TERIMA BUKU\nNomor 33/BAST/Dispersip-BI j/IV/2024\nPada hari ini Senin tanggal Dua "
               "Puluh Sembilan bi lan April tahun Dua Ribu Dua\nPuluh Empat (29-04-2024), bertempat di Kantor\n")
    assert extract_metadata(damaged).tanggal.value == "2024-04-29"
    # "tahun" read with a speck in it ("t: hun") and a speck ending the line: the same
    specks = damaged.replace("bi lan", "bulan").replace("tahun Dua Ribu Dua\n", "t: hun Dua Ribu Dua |\n")
    assert extract_metadata(specks).tanggal.value == "2024-04-29"
    assert extract_metadata(specks.replace("(29-04-2024)", "(29-05-2024)")).tanggal.value is None


def test_rereadings_that_all_lose_the_years_last_digit_do_not_settle_the_number():
    # every re-reading of the row ran the addressee column onto the year the same way: "202" is no year
    from ingest.fieldread import broken, confirm_by_segments

    row = "No. : 000.4.6.2/249/Dispersip-Blg/V/202Kepada Yth. Pimpinan Pondok"
    line = {"field": "nomor", "page_line": row, "readings": [row.replace("No. :", "No.:"), row, row, row]}
    assert confirm_by_segments([line], "2024-05-24") is None
    assert broken("000.4.6.2/249/Dispersip-Blg/V/202") and not broken("000.4.6.2/249/Dispersip-Blg/V/2024")


def test_year_of_two_digits_after_the_roman_month_is_cut_short():
    # "…/IV/20 Kepada Yth.": the addressee column printed over the year's last digits, read at 84 (held_out_1901)
    line = "NOMOR : 000.4.7.1/330/Dispersip-Blg/IV/20 Kepada Yth. Kepala MI Nurul Ihsan"
    text = HEAD + "Paringin, 27 APRIL 2023\n" + line + "\nPERIHAL: Hasil Rapat Koordinasi\n"
    md = extract_metadata(text, _words(text, {"000.4.7.1/330/Dispersip-Blg/IV/20": 84.0}))
    assert not md.nomor.present and any(r.startswith("nomor:") for r in md.review)
    from ingest.nomor import year_cut_short

    assert year_cut_short("000.4.7.1/330/Dispersip-Blg/IV/20") and year_cut_short("12/SK/202")
    assert not year_cut_short("000.4.7.1/330/Dispersip-Blg/IV/2023") and not year_cut_short("800/20")
    assert not year_cut_short("045/12/DISPERSIP/20")  # no month before it: a sequence number, not a year


def test_serif_i_read_as_t_in_the_roman_month():
    assert normalise_nomor("400.10/91/DPMD/TV/2024") == ("400.10/91/DPMD/IV/2024", True)
    assert normalise_nomor("12/SK/TII/2024") == ("12/SK/III/2024", True)
    assert normalise_nomor("12/SK/T/2024")[0] == "12/SK/T/2024"  # a 'T' alone is no numeral
    assert normalise_nomor("12/SK/TVT/2024")[0] == "12/SK/TVT/2024"  # no month I-XII either way
    text = HEAD + "Paringin, 8 April 2024\nNo. : 400.10/91/DPMD/TV/2024\nPerihal: Permohonan\n"
    assert extract_metadata(text).nomor.value == "400.10/91/DPMD/IV/2024"


REPORT = ("LAPORAN PENDAMPINGAN\nA. Pendahuluan\nPetugas terjun langsung ke lapangan.\nB. Pelaksanaan\n"
          "Pendampingan dilaksanakan pada hari Rabu, 15 Oktober 2025 di Taman Bacaan.\n"
          + "".join(f"{k}. Buku induk telah diisi oleh pengelola.\n" for k in range(1, 16))
          + "Laporan ini dibuat untuk dapat dipergunakan sebagaimana mestinya.\n\n{date}\nPelaksana Kegiatan,\n\n"
          "Bahrul Ulum, S.Pd.\nNIP 196910261999011003\n")


def test_signature_date_whose_place_ocr_lost_dates_the_letter():
    md = extract_metadata(REPORT.format(date="15 Oktober 2025"))
    assert md.tanggal.value == "2025-10-15" and "jabatan penanda tangan" in md.tanggal.reason
    # the place read without its comma, the month misread: still the signature's date
    assert extract_metadata(REPORT.format(date="Paringin 18 Joni 2025")).tanggal.value == "2025-06-18"
    # a date alone on a line that no signer's role follows stays a date of the body
    body = REPORT.format(date="15 Oktober 2025").replace("Pelaksana Kegiatan,", "kegiatan berjalan lancar")
    assert not extract_metadata(body).tanggal.present


def test_place_date_whose_space_before_the_month_is_read_as_a_dot():
    text = HEAD + "Nomor : 800/125/MRJST-6/2023\nPerihal : Permohonan\n\nAwayan, 26.Juni 2023\nKepala Madrasah,\n"
    assert extract_metadata(text).tanggal.value == "2023-06-26"
