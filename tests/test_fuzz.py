"""Property tests (Hypothesis) of the parsers that read text an attacker or a bad scan controls:
metadata extraction, nomor normalisation, date finding and the search query parsing.

They never raise on any text, return well-typed values, and normalising twice gives what
normalising once gave. Brief by default (``HYPOTHESIS_MAX_EXAMPLES``, default 100 per test);
``HYPOTHESIS_PROFILE=long`` runs 5 000 examples per test on demand:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py -q
"""
from __future__ import annotations

import os
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive import textnorm
from archive.records import SearchQuery
from archive.search import ParsedText, Plan, build_filter, build_query, parse_text
from archive.vocabulary import Vocabulary
from ingest.dates import DateHit, find_dates, parse_parts, repair_digits, repair_month, words_to_number
from ingest.errors import BurtError
from ingest.metadata import extract_metadata
from ingest.model import Field, Metadata
from ingest.nomor import normalise_nomor

settings.register_profile("ci", max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "100")), deadline=None,
                          database=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The grammar of an Indonesian letter as OCR returns it: labels, month names (also damaged),
# numbers with letters read for digits, separators, number words. Generic pieces, not phrases
# of any generator, mixed with arbitrary Unicode.
_PIECES = ["Nomor", "Nomor :", "No.", "Perihal", "Hal :", "Lampiran", "Sifat", "Kepada", "Yth.", "Tanggal",
           "tanggal", "bulan", "tahun", "Paringin,", "Balangan", "Januari", "Februari", "Maret", "Maref", "April",
           "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "Nopember", "Desember", "Des.", "Senin",
           "Dua", "Ribu", "Puluh", "Empat", "Belas", "sebelas", "Lima", "2024", "2O24", "l2", "31", "0", "99999",
           "045/112/DISPERSIP/2024", "000.4.7.1/05/X/2025", "12-03-2024", "31/02/2024", "/", "|", "l", "I",
           "O", ".", ",", ":", "-", "(", ")", '"', "PIHAK PERTAMA", "PIHAK KEDUA", "DINAS", "SK", "II", "XIII",
           "\f", "\n", "\u202e", "\x00", "İ", "ı", "ß", "ﬁ", "٣", "²"]
_SEPARATORS = st.sampled_from([" ", "  ", "\n", "\t", "/", ": ", ", ", ""])
TEXT = st.one_of(
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=40).flatmap(
        lambda parts: _SEPARATORS.map(lambda sep: sep.join(parts))),
    st.text(max_size=300),
)
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _check_field(field: Field) -> None:
    assert isinstance(field, Field)
    assert field.value is None or isinstance(field.value, str)
    assert 0.0 <= float(field.confidence) <= 1.0


@given(TEXT)
@example("Nomor : 045/112/DISPERSIP/2024\nParingin, 12 Maret 2024\nPerihal : Undangan")
@example("\f\f\n\x00 tanggal Dua bulan Maret tahun Dua Ribu Dua Puluh Empat")
def test_extract_metadata_never_raises_and_is_well_typed(text):
    metadata = extract_metadata(text)
    assert isinstance(metadata, Metadata)
    for name in ("nomor", "tanggal", "sifat", "lampiran", "perihal", "pengirim", "penerima", "partner"):
        _check_field(getattr(metadata, name))
    if metadata.tanggal.value is not None:
        assert ISO.fullmatch(metadata.tanggal.value)
        date.fromisoformat(metadata.tanggal.value)
    for field in metadata.rujukan:
        _check_field(field)
    assert extract_metadata(text) == metadata  # deterministic


@given(TEXT)
@example("045 / l2 / DlSPERSlP / 2O24")
@example("SMPN1- PRG/05/2024")
def test_normalise_nomor_is_typed_and_idempotent(raw):
    nomor, repaired = normalise_nomor(raw)
    assert isinstance(repaired, bool)
    if nomor is None:
        assert repaired is False
        return
    assert isinstance(nomor, str) and nomor and not any(c.isspace() for c in nomor)
    assert "/" in nomor and any(c.isdigit() for c in nomor)
    assert normalise_nomor(nomor) == (nomor, False)  # a normalised nomor needs no more repair


