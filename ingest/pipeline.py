"""The ingest orchestrator: one file in, one ``IngestResult`` out.

``process_page`` is the per-page function a process pool maps over: it loads its own
page (so only page numbers cross the process boundary), runs the cleanup stages in
their order (``stages.CLEANUP``, written once as data), reads the text and writes that page's derivatives. ``ingest_many`` feeds the
pages of all documents to one pool (``options.workers`` processes, one Tesseract thread
each) and yields every document as soon as its last page is done; ``ingest_file`` is
the one-document case. Derivatives are written to a temporary directory and moved into
``out_dir`` only when the whole document succeeded.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import json
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import types
from collections import deque
from concurrent.futures import (
    FIRST_COMPLETED,
    FIRST_EXCEPTION,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, ParamSpec, TypeVar

import cv2

from . import cells, fieldread, light, quality, stages, tables
from .calibration import calibrate
from .classify import MODEL_GLOB, _version_of, classify, load_model
from .errors import BurtError, WorkerCrashedError, as_burt_error
from .load import load_page, open_source
from .metadata import extract_metadata
from .model import Classification, IngestResult, Metadata, Page, PageText, SourceFile, StageRecord
from .ocr import read_page, same_page_readings
from .options import IngestOptions
from .pdf import PdfPage, write_page_png, write_pdf_image, write_searchable_pdf, write_thumbnail
from .sop import load_sop
from .threads import ThreadLimits

log = logging.getLogger(__name__)

_M_MMAP_THRESHOLD = -3  # glibc mallopt parameter
_MMAP_THRESHOLD_BYTES = 16 << 20

Item = tuple  # (path, out_dir | None) as given by the caller


@dataclass(frozen=True)
class PageJob:
    """Everything a worker needs for one page (small and picklable)."""

    source: SourceFile
    number: int
    options: IngestOptions
    work_dir: str | None  # temp dir for derivatives, None = write nothing


@dataclass(frozen=True)
class PageOutput:
    text: PageText
    pdf_image: str | None  # JPEG for the searchable PDF
    pdf_dpi: int


# --------------------------------------------------------------------------- one page

def _debug(page: Page, job: PageJob, index: int, name: str) -> Page:
    """Write the page's current image to the debug dir, named after the stage just run and
    its place in the order (``p0001-01-load.png``, ``p0001-02-mend_streaks.png``, ...)."""
    if job.options.debug_dir:
        folder = Path(job.options.debug_dir)
        folder.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(folder / f"p{page.number:04d}-{index:02d}-{name}.png"), page.image)
    return page


def process_page(job: PageJob) -> PageOutput:
    """Load one page, run the cleanup stages over it in their order (``stages.CLEANUP``),
    read it, let the quality gate compare readings and (optionally) write it."""
    with same_page_readings():  # an image read again on this page is not handed to Tesseract twice
        return _process_page(job)


def _process_page(job: PageJob) -> PageOutput:
    options = job.options
    page = _debug(load_page(job.source, job.number, options), job, 1, stages.LOAD)
    kept: dict[str, Page] = {}
    for index, stage in enumerate(stages.CLEANUP, start=2):
        page = _debug(stage.run(page, options), job, index, stage.name)
        if stage.keep_as:
            kept[stage.keep_as] = page
    pdf_image = _save_pdf_picture(kept[stages.GEOMETRY], job)
    ruled = tables.recorded_tables(page.steps)
    text = read_page(page, options, tables=ruled, second_model=True)
    text = quality.keep_better(text, kept[stages.GEOMETRY], options, kept[stages.UPRIGHT], page=page, tables=ruled)
    if light.sharpened(page):  # blurred print sharpened: read plain too, the sharpened reading kept if better
        page, text = _plain_or_sharpened(page, text, kept, options)
    text = cells.read_cells(text, page, options, colour=kept[stages.GEOMETRY].image)
    text = cells.read_lost(text, page, options, original=kept[stages.GEOMETRY].image)
    text = fieldread.reread_fields(page.image, text, options)  # number and date rows read again when unsure
    if job.work_dir:
        started = time.perf_counter()
        write_page_png(page.image, Path(job.work_dir) / f"page-{page.number:04d}.png")
        write_thumbnail(page.image, Path(job.work_dir) / f"thumb-{page.number:04d}.jpg")
        text = _with_step(text, StageRecord("write_page", (time.perf_counter() - started) * 1000))
    for flag in text.flags:
        if flag in ("blank", "low_confidence", "orientation_unsure"):
            log.warning("%s page %d: %s", job.source.sha256[:12], page.number, flag)
    return PageOutput(text=text, pdf_image=pdf_image, pdf_dpi=page.dpi)


def _plain_or_sharpened(page: Page, text: PageText, kept: dict[str, Page], options: IngestOptions
                        ) -> tuple[Page, PageText]:
    """The sharpened ``page`` and its reading ``text`` (after the quality gate), or the page cleaned again from the
    page after the geometric stages without sharpening and its reading (after the quality gate too), whichever reads
    better (``quality.sharpened_reads_better``). Compared after the gate: a 72 ppi scan rendered by pixel
    replication, sharpened, read more words than plain, but the gate's told reading of the plain page read more
    still and better (a real flatbed scan: 20.3 % CER as today, 30.1 % when the sharpened page was chosen first)."""
    plain = kept[stages.GEOMETRY]
    after = stages.CLEANUP_NAMES.index(next(s.name for s in stages.CLEANUP if s.keep_as == stages.GEOMETRY)) + 1
    for stage in stages.CLEANUP[after:]:
        plain = light.even_out_light(plain, sharpen=False) if stage.name == "even_out_light" else stage.run(plain, options)
    ruled = tables.recorded_tables(plain.steps)
    plain_text = read_page(plain, options, tables=ruled, second_model=True)
    plain_text = quality.keep_better(plain_text, kept[stages.GEOMETRY], options, kept[stages.UPRIGHT], page=plain,
                                     tables=ruled)
    sharp = quality.sharpened_reads_better(text, plain_text, options)
    chosen, other = (text, plain_text) if sharp else (plain_text, text)
    steps = tuple(replace(step, details={**step.details, "sharpened_kept": sharp, "other_words": len(other.words),
                                         "other_confidence": round(other.confidence, 1)})
                  if step.stage == "ocr" else step for step in chosen.steps)
    return (page if sharp else plain), replace(chosen, steps=steps)


def _with_step(text: PageText, record: StageRecord) -> PageText:
    return replace(text, steps=text.steps + (record,))


def _save_pdf_picture(page: Page, job: PageJob) -> str | None:
    """The colour page after the geometric stages: the picture the searchable PDF shows."""
    if not (job.work_dir and job.options.searchable_pdf):
        return None
    path = Path(job.work_dir) / f".pdfimg-{page.number:04d}.jpg"
    write_pdf_image(page.image, page.dpi, path)
    return str(path)


# --------------------------------------------------------------------------- one document

def _newest_model(model_dir: str | None) -> tuple[str, int] | None:
    """Identity (path, mtime) of the newest trained model in ``model_dir``, None when there is none.

    Part of the classifier cache key, so a model that ``burt train`` writes while the
    server runs is used by the next document (a directory listing per document, not a reload)."""
    if not model_dir or not Path(model_dir).is_dir():
        return None
    found = sorted(Path(model_dir).glob(MODEL_GLOB), key=_version_of)
    if not found:
        return None
    try:
        return str(found[-1]), found[-1].stat().st_mtime_ns
    except OSError:  # removed between listing and stat: treat as absent this time
        return None


def _classifier(model_dir: str | None):
    """The classify function, the SOP and the newest classifier model."""
    return _load_classifier(model_dir, _newest_model(model_dir))


@functools.lru_cache(maxsize=1)
def _load_classifier(model_dir: str | None, newest: tuple[str, int] | None):
    """Loaded once per (model_dir, newest model file); maxsize 1 so an old version is dropped."""
    log.info("loading classifier model from %s", newest[0] if newest else "the package")
    return classify, load_sop(), load_model(model_dir)


def _warm_classifier(options: IngestOptions) -> Future:
    """Start loading the classifier in a thread, for a document whose pages this process reads
    itself (one page, or ``workers=1``): Tesseract runs in a subprocess, so the model's loading
    (~1 s, mostly importing scikit-learn) overlaps the reading instead of following it. The
    cached result is what ``_analyse`` then finds (``_load_classifier``); a pool run is not
    warmed, since its workers exit before the model is loaded (peak memory)."""
    loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="classifier-load")
    try:
        return loader.submit(_classifier, options.model_dir)
    finally:
        loader.shutdown(wait=False)


def _settle(warm: Future) -> None:
    """Wait for a warm-up to end. A failed one is only logged: ``_analyse`` loads the model
    again (failures are not cached) and reports the error where it belongs."""
    exc = warm.exception()
    if exc is not None:
        log.debug("classifier warm-up failed, loading again: %s", exc)


def _analyse(text: str, options: IngestOptions, timings: dict[str, float],
             words: tuple = (), pages: tuple[PageText, ...] = ()) -> tuple[Metadata, Classification]:
    """Metadata and classification of the document text (``pages``: their re-read number and date rows)."""
    started = time.perf_counter()
    metadata = extract_metadata(text, words)  # word confidences mark unsure digits
    metadata = fieldread.settle(metadata, text, pages)
    timings["metadata"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    classify_text, sop, model = _classifier(options.model_dir)
    classification = classify_text(text, metadata, sop, model, abstain_below=options.abstain_below)
    timings["classify"] = (time.perf_counter() - started) * 1000
    metadata, classification = calibrate(metadata, classification, words)  # confidences as fitted probabilities
    return metadata.with_notes_in_reasons(), classification  # after calibrating: its curves read the reasons


def _stage_timings(pages: Iterable[PageText]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for page in pages:
        for step in page.steps:
            totals[step.stage] = totals.get(step.stage, 0.0) + step.ms
    return totals


def finish_document(source: SourceFile, outputs: list[PageOutput], options: IngestOptions,
                    work_dir: Path | None, out_dir: Path | None, started: float) -> IngestResult:
    """Assemble the result, write the document-level derivatives and move them in place."""
    pages = tuple(o.text for o in sorted(outputs, key=lambda o: o.text.number))
    timings = _stage_timings(pages)
    text = "\f".join(p.text for p in pages)
    metadata, classification = _analyse(text, options, timings, tuple(w for p in pages for w in p.words), pages)
    flags = tuple(dict.fromkeys(f for p in pages for f in p.flags))
    result = IngestResult(source=source, pages=pages, metadata=metadata, classification=classification,
                          timings_ms=timings, flags=flags)
    if work_dir is None or out_dir is None:
        timings["total"] = (time.perf_counter() - started) * 1000
        return result
    written = time.perf_counter()
    if options.searchable_pdf:
        pdf_pages = [PdfPage(o.pdf_image, o.text.width, o.text.height, o.pdf_dpi, o.text.words)
                     for o in sorted(outputs, key=lambda o: o.text.number) if o.pdf_image]
        write_searchable_pdf(pdf_pages, work_dir / "searchable.pdf", title=source.name)
        for page in pdf_pages:
            os.unlink(page.image_path)
    timings["write"] = timings.get("write_page", 0.0) + (time.perf_counter() - written) * 1000
    timings.pop("write_page", None)
    timings["total"] = (time.perf_counter() - started) * 1000
    names = sorted(p.name for p in work_dir.iterdir()) + ["ocr.json"]
    derivatives = {name: str(out_dir / name) for name in names}
    result = IngestResult(source=source, pages=pages, metadata=metadata, classification=classification,
                          timings_ms=timings, flags=flags, derivatives=derivatives)
    (work_dir / "ocr.json").write_text(json.dumps(result.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    _move_into(work_dir, out_dir)
    log.info("%s: %d pages, %.0f ms", source.sha256[:12], len(pages), timings["total"])
    return result


def _make_work_dir(out_dir: Path | None) -> Path | None:
    """A private temp dir beside ``out_dir`` (same filesystem, so the final move is a rename)."""
    if out_dir is None:
        return None
    parent = out_dir.parent if out_dir.parent.is_dir() else None
    return Path(tempfile.mkdtemp(prefix=".burt-ingest-", dir=parent))


def _move_into(work_dir: Path, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in work_dir.iterdir():
        shutil.move(str(path), str(out_dir / path.name))
    work_dir.rmdir()


# --------------------------------------------------------------------------- many documents

def _init_worker() -> None:
    """One Tesseract/OpenMP/OpenCV/BLAS thread per worker process: parallelism comes from processes."""
    ThreadLimits(libraries=1).apply()
    _return_freed_pages()


def _return_freed_pages() -> None:
    """Serve page-sized grey buffers from the heap, bigger ones from their own mappings (glibc only).

    glibc raises its mmap threshold after the first large free, up to 32 MB, so colour page
    images (~26 MB at 300 dpi) would come from the heap and stay resident after the page is
    done. A threshold of 1 MB bounded that but made every temporary image a fresh mapping,
    page-faulted in and zeroed on first touch: the cleanup stages took ~1.4x as long in pool
    workers (seed 7105, two workers: 19.4 s vs 13.7 s for 39 pages). At 16 MB, grey page
    buffers (~9 MB) are reused from the heap and colour pages and float images still get
    their own mappings: 100-page PDF peak summed RSS 475 -> 532 MB (no threshold: 599 MB)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_BYTES)
    except (OSError, AttributeError) as exc:  # not glibc: memory is still bounded, just less tightly
        log.debug("mallopt unavailable: %s", exc)


