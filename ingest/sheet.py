"""Finding the paper sheet in a photo and flattening it (perspective transform).

A photo of a letter on a table: the sheet is the largest bright, convex, four-cornered
region clearly brighter than its surroundings. Flat scans (the paper fills the image)
are left alone. Corners are refined to sub-pixel accuracy by fitting lines to the sides.
"""
from __future__ import annotations

import time
from typing import Iterator

import cv2
import numpy as np

from .model import Page, StageRecord, elapsed_ms
from .raster import shrink, to_grey

A4_WIDTH_INCH = 8.27
WORK_SIDE = 1000  # long side of the analysis copy
PAPER_RATIO = (1.1, 2.0)  # the long to short side of a photographed sheet (paper sizes, perspective)
CLEAN_FILL = 0.95  # least fill of a sheet found inside a region that runs off (a clean quad)
SHADE_GROWTH = 1.2  # the colour mask's sheet must be this much larger than the lit part found by brightness
SHADE_COVER = 0.9  # and hold this share of it
SHADOW_STEP = 0.9  # a hard shadow's edge: the shaded side at most this share of the lit side's brightness
SHADOW_SPAN = 0.85  # ... along this share of its straight run across the photo (a sheet's edge ends at its corners)
SHADOW_SPREAD = 0.06  # ... by the same step, within this much,
SHADOW_SAME = 0.8  # ... along this share of its run (where it runs beside the sheet's own edge, the steps compound)
SHADOW_LINES = 8  # the longest straight edges tried as a shadow's
SAME_SHEET = 0.95  # two quads this much alike (intersection over union) outline one sheet
RELIT_GROWTH = 1.05  # a sheet found whole once the shade is lit again must be this much larger than the lit part
EDGE_REACH = 0.25  # a cut's edge runs straight from its notch this share of the photo's short side (analysis copy)
EDGE_STEP = 0.05  # ... where the light steps or dips by this share of the paper's brightness
RAY_PEAKS = 3  # the strongest such rays tried from each notch
CUT_PARALLEL = 10.0  # the cut side of a page within this many degrees of the opposite side
CUT_ALONG = 0.6  # ... and the light steps across it along this share of the page's cut side
JUT_RUN = 0.05  # a page's side beside a notch runs straight along this share of the cut piece's outline
JUT_SHARE = 0.15  # what juts out past it is under this share of the piece
QUAD_SHORT = 1.05  # a quad that leaves out this share of its region (over its own area) is refitted to the region's sides
SIDE_TURN = 15.0  # a side's straight run within this many degrees of the quad's side it replaces
SIDE_NEAR = 0.15  # ... and within this share of that side's length of it
SIDE_RUN = 0.2  # ... running straight along this share of the quad's shorter side at least
SIDE_FILL = (0.96, 1.02)  # the refitted quad's fill: the region fills it and hardly juts out of it
SIDE_COVER = 0.4  # ... and its outline runs along each of its sides for this share of the side's length


def order_corners(points: np.ndarray) -> np.ndarray:
    """Four points as float32 in the order top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise from the left in image coordinates
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def _paper_channels(small: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Grey, "whiteness" (value minus saturation: paper is bright and unsaturated; grey for a grey
    image) and the odd kernel size, about 1/60 of the short side, that the sheet masks work with."""
    grey = to_grey(small)
    if small.ndim == 3:
        hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
        whiteness = cv2.subtract(hsv[:, :, 2], hsv[:, :, 1])
    else:
        whiteness = grey
    return grey, whiteness, max(3, (min(small.shape[:2]) // 60) | 1)


def _brightness_masks(small: np.ndarray) -> list[np.ndarray]:
    """The bright-and-unsaturated ("whiteness") and the plain brightness mask of a paper sheet."""
    masks = []
    grey, whiteness, k = _paper_channels(small)
    close = cv2.getStructuringElement(cv2.MORPH_RECT, (k * 3, k * 3))
    for channel in (whiteness, grey):
        blurred = cv2.GaussianBlur(channel, (k, k), 0)
        _, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, close)
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
        masks.append(mask)
    return masks


def _sheet_masks(small: np.ndarray) -> list[np.ndarray]:
    """Candidate foreground masks of a paper sheet: bright-and-unsaturated, and edges."""
    masks = _brightness_masks(small)
    grey = to_grey(small)
    edges = cv2.Canny(cv2.GaussianBlur(grey, (5, 5), 0), 40, 120)
    edges = cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)), iterations=2)
    filled = np.zeros_like(edges)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)
    filled = cv2.erode(filled, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)), iterations=2)
    masks.append(filled)
    return masks


def _unsaturated_mask(small: np.ndarray) -> np.ndarray | None:
    """Paper told from the desk by its colour alone (low saturation), None for a grey image. A hard
    shadow across the sheet darkens the paper but leaves its saturation, so this mask keeps the shaded
    part of the sheet with the lit one where the brightness masks part them at the shadow's edge. On a
    neutral desk it joins the desk too; such a region runs off the photo and is not taken."""
    if small.ndim != 3:
        return None
    saturation = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)[:, :, 1]
    k = max(3, (min(small.shape[:2]) // 60) | 1)
    _, mask = cv2.threshold(cv2.GaussianBlur(saturation, (k, k), 0), 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k * 3, k * 3)))
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))


def _line_meet(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray | None:
    """Where the line through a, b meets the line through c, d (None when they are parallel)."""
    m = np.array([b - a, c - d], dtype=np.float64).T
    if abs(np.linalg.det(m)) < 1e-6:
        return None
    s = np.linalg.solve(m, (c - a).astype(np.float64))[0]
    return (a + s * (b - a)).astype(np.float32)


def _cut_corner(pentagon: np.ndarray) -> np.ndarray | None:
    """A sheet with one corner folded over or torn off outlines as a pentagon: four long sides and
    one short one across the missing corner. The corner is where the two sides beside the short one
    meet when extended. None unless the short side is under three quarters of every other side and
    the restored corner adds under a tenth of the area (otherwise it is no cut-off corner)."""
    pts = pentagon.reshape(5, 2).astype(np.float32)
    lengths = np.array([np.hypot(*(pts[(i + 1) % 5] - pts[i])) for i in range(5)])
    i = int(np.argmin(lengths))
    if lengths[i] >= 0.75 * np.min(np.delete(lengths, i)):
        return None
    a, b = pts[i], pts[(i + 1) % 5]
    corner = _line_meet(pts[i - 1], a, pts[(i + 2) % 5], b)
    if corner is None:
        return None
    (ux, uy), (vx, vy) = a - corner, b - corner
    added = 0.5 * abs(float(ux * vy - uy * vx))
    if added >= 0.1 * cv2.contourArea(pts):
        return None
    quad = [corner if k == i else pts[k] for k in range(5) if k != (i + 1) % 5]
    return np.array(quad, dtype=np.float32)


def _quad_from_contour(contour: np.ndarray) -> np.ndarray | None:
    """Four corners approximating a contour's convex hull (a pentagon with one corner cut off counts
    as the quad it was before the fold), or None if it is not quad-like."""
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float32)
        if len(approx) == 5:
            quad = _cut_corner(approx)
            if quad is not None:
                return quad
        if len(approx) < 4:
            return None
    return None


