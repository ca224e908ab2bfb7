"""The page's reduced analysis copy travels with the page while it matches the image."""
from __future__ import annotations

import numpy as np

from ingest import light, orientation, raster, skew
from ingest.model import Page
from ingest.options import IngestOptions

OPTIONS = IngestOptions(workers=1)


def test_preview_turns_with_the_page_and_goes_when_the_image_changes(clean_page):
    sideways = np.ascontiguousarray(np.rot90(clean_page))  # upright after a 90 degree clockwise turn
    page = orientation.fix_orientation(Page(1, sideways, dpi=150), OPTIONS, osd=lambda image: None)
    assert page.rotation == 90
    preview = page.preview
    assert preview is not None and max(preview.grey.shape) <= raster.PREVIEW_SIDE
    h, w = page.image.shape[:2]
    assert preview.grey.shape == (round(h * preview.scale), round(w * preview.scale))  # turned with the page
    assert skew.deskew(page).preview is preview  # no rotation: the same copy goes on to dewarp
    assert light.even_out_light(page).preview is None  # a new image: the copy no longer matches
