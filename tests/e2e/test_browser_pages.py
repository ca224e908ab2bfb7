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
