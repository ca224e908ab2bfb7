"""Turn request arguments into a ``SearchQuery`` (shared by the Cari page and /api/search).

Bad values are refused with ``InvalidQueryError`` (a clear message), never guessed.
"""
from __future__ import annotations

import datetime as dt
from typing import Mapping

from archive.errors import InvalidQueryError
from archive.records import SearchQuery

SORTS = ("relevance", "date", "date_asc")
MAX_LIMIT = 100


def _int(args: Mapping[str, str], name: str, low: int, high: int | None = None) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
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
    return raw or None


def parse_search_args(args: Mapping[str, str], *, default_limit: int = 10) -> SearchQuery:
    """``q, step, type, partner, from, to, year, nomor, page, limit, sort`` → ``SearchQuery``."""
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise InvalidQueryError("Urutan harus relevance, date atau date_asc. / "
                                "sort must be relevance, date or date_asc.")
    return SearchQuery(
        text=(args.get("q") or "").strip(),
        doc_type=_text(args, "type"),
        sop_step=_int(args, "step", 1, 99),
        partner=_text(args, "partner"),
        activity=_text(args, "activity"),
        date_from=_date(args, "from"),
        date_to=_date(args, "to"),
        year=_int(args, "year", 1900, 2999),
        nomor=_text(args, "nomor"),
        page=_int(args, "page", 1) or 1,
        limit=_int(args, "limit", 1, MAX_LIMIT) or default_limit,
        sort=sort,
    )


def query_args(query: SearchQuery, **changes) -> dict[str, str]:
    """The URL arguments that reproduce ``query`` (with ``changes``), for pagination and facet links."""
    pairs = {
        "q": query.text, "type": query.doc_type, "step": query.sop_step, "partner": query.partner,
        "activity": query.activity, "from": query.date_from, "to": query.date_to, "year": query.year,
        "nomor": query.nomor, "page": query.page, "sort": query.sort,
    }
    pairs.update(changes)
    out = {k: str(v) for k, v in pairs.items() if v not in (None, "")}
    if out.get("page") == "1":
        out.pop("page")
    if out.get("sort") == "relevance":
        out.pop("sort")
    return out
