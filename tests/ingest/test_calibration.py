"""Calibrated confidence (ingest/calibration.py): the monotone fitter, the table as data, the stage in the
pipeline, and that a fit on generated documents shows no band above what those documents bear out."""
from __future__ import annotations

import json
import random

import pytest

from bench.calibrate import fit as fit_table
from bench.calibrate import reliability
from bench.classify import ocr_noise
from ingest import pipeline
from ingest.calibration import (
    CEILING,
    FLOOR,
    Curve,
    Table,
    calibrate,
    emptied_value,
    fit_curve,
    group_keys,
    load_table,
    read_table,
)
from ingest.metadata import extract_metadata
from ingest.model import Classification, Field, Metadata, Word
from ingest.options import IngestOptions


def samples(*groups: tuple[float, int, int]) -> list[tuple[float, bool]]:
    """(raw, right, wrong) groups as (raw, right?) samples."""
    return [(x, True) for x, r, _ in groups for _ in range(r)] + [(x, False) for x, _, w in groups for _ in range(w)]


# ---------------------------------------------------------------- the fitter

def test_a_rising_share_keeps_one_block_per_value():
    curve = fit_curve(samples((0.5, 5, 5), (0.8, 8, 2), (0.95, 10, 0)), 0.5, strength=0, min_block=1)
    assert curve.cuts == (0.5, 0.8, 0.95)
    assert curve.probs == (0.5, 0.8, CEILING)  # 10 of 10 is never shown as certain
    assert (curve.counts, curve.right) == ((10, 10, 10), (5, 8, 10))


def test_a_falling_share_is_pooled_with_its_neighbour():
    # 0.95 right 7 of 10 but 0.8 right 9 of 10: the two are one block, 16 of 20
    curve = fit_curve(samples((0.5, 2, 8), (0.8, 9, 1), (0.95, 7, 3)), 0.5, strength=0, min_block=1)
    assert curve.cuts == (0.5, 0.8)
    assert curve.probs == (0.2, 0.8)
    assert curve(0.85) == curve(0.99) == 0.8 and curve(0.6) == 0.2
    assert curve.counts == (10, 20) and curve.right == (2, 16)


def test_small_blocks_are_pooled_until_they_hold_min_block():
    curve = fit_curve(samples((0.4, 0, 3), (0.6, 6, 4), (0.7, 2, 0), (0.9, 9, 1)), 0.5, strength=0, min_block=10)
    assert all(n >= 10 for n in curve.counts)
    assert sum(curve.counts) == 25 and sum(curve.right) == 17
    assert list(curve.probs) == sorted(curve.probs)


def test_shrinking_pulls_a_small_block_towards_the_prior():
    alone = fit_curve(samples((0.9, 10, 0)), 0.5, strength=0, min_block=1)
    shrunk = fit_curve(samples((0.9, 10, 0)), 0.5, strength=10, min_block=1)
    assert alone.probs == (CEILING,)
    assert shrunk.probs == (0.75,)  # (10 + 10 * 0.5) / 20
    parent = Curve((0.0, 0.8), (0.3, 0.9), (10, 10), (3, 9))
    by_parent = fit_curve(samples((0.5, 0, 10), (0.9, 10, 0)), parent, strength=10, min_block=1)
    assert by_parent.probs == (0.15, 0.95)  # (0 + 10 * 0.3) / 20, (10 + 10 * 0.9) / 20
    # no parent (a field as a whole): towards the raw value itself
    by_raw = fit_curve(samples((0.6, 10, 0)), None, strength=10, min_block=1)
    assert by_raw.probs == (0.8,)  # (10 + 10 * 0.6) / 20


