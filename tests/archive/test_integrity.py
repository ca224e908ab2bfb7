"""verify finds exactly what is wrong; reindex rebuilds from the database; BagIt round trip."""
from __future__ import annotations

import shutil

import pytest
from fakes import FakePipeline, write_doc

from archive import bag, db, service
from archive.errors import ArchiveNotEmptyError, BagInvalidError
from archive.records import SearchQuery
from archive.settings import load_settings

BOTH_BACKENDS = True  # each storage test runs on SQLite and on PostgreSQL (tests/conftest.py)


@pytest.fixture
def filled(settings, processor, tmp_path):
    files = [write_doc(tmp_path / f"d{i}.json", [f"Surat kerja sama perpustakaan nomor {i}", "halaman dua"],
                       doc_type="surat_balasan", sop_step=3, nomor=f"00{i}/DISPERSIP/2024", tanggal="2024-05-0{i + 1}")
             for i in range(3)]
    outs = list(service.ingest_paths(settings, files, processor=processor))
    return settings, [o.id for o in outs]


def _broken(path, options, out_dir=None, name=None):
    from ingest.errors import CorruptFileError
    raise CorruptFileError()


def _problems(settings):
    return {(p.kind, p.what, p.doc_id) for p in service.verify(settings).problems}


def _flip_byte(path):
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_clean_archive_verifies(filled):
    settings, ids = filled
    report = service.verify(settings)
    assert report.ok and report.documents == 3 and report.files_checked == 3 * (1 + 5)
    assert report.to_json()["ok"] is True


def test_flipped_byte_in_original_is_found(filled):
    settings, ids = filled
    _flip_byte(service.document_file(settings, ids[1], "original"))
    report = service.verify(settings)
    assert not report.ok
    assert _problems(settings) == {("altered", "original", ids[1])}
    assert any(ids[1] in line and "ALTERED" in line for line in report.lines())


def test_flipped_missing_and_orphaned_derivatives_are_found(filled):
    settings, ids = filled
    _flip_byte(service.document_file(settings, ids[0], "page", page=2))
    service.document_file(settings, ids[2], "thumb", page=1).unlink()
    (settings.derivatives_dir / "stray.txt").write_text("?")
    (settings.originals_dir / "ff").mkdir()
    (settings.originals_dir / "ff" / "ff00.pdf").write_bytes(b"x")
    assert _problems(settings) == {("altered", "derivative", ids[0]), ("missing", "derivative", ids[2]),
                                   ("orphaned", "derivative", None), ("orphaned", "original", None)}


def test_index_out_of_step_is_found_and_reindex_repairs(filled):
    settings, ids = filled
    from archive import search
    search.delete_documents(settings.index_dir, [ids[0]])
    assert _problems(settings) == {("unindexed", "index", ids[0])}
    assert service.reindex(settings) == 3
    assert service.verify(settings).ok


def test_reindex_after_deleting_the_index(filled):
    settings, ids = filled
    before = sorted((h.id, round(h.score, 6)) for h in service.search(settings, SearchQuery(text="perpustakaan")).hits)
    shutil.rmtree(settings.index_dir)
    from archive import search
    search.forget_index(settings.index_dir)
    assert service.search(settings, SearchQuery(text="perpustakaan")).total == 0
    assert {p.kind for p in service.verify(settings).problems} == {"unindexed"}
    assert service.reindex(settings) == 3
    assert sorted((h.id, round(h.score, 6))
                  for h in service.search(settings, SearchQuery(text="perpustakaan")).hits) == before
    assert service.verify(settings).ok


def test_export_import_round_trip_is_identical(filled, tmp_path):
    settings, ids = filled
    service.add_user(settings, "ani", "pelaksana", "ladang-padi-47")
    service.correct_metadata(settings, ids[0], {"perihal": "Balasan kerja sama"}, user="ani")
    bad = tmp_path / "rusak.pdf"
    bad.write_bytes(b"%PDF broken")
    [failed] = service.ingest_paths(settings, [bad], processor=FakePipeline(_broken))  # its original stays, no document
    assert failed.status == "failed"
    report = service.export_archive(settings, tmp_path / "bag")
    assert report.documents == 3 and (tmp_path / "bag" / "manifest-sha256.txt").is_file()
    assert "ladang" not in (tmp_path / "bag" / "data" / "metadata" / "users.json").read_text()

    other = load_settings(home=tmp_path / "home2", environ={})
    try:
        imported = service.import_archive(other, tmp_path / "bag")
        assert imported.documents == 3
        assert bag.dump_tables(other) == bag.dump_tables(settings)
        for sub in ("originals", "derivatives"):
            a = {p.relative_to(settings.home): p.read_bytes() for p in (settings.home / sub).rglob("*")
                 if p.is_file() and p.name != failed.sha256 + ".pdf"}
            b = {p.relative_to(other.home): p.read_bytes() for p in (other.home / sub).rglob("*") if p.is_file()}
            assert a == b
        assert service.verify(other).ok
        assert sorted(h.id for h in service.search(other, SearchQuery(text="perpustakaan")).hits) == sorted(ids)
        assert service.get_document(other, ids[0]).history == service.get_document(settings, ids[0]).history
        with pytest.raises(ArchiveNotEmptyError):
            service.import_archive(other, tmp_path / "bag")
    finally:
        db.close_db(other)


