"""Tables as data on the document page: a book list's books, an attendance list's names, a
schedule's dated entries (``documents/_tables.html``, included by the document page through the
``document_tables`` template function) and their CSV / XLSX downloads."""
from __future__ import annotations

from flask import Blueprint, Response, abort
from flask_login import current_user

from archive import service
from web.access import requires
from web.state import client_address, settings

bp = Blueprint("tables", __name__)


@bp.app_context_processor
def _table_functions() -> dict:
    def document_tables(doc_id: str):
        """The document's table as rows, or None when its type holds none (or it has no rows)."""
        found = service.document_tables(settings(), doc_id)
        return found if found.kind else None

    return {"document_tables": document_tables}


@bp.route("/dokumen/<doc_id>/tabel/<fmt>")
@requires("read")
def download(doc_id: str, fmt: str):
    """The document's table as CSV or XLSX (audited as a download)."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    out = service.export_document_table(settings(), doc_id, fmt)
    service.record_event(settings(), "document.table_export", user=current_user.name, address=client_address(),
                         doc_id=doc_id, detail={"format": fmt})
    return Response(out.data, mimetype=out.mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"'})
