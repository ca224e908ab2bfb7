"""Crash-safe ingest jobs, retried when the machine failed and never losing an original.

Order: record job → store original → process into a staging dir → move derivatives into place
→ commit the document (job done in the same transaction); the service then links and indexes
it.  Every step is idempotent, so after a crash (even ``kill -9``) ``recover`` requeues
unfinished jobs and indexes committed-but-unindexed documents.  A document is visible in search
only after it is committed and indexed.

A failed job is settled by whose fault it was (``BurtError.fault``):
- the machine's (memory, a killed worker, disk, a missing tool, a timeout, a bug): the original
  stays, the job goes back to the queue and is due again after ``retry_delay_s * 2**(tries-1)``;
  after ``max_attempts`` tries it is parked as ``needs_attention`` ("perlu perhatian");
- the file's (corrupt, encrypted, unsupported, empty, too large): the job fails for good and the
  original is kept in place or moved to ``quarantine/`` (``BURT_REJECTED``), never deleted.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import uuid
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

from archive import documents, store
from archive.db import Document, JobRow, SqlIntegrityError, func, now_iso, select, session_scope, update
from archive.errors import JobNotFoundError
from archive.indexing import index_documents
from archive.records import IngestOutcome, Job, QueueState, RunningJob
from archive.storage import storage_for
from ingest import pipeline as ingest_pipeline
from ingest.errors import BurtError, Fault, InputError, WorkerCrashedError, as_burt_error
from ingest.model import IngestResult
from ingest.options import IngestOptions

log = logging.getLogger(__name__)

ACTIVE = ("queued", "running")
NEEDS_ATTENTION = "needs_attention"  # "perlu perhatian": a machine fault outlasted every retry
Item = tuple  # (path, out_dir | None), as ``ingest.pipeline.ingest_many`` takes them


class Pipeline(Protocol):
    """What the archive calls to read files: ``ingest.pipeline`` itself in production; the
    archive tests' fake has the same two entry points, so they run the production paths."""

    def ingest_file(self, path: str | Path, options: IngestOptions, out_dir: Path | None = None,
                    name: str | None = None, progress: Callable[[str, float], None] | None = None
                    ) -> IngestResult: ...

    def ingest_many(self, items: Iterable[Item], options: IngestOptions
                    ) -> Iterator[tuple[Item, IngestResult | BurtError]]: ...


Processor = Pipeline  # the name the service's ``processor=`` arguments use


def pipeline_of(processor: Pipeline | None) -> Pipeline:
    """The pipeline to use: the given one, or ``ingest.pipeline``."""
    return ingest_pipeline if processor is None else processor


def crash_point(stage: str) -> None:
    """A named point of the ingest order: job, stored, processed, derivatives, committed, indexed.

    Does nothing.  The crash tests' runner script replaces it, in its own process, with one that
    dies like ``kill -9`` at the stage it is told, to prove every step is safe to resume."""


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
               created_at=row.created_at, updated_at=row.updated_at, user=row.user,
               attempts=row.attempts or 0, fault=row.fault, next_attempt_at=row.next_attempt_at)


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
        res = s.execute(update(JobRow).where(JobRow.id == job_id, _due())
                        .values(status="running", worker=worker_name(), attempts=JobRow.attempts + 1,
                                updated_at=now_iso()))
        return res.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult


@contextmanager
def sha_lock(settings, sha256: str) -> Iterator[None]:
    """Serialises the install+commit of one document across threads and processes (and machines:
    the lock lives with the storage, on the shared mount when there is one)."""
    lock_dir = settings.storage_root / "tmp" / "locks"
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
    storage = storage_for(settings)
    if job.sha256 and job.original_path and storage.exists(job.original_path):
        return job.sha256, job.original_path
    source = Path(job.source_path or "")
    if not source.is_file():
        raise InputError("Berkas sumber hilang sebelum disimpan. / The source file vanished before it was stored.",
                         code="source_missing", http_status=404)
    sha = store.sha256_file(source)
    rel = storage.put_original(source, sha, store.suffix_for(job.filename))
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


