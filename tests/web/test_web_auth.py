"""Accounts and request security: login/logout, CSRF, cookies, API tokens, redirects."""
from __future__ import annotations

import io

from web_helpers import PASSWORD, csrf_from, jpeg_bytes, login, make_settings

from web.app import create_app


def test_login_page_is_public_and_indonesian(app):
    resp = app.test_client().get("/masuk")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "Nama pengguna" in html and "Kata sandi" in html and 'name="csrf_token"' in html


def test_wrong_password_is_refused_with_a_clear_message(app):
    resp = login(app.test_client(), "admin", "salah-sandi")
    assert resp.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in resp.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(app):
    resp = app.test_client().post("/masuk", data={"name": "admin", "password": PASSWORD})
    assert resp.status_code == 400
    assert "Formulir kedaluwarsa" in resp.get_data(as_text=True)


def test_login_then_logout(app):
    client = app.test_client()
    assert login(client, "auditor").status_code == 302
    page = client.get("/cari").get_data(as_text=True)
    assert "auditor" in page
    resp = client.post("/keluar", data={"csrf_token": csrf_from(page)})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/masuk")
    assert client.get("/cari").status_code == 302


def test_logout_needs_csrf(app):
    client = app.test_client()
    login(client, "auditor")
    assert client.post("/keluar").status_code == 400
    assert client.get("/cari").status_code == 200  # still logged in


def test_next_is_followed_only_within_the_site(app):
    client = app.test_client()
    token = csrf_from(client.get("/masuk").get_data(as_text=True))
    resp = client.post("/masuk?next=/riwayat", data={"name": "auditor", "password": PASSWORD, "csrf_token": token})
    assert resp.headers["Location"].endswith("/riwayat")
    client = app.test_client()
    token = csrf_from(client.get("/masuk").get_data(as_text=True))
    resp = client.post("/masuk?next=//evil.example/x", data={"name": "auditor", "password": PASSWORD,
                                                             "csrf_token": token})
    assert "evil.example" not in resp.headers["Location"]


def test_session_cookie_is_httponly_and_lax(app):
    client = app.test_client()
    resp = login(client, "auditor")
    cookie = next(v for k, v in resp.headers.items() if k == "Set-Cookie" and v.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_secure_cookies_setting_marks_the_cookie_secure(home):
    from dataclasses import replace

    settings = replace(make_settings(home), secure_cookies=True)
    app = create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})
    resp = app.test_client().get("/masuk", base_url="https://localhost")
    cookie = next(v for k, v in resp.headers.items() if k == "Set-Cookie" and v.startswith("session="))
    assert "Secure" in cookie


def test_upload_size_limit_comes_from_settings(home, settings):
    from dataclasses import replace

    small = create_app(replace(settings, max_upload_bytes=50_000),
                       config={"TESTING": True, "BURT_JOB_RUNNER": False})
    assert small.config["MAX_CONTENT_LENGTH"] == 50_000
    from archive import service

    _user, token = service.add_user(settings, "penguji413", "pelaksana")
    resp = small.test_client().post("/api/documents", headers={"Authorization": f"Token {token}"},
                                    data={"file": (io.BytesIO(b"x" * 80_000), "besar.pdf")})
    assert resp.status_code == 413
    assert resp.get_json()["error"]["code"] == "file_too_large"


def test_api_token_authenticates_without_session(app, tokens):
    client = app.test_client()
    resp = client.get("/api/search?q=perpustakaan", headers={"Authorization": f"Token {tokens['auditor']}"})
    assert resp.status_code == 200
    assert "session=" not in resp.headers.get("Set-Cookie", "")  # token clients get no session
    bad = client.get("/api/search?q=x", headers={"Authorization": "Token bukan-token"})
    assert bad.status_code == 401 and bad.get_json()["error"]["code"] == "login_required"
    assert bad.get_json()["error"]["message"] == "Silakan masuk terlebih dahulu. / Please log in first."


def test_session_api_post_needs_csrf_header_but_token_post_does_not(app, settings):
    from archive import service

    client = app.test_client()
    login(client, "pelaksana")
    data = jpeg_bytes(width=300, lines=("CSRF uji",))
    resp = client.post("/api/documents", data={"file": (io.BytesIO(data), "a.jpg")})
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "csrf_failed"
    _user, token = service.add_user(settings, "pengujicsrf", "pelaksana")
    resp = app.test_client().post("/api/documents", headers={"Authorization": f"Token {token}"},
                                  data={"file": (io.BytesIO(data), "a.jpg")})
    assert resp.status_code == 202 and resp.get_json()["job"]


def test_secret_key_generated_once_and_kept(tmp_path):
    settings = make_settings(tmp_path)
    from dataclasses import replace

    settings = replace(settings, secret_key="")
    a = create_app(settings, config={"BURT_JOB_RUNNER": False})
    b = create_app(settings, config={"BURT_JOB_RUNNER": False})
    assert a.secret_key == b.secret_key and len(a.secret_key) >= 32
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_security_headers_on_pages_and_api(app):
    client = app.test_client()
    for resp in (client.get("/masuk"), client.get("/api/search")):
        assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["X-Frame-Options"] == "DENY"


def test_language_choice_survives_login(app):
    client = app.test_client()
    client.get("/bahasa/en")
    assert login(client, "auditor").status_code == 302
    assert ">Search<" in client.get("/cari").get_data(as_text=True)
