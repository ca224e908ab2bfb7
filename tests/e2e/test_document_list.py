"""The document list and the page viewer in a real browser (issue 18 item 3), at 1366x900 and
390x844, over the committed samples archived by the real pipeline: a clerk filters by part of a
partner's name, sorts by nomor both ways, bulk-edits the type of two documents (checked in the
archive and its audit log), then zooms a document's page and steps to the next page.  Real OCR,
SQLite, Whoosh, server and Debian chromium."""
from __future__ import annotations

import re

import pytest
from e2e_server import PASSWORD, ROLES, login

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

VIEWPORTS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def web_home(sample_archive, tmp_path_factory):
    """A private copy of the sample archive with a user of every role (the server's home)."""
    from archive import service
    from archive.settings import load_settings

    home = sample_archive.copy(tmp_path_factory.mktemp("doclist-e2e"))
    settings = load_settings(home=home, environ={"BURT_WORKERS": "1"})
    for role in ROLES:
        service.add_user(settings, role, role, password=PASSWORD)
    return home


@pytest.fixture(scope="module")
def settings(web_home):
    from archive.settings import load_settings

    return load_settings(home=web_home, environ={"BURT_WORKERS": "1"})


def _row_ids(page) -> list[str]:
    return page.locator("table.doc-list tbody tr[data-id]").evaluate_all("rows => rows.map(r => r.dataset.id)")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_filter_sort_bulk_edit_and_page_viewer(browser, server, settings, screenshots, viewport):
    from archive import service

    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        login(page, server.url, "pelaksana")
        page.goto(server.url + "/dokumen")
        total = int(page.locator("#doc-count strong").inner_text())
        assert total == len(_row_ids(page)) >= 10
        assert page.locator("table.doc-list td.thumb img").count() == total

        # filter: part of a partner's name, any case
        page.fill("#fl-mitra", "kusambi")
        page.click("#apply-filters")
        page.wait_for_url(re.compile(r"mitra=kusambi"))
        shown = int(page.locator("#doc-count strong").inner_text())
        assert 0 < shown < total and len(_row_ids(page)) == shown

        # sort by nomor, ascending then descending (the column headers on a wide screen, the sort
        # controls of the filter form on a phone, where the table is a list of cards); the header says which
        if viewport == "1366":
            page.click("th[data-sort=nomor] a")
        else:
            page.select_option("#fl-urut", "nomor")
            page.select_option("#fl-arah", "asc")
            page.click("#apply-filters")
        page.wait_for_url(re.compile(r"urut=nomor"))
        assert page.get_attribute("th[data-sort=nomor]", "aria-sort") == "ascending"
        ascending = _row_ids(page)
        if viewport == "1366":
            page.click("th[data-sort=nomor] a")
        else:
            page.select_option("#fl-arah", "desc")
            page.click("#apply-filters")
        page.wait_for_url(re.compile(r"arah=desc"))
        assert page.get_attribute("th[data-sort=nomor]", "aria-sort") == "descending"
        nomor = {i: (service.get_document(settings, i).value("nomor") or "").casefold() for i in ascending}
        descending = _row_ids(page)
        with_nomor = [i for i in ascending if nomor[i]]
        assert [i for i in descending if nomor[i]] == sorted(with_nomor, key=lambda i: nomor[i], reverse=True)
        assert "mitra=kusambi" in page.url  # the filter stays

        # bulk edit: two documents get another type, each correction audited
        two = descending[:2]
        target = next(t for t in service.document_types()
                      if all(service.get_document(settings, i).doc_type != t.id for i in two))
        for i in two:
            page.check(f"#pick-{i}")
        page.select_option("#bulk-jenis", target.id)
        page.click("#bulk-apply-type")
        page.wait_for_load_state()
        assert "2 dari 2 dokumen diubah" in page.inner_text(".flash-success")
        assert "mitra=kusambi" in page.url and "urut=nomor" in page.url
        for i in two:
            assert service.get_document(settings, i).doc_type == target.id
            entry = next(e for e in service.audit_log(settings, doc_id=i, limit=10) if e.action == "document.correct")
            assert entry.action == "document.correct" and entry.user == "pelaksana"
        page.screenshot(path=str(screenshots / f"dokumen-daftar-{viewport}.png"), full_page=True)

        # the page viewer: zoom and the next page on a document of several pages
        many = next(d for d in service.list_documents(settings, limit=100) if d.page_count > 1)
        page.goto(server.url + f"/dokumen/{many.id}")
        img = page.locator("#hal-1 .page-image img")
        img.wait_for()
        page.wait_for_function("() => document.querySelector('#hal-1 .page-image img').complete")
        assert "/layar/1?w=" in img.get_attribute("src")
        fit = img.bounding_box()["width"]
        assert fit <= VIEWPORTS[viewport]["width"]
        page.click("#zoom-200")
        assert page.get_attribute("#zoom-200", "aria-pressed") == "true"
        assert "zoom-200" in page.get_attribute("#page-viewer", "class")
        assert img.bounding_box()["width"] == pytest.approx(2400, abs=2)
        assert fit < 2400
        page.click("#zoom-100")
        assert img.bounding_box()["width"] == pytest.approx(1200, abs=2)
        page.click("#zoom-fit")
        assert img.bounding_box()["width"] == pytest.approx(fit, abs=2)
        assert page.inner_text("#page-status") == f"Halaman 1 dari {many.page_count}"
        page.click("#page-next")
        assert page.inner_text("#page-status") == f"Halaman 2 dari {many.page_count}"
        page.wait_for_function("() => Math.abs(document.getElementById('hal-2').getBoundingClientRect().top) < 120")
        assert page.locator("#hal-2 a.full-image").get_attribute("href").endswith(f"/dokumen/{many.id}/halaman/2")
        page.screenshot(path=str(screenshots / f"dokumen-penampil-{viewport}.png"))
    finally:
        context.close()
