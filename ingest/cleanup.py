"""OpenCV cleanup stages: numpy in, numpy out, each recording what it did.

Order used by the pipeline (geometry first, so the colour image kept for the searchable
PDF has the same geometry as the word boxes; photometry after):

    sheet.find_sheet -> fix_orientation -> deskew -> dewarp.dewarp -> even_out_light
    -> remove_stamps -> marks.remove_borders -> tables.find_tables -> marks.remove_marks

``binary_ink`` (Sauvola) provides the ink masks those stages analyse; Tesseract reads the
evened grey page, which it reads better than a binary image of ours (see bench/README.md).

Every stage takes a ``Page`` and returns a new one with a ``StageRecord`` appended.
Analysis runs on downscaled copies; only the final warp/rotation touches full resolution.
"""
from __future__ import annotations

import logging
import time
from typing import Callable

import cv2
import numpy as np

from . import ocr
from .components import components, lookup
from .model import HalfInk, Page, Preview, StageRecord
from .options import IngestOptions

log = logging.getLogger(__name__)



# --------------------------------------------------------------------------- helpers

def to_grey(image: np.ndarray) -> np.ndarray:
    """uint8 grey view of a grey or BGR image."""
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def shrink(image: np.ndarray, side: int, exact: bool = True) -> tuple[np.ndarray, float]:
    """A copy whose long side is at most ``side``, and the scale factor used.

    ``exact=False`` halves with OpenCV's exact 2x2 area path first (~10 ms instead of ~22 ms
    for a full page to a non-integer factor) and gives slightly different pixels: only for
    analyses validated that way (the orientation gate); pixels that reach Tesseract, the
    skew angle and the background estimate use the exact resize (measured: the fast one
    moved deskew angles enough to change OCR, held-out 6061 BoW F1 0.974 -> 0.972)."""
    h, w = image.shape[:2]
    scale = min(1.0, side / max(h, w))
    if scale >= 1.0:
        return image, 1.0
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    source = image
    while not exact and source.shape[0] >= 2 * size[1] and source.shape[1] >= 2 * size[0]:
        sh, sw = source.shape[:2]
        source = cv2.resize(source[:sh - sh % 2, :sw - sw % 2], (sw // 2, sh // 2), interpolation=cv2.INTER_AREA)
    return cv2.resize(source, size, interpolation=cv2.INTER_AREA), scale


def elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Boolean-ish uint8 mask (255 = ink) robust to uneven light (local threshold)."""
    block = max(15, (min(grey.shape[:2]) // 40) | 1)
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)


def text_ink(grey: np.ndarray) -> np.ndarray:
    """Ink mask without what is not text: long rules, page edges and big blobs (any side
    over a quarter of the image) and single-pixel noise."""
    ink = ink_mask(grey)
    n, labels, stats, _ = components(ink)
    limit = 0.25 * max(grey.shape[:2])
    drop = (stats[:, cv2.CC_STAT_WIDTH] > limit) | (stats[:, cv2.CC_STAT_HEIGHT] > limit) \
        | (stats[:, cv2.CC_STAT_AREA] <= 2)
    drop[0] = True
    return cv2.bitwise_and(ink, lookup(np.where(drop, 0, 255).astype(np.uint8), labels))


def ink_points(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.nonzero(mask)`` of a 2-D mask (same rows, columns and order, int64) from the flat
    indices: numpy's 2-D nonzero is ~1.4x slower than the flat one plus a division."""
    flat = np.flatnonzero(mask)
    ys = flat // mask.shape[1]
    return ys, flat - ys * mask.shape[1]


def rotate_right_angle(image: np.ndarray, clockwise: int) -> np.ndarray:
    """Rotate by a multiple of 90 degrees clockwise."""
    turns = (clockwise // 90) % 4
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return image if turns == 0 else cv2.rotate(image, codes[turns])


# --------------------------------------------------------------------------- the analysis copy

PREVIEW_SIDE = 1600  # long side of the copy the orientation gate and dewarp measure (~135 dpi on A4)


def make_preview(grey: np.ndarray) -> Preview:
    """The reduced copy of a page (``Page.preview``) that the orientation gate and dewarp
    measure, made with the fast reduction (an exact 2x2 area step first): it feeds
    measurements only, never Tesseract."""
    small, scale = shrink(grey, PREVIEW_SIDE, exact=False)
    return Preview(small, scale)


def page_preview(page: Page) -> Preview:
    """``page.preview``, or a new one when no earlier stage left one for this image."""
    return page.preview or make_preview(to_grey(page.image))


def turn_preview(preview: Preview, clockwise: int) -> Preview:
    """The preview of the page turned by ``clockwise`` degrees (a multiple of 90): the small
    copy turned exactly instead of a new reduction of the turned full page."""
    return Preview(rotate_right_angle(preview.grey, clockwise), preview.scale)


# --------------------------------------------------------------------------- orientation

def _line_axis(grey_small: np.ndarray, max_skew: float = 10.0) -> tuple[int, float]:
    """0 when text lines run horizontally, 90 when vertically; and the ratio of evidence.

    Ink is projected on both axes over a range of skews, so a page that is both sideways
    and skewed still shows its lines; text lines give far peakier profiles than columns."""
    ys, xs = ink_points(text_ink(grey_small))
    if len(xs) < 50:
        return 0, 1.0
    if len(xs) > 40000:
        pick = np.random.default_rng(0).choice(len(xs), 40000, replace=False)
        xs, ys = xs[pick], ys[pick]
    xs = xs.astype(np.float64) - grey_small.shape[1] / 2
    ys = ys.astype(np.float64) - grey_small.shape[0] / 2
    angles = np.arange(-max_skew, max_skew + 0.01, 1.0)
    horizontal = max(_profile_score(xs, ys, a, 0) for a in angles)
    vertical = max(_profile_score(ys, xs, a, 0) for a in angles)
    ratio = max(horizontal, vertical) / max(1e-9, min(horizontal, vertical))
    return (0 if horizontal >= vertical else 90), ratio


def text_line_crops(grey: np.ndarray, count: int = 4) -> list[np.ndarray]:
    """Up to ``count`` crops of single text lines (lines assumed horizontal), the most
    ink-rich first; rules and specks are skipped by requiring a text-like line height."""
    ink = ink_mask(grey)
    profile = np.convolve(ink.sum(axis=1) / 255.0, np.ones(3) / 3, mode="same")
    busy = profile > 0.15 * max(1.0, float(profile.max()))
    padded = np.concatenate([[False], busy, [False]]).astype(np.int8)
    starts, ends = np.nonzero(np.diff(padded) == 1)[0], np.nonzero(np.diff(padded) == -1)[0]
    runs = [(a, b) for a, b in zip(starts, ends) if 0.004 * grey.shape[0] <= b - a <= 0.05 * grey.shape[0]]
    if not runs:
        return []
    typical = float(np.median([b - a for a, b in runs]))
    runs = [(a, b) for a, b in runs if 0.6 * typical <= b - a <= 1.8 * typical]
    runs.sort(key=lambda r: float(profile[r[0]:r[1]].sum()), reverse=True)
    crops = []
    for a, b in sorted(runs[:count]):
        pad = int(0.4 * (b - a)) + 2
        crops.append(grey[max(0, a - pad):min(grey.shape[0], b + pad)])
    return crops


def _stack(crops: list[np.ndarray]) -> np.ndarray:
    """Line crops one under another on white, so one Tesseract call reads them all."""
    width = max(c.shape[1] for c in crops)
    gap = np.full((max(8, crops[0].shape[0] // 2), width), 255, np.uint8)
    rows = []
    for crop in crops:
        rows += [np.pad(crop, ((0, 0), (0, width - crop.shape[1])), constant_values=255), gap]
    return np.vstack(rows)


def _read_lines_score(crops: list[np.ndarray], options: IngestOptions) -> tuple[int, float]:
    """Confident words and mean confidence Tesseract reads in these line crops."""
    if not crops:
        return 0, 0.0
    stacked = _stack(crops)
    (mean_conf, good), = ocr.band_confidences(stacked, [(0, stacked.shape[0])], options.languages,
                                              options.ocr_timeout_s, psm=6)
    return good, mean_conf


def _read_axis_pairs(small: np.ndarray, axes: tuple[int, ...], options: IngestOptions) -> dict[int, tuple[int, float]]:
    """(confident words, mean confidence) for both ways up of each axis. Each way is read
    on its own: stacking both into one Tesseract run was measured slower and less decisive."""
    scores: dict[int, tuple[int, float]] = {}
    for axis in axes:
        crops = text_line_crops(rotate_right_angle(small, axis))
        scores[axis % 360] = _read_lines_score(crops, options)
        scores[(axis + 180) % 360] = _read_lines_score([np.ascontiguousarray(c[::-1, ::-1]) for c in crops], options)
    return scores


def _decisive(first: tuple[int, float], second: tuple[int, float]) -> bool:
    """Lines read one way give several confident words and the other way hardly any: text
    read on the wrong axis or upside down almost never yields confident words."""
    return first[0] >= 4 and first[0] > 2 * second[0]


def read_rotations(small: np.ndarray, axes: tuple[int, ...], options: IngestOptions) -> dict[int, tuple[int, float]]:
    """Score the rotations of the given axes by reading a few single text lines each way.

    Axes are read in the order given (most likely first); a later axis is read only when
    the earlier ones were not decisive, because lines read across their direction are both
    useless and slow for Tesseract (many seconds on a table page)."""
    scores: dict[int, tuple[int, float]] = {}
    for axis in axes:
        scores.update(_read_axis_pairs(small, (axis,), options))
        ranked = sorted(scores.values(), reverse=True)
        if len(ranked) > 1 and _decisive(ranked[0], ranked[1]):
            break
    return scores


# ---- the ink-shape gate: a cheap answer for plainly readable pages, so OSD runs only on the rest

GATE_STRIPS = 4  # vertical strips a page's lines are profiled in (tolerates curl and residual skew)
GATE_MIN_VOTES = 8  # text lines that must vote for the winning way up
GATE_VOTE_RATIO = 4.0  # ... at least this many times the lines voting the other way
GATE_MANY_VOTES, GATE_MANY_RATIO = 24, 3.0  # or, with this many, 3 times (a fair coin gives 24:8 in ~0.4 % of pages)
GATE_AXIS_MARGIN = 2.0  # vote margin on the chosen axis over the margin on the other axis
GATE_AXIS_RATIO = 1.2  # ... and the text-line axis from projection profiles must be at least this clear
GATE_GAP = 0.03  # a row with under this share of a busy row's ink separates two lines
GATE_CORE = 0.4  # rows with at least this share of the band's peak ink are its x-height core


def _best_skew(xs: np.ndarray, ys: np.ndarray, max_skew: float = 10.0) -> float:
    """The angle (degrees) at which ink falls most sharply into rows; coarse then fine."""
    best = 0.0
    for step, span in ((1.0, max_skew), (0.25, 1.0)):
        angles = np.arange(best - span, best + span + 1e-9, step)
        best = float(angles[int(np.argmax([_profile_score(xs, ys, a, 0) for a in angles]))])
    return best


def line_votes(ink: np.ndarray, strips: int = GATE_STRIPS) -> tuple[int, int]:
    """Text lines (taken as horizontal) whose ink reaches clearly further above their
    x-height band than below it, and the other way round.

    Latin print is top-heavy around its x-height band: ascenders, capitals, digits, i-dots
    and accents rise above it far more often than descenders (g, j, p, q, y) drop below, so
    an upright line votes "up" and an upside-down one "down". Lines are found per strip in
    row profiles of the ink taken at the page's skew; a band with two cores (lines that
    touch) or a core far from the typical x-height (headings, rules, noise) does not vote."""
    ys, xs = ink_points(ink)
    if len(xs) < 500:
        return 0, 0
    h, w = ink.shape
    xc = xs.astype(np.float64) - w / 2
    yc = ys.astype(np.float64) - h / 2
    sample = np.random.default_rng(0).choice(len(xc), 40000, replace=False) if len(xc) > 40000 else slice(None)
    theta = np.deg2rad(_best_skew(xc[sample], yc[sample]))
    along = yc * np.cos(theta) - xc * np.sin(theta)
    across = xc * np.cos(theta) + yc * np.sin(theta)
    row = np.round(along - along.min()).astype(np.int64)
    rows = int(row.max()) + 1
    strip = np.clip(((across - across.min()) / (np.ptp(across) + 1e-9) * strips).astype(np.int64), 0, strips - 1)
    profiles = np.bincount(strip * rows + row, minlength=strips * rows).reshape(strips, rows).astype(np.float64)
    lines: list[tuple[int, float, float, float]] = []  # core height, ink above, ink below, ink in the core
    for profile in profiles:
        if not profile.any():
            continue
        busy = np.concatenate([[0], (profile > GATE_GAP * np.percentile(profile[profile > 0], 95)).astype(np.int8), [0]])
        for start, end in zip(np.nonzero(np.diff(busy) == 1)[0], np.nonzero(np.diff(busy) == -1)[0]):
            band = profile[start:end]
            if end - start < 4:
                continue
            core = np.nonzero(band >= GATE_CORE * band.max())[0]
            c0, c1 = int(core[0]), int(core[-1]) + 1
            if len(core) < 0.8 * (c1 - c0):  # two lines merged into one band
                continue
            lines.append((c1 - c0, float(band[:c0].sum()), float(band[c1:].sum()), float(band[c0:c1].sum())))
    if not lines:
        return 0, 0
    typical = float(np.median([line[0] for line in lines]))
    up = down = 0
    for height, above, below, mass in lines:
        if not 0.6 * typical <= height <= 1.6 * typical:
            continue
        up += above > 1.5 * below and above > 0.05 * mass
        down += below > 1.5 * above and below > 0.05 * mass
    return up, down


def ink_orientation(grey: np.ndarray, preview: Preview | None = None) -> tuple[int | None, dict]:
    """Clockwise rotation (0/90/180/270) read from the shape of the printed lines alone,
    or None when that is not decisive (few lines, all capitals or digits, photos with
    blurred lines, tables); the caller then asks Tesseract OSD.

    Both axes are profiled: on the true axis many lines vote one way up; across it the
    "lines" are columns of letters and their votes are few and mixed; the axis must also be
    the one the projection profiles find (``_line_axis``). Validated on
    generated pages of every capture kind in all four rotations (bench/orientation_gate.py):
    never decided wrongly there. It looks at the page's ``Preview`` of ``grey`` (``PREVIEW_SIDE``:
    x-height ~9 px on A4), made here unless given."""
    small = (preview or make_preview(grey)).grey
    line_axis, axis_ratio = _line_axis(shrink(small, 800, exact=False)[0])  # from the small copy
    ink = text_ink(small)
    votes = {axis: line_votes(rotate_right_angle(ink, axis)) for axis in (0, 90)}
    margins = {axis: abs(up - down) for axis, (up, down) in votes.items()}
    axis = max(margins, key=lambda a: margins[a])
    up, down = votes[axis]
    evidence = {"axis": line_axis, "axis_ratio": round(axis_ratio, 2), "votes": {str(a): list(v) for a, v in votes.items()}}
    win, lose = max(up, down), min(up, down)
    clear = win >= GATE_VOTE_RATIO * lose or (win >= GATE_MANY_VOTES and win >= GATE_MANY_RATIO * lose)
    if win < GATE_MIN_VOTES or not clear or margins[axis] < GATE_AXIS_MARGIN * margins[90 - axis]:
        return None, evidence
    if axis != line_axis or axis_ratio < GATE_AXIS_RATIO:  # the projection profiles must agree on the axis
        return None, evidence
    return (axis if up > down else axis + 180), evidence


OSD_SURE = 2.0  # OSD orientation confidence accepted for a rotation
OSD_SURE_UPRIGHT = 1.0  # ... and for "already upright" when the text lines agree
OSD_SIDE = 1400  # long side OSD first looks at (~120 dpi on A4): fast, usually sure
OSD_SIDE_FINE = 2000  # second look when unsure (~170 dpi on A4): bigger letters, ~0.2 s more


def _middle_half(image: np.ndarray, axis: int) -> np.ndarray:
    """The middle half of the page across its text lines: OSD has plenty of letters there
    and runs in two thirds of the time."""
    if axis == 0:
        h = image.shape[0]
        return image[h // 4: 3 * h // 4]
    w = image.shape[1]
    return np.ascontiguousarray(image[:, w // 4: 3 * w // 4])


def _osd_view(image: np.ndarray, axis: int, axis_ratio: float) -> np.ndarray:
    """What OSD is shown: the middle half across the lines when their axis is clear."""
    return _middle_half(image, axis) if axis_ratio >= 1.3 else image


def _osd_sure(found: ocr.Orientation, axis: int, axis_ratio: float) -> bool:
    """OSD's answer is taken when it is confident and agrees with the text-line axis:
    turning a page needs firm evidence, confirming it is upright (the common case) less."""
    osd_axis = 90 if found.rotate in (90, 270) else 0
    needed = OSD_SURE if found.rotate else OSD_SURE_UPRIGHT
    return found.confidence >= needed and (osd_axis == axis or axis_ratio < 1.3)


Gate = Callable[[np.ndarray, Preview | None], tuple[int | None, dict]]


def choose_rotation(grey: np.ndarray, options: IngestOptions,
                    osd: Callable[[np.ndarray], ocr.Orientation | None] = ocr.detect_orientation,
                    gate: Gate | None = ink_orientation, preview: Preview | None = None) -> tuple[int, dict]:
    """Clockwise rotation (0/90/180/270) that makes ``grey`` upright, with evidence.

    The ink-shape ``gate`` (``ink_orientation``, tens of milliseconds) answers when the
    printed lines plainly show their way up; otherwise Tesseract OSD decides when it is sure and agrees with that axis (a first look
    at ~120 dpi, a second at ~170 dpi when unsure); otherwise a few text lines are read both
    ways up and the way Tesseract reads with most confident words wins (the first OSD answer
    breaks a tie, as before).
    """
    details: dict = {}
    if gate is not None:
        gated, details["gate"] = gate(grey, preview)
        if gated is not None:
            return gated, {**details, "method": "ink_shape"}
    axis, axis_ratio = _line_axis(shrink(grey, 800)[0])
    details.update(axis=axis, axis_ratio=round(axis_ratio, 2))
    small, _ = shrink(grey, OSD_SIDE)
    found = osd(_osd_view(small, axis, axis_ratio))
    if found is not None:
        details.update(osd_rotate=found.rotate, osd_confidence=round(found.confidence, 2))
        if _osd_sure(found, axis, axis_ratio):
            return found.rotate, {**details, "method": "osd"}
    if max(grey.shape[:2]) > OSD_SIDE:
        # small print or a photo: OSD is often sure once the letters are bigger, and a
        # second OSD call costs a fraction of reading text lines in candidate rotations
        fine = osd(_osd_view(shrink(grey, OSD_SIDE_FINE)[0], axis, axis_ratio))
        if fine is not None:
            details.update(osd_fine_rotate=fine.rotate, osd_fine_confidence=round(fine.confidence, 2))
            if _osd_sure(fine, axis, axis_ratio):
                return fine.rotate, {**details, "method": "osd_fine"}
    # the lines are read on a light-evened copy: under a shadow or in a dim photo Tesseract's own
    # thresholding finds no confident word either way up
    scores = read_rotations(_evened(small), (axis,) if axis_ratio >= 1.3 else (axis, (axis + 90) % 180), options)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    details.update(method="read_lines", scores={str(k): [v[0], round(v[1], 1)] for k, v in scores.items()})
    unsure = len(ranked) > 1 and ranked[0][1][0] <= max(2, int(ranked[1][1][0] * 1.2))
    if unsure and found is not None and found.rotate in scores:
        return found.rotate, {**details, "unsure": True, "chosen_by": "osd"}  # the lines said nothing
    return ranked[0][0], {**details, "unsure": unsure}


def _evened(grey: np.ndarray) -> np.ndarray:
    """``grey`` divided by its estimated paper brightness (shadows and gradients gone)."""
    return cv2.divide(grey, np.maximum(estimate_background(grey), 1), scale=255)


def fix_orientation(page: Page, options: IngestOptions,
                    osd: Callable[[np.ndarray], ocr.Orientation | None] = ocr.detect_orientation,
                    gate: Gate | None = ink_orientation) -> Page:
    """Turn the page upright (0/90/180/270); an unsure decision becomes a page flag. The
    page's ``Preview``, which the gate reads, is turned with the page and left on it for
    ``dewarp`` (``deskew`` keeps it when it does not rotate)."""
    started = time.perf_counter()
    preview = page_preview(page)
    rotation, details = choose_rotation(to_grey(page.image), options, osd, gate, preview)
    flags = page.flags + (("orientation_unsure",) if details.get("unsure") else ())
    return page.evolve(StageRecord("fix_orientation", elapsed_ms(started), {"rotation": rotation, **details}),
                       image=rotate_right_angle(page.image, rotation), rotation=(page.rotation + rotation) % 360,
                       flags=flags, preview=turn_preview(preview, rotation))


# --------------------------------------------------------------------------- deskew

def _profile_score(xs: np.ndarray, ys: np.ndarray, angle_deg: float, height: int) -> float:
    """How sharply ink falls into rows after rotating by ``angle_deg`` (sum of squared row counts).

    One angle at a time: scoring several angles per numpy pass was measured slower on real
    ink points (41 angles, 47k points: 6.2 ms for 8 per pass vs 4.0 ms one by one; the
    per-angle arrays stay in cache, the batched ones do not)."""
    theta = np.deg2rad(angle_deg)
    projected = ys * np.cos(theta) - xs * np.sin(theta)
    hist = np.bincount((projected - projected.min()).astype(np.int64))
    return float(np.dot(hist, hist))


def measure_skew(grey: np.ndarray, max_angle: float = 10.0) -> float:
    """Angle in degrees (counter-clockwise positive) that text lines make with the horizontal.

    Measured on its own exact 1400 px copy, not on the page's ``Preview``: the fast
    reduction moves angles by a few hundredths of a degree, and Tesseract's output with them
    (seed 7105: flatbed_skew CER 2.93 -> 3.09 %, phone_photo 0.85 -> 1.22 %)."""
    small, _ = shrink(grey, 1400)
    ink = text_ink(small)
    ys, xs = ink_points(ink)
    if len(xs) < 100:
        return 0.0
    if len(xs) > 60000:
        pick = np.random.default_rng(0).choice(len(xs), 60000, replace=False)
        xs, ys = xs[pick], ys[pick]
    xs = xs.astype(np.float64) - small.shape[1] / 2
    ys = ys.astype(np.float64) - small.shape[0] / 2
    best = 0.0
    for step, span in ((0.5, max_angle), (0.1, 0.5), (0.02, 0.1)):
        angles = np.arange(best - span, best + span + 1e-9, step)
        scores = [_profile_score(xs, ys, a, small.shape[0]) for a in angles]
        best = float(angles[int(np.argmax(scores))])
    return -best


def rotate_by(image: np.ndarray, angle_deg: float) -> np.ndarray:
    """Rotate counter-clockwise by ``angle_deg`` about the centre, filling with the border colour."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    fill = np.median(np.concatenate([image[:4].reshape(-1, *image.shape[2:]), image[-4:].reshape(-1, *image.shape[2:])]),
                     axis=0)
    border = tuple(float(v) for v in np.atleast_1d(fill))
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border if len(border) > 1 else border[0])


def deskew(page: Page, max_angle: float = 10.0) -> Page:
    """Fine deskew: rotate so text lines are horizontal (|angle| up to ``max_angle``). An
    unrotated page keeps its ``Preview``; a rotated one drops it (``Page.evolve``)."""
    started = time.perf_counter()
    skew = measure_skew(to_grey(page.image), max_angle)
    if abs(skew) < 0.05:
        return page.evolve(StageRecord("deskew", elapsed_ms(started), {"angle": 0.0}))
    rotated = rotate_by(page.image, -skew)
    return page.evolve(StageRecord("deskew", elapsed_ms(started), {"angle": round(-skew, 2)}), image=rotated,
                       skew_degrees=round(page.skew_degrees - skew, 2))


# --------------------------------------------------------------------------- photometry

def estimate_background(channel: np.ndarray) -> np.ndarray:
    """Paper brightness everywhere: a morphological closing larger than the text strokes
    (removes dark ink), smoothed, computed at quarter scale and resized back."""
    h, w = channel.shape[:2]
    small, scale = shrink(channel, max(h, w) // 4 or 1)
    k = max(5, (min(small.shape[:2]) // 25) | 1)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    smooth = cv2.GaussianBlur(closed, (0, 0), k / 2)
    return cv2.resize(smooth, (w, h), interpolation=cv2.INTER_LINEAR)


def dark_panels(grey: np.ndarray) -> np.ndarray | None:
    """Mask (uint8, 255 inside) of solid dark panels with light lettering: a letterhead band
    printed in colour with the institution's name left white, a black table header; None when
    there is none. The background estimate would take such a panel for a shadow and wash its
    letters out.

    Found at quarter size: areas darker than 65 % of the paper (letters filled by a closing)
    of at least 1 % of the page, at least a fifth of its width, mostly solid, with 3-45 % light
    pixels inside (the letters); none with a box over half the page (the desk around a
    photographed sheet)."""
    small, scale = shrink(grey, max(grey.shape[:2]) // 4 or 1)
    sh, sw = small.shape
    paper = float(np.percentile(small, 90))
    dark = (cv2.GaussianBlur(small, (3, 3), 0) < min(150.0, 0.65 * paper)).astype(np.uint8)
    k = max(3, (sw // 80) | 1)
    solid = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    keep = np.zeros(count, np.uint8)
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < 0.01 * sh * sw or w < 0.2 * sw or w * h > 0.5 * sh * sw or area < 0.6 * w * h:
            continue
        inside = small[y:y + h, x:x + w][labels[y:y + h, x:x + w] == i]
        light = float(np.count_nonzero(inside > 170)) / max(1, inside.size)
        keep[i] = 255 if 0.03 <= light <= 0.45 else 0
    if not keep.any():
        return None
    mask = keep[labels]
    outlines, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(mask, outlines, -1, 255, thickness=cv2.FILLED)  # letters too big for the closing
    return cv2.resize(mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)


def _invert_panels(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``image`` with the panels in ``mask`` turned into dark letters on white (grey in all
    channels): inverted, then scaled so the panel's own colour becomes paper white, which
    leaves no edge where the panel meets the page."""
    grey = to_grey(image)
    inverted = 255 - grey
    level = float(np.median(inverted[mask > 0])) if np.any(mask) else 255.0
    inverted = cv2.convertScaleAbs(inverted, alpha=255.0 / max(1.0, level))
    # the panel's soft rim (the mask is coarse): whichever is lighter, so neither the rim nor
    # the paper beside it becomes a dark frame that later stages take for table rules
    reach = max(3, int(max(grey.shape) / 400) | 1)
    inner = cv2.erode(mask, np.ones((reach, reach), np.uint8))
    rim = cv2.subtract(cv2.dilate(mask, np.ones((reach, reach), np.uint8)), inner)
    out = grey.copy()
    cv2.copyTo(inverted, inner, out)
    cv2.copyTo(cv2.max(grey, inverted), rim, out)
    if image.ndim == 3:
        return cv2.copyTo(cv2.cvtColor(out, cv2.COLOR_GRAY2BGR), cv2.max(inner, rim), image.copy())
    return out


def even_out_light(page: Page) -> Page:
    """Remove shadows and gradients: divide each channel by its estimated background. Dark
    panels with light lettering (``dark_panels``) are inverted first, so their letters stay."""
    started = time.perf_counter()
    image = page.image
    panels = dark_panels(to_grey(image))
    if panels is not None:
        image = _invert_panels(image, panels)
    # all channels at once: OpenCV filters each channel of an interleaved image exactly as it
    # would the split channel, without the split/merge copies of the full page
    background = estimate_background(image)
    spread = cv2.meanStdDev(background)[1].ravel()  # per channel; np.std would make a float64 copy of the page
    evened = cv2.divide(image, np.maximum(background, 1, out=background), scale=255)
    return page.evolve(StageRecord("even_out_light", elapsed_ms(started), {"background_std": round(float(np.mean(spread)), 1),
                                                                          "inverted_panels": panels is not None}),
                       image=evened)


def stamp_mask(bgr: np.ndarray) -> np.ndarray:
    """255 where the pixel is coloured ink (blue/violet or red), not dark enough to be text."""
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    blue = (hue >= 90) & (hue <= 150)
    red = (hue <= 12) | (hue >= 160)
    coloured = ((blue | red) & (sat >= 60) & (val >= 70)).astype(np.uint8) * 255
    return cv2.medianBlur(coloured, 3)  # drops isolated coloured pixels (JPEG chroma noise)


def remove_stamps(page: Page, enabled: bool = True) -> Page:
    """Turn blue/red stamp and signature ink into paper, keeping dark (black) text, and
    return a grey page. Only saturated colour is touched."""
    started = time.perf_counter()
    if page.image.ndim == 2:
        return page.evolve(StageRecord("remove_stamps", elapsed_ms(started), {"removed_fraction": 0.0}))
    grey = to_grey(page.image)
    if not enabled:
        return page.evolve(StageRecord("remove_stamps", elapsed_ms(started), {"enabled": False}), image=grey)
    mask = stamp_mask(page.image)
    # grow into the anti-aliased rim, but never over dark (text) pixels
    light = (grey > 110).astype(np.uint8) * 255
    grown = cv2.bitwise_or(cv2.bitwise_and(cv2.dilate(mask, np.ones((3, 3), np.uint8)), light), mask)
    fraction = float(np.count_nonzero(grown)) / grown.size
    if fraction > 0:
        # coloured ink is bright in its own channel while black text is dark in all of them:
        # under the stamp, the brightest channel keeps the text and drops the ink
        b, g, r = cv2.split(page.image)
        brightest = cv2.max(cv2.max(b, g), r)  # numpy's max(axis=2) is ~10x slower on an interleaved page
        ink_level = float(np.median(brightest[mask > 0])) if np.any(mask) else 255.0
        lift = int(max(0.0, 255.0 - ink_level))  # integer pixels: adding the fraction and truncating adds its floor
        lifted = cv2.add(brightest, lift)  # saturates at 255
        grey = grey.copy()
        grey = cv2.copyTo(lifted, grown, grey)
    return page.evolve(StageRecord("remove_stamps", elapsed_ms(started), {"removed_fraction": round(fraction, 4)}),
                       image=grey)


def sauvola_threshold(grey: np.ndarray, window: int, k: float = 0.2, r: float = 128.0) -> np.ndarray:
    """Sauvola's local threshold surface. Local mean and deviation vary slowly, so they
    are computed on a quarter-size copy and resized back (4-8x faster, same result on text)."""
    h, w = grey.shape[:2]
    factor = 4 if window >= 32 else 1
    small = cv2.resize(grey, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA) \
        if factor > 1 else grey
    img = small.astype(np.float32)
    win = max(3, (window // factor) | 1)
    mean = cv2.boxFilter(img, cv2.CV_32F, (win, win), borderType=cv2.BORDER_REFLECT)
    sq_mean = cv2.boxFilter(img * img, cv2.CV_32F, (win, win), borderType=cv2.BORDER_REFLECT)
    std = np.sqrt(np.maximum(sq_mean - mean * mean, 0))
    threshold = mean * (1 + k * (std / r - 1))
    if factor == 1:
        return threshold
    small_t = np.clip(threshold + 0.5, 0, 255).astype(np.uint8)  # uint8 resizes 4x faster than float
    return cv2.resize(small_t, (w, h), interpolation=cv2.INTER_LINEAR)


def binary_ink(grey: np.ndarray, dpi: int, k: float = 0.2) -> np.ndarray:
    """uint8 mask, 1 where Sauvola calls the pixel ink; window about 1/6 inch."""
    window = max(15, int(dpi / 6) | 1)
    return (grey < sauvola_threshold(grey, window, k)).astype(np.uint8)


def dark_ink(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Ink for analysis (borders, speckle, rules): locally dark per Sauvola and not light
    in absolute terms, or very dark anyway (Sauvola misses the inside of big dark areas)."""
    return ((binary_ink(grey, dpi) & (grey < 160)) | (grey < 80)).astype(np.uint8)


def half_size_ink(page: Page) -> HalfInk:
    """The page's ``HalfInk`` (half size from 200 dpi up, for analyses that do not need full
    resolution: rules, big marks): the one an earlier stage left on ``page`` for its
    image, or a new one."""
    if page.half_ink is not None:
        return page.half_ink
    grey = to_grey(page.image)
    h, w = grey.shape
    factor = 2 if page.dpi >= 200 else 1
    small = cv2.resize(grey, (w // factor, h // factor), interpolation=cv2.INTER_AREA) if factor > 1 else grey
    return HalfInk(small, factor, page.dpi // factor, dark_ink(small, page.dpi // factor))
