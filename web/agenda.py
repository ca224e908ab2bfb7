"""*Buku agenda*: the register of incoming and outgoing mail, with register, year and month tabs,
a text filter, row edits (audited by the service) and downloads as PDF ledger, CSV and XLSX."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from archive import service
from ingest.errors import BurtError
from web.access import can, requires
from web.labels import localized
from web.state import client_address, settings

bp = Blueprint("agenda", __name__)

REGISTERS = ("masuk", "keluar")
EDIT_FIELDS = ("tanggal_terima", "nomor_surat", "tanggal_surat", "asal_tujuan", "perihal", "keterangan",
               "nomor_buku", "document_id")
MONTH_NAMES = (_l("Januari"), _l("Februari"), _l("Maret"), _l("April"), _l("Mei"), _l("Juni"), _l("Juli"),
               _l("Agustus"), _l("September"), _l("Oktober"), _l("November"), _l("Desember"))


def _int_arg(name: str, low: int, high: int) -> int | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        abort(400)
    return int(raw)


def _filters() -> dict:
    register = request.args.get("register") or "masuk"
    if register not in REGISTERS:
        abort(400)
    text = (request.args.get("q") or "").strip()[:200]
    return {"register": register, "year": _int_arg("tahun", 1900, 2999), "month": _int_arg("bulan", 1, 12),
            "text": text}


@bp.route("/agenda")
@requires("read")
def index():
    """The ledger of one register: every year by default, year tabs, month tabs within a year,
    a text filter."""
    f = _filters()
    years = service.agenda_list(settings(), register=f["register"], limit=0).years
    found = service.agenda_list(settings(), **f)
    year_counts = service.agenda_list(settings(), register=f["register"], year=f["year"], limit=0)
    return render_template("agenda/index.html", found=found, f=f, years=years, months=year_counts.months,
                           month_names=[str(m) for m in MONTH_NAMES])


@bp.route("/agenda/<int:entry_id>")
@requires("read")
def entry(entry_id: int):
    """One entry: its columns (a form for those who may edit), the page image of a row read from
    a legacy agenda page (to key a cell in beside it), its letter and its edit history."""
    item = service.agenda_entry(settings(), entry_id)
    doc = item.document_id or item.source_doc_id
    log = [a for a in (service.audit_log(settings(), doc_id=doc, limit=200) if doc else [])
           if a.action == "agenda.edit" and a.detail.get("entry") == entry_id]
    return render_template("agenda/entry.html", e=item, log=log, fields=EDIT_FIELDS, editable=can("edit"),
                           crop=_row_crop(item.source_box, item.page_size))


def _row_crop(box: tuple[int, ...], size: tuple[int, int]) -> dict | None:
    """CSS numbers that show one row of the page image (the page's full width, the row's height
    with a margin) as a background: aspect ratio and vertical position in percent."""
    width, height = size
    if len(box) != 4 or width <= 0 or height <= 0:
        return None
    margin = (box[3] - box[1]) * 0.25 + 8
    top, bottom = max(0.0, box[1] - margin), min(float(height), box[3] + margin)
    shown = max(1.0, bottom - top)
    position = 0.0 if height <= shown else 100.0 * top / (height - shown)
    return {"ratio": f"{width} / {shown:.0f}", "y": f"{position:.2f}"}


@bp.route("/agenda/<int:entry_id>/ubah", methods=["POST"])
@requires("edit")
def edit(entry_id: int):
    changes = {name: request.form.get(name, "") for name in EDIT_FIELDS if name in request.form}
    reason = (request.form.get("alasan") or "").strip()[:500]
    try:
        service.edit_agenda_entry(settings(), entry_id, changes, user=current_user.name, reason=reason)
    except BurtError as exc:
        flash(localized(exc.message), "error")
    else:
        flash(_("Baris agenda disimpan."), "success")
    return redirect(url_for(".entry", entry_id=entry_id))


@bp.route("/agenda/unduh/<fmt>")
@requires("read")
def download(fmt: str):
    """The filtered register as PDF (ledger), CSV or XLSX."""
    if fmt not in ("pdf", "csv", "xlsx"):
        abort(404)
    f = _filters()
    out = service.export_agenda(settings(), fmt, **f)
    service.record_event(settings(), "agenda.export", user=current_user.name, address=client_address(),
                         detail={"format": fmt, **{k: v for k, v in f.items() if v}})
    return Response(out.data, mimetype=out.mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"'})
