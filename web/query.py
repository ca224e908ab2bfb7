"""Turn request arguments into a ``SearchQuery`` (shared by the Cari page and /api/search),
and run it within its limits.

Bad values are refused with ``InvalidQueryError`` (a clear message), never guessed.  A query
is at most ``MAX_QUERY_CHARS`` characters and ``MAX_QUERY_TERMS`` words, and one search may
take ``BURT_SEARCH_TIMEOUT_MS``; at most ``SEARCH_SLOTS`` searches run at once per process,
so a burst of heavy queries cannot starve every other request.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
import re
import threading
from typing import Mapping

from archive import service
from archive.errors import InvalidQueryError
from archive.records import SearchQuery, SearchResult
from ingest.errors import BurtError
from web.state import settings

log = logging.getLogger(__name__)

SORTS = ("relevance", "date", "date_asc")
MAX_LIMIT = 100
MAX_PAGE = 1000
MAX_OFFSET = 2**31 - 1
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
MAX_FILTER_CHARS = 200  # partner, nomor, type, activity
SEARCH_SLOTS = 4
_WHOLE = re.compile(r"^-?[0-9]+$")


class SearchTimeoutError(BurtError):
    """The search took longer than its budget (the machine is busy, or the query is too heavy)."""

    code = "search_timeout"
    http_status = 503
    default_message = ("Pencarian terlalu lama; persempit kata kunci lalu coba lagi. / "
                       "The search took too long; narrow it down and try again.")


def _int(args: Mapping[str, str], name: str, low: int, high: int | None = None) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if len(raw) > 18:
        raise InvalidQueryError(f"Parameter '{name}' di luar jangkauan. / '{name}' is out of range.")
    try:
        value = int(raw)
    except ValueError:
        raise InvalidQueryError(f"Parameter '{name}' harus berupa angka. / '{name}' must be a number.") from None
    if value < low or (high is not None and value > high):
        upper = f"..{high}" if high is not None else " atau lebih / or more"
        raise InvalidQueryError(f"Parameter '{name}' harus {low}{upper}. / '{name}' is out of range.")
    return value


def _date(args: Mapping[str, str], name: str) -> str | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise InvalidQueryError(f"Tanggal '{name}' harus berformat TTTT-BB-HH, mis. 2024-03-12. / "
                                f"'{name}' must be a date YYYY-MM-DD.") from None


def _text(args: Mapping[str, str], name: str) -> str | None:
    raw = (args.get(name) or "").strip()
    if len(raw) > MAX_FILTER_CHARS:
        raise InvalidQueryError(f"Parameter '{name}' terlalu panjang (maks. {MAX_FILTER_CHARS} karakter). / "
                                f"'{name}' is too long (at most {MAX_FILTER_CHARS} characters).")
    return raw or None


def _query_text(args: Mapping[str, str]) -> str:
    text = (args.get("q") or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidQueryError(f"Kata kunci terlalu panjang (maks. {MAX_QUERY_CHARS} karakter). / "
                                f"The query is too long (at most {MAX_QUERY_CHARS} characters).",
                                code="query_too_long")
    if len(text.split()) > MAX_QUERY_TERMS:
        raise InvalidQueryError(f"Terlalu banyak kata kunci (maks. {MAX_QUERY_TERMS} kata). / "
                                f"Too many search terms (at most {MAX_QUERY_TERMS} words).", code="query_too_long")
    return text


def clamped_int(args: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """A whole number argument pulled into ``low..high`` (``default`` when absent or not a number)."""
    raw = (args.get(name) or "").strip()
    if not _WHOLE.match(raw):
        return default
    if len(raw) > 18:
        return low if raw.startswith("-") else high
    return min(max(int(raw), low), high)


def parse_search_args(args: Mapping[str, str], *, default_limit: int = 10) -> SearchQuery:
    """``q, step, type, partner, from, to, year, nomor, needs_review, page, limit, sort`` → ``SearchQuery``
    (``needs_review=1``: only documents waiting for review)."""
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise InvalidQueryError("Urutan harus relevance, date atau date_asc. / "
                                "sort must be relevance, date or date_asc.")
    return SearchQuery(
        text=_query_text(args),
        doc_type=_text(args, "type"),
        sop_step=_int(args, "step", 1, 99),
        partner=_text(args, "partner"),
        activity=_text(args, "activity"),
        date_from=_date(args, "from"),
        date_to=_date(args, "to"),
        year=_int(args, "year", 1900, 2999),
        nomor=_text(args, "nomor"),
        needs_review=True if (args.get("needs_review") or "").strip().lower() in ("1", "true", "ya") else None,
        page=_int(args, "page", 1, MAX_PAGE) or 1,
        limit=_int(args, "limit", 1, MAX_LIMIT) or default_limit,
        sort=sort,
    )


def query_args(query: SearchQuery, **changes) -> dict[str, str]:
    """The URL arguments that reproduce ``query`` (with ``changes``), for pagination and facet links."""
    pairs = {
        "q": query.text, "type": query.doc_type, "step": query.sop_step, "partner": query.partner,
        "activity": query.activity, "from": query.date_from, "to": query.date_to, "year": query.year,
        "nomor": query.nomor, "needs_review": "1" if query.needs_review else None, "page": query.page,
        "sort": query.sort,
    }
    pairs.update(changes)
    out = {k: str(v) for k, v in pairs.items() if v not in (None, "")}
    if out.get("page") == "1":
        out.pop("page")
    if out.get("sort") == "relevance":
        out.pop("sort")
    return out


_pool = concurrent.futures.ThreadPoolExecutor(max_workers=SEARCH_SLOTS, thread_name_prefix="burt-search")
_slots = threading.BoundedSemaphore(SEARCH_SLOTS * 2)  # running + waiting; more are refused at once


def run_search(query: SearchQuery) -> SearchResult:
    """``service.search`` within the time budget; ``SearchTimeoutError`` (503) past it, or when
    so many searches are already waiting that this one could not start in time."""
    current = settings()
    budget = current.search_timeout_ms / 1000.0
    if not _slots.acquire(timeout=budget):
        raise SearchTimeoutError()
    try:
        future = _pool.submit(service.search, current, query)
    except BaseException:
        _slots.release()
        raise
    future.add_done_callback(lambda _f: _slots.release())
    try:
        return future.result(timeout=budget)
    except concurrent.futures.TimeoutError:
        log.warning("search over its %.1f s budget (%d chars): refused", budget, len(query.text))
        raise SearchTimeoutError() from None
