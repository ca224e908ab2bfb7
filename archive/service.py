"""The archive's face: plain functions taking ``settings`` first and returning dataclasses from
``archive.records`` (never ORM rows or Whoosh hits).  ``web/`` and the ``burt`` CLI call only these.

Activity/audit functions (``list_activities``, ``audit``, ``sign_off``, ``dashboard``…) live in
their own modules and are reached through this module too (see ``__getattr__`` at the end).
"""
from __future__ import annotations

import hashlib
import importlib
import logging
import os
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from archive import documents, jobs, search as index, store, users
from archive.db import (AuditRow, DerivativeRow, Document, JobRow, loads, open_db, select,
                        session_scope, write_audit)
from archive.errors import DocumentNotFoundError, DuplicateDocumentError, InvalidQueryError
from archive.records import (AuditEntry, DocumentDetail, DocumentSummary, IngestOutcome, Job, SearchHit,
                             SearchQuery, SearchResult, User)
from ingest.errors import BurtError, EmptyFileError, OversizedFileError

log = logging.getLogger(__name__)


def prepare(settings) -> None:
    """Create the data directories and bring the database schema up to date (idempotent)."""
    settings.ensure_dirs()
    open_db(settings)


# --- ingest -------------------------------------------------------------------------------------

def ingest_paths(settings, paths: Iterable[str | os.PathLike], *, user: str | None = None,
                 processor: jobs.Processor | None = None) -> Iterator[IngestOutcome]:
    """Archive files one by one, yielding an ``IngestOutcome`` as each finishes.

    First finishes whatever a crashed run left behind (``resume_jobs``).  Same bytes as an
    archived document → status "duplicate" with the existing id; a file ingest cannot read →
    status "failed" with the clerk-readable message.  ``processor`` defaults to
    ``ingest.pipeline.ingest_file``.
    """
    prepare(settings)
    jobs.resume(settings, processor)
    if processor is not None:
        for raw in paths:
            yield _ingest_one(settings, Path(raw), user, processor)
        return
    yield from _ingest_batch(settings, [Path(p) for p in paths], user)


def _ingest_one(settings, path: Path, user: str | None, processor) -> IngestOutcome:
    early = _check_path(settings, path)
    if early is not None:
        return early
    sha = store.sha256_file(path)
    existing = _doc_id_for_sha(settings, sha)
    if existing:
        return IngestOutcome(file=str(path), status="duplicate", id=existing, sha256=sha)
    job_id = jobs.record_job(settings, path.name, path.resolve(), sha, user=user, claimed=True)
    outcome = jobs.run_job(settings, job_id, processor)
    return IngestOutcome(**{**outcome.__dict__, "file": str(path)})


def _ingest_batch(settings, paths: list[Path], user: str | None) -> Iterator[IngestOutcome]:
    """The real pipeline over many files: each job is recorded and its original stored as the
    process pool asks for the next file (``ingest_many`` keeps a few documents in flight), and
    each document is committed and indexed as soon as its OCR completes."""
    ingest_many = jobs.pipeline_many()
    ready: list[IngestOutcome] = []  # outcomes decided before processing (missing, duplicate…)
    in_flight: dict[tuple[str, str], tuple[Path, object, str, str, Path]] = {}

    def items():
        for path in paths:
            outcome = _check_path(settings, path)
            if outcome is None:
                outcome = _prepare_job(settings, path, user, in_flight)
            if outcome is not None:
                ready.append(outcome)
                continue
            yield next(reversed(in_flight))

    for item, result in ingest_many(items(), settings.ingest):
        yield from _drain(ready)
        path, row, sha, rel, staged = in_flight.pop(item)
        if isinstance(result, BurtError):
            store.remove_tree(staged)
            outcome = jobs.guarded(settings, row, lambda r=result: _raise(r))
        else:
            outcome = jobs.guarded(settings, row, lambda r=result: jobs.finish(settings, row, sha, rel, staged, r))
        yield IngestOutcome(**{**outcome.__dict__, "file": str(path)})
    yield from _drain(ready)


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
    prepared = jobs.guarded(settings, row, lambda: jobs.prepare(settings, row))
    if isinstance(prepared, IngestOutcome):
        return IngestOutcome(**{**prepared.__dict__, "file": str(path)})
    sha, rel, staged = prepared
    item = (str(settings.home / rel), str(staged))
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


