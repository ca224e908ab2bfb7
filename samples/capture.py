"""Capture kinds: how a clean page becomes the file a clerk actually uploads.

Each function takes the clean page images (RGB, 300 dpi) and a ``random.Random`` and
returns a ``Capture``: the file bytes, the extension and the parameters used (angles,
rotation, the sheet's corners in the output image), so tests and benchmarks can measure
what the ingest pipeline recovers. All randomness comes from ``rng``: same seed, same bytes.

Corner lists are ``[[x, y], ...]`` in the order of the page's own top-left, top-right,
bottom-right, bottom-left, in the coordinates of the image as displayed (after EXIF
orientation is applied). ``rotation`` is the clockwise rotation (0/90/180/270) that makes
the page upright again, the same convention as ``ingest.model.Page.rotation``.
"""
from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from samples.layout import DPI, draw_stamp, get_font

CAPTURE_KINDS = ("clean_scan", "flatbed_skew", "phone_photo", "camscanner_pdf", "upside_down", "rotated_90",
                 "stamped", "tiff_multipage", "png")
CAMSCANNER_FOOTER = "Dipindai dengan CamScanner"


@dataclass
class Capture:
    """The captured file(s): one entry of ``files`` per output file, with the pages it holds."""

    kind: str
    ext: str
    files: list[bytes]
    file_pages: list[list[int]]  # page indexes (0-based) held by each file
    params: dict
    images: list[Image.Image] = field(default_factory=list, repr=False)  # the pages as stored


# --------------------------------------------------------------------------- helpers
def _np_rng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.randrange(1 << 32))


def _full_corners(w: int, h: int) -> list[list[int]]:
    return [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]


def _paper_tone(img: Image.Image, rng: random.Random) -> Image.Image:
    """Real paper is never pure white: a faint warm or grey tint."""
    tint = (rng.randint(238, 250), rng.randint(236, 248), rng.randint(228, 242))
    arr = np.asarray(img.convert("RGB"), dtype=np.float32) * (np.array(tint, dtype=np.float32) / 255.0)
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def _scale(img: Image.Image, dpi: int) -> Image.Image:
    if dpi == DPI:
        return img
    f = dpi / DPI
    return img.resize((round(img.width * f), round(img.height * f)), Image.LANCZOS)


