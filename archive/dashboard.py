"""The dashboard (Dasbor): figures people would rather look at than read.

``dashboard_data(settings)`` gathers the numbers (activities per kecamatan and year, completion
per SOP step, documents per month of their LETTER date (tanggal surat) with the undated ones
counted apart, share needing review). The web page draws them in the browser (Chart.js, see
``web/dashboard.py`` and ``web/static/dashboard.js``) from these numbers alone, so a page load
runs no plotting. The printed report keeps server-side matplotlib: ``render_charts`` (inline SVG,
text kept as text) and ``render_pdf`` (one page per chart), only called for it.
The charts' words default to Indonesian (``CHART_TEXT``); callers pass them in the reader's
language (``text``), including the SOP step names (keys ``step:<n>``).
"""
from __future__ import annotations

import datetime as dt
import io
import logging
from collections import Counter
from dataclasses import dataclass, field

from archive import db, table_data
from archive.activities import audit
from archive.audit import load_rules
from archive.db import func, select

log = logging.getLogger(__name__)

COLOURS = ("#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#c62828", "#00838f", "#5d4037")
UNKNOWN_KECAMATAN = "Tidak diketahui"
MAX_FILLED_MONTHS = 60  # months between the first and last letter filled with zero bars up to this span
# Every word drawn in a chart; ``review_title`` takes %(n)s and %(total)s.
CHART_TEXT: dict[str, str] = {
    "no_data": "Belum ada data", "no_activities": "Belum ada kegiatan", "unknown_place": UNKNOWN_KECAMATAN,
    "activities_title": "Kegiatan per kecamatan dan tahun", "activities_axis": "Jumlah kegiatan", "year": "Tahun",
    "steps_title": "Kelengkapan per tahap SOP", "steps_axis": "% kegiatan dengan tahap lengkap",
    "months_title": "Dokumen per bulan (tanggal surat)", "months_axis": "Jumlah dokumen",
    "undated": "Tanpa tanggal",
    "review_title": "Dokumen perlu ditinjau (%(n)s dari %(total)s)", "review_done": "Sudah pasti",
    "review_pending": "Perlu ditinjau",
}


@dataclass(frozen=True)
class DashboardData:
    activities_by_kecamatan_year: dict[str, dict[str, int]]  # kecamatan -> year -> count
    step_completion: list[tuple[int, str, int, int]]  # (step, name, complete, total activities)
    documents_by_month: dict[str, int]  # letter date: "2024-03" -> count, months in between filled with 0
    documents_total: int
    documents_needing_review: int
    activity_count: int
    activities_complete: int
    documents_undated: int = 0  # no tanggal, or one that is no date: counted apart, never by upload date
    books_by_step_month: tuple[tuple[int | None, str | None, int], ...] = ()  # (step, "2024-04", eksemplar)

    @property
    def review_share(self) -> float:
        return self.documents_needing_review / self.documents_total if self.documents_total else 0.0

    def to_json(self) -> dict:
        return {"activities_by_kecamatan_year": self.activities_by_kecamatan_year,
                "step_completion": [{"step": s, "name": n, "complete": c, "total": t}
                                    for s, n, c, t in self.step_completion],
                "documents_by_month": self.documents_by_month, "documents_undated": self.documents_undated,
                "documents_total": self.documents_total,
                "documents_needing_review": self.documents_needing_review,
                "review_share": round(self.review_share, 3), "activity_count": self.activity_count,
                "activities_complete": self.activities_complete,
                "books_by_step_month": [{"step": st, "month": m, "books": n} for st, m, n in self.books_by_step_month]}


@dataclass(frozen=True)
class Dashboard:
    data: DashboardData
    charts: dict[str, str] = field(default_factory=dict)  # name -> inline <svg>…</svg> (printed report only)

    def to_json(self) -> dict:
        return self.data.to_json()


