"""The database: SQLAlchemy 2 models (documents, jobs, users, the audit log, and the activity
tables), engine/session per settings, Alembic migrations run at open, and the one audit-log
writer.  The only module that imports SQLAlchemy: the rest of ``archive`` uses the names
re-exported here (``select``, ``func``, ``update``, ``Session``…).

SQLite (default) runs in WAL mode with a busy timeout so readers never block the writer;
``BURT_DATABASE_URL`` may point at PostgreSQL instead.
"""
from __future__ import annotations

import json
import logging
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    case,
    create_engine,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError as SqlDatabaseError
from sqlalchemy.exc import IntegrityError as SqlIntegrityError  # re-exported for the service
from sqlalchemy.exc import OperationalError as SqlOperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column, sessionmaker

from archive.settings import SettingsError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

__all__ = ["Session", "func", "update", "select", "SqlIntegrityError", "Base", "Document", "PageRow", "FieldRow",
           "FieldHistoryRow", "DerivativeRow", "JobRow", "UserRow", "AuditRow", "ActivityRow", "ActivityLinkRow",
           "SignOffRow", "AgendaEntryRow", "AgendaCounterRow", "TableRowRow", "TableHeaderRow", "SavedViewRow", "open_db", "close_db",
           "open_sessions", "sessionmaker", "session_scope", "write_audit", "now_iso", "dumps", "loads",
           "bump_counter", "take_backfill_mark", "sync_id_sequences",
           # for queries built outside this module (the document list, issue 18)
           "and_", "case", "aliased",
           # a document listing several partners as evidence of each listed partner's activity (issue 17)
           "ActivityListedRow"]


def now_iso() -> str:
    """UTC timestamp, second precision, ISO 8601 (sortable as text)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Base(DeclarativeBase):
    """Declarative base shared by every archive table."""


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(12), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    original_path: Mapped[str] = mapped_column(String(255))  # relative to home
    doc_type: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    sop_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    class_confidence: Mapped[float] = mapped_column(Float, default=0.0)
    class_reasons: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    model_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    flags: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    pihak: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of parties
    rujukan: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of referenced nomor
    timings: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    indexed: Mapped[bool] = mapped_column(Boolean, default=False)  # in the search index


class PageRow(Base):
    __tablename__ = "pages"
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    skew_degrees: Mapped[float] = mapped_column(Float, default=0.0)
    flags: Mapped[str] = mapped_column(Text, default="[]")
    words: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{"text","conf","box"}]


class FieldRow(Base):
    """Current value of one metadata field of a document."""

    __tablename__ = "fields"
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text, nullable=True)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    set_by: Mapped[str] = mapped_column(String(64), default="ocr")
    set_at: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")


class FieldHistoryRow(Base):
    __tablename__ = "field_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    set_by: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")


class DerivativeRow(Base):
    __tablename__ = "derivatives"
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    path: Mapped[str] = mapped_column(String(255))  # relative to home
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)


class JobRow(Base):
    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    source_path: Mapped[str | None] = mapped_column(Text, nullable=True)  # where the bytes were (CLI path / incoming)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    original_path: Mapped[str | None] = mapped_column(String(255), nullable=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    stage: Mapped[str] = mapped_column(String(32), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    doc_id: Mapped[str | None] = mapped_column(String(12), nullable=True)
    error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    user: Mapped[str | None] = mapped_column(String(64), nullable=True)
    worker: Mapped[str | None] = mapped_column(String(128), nullable=True)  # host:pid running it
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    fault: Mapped[str | None] = mapped_column(String(16), nullable=True)  # "file" | "machine" of the last failure
    next_attempt_at: Mapped[str | None] = mapped_column(String(32), nullable=True)  # a retry waits until then
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[str] = mapped_column(String(32))
    # bumped on logout, password/role change and disable: a browser session carrying an older
    # number is no longer valid (migration 0201_accounts)
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class AuditRow(Base):
    """Append-only: rows are only ever inserted, through ``write_audit``."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(String(32), index=True)
    user: Mapped[str | None] = mapped_column(String(64), nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    doc_id: Mapped[str | None] = mapped_column(String(12), index=True, nullable=True)
    activity_id: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON


# --- activities (kegiatan BuRT: the SOP state) -----------------------------------------------
# An activity is one cooperation with one partner over a period; a link row says which activity a
# document is evidence for (``activity_id`` NULL: a person unlinked it); a sign-off row says who
# verified which step.  Their migration is ``migrations/versions/0101_activities.py``.

class ActivityRow(Base):
    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partner: Mapped[str] = mapped_column(String(255))
    partner_key: Mapped[str] = mapped_column(String(255), index=True)
    period: Mapped[str] = mapped_column(String(32))
    start_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    end_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    kecamatan: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ActivityLinkRow(Base):
    """The activity a document is evidence for; ``activity_id`` NULL = a person unlinked it."""

    __tablename__ = "activity_links"
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"),
                                                    index=True, nullable=True)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    reason: Mapped[str] = mapped_column(Text, default="")
    linked_by: Mapped[str] = mapped_column(String(64), default="auto")
    linked_at: Mapped[str] = mapped_column(String(32))


