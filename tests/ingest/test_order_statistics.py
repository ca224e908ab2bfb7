"""The order statistics computed without ``np.percentile`` / ``np.median`` (issue 13, speed) give NumPy's
values bit for bit, on word-sized crops of a grey page and on the odd and even sizes, flat and one-pixel
crops that decide their branches."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from ingest.cells import tenth_percentile
from ingest.ink import _median_floor, _middle
from ingest.ocr import _ink
from ingest.raster import grey_median, percentiles


def _page(seed: int) -> np.ndarray:
    """A grey page of printed words with noise: the crops the page stages take from."""
    rng = np.random.default_rng(seed)
    page = np.full((300, 900), int(rng.integers(170, 250)), np.uint8)
    for k in range(12):
        cv2.putText(page, "Kabupaten Balangan 2025"[: 4 + k], (int(rng.integers(0, 500)), int(rng.integers(30, 290))),
                    cv2.FONT_HERSHEY_SIMPLEX, float(rng.uniform(0.5, 1.5)), int(rng.integers(0, 120)), 2)
    return (page.astype(np.int16) + rng.integers(-20, 20, page.shape)).clip(0, 255).astype(np.uint8)


def _crops(seed: int):
    rng = np.random.default_rng(seed)
    page = _page(seed)
    for _ in range(400):
        x, y = int(rng.integers(0, 880)), int(rng.integers(0, 290))
        crop = page[y:y + int(rng.integers(1, 60)), x:x + int(rng.integers(1, 200))]
        if crop.size:
            yield crop


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_tenth_percentile_is_numpys(seed):
    for crop in _crops(seed):
        assert repr(tenth_percentile(crop)) == repr(float(np.percentile(crop, 10)))


@pytest.mark.parametrize("seed", [0, 1])
def test_crop_median_is_numpys(seed):
    for crop in _crops(seed):
        assert _median_floor(crop) == int(np.median(crop))


@pytest.mark.parametrize("values", [[7], [3, 9], [4, 4, 1], [10, 2, 7, 7], list(range(31, 0, -3)), [0, 65535]])
def test_middle_is_numpys(values):
    array = np.array(values, np.int32)
    assert repr(_middle(array)) == repr(float(np.median(array)))


def test_flat_and_single_pixel_crops():
    for crop in (np.full((1, 1), 37, np.uint8), np.full((5, 8), 200, np.uint8), np.array([[0, 255]], np.uint8)):
        assert repr(tenth_percentile(crop)) == repr(float(np.percentile(crop, 10)))
        assert _median_floor(crop) == int(np.median(crop))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_percentiles_are_numpys(seed):
    """Each percentile from the one partition is ``np.percentile``'s, for the pairs the page stages ask
    (10 and 90 of a word box) and for any set of them, the ends included."""
    for k, crop in enumerate(_crops(seed)):
        qs = (10, 90) if k % 2 else (0, 10, 25, 50, 75, 90, 100)
        assert repr(percentiles(crop, qs)) == repr([float(np.percentile(crop, q)) for q in qs])


def test_percentiles_of_flat_and_single_pixel_crops():
    for crop in (np.full((1, 1), 37, np.uint8), np.full((5, 8), 200, np.uint8), np.array([[0, 255]], np.uint8)):
        assert repr(percentiles(crop, (10, 90))) == repr([float(np.percentile(crop, q)) for q in (10, 90)])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_page_median_from_the_histogram_is_numpys(seed):
    """A whole page, its odd and even pixel counts, bands of it, a view with strides, a page whose
    middle falls between two grey levels, and a page larger than one histogram call counts."""
    page = _page(seed)
    for image in (page, page[:151], page[:150, :899], page[::3, 1::2], np.ascontiguousarray(page[40:41])):
        assert repr(grey_median(image)) == repr(float(np.median(image)))
    split = np.zeros((10, 10), np.uint8)
    split[5:] = 200
    assert repr(grey_median(split)) == repr(float(np.median(split))) == "100.0"
    big = np.tile(page, (35, 1))  # 10 500 x 900: more rows than one histogram call takes
    assert repr(grey_median(big)) == repr(float(np.median(big)))


def test_ink_mask_is_the_mid_grey_cut():
    page = _page(3)
    for image in (page, page[10:200, 30:700], page[::2, ::3]):
        mask = _ink(image)
        assert mask.dtype == np.uint8 and mask.shape == image.shape
        assert np.array_equal(mask, np.where(image < 128, np.uint8(255), np.uint8(0)))
