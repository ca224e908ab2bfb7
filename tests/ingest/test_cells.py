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


def _grid_cells_of(page):
    """The generated page's grid cells found by ``find_tables`` (no OCR), each keyed by its (row,
    column) in the grid (row 0 the header)."""
    import cv2

    from ingest.cells import _index
    from ingest.model import Page
    from ingest.tables import find_tables, recorded_cells

    grey = cv2.cvtColor(np.asarray(page.image.convert("RGB")), cv2.COLOR_RGB2GRAY)
    found = find_tables(Page(1, grey, dpi=300))
    cells, _ = recorded_cells(found.steps)
    rows, cols = _index([c[2] for c in cells], 10), _index([c[1] for c in cells], 10)
    return found.image, {(rows[c[2]], cols[c[1]]): c[1:] for c in cells}


def test_pen_writing_is_joined_strokes_and_type_is_not():
    """Handwriting is told from type by its strokes, not its content: a pen word is one stroke wider
    than a letter, type one component per letter (``joined_share``); on a generated ruled page each
    handwritten cell passes the share the flag asks and no printed body cell does, and the page's
    median cell stays under the share at which type's letters touch (so the test applies)."""
    import statistics

    from ingest.cells import JOINED_SHARE, PAGE_JOINED, joined_share
    from samples.tables import COLUMNS, table_page

    for kind in ("buku", "hadir", "agenda"):
        page = table_page(kind, "joined-test", ruled=True, handwritten=3)
        image, cells = _grid_cells_of(page)
        hand = {(r + 1, COLUMNS[kind].index(col)) for r, col in page.hand}
        assert hand <= set(cells)
        share = {key: joined_share(image[y0 + 4:y1 - 4, x0 + 4:x1 - 4], 28.0) for key, (x0, y0, x1, y1) in cells.items()}
        assert all(share[key] >= JOINED_SHARE for key in hand), {k: share[k] for k in hand}
        printed = [v for (r, c), v in share.items() if r > 0 and (r, c) not in hand and page.texts[r - 1][c]]
        assert printed and max(printed) < JOINED_SHARE, max(printed)
        assert statistics.median(v for (r, c), v in share.items() if (r, c) not in hand) < PAGE_JOINED


def test_a_cell_without_contrast_has_no_joined_ink():
    from ingest.cells import joined_share

    assert joined_share(np.full((60, 200), 200, np.uint8), 28.0) == 0.0
