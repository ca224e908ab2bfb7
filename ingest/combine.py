"""Several phone photos of one letter ("Tambah halaman") as one multi-page TIFF.

The photos arrive together; each is checked from its bytes (``sniff``: a JPEG or PNG, and only
that) and its header (pixel limits) before it is decoded, turned upright by its EXIF
orientation, and written as the next frame of one TIFF (JPEG-compressed, its resolution kept),
one photo in memory at a time.  The TIFF then goes through the normal single-document ingest,
which reads one page per frame.
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Sequence

from PIL import Image, ImageOps, TiffImagePlugin

from .errors import (
    CorruptFileError,
    EmptyFileError,
    OversizedFileError,
    PageTooSmallError,
    SuspiciousFileError,
    UnsupportedFileError,
)
from .load import HEIC_SUPPORTED
from .options import IngestOptions
from .sniff import HEAD_BYTES, TAIL_BYTES, describe_unknown, find_polyglot, sniff_kind

PHOTO_KINDS = ("jpeg", "png")
JPEG_QUALITY = 90


def check_kind(path: Path, name: str, allowed: Sequence[str] | None = None) -> str:
    """The file's kind from its bytes (``sniff_kind``); ``UnsupportedFileError`` when it is no
    document (or not one of ``allowed``), ``SuspiciousFileError`` when it is also something else."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError(detail=f"{name}: 0 bytes")
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
        fh.seek(max(0, size - TAIL_BYTES))
        tail = fh.read(TAIL_BYTES)
    polyglot = find_polyglot(head, tail, size)
    if polyglot:
        raise SuspiciousFileError(detail=f"{name}: {polyglot}")
    kind = sniff_kind(head)
    if kind is None:
        raise UnsupportedFileError(detail=f"{name}: {describe_unknown(head)}, not a PDF or image")
    if kind == "heic" and not HEIC_SUPPORTED:
        raise UnsupportedFileError(
            "Foto HEIC belum didukung. Simpan sebagai JPEG lalu unggah ulang. / "
            "HEIC photos are not supported; save as JPEG and upload again.", detail=name)
    if allowed is not None and kind not in allowed:
        raise UnsupportedFileError(
            "Halaman foto harus berupa JPEG atau PNG. / Photo pages must be JPEG or PNG images.",
            detail=f"{name}: {kind}")
    return kind


def combine_photos(photos: Sequence[tuple[Path, str]], out: Path, options: IngestOptions) -> int:
    """Write ``photos`` ((path, shown name) in page order) as the frames of the TIFF ``out``;
    returns the page count.  Refuses (``BurtError``, the file's fault) a photo that is not a
    JPEG or PNG, too many pages, or a photo over the pixel limit, before decoding it."""
    if not photos:
        raise EmptyFileError("Tidak ada foto halaman. / No page photos.")
    if len(photos) > options.max_pages:
        raise OversizedFileError(
            f"Terlalu banyak halaman ({len(photos)}, batas {options.max_pages}). / "
            f"Too many pages ({len(photos)}, limit {options.max_pages}).")
    for path, name in photos:
        check_kind(path, name, PHOTO_KINDS)
    try:
        with TiffImagePlugin.AppendingTiffWriter(str(out), True) as tiff:
            for number, (path, name) in enumerate(photos, start=1):
                _append(tiff, path, name, number, options)
                tiff.newFrame()
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return len(photos)


def _append(tiff, path: Path, name: str, number: int, options: IngestOptions) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(path)
        with im:
            width, height = im.size
            if width * height > options.max_pixels:
                raise OversizedFileError(
                    f"Foto halaman {number} terlalu besar ({width} × {height} piksel). / "
                    f"The photo of page {number} is too large ({width} × {height} pixels).", detail=name)
            if min(width, height) < options.min_page_px:
                raise PageTooSmallError(
                    f"Foto halaman {number} terlalu kecil untuk dibaca ({width} × {height} piksel). / "
                    f"The photo of page {number} is too small to read ({width} × {height} pixels).", detail=name)
            dpi = im.info.get("dpi")
            upright = ImageOps.exif_transpose(im)
            if upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise OversizedFileError(
            "Gambar terlalu besar (jumlah piksel melebihi batas). / The image has too many pixels.",
            detail=f"{name}: {exc}") from exc
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, ZeroDivisionError) as exc:
        raise CorruptFileError(detail=f"{name}: {type(exc).__name__}: {exc}") from exc
    # written outside the decoding guard: a full disk is the machine's fault, not the photo's
    extra = {"dpi": tuple(float(v) for v in dpi[:2])} if dpi else {}
    upright.save(tiff, format="TIFF", compression="jpeg", quality=JPEG_QUALITY, **extra)


__all__ = ["PHOTO_KINDS", "check_kind", "combine_photos"]