@pytest.mark.parametrize("seed", range(5))
def test_the_curve_never_falls_and_stays_within_floor_and_ceiling(seed):
    rng = random.Random(seed)
    data = [(round(rng.random(), 2), rng.random() < 0.3 + 0.6 * x) for x in (rng.random() for _ in range(300))]
    curve = fit_curve(data, 0.6, strength=4, min_block=10)
    assert list(curve.probs) == sorted(curve.probs)
    assert all(FLOOR <= p <= CEILING for p in curve.probs)
    assert sum(curve.counts) == 300
    values = [curve(x / 100) for x in range(101)]
    assert values == sorted(values)


def test_below_the_fitted_range_a_curve_never_raises_the_raw_value():
    curve = fit_curve(samples((0.7, 20, 0)), 1.0, strength=0, min_block=1)
    assert curve(0.7) == CEILING and curve(0.9) == CEILING
    assert curve(0.3) == 0.3


def test_the_fitter_refuses_what_it_cannot_fit():
    with pytest.raises(ValueError, match="no samples"):
        fit_curve([], 0.5)
    with pytest.raises(ValueError, match="outside 0..1"):
        fit_curve([(1.2, True)], 0.5)
    with pytest.raises(ValueError, match="min_block"):
        fit_curve([(0.5, True)], 0.5, min_block=0)


# ---------------------------------------------------------------- the table as data

def test_a_bad_table_is_refused_naming_the_curve(tmp_path):
    good = {"cuts": [0.5, 0.9], "probs": [0.6, 0.9], "counts": [10, 10], "right": [6, 9]}
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"curves": {"nomor": good}}))
    assert read_table(path).curves["nomor"](0.95) == 0.9
    path.write_text(json.dumps({"curves": {"nomor|label": good | {"probs": [0.9, 0.6]}}}))
    with pytest.raises(ValueError, match=r"'nomor\|label'.*must not fall"):
        read_table(path)
    path.write_text(json.dumps({"curves": {"sifat": good}}))
    with pytest.raises(ValueError, match="unknown field"):
        read_table(path)
    path.write_text(json.dumps({"sources": {"nomor": [["label", "(unclosed"]]}}))
    with pytest.raises(ValueError, match="bad pattern"):
        read_table(path)


def test_the_most_specific_group_the_table_has_is_used():
    table = Table({"nomor": Curve((0.0,), (0.7,), (10,), (7,)),
                   "nomor|label": Curve((0.0,), (0.8,), (10,), (8,)),
                   "nomor|label|ocr_low": Curve((0.0,), (0.4,), (10,), (4,))},
                  {"nomor": (("label", "label"),)}, ocr_low=80.0)
    confs = {"470/12/ds/2024": 95.0, "470/13/ds/2024": 60.0}
    sure = group_keys(table, "nomor", "470/12/DS/2024", "label tepat 'Nomor' baris 5", confs)
    assert sure == ("nomor|label|ocr_ok", "nomor|label", "nomor")
    assert table.calibrated(sure, 0.95) == 0.8
    unsure = group_keys(table, "nomor", "470/13/DS/2024", "label tepat 'Nomor' baris 5", confs)
    assert table.calibrated(unsure, 0.95) == 0.4
    assert table.calibrated(group_keys(table, "nomor", "1/2", "baris pertama", {}), 0.95) == 0.7
    assert table.calibrated(("sifat",), 0.95) == 0.95  # not in the table: raw


def test_an_emptied_field_is_calibrated_by_the_value_it_dropped():
    field = Field(None, 0.5, "dikosongkan karena tidak pasti ('045/99/DS-KH/2024'): label tepat 'Nomor' baris 4")
    assert emptied_value(field) == "045/99/DS-KH/2024"
    table = Table({"nomor": Curve((0.0, 0.6), (0.3, 0.9), (10, 10), (3, 9))}, {})
    md, _ = calibrate(Metadata(nomor=field), Classification(), (), table)
    assert md.nomor.value is None and md.nomor.confidence == 0.3 and md.nomor.reason == field.reason


# ---------------------------------------------------------------- the shipped table in the pipeline

