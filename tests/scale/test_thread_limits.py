"""Thread limits of reading processes (``ingest.threads.ThreadLimits``, issue 16): a process alone keeps
the libraries' defaults; several processes on the cores (a ``burt worker``'s prefork pool, the page
pool) get ``cores // processes`` threads of OpenCV, OpenBLAS and OpenMP each, and a document's pages
are read in its own process once the processes fill the cores.  Tesseract is always held to one
OpenMP thread unless the operator chose otherwise.  Each case runs in a fresh process, as a worker's
pool process does (the limits are set once, at its start)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from archive import service
from archive.settings import load_settings
from ingest.threads import ThreadLimits

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, os, sys
from ingest.threads import ThreadLimits
limits = ThreadLimits(**json.loads(sys.argv[1]))
limits.apply()
import cv2
import sklearn.linear_model  # loads scikit-learn's OpenMP after the limits were set
from threadpoolctl import threadpool_info
print(json.dumps({"cv2": cv2.getNumThreads(), "pools": sorted({p["num_threads"] for p in threadpool_info()}),
                  "apis": sorted({p["internal_api"] for p in threadpool_info()}),
                  "omp_limit": os.environ.get("OMP_THREAD_LIMIT")}))
"""


def _probe(limits: dict, operator: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    env.update(operator or {})
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(limits)], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.splitlines()[-1])


def test_a_process_alone_keeps_the_library_defaults_and_tesseract_is_held_to_one():
    cores = os.cpu_count() or 1
    got = _probe({})
    assert got["omp_limit"] == "1"
    assert got["cv2"] == cores  # OpenCV may use the idle cores of a process alone
    assert got["pools"] == [cores]


def test_processes_sharing_the_cores_get_one_thread_of_each_library():
    got = _probe({"libraries": 1})
    assert got["cv2"] == 1
    assert got["pools"] == [1]  # numpy's OpenBLAS, and scikit-learn's OpenMP loaded after the limits
    assert {"openblas", "openmp"} <= set(got["apis"])
    assert got["omp_limit"] == "1"


def test_an_operators_tesseract_limit_is_kept():
    assert _probe({"libraries": 1}, {"OMP_THREAD_LIMIT": "2"})["omp_limit"] == "2"


def test_limits_for_a_number_of_processes():
    assert ThreadLimits.for_processes(1, 2, cores=2) == ThreadLimits(page_workers=2)
    assert ThreadLimits.for_processes(2, 2, cores=2) == ThreadLimits(libraries=1, page_workers=1)
    assert ThreadLimits.for_processes(4, 2, cores=2) == ThreadLimits(libraries=1, page_workers=1)
    assert ThreadLimits.for_processes(2, 4, cores=8) == ThreadLimits(libraries=4, page_workers=4)
    assert ThreadLimits.for_processes(2, 1, cores=8) == ThreadLimits(libraries=4, page_workers=1)


def test_a_worker_filling_the_cores_reads_each_documents_pages_in_its_own_process(tmp_path):
    cores = os.cpu_count() or 1
    settings = load_settings(home=tmp_path / "home", environ={"BURT_WORKERS": str(max(2, cores))})
    limits, worker = service._worker_limits(settings, concurrency=cores)
    assert worker.ingest.workers == 1 and worker.workers == 1  # no page pool per document beside the pool
    assert limits.libraries == 1
    alone, single = service._worker_limits(settings, concurrency=1)
    assert single.ingest.workers == max(2, cores)  # one process: its page pool as the in-process runner's
    assert alone.libraries is None
