"""A number broken after a slash onto the next line, settled by the re-readings of its first piece.

``metadata`` puts such a number together from the row and the next line's rest (``nomor.slash_wrapped``) and
empties it when Tesseract doubts one of its words: the number's row is re-read (``fieldread``), but every
re-reading sees only its first piece, so no rule there puts the number together. Tesseract's word confidence on
such long pieces is low even on clean print (48-84 on clean renders), as it is where a letter was misread
("Dispersip-BIg" at 78), so it cannot tell the two apart; the re-readings can. The number is taken back when
the re-readings of its row read the piece as the page did, with enough of them and none reading it otherwise.

On a degraded capture the page reading rarely gives the two pieces in order, or doubts one of them: the row under
the first piece is then read on its own too (``read_rest``), and the number put together from both rows' readings
(``wrapped_by_rows``), each piece agreed by enough readings and the whole checked against the letter's date.
Where each reading of the first piece damages another part of it, so that hardly two give it alike, the piece is
voted segment by segment (``nomorsegments``) and the number taken low.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from .calibration import emptied_value
from .errors import BurtError
from .metadata import SLASH_JOINED
from .model import Field, Word
from .nomor import ROMAN_MONTHS, check_nomor, normalise_nomor
from .nomorsegments import voted_segments
from .ocr import read_lines_by_models
from .options import IngestOptions

log = logging.getLogger(__name__)

PIECE_READINGS = 3  # re-readings of the row, at least, that read its first piece as the page did
PIECE_CONFIDENCE = 0.8  # the number taken back: agreed, not checked at the seam by a second line's reading
SETTLED = "potongan pertama nomor dibaca ulang sama oleh {n} bacaan baris"


def _piece(value: str) -> str:
    """A reading's number piece, spaces dropped ("000.4.6.3/ 65/Bid.LPP/" -> "000.4.6.3/65/Bid.LPP/")."""
    return re.sub(r"\s+", "", value)


def settled_by_pieces(got: Field, pieces: Iterable[str | None]) -> Field | None:
    """The number ``got`` (emptied by ``metadata`` as unsure, put together after a slash) taken back, when at
    least ``PIECE_READINGS`` of ``pieces`` (the number values of the row's re-readings, ``fieldread.row_value``)
    are its first piece as the page read it, and none is another piece of the same row ending at a slash; None
    otherwise."""
    value = emptied_value(got)
    if got.present or value is None or SLASH_JOINED not in got.reason:
        return None  # ``pieces`` is read only past this point: the callers pass the readings lazily
    cut = [_piece(p) for p in pieces if p and _piece(p).endswith("/")]
    agree = [p for p in cut if value.startswith(p) and len(p) < len(value)]
    if len(agree) < PIECE_READINGS or len(set(agree)) != 1 or len(cut) != len(agree):
        return None
    return Field(value, PIECE_CONFIDENCE, f"{got.reason.split(': ', 1)[-1]}; {SETTLED.format(n=len(agree))}")


# ---------------------------------------------------------------- the rest of the number, read on the row below

# On a degraded capture the page reading rarely gives a wrapped number's two pieces in order: a blank line between
# them, the rest read before the row or after the other column's words, or a piece doubted that no reading of the
# number's row can settle (it holds only the first piece). The row below the first piece, in the number's column
# only (up to the addressee block beside it), is read on its own under the field re-reader's binarisations and
# both models (``read_rest``); the two pieces are then settled each by the readings' agreement
# (``wrapped_by_rows``), the whole number checked against the letter's date, and shown to a clerk.
REST = "rest"  # the key of the rest's readings in a page's "fieldread" record
REST_SPAN = (0.8, 3.2)  # the row below: its centre this many letter heights under the number row's, at most
REST_PITCH = 1.45  # ... and, when the page reading has no word there, this many under it (single spacing)
REST_HALF = 0.8  # the crop reaches this many letter heights either side of the rest row's centre
REST_VARIANTS = ((1.0, "grey"), (1.0, "otsu"), (1.4, "grey"), (1.0, "local"), (0.0, "grey"))
PIECE_AGREE = 4  # readings of a piece, at least, that give the number the vote takes
PIECE_RIVALS = 1  # readings giving another number that passes the letter's checks, at most
WRAPPED_CONFIDENCE = 0.6  # put together from two rows' readings: shown to a clerk
WRAPPED_ROWS = "nomor dipenggal sesudah garis miring, kedua baris dibaca ulang: {a} dan {b} bacaan sepakat"
WRAPPED_REVIEW = "nomor: dipenggal ke baris berikutnya, disambung dari bacaan ulang kedua baris — periksa"
# the rest: segments each ending with a '/' (a '!' or '|' may stand for a stroke of its Roman month), then the year
_REST = re.compile(r"(?:[0-9A-Za-z.\-!|]+/)*(?:19|20)\d\d")
_MONTH_STROKES = re.compile(r"[IVXl1!|]+")  # a Roman month whose strokes were read as figures ("11" for "II")
_PIECE = re.compile(r"[0-9OIl][^/\s]*/(?:[^/\s]+/)+")  # a number's first piece: segments each ending with a '/'


