"""Do the readings of a photographed number row err at different characters? Per document of the named generated
sets whose number row was re-read and no reading of it (the page's line, the re-readings, the witness model's)
gives the printed number: the readings aligned character by character (``fieldread.aligned_vote``), and whether
the majority at every place gives the number (as the extractor and the kop read it) and whether choosing among
what the readings read at the places they split on could give it at all. No OCR: the cached "fieldread" records.

    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/number_consensus.py --sets held_out,tuning -v
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import fieldread  # noqa: E402
from ingest.metadata import extract_metadata, nomor_letterhead  # noqa: E402
from ingest.nomor import code_by_letterhead  # noqa: E402

CHOICES = 5000  # strings tried per row at most when asking whether the split places could give the number


def _gives(text: str, header: list[list[str]], want: str) -> bool:
    field = extract_metadata("Nomor : " + text).nomor
    return field.present and code_by_letterhead(str(field.value), header)[0] == want


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", required=True, help="comma-separated set names")
    parser.add_argument("--cache", default=str(Path(__file__).resolve().parent / "out" / "activities"))
    parser.add_argument("--capture", default="messenger_photo", help="capture kind ('all': every kind)")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per row")
    args = parser.parse_args()
    base, counts = Path(args.cache), Counter[str]()
    for name in args.sets.split(","):
        for truth_file in sorted((base / name).glob("*.truth.json")):
            truth = json.loads(truth_file.read_text())
            if not truth.get("nomor") or args.capture not in ("all", truth["capture"]):
                continue
            entry = base / "cache" / hashlib.sha256(truth_file.with_name(truth["file"]).read_bytes()).hexdigest()[:24]
            if not (entry / "result.pickle").is_file():
                continue
            result = pickle.loads((entry / "result.pickle").read_bytes())
            rows = [ln for ln in fieldread.recorded(result.pages) if ln["field"] in ("nomor", fieldread.HALF)]
            if not rows:
                continue
            reads = [rows[0]["page_line"], *rows[0]["readings"], *rows[0].get("witness", ())]
            if any(fieldread.line_values(r).get("nomor") == truth["nomor"] for r in reads):
                continue  # some reading gives it whole: not the question here
            values = [v for v in (fieldread.row_value(r) for r in reads) if v]
            if len(values) < fieldread.MIN_VOTES:
                counts["fewer than three readings with a value"] += 1
                continue
            header = nomor_letterhead(result.text)
            places = fieldread.aligned_vote(values)
            majority = "".join(p[0] for p in places)
            size = 1
            for p in places:
                size *= len(p)
            reachable = None if size > CHOICES else any(
                _gives("".join(c), header, truth["nomor"]) for c in itertools.product(*places))
            right = _gives(majority, header, truth["nomor"])
            counts["rows"] += 1
            counts["majority gives the number"] += right
            counts[f"split places could give it: {reachable}"] += 1
            if args.verbose:
                print(f"{name}/{truth['file']} {truth['nomor']} | majority {majority} | "
                      f"split places {sum(len(p) > 1 for p in places)} | could give it {reachable}")
    for key, n in counts.items():
        print(f"{key}: {n}")


if __name__ == "__main__":
    main()
