"""Tesseract, behind one thin wrapper: the only module that imports pytesseract.

``read_page`` turns a cleaned page image into a ``PageText`` (words with boxes and
confidences, reading-order text, mean confidence, soft flags). ``detect_orientation``
wraps OSD and ``band_confidences`` scores candidate rotations for the orientation
fallback. Tesseract's failures become typed errors here, once. Word data is read by this process's
libtesseract engine (``tesseract_engine``, ``IngestOptions.tesseract == "library"``, the same output) or by
a ``tesseract`` command through pytesseract (``"command"``, and whenever the engine cannot).
"""
from __future__ import annotations

import dataclasses
import functools
import html
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import cv2
import numpy as np
import pytesseract
from PIL import Image
from pytesseract import Output, TesseractError, TesseractNotFoundError

from .components import components
from .errors import BurtError, OcrTimeoutError, OcrUnavailableError
from .ink import letter_heights, letter_strokes
from .marks import mark_places
from .model import Page, PageText, StageRecord, Word
from .options import IngestOptions
from .raster import percentiles
from .reading import (
    cell_rows,
    cells_read_apart,
    colon_in,
    entry_columns,
    label_column,
    lone_colons,
    reading_rows,
    right_blocks,
    semicolon_at,
    signer_blocks,
)
from .resolution import letter_height
from .tables import boxes_made_paper, check_box_outlines, recorded_cells
from .tesseract_engine import read_osd, read_tsv
from .threads import ThreadLimits

log = logging.getLogger(__name__)

# Lines a scanner app stamps on every page ("Dipindai dengan CamScanner", "Scanned with
# Adobe Scan", "Dipindai menggunakan Microsoft Lens"...): a scan verb, a preposition,
# then one to three words of an app name. Short lines only, so body text is never hit.
_SCAN_VERB = r"(?:di\s*-?\s*pindai|di\s*-?\s*scan|discan|scanned|scanned\s+by|pindai)"
_SCAN_PREP = r"(?:dengan|menggunakan|memakai|pakai|oleh|via|with|using|by)"
_BOILERPLATE = re.compile(rf"\b{_SCAN_VERB}\s+{_SCAN_PREP}\s+\S+(?:\s+\S+){{0,2}}\W*$", re.IGNORECASE)
_BOILERPLATE_PREFIX = 6  # characters allowed before it (an app logo read as "Is)" and the like)
_APP_NAME_ONLY = re.compile(
    r"^\W*(?:cam\s*scanner|adobe\s+scan|microsoft\s+lens|office\s+lens|genius\s+scan|tiny\s*scanner|"
    r"clear\s*scan(?:ner)?|notebloc|simple\s*scan(?:ner)?|doc\s*scanner)\W*$", re.IGNORECASE)

_BLANK_MIN_CHARS = 3
_BOX_TICK = 0.6  # a check box's tick, made paper with it, reaches at most this many box sides beyond it
_BOX_LETTERS = 1.2  # a check box is this many of the page's letter heights tall at least (a capital "D" is about one)
# On a page Tesseract reads well, words it is this unsure of are marks it took for text
# (signature scribbles, rule remnants); on a poor page they are all we have, so they stay.
_GARBAGE_CONF = 25.0
_READABLE_MEDIAN_CONF = 60.0
_KNOWN_LONG = 6  # letters: a word of the word list this long stays whatever its confidence (``_drop_garbage``)


class OcrFailedError(BurtError):
    """Tesseract ran but failed on this page (bad image, crash)."""

    code = "ocr_failed"
    http_status = 500  # the machine's fault (BurtError's default): a crash is not the file's doing
    default_message = ("Teks pada halaman tidak dapat dibaca oleh mesin OCR. Pindai ulang halaman ini. / "
                       "The OCR engine failed on this page. Rescan the page.")


@dataclass(frozen=True)
class Orientation:
    """Tesseract OSD's answer: clockwise degrees to rotate so text is upright, and how sure."""

    rotate: int
    confidence: float


def limit_threads() -> None:
    """One OpenMP thread for every Tesseract this process runs, unless the operator set
    ``OMP_THREAD_LIMIT`` already (kept). The one place that writes it: called once per process
    at its start, by ``archive.core.Archive.open`` (the web app and every ``burt`` command on an
    archive), by ``service.ocr_file`` (``burt ocr``, which opens no archive) and by each pool
    worker (``pipeline._init_worker``: forkserver workers do not see the parent's later changes).
    An OpenMP Tesseract beside other work was measured ~2x slower in wall time on this 2-core
    machine (5.5 s vs 12.7 s for one page). The limits themselves: ``ingest.threads.ThreadLimits``."""
    ThreadLimits().apply()


def _call(fn, *args, **kwargs):
    """Run a pytesseract call, translating its failures into our error types.

    The Tesseract subprocess inherits this process's environment, which a call never changes:
    ``OMP_THREAD_LIMIT`` is set once per process by ``limit_threads``."""
    if args and isinstance(args[0], np.ndarray):
        args = (_netpbm(args[0]),) + args[1:]
    try:
        return fn(*args, **kwargs)
    except TesseractNotFoundError as exc:
        raise OcrUnavailableError(detail=str(exc)) from exc
    except RuntimeError as exc:  # pytesseract signals a timeout with RuntimeError
        if "timeout" in str(exc).lower():
            raise OcrTimeoutError(detail=str(exc)) from exc
        raise OcrFailedError(detail=str(exc)) from exc
    except TesseractError as exc:
        raise OcrFailedError(detail=f"tesseract {exc.status}: {exc.message}") from exc


def _netpbm(image: np.ndarray) -> Image.Image:
    """``image`` as pytesseract would pass it (``Image.fromarray``), marked to be written as a
    PGM/PPM file: pytesseract hands Tesseract a temporary file, PNG by default, and compressing
    a noisy 300 dpi page took ~0.6 s (~40 % of its OCR call) against ~6 ms uncompressed. Same pixels."""
    picture = Image.fromarray(image)
    picture.format = "PPM"
    return picture


# The header line of the command's TSV output (the engine gives the rows under it), and the variable
# pytesseract's ``image_to_data`` puts on every command line.
_TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
_TSV_VARIABLES = (("tessedit_create_tsv", "1"),)


