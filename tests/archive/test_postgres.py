"""PostgreSQL as the archive's database (issue 16): the migrations from an empty schema to every
head, the same tables as SQLite, the append-only audit log, a real sample through the real
pipeline, `burt verify` through the CLI, and a SQLite archive moved into PostgreSQL by
`burt export` / `burt import`.

Every test here needs the server of ``BURT_TEST_PG_URL`` (``make test`` starts one with
scripts/pg-ensure.sh); each gets a fresh schema.  Without it they skip (plain ``pytest``) or
fail (``BURT_REQUIRE_PG=1``, as in ``make test``).  The storage tests of the other modules that
set ``BOTH_BACKENDS`` run on both databases as well.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import write_doc
from sqlalchemy import create_engine, inspect, text

from archive import db, service
from archive.records import SearchQuery
from archive.settings import load_settings
from tests.pg_backend import BACKENDS, fresh_schema

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "permohonan_pembinaan.png"


@pytest.fixture
def backend() -> str:
    return "postgresql"


def _script_heads() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    return set(ScriptDirectory.from_config(cfg).get_heads())


def _schema(url: str) -> dict[str, set[str]]:
    engine = create_engine(url)
    try:
        insp = inspect(engine)
        return {t: {c["name"] for c in insp.get_columns(t)} for t in insp.get_table_names()}
    finally:
        engine.dispose()


def test_migrations_upgrade_an_empty_postgresql_schema_to_every_head(settings, tmp_path):
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert _schema(settings.database_url) == {}  # a fresh, empty schema
    db.open_db(settings)  # runs the migrations, as every process does at its first open
    with db.session_scope(settings) as s:
        assert set(s.execute(text("SELECT version_num FROM alembic_version")).scalars()) == _script_heads()
        triggers = set(s.execute(text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass "
                                      "AND NOT tgisinternal")).scalars())
    assert triggers == {"audit_log_append_only", "audit_log_no_truncate"}
    pg = _schema(settings.database_url)
    # the same tables and columns as the models, and as a SQLite archive migrated the same way
    models = {t.name: {c.name for c in t.columns} for t in db.Base.metadata.sorted_tables}
    assert {k: v for k, v in pg.items() if k != "alembic_version"} == models
    lite = load_settings(home=tmp_path / "lite", environ={})
    try:
        db.open_db(lite)
        assert _schema(lite.database_url) == pg
    finally:
        db.close_db(lite)
    db.close_db(settings)
    db.open_db(settings)  # a second process opening a migrated archive changes nothing
    assert _schema(settings.database_url) == pg


def test_audit_log_refuses_update_delete_and_truncate_on_postgresql(settings, processor, tmp_path):
    [out] = service.ingest_paths(settings, [write_doc(tmp_path / "a.json", ["Surat undangan"])], processor=processor)
    assert out.status == "ingested"
    before = service.audit_log(settings)
    assert before
    for stmt in ("UPDATE audit_log SET action = 'diubah'", "UPDATE audit_log SET detail = '{}' WHERE id = 1",
                 "DELETE FROM audit_log", "DELETE FROM audit_log WHERE id = 1", "TRUNCATE audit_log"):
        session = db.open_db(settings)()
        try:
            with pytest.raises(Exception, match="audit_log is append-only"):
                session.execute(text(stmt))
        finally:
            session.rollback()
            session.close()
    assert service.audit_log(settings) == before
    service.correct_metadata(settings, out.id, {"perihal": "Undangan sosialisasi"}, user="ani")
    assert len(service.audit_log(settings)) == len(before) + 1  # appending still works


@pytest.mark.slow
def test_a_real_sample_through_the_real_pipeline_into_postgresql_is_searchable(settings):
    """Real Tesseract on a committed sample, stored in a PostgreSQL-backed archive."""
    truth = json.loads(SAMPLE.with_name(SAMPLE.name + ".truth.json").read_text(encoding="utf-8"))
    [out] = service.ingest_paths(settings, [SAMPLE])
    assert out.status == "ingested", out
    doc = service.get_document(settings, out.id)
    assert doc.sha256 == out.sha256 and len(doc.pages) == truth["page_count"]
    hits = service.search(settings, SearchQuery(text="Kusambi Hilir pembinaan")).hits
    assert [h.id for h in hits] == [out.id]
    with db.session_scope(settings) as s:  # the rows are in PostgreSQL, not in a stray SQLite file
        assert s.execute(text("SELECT count(*) FROM documents")).scalar() == 1
        assert s.execute(text("SELECT count(*) FROM pages WHERE document_id = :d"), {"d": out.id}).scalar() == 1
    assert not (settings.home / "archive.db").exists()
    assert service.verify(settings).ok


def _burt(home: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURT_")}
    env.update(BURT_DATABASE_URL=url, BURT_WORKERS="1")
    return subprocess.run([sys.executable, "-m", "web.cli", "--home", str(home), *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)


def test_burt_verify_is_clean_on_a_postgresql_archive_and_finds_damage(settings, processor, tmp_path):
    files = [write_doc(tmp_path / f"d{i}.json", [f"Laporan pendampingan perpustakaan desa {i}"],
                       doc_type="laporan_pendampingan", sop_step=6) for i in range(3)]
    outs = list(service.ingest_paths(settings, files, processor=processor))
    assert [o.status for o in outs] == ["ingested"] * 3
    clean = _burt(settings.home, settings.database_url, "verify", "--json")
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout)["ok"] is True
    with db.session_scope(settings) as s:  # a document row whose files are gone: verify must say so
        s.execute(text("UPDATE documents SET original_path = 'originals/xx/missing.json' WHERE id = :d"),
                  {"d": outs[0].id})
    damaged = _burt(settings.home, settings.database_url, "verify", "--json")
    assert damaged.returncode == 1
    report = json.loads(damaged.stdout)
    assert report["ok"] is False and any(p["doc_id"] == outs[0].id for p in report["problems"])


def test_a_sqlite_archive_moves_into_postgresql_by_export_and_import(processor, tmp_path):
    """The way from the embedded default to PostgreSQL: `burt export`, then `burt import` with
    BURT_DATABASE_URL set.  The ids come along, and the next rows written get new ids."""
    lite = load_settings(home=tmp_path / "lite", environ={"BURT_WORKERS": "1"})
    try:
        files = [write_doc(tmp_path / f"s{i}.json", [f"Nota kesepahaman desa nomor {i}"], doc_type="nota_kesepahaman",
                           sop_step=2, nomor=f"00{i}/NK/2024") for i in range(3)]
        outs = list(service.ingest_paths(lite, files, processor=processor))
        service.add_user(lite, "ani", "pelaksana", "ladang-padi-47")
        service.correct_metadata(lite, outs[0].id, {"perihal": "Nota kesepahaman"}, user="ani")
        service.export_archive(lite, tmp_path / "bag")
        with fresh_schema() as url:
            pg = load_settings(home=tmp_path / "pg", environ={"BURT_WORKERS": "1", "BURT_DATABASE_URL": url})
            try:
                imported = _burt(pg.home, url, "import", str(tmp_path / "bag"))
                assert imported.returncode == 0, imported.stderr
                assert service.verify(pg).ok
                assert sorted(h.id for h in service.search(pg, SearchQuery(text="kesepahaman")).hits) == \
                    sorted(o.id for o in outs)
                assert service.get_document(pg, outs[0].id).history == service.get_document(lite, outs[0].id).history
                n_audit = len(service.audit_log(pg, limit=1000))
                assert n_audit == len(service.audit_log(lite, limit=1000))
                # new rows after the import: the id sequences were moved past the imported ids
                service.add_user(pg, "budi", "pelaksana", "sungai-balangan-1987")
                service.correct_metadata(pg, outs[1].id, {"perihal": "Nota kesepahaman kedua"}, user="budi")
                assert len(service.audit_log(pg, limit=1000)) > n_audit
                [new] = service.ingest_paths(pg, [write_doc(tmp_path / "baru.json", ["Surat baru"])],
                                             processor=processor)
                assert new.status == "ingested"
            finally:
                db.close_db(pg)
    finally:
        db.close_db(lite)


def test_the_web_app_on_postgresql_uploads_searches_corrects_and_audits(settings, tmp_path):
    """The Flask app over a PostgreSQL archive: an upload through the API, the job runner (real
    OCR of a generated letter), search, a correction, and the audit log, as in the SQLite web tests."""
    sys.path.insert(0, str(ROOT / "tests" / "web"))
    from web_helpers import PASSWORD, jpeg_bytes, login

    from web.app import create_app

    for role in ("pelaksana", "sekretaris", "auditor"):
        service.add_user(settings, role, role, password=PASSWORD)
    token = {role: service.issue_token(settings, role) for role in ("pelaksana", "sekretaris", "auditor")}
    app = create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})
    client = app.test_client()
    data = jpeg_bytes(width=800, lines=("PEMERINTAH KABUPATEN BALANGAN", "", "Hal : Jadwal Pembinaan Perpustakaan Sekolah"))
    resp = client.post("/api/documents", headers={"Authorization": f"Token {token['pelaksana']}"},
                       data={"file": (io.BytesIO(data), "jadwal.jpg")})
    assert resp.status_code == 202, resp.get_data(as_text=True)
    job_id = resp.get_json()["job"]
    assert service.run_pending_jobs(settings) == 1
    auditor = {"Authorization": f"Token {token['auditor']}"}
    done = client.get(f"/api/jobs/{job_id}", headers=auditor).get_json()
    assert done["status"] == "done", done
    doc_id = done["document"]
    found = client.get("/api/search?q=pembinaan", headers=auditor).get_json()
    assert [h["id"] for h in found["hits"]] == [doc_id]
    fixed = client.patch(f"/api/documents/{doc_id}", headers={"Authorization": f"Token {token['sekretaris']}"},
                         json={"perihal": "Jadwal Pembinaan Perpustakaan Sekolah (koreksi)"})
    assert fixed.status_code == 200
    assert client.get("/api/audit", headers=auditor).get_json() == service.audit(settings).to_json()
    entry = service.audit_log(settings, doc_id=doc_id, limit=1)[0]
    assert entry.user == "sekretaris" and "perihal" in str(entry.detail)
    browser = app.test_client()
    assert login(browser, "auditor").status_code == 302
    page = browser.get(f"/dokumen/{doc_id}")
    assert page.status_code == 200 and "(koreksi)" in page.get_data(as_text=True)


def _alembic(conn, target: str, *, down: bool = False) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    (command.downgrade if down else command.upgrade)(cfg, target)


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_step_by_step_with_data_then_down_and_up_again(settings, backend):
    """An archive made at the first revision, holding a document, upgraded to every head: the data
    step of 0301_agenda (the backfill mark) runs the same on both databases, the document survives,
    and the whole chain goes down to nothing and up again."""
    settings.ensure_dirs()
    engine = create_engine(settings.database_url)
    try:
        with engine.begin() as conn:
            _alembic(conn, "0001_archive_core")
            conn.execute(text(
                "INSERT INTO documents (id, sha256, filename, kind, size, page_count, original_path, class_confidence,"
                " class_reasons, needs_review, flags, pihak, rujukan, timings, created_at, indexed) VALUES"
                " ('abcdef123456', :sha, 'lama.pdf', 'pdf', 10, 1, 'originals/ab/x.pdf', 0.5, '[]', false, '[]',"
                " '[]', '[]', '{}', '2024-01-02T03:04:05+00:00', false)"), {"sha": "ab" * 32})
        with engine.begin() as conn:
            _alembic(conn, "heads")
            # the backfill marks of 0301_agenda, 0502_table_rows and 0601_review_state: the first open
            # reads the old documents
            assert sorted(conn.execute(text("SELECT register, year, last FROM agenda_counters")).all()) == \
                [("backfill", 0, 1), ("review", 0, 1), ("tables", 0, 1)]
            assert conn.execute(text("SELECT session_version FROM users")).all() == []
            assert conn.execute(text("SELECT filename FROM documents")).scalars().all() == ["lama.pdf"]
        shape = _schema(settings.database_url)
        with engine.begin() as conn:
            _alembic(conn, "base", down=True)
        assert set(_schema(settings.database_url)) <= {"alembic_version"}
        with engine.begin() as conn:
            _alembic(conn, "heads")
        assert _schema(settings.database_url) == shape
    finally:
        engine.dispose()
    service.prepare(settings)  # the archive opens on the re-made schema
    assert service.list_documents(settings) == []
