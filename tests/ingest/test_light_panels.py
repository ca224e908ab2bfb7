"""A shadow over a photographed sheet is not a dark panel: it is evened out, not inverted.

Pages drawn here: a ruled table of dark print whose upper part lies under a soft shadow (the
sheet photographed under a lamp, the shadow's edge a gradient), and the same page with a real
dark panel (a filled box with white lettering, sharp edges) below the table."""
from __future__ import annotations

import cv2
import numpy as np

from ingest import light
from ingest.model import Page

H, W = 3508, 2480  # A4 at 300 dpi
TOP, ROW, ROWS = 300, 96, 14
COLUMNS = (180, 660, 1120, 1600, 2300)
PANEL = (120, 2400, 2360, 2800)  # x0, y0, x1, y1


def _table_page() -> np.ndarray:
    page = np.full((H, W), 228, np.uint8)
    for r in range(ROWS + 1):
        cv2.line(page, (COLUMNS[0], TOP + r * ROW), (COLUMNS[-1], TOP + r * ROW), 30, 4)
    for x in COLUMNS:
        cv2.line(page, (x, TOP), (x, TOP + ROWS * ROW), 30, 4)
    for r in range(ROWS):
        for c, x in enumerate(COLUMNS[:-1]):
            cv2.putText(page, f"Desa {r}{c} Halong", (x + 20, TOP + r * ROW + 68), cv2.FONT_HERSHEY_SIMPLEX, 1.8, 35, 4)
    return page


def _with_panel(page: np.ndarray) -> np.ndarray:
    page = page.copy()
    x0, y0, x1, y1 = PANEL
    cv2.rectangle(page, (x0, y0), (x1, y1), 40, -1)
    for y in (y0 + 140, y0 + 300):
        cv2.putText(page, "DINAS PERPUSTAKAAN DAN KEARSIPAN", (x0 + 100, y), cv2.FONT_HERSHEY_SIMPLEX, 3.2, 240, 8)
    return page


def _shadowed(page: np.ndarray, depth: float = 0.5) -> np.ndarray:
    """The page under a soft shadow over its upper quarter (half the light at its darkest), the
    shadow's edge a smooth ramp a tenth of the page high running across the table's rows."""
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    t = np.clip((yy - (0.25 * H + 0.05 * xx)) / (0.1 * H) + 0.5, 0, 1)
    shade = depth + (1 - depth) * t * t * (3 - 2 * t)
    return np.clip(page * shade, 0, 255).astype(np.uint8)


def _ink_and_paper(grey: np.ndarray, y0: int, y1: int) -> tuple[float, float]:
    """Median level of the table's print and of its paper between rows ``y0`` and ``y1``, taken
    where the drawn page (no shadow) has print and paper."""
    drawn = _table_page()[y0:y1, COLUMNS[0]:COLUMNS[-1]]
    part = grey[y0:y1, COLUMNS[0]:COLUMNS[-1]]
    return float(np.median(part[drawn < 100])), float(np.median(part[drawn > 200]))


def test_a_soft_shadow_over_a_table_is_no_dark_panel():
    page = _shadowed(_table_page())
    assert light.dark_panels(page) is None
    evened = light.even_out_light(Page(1, page, dpi=300))
    assert evened.steps[-1].details["inverted_panels"] is False
    # the rows under the shadow keep dark print on light paper (inverted, the print would be
    # lighter than the paper, and the table read as a blank page)
    ink, paper = _ink_and_paper(evened.image, TOP, TOP + 4 * ROW)
    assert ink < 110 and paper > 200, (ink, paper)


def test_a_real_dark_panel_is_found_beside_a_shadow():
    page = _shadowed(_with_panel(_table_page()))
    mask = light.dark_panels(page)
    assert mask is not None
    x0, y0, x1, y1 = PANEL
    inside = mask[y0 + 20:y1 - 20, x0 + 20:x1 - 20]
    assert (inside > 0).mean() > 0.95  # the whole panel
    assert not mask[:TOP + ROWS * ROW].any()  # not the shadowed table
    evened = light.even_out_light(Page(1, page, dpi=300)).image
    panel = evened[y0 + 20:y1 - 20, x0 + 20:x1 - 20]
    assert (panel > 200).mean() > 0.6 and (panel < 100).mean() > 0.03, "white paper, dark letters"
    ink, paper = _ink_and_paper(evened, TOP, TOP + 4 * ROW)
    assert ink < 110 and paper > 200, (ink, paper)
