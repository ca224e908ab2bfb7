"""A number voted place by place (``fieldread.aligned_number``) whose row's own re-readings split on a digit
("400.11" by two, "400.14" by two, the other readings tipping the place) is shown, but named for review: Tesseract
could not settle the digit, so the archive must say it is unsure (a fax's "4" read as "1"). One re-reading alone
that reads a digit otherwise is a misread, and the number stays sure. Written readings, through ``settle`` with the
real extractor."""
from __future__ import annotations

from test_fieldread_aligned import _settled as _aligned_settled

from ingest import fieldread

NUMBER = "400.11/008/Kel-PS/IV/2024"


def _settled(rows, witness):
    return _aligned_settled(rows, witness, date="Padang Sago, 15 April 2024",
                            head="PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN TEBING TINGGI",
                            hal="Perihal : Permintaan Pembinaan")


# the page's line and each re-reading garble another character, so no reading gives the number whole
PAGE = "NO. : 400.11/008/Kel-PS/IVI2024"
WITNESS = ["NO. : 400.11/008/Kel-PS/IV/2O24", "NO. : 400.11/008/KeI-PS/IVI2024", "NO. : 400.11/008/Kel-PS/VU/2024"]


def test_a_digit_the_re_readings_split_on_is_named_for_review():
    rows = [PAGE, "NO. : 400.14/008/Kel-PS/VU/2024", "NO. : 400.14/008/Kel-PS/IVI2024",
            "NO. : 400.11/008/Kel-PS/VU/2024", "NO. : 400.11/008/Kel-PS/IV/2O24"]
    assert not fieldread.vote(rows)[0]
    after = _settled(rows, WITNESS)
    assert after.nomor.value == NUMBER
    assert "dibaca ulang per karakter" in after.nomor.reason
    assert after.needs_review
    assert any(r.startswith("nomor:") and "400.14" in r for r in after.review), after.review


def test_one_re_reading_with_another_digit_leaves_the_number_sure():
    rows = [PAGE, "NO. : 400.14/008/Kel-PS/VU/2024", "NO. : 400.11/008/Kel-PS/IVI2024",
            "NO. : 400.11/008/Kel-PS/VU/2024", "NO. : 400.11/008/Kel-PS/IV/2O24"]
    after = _settled(rows, WITNESS)
    assert after.nomor.value == NUMBER
    assert not any(r.startswith("nomor:") for r in after.review), after.review
