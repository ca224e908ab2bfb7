"""Phone and messenger photos of the generated sets: text CER per file and the fields read (issues 13, 17).

Gathers every ``phone_photo`` / ``messenger_photo`` file (by its ``*.truth.json``) of the named activity sets
and of any extra folder given, and scores the pipeline's reading of each: text CER against the truth pages and
whether nomor, tanggal and perihal came out right (nomor exact without spaces, tanggal ISO, perihal case and
space folded), left empty, or wrong.

Readings come from the shared activities cache (``--source cache``: whatever tree filled it) or are made by this
tree (``--source tree``: ``ingest.pipeline.ingest_file``, kept under ``bench/out/phone_cache/<label>/``, keyed by
the file's SHA-256 so a second run replays). ``--files`` restricts to names containing any of the given parts
(``held_out_2101/doc0016``); ``--save`` writes the rows as JSON, ``--compare A.json B.json`` prints both side
by side with the totals. ``--log-stages`` prints the find_sheet / dewarp / light details of each page read.

    PYTHONPATH=$PWD .venv/bin/python bench/phone_set.py --source cache --save bench/out/phone_cache.json
    PYTHONPATH=$PWD .venv/bin/python bench/phone_set.py --source tree --label main --extra bench/out/phone_gen
    PYTHONPATH=$PWD .venv/bin/python bench/phone_set.py --compare bench/out/a.json bench/out/b.json
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ocr_quality import score  # noqa: E402

ROOT = Path(__file__).resolve().parent
SETS = ("held_out", "held_out_fresh", "held_out_1801", "tuning", "held_out_1901", "held_out_2001",
        "held_out_2101")
KINDS = ("phone_photo", "messenger_photo")
FIELDS = ("nomor", "tanggal", "perihal")


def gather(folders: list[Path], parts: list[str]) -> list[tuple[Path, dict]]:
    out = []
    for folder in folders:
        for truth_path in sorted(folder.glob("*.truth.json")):
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            path = folder / truth["file"]
            key = f"{folder.name}/{path.name}"
            if truth["capture"] in KINDS and (not parts or any(p in key for p in parts)):
                out.append((path, truth))
    return out


def _fold(value: str | None) -> str:
    return " ".join(str(value or "").casefold().split())


def field_state(name: str, want: str | None, got: str | None) -> str:
    """'ok', 'empty' (nothing read), 'wrong' (a value that is not the truth) or '-' (no truth value)."""
    if not want:
        return "-" if not got else "wrong"
    if not got:
        return "empty"
    if name == "nomor":
        return "ok" if "".join(want.split()) == "".join(got.split()) else "wrong"
    return "ok" if _fold(want) == _fold(got) else "wrong"


def cached_result(path: Path):
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    entry = ROOT / "out" / "activities" / "cache" / digest / "result.pickle"
    return pickle.loads(entry.read_bytes()) if entry.is_file() else None


def tree_result(path: Path, label: str):
    from ingest.options import IngestOptions
    from ingest.pipeline import ingest_file

    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    entry = ROOT / "out" / "phone_cache" / label / digest
    if (entry / "result.pickle").is_file():
        return pickle.loads((entry / "result.pickle").read_bytes())
    entry.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        result = ingest_file(path, IngestOptions(), Path(tmp))
        for f in Path(tmp).glob("page-*.png"):
            (entry / f.name).write_bytes(f.read_bytes())
    (entry / "result.pickle").write_bytes(pickle.dumps(result))
    return result


def stage_log(result) -> str:
    notes = []
    for page in result.pages:
        for step in page.steps:
            if step.stage in ("find_sheet", "dewarp", "even_out_light", "deskew"):
                details = {k: v for k, v in step.details.items() if k not in ("corners",)}
                notes.append(f"    p{page.number} {step.stage}: {details}")
    return "\n".join(notes)


def row_for(key: str, truth: dict, result) -> dict:
    ref = "\n".join(truth["pages"])
    text = result.text if result is not None else ""
    s = score(text, ref)
    row = {"file": key, "capture": truth["capture"], "chars": s["chars"], "edits": s["char_edits"],
           "cer": round(s["char_edits"] / max(1, s["chars"]), 4), "read_chars": len(text)}
    meta = result.metadata if result is not None else None
    for name in FIELDS:
        got = getattr(meta, name).value if meta is not None else None
        row[name] = field_state(name, truth.get(name), got)
    return row


def totals(rows: list[dict]) -> str:
    edits, chars = sum(r["edits"] for r in rows), sum(r["chars"] for r in rows)
    parts = [f"files {len(rows)}", f"CER {100 * edits / max(1, chars):.2f} %"]
    for name in FIELDS:
        states = [r[name] for r in rows]
        parts.append(f"{name} ok {states.count('ok')} empty {states.count('empty')} wrong {states.count('wrong')}")
    return ", ".join(parts)


def compare(a_path: Path, b_path: Path) -> None:
    a = {r["file"]: r for r in json.loads(a_path.read_text())}
    b = {r["file"]: r for r in json.loads(b_path.read_text())}
    common = [k for k in a if k in b]
    for key in common:
        ra, rb = a[key], b[key]
        changed = ra["edits"] != rb["edits"] or any(ra[f] != rb[f] for f in FIELDS)
        if changed:
            fields = " ".join(f"{f}:{ra[f]}->{rb[f]}" for f in FIELDS if ra[f] != rb[f])
            print(f"{key}: CER {100 * ra['cer']:6.2f} -> {100 * rb['cer']:6.2f} % {fields}")
    print("A:", totals([a[k] for k in common]))
    print("B:", totals([b[k] for k in common]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("cache", "tree"), default="cache")
    parser.add_argument("--label", default="tree", help="folder of this tree's readings (--source tree)")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--extra", nargs="*", default=[], type=Path, help="more folders (e.g. bench/out/phone_gen)")
    parser.add_argument("--files", nargs="*", default=[])
    parser.add_argument("--save", type=Path)
    parser.add_argument("--log-stages", action="store_true")
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args(argv)
    if args.compare:
        compare(*args.compare)
        return 0
    folders = [ROOT / "out" / "activities" / s for s in args.sets.split(",") if s] + list(args.extra)
    rows = []
    for path, truth in gather(folders, args.files):
        key = f"{path.parent.name}/{path.name}"
        result = cached_result(path) if args.source == "cache" else tree_result(path, args.label)
        row = row_for(key, truth, result)
        rows.append(row)
        print(f"{key}: CER {100 * row['cer']:6.2f} % read {row['read_chars']:5d}/{row['chars']:5d} "
              + " ".join(f"{f}:{row[f]}" for f in FIELDS), flush=True)
        if args.log_stages and result is not None:
            print(stage_log(result))
    print(totals(rows))
    if args.save:
        args.save.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
