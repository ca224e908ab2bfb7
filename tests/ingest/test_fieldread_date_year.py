"""A letter's date whose place-date row every reading gives with the same day and month but not the same year (a
blurred last digit on a messenger or phone photo) takes the year its number row reads (messenger21): never when
the number row's readings split on the year, the day is read otherwise, no reading of the date row gives that year,
or the number taken contradicts the date's month. Written readings with the extractor for real, and one generated
messenger photo through the whole pipeline (real Tesseract, both models)."""
from __future__ import annotations

import json

import pytest
from test_fieldread import _record

from ingest import fieldread, pipeline
from ingest.metadata import extract_metadata
from ingest.model import Field
from ingest.options import IngestOptions
from samples.generate import generate_set

NUMBER_ROWS = ["No. : 0817186 Disperdly/2023", "Ko. : 0481/1286 Disperdp/2123", "Mo. : OSL/7186/Disperuty/2023",
               "No. : 041/186/Dispersip/ 2023"]  # no reading gives the number, each its year
PAGE_DATE = "Paringin, 17 MARET 2O2?"  # the page's reading of the row: its year unread
DATE_ROWS = [PAGE_DATE, "Paringin, 17 MARET 2023", "Paringin, 17 MARET 2021"]


def _date_settled(date_rows=DATE_ROWS, number_rows=NUMBER_ROWS, nomor_line: str | None = None,
                  date_line: str = PAGE_DATE):
    """The fields of a photographed letter whose place-date row was read as ``date_rows`` (the page's first) and
    whose number row as ``number_rows`` (the page's first; ``nomor_line``: the page's number row as the text has it,
    ``date_line`` its date row)."""
    text = "PEMERINTAH KABUPATEN BALANGAN\n" + (nomor_line or number_rows[0]) + f"\n{date_line}\nHal : Undangan"
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
    ([*DATE_ROWS[:2], "Paringin, 11 MARET 2021"], NUMBER_ROWS),  # the day read otherwise
    ([PAGE_DATE, "Paringin, 17 MARET 2022", "Paringin, 17 MARET 2021"], NUMBER_ROWS),  # no reading gives 2023
    (DATE_ROWS[:2], NUMBER_ROWS),  # one reading of the day and month
])
def test_a_date_stays_empty_unless_both_rows_settle_their_part(date_rows, number_rows):
    assert not _date_settled(date_rows, number_rows).tanggal.present


def test_a_row_that_is_not_the_texts_date_line_gives_no_date():
    """The row's readings must stand in the document's text where its page line stands, and read there as the
    letter's date (as any re-read row in ``settle``)."""
    assert not _date_settled(date_line="Hal : -").tanggal.present


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


def test_a_number_taken_whose_month_contradicts_the_date_leaves_it_empty():
    taken = "Nomor : 041/186/Dispersip/VI/2023"  # June, against a date row reading March
    assert not _date_settled(number_rows=["No. : 0817186 Disperdly/2O23"], nomor_line=taken).tanggal.present



def _voted(number_rows: list[str]):
    """A letter whose place-date row three readings give alike as "24 OKTOBER 2024" (the page's own reading left
    the year unread), and whose number row was read as ``number_rows`` (the page's first, none whole)."""
    page_date = "Paringin, 24 OKTOBER 2O2?"
    text = "PEMERINTAH KABUPATEN BALANGAN\n" + number_rows[0] + f"\n{page_date}\nHal : Undangan"
    metadata = extract_metadata(text)
    assert not metadata.tanggal.present
    rows = ("Paringin, 24 OKTOBER 2024",) * 3
    lines = [fieldread.LineReading("tanggal", page_date, rows, {"tanggal": "2024-10-24"}, {"tanggal": 3}, 4).to_json(),
             fieldread.LineReading("nomor", number_rows[0], tuple(number_rows[1:]), {}, {}, len(number_rows)).to_json()]
    return fieldread.settle(metadata, text, [_record(lines)])


def test_a_re_read_date_whose_year_the_number_rows_readings_contradict_is_not_taken():
    """A date row every reading gives alike ("24 OKTOBER 2024") under a number row whose readings, none whole,
    end with another year ("…/X/2023"): a letter's number carries its year, so the date is misread (lead,
    twenty-first session: a phone photo's head date whose year the photo blurred)."""
    assert not _voted(NUMBER_ROWS).tanggal.present
    same = [r.replace("2023", "2024").replace("2123", "2124") for r in NUMBER_ROWS]
    assert _voted(same).tanggal.value == "2024-10-24"
