"""*Kegiatan* (activities with a step-by-step timeline), *Audit* (every activity against the
SOP, with filters and report downloads) and *Dasbor* (charts).

Views parse the request, call one ``archive.service`` function and render; link / unlink /
move / sign-off forms post here (CSRF-protected) and redirect back with a message.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from archive import service
from ingest.errors import BurtError
from web import dashboard as dashboard_charts
from web.access import can, requires
from web.i18n import long_date
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
                 "activity.autolink": _l("Ditautkan otomatis"),
                 "activity.auto_unlink": _l("Tautan otomatis dicabut"), "activity.signoff": _l("Tahap disahkan"),
                 "activity.signoff_withdrawn": _l("Pengesahan dicabut"), "activity.merge": _l("Kegiatan digabung"),
                 "activity.merged_into": _l("Digabung ke kegiatan lain"), "activity.delete": _l("Kegiatan dihapus")}
# How a picker result was found.
MATCH_LABELS = {"nomor": _l("nomor surat"), "berkas": _l("nama berkas"), "teks": _l("isi teks"),
                "saran": _l("saran")}


@bp.app_context_processor
def _labels() -> dict:
    return {"status_labels": STATUS_LABELS, "rule_labels": RULE_LABELS, "activity_actions": ACTION_LABELS,
            "link_reason": service.read_link_reason}  # a logged link reason as template + parameters, for say()


def _step_anchor(step) -> str | None:
    """The fragment of a step on the detail page (``langkah-N``), from a form's ``langkah``."""
    text = str(step if step is not None else request.form.get("langkah") or "").strip()
    return f"langkah-{int(text)}" if text.isdigit() and len(text) <= 2 else None


def _back(activity_id: int | None = None, step=None):
    """Back to the activity's page at the step acted on (``#langkah-N``), not at its top."""
    target = request.form.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    if activity_id is not None:
        return redirect(url_for(".detail", activity_id=activity_id, _anchor=_step_anchor(step)))
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
    """Start an activity by hand; one that duplicates an existing activity (same partner and kind,
    overlapping programme year) is not created unless the clerk confirms ("tetap_buat")."""
    partner = (request.form.get("partner") or "").strip()
    period = (request.form.get("period") or "").strip()
    created = {}
    if request.form.get("tetap_buat") != "1":
        try:
            same = service.similar_activities(settings(), partner, period)
        except BurtError as exc:
            flash(localized(exc.message), "error")
            return redirect(url_for(".index"))
        if same:
            activities = service.list_activities(settings())
            return render_template("activities/index.html", activities=activities, duplicates=same,
                                   asked={"partner": partner, "period": period})

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
    query = (request.args.get("bukti") or "").strip()[:200]
    choices = service.find_evidence(settings(), query) if query and can("edit") else []
    suggestions = service.evidence_suggestions(settings(), activity_id) if can("edit") else {}
    history: dict[int, list] = {}
    for record in activity.history:
        history.setdefault(record.step, []).append(record)
    return render_template("activities/detail.html", activity=activity, a=activity.summary, by_step=by_step,
                           others=others, my_role=current_user.role, log=log, query=query, choices=choices,
                           suggestions=suggestions, history=history, match_labels=MATCH_LABELS,
                           search_words={t.id: t.label_id for t in service.document_types()},
                           same_partner=[o for o in others if o.partner == activity.summary.partner])


@bp.route("/kegiatan/<int:activity_id>/cari-bukti")
@requires("edit")
def find_evidence(activity_id: int):
    """The evidence picker's results as JSON (the page's script; without it the page's GET form)."""
    query = (request.args.get("q") or "").strip()[:200]
    found = service.find_evidence(settings(), query) if query else []
    return jsonify([{"id": c.id, "title": c.title, "filename": c.filename, "type": _(c.type_label),
                     "tanggal": long_date(c.tanggal) if c.tanggal else "", "nomor": c.nomor or "",
                     "matched": str(MATCH_LABELS.get(c.matched, c.matched)), "here": c.activity_id == activity_id,
                     "activity": c.activity_label or ""} for c in found])


def _doc_step(detail, doc_id: str) -> int | None:
    return next((d.step for d in detail.documents if d.id == doc_id), None)


@bp.route("/kegiatan/<int:activity_id>/tautkan", methods=["POST"])
@requires("edit")
def link(activity_id: int):
    doc_id = (request.form.get("doc_id") or "").strip()
    linked = {}

    def run():
        linked["detail"] = service.link_document(settings(), doc_id, activity_id, user=current_user.name)

    step = None
    if _attempt(run, _("Dokumen %(doc)s ditautkan.", doc=doc_id)):
        step = _doc_step(linked["detail"], doc_id)
        if step == 0:
            return redirect(url_for(".detail", activity_id=activity_id, _anchor="dokumen-lain"))
    return _back(activity_id, step)


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
        return redirect(url_for(".detail", activity_id=target, _anchor=_step_anchor(None)))
    return _back(activity_id)


