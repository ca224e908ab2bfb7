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

The stages live in modules named for what they hold: ``streaks`` (a fax's lost scan lines,
on the file's rows), ``resolution``, ``sheet``,
``orientation``, ``skew``, ``dewarp`` (geometry); ``light``, ``stamps`` (photometry);
``marks``, ``tables`` (marks and rules); ``raster`` and ``ink`` hold what they share.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from . import dewarp, light, marks, orientation, resolution, sheet, skew, stamps, streaks, tables
from .model import Page
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


CLEANUP: tuple[Stage, ...] = (
    Stage("mend_streaks", _without_options(streaks.mend_streaks)),  # on the file's own rows, before any geometry
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
)

LOAD = "load"  # load.load_page, before the cleanup stages
# ocr.read_page on the cleaned page, quality.keep_better, cells.read_cells, cells.read_lost (lone pieces
# outside the grids), then fieldread.reread_fields (the number row read again when extraction is unsure)
READING = ("ocr", "quality_gate", "read_cells", "read_lost", "fieldread")

CLEANUP_NAMES: tuple[str, ...] = tuple(stage.name for stage in CLEANUP)
# What a page's records name, in order (writing the page image adds "write_page").
PAGE_STAGES: tuple[str, ...] = (LOAD,) + CLEANUP_NAMES + READING

__all__ = ["Stage", "CLEANUP", "CLEANUP_NAMES", "PAGE_STAGES", "LOAD", "READING", "UPRIGHT", "GEOMETRY"]
