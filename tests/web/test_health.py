"""The health check (issue 16): ``GET /api/health``, ``burt health --json``, the runner's heartbeat,
and the queue in ``GET /api/jobs`` / ``burt jobs --json``. Real SQLite, Whoosh, Tesseract, pdftoppm."""
from __future__ import annotations

import io
import json
import os
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner
from web_helpers import login, make_settings

from archive import service
from web.app import create_app
from web.cli import main

PARTS = {"database", "index", "runner", "disk", "tools"}


@pytest.fixture(scope="module")
def roomy(settings):
    """The module's archive with a warning threshold every test disk passes (the disk has its own test)."""
    return replace(settings, disk_warn_mb=1)


@pytest.fixture(scope="module")
def health_app(roomy, letter_doc):
    return create_app(roomy, config={"TESTING": True, "BURT_JOB_RUNNER": False})


def _admin(app):
    c = app.test_client()
    assert login(c, "admin").status_code == 302
    return c


def test_liveness_for_anyone_has_no_details(health_app):
    resp = health_app.test_client().get("/api/health")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok"}


def test_non_admin_gets_the_status_only(health_app):
    c = health_app.test_client()
    assert login(c, "pelaksana").status_code == 302
    assert c.get("/api/health").get_json() == {"status": "ok"}


def test_admin_gets_every_part_and_no_secrets(health_app, roomy, tokens):
    resp = _admin(health_app).get("/api/health")
    body = resp.get_json()
    assert resp.status_code == 200 and body["status"] == "ok", body
    assert set(body["parts"]) == PARTS
    for name, part in body["parts"].items():
        assert part["status"] == "ok", (name, part)
        assert " / " in part["message"]  # Indonesian / English
    db = body["parts"]["database"]
    assert db["backend"] == "sqlite" and db["schema_at_heads"] is True and db["revisions"] == db["heads"]
    index = body["parts"]["index"]
    assert index["documents_in_index"] == index["documents_in_database"] == 1
    versions = body["parts"]["tools"]["versions"]
    assert versions["tesseract"].startswith("tesseract ") and "pdftoppm" in versions["pdftoppm"]
    assert body["parts"]["disk"]["free_mb"] > 0
    text = resp.get_data(as_text=True)
    assert str(roomy.home) not in text and "sqlite:" not in text and (not roomy.secret_key or roomy.secret_key not in text)
    by_token = health_app.test_client().get("/api/health", headers={"Authorization": f"Token {tokens['admin']}"})
    assert set(by_token.get_json()["parts"]) == PARTS


def test_index_directory_removed_is_503(health_app, roomy):
    aside = roomy.index_dir.with_name("index-aside")
    os.replace(roomy.index_dir, aside)
    try:
        anon = health_app.test_client().get("/api/health")
        assert anon.status_code == 503 and anon.get_json() == {"status": "down"}
        body = _admin(health_app).get("/api/health").get_json()
        index = body["parts"]["index"]
        assert index["status"] == "down" and "burt reindex" in index["message"]
        assert index["documents_in_index"] is None and index["documents_in_database"] == 1
        assert body["parts"]["database"]["status"] == "ok"  # one part down does not hide the others
    finally:
        shutil.rmtree(roomy.index_dir, ignore_errors=True)
        os.replace(aside, roomy.index_dir)
    assert health_app.test_client().get("/api/health").status_code == 200


def test_tesseract_missing_from_path_is_503(health_app, monkeypatch, tmp_path):
    only = tmp_path / "bin"
    only.mkdir()
    os.symlink(shutil.which("pdftoppm"), only / "pdftoppm")
    monkeypatch.setenv("PATH", str(only))
    resp = _admin(health_app).get("/api/health")
    tools = resp.get_json()["parts"]["tools"]
    assert resp.status_code == 503 and tools["status"] == "down"
    assert "tesseract" in tools["message"] and tools["versions"]["tesseract"] is None
    assert tools["versions"]["pdftoppm"]


def test_disk_warns_then_fails_by_the_threshold(roomy):
    free = service.health(roomy).to_json()["parts"]["disk"]["free_mb"]
    warn = service.health(replace(roomy, disk_warn_mb=free * 2))
    assert warn.to_json()["parts"]["disk"]["status"] == "warning" and warn.status == "warning"
    down = service.health(replace(roomy, disk_warn_mb=free * 20 + 10))
    assert down.to_json()["parts"]["disk"]["status"] == "down" and down.status == "down"
    assert "MB" in down.to_json()["parts"]["disk"]["message"]