@given(TEXT)
@example("Paringin, 31 Februari 2024 dan 12-03-2024")
@example("pada hari ini Senin tanggal Dua bulan Maret tahun Dua Ribu Dua Puluh Empat (02-03-2024)")
def test_find_dates_returns_valid_ordered_disjoint_hits(text):
    hits = find_dates(text)
    previous_end = 0
    for hit in hits:
        assert isinstance(hit, DateHit)
        parsed = date.fromisoformat(hit.iso)
        assert 1900 <= parsed.year <= 2100
        assert 0 <= hit.start < hit.end <= len(text)
        assert hit.start >= previous_end  # in order, not overlapping
        previous_end = hit.end
        assert hit.kind in ("place_date", "words", "numeric", "plain")
        assert 0.0 <= hit.confidence <= 1.0 and isinstance(hit.reason, str)


@given(st.text(max_size=12), st.text(max_size=12), st.text(max_size=12))
def test_parse_parts_gives_an_iso_date_or_none(day, month, year):
    iso = parse_parts(day, month, year)
    assert iso is None or 1900 <= date.fromisoformat(iso).year <= 2100


@given(TEXT)
def test_words_to_number_is_a_count_or_none(text):
    value = words_to_number(text)
    assert value is None or (isinstance(value, int) and value >= 0)


@given(st.text(max_size=20))
def test_repairs_are_idempotent(token):
    fixed, _ = repair_digits(token)
    assert repair_digits(fixed) == (fixed, False)
    month = repair_month(token)
    if month is not None:
        assert repair_month(month[0]) == (month[0], False)


# --------------------------------------------------------------------------- search queries

_EMPTY_VOCABULARY = Vocabulary(by_length={}, freq={})


@given(TEXT)
@example('"kerja sama" 045/112/DISPERSIP/2024 perpustakaan "')
@example('"""" / // |||')
def test_query_parsing_never_raises_and_is_typed(text):
    parsed = parse_text(text)
    assert isinstance(parsed, ParsedText)
    assert all(isinstance(w, str) and w and not any(c.isspace() for c in w) for w in parsed.words)
    assert all(textnorm.looks_like_nomor(n) for n in parsed.nomors)
    assert all(p for p in parsed.phrases)
    plan = build_query(text, _EMPTY_VOCABULARY)
    assert isinstance(plan, Plan) and isinstance(plan.words, set)
    if not (parsed.words or parsed.phrases or parsed.nomors):
        assert plan.strict is None and plan.loose is None


@pytest.mark.xfail(reason="archive/textnorm.py (not this helper's): words() lower-cases after tokenising, so "
                          "'İ' becomes 'i' + U+0307, which the next tokenising splits off; a query's words are "
                          "not a fixed point. Falsifying example: 'İa'", strict=True)
@given(TEXT)
@example("İa")
def test_query_words_are_a_fixed_point(text):
    words = parse_text(text).words
    assert parse_text(" ".join(words)).words == words


@pytest.mark.xfail(reason="archive/textnorm.py (not this helper's): nomor_key folds OCR twins *before* "
                          "upper-casing and folds 'Q' but not 'q', so nomor_key('q') == 'Q' while "
                          "nomor_key('Q') == '0' (a nomor typed '045/q/..' and one read '045/Q/..' get different "
                          "keys); likewise 'ı' -> 'I' -> '1'. Falsifying examples: 'q', 'ı'", strict=True)
@given(TEXT)
@example("q")
@example("ı")
def test_nomor_key_is_idempotent(text):
    key = textnorm.nomor_key(text)
    assert textnorm.nomor_key(key) == key
    assert textnorm.nomor_flat(key) == textnorm.nomor_flat(text)


@given(text=TEXT, date_from=st.one_of(st.none(), st.text(max_size=12), st.dates().map(str)),
       date_to=st.one_of(st.none(), st.text(max_size=12), st.dates().map(str)),
       nomor=st.one_of(st.none(), TEXT), partner=st.one_of(st.none(), st.text(max_size=30)),
       year=st.one_of(st.none(), st.integers(min_value=-10**6, max_value=10**6)))
def test_search_filters_build_or_refuse_with_a_typed_error(text, date_from, date_to, nomor, partner, year):
    q = SearchQuery(text=text, date_from=date_from, date_to=date_to, nomor=nomor, partner=partner, year=year)
    try:
        build_filter(q)
    except BurtError as exc:
        assert exc.code and " / " in exc.message
