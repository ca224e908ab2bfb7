"""Reading of genuine captures: the pipeline against raw Tesseract and OCRmyPDF on ../shared/real/.

    .venv/bin/python bench/real_ocr.py [--jobs 1] [--files d01,d02] [--skip ocrmypdf]

The development set lives outside the repository (``../shared/real/`` beside the checkout: other
people's paper, never copied in); when it is absent the benchmark says so and exits 0.

Three readings of every file, each one file at a time (``--jobs`` files in parallel for all three):
- ``pipeline``: ``ingest.pipeline.ingest_many`` with default ``IngestOptions`` (the code ``burt ocr``
  runs), no derivatives written;
- ``raw``: ``tesseract -l ind`` on the original file; a PDF page is rasterised by pdftoppm at the
  resolution of its embedded image (``pdfimages -list``), so Tesseract sees the pixels that were scanned;
- ``ocrmypdf``: ``ocrmypdf -l ind --rotate-pages --deskew --clean --force-ocr`` (its sidecar text); images
  are given their truth file's ``dpi_estimate``. Skipped, and said so, when OCRmyPDF is not installed
  (``make bench-setup``).

Scoring follows ../shared/real/README.md: NFKC, typographic quotes and dashes folded to ASCII, whitespace
collapsed; CER = Levenshtein distance / truth length; bag-of-words F1 (order free, surrounding
punctuation stripped, case kept). A *garbage line* is an output line with at least one word whose
words are all farther than edit distance 1 from every word of the truth (case folded).
Metadata exactness (nomor, tanggal, perihal, pengirim; whitespace and case folded) is scored for the
pipeline on the documents whose truth has the value.

Beside CER, every column gets a *flexible CER* (``CER~``), scored the same way for all three: the truth's
``|`` cell separators and any ``|`` a reading prints (ruling lines) are folded to spaces, and the truth is
cut into segments (lines, and the cells of a table row) that are aligned to the reading in any order
(``flex_edits``). It separates the transcription convention (a table row written as one line of cells, a
date block written before the number block) from misreadings; the headline CER stays the README's.

Raw and OCRmyPDF texts are cached in ``bench/out/real_ocr/`` by the file's SHA-256 (their output does not
depend on this code); the pipeline always runs. The table goes to ``bench/out/real_ocr.md`` and the per
document figures and texts to ``bench/out/real_ocr.json``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(REPO))

# ../shared/real beside the checkout; a git worktree under <main>/../wt/NAME looks one level higher too.
REAL = next((c for c in (REPO.parent / "shared" / "real", REPO.parent.parent / "shared" / "real") if c.is_dir()),
            REPO.parent / "shared" / "real")
OUT = REPO / "bench" / "out"
CACHE = OUT / "real_ocr"
KIND_ORDER = ("camscanner", "flatbed", "fax_or_copy", "phone_photo", "born_digital_image")
METHODS = ("pipeline", "raw", "ocrmypdf")

# --------------------------------------------------------------------------- scoring

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                       "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                       "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-",
                       "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u00ad": ""})


def normalise(text: str) -> str:
    """NFKC, quotes and dashes folded to ASCII, whitespace (incl. form feeds) collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_FOLD)).strip()


def words(text: str) -> list[str]:
    """Words with their surrounding punctuation stripped; empty ones dropped."""
    stripped = (t.strip(".,:;()[]\"'!?|") for t in normalise(text).split(" "))
    return [w for w in stripped if w]


def score(hyp: str, ref: str) -> dict:
    h, r = normalise(hyp), normalise(ref)
    hb, rb = Counter(words(hyp)), Counter(words(ref))
    return {"char_edits": Levenshtein.distance(h, r), "chars": len(r),
            "flex_edits": flex_edits(hyp, ref), "flex_chars": len(normalise(ref.replace("|", " "))),
            "bow_hit": sum((hb & rb).values()), "bow_hyp": sum(hb.values()), "bow_ref": sum(rb.values())}


