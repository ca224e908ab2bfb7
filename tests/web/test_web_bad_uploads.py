"""Each kind of bad upload gives a clear Indonesian message and leaves the archive's
documents and search index unchanged (through the API and the upload form)."""
from __future__ import annotations

import io

import pytest
from bad_inputs import MESSAGE_WORDS, bad_inputs
from web_helpers import csrf_from

from archive import service
from archive.records import SearchQuery

CASES = bad_inputs()


def _archive_state(settings):
    docs = [d.id for d in service.list_documents(settings, limit=1000)]
    total = service.search(settings, SearchQuery(text="", limit=1)).total
    originals = sorted(p.name for p in settings.originals_dir.rglob("*") if p.is_file())
    return docs, total, originals, service.verify(settings).ok


def _final_error(settings, client, resp) -> dict:
    """The error the clerk ends up seeing: at once, or when the queued job fails."""
    body = resp.get_json()
    if resp.status_code != 202:
        return body["error"]
    service.run_pending_jobs(settings)
    job = client.get(f"/api/jobs/{body['job']}").get_json()
    assert job["status"] == "failed", job
    return job["error"]


@pytest.mark.parametrize("kind,name,data,codes", CASES, ids=[c[0] for c in CASES])
def test_api_bad_upload(app, settings, tokens, kind, name, data, codes):
    before = _archive_state(settings)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {tokens['pelaksana']}"
    resp = client.post("/api/documents", data={"file": (io.BytesIO(data), name)})
    error = _final_error(settings, client, resp)
    assert error["code"] in codes
    indonesian = error["message"].split(" / ")[0].lower()
    assert MESSAGE_WORDS[error["code"]] in indonesian
    assert _archive_state(settings) == before


@pytest.mark.parametrize("kind,name,data,codes", CASES, ids=[c[0] for c in CASES])
def test_form_bad_upload_shows_indonesian_message(client_as, settings, kind, name, data, codes):
    before = _archive_state(settings)
    client = client_as("pelaksana")
    token = csrf_from(client.get("/unggah").get_data(as_text=True))
    resp = client.post("/unggah", data={"csrf_token": token, "files": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")
    html = resp.get_data(as_text=True)
    if resp.status_code == 422:  # refused at once: the message is on the page
        assert any(MESSAGE_WORDS[c] in html.lower() for c in codes)
        assert " / " not in html.split('class="stage">')[1].split("<")[0]  # only the Indonesian half
    else:
        import re

        job_id = re.search(r'data-job="([^"]+)"', html).group(1)
        service.run_pending_jobs(settings)
        job = client.get(f"/api/jobs/{job_id}").get_json()
        assert job["status"] == "failed" and job["error"]["code"] in codes
    assert _archive_state(settings) == before
