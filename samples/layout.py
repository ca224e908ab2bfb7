"""Page layout and rendering for generated documents.

The layout engine places every piece of text at a fixed pixel position on a 300 dpi page,
so the ground truth (what a perfect reader would produce) is taken from the same items the
renderer draws: text items sharing one baseline row form one line, read left to right.
Stamps, signatures and logos are drawn but are not text, so they never enter the truth.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFont

DPI = 300
PAPER_SIZES = {"A4": (2480, 3508), "F4": (2550, 3900)}  # F4 = 215 x 330 mm

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts/truetype/dejavu"))
# family -> style -> candidate file names (first that exists wins)
FONT_FILES = {
    "serif": {
        "reg": ("LiberationSerif-Regular.ttf", "DejaVuSerif.ttf"),
        "bold": ("LiberationSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"),
        "italic": ("LiberationSerif-Italic.ttf", "DejaVuSerif-Italic.ttf"),
    },
    "dejavu": {
        "reg": ("DejaVuSerif.ttf",),
        "bold": ("DejaVuSerif-Bold.ttf",),
        "italic": ("DejaVuSerif-Italic.ttf",),
    },
    "sans": {
        "reg": ("LiberationSans-Regular.ttf", "DejaVuSans.ttf"),
        "bold": ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
        "italic": ("LiberationSans-Italic.ttf", "DejaVuSans-Oblique.ttf"),
    },
}
INK = (25, 25, 25)


class FontMissingError(RuntimeError):
    """No usable TrueType font for the sample generator (install fonts-liberation)."""


@lru_cache(maxsize=None)
def font_path(family: str, style: str) -> str:
    """The file of ``family``/``style``, falling back along FONT_FILES."""
    for name in FONT_FILES[family][style]:
        for folder in FONT_DIRS:
            if (folder / name).exists():
                return str(folder / name)
    raise FontMissingError(f"no font for {family}/{style}; install fonts-liberation or fonts-dejavu-core")


@lru_cache(maxsize=None)
def get_font(family: str, style: str, size: int) -> ImageFont.FreeTypeFont:
    """A cached Pillow font object."""
    return ImageFont.truetype(font_path(family, style), size)


# --------------------------------------------------------------------------- page items
@dataclass(frozen=True)
class TextItem:
    """One line (or table cell line) of text at ``(x, y)`` (top-left, ascender anchored)."""

    x: int
    y: int
    text: str
    size: int
    style: str = "reg"
    family: str = "serif"
    underline: bool = False
    justify_width: int = 0  # >0: stretch the spaces so the line spans this width


@dataclass(frozen=True)
class RuleItem:
    """A straight line (kop rule, table grid)."""

    x0: int
    y0: int
    x1: int
    y1: int
    width: int = 3


@dataclass(frozen=True)
class SignatureItem:
    """A handwritten signature scribble inside a box."""

    x: int
    y: int
    w: int
    h: int
    seed: int


@dataclass(frozen=True)
class MeteraiItem:
    """A revenue stamp (meterai) under a signature: coloured guilloche, perforated edge, no letters."""

    x: int
    y: int
    w: int
    h: int
    seed: int


@dataclass(frozen=True)
class LogoItem:
    """An emblem (lambang daerah / school badge) drawn as shapes, not text."""

    x: int
    y: int
    size: int
    kind: str = "pemda"


@dataclass
class PageSpec:
    """One page: its size and items; ``stamp_anchor`` is where a cap dinas would go."""

    width: int
    height: int
    items: list = field(default_factory=list)
    stamp_anchor: tuple[int, int] | None = None
    # side-by-side blocks ``(top, bottom, column_xs)``: rows with top <= y < bottom are read column by
    # column (the number block, then the addressee beside it; the left signature, then the right one)
    blocks: list[tuple[int, int, tuple[int, ...]]] = field(default_factory=list)
    # ruled table rows ``(top, bottom, column_xs)`` of several lines (a cell wraps): each row is one line,
    # its cells whole left to right (a cell's lines top down), as a person reads a table and the archive
    # wants a cell's phrase searchable whole
    table_rows: list[tuple[int, int, tuple[int, ...]]] = field(default_factory=list)

    def text_items(self) -> list[TextItem]:
        return [i for i in self.items if isinstance(i, TextItem)]

    def lines(self) -> list[str]:
        """Ground-truth lines: items on the same row joined left to right, rows top down; inside a
        side-by-side block (``blocks``) the left block's rows first, then the next column's, as a
        person (and the real set's transcription) reads them; a ruled table row of wrapped cells
        (``table_rows``) one line, cell after cell."""
        rows: dict[tuple[int, int], list[TextItem]] = {}
        for item in self.text_items():
            if item.text.strip():
                rows.setdefault(self._place(item), []).append(item)
        return [" ".join(i.text.strip() for i in sorted(rows[k], key=self._in_line)) for k in sorted(rows)]

    def _in_line(self, item: TextItem) -> tuple[int, int, int]:
        """Sort key of ``item`` within its line: left to right, or in a table row (its column, row, x)."""
        for top, bottom, column_xs in self.table_rows:
            if top <= item.y < bottom:
                return sum(item.x >= x for x in column_xs), item.y, item.x
        return 0, 0, item.x

    def _place(self, item: TextItem) -> tuple[int, int]:
        """Sort key of the line ``item`` belongs to: its row, a table row's top, or inside a block (its
        top, column, row)."""
        for top, bottom, _ in self.table_rows:
            if top <= item.y < bottom:
                return top, 0
        for top, bottom, column_xs in self.blocks:
            if top <= item.y < bottom:
                column = sum(item.x >= x for x in column_xs)
                return top, column * (bottom - top) + item.y - top
        return item.y, 0

    def text(self) -> str:
        return "\n".join(self.lines())


# --------------------------------------------------------------------------- layout engine
def text_width(text: str, size: int, style: str = "reg", family: str = "serif") -> float:
    return get_font(family, style, size).getlength(text)


def _pieces(word: str, width: float, size: int, style: str, family: str) -> list[str]:
    """A word too wide for the column split after its slashes ("000.4/844/" "Bappelitbangda/2024")."""
    if text_width(word, size, style, family) <= width or "/" not in word.strip("/"):
        return [word]
    parts = [p + "/" for p in word.split("/")[:-1]] + [word.split("/")[-1]]
    pieces, current = [], ""
    for part in parts:
        if current and text_width(current + part, size, style, family) > width:
            pieces.append(current)
            current = part
        else:
            current += part
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, width: float, size: int, style: str = "reg", family: str = "serif",
         break_long: bool = True) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``width`` pixels.

    Numbers wider than the column break after a slash, as a typist's table cell does.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        pieces = _pieces(word, width, size, style, family) if break_long else [word]
        for k, piece in enumerate(pieces):
            glue = "" if k > 0 else " "
            trial = f"{current}{glue}{piece}" if current else piece
            if current and text_width(trial, size, style, family) > width:
                lines.append(current)
                current = piece
            else:
                current = trial
    if current:
        lines.append(current)
    return lines


@dataclass
class Layout:
    """Flows blocks of text down the pages, breaking pages when the bottom is reached."""

    paper: str = "A4"
    family: str = "serif"
    size: int = 48
    left: int = 330
    right: int = 236
    top: int = 200
    bottom: int = 260
    line_gap: float = 1.22
    pages: list[PageSpec] = field(default_factory=list)
    y: int = 0

    def __post_init__(self) -> None:
        if not self.pages:
            self.new_page()

    # geometry ------------------------------------------------------------------
    @property
    def width(self) -> int:
        return PAPER_SIZES[self.paper][0]

    @property
    def height(self) -> int:
        return PAPER_SIZES[self.paper][1]

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def page(self) -> PageSpec:
        return self.pages[-1]

    def lh(self, size: int | None = None) -> int:
        return int((size or self.size) * self.line_gap)

    def new_page(self) -> None:
        w, h = PAPER_SIZES[self.paper]
        self.pages.append(PageSpec(w, h))
        self.y = self.top

    def ensure(self, height: int) -> None:
        if self.y + height > self.height - self.bottom:
            self.new_page()

    def space(self, px: int) -> None:
        self.y += px

    def add(self, item) -> None:
        self.page.items.append(item)

    # text blocks ---------------------------------------------------------------
    def put(self, x: int, text: str, size: int | None = None, style: str = "reg", underline: bool = False,
            family: str | None = None) -> None:
        """Put one line at ``x`` on the current row without advancing."""
        self.add(TextItem(int(x), self.y, text, size or self.size, style, family or self.family, underline))

    def line(self, text: str, x: int | None = None, size: int | None = None, style: str = "reg",
             align: str = "left", underline: bool = False, width: int | None = None) -> None:
        """One line, aligned within [x, x+width], then move down."""
        size = size or self.size
        self.ensure(self.lh(size))
        x0 = self.left if x is None else x
        span = width if width is not None else self.width - self.right - x0
        w = text_width(text, size, style, self.family)
        if align == "center":
            x0 = x0 + (span - w) / 2
        elif align == "right":
            x0 = x0 + span - w
        self.put(x0, text, size, style, underline)
        self.y += self.lh(size)

    def para(self, text: str, indent: int = 0, first: int = 0, size: int | None = None, style: str = "reg",
             justify: bool = True, after: int | None = None, hang: str | None = None) -> None:
        """A paragraph: wrapped, optionally justified, first-line indent or a hanging label."""
        size = size or self.size
        x = self.left + indent
        avail = self.width - self.right - x
        if hang is not None:
            label_w = int(text_width("0000", size, style, self.family))
            lines = wrap(text, avail - label_w, size, style, self.family)
            for k, ln in enumerate(lines):
                self.ensure(self.lh(size))
                if k == 0:
                    self.put(x, hang, size, style)
                last = k == len(lines) - 1
                self.add(TextItem(x + label_w, self.y, ln, size, style, self.family, False,
                                  0 if (last or not justify) else avail - label_w))
                self.y += self.lh(size)
        else:
            first_lines = wrap(text, avail - first, size, style, self.family)
            head = first_lines[0] if first_lines else ""
            rest = wrap(" ".join(text.split()[len(head.split()):]), avail, size, style, self.family)
            lines = [head] + rest if head else []
            for k, ln in enumerate(lines):
                self.ensure(self.lh(size))
                off = first if k == 0 else 0
                last = k == len(lines) - 1
                self.add(TextItem(x + off, self.y, ln, size, style, self.family, False,
                                  0 if (last or not justify) else avail - off))
                self.y += self.lh(size)
        self.y += int(size * 0.35) if after is None else after

    def fields(self, rows: list[tuple[str, str]], label_w: int = 300, right: str | None = None,
               x: int | None = None, size: int | None = None) -> None:
        """Label : value rows (the Nomor/Sifat/Lampiran/Hal block); ``right`` sits on row one."""
        size = size or self.size
        x0 = self.left if x is None else x
        colon_x = x0 + label_w
        val_x = colon_x + int(size * 0.6)
        if right and rows:
            room = self.width - self.right - val_x - text_width(right, size, "reg", self.family) - 60
            if text_width(rows[0][1], size, "reg", self.family) > room:  # no room: the date goes above
                self.line(right, size=size, align="right")
                self.space(20)
                right = None
        for k, (label, value) in enumerate(rows):
            reserve = text_width(right, size, "reg", self.family) + 60 if right and k == 0 else 0
            vlines = wrap(value, self.width - self.right - val_x - reserve, size, "reg", self.family,
                          break_long=False) or [""]
            self.ensure(self.lh(size) * len(vlines))
            self.put(x0, label, size)
            self.put(colon_x, ":", size)
            for j, vl in enumerate(vlines):
                self.put(val_x, vl, size)
                if k == 0 and j == 0 and right:
                    w = text_width(right, size, "reg", self.family)
                    self.put(self.width - self.right - w, right, size)
                self.y += self.lh(size)

    def rule(self, double: bool = True) -> None:
        """The kop's double rule: a thick line over a thin one."""
        x0, x1 = self.left - 60, self.width - self.right + 20
        self.add(RuleItem(x0, self.y, x1, self.y, 9 if double else 4))
        if double:
            self.add(RuleItem(x0, self.y + 16, x1, self.y + 16, 3))
        self.y += 50

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float], size: int | None = None,
              align: list[str] | None = None, min_row: int = 0, x: int | None = None) -> list[tuple]:
        """A ruled table; cells wrap inside their column, the header repeats on a new page.

        Returns one ``(page, top, height, column_xs)`` per data row, so callers can draw
        signatures or ticks inside cells.
        """
        size = size or int(self.size * 0.82)
        x0 = self.left if x is None else x
        total = self.width - self.right - x0
        colw = [int(total * w / sum(widths)) for w in widths]
        xs = [x0]
        for w in colw:
            xs.append(xs[-1] + w)
        pad = int(size * 0.3)
        lh = self.lh(size)
        align = align or ["left"] * len(headers)

        def cell_lines(row: list[str], style: str) -> list[list[str]]:
            return [wrap(c, colw[i] - 2 * pad, size, style, self.family) or [""] for i, c in enumerate(row)]

        boxes: list[tuple] = []

        def draw_row(row: list[str], style: str, aligns: list[str]) -> None:
            wrapped = cell_lines(row, style)
            n = max(len(c) for c in wrapped)
            h = max(n * lh + 2 * pad, min_row)
            top = self.y
            for i, lines in enumerate(wrapped):
                for j, ln in enumerate(lines):
                    w = text_width(ln, size, style, self.family)
                    if aligns[i] == "center":
                        tx = xs[i] + (colw[i] - w) / 2
                    elif aligns[i] == "right":
                        tx = xs[i + 1] - pad - w
                    else:
                        tx = xs[i] + pad
                    self.add(TextItem(int(tx), top + pad + j * lh, ln, size, style, self.family))
            for xx in xs:
                self.add(RuleItem(xx, top, xx, top + h, 3))
            self.add(RuleItem(xs[0], top + h, xs[-1], top + h, 3))
            if n > 1:  # a row of wrapped cells is read cell by cell, each cell whole, left to right
                self.page.table_rows.append((top, top + h, tuple(xs[1:-1])))
            self.y = top + h

        def header() -> None:
            self.add(RuleItem(xs[0], self.y, xs[-1], self.y, 3))
            draw_row(headers, "bold", ["center"] * len(headers))

        self.ensure(lh * 3)
        header()
        for row in rows:
            need = max(len(c) for c in cell_lines(row, "reg")) * lh + 2 * pad
            if self.y + max(need, min_row) > self.height - self.bottom:
                self.new_page()
                header()
            top = self.y
            draw_row(row, "reg", align)
            boxes.append((self.page, top, self.y - top, xs))
        self.y += int(size * 0.6)
        return boxes

    def signatures(self, columns: list[tuple[int, list[str], str, list[str], int]], underline: bool = True,
                   stamp: bool = True, meterai: tuple[bool, ...] = ()) -> None:
        """Signature blocks side by side (MoU, berita acara), rows aligned across columns.

        Each column is ``(x, before_lines, name, after_lines, seed)``.
        """
        lh = self.lh()
        n_before = max(len(c[1]) for c in columns)
        n_after = max(len(c[3]) for c in columns)
        self.ensure(lh * (n_before + n_after + 1) + 260)
        top = self.y
        for k, (x, before, _name, _after, seed) in enumerate(columns):
            pad = n_before - len(before)
            for j, ln in enumerate(before):
                self.add(TextItem(x, top + (pad + j) * lh, ln, self.size, "reg", self.family))
            sy = top + n_before * lh
            if k < len(meterai) and meterai[k]:
                self.add(MeteraiItem(x + 20, sy - 10, 250, 250, seed + 1))
            self.add(SignatureItem(x + 40, sy + 10, 460, 220, seed))
            if stamp and k == 0 and self.page.stamp_anchor is None:
                self.page.stamp_anchor = (x - 20, sy + 60)
        y_name = top + n_before * lh + 250
        for x, _before, name, after, _seed in columns:
            self.add(TextItem(x, y_name, name, self.size, "bold", self.family, underline))
            for j, ln in enumerate(after):
                self.add(TextItem(x, y_name + (j + 1) * lh, ln, self.size, "reg", self.family))
        self.y = y_name + (n_after + 1) * lh
        self.page.blocks.append((top, self.y, tuple(c[0] for c in columns[1:])))  # left block first

    def signature(self, x: int, before: list[str], name: str, after: list[str], seed: int,
                  underline: bool = True, stamp: bool = True) -> None:
        """A signature block at column ``x``: jabatan lines, scribble, name, pangkat, NIP."""
        lh = self.lh()
        self.ensure(lh * (len(before) + len(after) + 1) + 260)
        for ln in before:
            self.put(x, ln, style="reg")
            self.y += lh
        self.add(SignatureItem(x + 40, self.y + 10, 480, 220, seed))
        if stamp and self.page.stamp_anchor is None:
            self.page.stamp_anchor = (x - 20, self.y + 60)
        self.y += 250
        self.put(x, name, style="bold", underline=underline)
        self.y += lh
        for ln in after:
            self.put(x, ln)
            self.y += lh


