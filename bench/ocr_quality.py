"""OCR quality benchmark: raw Tesseract vs OCRmyPDF vs the burt ingest pipeline.

One command from a fresh clone (after ``make install`` and ``.venv/bin/pip install -e '.[bench]'``
plus ``unpaper`` for OCRmyPDF's --clean):

    .venv/bin/python bench/ocr_quality.py

It generates a held-out evaluation set (other seed and other texts than tests/samples,
every capture kind), reads it three ways with the same parallelism (``--workers`` files at once,
one Tesseract thread each: raw Tesseract, OCRmyPDF ``--jobs 1``, the pipeline's ``workers``
processes), and reports CER / WER per
capture kind and overall, bag-of-words F1, pages per minute and peak memory (RSS of the
process tree), the share of pipeline time spent in cleanup, ``ind`` vs ``ind+eng``, and
the peak memory of the pipeline on a generated 100-page PDF. Results go to
``bench/out/ocr_quality.json`` and a markdown table to ``bench/out/ocr_quality.md``.
Texts are normalised the same way for every method (whitespace collapsed, case kept).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from ingest import stages  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
# the stage order written once in ingest/stages.py; "write" is the document's writing time
# (page images and the searchable PDF), which the pipeline reports under that name
CLEANUP_STAGES = stages.CLEANUP_NAMES
PAGE_STAGES = stages.PAGE_STAGES + ("write",)


# --------------------------------------------------------------------------- metrics

def normalise(text: str) -> str:
    """Whitespace (incl. form feeds) collapsed to single spaces; case and punctuation kept."""
    return re.sub(r"\s+", " ", text).strip()


def tokens(text: str) -> list[str]:
    return normalise(text).split(" ") if normalise(text) else []


def bag(text: str) -> Counter:
    """Order-free words: surrounding punctuation stripped, empty tokens dropped."""
    words = (t.strip(".,:;()\"'“”‘’!?") for t in tokens(text))
    return Counter(w for w in words if w)


def score(hyp: str, ref: str) -> dict:
    h, r = normalise(hyp), normalise(ref)
    hb, rb = bag(hyp), bag(ref)
    return {"char_edits": Levenshtein.distance(h, r), "chars": len(r),
            "word_edits": Levenshtein.distance(tokens(hyp), tokens(ref)), "words": len(tokens(ref)),
            "bow_hit": sum((hb & rb).values()), "bow_hyp": sum(hb.values()), "bow_ref": sum(rb.values())}


def summarise(rows: list[dict]) -> dict:
    total = defaultdict(int)
    for row in rows:
        for key, value in row.items():
            if isinstance(value, int):
                total[key] += value
    precision = total["bow_hit"] / max(1, total["bow_hyp"])
    recall = total["bow_hit"] / max(1, total["bow_ref"])
    return {"cer": round(total["char_edits"] / max(1, total["chars"]), 4),
            "wer": round(total["word_edits"] / max(1, total["words"]), 4),
            "bow_f1": round(2 * precision * recall / max(1e-9, precision + recall), 4),
            "files": len(rows), "pages": sum(r["pages"] for r in rows)}


# --------------------------------------------------------------------------- memory

def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc (Linux)."""
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree[ppid].append(int(entry))
    return tree


