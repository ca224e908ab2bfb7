"""Concurrent ingest of 20 files (threads) while other threads search: no lock errors, nothing
lost or doubled, readers never fail."""
from __future__ import annotations

import io
import threading

from fakes import write_doc

from archive import service
from archive.records import SearchQuery

BOTH_BACKENDS = True  # each storage test runs on SQLite and on PostgreSQL (tests/conftest.py)


def test_concurrent_ingest_and_upload_while_searching(settings, processor, tmp_path):
    files = [write_doc(tmp_path / f"c{i:02d}.json", [f"Laporan pendampingan perpustakaan desa ke-{i} kode{i:02d}x"],
                       doc_type="laporan_pendampingan", sop_step=6, tanggal=f"2024-06-{i + 1:02d}")
             for i in range(20)]
    errors: list[BaseException] = []
    outcomes = []
    stop = threading.Event()
    searches = [0]

    def ingest(chunk):
        try:
            outcomes.extend(service.ingest_paths(settings, chunk, processor=processor))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    def upload_then_run(chunk):
        try:
            for f in chunk:
                service.submit_upload(settings, f.name, io.BytesIO(f.read_bytes()), user="ani")
            service.run_pending_jobs(settings, processor)
        except BaseException as exc:
            errors.append(exc)

    def searcher():
        try:
            while not stop.is_set():
                service.search(settings, SearchQuery(text="pendampingan perpustakaan", limit=5))
                service.suggest(settings, "pend")
                searches[0] += 1
        except BaseException as exc:
            errors.append(exc)

    service.prepare(settings)
    readers = [threading.Thread(target=searcher) for _ in range(2)]
    writers = [threading.Thread(target=ingest, args=(files[i:i + 4],)) for i in range(0, 12, 4)]
    writers += [threading.Thread(target=upload_then_run, args=(files[i:i + 4],)) for i in range(12, 20, 4)]
    for t in readers + writers:
        t.start()
    for t in writers:
        t.join(timeout=120)
    service.run_pending_jobs(settings, processor)  # uploads whose runner thread missed a job
    stop.set()
    for t in readers:
        t.join(timeout=30)

    assert errors == []
    assert searches[0] > 0
    assert sorted(o.status for o in outcomes) == ["ingested"] * 12
    docs = service.list_documents(settings, limit=100)
    assert len(docs) == 20 and len({d.id for d in docs}) == 20
    res = service.search(settings, SearchQuery(text="pendampingan", limit=50, facets=False))
    assert res.total == 20
    for i in (0, 13, 19):
        assert service.search(settings, SearchQuery(text=f"kode{i:02d}x")).total == 1
    assert service.verify(settings).ok


def test_large_vocabulary_is_refreshed_in_the_background(settings, processor, tmp_path, monkeypatch):
    import time

    from archive.search import handles as search
    monkeypatch.setattr(search, "VOCAB_LARGE", 1)
    monkeypatch.setattr(search, "VOCAB_REFRESH_S", 0.0)
    first = write_doc(tmp_path / "a.json", ["Laporan kegiatan perpustakaan desa"])
    list(service.ingest_paths(settings, [first], processor=processor))
    assert service.search(settings, SearchQuery(text="perpustakaan")).total == 1  # vocabulary built
    second = write_doc(tmp_path / "b.json", ["Berita acara serah terima ensiklopedia"])
    list(service.ingest_paths(settings, [second], processor=processor))
    # exact and stemmed matching of the new document works at once…
    assert service.search(settings, SearchQuery(text="ensiklopedia")).total == 1
    # …and its words become fuzzy variants once the background rebuild has finished
    deadline = time.monotonic() + 10
    while service.search(settings, SearchQuery(text="ensiklopedla")).total == 0:
        assert time.monotonic() < deadline, "vocabulary never refreshed"
        time.sleep(0.05)
