"""Batch ``burt ingest`` throughput with 1, 2, … worker processes on the same generated set.

    .venv/bin/python bench/ingest_workers.py                       # ~20 pages, BURT_WORKERS=1 and 2, 2 rounds
    .venv/bin/python bench/ingest_workers.py --count 18 --workers 1,2,4 --rounds 3
    .venv/bin/python bench/ingest_workers.py --count 25 --workers 2 --raw    # beside raw Tesseract (issue 13)

Generates a held-out set once (``samples.generate.generate_set``, every capture kind; the truth files are
moved beside it so the folder holds documents only), then runs the real CLI, ``python -m web.cli --home NEW
ingest --json SET``, with ``BURT_WORKERS=N`` into a fresh data directory per run (real Tesseract, derivatives,
database, search index: everything an office's batch does). The worker counts alternate within each round so
a change of machine load hits all of them. Reports pages/min, the per-core efficiency against one worker,
and the load average (1 min) before and after each run: the machine is shared. Results go to
``bench/out/ingest_workers.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def make_set(seed: int, count: int) -> tuple[Path, int]:
    """The generated documents (reused when already there) and their page count."""
    sys.path.insert(0, str(ROOT))
    from samples.generate import generate_set

    where = OUT / f"ingest_set-{seed}-{count}"
    docs, truth = where / "docs", where / "truth"
    if not docs.is_dir():
        shutil.rmtree(where, ignore_errors=True)
        docs.mkdir(parents=True)
        truth.mkdir()
        generate_set(docs, seed=seed, count=count, held_out=True)
        for f in docs.glob("*.truth.json"):
            f.rename(truth / f.name)
    pages = 0
    for f in truth.glob("*.truth.json"):
        value = json.loads(f.read_text()).get("pages", 1)
        pages += len(value) if isinstance(value, list) else int(value)
    return docs, pages


def run_once(docs: Path, workers: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"burt-bench-w{workers}-"))
    env = {**os.environ, "BURT_WORKERS": str(workers), "BURT_HOME": str(home)}
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "web.cli", "--home", str(home), "ingest", "--json", str(docs)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    load_after = os.getloadavg()[0]
    lines = [json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{")]
    shutil.rmtree(home, ignore_errors=True)
    return {"workers": workers, "seconds": round(elapsed, 1), "exit": proc.returncode,
            "documents": len(lines), "statuses": sorted({str(x.get("status")) for x in lines}),
            "load_before": round(load_before, 2), "load_after": round(load_after, 2)}


def run_raw(docs: Path, workers: int) -> dict:
    """Raw ``tesseract -l ind`` on the same files, ``workers`` files at once (PDFs rendered at 300 dpi):
    the issue's speed baseline, measured in the same rounds as the batch ingest."""
    sys.path.insert(0, str(ROOT / "bench"))
    from ocr_quality import run_raw as raw

    entries = [{"path": p} for p in sorted(docs.iterdir()) if p.is_file()]
    load_before = os.getloadavg()[0]
    _texts, elapsed, _mem = raw(entries, workers)
    return {"workers": f"raw{workers}", "seconds": round(elapsed, 1), "documents": len(entries),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=16016, help="held-out generator seed")
    parser.add_argument("--count", type=int, default=18, help="documents to generate (about 1.1 pages each)")
    parser.add_argument("--workers", default="1,2", help="comma-separated BURT_WORKERS values")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--raw", action="store_true",
                        help="also run raw Tesseract on the same files, as many at once as the largest worker count")
    args = parser.parse_args(argv)
    docs, pages = make_set(args.seed, args.count)
    counts = [int(x) for x in args.workers.split(",") if x.strip()]
    print(f"set: {docs} ({args.count} documents, {pages} pages); cores: {os.cpu_count()}", flush=True)
    runs = []
    for r in range(args.rounds):
        for w in (counts if r % 2 == 0 else list(reversed(counts))):
            run = run_once(docs, w)
            run["pages_per_min"] = round(pages / run["seconds"] * 60, 1)
            runs.append(run)
            print(json.dumps(run), flush=True)
        if args.raw:
            run = run_raw(docs, max(counts))
            run["pages_per_min"] = round(pages / run["seconds"] * 60, 1)
            runs.append(run)
            print(json.dumps(run), flush=True)
    summary = {}
    for w in counts:
        rates = [x["pages_per_min"] for x in runs if x["workers"] == w]
        summary[w] = {"pages_per_min": rates, "best": max(rates)}
    one = min(counts)  # efficiency against the smallest worker count, whatever the order given
    base = summary[one]["best"] / one
    for w in counts:
        summary[w]["per_core_efficiency"] = round(summary[w]["best"] / min(w, os.cpu_count() or 1) / base, 2)
        print(f"BURT_WORKERS={w}: pages/min {summary[w]['pages_per_min']} (best {summary[w]['best']}), "
              f"per-core efficiency {summary[w]['per_core_efficiency']}")
    if args.raw:
        raw_best = max(x["pages_per_min"] for x in runs if x["workers"] == f"raw{max(counts)}")
        for w in counts:
            summary[w]["x_raw"] = round(summary[w]["best"] / raw_best, 2)
            print(f"BURT_WORKERS={w}: {summary[w]['x_raw']}x raw Tesseract ({raw_best} pages/min, "
                  f"{max(counts)} files at once)")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ingest_workers.json").write_text(json.dumps({"pages": pages, "documents": args.count, "runs": runs,
                                                         "summary": summary}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
