"""A number broken after a slash onto the next line, settled by the re-readings of its first piece.

``metadata`` puts such a number together from the row and the next line's rest (``nomor.slash_wrapped``) and
empties it when Tesseract doubts one of its words: the number's row is re-read (``fieldread``), but every
re-reading sees only its first piece, so no rule there puts the number together. Tesseract's word confidence on
such long pieces is low even on clean print (48-84 on clean renders), as it is where a letter was misread
("Dispersip-BIg" at 78), so it cannot tell the two apart; the re-readings can. The number is taken back when
the re-readings of its row read the piece as the page did, with enough of them and none reading it otherwise.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .calibration import emptied_value
from .metadata import SLASH_JOINED
from .model import Field

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


__all__ = ["PIECE_READINGS", "SETTLED", "settled_by_pieces"]
