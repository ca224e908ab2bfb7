"""The JSON API: upload → job → document, duplicates, search JSON = ``burt search --json``,
PATCH audited, one error shape, and the OpenAPI document matching the real routes."""
from __future__ import annotations

import io
import logging
import re

import pytest
from web_helpers import jpeg_bytes

from archive import service
from archive.records import SearchQuery
from web.app import create_app


def _auth(tokens, role):
    return {"Authorization": f"Token {tokens[role]}"}


def test_upload_job_document_roundtrip(app, settings, tokens):
    client = app.test_client()
    data = jpeg_bytes(width=800, lines=("PEMERINTAH KABUPATEN BALANGAN", "", "Hal : Jadwal Pembinaan Perpustakaan Sekolah"))
    resp = client.post("/api/documents", headers=_auth(tokens, "pelaksana"),
                       data={"file": (io.BytesIO(data), "jadwal.jpg")})
    assert resp.status_code == 202
    job_id = resp.get_json()["job"]
    queued = client.get(f"/api/jobs/{job_id}", headers=_auth(tokens, "auditor")).get_json()
    assert queued["status"] == "queued" and queued["document"] is None and queued["error"] is None
    assert set(queued) >= {"status", "progress", "document", "error"}
    service.run_pending_jobs(settings)
    done = client.get(f"/api/jobs/{job_id}", headers=_auth(tokens, "auditor")).get_json()
    assert done["status"] == "done" and done["progress"] == 1.0 and done["document"]
    doc = client.get(f"/api/documents/{done['document']}", headers=_auth(tokens, "auditor")).get_json()
    assert doc["id"] == done["document"] and "Pembinaan" in doc["text"]

    dup = client.post("/api/documents", headers=_auth(tokens, "pelaksana"),
                      data={"file": (io.BytesIO(data), "jadwal-lagi.jpg")})
    assert dup.status_code == 409
    body = dup.get_json()
    assert body["error"]["code"] == "duplicate_document" and body["document"] == done["document"]


def test_upload_without_file_field_is_a_clear_error(app, tokens):
    resp = app.test_client().post("/api/documents", headers=_auth(tokens, "pelaksana"), data={})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "empty_file"


def test_search_json_equals_service_json(app, settings, tokens, letter_doc):
    resp = app.test_client().get("/api/search?q=perpustakaan&step=1&limit=5", headers=_auth(tokens, "auditor"))
    assert resp.status_code == 200
    expected = service.search(settings, SearchQuery(text="perpustakaan", sop_step=1, limit=5)).to_json()
    assert resp.get_json() == expected
    assert any(h["id"] == letter_doc for h in expected["hits"])


@pytest.mark.parametrize("args,code", [("step=abc", "invalid_query"), ("from=12-03-2024", "invalid_query"),
                                       ("limit=0", "invalid_query"), ("sort=acak", "invalid_query")])
def test_bad_search_arguments_are_400_with_the_error_shape(app, tokens, args, code):
    resp = app.test_client().get(f"/api/search?q=x&{args}", headers=_auth(tokens, "auditor"))
    assert resp.status_code == 400
    assert resp.get_json() == {"error": {"code": code, "message": resp.get_json()["error"]["message"]}}
    assert resp.get_json()["error"]["message"]


def test_patch_corrects_and_audits(app, settings, tokens, letter_doc):
    client = app.test_client()
    resp = client.patch(f"/api/documents/{letter_doc}", headers=_auth(tokens, "sekretaris"),
                        json={"perihal": "Undangan Sosialisasi Perpustakaan Desa (koreksi)"})
    assert resp.status_code == 200
    assert resp.get_json()["fields"]["perihal"]["value"].endswith("(koreksi)")
    entry = service.audit_log(settings, doc_id=letter_doc, limit=1)[0]
    assert entry.user == "sekretaris" and "perihal" in str(entry.detail)


@pytest.mark.parametrize("body,code", [({"bukan_kolom": "x"}, "invalid_change"), ({}, "invalid_change"),
                                       ({"nomor": 5}, "invalid_change")])
def test_patch_refuses_bad_bodies(app, tokens, letter_doc, body, code):
    resp = app.test_client().patch(f"/api/documents/{letter_doc}", headers=_auth(tokens, "pelaksana"), json=body)
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == code


