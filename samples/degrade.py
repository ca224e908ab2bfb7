"""Degradation models of the harder generator, each with its own parameters.

A capture is a *profile* (``PROFILES``: flatbed scan, low-resolution scan, phone photo,
messenger-forwarded photo, CamScanner export, photocopy, fax) made of a chain of models:
resolution, JPEG quality, blur (gaussian / defocus / motion), noise (gaussian / sensor), shadow
(gradient / soft blob / hard-edged / vignette), fold (thirds / half / folded corner), page curl
(bow / lifted edge), perspective (keystone / corner jitter), colour cast, photocopy look,
fax look, messenger recompression, a second sheet at the edge, the desk around the sheet.

Every factor is split into a tuning half and a held-out half that never overlap: categorical
factors by value (``MODELS``), numeric ones by interleaved bands (``BANDS``). ``plan(kind, rng,
held_out)`` draws the parameters (cheap, no pixels); ``apply(images, plan, rng)`` renders them.
The plan is stored in the truth as ``capture_params["degradation"]``. Optional models (fold, second
sheet, colour cast, camera overlay) are present on a share of captures in both modes; when present, their variant
comes from the mode's half.
"""
from __future__ import annotations

import io
import math
import random

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samples.capture import PDF_DATE, Capture, camscanner_footer
from samples.layout import DPI, get_font

PROFILES = ("flatbed_scan", "low_res_scan", "phone_photo", "messenger_photo", "camscanner_pdf", "photocopy", "fax")

# model -> (tuning variants, held-out variants)
MODELS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "blur": (("gaussian", "defocus"), ("motion",)),
    "noise": (("gaussian",), ("sensor",)),
    "shadow": (("gradient", "soft_blob"), ("hard_edge", "vignette")),
    "fold": (("thirds", "corner"), ("half", "quarters")),
    "curl": (("bow",), ("edge_lift",)),
    "perspective": (("keystone",), ("corner_jitter",)),
    "cast": (("warm", "magenta"), ("cool", "green")),
    "desk": (("wood",), ("cloth", "tile")),
    "second_sheet": (("side",), ("top_or_bottom",)),
    "photocopy": (("faded",), ("crushed",)),
    "fax": (("fine",), ("standard",)),
    "messenger": (("single",), ("double",)),
    "overlay": (("camera_date",), ("shot_on_watermark",)),
}
# numeric factor -> (tuning bands, held-out bands); a band is [lo, hi). The bands of the two modes interleave
# so that both modes have about the same mean difficulty: most factors split their range in four and give the
# outer quarters to tuning and the inner ones to held-out; dpi and JPEG quality split it in six
# (tuning 1, 4, 5; held-out 2, 3, 6) so that both modes keep some very low values.
BANDS: dict[str, tuple[tuple[tuple[float, float], ...], tuple[tuple[float, float], ...]]] = {
    "dpi": (((70, 100), (170, 210), (210, 250)), ((100, 130), (130, 170), (250, 301))),
    "low_res_dpi": (((70, 85), (115, 130)), ((85, 100), (100, 115))),  # the low_res_scan profile
    "jpeg_quality": (((30, 40), (62, 74), (74, 85)), ((40, 50), (50, 62), (85, 96))),
    "messenger_quality": (((40, 48), (63, 71)), ((48, 55), (55, 63))),
    "messenger_long_side": (((1180, 1235), (1345, 1400)), ((1235, 1290), (1290, 1345))),
    "photo_long_side": (((1800, 2150), (2850, 3200)), ((2150, 2500), (2500, 2850))),
    "blur_strength": (((0.4, 0.8), (1.6, 2.0)), ((0.8, 1.2), (1.2, 1.6))),
    "noise_sigma": (((1.5, 3.0), (6.5, 8.0)), ((3.0, 4.75), (4.75, 6.5))),
    "shadow_strength": (((0.15, 0.25), (0.45, 0.55)), ((0.25, 0.35), (0.35, 0.45))),
    "skew_degrees": (((0.2, 1.15), (3.05, 4.0)), ((1.15, 2.1), (2.1, 3.05))),
    "photo_rotation_degrees": (((0.0, 3.5), (10.5, 14.0)), ((3.5, 7.0), (7.0, 10.5))),
    "perspective_strength": (((0.01, 0.03), (0.07, 0.09)), ((0.03, 0.05), (0.05, 0.07))),
    "curl_fraction": (((0.002, 0.006), (0.014, 0.018)), ((0.006, 0.010), (0.010, 0.014))),
    "cast_strength": (((0.03, 0.06), (0.12, 0.15)), ((0.06, 0.09), (0.09, 0.12))),
    "fax_threshold": (((120, 131), (154, 165)), ((131, 142), (142, 154))),
}
INT_BANDS = {"dpi", "low_res_dpi", "jpeg_quality", "messenger_quality", "messenger_long_side", "photo_long_side", "fax_threshold"}


