"""A classification code with a figure too many at its head (issue 17; held_out_4801's doc0045, a messenger photo).

"No : 900.1/698/BPKAD/2023" was read "1900.1/698/BPKAD/2023" by the page and by every re-reading of its row (a stroke
before the number read as '1'), and archived so. The heads of the archive classification codes are three figures
(000 … 900 under Permendagri 83/2022, 041 or 045 under the older scheme), so a head of four figures or more before
dotted groups is a misreading (``nomor.CODE_TOO_LONG``): the number is refused, emptied and flagged, never cut back
to three figures by guessing which one is not the code's. Plain sequence numbers of four figures and codes of three
are kept."""
from __future__ import annotations

import pytest

from archive import review
from ingest.metadata import extract_metadata
from ingest.nomor import CODE_RUNS_ON, CODE_TOO_LONG, check_nomor


@pytest.mark.parametrize("number,refused", [
    ("1900.1/698/BPKAD/2023", True), ("1000.4.7.1/204/Dispersip-Blg/III/2023", True), ("4400.10/12/Kec-J/V/2024", True),
    ("900.1/698/BPKAD/2023", False), ("000.4.7.1/204/Dispersip-Blg/III/2023", False), ("045.2/0085", False),
    ("2163/UN30/HK/2021", False), ("1234/Sek/KOM-BSJ/V/2024", False), ("443.39/271/3", False),
    ("DM.02.06/III/3/2265/2011", False),
])
def test_a_code_head_of_four_figures_or_more_is_refused(number, refused):
    assert (CODE_TOO_LONG in check_nomor(number)) is refused


def test_a_code_run_into_its_sequence_number_is_said_once_as_that():
    problems = check_nomor("400.14019/Kec-TT/IV/2025")
    assert CODE_RUNS_ON in problems and CODE_TOO_LONG not in problems


def _letter(number: str) -> str:
    return ("PEMERINTAH KABUPATEN BALANGAN\nBADAN PENGELOLAAN KEUANGAN DAN ASET DAERAH\n"
            f"Nomor : {number}\nParingin, 13 Juni 2023\nLampiran : -\nPerihal : Undangan Rapat Anggaran\n")


def test_a_number_with_a_figure_too_many_is_emptied_and_the_document_flagged():
    bad = extract_metadata(_letter("1900.1/698/BPKAD/2023"))
    assert not bad.nomor.present and CODE_TOO_LONG in bad.nomor.reason
    assert any(r.startswith("nomor:") and CODE_TOO_LONG in r for r in bad.review)
    good = extract_metadata(_letter("900.1/698/BPKAD/2023"))
    assert good.nomor.value == "900.1/698/BPKAD/2023" and CODE_TOO_LONG not in good.nomor.reason
    # the archive says why a number written so is doubtful when one is kept (by a person's import, say)
    fields = {"nomor": review.FieldState("1900.1/698/BPKAD/2023", 0.9, "ocr"),
              "tanggal": review.FieldState("2023-06-13", 0.95, "ocr")}
    doc = review.ReviewInput(id="d", doc_type="lainnya", class_confidence=0.9, typed_by_person=False, fields=fields,
                             pages=((1, 90.0, ()),))
    assert "nomor_format" in [f.key for f in review.flags_for(doc, review.load_rules())]
