"""The one ``Archive`` object: what a process sets up once to work on one archive.

``Archive.open(settings)`` is the one place that prepares an archive for this process: the
Tesseract thread limit, the data directories, the database engine and session factory (Alembic
migrations run on first open), and the once-per-database backfills migrations asked for.  It
returns the same object for the same archive (data directory and database) every time, so
``create_app`` and the ``burt`` command build it once at start and every service function finds
it already open (a dictionary look-up).  Library callers and tests that call a service function
directly get it opened on their first call.

The modules below the service still reach the database and the index by ``settings``
(``db.session_scope(settings)``, ``search.run_query(settings.index_dir, …)``): those resolve to
the engine and the index handle this object opened, which are kept per database URL and per
index directory in ``archive.db`` and ``archive.search``.
"""
from __future__ import annotations

import logging
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from archive import agenda, db, indexing, review, table_data
from archive.search import open_index
from archive.settings import Settings
from ingest.ocr import limit_threads

log = logging.getLogger(__name__)

__all__ = ["Archive"]

_open: dict[tuple[str, str], Archive] = {}
_open_lock = threading.Lock()


def _key(settings: Settings) -> tuple[str, str]:
    return str(settings.home.resolve()), str(settings.database_url)


@dataclass(frozen=True, eq=False)
class Archive:
    """An archive open in this process: its settings, the database's session factory, and (on
    first use) its search index handle."""

    settings: Settings
    sessions: db.sessionmaker

    @classmethod
    def open(cls, settings: Settings) -> Archive:
        """The archive of ``settings``, prepared once per process (idempotent, thread-safe).

        Opened again only after ``db.close_db`` dropped its engine (tests, ``burt import``)."""
        key = _key(settings)
        with _open_lock:
            arc = _open.get(key)
            if arc is not None and db.open_sessions(settings) is arc.sessions:
                return arc
            limit_threads()  # once per process, inherited by every Tesseract it runs
            settings.ensure_dirs()
            sessions = db.open_db(settings)
            agenda.ensure_backfilled(settings)  # entries for letters archived before the register
            table_data.ensure_backfilled(settings)  # rows of tables archived before 0502
            _review_backfill(settings)  # review state of archives from before 0601
            arc = _open[key] = cls(settings=settings, sessions=sessions)
            return arc

    @property
    def index(self) -> Any:
        """The Whoosh index handle (created empty when missing; kept per index directory)."""
        return open_index(self.settings.index_dir)

    def session(self) -> AbstractContextManager[db.Session]:
        """A transaction on this archive's database (commit on success, roll back on error)."""
        return db.session_scope(self.settings)


_REVIEW_BACKFILL_MARK = ("review", 0)  # left by migration 0601_review_state in an archive with documents


def _review_backfill(settings: Settings) -> None:
    """The review state of an archive from before migration 0601 (when the state was written on
    page views), stored once: the migration's mark is claimed in the same transaction."""
    with db.session_scope(settings) as s:
        taken = db.take_backfill_mark(s, _REVIEW_BACKFILL_MARK)
        changed = review.sync(s, review.open_flags(s), force=True) if taken else []
    if changed:
        indexing.index_documents(settings, changed)
        log.info("review state backfilled: %d documents changed", len(changed))
