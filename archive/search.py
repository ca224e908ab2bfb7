"""The search index (the only module that imports Whoosh).

* ``content``: Indonesian analyzer — word tokens, lower case, a trimmed stop list that keeps
  domain words, Sastrawi stems (cached) — so "perpustakaan" finds "pustaka", "kepustakaan"…
* ``raw``: the same words unstemmed; exact phrases are matched here (they rank first) and OCR
  variants are found by expanding each query word to the index words within a small edit
  distance (rapidfuzz over the field's vocabulary, cached per index generation), so
  "perpustakan", "perpustakaan" and "pcrpustakaan" find each other.
* facets / filters: doc_type, sop_step, partner, activity (multi), tanggal (date), year,
  needs_review; ``nomor_key`` (exact, OCR-confusions folded) and ``nomor_parts`` (partial).

Writes go through ONE writer per index: a thread lock inside the process plus an ``fcntl`` file
lock across processes, so concurrent ingests queue instead of hitting ``LockError``.  A failed
write cancels and re-raises.  Readers use their own searchers and never wait for the writer.
"""
from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator

from whoosh import collectors, highlight, index, query, sorting
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter, Token, Tokenizer
from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from archive import textnorm
from archive.errors import InvalidQueryError
from archive.records import SearchHit, SearchQuery, SearchResult
from archive.vocabulary import Vocabulary, build_vocabulary, did_you_mean, max_edits

log = logging.getLogger(__name__)

WORD_PATTERN = r"\w+"
FACET_FIELDS = ("doc_type", "sop_step", "partner", "activity", "year")
MAX_LIMIT = 100


# --- analyzers and schema ----------------------------------------------------------------------

def raw_analyzer():
    """Words, lower case, stop words out; no stemming (exact phrases, OCR-variant expansion)."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | StopFilter(stoplist=textnorm.STOP_WORDS, minsize=1)


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


def make_schema() -> Schema:
    """The one schema of the index."""
    return Schema(
        id=ID(stored=True, unique=True),
        file=STORED(),
        title=TEXT(analyzer=indonesian_analyzer(), stored=True),
        content=TEXT(analyzer=indonesian_analyzer(), stored=True, phrase=True),
        raw=TEXT(analyzer=raw_analyzer(), phrase=True),
        nomor=STORED(),
        nomor_key=ID(),
        nomor_flat=ID(),
        nomor_parts=TEXT(analyzer=NomorTokenizer(), phrase=True),
        doc_type=ID(stored=True, sortable=True),
        sop_step=ID(stored=True, sortable=True),
        partner=ID(stored=True, sortable=True),
        activity=KEYWORD(stored=True, commas=True, sortable=True),
        tanggal=DATETIME(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        needs_review=BOOLEAN(stored=True),
        stamp=STORED(),
    )


# --- index handles, locks -------------------------------------------------------------------------

_handles: dict[str, index.Index] = {}
_handles_lock = threading.Lock()
_thread_locks: dict[str, threading.Lock] = {}
_vocab_cache: dict[str, tuple[int, "Vocabulary", float]] = {}


def _key(index_dir: Path) -> str:
    return str(Path(index_dir).resolve())


def open_index(index_dir: Path) -> index.Index:
    """The index in ``index_dir``, created empty when missing."""
    key = _key(index_dir)
    with _handles_lock:
        ix = _handles.get(key)
        if ix is not None and Path(key).is_dir():
            return ix
        Path(key).mkdir(parents=True, exist_ok=True)
        ix = _retry_vanished(lambda: index.open_dir(key) if index.exists_in(key)
                             else index.create_in(key, make_schema()))
        _handles[key] = ix
        return ix


def _retry_vanished(fn, attempts: int = 20):
    """Run ``fn``, retrying when a commit removed the table of contents we were about to read
    (a reader racing a writer's clean-up; the next generation is already there)."""
    for attempt in range(attempts):
        try:
            return fn()
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.005 * (attempt + 1))


_local = threading.local()


@contextmanager
def open_searcher(index_dir: Path):
    """A searcher on the newest committed generation; never waits for the writer.

    Each thread keeps its searcher (open segment files) and refreshes it only when a commit
    has happened since, so a query does not pay for re-opening the index."""
    ix = open_index(index_dir)
    cache = getattr(_local, "searchers", None)
    if cache is None:
        cache = _local.searchers = {}
    key = _key(index_dir)
    hit = cache.get(key)
    if hit is not None and hit[0] is ix:
        searcher = hit[1]
        if not _retry_vanished(searcher.up_to_date):
            # (whoosh-reloaded's Searcher.refresh() mixes old segments in: open afresh instead)
            searcher.close()
            searcher = _retry_vanished(ix.searcher)
    else:
        if hit is not None:
            hit[1].close()
        searcher = _retry_vanished(ix.searcher)
    cache[key] = (ix, searcher)
    yield ix, searcher


