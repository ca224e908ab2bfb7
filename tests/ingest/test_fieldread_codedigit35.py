"""A unit code's letter read as a digit ("D5-TS" for "DS-TS", a fax's 'S') by most re-readings of the number row,
while others read it as the letter or as another digit: the place is one Tesseract could not settle on, so neither
the vote of the re-readings nor the witness model's vote takes the number (``fieldread.code_digit_dissent``), and
it stays empty rather than wrong. Codes that hold a digit read alike by every reading ("P2KB", "STWL-3") still vote.
Written readings of a row, through the real extractor."""
from __future__ import annotations

from ingest import fieldread

ROWS = ["NOMOR: 20/D8-TS/VII/2025", "NOMOR: 20/D5-TS/VII/2025", "NOMOR: 20/DS-TS/VII/2025",
        "NOMOR : 20/D5-TS/VII/2025", "NOMOR: 20/D5-TS/VII/2025"]
WITNESS = ["NOMOR :20/D5-TS/VII/2025"] * 3


def test_a_code_letter_read_as_a_digit_by_most_readings_is_not_voted():
    assert [fieldread.line_values(r).get("nomor") for r in ROWS[:3]] == \
        ["20/D8-TS/VII/2025", "20/D5-TS/VII/2025", "20/DS-TS/VII/2025"]
    assert fieldread.vote(ROWS) == ({}, {})
    assert fieldread.witness_vote("nomor", ROWS[0], ROWS[1:], WITNESS) is None


def test_codes_with_digits_read_alike_still_vote():
    for number in ("421.2/102/STWL-3/VIII/2023", "045/12/P2KB/IV/2024"):
        assert fieldread.vote([f"Nomor : {number}"] * 3)[0] == {"nomor": number}
    assert fieldread.code_digit_dissent("045/12/P2KB/IV/2024", ["045/12/PZKB/IV/2024"])  # a 'Z' for its '2': unsettled
    assert not fieldread.code_digit_dissent("045/12/P2KB/IV/2024", ["045/12/P2KB/IV/2024"])
    assert not fieldread.code_digit_dissent("045/12/DS-TS/IV/2024", ["045/12/DS-TD/IV/2024"])  # letters: not this rule
