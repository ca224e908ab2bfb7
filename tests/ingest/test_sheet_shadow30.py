"""A hard shadow whose edge runs close beside the sheet's own edge for a stretch (issue 13, generated
messenger and phone photos: a shadow falling across a corner of the page). On a grey desk as light as the
shaded paper the brightness masks part the page at the shadow's edge, and the shade is lit again by the
shadow's step (``sheet._relit_sheet``). Where the shadow's edge runs beside the sheet's edge, desk and
paper lie on its two sides and that stretch steps deeper (the shadow's step times the paper's contrast to
the desk); the edge still steps by one amount along the rest of its run, and is a shadow's."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import hard_shadow, render_page

from tests.ingest.test_photo_edges import CORNERS, PHOTO, _cer, _place, _read, assert_found_relit

DESK = 165  # a light grey desk: lit, as bright as the shaded paper


def shadow_beside_edge_photo(page: np.ndarray, darkening: float) -> np.ndarray:
    """``page`` on a plain light-grey desk under a hard shadow falling from the photo's upper left whose
    edge runs from (700, 0) to the photo's lower-left corner: it crosses the page's upper left and runs
    close beside the page's left edge over its lower part (``darkening`` darker in the shade)."""
    rng = np.random.default_rng(1)
    desk = np.clip(DESK + rng.normal(0, 4, (PHOTO[1], PHOTO[0], 1)), 0, 255).repeat(3, 2).astype(np.uint8)
    photo, _ = _place(desk, page, np.full(page.shape[:2], 255, np.uint8), CORNERS)
    h = photo.shape[0]
    return hard_shadow(photo, lambda xx, yy: xx < 700 - 700 * yy / h, darkening)


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
    text, details = _read(shadow_beside_edge_photo(a4_page, 0.35), tmp_path)
    assert _cer(text) <= 0.02, text
    assert details["shadow_relit"]
