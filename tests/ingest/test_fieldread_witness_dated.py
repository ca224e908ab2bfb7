"""A number the two recognizers of field re-reading (the page's model and the second, "witness", model) read alike
but for its Roman month or its year, which only the witness read (messenger21): taken when the letter's own date,
read from its place-date row, gives that month and year, never otherwise; a rival month or year read by either
model, or a digit segment only the witness read, leaves it empty. Written readings, the extractor for real."""
from __future__ import annotations

import json

import pytest
from test_fieldread import _record

from ingest import fieldread, pipeline
from ingest.metadata import extract_metadata
from ingest.model import Field
from ingest.options import IngestOptions
from samples.generate import generate_set

VALUE = "045/112/Dispersip/VI/2024"
ROW = "Nomor : " + VALUE
# the page's model reads every segment but the month (strokes run together on a blurred photo)
OWN = ["Nomor : 045/112/Dispersip/VV/2024", "Nomor : O45/112/Dispersip/VU/2024", "Nomor : 045/112/Dispersip/W/2024"]
OWN_YEAR = ["Nomor : 045/112/Dispersip/VI/2O2A", "Nomor : 045/112/Dispersip/VI/202"]  # the year never read whole


@pytest.mark.parametrize("readings,witness,dated,taken", [
    (OWN, [ROW, ROW, "Nomor : 045/112/Dispersip/VL/2024"], False, None),  # model20's rule: one model read the month
    (OWN, [ROW, ROW, "Nomor : 045/112/Dispersip/VL/2024"], True, VALUE),  # left to the date
    (OWN, [ROW, ROW, "Nomor : 045/112/Dispersip/V/2024"], True, None),  # the witness too read another month once
    (OWN_YEAR, [ROW, ROW], True, VALUE),
    (OWN, [ROW], True, None),  # the witness reads it once
    ([*OWN, "Nomor : 045/112/Dispersip/VII/2024"], [ROW, ROW], True, None),  # another month read: no
    ([*OWN, "Nomor : 045/112/Dispersip/VI/2023"], [ROW, ROW], True, None),  # another year read: no
    ([OWN[0].replace("112", "1A2")], [ROW, ROW], True, None),  # the sequence number only the witness read
])
def test_the_witness_vote_leaves_a_numbers_month_and_year_to_the_date(readings, witness, dated, taken):
    got = fieldread.witness_vote("nomor", "Nomor : 045/1A2/Dispersip/VV", readings, witness, dated=dated)
    assert (got[0] if got else None) == taken


def _settled(date_row: str | None, readings=OWN, witness=(ROW, ROW, ROW)):
    """The document's fields when its number row was read so and its place-date row is ``date_row``."""
    page_line = "Nomor : 045/112/Dispersip/VV/2024"
    text = "PEMERINTAH KABUPATEN BALANGAN\n" + page_line + ("\n" + date_row if date_row else "") + "\nHal : Undangan"
    metadata = extract_metadata(text)
    assert not metadata.nomor.present
    values, votes = fieldread.vote([page_line, *readings])
    dated = fieldread.witness_vote("nomor", page_line, readings, witness, dated=True)
    line = fieldread.LineReading("nomor", page_line, tuple(readings), values, votes, 1 + len(readings),
                                 witness=tuple(witness), dated=dated[0] if dated else "").to_json()
    return fieldread.settle(metadata, text, [_record([line])])


def test_a_number_whose_month_and_year_the_letters_date_gives_is_taken_and_says_why():
    after = _settled("Paringin, 12 Juni 2024")
    assert after.nomor.value == VALUE
    assert "dikonfirmasi oleh tanggal surat" in after.nomor.reason
    assert after.nomor.confidence == fieldread.DATED_CONFIDENCE


@pytest.mark.parametrize("date_row", [None, "Paringin, 12 Juli 2024", "Paringin, 12 Juni 2023"])
def test_without_the_letters_date_or_against_it_the_number_stays_empty(date_row):
    assert not _settled(date_row).nomor.present


def test_a_year_only_the_witness_read_is_taken_when_the_date_gives_it():
    assert _settled("Paringin, 12 Juni 2024", readings=OWN_YEAR).nomor.value == VALUE
    assert not _settled("Paringin, 12 Juni 2025", readings=OWN_YEAR).nomor.present