def submit_upload(settings, filename: str, stream: BinaryIO, *, user: str | None) -> Job:
    """Store an upload's original and queue its ingest job (OCR runs later, in the job runner).

    Raises ``DuplicateDocumentError(existing_id)`` for bytes already archived (or queued),
    ``EmptyFileError`` / ``OversizedFileError`` before anything is kept.
    """
    prepare(settings)
    name = Path(filename or "unggahan").name or "unggahan"
    part = settings.incoming_dir / f"{os.urandom(8).hex()}.part"
    sha = _receive(settings, stream, part)
    try:
        existing = _doc_id_for_sha(settings, sha) or _queued_doc_for_sha(settings, sha)
        if existing:
            raise DuplicateDocumentError(existing)
        # held by this request (running, this worker) until its original is stored: a job runner
        # in another thread must not take it while its source is still the .part file
        job_id = jobs.record_job(settings, name, part, sha, user=user, claimed=True)
        try:
            rel = store.store_original(settings.home, part, sha, store.suffix_for(name))
        except BaseException:
            jobs.fail_job(settings, job_id, "store_failed",
                          "Berkas tidak dapat disimpan. / The file could not be stored.")
            raise
        with session_scope(settings) as s:
            row = s.get(JobRow, job_id)
            row.original_path, row.source_path = rel, str(settings.home / rel)
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
    prepare(settings)
    return jobs.get_job(settings, job_id)


def run_pending_jobs(settings, processor: jobs.Processor | None = None) -> int:
    """Run every queued job (the web job runner calls this in a loop); returns how many ran."""
    prepare(settings)
    return jobs.run_pending(settings, processor)


def resume_jobs(settings, processor: jobs.Processor | None = None) -> int:
    """Finish what a crash left: stale running jobs, unindexed documents, the queue."""
    prepare(settings)
    return jobs.resume(settings, processor)


def ocr_file(settings, path, *, debug_dir=None):
    """Run the ingest pipeline on one file without archiving it (``burt ocr``)."""
    from dataclasses import replace
    options = replace(settings.ingest, debug_dir=str(debug_dir)) if debug_dir else settings.ingest
    return jobs.pipeline_processor()(Path(path), options)


# --- documents -----------------------------------------------------------------------------------

def get_document(settings, doc_id: str) -> DocumentDetail:
    prepare(settings)
    with session_scope(settings) as s:
        return documents.detail(s, documents.load(s, doc_id))


def list_documents(settings, *, limit: int = 50, offset: int = 0, needs_review: bool | None = None
                   ) -> list[DocumentSummary]:
    """Newest first."""
    prepare(settings)
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
    prepare(settings)
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
    path = settings.home / rel if rel else None
    if path is None or not path.is_file():
        raise DocumentNotFoundError(f"Berkas {kind} untuk dokumen {doc_id} tidak ada. / "
                                    f"No {kind} file for document {doc_id}.")
    return path


def correct_metadata(settings, doc_id: str, changes: dict, *, user: str, reason: str = "") -> DocumentDetail:
    """Correct fields / doc_type / sop_step; history and audit kept; re-indexed; feeds ``train``."""
    prepare(settings)
    with session_scope(settings) as s:
        documents.correct(s, doc_id, changes, user=user, reason=reason)
    jobs.index_documents(settings, [doc_id])
    return get_document(settings, doc_id)


def activity_of(settings, doc_id: str):
    """The activity (``ActivityDetail``: summary and documents) ``doc_id`` is linked to, read from
    the link table, or None when it is in none (not yet linked, or unlinked by a person)."""
    from archive import activities

    prepare(settings)
    return activities.activity_of_document(settings, doc_id)


def refresh_index(settings, doc_ids: Iterable[str]) -> int:
    """Re-index documents after something they are indexed by changed (e.g. an activity link)."""
    prepare(settings)
    return jobs.index_documents(settings, list(doc_ids))


def audit_log(settings, *, doc_id: str | None = None, activity_id: str | None = None, limit: int = 50,
              offset: int = 0) -> list[AuditEntry]:
    """Audit entries, newest first."""
    prepare(settings)
    with session_scope(settings) as s:
        q = select(AuditRow).order_by(AuditRow.id.desc())
        if doc_id:
            q = q.where(AuditRow.doc_id == doc_id)
        if activity_id:
            q = q.where(AuditRow.activity_id == activity_id)
        rows = s.scalars(q.limit(max(0, int(limit))).offset(max(0, int(offset))))
        return [AuditEntry(r.id, r.at, r.user, r.action, r.doc_id, r.activity_id, loads(r.detail, {})) for r in rows]


# --- search --------------------------------------------------------------------------------------

