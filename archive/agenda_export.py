"""The buku agenda as files: CSV and XLSX (formula-neutral, like the audit export) and a PDF
printed as the familiar ledger (landscape, ruled, one table per register and year).

Pure renderers over ``AgendaEntry`` lists (bytes out, no database)."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from itertools import groupby

from archive.agenda import AgendaEntry
from archive.errors import InvalidQueryError
from archive.report import ReportFile, neutral

COLUMNS = ("register", "tahun", "nomor_agenda", "tanggal_terima", "nomor_surat", "tanggal_surat", "asal_tujuan",
           "perihal", "keterangan", "dokumen", "sumber", "perlu_ditinjau")
HEADINGS = {"masuk": ("No. Agenda", "Tanggal Terima", "Asal Surat", "Nomor Surat", "Tanggal Surat", "Perihal",
                      "Keterangan / Disposisi"),
            "keluar": ("No. Agenda", "Tanggal Kirim", "Tujuan", "Nomor Surat", "Tanggal Surat", "Perihal",
                       "Keterangan")}
TITLES = {"masuk": "BUKU AGENDA SURAT MASUK", "keluar": "BUKU AGENDA SURAT KELUAR"}


def entry_row(e: AgendaEntry) -> dict:
    source = f"{e.source_doc_id} hal. {e.source_page} baris {(e.source_row or 0) + 1}" if e.source_doc_id else ""
    return {"register": e.register, "tahun": e.year or "", "nomor_agenda": e.number,
            "tanggal_terima": e.tanggal_terima or "", "nomor_surat": e.nomor_surat or "",
            "tanggal_surat": e.tanggal_surat or "", "asal_tujuan": e.asal_tujuan or e.raw or "",
            "perihal": e.perihal or "", "keterangan": e.keterangan or "", "dokumen": e.document_id or "",
            "sumber": source, "perlu_ditinjau": "; ".join(e.review)}


def agenda_csv(entries: list[AgendaEntry]) -> bytes:
    """The register as CSV (UTF-8 with BOM); no cell can start a formula."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows({k: neutral(v) for k, v in entry_row(e).items()} for e in entries)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def agenda_xlsx(entries: list[AgendaEntry]) -> bytes:
    """One sheet per register; cells are text, never formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for register in ("masuk", "keluar"):
        rows = [entry_row(e) for e in entries if e.register == register]
        ws = wb.create_sheet(f"Agenda {register}")
        ws.append([c.replace("_", " ").capitalize() for c in COLUMNS])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([neutral(row[c]) for c in COLUMNS])
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":
                    cell.data_type = "s"
        for i, column in enumerate(COLUMNS, start=1):
            width = max([len(column)] + [len(str(r[column])) for r in rows[:200]])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(50, width + 2)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ledger_date(iso: str) -> str:
    """An ISO date as the book writes it (dd-mm-yyyy)."""
    return f"{iso[8:10]}-{iso[5:7]}-{iso[:4]}" if len(iso) == 10 else iso


def agenda_pdf(entries: list[AgendaEntry], instansi: str) -> bytes:
    """The ledger: A4 landscape, a title per register and year, ruled columns as in the book."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=9.5)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title="Buku Agenda", author="burt-archive")
    story: list = []
    groups = groupby(entries, key=lambda e: (e.register, e.year))
    for n, ((register, year), group) in enumerate(groups):
        if n:
            story.append(PageBreak())
        story += [Paragraph(TITLES[register], styles["Title"]),
                  Paragraph(_esc(f"{instansi} — tahun {year or '-'}"), styles["Normal"]), Spacer(1, 3 * mm)]
        data: list[list] = [[Paragraph(f"<b>{h}</b>", cell) for h in HEADINGS[register]]]
        for e in group:
            r = entry_row(e)
            data.append([r["nomor_agenda"], _ledger_date(r["tanggal_terima"])] +
                        [Paragraph(_esc(str(r[c])), cell) for c in ("asal_tujuan", "nomor_surat")] +
                        [_ledger_date(r["tanggal_surat"])] + [Paragraph(_esc(str(r[c])), cell) for c in ("perihal", "keterangan")])
        table = Table(data, repeatRows=1, colWidths=[18 * mm, 24 * mm, 50 * mm, 52 * mm, 24 * mm, 60 * mm, 46 * mm])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTSIZE", (0, 0), (-1, -1), 8)]))
        story.append(table)
    if not story:
        story.append(Paragraph("Buku agenda masih kosong.", styles["Normal"]))
    doc.build(story)
    return buf.getvalue()


MIMETYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export(entries: list[AgendaEntry], fmt: str, instansi: str, label: str = "") -> ReportFile:
    """The entries as ``fmt`` (pdf, csv, xlsx), named ``buku-agenda[-label]-YYYYMMDD.fmt``."""
    if fmt not in MIMETYPES:
        raise InvalidQueryError(f"Format '{fmt}' tidak dikenal; pilih pdf, csv atau xlsx. / Unknown format '{fmt}'.")
    if fmt == "pdf":
        data = agenda_pdf(entries, instansi)
    elif fmt == "csv":
        data = agenda_csv(entries)
    else:
        data = agenda_xlsx(entries)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d")
    return ReportFile(filename=f"buku-agenda{'-' + label if label else ''}-{stamp}.{fmt}", mimetype=MIMETYPES[fmt],
                      data=data)
