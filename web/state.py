"""Where the app keeps its ``Settings``: one place, read by every view through ``settings()``."""
from __future__ import annotations

from flask import Flask, current_app

from archive.settings import Settings

_KEY = "burt"


def attach(app: Flask, settings: Settings) -> None:
    """Remember ``settings`` on ``app`` (called once by ``create_app``)."""
    app.extensions[_KEY] = {"settings": settings}


def settings() -> Settings:
    """The settings of the running app."""
    return current_app.extensions[_KEY]["settings"]