def draw_band(name: str, rng: random.Random, held_out: bool, bands: tuple | None = None) -> float | int:
    """A value of numeric factor ``name`` from one of the mode's bands (optionally a subset of them)."""
    lo, hi = rng.choice(bands or BANDS[name][int(held_out)])
    if name in INT_BANDS:
        return rng.randrange(int(lo), int(hi))
    v = round(rng.uniform(lo, hi), 3)
    return round(min(max(v, lo), hi - 0.001), 3)


def in_bands(name: str, value: float, held_out: bool) -> bool:
    return any(lo <= value < hi for lo, hi in BANDS[name][int(held_out)])


def model(name: str, rng: random.Random, held_out: bool) -> str:
    return rng.choice(MODELS[name][int(held_out)])


# --------------------------------------------------------------------------- plans
def plan(kind: str, rng: random.Random, held_out: bool) -> dict:
    """The degradation parameters of one capture of profile ``kind`` (no pixels are touched)."""
    if kind not in PROFILES:
        raise ValueError(f"unknown capture profile {kind!r}; expected one of {', '.join(PROFILES)}")
    h = held_out
    p: dict = {"profile": kind, "held_out": h}

    def blur() -> dict:
        return {"model": model("blur", rng, h), "strength": draw_band("blur_strength", rng, h),
                "angle": rng.randrange(0, 180)}

    def noise() -> dict:
        return {"model": model("noise", rng, h), "sigma": draw_band("noise_sigma", rng, h)}

    def maybe(name: str, share: float) -> None:
        if rng.random() < share:
            p[name] = model(name, rng, h)

    if kind in ("flatbed_scan", "low_res_scan"):
        if kind == "low_res_scan":
            p["dpi"] = p["low_res_dpi"] = draw_band("low_res_dpi", rng, h)
        else:
            p["dpi"] = draw_band("dpi", rng, h)
        p["skew_degrees"] = draw_band("skew_degrees", rng, h) * rng.choice((-1, 1))
        maybe("fold", 0.4)
        p["blur"] = blur()
        p["noise"] = noise()
        p["jpeg_quality"] = draw_band("jpeg_quality", rng, h)
        p["format"] = "pdf" if kind == "low_res_scan" or rng.random() < 0.5 else "jpg"
    elif kind in ("phone_photo", "messenger_photo"):
        p["photo_long_side"] = draw_band("photo_long_side", rng, h)
        p["rotation_degrees"] = draw_band("photo_rotation_degrees", rng, h) * rng.choice((-1, 1))
        p["perspective"] = {"model": model("perspective", rng, h),
                            "strength": draw_band("perspective_strength", rng, h)}
        p["curl"] = {"model": model("curl", rng, h), "fraction": draw_band("curl_fraction", rng, h)}
        maybe("fold", 0.5)
        p["desk"] = model("desk", rng, h)
        maybe("second_sheet", 0.35)
        maybe("overlay", 0.3)
        p["shadow"] = {"model": model("shadow", rng, h), "strength": draw_band("shadow_strength", rng, h)}
        if rng.random() < 0.7:
            p["cast"] = {"model": model("cast", rng, h), "strength": draw_band("cast_strength", rng, h)}
        p["blur"] = blur()
        p["noise"] = noise()
        p["jpeg_quality"] = draw_band("jpeg_quality", rng, h, BANDS["jpeg_quality"][int(h)][1:])
        if kind == "messenger_photo":
            p["messenger"] = {"model": model("messenger", rng, h),
                              "long_side": draw_band("messenger_long_side", rng, h),
                              "quality": draw_band("messenger_quality", rng, h)}
    elif kind == "camscanner_pdf":
        p["dpi"] = draw_band("dpi", rng, h, BANDS["dpi"][int(h)][1:])
        p["shadow"] = {"model": model("shadow", rng, h), "strength": draw_band("shadow_strength", rng, h) / 3}
        p["curl"] = {"model": model("curl", rng, h), "fraction": draw_band("curl_fraction", rng, h) / 4}
        p["blur"] = blur()
        p["jpeg_quality"] = draw_band("jpeg_quality", rng, h, BANDS["jpeg_quality"][int(h)][1:])
    elif kind == "photocopy":
        p["dpi"] = draw_band("dpi", rng, h, BANDS["dpi"][int(h)][1:])
        p["photocopy"] = model("photocopy", rng, h)
        p["skew_degrees"] = draw_band("skew_degrees", rng, h) * rng.choice((-1, 1))
        maybe("fold", 0.4)
        p["noise"] = noise()
        p["format"] = rng.choice(("pdf", "png"))
    else:  # fax
        p["fax"] = model("fax", rng, h)
        p["fax_threshold"] = draw_band("fax_threshold", rng, h)
        p["skew_degrees"] = draw_band("skew_degrees", rng, h) * rng.choice((-1, 1))
        p["streaks"] = rng.randint(2, 9)
    return p


