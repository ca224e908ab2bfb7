"""Store, database and ingest jobs through the service face (fake OCR at the processor seam)."""
from __future__ import annotations

import io
import os
import stat

import pytest
from fakes import FakePipeline, write_doc
from sqlalchemy import text

from archive import db, service, store
from archive.db import JobRow, select, session_scope
from archive.errors import DocumentNotFoundError, DuplicateDocumentError, InvalidChangeError, JobNotFoundError
from archive.records import SearchQuery
from ingest.errors import CorruptFileError, EmptyFileError, OversizedFileError

BOTH_BACKENDS = True  # each storage test runs on SQLite and on PostgreSQL (tests/conftest.py)


def _ingest(settings, processor, *paths):
    return list(service.ingest_paths(settings, paths, processor=processor))


def test_original_is_content_addressed_read_only_and_kept_byte_for_byte(settings, processor, tmp_path):
    f = write_doc(tmp_path / "surat.json", ["Undangan sosialisasi BuRT"], doc_type="undangan_sosialisasi", sop_step=1)
    [out] = _ingest(settings, processor, f)
    sha = store.sha256_file(f)
    assert out.status == "ingested" and out.id == sha[:12] and out.sha256 == sha
    path = service.document_file(settings, out.id, "original")
    assert path == settings.home / "originals" / sha[:2] / f"{sha}.json"
    assert path.read_bytes() == f.read_bytes()
    assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert not list(path.parent.glob(".tmp-*"))
    assert service.document_file(settings, out.id, "page", page=1).name == "page-0001.png"
    assert service.document_file(settings, out.id, "thumb", page=1).parent == settings.derivatives_dir / sha


def test_same_bytes_twice_is_a_duplicate_not_a_second_document(settings, processor, tmp_path):
    f = write_doc(tmp_path / "a.json", ["Nota kesepahaman"], doc_type="nota_kesepahaman", sop_step=2)
    copy = tmp_path / "copy-with-other-name.json"
    copy.write_bytes(f.read_bytes())
    first, second = _ingest(settings, processor, f, copy)
    assert (first.status, second.status) == ("ingested", "duplicate")
    assert second.id == first.id
    assert len(service.list_documents(settings)) == 1
    assert service.search(settings, SearchQuery(text="kesepahaman")).total == 1


def test_store_original_is_idempotent_and_repairs_a_bad_copy(tmp_path):
    src = tmp_path / "x.pdf"
    src.write_bytes(b"%PDF-1.4 hello")
    sha = store.sha256_file(src)
    rel = store.store_original(tmp_path / "home", src, sha, ".pdf")
    assert store.store_original(tmp_path / "home", src, sha, ".pdf") == rel
    target = tmp_path / "home" / rel
    target.chmod(0o644)
    target.write_bytes(b"damaged")
    store.store_original(tmp_path / "home", src, sha, ".pdf")
    assert target.read_bytes() == src.read_bytes()


def test_failed_processing_is_reported_and_leaves_no_document(settings, tmp_path):
    f = tmp_path / "rusak.pdf"
    f.write_bytes(b"%PDF-1.4 broken")

    def broken(path, options, out_dir=None, name=None):
        raise CorruptFileError()

    [out] = _ingest(settings, FakePipeline(broken), f)
    assert out.status == "failed" and out.error_code == "corrupt_file" and "rusak" in out.error
    assert service.list_documents(settings) == []
    assert not list(settings.tmp_dir.glob("deriv-*"))
    job = service.get_job(settings, out.job_id)
    assert (job.status, job.error_code) == ("failed", "corrupt_file")
    assert service.verify(settings).ok  # the rejected original is quarantined, nothing orphaned


