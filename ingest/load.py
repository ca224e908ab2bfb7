"""Loading: sniff the file type from its bytes, refuse bad input with a clerk-readable
error, and turn a file into ``Page`` objects one page at a time.

The only module that uses pdf2image and Pillow for reading. PDFs are rendered page by
page (``first_page``/``last_page``) so a 200-page PDF never sits in memory at once;
images honour their EXIF orientation; multi-page TIFFs yield one page per frame.

Limits hold on every page of every format, checked before anything is decoded:

* images: every frame's size from its header (a PNG or JPEG declaring 50 000 x 50 000
  pixels is refused without decoding; so is a TIFF whose *second* frame is huge);
* PDFs: each page's MediaBox (what poppler renders), turned by /Rotate, times the render
  resolution. A page over ``max_pixels`` at ``options.dpi`` is rendered at the highest
  resolution that fits, down to ``min_render_dpi``; a page that only fits below that
  (a poster of a metre or more a side, or a 433-byte PDF with a 3600 pt page) is refused
  as too large. The pixel size is then *forced* on pdftoppm (``-scale-to-x/-y``), so
  whatever page size poppler itself believes (/UserUnit, which poppler ignores, or a
  future version that honours it) the rendered image is never larger than the checked one.
* pages of fewer than ``min_page_px`` pixels a side are refused as unreadable (poppler
  returns a 1 x 1 image for a page it cannot allocate, which used to crash cleanup);
* at most ``max_pages`` pages or frames, counted without decoding and with a bounded walk;
* the bytes must be one kind of file only (``sniff.find_polyglot``).

PDF JavaScript, actions and embedded files are accepted and ignored: pages are only
rasterised by pdftoppm, which runs no script and opens no attachment; their presence is
logged. Every rendered page comes back as pixels, never as the original's objects.
"""
from __future__ import annotations

import hashlib
import logging
import math
import re
import struct
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from typing import Iterator

import cv2
import numpy as np
from pdf2image import convert_from_path, pdfinfo_from_path
from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFPopplerTimeoutError, PDFSyntaxError
from PIL import Image, ImageOps

from .errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedPdfError,
    OversizedFileError,
    PageTooSmallError,
    PdfReaderUnavailableError,
    SuspiciousFileError,
    UnsupportedFileError,
)
from .model import Page, SourceFile, StageRecord
from .options import IngestOptions
from .resolution import replication_factor
from .sniff import HEAD_BYTES, PROGRAM_INSIDE, TAIL_BYTES, describe_unknown, find_polyglot, sniff_kind

log = logging.getLogger(__name__)

# Pillow's own guard stays on, but we check sizes ourselves first with a clearer message.
Image.MAX_IMAGE_PIXELS = 200_000_000

# What Pillow raises on damaged headers and frames besides OSError (found by tests/test_fuzz.py:
# a two-frame TIFF cut in half raises TypeError("Missing dimensions") on seek)
_DAMAGED_IMAGE = (OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, ZeroDivisionError, struct.error)
_PDF_TAIL_BYTES = 4096  # "%%EOF" must appear near the end of a complete PDF
_PDFINFO_TIMEOUT_S = 60
_ACTIVE_PDF = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")
_UNSAFE_IN_NAMES = {c: f"\\u{c:04x}" for c in [*range(0x20), 0x7f, 0x200e, 0x200f, *range(0x202a, 0x202f),
                                                  *range(0x2066, 0x206a)]}

try:  # HEIC from phones, only when the (optional) plugin is installed
    from pillow_heif import register_heif_opener  # type: ignore[import-not-found]

    register_heif_opener()
    HEIC_SUPPORTED = True
except ImportError:
    HEIC_SUPPORTED = False


def shown_name(name: str) -> str:
    """A file name safe for log lines and error details: control and bidi characters
    (NUL, CR/LF, right-to-left override) written as ``\\uXXXX``."""
    return name.translate(_UNSAFE_IN_NAMES)


