"""The archive's face: plain functions taking ``settings`` first and returning dataclasses from
``archive.records`` (never ORM rows or Whoosh hits).  ``web/`` and the ``burt`` CLI call only these;
``__all__`` lists them and ``docs/architecture.md`` has the same table (a test compares the two).

Every function is written here, each a few lines over the module that does the work: ``jobs``
(ingest), ``documents``, ``indexing`` and ``search``, ``users``, ``integrity``, ``bag``,
``training``, ``activities`` (activities, links, sign-offs, the SOP audit), ``dashboard`` and
``report``.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import replace
from datetime import datetime, timezone
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Mapping

from archive import (
    activities,
    activity_edits,
    agenda,
    agenda_export,
    bag,
    citing,
    codes,
    consume,
    doclist,
    documents,
    evidence,
    evidence_picker,
    highlight,
    indexing,
    integrity,
    jobs,
    linking,
    page_preview,
    queue,
    reading,
    report,
    review,
    store,
    table_data,
    training,
    uploads,
    users,
)
from archive import audit as audit_rules
from archive import dashboard as dashboard_charts
from archive import health as health_checks
from archive import search as index
from archive.activities import ActivityChoice, ActivityDetail, ActivitySummary
from archive.audit import AuditReport, SignOff
from archive.audit_filters import AuditFilters
from archive.core import Archive
from archive.db import (
    AuditRow,
    DerivativeRow,
    Document,
    JobRow,
    loads,
    now_iso,
    select,
    session_scope,
    write_audit,
)
from archive.db import after_fork as db_after_fork
from archive.errors import DocumentNotFoundError, DuplicateDocumentError, InvalidChangeError, InvalidQueryError
from archive.records import (
    AuditEntry,
    ConsumeEvent,
    DocumentDetail,
    DocumentSummary,
    ExportReport,
    HealthReport,
    ImportReport,
    IngestOutcome,
    Job,
    QueueState,
    SearchHit,
    SearchQuery,
    SearchResult,
    StepLabel,
    TrainReport,
    TypeLabel,
    User,
    VerifyReport,
)
from archive.report import ReportFile
from archive.settings import Settings
from archive.storage import storage_for
from archive.wording import Wording
from ingest import combine
from ingest.errors import BurtError, EmptyFileError, InputError, OversizedFileError
from ingest.model import IngestResult
from ingest.sop import load_sop
from ingest.threads import ThreadLimits

__all__ = [
    # setup
    "prepare",
    # ingest and jobs
    "ingest_paths", "submit_upload", "get_job", "run_pending_jobs", "resume_jobs", "list_jobs", "retry_job",
    "ocr_file",
    # documents
    "get_document", "list_documents", "document_file", "correct_metadata", "audit_log", "refresh_index",
    "matching_word_indexes",
    # search
    "search", "suggest", "more_like_this",
    # users
    "add_user", "issue_token", "authenticate", "user_for_token", "get_user", "list_users",
    "set_user_active", "set_user_role", "reset_password", "check_password", "generate_password", "end_sessions", "record_event",
    # integrity, export, training
    "verify", "reindex", "export_archive", "import_archive", "train",
    # the SOP definition, as labels
    "document_types", "sop_steps", "message_templates",
    # activities and the SOP audit
    "list_activities", "get_activity", "create_activity", "activity_choices", "activity_of", "activity_documents",
    "link_document", "move_document", "unlink_document", "read_link_reason", "sign_off", "audit", "export_audit",
    "dashboard",
    # the review queue
    "review_queue", "review_count", "review_flags", "review_neighbours", "accept_review", "parse_date",
    # the buku agenda (register of incoming and outgoing mail)
    "agenda_list", "agenda_entry", "edit_agenda_entry", "rebuild_agenda", "export_agenda",
    # the audit page's filters, shared by the page, its exports and `burt audit` (issue 18)
    "audit_filters", "filter_audit",
    # the consume folder (a scanner's scan-to-folder: `burt watch`, BURT_CONSUME_DIR)
    "watch_folder",
    # activities by hand (issue 18): evidence picker and suggestions, confirmed and withdrawn
    # sign-offs, merge and delete, duplicates
    "find_evidence", "evidence_suggestions", "check_sign_off", "withdraw_sign_off", "merge_activities",
    "delete_activity", "similar_activities",
    # the dashboard's printed report
    "dashboard_pdf",
    # tables as data (issue 15): the register searched like documents, book lists / attendance lists /
    # schedules as rows, books per activity and per step and month
    "search_agenda", "document_tables", "export_document_table", "activity_books", "books_by_step_month",
    "rebuild_tables",
    # operations (issue 16): health check, queue state, the job runner's heartbeat
    "health", "job_queue", "runner_heartbeat", "runner_stopped",
    # the document list (issue 18): filters, sort, count, bulk edit, saved views, pages at screen size
    "document_filters", "document_list", "bulk_edit", "save_view", "list_views", "delete_view", "page_screen_image",
    "readable_title",
    # the upload page (issue 18): the user's job list, the limits the browser checks, photos as pages
    "upload_jobs", "upload_limits", "submit_pages",
    # the one Archive object (issue 12): opened once per process by create_app and the CLI
    "open_archive",
    # tables2 (issue 15): a schedule's dated entries as an activity's expected dates
    "activity_schedule",
    # the review state (issue 18): stored after every change, so pages only read it
    "store_review_state",
    # Celery workers (issue 16): `burt ingest --queue`, `burt worker`, the queue per worker and per broker queue
    "queue_paths", "run_worker", "worker_queues",
]

log = logging.getLogger(__name__)


def prepare(settings) -> Archive:
    """Deprecated alias of ``open_archive`` (same result), kept for callers written before the
    ``Archive`` object; new code calls ``open_archive``."""
    return open_archive(settings)


# --- ingest -------------------------------------------------------------------------------------

def ingest_paths(settings, paths: Iterable[str | os.PathLike], *, user: str | None = None,
                 processor: jobs.Processor | None = None) -> Iterator[IngestOutcome]:
    """Archive files, yielding an ``IngestOutcome`` as each finishes (``burt ingest``).

    First finishes whatever a crashed run left behind and runs the jobs due for a retry
    (``resume_jobs``).  Same bytes as an archived document → status "duplicate" with the
    existing id; a file ingest cannot read → status "failed" with the clerk-readable message
    and whose fault it was.  ``processor`` is the pipeline (default ``ingest.pipeline``; tests
    pass a fake with the same ``ingest_many``/``ingest_file``), always driven as a batch.
    """
    resume_jobs(settings, processor)
    yield from _ingest_batch(settings, [Path(p) for p in paths], user, jobs.pipeline_of(processor))


def _ingest_batch(settings, paths: list[Path], user: str | None, pipeline: jobs.Pipeline
                  ) -> Iterator[IngestOutcome]:
    """The real pipeline over many files: each job is recorded and its original stored as the
    process pool asks for the next file (``ingest_many`` keeps a few documents in flight), and
    each document is committed, linked and indexed as soon as its OCR completes; when the batch ends,
    the documents it left unlinked are tried again (``_link_left_behind``)."""
    ready: list[IngestOutcome] = []  # outcomes decided before processing (missing, duplicate…)
    in_flight: dict[tuple[str, str], tuple[Path, JobRow, str, str, Path]] = {}
    ingested: list[str] = []

    def items():
        for path in paths:
            outcome = _check_path(settings, path)
            if outcome is None:
                outcome = _prepare_job(settings, path, user, in_flight)
            if outcome is not None:
                ready.append(outcome)
                continue
            yield next(reversed(in_flight))

    for item, result in pipeline.ingest_many(items(), settings.ingest):
        yield from _drain(ready)
        path, row, sha, rel, staged = in_flight.pop(item)
        if isinstance(result, BurtError):
            storage_for(settings).discard_staging(staged)
            outcome = jobs.guarded(settings, row, partial(_raise, result))
        else:
            outcome = jobs.guarded(settings, row, partial(jobs.finish, settings, row, sha, rel, staged, result))
        outcome = _link_and_index(settings, outcome)
        if outcome.status == "ingested" and outcome.id:
            ingested.append(outcome.id)
        yield IngestOutcome(**{**outcome.__dict__, "file": str(path)})
    yield from _drain(ready)
    if ingested:  # the batch's documents left behind by its upload order
        _link_left_behind(settings, ingested)


def _raise(exc: BaseException):
    raise exc


def _drain(ready: list[IngestOutcome]) -> Iterator[IngestOutcome]:
    while ready:
        yield ready.pop(0)


def _prepare_job(settings, path: Path, user: str | None, in_flight: dict) -> IngestOutcome | None:
    """Record the job and store the original; an outcome when it ends there (duplicate, error)."""
    sha = store.sha256_file(path)
    existing = _doc_id_for_sha(settings, sha)
    if existing or any(entry[2] == sha for entry in in_flight.values()):  # same bytes earlier in this batch
        return IngestOutcome(file=str(path), status="duplicate", id=existing or store.doc_id_for(sha), sha256=sha)
    job_id = jobs.record_job(settings, path.name, path.resolve(), sha, user=user, claimed=True)
    row = jobs.load_row(settings, job_id)
    # jobs.guarded is typed for steps ending in an IngestOutcome; prepare may also hand back the staging
    prepared = jobs.guarded(settings, row, lambda: jobs.prepare(settings, row))  # type: ignore[arg-type,return-value]
    if isinstance(prepared, IngestOutcome):
        return IngestOutcome(**{**prepared.__dict__, "file": str(path)})
    sha, rel, staged = prepared
    item = (str(storage_for(settings).local_path(rel)), str(staged))
    in_flight[item] = (path, row, sha, rel, staged)
    return None


def _check_path(settings, path: Path) -> IngestOutcome | None:
    """An outcome for a path that cannot even be read (missing, empty); None when fine."""
    if not path.is_file():
        return IngestOutcome(file=str(path), status="failed", error_code="file_not_found",
                             error=f"Berkas tidak ditemukan: {path}. / File not found: {path}.")
    if path.stat().st_size == 0:
        err = EmptyFileError()
        return IngestOutcome(file=str(path), status="failed", error=err.message, error_code=err.code)
    return None


def _doc_id_for_sha(settings, sha: str) -> str | None:
    with session_scope(settings) as s:
        return s.scalar(select(Document.id).where(Document.sha256 == sha))


def submit_upload(settings, filename: str, stream: BinaryIO, *, user: str | None, sniff: bool = False) -> Job:
    """Store an upload's original and queue its ingest job (OCR runs later, in the job runner).

    Raises ``DuplicateDocumentError(existing_id)`` for bytes already archived (or queued),
    ``EmptyFileError`` / ``OversizedFileError`` before anything is kept; with ``sniff`` (the web's
    uploads) also ``UnsupportedFileError`` / ``SuspiciousFileError`` for bytes that are no PDF,
    JPEG, PNG or TIFF (sniffed as ingest does), before a job exists.
    """
    open_archive(settings)
    name = Path(filename or "unggahan").name or "unggahan"
    part = settings.incoming_dir / f"{os.urandom(8).hex()}.part"
    sha = _receive(settings, stream, part)
    return _send_jobs(settings, _queue_received(settings, name, part, sha, user, sniff), interactive=True)


def _queue_received(settings, name: str, part: Path, sha: str, user: str | None, sniff: bool = True) -> Job:
    """Queue the job of a received upload (``part``, removed at the end): its kind is checked from
    its bytes first (``UnsupportedFileError`` / ``SuspiciousFileError``, nothing kept)."""
    try:
        try:
            if sniff:
                combine.check_kind(part, name)
        except BurtError as exc:
            log.info("upload %r refused before queueing: %s %s", name, exc.code, exc.detail or "")
            raise
        existing = _doc_id_for_sha(settings, sha) or _queued_doc_for_sha(settings, sha)
        if existing:
            raise DuplicateDocumentError(existing)
        # held by this request (running, this worker) until its original is stored: a job runner
        # in another thread must not take it while its source is still the .part file
        job_id = jobs.record_job(settings, name, part, sha, user=user, claimed=True)
        storage = storage_for(settings)
        try:
            rel = storage.put_original(part, sha, store.suffix_for(name))
        except BaseException:
            jobs.fail_job(settings, job_id, "store_failed",
                          "Berkas tidak dapat disimpan. / The file could not be stored.")
            raise
        with session_scope(settings) as s:
            row = s.get(JobRow, job_id)
            assert row is not None, "recorded just above"
            row.original_path, row.source_path = rel, str(storage.local_path(rel))
            row.status, row.stage, row.worker, row.attempts = "queued", "queued", None, 0
            write_audit(s, "document.upload", user=user, doc_id=store.doc_id_for(sha),
                        detail={"file": name, "sha256": sha, "job": job_id})
    finally:
        part.unlink(missing_ok=True)
    return jobs.get_job(settings, job_id)


def _queued_doc_for_sha(settings, sha: str) -> str | None:
    with session_scope(settings) as s:
        hit = s.scalar(select(JobRow.id).where(JobRow.sha256 == sha, JobRow.status.in_(jobs.ACTIVE)))
    return store.doc_id_for(sha) if hit else None


def _receive(settings, stream: BinaryIO, part: Path) -> str:
    """Copy the upload stream to ``part`` while hashing; refuse empty or oversized uploads."""
    h, size = hashlib.sha256(), 0
    try:
        with open(part, "wb") as out:
            for chunk in iter(lambda: stream.read(store.CHUNK), b""):
                size += len(chunk)
                if size > settings.max_upload_bytes:
                    raise OversizedFileError()
                h.update(chunk)
                out.write(chunk)
        if size == 0:
            raise EmptyFileError()
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return h.hexdigest()


def get_job(settings, job_id: str) -> Job:
    open_archive(settings)
    return jobs.get_job(settings, job_id)


def run_pending_jobs(settings, processor: jobs.Processor | None = None) -> int:
    """Run every job that is due (queued, or a machine-fault retry whose backoff has passed):
    the web job runner calls this in a loop; returns how many ran."""
    open_archive(settings)
    n, ingested = 0, []
    for job_id in jobs.pending_job_ids(settings):
        if jobs.claim(settings, job_id):
            outcome = _link_and_index(settings, jobs.run_job(settings, job_id, processor))
            if outcome.status == "ingested" and outcome.id:
                ingested.append(outcome.id)
            n += 1
    if ingested:
        _link_left_behind(settings, ingested)
    return n


def _link_left_behind(settings, batch: list[str]) -> None:
    """The second linking pass where a batch ends: each document was linked as it came, in upload order, so
    one that may only join an activity (a partner named only in its text, a name read cut) and came before
    the letter that started its activity was left unlinked; the unlinked documents the batch (``batch``, the
    documents it archived) can change are tried again against the activities that exist now
    (``linking.link_unlinked``: the same rules and confidence, linked ones indexed again), its own and earlier
    batches' alike. A failure is logged: the documents stay archived and ``audit`` links them later."""
    try:
        linking.link_unlinked(settings, batch=batch)
    except Exception:  # the documents stay archived and unlinked; audit() tries again
        log.exception("the documents left unlinked by a batch were not linked again")


