"""Time ``dewarp``, ``remove_borders``, ``find_tables`` and ``remove_marks`` page by page and
hash what they produce, so two code trees can be compared for speed *and* bit-identity.

The stages before them (sheet, orientation with Tesseract, deskew, light, stamps) run once
per page set and are cached as pickles in ``--cache``; each timed stage then runs ``--repeat``
times on the same input with one OpenCV thread and the fastest run counts. Put the tree to
measure first on PYTHONPATH; ``--hashes FILE`` writes per-page output hashes and stage
details (JSON) to compare with ``cmp``/``diff`` between trees. Never seeds 8000-8999.

    PYTHONPATH=/tmp/old:$PWD python bench/mark_stage_timing.py --seed 5151 --hashes old.json
    PYTHONPATH=$PWD python bench/mark_stage_timing.py --seed 5151 --hashes new.json
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import cv2
from timing_util import cached, fastest, generated_pages  # shared with the other stage-timing scripts


def prepared_pages(seed: int, count: int, cache: Path) -> list:
    """(dewarp input, remove_borders input) per page of the generated held-out set."""
    from ingest import cleanup, dewarp, sheet
    from ingest.options import IngestOptions

    options = IngestOptions(workers=1)

    def build() -> list:
        pages = []
        for name, page in generated_pages(seed, count, options):
            page = cleanup.deskew(cleanup.fix_orientation(sheet.find_sheet(page), options))
            before = page
            page = cleanup.remove_stamps(cleanup.even_out_light(dewarp.dewarp(page)), options.remove_stamps)
            pages.append((name, before, page))
        return pages

    return cached(cache / f"pages-{seed}-{count}.pkl", build)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=5151)
    parser.add_argument("--count", type=int, default=18)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "burt-mark-stage-cache")
    parser.add_argument("--hashes", type=Path)
    args = parser.parse_args(argv)
    if 8000 <= args.seed <= 8999:
        raise SystemExit("seeds 8000-8999 are reserved for the final measurement")
    cv2.setNumThreads(1)
    pages = prepared_pages(args.seed, args.count, args.cache)
    from ingest import dewarp, marks, tables

    print("stages from", marks.__file__, file=sys.stderr)
    totals: dict[str, float] = defaultdict(float)
    hashes = {}
    for name, before, page in pages:
        record = {}
        out, ms = fastest(args.repeat, dewarp.dewarp, before)
        totals["dewarp"] += ms
        record["dewarp"] = (hashlib.sha1(out.image.tobytes()).hexdigest(), out.steps[-1].details)
        for stage in (marks.remove_borders, tables.find_tables, marks.remove_marks):
            page, ms = fastest(args.repeat, stage, page)
            totals[stage.__name__] += ms
            record[stage.__name__] = (hashlib.sha1(page.image.tobytes()).hexdigest(), page.steps[-1].details)
        hashes[name] = record
    print(f"{len(pages)} pages, fastest of {args.repeat}, one OpenCV thread; stage totals (ms):")
    print(", ".join(f"{k} {v:.0f}" for k, v in totals.items()) + f"; sum {sum(totals.values()):.0f}")
    if args.hashes:
        args.hashes.write_text(json.dumps(hashes, indent=1, sort_keys=True, default=str))
    return 0


if __name__ == "__main__":
    sys.path.append(str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
