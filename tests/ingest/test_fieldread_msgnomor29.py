"""A number whose readings settle every segment but its Roman month, the month's strokes counted differently by
each reading ("VI1", "VIM", "VIN", "VIIV" beside "V111" and "VII1" for a "VIII": a messenger photo's blur runs two
strokes into an M or an N and drops or splits others), taken with the letter's own month when enough readings
read that month and every other reading of it is no month or a month only its strokes' count sets apart
(``fieldread.month_by_date``, msgnomor29). Written readings of that kind, through ``settle`` with the real
extractor. Last, such a number checked against the month and year every reading of the letter's date row gives,
where the date itself stays empty for a day its readings split on (``fieldread.month_agreed``)."""
from __future__ import annotations

from dataclasses import replace

from test_fieldread import _record, settled_number

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Field

KOP = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN"
NUMBER = "000.1.5/218/Dispersip-Blg/VIII/2024"
AUGUST = "Paringin, 12 Agustus 2024"
ROWS = ["NOMOR : 000.1,5/218/Dispersip-Bly/VIIV/2024",  # the page's line: no month I-XII, emptied
        "NOMOR : 000.1.5/238/Dispersip-Bly/VIM/2024",  # the other segments damaged here and there, as read
        "NOMOR : 000.1.5/218/Dispersip-Blg/VII1/2024",
        "NOMOR : 000,1.5/218/Dispersip-Bly/VIN/2024",
        "NOMOR : 000.1.5/218/Dispersip-Blg/V1IV2024"]
WITNESS = ["NOMOR : 000.1.5/218/Dispersip-Blg/VI1/2024", "NOMOR : 000.1.5/218/Dispersip-Blg/V111/2024",
           "NOMOR : 000.1.5/218/Dispersip-Blg/VI1/2024"]
SHARPENED = ["NOMOR : 000.1.5/218/Dispersip-Blg/VIM/2024", "NOMOR : 000.1.5/218/Dispersip-Blg/VI1/2024"]


def _settled(rows, witness=(), sharpened=(), date: str = AUGUST):
    return settled_number(KOP, rows, witness, sharpened, date)


def _months(readings, old: str, new: str):
    return [r.replace(old, new) for r in readings]


def test_the_letters_month_among_strokes_counted_differently_is_taken_and_flagged():
    after = _settled(ROWS, WITNESS, SHARPENED)
    assert after.nomor.value == NUMBER
    assert after.nomor.confidence == fieldread.COMPLETED_CONFIDENCE
    assert "dipilih menurut tanggal surat" in after.nomor.reason
    assert fieldread.MONTH_BY_DATE_REVIEW in after.review


def test_one_reading_of_the_letters_month_is_not_enough():
    assert not _settled(_months(ROWS, "/VII1/", "/VI1/"), WITNESS, SHARPENED).nomor.present


def test_the_letters_month_read_only_by_the_sharpened_images_is_not_enough():
    rows, witness = _months(ROWS, "/VII1/", "/VIN/"), _months(WITNESS, "/V111/", "/VIM/")
    sharpened = ["NOMOR : 000.1.5/218/Dispersip-Blg/VIII/2024", "NOMOR : 000.1.5/218/Dispersip-Blg/V111/2024"]
    assert not _settled(rows, witness, sharpened).nomor.present


def _line(rows, witness=(), sharpened=()):
    values, votes = fieldread.vote(rows)
    return fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), values, votes, len(rows),
                                 witness=tuple(witness), sharpened=tuple(sharpened)).to_json()


def test_a_reading_of_another_kind_of_month_leaves_it_empty():
    """"IX" is no "VIII" with its strokes counted otherwise: the readings name two months."""
    assert fieldread.month_by_date([_line(ROWS, WITNESS, SHARPENED)], "2024-08-12") is not None
    assert fieldread.month_by_date([_line(_months(ROWS, "/VIN/", "/IX/"), WITNESS, SHARPENED)], "2024-08-12") is None


def test_a_letter_of_a_month_no_reading_gives_leaves_it_empty():
    assert not _settled(ROWS, WITNESS, SHARPENED, date="Paringin, 12 September 2024").nomor.present


