"""A number row no reading gives whole, voted character by character (``fieldread.aligned_number``), where the
readings err in three kinds the unseen sets' photos, low-resolution scans and flatbed pages show (photonomor28):
- the '/' before the year lost by most readings ("Dispersip2023"): damage, not a number without its year;
- a dot of the classification code lost by most readings ("000.47.1"): readings lose dots and do not add one, so
  the readings that keep it give the print;
- one letter of the unit code split between readings ("Blg", "Blp", "Blw", "BlK"): the kop names the office the
  code abbreviates, and the one spelling of it the readings give most is taken, shown to a clerk.
Written readings of those kinds, through ``settle`` with the real extractor."""
from __future__ import annotations

from test_fieldread import _record, settled_number

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.nomor import CODE_CONFIDENCE, CODE_FROM_LETTERHEAD

KOP = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN"
OTHER_KOP = "PEMERINTAH KABUPATEN TABALONG\nDINAS PERPUSTAKAAN DAN KEARSIPAN"  # spells no "B?g"


def _settled(rows, witness=(), sharpened=(), date: str = "Paringin, 20 Februari 2023", kop: str = KOP):
    return settled_number(kop, rows, witness, sharpened, date)


# ---------------------------------------------------------------- the '/' before the year lost

GLUED = ["No. : 41/101/Dispersip/2023",  # the page's line lost the code's leading zero: emptied
         "No. : 041/101/Dispersip2023 Kepada Yth. Lurah Teluk Najeje",
         "No. : 041/101/Dispersip2023 Kepada Yth. Lurah Teluk Najeje",
         "Ko. | : 04L/101/Dispersip/2023 | Kepada Yih. Larah Teluk Kajeje"]
GLUED_WITNESS = ["No. :041/101/Dispersip 2023 Kepada Yth. Lurah Teluk Najeje",
                 "No. :081/101/Dispersip/2023 Kepada Yth. Lurah Teluk Najeje",
                 "No. :041/101/Dispersip2023 Kepada Yih. Lurah Teluk Najeje"]


def test_a_year_glued_to_its_word_is_no_number_without_a_year():
    after = _settled(GLUED, GLUED_WITNESS)
    assert after.nomor.value == "041/101/Dispersip/2023"
    assert after.nomor.confidence == fieldread.ALIGNED_CONFIDENCE
    assert "dibaca ulang per karakter" in after.nomor.reason


def test_no_reading_with_the_slash_leaves_it_empty():
    rows = [GLUED[0], *(r.replace("Dispersip/2023", "Dispersip2023") for r in GLUED[1:])]
    assert not _settled(rows, [w.replace("Dispersip/2023", "Dispersip 2023") for w in GLUED_WITNESS]).nomor.present


def test_the_year_against_the_letter_still_counts():
    """The reading with the '/' gives 2023; a letter of 2024 refutes it."""
    assert not _settled(GLUED, GLUED_WITNESS, date="Paringin, 20 Februari 2024").nomor.present


def test_glued_year_table():
    assert fieldread._YEAR_GLUED.search("041/101/Dispersip2023")
    assert fieldread._YEAR_GLUED.search("041/101/Dispersip 2023")
    assert not fieldread._YEAR_GLUED.search("041/101/Dispersip/2023")
    assert not fieldread._YEAR_GLUED.search("041/101/Dispersip/ 2023")
    assert not fieldread._YEAR_GLUED.search("400.14/2023")


# ---------------------------------------------------------------- a code's dot lost by most readings

DOTTED = "000.4.7.1/454/Bid.LPP/DISPERSIP/VI/2025"
JUNE = "Paringin, 24 Juni 2025"
LOST = ["NO, : 000.4,7. 1/454/Bid.LPP/DISPERSIP/VI/2025",  # Tesseract doubted the code: emptied
        "NO, : 000.47. 1/454/Bid.LPP/DISPERSIP/VI/2025",
        "NO. : 000.7. 1/45/Bid.LPP/DISPERSIP/VI/2025",
        "NO. : 000.47. 1/454/Bid.LPP/DISPERSIP/VI/2025",
        "NO, : 000.4, 7. 1/454/Bid.LPP/DISPERSIP/VI/2025"]
