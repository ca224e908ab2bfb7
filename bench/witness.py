"""Does a second Tesseract model read what the first misses? For every photographed document (messenger
and phone photos) of the named generated sets whose nomor or tanggal an activities run left missing or
wrong, the number row and the place-date row are cropped as ``ingest.fieldread`` crops them, from the
cached page image, and read under every image variant fieldread tries, once with the system's model and
once with the witness model (``--witness``, a tessdata folder). Per model: documents where at least one
variant reads the truth, variant readings that give the truth, and those that give another valid value.

    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/witness.py \\
        --results /work/cache/results20/act_m19_13.json --witness tessdata/best --out bench/out/witness.json
    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/witness.py --cost held_out,held_out_2601

``--legacy tessdata/std`` reads the rows a third time with Tesseract's legacy engine (``--oem 0``, feature
matching, not an LSTM; the standard tessdata scripts/witness-model.sh unpacks there) through the ``tesseract``
command, and counts how often it confirms the witness's value (``fieldread.witness_vote`` with the legacy
readings in place of the page model's) where that value is right and where it is wrong.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import fieldread  # noqa: E402
from ingest.ocr import read_crop  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402
from ingest.raster import to_grey  # noqa: E402

BASE = Path(__file__).resolve().parent / "out" / "activities"
KINDS = ("messenger_photo", "phone_photo")
ALL_VARIANTS = fieldread.VARIANTS  # the first variants, those the witness reads a row under too


def _targets(results: Path, kinds: tuple[str, ...]) -> list[tuple[str, str, dict[str, str]]]:
    """(set, file, {field: truth}) of the documents of ``kinds`` whose nomor or tanggal was not exact."""
    data = json.loads(results.read_text())
    out = []
    for per_set in next(iter(data.values())):
        for doc in per_set["detail"]:
            if not any(k in doc["file"] for k in kinds):
                continue
            fields = (doc.get("outcome") or {}).get("fields") or {}
            missed = {name: str(v["truth"]) for name, v in fields.items()
                      if name in fieldread.FIELDS and v.get("truth") and v.get("outcome") in ("missing", "wrong")}
            if missed:
                out.append((per_set["set"], doc["file"], missed))
    return out


def _read(crop: np.ndarray, factor: float, options: IngestOptions, datapath: str | None) -> list[str]:
    """Each variant's reading of the row."""
    return [" ".join(w.text for w in read_crop(image, options, psm=7, datapath=datapath))
            for image in fieldread.binarisations(crop, factor, ALL_VARIANTS)]


def _read_legacy(crop: np.ndarray, factor: float, folder: str) -> list[str]:
    """Each variant's reading of the row by the legacy engine of the tessdata in ``folder``."""
    out = []
    with tempfile.TemporaryDirectory(prefix="burt-legacy-") as tmp:
        for n, image in enumerate(fieldread.binarisations(crop, factor, ALL_VARIANTS)):
            name = f"{tmp}/row-{n}.png"
            cv2.imwrite(name, image)
            done = subprocess.run(["tesseract", name, "stdout", "--oem", "0", "--tessdata-dir", folder,
                                   "-l", "ind", "--psm", "7"], capture_output=True, text=True, timeout=60)
            out.append(" ".join(done.stdout.split()))
    return out


