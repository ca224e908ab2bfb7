"""Users: name, role, password hash (werkzeug.security), an API token kept only as a SHA-256,
and a session version that ends every browser session of a user when it changes.

Every change is written to the audit log with the acting user (``by``) and, when known, the
client address (``address``).
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
from importlib import resources

from werkzeug.security import check_password_hash, generate_password_hash

from archive.db import UserRow, now_iso, select, session_scope, write_audit
from archive.errors import AuthenticationError, UserError, UserNotFoundError
from archive.records import ROLES, User

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def to_record(row: UserRow) -> User:
    return User(id=row.id, name=row.name, role=row.role, created_at=row.created_at, active=row.active,
                has_password=bool(row.password_hash), has_token=bool(row.token_hash),
                session_version=int(row.session_version or 0))


def _check(name: str, role: str) -> None:
    if role not in ROLES:
        raise UserError(f"Peran '{role}' tidak dikenal; pilih {', '.join(ROLES)}. / Unknown role '{role}'.")
    if not name or not name.strip() or len(name) > 64 or any(c.isspace() for c in name):
        raise UserError("Nama pengguna harus 1-64 karakter tanpa spasi. / User name: 1-64 characters, no spaces.")


@functools.lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (``archive/data/common_passwords.txt``), lower case."""
    text = resources.files("archive").joinpath("data/common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def check_password(name: str, password: str) -> None:
    """The password policy: at least 10 characters, not a common password (also with digits or
    symbols added at the end), not the user name and not containing it.  ``UserError`` says why."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UserError(f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter. / "
                        f"Password: at least {MIN_PASSWORD_LENGTH} characters.", code="weak_password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"Kata sandi maksimal {MAX_PASSWORD_LENGTH} karakter. / "
                        f"Password: at most {MAX_PASSWORD_LENGTH} characters.", code="weak_password")
    low = password.lower()
    core = re.sub(r"[\d\W_]+$", "", low)  # 'Indonesia2024!' -> 'indonesia'
    common = common_passwords()
    if low in common or core in common:
        raise UserError("Kata sandi ini terlalu umum dan mudah ditebak; pilih yang lain. / "
                        "This password is too common; choose another.", code="weak_password")
    lname = (name or "").lower()
    if lname and (lname in low or (len(lname) >= 3 and low in lname)):
        raise UserError("Kata sandi tidak boleh sama dengan atau memuat nama pengguna. / "
                        "The password must not be or contain the user name.", code="weak_password")


def _detail(extra: dict, address: str | None) -> dict:
    return {**extra, "address": address} if address else extra


def add_user(settings, name: str, role: str, password: str | None = None, *, by: str | None = None,
             address: str | None = None) -> tuple[User, str]:
    """Create a user; returns the user and a fresh API token (shown once, stored hashed)."""
    _check(name, role)
    if password is not None:
        check_password(name, password)
    token = secrets.token_urlsafe(32)
    with session_scope(settings) as s:
        if s.scalar(select(UserRow).where(UserRow.name == name)) is not None:
            raise UserError(f"Pengguna '{name}' sudah ada. / User '{name}' already exists.", code="user_exists")
        row = UserRow(name=name, role=role, password_hash=generate_password_hash(password) if password else None,
                      token_hash=_token_hash(token), active=True, created_at=now_iso(), session_version=0)
        s.add(row)
        s.flush()
        write_audit(s, "user.add", user=by, detail=_detail({"name": name, "role": role}, address))
        return to_record(row), token


def _by_name(s, name: str) -> UserRow:
    row = s.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise UserNotFoundError(f"Pengguna '{name}' tidak ditemukan. / User '{name}' not found.")
    return row


def issue_token(settings, name: str, new: bool = False, *, by: str | None = None, address: str | None = None) -> str:
    """A new API token for ``name`` (the old one stops working).  Tokens are stored only as a
    hash, so an existing token can never be shown again: every call issues a fresh one."""
    token = secrets.token_urlsafe(32)
    with session_scope(settings) as s:
        row = _by_name(s, name)
        row.token_hash = _token_hash(token)
        write_audit(s, "user.token", user=by, detail=_detail({"name": name, "new": bool(new)}, address))
    return token


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash of a random password, checked when the user is missing so that a login for a
    missing user costs as much as one for an existing user (no user-name oracle)."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(settings, name: str, password: str) -> User:
    """The user whose password this is; ``AuthenticationError`` otherwise.  One password hash
    is checked on every path, so timing does not tell whether ``name`` exists."""
    with session_scope(settings) as s:
        row = s.scalar(select(UserRow).where(UserRow.name == name))
        stored = row.password_hash if row is not None and row.password_hash else _dummy_hash()
        matches = check_password_hash(stored, password or "")
        if row is None or not row.active or not row.password_hash or not matches:
            raise AuthenticationError()
        return to_record(row)


def user_for_token(settings, token: str) -> User:
    if not token:
        raise AuthenticationError()
    digest = _token_hash(token)
    with session_scope(settings) as s:
        row = s.scalar(select(UserRow).where(UserRow.token_hash == digest))
        if row is None or not row.active or not hmac.compare_digest(row.token_hash or "", digest):
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


# --- changes to an account: each ends the user's browser sessions ----------------------------------

def _other_active_admins(s, row: UserRow) -> int:
    return len([r for r in s.scalars(select(UserRow).where(UserRow.role == "admin", UserRow.active.is_(True)))
                if r.id != row.id])


def _keep_an_admin(s, row: UserRow) -> None:
    if row.role == "admin" and row.active and _other_active_admins(s, row) == 0:
        raise UserError("Ini admin aktif terakhir; buat admin lain dahulu. / "
                        "This is the last active admin; create another admin first.", code="last_admin")


def set_active(settings, name: str, active: bool, *, by: str | None, address: str | None = None) -> User:
    """Disable (``active=False``) or enable a user; disabling ends their sessions and token use."""
    with session_scope(settings) as s:
        row = _by_name(s, name)
        if not active:
            _keep_an_admin(s, row)
        row.active = bool(active)
        row.session_version = int(row.session_version or 0) + 1
        write_audit(s, "user.enable" if active else "user.disable", user=by, detail=_detail({"name": name}, address))
        return to_record(row)


def set_role(settings, name: str, role: str, *, by: str | None, address: str | None = None) -> User:
    """Give ``name`` another role; their sessions end so the new role applies at the next login."""
    _check(name, role)
    with session_scope(settings) as s:
        row = _by_name(s, name)
        if role != "admin":
            _keep_an_admin(s, row)
        old = row.role
        row.role = role
        row.session_version = int(row.session_version or 0) + 1
        write_audit(s, "user.role", user=by, detail=_detail({"name": name, "from": old, "to": role}, address))
        return to_record(row)


def generate_password(name: str) -> str:
    """A random password that the policy (``check_password``) accepts for ``name``: drawn again
    while it contains the user name (a 16-letter draw holds a short name now and then)."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            check_password(name, password)
        except UserError:
            continue
        return password


def set_password(settings, name: str, password: str | None = None, *, by: str | None,
                 address: str | None = None) -> tuple[User, str]:
    """Set (or, with ``password=None``, generate) a new password; every session of the user ends.
    Returns the user and the password (to show once when it was generated)."""
    if password is None:
        password = generate_password(name)
    check_password(name, password)
    with session_scope(settings) as s:
        row = _by_name(s, name)
        row.password_hash = generate_password_hash(password)
        row.session_version = int(row.session_version or 0) + 1
        write_audit(s, "user.password", user=by, detail=_detail({"name": name}, address))
        return to_record(row), password


def end_sessions(settings, user_id: int, *, address: str | None = None) -> None:
    """Log a user out everywhere (``burt`` logout): their session version moves on."""
    with session_scope(settings) as s:
        row = s.get(UserRow, int(user_id))
        if row is None:
            return
        row.session_version = int(row.session_version or 0) + 1
        write_audit(s, "auth.logout", user=row.name, detail=_detail({}, address))


def record_event(settings, action: str, *, user: str | None, address: str | None = None,
                 doc_id: str | None = None, detail: dict | None = None) -> None:
    """Append a security event (login, failed login, refusal, download, export…) to the audit log."""
    with session_scope(settings) as s:
        write_audit(s, action, user=user, doc_id=doc_id, detail=_detail(dict(detail or {}), address))