LOST_WITNESS = ["NO. : 000.47. 1/454/Bid.LPP/DISPERSIP/V1/2025", "NO. : 000.47. 1/45 4/Bid.LPP/DISPERSIP/V1/2025",
                "NO. : 000.47. 1/454/Bid.LPP/DISPERSIP/V1/2025"]
LOST_SHARPENED = ["NO, : 000.47. 1/454/Bid.LPP/DISPERSIP/VI1/2025", "NO. : 000.47. 1/454/Bid.LPP/DISPERSIP/V1/2025",
                  "NO. : 000.4,7.1/454/Bid.LPP/DISPERSIP/VI/2025", "NO. : 000.47. 1/454/Bid.LPP/DISPERSIP/V1/2025"]


def _settled_lost(rows, witness=LOST_WITNESS, sharpened=LOST_SHARPENED):
    page = rows[0].replace("/VI/", "/VV/")  # the page's own line misread its month too: extraction empties it
    return _settled([page, *rows[1:]], witness, sharpened, JUNE)


def test_the_dots_most_readings_lost_are_put_back_from_the_readings_that_keep_them():
    after = _settled_lost(LOST)
    assert after.nomor.value == DOTTED
    assert after.nomor.confidence == fieldread.ALIGNED_CONFIDENCE


def test_one_reading_with_the_dot_is_not_enough():
    rows = [LOST[0], *(r.replace("000.4, 7. 1", "000.47. 1") for r in LOST[1:])]
    sharpened = [r.replace("000.4,7.1", "000.47.1") for r in LOST_SHARPENED]
    assert not _settled_lost(rows, sharpened=sharpened).nomor.present


def test_the_dot_kept_only_by_the_sharpened_images_is_not_enough():
    rows = [r.replace("000.4, 7. 1", "000.47. 1").replace("000.4,7. 1", "000.47. 1") for r in LOST]
    assert not _settled_lost(rows, sharpened=[*LOST_SHARPENED, "NO. : 000.4.7.1/454/Bid.LPP/DISPERSIP/VI/2025"]
                             ).nomor.present


def test_readings_that_keep_the_dots_differently_leave_it_empty():
    rows = [*LOST[:4], LOST[4].replace("000.4, 7. 1", "00.04.7.1")]
    assert not _settled_lost(rows).nomor.present


def test_dots_restored_table():
    plain = ["000.4.7.1/454/A/2025", "000.47.1/454/A/2025"]
    assert fieldread._dots_restored("000.47.1/454/A/2025", plain, [*plain, "000.4.7.1/454/A/2025"]) \
        == "000.4.7.1/454/A/2025"
    assert fieldread._dots_restored("000.47.1/454/A/2025", plain, plain) == "000.47.1/454/A/2025"  # one reading
    assert fieldread._dots_restored("000.4.7.1/454/A/2025", plain, [*plain, *plain]) == "000.4.7.1/454/A/2025"


# ---------------------------------------------------------------- a code letter split between readings

SPLIT = ["NOMOR 000, 1. 5/291/Dispersip-Blg/V/2025",  # Tesseract doubted the code: emptied
         "NOMOR 000. 15/291/Dispersip-Blw/V/2025",
         "NOMOR 000.1.5/291/Dispersip-Blp/V/2025",
         "NOMOR 000. 1.5/291/Dispersip-Blg/V/2025",
         "NOMOR 000.1.5/29 /Dispersip-BlK/V/2025",
         "NOMOR 000.1.5/291/Dispersip-Blg/V/2025"]
SPLIT_WITNESS = ["NOMOR 000.1.5/291/Dispersip-Blg/V/2025", "NOMOR 000. 1.5/291/Dispersip-Blw/V/2025",
                 "NOMOR 000. 1.5/291/Dispersip-Blp/V/2025"]
MAY = "Paringin, 12 Mei 2025"


def _settled_split(rows, witness=SPLIT_WITNESS, kop=KOP):
    page = rows[0].replace("/V/", "/VV/")  # the page's own line misread its month too: extraction empties it
    return _settled([page, *rows[1:]], witness, (), MAY, kop)


def test_the_code_letter_the_kop_spells_and_most_readings_give_is_taken_for_review():
    after = _settled_split(SPLIT)
    assert after.nomor.value == "000.1.5/291/Dispersip-Blg/V/2025"
    assert after.nomor.confidence == CODE_CONFIDENCE
    assert CODE_FROM_LETTERHEAD in after.nomor.reason
    assert any(CODE_FROM_LETTERHEAD in r for r in after.review)


