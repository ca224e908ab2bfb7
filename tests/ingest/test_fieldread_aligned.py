"""A number row whose readings each garble a different character (a blurred messenger photo: a '/' lost in one
reading, a digit in another, the Roman month's strokes in a third) and that no reading gives whole is voted
character by character over every reading, the page's, the re-readings and the witness model's
(``fieldread.aligned_number``, messenger22). It stays empty where the readings split between characters the
number's grammar tells apart (two digits), place a code's dots otherwise, lose a '/' alike, or split on a Roman
month the letter's date does not settle. Written readings, through ``settle`` with the real extractor."""
from __future__ import annotations

import pytest
from test_fieldread import _record

from ingest import fieldread
from ingest.metadata import extract_metadata

NUMBER = "000.1.5/287/Dispersip-Blg/VII/2025"
ROWS = ["Nomor : 000.1.5/287/Dispersip-Blg/VU/2025",  # the page's line: the month's strokes
        "Nomor : 000.1.5/281/Dispersip-Blg/VII/2025",  # a digit misread
        "Nomor : 000.1.5/287Dispersip-Blg/VII/2025",  # a '/' lost
        "Nomor : 000.1,5/287/Dispersip-Blg/VIL2025",   # the month's '/' lost
        "Nomor : 000.1.5/287/Disperslp-Blg/VII/2025",  # a letter misread
        "Nomor : 000.1.5/287/Dispersip-Blg/VII/2023"]  # the year
WITNESS = ["Nomor : 000.1.5/287/Dispersip-Blg/VII/202S", "Nomor : 000.1.5/2877/Dispersip-Blg/VII/2025"]
DATE = "Paringin, 7 Juli 2025"


def _settled(rows=ROWS, witness=WITNESS, date: str = DATE, head: str = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN",
             hal: str = "Hal : Undangan"):
    text = f"{head}\n{rows[0]}\n{date}\n{hal}"
    metadata = extract_metadata(text)
    assert not metadata.nomor.present
    values, votes = fieldread.vote(rows)
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), values, votes, len(rows),
                                 witness=tuple(witness)).to_json()
    return fieldread.settle(metadata, text, [_record([line])])


def test_no_reading_gives_the_number_but_every_place_has_a_majority():
    assert not any(fieldread.line_values(r).get("nomor") == NUMBER for r in ROWS + WITNESS)
    assert not fieldread.vote(ROWS)[0]
    after = _settled()
    assert after.nomor.value == NUMBER
    assert after.nomor.confidence == fieldread.ALIGNED_CONFIDENCE
    assert "dibaca ulang per karakter" in after.nomor.reason


def test_a_roman_month_the_readings_split_on_is_settled_by_the_letters_date_or_left_empty():
    rows = ["Nomor : 000.1.5/287/Dispersip-Blg/VIV/2025",  # the page's line: no month
            "Nomor : 000.1.5/281/Dispersip-Blg/VII/2025", "Nomor : 000.1.5/287/Disperslp-Blg/VI/2025",
            "Nomor : 000.1.5/287Dispersip-Blg/VII/2025", "Nomor : 000.1.5/287/Dispersip-Blg/VI/2023"]
    witness = ["Nomor : 000.1.5/287/Dispersip-Blg/VII/202S", "Nomor : 000.1.5/287/Dispersip-B1g/VI/2025"]
    assert _settled(rows, witness).nomor.value == NUMBER  # VI or VII: July's number is VII
    assert not _settled(rows, witness, date="Paringin, 7 Agustus 2025").nomor.present  # neither is August


@pytest.mark.parametrize("rows,witness", [
    ([r.replace("/287", "/237") if k % 2 else r for k, r in enumerate(ROWS)],
     [w.replace("/287", "/237") for w in WITNESS]),  # two digits split: the grammar cannot tell them
    (ROWS, [*WITNESS, "Nomor : 00.01.5/287/Dispersip-Blg/VII/2025"]),  # a reading places the code's dots otherwise
    # (a reading that only lost a dot, "000.15", is no rival: test_fieldread_dots26)
    ([r.replace("/VII/", "lll/").replace("/VIL", "lll/").replace("/V1I/", "lll/") for r in ROWS],
     [w.replace("/VII/", "lll/") for w in WITNESS]),  # the month's '/' lost alike: "Dispersip-Blglll"
    (ROWS[:2], []),  # two readings only
])
def test_the_number_stays_empty_where_the_vote_or_the_grammar_leaves_a_doubt(rows, witness):
    assert not _settled(rows, witness).nomor.present


