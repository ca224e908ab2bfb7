"""User administration through the page: add a user (token shown once), refuse bad input."""
from __future__ import annotations

import re

from web_helpers import csrf_from, login

from archive import service


def test_admin_adds_a_user_who_can_log_in_and_use_the_token(client_as, app, settings):
    admin = client_as("admin")
    token = csrf_from(admin.get("/admin/pengguna").get_data(as_text=True))
    resp = admin.post("/admin/pengguna", data={"csrf_token": token, "name": "siti.arsip", "role": "pelaksana",
                                               "password": "sandi-baru-123"})
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "Pengguna siti.arsip dibuat." in html
    api_token = re.search(r'<code class="token">([^<]+)</code>', html).group(1)
    assert any(u.name == "siti.arsip" and u.role == "pelaksana" for u in service.list_users(settings))
    assert login(app.test_client(), "siti.arsip", "sandi-baru-123").status_code == 302
    resp = app.test_client().get("/api/documents", headers={"Authorization": f"Token {api_token}"})
    assert resp.status_code == 200


def test_bad_user_form_is_refused(client_as, settings):
    admin = client_as("admin")
    before = len(service.list_users(settings))
    token = csrf_from(admin.get("/admin/pengguna").get_data(as_text=True))
    for data in ({"name": "x y", "role": "pelaksana", "password": "sandi-baru-123"},
                 {"name": "budi", "role": "raja", "password": "sandi-baru-123"},
                 {"name": "budi", "role": "auditor", "password": "pendek"}):
        resp = admin.post("/admin/pengguna", data={"csrf_token": token, **data})
        assert resp.status_code == 400, data
    assert len(service.list_users(settings)) == before


def test_new_token_replaces_the_old_one(client_as, app, settings):
    _user, old = service.add_user(settings, "pengujitoken", "auditor")
    admin = client_as("admin")
    token = csrf_from(admin.get("/admin/pengguna").get_data(as_text=True))
    html = admin.post("/admin/pengguna/pengujitoken/token", data={"csrf_token": token}).get_data(as_text=True)
    new = re.search(r'<code class="token">([^<]+)</code>', html).group(1)
    assert new != old
    client = app.test_client()
    assert client.get("/api/documents", headers={"Authorization": f"Token {old}"}).status_code == 401
    assert client.get("/api/documents", headers={"Authorization": f"Token {new}"}).status_code == 200