def _link_and_index(settings, outcome: IngestOutcome) -> IngestOutcome:
    """After a job committed its document: link it to its activity, then index it (so the one
    index write carries the activity).  The document is already safe: a linking failure is
    logged with its id and left for ``audit``; an index failure for ``resume_jobs``."""
    if outcome.status != "ingested" or not outcome.id:
        return outcome
    completed = _link_document(settings, outcome.id)
    others: list[str] = [i for i in completed if i != outcome.id]  # letters whose number its citations filled
    try:
        others += [i for i in _store_review_state(settings) if i != outcome.id and i not in others]  # its flags
    except Exception:  # the document stays archived; the next write or `burt reindex` stores them
        log.exception("document %s archived but its review state not stored", outcome.id)
    try:
        indexing.index_documents(settings, [outcome.id, *others])
    except Exception:  # committed is safe: resume_jobs / reindex index it later
        log.exception("document %s committed but not indexed yet; resume will index it", outcome.id)
    jobs.crash_point("indexed")
    return outcome


def _link_document(settings, doc_id: str) -> list[str]:
    """A committed document's follow-ups before its index write: numbers the archive's citations fill
    (``citing``: its own, or archived letters its citations name) and code letters the archive's other numbers
    settle (``codes``; returns those ids), its activity, its
    buku agenda entry, its table rows.  Each failure is logged and left for its own rebuild."""
    completed: list[str] = []
    try:
        with session_scope(settings) as s:
            completed = citing.complete(s, doc_id)
    except Exception:  # the document stays archived with its number empty, as read
        log.exception("document %s archived but the archive's citations not checked for its number", doc_id)
    try:
        with session_scope(settings) as s:
            completed += [i for i in codes.complete(s, doc_id) if i not in completed]
    except Exception:  # the document stays archived with its number as read
        log.exception("document %s archived but its number's code not checked against the archive's", doc_id)
    try:
        linking.auto_link(settings, doc_id, reindex=False)
    except Exception:  # the document stays archived; audit() links it later
        log.exception("document %s archived but not linked to an activity", doc_id)
    try:
        agenda.refresh_document(settings, doc_id)  # its buku agenda entry (a letter) or rows (an agenda page)
    except Exception:  # the document stays archived; `burt agenda rebuild` enters it later
        log.exception("document %s archived but not entered in the buku agenda", doc_id)
    try:
        table_data.refresh(settings, doc_id)  # a book list's books, an attendance list's names, a jadwal's dates
    except Exception:  # the document stays archived; rebuild_tables reads it later
        log.exception("document %s archived but its table not read as rows", doc_id)
    return completed


