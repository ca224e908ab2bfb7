"""Server time of the Dasbor page: the old path (matplotlib draws four SVG charts on every load)
against the new one (numbers only, drawn in the browser by Chart.js).

    .venv/bin/python bench/dashboard.py                 # 224 generated documents -> bench/out/dashboard.json
    .venv/bin/python bench/dashboard.py --years 4       # a bigger archive (448 documents)

The archive: BuRT activities of the eight partners of ``tests/archive/test_activities_world.py``
for ``--years`` programme years (one document per evidence type of every SOP step, letter dates over
the year; every 20th document without a tanggal, every 8th waiting for review), written straight
into a fresh SQLite archive, then linked, indexed and its review flags synced once, as ingest and
the first page of any session would have done. Each path is then measured in fresh processes:

- ``cold``: the page as the very first request of a fresh server process (nothing warm: templates,
  queries, the review badge's flags in the menu, which every page shows; the old path also imports
  matplotlib);
- ``first``: the first load of the page after the front page (``/cari``, where a clerk lands after
  logging in), in another fresh process: the first time a user opens the Dasbor;
- ``median`` / ``p95`` over the next 20 loads;
- the same as CPU time of the serving process (``*_cpu``; one request at a time, so this is the
  page's own work, apart from a busy machine's waiting);
- for comparison, ``front_cold``: the front page (``/cari``) as the first request of a fresh process,
  the cold cost every page pays once (menu, review badge, templates), whatever the Dasbor does.

Old path = the old view, served from a bench-only route of the same app: the numbers
(``service.dashboard``, now by letter date), ``archive.dashboard.render_charts`` (the four matplotlib
SVGs, called directly) and the old template (``OLD_TEMPLATE``, inline SVG). New path = ``GET /dasbor``.
Both through Flask's test client, logged in (so the menu and its review badge render too).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "web"))

OUT = ROOT / "bench" / "out" / "dashboard.json"
LOADS = 20
# web/templates/dashboard/index.html before issue 18 (four server-drawn SVG charts).
OLD_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ _("Dasbor") }}{% endblock %}
{% block content %}
{% include "activities/_style.html" %}
<h1>{{ _("Dasbor") }}</h1>
<div class="stats">
  <div class="card"><strong>{{ data.activity_count }}</strong>{{ _("kegiatan") }}</div>
  <div class="card"><strong>{{ data.activities_complete }}</strong>{{ _("lengkap dan berurutan") }}</div>
  <div class="card"><strong>{{ data.documents_total }}</strong>{{ _("dokumen") }}</div>
  <div class="card"><strong>{{ '%.0f' % (data.review_share * 100) }}%</strong>{{ _("perlu ditinjau") }}</div>
</div>
<div class="charts">
  <figure class="card" id="chart-activities">{{ charts.activities }}<figcaption class="muted">{{ _("Kegiatan per kecamatan dan tahun") }}</figcaption></figure>
  <figure class="card" id="chart-steps">{{ charts.steps }}<figcaption class="muted">{{ _("Kelengkapan per tahap SOP") }}</figcaption></figure>
  <figure class="card" id="chart-months">{{ charts.months }}<figcaption class="muted">{{ _("Dokumen diarsipkan per bulan") }}</figcaption></figure>
  <figure class="card" id="chart-review">{{ charts.review }}<figcaption class="muted">{{ _("Bagian dokumen yang perlu ditinjau") }}</figcaption></figure>
</div>
{% endblock %}
"""


def build_archive(home: Path, years: int, seed: int = 18) -> int:
    """The generated archive (see the module docstring); returns its number of documents."""
    from web_helpers import PASSWORD, make_settings

    from archive import db, service
    from archive.audit import load_rules
    from tests.archive.test_activities_world import OFFICE, PARTNERS, add_document, spell

    rng = random.Random(seed)
    settings = make_settings(home)
    settings.ensure_dirs()
    service.add_user(settings, "kepala_dinas", "kepala_dinas", password=PASSWORD)
    rules = load_rules()
    n = 0
    with db.session_scope(settings) as session:
        for year in range(2024 - years + 1, 2025):
            for variants, core, kecamatan in PARTNERS:
                start = date(year, 1, 15) + timedelta(days=rng.randint(0, 120))
                for step in rules.steps:
                    for i, doc_type in enumerate(step.evidence):
                        n += 1
                        name = spell(variants, core, rng)
                        day = start + timedelta(days=20 * (step.number - 1) + i)
                        add_document(session, f"{n:012x}", doc_type, tanggal=None if n % 20 == 0 else day,
                                     nomor=f"{n:03d}/BuRT/{year}", partner=name, penerima=name, pengirim=OFFICE,
                                     perihal=rules.label(doc_type), needs_review=n % 8 == 0,
                                     text=f"{name} Kecamatan {kecamatan} Kabupaten Balangan")
                        session.flush()
                        session.get(db.Document, f"{n:012x}").sop_step = step.number
    service.audit(settings)  # links and indexes every document, as ingest does
    service.review_count(settings)  # the review flags synced, as the menu badge of any page does
    db.close_db(settings)
    return n