def test_aligned_vote_keeps_a_majority_and_lists_a_split():
    places = fieldread.aligned_vote(["041/479", "041/478", "O41/479", "041/479", "041479"])
    assert "".join(p[0] for p in places) == "041/479"
    assert all(len(p) == 1 for p in places)
    split = fieldread.aligned_vote(["041/479", "041/478", "041/478", "041/479"])
    assert [p for p in split if len(p) > 1] == [["9", "8"]]


def test_row_value_drops_the_label_and_the_column_beside_it():
    assert fieldread.row_value("No. 1 000.4.7. 1/429/Bid.LPP/DISPERSIP/VV/2023 Kepada Yth. Ketua") \
        == "000.4.7. 1/429/Bid.LPP/DISPERSIP/VV/2023"
    assert fieldread.row_value("No, Nama Lengkap Instansi Paraf") is None


def test_a_letter_without_a_date_gets_no_number_this_way():
    """The month and year are checked against the letter's date: without one, the vote takes nothing."""
    assert not _settled(date="Hal : -").nomor.present


def test_a_month_read_as_strokes_and_a_code_head_that_lost_its_dot_are_damage_not_rivals():
    """A blurred "II" read "1W" or "I" and a code "000.4.6.3" read "0004.6.3": neither is another number, so
    the vote over a letter of February takes the number, as it does beside a reading that lost one of the code's
    dots ("000.46.3", photonomor26); a code whose dots are placed otherwise by a reading ("00.04.6.3") still
    leaves it empty."""
    rows = ["NOMOR: 000,4,6,3/215/Bid.LPP/DISPERSIP/IU/2025", "NOMOR :0004,6.3/215/Bid.LPP/DISPERSIP/11/2025",
            "NOMOR : 000.4.6.3215/BId.LPP/DISPERSIP/1/2025", "NOMOR: 0004,6.3/215/Bid.LPP/DISPERSIP/1W/2025"]
    witness = ["NOMOR — : 000.4.6.3/215/Bid.LPP/DISPERSIP/I/2025", "NOMOR :000.4.6.3/215/Bid.LPP/DISPERSIP/11/2025",
               "NOMOR: 000.4.6.3/215/Bid.LPP/DISPERSIP/I/2025"]
    date = "Paringin, 20 Februari 2025"
    assert _settled(rows, witness, date).nomor.value == "000.4.6.3/215/Bid.LPP/DISPERSIP/II/2025"
    assert _settled(rows, [*witness, "NOMOR: 000.46.3/215/Bid.LPP/DISPERSIP/II/2025"], date).nomor.value \
        == "000.4.6.3/215/Bid.LPP/DISPERSIP/II/2025"
    assert not _settled(rows, [*witness, "NOMOR: 00.04.6.3/215/Bid.LPP/DISPERSIP/II/2025"], date).nomor.present
    assert fieldread._month_damaged("000.4.6.3/215/Bid.LPP/DISPERSIP/1W/2025")
    assert fieldread._month_damaged("0004.6.3/215/Bid.LPP/DISPERSIP/II/2025")
    assert not fieldread._month_damaged("000.4.6.3/215/Bid.LPP/DISPERSIP/II/2025")
    assert not fieldread._month_damaged("2163/UN30/HK/2021")  # a head of four digits without dots is a number


def test_a_digit_every_reading_reads_as_a_letter_is_damage_not_a_code():
    """Most readings read a blurred last digit as 'L' ("53L"), the others as two other digits: the majority's
    segment is a digit misread, and the number stays empty; the addressee column beside the row ("Yth. Kepala
    Desa/Lurah", with its own '/') is not read as part of the number."""
    rows = ["Nomor : 017 / 534 / 12.05.31/2021 '", *["Nomor : 017 / 53L / 12.05.31/2021 Yth. Kepala Desa/Lurah"] * 4,
            "Nomor : 017 / 531 / 12.05.31/2021 Yth. Kepala Desa/Lurah"]
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), {}, {}, len(rows)).to_json()
    assert fieldread.aligned_number([line], "2021-05-03") is None
    assert fieldread.row_value(rows[1]) == "017 / 53L / 12.05.31/2021"
    ones = [r.replace("53L", "531") for r in rows]  # the same row read "531" by most: a number, taken
    line = fieldread.LineReading("nomor", ones[0], tuple(ones[1:]), {}, {}, len(ones)).to_json()
    assert fieldread.aligned_number([line], "2021-05-03").value == "017/531/12.05.31/2021"
