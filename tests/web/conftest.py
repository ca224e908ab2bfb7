"""Web tests: the Flask test client over a real archive home (SQLite, Whoosh, Tesseract) on tmp.

One home per module with a user of every role. A module whose tests use ``letter_doc`` gets a
copy of a home built once per session (the users and one letter archived through the upload
queue with real OCR), so the slow part runs once per run, not once per module; each module still
writes only to its own copy.
"""
from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from letter_image import render_letter  # noqa: E402
from web_helpers import PASSWORD, ROLES, jpeg_bytes, login, make_settings  # noqa: E402

from archive import db, service  # noqa: E402
from web.app import create_app  # noqa: E402


def _module_uses_letter(request) -> bool:
    """Whether a selected test of this module asks for ``letter_doc``."""
    return any(item.module is request.module and "letter_doc" in item.fixturenames for item in request.session.items)


@pytest.fixture(scope="session")
def users_home(tmp_path_factory) -> Path:
    """A home with a user of every role (password ``PASSWORD``): built once per run, read-only;
    copy it (``shutil.copytree``) for a home of your own."""
    home = tmp_path_factory.mktemp("users-home") / "home"
    s = make_settings(home)
    for role in ROLES:
        service.add_user(s, role, role, password=PASSWORD)
    db.close_db(s)  # SQLite files complete and closed before anyone copies them
    return home


@pytest.fixture(scope="session")
def letter_home(users_home, tmp_path_factory) -> tuple[Path, str]:
    """``users_home`` plus one real letter archived through the same queue the upload page uses:
    built once per run, read-only (modules copy it); (home, doc id)."""
    home = tmp_path_factory.mktemp("letter-home") / "home"
    shutil.copytree(users_home, home)
    s = make_settings(home)
    path = render_letter(tmp_path_factory.mktemp("src") / "surat-undangan.jpg", width=1000)
    with open(path, "rb") as fh:
        job = service.submit_upload(s, path.name, fh, user="pelaksana")
    service.run_pending_jobs(s)
    done = service.get_job(s, job.id)
    assert done.status == "done", done
    db.close_db(s)
    return home, done.doc_id


@pytest.fixture(scope="module")
def home(request, tmp_path_factory) -> Path:
    """This module's own home: a copy of ``letter_home`` if a test of it uses ``letter_doc``, else
    of ``users_home``."""
    template = request.getfixturevalue("letter_home")[0] if _module_uses_letter(request) else \
        request.getfixturevalue("users_home")
    home = tmp_path_factory.mktemp("burt-home")
    shutil.copytree(template, home, dirs_exist_ok=True)
    return home


@pytest.fixture(scope="module")
def settings(home):
    s = make_settings(home)
    yield s
    db.close_db(s)


@pytest.fixture(scope="module")
def flagged_doc(settings) -> str:
    """A letter with no perihal and no nomor printed: its type requires both, so it is flagged."""
    lines = ("PEMERINTAH DESA LOK BATU", "", "Kepada Yth. Kepala Dinas Perpustakaan", "",
             "Dengan hormat, kami mohon peminjaman buku secara kolektif untuk warga desa.", "",
             "Lok Batu, 2 April 2024", "Kepala Desa Lok Batu")
    with io.BytesIO(jpeg_bytes(width=1000, lines=lines)) as fh:
        job = service.submit_upload(settings, "IMG_20240402_101010.jpg", fh, user="pelaksana")
    service.run_pending_jobs(settings)
    doc_id = service.get_job(settings, job.id).doc_id
    assert doc_id
    return doc_id


@pytest.fixture(scope="module")
def app(settings):
    return create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})


@pytest.fixture(scope="module")
def letter_doc(settings, letter_home) -> str:
    """The letter of ``letter_home``, in this module's own copy of that home."""
    doc_id = letter_home[1]
    assert service.get_document(settings, doc_id).id == doc_id
    return doc_id


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