class _InlineExecutor:
    """``workers == 1``: run pages in this process, same interface as the pool."""

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # delivered through the future like a pool would
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        return None


_P = ParamSpec("_P")
_T = TypeVar("_T")


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """While worker processes start, ``__main__`` is a bare module, so they do not import the main module.

    A forkserver (or spawn) worker first runs the parent's main module again as ``__mp_main__``
    (``multiprocessing.spawn.prepare``): for ``burt`` that is ``web.cli``, which imports Flask,
    SQLAlchemy, Whoosh, Celery and the whole archive, ~0.6 CPU-s per worker, none of which a page
    uses (``process_page`` and everything it reads live in ``ingest``, preloaded by the forkserver).
    Nothing a worker is sent is defined in ``__main__``."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")  # no __spec__, no __file__: nothing to run again
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class _PagePool(ProcessPoolExecutor):
    """The page pool: workers are started by ``submit`` (as the pool needs them), with the main module hidden."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        with _main_module_hidden():
            return super().submit(fn, *args, **kwargs)


def _executor(options: IngestOptions, pages: int):
    if options.workers <= 1 or pages <= 1:
        return _InlineExecutor()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ingest.pipeline"])
    return _PagePool(max_workers=options.workers, mp_context=context, initializer=_init_worker)


