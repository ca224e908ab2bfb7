"""Numbers printed with spaces beside their slashes whose label's colon OCR lost (issue 13, twenty-third session).

Offices type a number as "045 / 1123/ DISPERSIP" (spaces beside the slashes); a low-resolution scan often loses the
thin colon after "Nomor" or reads it as a short word ("Nomor Tg 045 / …"). Without a colon the extractor takes only
a structured number; the spaced form was not one, so the row gave nothing, whichever way it was read. Letters drawn
here as text, through the real extractor and the real vote over re-read rows."""
from __future__ import annotations

import pytest

from ingest import fieldread
from ingest.metadata import DAY_GAP, extract_metadata
from ingest.model import Word

HEAD = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"
        "Jalan Jend. A. Yani Km. 4,5 Paringin Selatan 71618\n\nParingin, 3 Maret 2025\n")
TAIL = ("\nLampiran : -\nPerihal : Undangan Rapat Koordinasi\n\nKepada Yth. Kepala Sekolah\nse-Kabupaten Balangan\n"
        "di Paringin\n\nDengan hormat, bersama ini kami mengundang Saudara.\n")


@pytest.mark.parametrize("row, value", [
    ("Nomor 045 / 1123/ DISPERSIP", "045/1123/DISPERSIP"),  # the colon lost, spaces on both sides of a slash
    ("Nomor 045/ 1123/ DISPERSIP/2025", "045/1123/DISPERSIP/2025"),  # a space after each slash
    ("NOMOR 800 / 17 / Disdik / III / 2025", "800/17/Disdik/III/2025"),
])
def test_a_spaced_number_without_its_colon_is_read(row, value):
    metadata = extract_metadata(HEAD + row + TAIL)
    assert metadata.nomor.value == value
    assert metadata.nomor.confidence < 0.95  # no colon read: not as sure as a labelled row with its colon


@pytest.mark.parametrize("row", [
    "Nomor 3 / 4 lembar terlampir",  # two numbers and a slash: no structured number
    "Nomor 12 / 2020 tentang Kearsipan",  # one slash only
    "Nomor telepon 0526 / 2028 / ext",  # the first piece is a word, not a number
])
def test_a_row_that_is_no_spaced_number_stays_unread(row):
    assert not extract_metadata(HEAD + row + TAIL).nomor.present


def test_a_re_read_row_whose_colon_came_out_as_letters_votes_for_the_spaced_number():
    """Re-readings of a blurred number row that read the colon as a short word ("Tg") and the slashes with spaces
    beside them settle the number; before, none of them gave a value."""
    readings = ["Nomor Tg 045 / 1123/ DISPERSIP", "Nomor 045 / 1123/ DISPERSIP", "Nomor : 045 / 1123/ DISPERSIP"]
    values, votes = fieldread.vote(["Nomor 045 1 11231 DISPERSIP", *readings])
    assert values.get("nomor") == "045/1123/DISPERSIP" and votes["nomor"] == 3
    assert fieldread.line_values(readings[0]) == {"nomor": "045/1123/DISPERSIP"}


# ---------------------------------------------------------------- a mark in the blank after a one-figure day

LETTER = ("PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN JUAI\n{date}\nNomor : 005/112/Kec-JUAI/II/2024\n"
          "Perihal : Undangan Rapat Koordinasi\nKepada Yth. Kepala Desa se-Kecamatan Juai\n")


def _row(day: str, month: str, speck_at: int | None, day_right: int) -> list[Word]:
    """A place-date row's words as the page reading lists them: the row's words left to right, then a word a later
    reading added to the row (a mark read again, at ``speck_at``), listed after them."""
    words = [Word("Juai,", 92.0, (1000, 290, 90, 34), 3), Word(day, 90.0, (1110, 292, day_right - 1110, 30), 3),
             Word(month, 95.0, (1170, 290, 150, 34), 3), Word("2024", 96.0, (1340, 292, 80, 30), 3)]
    if speck_at is not None:
        words.append(Word("F", 91.0, (speck_at, 288, 18, 36), 3))
    return words


def test_a_mark_read_in_the_blank_after_the_day_is_no_lost_figure():
    """A speck in the blank between a one-figure day and its month, read as a letter by a later reading and listed
    after the row's words: the day's right neighbour is the mark, the blank is no wider than a word space. Before,
    the row was measured in list order (the mark's negative "space" the row's usual one) and the date emptied."""
    text = LETTER.format(date="Juai, 6 Februari 2024")
    metadata = extract_metadata(text, _row("6", "Februari", 1140, 1130))
    assert metadata.tanggal.value == "2024-02-06"
    assert DAY_GAP not in metadata.tanggal.reason


def test_a_blank_for_a_lost_figure_still_counts_with_a_word_listed_out_of_order():
    """The same row with nothing in the blank and a mark listed out of order at the row's end: the lost figure's
    blank is still seen."""
    text = LETTER.format(date="Juai, 1 Februari 2024")
    metadata = extract_metadata(text, _row("1", "Februari", 1440, 1128))
    assert not metadata.tanggal.present and DAY_GAP in metadata.tanggal.reason
