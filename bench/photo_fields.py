"""Why a photographed letter's nomor or tanggal is not taken: per document of the named generated sets, the
fields as this tree settles them from the cached readings (the page reading and the "fieldread" record the cache
holds; no OCR unless ``--reread``), against the truth, and for each miss whether its row was re-read at all, no
reading of it gives the printed value, or some reading does (by the page's model, by the witness model, by both)
and the votes and checks refused it.

    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/photo_fields.py --sets held_out,tuning
    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/photo_fields.py --sets priv --cache /tmp/act --all -v

``--cache`` is a folder laid out as ``bench/out/activities`` (``<set>/`` with the files and their truth, ``cache/``
with the replayed results, as ``bench/activities.py`` fills it); ``--all`` counts every capture kind, not only
messenger and phone photos; ``--reread`` runs this tree's field re-reading on the cached page images first (for a
change to the re-reading itself); ``--out`` writes the per-document rows (JSON) for a before/after comparison.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import sys
from collections import Counter
from pathlib import Path

import cv2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import fieldread, pipeline  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402

PHOTOS = ("messenger_photo", "phone_photo")
ROWS = {"nomor": ("nomor", fieldread.HALF), "tanggal": ("tanggal", fieldread.CHECKED)}


def _pages(entry: Path, reread: bool, options: IngestOptions) -> tuple:
    result = pickle.loads((entry / "result.pickle").read_bytes())
    if not reread:
        return result
    pages = tuple(fieldread.reread_fields(
        cv2.imread(str(entry / "derivatives" / f"page-{p.number:04d}.png"), cv2.IMREAD_UNCHANGED),
        dataclasses.replace(p, steps=tuple(s for s in p.steps if s.stage != fieldread.STAGE)), options)
        for p in result.pages)
    return dataclasses.replace(result, pages=pages)


def why(name: str, truth: str, lines: list[dict]) -> str:
    """Where a missed value stands: its row not re-read, no reading right, or right readings refused."""
    rows = [ln for ln in lines if ln["field"] in ROWS[name]]
    if not rows:
        return "no row re-read" + (" (a lost band read)" if any(ln["field"] == fieldread.LOST for ln in lines) else "")
    first = sum(fieldread.line_values(r).get(name) == truth for ln in rows for r in [ln["page_line"], *ln["readings"]])
    second = sum(fieldread.line_values(r).get(name) == truth for ln in rows for r in ln.get("witness", ()))
    if not first + second:
        return "row read, no reading right"
    if not second:
        return f"right only by the page's model ({min(first, 3)}{'+' if first > 2 else ''} readings), refused"
    if not first:
        return f"right only by the witness ({second}), refused"
    return "right by both models, refused"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", required=True, help="comma-separated set names")
    parser.add_argument("--cache", default=str(Path(__file__).resolve().parent / "out" / "activities"))
    parser.add_argument("--all", action="store_true", help="every capture kind, not only photos")
    parser.add_argument("--reread", action="store_true", help="run this tree's field re-reading first")
    parser.add_argument("--out", help="write the per-document rows here (JSON)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the documents of each kind of miss")
    args = parser.parse_args()
    base, options = Path(args.cache), IngestOptions(workers=1)
    rows, outcomes, misses, where = [], Counter(), Counter(), {}
    for name in args.sets.split(","):
        for truth_file in sorted((base / name).glob("*.truth.json")):
            truth = json.loads(truth_file.read_text())
            if not args.all and truth["capture"] not in PHOTOS:
                continue
            entry = base / "cache" / hashlib.sha256(truth_file.with_name(truth["file"]).read_bytes()).hexdigest()[:24]
            if not (entry / "result.pickle").is_file():
                continue  # not read yet
            result = _pages(entry, args.reread, options)
            words = tuple(w for p in result.pages for w in p.words)
            metadata, _ = pipeline._analyse(result.text, options, {}, words, result.pages)
            printed = "".join("\n".join(truth.get("pages") or []).split()).casefold()
            lines = fieldread.recorded(result.pages)
            row = {"set": name, "file": truth["file"], "capture": truth["capture"]}
            for field in ("nomor", "tanggal"):
                want, got = truth.get(field), getattr(metadata, field)
                value = str(got.value) if got.present else None
                shown = bool(want) and (field == "tanggal" or "".join(str(want).split()).casefold() in printed)
                outcome = ("exact" if value == want else "missing" if value is None else "wrong") if shown \
                    else ("absent_ok" if value is None else "extra")
                row[field] = {"truth": want, "got": value, "outcome": outcome, "reason": got.reason}
                if shown:
                    outcomes[(truth["capture"], field, outcome)] += 1
                if shown and outcome != "exact":
                    kind = (truth["capture"], field, outcome, why(field, str(want), lines))
                    misses[kind] += 1
                    where.setdefault(kind, []).append(f"{name}/{truth['file']}")
            rows.append(row)
    print("| capture | field | exact | missing | wrong |\n|---|---|---|---|---|")
    for capture, field in sorted({(c, f) for c, f, _ in outcomes}):
        print(f"| {capture} | {field} | " + " | ".join(str(outcomes[(capture, field, o)])
                                                    for o in ("exact", "missing", "wrong")) + " |")
    extra = sum(r[f]["outcome"] == "extra" for r in rows for f in ("nomor", "tanggal"))
    print(f"\nfields given where the page prints none: {extra}\n\n| capture | field | outcome | where it stands | docs |")
    print("|---|---|---|---|---|")
    for kind, n in sorted(misses.items()):
        print("| " + " | ".join(kind) + f" | {n} |" + (f" {', '.join(where[kind])}" if args.verbose else ""))
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
