"""The dashboard (Dasbor): figures people would rather look at than read.

``dashboard(settings)`` gathers the numbers (activities per kecamatan and year, completion
per SOP step, documents ingested per month, share needing review) and renders each chart
server-side with matplotlib as inline SVG (text kept as text, so it stays searchable and
sharp). ``dashboard_data`` and ``render_charts`` are separate so either can be tested alone.
The charts' words default to Indonesian (``CHART_TEXT``); the web passes them in the reader's
language (``text``), including the SOP step names (keys ``step:<n>``).
"""
from __future__ import annotations

import io
import logging
from collections import Counter
from dataclasses import dataclass, field

from archive import db
from archive.activities import audit
from archive.audit import load_rules
from archive.db import func, select

log = logging.getLogger(__name__)

COLOURS = ("#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#c62828", "#00838f", "#5d4037")
UNKNOWN_KECAMATAN = "Tidak diketahui"
# Every word drawn in a chart; ``review_title`` takes %(n)s and %(total)s.
CHART_TEXT: dict[str, str] = {
    "no_data": "Belum ada data", "no_activities": "Belum ada kegiatan", "unknown_place": UNKNOWN_KECAMATAN,
    "activities_title": "Kegiatan per kecamatan dan tahun", "activities_axis": "Jumlah kegiatan", "year": "Tahun",
    "steps_title": "Kelengkapan per tahap SOP", "steps_axis": "% kegiatan dengan tahap lengkap",
    "months_title": "Dokumen diarsipkan per bulan", "months_axis": "Jumlah dokumen",
    "review_title": "Dokumen perlu ditinjau (%(n)s dari %(total)s)", "review_done": "Sudah pasti",
    "review_pending": "Perlu ditinjau",
}


@dataclass(frozen=True)
class DashboardData:
    activities_by_kecamatan_year: dict[str, dict[str, int]]  # kecamatan -> year -> count
    step_completion: list[tuple[int, str, int, int]]  # (step, name, complete, total activities)
    documents_by_month: dict[str, int]  # "2024-03" -> count
    documents_total: int
    documents_needing_review: int
    activity_count: int
    activities_complete: int

    @property
    def review_share(self) -> float:
        return self.documents_needing_review / self.documents_total if self.documents_total else 0.0

    def to_json(self) -> dict:
        return {"activities_by_kecamatan_year": self.activities_by_kecamatan_year,
                "step_completion": [{"step": s, "name": n, "complete": c, "total": t}
                                    for s, n, c, t in self.step_completion],
                "documents_by_month": self.documents_by_month, "documents_total": self.documents_total,
                "documents_needing_review": self.documents_needing_review,
                "review_share": round(self.review_share, 3), "activity_count": self.activity_count,
                "activities_complete": self.activities_complete}


@dataclass(frozen=True)
class Dashboard:
    data: DashboardData
    charts: dict[str, str] = field(default_factory=dict)  # name -> inline <svg>…</svg>

    def to_json(self) -> dict:
        return self.data.to_json()


def dashboard_data(settings) -> DashboardData:
    """Count what the dashboard shows; the audit supplies step completion."""
    report = audit(settings)
    by_place: dict[str, Counter] = {}
    for act in report.activities:
        place = act.kecamatan or UNKNOWN_KECAMATAN
        by_place.setdefault(place, Counter())[act.period[:4]] += 1
    completion = []
    if report.activities:
        for i, step in enumerate(report.activities[0].steps):
            done = sum(1 for a in report.activities if a.steps[i].status == "complete")
            completion.append((step.step, step.name, done, len(report.activities)))
    else:
        completion = [(s.number, s.name, 0, 0) for s in load_rules().steps]
    with db.session_scope(settings) as session:
        months = Counter(m for (m,) in session.execute(select(func.substr(db.Document.created_at, 1, 7))))
        total = session.scalar(select(func.count()).select_from(db.Document)) or 0
        review = session.scalar(select(func.count()).select_from(db.Document)
                                .where(db.Document.needs_review.is_(True))) or 0
    return DashboardData(
        activities_by_kecamatan_year={k: dict(sorted(v.items())) for k, v in sorted(by_place.items())},
        step_completion=completion, documents_by_month=dict(sorted(months.items())), documents_total=total,
        documents_needing_review=review, activity_count=len(report.activities),
        activities_complete=sum(1 for a in report.activities if a.complete and a.in_order))


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _figure(width: float = 6.0, height: float = 3.2):
    """A figure from the object API (no pyplot state, safe in a threaded server)."""
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams["svg.fonttype"] = "none"  # keep labels as text in the SVG
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#666")
    ax.set_axis_off()


