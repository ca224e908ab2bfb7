"""The audit as files for outside auditors: a printable PDF (reportlab), CSV and XLSX (openpyxl).

Pure renderers over an ``AuditReport`` plus an ``ExportContext`` (the documents' readable titles,
the filters applied, the instansi and the time of printing; bytes out, no database), and
``export_audit``, which the web and CLI call to get a named file of the filtered audit.

Everything a reader sees is Indonesian: documents by title (perihal, else type · partner · date)
with nomor surat and tanggal, status and rule words, role names, dates and times in WITA. The
codes stay in the last CSV/XLSX columns (``kode_status``, ``kode_aturan``, ``id_dokumen``) so
scripts can still filter on them. ``csv-id`` is the CSV for Indonesian Excel: ``;``-separated,
decimal commas, dates dd-mm-yyyy.
"""
from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Mapping

from archive import db
from archive.activities import audit
from archive.audit import ActivityAudit, AuditReport, AuditRules, EvidenceDoc, StepAudit, load_rules
from archive.audit_filters import AuditFilters
from archive.errors import ActivityError

STATUS_LABELS = {"complete": "Lengkap", "missing": "Kurang bukti", "out_of_order": "Tidak berurutan",
                 "needs_review": "Perlu ditinjau"}
STATUS_COLOURS = {"complete": "#2e7d32", "missing": "#c62828", "out_of_order": "#ef6c00",
                  "needs_review": "#f9a825"}
RULE_LABELS = {"missing_evidence": "Bukti kurang", "step_order": "Urutan tahap",
               "reply_before_request": "Balasan sebelum permintaan", "agreement_parties": "Pihak MoU",
               "agreement_number": "Nomor MoU", "agreement_signature": "Tanda tangan MoU",
               "needs_review": "Perlu ditinjau", "partner_mismatch": "Mitra berbeda",
               "outside_period": "Di luar periode", "reference_elsewhere": "Rujukan di kegiatan lain"}
ROLE_LABELS = {"pelaksana": "Pelaksana", "sekretaris": "Sekretaris Dinas", "kepala_dinas": "Kepala Dinas",
               "auditor": "Auditor", "admin": "Admin"}
FINDING_COLUMNS = ("kegiatan", "mitra", "periode", "kecamatan", "tahap", "nama_tahap", "status",
                   "kelengkapan_bukti_persen", "aturan", "temuan", "dokumen", "nomor_surat", "tanggal_surat",
                   "perbaikan", "pengesahan", "kode_status", "kode_aturan", "id_dokumen")
SUMMARY_COLUMNS = ("kegiatan", "mitra", "periode", "kecamatan", "lengkap", "berurutan", "jumlah_dokumen",
                   "jumlah_temuan", "kelengkapan_bukti_persen")
DOCUMENT_COLUMNS = ("kegiatan", "mitra", "tahap", "nama_tahap", "dokumen", "jenis", "nomor_surat",
                    "tanggal_surat", "id_dokumen")
# Where the signature block is dated: Paringin, the seat of Kabupaten Balangan.
DEFAULT_PLACE = "Paringin"
JOIN = " | "  # between the documents of one cell (their titles, numbers and dates in the same order)


@dataclass(frozen=True)
class ReportFile:
    filename: str
    mimetype: str
    data: bytes


# ---------------------------------------------------------------- dates and times in WITA

WITA = timezone(timedelta(hours=8), "WITA")  # Asia/Makassar: UTC+8 all year (no summer time)
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember")


def long_date(d: date | None) -> str:
    """``2024-04-22`` → "22 April 2024"; None → ""."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}" if d else ""


def short_date(d: date | None) -> str:
    """``2024-04-22`` → "22-04-2024" (what Indonesian Excel reads as a date); None → ""."""
    return d.strftime("%d-%m-%Y") if d else ""


def wita(moment: datetime | str | None) -> datetime | None:
    """A stored timestamp (ISO text or datetime; naive means UTC) as WITA."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(WITA)


def long_time(moment: datetime | str | None) -> str:
    """A timestamp as "22 April 2024 14.05 WITA (Indonesian style, as on the activity pages)" (unreadable text is returned as it is)."""
    local = wita(moment)
    if local is None:
        return "" if moment is None else str(moment)
    return f"{long_date(local.date())} {local:%H.%M} WITA"


# ---------------------------------------------------------------- what the files say about documents

@dataclass(frozen=True)
class DocRef:
    """A document as an auditor reads it."""

    id: str
    title: str
    label: str  # its type's label
    nomor: str = ""
    tanggal: date | None = None