# --------------------------------------------------------------------------- rendering
def render_page(page: PageSpec) -> Image.Image:
    """Draw one page spec as a clean white RGB image at 300 dpi."""
    img = Image.new("RGB", (page.width, page.height), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    for item in page.items:
        if isinstance(item, TextItem):
            _draw_text(draw, item)
        elif isinstance(item, RuleItem):
            draw.line([(item.x0, item.y0), (item.x1, item.y1)], fill=INK, width=item.width)
        elif isinstance(item, SignatureItem):
            draw_signature(draw, item)
        elif isinstance(item, LogoItem):
            draw_logo(draw, item)
        elif isinstance(item, MeteraiItem):
            draw_meterai(img, item)
            draw = ImageDraw.Draw(img)
    return img


def _draw_text(draw: ImageDraw.ImageDraw, item: TextItem) -> None:
    font = get_font(item.family, item.style, item.size)
    words = item.text.split(" ")
    if item.justify_width and len(words) > 1:
        natural = sum(font.getlength(w) for w in words)
        gap = (item.justify_width - natural) / (len(words) - 1)
        x = float(item.x)
        for w in words:
            draw.text((x, item.y), w, font=font, fill=INK, anchor="la")
            x += font.getlength(w) + gap
        end = item.x + item.justify_width
    else:
        draw.text((item.x, item.y), item.text, font=font, fill=INK, anchor="la")
        end = item.x + font.getlength(item.text)
    if item.underline:
        uy = item.y + int(item.size * 1.02)
        draw.line([(item.x, uy), (end, uy)], fill=INK, width=max(2, item.size // 18))


def draw_signature(draw: ImageDraw.ImageDraw, item: SignatureItem) -> None:
    """A loopy pen scribble, different for every seed, in blue-black ink."""
    rng = random.Random(item.seed)
    ink = rng.choice([(20, 30, 110), (15, 15, 40), (30, 40, 140)])
    pts = []
    n = rng.randint(5, 9)
    for k in range(n * 12):
        t = k / (n * 12)
        x = item.x + item.w * (0.05 + 0.85 * t) + 40 * math.sin(t * n * math.pi * 2 + rng.random() * 0.3)
        y = item.y + item.h * (0.5 + 0.35 * math.sin(t * n * math.pi * 1.3) * math.cos(t * 3.1)) \
            + rng.uniform(-6, 6)
        pts.append((x, y))
    draw.line(pts, fill=ink, width=rng.randint(4, 6), joint="curve")
    # the final flourish under the name
    fx = item.x + item.w * rng.uniform(0.1, 0.3)
    draw.line([(fx, item.y + item.h * 0.85), (item.x + item.w * 0.95, item.y + item.h * 0.65)],
              fill=ink, width=4)


def draw_meterai(img: Image.Image, item: MeteraiItem) -> None:
    """Paste a meterai-like patch: pink/red wavy security print, a perforated border, an emblem disc."""
    rng = random.Random(item.seed)
    w, h = item.w, item.h
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    waves = np.sin(xx / 7.0 + 3 * np.sin(yy / 23.0)) * np.sin(yy / 9.0 + 2 * np.sin(xx / 31.0))
    base = np.array(rng.choice([(232, 170, 180), (225, 160, 150), (210, 175, 200)]), np.float32)
    tone = (0.9 + 0.1 * waves)[..., None] * base
    patch = Image.fromarray(tone.clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(patch)
    d.ellipse([w * 0.3, h * 0.12, w * 0.7, h * 0.52], outline=(150, 60, 80), width=5)
    d.rectangle([w * 0.12, h * 0.66, w * 0.88, h * 0.8], fill=(190, 110, 120))
    d.rectangle([w * 0.62, h * 0.2, w * 0.9, h * 0.38], fill=(200, 200, 210))  # the hologram square
    mask = Image.new("L", (w, h), 255)
    md = ImageDraw.Draw(mask)
    for k in range(0, w, 14):  # perforation: small bites along the edges
        md.ellipse([k, -5, k + 9, 5], fill=0)
        md.ellipse([k, h - 5, k + 9, h + 5], fill=0)
    for k in range(0, h, 14):
        md.ellipse([-5, k, 5, k + 9], fill=0)
        md.ellipse([w - 5, k, w + 5, k + 9], fill=0)
    img.paste(patch.rotate(rng.uniform(-4, 4), expand=False, fillcolor=(255, 255, 255)), (item.x, item.y), mask)


def draw_logo(draw: ImageDraw.ImageDraw, item: LogoItem) -> None:
    """A shield-shaped emblem made of filled shapes (no letters, so no OCR text)."""
    x, y, s = item.x, item.y, item.size
    shield = [(x, y), (x + s, y), (x + s, y + s * 0.62), (x + s / 2, y + s * 1.05), (x, y + s * 0.62)]
    if item.kind == "sekolah":
        draw.ellipse([x, y, x + s, y + s], outline=INK, width=8)
        draw.ellipse([x + s * 0.2, y + s * 0.2, x + s * 0.8, y + s * 0.8], fill=(60, 60, 60))
        draw.polygon([(x + s / 2, y + s * 0.28), (x + s * 0.7, y + s * 0.66), (x + s * 0.3, y + s * 0.66)],
                     fill=(235, 235, 235))
        return
    draw.polygon(shield, outline=INK, fill=(245, 245, 245))
    draw.line(shield + [shield[0]], fill=INK, width=8)
    cx = x + s / 2
    star = []
    for k in range(10):
        r = s * (0.16 if k % 2 == 0 else 0.07)
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + r * math.cos(a), y + s * 0.26 + r * math.sin(a)))
    draw.polygon(star, fill=INK)
    for k in range(3):  # waves (rivers) under the star
        yy = y + s * (0.52 + 0.1 * k)
        draw.arc([x + s * 0.18, yy - 18, x + s * 0.5, yy + 18], 200, 340, fill=INK, width=6)
        draw.arc([x + s * 0.5, yy - 18, x + s * 0.82, yy + 18], 200, 340, fill=INK, width=6)


def draw_stamp(img: Image.Image, cx: int, cy: int, rng: random.Random, ring_text: str, centre: str = "",
               radius: int = 190, color: tuple[int, int, int] | None = None) -> Image.Image:
    """A round rubber stamp (cap dinas), slightly transparent and uneven, over ``img``.

    Returns a new image; the stamp's own text is never part of the ground truth.
    """
    color = color or rng.choice([(40, 60, 175), (70, 50, 160), (110, 45, 150)])
    size = radius * 2 + 40
    layer = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(layer)
    c = size / 2
    d.ellipse([c - radius, c - radius, c + radius, c + radius], outline=255, width=10)
    r2 = radius * 0.66
    d.ellipse([c - r2, c - r2, c + r2, c + r2], outline=255, width=5)
    chars = list(ring_text.upper())
    span = math.radians(300)
    rr = radius * 0.83
    fsize = int(min(radius * 0.2, rr * span / len(chars) * 1.25))
    font = get_font("sans", "bold", fsize)
    for k, ch in enumerate(chars):
        a = -math.pi / 2 - span / 2 + span * (k + 0.5) / len(chars)
        tile = Image.new("L", (80, 80), 0)
        ImageDraw.Draw(tile).text((40, 40), ch, font=font, fill=255, anchor="mm")
        tile = tile.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        layer.paste(255, (int(c + rr * math.cos(a) - 40), int(c + rr * math.sin(a) - 40)), tile)
    if centre:
        cf = get_font("sans", "bold", int(radius * 0.17))
        d.text((c, c), centre, font=cf, fill=255, anchor="mm")
    star = []
    for k in range(10):  # a small star at the bottom of the ring
        r = radius * (0.08 if k % 2 == 0 else 0.035)
        a = -math.pi / 2 + k * math.pi / 5
        star.append((c + r * math.cos(a), c + radius * 0.83 + r * math.sin(a)))
    d.polygon(star, fill=255)
    layer = layer.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
    # uneven ink: random patches where the rubber did not print fully
    speckle = np.random.default_rng(rng.randrange(1 << 32)).normal(128, 90, (size, size))
    noise = Image.fromarray(speckle.clip(0, 255).astype(np.uint8)).point(lambda v: 255 if v > 70 else int(v * 2.5))
    alpha = Image.composite(layer, Image.new("L", layer.size, 0), noise).point(lambda v: int(v * 0.8))
    out = img.convert("RGB").copy()
    ink = Image.new("RGB", layer.size, color)
    region = (int(cx - c), int(cy - c))
    base = out.crop((region[0], region[1], region[0] + size, region[1] + size))
    # multiply the ink over the page so text underneath stays visible
    mixed = ImageChops.multiply(base, ink)
    base.paste(mixed, (0, 0), alpha)
    out.paste(base, region)
    return out
