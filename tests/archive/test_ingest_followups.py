"""Ingest follow-ups on a real archive (SQLite, Whoosh, store): auto-linking after ingest,
rejected files leaving no trace, classification corrections, job stages."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import FakePipeline, write_doc

from archive import service, store
from archive.records import SearchQuery

ROOT = Path(__file__).resolve().parents[2]
OFFICE = "Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"


def _request_letter(path: Path) -> Path:
    return write_doc(path, ["Permohonan peminjaman buku Desa Lok Batu Kecamatan Batumandi"],
                     doc_type="surat_permintaan_peminjaman", sop_step=None, nomor="400/12/DS/2024",
                     tanggal="2024-05-02", pengirim="Kepala Desa Lok Batu", penerima=OFFICE)


def test_cli_ingest_links_the_document_and_reindex_keeps_the_activity(settings, processor, tmp_path):
    [out] = service.ingest_paths(settings, [_request_letter(tmp_path / "a.json")], processor=processor)
    assert out.status == "ingested"
    activity = service.activity_of(settings, out.id)  # linked without calling audit()
    assert activity is not None and activity.summary.partner == "Desa Lok Batu"
    found = service.search(settings, SearchQuery(activity=str(activity.summary.id)))
    assert [h.id for h in found.hits] == [out.id]
    # `burt reindex` in a fresh process (nothing imported the activity modules beforehand)
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
    assert service.activity_of(settings, doc_id) is not None


def test_a_linking_failure_keeps_the_document(settings, processor, tmp_path, monkeypatch, caplog):
    from archive import linking

    def broken(settings, doc_id, **kw):
        raise RuntimeError("linking broke")

    def broken_pass(settings, rules=None):
        raise RuntimeError("linking broke")

    monkeypatch.setattr(linking, "auto_link", broken)
    monkeypatch.setattr(linking, "link_unlinked", broken_pass)  # the batch end's second pass fails as well
    [out] = service.ingest_paths(settings, [_request_letter(tmp_path / "a.json")], processor=processor)
    assert out.status == "ingested" and service.get_document(settings, out.id).id == out.id
    assert any(out.id in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert service.activity_of(settings, out.id) is None
    assert any("not linked again" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")


def test_a_failed_first_link_is_made_by_the_second_pass_when_the_batch_ends(settings, processor, tmp_path,
                                                                              monkeypatch):
    """Linking as each document comes failed (logged, document kept); the batch's second pass links it."""
    from archive import linking

    def broken(settings, doc_id, **kw):
        raise RuntimeError("linking broke")

    monkeypatch.setattr(linking, "auto_link", broken)
    [out] = service.ingest_paths(settings, [_request_letter(tmp_path / "a.json")], processor=processor)
    assert service.activity_of(settings, out.id) is not None


# --- a rejected file leaves the archive unchanged ---------------------------------------------------

def _stored_files(settings) -> list[str]:
    return sorted(p.name for p in settings.originals_dir.rglob("*") if p.is_file())


def _failing(exc_type):
    def process(path, options, out_dir=None, name=None):
        raise exc_type()
    return FakePipeline(process)


def test_cli_ingest_of_a_bad_file_keeps_nothing_real_pipeline(settings, tmp_path):
    bad = tmp_path / "surat.pdf"
    bad.write_bytes(b"<!doctype html><html><body>Bukan PDF</body></html>")
    [out] = service.ingest_paths(settings, [bad])  # the real pipeline
    assert out.status == "failed" and out.error_code in ("unsupported_file", "corrupt_file")
    assert _stored_files(settings) == [] and not list(settings.tmp_dir.glob("deriv-*"))
    job = service.get_job(settings, out.job_id)
    assert job.status == "failed" and job.error_message == out.error
    assert service.verify(settings).ok