class _PageReadings:
    """The word data of the images read so far on the page in hand (``same_page_readings``), by the
    exact bytes Tesseract was handed and how it was asked to read them; at most ``limit`` bytes of
    images are kept, the oldest dropped first."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0
        self.entries: list[tuple[tuple, bytes, dict]] = []

    def find(self, how: tuple, pnm: bytes) -> dict | None:
        for known, image, data in self.entries:
            if known == how and len(image) == len(pnm) and image == pnm:
                return {key: list(values) for key, values in data.items()}
        return None

    def keep(self, how: tuple, pnm: bytes, data: dict) -> None:
        if len(pnm) > self.limit:
            return
        self.entries.append((how, pnm, {key: list(values) for key, values in data.items()}))
        self.held += len(pnm)
        while self.held > self.limit:
            self.held -= len(self.entries.pop(0)[1])


_PAGE_READINGS_BYTES = 32 << 20  # a 300 dpi A4 page's grey image is ~9 MB
_page = threading.local()


@contextmanager
def same_page_readings() -> Iterator[None]:
    """Within it, an image handed to the libtesseract engine again, byte for byte, with the same page
    segmentation mode, resolution, languages, model and page number, gets the word data of its first reading
    instead of a second Tesseract run. The quality gate's told reading of an unsure page reads its ruled-table
    bands (never told) and their unsure and marked rows again, pixel for pixel (issue 13: ~0.6 CPU-s on
    12 low-resolution and fax pages). Tesseract reads the same bytes the same way, so nothing read
    changes. Up to ``_PAGE_READINGS_BYTES`` of images are held, and let go when the block ends (one page)."""
    previous = getattr(_page, "readings", None)
    _page.readings = _PageReadings(_PAGE_READINGS_BYTES)
    try:
        yield
    finally:
        _page.readings = previous


def _image_data(image: np.ndarray, languages: str, psm: int, timeout_s: int, library: bool, dpi: int = 0,
                page: int = 0, datapath: str | None = None) -> dict:
    """Tesseract's word data for ``image`` (``image_to_data``'s dict) in page segmentation mode ``psm``,
    told ``dpi`` unless 0: read by this process's libtesseract engine when ``library``
    (``IngestOptions.tesseract``; ``tesseract_engine``, same bytes out as the command), else, or when
    the engine cannot, by a ``tesseract`` command. ``page``: the engine's ``page_num`` is ``page + 1``.
    ``datapath``: the folder of the model to read with (None: the system's tessdata).
    Inside ``same_page_readings`` an image the engine has read already with the same model is not read again."""
    if library:
        picture, _ = pytesseract.pytesseract.prepare(_netpbm(image))  # the file the command would be handed
        pnm = io.BytesIO()
        picture.save(pnm, format=picture.format)
        handed = pnm.getvalue()
        readings: _PageReadings | None = getattr(_page, "readings", None)
        how = (datapath, languages, psm, dpi, page)
        known = readings.find(how, handed) if readings is not None else None
        if known is not None:
            return known
        rows = read_tsv(handed, languages, psm, dpi, timeout_s, page, _TSV_VARIABLES, datapath)
        if rows is not None:
            data = pytesseract.pytesseract.file_to_dict(_TSV_HEADER + rows, "\t", -1)
            if readings is not None:
                readings.keep(how, handed, data)
            return data
    config = f"--psm {psm}" + (f" --dpi {dpi}" if dpi else "") + (f" --tessdata-dir {datapath}" if datapath else "")
    return _call(pytesseract.image_to_data, image, lang=languages, config=config, output_type=Output.DICT,
                 timeout=timeout_s)


def tesseract_version() -> str:
    """The installed Tesseract version (raises ``OcrUnavailableError`` when missing)."""
    return str(_call(pytesseract.get_tesseract_version))


_OSD_VARIABLES = (("min_characters_to_try", "10"),)


def detect_orientation(image: np.ndarray, timeout_s: int = 60, library: bool = True) -> Orientation | None:
    """OSD on ``image``; None when Tesseract finds too little text to decide. Read by this process's engine for
    the ``osd`` model when ``library`` (``tesseract_engine.read_osd``: the command's figures without starting
    a process and loading the model each time, ~0.2 CPU-s a call), else, or when the engine cannot, by a
    ``tesseract`` command (``timeout_s``)."""
    if library:
        picture, _ = pytesseract.pytesseract.prepare(_netpbm(image))  # the file the command would be handed
        pnm = io.BytesIO()
        picture.save(pnm, format=picture.format)
        done, text = read_osd(pnm.getvalue(), _OSD_VARIABLES)
        if done:
            if text is None:
                log.debug("OSD could not decide (too few characters)")
                return None
            return _orientation(pytesseract.pytesseract.osd_to_dict(text))
    try:
        osd = _call(pytesseract.image_to_osd, image,
                    config="--psm 0 " + " ".join(f"-c {name}={value}" for name, value in _OSD_VARIABLES),
                    output_type=Output.DICT, timeout=timeout_s)
    except OcrFailedError as exc:
        log.debug("OSD could not decide: %s", exc.detail)
        return None
    return _orientation(osd)


def _orientation(osd: dict) -> Orientation:
    return Orientation(rotate=int(osd.get("rotate", 0)) % 360, confidence=float(osd.get("orientation_conf", 0.0)))


def band_confidences(image: np.ndarray, bands: Sequence[tuple[int, int]], options: IngestOptions,
                     psm: int = 6) -> list[tuple[float, int]]:
    """Mean word confidence and count of confident alphabetic words in each horizontal band
    (top, bottom) of ``image``, from one Tesseract run (a word counts for the band holding its centre);
    used to compare candidate rotations of a few text-line crops."""
    data = _image_data(image, options.languages, psm, options.ocr_timeout_s, options.tesseract == "library")
    confs: list[list[float]] = [[] for _ in bands]
    good = [0] * len(bands)
    for conf, text, top, height in zip(data["conf"], data["text"], data["top"], data["height"]):
        word = (text or "").strip()
        if float(conf) < 0 or not word:
            continue
        centre = int(top) + int(height) / 2
        band = next((i for i, (a, b) in enumerate(bands) if a <= centre < b), None)
        if band is None:
            continue
        confs[band].append(float(conf))
        if float(conf) >= 70 and sum(ch.isalpha() for ch in word) >= 3:
            good[band] += 1
    return [((float(np.mean(c)) if c else 0.0), g) for c, g in zip(confs, good)]

# A civil servant's rank after the pangkat, "(III/c)", "(IV/a)": Tesseract often reads the
# Roman numerals as digits or l's ("(111/c)", "(lV/a)"). Only I-IV with ruang a-e are golongan.
_GOLONGAN = re.compile(r"^(\()([1Il|]{1,3}|[1Il|]?[Vv])(/[a-e]\)[.,;:]?)$")


def golongan(word: str) -> str:
    """``word`` with the Roman numerals of a golongan put back ("(111/c)" -> "(III/c)")."""
    found = _GOLONGAN.match(word)
    if not found:
        return word
    roman = re.sub(r"[1l|]", "I", found.group(2)).upper()
    return found.group(1) + roman + found.group(3) if roman in ("I", "II", "III", "IV") else word


def _words_and_lines(data: dict, min_conf: float = 0.0, dy: int = 0, region: int = 0
                     ) -> tuple[list[Word], list[list[Word]], list[tuple]]:
    """Words in Tesseract's reading order, grouped into lines keyed by (region, block, par, line);
    ``dy`` shifts boxes from a band crop back to page coordinates."""
    words: list[Word] = []
    lines: list[list[Word]] = []
    keys: list[tuple] = []
    for i, raw in enumerate(data["text"]):
        text = (raw or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < min_conf:
            continue
        key = (region, data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if not keys or keys[-1] != key:
            keys.append(key)
            lines.append([])
        word = Word(text=golongan(text), conf=conf,
                    box=(int(data["left"][i]), int(data["top"][i]) + dy, int(data["width"][i]), int(data["height"][i])),
                    line=len(lines) - 1)
        lines[-1].append(word)
        words.append(word)
    return words, lines, keys


_LOST_MAX = 8  # lines re-read per band at most (bounded cost on a noisy page)
_LOST_MIN_CONF = 60.0
_RAW_LINE = 13  # Tesseract's page segmentation mode for one line read raw, without its line finding


def _letter_height(lines: list[list[Word]]) -> float:
    heights = [w.box[3] for line in lines for w in line if sum(ch.isalnum() for ch in w.text) >= 2]
    return float(np.median(heights)) if heights else 0.0


def _ink(image: np.ndarray) -> np.ndarray:
    """255 where a grey image is darker than mid-grey (OpenCV's inverted threshold on a uint8 image: the
    same mask as ``np.where(image < 128, 255, 0)`` in a fifth of the time on a whole band)."""
    if image.dtype == np.uint8:
        return cv2.threshold(image, 127, 255, cv2.THRESH_BINARY_INV)[1]
    return np.where(image < 128, np.uint8(255), np.uint8(0))


def _blank_words(image: np.ndarray, lines: list[list[Word]], dy: int, pad: int, value: int) -> None:
    """Set every read word's box (grown by ``pad``; page coordinates, ``dy`` above the band) to ``value``."""
    for line in lines:
        for w in line:
            x, y, bw, bh = w.box
            image[max(0, y - dy - pad):max(0, y - dy + bh + pad), max(0, x - pad):x + bw + pad] = value


def lost_lines(band: np.ndarray, lines: list[list[Word]], dy: int = 0) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h in band coordinates) of text lines the layout analysis left out: ink
    shaped like a line of letters (a name printed bold and underlined under a signature is the
    common case) where no word was read."""
    h = _letter_height(lines)
    if h < 6:
        return []
    if band.ndim == 3:
        band = cv2.cvtColor(band, cv2.COLOR_BGR2GRAY)
    ink = _ink(band)
    _blank_words(ink, lines, dy, max(2, int(h / 4)), 0)
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(1.2 * h)), 1)))
    count, _, stats, _ = components(joined)
    boxes = []
    for x, y, bw, bh, _area in stats[1:count]:
        if not (0.6 * h <= bh <= 2.5 * h and bw >= 3 * h):
            continue
        density = cv2.countNonZero(ink[y:y + bh, x:x + bw]) / float(bw * bh)
        if 0.04 <= density <= 0.6:
            boxes.append((int(x), int(y), int(bw), int(bh)))
    return sorted(boxes, key=lambda b: b[1])[:_LOST_MAX]


def _without_rules(crop: np.ndarray, h: float) -> np.ndarray:
    """The crop with long horizontal strokes (an underline, a rule) whitened."""
    rules = cv2.morphologyEx(_ink(crop), cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(2 * h)), 1)))
    out = crop.copy()
    out[rules > 0] = 255
    return out


def read_lost_lines(band: np.ndarray, lines: list[list[Word]], keys: list[tuple], options: IngestOptions,
                    dy: int = 0, region: int = 0) -> tuple[list[list[Word]], list[tuple]]:
    """Re-read each line ``lost_lines`` finds as one text line (psm 7), read words whitened, and
    insert what reads confidently where it stands on the page."""
    if band.ndim == 3:
        band = cv2.cvtColor(band, cv2.COLOR_BGR2GRAY)
    boxes = lost_lines(band, lines, dy)
    if not boxes:
        return lines, keys
    h = _letter_height(lines)
    clean = band.copy()
    _blank_words(clean, lines, dy, 1, 255)
    lines, keys = list(lines), list(keys)
    m = int(h / 2)
    corners = [(max(0, x - m), max(0, y - m)) for x, y, _, _ in boxes]
    crops = [_without_rules(clean[y0:y + bh + m, x0:x + bw + m], h) for (x0, y0), (x, y, bw, bh) in zip(corners, boxes)]
    read = read_line_crops(crops, options)
    for n, ((_, y, _, bh), (x0, y0), data) in enumerate(zip(boxes, corners, read)):
        words = [Word(t.strip(), c, (bx + x0, by + y0 + dy, ww, wh)) for t, c, bx, by, ww, wh in
                 zip(data["text"], map(float, data["conf"]), data["left"], data["top"], data["width"], data["height"])
                 if (t or "").strip() and c >= _LOST_MIN_CONF]
        if not any(sum(ch.isalpha() for ch in w.text) >= 4 and w.conf >= 75 for w in words):
            continue
        centre = y + dy + bh / 2
        at = next((i for i, line in enumerate(lines)
                   if float(np.median([w.box[1] + w.box[3] / 2 for w in line])) > centre), len(lines))
        lines.insert(at, words)
        keys.insert(at, (region, 100_000 + n, 1, 1))
    return lines, keys


def read_line_crops(crops: Sequence[np.ndarray], options: IngestOptions) -> list[dict]:
    """Tesseract's word data for each crop of one text line (psm 7); a crop psm 7 reads nothing of is
    read again as a raw line (psm 13, no line finding): on a blurred low-resolution scan rendered large,
    Tesseract's line finding dropped a whole legible body line as noise, in the page and in the crop
    alike (a 72 dpi letter: "tenaga kesehatan disesuaikan dengan situasi ..."), and read raw it reads."""
    read = read_crops([(crop, 7) for crop in crops], options)
    empty = [n for n, data in enumerate(read) if not any(str(t or "").strip() for t in data.get("text", ()))]
    if empty:
        for n, data in zip(empty, read_crops([(crops[n], _RAW_LINE) for n in empty], options)):
            read[n] = data
    return read


def is_boilerplate(line: str) -> bool:
    """True for a scanner app's footer line ("Dipindai dengan CamScanner" and the like)."""
    found = _BOILERPLATE.search(line)
    if found and found.start() <= _BOILERPLATE_PREFIX:
        return True
    return bool(_APP_NAME_ONLY.match(line))


def _assemble(lines: list[list[Word]], keys: list[tuple]) -> tuple[str, list[Word]]:
    """Page text (a blank line between paragraphs) and the kept words, boilerplate dropped."""
    out: list[str] = []
    kept: list[Word] = []
    previous: tuple | None = None
    for line_no, (line, key) in enumerate(zip(lines, keys)):
        text = " ".join(w.text for w in line)
        if is_boilerplate(text):
            continue
        if previous is not None and key[:-1] != previous[:-1] and out:
            out.append("")
        out.append(text)
        kept.extend(Word(w.text, w.conf, w.box, line_no) for w in line)
        previous = key
    return "\n".join(out).strip(), kept


def regions(height: int, tables: Sequence[tuple[int, int]] = (), image: np.ndarray | None = None,
            reach: int = 0) -> list[tuple[int, int, int]]:
    """Horizontal bands (y0, y1, page segmentation mode) to read top to bottom: ruled
    tables as one uniform block (psm 6, row by row), the rest with automatic layout (psm 3).

    With the page ``image``, a table band's edge that runs through letters of the text beside it
    (ink on the edge row) moves, at most ``reach`` pixels, to the first ink-free row inside the
    table, so the letters stay whole in the automatic-layout band: a table's top rule drawn just
    under a line of text cut off that line's descenders ("Barang" read "Barana", "yang" "vana",
    "Pemerintah" "Pamerintah" on a real letter; whole, the line read right)."""
    out: list[tuple[int, int, int]] = []
    cursor = 0
    for y0, y1 in sorted(tables):
        y0, y1 = max(cursor, int(y0)), min(height, int(y1))
        if y1 <= y0:
            continue
        if image is not None and y0 > cursor:
            y0 = _clear_row(image, y0, min(y1 - 1, y0 + reach), 1)
        if image is not None and y1 < height:
            y1 = _clear_row(image, y1, max(y0 + 1, y1 - reach), -1)
        if y0 > cursor:
            out.append((cursor, y0, 3))
        out.append((y0, y1, 6))
        cursor = y1
    if cursor < height:
        out.append((cursor, height, 3))
    return out


