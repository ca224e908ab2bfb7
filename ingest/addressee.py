"""The addressee of a letter read from where its words stand on the page.

Many letters print the addressee ("Kepada Yth. …", then its lines, then "di <place>") as a column beside the
Nomor/Sifat/Lampiran/Hal block. Tesseract reads a page row by row, so the text interleaves the column's lines
with the block's rows ("Lampiran : 1 berkas Yth. Kepala …", "Hal : Undangan Provinsi Sumatera Selatan"), and
the text-only extractor (``metadata._penerima_field``) rightly leaves such an addressee empty. The word boxes
tell the two apart: the column begins where the first word after "Yth." begins, its lines are the words of the
rows under it that stand right of the block (with a clear gap from the block's words), and it ends at its
"di" row or at the whitespace before the body.

``addressee_by_layout`` gives the value, or None where the layout is not that clear (a row of the column with
no word, a word Tesseract doubted, a body row running into the column, no end found); ``settle_penerima``
fills an addressee the text left empty.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from rapidfuzz.distance import Levenshtein

from .metadata import expand_abbreviations, garbled_name, name_cut_short
from .model import Field, Metadata, PageText, Word
from .ocr import dictionary
from .parties import fix_office_words

_YTH = re.compile(r"^\W*yth\b", re.IGNORECASE)
_KEPADA = re.compile(r"^\W*kepada\b", re.IGNORECASE)
_DI = re.compile(r"^\W*di\b[\s\-–:.]*$", re.IGNORECASE)  # "di", "Di-", "di :"
WORD_UNSURE = 60.0  # as ``metadata.WORD_UNSURE``: a name word Tesseract read under this is no reading
MAX_ROWS = 8
# the addressee block's own abbreviations (the letter genre's, not any one sender's): "c.q." (by way of),
# "u.p." (for the attention of); OCR reads the q as g ("C.g.")
_BLOCK_ABBREVIATIONS = ("c.q.", "u.p.")


def tesseract_lines(words: Sequence[Word], top_down: bool = True) -> list[list[Word]]:
    """``words`` grouped by the line Tesseract put them on, each left to right. ``top_down`` orders the
    lines by their highest word (the addressee column beside the label column); otherwise by Tesseract's
    line number (its reading order, which the field re-reader follows)."""
    by_line: dict[int, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    ordered = (sorted(by_line.items(), key=lambda kv: min(w.box[1] for w in kv[1])) if top_down
               else sorted(by_line.items()))
    return [sorted(ws, key=lambda w: w.box[0]) for _, ws in ordered]


def _height(words: Sequence[Word]) -> float:
    boxes = [w.box[3] for w in words if sum(ch.isalnum() for ch in w.text) >= 2] or [w.box[3] for w in words]
    return float(np.median(boxes)) if boxes else 0.0


def _top(row: Sequence[Word]) -> int:
    return int(np.median([w.box[1] for w in row]))


def _right(word: Word) -> int:
    return word.box[0] + word.box[2]


def _until_gap(words: Sequence[Word], h: float) -> list[Word]:
    """``words`` up to the first gap wider than 2.5 letter heights (another column begins there)."""
    out = list(words[:1])
    for w in words[1:]:
        if w.box[0] - _right(out[-1]) > 2.5 * h:
            break
        out.append(w)
    return out


def _anchor(rows: list[list[Word]], height: int) -> tuple[int, int, float] | None:
    """(row index, index of the "Yth." word in it, letter height) of the addressee column's "Yth." in the
    upper half of the page, standing right of the block (at least 8 letter heights right of the text's left
    edge); None when there is none."""
    left = min((r[0].box[0] for r in rows), default=0)
    for i, row in enumerate(rows):
        if row[0].box[1] > 0.5 * height:
            break
        h = _height(row)
        for j, w in enumerate(row):
            if _YTH.match(w.text) and w.box[0] > left + 8 * h:
                return i, j, h
    return None


def _mend(word: str, words: frozenset[str]) -> str:
    """A word OCR garbled in the classic way of print ("rn" read as "m": "Gubemur"), or a block abbreviation
    read with one letter wrong ("C.g."), written as printed; when the language's word list has it."""
    low = word.lower()
    for abbreviation in _BLOCK_ABBREVIATIONS:
        if len(low) == len(abbreviation) and low != abbreviation and Levenshtein.distance(low, abbreviation) == 1 \
                and low[1::2] == abbreviation[1::2]:  # the dots stand where they stand
            return "".join(a.upper() if c.isupper() else a for c, a in zip(word, abbreviation))
    if words and low.isalpha() and len(low) >= 5 and low not in words and "m" in low:
        for at in (k for k, ch in enumerate(low) if ch == "m"):
            fixed = low[:at] + "rn" + low[at + 1:]
            if fixed in words:
                out = word[:at] + ("RN" if word[at].isupper() else "rn") + word[at + 1:]
                return out
    return word


