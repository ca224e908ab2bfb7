"""Validate the ink-shape orientation gate (``orientation.ink_orientation``) and time it.

Generates held-out documents of every capture kind for each seed, loads each page and runs
``find_sheet`` (what ``fix_orientation`` receives), turns it upright with the capture's known
rotation, then shows the gate the page in all four rotations. Reports, per capture kind,
how often the gate decides, and every *wrong* decision (there must be none: a wrong gate
answer is never checked by OSD). Optionally times Tesseract OSD on the same pages.

    PYTHONPATH=. python bench/orientation_gate.py --seeds 6001,7001 --count 18 [--osd] [--work DIR]

Never use seeds 8000-8999 (reserved for the final measurement).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import ocr, orientation, raster, sheet  # noqa: E402
from ingest.load import load_page, open_source  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402


def upright_pages(seed: int, count: int, work: Path) -> list[tuple[str, str, Path]]:
    """(name, capture kind, PNG path) of every page of the seed's set, turned upright; cached in ``work``."""
    from samples.generate import generate_set

    index = work / f"seed-{seed}-{count}.json"
    if index.exists():
        return [(n, k, Path(p)) for n, k, p in json.loads(index.read_text())]
    if 8000 <= seed <= 8999:
        raise SystemExit("seeds 8000-8999 are reserved for the final measurement")
    options = IngestOptions(workers=1)
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in generate_set(tmp, seed, count, held_out=True):
            truth = json.loads(Path(str(path) + ".truth.json").read_text(encoding="utf-8"))
            source = open_source(path, options)
            for number in range(1, source.page_count + 1):
                page = sheet.find_sheet(load_page(source, number, options))
                rotation = truth["capture_params"]["pages"][number - 1]["rotation"]
                upright = raster.rotate_right_angle(raster.to_grey(page.image), rotation)
                name = f"s{seed}-{path.stem}-p{number}"
                out = work / f"{name}.png"
                cv2.imwrite(str(out), upright)
                found.append((name, truth["capture"], str(out)))
    index.write_text(json.dumps(found))
    return [(n, k, Path(p)) for n, k, p in found]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="6001,7001")
    parser.add_argument("--count", type=int, default=18)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "orientation_gate")
    parser.add_argument("--osd", action="store_true", help="also time one OSD call (as fix_orientation makes it)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # shown, decided, wrong
    wrong: list[str] = []
    gate_ms: list[float] = []
    osd_ms: list[float] = []
    for seed in (int(s) for s in args.seeds.split(",")):
        for name, kind, path in upright_pages(seed, args.count, args.work):
            upright = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
            for rotation in (0, 90, 180, 270):
                shown = np.ascontiguousarray(raster.rotate_right_angle(upright, -rotation))
                started = time.perf_counter()
                answer, evidence = orientation.ink_orientation(shown)
                gate_ms.append((time.perf_counter() - started) * 1000)
                stats = per_kind[kind]
                stats[0] += 1
                if answer is not None:
                    stats[1] += 1
                    if answer != rotation:
                        stats[2] += 1
                        wrong.append(f"{name} turned {rotation}: gate said {answer} {evidence}")
                if args.osd and rotation == 0:
                    started = time.perf_counter()
                    ocr.detect_orientation(raster.shrink(shown, orientation.OSD_SIDE)[0])
                    osd_ms.append((time.perf_counter() - started) * 1000)
    total = [sum(v[i] for v in per_kind.values()) for i in range(3)]
    print("| capture kind | pages x 4 rotations | gate decided | wrong |\n|---|---|---|---|")
    for kind, (shown, decided, bad) in sorted(per_kind.items()):
        print(f"| {kind} | {shown} | {decided} ({decided / shown:.0%}) | {bad} |")
    print(f"| **all** | {total[0]} | {total[1]} ({total[1] / max(1, total[0]):.0%}) | {total[2]} |")
    print(f"gate: median {np.median(gate_ms):.0f} ms, p90 {np.percentile(gate_ms, 90):.0f} ms per page")
    if osd_ms:
        print(f"one OSD call (long side {orientation.OSD_SIDE}): median {np.median(osd_ms):.0f} ms, "
              f"p90 {np.percentile(osd_ms, 90):.0f} ms")
    for line in wrong:
        print("WRONG:", line)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