_FLEX_SPLIT = 0.2  # a segment aligned with more edits than this share is split in two and each half placed alone


def _segments(ref: str) -> list[str]:
    """The truth's lines and table cells, normalised, longest first."""
    cells = (normalise(cell) for line in ref.splitlines() for cell in line.split("|"))
    return sorted((c for c in cells if c), key=len, reverse=True)


def flex_edits(hyp: str, ref: str) -> int:
    """Edits of an order-free alignment: each truth segment charged against its best window of the reading.

    Greedy, longest segment first; a window once used is taken out of the reading. A segment that aligns
    with more than ``_FLEX_SPLIT`` of its length in edits is cut at its middle word and both halves placed
    alone (a multi-line table cell the reading gives as pieces of several lines). A segment whose best
    window costs its own length counts as lost; what is left of the reading counts as inserted. Greedy
    placement can cost more than reading in order, so the ordered distance (bars folded) bounds it."""
    rest = normalise(hyp.replace("|", " "))
    ordered = Levenshtein.distance(rest, normalise(ref.replace("|", " ")))
    edits = 0
    queue = _segments(ref)
    while queue:
        seg = queue.pop(0)
        if not rest.strip():
            edits += len(seg)
            continue
        found = fuzz.partial_ratio_alignment(seg, rest)
        window = rest[found.dest_start:found.dest_end]
        cost = Levenshtein.distance(seg, window)
        parts = seg.split(" ")
        if cost > _FLEX_SPLIT * len(seg) and len(parts) >= 2:
            half = len(parts) // 2
            queue[:0] = [" ".join(parts[:half]), " ".join(parts[half:])]
            continue
        if cost >= len(seg):
            edits += len(seg)
            continue
        edits += cost
        rest = rest[:found.dest_start] + "\n" + rest[found.dest_end:]
    return min(ordered, edits + len(re.sub(r"\s", "", rest)))


def garbage_lines(hyp: str, ref: str) -> list[str]:
    """Output lines none of whose words is within edit distance 1 of a word of the truth."""
    vocab = {w.casefold() for w in words(ref)}
    by_len: dict[int, list[str]] = defaultdict(list)
    for w in vocab:
        by_len[len(w)].append(w)

    def known(word: str) -> bool:
        if word in vocab:
            return True
        n = len(word)
        return any(Levenshtein.distance(word, v, score_cutoff=1) <= 1
                   for size in (n - 1, n, n + 1) for v in by_len.get(size, ()))

    bad = []
    for line in normalise_lines(hyp):
        line_words = [w.casefold() for w in words(line)]
        if line_words and not any(known(w) for w in line_words):
            bad.append(line)
    return bad


def normalise_lines(text: str) -> list[str]:
    return [l for l in (normalise(l) for l in text.replace("\f", "\n").splitlines()) if l]


def summarise(rows: list[dict]) -> dict:
    total: dict[str, int] = defaultdict(int)
    for row in rows:
        for key, value in row.items():
            if isinstance(value, int):
                total[key] += value
    precision = total["bow_hit"] / max(1, total["bow_hyp"])
    recall = total["bow_hit"] / max(1, total["bow_ref"])
    return {"cer": total["char_edits"] / max(1, total["chars"]),
            "cer_flex": total["flex_edits"] / max(1, total["flex_chars"]),
            "f1": 2 * precision * recall / max(1e-9, precision + recall),
            "garbage_per_page": total["garbage"] / max(1, len(rows)), "docs": len(rows)}


def fold_field(value) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().casefold()


