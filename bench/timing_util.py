"""Shared by the stage-timing benchmarks: one-thread best-of-N timing and the pages of a
generated held-out set. No imports of the project at module level, so a script that puts
another tree first on ``sys.path`` still measures that tree."""
from __future__ import annotations

import pickle
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def fastest(repeat: int, fn, *args):
    """``fn(*args)`` run ``repeat`` times: the last result and the fastest run in ms."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - started)
    return result, best * 1000


def generated_pages(seed: int, count: int, options) -> Iterator[tuple[str, object]]:
    """``("file#page", loaded Page)`` for every page of the held-out set of ``seed``."""
    if 8000 <= seed <= 8999:
        raise SystemExit("seeds 8000-8999 are reserved for the final measurement")
    from ingest.load import load_page, open_source
    from samples.generate import generate_set

    with tempfile.TemporaryDirectory() as tmp:
        for file in generate_set(tmp, seed, count, held_out=True):
            if file.suffix.lower() not in SUFFIXES:
                continue
            source = open_source(file, options)
            for number in range(1, source.page_count + 1):
                yield f"{file.name}#{number}", load_page(source, number, options)


def cached(path: Path, build: Callable[[], list]) -> list:
    """``build()``'s result, pickled at ``path`` on first use and read back afterwards."""
    if path.exists():
        return pickle.loads(path.read_bytes())
    result = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(result))
    return result