def test_a_kop_that_spells_no_candidate_leaves_it_empty():
    assert not _settled_split(SPLIT, kop="PEMERINTAH KABUPATEN TABALONG\nDINAS PERPUSTAKAAN DAN KEARSIPAN"
                              ).nomor.present


def test_the_kop_spelling_read_less_than_another_leaves_it_empty():
    rows = [SPLIT[0], *(r.replace("Blg", "Blp") for r in SPLIT[1:])]
    witness = [w.replace("Blw", "Blg") for w in SPLIT_WITNESS]
    assert not _settled_split(rows, witness).nomor.present


def test_a_split_in_two_places_leaves_it_empty():
    """The number's figures split too ("291", "297"): the kop settles one letter, never a place beside it."""
    rows = [SPLIT[0], *(r.replace("/291/", "/297/") for r in SPLIT[1:3]), *SPLIT[3:]]
    witness = [*(w.replace("/291/", "/297/") for w in SPLIT_WITNESS[:2]), SPLIT_WITNESS[2]]
    assert not _settled_split(rows, witness).nomor.present


def test_two_candidates_the_kop_spells_leave_it_empty():
    """"Bl" (a letter lost) is spelled by "Balangan" as well as "Blg": the kop cannot choose."""
    rows = [*SPLIT[:2], SPLIT[2].replace("Blp", "Bl"), SPLIT[3], SPLIT[4].replace("BlK", "Bl"), SPLIT[5]]
    assert not _settled_split(rows).nomor.present


# ---------------------------------------------------------------- a '/' most readings lost, some kept

RUN = ["NOMOR: 400.14019/Kec-TT/TV/2025",  # the code run into the serial figures, and the month misread: emptied
       "NOMOR: 400.14019/Kec-TT/IV/2025",
       "NOMOR : 400.14019/Kec-TT/IV/2025",
       "NOMOR 2 40014019/Kec-TT/IV/2025"]
RUN_WITNESS = ["NOMOR : 400.14/019/Kec-TT/1V/2025", "NOMOR : 400.14019/Kec-TT:1V/2025",
               "NOMOR — : 4#00.14/019/Kec-TT/1V/2025"]
APRIL = "Tebing Tinggi, 16 April 2025"
TT_KOP = "PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN TEBING TINGGI"


def test_a_slash_most_readings_lost_is_kept_from_the_readings_that_read_it():
    """"400.14019" is no number (the code runs into the serial figures); two readings read the '/': it is print,
    as readings lose a '/' and do not add one."""
    after = _settled(RUN, RUN_WITNESS, date=APRIL, kop=TT_KOP)
    assert after.nomor.value == "400.14/019/Kec-TT/IV/2025"
    assert after.nomor.confidence == fieldread.ALIGNED_CONFIDENCE


def test_one_reading_with_the_slash_is_not_enough():
    witness = [RUN_WITNESS[0], *(w.replace("14/019", "14019") for w in RUN_WITNESS[1:])]
    assert not _settled(RUN, witness, date=APRIL, kop=TT_KOP).nomor.present


def test_a_slash_kept_where_the_glued_reading_is_a_number_too_leaves_it_empty():
    """Both "000.1/2345/Kec-TT/IV/2025" and "000.1/23/45/Kec-TT/IV/2025" are numbers the extractor gives: the '/'
    two readings keep makes the gap a doubt, not a choice, and a doubt between two numbers leaves it empty."""
    rows = ["NOMOR : 000.1/2345/Kec-TT/VV/2025", "NOMOR : 000.1/2345/Kec-TT/IV/2025",
            "NOMOR : 000.1/2345/Kec-TT/IV/2025", "NOMOR : 000.1/23/45/Kec-TT/IV/2025"]
    witness = ["NOMOR : 000.1/23/45/Kec-TT/IV/2025", "NOMOR : 000.1/2345/Kec-TT/IV/2025"]
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), {}, {}, len(rows), witness=tuple(witness))
    assert fieldread.aligned_number([line.to_json()], "2025-04-16") is None
    rows = [*rows[:3], rows[3].replace("23/45", "2345")]  # one reading keeps the '/': the majority is taken
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), {}, {}, len(rows), witness=tuple(witness))
    assert fieldread.aligned_number([line.to_json()], "2025-04-16").value == "000.1/2345/Kec-TT/IV/2025"