def factors_of(p: dict) -> dict[str, object]:
    """The split factors a plan used, flat: {"blur": "motion", "dpi": 104, "jpeg_quality": 72, ...}."""
    out: dict[str, object] = {}
    for key, value in p.items():
        if key in ("profile", "held_out", "format", "streaks") or (key == "dpi" and "low_res_dpi" in p):
            continue
        if isinstance(value, dict):
            out[key] = value["model"]
            for sub, v in value.items():
                name = {"strength": f"{key}_strength", "sigma": "noise_sigma", "fraction": "curl_fraction",
                        "long_side": "messenger_long_side", "quality": "messenger_quality"}.get(sub)
                if key == "blur" and sub == "strength":
                    name = "blur_strength"
                if name and name in BANDS and not (key in ("shadow", "curl") and p["profile"] == "camscanner_pdf"):
                    out[name] = v
        elif key == "rotation_degrees":
            out["photo_rotation_degrees"] = abs(value)
        elif key == "skew_degrees":
            out["skew_degrees"] = abs(value)
        else:
            out[key] = value
    return out


# --------------------------------------------------------------------------- pixel models
def _nprng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.randrange(1 << 32))


def paper(img: Image.Image, rng: random.Random) -> np.ndarray:
    """RGB float page with a faint paper tint."""
    tint = np.array((rng.randint(238, 250), rng.randint(236, 248), rng.randint(226, 242)), np.float32) / 255
    return np.asarray(img.convert("RGB"), np.float32) * tint


def fold(arr: np.ndarray, alpha: np.ndarray, variant: str, rng: random.Random) -> None:
    """Creases (a dark and a light edge, a small shift) or a folded-over left corner, in place."""
    h, w = arr.shape[:2]
    if variant is None:
        return
    if variant == "corner":  # a dog-ear on a left corner: the corner is gone, its back lies over the page
        leg = int(w * rng.uniform(0.06, 0.11))
        top = rng.random() < 0.5
        yy, xx = np.mgrid[0:leg, 0:leg]
        gone = xx + yy < leg
        flap = (xx + yy >= leg) & (xx + yy < 2 * leg) & (xx < leg) & (yy < leg)
        ys = slice(0, leg) if top else slice(h - leg, h)
        g, f = (gone, flap) if top else (gone[::-1], flap[::-1])
        region = arr[ys, :leg]
        back = np.array((206, 203, 195), np.float32) * rng.uniform(0.92, 1.0)  # the paper's back, in the shade
        region[f] = back * (0.9 + 0.1 * (xx[f] + yy[f] - leg) / leg)[:, None]
        region[g] = 0
        alpha[ys, :leg][g] = 0
        edge = np.zeros((leg, leg), np.uint8)  # the crease along the fold and the flap's outline
        cv2.line(edge, (leg - 1, 0), (0, leg - 1), 255, 3)
        cv2.line(edge, (leg - 1, 0), (leg - 1, leg - 1), 255, 2)
        cv2.line(edge, (0, leg - 1), (leg - 1, leg - 1), 255, 2)
        region[(edge if top else edge[::-1]) > 0] *= 0.55
        return
    if variant == "thirds":
        creases = [("h", h / 3), ("h", 2 * h / 3)]
    elif variant == "quarters":
        creases = [("h", h / 2), ("v", w / 2)]
    else:
        creases = [("v", w / 2)] if rng.random() < 0.4 else [("h", h / 2)]
    for direction, pos in creases:
        vertical = direction == "v"
        pos = int(pos + rng.uniform(-0.02, 0.02) * (w if vertical else h))
        width = rng.randint(3, 7)
        dark, light = rng.uniform(0.72, 0.88), rng.uniform(1.02, 1.06)
        if vertical:
            arr[:, pos - width:pos] *= dark
            arr[:, pos:pos + width] *= light
            arr[:, pos - 60:pos - width] *= np.linspace(1.0, 0.93, max(1, 60 - width))[None, :, None]
        else:
            arr[pos - width:pos] *= dark
            arr[pos:pos + width] *= light
            arr[pos - 60:pos - width] *= np.linspace(1.0, 0.93, max(1, 60 - width))[:, None, None]
            shift = rng.choice((-2, -1, 1, 2))
            arr[pos:] = np.roll(arr[pos:], shift, axis=1)
    np.clip(arr, 0, 255, out=arr)


