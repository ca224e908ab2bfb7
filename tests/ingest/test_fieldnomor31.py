"""Numbers shown although the other readings of their row say they are not the number (fieldnomor31), written
readings of each kind through ``settle`` with the real extractor:

- a phone photo's row cut after its unit code ("000.4.7.1/149/Bid", the rest under the next column), while
  re-readings of the row go on past it ("…/Bid.LPP/DISPERSIP…"): emptied, flagged
  (``fieldread.unfinished_emptied``, ``nomorsettle.cut_short_by_readings``);
- a Roman month whose strokes the readings count differently ("II" and "III") on a letter whose date was not
  read: emptied, flagged (``nomorsettle.month_strokes_split``);
- a Roman month other than the month word of the place-date line whose day was not read ("…/II/2025" above
  "Tebing Tinggi, 124 MARET 2025"): emptied, flagged (``nomorsettle.month_against_date_line``);
- a code head of more than three figures run into its serial ("10094.7.1069/…" for "000.4.7.1/069/…"), which the
  lattice decoder gave: refused as a code run into its number (``nomor.CODE_RUNS_ON``); and a number the character
  vote parts before a code word most readings give ("000.4.7.1/069/V/2025" where the readings read
  "…/Dispersip-Blg…"): emptied, flagged (``fieldread.code_word_dropped``);
- a fax's speck read as a dot between a code's capitals ("KOM-PL.MP"), which some readings read joined and the kop
  spells as the initials of its words: taken joined, flagged (``fieldread.kop_joined_settled``,
  ``nomorsettle.kop_joined_rival``).
"""
from __future__ import annotations

from test_fieldread import _record

from ingest import fieldread
from ingest.fieldread import CODE_WORD_DROPPED, MONTH_STROKES_SPLIT, code_word_dropped, month_strokes_split
from ingest.metadata import extract_metadata
from ingest.model import Field
from ingest.nomor import CODE_FROM_LETTERHEAD, CODE_RUNS_ON, check_nomor
from ingest.nomorsettle import (
    CUT_SHORT,
    DATE_LINE_MONTH,
    cut_short_by_readings,
    date_line_month,
    kop_joined_rival,
    month_against_date_line,
)

KOP = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN"


def _settled(kop: str, page_line: str, readings, field: str = "nomor", date: str | None = "Paringin, 21 April 2025",
             witness=()):
    text = "\n".join([kop, page_line, *([date] if date else []), "Hal : Undangan", "", "Dengan hormat, kami sampaikan."])
    metadata = extract_metadata(text)
    rows = [page_line, *readings]
    values, votes = fieldread.vote(rows)
    line = fieldread.LineReading(field, page_line, tuple(readings), values, votes, len(rows),
                                 witness=tuple(witness)).to_json()
    return metadata, fieldread.settle(metadata, text, [_record([line])])


# ---------------------------------------------------------------- a row cut short

CUT = "No. : 000.4.7.1/149/Bid Kepala Perpustakaan"
GOES_ON = ["No. : 000.4.7.1/149/Bid.LPP/DISPERSIPAASY th. Kepala Perpustakaan",
           "No. : 000.-4.7.1/149/Bid LPP/DISPERSIPASAGASYth. Kepala Perpustakaan",
           "No. : 000.4.7.1/149/Bid.LPP/DISPERSIPKSF YA th. Kepala Perpustakaan"]


def test_a_number_its_rows_readings_go_on_past_is_emptied_and_flagged():
    before, after = _settled(KOP, CUT, GOES_ON, field=fieldread.NOMOR_CHECKED)
    assert before.nomor.value == "000.4.7.1/149/Bid"  # the page's reading, shown before
    assert not after.nomor.present
    assert CUT_SHORT in after.nomor.reason
    assert any(r.startswith("nomor:") and CUT_SHORT in r for r in after.review)


def test_a_number_one_reading_goes_on_past_stays():
    _, after = _settled(KOP, CUT, [GOES_ON[0], "No. : 000.4.7.1/149/Bid Kepala Perpustakaan"],
                        field=fieldread.NOMOR_CHECKED)
    assert after.nomor.value == "000.4.7.1/149/Bid"


def test_cut_short_needs_more_readings_going_on_than_reading_the_value_and_no_year():
    longer = ["440/7181/KD.D", "440/7181/KD.DYth"]
    assert cut_short_by_readings("440/7181", longer) == longer
    assert cut_short_by_readings("440/7181", [*longer, "440/7181", "440/7181"]) == []  # as many read it
    assert cut_short_by_readings("440/7181/KD", ["440/7181/KDX", "440/7181/KDY"]) == []  # a letter more: no separator
    assert cut_short_by_readings("041/12/Dispersip/2024", ["041/12/Dispersip/2024.Kepada"] * 3) == []  # has its year
    assert cut_short_by_readings("263/H", ["263/H"] * 4) == []  # a whole number without a year


# ---------------------------------------------------------------- a Roman month's strokes counted otherwise