def test_a_month_glued_to_the_code_read_apart_by_two_readings():
    rows = ["NOMOR 421. 5132/SPS-51V/2023", "NOMOR: 421. 5132/SPS-5/IV/2023", "NOMOR : 21.213Z/SPS-SIV/2023",
            "NOMOR: 421.2/132/SPS-5/IV/2023"]
    witness = ["NOMOR : 421.2/132/SPS-51V/2023", "NOMOR : 421.21132/SPS-51V/2023", "NOMOR : 421.2/132/SPS-51V/2023"]
    after = _settled(rows, witness, date="Paringin, 17 April 2023")
    assert after.nomor.value == "421.2/132/SPS-5/IV/2023"


def test_aligned_vote_keeps_a_slash_some_readings_read_in_doubt():
    values = ["400.14019/A", "400.14019/A", "400.14019/A", "400.14/019/A", "400.14/019/A"]
    plain = fieldread.aligned_vote(values)
    kept = fieldread.aligned_vote(values, "/")
    assert all(len(p) == 1 for p in plain)
    assert [p for p in kept if len(p) > 1] == [["", "/"]]
    assert all(len(p) == 1 for p in fieldread.aligned_vote([*values[:4], "400.14019/A"], "/"))  # one reading


# ---------------------------------------------------------------- a code's middle letter lost, a mark in its place

BG = "NOMOR : 000.4.7.1/392/Dispersip-B. g/V/202Kepada Yth. Kepala SMPN 8"  # "Blg" on a photocopy, its 'l' faded


def test_a_code_whose_middle_letter_a_mark_replaced_is_not_completed():
    """The year cut by the addressee column is put back from the date only for a number otherwise read whole:
    "Dispersip-B.g" (the 'l' of "Blg" lost) is damage, not a code, so the number stays empty."""
    rows = [BG, BG.replace("B. g", "B.g"), BG, BG.replace("B. g", "B.g"), BG.replace("B. g", "B g")]
    after = _settled(rows, date="Paringin, 11 Mei 2023", kop=OTHER_KOP)
    assert not after.nomor.present
    # under a kop that spells the code with the lost letter, the letter is put back and the number flagged for
    # review (fieldnomor30, ``fieldread.thin_restored_number``)
    kop_read = _settled(rows, date="Paringin, 11 Mei 2023")
    assert kop_read.nomor.value == "000.4.7.1/392/Dispersip-Blg/V/2023"
    assert kop_read.nomor.confidence <= fieldread.COMPLETED_CONFIDENCE
    assert any(r.startswith("nomor:") for r in kop_read.review)
    whole = [r.replace("B. g", "Blg").replace("B.g", "Blg").replace("B g", "Blg") for r in rows]
    assert _settled(whole, date="Paringin, 11 Mei 2023").nomor.value == "000.4.7.1/392/Dispersip-Blg/V/2023"


def test_lone_small_letter_table():
    assert fieldread.broken("000.4.7.1/392/Dispersip-B.g/V/2023")
    assert fieldread.broken("000.4.7.1/392/Dispersip-B g/V/2023")
    assert not fieldread.broken("000.4.7.1/392/Dispersip-Blg/V/2023")
    assert not fieldread.broken("520/306.b- Sekr./DKP3")  # a letter after figures: a sub-number, printed so
    assert not fieldread.broken("000.4.6.3/207/Bid.LPP/DISPERSIP/I/2023")


# ---------------------------------------------------------------- a year the next column's word was printed over

OVER = "NOMOR : 000.4.7.1/199/Dispersip-Blg/VII/208Bpada Yth. Pimpinan Pondok"
OVER_ROWS = [OVER, OVER.replace("208Bpada", "20KBpada").replace("VII", "VI!"), OVER.replace("208Bpada", "2088pada"),
             OVER]
OVER_WITNESS = [OVER.replace("208Bpada", "20B28pada").replace("VII", "VI1"),
                OVER.replace("208Bpada", "20Repada").replace("Blg", "Bly"),
                OVER.replace("208Bpada", "20B28pada").replace("VII", "V11")]
