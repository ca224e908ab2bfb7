"""Which OCR words light up on the page image for a query (should / should-not tables)."""
from __future__ import annotations

import pytest

from archive.service import matching_word_indexes

SHOULD = [
    ("perpustakaan", "Perpustakaan"),
    ("perpustakaan", "perpustakaan,"),
    ("perpustakaan", "perpustakaannya"),  # suffix form
    ("perpustakaan", "pcrpustakaan"),  # OCR slip
    ("perpustakan", "perpustakaan"),  # typo in the query
    ("sosialisasi", "SOSIALISASI"),
    ("045.2/117", "045.2/117/DISPERPUS/2024"),
]
SHOULD_NOT = [
    ("perpustakaan", "pustaka"),
    ("desa", "dinas"),
    ("surat", "su"),  # too short to be a stem match
    ("undangan", "undang-undang"),
    ("balangan", "batang"),
]


@pytest.mark.parametrize("query,word", SHOULD)
def test_should_highlight(query, word):
    assert matching_word_indexes([{"text": word}], query) == [0]


@pytest.mark.parametrize("query,word", SHOULD_NOT)
def test_should_not_highlight(query, word):
    assert matching_word_indexes([{"text": word}], query) == []


def test_every_query_word_counts_and_order_is_kept():
    words = [{"text": t} for t in ("Kepala", "Desa", "Batu", "Piring", "Dinas")]
    assert matching_word_indexes(words, "desa piring") == [1, 3]
    assert matching_word_indexes(words, "") == []
