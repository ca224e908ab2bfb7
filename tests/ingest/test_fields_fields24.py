"""Letter dates and numbers on unseen generated captures (issue 17, fields24): a place-date's month word with a
letter read as figures ("24 14EI 2024", the "M" of MEI read "14" on a photocopy), read only when the letter's own
number carries the same month in Roman figures; a unit code's 'L' read as a stroke and a dot ("Bid.I.PP"), read
by the initials of the unit the signer names ("Bidang Layanan dan Pembinaan Perpustakaan"). Texts are written here, not taken from any set."""
from __future__ import annotations

import pytest

from ingest import fieldread
from ingest.dates import month_by_glyphs
from ingest.metadata import CUT_YEAR_CONFIDENCE, MONTH_BY_GLYPHS_REVIEW, THRESHOLDS, extract_metadata
from ingest.nomor import CODE_CONFIDENCE, CODE_FROM_LETTERHEAD, LONE_STROKE, code_by_letterhead
from tests.ingest.textwords import words_read

# ---------------------------------------------------------------- a month word with a letter read as figures

_SCHOOL_HEAD = ("DINAS PENDIDIKAN KABUPATEN BALANGAN\nSD NEGERI 4 AWAYAN\n"
                "Jl. Pendidikan No. 7, Desa Awayan, Kecamatan Awayan, Kabupaten Balangan\n")


def _request(date_line: str, nomor: str) -> str:
    return (_SCHOOL_HEAD + f"{date_line}\nNo. : {nomor} Kepada Yth. Kepala Dinas\n"
            "Lampiran: -\nPerihal: Permohonan Kerja Sama Program BuRT\n\ndi-\nTempat\n\n"
            "Sehubungan dengan telah dilaksanakannya sosialisasi program BuRT pada\n"
            "tanggal 3 Juni 2024, kami mengajukan permohonan untuk menjadi mitra kerja sama.\n"
            "Demikian kami sampaikan, atas perhatian Bapak/Ibu kami ucapkan terima kasih.\n"
            "Kepala SD Negeri 4 Awayan,\n\nRahmawati, S.Pd.\nNIP 198703122010012004\n")


@pytest.mark.parametrize(("line", "nomor", "iso"), [
    ("Awayan, 24 14EI 2024", "87/SPS-4/V/2024", "2024-05-24"),
    ("Awayan, 9 0KTOBER 2023", "12/SPS-4/X/2023", "2023-10-09"),
    ("Awayan, 17 1ULI 2025", "40/SPS-4/VII/2025", "2025-07-17"),
])
def test_a_month_word_with_a_letter_read_as_figures_is_read_by_the_numbers_roman_month(line, nomor, iso):
    """The figures read as the letters they look like spell one month, and the letter's own number carries that
    month in Roman figures and the date's year: the date is given, low and named for review."""
    text = _request(line, nomor)
    got = extract_metadata(text, words_read(text, {}))
    assert got.tanggal.value == iso
    assert got.tanggal.confidence == CUT_YEAR_CONFIDENCE < THRESHOLDS["tanggal"]
    assert MONTH_BY_GLYPHS_REVIEW in got.review
    assert got.nomor.value == nomor


@pytest.mark.parametrize(("line", "nomor"), [
    ("Awayan, 24 14EI 2024", "87/SPS-4/VI/2024"),  # the number says June: the two readings disagree
    ("Awayan, 24 14EI 2024", "87/SPS-4/V/2023"),   # the number's year is another
    ("Awayan, 24 14EI 2024", "87/SPS-4/2024"),     # no Roman month to confirm the month
    ("Awayan, 24 1234 2024", "87/SPS-4/V/2024"),   # no letters left of a month word
])
def test_a_month_word_with_figures_and_no_agreeing_number_gives_no_date(line, nomor):
    text = _request(line, nomor)
    got = extract_metadata(text, words_read(text, {}))
    assert got.tanggal.value is None
    assert MONTH_BY_GLYPHS_REVIEW not in got.review


def test_a_doubted_day_beside_a_month_word_with_figures_gives_no_date():
    text = _request("Awayan, 24 14EI 2024", "87/SPS-4/V/2024")
    assert extract_metadata(text, words_read(text, {"24": 60.0})).tanggal.value is None


def test_a_doubted_number_does_not_confirm_a_month_word_with_figures():
    text = _request("Awayan, 24 14EI 2024", "87/SPS-4/V/2024")
    assert extract_metadata(text, words_read(text, {"87/SPS-4/V/2024": 60.0})).tanggal.value is None


@pytest.mark.parametrize(("token", "month"), [("14EI", 5), ("1V1EI", 5), ("0KTOBER", 10), ("5EPTEMBER", 9),
                                              ("4PRIL", 4), ("1UNI", 6), ("Mei", None), ("1234", None)])
def test_month_by_glyphs(token, month):
    """Only a word holding a figure or stroke is read here; letters alone are ``repair_month``'s."""
    assert month_by_glyphs(token) == month


# ---------------------------------------------------------------- a lone stroke in a unit code read by the unit's name


