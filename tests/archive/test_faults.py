"""Failures sorted by fault (issue 14): an original is never lost.

A machine fault (out of memory, a full disk, a killed worker, Tesseract missing) keeps the
original; the job goes back to the queue with exponential backoff, is run again when due and is
parked as ``needs_attention`` after ``BURT_MAX_ATTEMPTS`` tries.  A file fault refuses the file
for good and keeps or quarantines its original as ``BURT_REJECTED`` says.  Real SQLite, Whoosh,
store and, where named, the real pipeline with real Tesseract and real worker processes.
"""
from __future__ import annotations

import errno
import io
import json
import os
import shutil
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import FakePipeline, text_processor, write_doc

from archive import db, service, store
from archive.settings import load_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from letter_image import render_letter  # noqa: E402

BOTH_BACKENDS = True  # each storage test runs on SQLite and on PostgreSQL (tests/conftest.py)

MAX_ATTEMPTS = 3


@pytest.fixture
def retrying(tmp_path):
    """Settings with a short backoff (1 s, then 2 s) and three tries."""
    s = load_settings(home=tmp_path / "home", environ={"BURT_WORKERS": "1", "BURT_RETRY_DELAY": "1",
                                                       "BURT_MAX_ATTEMPTS": str(MAX_ATTEMPTS)})
    yield s
    db.close_db(s)


def _die_like_the_oom_killer() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _worker_killed(path, options, out_dir=None, name=None):
    """A reader whose worker process is killed (as the out-of-memory killer does)."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        return pool.submit(_die_like_the_oom_killer).result()


def _raising(exc: BaseException):
    def read(path, options, out_dir=None, name=None):
        raise exc
    return read


MACHINE_FAULTS = [
    pytest.param(_raising(MemoryError()), "out_of_memory", id="memory"),
    pytest.param(_raising(OSError(errno.ENOSPC, "No space left on device")), "disk_full", id="disk-full"),
    pytest.param(_worker_killed, "worker_crashed", id="worker-killed"),
    pytest.param(_raising(RuntimeError("a bug")), "processing_failed", id="bug"),
]


def _originals(settings) -> dict[str, str]:
    return {p.name: store.sha256_file(p) for p in settings.originals_dir.rglob("*") if p.is_file()}


def _seconds(a: str, b: str) -> float:
    return (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds()


def _run_when_due(settings, pipeline, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while service.run_pending_jobs(settings, pipeline) == 0:
        assert time.monotonic() < deadline, "the retry never became due"
        time.sleep(0.1)


@pytest.mark.parametrize("reader,code", MACHINE_FAULTS)
def test_machine_fault_keeps_the_original_retries_with_backoff_then_parks(retrying, tmp_path, reader, code):
    settings = retrying
    f = write_doc(tmp_path / "surat.json", ["Surat undangan perpustakaan desa"], doc_type="surat_balasan")
    sha = store.sha256_file(f)
    job = service.submit_upload(settings, "surat.json", io.BytesIO(f.read_bytes()), user="ani")
    failing = FakePipeline(reader)

    assert service.run_pending_jobs(settings, failing) == 1
    for attempt in range(1, MAX_ATTEMPTS + 1):
        now = service.get_job(settings, job.id)
        assert (now.error_code, now.fault, now.attempts) == (code, "machine", attempt)
        assert _originals(settings) == {f"{sha}.json": sha}  # kept byte for byte after every try
        if attempt == MAX_ATTEMPTS:
            break
        assert now.status == "queued" and now.next_attempt_at
        assert abs(_seconds(now.updated_at, now.next_attempt_at) - 2 ** (attempt - 1)) <= 1  # 1 s, then 2 s
        assert service.run_pending_jobs(settings, failing) == 0  # not before its backoff has passed
        _run_when_due(settings, failing)

    parked = service.get_job(settings, job.id)
    assert (parked.status, parked.next_attempt_at) == ("needs_attention", None)
    assert parked.error_message.startswith("Perlu perhatian setelah 3 percobaan")
    time.sleep(1.2)
    assert service.run_pending_jobs(settings, failing) == 0  # parked: no more automatic tries
    assert service.verify(settings).ok
    assert [j.id for j in service.list_jobs(settings, failed=True)] == [job.id]

    done = service.retry_job(settings, job.id, FakePipeline(text_processor))  # the operator fixed the machine
    assert (done.status, done.doc_id) == ("done", sha[:12])
    assert service.get_document(settings, sha[:12]).sha256 == sha
    assert service.list_jobs(settings, failed=True) == []


def test_cli_ingest_machine_fault_is_rerun_by_the_next_ingest(retrying, tmp_path):
    """``burt ingest``'s batch path: the original stays, and the next run picks the due retry."""
    settings = retrying
    f = write_doc(tmp_path / "a.json", ["Laporan kegiatan perpustakaan"])
    full = FakePipeline(_raising(OSError(errno.ENOSPC, "No space left on device")))
    [out] = service.ingest_paths(settings, [f], processor=full)
    assert (out.status, out.error_code, out.fault) == ("failed", "disk_full", "machine") and out.next_attempt_at
    assert out.to_json()["fault"] == "machine" and out.to_json()["job"] == out.job_id
    sha = store.sha256_file(f)
    assert _originals(settings) == {f"{sha}.json": sha}
    f.unlink()  # even with the user's copy gone, the stored original is enough for the retry

    deadline = time.monotonic() + 10
    while service.get_job(settings, out.job_id).status != "done":
        assert time.monotonic() < deadline
        time.sleep(0.2)
        assert list(service.ingest_paths(settings, [], processor=FakePipeline())) == []
    assert service.get_document(settings, sha[:12]).sha256 == sha
    assert service.verify(settings).ok


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out.append(int(entry.name))
    return out