def _legacy_table(table: Counter, kind: str, name: str, truth: str, got: dict) -> None:
    """The witness's value (its first WITNESS_VARIANTS readings, as the pipeline reads) against the legacy
    readings: confirmed whole, segment by segment, and the rule with legacy in place of the page's model."""
    witness = got["witness_text"][:fieldread.WITNESS_VARIANTS]
    told = Counter(v for r in witness if (v := fieldread.line_values(r).get(name)))
    if not told:
        return
    (value, n), *rest = told.most_common()
    if n < fieldread.WITNESS_AGREE or rest and rest[0][1] >= n:
        return
    verdict = "right" if value == truth else "wrong"
    for label, legacy in (("legacy3", got["legacy_text"][:fieldread.WITNESS_VARIANTS]), ("legacy5", got["legacy_text"])):
        whole = any(fieldread.line_values(r).get(name) == value for r in legacy)
        parts = value.split("/")
        rows = [c.split("/") for c in (fieldread.nomor_candidate(r) for r in legacy) if c and len(c.split("/")) == len(parts)]
        segments = name == "nomor" and all(any(row[k] == part for row in rows) for k, part in enumerate(parts))
        # the proposed rule: legacy confirms in place of the page's model (its readings and the page line may
        # still veto: with them added, the confirmation holds already, so the second call fails only on a rival)
        takes = fieldread.witness_vote(name, "", legacy, witness) is not None and fieldread.witness_vote(
            name, got["page_line"], [*got["system_text"], *legacy], witness) is not None
        table[(kind, name, f"witness {verdict}", f"{label} whole")] += whole
        table[(kind, name, f"witness {verdict}", f"{label} whole or segments")] += whole or segments
        table[(kind, name, f"witness {verdict}", f"{label} rule takes")] += takes
    table[(kind, name, f"witness {verdict}", "rows")] += 1
    table[(kind, name, f"witness {verdict}", "page model's rule (model20) takes")] += fieldread.witness_vote(
        name, got["page_line"], got["system_text"], witness) is not None
    got["witness_value"], got["witness_verdict"] = value, verdict