def resume_jobs(settings, processor: jobs.Processor | None = None) -> int:
    """Finish what a crash left (stale running jobs, unindexed documents) and run the due jobs.
    Returns how many jobs and documents were finished."""
    open_archive(settings)
    return jobs.recover(settings) + run_pending_jobs(settings, processor)


def ocr_file(settings, path, *, debug_dir=None) -> IngestResult:
    """Run the ingest pipeline on one file without archiving it (``burt ocr`` calls
    ``archive.reading.ocr_file``, which this is, directly: it imports no database or index)."""
    return reading.ocr_file(settings, path, debug_dir=debug_dir)


# --- documents -----------------------------------------------------------------------------------

def get_document(settings, doc_id: str) -> DocumentDetail:
    open_archive(settings)
    with session_scope(settings) as s:
        return documents.detail(s, documents.load(s, doc_id))


def list_documents(settings, *, limit: int = 50, offset: int = 0, needs_review: bool | None = None
                   ) -> list[DocumentSummary]:
    """Newest first."""
    open_archive(settings)
    with session_scope(settings) as s:
        q = select(Document).order_by(Document.created_at.desc(), Document.id)
        if needs_review is not None:
            q = q.where(Document.needs_review.is_(bool(needs_review)))
        rows = s.scalars(q.limit(max(0, int(limit))).offset(max(0, int(offset))))
        return [documents.summary(s, d) for d in rows]


_FILE_KINDS = {"pdf": "searchable.pdf", "ocr": "ocr.json"}


def document_file(settings, doc_id: str, kind: str, page: int | None = None) -> Path:
    """Path of a stored file, taken from the database (never from the request).

    ``kind``: original | pdf | page | thumb | ocr.  Missing → ``DocumentNotFoundError``.
    """
    open_archive(settings)
    rel: str | None
    with session_scope(settings) as s:
        doc = documents.load(s, doc_id)
        if kind == "original":
            rel = doc.original_path
        else:
            if kind in ("page", "thumb"):
                number = int(page or 1)
                name = f"page-{number:04d}.png" if kind == "page" else f"thumb-{number:04d}.jpg"
            elif kind in _FILE_KINDS:
                name = _FILE_KINDS[kind]
            else:
                raise DocumentNotFoundError(f"Jenis berkas '{kind}' tidak dikenal. / Unknown file kind '{kind}'.")
            rel = s.scalar(select(DerivativeRow.path).where(DerivativeRow.document_id == doc_id,
                                                            DerivativeRow.name == name))
    storage = storage_for(settings)
    if not rel or not storage.exists(rel):
        raise DocumentNotFoundError(f"Berkas {kind} untuk dokumen {doc_id} tidak ada. / "
                                    f"No {kind} file for document {doc_id}.")
    return storage.local_path(rel)


def correct_metadata(settings, doc_id: str, changes: dict, *, user: str, reason: str = "") -> DocumentDetail:
    """Correct fields / doc_type / sop_step; history and audit kept; re-indexed; feeds ``train``."""
    open_archive(settings)
    with session_scope(settings) as s:
        documents.correct(s, doc_id, changes, user=user, reason=reason)
    agenda.refresh_document(settings, doc_id)  # its register entry follows, except columns edited by hand
    table_data.refresh(settings, doc_id)  # a corrected type may make it a book list (or no longer one)
    indexing.index_documents(settings, [doc_id, *_store_review_state(settings)])
    return get_document(settings, doc_id)


def refresh_index(settings, doc_ids: Iterable[str]) -> int:
    """Re-index documents after something they are indexed by changed (e.g. an activity link)."""
    open_archive(settings)
    return indexing.index_documents(settings, list(doc_ids))


def matching_word_indexes(words: Iterable[Any], query: str) -> list[int]:
    """Indexes of a page's OCR ``words`` that match a term of ``query`` (to draw search hits on
    the page image); tolerant of suffixes and small OCR slips."""
    return highlight.matching_word_indexes(words, query)


def audit_log(settings, *, doc_id: str | None = None, activity_id: str | None = None, limit: int = 50,
              offset: int = 0) -> list[AuditEntry]:
    """Audit entries, newest first."""
    open_archive(settings)
    with session_scope(settings) as s:
        q = select(AuditRow).order_by(AuditRow.id.desc())
        if doc_id:
            q = q.where(AuditRow.doc_id == doc_id)
        if activity_id:
            q = q.where(AuditRow.activity_id == activity_id)
        rows = list(s.scalars(q.limit(max(0, int(limit))).offset(max(0, int(offset)))))
        # an upload whose job failed names the document it would have become: no link to it (issue 18)
        known = uploads.existing_documents(s, {r.doc_id for r in rows if r.doc_id})
        return [AuditEntry(r.id, r.at, r.user, r.action, r.doc_id if r.doc_id in known else None, r.activity_id,
                           loads(r.detail, {})) for r in rows]


# --- search --------------------------------------------------------------------------------------

def search(settings, q: SearchQuery | str) -> SearchResult:
    open_archive(settings)
    if isinstance(q, str):
        q = SearchQuery(text=q)
    if not isinstance(q, SearchQuery):
        raise InvalidQueryError()
    return index.run_query(settings.index_dir, q)


def suggest(settings, prefix: str, limit: int = 10) -> list[str]:
    open_archive(settings)
    return index.suggest(settings.index_dir, prefix, limit)


def more_like_this(settings, doc_id: str, limit: int = 10) -> list[SearchHit]:
    open_archive(settings)
    with session_scope(settings) as s:
        documents.load(s, doc_id)
    return [h for h in index.more_like_this(settings.index_dir, doc_id, limit + 1) if h.id != doc_id][:limit]


# --- users -----------------------------------------------------------------------------------------

