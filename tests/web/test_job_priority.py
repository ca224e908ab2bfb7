"""The job runner's thread, and the OCR processes it starts, run at a lower CPU priority than the web
threads, so searches and pages win the CPU while uploads are read (bench/load.py, issue 14)."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from web.jobs import OCR_NICE, JobRunner


def _nice(tid: int) -> int:
    """The nice value of one thread of this process, from /proc (field 19 of its stat line)."""
    stat = Path(f"/proc/self/task/{tid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[16])


def test_the_runner_thread_is_niced_and_the_web_threads_are_not(settings):
    before = os.getpriority(os.PRIO_PROCESS, 0)
    runner = JobRunner(settings, poll_seconds=0.05).start()
    try:
        deadline = time.monotonic() + 30
        while runner.loop_at is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert runner.loop_at is not None
        tid = runner._thread.native_id
        assert tid is not None
        assert _nice(tid) == min(19, before + OCR_NICE)
        assert _nice(threading.get_native_id()) == before  # this (request-serving) thread keeps its priority
    finally:
        runner.stop()


def test_a_process_started_from_a_niced_thread_inherits_it():
    """What the OCR relies on: Tesseract and pool processes are started from the runner's thread."""
    from web.jobs import lower_this_thread

    got: dict[str, object] = {}

    def work() -> None:
        got["nice"] = lower_this_thread(OCR_NICE)
        out = subprocess.run([sys.executable, "-c", "import os; print(os.getpriority(os.PRIO_PROCESS, 0))"],
                             capture_output=True, text=True, timeout=60, check=True)
        got["child"] = int(out.stdout.strip())

    base = os.getpriority(os.PRIO_PROCESS, 0)
    t = threading.Thread(target=work)
    t.start()
    t.join(60)
    assert got["nice"] == min(19, base + OCR_NICE)
    assert got["child"] == got["nice"]
    assert os.getpriority(os.PRIO_PROCESS, 0) == base
