"""Who may do what: roles, permissions and the decorator that enforces them.

The policy is one table (``PERMISSIONS``) so the route × role test can read it; every
view of this app declares the permission it needs with ``@requires(...)``. A view that
declares nothing is refused to everyone but admins (fail closed), so a forgotten
decorator shows up as a 403 in the tests rather than as an open door.
"""
from __future__ import annotations

import logging
from functools import wraps
from typing import Callable, TypeVar

from flask import abort, request
from flask_login import current_user

from archive import service
from web.state import client_address, settings

log = logging.getLogger(__name__)

ROLES: tuple[str, ...] = ("pelaksana", "sekretaris", "kepala_dinas", "auditor", "admin")

ROLE_LABELS: dict[str, str] = {
    "pelaksana": "Pelaksana",
    "sekretaris": "Sekretaris Dinas",
    "kepala_dinas": "Kepala Dinas",
    "auditor": "Auditor",
    "admin": "Admin",
}

# permission -> roles holding it
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset(ROLES),
    "edit": frozenset({"pelaksana", "sekretaris", "kepala_dinas", "admin"}),
    "approve": frozenset({"sekretaris", "kepala_dinas", "admin"}),
    "admin": frozenset({"admin"}),
}

# Endpoints anyone may reach, logged in or not. ``api.health`` answers only its overall status
# to anyone (a load balancer's liveness probe); its details need the admin permission.
PUBLIC_ENDPOINTS: frozenset[str] = frozenset({"auth.login", "static", "auth.set_language", "api.health"})

F = TypeVar("F", bound=Callable)


def role_has(role: str | None, permission: str) -> bool:
    """True when ``role`` holds ``permission`` (unknown permissions are held by nobody)."""
    return role in PERMISSIONS.get(permission, frozenset())


def can(permission: str) -> bool:
    """Whether the current user holds ``permission`` (for templates: hide what they may not use)."""
    return bool(current_user.is_authenticated) and role_has(current_user.role, permission)


def requires(permission: str) -> Callable[[F], F]:
    """Declare (and enforce) the permission a view needs."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401)
            if not role_has(current_user.role, permission):
                refuse(permission)
            return view(*args, **kwargs)

        wrapper.burt_permission = permission  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def refuse(permission: str):
    """403, written to the log and the audit log with the user, the address and what was asked."""
    address = client_address()
    log.warning("refused %s %s to %s (%s) from %s: needs %s", request.method, request.path, current_user.name,
                current_user.role, address, permission)
    service.record_event(settings(), "auth.refused", user=current_user.name, address=address,
                         detail={"method": request.method, "path": request.path[:300], "needs": permission})
    abort(403)


def permission_of(view: Callable) -> str | None:
    """The permission a view declared with ``@requires``, or None."""
    return getattr(view, "burt_permission", None)


def is_api_request() -> bool:
    """Requests under /api/ get JSON errors and token authentication."""
    return request.path.startswith("/api/")