def forget_index(index_dir: Path) -> None:
    """Drop cached handles (after the directory was removed or rebuilt)."""
    key = _key(index_dir)
    with _handles_lock:
        _handles.pop(key, None)
        _vocab_cache.pop(key, None)


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """The single-writer gate: one thread in this process, one process on this machine."""
    key = _key(index_dir)
    with _handles_lock:
        tlock = _thread_locks.setdefault(key, threading.Lock())
    with tlock:
        lock_path = Path(key + ".writer.lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _to_whoosh(doc: dict) -> dict:
    """Index fields from a plain document dict (built by the service from the database)."""
    tanggal = _parse_date(doc.get("tanggal"))
    step = doc.get("sop_step")
    nomors = [n for n in [doc.get("nomor"), *doc.get("rujukan", ())] if n]
    fields = {
        "id": doc["id"], "file": doc.get("file") or "", "title": doc.get("title") or "",
        "content": doc.get("content") or "", "raw": " ".join(filter(None, [doc.get("title"), doc.get("content")])),
        "nomor": doc.get("nomor") or "", "doc_type": doc.get("doc_type") or "none",
        "sop_step": str(step) if step else "none", "partner": doc.get("partner") or "",
        "activity": ",".join(doc.get("activity") or ()), "needs_review": bool(doc.get("needs_review")),
        "stamp": doc.get("stamp") or "",
    }
    if nomors:
        fields["nomor_key"] = textnorm.nomor_key(nomors[0])
        fields["nomor_flat"] = textnorm.nomor_flat(nomors[0])
        fields["nomor_parts"] = "\n".join(nomors)
    if tanggal:
        fields["tanggal"] = tanggal
        fields["year"] = str(tanggal.year)
    return {k: v for k, v in fields.items() if v != "" or k in ("id",)}


def index_documents(index_dir: Path, docs: Iterable[dict]) -> int:
    """Add or replace documents (by id) in one commit; returns how many were written."""
    docs = list(docs)
    if not docs:
        return 0
    with writer_lock(index_dir):
        ix = open_index(index_dir)
        known = set(ix.schema.names())  # an index made by an older version lacks newer fields
        w = ix.writer()
        try:
            for doc in docs:
                w.update_document(**{k: v for k, v in _to_whoosh(doc).items() if k in known})
        except BaseException:
            w.cancel()
            raise
        w.commit()
    return len(docs)


def delete_documents(index_dir: Path, ids: Iterable[str]) -> int:
    ids = list(ids)
    with writer_lock(index_dir):
        w = open_index(index_dir).writer()
        try:
            n = sum(w.delete_by_term("id", i) for i in ids)
        except BaseException:
            w.cancel()
            raise
        w.commit()
    return n


def rebuild(index_dir: Path, docs: Iterable[dict], *, limitmb: int = 128, procs: int = 1) -> int:
    """Build a fresh index from ``docs`` beside ``index_dir``, then swap it in (readers never see
    a half-built index)."""
    key = Path(_key(index_dir))
    fresh = key.with_name(key.name + ".rebuild")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    ix = index.create_in(str(fresh), make_schema())
    count = 0
    w = ix.writer(limitmb=limitmb, procs=procs, multisegment=procs > 1)
    try:
        for doc in docs:
            w.add_document(**_to_whoosh(doc))
            count += 1
    except BaseException:
        w.cancel()
        raise
    w.commit()
    with writer_lock(index_dir):
        old = key.with_name(key.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if key.exists():
            os.replace(key, old)
        os.replace(fresh, key)
        shutil.rmtree(old, ignore_errors=True)
        forget_index(index_dir)
    return count


def indexed_stamps(index_dir: Path) -> dict[str, str]:
    """``{doc id: stamp}`` of every document in the index (for ``verify``)."""
    with open_searcher(index_dir) as (_, s):
        return {f["id"]: f.get("stamp", "") for f in s.all_stored_fields()}


# --- vocabulary for OCR-variant expansion and "did you mean" ---------------------------------

VOCAB_REFRESH_S = 60.0  # a large vocabulary is rebuilt after a commit at most this often
VOCAB_LARGE = 50_000  # words; below this it is rebuilt after every commit (cheap)
_vocab_lock = threading.Lock()


def _vocabulary(ix: index.Index, searcher) -> Vocabulary:
    """The ``raw`` field's words, for variant expansion and "did you mean".

    Rebuilt when the index changed — but a large one at most every ``VOCAB_REFRESH_S`` seconds
    and in a background thread, so neither a stream of uploads nor the rebuild itself slows
    queries down (words of the newest documents still match exactly and by stem meanwhile,
    just not as fuzzy variants)."""
    key = _key(Path(ix.storage.folder))
    gen = searcher.reader().generation()
    hit = _vocab_cache.get(key)
    if hit and hit[0] == gen:
        return hit[1]
    if hit and len(hit[1].freq) >= VOCAB_LARGE:
        if time.monotonic() - hit[2] >= VOCAB_REFRESH_S and key not in _vocab_building:
            _vocab_building.add(key)  # rebuilt in the background; queries use the previous one
            threading.Thread(target=_rebuild_vocabulary, args=(Path(key), key), daemon=True).start()
        return hit[1]
    with _vocab_lock:
        hit = _vocab_cache.get(key)
        if hit and hit[0] == gen:
            return hit[1]
        vocab = _build_vocabulary(searcher.reader())
        _vocab_cache[key] = (gen, vocab, time.monotonic())
        return vocab


_vocab_building: set[str] = set()


def _rebuild_vocabulary(index_dir: Path, key: str) -> None:
    try:
        with _retry_vanished(open_index(index_dir).searcher) as s:
            gen = s.reader().generation()
            vocab = _build_vocabulary(s.reader())
        _vocab_cache[key] = (gen, vocab, time.monotonic())
    except Exception:  # the previous vocabulary stays in use; the next query tries again
        log.exception("could not rebuild the search vocabulary of %s", key)
    finally:
        _vocab_building.discard(key)


def _build_vocabulary(reader) -> Vocabulary:
    def terms():
        for term, info in reader.iter_field("raw"):
            yield (term.decode("utf-8") if isinstance(term, bytes) else term), info.doc_frequency()
    return build_vocabulary(terms())


# --- queries ----------------------------------------------------------------------------------

_PHRASE_RE = re.compile(r'"([^"]+)"')


@dataclass
class ParsedText:
    words: list[str]  # raw (unstemmed, stop words out)
    phrases: list[list[str]]  # quoted phrases as raw words
    nomors: list[str]


def parse_text(text: str) -> ParsedText:
    phrases = [textnorm.words(p) for p in _PHRASE_RE.findall(text)]
    rest = _PHRASE_RE.sub(" ", text)
    nomors, plain = [], []
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


def build_query(text: str, vocab: Vocabulary) -> Plan:
    """The Whoosh queries for free text (see ``Plan``)."""
    parsed = parse_text(text)
    words: set[str] = set(parsed.words)
    groups = []
    forms: list[list[str]] = []  # each word's raw form and its closest variants, for proximity
    quoted = {w for p in parsed.phrases for w in p}
    for word in dict.fromkeys(w for w in parsed.words if w not in quoted):
        q, variants = _word_query(word, vocab)
        groups.append(q)
        forms.append([word] + variants[:PAIR_VARIANTS])
        words.update(variants)
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


def _parse_date(value) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.strptime(str(value)[:10], "%Y-%m-%d")
    except ValueError:
        return None


def build_filter(q: SearchQuery) -> query.Query | None:
    """Filters (facets, date range, nomor) as one And query."""
    terms: list[query.Query] = []
    if q.doc_type:
        terms.append(query.Term("doc_type", q.doc_type))
    if q.sop_step is not None:
        terms.append(query.Term("sop_step", str(q.sop_step)))
    if q.partner:
        terms.append(query.Term("partner", q.partner))
    if q.activity:
        terms.append(query.Term("activity", q.activity))
    if q.year:
        terms.append(query.Term("year", str(q.year)))
    if q.needs_review is not None:
        terms.append(query.Term("needs_review", bool(q.needs_review)))
    if q.date_from or q.date_to:
        start, end = _parse_date(q.date_from), _parse_date(q.date_to)
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


# --- running a search ---------------------------------------------------------------------------

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


def _hit(fields: dict, score: float, words: set[str]) -> SearchHit:
    tanggal = fields.get("tanggal")
    step = fields.get("sop_step")
    return SearchHit(
        id=fields["id"], file=fields.get("file", ""), title=fields.get("title", ""), score=float(score or 0.0),
        snippet=_snippet(fields.get("content", ""), words),
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


def run_query(index_dir: Path, q: SearchQuery) -> SearchResult:
    """Search with filters, sorting, pagination, snippets, facets and a "did you mean"."""
    limit = max(1, min(int(q.limit or 10), MAX_LIMIT))
    page = max(1, int(q.page or 1))
    wanted = page * limit
    with open_searcher(index_dir) as (ix, s):
        vocab = _vocabulary(ix, s)
        plan = build_query(q.text or "", vocab)
        flt = build_filter(q)
        kwargs: dict = {}
        if q.sort in ("date", "date_desc", "date_asc"):
            kwargs["sortedby"] = sorting.FieldFacet("tanggal", reverse=q.sort != "date_asc")
        elif q.sort not in ("relevance", "", None):
            raise InvalidQueryError("Urutan harus 'relevance' atau 'date'. / Sort must be 'relevance' or 'date'.")
        main, results = _execute(s, plan, flt, kwargs, wanted, q.text or "")
        hits = tuple(_hit(h.fields(), h.score, plan.words) for h in results[(page - 1) * limit:wanted])
        total = _total(results, wanted, s.doc_count())
        facets = _facets(s, main, flt) if q.facets and total <= FACET_MAX else {}
        suggestion = did_you_mean(parse_text(q.text or "").words, vocab) if q.text else None
    return SearchResult(total=total, hits=hits, page=page, limit=limit, facets=facets, suggestion=suggestion)


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
