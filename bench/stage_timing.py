"""Time the cleanup stages of ``ingest/cleanup.py`` page by page, as a pool worker runs them.

One OpenCV thread (like ``pipeline._init_worker``); each stage runs ``--repeat`` times on the
same input and the fastest run counts, so two code trees can be compared back to back on a
shared machine (run this file with each tree on PYTHONPATH). Pages come from files given or
from a generated held-out set (``--seed``; never 8000-8999).

    PYTHONPATH=. python bench/stage_timing.py --seed 7005 --count 18
    PYTHONPATH=. python bench/stage_timing.py samples/*.jpg
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing_util import SUFFIXES, fastest  # noqa: E402

from ingest import cleanup, sheet  # noqa: E402
from ingest.load import load_page, open_source  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--seed", type=int, default=7005)
    parser.add_argument("--count", type=int, default=18)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if 8000 <= args.seed <= 8999:
        raise SystemExit("seeds 8000-8999 are reserved for the final measurement")
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
                page = sheet.find_sheet(load_page(source, number, options))
                page, ms = fastest(args.repeat, cleanup.fix_orientation, page, options)
                totals["fix_orientation"] += ms
                page, ms = fastest(args.repeat, cleanup.deskew, page)
                totals["deskew"] += ms
                page, ms = fastest(args.repeat, cleanup.even_out_light, page)
                totals["even_out_light"] += ms
                page, ms = fastest(args.repeat, cleanup.remove_stamps, page, options.remove_stamps)
                totals["remove_stamps"] += ms
                pages += 1
    print(f"{pages} pages, fastest of {args.repeat}, one OpenCV thread; stage totals (ms):")
    print(", ".join(f"{k} {v:.0f}" for k, v in totals.items()) + f"; sum {sum(totals.values()):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
