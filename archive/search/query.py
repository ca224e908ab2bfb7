"""Free text and filters -> Whoosh queries: each word by its stem, its exact form and its OCR
variants; quoted phrases; nomor surat; facets and date ranges as one filter."""
from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query

from archive import textnorm
from archive.errors import InvalidQueryError
from archive.partners import canonical_name
from archive.records import SearchQuery
from archive.search.schema import parse_date
from archive.search.synonyms import Aliases, Expansion, office_aliases
from archive.vocabulary import Vocabulary, max_edits

_PHRASE_RE = re.compile(r'"([^"]+)"')


@dataclass
class ParsedText:
    words: list[str]  # raw (unstemmed, stop words out)
    phrases: list[list[str]]  # quoted phrases as raw words
    nomors: list[str]


def parse_text(text: str) -> ParsedText:
    phrases = [textnorm.words(p) for p in _PHRASE_RE.findall(text)]
    rest = _PHRASE_RE.sub(" ", text)
    nomors: list[str] = []
    plain: list[str] = []
    for tok in rest.split():
        (nomors if textnorm.looks_like_nomor(tok) else plain).append(tok)
    words = textnorm.words(" ".join(plain)) + [w for p in phrases for w in p]
    return ParsedText(words=words, phrases=[p for p in phrases if p], nomors=nomors)


def _word_query(word: str, vocab: Vocabulary) -> tuple[query.Query, list[str]]:
    """One query word: its stem (main), the exact word, and its OCR/misspelt variants (weaker)."""
    parts: list[query.Query] = [query.Term("content", textnorm.stem(word), boost=1.0),
                                query.Term("raw", word, boost=0.5)]
    variants = [v for v, _ in vocab.near(word, max_edits(word))] if max_edits(word) else []
    if len(word) >= 4:
        variants += [v for v in vocab.ocr_twins(word)[:8] if v not in variants]
    for v in variants:
        parts.append(query.Term("raw", v, boost=0.6 / (1 + textnorm.ocr_distance(word, v))))
    return query.Or(parts), variants


def _nomor_query(nomor: str) -> query.Query:
    parts = textnorm.nomor_parts(nomor)
    q: list[query.Query] = [query.Term("nomor_key", textnorm.nomor_key(nomor), boost=10.0),
                            query.Term("nomor_flat", textnorm.nomor_flat(nomor), boost=8.0)]
    if len(parts) == 1:
        q.append(query.Term("nomor_parts", parts[0], boost=4.0))
    elif parts:
        q.append(query.Phrase("nomor_parts", parts, boost=4.0))
    return query.Or(q)


@dataclass
class Plan:
    """Two queries for one text: ``strict`` (every word, in some form; exact wording as a bonus)
    is tried first and is cheap (an intersection); ``loose`` (any word) only when strict finds
    too little.  ``words`` are the raw words to highlight."""

    strict: query.Query | None
    loose: query.Query | None
    words: set[str]
    bonus: query.Query | None = None  # exact wording / words side by side, added to strict when cheap

    def strict_for(self, reader) -> query.Query | None:
        """``strict`` with the wording bonus — unless the words are so common that checking
        positions in every matching document would cost seconds (then BM25 ranks alone)."""
        if self.bonus is None or self.strict is None or self.strict.estimate_size(reader) > BONUS_MAX_DOCS:
            return self.strict
        return query.AndMaybe(self.strict, self.bonus)


PAIR_VARIANTS = 2  # variants per word tried side by side with the next word
BONUS_MAX_DOCS = 3000  # estimated strict matches above which the position bonus is skipped


def _pair_bonus(forms: list[list[str]]) -> list[query.Query]:
    """Consecutive query words found next to each other in any of their forms ("Ahmad Kaluhan"
    also as "Ahmad Kaiuhan"): a bonus that keeps OCR-damaged names above scattered matches."""
    out: list[query.Query] = []
    for left, right in zip(forms, forms[1:]):
        out += [query.Phrase("raw", [a, b], slop=1, boost=1.5) for a in left for b in right]
    return out


ALIAS_BOOST = 0.8  # another phrase of the same meaning ("nota kesepahaman" for "MoU")
LABEL_BOOST = 1.5  # a document of the type or SOP step the words name


def _alias_query(phrase: tuple[str, ...]) -> query.Query:
    if len(phrase) == 1:
        return query.Or([query.Term("content", textnorm.stem(phrase[0]), boost=ALIAS_BOOST),
                         query.Term("raw", phrase[0], boost=ALIAS_BOOST / 2)])
    return query.Phrase("raw", list(phrase), boost=ALIAS_BOOST)