def search(settings, q: SearchQuery | str) -> SearchResult:
    prepare(settings)
    if isinstance(q, str):
        q = SearchQuery(text=q)
    if not isinstance(q, SearchQuery):
        raise InvalidQueryError()
    return index.run_query(settings.index_dir, q)


def suggest(settings, prefix: str, limit: int = 10) -> list[str]:
    prepare(settings)
    return index.suggest(settings.index_dir, prefix, limit)


def more_like_this(settings, doc_id: str, limit: int = 10) -> list[SearchHit]:
    prepare(settings)
    with session_scope(settings) as s:
        documents.load(s, doc_id)
    return [h for h in index.more_like_this(settings.index_dir, doc_id, limit + 1) if h.id != doc_id][:limit]


# --- users -----------------------------------------------------------------------------------------

def add_user(settings, name: str, role: str, password: str | None = None, *, by: str | None = None,
             address: str | None = None) -> tuple[User, str]:
    """Create a user; returns ``(user, api_token)`` (the token is shown once); audited as ``by``."""
    prepare(settings)
    return users.add_user(settings, name, role, password, by=by, address=address)


def issue_token(settings, name: str, new: bool = False, *, by: str | None = None, address: str | None = None) -> str:
    prepare(settings)
    return users.issue_token(settings, name, new, by=by, address=address)


def authenticate(settings, name: str, password: str) -> User:
    prepare(settings)
    return users.authenticate(settings, name, password)


def user_for_token(settings, token: str) -> User:
    prepare(settings)
    return users.user_for_token(settings, token)


def get_user(settings, user_id: int | str) -> User:
    """By numeric id (or, given a non-numeric string, by name)."""
    prepare(settings)
    if isinstance(user_id, str) and not user_id.isdigit():
        for u in users.list_users(settings):
            if u.name == user_id:
                return u
        return users.get_user(settings, -1)
    return users.get_user(settings, int(user_id))


def list_users(settings) -> list[User]:
    prepare(settings)
    return users.list_users(settings)


# --- integrity, export, training (in their own modules) -------------------------------------------

def verify(settings):
    from archive import integrity
    prepare(settings)
    return integrity.verify(settings)


def reindex(settings) -> int:
    from archive import integrity
    prepare(settings)
    return integrity.reindex(settings)


def export_archive(settings, dest):
    from archive import bag
    prepare(settings)
    return bag.export_archive(settings, Path(dest))


def import_archive(settings, src):
    from archive import bag
    return bag.import_archive(settings, Path(src))


def train(settings):
    from archive import training
    prepare(settings)
    return training.train(settings)


# --- accounts: disable/enable, role, password, sessions, security events (issue 14) ----------------

def set_user_active(settings, name: str, active: bool, *, by: str | None, address: str | None = None) -> User:
    """Disable or enable ``name`` (audited as ``by``); the user's sessions end either way."""
    prepare(settings)
    return users.set_active(settings, name, active, by=by, address=address)


def set_user_role(settings, name: str, role: str, *, by: str | None, address: str | None = None) -> User:
    """Change the role of ``name`` (audited); the user's sessions end."""
    prepare(settings)
    return users.set_role(settings, name, role, by=by, address=address)


def reset_password(settings, name: str, password: str | None = None, *, by: str | None,
                   address: str | None = None) -> tuple[User, str]:
    """Set or generate a new password for ``name`` (audited); returns it so it can be shown once."""
    prepare(settings)
    return users.set_password(settings, name, password, by=by, address=address)


def check_password(name: str, password: str) -> None:
    """The password policy (``UserError`` naming what is wrong)."""
    users.check_password(name, password)


def end_sessions(settings, user_id: int, *, address: str | None = None) -> None:
    """Log ``user_id`` out of every browser session (logout), audited."""
    prepare(settings)
    users.end_sessions(settings, user_id, address=address)


def record_event(settings, action: str, *, user: str | None, address: str | None = None,
                 doc_id: str | None = None, detail: dict | None = None) -> None:
    """Append a security event (login, refusal, download, export…) to the audit log."""
    prepare(settings)
    users.record_event(settings, action, user=user, address=address, doc_id=doc_id, detail=detail)


_DELEGATES = ("archive.activities", "archive.audit", "archive.dashboard", "archive.report", "archive.partners")


def __getattr__(name: str):
    """Activity/audit service functions, defined in their own modules, reached as ``service.X``."""
    if name.startswith("_"):
        raise AttributeError(name)
    for module_name in _DELEGATES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        if hasattr(module, name) and callable(getattr(module, name)):
            return getattr(module, name)
    raise AttributeError(f"module 'archive.service' has no attribute {name!r}")
