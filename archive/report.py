"""The audit as files: a printable PDF (reportlab), CSV and XLSX (openpyxl).

Pure renderers over an ``AuditReport`` (bytes out, no database), plus ``export_audit`` which
the web and CLI call to get a named file. Labels are Indonesian; the statuses keep their
JSON ids in the CSV/XLSX so scripts can filter on them.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timezone

from archive.activities import audit
from archive.audit import ActivityAudit, AuditReport
from archive.errors import ActivityError

STATUS_LABELS = {"complete": "Lengkap", "missing": "Kurang bukti", "out_of_order": "Tidak berurutan",
                 "needs_review": "Perlu ditinjau"}
STATUS_COLOURS = {"complete": "#2e7d32", "missing": "#c62828", "out_of_order": "#ef6c00",
                  "needs_review": "#f9a825"}
FINDING_COLUMNS = ("kegiatan", "mitra", "periode", "kecamatan", "tahap", "nama_tahap", "status", "aturan",
                   "temuan", "dokumen", "perbaikan")
SUMMARY_COLUMNS = ("kegiatan", "mitra", "periode", "kecamatan", "lengkap", "berurutan", "jumlah_dokumen",
                   "jumlah_temuan")


@dataclass(frozen=True)
class ReportFile:
    filename: str
    mimetype: str
    data: bytes


def finding_rows(report: AuditReport) -> list[dict]:
    """One row per finding, plus one row per step without findings (so every step is listed)."""
    rows = []
    for act in report.activities:
        for step in act.steps:
            base = {"kegiatan": act.id, "mitra": act.partner, "periode": act.period, "kecamatan": act.kecamatan or "",
                    "tahap": step.step, "nama_tahap": step.name, "status": step.status}
            if not step.findings:
                rows.append({**base, "aturan": "", "temuan": "", "dokumen": " ".join(step.documents),
                             "perbaikan": ""})
            for f in step.findings:
                rows.append({**base, "aturan": f.rule, "temuan": f.message, "dokumen": " ".join(f.documents),
                             "perbaikan": f.fix})
    return rows


def summary_rows(report: AuditReport) -> list[dict]:
    return [{"kegiatan": a.id, "mitra": a.partner, "periode": a.period, "kecamatan": a.kecamatan or "",
             "lengkap": "ya" if a.complete else "tidak", "berurutan": "ya" if a.in_order else "tidak",
             "jumlah_dokumen": len(a.documents), "jumlah_temuan": len(a.findings)} for a in report.activities]


# A cell starting with one of these is read as a formula by spreadsheet programs (Excel,
# LibreOffice): "=HYPERLINK(...)", "+cmd|...", "-2+3", "@SUM(...)", or after a tab/CR.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(value):
    """``value`` safe to put in a spreadsheet cell: text that would start a formula gets a
    leading apostrophe, so it shows as the text it is (OWASP "CSV injection")."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _neutral_row(row: dict) -> dict:
    return {k: neutral(v) for k, v in row.items()}