def _expanded(span_query: query.Query, expansion: Expansion, words: set[str]) -> query.Query:
    """A span of the query as itself, as the other phrases of its group and as the documents of
    the type or step it names (``archive.search.synonyms``)."""
    parts = [span_query] + [_alias_query(p) for p in expansion.phrases]
    parts += [query.Term(field, value, boost=LABEL_BOOST) for field, value in expansion.filters]
    for p in expansion.phrases:
        words.update(p)
    return query.Or(parts)


def build_query(text: str, vocab: Vocabulary, aliases: Aliases | None = None) -> Plan:
    """The Whoosh queries for free text (see ``Plan``); ``aliases`` (default: the office's
    synonyms and the SOP labels) widen the words they know."""
    aliases = office_aliases() if aliases is None else aliases
    parsed = parse_text(text)
    words: set[str] = set(parsed.words)
    groups = []
    forms: list[list[str]] = []  # each word's raw form and its closest variants, for proximity
    quoted = {w for p in parsed.phrases for w in p}
    unquoted = list(dict.fromkeys(w for w in parsed.words if w not in quoted))
    for start, end, expansion in aliases.spans(unquoted):
        span: list[query.Query] = []
        for word in unquoted[start:end]:
            q, variants = _word_query(word, vocab)
            span.append(q)
            forms.append([word] + variants[:PAIR_VARIANTS])
            words.update(variants)
        joined = span[0] if len(span) == 1 else query.And(span)
        groups.append(joined if expansion is None else _expanded(joined, expansion, words))
    phrases = [query.Phrase("raw", p, boost=5.0) if len(p) > 1 else query.Term("raw", p[0], boost=2.0)
               for p in parsed.phrases]
    nomors = [_nomor_query(n) for n in parsed.nomors]
    required = groups + phrases + nomors
    if not required:
        return Plan(None, None, words)
    strict: query.Query = required[0] if len(required) == 1 else query.And(required)
    bonus = None
    if len(parsed.words) > 1 and not parsed.phrases:  # exact wording ranks first, then words side by side
        bonus = query.Or([query.Phrase("raw", parsed.words, slop=1, boost=3.0)] + _pair_bonus(forms))
    loose = None
    if len(groups) + len(nomors) > 1:
        loose = query.Or(groups + nomors)
        for phrase in phrases:  # a quoted phrase stays required
            loose = query.And([loose, phrase])
    return Plan(strict, loose, words, bonus)


NO_PARTNER = "\x00"  # a partner value never indexed


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def partner_values(partner: str, indexed: list[str]) -> list[str]:
    """The indexed partner names a partner filter means: case and punctuation ignored, and any
    name containing the typed words in order ("lok batu" -> "SD Negeri Lok Batu", "Desa Lok Batu");
    another spelling of a partner finds its one indexed name ("Ds. Lampihong" -> "Desa Lampihong")."""
    want = _fold(partner)
    if not want:
        return []
    same = _fold(canonical_name(partner))
    return [name for name in indexed if f" {want} " in f" {_fold(name)} " or _fold(name) == same]


def build_filter(q: SearchQuery, partners: list[str] | None = None) -> query.Query | None:
    """Filters (facets, date range, nomor) as one And query; ``partners``: the indexed partner
    names (a partner filter matches them by part of the name, ignoring case)."""
    terms: list[query.Query] = []
    if q.doc_type:
        terms.append(query.Term("doc_type", q.doc_type))
    if q.sop_step is not None:
        terms.append(query.Term("sop_step", str(q.sop_step)))
    if q.partner:
        names = partner_values(q.partner, partners) if partners is not None else [q.partner]
        terms.append(query.Or([query.Term("partner", n) for n in names]) if names
                     else query.Term("partner", NO_PARTNER))  # no such partner: nothing matches
    if q.activity:
        terms.append(query.Term("activity", q.activity))
    if q.year:
        terms.append(query.Term("year", str(q.year)))
    if q.needs_review is not None:
        terms.append(query.Term("needs_review", bool(q.needs_review)))
    if q.date_from or q.date_to:
        start, end = parse_date(q.date_from), parse_date(q.date_to)
        if (q.date_from and not start) or (q.date_to and not end):
            raise InvalidQueryError("Tanggal harus berformat TTTT-BB-HH. / Dates must be YYYY-MM-DD.")
        if end:
            end = end.replace(hour=23, minute=59, second=59)
        terms.append(query.DateRange("tanggal", start, end))
    if q.nomor:
        terms.append(_nomor_query(q.nomor))
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else query.And(terms)