def measure(home: Path, path: str, cold: bool) -> dict:
    """In this (fresh) process: the first load (``cold``: before any other page) and ``LOADS`` more
    of ``path`` ("old", "new", or "front": the front page, cold)."""
    from flask import render_template_string
    from markupsafe import Markup
    from web_helpers import login, make_settings

    from archive import dashboard as charts
    from archive import service
    from web.app import create_app
    from web.dashboard import chart_words

    settings = make_settings(home)
    app = create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})

    def old_view():
        data = service.dashboard(settings).data
        svgs = {name: Markup(svg) for name, svg in charts.render_charts(data, chart_words()).items()}
        return render_template_string(OLD_TEMPLATE, data=data, charts=svgs)

    app.add_url_rule("/dasbor-lama", "bench_old_dashboard", old_view)
    client = app.test_client()
    assert login(client, "kepala_dinas").status_code == 302
    url = {"old": "/dasbor-lama", "new": "/dasbor", "front": "/cari"}[path]

    def load() -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        resp = client.get(url)
        assert resp.status_code == 200 and resp.get_data(as_text=True).count("<svg") == (4 if path == "old" else 0)
        return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000

    if cold:
        wall, cpu = load()
        return {"cold": round(wall, 1), "cold_cpu": round(cpu, 1)}
    assert client.get("/cari").status_code == 200
    first, first_cpu = load()
    runs = [load() for _ in range(LOADS)]
    times, cpus = sorted(w for w, _ in runs), sorted(c for _, c in runs)
    return {"first": round(first, 1), "first_cpu": round(first_cpu, 1), "median": round(statistics.median(times), 1),
            "median_cpu": round(statistics.median(cpus), 1), "p95": round(times[int(0.95 * (len(times) - 1) + 0.5)], 1),
            "loads": LOADS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=2, help="programme years of activities (112 documents each)")
    parser.add_argument("--measure", nargs=3, metavar=("HOME", "PATH", "COLD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), args.measure[1], args.measure[2] == "cold")))
        return
    with tempfile.TemporaryDirectory(prefix="burt-dasbor-") as tmp:
        home = Path(tmp)
        documents = build_archive(home, args.years)
        result: dict = {"documents": documents, "years": args.years}
        for path in ("old", "new"):
            result[path] = {}
            for cold in ("cold", "warm"):
                out = subprocess.run([sys.executable, __file__, "--measure", str(home), path, cold], cwd=ROOT,
                                     capture_output=True, text=True, check=True)
                result[path].update(json.loads(out.stdout.strip().splitlines()[-1]))
        out = subprocess.run([sys.executable, __file__, "--measure", str(home), "front", "cold"], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        result["front_cold"] = json.loads(out.stdout.strip().splitlines()[-1])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{documents} documents; server time of GET /dasbor in ms, wall (CPU) - cold: first request of a fresh "
          f"process; first: after the front page; median and p95 of {LOADS} more")
    for path, label in (("old", "before (matplotlib, 4 SVG charts)"), ("new", "after (Chart.js in the browser)")):
        r = result[path]
        print(f"  {label:34s} cold {r['cold']:6.0f} ({r['cold_cpu']:4.0f})  first {r['first']:6.0f} "
              f"({r['first_cpu']:4.0f})  median {r['median']:6.0f} ({r['median_cpu']:4.0f})  p95 {r['p95']:6.0f}")
    front = result["front_cold"]
    print(f"  {'front page /cari (for comparison)':34s} cold {front['cold']:6.0f} ({front['cold_cpu']:4.0f})")


if __name__ == "__main__":
    main()
