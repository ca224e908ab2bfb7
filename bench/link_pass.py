"""What the linking pass at the end of a batch costs as the archive grows, and what it links (issue 17).

    .venv/bin/python bench/link_pass.py --copies 1 --batch 10 --whole --out bench/out/lp_whole.json  # the old pass
    .venv/bin/python bench/link_pass.py --copies 1 --batch 10 --out bench/out/lp_bound.json          # the bounded one
    .venv/bin/python bench/link_pass.py --compare bench/out/lp_whole.json bench/out/lp_bound.json
    .venv/bin/python bench/link_pass.py --copies 4 --batch 25 --build 500 --full   # a bigger archive (slow)

An archive is built from the generated sets in the shared cache (the ``IngestResult`` ``bench/activities.py``
cached for each file, its metadata as cached, not read again): every set's files, ``--copies`` times,
ingested through ``service.ingest_paths``: every copy but the last in batches of ``--build`` files (the
archive's earlier years, cheaply), the last in batches of ``--batch`` files, as an office's daily uploads. Copy
``k`` of a file is the file's bytes with a suffix (a new document) and its reading with every year in its
texts, words and fields moved ``k * YEARS_APART`` years back, so each copy is a programme year of its own (its
activities are new ones, as the office's years are) rather than a second MoU of the same year.

For each batch: the CPU seconds of the batch end's linking pass (``service._link_left_behind``) and of the
whole batch, the documents in the archive and those without a link row, and the activity each document is
linked to once the batch has ended (before any audit: the state a clerk sees). ``--compare`` reads two runs
made the same way and lists every document whose link after some batch differs. ``--whole`` runs the pass as
it was before (every unlinked document); ``--full`` runs that whole-archive pass after each small batch's own
pass as well, and counts what it links more (what the bounded pass missed).
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from archive import db, linking, service  # noqa: E402
from archive.settings import load_settings  # noqa: E402
from bench.activities import OUT, SETS, TRUTH_SUFFIX  # noqa: E402
from ingest.errors import BurtError  # noqa: E402
from ingest.model import Field, IngestResult  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402

DEFAULT_SETS = ("held_out_2001", "held_out_2901", "held_out_3001", "held_out_3301", "held_out_3401",
                "held_out_3501", "held_out_3601", "held_out_3701", "held_out_3801", "held_out_3901")
YEARS_APART = 3
_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")


def shift_years(text: str, years: int) -> str:
    if not text or not years:
        return text
    return _YEAR.sub(lambda m: str(int(m.group(1)) - years), text)


def shifted(result: IngestResult, years: int) -> IngestResult:
    """``result`` with every year in its page texts, words and metadata fields ``years`` earlier."""
    if not years:
        return result
    pages = tuple(dataclasses.replace(p, text=shift_years(p.text, years),
                                      words=tuple(dataclasses.replace(w, text=shift_years(w.text, years))
                                                  for w in p.words)) for p in result.pages)
    meta = result.metadata
    fields = {name: dataclasses.replace(getattr(meta, name), value=shift_years(getattr(meta, name).value or "", years)
                                        or getattr(meta, name).value) for name in meta.FIELD_NAMES}
    rujukan = tuple(Field(shift_years(r.value or "", years) or r.value, r.confidence, r.reason) for r in meta.rujukan)
    return dataclasses.replace(result, pages=pages, metadata=dataclasses.replace(meta, **fields, rujukan=rujukan))


class CopiedPipeline:
    """The cached readings of the sets' files, each read once, handed out for their copies (years moved)."""

    def __init__(self, originals: dict[str, tuple[Path, int]]) -> None:
        self.originals = originals  # copy's SHA-256 -> (original file, years moved)
        self.read: dict[Path, IngestResult] = {}

    def ingest_file(self, path, options: IngestOptions, out_dir=None, name=None, progress=None) -> IngestResult:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        original, years = self.originals[digest]
        if original not in self.read:  # the pipeline's reading as the cache holds it (no metadata read again)
            entry = OUT / "cache" / hashlib.sha256(original.read_bytes()).hexdigest()[:24]
            self.read[original] = pickle.loads((entry / "result.pickle").read_bytes())
        result = shifted(self.read[original], years)
        return dataclasses.replace(result, source=dataclasses.replace(result.source, path=str(path), sha256=digest,
                                                                      name=name or Path(path).name),
                                   derivatives={})

    def ingest_many(self, items, options: IngestOptions):
        for item in items:
            try:
                yield item, self.ingest_file(item[0], options, item[1])
            except BurtError as exc:
                yield item, exc


def make_copies(sets: list[str], copies: int, folder: Path) -> tuple[list[Path], dict[str, tuple[Path, int]]]:
    files, originals = [], {}
    for k in range(copies):
        for name in sets:
            source = OUT / name
            for f in sorted(p for p in source.iterdir() if p.is_file() and not p.name.endswith(TRUTH_SUFFIX)):
                copy = folder / f"c{k}_{name}_{f.name}"
                data = f.read_bytes() + f"\ncopy {k}".encode()
                copy.write_bytes(data)
                files.append(copy)
                originals[hashlib.sha256(data).hexdigest()] = (f, k * YEARS_APART)
    return files, originals


