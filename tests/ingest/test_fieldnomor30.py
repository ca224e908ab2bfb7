"""Fax numbers the readings lose in three ways (fieldnomor30), written readings of each kind through ``settle``
with the real extractor:

- the year's last figure read as a '/' ("…/II/202/" for "…/II/2024"), which extraction took for the blank a form
  leaves for a hand-written number and which stopped every rule after it (``nomor.has_gap``);
- a unit-code capital the readings split on ("Dispersip-Rlg" three times, "Dispersip-Blg" twice), the majority
  misread, settled by the letterhead (``fieldread.kop_settled``, ``nomorsettle.kop_spelled_rival``);
- a year misread alike by every reading ("…/III/2021" for 2024), earlier than a letter the page cites, put back
  from the letter's date (``fieldread.cited_year_settled``, ``nomorsettle.year_by_cited_date``).
"""
from __future__ import annotations

from test_fieldread import _record, settled_number

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.nomor import CODE_FROM_LETTERHEAD, has_gap
from ingest.nomorsettle import kop_spelled_rival, thin_letter_restored, year_by_cited_date

KOP = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN"
HEADER = [["PEMERINTAH", "KABUPATEN", "BALANGAN"], ["DINAS", "PERPUSTAKAAN", "DAN", "KEARSIPAN"]]


# ---------------------------------------------------------------- a year's last figure read as a '/'

def test_a_year_whose_last_figure_reads_as_a_slash_is_no_blank():
    assert not has_gap("000.4.7.1/427/Dispersip-Blg/II/202/")
    assert not has_gap("041/355/Dispersip/202/")
    # a form's blanks stay blanks, with or without such a year
    assert has_gap("500/")
    assert has_gap("005/ /35.07/202/")
    assert has_gap("/IV/2023")
    assert has_gap("045/ /Dispersip/202/")


def test_a_year_cut_to_a_slash_is_not_said_left_for_a_hand_written_number():
    got = extract_metadata(f"{KOP}\nNomor : 000.4.7.1/427/Dispersip-Blg/II/202/\nParingin, 20 Februari 2024\nHal : X")
    assert not got.nomor.present
    assert not any("tidak lengkap di cetakan" in r for r in got.review)


FEBRUARY = "Paringin, 20 Februari 2024"
SLASHED = ["NOMOR : 000.4.7.1/427/Dispersip-B1g/13/202/",  # the page's line
           "NOMOR : 000.4.7.1/427/Dispersip-B19/1)/2024",
           "NOMOR : 000.4.7.1/427/Dispersip-Blg/11/2024",
           "NOMOR : 000.4.7.1/427/Dispersip-B1g/13/202/"]
SLASHED_WITNESS = ["NOMOR : 000.4.7.1/427/Dispersip-B1g/11/2024", "NOMOR : 000.4.7.1/427/Dispersip-Blg/11/2024",
                   "NOMOR : 000.4.7.1/427/Dispersip-3lg/11/2024"]


def test_a_fax_row_whose_page_reading_cut_the_year_to_a_slash_is_voted_from_its_readings():
    after = settled_number(KOP, SLASHED, SLASHED_WITNESS, date=FEBRUARY)
    assert after.nomor.value == "000.4.7.1/427/Dispersip-Blg/II/2024"
    assert not any("tidak lengkap" in r for r in after.review)


def test_a_row_most_of_whose_readings_keep_the_slash_stays_empty():
    """Readings of the slashed year with no whole year beside them give no number: the year is not guessed."""
    rows = [SLASHED[0], SLASHED[0], SLASHED[3], "NOMOR : 000.4.7.1/427/Dispersip-Blg/11/202/"]
    after = settled_number(KOP, rows, date=FEBRUARY)
    assert not after.nomor.present


# ---------------------------------------------------------------- a code letter the kop settles

RLG = "000.1.5/222/Dispersip-Rlg/IV/2023"
BLG = "000.1.5/222/Dispersip-Blg/IV/2023"
APRIL = "Paringin, 24 April 2023"


def _kop_settled(rows, kop: str = KOP):
    text = f"{kop}\n{rows[0]}\n{APRIL}\nHal : Izin"
    metadata = extract_metadata(text)
    values, votes = fieldread.vote(rows)
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), values, votes, len(rows)).to_json()
    return metadata, fieldread.settle(metadata, text, [_record([line])])


def test_a_code_letter_the_majority_misreads_is_put_as_the_kop_spells_it_and_flagged():
    rows = [f"Nomor : {RLG}", f"Nomor : {BLG}", f"Nomor : {BLG}", f"Nomor : {RLG}", f"Nomor : {RLG}"]
    before, after = _kop_settled(rows)
    assert before.nomor.value == RLG  # the page's own reading, the majority's
    assert after.nomor.value == BLG
    assert after.nomor.confidence <= 0.35
    assert any(r.startswith("nomor:") and CODE_FROM_LETTERHEAD in r for r in after.review)


def test_a_code_letter_read_once_otherwise_stays_as_the_majority_reads_it():
    rows = [f"Nomor : {RLG}", f"Nomor : {BLG}", f"Nomor : {RLG}", f"Nomor : {RLG}"]
    _, after = _kop_settled(rows)
    assert after.nomor.value != BLG


