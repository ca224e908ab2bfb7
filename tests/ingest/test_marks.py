"""Mark removal: signatures and parafs go, the printed letters they touch stay."""
from __future__ import annotations

import math

import numpy as np
import pytest
from pagegen import font, words_in_order
from PIL import Image, ImageDraw

from ingest import marks, tables
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions
from ingest.raster import to_grey

# 300 dpi, like a clean flatbed scan (remove_marks works at half resolution there)
WIDTH, HEIGHT, SIZE = 2480, 1500, 42
BODY = ("Demikian laporan ini kami sampaikan untuk dapat dipergunakan",
        "sebagaimana mestinya oleh seluruh peserta kegiatan.")
TITLE = "Kepala Dinas Perpustakaan dan Kearsipan"
NAME = "Hj. Rusmilawati, S.Sos."


def scribble(draw: ImageDraw.ImageDraw, x: int, y: int, w: int, h: int, loops: int = 6, width: int = 5,
             phase: float = 0.0) -> None:
    """A loopy pen signature in the box (x, y, w, h) with a flourish line under it."""
    points = []
    for k in range(loops * 14):
        t = k / (loops * 14)
        px = x + w * (0.05 + 0.85 * t) + 0.08 * w * math.sin(t * loops * 2 * math.pi + phase)
        py = y + h * (0.5 + 0.4 * math.sin(t * loops * math.pi * 1.3 + phase) * math.cos(t * 3.1))
        points.append((px, py))
    draw.line(points, fill=20, width=width, joint="curve")
    draw.line([(x + 0.15 * w, y + 0.9 * h), (x + 0.95 * w, y + 0.7 * h)], fill=20, width=width - 1)


def signature_page(through_text: bool) -> np.ndarray:
    """A letter's closing: body lines, the signer's title, a signature, the underlined name.
    With ``through_text`` the signature reaches up through the title and down through the name."""
    im = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(im)
    y = 150
    for line in BODY:
        draw.text((250, y), line, fill=0, font=font(SIZE))
        y += 70
    x = 1200
    title_y, name_y = 450, 800
    draw.text((x, title_y), TITLE, fill=0, font=font(SIZE))
    bold = font(SIZE, bold=True)
    draw.text((x, name_y), NAME, fill=0, font=bold)
    end = x + bold.getlength(NAME)
    draw.line([(x, name_y + SIZE + 4), (end, name_y + SIZE + 4)], fill=0, width=3)
    if through_text:
        scribble(draw, x - 40, title_y + 25, 640, int((name_y + 12 - title_y - 25) / 0.9))  # into the name's top
    else:
        scribble(draw, x + 40, title_y + 90, 560, name_y - title_y - 150)
    return np.asarray(im).copy()


def ink_in(image: np.ndarray, box: tuple[int, int, int, int]) -> int:
    x0, y0, x1, y1 = box
    return int(np.count_nonzero(image[y0:y1, x0:x1] < 128))


@pytest.mark.parametrize("through_text", [False, True])
def test_signature_removed_and_touched_letters_kept(through_text):
    image = signature_page(through_text)
    page = marks.remove_marks(Page(1, image, dpi=300))
    assert page.steps[-1].details["marks"] >= 1
    # the scribble's middle, between the title and the name lines, is gone
    assert ink_in(page.image, (1150, 560, 1900, 760)) < 0.05 * ink_in(image, (1150, 560, 1900, 760))
    text = read_page(page, IngestOptions()).text
    assert words_in_order(text, BODY[0].split() + TITLE.split() + ["Rusmilawati,"]), text


def test_signature_does_not_become_words():
    page = marks.remove_marks(Page(1, signature_page(through_text=True), dpi=300))
    words = read_page(page, IngestOptions()).text.split()
    expected = set(" ".join(BODY + (TITLE, NAME)).split())
    stray = [w for w in words if w not in expected]
    assert len(stray) <= 3, stray


