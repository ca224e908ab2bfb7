"""The storage interface (issue 16 item 3): the contract of ``archive.storage.Storage`` run against
``LocalStorage`` rooted in a directory of its own (as a shared mount would be), and the archive
with ``BURT_STORAGE_DIR`` set: ingest, file serving, page images and ``burt verify`` all go
through it, from two "machines" (two data directories) sharing one store and one database."""
from __future__ import annotations

import hashlib
import io
import os
import stat

import pytest
from click.testing import CliRunner
from fakes import write_doc

from archive import db, jobs, service, store
from archive.settings import load_settings
from archive.storage import LocalStorage, Storage, storage_for

BOTH_BACKENDS = True  # the archive-level tests run on SQLite and on PostgreSQL (tests/conftest.py)

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
SHA = hashlib.sha256(PDF).hexdigest()


@pytest.fixture
def mount(tmp_path) -> LocalStorage:
    """A store rooted outside any data directory, as an NFS mount at /mnt/burt would be."""
    return LocalStorage(tmp_path / "mnt" / "burt-store")


def _all_files(root) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# --- the contract ----------------------------------------------------------------------------------

def test_local_storage_is_a_storage(mount):
    s: Storage = mount  # mypy checks the protocol; here: every method is there
    assert all(callable(getattr(s, name)) for name in (
        "put_original", "exists", "open", "sha256", "local_path", "files", "staging", "install_derivatives",
        "put_derivative", "discard_staging", "delete_derivatives", "remove_dead_staging", "quarantine",
        "unquarantine"))


@pytest.mark.parametrize("as_stream", [False, True])
def test_put_original_is_content_addressed_read_only_and_idempotent(mount, tmp_path, as_stream):
    src = tmp_path / "surat.pdf"
    src.write_bytes(PDF)
    source = io.BytesIO(PDF) if as_stream else src
    rel = mount.put_original(source, SHA, ".pdf")
    assert rel == f"originals/{SHA[:2]}/{SHA}.pdf"
    assert mount.exists(rel) and mount.sha256(rel) == SHA
    with mount.open(rel) as fh:
        assert fh.read() == PDF
    path = mount.local_path(rel)
    assert path == mount.root / rel and stat.S_IMODE(path.stat().st_mode) == stat.S_IRUSR
    stamp = path.stat().st_mtime_ns
    assert mount.put_original(io.BytesIO(PDF) if as_stream else src, SHA, ".pdf") == rel  # again: a no-op
    assert path.stat().st_mtime_ns == stamp
    assert list(mount.files("originals")) == [rel]  # no temp file left beside it
    assert not (tmp_path / "home").exists()  # nothing outside the store's root


def test_put_original_checks_the_hash_of_what_it_stored(mount):
    with pytest.raises(OSError, match="does not hash to"):
        mount.put_original(io.BytesIO(PDF), "0" * 64, ".pdf")


def test_damaged_stored_copy_is_replaced_and_hash_read_back_sees_damage(mount):
    rel = mount.put_original(io.BytesIO(PDF), SHA, ".pdf")
    path = mount.local_path(rel)
    path.chmod(0o600)
    path.write_bytes(PDF[:-1] + b"X")
    assert mount.sha256(rel) != SHA  # a read-back, not a remembered hash
    assert mount.put_original(io.BytesIO(PDF), SHA, ".pdf") == rel
    assert mount.sha256(rel) == SHA


def test_missing_file_and_paths_outside_the_root(mount):
    assert not mount.exists("originals/ab/nothing.pdf")
    with pytest.raises(FileNotFoundError):
        mount.sha256("originals/ab/nothing.pdf")
    with pytest.raises(FileNotFoundError):
        mount.open("derivatives/x/page-0001.png")
    for bad in ("../secret", "originals/../../etc/passwd", "/etc/passwd", ""):
        with pytest.raises(ValueError):
            mount.exists(bad)
    with pytest.raises(ValueError):
        list(mount.files("index"))


