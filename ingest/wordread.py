"""A doubted word of a name field read again on its own, by both recognizers.

Extraction empties a subject, sender or addressee when one of its words was read under ``metadata.WORD_UNSURE``
(``_weigh_by_ocr``: "dikosongkan karena tidak pasti (…); OCR ragu pada 'provinsi' (45)"). Often the word itself is
printed cleanly and the doubt is the page reading's: Tesseract put the word in one box with ink of the row under it
(a "Di" below "Provinsi" makes a box two rows tall, read at 45), or a speck beside it. Such a word, cut out at its
row's own height (the row's usual box height, not the merged box) and read alone, is read sure.

``read_doubted_words`` (called by ``fieldread.reread_fields`` on each page) finds the word the reason names on the
page (same text, same confidence), crops it within its row's band and reads it under ``WORD_VARIANTS`` by the page's
model and by the second model (``IngestOptions.witness_tessdata``); the readings are recorded with the page's
"fieldread" record, under the field ``WORD``. ``settle_doubted_words`` (called first by ``fieldread.settle``)
confirms the word only when every reading of it, by both models, is that same word (case folded, as the extractor
keys words) read sure, and at least one of them is the witness's: then the document is read again with the word at
the confidence of its re-readings, and a field that was emptied for that doubt alone is taken with exactly the value
it was emptied with. A word read otherwise by any reading (a misread word: "JANYA" for "JAWA" is re-read "BUSA",
"Raka") confirms nothing, and no word is ever replaced: the value stays the one the page read."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import cv2
import numpy as np

from .addressee import tesseract_lines
from .calibration import emptied_value
from .metadata import WORD_UNSURE, extract_metadata, token_key
from .model import Field, Metadata, PageText, Word
from .ocr import read_crop
from .options import IngestOptions

WORD = "kata"  # the field name of a word's re-reading in the page's "fieldread" record
NAMES = ("perihal", "pengirim", "penerima")
TARGET_PX = 46.0  # the row's usual word box height the crop is enlarged to (as ``fieldread.TARGET_WORD_PX``)
# (scale of the target size, binarisation): three different images for the page's model; the witness reads the
# first two
WORD_VARIANTS = ((1.0, "grey"), (1.0, "otsu"), (1.4, "grey"))
WITNESS_VARIANTS = 2
WORD_CONFIDENCE = 0.7  # as a value the layout settles (``settle_perihal``, ``settle_penerima``)
CONFIRMED = "kata yang diragukan OCR dibaca ulang sendiri oleh dua model, sama dan yakin"

_DOUBTED = re.compile(r"OCR ragu pada '([^']*)' \((\d+)\)$")


def doubted_word(field: Field) -> tuple[str, int] | None:
    """The word a name field was emptied for (its text and Tesseract's confidence as the reason gives them), when
    that doubt is the reason's last clause (the one that emptied it); None otherwise."""
    if field.present or emptied_value(field) is None:
        return None
    found = _DOUBTED.search(field.reason)
    if not found or sum(ch.isalpha() for ch in found.group(1)) < 2:
        return None
    return found.group(1), int(found.group(2))


def _band(line: Sequence[Word]) -> tuple[float, float]:
    """The row's centre and usual box height, from its words of two letters or more (a box Tesseract merged
    with the row above or below is taller than the others: the lower quartile leaves it out)."""
    boxes = [w.box for w in line if sum(ch.isalnum() for ch in w.text) >= 2] or [w.box for w in line]
    h = float(np.percentile([b[3] for b in boxes], 25))
    usual = [b for b in boxes if b[3] <= 1.4 * h] or boxes
    return float(np.median([b[1] + b[3] / 2 for b in usual])), h


def word_crop(grey: np.ndarray, word: Word, line: Sequence[Word]) -> tuple[np.ndarray, float]:
    """``word`` cut from the page within its row's band (0.9 of the row's usual height either side of its
    centre, so ink of the rows above and below stays out) with half a height of margin beside it; and the
    factor that enlarges it to ``TARGET_PX``."""
    centre, h = _band(line)
    y0, y1 = max(0, int(centre - 0.9 * h)), min(grey.shape[0], int(centre + 0.9 * h))
    x0 = max(0, int(word.box[0] - 0.5 * h))
    x1 = min(grey.shape[1], int(word.box[0] + word.box[2] + 0.5 * h))
    return grey[y0:y1, x0:x1], min(4.0, max(1.0, TARGET_PX / max(h, 1.0)))


def _images(crop: np.ndarray, factor: float) -> list[np.ndarray]:
    out = []
    for scale, how in WORD_VARIANTS:
        f = max(1.0, factor * scale)
        big = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC) if f > 1.0 else crop
        if how == "otsu":
            big = cv2.threshold(big, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
        pad = int(TARGET_PX / 2)
        out.append(cv2.copyMakeBorder(big, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255))
    return out


def read_doubted_words(grey: np.ndarray, text: PageText, metadata: Metadata, options: IngestOptions,
                       witness: str | None) -> list[dict]:
    """The re-readings of each word this page's extraction emptied a name field for (``doubted_word``), as
    records: {"field": ``WORD``, "page_line": the word as the page read it, "readings": the page's model's
    readings, "witness": the second model's (``witness``: its folder; none without it), "confidences": the
    lowest word confidence of each of the page's model's readings, …}."""
    out: list[dict] = []
    seen: set[str] = set()
    lines = tesseract_lines(text.words, top_down=False)
    for name in NAMES:
        doubted = doubted_word(getattr(metadata, name))
        if doubted is None or token_key(doubted[0]) in seen:
            continue
        key, conf = token_key(doubted[0]), doubted[1]
        found = next(((w, ln) for ln in lines for w in ln if token_key(w.text) == key and round(w.conf) == conf),
                     None)
        if found is None:
            continue
        seen.add(key)
        crop, factor = word_crop(grey, *found)
        if crop.size == 0 or min(crop.shape[:2]) < 4:
            continue
        images = _images(crop, factor)
        own = [read_crop(image, options, psm=7) for image in images]
        other = [read_crop(image, options, psm=7, datapath=witness) for image in images[:WITNESS_VARIANTS]] \
            if witness is not None else []
        out.append({"field": WORD, "page_line": found[0].text,
                    "readings": [" ".join(w.text for w in ws) for ws in own],
                    "values": {}, "votes": {}, "of": 1 + len(own) + len(other),
                    "confidences": [round(min((w.conf for w in ws), default=0.0), 1) for ws in own],
                    "witness": [" ".join(w.text for w in ws) for ws in other]})
    return out


def word_confirmed(line: dict) -> float | None:
    """The lowest confidence of the page's model's re-readings of a doubted word when every reading, of both
    models (the witness's among them), is the page's word itself and the page's model read it sure each time
    (at ``WORD_UNSURE`` or above); None otherwise."""
    key = token_key(line["page_line"])
    own, other = list(line.get("readings", ())), list(line.get("witness", ()))
    confidences = list(line.get("confidences", ()))
    if len(own) < 2 or not other or len(confidences) != len(own):
        return None
    if any(len(r.split()) != 1 or token_key(r) != key for r in own + other):
        return None
    low = min(confidences)
    return low if low >= WORD_UNSURE else None


def settle_doubted_words(metadata: Metadata, text: str, pages: Sequence[PageText], lines: Sequence[dict]) -> Metadata:
    """``metadata`` with each name field extraction emptied for a word the re-readings confirm (``lines``: the
    pages' recorded re-readings; ``word_confirmed``) taken again: the document is read with that word at its
    re-readings' confidence, and the field is taken when it now stands, with the very value it was emptied with."""
    sure = {token_key(ln["page_line"]): low for ln in lines if ln["field"] == WORD
            and (low := word_confirmed(ln)) is not None}
    if not sure:
        return metadata
    words = [replace(w, conf=max(w.conf, sure[k])) if (k := token_key(w.text)) in sure else w
             for p in pages for w in p.words]
    again = extract_metadata(text, words)
    fields: dict[str, Any] = {}
    review = list(metadata.review)
    for name in NAMES:
        got, new = getattr(metadata, name), getattr(again, name)
        doubted = doubted_word(got)
        emptied = emptied_value(got)
        if doubted is None or token_key(doubted[0]) not in sure or not new.present or emptied is None \
                or new.value != emptied:
            continue
        fields[name] = Field(new.value, min(new.confidence, WORD_CONFIDENCE), f"{new.reason}; {CONFIRMED} "
                             f"('{doubted[0]}')")
        review = [r for r in review if not r.startswith(name + ":")]
    if not fields:
        return metadata
    return replace(metadata, **fields, review=tuple(review))


__all__ = ["WORD", "doubted_word", "read_doubted_words", "settle_doubted_words", "word_confirmed", "word_crop"]
