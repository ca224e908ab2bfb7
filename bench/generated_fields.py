"""Perihal, pengirim, penerima and partner read from the cached OCR of the generated activity sets.

The activity benchmark (``bench/activities.py``) caches each generated file's ``IngestResult`` under
``bench/out/activities/cache/<sha256[:24]>/``; this script runs this tree's ``extract_metadata`` on the cached
text and words again, then settles it with the page's recorded field re-reading and word layout as the pipeline
does (``ingest.fieldread.settle``; no OCR, no re-reading, seconds), and scores the four party/subject fields against the
generator's truth with ``bench.classify.field_outcome``: exact, wrong (a value where the truth differs or has
none) and missing. A field that the page does not print as such (``bench.classify.printed``: a Hal line, a
Yth. block) is scored in its own rows, since the generator records values there that no page shows.

    PYTHONPATH=$PWD .venv/bin/python bench/generated_fields.py [--sets tuning,held_out] [-v]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.classify import field_outcome, printed  # noqa: E402
from ingest import fieldread  # noqa: E402
from ingest.metadata import extract_metadata  # noqa: E402

SETS_DIR = ROOT / "bench" / "out" / "activities"
FIELDS = ("perihal", "pengirim", "penerima", "partner")
DEFAULT_SETS = "held_out,held_out_fresh,held_out_1801,tuning,held_out_1901,held_out_2001"


def score_set(name: str, verbose: bool = False) -> dict[str, Counter]:
    counts = {f: Counter() for f in FIELDS}
    for truth_path in sorted((SETS_DIR / name).glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        doc = truth_path.with_name(truth_path.name[: -len(".truth.json")])
        entry = SETS_DIR / "cache" / hashlib.sha256(doc.read_bytes()).hexdigest()[:24] / "result.pickle"
        if not entry.is_file():
            continue
        result = pickle.loads(entry.read_bytes())
        md = extract_metadata(result.text, tuple(w for p in result.pages for w in p.words))
        md = fieldread.settle(md, result.text, result.pages)
        page_text = "\n".join(truth.get("pages", []))
        for f in FIELDS:
            got = getattr(md, f).value
            outcome = field_outcome(f, got, truth.get(f))
            kind = "printed" if f in ("pengirim", "partner") or printed(f, page_text) else "not printed"
            counts[f][(kind, outcome)] += 1
            if verbose and outcome in ("wrong", "missing", "partial") and kind == "printed":
                print(f"  {name}/{doc.name} {f}: {outcome} got {got!r} want {truth.get(f)!r} "
                      f"({getattr(md, f).reason[:90]})")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=DEFAULT_SETS)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss where the field is printed")
    args = parser.parse_args(argv)
    total = {f: Counter() for f in FIELDS}
    for name in args.sets.split(","):
        for f, c in score_set(name, args.verbose).items():
            total[f].update(c)
    print("| field | printed: exact | wrong | missing | partial | not printed: wrong | not printed: exact |")
    print("|---|---|---|---|---|---|---|")
    for f in FIELDS:
        c = total[f]
        n = sum(v for (k, _), v in c.items() if k == "printed")
        print(f"| {f} | {c['printed', 'exact']}/{n} | {c['printed', 'wrong']} | {c['printed', 'missing']} "
              f"| {c['printed', 'partial']} | {c['not printed', 'wrong']} | {c['not printed', 'exact']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
