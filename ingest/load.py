"""Loading: sniff the file type from its bytes, refuse bad input with a clerk-readable
error, and turn a file into ``Page`` objects one page at a time.

The only module that uses pdf2image and Pillow for reading. PDFs are rendered page by
page (``first_page``/``last_page``) so a 200-page PDF never sits in memory at once;
images honour their EXIF orientation; multi-page TIFFs yield one page per frame.
Image sizes are checked from the header *before* decoding (decompression bombs).
"""
from __future__ import annotations

import hashlib
import logging
import tempfile
import time
import warnings
from pathlib import Path
from typing import Iterator

import cv2
import numpy as np
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from PIL import Image, ImageOps, UnidentifiedImageError
from pdf2image import convert_from_path, pdfinfo_from_path
from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFPopplerTimeoutError, PDFSyntaxError

from .errors import (CorruptFileError, EmptyFileError, EncryptedPdfError, OversizedFileError,
                     PdfReaderUnavailableError, UnsupportedFileError)
from .model import Page, SourceFile, StageRecord
from .options import IngestOptions

log = logging.getLogger(__name__)

# Pillow's own guard stays on, but we check sizes ourselves first with a clearer message.
Image.MAX_IMAGE_PIXELS = 200_000_000

_PDF_TAIL_BYTES = 4096  # "%%EOF" must appear near the end of a complete PDF

try:  # HEIC from phones, only when the (optional) plugin is installed
    from pillow_heif import register_heif_opener  # type: ignore[import-not-found]

    register_heif_opener()
    HEIC_SUPPORTED = True
except ImportError:
    HEIC_SUPPORTED = False


def sniff_kind(head: bytes) -> str | None:
    """The file kind from its first bytes ("pdf", "jpeg", "png", "tiff", "heic") or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"):
        return "heic"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return None


def _describe_unknown(head: bytes) -> str:
    """A short guess of what an unsupported file is, for the log."""
    text = head[:512].lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text:
        return "HTML document"
    try:
        head[:512].decode("utf-8")
        return "plain text"
    except UnicodeDecodeError:
        return "unknown binary"


def open_source(path: str | Path, options: IngestOptions, name: str | None = None) -> SourceFile:
    """Check a file and describe it: size, SHA-256, sniffed kind and page count.

    Raises a ``BurtError`` subclass for every input that cannot be processed, before any
    page is decoded.
    """
    path = Path(path)
    display = name or path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorruptFileError(f"Berkas tidak dapat dibuka: {display}. / The file cannot be opened.",
                               detail=str(exc)) from exc
    if size == 0:
        raise EmptyFileError(detail=f"{display}: 0 bytes")
    if size > options.max_file_bytes:
        raise OversizedFileError(detail=f"{display}: {size} bytes > {options.max_file_bytes}")
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        head = fh.read(2048)
        digest.update(head)
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    kind = sniff_kind(head)
    if kind is None:
        what = _describe_unknown(head)
        raise UnsupportedFileError(detail=f"{display}: {what}, not a PDF or image")
    if kind == "heic" and not HEIC_SUPPORTED:
        raise UnsupportedFileError(
            "Foto HEIC belum didukung. Simpan sebagai JPEG lalu unggah ulang. / "
            "HEIC photos are not supported; save as JPEG and upload again.", detail=display)
    page_count = _pdf_page_count(path, display) if kind == "pdf" else _image_page_count(path, display, options)
    if page_count == 0:
        raise EmptyFileError(detail=f"{display}: no pages")
    if page_count > options.max_pages:
        raise OversizedFileError(
            f"Dokumen terlalu panjang ({page_count} halaman, batas {options.max_pages}). / "
            f"The document has too many pages ({page_count}, limit {options.max_pages}).", detail=display)
    return SourceFile(path=str(path), name=display, sha256=digest.hexdigest(), size=size, kind=kind,
                      page_count=page_count)


def _pdf_page_count(path: Path, display: str) -> int:
    """Pages of a PDF per poppler; translates poppler's failures into typed errors."""
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - _PDF_TAIL_BYTES))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise CorruptFileError(
            "File PDF terpotong atau rusak (bagian akhirnya hilang). Unduh atau pindai ulang. / "
            "The PDF is truncated or damaged.", detail=f"{display}: no %%EOF in the last {_PDF_TAIL_BYTES} bytes")
    try:
        info = pdfinfo_from_path(str(path), timeout=60)
    except PDFInfoNotInstalledError as exc:
        raise PdfReaderUnavailableError(detail=str(exc)) from exc  # the machine's fault, not the file's
    except (PDFPageCountError, PDFSyntaxError, ValueError) as exc:
        raise _diagnose_pdf(path, display, str(exc)) from exc
    except PDFPopplerTimeoutError as exc:
        raise CorruptFileError(detail=f"{display}: {exc}") from exc
    try:
        return int(info.get("Pages", 0))
    except (TypeError, ValueError) as exc:
        raise CorruptFileError(detail=f"{display}: page count {info.get('Pages')!r}") from exc


def _diagnose_pdf(path: Path, display: str, poppler_said: str) -> CorruptFileError | EmptyFileError | EncryptedPdfError:
    """Why poppler could not count the pages: a password, no pages, or damage."""
    text = poppler_said.lower()
    if "password" in text or "encrypt" in text:
        return EncryptedPdfError(detail=f"{display}: {poppler_said}")
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            return EncryptedPdfError(detail=f"{display}: encrypted ({poppler_said})")
        if len(reader.pages) == 0:
            return EmptyFileError(detail=f"{display}: no pages")
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        return CorruptFileError(detail=f"{display}: {poppler_said}; {exc}")
    return CorruptFileError(detail=f"{display}: {poppler_said}")