def _notice(nomor: str, role: str) -> str:
    return ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"
            "Jalan Jend. A. Yani Km. 5 Paringin, Kabupaten Balangan 71618\n\nSURAT PEMBERITAHUAN\n"
            f"NOMOR : {nomor}\n\nParingin, 20 Februari 2023\n\nLampiran : -\nPerihal : Rapat Koordinasi\n\n"
            "Kepada Yth. Kepala Desa Lampihong\ndi-\nLampihong\n\n"
            "Dengan ini disampaikan hasil koordinasi program layanan perpustakaan keliling.\n"
            "Demikian kami sampaikan, atas perhatian Bapak/Ibu kami ucapkan terima kasih.\n\n"
            f"a.n. Kepala Dinas Perpustakaan\ndan Kearsipan Kabupaten Balangan\n{role}\n\n"
            "Norlaila, M.Si.\nPembina (IV/a)\nNIP 196912121997061008\n")


_STROKE_NOMOR = "000.4.7.1/313/Bid.I.PP/DISPERSIP/II/2023"


@pytest.mark.parametrize("role", ["Kepala Bidang Layanan\n\ndan Pembinaan Perpustakaan,",
                                  "Kepala Bidang Layanan dan\nPembinaan Perpustakaan,",
                                  "Kepala Bidang Layanan dan Pembinaan Perpustakaan,"])
def test_a_lone_stroke_in_a_doubted_code_is_read_by_the_signers_unit(role):
    """"Bid.I.PP" (an 'L' whose foot was read as a dot) under a signer of the "Bidang Layanan dan Pembinaan
    Perpustakaan": the unit's initials read the stroke as 'L'; inferred, so shown low and named for review."""
    text = _notice(_STROKE_NOMOR, role)
    got = extract_metadata(text, words_read(text, {_STROKE_NOMOR: 72.0}))
    assert got.nomor.value == "000.4.7.1/313/Bid.LPP/DISPERSIP/II/2023"
    assert got.nomor.confidence == CODE_CONFIDENCE
    assert any(CODE_FROM_LETTERHEAD in r for r in got.review)


@pytest.mark.parametrize("role", ["Kepala Bidang Arsip dan Dokumentasi,", "Sekretaris,"])
def test_a_lone_stroke_no_unit_on_the_page_spells_stays_unsure(role):
    text = _notice(_STROKE_NOMOR, role)
    got = extract_metadata(text, words_read(text, {_STROKE_NOMOR: 72.0}))
    assert got.nomor.value is None
    assert LONE_STROKE in got.nomor.reason


def test_a_lone_stroke_two_letters_could_be_is_left_as_read():
    """'L' and 'I' both make a piece the named units spell: the stroke tells neither."""
    header = [["Bidang", "Layanan", "Pustaka", "Publik"], ["Bidang", "Informasi", "Pustaka", "Publik"]]
    assert code_by_letterhead("12/Bid.I.PP/2023", header) == ("12/Bid.I.PP/2023", [])
    assert code_by_letterhead("12/Bid.I.PP/2023", header[:1]) == ("12/Bid.LPP/2023", [("I.PP", "LPP")])


def test_a_lone_stroke_before_a_single_capital_is_left_as_read():
    header = [["Bidang", "Layanan", "Pustaka"]]
    assert code_by_letterhead("12/Bid.I.P/2023", header) == ("12/Bid.I.P/2023", [])


# ---------------------------------------------------------------- a cut year completed with the witness's readings

_CUT_ROW = "No. : 000.4.6.3/279/Bid.LPP/DISPERSIP/{month}/202Kepada Yth. Kepala SMPN 8 Awayan"


def _cut_line(page: str, readings: list[str], witness: list[str]) -> dict:
    rows = [_CUT_ROW.format(month=m) for m in readings]
    return {"field": "nomor", "page_line": _CUT_ROW.format(month=page), "readings": rows,
            "witness": [_CUT_ROW.format(month=m) for m in witness], "values": {}, "votes": {}, "of": 1 + len(rows)}


def test_a_cut_year_whose_month_the_page_model_splits_is_completed_with_the_witness():
    """The page's model reads the month "VV" twice and "VI" twice (a fax's stroke), the second model "VI" three
    times: the month is the letter's (June), the year's "202" begins the date's year."""
    line = _cut_line("VV", ["VI", "V1", "VV"], ["V1", "V1", "VI"])
    got = fieldread.complete_cut_year([line], "2025-06-18")
    assert got is not None and got.value == "000.4.6.3/279/Bid.LPP/DISPERSIP/VI/2025"
    assert got.confidence == fieldread.COMPLETED_CONFIDENCE


@pytest.mark.parametrize(("page", "readings", "witness", "iso"), [
    ("VV", ["VV", "XV"], ["VI", "VI", "VI"], "2025-06-18"),   # the page's model never reads the month so
    ("VV", ["VI", "VV"], ["VI", "VI", "VI"], "2025-07-18"),   # the month read is not the letter's
])
def test_a_cut_year_the_witness_alone_reads_or_the_date_refutes_is_not_completed(page, readings, witness, iso):
    line = _cut_line(page, readings, witness)
    got = fieldread.complete_cut_year([line], iso)
    assert got is None