@dataclass
class _Document:
    item: Item
    source: SourceFile
    out_dir: Path | None
    work_dir: Path | None
    futures: list[Future]
    started: float


def as_error(exc: BaseException, item: Item) -> BurtError:
    """What a failed document reports: its ``BurtError``, or the machine-fault translation of any
    other exception (``errors.as_burt_error``: memory, a killed worker, disk, a bug), logged here."""
    if isinstance(exc, BurtError):
        return exc
    error = as_burt_error(exc)
    log.error("%s on %s", error.code, item[0], exc_info=exc)
    return error


def _submit(item: Item, source: SourceFile, options: IngestOptions, pool, started: float) -> _Document:
    """Queue every page of an opened document on ``pool``."""
    out_dir = Path(item[1]) if item[1] is not None else None
    work_dir = _make_work_dir(out_dir)
    jobs = [PageJob(source, n, options, str(work_dir) if work_dir else None) for n in range(1, source.page_count + 1)]
    futures: list[Future] = []
    try:
        for job in jobs:
            futures.append(pool.submit(process_page, job))
    except BaseException:
        for future in futures:
            future.cancel()
        if work_dir is not None:
            shutil.rmtree(work_dir, ignore_errors=True)
        raise
    return _Document(item, source, out_dir, work_dir, futures, started)


