"""The review queue in a real browser (issue 18): the "Perlu ditinjau" list fills with reasons, the
menu badge counts, and a clerk reviews with the keyboard: j/k next and previous flagged document,
e opens the correction form (a wrong date keeps the input and says why beside the field; an
Indonesian date is accepted), a accepts (audited) and the badge goes down.  Real OCR, SQLite,
Whoosh, server and Debian chromium."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from e2e_server import login  # noqa: E402
from letter_image import render_letter  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# Letters with no "Perihal" line and no nomor: a letter's type requires both, so each is flagged.
LETTERS = {
    "IMG_20240402_080101.jpg": ("PEMERINTAH DESA LOK BATU", "", "Kepada Yth. Kepala Dinas Perpustakaan", "",
                                "Dengan hormat, kami mohon peminjaman buku secara kolektif.", "",
                                "Lok Batu, 2 April 2024", "Kepala Desa Lok Batu"),
    "IMG_20240515_090202.jpg": ("PEMERINTAH DESA TEBING TINGGI", "", "Kepada Yth. Kepala Dinas Perpustakaan", "",
                                "Dengan hormat, kami mohon pembinaan perpustakaan desa.", "",
                                "Tebing Tinggi, 15 Mei 2024", "Kepala Desa Tebing Tinggi"),
}


@pytest.fixture(scope="module")
def flagged(web_home, tmp_path_factory) -> list[str]:
    from archive import service
    from archive.settings import load_settings

    settings = load_settings(home=web_home, environ={"BURT_WORKERS": "1"})
    src = tmp_path_factory.mktemp("letters")
    paths = [render_letter(src / name, lines=lines, width=1000) for name, lines in LETTERS.items()]
    outs = list(service.ingest_paths(settings, paths))
    assert all(o.status == "ingested" for o in outs), outs
    queue = [item.document.id for item in service.review_queue(settings)]
    assert {o.id for o in outs} <= set(queue)
    return queue


def _badge(page) -> int:
    return int(page.locator("#nav-review .badge").inner_text())


def test_keyboard_review_of_the_queue(page, server, flagged, screenshots):
    login(page, server.url, "pelaksana")
    page.goto(server.url + "/dokumen?tinjau=1")
    assert _badge(page) == len(flagged)
    assert "Belum ada dokumen." not in page.content()
    reasons = page.locator(".review-reasons li")
    assert reasons.count() >= len(flagged) and "belum terisi" in reasons.first.inner_text()
    page.screenshot(path=str(screenshots / "review-queue.png"), full_page=True)

    page.goto(server.url + f"/dokumen/{flagged[0]}")
    assert page.locator("#tinjau .review-reasons li").count() >= 1
    page.keyboard.press("j")
    page.wait_for_url(re.compile(f"/dokumen/{flagged[1]}$"))
    page.keyboard.press("k")
    page.wait_for_url(re.compile(f"/dokumen/{flagged[0]}$"))

    page.keyboard.press("e")
    assert page.locator("details#edit").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.id") == "doc_type"
    page.fill("#f-tanggal", "31-02-2024")
    page.fill("#f-perihal", "Permohonan peminjaman buku kolektif")
    page.click("details#edit button[type=submit]")
    error = page.locator("#err-tanggal")
    assert "Tanggal tidak dikenali" in error.inner_text()
    assert page.input_value("#f-tanggal") == "31-02-2024"
    assert page.input_value("#f-perihal") == "Permohonan peminjaman buku kolektif"
    page.screenshot(path=str(screenshots / "review-form-error.png"), full_page=True)

    page.fill("#f-tanggal", "22 April 2024")
    page.click("details#edit button[type=submit]")
    page.wait_for_url(re.compile(f"/dokumen/{flagged[0]}$"))
    assert "22 April 2024" in page.locator("dl.fields").inner_text()
    assert "Permohonan peminjaman buku kolektif" in page.locator("h1.doc-title").inner_text()

    before = _badge(page)
    assert page.locator("#review-accept").count() == 1, "a nomor is still missing: the document stays flagged"
    page.locator("h1.doc-title").click()  # no field focused: the key is a shortcut
    page.keyboard.press("a")
    page.wait_for_url(lambda url: f"/dokumen/{flagged[0]}" not in url)
    page.wait_for_selector(".flash-success")
    assert "diterima apa adanya" in page.locator(".flash-success").inner_text()
    assert _badge(page) == before - 1
    page.goto(server.url + "/riwayat?dokumen=" + flagged[0])
    assert "Tinjauan diterima apa adanya" in page.content()


def test_search_in_the_office_words(page, server, flagged, screenshots):
    login(page, server.url, "auditor")
    # a step name finds the letters of that step; nothing found still suggests something
    page.goto(server.url + "/cari?q=peminjaman+kolektif")
    assert page.locator("article.hit").count() >= 1
    page.goto(server.url + "/cari?q=xylofonik")
    suggestion = page.locator(".didyoumean a")
    assert suggestion.count() == 1
    suggestion.click()
    page.wait_for_selector("article.hit")
    # a partner filter by part of the name, in any case, shown as a chip that removes it
    page.goto(server.url + "/cari?partner=LOK+BATU")
    assert page.locator("article.hit").count() >= 1
    chip = page.locator("a.chip")
    assert chip.count() == 1 and "LOK BATU" in chip.inner_text()
    page.screenshot(path=str(screenshots / "search-partner-chip.png"), full_page=True)
    chip.click()
    page.wait_for_load_state()
    assert "partner=" not in page.url