TWO = "NO. : 000.4.6.3/148/Bid.LPP/DISPERSIP/II/2023"
THREE = "NO. : 000.4.6.3/148/Bid.LPP/DISPERSIP/III/2023"


def test_an_undated_number_whose_month_the_readings_count_otherwise_is_emptied_and_flagged():
    before, after = _settled(KOP, TWO, [TWO, THREE, TWO, THREE], date=None)
    assert before.nomor.value == TWO.split(": ")[1]
    assert not before.tanggal.present
    assert not after.nomor.present
    assert MONTH_STROKES_SPLIT in after.nomor.reason
    assert any(r.startswith("nomor:") and MONTH_STROKES_SPLIT in r for r in after.review)


def test_a_month_read_otherwise_once_or_settled_by_the_date_stays():
    _, once = _settled(KOP, TWO, [TWO, THREE, TWO, TWO], date=None)
    assert once.nomor.value == TWO.split(": ")[1]
    _, dated = _settled(KOP, TWO, [TWO, THREE, TWO, THREE], date="Paringin, 8 Februari 2023")
    assert dated.nomor.value == TWO.split(": ")[1]


def test_months_apart_in_strokes_only():
    value = "041/5/Dispersip/VII/2024"
    assert month_strokes_split(value, ["041/5/Dispersip/VIII/2024", "041/5/Dispersip/VI/2024"]) == ["VIII", "VI"]
    assert month_strokes_split(value, ["041/5/Dispersip/IV/2024", "041/5/Dispersip/IX/2024"]) == []  # other months
    assert month_strokes_split(value, ["041/5/Dispersip/VIII/2023", "041/5/Dispersip/VIII/2023"]) == []  # other year
    assert month_strokes_split("041/5/Dispersip/IV/2024", ["041/5/Dispersip/VI/2024"] * 2) == []  # strokes elsewhere
    assert month_strokes_split("041/5/Dispersip/2024", ["041/5/Dispersip/2024"] * 2) == []  # no month


# ---------------------------------------------------------------- a speck read as a dot between a code's capitals

COMMUNITY = "KOMUNITAS PEGIAT LITERASI MUARA PONEPE\nKABUPATEN BALANGAN"
DOTTED = "NOMOR : 157/Sek/KOM-PL.MP/VIII/2024"
JOINED = "NOMOR : 157/Sek/KOM-PLMP/VIII/2024"


def test_a_dot_the_kop_and_some_readings_do_not_have_is_taken_out_and_flagged():
    before, after = _settled(COMMUNITY, DOTTED, [DOTTED, JOINED, DOTTED, "NOMOR : 157/Sek/KOM-PLMP/VIIII/2024"],
                             date="Tebing Tinggi, 19 Agustus 2024")
    assert before.nomor.value == "157/Sek/KOM-PL.MP/VIII/2024"
    assert after.nomor.value == "157/Sek/KOM-PLMP/VIII/2024"
    assert after.nomor.confidence <= 0.35
    assert any(r.startswith("nomor:") and CODE_FROM_LETTERHEAD in r for r in after.review)


def test_a_dot_read_by_all_but_one_reading_or_under_another_kop_stays():
    _, once = _settled(COMMUNITY, DOTTED, [DOTTED, JOINED, DOTTED], date="Tebing Tinggi, 19 Agustus 2024")
    assert once.nomor.value == "157/Sek/KOM-PL.MP/VIII/2024"
    _, other = _settled("KOMUNITAS BACA MUARA\nKABUPATEN BALANGAN", DOTTED, [DOTTED, JOINED, JOINED],
                        date="Tebing Tinggi, 19 Agustus 2024")
    assert other.nomor.value == "157/Sek/KOM-PL.MP/VIII/2024"


def test_kop_joined_rival_table():
    header = [["KOMUNITAS", "PEGIAT", "LITERASI", "MUARA", "PONEPE"]]
    value, joined = "157/Sek/KOM-PL.MP/VIII/2024", "157/Sek/KOM-PLMP/VIII/2024"
    assert kop_joined_rival(value, [joined, "157/Sek/KOM-PLMP/VII/2024"], header) == joined
    assert kop_joined_rival(value, [joined, joined], []) is None  # no kop
    assert kop_joined_rival("041/Bid.LPP/2024", ["041/BidLPP/2024"] * 3,
                            [["BIDANG", "LAYANAN", "PEMBINAAN", "PERPUSTAKAAN"]]) is None  # "Bid" is no capital run
    assert kop_joined_rival("041/PL.MP.KS/2024", ["041/PLMP.KS/2024"] * 3, header) == "041/PLMP.KS/2024"
    assert kop_joined_rival("041/PL.MP/LM.PO/2024", ["041/PLMP/LM.PO/2024"] * 3, header) is None  # two such dots
    assert kop_joined_rival("041/P.L/2024", ["041/PL/2024"] * 3, header) is None  # under four capitals


# ---------------------------------------------------------------- a month the place-date line prints otherwise

SUB_DISTRICT = "PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN TEBING TINGGI"
MARCH_NUMBER = "NO, : 400.14/076/Kec-TT/11/2025"