def letter_month(value: str | None) -> str | None:
    """``"2024-04"`` for a tanggal ``2024-04-22`` (the search's reading: its first ten characters as
    an ISO date); None when there is no date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()[:7]
    except ValueError:
        return None


def _fill_months(counts: Counter) -> dict[str, int]:
    """Months in order; when the span is short enough, the empty months between get a 0 so the
    axis reads as time (a stray misread year would otherwise add centuries of empty bars)."""
    if not counts:
        return {}
    first, last = min(counts), max(counts)
    y0, m0, y1, m1 = int(first[:4]), int(first[5:7]), int(last[:4]), int(last[5:7])
    span = (y1 - y0) * 12 + (m1 - m0) + 1
    if span > MAX_FILLED_MONTHS:
        return dict(sorted(counts.items()))
    out = {}
    for k in range(span):
        y, m = divmod(m0 - 1 + k, 12)
        key = f"{y0 + y:04d}-{m + 1:02d}"
        out[key] = counts.get(key, 0)
    return out


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
        dates = session.execute(select(db.FieldRow.value).join(db.Document, db.Document.id == db.FieldRow.document_id)
                                .where(db.FieldRow.name == "tanggal"))
        months = Counter(m for m in (letter_month(v) for (v,) in dates) if m)
        total = session.scalar(select(func.count()).select_from(db.Document)) or 0
        review = session.scalar(select(func.count()).select_from(db.Document)
                                .where(db.Document.needs_review.is_(True))) or 0
        books = tuple(table_data.books_by_step_month(session))
    return DashboardData(
        activities_by_kecamatan_year={k: dict(sorted(v.items())) for k, v in sorted(by_place.items())},
        step_completion=completion, documents_by_month=_fill_months(months),
        documents_undated=total - sum(months.values()), documents_total=total,
        documents_needing_review=review, activity_count=len(report.activities),
        activities_complete=sum(1 for a in report.activities if a.complete and a.in_order),
        books_by_step_month=books)


# --- the printed report: matplotlib, server-side (never on the page load) -----------------------

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


def chart_activities(data: DashboardData, text: dict[str, str] = CHART_TEXT):
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
        ax.legend(title=text["year"], fontsize=9)
        ax.tick_params(axis="x", labelrotation=30, labelsize=9)
    return fig


def chart_steps(data: DashboardData, text: dict[str, str] = CHART_TEXT):
    fig, ax = _figure(6.4, 3.6)
    if not data.step_completion or not data.step_completion[0][3]:
        _empty(ax, text["no_activities"])
        return fig
    labels = [f"{s}. {text.get(f'step:{s}', name)[:32]}" for s, name, _, _ in data.step_completion]
    shares = [100.0 * c / t if t else 0.0 for _, _, c, t in data.step_completion]
    ax.barh(labels[::-1], shares[::-1], color=COLOURS[1])
    for y, (share, (_, _, c, t)) in enumerate(zip(shares[::-1], data.step_completion[::-1])):
        ax.text(min(share + 1, 90), y, f"{c}/{t}", va="center", fontsize=9)
    ax.set_xlim(0, 100)
    ax.set_xlabel(text["steps_axis"])
    ax.set_title(text["steps_title"])
    ax.tick_params(axis="y", labelsize=9)
    return fig


def chart_months(data: DashboardData, text: dict[str, str] = CHART_TEXT):
    fig, ax = _figure()
    if not data.documents_by_month and not data.documents_undated:
        _empty(ax, text["no_data"])
        return fig
    months = list(data.documents_by_month)
    ax.bar(months, [data.documents_by_month[m] for m in months], color=COLOURS[0])
    if data.documents_undated:
        ax.bar([text["undated"]], [data.documents_undated], color="#757575")
    ax.set_title(text["months_title"])
    ax.set_ylabel(text["months_axis"])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="x", labelrotation=45, labelsize=9)
    return fig


def chart_review(data: DashboardData, text: dict[str, str] = CHART_TEXT):
    fig, ax = _figure(4.0, 3.2)
    if not data.documents_total:
        _empty(ax, text["no_data"])
        return fig
    ok = data.documents_total - data.documents_needing_review
    ax.pie([ok, data.documents_needing_review], labels=[text["review_done"], text["review_pending"]],
           colors=[COLOURS[1], COLOURS[2]], autopct="%1.0f%%", startangle=90, wedgeprops={"width": 0.45})
    ax.set_title(text["review_title"] % {"n": data.documents_needing_review, "total": data.documents_total})
    return fig


CHARTS = (("activities", chart_activities), ("steps", chart_steps), ("months", chart_months),
          ("review", chart_review))


def render_charts(data: DashboardData, text: dict[str, str] | None = None) -> dict[str, str]:
    """Every chart as inline SVG (the printed report); ``text`` overrides ``CHART_TEXT`` (and names
    steps: ``step:<n>``)."""
    words = {**CHART_TEXT, **(text or {})}
    return {name: _svg(draw(data, words)) for name, draw in CHARTS}


def render_pdf(data: DashboardData, text: dict[str, str] | None = None) -> bytes:
    """The four charts as a printable PDF, one chart per A4-landscape page (words: ``render_charts``)."""
    from matplotlib.backends.backend_pdf import PdfPages

    words = {**CHART_TEXT, **(text or {})}
    buf = io.BytesIO()
    with PdfPages(buf, metadata={"Title": words["activities_title"], "Creator": "burt-archive"}) as pdf:
        for _, draw in CHARTS:
            fig = draw(data, words)
            fig.set_size_inches(11.69, 8.27)
            fig.tight_layout()
            pdf.savefig(fig)
    return buf.getvalue()


def dashboard(settings, text: dict[str, str] | None = None, *, charts: bool = False) -> Dashboard:
    """The dashboard's numbers; with ``charts`` also its four charts as inline SVG (the printed
    report; the web page draws them in the browser and never asks for these)."""
    data = dashboard_data(settings)
    return Dashboard(data=data, charts=render_charts(data, text) if charts else {})
