"""Letterhead lines beside a logo are kept, also when printed white on a coloured band."""
from __future__ import annotations

import pytest
from pagegen import LETTERHEAD, LINES, encode, letterhead_page, words_in_order

from ingest import light, raster
from ingest.model import Page
from ingest.options import IngestOptions
from ingest.pipeline import ingest_file

OPTIONS = IngestOptions(workers=1)


def _words(lines) -> list[str]:
    return [w for line in lines for w in line.split()]


@pytest.mark.parametrize("band", [None, (60, 140, 20), (120, 40, 30)], ids=["black-on-white", "green-band", "blue-band"])
def test_letterhead_beside_logo_is_read(band, tmp_path):
    path = tmp_path / "kop.png"
    path.write_bytes(encode(letterhead_page(band=band), "PNG", dpi=(300, 300)))
    result = ingest_file(path, OPTIONS)
    found = sum(w in result.text for w in _words(LETTERHEAD))
    assert found >= len(_words(LETTERHEAD)) - 1, result.text
    assert words_in_order(result.text, [line.split()[-1] for line in LINES[2:]])


def test_dark_band_is_inverted_before_evening_the_light():
    page = Page(1, letterhead_page(band=(60, 140, 20)), dpi=300)
    mask = light.dark_panels(raster.to_grey(page.image))
    assert mask is not None
    ys = mask.any(axis=1).nonzero()[0]
    assert ys.min() < 150 and ys.max() < 500  # the band, not the body
    evened = light.even_out_light(page)
    assert evened.steps[-1].details["inverted_panels"] is True
    band = raster.to_grey(evened.image)[100:400, 700:2400]
    assert (band > 200).mean() > 0.7 and (band < 100).mean() > 0.03  # white paper, dark letters


def test_plain_page_has_no_dark_panel():
    assert light.dark_panels(raster.to_grey(letterhead_page(band=None))) is None
