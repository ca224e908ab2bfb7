"""A fresh archive shows calibrated confidence (issue 18): a generated letter read by the real pipeline
(Tesseract) into a new data dir stores, for each field, the shipped table's value of extraction's raw
confidence — not the raw number."""
from __future__ import annotations

import random

import pytest

from archive import service
from ingest.calibration import FIELDS, emptied_value, group_keys, load_table, word_confidences
from ingest.metadata import extract_metadata
from ingest.model import Word

pytestmark = pytest.mark.slow


def test_a_fresh_archive_stores_the_shipped_tables_confidence(settings, tmp_path):
    from samples.generate import make_document, render_pages

    spec = make_document("surat_permintaan_peminjaman", random.Random(1818), held_out=True)
    page = tmp_path / "surat.png"
    render_pages(spec)[0].save(page, dpi=(300, 300))
    [out] = service.ingest_paths(settings, [page])
    assert out.status == "ingested", out
    doc = service.get_document(settings, out.id)
    text = "\f".join(p.text for p in doc.pages)
    words = tuple(Word(w["text"], float(w["conf"]), tuple(w["box"])) for p in doc.pages for w in p.words)
    raw = extract_metadata(text, words)
    table = load_table()
    confs = word_confidences(words)
    checked = moved = 0
    for name in FIELDS:
        field = getattr(raw, name)
        value = field.value if field.present else emptied_value(field)
        stored = doc.fields.get(name)
        if value is None or stored is None or field.confidence <= 0:
            continue
        if "dibaca ulang per baris" in stored.reason:  # ingest/fieldread.py read the row again after extraction:
            continue  # its own value and confidence, not the one extraction gives here
        want = table.calibrated(group_keys(table, name, value, field.reason, confs), field.confidence)
        assert stored.confidence == pytest.approx(want, abs=1e-6), (name, field, stored)
        checked += 1
        moved += abs(stored.confidence - field.confidence) > 1e-6
    assert checked >= 3, (raw, doc.fields)
    assert moved >= 1  # the shipped table is not the identity
