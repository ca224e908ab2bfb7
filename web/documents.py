"""*Dokumen*: list, detail (page images with hit boxes beside OCR text), metadata
correction, downloads, and *Riwayat* (the audit log).

File paths come only from ``service.document_file`` (the database), never from the request.
"""
from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from archive import service
from web.access import can, requires
from web.forms import EDITABLE_FIELDS, FIELD_MAX_LENGTHS, EmptyForm, MetadataForm
from web.labels import localized
from web.query import MAX_PAGE, clamped_int
from web.state import client_address, settings

bp = Blueprint("documents", __name__)

LIST_SIZE = 25
HISTORY_SIZE = 50


def _page_arg() -> int:
    """``?hal=`` as a page number 1..MAX_PAGE (a non-number is page 1, a huge one the last)."""
    return clamped_int(request.args, "hal", 1, 1, MAX_PAGE)


@bp.app_template_filter("persen")
def persen(confidence) -> str:
    """A confidence (0..1) as a whole percentage rounded down: 0.97 is "97%", 0.999 "99%"; only a
    certain value (a person's entry) shows "100%"."""
    try:
        c = max(0.0, min(1.0, float(confidence or 0.0)))
    except (TypeError, ValueError):
        return "—"
    return f"{int(c * 100 + 1e-9)}%" if c < 1.0 else "100%"


@bp.app_template_filter("judul")
def judul(doc) -> str:
    """A document's readable title (perihal, else type · partner · date, else its file name)."""
    return service.readable_title(doc)


@bp.app_context_processor
def _review_badge():
    """``review_badge()`` in templates: how many documents wait for review (the menu badge)."""
    def review_badge() -> int:
        return service.review_count(settings())
    return {"review_badge": review_badge}


@bp.route("/dokumen")
@requires("read")
def index():
    """All documents: filters, sortable columns, total count, clamped paging, bulk edit and saved
    views (server-side, no JS needed); ``?tinjau=1`` is the review queue (oldest first, with reasons)."""
    review = request.args.get("tinjau") == "1"
    if review:
        page = _page_arg()
        items = service.review_queue(settings(), limit=LIST_SIZE + 1, offset=(page - 1) * LIST_SIZE)
        docs = [item.document for item in items]
        reasons = {item.document.id: item.flags for item in items}
        return render_template("documents/index.html", docs=docs[:LIST_SIZE], page=page,
                               has_next=len(docs) > LIST_SIZE, review=True, reasons=reasons)
    filters = service.document_filters(request.args)
    listing = service.document_list(settings(), filters, page_size=LIST_SIZE)
    return render_template("documents/index.html", review=False, listing=listing, filters=listing.filters,
                           activities=service.activity_choices(settings()),
                           views=service.list_views(settings(), current_user.name), sorts=_SORT_COLUMNS,
                           action_form=EmptyForm(), can_edit=can("edit"))


# the sortable columns (query keys), in table order; their headers are in the template
_SORT_COLUMNS = ("jenis", "tahap", "mitra", "tanggal", "nomor", "ditambah")


def _back_to_list(raw_query: str):
    """Back to the list as it was (the filters re-read from the posted query, never a raw URL)."""
    from urllib.parse import parse_qsl

    args = dict(parse_qsl(raw_query or "", keep_blank_values=False))
    return redirect(url_for(".index", **service.document_filters(args).query()))


_BULK_VALUE_FIELDS = {"doc_type": "nilai_jenis", "sop_step": "nilai_tahap", "partner": "nilai_mitra",
                      "activity": "nilai_kegiatan"}


@bp.route("/dokumen/ubah-bersama", methods=["POST"])
@requires("edit")
def bulk_edit():
    """One change (type, step, partner or activity; the pressed button names it) to every selected
    document, each through the audited correction or link path."""
    form = EmptyForm()
    if not form.validate():
        abort(400)
    field = request.form.get("kolom", "")
    ids = [i for i in request.form.getlist("dokumen") if i][:500]
    back = request.form.get("kembali", "")
    if field not in _BULK_VALUE_FIELDS:
        abort(400)
    value: str | None = (request.form.get(_BULK_VALUE_FIELDS[field]) or "").strip()[:200]
    if not ids:
        flash(_("Pilih dulu dokumen yang akan diubah."), "error")
        return _back_to_list(back)
    if field == "activity" and value == "tanpa":
        value = None
    elif not value or (field in ("sop_step", "activity") and not value.isdigit()):
        flash(_("Isi nilai baru untuk kolom yang diubah."), "error")
        return _back_to_list(back)
    n = service.bulk_edit(settings(), ids, field, value, user=current_user.name)
    flash(_("%(n)s dari %(m)s dokumen diubah dan dicatat di riwayat.", n=n, m=len(ids)), "success")
    return _back_to_list(back)


@bp.route("/dokumen/tampilan", methods=["POST"])
@requires("read")
def save_view():
    """Save the list's current filters and sort under a name (private, or shared with everyone)."""
    from urllib.parse import parse_qsl

    form = EmptyForm()
    if not form.validate():
        abort(400)
    back = request.form.get("kembali", "")
    view = service.save_view(settings(), request.form.get("nama", ""), dict(parse_qsl(back)),
                             user=current_user.name, shared=request.form.get("bersama") == "1")
    flash(_("Tampilan \"%(name)s\" disimpan.", name=view.name), "success")
    return redirect(url_for(".index", **view.query))


