"""*Unggah*: several files at once (drag and drop), per-file progress, then a review list.

The page's script posts each file to ``POST /api/documents`` and polls ``/api/jobs/ID``;
without JavaScript the form posts here and the same progress list is rendered. OCR runs
in the background job runner, never in this request.
"""
from __future__ import annotations

import logging

from flask import Blueprint, render_template, request
from flask_login import current_user

from archive import service
from archive.errors import DuplicateDocumentError
from ingest.errors import BurtError
from web.access import requires
from web.forms import EmptyForm
from web.jobs import wake_runner
from web.state import settings

log = logging.getLogger(__name__)

bp = Blueprint("upload", __name__)


@bp.route("/unggah", methods=["GET"])
@requires("edit")
def index():
    return render_template("upload/index.html", form=EmptyForm(), items=[])


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
    return render_template("upload/index.html", form=EmptyForm(), items=items), status


def _submit_one(upload) -> dict:
    try:
        job = service.submit_upload(settings(), upload.filename, upload.stream, user=current_user.name)
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