def links(settings) -> dict[str, int | None]:
    with db.session_scope(settings) as session:
        rows = session.execute(select(db.Document.filename, db.ActivityLinkRow.activity_id)
                               .join(db.ActivityLinkRow, db.ActivityLinkRow.document_id == db.Document.id,
                                     isouter=True)).all()
    return {name: activity for name, activity in rows}


def run(sets: list[str], copies: int, batch: int, build: int, out: Path, check_full: bool, whole: bool) -> None:
    passes: list[float] = []
    real_pass = service._link_left_behind

    def timed_pass(settings, batch) -> None:
        started = time.process_time()
        if whole:  # the pass as it was before the thirty-first session: every unlinked document
            linking.link_unlinked(settings)
        else:
            real_pass(settings, batch)
        passes.append(time.process_time() - started)

    service._link_left_behind = timed_pass  # type: ignore[assignment]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        files, originals = make_copies(sets, copies, folder)
        settings = load_settings(home=Path(tmp) / "home", environ={})
        settings = dataclasses.replace(settings, ingest=dataclasses.replace(settings.ingest, workers=1,
                                                                            searchable_pdf=False))
        service.prepare(settings)
        pipeline = CopiedPipeline(originals)
        # the archive's earlier years in batches of ``build`` files, the last copy in batches of ``batch``
        last = len(files) - len(files) // copies
        cuts = [*range(0, last, build), *range(last, len(files), batch), len(files)]
        for n, (i, j) in enumerate(zip(cuts, cuts[1:])):
            passes.clear()
            started = time.process_time()
            outcomes = list(service.ingest_paths(settings, files[i:j], processor=pipeline))
            spent = time.process_time() - started
            full, full_linked = None, None
            if check_full and len(files[i:j]) <= batch:  # the whole archive's pass on the same state (as before)
                started = time.process_time()
                full_linked = linking.link_unlinked(settings)
                full = round(time.process_time() - started, 3)
            for outcome in outcomes:
                if outcome.status != "ingested":
                    print(f"  {Path(outcome.file).name}: {outcome.status} {outcome.error_code or ''} {outcome.error or ''}")
            with db.session_scope(settings) as session:
                total = session.scalar(select(func.count(db.Document.id))) or 0
                linked = session.scalar(select(func.count(db.ActivityLinkRow.document_id))) or 0
                acts = session.scalar(select(func.count(db.ActivityRow.id))) or 0
            row = {"batch": n, "files": len(outcomes), "documents": total, "without_link_row": total - linked,
                   "activities": acts, "pass_cpu_s": round(sum(passes), 3), "batch_cpu_s": round(spent, 3),
                   "full_pass_cpu_s": full, "full_pass_linked": full_linked,
                   "links": links(settings)}
            rows.append(row)
            print(f"batch {row['batch']:3d}: {total:5d} documents, {total - linked:4d} without a link row, "
                  f"{acts:4d} activities; pass {row['pass_cpu_s']:7.2f} CPU-s of {spent:7.2f}"
                  + (f"; whole archive's pass after it {full:7.2f} CPU-s, linked {full_linked}" if full is not None
                     else ""), flush=True)
    out.write_text(json.dumps({"sets": sets, "copies": copies, "batch": batch, "build": build, "batches": rows}, indent=1))
    summary(rows)
    print(f"written {out}")


def summary(rows: list[dict]) -> None:
    small = [r for r in rows if r["files"] <= min(x["files"] for x in rows[-3:])] or rows
    print(f"all {len(rows)} batch ends: {sum(r['pass_cpu_s'] for r in rows):.1f} CPU-s; the {len(small)} small "
          f"batches of the last copy ({small[0]['documents']}-{small[-1]['documents']} documents): "
          f"{sum(r['pass_cpu_s'] for r in small) / len(small):.2f} CPU-s per batch end, "
          f"{sum(r['batch_cpu_s'] for r in small) / len(small):.2f} per batch")
    full = [r for r in small if r.get("full_pass_cpu_s") is not None]
    if full:
        print(f"the whole archive's pass on the same states: {sum(r['full_pass_cpu_s'] for r in full) / len(full):.2f} "
              f"CPU-s per batch end; it linked {sum(r['full_pass_linked'] for r in full)} more")


def compare(a: Path, b: Path) -> int:
    first, second = json.loads(a.read_text()), json.loads(b.read_text())
    differ = 0
    for x, y in zip(first["batches"], second["batches"]):
        for name in sorted(set(x["links"]) | set(y["links"])):
            if x["links"].get(name) != y["links"].get(name):
                differ += 1
                print(f"batch {x['batch']}: {name}: {x['links'].get(name)} -> {y['links'].get(name)}")
    print(f"{differ} document links differ after some batch ({len(first['batches'])} batches)")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS))
    parser.add_argument("--copies", type=int, default=6)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--build", type=int, default=250, help="batch size of every copy but the last")
    parser.add_argument("--full", action="store_true",
                        help="after each small batch's end, time the pass over every unlinked document too")
    parser.add_argument("--whole", action="store_true",
                        help="the batch end's pass over every unlinked document (as before), not the bounded one")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "link_pass.json")
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    unknown = [s for s in args.sets.split(",") if s not in SETS]
    if unknown:
        parser.error(f"unknown sets: {unknown}")
    run(args.sets.split(","), args.copies, args.batch, args.build, args.out, args.full, args.whole)
    return 0


if __name__ == "__main__":
    sys.exit(main())
