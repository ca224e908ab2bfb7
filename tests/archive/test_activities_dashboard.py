"""The Dasbor numbers over the generated archive (months by LETTER date, the undated ones apart)
and the printed report's charts (matplotlib SVG and PDF)."""
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from archive import db
from archive.dashboard import MAX_FILLED_MONTHS, _fill_months, dashboard, letter_month, render_pdf
from archive.settings import load_settings
from tests.archive.test_activities_world import PARTNERS, add_document, build_world

UNDATED = ("0000000f0001", "0000000f0002")  # no tanggal at all; a tanggal that is no date


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    settings = load_settings(home=tmp_path_factory.mktemp("dash"), environ={})
    settings.ensure_dirs()
    world = build_world(settings)
    with db.session_scope(settings) as session:
        for doc_id in UNDATED:  # uploaded in 2021: an upload month must count nowhere
            add_document(session, doc_id, "surat_balasan", tanggal=None, created_at="2021-01-05T08:00:00+00:00")
        session.flush()
        session.get(db.FieldRow, (UNDATED[1], "tanggal")).value = "tanggal tidak terbaca"
    yield dashboard(settings), world, settings
    db.close_db(settings)


def test_numbers(board):
    result, world, _ = board
    data = result.data
    assert data.documents_total == len(world.docs) + len(UNDATED)
    assert data.documents_needing_review == sum(1 for d in world.docs.values() if d.get("needs_review"))
    assert data.activity_count == len(PARTNERS) + 1
    assert data.activities_by_kecamatan_year["Batumandi"] == {"2023": 1, "2024": 1}
    assert sum(sum(v.values()) for v in data.activities_by_kecamatan_year.values()) == data.activity_count
    assert [s for s, *_ in data.step_completion] == [1, 2, 3, 4, 5, 6]
    # the planted MoU problems make step 2 the least complete
    assert min(data.step_completion, key=lambda s: s[2])[0] == 2


def test_months_count_by_letter_date_with_the_undated_apart(board):
    result, world, _ = board
    data = result.data
    letters = Counter(d["tanggal"].isoformat()[:7] for d in world.docs.values())
    assert len(letters) >= 4  # the generated letters span months of 2023 and 2024
    assert {m: n for m, n in data.documents_by_month.items() if n} == dict(letters)
    assert sum(data.documents_by_month.values()) == len(world.docs)
    assert data.documents_undated == len(UNDATED)
    assert "2021-01" not in data.documents_by_month  # the undated documents' upload month
    assert db.now_iso()[:7] not in letters and db.now_iso()[:7] not in data.documents_by_month  # nor today's
    months = list(data.documents_by_month)
    assert months == sorted(months) and months[0] == min(letters) and months[-1] == max(letters)
    assert data.documents_by_month["2023-08"] == 0  # an empty month between the two years keeps its place
    assert data.to_json()["documents_undated"] == len(UNDATED)


def test_letter_month_reads_like_the_search():
    assert letter_month("2024-04-22") == "2024-04"
    assert letter_month("2024-04-22T10:00:00") == "2024-04"
    assert letter_month(" 2024-02-29 ") == "2024-02"
    for no_date in (None, "", "22 April 2024", "2023-02-29", "tanggal"):
        assert letter_month(no_date) is None, no_date


def test_empty_months_are_filled_only_over_a_short_span():
    assert _fill_months(Counter({"2023-11": 2, "2024-02": 1})) == {"2023-11": 2, "2023-12": 0, "2024-01": 0,
                                                                    "2024-02": 1}
    stray = Counter({"1924-03": 1, "2024-03": 5})  # a misread year: no century of empty bars
    assert _fill_months(stray) == {"1924-03": 1, "2024-03": 5}
    assert len(_fill_months(Counter({"2020-01": 1, "2024-12": 1}))) == MAX_FILLED_MONTHS
    assert _fill_months(Counter()) == {}


def test_the_page_path_draws_nothing_server_side(board):
    _, _, settings = board
    assert dashboard(settings).charts == {}


def test_printed_charts_are_svg_and_pdf_with_indonesian_labels(board):
    _, _, settings = board
    result = dashboard(settings, charts=True)
    assert set(result.charts) == {"activities", "steps", "months", "review"}
    for svg in result.charts.values():
        ET.fromstring(svg)  # well-formed
        assert svg.startswith("<svg")
    assert "Kegiatan per kecamatan dan tahun" in result.charts["activities"]
    assert "Batumandi" in result.charts["activities"]
    assert "Kelengkapan per tahap SOP" in result.charts["steps"]
    assert "Perlu ditinjau" in result.charts["review"]
    assert "Dokumen per bulan (tanggal surat)" in result.charts["months"]
    assert "Tanpa tanggal" in result.charts["months"]
    pdf = render_pdf(result.data, {"months_title": "Documents per month (letter date)"})
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 4
