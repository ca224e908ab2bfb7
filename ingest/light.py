"""Light: even out shadows and gradients (``even_out_light``), dividing the page by its
estimated paper brightness; solid dark panels with light lettering are inverted first; on a
photographed sheet the shading of a fold's crease is divided out as well (``crease_shading``)."""
from __future__ import annotations

import time

import cv2
import numpy as np

from .components import components
from .model import Page, StageRecord, elapsed_ms
from .raster import shrink, to_grey
from .resolution import letter_height


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
    photographed sheet). A shadow over part of a photographed sheet passes those tests too;
    ``_is_panel`` tells it apart by its lettering and its edge."""
    small, scale = shrink(grey, max(grey.shape[:2]) // 4 or 1)
    sh, sw = small.shape
    paper = float(np.percentile(small, 90))
    threshold = min(150.0, 0.65 * paper)
    dark = (cv2.GaussianBlur(small, (3, 3), 0) < threshold).astype(np.uint8)
    k = max(3, (sw // 80) | 1)
    solid = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    count, labels, stats, _ = components(solid)
    keep = np.zeros(count, np.uint8)
    local: np.ndarray | None = None
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < 0.01 * sh * sw or w < 0.2 * sw or w * h > 0.5 * sh * sw or area < 0.6 * w * h:
            continue
        inside = small[y:y + h, x:x + w][labels[y:y + h, x:x + w] == i]
        light = float(np.count_nonzero(inside > 170)) / max(1, inside.size)
        if not 0.03 <= light <= 0.45:
            continue
        if local is None:  # the level around each pixel, wider than a letter's stroke
            local = cv2.medianBlur(small, 2 * k + 1)
        keep[i] = 255 if _is_panel(small, local, labels, i, (x, y, w, h), threshold, paper) else 0
    if not keep.any():
        return None
    mask = keep[labels]
    outlines, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(mask, outlines, -1, 255, thickness=cv2.FILLED)  # letters too big for the closing
    return cv2.resize(mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)


def _is_panel(small: np.ndarray, local: np.ndarray, labels: np.ndarray, label: int,
              box: tuple[int, int, int, int], threshold: float, paper: float) -> bool:
    """Whether dark area ``label`` of ``labels`` is a printed panel, not a shadow over the sheet.

    - its lettering is lighter than the panel: more of its pixels stand well above the level
      around them (white letters on the panel) than well below it (dark print on shadowed
      paper: a shadow darkens the paper, the ink stays darker still);
    - its edge is sharp: just outside its outline (1-3 pixels at quarter size) the page is
      back to most of the way from the darkness threshold to the paper. A shadow's edge is a
      gradient: the outline is where it crosses the threshold and the page beside it is barely
      lighter."""
    x, y, w, h = box
    area = labels[y:y + h, x:x + w] == label
    lift = small[y:y + h, x:x + w][area].astype(np.int16) - local[y:y + h, x:x + w][area].astype(np.int16)
    lighter, darker = np.count_nonzero(lift > 30), np.count_nonzero(lift < -30)
    if lighter < 2 * darker:
        return False
    pad = 4
    x0, y0, x1, y1 = max(0, x - pad), max(0, y - pad), min(small.shape[1], x + w + pad), min(small.shape[0], y + h + pad)
    mask = (labels[y0:y1, x0:x1] == label).astype(np.uint8)
    beside = cv2.dilate(mask, np.ones((7, 7), np.uint8)) - cv2.dilate(mask, np.ones((3, 3), np.uint8))
    near = small[y0:y1, x0:x1][beside > 0]
    if near.size == 0:  # the panel fills the page: no edge to judge
        return True
    return float(np.median(near)) - threshold >= 0.6 * (paper - threshold)


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


# A crease is where the sheet was folded: a straight, faint shading from edge to edge of the sheet.
CREASE_SPAN = 0.9  # of the page's length along it: a fold crosses the sheet edge to edge, printed lines stop at the margins
CREASE_FAINT = (0.04, 0.4)  # how much darker than the paper it is: beyond noise, short of printed ink
CREASE_THICK = 0.01  # of the page's width across it (2 mm of an A4 sheet), mean: a crease is a line, not a shadow's band
CREASE_INSIDE = 0.05  # of the page's width: a fold lies inside the sheet, not along its edge (edge shadows)


def crease_shading(grey: np.ndarray) -> np.ndarray | None:
    """Per pixel the paper's brightness under the shading of a fold's crease (float32, full size; the
    paper's own level elsewhere), or None when the page shows no crease.

    Found at full size on the evened page (halved, a printed rule one or two pixels wide would
    pale into a faint line): a closing along one axis, longer than a word and than the
    gap between text lines, keeps only the dark structures that run on along that axis (a crease,
    a printed rule, a page edge). A crease is one of them that crosses at least ``CREASE_SPAN`` of the
    page, is thin (``CREASE_THICK``), lies inside the sheet (``CREASE_INSIDE``) and is only faintly
    darker than the paper (``CREASE_FAINT``): a printed rule is as dark as ink. Letters crossing the
    crease are shaded by it as the paper is, so dividing by this level lifts both alike."""
    sh, sw = grey.shape
    paper = float(np.percentile(grey[::4, ::4], 90))
    if paper <= 0:
        return None
    length = max(3, (max(sh, sw) // 12) | 1)
    level = np.full(grey.shape, paper, np.float32)
    found = False
    for vertical in (True, False):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, length) if vertical else (length, 1))
        closed = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, kernel)
        depth = paper - closed.astype(np.float32)
        faint = ((depth > CREASE_FAINT[0] * paper) & (depth < CREASE_FAINT[1] * paper)).astype(np.uint8)
        count, labels, stats, _ = components(faint)
        along, across = (sh, sw) if vertical else (sw, sh)
        for i in range(1, count):
            x, y, w, h, area = (int(v) for v in stats[i])
            span, start, breadth = (h, x, w) if vertical else (w, y, h)
            centre = start + breadth / 2
            if (span < CREASE_SPAN * along or area > CREASE_THICK * across * span
                    or not CREASE_INSIDE * across <= centre <= (1 - CREASE_INSIDE) * across):
                continue
            # and a few pixels beside it, where the crease fades under the faint bound: no step at its rim
            line = cv2.dilate((labels == i).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
            level[line] = np.minimum(level[line], closed[line].astype(np.float32))
            found = True
    if not found:
        return None
    return level / paper


def _lift_creases(image: np.ndarray, shading: np.ndarray) -> np.ndarray:
    """``image`` divided by the crease's shading (``crease_shading``: 1.0 off the crease), only
    inside the box of what the crease shades."""
    ys, xs = np.nonzero(shading < 0.995)
    if len(ys) == 0:
        return image
    y0, y1, x0, x1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    level = np.clip(np.rint(shading[y0:y1, x0:x1] * 255), 1, 255).astype(np.uint8)
    if image.ndim == 3:
        level = cv2.merge([level] * image.shape[2])
    out = image.copy()
    out[y0:y1, x0:x1] = cv2.divide(image[y0:y1, x0:x1], level, scale=255)
    return out


# Print blurred into itself: a scan moved or out of focus, or a low-resolution scan rendered large, whose letters
# ran together into the marks of whole words. Tesseract, reading such a page, garbled its letters and dropped whole
# lines it took for noise (a 141 dpi flatbed letter with motion blur, held_out_4701 doc0042: two body lines and the
# closing lost, 23.9 % page CER; bench/README.md, lowres39). An unsharp mask a little wider than the blur gives the
# strokes back their edges. It is applied only where the letters are seen to run together, and not on a
# photographed sheet (``Page.flattened``: of six messenger and phone photos of held_out_4701 sharpened so, four read
# worse and one lost its number), nor on a 72 ppi scan rendered by repeating its pixels (blocky, not blurred: a real
# one read 16.9 -> 12.1 % CER sharpened, but with 15 more words not printed, word F1 0.89 -> 0.82). The pipeline
# reads a sharpened page both ways and keeps the sharpened reading only where it reads better
# (``quality.sharpened_reads_better``): a 96 dpi agenda scan read 6.4 -> 8.0 % sharpened.
RUN_TOGETHER = 0.75  # share of the line-high ink in marks wider than a letter (a sharp page: 0.0-0.5)
_LINE_HIGH = (0.5, 1.6)  # letter heights: the marks that stand on a text line (not rules, not dust, not grids)
_WIDER_THAN = 1.5  # letter heights: a mark this wide holds several letters run together
_WORD_AT_MOST = 40.0  # letter heights: wider, a mark is a rule or a frame, not letters
_RUN_MIN_MARKS = 30  # fewer line-high marks: too little print to judge
SHARPEN_SIGMA = 0.15  # of the letter height: the width of the blur the unsharp mask takes off
SHARPEN_AMOUNT = 1.0


def letters_run_together(grey: np.ndarray, letter_px: float) -> float:
    """How far the page's letters have run together: of the ink in marks as high as a text line (Otsu's ink;
    ``_LINE_HIGH`` of ``letter_px``), the share in marks wider than ``_WIDER_THAN`` letter heights (0.0 when the page
    holds too few such marks to judge). Sharp print stands in marks of one letter each (a kop's bold capitals and
    italics join a few); blurred print in marks of whole words."""
    if letter_px <= 0:
        return 0.0
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, _, stats, _ = components(ink)
    h, w, area = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_AREA]
    line = (h >= _LINE_HIGH[0] * letter_px) & (h <= _LINE_HIGH[1] * letter_px) & (w <= _WORD_AT_MOST * letter_px)
    if np.count_nonzero(line) < _RUN_MIN_MARKS:
        return 0.0
    wide = line & (w > _WIDER_THAN * letter_px)
    return float(area[wide].sum()) / max(1.0, float(area[line].sum()))


def _page_letter_px(page: Page, grey: np.ndarray) -> float:
    """The page's letter height: ``normalise_resolution``'s measure (times its factor), else measured here."""
    for step in reversed(page.steps):
        if step.stage == "normalise_resolution" and step.details.get("letter_px"):
            return float(step.details["letter_px"]) * float(step.details.get("factor", 1.0))
    return letter_height(grey)


def sharpen_blurred_print(image: np.ndarray, letter_px: float) -> np.ndarray:
    """``image`` with an unsharp mask of ``SHARPEN_SIGMA`` letter heights (at least a pixel), ``SHARPEN_AMOUNT``."""
    soft = cv2.GaussianBlur(image, (0, 0), max(1.0, SHARPEN_SIGMA * letter_px))
    return cv2.addWeighted(image, 1.0 + SHARPEN_AMOUNT, soft, -SHARPEN_AMOUNT, 0)


def _pixel_replicated(page: Page) -> bool:
    """Whether the load found the page rendered from a low-resolution image by repeating its pixels
    (``resolution.replication_factor``): blocky, not blurred."""
    return any(step.stage == "load" and step.details.get("replicated") for step in page.steps)


def sharpened(page: Page) -> bool:
    """Whether ``even_out_light`` sharpened the page's blurred print."""
    return any(step.stage == "even_out_light" and step.details.get("sharpened") for step in page.steps)


def even_out_light(page: Page, sharpen: bool = True) -> Page:
    """Remove shadows and gradients: divide each channel by its estimated background. Dark
    panels with light lettering (``dark_panels``) are inverted first, so their letters stay. Print
    blurred until its letters run together (``letters_run_together``) is sharpened
    (``sharpen_blurred_print``) unless ``sharpen`` is False, and never on a photographed sheet or a
    pixel-replicated render."""
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
    details = {"background_std": round(float(np.mean(spread)), 1), "inverted_panels": panels is not None}
    shading = crease_shading(to_grey(evened)) if page.flattened else None
    if shading is not None:  # a photographed sheet's fold: its crease read as a column rule by Tesseract
        evened = _lift_creases(evened, shading)
        details["crease_lifted"] = True
    if not page.flattened and not _pixel_replicated(page):
        grey = to_grey(evened)
        letter = _page_letter_px(page, grey)
        joined = letters_run_together(grey, letter)
        details["run_together"] = round(joined, 2)
        if sharpen and joined >= RUN_TOGETHER:  # blurred print: its strokes' edges given back
            evened = sharpen_blurred_print(evened, letter)
            details["sharpened"] = True
    return page.evolve(StageRecord("even_out_light", elapsed_ms(started), details), image=evened)