def paraf_table() -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """A daftar hadir at 300 dpi: name column and a paraf column signed in every row."""
    im = Image.new("L", (WIDTH, 1400), 255)
    draw = ImageDraw.Draw(im)
    cols, top, row_h = [180, 330, 1400, 2300], 200, 130
    names = ["No", "Norlaila", "Rabiatul Adawiyah", "Saberi", "Bahrul Ilmi", "Mulyadi", "Junaidi"]
    cells = []
    for r, name in enumerate(names):
        ry = top + r * row_h
        draw.text((cols[0] + 20, ry + 40), str(r) if r else "No", fill=0, font=font(SIZE))
        draw.text((cols[1] + 20, ry + 40), name if r else "Nama", fill=0, font=font(SIZE))
        if r:
            scribble(draw, cols[2] + 60, ry + 28, 720, 72, loops=5, width=4, phase=r)
            cells.append((cols[2] + 10, ry + 10, cols[3] - 10, ry + row_h - 10))
        else:
            draw.text((cols[2] + 20, ry + 40), "Paraf", fill=0, font=font(SIZE, bold=True))
    bottom = top + len(names) * row_h
    for r in range(len(names) + 1):
        draw.line((cols[0], top + r * row_h, cols[-1], top + r * row_h), fill=0, width=3)
    for x in cols:
        draw.line((x, top, x, bottom), fill=0, width=3)
    return np.asarray(im).copy(), cells


def test_parafs_in_table_cells_removed_names_kept():
    image, cells = paraf_table()
    page = tables.find_tables(Page(1, image, dpi=300))
    assert tables.recorded_tables(page.steps)
    page = marks.remove_marks(page)
    for cell in cells:
        assert ink_in(page.image, cell) < 0.1 * ink_in(image, cell), cell
    text = read_page(page, IngestOptions(), tables=tables.recorded_tables(page.steps)).text
    assert words_in_order(text, ["Norlaila", "Rabiatul", "Adawiyah", "Saberi", "Bahrul", "Ilmi", "Mulyadi",
                                 "Junaidi"]), text


def test_text_line_zones_cover_lines_not_gaps():
    image = signature_page(through_text=False)
    page = marks.remove_marks(Page(1, image, dpi=300))
    assert page.steps[-1].details["kept_on_lines_px"] == 0  # the signature touches no line