def _finish(doc: _Document, options: IngestOptions) -> IngestResult | BurtError:
    try:
        finished = [f for f in doc.futures if not f.cancelled()]
        failed = next((f.exception() for f in finished if f.exception() is not None), None)
        if failed is not None:
            raise failed
        return finish_document(doc.source, [f.result() for f in doc.futures], options,
                               doc.work_dir, doc.out_dir, doc.started)
    except BaseException as exc:  # noqa: BLE001 - translated and reported per document
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return as_error(exc, doc.item)
    finally:
        if doc.work_dir is not None and doc.work_dir.exists():
            shutil.rmtree(doc.work_dir, ignore_errors=True)


def ingest_many(items: Iterable[Item], options: IngestOptions) -> Iterator[tuple[Item, IngestResult | BurtError]]:
    """Ingest ``(path, out_dir | None)`` items on one process pool, yielding
    ``(item, IngestResult | BurtError)`` as each document completes (not in input order)."""
    pool = _executor(options, pages=2)
    ahead = max(2, options.workers + 1)  # documents opened ahead of the one finishing
    queue = iter(items)
    open_docs: deque[_Document] = deque()
    try:
        exhausted = False
        while True:
            while not exhausted and len(open_docs) < ahead:
                item = next(queue, None)
                if item is None:
                    exhausted = True
                    break
                try:
                    started = time.perf_counter()
                    source = open_source(item[0], options)
                    try:
                        open_docs.append(_submit(item, source, options, pool, started))
                    except BrokenProcessPool:  # a worker died: its documents report it; go on with a new pool
                        pool.shutdown(wait=True, cancel_futures=True)
                        pool = _executor(options, pages=2)
                        open_docs.append(_submit(item, source, options, pool, started))
                except Exception as exc:  # noqa: BLE001 - reported for this document, the batch goes on
                    yield item, as_error(exc, item)
            if not open_docs:
                return
            done = [d for d in open_docs if all(f.done() for f in d.futures)
                    or any(f.done() and f.exception() is not None for f in d.futures)]
            if not done:
                wait([f for d in open_docs for f in d.futures], return_when=FIRST_COMPLETED)
                continue
            for doc in done:
                open_docs.remove(doc)
                for future in doc.futures:
                    future.cancel()
                if not all(f.done() for f in doc.futures):
                    wait([f for f in doc.futures if not f.cancelled()])
                yield doc.item, _finish(doc, options)
    except BrokenProcessPool as exc:
        raise WorkerCrashedError(detail=str(exc)) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for doc in open_docs:
            if doc.work_dir is not None:
                shutil.rmtree(doc.work_dir, ignore_errors=True)


