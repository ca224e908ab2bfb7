"""Every file of the hostile corpus through the real ``burt ocr --json``, one process each.

    .venv/bin/python bench/hostile.py                  # the whole corpus (~59 files, a few minutes)
    .venv/bin/python bench/hostile.py --only polyglot  # the cases whose name holds "polyglot"
    .venv/bin/python bench/hostile.py --keep /tmp/corpus --json-out hostile.json

For each file: the expected outcome (an error code or ``accepted``), the outcome got (the
``[code]`` of ``Error [code]: ...`` on stderr with exit 2, or ``accepted`` for exit 0 with a
JSON object on stdout), wall seconds, and the peak resident memory of the largest process of
the run (``burt`` or a child it waited for: pdftoppm, tesseract), from ``wait4`` in a small
launcher process. A file is killed (its whole process group) after ``--timeout`` seconds.

Exits 1 when any outcome differs from the expected one, any run timed out, or any stderr
holds a Python traceback; 0 otherwise. Cases with names no POSIX file can carry (NUL) are
listed as skipped: the loader test covers them.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.hostile_corpus import ACCEPTED, Case, build, cases  # noqa: E402

_ERROR = re.compile(r"^Error \[([a-z_]+)\]:", re.MULTILINE)


@dataclass
class Run:
    file: str
    expected: str
    got: str
    seconds: float
    peak_rss_mb: float
    traceback: bool

    @property
    def ok(self) -> bool:
        return self.got == self.expected and not self.traceback


# Runs in a small process of its own: a child's peak RSS as Linux reports it starts from the
# memory of the process that forked it, so burt is forked from this launcher, not from the
# bench (which holds the generated corpus). argv: result file, timeout, command...
_LAUNCHER = """
import json, os, signal, subprocess, sys, time
result, timeout, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
proc = subprocess.Popen(command, start_new_session=True)
started, timed_out = time.monotonic(), False
while True:
    pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
    if pid:
        break
    if time.monotonic() - started > timeout:
        os.killpg(proc.pid, signal.SIGKILL)
        timed_out = True
        pid, status, usage = os.wait4(proc.pid, 0)
        break
    time.sleep(0.05)
with open(result, "w") as fh:
    json.dump({"rc": os.waitstatus_to_exitcode(status), "maxrss_kb": usage.ru_maxrss, "timed_out": timed_out,
               "seconds": time.monotonic() - started}, fh)
"""


def run_one(burt: Path, home: Path, path: Path, timeout: float, env: dict[str, str]) -> tuple[str, float, float, bool]:
    """``(outcome, seconds, peak RSS MB, traceback seen)`` of ``burt ocr --json path``."""
    with tempfile.TemporaryDirectory(prefix="burt-hostile-run-") as tmp:
        result, out, err = Path(tmp) / "result.json", Path(tmp) / "out", Path(tmp) / "err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            subprocess.run([sys.executable, "-c", _LAUNCHER, str(result), str(timeout), str(burt), "--home", str(home),
                            "ocr", "--json", str(path)], stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                           env=env, timeout=timeout + 60, check=False)
        outcome = json.loads(result.read_text())
        stdout_text = out.read_text("utf-8", "replace")
        stderr_text = err.read_text("utf-8", "replace")
    seconds, peak = outcome["seconds"], outcome["maxrss_kb"] / 1024  # KiB on Linux
    traceback = "Traceback (most recent call last)" in stderr_text
    if outcome["timed_out"]:
        return "timeout", seconds, peak, traceback
    if outcome["rc"] == 0:
        try:
            json.loads(stdout_text)
            return ACCEPTED, seconds, peak, traceback
        except ValueError:
            return "bad_json", seconds, peak, traceback
    match = _ERROR.search(stderr_text)
    if outcome["rc"] == 2 and match:
        return match.group(1), seconds, peak, traceback
    return f"crash(exit {outcome['rc']})", seconds, peak, traceback


def shown(name: str) -> str:
    return ascii(name)[1:-1] if not name.isprintable() else name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="run only cases whose file name contains this")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per file (default 300)")
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus here and keep it")
    parser.add_argument("--json-out", type=Path, default=None, help="also write the table as JSON here")
    args = parser.parse_args(argv)

    burt = Path(sys.executable).with_name("burt")
    selected: list[Case] = [c for c in cases() if args.only in c.name]
    env = {**os.environ, "BURT_WORKERS": "1", "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="burt-hostile-") as tmp:
        folder = args.keep or Path(tmp) / "corpus"
        home = Path(tmp) / "home"
        runs: list[Run] = []
        skipped = [c for c in selected if not c.cli]
        print(f"{'file':44} {'expected':17} {'got':17} {'s':>6} {'MB':>6}")
        for case, path in build(folder, [c for c in selected if c.cli]):
            got, seconds, peak, traceback = run_one(burt, home, path, args.timeout, env)
            run = Run(shown(case.name), case.expected, got, round(seconds, 2), round(peak, 1), traceback)
            runs.append(run)
            mark = "" if run.ok else ("  <-- TRACEBACK" if traceback else "  <-- DIFFERS")
            print(f"{run.file[:44]:44} {run.expected:17} {run.got:17} {run.seconds:6.1f} {run.peak_rss_mb:6.0f}{mark}",
                  flush=True)
    for case in skipped:
        print(f"{shown(case.name)[:44]:44} {case.expected:17} {'skipped':17}  (name no file can carry; loader test)")
    bad = [r for r in runs if not r.ok]
    total = sum(r.seconds for r in runs)
    print(f"\n{len(runs)} files, {len(runs) - len(bad)} as expected, {len(bad)} not; "
          f"{total:.0f} s in all, slowest {max((r.seconds for r in runs), default=0):.1f} s, "
          f"largest peak RSS {max((r.peak_rss_mb for r in runs), default=0):.0f} MB")
    if args.json_out:
        args.json_out.write_text(json.dumps([asdict(r) for r in runs], indent=1, ensure_ascii=False))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
