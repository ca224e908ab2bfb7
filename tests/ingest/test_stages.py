"""The stage order, written once in ``ingest/stages.py``: pinned here, and every stage called
the way the pipeline calls it appends the record its entry names."""
from __future__ import annotations

from ingest import stages
from ingest.model import Page
from ingest.options import IngestOptions

ORDER = ("mend_streaks", "normalise_resolution", "find_sheet", "fix_orientation", "deskew", "dewarp", "even_out_light",
         "remove_stamps", "remove_borders", "find_tables", "remove_marks")


def test_cleanup_order_is_geometry_then_photometry_then_marks():
    assert stages.CLEANUP_NAMES == ORDER
    assert stages.PAGE_STAGES == ("load",) + ORDER + ("ocr", "quality_gate", "read_cells", "read_lost", "fieldread")
    kept = {stage.keep_as: stage.name for stage in stages.CLEANUP if stage.keep_as}
    assert kept == {stages.UPRIGHT: "fix_orientation", stages.GEOMETRY: "dewarp"}


def test_each_stage_records_its_own_name(clean_page):
    page = Page(1, clean_page, dpi=150)
    options = IngestOptions(workers=1, remove_stamps=False)
    for stage in stages.CLEANUP:
        before = len(page.steps)
        page = stage.run(page, options)
        assert len(page.steps) == before + 1 and page.steps[-1].stage == stage.name
    assert page.image.ndim == 2 and page.steps[stages.CLEANUP_NAMES.index("remove_stamps")].details == {"enabled": False}
