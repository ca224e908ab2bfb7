"""Tables read as data (issue 15): the row readers against plain page OCR split into lines.

    .venv/bin/python bench/tables.py [--seeds 1] [--kinds buku,hadir,jadwal,agenda]
                                     [--captures clean_scan,flatbed_skew,camscanner_pdf,phone_photo] [--skip-real]

Generated pages (``samples/tables.py``): a daftar judul buku, a daftar hadir, a jadwal and a buku
agenda page, each ruled and unruled, in each capture kind (``samples/capture.py``), through the real
pipeline (``ingest.pipeline.ingest_file``, default options).  Then:

- **reader**: ``archive.table_read.read_page`` (the kind from the header words, the generated kind
  breaking a tie) or ``archive.agenda_table.read_rows`` (agenda) on the page's OCR words — the rows
  the archive stores;
- **baseline**: the page's plain OCR text split into lines, each truth row matched to its most
  similar line (rapidfuzz); a cell counts as read when its printed text is in that line.

Scores over every truth cell (dates compared as ISO for the reader, as printed for the baseline):
*cell exact* = share of cells read exactly (whitespace folded); *cell CER* = Levenshtein distance
over truth length (the reader's cell in its matched row, empty when missing; the baseline's best
aligned stretch of the line); *rows complete* = share of truth rows with every cell exact.  Truth
rows are matched to read rows greedily by similarity of their joined text, each read row once.

Real tables: every file of ``../shared/real/`` whose truth text has table rows (`` | ``-separated
cells; other people's paper, read in place, never copied) is read the same way; its columns have no
names, so a truth cell counts as exact when it equals any cell of the matched read row (a cell
holding one date, beside at most a day's name, when its ISO date is one).  The reader
takes the kind from the header words it finds (the agenda among the kinds), else reads the plain
grid; beside it (``most_rows`` in the JSON, "forced" on stdout) each kind forced on the page, the one
giving most rows kept (how the figures before the kind came from the header were taken).  Absent
folder: said so, skipped.

Output: a table on stdout and in ``bench/out/tables.md``, per page figures in ``bench/out/tables.json``.
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(REPO))

from archive.agenda_table import read_rows  # noqa: E402
from archive.table_read import REVIEW_HAND, detect_kind, lines_of, read_page, read_table, tokens_of  # noqa: E402
from ingest import pipeline  # noqa: E402
from ingest.dates import find_dates  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402
from samples.capture import capture  # noqa: E402
from samples.tables import table_page  # noqa: E402

# the shared captures sit beside the checkout (/work/main) or one level up (/work/wt6/NAME)
REAL = next((p for p in (REPO.parent / "shared" / "real", REPO.parent.parent / "shared" / "real") if p.is_dir()),
            REPO.parent / "shared" / "real")
OUT = REPO / "bench" / "out"
PAGES = OUT / "tables_pages"  # the generated pages as captured (the img2table comparison reads them)
CAPTURES = ("clean_scan", "flatbed_skew", "camscanner_pdf", "phone_photo")


def _fold(text: str) -> str:
    return " ".join((text or "").split())


def _read(words: list[dict], kind: str) -> list[dict[str, str]]:
    """The rows the archive stores for a page of a document whose type holds ``kind``: the agenda's
    register rows, else ``read_page`` (the kind from the header words, ``kind`` breaking a tie)."""
    if kind == "agenda":
        return [dict(r.cells) for r in read_rows(words) if r.cells]
    return [dict(r.cells) for r in read_page(words, hint=kind).rows]


def _read_as(words: list[dict], kind: str) -> list[dict[str, str]]:
    """The rows of ``kind`` forced on the page (the reader before the kind came from the header)."""
    if kind == "agenda":
        return _read(words, kind)
    return [dict(r.cells) for r in read_table(words, kind).rows]


def _read_auto(words: list[dict]) -> tuple[str, list[dict[str, str]]]:
    """A page of unknown type: the kind whose header the page shows (the agenda among them), else
    the plain grid of rows and columns.  A kind's table comes with its header's cells as read
    (``TableRead.header``) as its first row: the truth of a real table counts its header as a row
    (the plain grid's header line is one of its rows already)."""
    found = detect_kind(lines_of(tokens_of(words)), ("buku", "hadir", "jadwal", "agenda"))
    if found is not None and found[0] == "agenda":
        return "agenda", _read(words, "agenda")
    read = read_page(words)
    header = [{f"header_{k}": label for k, label in enumerate(read.header)}] if read.header else []
    return read.kind, header + [dict(r.cells) for r in read.rows]


def _match(truth: list[str], found: list[str]) -> list[int | None]:
    """Greedy: each truth row gets the most similar unused found row (by joined text)."""
    pairs = sorted(((fuzz.ratio(t, f), i, j) for i, t in enumerate(truth) for j, f in enumerate(found)), reverse=True)
    out: list[int | None] = [None] * len(truth)
    used: set[int] = set()
    for score, i, j in pairs:
        if out[i] is None and j not in used and score > 30:
            out[i], _ = j, used.add(j)
    return out


def score_reader(truth: list[dict[str, str]], rows: list[dict[str, str]], named: bool = True) -> dict:
    keys = [" ".join(t.values()) for t in truth]
    found = [" ".join(r.values()) for r in rows]
    exact = cells = errors = chars = complete = 0
    for t, j in zip(truth, _match(keys, found)):
        row = rows[j] if j is not None else {}
        whole = True
        for col, value in t.items():
            value = _fold(value)
            if named:
                got = _fold(row.get(col, ""))
            else:  # columns without names: the read cell closest to this one
                options = [_fold(v) for v in row.values()] or [""]
                got = min(options, key=lambda o: Levenshtein.distance(value, o))
                iso = _date_only(value)
                if iso is not None and iso in options:
                    got = value  # a printed date the reader gives as ISO, as on the generated pages
            cells += 1
            chars += len(value)
            errors += Levenshtein.distance(value, got)
            if got == value:
                exact += 1
            else:
                whole = False
        complete += whole
    return {"cells": cells, "exact": exact, "chars": chars, "errors": errors, "rows": len(truth),
            "complete": complete}


def _date_only(text: str) -> str | None:
    """The ISO date of a cell that holds one date and, beside it, at most a day's name."""
    hits = find_dates(text)
    if len(hits) != 1:
        return None
    rest = (text[:hits[0].start] + text[hits[0].end:]).strip(" ,/")
    return hits[0].iso if len(rest.split()) <= 1 else None


def score_baseline(printed: list[list[str]], text: str) -> dict:
    lines = [_fold(line) for line in text.splitlines() if line.strip()]
    keys = [_fold(" ".join(c for c in row if c)) for row in printed]
    exact = cells = errors = chars = complete = 0
    for row, j in zip(printed, _match(keys, lines)):
        line = lines[j] if j is not None else ""
        whole = True
        for value in (_fold(c) for c in row if c):
            cells += 1
            chars += len(value)
            if value in line:
                exact += 1
                continue
            whole = False
            if line:
                a = fuzz.partial_ratio_alignment(value, line)
                errors += Levenshtein.distance(value, line[a.dest_start:a.dest_end]) if a else len(value)
            else:
                errors += len(value)
        complete += whole
    return {"cells": cells, "exact": exact, "chars": chars, "errors": errors, "rows": len(printed),
            "complete": complete}


def _ocr(path: Path) -> tuple[list[dict], str, float]:
    """The pipeline's words and text of page 1, cached in ``bench/out/tables_cache/`` by the file's
    SHA-256 and the pipeline's source (re-scoring the readers needs no new OCR)."""
    key = hashlib.sha256(path.read_bytes() + _pipeline_stamp()).hexdigest()[:24]
    cached = OUT / "tables_cache" / f"{key}.json"
    if cached.is_file():
        data = json.loads(cached.read_text(encoding="utf-8"))
        return data["words"], data["text"], data["seconds"]
    started = time.perf_counter()
    result = pipeline.ingest_file(path, IngestOptions())
    page = result.pages[0]
    words, text, seconds = [w.to_json() for w in page.words], page.text, time.perf_counter() - started
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps({"words": words, "text": text, "seconds": seconds}), encoding="utf-8")
    return words, text, seconds