def open_source(path: str | Path, options: IngestOptions, name: str | None = None) -> SourceFile:
    """Check a file and describe it: size, SHA-256, sniffed kind and page count.

    Raises a ``BurtError`` subclass for every input that cannot be processed, before any
    page is decoded: empty, too big, not a PDF or image, a polyglot, damaged, encrypted,
    too many pages, or a page over the pixel limit.
    """
    path = Path(path)
    display = name or path.name
    shown = shown_name(display)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorruptFileError(f"Berkas tidak dapat dibuka: {shown}. / The file cannot be opened.",
                               detail=str(exc)) from exc
    if size == 0:
        raise EmptyFileError(detail=f"{shown}: 0 bytes")
    if size > options.max_file_bytes:
        raise OversizedFileError(detail=f"{shown}: {size} bytes > {options.max_file_bytes}")
    head, tail, sha256, active, program = _read_whole(path)
    kind = sniff_kind(head)
    polyglot = find_polyglot(head, tail, size) or program
    if polyglot:
        raise SuspiciousFileError(detail=f"{shown}: {polyglot}")
    if kind is None:
        raise UnsupportedFileError(detail=f"{shown}: {describe_unknown(head)}, not a PDF or image")
    if kind == "heic" and not HEIC_SUPPORTED:
        raise UnsupportedFileError(
            "Foto HEIC belum didukung. Simpan sebagai JPEG lalu unggah ulang. / "
            "HEIC photos are not supported; save as JPEG and upload again.", detail=shown)
    if kind == "pdf":
        page_count = _pdf_page_count(path, shown)
        _check_page_count(page_count, shown, options)
        for number, box in _pdf_page_boxes(path, shown, 1, page_count).items():
            _render_plan(box, number, shown, options)
        if active:
            log.warning("%s: the PDF carries %s; ignored (pages are only rasterised)", shown,
                        ", ".join(sorted(active)))
    else:
        page_count = _image_page_count(path, shown, options)
        _check_page_count(page_count, shown, options)
    return SourceFile(path=str(path), name=display, sha256=sha256, size=size, kind=kind, page_count=page_count)


def _read_whole(path: Path) -> tuple[bytes, bytes, str, set[str], str | None]:
    """One pass over the file: its head, its tail, its SHA-256, the active PDF content it
    names (JavaScript, launch actions, embedded files; only looked for, never run) and where
    an uncompressed program sits in it, if one does."""
    digest = hashlib.sha256()
    active: set[str] = set()
    program = None
    tail = b""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
        digest.update(head)
        carry = head
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            window = carry[-64:] + chunk
            active.update(m.group(1).decode() for m in _ACTIVE_PDF.finditer(window))
            found = PROGRAM_INSIDE.search(window)
            if found and program is None:
                program = f"a program ({found.group(0)[:20]!r}) inside the file"
            tail = (tail + chunk)[-TAIL_BYTES:]
            carry = chunk
        active.update(m.group(1).decode() for m in _ACTIVE_PDF.finditer(head))
    if not tail or len(head) < HEAD_BYTES:
        tail = head[-TAIL_BYTES:]
    elif len(tail) < TAIL_BYTES:
        tail = (head + tail)[-TAIL_BYTES:]
    return head, tail, digest.hexdigest(), active, program


def _check_page_count(page_count: int, shown: str, options: IngestOptions) -> None:
    if page_count == 0:
        raise EmptyFileError(detail=f"{shown}: no pages")
    if page_count > options.max_pages:
        raise OversizedFileError(
            f"Dokumen terlalu panjang ({page_count} halaman, batas {options.max_pages}). / "
            f"The document has too many pages ({page_count}, limit {options.max_pages}).", detail=shown)


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
        info = pdfinfo_from_path(str(path), timeout=_PDFINFO_TIMEOUT_S)
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
    from pypdf import PdfReader  # here only: ~0.1 CPU-s of every process that reads a page (issue 13)
    from pypdf.errors import PdfReadError

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



_BOX_LINE = re.compile(r"^Page\s+(\d+)\s+(MediaBox|rot):\s+(.*)$")


