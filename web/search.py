"""*Cari*: the search page (query box with suggestions, facets, snippets, pages, sort)."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, jsonify, render_template, request

from archive import service
from web.access import requires
from web.query import parse_search_args, query_args, run_search
from web.state import settings

bp = Blueprint("search", __name__)

PAGE_SIZE = 10
RECENT = 8  # newest documents shown under an empty search box


@bp.route("/")
@requires("read")
def home():
    """The front page is the search page."""
    return index()


@bp.route("/cari")
@requires("read")
def index():
    """Run the search when there is a query or a filter; otherwise show the empty form."""
    query = parse_search_args(request.args, default_limit=PAGE_SIZE)
    has_filter = any(request.args.get(k) for k in ("q", "type", "step", "partner", "activity", "from", "to", "year",
                                                   "nomor", "needs_review"))
    result = run_search(query) if has_filter else None
    recent = [] if has_filter else service.list_documents(settings(), limit=RECENT, offset=0)
    pages = 0
    if result is not None and result.limit:
        pages = (result.total + result.limit - 1) // result.limit
        if result.page != query.page:  # past the last page: the service showed the last one
            query = replace(query, page=result.page)
    activities = {}
    if result is not None and (query.activity or (result.facets or {}).get("activity")):
        activities = {str(a.id): f"{a.partner} · {a.period}" for a in service.activity_choices(settings())}
    return render_template("search/index.html", query=query, result=result, pages=pages,
                           args_for=lambda **c: query_args(query, **c), searched=has_filter, recent=recent,
                           activities=activities)


@bp.route("/cari/saran")
@requires("read")
def suggestions():
    """Completions for the query box (``service.suggest``), as a JSON list of strings."""
    prefix = (request.args.get("q") or "").strip()
    if len(prefix) < 2 or len(prefix) > 100:
        return jsonify([])
    return jsonify([str(s) for s in service.suggest(settings(), prefix)][:10])
