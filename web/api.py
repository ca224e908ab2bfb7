"""The JSON API under /api/ (token or session authentication, one error shape).

API clients authenticate with ``Authorization: Token …`` and need no CSRF token; browser
calls that ride on the session cookie (the upload page) must send ``X-CSRFToken``.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from archive import service
from archive.errors import InvalidChangeError
from ingest.errors import EmptyFileError
from web.access import requires, role_has
from web.forms import FIELD_MAX_LENGTHS
from web.jobs import wake_runner
from web.limits import TooManyRequestsError
from web.openapi import openapi_document
from web.query import MAX_OFFSET, clamped_int, parse_search_args, run_search
from web.state import api_writes, settings

bp = Blueprint("api", __name__, url_prefix="/api")
csrf = CSRFProtect()
csrf.exempt(bp)

MAX_JSON_BYTES = 64 * 1024  # a correction is a few fields of at most 1000 characters
EDITABLE = ("doc_type", "nomor", "tanggal", "perihal", "pengirim", "penerima", "partner", "sifat", "lampiran")


@bp.before_request
def _csrf_for_session_calls():
    """A state-changing call authenticated by the session cookie must carry the CSRF token."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return None
    if getattr(g, "token_auth", False):
        return None
    # ``current_user`` loads the user (and sets g.token_auth for token clients) lazily.
    if current_user.is_authenticated and not getattr(g, "token_auth", False):
        csrf.protect()
    return None


@bp.before_request
def _rate_limit_writes():
    """At most ``BURT_API_WRITES_PER_MINUTE`` writes per user and minute (in this process)."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not current_user.is_authenticated:
        return None
    if not api_writes().allow(str(current_user.name)):
        raise TooManyRequestsError()
    return None


def job_json(job) -> dict:
    """The ``GET /api/jobs/ID`` shape."""
    error = None
    if job.error_code or job.error_message:
        error = {"code": job.error_code or "error", "message": job.error_message or ""}
    return {"id": job.id, "file": job.filename, "status": job.status, "stage": job.stage,
            "progress": round(float(job.progress or 0.0), 3), "document": job.doc_id, "error": error}


@bp.route("/documents", methods=["POST"])
@requires("edit")
def upload_document():
    """Store the upload and queue its ingest job: ``202 {"job": ID}``; 409 for a duplicate."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise EmptyFileError("Tidak ada berkas di kolom 'file'. / No file in the 'file' field.")
    job = service.submit_upload(settings(), upload.filename, upload.stream, user=current_user.name,
                                 sniff=True)
    wake_runner()
    return jsonify({"job": job.id, "status": job.status}), 202


@bp.route("/documents", methods=["GET"])
@requires("read")
def list_documents():
    """Documents newest first: ``?limit=&offset=&needs_review=1``."""
    limit = clamped_int(request.args, "limit", 25, 1, 100)
    offset = clamped_int(request.args, "offset", 0, 0, MAX_OFFSET)
    review = True if request.args.get("needs_review") in ("1", "true") else None
    docs = service.list_documents(settings(), limit=limit, offset=offset, needs_review=review)
    return jsonify({"documents": [d.to_json() for d in docs], "limit": limit, "offset": offset})


@bp.route("/documents/<doc_id>", methods=["GET"])
@requires("read")
def get_document(doc_id: str):
    return jsonify(service.get_document(settings(), doc_id).to_json())


@bp.route("/documents/<doc_id>", methods=["PATCH"])
@requires("edit")
def patch_document(doc_id: str):
    """Correct metadata/classification from a JSON object ``{field: value}`` (audited)."""
    if (request.content_length or 0) > MAX_JSON_BYTES:
        abort(413)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not body:
        raise InvalidChangeError("Kirim objek JSON berisi kolom yang diubah. / Send a JSON object of changed fields.")
    unknown = sorted(set(body) - set(EDITABLE))
    if unknown:
        raise InvalidChangeError(f"Kolom tidak dapat diubah: {', '.join(unknown)}. / "
                                 f"Fields that cannot be changed: {', '.join(unknown)}.")
    bad = [k for k, v in body.items() if v is not None and not isinstance(v, str)]
    if bad:
        raise InvalidChangeError(f"Nilai harus teks atau null: {', '.join(bad)}. / Values must be strings or null.")
    long = [k for k, v in body.items() if v is not None and len(v) > FIELD_MAX_LENGTHS[k]]
    if long:
        raise InvalidChangeError("Nilai terlalu panjang: " + ", ".join(
            f"{k} (maks. {FIELD_MAX_LENGTHS[k]})" for k in long) + " / Values too long: " + ", ".join(
            f"{k} (max {FIELD_MAX_LENGTHS[k]})" for k in long), code="value_too_long")
    # a new doc_type brings its SOP step (from the SOP data) unless the body names sop_step too
    doc = service.correct_metadata(settings(), doc_id, dict(body), user=current_user.name)
    return jsonify(doc.to_json())


@bp.route("/jobs")
@requires("read")
def list_jobs():
    """The newest jobs (``?limit=``, ``?failed=1``) and the queue: waiting, due, parked, running with
    their stage (the same keys as ``burt jobs --json``)."""
    limit = clamped_int(request.args, "limit", 25, 1, 100)
    failed = request.args.get("failed") in ("1", "true")
    listed = service.list_jobs(settings(), failed=failed, limit=limit)
    return jsonify({"jobs": [job_json(j) for j in listed], "queue": service.job_queue(settings()).to_json()})


@bp.route("/health")
def health():
    """Liveness for anyone: ``{"status": ...}``, 200 when nothing is down, else 503. An admin (session
    or token) gets every part with its message and figures (``burt health --json``)."""
    runner = current_app.extensions["burt"].get("jobs")
    report = service.health(settings(), expect_runner=runner is not None)
    code = 503 if report.status == "down" else 200
    if current_user.is_authenticated and role_has(current_user.role, "admin"):
        return jsonify(report.to_json()), code
    return jsonify({"status": report.status}), code


@bp.route("/jobs/<job_id>")
@requires("read")
def get_job(job_id: str):
    return jsonify(job_json(service.get_job(settings(), job_id)))


@bp.route("/search")
@requires("read")
def search():
    """The same JSON as ``burt search --json``."""
    return jsonify(run_search(parse_search_args(request.args)).to_json())


@bp.route("/audit")
@requires("read")
def audit():
    """The same JSON as ``burt audit --json``."""
    activity = (request.args.get("activity") or "").strip() or None
    return jsonify(service.audit(settings(), activity_id=activity).to_json())


@bp.route("/openapi.json")
@requires("read")
def openapi():
    return jsonify(openapi_document())

