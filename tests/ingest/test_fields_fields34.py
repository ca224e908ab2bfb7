"""Misses of the thirty-fourth session's development sets (fields34), with the real extractor on written readings:

- a number voted character by character (``fieldread.aligned_number``) where one choice at a split place puts a
  mark before the year ("…/Dispersip/”2025"): the extractor reads that choice as the number cut short
  ("…/Dispersip", no year). That is the same number with its year lost, not a rival number, so it no longer
  leaves the vote empty; a rival that differs in a segment other than the year still does;
- a cited number whose year no letter can carry ("…/2035" read for "…/2025", ``nomor.year_out_of_range``) is that
  citation misread: it no longer empties the letter's own number and date as "cites a later letter"; a cited
  year in range still does (test_fields_nomor17);
- a signature date whose place was lost, the signature's scribble read as lone characters between the role and
  the signer's name and NIP: still the letter's date (``metadata._without_scribble``);
- the figure 1 opening a piece of a code's capitals ("DS-1D" for "DS-TD") is a letter's stem read as a figure
  (``nomor.lone_stroke_in_code``): re-readings agreeing on it do not fill the number;
- the page's own reading of a number row reading a code's small letter otherwise than the re-readings ("Bid" beside
  "Bia" three times) leaves the vote open (``fieldread.SMALL_LETTERS``);
- the addressee column run into a cut year ("…/VII/20Kepada") is no code word the number dropped
  (``fieldread.code_word_dropped``)."""
from __future__ import annotations

import pytest
from test_fieldread import _record

from ingest import fieldread
from ingest.metadata import CITES_LATER, extract_metadata
from ingest.model import Word
from ingest.nomor import CITES_LATER_NOMOR, cites_later, lone_stroke_in_code

NUMBER = "041/437/Dispersip/2025"
DATE = "Paringin, 17 Maret 2025"
# the page's line and the re-readings of a blurred photo's number row: letters of the code garbled, the '/' before
# the year lost, and in two readings a mark read before the year ("”"), where the extractor stops
ROWS = ["NOMOR : 041/437/Dispetstp”2025",
        "NOMOR : 041/437/Dispersip 2025", "NOMOR : 041/437/Disperaip/2025", "NOMOR : 041/237/Dispersip2025",
        "NOMOR : 041/437/Dispetstp/2025"]
WITNESS = ["NOMOR : 041/437/Dispeisip/ 2025", "NOMOR : 041/437/Disperaip/2025", "NOMOR : 041/437/Dispersip/ 2025",
           "NOMOR : 041/437/Dispersip/”2025"]
DOUBTED = (0.0, 6.0, 0.0, 14.0)  # Tesseract's lowest confidence on a word with a digit, per re-reading: all doubted,
# so a number without a year is none the readings give (``fieldread._yearless_and_doubted``)


def _settled(rows: list[str], witness: list[str], date: str = DATE):
    text = f"PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n{date}\n{rows[0]}\nHal : Undangan"
    label, colon, value = rows[0].split()
    words = [Word(label, 95.0, (100, 300, 120, 40), 3), Word(colon, 90.0, (230, 300, 8, 40), 3),
             Word(value, 0.0, (250, 300, 500, 40), 3)]  # the page's reading doubted its number
    metadata = extract_metadata(text, words)
    assert not metadata.nomor.present
    values, votes = fieldread.vote(rows)
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), values, votes, len(rows),
                                 DOUBTED[:len(rows) - 1], witness=tuple(witness)).to_json()
    return fieldread.settle(metadata, text, [_record([line])])


def test_a_choice_cut_short_by_a_mark_before_the_year_is_no_rival():
    assert not fieldread.vote(ROWS)[0]  # no two readings agree on a number
    after = _settled(ROWS, WITNESS)
    assert after.nomor.value == NUMBER
    assert "dibaca ulang per karakter" in after.nomor.reason


def test_a_rival_in_another_segment_still_leaves_the_vote_empty():
    """The readings split on the serial ("437", "487", once "457") with no majority: two numbers the grammar
    cannot tell apart."""
    rows = [*ROWS[:2], ROWS[2].replace("/437/", "/457/"), ROWS[3].replace("/237/", "/487/"), ROWS[4]]
    rows[1] = rows[1].replace("/437/", "/487/")
    witness = [w.replace("/437/", "/487/") if k % 2 else w for k, w in enumerate(WITNESS)]
    assert not _settled(rows, witness).nomor.present