def run_job(settings, job_id: str, processor: Pipeline | None = None) -> IngestOutcome:
    """Run one claimed job up to the commit of its document (the caller links and indexes it);
    errors settle the job by their fault (``settle_failure``), never crash the caller."""
    row = load_row(settings, job_id)
    return guarded(settings, row, lambda: _run(settings, row, pipeline_of(processor)))


def _run(settings, row: JobRow, pipeline: Pipeline) -> IngestOutcome:
    prepared = prepare(settings, row)
    if isinstance(prepared, IngestOutcome):
        return prepared
    sha, rel, staged = prepared
    _set(settings, row.id, stage="reading", progress=READING[0])
    storage = storage_for(settings)
    try:
        result = pipeline.ingest_file(storage.local_path(rel), settings.ingest, out_dir=staged, name=row.filename,
                                      progress=stage_reporter(settings, row.id))
    except BaseException:
        storage.discard_staging(staged)
        raise
    return finish(settings, row, sha, rel, staged, result)


# Job progress bands: the pipeline's reading (cleanup + OCR, per page) fills 0.25-0.75.
READING = (0.25, 0.75)
STAGE_PROGRESS = {"classifying": 0.8, "indexing": 0.9}


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
    return sha, rel, storage_for(settings).staging(sha)


def finish(settings, row: JobRow, sha: str, rel: str, staged: Path, result: IngestResult) -> IngestOutcome:
    """Steps 4-5 after processing: move derivatives into place, commit.  The document is then
    safe; the caller links it to its activity and indexes it (``index_documents``)."""
    doc_id = store.doc_id_for(sha)
    storage = storage_for(settings)
    if result.source.name != row.filename:  # the pipeline read the stored copy: keep the user's name
        result = replace(result, source=replace(result.source, name=row.filename))
    try:
        crash_point("processed")
        with sha_lock(settings, sha):
            if _existing(settings, sha):
                return _finish_duplicate(settings, row, sha, doc_id)
            _set(settings, row.id, stage="indexing", progress=STAGE_PROGRESS["indexing"])
            derivs = storage.install_derivatives(sha, staged)
            crash_point("derivatives")
            try:
                _commit(settings, row, doc_id, result, rel, derivs)
            except SqlIntegrityError:
                return _finish_duplicate(settings, row, sha, doc_id)
        crash_point("committed")
    finally:
        storage.discard_staging(staged)
    c = result.classification
    return IngestOutcome(file=row.filename, status="ingested", id=doc_id, sha256=sha, doc_type=c.doc_type,
                         sop_step=c.sop_step, job_id=row.id)


def guarded(settings, row: JobRow, step: Callable[[], IngestOutcome]) -> IngestOutcome:
    """Run a job step; any error settles the job by its fault, never crashes the batch."""
    try:
        return step()
    except Exception as exc:  # noqa: BLE001 - translated (as_burt_error) and settled by fault
        error = as_burt_error(exc)
        if error is exc:
            log.warning("job %s (%s, %s) failed: %s (%s fault) %s", row.id, row.filename,
                        (row.sha256 or "")[:12], error.code, error.fault, error.detail or "")
        else:  # not a BurtError: a bug or the machine; traceback in the log
            log.exception("job %s (%s, %s) failed: %s", row.id, row.filename, (row.sha256 or "")[:12], error.code)
        return settle_failure(settings, row, error)


def retry_delay(settings, attempts: int) -> timedelta:
    """Exponential backoff: ``retry_delay_s`` after the first try, doubled after each further one."""
    return timedelta(seconds=settings.retry_delay_s * 2 ** max(0, attempts - 1))


def _later(delay: timedelta) -> str:
    """Now + ``delay``, rounded up to the whole second (timestamps are kept to the second)."""
    due = datetime.now(timezone.utc) + delay
    if due.microsecond:
        due = due.replace(microsecond=0) + timedelta(seconds=1)
    return due.isoformat()


