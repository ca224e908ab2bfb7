"""Pages per minute of a backlog: the in-process job runner against Celery workers (issue 16).

    scripts/redis-ensure.sh && scripts/pg-ensure.sh
    .venv/bin/python bench/workers.py                          # 100 letters; in-process, Celery 1, 2, 4
    .venv/bin/python bench/workers.py --count 40 --modes inprocess,1,2 --latency

The same generated backlog (``tests/scale/backlog.py``: one-paragraph letters, one page each) is
queued with ``burt ingest --queue`` into a fresh data directory and a fresh PostgreSQL schema per
run, then drained by

- ``inprocess``: the job runner of ``burt serve`` (``service.run_pending_jobs`` in one process,
  one job after another, as ``web.jobs.JobRunner`` calls it);
- ``N`` (a number): ``burt worker --concurrency N`` (queues interactive,ocr) beside the single
  index writer ``burt worker --queues index``, on the Redis of ``--broker``.

The clock runs from starting the runner or the workers until every job is done and every document
indexed (start-up, the classifier's loading and the index writes included).  Per-core efficiency =
(pages/min ÷ min(N, cores)) ÷ the in-process runner's pages/min.  ``--latency``: with 2 Celery
processes, the time from one upload (``service.submit_upload``, the web's path, to the
``interactive`` queue) to "Selesai" (done and indexed) alone, then while the backlog drains.
The load average (1, 5, 15 min) is recorded before and after each run and its mean during the run:
the machine is shared.

CPU: ``cpu_s_per_page`` is the CPU-seconds (user + system) of the runner or the workers and all they
ran (Tesseract, pool processes), from ``getrusage`` of the waited-for children, per page: it does not
depend on the share of the cores the run got, so it shows the overhead of a mode (start-up, Celery,
the separate index writer) where the wall clock on a loaded machine cannot.  ``cpu_by_role_s`` splits
it from ``/proc`` (``bench/proc_cpu.py``): Python's main thread, the other threads of each process
(OpenCV / OpenBLAS / OpenMP pools, the classifier's loader, Celery's consumer), Tesseract (the
children each process waited for); ``servers_cpu_s``: the run's PostgreSQL backends and Redis.
``cores_used`` = CPU-seconds / seconds.  ``steady_pages_per_min``: from the first page done to the
last, i.e. without the start-up.

Read wall-clock ratios only from a quiet machine: with ``kernel.sched_autogroup_enabled=1`` (printed
at the start) the scheduler shares a busy CPU between sessions, not processes; the runner and each
``burt worker`` run in a session of their own, so under load a worker's two pool processes get the
share of one process (measured: two busy loops in one session 1.7 CPU-seconds in 12 s beside one
loop in another session 1.8, load 19).

Results go to ``bench/out/workers.json``.  On a quiet machine (about 5 minutes)::

    scripts/redis-ensure.sh && scripts/pg-ensure.sh && \
        .venv/bin/python bench/workers.py --count 100 --modes inprocess,2,inprocess,2 --latency
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "scale"), str(ROOT / "bench")]

from backlog import make_backlog  # noqa: E402
from proc_cpu import CpuSampler, rusage_children  # noqa: E402

from archive import service  # noqa: E402
from archive.db import Document, JobRow, close_db, func, select, session_scope  # noqa: E402
from archive.settings import load_settings  # noqa: E402

RUNNER = ("import sys; from archive import service; from archive.settings import load_settings\n"
          "s = load_settings(home=sys.argv[1])\n"
          "while service.run_pending_jobs(s): pass\n")


@contextmanager
def fresh_schema(base: str) -> Iterator[str]:
    import psycopg

    conninfo = "postgresql://" + base.split("://", 1)[1]
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    try:
        yield f"{base}?options={quote(f'-csearch_path={name}')}"
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")


def _env(home: Path, db_url: str, broker: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURT_")}
    env.update(BURT_HOME=str(home), BURT_DATABASE_URL=db_url, BURT_BROKER_URL=broker, BURT_WORKERS="1",
               OMP_THREAD_LIMIT="1")
    return env


def _finished(settings) -> tuple[int, int]:
    """(jobs not finished, documents not indexed)."""
    with session_scope(settings) as s:
        open_jobs = s.scalar(select(func.count()).select_from(JobRow).where(
            (JobRow.status != "done") | (JobRow.stage == "indexing"))) or 0
        unindexed = s.scalar(select(func.count()).select_from(Document).where(Document.indexed.is_(False))) or 0
    return open_jobs, unindexed


def _wait_ready(logs: Path, timeout: float = 300) -> None:
    """Until both workers say they are ready (Celery's "ready." line), so that a latency measured
    on a loaded machine does not hold the workers' start-up."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        texts = [f.read_text(errors="replace") for f in logs.glob("*.log")]
        if len(texts) == 2 and all(" ready." in t for t in texts):
            return
        time.sleep(0.25)


def _wait_started(settings, pages: int, at_least_s: float) -> None:
    """Until the backlog drains (a first letter done) and at least ``at_least_s`` more seconds passed."""
    end = time.monotonic() + max(0.0, at_least_s)
    while _finished(settings)[0] >= pages or time.monotonic() < end:
        time.sleep(0.25)


def _wait_done(settings, pages: int, timeout: float = 3600) -> float | None:
    """Wait until every job is done and indexed; returns when the first one was (``perf_counter``),
    so the steady rate leaves the start-up (imports, connections, the first model loads) out."""
    end = time.monotonic() + timeout
    first_done = None
    while (left := _finished(settings)) != (0, 0):
        if first_done is None and left[0] < pages:
            first_done = time.perf_counter()
        if time.monotonic() > end:
            raise TimeoutError(f"not finished: {left}")
        time.sleep(0.25)
    return first_done


def _start_workers(home: Path, env: dict, n: int, logs: Path) -> list[subprocess.Popen]:
    def start(name: str, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "web.cli", "--home", str(home), "worker", *args], env=env,
                                cwd=ROOT, stdout=(logs / f"{name}.log").open("w"), stderr=subprocess.STDOUT,
                                start_new_session=True)
    return [start("ocr", "--concurrency", str(n), "--queues", "interactive,ocr"), start("index", "--queues", "index")]


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:  # ended meanwhile
                pass
    for p in procs:
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


