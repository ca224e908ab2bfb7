"""How well the review queue catches wrong metadata: precision and recall of "Perlu ditinjau".

Each set is archived with the real pipeline (``service.ingest_paths``) into a data dir under
``bench/out/review_queue/<set>/home``. The pipeline runs behind ``bench.activities.CachedPipeline``
(OCR cached under ``bench/out/review_queue/cache`` by the file's SHA-256; metadata, calibration and type are
computed again by this tree's code on each run), and the archive is made afresh on every run, so a change to
extraction or calibration is measured in seconds (``--refresh`` also reads the files again).
Right after a document is ingested its ``needs_review`` column is what the base set it to (at ingest:
classifier abstained, no type, or a field extraction emptied) and is saved to ``before.json``; the
review queue of this branch (``service.review_queue``) is "after".

A document is *bad* when one of nomor, tanggal, perihal, pengirim is wrong or empty against the truth
(the scoring rules of ``bench/real_metadata.matches``; a value where the truth has none is wrong).

- document precision: bad documents among the flagged; recall: flagged documents among the bad;
- field precision: flags naming a field whose value is wrong or empty, among the flags naming one
  of the four fields; field recall: wrong or empty fields that a flag names;
- calibration: among the filled fields, by the confidence shown, the share that is right.

    PYTHONPATH=$PWD .venv/bin/python bench/review_queue.py [--generated N] [--seed S] [--real] [--samples] [--refresh]

Sets: ``generated`` (``samples.generate.generate_set(..., held_out=True, harder=True)``), ``real``
(``../shared/real/``, skipped when absent) and ``samples`` (the committed samples).  Writes ``bench/out/review_queue/<set>/report.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive import service  # noqa: E402
from archive.settings import load_settings  # noqa: E402
from bench.activities import CachedPipeline  # noqa: E402
from bench.real_metadata import REAL, matches  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "review_queue"
FIELDS = ("nomor", "tanggal", "perihal", "pengirim")
BINS = ((0.0, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.0))


def _truth_of(path: Path) -> dict | None:
    for cand in (path.with_name(path.name + ".truth.json"), path.with_suffix(".truth.json")):
        if cand.exists():
            return json.loads(cand.read_text(encoding="utf-8"))
    return None


def archive_set(name: str, files: list[Path], refresh: bool) -> tuple[object, dict[str, bool]]:
    """The set's archive (files not yet in it are ingested) and each document's base flag."""
    base = OUT / name
    if refresh:
        shutil.rmtree(OUT / "cache", ignore_errors=True)
    shutil.rmtree(base / "home", ignore_errors=True)  # the OCR is cached; the archive is made afresh
    base.mkdir(parents=True, exist_ok=True)
    settings = load_settings(home=base / "home", environ={"BURT_WORKERS": os.environ.get("BURT_WORKERS", "1")})
    before_path = base / "before.json"
    before: dict[str, bool] = {}
    t0 = time.monotonic()
    for out in service.ingest_paths(settings, files, processor=CachedPipeline(OUT / "cache")):
        if out.status == "ingested" and out.id:
            # the column as the ingest set it, before this branch's review code touches it
            before[out.id] = bool(service.get_document(settings, out.id).needs_review)
            before_path.write_text(json.dumps(before, indent=1))
        print(f"  {Path(out.file).name}: {out.status} ({time.monotonic() - t0:.0f} s)", file=sys.stderr, flush=True)
    return settings, before


def _wrong(field: str, got: str | None, truth: str | None) -> bool:
    if truth in (None, ""):
        return bool(got)
    return not got or not matches(field, got, truth)


def measure(settings, before: dict[str, bool], truths: dict[str, dict]) -> dict:
    docs = service.list_documents(settings, limit=100_000)
    queue = {item.document.id: item.flags for item in service.review_queue(settings, limit=100_000)}
    rows = []
    for d in docs:
        truth = truths.get(d.filename)
        if truth is None:
            continue
        detail = service.get_document(settings, d.id)
        wrong = {f: _wrong(f, detail.value(f), truth.get(f)) for f in FIELDS}
        conf = {f: detail.fields[f].confidence for f in FIELDS if f in detail.fields and detail.value(f)}
        flags = queue.get(d.id, ())
        rows.append({"file": d.filename, "id": d.id, "bad": any(wrong.values()), "wrong": wrong, "confidence": conf,
                     "right": {f: not wrong[f] for f in conf},
                     "before": before.get(d.id, False), "after": bool(flags),
                     "flag_fields": sorted({f.field for f in flags if f.field in FIELDS}),
                     "flags": [f.key for f in flags]})
    return {"docs": rows, "summary": {"before": _scores(rows, "before"), "after": _scores(rows, "after"),
                                      "fields_after": _field_scores(rows), "calibration": _calibration(rows)}}


def _scores(rows: list[dict], key: str) -> dict:
    flagged = [r for r in rows if r[key]]
    bad = [r for r in rows if r["bad"]]
    hit = [r for r in flagged if r["bad"]]
    return {"documents": len(rows), "bad": len(bad), "flagged": len(flagged), "flagged_bad": len(hit),
            "precision": round(len(hit) / len(flagged), 3) if flagged else None,
            "recall": round(len(hit) / len(bad), 3) if bad else None}


def _field_scores(rows: list[dict]) -> dict:
    named = sum(len(r["flag_fields"]) for r in rows)
    named_wrong = sum(1 for r in rows for f in r["flag_fields"] if r["wrong"][f])
    wrong = sum(1 for r in rows for f in FIELDS if r["wrong"][f])
    wrong_named = sum(1 for r in rows for f in FIELDS if r["wrong"][f] and f in r["flag_fields"])
    return {"flags_naming_a_field": named, "of_them_wrong": named_wrong,
            "precision": round(named_wrong / named, 3) if named else None,
            "wrong_fields": wrong, "wrong_fields_flagged": wrong_named,
            "recall": round(wrong_named / wrong, 3) if wrong else None}


def _calibration(rows: list[dict]) -> list[dict]:
    out = []
    for low, high in BINS:
        cells = [(r["right"][f]) for r in rows for f, c in r["confidence"].items()
                 if low <= c < high or (high == 1.0 and c == 1.0)]
        out.append({"shown": f"{int(low * 100)}–{int(high * 100)} %", "fields": len(cells),
                    "right": round(sum(cells) / len(cells), 3) if cells else None})
    return out


def generated_files(seed: int, count: int) -> list[Path]:
    from samples.generate import generate_set

    src = OUT / f"generated-{seed}-{count}" / "src"
    if not src.is_dir() or not any(src.iterdir()):
        src.mkdir(parents=True, exist_ok=True)
        generate_set(src, seed, count, held_out=True, harder=True)
    return sorted(p for p in src.iterdir() if not p.name.endswith(".json"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--generated", type=int, default=24, help="documents in the generated set (0: skip)")
    ap.add_argument("--seed", type=int, default=1818)
    ap.add_argument("--real", action="store_true", help="also the real captures of ../shared/real/")
    ap.add_argument("--samples", action="store_true", help="also the committed samples of samples/")
    ap.add_argument("--refresh", action="store_true", help="read the files again (drop the OCR cache)")
    args = ap.parse_args(argv)
    sets: list[tuple[str, list[Path]]] = []
    if args.generated:
        sets.append((f"generated-{args.seed}-{args.generated}", generated_files(args.seed, args.generated)))
    if args.real:
        if REAL.is_dir():
            sets.append(("real", sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".pdf", ".jpg", ".jpeg",
                                                                                     ".png", ".tif", ".tiff"))))
        else:
            print(f"{REAL} absent: real set skipped", file=sys.stderr)
    if args.samples:
        sets.append(("samples", sorted(p for p in (ROOT / "samples").iterdir()
                                       if p.suffix.lower() in (".pdf", ".jpg", ".png", ".tif") and _truth_of(p))))
    for name, files in sets:
        print(f"{name}: {len(files)} files", file=sys.stderr)
        truths = {p.name: t for p in files if (t := _truth_of(p)) is not None}
        settings, before = archive_set(name, files, args.refresh)
        report = measure(settings, before, truths)
        (OUT / name / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
        print(json.dumps({name: report["summary"]}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
