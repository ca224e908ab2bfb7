"""Does another image of a photographed number row read the characters no present reading gets right? Per
document of the named generated sets (photos by default) whose page reading leaves a number row to re-read: the
row cropped as ``fieldread`` crops it, made into each image variant asked for (``--variants``: scale and kind of
``fieldread.binarisations``; default ``fieldread.SHARPENED_VARIANTS``), read by the page's model (and with ``--witness`` by the second model), and per variant: how often its
reading gives the printed number whole, on rows where no recorded reading does and on rows where one does.
Writes every reading (JSON) for a vote replayed offline.

    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/row_images.py --sets held_out,tuning --out /tmp/r.json
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import cv2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import fieldread  # noqa: E402
from ingest.metadata import extract_metadata  # noqa: E402
from ingest.ocr import read_crop  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402
from ingest.raster import to_grey  # noqa: E402

CANDIDATES = fieldread.SHARPENED_VARIANTS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", required=True)
    parser.add_argument("--cache", default=str(Path(__file__).resolve().parent / "out" / "activities"))
    parser.add_argument("--capture", default="messenger_photo,phone_photo")
    parser.add_argument("--variants", default="", help="comma-separated 'scale:how' (default: the candidates)")
    parser.add_argument("--witness", action="store_true")
    parser.add_argument("--out")
    args = parser.parse_args()
    variants = [(float(v.split(":")[0]), v.split(":")[1]) for v in args.variants.split(",") if v] or list(CANDIDATES)
    base, options = Path(args.cache), IngestOptions(workers=1)
    rows, gives, spent = [], Counter[str](), 0.0
    for name in args.sets.split(","):
        for truth_file in sorted((base / name).glob("*.truth.json")):
            truth = json.loads(truth_file.read_text())
            if not truth.get("nomor") or truth["capture"] not in args.capture.split(","):
                continue
            entry = base / "cache" / hashlib.sha256(truth_file.with_name(truth["file"]).read_bytes()).hexdigest()[:24]
            if not (entry / "result.pickle").is_file():
                continue
            result = pickle.loads((entry / "result.pickle").read_bytes())
            recorded = [ln for ln in fieldread.recorded(result.pages) if ln["field"] == "nomor"]
            if not recorded:
                continue
            page = result.pages[0]
            text = dataclasses.replace(page, steps=tuple(s for s in page.steps if s.stage != fieldread.STAGE))
            found = fieldread.field_lines(text, ["nomor"])
            if not found or extract_metadata(text.text, text.words).nomor.present:
                continue
            image = cv2.imread(str(entry / "derivatives" / f"page-{page.number:04d}.png"), cv2.IMREAD_UNCHANGED)
            grey = to_grey(image)
            right = int(fieldread.np.percentile([w.box[0] + w.box[2] for w in text.words], 95))
            usual = float(fieldread.np.median([w.box[3] for w in text.words
                                               if sum(ch.isalnum() for ch in w.text) >= 2] or [0]))
            crop, factor = fieldread._row_crop(grey, found[0][1], right, usual)
            old = [recorded[0]["page_line"], *recorded[0]["readings"], *recorded[0].get("witness", ())]
            old_right = any(fieldread.line_values(r).get("nomor") == truth["nomor"] for r in old)
            new: dict[str, list[str]] = {}
            started = time.process_time() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
            for (scale, how), img in zip(variants, fieldread.binarisations(crop, factor, variants)):
                key = f"{scale}:{how}"
                new[key] = [" ".join(w.text for w in read_crop(img, options, psm=7))]
                if args.witness:
                    new[key].append(" ".join(w.text for w in read_crop(img, options, psm=7,
                                                                      datapath=options.witness_tessdata)))
            spent += time.process_time() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - started
            row = {"set": name, "file": truth["file"], "capture": truth["capture"], "truth": truth["nomor"],
                   "date": truth.get("tanggal"), "old": old, "old_right": old_right, "new": new,
                   "record": recorded[0]}
            rows.append(row)
            hits = [k for k, rs in new.items() if any(fieldread.line_values(r).get("nomor") == truth["nomor"] for r in rs)]
            for k in hits:
                gives[f"{'old right' if old_right else 'old none'} {k}"] += 1
            gives["old right" if old_right else "old none"] += 1
            if not old_right and hits:
                gives["old none, some new gives it"] += 1
            print(f"{name}/{truth['file']} {truth['nomor']} old_right={old_right} new right: {hits}", flush=True)
    for k, n in sorted(gives.items()):
        print(f"{k}: {n}")
    print(f"own-process CPU in the new readings: {spent:.1f} s over {len(rows)} rows")
    if args.out:
        Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