JULY = "Paringin, 31 Juli 2023"


def test_a_year_printed_over_by_the_next_column_is_put_back_from_the_date_for_review():
    after = _settled(OVER_ROWS, OVER_WITNESS, date=JULY)
    assert after.nomor.value == "000.4.7.1/199/Dispersip-Blg/VII/2023"
    assert after.nomor.confidence == fieldread.COMPLETED_CONFIDENCE
    assert fieldread.OVERPRINTED_REVIEW in after.review


def test_a_letter_dated_in_another_month_leaves_it_empty():
    assert not _settled(OVER_ROWS, OVER_WITNESS, date="Paringin, 31 Agustus 2023").nomor.present


def test_figures_the_readings_begin_alike_that_do_not_begin_the_date_year_leave_it_empty():
    line = fieldread.LineReading("nomor", OVER_ROWS[0], tuple(OVER_ROWS[1:]), {}, {}, len(OVER_ROWS),
                                 witness=tuple(OVER_WITNESS)).to_json()
    assert fieldread.complete_overprinted_year([line], "2023-07-31").value == "000.4.7.1/199/Dispersip-Blg/VII/2023"
    rows = [r.replace("/20", "/21") for r in OVER_ROWS]
    witness = [w.replace("/20", "/21") for w in OVER_WITNESS]
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), {}, {}, len(rows), witness=tuple(witness)).to_json()
    assert fieldread.complete_overprinted_year([line], "2023-07-31") is None


def test_a_sequence_number_read_otherwise_by_the_page_model_leaves_it_empty():
    rows = [*OVER_ROWS[:3], OVER_ROWS[3].replace("/199/", "/198/")]
    assert not _settled(rows, OVER_WITNESS, date=JULY).nomor.present


def test_too_few_readings_run_into_the_word_leave_it_empty():
    rows = [OVER_ROWS[0], *(r.replace("/VII/", "/VIl/").replace("pada", " Kepada") for r in OVER_ROWS[1:])]
    witness = [w.replace("pada", " Kepada") for w in OVER_WITNESS]
    assert not _settled(rows, witness, date=JULY).nomor.present


def test_a_damaged_code_is_not_completed():
    rows = [r.replace("Blg", "B g") for r in OVER_ROWS]
    witness = [w.replace("Blg", "B g") for w in OVER_WITNESS]
    assert not _settled(rows, witness, date=JULY, kop=OTHER_KOP).nomor.present  # no kop spells "B?g" (fieldnomor30)


# ---------------------------------------------------------------- the character vote run again once the date is read

def _dated_settled(date_rows, number_rows=RUN, witness=RUN_WITNESS):
    """A letter whose place-date row's readings agree on the day and month but not the year (the number row gives
    it, ``date_by_number_year``), and whose number row no reading gives whole."""
    text = f"{TT_KOP}\n{number_rows[0]}\n{date_rows[0]}\nHal : Undangan"
    metadata = extract_metadata(text)
    assert not metadata.tanggal.present and not metadata.nomor.present
    lines = [fieldread.LineReading("tanggal", date_rows[0], tuple(date_rows[1:]), {}, {}, len(date_rows)).to_json(),
             fieldread.LineReading("nomor", number_rows[0], tuple(number_rows[1:]), {}, {}, len(number_rows),
                                   witness=tuple(witness)).to_json()]
    return fieldread.settle(metadata, text, [_record(lines)])


def test_a_number_voted_once_its_row_gave_the_letter_its_year():
    after = _dated_settled(["Tebing Tinggi, 16 April 2O2?", "Tebing Tinggi, 16 April 2025",
                            "Tebing Tinggi, 16 April 2021"])
    assert after.tanggal.value == "2025-04-16"
    assert fieldread.YEAR_BY_NUMBER in after.tanggal.reason
    assert after.nomor.value == "400.14/019/Kec-TT/IV/2025"
    assert after.nomor.confidence == fieldread.ALIGNED_CONFIDENCE


def test_a_date_in_another_month_than_the_number_leaves_it_empty():
    after = _dated_settled(["Tebing Tinggi, 16 Mei 2O2?", "Tebing Tinggi, 16 Mei 2025", "Tebing Tinggi, 16 Mei 2021"])
    assert after.tanggal.value == "2025-05-16"
    assert not after.nomor.present
