"""Message catalogs: the committed English .mo matches the .po, and every interface string of
the web layer has an English translation (a fresh clone needs no build step)."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from web.translations.english import ENGLISH

WEB = Path(__file__).resolve().parents[2] / "web"
LC = WEB / "translations" / "en" / "LC_MESSAGES"
# Strings of the activities/audit/dashboard pages are owned by that blueprint; warn-only here.
OTHER_OWNER = ("activities.py", "templates/activities", "templates/audit", "templates/dashboard")


def test_committed_mo_matches_po():
    with open(LC / "messages.po", "rb") as fh:
        po = {m.id: m.string for m in read_po(fh) if m.id and m.string}
    with open(LC / "messages.mo", "rb") as fh:
        mo = {m.id: m.string for m in read_mo(fh) if m.id and m.string}
    assert po == mo
    assert po["Cari"] == "Search" and po["Mungkin maksud Anda:"] == "Did you mean:"


def test_every_web_string_is_translated():
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    missing = []
    options_map = {"templates/**.html": {"extensions": "jinja2.ext.do", "silent": "false"}}
    for path, line, message, _c, _x in extract_from_dir(str(WEB), method_map, options_map,
                                                         keywords={"_": None, "gettext": None}):
        if not message or isinstance(message, tuple) or any(path.startswith(o) for o in OTHER_OWNER):
            continue
        if message not in ENGLISH:
            missing.append(f"{path}:{line} {message!r}")
    assert not missing, "run `python -m web.translations.english` after adding: " + "; ".join(missing)


def test_placeholders_survive_translation():
    import re

    for source, english in ENGLISH.items():
        assert sorted(re.findall(r"%\(\w+\)s", source)) == sorted(re.findall(r"%\(\w+\)s", english)), source
