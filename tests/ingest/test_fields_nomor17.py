"""Wrong numbers made empty and flagged by the kind of error (issues 17/13, seventeenth session): a year earlier
than a number the letter cites, a code's letters run into its digits ("BA441" for "BA-041"), readings that split
on a thin or descending letter of a mixed-case code ("Bly"/"Blg", "Big"/"Blg"), a yearless number whose every
reading doubts its digits. Letters drawn here as text, through the real extractor and the real vote."""
from __future__ import annotations

import pytest
from test_fieldread import _record

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Word
from ingest.nomor import CITES_LATER_NOMOR, cites_later, code_runs_into_digits, letters_dissent

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"
BODY = ("Menindaklanjuti surat Saudara Nomor 400.14/065/Kec-PS/III/{cited} tanggal 1 Maret {cited} perihal "
        "Permohonan Pendampingan, dengan ini kami sampaikan jadwal kegiatan.\n")


def _letter(own_year: int, cited_year: int) -> str:
    return (HEAD + f"Paringin, 4 Maret {own_year}\nNo. : 041/355/Dispersip/{own_year}\nHal : Jadwal\n"
            + BODY.format(cited=cited_year))


def test_a_number_older_than_the_letter_it_answers_is_emptied_and_flagged():
    """A fax's "4" read "1" in the date and the number alike: the letter of "2021" answers one of 2024, which
    cannot be; the number's year is misread, so the number is left empty and the document named for review."""
    got = extract_metadata(_letter(2021, 2024))
    assert not got.nomor.present
    assert CITES_LATER_NOMOR in got.nomor.reason
    assert any(r.startswith("nomor:") and CITES_LATER_NOMOR in r for r in got.review)


@pytest.mark.parametrize("cited_year", [2023, 2024])  # an earlier or same-year letter answered: nothing to doubt
def test_a_number_answering_an_earlier_or_same_year_letter_is_kept(cited_year):
    got = extract_metadata(_letter(2024, cited_year))
    assert got.nomor.value == "041/355/Dispersip/2024"
    assert not any(CITES_LATER_NOMOR in r for r in got.review)


def test_cites_later_reads_the_years_of_the_numbers():
    assert cites_later("041/355/Dispersip/2021", ["400.14/065/Kec-PS/III/2024"]) == "400.14/065/Kec-PS/III/2024"
    assert cites_later("041/355/Dispersip/2024", ["400.14/065/Kec-PS/III/2024", "12/2019"]) is None
    assert cites_later("445/03279", ["400.14/065/Kec-PS/III/2024"]) is None  # no year of its own: nothing to compare


def test_readings_agreeing_on_a_number_older_than_the_letter_it_answers_do_not_fill_it():
    text = _letter(2021, 2024)
    before = extract_metadata(text)
    line = {"field": "nomor", "page_line": "No. : 041/355/Dispersip/2021", "readings": ["No. : 041/355/Dispersip/2021"] * 2,
            "values": {"nomor": "041/355/Dispersip/2021"}, "votes": {"nomor": 3}, "of": 3, "confidences": [80.0, 55.0]}
    after = fieldread.settle(before, text, [_record([line])])
    assert not after.nomor.present


@pytest.mark.parametrize("value,glued", [("BA441/DISPERSIP/2024", True), ("BA-041/DISPERSIP/2024", False),
                                         ("2163/UN30/HK/2021", False), ("421.2/091/SJ-6/VI/2025", False),
                                         ("35/SK/SDITMUH/X/2015", False), ("SMPN1-JUAI/12/2024", False)])
def test_a_codes_capitals_run_into_three_digits_are_told(value, glued):
    assert code_runs_into_digits(value) is glued


def test_a_doubted_number_whose_code_runs_into_its_digits_is_left_empty():
    """The page read "BA441" for "BA-041" and Tesseract doubted it (78): the dash was read as a digit, so the value
    is unsure; read sure, the same text is kept (a code with three digits and no dash is not impossible)."""
    text = HEAD + "Nomor : BA441/DISPERSIP/2024\nParingin, 23 Agustus 2024\nHal : Berita Acara\n"
    doubted = [Word("Nomor", 95.0, (100, 300, 120, 40), 2), Word(":", 90.0, (230, 300, 8, 40), 2),
               Word("BA441/DISPERSIP/2024", 78.0, (250, 300, 500, 40), 2)]
    got = extract_metadata(text, doubted)
    assert not got.nomor.present
    assert any("menyatu dengan angka" in r for r in got.review)
    sure = [*doubted[:2], Word("BA441/DISPERSIP/2024", 96.0, (250, 300, 500, 40), 2)]
    assert extract_metadata(text, sure).nomor.value == "BA441/DISPERSIP/2024"


def test_readings_agreeing_on_a_code_run_into_digits_do_not_fill_it():
    text = HEAD + "Nomor : BA441/DISPERSIP/2024\nParingin, 23 Agustus 2024\nHal : Berita Acara\n"
    before = extract_metadata(text, [Word("BA441/DISPERSIP/2024", 60.0, (250, 300, 500, 40), 2)])
    assert not before.nomor.present
    readings = ["Nomor : BA441/DISPERSIP/2024"] * 3
    values, votes = fieldread.vote(["Nomor : BA441/DISPERSIP/2024", *readings])
    line = fieldread.LineReading("nomor", "Nomor : BA441/DISPERSIP/2024", tuple(readings), values, votes, 4,
                                 (90.0, 90.0, 90.0)).to_json()
    assert not fieldread.settle(before, text, [_record([line])]).nomor.present


