"""Where the app keeps its ``Settings`` and its in-memory limits: one place, read by every view."""
from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_request_context, request

from archive.settings import Settings
from web.limits import LoginThrottle, SlidingWindow

_KEY = "burt"


def attach(app: Flask, settings: Settings, archive: Any = None) -> None:
    """Remember ``settings``, the open ``Archive`` (``service.open_archive``) and the per-process
    limits on ``app`` (called once by ``create_app``)."""
    app.extensions[_KEY] = {
        "settings": settings,
        "archive": archive,
        "login_throttle": LoginThrottle(settings.login_max_failures, settings.login_lockout_minutes),
        "api_writes": SlidingWindow(settings.api_writes_per_minute, 60.0),
    }


def settings() -> Settings:
    """The settings of the running app."""
    return current_app.extensions[_KEY]["settings"]


def login_throttle() -> LoginThrottle:
    return current_app.extensions[_KEY]["login_throttle"]


def api_writes() -> SlidingWindow:
    return current_app.extensions[_KEY]["api_writes"]


def client_address() -> str:
    """The client's address as the server saw it (no proxy headers are trusted)."""
    if not has_request_context():
        return "-"
    return request.remote_addr or "-"