def test_a_number_whose_month_the_undated_place_date_line_names_otherwise_is_emptied_and_flagged():
    before, after = _settled(SUB_DISTRICT, MARCH_NUMBER, [], date="Tebing Tinggi, 124 MARET 2025")
    assert before.nomor.value == "400.14/076/Kec-TT/II/2025"
    assert not before.tanggal.present  # the day "124" is no day: the date is not read
    assert not after.nomor.present
    assert DATE_LINE_MONTH in after.nomor.reason
    assert any(r.startswith("nomor:") and DATE_LINE_MONTH in r for r in after.review)


def test_a_number_whose_month_the_place_date_line_names_stays():
    _, same = _settled(SUB_DISTRICT, "NO, : 400.14/076/Kec-TT/111/2025", [], date="Tebing Tinggi, 124 MARET 2025")
    assert same.nomor.value == "400.14/076/Kec-TT/III/2025"
    _, other_year = _settled(SUB_DISTRICT, MARCH_NUMBER, [], date="Tebing Tinggi, 124 MARET 2024")
    assert other_year.nomor.value == "400.14/076/Kec-TT/II/2025"


def test_date_line_month_table():
    assert date_line_month("Tebing Tinggi, 124 MARET 2025\nHal : X") == (3, 2025)
    assert date_line_month("Paringin, B8\nHal : X") is None  # no month word
    assert date_line_month("Paringin, 1O Maret 2025\nAwayan, 2 April 2025") is None  # two lines that differ
    assert date_line_month("Paringin, 12 Marit 2025") is None  # a month word repaired is no plain reading
    assert month_against_date_line("041/5/Dispersip/II/2025", "Paringin, 124 Maret 2025") == "III"
    assert month_against_date_line("041/5/Dispersip/III/2025", "Paringin, 124 Maret 2025") is None
    assert month_against_date_line("041/5/Dispersip/2025", "Paringin, 124 Maret 2025") is None  # no month


# ---------------------------------------------------------------- a code head run on, a code word dropped

def test_a_code_head_of_more_than_three_figures_run_into_its_serial_is_refused():
    assert CODE_RUNS_ON in check_nomor("10094.7.1069/Dispersip-Blg/V/2025", "2025-05-12")
    assert CODE_RUNS_ON in check_nomor("400.14019/Kec-TT/IV/2025")  # as before
    assert CODE_RUNS_ON not in check_nomor("000.4.7.1/069/Dispersip-Blg/V/2025", "2025-05-12")
    assert CODE_RUNS_ON not in check_nomor("019.1/02728/2005")  # a long serial after the '/' (a real letter's shape)


GLUED = ["No, :000.47.11069/Dispersip-Blg/V/2025", "No, 30004:7.M069/Dispersip-BlgIV/2025",
         "No: 090.4.7.11069/Dispersip-Blg/V/2025", "No. :0004.1.U069/Dispersip-BigiV12025"]


def test_a_number_without_the_code_word_most_readings_give_is_emptied_and_flagged():
    line = fieldread.LineReading("nomor", GLUED[0], tuple(GLUED[1:]), {}, {}, len(GLUED)).to_json()
    assert code_word_dropped("000.4.7.1/069/V/2025", [line]) == "dispersip"
    assert code_word_dropped("000.4.7.1/069/Dispersip-Blg/V/2025", [line]) is None
    review: list[str] = []
    got = fieldread.unfinished_emptied(Field("000.4.7.1/069/V/2025", 0.35, "x"), [line],
                                       Field("2025-05-12", 0.96, "y"), review)
    assert not got.present and CODE_WORD_DROPPED in got.reason
    assert any(r.startswith("nomor:") and CODE_WORD_DROPPED in r for r in review)


def test_a_code_word_half_the_readings_or_fewer_give_drops_nothing():
    rows = [GLUED[0], "No, :000.4.7.1/069/Dinas/V/2025", "No, :000.4.7.1/069/Dinas/V/2025", GLUED[2]]
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), {}, {}, len(rows)).to_json()
    assert code_word_dropped("000.4.7.1/069/Dinas/V/2025", [line]) is None  # "dispersip" in two of four
    two = fieldread.LineReading("nomor", GLUED[0], (GLUED[1],), {}, {}, 2).to_json()
    assert code_word_dropped("000.4.7.1/069/V/2025", [two]) is None  # too few readings


def test_the_next_columns_word_run_into_a_year_is_no_code_word():
    rows = ["Nomor : 000.4.6.2/249/Dispersip-Blg/V/202Kepada", "Nomor : 000.4.6.2/249/Dispersip-Blg/V/202Kepada",
            "Nomor : 000.4.6.2/249/Dispersip-Blg/V/202 Kepada", "Nomor : 000.4.6.2/249/Dispersip-Blg/V/2024"]
    line = fieldread.LineReading("nomor", rows[0], tuple(rows[1:]), {}, {}, len(rows)).to_json()
    assert code_word_dropped("000.4.6.2/249/Dispersip-Blg/V/2024", [line]) is None
