"""The review state is written when something changes, never on a page view (issue 18): real OCR
of a generated letter, SQLite, Whoosh and the Flask test client.

A page view reads the stored ``needs_review``; ingest, corrections, accepts and ``reindex``
write it.  A row dump of every table before and after the pages shows a GET changes nothing."""
from __future__ import annotations

import hashlib
import json
import re

from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, text

from archive import service
from archive.records import SearchQuery
from web.cli import main

PAGES = ("/", "/cari?q=buku", "/dokumen", "/dokumen?tinjau=1", "/dokumen?ditinjau=1", "/dasbor", "/unggah",
         "/kegiatan", "/audit", "/riwayat", "/api/v1/search?q=buku&needs_review=1")


def _dump(settings) -> str:
    """Every row of every table, in a fixed order, as one checksum."""
    engine = create_engine(settings.database_url)
    h = hashlib.sha256()
    try:
        with engine.connect() as conn:
            for table in sorted(inspect(conn).get_table_names()):
                for row in sorted(repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{table}"'))):
                    h.update(f"{table}|{row}\n".encode())
    finally:
        engine.dispose()
    return h.hexdigest()


def _stored(settings, doc_id: str) -> bool:
    return service.get_document(settings, doc_id).needs_review


def _set_stored(settings, doc_id: str, value: bool) -> None:
    engine = create_engine(settings.database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE documents SET needs_review = :v WHERE id = :i"), {"v": value, "i": doc_id})
    finally:
        engine.dispose()


def _api_path(app) -> str:
    return "/api/v1/search" if any(r.rule == "/api/v1/search" for r in app.url_map.iter_rules()) else "/api/search"


def test_ingest_stores_the_state_and_page_views_change_nothing(client_as, app, settings, flagged_doc, letter_doc):
    assert _stored(settings, flagged_doc) and service.review_flags(settings, flagged_doc)
    client = client_as("pelaksana")
    pages = [p.replace("/api/v1/search", _api_path(app)) for p in PAGES] + [f"/dokumen/{flagged_doc}",
                                                                            f"/dokumen/{letter_doc}"]
    before = _dump(settings)  # right after ingest: the first views are the ones that used to write
    for _round in range(2):
        for page in pages:
            assert client.get(page).status_code == 200, page
        assert _dump(settings) == before


def test_search_filters_and_counts_the_documents_waiting_for_review(client_as, app, settings, flagged_doc,
                                                                    letter_doc):
    waiting = {d.id for d in service.list_documents(settings, limit=100, needs_review=True)}
    assert flagged_doc in waiting
    client = client_as("auditor")
    api = _api_path(app)
    everything = client.get(f"{api}?q=desa&limit=50").get_json()
    only = client.get(f"{api}?q=desa&limit=50&needs_review=1").get_json()
    found = {h["id"] for h in everything["hits"]}
    assert {h["id"] for h in only["hits"]} == found & waiting and flagged_doc in found
    assert everything["facets"]["needs_review"] == {"1": len(found & waiting)}
    browse = client.get(f"{api}?needs_review=1&limit=50").get_json()  # no words: the filter alone
    assert {h["id"] for h in browse["hits"]} == waiting and browse["total"] == len(waiting)
    html = client.get("/cari?needs_review=1").get_data(as_text=True)
    assert f"/dokumen/{flagged_doc}" in html and 'class="chip"' in html and "Perlu ditinjau" in html
    assert 'name="needs_review" value="1" checked' in html
    facet = client.get("/cari?q=desa").get_data(as_text=True)
    assert re.search(r'href="/cari\?[^"]*needs_review=1[^"]*">\s*Perlu ditinjau</a>', facet), "no review facet"
    out = CliRunner().invoke(main, ["--home", str(settings.home), "search", "--needs-review", "--limit", "50",
                                    "--json"])
    assert out.exit_code == 0, out.output
    assert {h["id"] for h in json.loads(out.stdout)["hits"]} == waiting


def test_a_page_view_does_not_repair_a_stale_state_but_a_write_does(client_as, settings, flagged_doc):
    """The state written by hand out of step: pages show what is stored (no write on GET);
    ``store_review_state`` (what every write calls) brings it back."""
    _set_stored(settings, flagged_doc, False)
    try:
        client = client_as("pelaksana")
        html = client.get("/dokumen?tinjau=1").get_data(as_text=True)
        assert f"/dokumen/{flagged_doc}" not in html
        client.get("/dasbor")
        client.get(f"/dokumen/{flagged_doc}")
        assert not _stored(settings, flagged_doc)
        assert service.review_count(settings) == len(service.review_queue(settings))
    finally:
        assert flagged_doc in service.store_review_state(settings)
    assert _stored(settings, flagged_doc)
    html = client_as("pelaksana").get("/dokumen?tinjau=1").get_data(as_text=True)
    assert f"/dokumen/{flagged_doc}" in html


def test_a_correction_updates_the_stored_flag_the_search_filter_and_the_badge(client_as, settings, flagged_doc):
    keys = {f.key for f in service.review_flags(settings, flagged_doc)}
    assert "missing:perihal" in keys, keys
    count = service.review_count(settings)
    fixes: dict = {f.field: "Permohonan peminjaman buku" if f.field == "perihal" else "045/12/DS-LB/IV/2024"
                   for f in service.review_flags(settings, flagged_doc) if f.field in ("perihal", "nomor")}
    service.correct_metadata(settings, flagged_doc, fixes, user="pelaksana")
    left = service.review_flags(settings, flagged_doc)
    assert "missing:perihal" not in {f.key for f in left}
    if left:  # e.g. an unclear page is no field: accepting clears what is left
        service.accept_review(settings, flagged_doc, user="pelaksana")
    assert not _stored(settings, flagged_doc) and service.review_count(settings) == count - 1
    hits = service.search(settings, SearchQuery(needs_review=True, limit=50)).hits
    assert flagged_doc not in {h.id for h in hits}
    html = client_as("pelaksana").get("/dokumen").get_data(as_text=True)
    badge = re.search(r'id="nav-review"[^>]*>[^<]*<span class="badge[^"]*"[^>]*>(\d+)</span>', html)
    assert (int(badge.group(1)) if badge else 0) == count - 1
    # emptying a required field again flags it again, at once
    service.correct_metadata(settings, flagged_doc, {"perihal": ""}, user="pelaksana")
    assert _stored(settings, flagged_doc)
    assert "missing:perihal" in {f.key for f in service.review_flags(settings, flagged_doc)}
    hits = service.search(settings, SearchQuery(needs_review=True, limit=50)).hits
    assert flagged_doc in {h.id for h in hits}


def test_the_activity_pages_action_column_has_a_header(client_as, settings, letter_doc):
    """Lepas / Pindah sit in a column named "Tindakan" (an empty header is no name for a screen reader)."""
    mine = service.create_activity(settings, "Desa Header Uji", "2024", user="pelaksana")
    service.create_activity(settings, "Desa Lain Uji", "2024", user="pelaksana")  # so "Pindah" is offered too
    service.link_document(settings, letter_doc, mine.id, user="pelaksana")
    html = client_as("pelaksana").get(f"/kegiatan/{mine.id}").get_data(as_text=True)
    assert ">Lepas<" in html and ">Pindah<" in html
    heads = re.findall(r"<th[^>]*>(.*?)</th>", html, flags=re.S)
    assert heads and all(h.strip() for h in heads), heads
    assert '<th scope="col">Tindakan</th>' in html
