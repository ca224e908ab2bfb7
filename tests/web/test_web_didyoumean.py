"""'Mungkin maksud Anda' on the Cari page: a misspelt word gets the common indexed spelling,
which links to the corrected search (needs a few documents sharing the word)."""
from __future__ import annotations

import html as htmlmod
import io
import re

import pytest
from web_helpers import jpeg_bytes

from archive import service

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def three_letters(settings):
    for i in range(3):
        lines = (f"Surat nomor {i + 1}", "", "Perpustakaan desa dan perpustakaan sekolah", "Kabupaten Balangan")
        with io.BytesIO(jpeg_bytes(width=800, lines=lines)) as fh:
            service.submit_upload(settings, f"surat-{i}.jpg", fh, user="pelaksana")
    assert service.run_pending_jobs(settings) == 3


def test_misspelt_query_offers_the_right_word(client_as, three_letters):
    page = client_as("auditor").get("/cari?q=perpustakan").get_data(as_text=True)
    assert "Mungkin maksud Anda:" in page
    link = re.search(r'Mungkin maksud Anda:\s*<a href="([^"]+)">([^<]+)</a>', page)
    assert link and link.group(2) == "perpustakaan"
    assert "q=perpustakaan" in htmlmod.unescape(link.group(1))


def test_correct_query_offers_nothing(client_as, three_letters):
    page = client_as("auditor").get("/cari?q=perpustakaan").get_data(as_text=True)
    assert "Mungkin maksud Anda" not in page