def _doubtful(word: Word, vocabulary: frozenset[str]) -> bool:
    """A word Tesseract doubted (under ``WORD_UNSURE``), or a lower-case word of 4+ letters not in the
    language's word list read under 85 (OCR damage; names are capitalised and left alone)."""
    letters = re.sub(r"[^A-Za-z]", "", word.text)
    if len(letters) >= 2 and word.conf < WORD_UNSURE:
        return True
    return len(letters) >= 4 and letters.islower() and letters not in vocabulary and word.conf < 85


def _spacing(rows: list[list[Word]], i: int) -> float:
    """The usual distance between row tops around row ``i`` (the block's line spacing)."""
    tops = [_top(r) for r in rows[max(0, i - 3): i + 6]]
    steps = [b - a for a, b in zip(tops, tops[1:]) if b > a]
    return float(np.median(steps)) if steps else 0.0


_ITEM = re.compile(r"^(\d{1,2})[.,]$")  # a list item's number ("1.", "3," with the dot read as a comma)


def _list_items(words: list[Word]) -> str:
    """The column's words as text; a numbered list of addressees ("1. Kepala … 2. Kepala …") written as the
    text extractor writes it ("Kepala …; Kepala …")."""
    out: list[str] = []
    expected = 1
    for w in words:
        item = _ITEM.match(w.text)
        if item and int(item.group(1)) == expected:
            if expected > 1:
                out[-1] = out[-1].rstrip(",;") + ";"
            expected += 1
            continue
        if any(ch.isalnum() for ch in w.text) or w.text in "()":
            out.append(w.text)
    return " ".join(out)


def _is_kepada(text: str) -> bool:
    """"Kepada" as OCR reads it: with one letter wrong ("Kopada"), or glued to the end of the block's value
    beside it ("…/IV/20Kepada")."""
    letters = re.sub(r"[^A-Za-z]", "", text).lower()
    return (_KEPADA.match(text) is not None or len(letters) == 6 and Levenshtein.distance(letters, "kepada") <= 1
            or len(text) > 6 and text.lower().endswith("kepada"))


def _kepada_part(word: Word) -> Word:
    """The "Kepada" of ``word`` with its own box: a token that only ends in it ("…/202Kepada") keeps the share
    of its width its last six characters take."""
    if len(word.text) <= 7 or not word.text.lower().endswith("kepada"):
        return word
    x, y, w, h = word.box
    width = round(w * 6 / len(word.text))
    return replace(word, text=word.text[-6:], box=(x + w - width, y, width, h))