def test_import_refuses_a_damaged_bag(filled, tmp_path):
    settings, ids = filled
    service.export_archive(settings, tmp_path / "bag")
    victim = next((tmp_path / "bag" / "data" / "originals").rglob("*.json"))
    _flip_byte(victim)
    other = load_settings(home=tmp_path / "home2", environ={})
    try:
        with pytest.raises(BagInvalidError):
            service.import_archive(other, tmp_path / "bag")
        assert not list(other.originals_dir.glob("*")) if other.originals_dir.exists() else True
    finally:
        db.close_db(other)


def _garbage_in_largest_segment(index_dir):
    seg = max((p for p in index_dir.iterdir() if p.is_file()), key=lambda p: p.stat().st_size)
    data = bytearray(seg.read_bytes())
    for off in range(0, len(data), max(1, len(data) // 16)):
        data[off:off + 64] = b"\xff\x00garbage" * 6 + b"\xfe" * 10
    seg.write_bytes(bytes(data[:len(seg.read_bytes())]))


def test_a_corrupted_index_is_reported_by_verify_refused_clearly_by_search_and_reindex_repairs(filled):
    """Garbage bytes in a Whoosh segment (bench/faults.py found verify crashing and search giving 500s)."""
    settings, ids = filled
    from archive import search
    from archive.errors import IndexDamagedError
    _garbage_in_largest_segment(settings.index_dir)
    search.forget_index(settings.index_dir)
    report = service.verify(settings)
    assert not report.ok
    assert {(p.kind, p.what) for p in report.problems} == {("corrupt", "index")}
    assert "burt reindex" in report.problems[0].detail
    with pytest.raises(IndexDamagedError) as caught:
        service.search(settings, SearchQuery(text="perpustakaan"))
    assert caught.value.fault.value == "machine" and caught.value.http_status == 503
    assert service.reindex(settings) == 3
    assert service.verify(settings).ok
    assert service.search(settings, SearchQuery(text="perpustakaan")).total == 3


@pytest.mark.sqlite_only
def test_a_corrupted_sqlite_page_is_reported_by_verify(filled):
    """Garbage over the head of a leaf page of ``documents`` in archive.db: verify says so instead of crashing."""
    import sqlite3

    settings, ids = filled
    path = settings.home / "archive.db"
    db.close_db(settings)
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        page = con.execute("SELECT pageno FROM dbstat WHERE name = 'documents' AND pagetype = 'leaf'").fetchone()[0]
    con.close()
    with path.open("r+b") as fh:  # the page header and its cell pointers
        fh.seek((page - 1) * page_size)
        fh.write(b"\xa5" * 64)
    report = service.verify(settings)
    assert not report.ok
    assert ("corrupt", "database") in {(p.kind, p.what) for p in report.problems}


def test_damaged_postings_alone_are_found_by_verify(filled):
    """Stored fields and terms intact, postings garbage (what bench/faults.py hit): verify reads everything."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.structfile import StructFile

    from archive import search
    settings, ids = filled
    seg = max((p for p in settings.index_dir.iterdir() if p.suffix == ".seg"), key=lambda p: p.stat().st_size)
    with seg.open("rb") as fh:
        entries = dict(CompoundStorage(StructFile(fh), use_mmap=False)._dir)
    name = next(n for n in entries if n.endswith(".pst"))
    start, length = entries[name]["offset"], entries[name]["length"]
    data = bytearray(seg.read_bytes())
    data[start:start + length] = b"\xff" * length
    seg.write_bytes(bytes(data))
    search.forget_index(settings.index_dir)
    assert len(search.indexed_stamps(settings.index_dir)) == 3  # what verify read before: still fine
    assert {(p.kind, p.what) for p in service.verify(settings).problems} == {("corrupt", "index")}
    assert service.reindex(settings) == 3
    assert service.verify(settings).ok
