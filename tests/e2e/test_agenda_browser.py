"""The Buku agenda in a real browser against the real server: a generated agenda page and a letter
it registers, both read by the real pipeline (Tesseract); the ledger lists both, the year and month
tabs narrow it, the row is linked to its letter, and a clerk's edit is saved and audited."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from e2e_server import Server, login  # noqa: E402
from letter_image import render_letter  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def archive_home(web_home, tmp_path_factory):
    """An agenda page, then a letter whose nomor is one of its rows (linked when it is committed)."""
    from archive import service
    from archive.settings import load_settings
    from samples.generate import make_document, render_pages

    settings = load_settings(home=web_home, environ={"BURT_WORKERS": "1"})
    src = tmp_path_factory.mktemp("agenda-src")
    page = src / "buku-agenda.png"
    render_pages(make_document("agenda_surat_masuk", random.Random(11)))[0].save(page, dpi=(300, 300))
    [agenda_out] = service.ingest_paths(settings, [page])
    assert agenda_out.status == "ingested", agenda_out
    row = next(e for e in service.agenda_list(settings).entries
               if e.origin == "buku" and e.nomor_surat and e.tanggal_terima and not e.needs_review)
    lines = ("PEMERINTAH DESA LOK BATU", "KECAMATAN BATUMANDI KABUPATEN BALANGAN", "",
             "Lok Batu, 4 Maret 2024", f"Nomor : {row.nomor_surat}", "Sifat : Biasa",
             "Perihal : Permohonan peminjaman buku kolektif", "", "Kepada Yth.",
             "Kepala Dinas Perpustakaan dan Kearsipan", "Kabupaten Balangan", "di Paringin", "",
             "Dengan hormat, bersama ini kami mengajukan permohonan", "peminjaman koleksi buku secara kolektif.",
             "", "Kepala Desa Lok Batu,", "", "Ahmad Fauzi")
    letter = render_letter(src / "surat-desa.png", lines, width=1240)
    [letter_out] = service.ingest_paths(settings, [letter])
    assert letter_out.status == "ingested", letter_out
    return settings, agenda_out.id, letter_out.id, row


@pytest.fixture(scope="module")
def server(archive_home, web_home):
    srv = Server(web_home)
    yield srv
    srv.stop()


def test_buku_agenda_tabs_link_and_edit(page, server, archive_home, screenshots):
    from archive import service

    settings, agenda_id, letter_id, row = archive_home
    login(page, server.url, "pelaksana")
    page.click("nav.mainnav >> text=Buku agenda")
    page.wait_for_url("**/agenda")
    ledger = page.locator("#agenda tbody tr[data-entry]")
    assert ledger.count() >= 2
    # the letter's own entry (numbered 1 in its register and year) and the page's rows are listed
    assert page.locator(f'#agenda a.letter:has-text("{letter_id}")').count() >= 1
    page.click(f'nav.years a[data-year="{row.year}"]')
    month = int(row.tanggal_terima[5:7])
    page.click(f'nav.months a[data-month="{month}"]')
    page.wait_for_url(f"**bulan={month}**")
    line = page.locator(f'#agenda tr[data-entry="{row.id}"]')
    assert line.count() == 1 and row.nomor_surat in line.inner_text()
    assert line.locator("a.letter").inner_text().strip() == letter_id  # linked to the archived letter
    assert line.locator("a.source").count() == 1  # and to its page
    page.screenshot(path=str(screenshots / "agenda-ledger.png"), full_page=True)
    page.fill("#q", "tidakadakatasepertiini")
    page.click("form.filter-row button[type=submit]")
    assert page.locator("#agenda tr[data-entry]").count() == 0
    page.goto(server.url + f"/agenda/{row.id}")
    assert page.locator("img[alt]").first.get_attribute("src").endswith(f"/dokumen/{agenda_id}/halaman/1")
    crop = page.locator("#row-crop")  # the row itself, cut from the page image, beside the form
    assert f"/dokumen/{agenda_id}/halaman/1" in crop.get_attribute("style")
    box = crop.bounding_box()
    assert box and box["width"] > 4 * box["height"] > 0  # a strip of the page, not the whole page
    page.screenshot(path=str(screenshots / "agenda-entry.png"), full_page=True)
    page.fill("#keterangan", "Diteruskan ke Kabid Layanan")
    page.fill("#alasan", "sesuai lembar disposisi")
    page.click("#agenda-edit button[type=submit]")
    page.wait_for_selector("#agenda-history")
    assert "Diteruskan ke Kabid Layanan" in page.locator("#agenda-history").inner_text()
    [entry] = [a for a in service.audit_log(settings, doc_id=letter_id, limit=50) if a.action == "agenda.edit"]
    assert entry.user == "pelaksana" and entry.detail["changes"]["keterangan"]["new"] == "Diteruskan ke Kabid Layanan"
