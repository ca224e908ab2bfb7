"""The one nomor normaliser: the table of "same number" cases that extraction, search (``archive.textnorm``),
linking and the audit (``archive.audit.same_nomor``) all answer alike, and the validation of a number's
Roman month and year."""
from __future__ import annotations

import pytest

from archive import audit, textnorm
from ingest.metadata import extract_metadata
from ingest.nomor import check_nomor, has_gap, nomor_key, nomor_year, same_nomor

# (a, b, same?) — OCR readings of one number are the same; numbers that differ in a digit or a code are not.
SAME_NOMOR = [
    ("045/l2/DISPERSIP/2O24", "045/12/DISPERSIP/2024", True),  # l for 1, O for 0
    ("045/12/DlSPERSlP/2024", "045/12/DISPERSIP/2024", True),  # l for I inside the code
    ("045 / 12 / DISPERSIP / 2024", "045/12/DISPERSIP/2024", True),  # spaces around '/'
    ("000,4.7.1/05/DISPERSIP/2024", "000.4.7.1/05/DISPERSIP/2024", True),  # ',' for '.'
    ("000 . 4.7.1/05/DISPERSIP/2024", "000.4.7.1/05/DISPERSIP/2024", True),  # spaces around '.'
    ("045/0S/DISPERSIP/2024", "045/05/DISPERSIP/2024", True),  # S for 5 in a number
    ("045/1B/DISPERSIP/2024", "045/18/DISPERSIP/2024", True),  # B for 8 in a number
    ("045/12/D15PERSIP/2024", "045/12/DISPERSIP/2024", True),  # 1/5 for I/S in a code
    ("400.10/350/Dispersip-B1g/X/2024", "400.10/350/DISPERSIP-BLG/X/2024", True),  # case, 1 for l
    ("000.4.7.1/365/Dispersip-B19/11/2023", "000.4.7.1/365/Dispersip-Blg/II/2023", True),  # 9 for g, 11 for II
    ("64/MI-NH/Il/2023", "64/MI-NH/II/2023", True),
    ("045/12/DISPERSIP/2024", "045/13/DISPERSIP/2024", False),  # another sequence number
    ("045/12/DISPERSIP/2024", "045/12/DISPERSIP/2023", False),  # another year
    ("045/12/DISPERSIP/VI/2024", "045/12/DISPERSIP/VU/2024", False),  # a damaged month is not guessed
    ("045/12/DISPERSIP/IV/2024", "045/12/DISPERSIP/VI/2024", False),
    ("045/12/DISPERSIP/2024", "045/12/DISPERPUS/2024", False),  # another unit code
    ("045/12/DISPERSIP/2024", "045/120/DISPERSIP/2024", False),
    ("", "", False),
    (None, "045/12/DISPERSIP/2024", False),
]


@pytest.mark.parametrize("a,b,same", SAME_NOMOR)
def test_one_definition_of_the_same_nomor(a, b, same):
    assert same_nomor(a, b) is same
    assert audit.same_nomor(a, b) is same  # linking and the audit
    if a and b:
        assert (textnorm.nomor_key(a) == textnorm.nomor_key(b)) is same  # search
        assert (nomor_key(a) == nomor_key(b)) is same


def test_key_is_stable_and_readable():
    assert nomor_key("045/l2/DISPERSIP/2O24") == "045/12/DISPERSIP/2024"
    assert nomor_key(nomor_key("045/l2/DlSPERSlP/2O24")) == nomor_key("045/l2/DlSPERSlP/2O24")


@pytest.mark.parametrize("raw", ["500/", "/IV/2023", "005 / / 35.07.24/2020", "520/ - Sekr./DKP3", "005/ -Ekbang",
                                 "DM.02.06/III/3/ /2011", "800/ . Kepegawaian. 2020"])
def test_number_with_a_blank_for_handwriting_has_a_gap(raw):
    assert has_gap(raw)


@pytest.mark.parametrize("raw", ["440 / 7181/ KD.D", "045/12/DISPERSIP/2024", "e-0165/PP.06.04", "102 TAHUN 2024",
                                 "520/306.b- Sekr./DKP3"])
def test_complete_number_has_no_gap(raw):
    assert not has_gap(raw)