LETTER = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nJl. A. Yani No. 5 Paringin\n"
          "Paringin, 12 Maret 2024\nNomor : 045/112/DISPERSIP/III/2024\nSifat : Biasa\n"
          "Perihal : Undangan Sosialisasi Program BuRT\nKepada Yth.\nKepala Desa Lok Muhu\ndi Tempat\n"
          "Dengan hormat, kami mengundang Bapak untuk hadir pada sosialisasi.\n")


def test_the_pipeline_shows_the_shipped_tables_confidence():
    table = load_table()
    assert table.curves, "ingest/data/calibration.json ships a fitted table (bench/calibrate.py --fit)"
    words = tuple(Word(w, 93.0, (0, 0, 10, 10)) for w in LETTER.split())
    raw = extract_metadata(LETTER, words)
    shown, classification = pipeline._analyse(LETTER, IngestOptions(workers=1), {}, words)
    checked = 0
    for name in ("nomor", "tanggal", "perihal", "pengirim", "penerima"):
        field = getattr(raw, name)
        if not field.present:
            continue
        keys = group_keys(table, name, field.value, field.reason, {w.text.lower(): 93.0 for w in words})
        assert getattr(shown, name).confidence == table.calibrated(keys, field.confidence), name
        assert getattr(shown, name).value == field.value
        checked += 1
    assert checked >= 4
    assert shown.sifat == raw.sifat  # a field the table does not hold keeps its raw confidence
    classify_text, sop, model = pipeline._classifier(None)
    raw_class = classify_text(LETTER, raw, sop, model, abstain_below=IngestOptions().abstain_below)
    assert classification.doc_type == raw_class.doc_type is not None
    assert classification.confidence == table.calibrated(("class",), raw_class.confidence)


# ---------------------------------------------------------------- a fit on generated text

def generated_rows(seed: int, count: int) -> list[dict]:
    """Rows as bench/calibrate.py makes them, from generated letters' text with OCR-like noise (no
    Tesseract: every word gets one confidence, so the OCR groups do not split)."""
    from bench.calibrate import rows_of
    from samples.generate import DOC_TYPES, make_document

    rng = random.Random(seed)
    types = sorted(DOC_TYPES)
    docs = []
    for i in range(count):
        spec = make_document(types[i % len(types)], random.Random(f"{seed}-{i}"), held_out=False, harder=True)
        text = ocr_noise("\n".join(spec.page_texts()), rng, rate=rng.choice((0.0, 0.02, 0.05)))
        words = tuple(Word(w, 90.0, (0, 0, 1, 1)) for w in text.split())
        truth = {k: spec.meta.get(k) for k in ("nomor", "perihal", "pengirim", "penerima")}
        tanggal = spec.meta.get("tanggal")
        truth["tanggal"] = tanggal.isoformat() if hasattr(tanggal, "isoformat") else tanggal
        docs.append((f"doc{i}", truth | {"doc_type": spec.doc_type}, text, words))
    return rows_of(docs, False, IngestOptions(workers=1))


def test_a_fit_shows_no_band_above_what_its_own_data_bears_out():
    rows = generated_rows(18, 120)
    assert len(rows) > 200 and 0 < sum(r["right"] for r in rows) < len(rows)
    table = fit_table(rows, "test")
    from bench.calibrate import NOT_FITTED, shown
    shown_rows = [r for r in rows if r["shown"] and r["field"] not in NOT_FITTED]  # fields the fit covers
    rel = reliability([(shown(r, table), r["right"]) for r in shown_rows])
    top = [b for b in rel["bins"] if b["shown"].startswith("95")][0]
    if top["n"]:
        # "95 %" and more is shown only where the data it was fitted on is right that often (a block's
        # share is shrunk towards its parent, so it may sit below, never far above)
        assert top["mean_shown"] <= top["right"] + 0.02, top
    before = reliability([(r["raw"], r["right"]) for r in shown_rows])
    assert rel["ece"] < before["ece"]
