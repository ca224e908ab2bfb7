"""CPU seconds of ``burt`` start-up paths, one tree against another, in the same run (issue 13).

    PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 .venv/bin/python bench/startup.py --tree main=/tmp/main --tree branch=$PWD \\
        --page PAGE.png --home HOME [--runs 5] [--bytecode both] [--json OUT]

Each case runs as its own process (``python -m web.cli`` from the tree, ``PYTHONPATH`` the tree), the
trees taking turns run by run so both see the same load; CPU is user + system of the process and
its children (Tesseract included) from ``getrusage``, medians over ``--runs``:

- ``import``: ``python -c "import web.cli"``;
- ``help``: ``burt --help``;
- ``ocr``: ``burt ocr PAGE --json`` (no data directory);
- ``search``: ``burt --home HOME search perpustakaan --json`` (HOME: a small archive made beforehand);
- ``serve``: ``burt --home HOME serve`` until ``GET /login`` answers 200: wall seconds to the answer and
  the server's CPU then (``/proc/PID/stat``), after which it is stopped;
- ``raw``: ``tesseract PAGE - -l ind`` (the same for every tree: the baseline, in the same turns).

``--bytecode off`` runs with ``PYTHONDONTWRITEBYTECODE=1`` (every project module compiled from source
at each start, as in this environment), ``on`` with compiled files written to and read from a
per-tree ``PYTHONPYCACHEPREFIX`` warmed by one run first (as an installed ``burt`` has them).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

CASES = ("import", "help", "ocr", "search", "serve")  # and "raw", asked for by name


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _env(tree: Path, pycache: Path | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(tree), "OMP_THREAD_LIMIT": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def _command(case: str, page: Path, home: Path) -> list[str]:
    burt = [sys.executable, "-m", "web.cli"]
    return {"import": [sys.executable, "-c", "import web.cli"],
            "help": burt + ["--help"],
            "ocr": burt + ["ocr", str(page), "--json"],
            "search": burt + ["--home", str(home), "search", "perpustakaan", "--json"],
            "raw": ["tesseract", str(page), "-", "-l", "ind"]}[case]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _serve(tree: Path, env: dict[str, str], home: Path) -> tuple[float, float]:
    """Wall seconds until the server answers, and its CPU seconds then."""
    port = _free_port()
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "web.cli", "--home", str(home), "serve", "--port", str(port)],
                            cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"burt serve stopped with {proc.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as answer:
                    if answer.status == 200:
                        return time.monotonic() - start, _proc_cpu(proc.pid)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
            if time.monotonic() - start > 120:
                raise RuntimeError("burt serve did not answer in 120 s")
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def run_case(case: str, tree: Path, env: dict[str, str], page: Path, home: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run."""
    if case == "serve":
        wall, cpu = _serve(tree, env, home)
        return cpu, wall
    before, start = _children_cpu(), time.monotonic()
    proc = subprocess.run(_command(case, page, home), cwd=tree, env=env, capture_output=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"{case} in {tree}: exit {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return _children_cpu() - before, time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", action="append", required=True, help="LABEL=PATH of a source tree")
    parser.add_argument("--page", type=Path, required=True)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--bytecode", choices=("off", "on", "both"), default="both")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    trees = [(label, Path(path).resolve()) for label, _, path in (t.partition("=") for t in args.tree)]
    cases = [c for c in args.cases.split(",") if c]
    modes = ("off", "on") if args.bytecode == "both" else (args.bytecode,)
    caches = Path(tempfile.mkdtemp(prefix="burt-startup-pyc-"))
    results: dict[str, dict[str, list[tuple[float, float]]]] = {}
    for mode in modes:
        envs = {label: _env(tree, caches / label if mode == "on" else None) for label, tree in trees}
        if mode == "on":  # warm the compiled files once
            for label, tree in trees:
                run_case("help", tree, envs[label], args.page.resolve(), args.home.resolve())
                run_case("search", tree, envs[label], args.page.resolve(), args.home.resolve())
        for case in cases:
            for _ in range(args.runs):
                for label, tree in trees:
                    got = run_case(case, tree, envs[label], args.page.resolve(), args.home.resolve())
                    results.setdefault(f"{mode}/{case}", {}).setdefault(label, []).append(got)
            row = results[f"{mode}/{case}"]
            print(f"bytecode {mode:3} {case:7} " + "  ".join(
                f"{label}: cpu {statistics.median(c for c, _ in runs):.2f} "
                f"[{min(c for c, _ in runs):.2f}-{max(c for c, _ in runs):.2f}] "
                f"wall {statistics.median(w for _, w in runs):.2f}" for label, runs in row.items()), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
