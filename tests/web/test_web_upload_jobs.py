"""The upload page (issue 18 item 6): a persistent job list from the archive, no dead link for
a failed job, files refused by their bytes before any job exists, photos of several pages
combined into one document, and a re-photo of an archived letter named as a near-duplicate."""
from __future__ import annotations

import io
import re

import pytest
from letter_image import LETTER_LINES
from PIL import Image, ImageSequence
from web_helpers import PASSWORD, csrf_from, jpeg_bytes, login, make_settings

from archive import db, service
from web.app import create_app


def _items(html: str) -> dict[str, str]:
    """Job list items by job id → their HTML."""
    found = re.findall(r'(<li class="upload-item job[^"]*"\s+data-job="([0-9a-f]+)".*?</li>)', html, re.S)
    return {job: item for item, job in found}


def _jobs_of(settings, user: str) -> list[str]:
    return [j.id for j in service.list_jobs(settings, limit=1000) if j.user == user]


def _send(settings, name: str, data: bytes, user: str = "pelaksana") -> str:
    job = service.submit_upload(settings, name, io.BytesIO(data), user=user)
    service.run_pending_jobs(settings)
    return job.id


def test_job_list_is_kept_by_the_server(client_as, settings, letter_doc):
    """The letter queued by the fixture (as pelaksana) is on the page after any navigation,
    with its state and a link to its document; other users do not see it."""
    clerk = client_as("pelaksana")
    html = clerk.get("/unggah").get_data(as_text=True)
    jobs = [j for j in service.list_jobs(settings, limit=1000) if j.doc_id == letter_doc]
    item = _items(html)[jobs[0].id]
    assert 'data-status="done"' in item and "Selesai" in item and "surat-undangan.jpg" in item
    assert f'href="/dokumen/{letter_doc}"' in item
    assert clerk.get(f"/dokumen/{letter_doc}").status_code == 200
    fragment = clerk.get("/unggah/pekerjaan").get_data(as_text=True)
    assert _items(fragment)[jobs[0].id] == item  # the script's refresh renders the same line
    assert jobs[0].id not in client_as("sekretaris").get("/unggah").get_data(as_text=True)


