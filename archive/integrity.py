"""Integrity: ``verify`` re-hashes every original and derivative and checks that database, files
and index agree.  (``indexing.rebuild`` rebuilds the index from the database alone: the index is
derived data, losing it loses nothing.)"""
from __future__ import annotations

import logging

from archive import indexing, search
from archive.db import DerivativeRow, Document, JobRow, database_damage, select, session_scope
from archive.errors import IndexDamagedError
from archive.records import Problem, VerifyReport
from archive.storage import Storage, storage_for

log = logging.getLogger(__name__)


def _check_file(storage: Storage, rel: str, sha: str, what: str, doc_id: str, problems: list[Problem]) -> None:
    try:
        actual = storage.sha256(rel) if storage.exists(rel) else None
    except (FileNotFoundError, ValueError):  # removed between the two looks; a path outside the store
        actual = None
    if actual is None:
        problems.append(Problem("missing", what, doc_id, rel, "berkas tidak ada / file is missing"))
        return
    if actual != sha:
        problems.append(Problem("altered", what, doc_id, rel,
                                f"SHA-256 {actual[:12]}… ≠ {sha[:12]}… (berkas berubah / file changed)"))


def _known_files(settings) -> tuple[set[str], set[str]]:
    """Relative paths of originals and derivatives the database knows (jobs' originals too)."""
    with session_scope(settings) as s:
        originals = set(s.scalars(select(Document.original_path)))
        originals |= {p for p in s.scalars(select(JobRow.original_path)) if p}
        derivs = set(s.scalars(select(DerivativeRow.path)))
    return originals, derivs


def _orphans(settings, storage: Storage, problems: list[Problem]) -> None:
    originals, derivs = _known_files(settings)
    for rel in storage.files("originals"):
        if not rel.rsplit("/", 1)[-1].startswith(".tmp-") and rel not in originals:
            problems.append(Problem("orphaned", "original", None, rel,
                                    "berkas tanpa dokumen di basis data / file with no database record"))
    for rel in storage.files("derivatives"):
        if rel not in derivs:
            problems.append(Problem("orphaned", "derivative", None, rel,
                                    "berkas tanpa catatan di basis data / file with no database record"))


def _index(settings, problems: list[Problem]) -> None:
    try:
        if not search.index_readable(settings.index_dir):  # every stored field, term and posting read
            raise IndexDamagedError(detail="a full read of the index failed")
        stamps = search.indexed_stamps(settings.index_dir)
    except IndexDamagedError as exc:
        problems.append(Problem("corrupt", "index", None, None,
                                "indeks pencarian rusak, jalankan 'burt reindex' / the search index is damaged, "
                                f"run 'burt reindex' ({exc.detail})"))
        return
    expected = indexing.index_stamps(settings)
    for doc_id, stamp in sorted(expected.items()):
        if doc_id not in stamps:
            problems.append(Problem("unindexed", "index", doc_id, None,
                                    "dokumen tidak ada di indeks pencarian / document missing from the search index"))
        elif stamps[doc_id] != stamp:
            problems.append(Problem("stale", "index", doc_id, None,
                                    "indeks tidak sesuai basis data / index entry differs from the database"))
    for doc_id in sorted(set(stamps) - set(expected)):
        problems.append(Problem("orphaned", "index", doc_id, None,
                                "indeks memuat dokumen yang tidak ada / index holds an unknown document"))


def verify(settings) -> VerifyReport:
    """Everything that is wrong, named: missing / altered / orphaned files, unindexed or stale
    index entries."""
    problems: list[Problem] = []
    checked = 0
    damage = database_damage(settings)
    if damage is not None:  # reading on would fail or mislead: say so, and that the files were not checked
        problems.append(Problem("corrupt", "database", None, None,
                                "basis data rusak; pulihkan dari cadangan (burt export/import); berkas tidak "
                                f"diperiksa / the database is damaged; restore a backup; files not checked ({damage})"))
        for p in problems:
            log.warning("verify: %s %s %s %s", p.kind, p.what, p.doc_id or "-", p.path or "-")
        return VerifyReport(documents=0, files_checked=0, problems=tuple(problems))
    with session_scope(settings) as s:
        docs = [(d.id, d.original_path, d.sha256) for d in s.scalars(select(Document).order_by(Document.id))]
        derivs = [(r.document_id, r.path, r.sha256) for r in s.scalars(select(DerivativeRow))]
    storage = storage_for(settings)
    for doc_id, rel, sha in docs:
        _check_file(storage, rel, sha, "original", doc_id, problems)
        checked += 1
    for doc_id, rel, sha in derivs:
        _check_file(storage, rel, sha, "derivative", doc_id, problems)
        checked += 1
    _orphans(settings, storage, problems)
    _index(settings, problems)
    for p in problems:
        log.warning("verify: %s %s %s %s", p.kind, p.what, p.doc_id or "-", p.path or "-")
    return VerifyReport(documents=len(docs), files_checked=checked, problems=tuple(problems))