def add_user(settings, name: str, role: str, password: str | None = None, *, by: str | None = None,
             address: str | None = None) -> tuple[User, str]:
    """Create a user; returns ``(user, api_token)`` (the token is shown once); audited as ``by``."""
    open_archive(settings)
    return users.add_user(settings, name, role, password, by=by, address=address)


def issue_token(settings, name: str, new: bool = False, *, by: str | None = None, address: str | None = None) -> str:
    open_archive(settings)
    return users.issue_token(settings, name, new, by=by, address=address)


def authenticate(settings, name: str, password: str) -> User:
    open_archive(settings)
    return users.authenticate(settings, name, password)


def user_for_token(settings, token: str) -> User:
    open_archive(settings)
    return users.user_for_token(settings, token)


def get_user(settings, user_id: int | str) -> User:
    """By numeric id (or, given a non-numeric string, by name)."""
    open_archive(settings)
    if isinstance(user_id, str) and not user_id.isdigit():
        for u in users.list_users(settings):
            if u.name == user_id:
                return u
        return users.get_user(settings, -1)
    return users.get_user(settings, int(user_id))


def list_users(settings) -> list[User]:
    open_archive(settings)
    return users.list_users(settings)


# --- integrity, export, training -----------------------------------------------------------------

def verify(settings) -> VerifyReport:
    open_archive(settings)
    return integrity.verify(settings)


def reindex(settings) -> int:
    """Rebuild the search index from the database (the review state stored first); returns how
    many documents were indexed."""
    open_archive(settings)
    _store_review_state(settings, force=True)
    return indexing.rebuild(settings)


def export_archive(settings, dest) -> ExportReport:
    open_archive(settings)
    return bag.export_archive(settings, Path(dest))


def import_archive(settings, src) -> ImportReport:
    report_ = bag.import_archive(settings, Path(src))
    refresh_index(settings, _store_review_state(settings))
    return report_


def train(settings) -> TrainReport:
    open_archive(settings)
    return training.train(settings)


# --- jobs (issue 14: failures sorted by fault) -------------------------------------------------------

def list_jobs(settings, *, failed: bool = False, limit: int = 100) -> list[Job]:
    """Ingest jobs, newest first (``burt jobs``); ``failed``: only failed, retrying or parked ones."""
    open_archive(settings)
    return jobs.list_jobs(settings, failed=failed, limit=limit)


# --- accounts: disable/enable, role, password, sessions, security events (issue 14) ----------------

def set_user_active(settings, name: str, active: bool, *, by: str | None, address: str | None = None) -> User:
    """Disable or enable ``name`` (audited as ``by``); the user's sessions end either way."""
    open_archive(settings)
    return users.set_active(settings, name, active, by=by, address=address)


def set_user_role(settings, name: str, role: str, *, by: str | None, address: str | None = None) -> User:
    """Change the role of ``name`` (audited); the user's sessions end."""
    open_archive(settings)
    return users.set_role(settings, name, role, by=by, address=address)


def reset_password(settings, name: str, password: str | None = None, *, by: str | None,
                   address: str | None = None) -> tuple[User, str]:
    """Set or generate a new password for ``name`` (audited); returns it so it can be shown once."""
    open_archive(settings)
    return users.set_password(settings, name, password, by=by, address=address)


def check_password(name: str, password: str) -> None:
    """The password policy (``UserError`` naming what is wrong)."""
    users.check_password(name, password)


def generate_password(name: str) -> str:
    """A random password the policy accepts for ``name`` (shown once to whoever created it)."""
    return users.generate_password(name)


def end_sessions(settings, user_id: int, *, address: str | None = None) -> None:
    """Log ``user_id`` out of every browser session (logout), audited."""
    open_archive(settings)
    users.end_sessions(settings, user_id, address=address)


def record_event(settings, action: str, *, user: str | None, address: str | None = None,
                 doc_id: str | None = None, detail: dict | None = None) -> None:
    """Append a security event (login, refusal, download, export…) to the audit log."""
    open_archive(settings)
    users.record_event(settings, action, user=user, address=address, doc_id=doc_id, detail=detail)


def retry_job(settings, job_id: str, processor: jobs.Processor | None = None) -> Job:
    """An operator's retry of a failed or parked job (its original is kept): due now with fresh
    tries, and run at once in this process."""
    open_archive(settings)
    jobs.requeue(settings, job_id)
    if jobs.claim(settings, job_id):
        _link_and_index(settings, jobs.run_job(settings, job_id, processor))
    return jobs.get_job(settings, job_id)


# --- the SOP definition, as labels ------------------------------------------------------------------

@lru_cache(maxsize=1)
def document_types() -> tuple[TypeLabel, ...]:
    """Every document type the SOP defines, in SOP order."""
    return tuple(TypeLabel(t.id, t.label_id, t.label_en, t.step or None) for t in load_sop().doc_types)


@lru_cache(maxsize=1)
def sop_steps() -> tuple[StepLabel, ...]:
    """The SOP steps (number and name)."""
    return tuple(StepLabel(s.number, s.name) for s in load_sop().steps)


def message_templates() -> tuple[str, ...]:
    """Interface strings that come from data rather than code (the web's English catalogue
    translates them): the SOP step names, and the templates of the archive's own sentences (audit
    findings and fixes, review reasons, link reasons)."""
    return (tuple(s.name for s in sop_steps()) + audit_rules.FINDING_TEMPLATES + evidence.REVIEW_TEMPLATES
            + linking.REASON_TEMPLATES)


# --- activities and the SOP audit ---------------------------------------------------------------

def list_activities(settings) -> list[ActivitySummary]:
    open_archive(settings)
    return activities.list_activities(settings)


def get_activity(settings, activity_id: int) -> ActivityDetail:
    open_archive(settings)
    detail = activities.get_activity(settings, activity_id)
    ids = [d.id for d in detail.documents]
    return replace(detail, books=activity_books(settings, ids), schedule=activity_schedule(settings, ids))


def create_activity(settings, partner: str, period: str, *, user: Any = None) -> ActivitySummary:
    """A new activity for ``partner`` over ``period`` ('2024' or '2024-01-01..2024-06-30'), audited."""
    open_archive(settings)
    return activities.create_activity(settings, partner, period, user=user)


def activity_choices(settings) -> list[ActivityChoice]:
    """Every activity as a choice for the link / move forms."""
    open_archive(settings)
    return activities.activity_choices(settings)


def activity_of(settings, doc_id: str) -> ActivityDetail | None:
    """The activity (``ActivityDetail``: summary and documents) ``doc_id`` is linked to, read from
    the link table, or None when it is in none (not yet linked, or unlinked by a person)."""
    open_archive(settings)
    return activities.activity_of_document(settings, doc_id)


def activity_documents(settings, doc_id: str) -> tuple[ActivitySummary, tuple[Any, ...]] | None:
    """The activity holding ``doc_id`` and its other documents, as ``(summary, documents)``, or
    None.  Read from the link table, so a document linked by hand to an activity of another
    partner spelling is found too."""
    detail = activity_of(settings, doc_id)
    if detail is None:
        return None
    return detail.summary, tuple(d for d in detail.documents if d.id != doc_id)


def link_document(settings, doc_id: str, activity_id: int, *, user: Any) -> ActivityDetail:
    """Link a document to an activity by hand (audited, re-indexed)."""
    open_archive(settings)
    return activities.link_document(settings, doc_id, activity_id, user=user)


def move_document(settings, doc_id: str, activity_id: int, *, user: Any) -> ActivityDetail:
    """Move a document to another activity by hand (audited, re-indexed)."""
    open_archive(settings)
    return activities.move_document(settings, doc_id, activity_id, user=user)


def unlink_document(settings, doc_id: str, *, user: Any, activity_id: int | None = None) -> None:
    """Take a document out of its activity by hand; auto-linking leaves it out afterwards.  With
    ``activity_id`` it must be linked to that one; unlinking a signed-off step's evidence withdraws
    that sign-off (audited)."""
    open_archive(settings)
    activities.unlink_document(settings, doc_id, user=user, activity_id=activity_id)