def _servers(db_url: str, broker: str) -> dict[str, str]:
    """Process titles of the run's PostgreSQL backends and of the Redis server, for their CPU."""
    from urllib.parse import urlsplit

    parts = urlsplit(db_url.replace("postgresql+psycopg", "postgresql"))
    out = {"postgres_backends": f"postgres: {parts.username or ''} {parts.path.lstrip('/')} "}
    if broker:
        b = urlsplit(broker)
        out["redis"] = f"redis-server {b.hostname}:{b.port}"
    return out


def _roles(sampler: CpuSampler) -> dict[str, float]:
    """CPU-seconds by role, as last sampled (the last half second of a process may be missing):
    Python's main thread, its other threads (OpenCV / OpenBLAS / OpenMP pools, the classifier's
    loader, Celery's consumer and sweep), and the children each process waited for (Tesseract)."""
    roles: dict[str, float] = {}

    def add(name: str, value: float) -> None:
        roles[name] = round(roles.get(name, 0.0) + value, 2)

    procs = sampler.procs
    for p in procs.values():
        if "tesseract" in p.cmd.split(" ")[0]:
            continue  # counted in its parent's reaped children
        root = p
        while root.depth > 0 and root.parent in procs:
            root = procs[root.parent]
        kind = "index worker" if "--queues index" in root.cmd else (
            "runner" if root.cmd.split(" ")[1:2] == ["-c"] else "ocr worker")
        kind += " main process" if p.depth == 0 and kind != "runner" else (" pool processes" if p.depth else "")
        add(f"{kind}: main thread", p.main_thread)
        add(f"{kind}: other threads", p.other_threads)
        add(f"{kind}: children (tesseract)", p.reaped_children)
    return {k: v for k, v in roles.items() if v}


