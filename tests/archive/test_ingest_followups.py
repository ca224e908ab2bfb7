"""Ingest follow-ups on a real archive (SQLite, Whoosh, store): auto-linking after ingest,
rejected files leaving no trace, classification corrections, job stages."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from archive import service, store
from archive.records import SearchQuery
from fakes import write_doc

ROOT = Path(__file__).resolve().parents[2]
OFFICE = "Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"


def _request_letter(path: Path) -> Path:
    return write_doc(path, ["Permohonan peminjaman buku Desa Lok Batu Kecamatan Batumandi"],
                     doc_type="surat_permintaan_peminjaman", sop_step=None, nomor="400/12/DS/2024",
                     tanggal="2024-05-02", pengirim="Kepala Desa Lok Batu", penerima=OFFICE)


def test_cli_ingest_links_the_document_and_reindex_keeps_the_activity(settings, processor, tmp_path):
    [out] = service.ingest_paths(settings, [_request_letter(tmp_path / "a.json")], processor=processor)
    assert out.status == "ingested"
    activity = service.activity_of_document(settings, out.id)  # linked without calling audit()
    assert activity is not None and activity.summary.partner == "Desa Lok Batu"
    found = service.search(settings, SearchQuery(activity=str(activity.summary.id)))
    assert [h.id for h in found.hits] == [out.id]
    # `burt reindex` in a fresh process (nothing imported archive.activities beforehand)
    code = ("import sys; from archive import service; from archive.settings import load_settings; "
            "print(service.reindex(load_settings(home=sys.argv[1], environ={})))")
    subprocess.run([sys.executable, "-c", code, str(settings.home)], cwd=ROOT, check=True, capture_output=True)
    again = service.search(settings, SearchQuery(activity=str(activity.summary.id)))
    assert [h.id for h in again.hits] == [out.id]
    assert str(activity.summary.id) in again.facets["activity"]
    assert service.verify(settings).ok


def test_upload_job_links_the_document(settings, processor, tmp_path):
    f = _request_letter(tmp_path / "u.json")
    job = service.submit_upload(settings, "u.json", io.BytesIO(f.read_bytes()), user="ani")
    assert service.run_pending_jobs(settings, processor) == 1
    doc_id = service.get_job(settings, job.id).doc_id
    assert doc_id == store.sha256_file(f)[:12]
    assert service.activity_of_document(settings, doc_id) is not None


def test_a_linking_failure_keeps_the_document(settings, processor, tmp_path, monkeypatch, caplog):
    from archive import activities

    def broken(settings, doc_id, **kw):
        raise RuntimeError("linking broke")

    monkeypatch.setattr(activities, "auto_link", broken)
    [out] = service.ingest_paths(settings, [_request_letter(tmp_path / "a.json")], processor=processor)
    assert out.status == "ingested" and service.get_document(settings, out.id).id == out.id
    assert any(out.id in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert service.activity_of_document(settings, out.id) is None
