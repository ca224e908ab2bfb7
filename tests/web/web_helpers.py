"""Helpers shared by the web tests (and the browser tests): settings on a tmp home, the
CSRF token of a page, logging a test client in, a generated JPEG letter."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from letter_image import render_letter

from archive.settings import load_settings

PASSWORD = "kata-sandi-uji-1"
ROLES = ("pelaksana", "sekretaris", "kepala_dinas", "auditor", "admin")


def make_settings(home: Path):
    return load_settings(home=home, environ={"BURT_WORKERS": "1", "BURT_SECRET_KEY": "test-secret"})


def csrf_from(html: str) -> str:
    m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or \
        re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert m, "no CSRF token in page"
    return m.group(1)


def login(client, name: str, password: str = PASSWORD):
    page = client.get("/masuk")
    token = csrf_from(page.get_data(as_text=True))
    return client.post("/masuk", data={"name": name, "password": password, "csrf_token": token})


def jpeg_bytes(**kw) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        return render_letter(Path(d) / "x.jpg", **kw).read_bytes()