def _clear_row(image: np.ndarray, edge: int, limit: int, step: int) -> int:
    """The band edge ``edge`` (a table band's first row, or the row after its last) moved to the first
    ink-free row from ``edge`` towards ``limit`` (``step`` +1: down into a table under the text;
    -1: up into a table over it), when letters cross it (ink on both rows beside the edge); else
    ``edge``, also when every row up to ``limit`` has ink (a rule left in place: no cut to mend)."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    allowed = max(2, grey.shape[1] // 1000)  # a speck or two is no letter

    def inked(y: int) -> bool:
        return int(np.count_nonzero(grey[y] < 128)) > allowed

    if not 1 <= edge < grey.shape[0] or not (inked(edge - 1) and inked(edge)):
        return edge
    y = edge
    while y != limit:
        if not inked(y):
            return y
        y += step
    return edge


# how far (pixels per dpi) a table band's edge moves to keep the text beside it whole: descenders
# and ascenders reach about a third of a letter height past the line
_CUT_REACH = 1 / 20


def _has_ink(band: np.ndarray) -> bool:
    return band.shape[0] >= 8 and int(band.min()) < 128


def _drop_garbage(lines: list[list[Word]], keys: list[tuple], image: np.ndarray | None = None,
                  words: frozenset[str] = frozenset()) -> tuple[list[list[Word]], list[tuple]]:
    """Remove very-low-confidence words when the page as a whole reads well. A word with two or
    more digits stays whatever its confidence: Tesseract scores a printed nomor with a Roman month
    ("045/12/DS-LB/I!1/2024") near 0, and losing it loses the letter's number; extraction weighs
    the confidence instead (an unsure nomor is left empty and flagged, but stays searchable).
    Keeping every low-confidence word of Tesseract's word list, short ones included, was tried (a
    real letter lost "Kamis" after a low-confidence colon): on five poorer real pages it kept more
    misread short words than it saved (e.g. 44.7 -> 50.3 % CER), so it was not kept.
    A colon read at confidence near 0 between a label and its value ("Hari : Kamis") stays when the
    ``image`` shows a colon there, two stacked dots alone (``_seen_colons``).
    A long word of Tesseract's word list (``words``; ``_long_known``) stays too: on a blurred or
    low-resolution copy Tesseract scores whole, rightly read words near 0 ("menindaklanjuti",
    "penyebaran", "disebabkan" on a 72 dpi photocopy), and dropping one costs its every letter; a
    mark, a stamp's ring or a pen stroke read as six or more letters that make a word of the
    language is rare (the short words, "dn", "mi", are what marks are read as, and they still go)."""
    confs = [w.conf for line in lines for w in line]
    if not confs or float(np.median(confs)) < _READABLE_MEDIAN_CONF:
        return lines, keys
    colons = _seen_colons(image, lines) if image is not None else set()
    known = _unsure_known(lines, words)
    kept = [([w for w in line if w.conf >= _GARBAGE_CONF or sum(ch.isdigit() for ch in w.text) >= 2
              or id(w) in colons or id(w) in known], key)
            for line, key in zip(lines, keys)]
    kept = [(line, key) for line, key in kept if line]
    return [line for line, _ in kept], [key for _, key in kept]


def _unsure_known(lines: list[list[Word]], words: frozenset[str]) -> set[int]:
    """Ids of the unsure words (``_garbage``) that are long words of ``words`` (``_long_known``) standing
    like print among sure print (a line with two words read at ``_AGAIN_SURE`` or surer; the word as tall
    as they are, 0.7-1.4 times, on their baseline) and not a second reading of print a surer word was
    read from: a table row read cell by cell read "Sertifikasi:" at 96 and again at 0 over the same
    letters (boxes overlapping by more than half). Without the line's sure print a generated stamp's
    "KELUAR" and a messenger photo's background, read as office words ("laporan", "Kabupaten",
    "Perihal"), were kept."""
    found = {id(w) for line in lines for w in line if _garbage(w) and _long_known(w.text, words)}
    if not found:
        return found
    for line in lines:
        sure_boxes = [w.box for w in line if w.conf >= _AGAIN_SURE and sum(ch.isalnum() for ch in w.text) >= 2]
        h = float(np.median([b[3] for b in sure_boxes])) if len(sure_boxes) >= 2 else 0.0
        base = float(np.median([b[1] + b[3] for b in sure_boxes])) if h else 0.0
        for w in line:
            if id(w) in found and not (h and 0.7 * h <= w.box[3] <= 1.4 * h
                                       and abs(w.box[1] + w.box[3] - base) <= 0.35 * h):
                found.discard(id(w))
    sure = [w.box for line in lines for w in line if not _garbage(w)]
    for line in lines:
        for w in line:
            if id(w) in found and any(_overlap(w.box, b) > 0.5 * w.box[2] * w.box[3] for b in sure):
                found.discard(id(w))
    return found


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> int:
    """Area shared by two boxes (x, y, w, h)."""
    across = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    down = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0, across) * max(0, down)


def _long_known(text: str, words: frozenset[str]) -> bool:
    """True when ``text``, its surrounding punctuation stripped, is a word of ``words`` of at least
    ``_KNOWN_LONG`` letters, or a reduplication of such words joined by hyphens ("kasus-kasus")."""
    plain = re.sub(r"^\W+|\W+$", "", text)
    parts = plain.split("-")
    return (sum(len(p) for p in parts) >= _KNOWN_LONG
            and all(len(p) >= 3 and p.isalpha() and p.lower() in words for p in parts))


def _seen_colons(image: np.ndarray, lines: list[list[Word]]) -> set[int]:
    """Ids of the unsure words read ":" between two sure words of a line whose box holds a colon
    in ``image``: two small dots one over the other and nothing else (``reading.colon_in``)."""
    h = _letter_height(lines)
    if h < 8:
        return set()
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    pad = h / 5 + 2  # colon_in looks a fifth of a letter height inside the span it is given
    found = set()
    for line in lines:
        for before, word, after in zip(line, line[1:], line[2:]):
            if word.text != ":" or not _garbage(word) or _garbage(before) or _garbage(after):
                continue
            x, y, w, bh = word.box
            top = min(y, before.box[1], after.box[1])
            bottom = max(y + bh, before.box[1] + before.box[3], after.box[1] + after.box[3])
            if colon_in(grey, int(x - pad), int(x + w + pad), top, bottom, h) is not None:
                found.add(id(word))
    return found


def _garbage(word: Word) -> bool:
    """A word ``_drop_garbage`` drops on a page that reads well."""
    return word.conf < _GARBAGE_CONF and sum(ch.isdigit() for ch in word.text) < 2


def _read_unsure_again(image: np.ndarray, lines: list[list[Word]], options: IngestOptions) -> list[list[Word]]:
    """Words ``_drop_garbage`` would drop that stand like print among confident print (their box as tall
    as the line's confident words, on their baseline): the line is read again alone as one text line
    (psm 7), and the words read where a run of them stood replace it when every one is confident
    (``_AGAIN_CONF``). Tesseract read the end of a printed perihal, "PBJ Level 1", at confidence 20
    within its page while the rest of the line read at 96, and the words were dropped as garbage; the
    line read alone reads them at 95 (the words alone, without the line, read "Leve/1" at 39). A mark or
    pen stroke stays unsure (or differs in size) and is dropped as before. One Tesseract process reads
    a page's lines (``read_crops``).
    A word whose box took in the edge of a mark standing beside it (a letterhead's first word glued to
    the emblem's ribbon, "(PEMERINTAH" read at 0 in a box taller than the letters) reads the same with
    its line; when the box ends in such a piece of ink (``_print_span``), the word's own print is read
    alone once more, under the same rule (every word read at ``_AGAIN_CONF`` or surer)."""
    confs = [w.conf for line in lines for w in line]
    if not confs or float(np.median(confs)) < _READABLE_MEDIAN_CONF:
        return lines
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    crops: list[tuple[np.ndarray, int]] = []
    spots: list[tuple[int, list[tuple[int, int]], int, int]] = []  # line, its runs (first, end word), crop x, y
    for li, line in enumerate(lines):
        sure = [w.box for w in line if w.conf >= _AGAIN_SURE and sum(ch.isalnum() for ch in w.text) >= 2]
        if len(sure) < 2:
            continue
        h = float(np.median([b[3] for b in sure]))
        base = float(np.median([b[1] + b[3] for b in sure]))
        runs = []
        n = 0
        while n < len(line):
            if not _printed_unsure(grey, line[n], h, base):
                n += 1
                continue
            end = n + 1
            while end < len(line) and _printed_unsure(grey, line[end], h, base):
                end += 1
            runs.append((n, end))
            n = end
        if not runs:
            continue
        pad = int(h / 3)
        x0 = max(0, min(w.box[0] for w in line) - pad)
        x1 = min(image.shape[1], max(w.box[0] + w.box[2] for w in line) + pad)
        y0, y1 = max(0, int(base - 1.6 * h)), min(image.shape[0], int(base + 0.5 * h))
        if x1 - x0 > 2 and y1 - y0 > 2:
            crops.append((image[y0:y1, x0:x1], 7))
            spots.append((li, runs, x0, y0))
    if not crops:
        return lines
    out = [list(line) for line in lines]
    alone: list[tuple[int, int, int, int, int]] = []  # line, run, crop x, y of a grown word read alone
    alone_crops: list[tuple[np.ndarray, int]] = []
    for (li, runs, x0, y0), (crop, _), data in zip(spots, crops, read_crops(crops, options)):
        read = crop_words(data, x0, y0)
        h = float(np.median([w.box[3] for w in lines[li] if w.conf >= _AGAIN_SURE
                             and sum(ch.isalnum() for ch in w.text) >= 2]))
        for n, end in reversed(runs):
            left = min(w.box[0] for w in lines[li][n:end])
            right = max(w.box[0] + w.box[2] for w in lines[li][n:end])
            again = [Word(w.text, w.conf, w.box, line=lines[li][n].line) for w in read
                     if left <= w.box[0] + w.box[2] / 2 <= right]
            if again and all(w.conf >= _AGAIN_CONF for w in again):
                out[li][n:end] = again
            elif end - n == 1 and (span := _print_span(grey, lines[li][n].box, h)) is not None:
                # one word glued to the edge of a mark beside it, the line read the same again: the
                # word's print read alone, the mark's edge left out of the crop
                cx0, cx1 = max(0, span[0] - int(h / 3)), min(grey.shape[1], span[1] + int(h / 3))
                alone.append((li, n, cx0, y0, right))
                alone_crops.append((grey[y0:y0 + crop.shape[0], cx0:cx1], 7))
    if alone_crops:
        for (li, n, cx0, cy0, right), data in zip(alone, read_crops(alone_crops, options)):
            left = lines[li][n].box[0]
            again = [Word(w.text, w.conf, w.box, line=lines[li][n].line) for w in crop_words(data, cx0, cy0)
                     if left <= w.box[0] + w.box[2] / 2 <= right]
            if again and all(w.conf >= _AGAIN_CONF for w in again):
                out[li][n:n + 1] = again
    return out


def _print_span(grey: np.ndarray, box: tuple[int, int, int, int], h: float) -> tuple[int, int] | None:
    """Left and right (page x) of a grown word's print (``_inner_ink``): the box without the columns at
    its ends whose ink (a piece standing apart) reaches both above the print's top and under its bottom (the mark's edge that
    grew the box: a logo's ribbon, a stamp's ring; a letter reaches past one of them at most) and the
    paper between that edge and the letters. None when nothing is trimmed or nothing is left."""
    x, y, bw, bh = box
    top, bottom = _inner_ink(grey, box, h)
    crop = grey[y:y + bh, x:x + bw] < 128
    if not crop.size:
        return None
    rows = np.arange(y, y + bh)[:, None]
    above = np.asarray((crop & (rows < top - 0.05 * h)).any(axis=0))
    below = np.asarray((crop & (rows > bottom + 0.05 * h)).any(axis=0))
    inked = np.flatnonzero(crop.any(axis=0))
    if inked.size == 0:
        return None
    pieces = np.split(inked, np.flatnonzero(np.diff(inked) > 1) + 1)  # runs of inked columns, paper between

    def mark(piece: np.ndarray) -> bool:
        return bool(above[piece].any() and below[piece].any())

    if len(pieces) > 1 and mark(pieces[0]):
        pieces = pieces[1:]
    if len(pieces) > 1 and mark(pieces[-1]):
        pieces = pieces[:-1]
    first, last = int(pieces[0][0]), int(pieces[-1][-1])
    if (first, last) == (int(inked[0]), int(inked[-1])) or last - first < h:
        return None
    return x + first, x + last + 1


def _read_marked_again(image: np.ndarray, lines: list[list[Word]], options: IngestOptions) -> list[list[Word]]:
    """Lines of print crossed by a lighter mark, read again with that mark left out. A signer's name
    and NIP printed over a stamp's grey ring, or over the white trail a removed signature left in it,
    read as short garbage ("Joko Agus Setyono" -> "AN Ubko tt tyoNo"); the print itself is darker
    than the mark. The page's print level is learnt from its confident words (the darkest tenth of
    each word's box, ``_print_level``), and a line with an unsure word of two or more letters or
    digits whose box holds ink lighter than print away from print's soft rim (``_MARK_SHARE`` of the
    print's pixels or more: clean lines, a logo beside a letterhead hold a few hundredths, lines under a
    stamp's ring or a removed signature's trail 0.8 to 4 on real letters) is read again alone (psm 7) with only the pixels darker than the level kept. Its sure
    words (``_MARKED_UNSURE``: a handwritten number on a printed label's blank stays dark, and reads
    unsure) replace the line when they hold ``_MARKED_GAIN`` more sure letters and digits than the line
    had and more than the line keeps once its garbage is dropped (``_garbage``: a NIP read "t65n3" stays,
    so a re-read that loses its "NIP." does not win, nor one that only reads the same letters surer),
    and the new reading keeps the line's sure words (``_AGAIN_SURE``) in its characters. A line with
    no sure word of two letters or more is left alone: a mark itself (a logo's ribbon), not print. One
    Tesseract process reads a page's lines (``read_crops``)."""
    confs = [w.conf for line in lines for w in line]
    if not confs or float(np.median(confs)) < _READABLE_MEDIAN_CONF:
        return lines
    h = _letter_height(lines)
    if h < 8:
        return lines
    candidates: list[tuple[int, list[Word]]] = []
    for li, line in enumerate(lines):
        if not any(w.conf < _MARKED_UNSURE and sum(ch.isalnum() for ch in w.text) >= 2 for w in line):
            continue
        if not any(w.conf >= _AGAIN_SURE and sum(ch.isalnum() for ch in w.text) >= 2 for w in line):
            continue  # no word of it read as print surely: a mark itself (a logo's ribbon), not print under one
        sized = [w for w in line if 0.7 * h <= w.box[3] <= 1.4 * h and any(ch.isalnum() for ch in w.text)]
        if sized:
            candidates.append((li, sized))
    if not candidates:  # the print level (two percentiles per sure word) only for a page with such a line
        return lines
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    found = _print_level(grey, lines)
    if found is None:
        return lines
    level, paper, reach = found
    crops: list[tuple[np.ndarray, int]] = []
    spots: list[tuple[int, int, int]] = []
    for li, sized in candidates:
        line = lines[li]
        base = float(np.median([w.box[1] + w.box[3] for w in sized]))
        pad = int(h / 3)
        x0 = max(0, min(w.box[0] for w in line) - pad)
        x1 = min(grey.shape[1], max(w.box[0] + w.box[2] for w in line) + pad)
        y0, y1 = max(0, int(base - 1.6 * h)), min(grey.shape[0], int(base + 0.5 * h))
        if x1 - x0 <= 2 or y1 - y0 <= 2:
            continue
        crop = grey[y0:y1, x0:x1]
        print_ink = (crop < level).astype(np.uint8)
        near = cv2.dilate(print_ink, np.ones((reach, reach), np.uint8)) > 0
        light = (crop < paper) & ~near  # ink lighter than print, off print's own soft rim
        dark = int(np.count_nonzero(print_ink))
        if dark == 0 or np.count_nonzero(light) < _MARK_SHARE * dark:
            continue
        crops.append((np.where(crop < level, np.uint8(0), np.uint8(255)), 7))
        spots.append((li, x0, y0))
    if not crops:
        return lines
    out = [list(line) for line in lines]
    for (li, x0, y0), data in zip(spots, read_crops(crops, options)):
        again = [Word(w.text, w.conf, w.box, line=lines[li][0].line) for w in crop_words(data, x0, y0)]
        joined = "".join(w.text for w in again)
        if not all(w.text in joined for w in lines[li] if w.conf >= _AGAIN_SURE and any(ch.isalnum() for ch in w.text)):
            continue
        sure = [w for w in again if w.conf >= _MARKED_UNSURE]
        kept = sum(ch.isalnum() for w in lines[li] if not _garbage(w) for ch in w.text)
        if _sure_letters(sure) >= max(_sure_letters(lines[li]) + _MARKED_GAIN, kept + 1):
            out[li] = sure
    return out


def _sure_letters(line: list[Word]) -> int:
    """Letters and digits of the words of ``line`` read at ``_MARKED_UNSURE`` or surer."""
    return sum(ch.isalnum() for w in line if w.conf >= _MARKED_UNSURE for ch in w.text)


def _print_level(grey: np.ndarray, lines: list[list[Word]]) -> tuple[float, float, int] | None:
    """The grey level under which a pixel is print on this page, the level under which it is ink at
    all, and the reach (odd pixels, a sixth of a letter height) of print's own soft rim around its
    core: from the confident words, the median of their darkest tenth (the core of their strokes) and
    of their lightest tenth (the paper between them), print ``_PRINT_REACH`` of the way from the first
    to the second, ink up to a tenth of the way back from the paper. None with fewer than
    ``_PEN_BODY_WORDS`` confident words or no contrast."""
    cores, papers = [], []
    for line in lines:
        for w in line:
            if w.conf < 85 or sum(ch.isalnum() for ch in w.text) < 3:
                continue
            x, y, bw, bh = w.box
            box = grey[y:y + bh, x:x + bw]
            if box.size:
                low, high = percentiles(box, (10, 90))
                cores.append(low)
                papers.append(high)
    if len(cores) < _PEN_BODY_WORDS:
        return None
    core, paper = float(np.median(cores)), float(np.median(papers))
    if paper - core < 60:
        return None
    level, light = core + _PRINT_REACH * (paper - core), paper - 0.1 * (paper - core)
    return level, light, max(3, int(round(_letter_height(lines) / 6)) | 1)


_MARKED_UNSURE = 60.0  # a line with a word of letters or digits read under this may be print crossed by a mark
_MARKED_GAIN = 3  # sure letters and digits (``_sure_letters``) the re-read line must gain
_MARK_SHARE = 0.25  # ink lighter than print, off its rim, per pixel of print, in a line a mark crosses
_PRINT_REACH = 0.15  # of the way from print's core to the paper: the darkest a mark may be


def _printed_unsure(image: np.ndarray, w: Word, h: float, base: float) -> bool:
    """An unsure word (``_garbage``) as tall as print of letter height ``h`` and on its baseline ``base``;
    a long word's box grown by a mark beside it is judged by its ink away from its ends (``_inner_ink``)."""
    if not _garbage(w) or not any(ch.isalnum() for ch in w.text):
        return False
    top, bottom = w.box[1], w.box[1] + w.box[3]
    if bottom - top > 1.4 * h:
        top, bottom = _inner_ink(image, w.box, h)
    return 0.7 * h <= bottom - top <= 1.4 * h and abs(bottom - base) <= 0.35 * h


def _inner_ink(image: np.ndarray, box: tuple[int, int, int, int], h: float) -> tuple[int, int]:
    """Top and bottom (page y) of the ink of a word's box away from its two ends (a quarter of the box,
    at least a letter height, in from each): Tesseract grows the box of a word read beside a logo's ribbon or a stamp's ring to that
    mark's height, the word's own letters stay as tall as print (a real letterhead's "PEMERINTAH" next
    to the emblem, read at 0 in a box 1.4 letter heights tall). A box under five letter heights wide,
    or with no ink inside, keeps its own top and bottom."""
    x, y, bw, bh = box
    trim = int(round(max(h, bw / 4)))
    if bw < 5 * h:
        return y, y + bh
    crop = image[y:y + bh, x + trim:x + bw - trim]
    rows = np.flatnonzero((crop < 128).any(axis=1)) if crop.size else np.empty(0, dtype=np.intp)
    if rows.size == 0:
        return y, y + bh
    return y + int(rows[0]), y + int(rows[-1]) + 1


# a run of unsure words is read again on a line with two words at least this sure, and kept when
# every word reads at least _AGAIN_CONF alone
_AGAIN_SURE = 80.0
_AGAIN_CONF = 75.0


def _in_word_list(text: str, words: frozenset[str]) -> bool:
    """True when ``text``, its surrounding punctuation stripped, is a word of 3+ letters in ``words``."""
    plain = re.sub(r"^\W+|\W+$", "", text)
    return len(plain) >= 3 and plain.isalpha() and plain.lower() in words


_MARK_LINE_CONF = 45.0


def _drop_mark_lines(lines: list[list[Word]], keys: list[tuple], words: frozenset[str]
                     ) -> tuple[list[list[Word]], list[tuple]]:
    """On a page Tesseract reads well, drop lines it read from marks: a signature, a stamp, a
    logo or a QR code gives a short line of low confidence (mean under 45) with no word of three
    or more letters from Tesseract's word list and no digit (numbers, NIPs and dates stay)."""
    confs = [w.conf for line in lines for w in line]
    if not words or not confs or float(np.median(confs)) < _READABLE_MEDIAN_CONF:
        return lines, keys
    kept = []
    for line, key in zip(lines, keys):
        mean = float(np.mean([w.conf for w in line]))
        plain = [re.sub(r"^\W+|\W+$", "", w.text) for w in line]
        real = any(len(p) >= 3 and p.lower() in words for p in plain) or any(ch.isdigit() for p in plain for ch in p)
        if mean < _MARK_LINE_CONF and not real:
            continue
        kept.append((line, key))
    height = float(np.median([w.box[3] for line, _ in kept for w in line])) if kept else 0.0
    kept = [(_without_far_specks(line, words, height), key) for line, key in kept]
    return [line for line, _ in kept], [key for _, key in kept]


# A word standing this many letter heights away from the rest of its line is not part of it.
_SPECK_GAP = 4.0


def _without_far_specks(line: list[Word], words: frozenset[str], height: float) -> list[Word]:
    """``line`` without a first or last word read from a mark beside the text: a logo beside the
    letterhead, a stamp or a signature at the margin gives a low-confidence word (under 45) with no
    digit that stands far (``_SPECK_GAP`` letter heights) from the line's other words and is either
    not in the word list or much taller than they are ("nasa PEJABAT PENGADAAN": "nasa", twice the
    letters' height, read off the logo's edge)."""
    def speck(word: Word, gap: int, others: list[Word]) -> bool:
        if word.conf >= _MARK_LINE_CONF or gap <= _SPECK_GAP * height or any(ch.isdigit() for ch in word.text):
            return False
        if not any(ch.isalpha() for ch in word.text):
            return False
        tall = word.box[3] >= 1.5 * float(np.median([w.box[3] for w in others]))
        return tall or not _in_word_list(word.text, words)

    if len(line) < 2 or height <= 0:
        return line
    out = list(line)
    if speck(out[0], out[1].box[0] - (out[0].box[0] + out[0].box[2]), out[1:]):
        out = out[1:]
    if len(out) >= 2 and speck(out[-1], out[-1].box[0] - (out[-2].box[0] + out[-2].box[2]), out[:-1]):
        out = out[:-1]
    return out


# A word is pen writing when its letters are this much taller than the page's print ...
_PEN_TALL = 1.3
# ... and their strokes at most this share as thick as print of that height would have: a font's
# strokes grow with its size, a pen draws one width whatever the letters' size.
_PEN_THIN = 0.85
_PEN_WOBBLE = 0.2  # share of letters off the baseline by a wobble (not a descender)
_PEN_UNSURE = 75.0  # Tesseract's confidence under which a tall thin word need not wobble too
_PEN_BODY_WORDS = 8  # confident, level words of print needed to know the page's print
_PEN_WANDERING = 0.2  # share of confident words that wobble above which the page's print wanders itself
_PEN_MIN_HEIGHT = 10.0  # pixels: smaller print gives no stroke width worth comparing
# Pieces of ink per letter read from which print is broken by blur (the page's confident words, their
# median) and a word broken alike on such a page is never pen: a printed letter is one piece (or joins
# its neighbour), and so is a pen's (its line runs on); blur across the strokes (a hand-held photo's
# motion blur) leaves at print's threshold only the stems, each letter in two or three pieces, too
# narrow to count as letters: print's height and a word's tallest letter are measured on what is left.
_PEN_BROKEN = 1.5
# A word written in a printed line (a form's value after its label) is pen when its letters stand
# ``_PEN_TALL`` times taller than the print of its own line, most of them (``_PEN_LETTERS_SHARE``
# of its letter pieces at least ``_PEN_LETTERS_TALL`` times that print: a speck or a stroke touching
# one printed letter makes one piece tall, not the word's letters) and its strokes no bolder for
# their height than the page's print (a heading set bigger grows its strokes with it).
_PEN_LETTERS_TALL = 1.15
_PEN_LETTERS_SHARE = 0.6
_PEN_LINE_PRINT = 2  # print words a line needs before its own print is the measure
_PEN_ONE_LETTER_SURE = 90.0  # a word of one letter piece (a figure) taller than its line's print is pen only read under this


def _drop_handwriting(image: np.ndarray, lines: list[list[Word]], keys: list[tuple]
                      ) -> tuple[list[list[Word]], list[tuple], int]:
    """``lines`` without the words read from handwriting (a filled-in form's values, a disposition's
    notes, a receipt date): the page text holds printed text only; the page image keeps the pen.

    Print is learnt from the page: the height of its tallest letters (capitals, ascenders: the upper
    quartile of its words' tallest letter) and their stroke thickness per that height, over its
    confident words (``_PEN_BODY_WORDS`` at least) whose letters sit level on their baseline.
    A word is pen writing when its tallest letter is ``_PEN_TALL`` times taller than print's, its
    strokes thinner than print of its height would be (``_PEN_THIN``: a font's strokes scale with its
    size, a headline's are as thick or thicker; a pen's do not) and it shows one more sign: letters
    wobbling off the baseline (``_PEN_WOBBLE``), Tesseract's low confidence (``_PEN_UNSURE``), or,
    with fewer than three letters to judge the baseline by, any confidence under 90. A word with no
    letter or digit (a rule read as "|") is left to the other filters. Returns the lines, their
    keys and the number of words dropped. Nothing is dropped where the print itself wobbles (over
    ``_PEN_WANDERING`` of the confident words: a typewriter, a fax, a curled photo). Where blur broke
    print's letters (the confident words' median ``_PEN_BROKEN`` pieces of ink per letter read or more:
    a blurred photo's print, of which only the stems stay ink), a word broken alike is never pen.

    A pen held firmly (or a scan that thickens it) draws strokes as thick for their height as the
    type, so a filled-in form's value can fail the thinness test; it still stands out against the
    print of its own line: a word of a line with at least ``_PEN_LINE_PRINT`` words of print is pen
    when it is ``_PEN_TALL`` times taller than they are (and than the page's print), most of its
    letter pieces are taller than they are (``_PEN_LETTERS_TALL``, ``_PEN_LETTERS_SHARE``), a single
    piece only when read under ``_PEN_ONE_LETTER_SURE``, and its strokes are no bolder for their
    height than print's. On a line holding no print (a value written on the line under its label)
    where the rules above found pen, the line's other words taller than print by
    ``_PEN_LETTERS_TALL`` with such letters are pen as well."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    shapes = {id(w): letter_strokes(grey, w.box) for line in lines for w in line
              if any(ch.isalnum() for ch in w.text)}
    confident = [shapes[id(w)] for line in lines for w in line if id(w) in shapes
                 and w.conf >= 85 and shapes[id(w)][0] >= 3 and sum(ch.isalnum() for ch in w.text) >= 2]
    body = [(height, stroke) for _, height, stroke, wobble in confident if wobble == 0]
    if len(body) < _PEN_BODY_WORDS:
        return lines, keys, 0
    if sum(wobble is not None and wobble >= _PEN_WOBBLE for *_, wobble in confident) > _PEN_WANDERING * len(confident):
        return lines, keys, 0  # the print itself wanders (a typewriter, a fax, a curled photo): no sign of a pen
    print_height = float(np.percentile([b[0] for b in body], 75))
    print_thickness = float(np.median([b[1] for b in body])) / print_height
    if print_height < _PEN_MIN_HEIGHT or print_thickness <= 0:
        return lines, keys, 0

    def pen(w: Word) -> bool:
        if id(w) not in shapes:
            return False
        pieces, height, stroke, wobble = shapes[id(w)]
        if pieces == 0 or height < _PEN_TALL * print_height:
            return False
        if stroke / height > _PEN_THIN * print_thickness:
            return False
        if wobble is None:
            return w.conf < 90
        return wobble >= _PEN_WOBBLE or w.conf < _PEN_UNSURE

    def line_print(line: list[Word]) -> list[float]:
        return [shapes[id(w)][1] for w in line if id(w) in shapes and w.conf >= 85 and shapes[id(w)][0] >= 3
                and shapes[id(w)][3] == 0 and sum(ch.isalnum() for ch in w.text) >= 2
                and shapes[id(w)][1] < _PEN_TALL * print_height]

    def outsized(w: Word, ref: float, floor: float) -> bool:
        """At least ``floor`` tall, its letters mostly taller than print of height ``ref`` by
        ``_PEN_LETTERS_TALL``, its strokes no bolder for their height than the page's print."""
        if id(w) not in shapes:
            return False
        pieces, height, stroke, _ = shapes[id(w)]
        if pieces == 0 or height < floor or stroke / height > print_thickness:
            return False
        letters = letter_heights(grey, w.box)
        if len(letters) == 1:
            return w.conf < _PEN_ONE_LETTER_SURE
        return len(letters) > 1 and float(np.mean(letters >= _PEN_LETTERS_TALL * ref)) >= _PEN_LETTERS_SHARE

    def pieces_per_letter(w: Word) -> float:
        letters = sum(ch.isalnum() for ch in w.text)
        return shapes[id(w)][0] / letters if id(w) in shapes and letters else 0.0

    # print broken by blur: the confident words' letters in pieces, so their heights are no letters'
    judged = [pieces_per_letter(w) for line in lines for w in line if w.conf >= 85
              and id(w) in shapes and shapes[id(w)][0] >= 3 and sum(ch.isalnum() for ch in w.text) >= 2]
    blurred = bool(judged) and float(np.median(judged)) >= _PEN_BROKEN

    def broken(w: Word) -> bool:
        """On blurred print, a word broken like it (``_PEN_BROKEN`` pieces per letter read): no pen's line."""
        return blurred and pieces_per_letter(w) >= _PEN_BROKEN

    def pen_words(line: list[Word]) -> list[bool]:
        marked = [pen(w) for w in line]
        ref = line_print(line)
        if len(ref) >= _PEN_LINE_PRINT:  # taller than the print beside it
            mid = float(np.median(ref))
            floor = _PEN_TALL * max(mid, print_height)
            marked = [m or outsized(w, mid, floor) for m, w in zip(marked, line)]
        elif not ref and any(marked):  # a line of pen: its other words written alike
            marked = [m or outsized(w, print_height, _PEN_LETTERS_TALL * print_height) for m, w in zip(marked, line)]
        return [m and not broken(w) for m, w in zip(marked, line)]

    dropped = 0
    kept: list[tuple[list[Word], tuple]] = []
    for line, key in zip(lines, keys):
        # a scanner app's footer is print, and ``_assemble`` knows it only whole
        printed = line if is_boilerplate(" ".join(w.text for w in line)) else [
            w for w, p in zip(line, pen_words(line)) if not p]
        dropped += len(line) - len(printed)
        if printed:
            kept.append((printed, key))
    return [line for line, _ in kept], [key for _, key in kept], dropped


def _list_ones(lines: list[list[Word]]) -> list[list[Word]]:
    """A list's first marker read as a bar, "|.", becomes "1.": a serifless "1" before its dot, where a
    list item starts (the line's first word, or the word after a label's colon: "Untuk : 1. Studi ..."),
    no taller than the line's words of letters (a table's rule before a dot would be). A bar with no
    dot is left alone: a rule or a cell's edge read alone."""
    out = []
    for line in lines:
        heights = [w.box[3] for w in line if sum(ch.isalnum() for ch in w.text) >= 2]
        if not heights:
            out.append(line)
            continue
        tallest = _LIST_ONE_TALL * float(np.median(heights))
        fixed = [dataclasses.replace(w, text="1.") if w.text == "|." and w.box[3] <= tallest
                 and (n == 0 or line[n - 1].text.endswith(":")) and n + 1 < len(line) else w
                 for n, w in enumerate(line)]
        out.append(fixed)
    return out


_LIST_ONE_TALL = 1.5  # a "|." this many times taller than the line's words is a rule, not a "1."

_LIST_COMMA = re.compile(r"^(\d{1,2}),$")
_LIST_DOT = re.compile(r"^(\d{1,2})\.$")


def _list_commas(lines: list[list[Word]]) -> list[list[Word]]:
    """A numbered list's marker read with a comma, "3,", becomes "3.": a line starting with a number and
    a comma, followed by more words, whose list neighbour ("2." or "4.") starts another line at the
    same left edge (within a letter height). The dot under a figure at 100-300 dpi, smeared by JPEG,
    is read as a comma now and then; the list's other markers show what it is. Repeated until nothing
    changes, so a run of them ("3," "4," after "2.") is mended one from the other. A number with a
    comma whose neighbours are not line-starting markers in its column ("3, 4 dan 5") stays."""
    out = [list(line) for line in lines]
    changed = True
    while changed:
        changed = False
        dots = [(int(m.group(1)), line[0].box[0]) for line in out if len(line) > 1
                and (m := _LIST_DOT.match(line[0].text))]
        for line in out:
            found = _LIST_COMMA.match(line[0].text) if len(line) > 1 else None
            if not found:
                continue
            n, x = int(found.group(1)), line[0].box[0]
            h = float(np.median([w.box[3] for w in line]))
            if any(abs(m - n) == 1 and abs(mx - x) <= h for m, mx in dots):
                line[0] = dataclasses.replace(line[0], text=f"{n}.")
                changed = True
    return out


def _semicolons(image: np.ndarray, lines: list[list[Word]]) -> list[list[Word]]:
    """A line's last word read ending in "," whose mark the image shows as a semicolon
    (``reading.semicolon_at``) ends in ";": the items of a decree's Menimbang/Mengingat lists."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    out = []
    for line in lines:
        at = max(range(len(line)), key=lambda n: line[n].box[0] + line[n].box[2]) if line else 0
        if not line or len(line[at].text) < 2 or line[at].text[-1] != ",":
            out.append(line)
            continue
        last = line[at]
        h = float(np.median([w.box[3] for w in line if sum(ch.isalnum() for ch in w.text) >= 2] or [0]))
        if semicolon_at(grey, last.box, h):
            line = line[:at] + [dataclasses.replace(last, text=last.text[:-1] + ";")] + line[at + 1:]
        out.append(line)
    return out


# A list item's marker: "1.", "12.", "a.", "1)", "(a)". Only lower-case letters: a capital before a dot is
# an initial ("H. Ahmad") as often as a marker, and a box or a ring read alone comes out as "O." or "D.".
_MARKER = re.compile(r"^(?:\(?[0-9]{1,2}[.)]|\(?[a-z][.)])$")
_MARKER_READ = re.compile(r"^(?:\(?[0-9]{1,2}[.),]|\(?[a-z][.)]|\|\.)$")  # as a marker read again may come out
_MARKER_REACH = 3.0  # letter heights left of an item's first word a marker may stand
_MARKER_GAP = 1.2  # letter heights between two words of a line that may hold a marker ("Menimbang : a. bahwa")
_MARKER_CONF = 60.0  # Tesseract's confidence in the marker read again (as sure as a lost line's words must be)
_MARKER_UNSURE = 50.0  # a line's word read under this, short and standing apart, may be a marker misread
_MARKER_MAX = 24  # markers looked for per page at most (bounded cost on a noisy page)


def _lost_markers(image: np.ndarray, lines: list[list[Word]], options: IngestOptions) -> list[list[Word]]:
    """A list's markers the reading lost put back: a piece of ink no word covers (or covered by one
    short word read unsure), left of a line's word where a list item starts (the line's first word, or a
    word after a wide gap: "Menimbang : a. bahwa ..."), the size of a letter or two, standing on the
    line's baseline and clear of ink above and below, is read again together with the item's first word
    (psm 7, one Tesseract process per page; a lone "1." or "a." reads poorly) and kept only when
    Tesseract reads exactly a marker ("1.", "a.", "2)"), surely, followed by the same first word as
    before. Tesseract's layout drops such pieces as noise on low-resolution scans (a column of "1." ...
    "6." before a Tembusan list, a decree's "a." "b." "c."), or reads a column of them as one tall word."""
    h_page = _letter_height(lines)
    if h_page < 8 or not lines:
        return lines
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    # line, the item's first word, a word the marker was misread as, the marker's box, the box read
    spots: list[tuple[int, int, Word | None, tuple[int, int, int, int], tuple[int, int, int, int]]] = []
    unsure = {id(w) for line in lines for w in line if _misread_marker(w, h_page)}
    ink = _ink(grey)
    for line in lines:
        for w in line:
            if id(w) not in unsure:
                x, y, bw, bh = w.box
                ink[max(0, y - 1):y + bh + 1, max(0, x - 1):x + bw + 1] = 0
    for li, line in enumerate(lines):
        ordered = sorted(line, key=lambda w: w.box[0])
        letters = [w for w in ordered if sum(ch.isalnum() for ch in w.text) >= 2 and id(w) not in unsure]
        if not letters:
            continue
        h = float(np.median([w.box[3] for w in letters]))
        base = float(np.median([w.box[1] + w.box[3] for w in letters]))
        kept = [w for w in ordered if id(w) not in unsure]
        for n, w in enumerate(kept):
            if w not in letters or not w.text[0].isalpha():
                continue
            before = kept[n - 1].box[0] + kept[n - 1].box[2] if n else None
            if before is not None and w.box[0] - before < _MARKER_GAP * h:
                continue
            x0 = int(max(w.box[0] - _MARKER_REACH * h, (before or 0) + h / 4))
            piece = _marker_piece(ink, x0, w.box[0] - max(2, int(h / 10)), base, h)
            if piece is None:
                continue
            misread = next((u for u in ordered if id(u) in unsure and u.box[0] < piece[0] + piece[2]
                            and u.box[0] + u.box[2] > piece[0] and u.box[1] < piece[1] + piece[3]
                            and u.box[1] + u.box[3] > piece[1]), None)
            # read with the item's first word: Tesseract reads a lone "1." or "a." poorly, and the word read
            # again as it was read before shows the reading is of this line
            y0 = min(piece[1], w.box[1], int(base - h))
            y1 = max(piece[1] + piece[3], w.box[1] + w.box[3], int(base + h / 4))
            spots.append((li, id(w), misread, piece, (piece[0], y0, w.box[0] + w.box[2] - piece[0], y1 - y0)))
            break  # one marker per line
    if not spots:
        return lines
    spots = spots[:_MARKER_MAX]
    crops = []
    for _, _, _, _, (x, y, bw, bh) in spots:
        pad = int(h_page / 2)
        crop = np.full((bh + 2 * pad, bw + 2 * pad), 255, np.uint8)
        crop[pad:pad + bh, pad:pad + bw] = grey[y:y + bh, x:x + bw]
        crops.append((crop, 7))
    readings = read_crops(crops, options)
    out = [list(line) for line in lines]
    for (li, word_id, misread, box, _), data in zip(spots, readings):
        got = [(str(t).strip(), float(c)) for t, c in zip(data.get("text", ()), data.get("conf", ()))
               if str(t or "").strip()]
        line = out[li]
        at = next(i for i, u in enumerate(line) if id(u) == word_id)
        if (len(got) != 2 or not _MARKER_READ.match(got[0][0]) or got[0][1] < _MARKER_CONF
                or got[1][0] != line[at].text):
            continue
        # a figure's dot read as a comma ("4,"), a serifless "1" as a bar ("|.", made "1." by ``_list_ones``)
        text = got[0][0][:-1] + "." if got[0][0][-1] == "," else got[0][0]
        marker = Word(text, got[0][1], box, line=line[at].line)
        if misread is not None:
            line.remove(misread)
            at = next(i for i, u in enumerate(line) if id(u) == word_id)
        line.insert(at, marker)
    return out


