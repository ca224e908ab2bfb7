"""Our table reader against img2table (issue 15), on the pages of ``bench/tables.py``.

img2table (OpenCV grid and borderless-table detection, Tesseract for the cells) pins
``opencv-contrib-python``, which cannot share a venv with our ``opencv-python-headless`` (both
install the ``cv2`` package), so it runs in its own venv and this script has two halves:

    python3 -m venv .img2table-venv && .img2table-venv/bin/pip install img2table
    .img2table-venv/bin/python bench/tables_img2table.py extract   # img2table only, stdlib beside it
    .venv/bin/python bench/tables_img2table.py score               # our scoring, our venv

``extract`` reads every page ``bench/tables.py`` kept in ``bench/out/tables_pages/`` and the real
files of ``../shared/real/`` whose truth has table rows, runs img2table on each (Tesseract
``ind``, ruled and borderless tables, implicit rows) and writes the rows of all tables found on
the page (a merged cell once) to ``bench/out/img2table.json``.  ``score`` scores those rows with
``bench/tables.py``'s functions and prints them beside our reader's figures from
``bench/out/tables.json``.  img2table's columns have no names, so its cells are scored the way
the real tables are (a truth cell is exact when it equals any cell of the matched row, a printed
date also when given as ISO); our reader is shown both ways (named columns, and unnamed like
img2table).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
PAGES = OUT / "tables_pages"
REAL = REPO.parent / "shared" / "real"
RESULT = OUT / "img2table.json"


def _real_files() -> list[Path]:
    out = []
    for truth_path in sorted(REAL.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if sum(" | " in line for line in truth["text"].splitlines()) < 2:
            continue
        stem = truth_path.name[:-len(".truth.json")]
        out.append(next(p for p in truth_path.parent.glob(f"{stem}.*") if not p.name.endswith(".json")))
    return out


def extract() -> int:
    from img2table.document import PDF, Image
    from img2table.ocr import TesseractOCR

    ocr = TesseractOCR(n_threads=1, lang="ind")
    done = json.loads(RESULT.read_text(encoding="utf-8")) if RESULT.is_file() else {}
    files = [p for p in sorted(PAGES.glob("*")) if not p.name.startswith("hand-")] + \
        (_real_files() if REAL.is_dir() else [])
    for path in files:
        if path.name in done:
            continue
        started = time.perf_counter()
        error = None
        try:
            if path.suffix.lower() == ".pdf":
                doc = PDF(src=str(path), pages=[0], detect_rotation=False, pdf_text_extraction=False)
                tables = doc.extract_tables(ocr=ocr, implicit_rows=True, borderless_tables=True).get(0, [])
            else:
                doc = Image(src=str(path), detect_rotation=False)
                tables = doc.extract_tables(ocr=ocr, implicit_rows=True, borderless_tables=True)
        except TypeError as exc:  # img2table 2.0.0 joins a word Tesseract gave no text (None): the page fails
            tables, error = [], f"{type(exc).__name__}: {exc}"
        rows = []
        for table in tables:
            for cells in table.content.values():
                seen: list[int] = []
                row = []
                for cell in cells:
                    if id(cell) in seen:  # a merged cell repeats over the columns it spans
                        continue
                    seen.append(id(cell))
                    row.append(" ".join((cell.value or "").split()))
                rows.append(row)
        done[path.name] = {"rows": rows, "tables": len(tables), "seconds": round(time.perf_counter() - started, 1),
                           "error": error}
        print(f"{path.name}: {len(tables)} tables, {len(rows)} rows, {done[path.name]['seconds']} s", flush=True)
        RESULT.write_text(json.dumps(done, indent=1), encoding="utf-8")
    return 0


def score() -> int:
    sys.path.insert(0, str(REPO))
    from collections import defaultdict

    from bench import tables as bench
    from samples.tables import table_page

    found = json.loads(RESULT.read_text(encoding="utf-8"))
    ours = json.loads((OUT / "tables.json").read_text(encoding="utf-8"))
    groups: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for item in ours["generated"]:
        name = f"{item['kind']}-{'r' if item['ruled'] else 'u'}-{item['capture']}-{item['seed']}"
        match = [k for k in found if k.startswith(name + ".")]
        if not match:
            continue
        tp = table_page(item["kind"], item["seed"], ruled=item["ruled"])
        cols = bench._columns(item["kind"])
        printed = [{str(i): c for i, (c, col) in enumerate(zip(row, cols)) if c and col} for row in tp.texts]
        rows = [{str(i): c for i, c in enumerate(r) if c} for r in found[match[0]]["rows"]]
        lib = bench.score_reader(printed, rows, named=False)
        for group in ("all generated", item["capture"]):
            groups[group]["img2table"].append(lib)
            groups[group]["ours (named)"].append(item["reader"])
            groups[group]["ours (unnamed)"].append(item.get("reader_unnamed", item["reader"]))
            groups[group]["baseline"].append(item["baseline"])
    truths = {}
    for truth_path in sorted(REAL.glob("*.truth.json")) if REAL.is_dir() else []:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        truths[truth_path.name[:-len(".truth.json")]] = [
            [bench._fold(c) for c in line.split(" | ")] for line in truth["text"].splitlines() if " | " in line]
    for item in ours["real"]:
        if item["file"] not in found:
            continue
        cells = [{str(i): c for i, c in enumerate(r) if c} for r in truths[Path(item["file"]).stem]]
        rows = [{str(i): c for i, c in enumerate(r) if c} for r in found[item["file"]]["rows"]]
        groups["real"]["img2table"].append(bench.score_reader(cells, rows, named=False))
        groups["real"]["ours (named)"].append(item["reader"])
        groups["real"]["ours (unnamed)"].append(item["reader"])
        groups["real"]["baseline"].append(item["baseline"])
    lines = ["| set | reader | cells exact | cell CER | rows complete |", "|---|---|---|---|---|"]
    for group, readers in groups.items():
        for reader, scores in readers.items():
            s = {k: sum(x[k] for x in scores) for k in ("cells", "exact", "chars", "errors", "rows", "complete")}
            lines.append(f"| {group} ({len(scores)} pages) | {reader} | {100 * s['exact'] / max(1, s['cells']):.1f} % | "
                         f"{100 * s['errors'] / max(1, s['chars']):.1f} % | {100 * s['complete'] / max(1, s['rows']):.1f} % |")
    seconds = [v["seconds"] for v in found.values()]
    lines.append("")
    failed = sorted(k for k, v in found.items() if v.get("error"))
    lines.append(f"img2table: {len(found)} pages, {sum(seconds):.0f} s in all ({sum(seconds) / max(1, len(seconds)):.1f} s a page); "
                 f"failed (scored as nothing read): {', '.join(failed) or 'none'}")
    (OUT / "tables_img2table.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("extract", "score"):
        print(__doc__)
        sys.exit(2)
    sys.exit(extract() if sys.argv[1] == "extract" else score())