def _pss(pid: int) -> int:
    """Proportional set size: shared pages split between the processes sharing them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return 0
    return 0


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return 0
    return 0


class PeakRss:
    """Polls the summed RSS of a process tree (``root`` and its descendants) in a thread."""

    def __init__(self, root: int | None = None, include_root: bool = True, interval: float = 0.1):
        self.root = root or os.getpid()
        self.include_root = include_root
        self.interval = interval
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _sample(self) -> tuple[int, int]:
        tree = _children()
        pending, pids = list(tree.get(self.root, [])), []
        while pending:
            pid = pending.pop()
            pids.append(pid)
            pending += tree.get(pid, [])
        if self.include_root:
            pids.append(self.root)
        return sum(_rss(pid) for pid in pids), sum(_pss(pid) for pid in pids)

    def _poll(self) -> None:
        while not self._stop.is_set():
            rss, pss = self._sample()
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mb(self) -> float:
        return round(self.peak / 2**20, 1)

    @property
    def pss_mb(self) -> float:
        return round(self.peak_pss / 2**20, 1)


# --------------------------------------------------------------------------- evaluation set

def make_eval_set(folder: Path, seed: int, count: int, kinds: list[str] | None = None) -> list[dict]:
    """Generate (or reuse) the held-out set; one entry per file with its truth."""
    from samples.generate import generate_set  # the sample generator (held-out pools)

    marker = folder / f".complete-{seed}-{count}"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate_set(folder, seed=seed, count=count, held_out=True, kinds=kinds)
        marker.touch()
    entries = []
    for truth_path in sorted(folder.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        entries.append({"path": folder / truth["file"], "kind": truth["capture"], "pages": truth["pages"]})
    return entries


# --------------------------------------------------------------------------- the three methods

def _env() -> dict:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _raw_one(path: Path, tmp: Path) -> str:
    """``tesseract -l ind`` on the unprocessed page(s); PDFs rendered at 300 dpi first."""
    if path.suffix.lower() == ".pdf":
        prefix = tmp / path.stem
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(path), str(prefix)], check=True)
        images = sorted(tmp.glob(path.stem + "*.png"))
    else:
        images = [path]
    texts = []
    for image in images:
        out = subprocess.run(["tesseract", str(image), "-", "-l", "ind"], capture_output=True, text=True,
                             env=_env(), check=True)
        texts.append(out.stdout)
    return "\f".join(texts)


def run_raw(entries: list[dict], workers: int) -> tuple[list[str], float, float]:
    with tempfile.TemporaryDirectory() as tmp, PeakRss(include_root=False) as mem:
        started = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            texts = list(pool.map(lambda e: _raw_one(e["path"], Path(tmp)), entries))
        elapsed = time.perf_counter() - started
    return texts, elapsed, (mem.mb, mem.pss_mb)


def _ocrmypdf_one(path: Path, tmp: Path, jobs: int = 1) -> str:
    sidecar = tmp / (path.name + ".txt")
    command = ["ocrmypdf", "-l", "ind", "--rotate-pages", "--deskew", "--clean", "--force-ocr",
               "--sidecar", str(sidecar), "--jobs", str(jobs), "--quiet", "--output-type", "pdf"]
    if path.suffix.lower() != ".pdf":
        command += ["--image-dpi", "300"]
    command += [str(path), str(tmp / (path.name + ".out.pdf"))]
    result = subprocess.run(command, capture_output=True, text=True, env=_env())
    if result.returncode != 0:
        print(f"  ocrmypdf failed on {path.name}: {result.stderr.strip()[-200:]}", file=sys.stderr)
        return ""
    return sidecar.read_text(encoding="utf-8", errors="replace")


def run_ocrmypdf(entries: list[dict], workers: int) -> tuple[list[str], float, float]:
    """OCRmyPDF with the parallelism of the other two methods: ``workers`` files at once, each
    ``--jobs 1`` (most files have one page, so one file at a time with ``--jobs N`` left cores idle)."""
    ocrmypdf = shutil.which("ocrmypdf") or str(Path(sys.executable).parent / "ocrmypdf")
    os.environ["PATH"] = str(Path(ocrmypdf).parent) + os.pathsep + os.environ["PATH"]
    with tempfile.TemporaryDirectory() as tmp, PeakRss(include_root=False) as mem:
        started = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            texts = list(pool.map(lambda e: _ocrmypdf_one(e["path"], Path(tmp)), entries))
        elapsed = time.perf_counter() - started
    return texts, elapsed, (mem.mb, mem.pss_mb)


def run_ocrmypdf_serial(entries: list[dict], workers: int) -> tuple[list[str], float, float]:
    """How earlier reports ran OCRmyPDF: one file at a time with ``--jobs workers`` (for comparison only)."""
    ocrmypdf = shutil.which("ocrmypdf") or str(Path(sys.executable).parent / "ocrmypdf")
    os.environ["PATH"] = str(Path(ocrmypdf).parent) + os.pathsep + os.environ["PATH"]
    with tempfile.TemporaryDirectory() as tmp, PeakRss(include_root=False) as mem:
        started = time.perf_counter()
        texts = [_ocrmypdf_one(e["path"], Path(tmp), workers) for e in entries]
        elapsed = time.perf_counter() - started
    return texts, elapsed, (mem.mb, mem.pss_mb)


def run_pipeline(entries: list[dict], options: IngestOptions) -> tuple[list[str], float, float, dict]:
    """The burt pipeline through ``ingest_many`` (derivatives written, as in production)."""
    from ingest.errors import BurtError
    from ingest.pipeline import ingest_many

    timings: dict[str, float] = defaultdict(float)
    texts: dict[str, str] = {}
    extra: dict[str, list] = {"rotation_ok": [], "flags": {}}
    with tempfile.TemporaryDirectory() as tmp, PeakRss(include_root=True) as mem:
        items = [(e["path"], Path(tmp) / e["path"].name) for e in entries]
        started = time.perf_counter()
        for item, result in ingest_many(items, options):
            if isinstance(result, BurtError):
                print(f"  pipeline failed on {item[0].name}: {result.message}", file=sys.stderr)
                texts[str(item[0])] = ""
                continue
            texts[str(item[0])] = result.text
            for stage, ms in result.timings_ms.items():
                timings[stage] += ms
            extra["flags"][item[0].name] = list(result.flags)
        elapsed = time.perf_counter() - started
    return [texts[str(e["path"])] for e in entries], elapsed, (mem.mb, mem.pss_mb), dict(timings)


# --------------------------------------------------------------------------- 100-page PDF

def make_long_pdf(path: Path, pages: int, seed: int) -> None:
    """A ``pages``-page image-only PDF at 300 dpi built from a few generated documents."""
    import random

    from pypdf import PdfReader, PdfWriter

    from samples.generate import make_document, render_pages

    distinct = []
    for i, doc_type in enumerate(("undangan_sosialisasi", "laporan_pendampingan", "nota_kesepahaman")):
        spec = make_document(doc_type, random.Random(f"long-{seed}-{i}"), held_out=True)
        distinct += [im.convert("L") for im in render_pages(spec)]
    seedpdf = path.with_suffix(".seed.pdf")
    distinct[0].save(seedpdf, "PDF", save_all=True, append_images=distinct[1:], resolution=300.0)
    del distinct
    reader = PdfReader(str(seedpdf))
    writer = PdfWriter()
    for n in range(pages):
        writer.add_page(reader.pages[n % len(reader.pages)])
    with path.open("wb") as fh:
        writer.write(fh)
    seedpdf.unlink()


def measure_long_pdf(pages: int, seed: int, workers: int) -> dict:
    """Peak RSS of a separate process ingesting a ``pages``-page PDF with derivatives."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "long.pdf"
        make_long_pdf(pdf, pages, seed)
        code = ("import sys, time; from pathlib import Path; from ingest.options import IngestOptions; "
                "from ingest.pipeline import ingest_file; t=time.perf_counter(); "
                f"r=ingest_file(Path(sys.argv[1]), IngestOptions(workers={workers}), out_dir=Path(sys.argv[2])); "
                "print(len(r.pages), time.perf_counter()-t)")
        proc = subprocess.Popen([sys.executable, "-c", code, str(pdf), str(Path(tmp) / "out")],
                                stdout=subprocess.PIPE, text=True, cwd=str(Path(__file__).resolve().parent.parent))
        with PeakRss(root=proc.pid, include_root=True) as mem:
            stdout, _ = proc.communicate()
        done, seconds = stdout.split()
        return {"pages": int(done), "seconds": round(float(seconds), 1), "peak_rss_mb": mem.mb,
                "peak_pss_mb": mem.pss_mb,
                "pdf_mb": round(pdf.stat().st_size / 2**20, 1)}


