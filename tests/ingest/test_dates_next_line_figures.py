"""A date in words whose figures in brackets OCR set on the next line.

An agreement's opening sentence writes its date twice, in words and in figures in brackets
("… tanggal Lima bulan Juni tahun Dua Ribu Dua Puluh Lima (05-06-2025)"). When the line breaks before the
brackets, the figures still confirm or contradict the words; a year whose words end in a word that is no
number word ("Dua Ribu Dua Puu", "Puluh" misread beyond one letter) gives no date from the words at all.
"""
from __future__ import annotations

import pytest

from ingest.dates import WORDS_AGREE, WORDS_DISAGREE, find_dates
from ingest.metadata import extract_metadata

HEAD = ("PERJANJIAN KERJA SAMA\nANTARA\nDINAS PERPUSTAKAAN KABUPATEN TAPIN\nDENGAN\nDESA HARAPAN MASA\n"
        "TENTANG\nPENGELOLAAN POJOK BACA\n\nNOMOR : 045/77/DISPUS-TPN/VI/2025\n\n")


def sentence(year_words: str, figures: str) -> str:
    return (f"Pada hari ini Kamis tanggal Lima bulan Juni tahun {year_words}\n({figures}), bertempat di Kantor "
            "Desa, yang bertanda tangan di bawah ini:\n")


def test_figures_on_the_next_line_agreeing_with_the_words_confirm_them():
    hits = find_dates(sentence("Dua Ribu Dua Puluh Lima", "05-06-2025"))
    assert [(h.iso, h.confidence) for h in hits] == [("2025-06-05", 0.92)]
    assert WORDS_AGREE in hits[0].reason


def test_figures_on_the_next_line_with_another_year_make_the_words_unsure():
    hits = find_dates(sentence("Dua Ribu Dua Puluh Empat", "05-06-2025"))
    assert len(hits) == 1 and hits[0].confidence < 0.6 and WORDS_DISAGREE in hits[0].reason


def test_the_letters_own_number_tells_which_year_when_they_disagree_across_the_line():
    md = extract_metadata(HEAD + sentence("Dua Ribu Dua Puluh Empat", "05-06-2025"))
    assert md.tanggal.value == "2025-06-05" and md.tanggal.confidence < 0.9, md.tanggal
    assert any(r.startswith("tanggal") for r in md.review), md.review


@pytest.mark.parametrize("damaged", ["Dua Ribu Dua Pulu", "Dua Ribu Dua Puu", "Dua Ribu Dua Pnluh;"])
def test_year_words_ending_in_a_damaged_word_give_no_date_of_their_own(damaged):
    """"Dua Ribu Dua" would spell 2002: the damaged last word says the words are cut, so the date is the
    figures', whose day and month the words confirm - never 2002."""
    hits = find_dates(sentence(damaged, "05-06-2025"))
    assert [h.iso for h in hits] == ["2025-06-05"], hits
    md = extract_metadata(HEAD + sentence(damaged, "05-06-2025"))
    assert md.tanggal.value == "2025-06-05", md.tanggal


def test_figures_two_lines_below_are_another_date():
    """Only the very next line carries the date's own figures; a bracketed date further down is another one."""
    text = ("Pada hari ini Kamis tanggal Lima bulan Juni tahun Dua Ribu Dua Puluh Empat\nbertempat di Kantor Desa,\n"
            "(lihat surat 05-06-2025)\n")
    hits = [h for h in find_dates(text) if h.kind == "words"]
    assert hits and hits[0].iso == "2024-06-05" and WORDS_DISAGREE not in hits[0].reason
