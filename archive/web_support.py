"""Small read-only views the web layer needs that ``archive.service`` does not (yet) offer.

Kept apart from ``service.py`` (owned by the archive package) and built only on public
functions: the SOP definition's steps and document types, as plain tuples for forms,
facet labels and filters.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ingest.sop import load_sop


@dataclass(frozen=True)
class TypeLabel:
    id: str
    label_id: str
    label_en: str
    step: int | None


@dataclass(frozen=True)
class StepLabel:
    number: int
    name: str


@lru_cache(maxsize=1)
def document_types() -> tuple[TypeLabel, ...]:
    """Every document type the SOP defines, in SOP order."""
    sop = load_sop()
    return tuple(TypeLabel(t.id, t.label_id, t.label_en, t.step or None) for t in sop.doc_types)


@lru_cache(maxsize=1)
def sop_steps() -> tuple[StepLabel, ...]:
    """The SOP steps (number and name)."""
    return tuple(StepLabel(s.number, s.name) for s in load_sop().steps)


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
        from difflib import SequenceMatcher

        return SequenceMatcher(None, word, term).ratio() >= 0.84
    return False


def matching_word_indexes(words, query: str) -> list[int]:
    """Indexes of the OCR ``words`` (dicts with "text") that match a term of ``query``.

    Used to draw search hits on the page image from the stored word boxes; tolerant of
    suffixes (``perpustakaannya``) and one- or two-letter OCR slips (``pcrpustakaan``).
    """
    terms = [t for t in (_norm(p) for p in query.split()) if len(t) >= 2]
    if not terms:
        return []
    hits = []
    for i, w in enumerate(words):
        text = _norm(w.get("text", "") if isinstance(w, dict) else getattr(w, "text", ""))
        if any(_word_matches(text, t) for t in terms):
            hits.append(i)
    return hits


def activity_documents(settings, doc_id: str, partner: str | None = None):
    """The activity holding ``doc_id`` and its other documents, as ``(summary, documents)``,
    or ``None``.  Read from the link table (``service.activity_of``), so a document linked by
    hand to an activity of another partner spelling is found too.  ``partner`` is ignored
    (kept for older callers)."""
    from archive import service

    detail = service.activity_of(settings, doc_id)
    if detail is None:
        return None
    return detail.summary, tuple(d for d in detail.documents if d.id != doc_id)