class ActivityListedRow(Base):
    """A further activity a document is evidence for because it lists that activity's partner among
    several (a jadwal pembinaan visiting several libraries; issue 17, migration ``0701_listed_links``).
    A document's own link stays in ``activity_links``; ``removed_at`` set = a person took this one away
    (kept, so it is never added again automatically)."""

    __tablename__ = "activity_listed_links"
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True,
                                             index=True)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    reason: Mapped[str] = mapped_column(Text, default="")
    linked_at: Mapped[str] = mapped_column(String(32))
    removed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    removed_at: Mapped[str | None] = mapped_column(String(32), nullable=True)


class SignOffRow(Base):
    __tablename__ = "activity_signoffs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column(Integer)
    user: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    at: Mapped[str] = mapped_column(String(32))
    # Migration 0401_signoff_withdrawal: why a step was signed off without its evidence, and a
    # withdrawal (kept, so the history shows both the sign-off and its withdrawal).
    override_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    withdrawn_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    withdrawn_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


# --- the buku agenda (register of incoming and outgoing mail; issue 15) --------------------------
# One row per register entry: an archived letter's own entry (``origin`` "arsip", numbered from
# ``agenda_counters``) or a row read from a legacy agenda page (``origin`` "buku": its page and row
# index, the number the book gave it in ``nomor_buku``).  Migration ``0301_agenda``.

