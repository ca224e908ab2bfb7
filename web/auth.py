"""Accounts in the browser and the API: Flask-Login wiring, login/logout, language switch.

Users, passwords and tokens live in the archive (``archive.service``); this module only
adapts a service ``User`` to Flask-Login and reads the ``Authorization: Token …`` header.

A browser session names the user *and* the user's session version ("7:3"): logout, a
password or role change and disabling the user move the version on, so every copy of an
older cookie stops working at once.  A login also lasts at most ``BURT_SESSION_HOURS``.
Failed logins are throttled per user name and per client address (``web.limits``); every
login, failed login and lockout goes to the audit log with the client address.
"""
from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from archive import service
from ingest.errors import BurtError
from web.access import ROLE_LABELS, requires
from web.state import client_address, login_throttle, settings

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = "basic"

LANGUAGES = ("id", "en")


class LoginUser(UserMixin):
    """A service ``User`` as Flask-Login wants it."""

    def __init__(self, user: Any):
        self.user = user
        self.id = user.id
        self.name = user.name
        self.role = user.role

    def get_id(self) -> str:
        """What the session keeps: the user id and the session version it was made under."""
        return f"{self.user.id}:{getattr(self.user, 'session_version', 0)}"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def _user_or_none(user: Any) -> LoginUser | None:
    if user is None or not getattr(user, "active", True):
        return None
    return LoginUser(user)


def _login_expired() -> bool:
    started = session.get("login_at")
    if not isinstance(started, (int, float)):
        return True
    age = time.time() - started
    return age < -60 or age > settings().session_hours * 3600


@login_manager.user_loader
def load_user(user_id: str) -> LoginUser | None:
    """Reload the session's user on every request; an older session version, an expired login
    or a disabled user ends the session."""
    ident, _sep, version = str(user_id).partition(":")
    if not ident.isdigit() or not version.isdigit() or len(ident) > 12 or _login_expired():
        return None
    try:
        user = service.get_user(settings(), int(ident))
    except BurtError:
        return None
    if getattr(user, "session_version", 0) != int(version):
        return None
    return _user_or_none(user)


@login_manager.request_loader
def load_user_from_token(req) -> LoginUser | None:
    """API clients send ``Authorization: Token <token>``; no session is created for them."""
    header = req.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "token" or not token.strip():
        return None
    try:
        user = _user_or_none(service.user_for_token(settings(), token.strip()))
    except BurtError:
        return None
    if user is not None:
        g.token_auth = True
    return user


class LoginForm(FlaskForm):
    name = StringField("name", validators=[DataRequired()])
    password = PasswordField("password", validators=[DataRequired()])


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after login (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("search.index")


def _start_session(account: LoginUser) -> None:
    lang = session.get("lang")
    session.clear()  # a fresh session at login (no fixation), keeping the language choice
    if lang:
        session["lang"] = lang
    session.permanent = True  # the cookie expires with the login (PERMANENT_SESSION_LIFETIME)
    session["login_at"] = int(time.time())
    login_user(account)


def _try_login(name: str, password: str) -> tuple[LoginUser | None, str | None, int]:
    """Check the throttle, then the password: (account, error, status)."""
    address = client_address()
    throttle = login_throttle()
    if throttle.locked(name, address):
        log.info("login for %r from %s refused: locked out", name, address)
        return None, _("Terlalu banyak percobaan masuk yang gagal. Tunggu beberapa menit lalu coba lagi."), 429
    try:
        account = _user_or_none(service.authenticate(settings(), name, password))
    except BurtError as exc:
        log.info("login refused for %r from %s: %s", name, address, exc.code)
        account = None
    if account is not None:
        throttle.succeeded(name)
        service.record_event(settings(), "auth.login", user=account.name, address=address)
        log.info("user %s logged in from %s", account.name, address)
        return account, None, 302
    starts_lockout = throttle.failed(name, address)
    service.record_event(settings(), "auth.login_failed", user=None, address=address, detail={"name": name})
    if starts_lockout:
        log.warning("ALERT: logins locked for user name %r / address %s after %s failed attempts",
                    name, address, throttle.by_name.limit)
        service.record_event(settings(), "auth.lockout", user=None, address=address, detail={"name": name})
    return None, _("Nama pengguna atau kata sandi salah."), 401


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    """The login page; on success go back where the user was heading."""
    form = LoginForm()
    error = None
    status = 200
    if form.validate_on_submit():
        name = form.name.data.strip()[:64]
        account, error, status = _try_login(name, form.password.data[:1024])
        if account is not None:
            _start_session(account)
            return redirect(_safe_next(request.args.get("next")))
    elif request.method == "POST":
        error = _("Isi nama pengguna dan kata sandi.")
        status = 401
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/keluar", methods=["POST"])
@requires("read")
def logout():
    """Log out (POST with CSRF token, so no link can log a user out).  The session version moves
    on, so this and every other session of the user (a copied cookie too) ends on the server."""
    lang = session.get("lang")
    service.end_sessions(settings(), current_user.id, address=client_address())
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/bahasa/<lang>")
def set_language(lang: str):
    """Switch the interface language for this session (Indonesian or English)."""
    if lang in LANGUAGES:
        session["lang"] = lang
    return redirect(_safe_next(request.args.get("next")))