@bp.route("/dokumen/tampilan/<int:view_id>/hapus", methods=["POST"])
@requires("read")
def delete_view(view_id: int):
    """Delete one of your saved views."""
    form = EmptyForm()
    if not form.validate():
        abort(400)
    view = service.delete_view(settings(), view_id, user=current_user.name)
    flash(_("Tampilan \"%(name)s\" dihapus.", name=view.name), "success")
    return _back_to_list(request.form.get("kembali", ""))


def _page_views(doc, query: str) -> list[dict]:
    """Per page: its record plus the word boxes to draw (as % of the image) for ``query``."""
    views = []
    for p in doc.pages:
        boxes = []
        if query and p.width and p.height:
            for i in service.matching_word_indexes(p.words, query):
                x, y, w, h = p.words[i]["box"]
                boxes.append({"left": 100.0 * x / p.width, "top": 100.0 * y / p.height,
                              "width": 100.0 * w / p.width, "height": 100.0 * h / p.height,
                              "text": p.words[i]["text"]})
        views.append({"page": p, "boxes": boxes})
    return views


def _form_for(doc) -> MetadataForm:
    form = MetadataForm(formdata=None)
    form.doc_type.data = doc.doc_type or ""
    for name in EDITABLE_FIELDS:
        getattr(form, name).data = doc.value(name) or ""
    return form


# Classifier reasons that are a developer's log, not a reason a clerk can check (the model's top
# character n-grams, its raw score): kept in the database and the JSON, not shown on the page.
_DEVELOPER_REASONS = re.compile(r"^(?:n-gram\b|model\s+\S+.*:\s*[\d.]+$)", re.IGNORECASE)


def readable_reasons(reasons) -> list[str]:
    return [r for r in reasons if not _DEVELOPER_REASONS.match(str(r).strip())]


def _render_detail(doc, form: MetadataForm | None, status: int = 200, errors: dict | None = None):
    query = (request.args.get("q") or "").strip()
    related = service.more_like_this(settings(), doc.id)
    activity = service.activity_documents(settings(), doc.id)
    if activity is not None:
        same = {d.id for d in activity[1]}
        related = [r for r in related if r.id not in same]
    flags = service.review_flags(settings(), doc.id)
    previous_id, next_id = service.review_neighbours(settings(), doc.id)
    zoom = request.args.get("zoom") if request.args.get("zoom") in ("100", "200") else "fit"
    return render_template("documents/detail.html", doc=doc, query=query, pages=_page_views(doc, query), zoom=zoom,
                           related=related, activity=activity, form=form, fields=EDITABLE_FIELDS,
                           flags=flags, previous_id=previous_id, next_id=next_id, errors=errors or {},
                           class_reasons=readable_reasons(doc.classification_reasons),
                           accept_form=EmptyForm() if can("edit") else None), status


@bp.route("/dokumen/<doc_id>")
@requires("read")
def detail(doc_id: str):
    """One document: pages with highlighted hits, text, metadata with confidence, why it waits for
    review (with next/previous in the queue and accept), history."""
    doc = service.get_document(settings(), doc_id)
    return _render_detail(doc, _form_for(doc) if can("edit") else None)


def _form_errors(form: MetadataForm) -> dict[str, str]:
    """Field -> an Indonesian message (translated) for what is wrong with it."""
    errors: dict[str, str] = {}
    for name in form.errors:
        if name == "csrf_token":
            continue
        limit = 40 if name == "tanggal" else FIELD_MAX_LENGTHS.get(name)
        if limit and len(str(getattr(form, name).data or "")) > limit:
            errors[name] = _("Terlalu panjang (paling banyak %(n)s huruf).", n=limit)
        else:
            errors[name] = _("Isian tidak sah.")
    return errors


@bp.route("/dokumen/<doc_id>/ubah", methods=["POST"])
@requires("edit")
def edit(doc_id: str):
    """Correct metadata/classification: only changed fields go to ``service.correct_metadata``.
    A date may be typed as the office writes it (``22-04-2024``, ``22/4/2024``, ``22 April 2024``);
    on an error the form comes back with what was typed and the message beside the field."""
    doc = service.get_document(settings(), doc_id)
    form = MetadataForm()
    valid = form.validate()
    errors = _form_errors(form) if not valid else {}
    tanggal_raw = (form.tanggal.data or "").strip()
    tanggal = service.parse_date(tanggal_raw) if tanggal_raw else None
    if tanggal_raw and tanggal is None:
        errors["tanggal"] = _("Tanggal tidak dikenali. Tulis misalnya 22-04-2024, 22/4/2024 atau 22 April 2024.")
    if errors:
        flash(_("Perubahan belum disimpan: periksa isian yang ditandai."), "error")
        return _render_detail(doc, form, 400, errors)
    changes: dict[str, str | None] = {}
    new_type = form.doc_type.data or None
    if new_type != doc.doc_type:  # the service sets the SOP step that type proves
        changes["doc_type"] = new_type
    for name in EDITABLE_FIELDS:
        value = tanggal if name == "tanggal" else (getattr(form, name).data or "").strip() or None
        if value != (doc.value(name) or None):
            changes[name] = value
    if not changes:
        flash(_("Tidak ada perubahan."), "info")
    else:
        service.correct_metadata(settings(), doc.id, changes, user=current_user.name)
        flash(_("Perubahan disimpan dan dicatat di riwayat."), "success")
    return redirect(url_for(".detail", doc_id=doc.id))