def test_derivatives_staged_installed_replaced_and_deleted_but_never_the_original(mount):
    rel = mount.put_original(io.BytesIO(PDF), SHA, ".pdf")
    staged = mount.staging(SHA)
    assert staged.is_dir() and not any(staged.iterdir())
    (staged / "page-0001.png").write_bytes(b"png-1")
    (staged / "ocr.json").write_bytes(b"{}")
    derivs = mount.install_derivatives(SHA, staged)
    assert derivs == {"ocr.json": (f"derivatives/{SHA}/ocr.json", hashlib.sha256(b"{}").hexdigest(), 2),
                      "page-0001.png": (f"derivatives/{SHA}/page-0001.png", hashlib.sha256(b"png-1").hexdigest(), 5)}
    assert not staged.exists()
    again = mount.staging(SHA)  # a second attempt replaces the first one's derivatives whole
    (again / "page-0001.png").write_bytes(b"png-2")
    assert set(mount.install_derivatives(SHA, again)) == {"page-0001.png"}
    assert list(mount.files("derivatives")) == [f"derivatives/{SHA}/page-0001.png"]
    extra = mount.put_derivative(SHA, "screen-0001-w800.webp", b"webp")
    assert extra == (f"derivatives/{SHA}/screen-0001-w800.webp", hashlib.sha256(b"webp").hexdigest(), 4)
    assert mount.sha256(extra[0]) == extra[1]
    left = mount.staging(SHA)
    assert mount.delete_derivatives(SHA) == 1 and not left.exists()
    assert list(mount.files("derivatives")) == []
    assert mount.sha256(rel) == SHA  # the original stays


def test_dead_staging_is_swept_and_live_and_other_machines_staging_kept(mount):
    live = mount.staging(SHA)
    dead = mount.staging("ab" * 32)
    dead = dead.rename(dead.with_name(dead.name.replace(f"-{os.getpid()}@", "-999999999@")))
    older = mount.root / "tmp" / "deriv-abcdef123456-999999998-x"  # named before the host tag
    older.mkdir()
    other = mount.root / "tmp" / "deriv-abcdef123456-999999997@0000beef-x"  # another machine's, running
    other.mkdir()
    assert mount.remove_dead_staging(lambda pid: pid == os.getpid()) == 2
    assert live.is_dir() and other.is_dir() and not dead.exists() and not older.exists()
    mount.discard_staging(live)
    assert not live.exists()


def test_quarantine_and_back_keep_every_byte(mount):
    rel = mount.put_original(io.BytesIO(PDF), SHA, ".pdf")
    moved = mount.quarantine(rel)
    assert moved == f"quarantine/{SHA}.pdf" and not mount.exists(rel)
    assert mount.sha256(moved) == SHA
    assert mount.quarantine(rel) is None  # gone from the originals: nothing to move
    back = mount.unquarantine(moved, SHA, ".pdf")
    assert back == rel and mount.sha256(rel) == SHA and not mount.exists(moved)
    assert _all_files(mount.root) == [rel]


# --- the archive through it ------------------------------------------------------------------------

@pytest.fixture
def two_machines(tmp_path, database_url):
    """Machine A and machine B: one database, one store at the same path outside both data
    directories (``BURT_STORAGE_DIR``, a mount); each its own data directory, so the search index
    (and the runner's heartbeats) are A's alone -- B stands for a process that only reads files."""
    shared = tmp_path / "mnt" / "burt-store"
    url = database_url or f"sqlite:///{tmp_path / 'a' / 'archive.db'}"
    env = {"BURT_WORKERS": "1", "BURT_STORAGE_DIR": str(shared), "BURT_DATABASE_URL": url}
    a = load_settings(home=tmp_path / "a", environ=env)
    b = load_settings(home=tmp_path / "b", environ=env)
    yield a, b, shared
    db.close_db(a)
    db.close_db(b)


def _ingest(settings, processor, tmp_path, n=2):
    files = [write_doc(tmp_path / f"in{i}.json", [f"Surat undangan rapat koordinasi nomor {i}", "halaman dua"],
                       doc_type="surat_undangan", nomor=f"00{i}/DISPERSIP/2025", tanggal="2025-02-0{i + 1}")
             for i in range(n)]
    return [o.id for o in service.ingest_paths(settings, files, processor=processor)]


