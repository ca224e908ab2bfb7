"""The Dasbor numbers and charts over the generated archive."""
import xml.etree.ElementTree as ET

import pytest

from archive import db
from archive.dashboard import dashboard
from archive.settings import load_settings
from tests.archive.test_activities_world import PARTNERS, build_world


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    settings = load_settings(home=tmp_path_factory.mktemp("dash"), environ={})
    settings.ensure_dirs()
    world = build_world(settings)
    yield dashboard(settings), world
    db.close_db(settings)


def test_numbers(board):
    result, world = board
    data = result.data
    assert data.documents_total == len(world.docs)
    assert data.documents_needing_review == sum(1 for d in world.docs.values() if d.get("needs_review"))
    assert data.activity_count == len(PARTNERS) + 1
    assert data.activities_by_kecamatan_year["Batumandi"] == {"2023": 1, "2024": 1}
    assert sum(sum(v.values()) for v in data.activities_by_kecamatan_year.values()) == data.activity_count
    assert [s for s, *_ in data.step_completion] == [1, 2, 3, 4, 5, 6]
    # the planted MoU problems make step 2 the least complete
    assert min(data.step_completion, key=lambda s: s[2])[0] == 2


def test_charts_are_svg_with_indonesian_labels(board):
    result, _ = board
    assert set(result.charts) == {"activities", "steps", "months", "review"}
    for svg in result.charts.values():
        ET.fromstring(svg)  # well-formed
        assert svg.startswith("<svg")
    assert "Kegiatan per kecamatan dan tahun" in result.charts["activities"]
    assert "Batumandi" in result.charts["activities"]
    assert "Kelengkapan per tahap SOP" in result.charts["steps"]
    assert "Perlu ditinjau" in result.charts["review"]
