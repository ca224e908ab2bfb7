"""A messenger or phone photo's number row whose readings lose a dot of the classification code ("000.47.1" for
"000.4.7.1") or read a '/' as one small letter ("326fDispersip"), voted character by character
(``fieldread.aligned_number``, photonomor26). The readings of a blurred row lose a code's dots; they do not add one
between two digits. So a reading that has only lost dots of the number is no rival to it, while a reading with a
dot more than the number (the number's own reading may be the one that lost it) still leaves it empty. Written
readings of the kinds the named sets' photos give, through ``settle`` with the real extractor."""
from __future__ import annotations

import pytest
from test_fieldread import settled_number

from ingest import fieldread

NUMBER = "000.4.7.1/167/Bid.LPP/DISPERSIP/VI/2025"
DATE = "Paringin, 9 Juni 2025"
# the page's line misreads the month ("VV", emptied); the re-readings and the witness split
# between the code read whole and the code with a dot lost, each garbling something else
ROWS = ["NOMOR : 000.4.7.1/167/Bid.LPP/DISPERSIP/VV/2025",
        "NOMOR : 000.47. 1/167/Bid.LPP/DISPERSIP/VI/2025",
        "NOMOR : 000.4.7.1/167/Bid.LPP/DISPERSIP/VI/2025",
        "NOMOR : 000.4.7.1/167: Bid.LPP, DISPERSIPVI/2025"]
WITNESS = ["NOMOR : 000.4. 7.1/167/Bid. LPP/DISPERSIP/V1/2025", "NOMOR : 000.47. 1:167: Bid. LPP/DISPERSIP/V1/2025",
           "NOMOR : 000.4.7.1/167/Bid. LPP/DISPERSIP/V1/2025"]
SHARPENED = ["NOMOR : 000.47.1/167/Bid.LPP/DISPERSIP/VI/2025", "NOMOR : 000.4. 7.1/167/Bid.LPP/DISPERSIP/V1/2025",
             "NOMOR : 000.4.7.1/167/Bid LPP/DISPERSIP/V1/2025", "NOMOR : 000.47. 1/167/Bid.LPP/DISPERSIP/VI/2025"]


def _settled(rows, witness=(), sharpened=(), date: str = DATE):
    return settled_number('PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN', rows, witness, sharpened, date)


def _aligned(rows, witness=(), iso: str = "2025-06-09"):
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), {}, {}, len(rows), witness=tuple(witness))
    return fieldread.aligned_number([line.to_json()], iso)


def test_readings_that_lost_a_dot_of_the_code_are_no_rival():
    assert not fieldread.vote(ROWS)[0]
    after = _settled(ROWS, WITNESS, SHARPENED)
    assert after.nomor.value == NUMBER
    assert after.nomor.confidence == fieldread.ALIGNED_CONFIDENCE
    assert "dibaca ulang per karakter" in after.nomor.reason


def test_two_numbers_one_with_a_dot_lost_the_code_read_whole_is_taken():
    """Both forms pass every check against the letter's date: the one with its dot lost is the other misread."""
    rows = ["No. : 000,47. 1/108/Bid.I.PP/DISPERSIP/IV/2023", "No. :000,4,7, /108/Bid.I.PP/DISPERSIP/IV/2023",
            "No. : 000.4.7.1/108/Bid.LPP/DISPERSIP/IV/2023", "No, : 000,47. /108/Bid.LPP/DISPERSIP/IV/2023"]
    witness = ["No. : 000.4,7.1/108/Bid.LPP/DISPERSIP/1V/2023"] * 3
    assert _aligned(rows, witness, "2023-04-20").value == "000.4.7.1/108/Bid.LPP/DISPERSIP/IV/2023"


def test_a_reading_with_a_dot_more_than_the_number_still_leaves_it_empty():
    """Most readings lost the same dot ("000.47.1"): the readings that have it may be right, so the number the
    majority gives is not taken."""
    lost = [r.replace("000.4.7.1", "000.47.1").replace("000.4. 7.1", "000.47.1") for r in ROWS]
    witness = [w.replace("000.4. 7.1", "000.47.1").replace("000.4.7.1", "000.47.1") for w in WITNESS]
    assert _aligned(lost, [*witness, "NOMOR : 000.4.7.1/167/Bid.LPP/DISPERSIP/VI/2025"]) is None


def test_a_dot_placed_elsewhere_still_leaves_it_empty():
    assert _aligned(ROWS, WITNESS).value == NUMBER
    assert _aligned(ROWS, [*WITNESS, "NOMOR : 00.04.7.1/167/Bid.LPP/DISPERSIP/VI/2025"]) is None


@pytest.mark.parametrize("segment,other,lost", [
    ("000.4.7.1", "000.47.1", True),
    ("000.4.7.1", "00047.1", True),
    ("000.4.6.2", "0004.6.2", True),
    ("000.4.7.1", "000.4.71", True),
    ("000.47.1", "000.4.7.1", False),  # a dot more
    ("000.47.1", "000.4.71", False),  # a dot elsewhere
    ("000.4.7.1", "000.4.7.1", False),  # the same
    ("000.4.7.1", "000.4.7.7", False),  # another digit
    ("Bid.LPP", "BidLPP", False),  # not a segment of digits
])
def test_dots_lost(segment, other, lost):
    assert fieldread._dots_lost(segment, other) is lost


def test_a_slash_read_as_a_small_letter_is_damage_not_a_number():
    """"326fDispersip": the '/' after the sequence number read as an 'f' by one reading and lost by others; the
    reading that has it gives the number."""
    rows = ["No. :041/326Dispersip/2023. |", "No. :041/326fDispersip/2023", "No. : O41/326/Dispersip/2023 |",
            "No... : 041/3261Dispersip/2023 :", "No. : :011/326/Dispersip2023 |"]
    assert fieldread.broken("041/326fDispersip/2023")
    assert fieldread.broken("041/326Dispersip/2023")
    assert not fieldread.broken("041/326/Dispersip/2023")
    assert _aligned(rows, iso="2023-02-21").value == "041/326/Dispersip/2023"
