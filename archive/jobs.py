"""Crash-safe ingest jobs.

Order: record job → store original → process into a staging dir → move derivatives into place
→ commit the document (job done in the same transaction) → index → mark indexed.  Every step is
idempotent, so after a crash (even ``kill -9``) ``resume_jobs`` simply runs unfinished jobs again
and indexes committed-but-unindexed documents.  A document is visible in search only after
it is committed and indexed.

``BURT_TEST_CRASH_AT=<stage>`` (a test seam) makes this process SIGKILL itself right after that
stage: job, stored, processed, derivatives, committed, indexed.
"""
from __future__ import annotations

import fcntl
import logging
import os
import signal
import socket
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator



from archive import documents, store
from archive.indexing import index_documents
from archive.db import Document, JobRow, SqlIntegrityError, now_iso, select, session_scope, update
from archive.errors import JobNotFoundError
from archive.records import IngestOutcome, Job
from ingest.errors import BurtError, NotAvailableError, OcrTimeoutError, OcrUnavailableError
from ingest.model import IngestResult

log = logging.getLogger(__name__)

CRASH_ENV = "BURT_TEST_CRASH_AT"
ACTIVE = ("queued", "running")
# Failures of the machine, not of the file: the original is kept so the job can be run again.
TRANSIENT_ERRORS = (OcrUnavailableError, OcrTimeoutError, NotAvailableError)
Processor = Callable[..., IngestResult]  # ingest_file(path, options, out_dir=None, name=None)


def crash_point(stage: str) -> None:
    """Test seam: die like ``kill -9`` right after ``stage`` when asked to."""
    if os.environ.get(CRASH_ENV) == stage:
        log.warning("%s=%s: killing this process", CRASH_ENV, stage)
        os.kill(os.getpid(), signal.SIGKILL)


def pipeline_processor() -> Processor:
    try:
        from ingest.pipeline import ingest_file
    except ImportError as exc:
        raise NotAvailableError("Pipeline OCR belum tersedia. / The OCR pipeline is not available.",
                                detail=str(exc)) from exc
    return ingest_file


def pipeline_many():
    """``ingest.pipeline.ingest_many``: many documents on one process pool."""
    try:
        from ingest.pipeline import ingest_many
    except ImportError as exc:
        raise NotAvailableError("Pipeline OCR belum tersedia. / The OCR pipeline is not available.",
                                detail=str(exc)) from exc
    return ingest_many


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _worker_alive(worker: str | None) -> bool:
    if not worker:
        return False
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname():
        return True  # another machine: assume it is still working
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    return True


def to_record(row: JobRow) -> Job:
    """The job as users see it: "done" only once the document is also in the search index
    (the row is marked done at commit, for crash recovery, while the index write follows)."""
    status = "running" if row.status == "done" and row.stage == "indexing" else row.status
    return Job(id=row.id, filename=row.filename, status=status, stage=row.stage, progress=row.progress,
               doc_id=row.doc_id, error_code=row.error_code, error_message=row.error_message,
               created_at=row.created_at, updated_at=row.updated_at, user=row.user)


def record_job(settings, filename: str, source_path: Path, sha256: str | None, *, user: str | None,
               claimed: bool = False) -> str:
    """Step 1: the job row.  ``claimed`` = already running for this worker (CLI ingest), so no
    other thread's queue runner takes it."""
    now = now_iso()
    job_id = uuid.uuid4().hex
    with session_scope(settings) as s:
        s.add(JobRow(id=job_id, filename=filename, source_path=str(source_path), sha256=sha256,
                     status="running" if claimed else "queued", stage="queued", progress=0.0, user=user,
                     worker=worker_name() if claimed else None, attempts=1 if claimed else 0,
                     created_at=now, updated_at=now))
    crash_point("job")
    return job_id


