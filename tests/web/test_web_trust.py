"""Issue 14, "Trust": sessions and accounts, limits, content safety, the audit trail and private
files, each finding of the review as a test against the real app (Flask test client, real SQLite,
Whoosh and Tesseract on a tmp home)."""
from __future__ import annotations

import io
import logging
import shutil
import time
from dataclasses import replace

import pytest
from web_helpers import ROLES, csrf_from, jpeg_bytes, login, make_settings

from archive import service
from web.app import create_app

ADDRESS = "127.0.0.1"


@pytest.fixture()
def fresh(tmp_path, users_home):
    """A new home (a copy of ``users_home``: a user of every role) and app per test: the login
    throttle and rate limits start empty."""
    def make(**changes):
        if not (tmp_path / "home").exists():
            shutil.copytree(users_home, tmp_path / "home")
        settings = replace(make_settings(tmp_path / "home"), **changes)
        assert {u.name for u in service.list_users(settings)} >= set(ROLES)
        app = create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})
        return settings, app
    return make


def _from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _logged_in(app, name):
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _post(client, url, data=None, page="/admin/pengguna"):
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(url, data={**(data or {}), "csrf_token": token})


def _actions(settings, limit=200):
    return [(e.action, e.user, e.detail) for e in service.audit_log(settings, limit=limit)]


# ---------------------------------------------------------------- sessions and accounts

def test_logout_ends_a_copied_session_on_the_server(fresh):
    """Review: a cookie copied before POST /keluar still created an admin 15 minutes later."""
    settings, app = fresh()
    browser = _logged_in(app, "admin")
    stolen = app.test_client()
    stolen.set_cookie("session", browser.get_cookie("session").value)
    assert stolen.get("/admin/pengguna").status_code == 200  # the copy works while logged in
    assert _post(browser, "/keluar").status_code == 302
    resp = stolen.get("/admin/pengguna")
    assert resp.status_code == 302 and "/masuk" in resp.headers["Location"]
    token = csrf_from(app.test_client().get("/masuk").get_data(as_text=True))
    made = stolen.post("/admin/pengguna", data={"name": "penyusup", "role": "admin", "password": "x" * 12,
                                                "csrf_token": token})
    assert made.status_code in (302, 400)
    assert "penyusup" not in {u.name for u in service.list_users(settings)}


@pytest.mark.parametrize("change", ["role", "password", "disable"])
def test_role_password_and_disable_end_open_sessions(fresh, change):
    settings, app = fresh()
    client = _logged_in(app, "pelaksana")
    assert client.get("/dokumen").status_code == 200
    if change == "role":
        service.set_user_role(settings, "pelaksana", "auditor", by="admin")
    elif change == "password":
        service.reset_password(settings, "pelaksana", "sungai-barito-utara", by="admin")
    else:
        service.set_user_active(settings, "pelaksana", False, by="admin")
    resp = client.get("/dokumen")
    assert resp.status_code == 302 and "/masuk" in resp.headers["Location"]


def test_a_login_lasts_hours_not_a_month(fresh):
    settings, app = fresh()
    assert app.permanent_session_lifetime.total_seconds() <= 12 * 3600
    client = _logged_in(app, "auditor")
    assert client.get("/dokumen").status_code == 200
    with client.session_transaction() as sess:
        sess["login_at"] = sess["login_at"] - (settings.session_hours * 3600 + 60)
    resp = client.get("/dokumen")
    assert resp.status_code == 302 and "/masuk" in resp.headers["Location"]


def test_login_cookie_expires_with_the_session_lifetime(fresh):
    settings, app = fresh()
    client = app.test_client()
    resp = login(client, "auditor")
    cookie = next(v for k, v in resp.headers.items() if k == "Set-Cookie" and v.startswith("session="))
    assert "Expires=" in cookie