def test_unknown_document_and_job_are_404_json(app, tokens):
    client = app.test_client()
    for url, code in (("/api/documents/000000000000", "document_not_found"), ("/api/jobs/tidak-ada", "job_not_found"),
                      ("/api/tidak-ada", "not_found")):
        resp = client.get(url, headers=_auth(tokens, "auditor"))
        assert resp.status_code == 404 and resp.get_json()["error"]["code"] == code


def test_audit_json_is_service_audit(app, settings, tokens):
    resp = app.test_client().get("/api/audit", headers=_auth(tokens, "auditor"))
    assert resp.status_code == 200
    assert resp.get_json() == service.audit(settings).to_json()


def test_unexpected_error_is_generic_500_with_traceback_in_log(settings, caplog):
    app = create_app(settings, config={"TESTING": False, "BURT_JOB_RUNNER": False, "PROPAGATE_EXCEPTIONS": False})

    @app.route("/api/meledak")
    def boom():
        raise RuntimeError("rahasia-internal /etc/passwd")

    app.view_functions["boom"].burt_permission = "read"
    _user, token = service.add_user(settings, "penguji500", "auditor")
    with caplog.at_level(logging.ERROR):
        resp = app.test_client().get("/api/meledak", headers={"Authorization": f"Token {token}"})
    assert resp.status_code == 500
    assert resp.get_json()["error"]["code"] == "internal_error"
    assert "rahasia-internal" not in resp.get_data(as_text=True)
    assert any("rahasia-internal" in (r.exc_text or "") or (r.exc_info and "rahasia-internal" in str(r.exc_info[1]))
               for r in caplog.records)


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def test_openapi_matches_the_real_routes(app, tokens):
    doc = app.test_client().get("/api/openapi.json", headers=_auth(tokens, "auditor")).get_json()
    assert doc["openapi"].startswith("3.")
    real: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            real.setdefault(_openapi_path(rule.rule), set()).update(
                m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    described = {path: set(ops) for path, ops in doc["paths"].items()}
    assert described == real
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op.get("responses"), f"{method} {path} has no responses"
            for name in re.findall(r"{(\w+)}", path):
                assert any(p["name"] == name and p["in"] == "path" for p in op.get("parameters", [])), (path, name)


@pytest.mark.slow
def test_background_runner_finishes_uploads_outside_the_request(settings):
    """With the runner on (as in production), an upload finishes without anyone calling the queue."""
    import time

    runner_app = create_app(settings, config={"TESTING": True})
    runner = runner_app.extensions["burt"]["jobs"]
    try:
        _user, token = service.add_user(settings, "pengujirunner", "pelaksana")
        client = runner_app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Token {token}"
        data = jpeg_bytes(width=700, lines=("Berita Acara Serah Terima Buku", "", "Desa Halubau"))
        started = time.monotonic()
        resp = client.post("/api/documents", data={"file": (io.BytesIO(data), "bast.jpg")})
        assert resp.status_code == 202
        assert time.monotonic() - started < 2.0  # the request only stores and queues
        job = resp.get_json()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job = client.get(f"/api/jobs/{resp.get_json()['job']}").get_json()
            if job["status"] in ("done", "failed"):
                break
            time.sleep(0.3)
        assert job["status"] == "done" and job["document"]
    finally:
        runner.stop()
    assert not runner._thread.is_alive()


def test_patch_type_moves_the_sop_step_and_refuses_unknown_types(app, settings, tokens, letter_doc):
    client = app.test_client()
    resp = client.patch(f"/api/documents/{letter_doc}", headers=_auth(tokens, "pelaksana"),
                        json={"doc_type": "surat_balasan"})
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["doc_type"] == "surat_balasan" and body["sop_step"] == 3
    resp = client.patch(f"/api/documents/{letter_doc}", headers=_auth(tokens, "pelaksana"),
                        json={"doc_type": "lainnya"})
    assert resp.get_json()["sop_step"] is None
    bad = client.patch(f"/api/documents/{letter_doc}", headers=_auth(tokens, "pelaksana"),
                       json={"doc_type": "surat_cinta"})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_change"
    assert service.get_document(settings, letter_doc).doc_type == "lainnya"
    client.patch(f"/api/documents/{letter_doc}", headers=_auth(tokens, "pelaksana"),
                 json={"doc_type": "undangan_sosialisasi"})
