"""The quality gate on generated pages: every candidate read whole on the pages the gate checks.

The gate's decisions on generated pages are not in the cache of final texts (``bench/activities.py --reread``
reads the cached readings, made before a gate change), so a gate change is checked here: the pipeline's page
path (load, cleanup, first reading) runs on generated files whose cached result says the gate checked a page,
stopped after the gate; on each checked page the cleaned reading and every candidate (told, light, upright)
are read whole, with their dictionary words, different words, middle-band words and whole-page character
edits against the truth's page text (``bench/real_ocr.score``), and the gate's own choice. Run it on two trees
(``PYTHONPATH``) and compare the chosen readings' edits page by page, or replay gate rules on one run's
readings.

    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/gate_pages.py --sets held_out,held_out_2801 \
        --out /tmp/gate.jsonl [--kinds phone_photo,fax] [--limit 20]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.real_ocr import score  # noqa: E402
from ingest import pipeline, quality  # noqa: E402
from ingest.load import open_source  # noqa: E402
from ingest.ocr import dictionary, read_page  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402
from ingest.raster import to_grey  # noqa: E402

SETS = ROOT / "bench" / "out" / "activities"


class _Stop(Exception):
    """Raised after the gate: the stages after it do not change which reading the gate took."""


def checked_files(sets: list[str], kinds: list[str]) -> list[Path]:
    """Generated files of ``sets`` whose cached result says the gate checked one of their pages."""
    out = []
    for name in sets:
        for path in sorted((SETS / name).iterdir()):
            if path.name.endswith(".truth.json") or (kinds and not any(k in path.name for k in kinds)):
                continue
            cached = SETS / "cache" / hashlib.sha256(path.read_bytes()).hexdigest()[:24] / "result.pickle"
            if not cached.exists():
                continue
            result = pickle.loads(cached.read_bytes())
            if any(s.stage == "quality_gate" and s.details.get("checked") for p in result.pages for s in p.steps):
                out.append(path)
    return out


def read_file(path: Path, options: IngestOptions) -> list[dict]:
    """Every checked page of ``path``: the gate's record and each reading's counts and edits."""
    truth = json.loads(Path(f"{path}.truth.json").read_text())["pages"]
    words = dictionary(options.languages)
    rows: list[dict] = []
    keep_better = quality.keep_better

    def recorded(cleaned, light, opts, upright=None, page=None, tables=()):
        kept = keep_better(cleaned, light, opts, upright, page=page, tables=tables)
        gate = kept.steps[-1].details
        if gate.get("checked"):
            ref = truth[cleaned.number - 1] if cleaned.number <= len(truth) else ""
            height = light.image.shape[0]
            y0, y1 = int(quality.PROBE_BAND[0] * height), int(quality.PROBE_BAND[1] * height)
            readings = {"cleaned": cleaned, "kept": kept}
            if page is not None:
                readings[quality.TOLD] = read_page(page, opts, tables=tables, told=True)
            readings["light"] = read_page(light.evolve(image=to_grey(light.image)), opts, told=True)
            if upright is not None and quality._small_turn_only(upright, light):
                readings["upright"] = read_page(upright.evolve(image=to_grey(upright.image)), opts, told=True)
            rows.append({"file": str(path), "page": cleaned.number, "gate": gate, "readings": {
                name: {"words": quality.dictionary_words(text, words)[0],
                       "distinct": quality.distinct_words(text, words),
                       "band": quality._band_hits(text.words, words, y0, y1),
                       "edits": score(text.text, ref)["char_edits"], "chars": len(ref)}
                for name, text in readings.items()}})
        raise _Stop

    quality.keep_better = recorded
    try:
        source = open_source(path, options)
        for number in range(1, source.page_count + 1):
            try:
                pipeline.process_page(pipeline.PageJob(source=source, number=number, options=options, work_dir=None))
            except _Stop:
                pass
    finally:
        quality.keep_better = keep_better
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", required=True, help="comma-separated named sets (bench/activities.py SETS)")
    parser.add_argument("--kinds", default="", help="comma-separated capture kinds to keep, e.g. phone_photo,fax")
    parser.add_argument("--limit", type=int, default=0, help="at most this many files (0: all)")
    parser.add_argument("--out", type=Path, required=True, help="JSON lines, one per checked page (appended)")
    args = parser.parse_args(argv)
    files = checked_files(args.sets.split(","), [k for k in args.kinds.split(",") if k])
    files = files[:args.limit] if args.limit else files
    options = IngestOptions(workers=1)
    kept = chars = 0
    with args.out.open("a") as out:
        for path in files:
            for row in read_file(path, options):
                out.write(json.dumps(row) + "\n")
                kept += row["readings"]["kept"]["edits"]
                chars += row["readings"]["kept"]["chars"]
                print(f"{path.parent.name}/{path.name} p{row['page']}: kept {row['gate'].get('light_path', 'cleaned')}"
                      f" {row['readings']['kept']['edits']} edits; "
                      + ", ".join(f"{n} {r['words']}/{r['distinct']} words {r['edits']}"
                                  for n, r in row["readings"].items() if n != "kept"), flush=True)
    print(f"{len(files)} files, kept readings: {kept} edits of {chars} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
