"""The upload page and the search page on a phone (issue 18 item 6), in Debian chromium at 390×844:
"Ambil foto" / "Tambah halaman" build one document of several photos, the job list outlives the
page, a wrong file is refused in the browser before anything is sent, and the first search
result sits in the first screen (results before facets)."""
from __future__ import annotations

import io
import logging
import os
import re
import sys
from pathlib import Path

import pytest
from e2e_server import Server, login

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from letter_image import render_letter  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ("IMG_20240213_101532.jpg", "IMG_20240228_143010.jpg", "IMG_20240604_080455.jpg",
           "Scan_BAST_20240422.jpg", "Scan_laporan_sosialisasi_0001.png", "DOC0419.tif")
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
log = logging.getLogger(__name__)


def save_doc_screenshot(pg, name: str) -> None:
    """The viewport as a palette PNG in docs/screenshots/ (small enough to commit, shown in the README)."""
    from PIL import Image

    image = Image.open(io.BytesIO(pg.screenshot())).convert("RGB")
    # the committed set only on request, as in test_accessibility.py: a test run leaves the checkout clean
    folder = DOCS_SCREENSHOTS if os.environ.get("BURT_UPDATE_SCREENSHOTS") == "1" else ROOT / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=96, method=Image.Quantize.MEDIANCUT).save(folder / f"{name}.png", optimize=True)


@pytest.fixture(scope="module")
def settings(web_home):
    from archive.settings import load_settings

    return load_settings(home=web_home, environ={"BURT_WORKERS": "1"})


@pytest.fixture(scope="module")
def server(web_home, settings):
    """The server over an archive holding six sample letters of different types (so the search
    page has facets to push results down), ingested before it starts."""
    from archive import service

    outcomes = list(service.ingest_paths(settings, [ROOT / "samples" / name for name in SAMPLES], user="admin"))
    assert all(o.status == "ingested" for o in outcomes), outcomes
    srv = Server(web_home)
    yield srv
    srv.stop()


