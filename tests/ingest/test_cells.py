"""Grid cells of a ruled table (issue 15, ``ingest.tables.grid_cells``): rows between the horizontal
rules, columns between the vertical ones, a merged cell whole (over columns or rows), a broken rule still a rule."""
from __future__ import annotations

import numpy as np
import pytest

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


def test_a_cell_merged_over_two_rows_is_one_cell_and_its_neighbours_are_not():
    """A date written once beside two rows: the row's rule is missing over that column only."""
    h, v = _masks([10, 60, 110, 160], [10, 110, 210, 310])
    h[59:62, 111:210] = 0  # no rule between rows 1 and 2 in the middle column
    cells = grid_cells(h, v, factor=1)
    assert (110, 10, 210, 110) in cells  # the middle column's cell runs over both rows
    assert (110, 60, 210, 110) not in cells
    assert (10, 10, 110, 60) in cells and (10, 60, 110, 110) in cells  # the other columns keep their rows
    assert (210, 10, 310, 60) in cells and (210, 60, 310, 110) in cells
    assert len(cells) == 8


def test_a_rule_with_gaps_over_a_cell_still_parts_its_rows():
    h, v = _masks([10, 60, 110, 160], [10, 110, 210, 310])
    for x in range(115, 205, 20):
        h[59:62, x:x + 8] = 0  # the rule over the middle column worn to dashes
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


def test_a_cell_on_a_watermarks_light_dots_is_read_as_its_number_not_the_dots():
    """A cell holding a lone number over a watermark's light dots (grey 190-240 on white): read on
    its own, Tesseract thresholds between the dots and the paper and reads the dots as letters
    unsure (pen by ``HAND_CONF``); with what is lighter than the page's ink level made paper
    first, the number is read, sure."""
    from PIL import Image, ImageDraw

    from ingest.cells import REREAD_BELOW, _rereads, ink_level
    from ingest.model import Word
    from ingest.options import IngestOptions
    from samples.layout import get_font

    rng = np.random.default_rng(0)
    for number in ("1", "25"):
        image = Image.new("L", (420, 160), 255)
        ImageDraw.Draw(image).text((150, 55), number, font=get_font("serif", "reg", 40), fill=40)
        cell = np.asarray(image).copy()
        dots = (rng.random(cell.shape) < 0.25) & (np.arange(cell.shape[1])[None, :] > 200) & (cell > 200)
        cell[dots] = rng.integers(190, 240, cell.shape)[dots]
        level = ink_level(cell, [Word(text=number, conf=95.0, box=(150, 55, 40, 40))])
        [got] = _rereads(cell, [[0, 0, 420, 160]], 40.0, IngestOptions(), level=level)
        assert [w.text for w in got] == [number] and got[0].conf >= REREAD_BELOW, [(w.text, w.conf) for w in got]


def test_a_column_whose_sure_readings_are_joined_strokes_is_type_that_joins():
    """Under a photo's blur one column's type joins its letters (time ranges "09.00-11.00") while the
    page's other cells keep them apart: that column, whose sure readings are joined, is spared the
    joined-stroke test; a column of pen writing (joined, read unsure) and one of plain type are not."""
    from ingest.cells import _joined_columns
    from ingest.model import Word

    def read(conf: float) -> list[Word]:
        return [Word(text="09.00-11.00", conf=conf, box=(0, 0, 10, 10))]

    cells = [[0, x, y, x + 100, y + 40] for y in (0, 40, 80, 120) for x in (0, 100, 200)]
    kept = [read(92.0 if x != 200 else 25.0) for _, x, *_ in cells]  # column 2: pen, read unsure
    joined = [{0: 0.05, 100: 0.8, 200: 0.9}[c[1]] for c in cells]
    cols = {0: {0: 0, 100: 1, 200: 2}}
    assert _joined_columns(cells, kept, joined, [True] * len(cells), cols) == {(0, 1)}
    # fewer than three sure readings say nothing
    assert _joined_columns(cells[:6], kept[:6], joined[:6], [True] * 6, cols) == set()


def _drawn_cell(text: str, at: tuple[int, int] = (60, 12), size: int = 40) -> np.ndarray:
    from PIL import Image, ImageDraw

    from samples.layout import get_font

    image = Image.new("L", (300, 70), 255)
    ImageDraw.Draw(image).text(at, text, font=get_font("sans", "reg", size), fill=20)
    return np.asarray(image).copy()


def test_a_flat_mark_alone_in_a_cell_is_a_dash_and_letters_or_a_rules_remnant_are_not():
    from ingest.cells import dash_mark

    height = 29.0  # the type's capital height at size 40
    box = dash_mark(_drawn_cell("-"), height)
    assert box is not None and box[3] <= 0.25 * height < box[2]
    for text in ("1", "I", "--  -", "a", "2-3", "—————————"):  # a digit, a bar, two marks, a letter, a range, a long rule
        assert dash_mark(_drawn_cell(text), height) is None, text
    remnant = np.full((70, 300), 255, np.uint8)
    remnant[30:33, 0:20] = 20  # a piece of the rule beside the cell, left in its crop
    assert dash_mark(remnant, height) is None
    assert dash_mark(np.full((70, 300), 255, np.uint8), height) is None