def test_failed_job_has_its_reason_and_no_dead_link(client_as, settings):
    """A JPEG cut short passes the type check, is queued, and fails in ingest: the list says why
    and whose fault, links nowhere, and Riwayat no longer links to the document it never became."""
    whole = jpeg_bytes(width=600, lines=("Surat rusak", "Halaman terpotong"))
    job_id = _send(settings, "foto-terpotong.jpg", whole[: len(whole) // 3])
    assert service.get_job(settings, job_id).status == "failed"
    clerk = client_as("pelaksana")
    item = _items(clerk.get("/unggah").get_data(as_text=True))[job_id]
    assert 'data-status="failed"' in item
    assert "rusak" in item.lower() and "Kesalahan berkas" in item
    assert "href=" not in item
    history = clerk.get("/riwayat").get_data(as_text=True)
    for doc_id in set(re.findall(r'href="/dokumen/([0-9a-f]+)"', history)):
        assert clerk.get(f"/dokumen/{doc_id}").status_code == 200, doc_id
    upload_row = next(r for r in history.split("<tr>") if "foto-terpotong.jpg" in r)
    assert "/dokumen/" not in upload_row


def test_wrong_file_is_refused_before_a_job_exists(client_as, settings):
    """A program, a web page and a text file named like documents are refused at once with the
    documented codes (415); no job, no original is kept."""
    clerk = client_as("pelaksana")
    token = csrf_from(clerk.get("/unggah").get_data(as_text=True))
    cases = [("surat.pdf", b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode", "unsupported_file"),
             ("halaman.jpg", b"<!doctype html><html><body>bukan foto</body></html>", "unsupported_file"),
             ("catatan.png", "Catatan rapat biasa, bukan gambar.".encode(), "unsupported_file"),
             ("gabungan.pdf", b"MZ" + b"\x00" * 100 + b"%PDF-1.4\n%%EOF\n", "suspicious_file")]
    before_jobs = _jobs_of(settings, "pelaksana")
    before_originals = sorted(p.name for p in settings.originals_dir.rglob("*") if p.is_file())
    for name, data, code in cases:
        resp = clerk.post("/api/documents", data={"file": (io.BytesIO(data), name)},
                          headers={"X-CSRFToken": token}, content_type="multipart/form-data")
        assert resp.status_code == 415, (name, resp.get_data(as_text=True))
        assert resp.get_json()["error"]["code"] == code, name
    resp = clerk.post("/unggah", data={"csrf_token": token, "files": (io.BytesIO(cases[0][1]), "surat.pdf")},
                      content_type="multipart/form-data")
    assert resp.status_code == 422
    assert "Jenis berkas tidak didukung" in resp.get_data(as_text=True)
    assert _jobs_of(settings, "pelaksana") == before_jobs
    assert sorted(p.name for p in settings.originals_dir.rglob("*") if p.is_file()) == before_originals
    assert list(settings.incoming_dir.glob("*.part")) == []


def test_three_photos_are_queued_as_one_tiff_of_three_pages_in_order(tmp_path):
    """The quick half of the test below (no OCR), in a home of its own so its queued job is never
    run: the photos become one queued TIFF named after the first, its pages in the order sent."""
    settings = make_settings(tmp_path / "home")
    try:
        service.add_user(settings, "pelaksana", "pelaksana", password=PASSWORD)
        clerk = create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False}).test_client()
        assert login(clerk, "pelaksana").status_code == 302
        token = csrf_from(clerk.get("/unggah").get_data(as_text=True))
        widths = (620, 600, 580)
        photos = [jpeg_bytes(width=w, lines=(f"Halaman {n} dari 3",), photo=True) for n, w in enumerate(widths, 1)]
        sent = [(io.BytesIO(data), f"IMG_2024031{n}.jpg") for n, data in enumerate(photos, 1)]
        resp = clerk.post("/unggah/halaman", data={"pages": sent}, headers={"X-CSRFToken": token,
                                                                            "Accept": "application/json"},
                          content_type="multipart/form-data")
        assert resp.status_code == 202, resp.get_data(as_text=True)
        job = service.get_job(settings, resp.get_json()["job"])
        assert (job.status, job.filename) == ("queued", "IMG_20240311 (3 halaman).tif")
        [stored] = [p for p in settings.originals_dir.rglob("*") if p.is_file()]
        with Image.open(stored) as tiff:
            frames = [frame.size for frame in ImageSequence.Iterator(tiff)]
        expected = []
        for data in photos:
            with Image.open(io.BytesIO(data)) as photo:
                expected.append(photo.size)
        assert frames == expected and len(set(frames)) == 3  # three pages, in the order sent
    finally:
        db.close_db(settings)


@pytest.mark.slow  # real OCR of three photos; the quick test above covers the combining
def test_three_photos_become_one_document_of_three_pages(client_as, settings):
    clerk = client_as("pelaksana")
    token = csrf_from(clerk.get("/unggah").get_data(as_text=True))
    photos = [(io.BytesIO(jpeg_bytes(width=620, lines=(f"Halaman {n} dari 3", "Laporan kegiatan perpustakaan"),
                                     photo=True)), f"IMG_2024031{n}.jpg") for n in (1, 2, 3)]
    resp = clerk.post("/unggah/halaman", data={"pages": photos}, headers={"X-CSRFToken": token,
                                                                         "Accept": "application/json"},
                      content_type="multipart/form-data")
    assert resp.status_code == 202, resp.get_data(as_text=True)
    job_id = resp.get_json()["job"]
    service.run_pending_jobs(settings)
    job = service.get_job(settings, job_id)
    assert job.status == "done", job
    doc = service.get_document(settings, job.doc_id)
    assert doc.page_count == 3 and doc.kind == "tiff"
    texts = [p.text for p in doc.pages]
    assert all(f"Halaman {n}" in texts[n - 1] for n in (1, 2, 3)), texts
    item = _items(clerk.get("/unggah").get_data(as_text=True))[job_id]
    assert "IMG_20240311 (3 halaman).tif" in item and f'href="/dokumen/{job.doc_id}"' in item


def test_pages_refused_when_one_is_not_a_photo(client_as, settings):
    clerk = client_as("pelaksana")
    token = csrf_from(clerk.get("/unggah").get_data(as_text=True))
    before = _jobs_of(settings, "pelaksana")
    pages = [(io.BytesIO(jpeg_bytes(width=400, lines=("Halaman satu",))), "satu.jpg"),
             (io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"), "dua.pdf")]
    resp = clerk.post("/unggah/halaman", data={"pages": pages}, headers={"X-CSRFToken": token,
                                                                        "Accept": "application/json"},
                      content_type="multipart/form-data")
    assert resp.status_code == 415 and resp.get_json()["error"]["code"] == "unsupported_file"
    assert "JPEG atau PNG" in resp.get_json()["error"]["message"]
    # without JavaScript the same form answers with the page and the reason beside the files
    pages = [(io.BytesIO(b"GIF89a" + b"\x00" * 40), "tiga.gif")]
    html = clerk.post("/unggah/halaman", data={"csrf_token": token, "pages": pages},
                      content_type="multipart/form-data")
    assert html.status_code == 422 and "tiga.gif" in html.get_data(as_text=True)
    assert _jobs_of(settings, "pelaksana") == before
    assert list(settings.incoming_dir.glob("*.part")) == []


def test_re_photo_of_an_archived_letter_is_named_as_near_duplicate(client_as, settings, letter_doc):
    """The same letter photographed again (other bytes, same nomor and tanggal) is archived, and
    its job line links to the document already archived."""
    job_id = _send(settings, "foto-ulang.jpg", jpeg_bytes(width=1100, lines=LETTER_LINES, photo=True))
    job = service.get_job(settings, job_id)
    assert job.status == "done" and job.doc_id != letter_doc
    item = _items(client_as("pelaksana").get("/unggah").get_data(as_text=True))[job_id]
    assert "Mirip dokumen yang sudah ada" in item
    assert f'class="similar" href="/dokumen/{letter_doc}"' in item
