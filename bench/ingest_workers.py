"""Batch ``burt ingest`` throughput with 1, 2, … worker processes on the same generated set.

    .venv/bin/python bench/ingest_workers.py                       # ~20 pages, BURT_WORKERS=1 and 2, 2 rounds
    .venv/bin/python bench/ingest_workers.py --count 18 --workers 1,2,4 --rounds 3
    .venv/bin/python bench/ingest_workers.py --count 25 --workers 2 --raw    # beside raw Tesseract (issue 13)
    .venv/bin/python bench/ingest_workers.py --harder --count 28 --workers 2 --raw --rounds 2   # the hard kinds

Generates a held-out set once (``samples.generate.generate_set``, every capture kind; the truth files are
moved beside it so the folder holds documents only), then runs the real CLI, ``python -m web.cli --home NEW
ingest --json SET``, with ``BURT_WORKERS=N`` into a fresh data directory per run (real Tesseract, derivatives,
database, search index: everything an office's batch does). The worker counts alternate within each round so
a change of machine load hits all of them. Reports pages/min, the per-core efficiency against one worker,
and the load average (1 min) before and after each run: the machine is shared. Results go to
``bench/out/ingest_workers.json``.

``--harder`` generates with the harder generator (``generate_set(..., harder=True)``, held-out mode) and only
its hard capture kinds (``--kinds``, default low-resolution scans, phone and messenger photos, photocopies,
faxes). Each run also reports its CPU time: for ingest, user+system CPU of the whole ``burt ingest`` process
tree (this process is made a child subreaper, so the forkserver and its pool workers, orphaned when the CLI
exits, are reaped here and their CPU counted); for raw Tesseract, its processes'. On a shared machine the CPU
ratio raw/ingest is the load-independent stand-in for the pages/min ratio (both run the same number of
processes at once; it ignores idle cores, which wall time would show).
"""
from __future__ import annotations

import argparse
import ctypes
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


HARD_KINDS = ("low_res_scan", "phone_photo", "messenger_photo", "photocopy", "fax")
_PR_SET_CHILD_SUBREAPER = 36


def make_set(seed: int, count: int, harder: bool = False, kinds: tuple[str, ...] = ()) -> tuple[Path, int]:
    """The generated documents (reused when already there) and their page count."""
    sys.path.insert(0, str(ROOT))
    from samples.generate import generate_set

    name = f"ingest_set-{seed}-{count}" + ("-harder-" + "-".join(kinds) if harder else "")
    where = OUT / name
    docs, truth = where / "docs", where / "truth"
    if not docs.is_dir():
        shutil.rmtree(where, ignore_errors=True)
        docs.mkdir(parents=True)
        truth.mkdir()
        generate_set(docs, seed=seed, count=count, held_out=True, harder=harder, kinds=list(kinds) or None)
        for f in docs.glob("*.truth.json"):
            f.rename(truth / f.name)
    pages = 0
    for f in truth.glob("*.truth.json"):
        value = json.loads(f.read_text()).get("pages", 1)
        pages += len(value) if isinstance(value, list) else int(value)
    return docs, pages


