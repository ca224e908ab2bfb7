"""The clerk's whole path in a real browser against the real server:
log in, upload a phone photo of a letter, watch it finish, search a word from it, open it,
see the highlight box on the page image, correct its type, find the change in Riwayat."""
from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from e2e_server import login  # noqa: E402
from letter_image import render_letter  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}


def _search_word(truth: dict) -> str:
    """The longest plain word of the document's perihal: something a clerk would type."""
    words = [w for w in re.findall(r"[A-Za-z]+", truth.get("perihal") or "") if len(w) >= 6]
    return max(words, key=len) if words else "perpustakaan"


@pytest.fixture(scope="module")
def phone_photo(tmp_path_factory) -> tuple[Path, str]:
    """A phone photo of a letter and a word from it: a committed sample when there is one,
    else one made by the samples generator (fixed seed), else a simple generated letter."""
    root = Path(__file__).resolve().parents[2] / "samples"
    for truth_path in sorted(root.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        path = root / truth_path.name[: -len(".truth.json")]
        if truth.get("capture") == "phone_photo" and path.suffix.lower() in (".jpg", ".jpeg") and path.is_file():
            return path, _search_word(truth)
    out = tmp_path_factory.mktemp("foto")
    try:
        from samples.generate import generate_set
    except ImportError:
        return render_letter(out / "foto-surat-undangan.jpg", photo=True, width=1100), "perpustakaan"
    path = generate_set(out, seed=11, count=1, kinds=["phone_photo"], doc_types=["undangan_sosialisasi"])[0]
    truth = json.loads(Path(str(path) + ".truth.json").read_text(encoding="utf-8"))
    return path, _search_word(truth)


WATCH_STAGES = """() => {
  window.__stages = [];
  new MutationObserver(() => {
    document.querySelectorAll('.upload-item .stage').forEach((el) => {
      const t = el.textContent.trim();
      if (t && window.__stages[window.__stages.length - 1] !== t) { window.__stages.push(t); }
    });
  }).observe(document.getElementById('upload-list'), {subtree: true, childList: true, characterData: true});
}"""


def _upload_and_wait(page, server, path: Path) -> str:
    page.goto(server.url + "/unggah")
    page.evaluate(WATCH_STAGES)
    page.set_input_files("#files", str(path))
    item = page.locator(".upload-item").last
    item.wait_for()
    page.wait_for_function(
        "() => { const li = [...document.querySelectorAll('.upload-item')].pop();"
        " return li && ['done', 'failed'].includes(li.getAttribute('data-status')); }", timeout=180_000)
    assert item.get_attribute("data-status") == "done", item.inner_text()
    stages = page.evaluate("() => window.__stages")
    logging.getLogger(__name__).info("upload stages seen: %s", stages)
    assert stages[-1] == "Selesai" and len(stages) >= 2, stages  # live status, not just the end
    link = item.locator("a")
    href = link.get_attribute("href")
    return href.rstrip("/").split("/")[-1]


def test_upload_search_open_highlight_correct_history(page, browser, server, phone_photo, screenshots):
    photo, word = phone_photo
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    login(page, server.url, "pelaksana")
    doc_id = _upload_and_wait(page, server, photo)
    page.screenshot(path=str(screenshots / "unggah.png"), full_page=True)

    page.click("#review-link a")
    page.wait_for_selector("h1")
    assert doc_id in page.content()
    page.screenshot(path=str(screenshots / "tinjau.png"), full_page=True)

    page.goto(server.url + "/cari")
    page.fill("#q", word.lower())
    page.click(".searchbar button[type=submit]")
    hit = page.locator(".hit h2 a").first
    hit.wait_for()
    assert "dokumen ditemukan" in page.inner_text(".result-count")
    assert page.locator(".snippet mark").count() >= 1
    page.screenshot(path=str(screenshots / "cari.png"), full_page=True)

    hit.click()
    page.wait_for_url(re.compile(rf"/dokumen/{doc_id}"))
    img = page.locator(".page-image img").first
    img.wait_for()
    page.wait_for_function("() => { const i = document.querySelector('.page-image img');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    boxes = page.locator(".page-image .hit-box")
    assert boxes.count() >= 1, f"{word!r} should be highlighted on the page image"
    ib = img.bounding_box()
    for i in range(boxes.count()):
        bb = boxes.nth(i).bounding_box()
        assert bb["width"] > 3 and bb["height"] > 3
        assert ib["x"] - 1 <= bb["x"] and bb["x"] + bb["width"] <= ib["x"] + ib["width"] + 1
        assert ib["y"] - 1 <= bb["y"] and bb["y"] + bb["height"] <= ib["y"] + ib["height"] + 1
    page.screenshot(path=str(screenshots / "dokumen.png"), full_page=True)

    if page.locator("#edit").get_attribute("open") is None:
        page.locator("#edit summary").click()
    current = page.locator("#doc_type").input_value()
    new_type, new_label = (("laporan_sosialisasi", "Laporan kegiatan sosialisasi") if current == "undangan_sosialisasi"
                           else ("undangan_sosialisasi", "Undangan sosialisasi"))
    page.select_option("#doc_type", new_type)
    page.click("#edit button[type=submit]")
    page.wait_for_selector(".flash-success")
    assert new_label in page.inner_text(".meta")

    page.goto(server.url + "/riwayat")
    rows = page.locator("table.audit-log tbody tr")
    first = rows.first.inner_text()
    assert doc_id in first and "pelaksana" in first and new_type in first and "Koreksi metadata" in first
    page.screenshot(path=str(screenshots / "riwayat.png"), full_page=True)

    assert problems == []

    # The same pages on a phone screen: nothing may overflow sideways.
    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    ph = phone.new_page()
    login(ph, server.url, "pelaksana")
    for name, url in (("cari-ponsel", f"/cari?q={word}"), ("dokumen-ponsel", f"/dokumen/{doc_id}?q={word}"),
                      ("unggah-ponsel", "/unggah"), ("daftar-ponsel", "/dokumen"), ("riwayat-ponsel", "/riwayat"),
                      ("beranda-ponsel", "/cari")):
        ph.goto(server.url + url)
        overflow = ph.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{url} overflows a phone screen by {overflow}px"
        ph.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    phone.close()
