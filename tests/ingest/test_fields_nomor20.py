"""Numbers on fax, low-resolution and photocopied pages (issues 17/13, twentieth session): a re-reading that
saw a mark no number prints inside a segment ("42/!BAST": a speck or a doubled stroke read as '!') abstains on
that segment instead of dissenting, so the page and the other readings can settle it; it never adds a vote.
Letters drawn here as text, through the real extractor and the real settling of re-read rows."""
from __future__ import annotations

import pytest
from test_fieldread import _line, _record

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Word
from ingest.nomor import CODE_CONFIDENCE, CODE_FROM_LETTERHEAD, letterhead_words, mark_by_letterhead

NUMBER = "42/BAST/Dispersip/V/2025"
DINAS = ["PEMERINTAH KABUPATEN BALANGAN", "DINAS PERPUSTAKAAN DAN KEARSIPAN"]


def _text(number: str) -> str:
    return f"Nomor : {number}\nParingin, 5 Mei 2025\nPerihal : Serah terima buku"


def test_a_reading_with_a_mark_in_a_segment_abstains_and_the_others_settle_it():
    """A low-resolution scan: the page and two re-readings read the number alike, a third re-reading reads a
    '!' before the code. Before, that reading dissented and nothing was confirmed; now it abstains."""
    page = "Nomor : " + NUMBER
    readings = ["Nomor : " + NUMBER, "Nomor : 42/!BAST/Dispersip/V/2025", "Nomor : " + NUMBER]
    got = fieldread.confirm_by_segments([_line(page, readings)], "2025-05-05")
    assert got is not None and got.value == NUMBER


@pytest.mark.parametrize("page, readings", [
    # the page itself reads another code: a marked reading cannot make up the missing vote
    ("Nomor : 42/BAS/Dispersip/V/2025",
     ["Nomor : " + NUMBER, "Nomor : 42/!BAST/Dispersip/V/2025", "Nomor : " + NUMBER]),
    # one clean re-reading and the page: with the marked one abstaining, fewer than three readings see it
    ("Nomor : " + NUMBER, ["Nomor : " + NUMBER, "Nomor : 42/!BAST/Dispersip/V/2025",
                           "Nomor : 42/'BAST/Dispersip/V/2025"]),
    # the clean readings dissent on a digit: a mark elsewhere changes nothing
    ("Nomor : " + NUMBER, ["Nomor : 42/BAST/Dispersip/V/2025", "Nomor : 47/!BAST/Dispersip/V/2025",
                           "Nomor : 47/BAST/Dispersip/V/2025"]),
    # every reading marks the code: no reading saw it, nothing is settled
    ("Nomor : 76/'BM-JC/SP/2025", ["Nomor : 76/'BM-JC/SP/2025", 'Nomor : 76/"BM-JC/SP/2025',
                                   "Nomor : 76/'BM-JC/SP/2025"]),
])
def test_a_marked_reading_never_adds_a_vote(page, readings):
    assert fieldread.confirm_by_segments([_line(page, readings)], "2025-05-05") is None


def test_through_settle_a_doubted_number_is_confirmed_with_the_marked_reading_abstaining():
    """The low-resolution scan as ``settle`` sees it: the page read the number right but Tesseract doubted its
    digits (62), so extraction emptied it; the re-readings read "Big", "Blg" and "!BAST". The vote splits on
    the code letter; under the kop every reading's code is "Blg", the '!' reading abstains on "BAST", and the
    number is confirmed segment by segment, inferred letter shown low and named for review."""
    number = "42/BAST/Dispersip-Blg/V/2025"
    text = "\n".join(DINAS) + "\n" + _text(number)
    words = [Word(w, 96.0, (0, 0, 10, 10)) for w in text.split() if w != number] + [Word(number, 62.0, (0, 0, 10, 10))]
    before = extract_metadata(text, words)
    assert not before.nomor.present
    readings = ["Nomor : 42/BAST/Dispersip-Big/V/2025", "Nomor : " + number, "Nomor : 42/!BAST/Dispersip-Blg/V/2025"]
    line = _line("Nomor : " + number, readings)
    assert not line["values"]  # the row's vote split on the code letter
    after = fieldread.settle(before, text, [_record([line])])
    assert after.nomor.value == number
    assert "per segmen" in after.nomor.reason and after.nomor.confidence <= 0.35
    assert any(r.startswith("nomor:") for r in after.review)


# ---------------------------------------------------------------- a mark where a code's first capital stood

TBM = ["TAMAN BACAAN MASYARAKAT", "JENDELA CERIA", "Jl. Wegowet No. 9, Desa Pulau Wegowet, Kecamatan Juai"]


def _letter(kop: list[str], row: str) -> str:
    return "\n".join(kop) + f"\nPulau Wegowet, 04 Agustus 2023\n{row}\nPerihal : Peminjaman Buku Kolektif\n"