@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="id-ID")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def page_photos(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("halaman")
    return [render_letter(out / f"IMG_2024051{n}_0800.jpg", photo=True, width=700,
                          lines=("DINAS PERPUSTAKAAN", "", f"Halaman {n} laporan penyaluran", "Desa Sungai Batung"))
            for n in (1, 2, 3, 4)]


def _wait_settled(pg, job_id: str) -> None:
    pg.wait_for_function(
        "(id) => { const li = document.querySelector(`#upload-list [data-job='${id}']`);"
        " return li && ['done', 'failed', 'needs_attention'].includes(li.getAttribute('data-status')); }",
        arg=job_id, timeout=240_000)


def test_camera_pages_become_one_document_and_the_list_persists(phone, server, settings, page_photos, screenshots):
    from archive import service

    problems: list[str] = []
    phone.on("pageerror", lambda exc: problems.append(str(exc)))
    login(phone, server.url, "pelaksana")
    phone.goto(server.url + "/unggah")
    camera = phone.locator("#camera-label")
    assert camera.inner_text() == "Ambil foto" and camera.is_visible()
    assert phone.get_attribute("#camera", "capture") == "environment"
    assert phone.get_attribute("#camera", "accept") == "image/*"
    assert phone.locator("#add-page-label").is_hidden()  # "Tambah halaman" once there is a first page

    phone.set_input_files("#camera", [str(p) for p in page_photos[:3]])
    assert phone.inner_text("#page-count") == "3 halaman siap dikirim"
    assert phone.locator("#page-list .page-item").count() == 3
    add = phone.locator("#add-page-label")
    assert add.is_visible() and add.inner_text() == "Tambah halaman"
    phone.locator("#page-list .page-item").nth(1).locator("button.remove-page").click()  # a blurred page 2
    assert phone.inner_text("#page-count") == "2 halaman siap dikirim"
    phone.set_input_files("#add-page", str(page_photos[3]))
    assert phone.inner_text("#page-count") == "3 halaman siap dikirim"
    names = phone.locator("#page-list .page-item span").all_inner_texts()
    assert [re.sub(r" · .*", "", n) for n in names] == ["Halaman 1", "Halaman 2", "Halaman 3"]
    assert "IMG_20240514_0800.jpg" in names[2] and "IMG_20240512_0800.jpg" not in " ".join(names)
    assert phone.inner_text("#pages-send") == "Kirim sebagai satu dokumen (3 halaman)"
    phone.screenshot(path=str(screenshots / "unggah-halaman-ponsel.png"), full_page=True)
    phone.locator("#pages-builder").scroll_into_view_if_needed()
    save_doc_screenshot(phone, "upload-pages-390")

    phone.click("#pages-send")
    line = phone.locator("#upload-list .upload-item", has_text="IMG_20240511_0800 (3 halaman).tif")
    line.wait_for()
    job_id = line.get_attribute("data-job")
    assert phone.inner_text("#page-count") == "Belum ada halaman."

    # the clerk leaves while the job runs and comes back: the line is still there, from the server
    phone.goto(server.url + "/cari")
    phone.goto(server.url + "/unggah")
    assert phone.locator(f"#upload-list [data-job='{job_id}']").count() == 1
    _wait_settled(phone, job_id)  # followed by the page's refresh, without reloading
    item = phone.locator(f"#upload-list [data-job='{job_id}']")
    assert item.get_attribute("data-status") == "done", item.inner_text()
    doc_id = item.get_attribute("data-document")
    assert item.locator("a").get_attribute("href") == f"/dokumen/{doc_id}"
    assert service.get_document(settings, doc_id).page_count == 3
    phone.reload()
    assert phone.locator(f"#upload-list [data-job='{job_id}'] a").get_attribute("href") == f"/dokumen/{doc_id}"
    phone.screenshot(path=str(screenshots / "unggah-daftar-ponsel.png"), full_page=True)
    phone.locator("#upload-jobs").scroll_into_view_if_needed()
    save_doc_screenshot(phone, "upload-jobs-390")
    assert problems == []


def test_wrong_file_is_refused_in_the_browser(phone, server):
    sent: list[str] = []
    login(phone, server.url, "pelaksana")
    phone.goto(server.url + "/unggah")
    phone.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    assert ".pdf" in phone.get_attribute("#files", "accept") and "image/*" not in phone.get_attribute("#files", "accept")
    phone.set_input_files("#files", [
        {"name": "program.exe", "mimeType": "application/x-msdownload", "buffer": b"MZ" + b"\x00" * 200},
        {"name": "surat.pdf", "mimeType": "text/html", "buffer": b"<html><body>bukan pdf</body></html>"},
        {"name": "kosong.pdf", "mimeType": "application/pdf", "buffer": b""},
    ])
    refused = phone.locator("#upload-local .upload-item[data-status='refused']")
    assert refused.count() == 3
    text = {refused.nth(i).locator(".name").inner_text(): refused.nth(i).locator(".stage").inner_text()
            for i in range(3)}
    assert text["program.exe"].startswith("Jenis berkas tidak didukung")
    assert text["surat.pdf"].startswith("Jenis berkas tidak didukung")
    assert text["kosong.pdf"] == "Berkas kosong (0 byte)."
    phone.set_input_files("#camera", [{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}])
    assert "Bukan foto JPEG atau PNG." in phone.inner_text("#pages-error")
    assert phone.inner_text("#page-count") == "Belum ada halaman."
    assert [u for u in sent if "/api/documents" in u or "/unggah" in u] == []


MEASURE = """() => { const h = document.querySelector('.results .hit');
  return h ? h.getBoundingClientRect().top + window.scrollY : null; }"""


def test_first_result_is_in_the_first_screen(phone, server, screenshots):
    login(phone, server.url, "auditor")
    phone.goto(server.url + "/cari?q=kusambi")
    assert phone.locator(".results .hit").count() >= 3
    assert phone.locator(".facets li").count() >= 8  # enough filters to have pushed the results down
    after = phone.evaluate(MEASURE)
    save_doc_screenshot(phone, "search-results-first-390")
    # the same page with the phone rule undone (facets first, as before)
    phone.add_style_tag(content=".results-layout .results, .results-layout .facets { order: 0 !important; }")
    before = phone.evaluate(MEASURE)
    log.info("first result y at 390x844: %s px with facets first, %s px with results first", before, after)
    print(f"first result y at 390x844: before {before:.0f} px, after {after:.0f} px")
    assert before > PHONE["height"] > after + 100
