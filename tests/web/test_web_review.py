"""The review queue and the correction form in the web (issue 18), over a real archive: real
OCR of generated letters, SQLite, Whoosh and the Flask test client."""
from __future__ import annotations

import re

import pytest
from web_helpers import csrf_from

from archive import service

FIELDS = ("nomor", "tanggal", "perihal", "pengirim", "penerima", "partner", "sifat", "lampiran")


@pytest.fixture()
def clerk(client_as):
    return client_as("pelaksana")


def _form(page: str, doc, **changes) -> dict:
    form = {"csrf_token": csrf_from(page), "doc_type": doc.doc_type or ""}
    for name in FIELDS:
        form[name] = doc.value(name) or ""
    form.update(changes)
    return form


def test_flagged_document_is_in_the_queue_with_its_reasons_and_the_badge(clerk, settings, flagged_doc):
    flags = service.review_flags(settings, flagged_doc)
    assert flags, "a letter without perihal must wait for review"
    html = clerk.get("/dokumen?tinjau=1").get_data(as_text=True)
    assert f"/dokumen/{flagged_doc}" in html
    for f in flags:
        assert str(f.text).split(":")[0].split("(")[0].strip()[:20] in html
    assert "n-gram" not in html and "Belum ada dokumen." not in html
    badge = re.search(r'id="nav-review"[^>]*>[^<]*<span class="badge[^"]*"[^>]*>(\d+)</span>', html)
    assert badge and int(badge.group(1)) == service.review_count(settings) >= 1
    detail = clerk.get(f"/dokumen/{flagged_doc}").get_data(as_text=True)
    assert 'id="review-accept"' in detail and 'aria-keyshortcuts="a"' in detail and "review.js" in detail


def test_the_review_page_in_english_translates_the_reasons(client_as, settings, flagged_doc):
    client = client_as("auditor")
    client.get("/bahasa/en")
    html = client.get("/dokumen?tinjau=1").get_data(as_text=True)
    client.get("/bahasa/id")
    assert "belum terisi" not in html and ("is empty" in html or "could not be read" in html)


def test_a_date_typed_the_office_way_is_saved_as_iso(clerk, settings, flagged_doc):
    for typed in ("22-04-2024", "23/4/2024", "24 April 2024", "25 Apr 2024"):
        doc = service.get_document(settings, flagged_doc)
        page = clerk.get(f"/dokumen/{flagged_doc}").get_data(as_text=True)
        resp = clerk.post(f"/dokumen/{flagged_doc}/ubah", data=_form(page, doc, tanggal=typed))
        assert resp.status_code == 302, resp.get_data(as_text=True)[:400]
    assert service.get_document(settings, flagged_doc).value("tanggal") == "2024-04-25"


def test_an_error_keeps_every_input_and_shows_the_message_beside_the_field(clerk, settings, flagged_doc):
    doc = service.get_document(settings, flagged_doc)
    page = clerk.get(f"/dokumen/{flagged_doc}").get_data(as_text=True)
    resp = clerk.post(f"/dokumen/{flagged_doc}/ubah",
                      data=_form(page, doc, tanggal="22-13-2024", perihal="Permohonan pinjam buku",
                                 nomor="x" * 201))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert 'value="22-13-2024"' in html and "Permohonan pinjam buku" in html
    tanggal = html.split('id="f-tanggal"')[1].split('<label')[0]
    assert 'aria-invalid="true"' in tanggal and "Tanggal tidak dikenali" in tanggal
    nomor = html.split('id="f-nomor"')[1].split('<label')[0]
    assert "Terlalu panjang" in nomor
    after = service.get_document(settings, flagged_doc)
    assert after.value("perihal") == doc.value("perihal")  # nothing saved


def test_accept_clears_the_flags_is_audited_and_goes_on(clerk, settings, flagged_doc):
    assert service.review_flags(settings, flagged_doc)
    before = service.review_count(settings)
    page = clerk.get(f"/dokumen/{flagged_doc}").get_data(as_text=True)
    token = re.search(r'id="review-accept-form".*?name="csrf_token"[^>]*value="([^"]+)"', page, re.S).group(1)
    resp = clerk.post(f"/dokumen/{flagged_doc}/terima", data={"csrf_token": token})
    assert resp.status_code == 302
    assert service.review_flags(settings, flagged_doc) == ()
    assert service.review_count(settings) == before - 1
    assert service.audit_log(settings, doc_id=flagged_doc, limit=1)[0].action == "document.review_accept"
    history = clerk.get(f"/riwayat?dokumen={flagged_doc}").get_data(as_text=True)
    assert "Tinjauan diterima apa adanya" in history


def test_an_auditor_cannot_accept(client_as, flagged_doc):
    client = client_as("auditor")
    page = client.get(f"/dokumen/{flagged_doc}").get_data(as_text=True)
    assert 'id="review-accept"' not in page
    resp = client.post(f"/dokumen/{flagged_doc}/terima", data={"csrf_token": csrf_from(page)})
    assert resp.status_code == 403


def test_an_empty_queue_says_there_is_nothing_to_review(clerk, settings):
    for item in service.review_queue(settings):
        service.accept_review(settings, item.document.id, user="pelaksana")
    html = clerk.get("/dokumen?tinjau=1").get_data(as_text=True)
    assert "Tidak ada dokumen yang perlu ditinjau." in html and "Belum ada dokumen." not in html


def test_displayed_confidence_never_rounds_up_to_certainty(clerk, settings, letter_doc):
    html = clerk.get(f"/dokumen/{letter_doc}").get_data(as_text=True)
    doc = service.get_document(settings, letter_doc)
    for f in doc.fields.values():
        if f.value and f.confidence < 1.0:
            assert f"{int(f.confidence * 100 + 1e-9)}%" in html
    shown = re.findall(r'class="conf[^"]*">(\d+)%<', html)
    assert shown and all(int(p) < 100 for p in shown)


def test_the_document_page_shows_no_developer_log(clerk, settings, letter_doc):
    doc = service.get_document(settings, letter_doc)
    assert any(r.startswith("n-gram") for r in doc.classification_reasons), "the classifier logs its n-grams"
    html = clerk.get(f"/dokumen/{letter_doc}").get_data(as_text=True)
    assert "n-gram" not in html and "(shipped)" not in html