def _misread_marker(w: Word, h: float) -> bool:
    """A word that may be a list marker misread: unsure, of at most three characters, no wider than two letters."""
    if w.text in (".", ","):
        return True  # a marker's dot read alone, its figure lost
    return w.conf < _MARKER_UNSURE and len(w.text) <= 3 and w.box[2] <= 2 * h and not _MARKER.match(w.text)


def _marker_piece(ink: np.ndarray, x0: int, x1: int, base: float, h: float) -> tuple[int, int, int, int] | None:
    """The box of the rightmost piece of ``ink`` (words blanked) between columns ``x0`` and ``x1`` that
    may be a list marker: one or two marks the size of a letter or two, its bottom on the line's
    ``base``line, nothing in the rows just above and below it (a signature or a stamp would reach there)."""
    top, bottom = int(base - 1.4 * h), int(base + 0.4 * h)
    if x1 - x0 < h / 2 or top < 0 or bottom > ink.shape[0]:
        return None
    window = ink[top:bottom, x0:x1]
    cols = np.flatnonzero(window.any(axis=0))
    if cols.size == 0:
        return None
    # the rightmost run of inked columns, gaps under half a letter height joined ("1" and its dot)
    right = int(cols[-1])
    left = right
    for c in cols[::-1]:
        if left - c > h / 2:
            break
        left = int(c)
    if x1 - x0 - 1 - right < h / 8:
        return None  # touching the word: part of it
    rows = np.flatnonzero(window[:, left:right + 1].any(axis=1))
    y0, y1 = top + int(rows[0]), top + int(rows[-1]) + 1
    width, height = right - left + 1, y1 - y0
    if not (0.4 * h <= height <= 1.3 * h and 0.2 * h <= width <= 2.0 * h) or abs(y1 - base) > 0.35 * h:
        return None
    if rows[0] == 0 or rows[-1] == window.shape[0] - 1:
        return None  # ink runs on above or below the line: not a mark of its own
    return x0 + left, y0, width, height