def test_no_letter_date_leaves_it_empty():
    assert not _settled(ROWS, WITNESS, SHARPENED, date="").nomor.present


def test_a_year_not_the_letters_leaves_it_empty():
    assert not _settled(ROWS, WITNESS, SHARPENED, date="Paringin, 12 Agustus 2025").nomor.present


def test_a_digit_the_readings_split_on_leaves_it_empty():
    """The serial number read "218" by half the readings and "278" by the others: two numbers, none taken."""
    rows = [ROWS[0], *(_months(ROWS[1:3], "/218/", "/278/")), *ROWS[3:]]
    witness = [WITNESS[0], *_months(WITNESS[1:], "/218/", "/278/")]
    sharpened = [SHARPENED[0], *_months(SHARPENED[1:], "/218/", "/278/")]
    assert fieldread.month_by_date([_line(rows, witness, sharpened)], "2024-08-12") is None
    assert not _settled(rows, witness, sharpened).nomor.present


def test_a_month_most_readings_give_whole_is_left_to_the_vote_before():
    """Read "VIII" by most readings: the character vote takes it as read, at its own confidence."""
    rows = _months(ROWS, "/VIM/", "/VIII/")
    after = _settled(_months(rows, "/VIN/", "/VIII/"), _months(WITNESS, "/VI1/", "/VIII/"), SHARPENED)
    assert after.nomor.value == NUMBER
    assert fieldread.MONTH_BY_DATE_REVIEW not in after.review


def test_strokes_apart_table():
    assert fieldread._strokes_apart("VIII", "VII")
    assert fieldread._strokes_apart("VII", "VIII")
    assert fieldread._strokes_apart("VI", "V")
    assert fieldread._strokes_apart("IX", "X")
    assert fieldread._strokes_apart("II", "III")
    assert not fieldread._strokes_apart("IV", "VI")
    assert not fieldread._strokes_apart("VIII", "IX")
    assert not fieldread._strokes_apart("XI", "IX")
    assert not fieldread._strokes_apart("VIII", "VIII")


# ---------------------------------------------------------------- the last stroke run into the '/' as a W or a Y

GLUED = ["No, :000.4.6.2/305/Dispersip-Blg/VTIW/2024",  # the page's line: no month I-XII, emptied
         "No, 000.6.2/305/Dispersip-Big/VI1W/2024",
         "No, 000.46.2/305/Dispersip-Big/VTIY2024",
         "No, 000.4,6.2/305/Dispersip-Blg/VIti/2024",
         "No, 10004.6.2/305/Dispersip-Big/VIIW2024"]
GLUED_WITNESS = ["No. : 000.4.6.2/305/Dispersip-Big/VIti2024", "No. : 000.4.6.2/305/Dispersip-Big/ VII 2024",
                 "No, i 000.4.6.2/305/Dispersip-Blg/VIlif2024"]
GLUED_SHARPENED = ["No, 000.4,6.2/305/Dispersip-Big/VII/2024", "No, : 000.4.6.2/305/Dispersip-Blg/VIII/2024"]


def test_a_w_after_the_months_strokes_is_its_last_stroke():
    after = _settled(GLUED, GLUED_WITNESS, GLUED_SHARPENED)
    assert after.nomor.value == "000.4.6.2/305/Dispersip-Blg/VIII/2024"
    assert after.nomor.confidence == fieldread.COMPLETED_CONFIDENCE
    assert fieldread.MONTH_BY_DATE_REVIEW in after.review


def test_without_the_ws_the_one_sharpened_reading_is_not_enough():
    rows = [r.replace("VIIW", "VIIM").replace("VI1W/", "VI1M/") for r in GLUED]
    assert not _settled(rows, GLUED_WITNESS, GLUED_SHARPENED).nomor.present