def audit_csv(report: AuditReport) -> bytes:
    """Findings as CSV (UTF-8 with BOM so spreadsheet programs read the accents); no cell can
    start a formula."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FINDING_COLUMNS)
    writer.writeheader()
    writer.writerows(_neutral_row(r) for r in finding_rows(report))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def audit_xlsx(report: AuditReport) -> bytes:
    """A workbook with a summary sheet (one row per activity) and a findings sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    sheets = ((wb.active, "Ringkasan", SUMMARY_COLUMNS, summary_rows(report)),
              (wb.create_sheet(), "Temuan", FINDING_COLUMNS, finding_rows(report)))
    for ws, title, columns, rows in sheets:
        ws.title = title
        ws.append([c.replace("_", " ").capitalize() for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([neutral(row[c]) for c in columns])
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":  # never a formula, whatever openpyxl guessed
                    cell.data_type = "s"
            status = row.get("status")
            if status in STATUS_COLOURS:
                colour = STATUS_COLOURS[status].lstrip("#")
                ws.cell(ws.max_row, columns.index("status") + 1).fill = PatternFill("solid", fgColor="FF" + colour)
        for i, column in enumerate(columns, start=1):
            width = max([len(str(column))] + [len(str(r[column])) for r in rows[:200]])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, width + 2)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _activity_story(act: ActivityAudit, styles) -> list:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    verdict = ("Lengkap dan berurutan" if act.complete and act.in_order else
               ", ".join(x for x, bad in (("kurang bukti", not act.complete), ("tidak berurutan", not act.in_order))
                         if bad))
    story = [Paragraph(f"Kegiatan #{act.id}: {_esc(act.partner)} &mdash; periode {_esc(act.period)}"
                       + (f", Kec. {_esc(act.kecamatan)}" if act.kecamatan else ""), styles["Heading2"]),
             Paragraph(f"Hasil: <b>{_esc(verdict)}</b>; {len(act.documents)} dokumen, {len(act.findings)} temuan.",
                       styles["Normal"]), Spacer(1, 2 * mm)]
    cell = styles["BodyText"]
    data = [["Tahap", "Nama tahap", "Status", "Dokumen", "Pengesahan"]]
    for s in act.steps:
        signed = "; ".join(f"{x.user} ({x.role}) {x.at[:10]}" for x in s.signoffs) or "-"
        data.append([str(s.step), Paragraph(_esc(s.name), cell), STATUS_LABELS.get(s.status, s.status),
                     Paragraph(_esc(", ".join(s.documents) or "-"), cell), Paragraph(_esc(signed), cell)])
    table = Table(data, colWidths=[12 * mm, 55 * mm, 28 * mm, 50 * mm, 35 * mm], repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTSIZE", (0, 0), (-1, -1), 8)]
    for i, s in enumerate(act.steps, start=1):
        style.append(("TEXTCOLOR", (2, i), (2, i), colors.HexColor(STATUS_COLOURS.get(s.status, "#000000"))))
    table.setStyle(TableStyle(style))
    story.append(table)
    for f in act.findings:
        story.append(Paragraph(f"&bull; <b>Tahap {f.step}</b>: {_esc(f.message)} "
                               f"<i>Dokumen: {_esc(', '.join(f.documents) or '-')}.</i> "
                               f"Perbaikan: {_esc(f.fix)}", cell))
    story.append(Spacer(1, 5 * mm))
    return story


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def audit_pdf(report: AuditReport, title: str = "Laporan Audit SOP BuRT") -> bytes:
    """A printable A4 report: a summary table, then each activity's steps and findings."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=title, author="burt-archive")
    when = report.generated_at or datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    story = [Paragraph(_esc(title), styles["Title"]),
             Paragraph(f"Dinas Perpustakaan dan Kearsipan Kabupaten Balangan &mdash; dibuat {_esc(when)}",
                       styles["Normal"]), Spacer(1, 4 * mm)]
    rows = summary_rows(report)
    data = [["No.", "Mitra", "Periode", "Lengkap", "Berurutan", "Dokumen", "Temuan"]]
    data += [[r["kegiatan"], Paragraph(_esc(r["mitra"]), styles["BodyText"]), r["periode"], r["lengkap"],
              r["berurutan"], r["jumlah_dokumen"], r["jumlah_temuan"]] for r in rows]
    table = Table(data, repeatRows=1, colWidths=[12 * mm, 60 * mm, 30 * mm, 20 * mm, 22 * mm, 18 * mm, 18 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey), ("FONTSIZE", (0, 0), (-1, -1), 8)]))
    story += [table, Spacer(1, 6 * mm)]
    if not report.activities:
        story.append(Paragraph("Belum ada kegiatan yang tercatat.", styles["Normal"]))
    for act in report.activities:
        story += _activity_story(act, styles)
    doc.build(story)
    return buf.getvalue()


FORMATS = {
    "pdf": ("application/pdf", audit_pdf),
    "csv": ("text/csv; charset=utf-8", audit_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", audit_xlsx),
}


def export_audit(settings, fmt: str, activity_id: int | None = None) -> ReportFile:
    """Run the audit and render it as ``fmt`` (pdf, csv, xlsx); CSV/XLSX cells are formula-neutral."""
    if fmt not in FORMATS:
        raise ActivityError(f"Format laporan '{fmt}' tidak dikenal; pilih pdf, csv atau xlsx. / Unknown format.")
    mimetype, render = FORMATS[fmt]
    report = audit(settings, activity_id)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d")
    suffix = f"-kegiatan-{activity_id}" if activity_id is not None else ""
    return ReportFile(filename=f"audit-burt{suffix}-{stamp}.{fmt}", mimetype=mimetype, data=render(report))
