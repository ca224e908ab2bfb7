"""Page generators for ingest tests: small pages rendered with known Indonesian text, then
rotated, skewed, put in perspective on a textured table, shadowed or stamped by code,
so the expected result of each stage is known by construction."""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts/truetype/dejavu"))

LINES = (
    "PEMERINTAH KABUPATEN BALANGAN",
    "DINAS PERPUSTAKAAN DAN KEARSIPAN",
    "Nomor : 045/112/DISPUSIP/2024",
    "Perihal : Undangan Sosialisasi Buku Rumah Tangga",
    "Dengan hormat, bersama surat ini kami mengundang",
    "Bapak Kepala Desa untuk menghadiri kegiatan",
    "sosialisasi perpustakaan desa yang akan",
    "dilaksanakan pada hari Senin tanggal sembilan",
    "bertempat di aula kantor kecamatan Paringin.",
    "Demikian undangan ini kami sampaikan, atas",
    "perhatian dan kehadirannya diucapkan terima kasih.",
)


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.truetype(str(FONT_DIRS[1] / "DejaVuSerif.ttf"), size)


def render_page(lines=LINES, width: int = 1240, height: int = 1000, size: int = 30, margin: int = 90,
                footer: str | None = None) -> np.ndarray:
    """A white page (BGR) with ``lines`` of black text; 1240 px wide = A4 width at 150 dpi."""
    im = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(im)
    y = margin
    for i, line in enumerate(lines):
        draw.text((margin, y), line, fill=(20, 20, 20), font=font(size, bold=i < 2))
        y += int(size * 1.6)
    if footer:
        draw.text((width - margin - 330, height - 60), footer, fill=(90, 90, 90), font=font(20))
    return np.ascontiguousarray(np.asarray(im)[:, :, ::-1])


def draw_ruled_table(draw: ImageDraw.ImageDraw, rows, cols, top: int, row_h: int, size: int, text_dy: int) -> int:
    """Draw ``rows`` of cell texts in a grid ruled at x = ``cols``; returns the table's bottom y."""
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            draw.text((cols[c] + 12, top + r * row_h + text_dy), cell, fill=0, font=font(size))
    bottom = top + len(rows) * row_h
    for r in range(len(rows) + 1):
        draw.line((cols[0], top + r * row_h, cols[-1], top + r * row_h), fill=0, width=2)
    for x in cols:
        draw.line((x, top, x, bottom), fill=0, width=2)
    return bottom


