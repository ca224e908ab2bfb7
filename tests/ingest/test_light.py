"""Evening out the light on a shaded page."""
from __future__ import annotations

import numpy as np
from pagegen import shade

from ingest import light, raster
from ingest.model import Page


def test_even_out_light_flattens_background(clean_page):
    shaded = raster.to_grey(shade(clean_page))
    paper = raster.to_grey(clean_page) > 200  # where the page is blank paper
    before = float(np.std(shaded[paper]))
    page = light.even_out_light(Page(1, shaded, dpi=150))
    after = float(np.std(page.image[paper]))
    assert after < before / 4