def read_link_reason(text: str | None) -> Wording | None:
    """A logged link reason as its template and parameters (for translation), or None."""
    return activities.read_link_reason(text)


def sign_off(settings, activity_id: int, step: int, *, user: Any, override_reason: str | None = None,
             address: str | None = None) -> SignOff:
    """Record that ``user`` verified ``step`` of the activity (roles allowed by the SOP).  The step's
    evidence must be linked unless ``override_reason`` says why not (audited, with ``address``)."""
    open_archive(settings)
    return activities.sign_off(settings, activity_id, step, user=user, override_reason=override_reason,
                               address=address)


def audit(settings, activity_id: int | None = None) -> AuditReport:
    """The SOP audit of every activity (or one); links unlinked documents first."""
    open_archive(settings)
    return activities.audit(settings, activity_id)


def export_audit(settings, fmt: str, activity_id: int | None = None,
                 filters: AuditFilters | None = None) -> ReportFile:
    """The audit as a file: ``fmt`` pdf, csv, csv-id (``;``, decimal commas) or xlsx, narrowed by
    the audit page's ``filters`` (see ``audit_filters``)."""
    open_archive(settings)
    return report.export_audit(settings, fmt, activity_id, filters)


def dashboard(settings, text: dict[str, str] | None = None) -> dashboard_charts.Dashboard:
    """The dashboard's counts (the page draws its charts in the browser; ``dashboard_pdf`` prints them).
    Its review share reads the stored review state, the queue's (the menu badge)."""
    open_archive(settings)
    return dashboard_charts.dashboard(settings, text=text)


# --- the review queue (issue 18): flags with reasons, accept, a clerk's dates -----------------------

def _review_state(settings) -> dict[str, tuple[review.ReviewFlag, ...]]:
    """Open review flags per document, read only: the documents whose stored ``needs_review`` is
    set (written after every change, ``_store_review_state``), each with its reasons."""
    with session_scope(settings) as s:
        return review.stored_flags(s)


def review_queue(settings, *, limit: int = 200, offset: int = 0) -> list[review.ReviewItem]:
    """Documents waiting for review, oldest first, each with its open flags (reasons as ``Wording``)."""
    open_archive(settings)
    flags = _review_state(settings)
    with session_scope(settings) as s:
        ids = review.review_order(s, flags)[max(0, int(offset)):max(0, int(offset)) + max(0, int(limit))]
        return [review.ReviewItem(documents.summary(s, documents.load(s, i)), flags[i]) for i in ids]


def review_count(settings) -> int:
    """How many documents wait for review (the menu badge)."""
    open_archive(settings)
    return len(_review_state(settings))


def review_flags(settings, doc_id: str) -> tuple[review.ReviewFlag, ...]:
    """The open review flags of one document (empty when it needs no review)."""
    open_archive(settings)
    with session_scope(settings) as s:
        documents.load(s, doc_id)
    return _review_state(settings).get(doc_id, ())


def review_neighbours(settings, doc_id: str) -> tuple[str | None, str | None]:
    """The flagged documents before and after ``doc_id`` in the queue (for next/previous); a
    document not in the queue gets the first one as its next."""
    open_archive(settings)
    flags = _review_state(settings)
    with session_scope(settings) as s:
        order = review.review_order(s, flags)
    if doc_id not in order:
        return None, (order[0] if order else None)
    k = order.index(doc_id)
    return (order[k - 1] if k > 0 else None), (order[k + 1] if k + 1 < len(order) else None)


def accept_review(settings, doc_id: str, *, user: str) -> list[str]:
    """Accept a document as it is: its current review flags are cleared (audited with their keys;
    a flag that appears later shows again).  Returns the accepted flag keys."""
    open_archive(settings)
    with session_scope(settings) as s:
        documents.load(s, doc_id)
        keys = review.accept(s, doc_id, user=user)
    refresh_index(settings, _store_review_state(settings))
    return keys


def parse_date(text: str) -> str | None:
    """A date as a clerk types it (``22-04-2024``, ``22/4/2024``, ``22 April 2024``, ``22 Apr 2024``,
    ``2024-04-22``) as ISO ``yyyy-mm-dd``; None when it is no real date."""
    return review.parse_user_date(text)


# --- the buku agenda (issue 15: a register of incoming and outgoing mail) ----------------------------

def agenda_list(settings, *, year: int | None = None, month: int | None = None, register: str | None = None,
                text: str = "", limit: int = 500, offset: int = 0) -> agenda.AgendaList:
    """Register entries filtered by year, month of tanggal terima, register (masuk / keluar) and
    text, in ledger order; with the years and the month counts for the tabs."""
    open_archive(settings)
    return agenda.list_entries(settings, agenda.AgendaQuery(year=year, month=month, register=register or None,
                                                            text=text or "", limit=limit, offset=offset))


def agenda_entry(settings, entry_id: int) -> agenda.AgendaEntry:
    """One register entry (``AgendaEntryNotFoundError``)."""
    open_archive(settings)
    return agenda.get_entry(settings, entry_id)


def edit_agenda_entry(settings, entry_id: int, changes: dict, *, user: str, reason: str = "") -> agenda.AgendaEntry:
    """Change columns of an entry by hand (audited as ``agenda.edit``; later metadata updates and
    page re-reads leave those columns alone)."""
    open_archive(settings)
    return agenda.edit_entry(settings, entry_id, changes, user=user, reason=reason)


def rebuild_agenda(settings) -> agenda.RebuildReport:
    """Enter every archived letter and read every agenda page again (``burt agenda rebuild``)."""
    open_archive(settings)
    return agenda.rebuild(settings)


def export_agenda(settings, fmt: str, *, year: int | None = None, month: int | None = None,
                  register: str | None = None, text: str = "") -> ReportFile:
    """The (filtered) register as pdf (the ledger), csv or xlsx."""
    found = agenda_list(settings, year=year, month=month, register=register, text=text, limit=10**9)
    label = "-".join(str(x) for x in (register, year, f"{month:02d}" if month else None) if x)
    return agenda_export.export(list(found.entries), fmt, load_sop().instansi, label)


# --- the audit page's filters (issue 18: exports that respect the filters on screen) ------------

def audit_filters(args: Mapping[str, str | None]) -> AuditFilters:
    """The audit page's filters from its query (``mitra``, ``tahun``, ``kecamatan``, ``status``,
    ``aturan``, ``kegiatan``); ``.query()`` gives them back for the export links."""
    return AuditFilters.from_mapping(args)


def filter_audit(report_: AuditReport, filters: AuditFilters) -> AuditReport:
    """``report_`` narrowed to the activities the filters keep (what the page shows and exports)."""
    return filters.apply(report_)


# --- the consume folder (a scanner's scan-to-folder) --------------------------------------------