@functools.cache
def _pipeline_stamp() -> bytes:
    """The ingest sources as the run found them at its first page: a file edited during a run
    (the readings come from the code imported at the start) must not label new code's cache."""
    return b"".join(p.read_bytes() for p in sorted((REPO / "ingest").glob("*.py")))


def generated(kinds: list[str], captures: list[str], seeds: int) -> list[dict]:
    out = []
    PAGES.mkdir(parents=True, exist_ok=True)
    for kind in kinds:
        for ruled in (True, False):
            for cap in captures:
                for seed in range(seeds):
                    tp = table_page(kind, seed, ruled=ruled)
                    c = capture([tp.image], cap, random.Random(f"{kind}-{ruled}-{cap}-{seed}"))
                    path = PAGES / f"{kind}-{'r' if ruled else 'u'}-{cap}-{seed}.{c.ext}"
                    path.write_bytes(c.files[0])
                    words, text, seconds = _ocr(path)
                    rows = _read(words, kind)
                    printed = [[c2 for c2, col in zip(row, _columns(kind)) if col] for row in tp.texts]
                    item = {"kind": kind, "ruled": ruled, "capture": cap, "seed": seed, "seconds": round(seconds, 1),
                            "reader": score_reader(tp.rows, rows),
                            "reader_unnamed": score_reader(tp.rows, rows, named=False),
                            "baseline": score_baseline(printed, text)}
                    out.append(item)
                    print(f"  {kind:6} {'ruled' if ruled else 'unruled':7} {cap:14} "
                          f"reader {_pct(item['reader'])}  baseline {_pct(item['baseline'])}", flush=True)
    return out