def rotate_small(image: np.ndarray, angle: float) -> np.ndarray:
    """Rotate counter-clockwise by ``angle`` degrees with a white fill (a skewed flatbed scan)."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=(255, 255, 255))


def table_texture(width: int, height: int, seed: int = 3) -> np.ndarray:
    """A brown wood-like table: streaks plus noise."""
    rng = np.random.default_rng(seed)
    xs = np.linspace(0, 30, width)
    grain = (np.sin(xs[None, :] * 2 + rng.normal(0, 0.5, (height, 1))) * 18).astype(np.float32)
    noise = rng.normal(0, 8, (height, width)).astype(np.float32)
    base = np.zeros((height, width, 3), np.float32)
    base[:] = (45, 85, 135)  # BGR brown
    base += (grain + noise)[:, :, None]
    return np.clip(base, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class Photo:
    image: np.ndarray
    corners: np.ndarray  # TL, TR, BR, BL of the sheet in the photo


def photograph(page: np.ndarray, corners, size=(1600, 1300), shadow: bool = True, seed: int = 3) -> Photo:
    """Warp ``page`` onto a table at ``corners`` (a phone photo), with a soft shadow."""
    w, h = size
    h_page, w_page = page.shape[:2]
    src = np.array([[0, 0], [w_page - 1, 0], [w_page - 1, h_page - 1], [0, h_page - 1]], np.float32)
    dst = np.array(corners, np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    table = table_texture(w, h, seed)
    warped = cv2.warpPerspective(page, m, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h_page, w_page), 255, np.uint8), m, (w, h))
    photo = np.where(mask[:, :, None] > 127, warped, table)
    if shadow:
        ramp = np.linspace(0.55, 1.0, w, dtype=np.float32)[None, :, None]
        photo = np.clip(photo.astype(np.float32) * ramp, 0, 255).astype(np.uint8)
    return Photo(photo, dst)


def shade(image: np.ndarray) -> np.ndarray:
    """Uneven light: a diagonal gradient from 45 % to 100 % brightness."""
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ramp = 0.45 + 0.55 * (xx / w + yy / h) / 2
    return np.clip(image.astype(np.float32) * (ramp[:, :, None] if image.ndim == 3 else ramp), 0, 255).astype(np.uint8)


def hard_shadow(photo: np.ndarray, in_shade, darkening: float) -> np.ndarray:
    """``photo`` (BGR) ``darkening`` darker where ``in_shade(xx, yy)`` (pixel coordinates) holds, under a crisp
    but not pixel-sharp edge (blurred 3 px): a hard shadow cast across desk and page alike."""
    h, w = photo.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    shade = cv2.GaussianBlur(np.asarray(in_shade(xx, yy), np.float32), (0, 0), 3.0)
    return np.clip(photo.astype(np.float32) * (1.0 - darkening * shade)[:, :, None], 0, 255).astype(np.uint8)


def stamp(image: np.ndarray, centre=(620, 470), radius=150) -> np.ndarray:
    """A blue round stamp drawn over the text."""
    out = image.copy()
    overlay = out.copy()
    cv2.circle(overlay, centre, radius, (200, 60, 30), 10)
    cv2.circle(overlay, centre, radius - 30, (200, 60, 30), 4)
    cv2.putText(overlay, "DISPUSIP", (centre[0] - 110, centre[1] + 12), cv2.FONT_HERSHEY_SIMPLEX, 1.6,
                (200, 60, 30), 5)
    return np.minimum(out, overlay)


def low_resolution(image: np.ndarray, factor: float, jpeg_quality: int | None = 60) -> np.ndarray:
    """``image`` scanned at ``factor`` of its resolution (area-averaged, as a scanner's optics
    do), then JPEG-compressed like the images inside low-resolution PDFs and messenger copies."""
    h, w = image.shape[:2]
    small = cv2.resize(image, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)
    if jpeg_quality is None:
        return small
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
    return cv2.imdecode(data, cv2.IMREAD_UNCHANGED)


LETTERHEAD = ("PEMERINTAH KABUPATEN BALANGAN", "DINAS PERPUSTAKAAN DAN KEARSIPAN",
              "Jalan Jenderal Sudirman Nomor 12 Paringin")


def letterhead_page(body=LINES[2:], letterhead=LETTERHEAD, width: int = 2480, height: int = 2000,
                    size: int = 50, band: tuple[int, int, int] | None = None, logo: bool = True) -> np.ndarray:
    """A 300 dpi page whose letterhead sits beside a round logo (a seal with a star and rays),
    optionally printed in white on a coloured band (``band`` = BGR colour), above body lines."""
    im = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(im)
    top, left = 120, 180
    band_h = int(len(letterhead) * size * 1.6 + 80)
    ink = (20, 20, 20)
    if band is not None:
        draw.rectangle((90, top - 40, width - 90, top - 40 + band_h), fill=tuple(band[::-1]))
        ink = (250, 250, 250)
    if logo:
        r = band_h // 2 - 20
        cx, cy = left + r, top - 40 + band_h // 2
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ink, width=8)
        draw.ellipse((cx - r + 30, cy - r + 30, cx + r - 30, cy + r - 30), outline=ink, width=4)
        for k in range(12):  # rays
            a = k * np.pi / 6
            draw.line((cx + 0.3 * r * np.cos(a), cy + 0.3 * r * np.sin(a), cx + 0.6 * r * np.cos(a),
                       cy + 0.6 * r * np.sin(a)), fill=ink, width=6)
        text_left = cx + r + 60
    else:
        text_left = left
    y = top
    for i, line in enumerate(letterhead):
        draw.text((text_left, y), line, fill=ink, font=font(size + (10 if i < 2 else 0), bold=i < 2))
        y += int(size * 1.6)
    y = top - 40 + band_h + 80
    for line in body:
        draw.text((left, y), line, fill=(20, 20, 20), font=font(size))
        y += int(size * 1.6)
    return np.ascontiguousarray(np.asarray(im)[:, :, ::-1])


def qr_block(image: np.ndarray, x: int, y: int, modules: int = 29, module_px: int = 9, seed: int = 5) -> np.ndarray:
    """``image`` with a QR-code-like square (random modules, three finder squares) at (x, y)."""
    rng = np.random.default_rng(seed)
    grid = rng.random((modules, modules)) < 0.5
    for fy, fx in ((0, 0), (0, modules - 7), (modules - 7, 0)):
        grid[fy:fy + 7, fx:fx + 7] = False
        grid[fy:fy + 7, fx] = grid[fy:fy + 7, fx + 6] = grid[fy, fx:fx + 7] = grid[fy + 6, fx:fx + 7] = True
        grid[fy + 2:fy + 5, fx + 2:fx + 5] = True
    out = image.copy()
    block = np.where(np.kron(grid, np.ones((module_px, module_px), bool))[:, :, None], 0, 255).astype(np.uint8)
    side = block.shape[0]
    out[y:y + side, x:x + side] = block if out.ndim == 3 else block[:, :, 0]
    return out


def encode(image: np.ndarray, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(image[:, :, ::-1] if image.ndim == 3 else image).save(buf, fmt, **params)
    return buf.getvalue()


def words_in_order(text: str, expected: list[str]) -> bool:
    """True if every expected word appears in ``text`` in the given order."""
    position = 0
    for word in expected:
        found = text.find(word, position)
        if found < 0:
            return False
        position = found + len(word)
    return True


def messenger_sheet(image: Image.Image, dpi: float, blur: float, angle: float, quality: int) -> np.ndarray:
    """The 300 dpi page as a messenger photo's sheet: shaken (a line kernel of ``blur`` at 150 dpi, as the
    generator's motion blur), brought down to ``dpi`` and JPEG-compressed twice at ``quality``."""
    grey = np.asarray(image.convert("L"), np.float32)
    grey = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    n = max(3, int(round(blur * 4)) | 1)
    kernel = np.zeros((n, n), np.float32)
    c, a = n // 2, math.radians(angle)
    cv2.line(kernel, (int(c - c * math.cos(a)), int(c - c * math.sin(a))),
             (int(c + c * math.cos(a)), int(c + c * math.sin(a))), 1.0, 1)
    grey = cv2.filter2D(grey, -1, kernel / kernel.sum())
    grey = cv2.resize(grey, None, fx=dpi / 150, fy=dpi / 150, interpolation=cv2.INTER_AREA)
    picture = Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8))
    for _ in range(2):
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=quality)
        picture = Image.open(io.BytesIO(buffer.getvalue()))
        picture.load()
    return np.asarray(picture)