def test_password_guessing_is_throttled_per_user_with_a_logged_alert(fresh, caplog):
    """Review: 30 wrong passwords in a row, then the right one worked at once."""
    settings, app = fresh(login_max_failures=5)
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="web.auth"):
        for i in range(5):
            assert login(client, "admin", f"salah-tebakan-{i}").status_code == 401
    right = login(client, "admin")
    assert right.status_code == 429
    assert client.get("/dokumen").status_code == 302  # still not logged in
    assert any("ALERT" in r.getMessage() and "admin" in r.getMessage() for r in caplog.records)
    actions = _actions(settings)
    assert sum(1 for a, _u, d in actions if a == "auth.login_failed" and d["name"] == "admin") == 5
    assert any(a == "auth.lockout" and d["address"] == ADDRESS for a, _u, d in actions)
    assert login(app.test_client(), "auditor").status_code == 302  # other users are not locked


def test_password_guessing_is_throttled_per_address(fresh):
    settings, app = fresh(login_max_failures=3)
    attacker = _from(app, "10.9.8.7")
    for i in range(12):  # 4 x 3 failures spread over many names from one address
        assert login(attacker, f"tebak{i}", "salah-salah-salah").status_code == 401
    assert login(attacker, "auditor").status_code == 429
    assert login(_from(app, "10.9.8.8"), "auditor").status_code == 302


def test_users_made_and_tokens_issued_on_the_web_are_logged_as_the_admin(fresh):
    """Review: web-created users were logged with user NULL, a new token as done by its owner."""
    settings, app = fresh()
    admin = _logged_in(app, "admin")
    resp = _post(admin, "/admin/pengguna", {"name": "siti", "role": "pelaksana", "password": "padi-menguning-7"})
    assert resp.status_code == 200
    assert _post(admin, "/admin/pengguna/siti/token").status_code == 200
    entries = {a: (u, d) for a, u, d in reversed(_actions(settings))}  # the newest of each action
    assert entries["user.add"][0] == "admin" and entries["user.add"][1]["address"] == ADDRESS
    assert entries["user.token"][0] == "admin" and entries["user.token"][1]["name"] == "siti"


@pytest.mark.parametrize("password", ["password", "12345678", "bismillah", "indonesia2024", "Password123!",
                                      "pendek-1", "siti", "siti-siti-siti"])
def test_admin_page_refuses_weak_passwords(fresh, password):
    settings, app = fresh()
    admin = _logged_in(app, "admin")
    resp = _post(admin, "/admin/pengguna", {"name": "siti", "role": "pelaksana", "password": password})
    assert resp.status_code == 400
    assert "siti" not in {u.name for u in service.list_users(settings)}


def test_admin_page_disables_enables_sets_role_and_resets_password(fresh):
    settings, app = fresh()
    admin = _logged_in(app, "admin")
    victim = _logged_in(app, "sekretaris")
    assert _post(admin, "/admin/pengguna/sekretaris/nonaktifkan").status_code == 200
    assert victim.get("/dokumen").status_code == 302
    assert login(app.test_client(), "sekretaris").status_code == 401
    assert _post(admin, "/admin/pengguna/sekretaris/aktifkan").status_code == 200
    assert _post(admin, "/admin/pengguna/sekretaris/peran", {"role": "auditor"}).status_code == 200
    assert service.get_user(settings, "sekretaris").role == "auditor"
    page = _post(admin, "/admin/pengguna/sekretaris/sandi")
    assert page.status_code == 200
    new_password = page.get_data(as_text=True).split('<code class="token">')[1].split("</code>")[0]
    assert login(app.test_client(), "sekretaris", new_password).status_code == 302
    assert login(app.test_client(), "sekretaris").status_code == 401  # the old password is gone
    done = [(a, u) for a, u, _d in _actions(settings) if a.startswith("user.")]
    assert {("user.disable", "admin"), ("user.enable", "admin"), ("user.role", "admin"),
            ("user.password", "admin")} <= set(done)


def test_only_admins_reach_account_changes(fresh):
    settings, app = fresh()
    for role in ("pelaksana", "sekretaris", "kepala_dinas", "auditor"):
        client = _logged_in(app, role)
        token = csrf_from(client.get("/dokumen").get_data(as_text=True))
        for action in ("nonaktifkan", "aktifkan", "peran", "sandi"):
            resp = client.post(f"/admin/pengguna/admin/{action}", data={"csrf_token": token, "role": "auditor"})
            assert resp.status_code == 403, (role, action)
    assert service.get_user(settings, "admin").active and service.get_user(settings, "admin").role == "admin"


