"""*Unggah*: several files at once (drag and drop), per-file progress, then a review list.

The page's script checks each file against the server's limits, posts it to
``POST /api/documents`` and refreshes the job list (``/unggah/pekerjaan``, the same HTML the
page renders); without JavaScript the form posts here and the page renders the list. The list
is the user's recent jobs from the archive, so it is still there after the clerk leaves and
comes back. On a phone, "Ambil foto" / "Tambah halaman" collect photos of one letter's pages,
sent together to ``/unggah/halaman`` and combined into one document. OCR runs in the
background job runner, never in this request.
"""
from __future__ import annotations

import logging

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user

from archive import service
from archive.errors import DuplicateDocumentError
from ingest.errors import BurtError, EmptyFileError
from web.access import requires
from web.forms import EmptyForm
from web.jobs import wake_runner
from web.state import settings

log = logging.getLogger(__name__)

bp = Blueprint("upload", __name__)


JOB_LIST_SIZE = 20


def _page(items: list, status: int = 200, fresh: tuple[str, ...] = ()):
    """The page; ``fresh``: jobs this request queued, listed first (times are kept to the second)."""
    jobs = _jobs()
    jobs.sort(key=lambda u: fresh.index(u.job.id) if u.job.id in fresh else len(fresh))
    return render_template("upload/index.html", form=EmptyForm(), items=items, jobs=jobs,
                           limits=service.upload_limits(settings()), queue=service.job_queue(settings())), status


def _jobs():
    return service.upload_jobs(settings(), current_user.name, limit=JOB_LIST_SIZE)


@bp.route("/unggah", methods=["GET"])
@requires("edit")
def index():
    return _page([])


@bp.route("/unggah/pekerjaan")
@requires("edit")
def job_list():
    """The job list alone (the page's script swaps it in while jobs run)."""
    return render_template("upload/_jobs.html", jobs=_jobs(), queue=service.job_queue(settings()))


@bp.route("/unggah/halaman", methods=["POST"])
@requires("edit")
def submit_pages():
    """Photos of one document's pages ("Tambah halaman"), combined into one document: JSON
    ``202 {"job": ID}`` for the page's script, else the page with the job list."""
    photos = [(f.filename, f.stream) for f in request.files.getlist("pages") if f and f.filename]
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        if not photos:
            raise EmptyFileError("Pilih minimal satu foto halaman. / Choose at least one page photo.")
        job = service.submit_pages(settings(), photos, user=current_user.name)
    except BurtError as exc:
        log.info("page photos refused: %s", exc.code)
        existing = getattr(exc, "existing_id", None)
        if wants_json:
            return jsonify({"error": {"code": exc.code, "message": exc.message}, "document": existing}), \
                int(getattr(exc, "http_status", 400))
        item = {"file": ", ".join(n for n, _ in photos), "job": None, "error": exc.message, "document": existing}
        return _page([item], 422)
    wake_runner()
    if wants_json:
        return jsonify({"job": job.id, "status": job.status}), 202
    return _page([], fresh=(job.id,))


@bp.route("/unggah", methods=["POST"])
@requires("edit")
def submit():
    """No-script fallback: queue every file and show the progress list."""
    items = []
    for upload in request.files.getlist("files"):
        if not upload or not upload.filename:
            continue
        items.append(_submit_one(upload))
    wake_runner()
    status = 200 if items and all(i["job"] for i in items) else 422
    if not items:
        items.append({"file": "", "job": None, "error": "Pilih minimal satu berkas. / Choose at least one file.",
                      "document": None})
    # queued files are in the job list; only the refused ones are shown beside it
    return _page([i for i in items if not i["job"]], status, fresh=tuple(i["job"] for i in items if i["job"]))


def _submit_one(upload) -> dict:
    try:
        job = service.submit_upload(settings(), upload.filename, upload.stream, user=current_user.name,
                                     sniff=True)
    except DuplicateDocumentError as exc:
        return {"file": upload.filename, "job": None, "error": exc.message, "document": exc.existing_id}
    except BurtError as exc:
        log.info("upload %r refused: %s", upload.filename, exc.code)
        return {"file": upload.filename, "job": None, "error": exc.message, "document": None}
    return {"file": upload.filename, "job": job.id, "error": None, "document": None}


@bp.route("/unggah/tinjau")
@requires("read")
def review():
    """Documents whose OCR or classification is unsure ("perlu ditinjau"), and the ones just uploaded."""
    just = [d for d in request.args.getlist("dok") if d][:50]
    uploaded = []
    for doc_id in just:
        try:
            uploaded.append(service.get_document(settings(), doc_id))
        except BurtError:
            continue
    pending = service.list_documents(settings(), limit=50, offset=0, needs_review=True)
    return render_template("upload/review.html", uploaded=uploaded, pending=pending)
