"""The file store: originals content-addressed by SHA-256 and never modified; derivatives
(page images, thumbnails, searchable PDF, OCR JSON) under ``derivatives/<sha>/``.

Every write goes to a temp file beside its target, is fsynced, then ``os.replace``d, so a
crash leaves either the old state or the new one, never half a file.  Every function is
idempotent: storing bytes that are already there is a no-op.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import socket
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
KIND_SUFFIX = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png", "tiff": ".tif", "heic": ".heic"}


def doc_id_for(sha256: str) -> str:
    """Document id: the first 12 hex digits of the SHA-256 of the original bytes."""
    return sha256[:12]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def suffix_for(filename: str, kind: str | None = None) -> str:
    """File suffix for the stored original: from the sniffed kind, else the name's own suffix."""
    if kind and kind in KIND_SUFFIX:
        return KIND_SUFFIX[kind]
    suffix = Path(filename).suffix.lower()
    return suffix if suffix.isascii() and 1 < len(suffix) <= 6 and suffix[1:].isalnum() else ".bin"


def original_relpath(sha256: str, suffix: str) -> str:
    """``originals/ab/abcdef….pdf`` relative to the data directory."""
    return f"originals/{sha256[:2]}/{sha256}{suffix}"


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(target: Path, source: BinaryIO | Path, *, read_only: bool = False) -> None:
    """Copy ``source`` (a path or a binary stream) to ``target`` via a temp file + ``os.replace``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            if isinstance(source, Path):
                with open(source, "rb") as fh:
                    shutil.copyfileobj(fh, out, CHUNK)
            else:
                shutil.copyfileobj(source, out, CHUNK)
            out.flush()
            os.fsync(out.fileno())
        if read_only:
            os.chmod(tmp, stat.S_IRUSR)  # read-only and private to the archive account
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def store_original(home: Path, source: Path, sha256: str, suffix: str) -> str:
    """Put the original into the store (read-only) unless an intact copy is already there.

    Returns the path relative to ``home``.  A stored copy whose hash does not match (a crash
    can't produce one, but a disk can) is replaced from ``source``.
    """
    rel = original_relpath(sha256, suffix)
    target = home / rel
    if target.exists() and sha256_file(target) == sha256:
        return rel
    write_atomic(target, source, read_only=True)
    if sha256_file(target) != sha256:
        raise OSError(f"stored original {rel} does not hash to {sha256}")
    log.info("stored original %s", doc_id_for(sha256))
    return rel


def derivatives_relpath(sha256: str) -> str:
    return f"derivatives/{sha256}"


def _host_tag() -> str:
    """This machine, in a staging dir's name (the store may be a mount shared by several)."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def staging_dir(home: Path, sha256: str) -> Path:
    """A fresh, empty staging dir on the same filesystem as the store (under ``tmp/``), named
    ``deriv-<sha12>-<pid>@<host tag>-…``."""
    base = home / "tmp"
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"deriv-{sha256[:12]}-{os.getpid()}@{_host_tag()}-", dir=base))


def remove_dead_staging(home: Path, alive: Callable[[int], bool]) -> int:
    """Remove staging dirs left by processes of this machine that died (``kill -9`` mid-ingest);
    another machine's (on a shared store) are left alone: its process ids mean nothing here."""
    n, here = 0, _host_tag()
    for d in (home / "tmp").glob("deriv-*"):
        parts = d.name.split("-")
        if len(parts) < 4:
            continue
        pid, _, host = parts[2].partition("@")
        if pid.isdigit() and host in ("", here) and not alive(int(pid)):
            shutil.rmtree(d, ignore_errors=True)
            n += 1
    return n


def install_derivatives(home: Path, sha256: str, staged: Path) -> dict[str, tuple[str, str, int]]:
    """Move a staged derivatives dir into place (replacing a leftover from an earlier attempt).

    Returns ``{name: (relpath, sha256, size)}`` for every file, to be recorded in the database.
    """
    rel = derivatives_relpath(sha256)
    final = home / rel
    final.parent.mkdir(parents=True, exist_ok=True)
    for f in staged.iterdir():
        if f.is_file():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
    if final.exists():
        shutil.rmtree(final)
    os.replace(staged, final)
    _fsync_dir(final.parent)
    return {f.name: (f"{rel}/{f.name}", sha256_file(f), f.stat().st_size)
            for f in sorted(final.iterdir()) if f.is_file()}


QUARANTINE = "quarantine"


def quarantine_original(home: Path, rel: str) -> str | None:
    """Move a stored original of a refused file out of the originals into ``quarantine/``, kept
    byte for byte (never deleted); returns its new path relative to ``home``, None if absent.

    Only ever called for a SHA no document holds: archived originals are never moved."""
    source = home / rel
    if not source.is_file():
        return None
    target_rel = f"{QUARANTINE}/{source.name}"
    target = home / target_rel
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)  # same filesystem: atomic, the bytes are never copied or lost
    _fsync_dir(target.parent)
    _fsync_dir(source.parent)
    log.info("quarantined refused original %s", source.name[:12])
    return target_rel


def remove_staging(home: Path, sha256: str) -> int:
    """Remove every staging dir of ``sha256`` (left by a failed attempt); returns how many."""
    dirs = list((home / "tmp").glob(f"deriv-{sha256[:12]}-*"))
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)
    return len(dirs)


def remove_tree(path: Path) -> None:
    """Remove a staging dir or leftover derivatives dir if present."""
    if path.exists():
        shutil.rmtree(path)


def remove_stale_work_dirs(home: Path, older_than_s: float = 3600.0) -> int:
    """Remove the pipeline's private work dirs (``tmp/.burt-ingest-*``) left by a killed process,
    once they are old enough that no live ingest can still be writing them."""
    import time
    n = 0
    for d in (home / "tmp").glob(".burt-ingest-*"):
        if d.is_dir() and time.time() - d.stat().st_mtime > older_than_s:
            shutil.rmtree(d, ignore_errors=True)
            n += 1
    return n