def test_the_last_admin_cannot_be_disabled_or_demoted(fresh):
    settings, app = fresh()
    admin = _logged_in(app, "admin")
    assert _post(admin, "/admin/pengguna/admin/nonaktifkan").status_code == 400
    assert _post(admin, "/admin/pengguna/admin/peran", {"role": "auditor"}).status_code == 400
    assert service.get_user(settings, "admin").active


# ---------------------------------------------------------------- limits

@pytest.mark.parametrize("url", ["/api/search?q={q}", "/cari?q={q}"])
def test_search_query_length_and_term_limits(app, client_as, url):
    """Review: 500 nomor-like tokens (11 KB) per request made a trivial request take 37 s."""
    client = client_as("auditor")
    many = " ".join(f"{i:03d}/UND/DISPUS/2024" for i in range(500))
    for q, status in ((many, 400), ("x" * 501, 400), (" ".join(["kata"] * 33), 400),
                      (" ".join(["kata"] * 32), 200)):
        resp = client.get(url.format(q=q))
        assert resp.status_code == status, (len(q), resp.status_code)
        if status == 400 and url.startswith("/api/"):
            assert resp.get_json()["error"]["code"] in ("query_too_long", "invalid_query")
            assert "maks." in resp.get_json()["error"]["message"]


def test_search_has_a_time_budget(settings, letter_doc, hostile_name_doc):
    """A 1 ms budget over the real index (two OCR'd letters): 26 prefix wildcards take longer."""
    app = create_app(replace(settings, search_timeout_ms=1), config={"TESTING": True, "BURT_JOB_RUNNER": False})
    client = _logged_in(app, "auditor")
    slow = " ".join(f"{c}*" for c in "abcdefghijklmnopqrstuvwxyz")
    resp = client.get(f"/api/search?q={slow}")
    assert resp.status_code == 503 and resp.get_json()["error"]["code"] == "search_timeout"


def test_api_field_lengths_match_the_form(app, tokens, letter_doc):
    """Review: a 6 MB perihal through the API left /riwayat at 12.4 MB for everyone."""
    resp = app.test_client().patch(f"/api/documents/{letter_doc}", json={"perihal": "x" * 1001},
                                   headers={"Authorization": f"Token {tokens['pelaksana']}"})
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "value_too_long"
    assert "perihal" in resp.get_json()["error"]["message"]
    assert "x" * 1001 not in str(service.get_document(app.extensions["burt"]["settings"], letter_doc).to_json())


def test_api_correction_bodies_are_small(app, tokens, letter_doc):
    resp = app.test_client().patch(f"/api/documents/{letter_doc}", json={"perihal": "x" * 6_000_000},
                                   headers={"Authorization": f"Token {tokens['pelaksana']}"})
    assert resp.status_code == 413 and resp.get_json()["error"]["code"] == "file_too_large"


def test_api_writes_are_rate_limited_per_user(fresh):
    settings, app = fresh(api_writes_per_minute=3)
    _user, token = service.add_user(settings, "skrip", "pelaksana")
    _user, other = service.add_user(settings, "skrip2", "pelaksana")
    client = app.test_client()
    codes = [client.patch("/api/documents/000000000000", json={"perihal": "a"},
                          headers={"Authorization": f"Token {token}"}).status_code for _ in range(4)]
    assert codes[:3] == [404, 404, 404] and codes[3] == 429
    last = client.patch("/api/documents/000000000000", json={"perihal": "a"},
                        headers={"Authorization": f"Token {token}"})
    assert last.get_json()["error"]["code"] == "rate_limited"
    assert client.patch("/api/documents/000000000000", json={"perihal": "a"},
                        headers={"Authorization": f"Token {other}"}).status_code == 404
    assert client.get("/api/documents", headers={"Authorization": f"Token {token}"}).status_code == 200


@pytest.mark.parametrize("url", ["/kegiatan/99999999999999999999999", "/cari?q=surat&page=99999999999999999999",
                                 "/audit/unduh/csv?kegiatan=99999999999999999999",
                                 "/dokumen/x/halaman/99999999999999999999"])
