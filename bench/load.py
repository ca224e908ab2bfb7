"""Load: 20 concurrent uploaders and 50 concurrent searchers against a real ``burt serve`` on 127.0.0.1.

    .venv/bin/python bench/load.py                 # 60 s of load, then the drain and `burt verify` (~3-6 min)
    .venv/bin/python bench/load.py --seconds 20 --uploaders 5 --searchers 10 --seed-docs 100   # a quick run

Set-up (timed, not measured): a temporary data directory; with ``--samples`` the committed samples
(``samples/``) archived by the real ``burt ingest``; ``--seed-docs`` generated letters (the text of
``bench/search.py``'s generator, with its measured OCR damage) archived by ``burt ingest`` with the
archive tests' fake reader at the pipeline seam (tests/archive/fakes.py: their text is given, so seeding
a few hundred documents takes seconds instead of an hour of OCR; store, database and index are the
product's). Users and tokens come from ``burt user add`` (``--clerks`` ``pelaksana`` accounts the
uploaders share, one ``auditor`` for the searchers). Then the product's own ``burt serve`` starts and, for ``--seconds``:

- each **uploader** generates a small real letter page (PNG, unique text), sends it to
  ``POST /api/documents`` with its token, and polls ``GET /api/jobs/ID`` until the job is done or
  refused, then uploads the next one (a clerk who watches the result; this bounds the OCR backlog);
- each **searcher** sends ``GET /api/search?q=…`` with realistic queries (topic words, a partner, a
  partial nomor, a quoted phrase; one in five is the ``/cari`` HTML page instead), back to back, or
  with ``--think S`` after a pause of 0.5-1.5 x S seconds (a clerk reading the results).

Afterwards: the jobs still running are waited for (``--drain`` s), every accepted upload is checked
(a document that ``GET /api/documents/ID`` shows, or a refusal whose fault is the file's: anything else
is *lost*), the server is stopped and ``burt verify`` runs. Reported: throughput and p50/p95/p99 latency
per kind of request, the 5xx count, lost and duplicated uploads, index lock errors (the server's log),
and the RSS/PSS of the server and its child processes (OCR workers) sampled every 2 s, each beside the
load average (the machine is shared). Exit 1 when a target is missed: any 5xx, any lost upload, search
p95 above 300 ms, or ``burt verify`` not clean. Results also go to ``bench/out/load.json``.
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import live  # noqa: E402

OUT = ROOT / "bench" / "out"
SEARCH_P95_TARGET_MS = 300.0
LOCK_ERRORS = re.compile(r"LockError|index is locked|database is locked|Lock timeout", re.IGNORECASE)

# burt ingest with the archive tests' fake reader at the pipeline seam: for seeding only (see the docstring).
_SEED_SCRIPT = """
import sys
sys.path[:0] = [sys.argv[1] + "/tests/archive", sys.argv[1]]
from fakes import FakePipeline
from archive import jobs
from web.cli import main
jobs.ingest_pipeline = FakePipeline()
main(["--home", sys.argv[2], "ingest", "--json", *sys.argv[3:]], prog_name="burt")
"""

QUERIES = ("rapat koordinasi", "perpustakaan desa", "pembinaan perpustakaan sekolah", "pengadaan buku",
           "arsip dinamis", "surat tugas", "Paringin", "Kecamatan Juai", "laporan kegiatan", "undangan rapat",
           "koleksi perpustakaan", "DISPERSIP/2025", "045/0001", '"rapat koordinasi"', "pendampingan arsip",
           "Dinas Pendidikan", "penataan arsip kecamatan", "buku bacaan masyarakat", "Batu Piring", "nota dinas")


def seed(home: Path, n_docs: int, samples: bool, env: dict[str, str]) -> dict:
    """Archive the samples (real OCR) and ``n_docs`` generated letters (fake reader); returns timings."""
    timings: dict[str, float] = {}
    if samples:
        files = sorted(str(p) for p in (ROOT / "samples").iterdir()
                       if p.suffix.lower() in (".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"))
        t = time.monotonic()
        live.burt(home, "ingest", "--json", *files, env=env, timeout=3600)
        timings["samples_s"] = round(time.monotonic() - t, 1)
        timings["samples"] = len(files)
    if n_docs:
        from bench.search import make_corpus
        docs_dir = home.parent / "seed-docs"
        docs_dir.mkdir()
        corpus = make_corpus(n_docs, seed=7, per_kind=1)
        paths = []
        for d in corpus.docs:
            p = docs_dir / f"{d.id}.json"
            p.write_text(json.dumps({"pages": [d.text], "doc_type": "surat_masuk", "sop_step": 1,
                                     "metadata": {"nomor": d.nomor, "partner": d.partner}},
                                    ensure_ascii=False), encoding="utf-8")
            paths.append(str(p))
        t = time.monotonic()
        proc = subprocess.run([sys.executable, "-c", _SEED_SCRIPT, str(ROOT), str(home), *paths], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=3600)
        if proc.returncode != 0:
            raise RuntimeError(f"seeding failed: {proc.stderr[-2000:]}")
        timings["generated_s"] = round(time.monotonic() - t, 1)
        timings["generated"] = n_docs
    return timings


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.errors: dict[str, int] = defaultdict(int)
        self.jobs: list[dict] = []  # accepted uploads: {"job", "nomor", "status", "document", "error"}

    def add(self, kind: str, ms: float, status: int) -> None:
        with self.lock:
            self.latency[kind].append(ms)
            self.status[kind][status] += 1

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] += 1


def timed(stats: Stats, kind: str, fn, *args, **kwargs):
    t = time.perf_counter()
    try:
        status, body = fn(*args, **kwargs)
    except (OSError, http.client.HTTPException):
        stats.error(kind)
        return None, None
    stats.add(kind, (time.perf_counter() - t) * 1000, status)
    return status, body


def searcher(port: int, token: str, stop: threading.Event, stats: Stats, seed: int, think: float) -> None:
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while not stop.is_set():
        if think:  # a clerk reads the results before the next search: uniform in [0.5, 1.5] x think
            stop.wait(rnd.uniform(0.5 * think, 1.5 * think))
        q = urllib.parse.quote(rnd.choice(QUERIES))
        kind, path = ("cari_html", f"/cari?q={q}") if rnd.random() < 0.2 else ("api_search", f"/api/search?q={q}")
        status, _ = timed(stats, kind, live.request, port, "GET", path, token=token, conn=conn)
        if status is None:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()


def uploader(port: int, token: str, stop: threading.Event, stats: Stats, idx: int, poll_until: list[float]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    n = 0
    while not stop.is_set():
        n += 1
        data, nomor = live.page_png(idx * 100000 + n)
        status, body = timed(stats, "upload", live.upload, port, token, f"surat-{idx:02d}-{n:04d}.png", data,
                             conn=conn)
        if status is None:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            continue
        if status != 202:
            continue
        entry = {"job": body["job"], "nomor": nomor, "status": "queued", "document": None, "error": None,
                 "submitted": time.monotonic()}
        with stats.lock:
            stats.jobs.append(entry)
        while time.monotonic() < poll_until[0]:  # the clerk watches the job (the drain extends the deadline)
            time.sleep(0.5)
            st, info = timed(stats, "job_poll", live.job, port, token, entry["job"], conn=conn)
            if st is None:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            if st == 200 and info.get("status") in ("done", "failed", "needs_attention"):
                entry.update(status=info["status"], document=info.get("document"), error=info.get("error"),
                             seconds=round(time.monotonic() - entry["submitted"], 1))
                break
    conn.close()


def summary(stats: Stats, seconds: float) -> dict:
    out = {}
    for kind, values in sorted(stats.latency.items()):
        statuses = dict(stats.status[kind])
        out[kind] = {"requests": len(values), "per_s": round(len(values) / seconds, 1),
                     "p50_ms": live.pct(values, 50), "p95_ms": live.pct(values, 95), "p99_ms": live.pct(values, 99),
                     "max_ms": round(max(values), 1), "statuses": {str(k): v for k, v in sorted(statuses.items())},
                     "5xx": sum(v for k, v in statuses.items() if k >= 500),
                     "connection_errors": stats.errors.get(kind, 0)}
    return out


def check_uploads(port: int, token: str, jobs: list[dict]) -> dict:
    """Every accepted upload: a document the API shows, or a refusal that is the file's fault."""
    done = refused = parked = lost = 0
    lost_ids, docs = [], []
    for j in jobs:
        if j["status"] not in ("done", "failed", "needs_attention"):
            _st, info = live.job(port, token, j["job"])
            j.update(status=info.get("status", "?"), document=info.get("document"), error=info.get("error"))
        if j["status"] == "done" and j["document"]:
            st, _ = live.request(port, "GET", f"/api/documents/{j['document']}", token=token)
            if st == 200:
                done += 1
                docs.append(j["document"])
                continue
        elif j["status"] == "failed":  # `failed` is the file's fault (a machine fault retries, then parks)
            refused += 1
            continue
        elif j["status"] == "needs_attention":  # the original is kept and shown: not lost, but not done
            parked += 1
            continue
        lost += 1
        lost_ids.append(j["job"])
    return {"accepted": len(jobs), "archived": done, "refused_file_fault": refused, "needs_attention": parked,
            "lost": lost, "lost_jobs": lost_ids[:20], "duplicated": len(docs) - len(set(docs)),
            "refusal_codes": sorted({(j.get("error") or {}).get("code", "") for j in jobs if j["status"] == "failed"})}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--uploaders", type=int, default=20)
    ap.add_argument("--searchers", type=int, default=50)
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean seconds a searcher waits between searches (default 0: back to back, a stress test)")
    ap.add_argument("--seed-docs", type=int, default=300, help="generated letters archived before the run")
    ap.add_argument("--samples", action="store_true",
                    help="also archive the committed samples first (real OCR: ~10 min at a load of 20 on 2 cores)")
    ap.add_argument("--clerks", type=int, default=5, help="pelaksana accounts the uploaders share (round robin)")
    ap.add_argument("--drain", type=float, default=600.0, help="seconds to wait for the last jobs after the run")
    ap.add_argument("--keep", type=Path, default=None, help="keep the data directory here")
    ap.add_argument("--json-out", type=Path, default=OUT / "load.json")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="burt-load-"))
    home = tmp / "home"
    env = live.base_env(home)
    report: dict = {"args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
                    "load_at_start": live.loadavg()}
    server = None
    try:
        t = time.monotonic()
        report["seeding"] = seed(home, args.seed_docs, args.samples, env)
        with ThreadPoolExecutor(max_workers=3) as pool:  # one `burt user add` each (a few s each under load)
            made = list(pool.map(lambda a: live.add_user(home, a[0], a[1], env),
                                 [(f"petugas{i:02d}", "pelaksana") for i in range(args.clerks)]
                                 + [("pemeriksa", "auditor")]))
        clerks, reader = made[:-1], made[-1]
        report["seeding"]["users"] = len(made)
        report["seeding"]["total_s"] = round(time.monotonic() - t, 1)
        docs_before = live.verify(home, env)["documents"]
        report["documents_before"] = docs_before
        print(f"seeded {docs_before} documents in {report['seeding']['total_s']} s (load {live.loadavg()})", flush=True)

        server = live.Server(home, env).start()
        stats, stop, mem, t0 = Stats(), threading.Event(), [], time.monotonic()
        mem_stop = threading.Event()

        def sample_memory() -> None:
            while not mem_stop.is_set():
                if server is not None and server.proc is not None and server.proc.poll() is None:
                    mem.append(live.memory(server.proc.pid, t0).__dict__)
                mem_stop.wait(2.0)

        poll_until = [time.monotonic() + args.seconds + args.drain]
        threads = [threading.Thread(target=sample_memory, daemon=True)]
        threads += [threading.Thread(target=searcher, args=(server.port, reader, stop, stats, i, args.think), daemon=True)
                    for i in range(args.searchers)]
        uploaders = [threading.Thread(target=uploader, args=(server.port, clerks[i % len(clerks)], stop, stats, i, poll_until),
                                      daemon=True) for i in range(args.uploaders)]
        for th in threads + uploaders:
            th.start()
        time.sleep(args.seconds / 2)
        report["load_mid_run"] = live.loadavg()
        time.sleep(args.seconds / 2)
        stop.set()
        report["load_end_of_run"] = live.loadavg()
        run_s = time.monotonic() - t0
        report["requests"] = summary(stats, run_s)  # the searchers stop here; the drain only polls jobs
        drain_t = time.monotonic()
        for th in uploaders:
            th.join(max(1.0, poll_until[0] - time.monotonic()))
        report["drain_s"] = round(time.monotonic() - drain_t, 1)
        report["uploads"] = check_uploads(server.port, reader, stats.jobs)
        finished = [j["seconds"] for j in stats.jobs if "seconds" in j]
        report["uploads"]["upload_to_result_p50_s"] = live.pct(finished, 50)
        report["uploads"]["upload_to_result_p95_s"] = live.pct(finished, 95)
        report["uploads"]["archived_per_min"] = round(report["uploads"]["archived"] / (run_s / 60), 1)
        mem_stop.set()
        server.stop()
        log_text = server.out_path.read_text(errors="replace")
        web_log = home / "logs" / "web.log"
        for extra in [web_log, *home.glob("*.log"), *home.glob("logs/*.log")]:
            if extra.is_file():
                log_text += extra.read_text(errors="replace")
        report["index_lock_errors"] = len(LOCK_ERRORS.findall(log_text))
        report["tracebacks_in_log"] = log_text.count("Traceback (most recent call last)")
        report["memory"] = mem
        report["verify"] = live.verify(home, env)
        report["documents_after"] = report["verify"]["documents"]
        expected = (docs_before or 0) + report["uploads"]["archived"]
        report["uploads"]["duplicated"] += max(0, (report["documents_after"] or 0) - expected)
        report["load_at_end"] = live.loadavg()
    finally:
        if server is not None:
            server.stop()
        if args.keep:
            shutil.copytree(tmp, args.keep, dirs_exist_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)

    print_report(report)
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    search = report["requests"].get("api_search", {})
    failures = []
    if any(r["5xx"] for r in report["requests"].values()):
        failures.append("5xx answers")
    if report["uploads"]["lost"]:
        failures.append("lost uploads")
    if (search.get("p95_ms") or 0) > SEARCH_P95_TARGET_MS:
        failures.append(f"search p95 {search.get('p95_ms')} ms > {SEARCH_P95_TARGET_MS:.0f} ms")
    if not report["verify"]["ok"]:
        failures.append("burt verify not clean")
    print("targets:", "all met" if not failures else "MISSED: " + ", ".join(failures))
    return 1 if failures else 0