def addressee_by_layout(page: PageText) -> tuple[str, str] | None:
    """(value, reason) of the addressee column beside the label block, or None (see the module's docstring)."""
    rows = tesseract_lines(page.words)
    found = _anchor(rows, page.height)
    if found is None:
        return None
    i, j, h = found
    yth = rows[i][j]
    kepada = [_kepada_part(w) for r in rows[max(0, i - 2): i + 1] for w in r
              if _is_kepada(w.text) and _right(w) > yth.box[0] - 8 * h]
    kepada = [w for w in kepada if w.box[0] > yth.box[0] - 8 * h]
    after = [w for w in rows[i][j + 1:] if not _KEPADA.match(w.text) and any(ch.isalnum() for ch in w.text)]
    first = _until_gap(after, h) if after and after[0].box[0] - _right(yth) <= 2.5 * h else []
    left = min([yth.box[0]] + [w.box[0] for w in kepada]) - h  # the column's left edge
    aligned = [yth.box[0]] + [w.box[0] for w in kepada] + ([first[0].box[0]] if first else [])
    lines: list[list[Word]] = [first] if first else []
    bottom, spacing = _top(rows[i]), _spacing(rows, i)
    closed = ended = False
    for row in rows[i + 1: i + 1 + MAX_ROWS]:
        if _top(row) - bottom > 1.6 * spacing:
            ended = True  # whitespace: the body begins
            break
        bottom = _top(row)
        inside = [w for w in row if w.box[0] >= left]
        outside = [w for w in row if w.box[0] < left and any(ch.isalnum() for ch in w.text)]  # not a dash speck
        if outside and inside and inside[0].box[0] - _right(outside[-1]) < 1.5 * h:
            return None  # a row running into the column: the two cannot be told apart
        if not inside:
            continue  # a block row with nothing beside it
        inside = _until_gap(inside, h)
        if _DI.match(inside[0].text):
            closed = True
            break
        if not any(abs(inside[0].box[0] - x) <= 1.5 * h for x in aligned):
            return None  # a line standing elsewhere: not the column's
        if not any(sum(ch.isalpha() for ch in w.text) >= 2 for w in inside):
            return None  # a row of the column read as specks: words were lost
        if not lines:
            aligned.append(inside[0].box[0])
        lines.append(inside)
    if not lines or not (closed or ended):
        return None
    words = [w for line in lines for w in line]
    vocabulary = dictionary("ind")
    mended = [replace(w, text=_mend(w.text, vocabulary)) for w in words]
    if any(_doubtful(w, vocabulary) for w in mended):
        return None
    value = fix_office_words(expand_abbreviations(re.sub(r"\s+", " ", _list_items(mended)).strip(" ,.;:")))
    if len(value) < 4 or not (value[:1].isupper() or value[:1] == "(") or name_cut_short(value) or garbled_name(value):
        return None
    end = "baris 'di'" if closed else "spasi sebelum isi surat"
    return value, f"kolom alamat (Yth.) menurut letak kata, {len(lines)} baris sampai {end}"


_KEEP_EMPTY = ("formulir",)  # the text found a form's blank "Kepada Yth. :" row: not an addressee


def _mended_text(value: str) -> str:
    """An addressee the text gave with its words mended as the layout reading mends them ("Gubemur" ->
    "Gubernur", "C.g." -> "C.q."): the same words, whichever reading found the block."""
    vocabulary = dictionary("ind")
    return " ".join(_mend(token, vocabulary) for token in value.split(" "))


def settle_penerima(metadata: Metadata, pages: Sequence[PageText]) -> Metadata:
    """``metadata`` with the addressee read from the first page's layout where the text left it empty; an
    addressee the text gave has its garbled words mended."""
    if metadata.penerima.present:
        mended = _mended_text(metadata.penerima.value or "")
        if mended == metadata.penerima.value:
            return metadata
        return replace(metadata, penerima=replace(metadata.penerima, value=mended,
                                                  reason=metadata.penerima.reason + "; kata OCR dibetulkan"))
    if not pages or any(k in metadata.penerima.reason for k in _KEEP_EMPTY):
        return metadata
    found = addressee_by_layout(pages[0])
    if found is None:
        return metadata
    value, reason = found
    review = tuple(r for r in metadata.review if not r.startswith("penerima:"))
    return replace(metadata, penerima=Field(value, 0.7, reason), review=review)


__all__ = ["addressee_by_layout", "settle_penerima", "tesseract_lines"]