def _kill_a_pool_worker(stop: threading.Event, killed: list[int]) -> None:
    """SIGKILL one page worker of the pipeline's pool (a grandchild: forkserver → worker)."""
    me = os.getpid()
    while not stop.is_set():
        for child in _children(me):
            for worker in _children(child):
                os.kill(worker, signal.SIGKILL)
                killed.append(worker)
                return
        time.sleep(0.05)


@pytest.mark.slow
def test_a_killed_pool_worker_keeps_the_original_real_pipeline(tmp_path):
    """The production batch (``ingest.pipeline.ingest_many`` on two worker processes) with a worker
    killed mid-document: it used to become ``processing_failed`` and the original was deleted."""
    settings = load_settings(home=tmp_path / "home", environ={"BURT_WORKERS": "2"})
    letter = render_letter(tmp_path / "surat.jpg", width=1200)
    sha = store.sha256_file(letter)
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_a_pool_worker, args=(stop, killed), daemon=True)
    killer.start()
    try:
        [out] = service.ingest_paths(settings, [letter])
    finally:
        stop.set()
        killer.join(5)
        db.close_db(settings)
    assert killed, "no pool worker was seen"
    assert (out.status, out.error_code, out.fault) == ("failed", "worker_crashed", "machine")
    assert _originals(settings) == {f"{sha}.jpg": sha}
    job = service.get_job(settings, out.job_id)
    assert job.status == "queued" and job.next_attempt_at


def test_tesseract_missing_keeps_the_original_and_the_retry_reads_it(tmp_path, monkeypatch):
    """Real pipeline, real upload queue; Tesseract hidden by a PATH without it, then put back. The reading
    goes through the command (``BURT_OCR_TESSERACT=command``): a PATH cannot hide the library the default
    path loads; its own fall-back to the command when the library is missing is tested in
    tests/ingest/test_tesseract_engine.py."""
    settings = load_settings(home=tmp_path / "home", environ={
        "BURT_WORKERS": "1", "BURT_RETRY_DELAY": "1", "BURT_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
        "BURT_OCR_TESSERACT": "command"})
    letter = render_letter(tmp_path / "undangan.jpg", width=1000)
    sha = store.sha256_file(letter)
    job = service.submit_upload(settings, letter.name, io.BytesIO(letter.read_bytes()), user="ani")
    real_path = os.environ["PATH"]
    no_tools = tmp_path / "bin"
    no_tools.mkdir()
    monkeypatch.setenv("PATH", str(no_tools))
    assert shutil.which("tesseract") is None
    assert service.run_pending_jobs(settings) == 1
    waiting = service.get_job(settings, job.id)
    assert (waiting.status, waiting.error_code, waiting.fault) == ("queued", "ocr_unavailable", "machine")
    assert _originals(settings) == {f"{sha}.jpg": sha}

    monkeypatch.setenv("PATH", real_path)  # the operator installs Tesseract
    _run_when_due(settings, None, timeout=30)
    done = service.get_job(settings, job.id)
    assert (done.status, done.doc_id, done.error_code) == ("done", sha[:12], None)
    assert service.search(settings, "sosialisasi").total == 1
    db.close_db(settings)