def test_huge_numbers_are_a_bad_request_not_a_server_error(app, client_as, url):
    assert client_as("admin").get(url).status_code == 400


@pytest.mark.parametrize("url", ["/dokumen?hal=99999999999999999999", "/riwayat?hal=99999999999999999999",
                                 "/api/documents?offset=99999999999999999999&limit=99999999999999999999"])
def test_huge_page_numbers_are_clamped(app, client_as, url):
    assert client_as("admin").get(url).status_code == 200


# ---------------------------------------------------------------- content

@pytest.fixture(scope="module")
def hostile_name_doc(settings):
    """A real letter uploaded under a name with a right-to-left override, NUL and CR/LF."""
    name = "surat\u202egpj.exe\r\nX-Evil: 1\x00\u2066.jpg"
    job = service.submit_upload(settings, name, io.BytesIO(jpeg_bytes(width=800, lines=("Nama berkas aneh",))),
                                user="pelaksana")
    service.run_pending_jobs(settings)
    done = service.get_job(settings, job.id)
    assert done.status == "done", done
    return done.doc_id


def test_original_download_is_an_attachment_with_a_clean_name_and_sniffed_type(app, client_as, hostile_name_doc):
    """Review: a NUL reached the header raw; CR/LF made the original undownloadable (500)."""
    resp = client_as("auditor").get(f"/dokumen/{hostile_name_doc}/unduh/asli")
    assert resp.status_code == 200
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    for bad in ("\u202e", "\u2066", "\x00", "\r", "\n", "%E2%80%AE", "%00", "%0D", "%0A"):
        assert bad not in disposition, repr(bad)
    assert "X-Evil" not in resp.headers
    assert resp.headers["Content-Type"] == "image/jpeg"
    assert resp.data[:2] == b"\xff\xd8"


def test_download_name_keeps_non_ascii_letters_through_rfc5987(app):
    from web.documents import safe_filename

    assert safe_filename("Surat\u202eKecamatan Juai\u2069 (ringkas).pdf") == "SuratKecamatan Juai (ringkas).pdf"
    assert safe_filename("\x00\r\n") == "dokumen"
    assert "/" not in safe_filename("../../etc/passwd") and "\\" not in safe_filename("..\\..\\boot.ini")


def test_log_lines_cannot_be_forged_and_name_the_client(app, client_as, settings):
    """Review: a %0A in a URL path wrote forged lines into web.log; web.log had no client IP."""
    from web.app import _log_to_file

    root = logging.getLogger()
    before = list(root.handlers)
    _log_to_file(settings)
    try:
        client_as("auditor").get("/dokumen/abc%0AFORGED%20ERROR%20admin%20logged%20in")
        for h in root.handlers:
            h.flush()
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
                h.close()
    text = (settings.logs_dir / "web.log").read_text(encoding="utf-8")
    assert "FORGED" in text
    assert not any(line.startswith("FORGED") for line in text.splitlines())
    line = next(line for line in text.splitlines() if "FORGED" in line)
    assert "\\nFORGED" in line and f"[{ADDRESS}]" in line


# ---------------------------------------------------------------- audit trail

def test_logins_refusals_downloads_and_exports_are_audited_with_address(fresh, letter_doc):
    settings, app = fresh()
    login(app.test_client(), "auditor", "salah-salah-salah")
    auditor = _logged_in(app, "auditor")
    assert auditor.get("/admin/pengguna").status_code == 403
    docs = service.list_documents(settings, limit=1)
    if docs:
        assert auditor.get(f"/dokumen/{docs[0].id}/unduh/asli").status_code == 200
    assert auditor.get("/audit/unduh/csv").status_code == 200
    got = {a: (u, d) for a, u, d in reversed(_actions(settings))}
    assert got["auth.login_failed"][1] == {"name": "auditor", "address": ADDRESS}
    assert got["auth.login"] == ("auditor", {"address": ADDRESS})
    assert got["auth.refused"][0] == "auditor" and got["auth.refused"][1]["path"] == "/admin/pengguna"
    assert got["audit.export"][0] == "auditor" and got["audit.export"][1]["format"] == "csv"
    if docs:
        assert got["document.download"][0] == "auditor" and got["document.download"][1]["address"] == ADDRESS