@dataclass(frozen=True)
class ExportContext:
    """Everything a file says besides the audit itself."""

    docs: Mapping[str, DocRef] = field(default_factory=dict)
    instansi: str = ""
    place: str = DEFAULT_PLACE
    filters: tuple[str, ...] = ()  # the filters applied, in words ("Tahun: 2024")
    printed_at: datetime | None = None  # UTC; None = now

    @property
    def signer(self) -> str:
        """The office that signs the report: the head of the instansi."""
        return f"Kepala {self.instansi}" if self.instansi else "Kepala Dinas"

    def printed(self) -> datetime:
        return self.printed_at or datetime.now(timezone.utc).replace(microsecond=0)

    def doc(self, doc_id: str) -> DocRef:
        return self.docs.get(doc_id) or DocRef(doc_id, f"Dokumen {doc_id}", "")


def readable_title(doc: EvidenceDoc, rules: AuditRules, partner: str, perihal: str | None) -> str:
    """The perihal, else "type label · partner · date" (never a camera file name or an id)."""
    if perihal and perihal.strip():
        return perihal.strip()
    label = rules.label(doc.doc_type) if doc.doc_type else "Dokumen tanpa jenis"
    return " · ".join(x for x in (label, doc.partner or partner, long_date(doc.tanggal)) if x)


def build_context(report: AuditReport, rules: AuditRules | None = None,
                  perihal: Mapping[str, str] | None = None, filters: tuple[str, ...] = (),
                  printed_at: datetime | None = None, place: str = DEFAULT_PLACE,
                  stored: Mapping[str, Mapping[str, str]] | None = None) -> ExportContext:
    """The context of ``report``; ``perihal`` maps document ids to their perihal (None: a document's
    title is taken as its perihal unless it is just its type's label); ``stored`` holds the
    perihal, nomor and tanggal (ISO) of the unlinked documents, which the audit does not carry."""
    rules = rules or load_rules()
    docs: dict[str, DocRef] = {}
    for act in report.activities:
        for d in act.documents:
            label = rules.label(d.doc_type) if d.doc_type else "Dokumen tanpa jenis"
            known = perihal.get(d.id) if perihal is not None else (d.title if d.title != label else None)
            docs[d.id] = DocRef(d.id, readable_title(d, rules, act.partner, known), label, d.nomor or "",
                                d.tanggal)
    for u in report.unlinked:
        label = rules.label(u.doc_type) if u.doc_type else "Dokumen tanpa jenis"
        fields = (stored or {}).get(u.document, {})
        known = fields.get("perihal") if stored is not None else (u.title if u.title != label else None)
        doc = EvidenceDoc(u.document, u.doc_type, _iso_date(fields.get("tanggal")), fields.get("nomor"))
        docs[u.document] = DocRef(u.document, readable_title(doc, rules, "", known), label, doc.nomor or "",
                                  doc.tanggal)
    return ExportContext(docs=docs, instansi=rules.instansi, place=place, filters=filters, printed_at=printed_at)


def _iso_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


# ---------------------------------------------------------------- rows

def _percent(step: StepAudit) -> float:
    """The share of the step's required evidence types present, in percent (one decimal)."""
    return round(100.0 * len(step.present) / len(step.evidence), 1) if step.evidence else 100.0


def _activity_percent(act: ActivityAudit) -> float:
    need = sum(len(s.evidence) for s in act.steps)
    return round(100.0 * sum(len(s.present) for s in act.steps) / need, 1) if need else 100.0


def _signed(step: StepAudit) -> str:
    return "; ".join(f"{s.user} ({ROLE_LABELS.get(s.role, s.role)}) {long_time(s.at)}" for s in step.signoffs)


def _doc_cells(ids, ctx: ExportContext, day: Callable[[date | None], str]) -> dict:
    refs = [ctx.doc(i) for i in ids]
    return {"dokumen": JOIN.join(r.title for r in refs), "nomor_surat": JOIN.join(r.nomor or "-" for r in refs),
            "tanggal_surat": JOIN.join(day(r.tanggal) or "-" for r in refs), "id_dokumen": " ".join(ids)}


