"""The consume folder: a network scanner's scan-to-folder, watched like paperless-ngx's.

A document put directly in the folder is taken once it has stopped growing: its size and
modification time unchanged for ``BURT_CONSUME_SETTLE_SECONDS`` and (on Linux, read from
``/proc``) no process holding it open for writing, so a partial upload is never ingested.  It is
archived through the one ingest path (``service.ingest_paths``, handed to ``Consumer`` as
``ingest``), then moved to ``done/`` (ingested, or a duplicate) or ``failed/`` (refused for its
own fault) beside a short ``<name>.txt`` saying why; a name already taken there gets a
``-1``, ``-2``… suffix, nothing is overwritten.

A failure of the machine's fault moves nothing: the file stays in the folder while its job
waits for a retry (``archive.jobs``: backoff, then "perlu perhatian"), and moves when the job
settles.  After a restart a file that already has a job (``job_of_file``) follows that job
instead of starting another.

Names that are not documents, hidden files, sub-folders and links are left alone and reported
once (until they go away); ``done/`` and ``failed/`` are the consumer's own and never read.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import stat
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from archive import jobs, store
from archive.db import JobRow, select, session_scope
from archive.errors import JobNotFoundError
from archive.records import ConsumeEvent, IngestOutcome, Job
from ingest.errors import Fault, InputError, PermissionDeniedError

log = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"})
DONE, FAILED = "done", "failed"
WAITING_JOB = ("queued", "running", jobs.NEEDS_ATTENTION)  # a job that may still archive the file

Ingest = Callable[[list[Path]], Iterable[IngestOutcome]]


def skip_reason(entry: os.DirEntry) -> str | None:
    """Why an entry of the folder is not a document to take (None: take it once it settles)."""
    if entry.name.startswith("."):
        return "hidden"
    if entry.is_symlink():
        return "not_file"
    if entry.is_dir(follow_symlinks=False):
        return "folder"
    if not entry.is_file(follow_symlinks=False):
        return "not_file"
    if os.path.splitext(entry.name)[1].lower() not in DOCUMENT_SUFFIXES:
        return "not_document"
    return None


def check_folder(folder: str | os.PathLike) -> Path:
    """The folder, resolved; refused when it is missing or the server may not move files out of it."""
    path = Path(folder).expanduser().resolve()
    if not path.is_dir():
        raise InputError(f"Folder masukan tidak ditemukan: {path}. / Consume folder not found: {path}.",
                         code="consume_folder_missing", http_status=404)
    if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
        raise PermissionDeniedError(
            f"Server tidak boleh membaca dan memindahkan berkas di folder {path}; hubungi admin. / "
            f"The server may not read and move files in the folder {path}; contact the administrator.")
    return path


@contextmanager
def folder_lock(settings, folder: Path) -> Iterator[None]:
    """One watcher per folder and archive: a second ``burt watch`` (or ``burt serve``) is refused."""
    lock_dir = settings.tmp_dir / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(str(folder).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    with open(lock_dir / f"consume-{key}.lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise InputError(f"Folder {folder} sudah diawasi oleh proses lain. / "
                             f"The folder {folder} is already watched by another process.",
                             code="consume_folder_busy", http_status=409) from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def open_for_writing(paths: set[str]) -> set[str]:
    """Those of ``paths`` (absolute, resolved) that a process holds open for writing, from
    ``/proc/<pid>/fd`` and ``fdinfo`` (the processes this account may inspect; empty off Linux)."""
    found: set[str] = set()
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return found
    for pid in pids:
        fd_dir = f"/proc/{pid}/fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:  # gone, or another account's process
            continue
        for fd in fds:
            try:
                target = os.readlink(f"{fd_dir}/{fd}")
            except OSError:
                continue
            if target in paths and _writable_fd(pid, fd):
                found.add(target)
    return found


def _writable_fd(pid: str, fd: str) -> bool:
    try:
        with open(f"/proc/{pid}/fdinfo/{fd}", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("flags:"):
                    return bool(int(line.split()[1], 8) & (os.O_WRONLY | os.O_RDWR))
    except (OSError, ValueError, IndexError):
        return True  # the file is open and we cannot tell how: wait rather than take a partial file
    return True


def job_of_file(settings, path: Path, st: os.stat_result) -> Job | None:
    """The job that already holds this file, if any: the newest job of a file with this name and
    these bytes that may still archive it (queued for a retry, running, parked), or that began
    while the file was already here (a file kept after a machine fault whose job settled while
    no one watched, or a watcher stopped between archiving a file and moving it).  A file put
    in the folder again after its job came later, and is a new file (a duplicate)."""
    arrived = datetime.fromtimestamp(int(st.st_ctime), timezone.utc).isoformat()  # to the second, as jobs are
    with session_scope(settings) as s:
        rows = list(s.scalars(select(JobRow).where(
            JobRow.filename == path.name, JobRow.status.in_(WAITING_JOB) | (JobRow.created_at >= arrived))
            .order_by(JobRow.created_at.desc())))
        if not rows:
            return None
        sha = store.sha256_file(path)
        return next((jobs.to_record(r) for r in rows if r.sha256 == sha), None)


# --------------------------------------------------------------------------- the note beside a file

def _halves(message: str | None) -> tuple[str, str]:
    indonesian, _, english = (message or "").partition(" / ")
    return indonesian.strip(), (english or indonesian).strip()


def note_text(name: str, outcome: IngestOutcome, when: datetime | None = None) -> str:
    """The short ``<name>.txt`` beside a moved file: what happened, Indonesian / English."""
    when = when or datetime.now(timezone.utc)
    if outcome.status == "ingested":
        lines = [f"Diarsipkan sebagai dokumen {outcome.id}. / Ingested as document {outcome.id}."]
        if outcome.doc_type:
            step = f", tahap / step {outcome.sop_step}" if outcome.sop_step is not None else ""
            lines.append(f"Jenis / type: {outcome.doc_type}{step}")
    elif outcome.status == "duplicate":
        lines = [f"Duplikat: isinya sama dengan dokumen {outcome.id} yang sudah diarsipkan; tidak diarsipkan lagi. "
                 f"/ Duplicate of document {outcome.id}, already archived; not archived again."]
    else:
        indonesian, english = _halves(outcome.error)
        lines = [f"Ditolak: {indonesian} / Refused: {english}",
                 "Kesalahan berkas, bukan kesalahan server: perbaiki atau pindai ulang dokumennya, lalu taruh lagi "
                 "di folder masukan. / The file's fault, not the server's: fix or scan the document again, then put "
                 "it in the consume folder again.",
                 f"Kode / code: {outcome.error_code or '-'}"]
    lines += [f"Berkas / file: {name}", f"Waktu / time: {when.isoformat(timespec='seconds')}"]
    return "\n".join(lines) + "\n"


def move_aside(src: Path, dest_dir: Path, text: str) -> tuple[Path, Path]:
    """Move ``src`` into ``dest_dir`` with ``<name>.txt`` beside it; a taken name gets a suffix.

    Both names are claimed with ``O_EXCL`` before the file is moved over its (empty) claim, so
    nothing is ever overwritten, and ``src`` stays where it was until the one atomic rename."""
    src_stat = src.stat()
    _make_dir_like(dest_dir, src.parent)
    stem, suffix = os.path.splitext(src.name)
    n = 0
    while True:
        name = src.name if n == 0 else f"{stem}-{n}{suffix}"
        n += 1
        dest, note = dest_dir / name, dest_dir / f"{name}.txt"
        if os.path.lexists(dest) or os.path.lexists(note):
            continue
        try:
            note_fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(note_fd, "w", encoding="utf-8") as fh:
            try:
                os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                note.unlink()
                continue
            try:
                os.replace(src, dest)
            except BaseException:
                dest.unlink(missing_ok=True)
                note.unlink(missing_ok=True)
                raise
            fh.write(text)
            os.fchmod(fh.fileno(), stat.S_IMODE(src_stat.st_mode) & 0o666)  # readable like the scan itself
        return dest, note


def _make_dir_like(path: Path, model: Path) -> None:
    """``done/`` or ``failed/``, made with the folder's own permissions (the scanner's share reads it)."""
    if path.is_dir():
        return
    path.mkdir(exist_ok=True)
    os.chmod(path, stat.S_IMODE(model.stat().st_mode))


# --------------------------------------------------------------------------- the consumer

@dataclass
class _Seen:
    """A candidate file as last seen: its size and mtime, and since when they have not changed."""

    size: int
    mtime_ns: int
    since: float


@dataclass
class _Followed:
    """A file kept after a machine fault, following its job; ``told`` = the job state last reported."""

    job_id: str
    size: int
    mtime_ns: int
    told: tuple[str, int] | None = None


class Consumer:
    """Watches one folder.  ``ingest`` archives a list of paths and yields an ``IngestOutcome``
    per path (``service.ingest_paths``); ``job_status`` reads a job; ``run_due_jobs`` and
    ``resume`` (``burt watch``, None under ``burt serve`` whose job runner does it) run the
    jobs due for a retry; ``emit`` receives every ``ConsumeEvent``."""

    def __init__(self, settings, folder: Path, *, ingest: Ingest, job_status: Callable[[str], Job],
                 emit: Callable[[ConsumeEvent], None], run_due_jobs: Callable[[], int] | None = None,
                 resume: Callable[[], int] | None = None, clock: Callable[[], float] = time.monotonic):
        self.settings = settings
        self.folder = folder
        self.settle_s = float(settings.consume_settle_s)
        self.interval_s = min(1.0, max(0.1, self.settle_s / 4))
        self._ingest, self._job_status, self._emit = ingest, job_status, emit
        self._run_due_jobs, self._resume, self._clock = run_due_jobs, resume, clock
        self._seen: dict[str, _Seen] = {}
        self._followed: dict[str, _Followed] = {}
        self._stuck: dict[str, tuple[int, int]] = {}  # handled but could not be moved: left while unchanged
        self._reported: set[tuple[str, str]] = set()
        self._stop = threading.Event()

    # -- running
    def run(self, stop: threading.Event) -> None:
        """Poll until ``stop`` is set (between documents of a batch, too).  A failed pass (the
        folder on a network mount gone for a while) is logged once and tried again."""
        self._stop = stop
        last_error, started = None, False
        while not stop.is_set():
            try:
                self.poll()
                if not started:
                    self._start()
                    started = True
                last_error = None
            except Exception as exc:  # keep watching; logged once per kind of failure
                if repr(exc) != last_error:
                    log.exception("consume folder %s: a pass failed; trying again", self.folder)
                last_error = repr(exc)
            stop.wait(self.interval_s)

    def run_once(self) -> None:
        """Take what is in the folder now (each file once it has settled) and return; files still
        being written at the end are reported as waiting, for the next run."""
        deadline = self._clock() + self.settle_s + 2 * self.interval_s
        self.poll()
        self._start()
        self.poll()
        while self._untaken() and self._clock() < deadline and not self._stop.is_set():
            time.sleep(self.interval_s)
            self.poll()
        for name in self._untaken():
            self._report_once(name, "waiting", "growing")

    def _start(self) -> None:
        """After the first pass (so a kept file already follows its job when it runs): finish what
        a crash left and run the due jobs (``burt watch``; ``burt serve``'s job runner does it)."""
        if self._resume is not None:
            self._resume()

    def _untaken(self) -> list[str]:
        return [n for n in self._seen if n not in self._followed and n not in self._stuck
                and not any((n, r) in self._reported for r in ("open", "empty"))]

    # -- one pass
    def poll(self) -> None:
        """One pass over the folder: report what is left alone, follow kept files' jobs, take
        the files that have settled."""
        now = self._clock()
        present: set[str] = set()
        candidates: dict[str, os.stat_result] = {}
        with os.scandir(self.folder) as entries:
            for entry in entries:
                present.add(entry.name)
                if entry.name in (DONE, FAILED) and entry.is_dir(follow_symlinks=False):
                    continue
                reason = skip_reason(entry)
                if reason is not None:
                    self._report_once(entry.name, "skipped", reason)
                    continue
                candidates[entry.name] = entry.stat(follow_symlinks=False)
        self._forget(present, candidates)
        for name in self._follow_jobs():
            candidates.pop(name, None)  # settled and moved away
        ready = self._settled(candidates, now)
        if ready:
            self._take(ready, candidates)

    def _forget(self, present: set[str], candidates: dict[str, os.stat_result]) -> None:
        """Drop what left the folder; a kept or stuck file whose bytes changed is a new file."""
        self._reported = {key for key in self._reported if key[0] in present}
        for name in list(self._seen):
            if name not in candidates:
                del self._seen[name]
        for name, followed in list(self._followed.items()):
            st = candidates.get(name)
            if st is None or (st.st_size, st.st_mtime_ns) != (followed.size, followed.mtime_ns):
                del self._followed[name]
        for name, key in list(self._stuck.items()):
            st = candidates.get(name)
            if st is None or (st.st_size, st.st_mtime_ns) != key:
                del self._stuck[name]

    def _settled(self, candidates: dict[str, os.stat_result], now: float) -> list[str]:
        ready = []
        for name, st in sorted(candidates.items()):
            if name in self._followed or name in self._stuck:
                continue
            seen = self._seen.get(name)
            if seen is None or (seen.size, seen.mtime_ns) != (st.st_size, st.st_mtime_ns):
                self._seen[name] = _Seen(st.st_size, st.st_mtime_ns, now)
                self._reported.discard((name, "empty"))
                job = job_of_file(self.settings, self.folder / name, st) if st.st_size else None
                if job is not None:  # kept after a machine fault (before a restart): follow its job
                    self._followed[name] = _Followed(job.id, st.st_size, st.st_mtime_ns)
                    self._follow(name, job)
                continue
            if now - seen.since < self.settle_s:
                continue
            if st.st_size == 0:  # a scanner may create the file before it writes: wait for bytes
                self._report_once(name, "waiting", "empty")
                continue
            ready.append(name)
        if ready:
            busy = open_for_writing({os.path.realpath(self.folder / n) for n in ready})
            for name in [n for n in ready if os.path.realpath(self.folder / n) in busy]:
                ready.remove(name)
                self._report_once(name, "waiting", "open")
            for name in ready:
                self._reported.discard((name, "open"))
        return ready

    def _take(self, ready: list[str], candidates: dict[str, os.stat_result]) -> None:
        fresh = {str(self.folder / name): name for name in ready}
        outcomes = iter(self._ingest([self.folder / n for n in fresh.values()]))
        try:
            for outcome in outcomes:
                name = fresh.get(outcome.file) or Path(outcome.file).name
                self._settle(name, outcome, candidates.get(name))
                if self._stop.is_set():
                    break  # the jobs still in flight are resumed by the next run; their files stay
        finally:
            close = getattr(outcomes, "close", None)
            if close is not None:
                close()

    def _settle(self, name: str, outcome: IngestOutcome, taken: os.stat_result | None) -> None:
        """Move an ingested, duplicate or refused file; keep one the machine failed, or one only
        queued for a ``burt worker`` (``BURT_BROKER_URL``), until its job settles."""
        if outcome.status == "queued" and outcome.job_id and taken is not None:
            self._followed[name] = _Followed(outcome.job_id, taken.st_size, taken.st_mtime_ns)
            return
        if outcome.status == "failed" and outcome.fault == str(Fault.MACHINE):
            if outcome.job_id and taken is not None:
                self._followed[name] = _Followed(outcome.job_id, taken.st_size, taken.st_mtime_ns)
                try:
                    self._follow(name, self._job_status(outcome.job_id))
                    return
                except JobNotFoundError:
                    del self._followed[name]
            if taken is not None:  # no job to follow: left in the folder until the file changes
                self._stuck[name] = (taken.st_size, taken.st_mtime_ns)
            self._emit(ConsumeEvent(str(self.folder / name), "failed", "retry", outcome))
            return
        self._finish(name, outcome, taken)

    def _finish(self, name: str, outcome: IngestOutcome, taken: os.stat_result | None) -> None:
        src = self.folder / name
        self._seen.pop(name, None)
        self._followed.pop(name, None)
        reason = "refused" if outcome.status == "failed" else None
        try:
            now = src.stat()
        except FileNotFoundError:
            self._emit(ConsumeEvent(str(src), outcome.status, "gone", outcome))
            return
        if taken is not None and (now.st_size, now.st_mtime_ns) != (taken.st_size, taken.st_mtime_ns):
            log.warning("consume folder: %s changed while it was archived; it is taken again as a new file", name)
            self._emit(ConsumeEvent(str(src), outcome.status, "changed", outcome))
            return
        sub = FAILED if outcome.status == "failed" else DONE
        try:
            dest, note = move_aside(src, self.folder / sub, note_text(name, outcome))
        except OSError:
            log.exception("consume folder: %s (%s, document %s) could not be moved to %s/", name, outcome.status,
                          outcome.id, sub)
            self._stuck[name] = (now.st_size, now.st_mtime_ns)
            self._emit(ConsumeEvent(str(src), outcome.status, "not_moved", outcome))
            return
        self._emit(ConsumeEvent(str(src), outcome.status, reason, outcome, str(dest), str(note)))

    # -- files kept after a machine fault
    def _follow_jobs(self) -> list[str]:
        """Follow the jobs of kept files (running the due ones, for ``burt watch``); returns the
        names of the files that settled."""
        if not self._followed:
            return []
        states = self._job_states()
        if self._run_due_jobs is not None and any(_due(job) for job in states.values()):
            self._run_due_jobs()
            states = self._job_states()
        for name, job in states.items():
            self._follow(name, job)
        return [name for name in states if name not in self._followed]

    def _job_states(self) -> dict[str, Job]:
        states = {}
        for name, followed in list(self._followed.items()):
            try:
                states[name] = self._job_status(followed.job_id)
            except JobNotFoundError:
                del self._followed[name]
        return states

    def _follow(self, name: str, job: Job) -> None:
        """Move the file once its job settled; report each new waiting state once."""
        path = str(self.folder / name)
        if job.status == "done":
            status = "duplicate" if job.stage == "duplicate" else "ingested"
            self._finish(name, IngestOutcome(file=path, status=status, id=job.doc_id, job_id=job.id), None)
        elif job.status == "failed":
            self._finish(name, IngestOutcome(file=path, status="failed", error=job.error_message,
                                             error_code=job.error_code, job_id=job.id, fault=job.fault), None)
        elif job.status == jobs.NEEDS_ATTENTION or (job.status == "queued" and job.error_code):
            followed = self._followed[name]
            if followed.told != (job.status, job.attempts):
                followed.told = (job.status, job.attempts)
                reason = "retry" if job.status == "queued" else "parked"
                self._emit(ConsumeEvent(path, "failed", reason, IngestOutcome(
                    file=path, status="failed", error=job.error_message, error_code=job.error_code, job_id=job.id,
                    fault=job.fault or str(Fault.MACHINE), next_attempt_at=job.next_attempt_at)))

    def _report_once(self, name: str, status: str, reason: str) -> None:
        if (name, reason) not in self._reported:
            self._reported.add((name, reason))
            self._emit(ConsumeEvent(str(self.folder / name), status, reason))


def _due(job: Job) -> bool:
    if job.status != "queued":
        return False
    if not job.next_attempt_at:
        return True
    return datetime.fromisoformat(job.next_attempt_at) <= datetime.now(timezone.utc)
