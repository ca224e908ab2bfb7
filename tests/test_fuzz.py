"""Property tests (Hypothesis) of the parsers that read text an attacker or a bad scan controls:
metadata extraction, nomor normalisation, date finding and the search query parsing.

They never raise on any text, return well-typed values, and normalising twice gives what
normalising once gave. Brief by default (``HYPOTHESIS_MAX_EXAMPLES``, default 100 per test);
``HYPOTHESIS_PROFILE=long`` runs 5 000 examples per test on demand:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py -q
"""
from __future__ import annotations

import functools
import io
import os
import re
import tempfile
from datetime import date, datetime
from pathlib import Path

import dateparser
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive import textnorm
from archive.records import SearchQuery
from archive.search.analyzers import raw_analyzer
from archive.search.query import ParsedText, Plan, build_filter, build_query, parse_text
from archive.vocabulary import Vocabulary
from ingest.dates import _SETTINGS, DateHit, find_dates, parse_parts, repair_digits, repair_month, words_to_number
from ingest.errors import BurtError
from ingest.load import load_page, open_source
from ingest.metadata import extract_metadata
from ingest.model import Field, Metadata
from ingest.nomor import normalise_nomor
from ingest.options import IngestOptions
from ingest.sniff import find_polyglot, sniff_kind

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


@given(st.one_of(st.integers(0, 40).map(str), st.sampled_from(["1O", "l2", "3l", ""])),
       st.one_of(st.integers(0, 14).map(str), st.sampled_from(["Juni", "Agustus", "Agt", "Nopember", "Mei", "x", "bulan", "hari", "minggu", "tahun"])),
       st.one_of(st.integers(0, 2200).map(str), st.sampled_from(["2O24", "99", "05", ""])))
def test_parse_parts_does_not_depend_on_today(day, month, year):
    """``parse_parts`` is kept per process (``lru_cache``): that is only sound if its answer depends on
    the three strings alone. dateparser told that today is another day gives the same date."""
    iso = parse_parts(day, month, year)
    for today in (datetime(1950, 2, 3), datetime(2099, 11, 30)):
        parsed = dateparser.parse(f"{day} {month} {year}", languages=["id"], settings={**_SETTINGS, "RELATIVE_BASE": today})
        other = parsed.date().isoformat() if parsed is not None and 1900 <= parsed.year <= 2100 else None
        assert other == iso
    assert parse_parts(day, month, year) == iso  # and asked again, from the cache


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


@given(TEXT)
@example("İa")
@example("İSTANBUL dinas")
def test_query_words_are_a_fixed_point(text):
    words = parse_text(text).words
    assert parse_text(" ".join(words)).words == words


@given(TEXT)
@example("İzin")
def test_query_words_are_what_the_index_stores(text):
    """The words a query looks up are the index's own tokens of the same text (one lower-casing)."""
    assert [t.text for t in raw_analyzer()(text)] == textnorm.words(text)


@given(TEXT)
@example("q")
@example("ı")
def test_nomor_key_is_idempotent(text):
    key = textnorm.nomor_key(text)
    assert textnorm.nomor_key(key) == key
    assert textnorm.nomor_flat(key) == textnorm.nomor_flat(text)


@given(TEXT)
@example("045/q0/x/2024")
@example("1b")
def test_nomor_key_ignores_case(text):
    assert textnorm.nomor_key(text) == textnorm.nomor_key(text.upper())
    ascii_text = text.encode("ascii", "ignore").decode()
    assert textnorm.nomor_key(ascii_text.lower()) == textnorm.nomor_key(ascii_text.upper())


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


# --------------------------------------------------------------------------- file bytes

_MAGIC = [b"", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00", b"MM\x00*", b"MZ",
          b"\x00\x00\x00\x18ftypheic", b"PK\x03\x04", b"  %PDF-1.4\n"]
_PDF_TAILS = [b"", b"\nstartxref\n0\n%%EOF\n", b"trailer << /Root 1 0 R /Size 2 >>\n%%EOF",
              b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF"]


@given(st.sampled_from(_MAGIC), st.binary(max_size=3000), st.sampled_from(_PDF_TAILS))
@example(b"II*\x00", b"\x08\x00\x00\x00\x01\x00\x00\x01\x04\x00\x01\x00\x00\x00\xff\xff\xff\xff" + b"\x00" * 8, b"")
def test_any_bytes_open_as_a_source_or_a_typed_refusal(magic, body, tail):
    """``open_source`` and ``load_page`` (sniffing, polyglot rules, Pillow, poppler) on arbitrary
    bytes behind real magic numbers: a page or a ``BurtError``, nothing else."""
    data = magic + body + tail
    assert sniff_kind(data[:4096]) in (None, "pdf", "jpeg", "png", "tiff", "heic")
    find_polyglot(data[:4096], data[-65558:], len(data))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x"
        path.write_bytes(data)
        options = IngestOptions(workers=1, dpi=72)
        try:
            source = open_source(path, options)
            assert source.page_count >= 1 and source.kind in ("pdf", "jpeg", "png", "tiff", "heic")
            page = load_page(source, source.page_count, options)
        except BurtError as exc:
            assert exc.code and " / " in exc.message
            return
        assert min(page.image.shape[:2]) >= options.min_page_px


@functools.lru_cache(maxsize=1)
def _seed_files() -> tuple[bytes, ...]:
    """Small valid files of every kind, for mutation."""
    from bench.hostile_corpus import letter_image, letter_pdf, tiff_frames

    image = letter_image(240, 320)
    out = []
    for fmt, params in (("PNG", {}), ("JPEG", {"quality": 70}), ("TIFF", {"compression": "tiff_deflate"})):
        buffer = io.BytesIO()
        image.save(buffer, fmt, **params)
        out.append(buffer.getvalue())
    out.append(tiff_frames(image, image.rotate(90, expand=True)))
    out.append(letter_pdf(2, media=b"[0 0 200 280]"))
    return tuple(out)


@given(st.integers(min_value=0, max_value=4), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8),
       st.one_of(st.none(), st.floats(0.05, 1)))
@example(which=3, flips=[], keep=0.5)  # found: Pillow's TypeError("Missing dimensions") on seek was a traceback
def test_mutated_documents_load_or_are_refused_with_a_typed_error(which, flips, keep):
    """Real PNG, JPEG, TIFF (one and two frames) and PDF files with bytes changed and tails cut:
    every page loads within the limits, or the file is refused with a ``BurtError``."""
    data = bytearray(_seed_files()[which])
    for where, value in flips:
        data[min(len(data) - 1, int(where * len(data)))] = value
    if keep is not None:
        data = data[: max(1, int(len(data) * keep))]
    options = IngestOptions(workers=1, dpi=72)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x"
        path.write_bytes(bytes(data))
        try:
            source = open_source(path, options)
            pages = [load_page(source, n, options) for n in range(1, source.page_count + 1)]
        except BurtError as exc:
            assert exc.code and " / " in exc.message
            return
    for page in pages:
        h, w = page.image.shape[:2]
        assert options.min_page_px <= min(h, w) and h * w <= options.max_pixels