def tesseract_dpi(dpi: int) -> int:
    """The resolution Tesseract is told when a reading is made ``told``: the page's ``dpi`` (render
    resolution, file claim, sheet width of a photo, or the letters' size after ``normalise_resolution``),
    kept within 70..600."""
    return int(min(600, max(70, dpi)))


def holding_places(image: np.ndarray, places: Sequence[tuple[int, int, int, int]]) -> np.ndarray:
    """``image`` with each box in ``places`` (removed marks off the text: a logo, a seal) filled dark,
    as Tesseract is shown it. With the logo whitened, Tesseract's layout analysis of the whole page
    changed: it dropped a column of list markers ("a.", "1.") and the colons after labels far below,
    and read a label column apart from its values (three real letters, 0.5 -> 3.9 %, 0.4 -> 4.7 %,
    13 -> 25 % CER); a solid block in its place is an image region to Tesseract, read as
    nothing, and the layout comes out as with the logo (0.5, 0.3, 12 %). But a block can also
    take text out: on a curled photo a label column and an addressee block under the logo went
    with it; so ``read_page`` reads such a band both ways (``_held_or_bare``) where the held reading
    left a row of letters unread (``_bare_cannot_win``)."""
    if not places:
        return image
    out = image.copy()
    for x, y, w, h in places:
        out[y:y + h, x:x + w] = 0
    return out


