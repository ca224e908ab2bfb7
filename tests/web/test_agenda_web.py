"""The Buku agenda page over a real archive (one letter OCR'd by Tesseract through the upload
queue): the letter is listed in its register, a row edit needs the edit role, goes through CSRF
and is audited, downloads are files, bad filters are 400s."""
from __future__ import annotations

import csv
import io
import re

from web_helpers import csrf_from

from archive import service


def _entry_of(settings, doc_id):
    return next(e for e in service.agenda_list(settings).entries if e.document_id == doc_id)


def test_the_letter_is_listed_in_its_register_with_year_and_month_tabs(settings, letter_doc, client_as):
    entry = _entry_of(settings, letter_doc)
    client = client_as("auditor")
    html = client.get(f"/agenda?register={entry.register}").get_data(as_text=True)
    assert f'data-entry="{entry.id}"' in html and letter_doc in html
    assert f'data-year="{entry.year}"' in html
    month = int(entry.tanggal_terima[5:7])
    html = client.get(f"/agenda?register={entry.register}&tahun={entry.year}&bulan={month}").get_data(as_text=True)
    assert f'data-entry="{entry.id}"' in html and f'data-month="{month}"' in html
    other = "keluar" if entry.register == "masuk" else "masuk"
    assert f'data-entry="{entry.id}"' not in client.get(f"/agenda?register={other}").get_data(as_text=True)
    assert f'data-entry="{entry.id}"' not in client.get(
        f"/agenda?register={entry.register}&q=tidakadakatasepertiini").get_data(as_text=True)
    for bad in ("/agenda?register=semua", "/agenda?tahun=20x4", "/agenda?bulan=13"):
        assert client.get(bad).status_code == 400, bad


def test_a_row_edit_is_refused_to_auditors_and_audited_for_clerks(settings, letter_doc, client_as):
    entry = _entry_of(settings, letter_doc)
    auditor = client_as("auditor")
    page = auditor.get(f"/agenda/{entry.id}").get_data(as_text=True)
    assert 'id="agenda-edit"' not in page
    token = csrf_from(auditor.get("/agenda").get_data(as_text=True))
    assert auditor.post(f"/agenda/{entry.id}/ubah", data={"keterangan": "x", "csrf_token": token}).status_code == 403
    clerk = client_as("pelaksana")
    form = clerk.get(f"/agenda/{entry.id}").get_data(as_text=True)
    assert 'id="agenda-edit"' in form
    assert clerk.post(f"/agenda/{entry.id}/ubah", data={"keterangan": "Diteruskan ke Kabid Layanan"}).status_code == 400
    resp = clerk.post(f"/agenda/{entry.id}/ubah", data={"keterangan": "Diteruskan ke Kabid Layanan",
                                                        "alasan": "disposisi", "csrf_token": csrf_from(form)})
    assert resp.status_code == 302
    assert service.agenda_entry(settings, entry.id).keterangan == "Diteruskan ke Kabid Layanan"
    [log] = [a for a in service.audit_log(settings, doc_id=letter_doc) if a.action == "agenda.edit"]
    assert log.user == "pelaksana" and log.detail["changes"]["keterangan"]["new"] == "Diteruskan ke Kabid Layanan"
    assert "agenda-history" in clerk.get(f"/agenda/{entry.id}").get_data(as_text=True)
    bad = clerk.post(f"/agenda/{entry.id}/ubah", data={"tanggal_terima": "kemarin", "csrf_token": csrf_from(form)},
                     follow_redirects=True)
    assert re.search(r"TTTT-BB-HH", bad.get_data(as_text=True))
    assert client_as("pelaksana").get("/agenda/987654").status_code == 404


def test_downloads(settings, letter_doc, client_as):
    entry = _entry_of(settings, letter_doc)
    client = client_as("auditor")
    resp = client.get(f"/agenda/unduh/csv?register={entry.register}")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert [r["dokumen"] for r in rows] == [letter_doc]
    assert client.get("/agenda/unduh/pdf").get_data().startswith(b"%PDF")
    assert client.get("/agenda/unduh/xlsx").get_data()[:2] == b"PK"
    assert client.get("/agenda/unduh/docx").status_code == 404
    assert any(a.action == "agenda.export" for a in service.audit_log(settings, limit=20))