CHECK = [
    ("045/12/DISPERSIP/VI/2024", None, []),
    ("045/12/DISPERSIP/2024", None, []),
    ("045/12/DISPERSIP/VU/2024", None, ["Romawi"]),  # /VI/ read as /VU/: flagged, not corrected
    ("045/12/DISPERSIP/XIV/2024", None, ["Romawi"]),
    ("045/12/DISPERSIP/IIII/2024", None, ["Romawi"]),
    ("045/12/DISPERSIP/III/2094", None, ["tahun"]),
    ("045/12/DISPERSIP/III/1902", None, ["tahun"]),
    ("045/12/DISPERSIP/III/2024", "2024-03-12", []),
    ("045/12/DISPERSIP/III/2024", "2024-05-12", ["bulan nomor"]),  # disagrees with the letter's date
    ("045/12/DISPERSIP/2023", "2024-05-12", ["tahun nomor"]),
    # the '/' before the month read as 'I' or '1': the letter's month glued to the code
    ("142/Sek/PP-NTIVII/2023", "2023-07-13", ["menyatu"]),
    ("45/SDN1V/2024", "2024-05-02", ["menyatu"]),
    ("142/Sek/PP-NTIVII/2023", "2023-05-13", []),  # not the letter's month: a code may end so
    ("142/Sek/PP-NTIVII/2023", None, []),
    ("05/DINKES-II/2024", "2024-02-01", []),  # a code ending in '-' is no glued month
    ("421.2/091/SJ-6/VI/2025", "2025-06-19", []),
]


@pytest.mark.parametrize("nomor,letter,expected", CHECK)
def test_check_nomor(nomor, letter, expected):
    problems = check_nomor(nomor, letter, this_year=2026)
    assert len(problems) == len(expected)
    for want, got in zip(expected, problems):
        assert want in got


@pytest.mark.parametrize("nomor,year", [
    ("400.14/065/Kec-PS/III/2024", 2024), ("045/12/DISPERSIP/2023", 2023), ("045/12/DISPERSIP/III/2024 ", 2024),
    ("Nomor 3 Tahun 2024", 2024), ("102 TAHUN 2024", 2024), ("045/12/DISPERSIP/III", None),
    ("045/12/DISPERSIP/III/202", None), ("045/12/DISPERSIP/III/12024", None), ("2024", None), ("", None)])
def test_one_reading_of_a_numbers_year(nomor, year):
    """The year of a number, read alike by its own checks and by the linker for a cited number."""
    assert nomor_year(nomor) == year


@pytest.mark.parametrize("segment", ["IN", "NI", "IT", "LI", "VY", "XL"])
def test_two_letters_before_the_year_one_a_roman_digit_the_other_a_stroke_misread_are_no_month(segment):
    """"…/DISPERSIP/IN/2024" for "/IX/" (a phone photo, every re-reading agreeing): one Roman digit beside a letter
    OCR makes of a month's strokes is a month read wrong, never taken as the number's."""
    assert any("bukan I–XII" in p for p in check_nomor(f"400.10/189/Bid.LPP/DISPERSIP/{segment}/2024", this_year=2026))


def test_a_number_with_a_month_read_in_two_wrong_letters_is_left_empty_and_flagged():
    text = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nSURAT PEMBERITAHUAN\n"
            "NOMOR : 400.10/189/Bid.LPP/DISPERSIP/IN/2024\nParingin, 02 September 2024\nPerihal : Rencana\n")
    nomor = extract_metadata(text).nomor
    assert not nomor.present and "IN" in nomor.reason


@pytest.mark.parametrize("segment", ["MI", "HM", "SP", "TU", "PD-IN", "IX", "XI"])
def test_codes_and_months_of_two_letters_before_the_year_stand(segment):
    assert not check_nomor(f"45/12/{segment}/2024", this_year=2026)


@pytest.mark.parametrize("nomor,flagged", [
    ("UGU.1.5/07/Dispeisip-big/X/2024", True),  # "000.1.5" read as round letters on a fax
    ("OOO.4.7.1/035/Dispersip-Blg/V/2023", True),
    ("DM.02.06/12/2024", False), ("KU.01.01/3/X/2024", False), ("BA-088/PD-KC/2024", False),
    ("000.1.5/67/Dispersip-Blg/X/2024", False)])
def test_a_classification_code_read_as_round_letters_is_doubted(nomor, flagged):
    assert any("huruf" in p for p in check_nomor(nomor, this_year=2026)) is flagged
