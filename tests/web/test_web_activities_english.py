"""The activities, audit and dashboard pages in English: no interface label is left in Indonesian.

The real app over a generated world of activities (``build_world``: every audit rule fires, a
hand move and a sign-off are in the log), read through Flask's test client with the session
language set to English. Every text node and label attribute outside an element marked
``lang="id"`` (the archive's own Indonesian data: titles, partner names, letter numbers) must
hold no Indonesian interface string: no source string of the committed catalogue whose English
differs, and no Indonesian document-type label (the charts' words, drawn in the browser, show in
the fallback tables too). The archive's own sentences (audit findings and their fixes, review
reasons, link reasons, also in the activity log) are rendered in English from the catalogue: none
may hide, whole, inside a ``lang="id"`` element. Indonesian stays the default, the stored text unchanged.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from web_helpers import PASSWORD, ROLES, login, make_settings

from tests.archive.test_activities_world import build_world, plant_mislink

PO = Path(__file__).resolve().parents[2] / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LABEL_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class VisibleText(HTMLParser):
    """Text nodes and label attributes of a page, leaving out ``lang="id"`` elements, styles, scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the check)
        self.chunks: list[str] = []

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = self._hidden() or attrs.get("lang") == "id" or tag in ("style", "script")
        if not hidden:
            self.chunks += [attrs[a] for a in LABEL_ATTRIBUTES if attrs.get(a)]
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        if not self._hidden():
            self.chunks += [v for a, v in attrs if a in LABEL_ATTRIBUTES and v]

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed inner tags
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._hidden() and data.strip():
            self.chunks.append(" ".join(data.split()))