def _pdf_page_boxes(path: Path, display: str, first: int, last: int) -> dict[int, tuple[float, float, bool]]:
    """``{page number: (width, height, turned)}`` in points, as pdftoppm renders them: the
    MediaBox, turned by the page's /Rotate (``turned``: by 90 or 270 degrees). One pdfinfo
    call for the whole range."""
    try:
        run = subprocess.run(["pdfinfo", "-box", "-f", str(first), "-l", str(last), str(path)],
                             capture_output=True, timeout=_PDFINFO_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise CorruptFileError(detail=f"{display}: pdfinfo -box timed out") from exc
    except FileNotFoundError as exc:
        raise UnsupportedFileError("Pembaca PDF (poppler) tidak terpasang di server. Hubungi admin. / "
                                   "The PDF reader (poppler) is not installed.", detail=str(exc)) from exc
    boxes: dict[int, list[float]] = {}
    turns: dict[int, int] = {}
    for line in run.stdout.decode("latin-1").splitlines():
        match = _BOX_LINE.match(line)
        if not match:
            continue
        number, what, value = int(match.group(1)), match.group(2), match.group(3).split()
        try:
            if what == "rot":
                turns[number] = int(float(value[0])) % 360
            else:
                x0, y0, x1, y1 = (float(v) for v in value[:4])
                boxes[number] = [abs(x1 - x0), abs(y1 - y0)]
        except (ValueError, IndexError) as exc:
            raise CorruptFileError(detail=f"{display} page {number}: {what} {value!r}") from exc
    missing = [n for n in range(first, last + 1) if n not in boxes]
    if missing:
        raise CorruptFileError(detail=f"{display}: no MediaBox for page(s) {missing[:5]} "
                                      f"({run.stderr.decode('latin-1', 'replace')[:200]})")
    return {n: (w, h, False) if turns.get(n, 0) % 180 == 0 else (h, w, True) for n, (w, h) in boxes.items()}


def _render_plan(box: tuple[float, float, bool], number: int, display: str, options: IngestOptions
                 ) -> tuple[int, int, int]:
    """``(dpi, width px, height px)`` at which to render a page of ``box`` points.

    ``options.dpi`` when the page fits ``max_pixels`` there, else the highest resolution
    that fits, down to ``min_render_dpi``; refuses pages that are too large or too small."""
    width_pt, height_pt, _ = box
    dpi = options.dpi
    pixels = (width_pt * dpi / 72) * (height_pt * dpi / 72)
    if pixels > options.max_pixels:
        dpi = math.floor(dpi * math.sqrt(options.max_pixels / pixels))
    lowest = min(options.min_render_dpi, options.dpi)
    while dpi >= lowest:
        width, height = round(width_pt * dpi / 72), round(height_pt * dpi / 72)
        if width * height <= options.max_pixels:
            break
        dpi -= 1
    else:
        cm = f"{width_pt / 72 * 2.54:.0f} × {height_pt / 72 * 2.54:.0f} cm"
        raise OversizedFileError(
            f"Halaman {number} terlalu besar ({cm}). Batas {options.max_pixels // 1_000_000} megapiksel pada "
            f"{options.min_render_dpi} dpi; pindai atau ekspor ulang dengan ukuran kertas biasa. / "
            f"Page {number} is too large ({cm}) for the {options.max_pixels // 1_000_000}-megapixel limit "
            f"at {options.min_render_dpi} dpi.",
            detail=f"{display} page {number}: {width_pt:.0f} x {height_pt:.0f} pt")
    if min(width, height) < options.min_page_px:
        raise PageTooSmallError(
            f"Halaman {number} terlalu kecil untuk dibaca ({width_pt:.0f} × {height_pt:.0f} pt). / "
            f"Page {number} is too small to read.", detail=f"{display} page {number}: {width} x {height} px")
    return dpi, width, height


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
    except _DAMAGED_IMAGE as exc:  # UnidentifiedImageError is an OSError
        raise CorruptFileError(detail=f"{display}: {exc}") from exc
    try:
        _check_frame(im, 1, display, options)
    except BaseException:
        im.close()
        raise
    return im


def _check_frame(im: Image.Image, number: int, display: str, options: IngestOptions) -> None:
    """Refuse the current frame of ``im`` when its header declares too many or too few pixels."""
    width, height = im.size
    if width * height > options.max_pixels:
        raise OversizedFileError(
            f"Gambar halaman {number} terlalu besar ({width} × {height} piksel). Perkecil resolusinya lalu unggah "
            f"ulang. / The image of page {number} is too large ({width} × {height} pixels).", detail=display)
    if min(width, height) < options.min_page_px:
        raise PageTooSmallError(
            f"Gambar halaman {number} terlalu kecil untuk dibaca ({width} × {height} piksel). / "
            f"The image of page {number} is too small to read ({width} × {height} pixels).", detail=display)


def _image_page_count(path: Path, display: str, options: IngestOptions) -> int:
    """Frames of an image, each checked from its header; the walk stops past ``max_pages``."""
    with _open_image(path, display, options) as im:
        count = 1
        while count <= options.max_pages:
            try:
                im.seek(count)
            except EOFError:
                break
            except _DAMAGED_IMAGE as exc:
                raise CorruptFileError(detail=f"{display} frame {count + 1}: {type(exc).__name__}: {exc}") from exc
            count += 1
            _check_frame(im, count, display, options)
        return count


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
    and keeps memory bounded. The limits are checked again here: the file may have
    changed since ``open_source``, and a worker is where the memory would go."""
    started = time.perf_counter()
    path = Path(source.path)
    shown = shown_name(source.name)
    details: dict = {"kind": source.kind}
    if source.kind == "pdf":
        box = _pdf_page_boxes(path, shown, number, number)[number]
        dpi, width, height = _render_plan(box, number, shown, options)
        if dpi != options.dpi:
            log.info("%s page %d: %.0f x %.0f pt rendered at %d dpi (limit %d pixels)", shown, number, box[0],
                     box[1], dpi, options.max_pixels)
            details["reduced_dpi_from"] = options.dpi
        # pdftoppm scales before it applies /Rotate: it is given the unturned size
        image = _render_pdf_page(path, shown, number, dpi, (height, width) if box[2] else (width, height))
        replicated = replication_factor(image)
        if replicated > 1.0:  # a low-resolution image enlarged by repeating its pixels (see quality.keep_better)
            details["replicated"] = replicated
    else:
        image, dpi = _decode_image_frame(path, shown, number, options)
    h, w = image.shape[:2]
    if min(h, w) < options.min_page_px:  # what came back, whatever the header or MediaBox said
        raise PageTooSmallError(detail=f"{shown} page {number}: decoded {w} x {h} px")
    details.update(width=w, height=h, dpi=dpi)
    record = StageRecord("load", (time.perf_counter() - started) * 1000, details)
    return Page(number=number, image=image, dpi=dpi).evolve(record)


def iter_pages(source: SourceFile, options: IngestOptions) -> Iterator[Page]:
    """Every page of ``source`` in order, one decoded at a time."""
    for number in range(1, source.page_count + 1):
        yield load_page(source, number, options)


def _render_pdf_page(path: Path, display: str, number: int, dpi: int, size: tuple[int, int]) -> np.ndarray:
    """Page ``number`` rendered at exactly ``size`` pixels (width, height before /Rotate)."""
    with tempfile.TemporaryDirectory(prefix="burt-render-") as folder:
        # rendered to a file, not a pipe: the pipe's bytes would be a third copy of the page in memory
        return _render_into(path, display, number, dpi, size, folder)


def _render_into(path: Path, display: str, number: int, dpi: int, size: tuple[int, int], folder: str
                 ) -> np.ndarray:
    try:
        images = convert_from_path(str(path), dpi=dpi, first_page=number, last_page=number, timeout=300,
                                   output_folder=folder, size=size)
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise CorruptFileError(detail=f"{display} page {number}: {exc}") from exc
    except PDFPopplerTimeoutError as exc:
        raise CorruptFileError("Halaman PDF terlalu lama untuk dibuka. / A PDF page took too long to render.",
                               detail=f"{display} page {number}: {exc}") from exc
    if not images:
        raise CorruptFileError(detail=f"{display}: page {number} could not be rendered")
    with images[0] as im:
        return to_array(im)


def _decode_image_frame(path: Path, display: str, number: int, options: IngestOptions) -> tuple[np.ndarray, int]:
    im = _open_image(path, display, options)
    try:
        if number > 1 or getattr(im, "n_frames", 1) > 1:
            im.seek(number - 1)
            _check_frame(im, number, display, options)
        dpi = _image_dpi(im, options.dpi)
        im.load()
        upright = ImageOps.exif_transpose(im) if number == 1 else im
        return to_array(upright), dpi
    except EOFError as exc:
        raise CorruptFileError(detail=f"{display}: no frame {number}") from exc
    except _DAMAGED_IMAGE as exc:
        raise CorruptFileError(detail=f"{display} frame {number}: {type(exc).__name__}: {exc}") from exc
    finally:
        im.close()


__all__ = ["sniff_kind", "open_source", "load_page", "iter_pages", "to_array", "shown_name"]
