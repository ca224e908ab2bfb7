"""The archive's two databases side by side: SQLite (the embedded default) and PostgreSQL.

    .venv/bin/python bench/db_backends.py                  # 200 documents, 3 rounds; starts the test PostgreSQL
    .venv/bin/python bench/db_backends.py --docs 1000      # more documents

PostgreSQL is the server of ``BURT_TEST_PG_URL``, or the private one ``scripts/pg-ensure.sh`` starts
(loopback, its own cluster); each round works in a fresh schema, dropped afterwards.  Measured, per
backend (median of the rounds, wall clock, one process):

- ``migrate_s``: the Alembic migrations from an empty database to every head (what the first
  ``open_db`` of a new archive does);
- ``rows_per_s``: documents' metadata rows written the way the commit step writes them, one
  transaction per document (a ``documents`` row, 2 ``pages``, 5 ``fields``, 1 ``audit_log``);
- ``ingest_docs_per_s``: documents through ``service.ingest_paths`` with the archive tests' fake
  pipeline (no OCR): job rows, content-addressed store, derivatives, rows, audit and the Whoosh index:
  everything but OCR, which costs seconds per page on either database;
- ``list_ms`` / ``get_ms``: ``service.list_documents`` (50 rows) and ``service.get_document``, mean.

Output: a table on stdout and ``bench/out/db_backends.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "archive")]

from fakes import FakePipeline, text_processor, write_doc  # noqa: E402

from archive import db, service  # noqa: E402
from archive.settings import load_settings  # noqa: E402


def _pg_url() -> str:
    url = os.environ.get("BURT_TEST_PG_URL")
    if url:
        return url
    out = subprocess.run([str(ROOT / "scripts" / "pg-ensure.sh")], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def _rows(settings, n: int) -> float:
    started = time.perf_counter()
    for i in range(n):
        with db.session_scope(settings) as s:
            doc_id = f"r{i:011d}"
            s.add(db.Document(id=doc_id, sha256=f"{i:064d}", filename=f"r{i}.pdf", kind="pdf", size=1000 + i,
                              page_count=2, original_path=f"originals/{i % 256:02x}/{i}.pdf", doc_type="surat_balasan",
                              sop_step=3, created_at=db.now_iso()))
            s.flush()
            for p in (1, 2):
                s.add(db.PageRow(document_id=doc_id, number=p, text=f"Surat balasan nomor {i} halaman {p} " * 40,
                                 words="[]"))
            for name in ("nomor", "tanggal", "perihal", "pengirim", "penerima"):
                s.add(db.FieldRow(document_id=doc_id, name=name, value=f"{name} {i}", confidence=0.9,
                                  set_at=db.now_iso()))
            db.write_audit(s, "document.ingest", user="bench", doc_id=doc_id, detail={"i": i})
    return n / (time.perf_counter() - started)


def _round(url: str | None, n: int, work: Path) -> dict[str, float]:
    environ = {"BURT_WORKERS": "1", **({"BURT_DATABASE_URL": url} if url else {})}
    settings = load_settings(home=work / "home", environ=environ)
    started = time.perf_counter()
    db.open_db(settings)
    migrate_s = time.perf_counter() - started
    rows = _rows(settings, n)

    docs = work / "docs"
    docs.mkdir()
    files = [write_doc(docs / f"d{i:05d}.json", [f"Laporan pendampingan perpustakaan desa ke-{i}", "halaman dua"],
                       doc_type="laporan_pendampingan", sop_step=6, nomor=f"{i:03d}/LP/2024",
                       tanggal=f"2024-06-{i % 28 + 1:02d}") for i in range(n)]
    started = time.perf_counter()
    outs = list(service.ingest_paths(settings, files, processor=FakePipeline(text_processor)))
    ingest = n / (time.perf_counter() - started)
    assert [o.status for o in outs] == ["ingested"] * n, {o.status for o in outs}

    started = time.perf_counter()
    for offset in range(0, 20 * 50, 50):
        service.list_documents(settings, limit=50, offset=offset)
    list_ms = (time.perf_counter() - started) / 20 * 1000
    started = time.perf_counter()
    for o in outs[:50]:
        service.get_document(settings, o.id)
    get_ms = (time.perf_counter() - started) / min(50, len(outs)) * 1000
    db.close_db(settings)
    return {"migrate_s": migrate_s, "rows_per_s": rows, "ingest_docs_per_s": ingest, "list_ms": list_ms,
            "get_ms": get_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ["BURT_TEST_PG_URL"] = _pg_url()
    from tests.pg_backend import fresh_schema

    results: dict[str, dict[str, float]] = {}
    for backend in ("sqlite", "postgresql"):
        rounds = []
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory(prefix="burt-dbbench-") as tmp:
                if backend == "sqlite":
                    rounds.append(_round(None, args.docs, Path(tmp)))
                else:
                    with fresh_schema() as url:
                        rounds.append(_round(url, args.docs, Path(tmp)))
        results[backend] = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
    print(f"{args.docs} documents, median of {args.rounds} rounds, {os.cpu_count()} cores")
    print(f"{'backend':<11} {'migrate s':>10} {'rows/s':>8} {'ingest docs/s':>14} {'list ms':>8} {'get ms':>7}")
    for backend, r in results.items():
        print(f"{backend:<11} {r['migrate_s']:>10.2f} {r['rows_per_s']:>8.0f} {r['ingest_docs_per_s']:>14.1f} "
              f"{r['list_ms']:>8.1f} {r['get_ms']:>7.1f}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "db_backends.json").write_text(json.dumps({"docs": args.docs, "rounds": args.rounds,
                                                      "results": results}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
