"""Languages: Indonesian by default, English on request (kept in the session).

Source strings in code and templates are Indonesian; ``translations/en`` holds English.
Dates are shown the Indonesian way ("12 Maret 2024") through Babel's locale data.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Flask, session
from flask_babel import Babel, format_date, format_datetime

from web.state import settings

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
# Balangan (South Kalimantan) keeps WITA, UTC+8; stored timestamps are UTC.
OFFICE_TIMEZONE = "Asia/Makassar"
babel = Babel()


def select_locale() -> str:
    """The session's choice, else the configured default language."""
    lang = session.get("lang")
    if lang in ("id", "en"):
        return lang
    return settings().language


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def long_date(value) -> str:
    """``2024-03-12`` → "12 Maret 2024" (or "12 March 2024" in English); unknown → the value."""
    d = _as_date(value)
    if d is None:
        return "" if value is None else str(value)
    if isinstance(d, dt.datetime):
        d = d.date()
    return format_date(d, format="d MMMM y")


def long_datetime(value) -> str:
    """A timestamp as "12 Maret 2024 14.05"."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return format_datetime(value, format="d MMMM y HH.mm z")
    return long_date(value)


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "id")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", OFFICE_TIMEZONE)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["tanggal"] = long_date
    app.jinja_env.filters["waktu"] = long_datetime
