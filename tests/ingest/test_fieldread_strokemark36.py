"""A messenger photo's number row whose readings split at a '/' between the slash and a stroke read as a mark
("900.1/187!Dispersip", "187'Dispersip"): in the character vote (``fieldread.aligned_number``) a choice with such a
mark inside the number (``fieldread._STROKE_MARK``) is damage, as no number prints one, and drops out; the number
the vote then takes is shown to a clerk (``fieldread.MARK_DROPPED``, low confidence). Written readings of a row, as
held_out_4201 doc0045 was read, through the real extractor."""
from __future__ import annotations

from dataclasses import replace

import pytest
from test_fieldread import _record

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Field

VALUE = "900.1/187/Dispersip/2023"
READ = ["900. M1? 2023", "900. /182/Dispersip/ 2023", "900.118? Disperslp/2023", "900, 182 Dispersip 2023",
        "900, /182!Dispersip/2023", "900.1/187/Dispersip/2023", "900.1/187'Dispersip/2023", "900.1/187/Dispersip/2023",
        "MO. 187/Dispersip/2023", "900,1/187/Dispersipv2023", "901, MB? Dispersip 2023", "900.1/187/Dispersip/2023",
        "90091187 Dispersip/2023", "900,1/187/Dispersip/ 2023"]


def _line(read):
    rows = [f"NOMOR : {r}" for r in read]
    return {"field": "nomor", "page_line": rows[0], "readings": rows[1:8], "witness": rows[8:], "values": {},
            "votes": {}, "of": len(rows), "confidences": [0.0] * 7}


def test_a_choice_with_a_stroke_read_as_a_mark_drops_out_and_the_number_is_marked():
    got = fieldread.aligned_number([_line(READ)], "2023-07-17")
    assert got is not None and got.value == VALUE
    assert fieldread.MARK_DROPPED in got.reason


def test_the_number_so_taken_is_flagged_low_and_named_for_review():
    text = f"NOMOR : {READ[0]}\nParingin, 17 Juli 2023\nHal : Undangan"
    metadata = replace(extract_metadata(text), nomor=Field(None, 0.0, "tidak ada label Nomor"), review=())
    after = fieldread.settle(metadata, text, [_record([_line(READ)])])
    assert after.nomor.value == VALUE
    assert after.nomor.confidence < 0.5  # under the archive's "keyakinan rendah" line
    assert any(r.startswith("nomor:") and fieldread.MARK_DROPPED in r for r in after.review)


def test_without_such_a_choice_the_number_is_not_marked():
    read = [r.replace("187'", "187/").replace("182!", "182/") for r in READ]
    got = fieldread.aligned_number([_line(read)], "2023-07-17")
    assert got is not None and got.value == VALUE
    assert fieldread.MARK_DROPPED not in got.reason


@pytest.mark.parametrize("number,marked", [("900.1/187!Dispersip/2023", True), ("900.1/187'Dispersip/2023", True),
                                           ("900.1/187|Dispersip/2023", True), (VALUE, False),
                                           ("000.4.7.1/94/Dispersip-Blg/V/2023", False)])
def test_stroke_marks_are_marks_no_number_prints(number, marked):
    assert bool(fieldread._STROKE_MARK.search(number)) is marked
