"""One place maps every failure to a response: HTML for pages, one JSON shape for /api/.

``BurtError`` → its ``http_status`` with its clerk-readable message (logged at WARNING when it
is the machine's fault); HTTP errors (404,
403, 413, CSRF, …) → an Indonesian message; anything else → 500 with a generic message
and the traceback in the log, never ``str(exc)``.
"""
from __future__ import annotations

import logging

from flask import Flask, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ingest.errors import BurtError, Fault
from web.access import is_api_request

log = logging.getLogger(__name__)


# Stable codes of the door's own answers (HTTP errors, CSRF, unexpected errors); docs/cli.md lists them.
HTTP_CODES = {400: "bad_request", 401: "login_required", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "file_too_large"}
DOOR_CODES = (*HTTP_CODES.values(), "http_error", "csrf_failed", "internal_error")


def _http_messages() -> dict[int, tuple[str, str]]:
    """Stable code and translated message per HTTP status we expect to send."""
    return {
        400: (HTTP_CODES[400], _("Permintaan tidak valid.")),
        401: (HTTP_CODES[401], _("Silakan masuk terlebih dahulu.")),
        403: (HTTP_CODES[403], _("Anda tidak memiliki hak akses untuk halaman atau tindakan ini.")),
        404: (HTTP_CODES[404], _("Halaman atau data tidak ditemukan.")),
        405: (HTTP_CODES[405], _("Metode permintaan tidak diizinkan.")),
        413: (HTTP_CODES[413], _("Berkas terlalu besar untuk diunggah.")),
    }


def _bilingual(make) -> str:
    """A message as "Indonesian / English" (like BurtError messages); pages show one half."""
    with force_locale("id"):
        indonesian = make()
    with force_locale("en"):
        english = make()
    return indonesian if indonesian == english else f"{indonesian} / {english}"


def error_response(status: int, code: str, message: str, extra: dict | None = None):
    """Render one error as JSON (for /api/) or as the error page."""
    if is_api_request():
        body = {"error": {"code": code, "message": message}}
        if extra:
            body.update(extra)
        return jsonify(body), status
    return render_template("error.html", status=status, code=code, message=message), status


def _handle_burt_error(exc: BurtError):
    level = logging.INFO if exc.fault is Fault.FILE else logging.WARNING  # the machine's fault: the operator's concern
    log.log(level, "request %s %s refused: %s (%s fault) %s", request.method, request.path, exc.code, exc.fault,
            exc.detail or "")
    extra = None
    existing = getattr(exc, "existing_id", None)
    if existing is not None:
        extra = {"document": existing}
    return error_response(int(getattr(exc, "http_status", 400)), exc.code, exc.message, extra)


def _handle_csrf(exc: CSRFError):
    return error_response(400, "csrf_failed", _bilingual(
        lambda: _("Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.")))


def _handle_http(exc: HTTPException):
    status = exc.code or 500
    if status == 401 and not is_api_request():
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    code = _http_messages().get(status, ("http_error", ""))[0]
    message = _bilingual(lambda: _http_messages().get(status, ("", _("Permintaan tidak dapat diproses.")))[1])
    return error_response(status, code, message)


def _handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return _handle_http(exc)
    log.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(500, "internal_error", _bilingual(
        lambda: _("Terjadi kesalahan di server. Kesalahan sudah dicatat; hubungi admin bila berulang.")))


def register(app: Flask) -> None:
    """Install the handlers on ``app``."""
    app.register_error_handler(BurtError, _handle_burt_error)
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
