"""The background job runner: OCR never runs inside a request.

An upload stores the original and queues a job (``service.submit_upload``); this thread
calls ``service.run_pending_jobs`` in a loop so the page can follow the job's status.
"""
from __future__ import annotations

import logging
import threading

from archive import service
from archive.settings import Settings

log = logging.getLogger(__name__)


class JobRunner:
    """A daemon thread draining the job queue; ``stop()`` ends it at the next poll."""

    def __init__(self, settings: Settings, poll_seconds: float = 1.0):
        self.settings = settings
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="burt-jobs", daemon=True)

    def start(self) -> "JobRunner":
        self._thread.start()
        return self

    def wake(self) -> None:
        """Ask the runner to look at the queue now (after an upload)."""
        self._wake.set()

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        try:
            resumed = service.resume_jobs(self.settings)
            if resumed:
                log.info("resumed %s unfinished job(s)", resumed)
        except Exception:  # keep serving pages even if resuming fails; the error is logged
            log.exception("could not resume unfinished jobs")
        while not self._stop.is_set():
            try:
                done = service.run_pending_jobs(self.settings)
            except Exception:  # one bad job must not kill the runner; logged with traceback
                log.exception("job runner failed; retrying after a pause")
                done = 0
            if not done:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()


def wake_runner() -> None:
    """After a request queued a job: let the app's runner (if any) start on it at once."""
    from flask import current_app

    runner = current_app.extensions["burt"].get("jobs")
    if runner is not None:
        runner.wake()