def watch_folder(settings, folder: str | os.PathLike | None = None, *, once: bool = False,
                 stop: threading.Event | None = None, on_event: Callable[[ConsumeEvent], None] | None = None,
                 run_jobs: bool = True, processor: jobs.Processor | None = None) -> None:
    """Watch a consume folder (``folder``, default ``BURT_CONSUME_DIR``) until ``stop`` is set, or
    with ``once`` take what is there now and return (``burt watch``; ``burt serve``'s thread).

    Each settled document goes through ``ingest_paths`` and is then moved to ``done/`` or
    ``failed/`` beside a ``<name>.txt`` saying why; a machine fault leaves it in the folder
    until its job succeeds.  ``on_event`` receives a ``ConsumeEvent`` per file as it is done or
    left alone.  ``run_jobs``: this call also runs the jobs due for a retry (False under
    ``burt serve``, whose job runner does).  ``InputError`` (``consume_folder_missing``,
    ``consume_folder_busy``) or ``PermissionDeniedError`` when the folder cannot be watched."""
    open_archive(settings)
    if not (folder or settings.consume_dir):
        raise InputError("Folder masukan belum ditentukan: beri DIR atau atur BURT_CONSUME_DIR. / "
                         "No consume folder: give DIR or set BURT_CONSUME_DIR.",
                         code="consume_folder_missing", http_status=404)
    path = consume.check_folder(folder or settings.consume_dir)
    consumer = consume.Consumer(
        settings, path,
        ingest=(partial(queue_paths, settings) if settings.broker_url  # `burt worker` reads them
                else lambda paths: ingest_paths(settings, paths, processor=processor)),
        job_status=partial(jobs.get_job, settings),
        emit=on_event or (lambda event: None),
        run_due_jobs=partial(run_pending_jobs, settings, processor) if run_jobs and not settings.broker_url else None,
        resume=partial(resume_jobs, settings, processor) if run_jobs and not settings.broker_url else None)
    with consume.folder_lock(settings, path):
        log.info("watching consume folder %s (settle %.1f s)", path, consumer.settle_s)
        if once:
            consumer.run_once()
        else:
            consumer.run(stop or threading.Event())


# --- activities by hand (issue 18): evidence picker, sign-off confirm and withdrawal, merge, delete --

def find_evidence(settings, text: str, *, limit: int = 20) -> list[evidence_picker.EvidenceChoice]:
    """Documents to link as evidence, found by nomor surat (OCR-folded, also a part), original
    file name (any part) or words (the search index); each with a readable title and its current
    activity."""
    open_archive(settings)
    return evidence_picker.find_evidence(settings, text, limit=limit)


def evidence_suggestions(settings, activity_id: int) -> dict[int, list[evidence_picker.EvidenceChoice]]:
    """Unlinked documents the grouping code suggests for this activity, per SOP step."""
    open_archive(settings)
    return evidence_picker.evidence_suggestions(settings, activity_id)


def check_sign_off(settings, activity_id: int, step: int, *, user: Any,
                   override_reason: str | None = None) -> SignOff:
    """Would ``sign_off`` accept this? Raises the same errors, writes nothing (the confirm step)."""
    open_archive(settings)
    return activities.sign_off(settings, activity_id, step, user=user, override_reason=override_reason,
                               dry_run=True)


def withdraw_sign_off(settings, activity_id: int, signoff_id: int, *, user: Any, reason: str,
                      address: str | None = None) -> int:
    """Withdraw a sign-off with a reason (audited; kept in the history); returns its step."""
    open_archive(settings)
    return activity_edits.withdraw_sign_off(settings, activity_id, signoff_id, user=user, reason=reason,
                                            address=address)


def merge_activities(settings, keep_id: int, other_id: int, *, user: Any,
                     address: str | None = None) -> activity_edits.MergeReport:
    """Move the documents and sign-offs of ``other_id`` into ``keep_id`` and remove ``other_id`` (audited)."""
    open_archive(settings)
    return activity_edits.merge_activities(settings, keep_id, other_id, user=user, address=address)


def delete_activity(settings, activity_id: int, *, user: Any, reason: str | None = None,
                    address: str | None = None) -> activity_edits.DeleteReport:
    """Remove an activity; its documents become unlinked (never deleted). Signed off: needs ``reason``."""
    open_archive(settings)
    return activity_edits.delete_activity(settings, activity_id, user=user, reason=reason, address=address)


def similar_activities(settings, partner: str, period: str) -> list[ActivityChoice]:
    """Existing activities a new one (same partner and kind, overlapping programme year) would duplicate."""
    open_archive(settings)
    return activity_edits.similar_activities(settings, partner, period)


# --- the dashboard's printed report (issue 18: the page draws its charts in the browser) -----------

def dashboard_pdf(settings, text: dict[str, str] | None = None) -> ReportFile:
    """The dashboard's four charts as a printable PDF (matplotlib, server-side; words from ``text``,
    steps as ``step:<n>``)."""
    data = dashboard(settings, text=text).data
    return ReportFile("dasbor.pdf", "application/pdf", dashboard_charts.render_pdf(data, text))


# --- tables as data (issue 15): the register searched, book lists, attendance lists, schedules -------

def search_agenda(settings, text: str = "", *, year: int | None = None, month: int | None = None,
                  register: str | None = None, partner: str | None = None, limit: int = 50,
                  offset: int = 0) -> agenda.AgendaList:
    """The buku agenda searched like documents (``burt search --type agenda``): both registers and
    the rows of legacy agenda pages; every word of ``text`` must occur (a nomor surat matches its OCR
    variants), ``partner`` must be (part of) the asal/tujuan; year and month of tanggal terima."""
    open_archive(settings)
    return agenda.list_entries(settings, agenda.AgendaQuery(year=year, month=month, register=register or None,
                                                            text=text or "", partner=partner or "",
                                                            limit=limit, offset=offset))


def document_tables(settings, doc_id: str) -> table_data.DocumentTables:
    """The table a book list, attendance list or schedule holds, as rows (``kind`` None for other
    documents), with its totals: books, attendees, dated entries."""
    open_archive(settings)
    with session_scope(settings) as s:
        return table_data.document_tables(s, documents.load(s, doc_id))


def export_document_table(settings, doc_id: str, fmt: str) -> ReportFile:
    """One document's table as csv or xlsx (``InvalidQueryError`` for a document without one)."""
    return table_data.export(document_tables(settings, doc_id), fmt)


def activity_books(settings, doc_ids: Iterable[str]) -> int | None:
    """Books distributed over ``doc_ids`` (an activity's documents): the eksemplar of their book lists
    summed; None when none of them is a book list read as rows."""
    open_archive(settings)
    with session_scope(settings) as s:
        return table_data.books_total(s, doc_ids)


def books_by_step_month(settings) -> list[tuple[int | None, str | None, int]]:
    """(SOP step, month "2024-04" of the list's tanggal or None, books) over every book list."""
    open_archive(settings)
    with session_scope(settings) as s:
        return table_data.books_by_step_month(s)


def rebuild_tables(settings) -> int:
    """Read the table of every book list, attendance list and schedule again; rows stored."""
    open_archive(settings)
    return table_data.rebuild(settings)


# --- operations (issue 16): health check, queue state, the in-process runner's heartbeat ----------

def health(settings, *, expect_runner: bool = False) -> HealthReport:
    """Database, search index, job runner, disk and OCR tools, each ok | warning | down (``burt health``,
    ``GET /api/health``); ``expect_runner``: this process runs the job runner (``burt serve``)."""
    settings.ensure_dirs()
    return health_checks.check(settings, expect_runner=expect_runner)


def job_queue(settings) -> QueueState:
    """Jobs waiting (due now / for a retry), parked, and running with their stage and worker process
    (``burt jobs``, ``GET /api/jobs``); with ``BURT_BROKER_URL`` the messages waiting per Celery queue."""
    open_archive(settings)
    state = jobs.queue_state(settings)
    return replace(state, broker=queue.queue_depths(settings.broker_url)) if settings.broker_url else state


def runner_heartbeat(settings, *, started_at: str, loop_at: str | None, alive: bool) -> None:
    """The in-process job runner says it is alive (a file per runner in ``run/`` of the data directory)."""
    jobs.write_heartbeat(settings, started_at=started_at, loop_at=loop_at, alive=alive)


def runner_stopped(settings) -> None:
    """The runner stopped cleanly: its heartbeat goes."""
    jobs.clear_heartbeat(settings)


# --- the document list (issue 18, "like paperless-ngx's") -------------------------------------------

BULK_FIELDS = ("doc_type", "sop_step", "partner", "activity")