def _subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux): the CLI's forkserver outlives
    the CLI for a moment and would otherwise be reaped by init, taking its workers' CPU time with it."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _children_cpu() -> float:
    """User+system CPU-seconds of every descendant reaped so far (after reaping orphans left over)."""
    import resource

    while True:
        try:
            pid, _ = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        if pid == 0:
            break
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(docs: Path, workers: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"burt-bench-w{workers}-"))
    env = {**os.environ, "BURT_WORKERS": str(workers), "BURT_HOME": str(home)}
    load_before = os.getloadavg()[0]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "web.cli", "--home", str(home), "ingest", "--json", str(docs)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    load_after = os.getloadavg()[0]
    lines = [json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{")]
    shutil.rmtree(home, ignore_errors=True)
    return {"workers": workers, "seconds": round(elapsed, 1), "cpu_s": round(cpu, 1), "exit": proc.returncode,
            "documents": len(lines), "statuses": sorted({str(x.get("status")) for x in lines}),
            "load_before": round(load_before, 2), "load_after": round(load_after, 2)}


def _raw_one(path: Path, tmp: Path) -> str:
    """``tesseract -l ind`` on one file; a PDF's pages rendered at 300 dpi first, as PGM (``pdftoppm -png``
    spent ~18 CPU-s compressing one page of a generated low-resolution scan, ~0.1 s as PGM; a baseline
    inflated by its renderer flatters the pipeline) and read with ``--dpi 300``, which the PNG carried: the
    same text as ``bench/ocr_quality.py``'s raw reading of the PNG."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    if path.suffix.lower() != ".pdf":
        return subprocess.run(["tesseract", str(path), "-", "-l", "ind"], capture_output=True, text=True,
                              env=env, check=True).stdout
    prefix = tmp / path.stem
    subprocess.run(["pdftoppm", "-r", "300", "-gray", str(path), str(prefix)], check=True)
    return "\f".join(subprocess.run(["tesseract", str(image), "-", "-l", "ind", "--dpi", "300"], capture_output=True,
                                    text=True, env=env, check=True).stdout
                     for image in sorted(tmp.glob(path.stem + "*.pgm")))


def run_raw(docs: Path, workers: int) -> dict:
    """Raw ``tesseract -l ind`` on the same files, ``workers`` files at once (PDFs rendered at 300 dpi):
    the issue's speed baseline, measured in the same rounds as the batch ingest."""
    from concurrent.futures import ThreadPoolExecutor

    files = [p for p in sorted(docs.iterdir()) if p.is_file()]
    load_before = os.getloadavg()[0]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda p: _raw_one(p, Path(tmp)), files))
    elapsed = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    return {"workers": f"raw{workers}", "seconds": round(elapsed, 1), "cpu_s": round(cpu, 1), "documents": len(files),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=16016, help="held-out generator seed")
    parser.add_argument("--count", type=int, default=18, help="documents to generate (about 1.1 pages each)")
    parser.add_argument("--workers", default="1,2", help="comma-separated BURT_WORKERS values")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--raw", action="store_true",
                        help="also run raw Tesseract on the same files, as many at once as the largest worker count")
    parser.add_argument("--harder", action="store_true",
                        help="the harder generator (held-out mode), hard capture kinds only (see --kinds)")
    parser.add_argument("--kinds", default=",".join(HARD_KINDS), help="capture kinds with --harder")
    args = parser.parse_args(argv)
    kinds = tuple(k for k in args.kinds.split(",") if k) if args.harder else ()
    docs, pages = make_set(args.seed, args.count, args.harder, kinds)
    if not _subreaper():
        print("warning: not a child subreaper; the pool workers' CPU may be missed", file=sys.stderr)
    counts = [int(x) for x in args.workers.split(",") if x.strip()]
    print(f"set: {docs} ({args.count} documents, {pages} pages); cores: {os.cpu_count()}", flush=True)
    runs = []
    for r in range(args.rounds):
        for w in (counts if r % 2 == 0 else list(reversed(counts))):
            run = run_once(docs, w)
            run["pages_per_min"] = round(pages / run["seconds"] * 60, 1)
            run["cpu_s_per_page"] = round(run["cpu_s"] / pages, 2)
            runs.append(run)
            print(json.dumps(run), flush=True)
        if args.raw:
            run = run_raw(docs, max(counts))
            run["pages_per_min"] = round(pages / run["seconds"] * 60, 1)
            run["cpu_s_per_page"] = round(run["cpu_s"] / pages, 2)
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
        raw_cpu = min(x["cpu_s"] for x in runs if x["workers"] == f"raw{max(counts)}")
        for w in counts:
            summary[w]["x_raw"] = round(summary[w]["best"] / raw_best, 2)
            cpu = min(x["cpu_s"] for x in runs if x["workers"] == w)
            summary[w]["cpu_s_per_page"] = round(cpu / pages, 2)
            summary[w]["x_raw_cpu"] = round(raw_cpu / cpu, 2) if cpu else None
            print(f"BURT_WORKERS={w}: {summary[w]['x_raw']}x raw Tesseract ({raw_best} pages/min, "
                  f"{max(counts)} files at once); CPU {summary[w]['cpu_s_per_page']} s/page vs raw "
                  f"{round(raw_cpu / pages, 2)} s/page = {summary[w]['x_raw_cpu']}x")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ingest_workers.json").write_text(json.dumps({"pages": pages, "documents": args.count, "set": str(docs),
                                                         "runs": runs,
                                                         "summary": summary}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
