"""The Celery path's job code without Redis (issue 16): what ``burt ingest --queue`` records, what
one task of the ``ocr`` queue and one of the ``index`` queue do, that both are idempotent (a
message delivered twice is a no-op), that a dead worker's job is taken back, and the consume
folder that only queues.  Real Tesseract on generated one-paragraph letters; real SQLite (and
PostgreSQL where ``BURT_TEST_PG_URL`` names a server).  The broker itself: tests/scale/."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from archive import consume, jobs, queue, service, store
from archive.db import Document, JobRow, select, session_scope
from archive.records import SearchQuery
from ingest.errors import InputError

sys.path.insert(0, str(Path(__file__).parents[1] / "scale"))
from backlog import make_backlog  # noqa: E402

BOTH_BACKENDS = True


def _states(settings) -> list[tuple[str, str]]:
    with session_scope(settings) as s:
        return sorted((r.status, r.stage) for r in s.scalars(select(JobRow)))


def _hits(settings, code: str) -> list[str]:
    return [h.id for h in service.search(settings, SearchQuery(text=code, facets=False)).hits]


def test_queue_paths_records_and_stores_only(settings, tmp_path):
    (path, _), (other, _) = make_backlog(tmp_path / "in", 2)
    empty = tmp_path / "in" / "kosong.png"
    empty.write_bytes(b"")
    out = list(service.queue_paths(settings, [path, other, path, empty]))
    assert [o.status for o in out] == ["queued", "queued", "duplicate", "failed"]
    assert out[2].id == store.doc_id_for(store.sha256_file(path)) and out[3].error_code == "empty_file"
    assert _states(settings) == [("queued", "queued"), ("queued", "queued")]
    for o in out[:2]:  # the original is stored; nothing is read yet
        row = jobs.load_row(settings, o.job_id)
        assert (settings.home / row.original_path).is_file() and row.sha256 == o.sha256
    with session_scope(settings) as s:
        assert not list(s.scalars(select(Document)))


@pytest.mark.slow
def test_ocr_task_then_index_task_idempotent(settings, tmp_path):
    [(path, code)] = make_backlog(tmp_path / "in", 1, seed=7)
    [queued] = service.queue_paths(settings, [path])
    doc_id, retry_in = service._worker_run_job(settings, queued.job_id)
    assert doc_id == store.doc_id_for(queued.sha256) and retry_in is None
    # committed, not yet indexed: the job still shows as running until the index queue's task
    assert service.get_job(settings, queued.job_id).status == "running" and _hits(settings, code) == []
    assert service._worker_run_job(settings, queued.job_id) == (None, None)  # the message again: no-op
    assert service._worker_sweep(settings, True) == ([], True)  # the sweep sees the document waiting
    assert service._worker_index(settings) == 1
    assert service._worker_index(settings) == 0  # again: nothing to do
    assert _hits(settings, code) == [doc_id]
    assert service.get_job(settings, queued.job_id).status == "done"
    assert service._worker_sweep(settings, True) == ([], False)
    assert service.verify(settings).ok


@pytest.mark.slow
def test_job_of_a_dead_worker_is_taken_back(settings, tmp_path):
    [(path, code)] = make_backlog(tmp_path / "in", 1, seed=8)
    [queued] = service.queue_paths(settings, [path])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with session_scope(settings) as s:  # claimed by a worker process that was then killed
        row = s.get(JobRow, queued.job_id)
        row.status, row.worker, row.attempts = "running", f"{jobs.worker_name().rpartition(':')[0]}:{dead.pid}", 1
    # the sweep puts it back (the OCR queues still hold messages: no lost-message resend)
    assert service._worker_sweep(settings, False) == ([queued.job_id], False)
    # the message delivered again after the kill runs it
    doc_id, _ = service._worker_run_job(settings, queued.job_id)
    assert doc_id and jobs.load_row(settings, queued.job_id).attempts == 2
    service._worker_index(settings)
    assert _hits(settings, code) == [doc_id]


def test_lost_messages_are_sent_again_only_when_idle(settings, tmp_path):
    [(path, _)] = make_backlog(tmp_path / "in", 1, seed=9)
    [queued] = service.queue_paths(settings, [path])
    assert service._worker_sweep(settings, True) == ([], False)  # just queued: its message is on its way
    with session_scope(settings) as s:
        s.get(JobRow, queued.job_id).updated_at = "2026-01-01T00:00:00+00:00"
    assert service._worker_sweep(settings, False) == ([], False)  # the OCR queues are not empty
    assert service._worker_sweep(settings, True) == ([queued.job_id], False)


def test_worker_queues_and_broker_required(settings):
    assert service.worker_queues(None) == ("interactive", "ocr")
    assert service.worker_queues("index") == ("index",)
    assert service.worker_queues(" ocr, index,ocr ") == ("ocr", "index")
    with pytest.raises(InputError) as bad:
        service.worker_queues("ocr,cetak")
    assert bad.value.code == "unknown_queue" and "cetak" in bad.value.message
    with pytest.raises(InputError) as unset:
        service.run_worker(settings, concurrency=1, queues=("ocr",))
    assert unset.value.code == "broker_not_set"


def test_unreachable_broker_loses_nothing(settings, tmp_path):
    """An upload while the broker is down: the job is recorded and its original stored; the
    message is not sent (a worker's sweep sends it later) and the upload does not fail."""
    s = replace(settings, broker_url="redis://127.0.0.1:9/0")  # nothing listens on the discard port
    assert queue.queue_depths(s.broker_url) is None
    [(path, _)] = make_backlog(tmp_path / "in", 1, seed=10)
    with open(path, "rb") as fh:
        job = service.submit_upload(s, path.name, fh, user="ani", sniff=True)
    assert job.status == "queued" and (s.home / jobs.load_row(s, job.id).original_path).is_file()
    state = service.job_queue(s)
    assert state.due == 1 and state.broker is None and state.to_json()["broker"] is None
    broker = service.health(s).to_json()["parts"]["broker"]  # the health check says so, in both languages
    assert broker["status"] == "down" and "Redis" in broker["message"] and "redis://" not in broker["message"]
    assert "broker" not in service.health(settings).to_json()["parts"]  # no broker set: no such part


@pytest.mark.slow
def test_consume_folder_with_queue_moves_after_the_job(settings, tmp_path):
    folder = tmp_path / "scan"
    [(path, code)] = make_backlog(folder, 1, seed=11)
    events = []
    ticks = iter(range(0, 10_000, 100))  # each pass 100 s after the last: the file has settled
    consumer = consume.Consumer(settings, folder, ingest=lambda paths: service.queue_paths(settings, paths),
                                job_status=lambda job_id: service.get_job(settings, job_id), emit=events.append,
                                clock=lambda: float(next(ticks)))
    consumer.poll()
    consumer.poll()
    assert path.exists() and not events  # queued: the file waits for its job
    assert _states(settings) == [("queued", "queued")]
    assert service.run_pending_jobs(settings) == 1  # a worker (here the in-process runner) runs it
    consumer.poll()
    assert not path.exists() and (folder / "done" / path.name).is_file()
    assert [e.status for e in events] == ["ingested"] and _hits(settings, code) == [events[0].outcome.id]
