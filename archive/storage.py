"""Where originals and derivatives live: the ``Storage`` interface, and ``LocalStorage``, the local
file system (the default; several machines share it as a POSIX mount, ``docs/deploy.md``).

Every file is named by a path relative to the storage root, as the database records it:
``originals/ab/<sha256><suffix>`` (content-addressed, read-only, never modified or deleted),
``derivatives/<sha256>/<name>`` (regenerable from the original), ``quarantine/<sha256><suffix>``
(a refused file's original, kept byte for byte).  The rest of the archive reaches stored bytes only
through this interface (``storage_for(settings)``); ``archive/store.py`` holds the local
file-system primitives ``LocalStorage`` is built on (atomic writes: temp file, fsync,
``os.replace``).

What another implementation (an S3-compatible object store) must keep: ``put_original`` verifies
the SHA-256 of what it stored and is idempotent; a write is seen whole or not at all; nothing here
deletes an original (``quarantine`` moves one, ``unquarantine`` moves it back, both only after the
copy is in place); ``local_path`` hands a reader (OCR, the web's file responses) a file it can open.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Protocol

from archive import store

AREAS = ("originals", "derivatives", store.QUARANTINE)


class Storage(Protocol):
    """Originals and derivatives, addressed by paths relative to the storage root."""

    def put_original(self, source: Path | BinaryIO, sha256: str, suffix: str) -> str:
        """Store an original unless an intact copy is there; returns its relative path.  The stored
        bytes are hashed again: ``OSError`` if they are not ``sha256``."""
        ...

    def exists(self, rel: str) -> bool:
        ...

    def open(self, rel: str) -> BinaryIO:
        """The stored bytes for reading (``FileNotFoundError`` when missing)."""
        ...

    def sha256(self, rel: str) -> str:
        """SHA-256 of the stored bytes, read back now (``FileNotFoundError`` when missing)."""
        ...

    def local_path(self, rel: str) -> Path:
        """A file on this machine a reader can open by name (OCR, ``send_file``)."""
        ...

    def files(self, area: str) -> Iterator[str]:
        """Relative paths of every stored file under ``area`` (``originals``, ``derivatives``),
        sorted; what ``burt verify`` compares with the database."""
        ...

    def staging(self, sha256: str) -> Path:
        """A fresh, empty local directory the pipeline writes the derivatives of ``sha256`` into."""
        ...

    def install_derivatives(self, sha256: str, staged: Path) -> dict[str, tuple[str, str, int]]:
        """Put the staged derivatives in place, replacing any earlier attempt's, and remove the
        staging; ``{name: (relpath, sha256, size)}`` for the database."""
        ...

    def put_derivative(self, sha256: str, name: str, data: bytes) -> tuple[str, str, int]:
        """Add one derivative of ``sha256`` (atomic); ``(relpath, sha256 of data, size)``."""
        ...

    def discard_staging(self, staged: Path) -> None:
        ...

    def delete_derivatives(self, sha256: str) -> int:
        """Remove the derivatives and every staging of ``sha256`` (never its original); returns
        how many staging directories were removed."""
        ...

    def remove_dead_staging(self, alive: Callable[[int], bool]) -> int:
        """Remove staging left by processes of this machine that died."""
        ...

    def quarantine(self, rel: str) -> str | None:
        """Move a refused file's original to ``quarantine/`` (kept byte for byte); its new
        relative path, None if it is not there."""
        ...

    def unquarantine(self, rel: str, sha256: str, suffix: str) -> str:
        """Put a quarantined original back among the originals (for a retry); its new path."""
        ...


class LocalStorage:
    """The local file system under ``root`` (the data directory by default, or
    ``BURT_STORAGE_DIR``, e.g. an NFS mount shared by the server and the worker machines)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    def _path(self, rel: str) -> Path:
        """``rel`` under the root; a path that leaves it (``..``, absolute) is refused."""
        if not rel or Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise ValueError(f"not a stored file's path: {rel!r}")
        return self.root / rel

    def put_original(self, source: Path | BinaryIO, sha256: str, suffix: str) -> str:
        if isinstance(source, Path):
            return store.store_original(self.root, source, sha256, suffix)
        rel = store.original_relpath(sha256, suffix)
        target = self._path(rel)
        if target.exists() and store.sha256_file(target) == sha256:
            return rel
        store.write_atomic(target, source, read_only=True)
        if store.sha256_file(target) != sha256:
            raise OSError(f"stored original {rel} does not hash to {sha256}")
        return rel

    def exists(self, rel: str) -> bool:
        return self._path(rel).is_file()

    def open(self, rel: str) -> BinaryIO:
        return open(self._path(rel), "rb")

    def sha256(self, rel: str) -> str:
        return store.sha256_file(self._path(rel))

    def local_path(self, rel: str) -> Path:
        return self._path(rel)

    def files(self, area: str) -> Iterator[str]:
        if area not in AREAS:
            raise ValueError(f"unknown storage area: {area!r}")
        for path in sorted((self.root / area).rglob("*")):
            if path.is_file():
                yield path.relative_to(self.root).as_posix()

    def staging(self, sha256: str) -> Path:
        return store.staging_dir(self.root, sha256)

    def install_derivatives(self, sha256: str, staged: Path) -> dict[str, tuple[str, str, int]]:
        return store.install_derivatives(self.root, sha256, staged)

    def put_derivative(self, sha256: str, name: str, data: bytes) -> tuple[str, str, int]:
        rel = f"{store.derivatives_relpath(sha256)}/{name}"
        target = self._path(rel)
        fd, tmp = _temp_beside(target)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return rel, hashlib.sha256(data).hexdigest(), len(data)

    def discard_staging(self, staged: Path) -> None:
        store.remove_tree(staged)

    def delete_derivatives(self, sha256: str) -> int:
        n = store.remove_staging(self.root, sha256)
        store.remove_tree(self.root / store.derivatives_relpath(sha256))
        return n

    def remove_dead_staging(self, alive: Callable[[int], bool]) -> int:
        return store.remove_dead_staging(self.root, alive)

    def quarantine(self, rel: str) -> str | None:
        self._path(rel)
        return store.quarantine_original(self.root, rel)

    def unquarantine(self, rel: str, sha256: str, suffix: str) -> str:
        back = store.original_relpath(sha256, suffix)
        store.write_atomic(self._path(back), self._path(rel), read_only=True)  # the copy first...
        self._path(rel).unlink()  # ...then the quarantined one goes
        return back


def _temp_beside(target: Path) -> tuple[int, str]:
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(prefix=f".tmp-{target.name}-", dir=target.parent)


def storage_for(settings) -> Storage:
    """The archive's storage: the local file system under ``settings.storage_root``."""
    return LocalStorage(settings.storage_root)


__all__ = ["Storage", "LocalStorage", "storage_for", "AREAS"]