def fail_job(settings, job_id: str, code: str, message: str) -> None:
    """Mark a job failed outside a runner (an upload whose original could not be stored)."""
    _set(settings, job_id, status="failed", stage="failed", worker=None, error_code=code, error_message=message)


def _set(settings, job_id: str, **values) -> None:
    values["updated_at"] = now_iso()
    with session_scope(settings) as s:
        s.execute(update(JobRow).where(JobRow.id == job_id).values(**values))


def get_job(settings, job_id: str) -> Job:
    with session_scope(settings) as s:
        row = s.get(JobRow, job_id)
        if row is None:
            raise JobNotFoundError()
        return to_record(row)


def claim(settings, job_id: str) -> bool:
    """Atomically move a queued job to running for this worker (False if someone else has it)."""
    with session_scope(settings) as s:
        res = s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.status == "queued")
                        .values(status="running", worker=worker_name(), attempts=JobRow.attempts + 1,
                                updated_at=now_iso()))
        return res.rowcount == 1


@contextmanager
def sha_lock(settings, sha256: str) -> Iterator[None]:
    """Serialises the install+commit of one document across threads and processes."""
    lock_dir = settings.tmp_dir / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / f"{sha256[:16]}.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _existing(settings, sha256: str) -> str | None:
    with session_scope(settings) as s:
        return s.scalar(select(Document.id).where(Document.sha256 == sha256))


def _store(settings, row: Job, job: JobRow) -> tuple[str, str]:
    """Step 2: the original in the store (sha, relpath); idempotent."""
    if job.original_path and (settings.home / job.original_path).exists():
        return job.sha256, job.original_path
    source = Path(job.source_path or "")
    if not source.is_file():
        raise BurtError("Berkas sumber hilang sebelum disimpan. / The source file vanished before it was stored.",
                        code="source_missing")
    sha = store.sha256_file(source)
    rel = store.store_original(settings.home, source, sha, store.suffix_for(job.filename))
    _set(settings, row.id, sha256=sha, original_path=rel, stage="stored", progress=0.2)
    crash_point("stored")
    return sha, rel


def load_row(settings, job_id: str) -> JobRow:
    with session_scope(settings) as s:
        row = s.get(JobRow, job_id)
        if row is None:
            raise JobNotFoundError()
        s.expunge(row)
        return row


def run_job(settings, job_id: str, processor: Processor | None = None) -> IngestOutcome:
    """Run one claimed job to the end; errors become a failed job (and outcome), never a crash."""
    row = load_row(settings, job_id)
    return guarded(settings, row, lambda: _run(settings, row, processor))


def _fail(settings, row: JobRow, code: str, message: str) -> IngestOutcome:
    _set(settings, row.id, status="failed", stage="failed", error_code=code, error_message=message)
    return IngestOutcome(file=row.filename, status="failed", sha256=row.sha256, error=message,
                         error_code=code, job_id=row.id)


def _run(settings, row: JobRow, processor: Processor | None) -> IngestOutcome:
    prepared = prepare(settings, row)
    if isinstance(prepared, IngestOutcome):
        return prepared
    sha, rel, staged = prepared
    process = processor or pipeline_processor()
    _set(settings, row.id, stage="reading", progress=READING[0])
    extra = {"progress": stage_reporter(settings, row.id)} if accepts_progress(process) else {}
    try:
        result = process(settings.home / rel, settings.ingest, out_dir=staged, name=row.filename, **extra)
    except BaseException:
        store.remove_tree(staged)
        raise
    return finish(settings, row, sha, rel, staged, result)


# Job progress bands: the pipeline's reading (cleanup + OCR, per page) fills 0.25-0.75.
READING = (0.25, 0.75)
STAGE_PROGRESS = {"classifying": 0.8, "indexing": 0.9}


