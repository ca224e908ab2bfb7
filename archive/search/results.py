"""Running a search: strict then loose query under a time limit, hits with highlighted snippets,
facet counts, "did you mean", prefix suggestions, similar documents."""
from __future__ import annotations

import heapq
import logging
from pathlib import Path

from whoosh import collectors, highlight, query, sorting
from whoosh import index as wh_index

from archive import textnorm
from archive.errors import InvalidQueryError
from archive.records import SearchHit, SearchQuery, SearchResult
from archive.search.analyzers import raw_analyzer
from archive.search.handles import index_key, open_searcher, vocabulary
from archive.search.query import Plan, build_filter, build_query, parse_text
from archive.search.schema import FACET_FIELDS
from archive.vocabulary import did_you_mean

log = logging.getLogger(__name__)

MAX_LIMIT = 100


class MarkFormatter(highlight.HtmlFormatter):
    """Matches as ``<mark class="match">…</mark>``; everything else HTML-escaped."""

    def format_token(self, text, token, replace=False):
        ttext = highlight.htmlescape(highlight.get_text(text, token, replace), quote=False)
        return f'<mark class="match">{ttext}</mark>'


def _snippet(text: str, words: set[str]) -> str:
    """Highlighted HTML fragments of ``text`` around the matched words (raw words, or any word
    whose stem matches a query word's stem)."""
    if not text:
        return ""
    stems = {textnorm.stem(w) for w in words}
    cores = {st[1:] for st in stems if len(st) >= 4}  # survives prefixes and nasalisation (pinjam→meminjam)
    present = set(textnorm.words(text))
    terms = {w for w in present
             if w in words or (any(c in w for c in cores) and textnorm.stem(w) in stems)}
    formatter = MarkFormatter(between=" … ")
    fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
    out = highlight.highlight(text, terms, raw_analyzer(), fragmenter, formatter, top=2) if terms else ""
    if not out:
        out = highlight.htmlescape(text[:200], quote=False)
    return out


def _browse_snippet(fields: dict) -> str:
    """The snippet of a hit found without words: its perihal (the title, unless that is only the
    file name), else the start of its text."""
    title = fields.get("title") or ""
    if title and title != Path(fields.get("file") or "").stem:
        return highlight.htmlescape(title, quote=False)
    return highlight.htmlescape((fields.get("content") or "")[:200], quote=False)


def _hit(fields: dict, score: float, words: set[str]) -> SearchHit:
    tanggal = fields.get("tanggal")
    step = fields.get("sop_step")
    return SearchHit(
        id=fields["id"], file=fields.get("file", ""), title=fields.get("title", ""), score=float(score or 0.0),
        snippet=_snippet(fields.get("content", ""), words) if words else _browse_snippet(fields),
        doc_type=None if fields.get("doc_type") in (None, "none") else fields["doc_type"],
        sop_step=int(step) if step and step != "none" else None,
        tanggal=tanggal.strftime("%Y-%m-%d") if tanggal else None,
        nomor=fields.get("nomor") or None, partner=fields.get("partner") or None)


def _facets(searcher, q: query.Query, flt: query.Query | None) -> dict[str, dict[str, int]]:
    groups = {name: sorting.FieldFacet(name, allow_overlap=(name == "activity")) for name in FACET_FIELDS}
    res = searcher.search(q, filter=flt, groupedby=groups, maptype=sorting.Count, limit=1, scored=False)
    out: dict[str, dict[str, int]] = {}
    for name in FACET_FIELDS:
        counts = {str(k): int(v) for k, v in res.groups(name).items() if k not in (None, "", "none", b"")}
        if counts:
            out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    review = query.Term("needs_review", True)
    waiting = len(searcher.search(q, filter=query.And([flt, review]) if flt is not None else review, limit=1,
                                  scored=False))
    if waiting:  # "needs review": one entry, keyed by its URL value (``needs_review=1``)
        out["needs_review"] = {"1": waiting}
    return out


EXACT_COUNT_UP_TO = 5000  # count matches exactly when the estimate is below this; else estimate
FACET_MAX = 20_000  # facets count every match: above this many they are left out (too slow)
LOOSE_BELOW = 1  # run the any-word query only when every-word finds fewer hits than this


def _total(results, wanted: int, doc_count: int) -> int:
    scored = results.scored_length()
    if scored < wanted:
        return scored
    if results.has_exact_length():
        return len(results)
    estimate = results.estimated_length()
    return len(results) if estimate <= EXACT_COUNT_UP_TO else min(estimate, doc_count)


SEARCH_TIME_LIMIT_S = 0.3  # scoring stops here; words in most documents would otherwise take seconds


def _search(s, q: query.Query, flt, wanted: int, kwargs: dict):
    """Run ``q``, but stop scoring after ``SEARCH_TIME_LIMIT_S``: for words that occur in tens
    of thousands of documents the best of those scored so far is returned (``total`` becomes
    an estimate) instead of making the clerk wait seconds."""
    if flt is not None:  # filters as a zero-score clause (a filter collector would hide the time limit)
        q = query.And([q, query.ConstantScoreQuery(flt, score=0.0)])
    collector = collectors.TimeLimitCollector(s.collector(limit=wanted, **kwargs), SEARCH_TIME_LIMIT_S,
                                              use_alarm=False)
    try:
        s.search_with_collector(q, collector)
    except collectors.TimeLimit:
        log.info("search stopped after %.1f s; best of the documents scored so far", SEARCH_TIME_LIMIT_S)
    finally:
        if collector.timer is not None:
            collector.timer.cancel()
    return collector.results()