def test_unlink_route_checks_the_activity_in_its_url(app, client_as, settings, letter_doc):
    act = service.create_activity(settings, "TBM Cahaya Ilmu", "2024", user="admin")
    other = service.create_activity(settings, "Desa Lok Batu", "2024", user="admin")
    service.link_document(settings, letter_doc, act.id, user="admin")
    client = client_as("pelaksana")
    token = csrf_from(client.get(f"/kegiatan/{other.id}").get_data(as_text=True))
    client.post(f"/kegiatan/{other.id}/lepas/{letter_doc}", data={"csrf_token": token})
    linked = service.activity_of(settings, letter_doc)
    assert linked is not None and linked.summary.id == act.id


# ---------------------------------------------------------------- private by default

def test_archive_responses_are_never_publicly_cached(app, client_as, letter_doc):
    """Review: page images were sent as publicly cacheable for an hour."""
    client = client_as("auditor")
    image = client.get(f"/dokumen/{letter_doc}/halaman/1")
    assert image.status_code == 200
    assert "private" in image.headers["Cache-Control"] and "public" not in image.headers["Cache-Control"]
    for url in ("/cari?q=surat", f"/dokumen/{letter_doc}", "/api/documents", f"/dokumen/{letter_doc}/unduh/asli"):
        assert client.get(url).headers["Cache-Control"] == "private, no-store", url


def test_login_time_does_not_reveal_whether_a_user_exists(settings):
    """Review: 236 ms for an existing user, 11.5 ms for a missing one."""
    from archive.errors import AuthenticationError

    def timed(name):
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            with pytest.raises(AuthenticationError):
                service.authenticate(settings, name, "bukan-sandinya-1")
            runs.append(time.perf_counter() - start)
        return sorted(runs)[1]

    timed("admin")  # warm up (dummy hash, engine)
    timed("tidak-ada-orangnya")
    existing, missing = timed("admin"), timed("tidak-ada-orangnya")
    assert missing > 0.5 * existing, (existing, missing)


def test_nothing_in_the_data_directory_is_readable_by_others(settings, letter_doc, hostile_name_doc):
    """Originals, derivatives, index, database and logs: no group or other permission bits."""
    import stat

    loose = [(str(p), oct(stat.S_IMODE(p.stat().st_mode))) for p in [settings.home, *settings.home.rglob("*")]
             if stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert loose == []
    original = service.document_file(settings, letter_doc, "original")
    assert stat.S_IMODE(original.stat().st_mode) == 0o400


def test_sign_off_on_the_web_needs_evidence_or_a_reason_and_is_audited(app, client_as, settings):
    """Review: a step could be signed off with no evidence at all."""
    act = service.create_activity(settings, "TBM Pelita Hati", "2024", user="admin")
    client = client_as("kepala_dinas")
    token = csrf_from(client.get(f"/kegiatan/{act.id}").get_data(as_text=True))
    client.post(f"/kegiatan/{act.id}/sahkan/4", data={"csrf_token": token})
    assert service.get_activity(settings, act.id).signoffs == ()
    asked = client.post(f"/kegiatan/{act.id}/sahkan/4", data={"csrf_token": token, "alasan": "berita acara di gudang"})
    assert asked.status_code == 200 and service.get_activity(settings, act.id).signoffs == ()  # the confirmation
    client.post(f"/kegiatan/{act.id}/sahkan/4", data={"csrf_token": token, "alasan": "berita acara di gudang",
                                                      "konfirmasi": "1"})
    assert [s.step for s in service.get_activity(settings, act.id).signoffs] == [4]
    entry = next(e for e in service.audit_log(settings, activity_id=str(act.id), limit=20)
                 if e.action == "activity.signoff")
    assert entry.user == "kepala_dinas" and entry.detail["override"] == "berita acara di gudang"
    assert entry.detail["address"] == ADDRESS


def test_security_events_have_readable_names_in_the_history(app, client_as):
    client = client_as("auditor")
    client.get("/admin/pengguna")  # a refusal
    page = client.get("/riwayat").get_data(as_text=True)
    assert "Akses ditolak" in page and "Masuk" in page and "auth.refused" in page  # label, raw action as title
