"""Dewarp: curled pages come out with straight lines, flat pages untouched, tables intact."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from pagegen import LINES, draw_ruled_table, font, render_page
from PIL import Image, ImageDraw
from rapidfuzz.distance import Levenshtein

from ingest.dewarp import dewarp
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions

TEXT = LINES + LINES[4:] + LINES[2:6]  # a letter-length page of long lines
STRIPS = ((90, 190), (330, 430), (560, 660))  # x ranges every text line reaches


def curl(image: np.ndarray, amount: float, asymmetric: bool = False) -> np.ndarray:
    """Bend the page as paper that does not lie flat: columns sag by ``amount`` px in the
    middle (or towards one side), white where nothing comes in."""
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = xx / (w - 1)
    shape = np.sin(np.pi * t) if not asymmetric else np.sin(np.pi * t ** 1.6)
    sag = (amount * shape * (0.7 + 0.3 * yy / h)).astype(np.float32)
    fill = (255,) * 3 if image.ndim == 3 else 255
    return cv2.remap(image, xx, yy - sag, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def line_centres(image: np.ndarray) -> np.ndarray:
    """Ink centre (y) of each text line in three vertical strips: array (lines, strips).

    In each strip the rows holding ink form one band per line; band k is line k in every
    strip (the lines are far enough apart that bands never merge)."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ink = (grey < 128).astype(np.float64)
    centres = []
    for x0, x1 in STRIPS:
        profile = ink[:, x0:x1].sum(axis=1)
        rows = np.flatnonzero(profile > 0)
        bands = np.split(rows, np.flatnonzero(np.diff(rows) > 3) + 1)
        bands = [b for b in bands if profile[b].sum() > 50]
        centres.append([float((b * profile[b]).sum() / profile[b].sum()) for b in bands])
    assert len({len(c) for c in centres}) == 1, [len(c) for c in centres]
    return np.array(centres).T


def line_bends(image: np.ndarray, flat: np.ndarray) -> np.ndarray:
    """Per text line: how far it moved up or down in one strip more than in another,
    compared with the flat page (so letter shapes do not count), px."""
    moved = line_centres(image) - line_centres(flat)
    return moved.max(axis=1) - moved.min(axis=1)


@pytest.fixture(scope="module")
def letter() -> np.ndarray:
    return render_page(TEXT, height=1754, size=44, margin=70)  # A4 at 150 dpi, lines across most of it


def test_curled_lines_come_out_straight(letter):
    bent = curl(letter, 0.012 * letter.shape[0])
    assert max(line_bends(bent, letter)) > 8
    page = dewarp(Page(1, bent, dpi=150))
    record = page.steps[-1]
    assert record.stage == "dewarp" and record.details["dewarped"]
    assert record.details["lines"] >= 15
    assert 8 < record.details["bow_px"] < 30  # the bow along the lines, their tilt left out
    assert 8 < record.details["max_shift_px"] < 30  # the curl was 21 px
    bends = line_bends(page.image, letter)
    assert max(bends) < 1.5, bends
    assert page.image.shape == bent.shape and page.image.ndim == 3


def test_curl_towards_one_side_and_down_the_page(letter):
    bent = curl(letter, 0.015 * letter.shape[0], asymmetric=True)
    page = dewarp(Page(1, bent, dpi=150))
    assert page.steps[-1].details["dewarped"]
    assert max(line_bends(page.image, letter)) < 2


def test_flat_page_is_left_as_it_came(letter):
    page = Page(1, letter, dpi=150)
    out = dewarp(page)
    assert out.image is letter
    assert out.steps[-1].details["dewarped"] is False
    assert out.steps[-1].details["lines"] >= 15


def test_slight_curl_under_the_gate_is_left_alone(letter):
    bent = curl(letter, 1.5)
    out = dewarp(Page(1, bent, dpi=150))
    assert out.image is bent and not out.steps[-1].details["dewarped"]


def test_blank_page_and_grey_page():
    blank = np.full((900, 700), 255, np.uint8)
    out = dewarp(Page(1, blank))
    assert out.image is blank and out.steps[-1].details == {"dewarped": False, "lines": 0}


def _table_page() -> np.ndarray:
    """Kop rule, a ruled two-column label/value table, a signature-like scrawl, text lines."""
    im = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(im)
    draw.text((330, 70), "PEMERINTAH KABUPATEN BALANGAN", fill=0, font=font(34, bold=True))
    draw.line((90, 130, 1150, 130), fill=0, width=4)
    y = 180
    for line in LINES[4:9]:
        draw.text((90, y), line, fill=0, font=font(28))
        y += 46
    cols, top, row_h = [90, 190, 620, 1150], 460, 64
    rows = [("No", "Nama", "Jabatan"), ("1", "Lisa Purnamasari", "Kader PKK"), ("2", "Ahmad Yani", "Ketua RT"),
            ("3", "Mulyadi", "Tokoh Masyarakat"), ("4", "Nor Asiah", "Pengelola Perpustakaan"),
            ("5", "Rusdiansyah", "Sekretaris Desa")]
    y = draw_ruled_table(draw, rows, cols, top, row_h, size=26, text_dy=16) + 50
    for line in LINES[6:]:
        draw.text((90, y), line, fill=0, font=font(28))
        y += 46
    draw.line([(760, y + 60), (800, y + 10), (830, y + 80), (880, y + 20), (990, y + 50)], fill=0, width=3)
    return np.asarray(im).copy()


def rule_bends(image: np.ndarray, rows: int) -> list[float]:
    """Per horizontal table rule: how far it moves between columns x=120, 620 and 1120."""
    ink = image < 128
    ys = []
    for x in (120, 620, 1120):
        band = ink[:, x - 10:x + 10].all(axis=1)  # a rule crosses the whole 20 px strip
        runs = np.split(np.flatnonzero(band), np.flatnonzero(np.diff(np.flatnonzero(band)) > 3) + 1)
        ys.append([float(r.mean()) for r in runs if len(r)][-rows:])
    return [max(col) - min(col) for col in zip(*ys)]


def test_table_page_is_straightened_not_broken():
    flat = _table_page()
    assert dewarp(Page(1, flat, dpi=150)).image is flat
    bent = curl(flat, 20)
    assert max(rule_bends(bent, 7)) > 10
    page = dewarp(Page(1, bent, dpi=150))
    assert page.steps[-1].details["dewarped"]
    bends = rule_bends(page.image, 7)
    assert len(bends) == 7 and max(bends) < 2.5, bends


@pytest.mark.slow  # two full OCR passes of a dense 1754-pixel page
def test_dewarped_page_reads_better():
    """Real Tesseract on a curled page of long small-print lines, before and after (the
    reason for the stage: bowed lines get merged and split)."""
    body = LINES[4:]
    lines = [body[i] + " " + body[(i + 1) % len(body)] for i in range(len(body))] * 3
    # a 3 % bow: since Tesseract is told the page's resolution, a 1.2 % bow reads fine without the stage
    bent = curl(render_page(lines, height=1754, size=24, margin=60), 0.03 * 1754)
    reference = " ".join(lines)
    options = IngestOptions(dpi=150)

    def cer(image: np.ndarray) -> float:
        text = " ".join(read_page(Page(1, cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dpi=150), options).text.split())
        return Levenshtein.distance(text, reference) / len(reference)

    before, after = cer(bent), cer(dewarp(Page(1, bent, dpi=150)).image)
    assert after < 0.02 < before, (before, after)