class AgendaEntryRow(Base):
    __tablename__ = "agenda_entries"
    __table_args__ = (UniqueConstraint("register", "year", "nomor_agenda", name="uq_agenda_number"),
                      UniqueConstraint("source_doc_id", "source_page", "source_row", name="uq_agenda_source"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    register: Mapped[str] = mapped_column(String(8), index=True)  # "masuk" | "keluar"
    origin: Mapped[str] = mapped_column(String(8))  # "arsip" (an archived letter) | "buku" (a legacy page row)
    year: Mapped[int | None] = mapped_column(Integer, index=True, nullable=True)
    nomor_agenda: Mapped[int | None] = mapped_column(Integer, nullable=True)  # assigned, per register and year
    nomor_buku: Mapped[str | None] = mapped_column(String(32), nullable=True)  # as written in a legacy book
    tanggal_terima: Mapped[str | None] = mapped_column(String(10), index=True, nullable=True)  # ISO date
    nomor_surat: Mapped[str | None] = mapped_column(Text, nullable=True)
    tanggal_surat: Mapped[str | None] = mapped_column(String(10), nullable=True)
    asal_tujuan: Mapped[str | None] = mapped_column(Text, nullable=True)  # asal surat (masuk) / tujuan (keluar)
    perihal: Mapped[str | None] = mapped_column(Text, nullable=True)
    keterangan: Mapped[str | None] = mapped_column(Text, nullable=True)  # keterangan / disposisi
    document_id: Mapped[str | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), index=True,
                                                    nullable=True)  # the archived letter registered
    link_reason: Mapped[str] = mapped_column(Text, default="")
    source_doc_id: Mapped[str | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True,
                                                      nullable=True)  # the agenda page a legacy row is on
    source_page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source_row: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source_box: Mapped[str] = mapped_column(Text, default="[]")  # JSON [x0, y0, x1, y1] of the row on the page image
    confidences: Mapped[str] = mapped_column(Text, default="{}")  # JSON {column: 0..1} for OCR-read cells
    raw: Mapped[str] = mapped_column(Text, default="")  # the row as read (a row whose columns are unknown)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    review: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of reasons
    edited: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of columns a person set by hand
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class TableRowRow(Base):
    """One row of a table read from a document's page (issue 15): a book of a daftar judul buku
    (``kind`` "buku"), an attendee of a daftar hadir ("hadir") or an entry of a jadwal ("jadwal").
    ``cells`` holds every column read; ``copies`` and ``tanggal`` repeat the ones summed and
    filtered on.  Rebuilt from the page's OCR words.  Migration ``0502_table_rows``."""

    __tablename__ = "table_rows"
    __table_args__ = (UniqueConstraint("document_id", "page", "row", name="uq_table_row"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8), index=True)  # "buku" | "hadir" | "jadwal"
    page: Mapped[int] = mapped_column(Integer)
    row: Mapped[int] = mapped_column(Integer)  # 0-based within the page's table
    cells: Mapped[str] = mapped_column(Text, default="{}")  # JSON {column: text}
    confidences: Mapped[str] = mapped_column(Text, default="{}")  # JSON {column: 0..1}
    review: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of reasons (unsure cells left empty)
    box: Mapped[str] = mapped_column(Text, default="[]")  # JSON [x0, y0, x1, y1] on the page image
    copies: Mapped[int | None] = mapped_column(Integer, nullable=True)  # buku: eksemplar
    tanggal: Mapped[str | None] = mapped_column(String(10), nullable=True)  # jadwal: ISO date


class TableHeaderRow(Base):
    """The header of the table read from a document's page, as read (issue 15): ``labels`` maps
    each stored column to its header cell's text on the page ({"tanggal": "Hari/Tgl"}).  Rebuilt
    with the rows (``TableRowRow``).  Migration ``0801_table_headers``."""

    __tablename__ = "table_headers"
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    page: Mapped[int] = mapped_column(Integer, primary_key=True)
    labels: Mapped[str] = mapped_column(Text, default="{}")  # JSON {column: header text as read}


class AgendaCounterRow(Base):
    """The last nomor agenda given in one register and year (incremented in the writer's transaction)."""

    __tablename__ = "agenda_counters"
    register: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


# --- saved views of the document list (issue 18): filters and sort under a name, per user or shared
# with everyone.  Migration ``0501_saved_views``.

class SavedViewRow(Base):
    __tablename__ = "saved_views"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80))
    owner: Mapped[str] = mapped_column(String(64), index=True)  # the user name that saved it
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    query: Mapped[str] = mapped_column(Text, default="{}")  # JSON {query key: value}
    created_at: Mapped[str] = mapped_column(String(32))


def write_audit(session: Session, action: str, *, user: str | None = None, doc_id: str | None = None,
                activity_id: str | None = None, detail: dict[str, Any] | None = None) -> None:
    """Append one audit entry in the caller's transaction (the ONLY writer of ``audit_log``)."""
    session.add(AuditRow(at=now_iso(), user=user, action=action, doc_id=doc_id, activity_id=activity_id,
                         detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)))


def take_backfill_mark(session: Session, mark: tuple[str, int]) -> bool:
    """Claim a backfill a migration asked for: its mark is a counter row (register, year) that the
    migration left at 1; the first caller sets it to 0 and gets True, any later one gets False."""
    taken = session.execute(update(AgendaCounterRow)
                            .where(AgendaCounterRow.register == mark[0], AgendaCounterRow.year == mark[1],
                                   AgendaCounterRow.last == 1)
                            .values(last=0))
    return bool(getattr(taken, "rowcount", 0))


def bump_counter(session: Session, register: str, year: int, first: int) -> None:
    """Create the counter row of ``register``/``year`` at ``first``, or add one to it if another
    transaction created it meanwhile: one ``INSERT … ON CONFLICT DO UPDATE``, atomic on SQLite
    and PostgreSQL alike (on PostgreSQL two writers may both miss the row; a plain INSERT would
    then fail on the primary key)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        stmt = pg_insert(AgendaCounterRow).values(register=register, year=year, last=first)
        session.execute(stmt.on_conflict_do_update(index_elements=["register", "year"],
                                                   set_={"last": AgendaCounterRow.last + 1}))
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        lite = sqlite_insert(AgendaCounterRow).values(register=register, year=year, last=first)
        session.execute(lite.on_conflict_do_update(index_elements=["register", "year"],
                                                   set_={"last": AgendaCounterRow.last + 1}))


def sync_id_sequences(session: Session) -> None:
    """After rows were inserted with their own ids (``burt import``), move each PostgreSQL id
    sequence past the highest id, so the next insert does not collide.  SQLite needs nothing:
    its next rowid is always past the highest."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer) or pk[0].autoincrement is False:
            continue
        name, col = table.name, pk[0].name
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', '{col}'), "
                             f"COALESCE((SELECT MAX({col}) FROM {name}), 0) + 1, false)"))


