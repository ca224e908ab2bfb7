"""CPU-seconds per page stage, Tesseract included, on a folder of documents (issue 13, speed).

    PYTHONPATH=$PWD .venv/bin/python bench/page_cpu.py bench/out/ingest_set-16016-28-harder-*/docs
    PYTHONPATH=$PWD .venv/bin/python bench/page_cpu.py DOCS --json bench/out/page_cpu.json

Runs each page the way a pool worker does (``pipeline.process_page``: load, the cleanup stages of
``stages.CLEANUP``, the reading, the quality gate, table cells, the field re-reader, writing the page
image and thumbnail), in this process with one library thread, and charges every step with the user+system
CPU it took in this process plus in the Tesseract processes it ran and waited for
(``RUSAGE_SELF`` + ``RUSAGE_CHILDREN``): a figure the machine's load does not change, unlike the stages'
own wall-clock records. The document-level work (metadata, classification, the searchable PDF, the
database and the search index) is not in it; ``bench/ingest_workers.py`` measures the whole CLI.
Also prints, per page, what the quality gate and the field re-reader did (their records' details), so
where the extra Tesseract passes go can be seen page by page.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing_util import SUFFIXES  # noqa: E402


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# the functions a Tesseract call passes through on its way to the engine, left out of the name of the reader
_PLUMBING = frozenset({"_image_data", "read_tsv", "_call", "read_crop", "read_crops", "read", "counted", "charged",
                       "run_tesseract", "image_to_data", "image_to_pdf_or_hocr", "run_and_get_output",
                       "run_and_get_multiple_output", "_read_band", "__call__", "<listcomp>", "<genexpr>",
                       "run_page", "_run_page", "wrapper", "binarisations"})


def _reader() -> str:
    """The reader a Tesseract call is made for: the chain of the pipeline's functions above it (``ingest``'s and
    ``_run_page``'s frames, plumbing left out), outermost first, at most three names."""
    names: list[str] = []
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        where = Path(code.co_filename)
        if code.co_name == "_run_page":
            break
        if (where.parent.name == "ingest") and code.co_name not in _PLUMBING:
            if not names or names[-1] != code.co_name:
                names.append(code.co_name)
        frame = frame.f_back
    return ">".join(reversed(names[-3:])) or "?"


class Meter:
    """Charges each call made through it to a name, with the Tesseract processes it started; with ``readings``,
    also every Tesseract reading (the in-process engine, the command, the lattice's hOCR run) to the reader that
    asked for it (``_reader``): CPU-s and count per reader."""

    def __init__(self, readings: bool = False) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.readers: dict[str, float] = defaultdict(float)
        self.reads: dict[str, int] = defaultdict(int)
        self._started = 0
        self._inside = False
        import pytesseract.pytesseract as engine

        run = engine.run_tesseract

        def counted(*args, **kwargs):
            self._started += 1
            return run(*args, **kwargs)

        engine.run_tesseract = counted
        if readings:
            import ingest.ocr as ocr

            ocr.read_tsv = self._charged(ocr.read_tsv)
            engine.run_and_get_output = self._charged(engine.run_and_get_output)

    def _charged(self, fn):
        def charged(*args, **kwargs):
            if self._inside:  # the command run by a charged call: charged once, with it
                return fn(*args, **kwargs)
            name, before = _reader(), _cpu()
            self._inside = True
            try:
                return fn(*args, **kwargs)
            finally:
                self._inside = False
                self.readers[name] += _cpu() - before
                self.reads[name] += 1

        return charged

    def __call__(self, name: str, fn, *args, **kwargs):
        before, started = _cpu(), self._started
        try:
            return fn(*args, **kwargs)
        finally:
            self.totals[name] += _cpu() - before
            self.calls[name] += self._started - started


def run_page(source, number: int, options, work_dir: Path, meter: Meter):
    """``pipeline.process_page``'s steps, each charged to its stage name; returns the PageText."""
    from ingest.ocr import same_page_readings

    with same_page_readings():  # as process_page: an image read again on the page is not read twice
        return _run_page(source, number, options, work_dir, meter)