def _execute(s, plan: Plan, flt, kwargs: dict, wanted: int, text: str):
    """Strict query first; the loose one only when strict finds nothing."""
    if plan.strict is None:  # no text: browse by filters; only stop words: nothing to find
        main = query.NullQuery if text.strip() else query.Every()
        return main, _search(s, main, flt, wanted, kwargs)
    strict = plan.strict_for(s.reader())
    results = _search(s, strict, flt, wanted, kwargs)
    if plan.loose is None or results.scored_length() >= LOOSE_BELOW:
        return strict, results
    return plan.loose, _search(s, plan.loose, flt, wanted, kwargs)


def _partners(s) -> list[str]:
    return [t.decode("utf-8") if isinstance(t, bytes) else t for t in s.reader().lexicon("partner")]


def run_query(index_dir: Path, q: SearchQuery) -> SearchResult:
    """Search with filters, sorting, pagination (a page past the last is the last), snippets,
    facets and a suggestion whenever nothing is found."""
    limit = max(1, min(int(q.limit or 10), MAX_LIMIT))
    page = max(1, int(q.page or 1))
    with open_searcher(index_dir) as (ix, s):
        vocab = vocabulary(ix, s)
        plan = build_query(q.text or "", vocab)
        flt = build_filter(q, _partners(s))
        kwargs: dict = {}
        if q.sort in ("date", "date_desc", "date_asc"):
            kwargs["sortedby"] = sorting.FieldFacet("tanggal", reverse=q.sort != "date_asc")
        elif q.sort not in ("relevance", "", None):
            raise InvalidQueryError("Urutan harus 'relevance' atau 'date'. / Sort must be 'relevance' or 'date'.")
        main, results = _execute(s, plan, flt, kwargs, page * limit, q.text or "")
        total = _total(results, page * limit, s.doc_count())
        last = max(1, -(-total // limit))
        if page > last:  # "page 99 of 2" is the last page
            page = last
            main, results = _execute(s, plan, flt, kwargs, page * limit, q.text or "")
            total = _total(results, page * limit, s.doc_count())
        hits = tuple(_hit(h.fields(), h.score, plan.words) for h in results[(page - 1) * limit:page * limit])
        facets = _facets(s, main, flt) if q.facets and total <= FACET_MAX else {}
        words = parse_text(q.text or "").words
        suggestion = did_you_mean(words, vocab) if q.text else None
        if total == 0 and q.text and not suggestion:
            suggestion = _another_query(s, vocab, words, flt, kwargs)
    return SearchResult(total=total, hits=hits, page=page, limit=limit, facets=facets, suggestion=suggestion)


def _finds(s, text: str, vocab, flt, kwargs: dict) -> bool:
    plan = build_query(text, vocab)
    return plan.strict is not None and _execute(s, plan, flt, kwargs, 1, text)[1].scored_length() > 0


def _another_query(s, vocab, words: list[str], flt, kwargs: dict) -> str | None:
    """A query that finds something when ``words`` find nothing: the words one fewer (the rarest
    dropped first), then any one word, then the index words closest to the first word, then the
    most common word of the archive."""
    if len(words) > 1:
        by_rarity = sorted(range(len(words)), key=lambda i: vocab.freq.get(words[i], 0))
        for i in by_rarity:
            shorter = " ".join(w for j, w in enumerate(words) if j != i)
            if _finds(s, shorter, vocab, flt, kwargs):
                return shorter
        for w in sorted(words, key=lambda w: -vocab.freq.get(w, 0)):
            if _finds(s, w, vocab, flt, kwargs):
                return w
    for w in words:
        for cand, _ in vocab.near(w, 3):
            if cand != w and _finds(s, cand, vocab, flt, kwargs):
                return cand
    common = heapq.nlargest(20, ((f, w) for w, f in vocab.freq.items() if len(w) >= 5 and w.isalpha()))
    for _, w in common:
        if _finds(s, w, vocab, flt, kwargs):
            return w
    return None


def suggest(index_dir: Path, prefix: str, limit: int = 10) -> list[str]:
    """Index words starting with ``prefix`` (most documents first), for the search box."""
    p = prefix.strip().lower()
    if not p:
        return []
    head, _, last = p.rpartition(" ")
    if not last:
        return []
    with open_searcher(index_dir) as (_, s):
        reader = s.reader()
        cands = []
        for term in reader.expand_prefix("raw", last):
            term = term.decode("utf-8") if isinstance(term, bytes) else term
            cands.append((reader.doc_frequency("raw", term), term))
    cands.sort(key=lambda ft: (-ft[0], ft[1]))
    return [(head + " " + t).strip() for _, t in cands[:limit]]


def more_like_this(index_dir: Path, doc_id: str, limit: int = 10) -> list[SearchHit]:
    """Documents whose key terms resemble those of ``doc_id``."""
    with open_searcher(index_dir) as (_, s):
        docnum = s.document_number(id=doc_id)
        if docnum is None:
            return []
        res = s.more_like(docnum, "content", top=limit, numterms=12)
        return [_hit(h.fields(), h.score, set()) for h in res]


def doc_count(index_dir: Path) -> int:
    with open_searcher(index_dir) as (_, s):
        return s.doc_count()


def indexed_stamps(index_dir: Path) -> dict[str, str]:
    """``{doc id: stamp}`` of every document in the index (for ``verify``)."""
    with open_searcher(index_dir) as (_, s):
        return {f["id"]: f.get("stamp", "") for f in s.all_stored_fields()}


def index_count(index_dir: Path) -> int | None:
    """Documents in the index, or None when there is no index in ``index_dir`` (never creates one:
    for the health check)."""
    if not Path(index_key(index_dir)).is_dir() or not wh_index.exists_in(index_key(index_dir)):
        return None
    return doc_count(index_dir)
