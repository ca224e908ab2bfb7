"""Message catalogs: the committed English .mo matches the .po, and every interface string of
the web layer has an English translation (a fresh clone needs no build step)."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from web.translations.english import ENGLISH, KEYWORDS, data_messages

WEB = Path(__file__).resolve().parents[2] / "web"
LC = WEB / "translations" / "en" / "LC_MESSAGES"


def test_committed_mo_matches_po():
    with open(LC / "messages.po", "rb") as fh:
        po = {m.id: m.string for m in read_po(fh) if m.id and m.string}
    with open(LC / "messages.mo", "rb") as fh:
        mo = {m.id: m.string for m in read_mo(fh) if m.id and m.string}
    assert po == mo
    assert po["Cari"] == "Search" and po["Mungkin maksud Anda:"] == "Did you mean:"
    stale = sorted(set(ENGLISH) - set(mo))  # not in the catalogue the app reads: rebuild it
    assert not stale, "run `python -m web.translations.english`; not compiled: " + "; ".join(stale)


def test_every_web_string_is_translated():
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    missing = []
    options_map = {"templates/**.html": {"extensions": "jinja2.ext.do", "silent": "false"}}
    for path, line, message, _c, _x in extract_from_dir(str(WEB), method_map, options_map, keywords=KEYWORDS):
        if not message or isinstance(message, tuple):
            continue
        if message not in ENGLISH:
            missing.append(f"{path}:{line} {message!r}")
    missing += [f"SOP step name {m!r}" for m in data_messages() if m not in ENGLISH]
    assert not missing, "add the English to web/translations/english.py, then run " \
                        "`python -m web.translations.english`: " + "; ".join(missing)


def test_placeholders_survive_translation():
    import re

    for source, english in ENGLISH.items():
        assert sorted(re.findall(r"%\(\w+\)s", source)) == sorted(re.findall(r"%\(\w+\)s", english)), source