def _open_image(path: Path, display: str, options: IngestOptions) -> Image.Image:
    """Open an image lazily (header only) and refuse oversized ones before decoding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise OversizedFileError(
            "Gambar terlalu besar (jumlah piksel melebihi batas). / The image has too many pixels.",
            detail=f"{display}: {exc}") from exc
    except UnidentifiedImageError as exc:
        raise CorruptFileError(detail=f"{display}: {exc}") from exc
    except OSError as exc:
        raise CorruptFileError(detail=f"{display}: {exc}") from exc
    width, height = im.size
    if width * height > options.max_pixels:
        im.close()
        raise OversizedFileError(
            f"Gambar terlalu besar ({width} × {height} piksel). Perkecil resolusinya lalu unggah ulang. / "
            f"The image is too large ({width} × {height} pixels).", detail=display)
    return im


def _image_page_count(path: Path, display: str, options: IngestOptions) -> int:
    with _open_image(path, display, options) as im:
        return int(getattr(im, "n_frames", 1))


def to_array(im: Image.Image) -> np.ndarray:
    """A Pillow image as a numpy array: uint8 grey (H×W) or BGR (H×W×3).

    Colour images without colour (a grey scan saved as RGB, most rendered PDF pages) come
    back grey: a third of the memory for every later stage."""
    if im.mode in ("1", "L", "I;16", "I", "F"):
        return np.asarray(im if im.mode == "L" else im.convert("L"), dtype=np.uint8).copy()
    # one copy of the pixels at a time: a 300 dpi A4 page is 26 MB in colour
    rgb = np.asarray(im if im.mode == "RGB" else im.convert("RGB"), dtype=np.uint8)
    if is_colourless(rgb):
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def is_colourless(rgb: np.ndarray, chroma: int = 40, share: float = 0.0005) -> bool:
    """True when (almost) no pixel is coloured; a stamp or signature in ink keeps colour."""
    sample = np.ascontiguousarray(rgb[::3, ::3])
    channels = cv2.split(sample)
    spread = cv2.subtract(cv2.max(cv2.max(channels[0], channels[1]), channels[2]),
                          cv2.min(cv2.min(channels[0], channels[1]), channels[2]))
    return float(np.count_nonzero(spread > chroma)) / spread.size < share


def _image_dpi(im: Image.Image, default: int) -> int:
    dpi = im.info.get("dpi")
    try:
        value = int(round(float(dpi[0]))) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 72 <= value <= 1200 else default


def load_page(source: SourceFile, number: int, options: IngestOptions) -> Page:
    """Decode page ``number`` (1-based) of ``source`` into a ``Page``.

    Only that page is rendered/decoded, which is what lets workers load their own page
    and keeps memory bounded.
    """
    started = time.perf_counter()
    path = Path(source.path)
    if source.kind == "pdf":
        image, dpi = _render_pdf_page(path, source.name, number, options.dpi)
    else:
        image, dpi = _decode_image_frame(path, source.name, number, options)
    h, w = image.shape[:2]
    record = StageRecord("load", (time.perf_counter() - started) * 1000,
                         {"kind": source.kind, "width": w, "height": h, "dpi": dpi})
    return Page(number=number, image=image, dpi=dpi).evolve(record)


def iter_pages(source: SourceFile, options: IngestOptions) -> Iterator[Page]:
    """Every page of ``source`` in order, one decoded at a time."""
    for number in range(1, source.page_count + 1):
        yield load_page(source, number, options)


def _render_pdf_page(path: Path, display: str, number: int, dpi: int) -> tuple[np.ndarray, int]:
    with tempfile.TemporaryDirectory(prefix="burt-render-") as folder:
        # rendered to a file, not a pipe: the pipe's bytes would be a third copy of the page in memory
        return _render_into(path, display, number, dpi, folder)


def _render_into(path: Path, display: str, number: int, dpi: int, folder: str) -> tuple[np.ndarray, int]:
    try:
        images = convert_from_path(str(path), dpi=dpi, first_page=number, last_page=number, timeout=300,
                                   output_folder=folder)
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise CorruptFileError(detail=f"{display} page {number}: {exc}") from exc
    except PDFPopplerTimeoutError as exc:
        raise CorruptFileError("Halaman PDF terlalu lama untuk dibuka. / A PDF page took too long to render.",
                               detail=f"{display} page {number}: {exc}") from exc
    if not images:
        raise CorruptFileError(detail=f"{display}: page {number} could not be rendered")
    with images[0] as im:
        return to_array(im), dpi


def _decode_image_frame(path: Path, display: str, number: int, options: IngestOptions) -> tuple[np.ndarray, int]:
    im = _open_image(path, display, options)
    try:
        if number > 1 or getattr(im, "n_frames", 1) > 1:
            im.seek(number - 1)
        dpi = _image_dpi(im, options.dpi)
        im.load()
        upright = ImageOps.exif_transpose(im) if number == 1 else im
        return to_array(upright), dpi
    except EOFError as exc:
        raise CorruptFileError(detail=f"{display}: no frame {number}") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise CorruptFileError(detail=f"{display} frame {number}: {exc}") from exc
    finally:
        im.close()


__all__ = ["sniff_kind", "open_source", "load_page", "iter_pages", "to_array"]
