"""Pages a clerk sees first, in the browser: the login page, the language switch and the
upload page's drop zone; screenshots for review."""
from __future__ import annotations

import pytest
from e2e_server import login

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_login_page_and_wrong_password(page, server, screenshots):
    page.goto(server.url + "/")
    assert "/masuk" in page.url
    assert page.locator("h1").inner_text() == "Masuk"
    page.screenshot(path=str(screenshots / "masuk.png"))
    page.fill("#name", "admin")
    page.fill("#password", "bukan-sandinya")
    page.click("form button[type=submit]")
    assert "Nama pengguna atau kata sandi salah." in page.inner_text(".flash-error")


def test_switch_to_english_and_back(page, server, screenshots):
    login(page, server.url, "auditor")
    page.click("a.lang")
    assert page.locator("nav.mainnav a").first.inner_text() == "Search"
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(screenshots / "search-english.png"))
    page.click("a.lang")
    assert page.locator("nav.mainnav a").first.inner_text() == "Cari"


def test_auditor_has_no_upload(page, server):
    login(page, server.url, "auditor")
    assert page.locator("nav.mainnav a", has_text="Unggah").count() == 0
    assert page.goto(server.url + "/unggah").status == 403


def test_logout_button(page, server):
    login(page, server.url, "sekretaris")
    page.click("header button:has-text('Keluar')")
    page.wait_for_url("**/masuk")
    assert page.goto(server.url + "/dokumen").url.endswith("/masuk?next=/dokumen")


def test_drag_and_drop_upload(page, server):
    """Dropping a file on the drop zone uploads it and follows its job to the end."""
    import base64
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
    from web_helpers import jpeg_bytes

    data = base64.b64encode(jpeg_bytes(width=700, lines=("Jadwal Pembinaan Perpustakaan", "", "Desa Galumbang")))
    login(page, server.url, "pelaksana")
    page.goto(server.url + "/unggah")
    transfer = page.evaluate_handle("""(b64) => {
        const bin = atob(b64); const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'seret-lepas.jpg', {type: 'image/jpeg'}));
        return dt; }""", data.decode())
    page.dispatch_event("#dropzone", "dragover", {"dataTransfer": transfer})
    assert "over" in page.get_attribute("#dropzone", "class")
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})
    item = page.locator(".upload-item", has_text="seret-lepas.jpg")
    item.wait_for()
    page.wait_for_function("() => ['done', 'failed'].includes("
                           "document.querySelector('.upload-item').getAttribute('data-status'))", timeout=120_000)
    assert item.get_attribute("data-status") == "done", item.inner_text()
    assert item.locator("a").get_attribute("href").startswith("/dokumen/")
