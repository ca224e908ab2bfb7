"""Users: name, role, password hash (werkzeug.security) and an API token kept only as a SHA-256."""
from __future__ import annotations

import hashlib
import hmac
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from archive.db import UserRow, now_iso, select, session_scope, write_audit
from archive.errors import AuthenticationError, UserError, UserNotFoundError
from archive.records import ROLES, User


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def to_record(row: UserRow) -> User:
    return User(id=row.id, name=row.name, role=row.role, created_at=row.created_at, active=row.active,
                has_password=bool(row.password_hash), has_token=bool(row.token_hash))


def _check(name: str, role: str) -> None:
    if role not in ROLES:
        raise UserError(f"Peran '{role}' tidak dikenal; pilih {', '.join(ROLES)}. / Unknown role '{role}'.")
    if not name or not name.strip() or len(name) > 64 or any(c.isspace() for c in name):
        raise UserError("Nama pengguna harus 1-64 karakter tanpa spasi. / User name: 1-64 characters, no spaces.")


def add_user(settings, name: str, role: str, password: str | None = None, *, by: str | None = None) -> tuple[User, str]:
    """Create a user; returns the user and a fresh API token (shown once, stored hashed)."""
    _check(name, role)
    if password is not None and len(password) < 8:
        raise UserError("Kata sandi minimal 8 karakter. / Password: at least 8 characters.")
    token = secrets.token_urlsafe(32)
    with session_scope(settings) as s:
        if s.scalar(select(UserRow).where(UserRow.name == name)) is not None:
            raise UserError(f"Pengguna '{name}' sudah ada. / User '{name}' already exists.", code="user_exists")
        row = UserRow(name=name, role=role, password_hash=generate_password_hash(password) if password else None,
                      token_hash=_token_hash(token), active=True, created_at=now_iso())
        s.add(row)
        s.flush()
        write_audit(s, "user.add", user=by, detail={"name": name, "role": role})
        return to_record(row), token


def _by_name(s, name: str) -> UserRow:
    row = s.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise UserNotFoundError(f"Pengguna '{name}' tidak ditemukan. / User '{name}' not found.")
    return row


def issue_token(settings, name: str, new: bool = False) -> str:
    """A new API token for ``name`` (the old one stops working).  Tokens are stored only as a
    hash, so an existing token can never be shown again: every call issues a fresh one."""
    token = secrets.token_urlsafe(32)
    with session_scope(settings) as s:
        row = _by_name(s, name)
        row.token_hash = _token_hash(token)
        write_audit(s, "user.token", user=name, detail={"name": name, "new": bool(new)})
    return token


def authenticate(settings, name: str, password: str) -> User:
    with session_scope(settings) as s:
        row = s.scalar(select(UserRow).where(UserRow.name == name))
        if row is None or not row.active or not row.password_hash or not check_password_hash(row.password_hash,
                                                                                              password or ""):
            raise AuthenticationError()
        return to_record(row)


def user_for_token(settings, token: str) -> User:
    if not token:
        raise AuthenticationError()
    digest = _token_hash(token)
    with session_scope(settings) as s:
        row = s.scalar(select(UserRow).where(UserRow.token_hash == digest))
        if row is None or not row.active or not hmac.compare_digest(row.token_hash, digest):
            raise AuthenticationError()
        return to_record(row)


def get_user(settings, user_id: int) -> User:
    with session_scope(settings) as s:
        row = s.get(UserRow, int(user_id))
        if row is None:
            raise UserNotFoundError()
        return to_record(row)


def list_users(settings) -> list[User]:
    with session_scope(settings) as s:
        return [to_record(r) for r in s.scalars(select(UserRow).order_by(UserRow.name))]
