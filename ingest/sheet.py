"""Finding the paper sheet in a photo and flattening it (perspective transform).

A photo of a letter on a table: the sheet is the largest bright, convex, four-cornered
region clearly brighter than its surroundings. Flat scans (the paper fills the image)
are left alone. Corners are refined to sub-pixel accuracy by fitting lines to the sides.
"""
from __future__ import annotations

import time

import cv2
import numpy as np

from .model import Page, StageRecord, elapsed_ms
from .raster import shrink, to_grey

A4_WIDTH_INCH = 8.27
WORK_SIDE = 1000  # long side of the analysis copy


def order_corners(points: np.ndarray) -> np.ndarray:
    """Four points as float32 in the order top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise from the left in image coordinates
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def _sheet_masks(small: np.ndarray) -> list[np.ndarray]:
    """Candidate foreground masks of a paper sheet: bright-and-unsaturated, and edges."""
    masks = []
    grey = to_grey(small)
    if small.ndim == 3:
        hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
        whiteness = cv2.subtract(hsv[:, :, 2], hsv[:, :, 1])
    else:
        whiteness = grey
    k = max(3, (min(small.shape[:2]) // 60) | 1)
    close = cv2.getStructuringElement(cv2.MORPH_RECT, (k * 3, k * 3))
    for channel in (whiteness, grey):
        blurred = cv2.GaussianBlur(channel, (k, k), 0)
        _, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, close)
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
        masks.append(mask)
    edges = cv2.Canny(cv2.GaussianBlur(grey, (5, 5), 0), 40, 120)
    edges = cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)), iterations=2)
    filled = np.zeros_like(edges)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)
    filled = cv2.erode(filled, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)), iterations=2)
    masks.append(filled)
    return masks


def _quad_from_contour(contour: np.ndarray) -> np.ndarray | None:
    """Four corners approximating a contour's convex hull, or None if it is not quad-like."""
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float32)
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


def detect_sheet(image: np.ndarray) -> tuple[np.ndarray | None, dict]:
    """Corners (full-resolution, TL/TR/BR/BL) of the paper sheet in a photo, or None for a
    flat scan; plus the evidence used. A sheet counts only if it is a convex quad covering
    15–92 % of the image, filled by its outline, and clearly brighter than its surroundings."""
    small, scale = shrink(image, WORK_SIDE)
    grey = to_grey(small)
    area_img = grey.shape[0] * grey.shape[1]
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    evidence: dict = {"candidates": 0}
    for mask in _sheet_masks(small):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
            quad = _quad_from_contour(contour)
            if quad is None or not cv2.isContourConvex(quad.reshape(-1, 1, 2)):
                continue
            quad_area = cv2.contourArea(quad)
            fraction = quad_area / area_img
            fill = cv2.contourArea(contour) / max(quad_area, 1.0)
            if not 0.15 <= fraction <= 0.92 or fill < 0.85:
                continue
            inside = np.zeros_like(grey)
            cv2.fillConvexPoly(inside, quad.astype(np.int32), 255)
            contrast = float(cv2.mean(grey, inside)[0] - cv2.mean(grey, cv2.bitwise_not(inside))[0])
            evidence["candidates"] += 1
            if contrast < 25:
                continue
            score = fraction * fill
            if best is None or score > best[0]:
                best = (score, quad, contour)
                evidence.update(area_fraction=round(fraction, 3), fill=round(fill, 3), contrast=round(contrast, 1))
    if best is None:
        return None, evidence
    corners = _refine_corners(best[2], best[1]) / scale
    return order_corners(corners), evidence


def find_sheet(page: Page) -> Page:
    """Find the paper in a photo and warp it flat (perspective transform); leave flat
    scans alone. The decision rests on evidence (quad size, fill and contrast against
    the surroundings), not on the file type."""
    started = time.perf_counter()
    corners, evidence = detect_sheet(page.image)
    if corners is None:
        return page.evolve(StageRecord("find_sheet", elapsed_ms(started), {"flattened": False, **evidence}))
    tl, tr, br, bl = corners
    width = int(round(max(np.hypot(*(tr - tl)), np.hypot(*(br - bl)))))
    height = int(round(max(np.hypot(*(bl - tl)), np.hypot(*(br - tr)))))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(page.image, matrix, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
    dpi = int(np.clip(round(min(width, height) / A4_WIDTH_INCH), 100, 600))
    details = {"flattened": True, "corners": [[round(float(x), 1), round(float(y), 1)] for x, y in corners],
               "size": [width, height], **evidence}
    return page.evolve(StageRecord("find_sheet", elapsed_ms(started), details), image=flat, flattened=True, dpi=dpi)