def _centre(w: Word) -> float:
    return w.box[1] + w.box[3] / 2


def rest_band(line: Sequence[Word], words: Sequence[Word]) -> tuple[int, int, int, int, float] | None:
    """Where the rest of a number broken after a slash stands: ``(x0, y0, x1, y1, letter height)`` of the row under
    the number's first piece on the number row ``line`` (the page's words ``words`` at its height, right of its
    label, find the piece where the page reading split the row), from the piece's left edge up to the next column's
    first word (the addressee block) or a letter height past the piece; None when the row holds no piece ending at
    a '/' (a number read whole, or none)."""
    alnum = [w for w in line if sum(ch.isalnum() for ch in w.text) >= 2] or list(line)
    if not alnum:
        return None
    h = float(np.median([w.box[3] for w in alnum]))
    centre = float(np.median([_centre(w) for w in alnum]))
    row = sorted((w for w in words if abs(_centre(w) - centre) < 0.5 * h and w.box[0] >= line[0].box[0]),
                 key=lambda w: w.box[0])
    start = next((i for i, w in enumerate(row) if "/" in w.text and re.search(r"\d", w.text)), None)
    if start is None:
        return None
    end = start
    while end + 1 < len(row) and "/" in row[end + 1].text:
        end += 1
    piece = row[start:end + 1]
    if not _PIECE.search("".join(w.text for w in piece)) or not piece[-1].text.endswith("/") \
            or re.search(r"(?:19|20)\d\d", "".join(w.text for w in piece)):
        return None
    x0 = piece[0].box[0]
    after = row[end + 1:]
    x1 = after[0].box[0] - 0.3 * h if after else piece[-1].box[0] + piece[-1].box[2] + h
    below = [w for w in words if REST_SPAN[0] * h < _centre(w) - centre < REST_SPAN[1] * h
             and abs(w.box[0] - x0) < 1.5 * h and sum(ch.isalnum() for ch in w.text) >= 2]
    middle = min((_centre(w) for w in below), default=centre + REST_PITCH * h)
    if any(abs(_centre(w) - middle) < 0.5 * h and w.box[0] + w.box[2] < x0 and sum(ch.isalnum() for ch in w.text) >= 2
           for w in words):
        return None  # a label stands left of the row below: a row of its own ("NOMOR : 80/Sek/…"), not the rest
    return int(x0 - 0.5 * h), int(middle - REST_HALF * h), int(x1), int(middle + REST_HALF * h), h


def read_rest(grey: np.ndarray, line: Sequence[Word], words: Sequence[Word], options: IngestOptions,
              images: Callable[[np.ndarray, float, Sequence[tuple[float, str]]], list[np.ndarray]],
              witness: str | None, target_px: float) -> dict | None:
    """The row under a number broken after a slash (``rest_band``), read under ``REST_VARIANTS`` (``images``: the
    field re-reader's binarisations) by the page's model and the ``witness`` model's folder: the record of its
    readings (the page's own words there first); None when ``line`` holds no such number."""
    band = rest_band(line, words)
    if band is None:
        return None
    x0, y0, x1, y1, h = band
    crop = grey[max(0, y0):min(grey.shape[0], y1), max(0, x0):min(grey.shape[1], x1)]
    if crop.size == 0 or min(crop.shape[:2]) < 4:
        return None
    factor = min(4.0, max(1.0, target_px / max(h, 1.0)))
    on_page = sorted((w for w in words if y0 <= _centre(w) <= y1 and x0 <= w.box[0] < x1), key=lambda w: w.box[0])
    readings: list[str] = []
    witnessed: list[str] = []
    try:
        for by_witness, text in read_lines_by_models(images(crop, factor, REST_VARIANTS), options, witness):
            (witnessed if by_witness else readings).append(text)
    except BurtError as exc:
        log.warning("the row under a wrapped number could not be read (%s): the number stays as it was", exc)
    return {"page_line": " ".join(w.text for w in on_page), "readings": readings, "witness": witnessed,
            "box": [x0, y0, x1, y1]}


def _rest_value(reading: str) -> str | None:
    """The number's rest in one reading of the row under it: its first word, when that is the rest of a number
    ending in its year ("2024", "DISPERSIP/III/2024"); None otherwise (the reading gives none)."""
    first = (reading.split() or [""])[0].lstrip(":;.,|").rstrip(".,;")
    if not _REST.fullmatch(first) or any(re.search(r"\d", part) and not _MONTH_STROKES.fullmatch(part)
                                          for part in first.split("/")[:-1]):
        return None  # figures before the year: a number of its own (the next row's), not the rest of one
    return first


