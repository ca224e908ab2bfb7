"""``burt serve``'s consume folder: a thread that watches ``BURT_CONSUME_DIR``.

It runs ``service.watch_folder`` (the same code as ``burt watch``) until the server stops;
each file's fate goes to the server log.  Retries of machine-fault jobs are left to the job
runner (``web.jobs``), which already drains the queue in this process.
"""
from __future__ import annotations

import logging
import threading

from archive import service
from archive.records import ConsumeEvent
from archive.settings import Settings
from ingest.errors import BurtError

log = logging.getLogger(__name__)


class ConsumeRunner:
    """A daemon thread watching the consume folder; ``stop()`` ends it after the document in hand."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="burt-consume", daemon=True)

    def start(self) -> "ConsumeRunner":
        self._thread.start()
        return self

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _watch(self) -> None:
        try:
            service.watch_folder(self.settings, self.settings.consume_dir, stop=self._stop, on_event=_log_event,
                                 run_jobs=False)
        except BurtError as exc:  # a missing, unwritable or busy folder: the web app keeps serving
            log.error("consume folder %s is not watched: [%s] %s", self.settings.consume_dir, exc.code, exc.message)
        except Exception:  # the web app keeps serving; the operator reads why in the log
            log.exception("consume folder %s is not watched", self.settings.consume_dir)


def _log_event(event: ConsumeEvent) -> None:
    outcome = event.outcome
    if event.status in ("ingested", "duplicate"):
        log.info("consume folder: %s %s as document %s -> %s", event.file, event.status,
                 outcome.id if outcome else None, event.moved_to)
    elif event.status == "failed":
        log.warning("consume folder: %s failed (%s, %s fault, %s): %s -> %s", event.file, event.reason,
                    outcome.fault if outcome else None, outcome.error_code if outcome else None,
                    outcome.error if outcome else None, event.moved_to or "kept in the folder")
    else:
        log.info("consume folder: %s %s (%s)", event.file, event.status, event.reason)
