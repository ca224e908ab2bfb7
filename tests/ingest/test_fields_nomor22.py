"""Numbers on phone photos and low-resolution scans (issues 17/13, twenty-second session): a reading whose year is
no year a letter carries ("2033" on a letter of 2023) is no rival to the year the other readings give, as an
impossible date is no rival to a valid one; and a number row whose label the page read otherwise than the page's
text holds it ("Na." read, "No." in the text) still gets its re-read value. Letters drawn here as text, through the
real extractor, the real witness vote and the real settling of re-read rows."""
from __future__ import annotations

import pytest
from test_fieldread import _record

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Word
from ingest.nomor import year_out_of_range

VALUE = "041/288/Dispersip/2023"
ROW = "No. : " + VALUE + " Kepada Yth. Kepala MI Nurul Huda"
LOST_ZERO = "No. : 41/288/Dispersip/2023 Kepada Yth. Kepala MI Nurul Huda"


@pytest.mark.parametrize("rival, taken", [
    ("No. : 41/288/Dispersip/2033 Kepada Yth. Kepala MI Nurul Huda", VALUE),  # a year no letter carries: no rival
    ("No. : 41/288/Dispersip/1833 Kepada Yth. Kepala MI Nurul Huda", VALUE),
    ("No. : 41/288/Dispersip/2022 Kepada Yth. Kepala MI Nurul Huda", None),  # a year a letter can carry: a rival
    ("No. : 41/283/Dispersip/2033 Kepada Yth. Kepala MI Nurul Huda", None),  # other digits beside it still are
])
def test_a_reading_with_an_impossible_year_is_no_rival_to_the_year_read(rival, taken):
    """A phone photo: the page read the number, doubted; the page's model's re-readings lose the label or the
    leading zero, one reads the year "2033"; the witness reads the number twice whole. Before, the "2033" reading
    stopped the witness's vote: a year no letter of this age carries names no rival year."""
    page = "No 1 " + VALUE
    readings = ["Na. 3 " + VALUE + " Kepada Yth. Kepala MI Nurul Huda", rival, LOST_ZERO]
    settled = fieldread.witness_vote("nomor", page, readings, [LOST_ZERO, ROW, ROW])
    assert (settled[0] if settled else None) == taken


def test_year_out_of_range_is_the_number_check_s_range():
    assert year_out_of_range(2033, 2026) and year_out_of_range(1930, 2026)
    assert not year_out_of_range(2027, 2026) and not year_out_of_range(1945, 2026)
    assert fieldread._impossible_year("2099") and not fieldread._impossible_year("2024")
    assert not fieldread._impossible_year("20235")  # not a year segment: judged as digits


NUMBER = "000.4.6.3/480/Bid.LPP/DISPERSIP/II/2024"
HEAD = ["PEMERINTAH KABUPATEN BALANGAN", "DINAS PERPUSTAKAAN DAN KEARSIPAN", "", "Paringin, 14 Februari 2024", ""]


def test_a_row_whose_label_the_text_holds_repaired_is_settled_from_its_readings():
    """A low-resolution scan: the page's words read the label "Na." and the month "IV" glued to the next column;
    the page's text holds the row with the label as "No."; the re-readings read the month "11" (II, the letter's
    month) once and the witness model three times, four readings of eight. Before, the re-read row could not be put in the text's place (the label differs),
    extraction read the page's "IV" again and the number stayed empty."""
    glued = "Kepada Yth. Kepala SDN 7 Pulau Sosit Hulu"
    page_line = f"Na. : 000.4.6.3/480/Bid.LPP/DISPERSIP/IV/2024{glued}"
    text = "\n".join([*HEAD, page_line.replace("Na.", "No.", 1), "Perihal : Undangan"])
    words = [Word(w, 34.0 if "/" in w else 95.0, (0, 0, 10, 10)) for w in text.split()]  # its digits doubted
    before = extract_metadata(text, words)
    assert before.tanggal.value == "2024-02-14" and not before.nomor.present  # "IV" is not the letter's month
    readings = [f"No. : 000.4.6.3/480/Bid.LPP/DISPERSIP/IV/2024{glued}",
                f"No. : 000.4.6.3/480/Bid.LPP/DISPERSIP/11/2024{glued}",
                f"No. : 000.4.6.3/480/Bid.LPP/DISPERSIP/IV2024{glued}",
                f"No. : 000.4.6.3/480 Bid.LPP/DISPERSIP:11/202{glued}"]
    witness = [f"NO. : 000.4.6.3/480/Bid.LPP/DISPERSIP/11/2024{glued}",
               f"No. : 000.4.6.3/480/Bid.LPP/DISPERSIP/11/2024{glued}",
               f"No. : 000.4.6.3/480/Bid.LPP/DISPERSIP/I1/2024{glued}"]
    settled = fieldread.witness_vote("nomor", page_line, readings, witness)
    assert settled == (NUMBER, 4)
    line = fieldread.LineReading("nomor", page_line, tuple(readings), {"nomor": NUMBER}, {"nomor": 4}, 8,
                                 (26.0, 80.0, 67.0, 44.0), witness=tuple(witness)).to_json()
    after = fieldread.settle(before, text, [_record([line])])
    assert after.nomor.value == NUMBER