def accepts_progress(process: Callable) -> bool:
    """Whether ``process`` takes the ``progress`` callback (``ingest_file`` does; stand-ins may not)."""
    import inspect

    try:
        params = inspect.signature(process).parameters
    except (TypeError, ValueError):
        return False
    return "progress" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def stage_reporter(settings, job_id: str) -> Callable[[str, float], None]:
    """The pipeline's ``progress(stage, fraction)`` hook, written to the job row as it happens
    (the upload page polls it).  ``reading`` fraction = pages done / pages."""
    def report(stage: str, fraction: float) -> None:
        if stage == "reading":
            low, high = READING
            value = low + (high - low) * min(1.0, max(0.0, float(fraction)))
        else:
            value = STAGE_PROGRESS.get(stage, READING[1])
        try:
            _set(settings, job_id, stage=stage, progress=round(value, 3))
        except Exception:  # progress is cosmetic: never let it stop the document
            log.exception("could not record stage %s of job %s", stage, job_id)
    return report


def prepare(settings, row: JobRow) -> IngestOutcome | tuple[str, str, Path]:
    """Steps 2-3: store the original, make a staging dir; a duplicate ends the job here."""
    sha, rel = _store(settings, to_record(row), row)
    if row.original_path:  # stored earlier (an upload): the job still passes through "stored"
        _set(settings, row.id, stage="stored", progress=0.2)
    if _existing(settings, sha):
        return _finish_duplicate(settings, row, sha, store.doc_id_for(sha))
    return sha, rel, store.staging_dir(settings.home, sha)


def finish(settings, row: JobRow, sha: str, rel: str, staged: Path, result: IngestResult) -> IngestOutcome:
    """Steps 4-6 after processing: move derivatives into place, commit, index."""
    doc_id = store.doc_id_for(sha)
    if result.source.name != row.filename:  # the pipeline read the stored copy: keep the user's name
        from dataclasses import replace
        result = replace(result, source=replace(result.source, name=row.filename))
    try:
        crash_point("processed")
        with sha_lock(settings, sha):
            if _existing(settings, sha):
                return _finish_duplicate(settings, row, sha, doc_id)
            _set(settings, row.id, stage="indexing", progress=STAGE_PROGRESS["indexing"])
            derivs = store.install_derivatives(settings.home, sha, staged)
            crash_point("derivatives")
            try:
                _commit(settings, row, doc_id, result, rel, derivs)
            except SqlIntegrityError:
                return _finish_duplicate(settings, row, sha, doc_id)
        crash_point("committed")
    finally:
        store.remove_tree(staged)
    link_activity(settings, doc_id)  # before indexing, so the one index write carries the activity
    try:
        index_documents(settings, [doc_id])
    except Exception:  # committed is safe: resume_jobs / reindex index it later
        log.exception("document %s committed but not indexed yet; resume will index it", doc_id)
    crash_point("indexed")
    c = result.classification
    return IngestOutcome(file=row.filename, status="ingested", id=doc_id, sha256=sha, doc_type=c.doc_type,
                         sop_step=c.sop_step, job_id=row.id)


def link_activity(settings, doc_id: str) -> None:
    """Link a freshly committed document to its activity (``archive.linking.auto_link``).

    The document is already safe; a linking failure is logged with its id and left for
    ``audit`` (which links unlinked documents) instead of failing the job."""
    from archive import linking  # imported late: linking builds on this package

    try:
        linking.auto_link(settings, doc_id, reindex=False)
    except Exception:  # the document stays archived; audit() links it later
        log.exception("document %s archived but not linked to an activity", doc_id)


def guarded(settings, row: JobRow, step: Callable[[], IngestOutcome]) -> IngestOutcome:
    """Run a job step; errors become a failed job (and outcome), never a crash of the batch."""
    try:
        return step()
    except BurtError as exc:
        log.warning("job %s (%s) failed: %s", row.id, row.filename, exc.code)
        outcome = _fail(settings, row, exc.code, exc.message)
        if not isinstance(exc, TRANSIENT_ERRORS):
            discard_rejected(settings, row.id)
        return outcome
    except Exception:  # a bug or an OS error: recorded on the job, traceback in the log, batch goes on
        log.exception("job %s (%s, %s) failed unexpectedly", row.id, row.filename, (row.sha256 or "")[:12])
        return _fail(settings, row, "internal_error",
                     "Terjadi kesalahan internal saat memproses berkas; lihat log server. / "
                     "An internal error occurred while processing the file; see the server log.")


