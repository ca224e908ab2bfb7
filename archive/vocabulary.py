"""The index's word list, for finding the words a query word may have become: close
misspellings (OSA edit distance via rapidfuzz, scanned only in buckets of similar words) and OCR
twins (equal once OCR-confusable characters are folded), plus the "did you mean" suggestion.
No Whoosh here: ``search.py`` feeds it ``(word, document frequency)`` pairs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from rapidfuzz import process as fuzz_process
from rapidfuzz.distance import OSA

from archive import textnorm

SCAN_LIMIT = 200  # candidates taken from each bucket before ranking them


@dataclass
class Vocabulary:
    by_length: dict[tuple[int, str], list[str]]  # (length, "^first" or "last2$") -> words
    freq: dict[str, int]
    folded: dict[str, list[str]] = field(default_factory=dict)  # OCR-folded form -> index words
    cache: dict[tuple[str, int, int], list[tuple[str, int]]] = field(default_factory=dict)

    def ocr_twins(self, word: str) -> list[str]:
        """Index words that differ from ``word`` only by OCR confusions (rn/m, u/n, e/c, l/1…),
        whatever their edit distance."""
        return [w for w in self.folded.get(textnorm.ocr_fold(word), ()) if w != word]

    def near(self, word: str, maxdist: int, limit: int = 12) -> list[tuple[str, int]]:
        """Index words within ``maxdist`` edits of ``word`` (closest first), excluding itself."""
        key = (word, maxdist, limit)
        if key not in self.cache:
            if len(self.cache) > 50_000:
                self.cache.clear()
            self.cache[key] = self._near(word, maxdist, limit)
        return self.cache[key]

    def _near(self, word: str, maxdist: int, limit: int) -> list[tuple[str, int]]:
        """Scan only words of a near length that share the first letter or the last two: a variant
        with edits at both ends is rare, and ``ocr_twins`` covers pure OCR confusions anyway."""
        found: dict[str, int] = {}
        n = len(word)
        for length in range(max(1, n - maxdist), n + maxdist + 1):
            for key in ((length, "^" + word[0]), (length, word[-2:] + "$")):
                bucket = self.by_length.get(key)
                if not bucket:
                    continue
                for cand, dist, _ in fuzz_process.extract(word, bucket, scorer=OSA.distance,
                                                          score_cutoff=maxdist, limit=SCAN_LIMIT):
                    if cand != word:
                        found[cand] = int(dist)
        # closest first counting an OCR confusion as half an edit, then the more common word
        out = sorted(found.items(), key=lambda cd: (textnorm.ocr_distance(word, cd[0]), -self.freq.get(cd[0], 0)))
        return out[:limit]


def build_vocabulary(terms: Iterable[tuple[str, int]]) -> Vocabulary:
    """A vocabulary from ``(word, document frequency)`` pairs (numbers left out)."""
    by_length: dict[tuple[int, str], list[str]] = {}
    freq: dict[str, int] = {}
    folded: dict[str, list[str]] = {}
    for term, df in terms:
        if term.isdigit():
            continue
        by_length.setdefault((len(term), "^" + term[0]), []).append(term)
        by_length.setdefault((len(term), term[-2:] + "$"), []).append(term)
        freq[term] = df
        folded.setdefault(textnorm.ocr_fold(term), []).append(term)
    return Vocabulary(by_length, freq, folded)


def max_edits(word: str) -> int:
    """Edits tolerated for an OCR/misspelt variant of a word of this length."""
    if len(word) < 5 or not word.isalpha():
        return 0
    return 1 if len(word) < 8 else 2


def did_you_mean(words: list[str], vocab: Vocabulary) -> str | None:
    """The query with each rare word replaced by a far more frequent close index word."""
    changed, out = False, []
    for w in words:
        best = None
        if max_edits(w):
            own = vocab.freq.get(w, 0)
            for cand, _ in vocab.near(w, max_edits(w)):
                f = vocab.freq.get(cand, 0)
                if f > max(2, 3 * own) and (best is None or f > vocab.freq[best]):
                    best = cand
        out.append(best or w)
        changed |= best is not None
    return " ".join(out) if changed else None
