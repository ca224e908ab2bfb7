"""Web tests: the Flask test client over a real archive home (SQLite, Whoosh, Tesseract) on tmp.

One home per module with a user of every role and one real ingested letter, so the slow
part (OCR of a small generated page) runs once per module.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from letter_image import render_letter  # noqa: E402
from web_helpers import PASSWORD, ROLES, login, make_settings  # noqa: E402

from archive import service  # noqa: E402
from web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("burt-home")


@pytest.fixture(scope="module")
def settings(home):
    s = make_settings(home)
    for role in ROLES:
        service.add_user(s, role, role, password=PASSWORD)
    return s


@pytest.fixture(scope="module")
def app(settings):
    return create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})


@pytest.fixture(scope="module")
def letter_doc(settings, tmp_path_factory) -> str:
    """One real letter archived through the same queue the upload page uses."""
    path = render_letter(tmp_path_factory.mktemp("src") / "surat-undangan.jpg", width=1000)
    with open(path, "rb") as fh:
        job = service.submit_upload(settings, path.name, fh, user="pelaksana")
    service.run_pending_jobs(settings)
    done = service.get_job(settings, job.id)
    assert done.status == "done", done
    return done.doc_id


@pytest.fixture()
def client_as(app):
    """``client_as("pelaksana")`` → a test client logged in with that role."""
    def make(role: str | None):
        client = app.test_client()
        if role:
            resp = login(client, role)
            assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
        return client
    return make


@pytest.fixture(scope="module")
def tokens(settings) -> dict[str, str]:
    return {role: service.issue_token(settings, role) for role in ROLES}
