"""The page stages in pipeline order, written once, as data.

``pipeline.process_page`` runs ``CLEANUP`` over a loaded page in this order, ``burt ocr
--debug-dir`` names its images after it, and the benchmarks (bench/ocr_quality.py,
bench/stage_timing.py, bench/cleanup_timing.py, bench/mark_stage_timing.py) time and sum the
stages it names; reordering, adding or dropping a stage is an edit here only.

Geometry comes first, so the colour image kept for the searchable PDF has the geometry the
word boxes refer to; photometry and mark removal after. Every stage is called as
``run(page, options)``, returns a new ``Page`` and appends one ``StageRecord`` named
``name``. Two pages are kept for later (``keep_as``): the page turned upright but not yet
deskewed (``UPRIGHT``) and the page after the geometric stages (``GEOMETRY``), which the
searchable PDF shows and the quality gate reads again when the cleaned reading is unsure.
Analysis runs on reduced copies (``raster.make_preview``, ``ink.half_size_ink``); only the
final warp or rotation of a stage touches the page at full resolution.

The stages live in modules named for what they hold: ``resolution``, ``sheet``,
``orientation``, ``skew``, ``dewarp`` (geometry); ``light``, ``stamps`` (photometry);
``marks``, ``tables`` (marks and rules); ``raster`` and ``ink`` hold what they share.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, replace
from typing import Any, Callable

from . import dewarp, light, marks, orientation, resolution, sheet, skew, stamps, tables
from .model import Page, StageRecord, elapsed_ms
from .options import IngestOptions

UPRIGHT = "upright"
GEOMETRY = "geometry"


@dataclass(frozen=True)
class Stage:
    """One page stage: the name its ``StageRecord`` carries, how to call it, and the name
    under which the pipeline keeps the page it returns (None: not kept)."""

    name: str
    run: Callable[[Page, IngestOptions], Page]
    keep_as: str | None = None


def _without_options(stage: Callable[[Page], Page]) -> Callable[[Page, IngestOptions], Page]:
    """A stage that needs only the page, called like the others."""

    @functools.wraps(stage)
    def run(page: Page, options: IngestOptions) -> Page:
        return stage(page)

    return run


def _remove_stamps(page: Page, options: IngestOptions) -> Page:
    return stamps.remove_stamps(page, options.remove_stamps)


def _scaled(value: Any, f: float) -> Any:
    """Every number in ``value`` (a number, or lists of them) times ``f``, rounded as it was typed."""
    if isinstance(value, list | tuple):
        return [_scaled(v, f) for v in value]
    return int(round(value * f)) if isinstance(value, int) else round(value * f, 1)


# The page coordinates the cleanup stages record (and the reading uses): scaled with the page.
_LENGTHS = {"find_tables": ("boxes", "cut_commas", "tables"), "remove_marks": ("places", "text_height"),
            "find_sheet": ("corners",)}
_AREAS = {"find_tables": ("cell_ink",), "remove_marks": ("kept_on_lines_px",)}


def _scaled_record(step: StageRecord, f: float) -> StageRecord:
    details = dict(step.details)
    for key in _LENGTHS.get(step.stage, ()):
        if key in details:
            details[key] = _scaled(details[key], f)
    for key in _AREAS.get(step.stage, ()):
        if key in details:
            details[key] = _scaled(details[key], f * f)
    if step.stage == "find_tables" and "cells" in details:  # [table, x0, y0, x1, y1]
        details["cells"] = [[c[0], *_scaled(list(c[1:]), f)] for c in details["cells"]]
    return replace(step, details=details)


def reading_size(page: Page) -> Page:
    """The cleaned page enlarged to the size it is read at, when ``normalise_resolution`` left that for
    after the cleanup (a PDF page rendered at its scan's own resolution, ``load._working_dpi``): the
    cleanup stages ran on (1 / factor)^2 of the pixels. The coordinates their records hold are scaled
    with it."""
    started = time.perf_counter()
    factor = resolution.later_factor(page.steps)
    if factor <= 1.0:
        return page.evolve(StageRecord("reading_size", elapsed_ms(started), {"factor": 1.0}))
    h, w = page.image.shape[:2]
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    image = resolution.enlarged(page.image, size, factor)
    steps = tuple(_scaled_record(step, size[0] / w) for step in page.steps)
    record = StageRecord("reading_size", elapsed_ms(started), {"factor": factor, "size": [size[0], size[1]]})
    return replace(page, steps=steps).evolve(record, image=image, dpi=round(page.dpi * factor))


def like_read(kept: Page, cleaned: Page) -> Page:
    """A page kept during the cleanup (``UPRIGHT``, ``GEOMETRY``) at the size and resolution ``cleaned``
    is read at (``reading_size``); unchanged when the cleanup ran at that size."""
    h, w = cleaned.image.shape[:2]
    if kept.image.shape[:2] == (h, w):
        return kept
    factor = resolution.later_factor(kept.steps)
    return kept.evolve(image=resolution.enlarged(kept.image, (w, h), factor), dpi=cleaned.dpi)


CLEANUP: tuple[Stage, ...] = (
    Stage("normalise_resolution", _without_options(resolution.normalise_resolution)),
    Stage("find_sheet", _without_options(sheet.find_sheet)),
    Stage("fix_orientation", orientation.fix_orientation, keep_as=UPRIGHT),
    Stage("deskew", _without_options(skew.deskew)),
    Stage("dewarp", _without_options(dewarp.dewarp), keep_as=GEOMETRY),
    Stage("even_out_light", _without_options(light.even_out_light)),
    Stage("remove_stamps", _remove_stamps),
    Stage("remove_borders", _without_options(marks.remove_borders)),
    Stage("find_tables", _without_options(tables.find_tables)),
    Stage("remove_marks", _without_options(marks.remove_marks)),
    Stage("reading_size", _without_options(reading_size)),
)

LOAD = "load"  # load.load_page, before the cleanup stages
# ocr.read_page on the cleaned page, quality.keep_better, cells.read_cells, cells.read_lost (lone pieces
# outside the grids), then fieldread.reread_fields (the number row read again when extraction is unsure)
READING = ("ocr", "quality_gate", "read_cells", "read_lost", "fieldread")

CLEANUP_NAMES: tuple[str, ...] = tuple(stage.name for stage in CLEANUP)
# What a page's records name, in order (writing the page image adds "write_page").
PAGE_STAGES: tuple[str, ...] = (LOAD,) + CLEANUP_NAMES + READING

__all__ = ["Stage", "CLEANUP", "reading_size", "like_read", "CLEANUP_NAMES", "PAGE_STAGES", "LOAD", "READING", "UPRIGHT", "GEOMETRY"]