def _held_or_bare(held: tuple[list[list[Word]], list[tuple]], bare: tuple[list[list[Word]], list[tuple]],
                  words: frozenset[str]) -> tuple[bool, list[list[Word]], list[tuple]]:
    """The band's reading with the logo's place held, unless the reading without it has clearly
    more dictionary words (``_HELD_LOSS``: the held block took printed lines out of Tesseract's
    layout, as the label column and the Yth. block of a curled photo, 78 -> 96 words). Where the
    held place only mends the layout (list markers, colons, a label column read with its values)
    the two readings differ by a word or two either way, and the held one is kept."""
    def hits(lines: list[list[Word]]) -> int:
        return sum(_in_word_list(w.text, words) for line in lines for w in line)
    kept, other = hits(held[0]), hits(bare[0])
    if other > kept * (1 + _HELD_LOSS[0]) and other - kept >= _HELD_LOSS[1]:
        return False, bare[0], bare[1]
    return True, held[0], held[1]


# (share, words): the reading without the held place wins with more than 10 % more dictionary
# words, and at least 5 more (half a line of a letter), than the reading with it
_HELD_LOSS = (0.10, 5)


def _otsu(image: np.ndarray) -> int:
    """The grey level Tesseract binarises a grey image at for its layout analysis: Otsu's threshold
    of the whole image's histogram (OpenCV's), a pixel at or below it being ink; 127 for an image of
    one grey level, which has no threshold."""
    if image.min() == image.max():
        return 127
    return int(cv2.threshold(image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0])


def _bare_cannot_win(band: np.ndarray, places: Sequence[tuple[int, int, int, int]], held: list[list[Word]],
                     y0: int) -> bool:
    """True when the band's reading with its marks' ``places`` held dark (``held``: its lines, page
    coordinates, ``y0`` the band's top) left no row of printed letters unread, so that the reading
    without them cannot win ``_held_or_bare`` and is not made (it costs a whole band's reading).

    The bare reading wins only with ``_HELD_LOSS[1]`` more dictionary words of three letters or
    more; on 8 of 9 generated pages where it won, they were letters the held reading did not read at
    all: the held block took rows out of Tesseract's layout (a label column, a Kepada block, the
    comments under a post's photos), or moved the grey level Tesseract binarises the page at, so
    that faint print became paper (on the ninth both read every row, the bare one 5 words more, the
    held one closer to the truth; that page now keeps the held reading). Here
    the band's ink is taken at the level Tesseract binarises the band itself at (``_otsu``), and its
    letter-sized pieces (0.4..1.5 of the held reading's letter height) outside the places and away
    from every held word are counted when another such piece stands beside them on their row (print
    comes in rows; a speck, a lone remnant of a mark does not), a wide piece as the letters it spans.
    Fewer than ``_UNREAD_LETTERS`` (one a word the bare reading would need) and the held reading
    stands alone. Colour bands, readings without letters and bands with very many unread pieces
    are read both ways, as before."""
    h = _letter_height(held)
    if band.ndim != 2 or h <= 0:
        return False
    ink = (band <= _otsu(band)).astype(np.uint8)
    for x, y, w, hh in places:
        ink[max(0, y - 2):y + hh + 2, max(0, x - 2):x + w + 2] = 0
    read = np.zeros(band.shape, bool)
    pad = int(_UNREAD_PAD * h)
    for line in held:
        for word in line:
            x, y, w, hh = word.box
            read[max(0, y - y0 - pad):max(0, y - y0 + hh + pad), max(0, x - pad):x + w + pad] = True
    _, _, stats, centres = components(ink)
    stats, centres = stats[1:], centres[1:]
    cx = np.clip(centres[:, 0].astype(int), 0, band.shape[1] - 1)
    cy = np.clip(centres[:, 1].astype(int), 0, band.shape[0] - 1)
    heights = stats[:, cv2.CC_STAT_HEIGHT]
    unread = ((heights >= 0.4 * h) & (heights <= 1.5 * h) & (stats[:, cv2.CC_STAT_AREA] >= 0.05 * h * h)
              & ~read[cy, cx])
    pieces = stats[unread]
    if len(pieces) > _UNREAD_MAX_PIECES:
        return False
    left, width = pieces[:, cv2.CC_STAT_LEFT].astype(float), pieces[:, cv2.CC_STAT_WIDTH].astype(float)
    middle = pieces[:, cv2.CC_STAT_TOP] + pieces[:, cv2.CC_STAT_HEIGHT] / 2.0
    gap = np.maximum(left[None, :] - (left + width)[:, None], left[:, None] - (left + width)[None, :])
    beside = (np.abs(middle[:, None] - middle[None, :]) < 0.5 * h) & (gap < _ROW_GAP * h)
    np.fill_diagonal(beside, False)
    letters = np.maximum(1, np.round(width / (_LETTER_WIDTH * h)))
    return float(letters[beside.any(axis=1)].sum()) < _UNREAD_LETTERS


# a held word's box grown by this share of the letter height still covers a piece of ink
_UNREAD_PAD = 0.3
# two unread pieces stand on one row with at most this gap (letter heights) between them
_ROW_GAP = 1.5
# a letter's width in letter heights (a piece of touching letters counts as this many)
_LETTER_WIDTH = 0.6
# unread letters below which the bare reading cannot win: its _HELD_LOSS[1] more words need that many
# pieces at least. Not 3 letters a word: the count misses letters (a real signature block: a name and
# "NIP. NIP." unread, 5 words of 3 letters, counted as 10 letters)
_UNREAD_LETTERS = _HELD_LOSS[1]
# more unread pieces than this: the band is read both ways without counting them
_UNREAD_MAX_PIECES = 600


def read_page(page: Page, options: IngestOptions, tables: Sequence[tuple[int, int]] = (),
              told: bool = False, second_model: bool = False) -> PageText:
    """OCR one cleaned page: words with boxes, reading-order text, mean confidence and
    the soft flags "blank" and "low_confidence" (shown as "perlu dipindai ulang").

    ``tables`` are bands holding ruled tables (from ``tables.find_tables``), read row by row.
    ``told``: the automatic-layout bands are read with Tesseract told the page's resolution
    (``--dpi``). The pipeline hands Tesseract PGM/PPM files, which carry none, and Tesseract then
    assumes 70 dpi, sizing its noise and layout limits for letters four times smaller than a 300 dpi
    page's. Told, a blurred 72 dpi fax inside a PDF read far better, but a committed sample photo lost
    its label column and letterhead; so the first reading is never told, and the quality gate
    (``quality.keep_better``) reads an unsure page told as one of its candidates.
    ``second_model``: a band in small print (a ruled table or the automatic layout's) that the system's model is
    unsure of is read again by the second model (``_second_model_band``); the pipeline's first reading only, not the
    quality gate's other candidates (read so, a lighter page's cells gained dictionary words and lost the page's right
    words: a generated messenger photo's book list 42.8 -> 50.7 % CER)."""
    started = time.perf_counter()
    lines: list[list[Word]] = []
    keys: list[tuple] = []
    places = mark_places(page.steps)
    word_list = dictionary(options.languages)
    held_bands: list[bool] = []
    grid, _ = recorded_cells(page.steps)
    bands = regions(page.image.shape[0], tables, page.image, int(_CUT_REACH * max(page.dpi, 70)))
    letter = 0.0  # the page's letter height, for the check boxes of its table bands (found when one is read)
    cells_alone = 0  # table cells whose own reading replaced the band's words (``read_cells_alone``)
    by_second = 0  # table bands whose reading by the second model replaced the first's (``_second_model_band``)
    for index, (y0, y1, psm) in enumerate(bands):
        band = page.image[y0:y1]
        if not _has_ink(band):
            continue
        if psm == 6:
            letter = letter or _page_letter_px(page)
            band = _check_boxes_made_paper(band, page.dpi, letter)
        # ruled tables (psm 6) are never told: told, Tesseract kept rule and paraf remnants in the
        # cells as letters (a generated daftar hadir 3.5 -> 11.1 % CER)
        dpi = tesseract_dpi(page.dpi) if told and psm == 3 else 0
        inside = [(x, max(y, y0) - y0, w, min(y + h, y1) - max(y, y0)) for x, y, w, h in places if y < y1 and y + h > y0]
        if inside:
            held_reading = _read_band(holding_places(band, inside), options, psm, dpi, y0, index)
            if _bare_cannot_win(band, inside, held_reading[0], y0):
                held, band_lines, band_keys = True, *held_reading
            else:
                held, band_lines, band_keys = _held_or_bare(
                    held_reading, _read_band(band, options, psm, dpi, y0, index), word_list)
            held_bands.append(held)
        else:
            band_lines, band_keys = _read_band(band, options, psm, dpi, y0, index)
        read = holding_places(band, inside) if inside and held_bands[-1] else band  # the band as Tesseract saw it
        if second_model and _small_print(page):  # small print, unsure: the second model
            band_lines, band_keys, chosen = _second_model_band(read, (band_lines, band_keys), options, y0, index,
                                                               word_list, psm, dpi)
            by_second += chosen
        if psm == 6:  # a ruled table
            # a row whose cells hold several lines read cell by cell
            row_cells = [(x0, c0, x1, c1) for _, x0, c0, x1, c1 in grid if y0 <= (c0 + c1) / 2 < y1]
            own = read_cells_alone(read, band_lines, row_cells, options, y0)
            cells_alone += len(own)
            band_lines, band_keys = cell_rows(band_lines, band_keys, row_cells, own)
        lines += band_lines
        keys += band_keys
    lines = _read_unsure_again(page.image, lines, options)
    lines = _read_marked_again(page.image, lines, options)
    lines, keys = _drop_garbage(lines, keys, page.image, word_list)
    lines, keys = _drop_mark_lines(lines, keys, word_list)
    lines, keys, pen = _drop_handwriting(page.image, lines, keys)
    lines = _list_commas(_list_ones(_semicolons(page.image, _lost_markers(page.image, lines, options))))
    text, words = _assemble(lines, keys)
    confidence = float(np.mean([w.conf for w in words])) if words else 0.0
    flags = list(page.flags)
    if sum(ch.isalnum() for ch in text) < _BLANK_MIN_CHARS:
        flags.append("blank")
    elif confidence < options.low_confidence:
        flags.append("low_confidence")
    record = StageRecord("ocr", (time.perf_counter() - started) * 1000,
                         {"words": len(words), "confidence": round(confidence, 1), "languages": options.languages,
                          **({"dpi": tesseract_dpi(page.dpi)} if told else {}),
                          **({"places_held": held_bands} if held_bands else {}),
                          **({"handwriting_words": pen} if pen else {}),
                          **({"cells_read_alone": cells_alone} if cells_alone else {}),
                          **({"second_model_bands": by_second} if by_second else {}),
                          "regions": len(bands)})
    h, w = page.image.shape[:2]
    return PageText(number=page.number, text=text, words=tuple(words), confidence=confidence, width=w, height=h,
                    rotation=page.rotation, skew_degrees=page.skew_degrees, flattened=page.flattened,
                    flags=tuple(dict.fromkeys(flags)), steps=page.steps + (record,))


