"""Searchable PDF: the page images (colour, geometry-corrected, downsampled and JPEG
compressed) with an invisible text layer built from the words of the same OCR run, so
search and copy in any PDF reader find exactly what the archive indexed.

Also writes the small raster derivatives (cleaned page PNG, thumbnail, PDF page JPEG).

ReportLab is imported when a searchable PDF is written, not with this module: a one-shot ``burt ocr``
writes none, and its import cost ~0.06 CPU-s of every such call (issue 13).
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

import cv2
import numpy as np

from .model import Word

if TYPE_CHECKING:
    from reportlab.pdfgen import canvas

log = logging.getLogger(__name__)

PDF_IMAGE_DPI = 150  # resolution of the page pictures inside the searchable PDF
PDF_JPEG_QUALITY = 60
THUMB_WIDTH = 300
_FONT = "Helvetica"



@dataclass(frozen=True)
class PdfPage:
    """One page of the searchable PDF: the picture, the size and resolution of the image
    the word boxes refer to, and the words."""

    image_path: str
    width_px: int
    height_px: int
    dpi: int
    words: tuple[Word, ...]


def write_pdf_image(image: np.ndarray, dpi: int, path: Path) -> None:
    """JPEG of a page picture for the PDF, downsampled to about ``PDF_IMAGE_DPI``."""
    scale = min(1.0, PDF_IMAGE_DPI / max(dpi, 1))
    if scale < 1.0:
        h, w = image.shape[:2]
        image = cv2.resize(image, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, PDF_JPEG_QUALITY, cv2.IMWRITE_JPEG_OPTIMIZE, 1])


def write_page_png(image: np.ndarray, path: Path) -> None:
    """The cleaned page (what the word boxes refer to), losslessly compressed.

    A grey page is deflated with the run-length strategy: a cleaned page is mostly runs of white,
    and zlib's default search cost ~0.9 CPU-s per 300 dpi A4 page (as much as reading it) where
    run-length matching takes ~0.2 s and gave files 9-10 % smaller on the hard capture kinds
    (bench/README.md, issue 13 speed). A colour page keeps the default strategy (run-length
    made it ~40 % larger). Its rows are filtered with Paeth's predictor alone: libpng's default tries all
    five filters on every row and keeps the best, which cost a third of the write (cleaned pages: 51 -> 33 ms
    per generated page, 67 -> 46 per real capture) for files 0-1.5 % smaller (bench/README.md, speed17).
    The pixels are the same either way (lossless)."""
    params = [cv2.IMWRITE_PNG_COMPRESSION, 6]
    if image.ndim == 2:
        params += [cv2.IMWRITE_PNG_STRATEGY, cv2.IMWRITE_PNG_STRATEGY_RLE,
                   cv2.IMWRITE_PNG_FILTER, cv2.IMWRITE_PNG_FILTER_PAETH]
    cv2.imwrite(str(path), image, params)


def write_thumbnail(image: np.ndarray, path: Path, width: int = THUMB_WIDTH) -> None:
    h, w = image.shape[:2]
    height = max(1, round(h * width / max(w, 1)))
    small = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
    cv2.imwrite(str(path), small, [cv2.IMWRITE_JPEG_QUALITY, 80])


def _pdf_safe(text: str) -> str:
    """Text the standard Helvetica encoding can carry (others become '?')."""
    return text.encode("cp1252", "replace").decode("cp1252")


def _draw_words(pdf: canvas.Canvas, words: Sequence[Word], scale: float, page_height: float) -> None:
    """Invisible (render mode 3) words, each stretched to its box so selection matches."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for word in words:
        x, y, w, h = word.box
        text = _pdf_safe(word.text)
        if not text.strip() or w <= 0 or h <= 0:
            continue
        size = max(1.0, h * scale * 0.9)
        natural = stringWidth(text, _FONT, size)
        obj = pdf.beginText()
        obj.setTextRenderMode(3)
        obj.setFont(_FONT, size)
        if natural > 0:
            obj.setHorizScale(100.0 * (w * scale) / natural)
        obj.setTextOrigin(x * scale, page_height - (y + h) * scale + 0.15 * size)
        obj.textOut(text + " ")
        pdf.drawText(obj)


@contextmanager
def _binary_streams() -> Iterator[None]:
    """ReportLab writes PDF streams without ASCII85 while this runs (its setting restored after).

    By default ReportLab wraps every stream (each page JPEG, each text layer) in ASCII85, in pure Python
    when its optional C accelerator is absent (here): ~0.02 CPU-s of the CLI's main process per page
    and PDFs ~17 % larger, for 7-bit-clean files nobody needs. The same JPEG and text layer. Scoped to
    the searchable PDF: the audit and agenda exports (archive) keep ReportLab's default."""
    from reportlab import rl_config

    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def write_searchable_pdf(pages: Sequence[PdfPage], path: Path, title: str = "") -> None:
    """One PDF page per ``PdfPage``: picture full-page, invisible words on top."""
    with _binary_streams():
        _write_searchable_pdf(pages, path, title)


def _write_searchable_pdf(pages: Sequence[PdfPage], path: Path, title: str) -> None:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pageCompression=1)
    if title:
        pdf.setTitle(title)
    pdf.setCreator("burt-archive")
    for page in pages:
        scale = 72.0 / max(page.dpi, 1)
        width, height = page.width_px * scale, page.height_px * scale
        pdf.setPageSize((width, height))
        pdf.drawImage(page.image_path, 0, 0, width=width, height=height)
        _draw_words(pdf, page.words, scale, height)
        pdf.showPage()
    pdf.save()