def test_burt_health_json_shape_and_exit_codes(roomy, monkeypatch, tmp_path):
    runner = CliRunner()
    env = {"BURT_DISK_WARN_MB": "1"}
    ok = runner.invoke(main, ["--home", str(roomy.home), "health", "--json"], env=env)
    assert ok.exit_code == 0, ok.output
    body = json.loads(ok.output)
    assert set(body) == {"status", "checked_at", "parts"} and body["status"] == "ok"
    assert set(body["parts"]) == PARTS
    assert all({"status", "message"} <= set(p) for p in body["parts"].values())
    text = runner.invoke(main, ["--home", str(roomy.home), "health"], env=env)
    assert text.exit_code == 0 and "index" in text.output and "baik / ok" in text.output
    empty = tmp_path / "bin"
    empty.mkdir()
    down = runner.invoke(main, ["--home", str(roomy.home), "health", "--json"], env={**env, "PATH": str(empty)})
    assert down.exit_code == 1 and json.loads(down.output)["parts"]["tools"]["status"] == "down"


def test_runner_heartbeat_and_queue(tmp_path):
    """A fresh archive: a real runner beats at once; stopped, its beat goes; a due job with no runner
    is down. Queue figures in GET /api/jobs and burt jobs --json."""
    s = replace(make_settings(tmp_path / "home"), disk_warn_mb=1)
    service.add_user(s, "admin", "admin", password="rahasia-panjang-sekali")
    assert service.health(s).status == "ok"  # empty archive, no runner, nothing waiting
    app = create_app(s, config={"TESTING": True, "BURT_JOB_RUNNER": True})
    runner = app.extensions["burt"]["jobs"]
    try:
        beats = list((s.home / "run").glob("runner-*.json"))
        assert len(beats) == 1
        c = app.test_client()
        assert login(c, "admin", "rahasia-panjang-sekali").status_code == 302
        part = c.get("/api/health").get_json()["parts"]["runner"]
        assert part["status"] == "ok" and part["runners"][0]["fresh"] is True and part["last_beat_at"]
        jobs = c.get("/api/jobs").get_json()
        assert jobs["jobs"] == [] and jobs["queue"] == {"queued": 0, "due": 0, "waiting_retry": 0,
                                                        "needs_attention": 0, "running": [], "workers": [],
                                                        "broker": None}
    finally:
        runner.stop()
    assert not list((s.home / "run").glob("runner-*.json"))  # a clean stop removes the beat
    down = service.health(s, expect_runner=True).to_json()["parts"]["runner"]
    assert down["status"] == "down" and "burt serve" in down["message"]

    job = service.submit_upload(s, "surat.pdf", io.BytesIO(b"%PDF-1.4 not really"), user="admin")
    report = service.health(s).to_json()
    assert report["status"] == "down" and report["parts"]["runner"]["queue"]["due"] == 1
    assert "1" in report["parts"]["runner"]["message"]
    listed = CliRunner().invoke(main, ["--home", str(s.home), "jobs", "--json"])
    body = json.loads(listed.output)
    assert body["queue"]["due"] == 1 and body["jobs"][0]["id"] == job.id
    text = CliRunner().invoke(main, ["--home", str(s.home), "jobs"]).output.splitlines()
    assert text[-1].startswith("antrean / queue: 1 menunggu / due")


def test_a_silent_runner_is_stale(tmp_path):
    """A beat older than 30 s (a hung process) is not fresh; an expected runner is then down."""
    s = replace(make_settings(tmp_path / "home"), disk_warn_mb=1)
    service.runner_heartbeat(s, started_at="2026-01-01T00:00:00+00:00", loop_at=None, alive=True)
    [path] = (s.home / "run").glob("runner-*.json")
    beat = json.loads(path.read_text())
    beat["beat_at"] = "2026-01-01T00:00:00+00:00"
    path.write_text(json.dumps(beat))
    part = service.health(s, expect_runner=True).to_json()["parts"]["runner"]
    assert part["status"] == "down" and part["runners"][0]["fresh"] is False and part["runners"][0]["age_s"] > 30
    service.runner_stopped(s)
    assert not list((s.home / "run").glob("runner-*.json"))
