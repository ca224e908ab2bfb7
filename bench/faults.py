"""Faults: each scenario end to end against real processes, then a table of what became of the documents.

    .venv/bin/python bench/faults.py                    # every scenario (~10-20 min on 2 shared cores)
    .venv/bin/python bench/faults.py --only kill,disk   # the scenarios whose name holds one of these words

Scenarios (a fresh temporary data directory each):

- ``kill -9``: uploads from two clients to a real ``burt serve`` while the server's whole process group is
  killed with SIGKILL, ``--rounds`` times, restarting it each time; an upload that got no answer is sent
  again after the restart (as a clerk would: the archive must keep one copy);
- ``disk full``: the data directory is a small tmpfs (``mount -t tmpfs -o size=…``, unmounted in the end);
  pages are uploaded until the disk is full, then the tmpfs is grown (space freed) and the parked jobs are
  retried (``burt jobs --retry``);
- ``index deleted`` / ``index corrupted`` (garbage bytes in the largest segment file): ``burt verify`` must
  say so, ``burt serve`` must answer searches with 200 or ``503 index_damaged`` (never a 500), and
  ``burt reindex`` repairs it;
- ``sqlite page corrupted``: bytes overwritten inside a b-tree page of ``documents`` in ``archive.db``;
  ``burt verify`` must report it (the repair is a restore from a backup or ``burt export``; none is made here);
- ``tesseract missing`` (``PATH`` without it) and ``tesseract crash`` (a ``tesseract`` on ``PATH`` that
  kills itself with SIGSEGV once it is given a page): uploads must be kept and retried, not refused, and
  archived once the real Tesseract is back.

For each: documents submitted, archived, refused (the file's fault), lost (accepted but neither archived
nor refused, or an original gone), duplicated (more documents than archived uploads), the ``burt verify``
verdict at the end and after the fault (it must tell the truth), and the time. The load average is printed
beside each row (the machine is shared). Exit 1 when anything is lost or duplicated or a verdict is wrong.
Results also go to ``bench/out/faults.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import live  # noqa: E402
from bench.load import seed  # noqa: E402

OUT = ROOT / "bench" / "out"
TERMINAL = ("done", "failed", "needs_attention")


@dataclass
class Row:
    scenario: str
    submitted: int = 0
    archived: int = 0
    refused: int = 0
    lost: int = 0
    duplicated: int = 0
    verify_after_fault: str = "-"
    verify_end: str = "-"
    seconds: float = 0.0
    load: str = ""
    ok: bool = False
    notes: list[str] = field(default_factory=list)


def verdict(v: dict) -> str:
    if v["ok"]:
        return f"clean ({v['documents']} docs)"
    kinds = sorted({p.split('"kind": "')[1].split('"')[0] if '"kind": "' in p else p[:60] for p in v["problems"]})
    return f"{len(v['problems'])} problem(s): {', '.join(kinds[:4])}"


def jobs(home: Path, env: dict[str, str]) -> list[dict]:
    proc = live.burt(home, "jobs", "--json", "--limit", "1000", env=env, check=False)
    try:
        return json.loads(proc.stdout)["jobs"]
    except (json.JSONDecodeError, KeyError):
        return []


def wait_jobs(home: Path, env: dict[str, str], timeout: float, *, until=lambda js: all(j["status"] in TERMINAL
                                                                                         for j in js)) -> list[dict]:
    deadline = time.monotonic() + timeout
    js = jobs(home, env)
    while not until(js) and time.monotonic() < deadline:
        time.sleep(2)
        js = jobs(home, env)
    return js


def account(row: Row, names: set[str], js: list[dict], docs_before: int, docs_after: int | None) -> None:
    """Fill archived / refused / lost / duplicated from the jobs of the uploads named ``names``."""
    by_name: dict[str, list[dict]] = {}
    for j in js:
        by_name.setdefault(j["filename"], []).append(j)
    row.submitted = len(names)
    doc_ids = []
    for name in names:
        mine = by_name.get(name, [])
        done = [j for j in mine if j["status"] == "done" and j.get("doc_id")]
        if done:
            row.archived += 1
            doc_ids += sorted({j["doc_id"] for j in done})
        elif mine and all(j["status"] == "failed" for j in mine):
            row.refused += 1
        elif mine:  # queued, running or parked at the end: kept, but not done -- counted as lost here
            row.lost += 1
            row.notes.append(f"{name}: {[(j['status'], j.get('error_code')) for j in mine]}")
    row.duplicated = len(doc_ids) - len(set(doc_ids))
    if docs_after is not None:
        row.duplicated += max(0, docs_after - docs_before - len(set(doc_ids)))


class Uploads:
    """Upload clients that remember what they sent and what answered: name -> last status (None: no answer)."""

    def __init__(self, token: str):
        self.token = token
        self.sent: dict[str, int | None] = {}
        self.data: dict[str, bytes] = {}
        self.lock = threading.Lock()
        self.counter = 0
        self.statuses: list[int] = []

    def next_page(self, prefix: str) -> tuple[str, bytes]:
        with self.lock:
            self.counter += 1
            n = self.counter
        data, _nomor = live.page_png(hash(prefix) % 1000 * 1000 + n, width=900, height=700)
        return f"{prefix}-{n:04d}.png", data

    def send(self, port: int, name: str, data: bytes) -> int | None:
        try:
            status, _ = live.upload(port, self.token, name, data, timeout=60)
        except OSError:
            status = None
        with self.lock:
            self.sent[name] = status
            self.data[name] = data
            if status is not None:
                self.statuses.append(status)
        return status

    def unanswered(self) -> list[str]:
        return [n for n, s in self.sent.items() if s is None]

    def accepted(self) -> set[str]:
        return {n for n, s in self.sent.items() if s in (202, 409)}



def retry_and_settle(row: Row, home: Path, env: dict[str, str], up, server, *, timeout: float,
                     all_archived: bool) -> Row:
    """After the fault is gone: retry what needs attention, let the jobs finish, stop the server, verify and
    count. ``all_archived`` also asks that every accepted upload became a document."""
    for j in jobs(home, env):
        if j["status"] == "needs_attention":
            live.burt(home, "jobs", "--retry", j["id"], env=env, check=False)
    js = wait_jobs(home, env, timeout)
    server.stop()
    ver = live.verify(home, env)
    row.verify_end = verdict(ver)
    account(row, up.accepted(), js, 0, ver["documents"])
    row.submitted = len(up.sent)
    row.ok = not row.lost and not row.duplicated and ver["ok"]
    if all_archived:
        row.ok = row.ok and row.archived == len(up.accepted())
    return row

def _fresh(tmp: Path, name: str, extra_env: dict[str, str] | None = None) -> tuple[Path, dict[str, str]]:
    home = tmp / name / "home"
    home.parent.mkdir(parents=True)
    env = live.base_env(home, {"BURT_RETRY_DELAY": "2", "BURT_WORKERS": "1", **(extra_env or {})})
    return home, env


def scenario_kill(tmp: Path, rounds: int) -> Row:
    row = Row("kill -9 of burt serve during uploads")
    home, env = _fresh(tmp, "kill")
    token = live.add_user(home, "petugas", "pelaksana", env)
    up = Uploads(token)
    server = live.Server(home, env)
    rnd = random.Random(5)
    try:
        for r in range(rounds):
            server.start()
            for name in up.unanswered():  # the clerk sends again what got no answer
                up.send(server.port, name, up.data[name])
            stop = threading.Event()

            def client(stop=stop, port=server.port, r=r) -> None:
                while not stop.is_set():
                    name, data = up.next_page(f"kill{r}")
                    up.send(port, name, data)
                    time.sleep(0.3)

            threads = [threading.Thread(target=client, daemon=True) for _ in range(2)]
            for th in threads:
                th.start()
            time.sleep(rnd.uniform(3.0, 6.0))
            server.kill9()
            stop.set()
            for th in threads:
                th.join(70)
        server.start()
        for name in up.unanswered():
            up.send(server.port, name, up.data[name])
        js = wait_jobs(home, env, 900)
        # A job that was being read at every kill dies on every try and is parked ("perlu perhatian", the
        # original kept), as it should be; the operator's repair is `burt jobs --retry`.
        parked = [j for j in js if j["status"] == "needs_attention"]
        for j in parked:
            live.burt(home, "jobs", "--retry", j["id"], env=env, check=False)
        if parked:
            row.notes.append(f"parked after dying at every kill, then retried: "
                             f"{[(j['filename'], j.get('attempts'), j.get('error_code')) for j in parked]}")
            js = wait_jobs(home, env, 600)
        server.stop()
        ver = live.verify(home, env)
        row.verify_end = verdict(ver)
        account(row, set(up.sent), js, 0, ver["documents"])
        never = [n for n in up.sent if up.sent[n] is None]
        row.notes.append(f"answers: {sorted(set(up.statuses))}; never answered twice: {len(never)}")
        row.ok = not row.lost and not row.duplicated and ver["ok"] and all(s < 500 for s in up.statuses)
        return row
    finally:
        server.stop()


def scenario_disk(tmp: Path) -> Row:
    row = Row("full disk (tmpfs data directory)")
    mnt = tmp / "disk" / "home"
    mnt.mkdir(parents=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m,mode=0700", "tmpfs", str(mnt)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        row.notes.append(f"skipped: cannot mount a tmpfs ({mounted.stderr.strip()})")
        row.ok = True
        return row
    env = live.base_env(mnt, {"BURT_RETRY_DELAY": "2", "BURT_WORKERS": "1", "BURT_MAX_ATTEMPTS": "2"})
    server = live.Server(mnt, env)
    try:
        token = live.add_user(mnt, "petugas", "pelaksana", env)
        server.start()
        up = Uploads(token)
        full = 0
        for _ in range(80):  # until the disk refuses, and a few more
            name, data = up.next_page("disk")
            status = up.send(server.port, name, data)
            free = shutil.disk_usage(mnt).free
            if status is None or status >= 500 or status == 507 or free < 256 * 1024:
                full += 1
                if full >= 5:
                    break
            time.sleep(0.5)
        js = wait_jobs(mnt, env, 300, until=lambda js: all(j["status"] in TERMINAL
                                                          or j.get("error_code") for j in js))
        row.notes.append(f"while full: answers {sorted(set(up.statuses))}, jobs "
                         f"{sorted({(j['status'], j.get('error_code')) for j in js}, key=str)}")
        server.stop()
        row.verify_after_fault = verdict(live.verify(mnt, env))
        subprocess.run(["mount", "-o", "remount,size=400m", str(mnt)], check=True)  # space freed
        server.start()
        for name in up.unanswered() + [n for n, s in up.sent.items() if s is not None and s >= 500]:
            up.send(server.port, name, up.data[name])
        return retry_and_settle(row, mnt, env, up, server, timeout=900, all_archived=False)
    finally:
        server.stop()
        subprocess.run(["umount", str(mnt)], capture_output=True)


def _seeded(tmp: Path, name: str, n: int) -> tuple[Path, dict[str, str], int]:
    home, env = _fresh(tmp, name)
    seed(home, n, False, env)
    ver = live.verify(home, env)
    if not ver["ok"]:
        raise RuntimeError(f"seeded archive does not verify: {ver['problems'][:3]}")
    return home, env, ver["documents"]


def _search_answers(home: Path, env: dict[str, str], token: str) -> list[int]:
    server = live.Server(home, env)
    try:
        server.start()
        return [live.request(server.port, "GET", f"/api/search?q={q}", token=token)[0]
                for q in ("perpustakaan", "rapat", "DISPERSIP")]
    finally:
        server.stop()


def scenario_index(tmp: Path, corrupt: bool, n_docs: int) -> Row:
    row = Row("whoosh index corrupted" if corrupt else "whoosh index deleted")
    home, env, before = _seeded(tmp, "index-corrupt" if corrupt else "index-deleted", n_docs)
    token = live.add_user(home, "pemeriksa", "auditor", env)
    index_dir = home / "index"
    if corrupt:
        seg = max((p for p in index_dir.iterdir() if p.is_file()), key=lambda p: p.stat().st_size)
        with seg.open("r+b") as fh:
            size = seg.stat().st_size
            for off in range(0, size, max(1, size // 16)):
                fh.seek(off)
                fh.write(os.urandom(min(64, size - off)))
        row.notes.append(f"garbage written into {seg.name} ({size} bytes)")
    else:
        shutil.rmtree(index_dir)
    ver = live.verify(home, env)
    row.verify_after_fault = verdict(ver)
    answers = _search_answers(home, env, token)
    row.notes.append(f"search answers with the broken index: {answers}")
    repaired = live.burt(home, "reindex", env=env, check=False)
    row.notes.append(f"burt reindex: exit {repaired.returncode} {repaired.stdout.strip()[-80:]}")
    ver_end = live.verify(home, env)
    row.verify_end = verdict(ver_end)
    after_answers = _search_answers(home, env, token)
    row.notes.append(f"search answers after the repair: {after_answers}")
    row.submitted, row.archived = before, ver_end["documents"] or 0
    row.lost = max(0, before - row.archived)
    row.duplicated = max(0, row.archived - before)
    row.ok = (not ver["ok"] and ver_end["ok"] and not row.lost and not row.duplicated
              and all(a in (200, 503) for a in answers) and all(a == 200 for a in after_answers))
    return row


def scenario_sqlite(tmp: Path, n_docs: int) -> Row:
    row = Row("sqlite page corrupted")
    home, env, before = _seeded(tmp, "sqlite", n_docs)
    db = home / "archive.db"
    originals = sorted(p for p in (home / "originals").rglob("*") if p.is_file())
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        pages = [r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name = 'documents' AND pagetype = 'leaf'")]
    con.close()
    page = pages[len(pages) // 2]
    with db.open("r+b") as fh:  # garbage over the head of one leaf page of the documents table (header, cells)
        fh.seek((page - 1) * page_size)
        fh.write(os.urandom(256))
    row.notes.append(f"256 garbage bytes at the head of leaf page {page} ({len(pages)} leaf pages of 'documents')")
    ver = live.verify(home, env)
    row.verify_after_fault = verdict(ver)
    proc = live.burt(home, "verify", env=env, check=False)
    row.notes.append(f"burt verify exit {proc.returncode}: {(proc.stdout + proc.stderr).strip()[:200]}")
    row.notes.append("traceback on stderr" if "Traceback" in proc.stderr else "no traceback")
    row.submitted = before
    still = sorted(p for p in (home / "originals").rglob("*") if p.is_file())
    row.lost = len(set(originals) - set(still))
    row.archived = len(still)
    row.verify_end = "(no repair: restore a backup / burt export)"
    row.ok = not ver["ok"] and not row.lost and "Traceback" not in proc.stderr
    return row


def _bin_without_tesseract(tmp: Path) -> Path:
    """A PATH directory with every command of the current PATH except tesseract (symlinks)."""
    d = tmp / "bin-no-tesseract"
    d.mkdir()
    for part in os.environ.get("PATH", "").split(os.pathsep):
        if not part or not os.path.isdir(part):
            continue
        for entry in os.scandir(part):
            if entry.name == "tesseract" or (d / entry.name).exists():
                continue
            if entry.is_file() and os.access(entry.path, os.X_OK):
                (d / entry.name).symlink_to(entry.path)
    return d


def _crashing_tesseract(tmp: Path) -> Path:
    d = tmp / "bin-crashing-tesseract"
    d.mkdir()
    real = shutil.which("tesseract")
    script = d / "tesseract"
    script.write_text("#!/bin/sh\n# a Tesseract that dies of SIGSEGV once it has a page (mid-page)\n"
                      f'case "$1" in --version|--list-langs|-v) exec {real} "$@";; esac\n'
                      "sleep 0.3\nkill -SEGV $$\n")
    script.chmod(0o755)
    return d


def scenario_tesseract(tmp: Path, crash: bool) -> Row:
    row = Row("tesseract crashes mid-page" if crash else "tesseract missing")
    name = "tess-crash" if crash else "tess-missing"
    home, env = _fresh(tmp, name)
    token = live.add_user(home, "petugas", "pelaksana", env)
    bad_path = (f"{_crashing_tesseract(tmp / name)}{os.pathsep}{env['PATH']}" if crash
                else str(_bin_without_tesseract(tmp / name)))
    bad_env = {**env, "PATH": bad_path}
    up = Uploads(token)
    server = live.Server(home, bad_env)
    try:
        server.start()
        for _ in range(3):
            name_, data = up.next_page(name)
            up.send(server.port, name_, data)
        js = wait_jobs(home, env, 300, until=lambda js: len(js) >= 3 and all(j.get("error_code") or j["status"]
                                                                            in TERMINAL for j in js))
        row.notes.append(f"with the fault: {sorted({(j['status'], j.get('error_code'), j.get('fault')) for j in js}, key=str)}")
        server.stop()
        row.verify_after_fault = verdict(live.verify(home, env))
        server = live.Server(home, env)  # Tesseract is back
        server.start()
        return retry_and_settle(row, home, env, up, server, timeout=600, all_archived=True)
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="comma-separated words; run the scenarios whose key holds one")
    ap.add_argument("--rounds", type=int, default=5, help="kill -9 rounds")
    ap.add_argument("--docs", type=int, default=60, help="documents seeded for the index and database scenarios")
    ap.add_argument("--json-out", type=Path, default=OUT / "faults.json")
    args = ap.parse_args(argv)
    scenarios = {
        "kill": lambda tmp: scenario_kill(tmp, args.rounds),
        "disk": scenario_disk,
        "index-deleted": lambda tmp: scenario_index(tmp, False, args.docs),
        "index-corrupted": lambda tmp: scenario_index(tmp, True, args.docs),
        "sqlite": lambda tmp: scenario_sqlite(tmp, args.docs),
        "tesseract-missing": lambda tmp: scenario_tesseract(tmp, False),
        "tesseract-crash": lambda tmp: scenario_tesseract(tmp, True),
    }
    wanted = [w for w in args.only.split(",") if w]
    rows: list[Row] = []
    for key, fn in scenarios.items():
        if wanted and not any(w in key for w in wanted):
            continue
        tmp = Path(tempfile.mkdtemp(prefix=f"burt-faults-{key}-"))
        t = time.monotonic()
        load = live.loadavg()
        try:
            row = fn(tmp)
        except Exception as exc:  # a scenario that could not run is a failed row, the others still run
            row = Row(key, notes=[f"ERROR {type(exc).__name__}: {exc}"[:500]])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        row.seconds = round(time.monotonic() - t, 1)
        row.load = f"{load} -> {live.loadavg()}"
        rows.append(row)
        print_row(row)
    print_table(rows)
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps([asdict(r) for r in rows], indent=1, ensure_ascii=False), encoding="utf-8")
    return 0 if all(r.ok for r in rows) else 1


def print_row(r: Row) -> None:
    print(f"== {r.scenario}: {'ok' if r.ok else 'FAILED'} ({r.seconds} s, load {r.load})", flush=True)
    for note in r.notes[:12]:
        print(f"   {note}", flush=True)


def print_table(rows: list[Row]) -> None:
    print("\n| scenario | submitted | archived | refused | lost | duplicated | `burt verify` after the fault | "
          "`burt verify` at the end | time s | load (1-min avg, before -> after) | ok |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.scenario} | {r.submitted} | {r.archived} | {r.refused} | {r.lost} | {r.duplicated} | "
              f"{r.verify_after_fault} | {r.verify_end} | {r.seconds} | {r.load} | {'yes' if r.ok else 'NO'} |")


if __name__ == "__main__":
    sys.exit(main())
