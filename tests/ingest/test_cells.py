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


def _tinted_grid(pen: set[tuple[int, int]]):
    """A 4 × 3 grid photographed under warm light (yellowish paper, dark grey type): printed words
    in every cell, blue pen loops in the cells of ``pen`` instead; its cells as ``[table, x0, y0, x1, y1]``."""
    import cv2

    image = np.zeros((4 * 80 + 20, 3 * 300 + 20, 3), np.uint8)
    image[:] = (170, 215, 235)  # BGR: warm paper
    cells = []
    for r in range(4):
        for c in range(3):
            x0, y0 = 10 + c * 300, 10 + r * 80
            cv2.rectangle(image, (x0, y0), (x0 + 300, y0 + 80), (40, 45, 50), 2)
            cells.append([0, x0, y0, x0 + 300, y0 + 80])
            if (r, c) in pen:
                pts = np.array([(x0 + 20 + k * 6, y0 + 50 - int(18 * abs(np.sin(k / 2)))) for k in range(40)], np.int32)
                cv2.polylines(image, [pts], False, (150, 60, 30), 3)  # blue ballpoint
            else:
                cv2.putText(image, f"Kata {r}{c}", (x0 + 20, y0 + 52), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (45, 50, 55), 2)
    return cv2.GaussianBlur(image, (3, 3), 0), cells


def test_blue_pen_ink_is_told_from_black_type_after_the_papers_tint():
    """Pen ink of another colour than the type is found on the colour page (``_pen_coloured``): the
    paper's warm tint is divided out per cell, so the dark type is grey and the blue loops are not."""
    from ingest.cells import _pen_coloured, ink_chroma

    pen = {(1, 1), (3, 0)}
    image, cells = _tinted_grid(pen)
    flags = _pen_coloured(image, image.shape, cells, min_ink=20)
    assert {(k // 3, k % 3) for k, f in enumerate(flags) if f} == pen
    assert ink_chroma(image[20:80, 20:300], 20) < 0.05  # a printed cell: grey ink once the paper is white


def test_no_pen_colour_without_a_colour_page_or_on_a_page_of_coloured_type():
    import cv2

    from ingest.cells import _pen_coloured

    image, cells = _tinted_grid({(1, 1)})
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    assert not any(_pen_coloured(grey, grey.shape, cells, min_ink=20))  # a grey capture: colour unknown
    assert not any(_pen_coloured(None, grey.shape, cells, min_ink=20))
    blue_type = image.copy()
    blue_type[(image[:, :, 0] < 100)] = (150, 60, 30)  # everything printed in blue: the page's type is blue
    assert not any(_pen_coloured(blue_type, image.shape, cells, min_ink=20))