def _wait_pages(futures: list[Future], progress: Callable[[str, float], None] | None) -> None:
    """Wait until every page is read or one failed, telling ``progress`` ("reading", pages done /
    pages) as pages finish and ("classifying", 1.0) once all are read."""
    pending, total = set(futures), max(1, len(futures))
    while pending:
        done, pending = wait(pending, return_when=FIRST_EXCEPTION if progress is None else FIRST_COMPLETED)
        if any(not f.cancelled() and f.exception() is not None for f in done):
            return
        if progress is not None:
            progress("reading", (total - len(pending)) / total)
    if progress is not None:
        progress("classifying", 1.0)


def ingest_file(path: str | Path, options: IngestOptions, out_dir: Path | None = None,
                name: str | None = None, progress: Callable[[str, float], None] | None = None) -> IngestResult:
    """Ingest one file; raises the ``BurtError`` that stopped it (nothing written then).

    ``progress(stage, fraction)``, if given, hears "reading" after each page (pages done / pages)
    and "classifying" when the text goes to metadata extraction and classification."""
    started = time.perf_counter()
    source = open_source(path, options, name=name)
    pool = _executor(options, source.page_count)
    warm = _warm_classifier(options) if isinstance(pool, _InlineExecutor) else None
    try:
        try:
            doc = _submit((path, out_dir), source, options, pool, started)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        try:
            _wait_pages(doc.futures, progress)
            for future in doc.futures:
                future.cancel()  # a page failed: do not read the rest
            wait([f for f in doc.futures if not f.cancelled()])
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # workers exit before the classifier model is loaded
    finally:
        if warm is not None:
            _settle(warm)
    outcome = _finish(doc, options)
    if isinstance(outcome, BurtError):
        raise outcome
    return outcome