def test_archive_stores_on_the_mount_and_verify_reads_through_it(two_machines, processor, tmp_path):
    a, b, shared = two_machines
    assert a.storage_root == shared and a.originals_dir == shared / "originals"
    assert storage_for(a).local_path("originals/x") == shared / "originals" / "x"
    ids = _ingest(a, processor, tmp_path)
    stored = _all_files(shared)
    assert sum(f.startswith("originals/") for f in stored) == 2
    assert sum(f.startswith("derivatives/") for f in stored) == 2 * 5
    assert not (a.home / "originals").exists() or not any((a.home / "originals").rglob("*.*"))
    assert not (a.home / "derivatives").exists() or not any((a.home / "derivatives").rglob("*.*"))
    original = service.document_file(b, ids[0], "original")  # served from machine B
    assert original.parent.parent == shared / "originals"
    assert store.sha256_file(original) == service.get_document(b, ids[0]).sha256
    screen = service.page_screen_image(b, ids[1], 1, 800)  # made on B: lands on the mount, recorded
    assert screen.is_relative_to(shared / "derivatives")
    report = service.verify(a)  # machine A (which holds the index) checks what B wrote, and its own
    assert report.ok, report.problems
    assert report.files_checked == 2 * (1 + 5) + 1


def test_verify_through_the_mount_finds_a_corrupted_original(two_machines, processor, tmp_path):
    a, b, shared = two_machines
    ids = _ingest(a, processor, tmp_path)
    path = service.document_file(a, ids[1], "original")
    path.chmod(0o600)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    (shared / "derivatives" / "stray.bin").write_bytes(b"?")
    problems = {(p.kind, p.what, p.doc_id) for p in service.verify(a).problems}
    assert problems == {("altered", "original", ids[1]), ("orphaned", "derivative", None)}
    missing = service.document_file(a, ids[0], "original")
    missing.unlink()
    # machine B has its own (empty) index; its files' findings are the same as A's
    problems = {(p.kind, p.what, p.doc_id) for p in service.verify(b).problems if p.what != "index"}
    assert problems == {("altered", "original", ids[1]), ("missing", "original", ids[0]),
                        ("orphaned", "derivative", None)}


def test_burt_verify_cli_uses_burt_storage_dir(two_machines, processor, tmp_path):
    from web.cli import main

    a, b, shared = two_machines
    ids = _ingest(a, processor, tmp_path, n=1)
    env = {"BURT_STORAGE_DIR": str(shared), "BURT_DATABASE_URL": a.database_url}
    ok = CliRunner().invoke(main, ["--home", str(a.home), "verify", "--json"], env=env)
    assert ok.exit_code == 0, ok.output
    path = service.document_file(a, ids[0], "original")
    path.chmod(0o600)
    path.write_bytes(b"not the letter any more")
    bad = CliRunner().invoke(main, ["--home", str(a.home), "verify", "--json"], env=env)
    assert bad.exit_code != 0 and ids[0] in bad.output and "altered" in bad.output
    wrong = CliRunner().invoke(main, ["--home", str(a.home), "verify", "--json"],
                               env={"BURT_STORAGE_DIR": str(tmp_path / "elsewhere"),
                                    "BURT_DATABASE_URL": a.database_url})
    assert wrong.exit_code != 0 and "missing" in wrong.output  # a store that is not mounted: every file missing


def test_rejected_file_is_quarantined_on_the_mount_and_retry_brings_it_back(two_machines, tmp_path):
    from fakes import FakePipeline

    a, b, shared = two_machines
    a = load_settings(home=a.home, environ={**a.environ_used, "BURT_REJECTED": "quarantine"})

    def broken(path, options, out_dir=None, name=None):
        from ingest.errors import CorruptFileError
        raise CorruptFileError()

    f = write_doc(tmp_path / "rusak.json", ["Surat rusak"])
    sha = store.sha256_file(f)
    out = list(service.ingest_paths(a, [f], processor=FakePipeline(broken)))
    assert out[0].status == "failed"
    assert (shared / "quarantine" / f"{sha}.json").is_file()
    assert store.sha256_file(shared / "quarantine" / f"{sha}.json") == sha
    assert not any(p.name.startswith(sha) for p in (shared / "originals").rglob("*"))
    job = jobs.requeue(b, out[0].job_id)  # an operator's retry, from machine B: the original comes back first
    assert job.status == "queued"
    back = shared / f"originals/{sha[:2]}/{sha}.json"
    assert back.is_file() and store.sha256_file(back) == sha
    assert not (shared / "quarantine" / f"{sha}.json").exists()
    db.close_db(a)