def test_upload_of_a_bad_file_keeps_nothing(settings, processor, tmp_path):
    from ingest.errors import CorruptFileError

    keep = _request_letter(tmp_path / "keep.json")
    [kept] = service.ingest_paths(settings, [keep], processor=processor)  # a generator: consume it
    assert kept.status == "ingested"
    before = _stored_files(settings)
    assert before == [f"{store.sha256_file(keep)}.json"]  # the good document is in the archive
    job = service.submit_upload(settings, "rusak.jpg", io.BytesIO(b"\xff\xd8\xff broken"), user="ani")
    assert len(_stored_files(settings)) == len(before) + 1  # kept while queued
    assert service.run_pending_jobs(settings, _failing(CorruptFileError)) == 1
    failed = service.get_job(settings, job.id)
    assert (failed.status, failed.error_code) == ("failed", "corrupt_file") and "rusak" in failed.error_message
    assert _stored_files(settings) == before
    assert service.verify(settings).ok


def test_transient_failure_keeps_the_original_for_a_retry(settings, processor, tmp_path):
    from ingest.errors import OcrUnavailableError

    f = _request_letter(tmp_path / "a.json")
    job = service.submit_upload(settings, "a.json", io.BytesIO(f.read_bytes()), user="ani")
    service.run_pending_jobs(settings, _failing(OcrUnavailableError))
    assert service.get_job(settings, job.id).error_code == "ocr_unavailable"
    assert _stored_files(settings) == [f"{store.sha256_file(f)}.json"]
    assert service.verify(settings).ok


# --- correcting the type brings the SOP step ----------------------------------------------------------

def test_correcting_the_type_sets_the_sop_step_from_the_sop(settings, processor, tmp_path):
    from archive.errors import InvalidChangeError
    from ingest.sop import load_sop

    sop = load_sop()
    [out] = service.ingest_paths(settings, [write_doc(tmp_path / "x.json", ["Surat tanpa jenis"])], processor=processor)
    assert service.get_document(settings, out.id).sop_step is None
    typed = next(t for t in sop.doc_types if t.step)
    doc = service.correct_metadata(settings, out.id, {"doc_type": typed.id}, user="ani")
    assert (doc.doc_type, doc.sop_step) == (typed.id, typed.step)
    other_step = next(s.number for s in sop.steps if s.number != typed.step)
    other = next(t for t in sop.doc_types if t.id != typed.id)
    doc = service.correct_metadata(settings, out.id, {"doc_type": other.id, "sop_step": other_step}, user="ani")
    assert (doc.doc_type, doc.sop_step) == (other.id, other_step)  # an explicit step wins
    doc = service.correct_metadata(settings, out.id, {"doc_type": None}, user="ani")
    assert (doc.doc_type, doc.sop_step) == (None, None)
    with pytest.raises(InvalidChangeError):
        service.correct_metadata(settings, out.id, {"doc_type": "bukan_jenis"}, user="ani")
    hits = service.search(settings, SearchQuery(step=typed.step)).hits
    assert out.id not in [h.id for h in hits]


# --- the activity of a document, from the link table ---------------------------------------------------

def test_activity_of_reads_the_link_table(settings, processor, tmp_path):
    from archive.service import activity_documents

    [a] = service.ingest_paths(settings, [_request_letter(tmp_path / "a.json")], processor=processor)
    odd = write_doc(tmp_path / "b.json", ["Daftar judul buku"], doc_type="daftar_judul_buku",
                    tanggal="2024-06-01", partner="SD Negeri 3 Paringin")
    [b] = service.ingest_paths(settings, [odd], processor=processor)
    home = service.activity_of(settings, a.id)
    assert home is not None and home.summary.partner == "Desa Lok Batu"
    if (service.activity_of(settings, b.id) or home).summary.id != home.summary.id:
        service.link_document(settings, b.id, home.summary.id, user="ani")  # by hand, other partner
    assert service.activity_of(settings, b.id).summary.id == home.summary.id
    summary, others = activity_documents(settings, b.id)
    assert summary.id == home.summary.id and [d.id for d in others] == [a.id]
    service.unlink_document(settings, b.id, user="ani")
    assert service.activity_of(settings, b.id) is None and activity_documents(settings, b.id) is None


# --- job stages for the upload page -------------------------------------------------------------------

def _record_stages(monkeypatch) -> list[tuple[str, float]]:
    """Spy on the job-row writes (the real ``_set`` still runs) and keep the stages written."""
    from archive import jobs

    seen: list[tuple[str, float]] = []
    real = jobs._set

    def spy(settings, job_id, **values):
        real(settings, job_id, **values)
        if "stage" in values:
            seen.append((values["stage"], values.get("progress")))

    monkeypatch.setattr(jobs, "_set", spy)
    return seen