def _read_reviewed(words: list[dict], kind: str) -> list[tuple[dict[str, str], tuple[str, ...]]]:
    """``_read``'s rows with each row's review notes."""
    if kind == "agenda":
        return [(dict(r.cells), r.review) for r in read_rows(words) if r.cells or r.review]
    return [(dict(r.cells), r.review) for r in read_page(words, hint=kind).rows]


def handwritten(kinds: list[str], captures: list[str], seeds: list[int], per_page: int = 3) -> list[dict]:
    """Ruled pages with ``per_page`` cells written by hand (``samples.tables.draw_handwriting``):
    how many of those the reader flags "to be keyed in" and leaves empty, how many it fills with a
    guess, how many it leaves empty under another review note (a pen "A" read in a number column:
    "not a number"; not counted as flagged), and how many printed cells it flags wrongly."""
    out = []
    for kind in kinds:
        for cap in captures:
            for seed in seeds:
                tp = table_page(kind, f"hand-{seed}", ruled=True, handwritten=per_page)
                c = capture([tp.image], cap, random.Random(f"hand-{kind}-{cap}-{seed}"))
                path = PAGES / f"hand-{kind}-{cap}-{seed}.{c.ext}"
                path.write_bytes(c.files[0])
                words, _, _ = _ocr(path)
                read = _read_reviewed(words, kind)
                full = [dict(row) for row in tp.rows]
                for r, col in tp.hand:
                    full[r][col] = "\u270d"  # the handwritten cell's place in the row's text
                order = [str(col) for col in _columns(kind) if col]
                match = _match([_hand_text(t, (), order) for t in full], [_hand_text(cells, review, order) for cells, review in read])
                item = {"kind": kind, "capture": cap, "seed": seed, "hand": len(tp.hand), "flagged": 0, "guessed": 0,
                        "other_note": 0, "missed_row": 0, "printed": 0, "false_flags": 0}
                for r, col in tp.hand:
                    j = match[r]
                    if j is None:
                        item["missed_row"] += 1
                        continue
                    cells, review = read[j]
                    if col in cells:
                        item["guessed"] += 1
                    elif REVIEW_HAND % {"column": col} in review:
                        item["flagged"] += 1
                    elif any(col in note for note in review):
                        item["other_note"] += 1  # left empty under another review note (not counted as flagged)
                for r, truth in enumerate(tp.rows):
                    j = match[r]
                    for col in truth:
                        item["printed"] += 1
                        if j is not None and REVIEW_HAND % {"column": col} in read[j][1]:
                            item["false_flags"] += 1
                out.append(item)
                print(f"  hand {kind:6} {cap:14} flagged {item['flagged']}/{item['hand']}, guessed {item['guessed']}, "
                      f"false flags {item['false_flags']}/{item['printed']}", flush=True)
    return out


def _hand_text(cells: dict[str, str], review: tuple[str, ...], order: list[str]) -> str:
    """A read row's text for matching it to a truth row: its cells in the kind's order, a cell it
    flagged as handwriting standing as "\u270d" in its place, as in the truth row (a row whose
    only printed cell was left unsure, its other cells all pen, is found, not lost)."""
    parts = [cells[col] if col in cells else "\u270d" if REVIEW_HAND % {"column": col} in review else ""
             for col in order]
    parts += [v for col, v in cells.items() if col not in order]
    return " ".join(p for p in parts if p)


def _columns(kind: str):
    from samples.tables import COLUMNS

    return COLUMNS[kind]


