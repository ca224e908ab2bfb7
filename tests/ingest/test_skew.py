"""Deskew measured on rendered pages turned by known small angles."""
from __future__ import annotations

import pytest
from pagegen import rotate_small

from ingest import raster, skew
from ingest.model import Page


@pytest.mark.parametrize("angle", [3.0, -6.5, 0.7, 9.0])
def test_deskew_leaves_under_half_a_degree(clean_page, angle):
    page = skew.deskew(Page(1, rotate_small(clean_page, angle), dpi=150))
    residual = skew.measure_skew(raster.to_grey(page.image))
    assert abs(residual) < 0.5
    assert abs(page.skew_degrees + angle) < 0.5  # it rotated back by the applied angle
    assert page.steps[-1].stage == "deskew"


def test_deskew_leaves_straight_page_alone(clean_page):
    page = skew.deskew(Page(1, clean_page, dpi=150))
    assert page.skew_degrees == 0.0 and page.image is clean_page