def document_filters(args: Mapping[str, Any]) -> doclist.DocumentFilters:
    """The document list's filters, sort and page from its query (``jenis``, ``tahap``, ``mitra``,
    ``kegiatan``, ``dari``, ``sampai``, ``ditinjau``, ``urut``, ``arah``, ``hal``); ``.query()``
    gives them back for links."""
    return doclist.DocumentFilters.from_mapping(args)


def document_list(settings, filters: doclist.DocumentFilters, *, page_size: int = 25) -> doclist.DocumentList:
    """Documents the filters keep, sorted (no value last, ties by id), one page of ``page_size``
    (clamped to the last page) with the total; each with a readable title, partner and activity.
    "Needs review" is the stored review state, the queue's."""
    open_archive(settings)
    with session_scope(settings) as s:
        return doclist.document_list(s, filters, page_size)


def bulk_edit(settings, doc_ids: Iterable[str], field: str, value: Any, *, user: str) -> int:
    """Apply one change to many documents; returns how many changed.  ``field``: doc_type (brings
    its SOP step), sop_step or partner go through the audited correction (one history entry and
    audit entry per document, all or none); activity (an id, or None to unlink) through the audited
    link functions.  Unknown ids raise ``DocumentNotFoundError`` before anything changes."""
    open_archive(settings)
    ids = list(dict.fromkeys(doc_ids))
    if field not in BULK_FIELDS:
        raise InvalidChangeError(f"Kolom '{field}' tidak dapat diubah bersama. / "
                                 f"Field '{field}' cannot be bulk edited.")
    with session_scope(settings) as s:
        for doc_id in ids:
            documents.load(s, doc_id)
    if field == "activity":
        target = int(value) if value not in (None, "") else None
        if target is not None:
            activities.get_activity(settings, target)  # ActivityNotFoundError before any change
        changed = 0
        for doc_id in ids:
            current = activities.activity_of_document(settings, doc_id)
            current_id = current.summary.id if current else None
            if current_id == target:
                continue
            if target is None:
                activities.unlink_document(settings, doc_id, user=user)
            else:
                activities.link_document(settings, doc_id, target, user=user)
            changed += 1
        return changed
    done: list[str] = []
    with session_scope(settings) as s:
        for doc_id in ids:
            if documents.correct(s, doc_id, {field: value}, user=user, reason="ubah bersama / bulk edit"):
                done.append(doc_id)
    for doc_id in done:
        agenda.refresh_document(settings, doc_id)
    if done:
        indexing.index_documents(settings, [*done, *_store_review_state(settings)])
    return len(done)


def save_view(settings, name: str, args: Mapping[str, Any], *, user: str, shared: bool = False
              ) -> doclist.SavedView:
    """Save the list's filters and sort in ``args`` under ``name``, private to ``user`` or shared."""
    open_archive(settings)
    with session_scope(settings) as s:
        return doclist.save_view(s, name, args, user=user, shared=shared)


def list_views(settings, user: str) -> list[doclist.SavedView]:
    """The views ``user`` saved and every shared one, by name."""
    open_archive(settings)
    with session_scope(settings) as s:
        return doclist.list_views(s, user)


def delete_view(settings, view_id: int, *, user: str) -> doclist.SavedView:
    """Delete a saved view of ``user``'s (``view_not_found`` 404, ``view_not_yours`` 403)."""
    open_archive(settings)
    with session_scope(settings) as s:
        return doclist.delete_view(s, view_id, user=user)


def page_screen_image(settings, doc_id: str, page: int, width: int | None = None) -> Path:
    """A page at screen size (``width`` rounded up to 480/800/1200/1600) as WebP, made on the first
    request and kept as a recorded derivative; ``document_file(..., "page")`` is the full PNG."""
    png = document_file(settings, doc_id, "page", page=page)
    return page_preview.screen_image(settings, doc_id, int(page), png, page_preview.snap_width(width))


def readable_title(doc: DocumentDetail | DocumentSummary) -> str:
    """What a person calls a document: its perihal, else "type · partner · date" (what is known of
    them; the list's and the evidence picker's rule), else its file name."""
    labels = {t.id: t.label_id for t in document_types()}
    label = labels.get(doc.doc_type or "") or doc.doc_type
    stem = Path(doc.filename).stem
    if isinstance(doc, DocumentDetail):
        perihal, partner = doc.value("perihal"), doc.value("partner")
    else:
        perihal, partner = (doc.title if doc.title != stem else None), None
    return evidence_picker.readable_title(perihal, label, partner, doc.tanggal if isinstance(doc, DocumentSummary)
                                          else doc.value("tanggal"), stem)


# --- the upload page (issue 18): a persistent job list, a type check first, photos as pages -------

def upload_jobs(settings, user: str, *, limit: int = 20) -> list[uploads.UploadJob]:
    """``user``'s recent ingest jobs, newest first, each with its document when that exists and
    the archived document it nearly duplicates (review flag), for the upload page."""
    open_archive(settings)
    flags = _review_state(settings)
    with session_scope(settings) as s:
        records = [jobs.to_record(r) for r in uploads.job_rows(s, user, limit)]
        return uploads.upload_jobs(s, records, flags)


def upload_limits(settings) -> dict[str, Any]:
    """What the browser checks before sending: the largest request, the most pages, the kinds
    (file name endings and MIME types) the server accepts and the photo kinds for pages."""
    return {"max_bytes": settings.max_upload_bytes, "max_pages": settings.ingest.max_pages,
            "extensions": [".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"],
            "types": ["application/pdf", "image/jpeg", "image/png", "image/tiff"],
            "photo_extensions": [".jpg", ".jpeg", ".png"], "photo_types": ["image/jpeg", "image/png"]}


def submit_pages(settings, photos: list[tuple[str, BinaryIO]], *, user: str | None) -> Job:
    """Photos of one document's pages ("Tambah halaman"), in order, combined into one multi-page
    TIFF that is queued as one upload (``submit_upload``'s checks and duplicate refusal).  A photo
    that is not a JPEG or PNG, too many pages or an oversized photo is refused before anything is
    kept; the request as a whole may not exceed ``max_upload_bytes``."""
    open_archive(settings)
    if not photos:
        raise EmptyFileError("Tidak ada foto halaman. / No page photos.")
    parts: list[Path] = []
    combined = settings.incoming_dir / f"{os.urandom(8).hex()}.part"
    try:
        for _ in photos:
            parts.append(settings.incoming_dir / f"{os.urandom(8).hex()}.part")
        for (_, stream), part in zip(photos, parts):
            _receive(settings, stream, part)
        names = [Path(n or "foto").name or "foto" for n, _ in photos]
        combine.combine_photos(list(zip(parts, names)), combined, settings.ingest)
        if combined.stat().st_size > settings.max_upload_bytes:
            raise OversizedFileError()
        sha = store.sha256_file(combined)
    except BaseException:
        combined.unlink(missing_ok=True)
        raise
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
    name = f"{Path(names[0]).stem} ({len(photos)} halaman).tif"
    return _send_jobs(settings, _queue_received(settings, name, combined, sha, user), interactive=True)



# --- the one Archive object (issue 12) --------------------------------------------------------------

def open_archive(settings) -> Archive:
    """The archive of ``settings``, open in this process: data directories made, database schema
    up to date, backfills run, Tesseract's thread limit set (``Archive.open``: once per process;
    ``create_app`` and the ``burt`` command open it at start, so here it is a look-up)."""
    return Archive.open(settings)


# --- tables2 (issue 15): a schedule's dated entries as an activity's expected dates ---------------

def activity_schedule(settings, doc_ids: Iterable[str]) -> tuple[table_data.ScheduleEntry, ...]:
    """The dated entries of the jadwal among ``doc_ids``, by date (an activity's expected dates)."""
    open_archive(settings)
    with session_scope(settings) as s:
        return table_data.schedule_of(s, doc_ids)


# --- the review state stored on writes (issue 18): pages only read it ---------------------------