@pytest.mark.parametrize("row", ["No. : 76/ 'BM-JC/SP/2023 Kepada Yth. Kepala Dinas", 'No. : 76/"BM-JC/SP/2023'])
def test_a_mark_read_for_the_code_s_first_capital_is_put_back_from_the_kop(row):
    """A photocopy's number row: the 'T' of "TBM" read as a quote. The kop's line "TAMAN BACAAN MASYARAKAT" is
    the office's name, "TBM" its initials and "BM" not: the capital is put back, the number shown low and
    named for review."""
    md = extract_metadata(_letter(TBM, row))
    assert md.nomor.value == "76/TBM-JC/SP/2023"
    assert md.nomor.confidence <= CODE_CONFIDENCE
    assert any(r.startswith("nomor:") and CODE_FROM_LETTERHEAD in r for r in md.review)
    assert not any("tidak terbaca utuh" in r for r in md.review)


@pytest.mark.parametrize("kop,row", [
    (["PEMERINTAH KABUPATEN BALANGAN", "DINAS PERPUSTAKAAN DAN KEARSIPAN"], "No. : 76/ 'BM-JC/SP/2023"),  # no kop line
    (["TAMAN BACAAN MASYARAKAT", "SANGGAR BACAAN MASYARAKAT"], "No. : 76/ 'BM-JC/SP/2023"),  # "TBM" or "SBM"
    (["BACAAN MASYARAKAT", "TAMAN BACAAN MASYARAKAT"], "No. : 76/ 'BM-JC/SP/2023"),  # "BM" is itself a kop line's
    (TBM, "No. : 76/ 'C/SP/2023"),  # one capital: too little to place
])
def test_a_mark_the_kop_does_not_settle_is_left_as_read(kop, row):
    md = extract_metadata(_letter(kop, row))
    assert not md.nomor.present or "TBM" not in str(md.nomor.value) and "SBM" not in str(md.nomor.value)


def test_a_number_read_whole_is_never_touched_by_the_kop_fill():
    md = extract_metadata(_letter(TBM, "No. : 76/TBM-JC/SP/2023"))
    assert md.nomor.value == "76/TBM-JC/SP/2023" and md.nomor.confidence > 0.9
    assert mark_by_letterhead("76/TBM-JC/SP/2023", letterhead_words(TBM)) == ("76/TBM-JC/SP/2023", [])


# ---------------------------------------------------------------- a number printed with spaces inside it

SPACED = "03/PP.BJM- BJ Kons.PRC Rhb Ktr Kec Pen Lt 1/Kec Bantim /2024"


def _read(page: str, readings: list[str], confidences: list[float]) -> dict:
    values, votes = fieldread.vote([page] + readings)
    return fieldread.LineReading("nomor", page, tuple(readings), values, votes, 1 + len(readings),
                                 tuple(confidences)).to_json()


def test_a_spaced_number_every_reading_gives_alike_is_taken_low_and_flagged():
    """A contractor's letter prints its number with spaces inside the segments. Extraction refuses spaces in a
    number on one reading; the page and three re-readings give the row word for word alike, digits read at 87
    or more, the row ending with the letter's year: taken, shown low, named for review."""
    row = "Nomor: " + SPACED
    text = f"PEMERINTAH KOTA BANJARMASIN\n{row}\nBanjarmasin, 3 Oktober 2024\nPerihal : Permohonan"
    before = extract_metadata(text)
    assert not before.nomor.present
    line = _read(row, [row, row, row], [89.0, 87.0, 89.0])
    after = fieldread.settle(before, text, [_record([line])])
    assert after.nomor.value == SPACED
    assert after.nomor.confidence <= 0.35
    assert fieldread.SPACED_REVIEW in after.review


@pytest.mark.parametrize("page, readings, confidences", [
    # one re-reading reads a word otherwise: the boundary or a word is in doubt
    ("Nomor: " + SPACED, ["Nomor: " + SPACED, "Nomor: " + SPACED.replace("Rhb", "Rhh")], [89.0, 88.0]),
    # a reading doubts its digits
    ("Nomor: " + SPACED, ["Nomor: " + SPACED, "Nomor: " + SPACED], [89.0, 61.0]),
    # one re-reading only: too few readings to say where the number ends
    ("Nomor: " + SPACED, ["Nomor: " + SPACED], [89.0]),
    # the row runs on past the year into the next column
    ("Nomor: " + SPACED + " Kepada Yth", ["Nomor: " + SPACED + " Kepada Yth"] * 2, [89.0, 89.0]),
    # the year is not the letter's
    ("Nomor: " + SPACED.replace("2024", "2019"), ["Nomor: " + SPACED.replace("2024", "2019")] * 2, [89.0, 89.0]),
])
def test_a_spaced_number_any_reading_doubts_is_not_taken(page, readings, confidences):
    assert fieldread.spaced_number([_read(page, readings, confidences)], "2024-10-03") is None
