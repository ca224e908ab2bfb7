"""A hard shadow whose edge runs close beside the sheet's own edge for a stretch (issue 13, generated
messenger and phone photos: a shadow falling across a corner of the page). On a grey desk as light as the
shaded paper the brightness masks part the page at the shadow's edge, and the shade is lit again by the
shadow's step (``sheet._relit_sheet``). Where the shadow's edge runs beside the sheet's edge, desk and
paper lie on its two sides and that stretch steps deeper (the shadow's step times the paper's contrast to
the desk); the edge still steps by one amount along the rest of its run, and is a shadow's."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from pagegen import LINES, encode, render_page
from rapidfuzz.distance import Levenshtein

from ingest.options import IngestOptions
from ingest.pipeline import ingest_file
from tests.ingest.test_photo_edges import CORNERS, PHOTO, _place, assert_found_relit

OPTIONS = IngestOptions(workers=1)
DESK = 165  # a light grey desk: lit, as bright as the shaded paper


def shadow_beside_edge_photo(page: np.ndarray, darkening: float) -> np.ndarray:
    """``page`` on a plain light-grey desk under a hard shadow falling from the photo's upper left whose
    edge runs from (700, 0) to the photo's lower-left corner: it crosses the page's upper left and runs
    close beside the page's left edge over its lower part (``darkening`` darker in the shade)."""
    rng = np.random.default_rng(1)
    desk = np.clip(DESK + rng.normal(0, 4, (PHOTO[1], PHOTO[0], 1)), 0, 255).repeat(3, 2).astype(np.uint8)
    photo, _ = _place(desk, page, np.full(page.shape[:2], 255, np.uint8), CORNERS)
    h, w = photo.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    shade = np.where(xx < 700 - 700 * yy / h, 1.0, 0.0).astype(np.float32)
    shade = cv2.GaussianBlur(shade, (0, 0), 3.0)  # a crisp but not a pixel-sharp edge
    return np.clip(photo.astype(np.float32) * (1.0 - darkening * shade)[:, :, None], 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def a4_page() -> np.ndarray:
    return render_page(height=1754)  # A4 at 150 dpi


@pytest.mark.parametrize("darkening", [0.35, 0.4])
def test_shadow_running_beside_the_sheet_edge_is_lit_again(a4_page, darkening):
    """Before, the stretch beside the sheet's edge (about a sixth of the run) failed the same-step test,
    no shadow was found, and the lit part with the shaded desk was taken: corners 315 px off."""
    assert_found_relit(shadow_beside_edge_photo(a4_page, darkening), darkening)


def test_shadow_running_beside_the_sheet_edge_reads_like_the_page(a4_page, tmp_path):
    """Read whole, the shaded corner included."""
    path = tmp_path / "photo.jpg"
    path.write_bytes(encode(shadow_beside_edge_photo(a4_page, 0.35), "JPEG", quality=88))
    result = ingest_file(path, OPTIONS)
    details = next(s.details for s in result.pages[0].steps if s.stage == "find_sheet")
    want = " ".join(" ".join(LINES).split())
    assert Levenshtein.distance(" ".join(result.text.split()), want) / len(want) <= 0.02, result.text
    assert details["shadow_relit"]
