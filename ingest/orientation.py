"""Orientation: turn a page upright (0/90/180/270 degrees clockwise).

Three ways of deciding, cheapest first (``choose_rotation``): the shape of the printed lines
(``ink_orientation``, the ink-shape gate), Tesseract OSD when it is sure and agrees with the
text-line axis, and last reading a few text lines each way up. An unsure decision becomes a
page flag."""
from __future__ import annotations

import functools
import time
from typing import Callable

import cv2
import numpy as np

from . import ocr
from .ink import ink_mask, ink_points, text_ink
from .light import estimate_background
from .model import Page, Preview, StageRecord, elapsed_ms
from .options import IngestOptions
from .raster import make_preview, page_preview, rotate_right_angle, shrink, to_grey, turn_preview
from .skew import profile_score


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
    horizontal = max(profile_score(xs, ys, a, 0) for a in angles)
    vertical = max(profile_score(ys, xs, a, 0) for a in angles)
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
    (mean_conf, good), = ocr.band_confidences(stacked, [(0, stacked.shape[0])], options, psm=6)
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
        best = float(angles[int(np.argmax([profile_score(xs, ys, a, 0) for a in angles]))])
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
# The ink-shape gate's lean: its lines voting for one way up at least this many times as for the other (and at
# least ``GATE_MIN_VOTES`` of them), too few to decide alone (``GATE_VOTE_RATIO``) but enough that OSD turning the
# page the other way on the same axis is not taken on OSD's word (a messenger photo read upside down: the lines
# 22:6 for upright, OSD 180 at 2.65). The lines read both ways up decide instead.
GATE_LEAN_RATIO = 2.0
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


def _osd_sure(found: ocr.Orientation, axis: int, axis_ratio: float, lean: int | None = None) -> bool:
    """OSD's answer is taken when it is confident and agrees with the text-line axis:
    turning a page needs firm evidence, confirming it is upright (the common case) less. A turn against
    the gate's ``lean`` (``_gate_lean``) is not taken."""
    osd_axis = 90 if found.rotate in (90, 270) else 0
    needed = OSD_SURE if found.rotate else OSD_SURE_UPRIGHT
    return found.confidence >= needed and (osd_axis == axis or axis_ratio < 1.3) and not _against(found.rotate, lean)


def _gate_lean(evidence: dict | None) -> int | None:
    """The way up the ink-shape gate's votes lean to on their busier axis (``GATE_LEAN_RATIO``), or None."""
    votes = (evidence or {}).get("votes") or {}
    if not votes:
        return None
    axis, (up, down) = max(votes.items(), key=lambda kv: sum(kv[1]))
    win, lose = max(up, down), min(up, down)
    if win < GATE_MIN_VOTES or win < GATE_LEAN_RATIO * max(lose, 1):
        return None
    return int(axis) if up > down else int(axis) + 180


def _against(rotate: int, lean: int | None) -> bool:
    """Whether ``rotate`` turns a page the other way up from ``lean`` on the same axis (a turn only: OSD
    confirming a page upright is never vetoed)."""
    return lean is not None and rotate != 0 and rotate % 180 == lean % 180 and rotate != lean


Gate = Callable[[np.ndarray, Preview | None], tuple[int | None, dict]]


def choose_rotation(grey: np.ndarray, options: IngestOptions,
                    osd: Callable[[np.ndarray], ocr.Orientation | None] | None = None,
                    gate: Gate | None = ink_orientation, preview: Preview | None = None) -> tuple[int, dict]:
    """Clockwise rotation (0/90/180/270) that makes ``grey`` upright, with evidence.

    The ink-shape ``gate`` (``ink_orientation``, tens of milliseconds) answers when the
    printed lines plainly show their way up; otherwise Tesseract OSD decides when it is sure and agrees with that axis (a first look
    at ~120 dpi, a second at ~170 dpi when unsure); otherwise a few text lines are read both
    ways up and the way Tesseract reads with most confident words wins (the first OSD answer
    breaks a tie, as before).
    """
    details: dict = {}
    if osd is None:  # Tesseract's OSD, by the engine or the command as the page is read
        osd = functools.partial(ocr.detect_orientation, library=options.tesseract == "library")
    if gate is not None:
        gated, details["gate"] = gate(grey, preview)
        if gated is not None:
            return gated, {**details, "method": "ink_shape"}
    lean = _gate_lean(details.get("gate"))
    axis, axis_ratio = _line_axis(shrink(grey, 800)[0])
    details.update(axis=axis, axis_ratio=round(axis_ratio, 2))
    small, _ = shrink(grey, OSD_SIDE)
    found = osd(_osd_view(small, axis, axis_ratio))
    if found is not None:
        details.update(osd_rotate=found.rotate, osd_confidence=round(found.confidence, 2))
        if _osd_sure(found, axis, axis_ratio, lean):
            return found.rotate, {**details, "method": "osd"}
    if max(grey.shape[:2]) > OSD_SIDE:
        # small print or a photo: OSD is often sure once the letters are bigger, and a
        # second OSD call costs a fraction of reading text lines in candidate rotations
        fine = osd(_osd_view(shrink(grey, OSD_SIDE_FINE)[0], axis, axis_ratio))
        if fine is not None:
            details.update(osd_fine_rotate=fine.rotate, osd_fine_confidence=round(fine.confidence, 2))
            if _osd_sure(fine, axis, axis_ratio, lean):
                return fine.rotate, {**details, "method": "osd_fine"}
    # the lines are read on a light-evened copy: under a shadow or in a dim photo Tesseract's own
    # thresholding finds no confident word either way up
    scores = read_rotations(_evened(small), (axis,) if axis_ratio >= 1.3 else (axis, (axis + 90) % 180), options)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    details.update(method="read_lines", scores={str(k): [v[0], round(v[1], 1)] for k, v in scores.items()})
    unsure = len(ranked) > 1 and ranked[0][1][0] <= max(2, int(ranked[1][1][0] * 1.2))
    if unsure:  # the lines said nothing
        if found is not None and found.rotate in scores and found.confidence >= OSD_SURE_UPRIGHT \
                and not _against(found.rotate, lean):
            return found.rotate, {**details, "unsure": True, "chosen_by": "osd"}
        if 0 in scores:
            # OSD guessing (confidence under 1) on a page whose lines read poorly every way up: turning a
            # page needs evidence, so it stays as it came (most pages come upright) and is flagged unsure.
            # Taking the guess turned upright crushed photocopies and messenger photos upside down.
            return 0, {**details, "unsure": True, "chosen_by": "as_given"}
        if found is not None and found.rotate in scores:
            return found.rotate, {**details, "unsure": True, "chosen_by": "osd"}
    return ranked[0][0], {**details, "unsure": unsure}


def _evened(grey: np.ndarray) -> np.ndarray:
    """``grey`` divided by its estimated paper brightness (shadows and gradients gone)."""
    return cv2.divide(grey, np.maximum(estimate_background(grey), 1), scale=255)


def fix_orientation(page: Page, options: IngestOptions,
                    osd: Callable[[np.ndarray], ocr.Orientation | None] | None = None,
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