def settle_failure(settings, row: JobRow, error: BurtError) -> IngestOutcome:
    """Record a failed try by whose fault it was; the original is never deleted.

    Machine: back to the queue, due after the backoff, or parked as ``needs_attention`` after
    ``max_attempts`` tries.  File: failed for good, the original kept or quarantined."""
    outcome = IngestOutcome(file=row.filename, status="failed", sha256=row.sha256, error=error.message,
                            error_code=error.code, job_id=row.id, fault=str(error.fault))
    try:
        attempts = load_row(settings, row.id).attempts or 0
        values = {"worker": None, "error_code": error.code, "error_message": error.message,
                  "fault": str(error.fault)}
        if error.fault is Fault.FILE:
            _set(settings, row.id, status="failed", stage="failed", next_attempt_at=None, **values)
            set_aside_rejected(settings, row.id)
        elif attempts >= settings.max_attempts:
            log.error("job %s (%s) needs attention after %d tries: %s", row.id, row.filename, attempts, error.code)
            values["error_message"] = parked_message(error.message, attempts)
            outcome = replace(outcome, error=values["error_message"])
            _set(settings, row.id, status=NEEDS_ATTENTION, stage=NEEDS_ATTENTION, next_attempt_at=None, **values)
        else:
            due = _later(retry_delay(settings, attempts))
            _set(settings, row.id, status="queued", stage="queued", next_attempt_at=due, **values)
            outcome = replace(outcome, next_attempt_at=due)
    except Exception:  # the job row could not be written (the database's disk?): the job stays
        # "running" for a worker that will be gone, so recover() requeues it; the original is untouched
        log.exception("job %s (%s): could not record its failure %s", row.id, row.filename, error.code)
    return outcome


def parked_message(message: str, attempts: int) -> str:
    """The clerk's message of a parked job: "perlu perhatian", the last error, the original kept."""
    indonesian, _, english = message.partition(" / ")
    return (f"Perlu perhatian setelah {attempts} percobaan: {indonesian} Berkas asli tetap disimpan. / "
            f"Needs attention after {attempts} tries: {english or indonesian} The original is kept.")


def set_aside_rejected(settings, job_id: str) -> None:
    """A file refused for what it is (corrupt, unsupported, encrypted…): its derivatives and
    staging go (they can be regenerated), its original stays in the originals
    (``BURT_REJECTED=keep``) or moves to ``quarantine/`` (``quarantine``), unless a document or
    another active job holds the same bytes.  Never deleted."""
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
        storage = storage_for(settings)
        storage.delete_derivatives(sha)
        if settings.rejected != "quarantine" or not rel.startswith("originals/"):
            return
        moved = storage.quarantine(rel)
        if moved is not None:
            with session_scope(settings) as s:
                s.execute(update(JobRow).where(JobRow.sha256 == sha, JobRow.original_path == rel)
                          .values(original_path=moved))


def _commit(settings, row: JobRow, doc_id: str, result: IngestResult, rel: str, derivs: dict) -> None:
    """Step 5: the document and the job's end in ONE transaction."""
    with session_scope(settings) as s:
        documents.insert_result(s, doc_id, result, original_path=rel, derivatives=derivs, user=row.user)
        s.execute(update(JobRow).where(JobRow.id == row.id).values(
            status="done", stage="indexing", progress=0.95, doc_id=doc_id, next_attempt_at=None,
            error_code=None, error_message=None, fault=None, updated_at=now_iso()))
        # jobs of the same bytes waiting for a retry, parked or failed earlier are settled by this document
        s.execute(update(JobRow).where(JobRow.sha256 == result.source.sha256, JobRow.id != row.id,
                                       JobRow.status.in_(("queued", "failed", NEEDS_ATTENTION)))
                  .values(status="done", stage="duplicate", progress=1.0, doc_id=doc_id, next_attempt_at=None,
                          updated_at=now_iso()))