def _store_review_state(settings, *, force: bool = False) -> list[str]:
    """Compute every document's open review flags and store ``needs_review`` to match; returns the
    ids whose state changed (marked unindexed, for the caller's index write).  Called after
    ingest, corrections, accepts, bulk edits, imports and ``reindex``; never on a page view.
    Without ``force`` it is skipped while nothing was written since this process last stored it."""
    with session_scope(settings) as s:
        return review.sync(s, review.open_flags(s), force=force)


def store_review_state(settings) -> list[str]:
    """Bring the stored review state (``needs_review``, the queue, the search and list filters)
    in step with the review rules and re-index what changed; returns those ids.  Writes only
    when something changed (``burt reindex`` does this for an archive as a whole)."""
    open_archive(settings)
    changed = _store_review_state(settings, force=True)
    refresh_index(settings, changed)
    return changed



# --- Celery workers (issue 16): BURT_BROKER_URL, `burt worker`, `burt ingest --queue` ----------------

def _send_jobs(settings, job: Job, *, interactive: bool = False) -> Job:
    """With ``BURT_BROKER_URL``: a message for the queued job to the workers (``interactive`` for an
    upload a clerk waits for).  Without it the in-process job runner finds the job by itself."""
    if settings.broker_url and job.status == "queued":
        queue.enqueue_jobs(settings.broker_url, [job.id], interactive=interactive)
    return job


def queue_paths(settings, paths: Iterable[str | os.PathLike], *, user: str | None = None
                ) -> Iterator[IngestOutcome]:
    """Record a job per file and store its original, without reading it (``burt ingest --queue``,
    the consume folder with a broker); the jobs run in ``burt worker`` processes
    (``BURT_BROKER_URL``) or in ``burt serve``'s job runner.  Status "queued" (``job_id``),
    "duplicate" (``id``: archived or queued already) or "failed" (unreadable, not a document)."""
    open_archive(settings)
    for raw in paths:
        path = Path(raw)
        outcome = _check_path(settings, path)
        if outcome is None:
            outcome = _queue_path(settings, path, user)
        yield outcome


def _queue_path(settings, path: Path, user: str | None) -> IngestOutcome:
    part = settings.incoming_dir / f"{os.urandom(8).hex()}.part"
    try:
        with open(path, "rb") as fh:
            sha = _receive(settings, fh, part)
        job = _send_jobs(settings, _queue_received(settings, path.name, part, sha, user))
    except DuplicateDocumentError as exc:
        return IngestOutcome(file=str(path), status="duplicate", id=exc.existing_id, sha256=store.sha256_file(path))
    except BurtError as exc:
        return IngestOutcome(file=str(path), status="failed", error=exc.message, error_code=exc.code,
                             fault=str(exc.fault))
    return IngestOutcome(file=str(path), status="queued", sha256=sha, job_id=job.id)


def worker_queues(text: str | None) -> tuple[str, ...]:
    """The queues a ``burt worker --queues`` names (default interactive,ocr); ``InputError`` for an unknown one."""
    try:
        return queue.worker_queues(text)
    except ValueError as exc:
        raise InputError(f"Antrean tidak dikenal: {exc}. / Unknown queue: {exc}.", code="unknown_queue") from exc


def run_worker(settings, *, concurrency: int, queues: tuple[str, ...]) -> None:
    """Run a Celery worker on ``BURT_BROKER_URL`` until it is stopped (``burt worker``): the same job
    code as the in-process runner, the OCR up to the commit on ``interactive``/``ocr``, linking and
    the index write on ``index`` (one process).  ``InputError`` ``broker_not_set`` without a broker."""
    if not settings.broker_url:
        raise InputError("BURT_BROKER_URL belum diatur: `burt worker` perlu Redis. Tanpa itu `burt serve` "
                         "mengolah sendiri. / BURT_BROKER_URL is not set: `burt worker` needs Redis; without it "
                         "`burt serve` runs the jobs itself.", code="broker_not_set")
    open_archive(settings)
    settings.use_private_tmp()
    limits, settings = _worker_limits(settings, concurrency)
    started = now_iso()
    handlers = queue.Handlers(
        run_job=partial(_worker_run_job, settings), index=partial(_worker_index, settings),
        sweep=partial(_worker_sweep, settings),
        heartbeat=lambda alive: (jobs.write_heartbeat(settings, started_at=started, loop_at=now_iso(),
                                                      alive=True) if alive else jobs.clear_heartbeat(settings)),
        after_fork=partial(_worker_process_started, limits))
    queue.run_worker(settings.broker_url, handlers, concurrency=concurrency, queues=queues)


def _worker_limits(settings, concurrency: int) -> tuple[ThreadLimits, Settings]:
    """The thread limits of each of a ``burt worker``'s ``concurrency`` pool processes, and its
    settings with a document's pages read in that process once the processes fill the cores (no
    page pool started per document beside them)."""
    limits = ThreadLimits.for_processes(concurrency, settings.ingest.workers)
    workers = limits.page_workers or settings.ingest.workers
    return limits, replace(settings, ingest=replace(settings.ingest, workers=workers), workers=workers)


def _worker_process_started(limits: ThreadLimits) -> None:
    """In each Celery pool process as it starts: its own database connections, its thread limits."""
    db_after_fork()
    limits.apply()


def _worker_run_job(settings, job_id: str) -> tuple[str | None, float | None]:
    """One job's message: claim it (a job of a dead worker of this machine is taken back first),
    run it up to the commit.  The committed document's id (for the index queue), or the seconds
    until a machine fault's retry is due.  A job done, running elsewhere or gone: a no-op."""
    open_archive(settings)
    if not jobs.claim(settings, job_id):
        jobs.requeue_stale_ids(settings)
        if not jobs.claim(settings, job_id):
            return None, _due_in(settings, job_id)
    outcome = jobs.run_job(settings, job_id)
    if outcome.status == "ingested":
        return outcome.id, None
    return None, _due_in(settings, job_id) if outcome.next_attempt_at else None


def _due_in(settings, job_id: str) -> float | None:
    """Seconds until a queued job waiting for its backoff is due (None: not such a job)."""
    try:
        job = jobs.get_job(settings, job_id)
    except Exception:  # noqa: BLE001 - a job that is gone needs no retry
        return None
    if job.status != "queued" or not job.next_attempt_at:
        return None
    due = datetime.fromisoformat(job.next_attempt_at)
    return max(0.0, (due - datetime.now(timezone.utc)).total_seconds()) + 1.0


def _worker_index(settings) -> int:
    """The index queue's one task: every committed-but-unindexed document linked, then indexed in
    one write (a batch when several OCR workers committed meanwhile).  Idempotent."""
    open_archive(settings)
    pending = jobs.unindexed_ids(settings)
    others: list[str] = []
    for doc_id in pending:
        others += [i for i in _link_document(settings, doc_id) if i not in pending and i not in others]
    if pending:
        try:
            others += [i for i in _store_review_state(settings) if i not in pending and i not in others]  # their flags (and duplicates')
        except Exception:  # the documents stay archived; the next write or `burt reindex` stores them
            log.exception("documents %s archived but their review state not stored", pending)
    done = indexing.index_documents(settings, [*pending, *others])
    if pending:  # the documents these left behind (upload order): linked again, and indexed so
        _link_left_behind(settings, pending)
    return done


def _worker_sweep(settings, ocr_queues_empty: bool) -> tuple[list[str], bool]:
    """A worker's sweep: jobs of dead workers put back (to be sent again); when the OCR queues are
    empty, due jobs idle for a while (their message was lost); and whether documents wait for the index."""
    open_archive(settings)
    again = jobs.requeue_stale_ids(settings)
    if ocr_queues_empty:
        again += [j for j in jobs.due_job_ids(settings, idle_s=SWEEP_IDLE_S) if j not in again]
    return again, bool(jobs.unindexed_ids(settings))


SWEEP_IDLE_S = 30.0

