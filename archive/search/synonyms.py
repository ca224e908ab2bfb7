"""The office's words at query time: synonym and abbreviation groups (``archive/data/synonyms.toml``)
and the SOP's type labels and step names.

A query phrase found here is searched as itself, as every other phrase of its group ("MoU" also
as "nota kesepahaman" and "perjanjian kerja sama"), and as the documents of the type or SOP step
whose label it (or a phrase of its group) is ("kerjasama" finds step 2, "MoU" the MoUs).
Phrases are compared by their stems, so "perjanjian kerja sama" and "perjanjian kerjasama" only
differ where the table says so.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from archive import textnorm
from ingest.sop import load_sop

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Expansion:
    """What one query phrase also means: other phrases (raw words) and index filters
    (``(field, value)``: a document type or SOP step the phrase names)."""

    phrases: tuple[Phrase, ...]
    filters: tuple[tuple[str, str], ...]


def _phrase(text: str) -> Phrase:
    return tuple(textnorm.words(text))


def _key(words: Iterable[str]) -> Phrase:
    return tuple(textnorm.stem(w) for w in words)


_LABEL_SPLIT = re.compile(r"\s*(?:/|\(|\)|,)\s*")


def label_phrases(label: str) -> list[str]:
    """The names inside a label: "Nota kesepahaman (MoU) / perjanjian kerja sama" ->
    "nota kesepahaman", "mou", "perjanjian kerja sama"; a step name's head before "dengan"."""
    out = []
    for part in _LABEL_SPLIT.split(label.lower()):
        part = part.strip()
        if not part:
            continue
        out.append(part)
        head = re.split(r"\s+(?:dengan|atau|untuk)\s+", part)[0]
        if head != part:
            out.append(head)
    return out


class Aliases:
    """Synonym groups and label phrases, matched on a query's words (longest phrase first)."""

    def __init__(self, groups: Iterable[Iterable[str]], labels: Iterable[tuple[str, str, str]]):
        label_filters: dict[Phrase, set[tuple[str, str]]] = {}
        for text, field, value in labels:
            phrase = _phrase(text)
            if phrase:
                label_filters.setdefault(_key(phrase), set()).add((field, value))
        self._table: dict[Phrase, Expansion] = {}
        grouped: set[Phrase] = set()
        for group in groups:
            phrases = list(dict.fromkeys(p for p in (_phrase(t) for t in group) if p))
            filters = sorted({f for p in phrases for f in label_filters.get(_key(p), ())})
            for p in phrases:
                others = tuple(q for q in phrases if _key(q) != _key(p))
                old = self._table.get(_key(p))
                if old is not None:  # a phrase in two groups means both
                    others = tuple(dict.fromkeys(old.phrases + others))
                    filters = sorted(set(old.filters) | set(filters))
                self._table[_key(p)] = Expansion(others, tuple(filters))
                grouped.add(_key(p))
        for key, filters_ in label_filters.items():
            if key not in grouped:
                self._table[key] = Expansion((), tuple(sorted(filters_)))
        self.longest = max((len(k) for k in self._table), default=0)

    def expansion(self, words: Iterable[str]) -> Expansion | None:
        return self._table.get(_key(words))

    def spans(self, words: list[str]) -> list[tuple[int, int, Expansion | None]]:
        """``words`` cut into spans ``(start, end, expansion)``: the longest known phrase at each
        position, else one word with no expansion."""
        out: list[tuple[int, int, Expansion | None]] = []
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                found = self._table.get(_key(words[i:i + n]))
                if found is not None:
                    out.append((i, i + n, found))
                    i += n
                    break
            else:
                out.append((i, i + 1, None))
                i += 1
        return out


def load_groups(text: str | None = None) -> list[list[str]]:
    """The synonym groups of ``archive/data/synonyms.toml`` (or ``text`` in that format)."""
    if text is None:
        text = resources.files("archive").joinpath("data/synonyms.toml").read_text(encoding="utf-8")
    groups = tomllib.loads(text).get("groups", [])
    for g in groups:
        if not isinstance(g, list) or len(g) < 2 or not all(isinstance(t, str) and t.strip() for t in g):
            raise ValueError(f"synonyms.toml: a group needs two or more phrases: {g!r}")
    return [list(g) for g in groups]


@lru_cache(maxsize=1)
def office_aliases() -> Aliases:
    """The shipped table: the synonym groups plus every type label and step name of the SOP."""
    sop = load_sop()
    labels: list[tuple[str, str, str]] = []
    for t in sop.doc_types:
        if t.id == "lainnya":
            continue
        for text in label_phrases(t.label_id):
            labels.append((text, "doc_type", t.id))
    for s in sop.steps:
        for text in label_phrases(s.name):
            labels.append((text, "sop_step", str(s.number)))
    return Aliases(load_groups(), labels)
