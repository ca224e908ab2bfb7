"""The PostgreSQL side of the storage tests: a fresh schema per test on the server named by
``BURT_TEST_PG_URL`` (``make test`` starts one with scripts/pg-ensure.sh and exports it).

Without ``BURT_TEST_PG_URL`` (a developer's plain ``pytest``) the PostgreSQL variants are skipped
with a reason; with ``BURT_REQUIRE_PG=1`` (``make test``, so CI) a missing or unreachable server is a
failure, never a skip.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import quote

import pytest

BACKENDS = ("sqlite", "postgresql")
_reachable: dict[str, str | None] = {}  # url -> None (reachable) or the connection error


def _conninfo(url: str) -> str:
    """The libpq form of a SQLAlchemy URL (``postgresql+psycopg://`` -> ``postgresql://``)."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest if scheme.startswith("postgresql") else url


def _connect(url: str):
    import psycopg

    return psycopg.connect(_conninfo(url), autocommit=True, connect_timeout=10)


def server_url() -> str:
    """The test server's URL, or skip (developer) / fail (``BURT_REQUIRE_PG=1``) without one."""
    url = os.environ.get("BURT_TEST_PG_URL", "").strip()
    required = os.environ.get("BURT_REQUIRE_PG", "") == "1"
    if not url:
        reason = ("BURT_TEST_PG_URL is not set: the PostgreSQL variant runs under `make test` "
                  "(scripts/pg-ensure.sh starts a private server)")
        if required:
            pytest.fail(f"BURT_REQUIRE_PG=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    if url not in _reachable:
        try:
            with _connect(url) as conn:
                conn.execute("SELECT 1")
            _reachable[url] = None
        except Exception as exc:  # any failure to reach the server is reported as such
            _reachable[url] = f"{type(exc).__name__}: {exc}"
    error = _reachable[url]
    if error is not None:
        message = f"PostgreSQL at BURT_TEST_PG_URL={url} is not reachable: {error}"
        if required:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return url


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A new, empty schema on the test server; yields a SQLAlchemy URL whose connections use it
    (``search_path``), and drops the schema with everything in it afterwards."""
    base = server_url()
    name = f"t_{uuid.uuid4().hex[:12]}"
    with _connect(base) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options={quote(f'-csearch_path={name}')}"
    try:
        yield url
    finally:
        with _connect(base) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")