def test_month_read_table():
    assert fieldread._month_read("VIIW") == "VIII"
    assert fieldread._month_read("VI1Y") == "VIII"
    assert fieldread._month_read("VW") == "VI"
    assert fieldread._month_read("V1l") == "VII"
    assert fieldread._month_read("VIN") == "VIN"  # an N stood for one stroke, two, or an X: not read
    assert fieldread._month_read("W") == "W"
    assert fieldread._head_before_month("000.4.6.2/305/Dispersip-Big/VTIY2024") == "000.4.6.2/305/Dispersip-Big"
    assert fieldread._head_before_month("000.4.6.2/305/Dispersip-Big/ VII 2024") == "000.4.6.2/305/Dispersip-Big"
    assert fieldread._head_before_month("000.4.6.2/305/Dispersip-Big/VII/202S") == "000.4.6.2/305/Dispersip-Big"
    assert fieldread._head_before_month("000.4.6.2/305") is None


# ---------------------------------------------------------------- the date's month and year agreed, its day not

NO_MONTH = ["NO. : 900. 1/417/Dispersip/20Z4",  # the page's line: a doubtful year, emptied
            "NO. : 900.1/41/Dispersip/2024", "NO. : 900. 1/417/Dispersip/2024", "NO. : 900.1/417/Dispersip/2024",
            "NO. : 900.1/417/Dispersip/2024"]
NO_MONTH_WITNESS = ["NO. : 900.1/417/Dispersip/2024", "NO. : 9010. 1/417/Dispersip/2024",
                    "NO. : 900.1/417/Dispersip/2024"]
DAY_SPLIT = ["Paringin, 28 Februari 2024", "Paringin, 26 Februari 2024", "Paringin, 26 Februari 2024",
             "Paringin, 20 Februari 2024", "Paringin, 26 Februari 2024"]
EMPTIED = ("dikosongkan karena tidak pasti ('2024-02-28'): tempat dan tanggal surat (Paringin), di kepala surat; "
           "OCR ragu pada '28' (71)")


def _day_split(dates=DAY_SPLIT, reason: str = EMPTIED):
    text = f"{KOP}\n{NO_MONTH[0]}\nHal : Undangan"
    metadata = extract_metadata(text)
    assert not metadata.nomor.present and not metadata.tanggal.present
    metadata = replace(metadata, tanggal=Field(None, 0.7, reason))
    values, votes = fieldread.vote(NO_MONTH)
    number = fieldread.LineReading("nomor", NO_MONTH[0], tuple(NO_MONTH[1:]), values, votes, len(NO_MONTH),
                                   witness=tuple(NO_MONTH_WITNESS)).to_json()
    values, votes = fieldread.vote(dates)
    date = fieldread.LineReading(fieldread.CHECKED, dates[0], tuple(dates[1:]), values, votes, len(dates)).to_json()
    return fieldread.settle(metadata, text, [_record([number, date])])


def test_a_number_checked_against_the_month_and_year_every_date_reading_gives():
    after = _day_split()
    assert after.nomor.value == "900.1/417/Dispersip/2024"
    assert not after.tanggal.present  # the day is still split: the date stays empty


def test_a_date_reading_of_another_month_leaves_the_number_empty():
    assert not _day_split([*DAY_SPLIT[:3], "Paringin, 26 Maret 2024", DAY_SPLIT[4]]).nomor.present


def test_a_date_reading_of_another_year_leaves_the_number_empty():
    assert not _day_split([*DAY_SPLIT[:3], "Paringin, 26 Februari 2023", DAY_SPLIT[4]]).nomor.present


def test_too_few_date_readings_leave_the_number_empty():
    assert not _day_split(["Paringin, 28 Februari 2024", "Paringin, 26 Februari 2024"]).nomor.present


def test_a_date_not_emptied_by_extraction_is_no_such_date():
    assert not _day_split(reason="tidak ada tanggal").nomor.present


# ---------------------------------------------------------------- no letter date read at all

UNDATED = ["No, :400.10/271/DPMD/VIHI/2024",  # the page's line: no month I-XII, emptied
           "No, :400.10/271/DPMD/VIH!/2024", "No. :400.10/271/DPMD/VII1/2024", "No, :100.10/271/DPMD/VIH1/2024",
           "No, :400.10/271/DPMD/VI!I1/2024"]
UNDATED_WITNESS = ["No, : 400.10/271/DPMD/V111/2024", "No, : 400.10/271/DPMD/V111/2024",
                   "No, : 400.10/271/DPMD/V111/2024"]