def test_missing_and_empty_paths_fail_cleanly(settings, processor, tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    outs = _ingest(settings, processor, tmp_path / "nope.pdf", empty)
    assert [o.error_code for o in outs] == ["file_not_found", EmptyFileError.code]


def test_upload_stores_original_queues_job_and_runner_finishes_it(settings, processor, tmp_path):
    f = write_doc(tmp_path / "u.json", ["Berita acara serah terima buku"], doc_type="berita_acara_serah_terima",
                  sop_step=4)
    job = service.submit_upload(settings, "../../u.json", io.BytesIO(f.read_bytes()), user="ani")
    assert job.status == "queued" and job.filename == "u.json"
    sha = store.sha256_file(f)
    assert (settings.originals_dir / sha[:2] / f"{sha}.json").is_file()
    assert not list(settings.incoming_dir.iterdir())
    assert service.search(settings, SearchQuery(text="serah terima")).total == 0  # not yet processed
    with pytest.raises(DuplicateDocumentError) as exc:
        service.submit_upload(settings, "again.json", io.BytesIO(f.read_bytes()), user="ani")
    assert exc.value.existing_id == sha[:12] and exc.value.http_status == 409
    assert service.run_pending_jobs(settings, processor) == 1
    done = service.get_job(settings, job.id)
    assert (done.status, done.stage, done.progress, done.doc_id) == ("done", "done", 1.0, sha[:12])
    assert service.search(settings, SearchQuery(text="serah terima")).hits[0].id == sha[:12]
    with pytest.raises(DuplicateDocumentError):
        service.submit_upload(settings, "again.json", io.BytesIO(f.read_bytes()), user="ani")
    assert [e.action for e in service.audit_log(settings, doc_id=sha[:12])] == ["document.ingest", "document.upload"]


def test_upload_refuses_empty_and_oversized_before_keeping_anything(settings):
    from dataclasses import replace
    with pytest.raises(EmptyFileError):
        service.submit_upload(settings, "a.pdf", io.BytesIO(b""), user="ani")
    small = replace(settings, max_upload_bytes=10)
    with pytest.raises(OversizedFileError):
        service.submit_upload(small, "a.pdf", io.BytesIO(b"x" * 11), user="ani")
    assert not list(settings.incoming_dir.iterdir()) and not list(settings.originals_dir.iterdir())
    with pytest.raises(JobNotFoundError):
        service.get_job(settings, "nope")


def test_correction_keeps_history_audits_and_reindexes(settings, processor, tmp_path):
    f = write_doc(tmp_path / "a.json", ["Surat permohonan kerja sama"], nomor="001/DISPERSIP/2024",
                  tanggal="2024-02-01")
    [out] = _ingest(settings, processor, f)
    doc = service.get_document(settings, out.id)
    assert doc.needs_review and doc.fields["nomor"].set_by == "ocr"
    doc = service.correct_metadata(settings, out.id, {"doc_type": "surat_permohonan_kerja_sama", "sop_step": "2",
                                                      "perihal": "Permohonan Kerja Sama Desa Tebing Tinggi",
                                                      "nomor": "001/DISPERSIP/2024"}, user="ani")
    assert (doc.doc_type, doc.sop_step) == ("surat_permohonan_kerja_sama", 2)
    # the stored review state follows the correction: the type and perihal are no reason any more
    left = {f.key for f in service.review_flags(settings, out.id)}
    assert doc.needs_review == bool(left) and not left & {"class", "missing:perihal"}, left
    assert doc.fields["perihal"].set_by == "ani" and doc.title.startswith("Permohonan")
    assert [(h.name, h.new_value, h.set_by) for h in doc.history if h.set_by == "ani"] == [
        ("doc_type", "surat_permohonan_kerja_sama", "ani"), ("sop_step", "2", "ani"),
        ("perihal", "Permohonan Kerja Sama Desa Tebing Tinggi", "ani")]  # unchanged nomor not recorded
    entry = service.audit_log(settings, doc_id=out.id, limit=1)[0]
    assert entry.action == "document.correct" and entry.user == "ani" and "perihal" in entry.detail
    hit = service.search(settings, SearchQuery(text="tebing tinggi")).hits[0]
    assert hit.id == out.id and hit.doc_type == "surat_permohonan_kerja_sama"
    with pytest.raises(InvalidChangeError):
        service.correct_metadata(settings, out.id, {"sha256": "x"}, user="ani")
    with pytest.raises(InvalidChangeError):
        service.correct_metadata(settings, out.id, {"tanggal": "5 Maret"}, user="ani")
    with pytest.raises(DocumentNotFoundError):
        service.get_document(settings, "000000000000")


def test_audit_log_is_append_only_in_the_database(settings, processor, tmp_path):
    _ingest(settings, processor, write_doc(tmp_path / "a.json", ["teks"]))
    session = db.open_db(settings)()
    try:
        for stmt in ("UPDATE audit_log SET action='x'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="append-only"):
                session.execute(text(stmt))
            session.rollback()
    finally:
        session.close()
    assert len(service.audit_log(settings)) == 1


def test_list_documents_filters_needs_review_and_pages(settings, processor, tmp_path):
    files = [write_doc(tmp_path / f"{i}.json", [f"dokumen nomor {i}"], doc_type="lainnya" if i % 2 else None)
             for i in range(5)]
    _ingest(settings, processor, *files)
    assert len(service.list_documents(settings, limit=10)) == 5
    assert len(service.list_documents(settings, limit=2, offset=4)) == 1
    waiting = {d.id for d in service.list_documents(settings, needs_review=True)}
    assert waiting == {d.id for d in service.list_documents(settings) if service.review_flags(settings, d.id)}
    untyped = {d.id for d in service.list_documents(settings) if d.doc_type is None}
    assert len(untyped) == 3 and untyped <= waiting  # an untyped document waits for review


def test_document_file_never_serves_unknown_kinds(settings, processor, tmp_path):
    [out] = _ingest(settings, processor, write_doc(tmp_path / "a.json", ["teks"]))
    for kind, page in (("../../etc/passwd", None), ("page", 9), ("pdf", None)):
        with pytest.raises(DocumentNotFoundError):
            service.document_file(settings, out.id, kind, page=page)


@pytest.mark.sqlite_only
def test_database_is_sqlite_wal(settings):
    service.prepare(settings)
    with db.open_db(settings)() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert os.path.exists(settings.database_path)


def test_unexpected_processing_error_fails_the_job_not_the_batch(settings, processor, tmp_path):
    def buggy(path, options, out_dir=None, name=None):
        raise ValueError("bug")

    a = write_doc(tmp_path / "a.json", ["satu"])
    [out] = service.ingest_paths(settings, [a], processor=FakePipeline(buggy))
    assert (out.status, out.error_code, out.fault) == ("failed", "processing_failed", "machine")
    assert "bug" not in out.error
    job = service.get_job(settings, out.job_id)  # a bug is the machine's fault: kept for a retry
    assert job.status == "queued" and job.next_attempt_at and job.fault == "machine"
    [again] = service.ingest_paths(settings, [a], processor=processor)  # a retry after the fix works
    assert again.status == "ingested"
    assert service.get_job(settings, out.job_id).status == "done"  # the waiting retry is settled by it


def test_migrations_render_for_postgresql():
    """The migrations render PostgreSQL DDL offline (`alembic upgrade --sql`) too; test_postgres.py
    runs them on a live server."""
    import io

    from alembic import command
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", "postgresql://burt@localhost/burt")
    cfg.output_buffer = io.StringIO()
    command.upgrade(cfg, "heads", sql=True)
    sql = cfg.output_buffer.getvalue()
    for table in ("documents", "pages", "fields", "field_history", "derivatives", "jobs", "users", "audit_log"):
        assert f"CREATE TABLE {table} " in sql
    assert "BEFORE UPDATE OR DELETE ON audit_log" in sql
    assert "BEFORE TRUNCATE ON audit_log" in sql


def test_resume_clears_leftover_work_dirs(settings, processor, tmp_path):
    import time
    service.prepare(settings)
    old = settings.tmp_dir / ".burt-ingest-killed"
    old.mkdir()
    (old / "page-0001.png").write_bytes(b"x")
    past = time.time() - 2 * 3600
    os.utime(old, (past, past))
    fresh = settings.tmp_dir / ".burt-ingest-running"
    fresh.mkdir()
    dead = settings.tmp_dir / "deriv-abcdef123456-999999999-x"
    dead.mkdir()
    service.resume_jobs(settings, processor)
    assert not old.exists() and fresh.exists() and not dead.exists()


def test_a_runner_cannot_take_an_upload_before_its_original_is_stored(settings, processor, tmp_path, monkeypatch):
    """Another thread's job runner polling between the job row and the stored original must not
    claim the job (it would find the .part file gone: source_missing)."""
    f = write_doc(tmp_path / "r.json", ["Laporan pendampingan perpustakaan desa"], doc_type="laporan_pendampingan",
                  sop_step=6)
    real_store = store.store_original
    ran_meanwhile = []

    def store_while_a_runner_polls(*args, **kwargs):
        ran_meanwhile.append(service.run_pending_jobs(settings, processor))
        return real_store(*args, **kwargs)

    monkeypatch.setattr(store, "store_original", store_while_a_runner_polls)
    job = service.submit_upload(settings, "r.json", io.BytesIO(f.read_bytes()), user="ani")
    assert ran_meanwhile == [0] and job.status == "queued"
    monkeypatch.setattr(store, "store_original", real_store)
    assert service.run_pending_jobs(settings, processor) == 1
    done = service.get_job(settings, job.id)
    assert (done.status, done.error_code) == ("done", None)


def test_an_upload_that_cannot_be_stored_fails_its_job(settings, tmp_path, monkeypatch):
    f = write_doc(tmp_path / "s.json", ["Surat undangan"], doc_type="undangan_sosialisasi", sop_step=1)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "store_original", disk_full)
    with pytest.raises(OSError):
        service.submit_upload(settings, "s.json", io.BytesIO(f.read_bytes()), user="ani")
    with session_scope(settings) as s:
        rows = [(r.status, r.error_code, r.worker) for r in s.scalars(select(JobRow))]
    assert rows == [("failed", "store_failed", None)]  # not left "running" for this live worker
    assert not list(settings.incoming_dir.iterdir())
