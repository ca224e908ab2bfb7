"""CPU time of a process tree, from ``/proc`` (Linux): what a run of the job runner or of Celery
workers costs in CPU-seconds, by role, independent of how loaded the machine is.

``CpuSampler(roots, extra)`` walks the tree under each root pid every ``interval`` seconds and keeps, per
process, the last seen ``utime``/``stime`` of each of its threads and its ``cutime``/``cstime``
(the children it has reaped: Tesseract, finished pool processes).  Processes whose command line
contains a pattern of ``extra`` (name -> pattern: a PostgreSQL backend of one database, the Redis server) are sampled the same way
and reported apart.  Totals are taken separately from ``resource.getrusage(RUSAGE_CHILDREN)``
around the run (exact, nothing missed between samples); the sampler gives the breakdown.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(path: Path) -> list[str] | None:
    """Fields of a ``stat`` file after the command name (field 3 onwards), or None once gone."""
    try:
        text = path.read_text()
    except OSError:
        return None
    return text[text.rfind(")") + 2:].split()


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


@dataclass
class ProcCpu:
    """One process's CPU as last seen, seconds."""

    pid: int
    cmd: str
    depth: int
    parent: int = 0
    main_thread: float = 0.0  # the thread whose id is the pid (Python's main thread)
    other_threads: float = 0.0  # OpenCV / OpenBLAS / OpenMP pools, the classifier's loader, Celery's own
    threads_seen: set[int] = field(default_factory=set)
    reaped_children: float = 0.0  # cutime + cstime: children it waited for (Tesseract, pool processes)
    first_seen: float = 0.0


class CpuSampler:
    """Samples the trees under ``roots`` (and processes whose command line contains one of
    ``extra``) in a background thread until ``stop()``."""

    def __init__(self, roots: list[int], extra: dict[str, str] | None = None, interval: float = 0.5):
        self.roots, self.extra, self.interval = roots, extra or {}, interval
        self.procs: dict[int, ProcCpu] = {}
        self.extra_procs: dict[int, ProcCpu] = {}
        self.extra_base: dict[int, float] = {}  # CPU of an extra process when first seen (it predates the run)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="cpu-sampler", daemon=True)
        self.loads: list[float] = []

    def start(self) -> CpuSampler:
        self._sample_extra(first=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        self.loads.append(os.getloadavg()[0])
        todo = [(r, 0) for r in self.roots]
        while todo:
            pid, depth = todo.pop()
            self._read(pid, depth, self.procs)
            todo += [(c, depth + 1) for c in _children(pid)]
        self._sample_extra(first=False)

    def _sample_extra(self, first: bool) -> None:
        if not self.extra:
            return
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            if pid not in self.extra_procs:
                cmd = _cmdline(pid)
                if not any(e in cmd for e in self.extra.values()):
                    continue
            self._read(pid, 0, self.extra_procs)
            if pid not in self.extra_base:
                p = self.extra_procs.get(pid)
                # a process that existed before the run: count only what it does from now on
                self.extra_base[pid] = (p.main_thread + p.other_threads) if (p and first) else 0.0

    @staticmethod
    def _read(pid: int, depth: int, into: dict[int, ProcCpu]) -> None:
        st = _stat(Path(f"/proc/{pid}/stat"))
        if st is None:
            return
        p = into.get(pid)
        if p is None:
            p = into[pid] = ProcCpu(pid=pid, cmd=_cmdline(pid), depth=depth, parent=int(st[1]),
                                    first_seen=time.monotonic())
        else:  # a child seen between its fork and its exec still showed its parent's command line
            p.cmd = _cmdline(pid) or p.cmd
        p.reaped_children = max(p.reaped_children, (int(st[13]) + int(st[14])) / TICK)
        main = other = 0.0
        for task in Path(f"/proc/{pid}/task").glob("*"):
            ts = _stat(task / "stat")
            if ts is None:
                continue
            tid = int(task.name)
            p.threads_seen.add(tid)
            cpu = (int(ts[11]) + int(ts[12])) / TICK
            if tid == pid:
                main = cpu
            else:
                other += cpu
        p.main_thread = max(p.main_thread, main)
        # threads that ended since the last sample leave their time in the process total (fields 14,15)
        total = (int(st[11]) + int(st[12])) / TICK
        p.other_threads = max(p.other_threads, other, total - main)

    def extra_cpu(self) -> dict[str, float]:
        """CPU-seconds of the ``extra`` processes during the run, per name."""
        out = {}
        for name, pattern in self.extra.items():
            out[name] = round(sum(p.main_thread + p.other_threads - self.extra_base.get(pid, 0.0)
                                  for pid, p in self.extra_procs.items() if pattern in p.cmd), 2)
        return out


def rusage_children() -> tuple[float, float]:
    """(user, system) CPU-seconds of this process's waited-for descendants so far."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime, r.ru_stime
