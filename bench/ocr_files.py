"""Per-file OCR error analysis of the pipeline on generated sets (a focused companion of ocr_quality.py).

Reads every ``*.truth.json`` file under the given folders with ``ingest_many`` (no derivatives),
prints CER per file and per capture kind, and with ``--diff`` the truth lines the output lacks
or garbles (closest output line for each truth line, shown when their similarity is < 0.9).
``--save FILE`` writes per-file texts and scores as JSON for a later before/after comparison.

    PYTHONPATH=$PWD .venv/bin/python bench/ocr_files.py DIR [DIR ...] [--diff] [--save out.json]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ocr_quality import score  # noqa: E402
from ingest.errors import BurtError  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402
from ingest.pipeline import ingest_many  # noqa: E402


def line_diff(hyp: str, ref: str) -> list[str]:
    out_lines = [l.strip() for l in hyp.splitlines() if l.strip()]
    notes = []
    for line in (l.strip() for l in ref.splitlines() if l.strip()):
        best = max(out_lines, key=lambda o: Levenshtein.normalized_similarity(o, line), default="")
        ratio = Levenshtein.normalized_similarity(best, line) if best else 0.0
        if ratio < 0.9:
            notes.append(f"    {ratio:.2f} want {line!r}\n         got  {best!r}")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--diff", action="store_true")
    parser.add_argument("--save", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    entries = []
    for folder in args.folders:
        for truth_path in sorted(Path(folder).glob("*.truth.json")):
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            entries.append((Path(folder) / truth["file"], truth))
    texts: dict[str, str] = {}
    for item, result in ingest_many([(path, None) for path, _ in entries], IngestOptions(workers=args.workers)):
        texts[str(item[0])] = "" if isinstance(result, BurtError) else result.text
    by_kind: dict[str, list] = defaultdict(list)
    saved = {}
    for path, truth in entries:
        ref = "\n".join(truth["pages"])
        row = score(texts[str(path)], ref)
        by_kind[truth["capture"]].append(row)
        cer = row["char_edits"] / max(1, row["chars"])
        saved[f"{path.parent.name}/{path.name}"] = {"cer": round(cer, 4), "text": texts[str(path)]}
        print(f"{path.parent.name}/{path.name}: CER {100 * cer:5.2f} %")
        if args.diff:
            print("\n".join(line_diff(texts[str(path)], ref)))
    for kind, rows in sorted(by_kind.items()):
        edits, chars = sum(r["char_edits"] for r in rows), sum(r["chars"] for r in rows)
        print(f"{kind}: files {len(rows)}, CER {100 * edits / chars:.2f} %")
    allrows = [r for rows in by_kind.values() for r in rows]
    print(f"all: CER {100 * sum(r['char_edits'] for r in allrows) / sum(r['chars'] for r in allrows):.2f} %")
    if args.save:
        args.save.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
