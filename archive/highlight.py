"""Which OCR words of a page match a search query: the hits drawn on the page image from the
stored word boxes.  Pure text comparison, tolerant of Indonesian suffixes (``perpustakaannya``)
and one- or two-letter OCR slips (``pcrpustakaan``)."""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any, Iterable


def _norm(word: str) -> str:
    return "".join(ch for ch in word.lower() if ch.isalnum())


def _word_matches(word: str, term: str) -> bool:
    """Same word, one a stem/suffix form of the other, or a close OCR misreading."""
    if not word or not term:
        return False
    if word == term:
        return True
    shorter, longer = sorted((word, term), key=len)
    if len(shorter) >= 4 and longer.startswith(shorter):
        return True
    if len(shorter) >= 5 and abs(len(word) - len(term)) <= 2:
        return SequenceMatcher(None, word, term).ratio() >= 0.84
    return False


def matching_word_indexes(words: Iterable[Any], query: str) -> list[int]:
    """Indexes of the OCR ``words`` (dicts with "text", or objects with ``.text``) that match a
    term of ``query``."""
    terms = [t for t in (_norm(p) for p in query.split()) if len(t) >= 2]
    if not terms:
        return []
    hits = []
    for i, w in enumerate(words):
        text = _norm(w.get("text", "") if isinstance(w, dict) else getattr(w, "text", ""))
        if any(_word_matches(text, t) for t in terms):
            hits.append(i)
    return hits
