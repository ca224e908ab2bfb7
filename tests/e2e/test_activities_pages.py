"""The activities blueprint through Flask's test client (fast; the browser test covers the
same pages in chromium): who may do what, downloads, errors, forms with CSRF."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from web_helpers import PASSWORD, ROLES, csrf_from, login, make_settings  # noqa: E402

from tests.archive.test_activities_world import build_world  # noqa: E402


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from archive import db, service
    from web.app import create_app

    settings = make_settings(tmp_path_factory.mktemp("pages"))
    settings.ensure_dirs()
    for role in ROLES:
        service.add_user(settings, role, role, password=PASSWORD)
    build_world(settings)
    service.audit(settings)  # link everything once
    yield create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})
    db.close_db(settings)


@pytest.fixture(scope="module")
def clients(app):
    out = {}
    for role in ROLES:
        c = app.test_client()
        assert login(c, role).status_code == 302
        out[role] = c
    return out


@pytest.mark.parametrize("url", ["/kegiatan", "/kegiatan/1", "/audit", "/audit?status=temuan&tahun=2024", "/dasbor"])
@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_pages(clients, role, url):
    resp = clients[role].get(url)
    assert resp.status_code == 200
    assert "text/html" in resp.content_type


def test_logged_out_is_sent_to_login(app):
    resp = app.test_client().get("/kegiatan")
    assert resp.status_code == 302 and "/masuk" in resp.headers["Location"]


@pytest.mark.parametrize("fmt,mimetype,magic", [
    ("pdf", "application/pdf", b"%PDF"), ("xlsx", "application/vnd.openxmlformats", b"PK"),
    ("csv", "text/csv", "\ufeffkegiatan".encode())])
def test_report_downloads(clients, fmt, mimetype, magic):
    resp = clients["auditor"].get(f"/audit/unduh/{fmt}?kegiatan=1")
    assert resp.status_code == 200 and resp.content_type.startswith(mimetype)
    assert resp.data.startswith(magic)
    assert "attachment" in resp.headers["Content-Disposition"]


def test_export_links_carry_the_filters_on_screen(clients, tmp_path):
    """The audit page's download links repeat its filters, and each file holds exactly the
    activities the page shows (issue 18)."""
    import csv
    import io
    import re
    import subprocess
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    from openpyxl import load_workbook

    # the first page view settles the review flags (the menu's badge refreshes them), so read it twice
    everything = {int(x) for x in re.findall(r'data-activity="(\d+)"', clients["auditor"].get("/audit").get_data(
        as_text=True))}
    html = clients["auditor"].get("/audit?mitra=desa&tahun=2024&status=temuan&aturan=").get_data(as_text=True)
    shown = {int(x) for x in re.findall(r'data-activity="(\d+)"', html)}
    assert shown and shown < everything
    links = {urlsplit(unescape(h)).path.rsplit("/", 1)[1]: unescape(h)
             for h in re.findall(r'href="(/audit/unduh/[^"]+)"', html)}
    assert set(links) == {"pdf", "csv", "csv-id", "xlsx"}
    for link in links.values():
        assert parse_qs(urlsplit(link).query) == {"mitra": ["desa"], "tahun": ["2024"], "status": ["temuan"]}

    rows = list(csv.DictReader(io.StringIO(clients["auditor"].get(links["csv-id"]).data.decode("utf-8-sig")),
                               delimiter=";"))
    assert {int(r["kegiatan"]) for r in rows} == shown
    book = load_workbook(io.BytesIO(clients["auditor"].get(links["xlsx"]).data))
    assert {r[0] for r in book["Ringkasan"].iter_rows(min_row=2, values_only=True)} == shown
    assert dict(book["Keterangan"].iter_rows(values_only=True))["Filter"] == \
        "Mitra memuat: desa; Tahun: 2024; Hasil: ada temuan"
    pdf = tmp_path / "audit.pdf"
    pdf.write_bytes(clients["auditor"].get(links["pdf"]).data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Filter: Mitra memuat: desa; Tahun: 2024; Hasil: ada temuan" in text
    assert {int(x) for x in re.findall(r"Kegiatan #(\d+):", text)} == shown
    assert "Halaman 1 dari" in text


def test_unknown_activity_and_format(clients):
    assert clients["auditor"].get("/kegiatan/9999").status_code == 404
    assert clients["auditor"].get("/audit/unduh/docx").status_code == 400


@pytest.mark.parametrize("role,status", [("auditor", 403), ("pelaksana", 403)])
def test_forms_refused_to_roles_without_permission(clients, role, status):
    html = clients[role].get("/kegiatan/1").get_data(as_text=True)
    token = csrf_from(html)
    assert clients[role].post("/kegiatan/1/sahkan/1", data={"csrf_token": token}).status_code == status
    if role == "auditor":
        assert clients[role].post("/kegiatan/1/tautkan", data={"csrf_token": token, "doc_id": "x"}).status_code == 403
        assert "Sahkan tahap" not in html and "/lepas/" not in html


def test_admin_may_approve_but_not_sign_off_a_step(clients):
    """The 'approve' permission opens the form; the SOP's roles decide (admin is not one)."""
    c = clients["admin"]
    token = csrf_from(c.get("/kegiatan/1").get_data(as_text=True))
    resp = c.post("/kegiatan/1/sahkan/1", data={"csrf_token": token}, follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert "tidak berwenang" in html


def test_form_without_csrf_is_refused(clients):
    assert clients["kepala_dinas"].post("/kegiatan/1/sahkan/1").status_code == 400


def test_create_and_link_by_form(clients):
    c = clients["pelaksana"]
    token = csrf_from(c.get("/kegiatan").get_data(as_text=True))
    resp = c.post("/kegiatan/baru", data={"csrf_token": token, "partner": "Desa Halong", "period": "2025"})
    assert resp.status_code == 302 and "/kegiatan/" in resp.headers["Location"]
    new_url = resp.headers["Location"]
    html = c.get(new_url).get_data(as_text=True)
    assert "Desa Halong" in html and "2025" in html
    bad = c.post("/kegiatan/baru", data={"csrf_token": token, "partner": "Desa Halong", "period": "kemarin"},
                 follow_redirects=True)
    assert "tidak dikenali" in bad.get_data(as_text=True)


# ---------------------------------------------------------------- issue 18: activities by hand
# Who may use the new routes: the picker and linking need "edit"; withdrawing, merging and
# deleting need "approve" (docs/security.md role table).
NEW_ROUTES = [("GET", "/kegiatan/1/cari-bukti?q=surat", "edit"), ("POST", "/kegiatan/1/cabut/999999", "approve"),
              ("POST", "/kegiatan/1/gabung", "approve"), ("POST", "/kegiatan/1/hapus", "approve")]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,url,permission", NEW_ROUTES, ids=[u for _, u, _ in NEW_ROUTES])
def test_new_routes_role_table(clients, role, method, url, permission):
    from web.access import PERMISSIONS

    c = clients[role]
    token = csrf_from(c.get("/kegiatan/1").get_data(as_text=True))
    resp = c.get(url) if method == "GET" else c.post(url, data={"csrf_token": token})  # no "yakin": nothing done
    if role in PERMISSIONS[permission]:
        assert resp.status_code in (200, 302), resp.status_code
    else:
        assert resp.status_code == 403


def test_picker_without_js_finds_by_file_name_and_links(clients):
    c = clients["pelaksana"]
    html = c.get("/kegiatan/1").get_data(as_text=True)
    assert 'id="tautkan"' in html and 'name="bukti"' in html
    # every document of the world is named "<id>.pdf": search one of another activity by its file name
    page = c.get("/kegiatan/2").get_data(as_text=True)
    doc_id = page.split('class="muted mono">')[1].split("<")[0]
    found = c.get(f"/kegiatan/1?bukti={doc_id}.pdf").get_data(as_text=True)
    assert 'id="picker-results"' in found and f'value="{doc_id}"' in found and "nama berkas" in found
    data = c.get(f"/kegiatan/1/cari-bukti?q={doc_id}.pdf").get_json()
    assert data[0]["id"] == doc_id and data[0]["matched"] == "nama berkas" and data[0]["here"] is False
    token = csrf_from(found)
    resp = c.post("/kegiatan/1/tautkan", data={"csrf_token": token, "doc_id": doc_id})
    assert resp.status_code == 302 and "/kegiatan/1#langkah-" in resp.headers["Location"]
    assert doc_id in c.get("/kegiatan/1").get_data(as_text=True)


def test_sign_off_confirms_first_then_withdraws_with_reason(clients):
    c = clients["kepala_dinas"]
    html = c.get("/kegiatan/3").get_data(as_text=True)
    token = csrf_from(html)
    # step 6 of a generated activity: sign with an override reason if it lacks evidence
    data = {"csrf_token": token, "alasan": "diperiksa di lapangan"}
    confirm = c.post("/kegiatan/3/sahkan/6", data=data)
    assert confirm.status_code == 200 and 'name="konfirmasi" value="1"' in confirm.get_data(as_text=True)
    assert "Disahkan oleh" not in c.get("/kegiatan/3").get_data(as_text=True).split('id="langkah-6"')[1]  # not yet
    done = c.post("/kegiatan/3/sahkan/6", data={**data, "konfirmasi": "1"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/kegiatan/3#langkah-6")
    step = c.get("/kegiatan/3").get_data(as_text=True).split('id="langkah-6"')[1].split('id="langkah-')[0]
    assert "Disahkan oleh kepala_dinas" in step and "WITA" in step and "belum ada pengesahan" not in step
    signoff_id = step.split("/cabut/")[1].split('"')[0]
    refused = c.post(f"/kegiatan/3/cabut/{signoff_id}", data={"csrf_token": token, "alasan": ""},
                     follow_redirects=True)
    assert "flash-error" in refused.get_data(as_text=True) and "Tulis alasan pencabutan" in refused.get_data(as_text=True)
    back = c.post(f"/kegiatan/3/cabut/{signoff_id}", data={"csrf_token": token, "alasan": "salah periksa"})
    assert back.headers["Location"].endswith("/kegiatan/3#langkah-6")
    step = c.get("/kegiatan/3").get_data(as_text=True).split('id="langkah-6"')[1].split('id="langkah-')[0]
    assert "belum ada pengesahan" in step and "Dicabut oleh kepala_dinas" in step and "salah periksa" in step


def test_a_duplicate_activity_warns_and_offers_the_existing_one(clients):
    c = clients["pelaksana"]
    token = csrf_from(c.get("/kegiatan").get_data(as_text=True))
    first = c.post("/kegiatan/baru", data={"csrf_token": token, "partner": "Desa Tebing Tinggi", "period": "2026"})
    assert first.status_code == 302
    existing = first.headers["Location"].rsplit("/", 1)[1]
    again = c.post("/kegiatan/baru", data={"csrf_token": token, "partner": "desa tebing tinggi", "period": "2026"})
    html = again.get_data(as_text=True)
    assert again.status_code == 200 and 'id="duplikat"' in html and f'/kegiatan/{existing}"' in html
    forced = c.post("/kegiatan/baru", data={"csrf_token": token, "partner": "desa tebing tinggi", "period": "2026",
                                            "tetap_buat": "1"})
    assert forced.status_code == 302 and not forced.headers["Location"].endswith(f"/{existing}")


def test_merge_and_delete_by_form(clients):
    c = clients["sekretaris"]
    token = csrf_from(c.get("/kegiatan").get_data(as_text=True))
    ids = []
    for _ in range(2):
        resp = c.post("/kegiatan/baru", data={"csrf_token": token, "partner": "Desa Gunung Batu", "period": "2027",
                                              "tetap_buat": "1"})
        ids.append(int(resp.headers["Location"].rsplit("/", 1)[1]))
    keep, other = ids
    assert 'id="kelola"' in c.get(f"/kegiatan/{keep}").get_data(as_text=True)
    unsure = c.post(f"/kegiatan/{keep}/gabung", data={"csrf_token": token, "other": other}, follow_redirects=True)
    assert c.get(f"/kegiatan/{other}").status_code == 200 and "Centang" in unsure.get_data(as_text=True)
    c.post(f"/kegiatan/{keep}/gabung", data={"csrf_token": token, "other": other, "yakin": "1"})
    assert c.get(f"/kegiatan/{other}").status_code == 404
    log = c.get(f"/kegiatan/{keep}").get_data(as_text=True)
    assert "Kegiatan digabung" in log
    gone = c.post(f"/kegiatan/{keep}/hapus", data={"csrf_token": token, "yakin": "1"})
    assert gone.status_code == 302 and gone.headers["Location"].endswith("/kegiatan")
    assert c.get(f"/kegiatan/{keep}").status_code == 404


def test_a_missing_step_links_to_a_search_for_its_evidence(clients):
    import html as html_lib
    import re

    c = clients["pelaksana"]
    for activity in range(1, 10):
        page = c.get(f"/kegiatan/{activity}").get_data(as_text=True)
        links = re.findall(r'class="find-missing"><a class="button small" href="([^"]+)">([^<]+)</a>', page)
        if links:
            break
    assert links, "the world has an activity with a step lacking evidence"
    href, label = html_lib.unescape(links[0][0]), links[0][1]
    assert "bukti=" in href and href.endswith("#tautkan") and label.startswith("Cari ")
    wanted = label[len("Cari "):]
    found = c.get(href.split("#")[0]).get_data(as_text=True).split('id="picker-results"')[1].split("</ul>")[0]
    assert "<li data-doc=" in found and wanted in found  # documents of the missing type are offered