def test_dated_apart_takes_a_lost_year_as_a_year_read_otherwise():
    assert fieldread._dated_apart(NUMBER, "041/437/Dispersip")
    assert fieldread._dated_apart(NUMBER, "041/437/Dispersip/2023")
    assert not fieldread._dated_apart(NUMBER, "041/437")  # two segments lost
    assert not fieldread._dated_apart(NUMBER, "041/487/Dispersip")  # a digit read otherwise as well
    assert not fieldread._dated_apart("041/437/Dispersip/III", "041/437/Dispersip")  # no year to have lost


# ---------------------------------------------------------------- a cited year no letter can carry

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"


def _letter(cited: str) -> str:
    return (HEAD + "Paringin, 17 Maret 2025\nNomor : 041/437/Dispersip/2025\nHal : Undangan\n"
            f"Menindaklanjuti surat Saudara Nomor {cited} tanggal 3 Maret 2025 perihal Permohonan Pembinaan, "
            "dengan ini kami sampaikan jadwal kegiatan.\n")


def test_a_cited_number_with_an_impossible_year_does_not_empty_the_letters_own():
    got = extract_metadata(_letter("122/Sek/KOM-PLM/2085"))
    assert got.nomor.value == NUMBER
    assert got.tanggal.value == "2025-03-17"
    assert not any(CITES_LATER_NOMOR in r or CITES_LATER in r for r in got.review)


def test_a_cited_number_of_a_later_possible_year_still_does():
    got = extract_metadata(_letter("122/Sek/KOM-PLM/2026"))
    assert not got.nomor.present and CITES_LATER_NOMOR in got.nomor.reason
    assert not got.tanggal.present and CITES_LATER in got.tanggal.reason


def test_cites_later_passes_over_a_year_out_of_range():
    assert cites_later(NUMBER, ["122/Sek/KOM-PLM/2085"]) is None
    assert cites_later(NUMBER, ["122/Sek/KOM-PLM/2085", "9/KOM-BAL/SP/2026"]) == "9/KOM-BAL/SP/2026"


# ---------------------------------------------------------------- a signature date above the scribble's remnants

LETTER = ("PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN BATUMANDI\n\nNo. 400.14/066/Kec-B/VI/2023\nLampiran -\n"
          "Perihal: Permohonan Kerjasama Program BuRT\nKepada Yth. Kepala Dinas Perpustakaan dan Kearsipan\ndi\nTempat\n"
          + "".join(f"Kalimat isi surat yang ke {k} menjelaskan kegiatan yang kami mohonkan bersama.\n" for k in range(12))
          + "Atas perhatian dan kerja sama Saudara, kami sampaikan terima kasih.\n15 Juni 2023\nOn Aga\n{between}"
          "H. Gusti Rahmat, S.H.\nPenata Tk. I (III/d)\nNIP 198605192014101014\n")


@pytest.mark.parametrize("between", ["", "5\nw\n2\n", "|\nJ\n"])
def test_a_signature_date_whose_place_was_lost_is_kept_above_the_scribbles_remnants(between):
    """The place before the signature date lost, the role read as garble ("On Aga"), the signature's scribble read
    as lone characters between the role and the name: the name, rank and NIP below still make it the letter's date."""
    got = extract_metadata(LETTER.format(between=between))
    assert got.tanggal.value == "2023-06-15"
    assert "NIP penanda tangan" in got.tanggal.reason


@pytest.mark.parametrize("between", ["1\n2\n", "1\n", "5\nw\n2\n7\nx\n"])
def test_row_numbers_or_many_lone_lines_are_no_scribble(between):
    """Figures counting 1, 2 … are a list's row numbers read apart from their rows; more lone lines than a
    scribble leaves are something else: the date stays unconfirmed."""
    assert not extract_metadata(LETTER.format(between=between)).tanggal.present


# ---------------------------------------------------------------- the figure 1 opening a code's capitals

@pytest.mark.parametrize("value,stroke", [("62/DS-1D/IV/2023", True), ("12/SD-|A/2024", True),
                                          ("62/DS-TD/IV/2023", False), ("421.2/143/MBAPW-9/V/2025", False),
                                          ("SMPN1-JUAI/12/2024", False), ("PB.02.01.17A.10.25.294", False),
                                          ("000.1/133/Kel-P8/2024", False), ("e-0021/RB.02.02", False)])
def test_the_figure_1_opening_a_piece_of_capitals_is_a_stroke_not_read(value, stroke):
    assert lone_stroke_in_code(value) is stroke
    assert fieldread.broken(value) or not stroke  # a number so read is damaged: the re-reading takes none


