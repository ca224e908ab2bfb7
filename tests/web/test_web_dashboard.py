"""The Dasbor page through Flask's test client over the generated archive of activities: the
JSON island the browser draws from, every link opening the matching search / audit / list with
the counted documents, the fallback tables' links, no plotting on a page load, the printed PDF."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from web_helpers import PASSWORD, login, make_settings

from tests.archive.test_activities_world import add_document, build_world

ROOT = Path(__file__).resolve().parents[2]
UNDATED = "0000000f0001"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from archive import db, service
    from archive.audit import load_rules
    from web.app import create_app

    settings = make_settings(tmp_path_factory.mktemp("dasbor"))
    settings.ensure_dirs()
    service.add_user(settings, "kepala_dinas", "kepala_dinas", password=PASSWORD)
    world = build_world(settings)
    rules = load_rules()
    with db.session_scope(settings) as session:
        add_document(session, UNDATED, "surat_balasan", tanggal=None, created_at="2021-01-05T08:00:00+00:00")
        for doc in session.scalars(db.select(db.Document)):  # the step ingest gives each typed document
            doc.sop_step = rules.type_steps.get(doc.doc_type)
    service.audit(settings)  # links (and indexes) every document, as ingest would have
    app = create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})
    app.config["world"] = world
    yield app
    db.close_db(settings)


@pytest.fixture(scope="module")
def client(app):
    c = app.test_client()
    assert login(c, "kepala_dinas").status_code == 302
    return c


@pytest.fixture(scope="module")
def page(client) -> str:
    resp = client.get("/dasbor")
    assert resp.status_code == 200
    return resp.get_data(as_text=True)


def island(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="dashboard-data">(.*?)</script>', html, re.DOTALL)
    assert m, "no JSON island"
    return json.loads(m.group(1))


def args_of(link: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}


def search_total(app, link: str) -> int:
    from archive import service
    from web.query import parse_search_args
    from web.state import settings

    assert urlsplit(link).path == "/cari"
    with app.app_context():
        return service.search(settings(), parse_search_args(args_of(link))).total


def test_the_page_loads_chart_js_and_dashboard_js_locally(page):
    assert '<script src="/static/vendor/chart.umd.min.js" defer></script>' in page
    assert '<script src="/static/dashboard.js" defer></script>' in page
    assert "cdn" not in page.lower() and "<svg" not in page  # no CDN, no server-drawn chart
    assert (ROOT / "web" / "static" / "vendor" / "chart.umd.min.js").exists(), "run make install (js-vendor)"


def test_month_bars_link_to_the_letters_of_that_month(app, page):
    world = app.config["world"]
    months = island(page)["months"]
    data, links = months["datasets"][0]["data"], months["datasets"][0]["links"]
    counted = 0
    for label, n, link in zip(months["labels"], data, links):
        if label == "Tanpa tanggal":
            assert n == 1 and link is None  # no search filter finds "no date": no link, not a wrong one
            continue
        first, last = args_of(link)["from"], args_of(link)["to"]
        assert first == f"{label}-01" and last[:7] == label
        expected = sum(1 for d in world.docs.values() if d["tanggal"].isoformat()[:7] == label)
        assert n == expected
        if n:
            assert search_total(app, link) == n, link  # the search finds exactly the counted letters
            counted += n
    assert counted == len(world.docs)
    assert months["labels"][-1] == "Tanpa tanggal" and months["undated"] == 1
    assert "/cari?from=2024-02-01&amp;to=2024-02-29" in page or "2024-02" not in months["labels"]


def test_step_bars_link_to_the_search_by_step(app, page):
    steps = island(page)["steps"]
    assert [args_of(link) for link in steps["datasets"][0]["links"]] == [{"step": str(n)} for n in range(1, 7)]
    assert all(search_total(app, link) > 0 for link in steps["datasets"][0]["links"])
    assert steps["labels"][0].startswith("1. ") and steps["counts"][0].count("/") == 1


def test_kecamatan_bars_link_to_their_activities_on_the_audit_page(client, page):
    chart = island(page)["activities"]
    batumandi = chart["labels"].index("Batumandi")
    for ds in chart["datasets"]:
        n, link = ds["data"][batumandi], ds["links"][batumandi]
        assert args_of(link) == {"kecamatan": "Batumandi", "tahun": ds["label"]}
        html = client.get(link).get_data(as_text=True)
        assert len(re.findall(r'<section class="[^"]*\baudit-activity\b', html)) == n == 1


def test_review_slices_link_to_the_queue_and_the_list(app, page):
    from archive import service
    from web.state import settings

    review = island(page)["review"]
    with app.app_context():
        assert review["datasets"][0]["data"][1] == service.review_count(settings())  # the menu badge's number
    assert sum(review["datasets"][0]["data"]) == len(app.config["world"].docs) + 1
    assert review["datasets"][0]["links"] == ["/dokumen", "/dokumen?tinjau=1"]
    assert review["labels"] == ["Sudah pasti", "Perlu ditinjau"]
    assert re.fullmatch(r"Dokumen perlu ditinjau \(\d+ dari \d+\)", review["title"])


def test_the_fallback_tables_hold_the_same_links(page):
    spec = island(page)
    links = {unescape(h) for h in re.findall(r'<a href="([^"]+)"', page)}
    for name in ("activities", "steps", "months", "review"):
        for ds in spec[name]["datasets"]:
            for value, link in zip(ds["data"], ds["links"]):
                if link and value:
                    assert link in links, (name, link)
    assert page.count("<details class=\"chart-table\" open>") == 4  # open without JavaScript
    assert '<tr class="undated"><th scope="row">Tanpa tanggal</th><td class="num">1</td></tr>' in page
    assert spec["font_px"] >= 12


def test_the_english_page_has_english_chart_words(client):
    client.get("/bahasa/en")
    try:
        spec = island(client.get("/dasbor").get_data(as_text=True))
    finally:
        client.get("/bahasa/id")
    assert spec["months"]["title"] == "Documents per month (letter date)"
    assert spec["months"]["labels"][-1] == "No date"
    assert spec["steps"]["labels"][0] == "1. Outreach with the parties concerned"


def test_the_printed_report_is_a_pdf(client):
    resp = client.get("/dasbor/cetak.pdf")
    assert resp.status_code == 200 and resp.content_type == "application/pdf" and resp.data.startswith(b"%PDF")
    assert "attachment" in resp.headers["Content-Disposition"]


def test_a_page_load_imports_no_plotting(app, tmp_path):
    """In a fresh process: the page is served without matplotlib ever being imported."""
    from web.state import settings

    with app.app_context():
        home = str(settings().home)
    script = (
        "import sys; sys.path.insert(0, 'tests/web')\n"
        "from web_helpers import login, make_settings\n"
        "from pathlib import Path\n"
        "from web.app import create_app\n"
        f"app = create_app(make_settings(Path({home!r})), config={{'TESTING': True, 'BURT_JOB_RUNNER': False}})\n"
        "c = app.test_client(); assert login(c, 'kepala_dinas').status_code == 302\n"
        "assert c.get('/dasbor').status_code == 200\n"
        "print('matplotlib' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "False"