def _finish_duplicate(settings, row: JobRow, sha: str, doc_id: str) -> IngestOutcome:
    _set(settings, row.id, status="done", stage="duplicate", progress=1.0, doc_id=doc_id,
         error_code="duplicate_document", error_message=f"Sama dengan dokumen {doc_id}. / Same as {doc_id}.")
    return IngestOutcome(file=row.filename, status="duplicate", id=doc_id, sha256=sha, job_id=row.id)


def _due():
    """Queued jobs whose backoff (if any) has passed."""
    return (JobRow.status == "queued") & (JobRow.next_attempt_at.is_(None) | (JobRow.next_attempt_at <= now_iso()))


def pending_job_ids(settings) -> list[str]:
    """Queued jobs that are due now, oldest first."""
    with session_scope(settings) as s:
        return list(s.scalars(select(JobRow.id).where(_due()).order_by(JobRow.created_at)))


def requeue_stale(settings) -> int:
    """Jobs left 'running' by a dead worker go back to the queue (due at once: the process died,
    most often not because of this job), or are parked once they have had every try."""
    return len(requeue_stale_ids(settings))


def requeue_stale_ids(settings) -> list[str]:
    """``requeue_stale``, naming the jobs put back in the queue (a Celery worker's sweep sends them again)."""
    requeued = []
    with session_scope(settings) as s:
        rows = list(s.scalars(select(JobRow).where(JobRow.status == "running")))
        stale = [r for r in rows if not _worker_alive(r.worker)]
        for r in stale:
            r.worker, r.updated_at = None, now_iso()
            if (r.attempts or 0) >= settings.max_attempts:
                crashed = WorkerCrashedError()
                r.status, r.stage, r.fault, r.error_code = NEEDS_ATTENTION, NEEDS_ATTENTION, str(crashed.fault), \
                    crashed.code
                r.error_message = parked_message(crashed.message, r.attempts)
            else:
                r.status, r.stage = "queued", "queued"
                requeued.append(r.id)
    return requeued


def due_job_ids(settings, *, idle_s: float) -> list[str]:
    """Due jobs not touched for ``idle_s`` seconds (their message may have been lost), oldest first."""
    cutoff = (datetime.now(timezone.utc) - timedelta(seconds=idle_s)).replace(microsecond=0).isoformat()
    with session_scope(settings) as s:
        return list(s.scalars(select(JobRow.id).where(_due(), JobRow.updated_at <= cutoff)
                              .order_by(JobRow.created_at)))


def unindexed_ids(settings) -> list[str]:
    with session_scope(settings) as s:
        return list(s.scalars(select(Document.id).where(Document.indexed.is_(False))))


def recover(settings) -> int:
    """After a crash: requeue stale jobs, clear dead staging, index committed-but-unindexed
    documents (the caller then runs the due jobs).  Returns how many documents were indexed."""
    requeue_stale(settings)
    storage_for(settings).remove_dead_staging(lambda pid: _worker_alive(f"{socket.gethostname()}:{pid}"))
    store.remove_stale_work_dirs(settings.home)
    pending = unindexed_ids(settings)
    index_documents(settings, pending)
    return len(pending)


def list_jobs(settings, *, failed: bool = False, limit: int = 100) -> list[Job]:
    """Newest first; ``failed``: only jobs that failed, wait for a retry or need attention."""
    with session_scope(settings) as s:
        q = select(JobRow).order_by(JobRow.created_at.desc(), JobRow.id)
        if failed:
            q = q.where(JobRow.status.in_(("failed", NEEDS_ATTENTION))
                        | ((JobRow.status == "queued") & JobRow.error_code.is_not(None)))
        return [to_record(r) for r in s.scalars(q.limit(max(0, int(limit))))]


