"""The Cari page (issue 18): facets by name with a chip per active filter, clamped pages, a
suggestion whenever nothing is found.  Real OCR of a generated letter, SQLite, Whoosh, Flask."""
from __future__ import annotations

import re

from archive import service


def test_activity_facet_shows_the_activity_not_its_id_and_its_chip_removes_it(client_as, settings, letter_doc):
    activity = service.activity_of(settings, letter_doc)
    assert activity is not None, "the letter names its partner, so it is linked"
    client = client_as("auditor")
    html = client.get("/cari?q=perpustakaan").get_data(as_text=True)
    facet = re.search(r'<a href="([^"]*activity=(\d+)[^"]*)">\s*([^<]+?)\s*</a>', html)
    assert facet, "an activity facet"
    label = facet.group(3)
    assert not label.strip().isdigit() and activity.summary.partner in label
    url = facet.group(1).replace("&amp;", "&")
    filtered = client.get(url).get_data(as_text=True)
    assert f"/dokumen/{letter_doc}" in filtered
    chips = re.findall(r'<a class="chip" href="([^"]+)"[^>]*>([^<]+)', filtered)
    chip = [href for href, text in chips if activity.summary.partner in text]
    assert chip and "activity=" not in chip[0].replace("&amp;", "&")


def test_partner_filter_by_part_of_the_name_in_any_case(client_as, settings, letter_doc):
    doc = service.get_document(settings, letter_doc)
    partner = service.activity_of(settings, letter_doc).summary.partner
    part = partner.split()[-1].upper()
    html = client_as("auditor").get(f"/cari?partner={part}").get_data(as_text=True)
    assert f"/dokumen/{doc.id}" in html
    assert re.search(r'<a class="chip"[^>]*>[^<]*' + re.escape(part), html)


def test_a_page_past_the_last_shows_the_last_page(client_as, letter_doc):
    html = client_as("auditor").get("/cari?q=perpustakaan&page=99").get_data(as_text=True)
    assert "Halaman 99" not in html
    assert f"/dokumen/{letter_doc}" in html  # the last (only) page, not an empty one


def test_nothing_found_still_suggests_something(client_as, letter_doc):
    html = client_as("auditor").get("/cari?q=xylofonik").get_data(as_text=True)
    assert "Tidak ada dokumen yang cocok" in html
    m = re.search(r'class="didyoumean">[^<]*<a href="([^"]+)">([^<]+)</a>', html)
    assert m, "a suggestion"
    follow = client_as("auditor").get(m.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert f"/dokumen/{letter_doc}" in follow or "dokumen ditemukan" in follow