def _run_page(source, number: int, options, work_dir: Path, meter: Meter):
    from ingest import cells, fieldread, light, quality, stages, tables
    from ingest.load import load_page
    from ingest.ocr import read_page
    from ingest.pdf import write_page_png, write_pdf_image, write_thumbnail
    from ingest.pipeline import _plain_or_sharpened

    page = meter(stages.LOAD, load_page, source, number, options)
    kept = {}
    for stage in stages.CLEANUP:
        page = meter(stage.name, stage.run, page, options)
        if stage.keep_as:
            kept[stage.keep_as] = page
    geometry = kept[stages.GEOMETRY]
    meter("write", write_pdf_image, geometry.image, geometry.dpi, work_dir / "pdfimg.jpg")
    ruled = tables.recorded_tables(page.steps)
    text = meter("ocr", read_page, page, options, tables=ruled, second_model=True)
    text = meter("quality_gate", quality.keep_better, text, geometry, options, kept[stages.UPRIGHT], page=page,
                 tables=ruled)
    if light.sharpened(page):  # as process_page: blurred print sharpened, the page read plain too (lowres39)
        page, text = meter("plain_reading", _plain_or_sharpened, page, text, kept, options)
    text = meter("read_cells", cells.read_cells, text, page, options)
    text = meter("read_lost", cells.read_lost, text, page, options)
    text = meter("fieldread", fieldread.reread_fields, page.image, text, options)
    meter("write", write_page_png, page.image, work_dir / "page.png")
    meter("write", write_thumbnail, page.image, work_dir / "thumb.jpg")
    return text, page


def _words_digest(text) -> str:
    """A hash of the page's text and its words (text, confidence, box, cell, hand): two trees whose pages
    give the same digests read them the same (compare the JSON files' ``words_sha1``)."""
    words = [[w.text, round(float(w.conf), 3), list(w.box), getattr(w, "cell", None), getattr(w, "hand", None)]
             for w in text.words]
    return hashlib.sha1(json.dumps([text.text, words], ensure_ascii=False).encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", type=Path, help="write the per-page figures here")
    parser.add_argument("--readings", action="store_true",
                        help="also charge every Tesseract reading to the reader that asked for it (per page and in all)")
    args = parser.parse_args(argv)
    import cv2

    from ingest.load import open_source
    from ingest.ocr import limit_threads
    from ingest.options import IngestOptions

    limit_threads()
    cv2.setNumThreads(1)
    options = IngestOptions(workers=1)
    meter = Meter(args.readings)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(p for p in args.folder.iterdir() if p.suffix.lower() in SUFFIXES):
            source = open_source(path, options)
            for number in range(1, source.page_count + 1):
                before, calls, read_before = dict(meter.totals), dict(meter.calls), dict(meter.readers)
                reads_before = dict(meter.reads)
                text, page = run_page(source, number, options, Path(tmp), meter)
                spent = {k: round(v - before.get(k, 0.0), 2) for k, v in meter.totals.items()
                         if v - before.get(k, 0.0) >= 0.005}
                started = {k: v - calls.get(k, 0) for k, v in meter.calls.items() if v - calls.get(k, 0)}
                steps = {s.stage: s.details for s in text.steps}
                row = {"page": f"{path.name}#{number}", "cpu_s": round(sum(spent.values()), 2), "stages": spent,
                       "tesseract_calls": started,
                       "size": list(page.image.shape[:2]), "dpi": page.dpi,
                       "resolution": steps.get("normalise_resolution"), "gate": steps.get("quality_gate"),
                       "fieldread": steps.get("fieldread"), "read_lost": steps.get("read_lost"),
                       "confidence": round(text.confidence, 1),
                       "chars": len(text.text), "words_sha1": _words_digest(text)}
                if args.readings:
                    row["readings"] = {k: [round(v - read_before.get(k, 0.0), 2), meter.reads[k] - reads_before.get(k, 0)]
                                       for k, v in meter.readers.items() if meter.reads[k] - reads_before.get(k, 0)}
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
    pages = max(1, len(rows))
    total = sum(meter.totals.values())
    print(f"{len(rows)} pages, {total:.1f} CPU-s ({total / pages:.2f} per page); per stage, CPU-s per page "
          "and Tesseract processes per page:")
    for name, value in sorted(meter.totals.items(), key=lambda kv: -kv[1]):
        print(f"  {name:22s} {value / pages:6.2f}  ({100 * value / max(total, 1e-9):4.1f} %)  "
              f"{meter.calls.get(name, 0) / pages:5.1f}")
    if args.readings:
        print("Tesseract readings by reader: CPU-s per page, readings per page, CPU-s per reading:")
        for name, value in sorted(meter.readers.items(), key=lambda kv: -kv[1]):
            print(f"  {name:60s} {value / pages:6.2f}  {meter.reads[name] / pages:5.1f}  "
                  f"{value / max(1, meter.reads[name]):5.2f}")
    if args.json:
        args.json.write_text(json.dumps({"pages": len(rows), "tesseract_calls": dict(meter.calls), "per_stage_cpu_s": {k: round(v, 2) for k, v in
                                                                                   meter.totals.items()},
                                         "readers": {k: [round(v, 2), meter.reads[k]] for k, v in meter.readers.items()},
                                         "rows": rows}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
