"""A fax's or photo's number row whose page reading gives the number whole (extraction emptied it: Tesseract
doubted the word) while most re-readings write figures into the code's abbreviated word ("B1d", "13id", "J31d"
for "Bid"), so neither the votes nor the character vote settle it (``fieldread.word_lost_number``, photonomor27).
A reading that wrote figures into a word of letters lost that word and names no other: it abstains on that
segment; every other segment, and the word itself among the readings that kept it, must be read as the page
reads it. Written readings of the kinds a cached fax page of the generated sets gives, through ``settle`` with the
real extractor (whether Tesseract splits a given capital on a rendered row cannot be made to happen on purpose)."""
from __future__ import annotations

import pytest
from test_fieldread import _record

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Word

NUMBER = "400.10/164/Bid.LPP/DISPERSIP/VIII/2023"
DATE = "Paringin, 11 Agustus 2023"
PAGE = f"NOMOR : {NUMBER}"
ROWS = ["NOMOR : 400.10/164/B1d.LPP/DISPERSIP/VII!/2023", "NOMOR : 400.10/164/51d. LPP/DISPERSIP/VIIN/2023",
        "NOMOR : 400.10/164/Bid.LPP/DISPERSIP/VIII/2023", "NOMOR : 400.10/164/33id. LPP/DISPERSIP/VIN/2023",
        "NOMOR : 400.10/164/J31d. LPP/DISPERSIP/VII1/2023"]
WITNESS = ["NOMOR : 400.10/164/15id. LP P/DISPERSIP/VII1/2023", "NOMOR : 400.10/164/15id. LP /DISPERSIP/VII1/2023",
           "NOMOR : 400.10/164/13id.LPP/DISPERSIP/VII1/2023"]
SHARPENED = ["NOMOR : 400.10/164/Bid.LPP/DISPERSIP/VIIN/2023", "NOMOR : 400.10/164/13id.LPI/DISPERSIP/VII1/2023",
             "NOMOR : 400.10/164/B1d.LPP/DISPERSIP/VII!/2023", "NOMOR : 400.10/164/15id. LP P/DISPERSIP/VII1/2023",
             "NOMOR : 400.10/164/Bid.LPP/DISPERSIP/VIII/2023", "NOMOR : 400.10/164/13id.LPP/DISPERSIP/VII1/2023"]


def _settled(page=PAGE, rows=ROWS, witness=WITNESS, sharpened=SHARPENED, date=DATE):
    text = f"PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN\n{page}\n{date}\nHal : Undangan"
    label, colon, value = page.split(" ", 2)
    words = [Word(label, 90.0, (10, 100, 80, 20), 2), Word(colon, 90.0, (100, 100, 5, 20), 2),
             Word(value, 0.0, (120, 100, 600, 20), 2)]  # the number word Tesseract could hardly read
    metadata = extract_metadata(text, words)
    assert not metadata.nomor.present, metadata.nomor
    values, votes = fieldread.vote([page, *rows])
    line = fieldread.LineReading("nomor", page, tuple(rows), values, votes, 1 + len(rows),
                                 witness=tuple(witness), sharpened=tuple(sharpened)).to_json()
    return fieldread.settle(metadata, text, [_record([line])])


def test_readings_that_wrote_figures_into_the_code_word_abstain_on_it():
    assert not fieldread.vote([PAGE, *ROWS])[0]
    after = _settled()
    assert after.nomor.value == NUMBER
    assert after.nomor.confidence == fieldread.COMPLETED_CONFIDENCE  # shown to a clerk
    assert fieldread.WORD_LOST_REVIEW in after.review
    assert "angka dalam kata kode" in after.nomor.reason


def test_without_a_reading_that_lost_the_word_nothing_is_added():
    """Every reading keeps the word: the rules before saw the same readings, this one adds nothing."""
    rows = [r for r in ROWS if "Bid." in r]
    sharp = [s for s in SHARPENED if "Bid." in s]
    assert fieldread.word_lost_number([fieldread.LineReading(
        "nomor", PAGE, tuple(rows), {}, {}, 1 + len(rows), sharpened=tuple(sharp)).to_json()], "2023-08-11") is None


@pytest.mark.parametrize("rival", [
    "NOMOR : 400.10/164/Bld.LPP/DISPERSIP/VIII/2023",  # a reading that keeps the word reads it otherwise
    "NOMOR : 400.10/184/Bid.LPP/DISPERSIP/VIII/2023",  # a segment of figures read otherwise
    "NOMOR : 400.10/164/Bid.LPP/DISPERSIP/VII/2023",  # another month I-XII
    "NOMOR : 400.1/164/Bid.LPP/DISPERSIP/VIII/2023",  # the code's figures read otherwise
])
def test_a_rival_reading_leaves_it_empty(rival):
    assert not _settled(rows=[*ROWS, rival]).nomor.present


def test_the_word_kept_only_by_the_sharpened_images_is_not_enough():
    """The sharpened images' readings are of one crop and err together: the page's model or the witness must
    read the word too."""
    rows = [r.replace("/Bid.", "/B1d.") for r in ROWS]
    assert not _settled(rows=rows).nomor.present


def test_the_page_reading_must_keep_the_word():
    page = "NOMOR : 400.10/164/B1d.LPP/DISPERSIP/VIII/2023"
    assert not _settled(page=page).nomor.present


def test_a_month_other_than_the_letters_leaves_it_empty():
    assert not _settled(date="Paringin, 11 Juli 2023").nomor.present


def test_no_letter_date_nothing():
    line = fieldread.LineReading("nomor", PAGE, tuple(ROWS), {}, {}, 6, witness=tuple(WITNESS),
                                 sharpened=tuple(SHARPENED)).to_json()
    assert fieldread.word_lost_number([line], None) is None
    assert fieldread.word_lost_number([line], "2023-08-11").value == NUMBER


@pytest.mark.parametrize("segment,lost", [
    ("B1d.LPP", True), ("13id.LPP", True), ("J31d. LPP", True), ("Dispersip-B1g", True),
    ("Bid.LPP", False), ("SDN2", False), ("Kec-TT1", False), ("400.10", False), ("DISPERSIP", False),
])
def test_word_lost(segment, lost):
    assert fieldread._word_lost(segment) is lost