# --------------------------------------------------------------------------- report

def evaluate(entries: list[dict], texts: list[str]) -> dict:
    rows_by_kind: dict[str, list] = defaultdict(list)
    rows = []
    for entry, text in zip(entries, texts):
        row = {**score(text, "\n".join(entry["pages"])), "pages": len(entry["pages"]), "file": entry["path"].name}
        rows.append(row)
        rows_by_kind[entry["kind"]].append(row)
    return {"overall": summarise(rows), "by_kind": {k: summarise(v) for k, v in sorted(rows_by_kind.items())},
            "files": {r["file"]: round(r["char_edits"] / max(1, r["chars"]), 4) for r in rows}}


def markdown(report: dict) -> str:
    methods = [m for m in ("raw_tesseract", "ocrmypdf", "ocrmypdf_one_at_a_time", "pipeline", "pipeline_ind_eng")
               if m in report["methods"]]
    head = "| capture kind | pages | " + " | ".join(f"{m} CER / WER" for m in methods) + " |"
    lines = [head, "|" + "---|" * (2 + len(methods))]
    first = report["methods"][methods[0]]
    kinds = sorted(first["by_kind"])
    for kind in kinds + ["overall"]:
        cells = []
        for m in methods:
            s = report["methods"][m]["overall"] if kind == "overall" else report["methods"][m]["by_kind"][kind]
            cells.append(f"{s['cer'] * 100:.1f} % / {s['wer'] * 100:.1f} %")
        pages = (first["overall"] if kind == "overall" else first["by_kind"][kind])["pages"]
        lines.append(f"| {'**overall**' if kind == 'overall' else kind} | {pages} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| method | BoW F1 | pages/min | peak summed RSS / PSS (MB) |")
    lines.append("|---|---|---|---|")
    for m in methods:
        s = report["methods"][m]
        lines.append(f"| {m} | {s['overall']['bow_f1']:.3f} | {s['pages_per_minute']:.1f} | "
                     f"{s['peak_rss_mb']:.0f} / {s.get('peak_pss_mb', 0):.0f} |")
    p = report["methods"].get("pipeline")
    lines.append("")
    if p:
        lines.append(f"Cleanup share of pipeline page time: {p['cleanup_share'] * 100:.1f} %. "
                     f"Stage totals (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in p["stage_ms"].items()))
    if "long_pdf" in report:
        lp = report["long_pdf"]
        lines.append(f"\n{lp['pages']}-page PDF ({lp['pdf_mb']} MB): peak summed RSS {lp['peak_rss_mb']:.0f} MB, "
                     f"peak summed PSS {lp.get('peak_pss_mb', 0):.0f} MB, {lp['seconds']:.0f} s.")
    return "\n".join(lines) + "\n"


def _previous(path: Path, report: dict) -> dict:
    """Methods of an earlier report on the same evaluation set (for --reuse-baselines)."""
    if not path.exists():
        return {}
    old = json.loads(path.read_text(encoding="utf-8"))
    same = all(old.get(k) == report[k] for k in ("seed", "files", "pages"))
    return old.get("methods", {}) if same else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=4242, help="evaluation set seed (held-out pools)")
    parser.add_argument("--count", type=int, default=27, help="documents in the evaluation set (3 per capture kind)")
    parser.add_argument("--kinds", default="",
                        help="comma-separated capture kinds only (default: every kind in turn)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--skip", default="", help="comma-separated: raw,ocrmypdf,pipeline,ind_eng,long")
    parser.add_argument("--long-pages", type=int, default=100)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--reuse", default="",
                        help="comma-separated methods (raw_tesseract,ocrmypdf) to take from the last run on the same set")
    parser.add_argument("--ocrmypdf-serial", action="store_true",
                        help="also OCRmyPDF as earlier reports ran it: one file at a time, --jobs WORKERS")
    parser.add_argument("--only-long", action="store_true",
                        help="only the 100-page PDF memory step (no evaluation set; the last report is kept)")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    if args.only_long:
        print(f"long pdf: {measure_long_pdf(args.long_pages, args.seed, args.workers)}")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    kinds = [k for k in args.kinds.split(",") if k] or None
    set_name = f"evalset-{args.seed}" + (f"-{'-'.join(kinds)}" if kinds else "")
    entries = make_eval_set(args.out / set_name, args.seed, args.count, kinds)
    pages = sum(len(e["pages"]) for e in entries)
    print(f"evaluation set: {len(entries)} files, {pages} pages, kinds: {sorted({e['kind'] for e in entries})}")
    report: dict = {"seed": args.seed, "kinds": kinds or "all", "files": len(entries), "pages": pages, "workers": args.workers,
                    "cpu_count": os.cpu_count(), "methods": {}}

    def save() -> None:
        (args.out / "ocr_quality.json").write_text(json.dumps(report, indent=1, ensure_ascii=False),
                                                   encoding="utf-8")

    def record(name: str, texts: list[str], elapsed: float, peak: tuple[float, float], **more) -> None:
        result = evaluate(entries, texts)
        result.update(seconds=round(elapsed, 1), pages_per_minute=round(pages / elapsed * 60, 1),
                      peak_rss_mb=peak[0], peak_pss_mb=peak[1], **more)
        report["methods"][name] = result
        save()  # partial results survive an interrupted run
        print(f"{name}: CER {result['overall']['cer']:.4f} WER {result['overall']['wer']:.4f} "
              f"F1 {result['overall']['bow_f1']:.4f} {result['pages_per_minute']} pages/min peak {peak} MB (RSS, PSS)")

    reuse = set(filter(None, args.reuse.split(",")))
    previous = {k: v for k, v in _previous(args.out / "ocr_quality.json", report).items() if k in reuse}
    if previous:
        print(f"reusing figures of {', '.join(sorted(previous))} from the last run")
    if "raw_tesseract" in previous:
        report["methods"]["raw_tesseract"] = previous["raw_tesseract"]
    elif "raw" not in skip:
        record("raw_tesseract", *run_raw(entries, args.workers))
    if "ocrmypdf" in previous:
        report["methods"]["ocrmypdf"] = previous["ocrmypdf"]
    elif "ocrmypdf" not in skip:
        record("ocrmypdf", *run_ocrmypdf(entries, args.workers))
    if args.ocrmypdf_serial:
        record("ocrmypdf_one_at_a_time", *run_ocrmypdf_serial(entries, args.workers))
    for name, languages in (("pipeline", "ind"), ("pipeline_ind_eng", "ind+eng")):
        if (name == "pipeline_ind_eng" and "ind_eng" in skip) or (name == "pipeline" and "pipeline" in skip):
            continue
        texts, elapsed, peak, stage_ms = run_pipeline(entries, IngestOptions(workers=args.workers,
                                                                             languages=languages))
        page_ms = sum(v for k, v in stage_ms.items() if k in PAGE_STAGES)
        cleanup_ms = sum(v for k, v in stage_ms.items() if k in CLEANUP_STAGES)
        record(name, texts, elapsed, peak, cleanup_share=round(cleanup_ms / max(1.0, page_ms), 4),
               stage_ms={k: round(v) for k, v in stage_ms.items()})
    if "long" not in skip:
        report["long_pdf"] = measure_long_pdf(args.long_pages, args.seed, args.workers)
        print(f"long pdf: {report['long_pdf']}")
    save()
    table = markdown(report)
    (args.out / "ocr_quality.md").write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
