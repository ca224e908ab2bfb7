"""Page images at screen size (issue 18: each page was a 1.3 MB PNG): the cleaned page PNG scaled
down to one of a few widths and compressed as WebP, computed on the first request and kept beside
the other derivatives (recorded in the database, so ``burt verify`` checks it and an export carries
it).  The full PNG stays what the word boxes refer to and is served on demand.
"""
from __future__ import annotations

from pathlib import Path

import cv2

from archive.db import DerivativeRow, Document, SqlIntegrityError, select, session_scope
from archive.storage import storage_for

WIDTHS = (480, 800, 1200, 1600)  # a request's ?w= is rounded up to one of these (a bounded cache)
DEFAULT_WIDTH = 1200
QUALITY = 72
SUFFIX = "webp"


def snap_width(width: int | None) -> int:
    """The smallest offered width at least ``width`` (the largest for anything bigger)."""
    if not width or width <= 0:
        return DEFAULT_WIDTH
    return next((w for w in WIDTHS if w >= width), WIDTHS[-1])


def screen_name(page: int, width: int) -> str:
    return f"screen-{page:04d}-w{width}.{SUFFIX}"


def screen_image(settings, doc_id: str, page: int, png: Path, width: int) -> Path:
    """The page ``png`` at ``width`` (never wider than the page) as WebP; made and recorded once."""
    width = snap_width(width)
    name = screen_name(page, width)
    storage = storage_for(settings)
    with session_scope(settings) as s:
        rel = s.scalar(select(DerivativeRow.path).where(DerivativeRow.document_id == doc_id,
                                                        DerivativeRow.name == name))
        sha = s.scalar(select(Document.sha256).where(Document.id == doc_id))
    if rel and storage.exists(rel):
        return storage.local_path(rel)
    if sha is None:
        raise OSError(f"no document {doc_id} for page image {png}")
    image = cv2.imread(str(png), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise OSError(f"page image unreadable: {png}")
    h, w = image.shape[:2]
    if w > width:
        image = cv2.resize(image, (width, max(1, round(h * width / w))), interpolation=cv2.INTER_AREA)
    ok, data = cv2.imencode(f".{SUFFIX}", image, [cv2.IMWRITE_WEBP_QUALITY, QUALITY])
    if not ok:
        raise OSError(f"page image could not be encoded: {png}")
    rel, digest, size = storage.put_derivative(sha, name, data.tobytes())
    try:
        with session_scope(settings) as s:
            if s.get(DerivativeRow, (doc_id, name)) is None:
                s.add(DerivativeRow(document_id=doc_id, name=name, path=rel, sha256=digest, size=size))
    except SqlIntegrityError:  # another request recorded the same image first (same bytes)
        pass
    return storage.local_path(rel)
