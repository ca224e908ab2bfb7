"""The cleaned page image written beside each document: lossless; its size near zlib's default
(run-length deflate with Paeth's filter: larger on a clean render, smaller on a noisy capture, much
cheaper on both; on cleaned real captures the same size as with libpng's per-row filter choice, on this
ideal render ~10 % above it: 1.63x the default against 1.48x, hence the bound 1.7)."""
from __future__ import annotations

import cv2
import numpy as np
from pagegen import render_page

from ingest.pdf import write_page_png


def test_grey_page_png_is_lossless_and_near_the_default_size(tmp_path):
    page = render_page()
    grey = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page
    noisy = np.clip(grey.astype(np.int16) + np.random.default_rng(3).integers(-6, 7, grey.shape), 0, 255)
    for image, bound in ((grey, 1.7), (noisy.astype(np.uint8), 1.02)):
        path = tmp_path / "page.png"
        write_page_png(image, path)
        back = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
        assert back.dtype == image.dtype and np.array_equal(back, image)
        default = tmp_path / "default.png"
        cv2.imwrite(str(default), image, [cv2.IMWRITE_PNG_COMPRESSION, 6])
        assert path.stat().st_size <= default.stat().st_size * bound


def test_colour_page_png_is_lossless(tmp_path):
    page = render_page()
    colour = page if page.ndim == 3 else cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)
    colour = colour.copy()
    colour[100:200, 100:300] = (30, 60, 200)
    path = tmp_path / "page.png"
    write_page_png(colour, path)
    assert np.array_equal(cv2.imread(str(path), cv2.IMREAD_UNCHANGED), colour)