def _month_refuted(value: str, winner: str, letter_iso: str) -> bool:
    """Whether ``value`` differs from ``winner`` only in its Roman month segment and that month is not the letter's:
    the letter's date settles the month, such a reading is no rival."""
    ours, theirs = winner.split("/"), value.split("/")
    if len(ours) != len(theirs):
        return False
    differ = [k for k, (a, b) in enumerate(zip(ours, theirs)) if a != b]
    return len(differ) == 1 and theirs[differ[0]] in ROMAN_MONTHS \
        and any("bulan nomor" in p for p in check_nomor(value, letter_iso))


def _settled(values: Sequence[str], letter_iso: str) -> tuple[str, int] | None:
    """The number most of ``values`` (whole numbers, each one reading's) give, with its votes: at least
    ``PIECE_AGREE``, and at most ``PIECE_RIVALS`` readings giving another number the letter's month does not
    refute; None otherwise."""
    counts = Counter(values)
    if not counts:
        return None
    (winner, votes), *_ = counts.most_common()
    rivals = sum(n for v, n in counts.items() if v != winner and not _month_refuted(v, winner, letter_iso))
    if votes < PIECE_AGREE or rivals > PIECE_RIVALS or sum(1 for v in counts if counts[v] == votes) > 1:
        return None
    return winner, votes


def _whole(piece: str, rest: str) -> str | None:
    value, _ = normalise_nomor(piece + rest)
    return value if value is not None and re.search(r"/(?:19|20)\d\d$", value) else None


def wrapped_by_rows(nomor: Field, row_values: Iterable[str | None], rests: Sequence[dict],
                    tanggal: Field) -> Field | None:
    """A number broken after a slash that the page reading left empty (``nomor``), put together from the readings
    of its row (``row_values``: the number part of each, ``fieldread.row_value``) and of the row under its first
    piece (``rests``, ``read_rest``): each piece is the one enough readings give and hardly any contradicts
    (``_settled``, each reading judged as the whole number it makes with the other piece's choice), and the whole
    number passes ``check_nomor`` against the letter's date; None otherwise (and without a date)."""
    if nomor.present or not rests or not tanggal.present:
        return None
    letter_iso = str(tanggal.value)
    # each reading's number part up to its last '/', what is left of its label's colon dropped ("':000.4.6.3/…")
    pieces = [p for p in (re.sub(r"^[^0-9A-Za-z]+", "", _piece(v)) for v in row_values if v)
              if p.endswith("/") and _PIECE.fullmatch(p)]
    found = [r for rest in rests for r in (rest["page_line"], *rest["readings"], *rest["witness"])]
    tails = [t for t in (_rest_value(r) for r in found) if t]
    if not pieces or not tails:
        return None
    top_piece = Counter(pieces).most_common(1)[0][0]
    top_tail = Counter(tails).most_common(1)[0][0]
    by_tail = _settled([w for w in (_whole(top_piece, t) for t in tails) if w], letter_iso)
    by_piece = _settled([w for w in (_whole(p, top_tail) for p in pieces) if w], letter_iso)
    if by_tail is None or by_piece is None or by_tail[0] != by_piece[0] or check_nomor(by_piece[0], letter_iso):
        return _wrapped_by_segments(pieces, tails, letter_iso)
    return Field(by_piece[0], WRAPPED_CONFIDENCE, WRAPPED_ROWS.format(a=by_piece[1], b=by_tail[1]))


SEGMENTS_CONFIDENCE = 0.45  # a first piece no reading gives whole, voted segment by segment: shown to a clerk, low
WRAPPED_SEGMENTS = ("nomor dipenggal sesudah garis miring; potongan pertama tidak dibaca sama oleh bacaan-bacaan baris, "
                    "disepakati per segmen (paling sedikit {a} bacaan per segmen, tanpa bacaan yang membaca lain); "
                    "sisanya {b} bacaan sepakat")


def _wrapped_by_segments(pieces: Sequence[str], tails: Sequence[str], letter_iso: str) -> Field | None:
    """A wrapped number whose first piece the readings do not give alike (each damages another part of it), its
    segments voted one by one (``nomorsegments.voted_segments``: each read alike by enough readings, none read
    otherwise by a reading that does not damage it), the rest settled by the rest row's readings as in
    ``wrapped_by_rows``, the whole checked against the letter's date; taken low (``SEGMENTS_CONFIDENCE``)."""
    voted = voted_segments(pieces)
    if voted is None:
        return None
    segments, fewest = voted
    piece = "/".join(segments) + "/"
    by_tail = _settled([w for w in (_whole(piece, t) for t in tails) if w], letter_iso)
    if by_tail is None or not by_tail[0].startswith(piece) or check_nomor(by_tail[0], letter_iso):
        return None
    return Field(by_tail[0], SEGMENTS_CONFIDENCE, WRAPPED_SEGMENTS.format(a=fewest, b=by_tail[1]))


__all__ = ["PIECE_READINGS", "REST", "SETTLED", "WRAPPED_REVIEW", "read_rest", "settled_by_pieces", "wrapped_by_rows"]
