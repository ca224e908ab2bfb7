"""A photocopier's streak running into the page's edge: ``remove_borders`` whitens the streak, not the
letters it crosses (whitening its whole component left their anti-aliased rims as hollow shapes)."""
from __future__ import annotations

import numpy as np
from pagegen import font
from PIL import Image, ImageDraw

from ingest import marks
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions

WIDTH, HEIGHT, SIZE = 2480, 1400, 42
LINES = ("NOMOR : 000.4.6.3/340/Bid.LPP/DISPERSIP/II/2025",
         "PERIHAL : Undangan Sosialisasi Buku Rumah Tangga",
         "Kepada Yth. Kepala Desa Padang Pinos di tempat",
         "Sehubungan dengan program inovasi Buku Rumah Tangga")
TOP, PITCH, LEFT = 300, 90, 200


def streaked_page(streak_x: int, slant: int) -> np.ndarray:
    """Text lines at 300 dpi crossed by a dark grey streak from the top edge to the bottom edge,
    slanted by ``slant`` pixels over the page's height (deskewed), joined at the top to a printed rule
    it crosses (a letterhead's rule), as a photocopier's drum leaves it."""
    im = Image.new("L", (WIDTH, HEIGHT), 250)
    draw = ImageDraw.Draw(im)
    draw.line((streak_x, 0, streak_x + slant, HEIGHT - 1), fill=70, width=6)
    draw.rectangle((150, 200, WIDTH - 150, 207), fill=0)  # the letterhead's rule, crossed by the streak
    for i, line in enumerate(LINES):
        draw.text((LEFT, TOP + PITCH * i), line, fill=0, font=font(SIZE))
    return np.asarray(im).copy()


def _crossed_ink(image: np.ndarray, streak_x: int, slant: int) -> int:
    """Dark pixels of the text lines within 40 px of the streak but outside its own band."""
    total = 0
    for i in range(len(LINES)):
        for y in range(TOP + PITCH * i, TOP + PITCH * i + SIZE + 12):
            centre = streak_x + slant * y / (HEIGHT - 1)
            x0, x1 = int(centre - 40), int(centre + 40)
            row = image[y, x0:x1] < 128
            xs = np.arange(x0, x1)
            total += int(np.count_nonzero(row & (np.abs(xs - centre) > 8)))
    return total


def test_streak_whitened_and_the_letters_it_crosses_kept():
    font_ = font(SIZE)
    streak_x = LEFT + int(font_.getlength("NOMOR : 000.4.6.3/3"))  # through the nomor's "340" and the lines below
    slant = 30
    image = streaked_page(streak_x, slant)
    page = marks.remove_borders(Page(1, image, dpi=300))
    before, after = _crossed_ink(image, streak_x, slant), _crossed_ink(page.image, streak_x, slant)
    assert before > 1000 and after >= 0.9 * before, (before, after)
    clear = [y for y in range(HEIGHT) if all(not TOP + PITCH * i - 10 <= y <= TOP + PITCH * i + SIZE + 15
                                                for i in range(len(LINES))) and not 195 <= y <= 212]
    xs = [int(streak_x + slant * y / (HEIGHT - 1)) for y in clear]
    assert min(int(page.image[y, x - 4:x + 5].min()) for y, x in zip(clear, xs)) > 200  # the streak is gone
    text = read_page(page, IngestOptions()).text
    assert "000.4.6.3/340/Bid.LPP/DISPERSIP/II/2025" in text.replace(" ", ""), text
    assert "Sosialisasi" in text and "Kepala Desa Padang" in text, text
    assert page.steps[-1].details.get("streaks") == 1, page.steps[-1].details


def test_broad_dark_border_still_whitened_whole():
    image = np.full((HEIGHT, WIDTH), 250, np.uint8)
    image[:, :90] = 10  # a scanner lid's shadow along the left edge, 0.3 inch broad
    image[300:340, 90:130] = 10  # a blot joined to it
    page = marks.remove_borders(Page(1, image, dpi=300))
    assert page.image[:, :130].min() > 200
    assert "streaks" not in page.steps[-1].details


def test_curved_thin_edge_whitened_whole_as_before():
    """A photographed sheet's curled edge: a thin line, but not a straight one, running into the image's edge."""
    im = Image.new("L", (WIDTH, HEIGHT), 250)
    draw = ImageDraw.Draw(im)
    draw.arc((WIDTH - 900, -200, WIDTH + 500, HEIGHT + 200), 100, 260, fill=40, width=5)
    image = np.asarray(im).copy()
    page = marks.remove_borders(Page(1, image, dpi=300))
    assert "streaks" not in page.steps[-1].details, page.steps[-1].details
    assert page.image.min() > 200
