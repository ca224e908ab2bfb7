"""Calibration of the confidence shown: fit the shipped table, or report how reliable the shown confidence is.

    PYTHONPATH=$PWD .venv/bin/python bench/calibrate.py --fit   # fit on the tuning sets -> ingest/data/calibration.json
    PYTHONPATH=$PWD .venv/bin/python bench/calibrate.py         # reliability before vs after, every set

The fit uses the generator's **tuning** mode only (``held_out=False``): the activity benchmark's ``tuning`` and
``tuning_fresh`` sets (``bench/activities.py``) and a set of its own, ``calib_tuning`` (seed 1811, 80
documents). The report adds the held-out sets (``held_out``, ``held_out_fresh``, ``held_out_1705``, and the
review queue's ``generated-1818-24`` when it has been read) and ``../shared/real/`` (skipped when absent).

Every file is read by the real pipeline once; its ``IngestResult`` is cached by SHA-256 (the activity
benchmark's cache under ``bench/out/activities/cache``, this script's under ``bench/out/calibrate/cache``,
the review queue's under ``bench/out/review_queue/cache``, which holds the real captures too), so
a rerun only repeats extraction and classification — a refit after a change to extraction takes a minute.

A field's value is right by the rules of ``bench/real_metadata.matches`` (a value where the truth has none is
wrong); the classification is right when the type equals the truth's type (generated sets only: the real
captures' types are not the SOP's). A value extraction emptied as unsure is scored too (its dropped value is
in its reason) — it is fitted, since its confidence is shown beside "dikosongkan" — but the reliability
tables count the values shown as filled.

Reliability: the shown confidence in bins → count, mean shown, share right; ECE (expected calibration error)
= sum over bins of (count / total) * |share right - mean shown|. "before" is extraction's raw number,
"after" the calibrated one from the table in ``ingest/data/calibration.json`` (or ``--table``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.activities import SETS as ACTIVITY_SETS  # noqa: E402
from bench.activities import CachedPipeline  # noqa: E402
from bench.real_metadata import REAL, SUFFIXES, matches  # noqa: E402
from ingest import pipeline  # noqa: E402
from ingest.calibration import (  # noqa: E402
    CLASS,
    FIELDS,
    IDENTITY,
    Curve,
    Table,
    emptied_value,
    fit_curve,
    group_keys,
    read_table,
    word_confidences,
)
from ingest.metadata import extract_metadata  # noqa: E402
from ingest.model import IngestResult, Word  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402

OUT = ROOT / "bench" / "out"
TABLE = ROOT / "ingest" / "data" / "calibration.json"
TRUTH = ".truth.json"
# name -> (folder, cache, seed, held_out, count); folders and caches of other benchmarks are reused
SETS: dict[str, tuple[Path, Path, int, bool, int]] = {
    name: (OUT / "activities" / name, OUT / "activities" / "cache", seed, held_out, 50)
    for name, (seed, held_out) in ACTIVITY_SETS.items()}
SETS["calib_tuning"] = (OUT / "calibrate" / "calib_tuning", OUT / "calibrate" / "cache", 1811, False, 80)
REVIEW_SET = (OUT / "review_queue" / "generated-1818-24" / "src", OUT / "review_queue" / "cache")

# The fit's settings (written into the table where extraction reads them).
# Source of a value, from its reason (first pattern that matches; else "other").
SOURCES = {
    "nomor": [["reread", r"dibaca ulang per baris"], ["repaired", r"diperbaiki"], ["label_exact", r"label tepat"],
              ["label", r"label"]],
    "tanggal": [["words", r"huruf"], ["head", r"kepala surat"], ["signature", r"tanda tangan"],
                ["in_text", r"dalam teks"]],
    "perihal": [["label_continued", r"label.*lanjut \d+ baris"], ["label_exact", r"label tepat"],
                ["label", r"label"], ["title_named", r"judul (keputusan|perjanjian)"], ["title", r"judul"]],
    "pengirim": [["kop", r"kop surat"]],
    "penerima": [["yth", r"blok"]],
}
OCR_LOW = 80.0  # a value with a word Tesseract read under this is "ocr_low"
MIN_GROUP = 12  # examples a source (or source and OCR) group needs to get its own curve
MIN_BLOCK = 10  # examples per block of a curve
STRENGTH = 4.0  # pseudo-examples pulling a block towards its parent
BINS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.0))


# ---------------------------------------------------------------- reading the sets (cached)

def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and (p.with_name(p.name + TRUTH)).exists())


def generated_docs(name: str) -> list[tuple[str, dict, str, tuple[Word, ...]]]:
    """(file, truth, text, words) of a generated set, read through the cached pipeline."""
    count = None
    if name == "generated-1818-24":
        folder, cache_dir = REVIEW_SET
        if not folder.is_dir():
            return []
    else:
        folder, cache_dir, seed, held_out, count = SETS[name]
        if len(list(folder.glob("*" + TRUTH))) < count:
            from samples.generate import generate_set

            folder.mkdir(parents=True, exist_ok=True)
            generate_set(folder, seed, count, held_out=held_out, harder=True)
    cache = CachedPipeline(cache_dir)
    options = IngestOptions(workers=1, searchable_pdf=False)
    out = []
    for path in _files(folder)[:count]:  # the set's first ``count`` documents (the generator writes in order)
        entry = cache_dir / hashlib.sha256(path.read_bytes()).hexdigest()[:24] / "result.pickle"
        if not entry.is_file():
            cache.ingest_file(path, options)  # reads it once (Tesseract), then it is cached
        result: IngestResult = pickle.loads(entry.read_bytes())
        truth = json.loads(path.with_name(path.name + TRUTH).read_text(encoding="utf-8"))
        out.append((path.name, truth, result.text, tuple(w for p in result.pages for w in p.words)))
    return out


def real_docs() -> list[tuple[str, dict, str, tuple[Word, ...]]]:
    """The real captures with a truth, read through the cached pipeline (the review queue's cache: the
    same reading ``bench/review_queue.py --real`` archives)."""
    if not REAL.is_dir():
        return []
    cache_dir = REVIEW_SET[1]
    cache = CachedPipeline(cache_dir)
    options = IngestOptions(workers=1, searchable_pdf=False)
    out = []
    for truth_path in sorted(REAL.glob("*" + TRUTH)):
        stem = truth_path.name[: -len(TRUTH)]
        path = next((p for p in (REAL / (stem + s) for s in SUFFIXES) if p.exists()), None)
        if path is None:
            continue
        entry = cache_dir / hashlib.sha256(path.read_bytes()).hexdigest()[:24] / "result.pickle"
        if not entry.is_file():
            cache.ingest_file(path, options)
        result: IngestResult = pickle.loads(entry.read_bytes())
        out.append((path.name, json.loads(truth_path.read_text(encoding="utf-8")), result.text,
                    tuple(w for p in result.pages for w in p.words)))
    return out


# ---------------------------------------------------------------- rows: raw confidence, evidence, right

def rows_of(docs, with_class: bool, options: IngestOptions) -> list[dict]:
    """One row per read field (and per classification): raw confidence, the value shown or dropped, its
    reason, the OCR word confidences it is judged by, and whether it is right."""
    classify_text, sop, model = pipeline._classifier(options.model_dir)
    rows = []
    for name, truth, text, words in docs:
        md = extract_metadata(text, words)
        confs = word_confidences(words)
        for f in FIELDS:
            field = getattr(md, f)
            value = field.value if field.present else emptied_value(field)
            if value is None or field.confidence <= 0:
                continue
            want = truth.get(f)
            right = bool(want) and matches(f, value, want)
            rows.append({"file": name, "field": f, "raw": field.confidence, "shown": field.present,
                         "value": value, "reason": field.reason, "right": right,
                         "_confs": confs})
        if with_class:
            cl = classify_text(text, md, sop, model, abstain_below=options.abstain_below)
            if cl.doc_type is not None:
                rows.append({"file": name, "field": CLASS, "raw": cl.confidence, "shown": True,
                             "value": cl.doc_type, "reason": "", "right": cl.doc_type == truth.get("doc_type"),
                             "_confs": {}})
    return rows


def keys_of(row: dict, table: Table) -> tuple[str, ...]:
    if row["field"] == CLASS:
        return (CLASS,)
    return group_keys(table, row["field"], row["value"], row["reason"], row["_confs"])


def shown(row: dict, table: Table) -> float:
    return table.calibrated(keys_of(row, table), row["raw"])


# ---------------------------------------------------------------- the fit

# Fields left at extraction's own number: the generator's truth for a subject is not always the printed text
# (a non-BuRT paper's truth drops the title's head, "Izin Cuti ..." for "Surat Izin Cuti ..."), so a fit on it
# showed right subjects at 15-56 % on the real set and flagged them. Fit it again once that truth is fixed.
NOT_FITTED = frozenset({"perihal"})


def fit(rows: list[dict], fitted_on: str) -> Table:
    """The table: per field a curve, then per source group and per source-and-OCR group with enough
    examples, each shrunk towards its parent."""
    frame = Table({}, {k: tuple((a, b) for a, b in v) for k, v in SOURCES.items()}, OCR_LOW, fitted_on)
    by_key: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for row in rows:
        if row["field"] in NOT_FITTED:
            continue
        for key in keys_of(row, frame):
            by_key[key].append((row["raw"], row["right"]))
    curves: dict[str, Curve] = {}
    for key in sorted(by_key, key=lambda k: k.count("|")):  # parents first
        samples = by_key[key]
        parent = key.rsplit("|", 1)[0] if "|" in key else None
        if parent is None:  # a field as a whole: towards extraction's own number where examples are few
            curves[key] = fit_curve(samples, None, strength=STRENGTH, min_block=MIN_BLOCK)
        elif len(samples) >= MIN_GROUP:
            prior = curves.get(parent) or curves[key.split("|")[0]]
            curves[key] = fit_curve(samples, prior, strength=STRENGTH, min_block=MIN_BLOCK)
    return Table(curves, frame.sources, OCR_LOW, fitted_on)


# ---------------------------------------------------------------- reliability

def reliability(pairs: list[tuple[float, bool]]) -> dict:
    """Bins of the shown confidence: count, mean shown, share right; and the ECE over all of them."""
    bins = []
    total = len(pairs)
    ece = 0.0
    for low, high in BINS:
        cell = [(c, r) for c, r in pairs if low <= c < high or (high == 1.0 and c == 1.0)]
        if cell:
            mean = sum(c for c, _ in cell) / len(cell)
            acc = sum(r for _, r in cell) / len(cell)
            ece += len(cell) / total * abs(acc - mean)
            bins.append({"shown": f"{int(low * 100)}–{int(high * 100)} %", "n": len(cell),
                         "mean_shown": round(mean, 3), "right": round(acc, 3), "n_right": sum(r for _, r in cell)})
        else:
            bins.append({"shown": f"{int(low * 100)}–{int(high * 100)} %", "n": 0, "mean_shown": None,
                         "right": None, "n_right": 0})
    return {"n": total, "right": round(sum(r for _, r in pairs) / total, 3) if total else None,
            "ece": round(ece, 4) if total else None, "bins": bins}


def report(groups: dict[str, list[dict]], table: Table) -> dict:
    out = {}
    for name, rows in groups.items():
        fields = [r for r in rows if r["shown"] and r["field"] != CLASS]
        classes = [r for r in rows if r["field"] == CLASS]
        out[name] = {
            "fields_before": reliability([(r["raw"], r["right"]) for r in fields]),
            "fields_after": reliability([(shown(r, table), r["right"]) for r in fields]),
            "class_before": reliability([(r["raw"], r["right"]) for r in classes]),
            "class_after": reliability([(shown(r, table), r["right"]) for r in classes]),
            "per_field_after": {f: reliability([(shown(r, table), r["right"]) for r in fields if r["field"] == f])
                                for f in FIELDS},
        }
    return out


def _cell(b: dict) -> str:
    return f"{b['n']}, {100 * b['right']:.0f} %" if b["n"] else "0, —"


def _reliability_table(rep: dict, title: str, key: str) -> list[str]:
    """One markdown table: per bin of shown confidence, each set's ``{key}_before`` and ``{key}_after``."""
    names = list(rep)
    lines = [f"| {title} | " + " | ".join(f"{n}: before | {n}: after" for n in names) + " |",
             "|---|" + "---|---|" * len(names)]
    for i, (low, high) in enumerate(BINS):
        cells = []
        for n in names:
            cells += [_cell(rep[n][f"{key}_before"]["bins"][i]), _cell(rep[n][f"{key}_after"]["bins"][i])]
        lines.append(f"| {int(low * 100)}–{int(high * 100)} % | " + " | ".join(cells) + " |")
    cells = []
    for n in names:
        cells += [f"{rep[n][f'{key}_before']['ece']}", f"{rep[n][f'{key}_after']['ece']}"]
    lines.append("| ECE | " + " | ".join(cells) + " |")
    return lines