def curl_map(h: int, w: int, variant: str, fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Remap grids that bend a sheet: 'bow' sags the middle, 'edge_lift' raises one side edge."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    amp = fraction * h
    if variant == "bow":
        dy = amp * np.sin(np.pi * xx / max(1, w - 1))
    else:
        dy = amp * 1.8 * (xx / max(1, w - 1)) ** 3
    return xx, (yy - dy).astype(np.float32)


def blur(arr: np.ndarray, spec: dict, scale: float = 1.0) -> np.ndarray:
    s = spec["strength"] * scale
    if spec["model"] == "gaussian":
        return cv2.GaussianBlur(arr, (0, 0), max(0.3, s))
    if spec["model"] == "defocus":
        r = max(1, int(round(s * 1.6)))
        k = np.zeros((2 * r + 1, 2 * r + 1), np.float32)
        cv2.circle(k, (r, r), r, 1.0, -1)
        return cv2.filter2D(arr, -1, k / k.sum())
    n = max(3, int(round(s * 4)) | 1)  # motion: a line kernel along the shake direction
    k = np.zeros((n, n), np.float32)
    a = math.radians(spec.get("angle", 0))
    c = n // 2
    cv2.line(k, (int(c - c * math.cos(a)), int(c - c * math.sin(a))),
             (int(c + c * math.cos(a)), int(c + c * math.sin(a))), 1.0, 1)
    return cv2.filter2D(arr, -1, k / max(k.sum(), 1))


def noise(arr: np.ndarray, spec: dict, nrng: np.random.Generator) -> np.ndarray:
    s = spec["sigma"]
    if spec["model"] == "gaussian":
        return arr + nrng.normal(0, s, arr.shape).astype(np.float32)
    # sensor: shot noise grows with brightness, plus blotchy colour noise at a quarter of the resolution
    shot = nrng.normal(0, 1, arr.shape).astype(np.float32) * s * np.sqrt(np.clip(arr, 1, 255) / 160)
    out = arr + shot
    if arr.ndim == 3:
        h, w = arr.shape[:2]
        chroma = nrng.normal(0, s * 0.6, (max(2, h // 4), max(2, w // 4), 3)).astype(np.float32)
        out += cv2.resize(chroma, (w, h), interpolation=cv2.INTER_LINEAR)
    return out


def shadow(arr: np.ndarray, spec: dict, rng: random.Random) -> np.ndarray:
    """Multiply ``arr`` by a light map of the shadow model."""
    h, w = arr.shape[:2]
    s = spec["strength"]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    m = spec["model"]
    if m == "gradient":
        t = rng.uniform(0, 2 * math.pi)
        g = ((xx - w / 2) * math.cos(t) + (yy - h / 2) * math.sin(t)) / max(w, h) + 0.5
        light = 1 - s * np.clip(g, 0, 1)
    elif m == "soft_blob":
        blob = np.zeros((h, w), np.float32)
        cv2.ellipse(blob, (int(rng.uniform(0, w)), int(rng.uniform(0, h))),
                    (int(w * rng.uniform(0.2, 0.4)), int(h * rng.uniform(0.15, 0.3))), rng.uniform(0, 180), 0, 360,
                    1.0, -1)
        small = cv2.resize(blob, (max(2, w // 8), max(2, h // 8)), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small, (0, 0), max(2.0, w / 8 * 0.06))
        light = 1 - s * cv2.resize(small, (w, h))
    elif m == "hard_edge":  # the shadow of a phone, a hand or a shelf: a polygon with a crisp edge
        mask = np.zeros((h, w), np.float32)
        side = rng.choice(("left", "right", "top", "bottom"))
        depth = rng.uniform(0.15, 0.4)
        if side in ("left", "right"):
            x1, x2 = w * depth * rng.uniform(0.6, 1.4), w * depth * rng.uniform(0.6, 1.4)
            pts = [(0, 0), (x1, 0), (x2, h), (0, h)]
            if side == "right":
                pts = [(w - x, y) for x, y in pts]
        else:
            y1, y2 = h * depth * rng.uniform(0.6, 1.4), h * depth * rng.uniform(0.6, 1.4)
            pts = [(0, 0), (w, 0), (w, y2), (0, y1)]
            if side == "bottom":
                pts = [(x, h - y) for x, y in pts]
        cv2.fillPoly(mask, [np.array(pts, np.int32)], 1.0)
        mask = cv2.GaussianBlur(mask, (0, 0), rng.uniform(1.5, 5.0))
        light = 1 - s * mask
    else:  # vignette
        r = np.sqrt(((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2) / math.sqrt(2)
        light = 1 - s * np.clip(r, 0, 1) ** 2 * 1.6
    return arr * (light[..., None] if arr.ndim == 3 else light)


CASTS = {"warm": (1.0, -0.35, -1.0), "magenta": (0.4, -0.5, 0.3), "cool": (-1.0, -0.3, 0.6),
         "green": (-0.6, 0.3, -0.7)}


def cast(arr: np.ndarray, spec: dict) -> np.ndarray:
    d = np.array(CASTS[spec["model"]], np.float32) * spec["strength"]
    return arr * (1 + d)


def desk(kind: str, w: int, h: int, rng: random.Random, nrng: np.random.Generator) -> np.ndarray:
    """A desk top: wood grain, woven cloth or ceramic tiles with grout lines."""
    def smooth(cell: int) -> np.ndarray:
        small = nrng.random((max(2, h // cell), max(2, w // cell))).astype(np.float32)
        return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == "wood":
        base = np.array(rng.choice([(128, 84, 48), (150, 105, 62), (96, 62, 38)]), np.float32)
        grain = np.sin((yy + smooth(160) * 50) / rng.uniform(5, 11)) * 0.5 + 0.5
        tone = 0.8 + 0.15 * grain + 0.1 * (smooth(300) - 0.5)
    elif kind == "cloth":
        base = np.array(rng.choice([(45, 60, 110), (110, 40, 45), (60, 95, 70)]), np.float32)
        period = rng.uniform(4, 7)
        tone = 0.9 + 0.07 * np.sin(xx * 2 * np.pi / period) * np.sin(yy * 2 * np.pi / period) \
            + 0.15 * (smooth(250) - 0.5)
    else:  # tile
        base = np.array(rng.choice([(200, 196, 188), (175, 180, 182), (190, 170, 150)]), np.float32)
        size = rng.randint(w // 5, w // 3)
        grout = ((xx % size) < 6) | ((yy % size) < 6)
        tone = 0.92 + 0.06 * (smooth(120) - 0.5) - 0.25 * grout
    return tone[..., None] * base


def second_sheet(canvas: np.ndarray, quad: np.ndarray, variant: str | None, rng: random.Random) -> None:
    """Another sheet under the photographed one, showing at one edge with a few lines of its own text."""
    if variant is None:
        return
    h, w = canvas.shape[:2]
    sw = int(np.linalg.norm(quad[1] - quad[0]))
    sh = int(np.linalg.norm(quad[3] - quad[0]))
    sheet = Image.new("RGB", (max(8, sw), max(8, sh)), (236, 234, 226))
    d = ImageDraw.Draw(sheet)
    font = get_font("serif", "reg", max(8, sw // 68))
    words = ["Nomor", "Perihal", "Lampiran", "Kepada", "Yth.", "Kabupaten", "Balangan", "tanggal", "surat",
             "kegiatan", "Dinas", "dengan", "hormat", "bahwa", "untuk", "laporan"]
    for k in range(int(sh * 0.08), int(sh * 0.9), max(10, sw // 42)):
        d.text((sw * 0.12, k), " ".join(rng.choice(words) for _ in range(12)), font=font, fill=(40, 40, 40))
    arr = np.asarray(sheet, np.float32)
    if variant == "side":
        dx, dy = rng.choice((-1, 1)) * sw * rng.uniform(0.84, 0.97), sh * rng.uniform(-0.05, 0.05)
    else:
        dx, dy = sw * rng.uniform(-0.05, 0.05), rng.choice((-1, 1)) * sh * rng.uniform(0.86, 0.97)
    dst = (quad + [dx, dy]).astype(np.float32)
    src = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], np.float32)
    hom = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(arr, hom, (w, h))
    mask = cv2.warpPerspective(np.ones((sh, sw), np.float32), hom, (w, h))[..., None]
    canvas[:] = warped * mask + canvas * (1 - mask)


PHONES = ("Redmi Note 11", "Galaxy A52", "OPPO A57", "vivo Y21", "realme C35", "Infinix Hot 12")


def overlay(arr: np.ndarray, variant: str, rng: random.Random) -> np.ndarray:
    """What the camera app writes on the photo: an orange date stamp, or a "Shot on" watermark.

    Not part of the document, so never in the truth text."""
    img = _to_img(arr)
    d = ImageDraw.Draw(img)
    w, h = img.size
    if variant == "camera_date":
        font = get_font("sans", "bold", max(12, w // 28))
        text = f"20{rng.randint(23, 25)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d} " \
               f"{rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}"
        x, y = w - font.getlength(text) - w * 0.04, h - h * 0.05
        d.text((x, y), text, font=font, fill=(255, 150, 40), anchor="ls")
    else:
        font = get_font("sans", "reg", max(10, w // 40))
        text = f"Shot on {rng.choice(PHONES)}"
        x, y = w * 0.04, h - h * 0.04
        r = max(4, w // 60)
        d.ellipse([x, y - 2 * r, x + 2 * r, y], outline=(245, 245, 245), width=2)
        d.text((x + 3 * r, y), text, font=font, fill=(245, 245, 245), anchor="ls")
    return np.asarray(img, np.float32)


def jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=int(quality))
    return buf.getvalue()


def _to_img(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _pdf(images: list[Image.Image], dpi: int, quality: int, producer: str | None = None,
         creator: str | None = None) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi), quality=quality,
                   title="", creationDate=PDF_DATE, modDate=PDF_DATE, producer=producer, creator=creator)
    return buf.getvalue()


def _corners(m: np.ndarray, w: int, h: int) -> list[list[int]]:
    pts = np.array([[0, 0, 1], [w, 0, 1], [w, h, 1], [0, h, 1]], np.float64).T
    out = m @ pts
    out = out[:2] / out[2]
    return [[round(float(x)), round(float(y))] for x, y in out.T]


# --------------------------------------------------------------------------- profiles
def _scan_page(img: Image.Image, p: dict, rng: random.Random, nrng: np.random.Generator, src_dpi: int,
               grey: bool) -> tuple[Image.Image, dict]:
    """A flat scan: fold, skew on the scanner lid, rescale to the plan's dpi, blur and noise."""
    arr = paper(img, rng)
    alpha = np.full(arr.shape[:2], 255, np.uint8)
    fold(arr, alpha, p.get("fold"), rng)
    arr[alpha == 0] = rng.randint(200, 235)  # the scanner lid shows where the corner is folded away
    f = p.get("dpi", src_dpi) / src_dpi
    h, w = arr.shape[:2]
    out_w, out_h = max(8, round(w * f)), max(8, round(h * f))
    small = cv2.resize(arr, (out_w, out_h), interpolation=cv2.INTER_AREA)
    ang = p.get("skew_degrees", 0.0)
    pad = int(out_w * 0.02)
    m = cv2.getRotationMatrix2D((out_w / 2, out_h / 2), ang, 1.0)
    m[0, 2] += pad
    m[1, 2] += pad
    lid = float(rng.randint(215, 245))
    out = cv2.warpAffine(small, m, (out_w + 2 * pad, out_h + 2 * pad), flags=cv2.INTER_LINEAR,
                         borderValue=(lid, lid, lid))
    if "blur" in p:
        out = blur(out, p["blur"], scale=max(0.4, f * 1.5))
    if grey:
        out = cv2.cvtColor(np.clip(out, 0, 255).astype(np.uint8), cv2.COLOR_RGB2GRAY).astype(np.float32)
    if "noise" in p:
        out = noise(out, p["noise"], nrng)
    full = np.vstack([m, [0, 0, 1]]) @ np.diag([f, f, 1.0])
    params = {"rotation": 0, "skew_degrees": round(ang, 3), "corners": _corners(full, w, h)}
    return _to_img(out), params


def _photo_page(img: Image.Image, p: dict, rng: random.Random, nrng: np.random.Generator
                ) -> tuple[Image.Image, dict]:
    """A phone photo of the sheet on a desk: fold, curl, perspective, second sheet, shadow, cast, blur, noise."""
    L = p["photo_long_side"]
    W, H = (L * 3 // 4, L)
    sheet_h = H * rng.uniform(0.74, 0.86)
    f = sheet_h / img.height
    arr = paper(img.resize((max(8, round(img.width * f)), max(8, round(img.height * f))), Image.LANCZOS), rng)
    ph, pw = arr.shape[:2]
    alpha = np.full((ph, pw), 255, np.uint8)
    fold(arr, alpha, p.get("fold"), rng)
    xx, yy = curl_map(ph, pw, p["curl"]["model"], p["curl"]["fraction"])
    arr = cv2.remap(arr, xx, yy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    alpha = cv2.remap(alpha, xx, yy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    ang = math.radians(p["rotation_degrees"])
    s = p["perspective"]["strength"]
    rect = np.array([[-pw / 2, -ph / 2], [pw / 2, -ph / 2], [pw / 2, ph / 2], [-pw / 2, ph / 2]], np.float64)
    if p["perspective"]["model"] == "keystone":
        rect[0, 0] += s * pw
        rect[1, 0] -= s * pw
    else:
        rect += nrng.uniform(-s, s, rect.shape) * [pw, ph]
    rot = np.array([[math.cos(ang), -math.sin(ang)], [math.sin(ang), math.cos(ang)]])
    quad = rect @ rot.T + [W / 2 + rng.uniform(-0.03, 0.03) * W, H / 2 + rng.uniform(-0.03, 0.03) * H]
    margin = 0.02 * W
    for _ in range(30):  # keep the sheet inside the frame
        if quad[:, 0].min() >= margin and quad[:, 1].min() >= margin and quad[:, 0].max() <= W - margin \
                and quad[:, 1].max() <= H - margin:
            break
        c = quad.mean(axis=0)
        quad = c + (quad - c) * 0.96
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    hom = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
    canvas = desk(p["desk"], W, H, rng, nrng)
    second_sheet(canvas, quad, p.get("second_sheet"), rng)
    sheet = cv2.warpPerspective(arr, hom, (W, H), flags=cv2.INTER_LINEAR)
    a = cv2.warpPerspective(alpha, hom, (W, H), flags=cv2.INTER_LINEAR).astype(np.float32)[..., None] / 255
    drop = cv2.GaussianBlur(np.roll(a[..., 0], (10, 8), axis=(0, 1)), (0, 0), 9)[..., None]
    canvas *= 1 - 0.4 * drop
    photo = sheet * a + canvas * (1 - a)
    photo = shadow(photo, p["shadow"], rng)
    if "cast" in p:
        photo = cast(photo, p["cast"])
    photo = blur(photo, p["blur"], scale=L / 2600)
    if p.get("overlay"):
        photo = overlay(photo, p["overlay"], rng)
    photo = noise(photo, p["noise"], nrng)
    img_out = _to_img(photo)
    params = {"rotation": 0, "skew_degrees": round(p["rotation_degrees"], 3),
              "corners": [[round(float(x)), round(float(y))] for x, y in quad], "size": [W, H],
              "sheet_dpi": round(DPI * f)}
    if "messenger" in p:
        img_out, params = _messenger(img_out, p["messenger"], p["jpeg_quality"], params)
    else:
        data = jpeg(img_out, p["jpeg_quality"])
        params["_bytes"] = data
        img_out = Image.open(io.BytesIO(data)).convert("RGB")
    return img_out, params


def _messenger(img: Image.Image, spec: dict, camera_q: int, params: dict) -> tuple[Image.Image, dict]:
    """What a chat app does to a forwarded photo: downscale to about 1280 px, recompress (once or twice)."""
    img = Image.open(io.BytesIO(jpeg(img, camera_q))).convert("RGB")  # the camera's own JPEG first
    passes = [(spec["long_side"], spec["quality"])]
    if spec["model"] == "double":  # forwarded again: the app recompresses the already small image
        passes.append((spec["long_side"], max(30, spec["quality"] - 8)))
    f_total = 1.0
    for side, q in passes:
        f = side / max(img.size)
        img = img.resize((max(8, round(img.width * f)), max(8, round(img.height * f))), Image.BILINEAR)
        f_total *= f
        data = jpeg(img, q)
        img = Image.open(io.BytesIO(data)).convert("RGB")
    params = dict(params, corners=[[round(x * f_total), round(y * f_total)] for x, y in params["corners"]],
                  size=list(img.size), sheet_dpi=round(params["sheet_dpi"] * f_total), _bytes=data)
    return img, params


def _camscanner_page(img: Image.Image, p: dict, rng: random.Random, nrng: np.random.Generator, src_dpi: int
                     ) -> tuple[Image.Image, dict]:
    arr = paper(img, rng)
    h, w = arr.shape[:2]
    xx, yy = curl_map(h, w, p["curl"]["model"], p["curl"]["fraction"])
    arr = cv2.remap(arr, xx, yy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    arr = shadow(arr, p["shadow"], rng)
    paper_level = np.percentile(arr[::8, ::8].reshape(-1, 3), 80, axis=0)
    arr = arr * (235.0 / np.maximum(paper_level, 1.0))
    white, black = rng.uniform(200, 225), rng.uniform(40, 70)
    arr = (arr - black) / (white - black) * 255
    f = p["dpi"] / src_dpi
    arr = cv2.resize(arr, (max(8, round(w * f)), max(8, round(h * f))), interpolation=cv2.INTER_AREA)
    arr = blur(arr, p["blur"], scale=0.5)
    out = camscanner_footer(_to_img(arr))
    return out, {"rotation": 0, "skew_degrees": 0.0, "corners": [[0, 0], [out.width - 1, 0],
                                                                  [out.width - 1, out.height - 1],
                                                                  [0, out.height - 1]]}


def _photocopy_page(img: Image.Image, p: dict, rng: random.Random, nrng: np.random.Generator, src_dpi: int
                    ) -> tuple[Image.Image, dict]:
    page, params = _scan_page(img, {k: v for k, v in p.items() if k != "noise"}, rng, nrng, src_dpi, grey=True)
    arr = np.asarray(page, np.float32)
    h, w = arr.shape
    if p["photocopy"] == "faded":  # light toner: lifted blacks, grey paper, soft speckle
        arr = 95 + arr * rng.uniform(0.55, 0.7)
        density = rng.uniform(2e-4, 6e-4)
    else:  # crushed: heavy toner, text thickened, dark lid edges
        arr = np.clip((arr - rng.uniform(60, 90)) * rng.uniform(1.5, 1.9), 0, 255)
        arr = cv2.erode(arr, np.ones((2, 2), np.uint8)) if w > 900 else arr
        edge = rng.randint(max(2, w // 60), max(4, w // 25))
        arr[:, :edge] *= 0.25
        arr[:, -edge:] *= 0.35
        density = rng.uniform(8e-4, 2e-3)
    n = int(h * w * density)
    ys, xs = nrng.integers(0, h, n), nrng.integers(0, w, n)
    arr[ys, xs] = nrng.integers(0, 90, n)
    for _ in range(rng.randint(1, 3)):  # drum streaks down the page
        x = rng.randrange(w)
        arr[:, x:x + rng.randint(1, 3)] *= rng.uniform(0.55, 0.85)
    arr = noise(arr, p["noise"], nrng)
    return _to_img(arr), params


def _fax_page(img: Image.Image, p: dict, rng: random.Random, nrng: np.random.Generator, src_dpi: int,
              page_no: int, pages: int) -> tuple[Image.Image, dict]:
    """A received fax at 200 dpi: 1-bit, fine or standard (half vertical resolution, rows doubled), streaks, header."""
    page, params = _scan_page(img, {"dpi": 200, "skew_degrees": p["skew_degrees"]}, rng, nrng, src_dpi, grey=True)
    arr = np.asarray(page, np.float32)
    h, w = arr.shape
    if p["fax"] == "standard":
        half = cv2.resize(arr, (w, max(2, h // 2)), interpolation=cv2.INTER_AREA)
        arr = cv2.resize(half, (w, h), interpolation=cv2.INTER_NEAREST)
    bw = np.where(arr > p["fax_threshold"], 255, 0).astype(np.uint8)
    for _ in range(p["streaks"]):  # transmission errors: thin dropped or black lines across the page
        y = rng.randrange(h)
        bw[y:y + rng.randint(1, 3), :] = 0 if rng.random() < 0.4 else 255
    out = Image.fromarray(bw)
    d = ImageDraw.Draw(out)
    font = get_font("sans", "reg", max(10, w // 80))
    d.text((w * 0.04, 4), f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(23, 25)} "
                          f"{rng.randint(7, 16):02d}:{rng.randint(0, 59):02d}  FAX 0526 {rng.randint(200000, 299999)}"
                          f"   P.{page_no:03d}/{pages:03d}", font=font, fill=0)
    return out.convert("1"), params


def apply(images: list[Image.Image], p: dict, rng: random.Random, src_dpi: int = DPI) -> Capture:
    """Capture clean pages (RGB at ``src_dpi``) with the plan ``p``; returns file bytes and parameters."""
    nrng = _nprng(rng)
    kind = p["profile"]
    pages, params = [], []
    for k, im in enumerate(images):
        if kind in ("flatbed_scan", "low_res_scan"):
            page, pp = _scan_page(im, p, rng, nrng, src_dpi, grey=rng.random() < 0.5)
        elif kind in ("phone_photo", "messenger_photo"):
            page, pp = _photo_page(im, p, rng, nrng)
        elif kind == "camscanner_pdf":
            page, pp = _camscanner_page(im, p, rng, nrng, src_dpi)
        elif kind == "photocopy":
            page, pp = _photocopy_page(im, p, rng, nrng, src_dpi)
        else:
            page, pp = _fax_page(im, p, rng, nrng, src_dpi, k + 1, len(images))
        pages.append(page)
        params.append(pp)
    cap_params = {"pages": params, "degradation": p, "profile": kind}
    if "dpi" in p:
        cap_params["dpi"] = p["dpi"]
    if kind in ("phone_photo", "messenger_photo"):
        files = [pp.pop("_bytes") for pp in params]  # the photo's own JPEG (after the chat app's passes)
        return Capture(kind, "jpg", files, [[i] for i in range(len(pages))], cap_params, pages)
    if kind == "fax":
        cap_params["dpi"] = 200
        buf = io.BytesIO()
        # a standard-mode fax keeps its doubled rows, stored on the square 200 dpi grid (as fax-to-mail does)
        pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="group4", dpi=(200, 200))
        return Capture(kind, "tif", [buf.getvalue()], [list(range(len(pages)))], cap_params, pages)
    q = p.get("jpeg_quality", 75)
    if kind == "camscanner_pdf":
        data = _pdf([pg.convert("RGB") for pg in pages], p["dpi"], q, "intsig.com pdf producer", "CamScanner")
        return Capture(kind, "pdf", [data], [list(range(len(pages)))], cap_params, pages)
    if p.get("format") == "pdf" or len(pages) > 1:
        data = _pdf([pg if pg.mode in ("L", "RGB") else pg.convert("RGB") for pg in pages], p["dpi"], q)
        return Capture(kind, "pdf", [data], [list(range(len(pages)))], cap_params, pages)
    if p.get("format") == "png":
        buf = io.BytesIO()
        pages[0].save(buf, "PNG", dpi=(p["dpi"], p["dpi"]))
        return Capture(kind, "png", [buf.getvalue()], [[0]], cap_params, pages)
    buf = io.BytesIO()
    pages[0].save(buf, "JPEG", quality=q, dpi=(p["dpi"], p["dpi"]))
    return Capture(kind, "jpg", [buf.getvalue()], [[0]], cap_params, pages)

