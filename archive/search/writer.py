"""The single writer of an index: a thread lock inside the process plus an ``fcntl`` file lock
across processes, so concurrent ingests queue instead of hitting ``LockError``.  A failed write
cancels and re-raises."""
from __future__ import annotations

import fcntl
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from whoosh import index
from whoosh.writing import NO_MERGE

from archive.search.handles import forget_index, index_key, open_index
from archive.search.schema import document_fields, make_schema

_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_lock = threading.Lock()


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """The single-writer gate: one thread in this process, one process on this machine."""
    key = index_key(index_dir)
    with _thread_locks_lock:
        tlock = _thread_locks.setdefault(key, threading.Lock())
    with tlock:
        lock_path = Path(key + ".writer.lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def index_documents(index_dir: Path, docs: Iterable[dict[str, Any]]) -> int:
    """Add or replace documents (by id) in one commit; returns how many were written.

    ``docs`` is consumed while the writer gate is held, so a caller that builds them lazily from its
    database reads the state after every earlier writer's: of two threads indexing one document, the one
    that writes last has read last, and the index never ends on the older state."""
    with writer_lock(index_dir):
        docs = list(docs)
        if not docs:
            return 0
        ix = open_index(index_dir)
        known = set(ix.schema.names())  # an index made by an older version lacks newer fields
        w = ix.writer()
        try:
            for doc in docs:
                w.update_document(**{k: v for k, v in document_fields(doc).items() if k in known})
        except BaseException:
            w.cancel()
            raise
        w.commit()
    return len(docs)


def delete_documents(index_dir: Path, ids: Iterable[str]) -> int:
    ids = list(ids)
    with writer_lock(index_dir):
        w = open_index(index_dir).writer()
        try:
            n = sum(w.delete_by_term("id", i) for i in ids)
        except BaseException:
            w.cancel()
            raise
        w.commit()
    return n


def add_in_bulk(ix: Any, docs: Iterable[dict[str, Any]], *, limitmb: int, procs: int, merge: bool = True) -> int:
    """Add ``docs`` to the open index ``ix`` with one bulk writer (``procs`` processes, ``limitmb`` each,
    a segment per process); ``merge=False`` leaves the existing segments unmerged. The caller holds
    the single-writer lock or writes an index nobody reads yet."""
    count = 0
    w = ix.writer(limitmb=limitmb, procs=procs, multisegment=procs > 1)
    try:
        for doc in docs:
            w.add_document(**document_fields(doc))
            count += 1
    except BaseException:
        w.cancel()
        raise
    w.commit() if merge else w.commit(mergetype=NO_MERGE)
    return count


def rebuild(index_dir: Path, docs: Iterable[dict[str, Any]], *, limitmb: int = 128, procs: int = 1) -> int:
    """Build a fresh index from ``docs`` beside ``index_dir``, then swap it in (readers never see
    a half-built index)."""
    key = Path(index_key(index_dir))
    fresh = key.with_name(key.name + ".rebuild")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    count = add_in_bulk(index.create_in(str(fresh), make_schema()), docs, limitmb=limitmb, procs=procs)
    with writer_lock(index_dir):
        old = key.with_name(key.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if key.exists():
            os.replace(key, old)
        os.replace(fresh, key)
        shutil.rmtree(old, ignore_errors=True)
        forget_index(index_dir)
    return count
