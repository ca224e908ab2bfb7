"""Celery with a Redis broker (``BURT_BROKER_URL``): the only module that imports Celery or kombu.

The database stays the truth about every job (``archive.jobs``); a Celery message only says "look
at this job now".  So every task is idempotent: a job already claimed or done is a no-op, the
content-addressed store dedupes the bytes, and a message delivered twice (a worker killed with its
message unacknowledged, a broker restart) costs one look at the job row.

Queues, in the order a worker takes them (Redis ``queue_order_strategy: priority``):

- ``interactive``: the OCR of an upload from the web or the API (a clerk waits for "Selesai");
- ``ocr``: the OCR of a backlog (``burt ingest --queue``, the consume folder), up to the commit;
- ``index``: the single writer after the commit: linking to the activity, buku agenda, table rows
  and the Whoosh write, for every committed-but-unindexed document at once.  One process with
  concurrency 1 consumes it, so no worker ever waits on the index lock.

The work itself is handed in by ``archive.service`` (``Handlers``) before the worker's pool forks:
this module knows nothing of jobs, documents or the index.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from celery import Celery, signals
from kombu import Queue

log = logging.getLogger(__name__)

INTERACTIVE, OCR, INDEX = "interactive", "ocr", "index"
QUEUES = (INTERACTIVE, OCR, INDEX)
DEFAULT_WORKER_QUEUES = (INTERACTIVE, OCR)
RUN_TASK, INDEX_TASK = "burt.run_job", "burt.index"
# An unacknowledged message (its worker died) goes back to its queue after this many seconds; the
# sweep (``Handlers.sweep``) requeues the job of a dead worker of this machine sooner.
VISIBILITY_TIMEOUT_S = 600
SEND_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Handlers:
    """What the tasks do, given by ``archive.service``:

    - ``run_job(job_id)`` → ``(doc_id | None, retry_in_s | None)``: a committed document to index,
      or a machine fault's backoff after which the job is due again;
    - ``index()``: link and index every committed-but-unindexed document;
    - ``sweep()`` → ``(job_ids, index_needed)``: every ``sweep_s`` in each worker's main process:
      jobs of dead workers put back in the queue, due jobs whose message was lost, and whether
      documents wait for the index."""

    run_job: Callable[[str], tuple[str | None, float | None]]
    index: Callable[[], int]
    sweep: Callable[[bool], tuple[list[str], bool]]
    heartbeat: Callable[[bool], None]
    after_fork: Callable[[], None]  # in each pool process as it starts (the database's connections)
    sweep_s: float = 10.0


_handlers: Handlers | None = None


def _run_job_task(job_id: str, queue: str = OCR) -> None:
    if _handlers is None:
        raise RuntimeError("burt worker: handlers not set")
    doc_id, retry_in = _handlers.run_job(job_id)
    if doc_id:
        _send(_app_of_task(), INDEX_TASK, (), INDEX)
    if retry_in is not None:
        _send(_app_of_task(), RUN_TASK, (job_id, queue), queue, countdown=retry_in)


@signals.worker_process_init.connect
def _pool_process_started(**_kwargs) -> None:
    if _handlers is not None:
        _handlers.after_fork()


def _index_task() -> None:
    if _handlers is None:
        raise RuntimeError("burt worker: handlers not set")
    _handlers.index()


_current: list[Celery] = []


def _app_of_task() -> Celery:
    return _current[0]


@lru_cache(maxsize=4)
def app_for(broker_url: str) -> Celery:
    """The Celery app of a broker (one per URL per process)."""
    app = Celery("burt", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,  # acknowledged after the task ran: a worker killed mid-job means it runs again
        task_reject_on_worker_lost=True,  # a pool process killed mid-task: the message goes back at once
        worker_prefetch_multiplier=1,  # a worker holds no backlog it is not working on
        task_ignore_result=True,  # results live in the database, not in the broker
        task_serializer="json", accept_content=["json"], enable_utc=True,
        task_queues=[Queue(name) for name in QUEUES], task_default_queue=OCR,
        broker_transport_options={"queue_order_strategy": "priority", "visibility_timeout": VISIBILITY_TIMEOUT_S},
        broker_connection_retry_on_startup=True, broker_connection_max_retries=None,
        worker_hijack_root_logger=False, worker_cancel_long_running_tasks_on_connection_loss=False,
    )
    app.task(name=RUN_TASK, acks_late=True, reject_on_worker_lost=True)(_run_job_task)
    app.task(name=INDEX_TASK, acks_late=True, reject_on_worker_lost=True)(_index_task)
    return app


def _send(app: Celery, task: str, args: tuple, queue: str, countdown: float | None = None) -> None:
    app.send_task(task, args=args, queue=queue, countdown=countdown,
                  retry=True, retry_policy={"max_retries": 3, "interval_start": 0.5, "interval_step": 1.0})


def enqueue_jobs(broker_url: str, job_ids: Iterable[str], *, interactive: bool = False) -> int:
    """Send a message per job (to ``interactive`` or ``ocr``); returns how many were sent.  A broker
    that cannot be reached is logged, not raised: the job is recorded and its original stored, and
    the next sweep of any worker sends it again."""
    queue = INTERACTIVE if interactive else OCR
    sent = 0
    try:
        app = app_for(broker_url)
        for job_id in job_ids:
            _send(app, RUN_TASK, (job_id, queue), queue)
            sent += 1
    except Exception:  # the broker is down: the job waits in the database for a worker's sweep
        log.warning("could not send job(s) to the broker; the workers' sweep will send them", exc_info=True)
    return sent


def request_index(broker_url: str) -> None:
    try:
        _send(app_for(broker_url), INDEX_TASK, (), INDEX)
    except Exception:
        log.warning("could not ask the index worker to index; its sweep will", exc_info=True)


def queue_depths(broker_url: str) -> dict[str, int] | None:
    """Messages waiting in each queue (None when the broker cannot be reached)."""
    try:
        with app_for(broker_url).connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=SEND_TIMEOUT_S)
            channel = conn.default_channel
            return {name: int(channel.queue_declare(name).message_count) for name in QUEUES}
    except Exception:  # noqa: BLE001 - any broker error: depth unknown
        log.info("queue depths unknown: broker unreachable", exc_info=True)
        return None


def worker_queues(text: str | None) -> tuple[str, ...]:
    """``--queues`` as given ("ocr,index"), checked; default interactive,ocr."""
    if not text:
        return DEFAULT_WORKER_QUEUES
    names = tuple(dict.fromkeys(q.strip() for q in text.split(",") if q.strip()))
    unknown = [q for q in names if q not in QUEUES]
    if unknown or not names:
        raise ValueError(f"unknown queue(s): {', '.join(unknown) or '(none)'}; choose from {', '.join(QUEUES)}")
    return names


def run_worker(broker_url: str, handlers: Handlers, *, concurrency: int, queues: tuple[str, ...],
               stop: threading.Event | None = None) -> None:
    """Run a Celery worker in this process (prefork pool of ``concurrency`` processes) until it is
    stopped (SIGTERM / Ctrl-C: the job in hand is finished first).  A worker that takes ``index``
    has one process: the single index writer."""
    global _handlers
    _handlers = handlers
    app = app_for(broker_url)
    _current[:] = [app]
    if INDEX in queues:
        concurrency = 1
    stop = stop or threading.Event()
    sweeper = threading.Thread(target=_sweep_loop, args=(broker_url, handlers, queues, stop),
                               name="burt-sweep", daemon=True)
    sweeper.start()
    name = f"burt-{'-'.join(queues)}-{os.getpid()}@{socket.gethostname()}"
    try:
        app.worker_main(argv=["worker", "--queues", ",".join(queues), "--concurrency", str(concurrency),
                              "--pool", "prefork", "--hostname", name, "--loglevel", "INFO",
                              "--without-gossip", "--without-mingle", "--without-heartbeat"])
    finally:
        stop.set()
        sweeper.join(5)
        handlers.heartbeat(False)


def _sweep_loop(broker_url: str, handlers: Handlers, queues: tuple[str, ...], stop: threading.Event) -> None:
    """The worker's main process: its heartbeat, and the jobs no message will bring any more."""
    while True:
        try:
            handlers.heartbeat(True)
            depths = queue_depths(broker_url)
            ocr_empty = depths is not None and not (depths[INTERACTIVE] or depths[OCR])
            requeued, index_needed = handlers.sweep(ocr_empty)
            if requeued:
                log.info("sweep: %d job(s) sent again", len(requeued))
                enqueue_jobs(broker_url, requeued)
            if index_needed and depths is not None and not depths[INDEX]:
                request_index(broker_url)
        except Exception:  # the database or the broker is away: the next round tries again
            log.warning("worker sweep failed; trying again", exc_info=True)
        if stop.wait(handlers.sweep_s):
            return
