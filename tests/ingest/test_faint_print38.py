"""Faint print on photographs: a hard shadow's edge does not wash out the letters beside it, and
the pieces of faint grey letters in a table are not taken for dust."""
from __future__ import annotations

import cv2
import numpy as np
from pagegen import LINES, font, hard_shadow, render_page, shade, words_in_order
from PIL import Image, ImageDraw

from ingest import light, marks, raster, tables
from ingest.components import components
from ingest.ink import half_size_ink
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions


def _photo_print(page: np.ndarray) -> np.ndarray:
    """Letters as a phone photo gives them: grey, not black, and a little soft."""
    return cv2.GaussianBlur(255 - (255 - page.astype(np.float32)) * 0.6, (0, 0), 1.0).astype(np.uint8)


def _ink_beside_and_away(evened: np.ndarray, clean: np.ndarray, edge: int) -> tuple[float, float]:
    """Mean grey of the letters' pixels in the first 95 px right of ``edge`` and of those far right of it."""
    grey = raster.to_grey(evened)
    ink = raster.to_grey(clean) < 100
    beside, away = ink.copy(), ink.copy()
    beside[:, :edge + 5] = False
    beside[:, edge + 100:] = False
    away[:, :edge + 500] = False
    away[:, edge + 800:] = False
    return float(grey[beside].mean()), float(grey[away].mean())


def test_letters_beside_a_hard_shadow_edge_keep_their_ink():
    clean = render_page(lines=LINES * 3, width=2000, height=2800, size=40, margin=400)
    shadowed = hard_shadow(_photo_print(clean), lambda xx, yy: xx < 700, 0.45)
    evened = light.even_out_light(Page(1, shadowed, dpi=300)).image
    beside, away = _ink_beside_and_away(evened, clean, 700)
    assert beside <= away + 4, (beside, away)  # the Gaussian alone left them about 11 levels lighter
    assert raster.to_grey(evened)[:, 705:800][raster.to_grey(clean)[:, 705:800] > 250].mean() > 245  # paper is paper


def test_gentle_light_is_evened_out_as_before():
    """A gradient has no hard step: the smoothed background is the Gaussian's, untouched."""
    page = shade(render_page())
    small, _ = raster.shrink(page, max(page.shape[:2]) // 4)
    k = max(5, (min(small.shape[:2]) // 25) | 1)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    smooth = cv2.GaussianBlur(closed, (0, 0), k / 2)
    assert light._keep_hard_steps(closed, smooth, k) is smooth
    step = closed.copy()
    step[:, : step.shape[1] // 2] //= 2  # a shadow's edge down the middle
    smooth = cv2.GaussianBlur(step, (0, 0), k / 2)
    kept = light._keep_hard_steps(step, smooth, k)
    col = step.shape[1] // 2 + k // 2  # just on the lit side: the Gaussian pulls it down, the median not
    assert np.abs(kept[:, col].astype(int) - step[:, col]).mean() < np.abs(smooth[:, col].astype(int) - step[:, col]).mean() / 3


ROWS = (("No", "Judul Buku", "Penerbit"), ("1", "Resep Masakan Banjar", "Pustaka Banua"),
        ("2", "Mengelola Keuangan Keluarga", "Elex Media"), ("3", "Merawat Gizi Balita", "Andi Offset"),
        ("4", "Budidaya Jamur Tiram", "Penebar Swadaya"), ("5", "Dongeng Nusantara Pilihan", "Kanisius"))


def _faint_table(grey: int = 130) -> np.ndarray:
    """A ruled book list at 300 dpi whose letters are printed grey (a worn toner, a washed-out
    photo) on a noisy sheet: the dark ink keeps them only in pieces."""
    im = Image.new("L", (2480, 1400), 255)
    draw = ImageDraw.Draw(im)
    cols, top, row_h = [180, 330, 1300, 2300], 200, 120
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            draw.text((cols[c] + 20, top + r * row_h + 35), cell, fill=grey, font=font(42))
    bottom = top + len(ROWS) * row_h
    for r in range(len(ROWS) + 1):
        draw.line((cols[0], top + r * row_h, cols[-1], top + r * row_h), fill=0, width=3)
    for x in cols:
        draw.line((x, top, x, bottom), fill=0, width=3)
    soft = cv2.GaussianBlur(np.asarray(im).astype(np.float32), (0, 0), 1.2)
    soft += np.random.default_rng(4).normal(0, 8, soft.shape)
    return np.clip(soft, 0, 255).astype(np.uint8)


def test_pieces_of_faint_letters_in_a_table_are_not_dust():
    page = tables.find_tables(Page(1, _faint_table(), dpi=300))
    assert tables.recorded_tables(page.steps)
    half = half_size_ink(page)
    _, _, stats, _ = components(half.ink)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    text_h = float(np.median(heights[(heights >= half.dpi * 0.04) & (heights <= half.dpi * 0.3)]))
    # the dark ink alone takes many pieces of the letters for dust: the case this guards
    assert np.count_nonzero(marks._table_dust(stats[1:], text_h, half.ink.shape)) > 50
    cleaned = marks.remove_marks(page)
    assert cleaned.steps[-1].details["table_dust"] <= 5
    lost = np.count_nonzero((page.image < 200) & (cleaned.image >= 250))
    assert lost < 0.002 * np.count_nonzero(page.image < 200), lost
    text = read_page(cleaned, IngestOptions(), tables=tables.recorded_tables(cleaned.steps)).text
    assert words_in_order(text, ["Mengelola", "Keuangan", "Keluarga"]), text


def test_only_a_step_running_across_the_sheet_counts_as_a_shadow_edge():
    """A strip of desk in a corner, a scanner's border or a vignette's patch is left to the Gaussian; a
    shadow's edge running down a good part of the sheet is kept."""
    hard = np.zeros((400, 300), bool)
    hard[100:160, 80:84] = True  # 15 % of the height: a corner's edge
    hard[40:360, 200:204] = True  # 80 %: a shadow's edge across the sheet
    kept = light._long_steps(hard)
    assert not kept[100:160, 80:84].any()
    assert kept[40:360, 200:204].all()
    closed = np.full((400, 300), 220, np.uint8)
    closed[300:, :60] = 90  # a strip of desk in the bottom corner
    smooth = cv2.GaussianBlur(closed, (0, 0), 7)
    assert light._keep_hard_steps(closed, smooth, 15) is smooth
