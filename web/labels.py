"""Display helpers for templates: document-type and step labels, bilingual messages, snippets."""
from __future__ import annotations

import html
import re

from flask import Flask
from markupsafe import Markup, escape

from archive.web_support import document_types, sop_steps
from web.i18n import select_locale

_MATCH_OPEN = '<b class="match">'
_MATCH_CLOSE = "</b>"
_SNIPPET_SPLIT = re.compile(r'(<b class="match">|</b>)')


def type_label(type_id: str | None) -> str:
    """The document type's label in the current language (the id itself if unknown)."""
    if not type_id:
        return ""
    for t in document_types():
        if t.id == type_id:
            return t.label_en if select_locale() == "en" else t.label_id
    return type_id


def step_label(number) -> str:
    if number in (None, ""):
        return ""
    for s in sop_steps():
        if str(s.number) == str(number):
            return s.name
    return str(number)


def localized(message: str | None) -> str:
    """Messages are "Indonesian / English": show the half for the current language."""
    if not message:
        return ""
    if " / " not in message:
        return message
    first, _sep, second = message.partition(" / ")
    return second if select_locale() == "en" else first


def safe_snippet(snippet: str | None) -> Markup:
    """Keep only the ``<b class="match">`` marks of a search snippet; escape everything else.

    Works whether or not the archive already escaped the text (entities are decoded first,
    then everything is escaped once), so OCR text can never inject markup.
    """
    if not snippet:
        return Markup("")
    out: list[str] = []
    depth = 0
    for part in _SNIPPET_SPLIT.split(snippet):
        if part == _MATCH_OPEN:
            out.append('<mark class="match">')
            depth += 1
        elif part == _MATCH_CLOSE and depth:
            out.append("</mark>")
            depth -= 1
        elif part:
            out.append(str(escape(html.unescape(re.sub(r"<[^>]*>", "", part)))))
    out.extend("</mark>" for _ in range(depth))
    return Markup("".join(out))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(type_label=type_label, step_label=step_label,
                                 document_types=document_types, sop_steps=sop_steps)
    app.jinja_env.filters["localized"] = localized
    app.jinja_env.filters["snippet"] = safe_snippet