def test_a_row_is_put_in_place_only_where_one_line_differs_from_it_by_its_first_word():
    row = "Na. : 041/12/Dispersip/2024"
    assert fieldread._put_line("A\nNo. : 041/12/Dispersip/2024\nB", row, "X") == "A\nX\nB"
    # two lines that could be it: neither is replaced
    twice = "No. : 041/12/Dispersip/2024\nNomor : 041/12/Dispersip/2024"
    assert fieldread._put_line(twice, row, "X") == twice
    # another word differs too: not the row
    other = "No. : 041/13/Dispersip/2024"
    assert fieldread._put_line(other, row, "X") == other


TBM = "NOMOR : 106/TBM-PP/SP/{}"


def _two_models(page: str, readings: list[str], witness: list[str]) -> dict:
    return fieldread.LineReading("nomor", page, tuple(readings), {}, {}, 1 + len(readings),
                                 witness=tuple(witness)).to_json()


def test_a_year_the_two_models_read_two_ways_is_the_letter_s_year():
    """A flatbed scan: the page's model reads the year "2023" three times (a '5' read '3'), the page "20235", two
    readings lose the '/' before the code; the witness reads "2025" twice; the letter is dated 18 April 2025. Every
    segment before the year is read alike by both models: the date chooses the year, shown low and flagged."""
    line = _two_models(TBM.format("20235"), [TBM.format("2023"), "NOMOR : 196 TBM-PP'SP:2025", TBM.format("2023"),
                                             TBM.format("2023")], [TBM.format("2025"), TBM.format("2025")])
    assert fieldread.confirm_by_segments([line], "2025-04-18") is None  # the year column is split
    got = fieldread.year_by_date([line], "2025-04-18")
    assert got is not None and got.value == "106/TBM-PP/SP/2025" and got.confidence == fieldread.COMPLETED_CONFIDENCE
    text = "NOMOR : 106/TBM-PP/SP/20235\nParingin, 18 April 2025\nPerihal : Permohonan pembinaan"
    before = extract_metadata(text, [Word(w, 52.0 if "/" in w else 95.0, (0, 0, 10, 10)) for w in text.split()])
    assert not before.nomor.present and before.tanggal.value == "2025-04-18"
    after = fieldread.settle(before, text, [_record([line])])
    assert after.nomor.value == "106/TBM-PP/SP/2025" and fieldread.YEAR_BY_DATE_REVIEW in after.review


@pytest.mark.parametrize("readings, witness, dated", [
    # the date's year read once only
    ([TBM.format("2023"), TBM.format("2023")], [TBM.format("2025"), TBM.format("2023")], "2025-04-18"),
    # another segment read two ways: a digit no date can settle
    ([TBM.format("2023"), TBM.format("2023")], [TBM.format("2025"), "NOMOR : 108/TBM-PP/SP/2025"], "2025-04-18"),
    # one model alone: the witness read nothing of the shape
    ([TBM.format("2023"), TBM.format("2025"), TBM.format("2025")], ["NOMOR : 106 TBM"], "2025-04-18"),
    # the date's year is read by neither
    ([TBM.format("2023"), TBM.format("2023")], [TBM.format("2024"), TBM.format("2024")], "2025-04-18"),
    # no date
    ([TBM.format("2023"), TBM.format("2023")], [TBM.format("2025"), TBM.format("2025")], None),
])
def test_a_year_is_chosen_by_the_date_only_where_the_rest_is_read_alike_by_both(readings, witness, dated):
    assert fieldread.year_by_date([_two_models(TBM.format("20235"), readings, witness)], dated) is None
