"""How many threads the libraries of one reading process may use, in one place.

Parallelism comes from processes (the page pool of ``pipeline``, Celery's prefork pool); inside a
process, Tesseract (OpenMP), OpenCV (pthreads) and numpy / scikit-learn (OpenBLAS, OpenMP) would
each start a thread per core.  Tesseract is always held to one: unlimited, one page cost ~1.1
CPU-seconds instead of ~0.3 for the same text on this 2-core machine (its OpenMP threads spin), and
a page's wall time doubled beside other work.  The other libraries keep their own default in a
process alone on the machine (the in-process job runner: OpenCV may use an idle core during a
page's cleanup) and get ``cores // processes`` threads each when several reading processes share
the cores, so they never ask for more threads than there are cores.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import cv2
from threadpoolctl import threadpool_limits

# read once, when each library is loaded: set before a library that is loaded later (scikit-learn's OpenMP)
_LIBRARY_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass(frozen=True)
class ThreadLimits:
    """``tesseract``: ``OMP_THREAD_LIMIT`` of every Tesseract the process starts (an operator's own
    value is kept); ``libraries``: OpenCV's, OpenBLAS's and OpenMP's threads (None: their default,
    one per core); ``page_workers``: processes for one document's pages (1: read in this process)."""

    tesseract: int = 1
    libraries: int | None = None
    page_workers: int | None = None

    @classmethod
    def for_processes(cls, processes: int, page_workers: int, cores: int | None = None) -> ThreadLimits:
        """The limits of each of ``processes`` reading processes on a machine of ``cores``: alone, the
        libraries' defaults and up to ``page_workers`` page processes; several, ``cores // processes``
        (at least one) of each, so a document's pages are read in its own process once the
        processes fill the cores."""
        cores = max(1, cores or os.cpu_count() or 1)
        if processes <= 1:
            return cls(page_workers=page_workers)
        share = max(1, cores // processes)
        return cls(libraries=share, page_workers=max(1, min(page_workers, share)))

    def apply(self) -> None:
        """Set the limits in this process (once, at its start: before any page is read)."""
        os.environ.setdefault("OMP_THREAD_LIMIT", str(self.tesseract))
        if self.libraries is None:
            return
        for name in _LIBRARY_VARIABLES:
            os.environ.setdefault(name, str(self.libraries))
        cv2.setNumThreads(self.libraries)
        threadpool_limits(self.libraries)  # the libraries already loaded (numpy's OpenBLAS, OpenCV's)
