"""*Kegiatan* (activities with a step-by-step timeline), *Audit* (every activity against the
SOP, with filters and report downloads) and *Dasbor* (charts).

Views parse the request, call one ``archive.service`` function and render; link / unlink /
move / sign-off forms post here (CSRF-protected) and redirect back with a message.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from archive import service
from ingest.errors import BurtError
from web import dashboard as dashboard_charts
from web.access import can, requires
from web.labels import localized
from web.state import client_address, settings

bp = Blueprint("activities", __name__)

# Labels of the codes the audit and the audit log use; lazy, so each renders in the request's language.
STATUS_LABELS = {"complete": _l("Lengkap"), "missing": _l("Kurang bukti"), "out_of_order": _l("Tidak berurutan"),
                 "needs_review": _l("Perlu ditinjau")}
RULE_LABELS = {"missing_evidence": _l("Bukti kurang"), "step_order": _l("Urutan tahap"),
               "reply_before_request": _l("Balasan sebelum permintaan"), "agreement_parties": _l("Pihak MoU"),
               "agreement_number": _l("Nomor MoU"), "agreement_signature": _l("Tanda tangan MoU"),
               "needs_review": _l("Perlu ditinjau"), "partner_mismatch": _l("Mitra berbeda"),
               "outside_period": _l("Di luar periode"), "reference_elsewhere": _l("Rujukan di kegiatan lain")}
ACTION_LABELS = {"activity.create": _l("Kegiatan dibuat"), "activity.link": _l("Dokumen ditautkan"),
                 "activity.move": _l("Dokumen dipindahkan"), "activity.unlink": _l("Dokumen dilepas"),
                 "activity.autolink": _l("Ditautkan otomatis"), "activity.signoff": _l("Tahap disahkan"),
                 "activity.signoff_withdrawn": _l("Pengesahan dicabut")}


@bp.app_context_processor
def _labels() -> dict:
    return {"status_labels": STATUS_LABELS, "rule_labels": RULE_LABELS, "activity_actions": ACTION_LABELS,
            "link_reason": service.read_link_reason}  # a logged link reason as template + parameters, for say()


def _back(activity_id: int | None = None):
    target = request.form.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    if activity_id is not None:
        return redirect(url_for(".detail", activity_id=activity_id))
    return redirect(url_for(".index"))


def _attempt(action, success: str) -> bool:
    """Run a service call; a ``BurtError`` becomes a flashed message (the clerk's half)."""
    try:
        action()
    except BurtError as exc:
        flash(localized(exc.message), "error")
        return False
    flash(success, "success")
    return True


@bp.route("/kegiatan")
@requires("read")
def index():
    """All activities with their verdict; a form to start one by hand."""
    activities = service.list_activities(settings())
    return render_template("activities/index.html", activities=activities)


@bp.route("/kegiatan/baru", methods=["POST"])
@requires("edit")
def create():
    partner = (request.form.get("partner") or "").strip()
    period = (request.form.get("period") or "").strip()
    created = {}

    def run():
        created["a"] = service.create_activity(settings(), partner, period, user=current_user.name)

    if _attempt(run, _("Kegiatan dibuat.")):
        return redirect(url_for(".detail", activity_id=created["a"].id))
    return redirect(url_for(".index"))


@bp.route("/kegiatan/<int:activity_id>")
@requires("read")
def detail(activity_id: int):
    """One activity: six steps in SOP order, their documents, dates, findings and sign-offs."""
    activity = service.get_activity(settings(), activity_id)
    others = [a for a in service.activity_choices(settings()) if a.id != activity_id] if can("edit") else []
    by_step: dict[int, list] = {}
    for doc in activity.documents:
        by_step.setdefault(doc.step, []).append(doc)
    log = service.audit_log(settings(), activity_id=str(activity_id), limit=50)
    return render_template("activities/detail.html", activity=activity, a=activity.summary, by_step=by_step,
                           others=others, my_role=current_user.role, log=log)


@bp.route("/kegiatan/<int:activity_id>/tautkan", methods=["POST"])
@requires("edit")
def link(activity_id: int):
    doc_id = (request.form.get("doc_id") or "").strip()
    _attempt(lambda: service.link_document(settings(), doc_id, activity_id, user=current_user.name),
             _("Dokumen %(doc)s ditautkan.", doc=doc_id))
    return _back(activity_id)


@bp.route("/kegiatan/<int:activity_id>/lepas/<doc_id>", methods=["POST"])
@requires("edit")
def unlink(activity_id: int, doc_id: str):
    _attempt(lambda: service.unlink_document(settings(), doc_id, user=current_user.name, activity_id=activity_id),
             _("Dokumen %(doc)s dilepas dari kegiatan.", doc=doc_id))
    return _back(activity_id)


@bp.route("/kegiatan/<int:activity_id>/pindah/<doc_id>", methods=["POST"])
@requires("edit")
def move(activity_id: int, doc_id: str):
    try:
        target = int(request.form.get("target") or "")
    except ValueError:
        flash(_("Pilih kegiatan tujuan."), "error")
        return _back(activity_id)
    if _attempt(lambda: service.move_document(settings(), doc_id, target, user=current_user.name),
                _("Dokumen %(doc)s dipindahkan ke kegiatan #%(to)s.", doc=doc_id, to=target)):
        return redirect(url_for(".detail", activity_id=target))
    return _back(activity_id)


@bp.route("/kegiatan/<int:activity_id>/sahkan/<int:step>", methods=["POST"])
@requires("approve")
def sign_off(activity_id: int, step: int):
    """Mark a step verified; the service allows only the roles the SOP names for it."""
    reason = (request.form.get("alasan") or "").strip() or None  # an override when evidence is missing
    _attempt(lambda: service.sign_off(settings(), activity_id, step, user=current_user, override_reason=reason,
                                       address=client_address()),
             _("Tahap %(step)s disahkan.", step=step))
    return _back(activity_id)


def _filtered(report, args) -> list:
    """Activities of the audit narrowed by the page's filters."""
    text = (args.get("mitra") or "").strip().lower()
    year = (args.get("tahun") or "").strip()
    kec = (args.get("kecamatan") or "").strip()
    state = args.get("status") or ""
    rule = args.get("aturan") or ""
    out = []
    for act in report.activities:
        if text and text not in act.partner.lower():
            continue
        if year and not act.period.startswith(year):
            continue
        if kec and (act.kecamatan or "") != kec:
            continue
        if state == "temuan" and not act.findings or state == "bersih" and act.findings:
            continue
        if rule and not any(f.rule == rule for f in act.findings):
            continue
        out.append(act)
    return out


@bp.route("/audit")
@requires("read")
def audit():
    """Every activity against the SOP, filterable by partner, year, kecamatan, verdict and rule."""
    report = service.audit(settings())
    shown = _filtered(report, request.args)
    years = sorted({a.period[:4] for a in report.activities}, reverse=True)
    places = sorted({a.kecamatan for a in report.activities if a.kecamatan})
    return render_template("audit/index.html", report=report, shown=shown, years=years, places=places,
                           args=request.args)


@bp.route("/audit/unduh/<fmt>")
@requires("read")
def report_download(fmt: str):
    """The audit as PDF, CSV or XLSX; ``?kegiatan=ID`` for one activity."""
    raw = request.args.get("kegiatan")
    if raw and (not raw.isdigit() or len(raw) > 9):
        abort(400)
    activity_id = int(raw) if raw else None
    out = service.export_audit(settings(), fmt, activity_id)
    service.record_event(settings(), "audit.export", user=current_user.name, address=client_address(),
                         detail={"format": fmt, "activity": activity_id})
    return Response(out.data, mimetype=out.mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"'})


@bp.route("/dasbor")
@requires("read")
def dashboard():
    """Activities per kecamatan and year, completion per step, documents per month of their letter
    date, review share: numbers only (drawn in the browser by dashboard.js, tables without JS)."""
    board = service.dashboard(settings())
    return render_template("dashboard/index.html", data=board.data,
                           charts=dashboard_charts.charts(board.data, dashboard_charts.chart_words()))


@bp.route("/dasbor/cetak.pdf")
@requires("read")
def dashboard_pdf():
    """The printed report: the four charts drawn server-side (matplotlib) as a PDF."""
    out = service.dashboard_pdf(settings(), text=dashboard_charts.chart_words())
    return Response(out.data, mimetype=out.mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"'})
