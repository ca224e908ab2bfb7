"""The application factory: importing ``web`` touches nothing; ``create_app()`` reads the
settings itself; blueprints and the one error handler are in place."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_web_touches_no_disk(tmp_path):
    home = tmp_path / "tidak-ada"
    code = "import web, web.api, web.documents, web.search, web.upload, web.admin, web.auth"
    env = {"BURT_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True, timeout=60)
    assert not home.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_create_app_without_settings_reads_the_environment(tmp_path, monkeypatch):
    from web.app import create_app

    monkeypatch.setenv("BURT_HOME", str(tmp_path / "rumah"))
    monkeypatch.setenv("BURT_MAX_UPLOAD_MB", "7")
    app = create_app(config={"BURT_JOB_RUNNER": False})
    settings = app.extensions["burt"]["settings"]
    assert settings.home == (tmp_path / "rumah").resolve()
    assert app.config["MAX_CONTENT_LENGTH"] == 7 * 1024 * 1024
    assert "jobs" not in app.extensions["burt"]


def test_blueprints_registered(app):
    assert {"auth", "search", "documents", "upload", "admin", "api"} <= set(app.blueprints)