def real() -> list[dict]:
    if not REAL.is_dir():
        print(f"({REAL} absent: real tables skipped)")
        return []
    out = []
    for truth_path in sorted(REAL.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        rows = [[_fold(c) for c in line.split(" | ")] for line in truth["text"].splitlines() if " | " in line]
        if len(rows) < 2:
            continue
        stem = truth_path.name[:-len(".truth.json")]
        path = next(p for p in truth_path.parent.glob(f"{stem}.*") if not p.name.endswith(".json"))
        words, text, seconds = _ocr(path)
        readings = {k: _read_as(words, k) for k in ("buku", "hadir", "jadwal", "agenda")}
        most = max(readings, key=lambda k: len(readings[k]))
        kind, found = _read_auto(words)
        cells = [{str(i): c for i, c in enumerate(r) if c} for r in rows]
        item = {"file": path.name, "capture": truth.get("capture"), "rows": len(rows), "kind": kind,
                "read_rows": len(found), "seconds": round(seconds, 1),
                "reader": score_reader(cells, found, named=False), "baseline": score_baseline(rows, text),
                "most_rows_kind": most, "most_rows": score_reader(cells, readings[most], named=False)}
        out.append(item)
        print(f"  {path.name:10} {item['capture']:12} rows {len(rows):2} read as {kind} ({item['read_rows']} rows)  "
              f"reader {_pct(item['reader'])}  baseline {_pct(item['baseline'])}  "
              f"(forced {most}: {_pct(item['most_rows'])})", flush=True)
    return out


def _pct(s: dict) -> str:
    return (f"exact {100 * s['exact'] / max(1, s['cells']):5.1f}%  CER {100 * s['errors'] / max(1, s['chars']):5.1f}%  "
            f"rows {100 * s['complete'] / max(1, s['rows']):5.1f}%")


def _sum(items: list[dict], key: str) -> dict:
    total: dict = defaultdict(int)
    for it in items:
        for k, v in it[key].items():
            total[k] += v
    return dict(total)


def table(items: list[dict], group) -> list[str]:
    groups: dict = defaultdict(list)
    for it in items:
        groups[group(it)].append(it)
    lines = ["| group | pages | cells | reader exact | reader CER | reader rows | baseline exact | baseline CER | "
             "baseline rows |", "|---|---|---|---|---|---|---|---|---|"]
    for name, its in sorted(groups.items()):
        r, b = _sum(its, "reader"), _sum(its, "baseline")
        lines.append(f"| {name} | {len(its)} | {r['cells']} | {100 * r['exact'] / max(1, r['cells']):.1f}% | "
                     f"{100 * r['errors'] / max(1, r['chars']):.1f}% | {100 * r['complete'] / max(1, r['rows']):.1f}% | "
                     f"{100 * b['exact'] / max(1, b['cells']):.1f}% | {100 * b['errors'] / max(1, b['chars']):.1f}% | "
                     f"{100 * b['complete'] / max(1, b['rows']):.1f}% |")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--kinds", default="buku,hadir,jadwal,agenda")
    ap.add_argument("--captures", default=",".join(CAPTURES))
    ap.add_argument("--skip-real", action="store_true")
    ap.add_argument("--skip-hand", action="store_true", help="leave out the handwritten-cell pages")
    ap.add_argument("--hand-seeds", default="0",
                    help="seeds of the handwritten-cell pages, comma-separated (0 tunes; report another held out)")
    args = ap.parse_args(argv)
    items = generated(args.kinds.split(","), args.captures.split(","), args.seeds)
    hands = [] if args.skip_hand else handwritten(args.kinds.split(","), args.captures.split(","),
                                                   [int(s) for s in args.hand_seeds.split(",")])
    reals = [] if args.skip_real else real()
    md = ["## Generated tables, by kind and ruling", ""] + \
        table(items, lambda it: f"{it['kind']} {'ruled' if it['ruled'] else 'unruled'}") + \
        ["", "## Generated tables, by capture", ""] + table(items, lambda it: it["capture"]) + \
        ["", "## Generated tables, by capture and seed", ""] + table(items, lambda it: f"{it['capture']} seed {it['seed']}") + \
        ["", "## All generated", ""] + table(items, lambda it: "all")
    if hands:
        md += ["", "## Handwritten cells (ruled pages, 3 cells each written by hand)", "",
               "| capture, seed | pages | handwritten cells | flagged, left empty | guessed | empty, other note | row lost | "
               "printed cells | printed flagged |", "|---|---|---|---|---|---|---|---|---|"]
        by: dict = defaultdict(list)
        for it in hands:
            by[f"{it['capture']} seed {it['seed']}"].append(it)
            by[f"all seed {it['seed']}"].append(it)
        for name, its in by.items():
            t = {k: sum(i.get(k, 0) for i in its) for k in ("hand", "flagged", "guessed", "other_note", "missed_row",
                                                           "printed", "false_flags")}
            md.append(f"| {name} | {len(its)} | {t['hand']} | {t['flagged']} ({100 * t['flagged'] / max(1, t['hand']):.1f}%) | "
                      f"{t['guessed']} | {t['other_note']} | {t['missed_row']} | {t['printed']} | "
                      f"{t['false_flags']} ({100 * t['false_flags'] / max(1, t['printed']):.1f}%) |")
    if reals:
        md += ["", "## Real tables (../shared/real/, columns unnamed)", ""] + table(reals, lambda it: it["file"]) + \
            table(reals, lambda it: "all real")[2:]
        forced = [{**it, "reader": it["most_rows"]} for it in reals]
        md += ["", "Each kind forced, the one giving most rows kept:", ""] + table(forced, lambda it: "all real, forced")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "tables.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    (OUT / "tables.json").write_text(json.dumps({"generated": items, "real": reals, "handwritten": hands}, indent=1), encoding="utf-8")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