def requeue(settings, job_id: str) -> Job:
    """An operator's retry: a failed or parked job (its original still kept) is due again now,
    with a fresh count of tries.  A job whose original is gone cannot be retried."""
    with session_scope(settings) as s:
        row = s.get(JobRow, job_id)
        if row is None:
            raise JobNotFoundError()
        if row.status in ("running", "done"):
            raise InputError(f"Pekerjaan {job_id} sedang berjalan atau sudah selesai. / "
                             f"Job {job_id} is running or already done.", code="job_not_retryable", http_status=409)
        original = row.original_path
        if original and row.sha256 and original.startswith(f"{store.QUARANTINE}/"):  # back where the job reads it
            storage = storage_for(settings)
            rel = storage.unquarantine(original, row.sha256, store.suffix_for(row.filename))
            row.original_path, row.source_path = rel, str(storage.local_path(rel))
        row.status, row.stage, row.worker, row.attempts, row.next_attempt_at = "queued", "queued", None, 0, None
        row.updated_at = now_iso()
    return get_job(settings, job_id)


# --- queue state and the runner's heartbeat (the health check, `burt jobs`, GET /api/jobs) ----------

HEARTBEAT_DIR = "run"
STALE_AFTER_S = 30.0  # six missed beats of web.jobs.JobRunner (every 5 s): the runner is taken to be gone


def queue_state(settings) -> QueueState:
    """How many jobs wait (due now, or for a retry), how many are parked, and what runs now."""
    with session_scope(settings) as s:
        queued = s.scalar(select(func.count()).select_from(JobRow).where(JobRow.status == "queued")) or 0
        due = s.scalar(select(func.count()).select_from(JobRow).where(_due())) or 0
        parked = s.scalar(select(func.count()).select_from(JobRow).where(JobRow.status == NEEDS_ATTENTION)) or 0
        rows = s.scalars(select(JobRow).where((JobRow.status == "running")
                                              | ((JobRow.status == "done") & (JobRow.stage == "indexing")))
                         .order_by(JobRow.updated_at))
        running = tuple(RunningJob(id=r.id, filename=r.filename, stage=r.stage, progress=r.progress or 0.0,
                                   worker=r.worker, updated_at=r.updated_at) for r in rows)
    return QueueState(queued=queued, due=due, waiting_retry=queued - due, needs_attention=parked, running=running)


def _heartbeat_path(settings, worker: str) -> Path:
    return settings.home / HEARTBEAT_DIR / f"runner-{worker.replace(':', '-')}.json"


def write_heartbeat(settings, *, started_at: str, loop_at: str | None, alive: bool) -> None:
    """The in-process runner's beat (``web.jobs.JobRunner``, every 5 s): a small JSON
    file per runner process in ``run/`` of the data directory, replaced atomically."""
    worker = worker_name()
    path = _heartbeat_path(settings, worker)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"worker": worker, "started_at": started_at, "beat_at": now_iso(), "loop_at": loop_at, "alive": alive}
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(body), encoding="utf-8")
    os.replace(tmp, path)


def clear_heartbeat(settings) -> None:
    """A runner that stops cleanly removes its beat."""
    _heartbeat_path(settings, worker_name()).unlink(missing_ok=True)


def read_heartbeats(settings) -> list[dict]:
    """Every runner's last beat, with ``age_s`` and ``fresh`` (beat within ``STALE_AFTER_S`` and the
    loop thread alive). The beat of a process of this machine that no longer exists is removed."""
    out = []
    now = datetime.now(timezone.utc)
    for path in sorted((settings.home / HEARTBEAT_DIR).glob("runner-*.json")):
        try:
            beat = json.loads(path.read_text(encoding="utf-8"))
            age = (now - datetime.fromisoformat(beat["beat_at"])).total_seconds()
        except (OSError, ValueError, KeyError, TypeError):
            continue  # half-written by another machine, or not ours: the next beat replaces it
        if not _worker_alive(beat.get("worker")):
            path.unlink(missing_ok=True)
            continue
        beat["age_s"] = round(age, 1)
        beat["fresh"] = bool(beat.get("alive")) and age <= STALE_AFTER_S
        out.append(beat)
    return out