def discard_rejected(settings, job_id: str) -> None:
    """A file refused for what it is (corrupt, unsupported, encrypted…) leaves the archive as it
    was: its stored original, staging and derivatives go, unless a document or another active
    job holds the same bytes.  The failed job row keeps the message for the upload page."""
    row = load_row(settings, job_id)
    if not row.sha256:
        return
    sha = row.sha256
    rel = row.original_path or store.original_relpath(sha, store.suffix_for(row.filename))
    with sha_lock(settings, sha):
        with session_scope(settings) as s:
            if s.scalar(select(Document.id).where(Document.sha256 == sha)) or s.scalar(
                    select(JobRow.id).where(JobRow.sha256 == sha, JobRow.status.in_(ACTIVE))):
                return
            s.execute(update(JobRow).where(JobRow.sha256 == sha).values(original_path=None))
        store.remove_original(settings.home, rel)
        store.remove_staging(settings.home, sha)
        store.remove_tree(settings.home / store.derivatives_relpath(sha))


def _commit(settings, row: JobRow, doc_id: str, result: IngestResult, rel: str, derivs: dict) -> None:
    """Step 5: the document and the job's end in ONE transaction."""
    with session_scope(settings) as s:
        documents.insert_result(s, doc_id, result, original_path=rel, derivatives=derivs, user=row.user)
        s.execute(update(JobRow).where(JobRow.id == row.id).values(
            status="done", stage="indexing", progress=0.95, doc_id=doc_id, updated_at=now_iso()))


def _finish_duplicate(settings, row: JobRow, sha: str, doc_id: str) -> IngestOutcome:
    _set(settings, row.id, status="done", stage="duplicate", progress=1.0, doc_id=doc_id,
         error_code="duplicate_document", error_message=f"Sama dengan dokumen {doc_id}. / Same as {doc_id}.")
    return IngestOutcome(file=row.filename, status="duplicate", id=doc_id, sha256=sha, job_id=row.id)


def pending_job_ids(settings) -> list[str]:
    with session_scope(settings) as s:
        return list(s.scalars(select(JobRow.id).where(JobRow.status == "queued").order_by(JobRow.created_at)))


def run_pending(settings, processor: Processor | None = None) -> int:
    """Run every queued job this worker can claim; returns how many ran."""
    n = 0
    for job_id in pending_job_ids(settings):
        if claim(settings, job_id):
            run_job(settings, job_id, processor)
            n += 1
    return n


def requeue_stale(settings) -> int:
    """Jobs left 'running' by a dead worker go back to the queue."""
    with session_scope(settings) as s:
        rows = list(s.scalars(select(JobRow).where(JobRow.status == "running")))
        stale = [r for r in rows if not _worker_alive(r.worker)]
        for r in stale:
            r.status, r.stage, r.worker, r.updated_at = "queued", "queued", None, now_iso()
    return len(stale)


def unindexed_ids(settings) -> list[str]:
    with session_scope(settings) as s:
        return list(s.scalars(select(Document.id).where(Document.indexed.is_(False))))


def resume(settings, processor: Processor | None = None) -> int:
    """After a crash: requeue stale jobs, index committed-but-unindexed documents, run the queue.
    Returns how many jobs and documents were finished."""
    requeue_stale(settings)
    store.remove_dead_staging(settings.home, lambda pid: _worker_alive(f"{socket.gethostname()}:{pid}"))
    store.remove_stale_work_dirs(settings.home)
    pending = unindexed_ids(settings)
    index_documents(settings, pending)
    return len(pending) + run_pending(settings, processor)
