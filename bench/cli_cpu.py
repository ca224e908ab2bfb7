"""The CPU of batch ``burt ingest``'s own process beside its OCR workers', and the search index it leaves.

    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/cli_cpu.py bench/out/ingest_set-16016-25/docs
    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/cli_cpu.py DOCS --workers 2 --rounds 2

Runs the real CLI (``burt --home NEW ingest --json DOCS``, ``BURT_WORKERS``) in a child process that reports
its own CPU (``RUSAGE_SELF`` at exit: the process that commits, links and indexes each document, the
pool workers not included) and, separately, the CPU of every process below it (the pool workers and their
Tesseract: ``RUSAGE_CHILDREN`` of this process, made a child subreaper as in ``ingest_workers.py``). After
each run: the index's segment count, and the median time of a few searches on it (the same searcher as
``burt search``). CPU seconds do not depend on the machine's load the way wall time does; pair trees in the
same half hour all the same. Results go to ``bench/out/cli_cpu.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest_workers import _children_cpu, _subreaper  # noqa: E402

# The child: the CLI in-process, its own CPU written to a file when it exits (click exits with SystemExit).
CHILD = """
import atexit, json, resource, sys
out = sys.argv[1]
def _report():
    r = resource.getrusage(resource.RUSAGE_SELF)
    with open(out, "w") as fh:
        json.dump({"self_cpu_s": r.ru_utime + r.ru_stime}, fh)
atexit.register(_report)
from web.cli import main
main(sys.argv[2:], prog_name="burt")
"""

QUERIES = ("surat undangan", "perpustakaan desa", "berita acara serah terima", "nomor", "kegiatan BuRT")


def _index_figures(home: Path) -> dict:
    from archive import search
    from archive.records import SearchQuery

    index_dir = home / "index"
    ix = search.open_index(index_dir)
    segments = len(ix._segments())
    times = []
    for _ in range(3):
        for text in QUERIES:
            started = time.perf_counter()
            search.run_query(index_dir, SearchQuery(text=text, limit=20))
            times.append(time.perf_counter() - started)
    search.forget_index(index_dir)
    return {"segments": segments, "documents": search.doc_count(index_dir),
            "search_ms_median": round(1000 * statistics.median(times), 1)}


def run_once(docs: Path, workers: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix="burt-cli-cpu-"))
    report = home.parent / (home.name + ".self.json")
    env = {**os.environ, "BURT_WORKERS": str(workers), "BURT_HOME": str(home)}
    load_before = os.getloadavg()[0]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, str(report), "--home", str(home), "ingest", "--json",
                           str(docs)], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    tree = _children_cpu() - cpu_before
    own = json.loads(report.read_text())["self_cpu_s"]
    report.unlink()
    lines = [json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{")]
    out = {"workers": workers, "seconds": round(elapsed, 1), "cli_cpu_s": round(own, 2),
           "workers_cpu_s": round(tree - own, 2), "total_cpu_s": round(tree, 2), "exit": proc.returncode,
           "documents": len(lines), "statuses": sorted({str(x.get("status")) for x in lines}),
           "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
           **_index_figures(home)}
    shutil.rmtree(home, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("docs", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    _subreaper()
    runs = []
    for _ in range(args.rounds):
        run = run_once(args.docs, args.workers)
        runs.append(run)
        print(json.dumps(run), flush=True)
    out = ROOT / "bench" / "out" / "cli_cpu.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(runs, indent=1))


if __name__ == "__main__":
    main()
