"""The health check (``burt health``, ``GET /api/health``): database, search index, job runner,
disk and tools, each ``ok``, ``warning`` or ``down`` with a clerk-readable message.

Nothing here changes the archive: the index is not created when it is missing, no job is run.
Figures only; no path, database URL or token is reported.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
import time
from typing import Callable

from archive import jobs, queue, search
from archive.db import Document, backend_name, func, now_iso, schema_revisions, select, session_scope
from archive.records import HealthPart, HealthReport, QueueState

log = logging.getLogger(__name__)

OK, WARNING, DOWN = "ok", "warning", "down"
TOOLS = (("tesseract", ("--version",)), ("pdftoppm", ("-v",)))
TOOL_CACHE_S = 60.0  # versions do not change while the server runs; PATH is part of the key
_tool_cache: dict[tuple[str, str], tuple[float, HealthPart]] = {}
_tool_lock = threading.Lock()


def _guard(name: str, check: Callable[[], HealthPart], what: tuple[str, str]) -> HealthPart:
    """A check that raised is that part being down, with the error's kind (not its text: it may
    name a path or a URL)."""
    try:
        return check()
    except Exception as exc:  # any failure of the part is its answer; logged with traceback
        log.exception("health check of %s failed", name)
        return HealthPart(name, DOWN, f"{what[0]} tidak dapat diperiksa ({type(exc).__name__}). / "
                                      f"{what[1]} could not be checked ({type(exc).__name__}).",
                          {"error": type(exc).__name__})


def check_database(settings) -> HealthPart:
    backend = backend_name(settings)
    current, heads = schema_revisions(settings)
    detail = {"backend": backend, "revisions": current, "heads": heads, "schema_at_heads": current == heads}
    if current != heads:
        return HealthPart("database", DOWN, "Basis data terhubung, tetapi skemanya tidak sesuai versi program ini. / "
                                            "The database answers, but its schema does not match this version.", detail)
    return HealthPart("database", OK, "Basis data terhubung dan skemanya mutakhir. / "
                                      "The database answers and its schema is up to date.", detail)


def check_index(settings) -> HealthPart:
    with session_scope(settings) as s:
        in_db = s.scalar(select(func.count()).select_from(Document)) or 0
        indexed = s.scalar(select(func.count()).select_from(Document).where(Document.indexed.is_(True))) or 0
    count = search.index_count(settings.index_dir)
    detail = {"documents_in_index": count, "documents_in_database": in_db, "waiting_to_be_indexed": in_db - indexed}
    if count is None and in_db == 0:
        return HealthPart("index", OK, "Arsip masih kosong; indeks dibuat saat dokumen pertama masuk. / "
                                       "The archive is empty; the index is made with the first document.", detail)
    if count is None:
        return HealthPart("index", DOWN, "Indeks pencarian tidak ada. Jalankan `burt reindex`. / "
                                         "The search index is missing. Run `burt reindex`.", detail)
    if count != indexed:
        return HealthPart("index", WARNING, f"Indeks pencarian berisi {count} dokumen, basis data {indexed}. "
                                            "Jalankan `burt reindex`. / "
                                            f"The search index holds {count} documents, the database {indexed}. "
                                            "Run `burt reindex`.", detail)
    return HealthPart("index", OK, f"Indeks pencarian terbuka: {count} dokumen, sama dengan basis data. / "
                                   f"The search index opens: {count} documents, as in the database.", detail)


def check_runner(settings, queue: QueueState, expect_runner: bool) -> HealthPart:
    """``expect_runner``: this process should have a runner (``burt serve``); otherwise (``burt
    health`` on its own) no runner is a problem only when jobs are due and nothing runs them."""
    beats = jobs.read_heartbeats(settings)
    fresh = [b for b in beats if b["fresh"]]
    last = max((b["beat_at"] for b in beats), default=None)
    detail = {"runners": [{k: b.get(k) for k in ("worker", "started_at", "beat_at", "loop_at", "age_s", "fresh")}
                          for b in beats],
              "last_beat_at": last, "queue": queue.to_json()}
    waiting = f"{queue.due} pekerjaan menunggu / {queue.due} jobs waiting" if queue.due else ""
    if fresh:
        run = f"; sedang dikerjakan: {len(queue.running)} / running: {len(queue.running)}"
        return HealthPart("runner", OK, f"Pengolah pekerjaan berjalan ({len(fresh)}). / "
                                        f"The job runner is running ({len(fresh)}){run}.", detail)
    if expect_runner or (queue.due and not queue.running):
        extra = f" {waiting}." if waiting else ""
        return HealthPart("runner", DOWN, "Pengolah pekerjaan tidak berjalan: unggahan tidak akan diproses. "
                                          "Mulai ulang `burt serve`. / The job runner is not running: uploads will "
                                          f"not be processed. Restart `burt serve`.{extra}", detail)
    return HealthPart("runner", OK, "Tidak ada pengolah pekerjaan yang berjalan di sini, dan tidak ada yang menunggu. / "
                                    "No job runner runs here, and no job is waiting.", detail)


def check_disk(settings) -> HealthPart:
    # the data directory's disk, or the store's (BURT_STORAGE_DIR) when that has less room
    usage = shutil.disk_usage(settings.home)
    if settings.storage_root != settings.home and settings.storage_root.is_dir():
        usage = min(usage, shutil.disk_usage(settings.storage_root), key=lambda u: u.free)
    free_mb = usage.free // (1024 * 1024)
    detail = {"free_mb": free_mb, "total_mb": usage.total // (1024 * 1024), "warn_below_mb": settings.disk_warn_mb}
    if free_mb < settings.disk_warn_mb / 10:
        return HealthPart("disk", DOWN, f"Ruang disk data hampir habis: sisa {free_mb} MB. Unggahan bisa gagal. / "
                                        f"The data disk is almost full: {free_mb} MB free. Uploads may fail.", detail)
    if free_mb < settings.disk_warn_mb:
        return HealthPart("disk", WARNING, f"Ruang disk data tinggal {free_mb} MB (batas peringatan "
                                           f"{settings.disk_warn_mb} MB). / The data disk has {free_mb} MB free "
                                           f"(warning below {settings.disk_warn_mb} MB).", detail)
    return HealthPart("disk", OK, f"Ruang disk data cukup: {free_mb} MB. / Enough space on the data disk: "
                                  f"{free_mb} MB free.", detail)


def _version(name: str, args: tuple[str, ...]) -> str | None:
    exe = shutil.which(name)
    if exe is None:
        return None
    proc = subprocess.run([exe, *args], capture_output=True, text=True, timeout=20)
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    return lines[0].strip() if lines else ""


def check_tools() -> HealthPart:
    key = ("tools", os.environ.get("PATH", ""))
    with _tool_lock:
        hit = _tool_cache.get(key)
        if hit is not None and time.monotonic() - hit[0] < TOOL_CACHE_S:
            return hit[1]
    versions = {name: _version(name, args) for name, args in TOOLS}
    missing = [n for n, v in versions.items() if v is None]
    if missing:
        part = HealthPart("tools", DOWN, f"Program tidak ditemukan: {', '.join(missing)}. Dokumen tidak dapat "
                                         "dibaca (OCR). Hubungi pengelola server. / Programs not found: "
                                         f"{', '.join(missing)}. Documents cannot be read (OCR). Ask the server's "
                                         "administrator.", {"versions": versions})
    else:
        part = HealthPart("tools", OK, "Tesseract dan pdftoppm tersedia. / Tesseract and pdftoppm are there.",
                          {"versions": versions})
    with _tool_lock:
        _tool_cache[key] = (time.monotonic(), part)
    return part


def check(settings, *, expect_runner: bool = False) -> HealthReport:
    """Every part, each guarded: one part failing does not hide the others."""
    database = _guard("database", lambda: check_database(settings), ("Basis data", "The database"))
    if database.status == DOWN:
        index = HealthPart("index", DOWN, "Indeks tidak diperiksa: basis data tidak terhubung. / "
                                          "Index not checked: the database does not answer.")
        runner = HealthPart("runner", DOWN, "Antrean tidak diperiksa: basis data tidak terhubung. / "
                                            "Queue not checked: the database does not answer.")
    else:
        index = _guard("index", lambda: check_index(settings), ("Indeks pencarian", "The search index"))
        runner = _guard("runner", lambda: check_runner(settings, jobs.queue_state(settings), expect_runner),
                        ("Pengolah pekerjaan", "The job runner"))
    disk = _guard("disk", lambda: check_disk(settings), ("Ruang disk", "Disk space"))
    tools = _guard("tools", check_tools, ("Program OCR", "The OCR programs"))
    parts: tuple[HealthPart, ...] = (database, index, runner, disk, tools)
    if settings.broker_url:  # Celery workers: the broker is a part of its own
        parts += (_guard("broker", lambda: check_broker(settings), ("Broker antrean", "The queue broker")),)
    return HealthReport(parts, now_iso())


def check_broker(settings) -> HealthPart:
    """``BURT_BROKER_URL`` answers: the messages waiting per queue; down when it does not answer
    (uploads are still stored and queued; the workers' sweep sends them once it is back)."""
    depths = queue.queue_depths(settings.broker_url)
    if depths is None:
        return HealthPart("broker", DOWN, "Broker antrean (Redis) tidak menjawab: unggahan tetap disimpan dan "
                                          "menunggu, tetapi tidak diproses. Hubungi pengelola server. / The queue "
                                          "broker (Redis) does not answer: uploads are kept and wait, but are not "
                                          "processed. Ask the server's administrator.")
    return HealthPart("broker", OK, "Broker antrean menjawab. / The queue broker answers.", {"queues": depths})