def finding_rows(report: AuditReport, ctx: ExportContext | None = None,
                 day: Callable[[date | None], str] = long_date) -> list[dict]:
    """One row per finding, plus one row per step without findings (so every step is listed)."""
    ctx = ctx or build_context(report)
    rows = []
    for act in report.activities:
        for step in act.steps:
            base = {"kegiatan": act.id, "mitra": act.partner, "periode": act.period, "kecamatan": act.kecamatan or "",
                    "tahap": step.step, "nama_tahap": step.name, "status": STATUS_LABELS.get(step.status, step.status),
                    "kelengkapan_bukti_persen": _percent(step), "pengesahan": _signed(step),
                    "kode_status": step.status}
            if not step.findings:
                rows.append({**base, "aturan": "", "temuan": "", "perbaikan": "", "kode_aturan": "",
                             **_doc_cells(step.documents, ctx, day)})
            for f in step.findings:
                rows.append({**base, "aturan": RULE_LABELS.get(f.rule, f.rule), "temuan": f.message,
                             "perbaikan": f.fix, "kode_aturan": f.rule, **_doc_cells(f.documents, ctx, day)})
    return rows


def summary_rows(report: AuditReport) -> list[dict]:
    return [{"kegiatan": a.id, "mitra": a.partner, "periode": a.period, "kecamatan": a.kecamatan or "",
             "lengkap": "ya" if a.complete else "tidak", "berurutan": "ya" if a.in_order else "tidak",
             "jumlah_dokumen": len(a.documents), "jumlah_temuan": len(a.findings),
             "kelengkapan_bukti_persen": _activity_percent(a)} for a in report.activities]


def document_rows(report: AuditReport, ctx: ExportContext) -> list[dict]:
    """One row per linked document, by step and date."""
    rows = []
    for act in report.activities:
        placed: list[tuple[int | str, str, str]] = [
            (step.step, step.name, doc_id) for step in act.steps for doc_id in step.documents]
        placed += [("", NO_STEP, doc_id) for doc_id in _stepless(act)]
        for number, name, doc_id in placed:
            ref = ctx.doc(doc_id)
            rows.append({"kegiatan": act.id, "mitra": act.partner, "tahap": number, "nama_tahap": name,
                         "dokumen": ref.title, "jenis": ref.label, "nomor_surat": ref.nomor,
                         "tanggal_surat": long_date(ref.tanggal), "id_dokumen": doc_id})
    return rows


NO_STEP = "Bukan bukti tahap SOP"
UNLINKED_COLUMNS = ("dokumen", "jenis", "tahap", "nomor_surat", "tanggal_surat", "kemungkinan_kegiatan", "skor",
                    "alasan", "id_dokumen")


def unlinked_rows(report: AuditReport, ctx: ExportContext) -> list[dict]:
    """The step evidence linked to no activity, with the activity it most likely belongs to."""
    rows = []
    for u in report.unlinked:
        ref = ctx.doc(u.document)
        where = f"#{u.candidate} {u.candidate_partner or ''}".strip() if u.candidate is not None else ""
        rows.append({"dokumen": ref.title, "jenis": ref.label, "tahap": u.step, "nomor_surat": ref.nomor,
                     "tanggal_surat": long_date(ref.tanggal), "kemungkinan_kegiatan": where,
                     "skor": round(float(u.score), 2) if where else "", "alasan": u.reason if where else "",
                     "id_dokumen": u.document})
    return rows


def _stepless(act: ActivityAudit) -> list[str]:
    """The activity's documents that belong to no step (type unknown or not step evidence)."""
    in_steps = {d for s in act.steps for d in s.documents}
    return [d.id for d in act.documents if d.id not in in_steps]


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


def _comma_decimals(row: dict) -> dict:
    """Numbers with decimals written with a decimal comma (66.7 → "66,7"), as Indonesian Excel reads them."""
    return {k: (f"{v:.1f}".replace(".", ",") if isinstance(v, float) else v) for k, v in row.items()}