@pytest.mark.parametrize("chosen,other,dissent", [
    ("000.4.7.1/160/Dispersip-Bly/III/2023", "000.4.7.1/160/Dispersip-Blg/II/2023", True),  # y / g
    ("000.4.7.1/147/Dispersip-Big/IV/2024", "000.4.7.1/147/Dispersip-Blg/IV/2024", True),  # i / l
    ("000.4.7.1/147/Dispersip-Blg/IV/2024", "000.4.7.1/147/Dispersip-Bla/IV/2024", False),  # no thin-letter pair
    ("000.4.7.1/147/DISPERSIP/IV/2024", "000.4.7.1/147/DlSPERSlP/IV/2024", False),  # capitals: OCR's l is an I
    ("000.4.7.1/147/Dispersip-Blg/IV/2024", "000.4.7.1/147/Dispersip-Blg/IV/2024", False),
    ("000.4.7.1/147/Dispersip-Blg/IV/2024", "147/Dispersip-Big/IV/2024", False)])  # another shape
def test_a_mixed_case_code_read_with_another_thin_or_descending_letter_is_dissent(chosen, other, dissent):
    assert letters_dissent(chosen, other) is dissent


def test_three_readings_of_bly_against_one_of_blg_settle_nothing():
    """Three of four readings of a fax's number row give "…-Bly/…", one "…-B1g/…" (Blg): the vote had taken the
    majority; a letter of the code the readings split on by a descender is one Tesseract cannot settle."""
    page = "No. : 000.4.7.1/160/Dispersip-Bly/111/2023"
    readings = [page, "No. : 000.4.7.1/160/Dispersip-B1g/11/2023", page]
    values, _ = fieldread.vote([page, *readings])
    assert "nomor" not in values
    same = fieldread.vote([page, page, page, page])[0]
    assert same["nomor"] == "000.4.7.1/160/Dispersip-Bly/III/2023"  # no reading dissents: the vote stands


def test_a_yearless_number_every_reading_doubts_is_not_taken_and_one_read_sure_is():
    """The number's year was lost where the next column ran into it ("…/DISPERSIPAMAMIA"): readings agreeing on
    a number with no year whose every digit Tesseract doubted are no reading of it."""
    row = "NOMOR : 000.4.6.3/232/Bid.LPP/DISPERSIPAMAMIA"
    text = HEAD + row + "\nParingin, 12 Juni 2023\nHal : Pembinaan\n"
    before = extract_metadata(text, [Word("000.4.6.3/232/Bid.LPP/DISPERSIPAMAMIA", 23.0, (250, 300, 700, 40), 2)])
    assert not before.nomor.present
    values, votes = fieldread.vote([row, row, row])

    def settled(confidences):
        line = fieldread.LineReading("nomor", row, (row, row), values, votes, 3, confidences).to_json()
        return fieldread.settle(before, text, [_record([line])]).nomor

    assert not settled((0.0, 63.0)).present
    assert settled((92.0, 95.0)).value == "000.4.6.3/232/Bid.LPP/DISPERSIPAMAMIA"


def _month_split(page_line: str, readings: list[str]) -> dict:
    values, votes = fieldread.vote([page_line, *readings])
    return fieldread.LineReading("nomor", page_line, tuple(readings), values, votes, 1 + len(readings),
                                 tuple(40.0 for _ in readings)).to_json()


def test_two_rereadings_and_the_page_reading_every_segment_alike_confirm_it_with_the_dates_month():
    """A fax's "VIII" read "V111" by the page (doubted, emptied), "V1", "V111" and three times "V 11" (a space:
    no number) by the re-readings: two re-readings and the page read every other segment alike and the page
    and one re-reading give the letter's own month (August). Before, two re-readings were too few."""
    page = "NOMOR : 000.4.6.2/407/Bid.LPP/DISPERSIP/V111/2024"
    text = HEAD + page + "\nParingin, 13 Agustus 2024\nHal : Undangan\n"
    before = extract_metadata(text, [Word("000.4.6.2/407/Bid.LPP/DISPERSIP/V111/2024", 46.0, (250, 300, 700, 40), 2)])
    assert not before.nomor.present
    spaced = "NOMOR : 000.4.6.2/407/Bid.LPP/DISPERSIP/V 11/2024"
    line = _month_split(page, [spaced, "NOMOR : 000.4.6.2/407/Bid.LPP/DISPERSIP/V1/2024", page, spaced, spaced])
    assert "nomor" not in line["values"]
    after = fieldread.settle(before, text, [_record([line])])
    assert after.nomor.value == "000.4.6.2/407/Bid.LPP/DISPERSIP/VIII/2024"


@pytest.mark.parametrize("readings", [
    ["NOMOR : 000.4.6.2/407/Bid.LPP/DISPERSIP/V1/2024", "NOMOR : 000.4.6.2/401/Bid.LPP/DISPERSIP/V111/2024"],  # 407/401
    ["NOMOR : 000.4.6.2/407/Bid.LPP/DISPERSIP/V1/2024", "NOMOR : 000.4.6.2/407/Bid.LPP/DISPERSIP/V1/2024"],  # VI twice
    ["NOMOR : 000.4.6.2/407/Bid.LPP/DISPERSIP/V111/2024"]])  # one re-reading and the page: too few
def test_the_page_and_re_readings_that_split_on_a_segment_or_are_too_few_confirm_nothing(readings):
    line = _month_split("NOMOR : 000.4.6.2/407/Bid.LPP/DISPERSIP/V111/2024", readings)
    assert fieldread.confirm_by_segments([line], "2024-08-13") is None
    assert fieldread.confirm_by_segments([line], None) is None  # undated: nothing confirms the month
