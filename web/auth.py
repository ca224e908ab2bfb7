"""Accounts in the browser and the API: Flask-Login wiring, login/logout, language switch.

Users, passwords and tokens live in the archive (``archive.service``); this module only
adapts a service ``User`` to Flask-Login and reads the ``Authorization: Token …`` header.
"""
from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, UserMixin, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from archive import service
from ingest.errors import BurtError
from web.access import ROLE_LABELS, requires
from web.state import settings

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
        return str(self.user.id)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def _user_or_none(user: Any) -> LoginUser | None:
    if user is None or not getattr(user, "active", True):
        return None
    return LoginUser(user)


@login_manager.user_loader
def load_user(user_id: str) -> LoginUser | None:
    """Reload the session's user from the archive on every request."""
    try:
        key: Any = int(user_id)
    except ValueError:
        key = user_id
    try:
        return _user_or_none(service.get_user(settings(), key))
    except BurtError:
        return None


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


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    """The login page; on success go back where the user was heading."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = service.authenticate(settings(), form.name.data.strip(), form.password.data)
        except BurtError as exc:
            log.info("login refused for %r: %s", form.name.data, exc.code)
            user = None
        account = _user_or_none(user)
        if account is not None:
            lang = session.get("lang")
            session.clear()  # a fresh session at login (no fixation), keeping the language choice
            if lang:
                session["lang"] = lang
            login_user(account)
            log.info("user %s logged in", account.name)
            return redirect(_safe_next(request.args.get("next")))
        error = _("Nama pengguna atau kata sandi salah.")
    elif request.method == "POST":
        error = _("Isi nama pengguna dan kata sandi.")
    status = 401 if error else 200
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/keluar", methods=["POST"])
@requires("read")
def logout():
    """Log out (POST with CSRF token, so no link can log a user out)."""
    lang = session.get("lang")
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

