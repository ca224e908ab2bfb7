"""A blurred photo's number row read by one variant with its year turned into one no letter carries ("2925" for
"2025") and, with it, figures read as letters ("O81/1ZA/Diopervip/ 2925" for "041/124/Dispersip/2025"): such a
reading is no rival of the number both recognizers read whole, neither on its year (``fieldread._impossible_year``)
nor on its other segments of digits (``fieldread._year_garbled``). A reading with a year a letter can carry still
is one, so is one whose only other damage is its year (test_fields_nomor22), and so is every other rule of the
witness's vote. A number taken beside such readings is recorded with them and shown to a clerk
(``fieldread.GARBLED_YEAR_PASSED``). Written readings of a row, through the real extractor, as a messenger photo's
row was read (held_out_4301 doc0031, bench/README.md rows36)."""
from __future__ import annotations

import pytest
from test_fieldread import _record

from ingest import fieldread
from ingest.metadata import extract_metadata

ROW = "NOMOR: 041/124/Dispersip/2025"
VALUE = "041/124/Dispersip/2025"
PAGE = "NOMOR O41/1Z4/Diwpersip/ 2025"
GARBLED = "NOMOR: O81/1ZA/Diopervip/ 2925"  # every segment misread, its year one no letter carries
WITNESS = ["NOMOR — : 041/124/Dispersip/2025", "NOMOR —: 041/124/Diepereip/2025", "NOMOR — : 041/124/Dispersip/2025"]


@pytest.mark.parametrize("garbled,taken", [
    (GARBLED, VALUE),  # its "081" is a misreading like its "2925", not another number
    ("NOMOR: O81/1ZA/Diopervip/ 2023", None),  # a year a letter can carry: its "081" stays a rival
    ("NOMOR: 081/124/Dispersip/2025", None),  # read whole otherwise: a rival
    ("NOMOR: 041/1245/Dispersip/2925", None),  # only its year damaged: its figures still rival
    ("NOMOR: 081/1ZA/Dispersip/2925", VALUE),
    ("NOMOR: 081/124/Dispersip/2925", None),  # no figure read as a letter: not garbled throughout
])
def test_a_reading_with_an_impossible_year_is_no_rival_on_its_figures(garbled, taken):
    readings = ["NOMOR: GA1/1ZA/Diwpersip/2025", garbled, ROW, "NOMOR 5 041/12A/Diwperip/2025"]
    settled = fieldread.witness_vote("nomor", PAGE, readings, WITNESS)
    assert (settled[0] if settled else None) == taken


def test_the_other_rules_of_the_witness_vote_still_hold_beside_such_a_reading():
    # the witness alone reads it: the page's model gives no reading of "124"
    assert fieldread.witness_vote("nomor", PAGE, [GARBLED, "NOMOR: GA1/1ZA/Diwpersip/2025"], WITNESS) is None
    # the witness's readings tie
    assert fieldread.witness_vote("nomor", PAGE, [GARBLED, ROW], [WITNESS[0], "NOMOR : 041/128/Dispersip/2025"]) is None


@pytest.mark.parametrize("value,other,garbled", [
    ("041/124/Dispersip/2025", "081/1ZA/Diopervip/2925", True),
    ("041/124/Dispersip/2025", "081/1ZA/Diopervip/2023", False),  # a year a letter can carry
    ("041/124/Dispersip/2025", "081/12A/Dispersip/1025", True),  # before any letter of the archive
    ("041/124/Dispersip/2025", "081/124/Dispersip/2925", False),  # no figure read as a letter
    ("041/124/Dispersip/2025", "081/ZA/Dispersip/2925", False),  # letters only: a segment lost, not garbled figures
    ("041/124/Dispersip/VII", "081/1ZA/Dispersip/2925", False),  # the number itself ends in no year
])
def test_year_garbled_is_an_impossible_year_beside_a_possible_one(value, other, garbled):
    assert fieldread._year_garbled(value.split("/"), other.split("/")) is garbled


def test_the_readings_passed_over_are_recorded_and_the_number_is_flagged():
    readings = ["NOMOR: GA1/1ZA/Diwpersip/2025", GARBLED, ROW]
    assert fieldread.year_garbled_rivals(VALUE, [PAGE, *readings, *WITNESS]) == ("081/1ZA/Diopervip/2925",)
    assert fieldread.year_garbled_rivals(VALUE, [PAGE, ROW, *WITNESS]) == ()
    text = f"{PAGE}\nParingin, 3 April 2025\nHal : Undangan"
    metadata = extract_metadata(text)
    assert not metadata.nomor.present
    settled = fieldread.witness_vote("nomor", PAGE, readings, WITNESS)
    assert settled is not None
    line = fieldread.LineReading("nomor", PAGE, tuple(readings), {"nomor": settled[0]}, {"nomor": settled[1]},
                                 1 + len(readings) + len(WITNESS), witness=tuple(WITNESS),
                                 garbled=fieldread.year_garbled_rivals(settled[0], [PAGE, *readings, *WITNESS]))
    assert line.to_json()["garbled"] == ["081/1ZA/Diopervip/2925"]
    after = fieldread.settle(metadata, text, [_record([line.to_json()])])
    assert after.nomor.value == VALUE
    assert any(fieldread.GARBLED_YEAR_PASSED in r and "081/1ZA/Diopervip/2925" in r for r in after.review)
    assert after.nomor.confidence < 0.5  # under the archive's "keyakinan rendah" line: flagged for a clerk
    # the same row without such readings: taken, and not said
    clean = fieldread.LineReading("nomor", PAGE, (ROW,), {"nomor": VALUE}, {"nomor": 3}, 5, witness=tuple(WITNESS))
    plain = fieldread.settle(metadata, text, [_record([clean.to_json()])])
    assert plain.nomor.value == VALUE and plain.nomor.confidence >= 0.5
    assert not any(fieldread.GARBLED_YEAR_PASSED in r for r in plain.review)
