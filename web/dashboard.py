"""The *Dasbor* page's charts as data: what ``web/static/dashboard.js`` draws with Chart.js and
the fallback tables show, each bar and slice with the link to the matching search or list.

``charts(data)`` turns ``archive.dashboard.DashboardData`` into plain JSON (labels, values,
links, words in the reader's language), written into the page as a JSON island, so the page
load runs no plotting. Links use the real filter parameters of the pages they open:

- a month of the letter date → ``/cari?from=<first day>&to=<last day>`` (the search's
  ``tanggal`` range); the documents without a tanggal have no search filter, so that bar has no link;
- a step → ``/cari?step=<n>``;
- a kecamatan and year → ``/audit?kecamatan=<k>&tahun=<y>`` (the activities there; an unknown
  kecamatan → ``/audit?tahun=<y>``);
- the review share → ``/dokumen?tinjau=1`` (the review queue) and ``/dokumen`` (every document).
"""
from __future__ import annotations

import datetime as dt

from flask import url_for
from flask_babel import gettext as _

from archive import service

UNKNOWN_KECAMATAN = "Tidak diketahui"  # archive.dashboard.UNKNOWN_KECAMATAN: activities without a kecamatan

# Colours with at least 3:1 against white (WCAG 1.4.11 for graphics); years cycle through them.
COLOURS = ("#1565c0", "#2e7d32", "#c2410c", "#6a1b9a", "#b71c1c", "#00695c", "#5d4037")
REVIEW_COLOURS = ("#2e7d32", "#c2410c")
UNDATED_COLOUR = "#616161"
FONT_PX = 13  # the smallest text in any chart (ticks, legend, tooltip); the e2e test reads it back


def chart_words() -> dict[str, str]:
    """The words of the charts (see ``archive.dashboard.CHART_TEXT``) in the reader's language;
    SOP step names as ``step:<n>``."""
    text = {"no_data": _("Belum ada data"), "no_activities": _("Belum ada kegiatan"),
            "unknown_place": _("Tidak diketahui"), "activities_title": _("Kegiatan per kecamatan dan tahun"),
            "activities_axis": _("Jumlah kegiatan"), "year": _("Tahun"),
            "steps_title": _("Kelengkapan per tahap SOP"), "steps_axis": _("% kegiatan dengan tahap lengkap"),
            "months_title": _("Dokumen per bulan (tanggal surat)"), "months_axis": _("Jumlah dokumen"),
            "undated": _("Tanpa tanggal"),
            "review_title": _("Dokumen perlu ditinjau (%(n)s dari %(total)s)"), "review_done": _("Sudah pasti"),
            "review_pending": _("Perlu ditinjau")}
    text.update({f"step:{s.number}": _(s.name) for s in service.sop_steps()})
    return text


def month_range(month: str) -> tuple[str, str]:
    """The first and last day of ``"2024-04"``: ``("2024-04-01", "2024-04-30")``."""
    first = dt.date.fromisoformat(month + "-01")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first.isoformat(), (following - dt.timedelta(days=1)).isoformat()


def month_link(month: str) -> str:
    """The search for letters dated in ``month`` (``"2024-04"``)."""
    first, last = month_range(month)
    return url_for("search.index", **{"from": first, "to": last})


def place_link(place: str | None, year: str) -> str:
    """The activities of a kecamatan (None: not known) in a year, on the audit page."""
    if place:
        return url_for("activities.audit", kecamatan=place, tahun=year)
    return url_for("activities.audit", tahun=year)


def charts(data, words: dict[str, str]) -> dict:
    """Everything the four charts and their tables show (see the module docstring)."""
    return {"font_px": FONT_PX, "activities": _activities(data, words), "steps": _steps(data, words),
            "months": _months(data, words), "review": _review(data, words)}


def _activities(data, words) -> dict:
    places = list(data.activities_by_kecamatan_year)
    years = sorted({y for v in data.activities_by_kecamatan_year.values() for y in v})
    known = [p if p != UNKNOWN_KECAMATAN else None for p in places]
    datasets = []
    for i, year in enumerate(years):
        datasets.append({"label": year, "colour": COLOURS[i % len(COLOURS)],
                         "data": [data.activities_by_kecamatan_year[p].get(year, 0) for p in places],
                         "links": [place_link(k, year) for k in known]})
    return {"title": words["activities_title"], "axis": words["activities_axis"], "legend": words["year"],
            "labels": [p if k else words["unknown_place"] for p, k in zip(places, known)],
            "known": [k is not None for k in known],  # a kecamatan's name is data (lang="id")
            "totals": [sum(data.activities_by_kecamatan_year[p].values()) for p in places],
            "datasets": datasets, "empty": "" if places else words["no_data"]}


def _steps(data, words) -> dict:
    rows = data.step_completion
    total = rows[0][3] if rows else 0
    return {"title": words["steps_title"], "axis": words["steps_axis"],
            "labels": [f"{s}. {words.get(f'step:{s}', name)}" for s, name, _c, _t in rows],
            "datasets": [{"label": words["steps_axis"], "colour": COLOURS[1],
                          "data": [round(100.0 * c / t, 1) if t else 0.0 for _s, _n, c, t in rows],
                          "links": [url_for("search.index", step=s) for s, *_ in rows]}],
            "counts": [f"{c}/{t}" for _s, _n, c, t in rows], "empty": words["no_activities"] if not total else ""}


def _months(data, words) -> dict:
    months = list(data.documents_by_month)
    labels, values = months[:], [data.documents_by_month[m] for m in months]
    links: list[str | None] = [month_link(m) for m in months]
    colours = [COLOURS[0]] * len(months)
    if data.documents_undated:
        labels.append(words["undated"])
        values.append(data.documents_undated)
        links.append(None)
        colours.append(UNDATED_COLOUR)
    return {"title": words["months_title"], "axis": words["months_axis"], "labels": labels,
            "datasets": [{"label": words["months_axis"], "colour": colours, "data": values, "links": links}],
            "undated": data.documents_undated, "empty": "" if labels else words["no_data"]}


def _review(data, words) -> dict:
    pending = data.documents_needing_review
    return {"title": words["review_title"] % {"n": pending, "total": data.documents_total},
            "labels": [words["review_done"], words["review_pending"]],
            "datasets": [{"label": words["review_pending"], "colour": list(REVIEW_COLOURS),
                          "data": [data.documents_total - pending, pending],
                          "links": [url_for("documents.index"), url_for("documents.index", tinjau=1)]}],
            "empty": "" if data.documents_total else words["no_data"]}