def test_the_record_keeps_the_value_left_to_the_date_only_when_there_is_one():
    line = fieldread.LineReading("nomor", ROW, (), {}, {}, 1, dated=VALUE).to_json()
    assert line["witness_dated"] == VALUE
    assert "witness_dated" not in fieldread.LineReading("nomor", ROW, (), {}, {}, 1).to_json()


# ---------------------------------------------------------------- a date's year read on the number row

NUMBER_ROWS = ["No. : 0817186 Disperdly/2023", "Ko. : 0481/1286 Disperdp/2123", "Mo. : OSL/7186/Disperuty/2023",
               "No. : 041/186/Dispersip/ 2023"]  # no reading gives the number, each its year
DATE_ROWS = ["Paringin, 17 MARET 2022", "Paringin, 17 MARET 2023", "Paringin, 17 MARET 2021"]


def _date_settled(date_rows=DATE_ROWS, number_rows=NUMBER_ROWS, nomor_line: str | None = None):
    """The fields of a photographed letter whose place-date row was read as ``date_rows`` (the page's first) and
    whose number row as ``number_rows`` (the page's first; ``nomor_line``: the page's number row as the text has it)."""
    text = "PEMERINTAH KABUPATEN BALANGAN\n" + (nomor_line or number_rows[0]) + "\nParingin, 17 MARET 2O2?\nHal : Undangan"
    metadata = extract_metadata(text)
    assert not metadata.tanggal.present
    lines = [fieldread.LineReading("tanggal", date_rows[0], tuple(date_rows[1:]), {}, {}, len(date_rows)).to_json(),
             fieldread.LineReading("nomor", number_rows[0], tuple(number_rows[1:]), {}, {}, len(number_rows)).to_json()]
    return fieldread.settle(metadata, text, [_record(lines)])


def test_a_date_whose_year_its_row_cannot_settle_takes_the_year_its_number_row_reads():
    after = _date_settled()
    assert after.tanggal.value == "2023-03-17"
    assert fieldread.YEAR_BY_NUMBER in after.tanggal.reason
    assert not after.nomor.present  # the number itself is not read by this


@pytest.mark.parametrize("date_rows,number_rows", [
    (DATE_ROWS, [*NUMBER_ROWS[:2], "No. : 041/186/Dispersip/2022", "No. : 041/186/Dispersip/2022"]),  # years split
    (DATE_ROWS, NUMBER_ROWS[:2]),  # one reading of the year on the number row
    (["Paringin, 17 MARET 2022", "Paringin, 11 MARET 2023"], NUMBER_ROWS),  # the day read otherwise
    (["Paringin, 17 MARET 2022", "Paringin, 17 MARET 2021"], NUMBER_ROWS),  # no reading of the row gives 2023
    (["Paringin, 17 MARET 2023"], NUMBER_ROWS),  # one reading of the day and month
])
def test_a_date_stays_empty_unless_both_rows_settle_their_part(date_rows, number_rows):
    assert not _date_settled(date_rows, number_rows).tanggal.present


def test_a_number_the_page_read_gives_its_year_and_one_read_unsure_none():
    taken = "Nomor : 041/186/Dispersip/2023"
    after = _date_settled(number_rows=["No. : 0817186 Disperdly/2O23"], nomor_line=taken)
    assert after.nomor.value == "041/186/Dispersip/2023" and after.tanggal.value == "2023-03-17"
    assert fieldread.number_year(Field("041/186/Dispersip/2023", 0.35, ""), []) is None


@pytest.mark.slow
def test_a_generated_messenger_photo_gets_the_year_its_date_row_blurs_from_its_number_row(tmp_path):
    """A generated messenger photo (held-out mode, harder generator) whose place-date row's last year digit every
    reading blurs otherwise ("2022", "2023") and whose number row no reading gives whole, but its year: the
    pipeline (real Tesseract, both models) gives the printed date; before, the date was left empty."""
    path = generate_set(tmp_path, 2121, 1, held_out=True, kinds=["messenger_photo"], harder=True)[0]
    truth = json.loads(path.with_name(path.name + ".truth.json").read_text())
    result = pipeline.ingest_file(path, IngestOptions(workers=1))
    assert result.metadata.tanggal.value == truth["tanggal"]
    assert fieldread.YEAR_BY_NUMBER in result.metadata.tanggal.reason
    assert not result.metadata.nomor.present or result.metadata.nomor.value == truth["nomor"]
