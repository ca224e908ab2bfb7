"""Export / import the whole archive as a BagIt bag (Library of Congress ``bagit``; the only
module importing it).

The bag's payload (``data/``) holds ``originals/`` and ``derivatives/`` exactly as stored, and
``metadata/<table>.json`` with every row of every archive table (documents, pages, fields and
their history, derivatives, audit log, activities and links…), so a round trip is identical.

Only files the documents reference are exported (an original kept for a failed ingest job is
not a record).  Decisions: users are exported WITHOUT secrets (password and token hashes are blanked — a bag is
an archival copy that travels on disks and must not carry credentials; after an import the admin
sets passwords and issues tokens again).  Ingest jobs are not exported (transient work, not
records).  The search index is not exported; import rebuilds it from the database.
"""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import bagit

from archive import indexing
from archive.db import Base, func, open_db, select, session_scope, sync_id_sequences
from archive.errors import ArchiveNotEmptyError, BagInvalidError
from archive.records import ExportReport, ImportReport

log = logging.getLogger(__name__)

SKIP_TABLES = {"jobs", "alembic_version"}
SECRET_COLUMNS = {"users": ("password_hash", "token_hash")}
FORMAT = "burt-archive-bag/1"


def dump_tables(settings) -> dict[str, list[dict]]:
    """Every row of every archive table as plain dicts, secrets blanked, in a stable order."""
    out: dict[str, list[dict]] = {}
    with session_scope(settings) as s:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIP_TABLES:
                continue
            order = [c for c in table.primary_key.columns] or list(table.columns)
            rows = [dict(r._mapping) for r in s.execute(select(table).order_by(*order))]
            for row in rows:
                for col in SECRET_COLUMNS.get(table.name, ()):
                    row[col] = None
            out[table.name] = rows
    return out


def _copy_tree(src: Path, dest: Path, only: set[str] | None = None) -> int:
    """Copy files under ``src`` (only those whose path relative to ``src`` is in ``only``, if given)."""
    n = 0
    if src.is_dir():
        for f in sorted(src.rglob("*")):
            if only is not None and f.relative_to(src).as_posix() not in only:
                continue
            if f.is_file() and not f.name.startswith(".tmp-"):
                target = dest / f.relative_to(src)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, target)
                n += 1
    return n


def export_archive(settings, dest: Path) -> ExportReport:
    """Write a BagIt bag (sha256 + sha512 manifests) of the whole archive into ``dest``."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise ArchiveNotEmptyError(f"Folder tujuan {dest} tidak kosong. / Destination {dest} is not empty.",
                                   code="export_target_not_empty")
    dest.mkdir(parents=True, exist_ok=True)
    try:
        tables = dump_tables(settings)
        # only what documents reference (an original kept for a failed job is not a record)
        originals = {d["original_path"].removeprefix("originals/") for d in tables.get("documents", [])}
        derivs = {d["path"].removeprefix("derivatives/") for d in tables.get("derivatives", [])}
        files = _copy_tree(settings.originals_dir, dest / "originals", originals)
        files += _copy_tree(settings.derivatives_dir, dest / "derivatives", derivs)
        meta = dest / "metadata"
        meta.mkdir()
        for name, rows in tables.items():
            (meta / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True,
                                                          default=str), encoding="utf-8")
        (meta / "format.json").write_text(json.dumps({"format": FORMAT, "tables": sorted(tables)}), encoding="utf-8")
        bag = bagit.make_bag(str(dest), {"Source-Organization": "Dinas Perpustakaan Kabupaten Balangan",
                                         "External-Description": "burt-archive export (BuRT)",
                                         "Bag-Group-Identifier": FORMAT}, checksums=["sha256", "sha512"])
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    size = sum(f.stat().st_size for f in (dest / "data").rglob("*") if f.is_file())
    docs = len(tables.get("documents", []))
    log.info("exported %d documents (%d files) to %s", docs, files, dest)
    return ExportReport(path=str(dest), documents=docs, files=len(bag.payload_entries()), bytes=size)


def _is_empty(settings) -> bool:
    for d in (settings.originals_dir, settings.derivatives_dir):
        if d.exists() and any(d.iterdir()):
            return False
    with session_scope(settings) as s:
        for table in Base.metadata.sorted_tables:
            if table.name not in SKIP_TABLES and s.scalar(select(func.count()).select_from(table)):
                return False
    return True


def _validated(src: Path) -> bagit.Bag:
    try:
        bag = bagit.Bag(str(src))
        bag.validate()
    except (bagit.BagError, bagit.BagValidationError) as exc:
        raise BagInvalidError(detail=str(exc)) from exc
    fmt = src / "data" / "metadata" / "format.json"
    if not fmt.is_file() or json.loads(fmt.read_text(encoding="utf-8")).get("format") != FORMAT:
        raise BagInvalidError("Paket ini bukan ekspor burt-archive. / This bag is not a burt-archive export.")
    return bag


def _load_tables(settings, meta: Path) -> None:
    with session_scope(settings) as s:
        for table in Base.metadata.sorted_tables:
            path = meta / f"{table.name}.json"
            if table.name in SKIP_TABLES or not path.is_file():
                continue
            rows = json.loads(path.read_text(encoding="utf-8"))
            if rows:
                s.execute(table.insert(), rows)
        sync_id_sequences(s)


def import_archive(settings, src: Path) -> ImportReport:
    """Validate the bag, then restore it into an EMPTY data directory and rebuild the index."""
    src = Path(src)
    _validated(src)
    settings.ensure_dirs()
    open_db(settings)
    if not _is_empty(settings):
        raise ArchiveNotEmptyError()
    payload = src / "data"
    files = _copy_tree(payload / "originals", settings.originals_dir)
    files += _copy_tree(payload / "derivatives", settings.derivatives_dir)
    for f in settings.originals_dir.rglob("*"):
        if f.is_file():
            f.chmod(0o400)
    _load_tables(settings, payload / "metadata")
    indexed = indexing.rebuild(settings)
    log.info("imported %d documents from %s", indexed, src)
    return ImportReport(path=str(src), documents=indexed, files=files, indexed=indexed)


__all__ = ["export_archive", "import_archive", "dump_tables"]