def markdown(rep: dict) -> str:
    return "\n".join(_reliability_table(rep, "shown", "fields") + [""]
                     + _reliability_table(rep, "classification", "class"))


TUNING = ("tuning", "tuning_fresh", "calib_tuning")
HELD_OUT = ("held_out", "held_out_fresh", "held_out_1705", "generated-1818-24")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fit", action="store_true", help="fit on the tuning sets and write the shipped table")
    ap.add_argument("--table", type=Path, default=TABLE, help="the table to report on (default: the shipped one)")
    ap.add_argument("--out", type=Path, default=OUT / "calibrate" / "report.json")
    args = ap.parse_args(argv)
    started = time.monotonic()
    options = IngestOptions(workers=1, searchable_pdf=False)
    tuning = [r for name in TUNING for r in rows_of(generated_docs(name), True, options)]
    if args.fit:
        table = fit(tuning, "bench/calibrate.py --fit: " + ", ".join(
            f"{n} (seed {SETS[n][2]}, tuning mode)" for n in TUNING) + f"; {len(tuning)} values")
        args.table.write_text(json.dumps(table.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.table}: {len(table.curves)} curves from {len(tuning)} values "
              f"({time.monotonic() - started:.0f} s)", file=sys.stderr)
    table = read_table(args.table) if args.table.exists() else IDENTITY
    held = [r for name in HELD_OUT for r in rows_of(generated_docs(name), True, options)]
    groups = {"tuning": tuning, "held-out": held}
    real = rows_of(real_docs(), False, options)
    if real:
        groups["real"] = real
        groups["held-out + real"] = held + real
    rep = report(groups, table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rep, indent=1, ensure_ascii=False), encoding="utf-8")
    print(markdown(rep))
    print(f"\n({time.monotonic() - started:.0f} s; report in {args.out})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