def test_components_and_whiten_match_the_plain_opencv_and_numpy_forms():
    """The faster labelling gives OpenCV's default labels and stats exactly (same order), and
    ``whiten`` equals numpy masking, grey and colour: the stages' output stays bit-identical."""
    import cv2

    from ingest.components import components, whiten

    image = Image.new("L", (1200, 700), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(BODY + (TITLE, NAME)):
        draw.text((40 + 30 * i, 40 + 120 * i), line, fill=0, font=font(SIZE))
    scribble(draw, 600, 420, 420, 200)
    grey = np.asarray(image).copy()
    rng = np.random.default_rng(5)
    grey[rng.integers(0, 700, 3000), rng.integers(0, 1200, 3000)] = 0  # speckle: many tiny components
    grey[:, :25] = 10  # a dark border touching the edge
    mask = (grey < 128).astype(np.uint8)
    n, labels, stats, centroids = components(mask)
    n0, labels0, stats0, centroids0 = cv2.connectedComponentsWithStats(mask, connectivity=8)
    assert n == n0 > 1000
    assert np.array_equal(labels, labels0) and np.array_equal(stats, stats0)
    assert np.array_equal(centroids, centroids0)
    drop = (labels % 3 == 1).astype(np.uint8)
    colour = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    colour[..., 2] //= 2
    for picture in (grey, colour):
        expected = picture.copy()
        expected[drop > 0] = 255
        got = whiten(picture, drop)
        assert np.array_equal(got, expected) and got is not picture
        assert not np.array_equal(picture, expected)  # the input is left as it was


def test_components_with_more_labels_than_sixteen_bits_hold_match_the_default():
    import cv2

    from ingest.components import components

    mask = np.zeros((620, 620), np.uint8)
    mask[::2, ::2] = 1  # 96100 separate dots
    mask[100:140, 50:600] = 1
    n, labels, stats, _ = components(mask)
    n0, labels0, stats0, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    assert n == n0 > 65536 and np.array_equal(labels, labels0) and np.array_equal(stats, stats0)


def test_label_lookup_matches_numpy_indexing():
    from ingest.components import components, lookup

    mask = np.zeros((1301, 777), np.uint8)  # rows not a multiple of the band height
    mask[::3, ::3] = 1
    mask[600:640, 20:700] = 1
    n, labels, _, _ = components(mask)
    table = (np.arange(n) % 5).astype(np.uint8)
    assert np.array_equal(lookup(table, labels), table[labels])
    wide = labels.astype(np.int32)  # the 32-bit fallback labels
    assert np.array_equal(lookup(table, wide), table[wide])


def test_remove_marks_after_find_tables_matches_remove_marks_alone():
    """find_tables leaves its half-size ink on the page (``Page.half_ink``) when it leaves the
    image as it was; remove_marks on that page must equal remove_marks on a fresh copy, takes
    the copy off the page, and a page whose image changed carries no stale copy."""
    image = signature_page(through_text=True)
    alone = marks.remove_marks(Page(1, image.copy(), dpi=300))
    after_tables = tables.find_tables(Page(1, image, dpi=300))
    assert after_tables.steps[-1].details["tables"] == [] and after_tables.image is image
    assert after_tables.half_ink is not None and after_tables.half_ink.factor == 2
    handed = marks.remove_marks(after_tables)
    assert np.array_equal(handed.image, alone.image)
    assert handed.steps[-1].details == alone.steps[-1].details
    assert handed.half_ink is None  # taken: it is not carried further
    assert after_tables.evolve(image=np.full_like(image, 255)).half_ink is None  # a new image drops it
    assert after_tables.evolve(dpi=150).half_ink is None  # so does a new resolution
    assert after_tables.evolve(flags=("x",)).half_ink is after_tables.half_ink


def test_dust_in_table_rows_removed_punctuation_kept():
    image, cells = paraf_table()
    rng = np.random.default_rng(3)
    dust = []
    for _ in range(40):  # specks in the empty parts of the name cells and between the columns
        x, y = int(rng.integers(1000, 1380)), int(rng.integers(340, 1090))
        if (y - 200) % 130 < 12 or (y - 200) % 130 > 118:
            continue
        if len(dust) % 2:
            image[y:y + 4, x:x + 4] = 0
        else:  # a 2 px grey speck: gone at half size, but Tesseract reads it as "|" or ":"
            image[y:y + 2, x:x + 2] = 120
        dust.append((x, y))
    im = Image.fromarray(image)
    ImageDraw.Draw(im).text((530, 200 + 6 * 130 + 40), "Junaidi, S.Pd.", fill=0, font=font(SIZE))
    image = np.asarray(im).copy()
    page = marks.remove_marks(tables.find_tables(Page(1, image, dpi=300)))
    assert page.steps[-1].details["table_dust"] >= len(dust) // 2
    left = sum(int(page.image[y:y + 4, x:x + 4].min() < 200) for x, y in dust)
    assert left <= len(dust) // 10, left
    text = read_page(page, IngestOptions(), tables=tables.recorded_tables(page.steps)).text
    assert "S.Pd." in text and "Junaidi," in text, text  # full stops and commas beside letters stay
    assert "|" not in text, text


def test_colon_standing_apart_in_a_table_cell_kept_dust_removed():
    """A form's label cell: "Unit Utama     :   KEDOKTERAN", the colon in a column of its own,
    farther from the letters than dust is judged by; lone specks around it still go."""
    im = Image.new("L", (WIDTH, 900), 255)
    draw = ImageDraw.Draw(im)
    cols, top, row_h = [180, 1300, 2300], 200, 110
    rows = (("Unit Utama", "KEDOKTERAN"), ("Sumber Dana", "BLU"), ("Satker", "UNRAM"), ("Jenis", "Langsung"))
    for r, (label, value) in enumerate(rows):
        ry = top + r * row_h + 30
        draw.text((cols[0] + 20, ry), label, fill=0, font=font(SIZE))
        draw.text((cols[0] + 560, ry), ":", fill=0, font=font(SIZE))
        draw.text((cols[0] + 640, ry), value, fill=0, font=font(SIZE))
        draw.text((cols[1] + 20, ry), str(r + 1), fill=0, font=font(SIZE))
    bottom = top + len(rows) * row_h
    colons = np.asarray(im)[top:bottom, cols[0] + 550:cols[0] + 600] < 128  # before the rules
    for r in range(len(rows) + 1):
        draw.line((cols[0], top + r * row_h, cols[-1], top + r * row_h), fill=0, width=3)
    for x in cols:
        draw.line((x, top, x, bottom), fill=0, width=3)
    image = np.asarray(im).copy()
    dust = [(cols[1] + 300 + 97 * k, top + 50 + (k % 4) * row_h) for k in range(8)]
    for x, y in dust:
        image[y:y + 4, x:x + 4] = 0
    page = marks.remove_marks(tables.find_tables(Page(1, image, dpi=300)))
    assert tables.recorded_tables(page.steps), "the form is not found as a table"
    left = sum(int(page.image[y:y + 4, x:x + 4].min() < 200) for x, y in dust)
    assert left == 0, left
    kept = page.image[top:bottom, cols[0] + 550:cols[0] + 600] < 128
    assert np.count_nonzero(kept & colons) == np.count_nonzero(colons)  # every colon dot stays


def test_edge_shadow_removed_text_near_edge_kept():
    im = Image.new("L", (WIDTH, HEIGHT), 253)
    draw = ImageDraw.Draw(im)
    for i, line in enumerate(BODY):
        draw.text((300, 300 + 70 * i), line, fill=0, font=font(SIZE))
    draw.text((60, 8), "Nomor arsip", fill=0, font=font(SIZE))  # a word right at the top edge
    draw.line((9, 200, 12, HEIGHT - 100), fill=160, width=3)  # scanner edge, a few px in (deskew fill)
    draw.rectangle((WIDTH - 6, 0, WIDTH - 1, HEIGHT - 1), fill=150)  # shadow strip at the edge itself
    image = np.asarray(im).copy()
    page = marks.remove_borders(Page(1, image, dpi=300))
    assert page.image[200:HEIGHT - 100, :30].min() > 213
    assert page.image[:, -30:].min() > 213
    assert ink_in(page.image, (60, 0, 700, 60)) == ink_in(image, (60, 0, 700, 60))
    text = read_page(page, IngestOptions()).text
    assert "Nomor arsip" in text and "|" not in text, text


def test_faint_parts_of_parafs_removed_with_the_dark_parts():
    image, cells = paraf_table()
    for x0, y0, x1, y1 in cells:  # the right part of each paraf is a light grey stroke (faint pen, phone photo)
        cut = x0 + (x1 - x0) * 55 // 100
        part = image[y0:y1, cut:x1]
        part[part < 128] = 170  # too light for dark_ink (< 160)
    page = marks.remove_marks(tables.find_tables(Page(1, image, dpi=300)))
    for x0, y0, x1, y1 in cells:
        before = int(np.count_nonzero(image[y0:y1, x0:x1] < 213))
        assert np.count_nonzero(page.image[y0:y1, x0:x1] < 213) < 0.05 * before, (x0, y0)
    text = read_page(page, IngestOptions(), tables=tables.recorded_tables(page.steps)).text
    assert words_in_order(text, ["Norlaila", "Rabiatul", "Adawiyah", "Saberi", "Bahrul", "Ilmi", "Mulyadi",
                                 "Junaidi"]), text


def test_remove_borders_clears_dark_edges_and_speckle(clean_page):
    grey = to_grey(clean_page).copy()
    grey[:, :40] = 0  # scanner lid shadow along the left edge
    rng = np.random.default_rng(1)
    ys, xs = rng.integers(300, 900, 200), rng.integers(700, 1200, 200)
    grey[ys, xs] = 0  # single-pixel speckle
    page = marks.remove_borders(Page(1, grey, dpi=150))
    assert np.all(page.image[:, :40] == 255)
    assert np.mean(page.image[ys, xs] == 255) > 0.9
    text_pixels = to_grey(clean_page) < 80
    assert np.mean(page.image[text_pixels] < 128) > 0.98


def test_a_colons_upper_dot_beyond_the_letters_reach_is_kept_with_its_lower_dot_within_it():
    """Table dust at half size (letter height 12 px): "Fasilitas : Seminar", the colon's lower dot
    level with the low letters of the next word and within their reach, its upper dot above that
    reach. The two are one colon: neither is dust (the upper dot alone was dropped, and "Fasilitas :"
    was read "Fasilitas ." on a CamScanner copy). A lone speck as far off is still dust."""
    text_h = 12.0
    stats = np.array([
        [100, 118, 12, 12, 90],  # a low letter ("a", "e", "m" of the next word)
        [93, 112, 3, 3, 8],      # the colon's lower dot: its centre within the letter's reach
        [93, 103, 3, 3, 8],      # the upper dot: its centre above the reach
        [200, 60, 3, 3, 8],      # a speck in the cell's empty part, far from everything
    ])
    dust = marks._table_dust(stats, text_h, (300, 400))
    assert not dust[1] and not dust[2]
    assert dust[3]