def _upload_latency(settings, path: Path) -> float:
    started = time.perf_counter()
    with open(path, "rb") as fh:
        job = service.submit_upload(settings, path.name, fh, user="bench", sniff=True)
    while service.get_job(settings, job.id).status != "done":
        time.sleep(0.25)
    return time.perf_counter() - started


def run(mode: str, backlog: Path, pages: int, db_base: str, broker: str, extra: Path | None) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"burt-bench-{mode}-"))
    logs = home.parent / (home.name + "-logs")
    logs.mkdir()
    subprocess.run(["redis-cli", "-u", broker, "flushdb"], capture_output=True, check=True)
    with fresh_schema(db_base) as db_url:
        env = _env(home, db_url, broker if mode != "inprocess" else "")
        queued = subprocess.run([sys.executable, "-m", "web.cli", "--home", str(home), "ingest", "--queue", "--json",
                                 str(backlog)], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
        assert all(json.loads(x)["status"] == "queued" for x in queued.stdout.splitlines())
        settings = load_settings(home=home, environ=env)
        load_before = os.getloadavg()
        cpu_before = rusage_children()
        started = time.perf_counter()
        procs = ([subprocess.Popen([sys.executable, "-c", RUNNER, str(home)], env=env, cwd=ROOT, start_new_session=True)]
                 if mode == "inprocess" else _start_workers(home, env, int(mode), logs))
        sampler = CpuSampler([p.pid for p in procs], _servers(db_url, broker if mode != "inprocess" else "")).start()
        latency, left = None, 0
        try:
            if extra is not None:
                _wait_ready(logs)
                _wait_started(settings, pages, at_least_s=15 - (time.perf_counter() - started))
                latency = _upload_latency(settings, extra)
                left = _finished(settings)[0]  # the backlog's jobs still open when the upload was done
            first_done = _wait_done(settings, pages + (extra is not None))
            if extra is not None:
                first_done = None
            elapsed = time.perf_counter() - started
        finally:
            sampler.sample()
            sampler.stop()
            _stop(procs)
        cpu_after = rusage_children()
        with session_scope(settings) as s:
            docs = s.scalar(select(func.count()).select_from(Document)) or 0
        close_db(settings)
    shutil.rmtree(home, ignore_errors=True)
    shutil.rmtree(logs, ignore_errors=True)
    user, system = (a - b for a, b in zip(cpu_after, cpu_before))
    out = {"mode": mode, "seconds": round(elapsed, 1), "pages": pages, "documents": docs,
           "pages_per_min": round(pages / elapsed * 60, 1),
           # from the first page done to the last: the rate of runners already started
           **({"first_done_s": round(first_done - started, 1),
               "steady_pages_per_min": round((pages - 1) / max(0.1, started + elapsed - first_done) * 60, 1)}
              if first_done else {}),
           # CPU-seconds of the runner or the workers and everything they ran (Tesseract, pool
           # processes), from getrusage of the waited-for children: load-independent, shows overhead
           "cpu_s": round(user + system, 1), "cpu_user_s": round(user, 1), "cpu_sys_s": round(system, 1),
           "cpu_s_per_page": round((user + system) / pages, 2),
           "cores_used": round((user + system) / elapsed, 2),  # at most min(processes, free cores)
           "cpu_by_role_s": _roles(sampler), "servers_cpu_s": sampler.extra_cpu(),
           "load_before": [round(x, 2) for x in load_before],
           "load_during_mean": round(sum(sampler.loads) / max(1, len(sampler.loads)), 2),
           "load_after": [round(x, 2) for x in os.getloadavg()]}
    if latency is not None:
        out["upload_latency_s"] = round(latency, 1)
        out["backlog_jobs_open_after_upload"] = left  # > 0: the upload was done while the backlog drained
    return out


def solo_latency(path: Path, db_base: str, broker: str) -> dict:
    home = Path(tempfile.mkdtemp(prefix="burt-bench-solo-"))
    logs = home.parent / (home.name + "-logs")
    logs.mkdir()
    subprocess.run(["redis-cli", "-u", broker, "flushdb"], capture_output=True, check=True)
    with fresh_schema(db_base) as db_url:
        env = _env(home, db_url, broker)
        settings = load_settings(home=home, environ=env)
        service.prepare(settings)
        procs = _start_workers(home, env, 2, logs)
        try:
            _wait_ready(logs)  # started and idle: the upload meets warm workers, as in the backlog run
            time.sleep(5)
            load_before = os.getloadavg()[0]
            latency = _upload_latency(settings, path)
        finally:
            _stop(procs)
        close_db(settings)
    shutil.rmtree(home, ignore_errors=True)
    shutil.rmtree(logs, ignore_errors=True)
    return {"mode": "solo upload, 2 processes", "upload_latency_s": round(latency, 1),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="letters in the backlog (one page each)")
    parser.add_argument("--modes", default="inprocess,1,2,4", help="inprocess and/or Celery process counts")
    parser.add_argument("--latency", action="store_true", help="also one upload's latency, alone and during a backlog")
    parser.add_argument("--broker", default="redis://127.0.0.1:56379/9", help="Redis URL (a database to flush)")
    parser.add_argument("--db", default="postgresql+psycopg://burt@127.0.0.1:54329/celery", help="PostgreSQL URL (a fresh schema per run)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="burt-bench-backlog-"))
    files = make_backlog(work / "backlog", args.count, seed=1616)
    extra = make_backlog(work / "extra", 1, seed=4242)[0][0]
    autogroup = Path("/proc/sys/kernel/sched_autogroup_enabled")
    print(f"backlog: {args.count} one-page letters; cores: {os.cpu_count()}; sched_autogroup_enabled: "
          f"{autogroup.read_text().strip() if autogroup.exists() else '-'}; uptime: "
          f"{subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}", flush=True)
    results = []
    for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
        r = run(mode, work / "backlog", len(files), args.db, args.broker, None)
        results.append(r)
        print(json.dumps(r), flush=True)
    if args.latency:
        for r in (solo_latency(extra, args.db, args.broker),
                  run("2", work / "backlog", len(files), args.db, args.broker, extra)):
            results.append(r)
            print(json.dumps(r), flush=True)
    inprocs = [r for r in results if r["mode"] == "inprocess"]
    if inprocs:  # several in-process runs (alternating with Celery ones): their mean is the baseline
        def mean(key: str) -> float:
            return sum(r.get(key, 0.0) for r in inprocs) / len(inprocs)
        inproc = {"cpu_s_per_page": round(mean("cpu_s_per_page"), 2), "load_during_mean": round(mean("load_during_mean"), 2)}
        base, steady = mean("pages_per_min"), mean("steady_pages_per_min")
        cores = os.cpu_count() or 1
        for r in results:
            if r["mode"].isdigit() and "upload_latency_s" not in r:
                n = int(r["mode"])
                line = (f"Celery {n}: {r['pages_per_min'] / base:.2f}x the in-process runner; per-core efficiency "
                        f"{r['pages_per_min'] / min(n, cores) / base:.2f}")
                if steady and r.get("steady_pages_per_min"):
                    line += f"; once started {r['steady_pages_per_min'] / steady:.2f}x"
                print(line + f"; CPU {r['cpu_s_per_page']} s/page (in-process {inproc['cpu_s_per_page']}), "
                      f"load {r['load_during_mean']} (in-process {inproc['load_during_mean']})")
    solo = next((r["upload_latency_s"] for r in results if r["mode"].startswith("solo")), None)
    during = next((r["upload_latency_s"] for r in results if r["mode"] == "2" and "upload_latency_s" in r), None)
    if solo and during:
        print(f"one upload: {solo} s alone, {during} s while the backlog drains ({during / solo:.2f}x)")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "workers.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