class MarkedText(HTMLParser):
    """The text of each outermost ``lang="id"`` element (what ``VisibleText`` leaves out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside a marked element: its nesting depth
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("lang") == "id" and tag != "html":
            self.depth = 1
            self.chunks.append("")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.chunks[-1] += data


def marked_text(html: str) -> list[str]:
    parser = MarkedText()
    parser.feed(html)
    return [" ".join(c.split()) for c in parser.chunks]


def archive_sentences() -> dict[str, re.Pattern]:
    """The archive's sentence templates (findings, fixes, review and link reasons), each a pattern
    matching any text it writes (a placeholder stands for any text)."""
    from archive.service import sop_steps
    from web.translations.english import data_messages

    steps = {s.name for s in sop_steps()}
    out = {}
    for t in data_messages():
        if t in steps:
            continue
        body = re.sub(r"%\\\(\w+\\\)s", ".+?", re.escape(" ".join(t.split())))
        out[t] = re.compile(body, re.DOTALL)
    return out


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.chunks


def indonesian_patterns() -> dict[str, re.Pattern]:
    """Interface strings that have a different English: catalogue source strings and type labels."""
    from archive.service import document_types

    with open(PO, "rb") as fh:
        strings = {m.id for m in read_po(fh) if m.id and m.string and m.string != m.id}
    strings |= {t.label_id for t in document_types() if t.label_id and t.label_id != t.label_en}
    out = {}
    for s in strings:
        body = re.sub(r"%\\\(\w+\\\)s", r"\\S+", re.escape(s))  # a placeholder stands for one word
        out[s] = re.compile(rf"(?<!\w){body}(?!\w)")
    return out


def leftovers(html: str, patterns: dict[str, re.Pattern]) -> list[tuple[str, str]]:
    return [(s, chunk) for chunk in visible_text(html) for s, p in patterns.items() if p.search(chunk)]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from archive import db, service
    from web.app import create_app

    settings = make_settings(tmp_path_factory.mktemp("english"))
    settings.ensure_dirs()
    for role in ROLES:
        service.add_user(settings, role, role, password=PASSWORD)
    world = build_world(settings)
    service.audit(settings)  # links every document (the log shows automatic links)
    plant_mislink(settings, world)  # hand moves: partner mismatch, reference elsewhere
    service.sign_off(settings, 1, 1, user="kepala_dinas")
    yield create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})
    db.close_db(settings)


@pytest.fixture(scope="module")
def english(app):
    client = app.test_client()
    assert login(client, "kepala_dinas").status_code == 302  # sees every form: edit and sign off
    client.get("/bahasa/en")
    return client


def pages(client) -> dict[str, str]:
    out = {}
    for url in ("/kegiatan", "/audit", "/audit?status=temuan", "/dasbor"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        out[url] = resp.get_data(as_text=True)
    for activity_id in sorted(set(re.findall(r'href="/kegiatan/(\d+)"', out["/kegiatan"])), key=int):
        url = f"/kegiatan/{activity_id}"
        resp = client.get(url)
        assert resp.status_code == 200, url
        out[url] = resp.get_data(as_text=True)
    return out


def test_no_indonesian_label_left_on_the_english_pages(english):
    patterns = indonesian_patterns()
    found = {url: leftovers(html, patterns) for url, html in pages(english).items()}
    found = {url: hits for url, hits in found.items() if hits}
    assert not found, "labels without English (add to web/translations/english.py): " + "; ".join(
        f"{url}: {s!r} in {chunk!r}" for url, hits in found.items() for s, chunk in hits[:5])


def test_the_english_pages_show_the_translated_labels(english):
    seen = pages(english)
    assert all('<html lang="en"' in html for html in seen.values())
    details = " ".join(html for url, html in seen.items() if re.fullmatch(r"/kegiatan/\d+", url))
    assert "Step 1. Outreach with the parties concerned" in details
    assert "Linked automatically" in details and "Document moved" in details
    assert ">Missing evidence<" in details  # a step's status
    audit = seen["/audit"]
    for label in ("Reply before request", "MoU signature", "MoU number", "Different partner",
                  "Reference in another activity", "Needs review"):
        assert label in audit, label
    board = seen["/dasbor"]
    for label in ("Activities per district and year", "Number of activities", "Completeness per SOP step",
                  "% of activities with the step complete", "Documents per month (letter date)", "Settled",
                  "Data table"):
        assert label in board, label
    assert re.search(r"Documents needing review \(\d+ of \d+\)", board)


def test_no_archive_sentence_is_left_in_indonesian(english):
    """The findings, fixes and link reasons are English; only data inside them stays marked."""
    sentences = archive_sentences()
    assert len(sentences) >= 30
    found = {url: [(t, chunk) for chunk in marked_text(html) for t, p in sentences.items() if p.search(chunk)]
             for url, html in pages(english).items()}
    found = {url: hits for url, hits in found.items() if hits}
    assert not found, "archive sentences left in Indonesian: " + "; ".join(
        f"{url}: {t!r} in {chunk!r}" for url, hits in found.items() for t, chunk in hits[:5])


def test_the_english_pages_show_the_archive_sentences_in_english(english):
    seen = pages(english)
    audit = seen["/audit"]
    for phrase in ("evidence yet.", "the SOP requires the steps in order.", "The reply dated",
                   "is earlier than the letter it answers", "the signature page of", "is waiting for review (",
                   "names the partner", "which is filed in activity #", "Scan and upload the",
                   "Move the document to activity #", "classification unsure, confidence"):
        assert phrase in audit.replace("&#39;", "'"), phrase
    details = " ".join(html for url, html in seen.items() if re.fullmatch(r"/kegiatan/\d+", url))
    for phrase in ("Same partner (", "New activity: partner", "Cites letter number", "Linked by ",
                   "reason: New activity: partner"):
        assert phrase in details, phrase
    assert '<span lang="id">Desa Batu Piring</span>' in details  # data inside a sentence stays marked


def test_the_indonesian_pages_show_the_stored_sentences(app):
    """The default language shows exactly what the archive stored (and ``burt audit --json`` prints)."""
    from markupsafe import escape

    from archive import service
    from web.state import settings

    client = app.test_client()
    assert login(client, "auditor").status_code == 302
    audit = client.get("/audit").get_data(as_text=True)
    english = app.test_client()
    assert login(english, "auditor").status_code == 302
    english.get("/bahasa/en")
    audit_en = english.get("/audit").get_data(as_text=True)
    with app.app_context():
        report = service.audit(settings())
    findings = [f for a in report.activities for f in a.findings]
    assert len(findings) >= 8
    for f in findings:
        assert escape(f.message) in audit and escape(f.fix) in audit, f.message
        assert escape(f.message) not in audit_en, f.message
    detail = client.get("/kegiatan/1").get_data(as_text=True)
    assert "Mitra sama (" in detail or "Kegiatan baru: mitra" in detail


def test_say_falls_back_to_the_marked_stored_text(app):
    from flask import session

    from archive.activities import read_link_reason
    from archive.wording import Wording
    from web.labels import say

    known = "Kegiatan baru: mitra Desa Lok Batu, tahun 2024."
    foreign = "Mitra Desa X belum punya kegiatan & tanggal tidak terbaca."  # an older version's wording
    with app.test_request_context("/"):
        assert say(known, read_link_reason(known)) == known  # Indonesian: as stored
        assert say(foreign, read_link_reason(foreign)) == "Mitra Desa X belum punya kegiatan &amp; tanggal tidak terbaca."
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert say(known, read_link_reason(known)) == 'New activity: partner <span lang="id">Desa Lok Batu</span>, year 2024.'
        assert say(foreign, read_link_reason(foreign)) == (
            '<span lang="id">Mitra Desa X belum punya kegiatan &amp; tanggal tidak terbaca.</span>')
        unknown = Wording.of("Templat tanpa terjemahan %(x)s.", x="y")  # not in the catalogue
        assert say("Templat tanpa terjemahan y.", unknown) == '<span lang="id">Templat tanpa terjemahan y.</span>'
        tricky = read_link_reason("Ditautkan oleh <b>x</b>.")
        assert say("Ditautkan oleh <b>x</b>.", tricky) == 'Linked by <span lang="id">&lt;b&gt;x&lt;/b&gt;</span>.'


def test_the_catalogue_keeps_every_placeholder_of_the_archive_sentences():
    from web.translations.english import ENGLISH

    for template in archive_sentences():
        assert template in ENGLISH, template
        assert sorted(re.findall(r"%\((\w+)\)s", ENGLISH[template])) == sorted(
            re.findall(r"%\((\w+)\)s", template)), template


def test_indonesian_stays_the_default(app):
    client = app.test_client()
    assert login(client, "auditor").status_code == 302
    board = client.get("/dasbor").get_data(as_text=True)
    assert "Jumlah kegiatan" in board and "Kelengkapan per tahap SOP" in board
    assert "Sosialisasi dengan pihak terkait" in client.get("/kegiatan/1").get_data(as_text=True)


def test_the_checker_sees_labels_and_skips_marked_data():
    patterns = indonesian_patterns()
    html = ('<p title="Perlu ditinjau">x</p><td>Lengkap</td><span>3 dokumen</span>'
            '<span lang="id">Kurang bukti <b>Laporan kegiatan sosialisasi</b></span><td>Daftar hadir</td>')
    assert sorted(s for s, _ in leftovers(html, patterns)) == ["%(n)s dokumen", "Daftar hadir", "Lengkap",
                                                                "Perlu ditinjau", "dokumen"]


def test_step_names_follow_the_language_on_search_and_document_pages(app, english):
    from flask import session

    from web.labels import step_label

    search = english.get("/cari?q=surat").get_data(as_text=True)
    assert "1. Outreach with the parties concerned" in search  # the step filter's options
    assert "Sosialisasi dengan pihak terkait" not in search
    with app.test_request_context("/"):  # the document page's step line
        assert step_label(1) == "Sosialisasi dengan pihak terkait"
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert step_label(1) == "Outreach with the parties concerned"
        assert step_label(99) == "99"
