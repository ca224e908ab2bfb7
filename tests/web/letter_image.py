"""Generated test letters: a short Indonesian official letter rendered to an image.

Text is known by construction, so tests can search for a word from it and expect the
highlight box on the page image. ``photo=True`` puts the sheet on a table at a slight
angle with uneven light, like a phone capture.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

LETTER_LINES: tuple[str, ...] = (
    "PEMERINTAH KABUPATEN BALANGAN",
    "DINAS PERPUSTAKAAN",
    "",
    "Nomor   : 045.2/117/DISPERPUS/2024",
    "Sifat   : Biasa",
    "Hal     : Undangan Sosialisasi Perpustakaan Desa",
    "",
    "Paringin, 12 Maret 2024",
    "Kepada Yth. Kepala Desa Batu Piring",
    "",
    "Dengan hormat, kami mengundang Bapak untuk hadir",
    "pada sosialisasi pengembangan perpustakaan desa",
    "yang akan dilaksanakan di aula kantor dinas.",
    "",
    "Kepala Dinas Perpustakaan",
)


def render_letter(path: Path, lines: tuple[str, ...] = LETTER_LINES, *, photo: bool = False,
                  width: int = 1240, fmt: str | None = None) -> Path:
    """Write the letter to ``path`` (format from the suffix unless ``fmt``) and return it."""
    scale = width / 1240
    height = int(1754 * scale)
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    size = int(34 * scale)
    y = int(120 * scale)
    for i, line in enumerate(lines):
        font = ImageFont.truetype(FONT_BOLD if i < 2 else FONT, size)
        if line:
            draw.text((int(110 * scale), y), line, fill=(20, 20, 25), font=font)
        y += int(size * 1.6)
    if photo:
        page = _as_photo(page)
    page.save(path, format=fmt, quality=90) if (fmt or path.suffix.lower() in (".jpg", ".jpeg")) else page.save(path)
    return path


def _as_photo(page: Image.Image) -> Image.Image:
    """The sheet on a darker table, rotated a little, with light falling off to one side."""
    w, h = page.size
    table = Image.new("RGB", (int(w * 1.25), int(h * 1.2)), (92, 74, 58))
    sheet = page.rotate(2.5, expand=True, fillcolor=(92, 74, 58), resample=Image.BICUBIC)
    table.paste(sheet, ((table.width - sheet.width) // 2, (table.height - sheet.height) // 2))
    shade = Image.linear_gradient("L").rotate(90).resize(table.size)
    dark = Image.new("RGB", table.size, (0, 0, 0))
    table = Image.composite(table, dark, shade.point(lambda v: 150 + v * 105 // 255))
    return table.filter(ImageFilter.GaussianBlur(0.6))