def cost(sets: list[str]) -> None:
    """CPU-seconds of the field re-reading stage per page (Tesseract runs in this process: ``process_time``
    counts it), every cached page of ``sets`` read without and with the witness model, per capture kind."""
    import dataclasses
    import time

    spent: Counter = Counter()
    pages: Counter = Counter()
    for set_name in sets:
        for path in sorted((BASE / set_name).glob("doc*")):
            if path.name.endswith(".json"):
                continue
            entry = BASE / "cache" / hashlib.sha256(path.read_bytes()).hexdigest()[:24]
            if not (entry / "result.pickle").is_file():
                continue
            kind = path.stem.split("_", 1)[1].split("-")[0]
            result = pickle.loads((entry / "result.pickle").read_bytes())
            for page in result.pages:
                image = cv2.imread(str(entry / "derivatives" / f"page-{page.number:04d}.png"), cv2.IMREAD_UNCHANGED)
                if image is None:
                    continue
                page = dataclasses.replace(page, steps=tuple(s for s in page.steps if s.stage != fieldread.STAGE))
                pages[kind] += 1
                for label, folder in (("without", None), ("with", IngestOptions().witness_tessdata)):
                    started = time.process_time()
                    fieldread.reread_fields(image, page, IngestOptions(workers=1, witness_tessdata=folder))
                    spent[(kind, label)] += time.process_time() - started
    for kind in sorted(pages):
        print(f"{kind:16s} pages {pages[kind]:3d}  fieldread CPU-s/page without {spent[(kind, 'without')] / pages[kind]:.2f}"
              f"  with {spent[(kind, 'with')] / pages[kind]:.2f}")
    total = sum(pages.values())
    print(f"{'all':16s} pages {total:3d}  fieldread CPU-s/page without {sum(v for (k, l), v in spent.items() if l == 'without') / total:.2f}"
          f"  with {sum(v for (k, l), v in spent.items() if l == 'with') / total:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, help="an activities JSON (bench/activities.py --out)")
    parser.add_argument("--witness", default=IngestOptions().witness_tessdata, help="tessdata folder of the second model")
    parser.add_argument("--legacy", default="", help="tessdata folder whose legacy engine (--oem 0) reads the rows too")
    parser.add_argument("--kinds", default=",".join(KINDS), help="captures, comma-separated")
    parser.add_argument("--limit", type=int, default=0, help="documents at most (0: all)")
    parser.add_argument("--out", type=Path, default=None, help="per-document JSON")
    parser.add_argument("--cost", default="", help="sets (comma-separated) whose every cached page's field "
                        "re-reading is timed without and with the witness, instead of the table")
    args = parser.parse_args()
    if args.cost:
        cost(args.cost.split(","))
        return
    if args.results is None:
        parser.error("--results is needed for the table")
    options = IngestOptions()
    models = {"system": None, "witness": args.witness}
    targets = _targets(args.results, tuple(args.kinds.split(",")))
    if args.limit:
        targets = targets[:args.limit]
    table: Counter = Counter()
    rows = []
    for set_name, file, missed in targets:
        path = BASE / set_name / file
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        entry = BASE / "cache" / digest[:24]
        result = pickle.loads((entry / "result.pickle").read_bytes())
        kind = next(k for k in args.kinds.split(",") if k in file)
        found: dict[str, dict] = {}
        for page in result.pages:
            image = cv2.imread(str(entry / "derivatives" / f"page-{page.number:04d}.png"), cv2.IMREAD_UNCHANGED)
            if image is None or not page.words:
                continue
            grey = to_grey(image)
            right = int(np.percentile([w.box[0] + w.box[2] for w in page.words], 95))
            usual = float(np.median([w.box[3] for w in page.words if sum(ch.isalnum() for ch in w.text) >= 2] or [0]))
            for name, line in fieldread.field_lines(page, [n for n in missed if n not in found]):
                crop, factor = fieldread._row_crop(grey, line, right, usual, name == "tanggal")
                if crop.size == 0 or min(crop.shape[:2]) < 4:
                    continue
                found[name] = {"page_line": " ".join(w.text for w in line), "truth": missed[name]}
                for model, datapath in models.items():
                    found[name][model + "_text"] = _read(crop, factor, options, datapath)
                    found[name][model] = [fieldread.line_values(t).get(name, "") for t in found[name][model + "_text"]]
                if args.legacy:
                    found[name]["legacy_text"] = _read_legacy(crop, factor, args.legacy)
                    found[name]["legacy"] = [fieldread.line_values(t).get(name, "") for t in found[name]["legacy_text"]]
        for name, truth in missed.items():
            table[(kind, name, "docs")] += 1
            got = found.get(name)
            if got is None:
                table[(kind, name, "no row")] += 1
                continue
            for model in models:
                right_n = sum(v == truth for v in got[model])
                other_n = sum(bool(v) and v != truth for v in got[model])
                table[(kind, name, f"{model} any right")] += right_n > 0
                table[(kind, name, f"{model} right readings")] += right_n
                table[(kind, name, f"{model} other readings")] += other_n
                table[(kind, name, f"{model} docs with another value")] += other_n > 0
            if args.legacy:
                _legacy_table(table, kind, name, truth, got)
                right_l = sum(v == truth for v in got["legacy"])
                table[(kind, name, "legacy any right")] += right_l > 0
                table[(kind, name, "legacy right readings")] += right_l
                table[(kind, name, "legacy docs with another value")] += any(v and v != truth for v in got["legacy"])
            table[(kind, name, "only witness right")] += (not any(v == truth for v in got["system"])
                                                          and any(v == truth for v in got["witness"]))
            table[(kind, name, "both right")] += (any(v == truth for v in got["system"])
                                                  and any(v == truth for v in got["witness"]))
        rows.append({"set": set_name, "file": file, "fields": found})
        print(set_name, file, {n: (sum(v == f["truth"] for v in f["system"]), sum(v == f["truth"] for v in f["witness"]),
                                   sum(v == f["truth"] for v in f.get("legacy", ())), f.get("witness_value"),
                                   f.get("legacy")) for n, f in found.items()}, flush=True)
    print(f"\nvariants per row: {len(ALL_VARIANTS)}")
    for key in sorted(table):
        print(" / ".join(key), table[key])
    if args.out:
        args.out.write_text(json.dumps({"table": {" / ".join(k): v for k, v in table.items()}, "documents": rows},
                                       indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
