"""Time the cleanup stages page by page, in the order ``ingest/stages.py`` writes them, as a
pool worker runs them.

One OpenCV thread (like ``pipeline._init_worker``); each stage runs ``--repeat`` times on the
same input and the fastest run counts, so two code trees can be compared back to back on a
shared machine (run this file with each tree on PYTHONPATH; both need ``ingest/stages.py``).
Pages come from files given or from a generated held-out set (``--seed``; never 8000-8999).

    PYTHONPATH=. python bench/stage_timing.py --seed 7005 --count 18
    PYTHONPATH=. python bench/stage_timing.py samples/*.jpg
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing_util import SUFFIXES, fastest  # noqa: E402

from ingest import stages  # noqa: E402
from ingest.load import load_page, open_source  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--seed", type=int, default=7005)
    parser.add_argument("--count", type=int, default=18)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if 8000 <= args.seed <= 8999:
        raise SystemExit("seeds 8000-8999 are reserved for the final measurement")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # once, as in a pool worker (orientation calls Tesseract)
    cv2.setNumThreads(1)
    options = IngestOptions(workers=1)
    totals: dict[str, float] = defaultdict(float)
    with tempfile.TemporaryDirectory() as tmp:
        files = args.files
        if not files:
            from samples.generate import generate_set

            files = generate_set(tmp, args.seed, args.count, held_out=True)
        pages = 0
        for path in (p for p in files if p.suffix.lower() in SUFFIXES):
            source = open_source(path, options)
            for number in range(1, source.page_count + 1):
                page = load_page(source, number, options)
                for stage in stages.CLEANUP:
                    page, ms = fastest(args.repeat, stage.run, page, options)
                    totals[stage.name] += ms
                pages += 1
    print(f"{pages} pages, fastest of {args.repeat}, one OpenCV thread; stage totals (ms):")
    print(", ".join(f"{k} {v:.0f}" for k, v in totals.items()) + f"; sum {sum(totals.values()):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
