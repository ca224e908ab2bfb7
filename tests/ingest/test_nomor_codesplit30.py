"""A number the row's readings vote for is taken with the kop's piece where they split on a letter of a unit code and
the kop spells the piece the vote set aside, shown low and flagged (issue 13/17, realnomor30;
``fieldread.kop_settled`` with ``nomorsettle.kop_spelled_rival``, fieldnomor30's rule, which
realnomor30's ``code_split_by_letterhead`` duplicated and was merged into).

Built from written readings of a generated kind (held_out_3401 doc0034, a fax: "Dispersip-Rlg" by the page and two
re-readings, "Dispersip-Blg" by two, under a kop naming "BALANGAN"), never from a real capture."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_fieldread import _record  # noqa: E402

from ingest import fieldread  # noqa: E402
from ingest.metadata import extract_metadata, nomor_letterhead  # noqa: E402
from ingest.model import Word  # noqa: E402
from ingest.nomor import CODE_CONFIDENCE, CODE_FROM_LETTERHEAD  # noqa: E402
from ingest.nomorsettle import kop_spelled_rival  # noqa: E402

KOP = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN"
OTHER_KOP = "PEMERINTAH KABUPATEN TABALONG\nDINAS PERPUSTAKAAN DAN KEARSIPAN"
RIGHT = "000.1.5/222/Dispersip-Blg/IV/2023"
MISREAD = "000.1.5/222/Dispersip-Rlg/IV/2023"


def _settled(kop: str, page: str, readings: list[str], conf: float = 45.0):
    """The metadata of a page whose own reading of the number row (``page``, Tesseract's confidence ``conf``)
    left the number unsure, once the row's ``readings`` are settled."""
    text = f"{kop}\nNomor : {page}\nParingin, 3 April 2023\nHal : Izin cuti"
    before = extract_metadata(text, [Word(page, conf, (250, 300, 700, 40), 2)])
    assert not before.nomor.present  # the page's own reading is under the digits' bar
    rows = [f"Nomor : {page}"] + [f"Nomor : {r}" for r in readings]
    values, votes = fieldread.vote(rows)
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), values, votes, len(rows)).to_json()
    return fieldread.settle(before, text, [_record([line])])


def test_a_code_letter_the_vote_took_against_the_kop_is_put_right_shown_low_and_flagged():
    after = _settled(KOP, MISREAD, [RIGHT, RIGHT, MISREAD, MISREAD])
    assert after.nomor.value == RIGHT  # was "…Dispersip-Rlg…" at 0.70, a wrong value shown
    assert after.nomor.confidence <= CODE_CONFIDENCE  # the letter is the kop's, not the readings': a clerk looks
    assert CODE_FROM_LETTERHEAD in after.nomor.reason
    assert any(CODE_FROM_LETTERHEAD in r and RIGHT in r for r in after.review)


def test_the_same_split_under_a_kop_that_spells_neither_piece_is_voted_as_before():
    after = _settled(OTHER_KOP, MISREAD, [RIGHT, RIGHT, MISREAD, MISREAD])
    assert after.nomor.value == MISREAD  # the kop says nothing about "Blg": the rule does not fire
    assert not any(CODE_FROM_LETTERHEAD in r for r in after.review)


def test_readings_that_agree_on_the_kop_spelled_piece_are_taken():
    after = _settled(KOP, MISREAD, [RIGHT, RIGHT, RIGHT, MISREAD])
    assert after.nomor.value == RIGHT
    assert not any(CODE_FROM_LETTERHEAD in r for r in after.review)


def test_a_split_on_a_digit_segment_is_not_this_rule():
    after = _settled(KOP, "000.1.5/228/Dispersip-Blg/IV/2023",
                     ["000.1.5/222/Dispersip-Blg/IV/2023", "000.1.5/228/Dispersip-Blg/IV/2023",
                      "000.1.5/228/Dispersip-Blg/IV/2023"])
    assert not any(CODE_FROM_LETTERHEAD in r for r in after.review)


def test_the_rule_compares_one_piece_of_one_segment_only():
    header = nomor_letterhead(f"{KOP}\nNomor : {MISREAD}\nHal : Izin cuti")
    assert kop_spelled_rival(MISREAD, [MISREAD, RIGHT, RIGHT], header) == RIGHT
    assert kop_spelled_rival(MISREAD, [MISREAD, RIGHT], header) is None  # one reading is not enough against the vote
    # the voted piece spelled by the kop too: nothing to refute
    assert kop_spelled_rival(RIGHT, [MISREAD, MISREAD], header) is None
    # a reading that differs in two segments is another number, not a split on one letter
    far = "000.1.5/223/Dispersip-Blg/IV/2023"
    assert kop_spelled_rival(MISREAD, [far, far], header) is None