def _voted(value: str):
    """The number row's page reading doubted (its figures at 40), and re-readings agreeing on ``value``."""
    text = f"PEMERINTAH DESA TELUK DINE\nParingin, 3 April 2023\nNOMOR : {value}\nPerihal : Undangan"
    words = [Word("NOMOR", 95.0, (100, 300, 120, 40), 2), Word(":", 90.0, (230, 300, 8, 40), 2),
             Word(value, 40.0, (250, 300, 500, 40), 2)]
    metadata = extract_metadata(text, words)
    assert not metadata.nomor.present
    rows = [f"NOMOR : {value}"] * 4
    values, votes = fieldread.vote(rows)
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), values, votes, len(rows), (48.0, 70.0, 46.0))
    return fieldread.settle(metadata, text, [_record([line.to_json()])])


def test_readings_agreeing_on_a_code_with_a_stroke_read_as_the_figure_1_do_not_fill_it():
    """A photocopy's "DS-TD" read "DS-1D" by every re-reading (the T's bar lost): a wrong number, not taken."""
    assert not _voted("62/DS-1D/IV/2023").nomor.present
    assert _voted("62/DS-TD/IV/2023").nomor.value == "62/DS-TD/IV/2023"


# ---------------------------------------------------------------- the page's reading of a code's small letter

PAGE = "NOMOR :000.4.6.3/17/Bid.LPP/DISPERSIP/V/2024"
AGAIN = "NOMOR : 000.4.6.3/17/Bia.LPP/DISPERSIP/V/2024"


def test_the_page_reading_a_codes_small_letter_otherwise_leaves_the_vote_open():
    """The page read "Bid" (doubted), the three re-readings of the row's crop "Bia" (the 'd''s stem lost in the
    crop's blur): the crop's readings share its errors, so the letter is not settled and no number is voted."""
    assert fieldread.vote([PAGE, AGAIN, AGAIN, AGAIN]) == ({}, {})


@pytest.mark.parametrize("page", ["NOMOR : 000.4.6.3/17/Bia.LPP/DISPERSIP/V/2024",  # read alike
                                  "NOMOR :",  # the page's row without its number
                                  "NOMOR :000.4.6.3/17/BiA.LPP/DISPERSIP/V/2024"])  # no small letter otherwise
def test_a_page_reading_that_agrees_or_gives_no_small_letter_otherwise_lets_the_vote_stand(page):
    assert fieldread.vote([page, AGAIN, AGAIN, AGAIN])[0] == {"nomor": "000.4.6.3/17/Bia.LPP/DISPERSIP/V/2024"}


def test_a_re_reading_reading_a_small_letter_otherwise_still_dissents_only_within_its_class():
    """Among the re-readings themselves the rule stays as it was (``nomor.letters_dissent``, thin and descending
    letters only): one crop reading "Bia" and three "Bid" are a majority."""
    again = AGAIN.replace("Bia", "Bid")
    assert fieldread.vote([again, again, again, AGAIN])[0] == {"nomor": "000.4.6.3/17/Bid.LPP/DISPERSIP/V/2024"}


# ---------------------------------------------------------------- the column beside the row run into the year

CUT = ["NOMOR : 000.4.6.2/287/Bid.LPP/DISPERSIP/VII/20Kepada Yth. Pimpinan Pondok Pesantren",
       "NOMOR : 000.4.6.2/287/Bid.LPP/DISPERSIP/VII/20/Kepada Yth. Pimpinan Pondok Pesantren",
       "NOMOR : 000.4.6.2/287/Bid.LPP/DISPERSIP/VII/20-Kepada Yth. Pimpinan Pondok Pesantren",
       "NOMOR : 000.4.6.2/287/Bid.LPP/DISPERSIP/VII/20.Kepada Yth. Pimpinan Pondok Pesantren"]


def _row(rows: list[str]) -> list[dict]:
    return [fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), {}, {}, len(rows)).to_json()]


def test_the_addressee_column_run_into_a_cut_year_is_no_code_word_the_number_dropped():
    """A fax's number row cut after "20", the addressee column's "Kepada" run into it by every reading: the
    number completed from the letter's date lacks no word of its code."""
    assert fieldread.code_word_dropped("000.4.6.2/287/Bid.LPP/DISPERSIP/VII/2024", _row(CUT)) is None


def test_a_code_word_most_readings_give_is_still_missed_where_the_number_lacks_it():
    rows = [r.replace("/VII/", "/Disdik/VII/") for r in CUT]
    assert fieldread.code_word_dropped("000.4.6.2/287/Bid.LPP/DISPERSIP/VII/2024", _row(rows)) == "disdik"
