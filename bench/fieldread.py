"""Benchmark of field-level re-reading (``ingest.fieldread``) on the cached generated sets.

    .venv/bin/python bench/fieldread.py                          # tuning and held_out sets
    .venv/bin/python bench/fieldread.py --sets tuning,held_out_1705 -v
    .venv/bin/python bench/fieldread.py --sets - --seed 2311     # a new held-out seed, read and scored once

The sets and their OCR cache are those of ``bench/activities.py`` (``bench/out/activities/``): each
file's ``IngestResult`` and its cleaned page images (``page-NNNN.png``, the images the word boxes refer
to, written losslessly). Per document this replays the end of the pipeline twice on the same OCR:
"before" = ``extract_metadata`` on the cached text and words (what ``pipeline._analyse`` does), "after"
= the "fieldread" stage run on each cached page image and words, then ``fieldread.settle``. Scored as
``bench/activities.py`` scores them (nomor/tanggal exact where the page prints them, wrongly filled
= a value that differs from the truth or where the page prints none). Also reports the added time per
page (the stage's own ``StageRecord`` milliseconds). Results -> ``bench/out/fieldread.json``.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.activities import OUT, TRUTH_SUFFIX, make_set, shown_on_page  # noqa: E402
from bench.classify import field_outcome, printed  # noqa: E402
from ingest import fieldread  # noqa: E402
from ingest.metadata import extract_metadata  # noqa: E402
from ingest.model import IngestResult  # noqa: E402
from ingest.ocr import limit_threads  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402

FIELDS = ("nomor", "tanggal")  # issue 17's "wrongly filled" fields
SCORED = FIELDS + ("perihal",)  # the subject is settled from the layout too (``fieldread.settle_perihal``)


def cached(path: Path) -> tuple[IngestResult, Path] | None:
    entry = OUT / "cache" / hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    if not (entry / "result.pickle").is_file():
        return None
    return pickle.loads((entry / "result.pickle").read_bytes()), entry / "derivatives"


def reread(result: IngestResult, derivatives: Path, options: IngestOptions) -> tuple[IngestResult, float]:
    """The result with the fieldread stage run on each page (cached image and words), and its ms. A record
    the pipeline made when the cache entry was read is dropped first: the stage is run by this tree."""
    pages, ms = [], 0.0
    for page in result.pages:
        page = dataclasses.replace(page, steps=tuple(s for s in page.steps if s.stage != fieldread.STAGE))
        image = cv2.imread(str(derivatives / f"page-{page.number:04d}.png"), cv2.IMREAD_UNCHANGED)
        done = fieldread.reread_fields(image, page, options) if image is not None else page
        ms += sum(s.ms for s in done.steps if s.stage == fieldread.STAGE)
        pages.append(done)
    return dataclasses.replace(result, pages=tuple(pages)), ms


def score(truth: dict, metadata) -> dict:
    text = "\n".join(truth.get("pages") or [])
    out = {}
    for name in SCORED:
        shown = shown_on_page(name, truth.get(name), text) if name in FIELDS else printed(name, text)
        got = getattr(metadata, name).value
        out[name] = {"got": got, "truth": truth.get(name), "printed": bool(shown and truth.get(name)),
                     "outcome": field_outcome(name, got, truth.get(name) if shown else None)}
    return out


def summary(rows: list[dict], key: str) -> dict:
    out: dict = {}
    for name in SCORED:
        having = [r[key][name] for r in rows if r[key][name]["printed"]]
        out[f"{name}_exact"] = [sum(f["outcome"] == "exact" for f in having), len(having)]
        out[f"{name}_wrong"] = sum(r[key][name]["outcome"] == "wrong" for r in rows)
    out["wrongly_filled"] = [sum(any(r[key][n]["outcome"] == "wrong" for n in FIELDS) for r in rows), len(rows)]
    out["review"] = sum(r[key + "_review"] for r in rows)
    return out


def run_set(name: str, options: IngestOptions, verbose: bool) -> dict:
    folder = make_set(name)
    rows, pages, ms_total = [], 0, 0.0
    for truth_file in sorted(folder.glob("*" + TRUTH_SUFFIX)):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        found = cached(folder / truth["file"])
        if found is None:
            print(f"  {truth['file']}: not in the OCR cache (run bench/activities.py first)")
            continue
        result, derivatives = found
        words = tuple(w for p in result.pages for w in p.words)
        before = extract_metadata(result.text, words)
        after_result, ms = reread(result, derivatives, options)
        after = fieldread.settle(before, result.text, after_result.pages)
        pages += len(result.pages)
        ms_total += ms
        row = {"file": truth["file"], "capture": truth.get("capture"), "before": score(truth, before),
               "after": score(truth, after), "before_review": before.needs_review,
               "after_review": after.needs_review, "ms": round(ms, 1),
               "lines": fieldread.recorded(after_result.pages)}
        rows.append(row)
        if verbose:
            for f in SCORED:
                b, a = row["before"][f]["outcome"], row["after"][f]["outcome"]
                if b != a or a in ("missing", "wrong"):
                    print(f"  {truth['file'][:30]:30} {f:7} {b:8} -> {a:8} truth={row['after'][f]['truth']!r} "
                          f"got={row['after'][f]['got']!r} ({ms:.0f} ms)")
    return {"set": name, "documents": len(rows), "pages": pages, "before": summary(rows, "before"),
            "after": summary(rows, "after"), "ms_per_page": round(ms_total / max(1, pages), 1), "rows": rows}


def fill_cache(seed: int, options: IngestOptions) -> str:
    """The held-out set of ``seed`` registered beside ``bench/activities.py``'s sets, generated, and each of
    its files not yet in the OCR cache read through the pipeline (as ``bench/activities.py`` does); its name."""
    from bench import activities

    name = f"held_out_{seed}"
    activities.SETS.setdefault(name, (seed, True))
    folder = make_set(name)
    reader = activities.CachedPipeline(OUT / "cache")
    for truth_file in sorted(folder.glob("*" + TRUTH_SUFFIX)):
        path = folder / json.loads(truth_file.read_text(encoding="utf-8"))["file"]
        if cached(path) is None:
            reader.ingest_file(path, options)
    return name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="tuning,held_out")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--seed", type=int, help="also a new held-out set of this seed (held_out_SEED): generated, "
                                                 "its files read through the pipeline into the OCR cache, scored")
    args = parser.parse_args(argv)
    limit_threads()
    options = IngestOptions(workers=1)
    if args.seed:
        args.sets = fill_cache(args.seed, options) if args.sets == "-" else args.sets + "," + fill_cache(args.seed, options)
    results = []
    for name in args.sets.split(","):
        started = time.time()
        res = run_set(name, options, args.verbose)
        results.append(res)
        b, a = res["before"], res["after"]
        print(f"{name}: {res['documents']} docs, {res['pages']} pages, {time.time() - started:.0f} s; "
              f"added {res['ms_per_page']} ms/page")
        for key in ("nomor_exact", "tanggal_exact", "perihal_exact", "wrongly_filled"):
            print(f"  {key:15} {b[key][0]}/{b[key][1]} -> {a[key][0]}/{a[key][1]}")
        print(f"  nomor wrong {b['nomor_wrong']} -> {a['nomor_wrong']}, tanggal wrong {b['tanggal_wrong']} -> "
              f"{a['tanggal_wrong']}, perihal wrong {b['perihal_wrong']} -> {a['perihal_wrong']}, needs review {b['review']} -> {a['review']}")
    out = ROOT / "bench" / "out" / "fieldread.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