UNDATED_SHARPENED = ["No. :400.10/271/DPMD/VIII/2024", "No... :400.10/271/DPMD/VI11/2024",
                     "No. :400.10/271/DPMD/VIII/2024", "No. :400.10/271/DPMD/VI!1/2024"]


def test_a_number_on_a_page_with_no_date_read_is_checked_against_its_own_readings():
    after = _settled(UNDATED, UNDATED_WITNESS, UNDATED_SHARPENED, date="")
    assert after.nomor.value == "400.10/271/DPMD/VIII/2024"
    assert after.nomor.confidence == fieldread.COMPLETED_CONFIDENCE
    assert fieldread.UNDATED_REVIEW in after.review


def test_a_reading_of_another_month_leaves_the_undated_number_empty():
    """"VII" is what readings that lose a stroke give: with no date to tell, the number is not taken."""
    witness = [*UNDATED_WITNESS[:2], "No, : 400.10/271/DPMD/VII/2024"]
    assert not _settled(UNDATED, witness, UNDATED_SHARPENED, date="").nomor.present


def test_a_reading_of_another_year_leaves_the_undated_number_empty():
    witness = [*UNDATED_WITNESS[:2], "No, : 400.10/271/DPMD/V111/2021"]
    assert not _settled(UNDATED, witness, UNDATED_SHARPENED, date="").nomor.present


def test_a_month_too_few_readings_give_leaves_the_undated_number_empty():
    witness = ["No, : 400.10/271/DPMD/VIH/2024"] * 3
    assert not _settled(UNDATED, witness, UNDATED_SHARPENED[1::2], date="").nomor.present


def test_a_page_whose_date_extraction_emptied_is_not_undated():
    text = f"{KOP}\n{UNDATED[0]}\nHal : Undangan"
    metadata = replace(extract_metadata(text), tanggal=Field(None, 0.7, EMPTIED))
    values, votes = fieldread.vote(UNDATED)
    line = fieldread.LineReading("nomor", UNDATED[0], tuple(UNDATED[1:]), values, votes, len(UNDATED),
                                 witness=tuple(UNDATED_WITNESS), sharpened=tuple(UNDATED_SHARPENED)).to_json()
    assert not fieldread.settle(metadata, text, [_record([line])]).nomor.present


# ---------------------------------------------------------------- a year cut short, a colon read as a figure

CUT = ["No. :000.4.6.3/227/Dispersip-Blg/VI/20Mepada Yth. Lurah Teluk",  # the page's line: the year cut
       "No. : 000.4. 6.3/227/Dispersip-Blg/VI/20Repada Yth. Lurah Teluk",
       "No. : 000.4.6.35227/Dispersip-Blg/V/20 Kepada Yth. Lurah Teluk",
       "No. 1000.4.6.3/227/Dispersip-Blg/V1/20Kepada Yth. Lurah Teluk"]  # the label's colon read as a '1'
CUT_WITNESS = ["No. : 000.4.6.3/227/Dispersip-Blg/V1/20 Kepada Yth, Lurah Teluk",
               "No. : 000.4.6.3/2 27/Dispersip-Blg/V1/20 Kepada Yth, Lurah Teluk",
               "No. : 000.4.6.3/227/Dispersip-Blg/V1/20 Kepada Yth. Lurah Teluk"]


def test_a_code_head_of_four_figures_is_no_rival_of_a_cut_number():
    """"1000.4.6.3": the colon before the number read as a figure; a classification code's head has three."""
    after = _settled(CUT, CUT_WITNESS, date="Paringin, 17 Juni 2025")
    assert after.nomor.value == "000.4.6.3/227/Dispersip-Blg/VI/2025"
    assert after.nomor.confidence == fieldread.COMPLETED_CONFIDENCE
    assert fieldread.COMPLETED_REVIEW in after.review


def test_a_page_model_reading_of_another_code_still_leaves_the_cut_number_empty():
    rows = [*CUT[:3], CUT[3].replace("1000.4.6.3", "000.4.6.8")]
    assert not _settled(rows, CUT_WITNESS, date="Paringin, 17 Juni 2025").nomor.present