def _refine_corners(contour: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Sub-pixel corners: fit a line to the contour points along each side, intersect."""
    pts = contour.reshape(-1, 2).astype(np.float32)
    quad = order_corners(quad)
    lines = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        ab = b - a
        length = float(np.hypot(*ab)) or 1.0
        t = ((pts - a) @ ab) / (length ** 2)
        rel = pts - a
        dist = np.abs(ab[0] * rel[:, 1] - ab[1] * rel[:, 0]) / length
        side = pts[(t > 0.1) & (t < 0.9) & (dist < max(3.0, 0.02 * length))]
        if len(side) < 5:
            return quad
        vx, vy, x0, y0 = cv2.fitLine(side, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0]), np.array([vx, vy])))
    corners = []
    for i in range(4):
        (p1, d1), (p2, d2) = lines[i - 1], lines[i]
        m = np.array([[d1[0], -d2[0]], [d1[1], -d2[1]]])
        if abs(np.linalg.det(m)) < 1e-6:
            return quad
        s = np.linalg.solve(m, p2 - p1)[0]
        corners.append(p1 + s * d1)
    refined = np.array(corners, dtype=np.float32)
    return refined if np.max(np.abs(refined - quad)) < 0.05 * max(np.ptp(quad, axis=0)) else quad


def _edge_split_mask(small: np.ndarray) -> np.ndarray:
    """Bright paper cut apart wherever there is an edge: two sheets that overlap, one lying on the other,
    join in the masks above but are parted by the edge (and its shadow) of the upper sheet."""
    grey, whiteness, k = _paper_channels(small)
    _, mask = cv2.threshold(cv2.GaussianBlur(whiteness, (k, k), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    edges = cv2.dilate(cv2.Canny(cv2.GaussianBlur(grey, (5, 5), 0), 40, 120), np.ones((3, 3), np.uint8))
    mask = cv2.bitwise_and(mask, cv2.bitwise_not(edges))
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))


def _runs_off(contour: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether a region runs off the photo: more than 5 % of its outline lies on the image border."""
    pts = contour.reshape(-1, 2)
    h, w = shape[:2]
    on_border = (pts[:, 0] <= 1) | (pts[:, 1] <= 1) | (pts[:, 0] >= w - 2) | (pts[:, 1] >= h - 2)
    return bool(on_border.mean() > 0.05)


def _side_line(pts: np.ndarray, segments: np.ndarray, a: np.ndarray, b: np.ndarray, least: float
               ) -> tuple[np.ndarray, np.ndarray] | None:
    """The region's own straight side that the quad's side a→b stands for: the longest straight run of
    its outline (``segments``: x1, y1, x2, y2) within ``SIDE_TURN`` degrees of a→b,
    within ``SIDE_NEAR`` of its length of it and at least ``least`` long, refitted to the outline's
    points within 2 px of it; (a point, unit direction) or None."""
    ab = (b - a).astype(np.float64)
    length = float(np.hypot(*ab))
    if length < 10:
        return None
    along = ab / length
    normal = np.array([-along[1], along[0]])
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for x1, y1, x2, y2 in segments:
        d = np.array([x2 - x1, y2 - y1], np.float64)
        run = float(np.hypot(*d))
        if run < least or abs(float(d @ along)) / run < np.cos(np.deg2rad(SIDE_TURN)):
            continue
        mid = np.array([(x1 + x2) / 2, (y1 + y2) / 2], np.float64) - a
        if abs(float(mid @ normal)) > SIDE_NEAR * length or not -0.1 <= float(mid @ along) / length <= 1.1:
            continue
        if best is None or run > best[0]:
            best = (run, np.array([x1, y1], np.float64), d / run)
    if best is None:
        return None
    _, origin, direction = best
    rel = pts - origin
    near = pts[np.abs(rel[:, 0] * direction[1] - rel[:, 1] * direction[0]) <= 2.0]
    if len(near) < 5:
        return None
    vx, vy, x0, y0 = cv2.fitLine(near.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    return np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)


def _sided_quad(contour: np.ndarray, quad: np.ndarray) -> np.ndarray | None:
    """A quad that leaves part of its region out (a corner of the sheet dimmed or cut off, so the outline's
    hull is no clean quad and the approximation took a chord across the sheet) fitted again to the
    region's own sides: each side of the quad replaced by the longest straight run of the outline along
    it (``_side_line``), the corners where those lines meet. None unless all four are found and the quad
    they make is convex and paper-shaped and fits the region (``SIDE_FILL``); otherwise the quad stands."""
    q = order_corners(quad)
    pts = contour.reshape(-1, 2).astype(np.float64)
    sides = [float(np.hypot(*(q[(i + 1) % 4] - q[i]))) for i in range(4)]
    least = SIDE_RUN * min(sides)
    # the outline's straight runs: an approximation within 2 px (a pixel staircase stays one run)
    bends = cv2.approxPolyDP(contour, 2.0, True).reshape(-1, 2).astype(np.float64)
    segments = np.hstack([bends, np.roll(bends, -1, axis=0)])
    lines = [line for i in range(4) if (line := _side_line(pts, segments, q[i].astype(np.float64),
                                                           q[(i + 1) % 4].astype(np.float64), least)) is not None]
    if len(lines) < 4:
        return None
    corners = []
    for i in range(4):
        (p1, d1), (p2, d2) = lines[i - 1], lines[i]
        meet = _line_meet(p1, p1 + d1, p2, p2 + d2)
        if meet is None:
            return None
        corners.append(meet)
    fitted = np.array(corners, dtype=np.float32)
    if not cv2.isContourConvex(fitted.reshape(-1, 1, 2)) or not _paper_shaped(fitted):
        return None
    fill = cv2.contourArea(contour) / max(cv2.contourArea(fitted), 1.0)
    if not SIDE_FILL[0] <= fill <= SIDE_FILL[1]:
        return None
    # a side the outline follows only for a short stretch is some other straight run (a second sheet's
    # edge or a line of its print beside the page), not the page's side
    for i in range(4):
        a, b = fitted[i].astype(np.float64), fitted[(i + 1) % 4].astype(np.float64)
        length = float(np.hypot(*(b - a)))
        along = (b - a) / length
        rel = pts - a
        t = rel @ along
        near = t[(np.abs(rel @ np.array([-along[1], along[0]])) <= 2.5) & (t >= 0) & (t <= length)]
        if 2.0 * len(np.unique(np.floor(near / 2.0))) < SIDE_COVER * length:
            return None
    return fitted


def _candidate(contour: np.ndarray, grey: np.ndarray) -> tuple[float, np.ndarray, dict] | None:
    """(score, quad, evidence) for a region that could be the sheet, or None. A quad that leaves out
    ``QUAD_SHORT`` of its region is fitted again to the region's sides (``_sided_quad``) where they allow."""
    quad = _quad_from_contour(contour)
    if quad is None or not cv2.isContourConvex(quad.reshape(-1, 1, 2)):
        return None
    quad_area = cv2.contourArea(quad)
    sided = None
    if cv2.contourArea(contour) > QUAD_SHORT * quad_area:
        sided = _sided_quad(contour, quad)
        if sided is not None:
            quad, quad_area = sided, cv2.contourArea(sided)
    fraction = quad_area / (grey.shape[0] * grey.shape[1])
    fill = cv2.contourArea(contour) / max(quad_area, 1.0)
    if not 0.15 <= fraction <= 0.92 or fill < 0.85:
        return None
    inside = np.zeros_like(grey)
    cv2.fillConvexPoly(inside, quad.astype(np.int32), 255)
    contrast = float(cv2.mean(grey, inside)[0] - cv2.mean(grey, cv2.bitwise_not(inside))[0])
    evidence = {"area_fraction": round(fraction, 3), "fill": round(fill, 3), "contrast": round(contrast, 1)}
    if sided is not None:
        evidence["sides_fitted"] = True
    return fraction * fill, quad, evidence


def _paper_shaped(quad: np.ndarray) -> bool:
    """Whether a quad's sides keep roughly the ratio of a sheet of paper: letter 1.29 to legal 1.65 (A4
    1.41, F4 1.53), widened for perspective (a tilted camera shortens one side) and corner errors. A part
    of a page (the lit part beside a shadow's edge, a leaf of a fold) seldom keeps it."""
    q = order_corners(quad)
    sides = [float(np.hypot(*(q[(i + 1) % 4] - q[i]))) for i in range(4)]
    across, down = sides[0] + sides[2], sides[1] + sides[3]
    return PAPER_RATIO[0] <= max(across, down) / max(1e-6, min(across, down)) <= PAPER_RATIO[1]


def _inner_sheet(small: np.ndarray, grey: np.ndarray, joined: np.ndarray, whole: list[np.ndarray]
                 ) -> tuple[float, np.ndarray, np.ndarray, bool, dict] | None:
    """The page inside a bright region that runs off the photo (a second sheet or the desk joined it):
    (score, quad, contour, parted, its evidence) of the best whole sheet lying inside the region and off the photo's
    border, or None. Candidates are the regions of the sheet masks that stay inside the photo (``whole``:
    the edge mask can join the sheet with a grainy desk while the brightness masks find it alone) and the
    paper parted by edges (``parted``: the upper sheet's edge divides it from the one beneath). A sheet
    that was folded and opened again is parted by its crease too: neighbouring pieces are joined (a
    closing as wide as the crease line) when together they outline a sheet better than either alone.
    Every candidate must be paper-shaped; a whole or joined one must fill its quad nearly wholly (a
    region of the masks that holds the page and a piece of the sheet beneath does not); a parted one
    must be most of the joined region."""
    region = np.zeros_like(grey)
    cv2.drawContours(region, [joined], -1, 255, thickness=cv2.FILLED)
    region = cv2.dilate(region, np.ones((5, 5), np.uint8))
    joined_area = cv2.contourArea(joined)

    def inside(contour: np.ndarray) -> bool:
        pts = contour.reshape(-1, 2)
        return bool(region[pts[:, 1], pts[:, 0]].mean() >= 0.95 * 255)

    best: tuple[float, np.ndarray, np.ndarray, bool, dict] | None = None

    def consider(contour: np.ndarray, parted: bool, least_fill: float = 0.0) -> None:
        nonlocal best
        found = _candidate(contour, grey)
        if found is None or found[2]["contrast"] < 25 or _runs_off(contour, grey.shape) or not inside(contour):
            return
        if found[2]["fill"] < least_fill or not _paper_shaped(found[1]):
            return
        if parted and cv2.contourArea(contour) < 0.5 * joined_area:
            return  # the sheet beneath shows at the edge: the page is most of what joined them
        if best is None or found[0] > best[0]:
            best = (found[0], found[1], contour, parted, found[2])

    for contour in whole:
        consider(contour, False, CLEAN_FILL)
    contours, _ = cv2.findContours(_edge_split_mask(small), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    pieces = [c for c in sorted(contours, key=cv2.contourArea, reverse=True)[:6]
              if cv2.contourArea(c) >= 0.02 * grey.size and not _runs_off(c, grey.shape) and inside(c)]
    for contour in pieces:
        consider(contour, True)
    # pieces joined: the largest with each further piece in turn (a crease parts a sheet in two, folds
    # in quarters or thirds in more), kept while the joined outline scores higher and fills its quad
    # nearly wholly (the halves of one sheet make a clean quad; a piece of the sheet beneath, reached
    # where the upper sheet's edge is faint, juts out of it)
    if len(pieces) >= 2:
        union = np.zeros_like(grey)
        cv2.drawContours(union, pieces[:1], -1, 255, thickness=cv2.FILLED)
        close = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
        for piece in pieces[1:]:
            trial = union.copy()
            cv2.drawContours(trial, [piece], -1, 255, thickness=cv2.FILLED)
            trial = cv2.morphologyEx(trial, cv2.MORPH_CLOSE, close)
            merged, _ = cv2.findContours(trial, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
            if len(merged) != 1:
                continue
            before = best
            consider(merged[0], True, CLEAN_FILL)
            if best is not before:
                union = trial
    return best


def _edge_rays(notch: np.ndarray, region: np.ndarray, grey: np.ndarray, reach: float
               ) -> list[tuple[np.ndarray, float]]:
    """The straight edges that may leave a notch of a region's outline across the region: [(unit
    direction, its step over the paper's brightness)] for the rays, one degree apart, that run ``reach``
    pixels from the notch with the region on both sides (not the outline itself) and across which the
    light steps or dips by ``EDGE_STEP`` of the paper's brightness, the ``RAY_PEAKS`` strongest that are
    the strongest within three degrees. Medians along
    the ray: print it crosses does not count, the other sheet's shade or the upper sheet's shadow line
    does."""
    h, w = region.shape[:2]
    t = np.arange(2.0, reach, 1.0)
    angles = np.deg2rad(np.arange(0.0, 360.0, 1.0))
    ux, uy = np.cos(angles)[:, None, None], np.sin(angles)[:, None, None]
    offsets = np.arange(-3.0, 4.0)[None, :, None]
    xs = np.round(notch[0] + ux * t[None, None, :] - uy * offsets).astype(int)
    ys = np.round(notch[1] + uy * t[None, None, :] + ux * offsets).astype(int)
    within = ((xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)).all(axis=(1, 2))
    xs, ys = np.clip(xs, 0, w - 1), np.clip(ys, 0, h - 1)
    inside = within & (region[ys[:, [0, -1], :], xs[:, [0, -1], :]] > 0).all(axis=(1, 2))
    if not inside.any():
        return []
    profile = np.median(grey[ys, xs].astype(np.float32), axis=2)  # (angles, offsets)
    step = np.abs(profile[:, 5:].mean(axis=1) - profile[:, :2].mean(axis=1))
    dip = profile[:, [0, 1, 5, 6]].mean(axis=1) - profile[:, 2:5].min(axis=1)
    paper = max(1.0, float(np.median(grey[region > 0])))
    share = np.where(inside, np.maximum(step, dip), 0.0) / paper
    peaks = [i for i in np.argsort(-share)[:RAY_PEAKS * 7]
             if share[i] >= EDGE_STEP and share[i] >= share[[(i + d) % len(share) for d in range(-3, 4)]].max()]
    return [(np.array([ux[i, 0, 0], uy[i, 0, 0]]), float(share[i])) for i in peaks[:RAY_PEAKS]]


def _fit_edge(notch: np.ndarray, along: np.ndarray, region: np.ndarray, grey: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """The edge a ray from ``notch`` found, fitted: every two pixels along the ray, as far as the region
    holds both its sides, the place of the steepest change of the light within six pixels across it; a
    line fitted to those places (robust to print), first on the part of the ray nearest the notch (a
    ray one degree off drifts from the edge farther on), then again along that line over its whole
    length. Returns (a point, unit direction); the ray itself when too few places are found."""
    h, w = region.shape[:2]
    offsets = np.arange(-6.0, 7.0)
    origin, direction = notch.astype(np.float64), along.astype(np.float64)
    for share in (0.4, 1.0):
        normal = np.array([-direction[1], direction[0]])
        t = np.arange(2.0, float(max(h, w)), 2.0)
        xs = np.round(origin[0] + direction[0] * t[:, None] + normal[0] * offsets[None, :]).astype(int)
        ys = np.round(origin[1] + direction[1] * t[:, None] + normal[1] * offsets[None, :]).astype(int)
        ok = ((xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)).all(axis=1)
        xs, ys = np.clip(xs, 0, w - 1), np.clip(ys, 0, h - 1)
        ok &= (region[ys[:, 0], xs[:, 0]] > 0) & (region[ys[:, -1], xs[:, -1]] > 0)
        stop = int(np.argmin(ok)) if not ok.all() else len(ok)
        stop = int(stop * share)
        if stop < 10:
            break
        change = np.abs(np.diff(grey[ys[:stop], xs[:stop]].astype(np.float32), axis=1))
        place = offsets[:-1][np.argmax(change, axis=1)] + 0.5
        points = origin + direction * t[:stop, None] + normal * place[:, None]
        vx, vy, x0, y0 = cv2.fitLine(points.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        fitted = np.array([vx, vy], dtype=np.float64)
        fitted = fitted if fitted @ direction >= 0 else -fitted
        # the fitted line, started again level with the notch
        origin = np.array([x0, y0], dtype=np.float64) + fitted * float((notch - np.array([x0, y0])) @ fitted)
        direction = fitted
    return origin, direction


def _cut_side(quad: np.ndarray, origin: np.ndarray, along: np.ndarray) -> tuple[np.ndarray, int]:
    """``quad``'s corners in order and the index of the side made by the cut: the corner it starts at, the
    side whose middle lies nearest the cut line through ``origin`` running ``along``."""
    q = order_corners(quad)
    normal = np.array([-along[1], along[0]])
    dist = [abs(float(((q[i] + q[(i + 1) % 4]) / 2 - origin) @ normal)) for i in range(4)]
    return q, int(np.argmin(dist))


def _edge_along(quad: np.ndarray, origin: np.ndarray, along: np.ndarray, grey: np.ndarray, paper: float) -> float:
    """The share of the cut side of ``quad`` (the side nearest the cut line through ``origin``) along
    which the light steps or dips across the line by ``EDGE_STEP`` of the paper's brightness, sampled
    every two pixels. The upper sheet's edge runs the whole side; a line that followed an edge for a
    while and then runs on across a sheet's body does not."""
    q, i = _cut_side(quad, origin, along)
    normal = np.array([-along[1], along[0]])
    a, b = q[i].astype(np.float64), q[(i + 1) % 4].astype(np.float64)
    length = float(np.hypot(*(b - a)))
    if length < 10:
        return 0.0
    t = np.arange(0.05 * length, 0.95 * length, 2.0)
    base = a + (b - a) / length * t[:, None]
    base = origin + along * ((base - origin) @ along)[:, None]  # on the cut line itself
    h, w = grey.shape[:2]

    def level(offset: float) -> np.ndarray:
        pts = np.round(base + normal * offset).astype(int)
        return grey[np.clip(pts[:, 1], 0, h - 1), np.clip(pts[:, 0], 0, w - 1)].astype(np.float32)

    near = [level(o) for o in (-4.0, -3.0, -1.0, 0.0, 1.0, 3.0, 4.0)]
    step = np.abs((near[5] + near[6]) / 2 - (near[0] + near[1]) / 2)
    dip = (near[0] + near[1] + near[5] + near[6]) / 4 - np.minimum(np.minimum(near[2], near[3]), near[4])
    return float((np.maximum(step, dip) >= EDGE_STEP * paper).mean())


def _touches_border(contour: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether any of a region's outline lies on the photo's border (a page cut from a second sheet lies
    wholly inside the photo; a sliver of the other sheet kept with it reaches the border)."""
    pts = contour.reshape(-1, 2)
    h, w = shape[:2]
    return bool(((pts[:, 0] <= 1) | (pts[:, 1] <= 1) | (pts[:, 0] >= w - 2) | (pts[:, 1] >= h - 2)).any())


def _cut_side_square(quad: np.ndarray, notch: np.ndarray, along: np.ndarray) -> bool:
    """Whether the side of ``quad`` made by the cut (the one nearest the cut line) runs within
    ``CUT_PARALLEL`` degrees of the opposite side, as a sheet's top and bottom edges do under a
    photo's perspective; a cut across the other sheet at a slant is no sheet's edge."""
    q, i = _cut_side(quad, notch, along)
    a, b = q[(i + 1) % 4] - q[i], q[(i + 3) % 4] - q[(i + 2) % 4]
    cos = abs(float(a @ b)) / max(1e-6, float(np.hypot(*a) * np.hypot(*b)))
    return bool(np.degrees(np.arccos(min(1.0, cos))) <= CUT_PARALLEL)


def _trim_jut(piece: np.ndarray, region: np.ndarray, k: int) -> np.ndarray:
    """``piece`` without what juts out past one of its sides at a notch of its outline: the cut along the
    upper sheet's edge keeps the part of the other sheet that lies below the edge's line beside the page,
    and where it meets the page's side the outline turns inward. There the outline on one side of the
    notch runs straight on (the page's side, ``JUT_RUN`` of the outline's length); the piece is cut along
    that straight run's line and keeps the side holding most of it (the page), when what is cut off is
    under ``JUT_SHARE`` of it."""
    hull = cv2.convexHull(piece, returnPoints=False)
    try:
        defects = cv2.convexityDefects(piece, hull) if hull is not None and len(hull) >= 4 else None
    except cv2.error:
        defects = None
    if defects is None:
        return piece
    pts = piece.reshape(-1, 2).astype(np.float32)
    n = len(pts)
    run = max(10, int(JUT_RUN * n))
    area = cv2.contourArea(piece)
    h, w = region.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    for _, _, f, depth in defects.reshape(-1, 4):
        if depth / 256.0 < k / 2:
            continue
        best: tuple[float, np.ndarray, np.ndarray] | None = None
        # the side's run taken from the notch on, every point within 1.5 px of its line; where the mask
        # rounded the notch (its closing fills a concave corner over about a kernel) and noise left the
        # side ragged, taken from a kernel past the notch, nine in ten of its points within 1.5 px
        for skip, share in ((2, 100), (k, 90)):
            for idx in (np.arange(f + skip, f + skip + run) % n, np.arange(f - skip - run, f - skip) % n):
                side = pts[idx]
                vx, vy, x0, y0 = cv2.fitLine(side, cv2.DIST_L2, 0, 0.01, 0.01).ravel()
                spread = float(np.percentile(np.abs((side[:, 0] - x0) * vy - (side[:, 1] - y0) * vx), share))
                if spread <= 1.5 and (best is None or spread < best[0]):
                    best = (spread, np.array([x0, y0]), np.array([vx, vy]))
            if best is not None:
                break
        if best is None:
            continue
        _, origin, along = best
        offset = (xx - origin[0]) * -along[1] + (yy - origin[1]) * along[0]
        inner = np.zeros_like(region)
        cv2.drawContours(inner, [piece], -1, 255, thickness=cv2.FILLED)
        for sign in (1.0, -1.0):
            kept = np.where(sign * offset > -1.0, inner, 0).astype(np.uint8)
            contours, _ = cv2.findContours(kept, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
            if not contours:
                continue
            trimmed = max(contours, key=cv2.contourArea)
            if (1.0 - JUT_SHARE) * area <= cv2.contourArea(trimmed) < area - 4 * k * k:
                return _trim_jut(trimmed, region, k)
    return piece


def _cut_sheet(grey: np.ndarray, joined: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, dict] | None:
    """The page cut from a bright region that runs off the photo where a second sheet lies against it
    and no edge parts them whole (score, quad, contour, evidence), or None. Where the upper sheet's edge
    meets the other sheet's side the region's outline turns inward (a convexity defect, a notch), and
    the edge runs on from the notch as a straight line across the region (``_edge_rays``). The region is
    cut along that line, and the side that stays inside the photo is the page when it is a clean,
    paper-shaped sheet (``CLEAN_FILL``) holding most of the region. A crease across a sheet that runs
    off the photo leaves its outline straight (no notch), so a folded page is not cut at its crease."""
    hull = cv2.convexHull(joined, returnPoints=False)
    if hull is None or len(hull) < 4:
        return None
    try:
        defects = cv2.convexityDefects(joined, hull)
    except cv2.error:  # a self-touching outline
        return None
    if defects is None:
        return None
    k = max(3, (min(grey.shape[:2]) // 60) | 1)
    notches = [joined[f][0].astype(np.float64) for _, _, f, depth in defects.reshape(-1, 4) if depth / 256.0 >= k / 2]
    if not notches:
        return None
    region = np.zeros_like(grey)
    cv2.drawContours(region, [joined], -1, 255, thickness=cv2.FILLED)
    smooth = cv2.GaussianBlur(grey, (3, 3), 0)
    joined_area = cv2.contourArea(joined)
    paper = max(1.0, float(np.median(smooth[region > 0])))
    h, w = grey.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    best: tuple[float, np.ndarray, np.ndarray, dict] | None = None
    cuts: list[np.ndarray] = []
    for notch in notches:
        for ray, share in _edge_rays(notch, region, smooth, EDGE_REACH * min(h, w)):
            origin, along = _fit_edge(notch, ray, region, smooth)
            side = (xx - origin[0]) * -along[1] + (yy - origin[1]) * along[0]
            for sign in (1.0, -1.0):
                part = np.where(sign * side > 1.0, region, 0).astype(np.uint8)
                contours, _ = cv2.findContours(part, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
                if not contours:
                    continue
                piece = _trim_jut(max(contours, key=cv2.contourArea), region, k)
                if cv2.contourArea(piece) < 0.5 * joined_area or _touches_border(piece, grey.shape):
                    continue
                found = _candidate(piece, grey)
                if found is None or found[2]["contrast"] < 25 or found[2]["fill"] < CLEAN_FILL \
                        or not _paper_shaped(found[1]) or not _cut_side_square(found[1], origin, along):
                    continue
                if _edge_along(found[1], origin, along, smooth, paper) < CUT_ALONG:
                    continue
                cuts.append(found[1])
                if best is None or found[0] > best[0]:
                    best = (found[0], found[1], piece, {**found[2], "cut_edge": round(share, 2)})
    if best is not None:
        # other pages the cut path found (along other lines: a line of the other sheet's print, say)
        best[3]["cut_rivals"] = sum(_overlap(quad, best[1], grey.shape) < SAME_SHEET for quad in cuts)
    return best


def _grown_sheet(found: tuple[float, np.ndarray, dict], lit: tuple[float, np.ndarray, dict],
                 grey: np.ndarray, growth: float) -> bool:
    """Whether a sheet found whole across a shadow holds the lit part the brightness masks found
    (``SHADE_COVER`` of its quad) and is larger by ``growth``."""
    if found[2]["area_fraction"] < growth * lit[2]["area_fraction"]:
        return False
    lit_area = np.zeros_like(grey)
    cv2.fillConvexPoly(lit_area, lit[1].astype(np.int32), 255)
    area = np.zeros_like(grey)
    cv2.fillConvexPoly(area, found[1].astype(np.int32), 255)
    return cv2.countNonZero(cv2.bitwise_and(area, lit_area)) >= SHADE_COVER * cv2.countNonZero(lit_area)


def _whole_sheet_in(mask: np.ndarray, grey: np.ndarray, lit: tuple[float, np.ndarray, dict], growth: float
                    ) -> tuple[float, np.ndarray, np.ndarray, dict] | None:
    """The first of a mask's three largest regions that is a clean, paper-shaped sheet inside the
    photo and holds and outgrows the lit part (``_grown_sheet``), or None."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        found = _candidate(contour, grey)
        if found is None or found[2]["contrast"] < 25 or found[2]["fill"] < CLEAN_FILL \
                or _runs_off(contour, grey.shape) or not _paper_shaped(found[1]):
            continue
        if _grown_sheet(found, lit, grey, growth):
            return found[0], found[1], contour, found[2]
    return None


def _shaded_sheet(small: np.ndarray, grey: np.ndarray, whole: list[np.ndarray]
                  ) -> tuple[float, np.ndarray, np.ndarray, dict] | None:
    """The whole sheet where a hard shadow parts it (score, quad, contour, evidence), or None. The
    brightness masks find only the lit part, or the shaded part joined with the desk; the colour mask
    (``_unsaturated_mask``) finds the sheet whole. Taken only when its region stays inside the photo,
    fills its quad (``CLEAN_FILL``), is paper-shaped, holds the best sheet the brightness masks found
    inside the photo (``SHADE_COVER`` of its quad) and is clearly larger (``SHADE_GROWTH``): a sheet
    the brightness masks found whole is left as they found it."""
    scored = [found for c in whole if (found := _candidate(c, grey)) is not None]
    unsaturated = _unsaturated_mask(small) if scored else None
    if unsaturated is None:
        return None
    return _whole_sheet_in(unsaturated, grey, max(scored, key=lambda item: item[0]), SHADE_GROWTH)


def _overlap(a: np.ndarray, b: np.ndarray, shape: tuple[int, ...]) -> float:
    """Intersection over union of two quads."""
    area_a, area_b = np.zeros(shape[:2], np.uint8), np.zeros(shape[:2], np.uint8)
    cv2.fillConvexPoly(area_a, a.astype(np.int32), 255)
    cv2.fillConvexPoly(area_b, b.astype(np.int32), 255)
    union = cv2.countNonZero(cv2.bitwise_or(area_a, area_b))
    return cv2.countNonZero(cv2.bitwise_and(area_a, area_b)) / max(1, union)


def _shadow_edges(grey: np.ndarray) -> list[tuple[np.ndarray, float, float]]:
    """Straight edges across the photo where the light steps down, as a hard shadow's edge does (the
    shadow of a phone, a hand or a shelf): (unit normal pointing into the shade, the line's offset
    along it, the shaded side's brightness over the lit side's). Measured on the brightness without
    print (a closing wider than a stroke); a line counts when one side is darker by ``SHADOW_STEP``
    or more along ``SHADOW_SPAN`` of its run across the photo, always the same side. A sheet's own edge
    passes too (the desk is darker); ``_relit_sheet`` tells them apart."""
    k = max(3, (min(grey.shape[:2]) // 60) | 1)
    base = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    base = cv2.GaussianBlur(base, (k, k), 0)
    h, w = grey.shape[:2]
    edges = cv2.dilate(cv2.Canny(base, 15, 45), np.ones((3, 3), np.uint8))  # a soft edge wavers by a pixel
    segments = cv2.HoughLinesP(edges, 2, np.pi / 360, 80, minLineLength=0.25 * min(h, w), maxLineGap=10)
    if segments is None:
        return []
    level = base.astype(np.float32) + 1.0
    seen: list[tuple[np.ndarray, float]] = []
    found: list[tuple[np.ndarray, float, float]] = []
    for x1, y1, x2, y2 in sorted(segments.reshape(-1, 4), key=lambda s: -np.hypot(s[2] - s[0], s[3] - s[1])):
        along = np.array([x2 - x1, y2 - y1], np.float64)
        along /= max(1e-6, float(np.hypot(*along)))
        normal = np.array([-along[1], along[0]])
        offset = float(normal @ np.array([x1, y1], np.float64))
        if any(abs(float(normal @ n)) > 0.995 and abs(abs(o) - abs(offset)) < 2 * k for n, o in seen):
            continue  # the same line again
        seen.append((normal, offset))
        if len(seen) > SHADOW_LINES:
            break
        t = np.arange(-max(h, w) * 1.5, max(h, w) * 1.5, 3.0)
        points = np.array([x1, y1], np.float64) + t[:, None] * along
        a_side, b_side = points + 1.5 * k * normal, points - 1.5 * k * normal
        keep = np.all((a_side >= 0) & (a_side < [w, h]) & (b_side >= 0) & (b_side < [w, h]), axis=1)
        if keep.sum() < 20:
            continue
        a = level[a_side[keep, 1].astype(int), a_side[keep, 0].astype(int)]
        b = level[b_side[keep, 1].astype(int), b_side[keep, 0].astype(int)]
        ratio = np.minimum(a, b) / np.maximum(a, b)
        a_dark = (ratio < SHADOW_STEP) & (a < b)
        b_dark = (ratio < SHADOW_STEP) & (b < a)
        dark, sign = (a_dark, 1.0) if a_dark.sum() >= b_dark.sum() else (b_dark, -1.0)
        if dark.mean() < SHADOW_SPAN:
            continue
        step = float(np.median(ratio[dark]))
        # a shadow darkens desk and paper alike: the same step all along (a grainy desk's stripes
        # step up and down by chance, a sheet's own edge steps only where the sheet is); where the
        # shadow's edge runs close beside the sheet's own edge, desk and paper lie on its two sides
        # and that stretch steps deeper (the shadow's step times the paper's contrast to the desk)
        if (dark & (np.abs(ratio - step) <= SHADOW_SPREAD)).mean() < SHADOW_SAME:
            continue
        found.append((sign * normal, sign * offset, step))
    return found


def _relit_photos(small: np.ndarray, grey: np.ndarray
                  ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, float, float]]:
    """The photo ``small`` (and its grey) with the shaded side of each straight edge where the light steps down
    (``_shadow_edges``) lit again by the measured step; with the edge (normal, offset) and the step."""
    h, w = grey.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    for normal, offset, step in _shadow_edges(grey):
        shade = (normal[0] * xx + normal[1] * yy) > offset
        relit = small.astype(np.float32)
        relit[shade] /= step
        relit_u8 = np.clip(relit, 0, 255).astype(np.uint8)
        yield relit_u8, to_grey(relit_u8), normal, offset, step


def _relit_sheet(small: np.ndarray, grey: np.ndarray, lit_parts: list[np.ndarray]
                 ) -> tuple[float, np.ndarray, np.ndarray, dict] | None:
    """The whole sheet under a hard shadow on a neutral desk, where the colour mask cannot part desk
    and paper (score, quad, contour, evidence), or None. For each straight edge where the light steps
    down (``_shadow_edges``), the shaded side is lit again by the measured step and the brightness masks
    look once more: a shadow's edge crosses desk and sheet alike, so lit again the sheet is whole and
    the desk stays desk; a sheet's own edge lit again joins the desk to it, and that region runs off or
    is no clean paper-shaped sheet. Taken on the terms of ``_shaded_sheet`` (inside the photo, clean,
    paper-shaped, holding and outgrowing (``RELIT_GROWTH``) the best sheet the brightness masks found
    inside the photo, ``lit_parts``) and then replaces whatever sheet was found."""
    scored = [(found, c) for c in lit_parts if (found := _candidate(c, grey)) is not None]
    if not scored:
        return None
    found_lit, contour_lit = max(scored, key=lambda item: item[0][0])
    # the lit part's own outline, not its quad: cut by the shadow's edge it is no quad, and the quad's
    # restored corner may lie off the sheet
    lit = (found_lit[0], cv2.convexHull(contour_lit).reshape(-1, 2).astype(np.float32), found_lit[2])
    best: tuple[float, np.ndarray, np.ndarray, dict] | None = None
    for relit_u8, relit_grey, _, _, step in _relit_photos(small, grey):
        for mask in _brightness_masks(relit_u8):
            sheet = _whole_sheet_in(mask, relit_grey, lit, RELIT_GROWTH)
            if sheet is not None and (best is None or sheet[0] > best[0]):
                best = (sheet[0], sheet[1], sheet[2], {**sheet[3], "shadow_step": round(step, 2)})
    return best


def _masked_sheets(small: np.ndarray, grey: np.ndarray, masks: list[np.ndarray]
                   ) -> tuple[tuple[float, np.ndarray, np.ndarray] | None, dict, list[np.ndarray], list[np.ndarray]]:
    """What the sheet masks (``_sheet_masks``, or the first of them) find: the best candidate region
    (score, quad, contour) and its evidence, the candidate regions that stay inside the photo
    (``whole``) and those of them the brightness masks found (``lit``)."""
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    evidence: dict = {"candidates": 0}
    whole: list[np.ndarray] = []
    lit: list[np.ndarray] = []
    for index, mask in enumerate(masks):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
            found = _candidate(contour, grey)
            if found is None:
                continue
            evidence["candidates"] += 1
            if found[2]["contrast"] < 25:
                continue
            if not _runs_off(contour, grey.shape):
                whole.append(contour)
                if index < 2:
                    lit.append(contour)
            if best is None or found[0] > best[0]:
                best = (found[0], found[1], contour)
                evidence.pop("sides_fitted", None)
                evidence.update(found[2])
    return best, evidence, whole, lit


def _sheet_within(small: np.ndarray, grey: np.ndarray, joined: np.ndarray, whole: list[np.ndarray]
                  ) -> tuple[float, np.ndarray, np.ndarray, dict] | None:
    """The page within a bright region that runs off the photo (perhaps a second sheet at the edge, or
    a desk whose edges the edge mask filled, joined the one photographed): a whole sheet inside it
    (``_inner_sheet``), else the page cut from it (``_cut_sheet``); (score, quad, contour, evidence with
    the path's flag) or None."""
    inner = _inner_sheet(small, grey, joined, whole)
    if inner is not None and _loose(inner[4]):
        # the sheet inside leaves out part of its region (its outline follows the other sheet where no side
        # of the page was found along it): the page cut along the upper sheet's edge is taken instead when
        # the cut path finds one page only (no rival cut along another line) and it is another sheet
        cut = _page_cut(grey, joined)
        if cut is not None and not cut[3]["cut_rivals"] and _overlap(cut[1], inner[1], grey.shape) < SAME_SHEET:
            return cut
    if inner is not None:
        return inner[0], inner[1], inner[2], {**inner[4], ("second_sheet" if inner[3] else "sheet_inside"): True}
    return _page_cut(grey, joined)


def _loose(evidence: dict) -> bool:
    """Whether a candidate's quad leaves out ``QUAD_SHORT`` of its region and was not fitted to the region's
    own sides (``_sided_quad``)."""
    return evidence["fill"] > QUAD_SHORT and not evidence.get("sides_fitted")


def _page_cut(grey: np.ndarray, joined: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, dict] | None:
    """The page cut from ``joined`` along the upper sheet's edge (``_cut_sheet``), its evidence flagged, or None."""
    cut = _cut_sheet(grey, joined)
    return None if cut is None else (cut[0], cut[1], cut[2], {**cut[3], "sheet_cut": True})


def _corner_beyond(quad: np.ndarray, contour: np.ndarray) -> bool:
    """Whether a corner of ``quad`` lies well outside the region's outline (a corner restored)."""
    hull = cv2.convexHull(contour)
    reach = max(3.0, 0.01 * float(max(np.ptp(quad, axis=0))))
    return any(cv2.pointPolygonTest(hull, (float(x), float(y)), True) < -reach for x, y in quad.reshape(-1, 2))


def _crosses(quad: np.ndarray, normal: np.ndarray, offset: float) -> bool:
    """Whether the line ``normal @ p == offset`` runs across ``quad`` (corners on both of its sides)."""
    sides = quad.reshape(-1, 2).astype(np.float64) @ normal - offset
    return bool(sides.max() > 0 > sides.min())


def _inside(quad: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether every corner of ``quad`` lies inside the photo."""
    h, w = shape[:2]
    q = quad.reshape(-1, 2)
    return bool(((q[:, 0] >= 0) & (q[:, 0] <= w - 1) & (q[:, 1] >= 0) & (q[:, 1] <= h - 1)).all())


def _outgrows(quad: np.ndarray, part: np.ndarray, grey: np.ndarray) -> bool:
    """Whether a sheet's ``quad`` holds the region ``part`` (``SHADE_COVER`` of its convex outline: cut by
    a shadow's edge the part is no quad) and is larger by ``RELIT_GROWTH``."""
    hull = cv2.convexHull(part).reshape(-1, 2).astype(np.int32)
    part_area, area = np.zeros_like(grey), np.zeros_like(grey)
    cv2.fillConvexPoly(part_area, hull, 255)
    cv2.fillConvexPoly(area, quad.astype(np.int32), 255)
    held = cv2.countNonZero(cv2.bitwise_and(area, part_area))
    return held >= SHADE_COVER * cv2.countNonZero(part_area) and \
        cv2.countNonZero(area) >= RELIT_GROWTH * cv2.countNonZero(part_area)


def _crossed_sheet(small: np.ndarray, grey: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, dict] | None:
    """The whole sheet where a hard shadow's edge crosses desk and sheet alike and the brightness masks
    part the photo at the shadow's edge instead of the sheet's: lit paper and lit desk make one region
    that runs off the photo, with no lit part of the sheet alone (``_relit_sheet`` starts from one) and
    no sheet inside it. For each straight edge where the light steps down (``_shadow_edges``), the
    shade is lit again by the measured step and the sheet is looked for again as on the photo itself:
    a clean (``CLEAN_FILL``), paper-shaped region of the brightness masks that stays inside the photo
    (not the edge mask: where the step was not met to the pixel, the shadow's edge is still an edge), else
    the page within the region that runs off (``_sheet_within``: a second sheet or the desk beside it).
    Taken only when the sheet found lies wholly inside the photo (its outline off the border, its corners
    inside) and the shadow's edge runs across it (lighting the shade again is what joined its two
    parts); (score, quad, contour, evidence) of the best, or None. A sheet's own edge taken for a
    shadow's joins the desk to the sheet when lit again: that region reaches the photo's border."""
    best: tuple[float, np.ndarray, np.ndarray, dict] | None = None
    for relit_u8, relit_grey, normal, offset, step in _relit_photos(small, grey):
        found, evidence, whole, _ = _masked_sheets(relit_u8, relit_grey, _brightness_masks(relit_u8))
        if found is None:
            continue
        sheet: tuple[float, np.ndarray, np.ndarray, dict] | None = None
        if not _runs_off(found[2], grey.shape):
            if evidence["fill"] >= CLEAN_FILL and _paper_shaped(found[1]):
                sheet = (found[0], found[1], found[2], {k: evidence[k] for k in ("area_fraction", "fill", "contrast")})
        else:
            sheet = _sheet_within(relit_u8, relit_grey, found[2], whole)
        if sheet is None or _touches_border(sheet[2], grey.shape) or not _inside(sheet[1], grey.shape) \
                or not _crosses(sheet[1], normal, offset):
            continue
        if best is None or sheet[0] > best[0]:
            best = (sheet[0], sheet[1], sheet[2], {**sheet[3], "shadow_step": round(step, 2)})
    return best


def _taken(found: tuple, evidence: dict, flag: str | None = None) -> tuple:
    """A sheet one of the finders found (its first three items, as ``_masked_sheets`` gives the best), its
    evidence recorded in ``evidence``, with ``flag`` set when given."""
    evidence.update(found[3])
    if flag:
        evidence[flag] = True
    return found[:3]


def detect_sheet(image: np.ndarray) -> tuple[np.ndarray | None, dict]:
    """Corners (full-resolution, TL/TR/BR/BL) of the paper sheet in a photo, or None for a
    flat scan; plus the evidence used. A sheet counts only if it is a convex quad covering
    15–92 % of the image, filled by its outline, and clearly brighter than its surroundings.
    A sheet with one corner folded over or torn off gets that corner back where its two sides
    meet (``corner_restored``; ``outline`` then holds the sheet's own outline, full resolution)."""
    small, scale = shrink(image, WORK_SIDE)
    grey = to_grey(small)
    best, evidence, whole, lit = _masked_sheets(small, grey, _sheet_masks(small))
    shaded = _shaded_sheet(small, grey, whole)
    relit = _relit_sheet(small, grey, lit) if shaded is None else None
    if relit is not None and best is not None and _overlap(relit[1], best[1], grey.shape) >= SAME_SHEET:
        relit = None  # another mask found this sheet already: its outline stands
    if shaded is not None:
        best = _taken(shaded, evidence, "shade_joined")
    elif relit is not None:
        best = _taken(relit, evidence, "shadow_relit")
    elif best is not None:
        # the bright region runs off the photo: a whole sheet inside it, or cut from it, is the page
        within = _sheet_within(small, grey, best[2], whole) if _runs_off(best[2], grey.shape) else None
        if within is None and _touches_border(best[2], grey.shape):
            # the region stays inside the photo but reaches its border: perhaps a second sheet that lies off
            # the photo joined the page at its edge (its piece makes the region's quad a chord across the
            # page or reach past it); the page is cut from it along the upper sheet's edge where there is one
            within = _page_cut(grey, best[2])
        elif within is None and _corner_beyond(best[1], best[2]):
            # wholly inside the photo, its quad has a corner restored well outside its outline: a fold, or a
            # second sheet beside the page whose outline and the page's made a pentagon; cut only where the cut
            # path finds one page (no rival cut along another line)
            cut = _page_cut(grey, best[2])
            within = cut if cut is not None and not cut[3]["cut_rivals"] else None
        found = within[2] if within is not None else best[2]
        # a hard shadow's edge may have parted the photo: lit paper joined with lit desk (a region that
        # runs off, nothing found inside it), or only the sheet's lit part found; lit again, the whole
        # sheet is taken
        crossed = _crossed_sheet(small, grey)
        if crossed is not None and (_runs_off(found, grey.shape) or _outgrows(crossed[1], found, grey)):
            best = _taken(crossed, evidence, "shadow_crossed")
        elif within is not None:
            best = _taken(within, evidence)
    if best is None:
        return None, evidence
    corners = _refine_corners(best[2], best[1]) / scale
    outline = cv2.convexHull(best[2]).reshape(-1, 2).astype(np.float32) / scale
    # a corner of the quad that lies well outside the sheet's own outline was restored (a fold)
    reach = max(3.0, 0.01 * float(max(np.ptp(corners, axis=0))))
    restored = [bool(cv2.pointPolygonTest(outline.reshape(-1, 1, 2), (float(x), float(y)), True) < -reach)
                for x, y in corners]
    evidence["corner_restored"] = any(restored)
    if evidence["corner_restored"]:
        evidence["outline"] = [[round(float(x), 1), round(float(y), 1)] for x, y in outline]
    return order_corners(corners), evidence


def _paper_outside(flat: np.ndarray, outline: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``flat`` with what lies outside the sheet's own outline (the desk where a corner was folded
    over or torn off) painted in the paper's colour, so later stages see paper, not table grain."""
    h, w = flat.shape[:2]
    warped = cv2.perspectiveTransform(outline.reshape(-1, 1, 2).astype(np.float32), matrix)
    inside = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(inside, np.round(warped).astype(np.int32), 255)
    inside = cv2.erode(inside, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    if not inside.any() or inside.all():
        return flat
    paper = np.median(flat[inside > 0].reshape(-1, flat.shape[2]) if flat.ndim == 3 else flat[inside > 0], axis=0)
    out = flat.copy()
    out[inside == 0] = paper.astype(flat.dtype)
    return out


def find_sheet(page: Page) -> Page:
    """Find the paper in a photo and warp it flat (perspective transform); leave flat
    scans alone. The decision rests on evidence (quad size, fill and contrast against
    the surroundings), not on the file type."""
    started = time.perf_counter()
    corners, evidence = detect_sheet(page.image)
    outline = np.array(evidence.pop("outline", []), dtype=np.float32)
    if corners is None:
        return page.evolve(StageRecord("find_sheet", elapsed_ms(started), {"flattened": False, **evidence}))
    tl, tr, br, bl = corners
    width = int(round(max(np.hypot(*(tr - tl)), np.hypot(*(br - bl)))))
    height = int(round(max(np.hypot(*(bl - tl)), np.hypot(*(br - tr)))))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(page.image, matrix, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
    if len(outline) >= 3:
        flat = _paper_outside(flat, outline, matrix)
    dpi = int(np.clip(round(min(width, height) / A4_WIDTH_INCH), 100, 600))
    details = {"flattened": True, "corners": [[round(float(x), 1), round(float(y), 1)] for x, y in corners],
               "size": [width, height], **evidence}
    return page.evolve(StageRecord("find_sheet", elapsed_ms(started), details), image=flat, flattened=True, dpi=dpi)
