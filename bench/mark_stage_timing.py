"""Time ``dewarp`` and the mark stages after the photometric ones (``remove_borders``,
``find_tables``, ``remove_marks``: the rest of ``ingest/stages.py``'s order) page by page and
hash what they produce, so two code trees can be compared for speed *and* bit-identity.

The stages before them (resolution, sheet, orientation with Tesseract, deskew, light, stamps) run once
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
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import cv2
from timing_util import cached, fastest, generated_pages  # shared with the other stage-timing scripts


def prepared_pages(seed: int, count: int, cache: Path) -> list:
    """(dewarp input, remove_borders input) per page of the generated held-out set: the
    stages before each, in the order ``ingest/stages.py`` writes them."""
    from ingest import stages
    from ingest.options import IngestOptions

    options = IngestOptions(workers=1)
    names = stages.CLEANUP_NAMES

    def build() -> list:
        pages = []
        for name, page in generated_pages(seed, count, options):
            for stage in stages.CLEANUP[:names.index("dewarp")]:
                page = stage.run(page, options)
            before = page
            for stage in stages.CLEANUP[names.index("dewarp"):names.index("remove_borders")]:
                page = stage.run(page, options)
            pages.append((name, before, page))
        return pages

    return cached(cache / f"pages-{seed}-{count}-staged.pkl", build)


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
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # once, as in a pool worker (orientation calls Tesseract)
    cv2.setNumThreads(1)
    pages = prepared_pages(args.seed, args.count, args.cache)
    from ingest import dewarp, stages
    from ingest.options import IngestOptions

    print("stages from", stages.__file__, file=sys.stderr)
    options = IngestOptions(workers=1)
    marking = stages.CLEANUP[stages.CLEANUP_NAMES.index("remove_borders"):]
    totals: dict[str, float] = defaultdict(float)
    hashes = {}
    for name, before, page in pages:
        record = {}
        out, ms = fastest(args.repeat, dewarp.dewarp, before)
        totals["dewarp"] += ms
        record["dewarp"] = (hashlib.sha1(out.image.tobytes()).hexdigest(), out.steps[-1].details)
        for stage in marking:
            page, ms = fastest(args.repeat, stage.run, page, options)
            totals[stage.name] += ms
            record[stage.name] = (hashlib.sha1(page.image.tobytes()).hexdigest(), page.steps[-1].details)
        hashes[name] = record
    print(f"{len(pages)} pages, fastest of {args.repeat}, one OpenCV thread; stage totals (ms):")
    print(", ".join(f"{k} {v:.0f}" for k, v in totals.items()) + f"; sum {sum(totals.values()):.0f}")
    if args.hashes:
        args.hashes.write_text(json.dumps(hashes, indent=1, sort_keys=True, default=str))
    return 0


if __name__ == "__main__":
    sys.path.append(str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
