"""Display helpers for templates: document-type and step labels, bilingual messages, snippets."""
from __future__ import annotations

import html
import re

from flask import Flask
from flask_babel import gettext
from markupsafe import Markup, escape

from archive import service
from web.i18n import select_locale

_MATCH_OPEN = re.compile(r'<(?:b|mark) class="match(?: [\w -]*)?">')
_MATCH_CLOSE = re.compile(r"</(?:b|mark)>")
_SNIPPET_SPLIT = re.compile(r'(<(?:b|mark) class="match(?: [\w -]*)?">|</(?:b|mark)>)')


def type_label(type_id: str | None) -> str:
    """The document type's label in the current language (the id itself if unknown)."""
    if not type_id:
        return ""
    for t in service.document_types():
        if t.id == type_id:
            return t.label_en if select_locale() == "en" else t.label_id
    return type_id


def step_label(number) -> str:
    """The SOP step's name in the current language (the catalogue has the English)."""
    if number in (None, ""):
        return ""
    for s in service.sop_steps():
        if str(s.number) == str(number):
            return gettext(s.name)
    return str(number)


def localized(message: str | None) -> str:
    """Messages are "Indonesian / English": show the half for the current language."""
    if not message:
        return ""
    if " / " not in message:
        return message
    first, _sep, second = message.partition(" / ")
    return second if select_locale() == "en" else first


def _term_text(term) -> str:
    """A ``Term`` of an archive sentence in the current language (see ``archive.wording.Term``)."""
    if term.kind in ("type", "type_lc"):
        label = type_label(term.value) if term.value else gettext("tanpa jenis")
        if term.kind == "type_lc" and label[:2] != label[:2].upper():  # "MoU ..." keeps its capitals
            label = label[:1].lower() + label[1:]
        return label
    if term.kind == "step":
        return step_label(term.value)
    return str(term.value)


def _rendered(wording) -> Markup | None:
    """``wording`` in English from the catalogue, or None when a template has no English."""
    english = gettext(wording.template)
    if english == wording.template:
        return None
    params = {}
    for name, value in wording.params:
        if getattr(value, "kind", None) == "wordings":
            parts = [_rendered(w) for w in value.value]
            if any(p is None for p in parts):
                return None
            params[name] = Markup("; ").join(parts)
        elif hasattr(value, "kind"):
            params[name] = _term_text(value)
        elif isinstance(value, str) and re.search(r"[^\W\d_]", value):
            params[name] = Markup('<span lang="id">%s</span>') % value  # the archive's data: names, titles
        else:
            params[name] = value
    return Markup(escape(english)) % params


def say(text: str | None, wording=None) -> Markup:
    """An archive sentence (a finding, its fix, a link reason) in the reader's language.

    Indonesian: ``text`` as stored. Other languages: ``wording`` (template + parameters, from
    ``archive.wording.Wording``) rendered from the catalogue, with data values marked
    ``lang="id"``; without a wording or an English template, ``text`` marked ``lang="id"``.
    """
    if not text:
        return Markup("")
    if select_locale() == "en" and wording is not None:
        rendered = _rendered(wording)
        if rendered is not None:
            return rendered
        return Markup('<span lang="id">%s</span>') % text
    if select_locale() == "en":
        return Markup('<span lang="id">%s</span>') % text
    return escape(text)


def safe_snippet(snippet: str | None) -> Markup:
    """Keep only the match marks (``<b class="match">`` or ``<mark class="match …">``) of a search snippet; escape everything else.

    Works whether or not the archive already escaped the text (entities are decoded first,
    then everything is escaped once), so OCR text can never inject markup.
    """
    if not snippet:
        return Markup("")
    out: list[str] = []
    depth = 0
    for part in _SNIPPET_SPLIT.split(snippet):
        if _MATCH_OPEN.fullmatch(part):
            out.append('<mark class="match">')
            depth += 1
        elif _MATCH_CLOSE.fullmatch(part):
            if not depth:
                continue
            out.append("</mark>")
            depth -= 1
        elif part:
            out.append(str(escape(html.unescape(re.sub(r"<[^>]*>", "", part)))))
    out.extend("</mark>" for _ in range(depth))
    return Markup("".join(out))


ACTION_LABELS: dict[str, tuple[str, str]] = {
    "document.upload": ("Unggah berkas", "File uploaded"),
    "document.ingest": ("Dokumen diarsipkan", "Document archived"),
    "document.correct": ("Koreksi metadata", "Metadata corrected"),
    "document.review_accept": ("Tinjauan diterima apa adanya", "Accepted as it is after review"),
    "document.nomor_cited": ("Nomor diisi dari rujukan dokumen lain", "Number filled from another document's citation"),
    "document.nomor_code": ("Huruf kode nomor disesuaikan dengan nomor lain di arsip",
                            "Number's code letter taken from the archive's other numbers"),
    "document.step_from_gap": ("Tahap diambil dari tebakan jenis yang mengisi tahap kosong kegiatan",
                               "Step taken from a type guess that fills the activity's missing step"),
    "user.add": ("Pengguna ditambahkan", "User added"),
    "user.token": ("Token API baru", "New API token"),
    "user.disable": ("Pengguna dinonaktifkan", "User disabled"),
    "user.enable": ("Pengguna diaktifkan", "User enabled"),
    "user.role": ("Peran diubah", "Role changed"),
    "user.password": ("Kata sandi diganti", "Password replaced"),
    "auth.login": ("Masuk", "Logged in"),
    "auth.login_failed": ("Gagal masuk", "Failed login"),
    "auth.lockout": ("Masuk dikunci sementara", "Logins locked for a while"),
    "auth.logout": ("Keluar", "Logged out"),
    "auth.refused": ("Akses ditolak", "Access refused"),
    "document.download": ("Berkas asli diunduh", "Original downloaded"),
    "audit.export": ("Laporan audit diunduh", "Audit report exported"),
    "activity.signoff_withdrawn": ("Pengesahan dicabut", "Sign-off withdrawn"),
}


def action_label(action: str) -> str:
    """A readable name for an audit action (the raw action when unknown)."""
    pair = ACTION_LABELS.get(action)
    if not pair:
        return action
    return pair[1] if select_locale() == "en" else pair[0]


def change_text(value) -> str:
    """An audit detail value: ``{"old": a, "new": b}`` reads "a → b"; other values as text."""
    if isinstance(value, dict) and set(value) >= {"old", "new"}:
        return f"{value.get('old') if value.get('old') not in (None, '') else '—'} → " \
               f"{value.get('new') if value.get('new') not in (None, '') else '—'}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "—" if value in (None, "") else str(value)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(type_label=type_label, step_label=step_label, say=say,
                                 document_types=service.document_types, sop_steps=service.sop_steps)
    app.jinja_env.filters["localized"] = localized
    app.jinja_env.filters["snippet"] = safe_snippet
    app.jinja_env.filters["action_label"] = action_label
    app.jinja_env.filters["change_text"] = change_text
