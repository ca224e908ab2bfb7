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
