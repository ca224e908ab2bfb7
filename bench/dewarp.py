"""Dewarp before/after: the same files read with the ``dewarp`` stage on and off.

Generates held-out sets of the given capture kinds (cached under ``bench/out/dewarp``), runs
the whole pipeline (``ingest_file``, one worker process per file) twice per file, the
second time with ``ingest.dewarp.dewarp`` replaced by a stage that returns the page as it
came, and prints CER / WER / BoW-F1 per capture kind plus the stage's ms on pages it
changed and pages it left alone. Also the committed curl sample with ``--sample``.

    PYTHONPATH=$PWD python bench/dewarp.py --seeds 6001,6002 --count 6 --kinds phone_photo
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "dewarp"
_REAL: dict = {}


def _read(args: tuple[str, bool]) -> tuple[str, list]:
    path, enabled = args
    from ingest import dewarp
    from ingest.model import StageRecord
    from ingest.options import IngestOptions
    from ingest.pipeline import ingest_file

    real = _REAL.setdefault("dewarp", dewarp.dewarp)  # a pool process runs jobs of both kinds
    dewarp.dewarp = real if enabled else \
        (lambda page: page.evolve(StageRecord("dewarp", 0.0, {"dewarped": False, "off": True})))
    result = ingest_file(Path(path), IngestOptions(workers=1))
    records = [dict(s.details, ms=s.ms) for p in result.pages for s in p.steps if s.stage == "dewarp"]
    return result.text, records


def _stage_times(path: str) -> list[dict]:
    """Per page of ``path``: best-of-3 ms of ``deskew`` and ``dewarp`` run back to back on
    the page as it reaches them (no OCR), and what dewarp did."""
    import time

    from ingest import orientation, sheet, skew
    from ingest.dewarp import dewarp
    from ingest.load import load_page, open_source
    from ingest.options import IngestOptions

    options = IngestOptions(workers=1)
    source = open_source(path, options)
    rows = []
    for number in range(1, source.page_count + 1):
        page = orientation.fix_orientation(sheet.find_sheet(load_page(source, number, options)), options)
        best = {"deskew": 1e9, "dewarp": 1e9}
        for _ in range(3):
            started = time.perf_counter()
            straight = skew.deskew(page)
            best["deskew"] = min(best["deskew"], (time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            done = dewarp(straight)
            best["dewarp"] = min(best["dewarp"], (time.perf_counter() - started) * 1000)
        rows.append({**best, "dewarped": done.steps[-1].details["dewarped"],
                     "pixels": page.image.shape[0] * page.image.shape[1]})
    return rows


def timing(entries: list[dict]) -> None:
    rows = [(e["kind"], r) for e in entries for r in _stage_times(e["path"])]
    for what in (False, True):
        chosen = [r for _, r in rows if r["dewarped"] == what]
        if chosen:
            dw, dk = sum(r["dewarp"] for r in chosen) / len(chosen), sum(r["deskew"] for r in chosen) / len(chosen)
            mp = sum(r["pixels"] for r in chosen) / len(chosen) / 1e6
            print(f"{'dewarped' if what else 'left alone'}: {len(chosen)} pages, {mp:.1f} Mpx mean; "
                  f"dewarp {dw:.0f} ms/page vs deskew {dk:.0f} ms/page (ratio {dw / dk:.2f})")


def make_set(seed: int, count: int, kinds: list[str]) -> list[dict]:
    from samples.generate import generate_set

    folder = OUT / f"{seed}-{count}-{'_'.join(kinds)}"
    marker = folder / ".complete"
    if not marker.exists():
        generate_set(folder, seed, count, held_out=True, kinds=kinds)
        marker.touch()
    entries = []
    for truth_path in sorted(folder.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        curl = [p.get("curl_px") for p in truth["capture_params"]["pages"]]
        entries.append({"path": str(folder / truth["file"]), "kind": truth["capture"],
                        "ref": "\n".join(truth["pages"]), "curl": curl, "pages": len(truth["pages"])})
    return entries


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from bench.ocr_quality import score, summarise

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="6001")
    parser.add_argument("--count", type=int, default=6)
    parser.add_argument("--kinds", default="phone_photo")
    parser.add_argument("--sample", action="store_true", help="also the committed curl sample")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timing", action="store_true",
                        help="only time deskew and dewarp back to back, one process, no OCR")
    args = parser.parse_args(argv)
    entries = []
    for seed in (int(s) for s in args.seeds.split(",") if s):
        entries += make_set(seed, args.count, args.kinds.split(","))
    if args.sample:
        path = ROOT / "samples" / "IMG_20240228_143010.jpg"
        truth = json.loads(Path(str(path) + ".truth.json").read_text(encoding="utf-8"))
        entries.append({"path": str(path), "kind": "curl_sample", "ref": "\n".join(truth["pages"]),
                        "curl": None, "pages": 1})
    if args.timing:
        timing(entries)
        return 0
    jobs = [(e["path"], on) for e in entries for on in (False, True)]
    with ProcessPoolExecutor(args.workers) as pool:
        results = dict(zip(jobs, pool.map(_read, jobs)))
    by_kind: dict[tuple[str, bool], list] = defaultdict(list)
    ms = {"changed": [], "unchanged": []}
    for e in entries:
        line = [Path(e["path"]).name, f"curl={e['curl']}"]
        for on in (False, True):
            text, records = results[(e["path"], on)]
            row = {**score(text, e["ref"]), "pages": e["pages"]}
            by_kind[(e["kind"], on)].append(row)
            line.append(f"{'on' if on else 'off'}: CER {row['char_edits'] / max(1, row['chars']):.4f}")
            if on:
                for r in records:
                    ms["changed" if r["dewarped"] else "unchanged"].append(r["ms"])
                line.append(json.dumps([{k: v for k, v in r.items() if k != "ms"} for r in records]))
        print("  ".join(line))
    print()
    for kind in sorted({k for k, _ in by_kind}):
        off, on = summarise(by_kind[(kind, False)]), summarise(by_kind[(kind, True)])
        print(f"{kind:16s} off {json.dumps(off)}\n{'':16s} on  {json.dumps(on)}")
    for what, values in ms.items():
        if values:
            print(f"dewarp ms on {what} pages: n={len(values)} mean {sum(values) / len(values):.0f} "
                  f"max {max(values):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
