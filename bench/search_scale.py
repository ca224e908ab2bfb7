"""Whoosh at scale through the archive's single writer: index size, commit time per batch, query p95.

    .venv/bin/python bench/search_scale.py --docs 100000            # ~20-40 min on 2 shared cores
    .venv/bin/python bench/search_scale.py --docs 10000 --batch 500  # a quick run

Documents are ``bench/search.py``'s generated BuRT letters (kop, nomor, hal, kepada, body sentences from
the Dinas's vocabulary, a named official, tanggal; words damaged by the measured OCR-confusion model), every
one different. They go into the index the way the archive writes them: ``archive.search.index_documents``
(the single writer: thread lock + ``fcntl`` lock, ``update_document`` by id, one commit per call), ``--batch``
documents per commit, as ``burt ingest``'s indexing step and ``burt reindex`` feed it. At each checkpoint
(1k, 10k, 25k, 50k, 75k, 100k, 250k, 500k, 1M and the end; the figures are
written as each is reached, so a run stopped early still leaves them) it measures: the index size on disk, the commit time of the last batches, the
time of one single-document commit (what each web upload costs), and p50/p95 of typical clerk queries
(an official's name + topic word, another form of the topic word + partner, a partial nomor, an exact
phrase; ``archive.search.run_query``, facets on as in the web's search page and off). The load average is
recorded beside every figure: the machine is shared, so every 25,000 documents a progress line and
each bulk stage and checkpoint also give the CPU-seconds of the script and its writer processes
(``tree_cpu_s``), the build's cost at any load. Results go to ``bench/out/search_scale.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive import search  # noqa: E402
from archive.records import SearchQuery  # noqa: E402
from archive.search.writer import add_in_bulk, writer_lock  # noqa: E402
from bench.search import TOPICS, ConfusionModel, Doc, index_dicts, make_doc, make_partners, typo  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))], 1)


def dir_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 1)


def typical_queries(sample: list[Doc], rnd: random.Random, per_kind: int) -> list[tuple[str, str]]:
    """(kind, text): what a clerk types, drawn from documents already in the index."""
    out = []
    for d in rnd.sample(sample, min(per_kind, len(sample))):
        out.append(("name_topic", f"{d.person[0]} {typo(d.person[1].lower(), rnd)} {TOPICS[d.topic][1]}"))
    for d in rnd.sample(sample, min(per_kind, len(sample))):
        out.append(("stemmed_partner", f"{rnd.choice(TOPICS[d.topic][2])} {d.partner.split()[-1]}"))
    for d in rnd.sample(sample, min(per_kind, len(sample))):
        out.append(("partial_nomor", f"{d.seq:06d}/DISPERSIP/{d.year}"))
    phrased = [d for d in sample if d.phrase]
    for d in rnd.sample(phrased, min(per_kind, len(phrased))):
        out.append(("phrase", f'"{d.phrase}"'))
    return out


def time_queries(where: Path, queries: list[tuple[str, str]], facets: bool) -> dict:
    search.forget_index(where)
    for _, text in queries[:5]:  # warm-up: open the segments, load the vocabulary once
        search.run_query(where, SearchQuery(text=text, limit=10, facets=facets))
    ms: dict[str, list[float]] = {}
    cpu: list[float] = []
    for kind, text in queries:
        t, c = time.perf_counter(), time.process_time()
        search.run_query(where, SearchQuery(text=text, limit=20, facets=facets))
        ms.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    every = [x for v in ms.values() for x in v]
    return {"p50_ms": pct(every, 50), "p95_ms": pct(every, 95),
            "by_kind_p95_ms": {k: pct(v, 95) for k, v in ms.items()},
            # CPU time of this process: what the query costs on a core of its own (the wall time
            # above also holds the waits of a process sharing busy cores)
            "cpu_p50_ms": pct(cpu, 50), "cpu_p95_ms": pct(cpu, 95)}


def single_commit_ms(where: Path, sample: list[Doc], n: int = 5) -> float:
    """One document per commit, as each web upload indexes (ids new, so the index grows by ``n``)."""
    took = []
    for i, d in enumerate(sample[:n]):
        extra = Doc(**{**d.__dict__, "id": f"{d.id}s{i}"})
        t = time.perf_counter()
        search.index_documents(where, list(index_dicts([extra])))
        took.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(took), 1)


def bulk_add(where: Path, docs, limitmb: int, procs: int) -> int:
    """Add documents in bulk to the index as new segments (``procs`` processes analysing, each
    with ``limitmb`` of memory, ``multisegment``: no merge of what is there), under the archive's
    single-writer lock; what a large import or a staged reindex would do."""
    with writer_lock(where):
        n = add_in_bulk(search.open_index(where), docs, limitmb=limitmb, procs=procs, merge=False)
    search.forget_index(where)
    return n


def tree_cpu_s() -> float:
    """CPU-seconds of this process and its children so far, live bulk-writer processes included:
    what the build costs whatever the load (its wall time depends on the share of the cores it gets)."""
    import resource

    from bench.proc_cpu import CpuSampler

    sampler = CpuSampler([os.getpid()])
    sampler.sample()
    live = sum(p.main_thread + p.other_threads for p in sampler.procs.values() if p.pid != os.getpid())
    own = resource.getrusage(resource.RUSAGE_SELF)
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round(own.ru_utime + own.ru_stime + done.ru_utime + done.ru_stime + live, 1)


def sample_from_index(where: Path, rnd: random.Random, n: int = 2000) -> list[Doc]:
    """The generated letters of ``n`` random documents of an index built by this script, read back
    from their stored fields (what ``typical_queries`` draws from), for ``--measure``."""
    import re

    titles = {t[0]: k for k, t in enumerate(TOPICS)}
    out = []
    from archive.search.handles import open_searcher

    with open_searcher(where) as (_, searcher):
        total = searcher.doc_count_all()
        for docnum in rnd.sample(range(total), min(n, total)):
            if searcher.reader().is_deleted(docnum):
                continue
            f = searcher.stored_fields(docnum)
            m = re.search(r"(\S+) (\S+) selaku (\S+)", f.get("content", ""))
            num = re.match(r"d(\d+)", f.get("id", ""))
            if not m or not num or f.get("title") not in titles:
                continue
            i = int(num.group(1))
            noised = i % 4 == 1
            out.append(Doc(id=f["id"], topic=titles[f["title"]], partner=f.get("partner", ""),
                           person=(m.group(1), m.group(2)), person_noised=noised, seq=i + 1,
                           year=int(f.get("year") or 2024), nomor="", nomor_ocr=f.get("nomor", ""),
                           tanggal="", text=f.get("content", ""),
                           phrase=None if noised else f"{m.group(1)} {m.group(2)} selaku {m.group(3)}"))
    return out


def measure(where: Path, seed: int, per_kind: int) -> dict:
    """Query p50/p95 (wall and CPU) on an existing index, without writing to it."""
    load = os.getloadavg()
    sample = sample_from_index(where, random.Random(seed + 3))
    queries = typical_queries(sample, random.Random(seed + 1), per_kind)
    row = {"documents": search.doc_count(where), "index_mb": dir_mb(where),
           "segments": len(list(where.glob("*.seg"))), "queries": len(queries),
           "facets_on": time_queries(where, queries, True), "facets_off": time_queries(where, queries, False),
           "load_avg_1_5_15": [round(x, 2) for x in load], "load_avg_after": [round(x, 2) for x in os.getloadavg()]}
    print(json.dumps(row), flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "search_scale_measure.json").write_text(json.dumps(row, indent=1))
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents to index")
    parser.add_argument("--batch", type=int, default=1000, help="documents per commit through the single writer")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--queries", type=int, default=40, help="queries per kind at each checkpoint")
    parser.add_argument("--work", type=Path, default=None, help="index directory's parent (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the index afterwards")
    parser.add_argument("--prefill", type=int, default=0,
                        help="first build this many documents with the bulk writer (the `burt reindex` path, "
                             "timed apart), then go on through the single writer in --batch commits")
    parser.add_argument("--staged", type=int, default=0, metavar="TAIL",
                        help="before each checkpoint, add documents in bulk (one multi-process writer, new "
                             "segments, timed) up to TAIL batches short of it, then write those last TAIL "
                             "batches through the single writer; reaches 1M in hours instead of days")
    parser.add_argument("--procs", type=int, default=2, help="processes of the bulk writer (--prefill, --staged)")
    parser.add_argument("--limitmb", type=int, default=2048, help="memory per bulk-writer process, MB")
    parser.add_argument("--checkpoints", type=str, default="",
                        help="comma-separated document counts to measure at (default 1k,10k,25k,...,1M)")
    parser.add_argument("--measure", type=Path, default=None, metavar="INDEX_DIR",
                        help="only measure queries (wall and CPU time) on an index this script built and kept")
    args = parser.parse_args(argv)
    if args.measure:
        measure(args.measure, args.seed, args.queries)
        return 0

    work = Path(tempfile.mkdtemp(prefix="burt-search-scale-", dir=args.work))
    where = work / "index"
    rnd = random.Random(args.seed)
    model = ConfusionModel()
    partners = make_partners(rnd, max(50, min(args.docs, 1_000_000) // 20))
    wanted = ([int(x) for x in args.checkpoints.split(",")] if args.checkpoints else
              [1000, 10_000, 25_000, 50_000, 75_000, 100_000, 250_000, 500_000, 1_000_000])
    checkpoints = sorted({n for n in wanted if n < args.docs} | {args.docs})
    sample: list[Doc] = []  # a reservoir of indexed documents the queries are drawn from
    batch_s: list[float] = []
    rows = []
    written = 0
    started = time.perf_counter()
    qrnd = random.Random(args.seed + 1)
    keep = random.Random(args.seed + 2)
    prefill: dict = {}
    stages: list[dict] = []

    def stream(upto: int):
        """Generate documents ``written``..``upto`` one at a time (memory stays flat at 1M),
        keeping the query reservoir as they go."""
        nonlocal written
        while written < upto:
            d = make_doc(written, rnd, partners, model)
            if len(sample) < 2000:
                sample.append(d)
            elif (k := keep.randrange(written + 1)) < 2000:
                sample[k] = d
            written += 1
            if written % 25_000 == 0:  # a run stopped for a deadline still says how far it got
                print(json.dumps({"generated": written, "elapsed_s": round(time.perf_counter() - started, 1),
                                  "cpu_s": tree_cpu_s(), "load_avg_1_5_15": [round(x, 2) for x in os.getloadavg()]}),
                      flush=True)
            yield from index_dicts([d])

    try:
        if args.prefill:
            t = time.perf_counter()
            search.rebuild(where, stream(args.prefill), limitmb=args.limitmb, procs=args.procs)
            took = time.perf_counter() - t
            prefill = {"prefill_documents": args.prefill, "prefill_s": round(took, 1),
                       "prefill_docs_per_s": round(args.prefill / took, 1), "prefill_mb": dir_mb(where),
                       "load_after_prefill": [round(x, 2) for x in os.getloadavg()]}
            print(json.dumps(prefill), flush=True)
        while written < args.docs:
            target = next(c for c in checkpoints if c > written) - args.staged * args.batch
            if args.staged and target - written >= args.batch:
                before, t = written, time.perf_counter()
                added = bulk_add(where, stream(target), args.limitmb, args.procs)
                took = time.perf_counter() - t
                stages.append({"from": before, "to": written, "added": added, "s": round(took, 1),
                               "cpu_s_total": tree_cpu_s(),
                               "docs_per_s": round(added / took, 1),
                               "load_avg_after": [round(x, 2) for x in os.getloadavg()]})
                prefill = {"bulk_stages": stages}
                print(json.dumps(stages[-1]), flush=True)
            n = min(args.batch, args.docs - written)
            docs = [make_doc(written + i, rnd, partners, model) for i in range(n)]
            for d in docs:  # reservoir sampling keeps memory flat at any size
                if len(sample) < 2000:
                    sample.append(d)
                elif (k := keep.randrange(written + 1)) < 2000:
                    sample[k] = d
                written += 1
            t = time.perf_counter()
            search.index_documents(where, list(index_dicts(docs)))
            batch_s.append(time.perf_counter() - t)
            if written in checkpoints or written == args.docs:
                load = os.getloadavg()
                recent = batch_s[-10:]
                queries = typical_queries(sample, qrnd, args.queries)
                row = {
                    **prefill, "documents": written, "index_mb": dir_mb(where),
                    "elapsed_s": round(time.perf_counter() - started, 1), "cpu_s_total": tree_cpu_s(),
                    "batch": args.batch, "commit_s_last10_median": round(statistics.median(recent), 2),
                    "commit_s_last10_max": round(max(recent), 2),
                    "docs_per_s_last10": round(args.batch * len(recent) / sum(recent), 1),
                    "single_doc_commit_ms": single_commit_ms(where, sample),
                    "queries": len(queries),
                    "facets_on": time_queries(where, queries, True),
                    "facets_off": time_queries(where, queries, False),
                    "segments": len(list(where.glob("*.seg"))),
                    "load_avg_1_5_15": [round(x, 2) for x in load],
                    "load_avg_after": [round(x, 2) for x in os.getloadavg()],
                }
                rows.append(row)
                print(json.dumps(row), flush=True)
                OUT.mkdir(parents=True, exist_ok=True)
                (OUT / "search_scale.json").write_text(json.dumps(rows, indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
