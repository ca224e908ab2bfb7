"""The background job runner: OCR never runs inside a request.

An upload stores the original and queues a job (``service.submit_upload``); this thread
calls ``service.run_pending_jobs`` in a loop so the page can follow the job's status.
"""
from __future__ import annotations

import logging
import os
import threading
from datetime import datetime, timezone

from archive import service
from archive.settings import Settings

log = logging.getLogger(__name__)

# How much lower than the web threads the job runner's thread runs: OCR (this thread's image stages and the
# Tesseract and pool processes it starts, which inherit the value) yields the CPU to searches and pages.
OCR_NICE = 10


class JobRunner:
    """A daemon thread draining the job queue; ``stop()`` ends it at the next poll."""

    def __init__(self, settings: Settings, poll_seconds: float = 1.0, beat_seconds: float = 5.0):
        self.settings = settings
        self.poll_seconds = poll_seconds
        self.beat_seconds = beat_seconds  # the health check takes a runner silent for 30 s as gone
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="burt-jobs", daemon=True)
        self._beat = threading.Thread(target=self._heartbeat, name="burt-jobs-heartbeat", daemon=True)
        self._started_at = now_iso()
        self.loop_at: str | None = None  # when the loop last went round (a long job holds it)

    def start(self) -> "JobRunner":
        self._thread.start()
        self._beat_once()  # the first beat at once: the health check sees the runner from the start
        self._beat.start()
        return self

    def _beat_once(self) -> None:
        try:
            service.runner_heartbeat(self.settings, started_at=self._started_at, loop_at=self.loop_at,
                                     alive=self._thread.is_alive())
        except OSError:  # a full or read-only disk: the health check then reports the runner as gone
            log.warning("could not write the job runner's heartbeat", exc_info=True)

    def _heartbeat(self) -> None:
        """Every ``BEAT_SECONDS`` from its own thread, so a long OCR job does not look like a dead runner;
        ``alive`` says whether the loop thread still exists."""
        while not self._stop.wait(self.beat_seconds):
            self._beat_once()
        try:
            service.runner_stopped(self.settings)
        except OSError:
            log.warning("could not remove the job runner's heartbeat", exc_info=True)

    def wake(self) -> None:
        """Ask the runner to look at the queue now (after an upload)."""
        self._wake.set()

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)
        self._beat.join(timeout)

    def _loop(self) -> None:
        lower_this_thread(OCR_NICE)
        try:
            resumed = service.resume_jobs(self.settings)
            if resumed:
                log.info("resumed %s unfinished job(s)", resumed)
        except Exception:  # keep serving pages even if resuming fails; the error is logged
            log.exception("could not resume unfinished jobs")
        while not self._stop.is_set():
            self.loop_at = now_iso()
            try:
                done = service.run_pending_jobs(self.settings)
            except Exception:  # one bad job must not kill the runner; logged with traceback
                log.exception("job runner failed; retrying after a pause")
                done = 0
            if not done:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()


def lower_this_thread(by: int) -> int | None:
    """Raise the calling thread's nice value by ``by`` (Linux keeps one per thread; processes started from
    this thread inherit it). Returns the new value, or None where the system does not allow it."""
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + by))
        return os.getpriority(os.PRIO_PROCESS, tid)
    except (OSError, AttributeError):  # not Linux, or not permitted: run at the normal priority
        log.info("could not lower the job runner's priority", exc_info=True)
        return None


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def wake_runner() -> None:
    """After a request queued a job: let the app's runner (if any) start on it at once."""
    from flask import current_app

    runner = current_app.extensions["burt"].get("jobs")
    if runner is not None:
        runner.wake()
