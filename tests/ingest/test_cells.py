"""Grid cells of a ruled table (issue 15, ``ingest.tables.grid_cells``): rows between the horizontal
rules, columns between the vertical ones, a merged cell whole, a broken rule still a rule."""
from __future__ import annotations

import numpy as np

from ingest.tables import grid_cells


def _masks(rows: list[int], cols: list[int], missing: list[tuple[int, int, int]] = (), gaps: int = 0):
    """Rule masks of a grid; ``missing``: (x, y0, y1) stretches of vertical rule not drawn (a merged
    cell); ``gaps``: every horizontal rule drawn as dashes with gaps of this many pixels."""
    h = np.zeros((rows[-1] + 10, cols[-1] + 10), np.uint8)
    v = np.zeros_like(h)
    for y in rows:
        h[y - 1:y + 2, cols[0]:cols[-1] + 1] = 1
        if gaps:
            for x in range(cols[0] + 40, cols[-1], 60):
                h[y - 1:y + 2, x:x + gaps] = 0
    for x in cols:
        v[rows[0]:rows[-1] + 1, x - 1:x + 2] = 1
    for x, y0, y1 in missing:
        v[y0:y1, x - 1:x + 2] = 0
    return h, v


def test_a_grid_gives_one_cell_per_row_and_column():
    h, v = _masks([10, 60, 110, 160], [10, 110, 210, 310])
    cells = grid_cells(h, v, factor=2, dy=1000)
    assert len(cells) == 9
    assert cells[0] == (20, 1020, 220, 1120)  # page pixels: scaled by the factor, shifted by dy
    assert sorted({c[1] for c in cells}) == [1020, 1120, 1220]


def test_a_header_cell_merged_over_two_columns_is_one_cell():
    h, v = _masks([10, 60, 110, 160], [10, 110, 210, 310], missing=[(110, 11, 60)])
    cells = grid_cells(h, v, factor=1)
    first_row = [c for c in cells if c[1] == 10]
    assert [(c[0], c[2]) for c in first_row] == [(10, 210), (210, 310)]
    assert len(cells) == 8


def test_broken_horizontal_rules_still_part_the_rows():
    h, v = _masks([10, 60, 110, 160], [10, 110, 210, 310], gaps=15)
    assert len(grid_cells(h, v, factor=1)) == 9


def test_no_rules_no_cells():
    empty = np.zeros((200, 200), np.uint8)
    assert grid_cells(empty, empty, factor=1) == []
