"""Stamp ink removed, black text kept."""
from __future__ import annotations

import numpy as np
from pagegen import stamp

from ingest import raster, stamps
from ingest.model import Page


def test_remove_stamps_drops_blue_ink_keeps_black_text(clean_page):
    stamped = stamp(clean_page)
    page = stamps.remove_stamps(Page(1, stamped, dpi=150))
    assert page.image.ndim == 2 and page.steps[-1].details["removed_fraction"] > 0.005
    blue = (stamped[:, :, 0] > 150) & (stamped[:, :, 2] < 80)
    assert np.mean(page.image[blue] > 200) > 0.95  # stamp ink became paper
    text_pixels = raster.to_grey(clean_page) < 80
    assert np.mean(page.image[text_pixels] < 128) > 0.97  # black text stays black