@pytest.mark.parametrize("rejected", ["keep", "quarantine"])
def test_file_fault_refuses_for_good_and_keeps_or_quarantines(tmp_path, rejected):
    """Real pipeline: HTML named .pdf is the file's fault; its original is never deleted."""
    settings = load_settings(home=tmp_path / "home", environ={"BURT_WORKERS": "1", "BURT_REJECTED": rejected,
                                                             "BURT_RETRY_DELAY": "1"})
    body = b"<!doctype html><html><body>Bukan PDF</body></html>"
    sha = __import__("hashlib").sha256(body).hexdigest()
    job = service.submit_upload(settings, "surat.pdf", io.BytesIO(body), user="ani")
    assert service.run_pending_jobs(settings) == 1
    failed = service.get_job(settings, job.id)
    assert (failed.status, failed.fault, failed.next_attempt_at) == ("failed", "file", None)
    assert failed.error_code in ("unsupported_file", "corrupt_file")
    quarantined = settings.home / store.QUARANTINE / f"{sha}.pdf"
    if rejected == "keep":
        assert _originals(settings) == {f"{sha}.pdf": sha} and not quarantined.exists()
    else:
        assert _originals(settings) == {} and quarantined.read_bytes() == body
    assert service.verify(settings).ok
    time.sleep(1.2)
    assert service.run_pending_jobs(settings) == 0  # the file's fault is never retried by itself

    again = service.retry_job(settings, job.id)  # an operator's retry reads the kept original
    assert (again.status, again.fault) == ("failed", "file")
    assert quarantined.read_bytes() == body if rejected == "quarantine" else _originals(settings) == {f"{sha}.pdf": sha}
    db.close_db(settings)


def test_burt_jobs_lists_state_tries_fault_and_reason(retrying, tmp_path):
    from web.cli import main

    settings = retrying
    bad = FakePipeline(_raising(MemoryError()))
    f = write_doc(tmp_path / "a.json", ["Surat"])
    [out] = service.ingest_paths(settings, [f], processor=bad)
    ok = write_doc(tmp_path / "b.json", ["Surat lain"])
    list(service.ingest_paths(settings, [ok], processor=FakePipeline()))
    runner = CliRunner()
    listed = runner.invoke(main, ["--home", str(settings.home), "jobs", "--failed", "--json"],
                           env={"BURT_RETRY_DELAY": "1", "BURT_MAX_ATTEMPTS": str(MAX_ATTEMPTS)})
    assert listed.exit_code == 0, listed.output
    [job] = json.loads(listed.output)["jobs"]
    assert (job["id"], job["status"], job["attempts"], job["fault"], job["error_code"]) == (
        out.job_id, "queued", 1, "machine", "out_of_memory")
    everything = runner.invoke(main, ["--home", str(settings.home), "jobs"])
    # two jobs, then the queue line (issue 16): the retry waits for its backoff
    assert everything.exit_code == 0 and len(everything.output.splitlines()) == 3
    assert everything.output.splitlines()[-1].startswith("antrean / queue: ")
    assert "out_of_memory" in everything.output and "machine" in everything.output
    missing = runner.invoke(main, ["--home", str(settings.home), "jobs", "--retry", "nope"])
    assert missing.exit_code == 2 and "job_not_found" in missing.output


def test_a_job_whose_process_died_on_every_try_is_parked_not_rerun_forever(retrying, tmp_path):
    """A job left "running" by a dead process (kill -9, the OOM killer taking the whole server)
    is requeued at once by resume, and parked once it has had every try; its original is kept."""
    import socket
    import subprocess

    from archive import jobs
    from archive.db import JobRow, session_scope

    settings = retrying
    f = write_doc(tmp_path / "a.json", ["Surat"])
    sha = store.sha256_file(f)
    job = service.submit_upload(settings, "a.json", io.BytesIO(f.read_bytes()), user="ani")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    for tries in range(1, MAX_ATTEMPTS + 1):
        assert jobs.claim(settings, job.id)  # taken by a process that then dies
        with session_scope(settings) as s:
            s.get(JobRow, job.id).worker = f"{socket.gethostname()}:{dead}"
        jobs.recover(settings)
        now = service.get_job(settings, job.id)
        assert now.attempts == tries
        assert now.status == ("queued" if tries < MAX_ATTEMPTS else "needs_attention")
    assert now.error_code == "worker_crashed" and now.fault == "machine"
    assert _originals(settings) == {f"{sha}.json": sha}
    assert service.run_pending_jobs(settings, FakePipeline()) == 0


@pytest.mark.parametrize("name,value", [("BURT_REJECTED", "delete"), ("BURT_MAX_ATTEMPTS", "0"),
                                        ("BURT_RETRY_DELAY", "-5")])
def test_bad_retry_settings_name_the_variable(tmp_path, name, value):
    from archive.settings import SettingsError

    with pytest.raises(SettingsError) as err:
        load_settings(home=tmp_path, environ={name: value})
    assert name in err.value.message and value in err.value.message