@bp.route("/kegiatan/<int:activity_id>/sahkan/<int:step>", methods=["POST"])
@requires("approve")
def sign_off(activity_id: int, step: int):
    """Mark a step verified, in two steps: without ``konfirmasi`` the sign-off is checked (role,
    evidence or an override reason) and a confirmation page shown; with it, recorded. The service
    allows only the roles the SOP names for the step."""
    reason = (request.form.get("alasan") or "").strip() or None  # an override when evidence is missing
    if request.form.get("konfirmasi") != "1":
        try:
            service.check_sign_off(settings(), activity_id, step, user=current_user, override_reason=reason)
        except BurtError as exc:
            flash(localized(exc.message), "error")
            return _back(activity_id, step)
        activity = service.get_activity(settings(), activity_id)
        audit = next((s for s in activity.audit.steps if s.step == step), None)
        return render_template("activities/confirm.html", a=activity.summary, s=audit, reason=reason or "",
                               confirm="sign_off")
    _attempt(lambda: service.sign_off(settings(), activity_id, step, user=current_user, override_reason=reason,
                                       address=client_address()),
             _("Tahap %(step)s disahkan.", step=step))
    return _back(activity_id, step)


@bp.route("/kegiatan/<int:activity_id>/cabut/<int:signoff_id>", methods=["POST"])
@requires("approve")
def withdraw(activity_id: int, signoff_id: int):
    """Withdraw a sign-off with a reason (the signer, or a role the SOP lets sign the step)."""
    reason = (request.form.get("alasan") or "").strip()
    done = {}

    def run():
        done["step"] = service.withdraw_sign_off(settings(), activity_id, signoff_id, user=current_user,
                                                 reason=reason, address=client_address())

    _attempt(run, _("Pengesahan dicabut."))
    return _back(activity_id, done.get("step"))


@bp.route("/kegiatan/<int:activity_id>/gabung", methods=["POST"])
@requires("approve")
def merge(activity_id: int):
    """Merge another activity into this one (its documents and sign-offs move; it is removed)."""
    raw = (request.form.get("other") or "").strip()
    if not raw.isdigit() or len(raw) > 9:
        flash(_("Pilih kegiatan yang digabungkan."), "error")
        return _back(activity_id)
    if request.form.get("yakin") != "1":
        flash(_("Centang konfirmasi untuk menggabungkan."), "error")
        return _back(activity_id)
    _attempt(lambda: service.merge_activities(settings(), activity_id, int(raw), user=current_user.name,
                                              address=client_address()),
             _("Kegiatan #%(other)s digabung ke kegiatan ini.", other=raw))
    return redirect(url_for(".detail", activity_id=activity_id))


@bp.route("/kegiatan/<int:activity_id>/hapus", methods=["POST"])
@requires("approve")
def delete(activity_id: int):
    """Delete an activity; its documents become unlinked (never deleted). Signed off: a reason."""
    if request.form.get("yakin") != "1":
        flash(_("Centang konfirmasi untuk menghapus."), "error")
        return _back(activity_id)
    reason = (request.form.get("alasan") or "").strip() or None
    if _attempt(lambda: service.delete_activity(settings(), activity_id, user=current_user.name, reason=reason,
                                                address=client_address()),
                _("Kegiatan #%(id)s dihapus; dokumennya kini tanpa kegiatan.", id=activity_id)):
        return redirect(url_for(".index"))
    return _back(activity_id)


@bp.route("/audit")
@requires("read")
def audit():
    """Every activity against the SOP, filterable by partner, year, kecamatan, verdict and rule."""
    report = service.audit(settings())
    filters = service.audit_filters(request.args)
    shown = service.filter_audit(report, filters).activities
    years = sorted({a.period[:4] for a in report.activities}, reverse=True)
    places = sorted({a.kecamatan for a in report.activities if a.kecamatan})
    return render_template("audit/index.html", report=report, shown=shown, years=years, places=places,
                           args=request.args, export_args=filters.query())


@bp.route("/audit/unduh/<fmt>")
@requires("read")
def report_download(fmt: str):
    """The audit as PDF, CSV (``csv-id``: for Indonesian Excel) or XLSX, narrowed by the audit
    page's filters (``mitra``, ``tahun``, ``kecamatan``, ``status``, ``aturan``); ``?kegiatan=ID``
    for one activity."""
    raw = request.args.get("kegiatan")
    if raw and (not raw.isdigit() or len(raw) > 9):
        abort(400)
    filters = service.audit_filters(request.args)
    out = service.export_audit(settings(), fmt, filters=filters)
    service.record_event(settings(), "audit.export", user=current_user.name, address=client_address(),
                         detail={"format": fmt, "activity": filters.kegiatan, "filters": filters.query()})
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
