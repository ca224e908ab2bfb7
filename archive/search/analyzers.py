"""Analyzers of the index fields: Indonesian words (stemmed or raw) and nomor-surat segments."""
from __future__ import annotations

from whoosh.analysis import (
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    SubstitutionFilter,
    Token,
    Tokenizer,
)

from archive import textnorm

WORD_PATTERN = r"\w+"


def raw_analyzer():
    """Words, lower case, stop words out; no stemming (exact phrases, OCR-variant expansion)."""
    # (the SubstitutionFilter makes LowercaseFilter the same as ``textnorm.lower``: 'İ' -> 'i', not 'i' + U+0307;
    # inside one token, 'i' + U+0307 can only come from 'İ', since the tokenizer splits the combining dot off)
    return (RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | SubstitutionFilter("i\u0307", "i")
            | StopFilter(stoplist=textnorm.STOP_WORDS, minsize=1))


def indonesian_analyzer():
    """``raw_analyzer`` plus Sastrawi stemming (cached in ``textnorm.stem``)."""
    return raw_analyzer() | StemFilter(stemfn=textnorm.stem, cachesize=-1)


class NomorTokenizer(Tokenizer):
    """Splits a nomor surat into its '/'-separated segments, OCR confusions folded."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for nomor in value.split("\n"):
            for part in textnorm.nomor_parts(nomor):
                t.text = part
                t.boost = 1.0
                t.stopped = False
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char
                    t.endchar = start_char + len(part)
                pos += 1
                yield t
            pos += 5  # no phrase across two nomor
