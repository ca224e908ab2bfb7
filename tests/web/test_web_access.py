"""Who may reach what: every route × every role (and logged out), from one table.

A route added to the app without a row here fails ``test_every_route_is_in_the_table``,
so the table stays complete.
"""
from __future__ import annotations

import pytest
from web_helpers import ROLES, login

from web.access import PERMISSIONS, permission_of
from web.app import create_app

# (method, url, permission); {doc} and {job} are filled from the real archive.
ROUTES: list[tuple[str, str, str]] = [
    ("GET", "/", "read"),
    ("GET", "/cari?q=perpustakaan", "read"),
    ("GET", "/cari/saran?q=pe", "read"),
    ("GET", "/dokumen", "read"),
    ("GET", "/dokumen/{doc}", "read"),
    ("POST", "/dokumen/{doc}/ubah", "edit"),
    ("POST", "/dokumen/{doc}/terima", "edit"),
    ("GET", "/dokumen/{doc}/unduh/asli", "read"),
    ("GET", "/dokumen/{doc}/halaman/1", "read"),
    ("GET", "/dokumen/{doc}/gambar-kecil/1", "read"),
    ("GET", "/dokumen/{doc}/layar/1?w=800", "read"),
    ("POST", "/dokumen/ubah-bersama", "edit"),
    ("POST", "/dokumen/tampilan", "read"),
    ("POST", "/dokumen/tampilan/999999/hapus", "read"),
    ("GET", "/riwayat", "read"),
    ("GET", "/unggah", "edit"),
    ("POST", "/unggah", "edit"),
    ("GET", "/unggah/tinjau", "read"),
    ("GET", "/unggah/pekerjaan", "edit"),
    ("POST", "/unggah/halaman", "edit"),
    ("GET", "/admin/pengguna", "admin"),
    ("POST", "/admin/pengguna", "admin"),
    ("POST", "/admin/pengguna/tidak-ada/token", "admin"),
    ("POST", "/admin/pengguna/tidak-ada/nonaktifkan", "admin"),
    ("POST", "/admin/pengguna/tidak-ada/aktifkan", "admin"),
    ("POST", "/admin/pengguna/tidak-ada/peran", "admin"),
    ("POST", "/admin/pengguna/tidak-ada/sandi", "admin"),
    ("GET", "/agenda", "read"),
    ("GET", "/agenda/1", "read"),
    ("POST", "/agenda/1/ubah", "edit"),
    ("GET", "/agenda/unduh/csv", "read"),
    ("GET", "/dokumen/{doc}/tabel/csv", "read"),
    ("POST", "/keluar", "read"),
    ("GET", "/api/documents", "read"),
    ("POST", "/api/documents", "edit"),
    ("GET", "/api/documents/{doc}", "read"),
    ("PATCH", "/api/documents/{doc}", "edit"),
    ("GET", "/api/jobs/{job}", "read"),
    ("GET", "/api/jobs", "read"),
    ("GET", "/api/search?q=perpustakaan", "read"),
    ("GET", "/api/audit", "read"),
    ("GET", "/api/openapi.json", "read"),
]
# endpoint -> an example URL (the table above covers each endpoint at least once)
ENDPOINT_OF_URL = {
    "search.home": "/", "search.index": "/cari", "search.suggestions": "/cari/saran",
    "documents.index": "/dokumen", "documents.detail": "/dokumen/{doc}", "documents.edit": "/dokumen/{doc}/ubah",
    "documents.accept": "/dokumen/{doc}/terima",
    "documents.download": "/dokumen/{doc}/unduh/asli", "documents.page_image": "/dokumen/{doc}/halaman/1",
    "documents.thumbnail": "/dokumen/{doc}/gambar-kecil/1", "documents.history": "/riwayat",
    "upload.index": "/unggah", "upload.submit": "/unggah", "upload.review": "/unggah/tinjau",
    "upload.job_list": "/unggah/pekerjaan", "upload.submit_pages": "/unggah/halaman",
    "admin.users": "/admin/pengguna", "admin.add_user": "/admin/pengguna",
    "admin.new_token": "/admin/pengguna/tidak-ada/token", "auth.logout": "/keluar",
    "admin.disable": "/admin/pengguna/tidak-ada/nonaktifkan", "admin.enable": "/admin/pengguna/tidak-ada/aktifkan",
    "admin.set_role": "/admin/pengguna/tidak-ada/peran", "admin.reset_password": "/admin/pengguna/tidak-ada/sandi",
    "api.list_documents": "/api/documents", "api.upload_document": "/api/documents",
    "api.get_document": "/api/documents/{doc}", "api.patch_document": "/api/documents/{doc}",
    "api.get_job": "/api/jobs/{job}", "api.search": "/api/search", "api.audit": "/api/audit",
    "api.openapi": "/api/openapi.json", "api.list_jobs": "/api/jobs",
    "agenda.index": "/agenda", "agenda.entry": "/agenda/1", "agenda.edit": "/agenda/1/ubah",
    "agenda.download": "/agenda/unduh/csv",
    "tables.download": "/dokumen/{doc}/tabel/csv",
    "documents.page_screen": "/dokumen/{doc}/layar/1", "documents.bulk_edit": "/dokumen/ubah-bersama",
    "documents.save_view": "/dokumen/tampilan", "documents.delete_view": "/dokumen/tampilan/999999/hapus",
}
# api.health: the status alone for anyone, details for admins (tests/web/test_health.py)
PUBLIC = {"static", "auth.login", "auth.set_language", "api.health"}
# The activities blueprint (Kegiatan, Audit, Dasbor): its role table is in tests/e2e/test_activities_pages.py;
# here it must be registered, behind login, and every view must name its permission.
ACTIVITY_ENDPOINTS = {
    "activities.index", "activities.create", "activities.detail", "activities.link", "activities.unlink",
    "activities.move", "activities.sign_off", "activities.audit", "activities.report_download",
    "activities.dashboard", "activities.dashboard_pdf", "activities.find_evidence", "activities.withdraw",
    "activities.merge", "activities.delete",
}