@pytest.mark.slow
def test_a_dash_of_a_table_without_rules_taken_for_dust_is_found_on_the_page_before_cleanup():
    """An unruled list whose NIP column holds "-" for some rows, a dotted rule under each row:
    ``remove_borders`` takes each small dash far from any letter for dust, so the page's reading
    has none; ``read_lost`` finds them on the page before its cleanup and gives each a "-" word.
    The dotted rules, a bullet beside its word, the hyphen of a range and a tick in the margin are no
    lost dash."""
    from PIL import Image, ImageDraw

    from ingest.cells import read_lost
    from ingest.marks import remove_borders
    from ingest.model import Page
    from ingest.ocr import read_page
    from ingest.options import IngestOptions
    from samples.layout import get_font

    rows = [("1", "Lambas Yulianto", "198207292010011017", "Ketua"), ("2", "Aditya", "-", "Tenaga Ahli"),
            ("3", "Dedy Darisman", "199012152022031005", "Teknis"), ("4", "Pandy Lazuardi", "-", "Tenaga Ahli"),
            ("5", "Hanny", "-", "- Staf 08.00-10.00")]
    image = Image.new("L", (2200, 900), 255)
    draw = ImageDraw.Draw(image)
    font = get_font("sans", "reg", 40)
    for r, row in enumerate(rows):
        y = 150 + r * 110
        for x, cell in zip((120, 260, 1000, 1600), row):
            draw.text((x + (150 if cell == "-" else 0), y), cell, font=font, fill=20)
        for x in range(100, 2100, 12):
            draw.rectangle((x, y + 75, x + 4, y + 77), fill=90)  # a dotted rule under the row
    draw.text((2140, 150), "-", font=font, fill=20)  # a tick in the margin beside the first row
    grey = np.asarray(image).copy()
    page = remove_borders(Page(1, grey, dpi=300))
    spots = [(150 + r * 110, 1140) for r in (1, 3, 4)]
    assert all(grey[y:y + 60, x:x + 40].min() < 50 and page.image[y:y + 60, x:x + 40].min() > 180
               for y, x in spots)  # the dashes went as dust
    text = read_page(page, IngestOptions())

    def dashes(words):
        return [w for w in words if 1100 < w.box[0] < 1200]

    assert dashes(text.words) == [] and dashes(read_lost(text, page, IngestOptions()).words) == []  # none on the cleaned page
    found = read_lost(text, page, IngestOptions(), original=grey)
    got = dashes(found.words)
    assert [w.text for w in got] == ["-"] * 3 and all(isinstance(v, int) for w in got for v in w.box)
    assert sorted(w.box[1] // 110 for w in got) == [2, 4, 5]  # the rows of Aditya, Pandy, Hanny
    def count(words):
        return sum(w.text == "-" for w in words)

    assert count(found.words) == count(text.words) + 3  # no dot of a rule, no bullet, no hyphen, no margin tick


def test_a_cells_second_reading_keeps_a_dash_between_words_and_drops_other_lone_signs():
    from ingest.cells import _joiner
    from ingest.model import Word

    def reading(*texts: str, lines: tuple[int, ...] = ()) -> list[Word]:
        return [Word(text=t, conf=90.0, box=(40 * k, 0, 30, 30), line=lines[k] if lines else 0) for k, t in enumerate(texts)]

    words = reading("e-Learning:", "6", "–", "17", "Februari", "|", ")", "Keu,", "SDM", "&", "MR")
    assert [w.text for k, w in enumerate(words) if _joiner(words, k)] == ["–", "&"]
    assert not _joiner(reading("-", "17"), 0)  # no word before it
    assert not _joiner(reading("6", "-"), 1)  # none after it
    assert not _joiner(reading("6", "-", "17", lines=(0, 0, 1)), 1)  # the next word is on another line
    assert not _joiner(reading("6", "--", "17"), 1) and not _joiner(reading("6", "·", "17"), 1)


def _ticked_list(items: list[str], ticked: set[int], boxes: bool = True) -> np.ndarray:
    """A lembar disposisi's cell: each item printed after a hollow check box, some ticked by pen."""
    from PIL import Image, ImageDraw

    from samples.layout import get_font

    image = Image.new("L", (900, 60 + 70 * len(items)), 255)
    draw = ImageDraw.Draw(image)
    for k, item in enumerate(items):
        y = 30 + 70 * k
        if boxes:
            draw.rectangle((40, y - 6, 84, y + 38), outline=20, width=3)
        if k in ticked:  # a tick from inside the box up over its right side
            draw.line((46, y + 14, 60, y + 32), fill=30, width=4)
            draw.line((60, y + 32, 96, y - 14), fill=30, width=4)
        draw.text((96, y), item, font=get_font("sans", "reg", 32), fill=20)
    return np.asarray(image).copy()


def test_check_boxes_are_hollow_squares_larger_than_letters_ticked_or_not():
    from ingest.cells import check_boxes

    height = 24.0  # the type's capital height at size 32
    cell = _ticked_list(["DIKETAHUI", "DITINDAKLANJUTI", "DIWAKILI"], ticked={1})
    found = check_boxes(cell[4:-4, 4:-4], height)
    assert len(found) == 3 and all(36 <= x <= 40 and 40 <= w <= 52 for x, _, w, _ in found), found
    # letters (round, square-ish, boxed-in ones), a filled square, an underline, a frame cut by the crop: no box
    assert check_boxes(_drawn_cell("O D 0 H E N M"), height) == []
    assert check_boxes(_drawn_cell("OD", size=64), height) == []  # large round letters
    assert check_boxes(_drawn_cell("BADAN", size=56), height) == []  # boxy capitals as tall as their word
    filled = np.full((70, 300), 255, np.uint8)
    filled[12:56, 40:84] = 20
    underline = np.full((70, 300), 255, np.uint8)
    underline[50:53, 20:200] = 20
    frame = np.full((70, 300), 255, np.uint8)
    frame[0:3, :], frame[-3:, :], frame[:, 0:3] = 20, 20, 20
    assert check_boxes(filled, height) == [] and check_boxes(underline, height) == [] and check_boxes(frame, height) == []


def test_a_cells_second_reading_reads_the_items_of_a_ticked_list_without_their_boxes():
    """Read with its check boxes, a disposition list's items come out glued to them ("ToikEtaHui",
    "Jowariui"); on the cell's second reading the boxes (and a tick near them) are paper first."""
    from ingest.cells import _rereads
    from ingest.options import IngestOptions

    items = ["DIKETAHUI", "DITINDAKLANJUTI", "DIPROSES LEBIH LANJUT", "DIWAKILI"]
    cell = _ticked_list(items, ticked={1})
    [got] = _rereads(cell, [[0, 0, cell.shape[1], cell.shape[0]]], 24.0, IngestOptions())
    assert " ".join(w.text for w in got) == " ".join(items), [(w.text, w.conf) for w in got]
    assert min(w.conf for w in got) >= 70


def _colon_then_pen(gap: int = 34, stacked: bool = True) -> np.ndarray:
    """A strip of paper with a label's colon (two 5 px dots) and, ``gap`` px to its right, a value's
    strokes; the dots side by side when not ``stacked``."""
    import cv2

    strip = np.full((27, 80), 255, np.uint8)
    strip[2:7, 0:5] = 0
    if stacked:
        strip[16:21, 0:5] = 0
    else:
        strip[2:7, 8:13] = 0
    cv2.line(strip, (5 + gap, 24), (12 + gap, 2), 0, 3)  # "1"
    cv2.ellipse(strip, (26 + gap, 13), (8, 11), 0, 180, 450, 0, 3)  # a "2"-ish stroke
    return strip


def test_a_labels_colon_taken_into_the_unsure_word_after_it_is_set_apart():
    """A lembar disposisi's "Nomor surat : 12/Skr…", the value written by hand: Tesseract boxed the
    label's colon with the pen's "12" and read no colon, so the label came without it.  The two dots
    opening the unsure word's box, well apart from its other ink, are the colon: a word of their own."""
    from ingest.cells import colons_apart
    from ingest.model import Word

    grey = np.full((60, 300), 255, np.uint8)
    grey[10:37, 100:180] = _colon_then_pen()
    value = Word("12", 28.0, (100, 10, 80, 27), line=3, cell=(0, 3, 0))
    label = Word("surat", 96.0, (20, 10, 60, 26), line=3, cell=(0, 3, 0))
    words, found = colons_apart([label, value], grey, 30.0)
    assert [w.text for w in words] == ["surat", ":", "12"] and found == 1
    colon, rest = words[1], words[2]
    assert colon.box[0] == 100 and colon.box[2] <= 6 and colon.cell == (0, 3, 0) and colon.conf >= 80
    assert rest.box[0] >= 130 and rest.conf == 28.0


@pytest.mark.parametrize("case", ["sure", "has_colon", "side_by_side", "close", "no_cell"])
def test_a_word_is_left_whole_unless_it_is_unsure_opens_with_two_stacked_dots_and_stands_apart(case):
    from ingest.cells import colons_apart
    from ingest.model import Word

    grey = np.full((60, 300), 255, np.uint8)
    grey[10:37, 100:180] = _colon_then_pen(gap=6 if case == "close" else 34, stacked=case != "side_by_side")
    value = Word(":12" if case == "has_colon" else "12", 96.0 if case == "sure" else 28.0, (100, 10, 80, 27),
                 cell=() if case == "no_cell" else (0, 3, 0))
    words, found = colons_apart([value], grey, 30.0)
    assert words == [value] and found == 0
