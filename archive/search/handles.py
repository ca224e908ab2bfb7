"""Index and searcher handles per index directory, and the vocabulary of the ``raw`` field (for
OCR-variant expansion and "did you mean"), cached per index generation."""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from whoosh import index

from archive.errors import IndexDamagedError
from archive.search.schema import make_schema
from archive.vocabulary import Vocabulary, build_vocabulary
from ingest.errors import BurtError

log = logging.getLogger(__name__)
T = TypeVar("T")

_handles: dict[str, index.Index] = {}
_handles_lock = threading.Lock()
_vocab_cache: dict[str, tuple[int, Vocabulary, float]] = {}


def index_key(index_dir: Path) -> str:
    """The index directory as one string (resolved): the key of every per-index cache and lock."""
    return str(Path(index_dir).resolve())


def open_index(index_dir: Path) -> index.Index:
    """The index in ``index_dir``, created empty when missing."""
    key = index_key(index_dir)
    with _handles_lock:
        ix = _handles.get(key)
        if ix is not None and Path(key).is_dir():
            return ix
        Path(key).mkdir(parents=True, exist_ok=True)
        ix = retry_vanished(lambda: index.open_dir(key) if index.exists_in(key)
                             else index.create_in(key, make_schema()))
        _handles[key] = ix
        return ix


def retry_vanished(fn: Callable[[], T], attempts: int = 20) -> T:
    """Run ``fn``, retrying when a commit removed the table of contents we were about to read
    (a reader racing a writer's clean-up; the next generation is already there)."""
    for attempt in range(attempts):
        try:
            return fn()
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")


_local = threading.local()


@contextmanager
def open_searcher(index_dir: Path) -> Iterator[tuple[index.Index, Any]]:
    """A searcher on the newest committed generation; never waits for the writer.

    Each thread keeps its searcher (open segment files) and refreshes it only when a commit
    has happened since, so a query does not pay for re-opening the index."""
    try:
        with _cached_searcher(index_dir) as pair:
            yield pair
    except BurtError:
        raise
    except Exception as exc:  # a damaged segment fails in many ways (struct, EOF, seek, unpickling...)
        if index_readable(index_dir):
            raise  # the index is fine: a bug, not damage -- keep the traceback
        forget_index(index_dir)
        log.error("search index %s is damaged (%s: %s); run 'burt reindex'", index_dir, type(exc).__name__, exc)
        raise IndexDamagedError(detail=f"{type(exc).__name__}: {exc}") from exc


def index_readable(index_dir: Path) -> bool:
    """Whether a fresh reader can read every stored document, every term and every posting of the index in
    ``index_dir`` (what a damaged segment file fails); True when there is no index (nothing to be damaged)."""
    key = index_key(index_dir)
    try:
        if not Path(key).is_dir() or not index.exists_in(key):
            return True
        with index.open_dir(key).searcher() as s:
            for _fields in s.all_stored_fields():
                pass
            for _posting in s.reader().iter_postings():  # every term, then its postings with their values
                pass
        return True
    except Exception:  # any failure to read is damage here
        log.debug("index %s is not readable", key, exc_info=True)
        return False


@contextmanager
def _cached_searcher(index_dir: Path) -> Iterator[tuple[index.Index, Any]]:
    ix = open_index(index_dir)
    cache = getattr(_local, "searchers", None)
    if cache is None:
        cache = _local.searchers = {}
    key = index_key(index_dir)
    hit = cache.get(key)
    if hit is not None and hit[0] is ix:
        searcher = hit[1]
        if not retry_vanished(searcher.up_to_date):
            # (whoosh-reloaded's Searcher.refresh() mixes old segments in: open afresh instead)
            searcher.close()
            searcher = retry_vanished(ix.searcher)
    else:
        if hit is not None:
            hit[1].close()
        searcher = retry_vanished(ix.searcher)
    cache[key] = (ix, searcher)
    yield ix, searcher


def forget_index(index_dir: Path) -> None:
    """Drop cached handles (after the directory was removed or rebuilt)."""
    key = index_key(index_dir)
    with _handles_lock:
        _handles.pop(key, None)
        _vocab_cache.pop(key, None)


VOCAB_REFRESH_S = 60.0  # a large vocabulary is rebuilt after a commit at most this often
VOCAB_LARGE = 50_000  # words; below this it is rebuilt after every commit (cheap)
_vocab_lock = threading.Lock()


def vocabulary(ix: index.Index, searcher: Any) -> Vocabulary:
    """The ``raw`` field's words, for variant expansion and "did you mean".

    Rebuilt when the index changed — but a large one at most every ``VOCAB_REFRESH_S`` seconds
    and in a background thread, so neither a stream of uploads nor the rebuild itself slows
    queries down (words of the newest documents still match exactly and by stem meanwhile,
    just not as fuzzy variants)."""
    key = index_key(Path(ix.storage.folder))
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
        with retry_vanished(open_index(index_dir).searcher) as s:
            gen = s.reader().generation()
            vocab = _build_vocabulary(s.reader())
        _vocab_cache[key] = (gen, vocab, time.monotonic())
    except Exception:  # the previous vocabulary stays in use; the next query tries again
        log.exception("could not rebuild the search vocabulary of %s", key)
    finally:
        _vocab_building.discard(key)


def _build_vocabulary(reader: Any) -> Vocabulary:
    def terms() -> Iterator[tuple[str, int]]:
        for term, info in reader.iter_field("raw"):
            yield (term.decode("utf-8") if isinstance(term, bytes) else term), info.doc_frequency()
    return build_vocabulary(terms())
