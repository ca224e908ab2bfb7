"""Time every cleanup stage of the pipeline page by page, as a pool worker runs them, and
hash what each stage produces, so two code trees can be compared for speed *and* bit-identity.
The stages and their order come from ``ingest/stages.py`` (both trees need it).

Pages are loaded once (cached as pickles in ``--cache``, per seed and count); the stages then
run in pipeline order, each ``--repeat`` times on the same input with one OpenCV thread and
one Tesseract thread, and the fastest run counts. Put the tree to measure first on
PYTHONPATH; ``--hashes FILE`` writes per-page output hashes and stage details (JSON) to
compare with ``cmp``/``diff`` between trees. Never seeds 8000-8999.

    PYTHONPATH=/tmp/old:$PWD python bench/cleanup_timing.py --seed 7105 --hashes old.json
    PYTHONPATH=$PWD python bench/cleanup_timing.py --seed 7105 --hashes new.json
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

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # as in a pool worker
import cv2  # noqa: E402
from timing_util import cached, fastest, generated_pages  # noqa: E402


def loaded_pages(seed: int, count: int, cache: Path) -> list:
    """(name, loaded page) per page of the generated held-out set."""
    from ingest.options import IngestOptions

    return cached(cache / f"loaded-{seed}-{count}.pkl",
                  lambda: list(generated_pages(seed, count, IngestOptions(workers=1))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7105)
    parser.add_argument("--count", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "burt-cleanup-timing-cache")
    parser.add_argument("--hashes", type=Path)
    parser.add_argument("--only", help="comma-separated stage names to time (others run once)")
    args = parser.parse_args(argv)
    if 8000 <= args.seed <= 8999:
        raise SystemExit("seeds 8000-8999 are reserved for the final measurement")
    cv2.setNumThreads(1)
    pages = loaded_pages(args.seed, args.count, args.cache)
    from ingest import stages
    from ingest.options import IngestOptions

    print("stages from", stages.__file__, file=sys.stderr)
    options = IngestOptions(workers=1)
    only = set(args.only.split(",")) if args.only else None
    totals: dict[str, float] = defaultdict(float)
    hashes = {}
    for name, page in pages:
        record = {}
        for stage in stages.CLEANUP:  # the pipeline's order, as written in ingest/stages.py
            repeat = args.repeat if (only is None or stage.name in only) else 1
            page, ms = fastest(repeat, stage.run, page, options)
            totals[stage.name] += ms
            details = {k: v for k, v in page.steps[-1].details.items()}
            record[stage.name] = (hashlib.sha1(page.image.tobytes()).hexdigest(), details)
        hashes[name] = record
    print(f"{len(pages)} pages, fastest of {args.repeat}, one OpenCV thread; stage totals (ms):")
    shown = {k: v for k, v in totals.items() if only is None or k in only}
    print(", ".join(f"{k} {v:.0f}" for k, v in shown.items()) + f"; sum {sum(shown.values()):.0f}")
    if args.hashes:
        args.hashes.write_text(json.dumps(hashes, indent=1, sort_keys=True, default=str))
    return 0


if __name__ == "__main__":
    sys.path.append(str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