def _save(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


PDF_DATE = time.strptime("2024-01-01 08:00:00", "%Y-%m-%d %H:%M:%S")  # fixed: same seed, same bytes


def _pdf(images: list[Image.Image], dpi: int, quality: int = 80, producer: str | None = None,
         creator: str | None = None) -> bytes:
    """An image-only PDF (no text layer), one page per image, JPEG-compressed like phone apps."""
    buf = io.BytesIO()
    rgb = [im.convert("RGB") if im.mode not in ("L", "RGB") else im for im in images]
    rgb[0].save(buf, "PDF", save_all=True, append_images=rgb[1:], resolution=float(dpi), quality=quality,
                title="", creationDate=PDF_DATE, modDate=PDF_DATE, producer=producer, creator=creator)
    return buf.getvalue()


def _single_or_pdf(kind: str, pages: list[Image.Image], page_params: list[dict], dpi: int, single_fmt: str,
                   **save_kw) -> Capture:
    """One image file when there is one page, else an image-only PDF."""
    if len(pages) == 1:
        ext = {"PNG": "png", "JPEG": "jpg"}[single_fmt]
        data = _save(pages[0], single_fmt, dpi=(dpi, dpi), **save_kw)
        return Capture(kind, ext, [data], [[0]], {"dpi": dpi, "pages": page_params}, pages)
    return Capture(kind, "pdf", [_pdf(pages, dpi)], [list(range(len(pages)))],
                   {"dpi": dpi, "pages": page_params}, pages)


# --------------------------------------------------------------------------- kinds
def clean_scan(images: list[Image.Image], rng: random.Random) -> Capture:
    """A straight flatbed scan at 300 dpi in grey: PNG for one page, PDF for several."""
    pages = [_paper_tone(im, rng).convert("L") for im in images]
    params = [{"rotation": 0, "skew_degrees": 0.0, "corners": _full_corners(*p.size)} for p in pages]
    return _single_or_pdf("clean_scan", pages, params, DPI, "PNG", optimize=True)


def _bed(page: Image.Image, angle: float, rng: random.Random, nrng: np.random.Generator
         ) -> tuple[Image.Image, list[list[int]]]:
    """Rotate ``page`` by ``angle`` (degrees, counter-clockwise) onto a grey scanner bed."""
    grey = np.asarray(page.convert("L"))
    h, w = grey.shape
    pad = int(w * 0.04)
    bw, bh = w + 2 * pad, h + 2 * pad
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    m[0, 2] += pad + rng.randint(-pad // 3, pad // 3)
    m[1, 2] += pad + rng.randint(-pad // 3, pad // 3)
    lid = rng.randint(150, 205)
    out = cv2.warpAffine(grey, m, (bw, bh), flags=cv2.INTER_LINEAR, borderValue=lid)
    mask = cv2.warpAffine(np.full_like(grey, 255), m, (bw, bh), flags=cv2.INTER_NEAREST, borderValue=0)
    lid_tex = (lid + nrng.normal(0, 4, (bh, bw))).clip(0, 255)
    out = np.where(mask > 0, out, lid_tex).astype(np.float32)
    # the dark edge of the scanner glass along one or two sides
    for side in rng.sample(["top", "left", "bottom", "right"], rng.randint(1, 2)):
        width = rng.randint(18, 60)
        dark = rng.randint(15, 60)
        if side == "top":
            out[:width] = dark
        elif side == "bottom":
            out[-width:] = dark
        elif side == "left":
            out[:, :width] = dark
        else:
            out[:, -width:] = dark
    # speckle: dust on the glass
    n = int(bw * bh * rng.uniform(2e-5, 8e-5))
    ys, xs = nrng.integers(0, bh, n), nrng.integers(0, bw, n)
    for y, x in zip(ys, xs):
        r = int(nrng.integers(1, 4))
        out[max(0, y - r):y + r, max(0, x - r):x + r] = nrng.integers(0, 70)
    out += nrng.normal(0, 3.0, out.shape)
    img = Image.fromarray(out.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.0)))
    pts = np.array([[0, 0, 1], [w, 0, 1], [w, h, 1], [0, h, 1]], dtype=np.float64)
    corners = (m @ pts.T).T
    return img, [[round(x), round(y)] for x, y in corners]


def flatbed_skew(images: list[Image.Image], rng: random.Random) -> Capture:
    """A careless flatbed scan (image-only PDF): skewed 1-6 degrees on a grey bed, dark border, dust, soft focus."""
    nrng = _np_rng(rng)
    dpi = rng.choice([200, 300])
    pages, params = [], []
    for im in images:
        angle = rng.choice([-1, 1]) * rng.uniform(1.0, 6.0)
        bed, corners = _bed(_paper_tone(im, rng), angle, rng, nrng)
        f = dpi / DPI
        bed = _scale(bed, dpi)
        pages.append(bed)
        params.append({"rotation": 0, "skew_degrees": round(angle, 3),
                       "corners": [[round(x * f), round(y * f)] for x, y in corners]})
    # scanners write PDF with JPEG pages; a noisy grey PNG would be needlessly large
    return Capture("flatbed_skew", "pdf", [_pdf(pages, dpi, quality=75)], [list(range(len(pages)))],
                   {"dpi": dpi, "pages": params}, pages)


def _smooth_noise(nrng: np.random.Generator, h: int, w: int, cell: int) -> np.ndarray:
    small = nrng.random((max(2, h // cell), max(2, w // cell))).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def _soft(arr: np.ndarray, sigma: float) -> np.ndarray:
    """A wide Gaussian blur done at low resolution (large kernels at full size are very slow)."""
    h, w = arr.shape[:2]
    f = max(1, int(sigma // 3))
    small = cv2.resize(arr, (max(2, w // f), max(2, h // f)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigma / f)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _table_texture(rng: random.Random, nrng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A wood or cloth table top as a float RGB array."""
    if rng.random() < 0.6:  # wood: stretched grain with knots of darker tone
        base = np.array(rng.choice([(128, 84, 48), (150, 105, 62), (96, 62, 38), (170, 130, 85)]), np.float32)
        y = np.arange(h, dtype=np.float32)[:, None]
        warp = _smooth_noise(nrng, h, w, 180) * 60
        grain = np.sin((y + warp) / rng.uniform(5, 11)) * 0.5 + 0.5
        fine = _smooth_noise(nrng, h, w, 6)
        tone = 0.78 + 0.16 * grain + 0.08 * fine + 0.12 * (_smooth_noise(nrng, h, w, 400) - 0.5)
        if rng.random() < 0.5:
            tone = tone.T[:h, :w] if h == w else cv2.resize(tone.T.copy(), (w, h))
        return tone[..., None] * base
    base = np.array(rng.choice([(45, 60, 110), (110, 40, 45), (60, 95, 70), (150, 140, 120)]), np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    period = rng.uniform(4, 7)
    weave = (np.sin(xx * 2 * np.pi / period) * np.sin(yy * 2 * np.pi / period)) * 0.07
    tone = 0.9 + weave + 0.15 * (_smooth_noise(nrng, h, w, 250) - 0.5)
    return tone[..., None] * base


def _curl(page: np.ndarray, rng: random.Random) -> tuple[np.ndarray, np.ndarray, int, float]:
    """Bend the sheet like paper that does not lie flat: lines sag in the middle, corners stay put.

    Returns the bent page and its alpha on a canvas padded by ``pad`` rows top and bottom.
    """
    ph, pw = page.shape[:2]
    curl = rng.uniform(0.0, 0.012) * ph
    pad = int(curl) + 2
    canvas = np.zeros((ph + 2 * pad, pw, 3), np.uint8)
    canvas[pad:pad + ph] = page
    alpha = np.zeros((ph + 2 * pad, pw), np.uint8)
    alpha[pad:pad + ph] = 255
    yy, xx = np.mgrid[0:ph + 2 * pad, 0:pw].astype(np.float32)
    bow = (curl * np.sin(np.pi * xx / max(1, pw - 1))).astype(np.float32)
    bent = cv2.remap(canvas, xx, yy - bow, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    alpha = cv2.remap(alpha, xx, yy - bow, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    return bent, alpha, pad, curl


def phone_photo(images: list[Image.Image], rng: random.Random, orientation: int | None = None,
                long_side: int | None = None) -> Capture:
    """A phone photo of each sheet lying on a table: angle, perspective, uneven light, blur, JPEG.

    One JPEG per page. Some files store the pixels sideways with an EXIF Orientation tag,
    as phones do; ``corners`` are given for the image as displayed. ``orientation`` forces the
    EXIF tag (1, 6 or 8); ``long_side`` forces the photo size (tests use small photos).
    """
    nrng = _np_rng(rng)
    files, pages, params = [], [], []
    for im in images:
        side = rng.randint(2400, 3000)
        side = long_side or side
        portrait = rng.random() < 0.8
        W, H = (side * 3 // 4, side) if portrait else (side, side * 3 // 4)
        toned = _paper_tone(im, rng)
        frac = rng.uniform(0.72, 0.86)
        sh = H * frac if portrait else H * rng.uniform(0.86, 0.94)
        sw = sh * im.width / im.height
        # resample to about the sheet's size first (proper anti-aliasing), then warp
        toned = toned.resize((max(8, int(sw)), max(8, int(sh))), Image.LANCZOS)
        page, alpha, pad, curl = _curl(np.asarray(toned, dtype=np.uint8), rng)
        ph, pw = toned.height, toned.width
        cx = W / 2 + rng.uniform(-0.05, 0.05) * W
        cy = H / 2 + rng.uniform(-0.04, 0.04) * H
        ang = np.radians(rng.uniform(-12, 12))
        rect = np.array([[-sw / 2, -sh / 2], [sw / 2, -sh / 2], [sw / 2, sh / 2], [-sw / 2, sh / 2]])
        keystone = rng.uniform(0.0, 0.08) * sw
        rect[0, 0] += keystone / 2
        rect[1, 0] -= keystone / 2
        rect += nrng.normal(0, 0.012 * sw, rect.shape)
        rot = np.array([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]])
        quad = (rect @ rot.T) + [cx, cy]
        # keep the whole sheet in frame (a small margin), shrinking about its centre if needed
        margin = 0.02 * min(W, H)
        for _ in range(20):
            if quad[:, 0].min() >= margin and quad[:, 1].min() >= margin and \
                    quad[:, 0].max() <= W - margin and quad[:, 1].max() <= H - margin:
                break
            centre = quad.mean(axis=0)
            quad = centre + (quad - centre) * 0.96
            quad[:, 0] += np.clip(W / 2 - centre[0], -20, 20)
            quad[:, 1] += np.clip(H / 2 - centre[1], -20, 20)
        src = np.array([[0, pad], [pw, pad], [pw, ph + pad], [0, ph + pad]], dtype=np.float32)
        hom = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
        sheet = cv2.warpPerspective(page, hom, (W, H), flags=cv2.INTER_LINEAR)
        mask = cv2.warpPerspective(alpha, hom, (W, H), flags=cv2.INTER_LINEAR)
        table = _table_texture(rng, nrng, W, H)
        # the sheet's soft shadow on the table
        shadow = _soft(np.roll(mask, (12, 10), axis=(0, 1)).astype(np.float32) / 255, 14)
        table *= (1 - 0.45 * shadow)[..., None]
        a = (mask.astype(np.float32) / 255)[..., None]
        photo = sheet.astype(np.float32) * a + table * (1 - a)
        # uneven light: a gradient across the frame and a soft shadow blob (the phone or a hand)
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        theta = rng.uniform(0, 2 * np.pi)
        grad = ((xx - W / 2) * np.cos(theta) + (yy - H / 2) * np.sin(theta)) / max(W, H)
        light = 1.0 - rng.uniform(0.2, 0.42) * (grad + 0.5)
        blob = np.zeros((H, W), np.float32)
        bx, by = rng.uniform(0, W), rng.uniform(0, H)
        cv2.ellipse(blob, (int(bx), int(by)), (int(W * rng.uniform(0.2, 0.4)), int(H * rng.uniform(0.15, 0.3))),
                    rng.uniform(0, 180), 0, 360, 1.0, -1)
        blob = _soft(blob, W * 0.06)
        light *= 1 - rng.uniform(0.2, 0.38) * blob
        cast = np.array([1.0, rng.uniform(0.95, 0.99), rng.uniform(0.86, 0.95)], np.float32)
        photo = photo * light[..., None] * cast
        photo = cv2.GaussianBlur(photo, (0, 0), rng.uniform(0.7, 1.4))
        photo += nrng.normal(0, rng.uniform(2.5, 5.0), photo.shape).astype(np.float32)
        shown = Image.fromarray(photo.clip(0, 255).astype(np.uint8))
        drawn = rng.choice([1, 1, 1, 6, 8]) if rng.random() < 0.5 else 1
        orientation_k = orientation or drawn
        stored = shown
        if orientation_k == 6:
            stored = shown.transpose(Image.Transpose.ROTATE_90)
        elif orientation_k == 8:
            stored = shown.transpose(Image.Transpose.ROTATE_270)
        exif = Image.Exif()
        exif[0x010F] = rng.choice(["samsung", "OPPO", "Xiaomi", "vivo"])
        exif[0x0110] = rng.choice(["SM-A525F", "CPH2239", "Redmi Note 11", "V2111"])
        exif[0x0112] = orientation_k
        data = _save(stored, "JPEG", quality=rng.randint(80, 88), exif=exif.tobytes())
        files.append(data)
        pages.append(stored)
        params.append({"rotation": 0, "skew_degrees": round(float(np.degrees(ang)), 3),
                       "corners": [[round(float(x)), round(float(y))] for x, y in quad],
                       "exif_orientation": orientation_k, "size": [W, H], "curl_px": round(curl, 1)})
    return Capture("phone_photo", "jpg", files, [[i] for i in range(len(images))], {"pages": params}, pages)


def _warp_residue(arr: np.ndarray, rng: random.Random) -> tuple[np.ndarray, float]:
    """A faint wave left over after a phone app flattens a curled page."""
    h, w = arr.shape[:2]
    amp = rng.uniform(1.5, 4.0)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    mx = xx + amp * np.sin(yy / h * np.pi * rng.uniform(1, 2.5))
    my = yy + amp * np.sin(xx / w * np.pi * rng.uniform(1, 2))
    return cv2.remap(arr, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE), amp


def camscanner_footer(img: Image.Image) -> Image.Image:
    """Stamp CamScanner's footer (a small logo mark and the words) into the bottom-right corner."""
    out = img.convert("RGB").copy()
    d = ImageDraw.Draw(out)
    w, h = out.size
    fs = max(14, int(w * 0.016))
    font = get_font("sans", "reg", fs)
    tw = font.getlength(CAMSCANNER_FOOTER)
    x = w - tw - int(w * 0.04)
    y = h - int(fs * 2.2)
    s = int(fs * 1.4)
    d.rounded_rectangle([x - s - 10, y - s * 0.2, x - 10, y + s * 0.8], radius=s // 4, fill=(21, 158, 145))
    d.text((x - 10 - s / 2, y + s * 0.3), "CS", font=get_font("sans", "bold", int(s * 0.55)), fill=(255, 255, 255),
           anchor="mm")
    d.text((x, y), CAMSCANNER_FOOTER, font=font, fill=(90, 90, 90))
    return out


def camscanner_pdf(images: list[Image.Image], rng: random.Random) -> Capture:
    """CamScanner's export: cropped, contrast-boosted, a little wavy, footer on each page, image-only PDF."""
    dpi = rng.choice([150, 200])
    pages, params = [], []
    for im in images:
        arr = np.asarray(_paper_tone(im, rng), dtype=np.float32)
        arr, amp = _warp_residue(arr, rng)
        # uneven light that the app's enhancement does not fully remove
        h, w = arr.shape[:2]
        # the app's auto white balance: paper becomes neutral, so the residue below is grey, not tinted
        paper = np.percentile(arr[::8, ::8].reshape(-1, 3), 80, axis=0)
        arr = arr * (235.0 / np.maximum(paper, 1.0))
        yy = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
        arr = arr * (1 - rng.uniform(0.05, 0.12) * yy)
        white, black = rng.uniform(200, 225), rng.uniform(40, 70)
        arr = (arr - black) / (white - black) * 255
        img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
        img = _scale(img, dpi).filter(ImageFilter.UnsharpMask(radius=2, percent=80, threshold=2))
        img = camscanner_footer(img)
        pages.append(img)
        params.append({"rotation": 0, "skew_degrees": 0.0, "corners": _full_corners(*img.size),
                       "warp_amplitude_px": round(amp * dpi / DPI, 2), "footer": CAMSCANNER_FOOTER})
    data = _pdf(pages, dpi, quality=70, producer="intsig.com pdf producer", creator="CamScanner")
    return Capture("camscanner_pdf", "pdf", [data], [list(range(len(pages)))],
                   {"dpi": dpi, "pages": params}, pages)


def upside_down(images: list[Image.Image], rng: random.Random) -> Capture:
    """A sheet fed into the scanner the wrong way round: the image is upside down."""
    cap = clean_scan(images, rng)
    pages = [p.rotate(180) for p in cap.images]
    params = [{"rotation": 180, "skew_degrees": 0.0, "corners": [[p.width - 1, p.height - 1], [0, p.height - 1],
                                                                 [0, 0], [p.width - 1, 0]]} for p in pages]
    return _single_or_pdf("upside_down", pages, params, DPI, "PNG", optimize=True)


def rotated_90(images: list[Image.Image], rng: random.Random) -> Capture:
    """A portrait page stored in landscape (quarter turn), as a grey JPEG."""
    pages, params = [], []
    for im in images:
        p = _paper_tone(im, rng).convert("L")
        w, h = p.size
        if rng.random() < 0.5:  # content turned counter-clockwise: turn it clockwise to fix
            out = p.transpose(Image.Transpose.ROTATE_90)
            corners = [[0, w - 1], [0, 0], [h - 1, 0], [h - 1, w - 1]]
            rotation = 90
        else:
            out = p.transpose(Image.Transpose.ROTATE_270)
            corners = [[h - 1, 0], [h - 1, w - 1], [0, w - 1], [0, 0]]
            rotation = 270
        pages.append(out)
        params.append({"rotation": rotation, "skew_degrees": 0.0, "corners": corners})
    return _single_or_pdf("rotated_90", pages, params, DPI, "JPEG", quality=85)


def stamped(images: list[Image.Image], rng: random.Random, anchors: list | None = None,
            ring_text: str = "DINAS PERPUSTAKAAN DAN KEARSIPAN * KABUPATEN BALANGAN *",
            centre: str = "BALANGAN") -> Capture:
    """A colour scan of a page with a blue/purple round cap dinas over the signature.

    ``anchors`` gives per page the stamp centre (or None for no stamp); without it the stamp
    goes on the last page, lower right.
    """
    dpi = 200
    if anchors is None:
        anchors = [None] * (len(images) - 1) + [(int(images[-1].width * 0.55), int(images[-1].height * 0.78))]
    pages, params = [], []
    for im, anchor in zip(images, anchors):
        p = _paper_tone(im, rng)
        stamp = None
        if anchor is not None:
            cx, cy = anchor[0] + rng.randint(110, 220), anchor[1] + rng.randint(-40, 40)
            p = draw_stamp(p, cx, cy, rng, ring_text, centre)
            stamp = {"center": [round(cx * dpi / DPI), round(cy * dpi / DPI)], "radius": round(190 * dpi / DPI)}
        img = _scale(p, dpi)
        pages.append(img)
        params.append({"rotation": 0, "skew_degrees": 0.0, "corners": _full_corners(*img.size), "stamp": stamp})
    return _single_or_pdf("stamped", pages, params, dpi, "JPEG", quality=88)


def tiff_multipage(images: list[Image.Image], rng: random.Random) -> Capture:
    """A document scanner's bilevel multi-page TIFF (CCITT G4), 300 dpi."""
    pages = [p.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1") for p in images]
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="group4", dpi=(DPI, DPI))
    params = [{"rotation": 0, "skew_degrees": 0.0, "corners": _full_corners(*p.size)} for p in pages]
    return Capture("tiff_multipage", "tif", [buf.getvalue()], [list(range(len(pages)))],
                   {"dpi": DPI, "compression": "group4", "pages": params}, pages)


def png(images: list[Image.Image], rng: random.Random) -> Capture:
    """Each page as a colour PNG at 200 dpi (a scanner app's export)."""
    dpi = 200
    pages = [_scale(_paper_tone(im, rng), dpi).quantize(64).convert("RGB") for im in images]
    files = [_save(p, "PNG", optimize=True, dpi=(dpi, dpi)) for p in pages]
    params = [{"rotation": 0, "skew_degrees": 0.0, "corners": _full_corners(*p.size)} for p in pages]
    return Capture("png", "png", files, [[i] for i in range(len(pages))], {"dpi": dpi, "pages": params}, pages)


KINDS = {
    "clean_scan": clean_scan, "flatbed_skew": flatbed_skew, "phone_photo": phone_photo,
    "camscanner_pdf": camscanner_pdf, "upside_down": upside_down, "rotated_90": rotated_90, "stamped": stamped,
    "tiff_multipage": tiff_multipage, "png": png,
}


def capture(images: list[Image.Image], kind: str, rng: random.Random, **kw) -> Capture:
    """Apply capture ``kind`` (one of CAPTURE_KINDS) to clean page images."""
    if kind not in KINDS:
        raise ValueError(f"unknown capture kind {kind!r}; expected one of {', '.join(CAPTURE_KINDS)}")
    return KINDS[kind](images, rng, **kw)
