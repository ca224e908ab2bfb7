"""A signature's place-date whose place lost its capital to OCR ("'aringin, 04 Juni 2025", issue 17, fourteenth
session) still dates the letter when the signer's role follows it, also a role set on two lines ("Kepala Dinas
Perpustakaan dan Kearsipan" / "Kabupaten Balangan,"). Texts from the generator, the damage done here."""
from __future__ import annotations

import random
import re

from ingest.metadata import extract_metadata
from samples.generate import make_activity_v2, make_document

TYPES = ("undangan_sosialisasi", "surat_permohonan_kerja_sama", "laporan_sosialisasi", "surat_balasan",
         "surat_permintaan_pembinaan", "laporan_pendampingan")
_PLACE_DATE_LINE = re.compile(r"^([A-Z][a-z]{4,}), (\d{1,2} [A-Za-z]+ \d{4})\s*$", re.MULTILINE)


def _signed_letters():
    for seed in range(10):
        held_out = seed % 2 == 1
        act = make_activity_v2(random.Random(f"sigdate-{seed}"), held_out, ("desa", "sekolah", "komunitas")[seed % 3])
        for doc_type in TYPES:
            spec = make_document(doc_type, random.Random(f"sigdate-{seed}-{doc_type}"), held_out, act, harder=True)
            text = "\n".join(spec.page_texts())
            field = extract_metadata(text).tanggal
            if not field.present or "tanda tangan" not in field.reason:
                continue  # dated in its head, or not at all: nothing to test
            yield text, field.value


def _lose_capital(text: str) -> str | None:
    hits = list(_PLACE_DATE_LINE.finditer(text))
    if not hits:
        return None
    last = hits[-1]
    return text[: last.start()] + "'" + text[last.start() + 1:]


def test_a_signature_date_whose_place_lost_its_capital_still_dates_the_letter():
    tried = 0
    for text, want in _signed_letters():
        damaged = _lose_capital(text)
        if damaged is None:
            continue
        tried += 1
        got = extract_metadata(damaged).tanggal
        assert got.value == want, (want, got, damaged[-400:])
    assert tried >= 10, tried


def test_a_role_on_two_lines_below_the_date_is_the_signature():
    text = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n" + "Isi surat baris.\n" * 25
            + "Hari/Tanggal : Rabu, 11 Juni 2025\nDemikian undangan ini disampaikan.\n"
            "'aringin, 04 Juni 2025\n\nKepala Dinas Perpustakaan dan Kearsipan\nKabupaten Balangan,\n\nSaberi, S.AP.\n")
    assert extract_metadata(text).tanggal.value == "2025-06-04"


def test_a_lower_case_word_before_a_date_is_no_place_without_a_signer_below():
    body = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n" + "Isi surat baris.\n" * 25
    # a sentence's word before a date, even with a role below, and a place-like word with no role below
    for tail in ("pada, 04 Juni 2025\nKepala Desa Lok Batu,\n", "'aringin, 04 Juni 2025\nDemikian disampaikan.\n"):
        assert not extract_metadata(body + tail).tanggal.present, tail
