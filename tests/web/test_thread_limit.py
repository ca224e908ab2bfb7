"""The entry points set Tesseract's thread limit once per process (ingest never touches the
environment): the app factory and the ``burt`` command; an operator's own value is kept."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from web import create_app

ROOT = Path(__file__).resolve().parents[2]


def test_app_factory_sets_the_thread_limit_once(settings, monkeypatch):
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})
    assert os.environ["OMP_THREAD_LIMIT"] == "1"
    monkeypatch.setenv("OMP_THREAD_LIMIT", "2")
    create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})
    assert os.environ["OMP_THREAD_LIMIT"] == "2"


def test_burt_command_sets_the_thread_limit(tmp_path):
    code = ("import os; from web.cli import main; main(['ocr', '--help'], standalone_mode=False); "
            "print('limit', os.environ.get('OMP_THREAD_LIMIT'))")
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=120, check=True)
    assert out.stdout.splitlines()[-1] == "limit 1"
    env["OMP_THREAD_LIMIT"] = "3"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=120, check=True)
    assert out.stdout.splitlines()[-1] == "limit 3"
