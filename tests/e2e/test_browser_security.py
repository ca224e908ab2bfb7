"""Against the real server: logged-out requests are refused everywhere, a pelaksana cannot
reach admin pages, and each bad upload shows a clear Indonesian message in the browser
while the archive stays unchanged."""
from __future__ import annotations

import http.client
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from bad_inputs import MESSAGE_WORDS, bad_inputs  # noqa: E402
from e2e_server import login  # noqa: E402
from test_web_access import ROUTES  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _raw(server, method: str, url: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request(method, url, body=b"" if method != "GET" else None)
    resp = conn.getresponse()
    resp.body = resp.read()
    conn.close()
    return resp


def test_logged_out_requests_are_refused(server):
    ids = {"doc": "0123456789ab", "job": "tidak-ada"}
    for method, url, _perm in ROUTES:
        resp = _raw(server, method, url.format(**ids))
        if url.startswith("/api/"):
            assert resp.status == 401, (method, url, resp.status)
            assert json.loads(resp.body)["error"]["code"] == "login_required"
        elif method == "GET":
            assert resp.status == 302 and "/masuk" in resp.getheader("Location"), (method, url)
        else:
            assert resp.status in (302, 400), (method, url, resp.status)


def test_pelaksana_is_refused_admin_pages(page, server, screenshots):
    login(page, server.url, "pelaksana")
    assert page.locator("nav.mainnav a", has_text="Pengguna").count() == 0
    resp = page.goto(server.url + "/admin/pengguna")
    assert resp.status == 403
    assert "tidak memiliki hak akses" in page.inner_text("main")
    page.screenshot(path=str(screenshots / "ditolak-403.png"))


def test_admin_page_lists_users(page, server, screenshots):
    login(page, server.url, "admin")
    page.goto(server.url + "/admin/pengguna")
    assert page.locator("table.list tbody tr").count() >= 5
    page.screenshot(path=str(screenshots / "pengguna.png"), full_page=True)


def test_bad_uploads_show_indonesian_messages(page, server, web_home, tmp_path, screenshots):
    from archive import service
    from archive.settings import load_settings

    settings = load_settings(home=web_home, environ={})
    before = [d.id for d in service.list_documents(settings, limit=1000)]
    files = []
    for kind, name, data, codes in bad_inputs():
        path = tmp_path / kind / name
        path.parent.mkdir()
        path.write_bytes(data)
        files.append((path, codes))
    login(page, server.url, "pelaksana")
    page.goto(server.url + "/unggah")
    page.set_input_files("#files", [str(p) for p, _ in files])
    page.wait_for_function("() => document.querySelectorAll('.upload-item.failed').length >= %d" % len(files),
                           timeout=120_000)
    items = page.locator(".upload-item")
    assert items.count() == len(files)
    for path, codes in files:
        # by name, not position: files the browser refuses itself (empty, wrong type) are listed at once,
        # before those the server answers
        item = items.filter(has_text=path.name)
        assert item.count() == 1, path.name
        text = item.inner_text()
        assert any(MESSAGE_WORDS[c] in text.lower() for c in codes), text
        assert "Upload" not in text and " / " not in text  # Indonesian half only
    page.screenshot(path=str(screenshots / "unggah-gagal.png"), full_page=True)
    assert [d.id for d in service.list_documents(settings, limit=1000)] == before
