"""Users: roles, password hashes, API tokens stored only as hashes."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from archive import db, service
from archive.errors import AuthenticationError, UserError, UserNotFoundError

BOTH_BACKENDS = True  # each storage test runs on SQLite and on PostgreSQL (tests/conftest.py)


def test_user_password_and_token(settings):
    user, token = service.add_user(settings, "ani", "pelaksana", "ladang-padi-47")
    assert (user.name, user.role, user.has_password) == ("ani", "pelaksana", True)
    assert service.authenticate(settings, "ani", "ladang-padi-47").id == user.id
    assert service.user_for_token(settings, token).name == "ani"
    with pytest.raises(AuthenticationError):
        service.authenticate(settings, "ani", "salah-salah")
    new = service.issue_token(settings, "ani", new=True)
    with pytest.raises(AuthenticationError):
        service.user_for_token(settings, token)
    assert service.user_for_token(settings, new).name == "ani"
    assert service.get_user(settings, user.id).name == "ani"
    assert service.get_user(settings, "ani").id == user.id
    with db.open_db(settings)() as s:
        row = s.execute(text("SELECT password_hash, token_hash FROM users")).one()
    assert "ladang" not in row[0] and new not in row[1]


@pytest.mark.parametrize("name, role, password, error", [
    ("budi", "raja", None, UserError), ("", "admin", None, UserError), ("a b", "admin", None, UserError),
    ("budi", "admin", "pendek", UserError)])
def test_bad_users_refused(settings, name, role, password, error):
    with pytest.raises(error):
        service.add_user(settings, name, role, password)


def test_duplicate_and_unknown_users(settings):
    service.add_user(settings, "ani", "admin")
    with pytest.raises(UserError):
        service.add_user(settings, "ani", "auditor")
    with pytest.raises(UserNotFoundError):
        service.issue_token(settings, "nobody")
    with pytest.raises(AuthenticationError):
        service.authenticate(settings, "ani", "")  # no password set
    assert [u.name for u in service.list_users(settings)] == ["ani"]


def test_token_without_new_also_replaces_the_old_token(settings):
    """Tokens are stored hashed: ``burt user token NAME`` (with or without --new) issues a fresh
    token each time and the previous one stops working (docs/cli.md says so)."""
    _, first = service.add_user(settings, "budi", "pelaksana", "sungai-tabalong-9")
    second = service.issue_token(settings, "budi")
    assert second != first
    with pytest.raises(AuthenticationError):
        service.user_for_token(settings, first)
    assert service.user_for_token(settings, second).name == "budi"
