"""The consume folder (issue 16, "ways in"): ``service.watch_folder`` over real files, SQLite,
Whoosh and store, with the archive tests' fake pipeline at the pipeline seam (JSON "documents"
named like scans; no OCR).  The real pipeline and the CLI are in ``test_consume_real.py``.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from fakes import FakePipeline, text_processor, write_doc

from archive import consume, db, service
from archive.settings import load_settings
from ingest.errors import BurtError, CorruptFileError

SETTLE = 0.4


def _reader(state: dict):
    """The fake reader, refusing files that start with RUSAK (the file's fault) and failing as the
    machine would (out of memory) while ``state["machine_down"]``."""
    def read(path, options, out_dir=None, name=None):
        if Path(path).read_bytes().startswith(b"RUSAK"):
            raise CorruptFileError()
        if state.get("machine_down"):
            raise MemoryError()
        return text_processor(path, options, out_dir=out_dir, name=name)
    return read


@pytest.fixture
def state() -> dict:
    return {}


@pytest.fixture
def pipeline(state) -> FakePipeline:
    return FakePipeline(_reader(state))


def _settings(tmp_path, **env):
    environ = {"BURT_WORKERS": "1", "BURT_CONSUME_SETTLE_SECONDS": str(SETTLE), "BURT_RETRY_DELAY": "1", **env}
    return load_settings(home=tmp_path / "home", environ=environ)


@pytest.fixture
def settings(tmp_path):
    s = _settings(tmp_path)
    yield s
    db.close_db(s)


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "scan"
    d.mkdir()
    return d


def _doc(path: Path, word: str = "sosialisasi") -> Path:
    return write_doc(path, [f"Undangan {word} perpustakaan desa Batu Piring"], doc_type="undangan_sosialisasi",
                     sop_step=1)


def once(settings, folder, pipeline) -> list:
    events: list = []
    service.watch_folder(settings, folder, once=True, on_event=events.append, processor=pipeline)
    return events


class Watching:
    """``watch_folder`` in loop mode on a thread, collecting events with the time each came."""

    def __init__(self, settings, folder, pipeline):
        self.events: list = []
        self.times: list[float] = []
        self.error: BaseException | None = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(settings, folder, pipeline), daemon=True)

    def _run(self, settings, folder, pipeline):
        try:
            service.watch_folder(settings, folder, stop=self.stop, on_event=self._on_event, processor=pipeline)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            self.error = exc

    def _on_event(self, event):
        self.times.append(time.monotonic())
        self.events.append(event)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(20)
        assert not self.thread.is_alive(), "the watcher did not stop"
        assert self.error is None, self.error

    def wait_for(self, predicate, timeout: float = 20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.error is None, self.error
            found = [e for e in self.events if predicate(e)]
            if found:
                return found[0]
            time.sleep(0.05)
        raise AssertionError(f"no such event within {timeout} s; events: {[e.to_json() for e in self.events]}")


def _sleep_until(iso: str) -> None:
    time.sleep(max(0.0, (datetime.fromisoformat(iso) - datetime.now(timezone.utc)).total_seconds()) + 0.1)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _named(events, name: str) -> list:
    return [e for e in events if Path(e.file).name == name]


# ----------------------------------------------------------------------------- settling

def test_a_growing_file_is_taken_only_once_it_stops_growing(tmp_path, folder, pipeline):
    settle = 1.5  # well above the writer's pauses even on a loaded machine
    settings = _settings(tmp_path, BURT_CONSUME_SETTLE_SECONDS=str(settle))
    whole = _doc(tmp_path / "whole.json").read_bytes() + b" " * 2000  # JSON allows trailing blanks
    target = folder / "scan0001.pdf"
    chunks = [whole[i:i + 200] for i in range(0, len(whole), 200)]
    with Watching(settings, folder, pipeline) as w:
        with open(target, "wb") as fh:
            for chunk in chunks:  # 0.1 s between writes: never still for the settle time
                fh.write(chunk)
                fh.flush()
                time.sleep(0.1)
        finished = time.monotonic()
        event = w.wait_for(lambda e: Path(e.file).name == "scan0001.pdf")
        taken_at = w.times[w.events.index(event)]
    db.close_db(settings)
    assert len(chunks) >= 10 and event.status == "ingested", event.to_json()
    assert taken_at >= finished + settle * 0.9
    assert event.outcome.sha256 == hashlib.sha256(whole).hexdigest()  # the whole file, not a part
    assert _sha(folder / "done" / "scan0001.pdf") == hashlib.sha256(whole).hexdigest()
    assert not target.exists()


def test_a_file_open_for_writing_waits_until_it_is_closed(settings, folder, pipeline, tmp_path):
    data = _doc(tmp_path / "d.json").read_bytes()
    target = folder / "scan0002.pdf"
    fh = open(target, "wb")
    try:
        fh.write(data)
        fh.flush()
        time.sleep(SETTLE + 0.2)  # settled by size and time, but still open
        assert str(target.resolve()) in consume.open_for_writing({str(target.resolve())})
        events = once(settings, folder, pipeline)
        assert [(e.status, e.reason) for e in events] == [("waiting", "open")]
        assert target.exists() and not (folder / "done").exists()
    finally:
        fh.close()
    events = once(settings, folder, pipeline)
    assert [(e.status, e.moved_to) for e in events] == [("ingested", str(folder / "done" / "scan0002.pdf"))]


def test_open_for_writing_sees_writers_only(tmp_path):
    read, written = tmp_path / "r.pdf", tmp_path / "w.pdf"
    read.write_bytes(b"x")
    with open(read, "rb"), open(written, "ab"):
        found = consume.open_for_writing({str(read), str(written)})
    assert found == {str(written)}
    assert consume.open_for_writing({str(written)}) == set()


def test_an_empty_file_waits_for_its_bytes(settings, folder, pipeline):
    (folder / "scan0003.pdf").touch()
    time.sleep(SETTLE)
    events = once(settings, folder, pipeline)
    assert [(e.status, e.reason) for e in events] == [("waiting", "empty")]
    assert (folder / "scan0003.pdf").exists() and service.list_jobs(settings) == []


# ----------------------------------------------------------------------------- left alone

def test_what_is_not_a_document_is_left_alone_and_reported_once(settings, folder, pipeline):
    (folder / "catatan.txt").write_text("bukan dokumen")
    (folder / "surat.docx").write_bytes(b"PK\x03\x04 word")
    (folder / "Thumbs.db").write_bytes(b"\x00")
    (folder / "arsip-lama").mkdir()
    (folder / "tautan.pdf").symlink_to(folder / "surat.docx")
    _doc(folder / "scan0004.PDF")  # the extension in any case
    with Watching(settings, folder, pipeline) as w:
        w.wait_for(lambda e: Path(e.file).name == "scan0004.PDF" and e.status == "ingested")
        time.sleep(6 * w_interval(settings))  # several more passes
        (folder / "catatan.txt").unlink()
        time.sleep(3 * w_interval(settings))
        (folder / "catatan.txt").write_text("lagi")  # gone and back: reported again
        w.wait_for(lambda e: len(_named(w.events, "catatan.txt")) == 2)
        time.sleep(3 * w_interval(settings))
        events = list(w.events)
    assert [(e.status, e.reason) for e in _named(events, "surat.docx")] == [("skipped", "not_document")]
    assert [(e.status, e.reason) for e in _named(events, "Thumbs.db")] == [("skipped", "not_document")]
    assert [(e.status, e.reason) for e in _named(events, "arsip-lama")] == [("skipped", "folder")]
    assert [(e.status, e.reason) for e in _named(events, "tautan.pdf")] == [("skipped", "not_file")]
    assert len(_named(events, "catatan.txt")) == 2
    for name in ("catatan.txt", "surat.docx", "Thumbs.db", "arsip-lama", "tautan.pdf"):
        assert os.path.lexists(folder / name), name
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["scan0004.PDF", "scan0004.PDF.txt"]
    assert not any(e.status == "skipped" and Path(e.file).parent.name in ("done", "failed") for e in events)


def w_interval(settings) -> float:
    return min(1.0, max(0.1, settings.consume_settle_s / 4))


def test_a_hidden_file_is_skipped_and_reported(settings, folder, pipeline):
    _doc(folder / ".scan0005.pdf")
    _doc(folder / "~$scan.pdf.part")
    events = once(settings, folder, pipeline)
    assert {(Path(e.file).name, e.status, e.reason) for e in events} == {
        (".scan0005.pdf", "skipped", "hidden"), ("~$scan.pdf.part", "skipped", "not_document")}
    assert events[0].to_json()["status"] == "skipped" and events[0].to_json()["id"] is None
    assert (folder / ".scan0005.pdf").exists() and service.list_documents(settings) == []


# ----------------------------------------------------------------------------- done/ and failed/

def test_an_ingested_file_goes_to_done_with_its_note_and_is_searchable(settings, folder, pipeline):
    _doc(folder / "scan0006.pdf", word="Kalimantan")
    events = once(settings, folder, pipeline)
    [event] = events
    assert event.status == "ingested" and event.reason is None and event.outcome.id
    line = event.to_json()
    assert {"id", "file", "sha256", "status", "error", "error_code", "doc_type", "sop_step", "fault", "job",
            "next_attempt_at", "reason", "moved_to", "note"} == set(line)
    assert json.loads(json.dumps(line)) == line
    note = Path(event.note).read_text(encoding="utf-8")
    assert f"Diarsipkan sebagai dokumen {event.outcome.id}" in note and f"Ingested as document {event.outcome.id}" in note
    assert Path(event.moved_to) == folder / "done" / "scan0006.pdf" and Path(event.note).name == "scan0006.pdf.txt"
    hits = service.search(settings, "Kalimantan").hits
    assert [h.id for h in hits] == [event.outcome.id]


def test_a_refused_file_goes_to_failed_with_a_clerk_readable_reason(settings, folder, pipeline):
    (folder / "rusak.pdf").write_bytes(b"RUSAK: terpotong di tengah")
    [event] = once(settings, folder, pipeline)
    assert (event.status, event.reason, event.outcome.fault) == ("failed", "refused", "file")
    assert Path(event.moved_to) == folder / "failed" / "rusak.pdf"
    note = Path(event.note).read_text(encoding="utf-8")
    assert "Ditolak:" in note and "Refused:" in note and "Kesalahan berkas" in note
    assert "corrupt_file" in note and CorruptFileError().message.split(" / ")[0] in note
    assert not (folder / "rusak.pdf").exists()


def test_a_duplicate_goes_to_done_and_names_never_clash(settings, folder, pipeline, tmp_path):
    first = _doc(tmp_path / "a.json").read_bytes()
    (folder / "scan.pdf").write_bytes(first)
    [ingested] = once(settings, folder, pipeline)
    time.sleep(1.0)  # put back in a later second than its job began (job times are kept to the second)
    (folder / "scan.pdf").write_bytes(first)  # the same scan again, same name
    (folder / "done" / "scan-1.pdf.txt").write_text("a note someone left")  # a taken note name, too
    [dup] = once(settings, folder, pipeline)
    assert dup.status == "duplicate" and dup.outcome.id == ingested.outcome.id
    assert Path(dup.moved_to).name == "scan-2.pdf" and Path(dup.note).name == "scan-2.pdf.txt"
    note = Path(dup.note).read_text(encoding="utf-8")
    assert "duplikat" in note.lower() and ingested.outcome.id in note
    assert (folder / "done" / "scan-1.pdf.txt").read_text() == "a note someone left"
    assert (folder / "done" / "scan.pdf").read_bytes() == first and Path(ingested.note).exists()

    (folder / "rusak.pdf").write_bytes(b"RUSAK satu")
    once(settings, folder, pipeline)
    (folder / "rusak.pdf").write_bytes(b"RUSAK dua")
    [second] = once(settings, folder, pipeline)
    assert Path(second.moved_to).name == "rusak-1.pdf"
    assert (folder / "failed" / "rusak.pdf").read_bytes() == b"RUSAK satu"
    assert (folder / "failed" / "rusak-1.pdf").read_bytes() == b"RUSAK dua"


def test_move_aside_never_overwrites(tmp_path):
    src_dir, dest = tmp_path / "in", tmp_path / "in" / "done"
    src_dir.mkdir()
    dest.mkdir()
    (dest / "x.pdf").write_bytes(b"old")
    (dest / "x-1.pdf").write_bytes(b"older")
    (src_dir / "x.pdf").write_bytes(b"new")
    moved, note = consume.move_aside(src_dir / "x.pdf", dest, "why\n")
    assert (moved.name, note.name) == ("x-2.pdf", "x-2.pdf.txt")
    assert moved.read_bytes() == b"new" and note.read_text() == "why\n"
    assert (dest / "x.pdf").read_bytes() == b"old" and (dest / "x-1.pdf").read_bytes() == b"older"
    assert not (src_dir / "x.pdf").exists() and not (dest / "x.pdf.txt").exists()


# ----------------------------------------------------------------------------- the machine's fault

def test_a_machine_fault_keeps_the_file_until_its_job_succeeds(settings, folder, pipeline, state):
    _doc(folder / "scan0007.pdf", word="Paringin")
    state["machine_down"] = True
    with Watching(settings, folder, pipeline) as w:
        kept = w.wait_for(lambda e: e.status == "failed")
        assert (kept.reason, kept.outcome.fault, kept.outcome.error_code) == ("retry", "machine", "out_of_memory")
        assert kept.moved_to is None and kept.outcome.next_attempt_at
        time.sleep(0.3)
        assert (folder / "scan0007.pdf").exists() and not (folder / "failed").exists()
        state["machine_down"] = False  # the machine is well again: the retry (after 1 s) succeeds
        done = w.wait_for(lambda e: e.status == "ingested")
    assert done.outcome.job_id == kept.outcome.job_id
    assert Path(done.moved_to) == folder / "done" / "scan0007.pdf"
    assert "Diarsipkan sebagai dokumen" in Path(done.note).read_text(encoding="utf-8")
    assert [h.id for h in service.search(settings, "Paringin").hits] == [done.outcome.id]
    assert not (folder / "failed").exists()


def test_a_kept_file_follows_its_job_after_a_restart(settings, folder, pipeline, state):
    _doc(folder / "scan0008.pdf")
    state["machine_down"] = True
    [kept] = once(settings, folder, pipeline)
    assert (kept.status, kept.reason) == ("failed", "retry") and (folder / "scan0008.pdf").exists()
    state["machine_down"] = False
    _sleep_until(kept.outcome.next_attempt_at)  # the retry is due
    events = once(settings, folder, pipeline)
    assert [(e.status, e.outcome.job_id) for e in events if e.status != "failed"] == [("ingested", kept.outcome.job_id)]
    assert len(service.list_jobs(settings)) == 1  # followed its job: no second one
    assert (folder / "done" / "scan0008.pdf").exists()


def test_a_file_archived_by_a_watcher_that_died_before_moving_it_is_moved_now(settings, folder, pipeline):
    _doc(folder / "scan0010.pdf")
    time.sleep(SETTLE)
    # the watcher's ingest of it committed the document, then the process died before the move
    [archived] = list(service.ingest_paths(settings, [folder / "scan0010.pdf"], processor=pipeline))
    assert archived.status == "ingested" and (folder / "scan0010.pdf").exists()
    [event] = once(settings, folder, pipeline)
    assert (event.status, event.outcome.id, event.outcome.job_id) == ("ingested", archived.id, archived.job_id)
    assert "Diarsipkan sebagai dokumen" in Path(event.note).read_text(encoding="utf-8")
    assert len(service.list_jobs(settings)) == 1


def test_a_parked_file_stays_in_the_folder(tmp_path, folder, pipeline, state):
    s = _settings(tmp_path, BURT_MAX_ATTEMPTS="1")
    try:
        _doc(folder / "scan0009.pdf")
        state["machine_down"] = True
        [parked] = once(s, folder, pipeline)
        assert (parked.status, parked.reason, parked.outcome.fault) == ("failed", "parked", "machine")
        assert "Perlu perhatian" in parked.outcome.error
        assert (folder / "scan0009.pdf").exists() and not (folder / "failed").exists()
        assert once(s, folder, pipeline)[0].reason == "parked"  # a new run still follows the parked job
        state["machine_down"] = False
        service.retry_job(s, parked.outcome.job_id, pipeline)  # the operator's `burt jobs --retry`
        [done] = once(s, folder, pipeline)
        assert (done.status, done.outcome.job_id) == ("ingested", parked.outcome.job_id)
        assert (folder / "done" / "scan0009.pdf").exists()
    finally:
        db.close_db(s)


# ----------------------------------------------------------------------------- the folder itself

def _wait_until_watched(settings, folder, timeout: float = 60.0) -> None:
    """Until the watcher thread holds the folder's lock (a fixed sleep raced it on a loaded machine)."""
    import fcntl
    import hashlib

    key = hashlib.sha256(str(folder).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    lock = settings.tmp_dir / "locks" / f"consume-{key}.lock"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock.exists():
            with open(lock, "a+") as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return
                fcntl.flock(fh, fcntl.LOCK_UN)
        time.sleep(0.05)
    raise AssertionError("the watcher never took the folder's lock")


def test_one_watcher_per_folder(settings, folder, pipeline):
    with Watching(settings, folder, pipeline) as w:
        _wait_until_watched(settings, folder)
        with pytest.raises(BurtError) as err:
            once(settings, folder, pipeline)
        assert err.value.code == "consume_folder_busy" and str(folder) in err.value.message
        assert w.error is None


def test_a_missing_folder_is_a_clear_error(settings, tmp_path, pipeline):
    with pytest.raises(BurtError) as err:
        once(settings, tmp_path / "tidak-ada", pipeline)
    assert err.value.code == "consume_folder_missing" and err.value.fault.value == "file"
    with pytest.raises(BurtError) as err:
        service.watch_folder(settings, None, once=True)  # and BURT_CONSUME_DIR is not set
    assert err.value.code == "consume_folder_missing"


def test_the_settings_name_the_folder_and_the_settle_time(tmp_path):
    s = load_settings(home=tmp_path, environ={"BURT_CONSUME_DIR": "/srv/scan", "BURT_CONSUME_SETTLE_SECONDS": "5.5"})
    assert (s.consume_dir, s.consume_settle_s) == ("/srv/scan", 5.5)
    assert load_settings(home=tmp_path, environ={}).consume_settle_s == 2.0
    for bad in ("0", "-1", "nan", "dua"):
        with pytest.raises(BurtError) as err:
            load_settings(home=tmp_path, environ={"BURT_CONSUME_SETTLE_SECONDS": bad})
        assert "BURT_CONSUME_SETTLE_SECONDS" in err.value.message