# --------------------------------------------------------------------------- the three readings

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _env() -> dict:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def native_dpi(pdf: Path) -> int:
    """The x-resolution of the largest image on page 1 (pdfimages -list); 300 when it has none.

    Every row of the listing is page 1 (``-f 1 -l 1``); its columns are page, image number, type, width,
    height, ..., x-ppi. (Until 2026-12-06 the rows were filtered on the *image number* being 1, so a page
    with one image, number 0, was rendered at 300 dpi: see ``raw_key``.)
    """
    listing = subprocess.run(["pdfimages", "-f", "1", "-l", "1", "-list", str(pdf)],
                             capture_output=True, text=True, check=True).stdout.splitlines()
    best = (0, 300)
    for line in listing[2:]:
        cols = line.split()
        if len(cols) >= 14 and cols[0] == "1" and cols[2] == "image":
            area = int(cols[3]) * int(cols[4])
            if area > best[0]:
                best = (area, max(50, min(600, round(float(cols[12])))))
    return best[1]


def raw_key(path: Path) -> str:
    """The cache key of raw Tesseract's text: ``raw`` for an image file and a PDF rendered at 300 dpi,
    ``raw<dpi>`` for a PDF rendered at another resolution. The ``raw`` texts cached before native_dpi was
    fixed (2026-12-06) were rendered at what it then returned: 300 dpi for a page with one image, the
    second image's resolution for a page with two; they stay valid for image files and 300 dpi pages."""
    if path.suffix.lower() != ".pdf":
        return "raw"
    dpi = native_dpi(path)
    return "raw" if dpi == 300 else f"raw{dpi}"