def print_report(r: dict) -> None:
    print(f"\nload average: start {r['load_at_start']}, mid-run {r.get('load_mid_run')}, "
          f"end of run {r.get('load_end_of_run')}, end {r.get('load_at_end')} (shared machine)")
    print(f"{'kind':<11} {'requests':>8} {'per s':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'5xx':>4} {'conn err':>8}  statuses")
    for kind, s in r["requests"].items():
        print(f"{kind:<11} {s['requests']:>8} {s['per_s']:>6} {s['p50_ms']:>8} {s['p95_ms']:>8} {s['p99_ms']:>8} "
              f"{s['max_ms']:>8} {s['5xx']:>4} {s['connection_errors']:>8}  {s['statuses']}")
    u = r["uploads"]
    print(f"uploads: accepted {u['accepted']}, archived {u['archived']} ({u['archived_per_min']}/min), refused "
          f"(file's fault) {u['refused_file_fault']} {u['refusal_codes']}, needs attention {u['needs_attention']}, "
          f"lost {u['lost']}, duplicated {u['duplicated']}; upload to result p50 {u['upload_to_result_p50_s']} s, "
          f"p95 {u['upload_to_result_p95_s']} s; drain {r['drain_s']} s")
    print(f"documents: {r['documents_before']} before, {r['documents_after']} after; burt verify: "
          f"{'clean' if r['verify']['ok'] else 'PROBLEMS ' + '; '.join(r['verify']['problems'][:5])}")
    print(f"index lock errors in the server log: {r['index_lock_errors']}; tracebacks: {r['tracebacks_in_log']}")
    if r["memory"]:
        peak = max(r["memory"], key=lambda m: m["pss_mb"])
        print(f"memory (server + children): first {r['memory'][0]['rss_mb']} MB RSS, peak {peak['rss_mb']} MB RSS / "
              f"{peak['pss_mb']} MB PSS at {peak['t']} s ({peak['procs']} processes), last "
              f"{r['memory'][-1]['rss_mb']} MB RSS")
        step = max(1, len(r["memory"]) // 8)
        print("  t s: RSS/PSS MB (procs, load) " + "  ".join(
            f"{m['t']}: {m['rss_mb']}/{m['pss_mb']} ({m['procs']}, {m['load'].split()[0]})"
            for m in r["memory"][::step]))


if __name__ == "__main__":
    sys.exit(main())
