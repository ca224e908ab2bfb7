"""User administration (admin only): list users, add one, issue a new API token, disable or
enable a user, change a role, reset a password.  Every change is audited with the acting admin
and the client address, and (except a token) ends the user's browser sessions."""
from __future__ import annotations

import logging

from flask import Blueprint, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from archive import service
from ingest.errors import BurtError
from web.access import ROLES, requires
from web.forms import EmptyForm, UserForm
from web.labels import localized
from web.state import client_address, settings

log = logging.getLogger(__name__)

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _render(form: UserForm, token: str | None = None, token_for: str | None = None, status: int = 200,
            password: str | None = None, password_for: str | None = None):
    users = service.list_users(settings())
    return render_template("admin/users.html", users=users, form=form, token_form=EmptyForm(),
                           token=token, token_for=token_for, password=password, password_for=password_for,
                           roles=ROLES), status


def _who() -> dict:
    return {"by": current_user.name, "address": client_address()}


@bp.route("/pengguna", methods=["GET"])
@requires("admin")
def users():
    return _render(UserForm(formdata=None))


@bp.route("/pengguna", methods=["POST"])
@requires("admin")
def add_user():
    """Create a user with a password; its API token is shown once."""
    form = UserForm()
    if not form.validate():
        return _render(form, status=400)
    name = form.name.data.strip()
    try:
        user, token = service.add_user(settings(), name, form.role.data, password=form.password.data, **_who())
    except BurtError as exc:
        form.password.errors = [localized(exc.message)] if exc.code == "weak_password" else []
        if exc.code != "weak_password":
            flash(localized(exc.message), "error")
        return _render(form, status=400)
    log.info("user %s (%s) created by %s", user.name, user.role, current_user.name)
    flash(_("Pengguna %(name)s dibuat.", name=user.name), "success")
    return _render(UserForm(formdata=None), token=token, token_for=user.name)


@bp.route("/pengguna/<name>/token", methods=["POST"])
@requires("admin")
def new_token(name: str):
    """Issue a new API token for ``name`` (the old one stops working); shown once."""
    token = service.issue_token(settings(), name, new=True, **_who())
    log.info("new API token for %s issued by %s", name, current_user.name)
    flash(_("Token baru untuk %(name)s dibuat; token lama tidak berlaku lagi.", name=name), "success")
    return _render(UserForm(formdata=None), token=token, token_for=name)


@bp.route("/pengguna/<name>/nonaktifkan", methods=["POST"])
@requires("admin")
def disable(name: str):
    """Disable ``name``: no login, no token, every open session ends."""
    service.set_user_active(settings(), name, False, **_who())
    log.info("user %s disabled by %s", name, current_user.name)
    flash(_("Pengguna %(name)s dinonaktifkan.", name=name), "success")
    return _render(UserForm(formdata=None))


@bp.route("/pengguna/<name>/aktifkan", methods=["POST"])
@requires("admin")
def enable(name: str):
    service.set_user_active(settings(), name, True, **_who())
    log.info("user %s enabled by %s", name, current_user.name)
    flash(_("Pengguna %(name)s diaktifkan kembali.", name=name), "success")
    return _render(UserForm(formdata=None))


@bp.route("/pengguna/<name>/peran", methods=["POST"])
@requires("admin")
def set_role(name: str):
    """Give ``name`` another role; their sessions end so it applies at once."""
    role = (request.form.get("role") or "").strip()
    service.set_user_role(settings(), name, role, **_who())
    log.info("user %s now %s, set by %s", name, role, current_user.name)
    flash(_("Peran %(name)s diubah.", name=name), "success")
    return _render(UserForm(formdata=None))


@bp.route("/pengguna/<name>/sandi", methods=["POST"])
@requires("admin")
def reset_password(name: str):
    """Give ``name`` a new generated password, shown once; their sessions end."""
    _user, password = service.reset_password(settings(), name, None, **_who())
    log.info("password of %s reset by %s", name, current_user.name)
    flash(_("Kata sandi %(name)s diganti.", name=name), "success")
    return _render(UserForm(formdata=None), password=password, password_for=name)
