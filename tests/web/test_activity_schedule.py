"""A schedule's dated entries as the expected dates of its activity (issue 15): a jadwal
pembinaan, read row by row when it is archived (real SQLite, OCR words laid out by hand through the
pipeline seam), shows its dates on the activity's page and in its JSON, in date order."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "archive"))

from fakes import FakePipeline  # noqa: E402
from test_table_data import grid_processor  # noqa: E402

from archive import service  # noqa: E402

HEADER = [(100, "No."), (250, "Hari, Tanggal"), (750, "Waktu"), (1050, "Tempat"), (1600, "Materi Pembinaan")]
ENTRIES = [[(110, "1"), (250, "Rabu, 15-05-2024"), (750, "13.30-15.00"), (1050, "SDN Lok Batu"),
            (1600, "Promosi gemar membaca")],
           [(110, "2"), (250, "Senin, 13-05-2024"), (750, "09.00-11.00"), (1050, "Balai Desa Halong"),
            (1600, "Layanan sirkulasi")]]


def test_the_dates_of_a_schedule_are_the_expected_dates_of_its_activity(settings, client_as, tmp_path):
    path = tmp_path / "jadwal.json"
    path.write_text(json.dumps({"pages": ["JADWAL PEMBINAAN PERPUSTAKAAN"], "doc_type": "jadwal_pembinaan",
                                "sop_step": 5, "grid": [[HEADER] + ENTRIES]}), encoding="utf-8")
    [out] = service.ingest_paths(settings, [path], processor=FakePipeline(grid_processor))
    act = service.create_activity(settings, "Desa Lok Batu", "2024", user="pelaksana")
    assert service.get_activity(settings, act.id).schedule == ()  # nothing linked yet
    service.link_document(settings, out.id, act.id, user="pelaksana")
    detail = service.get_activity(settings, act.id)
    assert [(e.tanggal, e.agenda) for e in detail.schedule] == [
        ("2024-05-13", "Layanan sirkulasi — Balai Desa Halong — 09.00-11.00"),
        ("2024-05-15", "Promosi gemar membaca — SDN Lok Batu — 13.30-15.00")]
    assert detail.to_json()["schedule"][0] == {"tanggal": "2024-05-13",
                                               "agenda": "Layanan sirkulasi — Balai Desa Halong — 09.00-11.00"}
    page = client_as("auditor").get(f"/kegiatan/{act.id}").get_data(as_text=True)
    section = page[page.index('id="activity-schedule"'):]
    assert section.index('datetime="2024-05-13"') < section.index('datetime="2024-05-15"')
    assert "Promosi gemar membaca" in section
