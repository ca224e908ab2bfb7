"""User administration (admin only): list users, add one, issue a new API token."""
from __future__ import annotations

import logging

from flask import Blueprint, flash, render_template
from flask_babel import gettext as _

from archive import service
from web.access import requires
from web.forms import EmptyForm, UserForm
from web.state import settings

log = logging.getLogger(__name__)

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _render(form: UserForm, token: str | None = None, token_for: str | None = None, status: int = 200):
    users = service.list_users(settings())
    return render_template("admin/users.html", users=users, form=form, token_form=EmptyForm(),
                           token=token, token_for=token_for), status


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
    user, token = service.add_user(settings(), form.name.data.strip(), form.role.data, password=form.password.data)
    log.info("user %s (%s) created", user.name, user.role)
    flash(_("Pengguna %(name)s dibuat.", name=user.name), "success")
    return _render(UserForm(formdata=None), token=token, token_for=user.name)


@bp.route("/pengguna/<name>/token", methods=["POST"])
@requires("admin")
def new_token(name: str):
    """Issue a new API token for ``name`` (the old one stops working); shown once."""
    EmptyForm().validate()
    token = service.issue_token(settings(), name, new=True)
    flash(_("Token baru untuk %(name)s dibuat; token lama tidak berlaku lagi.", name=name), "success")
    return _render(UserForm(formdata=None), token=token, token_for=name)