_CELL_INSET = 4  # pixels inside a cell's rules: its crop holds no rule
_CELL_PAD = 12
_CELL_SMALL = 20.0  # pixels: a cell whose words are boxed lower than this is read twice enlarged
_CELL_LINE = 2.2  # word heights: a cell lower than this is read as one line (psm 7), else as a block
_CELL_MARGIN = 10.0  # the cell's own reading with more letters wins unless this much less sure
_CELL_SURE = 60.0  # mean confidence under which a cell's own reading replaces nothing
_CELL_CROSS = 0.5  # word heights a word of the cell may reach beyond its side rules (else the rules cut words)
_CELL_SIGNS = frozenset("-\u2013\u2014/&:")  # signs kept alone in a cell's reading ("6 - 17 Februari", "Sifat :")


def read_cells_alone(band: np.ndarray, lines: list[list[Word]], cells: Sequence[tuple[int, int, int, int]],
                     options: IngestOptions, dy: int = 0) -> dict[int, list[Word]]:
    """The cells of a ruled table band's uneven rows read each on its own crop, where that reading wins.

    Tesseract reads a table band (psm 6) as one block of lines straight across. Where a row's cells
    are not level with each other (``reading.cells_read_apart``: a hotel's two lines centred beside
    three lines of dates), it takes one cell's line and the neighbour's line half a line lower for
    one text line and misreads the lower one's letters ("Hotel Lumi Jambi d sal ng art e Tamu" for
    "Hotel Luminor Jambi" over "Jl. Mpu Gandring ..."). Each cell of such a row is read alone, unless a
    word of it read sure runs ``_CELL_CROSS`` heights past its side rules (a grid found over running text, whose
    crop would cut words: "Pasal" read "asal")
    (padded, one line or a block by its height, in one Tesseract process for them all); its reading
    wins (``_cell_reading_wins``) where it is sure enough, and surer than the band's words in the
    cell, or holds more letters and digits and is at most ``_CELL_MARGIN`` less sure: the rule
    ``cells.read_cells`` keeps for the words of a cell. Returns cell index -> its words (page
    coordinates), for ``reading.cell_rows`` to put in the row in place of the band's words.
    ``cells`` and the words are in page coordinates; ``band`` starts at page y ``dy``."""
    apart = cells_read_apart(lines, list(cells))
    if not apart:
        return {}
    height = float(np.median([w.box[3] for line in lines for w in line]))
    scale = 2.0 if height < _CELL_SMALL else 1.0
    crops: list[tuple[np.ndarray, int]] = []
    origins: list[tuple[int, int]] = []
    for k in apart:
        x0, y0, x1, y1 = cells[k]
        if any(_centre_in(w, cells[k]) and w.conf >= _CELL_SURE and sum(ch.isalnum() for ch in w.text) >= 2
               and (w.box[0] < x0 - _CELL_CROSS * height or w.box[0] + w.box[2] > x1 + _CELL_CROSS * height)
               for line in lines for w in line):
            continue  # words run across the cell's rules: no cell of a ruled table (a false grid over running text)
        crop = band[max(0, y0 - dy + _CELL_INSET):max(0, y1 - dy - _CELL_INSET), x0 + _CELL_INSET:x1 - _CELL_INSET]
        if crop.size == 0 or not _has_ink(crop):
            continue
        if scale != 1.0:
            crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        pad = int(_CELL_PAD * scale)
        crop = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
        crops.append((crop, 7 if y1 - y0 - 2 * _CELL_INSET < _CELL_LINE * height else 6))
        origins.append((k, pad))
    own: dict[int, list[Word]] = {}
    for (k, pad), data in zip(origins, read_crops(crops, options) if crops else []):
        x0, y0 = cells[k][0] + _CELL_INSET - int(pad / scale), cells[k][1] + _CELL_INSET - int(pad / scale)
        again = [w for w in crop_words(data, x0, y0, scale)
                 if any(ch.isalnum() for ch in w.text) or w.text in _CELL_SIGNS]
        mine = [w for line in lines for w in line if _centre_in(w, cells[k])]
        if _cell_reading_wins(again, mine):
            own[k] = again
    return own


def _centre_in(w: Word, cell: tuple[int, int, int, int]) -> bool:
    cx, cy = w.box[0] + w.box[2] / 2, w.box[1] + w.box[3] / 2
    return cell[0] <= cx < cell[2] and cell[1] <= cy < cell[3]


def _cell_reading_wins(again: list[Word], mine: list[Word]) -> bool:
    """Whether a cell's own reading (``again``) replaces the band's words in it (``mine``): it holds a
    letter or digit, is ``_CELL_SURE`` sure at least (two garbled readings of a mark: the band's stays,
    for the garbage filters), and is surer, or fuller and at most ``_CELL_MARGIN`` less sure; the band's
    words count as no fuller where they read the same ink twice (``_read_twice``)."""
    def alnum(ws: list[Word]) -> int:
        return sum(ch.isalnum() for w in ws for ch in w.text)

    def sure(ws: list[Word]) -> float:
        return float(np.mean([w.conf for w in ws if any(ch.isalnum() for ch in w.text)] or [0.0]))

    if not alnum(again) or sure(again) < _CELL_SURE:
        return False
    fuller = alnum(again) > alnum(mine) or _read_twice(mine)
    return not mine or sure(again) > sure(mine) or fuller and sure(again) >= sure(mine) - _CELL_MARGIN


_TWICE = 0.5  # two words' boxes overlapping this share of the smaller one's width and height: the same ink


def _read_twice(words: list[Word]) -> bool:
    """Whether two of a cell's ``words`` (letters or digits in both) lie over each other (``_TWICE`` of the
    smaller box each way): the band read the same ink twice, on two of its text lines ("Diteri" and
    "iterimatanggal" over one "Diterima tanggal"), and its letters count double. Geometry only."""
    boxes = [w.box for w in words if any(ch.isalnum() for ch in w.text)]
    for n, (ax, ay, aw, ah) in enumerate(boxes):
        for bx, by, bw, bh in boxes[n + 1:]:
            across = min(ax + aw, bx + bw) - max(ax, bx)
            down = min(ay + ah, by + bh) - max(ay, by)
            if across >= _TWICE * min(aw, bw) and down >= _TWICE * min(ah, bh):
                return True
    return False


def _page_letter_px(page: Page) -> float:
    """The page's letter height in pixels: ``normalise_resolution``'s measure (times its factor), else
    measured on the page (``resolution.letter_height``)."""
    for step in reversed(page.steps):
        if step.stage == "normalise_resolution" and step.details.get("letter_px"):
            return float(step.details["letter_px"]) * float(step.details.get("factor", 1.0))
    return letter_height(page.image) if page.image.ndim == 2 else 0.0


def _check_boxes_made_paper(band: np.ndarray, dpi: int, letter: float) -> np.ndarray:
    """A ruled table's band with its empty check boxes (``tables.check_box_outlines``: hollow squares
    taller than the letters beside them, "[ ] DIKETAHUI" in a lembar disposisi) made paper. Read with
    them, Tesseract sizes the row's letters by the box: the item's capitals become small letters
    ("DITINDAKLANJUTI" read "omwoartanyuti") and the box a bracket. Only boxes ``_BOX_LETTERS`` of the
    page's ``letter`` height tall or more (on a low-resolution page a capital "D" before small letters
    passes for a box). The page is not changed (erased there, boxes moved the layout of the bands
    around them); only the image Tesseract reads."""
    if band.ndim != 2 or letter <= 0:
        return band
    ink = (band < 128).astype(np.uint8)
    boxes = [b for b in check_box_outlines(ink, dpi) if b[3] >= _BOX_LETTERS * letter]
    return boxes_made_paper(band, ink, boxes, _BOX_TICK) if boxes else band


def _read_band(band: np.ndarray, options: IngestOptions, psm: int, dpi: int, y0: int, index: int
               ) -> tuple[list[list[Word]], list[tuple]]:
    """One region of the page read by Tesseract (told ``dpi`` unless 0): its lines (page coordinates) and their keys."""
    data = _image_data(band, options.languages, psm, options.ocr_timeout_s, options.tesseract == "library", dpi)
    _, band_lines, band_keys = _words_and_lines(data, dy=y0, region=index)
    if psm == 3:
        band_lines, band_keys = read_lost_lines(band, band_lines, band_keys, options, dy=y0, region=index)
        band_lines, band_keys = arrange(band, band_lines, band_keys, y0)
    return band_lines, band_keys


# A ruled table in small print on a blurred, compressed photo (letters 9-14 px before ``normalise_resolution``
# enlarged them, motion blur of 1-1.5 px, JPEG ~50): the system's model (tessdata_fast) garbles it letter by letter
# ("Petuahwngan di Sempol Barito" for "Petualangan di Sungai Barito"), and the second model (tessdata_best's LSTM,
# ``witness_model``) reads far more of it. The band is read again by that model only when the page's letters were
# small (the page was enlarged) and the first reading is unsure; its reading is kept only when it holds clearly more
# words of the word list and is no less sure (bench/README.md, tables37). A letter's print so photographed is read
# again alike: the automatic-layout band (psm 3), at its own size (a generated messenger photo's letter, 4601 doc0003,
# 26.1 -> 13.1 % page CER; read whole at 0.8 of its size, the second model did no better than the first; letters38).
_SECOND_MODEL_UNSURE = 65.0  # mean word confidence of the band's first reading under which it is read again
_SECOND_MODEL_GAIN = (0.10, 5)  # (share, words): the second reading's more dictionary words, at least both
_SECOND_MODEL_SURE = 3.0  # its mean confidence may be at most this much lower than the first reading's
# ...a table's; a letter's band (psm 3) must be no less sure at all: read 1.5 less sure with 9 more dictionary words,
# a messenger letter (3801 doc0031) read 21.2 -> 21.8 % (letters38)
_SECOND_MODEL_SURE_LETTER = 0.0
_SECOND_MODEL_SURER = 5.0  # ...or, with no fewer dictionary words, it wins by being this much surer
# The band is read by the second model at this share of its size: on the enlarged page (letters ~28 px, the size
# the system's model reads best) tessdata_best read more of each of the three generated tables measured at 0.8
# (letters ~22 px) than at 1.0 (80 -> 90, 136 -> 146, 82 -> 83 printed words; at 0.65 and 0.5 no better)
_SECOND_MODEL_SCALE = 0.8


def _small_print(page: Page) -> bool:
    """Whether ``normalise_resolution`` enlarged the page: its letters were small (under ``UPSCALE_BELOW_PX``)."""
    for step in reversed(page.steps):
        if step.stage == "normalise_resolution":
            return float(step.details.get("factor", 1.0)) > 1.0
    return False


