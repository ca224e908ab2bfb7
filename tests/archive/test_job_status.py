"""Regression: an upload job reported "done" while its document was committed but not yet
indexed, so a client that searched right after "done" could miss it (seen in CI)."""
import pytest

from archive.db import JobRow
from archive.jobs import to_record


def _row(status, stage):
    return JobRow(id="j1", filename="a.pdf", status=status, stage=stage, progress=0.9,
                  created_at="2026-01-01T00:00:00", updated_at="2026-01-01T00:00:00")


@pytest.mark.parametrize("status,stage,public", [
    ("done", "indexing", "running"),   # committed, index write still to come
    ("done", "done", "done"),
    ("done", "duplicate", "done"),
    ("running", "reading", "running"),
    ("failed", "failed", "failed"),
    ("queued", "queued", "queued"),
])
def test_done_only_once_indexed(status, stage, public):
    assert to_record(_row(status, stage)).status == public
