"""The burt-archive web app: Flask UI and JSON API over ``archive.service``.

``create_app(settings)`` opens the ``Archive`` once for the process and builds the app (importing
``web.app`` touches no disk or database: every import is at module level, none inside a function);
``serve(settings, host, port)`` runs it under waitress for ``burt serve``.  It lives here, not in
``web/__init__.py``, so that importing the ``burt`` command line does not import Flask.
"""
from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from logging.handlers import RotatingFileHandler
from typing import Any

from flask import Flask, abort, current_app, request
from flask_login import current_user

from archive import service
from archive.settings import load_settings
from web import (
    activities,
    admin,
    agenda,
    api,
    auth,
    documents,
    errors,
    i18n,
    labels,
    search,
    state,
    tables,
    upload,
)
from web.access import PUBLIC_ENDPOINTS, ROLE_LABELS, can
from web.api import csrf
from web.consume import ConsumeRunner
from web.i18n import select_locale
from web.jobs import JobRunner
from web.logs import safe_handler
from web.state import client_address

log = logging.getLogger(__name__)


def _secret_key(settings) -> str:
    """The configured secret key, or one generated once and kept in the data directory."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.home / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    os.replace(tmp, path)
    return key


def _configure(app: Flask, settings, config: dict[str, Any] | None) -> None:
    app.config.update(
        SECRET_KEY=_secret_key(settings),
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(settings.secure_cookies),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=bool(settings.secure_cookies),
        WTF_CSRF_TIME_LIMIT=None,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_hours),
        BURT_JOB_RUNNER=True,
        BURT_CONSUMER=True,  # with BURT_CONSUME_DIR set: a thread watches that folder (web.consume)
        JSON_SORT_KEYS=False,
    )
    if config:
        app.config.update(config)


def _register_blueprints(app: Flask) -> None:
    for module in (auth, search, documents, upload, admin, api, activities, agenda, tables):
        app.register_blueprint(module.bp)


def create_app(settings=None, config: dict[str, Any] | None = None) -> Flask:
    """Build the app from ``settings`` (``None`` → ``load_settings()``).

    ``config`` overrides Flask config keys, e.g. ``{"TESTING": True, "BURT_JOB_RUNNER": False}``
    so tests drive the job queue themselves.
    """
    settings = settings or load_settings()
    archive = service.open_archive(settings)  # once per process: directories, schema, thread limit
    app = Flask(__name__)
    _configure(app, settings, config)
    state.attach(app, settings, archive)
    csrf.init_app(app)
    auth.login_manager.init_app(app)
    i18n.init_app(app)
    labels.init_app(app)
    _register_blueprints(app)
    errors.register(app)
    app.before_request(_require_login)
    app.before_request(_refuse_huge_numbers)
    app.after_request(_security_headers)
    app.context_processor(_template_globals)
    if app.config["BURT_JOB_RUNNER"] and not settings.broker_url:  # with a broker, `burt worker` runs the jobs
        app.extensions["burt"]["jobs"] = JobRunner(settings).start()
    if app.config["BURT_JOB_RUNNER"] and app.config["BURT_CONSUMER"] and settings.consume_dir:
        app.extensions["burt"]["consume"] = ConsumeRunner(settings).start()
    return app


def _require_login():
    """Login required everywhere except the public endpoints (login page, static, language)."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        abort(401)
    return None


# Scripts only from our own static files; inline style attributes are needed for the hit boxes.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
                           "form-action 'self'")


# Ids and page numbers in URLs must fit a 32-bit signed integer (SQLite and SQL columns).
MAX_URL_INT = 2**31 - 1


def _refuse_huge_numbers():
    """An out-of-range number in the URL path is a bad request (400), not a server error."""
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and not 0 <= value <= MAX_URL_INT:
            abort(400)
    return None


# Cached page images may stay in the user's own browser for a while; nothing else is stored.
_PRIVATE_CACHE_ENDPOINTS = frozenset({"documents.page_image", "documents.thumbnail"})


def _security_headers(response):
    """Defence in depth against injected markup, framing and MIME sniffing; archive responses
    are never kept by shared caches (``private``) and, except page images, not at all."""
    if request.endpoint != "static":
        if request.endpoint in _PRIVATE_CACHE_ENDPOINTS and response.status_code == 200:
            response.headers["Cache-Control"] = "private, max-age=3600"
        else:
            response.headers["Cache-Control"] = "private, no-store"
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _template_globals() -> dict[str, Any]:
    return {
        "can": can,
        "role_labels": ROLE_LABELS,
        "locale": select_locale(),
        "has_endpoint": lambda name: name in current_app.view_functions,
    }


def _log_to_file(settings) -> None:
    """Server log (INFO, with tracebacks of 500s) in ``<home>/logs/web.log``, rotated."""
    settings.logs_dir.mkdir(parents=True, exist_ok=True)
    path = settings.logs_dir / "web.log"
    root = logging.getLogger()
    if any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        return
    handler = RotatingFileHandler(path, maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8")
    handler.setLevel(logging.INFO)
    safe_handler(handler, client_address)  # control characters escaped, client address on every line
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
        for h in root.handlers:
            if h is not handler and h.level == logging.NOTSET:
                h.setLevel(logging.WARNING)  # the console keeps showing only warnings


def serve(settings, host: str | None = None, port: int | None = None) -> None:
    """Run the app under waitress (production WSGI server) until interrupted."""
    import waitress

    settings.use_private_tmp()
    _log_to_file(settings)
    app = create_app(settings)
    host = host or settings.host
    port = port or settings.port
    log.info("serving burt-archive on http://%s:%s", host, port)
    try:
        waitress.serve(app, host=host, port=port, threads=8, ident="burt-archive")
    finally:
        for name in ("consume", "jobs"):
            runner = app.extensions["burt"].get(name)
            if runner is not None:
                runner.stop()