def test_a_kop_that_spells_neither_or_both_pieces_settles_nothing():
    read = [BLG, BLG, RLG]
    assert kop_spelled_rival(RLG, read, HEADER) == BLG
    assert kop_spelled_rival(RLG, read, [["PEMERINTAH", "KABUPATEN", "TABALONG"]]) is None  # spells neither
    assert kop_spelled_rival(RLG, read, [*HEADER, ["RELIGI"]]) is None  # spells the page's piece too
    assert kop_spelled_rival(BLG, [RLG, RLG, RLG], HEADER) is None  # the number's own piece is spelled
    # readings that split on another code word too: not one letter the kop can settle
    mine, theirs = RLG.replace("Dispersip", "Dinas"), BLG.replace("Dispersip", "Dinas")
    assert kop_spelled_rival(mine, [theirs, theirs], HEADER) == theirs
    assert kop_spelled_rival(mine, [theirs, theirs, mine.replace("Dinas", "Dlnas")], HEADER) is None
    assert kop_spelled_rival(RLG, read, []) is None


# ---------------------------------------------------------------- a year earlier than a letter the page cites

CITING = ("Menindaklanjuti surat Dinas Perpustakaan Provinsi Kalimantan Selatan\n"
          "Nomor: 041/852/DPK-KS/2024 tanggal 4 Maret 2024 tentang literasi, dengan ini kami sampaikan.")
MISREAD = "000.4.6.3/053/Dispersip-Blg/III/2021"


def _cited(number: str, date: str = "Paringin, 19 Maret 2024", body: str = CITING):
    text = f"{KOP}\nNomor : {number}\n{date}\nHal : Undangan\n\n{body}"
    metadata = extract_metadata(text)
    values, votes = fieldread.vote([f"Nomor : {number}"] * 3)
    line = fieldread.LineReading("nomor", f"Nomor : {number}", (f"Nomor : {number}",) * 2, values, votes, 3).to_json()
    return metadata, fieldread.settle(metadata, text, [_record([line])])


def test_a_number_year_earlier_than_the_cited_letter_takes_the_letters_date_year_flagged():
    before, after = _cited(MISREAD)
    assert not before.nomor.present
    assert after.nomor.value == "000.4.6.3/053/Dispersip-Blg/III/2024"
    assert after.nomor.confidence <= 0.35
    assert fieldread.CITED_YEAR_REVIEW in after.review


def test_a_number_whose_month_is_not_the_dates_or_whose_year_is_far_off_stays_empty():
    assert not _cited("000.4.6.3/053/Dispersip-Blg/II/2021")[1].nomor.present  # February under a March date
    assert not _cited("000.4.6.3/053/Dispersip-Blg/III/2019")[1].nomor.present  # two figures apart
    assert not _cited("000.4.6.3/053/Dispersip-Blg/2021")[1].nomor.present  # no month to agree with the date
    # a date no later than the cited letter says nothing of the number's year
    assert year_by_cited_date(MISREAD, "2023-03-19", ["041/852/DPK-KS/2024"]) is None
    assert year_by_cited_date(MISREAD, "2024-03-19", ["041/852/DPK-KS/2024"]) is not None
    assert year_by_cited_date(MISREAD, "2024-03-19", []) is None  # nothing cited: the rule does not run


# ---------------------------------------------------------------- a code's thin letter lost to a gap

JULY = "Paringin, 19 Juli 2023"
GAPPED = ["No. : 000.4.7.1/479/Dispersip-B g/VII/2088pada Yth. Camat Tebing Tinggi",  # the page's line
          "No. : 000.4.7.1/479/Dispersip-B g/VII/2086pada Yth. Camat Tebing Tinggi",
          "No. :000.4.7.1/479/Dispersip-B g/VII/2088pada Yth. Camat Tebing Tinggi",
          "No. : 000.4.7.1/479/Dispersip-B. g/VII/20g8pada Yth. Camat Tebing Tinggi"]


def test_a_code_letter_lost_to_a_gap_is_joined_as_the_kop_spells_it():
    assert thin_letter_restored("No. : 000.4.7.1/479/Dispersip-B g/VII/2023", HEADER) \
        == "No. : 000.4.7.1/479/Dispersip-Blg/VII/2023"
    assert thin_letter_restored("NOMOR : 000.4.7.1/392/Dispersip-B. g/V/202Kepada", HEADER) \
        == "NOMOR : 000.4.7.1/392/Dispersip-Blg/V/202Kepada"
    # a kop that spells no such piece, or a gap between words, is left as read
    assert thin_letter_restored("No. : 045/12/Dispersip-B g/VII/2023", [["KABUPATEN", "TABALONG"]]) \
        == "No. : 045/12/Dispersip-B g/VII/2023"
    assert thin_letter_restored("No. : 045/12/Kec. Paringin/VII/2023", HEADER) == "No. : 045/12/Kec. Paringin/VII/2023"


def test_a_row_whose_code_lost_a_thin_letter_and_whose_year_is_overprinted_is_completed_and_flagged():
    after = settled_number(KOP, GAPPED, date=JULY)
    assert after.nomor.value == "000.4.7.1/479/Dispersip-Blg/VII/2023"
    assert after.nomor.confidence <= 0.35
    assert any(r.startswith("nomor:") and CODE_FROM_LETTERHEAD in r for r in after.review)


def test_without_a_kop_that_spells_the_piece_the_row_stays_empty():
    after = settled_number("PEMERINTAH KABUPATEN TABALONG\nDINAS PERPUSTAKAAN DAN KEARSIPAN", GAPPED, date=JULY)
    assert not after.nomor.present
