"""``burt audit`` over the generated activities: the JSON contract, one activity, --strict."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.archive.test_activities_world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def burt(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURT_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "web.cli", "--home", str(home), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def world_home(tmp_path_factory):
    from archive import db
    from archive.settings import load_settings

    home = tmp_path_factory.mktemp("cli-world")
    settings = load_settings(home=home, environ={})
    world = build_world(settings)
    db.close_db(settings)
    return home, world


def test_audit_json_reports_the_planted_problems(world_home):
    home, world = world_home
    done = burt(home, "audit", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    rules = {f["rule"] for a in data["activities"] for s in a["steps"] for f in s["findings"]}
    assert rules == {rule for _, _, rule, _ in world.expected}  # mislink is planted by hand in the web test
    assert len(data["activities"]) == 9


def test_strict_fails_on_findings_and_passes_a_clean_activity(world_home):
    home, _ = world_home
    assert burt(home, "audit", "--strict").returncode == 1
    data = json.loads(burt(home, "audit", "--json").stdout)
    clean = next(a for a in data["activities"] if all(not s["findings"] for s in a["steps"]))
    one = burt(home, "audit", "--activity", str(clean["id"]), "--json", "--strict")
    assert one.returncode == 0, one.stderr
    assert [a["id"] for a in json.loads(one.stdout)["activities"]] == [clean["id"]]
    missing = burt(home, "audit", "--activity", "9999")
    assert missing.returncode == 2 and "Kegiatan #9999 tidak ditemukan" in (missing.stdout + missing.stderr)


def test_audit_filters_and_export_for_auditors(world_home, tmp_path):
    """`burt audit` takes the audit page's filters; `--export` writes the same file as the page's
    download link (issue 18)."""
    import csv
    import io
    import re

    home, _ = world_home
    everything = json.loads(burt(home, "audit", "--json").stdout)["activities"]
    done = burt(home, "audit", "--json", "--partner", "DESA", "--year", "2024", "--result", "temuan")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    kept = {a["id"] for a in data["activities"]}
    assert kept and kept < {a["id"] for a in everything}
    assert all("desa" in a["partner"].lower() and a["period"].startswith("2024")
               and any(s["findings"] for s in a["steps"]) for a in data["activities"])
    assert set(data) == {"activities", "unlinked"} and data["unlinked"] == []
    clean = burt(home, "audit", "--result", "bersih", "--strict")
    assert clean.returncode == 0, clean.stdout + clean.stderr  # only activities without findings

    target = tmp_path / "audit.csv"
    out = burt(home, "audit", "--export", "csv-id", "--partner", "DESA", "--year", "2024", "--result", "temuan",
               "--out", str(target))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(target)
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert {int(r["kegiatan"]) for r in rows} == kept
    assert all(re.fullmatch(r"[\d,]+", r["kelengkapan_bukti_persen"]) for r in rows)
    assert not any(re.search(r"\b[0-9a-f]{12}\b", r["dokumen"]) for r in rows)

    pdf = burt(home, "audit", "--export", "pdf", "--activity", str(min(kept)), "--out", str(tmp_path / "a.pdf"))
    assert pdf.returncode == 0, pdf.stderr
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    bad = burt(home, "audit", "--export", "pdf", "--year", "dua ribu")
    assert bad.returncode == 2 and "--year" in bad.stderr