def raw_one(path: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        image = path
        if path.suffix.lower() == ".pdf":
            prefix = Path(tmp) / "page"
            subprocess.run(["pdftoppm", "-r", str(native_dpi(path)), "-f", "1", "-l", "1", "-png",
                            str(path), str(prefix)], check=True)
            image = sorted(Path(tmp).glob("page*.png"))[0]
        return subprocess.run(["tesseract", str(image), "-", "-l", "ind"], capture_output=True,
                              text=True, env=_env(), check=True).stdout


def ocrmypdf_binary() -> str | None:
    found = shutil.which("ocrmypdf")
    local = Path(sys.executable).parent / "ocrmypdf"
    return found or (str(local) if local.exists() else None)


def ocrmypdf_one(path: Path, dpi: int) -> str:
    binary = ocrmypdf_binary()
    env = _env()
    env["PATH"] = str(Path(binary).parent) + os.pathsep + env["PATH"]
    with tempfile.TemporaryDirectory() as tmp:
        sidecar = Path(tmp) / "out.txt"
        command = [binary, "-l", "ind", "--rotate-pages", "--deskew", "--clean", "--force-ocr",
                   "--sidecar", str(sidecar), "--jobs", "1", "--quiet", "--output-type", "pdf"]
        if path.suffix.lower() != ".pdf":
            command += ["--image-dpi", str(dpi)]
        command += [str(path), str(Path(tmp) / "out.pdf")]
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            print(f"  ocrmypdf failed on {path.name}: {result.stderr.strip()[-200:]}", file=sys.stderr)
            return ""
        return sidecar.read_text(encoding="utf-8", errors="replace")


def _cache_path(method: str, path: Path) -> Path:
    return CACHE / f"{method}-{sha256(path)[:24]}.txt"


def cached(method: str, path: Path, run) -> str:
    CACHE.mkdir(parents=True, exist_ok=True)
    key = _cache_path(method, path)
    if key.exists():
        return key.read_text(encoding="utf-8")
    text = run()
    key.write_text(text, encoding="utf-8")
    return text


def run_pipeline(entries: list[dict], jobs: int) -> tuple[dict[str, str], dict[str, dict], float]:
    from ingest.errors import BurtError
    from ingest.options import IngestOptions
    from ingest.pipeline import ingest_many

    texts, meta = {}, {}
    started = time.perf_counter()
    stages: dict[str, dict] = {}
    for item, result in ingest_many([(e["path"], None) for e in entries], IngestOptions(workers=jobs)):
        name = item[0].name
        if isinstance(result, BurtError):
            print(f"  pipeline failed on {name}: {result.message}", file=sys.stderr)
            texts[name], meta[name] = "", {}
            continue
        texts[name] = result.text
        stages[name] = {s.stage: s.details for page in result.pages for s in page.steps
                        if s.stage in ("normalise_resolution", "quality_gate")}
        md = result.metadata
        meta[name] = {f: getattr(getattr(md, f, None), "value", None) for f in ("nomor", "tanggal", "perihal", "pengirim")}
        meta[name]["stages"] = stages[name]
        meta[name]["ms"] = {k: round(v) for k, v in result.timings_ms.items()}  # stage totals (noisy: shared machine)
    return texts, meta, time.perf_counter() - started


def run_external(method: str, entries: list[dict], jobs: int) -> tuple[dict[str, str], float]:
    def one(e: dict) -> str:
        if method == "raw":
            return cached(raw_key(e["path"]), e["path"], lambda: raw_one(e["path"]))
        return cached("ocrmypdf", e["path"], lambda: ocrmypdf_one(e["path"], int(e["truth"].get("dpi_estimate") or 300)))

    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        texts = list(pool.map(one, entries))
    return {e["path"].name: t for e, t in zip(entries, texts)}, time.perf_counter() - started


# --------------------------------------------------------------------------- report

def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def markdown(report: dict) -> str:
    methods = report["methods"]
    lines = [f"# Real captures ({report['docs']} documents, {report['when']})", ""]
    if report.get("missing"):
        lines += [f"Not run: {report['missing']}", ""]
    head = "| | docs | " + " | ".join(f"CER {m}" for m in methods) + " | " + \
        " | ".join(f"CER~ {m}" for m in methods) + " | " + \
        " | ".join(f"F1 {m}" for m in methods) + " | " + " | ".join(f"garbage/page {m}" for m in methods) + " |"
    lines += [head, "|" + "---|" * (2 + 4 * len(methods))]
    for group, sums in report["groups"].items():
        cells = [f"**{group}**" if group == "overall" else group, str(sums[methods[0]]["docs"])]
        cells += [_pct(sums[m]["cer"]) for m in methods] + [_pct(sums[m]["cer_flex"]) for m in methods]
        cells += [f"{sums[m]['f1']:.3f}" for m in methods]
        cells += [f"{sums[m]['garbage_per_page']:.2f}" for m in methods]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"Documents where the pipeline's CER is more than 1 point above raw Tesseract: "
              f"{', '.join(report['worse_than_raw']) or 'none'}", ""]
    if report.get("metadata"):
        lines.append("Pipeline metadata exact (whitespace and case folded, on documents whose truth has the value): "
                     + ", ".join(f"{f} {v[0]}/{v[1]}" for f, v in report["metadata"].items()))
        lines.append("")
    lines += ["| doc | kind | dpi | " + " | ".join(f"CER {m}" for m in methods) + " | "
              + " | ".join(f"CER~ {m}" for m in methods) + " | "
              + " | ".join(f"F1 {m}" for m in methods) + " | garbage lines (pipeline) |",
              "|" + "---|" * (4 + 3 * len(methods))]
    for name, doc in report["per_doc"].items():
        cells = [name, doc["kind"], str(doc["dpi"])] + [_pct(doc[m]["cer"]) for m in methods]
        cells += [_pct(doc[m].get("cer_flex", 0.0)) for m in methods]
        cells += [f"{doc[m]['f1']:.3f}" for m in methods] + [str(doc["pipeline"]["garbage"])]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Seconds (shared machine, noisy): " + ", ".join(f"{m} {report['seconds'][m]:.0f}" for m in methods)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1, help="files read at once, for every method")
    parser.add_argument("--files", help="comma-separated stems, e.g. d01,e05")
    parser.add_argument("--skip", default="", help="comma-separated methods to leave out (ocrmypdf, raw; pipeline = only fill the baseline caches)")
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--out", type=Path, default=OUT / "real_ocr.md")
    parser.add_argument("--pipeline-from", type=Path,
                        help="take the pipeline's texts from an earlier run's .json (same code) instead of reading again")
    args = parser.parse_args(argv)
    if not args.real.is_dir():
        print(f"{args.real} is absent: nothing to measure (the real captures are not in the repository).")
        return 0
    wanted = set(args.files.split(",")) if args.files else None
    entries = []
    for truth_path in sorted(args.real.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        path = args.real / truth["file"]
        if (wanted is None or path.stem in wanted) and path.exists():
            entries.append({"path": path, "truth": truth})
    if not entries:
        print("no files selected")
        return 1
    skip = set(filter(None, args.skip.split(",")))
    methods = [m for m in METHODS if m not in skip]
    missing = ""
    if "ocrmypdf" in methods and ocrmypdf_binary() is None:
        if all(_cache_path("ocrmypdf", e["path"]).exists() for e in entries):
            print("OCRmyPDF is not installed; its column comes from the cache in", CACHE)
        else:
            missing = "OCRmyPDF is not installed (make bench-setup); its column is left out."
            print(missing)
            methods.remove("ocrmypdf")

    texts: dict[str, dict[str, str]] = {}
    seconds: dict[str, float] = {}
    meta: dict[str, dict] = {}
    if "pipeline" in methods and args.pipeline_from:
        earlier = json.loads(args.pipeline_from.read_text(encoding="utf-8"))
        texts["pipeline"] = {n: d["text"] for n, d in earlier["per_doc"].items()}
        meta = {n: d.get("metadata", {}) for n, d in earlier["per_doc"].items()}
        seconds["pipeline"] = earlier["seconds"]["pipeline"]
    elif "pipeline" in methods:
        texts["pipeline"], meta, seconds["pipeline"] = run_pipeline(entries, args.jobs)
    for method in methods:
        if method != "pipeline":
            texts[method], seconds[method] = run_external(method, entries, args.jobs)
    if "pipeline" not in methods:  # only filled the caches of the baselines
        print("baseline texts cached in", CACHE)
        return 0

    per_doc: dict[str, dict] = {}
    rows: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    md_hits = {f: [0, 0] for f in ("nomor", "tanggal", "perihal", "pengirim")}
    for e in entries:
        name, truth = e["path"].name, e["truth"]
        doc = {"kind": truth["capture"], "dpi": truth.get("dpi_estimate")}
        for m in methods:
            row = score(texts[m][name], truth["text"])
            bad = garbage_lines(texts[m][name], truth["text"])
            row["garbage"] = len(bad)
            summary = summarise([row])
            doc[m] = {"cer": summary["cer"], "cer_flex": summary["cer_flex"], "f1": summary["f1"], "garbage": len(bad)}
            if m == "pipeline":
                doc["garbage_lines"] = bad
                doc["text"] = texts[m][name]
                doc["metadata"] = meta.get(name, {})
            rows[truth["capture"]][m].append(row)
            rows["overall"][m].append(row)
        for f, hit in md_hits.items():
            if truth.get(f):
                hit[1] += 1
                hit[0] += fold_field(meta.get(name, {}).get(f)) == fold_field(truth[f])
        per_doc[name] = doc
        print(f"{name:10s} {doc['kind']:12s} " + "  ".join(f"{m} {_pct(doc[m]['cer']):>8s}" for m in methods)
              + f"  garbage {doc['pipeline']['garbage']}")
    groups = {g: {m: summarise(rows[g][m]) for m in methods}
              for g in [k for k in KIND_ORDER if k in rows] + ["overall"]}
    worse = [n for n, d in per_doc.items() if "raw" in d and d["pipeline"]["cer"] > d["raw"]["cer"] + 0.01]
    report = {"docs": len(entries), "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
              "methods": methods, "missing": missing, "groups": groups, "worse_than_raw": worse,
              "metadata": md_hits, "per_doc": per_doc, "seconds": seconds}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table = markdown(report)
    args.out.write_text(table, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print()
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