def chart_activities(data: DashboardData, text: dict[str, str] = CHART_TEXT) -> str:
    fig, ax = _figure()
    places = list(data.activities_by_kecamatan_year)
    years = sorted({y for v in data.activities_by_kecamatan_year.values() for y in v})
    if not places:
        _empty(ax, text["no_data"])
    names = [text["unknown_place"] if p == UNKNOWN_KECAMATAN else p for p in places]
    bottom = [0] * len(places)
    for i, year in enumerate(years):
        counts = [data.activities_by_kecamatan_year[p].get(year, 0) for p in places]
        ax.bar(names, counts, bottom=bottom, label=year, color=COLOURS[i % len(COLOURS)])
        bottom = [b + c for b, c in zip(bottom, counts)]
    if places:
        ax.set_title(text["activities_title"])
        ax.set_ylabel(text["activities_axis"])
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.legend(title=text["year"], fontsize=8)
        ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    return _svg(fig)


def chart_steps(data: DashboardData, text: dict[str, str] = CHART_TEXT) -> str:
    fig, ax = _figure(6.4, 3.6)
    if not data.step_completion or not data.step_completion[0][3]:
        _empty(ax, text["no_activities"])
        return _svg(fig)
    labels = [f"{s}. {text.get(f'step:{s}', name)[:32]}" for s, name, _, _ in data.step_completion]
    shares = [100.0 * c / t if t else 0.0 for _, _, c, t in data.step_completion]
    ax.barh(labels[::-1], shares[::-1], color=COLOURS[1])
    for y, (share, (_, _, c, t)) in enumerate(zip(shares[::-1], data.step_completion[::-1])):
        ax.text(min(share + 1, 90), y, f"{c}/{t}", va="center", fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel(text["steps_axis"])
    ax.set_title(text["steps_title"])
    ax.tick_params(axis="y", labelsize=9)
    return _svg(fig)


def chart_months(data: DashboardData, text: dict[str, str] = CHART_TEXT) -> str:
    fig, ax = _figure()
    if not data.documents_by_month:
        _empty(ax, text["no_data"])
        return _svg(fig)
    months = list(data.documents_by_month)
    ax.bar(months, [data.documents_by_month[m] for m in months], color=COLOURS[0])
    ax.set_title(text["months_title"])
    ax.set_ylabel(text["months_axis"])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    return _svg(fig)


def chart_review(data: DashboardData, text: dict[str, str] = CHART_TEXT) -> str:
    fig, ax = _figure(4.0, 3.2)
    if not data.documents_total:
        _empty(ax, text["no_data"])
        return _svg(fig)
    ok = data.documents_total - data.documents_needing_review
    ax.pie([ok, data.documents_needing_review], labels=[text["review_done"], text["review_pending"]],
           colors=[COLOURS[1], COLOURS[2]], autopct="%1.0f%%", startangle=90, wedgeprops={"width": 0.45})
    ax.set_title(text["review_title"] % {"n": data.documents_needing_review, "total": data.documents_total})
    return _svg(fig)


CHARTS = (("activities", chart_activities), ("steps", chart_steps), ("months", chart_months),
          ("review", chart_review))


def render_charts(data: DashboardData, text: dict[str, str] | None = None) -> dict[str, str]:
    """Every chart as inline SVG; ``text`` overrides ``CHART_TEXT`` (and names steps: ``step:<n>``)."""
    words = {**CHART_TEXT, **(text or {})}
    return {name: render(data, words) for name, render in CHARTS}


def dashboard(settings, text: dict[str, str] | None = None) -> Dashboard:
    """The Dasbor page's numbers and its four charts as inline SVG (words: see ``render_charts``)."""
    data = dashboard_data(settings)
    return Dashboard(data=data, charts=render_charts(data, text))