def audit_csv(report: AuditReport, ctx: ExportContext | None = None, *, indonesian: bool = False) -> bytes:
    """Findings as CSV (UTF-8 with BOM so spreadsheet programs read the accents); no cell can
    start a formula. ``indonesian``: ``;``-separated, decimal commas and dd-mm-yyyy dates, what
    Excel set to Indonesian opens straight into columns."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FINDING_COLUMNS, delimiter=";" if indonesian else ",")
    writer.writeheader()
    rows = finding_rows(report, ctx, short_date if indonesian else long_date)
    for row in rows:
        writer.writerow(_neutral_row(_comma_decimals(row) if indonesian else row))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def audit_csv_id(report: AuditReport, ctx: ExportContext | None = None) -> bytes:
    return audit_csv(report, ctx, indonesian=True)


def _heading(column: str) -> str:
    return column.replace("_persen", " (%)").replace("_", " ").capitalize()


def audit_xlsx(report: AuditReport, ctx: ExportContext | None = None) -> bytes:
    """A workbook: a summary sheet (one row per activity), the findings, the documents and a
    sheet saying what the file holds (instansi, time of printing, filters)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    ctx = ctx or build_context(report)
    wb = Workbook()
    sheets: list[tuple[Any, str, tuple[str, ...], list[dict]]] = [
        (wb.active, "Ringkasan", SUMMARY_COLUMNS, summary_rows(report)),
        (wb.create_sheet(), "Temuan", FINDING_COLUMNS, finding_rows(report, ctx)),
        (wb.create_sheet(), "Dokumen", DOCUMENT_COLUMNS, document_rows(report, ctx))]
    if report.unlinked:
        sheets.append((wb.create_sheet(), "Belum tertaut", UNLINKED_COLUMNS, unlinked_rows(report, ctx)))
    for ws, title, columns, rows in sheets:
        ws.title = title
        ws.append([_heading(c) for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([neutral(row[c]) for c in columns])
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":  # never a formula, whatever openpyxl guessed
                    cell.data_type = "s"
                if isinstance(cell.value, float):
                    cell.number_format = "0.00" if columns is UNLINKED_COLUMNS else "0.0"
                if isinstance(cell.value, str) and JOIN in cell.value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            status = row.get("kode_status")
            if status in STATUS_COLOURS:
                colour = STATUS_COLOURS[status].lstrip("#")
                ws.cell(ws.max_row, columns.index("status") + 1).fill = PatternFill("solid", fgColor="FF" + colour)
        for i, column in enumerate(columns, start=1):
            width = max([len(_heading(column))] + [len(str(r[column])) for r in rows[:200]])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, width + 2)
        ws.freeze_panes = "A2"
    info = wb.create_sheet("Keterangan")
    for key, value in _about(report, ctx):
        info.append([key, neutral(value)])
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 80
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _about(report: AuditReport, ctx: ExportContext) -> list[tuple[str, str]]:
    return [("Laporan", "Laporan Audit SOP BuRT"), ("Instansi", ctx.instansi), ("Dicetak", long_time(ctx.printed())),
            ("Filter", "; ".join(ctx.filters) or "Semua kegiatan"), ("Jumlah kegiatan", str(len(report.activities)))]


# ---------------------------------------------------------------- PDF

def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _doc_line(ref: DocRef) -> str:
    """A document in a PDF cell: title in bold, then nomor and tanggal."""
    extra = ", ".join(x for x in ((f"No. {ref.nomor}" if ref.nomor else ""), long_date(ref.tanggal)) if x)
    return f"<b>{_esc(ref.title)}</b>" + (f" ({_esc(extra)})" if extra else "")


def _activity_story(act: ActivityAudit, styles, ctx: ExportContext) -> list:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    verdict = ("Lengkap dan berurutan" if act.complete and act.in_order else
               ", ".join(x for x, bad in (("kurang bukti", not act.complete), ("tidak berurutan", not act.in_order))
                         if bad))
    heading = styles["Heading2"].clone("activity", keepWithNext=1)  # never alone at the foot of a page
    story = [Paragraph(f"Kegiatan #{act.id}: {_esc(act.partner)} &mdash; periode {_esc(act.period)}"
                       + (f", Kec. {_esc(act.kecamatan)}" if act.kecamatan else ""), heading),
             Paragraph(f"Hasil: <b>{_esc(verdict)}</b>; {len(act.documents)} dokumen, {len(act.findings)} temuan.",
                       styles["Normal"].clone("verdict", keepWithNext=1)), Spacer(1, 2 * mm)]
    cell = styles["BodyText"].clone("cell8", fontSize=8, leading=9.5)
    data: list[list] = [["Tahap", "Status", "Dokumen (nomor, tanggal)", "Pengesahan"]]
    for s in act.steps:
        docs = "<br/>".join(_doc_line(ctx.doc(d)) for d in s.documents) or "-"
        data.append([Paragraph(f"{s.step}. {_esc(s.name)}", cell),
                     Paragraph(_esc(STATUS_LABELS.get(s.status, s.status)), cell), Paragraph(docs, cell),
                     Paragraph(_esc(_signed(s)) or "-", cell)])
    others = _stepless(act)
    if others:
        data.append([Paragraph(NO_STEP, cell), "", Paragraph("<br/>".join(_doc_line(ctx.doc(d)) for d in others), cell),
                     ""])
    table = Table(data, colWidths=[42 * mm, 27 * mm, 73 * mm, 38 * mm], repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTSIZE", (0, 0), (-1, -1), 8)]
    for i, s in enumerate(act.steps, start=1):
        style.append(("TEXTCOLOR", (1, i), (1, i), colors.HexColor(STATUS_COLOURS.get(s.status, "#000000"))))
    table.setStyle(TableStyle(style))
    story.append(table)
    for f in act.findings:
        docs = "; ".join(_doc_line(ctx.doc(d)) for d in f.documents)
        story.append(Paragraph(f"&bull; <b>Tahap {f.step}, {_esc(RULE_LABELS.get(f.rule, f.rule))}</b>: "
                               f"{_esc(f.message)}" + (f" <i>Dokumen:</i> {docs}." if docs else "")
                               + f" Perbaikan: {_esc(f.fix)}", cell))
    story.append(Spacer(1, 5 * mm))
    return story


def _signature_block(styles, ctx: ExportContext) -> list:
    """Place and date, the signing office, room for the signature, and blank name and NIP lines."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

    right = styles["Normal"]
    lines = [Paragraph(_esc(f"{ctx.place}, {long_date(ctx.printed().astimezone(WITA).date())}"), right),
             Paragraph(_esc(ctx.signer) + ",", right), Spacer(1, 22 * mm),
             Paragraph("Nama&nbsp;: ____________________________", right),
             Paragraph("NIP&nbsp;&nbsp;&nbsp;&nbsp;: ____________________________", right)]
    table = Table([["", [*lines]]], colWidths=[90 * mm, 90 * mm])
    return [Spacer(1, 10 * mm), KeepTogether([table])]


def _story(report: AuditReport, ctx: ExportContext, title: str, styles) -> list:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    filters = "; ".join(ctx.filters) or "Semua kegiatan (tanpa filter)"
    story = [Paragraph(_esc(title), styles["Title"]),
             Paragraph(_esc(ctx.instansi), styles["Normal"]),
             Paragraph(f"Dicetak: {_esc(long_time(ctx.printed()))}", styles["Normal"]),
             Paragraph(f"Filter: {_esc(filters)}", styles["Normal"]), Spacer(1, 4 * mm)]
    data: list[list] = [["No.", "Mitra", "Periode", "Lengkap", "Berurutan", "Dokumen", "Temuan"]]
    data += [[f"#{r['kegiatan']}", Paragraph(_esc(r["mitra"]), styles["BodyText"].clone("m8", fontSize=8, leading=9.5)),
              r["periode"], r["lengkap"],
              r["berurutan"], r["jumlah_dokumen"], r["jumlah_temuan"]] for r in summary_rows(report)]
    table = Table(data, repeatRows=1, colWidths=[12 * mm, 60 * mm, 30 * mm, 20 * mm, 22 * mm, 18 * mm, 18 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey), ("FONTSIZE", (0, 0), (-1, -1), 8)]))
    story += [table, Spacer(1, 6 * mm)]
    if not report.activities:
        story.append(Paragraph("Tidak ada kegiatan yang cocok." if ctx.filters else
                               "Belum ada kegiatan yang tercatat.", styles["Normal"]))
    for act in report.activities:
        story += _activity_story(act, styles, ctx)
    if report.unlinked:
        story += _unlinked_story(report, styles, ctx)
    return story + _signature_block(styles, ctx)


def _unlinked_story(report: AuditReport, styles, ctx: ExportContext) -> list:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell = styles["BodyText"].clone("cell8u", fontSize=8, leading=9.5)
    data: list[list] = [["Dokumen (nomor, tanggal)", "Tahap", "Kemungkinan kegiatan", "Alasan"]]
    for u, row in zip(report.unlinked, unlinked_rows(report, ctx)):
        guess = (f"{row['kemungkinan_kegiatan']} (skor {str(row['skor']).replace('.', ',')})"
                 if row["kemungkinan_kegiatan"] else "-")
        data.append([Paragraph(_doc_line(ctx.doc(u.document)), cell), str(u.step), Paragraph(_esc(guess), cell),
                     Paragraph(_esc(row["alasan"]) or "-", cell)])
    table = Table(data, colWidths=[70 * mm, 14 * mm, 46 * mm, 50 * mm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey), ("FONTSIZE", (0, 0), (-1, -1), 8)]))
    return [Paragraph("Bukti tahap SOP yang belum tertaut ke kegiatan", styles["Heading2"]),
            Paragraph(f"{len(report.unlinked)} dokumen; seorang petugas menautkannya di halaman kegiatan.",
                      styles["Normal"]), table]


def audit_pdf(report: AuditReport, ctx: ExportContext | None = None, title: str = "Laporan Audit SOP BuRT") -> bytes:
    """A printable A4 report: a header with the instansi on every page, the filters and time of
    printing, a summary table, each activity's steps, documents and findings, a signature block;
    "Halaman n dari N" at the foot of every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    ctx = ctx or build_context(report)
    styles = getSampleStyleSheet()
    printed = long_time(ctx.printed())
    width, height = A4

    def render(total: int | None) -> tuple[bytes, int]:
        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=20 * mm,
                                bottomMargin=18 * mm, title=title, author=ctx.instansi or "burt-archive")

        def decorate(canvas, document) -> None:
            canvas.saveState()
            canvas.setFont("Helvetica", 8)
            canvas.drawString(15 * mm, height - 12 * mm, ctx.instansi)
            canvas.drawRightString(width - 15 * mm, height - 12 * mm, title)
            canvas.line(15 * mm, height - 13.5 * mm, width - 15 * mm, height - 13.5 * mm)
            canvas.drawString(15 * mm, 10 * mm, f"Dicetak {printed}")
            page = document.page
            canvas.drawRightString(width - 15 * mm, 10 * mm,
                                   f"Halaman {page} dari {total}" if total else f"Halaman {page}")
            canvas.restoreState()

        doc.build(_story(report, ctx, title, styles), onFirstPage=decorate, onLaterPages=decorate)
        return buf.getvalue(), doc.page

    _, pages = render(None)  # first pass: count the pages for "dari N"
    data, again = render(pages)
    if again != pages:  # the longer footer moved a page break (cannot happen with a fixed footer)
        data, _ = render(again)
    return data


def _stored_fields(settings, ids: list[str]) -> dict[str, dict[str, str]]:
    """The perihal, nomor and tanggal of each of the documents ``ids`` (only the fields set)."""
    if not ids:
        return {}
    out: dict[str, dict[str, str]] = {}
    with db.session_scope(settings) as s:
        rows = s.execute(db.select(db.FieldRow.document_id, db.FieldRow.name, db.FieldRow.value)
                         .where(db.FieldRow.name.in_(("perihal", "nomor", "tanggal")),
                                db.FieldRow.document_id.in_(ids)))
        for doc_id, name, value in rows:
            if value:
                out.setdefault(doc_id, {})[name] = value
    return out


FORMATS: dict[str, tuple[str, str, Callable[[AuditReport, ExportContext], bytes]]] = {
    "pdf": ("application/pdf", "pdf", audit_pdf),
    "csv": ("text/csv; charset=utf-8", "csv", audit_csv),
    "csv-id": ("text/csv; charset=utf-8", "csv", audit_csv_id),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", audit_xlsx),
}


def export_audit(settings, fmt: str, activity_id: int | None = None,
                 filters: AuditFilters | None = None) -> ReportFile:
    """Run the audit, narrow it by ``filters`` (those of the audit page) and render it as ``fmt``
    (pdf, csv, csv-id, xlsx); CSV/XLSX cells are formula-neutral."""
    if fmt not in FORMATS:
        raise ActivityError(f"Format laporan '{fmt}' tidak dikenal; pilih pdf, csv, csv-id atau xlsx. / "
                            "Unknown format.")
    mimetype, ext, render = FORMATS[fmt]
    filters = filters or AuditFilters()
    if activity_id is not None and filters.kegiatan is None:
        filters = dataclasses.replace(filters, kegiatan=activity_id)
    report = filters.apply(audit(settings, filters.kegiatan))
    rules = load_rules()
    ids = sorted({d.id for a in report.activities for d in a.documents} | {u.document for u in report.unlinked})
    stored = _stored_fields(settings, ids)
    perihal = {doc_id: fields["perihal"] for doc_id, fields in stored.items() if "perihal" in fields}
    ctx = build_context(report, rules, perihal, tuple(filters.describe(RULE_LABELS)), place=DEFAULT_PLACE,
                        stored=stored)
    stamp = ctx.printed().astimezone(WITA).strftime("%Y%m%d")
    suffix = f"-kegiatan-{filters.kegiatan}" if filters.kegiatan is not None else ""
    suffix += "-tersaring" if filters.active and filters.kegiatan is None else ""
    return ReportFile(filename=f"audit-burt{suffix}-{stamp}.{ext}", mimetype=mimetype, data=render(report, ctx))
