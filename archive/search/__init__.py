"""The search index (the only package that imports Whoosh).

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

Modules: ``analyzers`` (tokenizers and filters), ``schema`` (the one schema; a database document
dict -> index fields), ``handles`` (index and searcher handles per directory, the vocabulary cache),
``writer`` (the single writer: add, delete, rebuild), ``query`` (free text and filters -> Whoosh
queries), ``results`` (running a search: hits, snippets, facets, suggestions).  The rest of the
archive uses the functions re-exported here.
"""
from __future__ import annotations

from archive.search.handles import forget_index, index_readable, open_index
from archive.search.results import doc_count, index_count, indexed_stamps, more_like_this, run_query, suggest
from archive.search.writer import delete_documents, index_documents, rebuild

__all__ = ["index_documents", "delete_documents", "rebuild", "run_query", "suggest", "more_like_this",
           "indexed_stamps", "doc_count", "index_count", "open_index", "forget_index", "index_readable"]
