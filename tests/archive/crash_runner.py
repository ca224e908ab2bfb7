"""The crash tests' runner: the real ``burt ingest --json`` in a child process that dies like
``kill -9`` right after one stage of the ingest order.

    python crash_runner.py HOME STAGE|- fake|real PATH...

It replaces ``archive.jobs.crash_point`` (a no-op in production) in this process only, and with
``fake`` puts the archive tests' fake pipeline in place of ``ingest.pipeline`` at the archive's
pipeline seam; then it calls the CLI's entry point, so the production batch path runs.
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent.parent)]

from fakes import FakePipeline  # noqa: E402

from archive import jobs  # noqa: E402
from web.cli import main  # noqa: E402


def dying_at(stage: str):
    """A ``crash_point`` that SIGKILLs this process when ``stage`` is reached."""
    def crash_point(reached: str) -> None:
        if reached == stage:
            os.kill(os.getpid(), signal.SIGKILL)
    return crash_point


if __name__ == "__main__":
    home, stage, mode, *paths = sys.argv[1:]
    if stage != "-":
        jobs.crash_point = dying_at(stage)
    if mode == "fake":
        jobs.ingest_pipeline = FakePipeline()
    main(["--home", home, "ingest", "--json", *paths], prog_name="burt")