@pytest.fixture(scope="module")
def open_app(settings):
    """Same archive, CSRF off: this module tests roles, not CSRF (tested elsewhere)."""
    return create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False, "WTF_CSRF_ENABLED": False})


@pytest.fixture(scope="module")
def role_clients(open_app):
    clients = {}
    for role in ROLES:
        c = open_app.test_client()
        assert login(c, role).status_code == 302
        clients[role] = c
    return clients


@pytest.fixture(scope="module")
def ids(settings, letter_doc):
    from archive import service

    job = next(j for j in [service.get_job(settings, e.detail["job"]) for e in
                           service.audit_log(settings, doc_id=letter_doc, limit=50) if "job" in e.detail])
    return {"doc": letter_doc, "job": job.id}


def _call(client, method: str, url: str):
    kwargs = {}
    if method == "PATCH":
        kwargs["json"] = {}
    return client.open(url, method=method, **kwargs)


@pytest.mark.parametrize("method,url,permission", ROUTES, ids=[f"{m} {u}" for m, u, _ in ROUTES])
def test_logged_out_is_refused(app, ids, method, url, permission):
    resp = _call(app.test_client(), method, url.format(**ids))
    if url.startswith("/api/"):
        assert resp.status_code == 401
        assert resp.get_json()["error"]["code"] == "login_required"
    elif method == "GET":
        assert resp.status_code == 302 and "/masuk" in resp.headers["Location"]
    else:
        # a form post without a session: refused (CSRF first, or the login redirect)
        assert resp.status_code in (302, 400)
        if resp.status_code == 302:
            assert "/masuk" in resp.headers["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,url,permission", ROUTES, ids=[f"{m} {u}" for m, u, _ in ROUTES])
def test_role_table(open_app, role_clients, ids, role, method, url, permission):
    allowed = role in PERMISSIONS[permission]
    client = role_clients[role]
    if url == "/keluar":  # logging out ends the session: a private client for the request
        client = open_app.test_client()
        assert login(client, role).status_code == 302
    resp = _call(client, method, url.format(**ids))
    if url == "/keluar":
        # Logging out ends every session of the user (docs/security.md), the shared client's too:
        # it is refused now, and logs in again for the rows after this one.
        shared = role_clients[role]
        if allowed:
            assert resp.status_code == 302 and "/masuk" in resp.headers["Location"]
            for c in (client, shared):
                after = c.get("/cari")
                assert after.status_code == 302 and "/masuk" in after.headers["Location"]  # the session is gone
        assert login(shared, role).status_code == 302
    if allowed:
        assert resp.status_code not in (401, 403), resp.get_data(as_text=True)[:300]
    else:
        assert resp.status_code == 403
        if url.startswith("/api/"):
            assert resp.get_json()["error"]["code"] == "forbidden"


def test_pelaksana_cannot_reach_admin_routes(role_clients):
    c = role_clients["pelaksana"]
    assert c.get("/admin/pengguna").status_code == 403
    assert c.post("/admin/pengguna", data={"name": "penyusup", "role": "admin", "password": "x" * 12}).status_code == 403
    page = c.get("/cari").get_data(as_text=True)
    assert "/admin/pengguna" not in page  # no link to what the role cannot use


def test_every_route_is_in_the_table(app):
    """Each endpoint of this app is either public or listed in ENDPOINT_OF_URL / ROUTES."""
    table_urls = {u.split("?")[0] for _, u, _ in ROUTES}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint in ACTIVITY_ENDPOINTS:
            continue
        assert rule.endpoint in ENDPOINT_OF_URL, f"route {rule} ({rule.endpoint}) missing from the role table"
        assert ENDPOINT_OF_URL[rule.endpoint] in table_urls


def test_the_activities_blueprint_is_registered(app):
    """The Kegiatan/Audit/Dasbor pages are part of the app: missing, this fails (it must not switch off)."""
    assert "activities" in app.blueprints
    assert {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("activities.")} == ACTIVITY_ENDPOINTS


def test_every_view_declares_its_permission(app):
    """Also the activities blueprint's views: every non-public view names its permission."""
    assert ACTIVITY_ENDPOINTS <= set(app.view_functions)
    for endpoint, view in app.view_functions.items():
        if endpoint in PUBLIC:
            continue
        assert permission_of(view) in PERMISSIONS, f"{endpoint} has no @requires(...)"


def test_activity_routes_refuse_logged_out(app):
    """Routes of the activities blueprint are behind login too (and the blueprint must be there)."""
    checked = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("activities."):
            continue
        checked.add(rule.endpoint)
        url = rule.rule
        for arg in rule.arguments:
            url = url.replace(f"<{arg}>", "1").replace(f"<int:{arg}>", "1")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            resp = app.test_client().open(url, method=method)
            assert resp.status_code in (302, 400, 401), f"{method} {url} answered {resp.status_code}"
    assert checked == ACTIVITY_ENDPOINTS
