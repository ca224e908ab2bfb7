"""The page pool's workers do not run the parent's main module again (issue 13, per-run cost).

A forkserver worker runs the parent's ``__main__`` again as ``__mp_main__`` before its first task;
for ``burt`` that is ``web.cli`` and the whole web and archive stack, ~0.6 CPU-s per worker that no
page uses. A main script with a side effect on import shows whether a worker imported it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MAIN = """
import os, sys
from pathlib import Path
marks = Path(sys.argv[1])
with marks.open("a") as fh:  # one line per process that runs this file
    fh.write(f"{os.getpid()}\\n")
from ingest import pipeline
from ingest.options import IngestOptions

if __name__ == "__main__":
    pool = pipeline._executor(IngestOptions(workers=2), pages=2)
    try:
        pids = {pool.submit(os.getpid).result() for _ in range(6)}
        pids |= {f.result() for f in [pool.submit(os.getpid) for _ in range(6)]}
    finally:
        pool.shutdown()
    print(len(pids - {os.getpid()}), os.getpid())
"""


def test_workers_do_not_import_the_main_module(tmp_path):
    script, marks = tmp_path / "main_with_effect.py", tmp_path / "marks.txt"
    script.write_text(MAIN)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, str(script), str(marks)], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    workers, parent = run.stdout.split()
    assert int(workers) >= 1  # the calls really ran in worker processes
    assert marks.read_text().split() == [parent]  # and only the parent ran the main file