def test_upload_job_reports_its_stages(settings, processor, tmp_path, monkeypatch):
    f = write_doc(tmp_path / "dua.json", ["Halaman satu", "Halaman dua"], doc_type="surat_balasan")
    job = service.submit_upload(settings, "dua.json", io.BytesIO(f.read_bytes()), user="ani")
    assert service.get_job(settings, job.id).stage == "queued"
    seen = _record_stages(monkeypatch)
    polled = []

    class Reporting(FakePipeline):
        def ingest_file(self, path, options, out_dir=None, name=None, progress=None):
            polled.append(service.get_job(settings, job.id).stage)  # what the page sees while it runs
            for page in (1, 2):
                progress("reading", page / 2)
                polled.append(service.get_job(settings, job.id).progress)
            progress("classifying", 1.0)
            polled.append(service.get_job(settings, job.id).stage)
            return processor.reader(path, options, out_dir=out_dir, name=name)

    assert service.run_pending_jobs(settings, Reporting()) == 1
    stages = [s for s, _ in seen] + [service.get_job(settings, job.id).stage]  # "done" comes with the index
    assert [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s] == [
        "stored", "reading", "classifying", "indexing", "done"]
    assert polled[0] == "reading" and polled[1] < polled[2] and polled[3] == "classifying"
    progresses = [p for _, p in seen if p is not None] + [service.get_job(settings, job.id).progress]
    assert progresses == sorted(progresses) and progresses[-1] == 1.0


def test_failed_job_ends_in_stage_failed(settings, tmp_path):
    from ingest.errors import CorruptFileError

    job = service.submit_upload(settings, "x.pdf", io.BytesIO(b"%PDF-1.4 x"), user="ani")
    service.run_pending_jobs(settings, _failing(CorruptFileError))
    assert (service.get_job(settings, job.id).status, service.get_job(settings, job.id).stage) == ("failed", "failed")


@pytest.mark.slow
def test_real_pipeline_upload_reports_reading_and_classifying(settings, tmp_path, monkeypatch):
    """The real ``ingest_file`` (Tesseract) on a two-page PDF through the upload queue."""
    from dataclasses import replace

    from PIL import Image

    from tests.web.letter_image import render_letter

    pages = [Image.open(render_letter(tmp_path / f"p{i}.png", width=1000)).convert("RGB") for i in (1, 2)]
    pdf = tmp_path / "surat.pdf"
    pages[0].save(pdf, save_all=True, append_images=pages[1:], resolution=120)
    two_workers = replace(settings, ingest=replace(settings.ingest, workers=2))
    job = service.submit_upload(two_workers, "surat.pdf", io.BytesIO(pdf.read_bytes()), user="ani")
    seen = _record_stages(monkeypatch)
    assert service.run_pending_jobs(two_workers) == 1
    done = service.get_job(two_workers, job.id)
    assert (done.status, done.stage) == ("done", "done"), done
    reading = [p for s, p in seen if s == "reading"]
    assert len(reading) >= 2 and reading == sorted(reading) and reading[-1] == 0.75  # all pages read
    assert [s for s, _ in seen].index("classifying") > [s for s, _ in seen].index("reading")


def test_cached_link_evidence_follows_corrections(settings, processor, tmp_path):
    """Linking reuses each document's evidence; a correction must still be seen."""
    from archive import db
    from archive import evidence as activity_evidence
    from archive.audit import load_rules

    [out] = service.ingest_paths(settings, [_request_letter(tmp_path / "a.json")], processor=processor)
    rules = load_rules()

    def evidence():
        with db.session_scope(settings) as session:
            return activity_evidence.load_documents(session, [out.id], rules)[out.id]

    assert (evidence().nomor, str(evidence().tanggal)) == ("400/12/DS/2024", "2024-05-02")
    service.correct_metadata(settings, out.id, {"nomor": "400/99/DS/2024", "tanggal": "2024-07-01"}, user="ani")
    assert (evidence().nomor, str(evidence().tanggal)) == ("400/99/DS/2024", "2024-07-01")