# --- engine, migrations, sessions ------------------------------------------------------------

_engines: dict[str, tuple[Engine, sessionmaker]] = {}
_engines_lock = threading.Lock()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.close()


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except ModuleNotFoundError as exc:  # psycopg is the optional [postgres] extra
            raise SettingsError(
                "BURT_DATABASE_URL menunjuk PostgreSQL, tetapi driver psycopg belum dipasang "
                "(pip install 'burt-archive[postgres]'). / BURT_DATABASE_URL points at PostgreSQL but the "
                "psycopg driver is not installed (pip install 'burt-archive[postgres]').") from exc
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision(s) (every head: activities add their own)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def open_db(settings) -> sessionmaker:
    """Session factory for ``settings.database_url``; migrates on first open in this process."""
    url = settings.database_url
    with _engines_lock:
        hit = _engines.get(url)
        if hit is None:
            if url.startswith("sqlite:///"):
                Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
            engine = _make_engine(url)
            migrate(engine)
            hit = (engine, sessionmaker(engine, expire_on_commit=False))
            _engines[url] = hit
    return hit[1]


def open_sessions(settings) -> sessionmaker | None:
    """The session factory ``open_db`` made for ``settings`` in this process, or None (not
    opened yet, or closed by ``close_db``)."""
    with _engines_lock:
        hit = _engines.get(settings.database_url)
    return hit[1] if hit else None
def after_fork() -> None:
    """In a child process just forked (a Celery pool process): forget the parent's pooled
    connections without closing them (they belong to the parent) and any lock held at the fork."""
    global _engines_lock
    _engines_lock = threading.Lock()
    for engine, _ in _engines.values():
        engine.dispose(close=False)


def close_db(settings) -> None:
    """Dispose the engine for these settings (tests, import into a fresh home)."""
    with _engines_lock:
        hit = _engines.pop(settings.database_url, None)
    if hit:
        hit[0].dispose()


def database_damage(settings) -> str | None:
    """What an integrity check of the database file found wrong, or None when it is sound (for ``verify``).

    SQLite: ``PRAGMA quick_check`` (every page and b-tree is read; a damaged page anywhere, also in a table
    nothing else reads, is found). PostgreSQL guards its own pages: only a failure to read is reported."""
    try:
        with open_db(settings)() as session:
            if session.get_bind().dialect.name != "sqlite":
                return None
            rows = [str(r[0]) for r in session.execute(text("PRAGMA quick_check")).all()]
    except SqlOperationalError:
        raise  # locked, unreachable, out of space: not damage, and the caller's error says so
    except SqlDatabaseError as exc:
        return f"{type(exc.orig or exc).__name__}: {exc.orig or exc}"[:300]
    return None if rows == ["ok"] else "; ".join(rows[:3])[:300]


@contextmanager
def session_scope(settings) -> Iterator[Session]:
    """A transaction: commit on success, roll back and re-raise on any error."""
    session = open_db(settings)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def loads(text: str | None, default: Any = None) -> Any:
    if not text:
        return default
    return json.loads(text)


def schema_revisions(settings) -> tuple[list[str], list[str]]:
    """(the database's Alembic revisions, the code's heads), for the health check. Opening the
    database migrates it, so the two differ only when another process's code is newer or a
    migration could not run."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    open_db(settings)
    engine = _engines[settings.database_url][0]
    with engine.connect() as conn:
        current = sorted(str(r[0]) for r in conn.execute(text("SELECT version_num FROM alembic_version")))
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return current, sorted(ScriptDirectory.from_config(cfg).get_heads())


def backend_name(settings) -> str:
    """"sqlite" or "postgresql" (never the URL: it may hold a password)."""
    return str(settings.database_url).split(":", 1)[0].split("+", 1)[0]
