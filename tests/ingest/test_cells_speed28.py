"""A grid cell's unsure reading checked at two more sizes (``cells._unstable``, issue 13 speed28): a cell
whose kept reading the first size already agrees with is type whatever the second size reads, so it is
not read at the second; the cells found unstable are those all three readings would give."""
from __future__ import annotations

import numpy as np

from ingest import cells
from ingest.model import Word
from ingest.options import IngestOptions


def _page() -> tuple[np.ndarray, list[list[int]]]:
    """Two cells side by side: a printed word, and pen strokes that read as no word."""
    from PIL import Image, ImageDraw

    from samples.layout import get_font

    image = Image.new("L", (1000, 140), 255)
    draw = ImageDraw.Draw(image)
    draw.text((40, 45), "Kegiatan", font=get_font("serif", "reg", 40), fill=30)
    rng = np.random.default_rng(0)  # a scribble that reads as other letters at each size
    points = [(540 + 22 * k + int(rng.integers(0, 25)), 30 + int(rng.integers(0, 80))) for k in range(18)]
    draw.line(points, fill=40, width=3)
    for _ in range(3):
        x = int(rng.integers(540, 860))
        draw.arc((x, 25, x + 120, 120), int(rng.integers(0, 180)), int(rng.integers(180, 360)), fill=40, width=3)
    return np.asarray(image).copy(), [[0, 0, 0, 500, 140], [0, 500, 0, 1000, 140]]


def test_a_cell_its_first_size_agrees_with_is_not_read_at_the_second_and_the_unstable_cells_are_the_same(monkeypatch):
    grey, grid = _page()
    options = IngestOptions()
    kept = {0: [Word(text="Kegiatan", conf=50.0, box=(40, 45, 180, 40))],
            1: [Word(text="wvrnw", conf=35.0, box=(560, 40, 380, 70))]}
    asked: list[tuple[float, list[list[int]]]] = []
    real = cells._rereads

    def counted(grey, boxes, height, options, size=1.0, level=None):
        asked.append((size, [list(b) for b in boxes]))
        return real(grey, boxes, height, options, size, level)

    monkeypatch.setattr(cells, "_rereads", counted)
    unstable = cells._unstable(grey, grid, kept, 40.0, options)
    # every cell read at both sizes, and the rule applied to its three readings
    small, large = (real(grey, [c[1:] for c in grid], 40.0, options, size) for size in cells.UNSTABLE_SIZES)
    readings = [[cells._letters(kept[k]), cells._letters(small[k]), cells._letters(large[k])] for k in (0, 1)]
    assert unstable == [k for k in (0, 1) if not cells._agreeing(readings[k])] == [1]
    assert cells._agreeing(readings[0][:2])  # the printed word: its kept reading and the first size agree
    assert [size for size, _ in asked] == list(cells.UNSTABLE_SIZES)
    assert asked[0][1] == [c[1:] for c in grid]
    assert asked[1][1] == [grid[1][1:]]  # the second size reads the pen cell only


def test_no_cell_is_read_again_when_every_unsure_reading_agrees_at_the_first_size(monkeypatch):
    grey, grid = _page()
    kept = {0: [Word(text="Kegiatan", conf=50.0, box=(40, 45, 180, 40))], 1: [Word(text="", conf=0.0, box=(0, 0, 1, 1))]}
    asked: list[float] = []
    real = cells._rereads

    def counted(grey, boxes, height, options, size=1.0, level=None):
        asked.append(size)
        return real(grey, boxes, height, options, size, level)

    monkeypatch.setattr(cells, "_rereads", counted)
    assert cells._unstable(grey, grid, kept, 40.0, IngestOptions()) == []
    assert asked == [cells.UNSTABLE_SIZES[0]]