@bp.route("/dokumen/<doc_id>/terima", methods=["POST"])
@requires("edit")
def accept(doc_id: str):
    """Accept a flagged document as it is (audited); then on to the next one in the queue."""
    doc = service.get_document(settings(), doc_id)
    form = EmptyForm()
    if not form.validate():
        abort(400)
    _previous, next_id = service.review_neighbours(settings(), doc.id)
    service.accept_review(settings(), doc.id, user=current_user.name)
    flash(_("Dokumen diterima apa adanya; tanda tinjau dihapus dan dicatat di riwayat."), "success")
    if next_id and next_id != doc.id:
        return redirect(url_for(".detail", doc_id=next_id))
    return redirect(url_for(".index", tinjau=1))


_KINDS = {"asli": "original", "pdf": "pdf"}

# The type an original is served as comes from the kind ingest sniffed from its bytes and the
# database recorded, never from the uploaded name.
MIME_BY_KIND = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png", "tiff": "image/tiff",
                "heic": "image/heic"}

# Bidi embeddings/overrides/isolates and other invisible format characters that can make a
# name display as something else ("gpj.exe" shown as "exe.jpg").
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def safe_filename(name: str, fallback: str = "dokumen") -> str:
    """A download name with no control characters (NUL, CR/LF…), bidi controls or other
    invisible format characters, and no path separators; at most 150 characters."""
    import unicodedata

    cleaned = "".join(" " if ch in "/\\" else ch for ch in name or ""
                      if ch not in _BIDI and unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp"))
    cleaned = " ".join(cleaned.split()).strip(" .")
    return cleaned[:150] or fallback


@bp.route("/dokumen/<doc_id>/unduh/<kind>")
@requires("read")
def download(doc_id: str, kind: str):
    """Download the original (its own file name, sanitised) or the searchable PDF, always as an
    attachment with the type sniffed at ingest; a download of an original is audited."""
    if kind not in _KINDS:
        abort(404)
    doc = service.get_document(settings(), doc_id)
    path = service.document_file(settings(), doc.id, _KINDS[kind])
    if kind == "asli":
        name = safe_filename(doc.filename, fallback=f"{doc.id}.{doc.kind or 'bin'}")
        mimetype = MIME_BY_KIND.get(doc.kind, "application/octet-stream")
        service.record_event(settings(), "document.download", user=current_user.name, address=client_address(),
                             doc_id=doc.id, detail={"kind": "original"})
    else:
        stem = doc.filename.rsplit(".", 1)[0] if "." in doc.filename else doc.filename
        name = safe_filename(f"{safe_filename(stem, fallback=doc.id)}-ocr.pdf")
        mimetype = "application/pdf"
    # werkzeug writes ``filename="ascii fallback"`` plus RFC 5987 ``filename*=UTF-8''…`` for other names
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=name)


@bp.route("/dokumen/<doc_id>/halaman/<int:number>")
@requires("read")
def page_image(doc_id: str, number: int):
    """The cleaned page image the word boxes refer to."""
    path = service.document_file(settings(), doc_id, "page", page=number)
    return send_file(path, max_age=3600)


@bp.route("/dokumen/<doc_id>/layar/<int:number>")
@requires("read")
def page_screen(doc_id: str, number: int):
    """The page at screen size as WebP (``?w=`` rounded up to 480/800/1200/1600; made once, then
    kept); the full PNG stays at ``/halaman/<n>``."""
    width = clamped_int(request.args, "w", 1200, 1, 10000)
    path = service.page_screen_image(settings(), doc_id, number, width)
    return send_file(path, mimetype="image/webp", max_age=86400)


@bp.route("/dokumen/<doc_id>/gambar-kecil/<int:number>")
@requires("read")
def thumbnail(doc_id: str, number: int):
    path = service.document_file(settings(), doc_id, "thumb", page=number)
    return send_file(path, max_age=3600)


@bp.route("/riwayat")
@requires("read")
def history():
    """*Riwayat*: the audit log, newest first; ``?dokumen=ID`` narrows it to one document."""
    page = _page_arg()
    doc_id = (request.args.get("dokumen") or "").strip() or None
    entries = service.audit_log(settings(), doc_id=doc_id, limit=HISTORY_SIZE + 1,
                                offset=(page - 1) * HISTORY_SIZE)
    return render_template("documents/history.html", entries=entries[:HISTORY_SIZE], page=page,
                           has_next=len(entries) > HISTORY_SIZE, doc_id=doc_id, localized=localized)