def _second_model_band(band: np.ndarray, first: tuple[list[list[Word]], list[tuple]], options: IngestOptions,
                       y0: int, index: int, words: frozenset[str], psm: int = 6, dpi: int = 0
                       ) -> tuple[list[list[Word]], list[tuple], int]:
    """A band's lines and keys: the first reading's, or the second model's reading of ``band`` when the first
    is unsure (``_SECOND_MODEL_UNSURE``) and the second, with no fewer words of the word list and about as sure
    (``_SECOND_MODEL_SURE``; a letter's band no less sure, ``_SECOND_MODEL_SURE_LETTER``), holds clearly more of them (``_SECOND_MODEL_GAIN``) or is clearly surer
    (``_SECOND_MODEL_SURER``); the last value is 1 when the second reading was kept. Nothing changes without the second
    model or when Tesseract fails on it (logged). A ruled table (``psm`` 6) is read at ``_SECOND_MODEL_SCALE`` of its
    size; a band of the automatic layout (``psm`` 3, told ``dpi`` unless 0) at its own size, its lost lines and
    reading order then worked out as for the first reading (``_read_band``)."""
    folder = witness_model(options)
    mine = [w for line in first[0] for w in line]
    if folder is None or not mine or _mean_conf(mine) >= _SECOND_MODEL_UNSURE:
        return first[0], first[1], 0
    scale = _SECOND_MODEL_SCALE if psm == 6 else 1.0
    smaller = cv2.resize(band, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale != 1.0 else band
    try:
        data = _image_data(smaller, options.languages, psm, options.ocr_timeout_s, options.tesseract == "library",
                           dpi, datapath=folder)
    except BurtError as exc:
        log.warning("second Tesseract model failed on a band (%s): the band keeps the first reading", exc)
        return first[0], first[1], 0
    _, lines, keys = _words_and_lines(data, region=index)
    lines = [[dataclasses.replace(w, box=(round(w.box[0] / scale), round(w.box[1] / scale) + y0,
                                          max(1, round(w.box[2] / scale)), max(1, round(w.box[3] / scale))))
              for w in line] for line in lines]
    if psm == 3:
        lines, keys = read_lost_lines(band, lines, keys, options, dy=y0, region=index)
        lines, keys = arrange(band, lines, keys, y0)
    theirs = [w for line in lines for w in line]
    kept = sum(_in_word_list(w.text, words) for w in mine)
    other = sum(_in_word_list(w.text, words) for w in theirs)
    share, least = _SECOND_MODEL_GAIN
    more_words = other > kept * (1 + share) and other - kept >= least
    surer = _mean_conf(theirs) - _mean_conf(mine)
    least_sure = _SECOND_MODEL_SURE if psm == 6 else _SECOND_MODEL_SURE_LETTER
    if theirs and other >= kept and surer >= -least_sure and (more_words or surer >= _SECOND_MODEL_SURER):
        return lines, keys, 1
    return first[0], first[1], 0


def _mean_conf(words: Sequence[Word]) -> float:
    return float(np.mean([w.conf for w in words])) if words else 0.0


def arrange(band: np.ndarray, lines: list[list[Word]], keys: list[tuple], dy: int = 0
            ) -> tuple[list[list[Word]], list[tuple]]:
    """An automatic-layout band's lines in reading order: a label column joined to its values, rows
    read across, lone colons put back (``band`` is the grey image they were read from, page y minus
    ``dy``). Colons are looked for twice: in the lines as Tesseract read them, and again in the rows,
    where a label and its value read as lines of their own stand side by side only now (a label
    column left alone because one label has no value: "Lampiran : -" with its dash taken for dust,
    and "Nomor", "Sifat", "Perihal" lost their colons; a real invitation). Blocks side by side are
    read one after the other: an addressee beside the number block (``right_blocks``), two
    signature blocks (``signer_blocks``), two columns of labelled entries (``entry_columns``)."""
    lines, keys = label_column(lines, keys)
    lines = lone_colons(band, lines, dy=dy)
    lines, keys = entry_columns(*signer_blocks(*right_blocks(*reading_rows(lines, keys))))
    return lone_colons(band, lines, dy=dy), keys


def _tessdata_dir() -> str | None:
    """The folder Tesseract loads its models from (from ``tesseract --list-langs``)."""
    try:
        listing = subprocess.run([pytesseract.pytesseract.tesseract_cmd, "--list-langs"], capture_output=True,
                                 text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("tesseract --list-langs failed: %s", exc)
        return None
    found = re.search(r'"([^"]+)"', listing.stdout + listing.stderr)
    return found.group(1) if found else None


@functools.lru_cache(maxsize=4)
def dictionary(languages: str) -> frozenset[str]:
    """The word list inside the installed Tesseract models of ``languages`` ("ind", "ind+eng"),
    lower-cased; empty when the model or Tesseract's training tools (``combine_tessdata``,
    ``dawg2wordlist``, shipped with tesseract-ocr) are not there. Read once per process (~0.2 s)."""
    tessdata = _tessdata_dir()
    combine, dawg2words = shutil.which("combine_tessdata"), shutil.which("dawg2wordlist")
    if not tessdata or not combine or not dawg2words:
        log.warning("no Tesseract word list for %s (tessdata %s, tools %s, %s)", languages, tessdata, combine, dawg2words)
        return frozenset()
    out: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="burt-dict-") as tmp:
        for lang in filter(None, languages.split("+")):
            model = os.path.join(tessdata, f"{lang}.traineddata")
            prefix = os.path.join(tmp, lang + ".")
            listed = os.path.join(tmp, lang + ".words")
            try:
                subprocess.run([combine, "-u", model, prefix], capture_output=True, timeout=60, check=True)
                subprocess.run([dawg2words, prefix + "lstm-unicharset", prefix + "lstm-word-dawg", listed],
                               capture_output=True, timeout=60, check=True)
                with open(listed, encoding="utf-8", errors="replace") as fh:
                    out.update(line.strip().lower() for line in fh if line.strip())
            except (OSError, subprocess.SubprocessError) as exc:
                log.warning("word list of %s unreadable: %s", lang, exc)
    return frozenset(out)


def witness_model(options: IngestOptions) -> str | None:
    """The folder of the second model of the language (tessdata_best's LSTM, ``IngestOptions.witness_tessdata``)
    when it holds a model of every one of ``options.languages``; None otherwise (said once per process and folder
    in the log: the pipeline reads on without it). Field re-reading's witness (``fieldread``) and the second
    reading of a small, unsure table (``_second_model_band``) read with it."""
    folder = options.witness_tessdata
    return folder if folder and _models_present(folder, options.languages) else None


@functools.lru_cache(maxsize=8)
def _models_present(folder: str, languages: str) -> bool:
    """Whether ``folder`` holds a model of each of ``languages``: looked at once per process (every row re-read
    asks), and a missing one said once in the log."""
    missing = [lang for lang in languages.split("+") if not (Path(folder) / f"{lang}.traineddata").is_file()]
    if missing:
        log.warning("second Tesseract model not found in %s (%s): the pipeline reads on without it "
                    "(make install unpacks it)", folder, ", ".join(f"{m}.traineddata" for m in missing))
    return not missing


def read_crops(crops: Sequence[tuple[np.ndarray, int]], options: IngestOptions) -> list[dict]:
    """Tesseract's word data (``image_to_data``'s dict) for each ``(image, psm)`` of ``crops``, in
    their order, from one Tesseract process per page segmentation mode: the crops are handed to it
    as a list of image files, each read as a page of its own, exactly as one call per crop reads it.
    Starting Tesseract and loading its model costs ~0.06 CPU-s, more than reading a table cell or a
    text line; a page with 18 cells read again started 18 processes (bench/README.md, issue 13 speed)."""
    out: list[dict] = [{} for _ in crops]
    by_psm: dict[int, list[int]] = {}
    for i, (_, psm) in enumerate(crops):
        by_psm.setdefault(psm, []).append(i)
    for psm, indices in by_psm.items():
        if options.tesseract == "library":  # one engine reads them all; page_num as in the command's list
            for n, i in enumerate(indices):
                out[i] = _image_data(crops[i][0], options.languages, psm, options.ocr_timeout_s, True,
                                     page=n if len(indices) > 1 else 0)
            continue
        if len(indices) == 1:
            out[indices[0]] = _call(pytesseract.image_to_data, crops[indices[0]][0], lang=options.languages,
                                    config=f"--psm {psm}", output_type=Output.DICT, timeout=options.ocr_timeout_s)
            continue
        with tempfile.TemporaryDirectory(prefix="burt-crops-") as tmp:
            names = []
            for n, i in enumerate(indices):
                picture = _netpbm(crops[i][0])  # the pixels a single call would hand over
                names.append(os.path.join(tmp, f"crop-{n:04d}.{'ppm' if picture.mode == 'RGB' else 'pgm'}"))
                picture.save(names[-1], format="PPM")
            listing = os.path.join(tmp, "crops.txt")
            with open(listing, "w", encoding="utf-8") as fh:
                fh.write("\n".join(names) + "\n")
            data = _call(pytesseract.image_to_data, listing, lang=options.languages, config=f"--psm {psm}",
                         output_type=Output.DICT, timeout=options.ocr_timeout_s)
        for n, i in enumerate(indices):
            rows = [r for r, page in enumerate(data.get("page_num", ())) if int(page) == n + 1]
            out[i] = {key: [values[r] for r in rows] for key, values in data.items()}
    return out


def crop_words(data: dict, dx: int = 0, dy: int = 0, scale: float = 1.0) -> list[Word]:
    """The words of a crop's Tesseract data, boxes mapped back to page coordinates: divided by
    ``scale`` (the crop was enlarged by it), then shifted by ``(dx, dy)``."""
    words, _, _ = _words_and_lines(data)
    return [Word(text=w.text, conf=w.conf,
                 box=(int(w.box[0] / scale) + dx, int(w.box[1] / scale) + dy,
                      max(1, int(w.box[2] / scale)), max(1, int(w.box[3] / scale))), line=w.line)
            for w in words]


def read_lines_by_models(images: Iterable[np.ndarray], options: IngestOptions, witness: str | None
                         ) -> Iterator[tuple[bool, str]]:
    """Each of ``images`` (one text line each, already enlarged and binarised) read as one line (psm 7) by the
    system's model and then, when ``witness`` names the second model's folder, by that model: ``(by_witness, text)``
    for each reading, in that order. A ``BurtError`` of Tesseract stops the iteration where it happened; the
    readings yielded before it stand (the callers keep them)."""
    for image in images:
        yield False, " ".join(w.text for w in read_crop(image, options, psm=7))
        if witness is not None:
            yield True, " ".join(w.text for w in read_crop(image, options, psm=7, datapath=witness))


def read_crop(image: np.ndarray, options: IngestOptions, psm: int, dx: int = 0, dy: int = 0,
              scale: float = 1.0, datapath: str | None = None) -> list[Word]:
    """The words of a small crop (a table cell) read on their own in page segmentation mode
    ``psm`` (7: one line, 6: a block), boxes mapped back to page coordinates: divided by
    ``scale`` (the crop was enlarged by it), then shifted by ``(dx, dy)``. ``datapath``: the folder of
    another model to read it with (``IngestOptions.witness_tessdata``; None: the system's)."""
    data = _image_data(image, options.languages, psm, options.ocr_timeout_s, options.tesseract == "library",
                       datapath=datapath)
    return crop_words(data, dx, dy, scale)



# one timestep of Tesseract's LSTM output: each character it weighs there with its probability ("" = no character)
Timestep = dict[str, float]
_WORD_SPAN = re.compile(r"<span class='ocrx_word'")
_TIMESTEP = re.compile(r"id='timestep")
_CHOICE = re.compile(r"x_confs (\d+(?:\.\d+)?)'>([^<]*)<")


def read_lattice(image: np.ndarray, options: IngestOptions, psm: int = 7) -> list[tuple[str, list[Timestep]]]:
    """A line read once with the LSTM's own alternatives kept: per word, its text and, per timestep of the
    network's output, the characters it weighed there with their probabilities (0..1; "" is the blank
    between characters). Tesseract 5 writes them in hOCR with ``lstm_choice_mode=1``; characters below
    ~1 % are left out by Tesseract. One Tesseract call, like ``read_crop``."""
    hocr = _call(pytesseract.image_to_pdf_or_hocr, image, lang=options.languages, extension="hocr",
                 config=f"--psm {psm} -c lstm_choice_mode=1 -c hocr_char_boxes=1", timeout=options.ocr_timeout_s)
    text = hocr.decode("utf-8", errors="replace") if isinstance(hocr, bytes) else str(hocr)
    words: list[tuple[str, list[Timestep]]] = []
    for part in _WORD_SPAN.split(text)[1:]:
        top = "".join(html.unescape(m) for m in re.findall(r"x_conf [\d.]+'>([^<]*)<", part))
        steps = [{html.unescape(m.group(2)): float(m.group(1)) / 100 for m in _CHOICE.finditer(step)}
                 for step in _TIMESTEP.split(part)[1:]]
        words.append((top, steps))
    return words
