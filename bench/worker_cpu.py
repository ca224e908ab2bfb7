"""Where the page pool's CPU goes: each page clocked stage by stage inside its pool worker (issue 13, speed).

    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/worker_cpu.py bench/out/ingest_set-16016-25/docs
    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/worker_cpu.py DOCS --inline   # the same, in this process

Opens every document of the folder as ``burt ingest`` does and hands each page to the CLI's page pool
(``pipeline._executor``: forkserver, ``_init_worker``, ``BURT_WORKERS`` workers, 2 unless ``--workers``), where
``bench/page_cpu.py``'s ``run_page`` (``process_page``'s steps) runs it with a CPU clock per stage: user+system
CPU of the worker plus the Tesseract, pdftoppm and pdfinfo processes it waited for (``RUSAGE_SELF`` +
``RUSAGE_CHILDREN``), its system CPU and minor page faults. The whole process tree's CPU is taken
as well (this process is made a child subreaper and the forkserver stopped at the end), so the report splits
it into this process (opening the files, unpickling results), the pages' stages inside the workers, and the
rest (the forkserver's start and preload, the workers' start and exit, pickling between them).
``--inline`` runs the same pages in this process after ``pipeline._init_worker()``: the same stages without
the pool, to set beside it (``bench/page_cpu.py`` runs them without the workers' malloc settings).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing_util import SUFFIXES  # noqa: E402


def _usage() -> tuple[float, float, int]:
    """(user+system CPU, system CPU, minor faults) of this process and the children it waited for."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime, own.ru_stime + kids.ru_stime,
            own.ru_minflt + kids.ru_minflt)


_METER = None  # one page_cpu.Meter per process (it wraps pytesseract's command runner once)


def clocked_page(job) -> dict:
    """One page through ``page_cpu.run_page`` in this (worker) process: per stage CPU-s, and the page's totals."""
    global _METER
    import page_cpu  # in the worker: bench/ is on its path as on the parent's

    if _METER is None:
        _METER = page_cpu.Meter()
    meter, charged = _METER, dict(_METER.totals)
    before = _usage()
    with tempfile.TemporaryDirectory() as tmp:
        page_cpu.run_page(job.source, job.number, job.options, Path(tmp), meter)
    after = _usage()
    return {"page": f"{job.source.name}#{job.number}", "pid": os.getpid(),
            "cpu": after[0] - before[0], "sys": after[1] - before[1], "minflt": after[2] - before[2],
            "stages": {name: value - charged.get(name, 0.0) for name, value in meter.totals.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("docs", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--inline", action="store_true", help="run the pages in this process, not in the pool")
    parser.add_argument("--json", type=Path, help="write the per-page figures here")
    args = parser.parse_args(argv)
    import multiprocessing.forkserver
    import multiprocessing.resource_tracker

    from ingest_workers import _children_cpu as _tree_cpu
    from ingest_workers import _subreaper

    from bench.worker_cpu import clocked_page as clocked  # by its module's name: the workers cannot see __main__
    from ingest import pipeline
    from ingest.load import open_source
    from ingest.options import IngestOptions

    _subreaper()
    tree_before = _tree_cpu()
    own_before = resource.getrusage(resource.RUSAGE_SELF)
    options = IngestOptions(workers=args.workers)
    jobs = []
    for path in sorted(p for p in args.docs.iterdir() if p.suffix.lower() in SUFFIXES):
        source = open_source(path, options)
        jobs += [pipeline.PageJob(source, n, options, None) for n in range(1, source.page_count + 1)]
    if args.inline:
        pipeline._init_worker()
        pages = [clocked(job) for job in jobs]
    else:
        pool = pipeline._executor(options, pages=len(jobs))
        pages = [f.result() for f in [pool.submit(clocked, job) for job in jobs]]
        pool.shutdown(wait=True)
        multiprocessing.forkserver._forkserver._stop()  # type: ignore[attr-defined]
        multiprocessing.resource_tracker._resource_tracker._stop()  # type: ignore[attr-defined]  (no child left)
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    own = own_after.ru_utime + own_after.ru_stime - own_before.ru_utime - own_before.ru_stime
    tree = _tree_cpu() - tree_before
    inside = sum(p["cpu"] for p in pages)
    n = max(1, len(pages))
    where = "this process" if args.inline else f"{args.workers} pool workers"
    rest = own + tree - inside
    print(f"{len(pages)} pages in {where}: whole tree {own + tree:.2f} CPU-s ({(own + tree) / n:.3f} per page); "
          f"pages' stages {inside:.2f} ({inside / n:.3f}), of which system {sum(p['sys'] for p in pages):.2f}, "
          f"{sum(p['minflt'] for p in pages)} minor faults; the rest {rest:.2f} ({rest / n:.3f})")
    stages: dict[str, float] = {}
    for p in pages:
        for name, value in p["stages"].items():
            stages[name] = stages.get(name, 0.0) + value
    for name, value in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {name:22s} {value:7.2f}  ({value / n:.3f} per page)")
    if args.json:
        args.json.write_text(json.dumps({"inline": args.inline, "workers": args.workers, "tree_cpu_s": own + tree,
                                         "stages_cpu_s": stages, "pages": pages}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
